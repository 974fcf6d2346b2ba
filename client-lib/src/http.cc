#include "http.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

namespace suture::client {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Body {
  std::string* out;
  size_t max;
  bool overflow = false;
};

size_t OnBody(char* p, size_t s, size_t n, void* u) {
  auto* b = static_cast<Body*>(u);
  const size_t len = s * n;
  if (b->out->size() + len > b->max) {
    b->overflow = true;
    return 0;  // aborts the transfer
  }
  b->out->append(p, len);
  return len;
}

void CommonOptions(CURL* c, const std::string& url) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
}

// A JSON POST of `body` to `url` with `headers` (plus Content-Type, and no
// "Expect: 100-continue" round trip). Returns the header list, which the
// caller frees after the transfer; `body` must outlive it too.
curl_slist* JsonPostOptions(CURL* c, const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers, const char* accept) {
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Content-Type: application/json");
  if (accept != nullptr) list = curl_slist_append(list, accept);
  list = curl_slist_append(list, "Expect:");
  CommonOptions(c, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  return list;
}

// One download attempt's state, shared with curl's callbacks.
struct Attempt {
  int fd = -1;
  uint64_t have = 0;         // bytes in the part file before this attempt
  uint64_t written = 0;      // bytes written by this attempt
  uint64_t expected = 0;
  bool decided = false;      // saw the status line and chose append / restart
  uint64_t cap = 0;          // bytes per second, 0 = none
  int64_t start_ms = 0;
  bool fail = false;
  std::string error;
  CURL* curl = nullptr;
};

size_t OnBlob(char* p, size_t s, size_t n, void* u) {
  auto* a = static_cast<Attempt*>(u);
  const size_t len = s * n;
  if (!a->decided) {
    long code = 0;
    curl_easy_getinfo(a->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code == 200) {
      // The server sent the whole blob (If-Range mismatch or no range support).
      if (::ftruncate(a->fd, 0) != 0) {
        a->fail = true;
        a->error = "cannot truncate the partial file";
        return 0;
      }
      a->have = 0;
    } else if (code != 206) {
      return len;  // an error body: discarded, status handled after perform
    }
    if (::lseek(a->fd, static_cast<off_t>(a->have), SEEK_SET) < 0) {
      a->fail = true;
      a->error = "cannot seek the partial file";
      return 0;
    }
    a->decided = true;
  }
  if (a->have + a->written + len > a->expected) {
    a->fail = true;
    a->error = "server sent more than the manifest's " + std::to_string(a->expected) + " bytes";
    return 0;
  }
  size_t off = 0;
  while (off < len) {
    const ssize_t w = ::write(a->fd, p + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      a->fail = true;
      a->error = std::string("write: ") + std::strerror(errno);
      return 0;
    }
    off += static_cast<size_t>(w);
  }
  a->written += len;
  if (a->cap != 0) {
    // Pacing in the write callback stalls reading, so TCP backpressure slows
    // the sender too (curl's own limit is loose over short transfers).
    const int64_t due = a->start_ms + static_cast<int64_t>(a->written * 1000 / a->cap);
    const int64_t now = NowMs();
    if (due > now) std::this_thread::sleep_for(std::chrono::milliseconds(due - now));
  }
  return len;
}

// Checks "Content-Range: bytes <have>-..." on 206 answers.
struct RangeCheck {
  uint64_t have = 0;
  bool seen = false, ok = false;
};

size_t OnHeader(char* p, size_t s, size_t n, void* u) {
  auto* rc = static_cast<RangeCheck*>(u);
  std::string_view line(p, s * n);
  constexpr std::string_view kName = "content-range:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kName) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      const std::string want = "bytes " + std::to_string(rc->have) + "-";
      rc->seen = true;
      rc->ok = v.starts_with(want);
    }
  }
  return s * n;
}

uint64_t FileSizeOf(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

}  // namespace

void HttpGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResponse PostJson(const std::string& url, const std::string& body,
                      const std::vector<std::string>& headers, int64_t timeout_ms,
                      size_t max_body) {
  HttpGlobalInit();
  HttpResponse r;
  CURL* c = curl_easy_init();
  if (c == nullptr) {
    r.transport_error = "curl_easy_init failed";
    return r;
  }
  curl_slist* list = JsonPostOptions(c, url, body, headers, nullptr);
  Body b{&r.body, max_body};
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    r.transport_error = b.overflow ? "answer larger than " + std::to_string(max_body) + " bytes"
                                   : curl_easy_strerror(rc);
    r.body.clear();
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
}

namespace {

struct StreamState {
  CURL* curl = nullptr;
  const std::function<bool(std::string_view)>* on_bytes = nullptr;
  const std::function<int64_t()>* idle_ms = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  StreamOutcome* out = nullptr;
  int64_t last_byte_ms = 0;
  bool stopped = false, cancelled = false, idle = false;
};

size_t OnStreamBytes(char* p, size_t s, size_t n, void* u) {
  auto* st = static_cast<StreamState*>(u);
  const size_t len = s * n;
  st->last_byte_ms = NowMs();
  st->out->bytes += len;
  long code = 0;
  curl_easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &code);
  if (code != 200) {  // keep the start of an error answer for the message
    const size_t room = 16 * 1024 - std::min<size_t>(st->out->error.size(), 16 * 1024);
    st->out->error.append(p, std::min(room, len));
    return len;
  }
  if (!(*st->on_bytes)(std::string_view(p, len))) {
    st->stopped = true;
    return 0;  // aborts the transfer
  }
  return len;
}

int OnStreamProgress(void* u, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* st = static_cast<StreamState*>(u);
  if (st->cancel != nullptr && st->cancel->load(std::memory_order_relaxed)) {
    st->cancelled = true;
    return 1;
  }
  if (NowMs() - st->last_byte_ms > (*st->idle_ms)()) {
    st->idle = true;
    return 1;
  }
  return 0;
}

}  // namespace

std::string ServerError(long status, const std::string& body) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  std::string what = "HTTP " + std::to_string(status);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const nlohmann::json& e = j["error"];
    if (e.contains("code") && e["code"].is_string()) what += " " + e["code"].get<std::string>();
    if (e.contains("message") && e["message"].is_string()) {
      what += ": " + e["message"].get<std::string>().substr(0, 512);
    }
  }
  return what;
}

StreamOutcome PostStream(const std::string& url, const std::string& body,
                         const std::vector<std::string>& headers, int64_t max_ms,
                         const std::function<int64_t()>& idle_ms,
                         const std::function<bool(std::string_view)>& on_bytes,
                         const std::atomic<bool>* cancel) {
  HttpGlobalInit();
  StreamOutcome out;
  CURL* c = curl_easy_init();
  if (c == nullptr) {
    out.kind = StreamOutcome::kTransport;
    out.error = "curl_easy_init failed";
    return out;
  }
  curl_slist* list = JsonPostOptions(c, url, body, headers, "Accept: text/event-stream");
  StreamState st;
  st.curl = c;
  st.on_bytes = &on_bytes;
  st.idle_ms = &idle_ms;
  st.cancel = cancel;
  st.out = &out;
  st.last_byte_ms = NowMs();
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnStreamBytes);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnStreamProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &st);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(max_ms));
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  if (st.stopped) {
    out.kind = StreamOutcome::kStopped;
  } else if (st.cancelled) {
    out.kind = StreamOutcome::kCancelled;
  } else if (st.idle) {
    out.kind = StreamOutcome::kIdle;
  } else if (out.status != 0 && out.status != 200) {
    out.kind = StreamOutcome::kHttpError;
  } else if (rc == CURLE_OK) {
    out.kind = StreamOutcome::kClosed;
  } else if (rc == CURLE_OPERATION_TIMEDOUT && out.status == 200) {
    out.kind = StreamOutcome::kMaxTime;
  } else {
    out.kind = StreamOutcome::kTransport;
    out.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return out;
}

Result DownloadResumable(const DownloadSpec& spec, DownloadStats* stats) {
  HttpGlobalInit();
  const int fd = ::open(spec.part_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return {Code::kIoError, spec.part_path + ": " + std::strerror(errno)};
  std::random_device seed;
  std::mt19937_64 rng(seed());
  const int64_t deadline = NowMs() + spec.deadline_ms;
  int failures = 0;
  std::string last_error = "no attempt made";
  Result out{Code::kNetwork, ""};
  while (true) {
    uint64_t have = FileSizeOf(fd);
    if (have > spec.expected_size) {
      if (::ftruncate(fd, 0) != 0) {
        out = {Code::kIoError, spec.part_path + ": cannot truncate"};
        break;
      }
      have = 0;
    }
    if (have == spec.expected_size) {
      out = {};
      break;
    }
    const int64_t left = deadline - NowMs();
    if (left <= 0) {
      out = {Code::kDeadline, "download: deadline of " + std::to_string(spec.deadline_ms) +
                                  " ms passed at " + std::to_string(have) + "/" +
                                  std::to_string(spec.expected_size) + " bytes (" + last_error + ")"};
      break;
    }
    CURL* c = curl_easy_init();
    if (c == nullptr) {
      out = {Code::kInternal, "curl_easy_init failed"};
      break;
    }
    Attempt a;
    a.fd = fd;
    a.have = have;
    a.expected = spec.expected_size;
    a.curl = c;
    RangeCheck range{have};
    curl_slist* list = nullptr;
    std::string range_header, if_range;
    if (have > 0) {
      range_header = "Range: bytes=" + std::to_string(have) + "-";
      list = curl_slist_append(list, range_header.c_str());
      if (!spec.etag.empty()) {
        if_range = "If-Range: " + spec.etag;
        list = curl_slist_append(list, if_range.c_str());
      }
    }
    CommonOptions(c, spec.url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBlob);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &range);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(left));
    // A stalled connection counts as a failure: under 1 KiB/s for stall_ms.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max<int64_t>(1, spec.stall_ms / 1000)));
    a.cap = spec.max_bytes_per_s;
    a.start_ms = NowMs();
    const CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    stats->attempts++;
    stats->bytes_received += a.written;
    if (status == 206 && have > 0) stats->resumes++;
    if (a.fail && a.error.find("more than") != std::string::npos) {
      // Oversized answer: the bytes are not the blob; start over once more.
      (void)::ftruncate(fd, 0);
    }
    if (a.fail && a.error.find("more than") == std::string::npos) {
      out = {Code::kIoError, spec.part_path + ": " + a.error};
      break;
    }
    if (status == 206 && range.seen && !range.ok) {
      (void)::ftruncate(fd, 0);  // not the range we asked for: distrust the part
      last_error = "206 with an unexpected Content-Range";
    } else if (rc == CURLE_OK && (status == 200 || status == 206)) {
      continue;  // loop re-checks the size: complete, or a short body to resume
    } else if (status == 416) {
      (void)::ftruncate(fd, 0);
      last_error = "416 for the partial file's range";
    } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
      out = {Code::kServer, "download: " + spec.url + " answered HTTP " + std::to_string(status)};
      break;
    } else {
      last_error = rc != CURLE_OK ? std::string(curl_easy_strerror(rc))
                                  : "HTTP " + std::to_string(status);
    }
    if (a.written > 0) failures = 0;  // progress: a flaky link still converges
    if (++failures >= spec.attempts) {
      out = {Code::kNetwork, "download: " + std::to_string(failures) +
                                 " attempts without progress, last: " + last_error};
      break;
    }
    const int64_t cap = std::min<int64_t>(spec.backoff_cap_ms,
                                          spec.backoff_base_ms << std::min(failures, 20));
    const int64_t sleep_ms = std::uniform_int_distribution<int64_t>(0, cap)(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::min<int64_t>(sleep_ms, std::max<int64_t>(0, deadline - NowMs()))));
  }
  ::close(fd);
  return out;
}

}  // namespace suture::client
