#!/usr/bin/env python3
"""Merges the frame timings of our decoders and the peers into a Markdown table with ratios.

Per frame: median milliseconds of each decoder (✗ = not decoded) and the ratios zxing-cpp ÷
eid-camera and zxing-cpp ÷ eid-file (above 1: ours is faster). Below the table: decode counts,
each decoder's median over all frames, and the median ratios at 720p and 1080p.

usage: merge.py OURS.json PEERS.json
"""
import json
import statistics
import sys

ours = json.load(open(sys.argv[1]))
peers = json.load(open(sys.argv[2]))
if sorted(ours) != sorted(peers):
    sys.exit("the two runs timed different frames")
names = ["eid-camera", "eid-file", "rxing-full", "rqrr", "zxing-cpp", "zbar"]
mine = ["eid-camera", "eid-file"]
print("| frame | " + " | ".join(names) + " | " + " | ".join(f"zxing-cpp ÷ {m}" for m in mine) + " |")
print("|---|" + "---|" * (len(names) + len(mine)))
ratios = {(m, size): [] for m in mine for size in ("720", "1080")}
times = {n: [] for n in names}
decoded = {n: 0 for n in names}
for frame in sorted(ours):
    row = {**ours[frame], **peers[frame]}
    cells = []
    for n in names:
        decoded[n] += row[n]["ok"]
        times[n].append(row[n]["ms"])
        cells.append(f"{row[n]['ms']:.1f}" + ("" if row[n]["ok"] else " ✗"))
    size = "1080" if "_1080_" in frame else "720"
    for m in mine:
        ratio = row["zxing-cpp"]["ms"] / row[m]["ms"]
        ratios[(m, size)].append(ratio)
        cells.append(f"{ratio:.2f}")
    print(f"| {frame} | " + " | ".join(cells) + " |")
print()
print("decoded: " + ", ".join(f"{n} {decoded[n]}/{len(ours)}" for n in names))
print()
print("median ms over all frames: " + ", ".join(f"{n} {statistics.median(times[n]):.2f}" for n in names))
print()
for (m, size), r in ratios.items():
    if r:
        print(f"median ratio zxing-cpp ÷ {m} at {size}p: {statistics.median(r):.2f}  ")
