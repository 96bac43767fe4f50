#!/usr/bin/env bash
# The load benchmark, as documented in benches/README.md: builds in release mode, installs moto's
# server mode in a venv for the peer comparison, runs `cargo bench --bench load`, prints the
# table and writes the JSON (target/bench-load.json, or the path given as $1).
# Not part of the test command: it takes a few minutes and about 6 GB of memory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
venv="${PINPOINT_BENCH_VENV:-$repo/target/bench-venv}"
if [ ! -x "$venv/bin/moto_server" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'moto[server]==5.2.5' \
    || { echo "benches/run.sh: cannot install moto[server] from PyPI" >&2; exit 1; }
fi
out="${1:-$repo/target/bench-load.json}"
cargo bench --locked --bench load -- --moto "$venv/bin/moto_server" --out "$out"
