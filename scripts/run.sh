#!/usr/bin/env bash
# Sets up the machine and runs the main job: the counter demo (a sample health insurance card is
# issued, shown as a QR, scanned back from the image and verified; a tampered and a replayed copy
# are refused). Files land in out/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

cargo build --release --locked -p eid-cli
./target/release/eid demo --out out/demo "$@"
