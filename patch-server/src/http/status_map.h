// THE mapping from Status codes to HTTP status codes, and the JSON error
// body every Suture error carries. Shared by the admin routes (http_util.cc)
// and the device route table (device_routes.cc) of both listeners, so there
// is one mapping and no HTTP library type in it.
//
// Thread-safety: pure functions.
#ifndef SUTURE_SERVER_HTTP_STATUS_MAP_H_
#define SUTURE_SERVER_HTTP_STATUS_MAP_H_

#include <string>
#include <string_view>

#include "suture/core/status.h"

namespace suture::server {

// HTTP status code for `code` (docs/api.md "Errors"; 500 for an unknown code).
int HttpStatusFor(StatusCode code);

// {"error":{"code":"<code name>","message":"<message>"}} for `s`.
std::string ErrorBodyJson(const Status& s);
// The same shape with an explicit code name, for errors that are not a
// Status (e.g. a 416 answer).
std::string ErrorBodyJson(std::string_view code_name, std::string_view message);

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_STATUS_MAP_H_
