// Unsigned LEB128 varints of up to 64 bits, the integer encoding of the
// compact formats (bundle format v2, DEX patch v3; docs/format.md,
// docs/dex.md). Readers accept only the minimal encoding, so every value has
// exactly one byte form (a signed manifest cannot be re-encoded).
//
// Thread-safety: free functions on caller-owned readers and writers.
#ifndef SUTURE_APPLY_VARINT_H_
#define SUTURE_APPLY_VARINT_H_

#include <cstdint>
#include <string>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

// Bytes WriteVarint uses for `v` (1..10).
inline size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

inline void WriteVarint(ByteWriter& w, uint64_t v) {
  while (v >= 0x80) {
    w.WriteU8(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  w.WriteU8(static_cast<uint8_t>(v));
}

// Reads one varint into *out. On failure (truncated, longer than 64 bits, or
// not minimal) returns kCorrupt naming `field` and leaves `r` unchanged.
inline Status ReadVarint(ByteReader& r, const char* field, uint64_t* out) {
  const size_t start = r.offset();
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t b = 0;
    if (!r.ReadU8(&b).ok()) {
      (void)r.Seek(start);
      return Status::Corrupt(std::string(field) + ": truncated varint at offset " +
                             std::to_string(start));
    }
    if (shift == 63 && b > 1) break;  // would overflow 64 bits
    v |= uint64_t{b & 0x7Fu} << shift;
    if ((b & 0x80) == 0) {
      if (b == 0 && shift != 0) break;  // a trailing zero group: not minimal
      *out = v;
      return Status::Ok();
    }
  }
  (void)r.Seek(start);
  return Status::Corrupt(std::string(field) + ": invalid varint at offset " +
                         std::to_string(start));
}

// ReadVarint for a value that must fit 32 bits.
inline Status ReadVarint32(ByteReader& r, const char* field, uint32_t* out) {
  const size_t start = r.offset();
  uint64_t v = 0;
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, field, &v));
  if (v > 0xFFFFFFFFu) {
    (void)r.Seek(start);
    return Status::Corrupt(std::string(field) + ": value " + std::to_string(v) +
                           " does not fit 32 bits");
  }
  *out = static_cast<uint32_t>(v);
  return Status::Ok();
}

}  // namespace suture::diff

#endif  // SUTURE_APPLY_VARINT_H_
