#!/usr/bin/env bash
# run_bench.sh SUTURE_DEX_TOOL [CACHEDIR]
#
# Environment: SUTURE_DEX_BENCH_ONLY=REGEX runs only the pairs whose name
# matches the extended regex (e.g. 'string_shift$').
#
# The DEX benchmark of issue 4. For every pair it runs, in the same run:
#   suture (DexDiff / DexApply via suture_dex_tool),
#   Debian's bsdiff, and zstd -19 --long=27 --patch-from,
# and prints one JSON object per pair (machine-readable), then a summary line.
# Pairs:
#   edit/<dex>/<edit>  one-edit pairs from scripts/dex-testpairs.sh, on the
#                      10.8 MB classes.dex and the 3 MB classes16.dex of
#                      appium-uiautomator2-server 10.6.4; string_shift is
#                      the index-shifting string edit (a new string near the
#                      front of the string table)
#   release/<a>_<b>/<dex>  every classes*.dex changed between consecutive npm
#                      releases (10.6.2 -> 10.6.4 -> 10.6.6)
# Targets (issue 4): edit pairs <= 2048 bytes and >= 50x smaller than bsdiff;
# release pairs <= 0.7x bsdiff; diff time <= 2x bsdiff; apply of the 10 MB DEX
# <= 1 s with peak RSS <= 64 MB.
set -euo pipefail
tool="${1:?usage: run_bench.sh SUTURE_DEX_TOOL [CACHEDIR]}"
cache="${2:-${SUTURE_DEX_TESTDATA_DIR:-$HOME/.cache/suture-testdata}}"
here="$(cd "$(dirname "$0")" && pwd)"
gen="$here/../../scripts/dex-testpairs.sh"

"$gen" --prepare "$cache" >&2
"$gen" "$cache/npm/10.6.4/classes.dex" "$cache/pairs-classes" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/dex-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
calc() { awk "BEGIN{printf \"%.6f\", $1}"; }
json_field() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" <<<"$1"; }

bench_pair() {
  local name="$1" old="$2" new="$3"
  if [[ -n "${SUTURE_DEX_BENCH_ONLY:-}" ]] && ! grep -qE -e "$SUTURE_DEX_BENCH_ONLY" <<<"$name"; then
    return
  fi
  local t0 t1 d_json a_json bs zs bs_s zs_s
  d_json=$("$tool" diff "$old" "$new" "$work/p.sdp")
  a_json=$("$tool" apply "$old" "$work/p.sdp" "$work/out.dex")
  cmp -s "$work/out.dex" "$new" || { echo "{\"pair\":\"$name\",\"error\":\"round trip differs\"}"; return; }
  t0=$(now); bsdiff "$old" "$new" "$work/p.bsd"; t1=$(now)
  bs=$(stat -c %s "$work/p.bsd"); bs_s=$(calc "$t1 - $t0")
  t0=$(now); zstd -q -f -19 --long=27 --patch-from="$old" "$new" -o "$work/p.zst" 2>/dev/null; t1=$(now)
  zs=$(stat -c %s "$work/p.zst"); zs_s=$(calc "$t1 - $t0")
  local sp dms ams arss
  sp=$(json_field "$d_json" patch_bytes); dms=$(json_field "$d_json" ms)
  ams=$(json_field "$a_json" ms); arss=$(json_field "$a_json" max_rss_kb)
  printf '{"pair":"%s","old_bytes":%d,"new_bytes":%d,"suture_bytes":%d,"bsdiff_bytes":%d,"zstd_bytes":%d,' \
    "$name" "$(stat -c %s "$old")" "$(stat -c %s "$new")" "$sp" "$bs" "$zs"
  printf '"suture_vs_bsdiff":%.4f,"bsdiff_over_suture":%.1f,"suture_diff_s":%.2f,"bsdiff_diff_s":%.2f,"zstd_diff_s":%.2f,' \
    "$(calc "$sp / $bs")" "$(calc "$bs / $sp")" "$(calc "$dms / 1000")" "$bs_s" "$zs_s"
  printf '"suture_apply_ms":%.1f,"suture_apply_rss_kb":%d,"suture_diff":%s}\n' "$ams" "$arss" "$d_json"
}

for base in classes classes16; do
  for e in string string_inplace add_method add_class literal del_method rename_class string_shift; do
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
