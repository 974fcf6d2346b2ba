// SHA-256 and Ed25519 through OpenSSL 3's EVP API, and PEM key files.
//
// Thread-safety: free functions are thread-safe. Sha256Hasher, PrivateKey and
// PublicKey objects are not synchronized; const use of keys from several
// threads is safe (OpenSSL EVP_PKEY is reference-counted and read-only here).
#ifndef SUTURE_CORE_CRYPTO_H_
#define SUTURE_CORE_CRYPTO_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture {

using Sha256Digest = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;
using Ed25519RawPublicKey = std::array<uint8_t, 32>;

Sha256Digest Sha256(ByteView data);
std::string ToHex(ByteView b);
inline std::string ToHex(const Sha256Digest& d) { return ToHex(ByteView(d)); }
// Parses lower- or upper-case hex of exactly out.size() bytes.
Status FromHex(std::string_view hex, std::span<uint8_t> out);

// Incremental SHA-256 for streams.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(ByteView data);
  // Returns the digest; the hasher is reset afterwards.
  Sha256Digest Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// SHA-256 of a whole file, read in chunks (bounded memory).
StatusOr<Sha256Digest> Sha256File(const std::string& path);

class PublicKey;

// An Ed25519 private key.
class PrivateKey {
 public:
  PrivateKey();
  ~PrivateKey();
  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;

  static StatusOr<PrivateKey> Generate();
  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
  static StatusOr<PrivateKey> FromPem(std::string_view pem);
  static StatusOr<PrivateKey> LoadFile(const std::string& path);
  std::string ToPem() const;
  // Writes with mode 0600 through a temp file + rename.
  Status SaveFile(const std::string& path) const;

  StatusOr<Ed25519Signature> Sign(ByteView message) const;
  PublicKey public_key() const;
  bool valid() const { return impl_ != nullptr; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An Ed25519 public key.
class PublicKey {
 public:
  PublicKey();
  ~PublicKey();
  PublicKey(const PublicKey&);
  PublicKey& operator=(const PublicKey&);
  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;

  // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
  static StatusOr<PublicKey> FromPem(std::string_view pem);
  static StatusOr<PublicKey> LoadFile(const std::string& path);
  static StatusOr<PublicKey> FromRaw(ByteView raw32);
  std::string ToPem() const;
  Status SaveFile(const std::string& path) const;
  Ed25519RawPublicKey raw() const;
  // SHA-256 of the raw 32-byte key: the key id recorded in signatures.
  Sha256Digest KeyId() const;

  // OK, or kVerifyFailed.
  Status Verify(ByteView message, const Ed25519Signature& sig) const;
  bool valid() const { return impl_ != nullptr; }

 private:
  friend class PrivateKey;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Constant-time comparison (for tokens and digests).
bool ConstantTimeEquals(ByteView a, ByteView b);

}  // namespace suture

#endif  // SUTURE_CORE_CRYPTO_H_
