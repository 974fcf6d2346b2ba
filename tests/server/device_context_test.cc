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

}  // namespace
}  // namespace suture::server
