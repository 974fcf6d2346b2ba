#include "suture/gray/netaddr.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace suture::gray {

bool ParseIp(std::string_view text, IpAddr* out) {
  char buf[64];
  if (text.empty() || text.size() >= sizeof(buf)) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  if (std::memchr(buf, '\0', text.size()) != nullptr) return false;
  IpAddr a;
  if (text.find(':') == std::string_view::npos) {
    uint8_t v4[4];
    if (inet_pton(AF_INET, buf, v4) != 1) return false;
    a.bytes[10] = 0xff;
    a.bytes[11] = 0xff;
    std::memcpy(&a.bytes[12], v4, 4);
  } else {
    if (inet_pton(AF_INET6, buf, a.bytes.data()) != 1) return false;
  }
  *out = a;
  return true;
}

StatusOr<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  std::string_view host = text.substr(0, slash);
  Cidr c;
  if (!ParseIp(host, &c.network)) {
    return Status::InvalidArgument("malformed CIDR \"" + std::string(text) + "\"");
  }
  bool v4 = host.find(':') == std::string_view::npos;
  unsigned max_len = v4 ? 32 : 128;
  unsigned len = max_len;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), len);
    if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || len > max_len) {
      return Status::InvalidArgument("malformed CIDR prefix length in \"" + std::string(text) + "\"");
    }
  }
  c.prefix = static_cast<uint8_t>(v4 ? len + 96 : len);
  for (unsigned bit = c.prefix; bit < 128; ++bit) {
    c.network.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  return c;
}

bool CidrContains(const Cidr& block, const IpAddr& addr) {
  unsigned full = block.prefix / 8;
  if (std::memcmp(block.network.bytes.data(), addr.bytes.data(), full) != 0) return false;
  unsigned rest = block.prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff00u >> rest);
  return (addr.bytes[full] & mask) == block.network.bytes[full];
}

}  // namespace suture::gray
