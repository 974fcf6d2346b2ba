// The cpprestsdk adapter of the device route table (see main_port_device.h).
// Every call into cpprestsdk is wrapped: it throws.
#include "http/main_port_device.h"

#include <cpprest/producerconsumerstream.h>
#include <cpprest/rawptrstream.h>

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http/status_map.h"

namespace suture::server {
namespace {

using web::http::http_response;

// A stream reader further behind than this is cut (as on the device
// listener, epoll_http::Options::max_stream_buffer).
constexpr size_t kMaxStreamBacklog = 256 * 1024;

class MainPortRequest final : public DeviceRequest {
 public:
  explicit MainPortRequest(Ctx c) : c_(std::move(c)) {
    try {
      method_ = c_->req.method();
      path_ = c_->req.relative_uri().path();
      peer_ip_ = c_->req.remote_address();
    } catch (...) {  // an address cpprestsdk cannot render: leave it empty
    }
  }
  const std::string& method() const override { return method_; }
  std::string_view path() const override { return path_; }
  const std::vector<std::string>& segments() const override { return c_->seg; }
  const std::map<std::string, std::string>& query() const override { return c_->query; }
  std::string Header(std::string_view name) const override {
    return suture::server::Header(c_, std::string(name));
  }
  const std::string& peer_ip() const override { return peer_ip_; }
  const std::string& body() const override { return body_; }
  std::string TakeBody() override { return std::move(body_); }
  Status body_status() const override { return body_status_; }

  void SetBody(StatusOr<std::string> body) {
    if (body.ok()) {
      body_ = std::move(*body);
    } else {
      body_status_ = body.status();
    }
  }

 private:
  Ctx c_;
  std::string method_;
  std::string path_;
  std::string peer_ip_;
  std::string body_;
  Status body_status_;
};

class MainPortReply;

// The main port's open event streams, for EndMainPortStreams.
std::mutex g_streams_mu;
std::set<std::weak_ptr<MainPortReply>, std::owner_less<>> g_streams;

void RegisterStream(std::weak_ptr<MainPortReply> reply) {
  std::lock_guard<std::mutex> l(g_streams_mu);
  std::erase_if(g_streams, [](const auto& w) { return w.expired(); });
  g_streams.insert(std::move(reply));
}

class MainPortReply final : public DeviceReply, public std::enable_shared_from_this<MainPortReply> {
 public:
  MainPortReply(web::http::http_request req, bool head) : req_(std::move(req)), head_(head) {}

  bool Send(int status, std::string_view content_type, std::string body,
            HttpHeaders extra) override {
    if (!Begin(State::kResponded)) return false;
    if (head_) {
      Hand(HeadersOnly(status, content_type, body.size(), extra), nullptr);
      return true;
    }
    http_response r(static_cast<web::http::status_code>(status));
    AddHeaders(&r, extra);
    try {
      r.set_body(std::move(body), std::string(content_type));
      if (content_type.empty()) r.headers().remove(web::http::header_names::content_type);
    } catch (...) {
      return Fail(500);
    }
    Hand(std::move(r), nullptr);
    return true;
  }

  bool SendFile(int status, std::string_view content_type, std::shared_ptr<const BlobFile> file,
                uint64_t first, uint64_t length, HttpHeaders extra) override {
    if (head_ || status == 304 || length == 0) {
      if (!Begin(State::kResponded)) return false;
      Hand(HeadersOnly(status, content_type, length, extra), nullptr);
      return true;
    }
    auto view = file->Mapped();
    if (!view.ok()) {
      if (!Begin(State::kResponded)) return false;
      Fail(503);
      return false;
    }
    if (first > view->size() || view->size() - first < length) {
      // The file is shorter than the size the plan was made for.
      if (!Begin(State::kResponded)) return false;
      Fail(500);
      return false;
    }
    if (!Begin(State::kResponded)) return false;
    http_response r(static_cast<web::http::status_code>(status));
    AddHeaders(&r, extra);
    try {
      r.set_body(concurrency::streams::rawptr_stream<uint8_t>::open_istream(
                     view->data() + first, static_cast<size_t>(length)),
                 length, std::string(content_type));
    } catch (...) {
      return Fail(500);
    }
    Hand(std::move(r), std::move(file));  // the mapping lives until the bytes are out
    return true;
  }

  bool StartStream(std::string_view content_type, HttpHeaders extra) override {
    std::lock_guard<std::mutex> l(mu_);
    if (state_ != State::kPending) return false;
    http_response r(web::http::status_codes::OK);
    AddHeaders(&r, extra);
    try {
      stream_.emplace();
      r.headers().add("Connection", "close");  // the stream ends with the connection
      r.set_body(concurrency::streams::istream(*stream_), std::string(content_type));
    } catch (...) {
      stream_.reset();
      return false;
    }
    state_ = State::kStreaming;
    HandLocked(std::move(r), nullptr);
    RegisterStream(weak_from_this());
    return true;
  }

  bool Write(std::string bytes) override {
    std::vector<std::function<void()>> fns;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (state_ != State::kStreaming) return false;
      if (head_ || bytes.empty()) return true;
      try {
        if (stream_->in_avail() + bytes.size() <= kMaxStreamBacklog) {
          auto data = std::make_shared<std::string>(std::move(bytes));
          stream_->putn_nocopy(reinterpret_cast<const uint8_t*>(data->data()), data->size())
              .then([data](pplx::task<size_t> t) { Swallow(t); });
          stream_->sync().then([](pplx::task<void> t) { Swallow(t); });
          return true;
        }
        // A reader too slow: cut the stream (the failed read makes
        // cpprestsdk close the connection).
        stream_
            ->close(std::ios_base::out,
                    std::make_exception_ptr(std::runtime_error("stream reader too slow")))
            .then([](pplx::task<void> t) { Swallow(t); });
      } catch (...) {
      }
      state_ = State::kClosed;
      closed_while_open_ = true;
      fns.swap(on_close_);
    }
    // Not on this thread: the caller may hold the push hub's or the
    // stream's lock, and these callbacks cancel push waiters.
    auto shared = std::make_shared<std::vector<std::function<void()>>>(std::move(fns));
    pplx::create_task([shared] { RunAll(*shared); });
    return false;
  }

  void End() override {
    std::lock_guard<std::mutex> l(mu_);
    if (state_ != State::kStreaming) return;
    state_ = State::kEnded;
    on_close_.clear();
    try {
      stream_->close(std::ios_base::out).then([](pplx::task<void> t) { Swallow(t); });
    } catch (...) {
    }
  }

  void OnClose(std::function<void()> fn) override {
    if (!fn) return;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (state_ == State::kPending || state_ == State::kStreaming) {
        on_close_.push_back(std::move(fn));
        return;
      }
      if (!closed_while_open_) return;
    }
    fn();  // the peer is already known to be gone
  }

 private:
  enum class State { kPending, kResponded, kStreaming, kEnded, kClosed };

  // Moves a pending reply to `next`; false if it is not pending.
  bool Begin(State next) {
    std::lock_guard<std::mutex> l(mu_);
    if (state_ != State::kPending) return false;
    state_ = next;
    on_close_.clear();
    return true;
  }

  static void AddHeaders(http_response* r, const HttpHeaders& extra) {
    for (const auto& [name, value] : extra) r->headers().add(name, value);
  }

  // Status and headers with Content-Length `length` and no body (see
  // main_port_device.h for why it is built this way).
  static http_response HeadersOnly(int status, std::string_view content_type, uint64_t length,
                                   const HttpHeaders& extra) {
    static const uint8_t kNothing = 0;
    http_response r(static_cast<web::http::status_code>(status));
    AddHeaders(&r, extra);
    try {
      r.set_body(concurrency::streams::rawptr_stream<uint8_t>::open_istream(&kNothing, 0), length,
                 content_type.empty() ? std::string("application/octet-stream")
                                      : std::string(content_type));
      if (content_type.empty()) r.headers().remove(web::http::header_names::content_type);
      if (length > 0) r.headers().add("Connection", "close");
    } catch (...) {
    }
    return r;
  }

  // Answers an error the transport itself hit while sending (same body as
  // the device listener's own errors). Returns false (for the caller).
  bool Fail(int status) {
    const Status s = status == 503 ? Status::Unavailable("cannot open the file to send")
                                   : Status::Internal("cannot send the response");
    http_response r(static_cast<web::http::status_code>(status));
    try {
      r.set_body(ErrorBodyJson(s), "application/json");
    } catch (...) {
    }
    Hand(std::move(r), nullptr);
    return false;
  }

  void Hand(http_response r, std::shared_ptr<const void> keep) {
    std::lock_guard<std::mutex> l(mu_);
    HandLocked(std::move(r), std::move(keep));
  }

  // Gives `r` to cpprestsdk. `keep` lives until the response is written
  // (cpprestsdk completes the reply task then, or fails it on a write error).
  void HandLocked(http_response r, std::shared_ptr<const void> keep) {
    std::weak_ptr<MainPortReply> weak = weak_from_this();
    try {
      req_.reply(r).then([weak, keep](pplx::task<void> t) {
        // Fails when the peer went away, and after every headers-only
        // answer with a length (cpprestsdk's early close, see the header).
        Swallow(t);
        if (auto self = weak.lock()) self->OnResponseDone();
      });
    } catch (...) {
      // cpprestsdk refused the response (the listener is closing).
    }
  }

  // A stream whose response completes other than by End() lost its peer
  // (a write failed). cpprestsdk says nothing about a pending reply's peer.
  void OnResponseDone() {
    std::vector<std::function<void()>> fns;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (state_ != State::kStreaming) return;
      state_ = State::kClosed;
      closed_while_open_ = true;
      fns.swap(on_close_);
    }
    RunAll(fns);
  }

  template <typename T>
  static void Swallow(pplx::task<T>& t) {
    try {
      t.get();
    } catch (...) {  // the peer went away: OnResponseDone handles it
    }
  }

  static void RunAll(std::vector<std::function<void()>>& fns) {
    for (auto& fn : fns) {
      try {
        fn();
      } catch (...) {
      }
    }
  }

  web::http::http_request req_;
  const bool head_;
  std::mutex mu_;
  State state_ = State::kPending;
  bool closed_while_open_ = false;
  std::optional<concurrency::streams::producer_consumer_buffer<uint8_t>> stream_;
  std::vector<std::function<void()>> on_close_;
};

// POSTs and requests that declare a body have it read before routing.
bool HasBody(const Ctx& c) {
  if (c->req.method() == "POST") return true;
  const std::string cl = Header(c, "Content-Length");
  return (!cl.empty() && cl != "0") || !Header(c, "Transfer-Encoding").empty();
}

}  // namespace

void EndMainPortStreams() {
  std::set<std::weak_ptr<MainPortReply>, std::owner_less<>> streams;
  {
    std::lock_guard<std::mutex> l(g_streams_mu);
    streams.swap(g_streams);
  }
  for (const auto& w : streams) {
    if (auto reply = w.lock()) reply->End();
  }
}

bool ServeDeviceOnMainPort(DeviceRoutes& routes, const Ctx& c) {
  if (!DeviceRoutes::Owns(c->seg)) return false;
  auto reply = std::make_shared<MainPortReply>(c->req, c->req.method() == "HEAD");
  auto request = std::make_shared<MainPortRequest>(c);
  if (!HasBody(c)) {
    routes.Serve("", *request, reply);
    return true;
  }
  DeviceRoutes* table = &routes;
  ReadSmallBody(c, [table, request, reply](StatusOr<std::string> body) {
    request->SetBody(std::move(body));
    table->Serve("", *request, reply);
  });
  return true;
}

}  // namespace suture::server
