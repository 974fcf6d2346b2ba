// A content-addressed blob folder: <root>/blobs/<sha256 hex>, uploads staged
// in <root>/tmp/.
//
// A blob appears under its name only complete and durable: BlobWriter streams
// into a temp file, Commit() fsyncs it, renames it to its SHA-256 name and
// fsyncs the folder. A crash at any point leaves at most a temp file, which
// SweepTemp() deletes on the next start. Blob ids are accepted only as exactly
// 64 lower-case hex characters, so no id can name a path outside blobs/.
//
// Thread-safety: BlobStore methods are thread-safe (they only touch the file
// system, and renames are atomic); a BlobWriter is used by one thread.
#ifndef SUTURE_SERVER_STORAGE_BLOB_STORE_H_
#define SUTURE_SERVER_STORAGE_BLOB_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/crypto.h"
#include "suture/core/status.h"

namespace suture::server {

// True for exactly 64 characters of [0-9a-f].
bool IsValidBlobId(std::string_view id);

class BlobWriter {
 public:
  ~BlobWriter();  // removes the temp file unless committed
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;

  // Appends; fails with kLimitExceeded past the writer's size limit.
  Status Write(ByteView data);
  uint64_t size() const { return size_; }
  const std::string& temp_path() const { return temp_path_; }
  // SHA-256 of everything written (valid after Finish()).
  const Sha256Digest& sha256() const { return digest_; }
  // Flushes and fsyncs the temp file and computes the digest. After this the
  // temp file may be read (e.g. mapped for validation) before Commit().
  Status Finish();
  // Renames the temp file to blobs/<sha256> (REQUIRES: Finish() succeeded) and
  // fsyncs the folder. Returns the blob id.
  StatusOr<std::string> Commit();
  // Closes and deletes the temp file now unless committed (the destructor
  // does the same; this lets a caller clean up before answering a request).
  void Abort();

 private:
  friend class BlobStore;
  BlobWriter(std::string temp_path, int fd, std::string blobs_dir, uint64_t max_size);
  std::string temp_path_;
  int fd_;
  std::string blobs_dir_;
  uint64_t max_size_;
  uint64_t size_ = 0;
  Sha256Hasher hasher_;
  Sha256Digest digest_{};
  bool finished_ = false;
  bool committed_ = false;
  bool aborted_ = false;
};

class BlobStore {
 public:
  // Creates <root>/blobs and <root>/tmp when missing.
  static StatusOr<BlobStore> Open(const std::string& root);

  StatusOr<std::unique_ptr<BlobWriter>> NewWriter(uint64_t max_size);
  // Deletes every file in tmp/ (left by a crash). Returns how many.
  StatusOr<int> SweepTemp();
  // Path of a blob; kInvalidArgument unless `id` is a valid blob id,
  // kNotFound when it does not exist.
  StatusOr<std::string> PathOf(std::string_view id) const;
  // Ids of every stored blob.
  StatusOr<std::vector<std::string>> List() const;
  Status Remove(std::string_view id);
  const std::string& blobs_dir() const { return blobs_dir_; }

 private:
  std::string blobs_dir_;
  std::string tmp_dir_;
};

// fsyncs a directory (after a rename into it).
Status FsyncDir(const std::string& dir);

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_BLOB_STORE_H_
