#include "service/tokens.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "suture/core/crypto.h"

namespace suture::server {

StatusOr<std::string> GenerateSecret(std::string_view prefix) {
  std::array<uint8_t, 32> buf{};
  size_t got = 0;
  while (got < buf.size()) {
    const ssize_t n = ::getrandom(buf.data() + got, buf.size() - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("getrandom: ") + std::strerror(errno));
    }
    got += static_cast<size_t>(n);
  }
  return std::string(prefix) + ToHex(ByteView(buf));
}

std::string HashToken(std::string_view token) { return ToHex(Sha256(AsBytes(token))); }

}  // namespace suture::server
