#!/usr/bin/env bash
# Runs the AWS SDK for JavaScript v3 suites against pinpoint-local:
#   node.test.mjs     – @aws-sdk/client-pinpoint in Node
#   operations.test.mjs – every operation of the model through @aws-sdk/client-pinpoint in Node
#   messages.test.mjs – SendMessages / SendUsersMessages results as the SDK reads them, in Node
#   clock.test.mjs    – the test clock: a server started frozen, a campaign run by an advance
#   journeys.test.mjs – a journey run by advances of a frozen clock, read back through the SDK
#   browser.test.mjs  – the same SDK bundled into a page, in headless Chromium, cross-origin
#   amplify.test.mjs  – aws-amplify v6 Analytics in headless Chromium (routed to the emulator)
#   dashboard.test.mjs – the /_pinpoint/ui/ dashboard in headless Chromium (screenshots in artifacts/)
# Env: PINPOINT_LOCAL_BIN (default: <repo>/target/release/pinpoint-local),
#      CHROMIUM_PATH (default: /usr/bin/chromium).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

bin="${PINPOINT_LOCAL_BIN:-$repo/target/release/pinpoint-local}"
if [[ ! -x "$bin" ]]; then
  echo "error: pinpoint-local binary not found (or not executable) at $bin" >&2
  echo "       build it first with 'cargo build --release' in $repo, or set PINPOINT_LOCAL_BIN" >&2
  exit 1
fi
export PINPOINT_LOCAL_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node and npm are required (Node.js 20 or newer)" >&2
  exit 1
fi

echo "==> npm ci (tests/js)"
npm ci --no-audit --no-fund --loglevel=error

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ "$chromium" != /usr/bin/chromium ]]; then
    echo "error: CHROMIUM_PATH=$chromium is not an executable" >&2
    exit 1
  fi
  echo "==> $chromium missing: installing Debian's chromium package"
  if [[ "$(id -u)" != 0 ]]; then
    echo "error: /usr/bin/chromium is missing and installing it needs root:" >&2
    echo "       run 'apt-get update && apt-get install -y chromium' as root, then re-run" >&2
    exit 1
  fi
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "error: 'apt-get install chromium' failed; the browser suite cannot run" >&2
    exit 1
  fi
  if [[ ! -x "$chromium" ]]; then
    echo "error: chromium was installed but $chromium still does not exist" >&2
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium"

echo "==> bundling the browser pages (esbuild)"
node build.mjs

echo "==> node --test (binary: $PINPOINT_LOCAL_BIN)"
exec node --test --test-reporter=spec node.test.mjs operations.test.mjs messages.test.mjs clock.test.mjs journeys.test.mjs browser.test.mjs amplify.test.mjs dashboard.test.mjs
