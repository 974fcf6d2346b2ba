// Fuzzes the client's check-answer verification (client-lib/src/
// update_manifest.h). First byte even: the rest is a manifest text that the
// harness signs with its own server key, so the parser behind the signature
// check is reached; odd: the rest is the raw answer. An accepted manifest
// must satisfy what the client relies on.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "suture/core/crypto.h"
#include "update_manifest.h"

namespace {

struct Keys {
  suture::PrivateKey priv;
  suture::PublicKey pub;
};

const Keys& TheKeys() {
  static const Keys k = [] {
    auto priv = suture::PrivateKey::Generate();
    if (!priv.ok()) __builtin_trap();
    suture::PublicKey pub = priv->public_key();
    return Keys{std::move(*priv), pub};
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using nlohmann::json;
  const Keys& keys = TheKeys();
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string answer;
  if (data[0] % 2 == 0) {
    // Valid UTF-8 is what a JSON string can carry: replace what is not.
    const std::string text =
        json::parse(json(rest).dump(-1, ' ', false, json::error_handler_t::replace))
            .get<std::string>();
    auto sig = keys.priv.Sign(suture::AsBytes(text));
    if (!sig.ok()) __builtin_trap();
    answer = json{{"manifest", text}, {"signature", suture::ToHex(suture::ByteView(*sig))}}.dump();
  } else {
    answer = rest;
  }
  suture::client::ManifestExpectations want;
  want.server_key = &keys.pub;
  want.app_id = "com.example.fuzz";
  want.base_fingerprint = std::string(64, 'a');
  want.now = 1800000000;
  want.max_blob_size = 1 << 20;
  suture::client::UpdateManifest m;
  if (suture::client::VerifyCheckAnswer(answer, want, &m).ok()) {
    if (m.app_id != want.app_id || m.base_fingerprint != want.base_fingerprint) __builtin_trap();
    if (m.type == "patch" && (m.sha256.size() != 64 || m.size > want.max_blob_size))
      __builtin_trap();
  }
  return 0;
}
