#pragma once
// The error replies of the command layer, as Redis 7.0 words them, in one place: a handler
// replies with reply_writer::error(errors::syntax), never with bytes. The messages are without
// RESP's '-' and line end, which the writer adds.

#include <string>
#include <string_view>

namespace kvmock::errors {

// Shared by many commands (server.c's shared objects).
inline constexpr std::string_view syntax = "ERR syntax error";
inline constexpr std::string_view not_an_integer = "ERR value is not an integer or out of range";
inline constexpr std::string_view not_a_float = "ERR value is not a valid float";
inline constexpr std::string_view wrong_type =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view no_such_key = "ERR no such key";
inline constexpr std::string_view out_of_range_positive = "ERR value is out of range, must be positive";
inline constexpr std::string_view overflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view db_index_out_of_range = "ERR DB index is out of range";
inline constexpr std::string_view invalid_cursor = "ERR invalid cursor";
inline constexpr std::string_view same_object = "ERR source and destination objects are the same";
inline constexpr std::string_view index_out_of_range = "ERR index out of range";
inline constexpr std::string_view bit_offset = "ERR bit offset is not an integer or out of range";
inline constexpr std::string_view bit_value = "ERR bit is not an integer or out of range";
inline constexpr std::string_view string_too_long = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view min_max_not_float = "ERR min or max is not a float";
inline constexpr std::string_view min_max_not_string_range = "ERR min or max not valid string range item";
inline constexpr std::string_view score_nan = "ERR resulting score is not a number (NaN)";
inline constexpr std::string_view weight_not_float = "ERR weight value is not a float";
inline constexpr std::string_view numkeys_positive = "ERR numkeys should be greater than 0";
inline constexpr std::string_view hash_value_not_integer = "ERR hash value is not an integer";
inline constexpr std::string_view decrement_overflow = "ERR decrement would overflow";
inline constexpr std::string_view nan_or_infinity = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view expire_nx_and_others =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view expire_gt_and_lt = "ERR GT and LT options at the same time are not compatible";
inline constexpr std::string_view xx_and_nx = "ERR XX and NX options at the same time are not compatible";
inline constexpr std::string_view gt_lt_and_nx = "ERR GT, LT, and/or NX options at the same time are not compatible";
inline constexpr std::string_view incr_single_pair = "ERR INCR option supports a single increment-element pair";
inline constexpr std::string_view limit_needs_by =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
inline constexpr std::string_view withscores_with_bylex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
inline constexpr std::string_view count_positive = "ERR count should be greater than 0";
inline constexpr std::string_view out_of_range = "ERR value is out of range";
inline constexpr std::string_view out_of_range_not_llong_min =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
inline constexpr std::string_view offset_out_of_range = "ERR offset is out of range";
inline constexpr std::string_view float_nan_or_infinity = "ERR value is NaN or Infinity";

inline constexpr std::string_view numkeys_past_arguments = "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view limit_negative = "ERR LIMIT can't be negative";

// Bitmaps.
inline constexpr std::string_view bit_argument = "ERR The bit argument must be 1 or 0.";
inline constexpr std::string_view bitop_not_single_source = "ERR BITOP NOT must be called with a single source key.";
inline constexpr std::string_view bitfield_overflow_type = "ERR Invalid OVERFLOW type specified";
inline constexpr std::string_view bitfield_type =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
inline constexpr std::string_view bitfield_ro_writes = "ERR BITFIELD_RO only supports the GET subcommand";

// COMMAND LIST FILTERBY ACLCAT: kvmock has no ACL.
inline constexpr std::string_view no_acl_categories =
    "ERR kvmock keeps no ACL categories: use FILTERBY PATTERN, or no filter";

// Geo.
inline constexpr std::string_view geo_unit = "ERR unsupported unit provided. please use M, KM, FT, MI";
inline constexpr std::string_view geo_need_radius = "ERR need numeric radius";
inline constexpr std::string_view geo_negative_radius = "ERR radius cannot be negative";
inline constexpr std::string_view geo_need_width = "ERR need numeric width";
inline constexpr std::string_view geo_need_height = "ERR need numeric height";
inline constexpr std::string_view geo_negative_box = "ERR height or width cannot be negative";
inline constexpr std::string_view geo_member_not_found = "ERR could not decode requested zset member";
inline constexpr std::string_view geo_count_positive = "ERR COUNT must be > 0";
inline constexpr std::string_view geo_any_needs_count = "ERR the ANY argument requires COUNT argument";

// HyperLogLog.
inline constexpr std::string_view not_hll = "WRONGTYPE Key is not a valid HyperLogLog string value.";
inline constexpr std::string_view hll_corrupt = "INVALIDOBJ Corrupted HLL object detected";
inline constexpr std::string_view pfdebug_no_key = "ERR The specified key does not exist";
inline constexpr std::string_view hll_not_sparse = "ERR HLL encoding is not sparse";

// Lists.
inline constexpr std::string_view lpos_rank_zero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
    "negative to start from the end of the list";
inline constexpr std::string_view lpos_count_negative = "ERR COUNT can't be negative";
inline constexpr std::string_view lpos_maxlen_negative = "ERR MAXLEN can't be negative";

// Hashes.
inline constexpr std::string_view hash_value_not_float = "ERR hash value is not a float";

// Strings.
inline constexpr std::string_view lcs_not_strings = "ERR The specified keys must contain string values";
inline constexpr std::string_view lcs_len_and_idx =
    "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view lcs_too_large =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";

// Keys.
inline constexpr std::string_view lfu_not_selected =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";
inline constexpr std::string_view lfu_selected =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching "
    "between policies at runtime LRU and LFU data will take some time to adjust.";
inline constexpr std::string_view sort_scores = "ERR One or more scores can't be converted into double";
inline constexpr std::string_view db_index_not_int32 =
    "ERR value is out of range, value must between -2147483648 and 2147483647";
inline constexpr std::string_view invalid_first_db = "ERR invalid first DB index";
inline constexpr std::string_view invalid_second_db = "ERR invalid second DB index";

inline constexpr std::string_view busy_key = "BUSYKEY Target key name already exists.";
inline constexpr std::string_view invalid_ttl = "ERR Invalid TTL value, must be >= 0";
inline constexpr std::string_view invalid_idletime = "ERR Invalid IDLETIME value, must be >= 0";
inline constexpr std::string_view invalid_freq = "ERR Invalid FREQ value, must be >= 0 and <= 255";
inline constexpr std::string_view payload_version_or_checksum = "ERR DUMP payload version or checksum are wrong";
inline constexpr std::string_view bad_data_format = "ERR Bad data format";

// Server.
inline constexpr std::string_view debug_not_allowed =
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run "
    "it from a local connection, otherwise you need to set this option in the configuration file, and "
    "then restart the server.";
inline constexpr std::string_view debug_reload_options =
    "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.";
inline constexpr std::string_view debug_protocol_type =
    "ERR Wrong protocol type name. Please use one of the following: "
    "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";
inline constexpr std::string_view push_needs_resp3 = "ERR RESP2 is not supported by this command";
inline constexpr std::string_view no_config_file = "ERR The server is running without a config file";

// Connections.
inline constexpr std::string_view no_auth = "NOAUTH Authentication required.";
inline constexpr std::string_view wrong_pass = "WRONGPASS invalid username-password pair or user is disabled.";
inline constexpr std::string_view auth_without_password =
    "ERR AUTH <password> called without any password configured for the default user. Are you sure "
    "your configuration is correct?";
inline constexpr std::string_view hello_needs_auth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
    "<user> <pass> option can be used to authenticate the client and select the RESP protocol "
    "version at the same time";
inline constexpr std::string_view no_proto = "NOPROTO unsupported protocol version";
inline constexpr std::string_view protocol_not_an_integer = "ERR Protocol version is not an integer or out of range";
inline constexpr std::string_view invalid_client_name =
    "ERR Client names cannot contain spaces, newlines or special characters.";
inline constexpr std::string_view no_such_client = "ERR No such client";
inline constexpr std::string_view invalid_client_id = "ERR Invalid client ID";
inline constexpr std::string_view client_id_positive = "ERR client-id should be greater than 0";
inline constexpr std::string_view timeout_not_an_integer = "ERR timeout is not an integer or out of range";
inline constexpr std::string_view timeout_negative = "ERR timeout is negative";
inline constexpr std::string_view pause_mode = "ERR CLIENT PAUSE mode must be WRITE or ALL";

// Blocking commands.
inline constexpr std::string_view unblocked = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
inline constexpr std::string_view timeout_not_a_float = "ERR timeout is not a float or out of range";
inline constexpr std::string_view unblock_reason = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";

// Scripting.
inline constexpr std::string_view script_numkeys_too_many = "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view script_numkeys_negative = "ERR Number of keys can't be negative";
inline constexpr std::string_view no_script = "NOSCRIPT No matching script. Please use EVAL.";
inline constexpr std::string_view no_script_running = "NOTBUSY No scripts in execution right now.";
// While a script runs past busy-reply-threshold: every command but the allow-busy ones.
inline constexpr std::string_view busy_script =
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
inline constexpr std::string_view busy_function =
    "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
inline constexpr std::string_view script_unkillable =
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the "
    "script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.";
// What a killed script raises (an error table's, with the code ERR): a pcall can catch it once.
inline constexpr std::string_view script_killed = "Script killed by user with SCRIPT KILL...";
inline constexpr std::string_view script_flush_mode = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";

// Pub/sub.
inline constexpr std::string_view ssubscribe_denied = "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client";

// Transactions.
inline constexpr std::string_view exec_abort = "EXECABORT Transaction discarded because of previous errors.";
inline constexpr std::string_view watch_inside_multi = "ERR WATCH inside MULTI is not allowed";
inline constexpr std::string_view nested_multi = "ERR MULTI calls can not be nested";
inline constexpr std::string_view exec_without_multi = "ERR EXEC without MULTI";
inline constexpr std::string_view discard_without_multi = "ERR DISCARD without MULTI";

// Client-side caching (CLIENT TRACKING, CLIENT CACHING).
inline constexpr std::string_view tracking_single_redirect = "ERR A client can only redirect to a single other client";
inline constexpr std::string_view tracking_redirect_missing = "ERR The client ID you want redirect to does not exist";
inline constexpr std::string_view tracking_prefix_needs_bcast = "ERR PREFIX option requires BCAST mode to be enabled";
inline constexpr std::string_view tracking_bcast_switch =
    "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it "
    "with a different mode.";
inline constexpr std::string_view tracking_opt_with_bcast = "ERR OPTIN and OPTOUT are not compatible with BCAST";
inline constexpr std::string_view tracking_optin_and_optout = "ERR You can't specify both OPTIN mode and OPTOUT mode";
inline constexpr std::string_view tracking_opt_switch =
    "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it "
    "with a different mode.";
inline constexpr std::string_view caching_without_tracking =
    "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled";
inline constexpr std::string_view caching_yes_without_optin =
    "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
inline constexpr std::string_view caching_no_without_optout =
    "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";

// Functions (FUNCTION, FCALL).
inline constexpr std::string_view function_not_found = "ERR Function not found";
inline constexpr std::string_view bad_number_of_keys = "ERR Bad number of keys provided";
inline constexpr std::string_view fcall_ro_with_writes = "ERR Can not execute a script with write flag using *_ro command.";
inline constexpr std::string_view function_list_no_library_name = "ERR library name argument was not given";
inline constexpr std::string_view library_not_found = "ERR Library not found";
inline constexpr std::string_view function_flush_mode = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
inline constexpr std::string_view function_restore_policy =
    "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";

// Streams.
inline constexpr std::string_view invalid_stream_id = "ERR Invalid stream ID specified as stream command argument";
inline constexpr std::string_view stream_invalid_start = "ERR invalid start ID for the interval";
inline constexpr std::string_view stream_invalid_end = "ERR invalid end ID for the interval";
inline constexpr std::string_view stream_maxlen_and_minid =
    "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
inline constexpr std::string_view stream_maxlen_negative = "ERR The MAXLEN argument must be >= 0.";
inline constexpr std::string_view stream_limit_negative = "ERR The LIMIT argument must be >= 0.";
inline constexpr std::string_view stream_limit_without_strategy =
    "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
inline constexpr std::string_view xtrim_without_strategy = "ERR syntax error, XTRIM must be called with a trimming strategy";
inline constexpr std::string_view stream_limit_without_approximation =
    "ERR syntax error, LIMIT cannot be used without the special ~ option";
inline constexpr std::string_view xadd_id_zero = "ERR The ID specified in XADD must be greater than 0-0";
inline constexpr std::string_view xadd_id_too_small =
    "ERR The ID specified in XADD is equal or smaller than the target stream top item";
inline constexpr std::string_view stream_exhausted =
    "ERR The stream has exhausted the last possible ID, unable to add more items";
inline constexpr std::string_view timeout_out_of_range = "ERR timeout is out of range";
inline constexpr std::string_view xread_unbalanced =
    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
inline constexpr std::string_view xread_group_option =
    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
inline constexpr std::string_view xread_noack_option =
    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
inline constexpr std::string_view xreadgroup_missing_group = "ERR Missing GROUP option for XREADGROUP";
inline constexpr std::string_view xreadgroup_group_gone =
    "NOGROUP the consumer group this client was blocked on no longer exists";
inline constexpr std::string_view xreadgroup_key_gone = "UNBLOCKED the stream key no longer exists";
inline constexpr std::string_view xreadgroup_dollar =
    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by "
    "specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.";
inline constexpr std::string_view xread_greater_than =
    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.";
inline constexpr std::string_view xgroup_entries_read = "ERR value for ENTRIESREAD must be positive or -1";
inline constexpr std::string_view xgroup_needs_key =
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
    "option to create an empty stream automatically.";
inline constexpr std::string_view busy_group = "BUSYGROUP Consumer Group name already exists";
inline constexpr std::string_view xautoclaim_count = "ERR COUNT must be > 0";
inline constexpr std::string_view xsetid_entries_added_negative = "ERR entries_added must be positive";
inline constexpr std::string_view xsetid_below_max_deleted =
    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
inline constexpr std::string_view xsetid_below_top = "ERR The ID specified in XSETID is smaller than the target stream top item";
inline constexpr std::string_view xsetid_entries_added_below_length =
    "ERR The entries_added specified in XSETID is smaller than the target stream length";
inline constexpr std::string_view dump_stream =
    "ERR kvmock does not serialize streams: DUMP and RESTORE a stream on redis-server, or copy it with COPY";

// "ERR wrong number of arguments for 'get' command"
std::string arity(std::string_view full_name);
// "ERR invalid expire time in 'set' command"
std::string invalid_expire(std::string_view full_name);
// "ERR unknown command 'x', with args beginning with: 'a' 'b' "
std::string unknown_command(std::string_view name, std::string_view quoted_arguments);
// "ERR Prefix 'a' overlaps with an existing prefix 'ab'. Prefixes for a single client must not overlap."
std::string prefix_overlaps_existing(std::string_view prefix, std::string_view existing);
std::string prefix_overlaps_given(std::string_view prefix, std::string_view other);
// "ERR Unknown option given: x" (FUNCTION LOAD), "ERR Unknown argument x" (FUNCTION LIST)
std::string function_unknown_option(std::string_view option);
std::string function_list_unknown_argument(std::string_view argument);
// FUNCTION RESTORE APPEND: "ERR Library x already exists" (unquoted, unlike LOAD's)
std::string library_exists_unquoted(std::string_view name);
// "ERR XREAD command is not allowed with BLOCK option from scripts" (the name as typed)
std::string block_in_script(std::string_view name);
// "NOGROUP No such key 'k' or consumer group 'g' in XREADGROUP with GROUP option"
std::string xreadgroup_no_group(std::string_view key, std::string_view group);
// "NOGROUP No such consumer group 'g' for key name 'k'"
std::string no_such_group(std::string_view group, std::string_view key);
// "NOGROUP No such key 'k' or consumer group 'g'"
std::string no_such_key_or_group(std::string_view key, std::string_view group);
// "ERR Invalid min-idle-time argument for XCLAIM"
std::string xclaim_min_idle(std::string_view command);
// "ERR Invalid IDLE option argument for XCLAIM"
std::string xclaim_option(std::string_view option);
// "ERR Unrecognized XCLAIM option 'x'"
std::string xclaim_unknown_option(std::string_view option);
// "ERR unknown subcommand 'x'. Try CLIENT HELP."
std::string unknown_subcommand(std::string_view subcommand, std::string_view container);
// "ERR unknown subcommand or wrong number of arguments for 'x'. Try CLIENT HELP."
std::string unknown_subcommand_or_arity(std::string_view subcommand, std::string_view container);
// "ERR Unknown client type 'x'"
std::string unknown_client_type(std::string_view type);
// "ERR No such user 'x'"
std::string no_such_user(std::string_view user);
// "ERR Syntax error in HELLO option 'x'"
std::string hello_option(std::string_view option);
// "ERR Unsupported option x"
std::string unsupported_option(std::string_view option);
// KVMOCK.FAULT's: "ERR unknown subcommand 'x'. Try KVMOCK.FAULT ADD|DEL|LIST|CLEAR|LOG."
std::string unknown_fault_subcommand(std::string_view subcommand);
// "ERR DEBUG SLEEP is not supported by kvmock: it acts on Redis's internals"
std::string debug_not_in_kvmock(std::string_view subcommand);
// "ERR Unknown PFDEBUG subcommand 'x'"
// A search that stores its result asked for WITHDIST, WITHHASH or WITHCOORD.
std::string geo_store_with_options(bool geosearchstore);
// GEOSEARCH without a centre, or without a shape (`name` as the client wrote it).
std::string geo_exactly_one_from(std::string_view name);
std::string geo_exactly_one_by(std::string_view name);
std::string unknown_pfdebug_subcommand(std::string_view subcommand);
// "ERR at least 1 input key is needed for 'zunion' command"
std::string at_least_one_key(std::string_view full_name);
// A RESP2 connection in pub/sub mode: "ERR Can't execute 'get': only (P|S)SUBSCRIBE / ..."
std::string not_in_subscribed_mode(std::string_view full_name);
// "EXECABORT Transaction discarded because of: <reason>", without the reason's "ERR "
std::string exec_abort_because(std::string_view reason);

}  // namespace kvmock::errors
