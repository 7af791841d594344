"""Counter-portrait codec comparison: quality per byte.

For every citizen the 300x400 master is Lanczos-downscaled to each candidate
resolution, encoded by each codec at the largest quality setting whose file
fits each byte target, decoded, upscaled (bicubic) to the 240x320 view size,
and compared by SSIM on luma with the master Lanczos-downscaled to 240x320.

Prints markdown tables (mean / worst SSIM over the 28 faces, mean bytes, and
the container overhead of each codec).  Single-threaded; a few minutes.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import time

import numpy as np
from PIL import Image

import common

RESOLUTIONS = [(48, 64), (60, 80), (72, 96), (96, 128), (120, 160)]
TARGETS = [400, 500, 600, 700, 800, 1000]
CODECS = ["jpeg", "jpeg-prog", "jpeg-gray", "jpeg-gray-prog", "webp", "webp-gray", "avif", "avif-gray"]


# ---------------------------------------------------------------------------
# Container overhead: bytes that are not entropy-coded image data.
# ---------------------------------------------------------------------------


def jpeg_overhead(b: bytes) -> dict:
    """Per-marker byte counts; 'scan' is entropy-coded data (all scans)."""
    out: dict = {}
    i = 2
    out["SOI"] = 2
    while i < len(b):
        assert b[i] == 0xFF, i
        m = b[i + 1]
        if m == 0xD9:
            out["EOI"] = out.get("EOI", 0) + 2
            break
        ln = struct.unpack(">H", b[i + 2:i + 4])[0]
        name = {0xE0: "APP0/JFIF", 0xDB: "DQT", 0xC4: "DHT", 0xC0: "SOF0", 0xC2: "SOF2", 0xDA: "SOS"}.get(m, f"FF{m:02X}")
        out[name] = out.get(name, 0) + 2 + ln
        i += 2 + ln
        if m == 0xDA:  # entropy-coded data runs to the next marker that is not RST/stuffing
            j = i
            while True:
                j = b.index(b"\xff", j)
                if b[j + 1] == 0 or 0xD0 <= b[j + 1] <= 0xD7:
                    j += 2
                    continue
                break
            out["scan"] = out.get("scan", 0) + (j - i)
            i = j
    return out


def webp_overhead(b: bytes) -> dict:
    assert b[:4] == b"RIFF" and b[8:12] == b"WEBP"
    out = {"RIFF+WEBP": 12}
    i = 12
    while i < len(b):
        fourcc = b[i:i + 4].decode()
        ln = struct.unpack("<I", b[i + 4:i + 8])[0]
        out[f"{fourcc} chunk header"] = 8
        if fourcc == "VP8 ":
            out["VP8 frame header"] = 10  # frame tag 3 + start code 3 + size 4
            out["VP8 data"] = ln - 10
        else:
            out[fourcc] = ln
        i += 8 + ln + (ln & 1)
    return out


def avif_overhead(b: bytes) -> dict:
    """Top-level ISOBMFF boxes; mdat payload is the AV1 bitstream (OBUs)."""
    out = {}
    i = 0
    while i < len(b):
        ln, typ = struct.unpack(">I4s", b[i:i + 8])
        typ = typ.decode()
        if typ == "mdat":
            out["mdat header"] = 8
            out["mdat payload (AV1)"] = ln - 8
        else:
            out[typ] = ln
        i += ln
    # meta children, for the record
    return out


def avif_meta_children(b: bytes) -> dict:
    i = 0
    while i < len(b):
        ln, typ = struct.unpack(">I4s", b[i:i + 8])
        if typ == b"meta":
            body = b[i + 12:i + ln]  # full box: version/flags
            kids, j = {}, 0
            while j < len(body):
                l2, t2 = struct.unpack(">I4s", body[j:j + 8])
                kids[t2.decode()] = l2
                j += l2
            return kids
        i += ln
    return {}


def overhead(codec: str, b: bytes) -> tuple[int, dict]:
    if codec.startswith("jpeg"):
        d = jpeg_overhead(b)
        return len(b) - d.get("scan", 0), d
    if codec.startswith("webp"):
        d = webp_overhead(b)
        return len(b) - d.get("VP8 data", 0), d
    d = avif_overhead(b)
    return len(b) - d.get("mdat payload (AV1)", 0), d


# ---------------------------------------------------------------------------


def run(limit: int | None, codecs, resolutions, targets, json_out: str | None):
    cs = common.citizens()[:limit] if limit else common.citizens()
    results = {}  # (codec, res, target) -> list of (ssim, bytes, q)
    ceilings = {}  # res -> list of ssim (lossless at that resolution)
    sample_overhead = {}
    t0 = time.time()
    for k, (idn, sex, dob) in enumerate(cs):
        m = common.master(idn, sex, dob)
        ref = common.reference(m)
        for res in resolutions:
            src = m.resize(res, Image.LANCZOS)
            ceilings.setdefault(res, []).append(common.ssim_luma(common.shown(src), ref))
            for codec in codecs:
                cache: dict = {}
                for tgt in targets:
                    q, data = common.best_under(src, codec, tgt, cache)
                    if data is None:
                        results.setdefault((codec, res, tgt), []).append((None, None, None))
                        continue
                    s = common.ssim_luma(common.shown(common.decode(data)), ref)
                    results.setdefault((codec, res, tgt), []).append((s, len(data), q))
                    if k == 0 and res == (72, 96) and tgt >= 600 and codec not in sample_overhead:
                        sample_overhead[codec] = (tgt, overhead(codec, data))
        print(f"[{k + 1}/{len(cs)}] {idn} {time.time() - t0:.0f}s", file=sys.stderr)

    lines = []
    lines.append(f"SSIM (luma, 240x320 view, bicubic upscale) over {len(cs)} faces: mean / worst; "
                 "'-' = some face cannot get under the target even at quality 0\n")
    lines.append("Resolution ceiling (no compression, just the downscale): " + ", ".join(
        f"{w}x{h} {np.mean(v):.3f}/{np.min(v):.3f}" for (w, h), v in ceilings.items()) + "\n")
    hdr = "| codec | resolution | " + " | ".join(f"≤{t} B" for t in targets) + " |"
    lines.append(hdr)
    lines.append("|" + "---|" * (2 + len(targets)))
    for codec in codecs:
        for res in resolutions:
            cells = []
            for tgt in targets:
                v = results[(codec, res, tgt)]
                if any(s is None for s, _, _ in v):
                    n_fail = sum(s is None for s, _, _ in v)
                    cells.append(f"- ({n_fail} miss)")
                else:
                    ss = [s for s, _, _ in v]
                    cells.append(f"{np.mean(ss):.3f} / {np.min(ss):.3f}")
            lines.append(f"| {codec} | {res[0]}x{res[1]} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Mean file size in bytes / mean quality setting chosen:\n")
    lines.append(hdr)
    lines.append("|" + "---|" * (2 + len(targets)))
    for codec in codecs:
        for res in resolutions:
            cells = []
            for tgt in targets:
                v = [x for x in results[(codec, res, tgt)] if x[0] is not None]
                cells.append(f"{np.mean([b for _, b, _ in v]):.0f} / q{np.mean([q for _, _, q in v]):.0f}" if v else "-")
            lines.append(f"| {codec} | {res[0]}x{res[1]} | " + " | ".join(cells) + " |")
    if sample_overhead:
        lines.append("")
        lines.append("Container overhead (first citizen, 72x96, smallest target >= 600 B that fits): "
                     "bytes that are not entropy-coded image data\n")
        lines.append("| codec | target | file | overhead | breakdown |")
        lines.append("|---|---|---|---|---|")
        for codec, (tgt, (ov, d)) in sample_overhead.items():
            total = sum(d.values())
            lines.append(f"| {codec} | {tgt} | {total} | {ov} | " + ", ".join(f"{k} {v}" for k, v in d.items()) + " |")
    print("\n".join(lines))
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"ceilings": {f"{w}x{h}": v for (w, h), v in ceilings.items()},
                       "results": {f"{c}|{w}x{h}|{t}": v for (c, (w, h), t), v in results.items()}}, f)


def run_display(limit: int | None):
    """Display portrait: JPEG vs WebP at two sizes and three quality settings;
    SSIM (luma) against the uncompressed image at the same size."""
    cs = common.citizens()[:limit] if limit else common.citizens()
    rows = {}
    for idn, sex, dob in cs:
        m = common.master(idn, sex, dob)
        for size in [(240, 320), (300, 400)]:
            src = m if m.size == size else m.resize(size, Image.LANCZOS)
            for codec in ["jpeg", "webp"]:
                for q in (75, 85, 90):
                    data = common.encode(src, codec, q)
                    s = common.ssim_luma(common.decode(data), src)
                    rows.setdefault((codec, size, q), []).append((s, len(data)))
    print(f"Display portrait over {len(cs)} faces (SSIM on luma against the same image uncompressed)\n")
    print("| codec | size | quality | bytes min / median / max | SSIM mean / worst |")
    print("|---|---|---|---|---|")
    for (codec, (w, h), q), v in rows.items():
        b = [x for _, x in v]
        ss = [x for x, _ in v]
        print(f"| {codec} | {w}x{h} | {q} | {min(b)} / {int(np.median(b))} / {max(b)} | {np.mean(ss):.3f} / {np.min(ss):.3f} |")


def main():
    common.single_thread()
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, help="only the first N citizens (quick look)")
    ap.add_argument("--codecs", default=",".join(CODECS))
    ap.add_argument("--json", help="also write raw numbers here")
    ap.add_argument("--display", action="store_true", help="the display-portrait table instead")
    a = ap.parse_args()
    if a.display:
        return run_display(a.limit)
    run(a.limit, a.codecs.split(","), RESOLUTIONS, TARGETS, a.json)


if __name__ == "__main__":
    main()
