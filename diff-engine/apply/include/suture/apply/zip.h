// The ZIP/APK container layer: a validating reader over an archive's bytes and
// a deterministic streaming writer (spec of what is accepted: docs/zip.md).
//
// ZipReader::Open parses the end of central directory (zip64 included), every
// central directory record and every local header through the bounds-checked
// ByteReader, and rejects anything a loader could be fooled by: unsafe names
// (`..`, absolute, drive letters, backslashes, NUL), duplicate names,
// overlapping entries, entries reaching into the central directory, methods
// other than stored/deflated, encryption, multi-disk archives, and declared
// sizes, counts or compression ratios above ZipLimits (zip bombs). Counts are
// checked against the bytes that hold them before anything is allocated.
// Bytes between the last entry and the central directory (the APK signing
// block) are tolerated. Every error is one line naming where it happened:
// `entry 3 (classes2.dex): declared size 4294967295 exceeds limit 268435456`.
// Callers add the archive's path with Status::WithContext.
//
// The reader keeps a view of the caller's bytes (typically a MappedFile): the
// bytes must outlive the reader and every view it returns.
//
// ZipWriter writes a valid archive: entries in the order added, fixed
// timestamps and attributes unless given, zip64 records exactly when a size,
// offset or count needs them (or always, with ZipWriterOptions::force_zip64).
// Its output is readable by `unzip -t` and Python's zipfile.
//
// Thread-safety: a ZipReader is immutable after Open; its const methods may be
// called from several threads. A ZipWriter is not synchronized.
#ifndef SUTURE_APPLY_ZIP_H_
#define SUTURE_APPLY_ZIP_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "suture/core/byte_io.h"
#include "suture/core/file_util.h"
#include "suture/core/status.h"

namespace suture::diff {

inline constexpr uint16_t kZipStored = 0;
inline constexpr uint16_t kZipDeflated = 8;

// Every count and size an archive declares is checked against these.
struct ZipLimits {
  uint64_t max_entries = 1u << 20;
  uint64_t max_entry_size = 1ull << 30;  // declared uncompressed size of one entry
  uint64_t max_total_size = 8ull << 30;  // sum of declared uncompressed sizes
  // Declared uncompressed / compressed size of a deflated entry. Deflate
  // cannot exceed ~1032:1, so a larger declared ratio is a lie or a bomb.
  uint64_t max_compression_ratio = 1100;
};

// One member, as described by its central directory record and checked
// against its local header.
struct ZipEntry {
  uint32_t index = 0;  // position in the central directory
  std::string name;
  uint16_t method = kZipStored;
  uint16_t flags = 0;  // general purpose bit flag
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_header_offset = 0;
  uint64_t data_offset = 0;  // from the LOCAL header's name+extra lengths
  uint16_t dos_time = 0;
  uint16_t dos_date = 0;
  uint16_t version_made_by = 0;
  uint16_t internal_attrs = 0;
  uint32_t external_attrs = 0;

  bool is_directory() const { return !name.empty() && name.back() == '/'; }
};

// Receives inflated bytes in order; a non-OK return stops extraction and is
// returned to the caller unchanged.
using ZipSink = std::function<Status(ByteView chunk)>;

// True when `data` starts with a local file header or an empty archive's end
// of central directory ("PK\3\4" / "PK\5\6"). Cheap; Open does the checking.
bool LooksLikeZip(ByteView data);

class ZipReader {
 public:
  // Parses and validates the whole directory structure of `archive`.
  // Fails with kCorrupt (structure), kLimitExceeded (ZipLimits),
  // kUnsupported (method, encryption, multi-disk) or kAlreadyExists
  // (duplicate name, or a file member "a" beside "a/..." or the folder entry
  // "a/"); the message names the offset or entry (both, for a name clash).
  static StatusOr<ZipReader> Open(ByteView archive, const ZipLimits& limits = {});
  // The reader keeps a view: refuse temporaries at compile time.
  static StatusOr<ZipReader> Open(Bytes&& archive, const ZipLimits& limits = {}) = delete;

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // nullptr when absent.
  const ZipEntry* Find(std::string_view name) const;

  ByteView archive() const { return archive_; }
  uint64_t central_directory_offset() const { return cd_offset_; }
  uint64_t central_directory_size() const { return cd_size_; }
  bool is_zip64() const { return zip64_; }
  ByteView comment() const { return comment_; }

  // The entry's compressed bytes, exactly as stored (no copy).
  ByteView RawData(const ZipEntry& e) const;

  // Inflates (or copies) the entry into memory, sized by its declared size
  // (bounded by ZipLimits at Open). Fails with kCorrupt when the data holds
  // more or less than declared or the deflate stream is bad, with
  // kVerifyFailed when the CRC-32 does not match.
  StatusOr<Bytes> Extract(const ZipEntry& e) const;

  // Streams the entry's uncompressed bytes into `sink` in chunks of at most
  // 64 KiB using fixed buffers (memory does not grow with the entry). Same
  // failures as Extract; on failure the sink has already seen a prefix of the
  // output, which the caller must discard.
  Status ExtractTo(const ZipEntry& e, const ZipSink& sink) const;

 private:
  ZipReader() = default;
  Status ParseEnd(const ZipLimits& limits, uint64_t* count);
  Status ParseCentralDirectory(const ZipLimits& limits, uint64_t count);
  Status CheckLocalHeader(ZipEntry* e) const;
  Status CheckLayout() const;

  ByteView archive_;
  ByteView comment_;
  uint64_t cd_offset_ = 0;
  uint64_t cd_size_ = 0;
  uint64_t end_records_offset_ = 0;  // first byte after the central directory area
  bool zip64_ = false;
  std::vector<ZipEntry> entries_;
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> by_name_;
};

// An archive file mapped read-only together with its reader, so the view the
// reader holds lives exactly as long as the reader. Errors from Open are
// prefixed with the path: `app.apk: entry 3 (classes2.dex): ...`.
class ZipFile {
 public:
  static StatusOr<ZipFile> Open(const std::string& path, const ZipLimits& limits = {});
  const ZipReader& reader() const { return reader_; }
  const std::string& path() const { return path_; }

 private:
  ZipFile(std::string path, MappedFile file, ZipReader reader)
      : path_(std::move(path)), file_(std::move(file)), reader_(std::move(reader)) {}
  std::string path_;
  MappedFile file_;  // the mapping's address is stable across moves
  ZipReader reader_;
};

struct ZipWriterOptions {
  bool force_zip64 = false;  // zip64 records for every entry and the end (tests)
  int deflate_level = 6;     // zlib level 1..9 for kZipDeflated entries
};

struct ZipEntryOptions {
  uint16_t method = kZipDeflated;
  // Fixed by default so the same inputs give the same archive bytes.
  uint16_t dos_time = 0;                     // 00:00:00
  uint16_t dos_date = (1 << 5) | 1;          // 1980-01-01
  uint32_t external_attrs = 0100644u << 16;  // regular file, rw-r--r--
  // Stored entries only: pad the local header's extra field so the data
  // starts at a multiple of this (zipalign: 4, or 4096 for .so). 0 = none.
  uint32_t alignment = 0;
  // Upper bound of the entry's size if known. Streamed entries larger than
  // 4 GiB - 1 need this (or force_zip64) so the local header reserves zip64
  // fields; exceeding 0xFFFFFFFF without it fails.
  std::optional<uint64_t> size_hint = std::nullopt;
};

// Writes an archive through a buffered, seekable output (a file, or memory).
// Usage: Add*/Begin+Write+FinishEntry ..., then Finish(). An entry's local
// header is rewritten with the real CRC and sizes once the entry is done, so
// no data descriptors are used. A file writer writes to a temporary file in
// the same folder and renames it over `path` in Finish(); if the writer is
// destroyed before Finish() succeeds, the temporary file is removed.
class ZipWriter {
 public:
  static StatusOr<std::unique_ptr<ZipWriter>> ToFile(const std::string& path,
                                                     const ZipWriterOptions& options = {});
  static std::unique_ptr<ZipWriter> ToMemory(const ZipWriterOptions& options = {});
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Adds a whole entry. Names are checked with the reader's rules.
  Status AddEntry(std::string_view name, ByteView data, const ZipEntryOptions& opts = {});

  // Streaming: BeginEntry, any number of WriteEntryData, FinishEntry.
  Status BeginEntry(std::string_view name, const ZipEntryOptions& opts = {});
  Status WriteEntryData(ByteView chunk);
  Status FinishEntry();

  // Copies `e`'s compressed bytes from `reader` unchanged (no inflate, no
  // recompression), keeping its method, CRC, sizes, time and attributes,
  // under `new_name` if given. REQUIRES: e belongs to reader. The CRC is not
  // re-verified here: callers that distrust the source call ExtractTo first.
  Status CopyRawEntry(const ZipReader& reader, const ZipEntry& e,
                      std::optional<std::string_view> new_name = std::nullopt);

  // Writes the central directory and end records and closes the output.
  Status Finish();

  // Memory writers only, after Finish(): the archive bytes.
  Bytes TakeBytes();

  uint64_t bytes_written() const;

 private:
  struct Impl;
  explicit ZipWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace suture::diff

#endif  // SUTURE_APPLY_ZIP_H_
