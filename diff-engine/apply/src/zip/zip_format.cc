#include "zip_format.h"

#include <algorithm>
#include <cstdio>

#include "suture/core/utf8.h"

namespace suture::diff::zip_internal {

Status CheckEntryName(std::string_view name) {
  if (name.empty()) return Status::Corrupt("empty name");
  if (name.find('\0') != std::string_view::npos) return Status::Corrupt("name contains NUL");
  if (name.find('\\') != std::string_view::npos) {
    return Status::Corrupt("name contains a backslash (absolute or Windows path)");
  }
  if (name.front() == '/') return Status::Corrupt("absolute path");
  if (name.size() >= 2 && name[1] == ':' &&
      ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'))) {
    return Status::Corrupt("absolute path (drive letter)");
  }
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return Status::Corrupt("path traversal ('..' component)");
    if (part == ".") return Status::Corrupt("'.' path component");
    if (part.empty()) return Status::Corrupt("empty path component");
    start = end + 1;  // a trailing '/' ends the loop: directory entry
  }
  return Status::Ok();
}

std::string EntryLabel(uint64_t index, std::string_view name) {
  constexpr size_t kMaxShown = 120;
  // Messages stay UTF-8: a name that is not shows its high bytes as '?', and
  // a cut never splits a sequence.
  const bool utf8 = IsValidUtf8(name);
  size_t cut = std::min(name.size(), kMaxShown);
  while (utf8 && cut < name.size() && cut > 0 &&
         (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string shown;
  for (size_t i = 0; i < cut; ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    const bool hide = c < 0x20 || c == 0x7f || (!utf8 && c >= 0x80);
    shown.push_back(hide ? '?' : static_cast<char>(c));
  }
  if (name.size() > cut) shown += "...";
  return "entry " + std::to_string(index) + " (" + shown + ")";
}

std::string Hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace suture::diff::zip_internal
