// ZipReader: end records, central directory and local header validation.
// Extraction lives in zip_extract.cc.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "suture/apply/zip.h"
#include "suture/core/byte_io.h"

#include "suture/core/path_names.h"
#include "suture/core/utf8.h"
#include "zip_format.h"

namespace suture::diff {

using namespace zip_internal;  // NOLINT: internal constants of this format

namespace {

std::string At(uint64_t off) { return "offset " + std::to_string(off); }

// Values of a zip64 extended information extra field (APPNOTE 4.5.3). Only
// the fields whose 32/16-bit header value is the all-ones sentinel are
// present, in this fixed order.
struct Zip64Fields {
  uint64_t* uncompressed;  // null when not needed
  uint64_t* compressed;
  uint64_t* local_offset;
  uint32_t* disk;
};

// Finds the zip64 block in `extra` and fills the requested fields. Blocks of
// other ids are skipped; a malformed tail after them is ignored, as other
// readers do, unless the zip64 block itself is needed and missing/short.
Status ReadZip64Extra(ByteView extra, const Zip64Fields& f, bool* found) {
  *found = false;
  ByteReader r(extra);
  while (r.remaining() >= 4) {
    uint16_t id = 0, len = 0;
    SUTURE_RETURN_IF_ERROR(r.ReadU16(&id));
    SUTURE_RETURN_IF_ERROR(r.ReadU16(&len));
    ByteView body;
    if (!r.ReadBytes(len, &body).ok()) break;
    if (id != kZip64ExtraId) continue;
    *found = true;
    ByteReader z(body);
    for (uint64_t* p : {f.uncompressed, f.compressed, f.local_offset}) {
      if (p != nullptr && !z.ReadU64(p).ok()) {
        return Status::Corrupt("zip64 extra field of " + std::to_string(len) +
                               " bytes is too short for its sentinel fields");
      }
    }
    if (f.disk != nullptr && !z.ReadU32(f.disk).ok()) {
      return Status::Corrupt("zip64 extra field is too short for its disk number");
    }
    return Status::Ok();
  }
  return Status::Ok();
}

// A file member "a" beside a member "a/..." (or the folder entry "a/"): no
// file system can extract both. `entries` hold no duplicate names (checked
// before, with their own message).
Status CheckFilesAreNotFolders(const std::vector<ZipEntry>& entries) {
  std::vector<std::string_view> names;
  names.reserve(entries.size());
  for (const ZipEntry& e : entries) names.push_back(e.name);
  const std::optional<PathClash> clash = FindPathClash(names);
  if (!clash) return Status::Ok();
  const ZipEntry& file = entries[clash->a];
  const ZipEntry& inside = entries[clash->b];
  const ZipEntry& later = file.index > inside.index ? file : inside;
  const ZipEntry& earlier = file.index > inside.index ? inside : file;
  if (clash->kind == PathClash::Kind::kDuplicate) {
    return Status::AlreadyExists(EntryLabel(later.index, later.name) + ": duplicate name (also " +
                                 EntryLabel(earlier.index, earlier.name) + ")");
  }
  return Status::AlreadyExists(EntryLabel(later.index, later.name) + ": name clashes with " +
                               EntryLabel(earlier.index, earlier.name) + ": \"" + inside.name +
                               "\" needs \"" + file.name + "\" as a folder, but it is a file");
}

}  // namespace

bool LooksLikeZip(ByteView data) {
  if (data.size() < 4) return false;
  uint32_t sig = static_cast<uint32_t>(data[0]) | static_cast<uint32_t>(data[1]) << 8 |
                 static_cast<uint32_t>(data[2]) << 16 | static_cast<uint32_t>(data[3]) << 24;
  return sig == kLocalSig || (sig == kEocdSig && data.size() >= kEocdSize);
}

StatusOr<ZipReader> ZipReader::Open(ByteView archive, const ZipLimits& limits) {
  ZipReader z;
  z.archive_ = archive;
  uint64_t count = 0;
  SUTURE_RETURN_IF_ERROR(z.ParseEnd(limits, &count));
  SUTURE_RETURN_IF_ERROR(z.ParseCentralDirectory(limits, count));
  SUTURE_RETURN_IF_ERROR(z.CheckLayout());
  return z;
}

const ZipEntry* ZipReader::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

ByteView ZipReader::RawData(const ZipEntry& e) const {
  // Validated at Open: [data_offset, +compressed_size) lies inside archive_.
  return archive_.subspan(e.data_offset, e.compressed_size);
}

Status ZipReader::ParseEnd(const ZipLimits& limits, uint64_t* count) {
  const uint64_t size = archive_.size();
  if (size < kEocdSize) {
    return Status::Corrupt("archive of " + std::to_string(size) +
                           " bytes is too small for an end of central directory record");
  }
  // The record is the last thing in the file, followed only by its comment
  // (at most 64 KiB); scan backward for a signature whose comment length
  // accounts for exactly the bytes after it.
  const uint64_t last = size - kEocdSize;
  const uint64_t lowest = last > kMaxCommentSize ? last - kMaxCommentSize : 0;
  uint64_t eocd = UINT64_MAX;
  uint64_t mismatch = UINT64_MAX;
  for (uint64_t pos = last + 1; pos-- > lowest;) {
    const uint8_t* p = archive_.data() + pos;
    if (p[0] != 'P' || p[1] != 'K' || p[2] != 5 || p[3] != 6) continue;
    uint64_t comment_len = p[20] | (static_cast<uint64_t>(p[21]) << 8);
    if (comment_len == size - pos - kEocdSize) {
      eocd = pos;
      break;
    }
    if (mismatch == UINT64_MAX) mismatch = pos;
  }
  if (eocd == UINT64_MAX) {
    if (mismatch != UINT64_MAX) {
      return Status::Corrupt("end of central directory at " + At(mismatch) +
                             ": comment length does not match the " +
                             std::to_string(size - mismatch - kEocdSize) +
                             " bytes after the record (truncated or trailing data)");
    }
    return Status::Corrupt("no end of central directory record in the last " +
                           std::to_string(size - lowest) + " bytes (not a ZIP or truncated)");
  }

  ByteReader r(archive_);
  SUTURE_RETURN_IF_ERROR(r.Seek(eocd + 4));
  uint16_t disk = 0, cd_disk = 0, n_disk = 0, n_total = 0, comment_len = 0;
  uint32_t cd_size32 = 0, cd_off32 = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&disk));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&cd_disk));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&n_disk));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&n_total));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&cd_size32));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&cd_off32));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&comment_len));
  SUTURE_RETURN_IF_ERROR(r.ReadBytes(comment_len, &comment_));
  if (disk != 0 || cd_disk != 0 || n_disk != n_total) {
    return Status::Unsupported("end of central directory at " + At(eocd) +
                               ": multi-disk archives are not supported");
  }
  uint64_t n = n_total, cd_size = cd_size32, cd_off = cd_off32;
  end_records_offset_ = eocd;

  // A zip64 locator, when present, sits right before the EOCD record.
  if (eocd >= kZip64LocatorSize) {
    const uint64_t loc = eocd - kZip64LocatorSize;
    ByteReader l(archive_);
    SUTURE_RETURN_IF_ERROR(l.Seek(loc));
    uint32_t sig = 0;
    SUTURE_RETURN_IF_ERROR(l.ReadU32(&sig));
    if (sig == kZip64LocatorSig) {
      uint32_t z_disk = 0, disks = 0;
      uint64_t z_off = 0;
      SUTURE_RETURN_IF_ERROR(l.ReadU32(&z_disk));
      SUTURE_RETURN_IF_ERROR(l.ReadU64(&z_off));
      SUTURE_RETURN_IF_ERROR(l.ReadU32(&disks));
      if (z_disk != 0 || disks > 1) {
        return Status::Unsupported("zip64 locator at " + At(loc) +
                                   ": multi-disk archives are not supported");
      }
      if (!RangeFits(z_off, kZip64EocdSize, loc)) {
        return Status::Corrupt("zip64 locator at " + At(loc) + " points to " + At(z_off) +
                               ", outside the bytes before it");
      }
      ByteReader z(archive_);
      SUTURE_RETURN_IF_ERROR(z.Seek(z_off));
      uint64_t rec_size = 0, z_n_disk = 0, z_n_total = 0;
      uint16_t made = 0, needed = 0;
      uint32_t z_this_disk = 0, z_cd_disk = 0;
      SUTURE_RETURN_IF_ERROR(z.ReadU32(&sig));
      if (sig != kZip64EocdSig) {
        return Status::Corrupt("zip64 end of central directory at " + At(z_off) +
                               ": bad signature " + Hex32(sig));
      }
      SUTURE_RETURN_IF_ERROR(z.ReadU64(&rec_size));
      if (rec_size < kZip64EocdSize - 12 || !RangeFits(z_off + 12, rec_size, loc)) {
        return Status::Corrupt("zip64 end of central directory at " + At(z_off) + ": record size " +
                               std::to_string(rec_size) + " does not fit before the locator");
      }
      SUTURE_RETURN_IF_ERROR(z.ReadU16(&made));
      SUTURE_RETURN_IF_ERROR(z.ReadU16(&needed));
      SUTURE_RETURN_IF_ERROR(z.ReadU32(&z_this_disk));
      SUTURE_RETURN_IF_ERROR(z.ReadU32(&z_cd_disk));
      SUTURE_RETURN_IF_ERROR(z.ReadU64(&z_n_disk));
      SUTURE_RETURN_IF_ERROR(z.ReadU64(&z_n_total));
      SUTURE_RETURN_IF_ERROR(z.ReadU64(&cd_size));
      SUTURE_RETURN_IF_ERROR(z.ReadU64(&cd_off));
      if (z_this_disk != 0 || z_cd_disk != 0 || z_n_disk != z_n_total) {
        return Status::Unsupported("zip64 end of central directory at " + At(z_off) +
                                   ": multi-disk archives are not supported");
      }
      n = z_n_total;
      zip64_ = true;
      end_records_offset_ = z_off;
    }
  }

  if (!RangeFits(cd_off, cd_size, end_records_offset_)) {
    return Status::Corrupt("central directory at " + At(cd_off) + " of " + std::to_string(cd_size) +
                           " bytes runs past its end record at " + At(end_records_offset_));
  }
  if (n > limits.max_entries) {
    return Status::LimitExceeded("end of central directory: " + std::to_string(n) +
                                 " entries exceed limit " + std::to_string(limits.max_entries));
  }
  // Each record takes at least 46 bytes: reject counts the bytes cannot hold
  // before anything is sized from them.
  if (n > cd_size / kCentralHeaderSize) {
    return Status::Corrupt("end of central directory: " + std::to_string(n) +
                           " entries cannot fit in a central directory of " +
                           std::to_string(cd_size) + " bytes");
  }
  cd_offset_ = cd_off;
  cd_size_ = cd_size;
  *count = n;
  return Status::Ok();
}

Status ZipReader::ParseCentralDirectory(const ZipLimits& limits, uint64_t count) {
  ByteReader cd(archive_);
  SUTURE_RETURN_IF_ERROR(cd.SubReader(cd_offset_, cd_size_, &cd));
  entries_.reserve(count);
  by_name_.reserve(count);
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t rec = cd_offset_ + cd.offset();
    const std::string where =
        "entry " + std::to_string(i) + ": central directory record at " + At(rec);
    uint32_t sig = 0;
    uint16_t made = 0, needed = 0, flags = 0, method = 0, time = 0, date = 0;
    uint16_t name_len = 0, extra_len = 0, comment_len = 0, disk = 0, internal = 0;
    uint32_t crc = 0, comp32 = 0, uncomp32 = 0, external = 0, lho32 = 0;
    Status s = cd.ReadU32(&sig);
    if (s.ok() && sig != kCentralSig) {
      return Status::Corrupt(where + ": bad signature " + Hex32(sig));
    }
    for (uint16_t* p : {&made, &needed, &flags, &method, &time, &date}) {
      if (s.ok()) s = cd.ReadU16(p);
    }
    for (uint32_t* p : {&crc, &comp32, &uncomp32}) {
      if (s.ok()) s = cd.ReadU32(p);
    }
    for (uint16_t* p : {&name_len, &extra_len, &comment_len, &disk, &internal}) {
      if (s.ok()) s = cd.ReadU16(p);
    }
    for (uint32_t* p : {&external, &lho32}) {
      if (s.ok()) s = cd.ReadU32(p);
    }
    ByteView name_bytes, extra;
    if (s.ok()) s = cd.ReadBytes(name_len, &name_bytes);
    if (s.ok()) s = cd.ReadBytes(extra_len, &extra);
    if (s.ok()) s = cd.Skip(comment_len);
    if (!s.ok()) {
      return Status::Corrupt(where + ": truncated (central directory of " +
                             std::to_string(cd_size_) + " bytes ends inside it)");
    }

    ZipEntry e;
    e.index = static_cast<uint32_t>(i);
    e.name.assign(reinterpret_cast<const char*>(name_bytes.data()), name_bytes.size());
    e.method = method;
    e.flags = flags;
    e.crc32 = crc;
    e.compressed_size = comp32;
    e.uncompressed_size = uncomp32;
    e.local_header_offset = lho32;
    e.dos_time = time;
    e.dos_date = date;
    e.version_made_by = made;
    e.internal_attrs = internal;
    e.external_attrs = external;
    const std::string label = EntryLabel(i, e.name);

    uint32_t disk32 = disk;
    Zip64Fields f{uncomp32 == kMax32 ? &e.uncompressed_size : nullptr,
                  comp32 == kMax32 ? &e.compressed_size : nullptr,
                  lho32 == kMax32 ? &e.local_header_offset : nullptr,
                  disk == kMax16 ? &disk32 : nullptr};
    bool found = false;
    if (Status z = ReadZip64Extra(extra, f, &found); !z.ok()) {
      return Status::Corrupt(label + ": " + z.message());
    }
    if (disk32 != 0) {
      return Status::Unsupported(label + ": starts on disk " + std::to_string(disk32) +
                                 " (multi-disk archives are not supported)");
    }
    if (Status n = CheckEntryName(e.name); !n.ok()) {
      return Status::Corrupt(label + ": unsafe name: " + n.message());
    }
    if (const std::optional<size_t> bad = FindInvalidUtf8(e.name)) {
      return Status::Corrupt(label + ": name is not UTF-8 (offset " + std::to_string(*bad) + ")");
    }
    if (flags & (kFlagEncrypted | kFlagStrongEncryption)) {
      return Status::Unsupported(label + ": encrypted entries are not supported");
    }
    if (method != kZipStored && method != kZipDeflated) {
      return Status::Unsupported(label + ": compression method " + std::to_string(method) +
                                 " is not supported (only 0 stored and 8 deflated)");
    }
    if (e.uncompressed_size > limits.max_entry_size) {
      return Status::LimitExceeded(label + ": declared size " +
                                   std::to_string(e.uncompressed_size) + " exceeds limit " +
                                   std::to_string(limits.max_entry_size));
    }
    if (e.uncompressed_size > limits.max_total_size - std::min(total, limits.max_total_size)) {
      return Status::LimitExceeded(label + ": total declared size of entries 0.." +
                                   std::to_string(i) + " exceeds limit " +
                                   std::to_string(limits.max_total_size));
    }
    total += e.uncompressed_size;
    if (method == kZipStored && e.compressed_size != e.uncompressed_size) {
      return Status::Corrupt(label + ": stored entry has compressed size " +
                             std::to_string(e.compressed_size) + " but uncompressed size " +
                             std::to_string(e.uncompressed_size));
    }
    if (method == kZipDeflated &&
        static_cast<unsigned __int128>(e.uncompressed_size) >
            static_cast<unsigned __int128>(e.compressed_size) * limits.max_compression_ratio) {
      return Status::LimitExceeded(label + ": declared compression ratio of " +
                                   std::to_string(e.uncompressed_size) + " from " +
                                   std::to_string(e.compressed_size) + " bytes exceeds limit " +
                                   std::to_string(limits.max_compression_ratio) + ":1 (zip bomb)");
    }
    auto [it, inserted] = by_name_.emplace(e.name, e.index);
    if (!inserted) {
      return Status::AlreadyExists(label + ": duplicate name (also entry " +
                                   std::to_string(it->second) + ")");
    }
    SUTURE_RETURN_IF_ERROR(CheckLocalHeader(&e));
    entries_.push_back(std::move(e));
  }
  if (!cd.at_end()) {
    return Status::Corrupt("central directory at " + At(cd_offset_) + ": " +
                           std::to_string(cd.remaining()) + " bytes left after " +
                           std::to_string(count) + " declared entries");
  }
  // Names are unique by now (by_name_); the other name clash needs them all.
  return CheckFilesAreNotFolders(entries_);
}

Status ZipReader::CheckLocalHeader(ZipEntry* e) const {
  const std::string label = EntryLabel(e->index, e->name);
  const uint64_t lho = e->local_header_offset;
  if (!RangeFits(lho, kLocalHeaderSize, cd_offset_)) {
    return Status::Corrupt(label + ": local header at " + At(lho) +
                           " is not before the central directory at " + At(cd_offset_));
  }
  ByteReader r(archive_.first(cd_offset_));
  SUTURE_RETURN_IF_ERROR(r.Seek(lho));
  uint32_t sig = 0, crc = 0, comp32 = 0, uncomp32 = 0;
  uint16_t needed = 0, flags = 0, method = 0, time = 0, date = 0, name_len = 0, extra_len = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&sig));
  if (sig != kLocalSig) {
    return Status::Corrupt(label + ": bad local header signature " + Hex32(sig) + " at " + At(lho));
  }
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&needed));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&flags));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&method));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&time));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&date));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&crc));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&comp32));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&uncomp32));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&name_len));
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&extra_len));
  ByteView name, extra;
  if (!r.ReadBytes(name_len, &name).ok() || !r.ReadBytes(extra_len, &extra).ok()) {
    return Status::Corrupt(label + ": local header at " + At(lho) +
                           " runs into the central directory");
  }
  if (method != e->method) {
    return Status::Corrupt(label + ": local header method " + std::to_string(method) +
                           " differs from central directory method " + std::to_string(e->method));
  }
  if (AsStringView(name) != e->name) {
    return Status::Corrupt(label + ": local header name differs from the central directory");
  }
  if (!(flags & kFlagDataDescriptor)) {
    uint64_t comp = comp32, uncomp = uncomp32;
    if (comp32 == kMax32 || uncomp32 == kMax32) {
      bool found = false;
      // The local zip64 block holds both sizes (APPNOTE 4.5.3).
      Status z = ReadZip64Extra(extra, {&uncomp, &comp, nullptr, nullptr}, &found);
      if (!z.ok()) return Status::Corrupt(label + ": local header: " + z.message());
      if (!found) comp = comp32, uncomp = uncomp32;
    }
    if (crc != e->crc32 || comp != e->compressed_size || uncomp != e->uncompressed_size) {
      return Status::Corrupt(label + ": local header CRC/sizes (" + Hex32(crc) + ", " +
                             std::to_string(comp) + ", " + std::to_string(uncomp) +
                             ") differ from the central directory (" + Hex32(e->crc32) + ", " +
                             std::to_string(e->compressed_size) + ", " +
                             std::to_string(e->uncompressed_size) + ")");
    }
  }
  e->data_offset = r.offset();
  if (!RangeFits(e->data_offset, e->compressed_size, cd_offset_)) {
    return Status::Corrupt(
        label + ": data at " + At(e->data_offset) + " of " + std::to_string(e->compressed_size) +
        " bytes runs past the start of the central directory at " + At(cd_offset_));
  }
  return Status::Ok();
}

Status ZipReader::CheckLayout() const {
  struct Span {
    uint64_t begin, end;
    uint32_t index;
  };
  std::vector<Span> spans;
  spans.reserve(entries_.size());
  for (const ZipEntry& e : entries_) {
    uint64_t end = e.data_offset + e.compressed_size;  // <= cd_offset_, no overflow
    if (e.flags & kFlagDataDescriptor) {
      // crc + two sizes (4 or 8 bytes each), optionally after a signature.
      // Count the smallest form: a zip64 descriptor's extra 8 bytes can only
      // hide an overlap with bytes nobody reads, never reject a valid layout.
      ByteReader r(archive_.first(cd_offset_));
      uint32_t first = 0;
      uint64_t len = 12;
      if (r.Seek(end).ok() && r.ReadU32(&first).ok() && first == kDataDescriptorSig) len += 4;
      if (!RangeFits(end, len, cd_offset_)) {
        return Status::Corrupt(EntryLabel(e.index, e.name) + ": data descriptor at " + At(end) +
                               " runs past the start of the central directory at " +
                               At(cd_offset_));
      }
      end += len;
    }
    spans.push_back({e.local_header_offset, end, e.index});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < spans.size(); ++i) {
    const Span& prev = spans[i - 1];
    const Span& cur = spans[i];
    if (cur.begin < prev.end) {
      const ZipEntry& p = entries_[prev.index];
      return Status::Corrupt(EntryLabel(cur.index, entries_[cur.index].name) +
                             ": local header at " + At(cur.begin) + " overlaps " +
                             EntryLabel(p.index, p.name) + " spanning [" +
                             std::to_string(prev.begin) + ", " + std::to_string(prev.end) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace suture::diff
