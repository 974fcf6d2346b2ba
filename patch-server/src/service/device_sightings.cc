// DeviceSightings (see device_sightings.h).
#include "service/device_sightings.h"

namespace suture::server {

void DeviceSightings::Record(const gray::DeviceContext& device, int64_t now) {
  Put(device, now, /*mine=*/true);
}

void DeviceSightings::Adopt(const gray::DeviceContext& device, int64_t seen_at) {
  Put(device, seen_at, /*mine=*/false);
}

void DeviceSightings::Put(const gray::DeviceContext& device, int64_t seen_at, bool mine) {
  if (max_ == 0) return;
  std::string key = Key(device.app_id, device.device_id);
  std::lock_guard<std::mutex> l(mu_);
  auto it = by_key_.find(key);
  // Another instance's sighting never replaces a newer one known here.
  if (!mine && it != by_key_.end() && it->second->seen_at >= seen_at) return;
  if (mine) dirty_.insert(key);
  if (it != by_key_.end()) {
    it->second->context = device;
    it->second->seen_at = seen_at;
    by_recency_.splice(by_recency_.begin(), by_recency_, it->second);
    return;
  }
  if (by_key_.size() >= max_) {
    const Sighting& last = by_recency_.back();
    const std::string old = Key(last.context.app_id, last.context.device_id);
    by_key_.erase(old);
    dirty_.erase(old);
    by_recency_.pop_back();
  }
  by_recency_.push_front(Sighting{device, seen_at});
  by_key_.emplace(std::move(key), by_recency_.begin());
}

std::optional<Sighting> DeviceSightings::Find(const std::string& app_id,
                                              const std::string& device_id) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = by_key_.find(Key(app_id, device_id));
  if (it == by_key_.end()) return std::nullopt;
  return *it->second;
}

std::vector<Sighting> DeviceSightings::SeenSince(const std::string& app_id, int64_t since,
                                                 size_t limit) const {
  std::vector<Sighting> out;
  std::lock_guard<std::mutex> l(mu_);
  for (const Sighting& s : by_recency_) {
    // Adopted sightings (Adopt) may sit a few seconds out of order.
    if (out.size() >= limit) break;
    if (s.seen_at >= since && s.context.app_id == app_id) out.push_back(s);
  }
  return out;
}

std::vector<Sighting> DeviceSightings::TakeDirty() {
  std::vector<Sighting> out;
  std::lock_guard<std::mutex> l(mu_);
  out.reserve(dirty_.size());
  for (const std::string& key : dirty_) {
    auto it = by_key_.find(key);
    if (it != by_key_.end()) out.push_back(*it->second);
  }
  dirty_.clear();
  return out;
}

size_t DeviceSightings::size() const {
  std::lock_guard<std::mutex> l(mu_);
  return by_key_.size();
}

}  // namespace suture::server
