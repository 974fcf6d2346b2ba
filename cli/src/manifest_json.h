// The JSON form of a bundle's manifest: what `suture inspect --json` prints
// (and the text form is read from). Kept apart from the command so that the
// fuzz target tests/fuzz/fuzz_inspect_json.cc drives the same code.
//
// Thread-safety: pure functions.
#ifndef SUTURE_CLI_SRC_MANIFEST_JSON_H_
#define SUTURE_CLI_SRC_MANIFEST_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "suture/apply/bundle.h"

namespace suture::cli {

// Header fields, every entry and every stream of `b`. Never throws: the
// reader admits only UTF-8 text, and DumpJson replaces anything else.
nlohmann::json ManifestJson(const diff::Bundle& b);

// j.dump(indent) with invalid UTF-8 replaced by U+FFFD instead of throwing.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace suture::cli

#endif  // SUTURE_CLI_SRC_MANIFEST_JSON_H_
