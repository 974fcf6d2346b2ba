#include "service/rate_limiter.h"

#include <algorithm>
#include <functional>

namespace suture::server {

bool RateLimiter::Allow(std::string_view key, double now_sec) {
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % shards_.size()];
  std::lock_guard<std::mutex> l(shard.mu);
  auto [it, inserted] = shard.buckets.try_emplace(std::string(key), Bucket{burst_, now_sec});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, now_sec - b.last) * per_second_);
    b.last = now_sec;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

size_t RateLimiter::Sweep(double now_sec) {
  size_t remaining = 0;
  for (Shard& shard : shards_) {
    std::lock_guard<std::mutex> l(shard.mu);
    std::erase_if(shard.buckets, [&](const auto& kv) {
      return kv.second.tokens + (now_sec - kv.second.last) * per_second_ >= burst_;
    });
    remaining += shard.buckets.size();
  }
  return remaining;
}

}  // namespace suture::server
