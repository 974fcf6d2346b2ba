// DexFile: header, map_list and id tables. The data-item walk is in dex_walk.cc.
#include "suture/apply/dex_reader.h"

#include <cstring>
#include <string>

namespace suture::dex {
namespace {

uint32_t LoadU32(ByteView d, size_t off) {
  return static_cast<uint32_t>(d[off]) | static_cast<uint32_t>(d[off + 1]) << 8 |
         static_cast<uint32_t>(d[off + 2]) << 16 | static_cast<uint32_t>(d[off + 3]) << 24;
}
uint16_t LoadU16(ByteView d, size_t off) { return static_cast<uint16_t>(d[off] | d[off + 1] << 8); }

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

Status CheckTable(const char* name, const Section& s, uint32_t elem, size_t file_size) {
  if (s.size == 0) return Status::Ok();
  if (s.off % 4 != 0)
    return Status::Corrupt(std::string("dex header: ") + name + " offset " + Hex(s.off) +
                           " not 4-byte aligned");
  if (!RangeFits(s.off, static_cast<uint64_t>(s.size) * elem, file_size))
    return Status::Corrupt(std::string("dex header: ") + name + " (" + std::to_string(s.size) +
                           " items at " + Hex(s.off) + ") exceeds file size " +
                           std::to_string(file_size));
  if (s.off < kHeaderSize)
    return Status::Corrupt(std::string("dex header: ") + name + " offset " + Hex(s.off) +
                           " overlaps the header");
  return Status::Ok();
}

}  // namespace

StatusOr<DexFile> DexFile::Parse(ByteView data, const DexLimits& limits) {
  if (data.size() > limits.max_file_size)
    return Status::LimitExceeded("dex: size " + std::to_string(data.size()) + " exceeds limit " +
                                 std::to_string(limits.max_file_size));
  if (data.size() < kHeaderSize)
    return Status::Corrupt("dex: " + std::to_string(data.size()) +
                           " bytes is shorter than the 112-byte header");
  if (std::memcmp(data.data(), "dex\n", 4) != 0 || data[7] != 0)
    return Status::Corrupt("dex header: bad magic at offset 0");
  int version = 0;
  for (int i = 4; i < 7; ++i) {
    if (data[i] < '0' || data[i] > '9') return Status::Corrupt("dex header: bad version digits");
    version = version * 10 + (data[i] - '0');
  }
  if (version < 35 || version > 41)
    return Status::Unsupported("dex header: version " +
                               std::string(reinterpret_cast<const char*>(data.data()) + 4, 3) +
                               " not in 035..041");
  DexFile f;
  f.data_ = data;
  f.version_ = version;
  ByteReader r(data);
  SUTURE_RETURN_IF_ERROR(r.Seek(32));
  uint32_t file_size, header_size, endian;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&file_size));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&header_size));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&endian));
  if (endian != 0x12345678u)
    return Status::Unsupported("dex header: endian_tag " + Hex(endian) +
                               " (only little-endian 0x12345678 is supported)");
  if (file_size != data.size())
    return Status::Corrupt("dex header: file_size " + std::to_string(file_size) +
                           " != actual size " + std::to_string(data.size()));
  if (header_size < kHeaderSize || header_size > file_size)
    return Status::Corrupt("dex header: header_size " + std::to_string(header_size) + " invalid");
  if (version >= 41 && header_size >= 0x78) {
    uint32_t container_size = LoadU32(data, 0x70), header_off = LoadU32(data, 0x74);
    if (container_size != file_size || header_off != 0)
      return Status::Unsupported("dex header: v41 multi-dex container (container_size " +
                                 std::to_string(container_size) + ") not supported");
  }
  auto read_section = [&r](Section* s) -> Status {
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&s->size));
    return r.ReadU32(&s->off);
  };
  SUTURE_RETURN_IF_ERROR(read_section(&f.link_));
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&f.map_off_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.string_ids_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.type_ids_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.proto_ids_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.field_ids_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.method_ids_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.class_defs_));
  SUTURE_RETURN_IF_ERROR(read_section(&f.data_section_));
  SUTURE_RETURN_IF_ERROR(CheckTable("string_ids", f.string_ids_, 4, data.size()));
  SUTURE_RETURN_IF_ERROR(CheckTable("type_ids", f.type_ids_, 4, data.size()));
  SUTURE_RETURN_IF_ERROR(CheckTable("proto_ids", f.proto_ids_, 12, data.size()));
  SUTURE_RETURN_IF_ERROR(CheckTable("field_ids", f.field_ids_, 8, data.size()));
  SUTURE_RETURN_IF_ERROR(CheckTable("method_ids", f.method_ids_, 8, data.size()));
  SUTURE_RETURN_IF_ERROR(CheckTable("class_defs", f.class_defs_, 32, data.size()));
  if (f.type_ids_.size > 65536)
    return Status::Corrupt("dex header: type_ids_size " + std::to_string(f.type_ids_.size) +
                           " exceeds 65536");
  if (f.proto_ids_.size > 65536)
    return Status::Corrupt("dex header: proto_ids_size " + std::to_string(f.proto_ids_.size) +
                           " exceeds 65536");
  if (f.link_.size != 0 && !RangeFits(f.link_.off, f.link_.size, data.size()))
    return Status::Corrupt("dex header: link section exceeds file size");

  // map_list
  if (f.map_off_ == 0 || f.map_off_ % 4 != 0)
    return Status::Corrupt("dex header: map_off " + Hex(f.map_off_) + " invalid");
  SUTURE_RETURN_IF_ERROR(r.Seek(f.map_off_).WithContext("dex header: map_off"));
  uint32_t map_count;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&map_count).WithContext("dex map_list"));
  if (map_count > r.remaining() / 12)
    return Status::Corrupt("dex map_list at " + Hex(f.map_off_) + ": " + std::to_string(map_count) +
                           " items exceed file size");
  f.map_.reserve(map_count);
  for (uint32_t i = 0; i < map_count; ++i) {
    MapItem m;
    uint16_t unused;
    SUTURE_RETURN_IF_ERROR(r.ReadU16(&m.type));
    SUTURE_RETURN_IF_ERROR(r.ReadU16(&unused));
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&m.size));
    SUTURE_RETURN_IF_ERROR(r.ReadU32(&m.off));
    if (m.off > data.size())
      return Status::Corrupt("dex map_list item " + std::to_string(i) + " (type " + Hex(m.type) +
                             "): offset " + Hex(m.off) + " beyond end of file");
    for (const MapItem& prev : f.map_)
      if (prev.type == m.type)
        return Status::Corrupt("dex map_list: type " + Hex(m.type) + " listed twice");
    if (m.type == kTypeCallSiteIdItem) f.call_site_ids_ = {m.size, m.off};
    if (m.type == kTypeMethodHandleItem) f.method_handles_ = {m.size, m.off};
    f.map_.push_back(m);
  }
  SUTURE_RETURN_IF_ERROR(CheckTable("call_site_ids", f.call_site_ids_, 4, data.size()));
  SUTURE_RETURN_IF_ERROR(CheckTable("method_handles", f.method_handles_, 8, data.size()));
  f.counts_[static_cast<int>(RefKind::kString)] = f.string_ids_.size;
  f.counts_[static_cast<int>(RefKind::kType)] = f.type_ids_.size;
  f.counts_[static_cast<int>(RefKind::kProto)] = f.proto_ids_.size;
  f.counts_[static_cast<int>(RefKind::kField)] = f.field_ids_.size;
  f.counts_[static_cast<int>(RefKind::kMethod)] = f.method_ids_.size;
  f.counts_[static_cast<int>(RefKind::kCallSite)] = f.call_site_ids_.size;
  f.counts_[static_cast<int>(RefKind::kMethodHandle)] = f.method_handles_.size;
  return f;
}

uint32_t DexFile::StringDataOff(uint32_t idx) const {
  return LoadU32(data_, string_ids_.off + 4 * idx);
}
uint32_t DexFile::TypeDescriptorIdx(uint32_t idx) const {
  return LoadU32(data_, type_ids_.off + 4 * idx);
}
ProtoId DexFile::Proto(uint32_t idx) const {
  size_t o = proto_ids_.off + 12 * static_cast<size_t>(idx);
  return {LoadU32(data_, o), LoadU32(data_, o + 4), LoadU32(data_, o + 8)};
}
FieldId DexFile::Field(uint32_t idx) const {
  size_t o = field_ids_.off + 8 * static_cast<size_t>(idx);
  return {LoadU16(data_, o), LoadU16(data_, o + 2), LoadU32(data_, o + 4)};
}
MethodId DexFile::Method(uint32_t idx) const {
  size_t o = method_ids_.off + 8 * static_cast<size_t>(idx);
  return {LoadU16(data_, o), LoadU16(data_, o + 2), LoadU32(data_, o + 4)};
}
ClassDef DexFile::Class(uint32_t idx) const {
  size_t o = class_defs_.off + 32 * static_cast<size_t>(idx);
  ClassDef c;
  uint32_t* fields[] = {&c.class_idx,      &c.access_flags,     &c.superclass_idx,
                        &c.interfaces_off, &c.source_file_idx,  &c.annotations_off,
                        &c.class_data_off, &c.static_values_off};
  for (int i = 0; i < 8; ++i) *fields[i] = LoadU32(data_, o + 4 * i);
  return c;
}
MethodHandle DexFile::Handle(uint32_t idx) const {
  size_t o = method_handles_.off + 8 * static_cast<size_t>(idx);
  return {LoadU16(data_, o), LoadU16(data_, o + 4)};
}
uint32_t DexFile::CallSiteOff(uint32_t idx) const {
  return LoadU32(data_, call_site_ids_.off + 4 * idx);
}

StatusOr<std::string_view> DexFile::String(uint32_t idx) const {
  if (idx >= string_ids_.size)
    return Status::Corrupt("dex: string index " + std::to_string(idx) + " out of range");
  uint32_t off = StringDataOff(idx);
  ByteReader r(data_);
  SUTURE_RETURN_IF_ERROR(r.Seek(off).WithContext("dex string_id " + std::to_string(idx)));
  uint32_t utf16_size;
  SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&utf16_size).WithContext("dex string_data at " + Hex(off)));
  ByteView rest = data_.subspan(r.offset());
  const void* nul = std::memchr(rest.data(), 0, rest.size());
  if (nul == nullptr)
    return Status::Corrupt("dex string_data at " + Hex(off) + ": missing NUL terminator");
  size_t n = static_cast<const uint8_t*>(nul) - rest.data();
  return std::string_view(reinterpret_cast<const char*>(rest.data()), n);
}

Status DexFile::TypeList(uint32_t off, std::vector<uint16_t>* out) const {
  out->clear();
  if (off == 0) return Status::Ok();
  ByteReader r(data_);
  std::string where = "dex type_list at " + Hex(off);
  SUTURE_RETURN_IF_ERROR(r.Seek(off).WithContext(where));
  uint32_t n;
  SUTURE_RETURN_IF_ERROR(r.ReadU32(&n).WithContext(where));
  if (n > r.remaining() / 2)
    return Status::Corrupt(where + ": size " + std::to_string(n) + " exceeds file");
  out->resize(n);
  for (uint32_t i = 0; i < n; ++i) SUTURE_RETURN_IF_ERROR(r.ReadU16(&(*out)[i]));
  return Status::Ok();
}

Status DexFile::ClassData(uint32_t off, std::vector<ClassMember>* out) const {
  out->clear();
  if (off == 0) return Status::Ok();
  std::string where = "dex class_data_item at " + Hex(off);
  ByteReader r(data_);
  SUTURE_RETURN_IF_ERROR(r.Seek(off).WithContext(where));
  uint32_t sizes[4];
  for (uint32_t& s : sizes) SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&s).WithContext(where));
  uint64_t total = uint64_t{sizes[0]} + sizes[1] + sizes[2] + sizes[3];
  if (total > r.remaining() / 2)
    return Status::Corrupt(where + ": member count " + std::to_string(total) + " exceeds file");
  out->reserve(total);
  for (int list = 0; list < 4; ++list) {
    uint32_t idx = 0;
    for (uint32_t i = 0; i < sizes[list]; ++i) {
      ClassMember m{};
      uint32_t diff;
      SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&diff).WithContext(where));
      idx = (i == 0) ? diff : idx + diff;
      m.idx = idx;
      m.is_method = list >= 2;
      SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&m.access_flags).WithContext(where));
      if (m.is_method) SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&m.code_off).WithContext(where));
      out->push_back(m);
    }
  }
  return Status::Ok();
}

StatusOr<uint32_t> DexFile::CodeDebugInfoOff(uint32_t off) const {
  if (!RangeFits(off, 16, data_.size()))
    return Status::Corrupt("dex code_item at " + Hex(off) + ": truncated");
  return LoadU32(data_, off + 8);
}

}  // namespace suture::dex
