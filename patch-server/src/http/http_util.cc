#include "http/http_util.h"

#include <cctype>

namespace suture::server {

namespace {

bool EqualsLower(std::string_view lower, std::string_view s) {
  if (lower.size() != s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != lower[i]) return false;
  }
  return true;
}

void Send(const Ctx& c, int code, std::string body, std::string_view content_type,
          epoll_http::Headers extra) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - c->start).count();
  c->svc->metrics().RecordRequest(c->route, code, secs);
  // False only when the peer has gone: nothing to do then.
  c->reply->Send(code, content_type, std::move(body), std::move(extra));
}

}  // namespace

void ReplyText(const Ctx& c, int code, const std::string& body, const std::string& content_type) {
  Send(c, code, body, content_type, {});
}

void ReplyWith(const Ctx& c, int code, std::string body, std::string_view content_type,
               epoll_http::Headers extra) {
  Send(c, code, std::move(body), content_type, std::move(extra));
}

void ReplyJson(const Ctx& c, int code, const nlohmann::json& body) {
  // Stored strings may predate the bundle reader's UTF-8 check: replace, never throw.
  Send(c, code, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
       "application/json", {});
}

epoll_http::Headers ErrorHeaders(const Status& s) {
  epoll_http::Headers h;
  if (s.code() == StatusCode::kUnauthenticated) h.emplace_back("WWW-Authenticate", "Bearer");
  // Rate limits, and a database that is unreachable or busy (writes while
  // PostgreSQL restarts): try again shortly.
  if (s.code() == StatusCode::kResourceExhausted || s.code() == StatusCode::kUnavailable) {
    h.emplace_back("Retry-After", "1");
  }
  return h;
}

void ReplyError(const Ctx& c, const Status& s) {
  Send(c, HttpStatusFor(s.code()), ErrorBodyJson(s), "application/json", ErrorHeaders(s));
}

std::string Header(const epoll_http::Request& req, std::string_view name) {
  for (const auto& [n, v] : req.headers) {
    if (EqualsLower(n, name)) return v;  // the parser lower-cases names
  }
  return {};
}

std::string BearerToken(const epoll_http::Request& req) {
  const std::string h = Header(req, "authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return h.substr(kPrefix.size());
}

void ReadSmallBody(const Ctx& c, std::function<void(StatusOr<std::string>)> done) {
  if (!c->req.body_status.ok()) {
    done(c->req.body_status);
    return;
  }
  done(std::move(c->req.body));
}

}  // namespace suture::server
