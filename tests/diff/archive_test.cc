// Library-level round trips of CreatePatch/ApplyPatch on plain files and archives.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "suture/apply/apply_patch.h"
#include "suture/apply/zip.h"
#include "suture/core/file_util.h"
#include "suture/create/create_patch.h"

namespace suture::diff {
namespace {

namespace fs = std::filesystem;

struct Member {
  std::string name;
  std::string content;
  uint16_t method = kZipDeflated;
};

Bytes MakeZip(const std::vector<Member>& members, bool zip64 = false) {
  ZipWriterOptions o;
  o.force_zip64 = zip64;
  auto w = ZipWriter::ToMemory(o);
  for (const auto& m : members) {
    ZipEntryOptions eo;
    eo.method = m.method;
    EXPECT_TRUE(w->AddEntry(m.name, AsBytes(m.content), eo).ok()) << m.name;
  }
  EXPECT_TRUE(w->Finish().ok());
  return w->TakeBytes();
}

std::string Text(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  static const char* kWords[] = {"invoke", "const-string", "move-result", "return-void", "Lcom/app/Main;",
                                 "iget-object", "0x1f", "\n", " ", "check-cast"};
  std::string s;
  while (s.size() < n) s += kWords[rng() % 10];
  s.resize(n);
  return s;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("suture_archive_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string P(const std::string& n) { return (dir_ / n).string(); }

  // Diffs, applies, and returns the patch size; asserts byte-identical output.
  size_t RoundTripPlain(const std::string& old_data, const std::string& new_data) {
    auto r = CreatePatch(AsBytes(old_data), AsBytes(new_data), DiffOptions{});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return 0;
    EXPECT_TRUE(WriteFileAtomic(P("old"), AsBytes(old_data)).ok());
    EXPECT_TRUE(WriteFileAtomic(P("patch"), r->patch).ok());
    fs::remove(P("out"));
    auto a = ApplyPatch(P("old"), P("patch"), P("out"));
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    auto out = ReadFile(P("out"));
    EXPECT_TRUE(out.ok());
    if (out.ok()) {
      EXPECT_TRUE(std::string(out->begin(), out->end()) == new_data);
    }
    return r->patch.size();
  }

  // Diffs two archives, applies both ways and checks every member.
  void RoundTripArchive(const std::vector<Member>& old_m, const std::vector<Member>& new_m, bool zip64 = false) {
    Bytes old_zip = MakeZip(old_m, zip64), new_zip = MakeZip(new_m, zip64);
    DiffOptions o;
    o.app_id = "com.test";
    auto r = CreatePatch(old_zip, new_zip, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(WriteFileAtomic(P("old.zip"), old_zip).ok());
    ASSERT_TRUE(WriteFileAtomic(P("patch"), r->patch).ok());
    // Full archive: same member order, same contents.
    ApplyOptions full;
    full.full_archive = true;
    auto a = ApplyPatch(P("old.zip"), P("patch"), P("new.zip"), full);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    auto got = ReadFile(P("new.zip"));
    ASSERT_TRUE(got.ok());
    auto zr = ZipReader::Open(*got);
    ASSERT_TRUE(zr.ok()) << zr.status().ToString();
    ASSERT_EQ(zr->entries().size(), new_m.size());
    for (size_t i = 0; i < new_m.size(); ++i) {
      EXPECT_EQ(zr->entries()[i].name, new_m[i].name);
      auto c = zr->Extract(zr->entries()[i]);
      ASSERT_TRUE(c.ok());
      EXPECT_TRUE(std::string(c->begin(), c->end()) == new_m[i].content) << new_m[i].name;
    }
    // Patch folder: changed and added members at their paths, nothing else.
    fs::remove_all(P("folder"));
    auto f = ApplyPatch(P("old.zip"), P("patch"), P("folder"));
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    for (const auto& m : new_m) {
      auto old_it = std::find_if(old_m.begin(), old_m.end(), [&](const Member& x) { return x.name == m.name; });
      bool unchanged = old_it != old_m.end() && old_it->content == m.content;
      EXPECT_EQ(fs::exists(P("folder/" + m.name)), !unchanged) << m.name;
      if (!unchanged && m.name.back() != '/') {
        auto c = ReadFile(P("folder/" + m.name));
        ASSERT_TRUE(c.ok());
        EXPECT_TRUE(std::string(c->begin(), c->end()) == m.content) << m.name;
      }
    }
    auto manifest = ReadFile(P("folder/.suture/manifest.json"));
    ASSERT_TRUE(manifest.ok());
    manifest_ = std::string(manifest->begin(), manifest->end());
    patch_size_ = r->patch.size();
  }

  fs::path dir_;
  std::string manifest_;
  size_t patch_size_ = 0;
};

TEST_F(ArchiveTest, PlainFileCases) {
  const std::string base = Text(200000, 1);
  struct Case {
    const char* name;
    std::string old_data, new_data;
  } cases[] = {
      {"BothEmpty", "", ""},
      {"FromEmpty", "", Text(5000, 2)},
      {"ToEmpty", Text(5000, 3), ""},
      {"Identical", base, base},
      {"Appended", base, base + Text(3000, 4)},
      {"Truncated", base, base.substr(0, 150000)},
      {"Edited", base, base.substr(0, 1000) + "PATCHED" + base.substr(1007)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    size_t n = RoundTripPlain(c.old_data, c.new_data);
    EXPECT_GT(n, 0u);
  }
  // Identical and edited inputs cost very little.
  EXPECT_LT(RoundTripPlain(base, base), 600u);
  EXPECT_LT(RoundTripPlain(base, base.substr(0, 1000) + "PATCHED" + base.substr(1007)), 700u);
}

TEST_F(ArchiveTest, ChangedAddedRemovedRenamedStoredDeflated) {
  std::vector<Member> old_m = {{"AndroidManifest.xml", Text(3000, 10)},
                               {"classes.dex", Text(100000, 11)},
                               {"lib/arm64-v8a/libapp.so", Text(50000, 12), kZipStored},
                               {"res/old.png", Text(2000, 13), kZipStored},
                               {"assets/data.bin", Text(8000, 14)},
                               {"META-INF/", ""}};
  std::string dex2 = old_m[1].content;
  dex2.replace(5000, 10, "0123456789");
  std::string so2 = old_m[2].content;
  so2.replace(100, 4, "ABCD");
  std::vector<Member> new_m = {{"AndroidManifest.xml", old_m[0].content},
                               {"classes.dex", dex2},
                               {"lib/arm64-v8a/libapp.so", so2, kZipStored},
                               {"assets/renamed.bin", old_m[4].content},
                               {"assets/new.txt", Text(700, 15)},
                               {"META-INF/", ""}};
  RoundTripArchive(old_m, new_m);
  EXPECT_NE(manifest_.find("\"removed\": [\n    \"res/old.png\",\n    \"assets/data.bin\""), std::string::npos) << manifest_;
  EXPECT_NE(manifest_.find("\"copied_from\": \"assets/data.bin\""), std::string::npos) << manifest_;
  EXPECT_LT(patch_size_, 2000u);  // no member costs anywhere near its size
}

TEST_F(ArchiveTest, IdenticalArchivesCostAlmostNothing) {
  std::vector<Member> m;
  for (int i = 0; i < 200; ++i) m.push_back({"res/file" + std::to_string(i), Text(1000 + i, i)});
  RoundTripArchive(m, m);
  EXPECT_LT(patch_size_, 400u);  // header + manifest + a one-record layout
}

TEST_F(ArchiveTest, Zip64Archives) {
  std::vector<Member> old_m = {{"a.txt", Text(4000, 1)}, {"b.txt", Text(4000, 2)}};
  std::vector<Member> new_m = {{"a.txt", Text(4000, 1)}, {"b.txt", Text(4100, 3)}, {"c.txt", "c"}};
  RoundTripArchive(old_m, new_m, /*zip64=*/true);
}

TEST_F(ArchiveTest, EmptyArchiveToFull) {
  RoundTripArchive({}, {{"x", Text(100, 1)}, {"y/", ""}});
  RoundTripArchive({{"x", Text(100, 1)}}, {});
}

TEST_F(ArchiveTest, DeterministicAcrossThreadCounts) {
  Bytes a = MakeZip({{"a", Text(30000, 1)}, {"b", Text(30000, 2)}, {"c", Text(30000, 3)}});
  Bytes b = MakeZip({{"a", Text(30000, 4)}, {"b", Text(30001, 2)}, {"c", Text(30000, 5)}});
  DiffOptions one, two;
  one.threads = 1;
  two.threads = 2;
  auto r1 = CreatePatch(a, b, one);
  auto r2 = CreatePatch(a, b, two);
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(r1->patch, r2->patch);
}

TEST_F(ArchiveTest, WrongBaseRejectedBeforeAnyOutput) {
  std::string a = Text(10000, 1), b = Text(10000, 2), other = Text(10000, 3);
  auto r = CreatePatch(AsBytes(a), AsBytes(b), DiffOptions{});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(WriteFileAtomic(P("other"), AsBytes(other)).ok());
  ASSERT_TRUE(WriteFileAtomic(P("patch"), r->patch).ok());
  auto s = ApplyPatch(P("other"), P("patch"), P("out"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kVerifyFailed);
  EXPECT_NE(s.status().message().find("not the base this patch was made for"), std::string::npos);
  EXPECT_FALSE(fs::exists(P("out")));
  // Nothing else was left in the folder either.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2);
}

TEST_F(ArchiveTest, SignatureRequiredWhenKeyGiven) {
  auto key = PrivateKey::Generate().value();
  auto other = PrivateKey::Generate().value();
  std::string a = Text(5000, 1), b = Text(5000, 2);
  auto r = CreatePatch(AsBytes(a), AsBytes(b), DiffOptions{}, &key);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(WriteFileAtomic(P("old"), AsBytes(a)).ok());
  ASSERT_TRUE(WriteFileAtomic(P("patch"), r->patch).ok());
  PublicKey good = key.public_key(), bad = other.public_key();
  ApplyOptions o;
  o.pubkey = &bad;
  EXPECT_EQ(ApplyPatch(P("old"), P("patch"), P("out"), o).status().code(), StatusCode::kVerifyFailed);
  EXPECT_FALSE(fs::exists(P("out")));
  o.pubkey = &good;
  EXPECT_TRUE(ApplyPatch(P("old"), P("patch"), P("out"), o).ok());
}

TEST_F(ArchiveTest, CorruptPayloadLeavesNoOutput) {
  std::vector<Member> old_m = {{"a", Text(20000, 1)}}, new_m = {{"a", Text(20000, 2)}};
  Bytes oz = MakeZip(old_m), nz = MakeZip(new_m);
  auto r = CreatePatch(oz, nz, DiffOptions{});
  ASSERT_TRUE(r.ok());
  Bytes bad = r->patch;
  bad[bad.size() - 10] ^= 0x40;
  ASSERT_TRUE(WriteFileAtomic(P("old.zip"), oz).ok());
  ASSERT_TRUE(WriteFileAtomic(P("patch"), bad).ok());
  auto s = ApplyPatch(P("old.zip"), P("patch"), P("folder"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("payload: check mismatch"), std::string::npos)
      << s.status().message();
  ApplyOptions full;
  full.full_archive = true;
  EXPECT_FALSE(ApplyPatch(P("old.zip"), P("patch"), P("new.zip"), full).ok());
  EXPECT_FALSE(fs::exists(P("folder")));
  EXPECT_FALSE(fs::exists(P("new.zip")));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2);
}

TEST_F(ArchiveTest, ExistingPatchFolderIsNotOverwritten) {
  Bytes oz = MakeZip({{"a", "1"}}), nz = MakeZip({{"a", "2"}});
  auto r = CreatePatch(oz, nz, DiffOptions{});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(WriteFileAtomic(P("old.zip"), oz).ok());
  ASSERT_TRUE(WriteFileAtomic(P("patch"), r->patch).ok());
  fs::create_directories(P("folder"));
  auto s = ApplyPatch(P("old.zip"), P("patch"), P("folder"));
  EXPECT_EQ(s.status().code(), StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace suture::diff

namespace suture::diff {
namespace {

// A class that moved from classes.dex to classes2.dex: the archive layer hands
// the other old DEX members to the DEX engine as donors, at diff and at apply.
TEST_F(ArchiveTest, ClassMovedBetweenDexMembersUsesDonor) {
  const std::string dir = std::string(SUTURE_SOURCE_DIR) + "/tests/fuzz/corpus/dex_reader/";
  auto a = ReadFile(dir + "moved_a.dex"), b = ReadFile(dir + "moved_b.dex"), b2 = ReadFile(dir + "moved_b_new.dex");
  ASSERT_TRUE(a.ok() && b.ok() && b2.ok());
  auto str = [](const Bytes& v) { return std::string(v.begin(), v.end()); };
  std::vector<Member> old_m = {{"classes.dex", str(*a)}, {"classes2.dex", str(*b)}};
  std::vector<Member> new_m = {{"classes.dex", str(*a)}, {"classes2.dex", str(*b2)}};
  RoundTripArchive(old_m, new_m);
  // The same member diffed alone (no donors available) costs several times more.
  auto alone = CreatePatch(*b, *b2, DiffOptions{});
  ASSERT_TRUE(alone.ok());
  EXPECT_LT(patch_size_ * 2, alone->patch.size()) << "archive " << patch_size_ << " vs alone " << alone->patch.size();
}

}  // namespace
}  // namespace suture::diff

namespace suture::diff {
namespace {

// A DEX the reader cannot parse goes through the generic engine; the reason
// is recorded in the bundle (shown by `suture inspect`).
TEST_F(ArchiveTest, UnparsableDexFallsBackWithReason) {
  std::string bad_old = std::string("dex\n035\0", 8) + Text(5000, 1);
  std::string bad_new = std::string("dex\n035\0", 8) + Text(5000, 1) + "tail";
  Bytes oz = MakeZip({{"classes.dex", bad_old}}), nz = MakeZip({{"classes.dex", bad_new}});
  auto r = CreatePatch(oz, nz, DiffOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = Bundle::Parse(r->patch);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->manifest().entries.size(), 1u);
  const BundleEntry& e = b->manifest().entries[0];
  EXPECT_NE(e.method, PatchMethod::kDex);
  EXPECT_EQ(e.note.rfind("dex fallback: ", 0), 0u) << e.note;
  RoundTripArchive({{"classes.dex", bad_old}}, {{"classes.dex", bad_new}});
}

}  // namespace
}  // namespace suture::diff
