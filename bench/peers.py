#!/usr/bin/env python3
"""Times the peer QR decoders, zxing-cpp and zbar, on a folder of frames.

Same protocol as `cargo bench -p eid-qr --bench frames`: the frame is read once, then each
timed run converts it to grayscale and decodes it; the median of ITERATIONS runs is reported.
A frame's expected text is STEM.txt for the longest such file whose stem, followed by "_",
starts the frame's name (dense_1300.txt for dense_1300_720_clean.png), else payload-b45.txt.
Prints {frame: {"zxing-cpp": {"ok": bool, "ms": float}, "zbar": {...}}} as JSON.

usage: peers.py FRAMES_DIR [ITERATIONS]
"""
import glob
import json
import os
import statistics
import sys
import time

import cv2
import zxingcpp
from pyzbar.pyzbar import ZBarSymbol
from pyzbar.pyzbar import decode as zbar_decode


def zxing_cpp(gray):
    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return bytes(found[0].bytes) if found else None


def zbar(gray):
    found = zbar_decode(gray, symbols=[ZBarSymbol.QRCODE])
    return bytes(found[0].data) if found else None


def expected(folder, frame):
    """The expected text of a frame, by the rule in the module's docstring."""
    stems = [os.path.basename(p)[:-4] for p in glob.glob(os.path.join(folder, "*.txt"))]
    stems = [s for s in stems if frame.startswith(s + "_")]
    name = max(stems, key=len) + ".txt" if stems else "payload-b45.txt"
    with open(os.path.join(folder, name), "rb") as f:
        return f.read().strip()


def main():
    folder = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    result = {}
    paths = sorted(glob.glob(os.path.join(folder, "*.png")))
    if not paths:
        sys.exit(f"no frames in {folder}")
    for path in paths:
        want = expected(folder, os.path.basename(path))
        frame = cv2.imread(path, cv2.IMREAD_COLOR)
        row = {}
        for name, decode in (("zxing-cpp", zxing_cpp), ("zbar", zbar)):
            times, got = [], None
            for _ in range(iterations):
                start = time.perf_counter()
                got = decode(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))
                times.append((time.perf_counter() - start) * 1000)
            row[name] = {"ok": got is not None and got.strip() == want, "ms": round(statistics.median(times), 2)}
        result[os.path.basename(path)] = row
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
