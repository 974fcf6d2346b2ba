// Runs the real `suture` binary: keygen, sign, verify, inspect, exit codes and
// one-line error messages.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "suture/apply/bundle.h"
#include "suture/core/file_util.h"
#include "suture/create/bundle_writer.h"

namespace suture {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int code;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("suture_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult Run(const std::string& args) {
    std::string cmd = std::string(SUTURE_CLI_PATH) + " " + args + " >" +
                      (dir_ / "out.txt").string() + " 2>" + (dir_ / "err.txt").string() +
                      " </dev/null";
    int st = std::system(cmd.c_str());
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, Slurp(dir_ / "out.txt"), Slurp(dir_ / "err.txt")};
  }
  std::string P(const std::string& name) { return (dir_ / name).string(); }

  // Writes an unsigned single-file bundle.
  void WriteBundle(const std::string& path) {
    diff::BundleBuilder b;
    auto& m = b.manifest();
    m.app_id = "com.example";
    m.target_build_id = "42";
    m.patch_version = 1;
    m.kind = diff::ContainerKind::kFile;
    std::string data(1000, 'z');
    // A file bundle's entry is the whole input (format v2 stores it once).
    m.base_size = 5;
    m.target_size = 1000;
    m.target_sha256 = Sha256(AsBytes(data));
    uint32_t s = b.AddStream(AsBytes(data));
    m.entries.push_back({diff::EntryOp::kPatch,
                         diff::PatchMethod::kRaw,
                         "",
                         "",
                         5,
                         {},
                         1000,
                         Sha256(AsBytes(data)),
                         s,
                         ""});
    auto bytes = b.Finish(nullptr);
    ASSERT_TRUE(bytes.ok());
    ASSERT_TRUE(WriteFileAtomic(path, *bytes).ok());
  }

  fs::path dir_;
};

TEST_F(CliTest, HelpForEveryCommand) {
  for (const char* c : {"keygen", "sign", "verify", "inspect"}) {
    RunResult r = Run(std::string(c) + " --help");
    EXPECT_EQ(r.code, 0) << c;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << c << ": " << r.out;
  }
  EXPECT_EQ(Run("--help").code, 0);
  EXPECT_EQ(Run("").code, 2);
  EXPECT_EQ(Run("frobnicate").code, 2);
}

TEST_F(CliTest, KeygenSignVerifyInspect) {
  ASSERT_EQ(Run("keygen -o " + P("release")).code, 0);
  EXPECT_TRUE(fs::exists(P("release.key")));
  EXPECT_TRUE(fs::exists(P("release.pub")));
  // Refuses to overwrite a key.
  RunResult again = Run("keygen -o " + P("release"));
  EXPECT_EQ(again.code, 4);
  EXPECT_NE(again.err.find("exists"), std::string::npos);

  WriteBundle(P("p.bin"));
  RunResult unsigned_verify = Run("verify " + P("p.bin") + " --pubkey " + P("release.pub"));
  EXPECT_EQ(unsigned_verify.code, 5);
  EXPECT_EQ(unsigned_verify.err, "suture: " + P("p.bin") + ": signature: bundle is not signed\n");

  ASSERT_EQ(Run("sign " + P("p.bin") + " --key " + P("release.key")).code, 0);
  RunResult ok = Run("verify " + P("p.bin") + " --pubkey " + P("release.pub"));
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("OK"), std::string::npos);

  RunResult insp = Run("inspect " + P("p.bin"));
  EXPECT_EQ(insp.code, 0);
  EXPECT_NE(insp.out.find("com.example"), std::string::npos);
  RunResult json = Run("inspect --json " + P("p.bin"));
  EXPECT_EQ(json.code, 0);
  EXPECT_NE(json.out.find("\"app_id\": \"com.example\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"signed\": true"), std::string::npos);
}

TEST_F(CliTest, VerifyFailuresAreOneLineWithFileAndCheck) {
  ASSERT_EQ(Run("keygen -o " + P("a")).code, 0);
  ASSERT_EQ(Run("keygen -o " + P("b")).code, 0);
  WriteBundle(P("p.bin"));
  ASSERT_EQ(Run("sign " + P("p.bin") + " --key " + P("a.key")).code, 0);

  RunResult wrong = Run("verify " + P("p.bin") + " --pubkey " + P("b.pub"));
  EXPECT_EQ(wrong.code, 5);
  EXPECT_NE(wrong.err.find("not by the given public key"), std::string::npos) << wrong.err;

  Bytes bytes = ReadFile(P("p.bin")).value();
  // One flip in each region: header, manifest, payload, signature.
  for (size_t off : {size_t{9}, size_t{40}, bytes.size() - 110, bytes.size() - 1}) {
    Bytes copy = bytes;
    copy[off] ^= 0x20;
    ASSERT_TRUE(WriteFileAtomic(P("t.bin"), copy).ok());
    RunResult r = Run("verify " + P("t.bin") + " --pubkey " + P("a.pub"));
    EXPECT_NE(r.code, 0) << off;
    EXPECT_EQ(r.err.rfind("suture: " + P("t.bin") + ": ", 0), 0u) << off << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  // Truncated file.
  ASSERT_TRUE(WriteFileAtomic(P("t.bin"), ByteView(bytes.data(), 20)).ok());
  RunResult trunc = Run("verify " + P("t.bin") + " --pubkey " + P("a.pub"));
  EXPECT_EQ(trunc.code, 4);
  EXPECT_NE(trunc.err.find("(truncated)"), std::string::npos) << trunc.err;
  // Missing file.
  RunResult missing = Run("verify " + P("nope.bin") + " --pubkey " + P("a.pub"));
  EXPECT_EQ(missing.code, 3);
  EXPECT_NE(missing.err.find("nope.bin: no such file"), std::string::npos) << missing.err;
  // A private key where a public key belongs.
  RunResult badkey = Run("verify " + P("p.bin") + " --pubkey " + P("a.key"));
  EXPECT_EQ(badkey.code, 4);
  EXPECT_NE(badkey.err.find("a.key: not a PEM public key"), std::string::npos) << badkey.err;
}

}  // namespace
}  // namespace suture
