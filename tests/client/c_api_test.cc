// The C API: argument checks, caller-owned buffers, stable code names, and
// the calls that need no server (status, launch on the clean base).
#include "suture/client/suture_client.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "suture/core/crypto.h"
#include "suture/core/file_util.h"

namespace {

namespace fs = std::filesystem;

class CApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = (fs::temp_directory_path() / "suture-client-capi-XXXXXX").string();
    ASSERT_NE(::mkdtemp(t.data()), nullptr);
    dir_ = t;
    state_ = dir_ + "/state";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_, state_;
  char msg_[256] = {};
};

TEST(CApiCodes, NamesAreStable) {
  EXPECT_STREQ(suture_client_code_name(SUTURE_OK), "ok");
  EXPECT_STREQ(suture_client_code_name(SUTURE_E_IO), "io_error");
  EXPECT_STREQ(suture_client_code_name(SUTURE_E_MANIFEST_REPLAYED), "manifest_replayed");
  EXPECT_STREQ(suture_client_code_name(SUTURE_E_GAVE_UP), "gave_up");
  EXPECT_STREQ(suture_client_code_name(9999), "unknown");
  EXPECT_EQ(SUTURE_E_NETWORK, 100);
  EXPECT_EQ(SUTURE_E_GAVE_UP, 115);
}

TEST_F(CApiTest, NullArgumentsAreRejected) {
  suture_client* c = nullptr;
  EXPECT_EQ(suture_client_create(nullptr, &c, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  suture_client_config cfg{};
  EXPECT_EQ(suture_client_create(&cfg, &c, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(msg_).find("state_dir"), std::string::npos);
  EXPECT_EQ(c, nullptr);
  EXPECT_EQ(suture_client_sync(nullptr, nullptr, 0, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  suture_client_destroy(nullptr);
}

TEST_F(CApiTest, BadAttributeAndKeyAreRejected) {
  suture_client_config cfg{};
  cfg.state_dir = state_.c_str();
  const char* attrs[] = {"novalue"};
  cfg.attributes = attrs;
  cfg.attribute_count = 1;
  suture_client* c = nullptr;
  EXPECT_EQ(suture_client_create(&cfg, &c, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  cfg.attribute_count = 0;
  cfg.server_url = "http://127.0.0.1:1";
  cfg.app_id = "app";
  cfg.app_key = "k";
  cfg.device_id = "d";
  cfg.base_path = "/nonexistent";
  cfg.release_public_key_pem = "not a pem";
  cfg.server_public_key_pem = "not a pem";
  EXPECT_EQ(suture_client_create(&cfg, &c, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(msg_).find("release public key"), std::string::npos) << msg_;
}

TEST_F(CApiTest, StatusAndLaunchOnTheBase) {
  suture_client_config cfg{};
  cfg.state_dir = state_.c_str();
  suture_client* c = nullptr;
  ASSERT_EQ(suture_client_create(&cfg, &c, msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  char tiny[4];
  size_t needed = 0;
  EXPECT_EQ(suture_client_status(c, tiny, sizeof(tiny), &needed, msg_, sizeof(msg_)),
            SUTURE_E_BUFFER_TOO_SMALL);
  EXPECT_GT(needed, sizeof(tiny));
  std::string buf(needed, '\0');
  ASSERT_EQ(suture_client_status(c, buf.data(), buf.size(), &needed, msg_, sizeof(msg_)), SUTURE_OK);
  auto j = nlohmann::json::parse(buf.c_str());
  EXPECT_TRUE(j["current"].is_null());
  EXPECT_EQ(j["step"], "idle");
  char dir[256] = "x";
  ASSERT_EQ(suture_client_launch_begin(c, dir, sizeof(dir), msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  EXPECT_STREQ(dir, "");
  ASSERT_EQ(suture_client_launch_ok(c, msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  // Without a server, sync is refused and nothing is reported.
  EXPECT_EQ(suture_client_sync(c, nullptr, 0, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  suture_client_destroy(c);
}

TEST_F(CApiTest, TunablesAreCheckedByNameAndRange) {
  suture_client_config cfg{};
  cfg.state_dir = state_.c_str();
  suture_client* c = nullptr;
  ASSERT_EQ(suture_client_create(&cfg, &c, msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  EXPECT_EQ(suture_client_set_tunable(c, "stall_timeout_ms", 2000, msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  EXPECT_EQ(suture_client_set_tunable(c, "merge_retry_base_ms", 0, msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  EXPECT_EQ(suture_client_set_tunable(c, "stall_timeout_ms", 10, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(msg_).find("stall_timeout_ms"), std::string::npos) << msg_;
  EXPECT_EQ(suture_client_set_tunable(c, "max_merge_failures", 0, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  EXPECT_EQ(suture_client_set_tunable(c, "no_such_knob", 1, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(msg_).find("unknown"), std::string::npos) << msg_;
  EXPECT_EQ(suture_client_set_tunable(c, nullptr, 1, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  EXPECT_EQ(suture_client_set_tunable(nullptr, "clock_skew_s", 1, msg_, sizeof(msg_)), SUTURE_E_INVALID_ARGUMENT);
  suture_client_destroy(c);
}

TEST_F(CApiTest, UnreachableServerIsANetworkError) {
  auto key = suture::PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  const std::string pem = key->public_key().ToPem();
  const std::string base = dir_ + "/base.apk";
  ASSERT_TRUE(suture::WriteFileAtomic(base, suture::AsBytes("base")).ok());
  suture_client_config cfg{};
  cfg.state_dir = state_.c_str();
  cfg.server_url = "http://127.0.0.1:1";
  cfg.app_id = "app";
  cfg.app_key = "sak_x";
  cfg.device_id = "d1";
  cfg.base_path = base.c_str();
  cfg.release_public_key_pem = pem.c_str();
  cfg.server_public_key_pem = pem.c_str();
  suture_client* c = nullptr;
  ASSERT_EQ(suture_client_create(&cfg, &c, msg_, sizeof(msg_)), SUTURE_OK) << msg_;
  char out[2048];
  EXPECT_EQ(suture_client_sync(c, out, sizeof(out), msg_, sizeof(msg_)), SUTURE_E_NETWORK) << msg_;
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["outcome"], "failed");
  EXPECT_EQ(j["code_name"], "network");
  suture_client_destroy(c);
}

}  // namespace
