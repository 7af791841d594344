#!/usr/bin/env python3
"""Reads QR codes in PNG files with zxing-cpp (PyPI `zxing-cpp`, pinned with hashes in
tests/python/requirements.txt), for crates/qr/tests/render.rs.

The PNG is decoded here with the standard library alone (zlib and the five PNG row filters;
8-bit grayscale, non-interlaced, as `QrMatrix::to_png` writes), so no image library stands
between the file and zxing-cpp. Prints {path: [text, ...]} as JSON. Exits with status 1 and a
message if zxing-cpp is not installed.

usage: zxing_read.py PNG...
"""
import json
import struct
import sys
import zlib

try:
    import zxingcpp
except ImportError:
    sys.exit("zxing-cpp is not installed in this Python: run scripts/setup.sh "
             "(it installs tests/python/requirements.txt into .venv)")


def gray_png(path):
    """The pixels of an 8-bit grayscale PNG as (width, height, bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if (depth, color, interlace) != (8, 0, 0):
        raise ValueError(f"{path}: not 8-bit grayscale non-interlaced (depth {depth}, colour {color})")
    raw = zlib.decompress(b"".join(idat))
    out = bytearray(width * height)
    prev = bytearray(width)
    for y in range(height):
        kind = raw[y * (width + 1)]
        line = bytearray(raw[y * (width + 1) + 1:(y + 1) * (width + 1)])
        for x in range(width):
            a = line[x - 1] if x else 0
            b = prev[x]
            c = prev[x - 1] if x else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            elif kind != 0:
                raise ValueError(f"{path}: unknown row filter {kind}")
        out[y * width:(y + 1) * width] = line
        prev = line
    return width, height, bytes(out)


def main():
    result = {}
    for path in sys.argv[1:]:
        width, height, pixels = gray_png(path)
        image = memoryview(pixels).cast("B", shape=[height, width])
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        result[path] = [r.text for r in found]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
