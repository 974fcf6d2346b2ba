// The zstd frame codec (suture/core/zstd_frame.h).
#include "suture/core/zstd_frame.h"

#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace suture {
namespace {

struct DctxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};
using DctxPtr = std::unique_ptr<ZSTD_DCtx, DctxFree>;

// A decoder context with the window limit and the prefix set.
StatusOr<DctxPtr> MakeDctx(int max_window_log, ByteView prefix) {
  DctxPtr dctx(ZSTD_createDCtx());
  if (!dctx) return Status::ResourceExhausted("zstd: cannot create a decoder context");
  size_t rc = ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax, max_window_log);
  if (!ZSTD_isError(rc) && !prefix.empty()) rc = ZSTD_DCtx_refPrefix(dctx.get(), prefix.data(), prefix.size());
  if (ZSTD_isError(rc)) return Status::Internal(std::string("zstd setup: ") + ZSTD_getErrorName(rc));
  return dctx;
}

Status CheckOutputLimit(uint64_t raw_size, const ZstdDecodeLimits& limits) {
  if (raw_size > limits.max_output) {
    return Status::LimitExceeded("zstd: declared size " + std::to_string(raw_size) +
                                 " exceeds limit " + std::to_string(limits.max_output));
  }
  return Status::Ok();
}

}  // namespace

static_assert(kZstdStrategyBtultra == ZSTD_btultra);

int ZstdMaxLevel() { return ZSTD_maxCLevel(); }

ZstdCompressor::ZstdCompressor() : cctx_(ZSTD_createCCtx()) {}
ZstdCompressor::~ZstdCompressor() { ZSTD_freeCCtx(cctx_); }

StatusOr<Bytes> ZstdCompressor::Compress(ByteView raw, const ZstdCompressOptions& o) {
  if (cctx_ == nullptr) return Status::ResourceExhausted("zstd: cannot create a compression context");
  const char* what = "reset";
  auto set = [&](ZSTD_cParameter p, int v, const char* name) {
    what = name;
    return ZSTD_CCtx_setParameter(cctx_, p, v);
  };
  size_t rc = ZSTD_CCtx_reset(cctx_, ZSTD_reset_session_and_parameters);
  if (!ZSTD_isError(rc)) rc = set(ZSTD_c_compressionLevel, o.level, "level");
  if (!ZSTD_isError(rc) && o.window_log != 0) rc = set(ZSTD_c_windowLog, o.window_log, "windowLog");
  if (!ZSTD_isError(rc)) rc = set(ZSTD_c_nbWorkers, 0, "nbWorkers");
  if (!ZSTD_isError(rc)) rc = set(ZSTD_c_checksumFlag, 0, "checksum");
  if (!ZSTD_isError(rc)) rc = set(ZSTD_c_contentSizeFlag, 1, "contentSize");
  if (!ZSTD_isError(rc) && o.strategy != 0) rc = set(ZSTD_c_strategy, o.strategy, "strategy");
  if (!ZSTD_isError(rc) && o.long_distance) rc = set(ZSTD_c_enableLongDistanceMatching, 1, "ldm");
  if (!ZSTD_isError(rc) && !o.prefix.empty()) {
    what = "refPrefix";
    rc = ZSTD_CCtx_refPrefix(cctx_, o.prefix.data(), o.prefix.size());
  }
  if (ZSTD_isError(rc)) {
    return Status::InvalidArgument(std::string("zstd ") + what + ": " + ZSTD_getErrorName(rc));
  }
  Bytes out(ZSTD_compressBound(raw.size()));
  const size_t n = ZSTD_compress2(cctx_, out.data(), out.size(), raw.data(), raw.size());
  if (ZSTD_isError(n)) return Status::Internal(std::string("zstd compress: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

StatusOr<Bytes> ZstdCompress(ByteView raw, const ZstdCompressOptions& options) {
  ZstdCompressor c;
  return c.Compress(raw, options);
}

StatusOr<Bytes> ZstdDecompress(ByteView frames, uint64_t raw_size, const ZstdDecodeLimits& limits,
                               ByteView prefix) {
  SUTURE_RETURN_IF_ERROR(CheckOutputLimit(raw_size, limits));
  SUTURE_ASSIGN_OR_RETURN(DctxPtr dctx, MakeDctx(limits.max_window_log, prefix));
  Bytes out(raw_size);
  const size_t n = ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), frames.data(), frames.size());
  if (ZSTD_isError(n)) return Status::Corrupt(std::string("zstd: ") + ZSTD_getErrorName(n));
  if (n != raw_size) {
    return Status::Corrupt("decoded " + std::to_string(n) + " bytes, declared " + std::to_string(raw_size));
  }
  return out;
}

Status ZstdDecompressTo(ByteView frames, uint64_t raw_size, const ZstdDecodeLimits& limits,
                        const std::function<Status(ByteView)>& sink) {
  SUTURE_RETURN_IF_ERROR(CheckOutputLimit(raw_size, limits));
  SUTURE_ASSIGN_OR_RETURN(DctxPtr dctx, MakeDctx(limits.max_window_log, {}));
  Bytes buf(ZSTD_DStreamOutSize());
  ZSTD_inBuffer in{frames.data(), frames.size(), 0};
  uint64_t total = 0;
  size_t ret = 1;
  // Until all input is consumed and the last frame is complete (ret == 0).
  while (in.pos < in.size || ret != 0) {
    ZSTD_outBuffer out{buf.data(), buf.size(), 0};
    ret = ZSTD_decompressStream(dctx.get(), &out, &in);
    if (ZSTD_isError(ret)) return Status::Corrupt(std::string("zstd: ") + ZSTD_getErrorName(ret));
    total += out.pos;
    if (total > raw_size) return Status::Corrupt("decodes to more than its declared size");
    if (out.pos > 0) SUTURE_RETURN_IF_ERROR(sink(ByteView(buf.data(), out.pos)));
    if (out.pos == 0 && in.pos == in.size && ret != 0) return Status::Corrupt("truncated zstd frame");
  }
  if (total != raw_size) {
    return Status::Corrupt("decoded " + std::to_string(total) + " bytes, declared " + std::to_string(raw_size));
  }
  return Status::Ok();
}

StatusOr<uint64_t> ZstdFrameContentSize(ByteView frame) {
  const unsigned long long n = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (n == ZSTD_CONTENTSIZE_ERROR) return Status::Corrupt("zstd: not a zstd frame header");
  if (n == ZSTD_CONTENTSIZE_UNKNOWN) return Status::Corrupt("zstd: frame records no content size");
  return static_cast<uint64_t>(n);
}

// ZstdFrameReader.

ZstdFrameReader::~ZstdFrameReader() { ZSTD_freeDCtx(dctx_); }

Status ZstdFrameReader::Init(std::string name, ByteView stored, uint64_t raw_size,
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

void ZstdFrameReader::InitStored(std::string name, ByteView raw) {
  name_ = std::move(name);
  stored_ = raw;
  raw_size_ = raw.size();
  stored_raw_ = true;
  frame_done_ = true;
}

Status ZstdFrameReader::Decode(uint8_t* dst, size_t n) {
  if (stored_raw_) {
    // Callers never ask for more than remaining(), which bounds in_pos_ + n.
    if (n > stored_.size() - in_pos_) return Status::Internal(name_ + ": read past stored bytes");
    std::memcpy(dst, stored_.data() + in_pos_, n);
    in_pos_ += n;
    return Status::Ok();
  }
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

Status ZstdFrameReader::Read(std::span<uint8_t> out) {
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

Status ZstdFrameReader::ReadVarint(uint64_t* value) {
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

Status ZstdFrameReader::Finish() {
  if (produced_ != raw_size_) {
    return Status::Corrupt(name_ + ": " + std::to_string(raw_size_ - produced_) +
                           " bytes left unused");
  }
  if (raw_size_ == 0 || stored_raw_) return Status::Ok();
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

}  // namespace suture
