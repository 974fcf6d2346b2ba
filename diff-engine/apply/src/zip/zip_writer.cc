// ZipWriter: local headers written up front and patched with the real CRC
// and sizes when an entry finishes (no data descriptors), central directory
// and end records (zip64 only when needed or forced) in Finish().
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "suture/apply/zip.h"
#include "suture/core/byte_io.h"
#include "suture/core/file_util.h"
#include "zip_format.h"

namespace suture::diff {

using namespace zip_internal;  // NOLINT: internal constants of this format

namespace {

constexpr size_t kBufferSize = 256 * 1024;
constexpr size_t kChunk = 64 * 1024;

std::string ErrnoText() { return std::strerror(errno); }

// A buffered, append-mostly output that can overwrite bytes already written
// (local header fix-ups).
class Output {
 public:
  virtual ~Output() = default;
  uint64_t pos() const { return pos_; }
  Status Write(ByteView b) {
    pos_ += b.size();
    return DoWrite(b);
  }
  virtual Status WriteAt(uint64_t off, ByteView b) = 0;
  virtual Status Close() = 0;  // flush, make durable, publish
  virtual Bytes Take() { return {}; }

 protected:
  virtual Status DoWrite(ByteView b) = 0;
  uint64_t pos_ = 0;
};

class MemoryOutput final : public Output {
 public:
  Status WriteAt(uint64_t off, ByteView b) override {
    std::memcpy(buf_.data() + off, b.data(), b.size());
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }
  Bytes Take() override { return std::move(buf_); }

 private:
  Status DoWrite(ByteView b) override {
    buf_.insert(buf_.end(), b.begin(), b.end());
    return Status::Ok();
  }
  Bytes buf_;
};

// A TempFile beside `path`, published by Close(); removed if the output is
// destroyed unpublished.
class FileOutput final : public Output {
 public:
  static StatusOr<std::unique_ptr<FileOutput>> Create(const std::string& path) {
    auto out = std::unique_ptr<FileOutput>(new FileOutput());
    SUTURE_ASSIGN_OR_RETURN(out->file_, TempFile::CreateBeside(path));
    out->buf_.reserve(kBufferSize);
    return out;
  }
  Status WriteAt(uint64_t off, ByteView b) override {
    if (off >= flushed_) {  // still in the buffer
      std::memcpy(buf_.data() + (off - flushed_), b.data(), b.size());
      return Status::Ok();
    }
    SUTURE_RETURN_IF_ERROR(Flush());
    size_t done = 0;
    while (done < b.size()) {
      ssize_t n =
          pwrite(file_.fd(), b.data() + done, b.size() - done, static_cast<off_t>(off + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Status::IoError(file_.path() + ": write failed: " + ErrnoText());
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }
  Status Close() override {
    SUTURE_RETURN_IF_ERROR(Flush());
    return file_.Commit();
  }

 private:
  FileOutput() = default;
  Status DoWrite(ByteView b) override {
    if (buf_.size() + b.size() > kBufferSize) {
      SUTURE_RETURN_IF_ERROR(Flush());
      if (b.size() >= kBufferSize) return WriteFd(b);
    }
    buf_.insert(buf_.end(), b.begin(), b.end());
    return Status::Ok();
  }
  Status Flush() {
    Status s = WriteFd(buf_);
    buf_.clear();
    return s;
  }
  Status WriteFd(ByteView b) {
    SUTURE_RETURN_IF_ERROR(file_.Write(b));
    flushed_ += b.size();
    return Status::Ok();
  }
  TempFile file_;
  uint64_t flushed_ = 0;  // bytes handed to the kernel; buf_ holds the rest
  Bytes buf_;
};

struct WrittenEntry {
  std::string name;
  uint8_t host = kHostUnix;  // "version made by" high byte: how to read external_attrs
  uint16_t method, flags, dos_time, dos_date, internal_attrs;
  uint32_t crc, external_attrs;
  uint64_t comp, uncomp, lho;
};

bool NeedsUtf8Flag(std::string_view name) {
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

}  // namespace

struct ZipWriter::Impl {
  std::unique_ptr<Output> out;
  ZipWriterOptions options;
  std::vector<WrittenEntry> entries;
  std::unordered_set<std::string> names;
  Status failed;  // sticky: once an output step fails the archive is abandoned
  bool finished = false;

  // The entry being streamed.
  bool active = false;
  WrittenEntry cur{};
  bool cur_zip64 = false;
  uint64_t cur_sizes_at = 0;  // offset of the local header's crc field
  uint64_t cur_zip64_at = 0;  // offset of the local zip64 sizes (if cur_zip64)
  z_stream zs{};
  bool zs_live = false;
  uLong crc = 0;
  std::unique_ptr<uint8_t[]> zbuf;

  ~Impl() {
    if (zs_live) deflateEnd(&zs);
  }

  Status Fail(Status s) {
    if (failed.ok()) failed = s;
    return s;
  }
  Status CheckUsable() const {
    if (!failed.ok())
      return Status::FailedPrecondition("zip writer failed earlier: " + failed.message());
    if (finished) return Status::FailedPrecondition("zip writer already finished");
    return Status::Ok();
  }
  Status CheckNewName(std::string_view name) {
    if (Status s = CheckEntryName(name); !s.ok()) {
      return Status::InvalidArgument(EntryLabel(entries.size(), name) + ": " + s.message());
    }
    if (name.size() > kMax16) {
      return Status::InvalidArgument(EntryLabel(entries.size(), name) + ": name longer than 65535");
    }
    if (names.count(std::string(name)) != 0) {
      return Status::AlreadyExists(EntryLabel(entries.size(), name) + ": duplicate name");
    }
    return Status::Ok();
  }

  // Writes a local header for `e` (crc/sizes final, or placeholders to be
  // patched) and records where the patchable fields are.
  Status WriteLocalHeader(const WrittenEntry& e, bool zip64, uint32_t alignment) {
    ByteWriter w;
    w.WriteU32(kLocalSig);
    w.WriteU16(zip64 ? kVersionZip64 : kVersionDefault);
    w.WriteU16(e.flags);
    w.WriteU16(e.method);
    w.WriteU16(e.dos_time);
    w.WriteU16(e.dos_date);
    w.WriteU32(e.crc);
    w.WriteU32(zip64 ? kMax32 : static_cast<uint32_t>(e.comp));
    w.WriteU32(zip64 ? kMax32 : static_cast<uint32_t>(e.uncomp));
    w.WriteU16(static_cast<uint16_t>(e.name.size()));
    uint16_t extra_len = zip64 ? 20 : 0;
    size_t pad = 0;
    if (alignment > 1 && e.method == kZipStored) {
      // zipalign-style block: id, size, u16 alignment, zero padding.
      uint64_t data_at = out->pos() + kLocalHeaderSize + e.name.size() + extra_len + 6;
      pad = (alignment - data_at % alignment) % alignment;
      extra_len = static_cast<uint16_t>(extra_len + 6 + pad);
    }
    w.WriteU16(extra_len);
    w.WriteString(e.name);
    cur_sizes_at = out->pos() + 14;
    if (zip64) {
      w.WriteU16(kZip64ExtraId);
      w.WriteU16(16);
      cur_zip64_at = out->pos() + w.size();
      w.WriteU64(e.uncomp);
      w.WriteU64(e.comp);
    }
    if (alignment > 1 && e.method == kZipStored) {
      w.WriteU16(kAlignExtraId);
      w.WriteU16(static_cast<uint16_t>(2 + pad));
      w.WriteU16(static_cast<uint16_t>(alignment > kMax16 ? kMax16 : alignment));
      for (size_t i = 0; i < pad; ++i) w.WriteU8(0);
    }
    return Fail(out->Write(w.bytes()));
  }

  Status WriteCentralRecord(const WrittenEntry& e) {
    const bool force = options.force_zip64;
    const bool big_u = force || e.uncomp >= kMax32;
    const bool big_c = force || e.comp >= kMax32;
    const bool big_o = force || e.lho >= kMax32;
    const bool zip64 = big_u || big_c || big_o;
    const uint16_t version = zip64 ? kVersionZip64 : kVersionDefault;
    ByteWriter w;
    w.WriteU32(kCentralSig);
    w.WriteU16(static_cast<uint16_t>(e.host << 8 | version));
    w.WriteU16(version);
    w.WriteU16(e.flags);
    w.WriteU16(e.method);
    w.WriteU16(e.dos_time);
    w.WriteU16(e.dos_date);
    w.WriteU32(e.crc);
    w.WriteU32(big_c ? kMax32 : static_cast<uint32_t>(e.comp));
    w.WriteU32(big_u ? kMax32 : static_cast<uint32_t>(e.uncomp));
    w.WriteU16(static_cast<uint16_t>(e.name.size()));
    const uint16_t z_len = static_cast<uint16_t>(8 * (big_u + big_c + big_o));
    w.WriteU16(zip64 ? static_cast<uint16_t>(4 + z_len) : 0);
    w.WriteU16(0);  // comment
    w.WriteU16(0);  // disk
    w.WriteU16(e.internal_attrs);
    w.WriteU32(e.external_attrs);
    w.WriteU32(big_o ? kMax32 : static_cast<uint32_t>(e.lho));
    w.WriteString(e.name);
    if (zip64) {
      w.WriteU16(kZip64ExtraId);
      w.WriteU16(z_len);
      if (big_u) w.WriteU64(e.uncomp);
      if (big_c) w.WriteU64(e.comp);
      if (big_o) w.WriteU64(e.lho);
    }
    return Fail(out->Write(w.bytes()));
  }

  Status Deflate(ByteView in, int flush) {
    zs.next_in = const_cast<Bytef*>(in.data());  // zlib does not write input
    zs.avail_in = static_cast<uInt>(in.size());
    for (;;) {
      zs.next_out = zbuf.get();
      zs.avail_out = static_cast<uInt>(kChunk);
      int ret = deflate(&zs, flush);
      if (ret == Z_STREAM_ERROR) return Fail(Status::Internal("zlib deflate failed"));
      size_t n = kChunk - zs.avail_out;
      if (n > 0) {
        cur.comp += n;
        SUTURE_RETURN_IF_ERROR(Fail(out->Write(ByteView(zbuf.get(), n))));
      }
      if (flush == Z_FINISH ? ret == Z_STREAM_END : (zs.avail_in == 0 && zs.avail_out != 0)) {
        return Status::Ok();
      }
    }
  }
};

ZipWriter::ZipWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipWriter::~ZipWriter() = default;

StatusOr<std::unique_ptr<ZipWriter>> ZipWriter::ToFile(const std::string& path,
                                                       const ZipWriterOptions& options) {
  SUTURE_ASSIGN_OR_RETURN(std::unique_ptr<FileOutput> file, FileOutput::Create(path));
  auto impl = std::make_unique<Impl>();
  impl->out = std::move(file);
  impl->options = options;
  return std::unique_ptr<ZipWriter>(new ZipWriter(std::move(impl)));
}

std::unique_ptr<ZipWriter> ZipWriter::ToMemory(const ZipWriterOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->out = std::make_unique<MemoryOutput>();
  impl->options = options;
  return std::unique_ptr<ZipWriter>(new ZipWriter(std::move(impl)));
}

uint64_t ZipWriter::bytes_written() const { return impl_->out->pos(); }

Status ZipWriter::BeginEntry(std::string_view name, const ZipEntryOptions& opts) {
  Impl& m = *impl_;
  SUTURE_RETURN_IF_ERROR(m.CheckUsable());
  if (m.active) return Status::FailedPrecondition("zip writer: an entry is already open");
  SUTURE_RETURN_IF_ERROR(m.CheckNewName(name));
  if (opts.method != kZipStored && opts.method != kZipDeflated) {
    return Status::InvalidArgument(EntryLabel(m.entries.size(), name) + ": method " +
                                   std::to_string(opts.method) + " is not supported");
  }
  WrittenEntry e{};
  e.name = std::string(name);
  e.method = opts.method;
  e.flags = NeedsUtf8Flag(name) ? kFlagUtf8 : 0;
  e.dos_time = opts.dos_time;
  e.dos_date = opts.dos_date;
  e.external_attrs = opts.external_attrs;
  e.lho = m.out->pos();
  // Reserve zip64 sizes when the entry (or its deflate output, which may be
  // slightly larger than the input) might reach 4 GiB.
  const uint64_t hint = opts.size_hint.value_or(0);
  m.cur_zip64 = m.options.force_zip64 || hint >= kMax32 - (hint / 512 + (1u << 20));
  m.cur = e;
  m.crc = crc32_z(0, nullptr, 0);
  SUTURE_RETURN_IF_ERROR(m.WriteLocalHeader(m.cur, m.cur_zip64, opts.alignment));
  if (e.method == kZipDeflated) {
    m.zs = z_stream{};
    if (deflateInit2(&m.zs, m.options.deflate_level, Z_DEFLATED, -MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      return m.Fail(Status::ResourceExhausted("zlib deflateInit2 failed"));
    }
    m.zs_live = true;
    if (!m.zbuf) m.zbuf = std::make_unique<uint8_t[]>(kChunk);
  }
  m.active = true;
  return Status::Ok();
}

Status ZipWriter::WriteEntryData(ByteView chunk) {
  Impl& m = *impl_;
  SUTURE_RETURN_IF_ERROR(m.CheckUsable());
  if (!m.active) return Status::FailedPrecondition("zip writer: no entry is open");
  // Feed in slices zlib's uInt counters can hold.
  for (size_t off = 0; off < chunk.size();) {
    ByteView part = chunk.subspan(off, std::min<size_t>(chunk.size() - off, 1u << 30));
    off += part.size();
    m.crc = crc32_z(m.crc, part.data(), part.size());
    m.cur.uncomp += part.size();
    if (m.cur.method == kZipStored) {
      m.cur.comp += part.size();
      SUTURE_RETURN_IF_ERROR(m.Fail(m.out->Write(part)));
    } else {
      SUTURE_RETURN_IF_ERROR(m.Deflate(part, Z_NO_FLUSH));
    }
  }
  return Status::Ok();
}

Status ZipWriter::FinishEntry() {
  Impl& m = *impl_;
  SUTURE_RETURN_IF_ERROR(m.CheckUsable());
  if (!m.active) return Status::FailedPrecondition("zip writer: no entry is open");
  if (m.cur.method == kZipDeflated) {
    SUTURE_RETURN_IF_ERROR(m.Deflate({}, Z_FINISH));
    deflateEnd(&m.zs);
    m.zs_live = false;
  }
  m.active = false;
  m.cur.crc = static_cast<uint32_t>(m.crc);
  if (!m.cur_zip64 && (m.cur.comp >= kMax32 || m.cur.uncomp >= kMax32)) {
    return m.Fail(Status::LimitExceeded(
        EntryLabel(m.entries.size(), m.cur.name) + ": " + std::to_string(m.cur.uncomp) +
        " bytes need zip64 sizes the local header did not reserve (set size_hint)"));
  }
  ByteWriter w;
  w.WriteU32(m.cur.crc);
  w.WriteU32(m.cur_zip64 ? kMax32 : static_cast<uint32_t>(m.cur.comp));
  w.WriteU32(m.cur_zip64 ? kMax32 : static_cast<uint32_t>(m.cur.uncomp));
  SUTURE_RETURN_IF_ERROR(m.Fail(m.out->WriteAt(m.cur_sizes_at, w.bytes())));
  if (m.cur_zip64) {
    ByteWriter z;
    z.WriteU64(m.cur.uncomp);
    z.WriteU64(m.cur.comp);
    SUTURE_RETURN_IF_ERROR(m.Fail(m.out->WriteAt(m.cur_zip64_at, z.bytes())));
  }
  m.names.insert(m.cur.name);
  m.entries.push_back(std::move(m.cur));
  return Status::Ok();
}

Status ZipWriter::AddEntry(std::string_view name, ByteView data, const ZipEntryOptions& opts) {
  ZipEntryOptions o = opts;
  if (!o.size_hint) o.size_hint = data.size();
  SUTURE_RETURN_IF_ERROR(BeginEntry(name, o));
  SUTURE_RETURN_IF_ERROR(WriteEntryData(data));
  return FinishEntry();
}

Status ZipWriter::CopyRawEntry(const ZipReader& reader, const ZipEntry& e,
                               std::optional<std::string_view> new_name) {
  Impl& m = *impl_;
  SUTURE_RETURN_IF_ERROR(m.CheckUsable());
  if (m.active) return Status::FailedPrecondition("zip writer: an entry is still open");
  const std::string_view name = new_name.value_or(std::string_view(e.name));
  SUTURE_RETURN_IF_ERROR(m.CheckNewName(name));
  WrittenEntry w{};
  w.name = std::string(name);
  w.method = e.method;
  // Sizes go in the local header, so no data descriptor; keep only UTF-8.
  w.flags = NeedsUtf8Flag(name) ? kFlagUtf8 : 0;
  w.dos_time = e.dos_time;
  w.dos_date = e.dos_date;
  w.internal_attrs = e.internal_attrs;
  w.external_attrs = e.external_attrs;
  w.host = static_cast<uint8_t>(e.version_made_by >> 8);
  w.crc = e.crc32;
  w.comp = e.compressed_size;
  w.uncomp = e.uncompressed_size;
  w.lho = m.out->pos();
  const bool zip64 = m.options.force_zip64 || w.comp >= kMax32 || w.uncomp >= kMax32;
  SUTURE_RETURN_IF_ERROR(m.WriteLocalHeader(w, zip64, 0));
  SUTURE_RETURN_IF_ERROR(m.Fail(m.out->Write(reader.RawData(e))));
  m.names.insert(w.name);
  m.entries.push_back(std::move(w));
  return Status::Ok();
}

Status ZipWriter::Finish() {
  Impl& m = *impl_;
  SUTURE_RETURN_IF_ERROR(m.CheckUsable());
  if (m.active) return Status::FailedPrecondition("zip writer: an entry is still open");
  const uint64_t cd_offset = m.out->pos();
  for (const WrittenEntry& e : m.entries) SUTURE_RETURN_IF_ERROR(m.WriteCentralRecord(e));
  const uint64_t cd_size = m.out->pos() - cd_offset;
  const uint64_t n = m.entries.size();
  ByteWriter w;
  if (m.options.force_zip64 || n >= kMax16 || cd_offset >= kMax32 || cd_size >= kMax32) {
    const uint64_t z_off = m.out->pos();
    w.WriteU32(kZip64EocdSig);
    w.WriteU64(kZip64EocdSize - 12);
    w.WriteU16(static_cast<uint16_t>(kHostUnix << 8 | kVersionZip64));
    w.WriteU16(kVersionZip64);
    w.WriteU32(0);
    w.WriteU32(0);
    w.WriteU64(n);
    w.WriteU64(n);
    w.WriteU64(cd_size);
    w.WriteU64(cd_offset);
    w.WriteU32(kZip64LocatorSig);
    w.WriteU32(0);
    w.WriteU64(z_off);
    w.WriteU32(1);
  }
  w.WriteU32(kEocdSig);
  w.WriteU16(0);
  w.WriteU16(0);
  w.WriteU16(static_cast<uint16_t>(n >= kMax16 ? kMax16 : n));
  w.WriteU16(static_cast<uint16_t>(n >= kMax16 ? kMax16 : n));
  w.WriteU32(cd_size >= kMax32 ? kMax32 : static_cast<uint32_t>(cd_size));
  w.WriteU32(cd_offset >= kMax32 ? kMax32 : static_cast<uint32_t>(cd_offset));
  w.WriteU16(0);
  SUTURE_RETURN_IF_ERROR(m.Fail(m.out->Write(w.bytes())));
  SUTURE_RETURN_IF_ERROR(m.Fail(m.out->Close()));
  m.finished = true;
  return Status::Ok();
}

Bytes ZipWriter::TakeBytes() {
  if (!impl_->finished) return {};
  return impl_->out->Take();
}

}  // namespace suture::diff
