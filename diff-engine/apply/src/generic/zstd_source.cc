#include "zstd_source.h"

#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader
#include <zstd.h>

#include <algorithm>
#include <cstring>

namespace suture::diff::internal {

ZstdSource::~ZstdSource() { ZSTD_freeDCtx(dctx_); }

Status ZstdSource::Init(std::string name, ByteView stored, uint64_t raw_size,
                        int max_window_log, ByteView prefix) {
  name_ = std::move(name);
  stored_ = stored;
  raw_size_ = raw_size;
  if (raw_size == 0) {
    if (!stored.empty()) {
      return Status::Corrupt(name_ + ": " + std::to_string(stored.size()) +
                             " stored bytes for an empty stream");
    }
    frame_done_ = true;
    return Status::Ok();
  }
  ZSTD_frameHeader header;
  const size_t rc = ZSTD_getFrameHeader(&header, stored.data(), stored.size());
  if (ZSTD_isError(rc)) {
    return Status::Corrupt(name_ + ": bad zstd frame header: " + ZSTD_getErrorName(rc));
  }
  if (rc != 0 || header.frameType != ZSTD_frame) {
    return Status::Corrupt(name_ + ": no complete zstd frame header in " +
                           std::to_string(stored.size()) + " stored bytes");
  }
  if (header.frameContentSize != raw_size) {
    return Status::Corrupt(
        name_ + ": zstd frame declares " +
        (header.frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN
             ? std::string("no content size")
             : std::to_string(header.frameContentSize) + " bytes") +
        ", patch header says " + std::to_string(raw_size));
  }
  if (max_window_log < ZSTD_WINDOWLOG_MIN || max_window_log > 31 ||
      header.windowSize > (uint64_t{1} << max_window_log)) {
    return Status::LimitExceeded(name_ + ": zstd window of " + std::to_string(header.windowSize) +
                                 " bytes exceeds limit 2^" + std::to_string(max_window_log));
  }
  dctx_ = ZSTD_createDCtx();
  if (dctx_ == nullptr) return Status::ResourceExhausted(name_ + ": cannot create zstd context");
  size_t e = ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax, max_window_log);
  if (!ZSTD_isError(e) && !prefix.empty()) e = ZSTD_DCtx_refPrefix(dctx_, prefix.data(), prefix.size());
  if (ZSTD_isError(e)) {
    return Status::Internal(name_ + ": zstd setup: " + ZSTD_getErrorName(e));
  }
  return Status::Ok();
}

Status ZstdSource::Decode(uint8_t* dst, size_t n) {
  ZSTD_outBuffer out{dst, n, 0};
  while (out.pos < out.size) {
    if (frame_done_) {
      return Status::Corrupt(name_ + ": zstd frame ends after " + std::to_string(produced_) +
                             " of " + std::to_string(raw_size_) + " bytes");
    }
    ZSTD_inBuffer in{stored_.data(), stored_.size(), in_pos_};
    const size_t before_in = in.pos, before_out = out.pos;
    const size_t rc = ZSTD_decompressStream(dctx_, &out, &in);
    in_pos_ = in.pos;
    if (ZSTD_isError(rc)) {
      return Status::Corrupt(name_ + ": zstd: " + ZSTD_getErrorName(rc) + " at stored offset " +
                             std::to_string(in_pos_));
    }
    if (rc == 0) frame_done_ = true;
    if (!frame_done_ && in.pos == before_in && out.pos == before_out) {
      return Status::Corrupt(name_ + ": zstd frame truncated after " +
                             std::to_string(stored_.size()) + " stored bytes");
    }
  }
  return Status::Ok();
}

Status ZstdSource::Read(std::span<uint8_t> out) {
  if (out.size() > remaining()) {
    return Status::Internal(name_ + ": read past declared size");
  }
  size_t done = 0;
  const size_t buffered = std::min(out.size(), buf_len_ - buf_pos_);
  if (buffered > 0) {
    std::memcpy(out.data(), buf_ + buf_pos_, buffered);
    buf_pos_ += buffered;
    done = buffered;
  }
  if (done < out.size()) {
    SUTURE_RETURN_IF_ERROR(Decode(out.data() + done, out.size() - done));
  }
  produced_ += out.size();
  return Status::Ok();
}

Status ZstdSource::ReadVarint(uint64_t* value) {
  uint64_t v = 0;
  for (int i = 0; i < 10; ++i) {
    if (buf_pos_ == buf_len_) {
      if (remaining() == 0) {
        return Status::Corrupt(name_ + ": truncated varint at end of stream");
      }
      // remaining() counts buffered bytes as consumed only when handed out,
      // so refill from what the frame still holds beyond the buffer.
      const uint64_t undecoded = remaining();
      const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof(buf_), undecoded));
      SUTURE_RETURN_IF_ERROR(Decode(buf_, n));
      buf_pos_ = 0;
      buf_len_ = n;
    }
    const uint8_t b = buf_[buf_pos_++];
    ++produced_;
    if (i == 9 && b > 1) return Status::Corrupt(name_ + ": varint overflows 64 bits");
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      *value = v;
      return Status::Ok();
    }
  }
  return Status::Corrupt(name_ + ": varint longer than 10 bytes");
}

Status ZstdSource::Finish() {
  if (produced_ != raw_size_) {
    return Status::Corrupt(name_ + ": " + std::to_string(raw_size_ - produced_) +
                           " bytes left unused");
  }
  if (raw_size_ == 0) return Status::Ok();
  // The frame may still hold its end marker (last block header, checksum):
  // drain with a scratch byte that must stay unused.
  uint8_t scratch;
  while (!frame_done_) {
    ZSTD_outBuffer out{&scratch, 1, 0};
    ZSTD_inBuffer in{stored_.data(), stored_.size(), in_pos_};
    const size_t before_in = in.pos;
    const size_t rc = ZSTD_decompressStream(dctx_, &out, &in);
    in_pos_ = in.pos;
    if (ZSTD_isError(rc)) {
      return Status::Corrupt(name_ + ": zstd: " + ZSTD_getErrorName(rc));
    }
    if (out.pos != 0) {
      return Status::Corrupt(name_ + ": zstd frame holds more than the declared " +
                             std::to_string(raw_size_) + " bytes");
    }
    if (rc == 0) {
      frame_done_ = true;
    } else if (in.pos == before_in) {
      return Status::Corrupt(name_ + ": zstd frame truncated");
    }
  }
  if (in_pos_ != stored_.size()) {
    return Status::Corrupt(name_ + ": " + std::to_string(stored_.size() - in_pos_) +
                           " trailing bytes after the zstd frame");
  }
  return Status::Ok();
}

}  // namespace suture::diff::internal
