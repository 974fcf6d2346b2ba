#!/usr/bin/env bash
# dex-testpairs.sh INPUT.dex OUTDIR
#
# Generates one-edit DEX test pairs for the DEX-aware differ (issue 4).
# Disassembles INPUT.dex with baksmali, assembles the unedited tree once as
# OUTDIR/old.dex, then for every edit copies the tree, applies exactly one edit
# and assembles OUTDIR/<edit>.dex. Old and every new are assembled by the same
# smali, with one thread (deterministic), from the same tree, so each pair
# (old.dex, <edit>.dex) differs only by the edit. Edits:
#   string         a const-string changed to a new string
#   string_inplace a string changed in place: a const-string's value (used
#                  once) gets its last character raised by one where it still
#                  sorts between the same neighbours of the string table, so
#                  no string index moves
#   add_method     a new method in an existing class
#   add_class      a new class with a field and a string
#   literal        a changed integer literal (const/16)
#   del_method     a deleted method
#   rename_class   a renamed class (descriptor changed everywhere)
#   string_shift   a const-string changed to a NEW string that sorts near the
#                  front of the string table ("!suture ..."), while the old
#                  value stays referenced elsewhere: every later string index
#                  shifts by one (the index-shifting edit of issue 4)
#   annotation     the first string element of a runtime annotation changed
#   static_value   the initial value of a static final int field changed
#                  (the class's static_values encoded array)
# Output is cached: if OUTDIR/.complete names the same input SHA-256 and every
# output exists, nothing is done; when only some outputs are missing (a new
# edit kind), just those are made. A different input regenerates everything. Needs: baksmali, smali (Debian: smali, baksmali).
# Exit status: 0 on success; 2 on usage error; 1 when a tool or an edit fails.
set -euo pipefail

# dex-testpairs.sh --prepare CACHEDIR
#
# Test-data mode (run by ctest's dex_testdata_setup fixture): fetches the
# APKs of consecutive releases of two real apps from the npm registry and
# keeps their DEX files (real release-to-release pairs):
#   appium-uiautomator2-server 10.6.2/4/6 -> CACHEDIR/npm/<version>/classes*.dex
#   io.appium.settings 8.0.6/8/9/10       -> CACHEDIR/npm-settings/<version>/classes*.dex
# and generates the one-edit pairs of CACHEDIR/npm/10.6.4/classes16.dex
# (3 MB) into CACHEDIR/pairs-classes16. Everything is cached.
# fetch_dex PACKAGE VERSION APK_PATH_IN_PACKAGE DIR: DIR/classes*.dex of that APK.
fetch_dex() {
  local pkg="$1" v="$2" apk="$3" dir="$4" tmp
  [[ -f "$dir/classes.dex" ]] && return 0
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/dex-npm.XXXXXX")
  (cd "$tmp" && npm pack --silent "$pkg@$v" >/dev/null)
  tar xzf "$tmp/$pkg-$v.tgz" -C "$tmp"
  rm -rf "$dir.part"
  mkdir -p "$dir.part"
  python3 - "$tmp/package/$apk" "$dir.part" <<'PY'
import re, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if re.fullmatch(r"classes\d*\.dex", n):
            z.extract(n, sys.argv[2])
PY
  rm -rf "$tmp" "$dir"
  mv "$dir.part" "$dir"
}
if [[ $# -eq 2 && "$1" == "--prepare" ]]; then
  cache="$2"
  mkdir -p "$cache/npm" "$cache/npm-settings"
  for v in 10.6.2 10.6.4 10.6.6; do
    fetch_dex appium-uiautomator2-server "$v" "apks/appium-uiautomator2-server-v$v.apk" "$cache/npm/$v"
  done
  for v in 8.0.6 8.0.8 8.0.9 8.0.10; do
    fetch_dex io.appium.settings "$v" apks/settings_apk-debug.apk "$cache/npm-settings/$v"
  done
  exec "$0" "$cache/npm/10.6.4/classes16.dex" "$cache/pairs-classes16"
fi

if [[ $# -ne 2 ]]; then
  echo "usage: $0 INPUT.dex OUTDIR | --prepare CACHEDIR" >&2
  exit 2
fi
in="$1"
out="$2"
for tool in baksmali smali sha256sum; do
  command -v "$tool" >/dev/null || { echo "$0: missing tool '$tool' (apt-get install smali baksmali)" >&2; exit 1; }
done
[[ -f "$in" ]] || { echo "$0: $in: no such file" >&2; exit 1; }

edits=(string string_inplace add_method add_class literal del_method rename_class string_shift annotation
  static_value)
# The generator's revision is part of the cache key: gen2 made the string edit
# real (gen1's awk pattern used an interval that Debian's mawk does not know,
# so its "string" pairs differed only by smali's noise); gen3 assembles with
# one thread: smali with several threads orders some tables differently from
# run to run (59 bytes of a 3 MB DEX between two runs on the same tree), and
# every pair carried that noise beside its edit.
sum="$(sha256sum "$in" | cut -d' ' -f1) gen3"
mkdir -p "$out"
if [[ -f "$out/.complete" && "$(cat "$out/.complete")" == "$sum" ]]; then
  missing=0
  for e in old "${edits[@]}"; do [[ -f "$out/$e.dex" ]] || missing=1; done
  [[ $missing -eq 0 ]] && exit 0
else
  rm -f "$out"/*.dex "$out/.complete"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/dex-testpairs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Assemble at the API level matching the input's DEX version, so opcodes such
# as invoke-polymorphic (038) are accepted and old/new keep that version.
case "$(head -c 7 "$in" | tail -c 3)" in
  035) api=15 ;;
  037) api=24 ;;
  038) api=26 ;;
  *) api=28 ;;
esac
baksmali d "$in" -o "$work/base" >/dev/null
if [[ ! -f "$out/old.dex" ]]; then
  smali a -j 1 --api "$api" "$work/base" -o "$out/old.dex.tmp" >/dev/null
  mv "$out/old.dex.tmp" "$out/old.dex"
fi

# True when OUTDIR/<edit>.dex still has to be made.
need() { [[ ! -f "$out/$1.dex" ]]; }

# Picks the first file (sorted) under $1 whose content matches regex $2.
first_file() {
  (cd "$1" && { grep -rlE --include='*.smali' -e "$2" . || true; } | LC_ALL=C sort | sed -n 1p)
}

new_tree() {
  rm -rf "$work/t"
  cp -r "$work/base" "$work/t"
}

assemble() {
  # An edit whose pattern matched nothing would give a pair that differs only
  # by smali's own noise, under the edit's name: refuse it.
  if diff -rq "$work/base" "$work/t" >/dev/null; then
    echo "$0: edit '$1' changed no smali source of $in" >&2
    exit 1
  fi
  smali a -j 1 --api "$api" "$work/t" -o "$out/$1.dex.tmp" >/dev/null
  mv "$out/$1.dex.tmp" "$out/$1.dex"
}

# 1. A const-string changed to a new string.
if need string; then
  new_tree
  f=$(first_file "$work/t" '^    const-string v[0-9]+, ".{8,}"$')
  [[ -n "$f" ]] || { echo "$0: no const-string to edit" >&2; exit 1; }
  awk 'BEGIN{d=0} /^    const-string v[0-9]+, ".........*"$/ && !d {sub(/".*"$/, "\"suture edit: a brand new string\""); d=1} {print}' \
    "$work/t/$f" > "$work/x" && mv "$work/x" "$work/t/$f"
  assemble string
fi

# 1b. A string changed in place. The candidates are const-string values with
# a space (no type or member name can share them), used once in the whole
# tree; the first whose raised last character keeps it below the next string
# of old.dex's string table (DEX sorts strings by UTF-16 code units) is edited.
if need string_inplace; then
  new_tree
  python3 - "$out/old.dex" "$work/t" >&2 <<'PY'
import collections, os, re, struct, sys
dex = open(sys.argv[1], "rb").read()
count, off = struct.unpack_from("<II", dex, 0x38)
def units(at):  # MUTF-8 string_data_item -> UTF-16 code units
    while dex[at] & 0x80: at += 1  # skip the uleb128 length
    at += 1
    out = []
    while dex[at]:
        b = dex[at]
        if b < 0x80: out.append(b); at += 1
        elif b < 0xE0: out.append(((b & 0x1F) << 6) | (dex[at + 1] & 0x3F)); at += 2
        else:
            out.append(((b & 0x0F) << 12) | ((dex[at + 1] & 0x3F) << 6) | (dex[at + 2] & 0x3F)); at += 3
    return tuple(out)
table = [units(struct.unpack_from("<I", dex, off + 4 * i)[0]) for i in range(count)]
index = {s: i for i, s in enumerate(table)}
line_re = re.compile(r'^    const-string(?:/jumbo)? v[0-9]+, "([ -!#-\[\]-~]{8,})"$')
uses, first = collections.Counter(), {}
root = sys.argv[2]
for d, _, files in sorted(os.walk(root)):
    for f in sorted(files):
        if not f.endswith(".smali"): continue
        p = os.path.join(d, f)
        for line in open(p, encoding="utf-8", errors="replace"):
            for q in re.findall(r'"((?:[^"\\]|\\.)*)"', line): uses[q] += 1
            m = line_re.match(line.rstrip("\n"))
            if m and " " in m.group(1): first.setdefault(m.group(1), p)
for val, path in sorted(first.items(), key=lambda kv: (kv[1], kv[0])):
    if uses[val] != 1: continue
    u = tuple(ord(c) for c in val)
    i = index.get(u)
    nxt = table[i + 1] if i is not None and i + 1 < len(table) else None
    c = chr(ord(val[-1]) + 1)
    if i is None or c in '"\\' or not (" " <= c <= "~"): continue
    new = val[:-1] + c
    if tuple(ord(x) for x in new) in index or (nxt is not None and not tuple(ord(x) for x in new) < nxt):
        continue
    text = open(path, encoding="utf-8").read()
    text = text.replace('"%s"' % val, '"%s"' % new, 1)
    open(path, "w", encoding="utf-8").write(text)
    print("string_inplace: %s: %r -> %r" % (os.path.relpath(path, root), val, new))
    sys.exit(0)
sys.exit("no const-string that can change in place")
PY
  assemble string_inplace
fi

# 2. A new method in an existing class (the class holding the first static method).
if need add_method; then
  new_tree
  f=$(first_file "$work/t" '^\.method public static ')
  cat >> "$work/t/$f" <<'SMALI'

.method public static sutureAddedMethod(I)I
    .registers 2
    add-int/lit8 v0, p0, 0x7
    return v0
.end method
SMALI
  assemble add_method
fi

# 3. A new class with a field and a string.
if need add_class; then
  new_tree
  f=$(first_file "$work/t" '^\.method public static ')
  pkg=$(dirname "$f" | sed 's|^\./||')
  cat > "$work/t/$pkg/SutureAddedClass.smali" <<SMALI
.class public L$pkg/SutureAddedClass;
.super Ljava/lang/Object;

.field public static sutureField:Ljava/lang/String;

.method static constructor <clinit>()V
    .registers 1
    const-string v0, "suture edit: string of a new class"
    sput-object v0, L$pkg/SutureAddedClass;->sutureField:Ljava/lang/String;
    return-void
.end method
SMALI
  assemble add_class
fi

# 4. A changed literal.
if need literal; then
  new_tree
  f=$(first_file "$work/t" '^    const/16 v[0-9]+, 0x[0-9a-f]+$')
  [[ -n "$f" ]] || { echo "$0: no const/16 to edit" >&2; exit 1; }
  awk 'BEGIN{d=0} /^    const\/16 v[0-9]+, 0x[0-9a-f]+$/ && !d {sub(/0x[0-9a-f]+$/, "0x1234"); d=1} {print}' \
    "$work/t/$f" > "$work/x" && mv "$work/x" "$work/t/$f"
  assemble literal
fi

# 5. A deleted method: the second method of the class edited in step 2.
if need del_method; then
  new_tree
  f=$(first_file "$work/t" '^\.method public static ')
  awk 'BEGIN{n=0; skip=0} /^\.method /{n++; if (n==2) skip=1} {if (!skip) print} /^\.end method/{if (skip) skip=0}' \
    "$work/t/$f" > "$work/x" && mv "$work/x" "$work/t/$f"
  assemble del_method
fi

# 6. A renamed class: the class of step 2 gets a new name everywhere.
if need rename_class; then
  new_tree
  f=$(first_file "$work/t" '^\.method public static ')
  cls=$(sed -n 's/^\.class .*\(L[^;]*;\)$/\1/p' "$work/t/$f" | sed -n 1p)
  [[ -n "$cls" ]] || { echo "$0: no class name in $f" >&2; exit 1; }
  newcls="${cls%;}Renamed;"
  grep -rlF --include='*.smali' -e "$cls" "$work/t" | while read -r g; do
    sed -i "s|${cls//\$/\\\$}|${newcls//\$/\\\$}|g" "$g"
  done
  assemble rename_class
fi

# 7. An index-shifting string edit: one const-string gets a NEW value that
# sorts near the front of the string table (DEX strings sort by UTF-16 code
# units; '!' is below every digit and letter), and the old value stays
# referenced (it is the first value, in sorted order, that at least two
# const-strings use), so every later string index shifts by one.
if need string_shift; then
  new_tree
  newval='"!suture edit: a brand new string"'
  if grep -rqF --include='*.smali' -e "$newval" "$work/t"; then
    echo "$0: $newval already in the input" >&2; exit 1
  fi
  val=$(cd "$work/t" && grep -rhoE --include='*.smali' -e '^    const-string v[0-9]+, "[A-Za-z][A-Za-z0-9 _.]{7,}"$' . \
    | sed -E 's/^    const-string v[0-9]+, //' | LC_ALL=C sort | uniq -d | sed -n 1p)
  [[ -n "$val" ]] || { echo "$0: no const-string value used twice" >&2; exit 1; }
  f=$(cd "$work/t" && grep -rlE --include='*.smali' -e "^    const-string v[0-9]+, ${val//./\\.}\$" . \
    | LC_ALL=C sort | sed -n 1p)
  awk -v val="$val" -v nv="$newval" 'BEGIN{d=0}
    !d && /^    const-string v[0-9]+, "/ {
      i = index($0, ", \"")
      if (substr($0, i + 2) == val) { $0 = substr($0, 1, i + 1) nv; d = 1 }
    }
    {print}
    END{if (!d) exit 1}' "$work/t/$f" > "$work/x" || { echo "$0: could not edit $val in $f" >&2; exit 1; }
  mv "$work/x" "$work/t/$f"
  echo "string_shift: $f: $val -> $newval" >&2
  assemble string_shift
fi

# 8. A changed annotation: the first string element of an annotation, in the
# first file (sorted) that has one; runtime annotations first, then build,
# then system ones (some DEX files have no runtime annotation with a string).
if need annotation; then
  new_tree
  done_file=""
  for vis in runtime build system; do
    while read -r f; do
      [[ -n "$f" ]] || continue
      if awk -v vis="$vis" 'BEGIN{in_a=0; d=0}
        $0 ~ "^ *\\.annotation " vis " " {in_a=1}
        /^ *\.end annotation/ {in_a=0}
        in_a && !d && /^ +[A-Za-z0-9_]+ = ".*"$/ {sub(/= ".*"$/, "= \"suture edit: annotation value\""); d=1}
        {print}
        END{if (!d) exit 1}' "$work/t/$f" > "$work/x"; then
        mv "$work/x" "$work/t/$f"
        done_file="$f"
        break
      fi
    done < <(cd "$work/t" && grep -rlE --include='*.smali' -e "^ *\.annotation $vis " . | LC_ALL=C sort)
    [[ -n "$done_file" ]] && break
  done
  [[ -n "$done_file" ]] || { echo "$0: no annotation with a string element" >&2; exit 1; }
  echo "annotation: $done_file" >&2
  assemble annotation
fi

# 9. A changed static field value: the first `static final int` with a value.
if need static_value; then
  new_tree
  re='^\.field [a-z ]*static final [A-Za-z0-9_$]+:I = 0x[0-9a-f]+$'
  f=$(first_file "$work/t" "$re")
  [[ -n "$f" ]] || { echo "$0: no static final int field to edit" >&2; exit 1; }
  awk -v re="$re" 'BEGIN{d=0} $0 ~ re && !d {sub(/0x[0-9a-f]+$/, "0x7e57"); d=1} {print}' \
    "$work/t/$f" > "$work/x" && mv "$work/x" "$work/t/$f"
  assemble static_value
fi

echo "$sum" > "$out/.complete"
