#include "http/status_map.h"

#include <nlohmann/json.hpp>

namespace suture::server {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kCorrupt: return 400;
    case StatusCode::kIoError: return 500;
    case StatusCode::kLimitExceeded: return 413;
    case StatusCode::kVerifyFailed: return 422;
    case StatusCode::kUnsupported: return 415;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kInternal: return 500;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kCancelled: return 400;
    case StatusCode::kInsufficientStorage:
      return 507;
  }
  return 500;
}

std::string ErrorBodyJson(std::string_view code_name, std::string_view message) {
  // Messages may quote untrusted input: dump() escapes it, and replaces
  // invalid UTF-8 rather than throwing.
  return nlohmann::json{{"error", {{"code", std::string(code_name)}, {"message", std::string(message)}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ErrorBodyJson(const Status& s) {
  return ErrorBodyJson(StatusCodeName(s.code()), s.message());
}

}  // namespace suture::server
