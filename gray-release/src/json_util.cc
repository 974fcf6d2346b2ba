#include "json_util.h"

#include <cmath>
#include <exception>
#include <string>

#include "suture/gray/json.h"

namespace suture::gray::internal {

std::string JoinPath(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string p(base);
  p += '.';
  p += key;
  return p;
}

std::string IndexPath(std::string_view base, size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

Status PathError(std::string_view path, std::string_view message) {
  if (path.empty()) return Status::InvalidArgument(std::string(message));
  std::string m(path);
  m += ": ";
  m += message;
  return Status::InvalidArgument(std::move(m));
}

std::string_view TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    default: return "value";
  }
}

std::string Quote(std::string_view s) {
  bool cut = s.size() > 64;
  Json j = std::string(s.substr(0, cut ? 64 : s.size()));
  std::string q = Dump(j);
  if (cut) q.insert(q.size() - 1, "...");
  return q;
}

StatusOr<Json> ParseJsonText(std::string_view text) {
  if (text.size() > kMaxJsonBytes) {
    return Status::LimitExceeded("JSON document of " + std::to_string(text.size()) +
                                 " bytes exceeds limit " + std::to_string(kMaxJsonBytes));
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const std::exception& e) {
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, ..."
    std::string m = e.what();
    size_t p = m.find("] ");
    return Status::InvalidArgument("invalid JSON: " + (p == m.npos ? m : m.substr(p + 2)));
  }
}

std::string Dump(const Json& v) {
  try {
    return v.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const std::exception&) {
    return "null";  // unreachable with error_handler_t::replace
  }
}

Status CheckKeys(const Json& obj, std::string_view path,
                 std::initializer_list<std::string_view> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || it.key() == a;
    if (!ok) return PathError(JoinPath(path, it.key()), "unknown key");
  }
  return Status::Ok();
}

Status GetString(const Json& obj, std::string_view key, std::string_view path,
                 std::string* out, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return required ? PathError(JoinPath(path, key), "missing") : Status::Ok();
  }
  if (!it->is_string()) {
    return PathError(JoinPath(path, key),
                     "expected a string, got " + std::string(TypeName(*it)));
  }
  *out = it->get_ref<const std::string&>();
  return Status::Ok();
}

Status GetBool(const Json& obj, std::string_view key, std::string_view path, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->is_boolean()) {
    return PathError(JoinPath(path, key),
                     "expected a boolean, got " + std::string(TypeName(*it)));
  }
  *out = it->get<bool>();
  return Status::Ok();
}

Status GetNumber(const Json& obj, std::string_view key, std::string_view path, double lo,
                 double hi, double* out, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return required ? PathError(JoinPath(path, key), "missing") : Status::Ok();
  }
  if (!it->is_number()) {
    return PathError(JoinPath(path, key),
                     "expected a number, got " + std::string(TypeName(*it)));
  }
  double v = it->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi) {
    return PathError(JoinPath(path, key), Dump(*it) + " is outside [" + Dump(Json(lo)) + ", " +
                                              Dump(Json(hi)) + "]");
  }
  *out = v;
  return Status::Ok();
}

Status GetInt(const Json& obj, std::string_view key, std::string_view path, int64_t lo,
              int64_t hi, int64_t* out, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return required ? PathError(JoinPath(path, key), "missing") : Status::Ok();
  }
  bool in_range = false;
  int64_t v = 0;
  if (it->is_number_unsigned()) {
    uint64_t u = it->get<uint64_t>();
    in_range = u <= static_cast<uint64_t>(hi);
    v = static_cast<int64_t>(u);
    in_range = in_range && v >= lo;
  } else if (it->is_number_integer()) {
    v = it->get<int64_t>();
    in_range = v >= lo && v <= hi;
  } else {
    return PathError(JoinPath(path, key),
                     "expected an integer, got " +
                         std::string(it->is_number() ? "a fraction" : TypeName(*it)));
  }
  if (!in_range) {
    return PathError(JoinPath(path, key), Dump(*it) + " is outside [" + std::to_string(lo) +
                                              ", " + std::to_string(hi) + "]");
  }
  *out = v;
  return Status::Ok();
}

Status GetStringList(const Json& obj, std::string_view key, std::string_view path,
                     std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  std::string p = JoinPath(path, key);
  if (!it->is_array()) {
    return PathError(p, "expected an array of strings, got " + std::string(TypeName(*it)));
  }
  out->clear();
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& e = (*it)[i];
    if (!e.is_string()) {
      return PathError(IndexPath(p, i), "expected a string, got " + std::string(TypeName(e)));
    }
    out->push_back(e.get_ref<const std::string&>());
  }
  return Status::Ok();
}

}  // namespace suture::gray::internal
