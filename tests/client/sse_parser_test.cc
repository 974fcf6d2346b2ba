// SseParser: the event-stream format in every split, and its bounds.
#include "sse_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace suture::client {
namespace {

struct Collected {
  std::vector<SseEvent> events;
  Status status;
  int64_t retry = -1;
  uint64_t comments = 0;
};

// Feeds `text` in pieces of `piece` bytes (0 = whole).
Collected Parse(const std::string& text, size_t piece = 0) {
  Collected c;
  SseParser p([&](const SseEvent& e) {
    c.events.push_back(e);
    return true;
  });
  if (piece == 0) piece = text.size() + 1;
  for (size_t i = 0; i < text.size() && c.status.ok(); i += piece) {
    c.status = p.Feed(std::string_view(text).substr(i, piece));
  }
  c.retry = p.retry_ms();
  c.comments = p.comments();
  return c;
}

const std::string kServerStream =
    "retry: 10000\n"
    "event: ready\n"
    "data: {\"event\":\"ready\",\"heartbeat_s\":25}\n"
    "\n"
    ": ping\n"
    "\n"
    "event: release\n"
    "data: {\"event\":\"release\",\"release_id\":\"3\"}\n"
    "\n";

TEST(SseParserTest, ServerStreamInEverySplit) {
  for (size_t piece = 0; piece <= 7; ++piece) {
    Collected c = Parse(kServerStream, piece);
    ASSERT_TRUE(c.status.ok()) << piece << ": " << c.status.ToString();
    ASSERT_EQ(c.events.size(), 2u) << piece;
    EXPECT_EQ(c.events[0].type, "ready");
    EXPECT_EQ(c.events[1].type, "release");
    EXPECT_EQ(c.events[1].data, "{\"event\":\"release\",\"release_id\":\"3\"}");
    EXPECT_EQ(c.retry, 10000);
    EXPECT_EQ(c.comments, 1u);
  }
}

TEST(SseParserTest, LineEndingsBomAndFields) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::pair<std::string, std::string>> want;
  };
  const std::vector<Case> cases = {
      {"CrLf", "event: a\r\ndata: x\r\n\r\n", {{"a", "x"}}},
      {"CrOnly", "event: a\rdata: x\r\r", {{"a", "x"}}},
      {"Bom",
       "\xEF\xBB\xBF"
       "data: x\n\n",
       {{"message", "x"}}},
      {"MultiData", "data: one\ndata: two\n\n", {{"message", "one\ntwo"}}},
      {"NoSpaceAfterColon", "event:a\ndata:x\n\n", {{"a", "x"}}},
      {"FieldWithoutColon", "data\n\n", {{"message", ""}}},
      {"NoDataNoDispatch", "event: a\n\n", {}},
      {"EmptyEventName", "event:\ndata: x\n\n", {{"message", "x"}}},
      {"UnknownFieldIgnored", "id: 7\nfoo: bar\ndata: x\n\n", {{"message", "x"}}},
      {"UnfinishedEventNotDispatched", "data: x\n", {}},
      {"TypeResetsBetweenEvents",
       "event: a\ndata: 1\n\ndata: 2\n\n",
       {{"a", "1"}, {"message", "2"}}},
  };
  for (const Case& k : cases) {
    for (size_t piece : {size_t{0}, size_t{1}, size_t{2}}) {
      Collected c = Parse(k.text, piece);
      ASSERT_TRUE(c.status.ok()) << k.name;
      ASSERT_EQ(c.events.size(), k.want.size()) << k.name << " piece " << piece;
      for (size_t i = 0; i < k.want.size(); ++i) {
        EXPECT_EQ(c.events[i].type, k.want[i].first) << k.name;
        EXPECT_EQ(c.events[i].data, k.want[i].second) << k.name;
      }
    }
  }
}

TEST(SseParserTest, RetryTakesDigitsOnly) {
  EXPECT_EQ(Parse("retry: 250\n").retry, 250);
  EXPECT_EQ(Parse("retry: 25x\n").retry, -1);
  EXPECT_EQ(Parse("retry: -1\n").retry, -1);
  EXPECT_EQ(Parse("retry: 99999999999999999999\n").retry, -1);
}

TEST(SseParserTest, OverLongLineFailsAndStaysFailed) {
  SseParser p([](const SseEvent&) { return true; });
  const std::string line(SseParser::kMaxLine + 1, 'a');
  Status s = p.Feed(line);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_NE(s.message().find("line longer"), std::string::npos);
  EXPECT_EQ(p.Feed("\n\ndata: x\n\n").code(), StatusCode::kLimitExceeded);
}

TEST(SseParserTest, OverLongEventDataFails) {
  std::string text;
  const std::string line = "data: " + std::string(1000, 'a') + "\n";
  while (text.size() < SseParser::kMaxData + 2000) text += line;
  Collected c = Parse(text + "\n", 100);
  EXPECT_EQ(c.status.code(), StatusCode::kLimitExceeded);
  EXPECT_TRUE(c.events.empty());
}

TEST(SseParserTest, ListenerStopsTheParser) {
  int seen = 0;
  SseParser p([&](const SseEvent&) {
    ++seen;
    return false;
  });
  EXPECT_EQ(p.Feed("data: 1\n\ndata: 2\n\n").code(), StatusCode::kCancelled);
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace suture::client
