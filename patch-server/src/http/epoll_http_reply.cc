// EpollHttpServer replies and response heads. A reply queues its output under its
// own mutex and posts its connection id to the loop (see epoll_http_internal.h).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

#include "http/epoll_http_internal.h"
#include "suture/core/status.h"

namespace suture::server::epoll_http {

const std::string* Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

namespace internal {
namespace {

std::string_view Reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

// The Suture code name of an error the server answers by itself.
StatusCode CodeForHttp(int status) {
  switch (status) {
    case 400: return StatusCode::kInvalidArgument;
    case 404: return StatusCode::kNotFound;
    case 413:
    case 431: return StatusCode::kLimitExceeded;
    case 405:
    case 411:
    case 501:
    case 505: return StatusCode::kUnsupported;
    case 503: return StatusCode::kUnavailable;
    default: return StatusCode::kInternal;
  }
}

bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool SafeFieldText(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20 || u >= 0x80) {
      // Our messages are ASCII; escape anything else so the body stays
      // valid JSON whatever a message quotes.
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out->append(buf);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace

bool StatusHasBody(int status) { return status >= 200 && status != 204 && status != 304; }

bool WantsClose(const Headers& extra) {
  for (const auto& [name, value] : extra) {
    if (EqualsLower(name, "connection") && EqualsLower(value, "close")) return true;
  }
  return false;
}

std::string ResponseHead(int status, std::string_view content_type, int64_t content_length,
                         bool close, const Headers& extra) {
  if (status < 100 || status > 999) status = 500;
  std::string h;
  h.reserve(128 + extra.size() * 48);
  h.append("HTTP/1.1 ").append(std::to_string(status)).push_back(' ');
  h.append(Reason(status)).append("\r\n");
  if (!content_type.empty() && SafeFieldText(content_type)) {
    h.append("Content-Type: ").append(content_type).append("\r\n");
  }
  // A 304 carries the Content-Length its caller declares (SendFile: the
  // 200's length, RFC 9110 section 8.6); Send declares none for it.
  if (content_length >= 0 && status >= 200 && status != 204) {
    h.append("Content-Length: ").append(std::to_string(content_length)).append("\r\n");
  }
  h.append(close ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
  for (const auto& [name, value] : extra) {
    // The framing fields are ours; a field that could split the head is dropped.
    if (name.empty() || EqualsLower(name, "content-length") || EqualsLower(name, "connection") ||
        EqualsLower(name, "transfer-encoding") || !SafeFieldText(name) || !SafeFieldText(value) ||
        name.find(':') != std::string::npos) {
      continue;
    }
    h.append(name).append(": ").append(value).append("\r\n");
  }
  h.append("\r\n");
  return h;
}

std::string ErrorBody(int status, std::string_view message) {
  std::string body = "{\"error\":{\"code\":";
  AppendJsonString(&body, StatusCodeName(CodeForHttp(status)));
  body.append(",\"message\":");
  AppendJsonString(&body, message);
  body.append("}}");
  return body;
}

std::string ErrorResponse(int status, std::string_view message, bool close, bool head_only) {
  const std::string body = ErrorBody(status, message);
  std::string r = ResponseHead(status, "application/json", static_cast<int64_t>(body.size()),
                               close, {});
  if (!head_only) r.append(body);
  return r;
}

ReplyImpl::ReplyImpl(std::shared_ptr<Loop> loop, uint64_t conn_id, bool head_only,
                     bool keep_alive, size_t max_stream_buffer)
    : loop_(std::move(loop)),
      conn_id_(conn_id),
      head_only_(head_only),
      keep_alive_(keep_alive),
      max_stream_buffer_(max_stream_buffer) {}

ReplyImpl::~ReplyImpl() {
  if (file_fd_ >= 0) ::close(file_fd_);
}

void ReplyImpl::PostLocked() {
  if (posted_) return;
  posted_ = true;
  loop_->Post(conn_id_);
}

bool ReplyImpl::Send(int status, std::string_view content_type, std::string body,
                     Headers extra) {
  const bool close = !keep_alive_ || WantsClose(extra);
  const bool with_body = !head_only_ && StatusHasBody(status);
  const int64_t length = status == 304 ? -1 : static_cast<int64_t>(body.size());
  std::string msg = ResponseHead(status, content_type, length, close, extra);
  if (with_body) {
    msg.reserve(msg.size() + body.size());
    msg.append(body);
  }
  std::lock_guard<std::mutex> lock(mu_);
  return RespondLocked(std::move(msg), close);
}

bool ReplyImpl::RespondLocked(std::string msg, bool close) {
  if (state_ != State::kPending) return false;
  state_ = State::kResponded;
  out_ = std::move(msg);
  start_pending_ = true;
  close_after_ = close;
  complete_pending_ = true;
  on_close_.clear();
  PostLocked();
  return true;
}

bool ReplyImpl::SendFile(int status, std::string_view content_type, int fd, uint64_t offset,
                         uint64_t length, Headers extra) {
  if (length > static_cast<uint64_t>(INT64_MAX) ||
      offset > static_cast<uint64_t>(INT64_MAX) - length) {
    std::lock_guard<std::mutex> lock(mu_);
    RespondLocked(ErrorResponse(500, "file range out of bounds", true, head_only_), true);
    return false;
  }
  const bool close = !keep_alive_ || WantsClose(extra);
  const bool with_body = !head_only_ && StatusHasBody(status) && length > 0;
  int dup_fd = -1;
  if (with_body) {
    dup_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup_fd < 0) {
      // Out of descriptors (or a bad fd): answer 503 so the client retries
      // instead of waiting on a reply that can never be sent.
      std::string err = ErrorResponse(503, "cannot open the file to send", true, head_only_);
      std::lock_guard<std::mutex> lock(mu_);
      if (RespondLocked(std::move(err), true)) server_error_status_ = 503;
      return false;
    }
  }
  std::string head = ResponseHead(status, content_type, static_cast<int64_t>(length), close,
                                  extra);
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kPending) {
    if (dup_fd >= 0) ::close(dup_fd);
    return false;
  }
  state_ = State::kResponded;
  out_ = std::move(head);
  file_fd_ = dup_fd;
  file_offset_ = offset;
  file_length_ = with_body ? length : 0;
  start_pending_ = true;
  close_after_ = close;
  complete_pending_ = true;
  on_close_.clear();
  PostLocked();
  return true;
}

bool ReplyImpl::StartStream(std::string_view content_type, Headers extra) {
  std::string head = ResponseHead(200, content_type, -1, /*close=*/true, extra);
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kPending) return false;
  state_ = State::kStreaming;
  out_ = std::move(head);
  start_pending_ = true;
  stream_ = true;
  close_after_ = true;
  PostLocked();
  return true;
}

bool ReplyImpl::Write(std::string bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kStreaming || abort_pending_) return false;
  if (head_only_ || bytes.empty()) return true;
  const size_t queued = out_.size() + backlog_.load(std::memory_order_relaxed);
  if (queued > max_stream_buffer_ || bytes.size() > max_stream_buffer_ - queued) {
    abort_pending_ = true;  // the loop closes the connection; OnClose runs
    PostLocked();
    return false;
  }
  if (out_.empty()) {
    out_ = std::move(bytes);
  } else {
    out_.append(bytes);
  }
  PostLocked();
  return true;
}

void ReplyImpl::End() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != State::kStreaming) return;
  state_ = State::kEnded;
  complete_pending_ = true;
  on_close_.clear();
  PostLocked();
}

void ReplyImpl::OnClose(std::function<void()> fn) {
  if (!fn) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ == State::kPending || state_ == State::kStreaming) {
      on_close_.push_back(std::move(fn));
      return;
    }
    if (state_ != State::kClosed || !closed_while_open_) return;
  }
  fn();  // the connection is already gone
}

void ReplyImpl::Take(Taken* t) {
  std::lock_guard<std::mutex> lock(mu_);
  posted_ = false;
  if (state_ == State::kClosed) return;
  t->bytes = std::move(out_);
  out_.clear();
  t->file_fd = file_fd_;
  t->file_offset = file_offset_;
  t->file_length = file_length_;
  file_fd_ = -1;
  file_length_ = 0;
  t->started = start_pending_;
  t->stream = stream_;
  t->close_after = close_after_;
  t->complete = complete_pending_;
  t->abort = abort_pending_;
  t->server_error_status = server_error_status_;
  server_error_status_ = 0;
  start_pending_ = complete_pending_ = false;
}

std::vector<std::function<void()>> ReplyImpl::MarkClosed() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kClosed) return {};
  closed_while_open_ = state_ == State::kPending || state_ == State::kStreaming;
  state_ = State::kClosed;
  out_.clear();
  if (file_fd_ >= 0) {
    ::close(file_fd_);
    file_fd_ = -1;
  }
  std::vector<std::function<void()>> fns;
  if (closed_while_open_) fns.swap(on_close_);
  on_close_.clear();
  return fns;
}

}  // namespace internal
}  // namespace suture::server::epoll_http
