// Issue 16 row 3 against the real suture-server: a bundle signed by the
// app's key whose target build id is not UTF-8 used to be stored (row and
// blob) while publish answered 500, and from then on the patch listing and
// every check on its base answered 500. Now publish refuses it with 400
// `corrupt` and stores nothing; and a stored string that is not UTF-8 (a row
// written by an older server) no longer breaks any JSON answer.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "../common/manifest_bytes.h"
#include "server_harness.h"

namespace suture::server::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

size_t FilesIn(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// Runs one statement on the server's database (from outside, as an older
// server or an operator would have).
void ExecSql(const std::string& data_dir, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir + "/suture.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

int64_t CountPatchRows(const std::string& data_dir) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open((data_dir + "/suture.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM patches", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

class ServerTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path());
    admin_ = server_->admin_token();
    app_key_ = RegisterTestApp(server_->url(), admin_, "app1", &key_);
  }
  Response Publish(const Bytes& bundle) {
    return Http("POST", server_->url() + "/v1/apps/app1/patches",
                std::string(bundle.begin(), bundle.end()),
                {Bearer(admin_), "Content-Type: application/octet-stream"});
  }
  // Publishes a bundle from `base` (target from `seed`) and releases it at 100%.
  void PublishAndRelease(const Bytes& base, uint32_t seed) {
    Response pub = Publish(MakeBundle("app1", base, RandomBytes(3000, seed), 1, &key_));
    ASSERT_EQ(pub.status, 201) << pub.body;
    Response rel =
        Http("POST", server_->url() + "/v1/apps/app1/releases",
             json{{"patch_id", pub.Json()["id"]}, {"percent", 100}}.dump(), {Bearer(admin_)});
    ASSERT_EQ(rel.status, 201) << rel.body;
  }
  Response ListPatches() {
    return Http("GET", server_->url() + "/v1/apps/app1/patches", "", {Bearer(admin_)});
  }
  Response Check(const std::string& url, const Bytes& base) {
    return Http("POST", url + "/v1/apps/app1/check", TestDevice("dev-1", base).dump(),
                {AppKeyHeader(app_key_)});
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_, app_key_;
  PrivateKey key_;
};

TEST_F(ServerTextTest, NonUtf8TargetBuildIsRefusedAndStoresNothing) {
  const Bytes base = RandomBytes(1000, 1);
  const Bytes target = RandomBytes(3000, 2);
  // MakeBundle writes target build "build-1"; byte 6 becomes 0xE9, re-signed by the app's key.
  const Bytes bad = test_bytes::RewriteManifestByte(MakeBundle("app1", base, target, 1, &key_),
                                                    "build-1", 6, 0xE9, &key_);
  ASSERT_FALSE(bad.empty());
  Response pub = Publish(bad);
  EXPECT_EQ(pub.status, 400) << pub.body;
  EXPECT_EQ(pub.ErrorCode(), "corrupt");
  EXPECT_NE(pub.ErrorMessage().find("target build id: not UTF-8 (byte 0xe9 at offset 6)"),
            std::string::npos)
      << pub.body;
  EXPECT_EQ(FilesIn(fs::path(dir_.path()) / "blobs"), 0u);
  EXPECT_EQ(FilesIn(fs::path(dir_.path()) / "tmp"), 0u);
  Response list = ListPatches();
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json()["patches"].size(), 0u);
  // The same bundle with a UTF-8 build id is published and listed.
  Response ok = Publish(MakeBundle("app1", base, target, 1, &key_));
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ListPatches().Json()["patches"].size(), 1u);
}

TEST_F(ServerTextTest, StoredNonUtf8TextNeverBreaksListingsOrChecks) {
  const Bytes base = RandomBytes(1000, 3);
  ASSERT_NO_FATAL_FAILURE(PublishAndRelease(base, 4));
  // What an older server stored for a bundle like the one above.
  server_.reset();
  ExecSql(dir_.path(),
          "UPDATE patches SET target_build_id = CAST(X'6275696c642d636166e9' AS TEXT)");
  server_ = std::make_unique<ServerProcess>(dir_.path());

  const std::string replaced = "build-caf\xef\xbf\xbd";  // U+FFFD for the bad byte
  Response list = ListPatches();
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_FALSE(list.Json().is_discarded());
  EXPECT_EQ(list.Json()["patches"][0]["target_build_id"], replaced);
  for (const std::string& url : {server_->url(), server_->device_url()}) {
    SCOPED_TRACE(url);
    Response c = Check(url, base);
    ASSERT_EQ(c.status, 200) << c.body;
    const json m = json::parse(c.Json()["manifest"].get<std::string>(), nullptr, false);
    ASSERT_FALSE(m.is_discarded());
    EXPECT_EQ(m["type"], "patch");
    EXPECT_EQ(m["target_build_id"], replaced);
  }
}

// Publish stores nothing unless the whole request succeeds: here the step
// after the row insert (reloading the server's state) fails on a release
// spec broken behind the server's back; the row and the blob are taken back.
TEST_F(ServerTextTest, PublishThatFailsAfterTheInsertStoresNothing) {
  const Bytes base = RandomBytes(1000, 5);
  ASSERT_NO_FATAL_FAILURE(PublishAndRelease(base, 6));
  ExecSql(dir_.path(), "UPDATE releases SET spec = 'not json'");

  Response second = Publish(MakeBundle("app1", base, RandomBytes(3000, 7), 2, &key_));
  EXPECT_NE(second.status, 201) << second.body;
  EXPECT_EQ(second.ErrorMessage().find('\n'), std::string::npos);
  EXPECT_EQ(CountPatchRows(dir_.path()), 1);
  EXPECT_EQ(FilesIn(fs::path(dir_.path()) / "blobs"), 1u);
  EXPECT_EQ(FilesIn(fs::path(dir_.path()) / "tmp"), 0u);
}

}  // namespace
}  // namespace suture::server::testing
