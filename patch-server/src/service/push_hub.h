// PushHub: the devices currently holding a push connection (a long-poll or
// a server-sent-event stream), and waking exactly the ones a push concerns.
//
// A waiter is a device context plus a callback, and is one of two kinds:
//  * one-shot (long-poll, Add): has a deadline; its callback is called
//    exactly once (a push that concerns it, or the timeout event from
//    ExpireDue), and the waiter is gone after that call;
//  * persistent (event stream, AddPersistent): its callback is called on
//    every push that concerns it and on every Heartbeat(), and the waiter
//    stays until Remove() — or, when it was given a deadline (the stream's
//    maximum lifetime), until ExpireDue() calls it a last time with the
//    reconnect event and drops it.
// NotifyApp() calls the app's waiters for which `eligible(device)` is true
// (the service passes a gray decision there); NotifyDevice() calls one
// device's waiters. Remove() drops a waiter of either kind without calling
// its callback (the peer hung up). max_waiters bounds both kinds together;
// max_per_ip (0 = none) bounds the waiters added with the same non-empty
// `ip_key` (the service passes the peer address, or "" for an exempt peer).
//
// Every event is a PushEvent built once per notification and shared by all
// the waiters it wakes (the device listener writes its ready-made SSE frame).
//
// Locking: the hub's lock guards only its maps and is held for bounded work.
// NotifyApp walks the app's waiters in chunks of ids: it copies a chunk's ids
// and shared device contexts under the lock, evaluates eligible() outside
// it, then takes the lock again to pick the ones still held; Heartbeat walks
// the streams in chunks likewise. Every callback runs outside the lock, so callbacks may call back
// into the hub (e.g. Remove). A persistent waiter's callback may run concurrently on several
// threads (a push and a heartbeat) and may run once more just after Remove() returned; it must
// tolerate both. A one-shot callback runs exactly once, or never when Remove() came first.
//
// Thread-safety: thread-safe.
#ifndef SUTURE_SERVER_SERVICE_PUSH_HUB_H_
#define SUTURE_SERVER_SERVICE_PUSH_HUB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "suture/core/status.h"
#include "suture/gray/device.h"

namespace suture::server {

// One push event as every channel sends it.
struct PushEvent {
  std::string name;  // release | device | timeout | heartbeat | reconnect
  std::string json;  // {"event":"<name>",...}: a long-poll's response body
  // The text/event-stream frame: "event: <name>\ndata: <json>\n\n", or the
  // comment ": ping\n\n" for a heartbeat.
  std::string sse;

  static PushEvent Make(std::string name, std::string json);
};

class PushHub {
 public:
  using Callback = std::function<void(const PushEvent& event)>;

  explicit PushHub(size_t max_waiters, size_t max_per_ip = 0)
      : max_waiters_(max_waiters), max_per_ip_(max_per_ip) {}

  // Registers a one-shot waiter expiring at `deadline_sec`; returns its id
  // (never 0). kResourceExhausted when max_waiters are held, or max_per_ip
  // with this non-empty `ip_key`.
  StatusOr<uint64_t> Add(const std::string& app_id, gray::DeviceContext device, double deadline_sec,
                         Callback cb, const std::string& ip_key = "");
  // Registers a persistent waiter; `deadline_sec` 0 = none. As Add otherwise.
  StatusOr<uint64_t> AddPersistent(const std::string& app_id, gray::DeviceContext device,
                                   Callback cb, double deadline_sec = 0,
                                   const std::string& ip_key = "");
  // Drops waiter `id` without calling it. False when it is not held (already
  // woken, expired or removed).
  bool Remove(uint64_t id);
  // Calls the app's waiters for which eligible() is true with `event`
  // (one-shot ones are removed). eligible() runs outside the hub's lock,
  // possibly for waiters removed meanwhile (they are then skipped). Returns
  // how many were called.
  size_t NotifyApp(const std::string& app_id,
                   const std::function<bool(const gray::DeviceContext&)>& eligible,
                   const PushEvent& event);
  size_t NotifyDevice(const std::string& app_id, const std::string& device_id,
                      const PushEvent& event);
  // Drops every waiter whose deadline is <= now, calling one-shot ones with
  // `timeout` and persistent ones with `reconnect`. Returns how many.
  size_t ExpireDue(double now_sec, const PushEvent& timeout, const PushEvent& reconnect);
  // Calls every persistent waiter with `event`. Returns how many.
  size_t Heartbeat(const PushEvent& event);
  size_t size() const;                              // waiters of both kinds
  size_t persistent_size() const;                   // persistent waiters only
  size_t ip_size(const std::string& ip_key) const;  // waiters counted under ip_key

 private:
  // What a notification needs of a waiter, shared so it can be used outside
  // the lock: immutable once added.
  struct Shared {
    gray::DeviceContext device;
    Callback cb;
  };
  struct Waiter {
    std::string app_id;
    std::string ip_key;
    bool persistent = false;
    double deadline = 0;  // 0 = none (persistent only)
    std::shared_ptr<const Shared> shared;
  };
  StatusOr<uint64_t> AddLocked(const std::string& app_id, gray::DeviceContext device,
                               bool persistent, double deadline_sec, Callback cb,
                               const std::string& ip_key);
  // Removes waiter `id` (REQUIRES: mu_ held) and returns what it held
  // (nullptr when not held), to be released outside the lock.
  std::shared_ptr<const Shared> TakeLocked(uint64_t id);
  // What to call for a push to waiter `id`: the shared part of a persistent
  // waiter (it stays), the taken one of a one-shot one; nullptr when gone.
  // REQUIRES: mu_ held.
  std::shared_ptr<const Shared> FireLocked(uint64_t id);

  const size_t max_waiters_;
  const size_t max_per_ip_;
  mutable std::mutex mu_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, Waiter> waiters_;
  // Ordered sets: a walk resumes after the last id it saw (see NotifyApp).
  std::unordered_map<std::string, std::set<uint64_t>> by_app_;
  std::unordered_map<std::string, std::vector<uint64_t>> by_device_;  // key app '\n' device
  std::unordered_map<std::string, size_t> by_ip_;                     // non-empty ip keys
  std::set<uint64_t> persistent_ids_;
  std::multimap<double, uint64_t> by_deadline_;  // every waiter with a deadline
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_PUSH_HUB_H_
