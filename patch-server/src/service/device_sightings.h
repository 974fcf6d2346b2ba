// DeviceSightings: the last check context of each device that checked in,
// kept for the console (a device's decision and reason now; how many devices
// a rule would reach). Bounded: at most `max_devices` devices, the least
// recently seen dropped first. Indexed by (app, device id) and by recency
// (newest first). Held in memory; the server persists what changed every
// second (TakeDirty, table device_sightings) and reloads it on start.
//
// Thread-safety: all methods are thread-safe; Record is O(log n)-free (hash
// map + list splice) and holds the lock for a copy of the context, so the
// check path can call it.
#ifndef SUTURE_SERVER_SERVICE_DEVICE_SIGHTINGS_H_
#define SUTURE_SERVER_SERVICE_DEVICE_SIGHTINGS_H_

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "suture/gray/device.h"

namespace suture::server {

struct Sighting {
  gray::DeviceContext context;  // app_id and ip as the server set them
  int64_t seen_at = 0;          // unix seconds of the last check
};

class DeviceSightings {
 public:
  explicit DeviceSightings(size_t max_devices) : max_(max_devices) {}

  // Remembers `device` (its app_id must be set) as seen at `now`.
  void Record(const gray::DeviceContext& device, int64_t now);
  // Remembers a sighting another instance stored (cluster on PostgreSQL):
  // kept unless this one knows a newer sighting of the device, and not
  // marked for persisting (it is in the database already).
  void Adopt(const gray::DeviceContext& device, int64_t seen_at);
  std::optional<Sighting> Find(const std::string& app_id, const std::string& device_id) const;
  // The app's devices seen at or after `since`, newest first, at most `limit`.
  std::vector<Sighting> SeenSince(const std::string& app_id, int64_t since, size_t limit) const;
  size_t size() const;
  // The devices recorded since the last call (for persisting), and forgets
  // that they were.
  std::vector<Sighting> TakeDirty();

 private:
  using List = std::list<Sighting>;
  // Record (mine: marked for persisting) and Adopt (another instance's).
  void Put(const gray::DeviceContext& device, int64_t seen_at, bool mine);
  // app id, '\n', device id (appended in place: GCC 12 warns falsely
  // with -Wrestrict on `a + '\n' + b`).
  static std::string Key(const std::string& app_id, const std::string& device_id) {
    std::string k;
    k.reserve(app_id.size() + 1 + device_id.size());
    k.append(app_id).push_back('\n');
    k.append(device_id);
    return k;
  }
  const size_t max_;
  mutable std::mutex mu_;
  List by_recency_;  // front = most recently seen
  std::unordered_map<std::string, List::iterator> by_key_;
  std::unordered_set<std::string> dirty_;  // keys recorded since TakeDirty
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_DEVICE_SIGHTINGS_H_
