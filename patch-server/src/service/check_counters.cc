#include "service/check_counters.h"

#include <algorithm>

#include "suture/gray/bucket.h"

namespace suture::server {

uint64_t DeviceHash(std::string_view device_id) {
  return gray::Fmix64(gray::Fnv1a64(gray::kFnvOffset, device_id));
}

bool DeviceHashSet::Contains(uint64_t h) const {
  if (h == 0) h = 1;
  if (slots_.empty()) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return true;
    if (slots_[i] == 0) return false;
  }
}

void DeviceHashSet::InsertNew(uint64_t h) {
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = h;
  ++size_;
}

void DeviceHashSet::Rebuild(size_t slots) {
  std::vector<uint64_t> old;
  old.swap(slots_);
  slots_.assign(slots, 0);
  size_ = 0;
  for (uint64_t h : old) {
    if (h != 0 && Sampled(h)) InsertNew(h);
  }
}

bool DeviceHashSet::Insert(uint64_t h) {
  if (h == 0) h = 1;
  if (!Sampled(h) || Contains(h)) return false;
  // Load factor <= 1/2 keeps probes short; slot counts are powers of two.
  if ((size_ + 1) * 2 > slots_.size()) Rebuild(std::max<size_t>(16, slots_.size() * 2));
  InsertNew(h);
  // Over the cap: keep only the half of the hashes with one more top bit zero.
  while (size_ > cap_ && level_ < 63) {
    ++level_;
    Rebuild(slots_.size());
  }
  return true;
}

void CheckCounters::Add(int64_t release_id, std::string_view base, int64_t minute,
                        std::string_view metric, int64_t code, uint64_t device_hash) {
  std::lock_guard<std::mutex> l(mu_);
  if (minute > newest_minute_) {
    newest_minute_ = minute;
    DropFinalLocked();
  }
  // Heterogeneous lookup: no key strings are built unless the cell is new.
  auto it = cells_.find(std::tuple<int64_t, std::string_view, int64_t, std::string_view, int64_t>(
      release_id, base, minute, metric, code));
  if (it == cells_.end()) {
    it = cells_
             .emplace(std::piecewise_construct,
                      std::forward_as_tuple(release_id, std::string(base), minute,
                                            std::string(metric), code),
                      std::forward_as_tuple(max_per_cell_))
             .first;
  }
  Cell& c = it->second;
  ++c.events;
  if (minute < newest_minute_ - 1 && !c.approx) {
    // A late event in a final minute: its set is gone, so this device may
    // already be counted there.
    c.approx = c.approx_pending = true;
  }
  if (held_ < max_total_) {
    const size_t before = c.set.size();
    if (!c.set.Insert(device_hash)) return;
    held_ = held_ + c.set.size() - before;
    if (c.set.level() > 0 && !c.approx) c.approx = c.approx_pending = true;
    const int64_t estimate = static_cast<int64_t>(c.set.Estimate());
    if (estimate > c.counted) {
      c.devices += estimate - c.counted;
      c.counted = estimate;
    }
  } else if (!c.set.Contains(device_hash)) {
    // Out of memory budget: every device not held counts (an upper bound).
    ++c.devices;
    ++c.counted;
    if (!c.approx) c.approx = c.approx_pending = true;
  }
}

void CheckCounters::DropFinalLocked() {
  for (auto it = cells_.begin(); it != cells_.end();) {
    Cell& c = it->second;
    if (std::get<2>(it->first) >= newest_minute_ - 1) {
      ++it;
      continue;
    }
    held_ -= c.set.size();
    if (c.events == 0 && c.devices == 0 && !c.approx_pending) {
      it = cells_.erase(it);
    } else {  // deltas not taken yet: keep the counts, free the set
      c.set = DeviceHashSet(max_per_cell_);
      ++it;
    }
  }
}

std::vector<AggregateCell> CheckCounters::Take(int64_t now_minute) {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<AggregateCell> out;
  for (auto& [k, c] : cells_) {
    if (c.events == 0 && c.devices == 0 && !c.approx_pending) continue;
    out.push_back(AggregateCell{std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k),
                                std::get<4>(k), c.events, c.devices, c.approx});
    c.events = c.devices = 0;
    c.approx_pending = false;
  }
  newest_minute_ = std::max(newest_minute_, now_minute);
  DropFinalLocked();
  return out;
}

void CheckCounters::Requeue(const std::vector<AggregateCell>& cells) {
  std::lock_guard<std::mutex> l(mu_);
  for (const AggregateCell& a : cells) {
    auto it = cells_.find(std::tuple<int64_t, std::string_view, int64_t, std::string_view, int64_t>(
        a.release_id, a.base_fingerprint, a.minute, a.metric, a.code));
    if (it == cells_.end()) {
      it = cells_
               .emplace(std::piecewise_construct,
                        std::forward_as_tuple(a.release_id, a.base_fingerprint, a.minute, a.metric,
                                              a.code),
                        std::forward_as_tuple(max_per_cell_))
               .first;
      it->second.counted = a.devices;
    }
    Cell& c = it->second;
    c.events += a.count;
    c.devices += a.devices;
    if (a.devices_approx) c.approx = c.approx_pending = true;
  }
}

size_t CheckCounters::held_devices() const {
  std::lock_guard<std::mutex> l(mu_);
  return held_;
}

}  // namespace suture::server
