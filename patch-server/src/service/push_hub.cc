#include "service/push_hub.h"

#include <algorithm>
#include <utility>

namespace suture::server {
namespace {

// Ids handled per lock hold when walking an app's waiters or the streams:
// bounds the time a loop thread (adding or removing a waiter) can wait.
constexpr size_t kChunk = 512;

std::string DeviceKey(const std::string& app, const std::string& device) {
  return app + '\n' + device;
}

}  // namespace

PushEvent PushEvent::Make(std::string name, std::string json) {
  PushEvent e;
  e.sse = name == "heartbeat" ? std::string(": ping\n\n")
                              : "event: " + name + "\ndata: " + json + "\n\n";
  e.name = std::move(name);
  e.json = std::move(json);
  return e;
}

StatusOr<uint64_t> PushHub::Add(const std::string& app_id, gray::DeviceContext device,
                                double deadline_sec, Callback cb, const std::string& ip_key) {
  std::lock_guard<std::mutex> l(mu_);
  return AddLocked(app_id, std::move(device), false, deadline_sec, std::move(cb), ip_key);
}

StatusOr<uint64_t> PushHub::AddPersistent(const std::string& app_id, gray::DeviceContext device,
                                          Callback cb, double deadline_sec,
                                          const std::string& ip_key) {
  std::lock_guard<std::mutex> l(mu_);
  return AddLocked(app_id, std::move(device), true, deadline_sec, std::move(cb), ip_key);
}

StatusOr<uint64_t> PushHub::AddLocked(const std::string& app_id, gray::DeviceContext device,
                                      bool persistent, double deadline_sec, Callback cb,
                                      const std::string& ip_key) {
  if (waiters_.size() >= max_waiters_) {
    return Status::ResourceExhausted("push: server holds the maximum of " +
                                     std::to_string(max_waiters_) + " connections");
  }
  if (!ip_key.empty() && max_per_ip_ > 0) {
    auto ip = by_ip_.find(ip_key);
    if (ip != by_ip_.end() && ip->second >= max_per_ip_) {
      return Status::ResourceExhausted("push: " + ip_key + " holds the maximum of " +
                                       std::to_string(max_per_ip_) + " connections per address");
    }
  }
  const uint64_t id = next_id_++;
  // Allocate before touching any index, so a failure leaves the hub as it was.
  auto shared = std::make_shared<const Shared>(Shared{std::move(device), std::move(cb)});
  by_app_[app_id].insert(id);
  by_device_[DeviceKey(app_id, shared->device.device_id)].push_back(id);
  if (!ip_key.empty()) ++by_ip_[ip_key];
  if (persistent) persistent_ids_.insert(id);
  if (!persistent || deadline_sec > 0) by_deadline_.emplace(deadline_sec, id);
  waiters_.emplace(
      id, Waiter{app_id, ip_key, persistent, persistent && deadline_sec <= 0 ? 0 : deadline_sec,
                 std::move(shared)});
  return id;
}

std::shared_ptr<const PushHub::Shared> PushHub::TakeLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  Waiter& w = it->second;
  std::shared_ptr<const Shared> shared = std::move(w.shared);
  if (w.persistent) persistent_ids_.erase(id);
  if (!w.persistent || w.deadline > 0) {
    auto range = by_deadline_.equal_range(w.deadline);
    for (auto d = range.first; d != range.second; ++d) {
      if (d->second == id) {
        by_deadline_.erase(d);
        break;
      }
    }
  }
  if (auto app = by_app_.find(w.app_id); app != by_app_.end()) {
    app->second.erase(id);
    if (app->second.empty()) by_app_.erase(app);
  }
  if (auto dev = by_device_.find(DeviceKey(w.app_id, shared->device.device_id));
      dev != by_device_.end()) {
    std::erase(dev->second, id);
    if (dev->second.empty()) by_device_.erase(dev);
  }
  if (!w.ip_key.empty()) {
    auto ip = by_ip_.find(w.ip_key);
    if (ip != by_ip_.end() && --ip->second == 0) by_ip_.erase(ip);
  }
  waiters_.erase(it);
  return shared;
}

std::shared_ptr<const PushHub::Shared> PushHub::FireLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  if (it->second.persistent) return it->second.shared;
  return TakeLocked(id);
}

bool PushHub::Remove(uint64_t id) {
  std::shared_ptr<const Shared> gone;
  {
    std::lock_guard<std::mutex> l(mu_);
    gone = TakeLocked(id);
  }
  // The callback (and whatever it holds, e.g. a connection) is released
  // here, outside the lock, unless a running notification still holds it.
  return gone != nullptr;
}

size_t PushHub::NotifyApp(const std::string& app_id,
                          const std::function<bool(const gray::DeviceContext&)>& eligible,
                          const PushEvent& event) {
  size_t called = 0;
  uint64_t next = 0;  // the walk resumes at the first id >= next
  std::vector<std::pair<uint64_t, std::shared_ptr<const Shared>>> chunk;
  std::vector<uint64_t> picked;
  std::vector<std::shared_ptr<const Shared>> wake;
  while (true) {
    chunk.clear();
    {
      std::lock_guard<std::mutex> l(mu_);
      auto app = by_app_.find(app_id);
      if (app == by_app_.end()) break;
      for (auto it = app->second.lower_bound(next);
           it != app->second.end() && chunk.size() < kChunk; ++it) {
        auto w = waiters_.find(*it);
        if (w != waiters_.end()) chunk.emplace_back(*it, w->second.shared);
      }
    }
    if (chunk.empty()) break;
    next = chunk.back().first + 1;
    // The gray decision per waiter: the O(n) part, run without the lock.
    picked.clear();
    for (const auto& [id, shared] : chunk) {
      if (eligible(shared->device)) picked.push_back(id);
    }
    chunk.clear();  // drop our references before firing
    wake.clear();
    if (!picked.empty()) {
      std::lock_guard<std::mutex> l(mu_);
      for (uint64_t id : picked) {
        // nullptr when removed since the copy: skipped. A one-shot waiter
        // is taken here, under the lock, so it fires exactly once.
        if (auto s = FireLocked(id)) wake.push_back(std::move(s));
      }
    }
    for (const auto& s : wake) s->cb(event);
    called += wake.size();
  }
  return called;
}

size_t PushHub::NotifyDevice(const std::string& app_id, const std::string& device_id,
                             const PushEvent& event) {
  std::vector<std::shared_ptr<const Shared>> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto dev = by_device_.find(DeviceKey(app_id, device_id));
    if (dev == by_device_.end()) return 0;
    const std::vector<uint64_t> ids = dev->second;  // FireLocked may erase from it
    for (uint64_t id : ids) {
      if (auto s = FireLocked(id)) wake.push_back(std::move(s));
    }
  }
  for (const auto& s : wake) s->cb(event);
  return wake.size();
}

size_t PushHub::ExpireDue(double now_sec, const PushEvent& timeout, const PushEvent& reconnect) {
  std::vector<std::pair<bool, std::shared_ptr<const Shared>>> due;  // persistent?, waiter
  {
    std::lock_guard<std::mutex> l(mu_);
    while (!by_deadline_.empty() && by_deadline_.begin()->first <= now_sec) {
      const uint64_t id = by_deadline_.begin()->second;
      const bool persistent = persistent_ids_.contains(id);
      due.emplace_back(persistent, TakeLocked(id));
    }
  }
  for (const auto& [persistent, s] : due) s->cb(persistent ? reconnect : timeout);
  return due.size();
}

size_t PushHub::Heartbeat(const PushEvent& event) {
  size_t called = 0;
  uint64_t next = 0;
  std::vector<std::shared_ptr<const Shared>> beat;
  while (true) {
    beat.clear();
    {
      std::lock_guard<std::mutex> l(mu_);
      uint64_t last = 0;
      for (auto it = persistent_ids_.lower_bound(next);
           it != persistent_ids_.end() && beat.size() < kChunk; ++it) {
        auto w = waiters_.find(*it);
        if (w != waiters_.end()) beat.push_back(w->second.shared);
        last = *it;
      }
      if (beat.empty()) break;
      next = last + 1;
    }
    for (const auto& s : beat) s->cb(event);
    called += beat.size();
  }
  return called;
}

size_t PushHub::size() const {
  std::lock_guard<std::mutex> l(mu_);
  return waiters_.size();
}

size_t PushHub::persistent_size() const {
  std::lock_guard<std::mutex> l(mu_);
  return persistent_ids_.size();
}

size_t PushHub::ip_size(const std::string& ip_key) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = by_ip_.find(ip_key);
  return it == by_ip_.end() ? 0 : it->second;
}

}  // namespace suture::server
