"""Write the demo citizens' synthetic portraits.

    python portraits.py generate --out assets/portraits   # display + counter files
    python portraits.py sheet --out /tmp/sheet.png         # contact sheet (not committed)

Each citizen of assets/registry.json gets
    <id_number>.display.webp   300x400, WebP q90 (capped at 15,000 bytes)
    <id_number>.counter.webp    96x128, WebP, largest quality <= 600 bytes
The choice and the measurements behind it are in docs/portraits.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

import common

DISPLAY_SIZE = (300, 400)
DISPLAY_CODEC = "webp"
DISPLAY_QUALITY = 90
DISPLAY_MAX_BYTES = 15_000

COUNTER_SIZE = (96, 128)
COUNTER_CODEC = "webp"
COUNTER_MAX_BYTES = 600


def display_bytes(m: Image.Image) -> bytes:
    img = m if m.size == DISPLAY_SIZE else m.resize(DISPLAY_SIZE, Image.LANCZOS)
    data = common.encode(img, DISPLAY_CODEC, DISPLAY_QUALITY)
    if len(data) > DISPLAY_MAX_BYTES:
        _, data = common.best_under(img, DISPLAY_CODEC, DISPLAY_MAX_BYTES)
    return data


def counter_bytes(m: Image.Image) -> bytes:
    img = m.resize(COUNTER_SIZE, Image.LANCZOS)
    q, data = common.best_under(img, COUNTER_CODEC, COUNTER_MAX_BYTES)
    if data is None:
        raise SystemExit("counter portrait cannot fit its byte budget")
    return data


def generate(out: Path, quiet: bool = False):
    out.mkdir(parents=True, exist_ok=True)
    ext_d, ext_c = common.EXT[DISPLAY_CODEC], common.EXT[COUNTER_CODEC]
    for idn, sex, dob in common.citizens():
        m = common.master(idn, sex, dob)
        d, c = display_bytes(m), counter_bytes(m)
        (out / f"{idn}.display.{ext_d}").write_bytes(d)
        (out / f"{idn}.counter.{ext_c}").write_bytes(c)
        if not quiet:
            print(f"{idn} {sex} {dob}  display {len(d):6d} B  counter {len(c):4d} B", file=sys.stderr)


def sheet(src: Path, out: Path, cols: int = 7):
    """Counter portraits decoded and upscaled to the view size, and the
    display portraits beside them for comparison."""
    ext_d, ext_c = common.EXT[DISPLAY_CODEC], common.EXT[COUNTER_CODEC]
    counters, pairs = [], []
    for idn, _, _ in common.citizens():
        c = common.shown(common.decode((src / f"{idn}.counter.{ext_c}").read_bytes()))
        d = common.decode((src / f"{idn}.display.{ext_d}").read_bytes()).convert("RGB").resize(common.VIEW_SIZE, Image.LANCZOS)
        counters.append(c)
        pairs += [d, c]
    common.contact_sheet(counters, cols=cols).save(out)
    pair_path = out.with_name(out.stem + "-pairs" + out.suffix)
    common.contact_sheet(pairs, cols=8).save(pair_path)
    print(f"wrote {out} and {pair_path}", file=sys.stderr)


def main():
    common.single_thread()
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", type=Path, default=common.ROOT / "assets" / "portraits")
    g.add_argument("--quiet", action="store_true")
    s = sub.add_parser("sheet")
    s.add_argument("--src", type=Path, default=common.ROOT / "assets" / "portraits")
    s.add_argument("--out", type=Path, default=Path("/tmp/portraits-sheet.png"))
    a = ap.parse_args()
    if a.cmd == "generate":
        generate(a.out, a.quiet)
    else:
        sheet(a.src, a.out)


if __name__ == "__main__":
    main()
