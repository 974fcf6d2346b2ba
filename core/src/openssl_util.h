// OpenSSL handles owned by unique_ptr, shared by crypto.cc and
// private_key.cc. Internal to suture::core.
#ifndef SUTURE_CORE_SRC_OPENSSL_UTIL_H_
#define SUTURE_CORE_SRC_OPENSSL_UTIL_H_

#include <openssl/bio.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

namespace suture::internal {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

inline std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, n > 0 ? static_cast<size_t>(n) : 0);
}

}  // namespace suture::internal

#endif  // SUTURE_CORE_SRC_OPENSSL_UTIL_H_
