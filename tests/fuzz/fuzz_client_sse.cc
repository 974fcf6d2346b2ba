// Fuzzes the client's event-stream parser (client-lib/src/sse_parser.h): the
// first byte picks the size of the pieces the rest is fed in. Every event
// that comes out respects the data bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sse_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  suture::client::SseParser parser([](const suture::client::SseEvent& e) {
    if (e.data.size() > suture::client::SseParser::kMaxData) __builtin_trap();
    return e.type != "stop";
  });
  for (size_t i = 0; i < rest.size(); i += piece) {
    if (!parser.Feed(rest.substr(i, piece)).ok()) break;
  }
  return 0;
}
