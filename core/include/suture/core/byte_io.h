// Bounds-checked reading and writing of little-endian binary data.
//
// ByteReader is the only way Suture code reads untrusted bytes (patches,
// archives, DEX files, HTTP bodies). Every Read* either succeeds and advances
// the cursor, or fails with kCorrupt ("truncated ...") and leaves the cursor
// exactly where it was. Range checks are written so they cannot overflow:
// `off <= size && size - off >= n`.
//
// ByteWriter appends to an owned std::vector<uint8_t>.
//
// Thread-safety: a reader/writer object is not synchronized; the viewed bytes
// must outlive the reader and must not change while it is used.
#ifndef SUTURE_CORE_BYTE_IO_H_
#define SUTURE_CORE_BYTE_IO_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "suture/core/status.h"

namespace suture {

using ByteView = std::span<const uint8_t>;
using Bytes = std::vector<uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsStringView(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// True when [off, off+n) lies inside a buffer of `size` bytes; cannot overflow.
constexpr bool RangeFits(uint64_t off, uint64_t n, uint64_t size) {
  return off <= size && size - off >= n;
}

class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}

  size_t offset() const { return pos_; }
  size_t size() const { return data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  ByteView data() const { return data_; }

  // Moves the cursor to absolute offset `off` (== size() allowed).
  Status Seek(size_t off);
  Status Skip(size_t n);

  Status ReadU8(uint8_t* out);
  Status ReadU16(uint16_t* out);  // little-endian
  Status ReadU32(uint32_t* out);
  Status ReadU64(uint64_t* out);
  // A view of the next n bytes (no copy).
  Status ReadBytes(size_t n, ByteView* out);
  // Copies the next out.size() bytes.
  Status ReadInto(std::span<uint8_t> out);
  // Unsigned/signed LEB128 as used by DEX: at most 5 bytes, value must fit 32 bits.
  Status ReadUleb128(uint32_t* out);
  Status ReadSleb128(int32_t* out);
  // DEX uleb128p1: uleb128 value minus one (so 0 encodes -1).
  Status ReadUleb128p1(int64_t* out);

  // Returns a reader over [off, off+n) of the same data, or kCorrupt.
  Status SubReader(size_t off, size_t n, ByteReader* out) const;

 private:
  Status Truncated(size_t need) const;
  ByteView data_;
  size_t pos_ = 0;
};

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(Bytes initial) : buf_(std::move(initial)) {}

  void WriteU8(uint8_t v) { buf_.push_back(v); }
  void WriteU16(uint16_t v);
  void WriteU32(uint32_t v);
  void WriteU64(uint64_t v);
  void WriteBytes(ByteView b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
  void WriteString(std::string_view s) { WriteBytes(AsBytes(s)); }
  void WriteUleb128(uint32_t v);
  void WriteSleb128(int32_t v);
  void WriteUleb128p1(int64_t v) { WriteUleb128(static_cast<uint32_t>(v + 1)); }
  // Overwrites 4 bytes at `off` (REQUIRES: off + 4 <= size()).
  void PatchU32(size_t off, uint32_t v);

  size_t size() const { return buf_.size(); }
  const Bytes& bytes() const { return buf_; }
  Bytes Release() { return std::move(buf_); }

 private:
  Bytes buf_;
};

}  // namespace suture

#endif  // SUTURE_CORE_BYTE_IO_H_
