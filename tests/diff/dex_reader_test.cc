// DexFile: parsing the seed DEX, reference coverage, named corruption cases.
#include "suture/apply/dex_reader.h"

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <set>
#include <string>

#include "dex_test_util.h"

namespace suture::dex {
namespace {

using testing::LoadSeed;
using testing::PutU32;

uint32_t MapOff(const Bytes& b, uint16_t type) {
  auto f = DexFile::Parse(b);
  if (!f.ok()) return 0;
  for (const MapItem& m : f->map())
    if (m.type == type) return m.off;
  return 0;
}

TEST(DexReaderTest, ParsesSeed) {
  Bytes seed = LoadSeed("seed.dex");
  ASSERT_FALSE(seed.empty());
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->version(), 38);
  EXPECT_GT(f->count(RefKind::kString), 20u);
  EXPECT_EQ(f->class_defs().size, 4u);
  ASSERT_TRUE(f->Validate().ok()) << f->Validate().ToString();
  // Class names resolve through type_ids -> string_ids -> string_data.
  std::set<std::string> names;
  for (uint32_t i = 0; i < f->class_defs().size; ++i) {
    auto s = f->String(f->TypeDescriptorIdx(f->Class(i).class_idx));
    ASSERT_TRUE(s.ok());
    names.insert(std::string(*s));
  }
  EXPECT_TRUE(names.count("Lsuture/Seed;"));
  EXPECT_TRUE(names.count("Lsuture/Kind;"));
}

TEST(DexReaderTest, ClassDataListsMethodsWithCode) {
  Bytes seed = LoadSeed("seed.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok());
  bool found_run = false;
  for (uint32_t i = 0; i < f->class_defs().size; ++i) {
    std::vector<ClassMember> members;
    ASSERT_TRUE(f->ClassData(f->Class(i).class_data_off, &members).ok());
    for (const ClassMember& m : members) {
      if (!m.is_method) continue;
      auto name = f->String(f->Method(m.idx).name_idx);
      ASSERT_TRUE(name.ok());
      if (*name == "run") {
        found_run = true;
        EXPECT_NE(m.code_off, 0u);
      }
    }
  }
  EXPECT_TRUE(found_run);
}

// Every reference kind and encoding occurs in the seed, and every reported
// reference lies inside the file.
TEST(DexReaderTest, ReportsEveryReferenceKindAndEncoding) {
  Bytes seed = LoadSeed("seed.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok());
  struct Collect : RefVisitor {
    std::set<int> kinds, encs;
    size_t size = 0;
    bool inside = true;
    void OnRef(const Ref& r) override {
      kinds.insert(static_cast<int>(r.kind));
      encs.insert(static_cast<int>(r.enc));
      if (!RangeFits(r.off, r.len, size)) inside = false;
    }
  } c;
  c.size = seed.size();
  ASSERT_TRUE(f->ForEachRef(&c).ok());
  EXPECT_TRUE(c.inside);
  for (RefKind k : {RefKind::kString, RefKind::kType, RefKind::kProto, RefKind::kField,
                    RefKind::kMethod, RefKind::kOffset})
    EXPECT_TRUE(c.kinds.count(static_cast<int>(k))) << "kind " << static_cast<int>(k);
  for (RefEnc e : {RefEnc::kU16, RefEnc::kU32, RefEnc::kUleb, RefEnc::kUlebP1, RefEnc::kUlebDiff,
                   RefEnc::kEncodedValue})
    EXPECT_TRUE(c.encs.count(static_cast<int>(e))) << "encoding " << static_cast<int>(e);
}

// The v039 seed adds method handles (const-method-handle, method_handle
// items), method types and a call site (invoke-custom, call_site_ids).
TEST(DexReaderTest, ReportsMethodHandlesAndCallSitesOfVersion39) {
  Bytes seed = LoadSeed("seed39.dex");
  auto f = DexFile::Parse(seed);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->version(), 39);
  EXPECT_EQ(f->count(RefKind::kCallSite), 1u);
  EXPECT_EQ(f->count(RefKind::kMethodHandle), 3u);
  struct Collect : RefVisitor {
    std::set<int> kinds;
    void OnRef(const Ref& r) override { kinds.insert(static_cast<int>(r.kind)); }
  } c;
  ASSERT_TRUE(f->ForEachRef(&c).ok());
  EXPECT_TRUE(c.kinds.count(static_cast<int>(RefKind::kCallSite)));
  EXPECT_TRUE(c.kinds.count(static_cast<int>(RefKind::kMethodHandle)));
  EXPECT_TRUE(c.kinds.count(static_cast<int>(RefKind::kProto)));
}

struct CorruptCase {
  const char* name;
  std::function<void(Bytes&)> mutate;
  StatusCode code;
  const char* message;  // substring of the error
};

void PrintTo(const CorruptCase& c, std::ostream* os) { *os << c.name; }

class DexCorruptionTest : public ::testing::TestWithParam<CorruptCase> {};

TEST_P(DexCorruptionTest, FailsWithNamedError) {
  const CorruptCase& c = GetParam();
  Bytes b = LoadSeed("seed.dex");
  ASSERT_FALSE(b.empty());
  c.mutate(b);
  Status s;
  auto f = DexFile::Parse(b);
  if (!f.ok()) {
    s = f.status();
  } else {
    s = f->Validate();
  }
  ASSERT_FALSE(s.ok()) << c.name;
  EXPECT_EQ(s.code(), c.code) << s.ToString();
  EXPECT_NE(s.message().find(c.message), std::string::npos) << s.ToString();
}

uint32_t LoadU32(const Bytes& b, size_t off) {
  return b[off] | b[off + 1] << 8 | b[off + 2] << 16 | static_cast<uint32_t>(b[off + 3]) << 24;
}

const CorruptCase kCorruptCases[] = {
    {"TruncatedHeader", [](Bytes& b) { b.resize(50); }, StatusCode::kCorrupt,
     "shorter than the 112-byte header"},
    {"BadMagic", [](Bytes& b) { b[0] = 'x'; }, StatusCode::kCorrupt, "bad magic"},
    {"UnsupportedVersion", [](Bytes& b) { b[5] = '9'; }, StatusCode::kUnsupported, "version 098"},
    {"BigEndian", [](Bytes& b) { PutU32(b, 40, 0x78563412); }, StatusCode::kUnsupported,
     "endian_tag"},
    {"TruncatedFile", [](Bytes& b) { b.resize(b.size() - 9); }, StatusCode::kCorrupt, "file_size"},
    {"StringIdsPastEnd", [](Bytes& b) { PutU32(b, 0x38, 0x0fffffff); }, StatusCode::kCorrupt,
     "string_ids"},
    {"MisalignedTypeIds", [](Bytes& b) { PutU32(b, 0x44, LoadU32(b, 0x44) + 1); },
     StatusCode::kCorrupt, "not 4-byte aligned"},
    {"MapOffPastEnd", [](Bytes& b) { PutU32(b, 0x34, static_cast<uint32_t>(b.size() + 4)); },
     StatusCode::kCorrupt, "map_off"},
    {"MapTypeListedTwice",
     [](Bytes& b) {
       uint32_t m = LoadU32(b, 0x34);
       b[m + 4 + 12] = b[m + 4];
       b[m + 4 + 13] = b[m + 5];
     },
     StatusCode::kCorrupt, "listed twice"},
    {"StringIndexOutOfRange", [](Bytes& b) { PutU32(b, LoadU32(b, 0x44), 0x00ffffff); },
     StatusCode::kCorrupt, "string index 16777215"},
    {"UnusedOpcode",
     [](Bytes& b) {
       uint32_t code = MapOff(b, kTypeCodeItem);
       b[code + 16] = 0x3e;
     },
     StatusCode::kCorrupt, "unused opcode 0x3e"},
    {"InsnsPastEnd", [](Bytes& b) { PutU32(b, MapOff(b, kTypeCodeItem) + 12, 0x7fffffff); },
     StatusCode::kCorrupt, "insns_size"},
    {"BadMutf8",
     [](Bytes& b) {
       uint32_t s = MapOff(b, kTypeStringDataItem);
       // The first string may be empty: find the first non-empty one.
       while (b[s + 1] == 0) s += 2;
       b[s + 1] = 0xF8;
     },
     StatusCode::kCorrupt, "MUTF-8"},
    {"BadEncodedValueType", [](Bytes& b) { b[MapOff(b, kTypeEncodedArrayItem) + 1] = 0x05; },
     StatusCode::kCorrupt, "encoded_value type 0x5"},
    {"BadAnnotationVisibility", [](Bytes& b) { b[MapOff(b, kTypeAnnotationItem)] = 7; },
     StatusCode::kCorrupt, "visibility 7"},
    {"TypeListPastEnd", [](Bytes& b) { PutU32(b, MapOff(b, kTypeTypeList), 0x10000000); },
     StatusCode::kCorrupt, "type_list"},
};

INSTANTIATE_TEST_SUITE_P(Named, DexCorruptionTest, ::testing::ValuesIn(kCorruptCases),
                         [](const ::testing::TestParamInfo<CorruptCase>& i) {
                           return std::string(i.param.name);
                         });

// Every truncation and every single-byte flip of the seed either parses and
// validates or fails with a status: never a crash (ASan/UBSan builds check
// the memory side).
TEST(DexReaderTest, EveryTruncationAndByteFlipIsHandled) {
  Bytes seed = LoadSeed("seed.dex");
  for (size_t n = 0; n < seed.size(); n += 7) {
    Bytes b(seed.begin(), seed.begin() + n);
    auto f = DexFile::Parse(b);
    if (f.ok()) (void)f->Validate();
  }
  int failures = 0;
  for (size_t i = 0; i < seed.size(); ++i) {
    Bytes b = seed;
    b[i] ^= 0xA5;
    auto f = DexFile::Parse(b);
    if (!f.ok() || !f->Validate().ok()) ++failures;
  }
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace suture::dex
