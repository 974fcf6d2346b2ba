// VerifyCheckAnswer: the signed check answer, one named case per way it can
// be wrong (tampered, expired, replayed, another app or base, malformed).
#include "update_manifest.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

namespace suture::client {
namespace {

using json = nlohmann::json;

const std::string kBase(64, 'a');
constexpr int64_t kNow = 1'800'000'000;

json GoodManifest() {
  return json{{"type", "patch"},          {"version", 7},
              {"issued_at", kNow - 30},   {"expires_at", kNow + 3600},
              {"app_id", "com.example"},  {"base_fingerprint", kBase},
              {"release_id", "3"},        {"patch_id", "1"},
              {"already_installed", false}, {"patch_version", 2},
              {"target_build_id", "b2"},  {"target_sha256", std::string(64, 'c')},
              {"url", "/v1/blobs/" + std::string(64, 'd')}, {"size", 1234},
              {"sha256", std::string(64, 'd')}};
}

std::string Answer(const std::string& manifest_text, const PrivateKey& key) {
  auto sig = key.Sign(AsBytes(manifest_text));
  return json{{"type", "patch"}, {"manifest", manifest_text}, {"signature", ToHex(ByteView(*sig))}}.dump();
}

struct Case {
  const char* name;
  std::function<void(json* manifest)> edit;  // applied before signing
  std::function<void(std::string* answer)> tamper;  // applied after signing
  std::function<void(ManifestExpectations* want)> expect;
  Code code;
};

TEST(UpdateManifestTest, Table) {
  auto key = PrivateKey::Generate();
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(key.ok() && other.ok());
  const PublicKey pub = key->public_key();
  const std::vector<Case> cases = {
      {"Good", nullptr, nullptr, nullptr, Code::kOk},
      {"SameVersionAsSeen", nullptr, nullptr, [](auto* w) { w->highest_version_seen = 7; }, Code::kOk},
      {"WithinSkew", [](json* m) { (*m)["expires_at"] = kNow - 100; }, nullptr, nullptr, Code::kOk},
      {"NoneType", [](json* m) { *m = json{{"type", "none"}, {"version", 8}, {"issued_at", kNow}, {"expires_at", kNow + 60}, {"app_id", "com.example"}, {"base_fingerprint", kBase}}; }, nullptr, nullptr, Code::kOk},
      {"TamperedManifest", nullptr, [](std::string* a) {
         json j = json::parse(*a);
         std::string m = j["manifest"];
         m.replace(m.find("\"size\":1234"), 11, "\"size\":1235");
         j["manifest"] = m;
         *a = j.dump();
       }, nullptr, Code::kManifestSignature},
      {"SignatureNotHex", nullptr, [](std::string* a) {
         json j = json::parse(*a);
         j["signature"] = "zz";
         *a = j.dump();
       }, nullptr, Code::kManifestSignature},
      {"Expired", [](json* m) { (*m)["expires_at"] = kNow - 301; }, nullptr, nullptr, Code::kManifestExpired},
      {"IssuedInFuture", [](json* m) { (*m)["issued_at"] = kNow + 301; }, nullptr, nullptr, Code::kManifestExpired},
      {"Replayed", nullptr, nullptr, [](auto* w) { w->highest_version_seen = 8; }, Code::kManifestReplayed},
      {"OtherApp", [](json* m) { (*m)["app_id"] = "com.other"; }, nullptr, nullptr, Code::kManifestMismatch},
      {"OtherBase", [](json* m) { (*m)["base_fingerprint"] = std::string(64, 'b'); }, nullptr, nullptr, Code::kManifestMismatch},
      {"BlobOverLimit", [](json* m) { (*m)["size"] = 1u << 30; }, nullptr, nullptr, Code::kLimitExceeded},
      {"MissingSha", [](json* m) { m->erase("sha256"); }, nullptr, nullptr, Code::kCorrupt},
      {"NegativeVersion", [](json* m) { (*m)["version"] = -1; }, nullptr, nullptr, Code::kCorrupt},
      {"UnknownType", [](json* m) { (*m)["type"] = "wipe"; }, nullptr, nullptr, Code::kCorrupt},
      {"UrlOutsideBlobs", [](json* m) { (*m)["url"] = "file:///etc/passwd"; }, nullptr, nullptr, Code::kCorrupt},
      {"UpperCaseSha", [](json* m) { (*m)["sha256"] = std::string(64, 'D'); }, nullptr, nullptr, Code::kCorrupt},
      {"ControlCharacter", [](json* m) { (*m)["patch_id"] = "1\n2"; }, nullptr, nullptr, Code::kCorrupt},
      {"AnswerNotJson", nullptr, [](std::string* a) { *a = "{\"manifest\":"; }, nullptr, Code::kCorrupt},
      {"AnswerTooLarge", nullptr, [](std::string* a) { a->append(kMaxCheckAnswer, ' '); }, nullptr, Code::kLimitExceeded},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    json m = GoodManifest();
    if (c.edit) c.edit(&m);
    std::string answer = Answer(m.dump(), *key);
    if (c.tamper) c.tamper(&answer);
    ManifestExpectations want;
    want.server_key = &pub;
    want.app_id = "com.example";
    want.base_fingerprint = kBase;
    want.highest_version_seen = 5;
    want.now = kNow;
    want.clock_skew_s = 300;
    want.max_blob_size = 1u << 20;
    if (c.expect) c.expect(&want);
    UpdateManifest out;
    Result r = VerifyCheckAnswer(answer, want, &out);
    EXPECT_EQ(r.code, c.code) << r.message;
    if (c.code == Code::kOk) {
      EXPECT_GE(out.version, 7u);
    }
  }
}

TEST(UpdateManifestTest, OtherServerKeyIsRejected) {
  auto key = PrivateKey::Generate();
  auto other = PrivateKey::Generate();
  const PublicKey pub = other->public_key();
  ManifestExpectations want;
  want.server_key = &pub;
  want.app_id = "com.example";
  want.base_fingerprint = kBase;
  want.now = kNow;
  UpdateManifest out;
  Result r = VerifyCheckAnswer(Answer(GoodManifest().dump(), *key), want, &out);
  EXPECT_EQ(r.code, Code::kManifestSignature) << r.message;
}

}  // namespace
}  // namespace suture::client
