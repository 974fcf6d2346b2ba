// JSON text out of the client library never throws: a string that is not
// UTF-8 (a device id or attribute from the host app, a stored value) has its
// bad bytes replaced by U+FFFD instead of ending the C API call with an
// exception.
#ifndef SUTURE_CLIENT_SRC_JSON_DUMP_H_
#define SUTURE_CLIENT_SRC_JSON_DUMP_H_

#include <nlohmann/json.hpp>
#include <string>

namespace suture::client {

inline std::string DumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_JSON_DUMP_H_
