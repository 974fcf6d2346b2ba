// How an archive bundle (ContainerKind::kZip) relates to the archives it was
// made from: the conventions the create half writes and the apply half reads
// back, so both derive the same answers from the same old archive.
//
// The archive layout stream: the new archive's member order, so apply can
// rebuild a complete archive while unchanged members cost no per-member bytes.
// Format (docs/format.md, "Archive layout"): uleb128 record count, then
// records: 1 = run of unchanged old members (uleb128 first old central
// directory index, uleb128 count); 2 = member produced by bundle entry
// (uleb128 entry index, u8 method 0|8, uleb128 alignment).
//
// DEX donors: which old DEX members a DEX member's patch may borrow classes
// from (classes that moved between classesN.dex files).
//
// Thread-safety: pure functions over caller-owned values.
#ifndef SUTURE_APPLY_ARCHIVE_H_
#define SUTURE_APPLY_ARCHIVE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "suture/apply/zip.h"
#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

struct LayoutRecord {
  enum Kind : uint8_t { kOldRun = 1, kEntry = 2 };
  Kind kind = kOldRun;
  uint32_t first = 0;  // kOldRun: first old index; kEntry: bundle entry index
  uint32_t count = 0;  // kOldRun only
  uint8_t method = 0;  // kEntry: ZIP method 0 or 8
  uint32_t alignment = 0;  // kEntry, stored members: data alignment (0 = none)
};

Bytes EncodeLayout(const std::vector<LayoutRecord>& records);

// Validates every record: old runs inside [0, old_count), entry indices below
// entry_count, methods 0/8, alignment 0 or a power of two <= 65536, total
// members <= max_members.
Status DecodeLayout(ByteView bytes, uint64_t old_count, uint64_t entry_count, uint64_t max_members,
                    std::vector<LayoutRecord>* out);

// Every root-level "*.dex" member of the old archive other than `self`,
// sorted by name. Diff and apply derive the same list from the
// (hash-verified) old archive; the DEX patch records each used donor's
// position, size and SHA-256.
std::vector<const ZipEntry*> DexDonorEntries(const ZipReader& old_zip, const std::string& self);

}  // namespace suture::diff

#endif  // SUTURE_APPLY_ARCHIVE_H_
