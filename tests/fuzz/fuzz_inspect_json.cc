// Fuzz target: bundle -> JSON, what `suture inspect --json` does (the
// reader, then cli/src/manifest_json.cc). Nothing may throw, and what is
// printed must be JSON that parses back with the same entry count.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_bundle_limits.h"
#include "manifest_json.h"
#include "suture/apply/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto b =
      suture::diff::Bundle::Parse(suture::ByteView(data, size), suture::fuzz::FuzzBundleLimits());
  if (!b.ok()) return 0;
  const nlohmann::json j = suture::cli::ManifestJson(*b);
  const std::string text = suture::cli::DumpJson(j, 2);
  const nlohmann::json back = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (back.is_discarded() || !back.contains("entries") ||
      back["entries"].size() != b->manifest().entries.size()) {
    std::abort();
  }
  return 0;
}
