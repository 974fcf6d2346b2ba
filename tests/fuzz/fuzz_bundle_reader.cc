// Fuzz target: the patch bundle reader (header, manifest, streams, signature block).
#include <cstddef>
#include <cstdint>

#include "suture/apply/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  suture::diff::BundleLimits limits;
  limits.max_manifest_size = 1 << 20;
  limits.max_entries = 4096;
  limits.max_streams = 4096;
  limits.max_entry_size = 1 << 20;
  auto b = suture::diff::Bundle::Parse(suture::ByteView(data, size), limits);
  if (!b.ok()) return 0;
  (void)b->VerifyStreams();
  for (uint32_t i = 0; i < b->manifest().streams.size(); ++i) (void)b->DecodeStream(i);
  return 0;
}
