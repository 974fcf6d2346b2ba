// Named rejection tests for ZipReader: each builds exactly the corruption it
// names and checks the error code and that the one-line message says where.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "suture/apply/zip.h"
#include "zip_test_util.h"

namespace suture::diff {
namespace {

using testing::BuildRawZip;
using testing::Deflated;
using testing::Pattern;
using testing::RawEnd;
using testing::RawEntry;
using testing::Stored;
using testing::ToBytes;

// Expects Open to fail with `code` and a message containing every `parts`.
void ExpectRejected(const Bytes& zip, StatusCode code, const std::vector<std::string>& parts,
                    const ZipLimits& limits = {}) {
  auto r = ZipReader::Open(zip, limits);
  ASSERT_FALSE(r.ok()) << "archive was accepted";
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  const std::string& msg = r.status().message();
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  for (const std::string& p : parts)
    EXPECT_NE(msg.find(p), std::string::npos) << "[" << p << "] in: " << msg;
}

Bytes GoodArchive() {
  return BuildRawZip({Stored("a.txt", ToBytes("alpha")), Deflated("b.bin", Pattern(5000))});
}

TEST(ZipRejectTest, BaselineIsAccepted) {
  const Bytes r_zip = GoodArchive();
  auto r = ZipReader::Open(r_zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entries().size(), 2u);
  auto b = r->Extract(r->entries()[1]);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(*b, Pattern(5000));
}

TEST(ZipRejectTest, PathTraversal) {
  ExpectRejected(BuildRawZip({Stored("ok.txt", ToBytes("x")), Stored("../evil", ToBytes("x"))}),
                 StatusCode::kCorrupt, {"entry 1 (../evil)", "path traversal"});
  ExpectRejected(BuildRawZip({Stored("a/../../evil", ToBytes("x"))}), StatusCode::kCorrupt,
                 {"entry 0 (a/../../evil)", "path traversal"});
}

TEST(ZipRejectTest, AbsolutePath) {
  struct Case {
    const char* name;
    const char* why;
  };
  for (const Case& c : {Case{"/etc/passwd", "absolute path"}, Case{"C:/x.dll", "drive letter"},
                        Case{"c:evil", "drive letter"}, Case{"dir\\evil", "backslash"},
                        Case{"\\evil", "backslash"}}) {
    SCOPED_TRACE(c.name);
    ExpectRejected(BuildRawZip({Stored(c.name, ToBytes("x"))}), StatusCode::kCorrupt,
                   {"entry 0 (", c.why});
  }
}

TEST(ZipRejectTest, UnsafeComponents) {
  for (const char* name : {"a//b", "./a", "a/./b", ""}) {
    SCOPED_TRACE(name);
    ExpectRejected(BuildRawZip({Stored(name, ToBytes("x"))}), StatusCode::kCorrupt,
                   {"entry 0 (", "unsafe name"});
  }
}

TEST(ZipRejectTest, NulInName) {
  ExpectRejected(BuildRawZip({Stored(std::string("a\0b", 3), ToBytes("x"))}), StatusCode::kCorrupt,
                 {"entry 0 (a?b)", "NUL"});
}

// Issue 16 row 4: member names become bundle paths, file names and JSON
// text; a name in a legacy code page is refused, and the message shows its
// high bytes as '?' so that the message itself stays UTF-8.
TEST(ZipRejectTest, NameNotUtf8) {
  ExpectRejected(BuildRawZip({Stored("ok.txt", ToBytes("x")), Stored("caf\xe9.txt", ToBytes("x"))}),
                 StatusCode::kCorrupt, {"entry 1 (caf?.txt)", "name is not UTF-8 (offset 3)"});
  ExpectRejected(BuildRawZip({Stored("res/\xc0\xaf", ToBytes("x"))}), StatusCode::kCorrupt,
                 {"entry 0 (res/??)", "not UTF-8"});
  // Well-formed multi-byte names are fine.
  const Bytes ok = BuildRawZip({Stored("res/caf\xc3\xa9.txt", ToBytes("x"))});
  EXPECT_TRUE(ZipReader::Open(ok).ok());
}

TEST(ZipRejectTest, DuplicateName) {
  ExpectRejected(BuildRawZip({Stored("classes.dex", ToBytes("1")), Stored("x", ToBytes("2")),
                              Stored("classes.dex", ToBytes("3"))}),
                 StatusCode::kAlreadyExists, {"entry 2 (classes.dex)", "duplicate", "entry 0"});
}

// A file member that another member's name uses as a folder: the error names
// both members, the later one first (as for duplicates).
TEST(ZipRejectTest, FileUsedAsFolder) {
  ExpectRejected(BuildRawZip({Stored("a", ToBytes("1")), Stored("a/b", ToBytes("2"))}),
                 StatusCode::kAlreadyExists,
                 {"entry 1 (a/b)", "entry 0 (a)", "needs \"a\" as a folder, but it is a file"});
}

TEST(ZipRejectTest, FolderMemberBeforeFile) {
  ExpectRejected(BuildRawZip({Stored("lib/x.so/y", ToBytes("1")), Stored("z", ToBytes("2")),
                              Stored("lib/x.so", ToBytes("3"))}),
                 StatusCode::kAlreadyExists, {"entry 2 (lib/x.so)", "entry 0 (lib/x.so/y)"});
}

TEST(ZipRejectTest, FileAndFolderEntrySameName) {
  ExpectRejected(BuildRawZip({Stored("a/", {}), Stored("a", ToBytes("1"))}),
                 StatusCode::kAlreadyExists, {"entry 1 (a)", "entry 0 (a/)"});
}

// "a-x" and "a.b" sort between "a" and "a/c" in byte order: the check must still see the clash.
TEST(ZipRejectTest, FileUsedAsFolderWithNamesBetween) {
  ExpectRejected(BuildRawZip({Stored("a/c", ToBytes("1")), Stored("a-x", ToBytes("2")),
                              Stored("a.b", ToBytes("3")), Stored("a", ToBytes("4"))}),
                 StatusCode::kAlreadyExists, {"entry 3 (a)", "entry 0 (a/c)"});
}

TEST(ZipRejectTest, FolderEntriesWithMembersAreAccepted) {
  const Bytes zip = BuildRawZip({Stored("a/", {}), Stored("a/b", ToBytes("1")), Stored("a/c/", {}),
                                 Stored("a/c/d", ToBytes("2")), Stored("a-x", ToBytes("3")),
                                 Stored("ab", ToBytes("4")), Stored("b/a", ToBytes("5"))});
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries().size(), 7u);
}

TEST(ZipRejectTest, OverlappingEntries) {
  // Entry "outer" (stored) contains a complete, consistent local header and
  // data for "inner"; inner's central record points inside outer's data.
  Bytes inner_zip = BuildRawZip({Stored("inner", ToBytes("payload"))});
  Bytes inner_local(inner_zip.begin(), inner_zip.begin() + 30 + 5 + 7);
  RawEntry outer = Stored("outer", inner_local);
  RawEntry inner = Stored("inner", ToBytes("payload"));
  inner.central_lho = 30 + 5;  // outer's data offset
  // inner's own local copy after outer is never referenced; give it another name.
  inner.local_name = "innex";
  ExpectRejected(BuildRawZip({outer, inner}), StatusCode::kCorrupt,
                 {"entry 1 (inner)", "overlaps entry 0 (outer)"});
}

TEST(ZipRejectTest, EntryOverlapsCentralDirectory) {
  RawEntry e = Stored("a", ToBytes("abc"));
  e.flags = 8;           // sizes in a data descriptor: the local header does not repeat them
  e.central_comp = 200;  // data would run into the central directory
  e.central_uncomp = 200;
  ExpectRejected(BuildRawZip({e}), StatusCode::kCorrupt, {"entry 0 (a)", "central directory"});
}

TEST(ZipRejectTest, ZipBomb) {
  // Declared size above the limit.
  RawEntry big = Deflated("classes2.dex", Pattern(100));
  big.central_uncomp = 0xFFFFFFFEu;
  ExpectRejected(BuildRawZip({big}), StatusCode::kLimitExceeded,
                 {"entry 0 (classes2.dex): declared size 4294967294 exceeds limit 268435456"},
                 ZipLimits{.max_entry_size = 256u << 20});
  // Declared ratio no deflate stream can reach.
  RawEntry ratio = Deflated("bomb", Pattern(100));
  ratio.central_uncomp = static_cast<uint32_t>(ratio.payload.size() * 5000);
  ExpectRejected(BuildRawZip({ratio}), StatusCode::kLimitExceeded,
                 {"entry 0 (bomb)", "compression ratio", "zip bomb"});
  // Many entries whose sum exceeds the total limit.
  std::vector<RawEntry> many;
  for (int i = 0; i < 4; ++i) many.push_back(Stored("f" + std::to_string(i), Pattern(1000, i)));
  ExpectRejected(BuildRawZip(many), StatusCode::kLimitExceeded, {"entry 2 (f2)", "total"},
                 ZipLimits{.max_total_size = 2500});
  // Entry count above the limit.
  ExpectRejected(BuildRawZip(many), StatusCode::kLimitExceeded, {"4 entries exceed limit 3"},
                 ZipLimits{.max_entries = 3});
}

TEST(ZipRejectTest, InflateBeyondDeclaredSize) {
  // Declares fewer bytes than the stream really holds: extraction stops at
  // the declared size instead of trusting the stream.
  RawEntry e = Deflated("liar", Pattern(100000));
  e.central_uncomp = 1000;
  const Bytes r_zip = BuildRawZip({e});
  auto r = ZipReader::Open(r_zip, ZipLimits{.max_compression_ratio = 100000});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = r->Extract(r->entries()[0]);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(b.status().message().find("entry 0 (liar): inflates to more than its declared 1000"),
            std::string::npos)
      << b.status().message();
}

TEST(ZipRejectTest, InflateShortOfDeclaredSize) {
  RawEntry e = Deflated("short", Pattern(1000));
  e.central_uncomp = 2000;
  const Bytes r_zip = BuildRawZip({e});
  auto r = ZipReader::Open(r_zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = r->Extract(r->entries()[0]);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("inflates to 1000 bytes but declares 2000"),
            std::string::npos)
      << b.status().message();
}

TEST(ZipRejectTest, TruncatedDeflateStream) {
  RawEntry e = Deflated("cut", Pattern(50000));
  e.payload.resize(e.payload.size() / 2);
  const Bytes r_zip = BuildRawZip({e});
  auto r = ZipReader::Open(r_zip, ZipLimits{.max_compression_ratio = 100000});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = r->Extract(r->entries()[0]);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(b.status().message().find("entry 0 (cut): deflate data ends early"), std::string::npos)
      << b.status().message();
}

TEST(ZipRejectTest, TruncatedEOCD) {
  Bytes zip = GoodArchive();
  for (size_t cut : {1, 10, 21}) {
    Bytes t(zip.begin(), zip.end() - cut);
    SCOPED_TRACE(cut);
    ExpectRejected(t, StatusCode::kCorrupt, {"end of central directory"});
  }
  ExpectRejected(Bytes(zip.begin(), zip.begin() + 10), StatusCode::kCorrupt,
                 {"too small for an end of central directory"});
}

TEST(ZipRejectTest, TruncatedCentralDirectory) {
  Bytes full = GoodArchive();
  auto ok = ZipReader::Open(full);
  ASSERT_TRUE(ok.ok());
  const uint32_t cd_size = static_cast<uint32_t>(ok->central_directory_size());
  // The end record claims a central directory shorter than its records.
  ExpectRejected(BuildRawZip({Stored("a.txt", ToBytes("alpha")), Deflated("b.bin", Pattern(5000))},
                             RawEnd{.cd_size = cd_size - 3}),
                 StatusCode::kCorrupt,
                 {"entry 1: central directory record at offset", "truncated"});
  // The end record claims more bytes than sit before it.
  ExpectRejected(BuildRawZip({Stored("a.txt", ToBytes("alpha"))}, RawEnd{.cd_size = 5000}),
                 StatusCode::kCorrupt, {"central directory at offset", "runs past its end record"});
}

TEST(ZipRejectTest, BadCentralSignature) {
  Bytes zip = GoodArchive();
  auto ok = ZipReader::Open(zip);
  ASSERT_TRUE(ok.ok());
  zip[ok->central_directory_offset()] = 'Q';
  ExpectRejected(zip, StatusCode::kCorrupt,
                 {"entry 0: central directory record at offset", "bad signature"});
}

TEST(ZipRejectTest, BadLocalHeaderSignature) {
  RawEntry b = Deflated("b.bin", Pattern(5000));
  b.local_sig = 0x04034b51;
  ExpectRejected(BuildRawZip({Stored("a.txt", ToBytes("alpha")), b}), StatusCode::kCorrupt,
                 {"entry 1 (b.bin): bad local header signature 0x04034b51 at offset 40"});
}

TEST(ZipRejectTest, LocalHeaderDisagrees) {
  RawEntry name = Stored("a.txt", ToBytes("alpha"));
  name.local_name = "b.txt";
  ExpectRejected(BuildRawZip({name}), StatusCode::kCorrupt, {"entry 0 (a.txt): local header name"});
}

TEST(ZipRejectTest, CrcMismatch) {
  RawEntry e = Deflated("classes.dex", Pattern(3000));
  e.crc ^= 1;
  const Bytes r_zip = BuildRawZip({e});
  auto r = ZipReader::Open(r_zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = r->Extract(r->entries()[0]);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kVerifyFailed);
  EXPECT_NE(b.status().message().find("entry 0 (classes.dex): CRC-32"), std::string::npos);
  // Stored entries too.
  RawEntry s = Stored("s", ToBytes("stored bytes"));
  s.crc ^= 0x80000000u;
  const Bytes r2_zip = BuildRawZip({s});
  auto r2 = ZipReader::Open(r2_zip);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->Extract(r2->entries()[0]).status().code(), StatusCode::kVerifyFailed);
}

TEST(ZipRejectTest, UnsupportedMethod) {
  RawEntry e = Stored("lib/x86/libfoo.so", ToBytes("bzip2?"));
  e.method = 12;
  ExpectRejected(BuildRawZip({Stored("a", ToBytes("a")), e}), StatusCode::kUnsupported,
                 {"entry 1 (lib/x86/libfoo.so): compression method 12 is not supported"});
}

TEST(ZipRejectTest, Encrypted) {
  RawEntry e = Stored("secret", ToBytes("xxxx"));
  e.flags = 1;
  ExpectRejected(BuildRawZip({e}), StatusCode::kUnsupported, {"entry 0 (secret): encrypted"});
}

TEST(ZipRejectTest, CountExceedsFile) {
  // 60000 entries cannot fit in a central directory of a few dozen bytes:
  // rejected before any allocation is sized from the count.
  ExpectRejected(BuildRawZip({Stored("a", ToBytes("a"))}, RawEnd{.count = 60000}),
                 StatusCode::kCorrupt, {"60000 entries cannot fit in a central directory of"});
  // Fewer entries declared than records present.
  ExpectRejected(
      BuildRawZip({Stored("a", ToBytes("a")), Stored("b", ToBytes("b"))}, RawEnd{.count = 1}),
      StatusCode::kCorrupt, {"bytes left after 1 declared entries"});
}

TEST(ZipRejectTest, EntryBeyondFile) {
  RawEntry e = Stored("far", ToBytes("x"));
  e.central_lho = 0x7FFFFFF0;
  ExpectRejected(
      BuildRawZip({e}), StatusCode::kCorrupt,
      {"entry 0 (far): local header at offset 2147483632 is not before the central directory"});
  RawEntry big = Stored("long", ToBytes("abc"));
  big.flags = 8;
  big.central_comp = 0xFFFFFFF0u;
  big.central_uncomp = 0xFFFFFFF0u;
  ExpectRejected(BuildRawZip({big}), StatusCode::kCorrupt, {"entry 0 (long): data at offset"},
                 ZipLimits{.max_entry_size = 1ull << 33});
}

TEST(ZipRejectTest, StoredSizesDisagree) {
  RawEntry e = Stored("s", ToBytes("abc"));
  e.central_uncomp = 4;
  ExpectRejected(BuildRawZip({e}), StatusCode::kCorrupt, {"entry 0 (s): stored entry"});
}

TEST(ZipRejectTest, ApkSigningBlockTolerated) {
  Bytes block = ToBytes(std::string(4096, '\x5a') + "APK Sig Block 42");
  const Bytes zip =
      BuildRawZip({Stored("AndroidManifest.xml", Pattern(300))}, RawEnd{.gap_before_cd = block});
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto b = r->Extract(r->entries()[0]);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(*b, Pattern(300));
}

TEST(ZipRejectTest, CommentHandling) {
  Bytes zip = GoodArchive();
  // A declared comment longer than what follows: truncated.
  zip[zip.size() - 2] = 9;
  ExpectRejected(zip, StatusCode::kCorrupt, {"comment length does not match"});
  // A real comment is accepted.
  zip.insert(zip.end(), {'c', 'o', 'm', 'm', 'e', 'n', 't', '!', '!'});
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(AsStringView(r->comment()), "comment!!");
}

}  // namespace
}  // namespace suture::diff
