// ZipFile: MappedFile + ZipReader with path context on errors.
#include <string>
#include <utility>

#include "suture/apply/zip.h"
#include "suture/core/file_util.h"

namespace suture::diff {

StatusOr<ZipFile> ZipFile::Open(const std::string& path, const ZipLimits& limits) {
  SUTURE_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  StatusOr<ZipReader> reader = ZipReader::Open(file.view(), limits);
  if (!reader.ok()) return reader.status().WithContext(path);
  return ZipFile(path, std::move(file), std::move(reader).value());
}

}  // namespace suture::diff
