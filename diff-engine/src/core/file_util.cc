#include "suture/core/file_util.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace suture {
namespace {

std::string ErrnoText(const std::string& path, const char* what) {
  return path + ": " + what + ": " + std::strerror(errno);
}

Status WriteAll(int fd, ByteView data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(ErrnoText(path, "write"));
    }
    off += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Bytes> ReadFile(const std::string& path, uint64_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(ErrnoText(path, "open"));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(ErrnoText(path, "stat"));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + ": is a directory");
  }
  if (static_cast<uint64_t>(st.st_size) > max_size) {
    ::close(fd);
    return Status::LimitExceeded(path + ": size " + std::to_string(st.st_size) + " exceeds limit " +
                                 std::to_string(max_size));
  }
  Bytes out(static_cast<size_t>(st.st_size));
  size_t off = 0;
  while (off < out.size()) {
    ssize_t n = ::read(fd, out.data() + off, out.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Status::IoError(ErrnoText(path, "read"));
    }
    if (n == 0) break;
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(off);
  return out;
}

Status WriteFileAtomic(const std::string& path, ByteView data, int mode) {
  std::filesystem::path p(path);
  std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + p.filename().string() + ".tmpXXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return Status::IoError(ErrnoText(path, "create temp file"));
  std::string tmp(name.data());
  auto fail = [&](Status s) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return s;
  };
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) return fail(Status::IoError(ErrnoText(path, "chmod")));
  Status s = WriteAll(fd, data, path);
  if (!s.ok()) return fail(s);
  if (::fsync(fd) != 0) return fail(Status::IoError(ErrnoText(path, "fsync")));
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Status::IoError(ErrnoText(path, "close"));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status e = Status::IoError(ErrnoText(path, "rename"));
    ::unlink(tmp.c_str());
    return e;
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

StatusOr<uint64_t> FileSize(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(ErrnoText(path, "stat"));
  }
  return static_cast<uint64_t>(st.st_size);
}

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

MappedFile::~MappedFile() {
  if (addr_ != nullptr) ::munmap(addr_, size_);
}

MappedFile::MappedFile(MappedFile&& o) noexcept : addr_(o.addr_), size_(o.size_) {
  o.addr_ = nullptr;
  o.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (addr_ != nullptr) ::munmap(addr_, size_);
    addr_ = o.addr_;
    size_ = o.size_;
    o.addr_ = nullptr;
    o.size_ = 0;
  }
  return *this;
}

StatusOr<MappedFile> MappedFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(ErrnoText(path, "open"));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(ErrnoText(path, "stat"));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + ": is a directory");
  }
  MappedFile m;
  m.size_ = static_cast<size_t>(st.st_size);
  if (m.size_ > 0) {
    void* a = ::mmap(nullptr, m.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (a == MAP_FAILED) {
      ::close(fd);
      m.size_ = 0;
      return Status::IoError(ErrnoText(path, "mmap"));
    }
    m.addr_ = a;
  }
  ::close(fd);
  return m;
}

void MappedFile::DontNeed(size_t off, size_t n) const {
  if (addr_ == nullptr || off >= size_) return;
  long page = ::sysconf(_SC_PAGESIZE);
  size_t start = off - off % static_cast<size_t>(page);
  size_t end = std::min(size_, off + n);
  if (end > start) ::madvise(static_cast<char*>(addr_) + start, end - start, MADV_DONTNEED);
}

}  // namespace suture
