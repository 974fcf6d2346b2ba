#include "suture/core/byte_io.h"

#include <cstring>

namespace suture {

Status ByteReader::Truncated(size_t need) const {
  return Status::Corrupt("truncated: need " + std::to_string(need) + " bytes at offset " +
                         std::to_string(pos_) + ", " + std::to_string(remaining()) + " left");
}

Status ByteReader::Seek(size_t off) {
  if (off > data_.size()) {
    return Status::Corrupt("offset " + std::to_string(off) + " beyond end (" +
                           std::to_string(data_.size()) + " bytes)");
  }
  pos_ = off;
  return Status::Ok();
}

Status ByteReader::Skip(size_t n) {
  if (!RangeFits(pos_, n, data_.size())) return Truncated(n);
  pos_ += n;
  return Status::Ok();
}

Status ByteReader::ReadU8(uint8_t* out) {
  if (pos_ >= data_.size()) return Truncated(1);
  *out = data_[pos_++];
  return Status::Ok();
}

Status ByteReader::ReadU16(uint16_t* out) {
  if (!RangeFits(pos_, 2, data_.size())) return Truncated(2);
  const uint8_t* p = data_.data() + pos_;
  *out = static_cast<uint16_t>(p[0] | (p[1] << 8));
  pos_ += 2;
  return Status::Ok();
}

Status ByteReader::ReadU32(uint32_t* out) {
  if (!RangeFits(pos_, 4, data_.size())) return Truncated(4);
  const uint8_t* p = data_.data() + pos_;
  *out = static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
  pos_ += 4;
  return Status::Ok();
}

Status ByteReader::ReadU64(uint64_t* out) {
  if (!RangeFits(pos_, 8, data_.size())) return Truncated(8);
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | data_[pos_ + i];
  *out = v;
  pos_ += 8;
  return Status::Ok();
}

Status ByteReader::ReadBytes(size_t n, ByteView* out) {
  if (!RangeFits(pos_, n, data_.size())) return Truncated(n);
  *out = data_.subspan(pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status ByteReader::ReadInto(std::span<uint8_t> out) {
  if (!RangeFits(pos_, out.size(), data_.size())) return Truncated(out.size());
  if (!out.empty()) std::memcpy(out.data(), data_.data() + pos_, out.size());
  pos_ += out.size();
  return Status::Ok();
}

Status ByteReader::ReadUleb128(uint32_t* out) {
  uint32_t result = 0;
  size_t p = pos_;
  for (int i = 0; i < 5; ++i) {
    if (p >= data_.size()) return Truncated(p - pos_ + 1);
    uint8_t b = data_[p++];
    if (i == 4 && (b & 0xF0) != 0) {
      return Status::Corrupt("uleb128 at offset " + std::to_string(pos_) + " overflows 32 bits");
    }
    result |= static_cast<uint32_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      *out = result;
      pos_ = p;
      return Status::Ok();
    }
  }
  return Status::Corrupt("uleb128 at offset " + std::to_string(pos_) + " longer than 5 bytes");
}

Status ByteReader::ReadSleb128(int32_t* out) {
  uint32_t result = 0;
  size_t p = pos_;
  for (int i = 0; i < 5; ++i) {
    if (p >= data_.size()) return Truncated(p - pos_ + 1);
    uint8_t b = data_[p++];
    result |= static_cast<uint32_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      int shift = 7 * (i + 1);
      if (shift < 32 && (b & 0x40)) result |= ~0u << shift;  // sign-extend
      *out = static_cast<int32_t>(result);
      pos_ = p;
      return Status::Ok();
    }
  }
  return Status::Corrupt("sleb128 at offset " + std::to_string(pos_) + " longer than 5 bytes");
}

Status ByteReader::ReadUleb128p1(int64_t* out) {
  uint32_t v = 0;
  SUTURE_RETURN_IF_ERROR(ReadUleb128(&v));
  *out = static_cast<int64_t>(v) - 1;
  return Status::Ok();
}

Status ByteReader::SubReader(size_t off, size_t n, ByteReader* out) const {
  if (!RangeFits(off, n, data_.size())) {
    return Status::Corrupt("range [" + std::to_string(off) + ", +" + std::to_string(n) +
                           ") exceeds " + std::to_string(data_.size()) + " bytes");
  }
  *out = ByteReader(data_.subspan(off, n));
  return Status::Ok();
}

void ByteWriter::WriteU16(uint16_t v) {
  buf_.push_back(static_cast<uint8_t>(v));
  buf_.push_back(static_cast<uint8_t>(v >> 8));
}

void ByteWriter::WriteU32(uint32_t v) {
  for (int i = 0; i < 4; ++i) buf_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::WriteU64(uint64_t v) {
  for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::WriteUleb128(uint32_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    buf_.push_back(b);
  } while (v != 0);
}

void ByteWriter::WriteSleb128(int32_t value) {
  int64_t v = value;
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift on int64_t
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    buf_.push_back(b);
    if (done) break;
  }
}

void ByteWriter::PatchU32(size_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i) buf_[off + i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace suture
