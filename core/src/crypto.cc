// SHA-256, hex, and the verifying half of Ed25519 (PublicKey). The signing
// half is private_key.cc, a separate object so a binary that only verifies
// (a phone) does not link key generation and signing.
#include "suture/core/crypto.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "openssl_util.h"
#include "suture/core/file_util.h"

namespace suture {

using internal::BioPtr;
using internal::BioToString;
using internal::MdCtxPtr;
using internal::PkeyPtr;

Sha256Digest Sha256(ByteView data) {
  Sha256Digest d{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), d.data(), &len, EVP_sha256(), nullptr);
  return d;
}

std::string ToHex(ByteView b) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  s.resize(b.size() * 2);
  for (size_t i = 0; i < b.size(); ++i) {
    s[2 * i] = kHex[b[i] >> 4];
    s[2 * i + 1] = kHex[b[i] & 15];
  }
  return s;
}

Status FromHex(std::string_view hex, std::span<uint8_t> out) {
  if (hex.size() != out.size() * 2) {
    return Status::InvalidArgument("hex string has " + std::to_string(hex.size()) +
                                   " characters, expected " + std::to_string(out.size() * 2));
  }
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("non-hex character at position " + std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return Status::Ok();
}

struct Sha256Hasher::Impl {
  MdCtxPtr ctx{EVP_MD_CTX_new()};
};

Sha256Hasher::Sha256Hasher() : impl_(std::make_unique<Impl>()) {
  EVP_DigestInit_ex(impl_->ctx.get(), EVP_sha256(), nullptr);
}
Sha256Hasher::~Sha256Hasher() = default;

void Sha256Hasher::Update(ByteView data) {
  EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size());
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest d{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx.get(), d.data(), &len);
  EVP_DigestInit_ex(impl_->ctx.get(), EVP_sha256(), nullptr);
  return d;
}

StatusOr<Sha256Digest> Sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open for reading");
  Sha256Hasher h;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize n = in.gcount();
    if (n > 0) h.Update(ByteView(reinterpret_cast<const uint8_t*>(buf.data()), static_cast<size_t>(n)));
  }
  if (in.bad()) return Status::IoError(path + ": read error");
  return h.Finish();
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- PublicKey ----

struct PublicKey::Impl {
  PkeyPtr pkey;
  Ed25519RawPublicKey raw{};
};

PublicKey::PublicKey() = default;
PublicKey::~PublicKey() = default;
PublicKey::PublicKey(const PublicKey&) = default;
PublicKey& PublicKey::operator=(const PublicKey&) = default;
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;

StatusOr<PublicKey> PublicKey::FromRaw(ByteView raw32) {
  if (raw32.size() != 32) {
    return Status::InvalidArgument("Ed25519 public key must be 32 bytes, got " +
                                   std::to_string(raw32.size()));
  }
  EVP_PKEY* p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw32.data(), 32);
  if (p == nullptr) return Status::InvalidArgument("invalid Ed25519 public key");
  PublicKey k;
  k.impl_ = std::make_shared<Impl>();
  k.impl_->pkey.reset(p);
  std::copy(raw32.begin(), raw32.end(), k.impl_->raw.begin());
  return k;
}

StatusOr<PublicKey> PublicKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Status::Internal("BIO allocation failed");
  EVP_PKEY* raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (raw == nullptr) return Status::InvalidArgument("not a PEM public key");
  PkeyPtr p(raw);
  if (EVP_PKEY_get_base_id(raw) != EVP_PKEY_ED25519) {
    return Status::InvalidArgument("public key is not Ed25519");
  }
  uint8_t r[32];
  size_t len = sizeof(r);
  if (EVP_PKEY_get_raw_public_key(raw, r, &len) != 1 || len != 32) {
    return Status::InvalidArgument("cannot read Ed25519 public key");
  }
  return FromRaw(ByteView(r, 32));
}

StatusOr<PublicKey> PublicKey::LoadFile(const std::string& path) {
  auto bytes = ReadFile(path, 1 << 20);
  if (!bytes.ok()) return bytes.status();
  auto k = FromPem(AsStringView(*bytes));
  if (!k.ok()) return k.status().WithContext(path);
  return k;
}

std::string PublicKey::ToPem() const {
  if (!impl_) return {};
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), impl_->pkey.get());
  return BioToString(bio.get());
}

Status PublicKey::SaveFile(const std::string& path) const {
  std::string pem = ToPem();
  return WriteFileAtomic(path, AsBytes(pem), 0644);
}

Ed25519RawPublicKey PublicKey::raw() const { return impl_ ? impl_->raw : Ed25519RawPublicKey{}; }

Sha256Digest PublicKey::KeyId() const {
  auto r = raw();
  return Sha256(ByteView(r));
}

Status PublicKey::Verify(ByteView message, const Ed25519Signature& sig) const {
  if (!impl_) return Status::FailedPrecondition("empty public key");
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, impl_->pkey.get()) != 1) {
    return Status::Internal("Ed25519 verify init failed");
  }
  if (EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) != 1) {
    return Status::VerifyFailed("Ed25519 signature does not match");
  }
  return Status::Ok();
}

}  // namespace suture
