#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace suture::diff {
namespace {
constexpr size_t kBufferSize = 1 << 20;
}  // namespace

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  std::filesystem::path p(path);
  std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : ".";
  std::string tmpl = (dir / ("." + p.filename().string() + ".suture-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return Status::IoError(path + ": cannot create temporary file: " + std::strerror(errno));
  std::unique_ptr<OutputFile> f(new OutputFile());
  f->path_ = path;
  f->temp_ = name.data();
  f->fd_ = fd;
  ::fchmod(fd, 0644);
  f->buf_.reserve(kBufferSize);
  return f;
}

Status OutputFile::Flush() {
  size_t off = 0;
  while (off < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(path_ + ": write: " + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  buf_.clear();
  return Status::Ok();
}

Status OutputFile::Write(ByteView data) {
  while (!data.empty()) {
    size_t n = std::min(data.size(), kBufferSize - buf_.size());
    buf_.insert(buf_.end(), data.begin(), data.begin() + n);
    data = data.subspan(n);
    if (buf_.size() == kBufferSize) SUTURE_RETURN_IF_ERROR(Flush());
  }
  return Status::Ok();
}

Status OutputFile::Commit() {
  SUTURE_RETURN_IF_ERROR(Flush());
  if (::fsync(fd_) != 0) return Status::IoError(path_ + ": fsync: " + std::strerror(errno));
  ::close(fd_);
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    return Status::IoError(path_ + ": rename: " + std::strerror(errno));
  }
  committed_ = true;
  return Status::Ok();
}

Status VerifyingSink::Write(ByteView data) {
  if (data.size() > expected_ - written_) {
    return Status::VerifyFailed("output exceeds its declared size " + std::to_string(expected_));
  }
  hasher_.Update(data);
  written_ += data.size();
  return next_ ? next_->Write(data) : Status::Ok();
}

Status VerifyingSink::Check(const Sha256Digest& want, const std::string& what) {
  if (written_ != expected_) {
    return Status::VerifyFailed(what + ": produced " + std::to_string(written_) + " bytes, expected " +
                                std::to_string(expected_));
  }
  if (hasher_.Finish() != want) return Status::VerifyFailed(what + ": SHA-256 of the output does not match");
  return Status::Ok();
}

Sha256Digest HashMapped(const MappedFile& map) {
  Sha256Hasher h;
  ByteView v = map.view();
  for (size_t off = 0; off < v.size(); off += kReleaseInterval) {
    size_t n = std::min<size_t>(kReleaseInterval, v.size() - off);
    h.Update(v.subspan(off, n));
    map.DontNeed(off, n);
  }
  return h.Finish();
}

PeriodicReleaseSink ReleasingMapPages(ByteSink& inner, const MappedFile& map) {
  return PeriodicReleaseSink(inner, kReleaseInterval, [&map] { map.DontNeed(0, map.view().size()); });
}

}  // namespace suture::diff
