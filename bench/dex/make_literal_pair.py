#!/usr/bin/env python3
"""make_literal_pair.py OLD.dex NEW.dex

A pure one-literal DEX pair, as a compiler would emit it: the 16-bit literal
of the first `const/16` that `dexdump -d` lists gets the value 0x1234 (or
0x4321 when it already is 0x1234), and the header's signature (SHA-1 of bytes
32..) and checksum (Adler-32 of bytes 12..) are recomputed. Unlike the
smali-assembled `literal` pairs of scripts/dex-testpairs.sh, nothing else in
the file moves. Exit 1 when no const/16 is found.
"""
import hashlib
import re
import struct
import subprocess
import sys
import zlib


def main():
    old, new = sys.argv[1], sys.argv[2]
    proc = subprocess.Popen(["dexdump", "-d", old], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    off = None
    for line in proc.stdout:
        m = re.match(r"([0-9a-f]{6,8}): 13[0-9a-f]{2} [0-9a-f]{4} .*const/16 ", line)
        if m:
            off = int(m.group(1), 16)
            break
    proc.kill()
    proc.wait()
    if off is None:
        print(f"{old}: no const/16 found", file=sys.stderr)
        return 1
    b = bytearray(open(old, "rb").read())
    if b[off] != 0x13:
        print(f"{old}: offset {off:#x} is not const/16", file=sys.stderr)
        return 1
    val = 0x4321 if struct.unpack_from("<H", b, off + 2)[0] == 0x1234 else 0x1234
    struct.pack_into("<H", b, off + 2, val)
    b[12:32] = hashlib.sha1(b[32:]).digest()
    struct.pack_into("<I", b, 8, zlib.adler32(bytes(b[12:])) & 0xFFFFFFFF)
    with open(new, "wb") as f:
        f.write(b)
    print(f"{new}: literal at {off:#x} -> {val:#x}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
