// Several suture-server instances on one PostgreSQL behind nginx: the
// documented deployment (deploy/cluster.sh, docs/deploy.md), started for real
// on loopback by each test. Push across instances, two instances migrating an
// empty database at once, an instance SIGKILLed under load (wrk through
// nginx), and PostgreSQL restarted under load.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "raw_conn.h"
#include "server_harness.h"
#include "suture/core/crypto.h"

namespace suture::server::testing {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string S(const Bytes& b) { return std::string(b.begin(), b.end()); }

// Runs `cmd` through the shell; returns its stdout (stderr passes through).
std::string Shell(const std::string& cmd, int* status = nullptr) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  const int st = ::pclose(p);
  if (status != nullptr) *status = st;
  return out;
}

std::string PgCtl() {
  std::string bin = Shell("ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1");
  while (!bin.empty() && bin.back() == '\n') bin.pop_back();
  return (::geteuid() == 0 ? "runuser -u postgres -- " : "") + bin + "/pg_ctl";
}

// A cluster started by deploy/cluster.sh in a temp folder; stopped (and the
// folder removed) by the destructor.
class Cluster {
 public:
  explicit Cluster(int instances) {
    const std::string cmd = "SUTURE_SERVER=" + std::string(SUTURE_SERVER_PATH) +
                            " SUTURE_ARGS='--tick 1 --device-rate 100000 --device-burst 100000'"
                            " bash " SUTURE_SOURCE_DIR "/deploy/cluster.sh start " +
                            dir_.path() + " " + std::to_string(instances) + " >&2";
    int st = 0;
    Shell(cmd, &st);
    EXPECT_EQ(st, 0) << "cluster.sh start failed";
    std::ifstream in(dir_.path() + "/cluster.env");
    std::string line;
    while (std::getline(in, line)) {
      const size_t eq = line.find('=');
      if (eq != std::string::npos) env_[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  ~Cluster() {
    Shell("bash " SUTURE_SOURCE_DIR "/deploy/cluster.sh stop " + dir_.path() + " >&2");
  }
  std::string Env(const std::string& k) const {
    auto it = env_.find(k);
    return it == env_.end() ? "" : it->second;
  }
  std::string Main(int i) const { return Env("INSTANCE_" + std::to_string(i) + "_MAIN"); }
  std::string Device(int i) const { return Env("INSTANCE_" + std::to_string(i) + "_DEVICE"); }
  pid_t Pid(int i) const { return std::stoi(Env("INSTANCE_" + std::to_string(i) + "_PID")); }
  std::string Sql(const std::string& q) const {
    std::string out = Shell("psql -X -A -t -q '" + Env("DB_URL") + "' -c \"" + q + "\"");
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }
  int PgCtlRun(const std::string& action) const {
    int st = 0;
    Shell(PgCtl() + " -D " + dir_.path() + "/pg/data -l " + dir_.path() + "/pg/server.log -w " +
              action + " >&2",
          &st);
    return st;
  }
  bool TickLeader(int i) const {
    Response m = Http("GET", Main(i) + "/metrics");
    return m.body.find("suture_tick_leader 1") != std::string::npos;
  }
  const std::string& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::map<std::string, std::string> env_;
};

// An app with one published patch, set up through `url`.
struct Seeded {
  std::string app = "com.cluster.app";
  std::string app_key;
  Bytes base = RandomBytes(4000, 41);
  json patch;
};

Seeded Seed(const std::string& url, const std::string& admin,
            const std::string& app = "com.cluster.app", uint32_t base_seed = 41) {
  Seeded s;
  s.app = app;
  s.base = RandomBytes(4000, base_seed);
  PrivateKey key;
  s.app_key = RegisterTestApp(url, admin, s.app, &key);
  Response pub = Http("POST", url + "/v1/apps/" + s.app + "/patches",
                      S(MakeBundle(s.app, s.base, RandomBytes(9000, 42), 1, &key)),
                      {Bearer(admin), "Content-Type: application/octet-stream"});
  EXPECT_EQ(pub.status, 201) << pub.body;
  s.patch = pub.Json();
  return s;
}

// Holds POST push/stream on `url` until an event named `name` arrives (or
// `stop`); records when.
class StreamWatch {
 public:
  StreamWatch(const std::string& url, const std::string& app, const std::string& key,
              const json& device, std::string name)
      : name_("event: " + std::move(name)) {
    thread_ = std::thread([=, this] {
      CURL* c = curl_easy_init();
      curl_slist* h = curl_slist_append(nullptr, ("X-Suture-App-Key: " + key).c_str());
      h = curl_slist_append(h, "Content-Type: application/json");
      const std::string body = device.dump();
      curl_easy_setopt(c, CURLOPT_URL, (url + "/v1/apps/" + app + "/push/stream").c_str());
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
      curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
      curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* u) {
        auto* self = static_cast<StreamWatch*>(u);
        self->buf_.append(p, s * n);
        if (self->buf_.find("event: ready") != std::string::npos) self->ready_ = true;
        if (self->buf_.find(self->name_) != std::string::npos) {
          self->at_ = Clock::now();
          self->got_ = true;
          return size_t{0};  // done: abort the transfer
        }
        return self->stop_ ? size_t{0} : s * n;
      });
      curl_easy_perform(c);
      curl_slist_free_all(h);
      curl_easy_cleanup(c);
    });
  }
  ~StreamWatch() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  bool WaitReady(int ms) {
    for (int i = 0; i < ms / 10 && !ready_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return ready_;
  }
  // Waits up to `ms` for the event; returns when it came, or nullopt.
  std::optional<Clock::time_point> Wait(int ms) {
    for (int i = 0; i < ms / 10 && !got_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!got_) return std::nullopt;
    return at_.load();
  }

 private:
  std::string name_;
  std::string buf_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> got_{false};
  std::atomic<bool> stop_{false};
  std::atomic<Clock::time_point> at_{};
  std::thread thread_;
};

// wrk through nginx for `seconds`: tests/server/cluster/device_load.lua in
// `mode` (check | report).
struct Wrk {
  static constexpr long kConnections = 8;
  Wrk(const std::string& url, const std::string& mode, int seconds, const Seeded& s,
      const std::string& nonce) {
    cmd_ = "wrk -t1 -c" + std::to_string(kConnections) + " -d" + std::to_string(seconds) + "s --timeout 5s -s " SUTURE_SOURCE_DIR
           "/tests/server/cluster/device_load.lua " + url + " -- " + mode + " " + s.app + " " + s.app_key +
           " " + ToHex(Sha256(s.base)) + " " + nonce;
    thread_ = std::thread([this] { out_ = Shell(cmd_ + " 2>&1"); });
  }
  // Waits for the end; returns {2xx, other} from the script's last line.
  std::pair<long, long> Join() {
    thread_.join();
    std::smatch m;
    if (std::regex_search(out_, m, std::regex(R"((?:ACKED|OK) (\d+) FAILED (\d+))"))) {
      return {std::stol(m[1]), std::stol(m[2])};
    }
    ADD_FAILURE() << "wrk output: " << out_;
    return {-1, -1};
  }
  std::string cmd_, out_;
  std::thread thread_;
};

TEST(ClusterTest, PublishOnOneReleaseOnAnotherWakesAStreamOnTheThird) {
  Cluster c(3);
  const std::string admin = c.Env("ADMIN_TOKEN");
  ASSERT_FALSE(admin.empty());
  Seeded s = Seed(c.Main(1), admin);  // publish through instance 1
  // Instance 3 has the app (and the blob, fetched from the database) within 1 s.
  const json dev = TestDevice("stream-dev", s.base);
  Response chk;
  for (int i = 0; i < 100; ++i) {
    chk = Http("POST", c.Device(3) + "/v1/apps/" + s.app + "/check", dev.dump(),
               {AppKeyHeader(s.app_key)});
    if (chk.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(chk.status, 200) << chk.body;
  EXPECT_EQ(chk.Json()["type"], "none");

  StreamWatch release_watch(c.Device(3), s.app, s.app_key, dev, "release");
  StreamWatch device_watch(c.Device(3), s.app, s.app_key, TestDevice("debug-dev", s.base),
                           "device");
  ASSERT_TRUE(release_watch.WaitReady(5000));
  ASSERT_TRUE(device_watch.WaitReady(5000));

  // A release through instance 2 wakes the stream held on instance 3.
  const auto t0 = Clock::now();
  Response rel = Http("POST", c.Main(2) + "/v1/apps/" + s.app + "/releases",
                      json{{"patch_id", s.patch["id"]}, {"percent", 100}}.dump(),
                      {Bearer(admin)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  auto woken = release_watch.Wait(3000);
  ASSERT_TRUE(woken.has_value()) << "the stream on instance 3 was not woken";
  const double ms = std::chrono::duration<double, std::milli>(*woken - t0).count();
  std::printf("release via instance 2 -> stream on instance 3 woken after %.1f ms\n", ms);
  EXPECT_LT(ms, 1000.0);

  // The device now gets the patch from instance 3, and its blob from any
  // instance and through nginx.
  chk = Http("POST", c.Device(3) + "/v1/apps/" + s.app + "/check", dev.dump(),
             {AppKeyHeader(s.app_key)});
  ASSERT_EQ(chk.status, 200);
  ASSERT_EQ(chk.Json()["type"], "patch") << chk.body;
  // Its blob URL is nginx's, whichever instance signed the manifest.
  const json manifest = json::parse(chk.Json()["manifest"].get<std::string>());
  EXPECT_EQ(manifest["url"].get<std::string>().rfind(c.Env("DEVICE_URL"), 0), 0u)
      << manifest.dump();
  const std::string blob = "/v1/blobs/" + s.patch["blob_sha256"].get<std::string>();
  for (const std::string& base : {c.Device(2), c.Device(3), c.Env("DEVICE_URL"), c.Env("URL")}) {
    Response b = Http("GET", base + blob);
    EXPECT_EQ(b.status, 200) << base;
    EXPECT_EQ(ToHex(Sha256(AsBytes(b.body))), s.patch["blob_sha256"]) << base;
  }

  // A targeted push through instance 1 reaches the device held on instance 3.
  const auto t1 = Clock::now();
  Response dp = Http("POST", c.Main(1) + "/v1/apps/" + s.app + "/devices/debug-dev/push",
                     json{{"message", "upload logs"}}.dump(), {Bearer(admin)});
  ASSERT_EQ(dp.status, 200) << dp.body;
  auto pushed = device_watch.Wait(3000);
  ASSERT_TRUE(pushed.has_value()) << "the targeted push did not reach instance 3";
  const double push_ms = std::chrono::duration<double, std::milli>(*pushed - t1).count();
  EXPECT_LT(push_ms, 1000.0);

  // The console on instance 1 knows the device that checked on instance 3
  // (sightings are shared through the database).
  Response seen;
  for (int i = 0; i < 100; ++i) {
    seen = Http("GET", c.Main(1) + "/v1/apps/" + s.app + "/devices/stream-dev", "",
                {Bearer(admin)});
    if (seen.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(seen.status, 200) << seen.body;

  // The live dashboard on instance 1 hears of a check counted on instance 3
  // (announced on the console channel when 3 flushes its counters). A second
  // app on a base of its own, so that nothing else moves its numbers.
  const Seeded quiet = Seed(c.Main(1), admin, "com.cluster.quiet", 77);
  const json quiet_dev = TestDevice("quiet-dev", quiet.base);
  Response login = Http("POST", c.Main(1) + "/admin/api/session", json{{"token", admin}}.dump(),
                        {"Content-Type: application/json"});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.headers["set-cookie"].substr(0, login.headers["set-cookie"].find(';'));
  RawConn dash(c.Main(1));
  ASSERT_TRUE(dash.Send("GET /admin/api/apps/" + quiet.app + "/stream HTTP/1.1\r\nHost: t\r\nCookie: " +
                        cookie + "\r\nAccept: text/event-stream\r\n\r\n"));
  ASSERT_TRUE(dash.ReadUntilContains("event: ready\n", 5000)) << dash.data();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // the publish's update drains
  size_t mark = dash.data().size();
  auto update_after = [&](size_t from) {
    return [from](const std::string& d) { return d.find("event: update", from) != std::string::npos; };
  };
  EXPECT_FALSE(dash.ReadUntil(update_after(mark), 1500)) << "an update with nothing new";
  mark = dash.data().size();
  const auto t2 = Clock::now();
  for (int i = 0; i < 100; ++i) {  // instance 3 knows the app within a second
    chk = Http("POST", c.Device(3) + "/v1/apps/" + quiet.app + "/check", quiet_dev.dump(),
               {AppKeyHeader(quiet.app_key)});
    if (chk.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(chk.status, 200) << chk.body;
  ASSERT_TRUE(dash.ReadUntil(update_after(mark), 5000))
      << "the dashboard on instance 1 heard nothing of a check on instance 3: " << dash.data();
  std::printf("check on instance 3 -> dashboard update on instance 1 after %.0f ms\n",
              std::chrono::duration<double, std::milli>(Clock::now() - t2).count());

  // One manifest version sequence across instances.
  const std::string v = c.Sql("SELECT value FROM server_state WHERE key = 'manifest_version'");
  ASSERT_FALSE(v.empty());
  EXPECT_GE(std::stoll(v), 4);  // app, patch, release
}

TEST(ClusterTest, TwoInstancesStartedAtOnceOnAnEmptyDatabaseBothComeUp) {
  Cluster c(1);  // PostgreSQL (and one instance on database "suture")
  const std::string url = "postgresql://postgres@127.0.0.1:" + c.Env("PG_PORT");
  ASSERT_EQ(c.Sql("CREATE DATABASE empty_one"), "");
  TempDir a, b;
  std::unique_ptr<ServerProcess> sa, sb;
  std::thread ta([&] { sa = std::make_unique<ServerProcess>(a.path(), std::vector<std::string>{"--db", url + "/empty_one"}); });
  std::thread tb([&] { sb = std::make_unique<ServerProcess>(b.path(), std::vector<std::string>{"--db", url + "/empty_one"}); });
  ta.join();
  tb.join();
  ASSERT_FALSE(sa->url().empty());
  ASSERT_FALSE(sb->url().empty());
  EXPECT_EQ(Http("GET", sa->url() + "/healthz").status, 200);
  EXPECT_EQ(Http("GET", sb->url() + "/healthz").status, 200);
  // Migrated once, and both sign with the one shared server key.
  const std::string rows = Shell("psql -X -A -t -q '" + url +
                                 "/empty_one' -c 'SELECT number FROM schema_migrations'");
  EXPECT_EQ(rows, "1\n2\n");  // each PostgreSQL migration once (002: console sessions)
  EXPECT_EQ(Http("GET", sa->url() + "/v1/server-key").body,
            Http("GET", sb->url() + "/v1/server-key").body);
}

TEST(ClusterTest, InstanceKilledUnderLoadLosesNoAcknowledgedReport) {
  Cluster c(3);
  const std::string admin = c.Env("ADMIN_TOKEN");
  Seeded s = Seed(c.Env("URL"), admin);
  // Which instance ticks: exactly one.
  int leader = 0;
  for (int t = 0; t < 50 && leader == 0; ++t) {
    for (int i = 1; i <= 3; ++i) {
      if (c.TickLeader(i)) leader = i;
    }
    if (leader == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_NE(leader, 0) << "no instance holds the tick lease";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // every instance follows the seed

  const std::string nonce = std::to_string(::getpid());
  Wrk reports(c.Env("DEVICE_URL"), "report", 12, s, nonce);
  Wrk checks(c.Env("DEVICE_URL"), "check", 12, s, nonce);
  std::this_thread::sleep_for(std::chrono::seconds(4));
  ASSERT_EQ(::kill(c.Pid(leader), SIGKILL), 0);
  // The tick moves to another instance within a few seconds.
  const auto killed_at = Clock::now();
  int next = 0;
  while (next == 0 && Clock::now() - killed_at < std::chrono::seconds(10)) {
    for (int i = 1; i <= 3; ++i) {
      if (i != leader && c.TickLeader(i)) next = i;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double takeover_s =
      std::chrono::duration<double>(Clock::now() - killed_at).count();
  EXPECT_NE(next, 0) << "no instance took the tick lease over";
  std::printf("tick lease: instance %d -> %d in %.1f s\n", leader, next, takeover_s);

  auto [acked, failed] = reports.Join();
  auto [checked, check_failed] = checks.Join();
  std::printf("reports: %ld acknowledged, %ld failed; checks: %ld ok, %ld failed\n", acked,
              failed, checked, check_failed);
  ASSERT_GT(acked, 100);
  EXPECT_GT(checked, 100);
  // Checks went on through the other instances (nginx retried the few that
  // were in flight on the dead one).
  EXPECT_LE(check_failed, checked / 100);
  // No acknowledged report is lost: each acknowledged event is in the
  // database once. A report whose answer was lost with the instance may be
  // there too (committed, then the connection died), and so may the last
  // request of each connection, answered after wrk stopped counting.
  const long stored = std::stol(c.Sql("SELECT count(*) FROM events WHERE event_id LIKE 'e" +
                                      nonce + "-%'"));
  EXPECT_GE(stored, acked);
  EXPECT_LE(stored, acked + failed + Wrk::kConnections);
}

TEST(ClusterTest, PostgresRestartUnderLoadGives503sThenRecovers) {
  Cluster c(2);
  const std::string admin = c.Env("ADMIN_TOKEN");
  Seeded s = Seed(c.Env("URL"), admin);
  Response rel = Http("POST", c.Env("URL") + "/v1/apps/" + s.app + "/releases",
                      json{{"patch_id", s.patch["id"]}, {"percent", 50}}.dump(), {Bearer(admin)});
  ASSERT_EQ(rel.status, 201) << rel.body;
  const std::string release = rel.Json()["id"];
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));

  const std::string nonce = std::to_string(::getpid()) + "r";
  Wrk checks(c.Env("DEVICE_URL"), "check", 10, s, nonce);
  Wrk reports(c.Env("DEVICE_URL"), "report", 10, s, nonce);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_EQ(c.PgCtlRun("-m fast stop"), 0);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // While the database is down: a write is a clear 503 with Retry-After.
  Response pause = Http("POST", c.Env("URL") + "/v1/apps/" + s.app + "/releases/" + release + "/pause",
                        json{{"reason", "db down"}}.dump(), {Bearer(admin)});
  EXPECT_EQ(pause.status, 503) << pause.body;
  EXPECT_EQ(pause.ErrorCode(), "unavailable") << pause.body;
  EXPECT_EQ(pause.headers["retry-after"], "1");
  Response report = Http("POST", c.Device(1) + "/v1/apps/" + s.app + "/report",
                         json{{"device", TestDevice("down-dev", s.base)},
                              {"events", json::array({{{"event_id", "down-1"}, {"kind", "launch_ok"}}})}}
                             .dump(),
                         {AppKeyHeader(s.app_key)});
  EXPECT_EQ(report.status, 503) << report.body;
  EXPECT_EQ(report.headers["retry-after"], "1");
  // Checks are answered from the last good snapshot.
  Response chk = Http("POST", c.Device(2) + "/v1/apps/" + s.app + "/check",
                      TestDevice("down-check", s.base).dump(), {AppKeyHeader(s.app_key)});
  EXPECT_EQ(chk.status, 200) << chk.body;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_EQ(c.PgCtlRun("start"), 0);

  auto [checked, check_failed] = checks.Join();
  auto [acked, failed] = reports.Join();
  std::printf("checks: %ld ok, %ld failed; reports: %ld acknowledged, %ld refused\n", checked,
              check_failed, acked, failed);
  EXPECT_EQ(check_failed, 0);
  EXPECT_GT(failed, 0);  // the outage was seen by the reports
  // No crash, and recovery without a restart: both instances take writes again.
  EXPECT_EQ(::kill(c.Pid(1), 0), 0);
  EXPECT_EQ(::kill(c.Pid(2), 0), 0);
  for (int i = 1; i <= 2; ++i) {
    Response r;
    for (int t = 0; t < 50; ++t) {
      r = Http("POST", c.Device(i) + "/v1/apps/" + s.app + "/report",
               json{{"device", TestDevice("after-" + std::to_string(i), s.base)},
                    {"events", json::array({{{"event_id", "after-" + std::to_string(i)},
                                             {"kind", "launch_ok"}}})}}
                   .dump(),
               {AppKeyHeader(s.app_key)});
      if (r.status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(r.status, 200) << "instance " << i << ": " << r.body;
  }
  Response paused = Http("POST", c.Env("URL") + "/v1/apps/" + s.app + "/releases/" + release + "/pause",
                         json{{"reason", "after"}}.dump(), {Bearer(admin)});
  EXPECT_EQ(paused.status, 200) << paused.body;
  const long stored = std::stol(c.Sql("SELECT count(*) FROM events WHERE event_id LIKE 'e" +
                                      nonce + "-%'"));
  EXPECT_GE(stored, acked);
  EXPECT_LE(stored, acked + failed + Wrk::kConnections);
}

}  // namespace
}  // namespace suture::server::testing
