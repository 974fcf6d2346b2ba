// The archive conventions shared by create and apply (suture/apply/archive.h).
#include "suture/apply/archive.h"

#include <algorithm>
#include <string>

namespace suture::diff {

Bytes EncodeLayout(const std::vector<LayoutRecord>& records) {
  ByteWriter w;
  w.WriteUleb128(static_cast<uint32_t>(records.size()));
  for (const LayoutRecord& r : records) {
    w.WriteU8(r.kind);
    w.WriteUleb128(r.first);
    if (r.kind == LayoutRecord::kOldRun) {
      w.WriteUleb128(r.count);
    } else {
      w.WriteU8(r.method);
      w.WriteUleb128(r.alignment);
    }
  }
  return w.Release();
}

Status DecodeLayout(ByteView bytes, uint64_t old_count, uint64_t entry_count, uint64_t max_members,
                    std::vector<LayoutRecord>* out) {
  ByteReader r(bytes);
  uint32_t n = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&n).WithContext("layout: record count"));
  // Each record takes at least 3 bytes: reject impossible counts before allocating.
  if (static_cast<uint64_t>(n) * 3 > r.remaining()) {
    return Status::Corrupt("layout: " + std::to_string(n) + " records cannot fit in " +
                           std::to_string(r.remaining()) + " bytes");
  }
  out->clear();
  out->reserve(n);
  uint64_t members = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const std::string where = "layout: record " + std::to_string(i);
    LayoutRecord rec;
    uint8_t kind = 0;
    SUTURE_RETURN_IF_ERROR(r.ReadU8(&kind).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&rec.first).WithContext(where));
    if (kind == LayoutRecord::kOldRun) {
      rec.kind = LayoutRecord::kOldRun;
      SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&rec.count).WithContext(where));
      if (rec.count == 0 || !RangeFits(rec.first, rec.count, old_count)) {
        return Status::Corrupt(where + ": old members [" + std::to_string(rec.first) + ", +" +
                               std::to_string(rec.count) + ") outside the " +
                               std::to_string(old_count) + " old members");
      }
      members += rec.count;
    } else if (kind == LayoutRecord::kEntry) {
      rec.kind = LayoutRecord::kEntry;
      SUTURE_RETURN_IF_ERROR(r.ReadU8(&rec.method).WithContext(where));
      SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&rec.alignment).WithContext(where));
      if (rec.first >= entry_count) {
        return Status::Corrupt(where + ": entry " + std::to_string(rec.first) + " out of range (" +
                               std::to_string(entry_count) + " entries)");
      }
      if (rec.method != 0 && rec.method != 8) {
        return Status::Corrupt(where + ": method " + std::to_string(rec.method) + " is not 0 or 8");
      }
      if (rec.alignment > 65536 || (rec.alignment & (rec.alignment - 1)) != 0) {
        return Status::Corrupt(where + ": alignment " + std::to_string(rec.alignment) +
                               " is not a power of two <= 65536");
      }
      members += 1;
    } else {
      return Status::Corrupt(where + ": unknown kind " + std::to_string(kind));
    }
    if (members > max_members) {
      return Status::LimitExceeded("layout: more than " + std::to_string(max_members) + " members");
    }
    out->push_back(rec);
  }
  if (!r.at_end()) return Status::Corrupt("layout: " + std::to_string(r.remaining()) + " trailing bytes");
  return Status::Ok();
}

std::vector<const ZipEntry*> DexDonorEntries(const ZipReader& old_zip, const std::string& self) {
  std::vector<const ZipEntry*> out;
  for (const ZipEntry& e : old_zip.entries()) {
    if (e.name != self && e.name.ends_with(".dex") && e.name.find('/') == std::string::npos) {
      out.push_back(&e);
    }
  }
  std::sort(out.begin(), out.end(), [](const ZipEntry* a, const ZipEntry* b) { return a->name < b->name; });
  return out;
}

}  // namespace suture::diff
