// Test helpers for the ZIP layer: a temp folder, shell commands, and a raw
// archive builder that can write any field value (including wrong ones) so
// each rejection test builds exactly the corruption it names.
#ifndef SUTURE_TESTS_DIFF_ZIP_TEST_UTIL_H_
#define SUTURE_TESTS_DIFF_ZIP_TEST_UTIL_H_

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "suture/core/byte_io.h"

namespace suture::diff::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "suture_zip_XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline int RunShell(const std::string& cmd) {
  int rc = std::system(("(" + cmd + ") >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

inline bool HaveTool(const std::string& tool) { return RunShell("command -v " + tool) == 0; }

inline void WriteBytes(const std::string& path, ByteView data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

inline Bytes Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Deterministic, moderately compressible content.
inline Bytes Pattern(size_t n, uint32_t seed = 1) {
  Bytes b(n);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    b[i] = static_cast<uint8_t>((i % 7 == 0) ? (x >> 24) : "suture zip "[i % 11]);
  }
  return b;
}

inline Bytes RawDeflate(ByteView in) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&zs, in.size()));
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

inline uint32_t Crc(ByteView b) {
  return static_cast<uint32_t>(crc32_z(crc32_z(0, nullptr, 0), b.data(), b.size()));
}

// Writes local headers, central records and the end record field by field.
// Every field defaults to the consistent value and can be overridden.
struct RawEntry {
  std::string name;
  Bytes payload;  // bytes as stored (already compressed for method 8)
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t uncompressed = 0;
  uint16_t flags = 0;
  std::string local_name;  // empty: same as name
  uint32_t local_sig = 0x04034b50;
  std::optional<uint32_t> central_lho;     // override where the central record points
  std::optional<uint32_t> central_comp;    // override the central compressed size
  std::optional<uint32_t> central_uncomp;  // override the central uncompressed size (and local)
};

inline RawEntry Stored(std::string name, Bytes data) {
  RawEntry e;
  e.name = std::move(name);
  e.crc = Crc(data);
  e.uncompressed = data.size();
  e.payload = std::move(data);
  return e;
}

inline RawEntry Deflated(std::string name, const Bytes& data) {
  RawEntry e;
  e.name = std::move(name);
  e.method = 8;
  e.crc = Crc(data);
  e.uncompressed = data.size();
  e.payload = RawDeflate(data);
  return e;
}

struct RawEnd {
  std::optional<uint16_t> count = std::nullopt;
  std::optional<uint32_t> cd_size = std::nullopt;
  std::optional<uint32_t> cd_offset = std::nullopt;
  Bytes gap_before_cd = {};  // e.g. an APK signing block
};

inline Bytes BuildRawZip(const std::vector<RawEntry>& entries, const RawEnd& end = {}) {
  ByteWriter w;
  std::vector<uint32_t> lhos;
  for (const RawEntry& e : entries) {
    lhos.push_back(static_cast<uint32_t>(w.size()));
    const std::string& ln = e.local_name.empty() ? e.name : e.local_name;
    const uint32_t uncomp = e.central_uncomp.value_or(static_cast<uint32_t>(e.uncompressed));
    w.WriteU32(e.local_sig);
    w.WriteU16(20);
    w.WriteU16(e.flags);
    w.WriteU16(e.method);
    w.WriteU16(0);
    w.WriteU16(0x21);
    w.WriteU32(e.crc);
    w.WriteU32(static_cast<uint32_t>(e.payload.size()));
    w.WriteU32(uncomp);
    w.WriteU16(static_cast<uint16_t>(ln.size()));
    w.WriteU16(0);
    w.WriteString(ln);
    w.WriteBytes(e.payload);
  }
  w.WriteBytes(end.gap_before_cd);
  const uint32_t cd_off = static_cast<uint32_t>(w.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const RawEntry& e = entries[i];
    w.WriteU32(0x02014b50);
    w.WriteU16(0x0314);
    w.WriteU16(20);
    w.WriteU16(e.flags);
    w.WriteU16(e.method);
    w.WriteU16(0);
    w.WriteU16(0x21);
    w.WriteU32(e.crc);
    w.WriteU32(e.central_comp.value_or(static_cast<uint32_t>(e.payload.size())));
    w.WriteU32(e.central_uncomp.value_or(static_cast<uint32_t>(e.uncompressed)));
    w.WriteU16(static_cast<uint16_t>(e.name.size()));
    w.WriteU16(0);
    w.WriteU16(0);
    w.WriteU16(0);
    w.WriteU16(0);
    w.WriteU32(0100644u << 16);
    w.WriteU32(e.central_lho.value_or(lhos[i]));
    w.WriteString(e.name);
  }
  const uint32_t cd_size = static_cast<uint32_t>(w.size()) - cd_off;
  w.WriteU32(0x06054b50);
  w.WriteU16(0);
  w.WriteU16(0);
  w.WriteU16(end.count.value_or(static_cast<uint16_t>(entries.size())));
  w.WriteU16(end.count.value_or(static_cast<uint16_t>(entries.size())));
  w.WriteU32(end.cd_size.value_or(cd_size));
  w.WriteU32(end.cd_offset.value_or(cd_off));
  w.WriteU16(0);
  return w.Release();
}

}  // namespace suture::diff::testing

#endif  // SUTURE_TESTS_DIFF_ZIP_TEST_UTIL_H_
