// The epoll adapter of the device route table (see device_port.h).
#include "http/device_port.h"

#include <cctype>
#include <string>
#include <utility>

namespace suture::server {
namespace {

class EpollDeviceRequest final : public DeviceRequest {
 public:
  explicit EpollDeviceRequest(epoll_http::Request&& r) : r_(std::move(r)) {
    path_ = std::string_view(r_.target).substr(0, r_.target.find('?'));
  }
  const std::string& method() const override { return r_.method; }
  std::string_view path() const override { return path_; }
  const std::vector<std::string>& segments() const override { return r_.seg; }
  const std::map<std::string, std::string>& query() const override { return r_.query; }
  std::string Header(std::string_view name) const override {
    std::string lower(name);
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const std::string* v = r_.Header(lower);  // the parser lower-cases names
    return v == nullptr ? std::string() : *v;
  }
  const std::string& peer_ip() const override { return r_.peer_ip; }
  const std::string& body() const override { return r_.body; }
  std::string TakeBody() override { return std::move(r_.body); }
  // The server answers a body it cannot read (413, 411) before routing.
  Status body_status() const override { return Status::Ok(); }

 private:
  epoll_http::Request r_;
  std::string_view path_;
};

class EpollDeviceReply final : public DeviceReply {
 public:
  explicit EpollDeviceReply(std::shared_ptr<epoll_http::Reply> r) : r_(std::move(r)) {}
  bool Send(int status, std::string_view content_type, std::string body,
            HttpHeaders extra) override {
    return r_->Send(status, content_type, std::move(body), std::move(extra));
  }
  bool SendFile(int status, std::string_view content_type, std::shared_ptr<const BlobFile> file,
                uint64_t first, uint64_t length, HttpHeaders extra) override {
    // The reply dup()s the descriptor: `file` need not outlive the call.
    return r_->SendFile(status, content_type, file->fd(), first, length, std::move(extra));
  }
  bool StartStream(std::string_view content_type, HttpHeaders extra) override {
    return r_->StartStream(content_type, std::move(extra));
  }
  bool Write(std::string bytes) override { return r_->Write(std::move(bytes)); }
  void End() override { r_->End(); }
  void OnClose(std::function<void()> fn) override { r_->OnClose(std::move(fn)); }

 private:
  const std::shared_ptr<epoll_http::Reply> r_;
};

}  // namespace

std::shared_ptr<DeviceReply> AsDeviceReply(std::shared_ptr<epoll_http::Reply> reply) {
  return std::make_shared<EpollDeviceReply>(std::move(reply));
}

epoll_http::Handler MakeDevicePortHandler(DeviceRoutes* routes, std::string_view metrics_prefix) {
  return [routes, metrics_prefix](epoll_http::Request&& req,
                                  std::shared_ptr<epoll_http::Reply> reply) {
    EpollDeviceRequest request(std::move(req));
    routes->Serve(metrics_prefix, request, std::make_shared<EpollDeviceReply>(std::move(reply)));
  };
}

}  // namespace suture::server
