// Apply-side output plumbing: a temporary file that becomes the output only
// after its hash checks out, and sinks that hash, count and bound what they pass on.
#ifndef SUTURE_APPLY_SRC_ARCHIVE_OUTPUT_FILE_H_
#define SUTURE_APPLY_SRC_ARCHIVE_OUTPUT_FILE_H_

#include <string>

#include "suture/apply/byte_sink.h"
#include "suture/core/crypto.h"
#include "suture/core/file_util.h"

namespace suture::diff {

// A TempFile ("<dir>/.<name>.suture-XXXXXX") written through a 1 MiB buffer;
// Commit() flushes and publishes it at the final path. Destroyed without
// Commit(), it removes the temporary file.
class OutputFile : public ByteSink {
 public:
  static StatusOr<std::unique_ptr<OutputFile>> Create(const std::string& path);
  Status Write(ByteView data) override;
  Status Commit();
  const std::string& temp_path() const { return file_.temp_path(); }

 private:
  OutputFile() = default;
  Status Flush();
  TempFile file_;
  Bytes buf_;
};

// Passes bytes on to `next` while hashing and counting them; fails as soon as
// more than `expected_size` bytes arrive.
class VerifyingSink : public ByteSink {
 public:
  VerifyingSink(ByteSink* next, uint64_t expected_size) : next_(next), expected_(expected_size) {}
  Status Write(ByteView data) override;
  // kVerifyFailed when the size or the SHA-256 differs from what was expected.
  Status Check(const Sha256Digest& want, const std::string& what);
  uint64_t written() const { return written_; }

 private:
  ByteSink* next_;
  uint64_t expected_;
  Sha256Hasher hasher_;
  uint64_t written_ = 0;
};

// SHA-256 of a mapped file, dropping pages as it goes (bounded resident set).
Sha256Digest HashMapped(const MappedFile& map);

// Wraps `inner` so that every kReleaseInterval bytes of output the pages of
// `map` are dropped from the process (they come back from the page cache on
// the next touch): keeps the resident set bounded while OLD is read through a
// memory mapping. REQUIRES: inner and map outlive the sink.
inline constexpr uint64_t kReleaseInterval = 1ull << 20;
PeriodicReleaseSink ReleasingMapPages(ByteSink& inner, const MappedFile& map);

}  // namespace suture::diff

#endif  // SUTURE_APPLY_SRC_ARCHIVE_OUTPUT_FILE_H_
