// Fuzz target: the patch bundle reader (header, manifest, streams, signature block).
#include <cstddef>
#include <cstdint>

#include "fuzz_bundle_limits.h"
#include "suture/apply/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto b =
      suture::diff::Bundle::Parse(suture::ByteView(data, size), suture::fuzz::FuzzBundleLimits());
  if (!b.ok()) return 0;
  (void)b->VerifyStreams();
  for (uint32_t i = 0; i < b->manifest().streams.size(); ++i) (void)b->DecodeStream(i);
  return 0;
}
