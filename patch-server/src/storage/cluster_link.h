// What one suture-server instance needs from the shared database to act as
// one of several (docs/deploy.md): the change feed (metadata version and
// targeted pushes announced by any instance) and the tick lease (ramp
// advancement and auto-halt run on exactly one instance at a time).
//
// PostgreSQL implements it with a dedicated connection: LISTEN on the three
// channels below, and a session-level advisory lock as the lease, released
// by the database when the holder's connection ends (its process died).
//
// Thread-safety: NOT synchronized; one thread (the service's cluster loop)
// owns a ClusterLink.
#ifndef SUTURE_SERVER_STORAGE_CLUSTER_LINK_H_
#define SUTURE_SERVER_STORAGE_CLUSTER_LINK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "suture/core/status.h"

namespace suture::server {

// Channel of the metadata version (payload: the decimal version).
inline constexpr char kVersionChannel[] = "suture_version";
// Channel of targeted device pushes (payload: JSON, see Service::PushToDevice).
inline constexpr char kPushChannel[] = "suture_push";
// Channel of live-dashboard updates: apps whose reports or counters changed
// on one instance (payload: JSON, see Service::NotifyConsoles).
inline constexpr char kConsoleChannel[] = "suture_console";

struct ClusterMessage {
  std::string channel;
  std::string payload;
};

class ClusterLink {
 public:
  virtual ~ClusterLink() = default;
  // Waits up to `timeout_ms` for announcements and returns those that came
  // (possibly none). On a lost connection: kUnavailable, and the next call
  // reconnects (and LISTENs again); announcements made meanwhile are lost,
  // which is why the caller also polls the version.
  virtual StatusOr<std::vector<ClusterMessage>> Wait(int timeout_ms) = 0;
  // The metadata version now in the database.
  virtual StatusOr<int64_t> Version() = 0;
  // True while this instance holds the tick lease: takes it when free.
  // Checks the connection, so a holder whose connection broke (and so lost
  // the lock) learns it here and answers false until it takes it again.
  virtual StatusOr<bool> HoldTickLease() = 0;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_STORAGE_CLUSTER_LINK_H_
