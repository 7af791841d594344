#!/usr/bin/env python3
"""Reads QR codes in PNG files with zxing-cpp, for crates/qr/tests/render.rs.

zxing-cpp and Pillow (which opens the PNGs) come from PyPI, pinned with hashes in
tests/python/requirements.txt. Prints {path: [text, ...]} as JSON. Exits with status 1 and a
message if either is not installed.

usage: zxing_read.py PNG...
"""
import json
import sys

try:
    import zxingcpp
    from PIL import Image
except ImportError as e:
    sys.exit(f"{e}: run scripts/setup.sh "
             "(it installs tests/python/requirements.txt into .venv)")


def main():
    result = {}
    for path in sys.argv[1:]:
        with Image.open(path) as image:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        result[path] = [r.text for r in found]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
