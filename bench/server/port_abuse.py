#!/usr/bin/env python3
"""Issue 16 rows 1 and 5 against a running suture-server: what a huge body
and a slowloris connection cost each port.

  port_abuse.py body URL SERVER_PID [LENGTH=1500000000] [PATH=/nope] [MAX_S=30]
      Sends "POST PATH" with Content-Length LENGTH and streams zeros as fast
      as the server takes them, until the server answers or closes, LENGTH
      bytes are sent, or MAX_S seconds pass. Samples the server's VmRSS every
      50 ms. Prints one JSON line: status (0 = none), seconds to the answer,
      bytes sent before it, bytes sent in all, peak RSS (MiB, sampled; also
      VmHWM, the process's lifetime high-water mark). With SUTURE_TOKEN set
      the request carries "Authorization: Bearer $SUTURE_TOKEN".
  port_abuse.py slowloris URL [MAX_S=30] [INTERVAL_S=1]
      Sends a request head one byte every INTERVAL_S seconds; prints how long
      the connection lived (capped at MAX_S: "open" true when still open).

Run against a throw-away server (it is left running).
"""
import json
import os
import socket
import sys
import threading
import time


def proc_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def host_port(url):
    hp = url.split("//", 1)[1].rstrip("/")
    host, port = hp.rsplit(":", 1)
    return host, int(port)


def body(url, pid, length=1500000000, path="/nope", max_s=30.0):
    s = socket.create_connection(host_port(url))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    auth = f"Authorization: Bearer {os.environ['SUTURE_TOKEN']}\r\n" \
        if os.environ.get("SUTURE_TOKEN") else ""
    head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{auth}"
            f"Content-Length: {length}\r\n\r\n").encode()
    s.sendall(head)
    start = time.monotonic()
    state = {"answer_at": None, "sent_at_answer": None, "status": 0, "data": b""}
    sent = [0]
    stop = threading.Event()
    peak = [proc_kib(pid, "VmRSS")]

    def reader():
        while not stop.is_set():
            try:
                d = s.recv(65536)
            except OSError:
                break
            if not d:
                break
            if state["answer_at"] is None:
                state["answer_at"] = time.monotonic() - start
                state["sent_at_answer"] = sent[0]
            state["data"] += d
        stop.set()

    def sampler():
        while not stop.is_set():
            peak[0] = max(peak[0], proc_kib(pid, "VmRSS"))
            time.sleep(0.05)

    threads = [threading.Thread(target=reader), threading.Thread(target=sampler)]
    for t in threads:
        t.start()
    chunk = b"\0" * (1 << 20)
    s.settimeout(0.5)
    while sent[0] < length and not stop.is_set() and time.monotonic() - start < max_s:
        try:
            n = s.send(chunk[: min(len(chunk), length - sent[0])])
        except socket.timeout:
            continue
        except OSError:
            break
        sent[0] += n
    # Give the answer (if it comes after the last byte) a moment.
    t_end = time.monotonic() + 5
    while state["answer_at"] is None and time.monotonic() < t_end and not stop.is_set():
        time.sleep(0.05)
    stop.set()
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()
    for t in threads:
        t.join()
    line = state["data"].split(b"\r\n", 1)[0].decode(errors="replace")
    if line.startswith("HTTP/1."):
        state["status"] = int(line.split()[1])
    return {"mode": "body", "url": url, "path": path, "length": length,
            "status": state["status"], "answer_s": state["answer_at"],
            "sent_before_answer": state["sent_at_answer"], "sent_total": sent[0],
            "elapsed_s": round(time.monotonic() - start, 2),
            "peak_rss_mib": round(peak[0] / 1024, 1),
            "vm_hwm_mib": round(proc_kib(pid, "VmHWM") / 1024, 1)}


def slowloris(url, max_s=30.0, interval_s=1.0):
    s = socket.create_connection(host_port(url))
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4096
    start = time.monotonic()
    i = 0
    s.settimeout(interval_s)
    closed = False
    while time.monotonic() - start < max_s:
        try:
            s.send(head[i:i + 1])
            i += 1
            d = s.recv(4096)  # waits up to interval_s
            if not d:
                closed = True
                break
        except socket.timeout:
            continue
        except OSError:
            closed = True
            break
    lived = time.monotonic() - start
    s.close()
    return {"mode": "slowloris", "url": url, "lived_s": round(lived, 1), "open": not closed,
            "bytes_sent": i}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("body", "slowloris"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[1] == "body":
        a = sys.argv[2:]
        r = body(a[0], int(a[1]), int(a[2]) if len(a) > 2 else 1500000000,
                 a[3] if len(a) > 3 else "/nope", float(a[4]) if len(a) > 4 else 30.0)
    else:
        a = sys.argv[2:]
        r = slowloris(a[0], float(a[1]) if len(a) > 1 else 30.0,
                      float(a[2]) if len(a) > 2 else 1.0)
    print(json.dumps(r))


if __name__ == "__main__":
    main()
