#!/usr/bin/env bash
# Counter-side decode benchmark: our scanner and the pure-Rust baseline (cargo bench) beside
# zxing-cpp and zbar (Python bindings), on the same frames in the same run, as a table with ratios.
# usage: bench/counter.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-7}"
frames=tests/data/qr/frames
if ! ldconfig -p | grep -q libzbar.so.0; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y libzbar0
fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install --quiet numpy opencv-python-headless zxing-cpp pyzbar
mkdir -p out
cargo bench -p eid-qr --bench frames -- "$iterations" > out/frames-eid.json
.venv/bin/python bench/peers.py "$frames" "$iterations" > out/frames-peers.json
.venv/bin/python bench/merge.py out/frames-eid.json out/frames-peers.json | tee out/frames.md
