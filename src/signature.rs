//! E-signature stamps: the text lines of one stamp block (what the signing
//! software writes on a PDF page, read from its text layer) in, a
//! [`Signature`] of the output contract out.
//!
//! The stamps of Vietnamese e-signature systems are a few labelled lines:
//!
//! - "Ký bởi: SỞ TÀI CHÍNH" / "Ngày ký: 28-04-2026 16:22:19 +07:00"
//! - "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi" / "Cơ quan: Tỉnh Quảng Ngãi" /
//!   "Thời gian ký: 03/02/2025 10:47:25"
//! - unlabelled: "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC" / "ttcbth@quangngai.gov.vn" /
//!   "03.02.2025 14:00:35 +07:00"
//! - certified copies (Nghị định 30/2020/NĐ-CP, "SAO Y", "SAO LỤC",
//!   "TRÍCH SAO"): "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 18/03/2026; 08:32:14;
//!   +07:00", or "SAO Y" / "Bộ Công an" / "Thời gian ký:
//!   2025-10-02T16:24:01+07:00".
//!
//! Values wrap over lines (an e-mail address at a ".", an offset alone on
//! the last line); the parser joins them first.

use std::sync::OnceLock;

use regex::Regex;

use crate::export::{Signature, SignatureKind};
use crate::geometry::Rect;
use crate::ocr::Word;
use crate::text::{clean, fold, is_upper, regex as re};

/// What a labelled field of a stamp says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// "Ký bởi", "Người ký": who signed.
    By,
    /// "Cơ quan", "Tổ chức": the signer's organisation.
    Org,
    Email,
    /// "Ngày ký", "Thời gian ký".
    Time,
}

/// Field labels, folded, longest first where one starts another.
const LABELS: &[(&str, Label)] = &[
    ("duoc ky boi", Label::By),
    ("ky boi", Label::By),
    ("nguoi ky", Label::By),
    ("signed by", Label::By),
    ("co quan", Label::Org),
    ("to chuc", Label::Org),
    ("don vi", Label::Org),
    ("thu dien tu", Label::Email),
    ("e-mail", Label::Email),
    ("email", Label::Email),
    ("thoi gian ky", Label::Time),
    ("ngay gio ky", Label::Time),
    ("ngay ky", Label::Time),
    ("ky ngay", Label::Time),
];

/// A stamp is a few lines; a longer block is body text (where "Email:" and
/// dates also occur).
const MAX_STAMP_LINES: usize = 8;

/// Copy stamps ("SAO Y" and its kin): the page is a certified copy.
const COPY_MARKS: &[&str] = &["sao y", "sao luc", "trich sao"];

/// Vietnam keeps one time zone all year: a stamp that prints no offset
/// printed Vietnamese time.
const VIETNAM_OFFSET: &str = "+07:00";

/// One stamp's lines, top to bottom, as a signature found on `page`;
/// `None` when the lines are not a stamp.
pub fn parse_stamp(lines: &[String], page: usize) -> Option<Signature> {
    if lines.len() > MAX_STAMP_LINES {
        return None;
    }
    let fields = join_wraps(&split_fields(lines));
    let kind_at = fields.iter().position(|f| copy_mark(f).is_some());
    let labelled: Vec<Option<(Label, String)>> = fields.iter().map(|f| label_of(f)).collect();
    let has = |l: Label| labelled.iter().flatten().any(|(k, _)| *k == l);
    let whole = fields.join("\n");
    let time = find_time(&whole.replace('\n', " "));
    let email = find_email(&whole);
    let by = labelled_value(&fields, &labelled, Label::By)
        .or_else(|| {
            kind_at.and_then(|i| {
                let rest = copy_mark(&fields[i]).unwrap_or_default();
                (!rest.is_empty())
                    .then(|| rest.to_string())
                    .or_else(|| free_run(&fields, &labelled, i + 1))
            })
        })
        .or_else(|| free_run(&fields, &labelled, 0))
        .or_else(|| labelled_value(&fields, &labelled, Label::Org))
        .map(|b| name_case(&b))
        .filter(|b| !b.is_empty());
    // Free text with a date is not a stamp: a stamp says what it is by a
    // copy mark or a signing label, or is a signer with an address and a
    // signing time.
    let is_stamp = kind_at.is_some()
        || has(Label::By)
        || (has(Label::Time) && time.is_some())
        || (email.is_some() && time.is_some() && by.is_some());
    if !is_stamp || (by.is_none() && time.is_none()) {
        return None;
    }
    Some(Signature {
        kind: if kind_at.is_some() {
            SignatureKind::CertifiedCopy
        } else {
            SignatureKind::Signed
        },
        by,
        email,
        time,
        page,
    })
}

/// Lines cut at ";" (one-line stamps separate their fields so), cleaned.
fn split_fields(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| l.split(';'))
        .map(clean)
        .filter(|f| !f.is_empty())
        .collect()
}

/// Join the pieces of values that wrapped: an e-mail address broken after
/// "." / "@" / "-", and an offset ("+07:00") or a clock time alone after
/// its date.
fn join_wraps(fields: &[String]) -> Vec<String> {
    static OFFSET: OnceLock<Regex> = OnceLock::new();
    static DATE_END: OnceLock<Regex> = OnceLock::new();
    let offset = re(
        &OFFSET,
        r"^(?:GMT|UTC)?\s*[+-]\d{2}:?\d{2}$|^\d{1,2}:\d{2}(?::\d{2})?$",
    );
    let date_end = re(&DATE_END, r"\d{4}|\d{2}:\d{2}(?::\d{2})?$");
    let mut out: Vec<String> = Vec::new();
    for f in fields {
        match out.last_mut() {
            Some(prev)
                if prev.contains('@')
                    && !prev.contains(' ')
                    && prev.ends_with(['.', '@', '-'])
                    && !f.contains(' ') =>
            {
                prev.push_str(f)
            }
            Some(prev) if offset.is_match(f) && date_end.is_match(prev) => {
                prev.push(' ');
                prev.push_str(f);
            }
            _ => out.push(f.clone()),
        }
    }
    out
}

/// The text after a copy mark ("SAO Y Bộ Công an" → "Bộ Công an"), when the
/// field starts with one.
fn copy_mark(field: &str) -> Option<&str> {
    let folded = fold(field);
    COPY_MARKS.iter().find_map(|m| {
        let rest = folded.strip_prefix(m)?;
        if !(rest.is_empty() || rest.starts_with([' ', ':', ','])) {
            return None;
        }
        // Folding keeps one character for one: cut the original there.
        let cut = field
            .char_indices()
            .nth(m.chars().count())
            .map_or(field.len(), |(i, _)| i);
        Some(field[cut..].trim_start_matches([' ', ':', ',']))
    })
}

/// A field's label and the value after its ":", when it has one.
fn label_of(field: &str) -> Option<(Label, String)> {
    let folded = fold(field);
    LABELS.iter().find_map(|&(name, label)| {
        let rest = folded.strip_prefix(name)?.trim_start();
        rest.starts_with(':').then(|| {
            let skip = folded.chars().count() - rest.chars().count() + 1;
            let value: String = field.chars().skip(skip).collect();
            (label, clean(&value))
        })
    })
}

/// The value of the first field labelled `want`, with the unlabelled
/// fields after it that continue it (a name that wrapped).
fn labelled_value(
    fields: &[String],
    labelled: &[Option<(Label, String)>],
    want: Label,
) -> Option<String> {
    let i = labelled
        .iter()
        .position(|l| l.as_ref().is_some_and(|(k, _)| *k == want))?;
    let (_, head) = labelled[i].as_ref()?;
    let tail = free_run(fields, labelled, i + 1);
    let value = [Some(head.clone()), tail]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!value.is_empty()).then_some(value)
}

/// The unlabelled fields from `start` up to the first labelled one, e-mail
/// address, date or copy mark, joined: an organisation's name that fills
/// several lines.
fn free_run(
    fields: &[String],
    labelled: &[Option<(Label, String)>],
    start: usize,
) -> Option<String> {
    let run: Vec<&str> = fields
        .iter()
        .zip(labelled)
        .skip(start)
        .take_while(|(f, l)| {
            l.is_none() && !f.contains('@') && !has_digits(f) && copy_mark(f).is_none()
        })
        .map(|(f, _)| f.as_str())
        .collect();
    (!run.is_empty()).then(|| run.join(" "))
}

fn has_digits(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// A name as the contract writes it: upper-case unit names in their
/// written form ("CÔNG AN TỈNH LÂM ĐỒNG" → "Công an tỉnh Lâm Đồng").
fn name_case(s: &str) -> String {
    let s = s.trim_matches(|c: char| c.is_whitespace() || ",.:;-".contains(c));
    if is_upper(s) {
        crate::header::unit_case(s)
    } else {
        clean(s)
    }
}

fn find_email(text: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    )
    .find(text)
    .map(|m| m.as_str().to_string())
}

/// The first signing time in `text`, as ISO 8601: "2026-03-18T08:32:14+07:00".
/// Dates are day first ("18/03/2026", "28-04-2026", "03.02.2025") or ISO;
/// the clock time may follow the date, after spaces or ";", or come first.
/// A date alone gives the date.
fn find_time(text: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?x)
        (?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})
            (?:[T\s](?P<ih>\d{1,2}):(?P<imi>\d{2})(?::(?P<is>\d{2}))?)?
        | (?:(?P<bh>\d{1,2}):(?P<bmi>\d{2})(?::(?P<bs>\d{2}))?[\s;,]+)?
          (?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})
            (?:[\s;,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?
        ",
    );
    static OFF: OnceLock<Regex> = OnceLock::new();
    let off = re(&OFF, r"^[\s;,]*(?:GMT|UTC)?\s*(Z\b|[+-]\d{2}:?\d{2})");
    r.captures_iter(text).find_map(|c| {
        let g = |n: &str| c.name(n).map(|m| m.as_str());
        let num = |n: &str| g(n).and_then(|s| s.parse::<u32>().ok());
        let (y, m, d) = match g("iy") {
            Some(_) => (num("iy")?, num("im")?, num("id")?),
            None => (num("y")?, num("m")?, num("d")?),
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1990..=2100).contains(&y) {
            return None;
        }
        let date = format!("{y:04}-{m:02}-{d:02}");
        let clock = ["i", "b", ""].iter().find_map(|p| {
            let h = num(&format!("{p}h"))?;
            let mi = num(&format!("{p}mi"))?;
            let s = num(&format!("{p}s")).unwrap_or(0);
            (h < 24 && mi < 60 && s < 60).then_some((h, mi, s))
        });
        let Some((h, mi, s)) = clock else {
            return Some(date);
        };
        let end = c.get(0).map_or(text.len(), |m| m.end());
        let offset = off
            .captures(&text[end..])
            .map(|o| iso_offset(&o[1]))
            .unwrap_or_else(|| VIETNAM_OFFSET.to_string());
        Some(format!("{date}T{h:02}:{mi:02}:{s:02}{offset}"))
    })
}

/// "+0700" → "+07:00"; "Z" → "+00:00".
fn iso_offset(o: &str) -> String {
    if o == "Z" {
        return "+00:00".into();
    }
    let digits: String = o.chars().filter(char::is_ascii_digit).collect();
    format!("{}{}:{}", &o[..1], &digits[..2], &digits[2..])
}

/// Signatures among the words of a page's text layer (page `page`).
pub fn find(words: &[Word], page: usize) -> Vec<Signature> {
    blocks(words)
        .iter()
        .filter_map(|b| parse_stamp(b, page))
        .collect()
}

/// A text layer's words grouped into blocks of lines, each block's lines
/// top to bottom. A line breaks where words are further apart than twice
/// their height (two stamps side by side); a piece of line joins the block
/// above it when the two overlap across and lie within a line's height.
pub fn blocks(words: &[Word]) -> Vec<Vec<String>> {
    let mut pieces: Vec<(Rect, String)> = Vec::new();
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.line.cmp(&b.line).then(a.bbox.x0.total_cmp(&b.bbox.x0)));
    let mut prev: Option<&Word> = None;
    for w in sorted {
        let joins = prev.is_some_and(|p| {
            p.line == w.line && w.bbox.x0 - p.bbox.x1 <= 2.0 * p.bbox.height().max(w.bbox.height())
        });
        match pieces.last_mut() {
            Some((r, t)) if joins => {
                *r = r.union(&w.bbox);
                t.push(' ');
                t.push_str(&w.text);
            }
            _ => pieces.push((w.bbox, w.text.clone())),
        }
        prev = Some(w);
    }
    pieces.sort_by(|a, b| a.0.y0.total_cmp(&b.0.y0).then(a.0.x0.total_cmp(&b.0.x0)));
    // Each block: its last piece's box and its lines.
    let mut out: Vec<(Rect, Vec<String>)> = Vec::new();
    for (r, t) in pieces {
        let below = |last: &Rect| {
            let across = r.x0 < last.x1 && last.x0 < r.x1;
            let gap = r.y0 - last.y1;
            across && gap > -0.5 * r.height() && gap <= r.height()
        };
        match out.iter_mut().rev().find(|(last, _)| below(last)) {
            Some((last, lines)) => {
                *last = r;
                lines.push(t);
            }
            None => out.push((r, vec![t])),
        }
    }
    out.into_iter().map(|(_, lines)| lines).collect()
}

/// Drop repeats: the same stamp read twice (on every page, or once from
/// the page and once from its signature field) is one signature. Stamps of
/// one signer on one page, one of them without a time (the signature
/// field's "Ký bởi … Email …" beside the page's "SAO Y … time"), are one
/// signing: their details are merged, and a copy mark says what it was.
pub fn dedup(signatures: &mut Vec<Signature>) {
    let mut out: Vec<Signature> = Vec::new();
    for s in signatures.drain(..) {
        match out.iter_mut().find(|o| same_signing(o, &s)) {
            Some(o) => {
                if s.kind == SignatureKind::CertifiedCopy {
                    o.kind = SignatureKind::CertifiedCopy;
                }
                o.email = o.email.take().or(s.email);
                o.time = o.time.take().or(s.time);
            }
            None => out.push(s),
        }
    }
    *signatures = out;
}

/// The day of issue, when the printed date leaves it out and the
/// organisation's e-signature gives it. Nghị định 30/2020/NĐ-CP has the
/// issuing body sign an electronic document as it issues it, the clerk
/// filling in number and day by hand on paper: a `signed` stamp (never a
/// certified copy's, made later) whose date falls in the printed month
/// (or year) dates the issue. `issued_on` is "YYYY-MM" or "YYYY"; returns
/// the full date and the stamp's page, from the earliest such stamp.
pub fn issue_day(issued_on: &str, signatures: &[Signature]) -> Option<(String, usize)> {
    if issued_on.len() == 10 {
        return None;
    }
    signatures
        .iter()
        .filter(|s| s.kind == SignatureKind::Signed)
        .filter_map(|s| {
            let day = s.time.as_deref()?.get(..10)?;
            (day.starts_with(issued_on) && day.as_bytes()[issued_on.len()] == b'-')
                .then(|| (day.to_string(), s.page))
        })
        .min()
}

/// The earliest e-signature stamp (of any kind: a copy is certified after
/// the issue, too) dated before a full `issued_on`, with its page: a
/// document is not issued after it was signed or copied, so such a date
/// is misread (a handwritten day read wrong).
pub fn stamped_before(issued_on: &str, signatures: &[Signature]) -> Option<(String, usize)> {
    if issued_on.len() != 10 {
        return None;
    }
    signatures
        .iter()
        .filter_map(|s| {
            let day = s.time.as_deref()?.get(..10)?;
            (day < issued_on).then(|| (day.to_string(), s.page))
        })
        .min()
}

fn same_signing(a: &Signature, b: &Signature) -> bool {
    let untimed = a.time.is_none() || b.time.is_none();
    a.by == b.by && (a.time == b.time || (a.page == b.page && untimed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_organisations_signature_dates_an_issue_whose_day_is_not_printed() {
        let stamp = |kind, time: &str, page| Signature {
            kind,
            by: Some("Sở Tài chính".into()),
            email: None,
            time: Some(time.into()),
            page,
        };
        let signed = stamp(SignatureKind::Signed, "2026-04-28T16:22:19+07:00", 1);
        let later = stamp(SignatureKind::Signed, "2026-04-29T08:00:00+07:00", 3);
        let copy = stamp(SignatureKind::CertifiedCopy, "2026-04-20T09:00:00+07:00", 1);
        let day = |d: &str, s: &[Signature]| issue_day(d, s);
        assert_eq!(
            day("2026-04", &[later.clone(), signed.clone()]),
            Some(("2026-04-28".into(), 1))
        );
        assert_eq!(
            day("2026", std::slice::from_ref(&signed)),
            Some(("2026-04-28".into(), 1))
        );
        // A printed day stands; another month or year is another event.
        assert_eq!(day("2026-04-02", std::slice::from_ref(&signed)), None);
        assert_eq!(day("2026-05", std::slice::from_ref(&signed)), None);
        assert_eq!(day("2025", std::slice::from_ref(&signed)), None);
        // A certified copy is made after the issue.
        assert_eq!(day("2026-04", std::slice::from_ref(&copy)), None);
        assert_eq!(day("2026-04", &[]), None);
        // No document is issued after it is signed or copied: a date read
        // later than a stamp is misread; the earliest such stamp says so.
        let before = |d: &str| stamped_before(d, &[signed.clone(), copy.clone(), later.clone()]);
        assert_eq!(before("2026-04-21"), Some(("2026-04-20".into(), 1)));
        assert_eq!(before("2026-04-20"), None);
        assert_eq!(before("2026-04-02"), None);
        // A date without its day is no contradiction.
        assert_eq!(before("2026-05"), None);
    }

    fn lines(s: &str) -> Vec<String> {
        s.split('|').map(str::to_string).collect()
    }

    #[test]
    fn stamp_grammar_table() {
        use SignatureKind::*;
        type Want<'a> = Option<(
            SignatureKind,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        )>;
        let rows: [(&str, Want); 13] = [
            (
                "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 18/03/2026; 08:32:14; +07:00",
                Some((CertifiedCopy, Some("Công an tỉnh Lâm Đồng"), None, Some("2026-03-18T08:32:14+07:00"))),
            ),
            (
                "SAO Y|Bộ Công an|Thời gian ký: 2025-10-02T16:24:01+07:00",
                Some((CertifiedCopy, Some("Bộ Công an"), None, Some("2025-10-02T16:24:01+07:00"))),
            ),
            (
                "Ký bởi: SỞ TÀI CHÍNH|Ngày ký: 28-04-2026 16:22:19 +07:00",
                Some((Signed, Some("Sở Tài chính"), None, Some("2026-04-28T16:22:19+07:00"))),
            ),
            // No offset printed: Vietnamese time.
            (
                "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi|Cơ quan: Tỉnh Quảng Ngãi|Thời gian ký: 03/02/2025 10:47:25",
                Some((Signed, Some("Ủy ban nhân dân tỉnh Quảng Ngãi"), None, Some("2025-02-03T10:47:25+07:00"))),
            ),
            // Unlabelled, the address and the offset wrapped.
            (
                "TRUNG TÂM CÔNG|BÁO VÀ TIN HỌC|ttcbth@quangngai.gov.|vn|03.02.2025 14:00:35|+07:00",
                Some((Signed, Some("Trung tâm Công báo và Tin học"), Some("ttcbth@quangngai.gov.vn"), Some("2025-02-03T14:00:35+07:00"))),
            ),
            // A name that wrapped; a labelled address; offset without colon.
            (
                "Người ký: Nguyễn Văn|An|Email: an.nv@gialai.gov.vn|Thời gian ký: 2026-01-05 09:03 +0700",
                Some((Signed, Some("Nguyễn Văn An"), Some("an.nv@gialai.gov.vn"), Some("2026-01-05T09:03:00+07:00"))),
            ),
            // Clock time first.
            (
                "Ký bởi: Văn phòng UBND tỉnh|Ngày ký: 16:22 05/12/2025",
                Some((Signed, Some("Văn phòng UBND tỉnh"), None, Some("2025-12-05T16:22:00+07:00"))),
            ),
            (
                "SAO LỤC|Văn phòng Chính phủ|Ngày ký: 01/02/2026",
                Some((CertifiedCopy, Some("Văn phòng Chính phủ"), None, Some("2026-02-01"))),
            ),
            // Body text with a date is no stamp.
            ("Hải Phòng, ngày 03 tháng 3 năm 2026|Căn cứ Quyết định ngày 12/01/2026", None),
            ("KẾ HOẠCH|Tổ chức Hội nghị", None),
            // A plan's own schedule is not a signing time.
            ("Thời gian: 08 giờ 00, ngày 09/10/2025|Email: vp@bca.gov.vn", None),
            // An impossible date is no time.
            ("Ký bởi: SỞ Y TẾ|Ngày ký: 45/13/2026 10:00:00", Some((Signed, Some("Sở Y tế"), None, None))),
            ("Ngày ký: 2026-13-01", None),
        ];
        for (input, want) in rows {
            let got = parse_stamp(&lines(input), 1).map(|s| (s.kind, s.by, s.email, s.time));
            let want = want.map(|(k, b, e, t)| {
                (
                    k,
                    b.map(String::from),
                    e.map(String::from),
                    t.map(String::from),
                )
            });
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn the_same_stamp_twice_is_one_signature() {
        let stamp = |s: &str, page| parse_stamp(&lines(s), page).unwrap();
        let copy = stamp(
            "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 18/03/2026; 08:32:14; +07:00",
            1,
        );
        let field = stamp(
            "Ký bởi: CÔNG AN TỈNH LÂM ĐỒNG|Email: congantinhlamdong@lgsp.bca|Cơ quan: BỘ CÔNG AN",
            1,
        );
        let other = stamp(
            "Ký bởi: SỞ TÀI CHÍNH|Ngày ký: 28-04-2026 16:22:19 +07:00",
            1,
        );
        let mut all = vec![
            field.clone(),
            copy.clone(),
            Signature {
                page: 2,
                ..copy.clone()
            },
            other.clone(),
            // The same signer signing again later is another signature.
            Signature {
                time: Some("2026-04-01T09:00:00+07:00".into()),
                ..copy.clone()
            },
        ];
        dedup(&mut all);
        let merged = Signature {
            email: Some("congantinhlamdong@lgsp.bca".into()),
            ..copy.clone()
        };
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all[0], merged);
        assert_eq!(all[1], other);
        assert_eq!(all[2].time.as_deref(), Some("2026-04-01T09:00:00+07:00"));
        // An untimed field on another page is not merged into it.
        let mut apart = vec![
            copy.clone(),
            Signature {
                page: 3,
                ..field.clone()
            },
        ];
        dedup(&mut apart);
        assert_eq!(apart.len(), 2);
    }
}
