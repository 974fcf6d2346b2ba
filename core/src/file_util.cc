#include "suture/core/file_util.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "suture/core/staging.h"

namespace suture {
namespace {

std::string ErrnoText(const std::string& path, const char* what) {
  return path + ": " + what + ": " + std::strerror(errno);
}

Status WriteAll(int fd, ByteView data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return Status::IoError(ErrnoText(path, "write"));
    }
    off += static_cast<size_t>(n);
  }
  return Status::Ok();
}

std::filesystem::path ParentDir(const std::string& path) {
  std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
}

// "<dir>/.<name>.suture-XXXXXX", NUL-terminated for mkstemp/mkdtemp.
std::vector<char> TempTemplate(const std::string& path) {
  const std::string leaf = "." + std::filesystem::path(path).filename().string() + ".suture-XXXXXX";
  const std::string t = (ParentDir(path) / leaf).string();
  std::vector<char> name(t.begin(), t.end());
  name.push_back('\0');
  return name;
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
  SUTURE_ASSIGN_OR_RETURN(TempFile file, TempFile::CreateBeside(path, mode));
  SUTURE_RETURN_IF_ERROR(file.Write(data));
  return file.Commit();
}

TempFile::~TempFile() { Discard(); }

TempFile::TempFile(TempFile&& o) noexcept
    : path_(std::move(o.path_)), temp_(std::move(o.temp_)), fd_(o.fd_), committed_(o.committed_) {
  o.fd_ = -1;
  o.temp_.clear();
}

TempFile& TempFile::operator=(TempFile&& o) noexcept {
  if (this != &o) {
    Discard();
    path_ = std::move(o.path_);
    temp_ = std::move(o.temp_);
    fd_ = o.fd_;
    committed_ = o.committed_;
    o.fd_ = -1;
    o.temp_.clear();
  }
  return *this;
}

void TempFile::Discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!committed_ && !temp_.empty()) {
    ::unlink(temp_.c_str());
    UnregisterStagingPath(temp_);
  }
  temp_.clear();
}

StatusOr<TempFile> TempFile::CreateBeside(const std::string& path, int mode) {
  std::vector<char> name = TempTemplate(path);
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return Status::IoError(ErrnoText(path, "cannot create temporary file"));
  TempFile f;
  f.path_ = path;
  f.temp_ = name.data();
  f.fd_ = fd;
  RegisterStagingPath(f.temp_);
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    return Status::IoError(ErrnoText(path, "chmod"));
  }
  return f;
}

Status TempFile::Write(ByteView data) { return WriteAll(fd_, data, path_); }

Status TempFile::Commit() {
  if (::fsync(fd_) != 0) return Status::IoError(ErrnoText(path_, "fsync"));
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return Status::IoError(ErrnoText(path_, "close"));
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    return Status::IoError(ErrnoText(path_, "rename"));
  }
  committed_ = true;
  UnregisterStagingPath(temp_);
  int dfd = ::open(ParentDir(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

StatusOr<std::string> MakeTempDirBeside(const std::string& path) {
  std::vector<char> name = TempTemplate(path);
  if (::mkdtemp(name.data()) == nullptr) {
    return Status::IoError(ErrnoText(path, "cannot create temporary folder"));
  }
  return std::string(name.data());
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
