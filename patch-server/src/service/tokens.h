// Bearer tokens and app keys: generation and hashing.
//
// Tokens are 32 random bytes from the kernel (getrandom), rendered as
// "sut_" + 64 hex characters. Only their SHA-256 (hex) is stored; a
// presented token is hashed, the row looked up by hash, and the stored hash
// compared again in constant time.
//
// Thread-safety: pure functions.
#ifndef SUTURE_SERVER_SERVICE_TOKENS_H_
#define SUTURE_SERVER_SERVICE_TOKENS_H_

#include <string>
#include <string_view>

#include "suture/core/status.h"

namespace suture::server {

// `prefix` + 64 hex characters of fresh randomness.
StatusOr<std::string> GenerateSecret(std::string_view prefix);
// Hex SHA-256 of the token bytes.
std::string HashToken(std::string_view token);

}  // namespace suture::server

#endif  // SUTURE_SERVER_SERVICE_TOKENS_H_
