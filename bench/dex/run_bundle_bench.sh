#!/usr/bin/env bash
# run_bundle_bench.sh SUTURE_CLI [CACHEDIR]
#
# Issue 13: the whole unsigned bundle `suture diff OLD NEW -o P` writes (what
# a device downloads) beside bsdiff, xdelta3 -9 and zstd -19 --patch-from,
# all in the same run, on one-edit pairs of real DEX files of two apps
# (scripts/dex-testpairs.sh: the 10.5 MB classes.dex and the 3 MB
# classes16.dex of appium-uiautomator2-server 10.6.4, the 6.9 MB classes.dex
# (6.7 MB as smali reassembles it)
# and the 104 KB classes9.dex of io.appium.settings 8.0.10) and on every
# classes*.dex changed between consecutive npm releases of both. Suture is
# run twice per pair: the default format (bundle v4) and --format-version 3
# (what the writer made before v4), so before/after come from the same run.
# Every Suture bundle is applied and compared with NEW. Also printed: the
# bundle's payload (the delta itself, without header and manifest) and the
# manifest's whole SHA-256 digests (base, target; per member in archives).
# Prints one JSON object per pair, then a markdown table (stderr). literal_pure pairs change
# one const/16 literal in place (make_literal_pair.py), nothing else.
# SUTURE_DEX_BENCH_ONLY=REGEX limits the pairs; pairs whose files are missing
# are skipped (the small classes9.dex lacks some edit kinds).
set -euo pipefail
cli="${1:?usage: run_bundle_bench.sh SUTURE_CLI [CACHEDIR]}"
cache="${2:-${SUTURE_DEX_TESTDATA_DIR:-$HOME/.cache/suture-testdata}}"
here="$(cd "$(dirname "$0")" && pwd)"
gen="$here/../../scripts/dex-testpairs.sh"
if [[ -z "${SUTURE_DEX_BENCH_NO_PREPARE:-}" ]]; then  # set it to use the cache as it is
  "$gen" --prepare "$cache" >&2
  "$gen" "$cache/npm/10.6.4/classes.dex" "$cache/pairs-classes" >&2
  "$gen" "$cache/npm-settings/8.0.10/classes.dex" "$cache/pairs-settings-classes" >&2
  # classes9.dex has no const/16 and no static final int: those edits are missing.
  "$gen" "$cache/npm-settings/8.0.10/classes9.dex" "$cache/pairs-settings-classes9" >&2 || true
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
  "$cli" diff "$old" "$new" -o "$work/p2.sup" --format-version 3 >/dev/null
  for p in p.sup p2.sup; do
    "$cli" apply "$old" "$work/$p" -o "$work/out" >/dev/null
    cmp -s "$work/out" "$new" || { echo "{\"pair\":\"$name\",\"error\":\"round trip differs ($p)\"}"; return; }
  done
  bsdiff "$old" "$new" "$work/p.bsd"
  xdelta3 -9 -e -f -s "$old" "$new" "$work/p.xd3"
  zstd -q -f -19 --long=27 --patch-from="$old" "$new" -o "$work/p.zst" 2>/dev/null
  local s s2 b x z best pay dig
  s=$(stat -c %s "$work/p.sup"); s2=$(stat -c %s "$work/p2.sup"); b=$(stat -c %s "$work/p.bsd")
  pay=$("$cli" inspect --json "$work/p.sup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["payload_size"])')
  dig=$("$cli" inspect --bytes "$work/p.sup" | sed -nE 's/^ +SHA-256 digests \([0-9]+\) +([0-9]+) B.*/\1/p')
  x=$(stat -c %s "$work/p.xd3"); z=$(stat -c %s "$work/p.zst")
  best=$(printf '%s\n' "$b" "$x" "$z" | sort -n | head -1)
  printf '{"pair":"%s","old_bytes":%d,"new_bytes":%d,"suture_bytes":%d,"suture_v3_bytes":%d,"suture_payload_bytes":%d,"suture_digest_bytes":%d,"bsdiff_bytes":%d,"xdelta3_bytes":%d,"zstd_bytes":%d,"suture_smallest":%s}\n' \
    "$name" "$(stat -c %s "$old")" "$(stat -c %s "$new")" "$s" "$s2" "$pay" "$dig" "$b" "$x" "$z" \
    "$([[ $s -lt $best ]] && echo true || echo false)"
  rows+=("| $name | $(stat -c %s "$new") | **$s** | $s2 | $pay | $dig | $b | $x | $z | $([[ $s -lt $best ]] && echo yes || echo "NO (+$((s - best)) B)") |")
}

# Pure one-literal pairs (bench/dex/make_literal_pair.py): only the literal
# and the header checksums differ, as in a compiler's output.
bases=(classes classes16 settings-classes settings-classes9)
for base in "${bases[@]}"; do
  pure="$cache/pairs-$base/literal_pure.dex"
  [[ -f "$pure" || ! -f "$cache/pairs-$base/old.dex" ]] ||
    "$here/make_literal_pair.py" "$cache/pairs-$base/old.dex" "$pure" >&2 || true
done
for base in "${bases[@]}"; do
  for e in literal_pure literal string string_inplace string_shift add_method del_method add_class rename_class \
    annotation static_value; do
    [[ -f "$cache/pairs-$base/$e.dex" ]] || continue
    bench_pair "edit/$base/$e" "$cache/pairs-$base/old.dex" "$cache/pairs-$base/$e.dex"
  done
done
# release_pairs DIR NAME A:B...: every classes*.dex changed from A to B.
release_pairs() {
  local dir="$1" app="$2" pair a b f n
  shift 2
  for pair in "$@"; do
    a="${pair%%:*}"; b="${pair##*:}"
    for f in "$dir/$b"/classes*.dex; do
      n=$(basename "$f")
      [[ -f "$dir/$a/$n" ]] || continue
      cmp -s "$dir/$a/$n" "$f" && continue
      bench_pair "release/$app/${a}_${b}/$n" "$dir/$a/$n" "$f"
    done
  done
}
release_pairs "$cache/npm" uiautomator2 10.6.2:10.6.4 10.6.4:10.6.6
release_pairs "$cache/npm-settings" settings 8.0.6:8.0.8 8.0.8:8.0.9 8.0.9:8.0.10
{
  echo "| pair | new B | Suture (v4) | Suture v3 (before) | its payload | its SHA-256 digests | bsdiff | xdelta3 -9 | zstd -19 --patch-from | Suture smallest |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} >&2
