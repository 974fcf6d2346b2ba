// libFuzzer target for the ZIP reader: parse with small limits, then inflate
// every entry through the streaming path (bounded memory) and, for small
// entries, the in-memory path.
#include <cstddef>
#include <cstdint>

#include "suture/apply/zip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  suture::diff::ZipLimits limits;
  limits.max_entries = 4096;
  limits.max_entry_size = 16u << 20;
  limits.max_total_size = 64u << 20;
  auto reader = suture::diff::ZipReader::Open(suture::ByteView(data, size), limits);
  if (!reader.ok()) return 0;
  for (const suture::diff::ZipEntry& e : reader->entries()) {
    uint64_t seen = 0;
    suture::Status s = reader->ExtractTo(e, [&](suture::ByteView chunk) {
      seen += chunk.size();
      return suture::Status::Ok();
    });
    if (s.ok() && seen != e.uncompressed_size) __builtin_trap();
    if (e.uncompressed_size <= (1u << 20)) {
      auto bytes = reader->Extract(e);
      if (bytes.ok() != s.ok()) __builtin_trap();
    }
    (void)reader->RawData(e);
  }
  return 0;
}
