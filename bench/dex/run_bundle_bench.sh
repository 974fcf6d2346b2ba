#!/usr/bin/env bash
# run_bundle_bench.sh SUTURE_CLI [CACHEDIR]
#
# Issue 13: the whole unsigned bundle `suture diff OLD NEW -o P` writes (what
# a device downloads) beside bsdiff, xdelta3 -9 and zstd -19 --patch-from,
# all in the same run, on the one-edit pairs of scripts/dex-testpairs.sh (the
# 10.8 MB classes.dex and the 3 MB classes16.dex of appium-uiautomator2-server
# 10.6.4) and on every classes*.dex changed between consecutive npm releases.
# Every Suture bundle is applied and compared with NEW. Prints one JSON object
# per pair, then a markdown table (stderr). literal_pure pairs change one
# const/16 literal in place (make_literal_pair.py), nothing else. SUTURE_DEX_BENCH_ONLY=REGEX limits
# the pairs; pairs whose files are missing are skipped.
set -euo pipefail
cli="${1:?usage: run_bundle_bench.sh SUTURE_CLI [CACHEDIR]}"
cache="${2:-${SUTURE_DEX_TESTDATA_DIR:-$HOME/.cache/suture-testdata}}"
here="$(cd "$(dirname "$0")" && pwd)"
gen="$here/../../scripts/dex-testpairs.sh"
if [[ -z "${SUTURE_DEX_BENCH_NO_PREPARE:-}" ]]; then  # set it to use the cache as it is
  "$gen" --prepare "$cache" >&2
  "$gen" "$cache/npm/10.6.4/classes.dex" "$cache/pairs-classes" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dex-bundle-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
rows=()

bench_pair() {
  local name="$1" old="$2" new="$3"
  if [[ -n "${SUTURE_DEX_BENCH_ONLY:-}" ]] && ! grep -qE -e "$SUTURE_DEX_BENCH_ONLY" <<<"$name"; then
    return
  fi
  "$cli" diff "$old" "$new" -o "$work/p.sup" >/dev/null
  "$cli" apply "$old" "$work/p.sup" -o "$work/out" >/dev/null
  cmp -s "$work/out" "$new" || { echo "{\"pair\":\"$name\",\"error\":\"round trip differs\"}"; return; }
  bsdiff "$old" "$new" "$work/p.bsd"
  xdelta3 -9 -e -f -s "$old" "$new" "$work/p.xd3"
  zstd -q -f -19 --long=27 --patch-from="$old" "$new" -o "$work/p.zst" 2>/dev/null
  local s b x z best
  s=$(stat -c %s "$work/p.sup"); b=$(stat -c %s "$work/p.bsd")
  x=$(stat -c %s "$work/p.xd3"); z=$(stat -c %s "$work/p.zst")
  best=$(printf '%s\n' "$b" "$x" "$z" | sort -n | head -1)
  printf '{"pair":"%s","old_bytes":%d,"new_bytes":%d,"suture_bytes":%d,"bsdiff_bytes":%d,"xdelta3_bytes":%d,"zstd_bytes":%d,"suture_smallest":%s}\n' \
    "$name" "$(stat -c %s "$old")" "$(stat -c %s "$new")" "$s" "$b" "$x" "$z" \
    "$([[ $s -lt $best ]] && echo true || echo false)"
  rows+=("| $name | $(stat -c %s "$new") | **$s** | $b | $x | $z | $([[ $s -lt $best ]] && echo yes || echo NO) |")
}

# Pure one-literal pairs (bench/dex/make_literal_pair.py): only the literal
# and the header checksums differ, as in a compiler's output.
for base in classes classes16; do
  pure="$cache/pairs-$base/literal_pure.dex"
  [[ -f "$pure" ]] || "$here/make_literal_pair.py" "$cache/pairs-$base/old.dex" "$pure" >&2
done
for base in classes classes16; do
  for e in literal_pure literal string string_shift add_method del_method add_class rename_class \
    annotation static_value; do
    [[ -f "$cache/pairs-$base/$e.dex" ]] || continue
    bench_pair "edit/$base/$e" "$cache/pairs-$base/old.dex" "$cache/pairs-$base/$e.dex"
  done
done
for pair in 10.6.2:10.6.4 10.6.4:10.6.6; do
  a="${pair%%:*}"; b="${pair##*:}"
  for f in "$cache/npm/$b"/classes*.dex; do
    n=$(basename "$f")
    [[ -f "$cache/npm/$a/$n" ]] || continue
    cmp -s "$cache/npm/$a/$n" "$f" && continue
    bench_pair "release/${a}_${b}/$n" "$cache/npm/$a/$n" "$f"
  done
done
{
  echo "| pair | new B | Suture bundle | bsdiff | xdelta3 -9 | zstd -19 --patch-from | Suture smallest |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} >&2
