#!/usr/bin/env bash
# CPU time per request of one throughput case, for the emulator, the ceiling and the load
# generator, read from /proc while the case runs. The ratio to the ceiling moves by a few
# hundredths from run to run on a shared 2-core machine; CPU per request moves much less, so it
# shows which side a change moved (benches/README.md, "UpdateEndpoint reaches 0.75").
#   bash benches/cpu_per_request.sh [CASE]     (default UpdateEndpoint; any prefix of a case name)
# Uses the release build of the load benchmark: build it first with
#   cargo build --release --locked --benches
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
case_name="${1:-UpdateEndpoint}"
target="${CARGO_TARGET_DIR:-$repo/target}/release"
load="$(ls -t "$target"/deps/load-* 2>/dev/null | grep -v '\.d$' | head -1 || true)"
[ -x "$target/pinpoint-local" ] && [ -n "$load" ] \
  || { echo "cpu_per_request.sh: build the release binary and benches first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PINPOINT_BENCH_CASE="$case_name" PINPOINT_BENCH_BIN="$target/pinpoint-local" \
  "$load" --only throughput --out "$work/report.json" > "$work/log" 2>&1 &
bench=$!
ticks() { awk '{print $14, $15}' "/proc/$1/stat" 2>/dev/null || echo "0 0"; }
sleep 0.5
# Every quarter second: the time, then user and system ticks of emulator, ceiling and load.
while kill -0 "$bench" 2>/dev/null; do
  emulator="$(pgrep -n -x pinpoint-local || true)"
  ceiling="$(pgrep -f -- '--serve-ceiling' | head -1 || true)"
  echo "$(date +%s.%N) $(ticks "${emulator:-0}") $(ticks "${ceiling:-0}") $(ticks "$bench")"
  sleep 0.25
done > "$work/ticks"
wait "$bench"
grep -m1 ratio "$work/log"
python3 - "$work/ticks" "$work/report.json" <<'PY'
import json, os, sys
hz = os.sysconf("SC_CLK_TCK")
rows = [[float(x) for x in line.split()] for line in open(sys.argv[1]) if len(line.split()) == 7]
case = json.load(open(sys.argv[2]))["throughput"][0]
# A quarter second belongs to the server that did most of the work in it.
for who, col in (("emulator", 1), ("ceiling", 3)):
    user = system = load = seconds = 0.0
    for a, b in zip(rows, rows[1:]):
        mine = b[col] + b[col + 1] - a[col] - a[col + 1]
        oc = 4 - col
        other = b[oc] + b[oc + 1] - a[oc] - a[oc + 1]
        if mine > 3 * other and mine > 5:
            user += b[col] - a[col]
            system += b[col + 1] - a[col + 1]
            load += b[5] + b[6] - a[5] - a[6]
            seconds += b[0] - a[0]
    rps = case[who]["rps"]
    per = lambda t: t / hz / seconds / rps * 1e6
    print(f"{who:8} {seconds:4.1f} s: {user / hz / seconds:.2f} user + {system / hz / seconds:.2f} "
          f"system cores, load {load / hz / seconds:.2f}; per request user {per(user):.2f} µs, "
          f"system {per(system):.2f} µs, load generator {per(load):.2f} µs")
PY
