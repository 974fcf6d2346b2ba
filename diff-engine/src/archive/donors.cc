#include "donors.h"

#include <algorithm>

namespace suture::diff {

std::vector<const ZipEntry*> DexDonorEntries(const ZipReader& old_zip, const std::string& self) {
  std::vector<const ZipEntry*> out;
  for (const ZipEntry& e : old_zip.entries()) {
    if (e.name != self && e.name.ends_with(".dex") && e.name.find('/') == std::string::npos) {
      out.push_back(&e);
    }
  }
  std::sort(out.begin(), out.end(), [](const ZipEntry* a, const ZipEntry* b) { return a->name < b->name; });
  return out;
}

}  // namespace suture::diff
