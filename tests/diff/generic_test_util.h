// Helpers for the generic/BSDIFF40 tests: deterministic test data, and
// builders that assemble patches from hand-written control entries and raw
// streams so corruption tests can target one check each.
#ifndef SUTURE_TESTS_DIFF_GENERIC_TEST_UTIL_H_
#define SUTURE_TESTS_DIFF_GENERIC_TEST_UTIL_H_

#include <bzlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "suture/apply/bsdiff40_apply.h"
#include "suture/apply/generic_apply.h"
#include "suture/core/byte_io.h"

namespace suture::diff::testing {

inline Bytes RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  Bytes b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

// Text-like bytes with a small alphabet and repeated words (compressible,
// many short repeats: a realistic stress for the matcher).
inline Bytes WordyBytes(size_t n, uint32_t seed) {
  static const char* kWords[] = {"alpha ", "beta ", "gamma\n", "delta ", "0x1234 ",
                                 "return ", "const ", "{ }\n", "iput-object ", "Landroid/"};
  std::mt19937 rng(seed);
  Bytes b;
  while (b.size() < n) {
    const char* w = kWords[rng() % 10];
    b.insert(b.end(), w, w + std::strlen(w));
  }
  b.resize(n);
  return b;
}

// `base` with `edits` random point changes, insertions and deletions.
inline Bytes Mutate(const Bytes& base, int edits, uint32_t seed) {
  std::mt19937 rng(seed);
  Bytes b = base;
  for (int i = 0; i < edits && !b.empty(); ++i) {
    const size_t at = rng() % b.size();
    switch (rng() % 3) {
      case 0: b[at] = static_cast<uint8_t>(b[at] + 1 + rng() % 200); break;
      case 1: {
        Bytes ins = RandomBytes(1 + rng() % 64, rng());
        b.insert(b.begin() + static_cast<ptrdiff_t>(at), ins.begin(), ins.end());
        break;
      }
      default: {
        const size_t n = std::min<size_t>(1 + rng() % 64, b.size() - at);
        b.erase(b.begin() + static_cast<ptrdiff_t>(at), b.begin() + static_cast<ptrdiff_t>(at + n));
      }
    }
  }
  return b;
}

inline void PutVarint(Bytes& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

inline Bytes ZstdFrame(const Bytes& raw, ByteView prefix = {}) {
  if (raw.empty()) return {};
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
  if (!prefix.empty()) ZSTD_CCtx_refPrefix(c, prefix.data(), prefix.size());
  Bytes out(ZSTD_compressBound(raw.size()));
  out.resize(ZSTD_compress2(c, out.data(), out.size(), raw.data(), raw.size()));
  ZSTD_freeCCtx(c);
  return out;
}

// A hand-made generic patch. Fields are public so tests can break one.
struct GenericPatchParts {
  uint16_t version = kGenericFormatVersion;
  uint16_t flags = 0;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  Bytes control_raw, diff_raw, extra_raw, runs_raw;
  // Stored streams; filled from the raw ones by Compress().
  Bytes control_z, diff_z, extra_z, runs_z;
  // When set, written instead of the stored sizes' true values.
  int64_t control_raw_override = -1;

  void AddEntry(uint64_t add, uint64_t extra, int64_t seek) {
    PutVarint(control_raw, add);
    PutVarint(control_raw, extra);
    PutVarint(control_raw, (static_cast<uint64_t>(seek) << 1) ^ static_cast<uint64_t>(seek >> 63));
  }
  void Compress() {
    control_z = ZstdFrame(control_raw);
    diff_z = ZstdFrame(diff_raw);
    extra_z = ZstdFrame(extra_raw);
    runs_z = ZstdFrame(runs_raw);
  }
  void AddRun(uint64_t zeros, uint64_t literals) {
    PutVarint(runs_raw, zeros);
    PutVarint(runs_raw, literals);
  }
  Bytes Serialize() const {
    ByteWriter w;
    w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kGenericMagic), 8));
    w.WriteU16(version);
    w.WriteU16(flags);
    w.WriteU64(old_size);
    w.WriteU64(new_size);
    w.WriteU64(control_z.size());
    w.WriteU64(control_raw_override >= 0 ? static_cast<uint64_t>(control_raw_override)
                                         : control_raw.size());
    w.WriteU64(diff_z.size());
    w.WriteU64(diff_raw.size());
    w.WriteU64(extra_z.size());
    w.WriteU64(extra_raw.size());
    w.WriteU64(runs_z.size());
    w.WriteU64(runs_raw.size());
    w.WriteBytes(control_z);
    w.WriteBytes(diff_z);
    w.WriteBytes(extra_z);
    w.WriteBytes(runs_z);
    return w.Release();
  }
  // Version 3: the raw streams in one block, one zstd frame or (stored) the
  // bytes themselves; `flags` as written (kGenericFlagBlockStored is the
  // caller's to set when `stored`).
  Bytes SerializeBlock(bool stored, uint8_t flags) const {
    Bytes block;
    for (const Bytes* b : {&control_raw, &diff_raw, &extra_raw, &runs_raw})
      block.insert(block.end(), b->begin(), b->end());
    ByteWriter w;
    w.WriteBytes(ByteView(reinterpret_cast<const uint8_t*>(kGenericMagic), 8));
    w.WriteU16(kGenericFormatVersionBlock);
    w.WriteU8(flags);
    Bytes sizes;
    for (uint64_t v : {old_size, new_size, uint64_t{control_raw.size()}, uint64_t{diff_raw.size()},
                       uint64_t{extra_raw.size()}, uint64_t{runs_raw.size()}})
      PutVarint(sizes, v);
    w.WriteBytes(sizes);
    w.WriteBytes(stored ? block : ZstdFrame(block));
    return w.Release();
  }
};

inline Bytes Bzip2(const Bytes& raw) {
  unsigned len = static_cast<unsigned>(raw.size() + raw.size() / 100 + 600);
  Bytes out(len);
  BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &len,
                           const_cast<char*>(reinterpret_cast<const char*>(raw.data())),
                           static_cast<unsigned>(raw.size()), 9, 0, 0);
  out.resize(len);
  return out;
}

inline void PutOff(Bytes& out, int64_t v) {
  uint64_t mag = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) {
    uint8_t b = static_cast<uint8_t>(mag >> (8 * i));
    if (i == 7 && v < 0) b |= 0x80;
    out.push_back(b);
  }
}

// A hand-made BSDIFF40 patch.
struct Bsdiff40Parts {
  Bytes ctrl_raw, diff_raw, extra_raw;
  int64_t new_size = 0;
  void AddEntry(int64_t add, int64_t extra, int64_t seek) {
    PutOff(ctrl_raw, add);
    PutOff(ctrl_raw, extra);
    PutOff(ctrl_raw, seek);
  }
  Bytes Serialize() const {
    const Bytes c = Bzip2(ctrl_raw), d = Bzip2(diff_raw), e = Bzip2(extra_raw);
    Bytes out(kBsdiff40Magic, kBsdiff40Magic + 8);
    PutOff(out, static_cast<int64_t>(c.size()));
    PutOff(out, static_cast<int64_t>(d.size()));
    PutOff(out, new_size);
    out.insert(out.end(), c.begin(), c.end());
    out.insert(out.end(), d.begin(), d.end());
    out.insert(out.end(), e.begin(), e.end());
    return out;
  }
};

}  // namespace suture::diff::testing

#endif  // SUTURE_TESTS_DIFF_GENERIC_TEST_UTIL_H_
