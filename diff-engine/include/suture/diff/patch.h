// Creating and applying Suture patches: the layer a build pipeline and a
// device use. Detects plain files vs ZIP/APK archives from their bytes and
// routes every member through the best engine (DEX-aware, generic, raw).
//
// CreatePatch (target suture::diff) is deterministic: the same inputs and
// options give the same bundle bytes on any machine.
//
// ApplyPatch (target suture::diff_apply, what the phone links) checks, in
// order and before writing anything: the bundle's structure, its signature
// (when a public key is given), every payload hash, and the old input's size
// and SHA-256 against the bundle's base fingerprint. It then writes to a
// temporary file or folder beside the output, verifies every output hash and
// renames into place; on any failure nothing is left at the output path.
// Working set: bounded independent of archive size (docs/apply-memory.md).
//
// Thread-safety: the functions are reentrant; no shared state.
#ifndef SUTURE_DIFF_PATCH_H_
#define SUTURE_DIFF_PATCH_H_

#include <cstdint>
#include <string>

#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"
#include "suture/diff/bundle.h"
#include "suture/diff/generic.h"
#include "suture/diff/zip.h"

namespace suture::diff {

enum class PatchFormat {
  kSuture,    // a signed-or-unsigned Suture bundle (docs/format.md)
  kBsdiff40,  // a classic BSDIFF40 patch, plain files only (interop)
};

struct DiffOptions {
  std::string app_id = "app";
  std::string target_build_id;
  uint64_t patch_version = 1;
  PatchFormat format = PatchFormat::kSuture;
  GenericDiffOptions generic;
  ZipLimits zip_limits;
  bool dex_aware = true;
  // Worker threads for diffing archive members (output does not depend on it).
  int threads = 2;
};

// One line per archive member (or the file), for reports and benchmarks.
struct DiffEntryStat {
  std::string path;
  std::string action;  // unchanged members are not listed
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  uint64_t patch_bytes = 0;
  std::string note;
};

struct DiffResult {
  Bytes patch;
  std::vector<DiffEntryStat> entries;
  uint32_t unchanged = 0;
};

// Diffs OLD -> NEW. With a key, the bundle is signed. For kBsdiff40 both
// inputs are treated as plain files and the key is ignored.
StatusOr<DiffResult> CreatePatch(ByteView old_data, ByteView new_data, const DiffOptions& options,
                                 const PrivateKey* key = nullptr);

struct ApplyOptions {
  // When set, the bundle must be signed by this key.
  const PublicKey* pubkey = nullptr;
  // Archives: write a complete archive at the output path instead of a patch folder.
  bool full_archive = false;
  ApplyLimits limits;
  ZipLimits zip_limits;
  BundleLimits bundle_limits;
};

struct ApplyResult {
  PatchFormat format = PatchFormat::kSuture;
  ContainerKind kind = ContainerKind::kFile;
  uint64_t bytes_written = 0;
  uint32_t entries_written = 0;
};

// Applies the patch file at `patch_path` (a Suture bundle or a BSDIFF40 patch,
// detected from its bytes) to `old_path`, producing `out_path`: for plain
// files the new file; for archives a patch folder (the new bytes of every
// changed or added member at its path, plus `.suture/manifest.json` listing
// removed members) or, with full_archive, a complete archive.
// `out_path` must not exist yet for a patch folder; a file is replaced atomically.
StatusOr<ApplyResult> ApplyPatch(const std::string& old_path, const std::string& patch_path,
                                 const std::string& out_path, const ApplyOptions& options = {});

}  // namespace suture::diff

#endif  // SUTURE_DIFF_PATCH_H_
