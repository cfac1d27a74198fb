#pragma once
// LZF as Redis bundles it (liblzf 3.6, HLOG 16, VERY_FAST), for DUMP payloads: the compressor
// gives Redis's exact bytes, so a payload from the fake equals redis-server's.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kvmock {

// nullopt when the output would not fit in `out_len` bytes (the caller then stores the input
// raw, as Redis does).
std::optional<std::string> lzf_compress(std::string_view in, std::size_t out_len);
// nullopt for a malformed stream or one that does not expand to exactly `out_len` bytes.
std::optional<std::string> lzf_decompress(std::string_view in, std::size_t out_len);

}  // namespace kvmock
