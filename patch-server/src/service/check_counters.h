// CheckCounters: the in-memory buffer of check-time aggregate counters
// (checked / eligible / rollback_directed, ~10k increments per second) with
// exact distinct-device counts per (release, base, minute, metric, code) cell.
//
// Each cell keeps the 64-bit hashes of the devices it has counted, for the
// newest minute and the one before only: a check is stamped with the minute it
// arrived in, so older minutes are final and their sets are dropped. Take()
// hands out the event and new-device deltas since the previous Take(), to be
// added to the stored cells; taking twice within a minute never counts a
// device twice because the sets outlive the Take().
//
// Memory bound: a cell set stops growing at `max_devices_per_cell` hashes and
// from then on samples (adaptive sampling: keeps only hashes whose top `level`
// bits are zero, estimate = kept << level, ~0.1% error at 1M); all sets
// together stop growing at `max_total_devices` hashes, after which a device not
// already held counts as new (an upper bound). Either way the cell is marked
// devices_approx. A set costs <= 16 bytes per held hash (open addressing at
// load <= 1/2). Sets are lost on restart: devices that check in the same minute
// before and after a restart count twice in that minute.
//
// Thread-safety: all methods are thread-safe (one mutex, held for a hash-map
// lookup and a set probe per Add).
#ifndef SUTURE_SERVER_SERVICE_CHECK_COUNTERS_H_
#define SUTURE_SERVER_SERVICE_CHECK_COUNTERS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "storage/store.h"

namespace suture::server {

// Stable 64-bit device hash (FNV-1a-64 + fmix64 over the device id bytes).
uint64_t DeviceHash(std::string_view device_id);

// A set of 64-bit hashes with a size cap past which it samples.
// Thread-compatible (CheckCounters locks it).
class DeviceHashSet {
 public:
  explicit DeviceHashSet(size_t cap) : cap_(cap < 1 ? 1 : cap) {}

  // Adds `h` unless present or not sampled. Returns true when it was added
  // (the estimate may have changed).
  bool Insert(uint64_t h);
  bool Contains(uint64_t h) const;
  // Distinct hashes seen: exact while level() == 0.
  uint64_t Estimate() const { return static_cast<uint64_t>(size_) << level_; }
  int level() const { return level_; }
  size_t size() const { return size_; }

 private:
  bool Sampled(uint64_t h) const { return level_ == 0 || (h >> (64 - level_)) == 0; }
  void InsertNew(uint64_t h);  // REQUIRES: h sampled, absent, room for one more
  void Rebuild(size_t slots);  // rehash the sampled hashes into `slots` slots

  size_t cap_;
  int level_ = 0;
  size_t size_ = 0;
  std::vector<uint64_t> slots_;  // 0 = empty (a zero hash is stored as 1)
};

class CheckCounters {
 public:
  CheckCounters(size_t max_devices_per_cell, size_t max_total_devices)
      : max_per_cell_(max_devices_per_cell), max_total_(max_total_devices) {}

  // Counts one event in the cell and `device_hash` as a device unless the cell
  // already counted it this minute.
  void Add(int64_t release_id, std::string_view base, int64_t minute, std::string_view metric,
           int64_t code, uint64_t device_hash);

  // Returns the deltas since the previous Take (cells with count or devices
  // > 0) and drops the device sets of minutes before max(now_minute, newest
  // minute seen) - 1.
  std::vector<AggregateCell> Take(int64_t now_minute);
  // Puts deltas from Take back (their write failed, e.g. a full disk), to be
  // taken again by the next Take: nothing is lost. A cell whose set was
  // dropped meanwhile keeps its counts (later devices in it count as new
  // and mark it approximate, as any late event does).
  void Requeue(const std::vector<AggregateCell>& cells);

  // Hashes held across all sets (for the memory bound and tests).
  size_t held_devices() const;

 private:
  using Key = std::tuple<int64_t, std::string, int64_t, std::string, int64_t>;
  struct Cell {
    // A cell's minute is final once a minute two later has been seen; its set
    // is then dropped, and any later event in it makes `approx` true.
    int64_t events = 0;   // pending (not yet taken)
    int64_t devices = 0;  // pending
    int64_t counted = 0;  // devices attributed to the cell so far (taken + pending)
    bool approx = false;
    bool approx_pending = false;
    DeviceHashSet set;
    explicit Cell(size_t cap) : set(cap) {}
  };
  void DropFinalLocked();

  const size_t max_per_cell_;
  const size_t max_total_;
  mutable std::mutex mu_;
  std::map<Key, Cell, std::less<>> cells_;
  int64_t newest_minute_ = 0;
  size_t held_ = 0;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_CHECK_COUNTERS_H_
