#include "member_diff.h"

#include <algorithm>

#include "suture/apply/dex_apply.h"
#include "suture/core/zstd_frame.h"
#include "suture/create/dex_diff.h"
#include "suture/create/generic_diff.h"

namespace suture::diff {

StatusOr<MemberDelta> CompressMember(ByteView new_data, const DiffOptions& options) {
  (void)options;
  MemberDelta d;
  d.method = PatchMethod::kRaw;
  d.stream = EncodedStream::Encode(new_data);  // zstd, or raw when that is smaller
  return d;
}

namespace {

// Size of `raw` compressed with zstd at `level` (a quick screen, not stored).
size_t ZstdSize(ByteView raw, int level) {
  StatusOr<Bytes> z = ZstdCompress(raw, {.level = level});
  return z.ok() ? std::min(z->size(), raw.size()) : raw.size();
}

}  // namespace

// Members up to this size get both the DEX and the generic engine.
constexpr size_t kTryBothBelow = 2u << 20;

bool LooksLikeDex(ByteView data) {
  return data.size() >= 8 && data[0] == 'd' && data[1] == 'e' && data[2] == 'x' && data[3] == '\n';
}

StatusOr<MemberDelta> DiffMember(ByteView old_data, ByteView new_data, const std::string& path,
                                 const DiffOptions& diff_options,
                                 std::span<const ByteView> donors) {
  // Bundle format v2 carries generic deltas with the compact header; v1
  // carries the forms its readers know (generic v1, DEX v1/v2).
  // v3 also the one-block generic delta (v3) where it is smaller.
  const bool compact = diff_options.bundle_format_version != kBundleFormatVersionV1;
  DiffOptions options = diff_options;
  options.generic.compact_header = compact;
  options.generic.one_block = diff_options.bundle_format_version >= kBundleFormatVersionV3;
  MemberDelta best;  // generic and DEX patches compress their own streams: stored raw
  bool dex = options.dex_aware && (path.empty() || path.ends_with(".dex")) &&
             LooksLikeDex(old_data) && LooksLikeDex(new_data);
  if (dex) {
    // v2: compact header without digests (the bundle entry carries and
    // checks both); v1: the fixed header with both digests.
    dex::DexDiffOptions dopt;
    dopt.compact_header = compact;
    dopt.digests = !compact;
    dopt.one_block = options.generic.one_block;
    auto d = dex::DexDiff(old_data, new_data, dopt, nullptr, donors);
    if (d.ok() && diff_options.bundle_format_version >= kBundleFormatVersionV3) {
      // Bundle v3: without the magic, version and sizes the entry holds.
      d = dex::BundledDexPatch(*d, old_data.size(), new_data.size());
    }
    if (d.ok()) {
      Bytes patch = std::move(*d);
      best.method = PatchMethod::kDex;
      // On small DEX files the generic engine is cheap to try and sometimes smaller.
      if (new_data.size() <= kTryBothBelow) {
        auto g = GenericDiff(old_data, new_data, options.generic);
        if (g.ok() && g->size() < patch.size()) {
          patch = std::move(*g);
          best.method = PatchMethod::kGeneric;
        }
      }
      best.stream = EncodedStream::Raw(std::move(patch));
      return best;
    }
    // Not a DEX we can parse: the generic engine takes it, and inspect says why.
    best.note = "dex fallback: " + d.status().message();
  }
  SUTURE_ASSIGN_OR_RETURN(Bytes delta, GenericDiff(old_data, new_data, options.generic));
  // A member rewritten from scratch can be cheaper as plain compressed bytes.
  // A fast level screens first: level 19 on megabytes costs seconds, so its
  // output is kept and goes into the bundle as it is.
  if (ZstdSize(new_data, 3) < delta.size() * 2) {
    EncodedStream whole = EncodedStream::Encode(new_data);
    if (whole.stored_size() < delta.size()) {
      best.method = PatchMethod::kRaw;
      best.note.clear();
      best.stream = std::move(whole);
      return best;
    }
  }
  best.method = PatchMethod::kGeneric;
  best.stream = EncodedStream::Raw(std::move(delta));
  return best;
}

}  // namespace suture::diff
