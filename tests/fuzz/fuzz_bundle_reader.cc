// Fuzz target: the patch bundle reader (header, manifest, streams, signature
// block), and `suture inspect --bytes` on top of it (ExplainBundleBytes reads
// the DEX and generic headers inside the streams, re-expanding v3 DEX streams).
#include <cstddef>
#include <cstdint>

#include "fuzz_bundle_limits.h"
#include "suture/apply/bundle.h"
#include "suture/apply/patch_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto b =
      suture::diff::Bundle::Parse(suture::ByteView(data, size), suture::fuzz::FuzzBundleLimits());
  if (!b.ok()) return 0;
  (void)b->VerifyStreams();
  for (uint32_t i = 0; i < b->manifest().streams.size(); ++i) (void)b->DecodeStream(i);
  (void)suture::diff::ExplainBundleBytes(suture::ByteView(data, size));
  return 0;
}
