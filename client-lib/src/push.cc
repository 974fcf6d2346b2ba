// The push channels of a Client (docs/client.md, "Push"): the long-poll
// (push/wait) and the server-sent-event stream (push/stream). Neither takes
// the Client's mutex while it waits, so launch and status calls go on.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "client_impl.h"
#include "http.h"
#include "sse_parser.h"
#include "suture/client/client.h"

namespace suture::client {
namespace {

using json = nlohmann::json;

}  // namespace

Result Client::WaitForPush(int timeout_s, std::string* event, std::string* message) {
  event->clear();
  message->clear();
  if (!impl_->has_server) return {Code::kInvalidArgument, "push: no server configured"};
  if (timeout_s < 1 || timeout_s > 300)
    return {Code::kInvalidArgument, "push: timeout must be 1..300 s"};
  const std::string context = impl_->CurrentContext();
  const Config& c = impl_->config;
  HttpResponse r = PostJson(
      c.server_url + "/v1/apps/" + c.app_id + "/push/wait?timeout=" + std::to_string(timeout_s),
      context, {"X-Suture-App-Key: " + c.app_key}, (timeout_s + 15) * 1000, 16 * 1024);
  if (r.status == 0) return {Code::kNetwork, "push: " + r.transport_error};
  if (r.status != 200) return {Code::kServer, "push: " + ServerError(r.status, r.body)};
  json j = json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("event") || !j["event"].is_string()) {
    return {Code::kCorrupt, "push: answer is not {\"event\":...}"};
  }
  *event = j["event"].get<std::string>();
  if (*event != "release" && *event != "device" && *event != "timeout") {
    return {Code::kCorrupt, "push: unknown event '" + event->substr(0, 32) + "'"};
  }
  if (j.contains("message") && j["message"].is_string())
    *message = j["message"].get<std::string>().substr(0, 1024);
  return {};
}

std::string Client::Impl::CurrentContext() {
  std::optional<CurrentPointer> current;
  std::lock_guard<std::mutex> l(mu);
  auto cur = store.LoadCurrent();
  if (cur.ok()) current = *cur;
  return DeviceContext(current);
}

void Client::CancelPush() { impl_->push_cancel.store(true); }

Result Client::ListenPush(
    int max_s,
    const std::function<bool(const std::string& event, const std::string& detail)>& on_event,
    std::string* end, int64_t* retry_ms) {
  end->clear();
  *retry_ms = -1;
  if (!impl_->has_server) return {Code::kInvalidArgument, "push stream: no server configured"};
  if (max_s < 1 || max_s > 86400)
    return {Code::kInvalidArgument, "push stream: max time must be 1..86400 s"};
  const Config& c = impl_->config;
  const std::string context = impl_->CurrentContext();
  // Before `ready` the request timeout bounds the wait for the first byte;
  // after it, two heartbeat periods and a margin (a heartbeat can be late
  // when the server is busy).
  int64_t idle_ms = c.request_timeout_ms;
  Result bad;  // a malformed event
  bool reconnect = false;
  SseParser parser([&](const SseEvent& e) {
    json d = json::parse(e.data, nullptr, false);
    if (!d.is_object()) {
      bad = {Code::kCorrupt,
             "push stream: event '" + e.type.substr(0, 32) + "' data is not a JSON object"};
      return false;
    }
    auto text = [&](const char* key) {
      auto it = d.find(key);
      return it != d.end() && it->is_string() ? it->get<std::string>().substr(0, 1024)
                                              : std::string();
    };
    if (e.type == "ready") {
      auto hb = d.find("heartbeat_s");
      if (hb != d.end() && hb->is_number_integer() && *hb >= 1 && *hb <= 3600) {
        idle_ms = 2 * hb->get<int64_t>() * 1000 + 10000;
      }
      return true;
    }
    if (e.type == "release") return on_event("release", text("release_id"));
    if (e.type == "device") return on_event("device", text("message"));
    if (e.type == "reconnect") {
      reconnect = true;
      return false;
    }
    return true;  // an event kind this client does not know: ignored
  });
  Status parse_error;
  StreamOutcome o = PostStream(
      c.server_url + "/v1/apps/" + c.app_id + "/push/stream", context,
      {"X-Suture-App-Key: " + c.app_key}, static_cast<int64_t>(max_s) * 1000,
      [&] { return idle_ms; },
      [&](std::string_view bytes) {
        parse_error = parser.Feed(bytes);
        return parse_error.ok();
      },
      &impl_->push_cancel);
  impl_->push_cancel.store(false);
  *retry_ms = parser.retry_ms();
  switch (o.kind) {
    case StreamOutcome::kClosed:
      *end = "closed";
      return {};
    case StreamOutcome::kMaxTime:
      *end = "max_time";
      return {};
    case StreamOutcome::kCancelled:
      *end = "cancelled";
      return {};
    case StreamOutcome::kIdle:
      *end = "idle";
      return {};
    case StreamOutcome::kStopped:
      if (!bad.ok()) return bad;
      if (reconnect) {
        *end = "reconnect";
        return {};
      }
      if (parse_error.code() == StatusCode::kCancelled) {
        *end = "stopped";
        return {};
      }
      return {CodeFromStatus(parse_error), "push stream: " + parse_error.message()};
    case StreamOutcome::kHttpError:
      return {Code::kServer, "push stream: " + ServerError(o.status, o.error)};
    case StreamOutcome::kTransport:
      break;
  }
  return {Code::kNetwork, "push stream: " + o.error};
}

}  // namespace suture::client
