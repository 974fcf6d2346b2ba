#include "service/push_hub.h"

#include <algorithm>

namespace suture::server {
namespace {
std::string DeviceKey(const std::string& app, const std::string& device) {
  return app + '\n' + device;
}

size_t CallAll(std::vector<PushHub::Callback>& cbs, const std::string& event_json) {
  size_t n = 0;
  for (auto& cb : cbs) {
    if (!cb) continue;
    cb(event_json);
    ++n;
  }
  return n;
}
}  // namespace

StatusOr<uint64_t> PushHub::Add(const std::string& app_id, gray::DeviceContext device,
                                double deadline_sec, Callback cb) {
  std::lock_guard<std::mutex> l(mu_);
  return AddLocked(app_id, std::move(device), false, deadline_sec, std::move(cb));
}

StatusOr<uint64_t> PushHub::AddPersistent(const std::string& app_id, gray::DeviceContext device,
                                          Callback cb) {
  std::lock_guard<std::mutex> l(mu_);
  return AddLocked(app_id, std::move(device), true, 0, std::move(cb));
}

StatusOr<uint64_t> PushHub::AddLocked(const std::string& app_id, gray::DeviceContext device,
                                      bool persistent, double deadline_sec, Callback cb) {
  if (waiters_.size() >= max_waiters_) {
    return Status::ResourceExhausted("push: server holds the maximum of " +
                                     std::to_string(max_waiters_) + " connections");
  }
  const uint64_t id = next_id_++;
  by_app_[app_id].insert(id);
  by_device_[DeviceKey(app_id, device.device_id)].push_back(id);
  if (persistent) {
    ++persistent_;
  } else {
    by_deadline_.emplace(deadline_sec, id);
  }
  waiters_.emplace(id, Waiter{app_id, std::move(device), persistent, deadline_sec, std::move(cb)});
  return id;
}

PushHub::Callback PushHub::TakeLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  Waiter& w = it->second;
  Callback cb = std::move(w.cb);
  if (w.persistent) {
    --persistent_;
  } else {
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
  if (auto dev = by_device_.find(DeviceKey(w.app_id, w.device.device_id));
      dev != by_device_.end()) {
    std::erase(dev->second, id);
    if (dev->second.empty()) by_device_.erase(dev);
  }
  waiters_.erase(it);
  return cb;
}

PushHub::Callback PushHub::FireLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  if (it->second.persistent) return it->second.cb;
  return TakeLocked(id);
}

bool PushHub::Remove(uint64_t id) {
  Callback cb;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!waiters_.contains(id)) return false;
    cb = TakeLocked(id);
  }
  // `cb` (and whatever it holds, e.g. a connection) is destroyed here,
  // outside the lock.
  return true;
}

size_t PushHub::NotifyApp(const std::string& app_id,
                          const std::function<bool(const gray::DeviceContext&)>& eligible,
                          const std::string& event_json) {
  std::vector<Callback> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto app = by_app_.find(app_id);
    if (app == by_app_.end()) return 0;
    std::vector<uint64_t> ids;
    for (uint64_t id : app->second) {
      auto it = waiters_.find(id);
      if (it != waiters_.end() && eligible(it->second.device)) ids.push_back(id);
    }
    // FireLocked may erase from app->second: iterate the copy.
    for (uint64_t id : ids) wake.push_back(FireLocked(id));
  }
  return CallAll(wake, event_json);
}

size_t PushHub::NotifyDevice(const std::string& app_id, const std::string& device_id,
                             const std::string& event_json) {
  std::vector<Callback> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto dev = by_device_.find(DeviceKey(app_id, device_id));
    if (dev == by_device_.end()) return 0;
    const std::vector<uint64_t> ids = dev->second;
    for (uint64_t id : ids) wake.push_back(FireLocked(id));
  }
  return CallAll(wake, event_json);
}

size_t PushHub::ExpireDue(double now_sec, const std::string& event_json) {
  std::vector<Callback> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    while (!by_deadline_.empty() && by_deadline_.begin()->first <= now_sec) {
      wake.push_back(TakeLocked(by_deadline_.begin()->second));
    }
  }
  return CallAll(wake, event_json);
}

size_t PushHub::Heartbeat(const std::string& event_json) {
  std::vector<Callback> beat;
  {
    std::lock_guard<std::mutex> l(mu_);
    beat.reserve(persistent_);
    for (const auto& [id, w] : waiters_) {
      if (w.persistent) beat.push_back(w.cb);
    }
  }
  return CallAll(beat, event_json);
}

size_t PushHub::size() const {
  std::lock_guard<std::mutex> l(mu_);
  return waiters_.size();
}

size_t PushHub::persistent_size() const {
  std::lock_guard<std::mutex> l(mu_);
  return persistent_;
}

}  // namespace suture::server
