// A bounded-memory reader of one zstd frame held in memory: hands out the
// decompressed bytes in caller-sized pieces, never more than the frame
// declares. Used by GenericApply for each of its streams.
//
// Internal to src/generic. Not thread-safe (one object per stream).
#ifndef SUTURE_APPLY_SRC_GENERIC_ZSTD_SOURCE_H_
#define SUTURE_APPLY_SRC_GENERIC_ZSTD_SOURCE_H_

#include <cstdint>
#include <span>
#include <string>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

struct ZSTD_DCtx_s;

namespace suture::diff::internal {

class ZstdSource {
 public:
  ZstdSource() = default;
  ~ZstdSource();
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  // Checks the frame header of `stored` (kCorrupt when it is not one zstd
  // frame whose content size is exactly `raw_size`; kLimitExceeded when its
  // window is over 2^max_window_log) and prepares decoding. An empty stream
  // (raw_size 0) must have no stored bytes. `prefix` (may be empty) is the
  // zstd prefix the frame was made with; it must outlive the source.
  // `name` ("generic patch: diff stream") starts every error message.
  Status Init(std::string name, ByteView stored, uint64_t raw_size, int max_window_log,
              ByteView prefix);

  uint64_t remaining() const { return raw_size_ - produced_; }

  // Fills all of `out`. REQUIRES: out.size() <= remaining().
  Status Read(std::span<uint8_t> out);
  // Reads one unsigned LEB128 value (at most 10 bytes, must fit 64 bits).
  Status ReadVarint(uint64_t* value);
  // After all bytes were read: the frame must end exactly at the end of the
  // stored bytes.
  Status Finish();

 private:
  Status Decode(uint8_t* dst, size_t n);

  std::string name_;
  ZSTD_DCtx_s* dctx_ = nullptr;
  ByteView stored_;
  size_t in_pos_ = 0;
  uint64_t raw_size_ = 0;
  uint64_t produced_ = 0;
  bool frame_done_ = false;
  // Small read-ahead so varints are not decoded one zstd call per byte.
  uint8_t buf_[4096];
  size_t buf_pos_ = 0;
  size_t buf_len_ = 0;
};

}  // namespace suture::diff::internal

#endif  // SUTURE_APPLY_SRC_GENERIC_ZSTD_SOURCE_H_
