// ApplyPatch (suture/apply/apply_patch.h): plain files, patch folders and
// complete archives.
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "output_file.h"
#include "suture/apply/apply_patch.h"
#include "suture/apply/archive.h"
#include "suture/apply/bsdiff40_apply.h"
#include "suture/apply/dex_apply.h"
#include "suture/apply/patch_folder.h"
#include "suture/core/staging.h"

namespace suture::diff {
namespace {

namespace fs = std::filesystem;

// Produces one entry's new bytes from its old bytes into `sink`.
Status ApplyEntry(const Bundle& b, const BundleEntry& e, ByteView old_data, ByteSink& sink,
                  const ApplyLimits& limits, const ZipReader* old_zip = nullptr) {
  if (e.method == PatchMethod::kRaw) {
    return b.DecodeStreamTo(e.stream, [&](ByteView piece) { return sink.Write(piece); });
  }
  Bytes decoded;
  ByteView patch = b.StoredStream(e.stream);
  if (b.manifest().streams[e.stream].codec != StreamCodec::kRaw) {
    SUTURE_ASSIGN_OR_RETURN(decoded, b.DecodeStream(e.stream));
    patch = decoded;
  }
  switch (e.method) {
    case PatchMethod::kGeneric: return GenericApply(old_data, patch, sink, limits);
    case PatchMethod::kBsdiff40: return Bsdiff40Apply(old_data, patch, sink, limits);
    case PatchMethod::kDex: {
      // Format v3 leaves out what the entry says (docs/format.md).
      Bytes unbundled;
      if (b.format_version() >= kBundleFormatVersionV3) {
        SUTURE_ASSIGN_OR_RETURN(unbundled, dex::UnbundledDexPatch(patch, e.old_size, e.new_size));
        patch = unbundled;
      }
      dex::DexApplyLimits dl;
      dl.max_new_size = limits.max_new_size;
      dl.max_window_log = limits.max_window_log;
      // Donors: only the old DEX members this patch names are inflated.
      SUTURE_ASSIGN_OR_RETURN(auto used, dex::ReadDexPatchDonors(patch));
      std::vector<Bytes> donor_bytes;
      std::vector<ByteView> donors;
      if (!used.empty()) {
        if (old_zip == nullptr) return Status::Corrupt("DEX patch needs donor DEX files but the base is not an archive");
        auto entries = DexDonorEntries(*old_zip, e.old_path);
        donors.resize(entries.size());
        donor_bytes.reserve(used.size());
        for (const auto& u : used) {
          if (u.index >= entries.size()) {
            return Status::VerifyFailed("DEX patch needs donor " + std::to_string(u.index) + " but the base has " +
                                        std::to_string(entries.size()) + " other DEX members");
          }
          SUTURE_ASSIGN_OR_RETURN(Bytes d, old_zip->Extract(*entries[u.index]));
          donor_bytes.push_back(std::move(d));
          donors[u.index] = donor_bytes.back();
        }
      }
      return dex::DexApply(old_data, patch, sink, dl, donors);
    }
    default:
      return Status::Unsupported("patch method " + std::to_string(static_cast<int>(e.method)) +
                                 " is not supported by this build");
  }
}

// An old member's bytes as a view: stored members point into the archive;
// deflated ones are inflated into a temporary file that is mapped (so the
// resident set stays bounded) and removed afterwards.
class OldMember {
 public:
  Status Open(const ZipReader& zip, const std::string& name, const BundleEntry& e,
              const std::string& temp_dir) {
    const ZipEntry* ze = zip.Find(name);
    if (ze == nullptr) return Status::VerifyFailed("old member \"" + name + "\" is missing from the base");
    if (ze->uncompressed_size != e.old_size) {
      return Status::VerifyFailed("old member \"" + name + "\" has " + std::to_string(ze->uncompressed_size) +
                                  " bytes, the patch expects " + std::to_string(e.old_size));
    }
    if (ze->method == kZipStored) {
      view_ = zip.RawData(*ze);
      if (Sha256(view_) != e.old_sha256) return Status::VerifyFailed("old member \"" + name + "\" has different content");
      return Status::Ok();
    }
    SUTURE_ASSIGN_OR_RETURN(file_, OutputFile::Create((fs::path(temp_dir) / "old-member").string()));
    Sha256Hasher h;
    SUTURE_RETURN_IF_ERROR(zip.ExtractTo(*ze, [&](ByteView chunk) {
      h.Update(chunk);
      return file_->Write(chunk);
    }));
    if (h.Finish() != e.old_sha256) return Status::VerifyFailed("old member \"" + name + "\" has different content");
    SUTURE_RETURN_IF_ERROR(file_->Commit());
    path_ = (fs::path(temp_dir) / "old-member").string();
    SUTURE_ASSIGN_OR_RETURN(map_, MappedFile::Open(path_));
    view_ = map_.view();
    return Status::Ok();
  }
  ~OldMember() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  ByteView view() const { return view_; }
  const MappedFile* map() const { return path_.empty() ? nullptr : &map_; }

 private:
  std::unique_ptr<OutputFile> file_;
  std::string path_;
  MappedFile map_;
  ByteView view_;
};

// Writes the bytes of new member `e` into `sink`, verified against the manifest.
Status ProduceMember(const Bundle& b, const BundleEntry& e, const ZipReader& old_zip,
                     const std::string& temp_dir, ByteSink& sink, const ApplyLimits& limits) {
  VerifyingSink vs(&sink, e.new_size);
  if (e.op == EntryOp::kAdd) {
    SUTURE_RETURN_IF_ERROR(ApplyEntry(b, e, {}, vs, limits));
  } else {
    OldMember old;
    SUTURE_RETURN_IF_ERROR(old.Open(old_zip, e.old_path, e, temp_dir));
    if (e.op == EntryOp::kCopy) {
      for (size_t off = 0; off < old.view().size(); off += kGenericApplyChunk) {
        SUTURE_RETURN_IF_ERROR(vs.Write(old.view().subspan(off, std::min(kGenericApplyChunk, old.view().size() - off))));
      }
    } else {
      if (old.map() != nullptr) {
        PeriodicReleaseSink release = ReleasingMapPages(vs, *old.map());
        SUTURE_RETURN_IF_ERROR(ApplyEntry(b, e, old.view(), release, limits, &old_zip));
      } else {
        SUTURE_RETURN_IF_ERROR(ApplyEntry(b, e, old.view(), vs, limits, &old_zip));
      }
    }
  }
  return vs.Check(e.new_sha256, "new member \"" + e.path + "\"");
}

class ZipEntrySink : public ByteSink {
 public:
  explicit ZipEntrySink(ZipWriter* w) : w_(w) {}
  Status Write(ByteView d) override { return w_->WriteEntryData(d); }

 private:
  ZipWriter* w_;
};

Status ApplyFullArchive(const Bundle& b, const ZipReader& old_zip, const std::string& out_path,
                        const ApplyOptions& options, ApplyResult* result) {
  const Manifest& m = b.manifest();
  if (m.layout_stream == kNoStream) return Status::Unsupported("bundle has no archive layout: cannot rebuild a full archive");
  SUTURE_ASSIGN_OR_RETURN(Bytes layout_bytes, b.DecodeStream(m.layout_stream));
  std::vector<LayoutRecord> layout;
  SUTURE_RETURN_IF_ERROR(DecodeLayout(layout_bytes, old_zip.entries().size(), m.entries.size(),
                                      options.zip_limits.max_entries, &layout));
  SUTURE_ASSIGN_OR_RETURN(TempDir tmp, TempDir::CreateBeside(out_path));
  SUTURE_ASSIGN_OR_RETURN(auto writer, ZipWriter::ToFile(out_path));
  for (const LayoutRecord& r : layout) {
    if (r.kind == LayoutRecord::kOldRun) {
      for (uint32_t i = r.first; i < r.first + r.count; ++i) {
        SUTURE_RETURN_IF_ERROR(writer->CopyRawEntry(old_zip, old_zip.entries()[i]));
        result->entries_written++;
      }
      continue;
    }
    const BundleEntry& e = m.entries[r.first];
    if (e.op == EntryOp::kRemove) return Status::Corrupt("layout names removed entry " + std::to_string(r.first));
    ZipEntryOptions eo;
    eo.method = r.method == 0 ? kZipStored : kZipDeflated;
    eo.alignment = r.alignment;
    eo.size_hint = e.new_size;
    SUTURE_RETURN_IF_ERROR(writer->BeginEntry(e.path, eo));
    ZipEntrySink zs(writer.get());
    SUTURE_RETURN_IF_ERROR(ProduceMember(b, e, old_zip, tmp.path(), zs, options.limits).WithContext("entry " + std::to_string(r.first)));
    SUTURE_RETURN_IF_ERROR(writer->FinishEntry());
    result->entries_written++;
    result->bytes_written += e.new_size;
  }
  return writer->Finish();
}

Status ApplyPatchFolder(const Bundle& b, const ZipReader& old_zip, const std::string& out_path,
                        const ApplyOptions& options, ApplyResult* result) {
  const Manifest& m = b.manifest();
  std::error_code exists_ec;
  if (fs::exists(out_path, exists_ec)) {
    return Status::AlreadyExists(out_path + ": output folder already exists");
  }
  SUTURE_ASSIGN_OR_RETURN(TempDir tmp, TempDir::CreateBeside(out_path));
  SUTURE_ASSIGN_OR_RETURN(TempDir work, TempDir::CreateBeside(out_path));
  nlohmann::json manifest;
  manifest["format"] = kPatchFolderFormat;
  manifest["app_id"] = m.app_id;
  manifest["target_build_id"] = m.target_build_id;
  manifest["patch_version"] = m.patch_version;
  manifest["base_fingerprint"] = ToHex(m.base_fingerprint);
  manifest["target_sha256"] = ToHex(m.target_sha256);
  manifest["changed"] = nlohmann::json::array();
  manifest["added"] = nlohmann::json::array();
  manifest["removed"] = nlohmann::json::array();
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const BundleEntry& e = m.entries[i];
    const std::string where = "entry " + std::to_string(i);
    if (e.op == EntryOp::kRemove) {
      manifest["removed"].push_back(e.old_path);
      continue;
    }
    if (e.path == kPatchFolderMetaDir || e.path.starts_with(std::string(kPatchFolderMetaDir) + "/")) {
      return Status::Corrupt(where + ": member path \"" + e.path + "\" collides with the patch folder manifest");
    }
    fs::path dest = fs::path(tmp.path()) / e.path;
    std::error_code ec;
    if (!e.path.empty() && e.path.back() == '/') {
      fs::create_directories(dest, ec);
      if (ec) return Status::IoError(dest.string() + ": " + ec.message());
    } else {
      fs::create_directories(dest.parent_path(), ec);
      if (ec) return Status::IoError(dest.parent_path().string() + ": " + ec.message());
      SUTURE_ASSIGN_OR_RETURN(auto file, OutputFile::Create(dest.string()));
      SUTURE_RETURN_IF_ERROR(ProduceMember(b, e, old_zip, work.path(), *file, options.limits).WithContext(where));
      SUTURE_RETURN_IF_ERROR(file->Commit());
    }
    nlohmann::json je = {{"path", e.path}, {"size", e.new_size}, {"sha256", ToHex(e.new_sha256)}};
    if (e.op == EntryOp::kPatch) je["old_path"] = e.old_path;
    if (e.op == EntryOp::kCopy) je["copied_from"] = e.old_path;
    manifest[e.op == EntryOp::kPatch ? "changed" : "added"].push_back(je);
    result->entries_written++;
    result->bytes_written += e.new_size;
  }
  std::error_code ec;
  fs::create_directories(fs::path(tmp.path()) / kPatchFolderMetaDir, ec);
  if (ec) return Status::IoError(tmp.path() + ": " + ec.message());
  // The reader refuses non-UTF-8 text; replace keeps dump() from throwing all the same.
  std::string text = manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  SUTURE_RETURN_IF_ERROR(WriteFileAtomic((fs::path(tmp.path()) / kPatchFolderManifest).string(), AsBytes(text)));
  fs::permissions(tmp.path(),
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  if (ec) return Status::IoError(tmp.path() + ": " + ec.message());
  if (::rename(tmp.path().c_str(), out_path.c_str()) != 0) {
    return Status::IoError(out_path + ": cannot move the finished patch folder into place");
  }
  tmp.Release();
  return Status::Ok();
}

StatusOr<ApplyResult> ApplyBsdiff(const MappedFile& old_map, ByteView patch, const std::string& out_path,
                                  const ApplyOptions& options) {
  ApplyResult result;
  result.format = PatchFormat::kBsdiff40;
  SUTURE_ASSIGN_OR_RETURN(auto file, OutputFile::Create(out_path));
  class Counter : public ByteSink {
   public:
    explicit Counter(ByteSink* n) : n_(n) {}
    Status Write(ByteView d) override { bytes += d.size(); return n_->Write(d); }
    uint64_t bytes = 0;
   private:
    ByteSink* n_;
  } counter(file.get());
  SUTURE_RETURN_IF_ERROR(Bsdiff40Apply(old_map.view(), patch, counter, options.limits));
  SUTURE_RETURN_IF_ERROR(file->Commit());
  result.bytes_written = counter.bytes;
  result.entries_written = 1;
  return result;
}

}  // namespace

StatusOr<ApplyResult> ApplyPatch(const std::string& old_path, const std::string& patch_path,
                                 const std::string& out_path, const ApplyOptions& options) {
  SUTURE_ASSIGN_OR_RETURN(MappedFile patch_map, MappedFile::Open(patch_path));
  SUTURE_ASSIGN_OR_RETURN(MappedFile old_map, MappedFile::Open(old_path));
  if (LooksLikeBsdiff40(patch_map.view())) {
    if (options.pubkey != nullptr) {
      return Status::VerifyFailed(patch_path + ": a BSDIFF40 patch carries no signature");
    }
    auto r = ApplyBsdiff(old_map, patch_map.view(), out_path, options);
    if (!r.ok()) return r.status().WithContext(patch_path);
    return r;
  }
  auto parsed = Bundle::Parse(patch_map.view(), options.bundle_limits);
  if (!parsed.ok()) return parsed.status().WithContext(patch_path);
  const Bundle& b = *parsed;
  if (options.pubkey != nullptr) {
    SUTURE_RETURN_IF_ERROR(b.VerifySignature(*options.pubkey).WithContext(patch_path));
  }
  SUTURE_RETURN_IF_ERROR(b.VerifyStreams().WithContext(patch_path));
  const Manifest& m = b.manifest();
  // Wrong base: refused before anything is written.
  if (old_map.view().size() != m.base_size || HashMapped(old_map) != m.base_fingerprint) {
    return Status::VerifyFailed(old_path + ": not the base this patch was made for (expected " +
                                std::to_string(m.base_size) + " bytes with SHA-256 " +
                                ToHex(m.base_fingerprint).substr(0, 16) + "...)");
  }
  ApplyResult result;
  result.kind = m.kind;
  if (m.kind == ContainerKind::kFile) {
    const BundleEntry& e = m.entries[0];
    SUTURE_ASSIGN_OR_RETURN(auto file, OutputFile::Create(out_path));
    PeriodicReleaseSink release = ReleasingMapPages(*file, old_map);
    VerifyingSink vs(&release, e.new_size);
    SUTURE_RETURN_IF_ERROR(ApplyEntry(b, e, old_map.view(), vs, options.limits).WithContext(patch_path));
    SUTURE_RETURN_IF_ERROR(vs.Check(e.new_sha256, out_path));
    SUTURE_RETURN_IF_ERROR(file->Commit());
    result.bytes_written = vs.written();
    result.entries_written = 1;
    return result;
  }
  auto old_zip = ZipReader::Open(old_map.view(), options.zip_limits);
  if (!old_zip.ok()) return old_zip.status().WithContext(old_path);
  Status s = options.full_archive ? ApplyFullArchive(b, *old_zip, out_path, options, &result)
                                  : ApplyPatchFolder(b, *old_zip, out_path, options, &result);
  if (!s.ok()) return s.WithContext(patch_path);
  return result;
}

}  // namespace suture::diff
