// Pins where the bytes of a small DEX patch go (issue 13), so the fixed cost
// (bundle header, manifest, DEX header) cannot creep back; and keeps format
// v1 bundles applying: tests/diff/data/seed_edit_v1.sup was written by the
// v1 writer (`suture diff` before format v2) for the same seed pair.
#include "suture/apply/patch_bytes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "suture/apply/apply_patch.h"
#include "suture/apply/bundle.h"
#include "suture/core/file_util.h"
#include "suture/create/create_patch.h"

namespace suture::diff {
namespace {

namespace fs = std::filesystem;

Bytes Load(const std::string& path) {
  auto b = ReadFile(path);
  EXPECT_TRUE(b.ok()) << path << ": " << b.status().ToString();
  return b.ok() ? *b : Bytes{};
}

std::string Corpus(const char* name) { return std::string(SUTURE_DEX_CORPUS_DIR) + "/" + name; }

uint64_t Find(const std::vector<ByteItem>& items, const std::string& prefix) {
  for (const ByteItem& it : items) {
    if (it.name.rfind(prefix, 0) == 0) return it.bytes;
  }
  ADD_FAILURE() << "no item " << prefix;
  return 0;
}

TEST(PatchBytesTest, SmallDexPatchFixedCostIsPinned) {
  const Bytes old_dex = Load(Corpus("seed.dex")), new_dex = Load(Corpus("seed_edit.dex"));
  DiffOptions o;
  o.app_id = "app";
  auto r = CreatePatch(old_dex, new_dex, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto items = ExplainBundleBytes(r->patch);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  uint64_t top = 0;
  for (const ByteItem& it : *items) top += it.depth == 0 ? it.bytes : 0;
  EXPECT_EQ(top, r->patch.size());  // depth-0 items add up to the file
  // The fixed cost, exactly (format v4 header, manifest of a file bundle
  // with app id "app": base and target SHA-256 and the 8-byte payload check;
  // DEX patch v3 header without digests, and in the bundle without magic,
  // version and sizes: method, flags, four varints).
  // v1 spent 32 + 264 + 112 bytes on these, v2 14 + 119 + 21, v3 14 + 119 + 7.
  EXPECT_EQ(Find(*items, "header (format v4)"), 14u);
  EXPECT_EQ(Find(*items, "manifest"), 95u);
  EXPECT_EQ(Find(*items, "SHA-256 digests (2)"), 64u);
  EXPECT_EQ(Find(*items, "payload check"), 8u);
  EXPECT_EQ(Find(*items, "fields"), 20u);
  EXPECT_EQ(Find(*items, "dex header (v3, in bundle)"), 7u);
  // The change itself (maps + delta) may vary with zstd; bounded.
  EXPECT_LE(Find(*items, "projection maps"), 96u);
  EXPECT_LE(r->patch.size(), 482u);
  // Format v3 of the same pair: the stream's SHA-256 instead of the check.
  o.bundle_format_version = kBundleFormatVersionV3;
  auto v3 = CreatePatch(old_dex, new_dex, o);
  ASSERT_TRUE(v3.ok());
  auto items3 = ExplainBundleBytes(v3->patch);
  ASSERT_TRUE(items3.ok());
  EXPECT_EQ(Find(*items3, "SHA-256 digests (3)"), 96u);
  EXPECT_EQ(v3->patch.size(), r->patch.size() + 24);
  // Format v2: the DEX header whole.
  o.bundle_format_version = kBundleFormatVersionV2;
  auto v2 = CreatePatch(old_dex, new_dex, o);
  ASSERT_TRUE(v2.ok());
  auto items2 = ExplainBundleBytes(v2->patch);
  ASSERT_TRUE(items2.ok());
  EXPECT_EQ(Find(*items2, "dex header (v3)"), 21u);
  EXPECT_EQ(v2->patch.size(), v3->patch.size() + 14);
}

// A small generic change (plain file): bundle format v3 and v4 carry the generic
// delta as one block (version 3): its header and the block, nothing else;
// format v2 spends four streams with a frame each.
TEST(PatchBytesTest, SmallGenericPatchIsOneBlock) {
  Bytes old_file(20000);
  uint32_t x = 7;
  for (uint8_t& c : old_file) c = static_cast<uint8_t>('a' + (x = x * 1103515245u + 12345u) % 23);
  Bytes new_file = old_file;
  for (size_t i = 9000; i < 9008; ++i) new_file[i] = '!';
  DiffOptions o;
  o.app_id = "app";
  o.dex_aware = false;
  auto r = CreatePatch(old_file, new_file, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto items = ExplainBundleBytes(r->patch);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_EQ(Find(*items, "header (format v4)"), 13u);
  EXPECT_EQ(Find(*items, "manifest"), 96u);
  // magic 8, version 2, flags 1, old and new size 3 + 3, four one-byte raw sizes.
  EXPECT_EQ(Find(*items, "generic header (v3)"), 21u);
  EXPECT_LE(Find(*items, "one block"), 24u);
  EXPECT_LE(r->patch.size(), 13u + 96u + 21u + 24u);
  o.bundle_format_version = kBundleFormatVersionV2;
  auto v2 = CreatePatch(old_file, new_file, o);
  ASSERT_TRUE(v2.ok());
  EXPECT_LT(r->patch.size() + 20, v2->patch.size()) << r->patch.size() << " vs " << v2->patch.size();
  const fs::path dir =
      fs::temp_directory_path() / ("patch_bytes_block." + std::to_string(::getpid()));
  fs::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomic((dir / "old").string(), old_file).ok());
  ASSERT_TRUE(WriteFileAtomic((dir / "p").string(), r->patch).ok());
  auto res = ApplyPatch((dir / "old").string(), (dir / "p").string(), (dir / "new").string(), {});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(Load((dir / "new").string()), new_file);
  fs::remove_all(dir);
}

TEST(PatchBytesTest, V1BundleFromTheOldWriterStillApplies) {
  const std::string v1 = std::string(SUTURE_TEST_DATA_DIR) + "/seed_edit_v1.sup";
  auto b = Bundle::Parse(Load(v1));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->format_version(), 1);
  auto items = ExplainBundleBytes(Load(v1));
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(Find(*items, "header (format v1)"), 32u);
  EXPECT_EQ(Find(*items, "dex header (v1)"), 112u);

  const fs::path dir =
      fs::temp_directory_path() / ("patch_bytes_test." + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto res = ApplyPatch(Corpus("seed.dex"), v1, (dir / "out.dex").string(), {});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(Load((dir / "out.dex").string()), Load(Corpus("seed_edit.dex")));
  fs::remove_all(dir);
}

// `suture diff --format-version 1` writes what the old writer wrote, inside
// too (DEX patch v1 with digests): the committed fixture came from `suture
// diff` before bundle format v2 on the same pair, with the same options.
TEST(PatchBytesTest, FormatVersionOneIsTheOldWritersBytes) {
  const Bytes old_dex = Load(Corpus("seed.dex")), new_dex = Load(Corpus("seed_edit.dex"));
  DiffOptions o;
  o.app_id = "app";
  o.bundle_format_version = kBundleFormatVersionV1;
  auto r = CreatePatch(old_dex, new_dex, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->patch, Load(std::string(SUTURE_TEST_DATA_DIR) + "/seed_edit_v1.sup"));
  auto items = ExplainBundleBytes(r->patch);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(Find(*items, "header (format v1)"), 32u);
  EXPECT_EQ(Find(*items, "dex header (v1)"), 112u);
}

TEST(PatchBytesTest, OtherFormatVersionsAreRefused) {
  DiffOptions o;
  for (uint16_t v : {0, 5}) {
    o.bundle_format_version = v;
    auto r = CreatePatch(Bytes{1, 2, 3}, Bytes{1, 2, 4}, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("bundle format version " + std::to_string(v)),
              std::string::npos)
        << r.status().ToString();
  }
}

}  // namespace
}  // namespace suture::diff
