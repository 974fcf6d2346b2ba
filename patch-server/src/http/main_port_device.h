// The device route table (http/device_routes.h) on the cpprestsdk main port:
// adapts a cpprestsdk request to DeviceRequest (the body is read first,
// within --max-json-body) and a cpprestsdk response to DeviceReply. No route
// logic lives here; only what cpprestsdk needs to send each kind of answer:
//   * a complete answer: a string body with its Content-Length;
//   * a headers-only answer (HEAD, 304): cpprestsdk aborts the process on a
//     Content-Length without a body stream ("uninitialized stream object"),
//     and adds "Content-Length: 0" when there is no body at all. So the
//     response gets an empty stream and the declared Content-Length; when
//     that length is not 0, cpprestsdk closes the connection once the
//     headers are out (its "stream closed early" path), so the answer says
//     "Connection: close";
//   * a blob range: a raw-pointer stream over the blob's read-only mapping
//     (cpprestsdk's file streams block a pool thread in their destructor
//     until an async close runs on the same pool, which deadlocks under
//     load); the mapping is held until the response is written;
//   * an event stream: a producer/consumer buffer with no length (chunked),
//     ended with the connection ("Connection: close"); a reader more than
//     256 KiB behind is cut.
// cpprestsdk cannot see a peer hang up: a pending long-poll keeps its slot
// until its event or timeout; a stream's end is learned when a write to it
// fails (at the next heartbeat), or at its lifetime (--push-stream-max).
//
// Thread-safety: as http/device_exchange.h.
#ifndef SUTURE_SERVER_HTTP_MAIN_PORT_DEVICE_H_
#define SUTURE_SERVER_HTTP_MAIN_PORT_DEVICE_H_

#include "http/device_routes.h"
#include "http/http_util.h"

namespace suture::server {

// Serves `c` from `routes` and returns true when its path is the device
// table's (DeviceRoutes::Owns); returns false, touching nothing, otherwise.
bool ServeDeviceOnMainPort(DeviceRoutes& routes, const Ctx& c);

// Ends every event stream the main port holds. Call before closing the
// cpprestsdk listener: its close waits for every response to finish, and a
// stream finishes only when it ends (or its next write fails).
void EndMainPortStreams();

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_MAIN_PORT_DEVICE_H_
