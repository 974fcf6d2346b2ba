// SseParser: an incremental, bounded parser of a server-sent-event stream
// (the WHATWG "text/event-stream" format, as the server's push/stream sends
// it: docs/api.md, "Event stream"). Bytes arrive in arbitrary pieces from the
// network; complete events come out through a callback.
//
// Lines end in LF, CR LF or CR. A line "field: value" sets a field (one
// leading space of the value is dropped); `event` names the event, `data`
// lines are joined with LF, `retry` sets the reconnection hint (digits only),
// `id` is ignored (the server sends none), lines starting with ':' are
// comments (heartbeats) and only count as activity. A blank line dispatches
// the event when it has data. A leading UTF-8 BOM is skipped.
//
// Bounds: a line longer than kMaxLine or an event whose data exceeds kMaxData
// puts the parser in a failed state (every later Feed returns that error);
// memory is O(kMaxLine + kMaxData) whatever arrives.
//
// Thread-safety: none; one parser per stream.
#ifndef SUTURE_CLIENT_SRC_SSE_PARSER_H_
#define SUTURE_CLIENT_SRC_SSE_PARSER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "suture/core/status.h"

namespace suture::client {

struct SseEvent {
  std::string type = "message";  // the `event` field, "message" when absent
  std::string data;
};

class SseParser {
 public:
  static constexpr size_t kMaxLine = 16 * 1024;
  static constexpr size_t kMaxData = 16 * 1024;

  // `on_event` runs for every dispatched event; returning false stops the
  // parser (Feed returns kCancelled, and so does every later call).
  explicit SseParser(std::function<bool(const SseEvent&)> on_event)
      : on_event_(std::move(on_event)) {}

  // Consumes `bytes`. kLimitExceeded for an over-long line or event (the
  // message says which and how long), kCancelled when the callback stopped.
  Status Feed(std::string_view bytes);

  // The last `retry` value seen in ms, or -1.
  int64_t retry_ms() const { return retry_ms_; }
  // Comments (": ping") seen so far.
  uint64_t comments() const { return comments_; }

 private:
  Status Consume(std::string_view bytes);
  Status Line(std::string_view line);
  Status Dispatch();

  std::function<bool(const SseEvent&)> on_event_;
  std::string line_;
  std::string prefix_;  // the first bytes, until the BOM check is done
  SseEvent event_;
  bool has_data_ = false;
  bool after_cr_ = false;  // the previous byte was a CR (a following LF is part of it)
  bool at_start_ = true;   // nothing consumed yet (BOM check)
  Status failed_;
  int64_t retry_ms_ = -1;
  uint64_t comments_ = 0;
};

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_SSE_PARSER_H_
