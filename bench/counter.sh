#!/usr/bin/env bash
# Counter-side decode benchmark: our scanner and the pure-Rust baseline (cargo bench) beside
# zxing-cpp and zbar (Python bindings), on the same frames in the same run, as tables with ratios:
# the 20 committed frames (tests/data/qr/frames) and 36 frames of dense codes on a phone screen,
# written at benchmark time into out/dense by bench/make_dense_frames.py (never committed).
# The Python packages come only from bench/requirements.txt (pinned, with hashes), in their own
# venv out/bench-venv, so the dense frames are the same pixels on every machine.
# usage: bench/counter.sh [ITERATIONS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-7}"
seed="${2:-1}"
if ! ldconfig -p | grep -q libzbar.so.0; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y libzbar0
fi
venv=out/bench-venv
lock=bench/requirements.txt
stamp="$venv/.requirements.sha256"
lock_sum=$(sha256sum "$lock" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-hashes \
        --only-binary=:all: -r "$lock"
    "$venv/bin/pip" check --disable-pip-version-check
    echo "$lock_sum" > "$stamp"
fi
rm -rf out/dense
"$venv/bin/python" bench/make_dense_frames.py out/dense "$seed" >&2
cargo bench --no-run --quiet --locked -p eid-qr --bench frames
for set in frames:tests/data/qr/frames dense:out/dense; do
    name="${set%%:*}"; dir="$PWD/${set#*:}"
    cargo bench --quiet --locked -p eid-qr --bench frames -- "$iterations" "$dir" > "out/$name-eid.json"
    "$venv/bin/python" bench/peers.py "$dir" "$iterations" > "out/$name-peers.json"
done
{
    echo "## the 20 frames (tests/data/qr/frames)"
    echo
    "$venv/bin/python" bench/merge.py out/frames-eid.json out/frames-peers.json
    echo
    echo "## the 36 dense frames (bench/make_dense_frames.py out/dense $seed)"
    echo
    "$venv/bin/python" bench/merge.py out/dense-eid.json out/dense-peers.json
} | tee out/frames.md
