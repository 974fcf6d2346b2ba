// Choosing the cheapest encoding of one member (or plain file): DEX-aware,
// generic delta, or the new bytes compressed. Diff side only.
#ifndef SUTURE_CREATE_SRC_ARCHIVE_MEMBER_DIFF_H_
#define SUTURE_CREATE_SRC_ARCHIVE_MEMBER_DIFF_H_

#include <span>
#include <string>

#include "suture/create/bundle_writer.h"
#include "suture/create/create_patch.h"

namespace suture::diff {

struct MemberDelta {
  PatchMethod method = PatchMethod::kRaw;
  EncodedStream stream;  // as the bundle stores it: compressed (if at all) once, here
  std::string note;
};

// The smallest of: generic delta, DEX delta (for DEX members when enabled),
// and the new bytes alone (zstd). `path` selects DEX handling ("" = plain file,
// sniffed from the bytes).
// `donors`: for DEX members of an archive, the other old DEX members (see
// DexDonorEntries in suture/apply/archive.h), so a class that moved between classesN.dex files still matches.
StatusOr<MemberDelta> DiffMember(ByteView old_data, ByteView new_data, const std::string& path,
                                 const DiffOptions& options, std::span<const ByteView> donors = {});
// The new bytes alone (added members).
StatusOr<MemberDelta> CompressMember(ByteView new_data, const DiffOptions& options);

}  // namespace suture::diff

#endif  // SUTURE_CREATE_SRC_ARCHIVE_MEMBER_DIFF_H_
