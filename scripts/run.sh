#!/usr/bin/env bash
# Sets up the machine and runs the main job: builds in release, runs the counter demo (a sample
# health insurance card is issued, shown as a QR, scanned back from the image and verified; a
# tampered and a replayed copy are refused; files in out/demo), then starts the portal on its
# SQLite default with demo data and walks a citizen through registration, level 2, documents,
# a clinic QR and a residence declaration (scripts/portal-demo.sh). The portal keeps running
# until Ctrl-C. The desktop app comes with the app issue; until then the CLI is the client.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

cargo build --release --locked -p eid-cli -p eid-portal-server
./target/release/eid demo --out out/demo "$@"
keyctl session - scripts/portal-demo.sh
