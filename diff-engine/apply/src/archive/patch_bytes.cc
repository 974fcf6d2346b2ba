// ExplainBundleBytes (suture/apply/patch_bytes.h).
#include "suture/apply/patch_bytes.h"

#include "suture/apply/bundle.h"
#include "suture/apply/dex_apply.h"
#include "suture/apply/generic_apply.h"

namespace suture::diff {
namespace {

constexpr uint64_t kDigest = 32;

// Digests the manifest holds (docs/format.md): base and target, then per
// entry (v1: always both; v2: none for a file entry, old unless add, new
// unless remove), then one per stream (v1-v3; v4 has none).
uint64_t ManifestDigests(const Manifest& m, uint16_t version) {
  uint64_t n = 2 + (version < kBundleFormatVersionV4 ? m.streams.size() : 0);
  for (const BundleEntry& e : m.entries) {
    if (version == kBundleFormatVersionV1) {
      n += 2;
    } else if (m.kind != ContainerKind::kFile) {
      n += (e.op != EntryOp::kAdd) + (e.op != EntryOp::kRemove);
    }
  }
  return n;
}

uint64_t ManifestStringBytes(const Manifest& m, uint16_t version) {
  uint64_t n = m.app_id.size() + m.target_build_id.size();
  for (const BundleEntry& e : m.entries) {
    n += e.path.size() + e.note.size();
    if (version == kBundleFormatVersionV1 || e.old_path != e.path) n += e.old_path.size();
  }
  return n;
}

// The generic delta's header and its four streams (docs/generic-format.md).
void ExplainGeneric(ByteView delta, int depth, std::vector<ByteItem>* out) {
  auto info = ReadGenericPatchInfo(delta);
  if (!info.ok()) return;
  out->push_back(
      {"generic header (v" + std::to_string(info->version) + ")", info->header_size, depth});
  if (info->version == kGenericFormatVersionBlock) {
    const uint64_t raw = info->raw[0] + info->raw[1] + info->raw[2] + info->raw[3];
    out->push_back({std::string("one block (") +
                        ((info->flags & kGenericFlagBlockStored) ? "stored" : "zstd") + ", " +
                        std::to_string(raw) + " B raw: control, diff, extra, runs)",
                    info->block_stored, depth});
    return;
  }
  const char* names[4] = {"control stream", "diff stream", "extra stream", "runs stream"};
  for (int i = 0; i < 4; ++i) out->push_back({names[i], info->stored[i], depth});
}

const char* DexMethodName(dex::DexDeltaMethod m) {
  switch (m) {
    case dex::DexDeltaMethod::kZstdPrefix:
      return "zstd prefix";
    case dex::DexDeltaMethod::kGeneric:
      return "generic";
    case dex::DexDeltaMethod::kSparse:
      return "sparse";
    case dex::DexDeltaMethod::kSparseRaw:
      return "sparse, raw";
  }
  return "?";
}

// `left_out`: header bytes a bundle of format v3 does not store (magic,
// version, sizes; the stream is re-expanded before it is read here).
void ExplainDex(ByteView patch, int depth, std::vector<ByteItem>* out, uint64_t left_out = 0) {
  auto info = dex::ReadDexPatchInfo(patch);
  if (!info.ok()) return;
  const uint64_t digests = info->has_digests ? 2 * kDigest : 0;
  out->push_back({"dex header (v" + std::to_string(info->version) +
                      (left_out > 0 ? ", in bundle" : "") + ")",
                  info->header_size - left_out, depth});
  if (digests > 0) {
    out->push_back({"old + new SHA-256", digests, depth + 1});
    out->push_back({"magic, version, sizes", info->header_size - digests - left_out, depth + 1});
  }
  if (info->donor_table_size > 0) out->push_back({"donor table", info->donor_table_size, depth});
  out->push_back({std::string("projection maps (") +
                      ((info->flags & dex::kDexPatchFlagRawMaps) ? "raw" : "zstd") + ", " +
                      std::to_string(info->maps_raw_size) + " B raw)",
                  info->maps_size, depth});
  out->push_back(
      {std::string("delta (") + DexMethodName(info->method) + ")", info->delta_size, depth});
  if (info->method == dex::DexDeltaMethod::kGeneric) {
    ExplainGeneric(patch.subspan(patch.size() - info->delta_size), depth + 1, out);
  }
}

}  // namespace

StatusOr<std::vector<ByteItem>> ExplainBundleBytes(ByteView bundle) {
  SUTURE_ASSIGN_OR_RETURN(Bundle b, Bundle::Parse(bundle));
  const Manifest& m = b.manifest();
  const uint16_t v = b.format_version();
  std::vector<ByteItem> out;
  out.push_back({"header (format v" + std::to_string(v) + ")", b.header_size(), 0});
  out.push_back({"manifest", b.manifest_size(), 0});
  const uint64_t digests = ManifestDigests(m, v) * kDigest;
  const uint64_t strings = ManifestStringBytes(m, v);
  const uint64_t check = v >= kBundleFormatVersionV4 ? kPayloadCheckSize : 0;
  out.push_back({"SHA-256 digests (" + std::to_string(digests / kDigest) + ")", digests, 1});
  if (check > 0) out.push_back({"payload check (8 B of its SHA-256)", check, 1});
  out.push_back({"strings (app id, build id, paths, notes)", strings, 1});
  out.push_back({"fields (sizes, counts, ops, lengths, " + std::to_string(m.entries.size()) +
                     " entries, " + std::to_string(m.streams.size()) + " streams)",
                 b.manifest_size() - digests - check - strings, 1});
  for (uint32_t i = 0; i < m.streams.size(); ++i) {
    const StreamInfo& s = m.streams[i];
    const BundleEntry* owner = nullptr;
    for (const BundleEntry& e : m.entries) {
      if (e.stream == i) owner = &e;
    }
    std::string name = "stream " + std::to_string(i) + ": ";
    if (i == m.layout_stream) {
      name += "archive layout";
    } else if (owner != nullptr) {
      name += (owner->path.empty() ? std::string("(file)") : owner->path) + " " +
              PatchMethodName(owner->method);
    }
    name += s.codec == StreamCodec::kZstd ? " (zstd)" : "";
    out.push_back({name, s.stored_size, 0});
    if (owner != nullptr && s.codec == StreamCodec::kRaw) {
      if (owner->method == PatchMethod::kDex && v >= kBundleFormatVersionV3) {
        const ByteView stored = b.StoredStream(i);
        auto full = dex::UnbundledDexPatch(stored, owner->old_size, owner->new_size);
        if (full.ok()) ExplainDex(*full, 1, &out, full->size() - stored.size());
      } else if (owner->method == PatchMethod::kDex) {
        ExplainDex(b.StoredStream(i), 1, &out);
      }
      if (owner->method == PatchMethod::kGeneric) ExplainGeneric(b.StoredStream(i), 1, &out);
    }
  }
  if (b.is_signed()) out.push_back({"signature block", kSignatureBlockSize, 0});
  return out;
}

}  // namespace suture::diff
