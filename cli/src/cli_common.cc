// Status -> exit code and error printing for every command group.
#include "cli_common.h"

#include <cstdio>

namespace suture::cli {

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kIoError:
    case StatusCode::kInsufficientStorage:
    case StatusCode::kNotFound: return kExitIo;
    case StatusCode::kInvalidArgument:
    case StatusCode::kCorrupt:
    case StatusCode::kLimitExceeded:
    case StatusCode::kUnsupported:
    case StatusCode::kAlreadyExists: return kExitInvalidInput;
    case StatusCode::kVerifyFailed: return kExitVerifyFailed;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnavailable:
    case StatusCode::kFailedPrecondition: return kExitServer;
    default: return kExitInternal;
  }
}

int Fail(const Status& s, const std::string& context) {
  std::string msg = context.empty() ? s.message() : s.WithContext(context).message();
  std::fprintf(stderr, "suture: %s\n", msg.c_str());
  return ExitCodeFor(s);
}

}  // namespace suture::cli
