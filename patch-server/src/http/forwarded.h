// The device's address behind trusted reverse proxies (--trust-proxy):
// X-Forwarded-For read from the right, the way each proxy appended to it.
// Thread-safety: a pure function.
#ifndef SUTURE_SERVER_HTTP_FORWARDED_H_
#define SUTURE_SERVER_HTTP_FORWARDED_H_

#include <string>
#include <string_view>
#include <vector>

#include "suture/gray/netaddr.h"

namespace suture::server {

// `peer` unless it is in a `trusted` block; then, walking `xff` ("client,
// proxy1, proxy2") from the right, the first address not in a trusted block
// (all trusted: the leftmost). Anything malformed, or an empty header: `peer`
// (a proxy's address, but never a forgery).
std::string ForwardedClientIp(std::string_view peer, std::string_view xff,
                              const std::vector<gray::Cidr>& trusted);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_FORWARDED_H_
