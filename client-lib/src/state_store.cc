#include "state_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "json_dump.h"
#include "suture/core/crypto.h"
#include "suture/core/file_util.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr uint64_t kMaxStateFile = 1u << 20;

bool SafeName(const std::string& s) {
  if (s.empty() || s.size() > 128 || s == "." || s == "..") return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

// Reads our own JSON file; nullopt when missing, kCorrupt when unreadable.
StatusOr<std::optional<json>> ReadJson(const std::string& path) {
  if (!FileExists(path)) return std::optional<json>();
  SUTURE_ASSIGN_OR_RETURN(Bytes b, ReadFile(path, kMaxStateFile));
  json j = json::parse(AsStringView(b), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corrupt(path + ": not a JSON object");
  return std::optional<json>(std::move(j));
}

Status WriteJson(const std::string& path, const json& j) {
  const std::string text = DumpJson(j) + "\n";
  return WriteFileAtomic(path, AsBytes(text));
}

json PointerJson(const CurrentPointer& p) {
  return json{{"folder", p.folder},
              {"patch_id", p.patch_id},
              {"release_id", p.release_id},
              {"blob_sha256", p.blob_sha256},
              {"patch_version", p.patch_version}};
}

}  // namespace

Status StateStore::Init() const {
  std::error_code ec;
  for (const char* sub : {"", "/patches", "/staging", "/downloads"}) {
    fs::create_directories(dir_ + sub, ec);
    if (ec) return Status::IoError(dir_ + sub + ": cannot create: " + ec.message());
  }
  return Status::Ok();
}

StatusOr<Journal> StateStore::LoadJournal(std::string* note) const {
  const std::string path = Path("journal.json");
  auto loaded = ReadJson(path);
  Journal out;
  if (!loaded.ok()) {
    std::error_code ec;
    fs::rename(path, path + ".corrupt", ec);
    if (note) *note = loaded.status().ToString() + " (moved aside, starting fresh)";
    return out;
  }
  if (!loaded->has_value()) return out;
  const json& j = **loaded;
  try {
    out.step = j.value("step", "idle");
    out.highest_version = j.value("highest_version", uint64_t{0});
    out.patch_id = j.value("patch_id", "");
    out.release_id = j.value("release_id", "");
    out.blob_sha256 = j.value("blob_sha256", "");
    out.blob_size = j.value("blob_size", uint64_t{0});
    out.patch_version = j.value("patch_version", uint64_t{0});
    out.staging = j.value("staging", "");
    if (auto it = j.find("merge_failures"); it != j.end() && it->is_object()) {
      for (auto kv = it->begin(); kv != it->end(); ++kv) out.merge_failures[kv.key()] = kv.value().get<int>();
    }
    out.merge_retry_after_ms = j.value("merge_retry_after_ms", int64_t{0});
    if (auto it = j.find("previous"); it != j.end() && it->is_object()) {
      out.previous.folder = it->value("folder", "");
      out.previous.patch_id = it->value("patch_id", "");
      out.previous.release_id = it->value("release_id", "");
      out.previous.blob_sha256 = it->value("blob_sha256", "");
      out.previous.patch_version = it->value("patch_version", uint64_t{0});
    }
    out.launches_without_ok = j.value("launches_without_ok", 0);
    out.launched_ok = j.value("launched_ok", false);
    out.rollback_folder = j.value("rollback_folder", "");
    if (auto it = j.find("bad_blobs"); it != j.end() && it->is_array()) {
      for (const auto& s : *it) out.bad_blobs.push_back(s.get<std::string>());
    }
  } catch (const json::exception& e) {
    std::error_code ec;
    fs::rename(path, path + ".corrupt", ec);
    if (note) *note = path + ": " + e.what() + " (moved aside, starting fresh)";
    return Journal{};
  }
  if (!out.staging.empty() && !SafeName(out.staging)) out.staging.clear();
  if (!out.previous.folder.empty() && !SafeName(out.previous.folder)) out.previous = CurrentPointer{};
  return out;
}

Status StateStore::SaveJournal(const Journal& j) const {
  json o{{"format", 1},
         {"step", j.step},
         {"highest_version", j.highest_version},
         {"patch_id", j.patch_id},
         {"release_id", j.release_id},
         {"blob_sha256", j.blob_sha256},
         {"blob_size", j.blob_size},
         {"patch_version", j.patch_version},
         {"staging", j.staging},
         {"merge_failures", j.merge_failures},
         {"merge_retry_after_ms", j.merge_retry_after_ms},
         {"previous", PointerJson(j.previous)},
         {"launches_without_ok", j.launches_without_ok},
         {"launched_ok", j.launched_ok},
         {"bad_blobs", j.bad_blobs},
         {"rollback_folder", j.rollback_folder}};
  return WriteJson(Path("journal.json"), o);
}

StatusOr<std::optional<CurrentPointer>> StateStore::LoadCurrent() const {
  auto loaded = ReadJson(Path("current"));
  if (!loaded.ok()) return std::optional<CurrentPointer>();  // unreadable: the base
  if (!loaded->has_value()) return std::optional<CurrentPointer>();
  const json& j = **loaded;
  CurrentPointer p;
  try {
    p.folder = j.value("folder", "");
    p.patch_id = j.value("patch_id", "");
    p.release_id = j.value("release_id", "");
    p.blob_sha256 = j.value("blob_sha256", "");
    p.patch_version = j.value("patch_version", uint64_t{0});
  } catch (const json::exception&) {
    return std::optional<CurrentPointer>();
  }
  if (!SafeName(p.folder) || !fs::is_directory(PatchDir(p.folder))) {
    return std::optional<CurrentPointer>();
  }
  return std::optional<CurrentPointer>(std::move(p));
}

Status StateStore::SaveCurrent(const CurrentPointer& p) const {
  return WriteJson(Path("current"), PointerJson(p));
}

Status StateStore::ClearCurrent() const {
  if (::unlink(Path("current").c_str()) != 0 && errno != ENOENT) {
    return Status::IoError(Path("current") + ": " + std::strerror(errno));
  }
  return FsyncDir(dir_);
}

StatusOr<std::vector<OutboxEvent>> StateStore::LoadOutbox() const {
  std::vector<OutboxEvent> out;
  auto loaded = ReadJson(Path("outbox.json"));
  if (!loaded.ok() || !loaded->has_value()) return out;
  try {
    const json& j = **loaded;
    if (auto it = j.find("events"); it != j.end() && it->is_array()) {
      for (const auto& e : *it) {
        OutboxEvent ev;
        ev.event_id = e.value("event_id", "");
        ev.kind = e.value("kind", "");
        ev.release_id = e.value("release_id", "");
        ev.code = e.value("code", 0);
        if (!ev.event_id.empty() && !ev.kind.empty()) out.push_back(std::move(ev));
      }
    }
  } catch (const json::exception&) {
    return out;
  }
  return out;
}

Status StateStore::SaveOutbox(const std::vector<OutboxEvent>& events) const {
  json arr = json::array();
  for (const auto& e : events) {
    json o{{"event_id", e.event_id}, {"kind", e.kind}};
    if (!e.release_id.empty()) o["release_id"] = e.release_id;
    if (e.code != 0) o["code"] = e.code;
    arr.push_back(std::move(o));
  }
  return WriteJson(Path("outbox.json"), json{{"events", std::move(arr)}});
}

Status StateStore::Enqueue(const std::string& kind, const std::string& release_id, int code,
                           const std::string& event_id) const {
  SUTURE_ASSIGN_OR_RETURN(auto events, LoadOutbox());
  for (const auto& e : events) {
    if (!event_id.empty() && e.event_id == event_id) return Status::Ok();
  }
  events.push_back(OutboxEvent{event_id.empty() ? RandomId() : event_id, kind, release_id, code});
  if (events.size() > kMaxOutboxEvents) {
    events.erase(events.begin(), events.begin() + static_cast<long>(events.size() - kMaxOutboxEvents));
  }
  return SaveOutbox(events);
}

StatusOr<int> StateStore::Sweep(const std::string& keep_sha,
                                const std::vector<std::string>& keep_folders) const {
  int removed = 0;
  std::error_code ec;
  auto remove = [&](const fs::path& p) {
    std::error_code e2;
    if (fs::remove_all(p, e2) > 0) removed++;
  };
  for (const auto& d : fs::directory_iterator(dir_ + "/staging", ec)) remove(d.path());
  for (const auto& d : fs::directory_iterator(dir_ + "/downloads", ec)) {
    const std::string name = d.path().filename().string();
    if (!keep_sha.empty() && (name == keep_sha + ".part" || name == keep_sha + ".blob")) continue;
    remove(d.path());
  }
  for (const auto& d : fs::directory_iterator(dir_ + "/patches", ec)) {
    const std::string name = d.path().filename().string();
    if (std::find(keep_folders.begin(), keep_folders.end(), name) != keep_folders.end()) continue;
    remove(d.path());
  }
  // Temp files of atomic writes: ".<name>.suture-XXXXXX" in the folder itself.
  for (const auto& d : fs::directory_iterator(dir_, ec)) {
    const std::string name = d.path().filename().string();
    if (name.starts_with(".") && name.find(".suture-") != std::string::npos) remove(d.path());
  }
  return removed;
}

StatusOr<StateLock> StateLock::Acquire(const std::string& dir) {
  const std::string path = dir + "/lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status::ResourceExhausted(dir + ": another client holds the state folder");
  }
  return StateLock(fd);
}

StateLock::~StateLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

std::string RandomId() {
  uint8_t b[16] = {};
  size_t got = 0;
  while (got < sizeof(b)) {
    const ssize_t n = ::getrandom(b + got, sizeof(b) - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += static_cast<size_t>(n);
  }
  return ToHex(ByteView(b, sizeof(b)));
}

std::string StableEventId(const std::string& device_id, const std::string& kind,
                          const std::string& blob_sha256) {
  const std::string text = device_id + '\n' + kind + '\n' + blob_sha256;
  return ToHex(Sha256(AsBytes(text))).substr(0, 32);
}

Status FsyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(dir + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IoError(dir + ": fsync: " + std::strerror(errno));
  return Status::Ok();
}

Status FsyncTree(const std::string& root) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it); it.increment(ec)) {
    const std::string p = it->path().string();
    const bool dir = it->is_directory();
    const int fd = ::open(p.c_str(), (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return Status::IoError(p + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Status::IoError(p + ": fsync: " + std::strerror(errno));
  }
  if (ec) return Status::IoError(root + ": " + ec.message());
  SUTURE_RETURN_IF_ERROR(FsyncDir(root));
  return FsyncDir(fs::path(root).parent_path().string());
}

}  // namespace suture::client
