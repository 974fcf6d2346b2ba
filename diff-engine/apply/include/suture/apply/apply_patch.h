// Applying a Suture patch: what a device calls (target suture::diff_apply).
// Detects a Suture bundle or a BSDIFF40 patch from its bytes and routes every
// entry to its engine (DEX-aware, generic, BSDIFF40, raw). The create half,
// CreatePatch, is suture/create/create_patch.h.
//
// ApplyPatch checks, in order and before writing anything: the bundle's
// structure, its signature (when a public key is given), every payload hash,
// and the old input's size and SHA-256 against the bundle's base fingerprint.
// It then writes to a temporary file or folder beside the output, verifies
// every output hash and renames into place; on any failure nothing is left at
// the output path. Working set: bounded independent of archive size
// (docs/apply-memory.md).
//
// Thread-safety: the functions are reentrant; no shared state.
#ifndef SUTURE_APPLY_APPLY_PATCH_H_
#define SUTURE_APPLY_APPLY_PATCH_H_

#include <cstdint>
#include <string>

#include "suture/apply/bundle.h"
#include "suture/apply/generic_apply.h"
#include "suture/apply/zip.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"

namespace suture::diff {

enum class PatchFormat {
  kSuture,    // a signed-or-unsigned Suture bundle (docs/format.md)
  kBsdiff40,  // a classic BSDIFF40 patch, plain files only (interop)
};

struct ApplyOptions {
  // When set, the bundle must be signed by this key.
  const PublicKey* pubkey = nullptr;
  // Archives: write a complete archive at the output path instead of a patch
  // folder (suture/apply/patch_folder.h).
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
// removed members; see suture/apply/patch_folder.h) or, with full_archive, a
// complete archive.
// `out_path` must not exist yet for a patch folder; a file is replaced atomically.
StatusOr<ApplyResult> ApplyPatch(const std::string& old_path, const std::string& patch_path,
                                 const std::string& out_path, const ApplyOptions& options = {});

}  // namespace suture::diff

#endif  // SUTURE_APPLY_APPLY_PATCH_H_
