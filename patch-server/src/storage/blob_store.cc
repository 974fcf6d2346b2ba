#include "storage/blob_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace suture::server {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// An error of an upload, from errno. Upload errors reach HTTP answers, so
// they name the step, never a server path; a full disk (or quota) is
// kInsufficientStorage, which a client may retry once space returns.
Status UploadError(std::string_view step) {
  const int e = errno;
  if (e == ENOSPC || e == EDQUOT) {
    return Status::InsufficientStorage("server storage is full: cannot " + std::string(step) +
                                       " the upload; retry later");
  }
  return Status::IoError("server storage: cannot " + std::string(step) +
                         " the upload: " + std::strerror(e));
}

Status MakeDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::IoError(Errno(dir + ": cannot create folder"));
  }
  return Status::Ok();
}

}  // namespace

bool IsValidBlobId(std::string_view id) {
  if (id.size() != 64) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status FsyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(Errno(dir + ": cannot open folder"));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IoError(Errno(dir + ": fsync"));
  return Status::Ok();
}

BlobWriter::BlobWriter(std::string temp_path, int fd, std::string blobs_dir, uint64_t max_size)
    : temp_path_(std::move(temp_path)), fd_(fd), blobs_dir_(std::move(blobs_dir)),
      max_size_(max_size) {}

BlobWriter::~BlobWriter() { Abort(); }

void BlobWriter::Abort() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!committed_ && !aborted_) ::unlink(temp_path_.c_str());
  aborted_ = true;
}

Status BlobWriter::Write(ByteView data) {
  if (aborted_) return Status::FailedPrecondition("blob writer: write after abort");
  if (finished_) return Status::FailedPrecondition("blob writer: write after finish");
  if (!RangeFits(size_, data.size(), max_size_)) {
    return Status::LimitExceeded("upload exceeds the limit of " + std::to_string(max_size_) +
                                 " bytes");
  }
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return UploadError("write");
    }
    done += static_cast<size_t>(n);
  }
  hasher_.Update(data);
  size_ += data.size();
  return Status::Ok();
}

Status BlobWriter::Finish() {
  if (aborted_) return Status::FailedPrecondition("blob writer: finish after abort");
  if (finished_) return Status::Ok();
  if (::fsync(fd_) != 0) return UploadError("sync");
  digest_ = hasher_.Finish();
  finished_ = true;
  return Status::Ok();
}

StatusOr<std::string> BlobWriter::Commit() {
  if (aborted_) return Status::FailedPrecondition("blob writer: commit after abort");
  if (!finished_) return Status::FailedPrecondition("blob writer: commit before finish");
  ::close(fd_);
  fd_ = -1;
  const std::string id = ToHex(digest_);
  const std::string final_path = blobs_dir_ + "/" + id;
  if (::rename(temp_path_.c_str(), final_path.c_str()) != 0) {
    return UploadError("store");
  }
  committed_ = true;
  if (!FsyncDir(blobs_dir_).ok()) return UploadError("sync the folder of");
  return id;
}

StatusOr<BlobStore> BlobStore::Open(const std::string& root) {
  SUTURE_RETURN_IF_ERROR(MakeDir(root));
  BlobStore s;
  s.blobs_dir_ = root + "/blobs";
  s.tmp_dir_ = root + "/tmp";
  SUTURE_RETURN_IF_ERROR(MakeDir(s.blobs_dir_));
  SUTURE_RETURN_IF_ERROR(MakeDir(s.tmp_dir_));
  return s;
}

StatusOr<std::unique_ptr<BlobWriter>> BlobStore::NewWriter(uint64_t max_size) {
  std::string tmpl = tmp_dir_ + "/upload-XXXXXX";
  const int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) return UploadError("create a temp file for");
  // Blobs are public and immutable: readable by a web server or CDN origin
  // serving the blob folder directly (mkostemp creates 0600).
  if (::fchmod(fd, 0644) != 0) {
    const Status s = UploadError("chmod the temp file of");
    ::close(fd);
    ::unlink(tmpl.c_str());
    return s;
  }
  return std::unique_ptr<BlobWriter>(new BlobWriter(tmpl, fd, blobs_dir_, max_size));
}

namespace {
StatusOr<std::vector<std::string>> ListDir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return Status::IoError(Errno(dir + ": cannot list"));
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    names.push_back(name);
  }
  ::closedir(d);
  return names;
}
}  // namespace

StatusOr<int> BlobStore::SweepTemp() {
  SUTURE_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(tmp_dir_));
  int removed = 0;
  for (const std::string& n : names) {
    if (::unlink((tmp_dir_ + "/" + n).c_str()) == 0) ++removed;
  }
  return removed;
}

StatusOr<std::string> BlobStore::PathOf(std::string_view id) const {
  if (!IsValidBlobId(id)) {
    return Status::InvalidArgument("blob id must be 64 lower-case hex characters");
  }
  std::string path = blobs_dir_ + "/" + std::string(id);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("blob " + std::string(id));
  return path;
}

StatusOr<std::vector<std::string>> BlobStore::List() const {
  SUTURE_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(blobs_dir_));
  std::vector<std::string> ids;
  for (std::string& n : names) {
    if (IsValidBlobId(n)) ids.push_back(std::move(n));
  }
  return ids;
}

Status BlobStore::Remove(std::string_view id) {
  if (!IsValidBlobId(id)) return Status::InvalidArgument("bad blob id");
  const std::string path = blobs_dir_ + "/" + std::string(id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::IoError(Errno(path + ": unlink"));
  }
  return Status::Ok();
}

}  // namespace suture::server
