# cmake -DDIST=<dist folder> -DOUT=<file.cc> -P embed_assets.cmake
# Writes the C++ definition of AdminAssets() (patch-server/src/http/admin_assets.h)
# from DIST/assets.txt: one "name<TAB>content type<TAB>immutable" per line.
file(STRINGS "${DIST}/assets.txt" _lines)
set(_arrays "")
set(_table "")
set(_i 0)
foreach(_line IN LISTS _lines)
  # Content types hold ';', so no list splitting: one regex.
  if(NOT _line MATCHES "^([^\t]+)\t([^\t]+)\t([01])$")
    message(FATAL_ERROR "${DIST}/assets.txt: malformed line '${_line}'")
  endif()
  set(_name "${CMAKE_MATCH_1}")
  set(_type "${CMAKE_MATCH_2}")
  set(_imm "${CMAKE_MATCH_3}")
  file(READ "${DIST}/${_name}" _hex HEX)
  string(LENGTH "${_hex}" _hexlen)
  math(EXPR _len "${_hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
  string(APPEND _arrays "const unsigned char kAsset${_i}[] = {${_bytes}0};\n")
  get_filename_component(_base "${_name}" NAME)
  if(_imm)
    set(_immb true)
  else()
    set(_immb false)
  endif()
  string(APPEND _table "      {\"${_base}\", \"${_type}\", "
         "std::string_view(reinterpret_cast<const char*>(kAsset${_i}), ${_len}), ${_immb}},\n")
  math(EXPR _i "${_i} + 1")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from admin-web by embed_assets.cmake. Do not edit.
#include \"http/admin_assets.h\"
namespace suture::server {
namespace {
${_arrays}}  // namespace
const std::vector<AdminAsset>& AdminAssets() {
  static const std::vector<AdminAsset> kAssets = {
${_table}  };
  return kAssets;
}
}  // namespace suture::server
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
