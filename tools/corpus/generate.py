#!/usr/bin/python3
"""Generate plan documents (kế hoạch) with their gold records, seeded.

    tools/corpus/generate.py --split dev --docs 12 --out corpus-out/dev
    tools/corpus/generate.py --split heldout --docs 6 --out DIR --renderings born-digital,fax

In: the vocabularies beside this file (issuers.tsv, units.tsv, phrases.tsv)
and a split. Out, per document `SPLIT-NNN`: the HTML, `SPLIT-NNN.gold.json`
(the task records in the format of fixtures/tools/gold.py, plus the document
header), and each rendering `SPLIT-NNN.RENDERING.pdf`.

Everything about a document is drawn from random.Random("kehoach-corpus/
SPLIT/INDEX"), so the HTML and gold are the same bytes on every run (the
PDFs too, for one chromium and font version). The gold is written from the
generator's own model of the document, never parsed back from what it drew.
`--renderings none` writes the HTML and gold only (stdlib only; the
renderings need chromium, poppler-utils, python3-pil and img2pdf, as
fixtures/generate.py, whose printing and scanner damage are reused).
"""
import argparse
import html
import importlib.util
import json
import logging
import pathlib
import random
import shutil
import sys
import tempfile
import zlib


HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
YEAR = 2026

# Scanner settings as the fixtures' (fixtures/generate.py); skew sign and
# size, and the speckle seed, are drawn per document.
RENDERINGS = {
    "born-digital": None,
    "scan-clean": dict(dpi=300, skew=(0.0, 0.0), noise=0.0, blur=0.3),
    "scan-bw": dict(dpi=300, skew=(0.5, 1.3), noise=0.04, blur=0.6),
    "fax": dict(dpi=200, skew=(0.3, 0.8), noise=0.05, blur=0.8, threshold=150),
    "jpeg": dict(dpi=200, skew=(0.2, 0.6), noise=0.0, blur=0.5, fmt="jpeg", quality=15),
    # Real capture (capture.py): colour office scans with seal and
    # signature, and phone photos of each page.
    "color": "capture",
    "photo": "capture",
}

# Vietnamese-capable families (`fc-list :lang=vi`); held-out has three the
# dev split never uses.
FONTS = {
    "dev": ["Liberation Serif", "DejaVu Serif", "FreeSerif", "Noto Sans", "Liberation Sans"],
    "heldout": ["Noto Serif", "FreeSans", "DejaVu Sans", "Liberation Serif"],
}

HEADERS = {
    "number": ["STT", "TT", "Số TT"],
    "content": ["Nội dung", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung nhiệm vụ", "Nội dung công việc"],
    "lead_units": ["Đơn vị chủ trì", "Cơ quan chủ trì", "Chủ trì thực hiện", "Đơn vị chủ trì thực hiện"],
    "cooperating_units": ["Đơn vị phối hợp", "Phối hợp thực hiện", "Cơ quan phối hợp",
                          "Cơ quan, đơn vị phối hợp"],
    "deliverable": ["Sản phẩm", "Kết quả", "Kết quả, sản phẩm", "Sản phẩm đầu ra", "Dự kiến sản phẩm"],
    "deadline": ["Thời gian hoàn thành", "Thời hạn", "Thời gian thực hiện", "Thời hạn hoàn thành"],
    "notes": ["Ghi chú"],
}
# Relative column widths (low, high): narrow and wide tables draw from these.
WIDTHS = {"number": (4, 6), "content": (28, 40), "lead_units": (11, 18),
          "cooperating_units": (11, 20), "deliverable": (10, 18), "deadline": (9, 14), "notes": (7, 12)}

# Share of prose plans under --kind mixed.
PROSE_SHARE = 0.4
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
LEVEL = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Thị Thu", "Ngọc"]
GIVEN = ["Hùng", "Lan", "Việt", "Hương", "Dũng", "Tuấn", "Hà", "Phương", "Cường", "Hải", "Yến", "Sơn"]


def read_tsv(name):
    """Rows of a vocabulary file as dicts; '#' lines are comments."""
    lines = [l for l in (HERE / name).read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")]
    keys = lines[0].split("\t")
    return [dict(zip(keys, l.split("\t"))) for l in lines[1:]]


def vocab(split):
    phrases = {}
    for r in read_tsv("phrases.tsv"):
        phrases.setdefault(r["kind"], []).append(r["text"])
    return ([r for r in read_tsv("issuers.tsv") if r["split"] == split],
            [r for r in read_tsv("units.tsv") if r["split"] == split], phrases)


# ---- deadlines: printed text and the contract's kind and dates -------------

def month_end(y, m):
    days = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return f"{y:04}-{m:02}-{days:02}"


def iso(y, m, d=1):
    return f"{y:04}-{m:02}-{d:02}"


def day_text(rng, d, m):
    pad = rng.random() < 0.5
    return f"{d:02}/{m:02}" if pad else f"{d}/{m}"


def deadline(rng):
    """(text, kind, start, end) per output-schema.md "Deadline kinds"."""
    y = YEAR
    m = rng.randint(2, 12)
    d = rng.randint(1, 28)
    q = rng.randint(1, 4)
    a, b = sorted(rng.sample(range(1, 13), 2))
    choices = [
        lambda: (rng.choice(["Thường xuyên", "Hằng năm", "Hàng năm", "Hàng quý", "Hằng quý", "Hằng tháng"]),
                 "recurring", None, None),
        lambda: (f"Thường xuyên trong năm {y}", "recurring", None, f"{y}-12-31"),
        lambda: (f"Trước ngày {day_text(rng, d, m)}/{y}", "by_date", None, iso(y, m, d)),
        lambda: (f"chậm nhất ngày {day_text(rng, d, m)}/{y}", "by_date", None, iso(y, m, d)),
        lambda: (f"Trước ngày {d} tháng {m} năm {y}", "by_date", None, iso(y, m, d)),
        lambda: (f"Trước tháng {m}/{y}", "by_date", None, month_end(y, m - 1)),
        lambda: (f"Thường xuyên trong năm {y}; trước ngày {day_text(rng, d, m)}/{y}",
                 "by_date", None, iso(y, m, d)),
        lambda: (f"Từ tháng {a} đến tháng {b}/{y}", "date_range", iso(y, a), month_end(y, b)),
        lambda: (f"Từ ngày {day_text(rng, 1, a)}/{y} đến ngày {day_text(rng, d, b)}/{y}",
                 "date_range", iso(y, a), iso(y, b, d)),
        lambda: (f"Quý {ROMAN[q - 1]} năm {y}", "period", iso(y, 3 * q - 2), month_end(y, 3 * q)),
        lambda: (f"Quý {ROMAN[q - 1]}/{y}", "period", iso(y, 3 * q - 2), month_end(y, 3 * q)),
        lambda: (f"Tháng {m}/{y}", "period", iso(y, m), month_end(y, m)),
        lambda: (f"Tháng {m} năm {y}", "period", iso(y, m), month_end(y, m)),
        lambda: (f"Năm {y}", "period", iso(y, 1), f"{y}-12-31"),
        lambda: (f"6 tháng đầu năm {y}", "period", iso(y, 1), f"{y}-06-30"),
        lambda: (f"6 tháng cuối năm {y}", "period", iso(y, 7), f"{y}-12-31"),
        lambda: (rng.choice(["Theo quy định", "Khi có yêu cầu", "Theo kế hoạch của cấp trên",
                             "Sau khi có hướng dẫn của Bộ", "Theo tiến độ triển khai"]),
                 "unknown", None, None),
    ]
    return rng.choice(choices)()


# ---- the document model ------------------------------------------------------

def issuer_model(rng, row):
    """Header fields of the issuer: what is printed and the gold."""
    province = row["province"]
    # "tỉnh Ninh Bình" / "thành phố Hải Phòng" → the proper name.
    prov_name = province.split(" ", 2 if province.startswith("thành phố") else 1)[-1]
    if row["kind"] == "so":
        name = row["name"]
        abbr = "S" + "".join(w[0] for w in name.split()[1:] if w.lower() != "và").upper()
        place = "Thành phố Hồ Chí Minh" if prov_name == "Hồ Chí Minh" else prov_name
        return dict(kind="so", parent_print=f"UBND {province.upper()}", issuer_print=name.upper(),
                    issuer=name, parent=f"UBND {province}", place=place, abbr=abbr,
                    dia=prov_name, tinh=province, cap=None,
                    sign=rng.choice([("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ("GIÁM ĐỐC", None)]))
    cap = LEVEL[row["kind"]]
    return dict(kind="xa", parent_print="ỦY BAN NHÂN DÂN", issuer_print=f"{cap} {row['name']}".upper(),
                issuer=f"Ủy ban nhân dân {cap} {row['name']}", parent=None, place=row["name"],
                abbr="UBND", dia=row["name"], tinh=province, cap=cap,
                sign=rng.choice([("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]))


def unit_pool(iss, units, n):
    scope = "so" if iss["kind"] == "so" else "xa"
    pool = []
    for r in units:
        if r["scope"] != scope:
            continue
        name = r["name"].format(cap=iss["cap"], dia=iss["dia"], tinh=iss["tinh"], n=n)
        if name != iss["issuer"]:
            pool.append(name)
    return pool


def columns(rng):
    """Roles in print order with their header wording and width."""
    roles = ["lead_units", "deadline"] + [r for r in ("cooperating_units", "deliverable", "notes")
                                          if rng.random() < 0.6]
    if len(roles) < 3:
        roles.append(rng.choice(["cooperating_units", "deliverable"]))
    rng.shuffle(roles)
    # The content column is second in most plans, elsewhere now and then.
    roles.insert(0 if rng.random() < 0.85 else rng.randint(0, len(roles)), "content")
    roles.insert(0, "number")
    narrow = rng.random() < 0.5
    cols = []
    for r in roles:
        lo, hi = WIDTHS[r]
        w = rng.uniform(lo, (lo + hi) / 2) if narrow and r.endswith("units") else rng.uniform(lo, hi)
        cols.append((r, rng.choice(HEADERS[r]), w))
    total = sum(w for _, _, w in cols)
    return [(r, h, round(100 * w / total, 1)) for r, h, w in cols]


def unit_cell(rng, names):
    """The printed cell (HTML) of a unit list, in one of the ways plans list them."""
    style = rng.choice(["line", "bullet", "semicolon", "comma"]) if len(names) > 1 else "one"
    if style == "comma" and any("," in n for n in names):
        style = "semicolon"
    esc = [html.escape(n) for n in names]
    if style == "line":
        return "<br>".join(esc)
    if style == "bullet":
        end = ";" if rng.random() < 0.3 else ""
        return "<br>".join(f"- {n}{end if i < len(esc) - 1 else ''}" for i, n in enumerate(esc))
    if style in ("semicolon", "comma"):
        return ("; " if style == "semicolon" else ", ").join(esc)
    return esc[0]


def task_model(rng, ph, pool, roles):
    """One task: gold fields and printed cells."""
    t, cells = {}, {}
    content = rng.choice(ph["task"])
    if rng.random() < 0.15:
        # A long bullet cell: an intro and "- " items.
        items = rng.sample(ph["bullet"], rng.randint(2, 4))
        cells["content"] = html.escape(content + ":") + "".join(f"<br>- {html.escape(i)};" for i in items[:-1]) \
            + f"<br>- {html.escape(items[-1])}."
        content = f"{content}: " + " ".join(f"- {i};" for i in items[:-1]) + f" - {items[-1]}."
    else:
        cells["content"] = html.escape(content)
    t["content"] = content
    k = 1 if rng.random() < 0.8 else 2
    lead = rng.sample(pool, k)
    coop = rng.sample([u for u in pool if u not in lead], rng.randint(1, 4))
    t["lead_units"], cells["lead_units"] = lead, unit_cell(rng, lead)
    t["cooperating_units"] = coop if "cooperating_units" in roles else []
    cells["cooperating_units"] = unit_cell(rng, coop)
    items = rng.sample(ph["deliverable"], 1 if rng.random() < 0.7 else 2)
    if rng.random() < 0.05:
        items = []
    t["deliverable"] = "; ".join(items) if items and "deliverable" in roles else None
    if len(items) > 1 and rng.random() < 0.5:
        cells["deliverable"] = "<br>".join(f"- {html.escape(i)}" for i in items)
    else:
        cells["deliverable"] = html.escape("; ".join(items))
    note = rng.choice(ph["note"]) if rng.random() < 0.25 else None
    t["notes"] = note if "notes" in roles else None
    cells["notes"] = html.escape(note or "")
    text, kind, start, end = deadline(rng)
    t["deadline"] = {"text": text, "kind": kind, "start": start, "end": end}
    cells["deadline"] = html.escape(text)
    return t, cells


def body_rows(rng, ph, pool, roles):
    """Table rows in order: ("section"|"group"|"task", number, title or (task, cells))."""
    rows = []
    if rng.random() < 0.2:
        for i in range(rng.randint(6, 14)):
            rows.append(("task", str(i + 1), task_model(rng, ph, pool, roles)))
        return rows
    for s, title in enumerate(rng.sample(ph["section"], rng.randint(2, 5))):
        rows.append(("section", ROMAN[s], title))
        if rng.random() < 0.3:
            for g, gtitle in enumerate(rng.sample(ph["group"], rng.randint(1, 3))):
                rows.append(("group", str(g + 1), gtitle))
                numbered = rng.random() < 0.4
                for k in range(rng.randint(1, 3)):
                    number = f"{g + 1}.{k + 1}" if numbered else ""
                    rows.append(("task", number, task_model(rng, ph, pool, roles)))
        else:
            numbered = rng.random() < 0.85
            for k in range(rng.randint(2, 5)):
                rows.append(("task", str(k + 1) if numbered else "", task_model(rng, ph, pool, roles)))
    return rows


def gold_tasks(rows):
    """Gold records of the rows: ids are section . group . position."""
    out, section, group, position = [], None, None, {}
    for kind, number, x in rows:
        if kind == "section":
            section, group = (number, x), None
        elif kind == "group":
            group = (number, x)
        else:
            key = (section and section[0], group and group[0])
            position[key] = position.get(key, 0) + 1
            t = x[0]
            out.append({
                "id": ".".join([p for p in key if p] + [str(position[key])]),
                "section": section and section[0], "section_title": section and section[1],
                "group": group and group[0], "group_title": group and group[1],
                "number": number or None, "content": t["content"],
                "lead_units": t["lead_units"], "cooperating_units": t["cooperating_units"],
                "deliverable": t["deliverable"], "deadline": t["deadline"], "notes": t["notes"],
            })
    return out


def rules(rng):
    """Full grid in most plans (a Word table); a rule under the header only,
    or none, in the rest."""
    x = rng.random()
    return "full" if x < 0.6 else "header" if x < 0.8 else "none"


def is_prose(kind, split, index):
    """Is document `index` a prose plan? "mixed" decides by a draw of its
    own, so a table plan's model and bytes do not depend on the flag."""
    if kind != "mixed":
        return kind == "prose"
    return random.Random(f"kehoach-corpus/{split}/{index}/kind").random() < PROSE_SHARE


def prose_vocab(split):
    """prose.tsv rows of this split (and of both) by kind."""
    out = {}
    for r in read_tsv("prose.tsv"):
        if r["split"] in (split, "both"):
            out.setdefault(r["kind"], []).append(r["text"])
    return out


def model(split, index, prose=False):
    # A prose plan draws from a seed of its own: the table plan of the same
    # index keeps its bytes.
    rng = random.Random(f"kehoach-corpus/{split}/{index}" + ("/prose" if prose else ""))
    issuers, units, ph = vocab(split)
    iss = issuer_model(rng, rng.choice(issuers))
    if prose:
        return prose_model(rng, split, index, iss, units, ph)
    cols = columns(rng)
    roles = [r for r, _, _ in cols]
    pool = unit_pool(iss, units, rng.randint(1, 15))
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    number = None if rng.random() < 0.1 else f"{rng.randint(1, 2400)}/KH-{iss['abbr']}"
    subject = rng.choice(ph["plan"])
    scope = f" của {iss['issuer']}" if iss["kind"] == "so" else f" trên địa bàn {iss['cap']} {iss['dia']}"
    title = f"{subject} năm {YEAR}" + (scope if rng.random() < 0.6 else "")
    signer = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    doc = dict(
        name=f"{split}-{index:03}", split=split, iss=iss, cols=cols, rows=body_rows(rng, ph, pool, roles),
        font=rng.choice(FONTS[split]), size=rng.choice([11, 12, 12.5, 13, 13.5, 14]),
        landscape=rng.random() < 0.5, rules=rules(rng),
        repeat_header=rng.random() < 0.6, row_break=rng.random() < 0.5,
        number=number, day=day, month=month, title=title, signer=signer,
    )
    doc["header"] = {
        "doc_type": "ke_hoach", "type_label": "KẾ HOẠCH", "number": number, "issuer": iss["issuer"],
        "parent_issuer": iss["parent"], "place": iss["place"], "issued_on": iso(YEAR, month, day),
        "title": title, "signer": signer,
    }
    return doc


def prose_model(rng, split, index, iss, units, ph):
    """A plan whose tasks and targets are written as prose (prose.py)."""
    import prose
    pool = unit_pool(iss, units, rng.randint(1, 15))
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    number = None if rng.random() < 0.1 else f"{rng.randint(1, 2400)}/KH-{iss['abbr']}"
    subject = rng.choice(ph["plan"])
    scope = f" của {iss['issuer']}" if iss["kind"] == "so" else f" trên địa bàn {iss['cap']} {iss['dia']}"
    title = f"{subject} năm {YEAR}" + (scope if rng.random() < 0.6 else "")
    signer = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    body = prose.Prose(rng, ph, prose_vocab(split), pool)
    body.build(iss["issuer"])
    doc = dict(
        name=f"{split}-{index:03}", split=split, iss=iss, prose=body,
        font=rng.choice(FONTS[split]), size=rng.choice([11, 12, 12.5, 13, 13.5, 14]),
        landscape=False, rules="none", repeat_header=False, row_break=True,
        number=number, day=day, month=month, title=title, signer=signer,
    )
    doc["header"] = {
        "doc_type": "ke_hoach", "type_label": "KẾ HOẠCH", "number": number, "issuer": iss["issuer"],
        "parent_issuer": iss["parent"], "place": iss["place"], "issued_on": iso(YEAR, month, day),
        "title": title, "signer": signer,
    }
    return doc


# ---- HTML --------------------------------------------------------------------

RULES_CSS = {
    "full": "table.grid th, table.grid td { border: 1px solid #000; }",
    "header": "table.grid thead th, table.grid tr.head th { border-bottom: 1px solid #000; }",
    "none": "",
}


def css(d):
    table_size = d["size"] - (1 if d["size"] >= 13 else 0)
    # The national motto fits its half of the page on one line, as printed.
    hdr_size = 11 if "Sans" in d["font"] else 12.5
    page = "A4 landscape; margin: 15mm" if d["landscape"] else "A4 portrait; margin: 20mm 15mm 20mm 30mm"
    return f"""<style>
@page {{ size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }}
@page annex {{ size: {page}; }}
body {{ font-family: '{d["font"]}'; font-size: {d["size"]}pt; line-height: 1.3; }}
.hdr {{ width: 100%; border-collapse: collapse; margin-bottom: 10pt; }}
.hdr td {{ vertical-align: top; text-align: center; padding: 0; font-size: {hdr_size}pt; }}
.hdr .l {{ width: 42%; }} .hdr .r {{ width: 58%; }}
.u {{ font-weight: bold; }} .line {{ border-top: 1px solid #000; width: 30%; margin: 2pt auto 6pt auto; }}
.date {{ font-style: italic; }}
h1 {{ font-size: {d["size"] + 1}pt; text-align: center; margin: 14pt 0 2pt 0; }}
.title {{ font-weight: bold; text-align: center; margin: 0 0 12pt 0; }}
.sub {{ text-align: center; font-style: italic; margin-bottom: 10pt; }}
p {{ text-align: justify; margin: 0 0 6pt 0; text-indent: 1cm; }}
.sign {{ width: 100%; border-collapse: collapse; margin-top: 14pt; page-break-inside: avoid; }}
.sign td {{ vertical-align: top; width: 50%; font-size: {d["size"] - 2}pt; }}
.sign .who {{ text-align: center; font-size: {d["size"]}pt; font-weight: bold; }}
.sign .name {{ margin-top: 60pt; }}
.annex {{ page: annex; page-break-before: always; }}
table.grid {{ width: 100%; border-collapse: collapse; font-size: {table_size}pt; }}
table.grid th, table.grid td {{ padding: 3pt 4pt; vertical-align: top; }}
table.grid th {{ font-weight: bold; text-align: center; }}
table.grid thead {{ display: {"table-header-group" if d["repeat_header"] else "table-row-group"}; }}
table.grid td.c {{ text-align: center; }}
table.grid tr.sec td {{ font-weight: bold; }}
table.grid tr {{ break-inside: {"auto" if d["row_break"] else "avoid"}; }}
{RULES_CSS[d["rules"]]}
</style>"""


def header_html(d):
    iss, e = d["iss"], html.escape
    number = d["number"] or f"/KH-{iss['abbr']}"
    date = f"{iss['place']}, ngày {d['day']:02} tháng {d['month']:02} năm {YEAR}"
    return (f"<table class=hdr><tr><td class=l>{e(iss['parent_print'])}<br><span class=u>"
            f"{e(iss['issuer_print'])}</span><div class=line></div>Số: {e(number)}</td>"
            "<td class=r><span class=u>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</span><br>"
            "<span class=u>Độc lập - Tự do - Hạnh phúc</span><div class=line></div>"
            f"<span class=date>{e(date)}</span></td></tr></table>"
            f"<h1>KẾ HOẠCH</h1><div class=title>{e(d['title'])}</div>")


def intro_html(d):
    e = html.escape
    return (f"<p>Căn cứ tình hình thực tế, {e(d['iss']['issuer'])} ban hành Kế hoạch "
            f"{e(d['title'][0].lower() + d['title'][1:])} như sau:</p>")


def sign_html(d):
    e = html.escape
    rank, title = d["iss"]["sign"]
    who = e(rank) + (f"<br>{e(title)}" if title else "")
    return ("<table class=sign><tr><td><b><i>Nơi nhận:</i></b><br>- Như trên;<br>- Lưu: VT.</td>"
            f"<td class=who>{who}<div class=name>{e(d['signer'])}</div></td></tr></table>")


def body_html(d):
    iss, e = d["iss"], html.escape
    rank, title = d["iss"]["sign"]
    who = e(rank) + (f"<br>{e(title)}" if title else "")
    return (f"<p>Căn cứ tình hình thực tế, {e(iss['issuer'])} xây dựng Kế hoạch {e(d['title'][0].lower() + d['title'][1:])} như sau:</p>"
            "<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>"
            "<p>1. Triển khai đồng bộ, hiệu quả các nhiệm vụ; xác định rõ thời hạn hoàn thành và trách nhiệm của từng cơ quan, đơn vị.</p>"
            "<p><b>II. NHIỆM VỤ</b></p>"
            "<p>Các nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành tại Phụ lục kèm theo Kế hoạch này.</p>"
            "<p><b>III. TỔ CHỨC THỰC HIỆN</b></p>"
            "<p>Thủ trưởng các cơ quan, đơn vị căn cứ Kế hoạch này tổ chức triển khai thực hiện; định kỳ báo cáo kết quả theo quy định.</p>"
            "<table class=sign><tr><td><b><i>Nơi nhận:</i></b><br>- Như trên;<br>- Lưu: VT.</td>"
            f"<td class=who>{who}<div class=name>{e(d['signer'])}</div></td></tr></table>")


def table_html(d):
    roles = [r for r, _, _ in d["cols"]]
    head = "".join(f"<th style='width:{w}%'>{html.escape(h)}</th>" for _, h, w in d["cols"])
    out = [f"<table class=grid><thead><tr class=head>{head}</tr></thead><tbody>"]
    for kind, number, x in d["rows"]:
        if kind == "task":
            cells = x[1]
            tds = [f"<td class=c>{number}</td>" if r == "number" else f"<td>{cells[r]}</td>" for r in roles]
            out.append("<tr>" + "".join(tds) + "</tr>")
        else:
            tds = [f"<td class=c>{number}</td>" if r == "number" else
                   f"<td>{html.escape(x)}</td>" if r == "content" else "<td></td>" for r in roles]
            out.append("<tr class=sec>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(d):
    iss = d["iss"]
    if "prose" in d:
        import prose
        return (f"<!doctype html><html lang=vi><head><meta charset=utf-8>{css(d)}</head><body>"
                f"{header_html(d)}{intro_html(d)}{prose.body_html(d['prose'].sections)}"
                f"{sign_html(d)}</body></html>\n")
    ref = d["number"] or f"/KH-{iss['abbr']}"
    annex = (f"<div class=annex><div style='text-align:center;font-weight:bold'>PHỤ LỤC</div>"
             f"<div class=title>DANH MỤC NHIỆM VỤ</div><div class=sub>(Kèm theo Kế hoạch số "
             f"{html.escape(ref)} ngày {d['day']:02}/{d['month']:02}/{YEAR} của "
             f"{html.escape(iss['issuer'])})</div>{table_html(d)}</div>")
    return (f"<!doctype html><html lang=vi><head><meta charset=utf-8>{css(d)}</head><body>"
            f"{header_html(d)}{body_html(d)}{annex}</body></html>\n")


def gold_json(d):
    g = {"_note": f"Gold records of generated document {d['name']} (tools/corpus/generate.py, "
                  f"split {d['split']}), written from the generator's model of it.",
         "document": d["header"]}
    if "prose" in d:
        g["tasks"], g["targets"] = d["prose"].tasks, d["prose"].targets
    else:
        g["tasks"] = gold_tasks(d["rows"])
    return json.dumps(g, ensure_ascii=False, indent=1) + "\n"


# ---- renderings ----------------------------------------------------------------

def fixture_tools():
    """fixtures/generate.py as a module: chromium printing and scanner damage."""
    spec = importlib.util.spec_from_file_location("fixture_generate", ROOT / "fixtures" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def render(fx, d, html_path, out, renderings, tmp):
    name = d["name"]
    pdf = tmp / f"{name}.pdf"
    fx.print_pdf(html_path, pdf, tmp)
    for r in renderings:
        path = lambda ext, r=r: out / f"{name}.{r}.{ext}"  # noqa: E731
        if RENDERINGS[r] is None:
            shutil.copyfile(pdf, path("pdf"))
            continue
        if RENDERINGS[r] == "capture":
            import capture
            rng = random.Random(zlib.crc32(f"{name}/{r}".encode()))
            write = capture.write_color if r == "color" else capture.write_photo
            write(pdf, path("pdf"), d["signer"], d["iss"]["issuer"], rng, tmp)
            continue
        o = dict(RENDERINGS[r])
        rng = random.Random(zlib.crc32(f"{name}/{r}".encode()))
        o["skew"] = rng.choice((-1, 1)) * rng.uniform(*o["skew"])
        o["seed"] = rng.randrange(1 << 30)
        fx.write_scan(pdf, path, o, tmp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["dev", "heldout"], required=True)
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--first", type=int, default=0,
                    help="index of the first document (a fresh set after the ones already scored)")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--kind", choices=["table", "prose", "mixed"], default="table",
                    help="table plans (the default; same bytes as before prose plans), prose "
                         f"plans, or mixed: a seeded draw per document ({PROSE_SHARE * 100:.0f}%% prose)")
    ap.add_argument("--renderings", default=",".join(RENDERINGS),
                    help="comma-separated, of: " + ", ".join(RENDERINGS) + "; or none")
    ap.add_argument("--font", help="probe: set every document in this family instead of the "
                    "split's draw (a face neither split uses, to find a failure bound to a font "
                    "on dev seeds); nothing else of the documents changes")
    a = ap.parse_args()
    renderings = [] if a.renderings == "none" else a.renderings.split(",")
    if bad := [r for r in renderings if r not in RENDERINGS]:
        ap.error(f"unknown rendering(s): {', '.join(bad)}")
    a.out = a.out.resolve()
    a.out.mkdir(parents=True, exist_ok=True)
    fx = fixture_tools() if renderings else None
    logging.disable(logging.WARNING)  # img2pdf's chatter
    with tempfile.TemporaryDirectory() as t:
        for i in range(a.first, a.first + a.docs):
            d = model(a.split, i, is_prose(a.kind, a.split, i))
            if a.font:
                d["font"] = a.font
            html_path = a.out / f"{d['name']}.html"
            html_path.write_text(render_html(d), encoding="utf-8")
            (a.out / f"{d['name']}.gold.json").write_text(gold_json(d), encoding="utf-8")
            if renderings:
                render(fx, d, html_path, a.out, renderings, pathlib.Path(t))
            print("wrote", d["name"], file=sys.stderr)


if __name__ == "__main__":
    main()
