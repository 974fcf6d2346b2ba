#include "suture/core/crypto.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "suture/core/file_util.h"

namespace suture {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(ToHex(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Hasher h;
  h.Update(AsBytes("a"));
  h.Update(AsBytes("bc"));
  EXPECT_EQ(ToHex(h.Finish()), ToHex(Sha256(AsBytes("abc"))));
}

TEST(HexTest, RoundTripAndErrors) {
  Sha256Digest d = Sha256(AsBytes("x")), back{};
  ASSERT_TRUE(FromHex(ToHex(d), back).ok());
  EXPECT_EQ(d, back);
  EXPECT_FALSE(FromHex("abc", back).ok());
  EXPECT_FALSE(FromHex(std::string(64, 'g'), back).ok());
}

TEST(Ed25519Test, SignVerifyAndReject) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  auto sig = key->Sign(AsBytes("message"));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(key->public_key().Verify(AsBytes("message"), *sig).ok());
  EXPECT_EQ(key->public_key().Verify(AsBytes("messagf"), *sig).code(), StatusCode::kVerifyFailed);
  EXPECT_EQ(other->public_key().Verify(AsBytes("message"), *sig).code(), StatusCode::kVerifyFailed);
  Ed25519Signature bad = *sig;
  bad[10] ^= 1;
  EXPECT_FALSE(key->public_key().Verify(AsBytes("message"), bad).ok());
}

TEST(Ed25519Test, Rfc8032Vector1) {
  // RFC 8032 section 7.1, TEST 1 (empty message): public key and signature.
  Ed25519RawPublicKey raw{};
  ASSERT_TRUE(FromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", raw).ok());
  Ed25519Signature sig{};
  ASSERT_TRUE(FromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                      sig)
                  .ok());
  auto pub = PublicKey::FromRaw(raw);
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->Verify(ByteView{}, sig).ok());
}

TEST(Ed25519Test, PemFilesRoundTrip) {
  auto dir = std::filesystem::temp_directory_path() / ("suture_crypto_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(key->SaveFile((dir / "k.key").string()).ok());
  ASSERT_TRUE(key->public_key().SaveFile((dir / "k.pub").string()).ok());
  EXPECT_EQ(std::filesystem::status(dir / "k.key").permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  auto k2 = PrivateKey::LoadFile((dir / "k.key").string());
  auto p2 = PublicKey::LoadFile((dir / "k.pub").string());
  ASSERT_TRUE(k2.ok()) << k2.status().ToString();
  ASSERT_TRUE(p2.ok()) << p2.status().ToString();
  EXPECT_EQ(p2->raw(), key->public_key().raw());
  auto sig = k2->Sign(AsBytes("m"));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(p2->Verify(AsBytes("m"), *sig).ok());
  // A public key is not a private key and vice versa, with the path in the message.
  auto wrong = PrivateKey::LoadFile((dir / "k.pub").string());
  EXPECT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("k.pub"), std::string::npos);
  EXPECT_EQ(PublicKey::LoadFile((dir / "missing.pub").string()).status().code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(ConstantTimeEqualsTest, Basic) {
  EXPECT_TRUE(ConstantTimeEquals(AsBytes("abc"), AsBytes("abc")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes("abc"), AsBytes("abd")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes("abc"), AsBytes("ab")));
}

TEST(FileUtilTest, AtomicWriteAndMap) {
  auto path = std::filesystem::temp_directory_path() / ("suture_fu_" + std::to_string(::getpid()));
  ASSERT_TRUE(WriteFileAtomic(path.string(), AsBytes("hello")).ok());
  auto m = MappedFile::Open(path.string());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(AsStringView(m->view()), "hello");
  auto r = ReadFile(path.string(), 3);
  EXPECT_EQ(r.status().code(), StatusCode::kLimitExceeded);
  std::filesystem::remove(path);
  EXPECT_EQ(ReadFile(path.string()).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace suture
