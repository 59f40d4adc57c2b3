#!/usr/bin/env python3
"""`make bench`: kehoach against the floor and the peer on the same scans.

On the scanned fixture PDFs it times, median of RUNS runs each:
  * `kehoach extract` with --jobs 1 and --jobs 2 (everything: render,
    binarise, table geometry, OCR of page and cells, repair, records, JSON);
  * Tesseract's own CLI on the same pages rendered beforehand (recognition
    alone, PSM 3, `vie`), one and two processes at a time;
  * OCRmyPDF (`--jobs 2 --sidecar --output-type none -l vie`, OCR only).
and prints pages/min, s/page, peak RSS and the ratios the targets name.
Usage: scripts/bench.py [RUNS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
BIN = "target/release/kehoach"
SCANS = [
    "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.scan-clean.pdf",
    "fixtures/inputs/qd-kiem-tra-tthc-hai-phong.scan-skewed.pdf",
    "fixtures/inputs/kh-1168-sgddt.scan-noisy.pdf",
]
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return next(int(l.split()[1]) for l in out.splitlines() if l.startswith("Pages:"))


def timed(cmds, parallel=1):
    """Run `cmds`, `parallel` at a time; wall seconds and the largest
    process's peak RSS in MB (GNU time)."""
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        running, rss_files = [], []
        for i, cmd in enumerate(cmds):
            f = os.path.join(tmp, f"rss{i}")
            rss_files.append(f)
            running.append(subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", f, *cmd],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV))
            if len(running) == parallel:
                if running.pop(0).wait() != 0:
                    sys.exit(f"failed: {cmd}")
        for p in running:
            if p.wait() != 0:
                sys.exit("a benchmarked command failed")
        wall = time.perf_counter() - t
        rss = max(int(open(f).read().split()[-1]) for f in rss_files) / 1024
    return wall, rss


def median_of(make_cmds, parallel=1):
    walls, rss = [], 0.0
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as out:
            w, r = timed(make_cmds(out), parallel)
        walls.append(w)
        rss = max(rss, r)
    return statistics.median(walls), min(walls), max(walls), rss


def main():
    n = sum(pages(p) for p in SCANS)
    rows = {}
    for jobs in (1, 2):
        rows[f"kehoach extract --jobs {jobs}"] = median_of(
            lambda out: [[BIN, "extract", *SCANS, "-o", out, "--jobs", str(jobs), "--force", "--progress", "never"]])
    with tempfile.TemporaryDirectory() as img_dir:
        for i, p in enumerate(SCANS):
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", p, f"{img_dir}/d{i}"], check=True)
        imgs = sorted(os.path.join(img_dir, f) for f in os.listdir(img_dir))
        for par in (1, 2):
            rows[f"tesseract CLI, {par} at a time"] = median_of(
                lambda out: [["tesseract", img, "-", "-l", "vie", "--psm", "3"] for img in imgs], par)
    rows["ocrmypdf --jobs 2"] = median_of(
        lambda out: [["ocrmypdf", "-q", "--jobs", "2", "-l", "vie", "--output-type", "none",
                      "--sidecar", os.path.join(out, f"s{i}.txt"), p, "-"] for i, p in enumerate(SCANS)])

    print(f"{n} scanned pages (300 dpi, CCITT G4) in {len(SCANS)} PDFs, {os.cpu_count()} cores, "
          f"median of {RUNS} runs (min–max)\n")
    print("| command | wall s | s/page | pages/min | peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, (med, lo, hi, rss) in rows.items():
        print(f"| {name} | {med:.1f} ({lo:.1f}–{hi:.1f}) | {med / n:.2f} | {60 * n / med:.0f} | {rss:.0f} |")
    k1, k2 = rows["kehoach extract --jobs 1"][0], rows["kehoach extract --jobs 2"][0]
    t1, t2 = rows["tesseract CLI, 1 at a time"][0], rows["tesseract CLI, 2 at a time"][0]
    o2 = rows["ocrmypdf --jobs 2"][0]
    print()
    print(f"kehoach/tesseract, 1 job:  {k1 / t1:.2f}  (target ≤ 1.15)")
    print(f"kehoach/tesseract, 2 jobs: {k2 / t2:.2f}  (target ≤ 1.15)")
    print(f"kehoach/ocrmypdf, 2 jobs:  {k2 / o2:.2f}  (target < 1)")
    print(f"kehoach scaling, 1 → 2 jobs: {k1 / k2:.2f}×")
    print(f"kehoach peak RSS, 2 jobs: {rows['kehoach extract --jobs 2'][3]:.0f} MB  (target < 500)")


if __name__ == "__main__":
    main()
