// Streaming applier of Suture generic patches (docs/generic-format.md).
//
// Validates the header and every zstd frame header before the first
// byte of output, then walks the control entries, producing NEW in pieces of
// at most kGenericApplyChunk bytes. Memory: four zstd decoders (window
// bounded by ApplyLimits::max_window_log and by each stream's size) and one
// 64 KiB buffer.
#include "suture/apply/generic_apply.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "suture/apply/varint.h"
#include "suture/core/zstd_frame.h"

namespace suture::diff {
namespace {

constexpr char kWhat[] = "generic patch";

struct StreamSizes {
  uint64_t stored = 0;
  uint64_t raw = 0;
};

struct ParsedHeader {
  GenericPatchInfo info;
  StreamSizes control, diff, extra, runs;
  ByteView control_bytes, diff_bytes, extra_bytes, runs_bytes;
  uint64_t add_total = 0;  // NEW bytes made by adds = new_size - extra raw
  // Version 3: the one block (a zstd frame, or stored) and its decoded size.
  ByteView block_bytes;
  uint64_t block_raw = 0;
};

std::string Msg(const std::string& s) { return std::string(kWhat) + ": " + s; }

// Checks shared by every version once the sizes are known: every NEW byte
// comes from the add bytes or the extra stream; the runs stream only with
// its flag.
Status CheckStreamSizes(ParsedHeader* h) {
  if (h->extra.raw > h->info.new_size) {
    return Status::Corrupt(Msg("extra stream (" + std::to_string(h->extra.raw) +
                               " bytes) exceeds new size " + std::to_string(h->info.new_size)));
  }
  h->add_total = h->info.new_size - h->extra.raw;
  if ((h->info.flags & kGenericFlagDiffRuns) == 0) {
    if (h->diff.raw != h->add_total) {
      return Status::Corrupt(Msg("diff stream (" + std::to_string(h->diff.raw) +
                                 " bytes) + extra stream (" + std::to_string(h->extra.raw) +
                                 " bytes) != new size " + std::to_string(h->info.new_size)));
    }
    if (h->runs.raw != 0 || h->runs.stored != 0) {
      return Status::Corrupt(Msg("runs stream present without the diff-runs flag"));
    }
  } else if (h->diff.raw > h->add_total) {
    // The diff stream holds only the literal runs of the add bytes.
    return Status::Corrupt(Msg("diff literals (" + std::to_string(h->diff.raw) +
                               " bytes) exceed the " + std::to_string(h->add_total) + " add bytes"));
  }
  h->info.raw[0] = h->control.raw;
  h->info.raw[1] = h->diff.raw;
  h->info.raw[2] = h->extra.raw;
  h->info.raw[3] = h->runs.raw;
  return Status::Ok();
}

// Version 3 after magic and version: u8 flags, six varints, the block.
StatusOr<ParsedHeader> ParseBlockHeader(ByteView patch, ByteReader& r) {
  ParsedHeader h;
  h.info.version = kGenericFormatVersionBlock;
  uint8_t flags = 0;
  if (!r.ReadU8(&flags).ok()) return Status::Corrupt(Msg("truncated header: no flags byte"));
  h.info.flags = flags;
  if ((flags & ~(kGenericFlagDiffRuns | kGenericFlagBlockStored)) != 0) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02x", flags);
    return Status::Unsupported(Msg(std::string("unknown flags ") + hex + " (version 3)"));
  }
  const char* what = "generic patch: header size field";
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, what, &h.info.old_size));
  SUTURE_RETURN_IF_ERROR(ReadVarint(r, what, &h.info.new_size));
  uint64_t total = 0;
  for (StreamSizes* s : {&h.control, &h.diff, &h.extra, &h.runs}) {
    SUTURE_RETURN_IF_ERROR(ReadVarint(r, what, &s->raw));
    // Checked one by one so the sum cannot wrap.
    if (s->raw > kGenericBlockMaxRaw || total + s->raw > kGenericBlockMaxRaw) {
      return Status::LimitExceeded(Msg("one-block streams exceed " +
                                       std::to_string(kGenericBlockMaxRaw) + " bytes"));
    }
    total += s->raw;
  }
  h.info.header_size = static_cast<uint32_t>(r.offset());
  SUTURE_RETURN_IF_ERROR(CheckStreamSizes(&h));
  h.block_raw = total;
  h.block_bytes = patch.subspan(r.offset());
  h.info.block_stored = h.block_bytes.size();
  if ((flags & kGenericFlagBlockStored) != 0 && h.block_bytes.size() != total) {
    return Status::Corrupt(Msg("stored block of " + std::to_string(h.block_bytes.size()) +
                               " bytes, the streams need " + std::to_string(total)));
  }
  if ((flags & kGenericFlagBlockStored) == 0 && total == 0 && !h.block_bytes.empty()) {
    return Status::Corrupt(Msg(std::to_string(h.block_bytes.size()) +
                               " trailing bytes after an empty block"));
  }
  return h;
}

StatusOr<ParsedHeader> ParseHeader(ByteView patch) {
  if (patch.size() < 12) {
    return Status::Corrupt(
        Msg("truncated header: " + std::to_string(patch.size()) + " bytes, need at least 12"));
  }
  ByteReader r(patch);
  ByteView magic;
  SUTURE_RETURN_IF_ERROR(r.ReadBytes(8, &magic));
  if (std::memcmp(magic.data(), kGenericMagic, 8) != 0) {
    return Status::Corrupt(Msg("bad magic (not a Suture generic delta)"));
  }
  ParsedHeader h;
  uint16_t version = 0;
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&version));
  if (version != kGenericFormatVersion && version != kGenericFormatVersionCompact &&
      version != kGenericFormatVersionBlock) {
    return Status::Unsupported(Msg("format version " + std::to_string(version) +
                                   ", this build reads versions 1, 2 and 3"));
  }
  if (version == kGenericFormatVersionBlock) return ParseBlockHeader(patch, r);
  if (version == kGenericFormatVersion && patch.size() < kGenericHeaderSize) {
    return Status::Corrupt(Msg("truncated header: " + std::to_string(patch.size()) +
                               " bytes, need " + std::to_string(kGenericHeaderSize)));
  }
  h.info.version = version;
  SUTURE_RETURN_IF_ERROR(r.ReadU16(&h.info.flags));
  if ((h.info.flags & ~(kGenericFlagExtraOldPrefix | kGenericFlagDiffRuns)) != 0) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%04x", h.info.flags);
    return Status::Unsupported(Msg(std::string("unknown flags ") + hex));
  }
  // Version 1: ten u64; version 2: ten varints, in the same order.
  auto read_size = [&](uint64_t* v) {
    return version == kGenericFormatVersion ? r.ReadU64(v)
                                            : ReadVarint(r, "generic patch: header size field", v);
  };
  SUTURE_RETURN_IF_ERROR(read_size(&h.info.old_size));
  SUTURE_RETURN_IF_ERROR(read_size(&h.info.new_size));
  for (StreamSizes* s : {&h.control, &h.diff, &h.extra, &h.runs}) {
    SUTURE_RETURN_IF_ERROR(read_size(&s->stored));
    SUTURE_RETURN_IF_ERROR(read_size(&s->raw));
  }
  const size_t header_size = r.offset();
  h.info.header_size = static_cast<uint32_t>(header_size);
  h.info.stored[0] = h.control.stored;
  h.info.stored[1] = h.diff.stored;
  h.info.stored[2] = h.extra.stored;
  h.info.stored[3] = h.runs.stored;
  SUTURE_RETURN_IF_ERROR(CheckStreamSizes(&h));
  const uint64_t body = r.remaining();
  uint64_t at = 0;
  const char* names[] = {"control", "diff", "extra", "runs"};
  ByteView* views[] = {&h.control_bytes, &h.diff_bytes, &h.extra_bytes, &h.runs_bytes};
  const StreamSizes* sizes[] = {&h.control, &h.diff, &h.extra, &h.runs};
  for (int i = 0; i < 4; ++i) {
    if (!RangeFits(at, sizes[i]->stored, body)) {
      return Status::Corrupt(Msg(std::string(names[i]) + " stream of " +
                                 std::to_string(sizes[i]->stored) + " bytes at offset " +
                                 std::to_string(header_size + at) + " runs past the end of the " +
                                 std::to_string(patch.size()) + "-byte patch"));
    }
    *views[i] = patch.subspan(header_size + at, sizes[i]->stored);
    at += sizes[i]->stored;
  }
  if (at != body) {
    return Status::Corrupt(Msg(std::to_string(body - at) + " trailing bytes after the streams"));
  }
  return h;
}

class Applier {
 public:
  Applier(ByteView old_data, const ParsedHeader& h, ByteSink& out)
      : old_(old_data), h_(h), out_(out), buf_(kGenericApplyChunk) {}

  Status Init(const ApplyLimits& limits) {
    const std::string p = Msg("");
    runs_mode_ = (h_.info.flags & kGenericFlagDiffRuns) != 0;
    add_left_ = h_.add_total;
    if (h_.info.version == kGenericFormatVersionBlock) return InitBlock(limits);
    SUTURE_RETURN_IF_ERROR(control_.Init(p + "control stream", h_.control_bytes, h_.control.raw,
                                         limits.max_window_log, {}));
    SUTURE_RETURN_IF_ERROR(
        diff_.Init(p + "diff stream", h_.diff_bytes, h_.diff.raw, limits.max_window_log, {}));
    const ByteView prefix = (h_.info.flags & kGenericFlagExtraOldPrefix) ? old_ : ByteView();
    SUTURE_RETURN_IF_ERROR(extra_.Init(p + "extra stream", h_.extra_bytes, h_.extra.raw,
                                       limits.max_window_log, prefix));
    return runs_.Init(p + "runs stream", h_.runs_bytes, h_.runs.raw, limits.max_window_log, {});
  }

  // Version 3: decodes the block (at most kGenericBlockMaxRaw bytes, checked
  // by the header parser) and reads the four streams out of it.
  Status InitBlock(const ApplyLimits& limits) {
    ByteView block = h_.block_bytes;
    if ((h_.info.flags & kGenericFlagBlockStored) == 0 && h_.block_raw > 0) {
      auto decoded = ZstdDecompress(h_.block_bytes, h_.block_raw,
                                    {.max_output = kGenericBlockMaxRaw,
                                     .max_window_log = limits.max_window_log});
      if (!decoded.ok()) return decoded.status().WithContext(Msg("block"));
      block_ = std::move(*decoded);
      block = block_;
    }
    ZstdFrameReader* readers[] = {&control_, &diff_, &extra_, &runs_};
    const char* names[] = {"control stream", "diff stream", "extra stream", "runs stream"};
    const uint64_t raws[] = {h_.control.raw, h_.diff.raw, h_.extra.raw, h_.runs.raw};
    uint64_t at = 0;
    for (int i = 0; i < 4; ++i) {
      readers[i]->InitStored(Msg(names[i]), block.subspan(at, raws[i]));
      at += raws[i];
    }
    return Status::Ok();
  }

  Status Run() {
    const uint64_t new_size = h_.info.new_size;
    const uint64_t old_size = old_.size();
    uint64_t new_pos = 0, old_pos = 0;
    bool previous_empty = false;
    for (uint64_t entry = 0; new_pos < new_size; ++entry) {
      const std::string where = Msg("control entry " + std::to_string(entry) + ": ");
      if (control_.remaining() == 0) {
        return Status::Corrupt(Msg("control stream ends at new offset " + std::to_string(new_pos) +
                                   " of " + std::to_string(new_size)));
      }
      uint64_t add = 0, extra = 0, seek_zz = 0;
      SUTURE_RETURN_IF_ERROR(control_.ReadVarint(&add));
      SUTURE_RETURN_IF_ERROR(control_.ReadVarint(&extra));
      SUTURE_RETURN_IF_ERROR(control_.ReadVarint(&seek_zz));
      // An empty entry only moves in OLD; two in a row would let a tiny
      // control stream spin the applier for as long as it likes.
      const bool empty = add == 0 && extra == 0;
      if (empty && previous_empty) {
        return Status::Corrupt(where + "second consecutive entry with no add and no extra bytes");
      }
      previous_empty = empty;
      if (!RangeFits(new_pos, add, new_size)) {
        return Status::Corrupt(where + "add of " + std::to_string(add) + " bytes at new offset " +
                               std::to_string(new_pos) + " exceeds new size " +
                               std::to_string(new_size));
      }
      if (!RangeFits(old_pos, add, old_size)) {
        return Status::Corrupt(where + "copy of " + std::to_string(add) + " bytes at old offset " +
                               std::to_string(old_pos) + " exceeds old size " +
                               std::to_string(old_size));
      }
      if (add > add_left_) {
        return Status::Corrupt(where + "add of " + std::to_string(add) +
                               " bytes needs more than the " + std::to_string(add_left_) +
                               " diff bytes left");
      }
      SUTURE_RETURN_IF_ERROR(Add(old_pos, add));
      new_pos += add;
      old_pos += add;
      if (!RangeFits(new_pos, extra, new_size)) {
        return Status::Corrupt(where + "extra of " + std::to_string(extra) +
                               " bytes at new offset " + std::to_string(new_pos) +
                               " exceeds new size " + std::to_string(new_size));
      }
      if (extra > extra_.remaining()) {
        return Status::Corrupt(where + "extra of " + std::to_string(extra) +
                               " bytes needs more than the " + std::to_string(extra_.remaining()) +
                               " left in the extra stream");
      }
      SUTURE_RETURN_IF_ERROR(Extra(extra));
      new_pos += extra;
      // Zigzag: even = non-negative.
      const uint64_t mag = seek_zz >> 1;
      const bool negative = (seek_zz & 1) != 0;
      if (negative ? mag + 1 > old_pos : mag > old_size - old_pos) {
        return Status::Corrupt(where + "seek of " + (negative ? "-" : "") +
                               std::to_string(negative ? mag + 1 : mag) + " from old offset " +
                               std::to_string(old_pos) + " leaves old range [0, " +
                               std::to_string(old_size) + "]");
      }
      old_pos = negative ? old_pos - (mag + 1) : old_pos + mag;
    }
    if (control_.remaining() != 0) {
      return Status::Corrupt(Msg("control stream has " + std::to_string(control_.remaining()) +
                                 " bytes after the entry that completes the new file"));
    }
    if (runs_mode_ && (zeros_left_ != 0 || literals_left_ != 0 || runs_.remaining() != 0)) {
      return Status::Corrupt(Msg("runs stream describes more diff bytes than the adds use"));
    }
    SUTURE_RETURN_IF_ERROR(control_.Finish());
    SUTURE_RETURN_IF_ERROR(diff_.Finish());
    SUTURE_RETURN_IF_ERROR(extra_.Finish());
    return runs_.Finish();
  }

 private:
  Status Add(uint64_t old_pos, uint64_t n) {
    while (n > 0) {
      const size_t k = static_cast<size_t>(std::min<uint64_t>(n, buf_.size()));
      SUTURE_RETURN_IF_ERROR(ReadDiff({buf_.data(), k}));
      add_left_ -= k;
      const uint8_t* src = old_.data() + old_pos;
      uint8_t* dst = buf_.data();
      for (size_t i = 0; i < k; ++i) dst[i] = static_cast<uint8_t>(dst[i] + src[i]);
      SUTURE_RETURN_IF_ERROR(out_.Write({buf_.data(), k}));
      old_pos += k;
      n -= k;
    }
    return Status::Ok();
  }

  // The next out.size() diff bytes: straight from the diff stream, or in
  // runs mode by expanding (zero run, literal run) pairs from the runs
  // stream with literals from the diff stream.
  Status ReadDiff(std::span<uint8_t> out) {
    if (!runs_mode_) return diff_.Read(out);
    size_t done = 0;
    while (done < out.size()) {
      if (zeros_left_ == 0 && literals_left_ == 0) SUTURE_RETURN_IF_ERROR(NextRun());
      if (zeros_left_ > 0) {
        const size_t k = static_cast<size_t>(std::min<uint64_t>(zeros_left_, out.size() - done));
        std::memset(out.data() + done, 0, k);
        zeros_left_ -= k;
        done += k;
      } else {
        const size_t k = static_cast<size_t>(std::min<uint64_t>(literals_left_, out.size() - done));
        SUTURE_RETURN_IF_ERROR(diff_.Read({out.data() + done, k}));
        literals_left_ -= k;
        done += k;
      }
    }
    return Status::Ok();
  }

  // Reads the next (zero run, literal run) pair. Only the first pair may have
  // no zeros and only the one that ends the add bytes may have no literals,
  // so every pair in between moves the output forward.
  Status NextRun() {
    const std::string where = Msg("runs stream: pair " + std::to_string(run_index_) + ": ");
    if (runs_.remaining() == 0) {
      return Status::Corrupt(Msg("runs stream ends with " +
                                 std::to_string(h_.add_total - described_) +
                                 " diff bytes still to describe"));
    }
    uint64_t zeros = 0, literals = 0;
    SUTURE_RETURN_IF_ERROR(runs_.ReadVarint(&zeros));
    SUTURE_RETURN_IF_ERROR(runs_.ReadVarint(&literals));
    // Add bytes not yet described by earlier runs.
    const uint64_t undescribed = h_.add_total - described_;
    if (zeros > undescribed || literals > undescribed - zeros) {
      return Status::Corrupt(where + std::to_string(zeros) + " zeros + " +
                             std::to_string(literals) + " literals exceed the " +
                             std::to_string(undescribed) + " diff bytes left");
    }
    if (zeros == 0 && run_index_ != 0) {
      return Status::Corrupt(where + "empty zero run after the first pair");
    }
    if (literals == 0 && zeros != undescribed) {
      return Status::Corrupt(where + "empty literal run before the end of the diff bytes");
    }
    if (literals > diff_.remaining()) {
      return Status::Corrupt(where + "literal run of " + std::to_string(literals) +
                             " bytes exceeds the " + std::to_string(diff_.remaining()) +
                             " left in the diff stream");
    }
    described_ += zeros + literals;
    zeros_left_ = zeros;
    literals_left_ = literals;
    ++run_index_;
    return Status::Ok();
  }

  Status Extra(uint64_t n) {
    while (n > 0) {
      const size_t k = static_cast<size_t>(std::min<uint64_t>(n, buf_.size()));
      SUTURE_RETURN_IF_ERROR(extra_.Read({buf_.data(), k}));
      SUTURE_RETURN_IF_ERROR(out_.Write({buf_.data(), k}));
      n -= k;
    }
    return Status::Ok();
  }

  ByteView old_;
  const ParsedHeader& h_;
  ByteSink& out_;
  std::vector<uint8_t> buf_;
  ZstdFrameReader control_, diff_, extra_, runs_;
  Bytes block_;  // version 3: the decoded block the readers view
  bool runs_mode_ = false;
  uint64_t add_left_ = 0;       // add bytes the control entries may still use
  uint64_t described_ = 0;      // add bytes covered by runs read so far
  uint64_t zeros_left_ = 0;     // of the current run pair
  uint64_t literals_left_ = 0;  // of the current run pair
  uint64_t run_index_ = 0;
};

Status Prepare(ByteView old_data, ByteView patch, const ApplyLimits& limits, ParsedHeader* h) {
  SUTURE_ASSIGN_OR_RETURN(*h, ParseHeader(patch));
  if (h->info.new_size > limits.max_new_size) {
    return Status::LimitExceeded(Msg("declared new size " + std::to_string(h->info.new_size) +
                                     " exceeds limit " + std::to_string(limits.max_new_size)));
  }
  if (h->info.old_size != old_data.size()) {
    return Status::InvalidArgument(Msg("made for an old input of " +
                                       std::to_string(h->info.old_size) + " bytes, got " +
                                       std::to_string(old_data.size())));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<GenericPatchInfo> ReadGenericPatchInfo(ByteView patch) {
  SUTURE_ASSIGN_OR_RETURN(ParsedHeader h, ParseHeader(patch));
  return h.info;
}

Status GenericApply(ByteView old_data, ByteView patch, ByteSink& out, const ApplyLimits& limits) {
  ParsedHeader h;
  SUTURE_RETURN_IF_ERROR(Prepare(old_data, patch, limits, &h));
  Applier applier(old_data, h, out);
  SUTURE_RETURN_IF_ERROR(applier.Init(limits));
  return applier.Run();
}

StatusOr<Bytes> GenericApplyToBytes(ByteView old_data, ByteView patch, const ApplyLimits& limits) {
  ParsedHeader h;
  SUTURE_RETURN_IF_ERROR(Prepare(old_data, patch, limits, &h));
  Bytes result;
  result.reserve(static_cast<size_t>(h.info.new_size));
  BytesSink sink(&result);
  Applier applier(old_data, h, sink);
  SUTURE_RETURN_IF_ERROR(applier.Init(limits));
  SUTURE_RETURN_IF_ERROR(applier.Run());
  return result;
}

}  // namespace suture::diff
