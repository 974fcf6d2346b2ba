// ZipReader extraction: stored copy or zlib raw inflate into a sink through
// one fixed 64 KiB output buffer, output capped at the declared size, CRC-32
// checked at the end.
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <string>

#include "suture/apply/zip.h"
#include "zip_format.h"

namespace suture::diff {

using zip_internal::EntryLabel;
using zip_internal::Hex32;

namespace {

constexpr size_t kChunk = 64 * 1024;
// zlib counts input in uInt; feed the mapped data in slices no larger than this.
constexpr size_t kMaxInSlice = 1u << 30;

struct InflateStream {
  z_stream zs{};
  bool live = false;
  ~InflateStream() {
    if (live) inflateEnd(&zs);
  }
};

Status CheckCrc(const std::string& label, uint32_t got, uint32_t want) {
  if (got != want) {
    return Status::VerifyFailed(label + ": CRC-32 " + Hex32(got) + " does not match declared " +
                                Hex32(want));
  }
  return Status::Ok();
}

}  // namespace

Status ZipReader::ExtractTo(const ZipEntry& e, const ZipSink& sink) const {
  const std::string label = EntryLabel(e.index, e.name);
  const ByteView raw = RawData(e);
  uLong crc = crc32_z(0, nullptr, 0);

  if (e.method == kZipStored) {
    for (size_t off = 0; off < raw.size(); off += kChunk) {
      ByteView chunk = raw.subspan(off, std::min(kChunk, raw.size() - off));
      crc = crc32_z(crc, chunk.data(), chunk.size());
      SUTURE_RETURN_IF_ERROR(sink(chunk));
    }
    return CheckCrc(label, static_cast<uint32_t>(crc), e.crc32);
  }
  if (e.method != kZipDeflated) {  // Open rejects these; keep the guard local
    return Status::Unsupported(label + ": compression method " + std::to_string(e.method) +
                               " is not supported");
  }

  InflateStream st;
  if (inflateInit2(&st.zs, -MAX_WBITS) != Z_OK) {
    return Status::ResourceExhausted(label + ": zlib inflateInit2 failed");
  }
  st.live = true;
  auto out = std::make_unique<uint8_t[]>(kChunk);
  size_t in_pos = 0;
  uint64_t total = 0;
  for (;;) {
    if (st.zs.avail_in == 0 && in_pos < raw.size()) {
      size_t n = std::min(kMaxInSlice, raw.size() - in_pos);
      st.zs.next_in = const_cast<Bytef*>(raw.data() + in_pos);  // zlib does not write input
      st.zs.avail_in = static_cast<uInt>(n);
      in_pos += n;
    }
    st.zs.next_out = out.get();
    st.zs.avail_out = static_cast<uInt>(kChunk);
    const int ret = inflate(&st.zs, Z_NO_FLUSH);
    const size_t produced = kChunk - st.zs.avail_out;
    if (produced > 0) {
      if (produced > e.uncompressed_size - total) {
        return Status::Corrupt(label + ": inflates to more than its declared " +
                               std::to_string(e.uncompressed_size) + " bytes");
      }
      total += produced;
      crc = crc32_z(crc, out.get(), produced);
      SUTURE_RETURN_IF_ERROR(sink(ByteView(out.get(), produced)));
    }
    if (ret == Z_STREAM_END) break;
    if (ret == Z_BUF_ERROR ||
        (ret == Z_OK && produced == 0 && st.zs.avail_in == 0 && in_pos == raw.size())) {
      return Status::Corrupt(label + ": deflate data ends early after " + std::to_string(total) +
                             " of " + std::to_string(e.uncompressed_size) + " bytes");
    }
    if (ret != Z_OK) {
      return Status::Corrupt(
          label + ": bad deflate data: " +
          (st.zs.msg != nullptr ? st.zs.msg : "zlib error " + std::to_string(ret)));
    }
  }
  const uint64_t unused = st.zs.avail_in + (raw.size() - in_pos);
  if (unused != 0) {
    return Status::Corrupt(label + ": " + std::to_string(unused) +
                           " bytes of compressed data follow the end of the deflate stream");
  }
  if (total != e.uncompressed_size) {
    return Status::Corrupt(label + ": inflates to " + std::to_string(total) +
                           " bytes but declares " + std::to_string(e.uncompressed_size));
  }
  return CheckCrc(label, static_cast<uint32_t>(crc), e.crc32);
}

StatusOr<Bytes> ZipReader::Extract(const ZipEntry& e) const {
  Bytes out;
  out.reserve(e.uncompressed_size);  // bounded by ZipLimits::max_entry_size at Open
  SUTURE_RETURN_IF_ERROR(ExtractTo(e, [&out](ByteView chunk) {
    out.insert(out.end(), chunk.begin(), chunk.end());
    return Status::Ok();
  }));
  return out;
}

}  // namespace suture::diff
