//! Document header parsing (part of the records stage): the laid-out lines
//! of a document in, its identity out — type, number, issuer, place and
//! date, title, signer.
//!
//! Vietnamese administrative documents follow one national template
//! (Nghị định 30/2020/NĐ-CP): issuing body top left, national motto top
//! right, "Số: …" under the issuer, "<place>, ngày … tháng … năm …" under
//! the motto, the type label and title centred below, the signature block
//! bottom right. Matching is done on folded text (marks stripped, OCR
//! look-alikes mapped) so that unrepaired OCR still parses; values are cut
//! from the original text.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::layout::TextLine;
use crate::text::{capitalize, clean, fold_ocr, is_upper};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    KeHoach,
    QuyetDinh,
    CongVan,
    BaoCao,
    Other,
}

/// The `document` object of the output contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentHeader {
    pub doc_type: DocType,
    pub type_label: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub parent_issuer: Option<String>,
    pub place: Option<String>,
    pub issued_on: Option<String>,
    pub title: Option<String>,
    pub signer: Option<String>,
}

use crate::text::regex as re;

/// National motto fragments (folded): "Cộng hòa xã hội chủ nghĩa Việt Nam",
/// "Độc lập - Tự do - Hạnh phúc", with OCR slack.
fn motto_at(folded: &str) -> Option<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"c[o0]ng h[o0]a x|chu ngh[i1]a v|d[oe0]c\s*[l1i][a4]p\b|t[uw]\s+do\s*-|h[a4]nh ph[u]c",
    )
    .find(folded)
    .map(|m| m.start())
}

/// "Số: 1168/KH-SGDĐT" (folded "so", OCR "s6", "sé"); captures the rest.
fn number_line(folded: &str) -> Option<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    // "." only before the number itself, so that "SỞ.GIÁO DỤC" (OCR) is not "Số."
    let c = re(&R, r"^[^\p{L}\p{N}]*s[o0e]\s*(?:[:;]|\.(\s*[\d/]))").captures(folded)?;
    Some(
        c.get(1)
            .map_or_else(|| c.get(0).map_or(0, |m| m.end()), |g| g.start()),
    )
}

/// "<place>, ngày 03 tháng 3 năm 2026" on folded text; day may be blank.
fn date_match(folded: &str) -> Option<(usize, Option<u32>, u32, i32)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let c = re(
        &R,
        r"(?:,|\s)\s*ng[a-z]{1,2}y?[\s.,-]*(\d{1,2})?[\s/.,-]*th[a-z]{2,3}[\s.,-]*(\d{1,2})[\s.,-]*n[a-z]{1,2}m?[\s.,-]*(\d{4})",
    )
    .captures(folded)?;
    let day = c.get(1).and_then(|d| d.as_str().parse().ok());
    let month = c[2].parse().ok()?;
    let year = c[3].parse().ok()?;
    Some((c.get(0)?.start(), day, month, year))
}

/// Original-text prefix corresponding to a byte offset in its fold (folding
/// maps one char to one char).
fn orig_prefix(orig: &str, folded: &str, byte: usize) -> String {
    let n = folded[..byte].chars().count();
    orig.chars().take(n).collect()
}
fn orig_suffix(orig: &str, folded: &str, byte: usize) -> String {
    let n = folded[..byte].chars().count();
    orig.chars().skip(n).collect()
}

/// Words that name an administrative area; what follows them is a proper
/// name ("thành phố Hải Phòng").
/// Folded, so that unrepaired OCR ("THANH PHO") matches too.
const PLACE_TYPES: &[&str] = &[
    "thanh pho",
    "tinh",
    "phuong",
    "xa",
    "quan",
    "huyen",
    "thi xa",
    "thi tran",
    "dac khu",
];
/// Kinds of body whose name's first word is capitalised ("Sở Tài chính").
const ORG_TYPES: &[&str] = &[
    "so",
    "bo",
    "cuc",
    "chi cuc",
    "tong cuc",
    "vu",
    "ban",
    "van phong",
    "trung tam",
    "phong",
    "vien",
    "truong",
    "dai",
    "bao",
];

/// Turn an upper-case unit name into its written form:
/// "UBND THÀNH PHỐ HẢI PHÒNG" → "UBND thành phố Hải Phòng",
/// "SỞ GIÁO DỤC VÀ ĐÀO TẠO" → "Sở Giáo dục và Đào tạo".
pub fn unit_case(upper: &str) -> String {
    if !is_upper(upper) {
        return clean(upper);
    }
    let words: Vec<&str> = upper.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let folded: Vec<String> = words.iter().map(|w| crate::text::fold(w)).collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut proper = false; // inside a place name
    let mut cap_next = true; // first word of the name
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let lw = &lower[i];
        let fw = &folded[i];
        let is_abbrev = is_abbreviation(w);
        let two = folded.get(i + 1).map(|n| format!("{fw} {n}"));
        let place_len = if PLACE_TYPES.contains(&fw.as_str()) {
            1
        } else if two.as_deref().is_some_and(|t| PLACE_TYPES.contains(&t)) {
            2
        } else {
            0
        };
        if is_abbrev {
            out.push(w.to_string());
        } else if proper {
            out.push(capitalize(w));
        } else if place_len > 0 {
            for k in 0..place_len {
                out.push(if i + k == 0 {
                    capitalize(words[0])
                } else {
                    lower[i + k].clone()
                });
            }
            i += place_len;
            proper = true;
            continue;
        } else if cap_next {
            out.push(capitalize(w));
            let org2 = two.as_deref().is_some_and(|t| ORG_TYPES.contains(&t));
            if org2 {
                out.push(lower[i + 1].clone());
                i += 2;
                cap_next = true;
                continue;
            }
            cap_next = ORG_TYPES.contains(&fw.as_str());
        } else {
            out.push(lw.clone());
            // "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch".
            if fw == "va" || w.ends_with(',') {
                cap_next = ORG_TYPES.contains(&folded[0].as_str());
            }
        }
        i += 1;
    }
    out.join(" ")
}

/// Upper-case abbreviation ("UBND", "HĐND", "TTHC", "SGDĐT"): no vowel, or
/// ending in a consonant pair no Vietnamese syllable ends in.
fn is_abbreviation(w: &str) -> bool {
    const VOWELS: &str = "AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ";
    let cs: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if cs.len() < 2 || cs.iter().any(|c| c.is_lowercase()) {
        return false;
    }
    if !cs.iter().any(|c| VOWELS.contains(*c)) {
        return true;
    }
    let tail: String = cs[cs.len() - 2..].iter().collect();
    !cs[cs.len() - 2..].iter().any(|c| VOWELS.contains(*c))
        && !matches!(tail.as_str(), "NG" | "NH" | "CH")
}

/// OCR glues words of a heading with a period ("SỞ.GIÁO DỤC"). A period
/// between two letters whose left word has a vowel is a space; one after an
/// abbreviation ("TP.HCM") stays.
fn unglue_words(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut word_start = 0;
    for (i, &c) in cs.iter().enumerate() {
        if c == ' ' {
            word_start = i + 1;
        }
        let glued = c == '.'
            && i > 0
            && cs[i - 1].is_alphabetic()
            && cs.get(i + 1).is_some_and(|n| n.is_alphabetic())
            && !is_abbreviation(&cs[word_start..i].iter().collect::<String>());
        out.push(if glued { ' ' } else { c });
        if glued {
            word_start = i + 1;
        }
    }
    out
}

/// Personal name: 2–5 capitalised syllables, letters only.
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && cs.clone().count() <= 7
                && cs.all(|c| c.is_lowercase())
        })
}

/// Signing-authority line: "KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN".
fn is_role_line(line: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let f = fold_ocr(line);
    is_upper(line)
        && line.split_whitespace().count() <= 8
        && re(
            &R,
            r"^(?:(?:kt|tm|tl|ktl|q|ttl)\s*[.:]?\s*)?(?:pho\s+)?(?:chu tich|giam doc|truong|chanh|bi thu|thu truong|bo truong|hieu truong|tong giam doc|cuc truong|vien truong|uy ban|hoi dong|chu nhiem)",
        )
        .is_match(&f)
}

fn doc_type_of(folded_label: &str) -> Option<DocType> {
    let t = folded_label.trim_end_matches([':', '.', ' ']);
    Some(match t {
        "ke hoach" => DocType::KeHoach,
        "quyet dinh" => DocType::QuyetDinh,
        "bao cao" => DocType::BaoCao,
        "cong van" => DocType::CongVan,
        "thong bao" | "to trinh" | "chi thi" | "nghi quyet" | "huong dan" | "chuong trinh"
        | "de an" | "ke hoach lien tich" | "cong dien" | "giay moi" => DocType::Other,
        _ => return None,
    })
}

/// Parse the header from a document's lines (all pages, reading order).
pub fn parse(lines: &[TextLine], page_width: f32) -> DocumentHeader {
    // The header and title live near the top of page 1.
    let first: Vec<&TextLine> = lines.iter().filter(|l| l.page == 1).collect();
    let mut issuer_lines: Vec<String> = Vec::new();
    let mut number = None;
    let mut number_seen = false;
    let mut place = None;
    let mut issued_on = None;
    let mut label_idx = None;
    let mut cv_subject = false;

    let geometric = page_width > 0.0;
    for (idx, l) in first.iter().enumerate() {
        let folded = fold_ocr(&l.text);
        // Left part of a line that also holds the motto (plain-text OCR).
        let motto = motto_at(&folded);
        let left = match motto {
            Some(0) => None,
            Some(at) => Some(orig_prefix(&l.text, &folded, at)),
            None => Some(l.text.clone()),
        };
        if let Some((at, day, month, year)) = date_match(&folded) {
            // A year outside any plausible document (an OCR slip such as
            // 1013 for 2013; a fuzzer found it) dates nothing.
            if issued_on.is_none() && (1..=12).contains(&month) && (1900..=2200).contains(&year) {
                issued_on = Some(match day {
                    Some(d) if valid_day(year, month, d) => format!("{year:04}-{month:02}-{d:02}"),
                    _ => format!("{year:04}-{month:02}"),
                });
                let mut before = orig_prefix(&l.text, &folded, at);
                // Plain text: "Số: 12/KH-X  Hải Phòng, ngày …" on one line.
                if let Some(cut) = before.rfind("  ") {
                    before = before[cut..].to_string();
                } else if number_line(&fold_ocr(&before)).is_some() {
                    before = strip_number(&before).1;
                }
                place = clean_opt_place(&before);
            }
        }
        if !number_seen {
            if let Some(end) = number_line(&folded) {
                number_seen = true;
                number = strip_number(&orig_suffix(&l.text, &folded, end)).0;
                continue;
            }
            if folded.starts_with("v/v") {
                cv_subject = true;
            }
            if let Some(left) = left {
                let in_left_column =
                    !geometric || motto.is_some() || l.bbox.center_x() < page_width * 0.5;
                if in_left_column && is_upper(&left) && motto_at(&fold_ocr(&left)).is_none() {
                    issuer_lines.push(clean(trim_debris(&left)));
                }
            }
            continue;
        }
        if folded.starts_with("v/v") {
            cv_subject = true;
        }
        if label_idx.is_none() && is_upper(&l.text) && doc_type_of(&folded).is_some() {
            label_idx = Some(idx);
            break;
        }
    }

    let (issuer, parent_issuer) = issuers(&issuer_lines);
    let type_label = label_idx.map(|i| clean(first[i].text.trim_end_matches([':', ' '])));
    let mut doc_type = type_label
        .as_deref()
        .and_then(|t| doc_type_of(&fold_ocr(t)))
        .unwrap_or(DocType::Other);
    if type_label.is_none() {
        let code = number.as_deref().map(fold_ocr).unwrap_or_default();
        doc_type = if cv_subject {
            DocType::CongVan
        } else if code.contains("/kh") {
            DocType::KeHoach
        } else if code.contains("/qd") {
            DocType::QuyetDinh
        } else if code.contains("/bc") {
            DocType::BaoCao
        } else {
            DocType::Other
        };
    }
    let title = label_idx.and_then(|i| title_after(&first[i + 1..]));
    DocumentHeader {
        doc_type,
        type_label,
        number,
        issuer,
        parent_issuer,
        place,
        issued_on,
        title,
        signer: signer(lines),
    }
}

fn valid_day(year: i32, month: u32, day: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    day >= 1 && day <= days[(month - 1) as usize]
}

fn clean_opt_place(s: &str) -> Option<String> {
    let t = clean(trim_debris(s));
    (!t.is_empty() && t.chars().any(char::is_alphabetic)).then_some(t)
}

/// Split "1168 /KH-SGDĐT  Hải Phòng, …" into the number ("1168/KH-SGDĐT",
/// or `None` when the number is left blank: "/QĐ-UBND") and what follows.
fn strip_number(after_colon: &str) -> (Option<String>, String) {
    static R: OnceLock<Regex> = OnceLock::new();
    static GLUE: OnceLock<Regex> = OnceLock::new();
    // OCR loosens codes: "1168 /KH- SGDĐT" is "1168/KH-SGDĐT".
    let glued = re(&GLUE, r"\s*([/-])\s*").replace_all(after_colon, "$1");
    let r = re(
        &R,
        r"^[^\p{L}\p{N}/]*(?:(?i:s)\S{0,2}\s*[:;.])?\s*([0-9][0-9A-Za-z.]*)?\s*/\s*([\p{L}\p{N}][\p{L}\p{N}\-&./]*[\p{L}\p{N}])",
    );
    match r.captures(&glued) {
        Some(c) => {
            let rest = glued[c.get(0).map_or(0, |m| m.end())..].to_string();
            let num = c.get(1).map(|n| format!("{}/{}", n.as_str(), &c[2]));
            (num, rest)
        }
        None => (None, after_colon.to_string()),
    }
}

/// Trim what cannot start a text and specks that cannot end one, keeping
/// sentence punctuation ("một cửa," at a line end).
fn trim_junk(s: &str) -> &str {
    s.trim_start_matches(|c: char| !(c.is_alphanumeric() || c == '(' || c == '"' || c == '“'))
        .trim_end_matches(|c: char| c.is_whitespace() || "|_'`~¬^*ˆ„\\".contains(c))
}

/// Trim scan debris from the ends of a header value ("_Hải Phòng", "TẠO '").
fn trim_debris(s: &str) -> &str {
    s.trim_matches(|c: char| !(c.is_alphanumeric() || c == '(' || c == ')'))
}

/// The issuing body is the last unit named top left; the one above it, if
/// separate, is its parent. A line starting with a place type continues the
/// line above ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ HẢI PHÒNG").
fn issuers(lines: &[String]) -> (Option<String>, Option<String>) {
    let mut units: Vec<String> = Vec::new();
    for l in lines {
        let l = &unglue_words(l);
        let lf = crate::text::fold(l);
        let continues = PLACE_TYPES.iter().any(|p| lf.starts_with(&format!("{p} ")));
        match units.last_mut() {
            Some(prev) if continues => {
                prev.push(' ');
                prev.push_str(l);
            }
            _ => units.push(l.clone()),
        }
    }
    let mut it = units.iter().rev().map(|u| unit_case(u));
    let issuer = it.next();
    (issuer, it.next())
}

/// Title lines follow the type label until the body starts: the legal bases
/// ("Căn cứ …"), an upper-case line once the title has begun (the authority
/// line "CHỦ TỊCH ỦY BAN …" even before it), an annex note, a numbered
/// heading, or a line ending in ";".
fn title_after(lines: &[&TextLine]) -> Option<String> {
    static STOP: OnceLock<Regex> = OnceLock::new();
    let stop = re(
        &STOP,
        r"^(?:c\S{1,2}n c\S{1,2}\b|\(k\S{1,2}m theo|kem theo|[ivx]+\s*[.-]|\d+\s*[.)]|phan\s|dieu\s+\d|theo de nghi|xet de nghi)",
    );
    let mut parts: Vec<&str> = Vec::new();
    for l in lines.iter().take(6) {
        let f = fold_ocr(&l.text);
        let authority = f.starts_with("chu tich") && l.text.split_whitespace().count() > 3;
        if stop.is_match(&f) || is_upper(&l.text) && (!parts.is_empty() || authority) {
            break;
        }
        parts.push(trim_junk(&l.text));
        if l.text.trim_end().ends_with(';') {
            break;
        }
    }
    crate::text::clean_opt(&parts.join(" "))
}

/// The signer: a personal name just below a signing-authority line. With
/// geometry the name must sit under the role line on the same page (the
/// recipients list beside it interleaves in reading order); without, within
/// a few lines after it. Failing that, an e-signature stamp
/// ("Lương Văn Việt<…@…> đã ký lên văn bản này", "Người ký: …").
fn signer(lines: &[TextLine]) -> Option<String> {
    for (i, role) in lines.iter().enumerate() {
        if !is_role_line(trim_junk(&role.text)) {
            continue;
        }
        let geometric = role.bbox.width() > 0.0;
        let window = if geometric { usize::MAX } else { 12 };
        let found = lines[i + 1..]
            .iter()
            .take(window)
            .take_while(|n| n.page == role.page)
            .filter(|n| {
                !geometric
                    || (n.bbox.y0 >= role.bbox.y0
                        && n.bbox.y0 - role.bbox.y1 < 200.0
                        && (n.bbox.center_x() - role.bbox.center_x()).abs() < 120.0)
            })
            .map(|n| clean(trim_junk(&n.text)))
            .find(|t| is_person_name(t));
        if found.is_some() {
            return found;
        }
    }
    static STAMP: OnceLock<Regex> = OnceLock::new();
    let stamp = re(
        &STAMP,
        r"^(?:Người ký:\s*)?([^<>:]{3,60}?)\s*(?:<[^>]*@[^>]*>\s*(?:đã ký|Đã ký)|$)",
    );
    lines.iter().find_map(|l| {
        let t = clean(&l.text);
        let is_stamp = t.contains("đã ký") || t.starts_with("Người ký:");
        let name = stamp.captures(&t)?.get(1)?.as_str().trim().to_string();
        (is_stamp && is_person_name(&name)).then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::from_plain_text;

    #[test]
    fn unit_case_table() {
        for (input, want) in [
            ("UBND THÀNH PHỐ HẢI PHÒNG", "UBND thành phố Hải Phòng"),
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
                "Ủy ban nhân dân thành phố Hải Phòng",
            ),
            (
                "ỦY BAN NHÂN DÂN PHƯỜNG HẢI DƯƠNG",
                "Ủy ban nhân dân phường Hải Dương",
            ),
            (
                "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
                "Sở Văn hóa, Thể thao và Du lịch",
            ),
            ("SỞ TÀI CHÍNH", "Sở Tài chính"),
            ("UBND TỈNH BẮC NINH", "UBND tỉnh Bắc Ninh"),
            ("UBND THỊ XÃ SƠN TÂY", "UBND thị xã Sơn Tây"),
            ("Sở Nội vụ", "Sở Nội vụ"),
            ("THÀNH PHỐ HẢI PHÒNG", "Thành phố Hải Phòng"),
        ] {
            assert_eq!(unit_case(input), want, "{input}");
        }
    }

    #[test]
    fn glued_heading_words_come_apart() {
        assert_eq!(unglue_words("SỞ.GIÁO DỤC"), "SỞ GIÁO DỤC");
        assert_eq!(unglue_words("UBND TP.HCM"), "UBND TP.HCM");
        assert_eq!(
            issuers(&["SỞ.GIÁO DỤC VÀ ĐÀO TẠO".into()]).0.as_deref(),
            Some("Sở Giáo dục và Đào tạo")
        );
    }

    #[test]
    fn number_table() {
        for (input, want) in [
            (" 1168/KH-SGDĐT", Some("1168/KH-SGDĐT")),
            ("1168 /KH-SGDDT Hai Phong", Some("1168/KH-SGDDT")),
            ("   /QĐ-UBND", None),
            (" 25/2026/NQ-HĐND", Some("25/2026/NQ-HĐND")),
            (":1168 /KH- SGDĐT. `", Some("1168/KH-SGDĐT")),
        ] {
            assert_eq!(strip_number(input).0.as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn dates_and_places_in_several_shapes() {
        for (line, place, date) in [
            (
                "Hải Phòng, ngày 03 tháng 3 năm 2026",
                Some("Hải Phòng"),
                Some("2026-03-03"),
            ),
            (
                "Hải Phòng, ngày tháng 5 năm 2026",
                Some("Hải Phòng"),
                Some("2026-05"),
            ),
            (
                "Hai Phong, ngay 03  thang 3 nam 2026",
                Some("Hai Phong"),
                Some("2026-03-03"),
            ),
            (
                "Bắc Ninh, ngày 31 tháng 02 năm 2026",
                Some("Bắc Ninh"),
                Some("2026-02"),
            ),
            ("Hà Nội, ngày 05 tháng 01 năm 1013", None, None),
        ] {
            let doc = format!("UBND TỈNH X\nSố: 1/KH-UBND\n{line}\nKẾ HOẠCH\nVề việc y");
            let h = parse(&from_plain_text(&doc).lines, 0.0);
            assert_eq!(h.place.as_deref(), place, "{line}");
            assert_eq!(h.issued_on.as_deref(), date, "{line}");
        }
    }

    #[test]
    fn noisy_ocr_header_on_shared_lines() {
        // The opening of seed 000 as Tesseract `eng` read it.
        let txt = "UBND THANH PHO HAI PHONG  CONG HOA XA HQI CHU NGHIA VIET NAM\n\n\
SO GIAO DUC VA PAO TAO Déc 1ap - Tw do - Hanh phuc\n\
S6:1168 /KH-SGDDT Hai Phong, ngay 03  thang 3 nam 2026\n\
KE HOACH\n\nKiém soat thi tuc hanh chinh\nva thuc hién co ché mgt ctra, mot cira lién thong nam 2026\n\n\
Cin ctr Quyét dinh s0 5256/QD-UBND ngay 26 thang 12 nam 2025 cua Chu\n";
        let h = parse(&from_plain_text(txt).lines, 0.0);
        assert_eq!(h.doc_type, DocType::KeHoach);
        assert_eq!(h.type_label.as_deref(), Some("KE HOACH"));
        assert_eq!(h.number.as_deref(), Some("1168/KH-SGDDT"));
        assert_eq!(h.issued_on.as_deref(), Some("2026-03-03"));
        assert_eq!(h.place.as_deref(), Some("Hai Phong"));
        assert_eq!(h.parent_issuer.as_deref(), Some("UBND thanh pho Hai Phong"));
        assert_eq!(h.issuer.as_deref(), Some("So Giao duc va Pao tao"));
        assert_eq!(
            h.title.as_deref(),
            Some("Kiém soat thi tuc hanh chinh va thuc hién co ché mgt ctra, mot cira lién thong nam 2026")
        );
    }

    #[test]
    fn number_line_is_not_a_unit_name() {
        // OCR read "SỞ GIÁO DỤC" with a period: not the "Số:" line.
        for (line, want) in [
            ("-SỞ.GIÁO DỤC", None),
            ("Số: 12", Some(3)),
            ("S6:1168", Some(3)),
            ("Số. 12/KH", Some(3)),
        ] {
            assert_eq!(number_line(&fold_ocr(line)), want, "{line}");
        }
    }

    #[test]
    fn signer_follows_role_line() {
        let txt = "Nơi nhận:\n- Như Điều 3;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Minh Cường\n";
        assert_eq!(
            signer(&from_plain_text(txt).lines).as_deref(),
            Some("Hoàng Minh Cường")
        );
        let stamp = "Cổng thông tin\n\tLương Văn Việt<luongvanviet@haiphong.edu.vn> đã ký lên văn bản này trên HP-eOffice\n";
        assert_eq!(
            signer(&from_plain_text(stamp).lines).as_deref(),
            Some("Lương Văn Việt")
        );
        let by = "Người ký: Nguyễn Văn An\n";
        assert_eq!(
            signer(&from_plain_text(by).lines).as_deref(),
            Some("Nguyễn Văn An")
        );
        let none = "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ\nCăn cứ Luật Tổ chức chính quyền;\n";
        assert_eq!(signer(&from_plain_text(none).lines), None);
    }

    #[test]
    fn cong_van_without_label() {
        let txt =
            "UBND TỈNH X\nSố: 45/UBND-VP\nV/v triển khai kế hoạch\nX, ngày 2 tháng 1 năm 2026\n";
        let h = parse(&from_plain_text(txt).lines, 0.0);
        assert_eq!(h.doc_type, DocType::CongVan);
        assert_eq!(h.type_label, None);
        assert_eq!(h.number.as_deref(), Some("45/UBND-VP"));
    }
}
