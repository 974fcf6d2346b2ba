#include "http/device_json.h"

#include <gtest/gtest.h>

#include <string>

namespace suture::server {
namespace {

const std::string kFp(64, 'a');

TEST(DeviceContextTest, ParsesAllFields) {
  auto d = ParseDeviceContextJson(R"({"device_id":"d1","base_fingerprint":")" + kFp +
                              R"(","sdk":33,"os":"android","brand":"google","custom":{"k":"v"},
                               "installed_patch":"7","future_field":[1,2]})");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->device_id, "d1");
  EXPECT_EQ(d->base_build, kFp);
  EXPECT_EQ(*d->sdk, 33);
  EXPECT_EQ(d->brand, "google");
  EXPECT_EQ(d->installed_patch, "7");
  ASSERT_NE(d->FindCustom("k"), nullptr);
  EXPECT_EQ(*d->FindCustom("k"), "v");
}

struct Bad {
  const char* name;
  std::string json;
  const char* must_mention;
};

TEST(DeviceContextTest, NamedCorruptions) {
  const std::string big(300, 'x');
  std::string many_custom = "{";
  for (int i = 0; i < 40; ++i) many_custom += "\"k" + std::to_string(i) + "\":\"v\",";
  many_custom.back() = '}';
  const Bad cases[] = {
      {"MalformedJson", "{\"device_id\":", "malformed JSON"},
      {"NotAnObject", "[1,2]", "JSON object"},
      {"MissingDeviceId", "{\"base_fingerprint\":\"" + kFp + "\"}", "device_id"},
      {"EmptyDeviceId", "{\"device_id\":\"\",\"base_fingerprint\":\"" + kFp + "\"}", "device_id"},
      {"DeviceIdNotString", "{\"device_id\":5,\"base_fingerprint\":\"" + kFp + "\"}", "device_id"},
      {"MissingBase", "{\"device_id\":\"d\"}", "base_fingerprint"},
      {"ShortBase", "{\"device_id\":\"d\",\"base_fingerprint\":\"abc\"}", "base_fingerprint"},
      {"UpperHexBase", "{\"device_id\":\"d\",\"base_fingerprint\":\"" + std::string(64, 'A') + "\"}", "base_fingerprint"},
      {"SdkNotInteger", "{\"device_id\":\"d\",\"base_fingerprint\":\"" + kFp + "\",\"sdk\":\"33\"}", "sdk"},
      {"StringTooLong", "{\"device_id\":\"" + big + "\",\"base_fingerprint\":\"" + kFp + "\"}", "longer than"},
      {"ControlChar", "{\"device_id\":\"a\\u0001\",\"base_fingerprint\":\"" + kFp + "\"}", "control"},
      {"CustomNotObject", "{\"device_id\":\"d\",\"base_fingerprint\":\"" + kFp + "\",\"custom\":[]}", "custom"},
      {"CustomValueNotString", "{\"device_id\":\"d\",\"base_fingerprint\":\"" + kFp + "\",\"custom\":{\"a\":1}}", "custom"},
      {"TooManyCustom", "{\"device_id\":\"d\",\"base_fingerprint\":\"" + kFp + "\",\"custom\":" + many_custom + "}", "custom"},
      {"Oversized", std::string(kMaxDeviceContextBytes + 1, ' '), "larger than"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.name);
    auto d = ParseDeviceContextJson(c.json);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.status().message().find(c.must_mention), std::string::npos)
        << d.status().message();
  }
}

const std::string kDevice = R"({"device_id":"d1","base_fingerprint":")" + kFp + R"("})";

TEST(ReportJsonTest, ParsesDeviceAndEvents) {
  auto r = ParseReportJson(R"({"device":)" + kDevice + R"(,"events":[
      {"event_id":"e1","kind":"applied","release_id":"7"},
      {"event_id":"e2","kind":"apply_failed","release_id":8,"code":12},
      {"event_id":"e3","kind":"checked_by_push","release_id":null,"future":1}]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->device.device_id, "d1");
  ASSERT_EQ(r->events.size(), 3u);
  EXPECT_EQ(r->events[0].event_id, "e1");
  EXPECT_EQ(r->events[0].kind, ReportEventKind::kApplied);
  EXPECT_EQ(r->events[0].release_id, 7);
  EXPECT_EQ(r->events[1].kind, ReportEventKind::kApplyFailed);
  EXPECT_EQ(r->events[1].release_id, 8);
  EXPECT_EQ(r->events[1].code, 12);
  EXPECT_EQ(r->events[2].kind, ReportEventKind::kCheckedByPush);
  EXPECT_EQ(r->events[2].release_id, 0);
  EXPECT_EQ(ReportEventKindName(r->events[2].kind), "checked_by_push");
}

TEST(ReportJsonTest, NamedCorruptions) {
  auto report = [](const std::string& events) {
    return R"({"device":)" + kDevice + R"(,"events":)" + events + "}";
  };
  std::string many = "[";
  for (size_t i = 0; i <= kMaxReportEvents; ++i) {
    many += R"({"event_id":"e)" + std::to_string(i) + R"(","kind":"applied"},)";
  }
  many.back() = ']';
  const Bad cases[] = {
      {"MalformedJson", "{\"device\":", "report: malformed JSON"},
      {"NotAnObject", "[]", "report: must be a JSON object"},
      {"MissingDevice", R"({"events":[]})", "report: missing 'device'"},
      {"BadDevice", R"({"device":{},"events":[]})", "device context: missing 'device_id'"},
      {"EventsMissing", R"({"device":)" + kDevice + "}", "report: 'events' must be an array"},
      {"EventsNotArray", report("{}"), "report: 'events' must be an array"},
      {"TooManyEvents", report(many), "more than 1000 events"},
      {"EventNotObject", report("[1]"), "report: events[0]: must be an object"},
      {"EventIdMissing", report(R"([{"kind":"applied"}])"), "events[0].event_id"},
      {"EventIdSpace", report(R"([{"event_id":"a b","kind":"applied"}])"), "events[0].event_id"},
      {"EventIdTooLong",
       report(R"([{"event_id":")" + std::string(129, 'x') + R"(","kind":"applied"}])"),
       "events[0].event_id: must be 1-128 printable characters"},
      {"UnknownKind",
       report(R"([{"event_id":"a","kind":"applied"},{"event_id":"b","kind":"exploded"}])"),
       "report: events[1].kind: unknown event kind"},
      {"KindNotString", report(R"([{"event_id":"a","kind":3}])"), "events[0].kind"},
      {"ReleaseIdZero", report(R"([{"event_id":"a","kind":"applied","release_id":0}])"),
       "events[0].release_id: must be a release id"},
      {"ReleaseIdText", report(R"([{"event_id":"a","kind":"applied","release_id":"7x"}])"),
       "events[0].release_id"},
      {"ReleaseIdFloat", report(R"([{"event_id":"a","kind":"applied","release_id":1.5}])"),
       "events[0].release_id"},
      {"CodeNotInteger", report(R"([{"event_id":"a","kind":"apply_failed","code":"12"}])"),
       "events[0].code: must be an integer"},
      {"Oversized", std::string(kMaxReportBytes + 1, ' '), "report: larger than"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParseReportJson(c.json);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(c.must_mention), std::string::npos)
        << r.status().message();
  }
}

}  // namespace
}  // namespace suture::server
