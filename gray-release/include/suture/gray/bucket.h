// Stable percentage bucketing.
//
// Every (salt, device id) pair maps to a bucket in [0, 10000): 1/10000
// resolution ("basis points"). A release at b basis points contains exactly
// the devices whose bucket lies in the first b buckets of its bucket range, so
// raising the percentage only ever adds devices. Each release has its own
// salt (default: its id), so different releases draw independent cohorts;
// releases of an A/B experiment share a salt and split the range.
//
// The hash is specified byte for byte in docs/gray-release.md (with test
// vectors) so that other languages can reproduce it:
//   h      = FNV-1a-64(salt bytes || 0x00 || device id bytes)
//   bucket = fmix64(h) mod 10000       (fmix64: MurmurHash3's 64-bit finalizer)
//
// Thread-safety: pure functions.
#ifndef SUTURE_GRAY_BUCKET_H_
#define SUTURE_GRAY_BUCKET_H_

#include <cstdint>
#include <string_view>

namespace suture::gray {

inline constexpr uint32_t kBucketCount = 10000;

inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// FNV-1a-64 continued from `state` over `bytes`.
constexpr uint64_t Fnv1a64(uint64_t state, std::string_view bytes) {
  for (unsigned char c : bytes) {
    state ^= c;
    state *= kFnvPrime;
  }
  return state;
}

// MurmurHash3 fmix64: a bijective avalanche finalizer.
constexpr uint64_t Fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// The FNV state after absorbing `salt` and the 0x00 separator. Releases
// precompute it once so a check hashes only the device id.
constexpr uint64_t SaltState(std::string_view salt) {
  uint64_t s = Fnv1a64(kFnvOffset, salt);
  s ^= 0x00;
  s *= kFnvPrime;
  return s;
}

constexpr uint32_t BucketFromSaltState(uint64_t salt_state, std::string_view device_id) {
  return static_cast<uint32_t>(Fmix64(Fnv1a64(salt_state, device_id)) % kBucketCount);
}

// The bucket of `device_id` under `salt`, in [0, kBucketCount).
// REQUIRES: salt contains no NUL byte (validated when releases are built).
constexpr uint32_t Bucket(std::string_view salt, std::string_view device_id) {
  return BucketFromSaltState(SaltState(salt), device_id);
}

// A half-open bucket interval [begin, end) with 0 <= begin < end <= 10000.
struct BucketRange {
  uint32_t begin = 0;
  uint32_t end = kBucketCount;
  friend bool operator==(const BucketRange&, const BucketRange&) = default;
};

// The end of the live part of `range` when a release is at `basis_points`
// (0..10000): begin + floor(width * basis_points / 10000). Monotonic in
// basis_points, so raising the percentage only adds buckets.
constexpr uint32_t LiveEnd(BucketRange range, uint32_t basis_points) {
  uint64_t width = range.end - range.begin;
  return range.begin + static_cast<uint32_t>(width * basis_points / kBucketCount);
}

// True when a device in `bucket` is inside the first `basis_points` of `range`.
constexpr bool InRollout(uint32_t bucket, BucketRange range, uint32_t basis_points) {
  return bucket >= range.begin && bucket < LiveEnd(range, basis_points);
}

}  // namespace suture::gray

#endif  // SUTURE_GRAY_BUCKET_H_
