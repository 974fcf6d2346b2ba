// UTF-8 validation for text that comes from untrusted bytes (bundle fields,
// archive member names) and later lands in JSON, file names or a database.
//
// Thread-safety: pure functions.
#ifndef SUTURE_CORE_UTF8_H_
#define SUTURE_CORE_UTF8_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace suture {

// The offset of the first byte that is not part of well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or
// nullopt when all of `s` is well-formed.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

inline bool IsValidUtf8(std::string_view s) { return !FindInvalidUtf8(s).has_value(); }

}  // namespace suture

#endif  // SUTURE_CORE_UTF8_H_
