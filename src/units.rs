//! Unit lists and item lists of table cells.
//!
//! In: a cell's text as `pipeline::cell_text` gives it (a line break where
//! a line ended short of the cell's edge, a space where it wrapped).
//! Out: the units the cell names ([`split`]), or its items ([`items`]).
//!
//! Units are parsed by their grammar, not by where lines end: a unit is a
//! head noun ("Sở", "Phòng", "Trung tâm", "Ủy ban nhân dân", "Các …"; see
//! `dictionaries/units/heads.tsv`) and its specifier ("Văn hóa - Xã hội",
//! "xã Phú Quốc", "thuộc Sở"). A new unit starts at a bullet, at ";", and
//! at a head printed with a capital (or "các" after "," / "và") once the
//! words before it make a complete name; so a name cut by a narrow column
//! is rejoined and two names on two lines are parted, and a comma inside a
//! name ("Các phòng, đơn vị thuộc Sở") stays. Known full names
//! (`dictionaries/units/names*.tsv`) are kept whole.

use crate::text::{bare, clean, edit_distance, fold_ocr};
use std::sync::OnceLock;

const HEADS: &str = include_str!("../dictionaries/units/heads.tsv");
const NAMES: &str = include_str!("../dictionaries/units/names.tsv");
const NAMES_CORPUS: &str = include_str!("../dictionaries/units/names-corpus.tsv");

/// What a head noun may do (the classes of `heads.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Unit,
    Body,
    Office,
    Collective,
    Party,
    Branch,
    /// A post held by a person ("Công chức", "Trưởng"): it opens an item
    /// as a unit's head does, but names no unit.
    Role,
}

/// The gazetteer: head phrases and known names as folded words.
#[derive(Debug, Default)]
struct Gazetteer {
    /// Longest first.
    heads: Vec<Head>,
    /// Words a place name follows ("xã", "phường", "khu vực"), lower case.
    places: Vec<String>,
    /// Head syllables that also start place names ("Hội" An, "Trường" Sa).
    toponyms: Vec<String>,
    /// Syllable pairs that are one word ("xã hội").
    compounds: Vec<(String, String)>,
    /// Words that start like a head and are none ("phòng cháy").
    words: Vec<Vec<String>>,
    /// Known full names, longest first.
    names: Vec<Vec<String>>,
    /// Names of provinces of two syllables or more, as keys.
    provinces: Vec<Vec<String>>,
    /// Heads of units, bodies and offices long enough to be recognised
    /// through one slip (`UNIT_SLIP_LENGTH`): their word count, bare
    /// letters and spelling as written.
    long_heads: Vec<(usize, Vec<char>, &'static str)>,
}

/// A word as matched: marks and case folded, punctuation off its ends.
fn key(word: &str) -> String {
    fold_ocr(word.trim_matches(|c: char| !c.is_alphanumeric()))
}

fn keys(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(key)
        .filter(|k| !k.is_empty())
        .collect()
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Gazetteer {
    fn parse() -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in data_lines(HEADS) {
            let Some((class, phrase)) = line.split_once('\t') else {
                continue;
            };
            let class = match class {
                "unit" => Class::Unit,
                "body" => Class::Body,
                "office" => Class::Office,
                "collective" => Class::Collective,
                "party" => Class::Party,
                "branch" => Class::Branch,
                "role" => Class::Role,
                "place" => {
                    g.places.push(phrase.to_lowercase());
                    continue;
                }
                "toponym" => {
                    g.toponyms.push(phrase.to_lowercase());
                    continue;
                }
                "word" => {
                    g.words.push(keys(phrase));
                    continue;
                }
                "compound" => {
                    let k = keys(phrase);
                    if let [a, b] = k.as_slice() {
                        g.compounds.push((a.clone(), b.clone()));
                    }
                    continue;
                }
                _ => continue,
            };
            let letters = bare(phrase);
            if letters.len() >= UNIT_SLIP_LENGTH
                && class != Class::Collective
                && class != Class::Party
                && class != Class::Role
            {
                g.long_heads
                    .push((phrase.split_whitespace().count(), letters, phrase));
            }
            g.heads.push(Head {
                keys: keys(phrase),
                marked: phrase.to_lowercase(),
                lower: phrase
                    .split_whitespace()
                    .map(|w| !w.chars().any(char::is_uppercase))
                    .collect(),
                class,
            });
        }
        g.heads.sort_by_key(|h| std::cmp::Reverse(h.keys.len()));
        g.provinces = crate::header::names::provinces()
            .iter()
            .map(|p| keys(p))
            .filter(|k| k.len() > 1)
            .collect();
        let corpus = data_lines(NAMES_CORPUS).filter_map(|l| l.split_once('\t').map(|x| x.1));
        g.names = data_lines(NAMES).chain(corpus).map(keys).collect();
        g.names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        g
    }

    /// The head of one syllable a name's first word `w` is, read with
    /// other marks ("Trương" for "Trường", "Sơ" for "Sở"): a name opens
    /// with its head noun. `None` when its reading opens a head itself
    /// ("Bảo" tàng) or more than one head folds alike.
    fn single_head(&self, w: &Word) -> Option<&str> {
        if w.lower.is_ascii() {
            return None;
        }
        let opens_head = self.heads.iter().any(|h| {
            h.marked
                .split_whitespace()
                .next()
                .is_some_and(|first| same_marks(&w.lower, first))
        });
        let mut alike = self.heads.iter().filter(|h| {
            h.keys.len() == 1
                && h.keys[0] == w.key
                && !matches!(h.class, Class::Collective | Class::Role)
        });
        let head = alike.next()?;
        (alike.next().is_none() && !opens_head).then_some(head.marked.as_str())
    }

    fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::parse)
    }

    /// Whether the word at `j` is printed with a capital and a head phrase
    /// starts there ("Trung tâm", not "Trung học").
    fn capitalised_head(&self, words: &[Word], j: usize) -> bool {
        capitalised(&words[j]) && self.heads.iter().any(|h| phrase_at(words, j, &h.keys))
    }

    /// The longest head phrase at `i`: its length and class. A comma inside
    /// the phrase's words breaks it.
    fn head_at(&self, words: &[Word], i: usize) -> Option<(usize, Class)> {
        if i > 0 && !words[i - 1].text.ends_with(',') {
            let pair = (words[i - 1].key.clone(), words[i].key.clone());
            if self.compounds.contains(&pair) {
                return None;
            }
        }
        if self.words.iter().any(|w| phrase_at(words, i, w)) {
            return None;
        }
        // One syllable matches with its marks when it has any: "Bảo" Lộc
        // is no "Báo", "Đại" học no "Đài".
        // A post is matched with its marks: folded, "Phó Trưởng" reads
        // "phố Trường".
        let h = self.heads.iter().find(|h| {
            let marked = || {
                h.marked
                    .split_whitespace()
                    .enumerate()
                    .all(|(k, m)| same_word(&words[i + k], m))
            };
            phrase_at(words, i, &h.keys)
                && match (h.keys.len(), h.class) {
                    (_, Class::Role) | (1, _) => marked(),
                    _ => true,
                }
        })?;
        if self.inside_province(words, i) {
            return None;
        }
        // A place word wants its name: "thành phố Hội An", "đặc khu Trường
        // Sa"; unless a line starts there or the words after it name a
        // place of their own ("phường Hội Cựu chiến binh phường").
        // A comma after the place word closed the name it ended.
        let after_place = i > 0
            && !words[i].line_start
            && !words[i - 1].text.ends_with(',')
            && self.places.iter().any(|p| same_word(&words[i - 1], p));
        // A place's name capitalises every syllable; a unit's specifier
        // runs on in lower case ("Trường Mầm non", "Hội Cựu chiến binh").
        // Up to a comma, a line or a capitalised head.
        let specified = || {
            for (j, w) in words.iter().enumerate().skip(i + 1).take(3) {
                if w.line_start || self.capitalised_head(words, j) {
                    return false;
                }
                if w.text.starts_with(char::is_lowercase) {
                    return true;
                }
                if w.text.ends_with(',') {
                    return false;
                }
            }
            false
        };
        // Up to the next line, comma or capitalised head.
        let own_place = || {
            for (j, w) in words.iter().enumerate().skip(i + 1) {
                if w.line_start || self.capitalised_head(words, j) {
                    return false;
                }
                if self.places.iter().any(|p| same_word(w, p)) {
                    return true;
                }
                if w.text.ends_with(',') {
                    return false;
                }
            }
            false
        };
        if after_place
            && h.keys.len() == 1
            && self.toponyms.contains(&words[i].lower)
            && !own_place()
            && !specified()
        {
            return None;
        }
        Some((h.keys.len(), h.class))
    }

    /// Is the word at `i` a later syllable of a province's name whose
    /// first syllables, capitalised, come before it ("thành phố Hải
    /// Phòng", "Tỉnh đoàn Hải Phòng")? Then it is the place's, not a head.
    fn inside_province(&self, words: &[Word], i: usize) -> bool {
        self.provinces.iter().any(|p| {
            (1..p.len().min(i + 1))
                .any(|o| phrase_at(words, i - o, p) && capitalised(&words[i - o]))
        })
    }

    /// Is the head at `i` ("Công an tỉnh …") the police the name before it
    /// (`name`) belongs to ("Phòng Cảnh sát giao thông Công an tỉnh", "Cơ
    /// quan An ninh điều tra Công an thành phố")? A police department is
    /// named with its Công an after it; a code in parentheses closes the
    /// name before it ("Phòng Cảnh sát hình sự (PC02)").
    fn police_of(&self, name: &[Word], words: &[Word], i: usize) -> bool {
        let pairs: Vec<String> = name
            .windows(2)
            .map(|p| format!("{} {}", p[0].key, p[1].key))
            .collect();
        let has = |k: &str| pairs.iter().any(|p| p == k);
        // Once: a name owned already is complete.
        let of_police = (has("canh sat") || has("an ninh")) && !has("cong an");
        let closed = name.last().is_some_and(|w| w.text.ends_with(')'));
        // "tỉnh", "xã", or a place word's second syllable ("thành phố").
        let place = |w: &Word| self.places.iter().any(|p| same_word(w, p));
        let cong_an = words.len() > i + 2
            && words[i].key == "cong"
            && words[i + 1].key == "an"
            && words[i + 2..].iter().take(2).any(place);
        of_police && !closed && cong_an
    }

    /// The length of the longest known name at `i`.
    fn name_at(&self, words: &[Word], i: usize) -> usize {
        self.names
            .iter()
            .find(|n| n.len() > 1 && phrase_at_loose(words, i, n))
            .map_or(0, Vec::len)
    }
}

/// Do `words` from `i` read `phrase`, no comma between its words?
fn phrase_at(words: &[Word], i: usize, phrase: &[String]) -> bool {
    i + phrase.len() <= words.len()
        && phrase.iter().enumerate().all(|(k, p)| {
            let w = &words[i + k];
            w.key == *p && (k + 1 == phrase.len() || !w.text.ends_with(','))
        })
}

/// `phrase_at`, commas allowed (a known name may hold one).
fn phrase_at_loose(words: &[Word], i: usize, phrase: &[String]) -> bool {
    i + phrase.len() <= words.len()
        && phrase
            .iter()
            .enumerate()
            .all(|(k, p)| words[i + k].key == *p)
}

/// One word of a cell, as printed and as matched.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    /// Folded: what OCR without marks still matches.
    key: String,
    /// Lower case with its marks, punctuation off its ends.
    lower: String,
    /// First on its line: the writer broke the line before it.
    line_start: bool,
}

impl<'a> Word<'a> {
    fn new(text: &'a str, line_start: bool) -> Word<'a> {
        Word {
            line_start,
            text,
            key: key(text),
            lower: text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase(),
        }
    }
}

/// Does `w` start with a capital letter?
fn capitalised(w: &Word) -> bool {
    w.text
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// Is `w` the one-syllable `marked` (lower case)? By its marks when it
/// has any, else folded (OCR that lost them).
fn same_word(w: &Word, marked: &str) -> bool {
    if w.lower.is_ascii() {
        w.key == fold_ocr(marked)
    } else {
        w.lower == marked
    }
}

/// A head phrase of the gazetteer.
#[derive(Debug)]
struct Head {
    keys: Vec<String>,
    /// As written, lower case.
    marked: String,
    /// Which of its words are written in lower case ("Chi cục", "Ủy ban
    /// Mặt trận Tổ quốc").
    lower: Vec<bool>,
    class: Class,
}

/// Bullets that open an item at the start of a line.
const BULLETS: [char; 5] = ['-', '+', '•', '–', '*'];

/// The length of a line's opening bullet or enumerator ("- ", "•", "2. ",
/// "b) "), if it has one.
fn marker(line: &str) -> Option<usize> {
    if line.starts_with(BULLETS) {
        // A dash glued to a word in lower case is a speck or a hyphen
        // ("Trung tâm Phục vụ" / "-hành chính công"), not a bullet.
        let mut c = line.chars();
        let bullet = c.next()?;
        return (!c.next().is_some_and(char::is_lowercase)).then_some(bullet.len_utf8());
    }
    let label = line.find(['.', ')'])?;
    let (head, rest) = line.split_at(label);
    let numeral = !head.is_empty()
        && head.len() <= 2
        && (head.chars().all(|c| c.is_ascii_digit())
            || (head.len() == 1 && head.chars().all(|c| c.is_ascii_lowercase())));
    (numeral && rest[1..].starts_with(' ')).then_some(label + 1)
}

/// A cell's explicit items: its text cut at ";" and at bullets or
/// enumerators opening a line; an item's lines stay apart (`\n`), each
/// with its spaces collapsed.
fn explicit_items(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in cell.lines() {
        let mut t = line.trim_start();
        if let Some(n) = marker(t) {
            if !cur.trim().is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            t = &t[n..];
        }
        for (k, part) in t.split(';').enumerate() {
            if k > 0 {
                out.push(std::mem::take(&mut cur));
            }
            cur.push('\n');
            cur.push_str(part);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| {
            let lines: Vec<String> = s
                .trim_start_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace())
                .lines()
                .map(clean)
                .filter(|l| !l.is_empty())
                .collect();
            lines.join("\n")
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Trailing punctuation that closes an item; an ellipsis ("phóng sự...")
/// says more and stays.
fn trim_end(item: &str) -> &str {
    let t = item.trim_end_matches([',', ';', ' ']);
    if t.ends_with("...") || t.ends_with('…') {
        t
    } else {
        t.trim_end_matches(['.', ',', ';', ' '])
    }
}

/// A deliverable or other text cell's items: split only at explicit
/// separators (";", a bullet opening a line) and at a line break the
/// writer made (a line that ended short of the cell's edge while its next
/// word would have fit, see `pipeline::cell_text`) before a line that
/// starts in upper case; never at a wrapped line. Commas and the item's
/// own punctuation stay.
pub fn items(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in explicit_items_by_line(cell) {
        let t = trim_end(&part).to_string();
        if t.is_empty() {
            continue;
        }
        out.push(t);
    }
    out
}

/// `explicit_items`, with a line break before a line starting in upper
/// case (or a digit: "100% hồ sơ") also parting items; a line starting in
/// lower case or "(" carries on the one above.
fn explicit_items_by_line(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in cell.lines() {
        let t = clean(line);
        let opens = t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || marker(&t).is_some()
            || out.last().is_none_or(|p: &String| p.ends_with(';'));
        match out.last_mut() {
            Some(prev) if !opens && !t.is_empty() => {
                prev.push(' ');
                prev.push_str(&t);
            }
            _ if t.is_empty() => {}
            _ => out.push(t),
        }
    }
    out.iter()
        .flat_map(|s| explicit_items(s))
        .map(|s| clean(&s))
        .collect()
}

/// The hand-written full names (`names.tsv`), in their canonical spelling:
/// `records::canonical_units` respells near readings to them.
pub fn canonical_names() -> impl Iterator<Item = &'static str> {
    data_lines(NAMES)
}

/// Known unit names and heads at least this long (letters, digits and
/// spaces, marks folded) are recognised through one misread letter.
pub const UNIT_SLIP_LENGTH: usize = 15;

/// A name no list knows still starts with a head noun: a long head
/// misread in one letter or its marks ("Bảo vệ Phát thanh, Truyền hình"
/// for "Báo và …") is respelt, the rest of the name kept, when no other
/// head is as near. A reading that differs only in case stays.
pub fn respell_head(unit: &str) -> Option<String> {
    let words: Vec<&str> = unit.split_whitespace().collect();
    let near: Vec<&(usize, Vec<char>, &str)> = Gazetteer::get()
        .long_heads
        .iter()
        .filter(|(n, letters, _)| {
            words.len() >= *n && edit_distance(&bare(&words[..*n].join(" ")), letters) <= 1
        })
        .collect();
    let [(n, _, head)] = near[..] else {
        return None;
    };
    let read = clean(&words[..*n].join(" ")).to_lowercase();
    (read != clean(head).to_lowercase()).then(|| [&[*head][..], &words[*n..]].concat().join(" "))
}

/// The names a document's header gives its places: the place of its
/// date line (`place`) and the proper name after each place word of its
/// issuers ("Ủy ban nhân dân phường Sài Gòn" → "Sài Gòn"), as read.
pub fn header_places(place: Option<&str>, issuers: &[&str]) -> Vec<String> {
    let g = Gazetteer::get();
    let is_place_word = |w: &str| g.places.iter().any(|p| *p == w.to_lowercase());
    // The date line's place is a name, or a place word and a name
    // ("Thành phố Hồ Chí Minh").
    let mut names: Vec<String> = place
        .filter(|p| !p.split_whitespace().any(is_place_word))
        .map(clean)
        .into_iter()
        .collect();
    for issuer in place.into_iter().chain(issuers.iter().copied()) {
        let words: Vec<&str> = issuer.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            if !is_place_word(w) {
                continue;
            }
            let name: Vec<&str> = words[i + 1..]
                .iter()
                .take_while(|w| w.starts_with(char::is_uppercase))
                .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
                .take(MAX_PLACE_WORDS)
                .collect();
            if !name.is_empty() {
                names.push(name.join(" "));
            }
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// How the document spells each place its header names (`header`, as
/// read): the spelling its readings agree on most, in the header and in
/// its unit names (`units`), every syllable capitalised as a place's
/// name is. The header is printed large but in capitals, which lose
/// marks ("SÀI" read "SAI"); a narrow cell slips in marks and in the case
/// of letters that differ only in size ("vĩnh Long"): the majority of
/// readings, the header's breaking a tie, is the printed name.
pub fn place_spellings(header: &[String], units: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut done: Vec<Vec<String>> = Vec::new();
    for name in header {
        let want = keys(name);
        if want.len() < 2 || done.contains(&want) {
            continue;
        }
        let mut readings: Vec<(String, usize, usize)> = Vec::new();
        let mut count = |reading: String, from_header: usize| {
            let lower = reading.to_lowercase();
            match readings.iter_mut().find(|r| r.0.to_lowercase() == lower) {
                Some(r) => {
                    r.1 += 1;
                    r.2 += from_header;
                }
                None => readings.push((reading, 1, from_header)),
            }
        };
        for h in header.iter().filter(|h| keys(h) == want) {
            count(h.clone(), 1);
        }
        for u in units {
            let words: Vec<&str> = u.split_whitespace().collect();
            for run in words.windows(want.len()) {
                if run.iter().map(|w| key(w)).eq(want.iter().cloned()) {
                    let edge = |c: char| !c.is_alphanumeric();
                    let run: Vec<&str> = run.iter().map(|w| w.trim_matches(edge)).collect();
                    count(run.join(" "), 0);
                }
            }
        }
        let best = readings
            .iter()
            .max_by_key(|r| (r.1, r.2))
            .map(|r| capitalise_words(&r.0));
        out.extend(best);
        done.push(want);
    }
    out
}

/// Every word with a capital first letter.
fn capitalise_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An OCR'd unit name without the stops a scan's specks put between its
/// words ("Chi cục. Thủy lợi", "Ngân hàng Nhà nước. Chi nhánh Khu vực 5",
/// "đất đai. Phú Quốc"): a name is one phrase with no sentence end inside
/// it. An abbreviation's stop stays ("TP. Hồ Chí Minh", "Tp. Huế", "H.
/// Côn Đảo"): a word of two letters or fewer, or all capitals.
pub fn drop_inner_stops(unit: &str) -> String {
    let words: Vec<&str> = unit.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let word = |s: &str| {
        s.chars().count() >= 3
            && s.chars().all(char::is_alphabetic)
            && s.chars().any(char::is_lowercase)
    };
    words
        .iter()
        .enumerate()
        .map(|(k, w)| match w.strip_suffix('.') {
            Some(stem) if k < last && word(stem) => stem,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A place's proper name has at most this many syllables.
const MAX_PLACE_WORDS: usize = 4;

/// The levels of local government a document's header names (`place`,
/// `issuers`), spelt as the gazetteer's place words: a word that folds as
/// one and is followed by a capitalised name ("phương Lai Châu" →
/// "phường"). The gazetteer's spelling, not the reading: a header's
/// capitals lose marks as a cell's small print does.
pub fn header_levels(place: Option<&str>, issuers: &[&str]) -> Vec<&'static str> {
    let g = Gazetteer::get();
    let mut out: Vec<&'static str> = Vec::new();
    for text in place.into_iter().chain(issuers.iter().copied()) {
        let words: Vec<&str> = text.split_whitespace().collect();
        for pair in words.windows(2) {
            if !pair[1].starts_with(char::is_uppercase) {
                continue;
            }
            let k = key(pair[0]);
            if let Some(p) = g.places.iter().find(|p| key(p) == k) {
                if !out.contains(&p.as_str()) {
                    out.push(p.as_str());
                }
            }
        }
    }
    out
}

/// An OCR'd name with the level words of its document (`levels`, from
/// [`header_levels`]) spelt right where a level stands: last in the name
/// ("Đài Truyền thanh phương" → "phường": a unit of a ward ends on its
/// level) or before a capitalised place name ("phương Hoàn Kiếm"). A small
/// print's marks slip, and a name's last word has no context for the
/// repair's language model to weigh. A word that makes one word with the
/// one before ("địa phương", "cơ quan"; the gazetteer's compounds) stays.
pub fn respell_levels(name: &str, levels: &[&str]) -> String {
    if levels.is_empty() {
        return name.to_string();
    }
    let g = Gazetteer::get();
    let words: Vec<&str> = name.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (k, w) in words.iter().enumerate() {
        let edge = |c: char| !c.is_alphabetic();
        let core = w.trim_matches(edge);
        let k_core = key(core);
        let level = levels.iter().find(|l| key(l) == k_core);
        let at_level = !core.is_empty()
            && (k + 1 == words.len() || words[k + 1].starts_with(char::is_uppercase));
        let compound = k > 0 && g.compounds.contains(&(key(words[k - 1]), k_core.clone()));
        match level {
            Some(l) if at_level && !compound && core.to_lowercase() != **l => {
                let start = w.len() - w.trim_start_matches(edge).len();
                let capital = core.starts_with(char::is_uppercase);
                let spelt = if capital {
                    capitalise_words(l)
                } else {
                    l.to_string()
                };
                out.push(format!(
                    "{}{spelt}{}",
                    &w[..start],
                    &w[start + core.len()..]
                ));
            }
            _ => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// A unit name that names a place of the document's header (`places`)
/// writes it as the header does: OCR of a narrow cell slips in the marks
/// and the case of letters that differ only in size ("vĩnh Long", "Đảm
/// Rông", "Sai Gòn" for Vĩnh Long, Đam Rông, Sài Gòn), where the header,
/// printed large, read it whole.
pub fn respell_places(unit: &str, places: &[String], ocr: bool) -> String {
    let mut words: Vec<String> = unit.split_whitespace().map(str::to_string).collect();
    for place in places {
        let spelt: Vec<&str> = place.split_whitespace().collect();
        let want = keys(place);
        // One syllable alone is too often a common word's.
        if want.len() != spelt.len() || want.len() < 2 {
            continue;
        }
        for i in 0..words.len().saturating_sub(want.len() - 1) {
            let run: Vec<String> = words[i..i + want.len()].iter().map(|w| key(w)).collect();
            let another = || places.iter().any(|p| keys(p) == run);
            if !(run == want || ocr && one_letter_off(&run, &want) && !another()) {
                continue;
            }
            let last = spelt.len() - 1;
            for (k, w) in spelt.iter().enumerate() {
                let read = &words[i + k];
                let edge = |c: char| !c.is_alphanumeric();
                let lead = &read[..read.len() - read.trim_start_matches(edge).len()];
                let tail = &read[read.trim_end_matches(edge).len()..];
                // A stop or a dash between a name's syllables is a speck
                // ("Cát. Hải", "Đồng- Nai").
                let speck = |m: &str| m.chars().all(|c| matches!(c, '.' | '-' | '–'));
                let lead = if k > 0 && speck(lead) { "" } else { lead };
                let tail = if k < last && speck(tail) { "" } else { tail };
                words[i + k] = format!("{lead}{w}{tail}");
            }
        }
    }
    words.join(" ")
}

/// Whether OCR'd syllables (`run`, keys) are a place's (`want`) read with
/// one letter of one syllable of three letters or more as another, the
/// others right ("Sao Gòn" for Sài Gòn, "bam Rông" for Đam Rông): a name
/// of two syllables or more that one letter sets apart from the header's
/// is the header's, where a text layer's may be another place.
fn one_letter_off(run: &[String], want: &[String]) -> bool {
    let off: Vec<(&String, &String)> = run.iter().zip(want).filter(|(r, w)| r != w).collect();
    match off[..] {
        [(r, w)] => w.chars().count() >= 3 && crate::text::substitutions(r, w) == Some(1),
        _ => false,
    }
}

/// The units a cell names, in order (see the module's notes).
pub fn split(cell: &str) -> Vec<String> {
    let g = Gazetteer::get();
    explicit_items(&rejoin_hyphens(g, cell))
        .iter()
        .flat_map(|item| split_item(g, item))
        .collect()
}

/// The words of a phrase on one line.
fn phrase_words(phrase: &str) -> Vec<Word<'_>> {
    phrase
        .split_whitespace()
        .enumerate()
        .map(|(k, w)| Word::new(w, k == 0))
        .collect()
}

/// Whether `phrase` opens with a unit's head noun: printed with a capital
/// ("Văn phòng Sở", "Sở Nội vụ"), or a collective ("các phòng, đơn vị").
/// Office-holders ("Giám đốc Sở", "Lãnh đạo Sở") and people open with no
/// head: they are not units.
pub fn opens_unit(phrase: &str) -> bool {
    let g = Gazetteer::get();
    let words = phrase_words(phrase);
    match g.head_at(&words, 0) {
        Some((_, Class::Role)) => false,
        Some((n, class)) => {
            let named = n < words.len();
            named && (capitalised(&words[0]) || class == Class::Collective)
        }
        None => false,
    }
}

/// For each word of `phrase` (split at white space): does it belong to
/// the words before it, inside a head phrase or known name begun by a
/// capitalised word ("hàng" in "Ngân hàng", "xây dựng" in "Ban Quản lý
/// dự án đầu tư xây dựng"), or as a compound's second syllable ("trình"
/// in "công trình")? Such a word is theirs, whatever else it can be.
pub fn bound_to_previous(phrase: &str) -> Vec<bool> {
    let g = Gazetteer::get();
    let words = phrase_words(phrase);
    let mut inside = vec![false; words.len()];
    for i in 0..words.len() {
        if i > 0
            && g.compounds
                .contains(&(words[i - 1].key.clone(), words[i].key.clone()))
        {
            inside[i] = true;
        }
        if !capitalised(&words[i]) {
            continue;
        }
        let n = g
            .name_at(&words, i)
            .max(g.head_at(&words, i).map_or(0, |h| h.0));
        for flag in inside.iter_mut().take(i + n).skip(i + 1) {
            *flag = true;
        }
    }
    inside
}

/// A name's own hyphen wrapped to the start of a line ("Phòng Văn hóa" /
/// "- Xã hội") reads like a bullet. A "- " line that opens with no head
/// noun, under a line that ends without a separator, carries on the name
/// above: in a list whose first unit has no bullet, always; in a bulleted
/// list, when the item above opens a unit and the line is a name's second
/// half ("- Phòng Kế hoạch" / "- Tài chính"): a few words, no
/// abbreviation (a bulleted "- VNPT tỉnh" is a unit of its own).
fn rejoin_hyphens(g: &Gazetteer, cell: &str) -> String {
    let all: Vec<&str> = cell
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let Some((&first, _)) = all.split_first() else {
        return String::new();
    };
    let opens_unit = |r: &str| {
        let words: Vec<Word> = r.split_whitespace().map(|w| Word::new(w, true)).collect();
        !words.is_empty() && g.head_at(&words, 0).is_some()
    };
    let bulleted = marker(first).is_some();
    // Whether the item being read opens with a head noun.
    let mut item_is_unit = bulleted && opens_unit(first[marker(first).unwrap_or(0)..].trim());
    let mut out = first.to_string();
    for (j, &line) in all.iter().enumerate().skip(1) {
        // The line's phrase with the lines it wraps onto, which start in
        // lower case: a page break or a narrow column cuts a head noun
        // ("- Trung" / "tâm Phục vụ hành chính công").
        let rest = line.strip_prefix("- ").map(|r| {
            let wrapped = all[j + 1..]
                .iter()
                .take_while(|l| l.starts_with(char::is_lowercase));
            std::iter::once(r.trim_start())
                .chain(wrapped.copied())
                .collect::<Vec<_>>()
                .join(" ")
        });
        let rest = rest.as_deref();
        // A field's name ("Tài chính", "Hạ tầng và Đô thị"), not a place
        // ("Điện lực Cần Giờ", whose name capitalises every syllable).
        let half = |r: &str| {
            let words: Vec<&str> = r.split_whitespace().collect();
            let abbreviation = |w: &&str| w.chars().filter(|c| c.is_uppercase()).count() > 1;
            let named = words
                .windows(2)
                .any(|p| p[1].starts_with(char::is_uppercase) && !matches!(p[0], "và" | "," | "-"));
            item_is_unit
                && words.len() <= MAX_HALF_WORDS
                && !words.iter().any(abbreviation)
                && !named
        };
        match rest {
            Some(r)
                if !out.ends_with([';', ',', ':', '.'])
                    && !opens_unit(r)
                    && (!bulleted || half(r)) =>
            {
                out.push_str(" - ");
                out.push_str(line[1..].trim_start());
            }
            _ => {
                if let Some(n) = marker(line) {
                    item_is_unit = opens_unit(line[n..].trim());
                }
                out.push('\n');
                out.push_str(line);
            }
        }
    }
    out
}

/// Words of a name's second half after its hyphen ("Kế hoạch - Tài
/// chính", "Kinh tế - Hạ tầng và Đô thị").
const MAX_HALF_WORDS: usize = 4;

/// One explicit item's units.
fn split_item(g: &Gazetteer, item: &str) -> Vec<String> {
    let words: Vec<Word> = item
        .lines()
        .flat_map(|l| {
            l.split_whitespace()
                .enumerate()
                .map(|(k, w)| Word::new(w, k == 0))
        })
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    // Where the unit's last part begins: a parent in its chain ("…, Cục
    // …") is read as a name of its own, inside the unit.
    let mut part = 0;
    // Words up to here belong to a head or known name begun earlier.
    let mut inside_until = 0;
    let mut depth = 0i32;
    for i in 0..words.len() {
        // A parenthesis opening here explains the name before it.
        let aside = depth > 0 || words[i].text.starts_with('(');
        if i > start && i >= inside_until && !aside {
            if let Some((n, class)) = g.head_at(&words, i) {
                // A head with nothing after it on its line, where the item
                // ends, "và" follows or the next line opens a unit of its
                // own, names no unit: it is the last syllable of a place
                // ("… Vân" / "Đồn", "cơ sở Vân Đồn và …"), unless a comma
                // or "và" separates it.
                let prev = &words[i - 1];
                let separated = prev.text.ends_with(',') || prev.key == "va";
                let after = i + n;
                // So is a head the same head follows ("Hải Phòng Phòng Pháp
                // chế"): no unit's name is its head twice.
                let doubled = after + n <= words.len()
                    && (0..n).all(|k| words[i + k].key == words[after + k].key);
                let bare_tail = !separated
                    && (after == words.len()
                        || words[after - 1].text.ends_with([',', ';'])
                        || words[after].key == "va"
                        || doubled
                        || words[after].line_start && g.head_at(&words, after).is_some());
                // A branch followed by its area alone is the branch of
                // the unit before it.
                let of_prev = class == Class::Branch
                    && !separated
                    && !(after < words.len() && g.head_at(&words, after).is_some());
                // A head read small by its size ("chi cục") with a
                // capitalised name after it ("Kiểm lâm"), in a list that is
                // no collective's kinds ("Các phòng, cơ quan, đơn vị").
                let slip = small_slip(&words[i])
                    && words.get(after).is_some_and(capitalised)
                    && g.head_at(&words[start..i], 0)
                        .is_some_and(|(_, c)| c != Class::Collective);
                let chain = g.parent_in_chain(&words, start, i);
                let owner = !separated && g.police_of(&words[start..i], &words, i);
                if chain {
                    part = i;
                }
                let cut = (!bare_tail && !of_prev && !chain && !owner)
                    .then(|| boundary(g, &words[part..i], class, &words[i], slip))
                    .flatten();
                if let Some(end) = cut {
                    out.push(g.unit(&words[start..part + end]));
                    start = i;
                    part = i;
                }
            }
        }
        let covered = g
            .name_at(&words, i)
            .max(g.head_at(&words, i).map_or(0, |h| h.0));
        inside_until = inside_until.max(i + covered);
        depth += words[i].text.matches('(').count() as i32;
        depth -= words[i].text.matches(')').count() as i32;
        depth = depth.max(0);
    }
    out.push(g.unit(&words[start..]));
    out.into_iter().filter(|u| !u.is_empty()).collect()
}

/// Central bodies by rank, and the units a name places inside them: a
/// unit is named with its chain of parents after commas ("Phòng 5, Cục
/// Cảnh sát điều tra tội phạm về ma túy, Bộ Công an"), each a body of
/// higher rank than the part before it. Local bodies (Sở, Công an tỉnh)
/// are no parents here: "Phòng Kinh tế, Sở Tài chính" lists two units.
const RANKS: [(&str, u8); 10] = [
    ("bo", 3),
    ("tong cuc", 2),
    ("cuc", 1),
    ("vu", 0),
    ("phong", 0),
    ("doi", 0),
    ("tram", 0),
    ("van phong", 0),
    ("trung tam", 0),
    ("vien", 0),
];

impl Gazetteer {
    /// The rank of the head at `i`, if it is one of [`RANKS`].
    fn rank_at(&self, words: &[Word], i: usize) -> Option<u8> {
        let (n, _) = self.head_at(words, i)?;
        let key: Vec<&str> = words[i..i + n].iter().map(|w| w.key.as_str()).collect();
        let key = key.join(" ");
        RANKS.iter().find(|(k, _)| *k == key).map(|(_, r)| *r)
    }

    /// Does the head at `i`, after a comma, name the central body that
    /// holds the last comma part of the unit begun at `start`?
    fn parent_in_chain(&self, words: &[Word], start: usize, i: usize) -> bool {
        if i == 0 || !words[i - 1].text.ends_with(',') {
            return false;
        }
        let part = (start + 1..i)
            .rev()
            .find(|&j| words[j - 1].text.ends_with(','))
            .unwrap_or(start);
        match (self.rank_at(words, part), self.rank_at(words, i)) {
            (Some(child), Some(parent)) => parent >= 1 && parent > child,
            _ => false,
        }
    }

    /// A unit's text from its words, its head in the gazetteer's spelling
    /// when the reading differs in marks ("Chỉ cục" → "Chi cục"; a head of
    /// two syllables or more, which folding cannot confuse). The old
    /// placement of a tone ("Uỷ ban") is a spelling, not a misreading: it
    /// stays.
    fn unit(&self, words: &[Word]) -> String {
        let mut texts: Vec<String> = words.iter().map(|w| scrub(w.text)).collect();
        let head = self
            .heads
            .iter()
            .find(|h| h.keys.len() > 1 && phrase_at(words, 0, &h.keys));
        let shouting = words
            .iter()
            .all(|w| !w.text.chars().any(char::is_lowercase));
        if let Some(h) = head {
            for (k, spelled) in h.marked.split_whitespace().enumerate() {
                let w = &words[k];
                if !w.lower.is_ascii() && !same_marks(&w.lower, spelled) {
                    texts[k] = respell(w.text, spelled);
                }
            }
        } else if let Some(spelled) = words.first().and_then(|w| self.single_head(w)) {
            texts[0] = respell(words[0].text, spelled);
        }
        // A name opens with a capital: a head read small by a letter
        // whose cases differ only in size ("chi cục") is that slip.
        let collective = self
            .head_at(words, 0)
            .is_none_or(|(_, class)| class == Class::Collective);
        if !collective && small_slip(&words[0]) {
            let mut c = texts[0].chars();
            texts[0] = c
                .next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
        }
        // A head phrase anywhere in the name keeps its small letters
        // ("Phòng Cảnh sát giao thông", not "Cảnh Sát").
        for j in 0..words.len() {
            let inner = self
                .heads
                .iter()
                .find(|h| h.keys.len() > 1 && phrase_at(words, j, &h.keys));
            for (k, lower) in inner.iter().flat_map(|h| h.lower.iter().enumerate()) {
                if k > 0 && *lower && !shouting && case_slip(&texts[j + k]) {
                    texts[j + k] = texts[j + k].to_lowercase();
                }
            }
        }
        // A place word inside a name is written small ("Công an xã");
        // a capital there is a letter read by its size ("số Xã").
        for (k, w) in words.iter().enumerate().skip(1) {
            let compound = words
                .get(k + 1)
                .is_some_and(|n| self.compounds.contains(&(w.key.clone(), n.key.clone())));
            let place = self.places.iter().any(|p| same_word(w, p)) && !compound;
            if place && !shouting && case_slip(&texts[k]) {
                texts[k] = texts[k].to_lowercase();
            }
        }
        // A syllable in capitals that print like small letters ("học CƠ
        // SỞ SỐ 12", "Thuế CƠ Sở") and, after a small word, the second
        // syllable of a compound ("cơ Sở") are letters read by their size:
        // a name capitalises proper names, which print in mixed case
        // ("cơ sở Sài Gòn").
        for k in 1..words.len() {
            let after_small = texts[k - 1].starts_with(char::is_lowercase);
            let pair = (words[k - 1].key.clone(), words[k].key.clone());
            // Marked, so a syllable, not a Roman number or code ("XV").
            let capitals = texts[k].chars().count() >= 2
                && !texts[k].is_ascii()
                && texts[k]
                    .chars()
                    .all(|c| c.is_alphabetic() && c.is_uppercase());
            let slip =
                case_slip(&texts[k]) && (capitals || after_small && self.compounds.contains(&pair));
            if !shouting && slip {
                texts[k] = texts[k].to_lowercase();
            }
        }
        texts.retain(|t| !t.is_empty());
        trim_end(&texts.join(" ")).to_string()
    }
}

/// Whether a word's capitals are all letters that print the same in
/// either case but for size (c, o, s, u, v, w, x, z, with any marks): the
/// engine guesses their case from height, and "Chi Cục", "CỤC" are its
/// slips where the head is written "Chi cục".
fn case_slip(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let caps: Vec<char> = word.nfd().filter(|c| c.is_uppercase()).collect();
    !caps.is_empty() && caps.iter().all(|c| "COSUVWXZ".contains(*c))
}

/// Does `w` open with a small letter that prints like its capital but for
/// size ("c", "o", "s", "u", "v", "x", with any marks)?
fn small_slip(w: &Word) -> bool {
    w.text
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() && "cosuvwxz".contains(crate::text::fold_char(c)))
}

/// Marks a unit's name never holds at a word's edge: a colon, quotes,
/// a bar or an underscore there are a scan's specks ("Phòng Pháp chế:",
/// "“Thuế cơ sở"). A word of nothing else goes.
fn scrub(word: &str) -> String {
    const SPECKS: [char; 12] = [':', '“', '”', '"', '\'', '‘', '’', '`', '|', '_', '¬', '*'];
    word.trim_matches(SPECKS).to_string()
}

/// Do two readings of a syllable carry the same letters and marks,
/// wherever the tone sits ("uỷ", "ủy")?
fn same_marks(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let parts = |s: &str| {
        let (mut base, mut marks): (Vec<char>, Vec<char>) = (Vec::new(), Vec::new());
        for c in s.nfd() {
            if ('\u{300}'..='\u{36f}').contains(&c) {
                marks.push(c);
            } else {
                base.push(c);
            }
        }
        marks.sort_unstable();
        (base, marks)
    };
    parts(a) == parts(b)
}

/// `text` with its letters spelled as `spelled` (lower case), in the
/// printed case and with the punctuation around them.
fn respell(text: &str, spelled: &str) -> String {
    let core = text.trim_matches(|c: char| !c.is_alphanumeric());
    let Some(at) = text.find(core) else {
        return text.to_string();
    };
    let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
    let cased = if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        spelled.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut c = spelled.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        spelled.to_string()
    };
    format!("{}{cased}{}", &text[..at], &text[at + core.len()..])
}

/// Words a name cannot end in: it goes on after them.
const CONNECTORS: [&str; 14] = [
    "va", "cua", "thuoc", "truc", "cap", "cac", "ve", "tai", "voi", "hoac", "cho", "tren", "o",
    "nhung",
];

/// Whether a new unit starts at `next`, a head of `class`, after `prev`
/// (the current unit's words so far): where the current unit ends (its
/// words before a separating "," or "và"), or `None`.
fn boundary(
    g: &Gazetteer,
    prev: &[Word],
    class: Class,
    next: &Word,
    small_slip: bool,
) -> Option<usize> {
    let last = prev.last()?;
    let comma = last.text.ends_with(',');
    let and = last.key == "va";
    let separated = comma || and;
    // After a separator, a head read small by its size ("và chi cục")
    // starts a unit as its capital would.
    let capital = capitalised(next) || separated && small_slip;
    let starts = match class {
        Class::Collective => capital || separated,
        Class::Party => separated,
        Class::Unit | Class::Body | Class::Office | Class::Branch | Class::Role => capital,
    };
    if !starts {
        return None;
    }
    let end = if and { prev.len() - 1 } else { prev.len() };
    let name = &prev[..end];
    let tail = name.last()?;
    let cut = tail.text.ends_with(['-', '–', '&', '/', '('])
        || CONNECTORS.contains(&tail.key.as_str())
        || holder(name);
    // A head alone ("Văn phòng", "Các") still wants its specifier.
    let bare_head = g.head_at(name, 0).is_some_and(|(n, _)| n == name.len());
    if cut || bare_head || (and && serves_bodies(g, name, class)) {
        return None;
    }
    Some(end)
}

/// Office-holders whose unit follows them ("Lãnh đạo Sở …", "Giám đốc
/// Sở", "Chủ tịch UBND xã"): the unit is their complement, not a new item.
/// Matched with marks ("trưởng" is a holder, "trường" a school).
const HOLDERS: [&str; 9] = [
    "lãnh đạo",
    "chủ tịch",
    "giám đốc",
    "thủ trưởng",
    "bí thư",
    "trưởng",
    "chánh",
    "phó",
    "đại diện",
];

fn holder(name: &[Word]) -> bool {
    let tail: Vec<String> = name
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|w| w.text.to_lowercase())
        .collect();
    let tail = tail.join(" ");
    HOLDERS
        .iter()
        .any(|h| tail == *h || tail.ends_with(&format!(" {h}")))
}

/// "Văn phòng HĐND" + "và" + "UBND": an office serving bodies names them
/// all ("Văn phòng HĐND và UBND" is one office).
fn serves_bodies(g: &Gazetteer, name: &[Word], next: Class) -> bool {
    if next != Class::Body {
        return false;
    }
    let Some((n, Class::Office)) = g.head_at(name, 0) else {
        return false;
    };
    matches!(g.head_at(name, n), Some((m, Class::Body)) if n + m == name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_lists_split_by_their_grammar() {
        let cases: &[(&str, &[&str])] = &[
            // A post a plan assigns tasks to opens an item as a unit does,
            // and is read with its marks ("Trưởng" is no school, "phố
            // Trường" no "Phó Trưởng").
            (
                "Văn phòng HĐND và UBND, Công chức Văn hóa - Xã hội",
                &["Văn phòng HĐND và UBND", "Công chức Văn hóa - Xã hội"],
            ),
            (
                "Công an xã Trưởng các thôn, tổ dân phố",
                &["Công an xã", "Trưởng các thôn, tổ dân phố"],
            ),
            (
                "Giám đốc Sở Y tế Chủ tịch UBND xã",
                &["Giám đốc Sở Y tế", "Chủ tịch UBND xã"],
            ),
            (
                "Công an xã Chi hội Nông dân các thôn",
                &["Công an xã", "Chi hội Nông dân các thôn"],
            ),
            // A province's later syllable is the place's, not a head.
            (
                "Bảo hiểm xã hội thành phố Hải Phòng Trường Cao đẳng Y tế",
                &["Bảo hiểm xã hội thành phố Hải Phòng", "Trường Cao đẳng Y tế"],
            ),
            // A police department is named with its Công an after it;
            // a code closes a name.
            (
                "Văn phòng Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai Công an tỉnh Gia Lai",
                &[
                    "Văn phòng Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai",
                    "Công an tỉnh Gia Lai",
                ],
            ),
            (
                "Phòng Cảnh sát giao thông Công an thành phố Huế Sở Y tế",
                &["Phòng Cảnh sát giao thông Công an thành phố Huế", "Sở Y tế"],
            ),
            (
                "Phòng Cảnh sát hình sự (PC02) Công an xã",
                &["Phòng Cảnh sát hình sự (PC02)", "Công an xã"],
            ),
            // Names cut where a narrow column wraps.
            ("Phòng\nVăn hóa - Xã hội", &["Phòng Văn hóa - Xã hội"]),
            (
                "- Ủy ban nhân dân tỉnh\n- Phòng Kế hoạch - Tài chính",
                &["Ủy ban nhân dân tỉnh", "Phòng Kế hoạch - Tài chính"],
            ),
            ("- Ủy ban nhân dân tỉnh\n- Phòng Kế hoạch\n- Tài chính", &["Ủy ban nhân dân tỉnh", "Phòng Kế hoạch - Tài chính"]),
            // A head noun cut by a page break or a wrap is still a head.
            (
                "- Điện lực Phú Quốc\n- Trung\ntâm Phục vụ hành chính công\n- Ban Chỉ đạo",
                &["Điện lực Phú Quốc", "Trung tâm Phục vụ hành chính công", "Ban Chỉ đạo"],
            ),
            (
                "- Phòng Kế hoạch\n- Tài\nchính\n- Sở Y tế",
                &["Phòng Kế hoạch - Tài chính", "Sở Y tế"],
            ),
            (
                "Bảo hiểm xã hội cơ sở Phú\nQuốc",
                &["Bảo hiểm xã hội cơ sở Phú Quốc"],
            ),
            (
                "Ủy ban Mặt trận Tổ quốc Việt\nNam xã",
                &["Ủy ban Mặt trận Tổ quốc Việt Nam xã"],
            ),
            // Letters read by their size: a head's small letters and a
            // place word inside a name are small.
            (
                "Phòng Cảnh Sát giao thông (PC08)",
                &["Phòng Cảnh sát giao thông (PC08)"],
            ),
            ("Thuế cơ Sở 12 tỉnh An Giang", &["Thuế cơ sở 12 tỉnh An Giang"]),
            ("Thuế CƠ Sở 13 tỉnh Lâm Đồng", &["Thuế cơ sở 13 tỉnh Lâm Đồng"]),
            (
                "Trường Trung học CƠ SỞ SỐ 12 Phú Quốc",
                &["Trường Trung học cơ sở số 12 Phú Quốc"],
            ),
            (
                "Bảo hiểm xã hội cơ sở Sài Gòn; Trường THCS Vĩnh Long",
                &["Bảo hiểm xã hội cơ sở Sài Gòn", "Trường THCS Vĩnh Long"],
            ),
            (
                "Ban Chỉ đạo Chuyển đổi số Xã",
                &["Ban Chỉ đạo Chuyển đổi số xã"],
            ),
            // A name opens with its head: a first word with the marks of
            // none is the head it folds to, unless it opens a head itself.
            (
                "Trương THCS Lê Chân; Sơ Tư pháp",
                &["Trường THCS Lê Chân", "Sở Tư pháp"],
            ),
            ("Bảo tàng tỉnh", &["Bảo tàng tỉnh"]),
            // "Trung học" opens no head: "Trường" after a place is a school.
            (
                "Các thôn, tổ dân phố Trường Trung học cơ sở số 5 Cầu Giấy",
                &["Các thôn, tổ dân phố", "Trường Trung học cơ sở số 5 Cầu Giấy"],
            ),
            (
                "Các thôn, tổ dân phố\nTrường Trung học cơ sở số 5 Cầu Giấy",
                &["Các thôn, tổ dân phố", "Trường Trung học cơ sở số 5 Cầu Giấy"],
            ),
            // A branch named by its area is the branch of the unit before
            // it; one named by an organisation is a unit of its own.
            (
                "Ngân hàng Nhà nước\nChi nhánh Khu vực 5",
                &["Ngân hàng Nhà nước Chi nhánh Khu vực 5"],
            ),
            (
                "Ngân hàng Chính sách xã hội Chi nhánh tỉnh Gia Lai; Sở Tư pháp",
                &["Ngân hàng Chính sách xã hội Chi nhánh tỉnh Gia Lai", "Sở Tư pháp"],
            ),
            (
                "Sở Tư pháp\nChi nhánh Ngân hàng Phát triển Việt Nam",
                &["Sở Tư pháp", "Chi nhánh Ngân hàng Phát triển Việt Nam"],
            ),
            (
                "Ngân hàng Nhà nước, Chi nhánh Khu vực 5",
                &["Ngân hàng Nhà nước", "Chi nhánh Khu vực 5"],
            ),
            // A place whose last syllable is a head noun ("Đồn", "Trường")
            // wrapped onto a line of its own; after a comma it would be a
            // (short-named) unit of its own.
            (
                "Chi nhánh Văn phòng đăng ký đất đai Vân\nĐồn",
                &["Chi nhánh Văn phòng đăng ký đất đai Vân Đồn"],
            ),
            // A head the same head follows ends a place ("Hải Phòng").
            (
                "Vườn quốc gia Hải\nPhòng Phòng Pháp\nchế",
                &["Vườn quốc gia Hải Phòng", "Phòng Pháp chế"],
            ),
            (
                "Bảo hiểm xã hội cơ sở Vân Đồn\nCông an đặc khu",
                &["Bảo hiểm xã hội cơ sở Vân Đồn", "Công an đặc khu"],
            ),
            // Two units on two lines, or glued on one.
            (
                "Trung tâm Phục vụ hành chính công Các phòng chuyên môn",
                &["Trung tâm Phục vụ hành chính công", "Các phòng chuyên môn"],
            ),
            ("Công an xã Phòng Kinh tế", &["Công an xã", "Phòng Kinh tế"]),
            // A comma inside a name.
            ("Các phòng, đơn vị thuộc Sở", &["Các phòng, đơn vị thuộc Sở"]),
            // A name's hyphen wrapped to the next line is no bullet; a
            // bullet before a head noun is.
            ("Phòng Văn hóa\n- Xã hội", &["Phòng Văn hóa - Xã hội"]),
            (
                "Phòng Văn hóa\n- Xã hội\n- Công an xã",
                &["Phòng Văn hóa - Xã hội", "Công an xã"],
            ),
            (
                "- Phòng Kinh tế\n- Xã hội hóa giáo dục",
                &["Phòng Kinh tế", "Xã hội hóa giáo dục"],
            ),
            // A place's name capitalises every syllable: a head whose
            // words run on in lower case after a place word is a unit; a
            // comma closes a place; a head with nothing after it but a
            // comma ends a place's name.
            (
                "Ủy ban nhân dân xã Trường Mầm non Cần Giờ",
                &["Ủy ban nhân dân xã", "Trường Mầm non Cần Giờ"],
            ),
            (
                "Hội Nông dân phường, Trường Mầm non Ninh Kiều",
                &["Hội Nông dân phường", "Trường Mầm non Ninh Kiều"],
            ),
            (
                "Bảo hiểm xã hội thành phố Hải Phòng, Trung tâm Kiểm soát bệnh tật",
                &["Bảo hiểm xã hội thành phố Hải Phòng", "Trung tâm Kiểm soát bệnh tật"],
            ),
            (
                "- Công an xã\n- Điện lực Cần Giờ",
                &["Công an xã", "Điện lực Cần Giờ"],
            ),
            (
                "Chi cục Kiểm lâm Thống kê thành phố Cần Thơ",
                &["Chi cục Kiểm lâm", "Thống kê thành phố Cần Thơ"],
            ),
            (
                "- Công an tỉnh\n- VNPT tỉnh\n- Sở Nội vụ",
                &["Công an tỉnh", "VNPT tỉnh", "Sở Nội vụ"],
            ),
            (
                "- Xã hội hóa\n- Kinh tế - Hạ tầng",
                &["Xã hội hóa", "Kinh tế - Hạ tầng"],
            ),
            // Specks read as a colon or quotes at a word's edge.
            (
                "Phòng Pháp chế:\n“Thuế cơ sở 15: thành phố Hồ Chí Minh",
                &["Phòng Pháp chế", "Thuế cơ sở 15 thành phố Hồ Chí Minh"],
            ),
            ("Các phòng,\nđơn vị thuộc\nSở", &["Các phòng, đơn vị thuộc Sở"]),
            // Real cells of Word plans (Lâm Đồng, Lào Cai).
            (
                "Sở Nội vụ; các sở, ban, ngành; UBND các xã, phường, đặc khu",
                &[
                    "Sở Nội vụ",
                    "các sở, ban, ngành",
                    "UBND các xã, phường, đặc khu",
                ],
            ),
            (
                "Sở Tài chính; UBND các  xã, phường, đặc khu",
                &["Sở Tài chính", "UBND các xã, phường, đặc khu"],
            ),
            (
                "Các sở, ban, ngành, địa phương; Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh",
                &[
                    "Các sở, ban, ngành, địa phương",
                    "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh",
                ],
            ),
            ("Các sở, ban, ngành và địa phương", &["Các sở, ban, ngành và địa phương"]),
            (
                "Các cơ quan, đơn vị trực tiếp sử dụng ngân sách nhà nước",
                &["Các cơ quan, đơn vị trực tiếp sử dụng ngân sách nhà nước"],
            ),
            (
                "Văn phòng UBND tỉnh (Trung tâm Thông tin)",
                &["Văn phòng UBND tỉnh (Trung tâm Thông tin)"],
            ),
            (
                "Sở Nông nghiệp và Môi trường, các Sở, ban, ngành",
                &["Sở Nông nghiệp và Môi trường", "các Sở, ban, ngành"],
            ),
            (
                "Các Sở, ban, ngành và UBND các xã, phường",
                &["Các Sở, ban, ngành", "UBND các xã, phường"],
            ),
            (
                "Các Sở, ban, ngành và các cơ quan, đơn vị, địa phương liên quan",
                &["Các Sở, ban, ngành", "các cơ quan, đơn vị, địa phương liên quan"],
            ),
            ("Sở Công Thương; Sở Xây dựng", &["Sở Công Thương", "Sở Xây dựng"]),
            (
                "Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh",
                &["Sở Tư pháp", "Văn phòng UBND tỉnh", "Công an tỉnh"],
            ),
            (
                "Văn phòng UBND tỉnh; Sở Tư pháp; Sở Khoa học và Công nghệ.",
                &["Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Khoa học và Công nghệ"],
            ),
            (
                "Các Sở, ban, ngành, địa phương và các tổ chức hoạt động khai thác khoáng sản liên quan",
                &[
                    "Các Sở, ban, ngành, địa phương",
                    "các tổ chức hoạt động khai thác khoáng sản liên quan",
                ],
            ),
            ("Cơ quan, địa phương có liên quan", &["Cơ quan, địa phương có liên quan"]),
            (
                "Cơ quan thuế, các đơn vị cấp tỉnh và các địa phương",
                &["Cơ quan thuế", "các đơn vị cấp tỉnh", "các địa phương"],
            ),
            ("Lãnh đạo Sở Văn hóa, Thể thao và Du lịch", &["Lãnh đạo Sở Văn hóa, Thể thao và Du lịch"]),
            // Names whose specifier holds "và", "-", a comma or a head word.
            ("Sở Khoa học và\nCông nghệ", &["Sở Khoa học và Công nghệ"]),
            ("Phòng Kế hoạch -\nTài chính", &["Phòng Kế hoạch - Tài chính"]),
            (
                "Sở Văn hóa, Thể thao và Du lịch, Sở Y tế",
                &["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"],
            ),
            ("Văn phòng HĐND và UBND", &["Văn phòng HĐND và UBND"]),
            (
                "Trung tâm Công tác xã hội và Quỹ Bảo trợ trẻ em tỉnh Lâm Đồng; Sở Y tế",
                &["Trung tâm Công tác xã hội và Quỹ Bảo trợ trẻ em tỉnh Lâm Đồng", "Sở Y tế"],
            ),
            (
                "Trung tâm Công tác xã hội và\nQuỹ Bảo trợ trẻ em\nQuỹ Đầu tư phát triển",
                &["Trung tâm Công tác xã hội và Quỹ Bảo trợ trẻ em", "Quỹ Đầu tư phát triển"],
            ),
            ("Văn phòng HĐND và UBND xã", &["Văn phòng HĐND và UBND xã"]),
            ("Văn phòng\nHĐND&UBND", &["Văn phòng HĐND&UBND"]),
            ("Văn phòng Sở\nThanh tra Sở", &["Văn phòng Sở", "Thanh tra Sở"]),
            ("Thanh tra Sở\nSở Tư pháp", &["Thanh tra Sở", "Sở Tư pháp"]),
            (
                "Chi nhánh Văn phòng đăng ký đất đai khu vực Bảo Lộc",
                &["Chi nhánh Văn phòng đăng ký đất đai khu vực Bảo Lộc"],
            ),
            ("Chi cục Thuế khu vực XV", &["Chi cục Thuế khu vực XV"]),
            ("Thuế cơ sở 3 tỉnh Gia Lai", &["Thuế cơ sở 3 tỉnh Gia Lai"]),
            (
                "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đồn Biên phòng Cửa khẩu",
                &["Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Đồn Biên phòng Cửa khẩu"],
            ),
            (
                "Ngân hàng Chính sách Xã Hội tỉnh",
                &["Ngân hàng Chính sách Xã Hội tỉnh"],
            ),
            (
                "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                &["Ban Tuyên giáo và Dân vận Tỉnh ủy"],
            ),
            (
                "Đảng ủy xã, Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể",
                &[
                    "Đảng ủy xã",
                    "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
                    "các đoàn thể",
                ],
            ),
            (
                "UBND tỉnh, Tỉnh ủy",
                &["UBND tỉnh", "Tỉnh ủy"],
            ),
            // Names the lexicon never saw, parsed by their head.
            (
                "Trung tâm Y tế khu vực Krông Pa\nTrạm Y tế xã Ia Rsai",
                &["Trung tâm Y tế khu vực Krông Pa", "Trạm Y tế xã Ia Rsai"],
            ),
            (
                "Hội Nông dân phường Hội Cựu chiến binh phường",
                &["Hội Nông dân phường", "Hội Cựu chiến binh phường"],
            ),
            (
                "Bệnh viện Đa khoa tỉnh\nTrường Cao đẳng Y tế",
                &["Bệnh viện Đa khoa tỉnh", "Trường Cao đẳng Y tế"],
            ),
            (
                "Liên đoàn Lao động tỉnh và Tỉnh đoàn",
                &["Liên đoàn Lao động tỉnh", "Tỉnh đoàn"],
            ),
            (
                "Kho bạc Nhà nước khu vực XII Ngân hàng Nhà nước chi nhánh tỉnh",
                &["Kho bạc Nhà nước khu vực XII", "Ngân hàng Nhà nước chi nhánh tỉnh"],
            ),
            (
                "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh",
                &["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"],
            ),
            (
                "Ban Chỉ huy Quân sự\nxã Ea Kar",
                &["Ban Chỉ huy Quân sự xã Ea Kar"],
            ),
            (
                "Viện kiểm sát nhân dân khu vực 2, Tòa án nhân dân khu vực 2",
                &["Viện kiểm sát nhân dân khu vực 2", "Tòa án nhân dân khu vực 2"],
            ),
            (
                "Bưu điện tỉnh Đài Phát thanh - Truyền hình tỉnh Báo Gia Lai",
                &["Bưu điện tỉnh", "Đài Phát thanh - Truyền hình tỉnh", "Báo Gia Lai"],
            ),
            (
                "Phòng Kinh tế, Hạ tầng và Đô thị",
                &["Phòng Kinh tế, Hạ tầng và Đô thị"],
            ),
            (
                "Sở Lao động - Thương binh và Xã hội",
                &["Sở Lao động - Thương binh và Xã hội"],
            ),
            (
                "Trung tâm Phục Vụ hành chính công",
                &["Trung tâm Phục Vụ hành chính công"],
            ),
            // Bullets and separators; punctuation closing an item goes.
            (
                "- Các cơ quan, ban ngành, đoàn thể phường\n- Trung tâm dịch vụ sự nghiệp công\n- Cổng thông tin điện tử phường",
                &[
                    "Các cơ quan, ban ngành, đoàn thể phường",
                    "Trung tâm dịch vụ sự nghiệp công",
                    "Cổng thông tin điện tử phường",
                ],
            ),
            (
                "Trung tâm Phục vụ hành chính công,\nCác phòng chuyên môn.",
                &["Trung tâm Phục vụ hành chính công", "Các phòng chuyên môn"],
            ),
            ("Sở Nội vụ và Sở Tư pháp", &["Sở Nội vụ", "Sở Tư pháp"]),
            (
                "Trung tâm Phục vụ\n-hành chính công",
                &["Trung tâm Phục vụ -hành chính công"],
            ),
            (
                "Trung tâm Phục vụ hành\nchính công\nCác phòng chuyên\nmôn",
                &["Trung tâm Phục vụ hành chính công", "Các phòng chuyên môn"],
            ),
            (
                "Văn phòng Sở; Phòng Tổ chức cán bộ",
                &["Văn phòng Sở", "Phòng Tổ chức cán bộ"],
            ),
            // A head misread in its marks takes its spelling; the old
            // placement of a tone stays.
            ("Chỉ cục Thủy lợi", &["Chi cục Thủy lợi"]),
            // A name opens with a capital: "c" read small by its size.
            ("Trung tám Y tế; chi cục Kiểm lâm", &["Trung tâm Y tế", "Chi cục Kiểm lâm"]),
            ("Sở Tư pháp và chi cục Kiểm lâm", &["Sở Tư pháp", "Chi cục Kiểm lâm"]),
            ("Sở Tư pháp và các cơ quan", &["Sở Tư pháp", "các cơ quan"]),
            // A unit named with its chain of central parents is one unit;
            // local bodies after a comma are units of their own.
            (
                "Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an",
                &["Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an"],
            ),
            ("Cục Thuế, Cục Hải quan", &["Cục Thuế", "Cục Hải quan"]),
            ("Phòng Kinh tế, Sở Tài chính", &["Phòng Kinh tế", "Sở Tài chính"]),
            ("Bộ Y tế, Cục Quản lý Dược", &["Bộ Y tế", "Cục Quản lý Dược"]),
            (
                "Các phòng, cơ quan, đơn vị trực thuộc Sở",
                &["Các phòng, cơ quan, đơn vị trực thuộc Sở"],
            ),
            ("Uỷ ban nhân dân xã", &["Uỷ ban nhân dân xã"]),
            // A head's word in a capital the engine guessed from a letter's
            // height takes the head's case; one it cannot have guessed so
            // ("Ban Chỉ Huy": H has a shape of its own), or a name in
            // capitals, is as printed.
            ("Chi Cục Kiểm lâm; Chi CỤC Thủy lợi", &["Chi cục Kiểm lâm", "Chi cục Thủy lợi"]),
            ("Ban Chỉ Huy quân sự", &["Ban Chỉ Huy quân sự"]),
            ("CHI CỤC KIỂM LÂM", &["CHI CỤC KIỂM LÂM"]),
            // OCR without marks still finds its heads.
            (
                "Uy ban nhan dan xa Phong Van hoa - Xa hoi",
                &["Uy ban nhan dan xa", "Phong Van hoa - Xa hoi"],
            ),
            ("Sở Nội Vụ", &["Sở Nội Vụ"]),
            (
                "Phòng Kinh tế thành phố Hội An, Đại học Đà Nẵng",
                &["Phòng Kinh tế thành phố Hội An", "Đại học Đà Nẵng"],
            ),
            ("UBND đặc khu Trường Sa", &["UBND đặc khu Trường Sa"]),
            (
                "Phòng Kinh tế thành phố Hội An Công an xã",
                &["Phòng Kinh tế thành phố Hội An", "Công an xã"],
            ),
            ("Công an xã Trạm Tấu", &["Công an xã Trạm Tấu"]),
            ("1. Sở Tư pháp\n2. Sở Nội vụ", &["Sở Tư pháp", "Sở Nội vụ"]),
            ("• Công an xã\n• Đồn Biên phòng", &["Công an xã", "Đồn Biên phòng"]),
            (
                "Phòng Cảnh sát Phòng cháy, chữa cháy và cứu nạn, cứu hộ",
                &["Phòng Cảnh sát Phòng cháy, chữa cháy và cứu nạn, cứu hộ"],
            ),
            ("", &[]),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(cell, want)| split(cell) != *want)
            .map(|(cell, want)| format!("{cell:?}: {:?}, want {want:?}", split(cell)))
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn items_split_at_separators_not_at_wraps() {
        let cases: &[(&str, &[&str])] = &[
            // A wrapped line (a space in the cell's text) never splits.
            (
                "Quyết định kiện toàn, phân công",
                &["Quyết định kiện toàn, phân công"],
            ),
            (
                "Quyết định ban hành Quy chế",
                &["Quyết định ban hành Quy chế"],
            ),
            ("100% TTHC được công khai", &["100% TTHC được công khai"]),
            // A comma at a line end stays.
            (
                "Quyết định kiện toàn,\nphân công",
                &["Quyết định kiện toàn, phân công"],
            ),
            // Lines the writer broke, bullets, ";".
            (
                "Kế hoạch\nVăn bản chỉ đạo\nBáo cáo",
                &["Kế hoạch", "Văn bản chỉ đạo", "Báo cáo"],
            ),
            (
                "- Tin bài, phóng sự...\n- Báo cáo.",
                &["Tin bài, phóng sự...", "Báo cáo"],
            ),
            (
                "- 100% TTHC cung cấp dịch vụ công\ntrực tuyến\n- 80% hồ sơ",
                &["100% TTHC cung cấp dịch vụ công trực tuyến", "80% hồ sơ"],
            ),
            ("Kế hoạch; Báo cáo", &["Kế hoạch", "Báo cáo"]),
            (
                "Văn bản tham gia ý kiến\n(nếu có)",
                &["Văn bản tham gia ý kiến (nếu có)"],
            ),
            ("", &[]),
        ];
        for (cell, want) in cases {
            assert_eq!(items(cell), *want, "{cell:?}");
        }
    }

    #[test]
    fn places_of_the_header_spell_those_in_unit_names() {
        let header = header_places(
            Some("Sao Gòn"),
            &[
                "Ủy ban nhân dân phường Sai Gòn",
                "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            ],
        );
        assert_eq!(header, ["Sao Gòn", "Sai Gòn", "Hồ Chí Minh"]);
        // The readings agree most on the printed name; case as a place's.
        let units = [
            "Trường THCS Sài Gòn",
            "Điện lực Sài Gòn",
            "Trạm Y tế Sài Gòn",
            "Bảo hiểm xã hội cơ sở Sai Gòn",
            "Thuế cơ sở 10 thành phố Hồ Chí Minh",
            "Trường Tiểu học vĩnh Long",
            "Tỉnh đoàn vĩnh Long",
        ];
        assert_eq!(
            place_spellings(&header, &units),
            ["Sao Gòn", "Sài Gòn", "Hồ Chí Minh"]
        );
        let header = header_places(Some("Vĩnh Long"), &[]);
        assert_eq!(place_spellings(&header, &units), ["Vĩnh Long"]);
        let header = header_places(Some("Thành phố Hồ Chí Minh"), &[]);
        assert_eq!(header, ["Hồ Chí Minh"]);
        let places = ["Vĩnh Long".to_string(), "Đam Rông".to_string()];
        for (read, want) in [
            (
                "Trường Cao đẳng Y tế vĩnh Long",
                "Trường Cao đẳng Y tế Vĩnh Long",
            ),
            ("Tỉnh đoàn (Vĩnh long),", "Tỉnh đoàn (Vĩnh Long),"),
            ("Trường THCS số 3 Đảm Rông 2", "Trường THCS số 3 Đam Rông 2"),
            // A letter of like shape, a speck between the syllables.
            ("Trường THCS số 3 bam Rông 2", "Trường THCS số 3 Đam Rông 2"),
            ("Trường Mầm non Vĩnh. Long", "Trường Mầm non Vĩnh Long"),
            ("Điện lực Vĩnh- Long.", "Điện lực Vĩnh Long."),
            ("Trường THCS Vĩnh Lòng", "Trường THCS Vĩnh Long"),
            // Another name, or one syllable of it, stays.
            ("Bưu điện tỉnh Vĩnh Phúc", "Bưu điện tỉnh Vĩnh Phúc"),
            ("Hợp tác xã Long", "Hợp tác xã Long"),
        ] {
            assert_eq!(respell_places(read, &places, true), want, "{read}");
        }
        // A header that reads one place two ways ("Bắc Ninh" on its date
        // line, "Báo Ninh" in its parent body) names two places: a name
        // that is one of them is never turned into the other, whichever
        // comes first.
        let places = ["Bắc Ninh".to_string(), "Báo Ninh".to_string()];
        for read in ["Công an tỉnh Bắc Ninh", "Công an tỉnh Báo Ninh"] {
            assert_eq!(respell_places(read, &places, true), read);
            let turned: Vec<String> = places.iter().rev().cloned().collect();
            assert_eq!(respell_places(read, &turned, true), read);
        }
        // A text layer's other place one letter away is another place.
        let places = ["Tân Bình".to_string()];
        assert_eq!(
            respell_places("Trường THCS Tân Định", &places, false),
            "Trường THCS Tân Định"
        );
    }

    #[test]
    fn levels_of_the_header_spell_a_names_level_table() {
        // The gazetteer's spelling whatever the header's marks; a place
        // word with no capitalised name after it is no level.
        let levels = header_levels(
            Some("Hoàn Kiếm"),
            &[
                "Ủy ban nhân dân phương Hoàn Kiểm",
                "UBND Thành phố Hà Nội",
                "các xã trong tỉnh",
            ],
        );
        assert_eq!(levels, ["phường", "phố"]);
        let levels = ["phường", "xã"];
        for (read, want) in [
            // Last in the name, or before the place it names.
            ("Đài Truyền thanh phương", "Đài Truyền thanh phường"),
            ("Hội Người cao tuổi phương,", "Hội Người cao tuổi phường,"),
            ("Văn phòng Đảng ủy xa", "Văn phòng Đảng ủy xã"),
            (
                "Ủy ban nhân dân phương Hoàn Kiếm",
                "Ủy ban nhân dân phường Hoàn Kiếm",
            ),
            (
                "Ủy ban nhân dân Phương Hoàn Kiếm",
                "Ủy ban nhân dân Phường Hoàn Kiếm",
            ),
            // A word of its own with the one before, a word inside the
            // name, a level the header does not name, stay.
            ("Các địa phương", "Các địa phương"),
            ("Các cơ quan", "Các cơ quan"),
            ("Tổ phương án phòng cháy", "Tổ phương án phòng cháy"),
            ("Trạm Y tế tinh", "Trạm Y tế tinh"),
            ("Đài Truyền thanh phường", "Đài Truyền thanh phường"),
        ] {
            assert_eq!(respell_levels(read, &levels), want, "{read}");
        }
        let quarter = ["quận"];
        assert_eq!(
            respell_levels("Các đơn vị liên quan", &quarter),
            "Các đơn vị liên quan"
        );
        assert_eq!(respell_levels("Công an quân", &quarter), "Công an quận");
        assert_eq!(respell_levels("Các cơ quan", &[]), "Các cơ quan");
    }

    #[test]
    fn stops_inside_an_ocr_read_name_table() {
        for (read, want) in [
            ("Chi cục. Thủy lợi", "Chi cục Thủy lợi"),
            (
                "Ngân hàng Nhà nước. Chi nhánh Khu vực 5",
                "Ngân hàng Nhà nước Chi nhánh Khu vực 5",
            ),
            (
                "Văn phòng đăng ký đất đai. Phú Quốc",
                "Văn phòng đăng ký đất đai Phú Quốc",
            ),
            // Abbreviations, and a stop that ends the name, stay.
            ("Công an TP. Hồ Chí Minh", "Công an TP. Hồ Chí Minh"),
            ("Trung tâm Y tế Tp. Huế", "Trung tâm Y tế Tp. Huế"),
            (
                "Ban Quản lý đặc khu H. Côn Đảo",
                "Ban Quản lý đặc khu H. Côn Đảo",
            ),
            ("Trường THCS số 2.", "Trường THCS số 2."),
            ("Sở Y tế.", "Sở Y tế."),
        ] {
            assert_eq!(drop_inner_stops(read), want, "{read}");
        }
    }

    #[test]
    fn the_gazetteer_reads_its_files() {
        let g = Gazetteer::get();
        assert!(g
            .heads
            .iter()
            .any(|h| h.keys == ["uy", "ban", "nhan", "dan"] && h.class == Class::Body));
        assert!(g.places.iter().any(|p| p == "phường"));
        assert!(g.compounds.contains(&("xa".into(), "hoi".into())));
        assert!(g
            .names
            .iter()
            .any(|n| n == &keys("Sở Văn hóa, Thể thao và Du lịch")));
        // Longest first, so "Ban Chỉ huy" wins over "Ban".
        assert!(g
            .heads
            .windows(2)
            .all(|w| w[0].keys.len() >= w[1].keys.len()));
    }
}
