// Archives written by other tools, generated at test time: Info-ZIP's `zip`
// (stored, deflated, streamed through a pipe with data descriptors) and
// Python's zipfile (incl. force_zip64). A real APK is read if
// SUTURE_TEST_APK names one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "suture/apply/zip.h"
#include "suture/core/file_util.h"
#include "zip_test_util.h"

namespace suture::diff {
namespace {

using testing::HaveTool;
using testing::Pattern;
using testing::RunShell;
using testing::Slurp;
using testing::TempDir;
using testing::ToBytes;
using testing::WriteBytes;

// Files put into every tool-made archive.
struct Input {
  std::string name;
  Bytes data;
};

std::vector<Input> Inputs() {
  return {{"a.txt", ToBytes("hello from suture\n")},
          {"empty.bin", {}},
          {"sub/big.bin", Pattern(400000, 7)},
          {"sub/deeper/repeat.txt", Bytes(100000, 'z')}};
}

void WriteInputs(const TempDir& dir, const std::string& sub) {
  for (const Input& in : Inputs()) {
    std::filesystem::path p = std::filesystem::path(dir.File(sub)) / in.name;
    std::filesystem::create_directories(p.parent_path());
    WriteBytes(p.string(), in.data);
  }
}

// Every input file is an entry with the same bytes; other entries must be
// directories.
void ExpectInputs(const std::string& zip_path, bool expect_zip64 = false) {
  auto mapped = MappedFile::Open(zip_path);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  auto r = ZipReader::Open(mapped->view());
  ASSERT_TRUE(r.ok()) << zip_path << ": " << r.status().ToString();
  if (expect_zip64) {
    EXPECT_TRUE(r->is_zip64());
  }
  size_t files = 0;
  for (const ZipEntry& e : r->entries()) {
    if (e.is_directory()) continue;
    ++files;
    bool matched = false;
    for (const Input& in : Inputs()) {
      if (in.name != e.name) continue;
      matched = true;
      auto got = r->Extract(e);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      EXPECT_EQ(*got, in.data) << e.name;
      uint64_t streamed = 0;
      ASSERT_TRUE(r->ExtractTo(e, [&](ByteView c) {
                     streamed += c.size();
                     return Status::Ok();
                   }).ok());
      EXPECT_EQ(streamed, in.data.size());
    }
    EXPECT_TRUE(matched) << "unexpected entry " << e.name;
  }
  EXPECT_EQ(files, Inputs().size());
}

TEST(ZipInteropTest, InfoZipDeflated) {
  if (!HaveTool("zip")) GTEST_SKIP() << "zip not installed (apt-get install zip)";
  TempDir dir;
  WriteInputs(dir, "in");
  ASSERT_EQ(RunShell("cd " + dir.File("in") + " && zip -q -r -9 ../out.zip ."), 0);
  ExpectInputs(dir.File("out.zip"));
}

TEST(ZipInteropTest, InfoZipStored) {
  if (!HaveTool("zip")) GTEST_SKIP() << "zip not installed (apt-get install zip)";
  TempDir dir;
  WriteInputs(dir, "in");
  ASSERT_EQ(RunShell("cd " + dir.File("in") + " && zip -q -r -0 ../out.zip ."), 0);
  ExpectInputs(dir.File("out.zip"));
  const Bytes r_zip = Slurp(dir.File("out.zip"));
  auto r = ZipReader::Open(r_zip);
  ASSERT_TRUE(r.ok());
  for (const ZipEntry& e : r->entries()) EXPECT_EQ(e.method, kZipStored) << e.name;
}

TEST(ZipInteropTest, InfoZipStreamedWithDataDescriptors) {
  if (!HaveTool("zip")) GTEST_SKIP() << "zip not installed (apt-get install zip)";
  TempDir dir;
  WriteInputs(dir, "in");
  // Writing to a pipe makes zip use data descriptors (flag bit 3).
  ASSERT_EQ(RunShell("cd " + dir.File("in") + " && zip -q -r - . | cat > ../out.zip"), 0);
  ExpectInputs(dir.File("out.zip"));
  const Bytes r_zip = Slurp(dir.File("out.zip"));
  auto r = ZipReader::Open(r_zip);
  ASSERT_TRUE(r.ok());
  bool any_descriptor = false;
  for (const ZipEntry& e : r->entries()) any_descriptor |= (e.flags & 8) != 0;
  EXPECT_TRUE(any_descriptor);
}

const char kPythonWriter[] = R"PY(
import os, sys, zipfile
src, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
method = zipfile.ZIP_STORED if mode == "stored" else zipfile.ZIP_DEFLATED
with zipfile.ZipFile(out, "w", compression=method) as z:
    for root, dirs, files in sorted(os.walk(src)):
        for f in sorted(files):
            p = os.path.join(root, f)
            arc = os.path.relpath(p, src)
            with open(p, "rb") as fh, z.open(arc, "w", force_zip64=(mode == "zip64")) as w:
                w.write(fh.read())
)PY";

void PythonZip(const std::string& mode, bool expect_zip64) {
  if (!HaveTool("python3")) GTEST_SKIP() << "python3 not installed";
  TempDir dir;
  WriteInputs(dir, "in");
  WriteBytes(dir.File("w.py"), ToBytes(kPythonWriter));
  ASSERT_EQ(RunShell("python3 " + dir.File("w.py") + " " + dir.File("in") + " " +
                     dir.File("out.zip") + " " + mode),
            0);
  ExpectInputs(dir.File("out.zip"), expect_zip64);
}

TEST(ZipInteropTest, PythonDeflated) { PythonZip("deflated", false); }
TEST(ZipInteropTest, PythonStored) { PythonZip("stored", false); }
TEST(ZipInteropTest, PythonForceZip64) { PythonZip("zip64", false); }

TEST(ZipInteropTest, PythonManyEntriesZip64End) {
  if (!HaveTool("python3")) GTEST_SKIP() << "python3 not installed";
  TempDir dir;
  const std::string script =
      "import zipfile\n"
      "with zipfile.ZipFile('" +
      dir.File("many.zip") +
      "', 'w') as z:\n"
      "    for i in range(66000): z.writestr('e/%d' % i, str(i))\n";
  WriteBytes(dir.File("m.py"), ToBytes(script));
  ASSERT_EQ(RunShell("python3 " + dir.File("m.py")), 0);
  const Bytes r_zip = Slurp(dir.File("many.zip"));
  auto r = ZipReader::Open(r_zip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->is_zip64());
  ASSERT_EQ(r->entries().size(), 66000u);
  EXPECT_EQ(AsStringView(*r->Extract(*r->Find("e/65999"))), "65999");
}

// Optional: SUTURE_TEST_APK=/path/to/app.apk reads a real APK (signing
// block, alignment padding) and inflates every entry.
TEST(ZipInteropTest, RealApkIfProvided) {
  const char* apk = std::getenv("SUTURE_TEST_APK");
  if (apk == nullptr || *apk == '\0') GTEST_SKIP() << "SUTURE_TEST_APK not set";
  auto mapped = MappedFile::Open(apk);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  auto r = ZipReader::Open(mapped->view());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->Find("AndroidManifest.xml"), nullptr);
  for (const ZipEntry& e : r->entries()) {
    Status s = r->ExtractTo(e, [](ByteView) { return Status::Ok(); });
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  // Rewriting it from raw copies keeps every entry's compressed bytes.
  auto w = ZipWriter::ToMemory();
  for (const ZipEntry& e : r->entries()) ASSERT_TRUE(w->CopyRawEntry(*r, e).ok()) << e.name;
  ASSERT_TRUE(w->Finish().ok());
  const Bytes copy = w->TakeBytes();
  auto r2 = ZipReader::Open(copy);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  ASSERT_EQ(r2->entries().size(), r->entries().size());
  for (const ZipEntry& e : r->entries()) {
    const ZipEntry* c = r2->Find(e.name);
    ASSERT_NE(c, nullptr) << e.name;
    EXPECT_TRUE(std::ranges::equal(r->RawData(e), r2->RawData(*c))) << e.name;
  }
}

}  // namespace
}  // namespace suture::diff
