#include "service/rate_limiter.h"

#include <algorithm>

#include "service/check_counters.h"

namespace suture::server {
namespace {

constexpr size_t kMinSlots = 16;

// Smallest power of two >= n * 4 / 3 (load <= 3/4), at least kMinSlots.
size_t SlotsFor(size_t n) {
  size_t slots = kMinSlots;
  while (slots * 3 < n * 4) slots *= 2;
  return slots;
}

}  // namespace

RateLimiter::RateLimiter(double per_second, double burst)
    : interval_(per_second > 0 ? 1.0 / per_second : 0),
      tolerance_(std::max(0.0, burst - 1.0) * (per_second > 0 ? 1.0 / per_second : 0)) {}

void RateLimiter::Rebuild(Shard& s, double now_sec, size_t extra) {
  std::vector<Entry> old;
  old.swap(s.slots);
  size_t live = 0;
  for (const Entry& e : old) live += (e.key != 0 && e.tat > now_sec) ? 1 : 0;
  s.used = 0;
  if (live + extra == 0) return;  // empty: give the memory back
  s.slots.assign(SlotsFor((live + extra) * 2), Entry{});
  const size_t mask = s.slots.size() - 1;
  for (const Entry& e : old) {
    if (e.key == 0 || e.tat <= now_sec) continue;
    size_t i = e.key & mask;
    while (s.slots[i].key != 0) i = (i + 1) & mask;
    s.slots[i] = e;
    ++s.used;
  }
}

bool RateLimiter::Allow(std::string_view key, double now_sec) {
  uint64_t h = DeviceHash(key);
  if (h == 0) h = 1;
  Shard& s = shards_[(h >> 60) & 15];  // top bits pick the shard, low bits the slot
  std::lock_guard<std::mutex> l(s.mu);
  if (!s.slots.empty()) {
    const size_t mask = s.slots.size() - 1;
    for (size_t i = h & mask; s.slots[i].key != 0; i = (i + 1) & mask) {
      if (s.slots[i].key != h) continue;
      Entry& e = s.slots[i];
      const double tat = std::max(e.tat, now_sec);
      if (tat - now_sec > tolerance_) return false;
      e.tat = tat + interval_;
      return true;
    }
  }
  // A new key (or one dropped as full): its bucket is full.
  if ((s.used + 1) * 4 > s.slots.size() * 3) Rebuild(s, now_sec, 1);
  const size_t mask = s.slots.size() - 1;
  size_t i = h & mask;
  while (s.slots[i].key != 0) i = (i + 1) & mask;
  s.slots[i] = Entry{h, now_sec + interval_};
  ++s.used;
  return true;
}

size_t RateLimiter::Sweep(double now_sec) {
  size_t remaining = 0;
  for (Shard& s : shards_) {
    std::lock_guard<std::mutex> l(s.mu);
    Rebuild(s, now_sec, 0);
    remaining += s.used;
  }
  return remaining;
}

size_t RateLimiter::memory_bytes() const {
  size_t bytes = 0;
  for (const Shard& s : shards_) {
    std::lock_guard<std::mutex> l(s.mu);
    bytes += s.slots.capacity() * sizeof(Entry);
  }
  return bytes;
}

}  // namespace suture::server
