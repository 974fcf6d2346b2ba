# The admin console's assets, built during the normal build and embedded into
# suture-server. Included by patch-server/CMakeLists.txt; sets
# SUTURE_ADMIN_ASSETS_CC (the generated source). Steps: copy package.json and
# package-lock.json into the build tree and `npm ci` there (node_modules never
# lands in the source tree), run build.mjs (esbuild) into <build>/admin-web/dist,
# then embed_assets.cmake writes the C++ file.
find_program(SUTURE_NODE node)
find_program(SUTURE_NPM npm)
if(NOT SUTURE_NODE OR NOT SUTURE_NPM)
  message(FATAL_ERROR "admin-web: 'node' and 'npm' are needed to build the admin console "
                      "(Debian: apt-get install nodejs npm, or run bash scripts/setup.sh)")
endif()

set(_aw_src "${PROJECT_SOURCE_DIR}/admin-web")
set(_aw_bin "${PROJECT_BINARY_DIR}/admin-web")
set(SUTURE_ADMIN_WEB_BIN "${_aw_bin}")
set(_aw_sources
  ${_aw_src}/build.mjs
  ${_aw_src}/src/index.html
  ${_aw_src}/src/style.css
  ${_aw_src}/src/main.js
  ${_aw_src}/src/api.js
  ${_aw_src}/src/dom.js
  ${_aw_src}/src/pages.js
  ${_aw_src}/src/release_page.js
  ${_aw_src}/src/rule_editor.js
  ${_aw_src}/src/devices_page.js
  ${_aw_src}/src/chart.js
  ${_aw_src}/src/patch_page.js
  ${_aw_src}/src/rule_form.js
)
add_custom_command(
  OUTPUT ${_aw_bin}/node_modules/.package-lock.json
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_aw_bin}
  COMMAND ${CMAKE_COMMAND} -E copy ${_aw_src}/package.json ${_aw_src}/package-lock.json ${_aw_bin}/
  COMMAND ${SUTURE_NPM} ci --no-audit --no-fund --loglevel=error
  WORKING_DIRECTORY ${_aw_bin}
  DEPENDS ${_aw_src}/package.json ${_aw_src}/package-lock.json
  COMMENT "admin-web: npm ci"
  VERBATIM)
set(SUTURE_ADMIN_ASSETS_CC "${CMAKE_CURRENT_BINARY_DIR}/admin_assets_embedded.cc")
add_custom_command(
  OUTPUT ${SUTURE_ADMIN_ASSETS_CC}
  COMMAND ${CMAKE_COMMAND} -E copy ${_aw_src}/build.mjs ${_aw_bin}/build.mjs
  COMMAND ${SUTURE_NODE} ${_aw_bin}/build.mjs --src ${_aw_src} --out ${_aw_bin}/dist
  COMMAND ${CMAKE_COMMAND} -DDIST=${_aw_bin}/dist -DOUT=${SUTURE_ADMIN_ASSETS_CC}
          -P ${_aw_src}/embed_assets.cmake
  DEPENDS ${_aw_sources} ${_aw_bin}/node_modules/.package-lock.json ${_aw_src}/embed_assets.cmake
  COMMENT "admin-web: esbuild, embed into suture-server"
  VERBATIM)
