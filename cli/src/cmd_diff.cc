// diff, apply.
#include <chrono>
#include <cstdio>
#include <optional>
#include <utility>

#include "cli_common.h"
#include "suture/apply/apply_patch.h"
#include "suture/core/file_util.h"
#include "suture/core/utf8.h"
#include "suture/create/create_patch.h"

namespace suture::cli {
namespace {

struct DiffArgs {
  std::string old_path, new_path, out, key, format = "suture", app_id = "app", target_build;
  uint64_t patch_version = 1;
  int format_version = diff::kBundleFormatVersion;
  int threads = 2;
  bool quiet = false, dex = true;
};

struct ApplyArgs {
  std::string old_path, patch_path, out, pubkey, full_archive;
};

// Bundle text fields are UTF-8 (docs/format.md): refused here, before any
// file is read, with the option's name.
Status CheckTextOption(const std::string& value, const char* option) {
  if (const std::optional<size_t> bad = FindInvalidUtf8(value)) {
    return Status::InvalidArgument(std::string(option) + ": not UTF-8 (offset " +
                                   std::to_string(*bad) + "); bundle text fields must be UTF-8");
  }
  return Status::Ok();
}

int Diff(const DiffArgs& a) {
  for (const auto& [value, option] :
       {std::pair{&a.app_id, "--app-id"}, std::pair{&a.target_build, "--target-build"}}) {
    if (Status s = CheckTextOption(*value, option); !s.ok()) return Fail(s);
  }
  diff::DiffOptions o;
  o.app_id = a.app_id;
  o.target_build_id = a.target_build;
  o.patch_version = a.patch_version;
  o.threads = a.threads;
  o.dex_aware = a.dex;
  if (a.format == "bsdiff40") {
    o.format = diff::PatchFormat::kBsdiff40;
  } else if (a.format != "suture") {
    return Fail(Status::InvalidArgument("--format must be suture or bsdiff40, not \"" + a.format + "\""));
  }
  if (a.format_version < diff::kBundleFormatVersionV1 ||
      a.format_version > diff::kBundleFormatVersion) {
    return Fail(Status::InvalidArgument("--format-version must be 1, 2, 3 or 4, not " +
                                        std::to_string(a.format_version)));
  }
  o.bundle_format_version = static_cast<uint16_t>(a.format_version);
  PrivateKey key;
  if (!a.key.empty()) {
    auto k = PrivateKey::LoadFile(a.key);
    if (!k.ok()) return Fail(k.status());
    key = std::move(*k);
  }
  auto old_map = MappedFile::Open(a.old_path);
  if (!old_map.ok()) return Fail(old_map.status());
  auto new_map = MappedFile::Open(a.new_path);
  if (!new_map.ok()) return Fail(new_map.status());
  auto t0 = std::chrono::steady_clock::now();
  auto r = diff::CreatePatch(old_map->view(), new_map->view(), o, a.key.empty() ? nullptr : &key);
  if (!r.ok()) return Fail(r.status());
  Status s = WriteFileAtomic(a.out, r->patch);
  if (!s.ok()) return Fail(s);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) {
    for (const auto& e : r->entries) {
      std::printf("  %-8s %10llu -> %10llu  %9llu B  %s%s%s\n", e.action.c_str(),
                  static_cast<unsigned long long>(e.old_size), static_cast<unsigned long long>(e.new_size),
                  static_cast<unsigned long long>(e.patch_bytes), e.path.empty() ? "(file)" : e.path.c_str(),
                  e.note.empty() ? "" : "  # ", e.note.c_str());
    }
    std::printf("%s: %zu bytes (%zu changed/added/removed members, %u unchanged, %s, %.2f s)\n",
                a.out.c_str(), r->patch.size(), r->entries.size(), r->unchanged,
                a.key.empty() ? "unsigned" : "signed", secs);
  }
  return kExitOk;
}

int Apply(const ApplyArgs& a) {
  diff::ApplyOptions o;
  PublicKey pub;
  if (!a.pubkey.empty()) {
    auto k = PublicKey::LoadFile(a.pubkey);
    if (!k.ok()) return Fail(k.status());
    pub = std::move(*k);
    o.pubkey = &pub;
  }
  std::string out = a.out;
  if (!a.full_archive.empty()) {
    if (!out.empty()) return Fail(Status::InvalidArgument("give either -o or --full-archive, not both"));
    o.full_archive = true;
    out = a.full_archive;
  }
  if (out.empty()) return Fail(Status::InvalidArgument("an output is required: -o OUT or --full-archive NEW.apk"));
  auto r = diff::ApplyPatch(a.old_path, a.patch_path, out, o);
  if (!r.ok()) return Fail(r.status());
  const char* what = r->kind == diff::ContainerKind::kFile ? "file"
                     : o.full_archive                      ? "archive"
                                                           : "patch folder";
  std::printf("%s: %s written (%u entries, %llu bytes)%s\n", out.c_str(), what, r->entries_written,
              static_cast<unsigned long long>(r->bytes_written),
              o.pubkey ? ", signature verified" : "");
  return kExitOk;
}

}  // namespace

void AddDiffCommands(CLI::App& app, int* rc) {
  static DiffArgs d;
  auto* diff = app.add_subcommand("diff", "Compute a patch from OLD to NEW (ZIP/APK archives or plain files)");
  diff->add_option("old", d.old_path, "Old build (base)")->required();
  diff->add_option("new", d.new_path, "New build (target)")->required();
  diff->add_option("-o,--out", d.out, "Patch file to write")->required();
  diff->add_option("--key", d.key, "Release private key: sign the bundle");
  diff->add_option("--format", d.format, "suture (default) or bsdiff40 (plain files, for Debian's bspatch)");
  diff->add_option("--format-version", d.format_version,
                   "Bundle format: 4 (default), 3 (clients from before format v4), 2 (before "
                   "v3) or 1 (before v2); docs/format.md");
  diff->add_option("--app-id", d.app_id, "Application id recorded in the bundle");
  diff->add_option("--target-build", d.target_build, "Target build id recorded in the bundle");
  diff->add_option("--patch-version", d.patch_version, "Patch version recorded in the bundle");
  diff->add_option("--threads", d.threads, "Worker threads (output does not depend on it)");
  diff->add_flag("!--no-dex", d.dex, "Disable the DEX-aware engine");
  diff->add_flag("-q,--quiet", d.quiet, "Print nothing on success");
  diff->callback([rc] { *rc = Diff(d); });

  static ApplyArgs a;
  auto* apply = app.add_subcommand("apply", "Apply a patch (Suture bundle or BSDIFF40) to OLD");
  apply->add_option("old", a.old_path, "Old build (base)")->required();
  apply->add_option("patch", a.patch_path, "Patch file")->required();
  apply->add_option("-o,--out", a.out, "Output: the new file, or for archives a patch folder");
  apply->add_option("--full-archive", a.full_archive, "Archives: write a complete new archive here instead");
  apply->add_option("--pubkey", a.pubkey, "Release public key: require a valid signature");
  apply->callback([rc] { *rc = Apply(a); });
}

}  // namespace suture::cli
