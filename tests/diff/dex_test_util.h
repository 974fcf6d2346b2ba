// Helpers shared by the DEX tests: the checked-in seed DEX files.
#ifndef SUTURE_TESTS_DIFF_DEX_TEST_UTIL_H_
#define SUTURE_TESTS_DIFF_DEX_TEST_UTIL_H_

#include <string>

#include "suture/core/byte_io.h"
#include "suture/core/file_util.h"

namespace suture::dex::testing {

// tests/fuzz/corpus/dex_reader: seed.dex (a small DEX assembled by smali with
// fields, static values, annotations, enums, switches, array data, try/catch,
// debug info, invoke-polymorphic) and seed_edit.dex (seed.dex with a changed
// const-string, a new method and a new class).
inline std::string CorpusPath(const std::string& name) {
  return std::string(SUTURE_DEX_CORPUS_DIR) + "/" + name;
}

inline Bytes LoadSeed(const std::string& name) {
  auto b = ReadFile(CorpusPath(name));
  return b.ok() ? *b : Bytes();
}

inline void PutU32(Bytes& b, size_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[off + i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace suture::dex::testing

#endif  // SUTURE_TESTS_DIFF_DEX_TEST_UTIL_H_
