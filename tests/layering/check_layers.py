#!/usr/bin/env python3
"""Holds Suture's sources to the room table in layers.txt.

Every #include of every C/C++ source and header under the rooms' folders is
resolved to a file of the tree (quoted includes) or to a third-party library
(<...> includes with a known prefix). An include fails when it points to a
room the including room may not use, to another room's private header (one
outside that room's include/ folder), to a library the room may not use, or
to nothing at all (a stale quoted include).

  check_layers.py --root DIR [--rules FILE]   exit 0 clean, 1 violations, 2 bad table
  check_layers.py --self-test                 proves the check fails on an upward include

Output: one line per violation, "file:line: #include "x": reason", then a
summary line.
"""
import argparse
import fnmatch
import os
import re
import sys
import tempfile

SOURCE_EXT = (".h", ".hh", ".hpp", ".c", ".cc", ".cpp")
SKIP_DIRS = {".git", "node_modules", "corpus", "__pycache__"}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class Table:
    def __init__(self):
        self.rooms = []   # (name, [folders], uses {room: glob or None} or "*", libs set or "*")
        self.libs = {}    # lib name -> [prefixes]

    def room_of(self, rel):
        best = None
        for name, folders, _, _ in self.rooms:
            for f in folders:
                if rel.startswith(f) and (best is None or len(f) > len(best[1])):
                    best = (name, f)
        return best

    def room(self, name):
        for r in self.rooms:
            if r[0] == name:
                return r
        return None

    def lib_of(self, header):
        for name, prefixes in self.libs.items():
            for p in prefixes:
                if header == p or (p.endswith("/") and header.startswith(p)):
                    return name
        return None


def parse_table(path):
    t = Table()
    section = None
    errors = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            cols = line.split()
            if section == "rooms":
                if len(cols) < 4:
                    errors.append(f"{path}:{n}: a room needs: name folders uses libs")
                    continue
                # Folders end with '/'; uses and libs follow (sorted out below,
                # once [libs] is known: it may come after [rooms]).
                name = cols[0]
                i = 1
                folders = []
                while i < len(cols) and cols[i].endswith("/"):
                    folders.append(cols[i])
                    i += 1
                rest = cols[i:]
                if not folders or len(rest) < 2:
                    errors.append(f"{path}:{n}: room {name}: folders (ending in /), uses, libs")
                    continue
                t.rooms.append([name, folders, rest])
            elif section == "libs":
                t.libs[cols[0]] = cols[1:]
            else:
                errors.append(f"{path}:{n}: line outside [rooms] or [libs]")
    fixed = []
    for name, folders, cols in t.rooms:
        # "uses" then "libs": a column naming a library is a lib, "*" first is
        # every room, a later "*" every library, "-" nothing.
        uses, libs = {}, set()
        if cols[:1] == ["*"]:
            uses = "*"
            cols = cols[1:]
        for c in cols:
            if c == "-":
                continue
            if c == "*":
                libs = "*"
                continue
            m = re.fullmatch(r"([a-z0-9_-]+)(?:\[([^\]]+)\])?", c)
            if not m:
                errors.append(f"{path}: room {name}: bad entry {c!r}")
            elif m.group(1) in t.libs and m.group(2) is None:
                if libs != "*":
                    libs.add(m.group(1))
            elif uses != "*":
                uses[m.group(1)] = m.group(2)
        fixed.append((name, folders, uses, libs))
    t.rooms = fixed
    names = {r[0] for r in t.rooms}
    for name, _, uses, _ in t.rooms:
        if uses != "*":
            for u in uses:
                if u not in names:
                    errors.append(f"{path}: room {name} uses unknown room {u!r}")
    return t, errors


def source_files(root, table):
    for _, folders, _, _ in table.rooms:
        for folder in folders:
            top = os.path.join(root, folder)
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames[:] = sorted(d for d in dirnames
                                     if d not in SKIP_DIRS and not d.startswith("build"))
                for fn in sorted(filenames):
                    if fn.endswith(SOURCE_EXT):
                        yield os.path.relpath(os.path.join(dirpath, fn), root)


def include_roots(root, table):
    """Where quoted includes resolve: every include/ and src/ folder of a room
    first, then every other folder (a target may add any folder to its
    include path, e.g. a test reaching into one layer's src/ folder)."""
    first, rest = [], []
    for _, folders, _, _ in table.rooms:
        for folder in folders:
            for dirpath, dirnames, _ in os.walk(os.path.join(root, folder)):
                dirnames[:] = sorted(d for d in dirnames
                                     if d not in SKIP_DIRS and not d.startswith("build"))
                rel = os.path.relpath(dirpath, root)
                (first if os.path.basename(dirpath) in ("include", "src") else rest).append(rel)
    return first + rest


def resolve(root, includer, header, roots, own_folder):
    here = os.path.dirname(includer)
    candidates = [os.path.join(here, header)]
    # The includer's own room first, then every other room.
    own = [r for r in roots if (r + "/").startswith(own_folder)]
    candidates += [os.path.join(r, header) for r in own]
    candidates += [os.path.join(r, header) for r in roots if r not in own]
    for c in candidates:
        c = os.path.normpath(c)
        if os.path.isfile(os.path.join(root, c)):
            return c
    return None


def is_public(rel, folder):
    return rel.startswith(os.path.join(folder, "include") + "/")


def check(root, table):
    violations = []
    roots = include_roots(root, table)
    count = 0
    for rel in source_files(root, table):
        name, folder = table.room_of(rel)
        _, _, uses, libs = table.room(name)
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                count += 1
                kind, header = m.groups()
                where = f'{rel}:{n}: #include {"<" if kind == "<" else chr(34)}{header}{">" if kind == "<" else chr(34)}'
                lib = table.lib_of(header) if kind == "<" else None
                if kind == "<" and lib is None:
                    continue  # C, C++ or POSIX system header
                if lib is not None:
                    if libs != "*" and lib not in libs:
                        violations.append(f"{where}: room {name} may not use library {lib}")
                    continue
                target = resolve(root, rel, header, roots, folder)
                if target is None:
                    if table.lib_of(header):
                        continue  # a library header written with quotes
                    violations.append(f"{where}: resolves to no file of the tree")
                    continue
                owner = table.room_of(target)
                if owner is None:
                    violations.append(f"{where}: {target} is in no room of the table")
                    continue
                tname, tfolder = owner
                if tname == name:
                    continue
                if uses != "*":
                    if tname not in uses:
                        violations.append(f"{where}: room {name} may not use room {tname} "
                                          f"({target})")
                        continue
                    if not is_public(target, tfolder):
                        violations.append(f"{where}: {target} is a private header of room "
                                          f"{tname}")
                        continue
                    glob = uses[tname]
                    if glob and not fnmatch.fnmatch(os.path.basename(target), glob):
                        violations.append(f"{where}: room {name} may use only {tname}[{glob}] "
                                          f"({target})")
    return violations, count


def run(root, rules):
    table, errors = parse_table(rules)
    if errors:
        for e in errors:
            print(e)
        return 2
    for _, folders, _, _ in table.rooms:
        for folder in folders:
            if not os.path.isdir(os.path.join(root, folder)):
                print(f"{rules}: folder {folder} does not exist under {root}")
                return 2
    violations, count = check(root, table)
    for v in violations:
        print(v)
    print(f"layering: {count} includes checked, {len(violations)} violations "
          f"({len(table.rooms)} rooms)")
    return 1 if violations else 0


def self_test():
    """A tiny tree: clean, then with an upward include, a private header, a
    refused library and a stale include. Each must be found."""
    rules = """[rooms]
low   low/    -     zstd
high  high/   low   zstd json
[libs]
zstd  zstd.h
json  nlohmann/
"""
    files = {
        "low/include/x/low.h": '#include <vector>\n#include <zstd.h>\n',
        "low/src/low.cc": '#include "x/low.h"\n#include "detail.h"\n',
        "low/src/detail.h": '\n',
        "high/include/x/high.h": '#include "x/low.h"\n',
        "high/src/high.cc": '#include "x/high.h"\n#include <nlohmann/json.hpp>\n',
    }
    bad = {
        "low/src/up.cc": ('#include "x/high.h"\n', "may not use room high"),
        "high/src/private.cc": ('#include "detail.h"\n', "private header of room low"),
        "low/src/lib.cc": ('#include <nlohmann/json.hpp>\n', "may not use library json"),
        "high/src/stale.cc": ('#include "x/gone.h"\n', "resolves to no file"),
    }
    ok = True
    with tempfile.TemporaryDirectory() as d:
        def write(rel, text):
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        write("layers.txt", rules)
        for rel, text in files.items():
            write(rel, text)
        table, errors = parse_table(os.path.join(d, "layers.txt"))
        v, _ = check(d, table)
        if errors or v:
            print("self-test: the clean tree was refused:", errors + v)
            ok = False
        for rel, (text, reason) in bad.items():
            write(rel, text)
            v, _ = check(d, table)
            os.remove(os.path.join(d, rel))
            if not any(rel in x and reason in x for x in v):
                print(f"self-test: {rel} ({reason}) was not reported: {v}")
                ok = False
    print("layering self-test:", "ok" if ok else "FAILED")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--rules", default=os.path.join(os.path.dirname(__file__), "layers.txt"))
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    return run(os.path.normpath(a.root), a.rules)


if __name__ == "__main__":
    sys.exit(main())
