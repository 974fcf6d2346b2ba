#!/usr/bin/env python3
"""Archive-diff benchmark: Suture vs Debian's bsdiff/bspatch, zstd --patch-from, xdelta3.

Fetches real APK release pairs from the npm registry at run time
(appium-uiautomator2-server: consecutive versions), then for the whole APK and
for every changed entry measures patch size, diff time, apply time and apply
peak RSS for each tool, in the same run. Prints one JSON object per line
(machine-readable) and a markdown summary with ratios to bsdiff.

Usage: bench/archive/bench_apk.py [--suture PATH] [--pairs A:B,B:C] [--work DIR] [--quick]
"""
import argparse, hashlib, json, os, statistics, subprocess, sys, tempfile, time, zipfile

DEFAULT_PAIRS = "10.6.0:10.6.2,10.6.2:10.6.4,10.6.4:10.6.6"
PKG = "appium-uiautomator2-server"


def run_timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (seconds, peak_rss_kb)."""
    t = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True, **kw)
    if t.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {t.stderr[-500:]}")
    last = t.stderr.strip().splitlines()[-1].split()
    return float(last[0]), int(last[1])


def fetch_apk(version, cache):
    d = os.path.join(cache, version)
    apk = os.path.join(d, "package", "apks", f"{PKG}-v{version}.apk")
    if not os.path.exists(apk):
        os.makedirs(d, exist_ok=True)
        subprocess.run(["npm", "pack", f"{PKG}@{version}", "--silent"], cwd=d, check=True,
                       capture_output=True)
        tgz = [f for f in os.listdir(d) if f.endswith(".tgz")][0]
        subprocess.run(["tar", "xzf", tgz], cwd=d, check=True)
        os.remove(os.path.join(d, tgz))
    return apk


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tools(suture):
    """name -> (diff argv builder, apply argv builder); all produce byte-identical output files."""
    return {
        "suture": (lambda o, n, p: [suture, "diff", "-q", o, n, "-o", p],
                   lambda o, p, out: [suture, "apply", o, p, "-o", out]),
        # The generic engine alone (DEX-aware engine off): the issue-3 engine.
        "suture-generic": (lambda o, n, p: [suture, "diff", "-q", "--no-dex", o, n, "-o", p],
                           lambda o, p, out: [suture, "apply", o, p, "-o", out]),
        "bsdiff": (lambda o, n, p: ["bsdiff", o, n, p],
                   lambda o, p, out: ["bspatch", o, out, p]),
        "zstd": (lambda o, n, p: ["zstd", "-q", "-f", "-19", "--long=27", "--patch-from=" + o, n, "-o", p],
                 lambda o, p, out: ["zstd", "-q", "-f", "-d", "--long=27", "--patch-from=" + o, p, "-o", out]),
        "xdelta3": (lambda o, n, p: ["xdelta3", "-f", "-e", "-9", "-B", str(1 << 30), "-s", o, n, p],
                    lambda o, p, out: ["xdelta3", "-f", "-d", "-B", str(1 << 30), "-s", o, p, out]),
    }


def run_cpu(cmd):
    """Runs cmd; returns (wall seconds, user+sys CPU seconds of the child)."""
    t0 = time.monotonic()
    before = os.times()
    subprocess.run(cmd, check=True, capture_output=True)
    after = os.times()
    return time.monotonic() - t0, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def entry_costs(suture, old_apk, new_apk, work):
    """Per-member payload bytes inside Suture's whole-APK patch (what a member really costs)."""
    p = os.path.join(work, "apk.patch")
    subprocess.run([suture, "diff", "-q", old_apk, new_apk, "-o", p], check=True)
    j = json.loads(subprocess.run([suture, "inspect", "--json", p], check=True, capture_output=True, text=True).stdout)
    os.remove(p)
    return {e["path"]: e.get("patch_bytes", 0) for e in j["entries"] if e["path"]}


def bench_plain_throughput(suture, work, seed_file):
    """Apply speed on a 64 MiB plain file pair with scattered edits, one core."""
    import random
    base = open(seed_file, "rb").read()
    old = bytearray((base * (64 * 2**20 // len(base) + 1))[: 64 * 2**20])
    rng = random.Random(7)
    new = bytearray(old)
    for _ in range(2000):
        i = rng.randrange(len(new) - 16)
        new[i:i + 8] = rng.randbytes(8)
    of, nf = os.path.join(work, "big.old"), os.path.join(work, "big.new")
    open(of, "wb").write(old)
    open(nf, "wb").write(new)
    rows = []
    for name, d, a in (("suture", [suture, "diff", "-q", "--threads", "1", of, nf, "-o"], [suture, "apply", of]),
                       ("bsdiff", ["bsdiff", of, nf], None)):
        p = os.path.join(work, name + ".big.patch")
        out = os.path.join(work, name + ".big.out")
        run_cpu(d + [p])
        walls, cpus = [], []
        for _ in range(3):
            if os.path.exists(out):
                os.remove(out)
            cmd = a + [p, "-o", out] if a else ["bspatch", of, out, p]
            w, c = run_cpu(["taskset", "-c", "0"] + cmd)
            walls.append(w)
            cpus.append(c)
        assert sha(out) == sha(nf)
        mb = len(new) / 2**20
        r = {"tool": name, "plain_throughput": True, "size": len(new), "patch_bytes": os.path.getsize(p),
             "apply_wall_s_median": statistics.median(walls), "apply_cpu_s_median": statistics.median(cpus),
             "apply_mb_per_s_wall": mb / statistics.median(walls), "apply_mb_per_s_cpu": mb / statistics.median(cpus)}
        print(json.dumps(r), flush=True)
        rows.append(r)
        os.remove(p)
        os.remove(out)
    os.remove(of)
    os.remove(nf)
    return rows


def measure(name, diff_cmd, apply_cmd, old, new, work, full_archive=False, suture=None):
    p = os.path.join(work, f"{name}.patch")
    out = os.path.join(work, f"{name}.out")
    dt, drss = run_timed(diff_cmd(old, new, p))
    if full_archive:
        apply = [suture, "apply", old, p, "--full-archive", out]
    else:
        apply = apply_cmd(old, p, out)
    if os.path.exists(out):
        os.remove(out)
    at, arss = run_timed(apply)
    ok = full_archive or sha(out) == sha(new)
    r = {"tool": name, "patch_bytes": os.path.getsize(p), "diff_s": dt, "diff_rss_kb": drss,
         "apply_s": at, "apply_rss_kb": arss, "exact": ok}
    for f in (p, out):
        if os.path.exists(f):
            os.remove(f)
    return r


def bench_pair(a, b, cache, suture, work, quick):
    old_apk, new_apk = fetch_apk(a, cache), fetch_apk(b, cache)
    ts = tools(suture)
    rows = []
    # Whole APK. Suture's apply writes a full archive (content-identical members).
    whole = {}
    costs = entry_costs(suture, old_apk, new_apk, work)
    for name, (dc, ac) in ts.items():
        if name == "suture-generic":
            continue
        if quick and name not in ("suture", "bsdiff"):
            continue
        whole[name] = measure(name, dc, ac, old_apk, new_apk, work, full_archive=(name == "suture"), suture=suture)
        whole[name].update(pair=f"{a}->{b}", entry="(whole apk)", size=os.path.getsize(new_apk))
        rows.append(whole[name])
        print(json.dumps(whole[name]), flush=True)
    # Changed entries, diffed as plain files.
    zo, zn = zipfile.ZipFile(old_apk), zipfile.ZipFile(new_apk)
    old_names = set(zo.namelist())
    for info in zn.infolist():
        if info.filename not in old_names or info.is_dir():
            continue
        od, nd = zo.read(info.filename), zn.read(info.filename)
        if od == nd:
            continue
        of, nf = os.path.join(work, "old.entry"), os.path.join(work, "new.entry")
        open(of, "wb").write(od)
        open(nf, "wb").write(nd)
        for name, (dc, ac) in ts.items():
            if quick and name not in ("suture", "bsdiff"):
                continue
            r = measure(name, dc, ac, of, nf, work)
            r.update(pair=f"{a}->{b}", entry=info.filename, size=len(nd))
            if name == "suture":
                # Standalone bundle (fixed ~300 B of header, manifest and digests) vs the
                # member's real cost inside the APK patch.
                r["standalone_bytes"] = r["patch_bytes"]
                r["patch_bytes"] = costs.get(info.filename, r["patch_bytes"])
            rows.append(r)
            print(json.dumps(r), flush=True)
    return rows


def summarize(rows):
    lines = ["| pair | entry | new size | tool | patch bytes | ×bsdiff | diff s | apply s | apply RSS MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    key = lambda r: (r["pair"], r["entry"])
    by = {}
    for r in rows:
        by.setdefault(key(r), {})[r["tool"]] = r
    entry_ratios, whole_s, whole_b = [], 0, 0
    rows = [r for r in rows if not r.get("plain_throughput")]
    for (pair, entry), tr in by.items():
        bs = tr.get("bsdiff")
        for tool, r in tr.items():
            ratio = r["patch_bytes"] / bs["patch_bytes"] if bs and bs["patch_bytes"] else float("nan")
            lines.append(f"| {pair} | {entry} | {r['size']} | {tool} | {r['patch_bytes']} | {ratio:.3f} | "
                         f"{r['diff_s']:.2f} | {r['apply_s']:.2f} | {r['apply_rss_kb']/1024:.1f} |")
        if bs and "suture" in tr:
            if entry == "(whole apk)":
                whole_s += tr["suture"]["patch_bytes"]
                whole_b += bs["patch_bytes"]
            else:
                entry_ratios.append(tr["suture"]["patch_bytes"] / bs["patch_bytes"])
    lines.append("")
    if whole_b:
        lines.append(f"whole-APK patch bytes, sum over pairs: suture {whole_s}, bsdiff {whole_b}, "
                     f"ratio {whole_s / whole_b:.3f}")
    if entry_ratios:
        lines.append(f"changed entries: {len(entry_ratios)}, median suture/bsdiff {statistics.median(entry_ratios):.3f}, "
                     f"max {max(entry_ratios):.3f}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--suture", default=os.path.join(here, "..", "..", "build", "diff-engine", "src", "cli", "suture"))
    ap.add_argument("--pairs", default=DEFAULT_PAIRS)
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/suture-bench/apks"))
    ap.add_argument("--quick", action="store_true", help="suture and bsdiff only")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SUTURE_BENCH_TMP")) as work:
        for pair in args.pairs.split(","):
            a, b = pair.split(":")
            rows += bench_pair(a, b, args.cache, os.path.abspath(args.suture), work, args.quick)
        last = args.pairs.split(",")[-1].split(":")[1]
        seed = os.path.join(work, "seed.dex")
        open(seed, "wb").write(zipfile.ZipFile(fetch_apk(last, args.cache)).read("classes.dex"))
        thr = bench_plain_throughput(os.path.abspath(args.suture), work, seed)
    print(summarize(rows))
    for r in thr:
        print(f"plain 64 MiB apply, one core ({r['tool']}): {r['apply_mb_per_s_wall']:.0f} MB/s wall, "
              f"{r['apply_mb_per_s_cpu']:.0f} MB/s per CPU-second, patch {r['patch_bytes']} B")


if __name__ == "__main__":
    main()
