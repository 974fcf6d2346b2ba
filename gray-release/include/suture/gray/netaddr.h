// IP addresses and CIDR blocks: the rules' `cidr` operator, and the server's
// trusted proxies (--trust-proxy). IPv4 addresses are held as IPv4-mapped
// IPv6 (::ffff:a.b.c.d) so one comparison serves both.
// Thread-safety: pure functions.
#ifndef SUTURE_GRAY_NETADDR_H_
#define SUTURE_GRAY_NETADDR_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "suture/core/status.h"

namespace suture::gray {

struct IpAddr {
  std::array<uint8_t, 16> bytes{};
};

struct Cidr {
  IpAddr network;      // host bits cleared
  uint8_t prefix = 0;  // 0..128, over the mapped form
};

// False when `text` is not a textual IPv4 or IPv6 address. No allocation.
bool ParseIp(std::string_view text, IpAddr* out);
// "10.0.0.0/8", "2001:db8::/32"; a bare address is a /32 or /128.
StatusOr<Cidr> ParseCidr(std::string_view text);
bool CidrContains(const Cidr& block, const IpAddr& addr);

}  // namespace suture::gray

#endif  // SUTURE_GRAY_NETADDR_H_
