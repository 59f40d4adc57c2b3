#!/usr/bin/python3
"""Issue-3 targets 2 and 3: how many OCR syllable errors the repair removes.

Clean evaluation texts (seeds 003 and 004: never in the LM, lexicon or
channel) --(rendered, scanned and damaged exactly as tools/channel/learn.py
does)--> page images --(tesseract -l eng, and -l vie)--> raw OCR text
--(kehoach repair --model M)--> repaired text.

Raw and repaired text are each aligned with the truth by syllable (difflib
over case-folded syllables, marks kept); a truth syllable is right when it
is aligned to an identical one. Prints syllable accuracy and CER of raw and
repaired text and the share of raw syllable errors the repair removed.

Usage: tools/channel/eval_ocr.py TEXT...     (`make eval` runs it on the seeds)
Set EVAL_OCR_KEEP=DIR to keep the raw OCR text there and reuse it on the next
run, and to write DIR/errors-MODEL.tsv: every syllable the repair left wrong
(truth, raw OCR, repaired), for study.
"""
import difflib
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from learn import ocr, render, words  # noqa: E402  (same rendering and damage)

BIN = ROOT / "target/release/kehoach"


def accuracy(truth, got):
    a = [w.lower() for w in truth]
    b = [w.lower() for w in got]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(bl.size for bl in sm.get_matching_blocks()) / max(1, len(a))


def cer(truth, got):
    # Over the syllable sequences joined by spaces: layout (line breaks,
    # hyphenation, punctuation) is not what repair is judged on.
    a, b = " ".join(truth).lower(), " ".join(got).lower()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")
    return edits / max(1, len(a))


def repair(text, model):
    r = subprocess.run([str(BIN), "repair", "--model", model], input=text, capture_output=True,
                       text=True, check=True)
    return r.stdout


def errors(truth, raw, fixed):
    """(truth, raw, repaired) for every truth syllable not right after repair."""
    def align(got):
        a, b = [w.lower() for w in truth], [w.lower() for w in got]
        m = {}
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op in ("equal", "replace") and i2 - i1 == j2 - j1:
                m.update({i1 + k: got[j1 + k] for k in range(i2 - i1)})
        return m
    r, f = align(raw), align(fixed)
    return [(t, r.get(i, "-"), f.get(i, "-")) for i, t in enumerate(truth) if f.get(i, "").lower() != t.lower()]


def main():
    keep = os.environ.get("EVAL_OCR_KEEP")
    texts = [pathlib.Path(p) for p in sys.argv[1:]]
    if not texts:
        sys.exit(__doc__)
    print("| text | model | syllables | raw accuracy | repaired accuracy | raw CER | repaired CER | errors removed |")
    print("|---|---|---|---|---|---|---|---|")
    totals = {}
    if keep:
        for m in ("eng", "vie"):
            (pathlib.Path(keep) / f"errors-{m}.tsv").unlink(missing_ok=True)
    for path in texts:
        paras = [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
        truth = words("\n".join(paras))
        with tempfile.TemporaryDirectory() as d:
            pages = None
            for model in ("eng", "vie"):
                cached = pathlib.Path(keep) / f"{path.stem}.{model}.txt" if keep else None
                if cached and cached.exists():
                    raw = cached.read_text(encoding="utf-8")
                else:
                    pages = pages or render(paras, pathlib.Path(d))
                    raw = ocr(pages, model)
                    if cached:
                        cached.parent.mkdir(parents=True, exist_ok=True)
                        cached.write_text(raw, encoding="utf-8")
                fixed = repair(raw, model)
                if keep:
                    with open(pathlib.Path(keep) / f"errors-{model}.tsv", "a", encoding="utf-8") as e:
                        for row in errors(truth, words(raw), words(fixed)):
                            e.write("\t".join((path.stem[:3],) + row) + "\n")
                ra, fa = accuracy(truth, words(raw)), accuracy(truth, words(fixed))
                rc, fc = cer(truth, words(raw)), cer(truth, words(fixed))
                removed = (fa - ra) / (1 - ra) if ra < 1 else 0.0
                t = totals.setdefault(model, [0, 0.0, 0.0])
                t[0] += len(truth)
                t[1] += (1 - ra) * len(truth)
                t[2] += (1 - fa) * len(truth)
                print(f"| {path.name[:12]} | {model} | {len(truth)} | {100 * ra:.2f}% | {100 * fa:.2f}% | "
                      f"{100 * rc:.2f}% | {100 * fc:.2f}% | {100 * removed:.1f}% |", flush=True)
    for model, (n, raw_err, fixed_err) in totals.items():
        print(f"| all | {model} | {n} | {100 * (1 - raw_err / n):.2f}% | {100 * (1 - fixed_err / n):.2f}% | | | "
              f"{100 * (raw_err - fixed_err) / max(raw_err, 1e-9):.1f}% |")


if __name__ == "__main__":
    main()
