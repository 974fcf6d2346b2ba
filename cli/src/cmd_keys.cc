// keygen, sign, verify, inspect.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "manifest_json.h"
#include "suture/apply/bundle.h"
#include "suture/apply/patch_bytes.h"
#include "suture/core/crypto.h"
#include "suture/core/file_util.h"
#include "suture/create/bundle_writer.h"

namespace suture::cli {
namespace {

int Keygen(const std::string& name, bool force) {
  std::string key_path = name + ".key", pub_path = name + ".pub";
  if (!force && (FileExists(key_path) || FileExists(pub_path))) {
    return Fail(
        Status::AlreadyExists(key_path + " or " + pub_path + " exists (use --force to replace)"));
  }
  auto key = PrivateKey::Generate();
  if (!key.ok()) return Fail(key.status());
  Status s = key->SaveFile(key_path);
  if (!s.ok()) return Fail(s);
  s = key->public_key().SaveFile(pub_path);
  if (!s.ok()) return Fail(s);
  std::printf("wrote %s (private, mode 0600) and %s; key id %s\n", key_path.c_str(),
              pub_path.c_str(), ToHex(key->public_key().KeyId()).c_str());
  return kExitOk;
}

int Sign(const std::string& path, const std::string& key_path, std::string out) {
  auto key = PrivateKey::LoadFile(key_path);
  if (!key.ok()) return Fail(key.status());
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return Fail(bytes.status());
  auto signed_bytes = diff::SignBundle(*bytes, *key);
  if (!signed_bytes.ok()) return Fail(signed_bytes.status(), path);
  if (out.empty()) out = path;
  Status s = WriteFileAtomic(out, *signed_bytes);
  if (!s.ok()) return Fail(s);
  std::printf("%s: signed with key %s\n", out.c_str(), ToHex(key->public_key().KeyId()).c_str());
  return kExitOk;
}

int Verify(const std::string& path, const std::string& pub_path) {
  auto pub = PublicKey::LoadFile(pub_path);
  if (!pub.ok()) return Fail(pub.status());
  auto map = MappedFile::Open(path);
  if (!map.ok()) return Fail(map.status());
  auto bundle = diff::Bundle::Parse(map->view());
  if (!bundle.ok()) return Fail(bundle.status(), path);
  Status s = bundle->VerifySignature(*pub);
  if (s.ok()) s = bundle->VerifyStreams();
  if (!s.ok()) return Fail(s, path);
  const auto& m = bundle->manifest();
  std::printf("%s: OK: signature by %s valid, %zu entries, %zu streams verified\n", path.c_str(),
              ToHex(pub->KeyId()).substr(0, 16).c_str(), m.entries.size(), m.streams.size());
  return kExitOk;
}

int Inspect(const std::string& path, bool json) {
  auto map = MappedFile::Open(path);
  if (!map.ok()) return Fail(map.status());
  auto bundle = diff::Bundle::Parse(map->view());
  if (!bundle.ok()) return Fail(bundle.status(), path);
  nlohmann::json j = ManifestJson(*bundle);
  j["file_size"] = map->view().size();
  if (json) {
    std::printf("%s\n", DumpJson(j, 2).c_str());
    return kExitOk;
  }
  std::printf("bundle          %s (%zu bytes, format v%d)\n", path.c_str(), map->view().size(),
              bundle->format_version());
  std::printf("app             %s\n", j["app_id"].get<std::string>().c_str());
  std::printf("target build    %s\n", j["target_build_id"].get<std::string>().c_str());
  std::printf("patch version   %llu\n",
              static_cast<unsigned long long>(j["patch_version"].get<uint64_t>()));
  std::printf("kind            %s\n", j["kind"].get<std::string>().c_str());
  std::printf("base            %s (%llu bytes)\n", j["base_fingerprint"].get<std::string>().c_str(),
              static_cast<unsigned long long>(j["base_size"].get<uint64_t>()));
  std::printf("target          %s (%llu bytes)\n", j["target_sha256"].get<std::string>().c_str(),
              static_cast<unsigned long long>(j["target_size"].get<uint64_t>()));
  std::printf(
      "signed          %s\n",
      bundle->is_signed() ? ("yes, key id " + ToHex(bundle->signer_key_id())).c_str() : "no");
  std::printf("payload         %llu bytes in %zu streams\n",
              static_cast<unsigned long long>(j["payload_size"].get<uint64_t>()),
              bundle->manifest().streams.size());
  std::printf("entries         %zu\n", bundle->manifest().entries.size());
  for (const auto& e : j["entries"]) {
    std::string name = e["path"].get<std::string>();
    if (name.empty()) name = e["old_path"].get<std::string>();
    if (name.empty()) name = "(file)";
    std::printf("  %-7s %-8s %10llu -> %10llu  %8llu B  %s%s%s\n",
                e["op"].get<std::string>().c_str(), e["method"].get<std::string>().c_str(),
                static_cast<unsigned long long>(e["old_size"].get<uint64_t>()),
                static_cast<unsigned long long>(e["new_size"].get<uint64_t>()),
                static_cast<unsigned long long>(e.value("patch_bytes", uint64_t{0})), name.c_str(),
                e.contains("note") ? "  # " : "",
                e.contains("note") ? e["note"].get<std::string>().c_str() : "");
  }
  return kExitOk;
}

// `inspect --bytes`: every byte of the bundle, by region (patch_bytes.h).
int InspectBytes(const std::string& path, bool json) {
  auto map = MappedFile::Open(path);
  if (!map.ok()) return Fail(map.status());
  auto items = diff::ExplainBundleBytes(map->view());
  if (!items.ok()) return Fail(items.status(), path);
  if (json) {
    nlohmann::json j = {{"file_size", map->view().size()}, {"items", nlohmann::json::array()}};
    for (const auto& it : *items) {
      j["items"].push_back({{"name", it.name}, {"bytes", it.bytes}, {"depth", it.depth}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s: %zu bytes\n", path.c_str(), map->view().size());
  for (const auto& it : *items) {
    std::printf("%*s%-*s %10llu B  %5.1f%%\n", 2 * it.depth, "", 60 - 2 * it.depth, it.name.c_str(),
                static_cast<unsigned long long>(it.bytes),
                100.0 * static_cast<double>(it.bytes) / static_cast<double>(map->view().size()));
  }
  return kExitOk;
}

}  // namespace

void AddKeyCommands(CLI::App& app, int* rc) {
  auto* keygen =
      app.add_subcommand("keygen", "Generate an Ed25519 release key pair: NAME.key and NAME.pub");
  static std::string kg_name;
  static bool kg_force = false;
  keygen->add_option("-o,--out", kg_name, "Output name prefix")->required();
  keygen->add_flag("--force", kg_force, "Replace existing key files");
  keygen->callback([rc] { *rc = Keygen(kg_name, kg_force); });

  auto* sign =
      app.add_subcommand("sign", "Sign a patch bundle with a release key (replaces any signature)");
  static std::string sg_path, sg_key, sg_out;
  sign->add_option("bundle", sg_path, "Patch bundle")->required();
  sign->add_option("--key", sg_key, "Private key (PEM, from keygen)")->required();
  sign->add_option("-o,--out", sg_out, "Output (default: rewrite the bundle in place, atomically)");
  sign->callback([rc] { *rc = Sign(sg_path, sg_key, sg_out); });

  auto* verify =
      app.add_subcommand("verify", "Verify a bundle's structure, signature and payload hashes");
  static std::string vf_path, vf_pub;
  verify->add_option("bundle", vf_path, "Patch bundle")->required();
  verify->add_option("--pubkey", vf_pub, "Release public key (PEM)")->required();
  verify->callback([rc] { *rc = Verify(vf_path, vf_pub); });

  auto* inspect = app.add_subcommand("inspect", "Print a bundle's manifest");
  static std::string in_path;
  static bool in_json = false;
  inspect->add_option("bundle", in_path, "Patch bundle")->required();
  inspect->add_flag("--json", in_json, "Machine-readable JSON");
  static bool in_bytes = false;
  inspect->add_flag("--bytes", in_bytes,
                    "Break every byte down: header, manifest, streams, DEX/generic delta parts");
  inspect->callback(
      [rc] { *rc = in_bytes ? InspectBytes(in_path, in_json) : Inspect(in_path, in_json); });
}

}  // namespace suture::cli
