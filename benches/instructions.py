#!/usr/bin/env python3
"""Instructions per request of two builds, under valgrind's callgrind.

The throughput ratio moves by a few hundredths from run to run on a shared 2-core machine, and
CPU time per request by a few percent; a difference of 1-2% between two builds is lost in
both. The count of instructions the emulator executes per request is steady to about 0.3%, so
it shows such a difference (benches/README.md, "The GET answers written once").

Each build is started under callgrind, loaded with 1,000 endpoints (500 users) through
UpdateEndpointsBatch, warmed with 200 requests of the case, then its counters are zeroed,
REQUESTS requests are sent on one keep-alive connection and the counters are dumped. Only the
emulator's user-space instructions are counted (all its threads), not the kernel's.

    python3 benches/instructions.py --base OLD_BIN --new NEW_BIN [--case get,users,update,events]
        [--requests 2000]

Needs valgrind (Debian: apt-get install valgrind) and release builds of both binaries. Not part
of the test command: each run takes about 20 s.
"""
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

APP = "0b0e0c0d0a0b4c0d8e0f000000000001"
ENDPOINTS = 1000


def request(method, path, body=""):
    data = body.encode()
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        "X-Amz-Date: 20261123T100000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
        "20261123/us-east-1/mobiletargeting/aws4_request, SignedHeaders=content-type;host;"
        f"x-amz-date, Signature={'0' * 64}\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def endpoint(i):
    """The throughput cases' endpoint (benches/load/cases.rs)."""
    return {
        "ChannelType": "EMAIL", "Address": f"user{i}@example.com",
        "Attributes": {"Interests": ["music", "travel"], "Plan": ["gold" if i % 3 == 0 else "free"]},
        "Demographic": {"AppVersion": "3.2.0", "Locale": "en_US", "Platform": "ios",
                        "Timezone": "America/New_York"},
        "Location": {"City": "Boston", "Country": "USA", "Latitude": 42.36, "Longitude": -71.06},
        "Metrics": {"orders": float(i % 7)},
        "User": {"UserId": f"user-{i % (ENDPOINTS // 2)}", "UserAttributes": {"FirstName": ["Ana"]}},
    }


def events(i):
    ev = {f"{i}-{e}": {"EventType": "_session.start" if e == 0 else "screen_view",
                       "Timestamp": "2026-11-23T10:00:00.000Z",
                       "Attributes": {"screen": "home", "variant": "b"}, "Metrics": {"duration": 1.5},
                       "Session": {"Id": f"s-{i}", "StartTimestamp": "2026-11-23T10:00:00.000Z"}}
          for e in range(10)}
    return json.dumps({"BatchItem": {f"endpoint-{i % ENDPOINTS}": {"Endpoint": {}, "Events": ev}}})


CASES = {
    "get": (200, lambda i: request("GET", f"/v1/apps/{APP}/endpoints/endpoint-{i % ENDPOINTS}")),
    "users": (200, lambda i: request("GET", f"/v1/apps/{APP}/users/user-{i % (ENDPOINTS // 2)}")),
    "update": (202, lambda i: request("PUT", f"/v1/apps/{APP}/endpoints/endpoint-{i % ENDPOINTS}",
                                      json.dumps(endpoint(i % ENDPOINTS)))),
    "events": (202, lambda i: request("POST", f"/v1/apps/{APP}/events", events(i))),
}


class Conn:
    def __init__(self, addr):
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.buf = b""

    def call(self, raw, expect):
        self.sock.sendall(raw)
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        head, rest = self.buf.split(b"\r\n\r\n", 1)
        length = next((int(l.split(b":")[1]) for l in head.split(b"\r\n")
                       if l.lower().startswith(b"content-length:")), 0)
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.buf = rest[length:]
        status = head.split(b" ")[1].decode()
        if status != str(expect):
            sys.exit(f"instructions.py: expected {expect}, got {status}: {rest[:length][:200]}")


def measure(binary, case, n, work):
    expect, make = CASES[case]
    out = os.path.join(work, "cg.%p")
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        addr = server.stdout.readline().decode().strip().removeprefix("listening on http://")
        conn = Conn(addr)
        for b in range(0, ENDPOINTS, 100):
            items = [dict(endpoint(i), Id=f"endpoint-{i}") for i in range(b, b + 100)]
            conn.call(request("PUT", f"/v1/apps/{APP}/endpoints", json.dumps({"Item": items})), 202)
        reqs = [make(i) for i in range(n)]
        for r in reqs[:200]:
            conn.call(r, expect)
        subprocess.run(["callgrind_control", "-z", str(server.pid)], check=True, capture_output=True)
        for r in reqs:
            conn.call(r, expect)
        subprocess.run(["callgrind_control", "-d", str(server.pid)], check=True, capture_output=True)
    finally:
        server.kill()
        server.wait()
    dumps = glob.glob(os.path.join(work, f"cg.{server.pid}.*"))
    total = sum(int(line.split()[1]) for f in dumps for line in open(f, errors="replace")
                if line.startswith("summary:"))
    for f in glob.glob(os.path.join(work, "cg.*")):
        os.remove(f)
    return total / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--case", default="get,users,update,events")
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args()
    if not shutil.which("callgrind_control"):
        sys.exit("instructions.py: needs valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as work:
        print(f"{'case':8} {'base':>10} {'new':>10}  new/base")
        for case in args.case.split(","):
            base = measure(args.base, case, args.requests, work)
            new = measure(args.new, case, args.requests, work)
            print(f"{case:8} {base:10,.0f} {new:10,.0f}  {new / base:.3f}")


if __name__ == "__main__":
    main()
