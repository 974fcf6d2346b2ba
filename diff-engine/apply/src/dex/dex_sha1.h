// SHA-1, only for the DEX header's signature field (DEX patch v3 header
// fix-up recomputes it). Not for security: Suture's own integrity checks
// use SHA-256 (suture/core/crypto.h). The apply room uses no crypto library
// directly (layering rule), and the DEX format fixes SHA-1 here.
//
// Thread-safety: a pure function.
#ifndef SUTURE_APPLY_SRC_DEX_DEX_SHA1_H_
#define SUTURE_APPLY_SRC_DEX_DEX_SHA1_H_

#include <array>
#include <cstdint>

#include "suture/core/byte_io.h"

namespace suture::dex {

// SHA-1 (FIPS 180-4) of `data`.
std::array<uint8_t, 20> DexSha1(ByteView data);

}  // namespace suture::dex

#endif  // SUTURE_APPLY_SRC_DEX_DEX_SHA1_H_
