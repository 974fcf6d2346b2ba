#!/usr/bin/env bash
# old-client-check.sh SUTURE_CLI [CACHEDIR]
#
# Rollout safety of new bundle formats (issue 13): a device whose client
# predates a bundle format refuses it, so pipelines write `suture diff
# --format-version N` for the oldest reader in the fleet. For each old
# release of the reader (main before format v2: writes and reads v1; main
# when v2 was merged: writes v2, reads v1 and v2) this script proves that
# `--format-version N` bundles are what that code wrote and that its device
# code applies them:
#
# 1. extracts the commit from git history into CACHEDIR/old-client-<commit>/src
#    (git archive: no worktree is registered) and builds its merge worker,
#    suture-client-worker (what a device runs), and a small driver calling
#    that commit's CreatePatch (its `suture diff`); the build is cached;
# 2. for each pair (plain DEX files, a generic plain file, ZIP archives with
#    DEX, changed, added, removed and renamed members, and the real 3 MB DEX
#    pairs when the DEX test data is cached) makes a signed bundle with
#    SUTURE_CLI diff --format-version N and checks that it is byte for byte
#    the old writer's;
# 3. applies it with the old worker and checks the output (plain: equal to
#    NEW; archive: the same patch folder SUTURE_CLI apply writes);
# 4. checks that the old worker refuses SUTURE_CLI's next format (N + 1) with
#    "unsupported", so the check cannot pass by accident.
#
# Exit: 0 all checks passed; 1 a check failed; 77 skipped (no git history,
# e.g. a source tarball: ctest reports it as skipped).
set -euo pipefail
cli="$(realpath "${1:?usage: old-client-check.sh SUTURE_CLI [CACHEDIR]}")"
cache="${2:-${SUTURE_DEX_TESTDATA_DIR:-$HOME/.cache/suture-testdata}}"
# commit:format it writes (main before bundle format v2; main with v2 merged;
# main with v3, before v4).
OLD_RELEASES=(cde433adaf999e82b7205cec053ca79bb7061d59:1 23504e361e1fb8a8b641cdcd191c189ee4e7cab1:2
  5ac0f8e66f731b1138a1bc202e03193d439a3462:3)
root="$(cd "$(dirname "$0")/.." && pwd)"

# build_old COMMIT: sets worker and olddiff to that commit's binaries.
build_old() {
local OLD_COMMIT="$1"
if ! git -C "$root" cat-file -e "$OLD_COMMIT^{commit}" 2>/dev/null; then
  echo "old-client-check: commit $OLD_COMMIT not in $root's git history; skipped" >&2
  exit 77
fi
old="$cache/old-client-${OLD_COMMIT:0:12}"
worker="$old/build/client-lib/suture-client-worker"
olddiff="$old/build/oldcheck/old-diff"
if [[ ! -x "$worker" || ! -x "$olddiff" ]]; then
  rm -rf "$old"
  mkdir -p "$old/src"
  git -C "$root" archive "$OLD_COMMIT" | tar -x -C "$old/src"
  # The old `suture diff` without the server half the old CLI also links.
  mkdir -p "$old/src/oldcheck"
  cat > "$old/src/oldcheck/old_diff.cc" <<'CC'
// old-diff OLD NEW OUT KEY: CreatePatch of this commit, signed, defaults as its `suture diff`.
#include <cstdio>

#include "suture/core/file_util.h"
#include "suture/create/create_patch.h"

int main(int argc, char** argv) {
  using namespace suture;
  if (argc != 5) return 2;
  auto o = ReadFile(argv[1]);
  auto n = ReadFile(argv[2]);
  auto k = PrivateKey::LoadFile(argv[4]);
  if (!o.ok() || !n.ok() || !k.ok()) return std::fprintf(stderr, "old-diff: cannot read inputs\n"), 1;
  auto r = diff::CreatePatch(*o, *n, diff::DiffOptions{}, &*k);
  if (!r.ok()) return std::fprintf(stderr, "old-diff: %s\n", r.status().ToString().c_str()), 1;
  return WriteFileAtomic(argv[3], r->patch).ok() ? 0 : 1;
}
CC
  cat > "$old/src/oldcheck/CMakeLists.txt" <<'CM'
add_executable(old-diff old_diff.cc)
target_link_libraries(old-diff PRIVATE suture::diff suture::core)
CM
  echo 'add_subdirectory(oldcheck)' >> "$old/src/CMakeLists.txt"
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  echo "old-client-check: building suture-client-worker and old-diff of ${OLD_COMMIT:0:12} in $old/build" >&2
  cmake -S "$old/src" -B "$old/build" -DCMAKE_BUILD_TYPE=Release -DSUTURE_BUILD_SERVER=OFF \
    -DSUTURE_BUILD_BENCH=OFF -DSUTURE_BUILD_TESTS=OFF "${launcher[@]}" >"$old/build.log" 2>&1 ||
    { tail -20 "$old/build.log" >&2; exit 1; }
  cmake --build "$old/build" -j2 --target suture-client-worker old-diff >>"$old/build.log" 2>&1 ||
    { tail -20 "$old/build.log" >&2; exit 1; }
fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/old-client-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$cli" keygen -o "$work/release" >/dev/null
fail=0
checked=0

# check NAME OLD NEW: the checks of steps 2-4 on one pair, for format $fv.
check() {
  local name="$1" base="$2" new="$3" d="$work/v$fv-$1"
  mkdir -p "$d"
  "$cli" diff "$base" "$new" -o "$d/v1.sup" --format-version "$fv" --key "$work/release.key" -q
  "$olddiff" "$base" "$new" "$d/old.sup" "$work/release.key"
  if ! cmp -s "$d/v1.sup" "$d/old.sup"; then
    echo "FAIL $name: --format-version $fv bundle ($(stat -c %s "$d/v1.sup") B) differs from the old writer's ($(stat -c %s "$d/old.sup") B)"
    fail=$((fail + 1)); return
  fi
  if ! "$worker" merge "$base" "$d/v1.sup" "$d/out" "$work/release.pub" 2>"$d/err"; then
    echo "FAIL $name: the old worker refused the v$fv bundle: $(cat "$d/err")"
    fail=$((fail + 1)); return
  fi
  "$cli" apply "$base" "$d/v1.sup" -o "$d/out.new" >/dev/null
  if [[ -d "$d/out" ]]; then  # archive: the patch folder
    diff -r "$d/out" "$d/out.new" >/dev/null || { echo "FAIL $name: patch folders differ"; fail=$((fail + 1)); return; }
  else
    cmp -s "$d/out" "$new" || { echo "FAIL $name: old worker's output differs from NEW"; fail=$((fail + 1)); return; }
  fi
  "$cli" diff "$base" "$new" -o "$d/v2.sup" --format-version $((fv + 1)) --key "$work/release.key" -q
  if "$worker" merge "$base" "$d/v2.sup" "$d/out2" "$work/release.pub" 2>"$d/err2"; then
    echo "FAIL $name: the old worker accepted a v$((fv + 1)) bundle"; fail=$((fail + 1)); return
  fi
  grep -q "unsupported" "$d/err2" || { echo "FAIL $name: old worker on v2: $(cat "$d/err2")"; fail=$((fail + 1)); return; }
  checked=$((checked + 1))
  echo "ok ${old_commit:0:12} $name: v$fv $(stat -c %s "$d/v1.sup") B = old writer's; old worker applies it; v$((fv + 1)) $(stat -c %s "$d/v2.sup") B refused: $(sed 's/^suture-client-worker: //; s|/[^ ]*/||' "$d/err2")"
}

seeds="$root/tests/fuzz/corpus/dex_reader"
for release in "${OLD_RELEASES[@]}"; do
old_commit="${release%%:*}"
fv="${release##*:}"
build_old "$old_commit"
check dex-seed "$seeds/seed.dex" "$seeds/seed_edit.dex"
check dex-seed39 "$seeds/seed39.dex" "$seeds/seed39_edit.dex"
head -c 20000 /dev/urandom > "$work/blob.old"
{ head -c 9000 "$work/blob.old"; printf 'one edit'; tail -c +9009 "$work/blob.old"; } > "$work/blob.new"
check generic-file "$work/blob.old" "$work/blob.new"

# Archives: a DEX member patched (and two classesN.dex for donors), a text
# member patched with the generic engine, members added, removed, renamed,
# stored and deflated.
python3 - "$seeds" "$work" <<'PY'
import os, sys, zipfile
seeds, work = sys.argv[1], sys.argv[2]
def read(n): return open(os.path.join(seeds, n), "rb").read()
text = "".join(f"line {i}: suture old-client check\n" for i in range(400))
with zipfile.ZipFile(os.path.join(work, "old.zip"), "w") as z:
    z.writestr("classes.dex", read("seed.dex"), zipfile.ZIP_DEFLATED)
    z.writestr("classes2.dex", read("moved_a.dex"), zipfile.ZIP_DEFLATED)
    z.writestr("classes3.dex", read("moved_b.dex"), zipfile.ZIP_DEFLATED)
    z.writestr("assets/text.txt", text, zipfile.ZIP_DEFLATED)
    z.writestr("assets/gone.txt", "removed in new\n", zipfile.ZIP_STORED)
    z.writestr("assets/name.bin", os.urandom(3000), zipfile.ZIP_STORED)
with zipfile.ZipFile(os.path.join(work, "old.zip")) as oz:
    renamed = oz.read("assets/name.bin")
with zipfile.ZipFile(os.path.join(work, "new.zip"), "w") as z:
    z.writestr("classes.dex", read("seed_edit.dex"), zipfile.ZIP_DEFLATED)
    z.writestr("classes2.dex", read("moved_a.dex"), zipfile.ZIP_DEFLATED)
    z.writestr("classes3.dex", read("moved_b_new.dex"), zipfile.ZIP_DEFLATED)
    z.writestr("assets/text.txt", text.replace("line 200:", "line 200 (edited):"), zipfile.ZIP_DEFLATED)
    z.writestr("assets/renamed.bin", renamed, zipfile.ZIP_STORED)
    z.writestr("assets/added.txt", "new member\n" * 50, zipfile.ZIP_DEFLATED)
PY
check archive "$work/old.zip" "$work/new.zip"

# Real DEX pairs (3 MB classes16.dex, dex-testpairs.sh) when cached.
for e in literal string_shift add_class; do
  p="$cache/pairs-classes16"
  [[ -f "$p/old.dex" && -f "$p/$e.dex" ]] && check "classes16-$e" "$p/old.dex" "$p/$e.dex"
done

done
echo "old-client-check: $checked checks against ${#OLD_RELEASES[@]} old releases"
[[ $fail -eq 0 ]] || { echo "old-client-check: $fail failed"; exit 1; }
