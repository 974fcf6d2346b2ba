// The zstd frame codec every Suture layer uses: the bundle's payload streams,
// the generic delta's four streams, the DEX patch's maps and deltas, and the
// archive layout. One place sets zstd's parameters, so the writers stay
// deterministic and the readers stay bounded.
//
// Writing: ZstdCompressor makes one frame per call, with its content size
// recorded and no checksum. Every call resets the context and sets every
// parameter, so the bytes depend only on the input, the options and the zstd
// version, never on what the context compressed before.
//
// Reading never sizes memory from the frame alone: the one-shot decoder
// allocates the size the caller declares (from a container field the caller
// has checked) and refuses it above ZstdDecodeLimits::max_output, and zstd
// decodes straight into it (no window); ZstdDecompressTo and ZstdFrameReader
// stream through fixed buffers and refuse windows above 2^max_window_log
// (zstd's windowLogMax).
// Errors are kCorrupt (bad or truncated frame, wrong size), kLimitExceeded
// (over a limit) or kInternal (zstd could not be set up); callers prefix where
// the frame came from with Status::WithContext.
//
// Thread-safety: a ZstdCompressor or ZstdFrameReader is used by one thread at
// a time; the free functions are reentrant.
#ifndef SUTURE_CORE_ZSTD_FRAME_H_
#define SUTURE_CORE_ZSTD_FRAME_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace suture {

// zstd's default window limit for decoders (ZSTD_WINDOWLOG_LIMIT_DEFAULT).
inline constexpr int kZstdDefaultMaxWindowLog = 27;

// ZSTD_btultra, for ZstdCompressOptions::strategy.
inline constexpr int kZstdStrategyBtultra = 8;

// The highest compression level this zstd accepts (ZSTD_maxCLevel()).
int ZstdMaxLevel();

struct ZstdCompressOptions {
  int level = 19;
  int window_log = 0;          // 0: what the level picks for the input size
  int strategy = 0;            // a ZSTD_strategy value; 0: the level's own
  bool long_distance = false;  // long-distance matching
  // Raw-content prefix the frame may refer to ("patch from"); the decoder
  // needs the same prefix. Viewed for the duration of the call only.
  ByteView prefix = {};
};

// A reusable compression context (saves re-allocating level-19 tables when
// one caller compresses many streams).
class ZstdCompressor {
 public:
  ZstdCompressor();
  ~ZstdCompressor();
  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  // One zstd frame holding `raw` (an empty input gives a frame too).
  // kInvalidArgument for a parameter zstd refuses, kInternal otherwise.
  StatusOr<Bytes> Compress(ByteView raw, const ZstdCompressOptions& options = {});

 private:
  ZSTD_CCtx_s* cctx_;
};

// ZstdCompressor().Compress(raw, options).
StatusOr<Bytes> ZstdCompress(ByteView raw, const ZstdCompressOptions& options = {});

struct ZstdDecodeLimits {
  // Largest decoded size accepted (checked before anything is allocated).
  uint64_t max_output = 0;
  int max_window_log = kZstdDefaultMaxWindowLog;
};

// Decodes `frames` (normally one frame) into exactly `raw_size` bytes, the
// size the caller's container declares. kLimitExceeded when raw_size is over
// limits.max_output; kCorrupt "zstd: <reason>" for a bad frame, or "decoded N
// bytes, declared M" when the frames hold fewer bytes than declared.
// `prefix` (may be empty) is the prefix the frame was made with.
StatusOr<Bytes> ZstdDecompress(ByteView frames, uint64_t raw_size, const ZstdDecodeLimits& limits,
                               ByteView prefix = {});

// Streams the decoded bytes of `frames` into `sink` in pieces of at most
// ZSTD_DStreamOutSize() bytes through one fixed buffer. Fails (kCorrupt) as
// soon as the output would exceed `raw_size`, and at the end when it is
// short or the last frame is truncated; by then `sink` has seen a prefix.
// A non-OK return from `sink` stops decoding and is returned unchanged.
Status ZstdDecompressTo(ByteView frames, uint64_t raw_size, const ZstdDecodeLimits& limits,
                        const std::function<Status(ByteView)>& sink);

// The content size a frame header declares. kCorrupt when `frame` does not
// start with a zstd frame header or the header records no size.
StatusOr<uint64_t> ZstdFrameContentSize(ByteView frame);

// A bounded-memory pull reader of exactly one zstd frame held in memory
// (or, InitStored, of bytes stored as they are): hands out the decoded bytes
// in caller-sized pieces, never more than the frame declares (GenericApply
// reads its four streams this way).
class ZstdFrameReader {
 public:
  ZstdFrameReader() = default;
  ~ZstdFrameReader();
  ZstdFrameReader(const ZstdFrameReader&) = delete;
  ZstdFrameReader& operator=(const ZstdFrameReader&) = delete;

  // Checks the frame header of `stored` (kCorrupt when it is not one zstd
  // frame whose content size is exactly `raw_size`; kLimitExceeded when its
  // window is over 2^max_window_log) and prepares decoding. An empty stream
  // (raw_size 0) must have no stored bytes. `prefix` (may be empty) is the
  // zstd prefix the frame was made with; it must outlive the reader.
  // `name` ("generic patch: diff stream") starts every error message.
  Status Init(std::string name, ByteView stored, uint64_t raw_size, int max_window_log,
              ByteView prefix);

  // The same reader over bytes stored without compression (`raw` is the
  // stream itself; it must outlive the reader): the generic delta's one-block
  // form hands its streams out of one decoded or stored block this way.
  void InitStored(std::string name, ByteView raw);

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
  bool stored_raw_ = false;  // InitStored: no zstd frame
  // Small read-ahead so varints are not decoded one zstd call per byte.
  uint8_t buf_[4096];
  size_t buf_pos_ = 0;
  size_t buf_len_ = 0;
};

}  // namespace suture

#endif  // SUTURE_CORE_ZSTD_FRAME_H_
