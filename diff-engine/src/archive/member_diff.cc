#include "member_diff.h"

#include <zstd.h>

#include "suture/diff/generic.h"

namespace suture::diff {

const char* MethodLabel(PatchMethod m) {
  switch (m) {
    case PatchMethod::kNone: return "none";
    case PatchMethod::kRaw: return "raw";
    case PatchMethod::kGeneric: return "generic";
    case PatchMethod::kDex: return "dex";
    case PatchMethod::kBsdiff40: return "bsdiff40";
  }
  return "?";
}

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

StatusOr<MemberDelta> DiffMember(ByteView old_data, ByteView new_data, const std::string& path,
                                 const DiffOptions& options) {
  (void)path;
  MemberDelta best;
  SUTURE_ASSIGN_OR_RETURN(best.stream, GenericDiff(old_data, new_data, options.generic));
  best.method = PatchMethod::kGeneric;
  best.codec = StreamCodec::kRaw;  // the generic format compresses its own streams
  // A member rewritten from scratch can be cheaper as plain compressed bytes.
  // A fast level screens first: level 19 on megabytes costs seconds.
  if (ZstdSize(new_data, 3) < best.stream.size() * 2 && ZstdSize(new_data, 19) < best.stream.size()) {
    return CompressMember(new_data, options);
  }
  return best;
}

}  // namespace suture::diff
