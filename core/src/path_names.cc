#include "suture/core/path_names.h"

#include <algorithm>
#include <vector>

namespace suture {
namespace {

// '/' ranks below every other byte: the names inside "x/" follow "x" directly.
bool PathLess(std::string_view x, std::string_view y) {
  return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(), [](char p, char q) {
    auto rank = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
    return rank(p) < rank(q);
  });
}

}  // namespace

std::optional<PathClash> FindPathClash(std::span<const std::string_view> names) {
  std::vector<size_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return PathLess(names[x], names[y]); });
  for (size_t k = 1; k < order.size(); ++k) {
    const size_t file = order[k - 1];
    const size_t inside = order[k];
    const std::string_view f = names[file];
    const std::string_view n = names[inside];
    if (f == n) {
      return PathClash{PathClash::Kind::kDuplicate, std::min(file, inside), std::max(file, inside)};
    }
    if (!f.empty() && f.back() == '/') continue;  // a folder may hold members
    if (n.size() > f.size() && n[f.size()] == '/' && n.starts_with(f)) {
      return PathClash{PathClash::Kind::kFileIsFolder, file, inside};
    }
  }
  return std::nullopt;
}

}  // namespace suture
