// Per-key token-bucket rate limiter (keys: app id + device id).
//
// Each key holds up to `burst` tokens, refilled at `per_second`. Buckets idle
// long enough to be full again are dropped by Sweep(), so memory follows the
// number of recently active devices.
//
// Thread-safety: thread-safe (16 shards, one mutex each).
#ifndef SUTURE_SERVER_SERVICE_RATE_LIMITER_H_
#define SUTURE_SERVER_SERVICE_RATE_LIMITER_H_

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace suture::server {

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

  // Takes one token for `key` at time `now_sec`; false when none is left.
  bool Allow(std::string_view key, double now_sec);
  // Drops buckets that would be full at `now_sec`. Returns how many remain.
  size_t Sweep(double now_sec);

 private:
  struct Bucket {
    double tokens;
    double last;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  double per_second_;
  double burst_;
  std::array<Shard, 16> shards_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_RATE_LIMITER_H_
