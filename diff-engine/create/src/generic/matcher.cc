// bsdiff-family matching over a libdivsufsort suffix array.
//
// The scan follows the algorithm of Colin Percival's "Naive differences of
// executable code": keep the current alignment (old offset - new offset),
// count how many bytes of the next exact match it already explains, and only
// switch alignment when a new match beats it by more than min_match_gain
// bytes. Each switch emits a control entry whose add region is extended
// forward from the previous alignment and backward from the new one while
// matches outnumber mismatches.
#include "matcher.h"

#include <divsufsort.h>
#include <divsufsort64.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>

namespace suture::diff::internal {
namespace {

// Length of the common prefix of a[0, alen) and b[0, blen), given that the
// first `start` bytes are already known to match.
int64_t CommonPrefix(const uint8_t* a, int64_t alen, const uint8_t* b, int64_t blen,
                     int64_t start) {
  const int64_t n = std::min(alen, blen);
  int64_t i = start;
  while (n - i >= 8) {
    uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return i + (__builtin_ctzll(x ^ y) >> 3);  // little-endian
    i += 8;
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

template <typename Index>
class SuffixIndex {
 public:
  SuffixIndex(ByteView old_data, std::vector<Index> sa)
      : old_(old_data), sa_(std::move(sa)), bucket_(kBuckets, 0), bucket_end_(kBuckets, 0) {
    // bucket_[k] = first rank of the suffixes starting with the two bytes k
    // (big-endian); the one-byte suffix at the end sorts just before its
    // first byte's group of two-byte buckets.
    const size_t n = old_.size();
    std::vector<uint64_t> count(kBuckets, 0);
    for (size_t i = 0; i + 1 < n; ++i) ++count[(old_[i] << 8) | old_[i + 1]];
    uint64_t rank = 0;
    for (size_t k = 0; k < kBuckets; ++k) {
      if ((k & 0xff) == 0 && n > 0 && old_[n - 1] == (k >> 8)) ++rank;
      bucket_[k] = rank;
      rank += count[k];
      bucket_end_[k] = rank;
    }
  }

  // Longest prefix of `target` that occurs in OLD; its OLD offset in *pos.
  int64_t Longest(const uint8_t* target, int64_t tlen, int64_t* pos) const {
    const int64_t n = static_cast<int64_t>(old_.size());
    *pos = 0;
    if (n == 0 || tlen == 0) return 0;
    int64_t lo = 0, hi = n - 1;
    if (tlen >= 2) {
      // Any suffix sharing the first two bytes beats every other, and they
      // are all in one bucket: search only there when it is not empty.
      const size_t k = (target[0] << 8) | target[1];
      const uint64_t first = bucket_[k];
      const uint64_t end = bucket_end_[k];
      if (end > first) {
        lo = static_cast<int64_t>(first);
        hi = static_cast<int64_t>(end) - 1;
      }
    }
    int64_t llo = Lcp(lo, target, tlen, 0);
    int64_t lhi = Lcp(hi, target, tlen, 0);
    // Every suffix between lo and hi shares at least min(llo, lhi) bytes with
    // the target, so comparisons can skip them.
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      const int64_t k = Lcp(mid, target, tlen, std::min(llo, lhi));
      const int64_t start = sa_[mid];
      if (k == tlen) {
        *pos = start;
        return k;
      }
      if (k == n - start || old_[start + k] < target[k]) {
        lo = mid;
        llo = k;
      } else {
        hi = mid;
        lhi = k;
      }
    }
    if (llo >= lhi) {
      *pos = sa_[lo];
      return llo;
    }
    *pos = sa_[hi];
    return lhi;
  }

 private:
  int64_t Lcp(int64_t rank, const uint8_t* target, int64_t tlen, int64_t start) const {
    const int64_t off = sa_[rank];
    return CommonPrefix(old_.data() + off, static_cast<int64_t>(old_.size()) - off, target,
                        tlen, start);
  }

  static constexpr size_t kBuckets = 65536;
  ByteView old_;
  std::vector<Index> sa_;
  std::vector<uint64_t> bucket_;
  std::vector<uint64_t> bucket_end_;
};

template <typename Index>
StatusOr<std::vector<Index>> BuildSuffixArray(ByteView old_data) {
  std::vector<Index> sa;
  try {
    sa.resize(old_data.size());
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("generic diff: cannot allocate suffix array for " +
                                     std::to_string(old_data.size()) + " old bytes");
  }
  if (old_data.empty()) return sa;
  int rc;
  if constexpr (sizeof(Index) == 4) {
    rc = divsufsort(old_data.data(), sa.data(), static_cast<saidx_t>(old_data.size()));
  } else {
    rc = divsufsort64(old_data.data(), sa.data(), static_cast<saidx64_t>(old_data.size()));
  }
  if (rc != 0) return Status::Internal("generic diff: divsufsort failed with " + std::to_string(rc));
  return sa;
}

template <typename Index>
std::vector<ControlEntry> Scan(const SuffixIndex<Index>& index, ByteView old_data,
                               ByteView new_data, const MatchOptions& options) {
  const uint8_t* old_bytes = old_data.data();
  const uint8_t* new_bytes = new_data.data();
  const int64_t old_size = static_cast<int64_t>(old_data.size());
  const int64_t new_size = static_cast<int64_t>(new_data.size());
  const int64_t gain = options.min_match_gain;
  const int64_t max_len = std::max<int64_t>(options.max_match_length, 1);
  const int64_t pct = std::clamp(options.extend_match_percent, 1, 100);

  // True when the byte at NEW offset i matches OLD under alignment `offset`.
  auto aligned_match = [&](int64_t i, int64_t offset) {
    const int64_t o = i + offset;
    return o >= 0 && o < old_size && old_bytes[o] == new_bytes[i];
  };

  std::vector<ControlEntry> out;
  int64_t scan = 0, len = 0, pos = 0;
  int64_t last_scan = 0, last_pos = 0, last_offset = 0;
  while (scan < new_size) {
    int64_t old_score = 0;  // bytes of [scan, scan+len) the current alignment explains
    scan += len;
    int64_t counted = scan;
    for (; scan < new_size; ++scan) {
      len = index.Longest(new_bytes + scan, std::min(new_size - scan, max_len), &pos);
      for (; counted < scan + len; ++counted) {
        if (aligned_match(counted, last_offset)) ++old_score;
      }
      if ((len == old_score && len != 0) || len > old_score + gain) break;
      if (aligned_match(scan, last_offset)) --old_score;
    }
    if (len == old_score && scan != new_size) continue;

    // Forward extension of the previous alignment from (last_scan, last_pos).
    // Score of a region of i bytes with s matches: s*100 - i*pct (> 0 when
    // more than pct% match); each extension keeps its best-scoring length.
    int64_t len_f = 0;
    {
      int64_t s = 0, best = 0;
      for (int64_t i = 0; last_scan + i < scan && last_pos + i < old_size;) {
        if (old_bytes[last_pos + i] == new_bytes[last_scan + i]) ++s;
        ++i;
        const int64_t score = s * 100 - i * pct;
        if (score > best) {
          best = score;
          len_f = i;
        }
      }
    }
    // Backward extension of the new match from (scan, pos).
    int64_t len_b = 0;
    if (scan < new_size) {
      int64_t s = 0, best = 0;
      for (int64_t i = 1; scan >= last_scan + i && pos >= i; ++i) {
        if (old_bytes[pos - i] == new_bytes[scan - i]) ++s;
        const int64_t score = s * 100 - i * pct;
        if (score > best) {
          best = score;
          len_b = i;
        }
      }
    }
    // The two extensions may overlap in NEW: split where the forward one
    // stops paying off relative to the backward one.
    if (last_scan + len_f > scan - len_b) {
      const int64_t overlap = (last_scan + len_f) - (scan - len_b);
      int64_t s = 0, best = 0, split = 0;
      for (int64_t i = 0; i < overlap; ++i) {
        if (new_bytes[last_scan + len_f - overlap + i] ==
            old_bytes[last_pos + len_f - overlap + i]) {
          ++s;
        }
        if (new_bytes[scan - len_b + i] == old_bytes[pos - len_b + i]) --s;
        if (s > best) {
          best = s;
          split = i + 1;
        }
      }
      len_f += split - overlap;
      len_b -= split;
    }

    ControlEntry e;
    e.add_len = static_cast<uint64_t>(len_f);
    e.extra_len = static_cast<uint64_t>((scan - len_b) - (last_scan + len_f));
    // The last entry's seek is never used; 0 keeps the control stream tidy.
    e.seek = scan == new_size ? 0 : (pos - len_b) - (last_pos + len_f);
    if (e.add_len == 0 && e.extra_len == 0 && !out.empty() && out.back().add_len == 0 &&
        out.back().extra_len == 0) {
      out.back().seek += e.seek;  // appliers reject consecutive empty entries
    } else {
      out.push_back(e);
    }

    last_scan = scan - len_b;
    last_pos = pos - len_b;
    last_offset = pos - scan;
  }
  return out;
}

}  // namespace

namespace {

template <typename Index>
class MatcherImpl : public Matcher {
 public:
  MatcherImpl(ByteView old_data, std::vector<Index> sa)
      : old_(old_data), index_(old_data, std::move(sa)) {}
  std::vector<ControlEntry> Scan(ByteView new_data, const MatchOptions& options) const override {
    return internal::Scan(index_, old_, new_data, options);
  }

 private:
  ByteView old_;
  SuffixIndex<Index> index_;
};

template <typename Index>
StatusOr<std::unique_ptr<Matcher>> BuildMatcher(ByteView old_data) {
  SUTURE_ASSIGN_OR_RETURN(std::vector<Index> sa, BuildSuffixArray<Index>(old_data));
  return std::unique_ptr<Matcher>(new MatcherImpl<Index>(old_data, std::move(sa)));
}

}  // namespace

StatusOr<std::unique_ptr<Matcher>> Matcher::Build(ByteView old_data) {
  if (old_data.size() < static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return BuildMatcher<int32_t>(old_data);
  }
  return BuildMatcher<int64_t>(old_data);
}

StatusOr<std::vector<ControlEntry>> ComputeControl(ByteView old_data, ByteView new_data,
                                                   const MatchOptions& options) {
  SUTURE_ASSIGN_OR_RETURN(std::unique_ptr<Matcher> matcher, Matcher::Build(old_data));
  return matcher->Scan(new_data, options);
}

}  // namespace suture::diff::internal
