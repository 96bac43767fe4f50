#!/usr/bin/env bash
# The whole test suite: what CI runs (.ci/run) and what README.md calls "run every test".
# Installs what it needs on a fresh machine (Python venv, npm packages, Debian's chromium) and
# fails loudly when something cannot be installed. No suite is skipped.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
step() { printf '\n==> %s\n' "$*"; }

if ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
  step "installing rustfmt and clippy"
  rustup component add rustfmt clippy
fi

step "rustfmt"
cargo fmt --check
step "clippy"
cargo clippy --all-targets --locked -- -D warnings
step "cargo test (unit, Rust SDK, wire, model coverage, properties)"
cargo test --locked
step "release build"
cargo build --release --locked --bins
export PINPOINT_LOCAL_BIN="$repo/target/release/pinpoint-local"
step "Dockerfile and workflow linters"
bash tests/lint/run.sh
step "boto3 and AWS CLI suites"
bash tests/python/run.sh
step "JavaScript SDK v3 suites (Node, headless Chromium, Amplify)"
bash tests/js/run.sh
step "all suites passed"
