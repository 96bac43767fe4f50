#!/usr/bin/env bash
# The load benchmark, as documented in benches/README.md: builds in release mode, installs moto's
# server mode in a venv for the peer comparison, runs `cargo bench --bench load`, prints the
# table and writes the JSON (target/bench-load.json, or the path given with --out).
#   bash benches/run.sh [--peer fakecloud=PATH] [--out FILE] [--only PARTS]
# --peer drives another emulator with the same requests in the same rounds (benches/README.md
# says how to build fakecloud); --only takes the parts, comma-separated (throughput, scale,
# startup, peer, messaging, jobs).
# Not part of the test command: it takes a few minutes and about 6 GB of memory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
out="$repo/target/bench-load.json"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --peer|--only) [ $# -ge 2 ] || { echo "benches/run.sh: $1 needs a value" >&2; exit 2; }
      extra+=("$1" "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "benches/run.sh: --out needs a path" >&2; exit 2; }
      out="$2"; shift 2 ;;
    *) echo "benches/run.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
  esac
done
venv="${PINPOINT_BENCH_VENV:-$repo/target/bench-venv}"
if [ ! -x "$venv/bin/moto_server" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'moto[server]==5.2.5' \
    || { echo "benches/run.sh: cannot install moto[server] from PyPI" >&2; exit 1; }
fi
cargo bench --locked --bench load -- --moto "$venv/bin/moto_server" --out "$out" ${extra[@]+"${extra[@]}"}
