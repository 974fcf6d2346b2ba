// Creating a Suture patch: what a build pipeline calls (target suture::diff).
// Detects plain files vs ZIP/APK archives from their bytes and routes every
// member through the best engine (DEX-aware, generic, raw); writes a bundle
// (docs/format.md) or, on request, a BSDIFF40 patch. The device half,
// ApplyPatch, is suture/apply/apply_patch.h.
//
// CreatePatch is deterministic: the same inputs and options give the same
// bundle bytes on any machine (for a given zstd version).
//
// Thread-safety: reentrant; no shared state. It runs DiffOptions::threads
// worker threads of its own and joins them before returning.
#ifndef SUTURE_CREATE_CREATE_PATCH_H_
#define SUTURE_CREATE_CREATE_PATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "suture/apply/apply_patch.h"
#include "suture/apply/bundle.h"
#include "suture/apply/zip.h"
#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"
#include "suture/create/generic_diff.h"

namespace suture::diff {

struct DiffOptions {
  std::string app_id = "app";
  std::string target_build_id;
  uint64_t patch_version = 1;
  PatchFormat format = PatchFormat::kSuture;
  GenericDiffOptions generic;
  ZipLimits zip_limits;
  bool dex_aware = true;
  // The bundle format to write: kBundleFormatVersion (4, default), 3, 2 or 1;
  // each writes what readers of that version read, inside too: v4 and v3 generic
  // deltas v2 or v3 (one block) and DEX patch v3; v2 the same without
  // generic v3; v1 DEX patch v1/v2 and generic delta v1 (clients from before
  // bundle format v2). Any other value: kInvalidArgument.
  uint16_t bundle_format_version = kBundleFormatVersion;
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

}  // namespace suture::diff

#endif  // SUTURE_CREATE_CREATE_PATCH_H_
