// File helpers with Status errors that name the path.
//
// Every output file is written the same way (TempFile): a temp file in the
// same folder, fsynced, renamed over the target, then the folder fsynced: a
// crash leaves either the old file or the new one, never a partial one, and a
// failure removes the temp file. WriteFileAtomic does that for bytes in memory.
#ifndef SUTURE_CORE_FILE_UTIL_H_
#define SUTURE_CORE_FILE_UTIL_H_

#include <cstdint>
#include <string>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture {

// Reads a whole file; fails with kLimitExceeded when it is over max_size.
StatusOr<Bytes> ReadFile(const std::string& path, uint64_t max_size = (1ull << 32));
Status WriteFileAtomic(const std::string& path, ByteView data, int mode = 0644);
StatusOr<uint64_t> FileSize(const std::string& path);
bool FileExists(const std::string& path);

// A file written under a hidden temporary name beside its final path
// ("<dir>/.<name>.suture-XXXXXX") and published by Commit(). Destroyed without
// a successful Commit(), it closes and removes the temporary file.
// Thread-safety: one owner at a time; not for concurrent use.
class TempFile {
 public:
  TempFile() = default;
  ~TempFile();
  TempFile(TempFile&& o) noexcept;
  TempFile& operator=(TempFile&& o) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Creates the temporary file with permissions `mode`; kIoError naming
  // `path` when the folder does not allow it.
  static StatusOr<TempFile> CreateBeside(const std::string& path, int mode = 0644);
  // Appends all of `data` at the file offset; kIoError naming the final path.
  Status Write(ByteView data);
  // fsync, close, rename over the final path, fsync the folder (best effort).
  // On failure the temporary file is left for the destructor to remove.
  // REQUIRES: called at most once after a successful CreateBeside.
  Status Commit();

  // The open descriptor (for pwrite and the like) until Commit(); -1 after.
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }

 private:
  void Discard();
  std::string path_, temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// Creates a folder "<dir>/.<name>.suture-XXXXXX" (mode 0700) beside `path`
// and returns its path; the caller removes it. kIoError naming `path`.
StatusOr<std::string> MakeTempDirBeside(const std::string& path);

// A read-only memory mapping of a whole file (empty files map to an empty
// view). Lets parsers work on a ByteView of a large file while the kernel
// pages it in and out: resident memory stays bounded by what is touched.
class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&&) noexcept;
  MappedFile& operator=(MappedFile&&) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  static StatusOr<MappedFile> Open(const std::string& path);
  ByteView view() const { return {static_cast<const uint8_t*>(addr_), size_}; }
  // Tells the kernel the pages in [off, off+n) will not be needed again.
  void DontNeed(size_t off, size_t n) const;

 private:
  void* addr_ = nullptr;
  size_t size_ = 0;
};

}  // namespace suture

#endif  // SUTURE_CORE_FILE_UTIL_H_
