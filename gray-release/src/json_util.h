// Helpers for the JSON layer: path-naming errors and typed field access on
// nlohmann::json values. Internal to suture::gray.
#ifndef SUTURE_GRAY_SRC_JSON_UTIL_H_
#define SUTURE_GRAY_SRC_JSON_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "suture/core/status.h"

namespace suture::gray::internal {

using Json = nlohmann::json;

std::string JoinPath(std::string_view base, std::string_view key);  // "a.b" or "b"
std::string IndexPath(std::string_view base, size_t i);             // "a[3]"
// kInvalidArgument "<path>: <message>" (or just message when path is empty).
Status PathError(std::string_view path, std::string_view message);
std::string_view TypeName(const Json& v);
// A JSON string literal of `s`, cut to 64 bytes ("..." appended).
std::string Quote(std::string_view s);

// Parses text (bounded by kMaxJsonBytes). Syntax errors give line/column.
StatusOr<Json> ParseJsonText(std::string_view text);
// Canonical dump that never throws (invalid UTF-8 is replaced).
std::string Dump(const Json& v);

// Fails naming the first key of `obj` not in `allowed`.
Status CheckKeys(const Json& obj, std::string_view path,
                 std::initializer_list<std::string_view> allowed);

// Typed getters: `found` tells whether the key exists; a wrong type fails.
Status GetString(const Json& obj, std::string_view key, std::string_view path,
                 std::string* out, bool required);
Status GetBool(const Json& obj, std::string_view key, std::string_view path, bool* out);
Status GetInt(const Json& obj, std::string_view key, std::string_view path, int64_t lo,
              int64_t hi, int64_t* out, bool required);
Status GetNumber(const Json& obj, std::string_view key, std::string_view path, double lo,
                 double hi, double* out, bool required);
Status GetStringList(const Json& obj, std::string_view key, std::string_view path,
                     std::vector<std::string>* out);

}  // namespace suture::gray::internal

#endif  // SUTURE_GRAY_SRC_JSON_UTIL_H_
