// The signing half of Ed25519: PrivateKey (generation, PEM files, Sign).
// Used by build pipelines (release keys) and the server (its online key).
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "openssl_util.h"
#include "suture/core/crypto.h"
#include "suture/core/file_util.h"

namespace suture {

using internal::BioPtr;
using internal::BioToString;
using internal::MdCtxPtr;
using internal::PkeyPtr;

// ---- PrivateKey ----

struct PrivateKey::Impl {
  PkeyPtr pkey;
};

PrivateKey::PrivateKey() = default;
PrivateKey::~PrivateKey() = default;
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;

StatusOr<PrivateKey> PrivateKey::Generate() {
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (raw == nullptr) return Status::Internal("Ed25519 key generation failed");
  PrivateKey k;
  k.impl_ = std::make_unique<Impl>();
  k.impl_->pkey.reset(raw);
  return k;
}

StatusOr<PrivateKey> PrivateKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Status::Internal("BIO allocation failed");
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (raw == nullptr) return Status::InvalidArgument("not a PEM private key");
  PkeyPtr p(raw);
  if (EVP_PKEY_get_base_id(raw) != EVP_PKEY_ED25519) {
    return Status::InvalidArgument("private key is not Ed25519");
  }
  PrivateKey k;
  k.impl_ = std::make_unique<Impl>();
  k.impl_->pkey = std::move(p);
  return k;
}

StatusOr<PrivateKey> PrivateKey::LoadFile(const std::string& path) {
  auto bytes = ReadFile(path, 1 << 20);
  if (!bytes.ok()) return bytes.status();
  auto k = FromPem(AsStringView(*bytes));
  if (!k.ok()) return k.status().WithContext(path);
  return k;
}

std::string PrivateKey::ToPem() const {
  if (!impl_) return {};
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return BioToString(bio.get());
}

Status PrivateKey::SaveFile(const std::string& path) const {
  std::string pem = ToPem();
  return WriteFileAtomic(path, AsBytes(pem), 0600);
}

StatusOr<Ed25519Signature> PrivateKey::Sign(ByteView message) const {
  if (!impl_) return Status::FailedPrecondition("empty private key");
  MdCtxPtr ctx(EVP_MD_CTX_new());
  Ed25519Signature sig{};
  size_t len = sig.size();
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 ||
      len != sig.size()) {
    return Status::Internal("Ed25519 signing failed");
  }
  return sig;
}

PublicKey PrivateKey::public_key() const {
  PublicKey pub;
  if (!impl_) return pub;
  uint8_t raw[32];
  size_t len = sizeof(raw);
  if (EVP_PKEY_get_raw_public_key(impl_->pkey.get(), raw, &len) != 1) return pub;
  auto k = PublicKey::FromRaw(ByteView(raw, len));
  return k.ok() ? *k : pub;
}

}  // namespace suture
