// BSDIFF40 writer: the shared matcher's control entries, serialized the way
// the reference bsdiff does (three bzip2 streams, block size 9).
#include <bzlib.h>

#include <cstring>
#include <string>
#include <vector>

#include "matcher.h"
#include "suture/create/bsdiff40_diff.h"

namespace suture::diff {
namespace {

void PutOff(Bytes& out, int64_t v) {
  uint64_t mag = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
  uint8_t b[8];
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<uint8_t>(mag);
    mag >>= 8;
  }
  if (v < 0) b[7] |= 0x80;
  out.insert(out.end(), b, b + 8);
}

void SetOff(Bytes& out, size_t at, int64_t v) {
  Bytes tmp;
  PutOff(tmp, v);
  std::memcpy(out.data() + at, tmp.data(), 8);
}

// Appends one complete bzip2 stream of `raw` to `out`.
Status AppendBzip2(ByteView raw, Bytes& out) {
  bz_stream strm;
  std::memset(&strm, 0, sizeof(strm));
  if (BZ2_bzCompressInit(&strm, 9, 0, 0) != BZ_OK) {
    return Status::Internal("bsdiff40 diff: bzip2 init failed");
  }
  size_t fed = 0;
  std::vector<char> chunk(1 << 16);
  int rc;
  do {
    if (strm.avail_in == 0 && fed < raw.size()) {
      const size_t n = std::min<size_t>(raw.size() - fed, 1u << 30);
      strm.next_in = const_cast<char*>(reinterpret_cast<const char*>(raw.data() + fed));
      strm.avail_in = static_cast<unsigned>(n);
      fed += n;
    }
    strm.next_out = chunk.data();
    strm.avail_out = static_cast<unsigned>(chunk.size());
    const int action = fed == raw.size() && strm.avail_in == 0 ? BZ_FINISH : BZ_RUN;
    rc = BZ2_bzCompress(&strm, action);
    out.insert(out.end(), chunk.data(), chunk.data() + (chunk.size() - strm.avail_out));
    if (rc != BZ_RUN_OK && rc != BZ_FINISH_OK && rc != BZ_STREAM_END) {
      BZ2_bzCompressEnd(&strm);
      return Status::Internal("bsdiff40 diff: bzip2 compress failed (" + std::to_string(rc) + ")");
    }
  } while (rc != BZ_STREAM_END);
  BZ2_bzCompressEnd(&strm);
  return Status::Ok();
}

}  // namespace

StatusOr<Bytes> Bsdiff40Diff(ByteView old_data, ByteView new_data) {
  SUTURE_ASSIGN_OR_RETURN(std::vector<internal::ControlEntry> control,
                          internal::ComputeControl(old_data, new_data, internal::MatchOptions{}));
  Bytes ctrl_raw, diff_raw, extra_raw;
  ctrl_raw.reserve(control.size() * 24);
  uint64_t old_pos = 0, new_pos = 0;
  for (const auto& e : control) {
    PutOff(ctrl_raw, static_cast<int64_t>(e.add_len));
    PutOff(ctrl_raw, static_cast<int64_t>(e.extra_len));
    PutOff(ctrl_raw, e.seek);
    for (uint64_t i = 0; i < e.add_len; ++i) {
      diff_raw.push_back(static_cast<uint8_t>(new_data[new_pos + i] - old_data[old_pos + i]));
    }
    const uint8_t* extra = new_data.data() + new_pos + e.add_len;
    extra_raw.insert(extra_raw.end(), extra, extra + e.extra_len);
    new_pos += e.add_len + e.extra_len;
    old_pos = static_cast<uint64_t>(static_cast<int64_t>(old_pos + e.add_len) + e.seek);
  }
  Bytes out(kBsdiff40Magic, kBsdiff40Magic + 8);
  out.resize(kBsdiff40HeaderSize);
  SetOff(out, 24, static_cast<int64_t>(new_data.size()));
  SUTURE_RETURN_IF_ERROR(AppendBzip2(ctrl_raw, out));
  const size_t ctrl_len = out.size() - kBsdiff40HeaderSize;
  SUTURE_RETURN_IF_ERROR(AppendBzip2(diff_raw, out));
  const size_t diff_len = out.size() - kBsdiff40HeaderSize - ctrl_len;
  SUTURE_RETURN_IF_ERROR(AppendBzip2(extra_raw, out));
  SetOff(out, 8, static_cast<int64_t>(ctrl_len));
  SetOff(out, 16, static_cast<int64_t>(diff_len));
  return out;
}

}  // namespace suture::diff
