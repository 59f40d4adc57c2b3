#!/usr/bin/env python3
"""Derive full unit names from the legal corpus (../shared/corpus).

A name is a noun phrase that starts at a capitalised head noun of
dictionaries/units/heads.tsv (classes unit, body, office) and runs over
its specifier: capitalised syllables, the lower-case syllables of the word
each one starts (at most three), "và" / "-" between two capitalised parts,
and the place words (tỉnh, xã, …) lower case. It stops at punctuation, a
function word or a verb. Phrases seen at least MIN_COUNT times with a
specifier are kept, unless a commoner name is their start (the
rest ran on into the sentence). Only the derived list is committed, never the texts.

    python3 tools/units/derive.py ../shared/corpus/vietnamese-legal \
        > dictionaries/units/names-corpus.tsv
"""
import collections
import pathlib
import re
import sys
import unicodedata

MIN_COUNT = 4
MAX_WORDS = 10
# Function words and verbs that end a name in running text.
STOP = set("""của có được là theo trong tại về cho với để phải quy thực chủ hướng
thống phối trình quản cấp các những này đó khi thì không đã sẽ đang trực
thuộc hoặc nếu mà cùng chấp nhận ở liên từ đến trên dưới sau trước bị do bằng như vào ra lên xuống
nơi người việc ban hành quyết định xem xét tổ chức đối hoặc gồm kể nhưng
chịu trách nhiệm căn cứ""".split())
PLACES = set("tỉnh thành phố xã phường đặc khu huyện quận thị trấn".split())


def nfc(s):
    return unicodedata.normalize("NFC", s)


def fold(w):
    """Marks stripped, lower case: "Uỷ" and "Ủy" are one syllable."""
    d = unicodedata.normalize("NFD", w.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c)).lower()


def heads(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or "\t" not in line:
            continue
        cls, phrase = line.rstrip("\n").split("\t")
        if cls in ("unit", "body", "office"):
            out.append(nfc(phrase).split())
    return sorted(out, key=len, reverse=True)


def cap(w):
    return w[:1].isupper()


def names(tokens, hs):
    i = 0
    while i < len(tokens):
        h = next((h for h in hs if tokens[i:i + len(h)] == h), None)
        if not h:
            i += 1
            continue
        j = i + len(h)
        lower_run = 0
        last_good = j
        while j < len(tokens) and j - i < MAX_WORDS:
            w = tokens[j]
            if w in ("và", "-") and j + 1 < len(tokens) and cap(tokens[j + 1]):
                # A connector counts only with the part after it.
                j += 1
                lower_run = 0
                continue
            if cap(w) and w.isalpha() or w.isupper() and len(w) > 1:
                lower_run = 0
            elif w in PLACES and lower_run == 0:
                pass
            elif w.isalpha() and w not in STOP and lower_run < 3 and j > i + len(h):
                lower_run += 1
            else:
                break
            j += 1
            last_good = j
        if last_good > i + len(h):
            yield " ".join(tokens[i:last_good])
        i = max(last_good, i + 1)


def main(corpus):
    hs = heads(pathlib.Path(__file__).parents[2] / "dictionaries/units/heads.tsv")
    counts = collections.Counter()
    for f in sorted(pathlib.Path(corpus).glob("*.txt")):
        text = nfc(f.read_text(encoding="utf-8"))
        for clause in re.split(r"[.,;:()\"“”\n!?]+", text):
            counts.update(names(clause.split(), hs))
    print("# Unit names derived from the legal corpus by tools/units/derive.py")
    print("# (count, name); regenerate, never edit by hand.")
    kept = []
    for name, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        words = name.split()
        # A name with a word or two more than a commoner one ran on into
        # the sentence ("Bộ Tài chính phê duyệt"); a connector never ends one.
        # Nor does the first syllable of a head ("Bộ và Ủy" for "… Ủy ban").
        cut = any(len(h) > 1 and fold(h[0]) == fold(words[-1]) for h in hs)
        if n < MIN_COUNT or words[-1] in ("và", "-") or cut:
            continue
        if any(words[: len(k)] == k for k in kept):
            continue
        kept.append(words)
        print(f"{n}\t{name}")


if __name__ == "__main__":
    main(sys.argv[1])
