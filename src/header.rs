//! Document header parsing (part of the records stage): the laid-out lines
//! of a document in, its identity out — type, number, issuer, place and
//! date, title, signer.
//!
//! Vietnamese administrative documents follow one national template
//! (Nghị định 30/2020/NĐ-CP): issuing body top left, national motto top
//! right, "Số: …" under the issuer, "<place>, ngày … tháng … năm …" under
//! the motto, the type label and title centred below, the signature block
//! bottom right. The parse goes by phases: the header block of page 1 (up
//! to the type label, or to the first body line), then within it the
//! number, the place/date line (`dateline`), the issuer lines above the
//! number (`issuer`); the title after the label, or a Công văn's "V/v …";
//! the signer (`signer`). Matching is done on folded text (marks stripped,
//! OCR look-alikes mapped) so that unrepaired OCR still parses; values are
//! cut from the original text. A file holding two documents (a Tờ trình and
//! the plan it submits) gives the first one's header: only page 1 is read
//! for it.

mod dateline;
mod issuer;
pub(crate) mod names;
mod signer;

use std::sync::OnceLock;

use regex::Regex;

pub use issuer::unit_case;

// The contract types of the header live with the rest of the contract.
pub use crate::export::{DocType, DocumentHeader};

use crate::layout::TextLine;
use crate::text::{clean, fold_ocr, is_upper, regex as re};

/// Type labels: folded as matched, the type, the label as it is spelt.
const LABELS: &[(&str, DocType, &str)] = &[
    ("ke hoach", DocType::KeHoach, "KẾ HOẠCH"),
    ("quyet dinh", DocType::QuyetDinh, "QUYẾT ĐỊNH"),
    ("bao cao", DocType::BaoCao, "BÁO CÁO"),
    ("cong van", DocType::CongVan, "CÔNG VĂN"),
    ("to trinh", DocType::ToTrinh, "TỜ TRÌNH"),
    ("thong bao", DocType::ThongBao, "THÔNG BÁO"),
    ("chi thi", DocType::ChiThi, "CHỈ THỊ"),
    ("nghi quyet", DocType::NghiQuyet, "NGHỊ QUYẾT"),
    ("huong dan", DocType::HuongDan, "HƯỚNG DẪN"),
    ("chuong trinh", DocType::Other, "CHƯƠNG TRÌNH"),
    ("de an", DocType::Other, "ĐỀ ÁN"),
    ("ke hoach lien tich", DocType::Other, "KẾ HOẠCH LIÊN TỊCH"),
    ("cong dien", DocType::Other, "CÔNG ĐIỆN"),
    ("giay moi", DocType::Other, "GIẤY MỜI"),
];

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

/// "Số: 1168/KH-SGDĐT" (folded "so", OCR "s6", "sé", "$6"); captures the rest.
fn number_line(folded: &str) -> Option<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    // "." only before the number itself, so that "SỞ.GIÁO DỤC" (OCR) is not "Số."
    let c = re(
        &R,
        r"^[^\p{L}\p{N}$]*[s$][o0e6u]\s*(?:[:;]|\.(\s*[\d/])|(?:[a-z]\s+)?\s*(\S?\d[\d\s]*/))",
    )
    .captures(folded)?;
    Some(
        c.get(1)
            .or(c.get(2))
            .map_or_else(|| c.get(0).map_or(0, |m| m.end()), |g| g.start()),
    )
}

/// An incoming-mail stamp ("ĐẾN Số: 1614 Ngày: 01/3/2026", "CÔNG VĂN
/// ĐẾN", "Chuyển: …", "Số và ký hiệu HS"): never the document's number or
/// date.
fn is_stamp_line(folded: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?:^|[^\p{L}])(?:den\s*[^\p{L}\s]?\s*s[o0e6]\s*[:;.]|cong van den|chuyen\s*:|s[o0e6] va ky hieu|ngay\s*:\s*\d)",
    )
    .is_match(folded)
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

/// The type a label names, with its spelling: the folded label equal to a
/// known one, or (8 letters or more) one OCR slip away ("KÉ HOẠCH").
fn label_of(line: &str) -> Option<(DocType, &'static str)> {
    if !is_upper(line) || line.split_whitespace().count() > 4 {
        return None;
    }
    let f = fold_ocr(line);
    let t = f.trim_matches(|c: char| !c.is_alphanumeric());
    let t: Vec<char> = t.chars().collect();
    LABELS
        .iter()
        .map(|(k, d, l)| {
            let k: Vec<char> = k.chars().collect();
            (crate::text::edit_distance(&t, &k), k.len(), *d, *l)
        })
        .filter(|&(dist, len, _, _)| dist == 0 || dist == 1 && len >= 8)
        .min_by_key(|&(dist, ..)| dist)
        .map(|(_, _, d, l)| (d, l))
}

/// Where the body of a document starts: its legal bases and openings
/// ("Căn cứ", "Thực hiện", "Kính gửi"), a numbered heading ("I. MỤC
/// ĐÍCH", "1. …"), an article ("Điều 1").
fn is_body_start(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let f = fold_ocr(text.trim_start());
    let opening = re(
        &R,
        r"^(?:c\S{1,2}n c\S{1,2}\b|(?:tiep tuc )?thuc hien\b|kinh gui|[ivx]+\s*[.]\s|\d+\s*[.)]\s|dieu\s+\d)",
    );
    // A place that reads like an opening ("Cồn Cỏ, ngày …") dates the
    // document; it opens nothing.
    text.trim_start()
        .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && opening.is_match(&f)
        && dateline::read(text).is_none()
}

/// A Công văn's subject line ("V/v rà soát …").
fn is_subject(text: &str) -> bool {
    let f = fold_ocr(text.trim_start());
    f.starts_with("v/v") || f.starts_with("v/ v") || f.starts_with("vv ")
}

/// Page 1's header block, split at the national motto: for each line, its
/// left part (what stands before the motto or a wide gap, plain text) and
/// whether it lies in the left column.
struct Block<'a> {
    lines: Vec<&'a TextLine>,
    geometric: bool,
    half: f32,
}

impl Block<'_> {
    /// The left-column text of line `i`, if any.
    fn left(&self, i: usize) -> Option<String> {
        let l = self.lines[i];
        let folded = fold_ocr(&l.text);
        let motto = motto_at(&folded);
        let text = match motto {
            Some(0) => return None,
            Some(at) => orig_prefix(&l.text, &folded, at),
            None if !self.geometric => l.text.split("  ").next().unwrap_or("").to_string(),
            None => l.text.clone(),
        };
        let in_left = !self.geometric || motto.is_some() || l.bbox.center_x() < self.half;
        in_left.then_some(text)
    }
}

/// Whether a line reads as a person's name whose surname is one of the
/// Vietnamese surnames as printed ("Đại tá Đậu Xuân Bảo", not "Irần
/// Cang").
pub fn is_known_name(line: &str) -> bool {
    signer::name_in(line).is_some_and(|n| {
        n.split_whitespace()
            .next()
            .is_some_and(|s| line.contains(s) && names::is_surname(s))
    })
}

/// Parse the header from a document's lines (all pages, reading order).
pub fn parse(lines: &[TextLine], page_width: f32) -> DocumentHeader {
    let first: Vec<&TextLine> = lines.iter().filter(|l| l.page == 1).collect();
    // The header block ends at the type label or, without one, where the
    // body starts.
    let label_idx = first
        .iter()
        .take_while(|l| !is_body_start(&l.text))
        .position(|l| label_of(&l.text).is_some());
    let end = label_idx.unwrap_or_else(|| {
        first
            .iter()
            .position(|l| is_body_start(&l.text))
            .unwrap_or(first.len())
    });
    let block = Block {
        lines: first[..end].to_vec(),
        geometric: page_width > 0.0,
        half: page_width * 0.5,
    };
    let (number_idx, number) = find_number(&block);
    let date_idx = (0..block.lines.len()).find(|&i| date_at(&block.lines, i).is_some());
    let date = date_idx
        .and_then(|i| date_at(&block.lines, i))
        .or_else(|| (0..first.len().min(40)).find_map(|i| date_at(&first, i)));
    // The issuer lines stand above the number (or, if it went unread,
    // above the date and the subject).
    let subject_idx = block.lines.iter().position(|l| is_subject(&l.text));
    let issuer_end = number_idx
        .or(date_idx.min(subject_idx).or(date_idx).or(subject_idx))
        .unwrap_or(block.lines.len());
    let (issuer, parent_issuer) = issuer::issuers(&issuer_lines(&block, issuer_end));
    let number = match (number, &issuer) {
        (Some(n), Some(i)) => Some(mend_issuer_code(&n, i)),
        (n, _) => n,
    };
    let label = label_idx.and_then(|i| label_of(&first[i].text));
    let title = match (label_idx, subject_idx) {
        (Some(i), _) => title_after(&first[i + 1..]),
        (None, Some(i)) => subject(&block, i),
        (None, None) => None,
    };
    DocumentHeader {
        doc_type: label.map_or_else(
            || type_from(number.as_deref(), subject_idx.is_some()),
            |l| l.0,
        ),
        type_label: label.map(|l| l.1.to_string()),
        number,
        issuer,
        parent_issuer,
        place: date.as_ref().and_then(|d| d.place.clone()),
        issued_on: date.and_then(|d| d.issued_on),
        title,
        signer: signer::signer(lines),
    }
}

/// The place/date line at `i`, or one wrapped in its narrow column
/// ("…, ngày 26 tháng" / "02 năm 2026"), its end one or two lines on (the
/// other column's line may stand between).
fn date_at(lines: &[&TextLine], i: usize) -> Option<dateline::DateLine> {
    let text = &lines[i].text;
    if let Some(d) = dateline::read(text) {
        return Some(d);
    }
    if !fold_ocr(text).contains("ngay") {
        return None;
    }
    lines[i + 1..]
        .iter()
        .take(2)
        .filter(|l| {
            let f = fold_ocr(l.text.trim_start());
            f.starts_with(|c: char| c.is_ascii_digit()) || f.starts_with("nam ")
        })
        .find_map(|l| dateline::read(&format!("{text} {}", l.text)))
}

/// The "Số:" line of the block (not a stamp's) and the number on it.
fn find_number(block: &Block) -> (Option<usize>, Option<String>) {
    // The whole line: OCR may join the number and the date line beside it
    // into one line that straddles both columns.
    for (i, l) in block.lines.iter().enumerate() {
        let folded = fold_ocr(&l.text);
        if is_stamp_line(&folded) {
            continue;
        }
        if let Some(end) = number_line(&folded) {
            return (Some(i), strip_number(&orig_suffix(&l.text, &folded, end)).0);
        }
    }
    (None, None)
}

/// Upper-case left-column lines above `end`: neither the motto, nor a
/// numbered heading, nor a stamp.
fn issuer_lines(block: &Block, end: usize) -> Vec<String> {
    static HEADING: OnceLock<Regex> = OnceLock::new();
    let heading = re(&HEADING, r"^(?:[ivxl]+|\d+)\s*[.)]\s");
    // What is left of the number line when OCR lost its label and figure
    // (":/BCA-C04"): a code alone, no unit's name.
    static CODE: OnceLock<Regex> = OnceLock::new();
    let code = re(&CODE, r"^[^\p{L}]*/\S+$");
    (0..end)
        .filter_map(|i| block.left(i))
        .filter(|t| !code.is_match(&fold_ocr(t)))
        .map(|t| clean(trim_debris(&t)))
        .filter(|t| {
            let f = fold_ocr(t);
            is_upper(t)
                && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && motto_at(&f).is_none()
                && !heading.is_match(&f)
                && !is_stamp_line(&f)
        })
        .collect()
}

/// Without a label, the type the document code or a subject line names.
fn type_from(number: Option<&str>, subject: bool) -> DocType {
    let code = number.map(fold_ocr).unwrap_or_default();
    if subject {
        DocType::CongVan
    } else if code.contains("/kh") {
        DocType::KeHoach
    } else if code.contains("/qd") {
        DocType::QuyetDinh
    } else if code.contains("/bc") {
        DocType::BaoCao
    } else if code.contains("/ttr") {
        DocType::ToTrinh
    } else {
        DocType::Other
    }
}

/// A Công văn's title: its subject line "V/v …" and the left-column lines
/// that continue it (not the date line beside them).
fn subject(block: &Block, at: usize) -> Option<String> {
    let mut parts = Vec::new();
    for i in at..block.lines.len().min(at + 5) {
        let Some(left) = block.left(i) else { continue };
        let text = left.split("  ").next().unwrap_or("").to_string();
        let f = fold_ocr(&text);
        if i > at && (is_subject(&text) || is_upper(&text) || dateline::read(&text).is_some())
            || is_stamp_line(&f)
            || text.trim().is_empty()
        {
            continue;
        }
        parts.push(trim_junk(&text).to_string());
    }
    // A title (trích yếu) ends without a full stop; a speck read as one
    // goes. An ellipsis stays.
    // "V/vrà soát": the subject's label is a word of its own.
    static GLUED: OnceLock<Regex> = OnceLock::new();
    let joined = parts.join(" ");
    let joined = re(&GLUED, r"^([Vv]/ ?v)(\p{L})").replace(&joined, "$1 $2");
    let title = crate::text::clean_opt(&unspeck_title(&joined))?;
    match title.strip_suffix('.') {
        Some(t) if !t.ends_with('.') => crate::text::clean_opt(t),
        _ => Some(title),
    }
}

/// Split "1168 /KH-SGDĐT  Hải Phòng, …" into the number ("1168/KH-SGDĐT",
/// or `None` when the number is left blank: "/QĐ-UBND") and what follows.
fn strip_number(after_colon: &str) -> (Option<String>, String) {
    static R: OnceLock<Regex> = OnceLock::new();
    static GLUE: OnceLock<Regex> = OnceLock::new();
    // OCR loosens codes: "1168 /KH- SGDĐT" is "1168/KH-SGDĐT".
    static SLASH: OnceLock<Regex> = OnceLock::new();
    static SPACED: OnceLock<Regex> = OnceLock::new();
    // OCR reads the slash before a code as a letter ("6252 IKH-SGDĐT"); a
    // signing tool types a number glyph by glyph ("1 1 5").
    let slashed = re(&SLASH, r"(\d)\s+[Il|](\p{Lu}{2})").replace_all(after_colon, "$1/$2");
    let spaced = re(&SPACED, r"(\d) (\d)");
    let joined = spaced.replace_all(&slashed, "$1$2");
    let joined = spaced.replace_all(&joined, "$1$2");
    let glued = re(&GLUE, r"\s*([/-])\s*").replace_all(&joined, "$1");
    let glued = mend_number(&glued);
    let r = re(
        &R,
        r"^[^\p{L}\p{N}/$]*(?:[sS$]\S{0,2}\s*[:;.])?\s*([0-9][0-9A-Za-z.]*)?\s*/\s*([\p{L}\p{N}][\p{L}\p{N}\-&./]*[\p{L}\p{N}])",
    );
    match r.captures(&glued) {
        Some(c) => {
            let rest = glued[c.get(0).map_or(0, |m| m.end())..].to_string();
            // A mark glued to the digits ("£86") is a digit OCR could not
            // read (handwriting): the number is unknown, not "86".
            // Nor is a stop between digits ("1.7" for a handwritten 589):
            // a document's number is a whole number.
            let unread = c.get(1).is_some_and(|n| {
                let broken = n.as_str().trim_end_matches('.').contains('.');
                broken
                    || glued[..n.start()]
                        .chars()
                        .next_back()
                        .is_some_and(|p| !p.is_whitespace() && !":;.".contains(p))
            });
            let num = c
                .get(1)
                .filter(|_| !unread)
                .map(|n| format!("{}/{}", n.as_str(), &c[2]));
            (num, rest)
        }
        None => (None, after_colon.to_string()),
    }
}

/// OCR slips in a number's printed shape "N/TYPE-ISSUER": a doubled slash
/// ("127//KH"), the slash lost between the digits and the type
/// ("1156KH-UBND"), a leading "1" read as a letter ("Í156/KH").
fn mend_number(s: &str) -> String {
    static DOUBLE: OnceLock<Regex> = OnceLock::new();
    static LOST: OnceLock<Regex> = OnceLock::new();
    static ONE: OnceLock<Regex> = OnceLock::new();
    let s = re(&DOUBLE, r"/{2,}").replace_all(s, "/");
    let s = re(&LOST, r"^([^\p{L}\p{N}]*\d+)(\p{Lu}{1,4}-\p{Lu})").replace(&s, "$1/$2");
    re(&ONE, r"^([^\p{L}\p{N}]*)[IÍÌl|](\d+/)")
        .replace(&s, "${1}1$2")
        .into_owned()
}

/// The initials a number's symbol gives its issuer (Nghị định
/// 30/2020/NĐ-CP, Phụ lục III: the first letter of each syllable but
/// "và"): "Sở Xây dựng" SXD, "Sở Nông nghiệp và Môi trường" SNNMT, "Công
/// an tỉnh Lâm Đồng" CATLĐ; an abbreviation in the name stays whole
/// ("UBND", "TW").
fn issuer_initials(issuer: &str) -> String {
    issuer
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && *w != "và")
        .map(|w| {
            let caps = w.chars().filter(|c| c.is_uppercase()).count();
            if caps > 1 && caps == w.chars().filter(|c| c.is_alphabetic()).count() {
                w.to_string()
            } else {
                // The symbol is written without tone and vowel marks but Đ.
                match w.chars().next() {
                    Some('Đ' | 'đ') => "Đ".to_string(),
                    Some(c) => fold_ocr(&c.to_string()).to_uppercase(),
                    None => String::new(),
                }
            }
        })
        .collect()
}

/// The number with its issuer code mended where OCR made it one letter
/// away from the issuer's initials ("541/KH-SXP" of Sở Xây dựng, "127/KH-
/// SYTT" of Sở Y tế): a code that is the initials of the issuer's name, or
/// of its first words ("CAT" of Công an tỉnh Lâm Đồng), one slip away.
fn mend_issuer_code(number: &str, issuer: &str) -> String {
    let initials: Vec<char> = issuer_initials(issuer).chars().collect();
    let mut parts: Vec<String> = number.split('-').map(str::to_string).collect();
    let Some(code) = parts.get_mut(1) else {
        return number.to_string();
    };
    let read: Vec<char> = code.chars().collect();
    if read.len() < 3 || read.iter().any(|c| !c.is_alphabetic()) {
        return number.to_string();
    }
    // The initials of the issuer's first words, as long as the code (one
    // more or one less: a letter dropped or doubled).
    let best = [read.len(), read.len() - 1, read.len() + 1]
        .into_iter()
        .filter(|&n| n >= 3 && n <= initials.len())
        .map(|n| &initials[..n])
        .find(|want| *want != read.as_slice() && one_slip(&read, want));
    match best {
        Some(want) if !initials.starts_with(&read) => {
            *code = want.iter().collect();
            parts.join("-")
        }
        _ => number.to_string(),
    }
}

/// `a` and `b` one edit apart: a letter changed, added or dropped.
fn one_slip(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => a.iter().zip(b).filter(|(x, y)| x != y).count() == 1,
        1 => (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..]),
        _ => false,
    }
}

/// Trim what cannot start a text and specks that cannot end one, keeping
/// sentence punctuation ("một cửa," at a line end).
fn trim_junk(s: &str) -> &str {
    s.trim_start_matches(|c: char| !(crate::text::word_char(c) || c == '(' || c == '"' || c == '“'))
        .trim_end_matches(|c: char| c.is_whitespace() || "|_'`~¬^*ˆ„\\".contains(c))
}

/// Trim scan debris from the ends of a header value ("_Hải Phòng", "TẠO '").
fn trim_debris(s: &str) -> &str {
    s.trim_matches(|c: char| !(c.is_alphanumeric() || c == '(' || c == ')'))
}

/// A line of scan noise (a stamp's dotted fields, handwriting read as
/// digits): under half of its characters are letters, it holds no word of
/// three letters ("năm 2026" is a title's last line), and it is not a
/// number or period ("2026-2030").
fn is_noise(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
    let numeric = chars
        .iter()
        .all(|c| c.is_ascii_digit() || "-–/.,".contains(*c));
    let word = text
        .split_whitespace()
        .any(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic));
    !chars.is_empty() && letters * 2 < chars.len() && !numeric && !word
}

/// A title's first line without the scribble before its first word
/// ("b; ))NHHƯưng Phối hợp …" → "Phối hợp …"): the words before the first
/// capitalised one, when any of them is not a word (marks, mixed case).
/// A word keeps the comma or stop after it ("Phòng, chống tham nhũng").
fn after_noise(t: &str) -> &str {
    let bare = |w: &str| {
        w.strip_suffix([',', ';', ':', '.'])
            .unwrap_or(w)
            .to_string()
    };
    let is_word = |w: &str| {
        let w = &bare(w);
        let lower = w.chars().skip(1).all(char::is_lowercase);
        w.chars().all(char::is_alphabetic) && (lower || is_upper(w))
    };
    let capitalised = |w: &str| {
        let w = bare(w);
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_lowercase())
    };
    let words: Vec<(usize, &str)> = t
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
        .collect();
    match words.iter().position(|(_, w)| capitalised(w)) {
        Some(k) if k > 0 && words[..k].iter().any(|(_, w)| !is_word(w)) => &t[words[k].0..],
        _ => t,
    }
}

/// Title lines follow the type label until the body starts: the legal bases
/// ("Căn cứ …"), an opening ("Thực hiện …", "Kính gửi") once the title has
/// begun, an upper-case line once the title has begun (the authority line
/// "CHỦ TỊCH ỦY BAN …" even before it), an annex note, a numbered heading,
/// a line ending in ";", or one ending in ":" (the body's lead-in, "… như
/// sau:": a title is a noun phrase and never introduces anything).
fn title_after(lines: &[&TextLine]) -> Option<String> {
    static STOP: OnceLock<Regex> = OnceLock::new();
    let stop = re(
        &STOP,
        r"^(?:c\S{1,2}n c\S{1,2}\b|kinh gui|\(k\S{1,2}m theo|kem theo|[ivx]+\s*[.-]|\d+\s*[.)]|phan\s|dieu\s+\d|theo de nghi|xet de nghi)",
    );
    let mut parts: Vec<&str> = Vec::new();
    for l in lines.iter().take(8) {
        if is_noise(&l.text) {
            continue;
        }
        // Specks before a line's first word hide nothing it opens with.
        let text = trim_junk(&l.text);
        let f = fold_ocr(text.trim_start_matches(|c: char| !c.is_alphanumeric()));
        let authority = f.starts_with("chu tich") && text.split_whitespace().count() > 3;
        let opening = !parts.is_empty() && is_body_start(text);
        let lead_in = !parts.is_empty() && text.trim_end().ends_with(':');
        if stop.is_match(&f)
            || opening
            || lead_in
            || is_upper(&l.text) && (!parts.is_empty() || authority)
        {
            break;
        }
        let t = trim_junk(&l.text);
        let t = if parts.is_empty() { after_noise(t) } else { t };
        if !t.is_empty() {
            parts.push(t);
        }
        if l.text.trim_end().ends_with(';') {
            break;
        }
    }
    // A title (trích yếu) ends without a full stop; a speck read as one
    // goes. An ellipsis stays.
    let title = crate::text::clean_opt(&unspeck_title(&parts.join(" ")))?;
    match title.strip_suffix('.') {
        Some(t) if !t.ends_with('.') => crate::text::clean_opt(t),
        _ => Some(title),
    }
}

/// A title is one noun phrase: a full stop before a word in lower case
/// ("Chuyển. đổi số", "một. cửa") and an apostrophe glued to a word
/// ("lãng' phí") are specks OCR read as marks. "TP. Hồ Chí Minh" stays.
fn unspeck_title(t: &str) -> String {
    static STOP: OnceLock<Regex> = OnceLock::new();
    static QUOTE: OnceLock<Regex> = OnceLock::new();
    let t = re(&STOP, r"(\p{Ll})\.(\s+\p{Ll})").replace_all(t, "$1$2");
    re(&QUOTE, r"(\p{L})['`’](\s|$)")
        .replace_all(&t, "$1$2")
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::from_plain_text;

    #[test]
    fn specks_in_a_title() {
        for (title, want) in [
            (
                "Chuyển. đổi số và phát triển",
                "Chuyển đổi số và phát triển",
            ),
            (
                "một. cửa, một cửa liên thông. năm 2026",
                "một cửa, một cửa liên thông năm 2026",
            ),
            ("chống lãng' phí năm 2026", "chống lãng phí năm 2026"),
            (
                "trên địa bàn TP. Hồ Chí Minh",
                "trên địa bàn TP. Hồ Chí Minh",
            ),
            (
                "Kế hoạch số 12/KH-UBND ngày 1.2",
                "Kế hoạch số 12/KH-UBND ngày 1.2",
            ),
        ] {
            assert_eq!(unspeck_title(title), want, "{title}");
        }
    }

    #[test]
    fn number_table() {
        for (input, want) in [
            (" 1168/KH-SGDĐT", Some("1168/KH-SGDĐT")),
            ("1168 /KH-SGDDT Hai Phong", Some("1168/KH-SGDDT")),
            ("   /QĐ-UBND", None),
            (" 25/2026/NQ-HĐND", Some("25/2026/NQ-HĐND")),
            (":1168 /KH- SGDĐT. `", Some("1168/KH-SGDĐT")),
            ("6252 IKH-SGDĐT Hải Phòng", Some("6252/KH-SGDĐT")),
            (" 1 1 5 /KH-SNNMT", Some("115/KH-SNNMT")),
            (" 196 /TTr-CAT-PC04", Some("196/TTr-CAT-PC04")),
            ("$6:6252 IKH-SGDĐT Hải Phòng", Some("6252/KH-SGDĐT")),
            ("£86/QĐ-VKSTC", None),
            (": 1.7/KH-BCA-C04", None),
            ("ØÓ6` /KH-TCTLNTW-C04", None),
            (":127//KH-SYTT", Some("127/KH-SYTT")),
            (" 1156KH-UBND", Some("1156/KH-UBND")),
            (":Í156/KH-UBND -", Some("1156/KH-UBND")),
            ("; 5 41/KH-SXP", Some("541/KH-SXP")),
        ] {
            assert_eq!(strip_number(input).0.as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn issuer_codes_one_slip_from_the_issuers_initials_are_mended() {
        for (number, issuer, want) in [
            ("541/KH-SXP", "Sở Xây dựng", "541/KH-SXD"),
            ("127/KH-SYTT", "Sở Y tế", "127/KH-SYT"),
            ("12/KH-SNNMI", "Sở Nông nghiệp và Môi trường", "12/KH-SNNMT"),
            (
                "196/TTr-CAI-PC04",
                "Công an tỉnh Lâm Đồng",
                "196/TTr-CAT-PC04",
            ),
            (
                "996/KH-TCTLNTV-C04",
                "Tổ công tác liên ngành TW",
                "996/KH-TCTLNTW-C04",
            ),
            // Right, or too far from the initials to be a slip: kept.
            ("541/KH-SXD", "Sở Xây dựng", "541/KH-SXD"),
            (
                "286/QĐ-VKSTC",
                "Viện kiểm sát nhân dân tối cao",
                "286/QĐ-VKSTC",
            ),
            ("45/UBND-VP", "Ủy ban nhân dân xã Tân Hòa", "45/UBND-VP"),
            ("132/KH-SCT", "Sở Công Thương", "132/KH-SCT"),
            ("1168/KH-SGDĐT", "Sở Giáo dục và Đào tạo", "1168/KH-SGDĐT"),
            ("10/KH-UBND", "Ủy ban nhân dân", "10/KH-UBND"),
            ("7/KH-BQL", "Ban Quản lý dự án", "7/KH-BQL"),
        ] {
            assert_eq!(mend_issuer_code(number, issuer), want, "{number} {issuer}");
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
                Some("Hải Phòng"),
                Some("2026-03-03"),
            ),
            (
                "Bắc Ninh, ngày 31 tháng 02 năm 2026",
                Some("Bắc Ninh"),
                Some("2026-02"),
            ),
            ("Hà Nội, ngày 05 tháng 01 năm 1013", Some("Hà Nội"), None),
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
        assert_eq!(h.type_label.as_deref(), Some("KẾ HOẠCH"));
        // "SGDDT" is one slip from the initials of Sở Giáo dục và Đào tạo.
        assert_eq!(h.number.as_deref(), Some("1168/KH-SGDĐT"));
        assert_eq!(h.issued_on.as_deref(), Some("2026-03-03"));
        // Place names and fixed body names snap to their spelling.
        assert_eq!(h.place.as_deref(), Some("Hải Phòng"));
        assert_eq!(h.parent_issuer.as_deref(), Some("UBND thanh pho Hải Phòng"));
        assert_eq!(h.issuer.as_deref(), Some("Sở Giáo dục và Đào tạo"));
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
            // The colon under a handwritten number.
            ("Số 286/QĐ-VKSTC", Some(3)),
            ("só£86/QĐ-VKSTC", Some(2)),
            ("Sử:ØÓ6` /KH-TCTLNTW-C04", Some(3)),
            ("Sốt 132/KH-SCT", Some(4)),
        ] {
            assert_eq!(number_line(&fold_ocr(line)), want, "{line}");
        }
    }

    /// Lines of a scanned page 600 pt wide: each on the left or the right
    /// half, one under the other.
    fn placed(lines: &[(&str, bool)]) -> Vec<TextLine> {
        lines
            .iter()
            .enumerate()
            .map(|(i, &(text, left))| {
                let (x0, x1) = if left { (60.0, 250.0) } else { (320.0, 560.0) };
                let y0 = 40.0 + 14.0 * i as f32;
                TextLine {
                    page: 1,
                    text: text.to_string(),
                    bbox: crate::geometry::Rect {
                        x0,
                        y0,
                        x1,
                        y1: y0 + 12.0,
                    },
                    conf: 0.9,
                }
            })
            .collect()
    }

    #[test]
    fn a_code_left_of_a_lost_number_line_is_no_unit() {
        // "Số: 4552/BCA-C04" read as a label, and its code on a line of
        // its own: the code does not run on into the issuer's name.
        let lines = placed(&[
            ("BỘ CÔNG AN", true),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", false),
            ("Độc lập - Tự do - Hạnh phúc", false),
            ("Sử.", true),
            (":/BCA-C04", true),
            ("Hà Nội, ngày — tháng 10 năm 2025", false),
            ("V/vrà soát, đánh giá mức độ trọng điểm", true),
        ]);
        let h = parse(&lines, 600.0);
        assert_eq!(h.issuer.as_deref(), Some("Bộ Công an"));
        assert_eq!(
            h.title.as_deref(),
            Some("V/v rà soát, đánh giá mức độ trọng điểm")
        );
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

    fn header_of(txt: &str) -> DocumentHeader {
        parse(&from_plain_text(txt).lines, 0.0)
    }

    #[test]
    fn body_headings_and_cited_dates_stay_out_of_the_header() {
        // The "Số:" line unread: the issuer is still bounded by the header
        // block, and the body's headings and cited dates stay out.
        let txt = "BỘ CÔNG AN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
TỔ CÔNG TÁC LIÊN NGÀNH TW  Độc lập - Tự do - Hạnh phúc\n\
KẺ HOẠCH\nPhối hợp kiểm soát các hoạt động\nliên quan đến ma túy năm 2026\n\
Thực hiện Nghị định số 105/2021/NĐ-CP ngày 04 tháng 12 năm 2021 của\n\
I. MỤC ĐÍCH, YÊU CẦU\nII. NỘI DUNG\nV. TỔ CHỨC THỰC HIỆN\n";
        let h = header_of(txt);
        assert_eq!(h.issuer.as_deref(), Some("Tổ công tác liên ngành TW"));
        assert_eq!(h.parent_issuer.as_deref(), Some("Bộ Công an"));
        assert_eq!((h.place, h.issued_on), (None, None));
        assert_eq!(
            (h.doc_type, h.type_label.as_deref()),
            (DocType::KeHoach, Some("KẾ HOẠCH"))
        );
        assert_eq!(
            h.title.as_deref(),
            Some("Phối hợp kiểm soát các hoạt động liên quan đến ma túy năm 2026")
        );
    }

    #[test]
    fn incoming_stamp_is_not_the_number() {
        let txt = "BỘ CÔNG AN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
UBND TỈNH LÂM ĐỒNG\nĐẾN Số: 1614/KH-X\nNgày: 01/3/2026\n\
Số: 996 /KH-TCTLNTW-C04  Hà Nội, ngày 24 tháng 02 năm 2026\nKẾ HOẠCH\nPhối hợp\n";
        let h = header_of(txt);
        assert_eq!(h.number.as_deref(), Some("996/KH-TCTLNTW-C04"));
        assert_eq!(h.issued_on.as_deref(), Some("2026-02-24"));
        assert_eq!(h.place.as_deref(), Some("Hà Nội"));
    }

    #[test]
    fn a_cover_letter_gives_its_own_header() {
        // A Tờ trình on page 1, the plan it submits after it.
        let mut lines = from_plain_text(
            "BỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG\nSố: 196 /TTr-CAT-PC04\n\
Lâm Đồng, ngày 18 tháng 3 năm 2026\nTỜ TRÌNH\nVề việc ban hành kế hoạch\n\
Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Đậu Xuân Bảo\n",
        )
        .lines;
        let mut plan = from_plain_text(
            "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: /KH-UBND\nLâm Đồng, ngày tháng 3 năm 2026\n\
KẾ HOẠCH\nTăng cường công tác\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n",
        )
        .lines;
        plan.iter_mut().for_each(|l| l.page = 2);
        lines.extend(plan);
        let h = parse(&lines, 0.0);
        assert_eq!(h.doc_type, DocType::ToTrinh);
        assert_eq!(h.number.as_deref(), Some("196/TTr-CAT-PC04"));
        assert_eq!(h.issuer.as_deref(), Some("Công an tỉnh Lâm Đồng"));
        assert_eq!(h.parent_issuer.as_deref(), Some("Bộ Công an"));
        assert_eq!(h.issued_on.as_deref(), Some("2026-03-18"));
        assert_eq!(h.title.as_deref(), Some("Về việc ban hành kế hoạch"));
        assert_eq!(h.signer.as_deref(), Some("Đậu Xuân Bảo"));
    }

    #[test]
    fn cong_van_subject_is_its_title() {
        let txt = "BỘ CÔNG AN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
Độc lập - Tự do - Hạnh phúc\nSố: 4552/BCA-C04  Hà Nội, ngày 9 tháng 10 năm 2025\n\
V/v rà soát, đánh giá mức độ\nphức tạp về ma túy\nKính gửi: Ủy ban nhân dân các tỉnh\n";
        let h = header_of(txt);
        assert_eq!(h.doc_type, DocType::CongVan);
        assert_eq!(h.issuer.as_deref(), Some("Bộ Công an"));
        assert_eq!(h.parent_issuer, None);
        assert_eq!(
            h.title.as_deref(),
            Some("V/v rà soát, đánh giá mức độ phức tạp về ma túy")
        );
        assert_eq!(h.issued_on.as_deref(), Some("2025-10-09"));
    }

    #[test]
    fn wrapped_date_lines_places_like_openings_and_short_title_lines() {
        // The date line wrapped in its column, the number's line between.
        let h = header_of(
            "UBND THÀNH PHỐ HỒ CHÍ MINH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nĐộc lập - Tự do - Hạnh phúc\n\
Thành phố Hồ Chí Minh, ngày 26 tháng\nSố: 12/KH-SKHCN\n02 năm 2026\nKẾ HOẠCH\n\
Kiểm soát thủ tục hành chính\nnăm 2026.\nCăn cứ tình hình thực tế,\n",
        );
        assert_eq!(h.place.as_deref(), Some("Thành phố Hồ Chí Minh"));
        assert_eq!(h.issued_on.as_deref(), Some("2026-02-26"));
        // "năm 2026" ends the title; a speck's full stop does not.
        assert_eq!(
            h.title.as_deref(),
            Some("Kiểm soát thủ tục hành chính năm 2026")
        );
        // "Cồn Cỏ" folds like "Căn cứ" but dates the document.
        let h = header_of(
            "ỦY BAN NHÂN DÂN\nĐẶC KHU CỒN CỎ\nSố: 607/KH-UBND\nCồn Cỏ, ngày 06 tháng 03 năm 2026\n\
KẾ HOẠCH\nCải cách hành chính năm 2026\n-_ Căn cứ tình hình thực tế, Ủy ban\n",
        );
        assert_eq!(h.type_label.as_deref(), Some("KẾ HOẠCH"));
        assert_eq!(h.place.as_deref(), Some("Cồn Cỏ"));
        assert_eq!(h.title.as_deref(), Some("Cải cách hành chính năm 2026"));
        // The body's lead-in ends the title: a paragraph of a Word file
        // is one line, ending "như sau:"; or an opening the title has not.
        for body in [
            "Trên cơ sở kết quả năm 2025, UBND tỉnh ban hành Kế hoạch như sau:",
            "Tiếp tục thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021",
        ] {
            let h = header_of(&format!(
                "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: /KH-UBND\nKẾ HOẠCH\n\
Tuyên truyền Cải cách hành chính năm 2026\n{body}\nI. MỤC ĐÍCH\n"
            ));
            assert_eq!(
                h.title.as_deref(),
                Some("Tuyên truyền Cải cách hành chính năm 2026"),
                "{body}"
            );
        }
    }

    #[test]
    fn scan_noise_stays_out_of_the_title() {
        let txt = "BỘ CÔNG AN\nSố: 1/KH-X\nKẾ HOẠCH\nSố....Áb.4,........\n\
b; ))NHHƯưng Phối hợp kiểm soát các hoạt động hợp pháp\n°.9994009Ề000000900690000000000996006,\n\
liên quan đến ma túy năm 2026\n999009000000900000020g;\nThực hiện Nghị định số 105\n";
        assert_eq!(
            header_of(txt).title.as_deref(),
            Some("Phối hợp kiểm soát các hoạt động hợp pháp liên quan đến ma túy năm 2026")
        );
        // A title line that is a period is no noise.
        let txt = "SỞ X\nSố: 1/KH-X\nKẾ HOẠCH\nThực hiện Chương trình giai đoạn\n2026-2030\nCăn cứ Luật\n";
        assert_eq!(
            header_of(txt).title.as_deref(),
            Some("Thực hiện Chương trình giai đoạn 2026-2030")
        );
        // A title that opens with a plain word keeps it.
        assert_eq!(
            after_noise("về việc ban hành Kế hoạch"),
            "về việc ban hành Kế hoạch"
        );
        // So does one whose first words are a list: a word keeps its comma.
        for t in [
            "Phòng, chống tham nhũng, tiêu cực năm 2026 của Sở Xây dựng",
            "Tuyên truyền, phổ biến, giáo dục pháp luật năm 2026",
        ] {
            assert_eq!(after_noise(t), t);
        }
        assert_eq!(
            after_noise("b; )) Phối hợp kiểm soát"),
            "Phối hợp kiểm soát"
        );
    }
}
