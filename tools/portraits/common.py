"""Shared pieces: the registry, the master image, the codecs, the metric."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np
from PIL import Image

import face

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "assets" / "registry.json"

MASTER_SIZE = (300, 400)  # (w, h) the size everything is derived from
VIEW_SIZE = (240, 320)  # how large the counter portrait is shown


def citizens(registry: Path = REGISTRY):
    """(id_number, sex, date_of_birth) for every citizen, in registry order."""
    out = []
    for c in json.loads(registry.read_text(encoding="utf-8")):
        sex = None
        for d in c.get("documents", []):
            if d.get("doc_type") == "citizen_id_card":
                sex = d["fields"].get("sex")
        if sex not in ("M", "F"):
            raise SystemExit(f"{c['id_number']}: no sex on the citizen ID card")
        out.append((c["id_number"], sex, c["date_of_birth"]))
    return out


def master(id_number: str, sex: str, dob: str) -> Image.Image:
    """The 300 x 400 sRGB master portrait, with a little camera noise."""
    p = face.make_params(id_number, sex, dob)
    big = face.render(p)
    # 2x2 box filter: the supersampled drawing becomes the anti-aliased master
    h, w = big.shape[:2]
    small = big.reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3))
    # sensor noise: luma grain plus a little chroma noise, fixed per citizen
    r = np.random.Generator(np.random.PCG64(p.seed_noise ^ 0x5EED))
    luma = r.normal(0, 1.6 / 255, small.shape[:2])
    chroma = r.normal(0, 0.7 / 255, small.shape)
    small = small + luma[..., None] + chroma
    arr = np.clip(np.round(small * 255), 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


# ----------------------------------------------------------------------------
# Codecs.  Every encoder writes no EXIF, XMP or ICC; the images are sRGB,
# which is what every decoder assumes for untagged JPEG/WebP and what the
# AVIF 'colr' nclx box (written by libavif) says.
# ----------------------------------------------------------------------------


def encode(img: Image.Image, codec: str, q: int) -> bytes:
    buf = io.BytesIO()
    if codec == "jpeg":
        img.convert("RGB").save(buf, "JPEG", quality=q, optimize=True, subsampling="4:2:0")
    elif codec == "jpeg-prog":
        img.convert("RGB").save(buf, "JPEG", quality=q, optimize=True, progressive=True, subsampling="4:2:0")
    elif codec == "jpeg-gray":
        img.convert("L").save(buf, "JPEG", quality=q, optimize=True)
    elif codec == "jpeg-gray-prog":
        img.convert("L").save(buf, "JPEG", quality=q, optimize=True, progressive=True)
    elif codec == "webp":
        img.convert("RGB").save(buf, "WEBP", quality=q, method=6)
    elif codec == "webp-gray":
        # WebP has no grey mode: grey pixels in RGB give flat chroma planes
        img.convert("L").convert("RGB").save(buf, "WEBP", quality=q, method=6)
    elif codec == "avif":
        img.convert("RGB").save(buf, "AVIF", quality=q, speed=2, subsampling="4:2:0", max_threads=1)
    elif codec == "avif-gray":
        img.convert("L").convert("RGB").save(buf, "AVIF", quality=q, speed=2, subsampling="4:0:0", max_threads=1)
    else:
        raise ValueError(codec)
    return buf.getvalue()


EXT = {"jpeg": "jpg", "jpeg-prog": "jpg", "jpeg-gray": "jpg", "jpeg-gray-prog": "jpg",
       "webp": "webp", "webp-gray": "webp", "avif": "avif", "avif-gray": "avif"}

GRAY = {"jpeg-gray", "jpeg-gray-prog", "webp-gray", "avif-gray"}


def best_under(img: Image.Image, codec: str, target: int, cache: dict | None = None):
    """Largest quality whose file is <= target bytes (binary search; sizes are
    monotone in quality for these encoders except for rare 1-2 byte wobbles,
    which the search tolerates).  Returns (quality, bytes) or (None, None)."""
    cache = {} if cache is None else cache

    def enc(q):
        if q not in cache:
            cache[q] = encode(img, codec, q)
        return cache[q]

    lo, hi = 0, 100
    if len(enc(lo)) > target:
        return None, None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(enc(mid)) <= target:
            lo = mid
        else:
            hi = mid - 1
    return lo, enc(lo)


def decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def shown(im: Image.Image) -> Image.Image:
    """How the counter portrait is seen: upscaled to VIEW_SIZE (bicubic)."""
    return im.convert("RGB").resize(VIEW_SIZE, Image.BICUBIC)


def reference(master_img: Image.Image) -> Image.Image:
    """The original rendered at the view size (Lanczos down from the master)."""
    return master_img.resize(VIEW_SIZE, Image.LANCZOS)


def ssim_luma(a: Image.Image, b: Image.Image) -> float:
    from skimage.metrics import structural_similarity

    ya = np.asarray(a.convert("L"), dtype=np.float64)
    yb = np.asarray(b.convert("L"), dtype=np.float64)
    return float(structural_similarity(ya, yb, data_range=255, gaussian_weights=True, sigma=1.5,
                                       use_sample_covariance=False))


def contact_sheet(images, cols=7, pad=6, bg=(90, 90, 90)):
    w, h = images[0].size
    rows = (len(images) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * (w + pad) + pad, rows * (h + pad) + pad), bg)
    for i, im in enumerate(images):
        sheet.paste(im.convert("RGB"), (pad + (i % cols) * (w + pad), pad + (i // cols) * (h + pad)))
    return sheet


def single_thread():
    for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(v, "1")
