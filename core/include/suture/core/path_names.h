// Archive member names seen as paths ("lib/arm64-v8a/libx.so"; a name ending
// in '/' is a folder): finds the clashes no file system can hold, so that an
// archive or a patch that would need them is refused before anything is
// written.
//
// Thread-safety: pure functions.
#ifndef SUTURE_CORE_PATH_NAMES_H_
#define SUTURE_CORE_PATH_NAMES_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace suture {

struct PathClash {
  enum class Kind {
    kDuplicate,     // names[a] == names[b]
    kFileIsFolder,  // names[a] is a file, names[b] lies inside "names[a]/"
  };
  Kind kind = Kind::kDuplicate;
  size_t a = 0;  // indices into the names given, a < b for kDuplicate
  size_t b = 0;
};

// The first clash among `names` in an order where '/' sorts before every
// other byte (so a clash always sits next to its file), or nullopt.
// O(n log n) time, O(n) extra memory.
std::optional<PathClash> FindPathClash(std::span<const std::string_view> names);

}  // namespace suture

#endif  // SUTURE_CORE_PATH_NAMES_H_
