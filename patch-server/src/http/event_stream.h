// One text/event-stream response fed by a PushHub waiter: the devices' push
// stream (device_routes.cc) and the console's live dashboard
// (routes_console.cc) both open theirs here.
//
// Events that arrive between the subscription and the start of the stream
// are queued, so `first_frame` is always first. Every event's ready-made
// frame (PushEvent::sse) is written as it comes; a `reconnect` event (the
// hub dropped the waiter: the stream's lifetime is over) is the last frame
// and ends the stream. A peer that hangs up, or reads so slowly that its
// buffer fills, is cancelled at once.
//
// Thread-safety: events may arrive on any thread, concurrently (a push and a
// heartbeat): writes are ordered by the stream's own lock.
#ifndef SUTURE_SERVER_HTTP_EVENT_STREAM_H_
#define SUTURE_SERVER_HTTP_EVENT_STREAM_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/device_exchange.h"
#include "service/push_hub.h"
#include "suture/core/status.h"

namespace suture::server {

// Registers the waiter with cb as its callback; returns its id.
using SubscribeFn = std::function<StatusOr<uint64_t>(PushHub::Callback cb)>;
// Drops waiter `id` (a no-op when it is gone).
using CancelFn = std::function<void(uint64_t id)>;

// Subscribes, then starts a 200 text/event-stream on `reply` (no-store, not
// buffered by a proxy) with `first_frame`. Returns the subscription's error
// (nothing was sent: the caller answers it), or whether the stream started
// (false: the peer was already gone; the waiter is cancelled).
StatusOr<bool> OpenEventStream(const std::shared_ptr<DeviceReply>& reply, std::string first_frame,
                               const SubscribeFn& subscribe, CancelFn cancel);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_EVENT_STREAM_H_
