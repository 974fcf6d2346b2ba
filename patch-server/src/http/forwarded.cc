#include "http/forwarded.h"

namespace suture::server {
namespace {

bool Trusted(std::string_view ip, const std::vector<gray::Cidr>& trusted) {
  gray::IpAddr addr;
  if (!gray::ParseIp(ip, &addr)) return false;
  for (const gray::Cidr& c : trusted) {
    if (gray::CidrContains(c, addr)) return true;
  }
  return false;
}

}  // namespace

std::string ForwardedClientIp(std::string_view peer, std::string_view xff,
                              const std::vector<gray::Cidr>& trusted) {
  if (trusted.empty() || !Trusted(peer, trusted)) return std::string(peer);
  std::string_view rest = xff;
  std::string leftmost;
  while (!rest.empty()) {
    const size_t comma = rest.rfind(',');
    std::string_view item = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    gray::IpAddr addr;
    if (!gray::ParseIp(item, &addr)) return std::string(peer);
    if (!Trusted(item, trusted)) return std::string(item);
    leftmost = std::string(item);
  }
  return leftmost.empty() ? std::string(peer) : leftmost;
}

}  // namespace suture::server
