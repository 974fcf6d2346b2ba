// OpenEventStream (see event_stream.h).
#include "http/event_stream.h"

#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

namespace suture::server {
namespace {

struct Stream {
  std::shared_ptr<DeviceReply> reply;
  CancelFn cancel;
  std::atomic<uint64_t> id{0};
  std::mutex mu;  // orders writes from concurrent pushes and heartbeats
  bool started = false;
  bool ended = false;                // `reconnect` queued before `started`
  std::vector<std::string> pending;  // frames queued before `started`
};

// The frame comes ready-made with the event (PushEvent::sse): built once per
// notification, not per stream.
void OnStreamEvent(const std::shared_ptr<Stream>& st, const PushEvent& event) {
  const bool last = event.name == "reconnect";
  bool gone = false;
  {
    std::lock_guard<std::mutex> l(st->mu);
    if (!st->started) {
      if (event.name != "heartbeat" && !st->ended) st->pending.push_back(event.sse);
      st->ended = st->ended || last;
      return;
    }
    gone = !st->reply->Write(event.sse);
    if (last) {
      st->reply->End();
      return;
    }
  }
  // A peer that is gone or reads too slowly: OnClose frees the slot too,
  // this just does not wait for it.
  if (gone) st->cancel(st->id.load());
}

}  // namespace

StatusOr<bool> OpenEventStream(const std::shared_ptr<DeviceReply>& reply, std::string first_frame,
                               const SubscribeFn& subscribe, CancelFn cancel) {
  auto st = std::make_shared<Stream>();
  st->reply = reply;
  st->cancel = cancel;
  SUTURE_ASSIGN_OR_RETURN(uint64_t id,
                          subscribe([st](const PushEvent& event) { OnStreamEvent(st, event); }));
  st->id.store(id);
  bool started = false;
  {
    std::lock_guard<std::mutex> l(st->mu);
    started = reply->StartStream("text/event-stream",
                                 {{"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}});
    if (started) {
      reply->Write(std::move(first_frame));
      for (std::string& frame : st->pending) reply->Write(std::move(frame));
      if (st->ended) reply->End();
    }
    st->pending.clear();
    st->started = true;
  }
  // Runs at once if the peer is already gone. Captures no reply (no cycle).
  reply->OnClose([cancel = std::move(cancel), id] { cancel(id); });
  return started;
}

}  // namespace suture::server
