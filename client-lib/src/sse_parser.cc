#include "sse_parser.h"

namespace suture::client {

Status SseParser::Feed(std::string_view bytes) {
  if (!failed_.ok()) return failed_;
  if (at_start_) {
    // Hold the first bytes until they show whether the stream starts with a
    // UTF-8 BOM (which may arrive split across pieces).
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    while (!bytes.empty() && prefix_.size() < kBom.size()) {
      prefix_.push_back(bytes.front());
      bytes.remove_prefix(1);
    }
    if (kBom.substr(0, prefix_.size()) != prefix_) {
      at_start_ = false;
      std::string held;
      held.swap(prefix_);
      Status s = Consume(held);
      if (!s.ok()) return s;
    } else if (prefix_.size() == kBom.size()) {
      at_start_ = false;
      prefix_.clear();
    } else {
      return Status::Ok();
    }
  }
  return Consume(bytes);
}

Status SseParser::Consume(std::string_view bytes) {
  for (const char ch : bytes) {
    if (ch == '\n' && after_cr_) {  // the LF of a CR LF: the line already ended
      after_cr_ = false;
      continue;
    }
    after_cr_ = ch == '\r';
    if (ch == '\r' || ch == '\n') {
      failed_ = Line(line_);
      line_.clear();
      if (!failed_.ok()) return failed_;
      continue;
    }
    if (line_.size() >= kMaxLine) {
      failed_ = Status::LimitExceeded("event stream: line longer than " + std::to_string(kMaxLine) +
                                      " bytes");
      return failed_;
    }
    line_.push_back(ch);
  }
  return Status::Ok();
}

Status SseParser::Line(std::string_view line) {
  if (line.empty()) return Dispatch();
  if (line.front() == ':') {
    ++comments_;
    return Status::Ok();
  }
  const size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    event_.type.assign(value);
  } else if (field == "data") {
    const size_t add = value.size() + (has_data_ ? 1 : 0);
    if (event_.data.size() + add > kMaxData) {
      return Status::LimitExceeded("event stream: event data longer than " +
                                   std::to_string(kMaxData) + " bytes");
    }
    if (has_data_) event_.data.push_back('\n');
    event_.data.append(value);
    has_data_ = true;
  } else if (field == "retry") {
    if (!value.empty() && value.size() <= 9 &&
        value.find_first_not_of("0123456789") == std::string_view::npos) {
      retry_ms_ = std::stoll(std::string(value));
    }
  }
  // "id" and unknown fields are ignored, as the format says.
  return Status::Ok();
}

Status SseParser::Dispatch() {
  if (has_data_) {
    if (event_.type.empty()) event_.type = "message";
    if (!on_event_(event_)) {
      event_ = SseEvent{};
      has_data_ = false;
      return Status(StatusCode::kCancelled, "event stream: stopped by the listener");
    }
  }
  event_ = SseEvent{};
  has_data_ = false;
  return Status::Ok();
}

}  // namespace suture::client
