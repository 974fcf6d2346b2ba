// Fuzzes the X-Forwarded-For walk (--trust-proxy): the first byte picks the
// peer (trusted or not), the rest is the header. The answer is always the
// peer or one of the header's entries, and never a trusted address unless
// every entry was trusted.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/forwarded.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<suture::gray::Cidr> kTrusted = [] {
    std::vector<suture::gray::Cidr> v;
    v.push_back(*suture::gray::ParseCidr("127.0.0.1/32"));
    v.push_back(*suture::gray::ParseCidr("10.0.0.0/8"));
    v.push_back(*suture::gray::ParseCidr("fd00::/8"));
    return v;
  }();
  if (size == 0) return 0;
  const std::string_view peer = (data[0] & 1) ? "127.0.0.1" : "198.51.100.7";
  const std::string_view xff(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string ip = suture::server::ForwardedClientIp(peer, xff, kTrusted);
  if (ip != peer && xff.find(ip) == std::string_view::npos) __builtin_trap();
  if (!(data[0] & 1) && ip != peer) __builtin_trap();  // an untrusted peer is believed as is
  return 0;
}
