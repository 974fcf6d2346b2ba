// DexFile::ForEachRef: walks the id tables and every data item listed in the
// map_list, validating each item and reporting every reference.
#include <cstdio>
#include <string>

#include "dex_opcodes.h"
#include "suture/apply/dex_reader.h"

namespace suture::dex {
namespace {

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

constexpr int kMaxValueDepth = 64;

class Walker {
 public:
  Walker(const DexFile& f, RefVisitor* v) : f_(f), v_(v), r_(f.data()) {}

  Status Run() {
    SUTURE_RETURN_IF_ERROR(HeaderAndMap());
    SUTURE_RETURN_IF_ERROR(IdTables());
    for (const MapItem& m : f_.map()) {
      SUTURE_RETURN_IF_ERROR(DataSection(m));
    }
    return Status::Ok();
  }

 private:
  Status Bad(const std::string& what) const {
    return Status::Corrupt("dex " + std::string(item_) + " at " + Hex(item_off_) + ": " + what);
  }

  Status Emit(RefKind kind, RefEnc enc, size_t off, size_t len, uint32_t value, uint8_t aux = 0,
              bool allow_none = false) {
    if (kind == RefKind::kOffset) {
      if (value > f_.data().size())
        return Bad("offset " + Hex(value) + " at " + Hex(off) + " beyond end of file");
    } else if (!(allow_none && value == kNoIndex) && value >= f_.count(kind)) {
      static const char* kNames[] = {"string", "type",      "proto",        "field",
                                     "method", "call_site", "method_handle"};
      return Bad(std::string(kNames[static_cast<int>(kind)]) + " index " + std::to_string(value) +
                 " at " + Hex(off) + " out of range (count " + std::to_string(f_.count(kind)) +
                 ")");
    }
    if (v_ != nullptr) {
      Ref ref;
      ref.off = static_cast<uint32_t>(off);
      ref.value = value;
      ref.kind = kind;
      ref.enc = enc;
      ref.len = static_cast<uint8_t>(len);
      ref.aux = aux;
      v_->OnRef(ref);
    }
    return Status::Ok();
  }

  // Fixed-width fields: read at the cursor, then report.
  Status U16(RefKind k, bool allow_none = false) {
    size_t off = r_.offset();
    uint16_t v;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&v)));
    uint32_t val = (allow_none && v == 0xFFFF) ? kNoIndex : v;
    return Emit(k, RefEnc::kU16, off, 2, val, 0, allow_none);
  }
  Status U32(RefKind k, bool allow_none = false) {
    size_t off = r_.offset();
    uint32_t v;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&v)));
    return Emit(k, RefEnc::kU32, off, 4, v, 0, allow_none);
  }
  Status Uleb(RefKind k, uint32_t* out = nullptr) {
    size_t off = r_.offset();
    uint32_t v;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadUleb128(&v)));
    if (out) *out = v;
    return Emit(k, RefEnc::kUleb, off, r_.offset() - off, v);
  }
  Status UlebP1(RefKind k) {
    size_t off = r_.offset();
    int64_t v;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadUleb128p1(&v)));
    uint32_t val = v < 0 ? kNoIndex : static_cast<uint32_t>(v);
    return Emit(k, RefEnc::kUlebP1, off, r_.offset() - off, val, 0, true);
  }
  Status Plain(uint32_t* out) { return Ctx(r_.ReadUleb128(out)); }
  Status Ctx(Status s) const { return s.ok() ? s : s.WithContext(Where()); }
  std::string Where() const { return "dex " + std::string(item_) + " at " + Hex(item_off_); }

  void Begin(const char* item) {
    item_ = item;
    item_off_ = r_.offset();
  }
  Status Align4() {
    size_t pad = (4 - r_.offset() % 4) % 4;
    return Ctx(r_.Skip(pad));
  }

  Status HeaderAndMap() {
    Begin("header");
    static const uint32_t kOffs[] = {0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c};
    ByteView d = f_.data();
    auto load = [&d](size_t o) {
      return static_cast<uint32_t>(d[o] | d[o + 1] << 8 | d[o + 2] << 16 |
                                   static_cast<uint32_t>(d[o + 3]) << 24);
    };
    for (uint32_t o : kOffs)
      SUTURE_RETURN_IF_ERROR(Emit(RefKind::kOffset, RefEnc::kU32, o, 4, load(o)));
    if (load(0x30) != 0)
      SUTURE_RETURN_IF_ERROR(Emit(RefKind::kOffset, RefEnc::kU32, 0x30, 4, load(0x30)));
    uint32_t map_off = load(0x34);
    for (size_t i = 0; i < f_.map().size(); ++i) {
      size_t o = map_off + 4 + 12 * i + 8;
      SUTURE_RETURN_IF_ERROR(Emit(RefKind::kOffset, RefEnc::kU32, o, 4, f_.map()[i].off));
    }
    return Status::Ok();
  }

  Status IdTables() {
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.string_ids().off));
    Begin("string_ids");
    for (uint32_t i = 0; i < f_.string_ids().size; ++i)
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.type_ids().off));
    Begin("type_ids");
    for (uint32_t i = 0; i < f_.type_ids().size; ++i) SUTURE_RETURN_IF_ERROR(U32(RefKind::kString));
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.proto_ids().off));
    Begin("proto_ids");
    for (uint32_t i = 0; i < f_.proto_ids().size; ++i) {
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kString));
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kType));
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    }
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.field_ids().off));
    Begin("field_ids");
    for (uint32_t i = 0; i < f_.field_ids().size; ++i) {
      SUTURE_RETURN_IF_ERROR(U16(RefKind::kType));
      SUTURE_RETURN_IF_ERROR(U16(RefKind::kType));
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kString));
    }
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.method_ids().off));
    Begin("method_ids");
    for (uint32_t i = 0; i < f_.method_ids().size; ++i) {
      SUTURE_RETURN_IF_ERROR(U16(RefKind::kType));
      SUTURE_RETURN_IF_ERROR(U16(RefKind::kProto));
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kString));
    }
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.class_defs().off));
    Begin("class_defs");
    for (uint32_t i = 0; i < f_.class_defs().size; ++i) {
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kType));
      SUTURE_RETURN_IF_ERROR(r_.Skip(4));  // access_flags
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kType, true));
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kString, true));
      for (int k = 0; k < 3; ++k) SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    }
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.call_site_ids().off));
    Begin("call_site_ids");
    for (uint32_t i = 0; i < f_.call_site_ids().size; ++i)
      SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    SUTURE_RETURN_IF_ERROR(r_.Seek(f_.method_handles().off));
    Begin("method_handles");
    for (uint32_t i = 0; i < f_.method_handles().size; ++i) {
      uint16_t type;
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&type)));
      if (type > 8)
        return Bad("method_handle " + std::to_string(i) + ": type " + std::to_string(type) +
                   " unknown");
      SUTURE_RETURN_IF_ERROR(r_.Skip(2));
      SUTURE_RETURN_IF_ERROR(U16(type <= 3 ? RefKind::kField : RefKind::kMethod));
      SUTURE_RETURN_IF_ERROR(r_.Skip(2));
    }
    return Status::Ok();
  }

  Status DataSection(const MapItem& m) {
    switch (m.type) {
      case kTypeHeaderItem:
      case kTypeStringIdItem:
      case kTypeTypeIdItem:
      case kTypeProtoIdItem:
      case kTypeFieldIdItem:
      case kTypeMethodIdItem:
      case kTypeClassDefItem:
      case kTypeCallSiteIdItem:
      case kTypeMethodHandleItem:
      case kTypeMapList:
        return Status::Ok();
      default:
        break;
    }
    SUTURE_RETURN_IF_ERROR(r_.Seek(m.off));
    for (uint32_t i = 0; i < m.size; ++i) {
      switch (m.type) {
        case kTypeTypeList:
          SUTURE_RETURN_IF_ERROR(TypeList());
          break;
        case kTypeAnnotationSetRefList:
          SUTURE_RETURN_IF_ERROR(OffsetList("annotation_set_ref_list"));
          break;
        case kTypeAnnotationSetItem:
          SUTURE_RETURN_IF_ERROR(OffsetList("annotation_set_item"));
          break;
        case kTypeClassDataItem:
          SUTURE_RETURN_IF_ERROR(ClassData());
          break;
        case kTypeCodeItem:
          SUTURE_RETURN_IF_ERROR(CodeItem());
          break;
        case kTypeStringDataItem:
          SUTURE_RETURN_IF_ERROR(StringData());
          break;
        case kTypeDebugInfoItem:
          SUTURE_RETURN_IF_ERROR(DebugInfo());
          break;
        case kTypeAnnotationItem:
          SUTURE_RETURN_IF_ERROR(AnnotationItem());
          break;
        case kTypeEncodedArrayItem:
          Begin("encoded_array_item");
          SUTURE_RETURN_IF_ERROR(EncodedArray(0));
          break;
        case kTypeAnnotationsDirectoryItem:
          SUTURE_RETURN_IF_ERROR(AnnotationsDirectory());
          break;
        case kTypeHiddenapiClassDataItem:
          SUTURE_RETURN_IF_ERROR(Hiddenapi());
          break;
        default:
          return Status::Unsupported("dex map_list: unknown item type " + Hex(m.type) + " at " +
                                     Hex(m.off));
      }
    }
    return Status::Ok();
  }

  Status TypeList() {
    SUTURE_RETURN_IF_ERROR(Align4());
    Begin("type_list");
    uint32_t n;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&n)));
    if (n > r_.remaining() / 2) return Bad("size " + std::to_string(n) + " exceeds file");
    for (uint32_t i = 0; i < n; ++i) SUTURE_RETURN_IF_ERROR(U16(RefKind::kType));
    return Status::Ok();
  }

  Status OffsetList(const char* name) {
    SUTURE_RETURN_IF_ERROR(Align4());
    Begin(name);
    uint32_t n;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&n)));
    if (n > r_.remaining() / 4) return Bad("size " + std::to_string(n) + " exceeds file");
    for (uint32_t i = 0; i < n; ++i) SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    return Status::Ok();
  }

  Status ClassData() {
    Begin("class_data_item");
    uint32_t sizes[4];
    for (uint32_t& s : sizes) SUTURE_RETURN_IF_ERROR(Plain(&s));
    for (int list = 0; list < 4; ++list) {
      if (sizes[list] > r_.remaining() / 2) return Bad("member count exceeds file");
      RefKind kind = list < 2 ? RefKind::kField : RefKind::kMethod;
      uint32_t idx = 0;
      for (uint32_t i = 0; i < sizes[list]; ++i) {
        size_t off = r_.offset();
        uint32_t diff, access;
        SUTURE_RETURN_IF_ERROR(Plain(&diff));
        if (i > 0 && diff == 0) return Bad("duplicate member index in class_data");
        uint64_t next = i == 0 ? uint64_t{diff} : uint64_t{idx} + diff;
        if (next > 0xFFFFFFFFu) return Bad("member index overflows");
        idx = static_cast<uint32_t>(next);
        SUTURE_RETURN_IF_ERROR(
            Emit(kind, RefEnc::kUlebDiff, off, r_.offset() - off, idx, i == 0 ? 1 : 0));
        SUTURE_RETURN_IF_ERROR(Plain(&access));
        if (list >= 2) SUTURE_RETURN_IF_ERROR(Uleb(RefKind::kOffset));
      }
    }
    return Status::Ok();
  }

  Status CodeItem() {
    SUTURE_RETURN_IF_ERROR(Align4());
    Begin("code_item");
    uint16_t regs, ins, outs, tries;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&regs)));
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&ins)));
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&outs)));
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&tries)));
    SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    uint32_t units;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&units)));
    if (units > r_.remaining() / 2)
      return Bad("insns_size " + std::to_string(units) + " exceeds file");
    const size_t base = r_.offset();
    ByteView d = f_.data();
    auto unit = [&d, base](uint32_t u) {
      return static_cast<uint16_t>(d[base + 2 * size_t{u}] | d[base + 2 * size_t{u} + 1] << 8);
    };
    uint32_t pc = 0;
    while (pc < units) {
      uint16_t u0 = unit(pc);
      uint8_t op = u0 & 0xff;
      uint64_t len;
      if (op == 0 && u0 != 0) {
        if (units - pc < 2) return Bad("truncated payload at pc " + std::to_string(pc));
        uint32_t size = unit(pc + 1);
        if (u0 == kPackedSwitchPayload) {
          len = 4 + uint64_t{size} * 2;
        } else if (u0 == kSparseSwitchPayload) {
          len = 2 + uint64_t{size} * 4;
        } else if (u0 == kFillArrayDataPayload) {
          if (units - pc < 4)
            return Bad("truncated fill-array-data payload at pc " + std::to_string(pc));
          uint64_t count = unit(pc + 2) | uint64_t{unit(pc + 3)} << 16;
          len = 4 + (uint64_t{size} * count + 1) / 2;
        } else {
          return Bad("unknown pseudo-opcode " + Hex(u0) + " at pc " + std::to_string(pc));
        }
      } else {
        const OpcodeInfo& info = Opcode(op);
        len = FormatUnits(info.format);
        if (len == 0) return Bad("unused opcode " + Hex(op) + " at pc " + std::to_string(pc));
        if (len > units - pc)
          return Bad("instruction " + Hex(op) + " at pc " + std::to_string(pc) +
                     " runs past insns end");
        size_t at = base + 2 * size_t{pc} + 2;
        auto u16 = [&](RefKind k, size_t o) {
          return Emit(k, RefEnc::kU16, o, 2, unit(static_cast<uint32_t>((o - base) / 2)));
        };
        switch (info.index) {
          case IndexOperand::kNone:
            break;
          case IndexOperand::kString:
            if (info.format == InsnFormat::k31c) {
              uint32_t v = unit(pc + 1) | static_cast<uint32_t>(unit(pc + 2)) << 16;
              SUTURE_RETURN_IF_ERROR(Emit(RefKind::kString, RefEnc::kU32, at, 4, v));
            } else {
              SUTURE_RETURN_IF_ERROR(u16(RefKind::kString, at));
            }
            break;
          case IndexOperand::kType:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kType, at));
            break;
          case IndexOperand::kField:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kField, at));
            break;
          case IndexOperand::kMethod:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kMethod, at));
            break;
          case IndexOperand::kProto:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kProto, at));
            break;
          case IndexOperand::kCallSite:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kCallSite, at));
            break;
          case IndexOperand::kMethodHandle:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kMethodHandle, at));
            break;
          case IndexOperand::kMethodAndProto:
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kMethod, at));
            SUTURE_RETURN_IF_ERROR(u16(RefKind::kProto, at + 4));
            break;
        }
      }
      if (len > units - pc)
        return Bad("payload at pc " + std::to_string(pc) + " runs past insns end");
      pc += static_cast<uint32_t>(len);
    }
    SUTURE_RETURN_IF_ERROR(r_.Skip(2 * size_t{units}));
    if (tries == 0) return Status::Ok();
    if (units % 2 == 1) SUTURE_RETURN_IF_ERROR(Ctx(r_.Skip(2)));
    for (uint32_t i = 0; i < tries; ++i) {
      uint32_t start;
      uint16_t count, handler_off;
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&start)));
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&count)));
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU16(&handler_off)));
      if (uint64_t{start} + count > units)
        return Bad("try " + std::to_string(i) + " covers past insns end");
    }
    uint32_t handlers;
    SUTURE_RETURN_IF_ERROR(Plain(&handlers));
    if (handlers > r_.remaining()) return Bad("handler count exceeds file");
    for (uint32_t h = 0; h < handlers; ++h) {
      int32_t size;
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadSleb128(&size)));
      if (size < -65536 || size > 65536)
        return Bad("catch handler size " + std::to_string(size) + " invalid");
      int32_t pairs = size < 0 ? -size : size;
      for (int32_t p = 0; p < pairs; ++p) {
        uint32_t addr;
        SUTURE_RETURN_IF_ERROR(Uleb(RefKind::kType));
        SUTURE_RETURN_IF_ERROR(Plain(&addr));
      }
      if (size <= 0) {
        uint32_t addr;
        SUTURE_RETURN_IF_ERROR(Plain(&addr));
      }
    }
    return Status::Ok();
  }

  Status StringData() {
    Begin("string_data_item");
    uint32_t utf16_size;
    SUTURE_RETURN_IF_ERROR(Plain(&utf16_size));
    ByteView d = f_.data();
    uint64_t units = 0;
    size_t p = r_.offset();
    while (true) {
      if (p >= d.size()) return Bad("missing NUL terminator");
      uint8_t b = d[p];
      if (b == 0) break;
      size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 0;
      if (n == 0) return Bad("invalid MUTF-8 lead byte " + Hex(b) + " at " + Hex(p));
      if (!RangeFits(p, n, d.size())) return Bad("truncated MUTF-8 sequence at " + Hex(p));
      for (size_t k = 1; k < n; ++k)
        if ((d[p + k] & 0xC0) != 0x80) return Bad("invalid MUTF-8 continuation at " + Hex(p + k));
      p += n;
      ++units;
    }
    if (units != utf16_size)
      return Bad("utf16_size " + std::to_string(utf16_size) + " != decoded " +
                 std::to_string(units));
    return r_.Seek(p + 1);
  }

  Status DebugInfo() {
    Begin("debug_info_item");
    uint32_t line, params, tmp;
    SUTURE_RETURN_IF_ERROR(Plain(&line));
    SUTURE_RETURN_IF_ERROR(Plain(&params));
    if (params > r_.remaining()) return Bad("parameters_size exceeds file");
    for (uint32_t i = 0; i < params; ++i) SUTURE_RETURN_IF_ERROR(UlebP1(RefKind::kString));
    while (true) {
      uint8_t op;
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU8(&op)));
      switch (op) {
        case 0x00:
          return Status::Ok();  // DBG_END_SEQUENCE
        case 0x01:
          SUTURE_RETURN_IF_ERROR(Plain(&tmp));
          break;      // ADVANCE_PC
        case 0x02: {  // ADVANCE_LINE
          int32_t s;
          SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadSleb128(&s)));
          break;
        }
        case 0x03:  // START_LOCAL
        case 0x04:  // START_LOCAL_EXTENDED
          SUTURE_RETURN_IF_ERROR(Plain(&tmp));
          SUTURE_RETURN_IF_ERROR(UlebP1(RefKind::kString));
          SUTURE_RETURN_IF_ERROR(UlebP1(RefKind::kType));
          if (op == 0x04) SUTURE_RETURN_IF_ERROR(UlebP1(RefKind::kString));
          break;
        case 0x05:
        case 0x06:
          SUTURE_RETURN_IF_ERROR(Plain(&tmp));
          break;  // END/RESTART_LOCAL
        case 0x07:
        case 0x08:
          break;  // PROLOGUE_END, EPILOGUE_BEGIN
        case 0x09:
          SUTURE_RETURN_IF_ERROR(UlebP1(RefKind::kString));
          break;  // SET_FILE
        default:
          break;  // special opcodes 0x0a..0xff
      }
    }
  }

  Status AnnotationItem() {
    Begin("annotation_item");
    uint8_t visibility;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU8(&visibility)));
    if (visibility > 2) return Bad("visibility " + std::to_string(visibility) + " invalid");
    return EncodedAnnotation(0);
  }

  Status EncodedAnnotation(int depth) {
    if (depth > kMaxValueDepth) return Bad("encoded values nested too deep");
    uint32_t n;
    SUTURE_RETURN_IF_ERROR(Uleb(RefKind::kType));
    SUTURE_RETURN_IF_ERROR(Plain(&n));
    if (n > r_.remaining()) return Bad("annotation element count exceeds file");
    for (uint32_t i = 0; i < n; ++i) {
      SUTURE_RETURN_IF_ERROR(Uleb(RefKind::kString));
      SUTURE_RETURN_IF_ERROR(EncodedValue(depth + 1));
    }
    return Status::Ok();
  }

  Status EncodedArray(int depth) {
    if (depth > kMaxValueDepth) return Bad("encoded values nested too deep");
    uint32_t n;
    SUTURE_RETURN_IF_ERROR(Plain(&n));
    if (n > r_.remaining()) return Bad("encoded_array size exceeds file");
    for (uint32_t i = 0; i < n; ++i) SUTURE_RETURN_IF_ERROR(EncodedValue(depth + 1));
    return Status::Ok();
  }

  Status EncodedValue(int depth) {
    size_t off = r_.offset();
    uint8_t h;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU8(&h)));
    uint8_t type = h & 0x1f, arg = h >> 5;
    size_t max = 0;
    RefKind kind = RefKind::kOffset;
    switch (type) {
      case 0x00:
        max = 1;
        break;  // BYTE
      case 0x02:
      case 0x03:
        max = 2;
        break;  // SHORT, CHAR
      case 0x04:
      case 0x10:
        max = 4;
        break;  // INT, FLOAT
      case 0x06:
      case 0x11:
        max = 8;
        break;  // LONG, DOUBLE
      case 0x15:
        max = 4;
        kind = RefKind::kProto;
        break;
      case 0x16:
        max = 4;
        kind = RefKind::kMethodHandle;
        break;
      case 0x17:
        max = 4;
        kind = RefKind::kString;
        break;
      case 0x18:
        max = 4;
        kind = RefKind::kType;
        break;
      case 0x19:
      case 0x1b:
        max = 4;
        kind = RefKind::kField;
        break;
      case 0x1a:
        max = 4;
        kind = RefKind::kMethod;
        break;
      case 0x1c:
        if (arg != 0) return Bad("encoded array value_arg " + std::to_string(arg) + " != 0");
        return EncodedArray(depth + 1);
      case 0x1d:
        if (arg != 0) return Bad("encoded annotation value_arg " + std::to_string(arg) + " != 0");
        return EncodedAnnotation(depth + 1);
      case 0x1e:
        if (arg != 0) return Bad("null value_arg " + std::to_string(arg) + " != 0");
        return Status::Ok();
      case 0x1f:
        if (arg > 1) return Bad("boolean value_arg " + std::to_string(arg) + " > 1");
        return Status::Ok();
      default:
        return Bad("encoded_value type " + Hex(type) + " at " + Hex(off) + " unknown");
    }
    size_t n = size_t{arg} + 1;
    if (n > max)
      return Bad("encoded_value at " + Hex(off) + ": size " + std::to_string(n) +
                 " too large for type " + Hex(type));
    ByteView b;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadBytes(n, &b)));
    if (kind == RefKind::kOffset) return Status::Ok();
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint32_t>(b[i]) << (8 * i);
    return Emit(kind, RefEnc::kEncodedValue, off, 1 + n, v, type);
  }

  Status AnnotationsDirectory() {
    SUTURE_RETURN_IF_ERROR(Align4());
    Begin("annotations_directory_item");
    uint32_t counts[3];
    SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
    for (uint32_t& c : counts) SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&c)));
    const RefKind kinds[3] = {RefKind::kField, RefKind::kMethod, RefKind::kMethod};
    for (int k = 0; k < 3; ++k) {
      if (counts[k] > r_.remaining() / 8) return Bad("annotation count exceeds file");
      for (uint32_t i = 0; i < counts[k]; ++i) {
        SUTURE_RETURN_IF_ERROR(U32(kinds[k]));
        SUTURE_RETURN_IF_ERROR(U32(RefKind::kOffset));
      }
    }
    return Status::Ok();
  }

  Status Hiddenapi() {
    SUTURE_RETURN_IF_ERROR(Align4());
    Begin("hiddenapi_class_data_item");
    uint32_t size;
    SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&size)));
    uint64_t table = 4 + uint64_t{4} * f_.class_defs().size;
    if (size < table || !RangeFits(item_off_, size, f_.data().size()))
      return Bad("size " + std::to_string(size) + " invalid");
    for (uint32_t i = 0; i < f_.class_defs().size; ++i) {
      uint32_t o;
      SUTURE_RETURN_IF_ERROR(Ctx(r_.ReadU32(&o)));
      if (o != 0 && (o < table || o >= size))
        return Bad("class " + std::to_string(i) + " flags offset " + Hex(o) + " invalid");
    }
    return r_.Seek(item_off_ + size);
  }

  const DexFile& f_;
  RefVisitor* v_;
  ByteReader r_;
  const char* item_ = "header";
  size_t item_off_ = 0;
};

}  // namespace

Status DexFile::ForEachRef(RefVisitor* visitor) const { return Walker(*this, visitor).Run(); }

}  // namespace suture::dex
