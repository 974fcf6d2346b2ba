// File helpers with Status errors that name the path.
//
// WriteFileAtomic writes a temp file in the same folder, fsyncs it, renames it
// over the target and fsyncs the folder: a crash leaves either the old file or
// the new one, never a partial one.
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
