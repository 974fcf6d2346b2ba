// UploadSink: where the main port streams a publish body (POST
// /v1/apps/{app}/patches) as it arrives: the BlobWriter of Service::
// BeginPublish, i.e. a temp file under the data folder's tmp/, never memory.
// Made by the head hook once the caller is authenticated and allowed to
// publish; handed to the publish route with the request.
//
// Thread-safety: used by one thread at a time (the loop while the body
// arrives, then the worker answering the request).
#ifndef SUTURE_SERVER_HTTP_UPLOAD_SINK_H_
#define SUTURE_SERVER_HTTP_UPLOAD_SINK_H_

#include <memory>
#include <utility>

#include "http/epoll_http_server.h"
#include "service/service.h"

namespace suture::server {

class UploadSink final : public epoll_http::BodySink {
 public:
  UploadSink(Principal principal, std::unique_ptr<BlobWriter> writer)
      : principal_(std::move(principal)), writer_(std::move(writer)) {}
  // The writer's errors (kLimitExceeded past its limit, kIoError) stop the body.
  Status Write(ByteView piece) override { return writer_->Write(piece); }
  const Principal& principal() const { return principal_; }
  BlobWriter& writer() { return *writer_; }

 private:
  const Principal principal_;
  const std::unique_ptr<BlobWriter> writer_;  // its destructor removes an uncommitted temp file
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_UPLOAD_SINK_H_
