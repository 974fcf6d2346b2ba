// Output verification and the installed-file list of a patch folder.
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "client_impl.h"
#include "json_dump.h"
#include "suture/core/file_util.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr uint64_t kMaxInstalledList = 16u << 20;

Result CheckFile(const std::string& path, uint64_t size, const std::string& sha_hex) {
  auto got_size = FileSize(path);
  if (!got_size.ok()) return {Code::kOutputMismatch, path + ": missing"};
  if (*got_size != size) {
    return {Code::kOutputMismatch,
            path + ": size " + std::to_string(*got_size) + ", expected " + std::to_string(size)};
  }
  auto sha = Sha256File(path);
  if (!sha.ok()) return {Code::kIoError, sha.status().ToString()};
  if (ToHex(*sha) != sha_hex) {
    return {Code::kOutputMismatch, path + ": SHA-256 " + ToHex(*sha).substr(0, 16) +
                                       " differs from the bundle's " + sha_hex.substr(0, 16)};
  }
  return {};
}

}  // namespace

std::string FolderName(uint64_t patch_version, const std::string& blob_sha256) {
  return "v" + std::to_string(patch_version) + "-" + blob_sha256.substr(0, 16);
}

Code CodeFromStatus(const Status& s) {
  // A full disk is the client's no_space; the other core codes keep their numbers.
  if (s.code() == StatusCode::kInsufficientStorage) return Code::kNoSpace;
  return static_cast<Code>(static_cast<int>(s.code()));
}

Result VerifyAndDescribeOutputs(const engine::Manifest& m, const std::string& folder) {
  json files = json::array();
  const std::string out = folder + "/patch";
  if (m.kind == engine::ContainerKind::kFile) {
    if (m.entries.size() != 1)
      return {Code::kBundleRejected, "plain-file bundle without exactly one entry"};
    const auto& e = m.entries[0];
    const std::string sha = ToHex(e.new_sha256);
    Result r = CheckFile(out, e.new_size, sha);
    if (!r.ok()) return r;
    files.push_back(json{{"path", ""}, {"size", e.new_size}, {"sha256", sha}});
  } else {
    for (const auto& e : m.entries) {
      if (e.op == engine::EntryOp::kRemove || e.path.empty() || e.path.back() == '/') continue;
      const std::string sha = ToHex(e.new_sha256);
      Result r = CheckFile(out + "/" + e.path, e.new_size, sha);
      if (!r.ok()) return r;
      files.push_back(json{{"path", e.path}, {"size", e.new_size}, {"sha256", sha}});
    }
    if (!fs::is_regular_file(out + "/.suture/manifest.json")) {
      return {Code::kOutputMismatch, out + "/.suture/manifest.json: missing"};
    }
  }
  json doc{{"format", 1},
           {"kind", m.kind == engine::ContainerKind::kFile ? "file" : "zip"},
           {"target_sha256", ToHex(m.target_sha256)},
           {"files", std::move(files)}};
  const std::string text = DumpJson(doc) + "\n";
  Status s = WriteFileAtomic(folder + "/installed.json", AsBytes(text));
  if (!s.ok()) return {Code::kIoError, s.ToString()};
  return {};
}

Result CheckInstalled(const std::string& folder) {
  auto bytes = ReadFile(folder + "/installed.json", kMaxInstalledList);
  if (!bytes.ok())
    return {Code::kOutputMismatch, folder + "/installed.json: " + bytes.status().ToString()};
  json doc = json::parse(AsStringView(*bytes), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("files") ||
      !doc["files"].is_array()) {
    return {Code::kOutputMismatch, folder + "/installed.json: malformed"};
  }
  for (const auto& f : doc["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("size") ||
        !f["size"].is_number_unsigned() || !f.contains("sha256") || !f["sha256"].is_string()) {
      return {Code::kOutputMismatch, folder + "/installed.json: malformed entry"};
    }
    const std::string rel = f["path"].get<std::string>();
    if (rel.find("..") != std::string::npos || rel.starts_with("/")) {
      return {Code::kOutputMismatch, folder + "/installed.json: unsafe path"};
    }
    const std::string path = rel.empty() ? folder + "/patch" : folder + "/patch/" + rel;
    Result r = CheckFile(path, f["size"].get<uint64_t>(), f["sha256"].get<std::string>());
    if (!r.ok()) return r;
  }
  return {};
}

uint64_t MergeSpaceNeeded(const engine::Manifest& m) {
  uint64_t need = 0;
  for (const auto& e : m.entries) {
    if (e.op == engine::EntryOp::kRemove) continue;
    need += e.new_size;
    // Deflated old members are inflated into a temporary file while applying.
    if (m.kind == engine::ContainerKind::kZip && e.op != engine::EntryOp::kAdd) need += e.old_size;
  }
  return need;
}

uint64_t MergeMemoryLimit(const engine::Manifest& m) {
  // docs/apply-memory.md: a DEX entry is projected in memory (about 2x the
  // largest DEX member), each stream is decoded through a zstd window of at
  // most its size (128 MiB by the format), the rest is fixed buffers.
  uint64_t largest_entry = 0, largest_stream = 0;
  for (const auto& e : m.entries) largest_entry = std::max({largest_entry, e.old_size, e.new_size});
  for (const auto& s : m.streams) largest_stream = std::max(largest_stream, s.raw_size);
  constexpr uint64_t kFixed = 96ull << 20, kWindowCap = 128ull << 20;
  return kFixed + 3 * largest_entry + 3 * std::min(largest_stream, kWindowCap);
}

StatusOr<uint64_t> FreeSpace(const std::string& dir) {
  struct statvfs st {};
  if (::statvfs(dir.c_str(), &st) != 0) return Status::IoError(dir + ": statvfs failed");
  return static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
}

}  // namespace suture::client
