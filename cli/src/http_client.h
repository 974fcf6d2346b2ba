// A minimal blocking HTTP client over libcurl for the CLI.
//
// Thread-safety: each call uses its own curl handle; curl_global_init is
// done once (std::call_once).
#ifndef SUTURE_CLI_SRC_HTTP_CLIENT_H_
#define SUTURE_CLI_SRC_HTTP_CLIENT_H_

#include <string>
#include <vector>

#include "suture/core/status.h"

namespace suture::cli {

struct HttpResult {
  long status = 0;
  std::string body;
};

// Sends `method url` with `headers` ("Name: value") and `body`. Fails with
// kUnavailable when the server cannot be reached; HTTP errors are returned
// as a result (check .status).
StatusOr<HttpResult> HttpCall(const std::string& method, const std::string& url,
                              const std::vector<std::string>& headers, const std::string& body);

}  // namespace suture::cli

#endif  // SUTURE_CLI_SRC_HTTP_CLIENT_H_
