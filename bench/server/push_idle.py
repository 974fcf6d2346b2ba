#!/usr/bin/env python3
"""Holds N idle long-poll push connections to a suture-server, reports the
server's memory per held connection, then ramps a release and measures that
exactly the eligible connections are woken, and how fast.

Half of the devices report region CN (the bench releases' rules match), half
FR (no match). The bench release for BASE is at 50%; ramping it to 100% must
wake every CN device (their decision becomes `patch`) and no FR device.
(CN devices already inside the 50% were eligible before the ramp too: they
are woken as well, since they have not installed the patch.)

MODE `wait` holds long-polls (POST .../push/wait), `stream` holds
server-sent-event streams (POST .../push/stream). URL is
where the connections go; ADMIN_URL the main API (ramp, /metrics). After the
wake-up every connection is closed and the server's held-waiter gauge is read
1 s later: the device listener frees a slot as soon as its peer hangs up (the
cpprestsdk main port cannot see hang-ups: its slots wait for their timeout).

usage: push_idle.py URL APP APP_KEY BASE SERVER_PID N ADMIN_TOKEN RELEASE_ID
                    [MODE=wait] [ADMIN_URL=URL] [LABEL=push_idle]
Prints one JSON line.
"""
import asyncio
import json
import sys
import time
import urllib.request


def proc_status(pid, field):
    """An integer field of /proc/PID/status (VmRSS in KiB, Threads), 0 if absent."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_kib(pid):
    return proc_status(pid, "VmRSS")


def threads(pid):
    return proc_status(pid, "Threads")


def waiters_gauge(admin):
    with urllib.request.urlopen(f"{admin}/metrics") as m:
        waiters = [l for l in m.read().decode().splitlines() if l.startswith("suture_push_waiters ")]
    return int(float(waiters[0].split()[1])) if waiters else -1


async def main():
    url, app, app_key, base, pid, n, token, release = sys.argv[1:9]
    mode = sys.argv[9] if len(sys.argv) > 9 else "wait"
    admin = sys.argv[10] if len(sys.argv) > 10 else url
    label = sys.argv[11] if len(sys.argv) > 11 else "push_idle"
    route = "push/wait?timeout=120" if mode == "wait" else "push/stream"
    n, pid = int(n), int(pid)
    host, port = url.replace("http://", "").split(":")
    port = int(port)
    before = rss_kib(pid)
    errors = 0

    async def one(i):
        nonlocal errors
        region = "CN" if i % 2 == 0 else "FR"
        try:
            r, w = await asyncio.open_connection(host, port)
        except OSError:
            errors += 1
            return None
        body = json.dumps({"device_id": f"idle-{i}", "base_fingerprint": base, "os": "android",
                           "sdk": 33, "region": region}).encode()
        w.write((f"POST /v1/apps/{app}/{route} HTTP/1.1\r\n"
                 f"Host: {host}\r\nX-Suture-App-Key: {app_key}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                 ).encode() + body)
        await w.drain()
        return (i, region, r, w)

    t0 = time.time()
    conns = []
    for start in range(0, n, 500):
        res = await asyncio.gather(*(one(i) for i in range(start, min(n, start + 500))))
        conns.extend(c for c in res if c)
    await asyncio.sleep(5)
    open_s = time.time() - t0
    held = rss_kib(pid)
    held_by_server = waiters_gauge(admin)

    async def answer(c):
        i, region, r, w = c
        # Headers and body may arrive in separate reads (a loaded machine):
        # read until the whole Content-Length body is in, or EOF.
        async def whole_response():
            data = b""
            while True:
                chunk = await r.read(4096)
                if not chunk:
                    return data
                data += chunk
                head, sep, body = data.partition(b"\r\n\r\n")
                if not sep:
                    continue
                length = None
                for line in head.split(b"\r\n")[1:]:
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v.strip())
                if length is not None and len(body) >= length:
                    return data
        async def first_event():
            # Skips the "ready" event and heartbeats; returns the next event's name.
            data = b""
            while True:
                chunk = await r.read(4096)
                if not chunk:
                    return None
                data += chunk
                for line in data.split(b"\n"):
                    if line.startswith(b"event:") and line[6:].strip() not in (b"ready", b""):
                        return line[6:].strip().decode()
        if mode == "stream":
            try:
                return (region, await asyncio.wait_for(first_event(), timeout=30))
            except asyncio.TimeoutError:
                return (region, None)
        try:
            data = await asyncio.wait_for(whole_response(), timeout=30)
        except asyncio.TimeoutError:
            return (region, None)
        text = data.decode(errors="replace")
        if "\r\n\r\n" not in text:
            return (region, "?")
        try:
            return (region, json.loads(text[text.index("\r\n\r\n") + 4:]).get("event"))
        except ValueError:
            return (region, "?")

    req = urllib.request.Request(
        f"{admin}/v1/apps/{app}/releases/{release}/ramp", data=json.dumps({"percent": 100}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, method="POST")
    # Waiting for answers starts before the ramp, so wake-up latency is measured.
    cn_tasks = [asyncio.ensure_future(answer(c)) for c in conns if c[1] == "CN"]
    fr_tasks = [asyncio.ensure_future(answer(c)) for c in conns if c[1] == "FR"]
    t1 = time.time()
    await asyncio.get_event_loop().run_in_executor(None, lambda: urllib.request.urlopen(req).read())
    done, pending = await asyncio.wait(cn_tasks, timeout=30)
    wake_s = time.time() - t1
    fr_done, fr_pending = await asyncio.wait(fr_tasks, timeout=1)
    results = [t.result() for t in list(done) + list(fr_done)]
    for t in list(pending) + list(fr_pending):
        t.cancel()
    woken_cn = sum(1 for reg, ev in results if reg == "CN" and ev == "release")
    woken_fr = sum(1 for reg, ev in results if reg == "FR" and ev == "release")
    cn_total = sum(1 for c in conns if c[1] == "CN")
    for c in conns:
        c[3].close()
    await asyncio.sleep(1)
    after_close = waiters_gauge(admin)
    print(json.dumps({
        "bench": label, "mode": mode, "connections_requested": n, "connections_open": len(conns),
        "held_by_server": held_by_server, "connect_errors": errors,
        "server_threads": threads(pid),
        "server_rss_before_kib": before, "server_rss_held_kib": held,
        "bytes_per_connection": round((held - before) * 1024 / max(1, len(conns))),
        "open_seconds": round(open_s, 2),
        "eligible_cn": cn_total, "woken_cn": woken_cn, "woken_fr_must_be_0": woken_fr,
        "wake_all_eligible_seconds": round(wake_s, 2),
        "held_by_server_1s_after_close": after_close}), flush=True)


asyncio.run(main())
