#include "service/push_hub.h"

#include <algorithm>

namespace suture::server {
namespace {
std::string DeviceKey(const std::string& app, const std::string& device) {
  return app + '\n' + device;
}
}  // namespace

StatusOr<uint64_t> PushHub::Add(const std::string& app_id, gray::DeviceContext device,
                                double deadline_sec, Callback cb) {
  std::lock_guard<std::mutex> l(mu_);
  if (waiters_.size() >= max_waiters_) {
    return Status::ResourceExhausted("push: server holds the maximum of " +
                                     std::to_string(max_waiters_) + " connections");
  }
  const uint64_t id = next_id_++;
  by_app_[app_id].push_back(id);
  by_device_[DeviceKey(app_id, device.device_id)].push_back(id);
  by_deadline_.emplace(deadline_sec, id);
  waiters_.emplace(id, Waiter{app_id, std::move(device), deadline_sec, std::move(cb)});
  return id;
}

PushHub::Callback PushHub::TakeLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  Callback cb = std::move(it->second.cb);
  auto range = by_deadline_.equal_range(it->second.deadline);
  for (auto d = range.first; d != range.second; ++d) {
    if (d->second == id) {
      by_deadline_.erase(d);
      break;
    }
  }
  auto dev = by_device_.find(DeviceKey(it->second.app_id, it->second.device.device_id));
  if (dev != by_device_.end()) {
    std::erase(dev->second, id);
    if (dev->second.empty()) by_device_.erase(dev);
  }
  waiters_.erase(it);
  return cb;
}

size_t PushHub::NotifyApp(const std::string& app_id,
                          const std::function<bool(const gray::DeviceContext&)>& eligible,
                          const std::string& event_json) {
  std::vector<Callback> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto app = by_app_.find(app_id);
    if (app == by_app_.end()) return 0;
    std::vector<uint64_t> keep;
    std::vector<uint64_t> ids;
    for (uint64_t id : app->second) {
      auto it = waiters_.find(id);
      if (it == waiters_.end()) continue;  // stale: already woken
      if (eligible(it->second.device)) {
        ids.push_back(id);
      } else {
        keep.push_back(id);
      }
    }
    for (uint64_t id : ids) wake.push_back(TakeLocked(id));
    if (keep.empty()) {
      by_app_.erase(app);
    } else {
      app->second = std::move(keep);
    }
  }
  for (auto& cb : wake) {
    if (cb) cb(event_json);
  }
  return wake.size();
}

size_t PushHub::NotifyDevice(const std::string& app_id, const std::string& device_id,
                             const std::string& event_json) {
  std::vector<Callback> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto dev = by_device_.find(DeviceKey(app_id, device_id));
    if (dev == by_device_.end()) return 0;
    const std::vector<uint64_t> ids = dev->second;
    for (uint64_t id : ids) wake.push_back(TakeLocked(id));
  }
  for (auto& cb : wake) {
    if (cb) cb(event_json);
  }
  return wake.size();
}

size_t PushHub::ExpireDue(double now_sec, const std::string& event_json) {
  std::vector<Callback> wake;
  {
    std::lock_guard<std::mutex> l(mu_);
    while (!by_deadline_.empty() && by_deadline_.begin()->first <= now_sec) {
      wake.push_back(TakeLocked(by_deadline_.begin()->second));
    }
    // Compact by_app_ lists now and then so stale ids do not accumulate.
    if (!wake.empty()) {
      for (auto it = by_app_.begin(); it != by_app_.end();) {
        std::erase_if(it->second, [&](uint64_t id) { return !waiters_.contains(id); });
        it = it->second.empty() ? by_app_.erase(it) : std::next(it);
      }
    }
  }
  for (auto& cb : wake) {
    if (cb) cb(event_json);
  }
  return wake.size();
}

size_t PushHub::size() const {
  std::lock_guard<std::mutex> l(mu_);
  return waiters_.size();
}

}  // namespace suture::server
