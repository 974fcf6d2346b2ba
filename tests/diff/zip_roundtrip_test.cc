// ZipWriter -> ZipReader round trips: stored, deflated, empty, zip64 (forced
// and by count), many entries, streaming, raw copies, alignment, determinism,
// file output. Every written archive is also checked by `unzip -t` and by
// Python's zipfile when those tools are installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "suture/apply/zip.h"
#include "suture/core/file_util.h"
#include "zip_test_util.h"

namespace suture::diff {
namespace {

using testing::HaveTool;
using testing::Pattern;
using testing::RunShell;
using testing::TempDir;
using testing::ToBytes;
using testing::WriteBytes;

struct Member {
  std::string name;
  Bytes data;
  uint16_t method;
};

Bytes WriteMembers(const std::vector<Member>& members, const ZipWriterOptions& opts = {}) {
  auto w = ZipWriter::ToMemory(opts);
  for (const Member& m : members) {
    ZipEntryOptions eo;
    eo.method = m.method;
    Status s = w->AddEntry(m.name, m.data, eo);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  Status s = w->Finish();
  EXPECT_TRUE(s.ok()) << s.ToString();
  return w->TakeBytes();
}

void ExpectMembers(const Bytes& zip, const std::vector<Member>& members,
                   const ZipLimits& limits = {}) {
  auto r = ZipReader::Open(zip, limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entries().size(), members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    const ZipEntry& e = r->entries()[i];
    EXPECT_EQ(e.name, members[i].name);
    EXPECT_EQ(e.method, members[i].method);
    EXPECT_EQ(e.uncompressed_size, members[i].data.size());
    EXPECT_EQ(e.crc32, testing::Crc(members[i].data));
    EXPECT_EQ(r->Find(members[i].name), &e);
    auto got = r->Extract(e);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, members[i].data) << e.name;
  }
}

// Runs `unzip -t` and Python's zipfile (testzip + content hash) on the bytes.
void ExpectExternalToolsAccept(const Bytes& zip) {
  TempDir dir;
  const std::string path = dir.File("out.zip");
  WriteBytes(path, zip);
  if (HaveTool("unzip")) {
    EXPECT_EQ(RunShell("unzip -tq " + path), 0) << "unzip -t rejected the archive";
  }
  if (HaveTool("python3")) {
    EXPECT_EQ(RunShell("python3 -c \"import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); "
                       "sys.exit(1 if z.testzip() is not None else 0)\" " +
                       path),
              0)
        << "python zipfile rejected the archive";
  }
}

std::vector<Member> MixedMembers() {
  return {
      {"AndroidManifest.xml", Pattern(2000, 1), kZipDeflated},
      {"classes.dex", Pattern(300000, 2), kZipDeflated},
      {"resources.arsc", Pattern(70000, 3), kZipStored},
      {"empty_stored", {}, kZipStored},
      {"empty_deflated", {}, kZipDeflated},
      {"assets/dir/", {}, kZipStored},
      {"res/raw/caf\xc3\xa9.txt", ToBytes("utf-8 name"), kZipDeflated},
  };
}

TEST(ZipRoundTripTest, StoredDeflatedEmpty) {
  const auto members = MixedMembers();
  Bytes zip = WriteMembers(members);
  ExpectMembers(zip, members);
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->is_zip64());
  EXPECT_TRUE(r->Find("assets/dir/")->is_directory());
  EXPECT_EQ(r->Find("nope"), nullptr);
  // The deflated entry really is compressed; raw bytes view is the stored data.
  const ZipEntry* dex = r->Find("classes.dex");
  EXPECT_LT(dex->compressed_size, dex->uncompressed_size);
  EXPECT_EQ(r->RawData(*dex).size(), dex->compressed_size);
  EXPECT_EQ(dex->data_offset, dex->local_header_offset + 30 + dex->name.size());
  ExpectExternalToolsAccept(zip);
}

TEST(ZipRoundTripTest, EmptyArchive) {
  Bytes zip = WriteMembers({});
  EXPECT_EQ(zip.size(), 22u);
  EXPECT_TRUE(LooksLikeZip(zip));
  ExpectMembers(zip, {});
}

TEST(ZipRoundTripTest, ForcedZip64) {
  const auto members = MixedMembers();
  Bytes zip = WriteMembers(members, ZipWriterOptions{.force_zip64 = true});
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->is_zip64());
  ExpectMembers(zip, members);
  ExpectExternalToolsAccept(zip);
}

TEST(ZipRoundTripTest, ManyEntriesUseZip64Count) {
  // 70000 entries do not fit the 16-bit count: zip64 end records.
  std::vector<Member> members;
  for (int i = 0; i < 70000; ++i) {
    members.push_back({"f/" + std::to_string(i), ToBytes(std::to_string(i * 7)), kZipStored});
  }
  Bytes zip = WriteMembers(members);
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->is_zip64());
  ExpectMembers(zip, members);
  ExpectExternalToolsAccept(zip);
}

TEST(ZipRoundTripTest, StreamingEntryInChunks) {
  const Bytes data = Pattern(1 << 20, 9);
  auto w = ZipWriter::ToMemory();
  ASSERT_TRUE(w->BeginEntry("lib/arm64-v8a/libbig.so").ok());
  for (size_t off = 0; off < data.size(); off += 4099) {
    size_t n = std::min<size_t>(4099, data.size() - off);
    ASSERT_TRUE(w->WriteEntryData(ByteView(data).subspan(off, n)).ok());
  }
  ASSERT_TRUE(w->FinishEntry().ok());
  EXPECT_FALSE(w->FinishEntry().ok());  // nothing open
  ASSERT_TRUE(w->Finish().ok());
  Bytes zip = w->TakeBytes();
  ExpectMembers(zip, {{"lib/arm64-v8a/libbig.so", data, kZipDeflated}});

  // ExtractTo streams in bounded chunks.
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok());
  size_t total = 0, largest = 0;
  Status s = r->ExtractTo(r->entries()[0], [&](ByteView chunk) {
    largest = std::max(largest, chunk.size());
    EXPECT_TRUE(std::equal(chunk.begin(), chunk.end(), data.begin() + total));
    total += chunk.size();
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(total, data.size());
  EXPECT_LE(largest, 64u * 1024);
  // A sink error stops extraction and is returned unchanged.
  Status stop = r->ExtractTo(r->entries()[0],
                             [](ByteView) { return Status(StatusCode::kCancelled, "stop"); });
  EXPECT_EQ(stop.code(), StatusCode::kCancelled);
}

TEST(ZipRoundTripTest, SizeHintReservesZip64InLocalHeader) {
  // A streamed entry announced as > 4 GiB gets zip64 sizes in its local
  // header up front; the archive stays valid when it turns out smaller.
  auto w = ZipWriter::ToMemory();
  ZipEntryOptions big;
  big.size_hint = 5ull << 30;
  ASSERT_TRUE(w->BeginEntry("assets/huge.bin", big).ok());
  ASSERT_TRUE(w->WriteEntryData(Pattern(10000)).ok());
  ASSERT_TRUE(w->FinishEntry().ok());
  ASSERT_TRUE(w->AddEntry("small", ToBytes("s")).ok());
  ASSERT_TRUE(w->Finish().ok());
  Bytes zip = w->TakeBytes();
  // Local header of entry 0: sizes are the zip64 sentinel, 20-byte zip64 extra.
  EXPECT_EQ(zip[18], 0xFF);
  EXPECT_EQ(zip[22], 0xFF);
  EXPECT_EQ(zip[28], 20);
  ExpectMembers(zip, {{"assets/huge.bin", Pattern(10000), kZipDeflated},
                      {"small", ToBytes("s"), kZipDeflated}});
  ExpectExternalToolsAccept(zip);
}

TEST(ZipRoundTripTest, Deterministic) {
  const auto members = MixedMembers();
  EXPECT_EQ(WriteMembers(members), WriteMembers(members));
}

TEST(ZipRoundTripTest, CopyRawEntryKeepsCompressedBytes) {
  const auto members = MixedMembers();
  Bytes src = WriteMembers(members);
  auto r = ZipReader::Open(src);
  ASSERT_TRUE(r.ok());
  auto w = ZipWriter::ToMemory();
  ASSERT_TRUE(w->AddEntry("new.txt", ToBytes("fresh"), {}).ok());
  for (const ZipEntry& e : r->entries()) ASSERT_TRUE(w->CopyRawEntry(*r, e).ok()) << e.name;
  const ZipEntry* dex = r->Find("classes.dex");
  ASSERT_TRUE(w->CopyRawEntry(*r, *dex, "classes2.dex").ok());
  EXPECT_EQ(w->CopyRawEntry(*r, *dex).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(w->Finish().ok());
  Bytes out = w->TakeBytes();

  auto r2 = ZipReader::Open(out);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  ASSERT_EQ(r2->entries().size(), members.size() + 2);
  for (const ZipEntry& e : r->entries()) {
    const ZipEntry* c = r2->Find(e.name);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(std::ranges::equal(r->RawData(e), r2->RawData(*c))) << e.name;
    auto got = r2->Extract(*c);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
  }
  auto renamed = r2->Extract(*r2->Find("classes2.dex"));
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(*renamed, Pattern(300000, 2));
  ExpectExternalToolsAccept(out);
}

TEST(ZipRoundTripTest, AlignedStoredEntries) {
  auto w = ZipWriter::ToMemory();
  ZipEntryOptions deflated;
  ASSERT_TRUE(w->AddEntry("a", Pattern(333), deflated).ok());
  ZipEntryOptions so{.method = kZipStored, .alignment = 4096};
  ASSERT_TRUE(w->AddEntry("lib/arm64-v8a/libx.so", Pattern(5000, 4), so).ok());
  ZipEntryOptions four{.method = kZipStored, .alignment = 4};
  ASSERT_TRUE(w->AddEntry("resources.arsc", Pattern(77, 5), four).ok());
  ASSERT_TRUE(w->Finish().ok());
  Bytes zip = w->TakeBytes();
  auto r = ZipReader::Open(zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Find("lib/arm64-v8a/libx.so")->data_offset % 4096, 0u);
  EXPECT_EQ(r->Find("resources.arsc")->data_offset % 4, 0u);
  EXPECT_EQ(*r->Extract(*r->Find("lib/arm64-v8a/libx.so")), Pattern(5000, 4));
  ExpectExternalToolsAccept(zip);
}

TEST(ZipRoundTripTest, WriterRejectsBadNamesAndMisuse) {
  auto w = ZipWriter::ToMemory();
  EXPECT_EQ(w->AddEntry("../evil", ToBytes("x")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(w->AddEntry("/abs", ToBytes("x")).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(w->AddEntry("a", ToBytes("x")).ok());
  EXPECT_EQ(w->AddEntry("a", ToBytes("y")).code(), StatusCode::kAlreadyExists);
  ZipEntryOptions bad{.method = 12};
  EXPECT_EQ(w->AddEntry("b", ToBytes("y"), bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(w->WriteEntryData(ToBytes("z")).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(w->BeginEntry("c").ok());
  EXPECT_EQ(w->Finish().code(), StatusCode::kFailedPrecondition);  // entry still open
  ASSERT_TRUE(w->FinishEntry().ok());
  ASSERT_TRUE(w->Finish().ok());
  EXPECT_EQ(w->AddEntry("d", ToBytes("y")).code(), StatusCode::kFailedPrecondition);
  ExpectMembers(w->TakeBytes(), {{"a", ToBytes("x"), kZipDeflated}, {"c", {}, kZipDeflated}});
}

TEST(ZipRoundTripTest, FileOutputIsAtomic) {
  TempDir dir;
  const std::string path = dir.File("app.apk");
  {
    auto w = ZipWriter::ToFile(path);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->AddEntry("a", Pattern(1 << 20)).ok());
    // Destroyed before Finish: nothing is left behind.
  }
  EXPECT_FALSE(FileExists(path));
  EXPECT_EQ(RunShell("test -z \"$(ls -A " + dir.path() + ")\""), 0) << "temporary file left behind";

  const auto members = MixedMembers();
  auto w = ZipWriter::ToFile(path);
  ASSERT_TRUE(w.ok());
  for (const Member& m : members) {
    ASSERT_TRUE((*w)->AddEntry(m.name, m.data, ZipEntryOptions{.method = m.method}).ok());
  }
  ASSERT_TRUE((*w)->Finish().ok());
  auto mapped = MappedFile::Open(path);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  Bytes copy(mapped->view().begin(), mapped->view().end());
  EXPECT_EQ(copy, WriteMembers(members));  // same bytes as the memory writer
  ExpectMembers(copy, members);
  EXPECT_EQ(RunShell("unzip -tq " + path), 0);
}

TEST(ZipRoundTripTest, ZipFileKeepsMappingAndNamesPath) {
  TempDir dir;
  const auto members = MixedMembers();
  WriteBytes(dir.File("ok.apk"), WriteMembers(members));
  auto f = ZipFile::Open(dir.File("ok.apk"));
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ZipFile moved = std::move(f).value();  // the reader's view survives the move
  auto dex = moved.reader().Extract(*moved.reader().Find("classes.dex"));
  ASSERT_TRUE(dex.ok()) << dex.status().ToString();
  EXPECT_EQ(*dex, Pattern(300000, 2));

  WriteBytes(dir.File("bad.apk"), ToBytes("not a zip at all, just text......"));
  auto bad = ZipFile::Open(dir.File("bad.apk"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind(dir.File("bad.apk") + ": ", 0), 0u)
      << bad.status().message();
  EXPECT_FALSE(ZipFile::Open(dir.File("missing.apk")).ok());
}

TEST(ZipRoundTripTest, LooksLikeZip) {
  EXPECT_TRUE(LooksLikeZip(WriteMembers(MixedMembers())));
  EXPECT_FALSE(LooksLikeZip(ToBytes("dex\n035")));
  EXPECT_FALSE(LooksLikeZip({}));
}

}  // namespace
}  // namespace suture::diff
