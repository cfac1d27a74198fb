// Server commands and command dispatch, replies compared with a real redis-server: INFO, CONFIG
// GET, COMMAND, unknown commands, and command names in any case.

#include <string>
#include <vector>

#include "support/differential.hpp"

namespace {

using kvtest::any_array;
using kvtest::any_integer;
using kvtest::command_info_head;
using kvtest::info_bulk;
using kvtest::unordered_elements;
using kvtest::unordered_pairs;
using differential_server = kvtest::differential_test;

TEST_F(differential_server, info_sections) {
  check({
      {info_bulk(), {"INFO"}},
      {info_bulk(), {"INFO", "server"}},
      {info_bulk(), {"INFO", "SERVER"}},
      {info_bulk(), {"INFO", "keyspace"}},
      {info_bulk(), {"INFO", "default"}},
      {info_bulk(), {"INFO", "server", "keyspace"}},
      {info_bulk(), {"INFO", "nosuchsection"}},
      {info_bulk(), {"info"}},
  });
}

TEST_F(differential_server, info_keyspace_with_keys) {
  check({
      {"SET", "a", "1"},
      {"SELECT", "2"},
      {"SET", "b", "2", "EX", "100"},
      {info_bulk(), {"INFO", "keyspace"}},
  });
}

TEST_F(differential_server, config_get) {
  check({
      {"CONFIG", "GET", "save"},
      {"CONFIG", "GET", "appendonly"},
      {"CONFIG", "GET", "databases"},
      {"CONFIG", "GET", "maxmemory"},
      {"CONFIG", "GET", "MAXMEMORY"},
      {"config", "get", "databases"},
      {"CONFIG", "GET", "appendonl*"},
      {"CONFIG", "GET", "data?ases"},
      {"CONFIG", "GET", "nosuchparameter"},
      {"CONFIG", "GET", "nosuch*"},
      {unordered_pairs(), {"CONFIG", "GET", "maxmemory*"}},
      {unordered_pairs(), {"CONFIG", "GET", "databases", "appendonly", "maxmemory"}},
      {unordered_pairs(), {"CONFIG", "GET", "save", "nosuchparameter"}},
  });
}

TEST_F(differential_server, config_errors) {
  check({
      {"CONFIG"},
      {"CONFIG", "GET"},
      {"CONFIG", "NOSUCHSUBCOMMAND"},
  });
}

TEST_F(differential_server, command_count_and_docs) {
  check({
      {any_integer(), {"COMMAND", "COUNT"}},
      {any_array(), {"COMMAND", "DOCS"}},
      {any_array(), {"COMMAND", "DOCS", "get"}},
      {any_array(), {"command", "docs", "GET", "SET"}},
      {"COMMAND", "DOCS", "nosuchcommand"},
      {command_info_head(), {"COMMAND", "INFO", "get"}},
      {command_info_head(), {"COMMAND", "INFO", "zrangebyscore", "hgetall", "client"}},
      {"COMMAND", "INFO", "nosuchcommand"},
      {"COMMAND", "COUNT", "extra"},
      {"COMMAND", "NOSUCHSUBCOMMAND"},
  });
}

TEST_F(differential_server, command_info_of_the_data_commands) {
  // Names, arities and key positions, as clients and cluster proxies read them.
  check({
      {command_info_head(), {"COMMAND", "INFO", "getrange", "setrange", "substr", "lcs", "setbit", "getbit",
                             "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro"}},
      {command_info_head(), {"COMMAND", "INFO", "lmove", "rpoplpush", "lset", "linsert", "lpos", "lpushx", "rpushx",
                             "lmpop", "hmset", "hincrbyfloat", "hstrlen", "hrandfield"}},
      {command_info_head(), {"COMMAND", "INFO", "sinter", "sinterstore", "sunion", "sunionstore", "sdiff",
                             "sdiffstore", "sintercard", "smismember", "smove", "srandmember", "sscan"}},
      {command_info_head(), {"COMMAND", "INFO", "zincrby", "zcount", "zlexcount", "zrank", "zrevrank", "zpopmax",
                             "zremrangebyscore", "zremrangebyrank", "zremrangebylex", "zmscore", "zscan", "zunion",
                             "zinter", "zdiff", "zunionstore", "zinterstore", "zdiffstore", "zintercard",
                             "zrangestore", "zrandmember", "zmpop"}},
      {command_info_head(), {"COMMAND", "INFO", "pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest"}},
      {command_info_head(), {"COMMAND", "INFO", "geoadd", "geopos", "geodist", "geohash", "geosearch",
                             "geosearchstore", "georadius", "georadius_ro", "georadiusbymember",
                             "georadiusbymember_ro"}},
      {command_info_head(), {"COMMAND", "INFO", "sort", "sort_ro", "move", "swapdb", "reset", "time", "wait",
                             "object", "config", "dump", "restore", "copy", "rename", "renamenx", "debug"}},
  });
}

TEST_F(differential_server, command_list_with_subcommands_and_filters) {
  // Groups the fake has whole list the same names (Redis in its hash table's order).
  check({
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "z*"}},
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "geo*"}},
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "PF*"}},
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "h*"}},
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "bit*"}},
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "object|*"}},
      {unordered_elements(), {"COMMAND", "LIST", "FILTERBY", "PATTERN", "config*"}},
      {"COMMAND", "LIST", "FILTERBY", "PATTERN", "nothing-matches*"},
      {"COMMAND", "LIST", "FILTERBY", "MODULE", "json"},
      {"COMMAND", "LIST", "FILTERBY", "BOGUS", "x"},
      {"COMMAND", "LIST", "FILTERBY", "PATTERN"},
      {"COMMAND", "LIST", "extra"},
  });
}

TEST_F(differential_server, wait_without_replicas) {
  check({
      {"WAIT", "0", "0"},
      {"WAIT", "-1", "0"},
      {"WAIT", "1", "1"},
      {"WAIT", "x", "0"},
      {"WAIT", "0", "-1"},
      {"WAIT", "0", "x"},
      {"WAIT", "x", "x"},
      {"WAIT", "0"},
      {"MULTI"},
      {"WAIT", "3", "0"},
      {"EXEC"},
  });
}

TEST_F(differential_server, unknown_commands) {
  check({
      {"NOSUCHCOMMAND"},
      {"NOSUCHCOMMAND", "a"},
      {"nosuchcommand", "a", "b"},
      {"NOSUCHCOMMAND", ""},
      {"NOSUCHCOMMAND", "two words", "x"},
      {"NOSUCHCOMMAND", "line\r\nbreak"},
      {""},
      {"", "arg"},
      {"GETT", "k"},
      {"SET_", "k", "v"},
  });
}

TEST_F(differential_server, unknown_command_error_is_truncated_at_128_characters) {
  const std::string long_arg(200, 'x');
  const std::string long_name(200, 'N');
  const std::string arg_of_100(100, 'y');
  check({
      {"NOSUCHCOMMAND", long_arg},
      {long_name},
      {long_name, "a"},
      {"NOSUCHCOMMAND", arg_of_100, arg_of_100, "unseen"},
      {"NOSUCHCOMMAND", std::string(126, 'z'), "next"},
      {"NOSUCHCOMMAND", std::string(127, 'z'), "next"},
  });
}

TEST_F(differential_server, unknown_command_with_many_arguments) {
  std::vector<std::string> command = {"NOSUCHCOMMAND"};
  for (int i = 0; i < 50; ++i) command.push_back("arg" + std::to_string(i));
  check({kvtest::step(command)});
}

TEST_F(differential_server, command_names_in_any_case) {
  check({
      {"sEt", "k", "v"},
      {"gEt", "k"},
      {"Set", "k", "v", "eX", "100", "Nx"},
      {"SET", "k2", "v", "Px", "100000", "gEt"},
      {"ExIsTs", "k", "k2"},
      {"MsEt", "a", "1"},
      {"mGeT", "a"},
      {"InCr", "a"},
      {"dEl", "a"},
      {"dbSIZE"},
      {"Client", "SetName", "n"},
      {"cLiEnT", "gEtNaMe"},
      {"ConFig", "Get", "databases"},
  });
}

}  // namespace
