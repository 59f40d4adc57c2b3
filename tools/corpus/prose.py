"""Prose plans for generate.py: tasks as numbered headings, lettered items and
bullets, duties per unit, targets with figures (output-schema.md, "Tasks
written as prose; targets").

In: a seeded random.Random, the issuer model and unit pool of generate.py,
the shared phrases (phrases.tsv) and this split's rows of prose.tsv. Out:
`sections`, the document body as a list of Roman sections whose blocks are
(marker, text, bold) lines, and the gold tasks and targets, both built from
the same model (the gold is never read back from the HTML).
"""
import html

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
LETTERS = "abcdefgh"
YEAR = 2026
QUARTER = ["I", "II", "III", "IV"]
NO_DEADLINE = {"text": None, "kind": "unknown", "start": None, "end": None}
# Task phrases holding a time word of their own would carry a deadline the
# model did not draw: prose plans use the others.
TIME_WORDS = ("định kỳ", "hằng", "hàng", "thường xuyên", " trong ", "trước", " từ ", "6 tháng")


def month_end(m):
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return f"{YEAR}-{m:02}-{days:02}"


def iso(m, d=1):
    return f"{YEAR}-{m:02}-{d:02}"


def deadline_phrase(rng):
    """A time phrase of the contract's grammar, lower case as in running
    text: (text, kind, start, end)."""
    m, d, q = rng.randint(2, 12), rng.randint(1, 28), rng.randint(1, 4)
    a, b = sorted(rng.sample(range(1, 13), 2))
    day = f"{d:02}/{m:02}" if rng.random() < 0.5 else f"{d}/{m}"
    return rng.choice([
        (f"trước ngày {day}/{YEAR}", "by_date", None, iso(m, d)),
        (f"chậm nhất ngày {day}/{YEAR}", "by_date", None, iso(m, d)),
        (f"trong quý {QUARTER[q - 1]}/{YEAR}", "period", iso(3 * q - 2), month_end(3 * q)),
        (f"trong tháng {m}/{YEAR}", "period", iso(m), month_end(m)),
        (f"trong năm {YEAR}", "period", iso(1), f"{YEAR}-12-31"),
        (f"từ tháng {a} đến tháng {b}/{YEAR}", "date_range", iso(a), month_end(b)),
        ("thường xuyên", "recurring", None, None),
        ("hằng quý", "recurring", None, None),
        ("hằng tháng", "recurring", None, None),
    ])


class Prose:
    """One prose document's model, drawn from `rng`."""

    def __init__(self, rng, ph, pp, pool):
        self.rng, self.ph, self.pp, self.pool = rng, ph, pp, pool
        self.tasks_ph = [t for t in ph["task"] + ph["bullet"]
                         if not any(w in f" {t.lower()} " for w in TIME_WORDS)]
        self.sections, self.tasks, self.targets = [], [], []
        self.deck = []

    def pick(self, kind):
        return self.rng.choice(self.pp[kind])

    # ---- one task's text ----------------------------------------------------

    def task_text(self, lead):
        """(content, deadline, cooperating) of a task sentence; `lead` the
        units of its duty heading, None when there is none."""
        rng = self.rng
        if not self.deck:
            # Each wording once before any repeats.
            self.deck = rng.sample(self.tasks_ph, len(self.tasks_ph))
        body = self.deck.pop()
        coop = []
        if lead is not None and rng.random() < 0.3:
            rest = [u for u in self.pool if u not in lead and "," not in u]
            coop = rng.sample(rest, min(len(rest), rng.randint(1, 2)))
            body = f"Chủ trì, phối hợp với {join_units(coop)} {body[0].lower()}{body[1:]}"
        if rng.random() < 0.25:
            return body, dict(NO_DEADLINE), coop
        text, kind, start, end = deadline_phrase(rng)
        if text == "thường xuyên":
            # "Thường xuyên rà soát …": the phrase opens the task.
            return f"Thường xuyên {body[0].lower()}{body[1:]}", dl("Thường xuyên", kind, start, end), coop
        # "… hằng quý": a recurring phrase follows the task with no verb.
        clause = f" {text}" if kind == "recurring" else self.pick("clause").replace("{p}", text)
        return body + clause, dl(text, kind, start, end), coop

    def units(self, k, comma_free=False):
        pool = [u for u in self.pool if not comma_free or "," not in u]
        return self.rng.sample(pool, min(k, len(pool)))

    # ---- sections -------------------------------------------------------------

    def build(self, issuer):
        rng = self.rng
        kinds = ["purpose"] + (["targets"] if rng.random() < 0.8 else []) + ["tasks"]
        kinds += (["funding"] if rng.random() < 0.6 else []) + ["duties"]
        for i, kind in enumerate(kinds):
            roman, title = ROMAN[i], self.pick(kind)
            lines = [("roman", f"{roman}. {title}", True, rng.random() < 0.25 and i > 0)]
            lines += getattr(self, "sec_" + kind)(roman, title)
            self.sections.append(lines)
        self.sections[-1].append(("p", self.pick("closing").replace("{issuer}", issuer), False, False))

    def sec_purpose(self, roman, title):
        out = []
        for n, head in enumerate(["Mục đích", "Yêu cầu"], 1):
            out.append(("p", f"{n}. {head}", True, False))
            for item in self.rng.sample(self.pp["purpose_item"], 2):
                out.append(("p", f"- {item}.", False, False))
        return out

    def sec_funding(self, roman, title):
        items = self.rng.sample(self.pp["funding_item"], self.rng.randint(1, 3))
        if len(items) == 1:
            return [("p", items[0] + ".", False, False)]
        return [("p", f"{n}. {t}.", False, False) for n, t in enumerate(items, 1)]

    def sec_targets(self, roman, title):
        rng, out = self.rng, []
        lettered = rng.random() < 0.6
        n = rng.randint(2, 5)
        for k in range(n):
            text, figs = self.target_text()
            label = LETTERS[k] if lettered else None
            end = "." if k == n - 1 else ";"
            out.append(("p", f"{label}) {text}{end}" if label else f"- {text}{end}", False, False))
            self.targets.append({"id": f"{roman}.{label or k + 1}", "section": roman, "label": label,
                                 "text": text, "figures": figs, "deadline": dict(NO_DEADLINE)})
        return out

    def target_text(self):
        rng = self.rng
        bound = rng.choice(["exact", "min", "min", "max"])
        if rng.random() < 0.65:
            v = rng.choice([100, 100, 95, 90, 85, 80, 70, 60, 50, 30]) if bound == "exact" \
                else rng.choice([98, 95, 90, 85, 80, 75, 70, 60, 50, 40, 30])
            if rng.random() < 0.1:
                v = rng.choice([1.5, 2.5, 12.5])
            num = (f"{v}".replace(".", ",") if isinstance(v, float) else str(v)) + "%"
            fig = num if bound == "exact" else self.pick(bound).replace("{v}", num)
            tpl = rng.choice(self.pp["pct"])
            text = tpl.replace("{b}", fig).replace("{B}", fig[0].upper() + fig[1:])
            return text, [{"value": v, "unit": "%", "bound": bound}]
        verb, thing, tail = rng.choice(self.pp["count"]).split("|")
        v = rng.randint(2, 30)
        num = f"{v:02}"
        fig = num if bound == "exact" else self.pick(bound).replace("{v}", num)
        if "trở lên" in fig:
            fig = fig.replace(" trở lên", "") + f" {thing} trở lên"
            return f"{verb} {fig} {tail}", [{"value": v, "unit": thing, "bound": bound}]
        return f"{verb} {fig} {thing} {tail}", [{"value": v, "unit": thing, "bound": bound}]

    def sec_tasks(self, roman, title):
        rng, out = self.rng, []
        for g, gtitle in enumerate(rng.sample(self.ph["group"], rng.randint(2, 4)), 1):
            out.append(("p", f"{g}. {gtitle}", True, False))
            shape = rng.choice(["bullets", "bullets", "letters", "sub"])
            if shape == "sub":
                for s in range(1, rng.randint(2, 3)):
                    stitle = rng.choice(self.ph["group"])
                    out.append(("p", f"{g}.{s}. {stitle}", True, False))
                    out += self.bullets(roman, title, f"{g}.{s}", stitle, None)
            elif shape == "letters":
                out += self.letters(roman, title, str(g), gtitle, None)
            else:
                out += self.bullets(roman, title, str(g), gtitle, None)
        return out

    def sec_duties(self, roman, title):
        rng, out = self.rng, []
        forms = rng.sample(self.pp["duty"], min(len(self.pp["duty"]), rng.randint(2, 4)))
        forms += rng.sample(self.pp["duty"], rng.randint(0, 2))
        for n, form in enumerate(forms, 1):
            lead = self.units(2 if rng.random() < 0.15 else 1, comma_free=True)
            rest = [u for u in self.pool if u not in lead and "," not in u]
            coop = rng.sample(rest, min(len(rest), rng.randint(1, 3)))
            head = form[1:].replace("{x}", join_units(lead)).replace("{y}", join_units(coop))
            has_y = "{y}" in form
            duty = {"lead": lead, "coop": coop if has_y else None}
            if form[0] == "=":
                content, dline, _ = self.task_text(None)
                content = f"{content[0].lower()}{content[1:]}"
                if dline["text"] == "Thường xuyên":
                    dline["text"] = "thường xuyên"
                line = f"{head} {content}"
                out.append(("p", f"{n}. {line}.", False, False))
                task_content = line.split(": ", 1)[1] if ": " in line else line
                self.add(roman, title, None, None, str(n), task_content, lead, coop, dline)
                continue
            gtitle = head.rstrip(":")
            out.append(("p", f"{n}. {head}", True, False))
            if rng.random() < 0.35:
                out += self.letters(roman, title, str(n), gtitle, duty)
            else:
                out += self.bullets(roman, title, str(n), gtitle, duty)
        return out

    # ---- items under a heading ------------------------------------------------

    def bullets(self, roman, title, group, gtitle, duty, prefix=""):
        rng, out = self.rng, []
        n = rng.randint(1, 4)
        for k in range(1, n + 1):
            content, dline, coop = self.task_text(duty["lead"] if duty and duty["coop"] is None else None)
            subs = rng.sample(self.ph["bullet"], rng.randint(1, 2)) if rng.random() < 0.15 else []
            end = "." if k == n else ";"
            out.append(("p", f"- {content}{':' if subs else end}", False, False))
            for s in subs:
                out.append(("p", f"+ {s};", False, False))
            full = content + ("".join(f" - {s}" for s in subs) if subs else "")
            if subs:
                # The bullet's own text ends with ":", its sub-items with ";".
                full = content + ":" + "".join(f" - {s};" for s in subs)
                full = full[:-1]
            lead, co = self.parties(duty, coop)
            self.add(roman, title, prefix + group, gtitle, None, full, lead, co, dline, pos=k)
        return out

    def letters(self, roman, title, group, gtitle, duty):
        rng, out = self.rng, []
        n = rng.randint(2, 4)
        for k in range(n):
            letter = LETTERS[k]
            content, dline, coop = self.task_text(duty["lead"] if duty and duty["coop"] is None else None)
            out.append(("p", f"{letter}) {content}{'.' if k == n - 1 else ';'}", False, False))
            lead, co = self.parties(duty, coop)
            self.add(roman, title, group, gtitle, letter, content, lead, co, dline, letter=letter)
        return out

    @staticmethod
    def parties(duty, coop):
        if duty is None:
            return [], coop
        return duty["lead"], duty["coop"] if duty["coop"] is not None else coop

    def add(self, roman, title, group, gtitle, number, content, lead, coop, dline, pos=None, letter=None):
        if letter:
            tid = f"{roman}.{group}.{letter}"
        elif pos is not None:
            tid = f"{roman}.{group}.{pos}" if group else f"{roman}.{pos}"
        else:
            tid = f"{roman}.{number}"
        self.tasks.append({
            "id": tid, "section": roman, "section_title": title,
            "group": group, "group_title": gtitle, "number": number, "content": content,
            "lead_units": list(lead), "cooperating_units": list(coop), "deliverable": None,
            "deadline": dline, "notes": None,
        })


def dl(text, kind, start, end):
    return {"text": text, "kind": kind, "start": start, "end": end}


def join_units(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def body_html(sections):
    out = []
    for lines in sections:
        for kind, text, bold, brk in lines:
            style = " style='page-break-before:always'" if brk else ""
            t = html.escape(text)
            out.append(f"<p{style}>{'<b>' + t + '</b>' if bold else t}</p>")
    return "".join(out)
