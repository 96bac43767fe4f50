#!/usr/bin/env bash
# Runs the boto3 and AWS CLI (v1) conformance suites against pinpoint-local.
#   PINPOINT_VENV      venv to create or reuse (default: <repo>/.venv)
#   PINPOINT_LOCAL_BIN the binary under test (default: <repo>/target/release/pinpoint-local)
# Extra arguments go to pytest, e.g. `bash tests/python/run.sh -k events -x`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${PINPOINT_VENV:-$repo/.venv}"

bin="${PINPOINT_LOCAL_BIN:-$repo/target/release/pinpoint-local}"
if [[ ! -f "$bin" || ! -x "$bin" ]]; then
  echo "error: pinpoint-local binary not found (or not executable) at $bin" >&2
  echo "       build it first with 'cargo build --release' in $repo, or set PINPOINT_LOCAL_BIN" >&2
  exit 1
fi
export PINPOINT_LOCAL_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "==> creating the Python venv at $venv"
  python_bin="$(command -v python3 || command -v python || true)"
  if [[ -z "$python_bin" ]]; then
    echo "error: python3 is required to create $venv" >&2
    exit 1
  fi
  if ! "$python_bin" -m venv "$venv"; then
    echo "error: could not create the venv at $venv ('$python_bin -m venv' failed;" >&2
    echo "       on Debian/Ubuntu install the python3-venv package)" >&2
    exit 1
  fi
fi

echo "==> installing tests/python/requirements.txt into $venv"
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$here/requirements.txt"; then
  echo "error: installing tests/python/requirements.txt into $venv failed" >&2
  exit 1
fi

export PYTHONDONTWRITEBYTECODE=1
cd "$repo"
echo "==> pytest tests/python (binary: $PINPOINT_LOCAL_BIN)"
rc=0
"$venv/bin/python" -m pytest tests/python -q "$@" || rc=$?
if [[ $rc -eq 5 ]]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
