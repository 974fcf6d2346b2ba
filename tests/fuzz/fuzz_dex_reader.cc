// Fuzz target for the DEX reader and the projection (what a phone runs on
// untrusted bytes). Must never crash, hang or read out of bounds.
//   input starting with 'M': the rest is projection maps for the seed DEX
//     (tests/fuzz/corpus/dex_reader/seed.dex): DecodeMaps, then Project.
//   input starting with 'P': the rest is a DEX patch, applied to
//     moved_b.dex with donor moved_a.dex (donor table, maps, delta checks).
//   any other input: a DEX: Parse, walk every reference, project it through
//     shifted maps, encode and decode those maps.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include "suture/apply/dex_apply.h"
#include "suture/apply/dex_projection.h"
#include "suture/apply/dex_reader.h"

namespace {

suture::Bytes Load(const char* name) {
  std::ifstream in(std::string(SUTURE_DEX_CORPUS_DIR) + "/" + name, std::ios::binary);
  return suture::Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const suture::Bytes& Seed() {
  static const suture::Bytes seed = Load("seed.dex");
  return seed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace suture::dex;
  suture::ByteView view(data, size);
  if (size > 0 && data[0] == 'P') {
    static const suture::Bytes old_dex = Load("moved_b.dex");
    static const suture::Bytes donor = Load("moved_a.dex");
    const suture::ByteView donors[] = {donor};
    DexApplyLimits limits;
    limits.max_new_size = 1u << 20;
    limits.max_maps_size = 1u << 20;
    (void)ReadDexPatchDonors(view.subspan(1));
    (void)DexApplyToBytes(old_dex, view.subspan(1), limits, donors);
    return 0;
  }
  if (size > 0 && data[0] == 'M') {
    auto seed = DexFile::Parse(Seed());
    if (!seed.ok()) return 0;
    auto maps = DecodeMaps(view.subspan(1), *seed);
    if (maps.ok()) (void)Project(*seed, *maps);
    return 0;
  }
  auto f = DexFile::Parse(view);
  if (!f.ok()) return 0;
  if (!f->Validate().ok()) return 0;
  ProjectionMaps maps;
  for (int k = 0; k < kNumIndexKinds; ++k) {
    uint32_t n = f->count(static_cast<RefKind>(k));
    maps.new_count[k] = n + 1;
    for (uint32_t i = 0; i < n; ++i) maps.index[k].push_back(i + (i % 2));
  }
  maps.shifts = {{0x70, 4}, {static_cast<uint32_t>(size / 2 + 1), -4}};
  (void)Project(*f, maps);
  (void)DecodeMaps(EncodeMaps(maps), *f);
  return 0;
}
