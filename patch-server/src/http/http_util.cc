#include "http/http_util.h"

#include <algorithm>
#include <vector>

namespace suture::server {

using web::http::status_code;
using web::http::status_codes;

void Reply(const Ctx& c, web::http::http_response resp) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - c->start).count();
  c->svc->metrics().RecordRequest(c->route, resp.status_code(), secs);
  try {
    c->req.reply(resp).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (...) {
        // The peer went away; nothing to do.
      }
    });
  } catch (...) {
  }
}

void ReplyText(const Ctx& c, status_code code, const std::string& body,
               const std::string& content_type) {
  web::http::http_response resp(code);
  resp.set_body(body, content_type);
  Reply(c, std::move(resp));
}

void ReplyJson(const Ctx& c, status_code code, const nlohmann::json& body) {
  // Stored strings may predate the bundle reader's UTF-8 check: replace, never throw.
  ReplyText(c, code, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
            "application/json");
}

void ReplyError(const Ctx& c, const Status& s) {
  web::http::http_response resp(static_cast<status_code>(HttpStatusFor(s.code())));
  resp.set_body(ErrorBodyJson(s), "application/json");
  if (s.code() == StatusCode::kUnauthenticated) {
    resp.headers().add("WWW-Authenticate", "Bearer");
  }
  if (s.code() == StatusCode::kResourceExhausted) resp.headers().add("Retry-After", "1");
  Reply(c, std::move(resp));
}

std::string Header(const Ctx& c, const std::string& name) {
  const auto& h = c->req.headers();
  auto it = h.find(name);
  return it == h.end() ? std::string() : it->second;
}

std::string BearerToken(const Ctx& c) {
  const std::string h = Header(c, "Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return h.substr(kPrefix.size());
}

std::string PeerIp(const Ctx& c) {
  try {
    return c->req.remote_address();
  } catch (...) {
    return {};
  }
}

namespace {

struct BodyReader : std::enable_shared_from_this<BodyReader> {
  Ctx c;
  uint64_t limit = 0;
  uint64_t total = 0;
  int64_t expected = -1;  // Content-Length, or -1 (chunked: read to EOF)
  std::function<Status(ByteView)> sink;
  std::function<void(Status)> done;
  std::vector<uint8_t> buf;
  concurrency::streams::streambuf<uint8_t> sb;

  // Consumes a chunk; returns false when reading must stop (done called).
  bool Consume(const uint8_t* p, size_t n) {
    total += n;
    if (total > limit) {
      done(Status::LimitExceeded("request body exceeds the limit of " + std::to_string(limit) +
                                 " bytes"));
      return false;
    }
    Status s = sink(ByteView(p, n));
    if (!s.ok()) {
      done(s);
      return false;
    }
    return true;
  }

  void Next() {
    try {
      // Fast path: take what the connection already buffered, without a
      // round trip through the task scheduler (small JSON bodies arrive
      // with their headers).
      while (expected >= 0 && total < static_cast<uint64_t>(expected) && sb.in_avail() > 0) {
        uint8_t* p = nullptr;
        size_t n = 0;
        if (!sb.acquire(p, n) || p == nullptr || n == 0) break;
        const size_t take =
            static_cast<size_t>(std::min<uint64_t>(n, static_cast<uint64_t>(expected) - total));
        const bool go_on = Consume(p, take);
        sb.release(p, take);
        if (!go_on) return;
      }
      if (expected >= 0 && total == static_cast<uint64_t>(expected)) {
        done(Status::Ok());
        return;
      }
      size_t want = buf.size();
      if (expected >= 0) {
        want = static_cast<size_t>(
            std::min<uint64_t>(want, static_cast<uint64_t>(expected) - total));
      }
      auto self = shared_from_this();
      sb.getn(buf.data(), want).then([self](pplx::task<size_t> t) {
        size_t n = 0;
        try {
          n = t.get();
        } catch (const std::exception& e) {
          self->done(Status::IoError(std::string("reading request body: ") + e.what()));
          return;
        }
        if (n == 0) {
          if (self->expected >= 0 && self->total < static_cast<uint64_t>(self->expected)) {
            self->done(Status::InvalidArgument("request body shorter than its Content-Length"));
          } else {
            self->done(Status::Ok());
          }
          return;
        }
        if (!self->Consume(self->buf.data(), n)) return;
        self->Next();
      });
    } catch (const std::exception& e) {
      done(Status::IoError(std::string("reading request body: ") + e.what()));
    }
  }
};

}  // namespace

void ReadBodyAsync(const Ctx& c, uint64_t limit, std::function<Status(ByteView)> sink,
                   std::function<void(Status)> done) {
  const std::string cl = Header(c, "Content-Length");
  if (!cl.empty()) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(cl.c_str(), &end, 10);
    if (end == cl.c_str() || *end != '\0') {
      done(Status::InvalidArgument("bad Content-Length header"));
      return;
    }
    if (n > limit) {
      done(Status::LimitExceeded("request body of " + cl + " bytes exceeds the limit of " +
                                 std::to_string(limit) + " bytes"));
      return;
    }
    if (n == 0) {
      done(Status::Ok());
      return;
    }
  }
  auto r = std::make_shared<BodyReader>();
  r->c = c;
  r->limit = limit;
  if (!cl.empty()) r->expected = static_cast<int64_t>(std::strtoull(cl.c_str(), nullptr, 10));
  // Small bodies (the common JSON case) get a small buffer; uploads 64 KiB.
  uint64_t want = 64 * 1024;
  if (!cl.empty()) want = std::min<uint64_t>(want, std::strtoull(cl.c_str(), nullptr, 10) + 1);
  r->buf.resize(static_cast<size_t>(want));
  r->sink = std::move(sink);
  r->done = std::move(done);
  try {
    r->sb = c->req.body().streambuf();
  } catch (const std::exception& e) {
    r->done(Status::IoError(std::string("request body: ") + e.what()));
    return;
  }
  r->Next();
}

void ReadSmallBody(const Ctx& c, std::function<void(StatusOr<std::string>)> done) {
  auto body = std::make_shared<std::string>();
  ReadBodyAsync(
      c, c->cfg->max_json_body,
      [body](ByteView b) {
        body->append(AsStringView(b));
        return Status::Ok();
      },
      [body, done](Status s) {
        if (!s.ok()) {
          done(s);
        } else {
          done(std::move(*body));
        }
      });
}

}  // namespace suture::server
