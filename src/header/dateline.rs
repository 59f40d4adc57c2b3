//! The place/date line of a header, read by its grammar (Nghị định
//! 30/2020/NĐ-CP): "<Place>, ngày dd tháng mm năm yyyy". A line in, the
//! place and the ISO date (or the part of it that is filled in) out.
//!
//! A cited document's date ("Nghị định số 105/2021/NĐ-CP ngày 04 tháng 12
//! năm 2021", "Căn cứ …", "Thực hiện …") is not a date line: what stands
//! before "ngày" must be a place name (a few capitalised words, no digits,
//! no words of a citation). A blank day gives "YYYY-MM", blank day and
//! month "YYYY"; a day that is there but unreadable (a handwritten mark
//! OCR turns into "ˆ") is blank, not guessed.

use std::sync::OnceLock;

use regex::Regex;

use super::{number_line, orig_prefix, strip_number, trim_debris};
use crate::text::{clean, fold_ocr, regex as re};

/// A place/date line's content.
#[derive(Debug, Clone, PartialEq)]
pub struct DateLine {
    pub place: Option<String>,
    pub issued_on: Option<String>,
}

/// Where a date line's "ngày" starts, and its day, month and year as read.
type DateMatch = (usize, Option<u32>, Option<u32>, Option<i32>);

/// "ngày … tháng … năm yyyy" on folded text. Day and month are slots of a
/// few characters: a number (typed glyph by glyph, "0 4", by a signing
/// tool) is read; anything else in them — blank, or handwriting OCR turned
/// into marks ("4#4", "(2", "ˆ", "QQ") — is blank, not guessed. The year
/// may be unreadable ("202%"): the line is still a date line and names
/// its place. Of the matches ending at the same place, the one that
/// starts last: "Quảng Ngãi, ngaỳa tháng" starts at "ngaỳa", not at "Ngãi".
fn date_match(folded: &str) -> Option<DateMatch> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?:^|[,.\s])\s*ng[a-z]{1,2}y?(.{0,12}?)th[a-z]{2,3}(.{0,12}?)(?:n[a-z]{1,2}m?|[a-z]{1,2}m)\D{0,4}?(\d{4}|(?:19|20)\S{1,2})",
    );
    let mut c = r.captures(folded)?;
    let end = c.get(0)?.end();
    loop {
        let start = c.get(0)?.start();
        let next = start + folded[start..].chars().next()?.len_utf8();
        match r.captures_at(folded, next) {
            Some(n) if n.get(0)?.end() == end => c = n,
            _ => break,
        }
    }
    let num = |i: usize| slot_number(c.get(i)?.as_str());
    Some((c.get(0)?.start(), num(1), num(2), c[3].parse().ok()))
}

/// A day or month slot's number: digits and spaces only ("24", "0 4",
/// "02 0" where a speck was read as a digit after it), a speck read as a
/// stop or dash at either end set aside ("03-năm", "24. tháng"); a slot
/// holding any other mark is handwriting OCR did not read.
fn slot_number(slot: &str) -> Option<u32> {
    let t = slot
        .trim()
        .trim_matches(|c: char| SPECKS.contains(c))
        .trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == ' ') {
        return None;
    }
    let joined: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = if joined.len() <= 2 {
        joined
    } else {
        t.split(' ').next()?.to_string()
    };
    (digits.len() <= 2).then(|| digits.parse().ok())?
}

/// Marks a speck of a scan reads as beside a printed number.
const SPECKS: &str = ".,-'`·";

/// The date as far as it is filled in; `None` for a month or year no
/// document has (an OCR slip such as 1013 for 2013).
fn iso(day: Option<u32>, month: Option<u32>, year: Option<i32>) -> Option<String> {
    let year = year?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Some(match month {
        None => format!("{year:04}"),
        Some(m) if !(1..=12).contains(&m) => return None,
        Some(m) => match day {
            Some(d) if valid_day(year, m, d) => format!("{year:04}-{m:02}-{d:02}"),
            _ => format!("{year:04}-{m:02}"),
        },
    })
}

fn valid_day(year: i32, month: u32, day: u32) -> bool {
    day >= 1 && day <= crate::deadline::days_in_month(year, month)
}

/// Words and phrases that only a citation puts before "ngày" (folded).
const CITATION_WORDS: &[&str] = &["so", "cua", "ve", "tai", "luat"];
const CITATION_PHRASES: &[&str] = &[
    "nghi dinh",
    "quyet dinh",
    "thong tu",
    "cong van",
    "ke hoach",
    "chi thi",
    "nghi quyet",
    "can cu",
    "thuc hien",
    "ban hanh",
    "kem theo",
    "huong dan",
];

/// A place name: one to five words, the first capitalised, no digits but
/// a numbered commune's last word ("Đam Rông 2") and no citation words
/// ("Lâm Đồng", "TP. Hồ Chí Minh", "Thị xã Sơn Tây").
fn is_place(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let folded: Vec<String> = fold_ocr(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let joined = format!(" {} ", folded.join(" "));
    let cited = folded.iter().any(|w| CITATION_WORDS.contains(&w.as_str()))
        || CITATION_PHRASES
            .iter()
            .any(|p| joined.contains(&format!(" {p} ")));
    (1..=5).contains(&words.len())
        && s.chars().next().is_some_and(char::is_uppercase)
        && words.iter().enumerate().all(|(k, w)| {
            let numeral = k > 0 && k + 1 == words.len() && w.len() <= 2;
            numeral && w.chars().all(|c| c.is_ascii_digit())
                || !w.contains(|c: char| c.is_ascii_digit())
        })
        && !cited
}

/// Read a place/date line. Plain-text OCR may hold the number on the same
/// line ("Số: 12/KH-X  Hải Phòng, ngày …") or the left column before a
/// wide gap; both are cut off the place.
pub fn read(text: &str) -> Option<DateLine> {
    let folded = fold_ocr(text);
    let (at, day, month, year) = date_match(&folded)?;
    let mut before = orig_prefix(text, &folded, at);
    if let Some(cut) = before.rfind("  ") {
        before = before[cut..].to_string();
    } else if number_line(&fold_ocr(&before)).is_some() {
        before = strip_number(&before).1;
    }
    // A speck read as a colon inside the name ("Thanh: Hóa").
    let place = clean(trim_debris(&before).replace([':', ';'], " ").as_str());
    if !is_place(&place) {
        return None;
    }
    let place = super::names::place(&place).map_or(place, str::to_string);
    Some(DateLine {
        place: Some(place),
        issued_on: iso(day, month, year),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_in_several_shapes() {
        for (line, want) in [
            (
                "Hải Phòng, ngày 03 tháng 3 năm 2026",
                Some(("Hải Phòng", Some("2026-03-03"))),
            ),
            // Specks read as a colon and as a digit.
            (
                "Thanh: Hóa, ngày 02 tháng 02 0 năm 2026",
                Some(("Thanh Hóa", Some("2026-02-02"))),
            ),
            (
                "Hải Phòng, ngày tháng 5 năm 2026",
                Some(("Hải Phòng", Some("2026-05"))),
            ),
            (
                "Hai Phong, ngay 03  thang 3 nam 2026",
                Some(("Hải Phòng", Some("2026-03-03"))),
            ),
            (
                "Bắc Ninh, ngày 31 tháng 02 năm 2026",
                Some(("Bắc Ninh", Some("2026-02"))),
            ),
            (
                "Lào Cai, ngày       tháng      năm 2026",
                Some(("Lào Cai", Some("2026"))),
            ),
            // A commune numbered after the 2025 reform.
            (
                "Đam Rông 2, ngày 06 tháng 03 năm 2026",
                Some(("Đam Rông 2", Some("2026-03-06"))),
            ),
            // A handwritten day OCR could not read is blank, not guessed.
            (
                "Lâm Đồng, ngày ˆ tháng 3 năm 2026",
                Some(("Lâm Đồng", Some("2026-03"))),
            ),
            // Specks beside printed numbers.
            (
                "Vân Đồn, ngày 23 tháng 03-năm 2026",
                Some(("Vân Đồn", Some("2026-03-23"))),
            ),
            (
                "Vân Đồn, ngày 23. tháng .03 năm 2026",
                Some(("Vân Đồn", Some("2026-03-23"))),
            ),
            (
                "Gia Lai, ngày 0 4 tháng 8 năm 2026",
                Some(("Gia Lai", Some("2026-08-04"))),
            ),
            // Handwritten day and month over the print: what is read of them.
            (
                "Hà Nội. ngày 44tháng Qăm 2026",
                Some(("Hà Nội", Some("2026"))),
            ),
            (
                "Hà Nội, ngày 7 tháng/2năm 2025",
                Some(("Hà Nội", Some("2025"))),
            ),
            (
                "Hà Nội, ngày(2 tháng 10 năm 2025",
                Some(("Hà Nội", Some("2025-10"))),
            ),
            (
                "Quảng Ngãi, ngaỳa tháng 02 năm 2025",
                Some(("Quảng Ngãi", Some("2025-02"))),
            ),
            (
                "Hdai Phong, ngay 10 thang 7 nam 2025",
                Some(("Hải Phòng", Some("2025-07-10"))),
            ),
            (
                "Xã Tân Hiệp, ngày 2 tháng 1 năm 2026",
                Some(("Xã Tân Hiệp", Some("2026-01-02"))),
            ),
            ("Hà Nội, ngày 05 tháng 01 năm 1013", Some(("Hà Nội", None))),
            (
                "Số: 12/KH-X  Hà Nội, ngày 5 tháng 1 năm 2026",
                Some(("Hà Nội", Some("2026-01-05"))),
            ),
            // Citations: a cited document's date is no issue date.
            (
                "Thực hiện Nghị định số 105/2021/NĐ-CP ngày 04 tháng 12 năm 2021 của",
                None,
            ),
            (
                "Căn cứ Luật Tổ chức chính quyền ngày 19 tháng 6 năm 2015;",
                None,
            ),
            (
                "Chính phủ; Quyết định số 7404 ngày 27 tháng 8 năm 2025 của",
                None,
            ),
            ("ngày 04 tháng 12 năm 2021 của Chính phủ", None),
            // Handwriting over day and month; a year the scan smudged.
            (
                "Hà Nội, ngày 4#4tháng QQnăm 2026",
                Some(("Hà Nội", Some("2026"))),
            ),
            ("Hà Nội, ngà) thang năm 202%", Some(("Hà Nội", None))),
            (
                "Huế, ngày 1 1 tháng 12 năm 2025",
                Some(("Huế", Some("2025-12-11"))),
            ),
            // Daily, monthly, yearly: no date line.
            ("Hằng ngày, hằng tháng, hằng năm", None),
        ] {
            let got = read(line);
            let got = got
                .as_ref()
                .map(|d| (d.place.as_deref().unwrap_or(""), d.issued_on.as_deref()));
            assert_eq!(got, want, "{line}");
        }
    }
}
