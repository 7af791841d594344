#!/usr/bin/env bash
# Sets up the machine and runs the main job: builds in release, runs the counter demo (a sample
# health insurance card is issued, shown as a QR, scanned back from the image and verified; a
# tampered and a replayed copy are refused; files in out/demo), then starts the portal on its
# SQLite default with demo data and walks a citizen through registration, level 2, documents,
# a clinic QR and a residence declaration (scripts/portal-demo.sh). Then, with a display, it opens
# the desktop app connected to that portal (closing the app stops the portal); without one it says
# so, points to the CLI, and keeps the portal running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

npm --prefix ui run build
cargo build --release --locked -p eid-cli -p eid-portal-server -p eid-app
./target/release/eid demo --out out/demo "$@"
keyctl session - scripts/portal-demo.sh
