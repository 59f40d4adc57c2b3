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

Usage: tools/channel/learn.py [CORPUS_DIR] [OUT_TSV]    (`make dictionaries` runs it)
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


def main():
    corpus = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared/corpus/vietnamese-legal")
    out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "dictionaries/confusion.tsv")
    paras = sample(corpus)
    truth = words("\n".join(paras))
    counts = collections.Counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        pages = render(paras, tmp)
        for model in ("vie", "eng"):
            got = words(ocr(pages, model))
            n = count(truth, got, model, counts)
            print(f"{model}: {len(pages)} pages, {len(truth)} syllables, {n} aligned", file=sys.stderr)
    lines = ["# model\tkind\tintended\tobserved\tcount",
             "# learned by tools/channel/learn.py: corpus sample rendered, scanned (1-bit, 300 dpi), OCR'd, aligned"]
    for (m, k, a, b), n in sorted(counts.items()):
        lines.append(f"{m}\t{k}\t{a}\t{b}\t{n}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(counts)} rows)", file=sys.stderr)


if __name__ == "__main__":
    main()
