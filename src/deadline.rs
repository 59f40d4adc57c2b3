//! Deadline parsing (part of the records stage): the text of a deadline
//! cell in, its kind and ISO start/end dates out.
//!
//! Kinds, per the output contract: `by_date` ("Trước ngày 30/5/2026",
//! "chậm nhất ngày 01/09/2026"), `date_range` ("Từ tháng 4 đến tháng
//! 11/2026"), `period` ("Quý II năm 2026", "Tháng 6/2026", "Năm 2026"),
//! `recurring` ("Thường xuyên", "Hằng năm", "Hàng quý"; `end` = 31 Dec of a
//! named year) and `unknown`. An explicit due date wins over a recurring
//! word: "Thường xuyên trong năm 2026; trước ngày 30/5/2026" is due 30/5.
//! Matching runs on folded text so unrepaired OCR parses too.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::export::{Deadline, DeadlineKind};
use crate::text::{clean_opt, fold_ocr};

use crate::text::regex as re;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd(i32, u32, u32);

impl Ymd {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// Days in month `m` (1–12) of year `y`, Gregorian.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<Ymd> {
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then_some(Ymd(y, m, d))
}

fn month_end(y: i32, m: u32) -> Option<Ymd> {
    date(y, m, days_in_month(y, m.clamp(1, 12)))
}

fn roman(s: &str) -> Option<u32> {
    Some(match s {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    })
}

fn year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

/// Whether the text before a date ends in a document's number and "ngày"
/// ("Quyết định số 1441/QĐ-UBND ngày", "Chỉ thị số 11-CT/TU ngày"): the
/// date is that document's, not a deadline.
fn cites_document(before: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"\d[\w.-]*/[a-z][a-z0-9./-]*\s+ngay\s*$").is_match(before)
}

/// A date or month relative to a year the text does not name ("ngày 31/01
/// năm liền kề", "tháng 01 năm sau"): no year of the document fills it.
fn relative_year(f: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"\bnam\s+(?:truoc\s+)?(?:lien ke|sau|tiep theo|truoc)\b|\bthang\s+lien ke\b",
    )
    .is_match(f)
}

/// Full dates written "30/5/2026", "30-5-2026", "ngày 30 tháng 5 năm 2026",
/// in order of appearance. `year` fills "30/5" without a year.
fn full_dates(f: &str, default_year: Option<i32>) -> Vec<(usize, Ymd)> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    static WORDS: OnceLock<Regex> = OnceLock::new();
    let mut out = Vec::new();
    for c in re(
        &NUM,
        r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\b",
    )
    .captures_iter(f)
    .filter(|c| !cites_document(&f[..c.get(0).map_or(0, |m| m.start())]))
    {
        let y = c.get(3).and_then(|y| year(y.as_str())).or(default_year);
        if let (Some(y), Ok(m), Ok(d)) = (y, c[2].parse(), c[1].parse()) {
            if let Some(dt) = date(y, m, d) {
                out.push((c.get(0).map_or(0, |m| m.start()), dt));
            }
        }
    }
    for c in re(
        &WORDS,
        r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})",
    )
    .captures_iter(f)
    .filter(|c| !cites_document(&format!("{}ngay ", &f[..c.get(0).map_or(0, |m| m.start())])))
    {
        if let (Some(y), Ok(m), Ok(d)) = (year(&c[3]), c[2].parse(), c[1].parse()) {
            if let Some(dt) = date(y, m, d) {
                out.push((c.get(0).map_or(0, |m| m.start()), dt));
            }
        }
    }
    out.sort();
    out
}

/// Parse a deadline cell. `doc_year` is the document's year, used when the
/// cell omits it ("trước ngày 30/6").
pub fn parse(text: &str, doc_year: Option<i32>) -> Deadline {
    let text_out = clean_opt(text).map(|t| {
        let t = mend_recurring(&mend_units(&drop_specks(&t)));
        mend_years(&mend_quarter(&quarter_slash(&t)), doc_year)
    });
    let f = fold_ocr(text_out.as_deref().unwrap_or_default());
    let (kind, start, end) = classify(&f, doc_year).unwrap_or((DeadlineKind::Unknown, None, None));
    Deadline {
        text: text_out,
        kind,
        start: start.map(Ymd::iso),
        end: end.map(Ymd::iso),
    }
}

/// Specks a scan leaves in a date phrase, which its grammar has no place
/// for: a mark between a word that wants a number and the number ("ngày.
/// 1/1", "tháng - 5/2026", "Tháng “10/2026"), between "đến" / "từ" /
/// "trước" and the word they govern ("đến: ngày"), a number glued to its
/// unit ("10-tháng", "6tháng"), a mark opening or closing the phrase
/// ("_6 tháng", "Năm 2026-", a bullet's dash glued to it: "-Tháng 12/2026"),
/// a mark inside a recurrence ("Hằng - tháng") or a doubled slash,
/// a date's slash read as I or l ("2/7I2026") and a month's 1 read as I,
/// l, | or † ("tháng I", "ngày †0"): Vietnamese writes days and months in
/// Arabic figures (Nghị định 30/2020/NĐ-CP, the date of a document).
fn drop_specks(text: &str) -> String {
    static BEFORE_NUMBER: OnceLock<Regex> = OnceLock::new();
    static BEFORE_WORD: OnceLock<Regex> = OnceLock::new();
    static GLUED: OnceLock<Regex> = OnceLock::new();
    static CLOSING: OnceLock<Regex> = OnceLock::new();
    static SLASH: OnceLock<Regex> = OnceLock::new();
    static ONE: OnceLock<Regex> = OnceLock::new();
    let t = re(
        &BEFORE_NUMBER,
        r"(?i)\b(ngày|tháng|năm|quý|đến|từ|trước)\s*[.:,\-–“”\x22'‘’`]+\s*(\d|[IVX]+\b)",
    )
    .replace_all(text, "$1 $2");
    // "Hằng - tháng", "Hàng, năm": nothing stands between the two words
    // of a recurrence; a slash doubled ("I//2026") is one.
    static RECURRING: OnceLock<Regex> = OnceLock::new();
    let t = re(
        &RECURRING,
        r"(?i)\b(hằng|hàng)\s*[.:,;\-–“”\x22'‘’`]+\s*(ngày|tuần|tháng|quý|năm)\b",
    )
    .replace_all(&t, "$1 $2");
    static DOUBLE_SLASH: OnceLock<Regex> = OnceLock::new();
    let t = re(&DOUBLE_SLASH, r"(\d|[IVX])//+(\d{4})\b").replace_all(&t, "$1/$2");
    let t = re(
        &BEFORE_WORD,
        r"(?i)\b(đến|từ|trước)\s*[.:,;\-–“”\x22'‘’`]+\s*(ngày|tháng|năm|quý)\b",
    )
    .replace_all(&t, "$1 $2");
    let t = re(&GLUED, r"(?i)(\d)[\-–.:]?(ngày|tháng|năm)\b").replace_all(&t, "$1 $2");
    // A month's or quarter's number and the year it is of are one phrase
    // ("tháng 10 - năm 2026"); a dash between a month and a month is a range.
    static OF_YEAR: OnceLock<Regex> = OnceLock::new();
    let t = re(
        &OF_YEAR,
        r"(?i)\b(tháng\s+\d{1,2}|quý\s+[IVX]{1,4})\s*[\-–.:,]+\s*(năm\s+\d{4})\b",
    )
    .replace_all(&t, "$1 $2");
    let t = re(&SLASH, r"\b(\d{1,2}/\d{1,2})[Il|](\d{4})\b").replace_all(&t, "$1/$2");
    let t = re(&ONE, r"(?i)\b(ngày|tháng)\s+[Il|†](\d?)(\s|/|$)").replace_all(&t, "$1 1$2$3");
    let t = split_figures(&t);
    static OPENING: OnceLock<Regex> = OnceLock::new();
    let t = re(&OPENING, r"^[_~^`'‘’“”\x22\-–—+•.,]+\s*(\w)").replace(&t, "$1");
    re(&CLOSING, r"(\d)\s*[\-–:“”\x22'‘’`]+$")
        .replace(&t, "$1")
        .into_owned()
}

/// A day or month of a date printed in figures that a scan split in two
/// ("6/1 1/2026", "1 4/10/2026": a fax's narrow 1 stands apart): a date
/// has no room for a space between figures, so they join when the day
/// (1–31) or month (1–12) they make is one; likewise a day's slash lost.
fn split_figures(text: &str) -> String {
    static MONTH: OnceLock<Regex> = OnceLock::new();
    static DAY: OnceLock<Regex> = OnceLock::new();
    let join = |c: &regex::Captures, max: u32| {
        let n = format!("{}{}", &c[2], &c[3]);
        match n.parse::<u32>() {
            Ok(v) if (1..=max).contains(&v) => format!("{}{n}{}", &c[1], &c[4]),
            _ => c[0].to_string(),
        }
    };
    let t = re(&MONTH, r"(\b\d{1,2}/)(\d) (\d)(/\d{4}\b)")
        .replace_all(text, |c: &regex::Captures| join(c, 12));
    let t = re(&DAY, r"(^|[^\d/]\s*)(\d) (\d)(/\d{1,2}/\d{4}\b)")
        .replace_all(&t, |c: &regex::Captures| join(c, 31));
    // A day's slash lost ("ngày 2712/2026"): four figures after "ngày"
    // before the year are its day and month when both are valid.
    static SLASH: OnceLock<Regex> = OnceLock::new();
    re(&SLASH, r"(?i)(\bngày\s+)(\d{2})(\d{2})(/\d{4}\b)")
        .replace_all(&t, |c: &regex::Captures| {
            match (c[2].parse::<u32>(), c[3].parse::<u32>()) {
                (Ok(d), Ok(m)) if (1..=31).contains(&d) && (1..=12).contains(&m) => {
                    format!("{}{}/{}{}", &c[1], &c[2], &c[3], &c[4])
                }
                _ => c[0].to_string(),
            }
        })
        .into_owned()
}

/// The words of a date's grammar that name its unit before a number
/// (ngày 1–31, tháng 1–12, năm 1900–2200, quý I–IV or 1–4, tuần 1–53),
/// read with a wrong mark or a letter of like shape ("thắng 6/2026",
/// "Thúng 6", "nấm 2026", "măm 2026", "Quy IV"), are written as the unit:
/// no other word stands there in a deadline. Only a word as long as the
/// unit and one letter off it once marks are set aside; a capitalised
/// word after another is a name ("Việt Nam 2026").
fn mend_units(text: &str) -> String {
    static BEFORE_NUMBER: OnceLock<Regex> = OnceLock::new();
    const UNITS: [&str; 5] = ["ngày", "tháng", "năm", "quý", "tuần"];
    let fits = |unit: &str, n: &str| match unit {
        "quý" => roman(&n.to_lowercase()).is_some(),
        "năm" => year(n).is_some(),
        _ => n.parse::<u32>().is_ok_and(|v| {
            let max = match unit {
                "ngày" => 31,
                "tháng" => 12,
                _ => 53,
            };
            (1..=max).contains(&v)
        }),
    };
    let one_off = |a: &str, b: &str| crate::text::substitutions(a, b).is_some_and(|n| n <= 1);
    re(
        &BEFORE_NUMBER,
        r"(^|[^\w]\s*)(\w+)(\s+)(\d{1,4}|[IVXivx]{1,4})\b",
    )
    .replace_all(text, |c: &regex::Captures| {
        let (lead, word, space, n) = (&c[1], &c[2], &c[3], &c[4]);
        let folded = crate::text::fold(word);
        // A capitalised word after a capitalised one is a name.
        let before = &text[..c.get(2).map_or(0, |m| m.start())];
        let prev = before
            .trim_end()
            .rsplit(|ch: char| !ch.is_alphanumeric())
            .next()
            .unwrap_or_default();
        let name = word.starts_with(char::is_uppercase) && prev.starts_with(char::is_uppercase);
        let unit = UNITS.iter().find(|u| {
            fits(u, n) && one_off(&folded, &crate::text::fold(u)) && !word.eq_ignore_ascii_case(u)
        });
        match unit {
            Some(u) if !name && word.to_lowercase() != *u => {
                let mut chars = u.chars();
                let first = chars.next().unwrap_or_default();
                let unit = match word.starts_with(char::is_uppercase) {
                    true => first.to_uppercase().chain(chars).collect::<String>(),
                    false => u.to_string(),
                };
                format!("{lead}{unit}{space}{n}")
            }
            _ => c[0].to_string(),
        }
    })
    .into_owned()
}

/// The unit of a recurring deadline ("Hàng quý", "Hằng tháng", "mỗi
/// tuần") read with a wrong mark ("Hàng quy", "Hằng thang"): after hàng,
/// hằng or mỗi a deadline names a unit, and a word that is one but for
/// its marks is written as it.
fn mend_recurring(text: &str) -> String {
    static EVERY: OnceLock<Regex> = OnceLock::new();
    const UNITS: [&str; 5] = ["ngày", "tuần", "tháng", "quý", "năm"];
    re(&EVERY, r"(?i)\b(hàng|hằng|mỗi)(\s+)(\w+)")
        .replace_all(text, |c: &regex::Captures| {
            let folded = crate::text::fold(&c[3]).to_lowercase();
            let unit = UNITS
                .iter()
                .find(|u| crate::text::fold(u) == folded && c[3].to_lowercase() != **u);
            match unit {
                Some(u) => format!("{}{}{u}", &c[1], &c[2]),
                None => c[0].to_string(),
            }
        })
        .into_owned()
}

/// A year no plan gives a deadline in ("năm 2926" in a plan of 2026,
/// further ahead than `YEARS_AHEAD` or before 1945) is a misread digit:
/// it takes the one year within a digit of it that a deadline of the
/// document's year can name (from the year before to `YEARS_AHEAD` on),
/// when only one is.
fn mend_years(text: &str, doc_year: Option<i32>) -> String {
    static YEAR4: OnceLock<Regex> = OnceLock::new();
    let Some(doc) = doc_year else {
        return text.to_string();
    };
    re(&YEAR4, r"\b\d{4}\b")
        .replace_all(text, |c: &regex::Captures| {
            let read = &c[0];
            let y: i32 = read.parse().unwrap_or(doc);
            if (1945..=doc + YEARS_AHEAD).contains(&y) {
                return read.to_string();
            }
            let near: Vec<i32> = (doc - 1..=doc + YEARS_AHEAD)
                .filter(|cand| one_digit_off(&cand.to_string(), read))
                .collect();
            match near[..] {
                [one] => one.to_string(),
                _ => read.to_string(),
            }
        })
        .into_owned()
}

/// Deadlines in a plan fall within this many years of its issue (five-year
/// plans run to 2030 from 2026; strategies to 2045 are no deadline).
const YEARS_AHEAD: i32 = 20;

/// A quarter's Roman numeral as printed: OCR reads its I as L, l, |, [, ]
/// i, !, or 1 ("Quý LII", "Quý lV", "Quý [V", "Quý Iii", "Quý 11"; a
/// quarter is never 11). "Quý 1" may be Arabic and stays here; the
/// document pass [`roman_quarters`] decides it.
fn mend_quarter(text: &str) -> String {
    static Q: OnceLock<Regex> = OnceLock::new();
    re(&Q, r"(?i)(\bquý\s+)([IVLl|\[\]1!]+)(\s|/|,|$)")
        .replace_all(text, |c: &regex::Captures| {
            let fixed: String = c[2]
                .chars()
                .map(|ch| match ch {
                    'L' | 'l' | 'i' | '|' | '[' | ']' | '1' | '!' => 'I',
                    'v' => 'V',
                    ch => ch,
                })
                .collect();
            match &c[2] != "1" && roman(&fixed.to_lowercase()).is_some() {
                true => format!("{}{fixed}{}", &c[1], &c[3]),
                false => c[0].to_string(),
            }
        })
        .into_owned()
}

/// "Quý <numeral>/<year>" as OCR reads its slash: as "z" or a backslash,
/// or doubled, an I of the numeral read as one more slash ("Quý IIz2026",
/// "Quý I//2026", "Quý //2026"): one slash, and a numeral lost to a
/// slash an I.
fn quarter_slash(text: &str) -> String {
    static Q: OnceLock<Regex> = OnceLock::new();
    re(&Q, r"(?i)(\bquý\s+)([IVLl|\[\]1!]*)([/zZ\\]+)(\d{4})\b")
        .replace_all(text, |c: &regex::Captures| {
            let (numeral, slash) = (&c[2], &c[3]);
            // One slash as printed, or one alone where the numeral is
            // lost, says nothing to mend.
            let single = slash.chars().count() == 1;
            if single && (slash == "/" || numeral.is_empty()) {
                return c[0].to_string();
            }
            let numeral = if numeral.is_empty() { "I" } else { numeral };
            format!("{}{numeral}/{}", &c[1], &c[4])
        })
        .into_owned()
}

/// A document writes its quarters one way, and real plans write them in
/// Roman figures ("Quý I/2026"); OCR reads a lone I as 1. So when no
/// deadline of a document writes a quarter in Arabic figures 2–4, a
/// "Quý 1" that OCR read is "Quý I". `deadlines` are every deadline of the
/// document, each with whether OCR read it; a text layer's stays as is.
pub fn roman_quarters<'a>(deadlines: impl IntoIterator<Item = (&'a mut Deadline, bool)>) {
    static ARABIC: OnceLock<Regex> = OnceLock::new();
    static ONE: OnceLock<Regex> = OnceLock::new();
    let mut all: Vec<(&mut Deadline, bool)> = deadlines.into_iter().collect();
    let arabic = re(&ARABIC, r"(?i)\bquý\s+[2-4](\s|/|,|$)");
    if all
        .iter()
        .any(|(d, _)| d.text.as_deref().is_some_and(|t| arabic.is_match(t)))
    {
        return;
    }
    let one = re(&ONE, r"(?i)(\bquý\s+)1(\s|/|,|;|$)");
    for (d, ocr) in &mut all {
        if let (Some(t), true) = (&d.text, *ocr) {
            d.text = Some(one.replace_all(t, "${1}I$2").into_owned());
        }
    }
}

/// The year an annual plan is for, as its title and date of issue say.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanYear {
    /// The year the plan is for.
    pub plan: i32,
    /// The year its title reads.
    pub title: i32,
    /// The year it was issued in: the date's, or the title's where the
    /// date's was misread.
    pub issued: i32,
}

/// The year an annual plan is for: the title names one after "năm" ("Cải
/// cách hành chính năm 2026"), not the end of a period ("đến năm 2030",
/// "giai đoạn 2026 - 2030"). A plan is for the year it is issued in
/// (`issued_on`, "2026-01-22") or the next, issued before that starts
/// (from October). Title and date further apart than that were read one
/// digit off ("2028" for 2026: a fax's 6 and 8 look alike), one or the
/// other: the year the document's text reads more often (`times_read`;
/// a plan names its year over and over, in its date, body and deadlines)
/// is the right one. A title's year one digit off the date's, no more
/// often read, is the year of issue or the next.
pub fn plan_year(
    title: &str,
    issued_on: &str,
    times_read: impl Fn(i32) -> usize,
) -> Option<PlanYear> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static ANY: OnceLock<Regex> = OnceLock::new();
    let issued: i32 = issued_on.get(..4)?.parse().ok()?;
    let month: Option<u32> = issued_on.get(5..7).and_then(|m| m.parse().ok());
    let f = crate::text::fold(title);
    let years = re(&ANY, r"\b(?:19|20)\d\d\b").find_iter(&f).count();
    let named: Vec<i32> = re(&YEAR, r"(^|[^\w]\s*)(\w+\s+)?nam\s+((?:19|20)\d\d)\b")
        .captures_iter(&f)
        .filter(|c| {
            !matches!(
                c.get(2).map(|m| m.as_str().trim()),
                Some("den" | "tu" | "truoc")
            )
        })
        .filter_map(|c| c[3].parse().ok())
        .collect();
    let ([read], 1) = (&named[..], years) else {
        return None;
    };
    let read = *read;
    let year = |plan| PlanYear {
        plan,
        title: read,
        issued,
    };
    if (issued..=issued + 1).contains(&read) {
        return Some(year(read));
    }
    if one_digit_off(&issued.to_string(), &read.to_string())
        && times_read(read) > times_read(issued)
    {
        return Some(PlanYear {
            issued: read,
            ..year(read)
        });
    }
    let near: Vec<i32> = [issued, issued + 1]
        .into_iter()
        .filter(|&y| one_digit_off(&y.to_string(), &read.to_string()))
        .collect();
    match near[..] {
        [y] => Some(year(y)),
        [this, next] => Some(year(if month.is_some_and(|m| m >= 10) {
            next
        } else {
            this
        })),
        _ => None,
    }
}

/// How often each year from 1900 to 2099 stands as a number of its own in
/// `texts`.
pub fn years_read<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeMap<i32, usize> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let mut out = BTreeMap::new();
    for t in texts {
        for m in re(&YEAR, r"\b(?:19|20)\d\d\b").find_iter(t) {
            if let Ok(y) = m.as_str().parse() {
                *out.entry(y).or_insert(0) += 1;
            }
        }
    }
    out
}

/// Whether two years as written differ in exactly one digit.
fn one_digit_off(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

/// Whether `a` is `b` with one character changed, added or lost.
fn one_edit_off(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(&long).filter(|(x, y)| x != y).count() == 1,
        1 => (0..long.len()).any(|k| long[..k] == short[..k] && long[k + 1..] == short[k..]),
        _ => false,
    }
}

/// An annual plan's deadlines fall between the year before it and the
/// year after ("chậm nhất ngày 31/12/2025" in a plan for 2026: done
/// before it starts). A date's year read outside those and one digit off
/// the plan's year ("2028" for 2026: a fax's 6 and 8 look alike) is the
/// plan's year; a cited document's date and number keep theirs. Only
/// deadlines OCR read (`true` beside them) are mended, and parsed again.
pub fn within_plan_year<'a>(
    deadlines: impl IntoIterator<Item = (&'a mut Deadline, bool)>,
    plan: i32,
    doc_year: Option<i32>,
) {
    for (d, ocr) in deadlines {
        let Some(text) = d.text.as_deref().filter(|_| ocr) else {
            continue;
        };
        let mended = plan_years(text, plan);
        if mended != text {
            *d = parse(&mended, doc_year);
        }
    }
}

/// `text` with its dates' misread years set to `plan` (see
/// [`within_plan_year`]): a year after "năm" or after a day, month or
/// quarter and a slash ("11/2028", "Quý I/2028"), not followed by a
/// document number's slash ("52/2015/NĐ-CP"). The year's slot holds what
/// OCR made of four digits: one of them changed ("2028", "202E"), one
/// lost ("026") or a speck read as one more ("20265").
fn plan_years(text: &str, plan: i32) -> String {
    static DATE_YEAR: OnceLock<Regex> = OnceLock::new();
    let plan_s = plan.to_string();
    re(
        &DATE_YEAR,
        r"(?i)(\bnăm\s+|\b(?:\d{1,2}|[IVX]{1,4})\s*[/.-]\s*)(\d{3,5}|\d{3}[A-Za-z])\b(\s*/\s*\w)?",
    )
    .replace_all(text, |c: &regex::Captures| {
        let y = &c[2];
        let read: Option<i32> = y.parse().ok();
        // The date's own day and month set aside, what comes before it
        // says whose date it is.
        let start = c.get(0).map_or(0, |m| m.start());
        let head =
            text[..start].trim_end_matches(|ch: char| ch.is_ascii_digit() || "/.- ".contains(ch));
        let cited = c.get(3).is_some() || cites_document(&fold_ocr(head));
        let year = y.len() == 4 && read.is_some_and(|r| (plan - 1..=plan + 1).contains(&r));
        match one_edit_off(y, &plan_s) && !year && !cited {
            true => format!("{}{plan_s}", &c[1]),
            false => c[0].to_string(),
        }
    })
    .into_owned()
}

type Parsed = (DeadlineKind, Option<Ymd>, Option<Ymd>);

/// A folded deadline phrase and what every wording's rule reads of it.
struct Phrase<'a> {
    f: &'a str,
    /// The last year the phrase names.
    named_year: Option<i32>,
    /// The year a date without one is in: named, or the document's.
    yr: Option<i32>,
    /// Full dates with their byte offsets.
    dates: Vec<(usize, Ymd)>,
    recurring: bool,
}

/// What a rule makes of a phrase: `None` when its wording is not there
/// (the next rule is tried), `Some(None)` when it is there but says
/// nothing trustworthy (a range that ends before it starts).
type Rule = fn(&Phrase) -> Option<Option<Parsed>>;

/// The kind and dates of a folded deadline phrase `f`: its wordings' rules
/// tried in order, the first that is there decides.
fn classify(f: &str, doc_year: Option<i32>) -> Option<Parsed> {
    let named_year = {
        static Y: OnceLock<Regex> = OnceLock::new();
        re(&Y, r"\b(19\d\d|2[01]\d\d)\b")
            .captures_iter(f)
            .filter_map(|c| year(&c[1]))
            .last()
    };
    let yr = named_year.or(doc_year.filter(|_| !relative_year(f)));
    let phrase = Phrase {
        f,
        named_year,
        yr,
        dates: full_dates(f, yr),
        recurring: re_recurring().is_match(f),
    };
    const RULES: [Rule; 10] = [
        by_date,
        date_range,
        month_range,
        from_date,
        one_date,
        quarter,
        half_year,
        recurring,
        month,
        whole_year,
    ];
    RULES.iter().find_map(|rule| rule(&phrase)).flatten()
}

fn re_recurring() -> &'static Regex {
    static RECUR: OnceLock<Regex> = OnceLock::new();
    re(&RECUR, RECURRING)
}

/// Due by a date: "trước ngày", "chậm nhất", "hoàn thành trước", "hạn".
fn by_date(p: &Phrase) -> Option<Option<Parsed>> {
    static BY: OnceLock<Regex> = OnceLock::new();
    static BEFORE_MONTH: OnceLock<Regex> = OnceLock::new();
    static WITHIN_MONTH: OnceLock<Regex> = OnceLock::new();
    let m = re(&BY, r"(truoc|cham nhat|han chot|khong qua|hoan thanh)\b").find(p.f)?;
    if let Some(&(_, d)) = p.dates.iter().find(|(at, _)| *at >= m.start()) {
        return Some(Some((DeadlineKind::ByDate, None, Some(d))));
    }
    // "trước tháng 6/2026": due by the end of the month before.
    let bm = re(
        &BEFORE_MONTH,
        r"(?:truoc|cham nhat)\s+(?:ngay\s+)?thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?",
    );
    if let Some(c) = bm.captures(p.f) {
        let y = c.get(2).and_then(|y| year(y.as_str())).or(p.yr);
        if let (Some(y), Ok(m)) = (y, c[1].parse::<u32>()) {
            let (y, m) = if m <= 1 { (y - 1, 12) } else { (y, m - 1) };
            return Some(Some((DeadlineKind::ByDate, None, month_end(y, m))));
        }
    }
    // "chậm nhất trong tháng 9/2026": due by the end of that month; a
    // month of every year ("trong tháng 9 hằng năm") recurs instead.
    let wm = re(
        &WITHIN_MONTH,
        r"cham nhat\s+(?:la\s+)?trong\s+thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?",
    );
    let c = wm.captures(p.f)?;
    let named = c.get(2).and_then(|y| year(y.as_str()));
    let y = named.or(p.yr.filter(|_| !p.recurring));
    match (y, c[1].parse::<u32>()) {
        (Some(y), Ok(m)) => Some(Some((DeadlineKind::ByDate, None, month_end(y, m)))),
        _ => None,
    }
}

/// "Từ ngày 01/4/2026 đến ngày 30/4/2026".
fn date_range(p: &Phrase) -> Option<Option<Parsed>> {
    if !(p.f.contains("tu ") && p.f.contains("den") && p.dates.len() >= 2) {
        return None;
    }
    let (s, e) = (p.dates[0].1, p.dates[p.dates.len() - 1].1);
    // A range that ends before it starts is a misprint or misread:
    // nothing trustworthy can be said of it.
    Some((s <= e).then_some((DeadlineKind::DateRange, Some(s), Some(e))))
}

/// "Từ tháng 4 đến tháng 11/2026", "từ tháng 05 đến tháng 11 năm 2026".
fn month_range(p: &Phrase) -> Option<Option<Parsed>> {
    static RANGE_MONTHS: OnceLock<Regex> = OnceLock::new();
    let rm = re(
        &RANGE_MONTHS,
        r"(?:tu\s+)?thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?\s*(?:den|-|–)\s*(?:het\s+)?thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?",
    );
    let c = rm.captures(p.f)?;
    let named = |i| c.get(i).and_then(|y| year(y.as_str()));
    let (Ok(m1), Ok(m2)) = (c[1].parse::<u32>(), c[3].parse::<u32>()) else {
        return None;
    };
    // A range that runs backwards within a year crosses into the
    // next: "từ tháng 10 đến tháng 3/2027" starts in 2026.
    let wraps = i32::from(m2 < m1);
    let (y1, y2) = match (named(2), named(4)) {
        (Some(a), Some(b)) => Some((a, b)),
        (Some(a), None) => Some((a, a + wraps)),
        (None, Some(b)) => Some((b - wraps, b)),
        (None, None) => p.yr.map(|y| (y, y + wraps)),
    }?;
    let (s, e) = (date(y1, m1, 1)?, month_end(y2, m2)?);
    Some((s <= e).then_some((DeadlineKind::DateRange, Some(s), Some(e))))
}

/// "Từ ngày 15/03/2026": an open-ended range; "Bắt đầu thực hiện từ năm
/// 2026", "từ năm 2026 đến năm 2030".
fn from_date(p: &Phrase) -> Option<Option<Parsed>> {
    static FROM: OnceLock<Regex> = OnceLock::new();
    static FROM_YEAR: OnceLock<Regex> = OnceLock::new();
    if !re(&FROM, r"\b(tu|bat dau)\b").is_match(p.f) {
        return None;
    }
    if let Some(&(_, d)) = p.dates.first() {
        return Some(Some((DeadlineKind::DateRange, Some(d), None)));
    }
    let fy = re(
        &FROM_YEAR,
        r"\btu\s+nam\s+(\d{4})(?:\s*(?:den|-|–)\s*(?:het\s+)?(?:nam\s+)?(\d{4}))?",
    );
    let c = fy.captures(p.f)?;
    let start = year(&c[1]).and_then(|y| date(y, 1, 1));
    let end = c
        .get(2)
        .and_then(|y| year(y.as_str()))
        .and_then(|y| date(y, 12, 31));
    let ordered = start.is_some() && end.is_none_or(|e| start.is_some_and(|s| s <= e));
    ordered.then_some(Some((DeadlineKind::DateRange, start, end)))
}

/// A single date and no recurring wording: due by it.
fn one_date(p: &Phrase) -> Option<Option<Parsed>> {
    match p.dates[..] {
        [(_, d)] if !p.recurring => Some(Some((DeadlineKind::ByDate, None, Some(d)))),
        _ => None,
    }
}

/// Quarter: "Quý II năm 2026", "quý 2/2026".
fn quarter(p: &Phrase) -> Option<Option<Parsed>> {
    static QUARTER: OnceLock<Regex> = OnceLock::new();
    let c = re(
        &QUARTER,
        r"\bquy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(\d{4}))?",
    )
    .captures(p.f)?;
    let y = c.get(2).and_then(|y| year(y.as_str())).or(p.yr)?;
    let q = roman(&c[1])?;
    if p.recurring {
        return None;
    }
    let m1 = 3 * q - 2;
    Some(Some((
        DeadlineKind::Period,
        date(y, m1, 1),
        month_end(y, m1 + 2),
    )))
}

/// Half year: "6 tháng đầu năm 2026", "6 tháng cuối năm".
fn half_year(p: &Phrase) -> Option<Option<Parsed>> {
    static HALF: OnceLock<Regex> = OnceLock::new();
    let c = re(&HALF, r"6\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?").captures(p.f)?;
    let y = c.get(2).and_then(|y| year(y.as_str())).or(p.yr)?;
    let (a, b) = if &c[1] == "dau" { (1, 6) } else { (7, 12) };
    Some(Some((DeadlineKind::Period, date(y, a, 1), month_end(y, b))))
}

/// "Thường xuyên", "hằng năm": recurring, until the end of a year named.
fn recurring(p: &Phrase) -> Option<Option<Parsed>> {
    let end = p.named_year.and_then(|y| date(y, 12, 31));
    p.recurring
        .then_some(Some((DeadlineKind::Recurring, None, end)))
}

/// Month: "Tháng 6/2026", "tháng 6 năm 2026".
fn month(p: &Phrase) -> Option<Option<Parsed>> {
    static MONTH: OnceLock<Regex> = OnceLock::new();
    let c = re(&MONTH, r"\bthang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})").captures(p.f)?;
    let (y, m) = (year(&c[2])?, c[1].parse().ok()?);
    let (s, e) = (date(y, m, 1)?, month_end(y, m)?);
    Some(Some((DeadlineKind::Period, Some(s), Some(e))))
}

/// Year: "Năm 2026", "trong năm 2026".
fn whole_year(p: &Phrase) -> Option<Option<Parsed>> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let c = re(&YEAR, r"\bnam\s+(\d{4})\b").captures(p.f)?;
    let y = year(&c[1])?;
    Some(Some((DeadlineKind::Period, date(y, 1, 1), date(y, 12, 31))))
}

/// Recurring wordings: "thường xuyên", "hằng/hàng năm|quý|tháng|tuần",
/// "định kỳ", "liên tục".
const RECURRING: &str = r"thuong xuyen|\bh[aă]ng\s+(nam|quy|thang|tuan|ngay)|dinh ky|lien tuc";

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;

    #[test]
    fn every_wording_of_the_contract() {
        let y = Some(2026);
        for (text, kind, start, end) in [
            ("Thường xuyên", Recurring, None, None),
            ("Hằng năm", Recurring, None, None),
            ("Hàng quý", Recurring, None, None),
            (
                "Thường xuyên trong năm 2026",
                Recurring,
                None,
                Some("2026-12-31"),
            ),
            (
                "Thường xuyên trong năm 2026; trước ngày 30/5/2026",
                ByDate,
                None,
                Some("2026-05-30"),
            ),
            ("Trước ngày 30/5/2026", ByDate, None, Some("2026-05-30")),
            (
                "chậm nhất ngày 01/09/2026",
                ByDate,
                None,
                Some("2026-09-01"),
            ),
            (
                "Báo cáo năm chậm nhất ngày 01/09/2026",
                ByDate,
                None,
                Some("2026-09-01"),
            ),
            ("Trước ngày 15/11/2026", ByDate, None, Some("2026-11-15")),
            ("trước ngày 30/6", ByDate, None, Some("2026-06-30")),
            ("Trước tháng 6/2026", ByDate, None, Some("2026-05-31")),
            // Word plans (Lâm Đồng, Lào Cai): dates of cited documents and
            // dates relative to an unnamed year are no deadline.
            (
                "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ",
                Unknown,
                None,
                None,
            ),
            (
                "Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025",
                Unknown,
                None,
                None,
            ),
            ("Trước ngày 31/01 năm liền kề", Unknown, None, None),
            ("Trước ngày 05 của tháng liền kề", Unknown, None, None),
            (
                "Ban hành kế hoạch chậm nhất là ngày 31/12 năm trước liền kề",
                Unknown,
                None,
                None,
            ),
            (
                "Báo cáo kết quả chậm nhất trong tháng 9/2026",
                ByDate,
                None,
                Some("2026-09-30"),
            ),
            (
                "Báo cáo kết quả chậm nhất trong tháng 9 hằng năm",
                Recurring,
                None,
                None,
            ),
            (
                "Bắt đầu thực hiện từ năm 2026",
                DateRange,
                Some("2026-01-01"),
                None,
            ),
            (
                "Từ năm 2026 đến năm 2030",
                DateRange,
                Some("2026-01-01"),
                Some("2030-12-31"),
            ),
            (
                "Từ tháng 4 đến tháng 11/2026",
                DateRange,
                Some("2026-04-01"),
                Some("2026-11-30"),
            ),
            (
                "Bắt đầu từ tháng 4 đến tháng 11/2026",
                DateRange,
                Some("2026-04-01"),
                Some("2026-11-30"),
            ),
            (
                "Từ tháng 05 đến tháng 11 năm 2026",
                DateRange,
                Some("2026-05-01"),
                Some("2026-11-30"),
            ),
            (
                "Từ ngày 01/4/2026 đến ngày 30/4/2026",
                DateRange,
                Some("2026-04-01"),
                Some("2026-04-30"),
            ),
            ("Từ ngày 15/03/2026", DateRange, Some("2026-03-15"), None),
            // Ranges that cross the new year (a fuzzer found the backwards one).
            (
                "Từ tháng 10 đến tháng 3/2027",
                DateRange,
                Some("2026-10-01"),
                Some("2027-03-31"),
            ),
            (
                "Từ tháng 11/2026 đến tháng 2",
                DateRange,
                Some("2026-11-01"),
                Some("2027-02-28"),
            ),
            (
                "Từ tháng 4 đến tháng 1",
                DateRange,
                Some("2026-04-01"),
                Some("2027-01-31"),
            ),
            ("Từ tháng 4/2027 đến tháng 1/2026", Unknown, None, None),
            ("Từ ngày 30/4/2026 đến ngày 01/4/2026", Unknown, None, None),
            (
                "Quý II năm 2026",
                Period,
                Some("2026-04-01"),
                Some("2026-06-30"),
            ),
            (
                "Quý IV/2026",
                Period,
                Some("2026-10-01"),
                Some("2026-12-31"),
            ),
            (
                "quý 1 năm 2027",
                Period,
                Some("2027-01-01"),
                Some("2027-03-31"),
            ),
            ("Năm 2026", Period, Some("2026-01-01"), Some("2026-12-31")),
            (
                "Tháng 6/2026",
                Period,
                Some("2026-06-01"),
                Some("2026-06-30"),
            ),
            (
                "Tháng 02 năm 2028",
                Period,
                Some("2028-02-01"),
                Some("2028-02-29"),
            ),
            (
                "6 tháng đầu năm 2026",
                Period,
                Some("2026-01-01"),
                Some("2026-06-30"),
            ),
            (
                "6 tháng cuối năm 2026",
                Period,
                Some("2026-07-01"),
                Some("2026-12-31"),
            ),
            ("Ngày 20/10/2026", ByDate, None, Some("2026-10-20")),
            ("Theo lộ trình của Nghị quyết", Unknown, None, None),
            ("Khi có yêu cầu", Unknown, None, None),
            // Impossible dates are not invented.
            ("Trước ngày 31/02/2026", Unknown, None, None),
        ] {
            let d = parse(text, y);
            assert_eq!(
                (d.kind, d.start.as_deref(), d.end.as_deref()),
                (kind, start, end),
                "{text}"
            );
            assert_eq!(d.text.as_deref(), Some(text));
        }
    }

    #[test]
    fn unrepaired_ocr_parses_and_its_unit_words_are_written_table() {
        // Tesseract `eng`: the grammar matches folded text; a unit word
        // before its number is written as the unit, the rest left to repair.
        for (read, text, kind, start, end) in [
            ("Thuong xuyén", "Thuong xuyén", Recurring, None, None),
            (
                "Trudc ngay 30/5/2026",
                "Trudc ngày 30/5/2026",
                ByDate,
                None,
                Some("2026-05-30"),
            ),
            (
                "Quy II nam 2026",
                "Quý II năm 2026",
                Period,
                Some("2026-04-01"),
                Some("2026-06-30"),
            ),
        ] {
            let d = parse(read, Some(2026));
            assert_eq!(d.text.as_deref(), Some(text), "{read}");
            assert_eq!(
                (d.kind, d.start.as_deref(), d.end.as_deref()),
                (kind, start, end),
                "{read}"
            );
        }
    }

    #[test]
    fn misread_quarter_numerals_are_written_as_printed() {
        for (read, printed, start) in [
            ("Quý LII năm 2026", "Quý III năm 2026", Some("2026-07-01")),
            ("Quý lV/2026", "Quý IV/2026", Some("2026-10-01")),
            ("Quý [V/2026", "Quý IV/2026", Some("2026-10-01")),
            ("Quý I]I năm 2026", "Quý III năm 2026", Some("2026-07-01")),
            ("quý 11 năm 2026", "quý II năm 2026", Some("2026-04-01")),
            ("Quý 1 năm 2026", "Quý 1 năm 2026", Some("2026-01-01")),
            ("Quý LL năm 2026", "Quý II năm 2026", Some("2026-04-01")),
            ("Quý Iii/2026", "Quý III/2026", Some("2026-07-01")),
            ("Quý !/2026", "Quý I/2026", Some("2026-01-01")),
            // The slash read as a letter or doubled; an I read as a slash.
            ("Quý IIz2026", "Quý II/2026", Some("2026-04-01")),
            ("Quý I//2026", "Quý I/2026", Some("2026-01-01")),
            ("Quý //2026", "Quý I/2026", Some("2026-01-01")),
            ("Quý lVz2026", "Quý IV/2026", Some("2026-10-01")),
            // Not a quarter numeral however read: left as read, and
            // only the year is understood.
            ("Quý VL năm 2026", "Quý VL năm 2026", Some("2026-01-01")),
            ("Quý 1111 năm 2026", "Quý 1111 năm 2026", Some("2026-01-01")),
        ] {
            let d = parse(read, None);
            assert_eq!(d.text.as_deref(), Some(printed), "{read}");
            assert_eq!(d.start.as_deref(), start, "{read}");
        }
    }

    #[test]
    fn specks_in_a_date_phrase_are_dropped() {
        for (read, printed, end) in [
            (
                "Trước tháng - 5/2026",
                "Trước tháng 5/2026",
                Some("2026-04-30"),
            ),
            (
                "Trước tháng .9/2026",
                "Trước tháng 9/2026",
                Some("2026-08-31"),
            ),
            ("Tháng “10/2026", "Tháng 10/2026", Some("2026-10-31")),
            (
                "Trước ngày 10-tháng 8 năm 2026",
                "Trước ngày 10 tháng 8 năm 2026",
                Some("2026-08-10"),
            ),
            (
                "6tháng đầu năm 2026",
                "6 tháng đầu năm 2026",
                Some("2026-06-30"),
            ),
            (
                "Từ ngày 01/06/2026 đến: ngày 20/09/2026",
                "Từ ngày 01/06/2026 đến ngày 20/09/2026",
                Some("2026-09-20"),
            ),
            (
                "Từ ngày. 1/1/2026 đến ngày 7/8/2026",
                "Từ ngày 1/1/2026 đến ngày 7/8/2026",
                Some("2026-08-07"),
            ),
            (
                "Từ ngày 01/03/2026 đến ngày 2/7I2026",
                "Từ ngày 01/03/2026 đến ngày 2/7/2026",
                Some("2026-07-02"),
            ),
            (
                "Trước ngày †0 tháng 11 năm 2026",
                "Trước ngày 10 tháng 11 năm 2026",
                Some("2026-11-10"),
            ),
            (
                "Từ tháng I đến tháng 11/2026",
                "Từ tháng 1 đến tháng 11/2026",
                Some("2026-11-30"),
            ),
            ("Năm 2026-", "Năm 2026", Some("2026-12-31")),
            (
                "_6 tháng đầu năm 2026",
                "6 tháng đầu năm 2026",
                Some("2026-06-30"),
            ),
            ("-Tháng 12/2026", "Tháng 12/2026", Some("2026-12-31")),
            (
                ".6 tháng cuối năm 2026",
                "6 tháng cuối năm 2026",
                Some("2026-12-31"),
            ),
            (
                "Tháng 10 - năm 2026",
                "Tháng 10 năm 2026",
                Some("2026-10-31"),
            ),
            ("Quý II. năm 2026", "Quý II năm 2026", Some("2026-06-30")),
            (
                "Từ ngày 01/04/2026 đến ngày 2712/2026",
                "Từ ngày 01/04/2026 đến ngày 27/12/2026",
                Some("2026-12-27"),
            ),
            ("Trước ngày 3113/2026", "Trước ngày 3113/2026", None),
            (
                "- Trước tháng 11/2026",
                "Trước tháng 11/2026",
                Some("2026-10-31"),
            ),
            ("Hàng quy", "Hàng quý", None),
            (
                "Hằng thang năm 2026",
                "Hằng tháng năm 2026",
                Some("2026-12-31"),
            ),
            ("Hàng hóa", "Hàng hóa", None),
            // Dev plans as fax: a comma, a stop before a quarter's numeral,
            // a doubled slash, a mark inside a recurrence.
            (
                "Trước ngày 12 tháng 3 năm, 2026",
                "Trước ngày 12 tháng 3 năm 2026",
                Some("2026-03-12"),
            ),
            ("Quý. I//2026", "Quý I/2026", Some("2026-03-31")),
            ("Quý. II/2026", "Quý II/2026", Some("2026-06-30")),
            ("Hằng - tháng", "Hằng tháng", None),
            ("Hàng, năm", "Hàng năm", None),
            // A unit word read with a wrong mark or letter of like shape.
            (
                "Trước thắng 6/2026",
                "Trước tháng 6/2026",
                Some("2026-05-31"),
            ),
            ("Thúng 6/2026", "Tháng 6/2026", Some("2026-06-30")),
            ("Quý IV măm 2026", "Quý IV năm 2026", Some("2026-12-31")),
            (
                "6 tháng cuối nấm 2026",
                "6 tháng cuối năm 2026",
                Some("2026-12-31"),
            ),
            ("Quy iv năm 2026", "Quý IV năm 2026", Some("2026-12-31")),
            (
                "Trước ngáy 30/6/2026",
                "Trước ngày 30/6/2026",
                Some("2026-06-30"),
            ),
            // Not before the number its unit takes, or a name: as read.
            ("Thắng 13 trận", "Thắng 13 trận", None),
            (
                "Hội nghị Việt Nam 2026",
                "Hội nghị Việt Nam 2026",
                Some("2026-12-31"),
            ),
            ("Trong 6 tháng", "Trong 6 tháng", None),
            // Marks the grammar has a place for stay: a range's dash
            // between numbers, the parts of a cell, a quoted name.
            (
                "Từ tháng 4 - tháng 6/2026",
                "Từ tháng 4 - tháng 6/2026",
                Some("2026-06-30"),
            ),
            (
                "Năm 2026; Quý I/2027",
                "Năm 2026; Quý I/2027",
                Some("2027-03-31"),
            ),
            (
                "Theo Kế hoạch “Sáng kiến”",
                "Theo Kế hoạch “Sáng kiến”",
                None,
            ),
        ] {
            let d = parse(read, None);
            assert_eq!(d.text.as_deref(), Some(printed), "{read}");
            assert_eq!(d.end.as_deref(), end, "{read}");
        }
    }

    #[test]
    fn a_quarter_read_as_1_is_roman_unless_the_document_writes_arabic_table() {
        // (the document's deadlines as read, whether OCR read each) → texts after
        type Case<'a> = (&'a [(&'a str, bool)], &'a [&'a str]);
        let cases: [Case; 4] = [
            (
                &[("Quý 1/2026", true), ("Quý III/2026", true)],
                &["Quý I/2026", "Quý III/2026"],
            ),
            (
                &[("Quý 1 năm 2026; quý 1/2027", true)],
                &["Quý I năm 2026; quý I/2027"],
            ),
            // A text layer is what was typed.
            (&[("Quý 1/2026", false)], &["Quý 1/2026"]),
            // A document that writes "Quý 2" writes its quarters in figures.
            (
                &[("Quý 1/2026", true), ("Quý 2/2026", false)],
                &["Quý 1/2026", "Quý 2/2026"],
            ),
        ];
        for (read, want) in cases {
            let mut ds: Vec<(Deadline, bool)> =
                read.iter().map(|(t, ocr)| (parse(t, None), *ocr)).collect();
            roman_quarters(ds.iter_mut().map(|(d, ocr)| (d, *ocr)));
            let got: Vec<&str> = ds.iter().filter_map(|(d, _)| d.text.as_deref()).collect();
            assert_eq!(got, want, "{read:?}");
        }
    }

    #[test]
    fn years_no_plan_names_are_misread_digits() {
        for (read, y, printed) in [
            (
                "Trước ngày 9 tháng 12 năm 2926",
                Some(2026),
                "Trước ngày 9 tháng 12 năm 2026",
            ),
            ("Năm 2O26", Some(2026), "Năm 2O26"),
            ("Trước ngày 30/6/2028", Some(2026), "Trước ngày 30/6/2028"),
            ("Giai đoạn 2026-2045", Some(2026), "Giai đoạn 2026-2045"),
            // No year to judge by, or more than one year a digit away.
            ("Năm 2926", None, "Năm 2926"),
            ("Năm 2090", Some(2026), "Năm 2090"),
        ] {
            assert_eq!(parse(read, y).text.as_deref(), Some(printed), "{read}");
        }
    }

    #[test]
    fn an_annual_plan_is_for_the_year_its_title_names() {
        for (title, issued, want) in [
            (
                "Cải cách hành chính năm 2026 của Sở Tư pháp",
                "2026-01-08",
                Some((2026, 2026)),
            ),
            (
                "Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng",
                "2025-12",
                Some((2026, 2026)),
            ),
            // Read one digit off: the year of issue, or the next from October.
            (
                "Phổ biến, giáo dục pháp luật năm 2028",
                "2026-01-22",
                Some((2026, 2028)),
            ),
            (
                "Công tác văn thư năm 2025",
                "2026-11-02",
                Some((2027, 2025)),
            ),
            (
                "Công tác văn thư năm 2025",
                "2026-03-02",
                Some((2026, 2025)),
            ),
            (
                "Công tác văn thư năm 2028",
                "2027-11-02",
                Some((2028, 2028)),
            ),
            // Periods, ends of periods, cited dates, years far off: no plan year.
            (
                "Cải cách hành chính nhà nước giai đoạn 2026 - 2030",
                "2026-03",
                None,
            ),
            (
                "Chương trình phòng, chống ma tuý đến năm 2030",
                "2025-10-02",
                None,
            ),
            (
                "Thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 năm 2026",
                "2026-02-01",
                None,
            ),
            ("Công tác văn thư năm 2031", "2026-01-22", None),
            ("Công tác văn thư", "2026-01-22", None),
        ] {
            let got = plan_year(title, issued, |_| 0).map(|p| (p.plan, p.title));
            assert_eq!(got, want, "{title}");
        }
        // Title and date one digit apart: the year the text reads more
        // often is right, in the date too.
        let text = [
            "ngày 24 tháng 01 năm 2028",
            "năm 2026",
            "Quý I/2026",
            "2026",
        ];
        let read = years_read(text);
        for (title, issued, want) in [
            (
                "Chuyển đổi số năm 2026",
                "2028-01-24",
                Some((2026, 2026, 2026)),
            ),
            (
                "Chuyển đổi số năm 2028",
                "2026-01-24",
                Some((2026, 2028, 2026)),
            ),
            // A plan for the next year, issued late in this one.
            (
                "Chuyển đổi số năm 2027",
                "2026-11-24",
                Some((2027, 2027, 2026)),
            ),
        ] {
            let got = plan_year(title, issued, |y| read.get(&y).copied().unwrap_or(0))
                .map(|p| (p.plan, p.title, p.issued));
            assert_eq!(got, want, "{title} / {issued}");
        }
    }

    #[test]
    fn deadline_years_of_an_annual_plan_read_one_digit_off_are_its_year() {
        for (read, ocr, printed, end) in [
            (
                "Trước tháng 8/2028",
                true,
                "Trước tháng 8/2026",
                Some("2026-07-31"),
            ),
            (
                "Trước ngày 2/10/2028",
                true,
                "Trước ngày 2/10/2026",
                Some("2026-10-02"),
            ),
            ("Quý I/2028", true, "Quý I/2026", Some("2026-03-31")),
            // A digit lost, a speck read as one more, a digit read as a letter.
            (
                "Thường xuyên trong năm 026",
                true,
                "Thường xuyên trong năm 2026",
                Some("2026-12-31"),
            ),
            (
                "6 tháng cuối năm 20265",
                true,
                "6 tháng cuối năm 2026",
                Some("2026-12-31"),
            ),
            (
                "trước ngày 17/10/202E",
                true,
                "trước ngày 17/10/2026",
                Some("2026-10-17"),
            ),
            (
                "Tháng 5 năm 2029",
                true,
                "Tháng 5 năm 2026",
                Some("2026-05-31"),
            ),
            // The year before and after are a plan's own; a text layer is
            // read as printed; cited documents keep their dates and numbers.
            (
                "chậm nhất là ngày 31/12/2025",
                true,
                "chậm nhất là ngày 31/12/2025",
                Some("2025-12-31"),
            ),
            ("Quý I/2027", true, "Quý I/2027", Some("2027-03-31")),
            (
                "Trước tháng 8/2028",
                false,
                "Trước tháng 8/2028",
                Some("2028-07-31"),
            ),
            (
                "Theo Quyết định số 1441/QĐ-UBND ngày 25/9/2024 của UBND tỉnh",
                true,
                "Theo Quyết định số 1441/QĐ-UBND ngày 25/9/2024 của UBND tỉnh",
                None,
            ),
            (
                "Theo Nghị định 123/2024/NĐ-CP",
                true,
                "Theo Nghị định 123/2024/NĐ-CP",
                None,
            ),
        ] {
            let mut d = parse(read, Some(2026));
            within_plan_year([(&mut d, ocr)], 2026, Some(2026));
            assert_eq!(
                (d.text.as_deref(), d.end.as_deref()),
                (Some(printed), end),
                "{read}"
            );
        }
    }

    #[test]
    fn a_date_figure_split_in_two_joins() {
        for (read, printed) in [
            (
                "Từ ngày 01/05/2026 đến ngày 6/1 1/2026",
                "Từ ngày 01/05/2026 đến ngày 6/11/2026",
            ),
            ("Trước ngày 1 4/10/2026", "Trước ngày 14/10/2026"),
            // Not a day or month once joined: left as read.
            ("Trước ngày 6/2 1/2026", "Trước ngày 6/2 1/2026"),
            ("Trước ngày 4 5/10/2026", "Trước ngày 4 5/10/2026"),
        ] {
            assert_eq!(
                parse(read, Some(2026)).text.as_deref(),
                Some(printed),
                "{read}"
            );
        }
    }

    #[test]
    fn empty_cell_is_unknown_with_null_text() {
        let d = parse("   ", None);
        assert_eq!(
            (d.kind, d.text, d.start, d.end),
            (Unknown, None, None, None)
        );
    }
}
