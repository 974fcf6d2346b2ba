// The state folder: journal and outbox round trips, a corrupt journal moved
// aside, the outbox cap, and the sweep of what a killed cycle leaves behind.
#include "state_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "suture/core/file_util.h"

namespace suture::client {
namespace {

namespace fs = std::filesystem;

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = (fs::temp_directory_path() / "suture-client-state-XXXXXX").string();
    ASSERT_NE(::mkdtemp(t.data()), nullptr);
    dir_ = t;
    ASSERT_TRUE(StateStore(dir_).Init().ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Touch(const std::string& rel) { ASSERT_TRUE(WriteFileAtomic(dir_ + "/" + rel, AsBytes("x")).ok()); }
  std::string dir_;
};

TEST_F(StateStoreTest, JournalRoundTrip) {
  StateStore st(dir_);
  Journal j;
  j.step = "downloading";
  j.highest_version = 42;
  j.blob_sha256 = std::string(64, 'a');
  j.merge_failures[j.blob_sha256] = 2;
  j.bad_blobs = {"b"};
  ASSERT_TRUE(st.SaveJournal(j).ok());
  auto back = st.LoadJournal();
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->step, "downloading");
  EXPECT_EQ(back->highest_version, 42u);
  EXPECT_EQ(back->merge_failures[j.blob_sha256], 2);
  EXPECT_EQ(back->bad_blobs, std::vector<std::string>{"b"});
}

TEST_F(StateStoreTest, CorruptJournalIsMovedAside) {
  StateStore st(dir_);
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/journal.json", AsBytes("{\"step\":")).ok());
  std::string note;
  auto j = st.LoadJournal(&note);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->step, "idle");
  EXPECT_FALSE(note.empty());
  EXPECT_TRUE(fs::exists(dir_ + "/journal.json.corrupt"));
}

TEST_F(StateStoreTest, WrongTypesAreCorrupt) {
  StateStore st(dir_);
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/journal.json", AsBytes("{\"highest_version\":\"x\"}")).ok());
  std::string note;
  auto j = st.LoadJournal(&note);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->highest_version, 0u);
  EXPECT_FALSE(note.empty());
}

TEST_F(StateStoreTest, CurrentNamingNoFolderIsTheBase) {
  StateStore st(dir_);
  ASSERT_TRUE(st.SaveCurrent(CurrentPointer{"v1-abc", "1", "2", "s", 1}).ok());
  auto c = st.LoadCurrent();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
  fs::create_directories(st.PatchDir("v1-abc"));
  c = st.LoadCurrent();
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->patch_id, "1");
  ASSERT_TRUE(st.SaveCurrent(CurrentPointer{"../etc", "1", "2", "s", 1}).ok());
  c = st.LoadCurrent();
  EXPECT_FALSE(c->has_value());
}

TEST_F(StateStoreTest, OutboxKeepsTheNewestUpToTheCap) {
  StateStore st(dir_);
  std::vector<OutboxEvent> full;
  for (size_t i = 0; i < kMaxOutboxEvents; ++i) full.push_back({RandomId(), "launch_ok", "", 0});
  ASSERT_TRUE(st.SaveOutbox(full).ok());
  ASSERT_TRUE(st.Enqueue("applied", "3", 0).ok());
  auto ev = st.LoadOutbox();
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->size(), kMaxOutboxEvents);
  EXPECT_EQ(ev->back().kind, "applied");
  EXPECT_EQ(ev->back().event_id.size(), 32u);
  EXPECT_NE(ev->front().event_id, ev->back().event_id);
}

TEST_F(StateStoreTest, StableEventIdIsQueuedOnce) {
  StateStore st(dir_);
  const std::string id = StableEventId("dev-1", "applied", std::string(64, 'a'));
  EXPECT_EQ(id.size(), 32u);
  EXPECT_NE(id, StableEventId("dev-2", "applied", std::string(64, 'a')));
  ASSERT_TRUE(st.Enqueue("applied", "3", 0, id).ok());
  ASSERT_TRUE(st.Enqueue("applied", "3", 0, id).ok());
  auto ev = st.LoadOutbox();
  ASSERT_TRUE(ev.ok());
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ(ev->front().event_id, id);
}

TEST_F(StateStoreTest, SweepRemovesLeftoversOnly) {
  StateStore st(dir_);
  fs::create_directories(st.StagingDir("v2-x") + "/patch/lib");
  Touch("staging/v2-x/patch/lib/a.so");
  Touch("downloads/keep.part");
  Touch("downloads/old.part");
  Touch("downloads/old.blob");
  fs::create_directories(st.PatchDir("v1-cur"));
  fs::create_directories(st.PatchDir("v0-prev"));
  fs::create_directories(st.PatchDir("v9-orphan"));
  Touch(".journal.json.suture-AbCdEf");
  ASSERT_TRUE(st.SaveJournal(Journal{}).ok());
  auto n = st.Sweep("keep", {"v1-cur", "v0-prev"});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 5);
  EXPECT_TRUE(fs::is_empty(dir_ + "/staging"));
  EXPECT_TRUE(fs::exists(dir_ + "/downloads/keep.part"));
  EXPECT_FALSE(fs::exists(dir_ + "/downloads/old.part"));
  EXPECT_TRUE(fs::exists(st.PatchDir("v1-cur")));
  EXPECT_TRUE(fs::exists(st.PatchDir("v0-prev")));
  EXPECT_FALSE(fs::exists(st.PatchDir("v9-orphan")));
  EXPECT_FALSE(fs::exists(dir_ + "/.journal.json.suture-AbCdEf"));
  EXPECT_TRUE(fs::exists(dir_ + "/journal.json"));
}

TEST_F(StateStoreTest, LockExcludesASecondHolder) {
  auto a = StateLock::Acquire(dir_);
  ASSERT_TRUE(a.ok());
  auto b = StateLock::Acquire(dir_);
  EXPECT_EQ(b.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace suture::client
