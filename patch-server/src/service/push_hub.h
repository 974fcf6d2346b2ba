// PushHub: the devices currently holding a push connection (a long-poll or
// a server-sent-event stream), and waking exactly the ones a push concerns.
//
// A waiter is a device context plus a callback, and is one of two kinds:
//  * one-shot (long-poll, Add): has a deadline; its callback is called
//    exactly once (a push that concerns it, or the timeout event from
//    ExpireDue), and the waiter is gone after that call;
//  * persistent (event stream, AddPersistent): has no deadline; its callback
//    is called on every push that concerns it and on every Heartbeat(), and
//    the waiter stays until Remove().
// NotifyApp() calls the app's waiters for which `eligible(device)` is true
// (the service passes a gray decision there); NotifyDevice() calls one
// device's waiters. Remove() drops a waiter of either kind without calling
// its callback (the peer hung up). max_waiters bounds both kinds together.
//
// Callbacks run outside the hub's lock, so they may call back into the hub
// (e.g. Remove). A persistent waiter's callback may run concurrently on
// several threads (a push and a heartbeat) and may run once more just after
// Remove() returned; it must tolerate both.
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
#include <unordered_set>
#include <vector>

#include "suture/core/status.h"
#include "suture/gray/device.h"

namespace suture::server {

class PushHub {
 public:
  using Callback = std::function<void(const std::string& event_json)>;

  explicit PushHub(size_t max_waiters) : max_waiters_(max_waiters) {}

  // Registers a one-shot waiter expiring at `deadline_sec`; returns its id
  // (never 0). kResourceExhausted when max_waiters are held.
  StatusOr<uint64_t> Add(const std::string& app_id, gray::DeviceContext device, double deadline_sec,
                         Callback cb);
  // Registers a persistent waiter (no deadline); as Add otherwise.
  StatusOr<uint64_t> AddPersistent(const std::string& app_id, gray::DeviceContext device,
                                   Callback cb);
  // Drops waiter `id` without calling it. False when it is not held (already
  // woken, expired or removed).
  bool Remove(uint64_t id);
  // Calls the app's waiters for which eligible() is true with `event_json`
  // (one-shot ones are removed). Returns how many were called.
  size_t NotifyApp(const std::string& app_id,
                   const std::function<bool(const gray::DeviceContext&)>& eligible,
                   const std::string& event_json);
  size_t NotifyDevice(const std::string& app_id, const std::string& device_id,
                      const std::string& event_json);
  // Wakes one-shot waiters whose deadline is <= now with `event_json`.
  size_t ExpireDue(double now_sec, const std::string& event_json);
  // Calls every persistent waiter with `event_json`. Returns how many.
  size_t Heartbeat(const std::string& event_json);
  size_t size() const;             // waiters of both kinds
  size_t persistent_size() const;  // persistent waiters only

 private:
  struct Waiter {
    std::string app_id;
    gray::DeviceContext device;
    bool persistent = false;
    double deadline = 0;  // one-shot only
    Callback cb;
  };
  StatusOr<uint64_t> AddLocked(const std::string& app_id, gray::DeviceContext device,
                               bool persistent, double deadline_sec, Callback cb);
  // Removes waiter `id` (REQUIRES: mu_ held) and returns its callback
  // (nullptr when not held).
  Callback TakeLocked(uint64_t id);
  // The callback to call for a push to waiter `id`: a copy for a persistent
  // waiter (it stays), the taken callback for a one-shot one.
  // REQUIRES: mu_ held.
  Callback FireLocked(uint64_t id);

  const size_t max_waiters_;
  mutable std::mutex mu_;
  uint64_t next_id_ = 1;
  size_t persistent_ = 0;
  std::unordered_map<uint64_t, Waiter> waiters_;
  std::unordered_map<std::string, std::unordered_set<uint64_t>> by_app_;
  std::unordered_map<std::string, std::vector<uint64_t>> by_device_;  // key app '\n' device
  std::multimap<double, uint64_t> by_deadline_;                       // one-shot only
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_PUSH_HUB_H_
