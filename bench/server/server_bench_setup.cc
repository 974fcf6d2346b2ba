// Prepares a running suture-server for the benchmark: registers an app,
// publishes `n` signed bundles (one per base build) and creates one release
// per bundle with realistic rules, so `check` runs against n releases.
// Writes into OUT_DIR: app_key, base_fingerprint, base_fingerprints (the
// first eight base builds, one per line; line k is release id k), blob_sha256,
// check_body.json, check_response.json (a real check answer, for nginx to
// serve as a static file).
//
//   server_bench_setup URL ADMIN_TOKEN OUT_DIR N_RELEASES BLOB_BYTES
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "suture/apply/bundle.h"
#include "suture/core/crypto.h"
#include "suture/core/file_util.h"
#include "suture/create/bundle_writer.h"

using nlohmann::json;
using suture::Bytes;
using suture::ByteView;

namespace {

[[noreturn]] void Die(const std::string& m) {
  std::fprintf(stderr, "server_bench_setup: %s\n", m.c_str());
  std::exit(1);
}

suture::cli::HttpResult Call(const std::string& method, const std::string& url,
                                const std::string& token, const std::string& body,
                                const std::string& ctype = "application/json") {
  auto r = suture::cli::HttpCall(method, url,
                                    {"Authorization: Bearer " + token, "Content-Type: " + ctype,
                                     "Expect:"},
                                    body);
  if (!r.ok()) Die(r.status().ToString());
  return *r;
}

Bytes Random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  Bytes b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) Die("usage: URL ADMIN_TOKEN OUT_DIR N_RELEASES BLOB_BYTES");
  const std::string url = argv[1], token = argv[2], out = argv[3];
  const int n = std::atoi(argv[4]);
  const size_t blob_bytes = std::strtoull(argv[5], nullptr, 10);
  auto key = suture::PrivateKey::Generate();
  if (!key.ok()) Die(key.status().ToString());
  const std::string app = "com.bench.app";
  auto reg = Call("POST", url + "/v1/apps", token,
                  json{{"app_id", app}, {"release_public_key", key->public_key().ToPem()}}.dump());
  if (reg.status != 201) Die("register: " + reg.body);
  const std::string app_key = json::parse(reg.body)["app_key"];

  std::string first_base, first_blob;
  std::string bases;  // the first few base builds, one per line (release id = line number)
  for (int i = 0; i < n; ++i) {
    const Bytes base = Random(64, 1000 + i);
    const Bytes target = Random(i == 0 ? blob_bytes : 256, 5000 + i);
    suture::diff::BundleBuilder b;
    const uint32_t s = b.AddStream(target, suture::diff::StreamCodec::kRaw);
    auto& m = b.manifest();
    m.app_id = app;
    m.target_build_id = "build-" + std::to_string(i);
    m.patch_version = 1;
    m.base_size = base.size();
    m.base_fingerprint = suture::Sha256(base);
    m.target_size = target.size();
    m.target_sha256 = suture::Sha256(target);
    suture::diff::BundleEntry e;
    e.op = suture::diff::EntryOp::kPatch;
    e.method = suture::diff::PatchMethod::kRaw;
    e.old_size = base.size();
    e.old_sha256 = suture::Sha256(base);
    e.new_size = target.size();
    e.new_sha256 = suture::Sha256(target);
    e.stream = s;
    m.entries.push_back(e);
    auto bytes = b.Finish(&*key);
    if (!bytes.ok()) Die(bytes.status().ToString());
    auto pub = Call("POST", url + "/v1/apps/" + app + "/patches", token,
                    std::string(bytes->begin(), bytes->end()), "application/octet-stream");
    if (pub.status != 201) Die("publish: " + pub.body);
    const json p = json::parse(pub.body);
    if (i < 8) bases += p["base_fingerprint"].get<std::string>() + "\n";
    if (i == 0) {
      first_base = p["base_fingerprint"];
      first_blob = p["blob_sha256"];
    }
    // Realistic rules: OS + SDK floor + app version range + region list + a
    // custom flag, at a partial percentage.
    json rel{{"patch_id", p["id"]},
             {"percent", 50},
             {"rules",
              {{{"attr", "os"}, {"op", "eq"}, {"value", "android"}},
               {{"attr", "sdk"}, {"op", "ge"}, {"value", 24}},
               {{"any",
                 {{{"attr", "region"}, {"op", "in"}, {"value", {"CN", "US", "DE", "JP", "BR"}}},
                  {{"attr", "custom.beta"}, {"op", "eq"}, {"value", "1"}}}}}}}};
    auto r = Call("POST", url + "/v1/apps/" + app + "/releases", token, rel.dump());
    if (r.status != 201) Die("release: " + r.body);
  }
  json device{{"device_id", "bench-device"}, {"base_fingerprint", first_base},
              {"os", "android"}, {"sdk", 33}, {"app_version", "8.0.1"}, {"region", "CN"},
              {"brand", "google"}, {"model", "Pixel 8"}, {"abi", "arm64-v8a"},
              {"channel", "play"}, {"locale", "zh-CN"}, {"network", "wifi"}};
  auto check = suture::cli::HttpCall("POST", url + "/v1/apps/" + app + "/check",
                                        {"X-Suture-App-Key: " + app_key, "Expect:"}, device.dump());
  if (!check.ok() || check->status != 200) Die("check failed");
  auto w = [&](const std::string& name, const std::string& content) {
    if (!suture::WriteFileAtomic(out + "/" + name, suture::AsBytes(content)).ok()) Die(name);
  };
  w("app_key", app_key);
  w("base_fingerprint", first_base);
  w("base_fingerprints", bases);
  w("blob_sha256", first_blob);
  w("check_body.json", device.dump());
  w("check_response.json", check->body);
  std::printf("setup: %d releases, blob %s\n", n, first_blob.c_str());
  return 0;
}
