// The one place client-lib reaches into the diff engine. Only the apply half:
// opening and verifying a bundle, and ApplyPatch writing the patch folder.
// Should the engine's headers or namespace move, only this file changes.
//
// Thread-safety: as the engine's (a parsed Bundle is immutable; ApplyPatch is
// reentrant).
#ifndef SUTURE_CLIENT_SRC_ENGINE_H_
#define SUTURE_CLIENT_SRC_ENGINE_H_

#include "suture/apply/apply_patch.h"
#include "suture/apply/bundle.h"

namespace suture::client {
namespace engine = ::suture::diff;
}  // namespace suture::client

#endif  // SUTURE_CLIENT_SRC_ENGINE_H_
