#!/usr/bin/env python3
"""Field accuracy of extracted tasks against a gold extraction.

Usage: scripts/task_accuracy.py GOLD.json OUT.json...
Fields per gold task: content, deliverable, section_title, group_title
(right within 2% character error), lead and cooperating unit lists (same
length, each unit within 2%), deadline kind/start/end (exact). Prints field
accuracy, record-exact rate and ids that are not in the gold (spurious).
"""
import json
import sys


def cer(a, b):
    a, b = list(a or ""), list(b or "")
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        cur = [i + 1] + [0] * len(b)
        for j, cb in enumerate(b):
            cur[j + 1] = min(prev[j] + (ca != cb), prev[j + 1] + 1, cur[j] + 1)
        prev = cur
    return prev[len(b)] / max(1, len(b))


def score(gold, got):
    ok = tot = exact = 0
    for i, g in gold.items():
        t = got.get(i)
        f = [t is not None and cer(t[k], g[k]) <= 0.02 for k in ("content", "deliverable", "section_title", "group_title")]
        f += [t is not None and len(t[k]) == len(g[k]) and all(cer(a, b) <= 0.02 for a, b in zip(t[k], g[k]))
              for k in ("lead_units", "cooperating_units")]
        f += [t is not None and t["deadline"][k] == g["deadline"][k] for k in ("kind", "start", "end")]
        ok, tot, exact = ok + sum(f), tot + len(f), exact + all(f)
    return 100 * ok / max(tot, 1), 100 * exact / max(len(gold), 1), len(set(got) - set(gold))


def main():
    gold = {t["id"]: t for t in json.load(open(sys.argv[1]))["tasks"]}
    print("| output | tasks | field accuracy | record-exact | spurious |")
    print("|---|---|---|---|---|")
    for path in sys.argv[2:]:
        got = {t["id"]: t for t in json.load(open(path))["tasks"]}
        acc, exact, spurious = score(gold, got)
        print(f"| {path.rsplit('/', 1)[-1]} | {len(got)}/{len(gold)} | {acc:.1f}% | {exact:.0f}% | {spurious} |")


if __name__ == "__main__":
    main()
