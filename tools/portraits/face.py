"""Procedural, synthetic ID-photo portraits.

Nothing here is a real person, a photograph or a model trained on faces:
every portrait is drawn from geometric primitives (height fields, ellipses,
strokes) and filtered noise, with parameters drawn from a random generator
seeded by the citizen's id_number.  The same id_number, sex and date of
birth always give the same picture (for the same pinned numpy/scipy).

render(params) -> float32 array (H, W, 3) in [0, 1], H x W = 800 x 600,
i.e. twice the 300 x 400 master size; portraits.py box-filters it down.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

# Canvas: drawn at 2x of the 300 x 400 master.
SS = 2
W, H = 300 * SS, 400 * SS

REFERENCE_DATE = (2026, 12, 1)


def age_at_reference(dob: str) -> int:
    y, m, d = (int(p) for p in dob.split("-"))
    ry, rm, rd = REFERENCE_DATE
    return ry - y - (1 if (rm, rd) < (m, d) else 0)


def rng_for(id_number: str) -> np.random.Generator:
    digest = hashlib.sha256(b"eid-wallet synthetic portrait v1\0" + id_number.encode()).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest[:16], "big")))


# ----------------------------------------------------------------------------
# Parameters
# ----------------------------------------------------------------------------

SKIN_TONES = np.array(
    [
        [0.95, 0.82, 0.72],  # fair
        [0.91, 0.75, 0.62],
        [0.86, 0.68, 0.54],  # medium
        [0.79, 0.60, 0.46],
        [0.70, 0.51, 0.38],  # tan
        [0.60, 0.42, 0.31],  # deep tan
    ]
)

CLOTHES = {
    "navy": (0.13, 0.17, 0.32),
    "charcoal": (0.22, 0.22, 0.24),
    "black": (0.08, 0.08, 0.09),
    "white": (0.93, 0.93, 0.92),
    "light blue": (0.62, 0.74, 0.88),
    "maroon": (0.45, 0.12, 0.16),
    "forest": (0.16, 0.33, 0.22),
    "beige": (0.78, 0.70, 0.56),
    "teal": (0.10, 0.42, 0.46),
    "red": (0.72, 0.14, 0.14),
    "mustard": (0.80, 0.62, 0.18),
    "grey": (0.55, 0.56, 0.58),
    "lavender": (0.66, 0.58, 0.78),
    "pink": (0.88, 0.62, 0.68),
}

BACKGROUNDS = {
    "white": (0.955, 0.955, 0.945),
    "light blue": (0.80, 0.88, 0.97),
}


@dataclass
class Params:
    id_number: str
    sex: str
    age: int
    background: str = "white"
    bg_rgb: tuple = (1, 1, 1)
    skin: np.ndarray = field(default_factory=lambda: np.zeros(3))
    hair_rgb: np.ndarray = field(default_factory=lambda: np.zeros(3))
    grey: float = 0.0
    brow_rgb: np.ndarray = field(default_factory=lambda: np.zeros(3))
    face_w: float = 0.0  # cheek half-width (master px)
    face_len: float = 0.0  # crown-to-chin (master px)
    jaw_n: float = 2.0  # superellipse exponent of the lower face
    jaw_w: float = 0.8  # relative jaw width
    forehead: float = 0.95
    cheek_t: float = 0.55
    eye_gap: float = 0.0
    eye_w: float = 0.0
    eye_h: float = 0.0
    eye_tilt: float = 0.0
    crease: float = 0.0
    iris_rgb: np.ndarray = field(default_factory=lambda: np.zeros(3))
    brow_thick: float = 0.0
    brow_arch: float = 0.0
    brow_raise: float = 0.0
    brow_slant: float = 0.0
    nose_w: float = 0.0
    nose_len: float = 0.0
    mouth_w: float = 0.0
    lip_up: float = 0.0
    lip_lo: float = 0.0
    lip_rgb: np.ndarray = field(default_factory=lambda: np.zeros(3))
    hair_style: str = "short"
    hair_vol: float = 0.0
    hairline: float = 0.0
    part: float = 0.0
    hair_len: float = 0.0
    glasses: str = "none"
    glasses_rgb: tuple = (0, 0, 0)
    clothes: str = "navy"
    clothes_rgb: tuple = (0, 0, 0)
    collar: str = "shirt"
    inner_rgb: tuple = (0.93, 0.93, 0.92)
    facial_hair: str = "none"
    earrings: bool = False
    wrinkle: float = 0.0
    neck_w: float = 0.0
    shoulder_w: float = 0.0
    head_tilt: float = 0.0
    light_x: float = -0.35
    seed_noise: int = 0


def make_params(id_number: str, sex: str, dob: str) -> Params:
    """Draw every random choice, in a fixed order, from the id_number's stream."""
    r = rng_for(id_number)
    age = age_at_reference(dob)
    male = sex == "M"
    p = Params(id_number=id_number, sex=sex, age=age)

    p.background = "white" if r.random() < 0.55 else "light blue"
    p.bg_rgb = BACKGROUNDS[p.background]

    # skin: a point between two neighbouring tones, a little hue jitter
    t = r.beta(2.0, 2.2) * (len(SKIN_TONES) - 1)
    i = min(int(t), len(SKIN_TONES) - 2)
    f = t - i
    skin = SKIN_TONES[i] * (1 - f) + SKIN_TONES[i + 1] * f
    skin = skin * (1 + r.normal(0, 0.025, 3))
    if age >= 60:  # a little sallower / less even with age
        skin = skin * np.array([0.99, 0.98, 0.97])
    p.skin = np.clip(skin, 0, 1)

    # hair colour: near-black to dark brown, dyed brown for some of the young
    base = np.array([0.07, 0.06, 0.055]) + r.random() * np.array([0.10, 0.06, 0.035])
    if age < 40 and r.random() < 0.25:
        base = np.array([0.30, 0.18, 0.10]) * (0.8 + 0.4 * r.random())
    if age < 40:
        grey = 0.0
    elif age < 55:
        grey = (age - 40) / 15 * 0.30 * r.random()
    elif age < 70:
        grey = 0.30 + (age - 55) / 15 * 0.45 * (0.6 + 0.4 * r.random())
    else:
        grey = 0.72 + 0.25 * r.random()
    if not male and 45 <= age < 72 and r.random() < 0.5:
        grey *= 0.25  # dyed
    p.grey = grey
    white = np.array([0.86, 0.86, 0.84])
    p.hair_rgb = base * (1 - grey) + white * grey
    p.brow_rgb = base * (1 - 0.6 * grey) + white * 0.6 * grey

    # head geometry (master pixels)
    p.face_len = r.normal(246 if male else 238, 6)
    p.face_w = r.normal(86 if male else 81, 3.5)
    shape = r.choice(["oval", "round", "square", "heart", "long"])
    p.jaw_n = {"oval": 2.1, "round": 2.5, "square": 2.9, "heart": 2.0, "long": 2.1}[shape] + r.normal(0, 0.1)
    p.jaw_w = {"oval": 0.74, "round": 0.80, "square": 0.84, "heart": 0.69, "long": 0.72}[shape] + r.normal(0, 0.03)
    if shape == "round":
        p.face_w += 5
        p.face_len -= 6
    if shape == "long":
        p.face_w -= 5
        p.face_len += 8
    if shape == "heart":
        p.face_w += 2
    p.forehead = 0.93 + 0.05 * r.random()
    p.cheek_t = 0.53 + 0.04 * r.random()
    if male:
        p.jaw_n += 0.2
        p.jaw_w += 0.03
    if age > 65:
        p.jaw_w += 0.04  # heavier jaw
        p.face_w += 2

    p.eye_gap = r.normal(32, 1.5)
    p.eye_w = r.normal(32, 1.5)
    p.eye_h = r.normal(11.5, 1.0) - (1.0 if age > 65 else 0.0)
    p.eye_tilt = r.normal(1.5, 1.2)
    p.crease = 1.0 if r.random() < 0.55 else 0.0
    p.iris_rgb = np.array([0.17, 0.10, 0.06]) * (0.7 + 0.6 * r.random())

    p.brow_thick = r.normal(5.6 if male else 3.8, 0.6)
    p.brow_arch = r.normal(5 if not male else 3, 1.5)
    p.brow_raise = r.normal(0, 1.5)
    p.brow_slant = r.normal(0, 1.5)

    p.nose_w = r.normal(36 if male else 33, 2.5)
    p.nose_len = r.normal(54, 3)
    p.mouth_w = r.normal(50 if male else 46, 3)
    p.lip_up = r.normal(6.0, 0.7)
    p.lip_lo = r.normal(8.5 if not male else 7.5, 0.8) - (1.0 if age > 70 else 0.0)
    lip = p.skin * np.array([0.88, 0.58, 0.58])
    if not male and age < 70 and r.random() < 0.6:
        lip = lip * 0.55 + np.array([0.72, 0.22, 0.26]) * 0.45  # lipstick
    p.lip_rgb = np.clip(lip, 0, 1)

    # hair style
    if male:
        styles = ["short", "side part", "crew", "side part", "spiky"]
        if age >= 55:
            styles += ["receding", "receding", "balding"]
        if age >= 70:
            styles += ["balding", "white crop"]
    else:
        styles = ["long", "long fringe", "bob", "tied", "shoulder"]
        if age >= 55:
            styles += ["short curly", "tied", "short bob"]
        if age >= 70:
            styles += ["short curly", "tied"]
    p.hair_style = str(r.choice(styles))
    p.hair_vol = r.normal(10, 2)
    p.hairline = r.normal(0, 4)
    p.part = r.choice([-1.0, 1.0]) * (0.25 + 0.35 * r.random())
    p.hair_len = r.normal(0, 12)

    # glasses: more likely with age
    pg = 0.18 + 0.5 * max(0, (age - 40)) / 45
    if r.random() < pg:
        p.glasses = str(r.choice(["thin round", "thin rect", "thick rect", "half rim"]))
    gl_col = [(0.08, 0.07, 0.07), (0.35, 0.22, 0.12), (0.55, 0.55, 0.58), (0.62, 0.48, 0.24)]
    p.glasses_rgb = gl_col[int(r.integers(0, len(gl_col)))]

    # clothing; keep contrast with the background
    names = list(CLOTHES)
    while True:
        c = names[int(r.integers(0, len(names)))]
        if male and c in ("pink", "lavender"):
            continue
        if p.background == "white" and c == "white":
            continue
        if p.background == "light blue" and c == "light blue":
            continue
        break
    p.clothes = c
    p.clothes_rgb = CLOTHES[c]
    if male:
        p.collar = str(r.choice(["shirt", "jacket", "jacket tie", "polo", "shirt"]))
    else:
        p.collar = str(r.choice(["shirt", "round", "vneck", "jacket", "round"]))
    inner = [(0.94, 0.94, 0.93), (0.72, 0.82, 0.93), (0.90, 0.88, 0.82)]
    p.inner_rgb = inner[int(r.integers(0, len(inner)))]

    if male and age >= 30 and r.random() < 0.3:
        p.facial_hair = str(r.choice(["moustache", "stubble", "goatee"]))
    p.earrings = (not male) and r.random() < 0.45

    p.wrinkle = float(np.clip((age - 32) / 45, 0, 1))
    p.neck_w = r.normal(50 if male else 42, 2)
    p.shoulder_w = r.normal(150 if male else 136, 5)
    p.head_tilt = r.normal(0, 0.012)
    p.light_x = r.normal(-0.3, 0.1)
    p.seed_noise = int(r.integers(0, 2**31))
    return p


# ----------------------------------------------------------------------------
# Drawing helpers (canvas pixels, i.e. SS x master)
# ----------------------------------------------------------------------------

YY, XX = np.mgrid[0:H, 0:W].astype(np.float64)


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def soften(mask, sigma=1.0):
    return ndimage.gaussian_filter(mask.astype(np.float64), sigma * SS)


def over(img, color, alpha):
    """Paint colour (3,) or image (H,W,3) over img with coverage alpha (H,W)."""
    a = np.clip(alpha, 0, 1)
    rows = np.flatnonzero(a.max(1) > 0)
    if rows.size == 0:
        return
    cols = np.flatnonzero(a.max(0) > 0)
    ys = slice(rows[0], rows[-1] + 1)
    xs = slice(cols[0], cols[-1] + 1)
    a = a[ys, xs][..., None]
    if np.ndim(color) == 3:
        color = color[ys, xs]
    sub = img[ys, xs]
    sub *= 1 - a
    sub += a * color


def ellipse(cx, cy, rx, ry, angle=0.0):
    c, s = np.cos(angle), np.sin(angle)
    dx, dy = XX - cx, YY - cy
    u = (dx * c + dy * s) / rx
    v = (-dx * s + dy * c) / ry
    return u * u + v * v  # < 1 inside


def stroke(points, radii, soft=0.8):
    """Coverage of a variable-width polyline, drawn as overlapping discs."""
    pts = np.asarray(points, dtype=np.float64)
    rad = np.asarray(radii, dtype=np.float64) * np.ones(len(pts))
    # densify so discs overlap
    dense, dr = [pts[0]], [rad[0]]
    for k in range(1, len(pts)):
        seg = pts[k] - pts[k - 1]
        n = max(1, int(np.hypot(*seg) / max(0.5, 0.5 * min(rad[k], rad[k - 1]))))
        for j in range(1, n + 1):
            a = j / n
            dense.append(pts[k - 1] + a * seg)
            dr.append(rad[k - 1] * (1 - a) + rad[k] * a)
    dense, dr = np.array(dense), np.array(dr)
    x0 = int(max(0, np.floor((dense[:, 0] - dr).min() - 4)))
    x1 = int(min(W, np.ceil((dense[:, 0] + dr).max() + 4)))
    y0 = int(max(0, np.floor((dense[:, 1] - dr).min() - 4)))
    y1 = int(min(H, np.ceil((dense[:, 1] + dr).max() + 4)))
    out = np.zeros((H, W))
    if x1 <= x0 or y1 <= y0:
        return out
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    best = np.full(yy.shape, np.inf)
    for (px, py), pr in zip(dense, dr):
        d = np.hypot(xx - px, yy - py) - pr
        np.minimum(best, d, out=best)
    out[y0:y1, x0:x1] = np.clip(0.5 - best / (soft * SS), 0, 1)
    return out


def curve(p0, p1, p2, n=24):
    """Quadratic Bezier sample points."""
    t = np.linspace(0, 1, n)[:, None]
    p0, p1, p2 = (np.asarray(p, dtype=np.float64) for p in (p0, p1, p2))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t * t * p2


def noise(r, sigma, amp=1.0, shape=(H, W)):
    if np.ndim(sigma) == 0 and sigma >= 8 and shape[0] % 4 == 0 and shape[1] % 4 == 0:
        # smooth noise: filter a quarter-size field and interpolate up
        small = ndimage.gaussian_filter(r.standard_normal((shape[0] // 4, shape[1] // 4)), sigma / 4)
        n = ndimage.zoom(small, 4, order=1, grid_mode=True, mode="nearest")
        n /= n.std() + 1e-12
        return n * amp
    n = ndimage.gaussian_filter(r.standard_normal(shape), sigma)
    n /= n.std() + 1e-12
    return n * amp


def lambert(hf, light, ambient=0.42):
    gy, gx = np.gradient(hf)
    nz = 1.0 / np.sqrt(1 + gx * gx + gy * gy)
    nx, ny = -gx * nz, -gy * nz
    d = nx * light[0] + ny * light[1] + nz * light[2]
    return ambient + (1 - ambient) * np.clip(d, 0, 1)


def skin_shade(skin, shade):
    """Shadowed skin keeps more red (subsurface warmth)."""
    s = np.clip(shade, 0, 1.5)[..., None]
    return skin * s ** np.array([0.80, 1.0, 1.18])


# ----------------------------------------------------------------------------
# The portrait
# ----------------------------------------------------------------------------


def render(p: Params) -> np.ndarray:
    r = np.random.Generator(np.random.PCG64(p.seed_noise))
    S = SS
    male = p.sex == "M"
    img = np.empty((H, W, 3))

    L = np.array([p.light_x, -0.45, 0.85])
    L /= np.linalg.norm(L)

    # --- background: gentle gradient + faint falloff from the flash ------------
    bg = np.array(p.bg_rgb)
    grad = 1.0 + 0.035 * (1 - YY / H) - 0.03 * ((XX - W / 2) / W) ** 2 * 4
    img[:] = bg * grad[..., None]
    img += noise(r, 30 * S, 0.006)[..., None]

    # --- geometry ---------------------------------------------------------------
    cx = W / 2 + r.normal(0, 1.5) * S
    crown = (66 + r.normal(0, 2)) * S
    face_len = p.face_len * S
    chin = crown + face_len
    fw = p.face_w * S
    tc = p.cheek_t
    yc = crown + tc * face_len  # cheekbone line

    t = (YY - crown) / face_len
    # half width of the head (skull above the cheek line, jaw below)
    s_up = np.clip((tc - t) / tc, 0, 1)
    w_up = fw * (p.forehead + (1 - p.forehead) * (1 - s_up)) * (1 - s_up ** 2.3) ** (1 / 2.3)
    s_lo = np.clip((t - tc) / (1 - tc), 0, 1)
    n = p.jaw_n
    # cheeks taper to the jaw angle, then the chin rounds off (superellipse)
    w_lo = fw * (1 - (1 - p.jaw_w) * smoothstep(0.0, 0.8, s_lo))
    w_lo *= (1 - s_lo ** n) ** (1 / n)
    halfw = np.where(t < tc, w_up, w_lo)
    halfw = np.where((t < 0) | (t > 1), 0, halfw)
    dx = XX - cx - p.head_tilt * (YY - yc)
    head_mask = (np.abs(dx) < halfw).astype(np.float64)

    eye_y = crown + 0.475 * face_len
    nose_y = eye_y + p.nose_len * S
    mouth_y = nose_y + (chin - nose_y) * 0.36
    gap = p.eye_gap * S

    # --- torso / clothes, long hair, neck -----------------------------------------
    nw = p.neck_w * S
    neck_base = chin + 26 * S
    adx = np.abs(XX - cx)
    shoulder_top = neck_base + 44 * S * smoothstep(nw * 0.6, nw + 110 * S, adx) ** 0.7 - 6 * S
    shoulder_top = shoulder_top + 30 * S * smoothstep(p.shoulder_w * S - 30 * S, p.shoulder_w * S + 20 * S, adx)
    torso = (YY > shoulder_top).astype(np.float64)
    torso_a = soften(torso, 0.9)

    hair_col = p.hair_rgb
    style = p.hair_style
    vol = p.hair_vol * S
    long_styles = {"long": 150, "long fringe": 140, "shoulder": 70, "bob": 8, "short bob": -20}
    back_hair = np.zeros((H, W))
    bh_img = None
    if style in long_styles:
        end = chin + (long_styles[style] + p.hair_len) * S
        top_cy = crown + fw * 0.95
        top_rx = fw + vol + 8 * S
        yy_t = (YY - top_cy) / max(end - top_cy, 1)
        grow = (18 * S if style in ("long", "long fringe", "shoulder") else 3 * S) * smoothstep(0.35, 1.0, yy_t)
        bw = top_rx + grow
        top_env = ellipse(cx, top_cy, top_rx, fw * 0.95 + vol) < 1
        ragged = end + noise(r, 4 * S, 3 * S, (1, W))[0] * (style != "bob")
        sides = (adx < bw) & (YY > top_cy) & (YY < ragged[None, :])
        back_hair = np.maximum(top_env, sides).astype(float)
        bh_shade = 0.55 + 0.25 * smoothstep(fw * 1.6, 0, adx)
        bh_img = hair_col[None, None, :] * bh_shade[..., None]
        bh_img = _hair_texture(r, bh_img, hair_col, (cx, crown), vertical=True) * 0.8
        over(img, bh_img, soften(back_hair, 1.0))  # behind everything

    cl = np.array(p.clothes_rgb)
    torso_h = 30 * S * smoothstep(p.shoulder_w * S * 1.1, 0, adx) + 8 * S * np.sqrt(np.clip(1 - (adx / (p.shoulder_w * S * 1.3)) ** 2, 0, 1))
    sh = lambert(ndimage.gaussian_filter(torso_h * torso, 6 * S), L, 0.5)
    folds = 1 + noise(r, 9 * S, 0.05) + noise(r, 1.2 * S, 0.012)
    over(img, cl * (sh * folds)[..., None], torso_a)

    v_top = neck_base - 8 * S

    def v_region(depth, width):
        return ((YY > v_top - 10 * S) & (adx < width * (1 - (YY - v_top) / depth))).astype(float) * torso

    inner = np.array(p.inner_rgb)
    if p.collar in ("jacket", "jacket tie"):
        vv = v_region(96 * S, nw * 1.25)
        over(img, inner * (0.92 + 0.08 * sh)[..., None], soften(vv, 0.5))
        opening = v_region(16 * S, nw * 0.55)
    elif p.collar == "shirt":
        opening = v_region(36 * S, nw * 0.75)
    elif p.collar == "polo":
        opening = v_region(24 * S, nw * 0.6)
    elif p.collar == "vneck":
        opening = v_region(58 * S, nw * 1.0)
    else:  # round neck
        opening = (ellipse(cx, v_top, nw * 1.2, 22 * S) < 1).astype(float) * torso

    # long hair falling in front of the shoulders, beside the neck
    if style in ("long", "long fringe", "shoulder") and back_hair.any():
        front = back_hair * smoothstep(nw * 1.15, nw * 1.45, adx) * (YY > chin - 20 * S)
        over(img, bh_img / 0.8 * 0.9, soften(front, 1.0))

    # neck: a cylinder widening into the chest; only the opening shows below the collar
    nwr = nw * (1 + 1.6 * smoothstep(neck_base - 14 * S, neck_base + 70 * S, YY) ** 1.5)
    neck_shape = (adx < nwr) & (YY > yc)
    neck_a = np.clip(soften(neck_shape, 0.8) * (1 - torso_a + soften(opening, 0.5)), 0, 1)
    neck_h = 40 * S * np.sqrt(np.clip(1 - (adx / (nwr * 1.25)) ** 2, 0, 1))
    neck_sh = lambert(ndimage.gaussian_filter(neck_h, 3 * S), L, 0.5) * 0.86
    rows = np.arange(H)[:, None]
    jaw_y = np.where(head_mask.any(0), (rows * head_mask).max(0), 0)[None, :]
    below = YY - jaw_y
    jaw_shadow = 1 - 0.38 * smoothstep(22 * S, 0, below) * (below > -2 * S)
    neck_img = skin_shade(p.skin * (1 + noise(r, 12 * S, 0.015))[..., None], neck_sh * jaw_shadow)
    over(img, neck_img, neck_a)

    # collar details over the neck
    if p.collar in ("shirt", "polo", "jacket", "jacket tie"):
        jacket = p.collar.startswith("jacket")
        fc = inner if jacket else np.minimum(cl * 1.10 + 0.03, 1)
        for side in (-1, 1):
            if jacket:
                pts = [(cx + side * nw * 0.92, neck_base - 18 * S), (cx + side * nw * 0.10, neck_base + 18 * S), (cx + side * nw * 1.25, neck_base + 12 * S)]
            else:
                pts = [(cx + side * nw * 0.92, neck_base - 20 * S), (cx + side * nw * 0.10, neck_base + (30 if p.collar == "shirt" else 20) * S), (cx + side * nw * 1.55, neck_base + 22 * S)]
            flap = _triangle(pts)
            shadow = ndimage.shift(soften(flap, 2.0), (4 * S, 0), order=1) * (1 - flap)
            over(img, np.zeros(3), shadow * 0.3)
            over(img, fc * (0.9 + 0.1 * sh)[..., None], soften(flap, 0.5))
            over(img, fc * 0.5, stroke([pts[0], pts[1], pts[2], pts[0]], 0.5 * S) * 0.5)
            if jacket:  # lapel edge along the V
                lap = stroke([(cx + side * nw * 1.25, v_top - 2 * S), (cx + side * 2 * S, v_top + 96 * S)], 1.2 * S)
                over(img, cl * 0.45, lap * 0.85 * torso_a)
                lap_band = v_region(96 * S, nw * 1.25 + 16 * S) * (1 - v_region(96 * S, nw * 1.25))
                over(img, np.minimum(cl * 1.25 + 0.02, 1) * sh[..., None], soften(lap_band, 0.6) * 0.5)
        if p.collar == "jacket tie":
            tie_col = np.array([(0.55, 0.10, 0.12), (0.15, 0.20, 0.45), (0.30, 0.30, 0.32)][int(r.integers(0, 3))])
            knot = _triangle([(cx - 7 * S, neck_base + 8 * S), (cx + 7 * S, neck_base + 8 * S), (cx, neck_base + 24 * S)])
            tie = _triangle([(cx - 4 * S, neck_base + 18 * S), (cx + 4 * S, neck_base + 18 * S), (cx, H + 80 * S)]) * (YY < v_top + 96 * S)
            over(img, tie_col * (0.85 + 0.15 * sh)[..., None], soften(np.maximum(knot, tie), 0.5))
    elif p.collar == "vneck":
        over(img, cl * 0.7, stroke([(cx - nw * 1.05, v_top + 2 * S), (cx, v_top + 58 * S), (cx + nw * 1.05, v_top + 2 * S)], 1.8 * S) * 0.6)
    else:
        over(img, cl * 0.72, stroke(curve((cx - nw * 1.2, v_top), (cx, v_top + 44 * S), (cx + nw * 1.2, v_top)), 1.8 * S) * torso * 0.6)

    # --- ears ------------------------------------------------------------------------
    ear_y = eye_y + 14 * S
    for side in (-1, 1):
        ew_x = cx + side * (np.interp(ear_y, YY[:, 0], halfw[:, int(cx)]) - 1 * S)
        e = ellipse(ew_x + side * 5 * S, ear_y, 9 * S, 24 * S, angle=side * 0.12)
        ear = soften(e < 1, 0.8)
        inner = soften(ellipse(ew_x + side * 5 * S, ear_y + 2 * S, 4.5 * S, 15 * S, side * 0.12) < 1, 1.5)
        e_sh = 0.78 - 0.25 * inner
        over(img, skin_shade(p.skin, np.full((H, W), 1.0) * e_sh), ear)
        if p.earrings:
            over(img, np.array([0.92, 0.80, 0.45]), soften(ellipse(ew_x + side * 5 * S, ear_y + 22 * S, 2.6 * S, 2.6 * S) < 1, 0.5))

    # --- face height field and shading ------------------------------------------------
    u = np.clip(dx / np.maximum(halfw, 1), -1, 1)
    hf = 60 * S * np.sqrt(np.clip(1 - u * u, 0, 1)) * head_mask
    vz = np.clip((YY - crown) / face_len, 0, 1)
    hf *= 0.75 + 0.25 * np.sin(np.pi * np.clip(vz * 1.05, 0, 1)) ** 0.5

    def g(x0, y0, sx, sy, a):
        return a * np.exp(-(((XX - x0) / sx) ** 2 + ((YY - y0) / sy) ** 2))

    nwid = p.nose_w * S
    # nose ridge, tip, wings; eye sockets; cheekbones; chin; lips; brow ridge
    ridge = np.exp(-((XX - cx) / (7 * S)) ** 2) * smoothstep(eye_y - 6 * S, nose_y - 6 * S, YY) * (YY < nose_y + 2 * S)
    hf += 6 * S * ridge
    hf += g(cx, nose_y - 7 * S, 10 * S, 8 * S, 9 * S)
    hf += g(cx - nwid * 0.36, nose_y - 4 * S, 7 * S, 6 * S, 4 * S) + g(cx + nwid * 0.36, nose_y - 4 * S, 7 * S, 6 * S, 4 * S)
    for side in (-1, 1):
        hf += g(cx + side * gap, eye_y, 18 * S, 10 * S, -7 * S)
        hf += g(cx + side * (gap + 14 * S), eye_y + 30 * S, 18 * S, 13 * S, 4 * S)
    hf += g(cx, eye_y - 28 * S, 45 * S, 9 * S, 3 * S)  # brow ridge
    hf += g(cx, chin - 14 * S, 20 * S, 11 * S, 5 * S)
    hf += g(cx, mouth_y + 2 * S, p.mouth_w * 0.5 * S, 8 * S, 3 * S)
    hf += g(cx, mouth_y + 14 * S, p.mouth_w * 0.4 * S, 4 * S, -2.5 * S)  # under-lip groove
    # sagging for the elderly: jowls and deeper sockets
    if p.wrinkle > 0.5:
        k = (p.wrinkle - 0.5) * 2
        for side in (-1, 1):
            hf += g(cx + side * fw * 0.6, chin - 24 * S, 14 * S, 12 * S, 3 * S * k)
            hf += g(cx + side * gap, eye_y + 9 * S, 13 * S, 4 * S, 2.2 * S * k)  # eye bags
    hf = ndimage.gaussian_filter(hf, 1.0 * S)
    shade = lambert(hf, L, 0.50)
    # ambient occlusion from height, and fall-off toward the rim
    shade *= 0.86 + 0.14 * smoothstep(0.97, 0.45, np.abs(u))
    shade *= 1.02 + 0.03 * noise(r, 16 * S, 1.0)
    # blotch, blush, texture
    tone = p.skin * (1 + noise(r, 14 * S, 0.018)[..., None] * np.array([1.0, 0.8, 0.7]))
    blush = sum(g(cx + side * (gap + 6 * S), eye_y + 36 * S, 20 * S, 14 * S, 1.0) for side in (-1, 1))
    tone = tone * (1 - 0.06 * blush[..., None] * np.array([0.0, 1.0, 0.9]))
    face_img = skin_shade(tone, shade)
    face_img *= (1 + noise(r, 0.7 * S, 0.014))[..., None]
    head_a = soften(head_mask, 0.7)
    over(img, face_img, head_a)

    # shadow just under the nose and in the mouth corners
    over(img, p.skin * 0.45, g(cx, nose_y + 3 * S, nwid * 0.35, 3.5 * S, 0.25) * head_mask)

    # --- wrinkles ---------------------------------------------------------------------
    wk = p.wrinkle
    if wk > 0:
        line_col = p.skin * 0.52
        for k in range(3):  # forehead
            yk = eye_y - (44 + 9 * k) * S
            pts = curve((cx - 34 * S, yk + 2 * S), (cx, yk - 4 * S + r.normal(0, 1) * S), (cx + 34 * S, yk + 2 * S))
            over(img, line_col, stroke(pts, 0.55 * S, 1.2) * 0.32 * smoothstep(0.15 + 0.2 * k, 0.7 + 0.1 * k, wk))
        for side in (-1, 1):  # nasolabial folds
            a0 = (cx + side * nwid * 0.55, nose_y - 8 * S)
            a1 = (cx + side * (p.mouth_w * 0.5 + 8) * S, nose_y + 12 * S)
            a2 = (cx + side * (p.mouth_w * 0.5 + 4) * S, mouth_y + 12 * S)
            over(img, line_col, stroke(curve(a0, a1, a2), 0.9 * S, 1.8) * 0.55 * smoothstep(0.05, 0.8, wk))
            for j in range(3):  # crow's feet
                ex0 = cx + side * (gap + p.eye_w * 0.5 * S + 3 * S)
                pts = [(ex0, eye_y + (j - 1) * 2.5 * S), (ex0 + side * 9 * S, eye_y + (j - 1) * 5.5 * S)]
                over(img, line_col, stroke(pts, 0.45 * S, 1.0) * 0.4 * smoothstep(0.45, 1.0, wk))
            pts = curve((cx + side * (gap - 10 * S), eye_y + 8 * S), (cx + side * gap, eye_y + 13 * S), (cx + side * (gap + 11 * S), eye_y + 8 * S))
            over(img, line_col, stroke(pts, 0.5 * S, 1.2) * 0.45 * smoothstep(0.3, 1.0, wk))  # under-eye
            if wk > 0.6:  # marionette lines
                m0 = (cx + side * p.mouth_w * 0.5 * S, mouth_y + 4 * S)
                over(img, line_col, stroke(curve(m0, (m0[0] + side * 2 * S, mouth_y + 18 * S), (m0[0] + side * 4 * S, mouth_y + 30 * S)), 0.6 * S, 1.4) * 0.45 * (wk - 0.6) / 0.4)
        if wk > 0.75:  # age spots
            for _ in range(int(8 * (wk - 0.75) / 0.25) + 2):
                sx = cx + r.normal(0, fw * 0.5)
                sy = eye_y + r.normal(-10, 30) * S
                over(img, p.skin * 0.72, soften(ellipse(sx, sy, 2.2 * S, 1.8 * S) < 1, 0.8) * 0.35 * head_mask)
        # neck lines
        for k in range(2):
            yk = chin + (8 + 12 * k) * S
            over(img, line_col, stroke(curve((cx - nw * 0.7, yk), (cx, yk + 4 * S), (cx + nw * 0.7, yk)), 0.5 * S, 1.4) * 0.35 * smoothstep(0.4, 1.0, wk) * neck_a)

    # --- eyes ------------------------------------------------------------------------
    for side in (-1, 1):
        ex = cx + side * gap
        _eye(img, r, p, ex, eye_y, side, L)

    # --- eyebrows ----------------------------------------------------------------------
    for side in (-1, 1):
        ex = cx + side * gap
        by = eye_y - (15 + p.brow_raise) * S
        inner = (ex - side * p.eye_w * 0.62 * S, by + (p.brow_slant + 1.0) * S)
        peak = (ex + side * p.eye_w * 0.15 * S, by - p.brow_arch * S)
        outer = (ex + side * p.eye_w * 0.72 * S, by + 3.0 * S - p.brow_slant * 0.5 * S)
        pts = curve(inner, peak, outer, 30)
        th = p.brow_thick * S * np.linspace(1.0, 0.45, 30) ** 0.8
        m = stroke(pts, th * 0.5, 1.6)
        hairs = 0.75 + 0.25 * np.clip(noise(r, (0.5 * S, 2.0 * S), 1.0), -1, 1)
        over(img, p.brow_rgb, m * hairs * 0.88)

    # --- nose details --------------------------------------------------------------------
    for side in (-1, 1):
        nx = cx + side * nwid * 0.2
        over(img, p.skin * 0.28, soften(ellipse(nx, nose_y - 1 * S, 4.5 * S, 2.4 * S, side * 0.35) < 1, 1.0) * 0.8)
        wing = curve((cx + side * nwid * 0.38, nose_y - 12 * S), (cx + side * nwid * 0.56, nose_y - 4 * S), (cx + side * nwid * 0.28, nose_y + 1 * S), 16)
        over(img, p.skin * 0.5, stroke(wing, 0.7 * S, 1.8) * 0.45)
    over(img, np.minimum(p.skin * 1.18, 1), g(cx + 2 * S * np.sign(p.light_x), nose_y - 9 * S, 4 * S, 4 * S, 0.35))

    # --- mouth -----------------------------------------------------------------------------
    _mouth(img, r, p, cx, mouth_y, L)

    # --- facial hair -----------------------------------------------------------------------
    if p.facial_hair != "none":
        fh = np.zeros((H, W))
        if p.facial_hair in ("moustache", "goatee"):
            pts = curve((cx - p.mouth_w * 0.55 * S, mouth_y + 1 * S), (cx, mouth_y - 16 * S), (cx + p.mouth_w * 0.55 * S, mouth_y + 1 * S))
            fh = np.maximum(fh, stroke(pts, 3.5 * S, 2.0))
        if p.facial_hair == "goatee":
            fh = np.maximum(fh, soften(ellipse(cx, chin - 12 * S, 14 * S, 12 * S) < 1, 2.0))
        if p.facial_hair == "stubble":
            lower = smoothstep(nose_y + 4 * S, mouth_y + 10 * S, YY) * head_mask * smoothstep(fw * 1.0, fw * 0.6, np.abs(dx))
            fh = lower * 0.35
        fh *= 0.7 + 0.3 * np.clip(noise(r, 0.6 * S, 1.0), -1, 1)
        over(img, p.hair_rgb * 0.9, fh * 0.8)

    # --- front hair -----------------------------------------------------------------------
    _front_hair(img, r, p, cx, crown, chin, fw, face_len, halfw, dx, eye_y, L, head_mask)

    # --- glasses ----------------------------------------------------------------------------
    if p.glasses != "none":
        _glasses(img, r, p, cx, eye_y, gap, L)

    return np.clip(img, 0, 1)


def _triangle(pts):
    (x0, y0), (x1, y1), (x2, y2) = pts
    d = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2)
    a = ((y1 - y2) * (XX - x2) + (x2 - x1) * (YY - y2)) / d
    b = ((y2 - y0) * (XX - x2) + (x0 - x2) * (YY - y2)) / d
    c = 1 - a - b
    return ((a >= 0) & (b >= 0) & (c >= 0)).astype(np.float64)


def _eye(img, r, p, ex, ey, side, L):
    S = SS
    ew, eh = p.eye_w * S / 2, p.eye_h * S
    # local coordinates, outer corner lifted by eye_tilt
    s = (XX - ex) / ew * side  # -1 inner .. +1 outer
    ycen = ey - p.eye_tilt * S * s * 0.5
    inside_x = np.abs(s) < 1
    prof = np.clip(1 - s * s, 0, 1)
    # almond: upper lid higher toward the inner side
    upper = ycen - eh * 0.62 * prof ** 0.75 * (1 + 0.12 * (-s))
    lower = ycen + eh * 0.38 * prof ** 0.9
    opening = (inside_x & (YY > upper) & (YY < lower)).astype(np.float64)
    op_a = soften(opening, 0.5)
    sclera = np.array([0.88, 0.85, 0.80]) * (0.82 + 0.12 * smoothstep(1.0, 0.2, np.abs(s)))[..., None]
    over(img, sclera, op_a)
    # iris and pupil, clipped by the lids, looking straight ahead
    ir = eh * 0.58
    icx = ex + side * 0.5 * S
    d = np.hypot(XX - icx, YY - (ey - eh * 0.05))
    iris = np.clip(ir - d + 0.5 * S, 0, 1 * S) / S * opening
    irc = p.iris_rgb * (0.75 + 0.5 * smoothstep(ir, ir * 0.3, d))[..., None]
    over(img, irc, iris)
    over(img, np.array([0.03, 0.02, 0.02]), np.clip(ir * 0.42 - d, 0, 1) * opening)
    # lid shadow on the eyeball
    over(img, np.array([0.1, 0.06, 0.05]), op_a * smoothstep(upper + eh * 0.35, upper, YY) * 0.45)
    # catch light
    over(img, np.array([1.0, 1.0, 1.0]), soften(np.hypot(XX - (icx - ir * 0.35), YY - (ey - eh * 0.3)) < 1.3 * S, 0.35) * 0.9 * opening)
    # upper lid line with lashes, thicker toward the outer corner
    sx = np.linspace(-1.05, 1.05, 30)
    prof_l = np.clip(1 - sx * sx, 0, 1)
    yc_l = ey - p.eye_tilt * S * sx * 0.5
    up_pts = np.stack([ex + side * sx * ew, yc_l - eh * 0.62 * prof_l ** 0.75 * (1 + 0.12 * (-sx))], 1)
    th = (0.9 + 0.9 * np.clip(sx + 0.3, 0, 1)) * S * (0.85 if p.sex == "M" else 1.1)
    over(img, np.array([0.05, 0.035, 0.03]), stroke(up_pts, th, 1.0) * 0.92)
    lo_pts = np.stack([ex + side * sx * ew * 0.95, yc_l + eh * 0.38 * prof_l ** 0.9], 1)
    over(img, p.skin * 0.45, stroke(lo_pts, 0.45 * S, 1.0) * 0.55)
    # crease (double eyelid) or a soft lid fold
    cr_pts = np.stack([ex + side * sx[4:-2] * ew * 0.92, (yc_l - eh * 0.62 * prof_l ** 0.75 - (3.2 + 0.8 * p.crease) * S)[4:-2]], 1)
    over(img, p.skin * 0.5, stroke(cr_pts, 0.5 * S, 1.6) * (0.55 if p.crease else 0.25))


def _mouth(img, r, p, cx, my, L):
    S = SS
    mw = p.mouth_w * S / 2
    s = (XX - cx) / mw
    inside = np.abs(s) < 1
    prof = np.clip(1 - s * s, 0, 1)
    bow = 1 - 0.25 * np.exp(-(s / 0.12) ** 2)  # cupid's bow dip
    top = my - p.lip_up * S * prof ** 0.6 * bow
    bot = my + p.lip_lo * S * prof ** 0.7
    up = (inside & (YY > top) & (YY <= my)).astype(float)
    lo = (inside & (YY > my) & (YY < bot)).astype(float)
    lip_sh = 0.8 + 0.25 * smoothstep(my + p.lip_lo * S, my + 1 * S, YY) * (YY > my) - 0.1 * (YY <= my)
    lipimg = p.lip_rgb * (lip_sh * (1 + noise(r, (0.5 * S, 1.6 * S), 0.025)))[..., None]
    over(img, lipimg, soften(up, 0.6) * 0.9)
    over(img, lipimg * 1.05, soften(lo, 0.7) * 0.9)
    # lower-lip highlight, parting line, corners
    over(img, np.minimum(p.lip_rgb * 1.35, 1), soften(ellipse(cx + 3 * S, my + p.lip_lo * S * 0.45, mw * 0.35, 1.6 * S) < 1, 1.2) * 0.35)
    sx = np.linspace(-1.02, 1.02, 24)
    pts = np.stack([cx + sx * mw, my + 0.6 * S * np.clip(1 - sx * sx, 0, 1) - 0.5 * S * sx * sx], 1)
    over(img, p.lip_rgb * 0.35, stroke(pts, 0.8 * S, 1.0) * 0.9)
    for side in (-1, 1):
        over(img, p.skin * 0.5, soften(ellipse(cx + side * mw * 1.02, my, 2.0 * S, 2.0 * S) < 1, 1.2) * 0.4)


def _hair_texture(r, base_img, col, origin, vertical=False):
    """Strand-like streaks: noise stretched along the combing direction."""
    ox, oy = origin
    if vertical:
        n = noise(r, (14 * SS, 0.9 * SS), 1.0)
    else:
        ang = np.arctan2(YY - oy, XX - ox)
        rad = np.hypot(XX - ox, YY - oy)
        polar = noise(r, (1.0, 10 * SS), 1.0, shape=(1024, 400))
        ai = (ang + np.pi) / (2 * np.pi) * 1023
        ri = np.clip(rad / (2.2 * SS), 0, 399)
        n = ndimage.map_coordinates(polar, [ai, ri], order=1, mode="wrap")
    fine = noise(r, 0.7 * SS, 1.0)
    lum = 1 + 0.09 * n + 0.02 * fine
    # light hair shows its texture less as darker relative variation
    return base_img * lum[..., None]


def _front_hair(img, r, p, cx, crown, chin, fw, face_len, halfw, dx, eye_y, L, head_mask):
    S = SS
    style = p.hair_style
    vol = p.hair_vol * S
    col = p.hair_rgb
    t = (YY - crown) / face_len
    hl_base = crown + (0.20 + p.hairline / face_len) * face_len  # hairline at the centre
    u = dx / max(fw, 1)

    if style in ("crew", "white crop", "spiky"):
        vol *= 0.55
    if style == "tied":
        vol *= 0.35
    # hair envelope: skull grown by the hair volume
    env = ellipse(cx, crown + fw * 0.98 - vol * 0.2, fw + vol * 0.75, fw * 0.98 + vol) < 1
    side_env = (np.abs(dx) < halfw + vol * 0.55) & (t > 0.2)
    env = env | side_env

    # where hair is, inside the envelope: above a hairline that drops at the temples
    part_x = cx + p.part * fw
    temple = smoothstep(0.55, 0.95, np.abs(u))
    hairline = hl_base + 0.13 * face_len * temple + 3 * S * np.cos(u * 3)
    if style == "receding":
        hairline = hairline + 26 * S * smoothstep(0.55, 0.15, np.abs(u + 0.05)) + 18 * S
    hair_top = env & (YY < hairline)
    # down the sides: short styles stop at the ears, long ones frame the face
    ear_top = eye_y + 2 * S
    if style in ("short", "side part", "crew", "spiky", "receding", "white crop", "balding", "tied"):
        sideburn = (np.abs(dx) > halfw - 10 * S) & (YY < ear_top) & env & (t > 0.2)
        hair = hair_top | sideburn
    elif style in ("short curly", "short bob"):
        sideburn = (np.abs(dx) > halfw - 12 * S) & (YY < eye_y + 30 * S) & (np.abs(dx) < halfw + vol) & (t > 0.2)
        hair = hair_top | sideburn | env & (YY < hairline)
    else:  # long, long fringe, bob, shoulder: locks over the cheeks
        inset = (10 * S) * smoothstep(eye_y - 60 * S, eye_y + 10 * S, YY) * smoothstep(chin - 10 * S, eye_y + 50 * S, YY)
        lock = (np.abs(dx) > halfw - inset) & (t > 0.15) & (t < 0.93) & (halfw > 0) & (np.abs(dx) < halfw + vol + 10 * S)
        hair = hair_top | lock
    if style in ("long fringe", "bob", "short bob"):
        fr = hl_base + 0.21 * face_len + 4 * S * np.cos(u * 9) * (style != "bob")
        fringe = env & (YY < fr) & (np.abs(dx) < halfw + 2 * S)
        hair = hair | fringe
    hair = hair.astype(float)
    # side parting: a thin skin-coloured gap
    if style in ("side part", "long", "shoulder", "receding"):
        part_line = stroke([(part_x, crown + 2 * S), (part_x + (part_x - cx) * 0.25, hl_base + 4 * S)], 1.0 * S, 2.0)
        hair *= 1 - 0.6 * part_line * (YY < hl_base + 8 * S)

    if style == "balding":
        bald_top = ellipse(cx, crown + 0.26 * face_len, fw * 0.85, 0.34 * face_len) < 1
        hair *= 1 - soften(bald_top, 4.0)
        # the bare scalp needs to exist where the envelope sticks out above the skull
    edge_noise = noise(r, 1.2 * S, 1.0)
    hair_a = np.clip(soften(hair, 1.1) * (1 + 0.12 * edge_noise * (soften(hair, 2.0) < 0.9)), 0, 1)

    # shading: a dome with a sheen band
    hh = 40 * S * np.sqrt(np.clip(1 - ((XX - cx) / (fw + vol)) ** 2 - ((YY - crown - fw) / (fw + vol * 1.3)) ** 2 * (YY < crown + fw), 0, 1))
    hs = lambert(ndimage.gaussian_filter(hh, 4 * S), L, 0.45)
    sheen_y = crown + 0.22 * fw
    sheen = np.exp(-((YY - sheen_y) / (10 * S)) ** 2) * smoothstep(fw * 0.9, 0.1 * fw, np.abs(XX - cx - p.light_x * 20 * S))
    hair_img = col * (hs * 0.95)[..., None] + (0.10 + 0.12 * p.grey) * sheen[..., None] * np.array([1.0, 1.0, 1.0])
    if style in ("short curly",):
        curls = noise(r, 1.8 * S, 1.0) + 0.5 * noise(r, 5 * S, 1.0)
        hair_img = hair_img * (1 + 0.08 * curls)[..., None]
    else:
        hair_img = _hair_texture(r, hair_img, col, (part_x, crown - 20 * S))
    # buzz-cut styles let skin show through a little
    alpha = hair_a * (0.86 if style in ("crew", "white crop") else 1.0)
    if style == "tied":  # a bun peeking over the crown
        bun = ellipse(cx, crown + 2 * S - vol, 22 * S, 14 * S) < 1
        bun_a = soften(bun, 1.0) * (1 - head_mask)
        over(img, col * 0.85 * (1 + noise(r, 1.5 * S, 0.12))[..., None], bun_a)
    over(img, hair_img, alpha)


def _glasses(img, r, p, cx, ey, gap, L):
    S = SS
    kind = p.glasses
    col = np.array(p.glasses_rgb)
    lw = p.eye_w * 0.5 * S + 9 * S
    lh = p.eye_h * S + 9 * S if kind != "thin round" else lw * 0.86
    th = {"thin round": 1.0, "thin rect": 1.0, "thick rect": 2.3, "half rim": 1.4}[kind] * S
    for side in (-1, 1):
        lx = cx + side * (gap + 1 * S)
        ly = ey + 1.5 * S
        if kind == "thin round":
            ang = np.linspace(0, 2 * np.pi, 64)
            pts = np.stack([lx + lw * np.cos(ang), ly + lh * np.sin(ang)], 1)
        else:
            ang = np.linspace(0, 2 * np.pi, 72)
            ca, sa = np.cos(ang), np.sin(ang)
            ex_ = 2 / 5.0  # superellipse 'squircle'
            pts = np.stack([lx + lw * np.sign(ca) * np.abs(ca) ** ex_, ly + lh * np.sign(sa) * np.abs(sa) ** ex_], 1)
            pts[:, 1] += np.where(pts[:, 1] > ly, -(np.abs(pts[:, 0] - lx) / lw) ** 2 * 2.5 * S, 0)
        # lens: faint tint and a soft reflection
        lens = _poly_mask(pts)
        over(img, np.array([0.85, 0.9, 0.95]), soften(lens, 1.0) * 0.06)
        refl = np.exp(-(((XX - lx + side * 0 - lw * 0.35) + (YY - ly + lh * 0.4) * 0.6) / (3.5 * S)) ** 2) * lens
        over(img, np.array([1, 1, 1]), ndimage.gaussian_filter(refl, 1.5 * S) * 0.25)
        if kind == "half rim":
            top = pts[(pts[:, 1] <= ly + 1)]
            top = top[np.argsort(top[:, 0])]
            frame = stroke(top, th, 1.0)
            frame = np.maximum(frame, stroke(pts, 0.35 * S, 1.0) * 0.35)
        else:
            frame = stroke(pts, th, 1.0)
        fr_img = col * (0.85 + 0.3 * smoothstep(ly + lh, ly - lh, YY))[..., None]
        over(img, fr_img, frame)
        # temple arm going back toward the ear
        arm = stroke([(lx + side * lw, ly - lh * 0.45), (lx + side * (lw + 14 * S), ly - lh * 0.35)], th * 0.9, 1.0)
        over(img, col * 0.8, arm)
        # a faint shadow of the frame on the cheek
        over(img, np.array([0, 0, 0]), ndimage.shift(frame, (3 * S, 1 * S * -p.light_x), order=1) * 0.10 * (1 - frame))
    bridge = stroke(curve((cx - gap + lw - 1 * S, ey - 2 * S), (cx, ey - 7 * S), (cx + gap - lw + 1 * S, ey - 2 * S), 12), th * 0.9, 1.0)
    over(img, col, bridge)


def _poly_mask(pts):
    """Even-odd point-in-polygon, vectorised over the canvas bounding box."""
    pts = np.asarray(pts)
    x0, x1 = int(max(0, pts[:, 0].min() - 2)), int(min(W, pts[:, 0].max() + 2))
    y0, y1 = int(max(0, pts[:, 1].min() - 2)), int(min(H, pts[:, 1].max() + 2))
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float64) + 0.5
    inside = np.zeros(yy.shape, dtype=bool)
    n = len(pts)
    for i in range(n):
        xa, ya = pts[i]
        xb, yb = pts[(i + 1) % n]
        cond = (ya > yy) != (yb > yy)
        xint = (xb - xa) * (yy - ya) / np.where(yb - ya == 0, 1e-12, yb - ya) + xa
        inside ^= cond & (xx < xint)
    out = np.zeros((H, W))
    out[y0:y1, x0:x1] = inside
    return out
