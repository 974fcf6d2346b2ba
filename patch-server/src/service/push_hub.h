// PushHub: the devices currently holding a push connection (long-poll), and
// waking exactly the ones a push concerns.
//
// A waiter is a device context plus a one-shot callback. NotifyApp() wakes
// the waiters of one app for which `eligible(device)` is true (the service
// passes a gray decision there); NotifyDevice() wakes one device's waiters;
// ExpireDue() wakes waiters whose deadline passed with a timeout event. Each
// callback is called exactly once, outside the hub's lock.
//
// Thread-safety: thread-safe.
#ifndef SUTURE_SERVER_SERVICE_PUSH_HUB_H_
#define SUTURE_SERVER_SERVICE_PUSH_HUB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "suture/core/status.h"
#include "suture/gray/device.h"

namespace suture::server {

class PushHub {
 public:
  using Callback = std::function<void(const std::string& event_json)>;

  explicit PushHub(size_t max_waiters) : max_waiters_(max_waiters) {}

  // Registers a waiter; kResourceExhausted when max_waiters are held.
  StatusOr<uint64_t> Add(const std::string& app_id, gray::DeviceContext device,
                         double deadline_sec, Callback cb);
  // Wakes the app's waiters for which eligible() is true with `event_json`.
  // Returns how many were woken.
  size_t NotifyApp(const std::string& app_id,
                   const std::function<bool(const gray::DeviceContext&)>& eligible,
                   const std::string& event_json);
  size_t NotifyDevice(const std::string& app_id, const std::string& device_id,
                      const std::string& event_json);
  // Wakes waiters whose deadline is <= now with `event_json`.
  size_t ExpireDue(double now_sec, const std::string& event_json);
  size_t size() const;

 private:
  struct Waiter {
    std::string app_id;
    gray::DeviceContext device;
    double deadline;
    Callback cb;
  };
  // Removes waiter `id` (REQUIRES: mu_ held) and returns its callback.
  Callback TakeLocked(uint64_t id);

  const size_t max_waiters_;
  mutable std::mutex mu_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Waiter> waiters_;
  std::unordered_map<std::string, std::vector<uint64_t>> by_app_;     // may hold stale ids
  std::unordered_map<std::string, std::vector<uint64_t>> by_device_;  // key app '\n' device
  std::multimap<double, uint64_t> by_deadline_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_PUSH_HUB_H_
