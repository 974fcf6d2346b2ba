// Generic patch writer (docs/generic-format.md): matcher -> raw streams
// -> zstd, deterministic for a given zstd version (single-threaded zstd,
// every parameter set explicitly).
#include "suture/create/generic_diff.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "matcher.h"
#include "suture/apply/varint.h"
#include "suture/core/zstd_frame.h"

namespace suture::diff {
namespace {

constexpr int kMinWindowLog = 10;  // ZSTD_WINDOWLOG_MIN
// Automatic match-gain selection (GenericDiffOptions::min_match_gain == 0).
constexpr uint64_t kAutoSmallInput = 4u << 20;
constexpr int kAutoGainsSmall[] = {4, 6, 8};
constexpr int kAutoGainsLarge[] = {4, 8};
constexpr int kRankLevel = 3;
// Runs mode is tried when at most 1 in this many add bytes is non-zero.
constexpr uint64_t kRunsMaxNonzeroRatio = 16;

void PutVarint(Bytes& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

int CeilLog2(uint64_t v) {
  int log = 0;
  while (log < 63 && (uint64_t{1} << log) < v) ++log;
  return log;
}

// One zstd frame with content size; empty input gives empty output.
// `strategy` 0 keeps the level's own strategy. `zstd` is reused across calls
// (saves re-allocating level-19 tables); the codec resets it and sets every
// parameter on each call, so output does not depend on history.
StatusOr<Bytes> Compress(ZstdCompressor& zstd, ByteView raw, int level, int window_log,
                         ByteView prefix, int strategy = 0) {
  if (raw.empty()) return Bytes();
  auto out = zstd.Compress(raw, {.level = level,
                                 .window_log = window_log,
                                 .strategy = strategy,
                                 .long_distance = window_log > 27,
                                 .prefix = prefix});
  if (!out.ok()) return out.status().WithContext("generic diff");
  return out;
}

// Maximal (zero run, non-zero run) pairs of `diff` as varints in `runs`, the
// non-zero bytes in `literals` (format: docs/generic-format.md).
void SplitRuns(const Bytes& diff, Bytes* runs, Bytes* literals) {
  size_t i = 0;
  while (i < diff.size()) {
    size_t z = i;
    while (z < diff.size() && diff[z] == 0) ++z;
    size_t l = z;
    while (l < diff.size() && diff[l] != 0) ++l;
    PutVarint(*runs, z - i);
    PutVarint(*runs, l - z);
    literals->insert(literals->end(), diff.begin() + static_cast<ptrdiff_t>(z),
                     diff.begin() + static_cast<ptrdiff_t>(l));
    i = l;
  }
}

struct RawStreams {
  Bytes control, diff, extra;
  uint64_t covered = 0;  // NEW bytes the entries cover
};

RawStreams BuildStreams(ByteView old_data, ByteView new_data,
                        const std::vector<internal::ControlEntry>& control) {
  RawStreams r;
  r.control.reserve(control.size() * 6);
  uint64_t old_pos = 0, new_pos = 0, diff_total = 0;
  for (const auto& e : control) diff_total += e.add_len;
  r.diff.reserve(diff_total);
  r.extra.reserve(new_data.size() - std::min<uint64_t>(diff_total, new_data.size()));
  for (const auto& e : control) {
    PutVarint(r.control, e.add_len);
    PutVarint(r.control, e.extra_len);
    PutVarint(r.control, ZigZag(e.seek));
    for (uint64_t i = 0; i < e.add_len; ++i) {
      r.diff.push_back(static_cast<uint8_t>(new_data[new_pos + i] - old_data[old_pos + i]));
    }
    const auto extra_begin = new_data.begin() + static_cast<ptrdiff_t>(new_pos + e.add_len);
    r.extra.insert(r.extra.end(), extra_begin, extra_begin + static_cast<ptrdiff_t>(e.extra_len));
    new_pos += e.add_len + e.extra_len;
    old_pos = static_cast<uint64_t>(static_cast<int64_t>(old_pos + e.add_len) + e.seek);
  }
  r.covered = new_pos;
  return r;
}

// Version 3 (docs/generic-format.md): the four raw streams back to back in
// one block, compressed as one zstd frame or stored, whichever is smaller;
// with and without diff runs. Empty when the streams are over
// kGenericBlockMaxRaw.
StatusOr<Bytes> OneBlock(ZstdCompressor& zstd, uint64_t old_size, const RawStreams& s, int level) {
  Bytes runs, literals;
  SplitRuns(s.diff, &runs, &literals);
  Bytes smallest;
  for (const bool runs_mode : {false, true}) {
    const Bytes& diff = runs_mode ? literals : s.diff;
    const Bytes& run_bytes = runs_mode ? runs : Bytes();
    const uint64_t raw = s.control.size() + diff.size() + s.extra.size() + run_bytes.size();
    if (raw > kGenericBlockMaxRaw) continue;
    Bytes block;
    block.reserve(raw);
    for (const Bytes* b : {&s.control, &diff, &s.extra, &run_bytes})
      block.insert(block.end(), b->begin(), b->end());
    // The whole block is in the window (at most 1 MiB).
    SUTURE_ASSIGN_OR_RETURN(
        Bytes z, Compress(zstd, block, level, std::max(kMinWindowLog, CeilLog2(raw)), {}));
    const bool stored = block.size() <= z.size();
    ByteWriter w;
    w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kGenericMagic), 8));
    w.WriteU16(kGenericFormatVersionBlock);
    w.WriteU8(static_cast<uint8_t>((runs_mode ? kGenericFlagDiffRuns : 0) |
                                   (stored ? kGenericFlagBlockStored : 0)));
    for (uint64_t v : {old_size, uint64_t{s.covered}, uint64_t{s.control.size()},
                       uint64_t{diff.size()}, uint64_t{s.extra.size()}, uint64_t{run_bytes.size()}})
      WriteVarint(w, v);
    w.WriteBytes(stored ? block : z);
    if (smallest.empty() || w.size() < smallest.size()) smallest = w.Release();
  }
  return smallest;
}

}  // namespace

StatusOr<Bytes> GenericDiff(ByteView old_data, ByteView new_data,
                            const GenericDiffOptions& options) {
  if (options.zstd_level < 1 || options.zstd_level > ZstdMaxLevel()) {
    return Status::InvalidArgument("generic diff: zstd level " +
                                   std::to_string(options.zstd_level) + " not in [1, " +
                                   std::to_string(ZstdMaxLevel()) + "]");
  }
  if (options.window_log < kMinWindowLog || options.window_log > 30 ||
      options.max_prefix_window_log < kMinWindowLog || options.max_prefix_window_log > 30) {
    return Status::InvalidArgument("generic diff: window logs must be in [" +
                                   std::to_string(kMinWindowLog) + ", 30]");
  }
  if (options.min_match_gain < 0) {
    return Status::InvalidArgument("generic diff: min_match_gain must be >= 0");
  }
  ZstdCompressor zstd;
  SUTURE_ASSIGN_OR_RETURN(std::unique_ptr<internal::Matcher> matcher,
                          internal::Matcher::Build(old_data));
  std::vector<int> gains;
  if (options.min_match_gain > 0) {
    gains.push_back(options.min_match_gain);
  } else if (new_data.size() <= kAutoSmallInput) {
    gains.assign(std::begin(kAutoGainsSmall), std::end(kAutoGainsSmall));
  } else {
    gains.assign(std::begin(kAutoGainsLarge), std::end(kAutoGainsLarge));
  }
  // Which gain wins is input-dependent and not monotonic; zstd level 3 sizes
  // rank the candidates the same way level 19 does on the pairs we measured,
  // at a small fraction of the cost. Ties keep the earlier candidate.
  RawStreams best;
  uint64_t best_cost = UINT64_MAX;
  for (int gain : gains) {
    internal::MatchOptions match;
    match.min_match_gain = gain;
    RawStreams streams = BuildStreams(old_data, new_data, matcher->Scan(new_data, match));
    if (gains.size() == 1) {
      best = std::move(streams);
      break;
    }
    uint64_t cost = 0;
    for (const Bytes* raw : {&streams.control, &streams.diff, &streams.extra}) {
      SUTURE_ASSIGN_OR_RETURN(Bytes z, Compress(zstd, *raw, kRankLevel, options.window_log, {}));
      cost += z.size();
    }
    if (cost < best_cost) {
      best_cost = cost;
      best = std::move(streams);
    }
  }
  matcher.reset();
  if (best.covered != new_data.size()) {
    return Status::Internal("generic diff: control covers " + std::to_string(best.covered) +
                            " of " + std::to_string(new_data.size()) + " new bytes");
  }
  const Bytes& control_raw = best.control;
  const Bytes& diff_raw = best.diff;
  const Bytes& extra_raw = best.extra;

  const int level = options.zstd_level;
  SUTURE_ASSIGN_OR_RETURN(Bytes control_z,
                          Compress(zstd, control_raw, level, options.window_log, {}));
  SUTURE_ASSIGN_OR_RETURN(Bytes diff_z, Compress(zstd, diff_raw, level, options.window_log, {}));
  uint16_t flags = 0;
  uint64_t diff_raw_size = diff_raw.size();
  Bytes runs_z;
  uint64_t runs_raw_size = 0;
  // Mostly-zero add bytes: zstd spends several bytes per isolated change,
  // while run lengths + literals cost about two (DEX-projected and archive
  // pairs). Only tried when sparse, so the extra compression is cheap.
  const uint64_t nonzero = static_cast<uint64_t>(
      std::count_if(diff_raw.begin(), diff_raw.end(), [](uint8_t b) { return b != 0; }));
  if (!diff_raw.empty() && nonzero * kRunsMaxNonzeroRatio <= diff_raw.size()) {
    Bytes runs, literals;
    SplitRuns(diff_raw, &runs, &literals);
    SUTURE_ASSIGN_OR_RETURN(Bytes rz, Compress(zstd, runs, level, options.window_log, {}));
    SUTURE_ASSIGN_OR_RETURN(Bytes lz, Compress(zstd, literals, level, options.window_log, {}));
    if (rz.size() + lz.size() < diff_z.size()) {
      flags |= kGenericFlagDiffRuns;
      diff_z = std::move(lz);
      diff_raw_size = literals.size();
      runs_z = std::move(rz);
      runs_raw_size = runs.size();
    }
  }
  Bytes extra_z;
  if (options.extra_uses_old_prefix && !old_data.empty() && !extra_raw.empty()) {
    // The window must span OLD plus the extra bytes for all of OLD to be
    // reachable; beyond the cap only OLD's tail is.
    const int wlog = std::clamp(CeilLog2(old_data.size() + extra_raw.size()), options.window_log,
                                options.max_prefix_window_log);
    SUTURE_ASSIGN_OR_RETURN(extra_z, Compress(zstd, extra_raw, level, wlog, old_data));
    flags |= kGenericFlagExtraOldPrefix;
  } else {
    // Literal bytes: the level's own strategy (btultra2 at 19) and btultra
    // each win on some inputs (btultra by ~12% on DEX extras); both are cheap
    // next to the diff stream, so keep the smaller (ties: the first).
    SUTURE_ASSIGN_OR_RETURN(extra_z, Compress(zstd, extra_raw, level, options.window_log, {}));
    if (level >= 16) {
      SUTURE_ASSIGN_OR_RETURN(Bytes alt, Compress(zstd, extra_raw, level, options.window_log, {},
                                                  kZstdStrategyBtultra));
      if (alt.size() < extra_z.size()) extra_z = std::move(alt);
    }
  }

  ByteWriter w;
  w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kGenericMagic), 8));
  w.WriteU16(options.compact_header ? kGenericFormatVersionCompact : kGenericFormatVersion);
  w.WriteU16(flags);
  for (uint64_t v :
       {uint64_t{old_data.size()}, uint64_t{new_data.size()}, uint64_t{control_z.size()},
        uint64_t{control_raw.size()}, uint64_t{diff_z.size()}, uint64_t{diff_raw_size},
        uint64_t{extra_z.size()}, uint64_t{extra_raw.size()}, uint64_t{runs_z.size()},
        uint64_t{runs_raw_size}}) {
    if (options.compact_header) {
      WriteVarint(w, v);
    } else {
      w.WriteU64(v);
    }
  }
  w.WriteBytes(control_z);
  w.WriteBytes(diff_z);
  w.WriteBytes(extra_z);
  w.WriteBytes(runs_z);
  Bytes patch = w.Release();
  if (options.one_block && options.compact_header && !options.extra_uses_old_prefix) {
    SUTURE_ASSIGN_OR_RETURN(Bytes block, OneBlock(zstd, old_data.size(), best, level));
    if (!block.empty() && block.size() < patch.size()) return block;
  }
  return patch;
}

}  // namespace suture::diff
