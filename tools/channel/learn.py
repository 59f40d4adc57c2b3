#!/usr/bin/python3
"""Learn the OCR channel (confusion) model: dictionaries/confusion.tsv.

Clean Vietnamese text --(HTML, Debian chromium print)--> PDF
  --(pdftoppm, 300 dpi; the same seeded scanner damage as the fixtures)--> 1-bit pages
  --(tesseract -l vie, and -l eng)--> OCR text
  --(align with the truth on folded syllables)--> counts of
     intended tone -> read tone, and intended letter -> read letter,
     over syllables whose bare letters were read right.

The text is a deterministic sample of the corpus (every STEP-th paragraph of
each law) plus our plan-style text; never the evaluation texts (seeds 003/004).

A third model, `vie-degraded`, is `vie` reading the same pages as a 200 dpi
fax (the corpus generator's fax damage: skew, speckle, blur, a hard
threshold): marks break into other marks there far more often, and the
repair of a page read with low confidence weighs its readings by it.

Usage: tools/channel/learn.py [CORPUS_DIR] [OUT_TSV] [--models M,M]
       (`make dictionaries` runs it; --models relearns those models' rows
       and keeps the other rows of OUT_TSV)
Needs: chromium, poppler-utils, tesseract-ocr-vie, tesseract-ocr-eng, python3-pil.
"""
import collections
import difflib
import html
import pathlib
import random
import subprocess
import sys
import tempfile
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))
from generate import CHROMIUM_FLAGS, degrade  # noqa: E402  (same damage as the fixtures)
from PIL import Image  # noqa: E402

STEP = 40            # every 40th paragraph of each corpus file
MAX_CHARS = 120_000  # 52 pages: enough counts for the rarer letter slips
TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def split_tone(s):
    tone, base = 0, []
    for c in unicodedata.normalize("NFD", s):
        if c in TONES:
            tone = TONES[c]
        else:
            base.append(c)
    return unicodedata.normalize("NFC", "".join(base)), tone


def fold(s):
    out = []
    for c in s.lower():
        if c == "đ":
            out.append("d")
        else:
            out.append(unicodedata.normalize("NFD", c)[0])
    return "".join(out)


def words(text):
    toks, cur = [], []
    for c in unicodedata.normalize("NFC", text):
        if c.isalpha():
            cur.append(c)
        elif cur:
            toks.append("".join(cur))
            cur = []
    if cur:
        toks.append("".join(cur))
    return toks


def sample(corpus: pathlib.Path):
    paras = []
    for f in sorted(corpus.glob("*.txt")):
        ps = [p.strip() for p in f.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 60]
        paras.extend(ps[::STEP])
    plan = (ROOT / "dictionaries/src/plan-style.txt").read_text(encoding="utf-8").splitlines()
    text, n = [], 0
    for p in plan + paras:
        if n > MAX_CHARS:
            break
        text.append(p)
        n += len(p)
    return text


# The corpus generator's fax rendering (tools/corpus/generate.py, "fax").
FAX = dict(dpi=200, skew=(0.3, 0.8), noise=0.05, blur=0.8, threshold=150)


def render(paras, tmp: pathlib.Path):
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    page = (f"<!doctype html><meta charset=utf-8><style>@page{{size:A4;margin:20mm}}"
            f"body{{font:13pt 'Liberation Serif',serif;text-align:justify}}</style>{body}")
    src = tmp / "text.html"
    src.write_text(page, encoding="utf-8")
    pdf = tmp / "text.pdf"
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium'}",
                    f"--print-to-pdf={pdf}", src.as_uri()], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    subprocess.run(["pdftoppm", "-gray", "-r", "300", str(pdf), str(tmp / "p")], check=True)
    rng = random.Random(7)
    pages = []
    for i, png in enumerate(sorted(tmp.glob("p-*.pgm"))):
        img = degrade(Image.open(png), rng, skew=0.0, noise=0.02 * (i % 3), blur=0.3 + 0.2 * (i % 3))
        out = tmp / f"page-{i:03}.png"
        img.save(out, dpi=(300, 300))
        pages.append(out)
    return pdf, pages


def render_fax(pdf: pathlib.Path, tmp: pathlib.Path):
    """The same pages as a 200 dpi fax."""
    subprocess.run(["pdftoppm", "-gray", "-r", str(FAX["dpi"]), str(pdf), str(tmp / "f")], check=True)
    rng = random.Random(11)
    pages = []
    for i, png in enumerate(sorted(tmp.glob("f-*.pgm"))):
        skew = rng.uniform(*FAX["skew"]) * rng.choice((-1, 1))
        img = degrade(Image.open(png), rng, skew=skew, noise=FAX["noise"], blur=FAX["blur"],
                      threshold=FAX["threshold"])
        out = tmp / f"fax-{i:03}.png"
        img.save(out, dpi=(FAX["dpi"], FAX["dpi"]))
        pages.append(out)
    return pages


def ocr(pages, lang):
    text = []
    for p in pages:
        r = subprocess.run(["tesseract", str(p), "-", "-l", lang, "--psm", "6"], check=True,
                           capture_output=True, text=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
        text.append(r.stdout)
    return "\n".join(text)


def count(truth_words, ocr_words, model, counts):
    a = [fold(w) for w in truth_words]
    b = [fold(w) for w in ocr_words]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pairs = 0
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            t, o = truth_words[block.a + k].lower(), ocr_words[block.b + k].lower()
            (tb, tt), (ob, ot) = split_tone(t), split_tone(o)
            counts[(model, "tone", str(tt), str(ot))] += 1
            if len(tb) == len(ob):
                for x, y in zip(tb, ob):
                    if fold(x) in "aeiouyd":  # letters that carry marks
                        counts[(model, "letter", x, y)] += 1
            pairs += 1
    return pairs


MODELS = ("vie", "eng", "vie-degraded")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--models")]
    only = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--models=")]
    models = only[0].split(",") if only else list(MODELS)
    corpus = pathlib.Path(args[0] if args else ROOT.parent / "shared/corpus/vietnamese-legal")
    out = pathlib.Path(args[1] if len(args) > 1 else ROOT / "dictionaries/confusion.tsv")
    paras = sample(corpus)
    truth = words("\n".join(paras))
    counts = collections.Counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        pdf, pages = render(paras, tmp)
        fax = render_fax(pdf, tmp) if "vie-degraded" in models else []
        for model in models:
            lang, imgs = ("vie", fax) if model == "vie-degraded" else (model, pages)
            got = words(ocr(imgs, lang))
            n = count(truth, got, model, counts)
            print(f"{model}: {len(imgs)} pages, {len(truth)} syllables, {n} aligned", file=sys.stderr)
    # Rows of models not relearned stay as they were.
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if not line.startswith("#") and len(f) == 5 and f[0] not in models:
                m, k, a, b, n = f
                counts[(m, k, a, b)] = int(n)
    lines = ["# model\tkind\tintended\tobserved\tcount",
             "# learned by tools/channel/learn.py: corpus sample rendered, scanned (1-bit, 300 dpi), OCR'd, aligned;",
             "# vie-degraded: the same pages as a 200 dpi fax"]
    for (m, k, a, b), n in sorted(counts.items()):
        lines.append(f"{m}\t{k}\t{a}\t{b}\t{n}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(counts)} rows)", file=sys.stderr)


if __name__ == "__main__":
    main()
