// Runs the real `suture` binary: keygen, sign, verify, inspect, exit codes and
// one-line error messages.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../common/manifest_bytes.h"
#include "suture/apply/bundle.h"
#include "suture/apply/zip.h"
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

  // Names in the test folder that are staging leftovers (".X.suture-XXXXXX").
  std::vector<std::string> StagingLeftovers() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename().string().find(".suture-") != std::string::npos)
        out.push_back(e.path().string());
    }
    return out;
  }

  // Writes an unsigned single-file bundle turning `old_text` into `target`
  // (zstd at `level`).
  void WriteBundle(const std::string& path, const std::string& old_text = "hello",
                   const std::string& target = std::string(1000, 'z'), int level = 19) {
    diff::BundleBuilder b;
    auto& m = b.manifest();
    m.app_id = "com.example";
    m.target_build_id = "42";
    m.patch_version = 1;
    m.kind = diff::ContainerKind::kFile;
    m.base_size = old_text.size();
    m.base_fingerprint = Sha256(AsBytes(old_text));
    m.target_size = target.size();
    m.target_sha256 = Sha256(AsBytes(target));
    const uint32_t s = b.AddStream(AsBytes(target), diff::StreamCodec::kZstd, level);
    m.entries.push_back({diff::EntryOp::kPatch, diff::PatchMethod::kRaw, "", "", old_text.size(),
                         Sha256(AsBytes(old_text)), target.size(), Sha256(AsBytes(target)), s, ""});
    auto bytes = b.Finish(nullptr);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
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

// Issue 16 row 3: text options that would go into a bundle are refused up
// front when they are not UTF-8; nothing is written.
TEST_F(CliTest, DiffRefusesNonUtf8TextOptions) {
  ASSERT_TRUE(WriteFileAtomic(P("old"), AsBytes(std::string(4000, 'o'))).ok());
  ASSERT_TRUE(WriteFileAtomic(P("new"), AsBytes(std::string(4000, 'n'))).ok());
  for (const char* option : {"--target-build", "--app-id"}) {
    RunResult r = Run("diff " + P("old") + " " + P("new") + " -o " + P("p.bin") + " " + option +
                      " 'build-caf\xe9'");
    EXPECT_EQ(r.code, 4) << option << ": " << r.err;
    EXPECT_EQ(r.err, std::string("suture: ") + option +
                         ": not UTF-8 (offset 9); bundle text fields must be UTF-8\n");
    EXPECT_FALSE(fs::exists(P("p.bin")));
  }
  EXPECT_TRUE(StagingLeftovers().empty());
  // The same in UTF-8 works.
  RunResult ok = Run("diff -q " + P("old") + " " + P("new") + " -o " + P("p.bin") +
                     " --target-build 'build-caf\xc3\xa9'");
  EXPECT_EQ(ok.code, 0) << ok.err;
}

// Issue 13 rollout: --format-version 1 / 2 write v1 / v2 bundles (for
// clients from before format v2 / v3) that sign, verify and apply; the
// default is v3; any other version is refused naming the option, before
// anything is written.
TEST_F(CliTest, DiffFormatVersions) {
  ASSERT_EQ(Run("keygen -o " + P("k")).code, 0);
  std::string base(6000, 'o');
  for (size_t i = 0; i < base.size(); i += 7) base[i] = static_cast<char>('a' + i % 26);
  std::string target = base;
  target.replace(3000, 5, "EDIT!");
  ASSERT_TRUE(WriteFileAtomic(P("old"), AsBytes(base)).ok());
  ASSERT_TRUE(WriteFileAtomic(P("new"), AsBytes(target)).ok());
  for (const char* version : {"1", "2", "3", "4", ""}) {
    const std::string out = P(std::string("p") + version + ".bin");
    RunResult d = Run("diff -q " + P("old") + " " + P("new") + " -o " + out + " --key " + P("k.key") +
                      (*version ? std::string(" --format-version ") + version : ""));
    ASSERT_EQ(d.code, 0) << version << ": " << d.err;
    auto bytes = ReadFile(out);
    ASSERT_TRUE(bytes.ok());
    ASSERT_GT(bytes->size(), 10u);
    EXPECT_EQ((*bytes)[8], *version ? *version - '0' : 4) << version;  // u16 format version, LE
    EXPECT_EQ(Run("verify " + out + " --pubkey " + P("k.pub")).code, 0) << version;
    RunResult a = Run("apply " + P("old") + " " + out + " -o " + P("out") + " --pubkey " + P("k.pub"));
    ASSERT_EQ(a.code, 0) << version << ": " << a.err;
    EXPECT_EQ(Slurp(dir_ / "out"), target) << version;
  }
  RunResult bad = Run("diff " + P("old") + " " + P("new") + " -o " + P("p5.bin") + " --format-version 5");
  EXPECT_EQ(bad.code, 4) << bad.err;
  EXPECT_EQ(bad.err, "suture: --format-version must be 1, 2, 3 or 4, not 5\n");
  EXPECT_FALSE(fs::exists(P("p5.bin")));
}

// Issue 16 row 3: a bundle correctly signed by the app's key whose target
// build id is not UTF-8 is refused by verify and inspect (it used to pass
// verify and then break the server's JSON).
TEST_F(CliTest, NonUtf8TargetBuildRefusedByVerifyAndInspect) {
  ASSERT_EQ(Run("keygen -o " + P("k")).code, 0);
  auto key = PrivateKey::LoadFile(P("k.key"));
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(WriteFileAtomic(P("old"), AsBytes(std::string(4000, 'o'))).ok());
  ASSERT_TRUE(WriteFileAtomic(P("new"), AsBytes(std::string(4000, 'n'))).ok());
  ASSERT_EQ(Run("diff -q " + P("old") + " " + P("new") + " -o " + P("good.bin") + " --key " +
                P("k.key") + " --target-build build-cafX")
                .code,
            0);
  const Bytes bad = test_bytes::RewriteManifestByte(ReadFile(P("good.bin")).value(), "build-cafX",
                                                    9, 0xE9, &*key);
  ASSERT_FALSE(bad.empty());
  ASSERT_TRUE(WriteFileAtomic(P("bad.bin"), bad).ok());
  const std::string want = "suture: " + P("bad.bin") +
                           ": manifest: target build id: not UTF-8 (byte 0xe9 at offset 9)\n";
  for (const std::string& cmd : {"verify " + P("bad.bin") + " --pubkey " + P("k.pub"),
                                 "inspect " + P("bad.bin"), "inspect --json " + P("bad.bin")}) {
    RunResult r = Run(cmd);
    EXPECT_EQ(r.code, 4) << cmd;
    EXPECT_EQ(r.err, want) << cmd;
    EXPECT_EQ(r.out, "") << cmd;
  }
}

// Writes a ZIP archive with `members` (name, bytes) to `path`.
void WriteZip(const std::string& path,
              const std::vector<std::pair<std::string, std::string>>& members) {
  auto w = diff::ZipWriter::ToFile(path);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  for (const auto& [name, data] : members)
    ASSERT_TRUE((*w)->AddEntry(name, AsBytes(data)).ok()) << name;
  ASSERT_TRUE((*w)->Finish().ok());
}

// Issue 16 row 4: a bundle whose member path is not UTF-8 made `apply` and
// `inspect --json` abort on an uncaught JSON exception, leaving the patch
// folder's staging folders (12 MB in the report) beside OUT. Now: exit 4,
// one line naming the field, nothing left behind.
TEST_F(CliTest, NonUtf8MemberPathRefusedByApplyAndInspectWithoutLeftovers) {
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  std::string big2 = big;
  big2[1000] ^= 1;
  WriteZip(P("old.zip"), {{"a.txt", "alpha"}, {"big.bin", big}});
  WriteZip(P("new.zip"), {{"a.txt", "alpha"}, {"big.bin", big2}, {"res/cafX.txt", "added"}});
  RunResult d = Run("diff -q " + P("old.zip") + " " + P("new.zip") + " -o " + P("good.bin"));
  ASSERT_EQ(d.code, 0) << d.err;
  const Bytes bad = test_bytes::RewriteManifestByte(ReadFile(P("good.bin")).value(), "res/cafX.txt",
                                                    7, 0xE9, nullptr);
  ASSERT_FALSE(bad.empty());
  ASSERT_TRUE(WriteFileAtomic(P("bad.bin"), bad).ok());

  for (const std::string& cmd :
       {"apply " + P("old.zip") + " " + P("bad.bin") + " -o " + P("out"),
        "apply " + P("old.zip") + " " + P("bad.bin") + " --full-archive " + P("out.zip"),
        "inspect --json " + P("bad.bin"), "inspect " + P("bad.bin")}) {
    RunResult r = Run(cmd);
    EXPECT_EQ(r.code, 4) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("path: not UTF-8 (byte 0xe9 at offset 7)"), std::string::npos)
        << cmd << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(fs::exists(P("out")));
  EXPECT_FALSE(fs::exists(P("out.zip")));
  EXPECT_EQ(StagingLeftovers(), std::vector<std::string>{});
  // The untouched bundle applies.
  RunResult ok = Run("apply " + P("old.zip") + " " + P("good.bin") + " -o " + P("out"));
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(StagingLeftovers(), std::vector<std::string>{});
}

// Issue 16: SIGTERM (and SIGINT) in the middle of a real `suture apply` on
// a large output removes the staging file before the process dies of the
// signal.
TEST_F(CliTest, SigtermMidApplyLeavesNoStaging) {
  const std::string old_text(4096, 'o');
  const std::string target(256u << 20, 't');  // 256 MiB out, a few KiB of bundle
  WriteBundle(P("p.bin"), old_text, target, 1);
  ASSERT_TRUE(WriteFileAtomic(P("old"), AsBytes(old_text)).ok());

  for (int sig : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(sig);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::signal(sig, SIG_DFL);  // a test runner started in the background ignores SIGINT
      ::execl(SUTURE_CLI_PATH, SUTURE_CLI_PATH, "apply", P("old").c_str(), P("p.bin").c_str(), "-o",
              P("out").c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Wait (on the file system, not on a clock) until the staging file holds
    // output bytes: the apply is then mid-run.
    bool mid_run = false;
    while (!mid_run) {
      int st = 0;
      if (::waitpid(pid, &st, WNOHANG) == pid) {
        FAIL() << "apply ended before it was signalled, status " << st;
      }
      for (const std::string& p : StagingLeftovers()) {
        std::error_code ec;
        if (fs::file_size(p, ec) > 0 && !ec) mid_run = true;
      }
      if (!mid_run) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(::kill(pid, sig), 0);
    int st = 0;
    ASSERT_EQ(::waitpid(pid, &st, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == sig) << "status " << st;
    EXPECT_EQ(StagingLeftovers(), std::vector<std::string>{});
    EXPECT_FALSE(fs::exists(P("out")));
  }
}

}  // namespace
}  // namespace suture
