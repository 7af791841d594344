#!/usr/bin/env bash
# The app's start-up figures (docs/benchmarks.md): cold start to the unlock screen, unlock to home
# with 50 documents, beside `eid wallet list` as the peer; release binaries, real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
npm --prefix ui run build
cargo build --release --locked -p eid-app -p eid-cli
export EID_E2E_PROFILE=release
# The kernel keyring, as in the figures so far: the benchmark is the app against the CLI peer on
# the same store, not the keystore.
export EID_KEYSTORE=keyutils
exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  keyctl session - .venv/bin/python bench/app_startup.py
