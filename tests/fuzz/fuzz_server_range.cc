// Fuzzes the HTTP Range header parser: the first 8 bytes give the blob size,
// the rest is the header. A partial range must lie inside the blob.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "http/range.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t blob_size = 0;
  if (size >= 8) {
    std::memcpy(&blob_size, data, 8);
    data += 8;
    size -= 8;
  }
  blob_size %= (1ull << 40);
  const auto r = suture::server::ParseRange(
      std::string_view(reinterpret_cast<const char*>(data), size), blob_size);
  if (r.kind == suture::server::ByteRange::Kind::kPartial &&
      !(r.first <= r.last && r.last < blob_size)) {
    __builtin_trap();
  }
  return 0;
}
