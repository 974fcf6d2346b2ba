#include "zip_format.h"

#include <cstdio>

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
  std::string shown;
  for (size_t i = 0; i < name.size() && i < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    shown.push_back(c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c));
  }
  if (name.size() > kMaxShown) shown += "...";
  return "entry " + std::to_string(index) + " (" + shown + ")";
}

std::string Hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace suture::diff::zip_internal
