// The diff side of patch.h: plain files and ZIP/APK archives -> bundle.

#include <atomic>
#include <map>
#include <thread>
#include <unordered_map>

#include "member_diff.h"
#include "suture/apply/archive.h"
#include "suture/create/bsdiff40_diff.h"
#include "suture/create/bundle_writer.h"
#include "suture/create/create_patch.h"

namespace suture::diff {
namespace {

struct NewMember {
  const ZipEntry* entry = nullptr;
  Bytes data;
  Sha256Digest sha{};
};

// A changed or added member waiting for its delta.
struct Job {
  size_t bundle_entry = 0;
  const Bytes* old_data = nullptr;  // null for an added member
  const Bytes* new_data = nullptr;
  std::vector<ByteView> donors;  // other old DEX members (DEX members only)
  std::string path;
  MemberDelta result;
  Status status;
};

uint32_t AlignmentOf(const ZipEntry& e) {
  if (e.method != kZipStored) return 0;
  if (e.data_offset % 4096 == 0 && e.name.ends_with(".so")) return 4096;
  return e.data_offset % 4 == 0 ? 4 : 0;
}

void RunJobs(std::vector<Job>& jobs, const DiffOptions& options) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      Job& j = jobs[i];
      auto r = j.old_data ? DiffMember(*j.old_data, *j.new_data, j.path, options, j.donors)
                          : CompressMember(*j.new_data, options);
      if (r.ok()) {
        j.result = std::move(*r);
      } else {
        j.status = r.status().WithContext(j.path);
      }
    }
  };
  int n = std::max(1, std::min<int>(options.threads, static_cast<int>(jobs.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

void FillHeader(Manifest& m, ByteView old_data, ByteView new_data, const DiffOptions& options,
                ContainerKind kind) {
  m.app_id = options.app_id;
  m.target_build_id = options.target_build_id;
  m.patch_version = options.patch_version;
  m.kind = kind;
  m.base_size = old_data.size();
  m.base_fingerprint = Sha256(old_data);
  m.target_size = new_data.size();
  m.target_sha256 = Sha256(new_data);
}

StatusOr<DiffResult> DiffPlain(ByteView old_data, ByteView new_data, const DiffOptions& options,
                               const PrivateKey* key) {
  SUTURE_ASSIGN_OR_RETURN(MemberDelta d, DiffMember(old_data, new_data, "", options));
  BundleBuilder b;
  b.set_format_version(options.bundle_format_version);
  FillHeader(b.manifest(), old_data, new_data, options, ContainerKind::kFile);
  BundleEntry e;
  e.op = EntryOp::kPatch;
  e.method = d.method;
  e.old_size = old_data.size();
  e.old_sha256 = b.manifest().base_fingerprint;
  e.new_size = new_data.size();
  e.new_sha256 = b.manifest().target_sha256;
  e.note = d.note;
  e.stream = b.AddEncodedStream(std::move(d.stream));
  b.manifest().entries.push_back(e);
  DiffResult result;
  result.entries.push_back({"", PatchMethodName(d.method), old_data.size(), new_data.size(),
                            b.manifest().streams[e.stream].stored_size, d.note});
  SUTURE_ASSIGN_OR_RETURN(result.patch, b.Finish(key));
  return result;
}

StatusOr<DiffResult> DiffArchives(ByteView old_data, ByteView new_data, const ZipReader& old_zip,
                                  const ZipReader& new_zip, const DiffOptions& options,
                                  const PrivateKey* key) {
  // Inflate every old member once; index by name and by content.
  const auto& old_entries = old_zip.entries();
  std::vector<Bytes> old_bytes(old_entries.size());
  std::vector<Sha256Digest> old_sha(old_entries.size());
  std::map<Sha256Digest, uint32_t> old_by_content;  // first old member with that content
  for (size_t i = 0; i < old_entries.size(); ++i) {
    auto data = old_zip.Extract(old_entries[i]);
    if (!data.ok()) return data.status().WithContext("old archive");
    old_bytes[i] = std::move(*data);
    old_sha[i] = Sha256(old_bytes[i]);
    old_by_content.emplace(old_sha[i], static_cast<uint32_t>(i));
  }

  BundleBuilder b;
  b.set_format_version(options.bundle_format_version);
  Manifest& m = b.manifest();
  FillHeader(m, old_data, new_data, options, ContainerKind::kZip);
  std::vector<LayoutRecord> layout;
  std::vector<NewMember> news(new_zip.entries().size());
  std::vector<Job> jobs;
  std::vector<bool> old_kept(old_entries.size(), false);
  DiffResult result;

  for (size_t i = 0; i < news.size(); ++i) {
    const ZipEntry& ne = new_zip.entries()[i];
    NewMember& nm = news[i];
    nm.entry = &ne;
    auto data = new_zip.Extract(ne);
    if (!data.ok()) return data.status().WithContext("new archive");
    nm.data = std::move(*data);
    nm.sha = Sha256(nm.data);
    const ZipEntry* oe = old_zip.Find(ne.name);
    if (oe != nullptr) old_kept[oe->index] = true;
    if (oe != nullptr && old_sha[oe->index] == nm.sha) {
      ++result.unchanged;
      if (!layout.empty() && layout.back().kind == LayoutRecord::kOldRun &&
          layout.back().first + layout.back().count == oe->index) {
        layout.back().count++;
      } else {
        layout.push_back({LayoutRecord::kOldRun, oe->index, 1, 0, 0});
      }
      continue;
    }
    BundleEntry be;
    be.path = ne.name;
    be.new_size = nm.data.size();
    be.new_sha256 = nm.sha;
    auto same = old_by_content.find(nm.sha);
    if (same != old_by_content.end()) {
      const ZipEntry& src = old_entries[same->second];
      be.op = EntryOp::kCopy;
      be.method = PatchMethod::kNone;
      be.old_path = src.name;
      be.old_size = old_bytes[src.index].size();
      be.old_sha256 = old_sha[src.index];
      result.entries.push_back({ne.name, "copy", be.old_size, be.new_size, 0, "same content as " + src.name});
    } else {
      Job j;
      j.bundle_entry = m.entries.size();
      j.new_data = &nm.data;
      j.path = ne.name;
      if (oe != nullptr) {
        be.op = EntryOp::kPatch;
        be.old_path = oe->name;
        be.old_size = old_bytes[oe->index].size();
        be.old_sha256 = old_sha[oe->index];
        j.old_data = &old_bytes[oe->index];
        if (ne.name.ends_with(".dex")) {
          for (const ZipEntry* d : DexDonorEntries(old_zip, oe->name)) j.donors.push_back(old_bytes[d->index]);
        }
      } else {
        be.op = EntryOp::kAdd;
      }
      jobs.push_back(std::move(j));
    }
    layout.push_back({LayoutRecord::kEntry, static_cast<uint32_t>(m.entries.size()), 0,
                      static_cast<uint8_t>(ne.method == kZipStored ? 0 : 8), AlignmentOf(ne)});
    m.entries.push_back(std::move(be));
  }

  RunJobs(jobs, options);
  for (Job& j : jobs) {
    if (!j.status.ok()) return j.status;
    BundleEntry& be = m.entries[j.bundle_entry];
    be.method = j.result.method;
    be.note = j.result.note;
    be.stream = b.AddEncodedStream(std::move(j.result.stream));
    result.entries.push_back({be.path, be.op == EntryOp::kAdd ? "add" : PatchMethodName(be.method),
                              be.old_size, be.new_size, m.streams[be.stream].stored_size, be.note});
  }
  for (size_t i = 0; i < old_entries.size(); ++i) {
    if (old_kept[i]) continue;
    BundleEntry be;
    be.op = EntryOp::kRemove;
    be.method = PatchMethod::kNone;
    be.old_path = old_entries[i].name;
    be.old_size = old_bytes[i].size();
    be.old_sha256 = old_sha[i];
    m.entries.push_back(std::move(be));
    result.entries.push_back({old_entries[i].name, "remove", old_bytes[i].size(), 0, 0, ""});
  }
  Bytes layout_bytes = EncodeLayout(layout);
  m.layout_stream = b.AddStream(layout_bytes, StreamCodec::kZstd, 19);
  SUTURE_ASSIGN_OR_RETURN(result.patch, b.Finish(key));
  return result;
}

}  // namespace

StatusOr<DiffResult> CreatePatch(ByteView old_data, ByteView new_data, const DiffOptions& options,
                                 const PrivateKey* key) {
  if (options.format == PatchFormat::kBsdiff40) {
    DiffResult r;
    SUTURE_ASSIGN_OR_RETURN(r.patch, Bsdiff40Diff(old_data, new_data));
    r.entries.push_back({"", "bsdiff40", old_data.size(), new_data.size(), r.patch.size(), ""});
    return r;
  }
  if (options.app_id.empty()) return Status::InvalidArgument("app id is empty");
  if (options.bundle_format_version < kBundleFormatVersionV1 ||
      options.bundle_format_version > kBundleFormatVersion) {
    return Status::InvalidArgument("bundle format version " +
                                   std::to_string(options.bundle_format_version) +
                                   " cannot be written (1, 2, 3 or 4)");
  }
  if (LooksLikeZip(old_data) && LooksLikeZip(new_data)) {
    auto old_zip = ZipReader::Open(old_data, options.zip_limits);
    if (!old_zip.ok()) return old_zip.status().WithContext("old archive");
    auto new_zip = ZipReader::Open(new_data, options.zip_limits);
    if (!new_zip.ok()) return new_zip.status().WithContext("new archive");
    return DiffArchives(old_data, new_data, *old_zip, *new_zip, options, key);
  }
  return DiffPlain(old_data, new_data, options, key);
}

}  // namespace suture::diff
