#include "http/blob_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace suture::server {

BlobFile::~BlobFile() {
  if (fd_ >= 0) ::close(fd_);
}

StatusOr<ByteView> BlobFile::Mapped() const {
  std::lock_guard<std::mutex> l(mu_);
  if (!mapped_) {
    SUTURE_ASSIGN_OR_RETURN(MappedFile m, MappedFile::Open(path_));
    mapped_.emplace(std::move(m));
  }
  return mapped_->view();
}

StatusOr<std::shared_ptr<const BlobFile>> BlobFiles::Open(const std::string& id,
                                                          const std::string& path) {
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = files_.find(id);
    if (it != files_.end()) return it->second;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("blob " + id);
    return Status::IoError("blob " + id + ": cannot open: " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::NotFound("blob " + id);
  }
  auto file = std::make_shared<const BlobFile>(id, path, fd, static_cast<uint64_t>(st.st_size));
  std::lock_guard<std::mutex> l(mu_);
  if (files_.size() >= kMaxOpen) files_.clear();  // rare: a cold restart of the cache
  // A racing request may have opened it first: serve the cached one.
  return files_.emplace(id, std::move(file)).first->second;
}

}  // namespace suture::server
