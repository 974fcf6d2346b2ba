#include "member_diff.h"

#include <zstd.h>

#include <algorithm>

#include "suture/diff/dex_diff.h"
#include "suture/diff/generic.h"

namespace suture::diff {

StatusOr<MemberDelta> CompressMember(ByteView new_data, const DiffOptions& options) {
  MemberDelta d;
  d.method = PatchMethod::kRaw;
  d.codec = StreamCodec::kZstd;  // BundleBuilder compresses (and stores raw if that is smaller)
  d.stream.assign(new_data.begin(), new_data.end());
  (void)options;
  return d;
}

namespace {

// Size the bundle will spend on `raw` stored with zstd at the builder's level.
size_t ZstdSize(ByteView raw, int level) {
  Bytes out(ZSTD_compressBound(raw.size()));
  size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), level);
  return ZSTD_isError(n) ? raw.size() : std::min(n, raw.size());
}

}  // namespace

// Members up to this size get both the DEX and the generic engine.
constexpr size_t kTryBothBelow = 2u << 20;

bool LooksLikeDex(ByteView data) {
  return data.size() >= 8 && data[0] == 'd' && data[1] == 'e' && data[2] == 'x' && data[3] == '\n';
}

StatusOr<MemberDelta> DiffMember(ByteView old_data, ByteView new_data, const std::string& path,
                                 const DiffOptions& options, std::span<const ByteView> donors) {
  MemberDelta best;
  best.codec = StreamCodec::kRaw;  // generic and DEX patches compress their own streams
  bool dex = options.dex_aware && (path.empty() || path.ends_with(".dex")) &&
             LooksLikeDex(old_data) && LooksLikeDex(new_data);
  if (dex) {
    auto d = dex::DexDiff(old_data, new_data, dex::DexDiffOptions{}, nullptr, donors);
    if (d.ok()) {
      best.stream = std::move(*d);
      best.method = PatchMethod::kDex;
      // On small DEX files the generic engine is cheap to try and sometimes smaller.
      if (new_data.size() <= kTryBothBelow) {
        auto g = GenericDiff(old_data, new_data, options.generic);
        if (g.ok() && g->size() < best.stream.size()) {
          best.stream = std::move(*g);
          best.method = PatchMethod::kGeneric;
        }
      }
      return best;
    }
    // Not a DEX we can parse: the generic engine takes it, and inspect says why.
    best.note = "dex fallback: " + d.status().message();
  }
  SUTURE_ASSIGN_OR_RETURN(best.stream, GenericDiff(old_data, new_data, options.generic));
  best.method = PatchMethod::kGeneric;
  // A member rewritten from scratch can be cheaper as plain compressed bytes.
  // A fast level screens first: level 19 on megabytes costs seconds.
  if (ZstdSize(new_data, 3) < best.stream.size() * 2 && ZstdSize(new_data, 19) < best.stream.size()) {
    return CompressMember(new_data, options);
  }
  return best;
}

}  // namespace suture::diff
