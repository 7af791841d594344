#!/usr/bin/env bash
# Sets up the machine and runs every check: formatting, the IPC types the UI is built against,
# the UI's type check and tests, clippy with the workspace's lints, the dependencies' licences
# and sources (cargo-deny), no import cycles, all Rust tests, the app's end-to-end suite in a
# real window under Xvfb (tests/e2e), and the officer console and the service desk in Debian's
# Chromium (tests/web).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== IPC types for the UI (ts-rs) are current"
cargo test --locked -p eid-app-ipc
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git diff --exit-code -- ui/src/bindings || {
    echo "ui/src/bindings changed: commit the regenerated IPC types"; exit 1; }
fi
echo "== UI: svelte-check, Vitest, build"
npm --prefix ui run check
npm --prefix ui test
npm --prefix ui run build
echo "== cargo clippy (the lints in Cargo.toml [workspace.lints]: warnings denied)"
cargo clippy --workspace --all-targets --locked
echo "== cargo deny: licences, bans and sources of every dependency (deny.toml)"
cargo deny --locked check licenses bans sources
echo "== the Android and Windows keystores type-check against their stores' real APIs"
# Those targets cannot be built here (no NDK, no Windows target); their stores' crates compile for
# Linux, so this checks our code against them (crates/store/src/keystore/platform.rs).
RUSTFLAGS="--cfg eid_check_foreign_keystores" \
  cargo check --locked -p eid-store --lib --target-dir target/foreign-keystores
echo "== cargo test (the import-cycle check among them: crates/testkit/tests/no_import_cycles.rs)"
cargo test --workspace --locked
echo "== the app, end to end (WebDriver, real window, real portal)"
cargo build --locked -p eid-app -p eid-cli -p eid-portal-server
tests/e2e/run.sh
echo "== the officer console and the service desk in Chromium (tests/web)"
tests/web/run.sh
