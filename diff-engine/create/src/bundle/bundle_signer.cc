// SignBundle: re-serializes an existing bundle with a signature by the
// release key (the payload is copied as stored, never re-encoded).
#include <vector>

#include "bundle_writer_internal.h"
#include "suture/create/bundle_writer.h"

namespace suture::diff {

StatusOr<Bytes> SignBundle(ByteView bundle, const PrivateKey& key, const BundleLimits& limits) {
  SUTURE_ASSIGN_OR_RETURN(Bundle b, Bundle::Parse(bundle, limits));
  SUTURE_RETURN_IF_ERROR(b.VerifyStreams());
  std::vector<Bytes> stored;
  for (uint32_t i = 0; i < b.manifest().streams.size(); ++i) {
    ByteView s = b.StoredStream(i);
    stored.emplace_back(s.begin(), s.end());
  }
  return WriteBundle(b.manifest(), stored, &key, b.format_version());
}

}  // namespace suture::diff
