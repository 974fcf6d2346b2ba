// Per-key rate limiter (keys: app id + device id), token-bucket semantics:
// each key may spend up to `burst` requests at once, refilled at
// `per_second`.
//
// Stored as GCRA (the generic cell rate algorithm, the token bucket written
// as one "theoretical arrival time" per key) in open-addressing tables of
// 16-byte entries keyed by a 64-bit hash of the key: no per-key allocation.
// A key whose bucket is full again (its arrival time has passed) carries no
// state, so it is dropped: by Sweep(), and by a table before it grows. Memory
// therefore follows the keys seen in the last burst/per_second seconds (and
// since the last Sweep), at 21-43 bytes each (load between 3/8 and 3/4),
// not the number of distinct keys ever seen. Two keys whose hashes collide
// (about 1 in 2^64 / n) share a bucket.
//
// Thread-safety: thread-safe (16 shards, one mutex each).
#ifndef SUTURE_SERVER_SERVICE_RATE_LIMITER_H_
#define SUTURE_SERVER_SERVICE_RATE_LIMITER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace suture::server {

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst);

  // Takes one request for `key` at time `now_sec`; false when its bucket is
  // empty.
  bool Allow(std::string_view key, double now_sec);
  // Drops keys whose buckets are full at `now_sec` and shrinks the tables.
  // Returns how many keys remain.
  size_t Sweep(double now_sec);
  // Bytes held by the tables (for the memory bound and tests).
  size_t memory_bytes() const;

 private:
  struct Entry {
    uint64_t key = 0;  // 0 = empty (a zero hash is stored as 1)
    double tat = 0;    // theoretical arrival time: the bucket is full from then on
  };
  struct Shard {
    mutable std::mutex mu;
    std::vector<Entry> slots;  // power-of-two size, or empty
    size_t used = 0;
  };
  // Rebuilds `s` keeping the entries still holding state at `now_sec`, into
  // a table sized for them plus `extra` more.
  static void Rebuild(Shard& s, double now_sec, size_t extra);

  double interval_;   // seconds per request at the sustained rate
  double tolerance_;  // how far the arrival time may run ahead of now
  std::array<Shard, 16> shards_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_RATE_LIMITER_H_
