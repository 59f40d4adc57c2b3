"""Colour office scans and phone photos of a printed plan (PIL only).

In: the born-digital PDF chromium printed, the signer's name, the issuer (for
the seal's ring text) and a seeded random.Random. Out: a PDF of JPEG pages:

- `color`: 200 dpi colour JPEG on tinted paper with uneven scanner light, a
  red round seal over the signing block and a blue signature across it;
- `photo`: the same page photographed with a 12 MP phone: the page turned up
  to ±15°, keystoned up to 8%, on a desk, light falling off to the edges,
  slightly blurred, JPEG.

The seal is placed from the signer's name as pdftotext finds it in the
born-digital PDF, so it lands where a clerk stamps it: over the left part of
the signature, the rank and title above it and the top of the name.
"""
import io
import math
import re
import subprocess

import img2pdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SEAL_RED = (205, 35, 45)
PEN_BLUE = (30, 55, 160)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def rasterise_rgb(pdf, dpi, tmp):
    prefix = tmp / "rgb"
    for old in tmp.glob("rgb*.ppm"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp.glob("rgb*.ppm"))]


def find_name(pdf, name):
    """(page index, xmin, ymin, xmax, ymax in points) of the signer's name."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    want = name.split()
    for p, page in enumerate(out.split("<page ")[1:]):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)
        texts = [w[4] for w in words]
        for i in range(len(texts) - len(want) + 1):
            if texts[i:i + len(want)] == want:
                box = [float(v) for w in words[i:i + len(want)] for v in w[:4]]
                return p, min(box[0::4]), min(box[1::4]), max(box[2::4]), max(box[3::4])
    return None


def tint(img, rng):
    """Yellowed or grey paper and a scanner lamp brighter in the middle."""
    paper = (rng.randint(232, 246), rng.randint(226, 240), rng.randint(200, 225))
    img = ImageChops.multiply(img, Image.new("RGB", img.size, paper))
    return ImageChops.multiply(img, falloff(img.size, rng, 0.05, 0.10).convert("RGB"))


def falloff(size, rng, lo, hi):
    """Light as an L image: 255 at a bright spot, down by lo..hi at the far corner."""
    w, h = 48, 64
    cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
    drop = rng.uniform(lo, hi)
    far = math.hypot(max(cx, w - cx), max(cy, h - cy))
    small = Image.new("L", (w, h))
    small.putdata([round(255 * (1 - drop * (math.hypot(x - cx, y - cy) / far) ** 2))
                   for y in range(h) for x in range(w)])
    return small.resize(size, Image.BICUBIC)


def ink(img, mask, colour):
    """Print `colour` where `mask` is (L, 255 = full ink), multiplying as ink does."""
    return Image.composite(ImageChops.multiply(img, Image.new("RGB", img.size, colour)), img, mask)


def seal_mask(r, issuer, rng):
    """A round seal of radius r px: double ring, the issuer around it, a star."""
    size = 2 * r + 4
    m = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(m)
    c = size / 2
    lw = max(2, round(r * 0.045))
    d.ellipse([c - r, c - r, c + r, c + r], outline=255, width=lw)
    ri = r * 0.68
    d.ellipse([c - ri, c - ri, c + ri, c + ri], outline=255, width=max(1, lw // 2))
    text = (issuer.upper() + " * ")[:40]
    font = ImageFont.truetype(FONT, max(8, round(r * 0.14)))
    for i, ch in enumerate(text):
        a = -math.pi / 2 - math.pi * 0.85 + 2 * math.pi * 0.85 * i / max(1, len(text) - 1)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size * 0.5, font.size * 0.4), ch, fill=255, font=font)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        rr = (r + ri) / 2
        x, y = c + rr * math.cos(a) - font.size, c + rr * math.sin(a) - font.size
        m.paste(255, (round(x), round(y)), glyph)
    s = r * 0.28
    star = [(c + (s if k % 2 == 0 else s * 0.4) * math.cos(-math.pi / 2 + k * math.pi / 5),
             c + (s if k % 2 == 0 else s * 0.4) * math.sin(-math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    d.polygon(star, fill=255)
    # Stamp ink is uneven: thin it in patches.
    mottle = Image.effect_noise((size, size), 60).filter(ImageFilter.GaussianBlur(r * 0.03))
    m = ImageChops.multiply(m, mottle.point(lambda v: min(255, 90 + v)))
    return m.rotate(rng.uniform(-40, 40), resample=Image.BICUBIC)


def signature_mask(size, box, rng, width):
    """A handwritten flourish inside box (x0, y0, x1, y1), px."""
    m = Image.new("L", size, 0)
    d = ImageDraw.Draw(m)
    x0, y0, x1, y1 = box
    pts, x, y = [], x0, (y0 + y1) / 2
    vy = 0.0
    while x < x1:
        vy = 0.7 * vy + rng.uniform(-1, 1) * (y1 - y0) * 0.35
        y = min(y1, max(y0, y + vy))
        pts.append((x, y))
        x += rng.uniform(0.03, 0.09) * (x1 - x0)
    # A loop back under the strokes, as a signature's underline.
    pts.append((x0 + (x1 - x0) * rng.uniform(0.1, 0.4), y1))
    d.line(pts, fill=255, width=width, joint="curve")
    return m.filter(ImageFilter.GaussianBlur(width * 0.2))


def sign_and_seal(pages, pdf, dpi, signer, issuer, rng):
    """Stamp the seal and sign over the signing block of the page that has it."""
    found = find_name(pdf, signer)
    if found is None:
        return pages
    p, nx0, ny0, nx1, ny1 = [found[0]] + [v * dpi / 72 for v in found[1:]]
    img = pages[p]
    nw = nx1 - nx0
    # The signature: between the title above and the name (60 pt gap).
    gap = 60 * dpi / 72
    sig = (nx0 - 0.2 * nw, ny0 - gap * 0.9, nx1 + 0.1 * nw, ny0 - gap * 0.1)
    img = ink(img, signature_mask(img.size, sig, rng, max(2, round(dpi / 70))), PEN_BLUE)
    r = round(rng.uniform(17, 20) / 25.4 * dpi)
    cx = nx0 + rng.uniform(-0.25, 0.15) * nw
    cy = ny0 - gap * rng.uniform(0.35, 0.7)
    m = seal_mask(r, issuer, rng)
    full = Image.new("L", img.size, 0)
    full.paste(m, (round(cx - m.width / 2), round(cy - m.height / 2)))
    pages[p] = ink(img, full, SEAL_RED)
    return pages


def jpeg(img, quality, dpi):
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


def write_color(pdf, out, signer, issuer, rng, tmp, dpi=200):
    pages = [tint(p, rng) for p in rasterise_rgb(pdf, dpi, tmp)]
    pages = sign_and_seal(pages, pdf, dpi, signer, issuer, rng)
    pages = [p.filter(ImageFilter.GaussianBlur(0.5)) for p in pages]
    out.write_bytes(img2pdf.convert([jpeg(p, rng.randint(55, 75), dpi) for p in pages]))


def solve(a, b):
    """Gaussian elimination with partial pivoting: x with a x = b."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for i in range(n):
        k = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[k] = m[k], m[i]
        for r in range(n):
            if r != i:
                f = m[r][i] / m[i][i]
                m[r] = [x - f * y for x, y in zip(m[r], m[i])]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coeffs(dst, src):
    """PIL's PERSPECTIVE data: maps output points dst[i] to input points src[i]."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return solve(a, b)


def desk(size, rng):
    """A desk: wood, grey laminate or a dark cloth, with grain and noise."""
    base = rng.choice([(150, 105, 65), (120, 120, 115), (60, 55, 60), (175, 150, 120)])
    img = Image.new("RGB", size, base)
    grain = Image.effect_noise((size[0] // 8, size[1] // 64), 40).resize(size, Image.BICUBIC)
    grain = grain.point(lambda v: min(255, 170 + v // 3)).convert("RGB")
    return ImageChops.multiply(img, grain)


def page_quad(pw, ph, cw, ch, rng):
    """Where the page's corners land in the photo: turned, keystoned, offset."""
    angle = math.radians(rng.uniform(-15, 15))
    key = rng.uniform(0.0, 0.08)
    fill = rng.uniform(0.78, 0.9)
    s = fill * min(cw / pw, ch / ph)
    w, h = pw * s, ph * s
    # Keystone: the far edge (top, or a side) shorter by `key`.
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    side = rng.choice(["top", "top", "left", "right"])
    def squeeze(x, y):
        if side == "top":
            t = (h / 2 - y) / h
            return x * (1 - key * t), y
        t = ((w / 2 + x) if side == "right" else (w / 2 - x)) / w
        return x, y * (1 - key * t)
    corners = [squeeze(x, y) for x, y in corners]
    ca, sa = math.cos(angle), math.sin(angle)
    pts = [(x * ca - y * sa, x * sa + y * ca) for x, y in corners]
    # Shrink until the whole page is in the frame, then place it.
    span_x = max(p[0] for p in pts) - min(p[0] for p in pts)
    span_y = max(p[1] for p in pts) - min(p[1] for p in pts)
    k = min(1.0, 0.96 * cw / span_x, 0.96 * ch / span_y)
    pts = [(x * k, y * k) for x, y in pts]
    span_x, span_y = span_x * k, span_y * k
    ox = cw / 2 + rng.uniform(-0.4, 0.4) * (cw - span_x) / 2
    oy = ch / 2 + rng.uniform(-0.4, 0.4) * (ch - span_y) / 2
    return [(x + ox, y + oy) for x, y in pts]


def photograph(page, rng):
    """The page as a 12 MP phone photo of it lying on a desk."""
    pw, ph = page.size
    cw, ch = (3000, 4000) if ph >= pw else (4000, 3000)
    quad = page_quad(pw, ph, cw, ch, rng)
    coeffs = perspective_coeffs(quad, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    warped = page.transform((cw, ch), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", page.size, 255).transform((cw, ch), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    img = Image.composite(warped, desk((cw, ch), rng), mask)
    img = ImageChops.multiply(img, falloff((cw, ch), rng, 0.2, 0.4).convert("RGB"))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.7, 1.3)))
    return img


def write_photo(pdf, out, signer, issuer, rng, tmp, dpi=300):
    pages = [tint(p, rng) for p in rasterise_rgb(pdf, dpi, tmp)]
    pages = sign_and_seal(pages, pdf, dpi, signer, issuer, rng)
    shots = []
    for p in pages:
        img = photograph(p, rng)
        # As a phone scanning app bundles photos: the long side on an A4 page.
        shot_dpi = round(max(img.size) / 11.69)
        shots.append(jpeg(img, rng.randint(80, 90), shot_dpi))
    out.write_bytes(img2pdf.convert(shots))
