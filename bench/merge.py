#!/usr/bin/env python3
"""Merges the frame timings of our decoders and the peers into a Markdown table with ratios.

usage: merge.py OURS.json PEERS.json
"""
import json
import statistics
import sys

ours = json.load(open(sys.argv[1]))
peers = json.load(open(sys.argv[2]))
names = ["eid-camera", "eid-file", "rxing-full", "rqrr", "zxing-cpp", "zbar"]
print("| frame | " + " | ".join(names) + " | zxing-cpp ÷ eid-camera |")
print("|---|" + "---|" * (len(names) + 1))
ratios = {"720": [], "1080": []}
decoded = {n: 0 for n in names}
for frame in sorted(ours):
    row = {**ours[frame], **peers[frame]}
    cells = []
    for n in names:
        decoded[n] += row[n]["ok"]
        cells.append(f"{row[n]['ms']:.1f}" + ("" if row[n]["ok"] else " ✗"))
    ratio = row["zxing-cpp"]["ms"] / row["eid-camera"]["ms"]
    ratios["1080" if "_1080_" in frame else "720"].append(ratio)
    print(f"| {frame} | " + " | ".join(cells) + f" | {ratio:.2f} |")
print()
print("decoded: " + ", ".join(f"{n} {decoded[n]}/{len(ours)}" for n in names))
for size, r in ratios.items():
    if r:
        print(f"median ratio zxing-cpp ÷ eid-camera at {size}p: {statistics.median(r):.2f}")
