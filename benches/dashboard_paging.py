#!/usr/bin/env python3
"""The dashboard's JSON routes over an app of 100,000 endpoints (stdlib only).

    cargo build --release && python3 benches/dashboard_paging.py [target/release/pinpoint-local]

Starts the binary on a free port, loads 100,000 endpoints (two per user, a third of them in a
segment) with UpdateEndpointsBatch, then times each route the dashboard pages through: the
median of 5 calls, in milliseconds. Figures are in benches/README.md ("Dashboard").
"""

import concurrent.futures
import json
import subprocess
import sys
import time
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/pinpoint-local"
N = 100_000


def main():
    proc = subprocess.Popen([BIN, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = proc.stdout.readline().strip().removeprefix("listening on ")
    try:
        run(base)
    finally:
        proc.terminate()
        proc.wait()


def run(base):
    def call(method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(urllib.request.Request(base + path, data=data, method=method)) as r:
            return r.read()

    def batch(k):
        items = [{"Id": f"ep-{i}", "ChannelType": "EMAIL", "Address": f"u{i}@example.com",
                  "User": {"UserId": f"user-{i // 2}"}, "Attributes": {"Plan": ["gold" if i % 3 == 0 else "free"]}}
                 for i in range(k * 100, (k + 1) * 100)]
        call("PUT", "/v1/apps/big/endpoints", {"Item": items})

    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        list(ex.map(batch, range(N // 100)))
    print(f"loaded {N} endpoints in {time.time() - started:.1f} s")
    call("POST", "/v1/apps/big/segments", {"Name": "gold", "Dimensions": {"Attributes": {"Plan": {"Values": ["gold"]}}}})
    token = json.loads(call("GET", "/_pinpoint/endpoints?application-id=big&page-size=50"))["NextToken"]
    for path in [
        "/_pinpoint/apps",
        "/_pinpoint/endpoints?application-id=big&page-size=50",
        f"/_pinpoint/endpoints?application-id=big&page-size=50&token={token}",
        "/_pinpoint/endpoints?application-id=big&q=u99999@&page-size=50",
        "/_pinpoint/users?application-id=big&page-size=50",
        "/_pinpoint/segment-counts?application-id=big",
        "/_pinpoint/endpoint?application-id=big&endpoint-id=ep-5000",
    ]:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            call("GET", path)
            times.append((time.perf_counter() - t) * 1000)
        print(f"{sorted(times)[2]:8.1f} ms  {path}")


if __name__ == "__main__":
    main()
