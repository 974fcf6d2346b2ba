// BlobFiles: the device routes' cache of open blob files (BlobFile, in
// http/device_exchange.h). Blobs are immutable and never deleted while the
// server runs, so one descriptor (and, for the main port, one mapping) per
// blob serves every request. At most 4096 are kept; past that the cache
// starts over. A BlobFile closes its descriptor and unmaps when its last
// user drops it, so dropping it from the cache never pulls a file from
// under a response in flight.
//
// Thread-safety: Open may be called from any thread.
#ifndef SUTURE_SERVER_HTTP_BLOB_FILES_H_
#define SUTURE_SERVER_HTTP_BLOB_FILES_H_

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/device_exchange.h"

namespace suture::server {

class BlobFiles {
 public:
  // The blob `id` stored at `path`: kNotFound when there is no such regular
  // file, kIoError when it cannot be opened.
  StatusOr<std::shared_ptr<const BlobFile>> Open(const std::string& id, const std::string& path);

 private:
  static constexpr size_t kMaxOpen = 4096;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const BlobFile>> files_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_BLOB_FILES_H_
