// The admin console's files (admin-web/, built by esbuild during the normal
// build and embedded into the binary by admin-web/embed_assets.cmake), so
// the server needs nothing from the internet or the disk to serve them.
//
// Thread-safety: immutable data.
#ifndef SUTURE_SERVER_HTTP_ADMIN_ASSETS_H_
#define SUTURE_SERVER_HTTP_ADMIN_ASSETS_H_

#include <string_view>
#include <vector>

namespace suture::server {

struct AdminAsset {
  std::string_view name;  // "index.html", "app-3F2A9C1B.js", ...
  std::string_view content_type;
  std::string_view bytes;
  bool immutable;  // the name carries a hash of the content
};

// Every file of the console; index.html is one of them.
const std::vector<AdminAsset>& AdminAssets();

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_ADMIN_ASSETS_H_
