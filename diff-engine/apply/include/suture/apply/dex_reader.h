// A bounds-checked reader for DEX files, versions 035 to 041.
//
// DexFile::Parse validates the header, the map_list and the id tables
// (string, type, proto, field, method ids, class_defs, call_site_ids,
// method_handles) and keeps a view of the caller's bytes: the bytes must
// outlive the DexFile. ForEachRef() walks every data item listed in the
// map_list (type lists, annotation set ref lists, annotation sets, class data,
// code items with every instruction and payload, try/catch handlers, string
// data, debug info, annotations, encoded arrays, annotation directories,
// hiddenapi data) and reports every index and offset reference it finds, in
// the id tables and in the data items. Validate() is ForEachRef() without a
// visitor. Every failure is kCorrupt (or kUnsupported for a valid file this
// reader does not handle) with a message naming the item and its file offset.
//
// Thread-safety: a parsed DexFile is immutable; const methods may be called
// from several threads.
#ifndef SUTURE_APPLY_DEX_READER_H_
#define SUTURE_APPLY_DEX_READER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::dex {

inline constexpr uint32_t kNoIndex = 0xFFFFFFFFu;
inline constexpr uint32_t kHeaderSize = 0x70;

// Map item type codes (dex format, "type codes").
enum MapType : uint16_t {
  kTypeHeaderItem = 0x0000,
  kTypeStringIdItem = 0x0001,
  kTypeTypeIdItem = 0x0002,
  kTypeProtoIdItem = 0x0003,
  kTypeFieldIdItem = 0x0004,
  kTypeMethodIdItem = 0x0005,
  kTypeClassDefItem = 0x0006,
  kTypeCallSiteIdItem = 0x0007,
  kTypeMethodHandleItem = 0x0008,
  kTypeMapList = 0x1000,
  kTypeTypeList = 0x1001,
  kTypeAnnotationSetRefList = 0x1002,
  kTypeAnnotationSetItem = 0x1003,
  kTypeClassDataItem = 0x2000,
  kTypeCodeItem = 0x2001,
  kTypeStringDataItem = 0x2002,
  kTypeDebugInfoItem = 0x2003,
  kTypeAnnotationItem = 0x2004,
  kTypeEncodedArrayItem = 0x2005,
  kTypeAnnotationsDirectoryItem = 0x2006,
  kTypeHiddenapiClassDataItem = 0xF000,
};

// What a reference points at.
enum class RefKind : uint8_t {
  kString = 0,
  kType = 1,
  kProto = 2,
  kField = 3,
  kMethod = 4,
  kCallSite = 5,
  kMethodHandle = 6,
  kOffset = 7,  // a file offset (0 = none)
};
inline constexpr int kNumIndexKinds = 7;  // kString .. kMethodHandle

// How the reference is encoded at its file offset.
enum class RefEnc : uint8_t {
  kU16 = 0,
  kU32 = 1,
  kUleb = 2,
  kUlebP1 = 3,        // uleb128p1; value kNoIndex encodes -1
  kUlebDiff = 4,      // class_data field/method index delta; value is absolute
  kEncodedValue = 5,  // encoded_value header byte + payload; aux = value_type
};

struct Ref {
  uint32_t off = 0;    // file offset of the first encoded byte
  uint32_t value = 0;  // decoded value (absolute index or file offset)
  RefKind kind = RefKind::kString;
  RefEnc enc = RefEnc::kU32;
  uint8_t len = 0;  // encoded length in bytes
  uint8_t aux = 0;  // kUlebDiff: 1 when first of its list; kEncodedValue: value type
};

class RefVisitor {
 public:
  virtual ~RefVisitor() = default;
  virtual void OnRef(const Ref& ref) = 0;
};

struct DexLimits {
  uint64_t max_file_size = 256u << 20;
};

struct Section {
  uint32_t size = 0;
  uint32_t off = 0;
};

struct MapItem {
  uint16_t type = 0;
  uint32_t size = 0;
  uint32_t off = 0;
};

struct ProtoId {
  uint32_t shorty_idx;
  uint32_t return_type_idx;
  uint32_t parameters_off;
};
struct FieldId {
  uint16_t class_idx;
  uint16_t type_idx;
  uint32_t name_idx;
};
struct MethodId {
  uint16_t class_idx;
  uint16_t proto_idx;
  uint32_t name_idx;
};
struct ClassDef {
  uint32_t class_idx;
  uint32_t access_flags;
  uint32_t superclass_idx;
  uint32_t interfaces_off;
  uint32_t source_file_idx;
  uint32_t annotations_off;
  uint32_t class_data_off;
  uint32_t static_values_off;
};
struct MethodHandle {
  uint16_t type;
  uint16_t field_or_method_id;
};
// One entry of a class_data_item.
struct ClassMember {
  uint32_t idx;  // field or method index (absolute)
  uint32_t access_flags;
  uint32_t code_off;  // methods only; 0 = abstract/native
  bool is_method;
};

class DexFile {
 public:
  // Validates the header, map_list and id tables of `data`.
  // REQUIRES: `data` outlives the DexFile.
  static StatusOr<DexFile> Parse(ByteView data, const DexLimits& limits = {});

  ByteView data() const { return data_; }
  int version() const { return version_; }  // 35..41
  const std::vector<MapItem>& map() const { return map_; }

  uint32_t count(RefKind kind) const { return counts_[static_cast<int>(kind)]; }
  const Section& string_ids() const { return string_ids_; }
  const Section& type_ids() const { return type_ids_; }
  const Section& proto_ids() const { return proto_ids_; }
  const Section& field_ids() const { return field_ids_; }
  const Section& method_ids() const { return method_ids_; }
  const Section& class_defs() const { return class_defs_; }
  const Section& call_site_ids() const { return call_site_ids_; }
  const Section& method_handles() const { return method_handles_; }

  // Accessors. REQUIRES: idx < the matching count (checked by callers).
  uint32_t StringDataOff(uint32_t idx) const;
  uint32_t TypeDescriptorIdx(uint32_t idx) const;
  ProtoId Proto(uint32_t idx) const;
  FieldId Field(uint32_t idx) const;
  MethodId Method(uint32_t idx) const;
  ClassDef Class(uint32_t idx) const;
  MethodHandle Handle(uint32_t idx) const;
  uint32_t CallSiteOff(uint32_t idx) const;

  // The MUTF-8 bytes of string `idx` (without the terminating NUL).
  StatusOr<std::string_view> String(uint32_t idx) const;
  // The type indices of the type_list at `off` (0 = empty list).
  Status TypeList(uint32_t off, std::vector<uint16_t>* out) const;
  // The fields and methods of the class_data_item at `off`, in file order.
  Status ClassData(uint32_t off, std::vector<ClassMember>* out) const;
  // debug_info_off of the code_item at `off`.
  StatusOr<uint32_t> CodeDebugInfoOff(uint32_t off) const;

  // Reports every reference in the file (id tables, then the data sections in
  // map_list order). Validates each item while walking.
  Status ForEachRef(RefVisitor* visitor) const;
  // Full structural validation (ForEachRef without a visitor).
  Status Validate() const { return ForEachRef(nullptr); }

 private:
  DexFile() = default;
  ByteView data_;
  int version_ = 0;
  uint32_t counts_[kNumIndexKinds] = {};
  Section string_ids_, type_ids_, proto_ids_, field_ids_, method_ids_, class_defs_, call_site_ids_,
      method_handles_, data_section_, link_;
  uint32_t map_off_ = 0;
  std::vector<MapItem> map_;
};

}  // namespace suture::dex

#endif  // SUTURE_APPLY_DEX_READER_H_
