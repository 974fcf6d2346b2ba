// Streaming BSDIFF40 applier. Semantics follow the reference bspatch: add
// bytes are added to OLD bytes where the OLD position is inside OLD and taken
// as is elsewhere; the control block's first two fields must be
// non-negative and stay inside NEW.
#include <bzlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "suture/apply/bsdiff40_apply.h"

namespace suture::diff {
namespace {

constexpr char kWhat[] = "bsdiff40 patch";
std::string Msg(const std::string& s) { return std::string(kWhat) + ": " + s; }

// Sign-magnitude little-endian 64-bit integer ("offtin" in bsdiff).
int64_t DecodeOff(const uint8_t* p) {
  uint64_t mag = 0;
  for (int i = 7; i >= 0; --i) mag = (mag << 8) | p[i];
  const bool negative = (mag >> 63) != 0;
  mag &= ~(uint64_t{1} << 63);
  return negative ? -static_cast<int64_t>(mag) : static_cast<int64_t>(mag);
}

// Pulls exactly-sized pieces out of one bzip2 stream held in memory.
class Bz2Source {
 public:
  Bz2Source() = default;
  ~Bz2Source() {
    if (inited_) BZ2_bzDecompressEnd(&strm_);
  }
  Bz2Source(const Bz2Source&) = delete;
  Bz2Source& operator=(const Bz2Source&) = delete;

  Status Init(std::string name, ByteView stored) {
    name_ = std::move(name);
    stored_ = stored;
    std::memset(&strm_, 0, sizeof(strm_));
    const int rc = BZ2_bzDecompressInit(&strm_, 0, 0);
    if (rc != BZ_OK) return Status::ResourceExhausted(name_ + ": bzip2 init failed (" + std::to_string(rc) + ")");
    inited_ = true;
    strm_.next_in = const_cast<char*>(reinterpret_cast<const char*>(stored.data()));
    // bzip2 counts input in unsigned int; feed at most 1 GiB at a time.
    Refill();
    return Status::Ok();
  }

  uint64_t produced() const { return produced_; }

  // Fills all of `out`, or fails naming how far the stream got.
  Status Read(std::span<uint8_t> out) {
    size_t done = 0;
    while (done < out.size()) {
      if (ended_) {
        return Status::Corrupt(name_ + ": bzip2 stream ends after " + std::to_string(produced_) +
                               " bytes, more needed");
      }
      Refill();
      const size_t want = std::min<size_t>(out.size() - done, 1u << 30);
      strm_.next_out = reinterpret_cast<char*>(out.data() + done);
      strm_.avail_out = static_cast<unsigned>(want);
      const unsigned in_before = strm_.avail_in;
      const int rc = BZ2_bzDecompress(&strm_);
      const size_t got = want - strm_.avail_out;
      consumed_ += in_before - strm_.avail_in;
      done += got;
      produced_ += got;
      if (rc == BZ_STREAM_END) {
        ended_ = true;
      } else if (rc != BZ_OK) {
        return Status::Corrupt(name_ + ": bad bzip2 data (error " + std::to_string(rc) +
                               ") after " + std::to_string(produced_) + " bytes");
      } else if (got == 0 && in_before == strm_.avail_in) {
        return Status::Corrupt(name_ + ": bzip2 stream truncated after " +
                               std::to_string(produced_) + " bytes");
      }
    }
    return Status::Ok();
  }

  // The stream must end here and fill its block exactly.
  Status Finish() {
    uint8_t scratch;
    while (!ended_) {
      Refill();
      strm_.next_out = reinterpret_cast<char*>(&scratch);
      strm_.avail_out = 1;
      const unsigned in_before = strm_.avail_in;
      const int rc = BZ2_bzDecompress(&strm_);
      consumed_ += in_before - strm_.avail_in;
      if (strm_.avail_out == 0) {
        return Status::Corrupt(name_ + ": holds more than the " + std::to_string(produced_) +
                               " bytes the control block uses");
      }
      if (rc == BZ_STREAM_END) {
        ended_ = true;
      } else if (rc != BZ_OK) {
        return Status::Corrupt(name_ + ": bad bzip2 data (error " + std::to_string(rc) + ")");
      } else if (in_before == strm_.avail_in) {
        return Status::Corrupt(name_ + ": bzip2 stream truncated");
      }
    }
    if (consumed_ != stored_.size()) {
      return Status::Corrupt(name_ + ": " + std::to_string(stored_.size() - consumed_) +
                             " trailing bytes after the bzip2 stream");
    }
    return Status::Ok();
  }

 private:
  void Refill() {
    if (strm_.avail_in == 0 && fed_ < stored_.size()) {
      const uint64_t n = std::min<uint64_t>(stored_.size() - fed_, 1u << 30);
      strm_.next_in = const_cast<char*>(reinterpret_cast<const char*>(stored_.data() + fed_));
      strm_.avail_in = static_cast<unsigned>(n);
      fed_ += n;
    }
  }

  std::string name_;
  ByteView stored_;
  bz_stream strm_;
  bool inited_ = false;
  bool ended_ = false;
  uint64_t fed_ = 0;
  uint64_t consumed_ = 0;
  uint64_t produced_ = 0;
};

struct Header {
  uint64_t ctrl_len = 0, diff_len = 0, new_size = 0;
};

StatusOr<Header> ParseHeader(ByteView patch, const ApplyLimits& limits) {
  if (patch.size() < kBsdiff40HeaderSize) {
    return Status::Corrupt(Msg("truncated header: " + std::to_string(patch.size()) +
                               " bytes, need 32"));
  }
  if (!LooksLikeBsdiff40(patch)) return Status::Corrupt(Msg("bad magic (not BSDIFF40)"));
  const char* names[] = {"control block length", "diff block length", "new size"};
  int64_t v[3];
  for (int i = 0; i < 3; ++i) {
    v[i] = DecodeOff(patch.data() + 8 + 8 * i);
    if (v[i] < 0) {
      return Status::Corrupt(Msg(std::string("negative ") + names[i] + " " + std::to_string(v[i])));
    }
  }
  Header h{static_cast<uint64_t>(v[0]), static_cast<uint64_t>(v[1]), static_cast<uint64_t>(v[2])};
  const uint64_t body = patch.size() - kBsdiff40HeaderSize;
  if (!RangeFits(0, h.ctrl_len, body) || !RangeFits(h.ctrl_len, h.diff_len, body)) {
    return Status::Corrupt(Msg("control (" + std::to_string(h.ctrl_len) + ") + diff (" +
                               std::to_string(h.diff_len) + ") block lengths exceed the " +
                               std::to_string(body) + " bytes after the header"));
  }
  if (h.new_size > limits.max_new_size) {
    return Status::LimitExceeded(Msg("declared new size " + std::to_string(h.new_size) +
                                     " exceeds limit " + std::to_string(limits.max_new_size)));
  }
  return h;
}

Status Run(ByteView old_data, ByteView patch, const Header& h, ByteSink& out) {
  const ByteView body = patch.subspan(kBsdiff40HeaderSize);
  Bz2Source ctrl, diff, extra;
  SUTURE_RETURN_IF_ERROR(ctrl.Init(Msg("control block"), body.subspan(0, h.ctrl_len)));
  SUTURE_RETURN_IF_ERROR(diff.Init(Msg("diff block"), body.subspan(h.ctrl_len, h.diff_len)));
  SUTURE_RETURN_IF_ERROR(extra.Init(Msg("extra block"), body.subspan(h.ctrl_len + h.diff_len)));
  const int64_t old_size = static_cast<int64_t>(old_data.size());
  const int64_t new_size = static_cast<int64_t>(h.new_size);
  std::vector<uint8_t> buf(kGenericApplyChunk);
  int64_t new_pos = 0, old_pos = 0;
  for (uint64_t entry = 0; new_pos < new_size; ++entry) {
    const std::string where = Msg("control entry " + std::to_string(entry) + ": ");
    uint8_t raw[24];
    SUTURE_RETURN_IF_ERROR(ctrl.Read(raw));
    int64_t c[3];
    for (int i = 0; i < 3; ++i) {
      c[i] = DecodeOff(raw + 8 * i);
    }
    if (c[0] < 0 || c[1] < 0) {
      return Status::Corrupt(where + "negative " + (c[0] < 0 ? "add" : "extra") + " length " +
                             std::to_string(c[0] < 0 ? c[0] : c[1]));
    }
    if (c[0] > new_size - new_pos) {
      return Status::Corrupt(where + "add of " + std::to_string(c[0]) + " bytes at new offset " +
                             std::to_string(new_pos) + " exceeds new size " +
                             std::to_string(new_size));
    }
    for (int64_t left = c[0]; left > 0;) {
      const size_t k = static_cast<size_t>(std::min<int64_t>(left, buf.size()));
      SUTURE_RETURN_IF_ERROR(diff.Read({buf.data(), k}));
      // OLD positions outside OLD contribute nothing (reference semantics).
      const int64_t lo = std::clamp<int64_t>(old_pos, 0, old_size);
      const int64_t hi = std::clamp<int64_t>(old_pos + static_cast<int64_t>(k), 0, old_size);
      for (int64_t p = lo; p < hi; ++p) {
        buf[p - old_pos] = static_cast<uint8_t>(buf[p - old_pos] + old_data[p]);
      }
      SUTURE_RETURN_IF_ERROR(out.Write({buf.data(), k}));
      old_pos += static_cast<int64_t>(k);
      left -= static_cast<int64_t>(k);
    }
    new_pos += c[0];
    if (c[1] > new_size - new_pos) {
      return Status::Corrupt(where + "extra of " + std::to_string(c[1]) + " bytes at new offset " +
                             std::to_string(new_pos) + " exceeds new size " +
                             std::to_string(new_size));
    }
    for (int64_t left = c[1]; left > 0;) {
      const size_t k = static_cast<size_t>(std::min<int64_t>(left, buf.size()));
      SUTURE_RETURN_IF_ERROR(extra.Read({buf.data(), k}));
      SUTURE_RETURN_IF_ERROR(out.Write({buf.data(), k}));
      left -= static_cast<int64_t>(k);
    }
    new_pos += c[1];
    // Keep old_pos in a range where later arithmetic cannot overflow.
    constexpr int64_t kFar = int64_t{1} << 62;
    if (c[2] > kFar || c[2] < -kFar || old_pos + c[2] > kFar || old_pos + c[2] < -kFar) {
      return Status::Corrupt(where + "seek " + std::to_string(c[2]) + " from old offset " +
                             std::to_string(old_pos) + " is out of range");
    }
    old_pos += c[2];
  }
  SUTURE_RETURN_IF_ERROR(ctrl.Finish());
  SUTURE_RETURN_IF_ERROR(diff.Finish());
  return extra.Finish();
}

}  // namespace

bool LooksLikeBsdiff40(ByteView patch) {
  return patch.size() >= 8 && std::memcmp(patch.data(), kBsdiff40Magic, 8) == 0;
}

Status Bsdiff40Apply(ByteView old_data, ByteView patch, ByteSink& out, const ApplyLimits& limits) {
  SUTURE_ASSIGN_OR_RETURN(Header h, ParseHeader(patch, limits));
  return Run(old_data, patch, h, out);
}

StatusOr<Bytes> Bsdiff40ApplyToBytes(ByteView old_data, ByteView patch,
                                     const ApplyLimits& limits) {
  SUTURE_ASSIGN_OR_RETURN(Header h, ParseHeader(patch, limits));
  Bytes result;
  result.reserve(static_cast<size_t>(h.new_size));
  BytesSink sink(&result);
  SUTURE_RETURN_IF_ERROR(Run(old_data, patch, h, sink));
  return result;
}

}  // namespace suture::diff
