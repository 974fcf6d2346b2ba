// EncodeMaps / DecodeMaps: the projection maps as carried in a DEX patch.
//
// Layout (all integers LEB128, see docs/dex.md):
//   for each index kind k in 0..6:
//     uleb old_count, sleb (new_count - old_count), uleb run_count,
//     runs: uleb (length << 1 | unmapped); if mapped: sleb (first - expected)
//       where expected is one past the last mapped value (initially 0)
//   uleb shift_count; shifts: uleb (start - previous start), sleb (delta - previous delta)
// Compact form (patch v3): no old_count (taken from the old DEX), and the
// last run of a kind is written with length 0, meaning "the rest"; a kind
// whose map is the identity (old i -> new i for every i) has run_count 0;
// shifts that do not change the offset in effect are left out, and maps
// that are the identity everywhere (every kind, no shift) are empty.
#include <string>
#include <vector>

#include "suture/apply/dex_projection.h"

namespace suture::dex {
namespace {

bool IsIdentity(const std::vector<uint32_t>& m) {
  for (size_t i = 0; i < m.size(); ++i) {
    if (m[i] != i) return false;
  }
  return true;
}

}  // namespace

Bytes EncodeMaps(const ProjectionMaps& maps, bool compact) {
  std::vector<OffsetShift> shifts;
  int32_t in_effect = 0;  // before the first shift offsets do not move
  for (const OffsetShift& s : maps.shifts) {
    if (compact && s.delta == in_effect) continue;  // changes nothing
    shifts.push_back(s);
    in_effect = s.delta;
  }
  if (compact && shifts.empty()) {
    bool identity = true;
    for (int k = 0; k < kNumIndexKinds && identity; ++k) {
      identity = IsIdentity(maps.index[k]) && maps.new_count[k] == maps.index[k].size();
    }
    if (identity) return {};
  }
  ByteWriter w;
  for (int k = 0; k < kNumIndexKinds; ++k) {
    const auto& m = maps.index[k];
    if (!compact) w.WriteUleb128(static_cast<uint32_t>(m.size()));
    w.WriteSleb128(
        static_cast<int32_t>(int64_t{maps.new_count[k]} - static_cast<int64_t>(m.size())));
    ByteWriter runs;
    uint32_t run_count = 0;
    int64_t expected = 0;
    size_t i = 0;
    if (compact && IsIdentity(m)) i = m.size();  // run_count 0
    while (i < m.size()) {
      size_t j = i + 1;
      // Compact: the last run's length is implied.
      auto len = [&] { return compact && j == m.size() ? size_t{0} : j - i; };
      if (m[i] == kNoIndex) {
        while (j < m.size() && m[j] == kNoIndex) ++j;
        runs.WriteUleb128(static_cast<uint32_t>(len() << 1 | 1));
      } else {
        while (j < m.size() && m[j] != kNoIndex && m[j] == m[i] + (j - i)) ++j;
        runs.WriteUleb128(static_cast<uint32_t>(len() << 1));
        runs.WriteSleb128(static_cast<int32_t>(int64_t{m[i]} - expected));
        expected = int64_t{m[i]} + static_cast<int64_t>(j - i);
      }
      ++run_count;
      i = j;
    }
    w.WriteUleb128(run_count);
    w.WriteBytes(runs.bytes());
  }
  w.WriteUleb128(static_cast<uint32_t>(shifts.size()));
  uint32_t prev_start = 0;
  int32_t prev_delta = 0;
  for (const OffsetShift& s : shifts) {
    w.WriteUleb128(s.start - prev_start);
    w.WriteSleb128(static_cast<int32_t>(int64_t{s.delta} - prev_delta));
    prev_start = s.start;
    prev_delta = s.delta;
  }
  return w.Release();
}

StatusOr<ProjectionMaps> DecodeMaps(ByteView encoded, const DexFile& old, bool compact) {
  static const char* kNames[] = {"string", "type",      "proto",        "field",
                                 "method", "call_site", "method_handle"};
  ProjectionMaps maps;
  if (compact && encoded.empty()) {  // the identity: same counts, no shift
    for (int k = 0; k < kNumIndexKinds; ++k) {
      const uint32_t n = old.count(static_cast<RefKind>(k));
      maps.new_count[k] = n;
      maps.index[k].resize(n);
      for (uint32_t i = 0; i < n; ++i) maps.index[k][i] = i;
    }
    return maps;
  }
  ByteReader r(encoded);
  for (int k = 0; k < kNumIndexKinds; ++k) {
    std::string where = std::string("dex patch maps: ") + kNames[k] + " map";
    uint32_t n = old.count(static_cast<RefKind>(k)), runs;
    int32_t count_delta;
    if (!compact) SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&n).WithContext(where));
    SUTURE_RETURN_IF_ERROR(r.ReadSleb128(&count_delta).WithContext(where));
    int64_t new_count = int64_t{n} + count_delta;
    if (new_count < 0 || new_count > 0xFFFFFFFFll)
      return Status::Corrupt(where + ": new count " + std::to_string(new_count) + " invalid");
    uint32_t new_n = static_cast<uint32_t>(new_count);
    SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&runs).WithContext(where));
    if (n != old.count(static_cast<RefKind>(k)))
      return Status::Corrupt(where + ": covers " + std::to_string(n) + " entries, old dex has " +
                             std::to_string(old.count(static_cast<RefKind>(k))));
    maps.new_count[k] = new_n;
    auto& m = maps.index[k];
    m.reserve(n);
    if (compact && runs == 0 && n > 0) {
      if (n > new_n)
        return Status::Corrupt(where + ": identity map of " + std::to_string(n) +
                               " entries exceeds new count " + std::to_string(new_n));
      for (uint32_t j = 0; j < n; ++j) m.push_back(j);
    }
    int64_t expected = 0;
    for (uint32_t i = 0; i < runs; ++i) {
      uint32_t head;
      SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&head).WithContext(where));
      uint32_t len = head >> 1;
      if (compact && len == 0 && i + 1 == runs) len = static_cast<uint32_t>(n - m.size());
      if (len == 0 || len > n - m.size())
        return Status::Corrupt(where + ": run " + std::to_string(i) + " length " +
                               std::to_string(len) + " invalid");
      if (head & 1) {
        m.insert(m.end(), len, kNoIndex);
        continue;
      }
      int32_t d;
      SUTURE_RETURN_IF_ERROR(r.ReadSleb128(&d).WithContext(where));
      int64_t first = expected + d;
      if (first < 0 || first + len > new_n)
        return Status::Corrupt(where + ": run " + std::to_string(i) + " maps outside 0.." +
                               std::to_string(new_n));
      for (uint32_t j = 0; j < len; ++j) m.push_back(static_cast<uint32_t>(first + j));
      expected = first + len;
    }
    if (m.size() != n)
      return Status::Corrupt(where + ": runs cover " + std::to_string(m.size()) + " of " +
                             std::to_string(n) + " entries");
  }
  uint32_t count;
  SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&count).WithContext("dex patch maps: shifts"));
  if (count > r.remaining() / 2)
    return Status::Corrupt("dex patch maps: shift count " + std::to_string(count) +
                           " exceeds data");
  maps.shifts.reserve(count);
  int64_t start = 0, delta = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t ds;
    int32_t dd;
    SUTURE_RETURN_IF_ERROR(r.ReadUleb128(&ds).WithContext("dex patch maps: shifts"));
    SUTURE_RETURN_IF_ERROR(r.ReadSleb128(&dd).WithContext("dex patch maps: shifts"));
    if (i > 0 && ds == 0)
      return Status::Corrupt("dex patch maps: shift " + std::to_string(i) + " does not advance");
    start += ds;
    delta += dd;
    if (start > 0xFFFFFFFFll || delta > INT32_MAX || delta < INT32_MIN)
      return Status::Corrupt("dex patch maps: shift " + std::to_string(i) + " out of range");
    maps.shifts.push_back({static_cast<uint32_t>(start), static_cast<int32_t>(delta)});
  }
  if (!r.at_end())
    return Status::Corrupt("dex patch maps: " + std::to_string(r.remaining()) + " trailing bytes");
  return maps;
}

}  // namespace suture::dex
