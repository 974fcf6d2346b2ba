// The patch folder: what ApplyPatch writes for an archive bundle (unless
// ApplyOptions::full_archive) and what an app's loader reads.
//
//   <folder>/<member path>          the new bytes of every changed or added
//                                   member (copied ones too), at its path
//   <folder>/.suture/manifest.json  kPatchFolderManifest, JSON:
//     "format":           kPatchFolderFormat
//     "app_id", "target_build_id", "patch_version"   from the bundle
//     "base_fingerprint", "target_sha256"            lower-case hex SHA-256
//     "changed": [{"path", "old_path", "size", "sha256"}]
//     "added":   [{"path", "size", "sha256"[, "copied_from"]}]
//     "removed": ["old member path", ...]
//
// The folder appears complete or not at all: it is built beside its final
// path and renamed into place. No member may be named ".suture" or lie under
// it (the bundle is refused).
//
// Thread-safety: constants only.
#ifndef SUTURE_APPLY_PATCH_FOLDER_H_
#define SUTURE_APPLY_PATCH_FOLDER_H_

namespace suture::diff {

// The folder's own metadata lives under this name (never a member's).
inline constexpr char kPatchFolderMetaDir[] = ".suture";
inline constexpr char kPatchFolderManifest[] = ".suture/manifest.json";
inline constexpr char kPatchFolderFormat[] = "suture-patch-folder-1";

}  // namespace suture::diff

#endif  // SUTURE_APPLY_PATCH_FOLDER_H_
