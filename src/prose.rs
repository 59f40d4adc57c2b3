//! Prose stage: a document's text lines (reading order, with page and box)
//! in, the task records and targets its body writes as prose out.
//!
//! Phases, one function each: [`classify`] reads a line's marker (Roman
//! section, numbered heading, lettered item, bullet) robust to OCR slips;
//! [`outline`] builds the tree of headings, items and paragraphs (a line
//! with no marker continues the item above); [`kind_of`] names a section
//! by its title (the table [`KINDS`]); [`tasks`] and [`targets`] walk the
//! tree; [`duty`], [`subject_lead`] and [`cooperating`] find units by the
//! grammar of duties; [`deadline`] finds the time phrase; [`figures`] the
//! targets' figures. See "Tasks written as prose; targets" in
//! `../shared/spec/output-schema.md`.

use std::sync::OnceLock;

use regex::Regex;

use crate::export::{
    Bound, Deadline, DeadlineKind, Figure, Origin, Target, TargetSource, Task, TaskSource,
};
use crate::layout::TextLine;
use crate::text::{clean, fold};
use crate::util::round_to;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// What opens a line.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// "II." (and its OCR slips "Il.", "111.", "|.").
    Roman(String),
    /// "2." / "2.1." / "2.1.3": the number as printed, without a final dot.
    Number(String),
    /// "a)" … "đ)": the letter as read.
    Letter(String),
    /// "-", "–", "•".
    Bullet,
    /// "+": a sub-item of the bullet above.
    Sub,
}

const ROMANS: [&str; 15] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
];

/// The marker of a line and the text after it; `None` for a line with no
/// marker.
fn classify(line: &str) -> Option<(Mark, String)> {
    static ROMAN: OnceLock<Regex> = OnceLock::new();
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    static LETTER: OnceLock<Regex> = OnceLock::new();
    static LOST: OnceLock<Regex> = OnceLock::new();
    let raw = line;
    let line = line.trim_start_matches(['~', ',', '.', '`', '\'', ' ', 'ˆ', '_']);
    if let Some(c) = re(&ROMAN, r"^([IVXLl|1!\[\]]{1,5})\s*[.,:]\s*(\S.*)$").captures(line) {
        let raw = &c[1];
        let fixed: String = raw
            .chars()
            .map(|ch| if "Ll|1![]".contains(ch) { 'I' } else { ch })
            .collect();
        let rest = c[2].to_string();
        let exact = raw.chars().all(|ch| "IVX".contains(ch));
        let caps = crate::text::is_upper(&rest);
        let starts_upper = rest.chars().next().is_some_and(char::is_uppercase);
        if ROMANS.contains(&fixed.as_str()) && starts_upper && (caps || exact && raw != "I") {
            return Some((Mark::Roman(fixed), rest));
        }
        if ROMANS.contains(&fixed.as_str()) && exact && caps {
            return Some((Mark::Roman(fixed), rest));
        }
    }
    if let Some(m) = garbled_section(line) {
        return Some(m);
    }
    // A number OCR lost to one symbol ("^. Sở Y tế:", "`, Tiếp tục …"):
    // numbered by its sequence.
    let lost = re(&LOST, r"^[^\w\s.,\-–—•+(\[|!][.,] +(\p{Lu}.*)$");
    if let Some(c) = lost.captures(raw) {
        return Some((Mark::Number("?".into()), c[1].to_string()));
    }
    // "1)" is the letter l as OCR reads it (plans number with "1." and
    // letter with "a)"); [`letter`] tells it by the sequence.
    if let Some(rest) = line.strip_prefix("1)").or_else(|| line.strip_prefix("l)")) {
        let rest = rest.trim_start();
        if !rest.is_empty() {
            return Some((Mark::Letter("1".into()), rest.to_string()));
        }
    }
    if let Some(c) = re(
        &NUMBER,
        r"^(\d{1,2}(?:\.\d{1,2}){0,3})(\.\.?|\)|\.\)|[:,])?\s*(\S.*)$",
    )
    .captures(line)
    {
        let multi = c[1].contains('.');
        let rest = c[3].to_string();
        // "8. 100% phản ánh …" opens with a figure.
        let opens = rest.chars().next().is_some_and(|ch| ch.is_alphabetic())
            || c.get(2).is_some_and(|d| d.as_str().starts_with('.'))
                && rest.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                && rest.contains(|ch: char| ch.is_alphabetic())
                && !rest.contains('/');
        // "2, Yêu cầu", "2:Tuyên truyền": a dot OCR read as a comma or
        // colon, trusted before a capital only.
        let slip = c.get(2).is_some_and(|d| [":", ","].contains(&d.as_str()));
        let capital = rest.chars().next().is_some_and(char::is_uppercase);
        if (c.get(2).is_some() || multi) && opens && !rest.starts_with('/') && (!slip || capital) {
            return Some((Mark::Number(c[1].to_string()), rest));
        }
    }
    // "b}", "c]": a parenthesis OCR read as a brace or bracket.
    if let Some(c) = re(&LETTER, r"^([a-zđ¢])\s?[)}\]]\s*(\S.*)$").captures(line) {
        return Some((Mark::Letter(c[1].to_string()), c[2].to_string()));
    }
    let bullet = line.chars().next()?;
    let after = &line[bullet.len_utf8()..];
    // A speck glued to a heading number ("=3. Văn phòng").
    if "=*¬›^»".contains(bullet) && after.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(m @ (Mark::Number(_), _)) = classify(after) {
            return Some(m);
        }
    }
    // A dash OCR read as ":", "=", "*" or "¬": the mark, a space and a
    // capital open a bullet all the same.
    let misread = ":=*¬›".contains(bullet)
        && line[bullet.len_utf8()..].starts_with(' ')
        && line[bullet.len_utf8()..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    if "-–—•".contains(bullet) || bullet == '+' || misread {
        let rest = line[bullet.len_utf8()..].trim_start();
        // "- + item", "-+ item": a sub-item whose mark came with a stray dash.
        let (bullet, rest) = match rest.strip_prefix('+') {
            Some(r) if bullet != '+' => ('+', r.trim_start()),
            _ => (bullet, rest),
        };
        let rest = rest.trim_start_matches(['=', '*', '¬', '_', '-', ' ']);
        // "- L MỤC ĐÍCH", "-`V. TỔ CHỨC": a stray mark before a section.
        let bare = rest.trim_start_matches(['.', ' ', '`', '\'']);
        if let Some(m @ (Mark::Roman(_), _)) = classify(bare) {
            return Some(m);
        }
        // "-...1, Phòng Kinh tế": a stray mark before a heading number.
        if bare.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(m @ (Mark::Number(_), _)) = classify(bare) {
                return Some(m);
            }
        }
        // A dash glued to a word in lower case is a hyphen wrapped to the
        // line's start, not a bullet.
        let glued = !line[bullet.len_utf8()..].starts_with(' ');
        let lower = rest.chars().next().is_some_and(char::is_lowercase);
        if rest.is_empty() || glued && lower {
            return None;
        }
        let mark = if bullet == '+' {
            Mark::Sub
        } else {
            Mark::Bullet
        };
        return Some((mark, rest.to_string()));
    }
    None
}

/// A section title in capitals naming a known kind whose numeral OCR
/// garbled or glued to it ("LMỤC ĐÍCH, YÊU CẦU", "T1 NHIỆM VỤ TRỌNG
/// TÂM"): a Roman mark with the numeral "?", numbered by the sequence.
fn garbled_section(line: &str) -> Option<(Mark, String)> {
    static GARBLED: OnceLock<Regex> = OnceLock::new();
    // Any short glyphs with a dot ("HỘI." for "III.", "IH." for "II.";
    // tried first, so no letter of a dotted numeral is left on the
    // title), Roman look-alikes with or without a dot, or only stray marks
    // where the numeral was ("_- , CHỈ TIÊU"; a title with no mark at all
    // stays plain text).
    let c = re(
        &GARBLED,
        r"^(?:[^\s.+•\-–]{1,4}\.|[IVXLTl|1!\[\]]{1,4}\s*[.,:]?|[-_,|ˆ]+[\s,.]*)\s*(\p{Lu}.*)$",
    )
    .captures(line)?;
    let rest = c[1].trim_end_matches([' ', '"', '\'', '.', '|', '-']);
    let words = rest.split_whitespace().count();
    let title = crate::text::is_upper(rest) && words >= 2 && kind_of(rest).is_some();
    title.then(|| (Mark::Roman("?".into()), rest.to_string()))
}

/// A date's parts OCR set apart at a slash ("16/12/ 2026", "6 /2026"):
/// day/month/year and month/year take no space.
fn join_dates(text: &str) -> String {
    static DAY: OnceLock<Regex> = OnceLock::new();
    static MONTH: OnceLock<Regex> = OnceLock::new();
    let day = re(&DAY, r"\b(\d{1,2}) ?/ ?(\d{1,2}) ?/ ?(\d{4})\b");
    let month = re(&MONTH, r"\b(\d{1,2}) ?/ ?(\d{4})\b");
    let text = day.replace_all(text, "$1/$2/$3");
    month.replace_all(&text, "$1/$2").into_owned()
}

/// Could OCR have read the number `want` as `read`: digits it confuses
/// by their shapes (0 6 8 9, 3 5 8, 1 4 7), or a speck read as a digit
/// beside it ("24", "12" for "2")?
fn digits_alike(read: &str, want: &str) -> bool {
    const PAIRS: [(char, char); 12] = [
        ('0', '8'),
        ('0', '9'),
        ('0', '6'),
        ('6', '8'),
        ('8', '9'),
        ('5', '6'),
        ('5', '9'),
        ('3', '5'),
        ('3', '8'),
        ('5', '8'),
        ('1', '7'),
        ('1', '4'),
    ];
    let alike = |a: char, b: char| a == b || PAIRS.contains(&(a, b)) || PAIRS.contains(&(b, a));
    let same_length =
        read.len() == want.len() && read.chars().zip(want.chars()).all(|(a, b)| alike(a, b));
    let speck = read.len() == want.len() + 1 && (read.starts_with(want) || read.ends_with(want));
    same_length || speck
}

/// A task's own text, without the "+" sub-items appended to it: its
/// deadline is in its own words.
fn own_text<'t>(n: &Node, content: &'t str) -> &'t str {
    match n.subs {
        Some(at) if content.get(..at) == n.text.get(..at) => &content[..at],
        _ => content,
    }
}

/// A heading number's parent part and its own ("2.1" → "2", 1).
fn number_parts(label: &str) -> (String, Option<u32>) {
    let (head, last) = label.rsplit_once('.').unwrap_or(("", label));
    (head.to_string(), last.parse().ok())
}

/// Was the numeral `roman` printed as such at the start of `line` (past
/// stray marks), not made of look-alikes ("11." read for "I.")?
fn as_printed(line: &str, roman: &str) -> bool {
    let line = line.trim_start_matches(['~', ',', '.', '`', '\'', ' ', 'ˆ', '_', '-']);
    line.strip_prefix(roman)
        .is_some_and(|rest| !rest.starts_with(['I', 'V', 'X', 'L', 'l', '1', '|']))
}

/// Vietnamese letters of lettered items, in order.
const LETTERS: [&str; 20] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u",
];

/// The letter an item was printed with: the one after `prev` when the
/// reading is an OCR look-alike of it ("¢" for c or e, "d" for đ, "1" or
/// "i" for l).
fn letter(read: &str, prev: Option<&str>) -> String {
    let next = match prev {
        Some(p) => LETTERS
            .iter()
            .position(|l| *l == p)
            .and_then(|i| LETTERS.get(i + 1)),
        None => Some(&"a"),
    };
    let Some(&next) = next else {
        return read.to_string();
    };
    let alike = |a: &str, b: &str| {
        matches!(
            (a, b),
            ("¢", "c")
                | ("¢", "e")
                | ("d", "đ")
                | ("1", "l")
                | ("i", "l")
                | ("c", "e")
                | ("e", "c")
                | ("h", "b")
                | ("b", "h")
        )
    };
    if read != next && alike(read, next) {
        next.to_string()
    } else {
        read.to_string()
    }
}

/// One node of the outline.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    kind: NodeKind,
    /// Numeral, number or letter as it should read; empty for bullets and
    /// paragraphs.
    label: String,
    text: String,
    page: usize,
    bbox: [f32; 4],
    conf: f32,
    lines: usize,
    children: Vec<usize>,
    /// Where the "+" sub-items appended to a bullet's text begin.
    subs: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Root,
    Section,
    /// A numbered heading of this many levels ("2.1" is 2).
    Heading(usize),
    Letter,
    Bullet,
    Para,
}

impl NodeKind {
    /// Does a new node of kind `new` close this one (it cannot be its
    /// parent)?
    fn closed_by(self, new: NodeKind) -> bool {
        use NodeKind::*;
        match (self, new) {
            (Root, _) => false,
            (Section, Section) => true,
            (Section, _) => false,
            (Heading(d), Heading(n)) => d >= n,
            (Heading(_), Section) => true,
            (Heading(_), _) => false,
            (Letter, Letter | Heading(_) | Section) => true,
            (Letter, _) => false,
            (Bullet | Para, _) => true,
        }
    }
}

/// Where the body ends: the closing paragraph and the signature block.
fn closes(text: &str) -> bool {
    static RECIPIENT: OnceLock<Regex> = OnceLock::new();
    let f = fold(text);
    // A line of the recipients list ("- UBND các tỉnh (để báo cáo);",
    // "- Lưu: VT"): the body is over even when OCR lost "Nơi nhận".
    let recipient = re(
        &RECIPIENT,
        r"(?:\(\s*de\s+[a-z/ ]{1,30}\)\s*[;.,]?\s*$|^[-+]?\s*luu\s*:\s*vt)",
    );
    ["tren day la", "noi nhan", "tm. ", "kt. "]
        .iter()
        .any(|p| f.starts_with(p))
        || recipient.is_match(&f)
}

/// A page number or a running mark alone on its line.
fn page_mark(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c == '-' || c.is_whitespace());
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

struct Outline {
    nodes: Vec<Node>,
    /// Open nodes, the root first.
    stack: Vec<usize>,
    /// Right edge of body text per page (points): a line ending there was
    /// wrapped, not ended.
    right: Vec<f32>,
    /// Sections whose numeral OCR did not read as printed.
    unsure: Vec<usize>,
}

impl Outline {
    fn top(&self) -> usize {
        *self.stack.last().unwrap_or(&0)
    }

    fn push(&mut self, kind: NodeKind, label: String, line: &TextLine, text: String) {
        while self.stack.len() > 1 && self.nodes[self.top()].kind.closed_by(kind) {
            self.stack.pop();
        }
        if matches!(kind, NodeKind::Heading(_)) {
            self.settle_last_heading(&label);
        }
        let label = match kind {
            NodeKind::Heading(_) => {
                let label = self.misread_next(label);
                self.in_sequence(label)
            }
            NodeKind::Section => self.roman_in_sequence(label),
            _ => label,
        };
        let id = self.nodes.len();
        let b = &line.bbox;
        self.nodes.push(Node {
            kind,
            label,
            text,
            page: line.page,
            bbox: [b.x0, b.y0, b.x1, b.y1],
            conf: line.conf,
            lines: 1,
            children: Vec::new(),
            subs: None,
        });
        let top = self.top();
        self.nodes[top].children.push(id);
        self.stack.push(id);
    }

    /// Sections are numbered I, II, III …: a numeral of I's only that
    /// repeats the last section's or steps back ("II" read again for
    /// "III") is the next one. The first section stands as read (its
    /// predecessor may be a line OCR lost).
    fn roman_in_sequence(&self, label: String) -> String {
        let last = self.nodes[0]
            .children
            .iter()
            .rev()
            .find(|&&c| self.nodes[c].kind == NodeKind::Section)
            .and_then(|&c| ROMANS.iter().position(|r| *r == self.nodes[c].label));
        let read = ROMANS.iter().position(|r| *r == label);
        if label == "?" {
            return ROMANS[last.map_or(0, |l| l + 1).min(ROMANS.len() - 1)].to_string();
        }
        match (last, read) {
            (Some(l), Some(r)) if r <= l && label.chars().all(|c| c == 'I') => {
                ROMANS.get(l + 1).map_or(label, |n| n.to_string())
            }
            _ => label,
        }
    }

    /// A section numeral read as printed (`read`) after one OCR slipped
    /// ("11." for "I.", a "?" numbered by the sequence) that it repeats
    /// or precedes: the slipped one is the numeral before it, unless that
    /// steps back over the section before.
    fn settle_last_section(&mut self, read: &str) {
        let sections: Vec<usize> = self.nodes[0]
            .children
            .iter()
            .copied()
            .filter(|&c| self.nodes[c].kind == NodeKind::Section)
            .collect();
        let Some(&last) = sections.last() else { return };
        let at = |label: &str| ROMANS.iter().position(|r| *r == label);
        let (Some(l), Some(r)) = (at(&self.nodes[last].label), at(read)) else {
            return;
        };
        let before = sections
            .len()
            .checked_sub(2)
            .and_then(|i| at(&self.nodes[sections[i]].label));
        if self.unsure.contains(&last) && r <= l && r >= 1 && before.is_none_or(|b| b + 1 < r) {
            self.nodes[last].label = ROMANS[r - 1].to_string();
        }
    }

    /// The number after the last heading of the current section ("1"
    /// for its first): a heading whose number OCR lost.
    fn next_heading(&self) -> String {
        let last = self
            .nodes
            .iter()
            .rev()
            .take_while(|n| n.kind != NodeKind::Section)
            .find(|n| matches!(n.kind, NodeKind::Heading(_)));
        match last.map(|n| number_parts(&n.label)) {
            Some((head, Some(k))) if head.is_empty() => (k + 1).to_string(),
            Some((head, Some(k))) => format!("{head}.{}", k + 1),
            _ => "1".to_string(),
        }
    }

    /// The numbered headings under the open node, in order.
    fn sibling_headings(&self) -> Vec<usize> {
        self.nodes[self.top()]
            .children
            .iter()
            .copied()
            .filter(|&c| matches!(self.nodes[c].kind, NodeKind::Heading(_)))
            .collect()
    }

    /// The next heading's number under the open node when `label` is a
    /// misreading of it: digits OCR confuses ("9." for "5.", "4." for
    /// "1.") or a speck read as a digit beside it ("24." for "2.").
    fn misread_next(&self, label: String) -> String {
        let last = self.sibling_headings().last().copied();
        let (head, Some(k)) = number_parts(&label) else {
            return label;
        };
        let want = match last.map(|c| number_parts(&self.nodes[c].label)) {
            Some((h, Some(l))) if h == head => l + 1,
            Some(_) => return label,
            None => 1,
        };
        if k == want || !digits_alike(&k.to_string(), &want.to_string()) {
            return label;
        }
        match head.as_str() {
            "" => want.to_string(),
            h => format!("{h}.{want}"),
        }
    }

    /// A heading number between two in sequence is the one between them:
    /// "4." read for "1." before "2.", "5." for "2." between "1." and
    /// "3." (`label` is the one after it, as read).
    fn settle_last_heading(&mut self, label: &str) {
        let siblings = self.sibling_headings();
        let Some(&last) = siblings.last() else { return };
        let (head, Some(k)) = number_parts(label) else {
            return;
        };
        let (last_head, Some(l)) = number_parts(&self.nodes[last].label) else {
            return;
        };
        if last_head != head || k < 2 || l + 1 == k {
            return;
        }
        let between = match siblings.len().checked_sub(2) {
            None => k == 2,
            Some(i) => number_parts(&self.nodes[siblings[i]].label) == (head.clone(), Some(k - 2)),
        };
        if between {
            self.nodes[last].label = match head.as_str() {
                "" => (k - 1).to_string(),
                h => format!("{h}.{}", k - 1),
            };
        }
    }

    /// A heading number printed twice under one parent ("9." … "9.") is a
    /// numbering slip: it takes the number after its last sibling's, so
    /// ids stay unique.
    fn in_sequence(&self, label: String) -> String {
        let headings: Vec<&str> = self
            .sibling_headings()
            .into_iter()
            .map(|c| self.nodes[c].label.as_str())
            .collect();
        if !headings.contains(&label.as_str()) {
            return label;
        }
        let last = headings.last().copied().unwrap_or_default();
        match last.rsplit_once('.') {
            Some((head, n)) => n
                .parse::<u32>()
                .map_or(label.clone(), |n| format!("{head}.{}", n + 1)),
            None => last
                .parse::<u32>()
                .map_or(label.clone(), |n| (n + 1).to_string()),
        }
    }

    /// Append a line to node `id`'s text (and its box on its first page).
    fn extend(&mut self, id: usize, line: &TextLine, text: &str) {
        let n = &mut self.nodes[id];
        if !n.text.is_empty() {
            n.text.push(' ');
        }
        n.text.push_str(text);
        n.conf = (n.conf * n.lines as f32 + line.conf) / (n.lines + 1) as f32;
        n.lines += 1;
        if line.page == n.page {
            n.bbox[0] = n.bbox[0].min(line.bbox.x0);
            n.bbox[1] = n.bbox[1].min(line.bbox.y0);
            n.bbox[2] = n.bbox[2].max(line.bbox.x1);
            n.bbox[3] = n.bbox[3].max(line.bbox.y1);
        }
    }

    /// Does `line`, with no marker, carry on the title of heading `id`
    /// (wrapped) rather than open a paragraph under it?
    fn wraps_title(&self, id: usize, prev: Option<&TextLine>, text: &str) -> bool {
        let n = &self.nodes[id];
        if !n.children.is_empty() {
            return false;
        }
        if n.kind == NodeKind::Section {
            return crate::text::is_upper(text);
        }
        let lower = text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase);
        let full = prev.is_some_and(|p| {
            let right = self.right.get(p.page).copied().unwrap_or(0.0);
            right > 0.0 && p.bbox.x1 >= right - 0.03 * right
        });
        lower || full && !n.text.ends_with([':', '.'])
    }

    fn line(&mut self, line: &TextLine, prev: Option<&TextLine>) {
        let text = join_dates(&clean(&line.text));
        match classify(&text) {
            Some((Mark::Roman(r), rest)) => {
                let printed = as_printed(&text, &r);
                if printed {
                    self.settle_last_section(&r);
                }
                self.push(NodeKind::Section, r, line, rest);
                if !printed {
                    self.unsure.push(self.nodes.len() - 1);
                }
            }
            Some((Mark::Number(n), _)) if self.runs_on(prev, &n) => {
                let top = self.top();
                self.extend(top, line, &text)
            }
            Some((Mark::Number(n), rest)) => {
                let n = if n == "?" { self.next_heading() } else { n };
                let depth = n.split('.').count();
                self.push(NodeKind::Heading(depth), n, line, rest)
            }
            Some((Mark::Letter(l), rest)) => {
                let prev = self.last_letter();
                let l = letter(&l, prev.as_deref());
                self.push(NodeKind::Letter, l, line, rest)
            }
            None => self.plain(line, prev, &text),
            Some((Mark::Bullet, rest)) => self.push(NodeKind::Bullet, String::new(), line, rest),
            Some((Mark::Sub, rest)) => {
                let top = self.top();
                if matches!(self.nodes[top].kind, NodeKind::Bullet) {
                    let n = &mut self.nodes[top];
                    n.text
                        .truncate(n.text.trim_end_matches([';', '.', ':', ',', ' ']).len());
                    n.subs.get_or_insert(n.text.len());
                    self.extend(top, line, &format!("- {rest}"));
                } else {
                    self.push(NodeKind::Bullet, String::new(), line, rest)
                }
            }
        }
    }

    /// Does a line opening with the number `label` carry on the line
    /// above ("… Chi nhánh Khu vực" / "11, Tỉnh đoàn …")? When the line
    /// above ran to the right edge of the page's text and the number is
    /// not the next heading's. Plain text, which has no edge, never tells.
    fn runs_on(&self, prev: Option<&TextLine>, label: &str) -> bool {
        let Some(p) = prev else { return false };
        let right = self.right.get(p.page).copied().unwrap_or(0.0);
        let wrapped = right > 0.0 && p.bbox.x1 >= right - 0.03 * right;
        wrapped && !self.next_number(label)
    }

    /// Is `label` a heading number the outline can take next: a first
    /// ("1", "2.1"), the one after the last heading of its depth, or that
    /// one read again?
    fn next_number(&self, label: &str) -> bool {
        let (head, Some(k)) = number_parts(label) else {
            return true;
        };
        let depth = label.split('.').count();
        let last = self
            .nodes
            .iter()
            .rev()
            .find(|n| n.kind == NodeKind::Heading(depth));
        k <= 1
            || last.is_some_and(|n| {
                let (h, l) = number_parts(&n.label);
                h == head && l.is_some_and(|l| l + 1 == k || l == k)
            })
    }

    /// A line with no marker: it continues a bullet, item or paragraph, a
    /// wrapped heading, or opens a paragraph under the heading.
    fn plain(&mut self, line: &TextLine, prev: Option<&TextLine>, text: &str) {
        let top = self.top();
        if let Some(rest) = self.next_letter_misread(text) {
            let l = letter(&text[..1], self.last_letter().as_deref());
            return self.push(NodeKind::Letter, l, line, rest.to_string());
        }
        let continues = match self.nodes[top].kind {
            NodeKind::Root => return,
            // A bullet that ended its sentence on a short line, and a
            // capital line of words after it (not a stray glyph): the next
            // bullet, its dash lost to OCR.
            NodeKind::Bullet
                if self.ends_paragraph(top, prev, text) && text.split_whitespace().count() >= 3 =>
            {
                let text = text.trim_start_matches([',', '.', '`', '\'', ' ', '~']);
                return self.push(NodeKind::Bullet, String::new(), line, text.to_string());
            }
            NodeKind::Bullet | NodeKind::Letter => true,
            NodeKind::Para => !self.ends_paragraph(top, prev, text),
            NodeKind::Section | NodeKind::Heading(_) => self.wraps_title(top, prev, text),
        };
        let text = text.trim_start_matches([',', '.', '`', '\'', ' ', '~']);
        if continues {
            self.extend(top, line, text);
        } else {
            self.push(NodeKind::Para, String::new(), line, text.to_string());
        }
    }

    /// Does paragraph `id` end before `text`? Where the page shows it,
    /// when the line before stopped short of the right edge; in plain
    /// text, when it ended a sentence and `text` opens a new one.
    fn ends_paragraph(&self, id: usize, prev: Option<&TextLine>, text: &str) -> bool {
        let upper = text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        let sentence = self.nodes[id].text.ends_with(['.', ':', ';']);
        let short = prev.and_then(|p| {
            let right = self.right.get(p.page).copied().unwrap_or(0.0);
            (right > 0.0).then_some(p.bbox.x1 < right - 0.03 * right)
        });
        upper && short.unwrap_or(sentence) && sentence
    }

    /// A lettered item whose ")" OCR read as a letter ("bị Trên 1,5% …"
    /// for "b) Trên …"): after an item that ended its sentence, the next
    /// letter, one glyph and a capitalised word. The item's text.
    fn next_letter_misread<'t>(&self, text: &'t str) -> Option<&'t str> {
        let prev = self.last_letter()?;
        let open = self.nodes[self.top()].kind == NodeKind::Letter
            && self.nodes[self.top()].text.ends_with([';', '.']);
        let next = LETTERS
            .iter()
            .position(|l| *l == prev)
            .and_then(|i| LETTERS.get(i + 1))?;
        let mut chars = text.char_indices();
        let (_, first) = chars.next()?;
        let (_, glyph) = chars.next()?;
        let (space, _) = chars.next().filter(|(_, c)| *c == ' ')?;
        let rest = &text[space + 1..];
        let capital = rest.starts_with(char::is_uppercase);
        (open && first.to_string() == *next && !glyph.is_whitespace() && capital).then_some(rest)
    }

    /// The letter of the last lettered item among the open node's
    /// siblings-to-be (for telling "1)" after "k)" as "l").
    fn last_letter(&self) -> Option<String> {
        let parent = self.stack.iter().rev().find(|&&i| {
            !matches!(
                self.nodes[i].kind,
                NodeKind::Letter | NodeKind::Bullet | NodeKind::Para
            )
        })?;
        let last = self.nodes[*parent]
            .children
            .iter()
            .rev()
            .find(|&&c| self.nodes[c].kind == NodeKind::Letter)?;
        Some(self.nodes[*last].label.clone())
    }
}

/// The outline of the body: from the first Roman section to the closing
/// paragraph. Node 0 is the root.
fn outline(lines: &[TextLine]) -> Vec<Node> {
    let pages = lines.iter().map(|l| l.page).max().unwrap_or(0);
    let mut right = vec![0.0f32; pages + 1];
    for l in lines {
        right[l.page] = right[l.page].max(l.bbox.x1);
    }
    let mut o = Outline {
        nodes: vec![Node {
            kind: NodeKind::Root,
            label: String::new(),
            text: String::new(),
            page: 1,
            bbox: [0.0; 4],
            conf: 1.0,
            lines: 0,
            children: Vec::new(),
            subs: None,
        }],
        stack: vec![0],
        right,
        unsure: Vec::new(),
    };
    let mut started = false;
    let mut prev: Option<&TextLine> = None;
    for line in lines {
        let text = clean(&line.text);
        if text.is_empty() || page_mark(&text) {
            continue;
        }
        started |= matches!(classify(&text), Some((Mark::Roman(_), _)));
        if !started {
            continue;
        }
        if closes(&text) {
            break;
        }
        o.line(line, prev);
        prev = Some(line);
    }
    o.nodes
}

/// What a section (or a heading's subtree) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Tasks as headings and bullets.
    Tasks,
    /// Tasks shared out per unit ("TỔ CHỨC THỰC HIỆN").
    Duties,
    /// Numbered targets.
    Targets,
    /// Purpose, requirements, funding, grounds: no tasks.
    Nothing,
}

/// Title wordings (folded, matched as a phrase in the title) and the kind
/// they give, first match wins: a title naming both targets and tasks
/// ("CÁC CHỈ TIÊU VÀ NHIỆM VỤ CỤ THỂ") is a task section whose "Mục tiêu"
/// items are targets.
pub const KINDS: &[(&str, Kind)] = &[
    ("to chuc thuc hien", Kind::Duties),
    ("phan cong nhiem vu", Kind::Duties),
    ("phan cong thuc hien", Kind::Duties),
    ("phan cong trach nhiem", Kind::Duties),
    ("trach nhiem thuc hien", Kind::Duties),
    ("trach nhiem cua cac", Kind::Duties),
    ("nhiem vu", Kind::Tasks),
    ("giai phap", Kind::Tasks),
    ("noi dung thuc hien", Kind::Tasks),
    ("noi dung trien khai", Kind::Tasks),
    ("noi dung nhiem vu", Kind::Tasks),
    ("hoat dong", Kind::Tasks),
    ("chi tieu", Kind::Targets),
    ("muc tieu cu the", Kind::Targets),
    ("muc tieu chung", Kind::Nothing),
    ("muc tieu", Kind::Targets),
    ("muc dich", Kind::Nothing),
    ("yeu cau", Kind::Nothing),
    ("kinh phi", Kind::Nothing),
    ("can cu", Kind::Nothing),
    ("quan diem", Kind::Nothing),
    ("thoi gian, dia diem", Kind::Nothing),
];

/// Titles that name a task section only when they are the whole title:
/// "NỘI DUNG" alone lists the plan's work, "NỘI DUNG, CHƯƠNG TRÌNH HỘI
/// NGHỊ" a conference's programme.
const WHOLE_TITLES: [&str; 4] = [
    "noi dung",
    "noi dung chu yeu",
    "noi dung cu the",
    "noi dung trong tam",
];

/// The kind a title names, if any.
pub fn kind_of(title: &str) -> Option<Kind> {
    let whole = fold(title);
    let whole = whole.trim_end_matches([':', '.', ' ']);
    if WHOLE_TITLES.contains(&whole) {
        return Some(Kind::Tasks);
    }
    let f = format!(" {whole} ");
    KINDS
        .iter()
        .find(|(w, _)| f.contains(&format!(" {w} ")) || f.contains(&format!(" {w},")))
        .map(|(_, k)| *k)
}

/// Units and their roles named by a duty heading.
#[derive(Debug, Clone, Default, PartialEq)]
struct Duty {
    lead: Vec<String>,
    cooperating: Vec<String>,
}

/// A duty heading's units: "X", "X:", "X có trách nhiệm:", "Giao X", "Đề
/// nghị X", "X (cơ quan thường trực …)", "X chủ trì, phối hợp Y", "X chỉ
/// đạo Y". `plain` lets a bare name count (in a duty section).
fn duty(title: &str, plain: bool) -> Option<Duty> {
    static OPEN: OnceLock<Regex> = OnceLock::new();
    static ROLE: OnceLock<Regex> = OnceLock::new();
    let t = clean(title);
    let opened = re(&OPEN, r"(?i)^(giao|đề nghị|trách nhiệm của)\s+").find(&t);
    let t = opened.map_or(t.as_str(), |m| &t[m.end()..]);
    let t = t.trim_end_matches([':', '.', ' ']);
    let (subject, rest) = match re(
        &ROLE,
        r"\s+(chủ trì|chỉ đạo|có trách nhiệm|là cơ quan|là đơn vị)\b",
    )
    .find(t)
    {
        Some(m) => (&t[..m.start()], Some(&t[m.start()..])),
        None => (t, None),
    };
    if !(plain || opened.is_some() || rest.is_some()) {
        return None;
    }
    let subject = strip_aside(subject.trim_end_matches([',', ':', ' ']));
    let lead = names(&subject)?;
    Some(Duty {
        lead,
        cooperating: rest.map(cooperating).unwrap_or_default(),
    })
}

/// Does `phrase` open with a unit: a head noun (see `units`), or the code
/// of a ministry's department ("C04", "V01", "PC04": letters and two
/// digits, as Bộ Công an names its units)?
fn opens_unit(phrase: &str) -> bool {
    static CODE: OnceLock<Regex> = OnceLock::new();
    let first = phrase.split_whitespace().next().unwrap_or("");
    let code = re(&CODE, r"^[A-Z]{1,2}\d{2}[,:;]?$").is_match(first);
    code || crate::units::opens_unit(phrase)
}

/// A name without a closing aside in parentheses ("Phòng Tổ chức cán bộ
/// (Cơ quan thường trực …)").
fn strip_aside(s: &str) -> String {
    static ROLE: OnceLock<Regex> = OnceLock::new();
    // "Phòng 5, Cục C, Bộ Công an - đơn vị thường trực …": a role after a
    // dash, in small letters (a name's own dash is followed by a capital).
    let s = match re(&ROLE, r"\s[-–]\s+\p{Ll}").find(s) {
        Some(m) => &s[..m.start()],
        None => s,
    };
    match s.find(" (") {
        Some(i) if s.ends_with(')') && !code(&s[i + 2..s.len() - 1]) => s[..i].to_string(),
        _ => s.to_string(),
    }
}

/// A unit's code in parentheses is part of its name ("Phòng Cảnh sát giao
/// thông (PC08)"): one word of capitals and digits.
fn code(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && s.chars().any(|c| c.is_ascii_uppercase())
        && !s.chars().any(char::is_lowercase)
}

/// Words that end a unit list in running text: a verb or preposition
/// starts the predicate (folded, matched as whole words).
const PREDICATE: &[&str] = &[
    "tham muu",
    "thuc hien",
    "trien khai",
    "ra soat",
    "xay dung",
    "xu ly",
    "chuan hoa",
    "de",
    "trong",
    "tiep nhan",
    "giup",
    "huong dan",
    "cap nhat",
    "kiem tra",
    "theo doi",
    "tang cuong",
    "day manh",
    "lap",
    "tham dinh",
    "nang cao",
    "tiep tuc",
    "can cu",
    "chu dong",
    "co trach nhiem",
    "chiu trach nhiem",
    "la",
    "dam bao",
    "bao dam",
    "phan dau",
    "dua",
    "cung cap",
    "tong hop",
    "bao cao",
    "quan triet",
    "ban hanh",
    "don doc",
    "danh gia",
    "tuyen truyen",
    "nghien cuu",
    "phoi hop",
    "chu tri",
    "giai quyet",
    "khi",
    "theo",
    "chuan bi",
    "bo tri",
    "to chuc",
    "xac dinh",
    "phat hien",
    "de xuat",
    "thong nhat",
    "van hanh",
    "kip thoi",
    "tiep",
    "moi",
    "gui",
    // Common verbs of duties, and time words, that open a predicate too.
    "trinh",
    "niem yet",
    "quan ly",
    "khao sat",
    "duy tri",
    "so hoa",
    "cong khai",
    "su dung",
    "nang cap",
    "ung dung",
    "tap huan",
    "boi duong",
    "kien toan",
    "huy dong",
    "kiem soat",
    "chi dao",
    "giam sat",
    "phan cong",
    "phan anh",
    "sua doi",
    "bo sung",
    "khen thuong",
    "thanh toan",
    "dang tai",
    "chinh ly",
    "rut ngan",
    "cat giam",
    "hoan thanh",
    "thuong xuyen",
    "dinh ky",
    "hang",
    "truoc",
    "cham nhat",
];

/// The unit list at the start of `s`: up to the first predicate word,
/// ";", "." or ":"; `None` when it opens with no unit.
fn units_at(s: &str) -> Option<Vec<String>> {
    let s = s.trim_start_matches(['(', ' ', ',']);
    // The list ends at a stop or an aside; a unit's code in parentheses
    // ("(PC08)") is its name's.
    let mut end = s
        .char_indices()
        .find(|&(i, c)| {
            let aside = c == '('
                && !s[i + 1..]
                    .split_once(')')
                    .is_some_and(|(inner, _)| code(inner));
            matches!(c, ';' | '.' | ':') || aside
        })
        .map_or(s.len(), |(i, _)| i);
    let words: Vec<(usize, &str)> = s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
        .collect();
    let inside = crate::units::bound_to_previous(s);
    for k in 1..words.len() {
        let (at, _) = words[k];
        if at >= end {
            break;
        }
        // A word of a head, known name or compound ("Ngân hàng", not
        // "hằng"; "công trình", not "trình").
        if inside.get(k).copied().unwrap_or(false) {
            continue;
        }
        let ahead: Vec<String> = words[k..words.len().min(k + 3)]
            .iter()
            .map(|(_, w)| fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
            .collect();
        // A capitalised word is part of a name ("Phòng Tổ chức cán bộ",
        // "Trung tâm Kiểm soát bệnh tật"), not a verb of the predicate.
        if words[k].1.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let hit = PREDICATE.iter().any(|p: &&str| {
            let n = p.split(' ').count();
            ahead.len() >= n && ahead[..n].join(" ") == *p
        });
        if hit {
            end = at;
            break;
        }
    }
    let phrase = s[..end].trim_end_matches([',', ' ']);
    opens_unit(phrase).then(|| crate::units::split(phrase))
}

/// Units after "phối hợp (chặt chẽ) (với)"; none when a verb follows
/// ("phối hợp tổ chức …").
fn cooperating(text: &str) -> Vec<String> {
    static WITH: OnceLock<Regex> = OnceLock::new();
    let w = re(&WITH, r"(?i)\bphối hợp(\s+chặt chẽ)?(\s+với)?\s+");
    let mut out: Vec<String> = Vec::new();
    for m in w.find_iter(text) {
        for u in units_at(&text[m.end()..]).unwrap_or_default() {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}

/// The subject right before "chủ trì" in a task's text ("Sở Nội vụ chủ
/// trì, phối hợp …").
fn subject_lead(text: &str) -> Vec<String> {
    static CHU_TRI: OnceLock<Regex> = OnceLock::new();
    let Some(m) = re(&CHU_TRI, r"\s(chủ trì|Chủ trì)\b").find(text) else {
        return Vec::new();
    };
    let subject = text[..m.start()].trim_end_matches([',', ' ']);
    // The subject opens the sentence (or its clause).
    let clause = subject.rsplit([';', '.']).next().unwrap_or(subject).trim();
    names(clause).unwrap_or_default()
}

/// Words a unit's name runs to at most: more is a sentence that opens
/// with a head noun.
const MAX_NAME_WORDS: usize = 14;

/// The units `subject` names, when it opens with one and each is no
/// longer than a name.
fn names(subject: &str) -> Option<Vec<String>> {
    if !opens_unit(subject) {
        return None;
    }
    let units = crate::units::split(subject);
    let long = |u: &String| u.split_whitespace().count() > MAX_NAME_WORDS;
    (!units.iter().any(long)).then_some(units)
}

/// The units a duty paragraph opens with as its subject: "Giao X …",
/// "X căn cứ …", "Căn cứ …, X chủ động …", "Căn cứ …, đề nghị X …".
fn paragraph_subject(text: &str) -> Vec<String> {
    static OPEN: OnceLock<Regex> = OnceLock::new();
    // The request ("Giao", "Đề nghị") stands before the subject, at the
    // sentence's start or after its opening "Căn cứ …," clause.
    let request = |s: &str| {
        re(&OPEN, r"^(?:Giao|Đề nghị|giao|đề nghị)\s+")
            .replace(s, "")
            .into_owned()
    };
    let t = request(text);
    if let Some(u) = units_at(&t) {
        return u;
    }
    match t.strip_prefix("Căn cứ").and_then(|r| r.split_once(", ")) {
        Some((_, rest)) => units_at(&request(rest)).unwrap_or_default(),
        None => Vec::new(),
    }
}

/// The time phrase of a task's text (see the contract): the first that
/// starts at a marker, parsed with the deadline grammar.
pub fn deadline(text: &str, doc_year: Option<i32>) -> Deadline {
    let none = Deadline {
        text: None,
        kind: DeadlineKind::Unknown,
        start: None,
        end: None,
    };
    let Some((a, b)) = time_phrase(text) else {
        return none;
    };
    let chars: Vec<char> = text.chars().collect();
    let phrase: String = chars[a..b].iter().collect();
    let phrase = phrase
        .trim_end_matches([',', ';', '.', ':', ' '])
        .to_string();
    crate::deadline::parse(&phrase, doc_year)
}

/// Char range of the first time phrase in `text`.
fn time_phrase(text: &str) -> Option<(usize, usize)> {
    static DATED: OnceLock<Regex> = OnceLock::new();
    static RECUR: OnceLock<Regex> = OnceLock::new();
    static DAYS: OnceLock<Regex> = OnceLock::new();
    // Folding keeps one char per char: byte offsets of the folded text map
    // to char offsets through its char indices.
    let f: String = text.chars().map(crate::text::fold_char).collect();
    const WHEN: &str = r"(?:ngay\s+\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?|ngay\s+\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|thang\s+\d{1,2}(?:\s*[/.-]\s*\d{4}|\s+nam\s+\d{4})?|quy\s+[ivxl1]+(?:\s*[/.-]\s*\d{4}|\s+nam\s+\d{4})?|(?:6|sau)\s+thang\s+(?:dau|cuoi)\s+nam(?:\s+\d{4})?|nam\s+\d{4})";
    let dated = re(
        &DATED,
        &format!(
            r"\b(?:truoc|cham nhat|trong|tu)\s+{WHEN}(?:\s+(?:den|toi|-)\s+(?:{WHEN}|ngay\s+\d{{1,2}}[/.-]\d{{1,2}}))?(?:\s+hang\s+(?:thang|quy|nam))?"
        ),
    );
    let recur = re(
        &RECUR,
        r"\b(?:dinh ky(?:\s+hang)?(?:\s+(?:tuan|thang|quy|nam|6 thang)(?:,|\s+va)?)*|hang\s+(?:ngay|tuan|thang|quy|nam)|thuong xuyen(?:\s+trong\s+nam\s+\d{4})?)\b",
    );
    let days = re(
        &DAYS,
        r"\b(?:cham nhat\s+\d+\s+ngay(?:\s+lam viec)?(?:\s+ke tu[^,;.]*)?|(?:truoc|cham nhat)\s+ngay\s+\d{1,2}\s+hang\s+(?:thang|quy|nam))",
    );
    // "nguồn chi thường xuyên", "các nhiệm vụ thường xuyên": an adjective
    // of the noun before it, not a time; dated phrases after the noun
    // ("thực hiện nhiệm vụ trong năm 2026") are times.
    let excluded = |at: usize| {
        let before = &f[..at];
        f[at..].starts_with("thuong xuyen")
            && (before.ends_with("chi ")
                || before.ends_with("nhiem vu ")
                || before.ends_with("nguon "))
    };
    let mut best: Option<(usize, usize)> = None;
    for r in [dated, recur, days] {
        for m in r.find_iter(&f) {
            if excluded(m.start()) || cites(&f[..m.start()]) {
                continue;
            }
            if best.is_none_or(|(s, _)| m.start() < s) {
                best = Some((m.start(), m.end()));
            }
            break;
        }
    }
    let (s, e) = best?;
    let to_char = |b: usize| f[..b].chars().count();
    Some((to_char(s), to_char(e)))
}

/// Does folded text end inside a document reference ("Nghị định số …")?
fn cites(before: &str) -> bool {
    static REF: OnceLock<Regex> = OnceLock::new();
    re(
        &REF,
        r"(?:so\s+\d+/[\w./-]*|\d+/\d{4}/[\w-]+|\d+/[a-z]+-[\w-]+)\s*$",
    )
    .is_match(before)
}

/// Bound words (folded) right before a figure.
const BOUNDS: [(&str, Bound); 9] = [
    ("toi thieu", Bound::Min),
    ("it nhat", Bound::Min),
    ("khong duoi", Bound::Min),
    ("khong it hon", Bound::Min),
    ("tren", Bound::Min),
    ("tu", Bound::Min),
    ("toi da", Bound::Max),
    ("khong qua", Bound::Max),
    ("duoi", Bound::Max),
];

/// The bound a gap of text ending right before a figure sets. OCR reads
/// the "ể" of "tối thiểu" as "c" or "e" ("toi thicu"): folded alike.
fn bound_before(gap: &str) -> Option<Bound> {
    static THIEU: OnceLock<Regex> = OnceLock::new();
    let g = fold(gap);
    let g = re(&THIEU, r"\btoi thi[a-z]u\b").replace_all(&g, "toi thieu");
    let g = g.trim_end_matches([' ', ':']);
    BOUNDS
        .iter()
        .find(|(w, _)| g == *w || g.ends_with(&format!(" {w}")))
        .map(|(_, b)| *b)
}

/// Figures of a target's text: percentages, and counts of a named thing.
fn figures(text: &str) -> Vec<Figure> {
    static FIG: OnceLock<Regex> = OnceLock::new();
    static LIST: OnceLock<Regex> = OnceLock::new();
    let fig = re(
        &FIG,
        r"(\d+(?:[.,]\d+)?)\s*(%|\s(?:[a-zà-ỹđ]+(?:,?\s+[a-zà-ỹđ]+){0,4}))",
    );
    // "tối thiểu: 70% …; 80% …": the bound of the list.
    let folded: String = text.chars().map(crate::text::fold_char).collect();
    let list_bound = re(&LIST, r"(toi thi[a-z]u|it nhat|toi da|khong qua)\s*:")
        .captures(&folded)
        .and_then(|c| bound_before(&c[1]));
    let mut out = Vec::new();
    let mut last = 0;
    for c in fig.captures_iter(text) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let num = &c[1];
        let before = &text[..m.start];
        let prev_word = before.split_whitespace().last().unwrap_or("");
        let in_name = prev_word.chars().next().is_some_and(char::is_uppercase)
            && !prev_word.ends_with([',', ':']);
        // "khoản 3 Điều 14", "số 118", "ngày 9": a reference, not a count.
        const REFS: [&str; 10] = [
            "khoan", "dieu", "diem", "muc", "so", "chuong", "phan", "ngay", "thang", "quy",
        ];
        let in_name = in_name || REFS.contains(&fold(prev_word).as_str());
        // A number glued to the word before ("x3", "¢6") is a misread letter.
        let glued = !(before.is_empty() || before.ends_with([' ', '(']))
            || before.ends_with(['/', '-', '.'])
            || text[m.start..].contains('/') && text[m.start..].find('/') < Some(num.len() + 1);
        let Some(value) = number(num) else { continue };
        let unit = if &c[2] == "%" {
            "%".to_string()
        } else {
            let year = (1900.0..2101.0).contains(&value.1);
            if year || in_name || glued {
                continue;
            }
            count_unit(&c[2])
        };
        if unit.is_empty() {
            continue;
        }
        let after = fold(&text[m.end..]);
        let bound = bound_before(&text[last..m.start])
            .or_else(|| {
                after
                    .trim_start()
                    .starts_with("tro len")
                    .then_some(Bound::Min)
            })
            .or(list_bound)
            .unwrap_or(Bound::Exact);
        out.push(Figure {
            value: value.0,
            unit,
            bound,
        });
        last = m.end;
    }
    out
}

/// A printed number as JSON ("1,5" is 1.5) and as a float.
fn number(s: &str) -> Option<(serde_json::Number, f64)> {
    let v: f64 = s.replace(',', ".").parse().ok()?;
    let n = if v.fract() == 0.0 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v)?
    };
    Some((n, v))
}

/// The thing a count counts: its words up to a verb or preposition.
fn count_unit(words: &str) -> String {
    // Matched with their marks when the word has any ("cơ quan" counts,
    // "có" stops), folded when OCR lost them.
    const STOP: [&str; 14] = [
        "được", "đạt", "có", "không", "trên", "trong", "tham", "hoàn", "đã", "phải", "là", "mới",
        "năm", "của",
    ];
    // Prepositions that open a qualifier of the counted thing ("hội nghị
    // tập huấn cho cán bộ", "cuộc kiểm tra tại các đơn vị"); matched with
    // their marks, so "tài liệu" is not "tại".
    const PREPOSITIONS: [&str; 10] = [
        "cho", "tại", "về", "với", "theo", "để", "ở", "đến", "nhằm", "thuộc",
    ];
    let mut out: Vec<&str> = Vec::new();
    for w in words.split_whitespace() {
        let bare = w.trim_end_matches(',');
        let lower = bare.to_lowercase();
        let stop = if lower.is_ascii() {
            STOP.iter().any(|s| fold(s) == lower)
        } else {
            STOP.contains(&lower.as_str())
        };
        if stop || PREPOSITIONS.contains(&lower.as_str()) {
            break;
        }
        out.push(w);
    }
    clean(&out.join(" ")).trim_end_matches(',').to_string()
}

/// Context handed down the outline while tasks are read.
#[derive(Debug, Clone)]
struct Ctx {
    section: Option<(String, String)>,
    kind: Kind,
    /// Innermost numbered heading (number, title).
    heading: Option<(String, String)>,
    /// The heading above the innermost (a heading-task's group).
    outer: Option<(String, String)>,
    duty: Option<Duty>,
}

/// Task records and targets of a document's body.
pub fn read(lines: &[TextLine], doc_year: Option<i32>) -> (Vec<Task>, Vec<Target>) {
    let nodes = outline(lines);
    let mut r = Reader {
        nodes: &nodes,
        doc_year,
        tasks: Vec::new(),
        targets: Vec::new(),
    };
    for &s in &nodes[0].children {
        let n = &nodes[s];
        if n.kind != NodeKind::Section {
            continue;
        }
        let title = strip_colon(&n.text);
        let ctx = Ctx {
            section: Some((n.label.clone(), title.clone())),
            kind: kind_of(&title).unwrap_or(Kind::Nothing),
            heading: None,
            outer: None,
            duty: None,
        };
        r.children(s, &ctx);
    }
    if refers_to_appendix(lines) {
        r.tasks.clear();
    }
    (r.tasks, r.targets)
}

/// Does the body send its reader to an appendix for its tasks ("Nhiệm vụ
/// cụ thể … tại Phụ lục kèm theo Kế hoạch này")? Then the appendix's table
/// is the task list, even when the file lacks it (or OCR lost the section
/// heading above the sentence), and the prose gives no tasks.
fn refers_to_appendix(lines: &[TextLine]) -> bool {
    let folded: Vec<String> = lines.iter().map(|l| fold(&l.text)).collect();
    // Two lines together: the sentence wraps.
    folded
        .windows(2)
        .chain(std::iter::once(&folded[folded.len().saturating_sub(1)..]))
        .any(|w| {
            let f = w.join(" ");
            f.contains("phu luc") && (f.contains("nhiem vu") || f.contains("kem theo"))
        })
}

fn strip_colon(s: &str) -> String {
    clean(s.trim_end_matches([':', ' ']))
}

struct Reader<'a> {
    nodes: &'a [Node],
    doc_year: Option<i32>,
    tasks: Vec<Task>,
    targets: Vec<Target>,
}

impl Reader<'_> {
    fn children(&mut self, id: usize, ctx: &Ctx) {
        let mut bullets = 0;
        for &c in &self.nodes[id].children {
            let n = &self.nodes[c];
            match n.kind {
                NodeKind::Heading(_) => self.heading(c, ctx),
                NodeKind::Letter => self.letter(c, ctx),
                NodeKind::Bullet => {
                    bullets += 1;
                    self.item(c, ctx, &bullets.to_string(), None);
                }
                _ => {}
            }
        }
    }

    fn heading(&mut self, id: usize, ctx: &Ctx) {
        let n = &self.nodes[id];
        let title = strip_colon(&n.text);
        let (head, after) = split_colon(&n.text);
        let in_duties = ctx.kind == Kind::Duties;
        let duty = duty(&head, in_duties).or_else(|| ctx.duty.clone());
        let kind = kind_of(&head).filter(|_| short(&head)).unwrap_or(ctx.kind);
        let inner = Ctx {
            kind,
            heading: Some((n.label.clone(), title.clone())),
            outer: ctx.heading.clone(),
            duty,
            ..ctx.clone()
        };
        let structured = n.children.iter().any(|&c| {
            matches!(
                self.nodes[c].kind,
                NodeKind::Heading(_) | NodeKind::Letter | NodeKind::Bullet
            )
        });
        if structured {
            return self.children(id, &inner);
        }
        // A heading with no items is one task: the text after "Unit:", or
        // its paragraph.
        let para = n
            .children
            .iter()
            .find(|&&c| self.nodes[c].kind == NodeKind::Para);
        // A numbered paragraph (a sentence, not a title) is its own content.
        let sentence = title.ends_with('.') || n.text.split_whitespace().count() > 20;
        let content = match (after, para) {
            (Some(a), _) => Some((a, id)),
            (None, _) if sentence => Some((n.text.clone(), id)),
            (None, Some(&p)) => Some((self.nodes[p].text.clone(), p)),
            (None, None) => None,
        };
        let Some((content, at)) = content else {
            return;
        };
        let task_ctx = Ctx {
            heading: ctx.heading.clone(),
            ..inner
        };
        let label = n.label.clone();
        self.emit(at, &task_ctx, &label, Some(label.clone()), &content, true);
    }

    fn letter(&mut self, id: usize, ctx: &Ctx) {
        let n = &self.nodes[id];
        let has_bullets = n
            .children
            .iter()
            .any(|&c| self.nodes[c].kind == NodeKind::Bullet);
        let kind = kind_of(&n.text)
            .filter(|_| has_bullets || short(&n.text))
            .unwrap_or(ctx.kind);
        let duty = if ctx.kind == Kind::Duties && has_bullets {
            duty(&split_colon(&n.text).0, true).or_else(|| ctx.duty.clone())
        } else {
            ctx.duty.clone()
        };
        if has_bullets {
            let group = match &ctx.heading {
                Some((h, _)) => format!("{h}.{}", n.label),
                None => n.label.clone(),
            };
            let inner = Ctx {
                kind,
                heading: Some((group, strip_colon(&n.text))),
                outer: ctx.heading.clone(),
                duty,
                ..ctx.clone()
            };
            return self.children(id, &inner);
        }
        let inner = Ctx {
            kind,
            duty,
            ..ctx.clone()
        };
        let label = n.label.clone();
        self.item(id, &inner, &label, Some(label.clone()));
    }

    /// A bullet or lettered item: a task or a target by the kind.
    fn item(&mut self, id: usize, ctx: &Ctx, pos: &str, number: Option<String>) {
        let text = self.nodes[id].text.clone();
        self.emit(id, ctx, pos, number, &text, false);
    }

    fn emit(
        &mut self,
        id: usize,
        ctx: &Ctx,
        pos: &str,
        number: Option<String>,
        text: &str,
        own: bool,
    ) {
        let path = self.path(ctx, pos, own);
        match ctx.kind {
            Kind::Targets => self.target(id, ctx, path, number, text),
            Kind::Tasks | Kind::Duties => self.task(id, ctx, path, number, text, own),
            Kind::Nothing => {}
        }
    }

    /// "II.1.b.3": the section, the innermost heading, the position.
    fn path(&self, ctx: &Ctx, pos: &str, own: bool) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some((s, _)) = &ctx.section {
            parts.push(s);
        }
        if let Some((h, _)) = ctx.heading.as_ref().filter(|_| !own) {
            parts.push(h);
        }
        parts.push(pos);
        parts.join(".")
    }

    fn task(
        &mut self,
        id: usize,
        ctx: &Ctx,
        path: String,
        number: Option<String>,
        text: &str,
        own: bool,
    ) {
        let n = &self.nodes[id];
        let content = clean(text.trim_end_matches([';', '.', ' ', ',']));
        if content.is_empty() {
            return;
        }
        let (mut lead, mut coop) = match &ctx.duty {
            Some(d) => (d.lead.clone(), d.cooperating.clone()),
            None => (Vec::new(), Vec::new()),
        };
        if lead.is_empty() {
            lead = subject_lead(&content);
        }
        if lead.is_empty() && own && ctx.kind == Kind::Duties {
            lead = paragraph_subject(&content);
        }
        for u in cooperating(&content) {
            if !coop.contains(&u) && !lead.contains(&u) {
                coop.push(u);
            }
        }
        let (group, group_title) = match if own { &ctx.outer } else { &ctx.heading } {
            Some((g, t)) => (Some(g.clone()), Some(t.clone())),
            None => (None, None),
        };
        self.tasks.push(Task {
            id: path,
            section: ctx.section.as_ref().map(|s| s.0.clone()),
            section_title: ctx.section.as_ref().map(|s| s.1.clone()),
            group,
            group_title,
            number,
            deadline: deadline(own_text(n, &content), self.doc_year),
            content,
            lead_units: lead,
            cooperating_units: coop,
            monitoring_units: Vec::new(),
            deliverable: None,
            notes: None,
            origin: Origin::Prose,
            source: TaskSource {
                page: n.page,
                table: None,
                rows: Vec::new(),
                bbox: bbox(n),
            },
            confidence: round_to(n.conf as f64, 0.001),
        });
    }

    fn target(&mut self, id: usize, ctx: &Ctx, path: String, label: Option<String>, text: &str) {
        let n = &self.nodes[id];
        let text = clean(text.trim_end_matches([';', '.', ' ', ',']));
        if text.is_empty() {
            return;
        }
        self.targets.push(Target {
            id: path,
            section: ctx.section.as_ref().map(|s| s.0.clone()),
            label,
            figures: figures(&text),
            deadline: deadline(&text, self.doc_year),
            text,
            source: TargetSource {
                page: n.page,
                bbox: bbox(n),
            },
        });
    }
}

fn bbox(n: &Node) -> [f64; 4] {
    n.bbox.map(|v| round_to(v as f64, 0.1))
}

/// A title short enough to be a heading, not a task's sentence.
fn short(title: &str) -> bool {
    title.split_whitespace().count() <= 8
}

/// A heading's text before and after its first ":" ("Văn phòng Sở: Chủ
/// trì …"); nothing after a final colon. A colon OCR lost or read as a
/// stop is found by what follows it: a unit, then a duty's verb with a
/// capital ("Điện lực Hạ Long Chủ trì, phối hợp …").
fn split_colon(text: &str) -> (String, Option<String>) {
    static VERB: OnceLock<Regex> = OnceLock::new();
    // Not a colon inside parentheses ("(email: …)"), nor one glued to a
    // word in lower case after it: print sets a space after a colon, so
    // ":riển khai" is a speck OCR read in a sentence ("chủ động :riển").
    let mut depth = 0i32;
    let colon = text.char_indices().find(|&(at, c)| {
        depth += i32::from(c == '(') - i32::from(c == ')');
        let next = text[at + c.len_utf8()..].chars().next();
        c == ':' && depth <= 0 && !next.is_some_and(char::is_lowercase)
    });
    if let Some((at, _)) = colon {
        let (h, a) = (&text[..at], &text[at + 1..]);
        if !clean(a).is_empty() {
            return (clean(h), Some(clean(a)));
        }
    }
    let verb = re(
        &VERB,
        r"[\s.;,]+(Chủ trì|Phối hợp|Có trách nhiệm|Chịu trách nhiệm|Tham mưu)\b",
    );
    if let Some(m) = verb.find(text) {
        let unit = &text[..m.start()];
        if names(unit).is_some() {
            return (
                clean(unit),
                Some(clean(
                    text[m.start()..].trim_start_matches([' ', '.', ';', ',']),
                )),
            );
        }
    }
    (strip_colon(text), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Rect;

    fn lines(text: &str) -> Vec<TextLine> {
        text.lines()
            .map(|t| TextLine {
                page: 1,
                text: t.to_string(),
                bbox: Rect {
                    x0: 0.0,
                    y0: 0.0,
                    x1: 0.0,
                    y1: 0.0,
                },
                conf: 1.0,
            })
            .collect()
    }

    #[test]
    fn markers_table() {
        let cases: &[(&str, Option<Mark>)] = &[
            ("I. MỤC ĐÍCH, YÊU CẦU", Some(Mark::Roman("I".into()))),
            ("|. MỤC ĐÍCH, YÊU CẦU", Some(Mark::Roman("I".into()))),
            ("111. NHIỆM VỤ, GIẢI PHÁP", Some(Mark::Roman("III".into()))),
            ("Il. CHỈ TIÊU CHỦ YẾU", Some(Mark::Roman("II".into()))),
            ("IV. Phân công nhiệm vụ", Some(Mark::Roman("IV".into()))),
            ("1. Mục đích", Some(Mark::Number("1".into()))),
            ("2.1. Văn phòng Sở", Some(Mark::Number("2.1".into()))),
            ("2.1.3 Phòng Kế hoạch", Some(Mark::Number("2.1.3".into()))),
            ("a) Đạt tỷ lệ", Some(Mark::Letter("a".into()))),
            ("đ) Đạt tỷ lệ", Some(Mark::Letter("đ".into()))),
            ("¢) Đạt tỷ lệ", Some(Mark::Letter("¢".into()))),
            ("- Rà soát", Some(Mark::Bullet)),
            ("-Rà soát", Some(Mark::Bullet)),
            ("~ - Phân công", Some(Mark::Bullet)),
            ("• Rà soát", Some(Mark::Bullet)),
            ("+ Tiến hành", Some(Mark::Sub)),
            ("1) Tối thiểu 80% hồ sơ", Some(Mark::Letter("1".into()))),
            (
                "8. 100% phản ánh, kiến nghị được xử lý",
                Some(Mark::Number("8".into())),
            ),
            ("Ii. MỤC ĐÍCH, YÊU CẦU", Some(Mark::Roman("?".into()))),
            ("LMỤC ĐÍCH, YÊU CẦU", Some(Mark::Roman("?".into()))),
            ("T1 NHIỆM VỤ TRỌNG TÂM", Some(Mark::Roman("?".into()))),
            ("LCẢI CÁCH THỂ CHẾ", None),
            ("- L MỤC ĐÍCH, YÊU CẦU", Some(Mark::Roman("?".into()))),
            ("-HỘI. NHIỆM VỤ, GIẢI PHÁP", Some(Mark::Roman("?".into()))),
            ("IH. NHIỆM VỤ, GIẢI PHÁP", Some(Mark::Roman("?".into()))),
            ("-`V. TỔ CHỨC THỰC HIỆN", Some(Mark::Roman("V".into()))),
            ("_- , CHỈ TIÊU CỤ THỂ -", Some(Mark::Roman("?".into()))),
            ("CHỈ TIÊU CỤ THỂ", None),
            ("- Tổ chức thực hiện nhiệm vụ", Some(Mark::Bullet)),
            ("2, Yêu cầu", Some(Mark::Number("2".into()))),
            ("_2:Tuyên truyền", Some(Mark::Number("2".into()))),
            ("2, 3 và 4", None),
            (
                "-...1, Phòng Kinh tế có trách nhiệm:",
                Some(Mark::Number("1".into())),
            ),
            ("-_- Cung cấp số liệu", Some(Mark::Bullet)),
            (": Nâng cấp hạ tầng", Some(Mark::Bullet)),
            ("= Rà soát", Some(Mark::Bullet)),
            ("- = Rà soát", Some(Mark::Bullet)),
            ("-+ Tổng hợp", Some(Mark::Sub)),
            (": thông tin", None),
            ("b} Rà soát quy trình", Some(Mark::Letter("b".into()))),
            (
                "=3. Văn phòng UBND tỉnh có trách nhiệm:",
                Some(Mark::Number("3".into())),
            ),
            ("^. Sở Y tế:", Some(Mark::Number("?".into()))),
            ("^. thông tin", None),
            ("`, Tiếp tục thực hiện", Some(Mark::Number("?".into()))),
            (", Tiếp tục thực hiện", None),
            ("(. Tiếp tục thực hiện", None),
            ("-hành chính công", None),
            ("100% thủ tục hành chính", None),
            ("15", None),
            ("76/NQ-CP ngày 15/7/2021", None),
            ("cách hành chính", None),
        ];
        for (line, want) in cases {
            assert_eq!(classify(line).map(|m| m.0), *want, "{line}");
        }
    }

    #[test]
    fn letters_follow_their_sequence() {
        for (read, prev, want) in [
            ("a", None, "a"),
            ("¢", Some("b"), "c"),
            ("d", Some("d"), "đ"),
            ("¢", Some("đ"), "e"),
            ("1", Some("k"), "l"),
            ("g", Some("e"), "g"),
            ("h", Some("a"), "b"),
            ("h", Some("g"), "h"),
        ] {
            assert_eq!(letter(read, prev), want, "{read} after {prev:?}");
        }
    }

    #[test]
    fn section_kinds_table() {
        for (title, want) in [
            ("MỤC ĐÍCH, YÊU CẦU", Some(Kind::Nothing)),
            ("NHIỆM VỤ, GIẢI PHÁP", Some(Kind::Tasks)),
            ("NHIỆM VỤ TRỌNG TÂM", Some(Kind::Tasks)),
            ("NHIỆM VỤ CỤ THỂ", Some(Kind::Tasks)),
            ("GIẢI PHÁP THỰC HIỆN", Some(Kind::Tasks)),
            ("NỘI DUNG THỰC HIỆN", Some(Kind::Tasks)),
            ("NỘI DUNG, CHƯƠNG TRÌNH HỘI NGHỊ", None),
            ("NỘI DUNG", Some(Kind::Tasks)),
            ("NỘI DUNG CHỦ YẾU", Some(Kind::Tasks)),
            (
                "THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN THAM DỰ HỘI NGHỊ",
                Some(Kind::Nothing),
            ),
            ("CÁC CHỈ TIÊU VÀ NHIỆM VỤ CỤ THỂ", Some(Kind::Tasks)),
            ("TỔ CHỨC THỰC HIỆN", Some(Kind::Duties)),
            ("Phân công nhiệm vụ", Some(Kind::Duties)),
            ("CHỈ TIÊU CHỦ YẾU", Some(Kind::Targets)),
            ("CHỈ TIÊU", Some(Kind::Targets)),
            ("Mục tiêu cụ thể", Some(Kind::Targets)),
            ("Mục tiêu chung", Some(Kind::Nothing)),
            ("KINH PHÍ", Some(Kind::Nothing)),
            ("KINH PHÍ THỰC HIỆN", Some(Kind::Nothing)),
            ("CĂN CỨ XÂY DỰNG KẾ HOẠCH", Some(Kind::Nothing)),
            ("THỜI GIAN, ĐỊA ĐIỂM", Some(Kind::Nothing)),
            ("Cải cách thể chế", None),
        ] {
            assert_eq!(kind_of(title), want, "{title}");
        }
    }

    #[test]
    fn duty_headings_table() {
        type Units<'a> = Option<(&'a [&'a str], &'a [&'a str])>;
        let cases: &[(&str, bool, Units)] = &[
            ("Văn phòng Sở", true, Some((&["Văn phòng Sở"], &[]))),
            ("Văn phòng Sở", false, None),
            ("Giao Văn phòng Sở", false, Some((&["Văn phòng Sở"], &[]))),
            (
                "Đề nghị Ủy ban nhân dân các xã, phường",
                false,
                Some((&["Ủy ban nhân dân các xã, phường"], &[])),
            ),
            (
                "Phòng Kế hoạch - Tài chính:",
                true,
                Some((&["Phòng Kế hoạch - Tài chính"], &[])),
            ),
            (
                "Văn phòng Sở có trách nhiệm:",
                false,
                Some((&["Văn phòng Sở"], &[])),
            ),
            (
                "Giao Phòng Tổ chức cán bộ (Cơ quan thường trực Tổ kiểm tra)",
                false,
                Some((&["Phòng Tổ chức cán bộ"], &[])),
            ),
            (
                "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính",
                false,
                Some((&["Sở Nội vụ"], &["Sở Tài chính"])),
            ),
            // A unit's code is its name's; two units, each a name long.
            (
                "Phòng Cảnh sát giao thông (PC08):",
                true,
                Some((&["Phòng Cảnh sát giao thông (PC08)"], &[])),
            ),
            (
                "Sở Giáo dục và Đào tạo và Chi cục An toàn vệ sinh thực phẩm:",
                true,
                Some((
                    &[
                        "Sở Giáo dục và Đào tạo",
                        "Chi cục An toàn vệ sinh thực phẩm",
                    ],
                    &[],
                )),
            ),
            ("Trách nhiệm chung", true, None),
            ("Lãnh đạo Sở", true, None),
            ("Chủ tịch Ủy ban nhân dân cấp xã", true, None),
            ("Cải cách thể chế", true, None),
        ];
        for (title, plain, want) in cases {
            let got = duty(title, *plain).map(|d| (d.lead, d.cooperating));
            let want = want.map(|(l, c)| {
                (
                    l.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    c.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                )
            });
            assert_eq!(got, want, "{title}");
        }
    }

    #[test]
    fn cooperating_units_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Chủ trì, phối hợp với các phòng, đơn vị có liên quan tham mưu lãnh đạo Sở",
                &["các phòng, đơn vị có liên quan"],
            ),
            (
                "Phối hợp với Sở Khoa học và Công nghệ rà soát, cập nhật",
                &["Sở Khoa học và Công nghệ"],
            ),
            (
                "phối hợp chặt chẽ với Sở Tư pháp trong quá trình",
                &["Sở Tư pháp"],
            ),
            ("phối hợp tổ chức hội nghị", &[]),
            ("báo cáo Sở Nội vụ", &[]),
            // A capitalised verb-like word is inside a name.
            (
                "phối hợp với Văn phòng Sở, Phòng Tổ chức cán bộ và Chi cục Kiểm lâm triển khai",
                &["Văn phòng Sở", "Phòng Tổ chức cán bộ", "Chi cục Kiểm lâm"],
            ),
            // The predicate opens with a duty verb or a time word.
            (
                "phối hợp với Công an xã niêm yết công khai thủ tục",
                &["Công an xã"],
            ),
            (
                "phối hợp với Các phòng chuyên môn thường xuyên rà soát",
                &["Các phòng chuyên môn"],
            ),
            (
                "phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam phường quản lý vị trí việc làm",
                &["Ủy ban Mặt trận Tổ quốc Việt Nam phường"],
            ),
            // Words of a head or known name are no predicate ("hàng" is
            // not "hằng", "xây dựng" in the name of a project board).
            (
                "phối hợp với Sở Tư pháp, Ngân hàng Nhà nước Chi nhánh Khu vực 11 và Sở Y tế xây dựng kế hoạch",
                &["Sở Tư pháp", "Ngân hàng Nhà nước Chi nhánh Khu vực 11", "Sở Y tế"],
            ),
            (
                "phối hợp với Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng tỉnh đề xuất khen thưởng",
                &["Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng tỉnh"],
            ),
            (
                "phối hợp với Phòng Cảnh sát giao thông (PC08) và Sở Y tế (cơ quan thường trực) rà soát",
                &["Phòng Cảnh sát giao thông (PC08)", "Sở Y tế"],
            ),
            // A place whose last syllable is a head ("Vân Đồn") before "và".
            (
                "phối hợp với Trường Mầm non Vân Đồn và Bưu điện văn hóa đặc khu tiếp nhận hồ sơ",
                &["Trường Mầm non Vân Đồn", "Bưu điện văn hóa đặc khu"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(cooperating(text), *want, "{text}");
        }
    }

    #[test]
    fn duty_heading_colon_lost_or_read_as_stop() {
        let cases: &[(&str, (&str, Option<&str>))] = &[
            (
                "Văn phòng Sở: Chủ trì, phối hợp với Sở Tư pháp",
                ("Văn phòng Sở", Some("Chủ trì, phối hợp với Sở Tư pháp")),
            ),
            (
                "Điện lực Hạ Long Chủ trì, phối hợp với Sở Tư pháp",
                ("Điện lực Hạ Long", Some("Chủ trì, phối hợp với Sở Tư pháp")),
            ),
            (
                "Văn phòng Đảng ủy phường. Chủ trì, phối hợp với Sở Tư pháp",
                (
                    "Văn phòng Đảng ủy phường",
                    Some("Chủ trì, phối hợp với Sở Tư pháp"),
                ),
            ),
            // No unit before the verb: a sentence, not a duty.
            (
                "Tăng cường kiểm tra. Phối hợp với Sở Tư pháp",
                ("Tăng cường kiểm tra. Phối hợp với Sở Tư pháp", None),
            ),
            (
                "Văn phòng Sở có trách nhiệm:",
                ("Văn phòng Sở có trách nhiệm", None),
            ),
            (
                "C04:Chủ trì chuẩn bị nội dung",
                ("C04", Some("Chủ trì chuẩn bị nội dung")),
            ),
            // A speck read as a colon inside a sentence.
            (
                "Các đơn vị chủ động :riển khai các nội dung",
                ("Các đơn vị chủ động :riển khai các nội dung", None),
            ),
            (
                "Các đơn vị báo cáo kết quả về Cục C04 (email: a@b.vn).",
                (
                    "Các đơn vị báo cáo kết quả về Cục C04 (email: a@b.vn).",
                    None,
                ),
            ),
        ];
        for (text, (head, after)) in cases {
            let got = split_colon(text);
            assert_eq!(
                (got.0.as_str(), got.1.as_deref()),
                (*head, *after),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_and_dates_inside_running_text() {
        // A wrapped line opening with a number out of sequence carries on
        // the line above; the next heading's number opens a heading.
        let text = "\
V. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính: Chủ trì, phối hợp với Ngân hàng Nhà nước Chi nhánh Khu vực
11, Tỉnh đoàn Hà Nội và Sở Y tế đánh giá cán bộ trước ngày 14/9/ 2026.
2. Sở Y tế: Chủ trì tổng hợp báo cáo trước ngày 1/ 10/ 2026.";
        // Lines as a page sets them: the second ran to the right edge.
        let mut page = lines(text);
        for (l, x1) in page.iter_mut().zip([300.0, 500.0, 480.0, 420.0]) {
            l.bbox.x1 = x1;
        }
        let (tasks, _) = read(&page, Some(2026));
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["V.1", "V.2"]);
        assert_eq!(
            tasks[0].cooperating_units,
            [
                "Ngân hàng Nhà nước Chi nhánh Khu vực 11",
                "Tỉnh đoàn Hà Nội",
                "Sở Y tế"
            ]
        );
        assert_eq!(
            tasks[0].deadline.text.as_deref(),
            Some("trước ngày 14/9/2026")
        );
        assert_eq!(
            tasks[1].deadline.text.as_deref(),
            Some("trước ngày 1/10/2026")
        );
    }

    #[test]
    fn subject_before_chu_tri() {
        assert_eq!(
            subject_lead("Sở Nội vụ chủ trì, phối hợp với các sở"),
            vec!["Sở Nội vụ"]
        );
        assert!(subject_lead("Chủ trì, phối hợp với các sở").is_empty());
        assert!(subject_lead("Lãnh đạo Sở chủ trì hội nghị").is_empty());
    }

    #[test]
    fn a_duty_paragraphs_subject_after_its_request_and_opening_clause() {
        let cases: &[(&str, &[&str])] = &[
            ("Giao Sở Nội vụ chủ trì tổ chức thực hiện", &["Sở Nội vụ"]),
            ("Căn cứ Kế hoạch này, Sở Y tế chủ động triển khai", &["Sở Y tế"]),
            (
                "Căn cứ Kế hoạch này, đề nghị các đơn vị, địa phương chủ động phối hợp, tham mưu xây dựng",
                &["các đơn vị, địa phương"],
            ),
            ("Căn cứ Kế hoạch này, giao Công an tỉnh xây dựng kế hoạch", &["Công an tỉnh"]),
            ("Căn cứ tình hình thực tế, tổ chức triển khai", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(paragraph_subject(text), *want, "{text}");
        }
    }

    #[test]
    fn deadline_phrases_table() {
        let cases: &[(&str, Option<&str>, DeadlineKind)] = &[
            (
                "Hoàn thành trong quý III/2026.",
                Some("trong quý III/2026"),
                DeadlineKind::Period,
            ),
            (
                "tích hợp lên Cổng trước ngày 20/7/2025.",
                Some("trước ngày 20/7/2025"),
                DeadlineKind::ByDate,
            ),
            (
                "Hằng năm, tổ chức bồi dưỡng",
                Some("Hằng năm"),
                DeadlineKind::Recurring,
            ),
            (
                "báo cáo trước ngày 18 hằng tháng",
                Some("trước ngày 18 hằng tháng"),
                DeadlineKind::Recurring,
            ),
            (
                "Thường xuyên khảo sát",
                Some("Thường xuyên"),
                DeadlineKind::Recurring,
            ),
            (
                "bố trí từ nguồn chi thường xuyên",
                None,
                DeadlineKind::Unknown,
            ),
            (
                "các nhiệm vụ thường xuyên trên hệ thống",
                None,
                DeadlineKind::Unknown,
            ),
            // After "nhiệm vụ" a dated or recurring phrase is still a time.
            (
                "phân công cán bộ đầu mối thực hiện nhiệm vụ trong năm 2026",
                Some("trong năm 2026"),
                DeadlineKind::Period,
            ),
            (
                "thực hiện nhiệm vụ hằng tháng",
                Some("hằng tháng"),
                DeadlineKind::Recurring,
            ),
            (
                "Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ",
                None,
                DeadlineKind::Unknown,
            ),
            ("theo quy định", None, DeadlineKind::Unknown),
            ("đến năm 2030", None, DeadlineKind::Unknown),
            (
                "chậm nhất 05 ngày làm việc kể từ ngày nhận",
                Some("chậm nhất 05 ngày làm việc kể từ ngày nhận"),
                DeadlineKind::Unknown,
            ),
        ];
        for (text, want, kind) in cases {
            let d = deadline(text, Some(2026));
            assert_eq!(d.text.as_deref(), *want, "{text}");
            assert_eq!(d.kind, *kind, "{text}");
        }
    }

    fn figs(text: &str) -> Vec<(String, String, Bound)> {
        figures(text)
            .into_iter()
            .map(|f| (f.value.to_string(), f.unit, f.bound))
            .collect()
    }

    #[test]
    fn figures_and_bounds_table() {
        let s = |v: &str, u: &str, b: Bound| (v.to_string(), u.to_string(), b);
        assert_eq!(
            figs("Đạt tỷ lệ tối thiểu 95% mức độ hài lòng"),
            vec![s("95", "%", Bound::Min)]
        );
        assert_eq!(
            figs("Đạt tỷ lệ tối thiểu: 60% hồ sơ tiếp nhận trực tuyến; 80% hồ sơ được xử lý"),
            vec![s("60", "%", Bound::Min), s("80", "%", Bound::Min)]
        );
        assert_eq!(
            figs("giảm 1,5% biên chế"),
            vec![s("1.5", "%", Bound::Exact)]
        );
        assert_eq!(figs("đạt từ 50% trở lên"), vec![s("50", "%", Bound::Min)]);
        assert_eq!(
            figs("không quá 10% số hội nghị"),
            vec![s("10", "%", Bound::Max)]
        );
        assert_eq!(
            figs("xây dựng 29 xã, phường, đặc khu không ma túy"),
            vec![s("29", "xã, phường, đặc khu", Bound::Exact)]
        );
        assert_eq!(figs("Xã Đam Rông 2 đạt chuẩn trong năm 2026"), vec![]);
        // "cơ" is no "có": the counted thing runs on.
        assert_eq!(
            figs("Kiểm tra tối thiểu 14 cơ quan, đơn vị về việc thực hiện"),
            vec![s("14", "cơ quan, đơn vị", Bound::Min)]
        );
        assert_eq!(
            figs("04 hoi nghi co su tham gia"),
            vec![s("4", "hoi nghi", Bound::Exact)]
        );
        assert_eq!(
            figs("Tổ chức tối thiểu 04 hội nghị tập huấn cho cán bộ đầu mối"),
            vec![s("4", "hội nghị tập huấn", Bound::Min)]
        );
        assert_eq!(
            figs("Hoàn thành 21 cuộc kiểm tra tại các đơn vị"),
            vec![s("21", "cuộc kiểm tra", Bound::Exact)]
        );
        assert_eq!(
            figs("biên soạn 05 tài liệu hướng dẫn"),
            vec![s("5", "tài liệu hướng dẫn", Bound::Exact)]
        );
        assert_eq!(figs("quy định tại khoản 3 Điều 14 Nghị định"), vec![]);
        assert_eq!(figs("định hướng x3 hội chủ nghĩa"), vec![]);
        assert_eq!(
            figs("Đạt tỷ lệ toi thicu 50% dữ liệu"),
            vec![s("50", "%", Bound::Min)]
        );
    }

    #[test]
    fn prose_plan_gives_tasks_and_targets() {
        let text = "\
KẾ HOẠCH
1. Không phải mục
I. MỤC ĐÍCH, YÊU CẦU
- Triển khai đồng bộ
II. CHỈ TIÊU CHỦ YẾU
a) Đạt tỷ lệ tối thiểu 95% mức độ hài lòng
b) Đạt tỷ lệ 100% hồ sơ
III. NHIỆM VỤ, GIẢI PHÁP
1. Đảm bảo 100% TTHC được thực hiện tại Trung tâm
- Phối hợp với Sở Khoa học và Công nghệ rà soát, cập nhật danh mục
thủ tục hành chính trước ngày 20/7/2025.
+ Rà soát quy trình
- Phân công cán bộ
2. Chế độ báo cáo
Báo cáo hằng tháng về Văn phòng.
IV. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở
Chủ trì, phối hợp với các phòng, đơn vị liên quan thực hiện Kế hoạch.
2. Trách nhiệm của các phòng
2.1. Phòng Kế hoạch - Tài chính:
- Lập dự toán kinh phí.
Trên đây là Kế hoạch
- Không phải mục";
        let (tasks, targets) = read(&lines(text), Some(2025));
        let appendix = text.replace(
            "III. NHIỆM VỤ, GIẢI PHÁP",
            "III. NHIỆM VỤ, GIẢI PHÁP\nNhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.",
        );
        let (none, same) = read(&lines(&appendix), Some(2025));
        assert!(none.is_empty());
        assert_eq!(same, targets);
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["III.1.1", "III.1.2", "III.2", "IV.1", "IV.2.1.1"]);
        let t = &tasks[0];
        assert_eq!(
            t.content,
            "Phối hợp với Sở Khoa học và Công nghệ rà soát, cập nhật danh mục thủ tục hành chính trước ngày 20/7/2025 - Rà soát quy trình"
        );
        assert_eq!(t.cooperating_units, ["Sở Khoa học và Công nghệ"]);
        assert_eq!(t.deadline.end.as_deref(), Some("2025-07-20"));
        assert_eq!(t.group.as_deref(), Some("1"));
        assert_eq!(t.number, None);
        assert_eq!(t.origin, Origin::Prose);
        assert_eq!(tasks[2].number.as_deref(), Some("2"));
        assert_eq!(tasks[2].group, None);
        assert_eq!(tasks[2].deadline.kind, DeadlineKind::Recurring);
        assert_eq!(tasks[3].lead_units, ["Văn phòng Sở"]);
        assert_eq!(tasks[3].cooperating_units, ["các phòng, đơn vị liên quan"]);
        assert_eq!(tasks[4].lead_units, ["Phòng Kế hoạch - Tài chính"]);
        assert_eq!(tasks[4].group.as_deref(), Some("2.1"));
        let tids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(tids, ["II.a", "II.b"]);
        assert_eq!(targets[0].text, "Đạt tỷ lệ tối thiểu 95% mức độ hài lòng");
        assert_eq!(targets[0].figures[0].bound, Bound::Min);
    }

    #[test]
    fn the_body_closes_at_the_signing_block() {
        for (line, want) in [
            ("Trên đây là Kế hoạch", true),
            ("Nơi nhận:", true),
            ("- UBND các tỉnh, thành phố (để báo cáo);", true),
            ("- Vụ KGVX, Văn phòng Chính phủ (đề theo dõi);", true),
            ("- Lưu: VT, P5.", true),
            ("ke cai AIDS, MT, MD (để báo cáo)", true),
            (
                "- Báo cáo kết quả (để tổng hợp) gửi Sở Nội vụ trước ngày 5 hằng tháng;",
                false,
            ),
            ("- Lưu trữ hồ sơ điện tử", false),
        ] {
            assert_eq!(closes(line), want, "{line}");
        }
    }

    #[test]
    fn ocr_slips_in_sections_and_bullets() {
        // Roman numerals read again ("II" for III), a dash lost after a
        // bullet that ended its sentence, a dash read as ":".
        let text = "\
Ii. MỤC ĐÍCH, YÊU CẦU
- Triển khai đồng bộ.
II. CHỈ TIÊU
a) Đạt tỷ lệ 100% hồ sơ.
II. NHIỆM VỤ TRỌNG TÂM
1. Cải cách thủ tục
- Rà soát quy trình nội bộ;
Số hóa hồ sơ, kết quả giải quyết
thủ tục hành chính;
: Niêm yết công khai thủ tục.";
        let (tasks, targets) = read(&lines(text), Some(2026));
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["III.1.1", "III.1.2", "III.1.3"]);
        assert_eq!(
            tasks[1].content,
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
        );
        assert_eq!(targets[0].id, "II.a");
    }

    #[test]
    fn a_bullets_deadline_is_in_its_own_words() {
        let text = "\
III. NHIỆM VỤ, GIẢI PHÁP
1. Cải cách thủ tục
- Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính:
+ Tổng hợp, báo cáo kết quả định kỳ hằng quý;
+ Rà soát quy trình nội bộ;
- Số hóa hồ sơ trước ngày 20/7/2026.";
        let (tasks, _) = read(&lines(text), Some(2026));
        assert_eq!(tasks.len(), 2);
        assert!(tasks[0]
            .content
            .contains("- Tổng hợp, báo cáo kết quả định kỳ hằng quý"));
        assert_eq!(tasks[0].deadline.text, None);
        assert_eq!(
            tasks[1].deadline.text.as_deref(),
            Some("trước ngày 20/7/2026")
        );
    }

    #[test]
    fn lettered_item_whose_parenthesis_was_read_as_a_letter() {
        let text = "\
II. CHỈ TIÊU
a) Đạt tỷ lệ trên 85% hồ sơ được giải quyết đúng
hạn;
bị Trên 1,5% thủ tục hành chính được cung cấp trực tuyến;
c) Mức độ hài lòng đạt 90%.";
        let (_, targets) = read(&lines(text), Some(2026));
        let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["II.a", "II.b", "II.c"]);
        assert!(
            targets[1].text.starts_with("Trên 1,5%"),
            "{}",
            targets[1].text
        );
        // Running text that happens to open with the next letter stays.
        let text = "\
II. CHỈ TIÊU
a) Đạt tỷ lệ trên 85% hồ sơ được giải quyết đúng hạn, không để
bị Chậm trễ;";
        let (_, targets) = read(&lines(text), Some(2026));
        assert_eq!(targets.len(), 1);
    }

    /// The labels the outline of `text` gives its nodes of a kind.
    fn labels(text: &str, kind: impl Fn(NodeKind) -> bool) -> Vec<String> {
        outline(&lines(text))
            .into_iter()
            .filter(|n| kind(n.kind))
            .map(|n| n.label)
            .collect()
    }

    #[test]
    fn section_numerals_follow_those_read_as_printed() {
        // The section lines of a plan, as read, and the numerals they get.
        let cases: &[(&[&str], &[&str])] = &[
            // "I." read "11.": the "II." printed after it settles it.
            (
                &["11. MỤC ĐÍCH", "II. CHỈ TIÊU", "III. NHIỆM VỤ"],
                &["I", "II", "III"],
            ),
            // A garbled numeral numbered by the sequence, then one printed.
            (
                &["I. MỤC ĐÍCH", "IH. CHỈ TIÊU", "II. NHIỆM VỤ"],
                &["I", "II", "III"],
            ),
            (
                &["I. MỤC ĐÍCH", "IH. CHỈ TIÊU", "III. NHIỆM VỤ"],
                &["I", "II", "III"],
            ),
            // The first section stands as read when nothing settles it
            // (section I may be a line OCR lost).
            (&["II. CHỈ TIÊU", "III. NHIỆM VỤ"], &["II", "III"]),
            (&["11. MỤC ĐÍCH", "III. NHIỆM VỤ"], &["II", "III"]),
            // A numeral read again for the next stays the next.
            (
                &["I. MỤC ĐÍCH", "II. CHỈ TIÊU", "II. NHIỆM VỤ"],
                &["I", "II", "III"],
            ),
        ];
        for (read, want) in cases {
            let got = labels(&read.join("\n"), |k| k == NodeKind::Section);
            assert_eq!(got, *want, "{read:?}");
        }
        // Heading numbers likewise, between two read in sequence.
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["4. Rà soát", "2. Theo dõi", "3. Tổng hợp"],
                &["1", "2", "3"],
            ),
            (
                &["1. Rà soát", "5. Theo dõi", "3. Tổng hợp"],
                &["1", "2", "3"],
            ),
            (
                &["1. Rà soát", "2. Theo dõi", "2. Tổng hợp"],
                &["1", "2", "3"],
            ),
            (
                &["2.1. Rà soát", "2.4. Theo dõi", "2.3. Tổng hợp"],
                &["2.1", "2.2", "2.3"],
            ),
            // Digits OCR confuses, and a speck read as a digit.
            (
                &["1. Rà soát", "2. Theo dõi", "8. Tổng hợp"],
                &["1", "2", "3"],
            ),
            (
                &[
                    "1. Rà soát",
                    "2. Theo dõi",
                    "3. Tổng hợp",
                    "4. Báo cáo",
                    "9. Kiểm tra",
                ],
                &["1", "2", "3", "4", "5"],
            ),
            (&["1. Rà soát", "24. Theo dõi"], &["1", "2"]),
            (
                &["1. Rà soát", "2. Theo dõi", "7. Tổng hợp"],
                &["1", "2", "7"],
            ),
            // A number OCR lost to a symbol follows the one before.
            (
                &["1. Rà soát", "^. Theo dõi", "3. Tổng hợp"],
                &["1", "2", "3"],
            ),
            // Nothing settles a number not followed in sequence.
            (
                &["1. Rà soát", "5. Theo dõi", "7. Tổng hợp"],
                &["1", "5", "7"],
            ),
        ];
        for (read, want) in cases {
            let text = format!("III. NHIỆM VỤ\n{}", read.join("\n"));
            let got = labels(&text, |k| matches!(k, NodeKind::Heading(_)));
            assert_eq!(got, *want, "{read:?}");
        }
        let (_, title) = classify("IH. NHIỆM VỤ, GIẢI PHÁP").unwrap();
        assert_eq!(title, "NHIỆM VỤ, GIẢI PHÁP");
    }
}
