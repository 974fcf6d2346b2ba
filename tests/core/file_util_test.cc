// TempFile / MakeTempDirBeside: output appears only on Commit(), and every
// failure or abandoned write leaves the folder as it was.
#include "suture/core/file_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

#include "suture/core/staging.h"

namespace suture {
namespace {

namespace fs = std::filesystem;

class TempFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "suture_tempfile_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  size_t FilesInDir() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  std::string Path(const std::string& name) const { return (fs::path(dir_) / name).string(); }
  std::string dir_;
};

TEST_F(TempFileTest, CommitPublishesWithMode) {
  auto f = TempFile::CreateBeside(Path("out.bin"), 0640);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(fs::path(f->temp_path()).parent_path(), fs::path(dir_));
  EXPECT_TRUE(fs::path(f->temp_path()).filename().string().starts_with(".out.bin.suture-"));
  ASSERT_TRUE(f->Write(AsBytes("hello ")).ok());
  ASSERT_TRUE(f->Write(AsBytes("world")).ok());
  EXPECT_FALSE(FileExists(Path("out.bin")));  // nothing at the final path before Commit
  ASSERT_TRUE(f->Commit().ok());
  EXPECT_EQ(f->fd(), -1);
  auto r = ReadFile(Path("out.bin"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(AsStringView(*r), "hello world");
  EXPECT_EQ(fs::status(Path("out.bin")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(FilesInDir(), 1u);
}

TEST_F(TempFileTest, AbandonedWriteLeavesNothing) {
  ASSERT_TRUE(WriteFileAtomic(Path("keep"), AsBytes("old")).ok());
  {
    auto f = TempFile::CreateBeside(Path("keep"));
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE(f->Write(AsBytes("partial")).ok());
    EXPECT_EQ(FilesInDir(), 2u);
  }
  EXPECT_EQ(FilesInDir(), 1u);
  EXPECT_EQ(AsStringView(*ReadFile(Path("keep"))), "old");
}

TEST_F(TempFileTest, MoveTransfersOwnership) {
  TempFile moved;
  {
    auto f = TempFile::CreateBeside(Path("m"));
    ASSERT_TRUE(f.ok());
    moved = std::move(*f);
  }  // the moved-from file must not remove the temp file
  ASSERT_TRUE(moved.Write(AsBytes("x")).ok());
  ASSERT_TRUE(moved.Commit().ok());
  EXPECT_EQ(AsStringView(*ReadFile(Path("m"))), "x");
  EXPECT_EQ(FilesInDir(), 1u);
}

TEST_F(TempFileTest, FailedRenameLeavesNoTempFile) {
  fs::create_directories(Path("target_is_a_folder/inner"));
  {
    auto f = TempFile::CreateBeside(Path("target_is_a_folder"));
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE(f->Write(AsBytes("x")).ok());
    Status s = f->Commit();
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find("target_is_a_folder: rename"), std::string::npos) << s.ToString();
  }
  EXPECT_EQ(FilesInDir(), 1u);
  EXPECT_TRUE(fs::is_directory(Path("target_is_a_folder/inner")));
}

TEST_F(TempFileTest, MissingFolderIsAnIoErrorNamingThePath) {
  auto f = TempFile::CreateBeside(Path("no/such/file"));
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kIoError);
  EXPECT_NE(f.status().message().find("no/such/file"), std::string::npos);
  EXPECT_EQ(WriteFileAtomic(Path("no/such/file"), AsBytes("x")).code(), StatusCode::kIoError);
}

TEST_F(TempFileTest, TempDirBeside) {
  auto d = MakeTempDirBeside(Path("out"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(fs::is_directory(*d));
  EXPECT_EQ(fs::path(*d).parent_path(), fs::path(dir_));
  EXPECT_TRUE(fs::path(*d).filename().string().starts_with(".out.suture-"));
  EXPECT_EQ(MakeTempDirBeside(Path("no/such/out")).status().code(), StatusCode::kIoError);
}

// The staging registry: what a signal handler removes is exactly what is
// still being built.
TEST_F(TempFileTest, StagingPathsAreRegisteredWhileBeingBuilt) {
  const size_t before = RegisteredStagingPathCount();
  {
    auto f = TempFile::CreateBeside(Path("a"));
    ASSERT_TRUE(f.ok());
    auto d = TempDir::CreateBeside(Path("b"));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(RegisteredStagingPathCount(), before + 2);
    ASSERT_TRUE(f->Commit().ok());
    EXPECT_EQ(RegisteredStagingPathCount(), before + 1);
  }
  // Destroyed: the folder is gone and unregistered; the committed file stays.
  EXPECT_EQ(RegisteredStagingPathCount(), before);
  EXPECT_EQ(FilesInDir(), 1u);
  EXPECT_TRUE(fs::exists(Path("a")));

  auto kept = TempDir::CreateBeside(Path("c"));
  ASSERT_TRUE(kept.ok());
  kept->Release();  // renamed into place by its owner; TearDown removes it here
  EXPECT_EQ(RegisteredStagingPathCount(), before);
  EXPECT_EQ(FilesInDir(), 2u);
}

TEST_F(TempFileTest, RemoveStagingPathsRemovesFilesAndFolders) {
  auto f = TempFile::CreateBeside(Path("a"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(f->Write(AsBytes("partial")).ok());
  auto d = TempDir::CreateBeside(Path("b"));
  ASSERT_TRUE(d.ok());
  fs::create_directories(fs::path(d->path()) / "x" / "y");
  ASSERT_EQ(FilesInDir(), 2u);
  RemoveStagingPaths();
  EXPECT_EQ(FilesInDir(), 0u);
  EXPECT_EQ(RegisteredStagingPathCount(), 0u);
}

}  // namespace
}  // namespace suture
