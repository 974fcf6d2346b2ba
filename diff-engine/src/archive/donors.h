// Which old DEX members a DEX member's patch may borrow classes from (donors:
// classes that moved between classesN.dex files). Shared by diff and apply.
#ifndef SUTURE_DIFF_SRC_ARCHIVE_DONORS_H_
#define SUTURE_DIFF_SRC_ARCHIVE_DONORS_H_

#include <string>
#include <vector>

#include "suture/diff/zip.h"

namespace suture::diff {

// Every root-level "*.dex" member of the old archive other than `self`,
// sorted by name. Diff and apply derive the same list from the
// (hash-verified) old archive; the DEX patch records each used donor's
// position, size and SHA-256.
std::vector<const ZipEntry*> DexDonorEntries(const ZipReader& old_zip, const std::string& self);

}  // namespace suture::diff

#endif  // SUTURE_DIFF_SRC_ARCHIVE_DONORS_H_
