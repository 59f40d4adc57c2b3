#!/usr/bin/env python3
"""Measure `kehoach extract` on the scanned fixtures: wall seconds per page
and peak memory, for --jobs 1 and 2, median of several runs. Also times
Tesseract's own CLI on the same rendered pages (recognition alone) for
scale. Prints a Markdown table. Usage: scripts/measure.py [RUNS]
"""
import os
import resource
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


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return next(int(l.split()[1]) for l in out.splitlines() if l.startswith("Pages:"))


def timed(cmd, env=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t
    # ru_maxrss of children is the max over all waited-for children so far.
    return wall, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main():
    n = sum(pages(p) for p in SCANS)
    rows = []
    for jobs in (1, 2):
        walls, rss = [], 0
        for _ in range(RUNS):
            with tempfile.TemporaryDirectory() as out:
                w, r = timed([BIN, "extract", *SCANS, "-o", out, "--jobs", str(jobs), "--force", "--progress", "never"])
                walls.append(w)
                rss = max(rss, r)
        med = statistics.median(walls)
        rows.append((f"kehoach extract --jobs {jobs}", med, med / n, 60 * n / med, rss))
    # Tesseract CLI on the same pages, one process per page, 2 at a time.
    with tempfile.TemporaryDirectory() as tmp:
        imgs = []
        for i, p in enumerate(SCANS):
            subprocess.run(["pdftoppm", "-r", "300", "-gray", p, f"{tmp}/d{i}"], check=True)
        imgs = sorted(os.path.join(tmp, f) for f in os.listdir(tmp))
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        walls = []
        for _ in range(RUNS):
            t = time.perf_counter()
            procs = []
            for img in imgs:
                procs.append(subprocess.Popen(["tesseract", img, "-", "-l", "vie", "--psm", "3"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
                if len(procs) == 2:
                    procs.pop(0).wait()
            for pr in procs:
                pr.wait()
            walls.append(time.perf_counter() - t)
        med = statistics.median(walls)
        rows.append(("tesseract CLI, 2 at a time (recognition only)", med, med / n, 60 * n / med, None))
    print(f"{n} scanned pages (300 dpi, CCITT G4), {os.cpu_count()} cores, median of {RUNS} runs\n")
    print("| command | wall s | s/page | pages/min | peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, wall, spp, ppm, rss in rows:
        print(f"| {name} | {wall:.1f} | {spp:.2f} | {ppm:.0f} | {'' if rss is None else f'{rss:.0f}'} |")


if __name__ == "__main__":
    main()
