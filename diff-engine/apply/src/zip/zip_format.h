// Internal constants and helpers shared by the ZIP reader and writer.
// Record layouts follow PKWARE's APPNOTE (sections 4.3.7, 4.3.12, 4.3.14-16,
// 4.5.3); docs/zip.md lists what Suture accepts.
#ifndef SUTURE_APPLY_SRC_ZIP_ZIP_FORMAT_H_
#define SUTURE_APPLY_SRC_ZIP_ZIP_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "suture/core/status.h"

namespace suture::diff::zip_internal {

inline constexpr uint32_t kLocalSig = 0x04034b50;
inline constexpr uint32_t kCentralSig = 0x02014b50;
inline constexpr uint32_t kEocdSig = 0x06054b50;
inline constexpr uint32_t kZip64EocdSig = 0x06064b50;
inline constexpr uint32_t kZip64LocatorSig = 0x07064b50;
inline constexpr uint32_t kDataDescriptorSig = 0x08074b50;

inline constexpr size_t kLocalHeaderSize = 30;
inline constexpr size_t kCentralHeaderSize = 46;
inline constexpr size_t kEocdSize = 22;
inline constexpr size_t kZip64EocdSize = 56;  // including signature and size field
inline constexpr size_t kZip64LocatorSize = 20;
inline constexpr size_t kMaxCommentSize = 0xFFFF;

inline constexpr uint16_t kZip64ExtraId = 0x0001;
inline constexpr uint16_t kAlignExtraId = 0xD935;  // Android zipalign padding

inline constexpr uint32_t kMax32 = 0xFFFFFFFFu;
inline constexpr uint16_t kMax16 = 0xFFFF;

inline constexpr uint16_t kFlagEncrypted = 0x0001;
inline constexpr uint16_t kFlagDataDescriptor = 0x0008;
inline constexpr uint16_t kFlagStrongEncryption = 0x0040;
inline constexpr uint16_t kFlagUtf8 = 0x0800;

inline constexpr uint16_t kVersionDefault = 20;  // 2.0: deflate, directories
inline constexpr uint16_t kVersionZip64 = 45;    // 4.5: zip64
inline constexpr uint16_t kHostUnix = 3;

// Why `name` is not a safe relative entry path, or OK. Rejects empty names,
// NUL, backslashes, leading '/', drive letters ("C:"), and "..", "." or empty
// components (a trailing '/' marks a directory and is allowed).
Status CheckEntryName(std::string_view name);

// "entry 3 (classes2.dex)", with the name made printable and shortened.
std::string EntryLabel(uint64_t index, std::string_view name);

std::string Hex32(uint32_t v);  // "0x0403abcd"

}  // namespace suture::diff::zip_internal

#endif  // SUTURE_APPLY_SRC_ZIP_ZIP_FORMAT_H_
