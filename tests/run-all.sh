#!/usr/bin/env bash
# The whole test suite: what CI runs (.ci/run) and what README.md calls "run every test".
#
#   bash tests/run-all.sh           every stage, in order: lint, rust, clients
#   bash tests/run-all.sh lint      rustfmt, clippy, the Dockerfile and workflow linters
#   bash tests/run-all.sh rust      cargo test: store rules, wire, golden files, Rust SDK
#   bash tests/run-all.sh clients   the binary (debug build, which `rust` has already made), then
#                                   the boto3/AWS CLI and JS SDK v3 suites
#
# Installs what it needs on a fresh machine (Python venv, npm packages, Debian's chromium) and
# fails loudly when something cannot be installed. No suite is skipped.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
step() { printf '\n==> %s\n' "$*"; }

stage_lint() {
  if ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
    step "installing rustfmt and clippy"
    rustup component add rustfmt clippy
  fi
  step "rustfmt"
  cargo fmt --check
  step "clippy"
  cargo clippy --all-targets --locked -- -D warnings
  step "Dockerfile and workflow linters"
  bash tests/lint/run.sh
}

stage_rust() {
  step "cargo test (store rules, wire and golden files, Rust SDK, model coverage, properties)"
  cargo test --locked
}

stage_clients() {
  # The suites test behaviour, not speed: the debug binary `cargo test` already built is enough,
  # and skipping a release build keeps the whole run well inside CI's time budget.
  step "build the binary"
  cargo build --locked --bins
  export PINPOINT_LOCAL_BIN="$repo/target/debug/pinpoint-local"
  step "boto3 and AWS CLI suites"
  bash tests/python/run.sh
  step "JavaScript SDK v3 suites (Node, headless Chromium, Amplify)"
  bash tests/js/run.sh
}

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(lint rust clients)
for stage in "${stages[@]}"; do
  case "$stage" in
    lint | rust | clients) "stage_$stage" ;;
    *)
      echo "run-all.sh: unknown stage '$stage' (lint, rust or clients)" >&2
      exit 2
      ;;
  esac
done
step "passed: ${stages[*]}"
