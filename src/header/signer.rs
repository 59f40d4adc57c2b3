//! The signer of a document: its lines (all pages, reading order) in, the
//! signer's name out, without rank ("Đại tá", "Thượng tướng") or title.
//!
//! The name sits under the signature block's authority lines ("KT. GIÁM
//! ĐỐC / PHÓ GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"); failing that, an
//! e-signature stamp names the signer; failing that (OCR that lost the
//! authority lines), the name that closes the text after "Nơi nhận".

use std::sync::OnceLock;

use regex::Regex;

use super::{orig_suffix, trim_junk};
use crate::layout::TextLine;
use crate::text::{clean, fold_ocr, is_upper, regex as re};

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

/// A name without the rank or degree before it: "Đại tá Đậu Xuân Bảo" →
/// "Đậu Xuân Bảo", "TS. Nguyễn Văn A" → "Nguyễn Văn A".
fn without_rank(s: &str) -> String {
    static R: OnceLock<Regex> = OnceLock::new();
    let folded = fold_ocr(s);
    let rank = re(
        &R,
        r"^(?:(?:dai|thuong|trung|thieu)\s+(?:ta|uy|tuong)\s+|(?:(?:pgs|gs|ts|ths|bs|ks)\s*\.\s*)+)",
    );
    match rank.find(&folded) {
        Some(m) => orig_suffix(s, &folded, m.end()),
        None => s.to_string(),
    }
}

/// A person's name read from a line, rank dropped.
pub(super) fn name_in(line: &str) -> Option<String> {
    // Specks beside a name read as punctuation ("- Ngô Quốc Phương.").
    let line =
        trim_junk(line).trim_end_matches(|c: char| ".,;:-_".contains(c) || c.is_whitespace());
    let n = without_rank(&clean(line));
    is_person_name(&n).then(|| super::names::person(&n))
}

/// Signing-authority line: "KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN".
pub(super) fn is_role_line(line: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let f = fold_ocr(line);
    is_upper(line)
        && line.split_whitespace().count() <= 8
        && re(
            &R,
            r"^(?:(?:kt|tm|tl|ktl|q|ttl)\s*[.:]?\s*)?(?:pho\s+)?(?:chu tich|giam doc|truong|chanh|bi thu|thu truong|bo truong|hieu truong|tong giam doc|cuc truong|vien truong|to truong|uy ban|hoi dong|chu nhiem)",
        )
        .is_match(&f)
}

/// The name under a role line. With geometry the name must sit under it on
/// the same page (the recipients list beside it interleaves in reading
/// order); without, within a few lines after it.
fn under_role(lines: &[TextLine], i: usize) -> Option<String> {
    let role = &lines[i];
    let geometric = role.bbox.width() > 0.0;
    let window = if geometric { usize::MAX } else { 12 };
    lines[i + 1..]
        .iter()
        .take(window)
        .take_while(|n| n.page == role.page)
        .filter(|n| {
            !geometric
                || (n.bbox.y0 >= role.bbox.y0
                    && n.bbox.y0 - role.bbox.y1 < 260.0
                    && (n.bbox.center_x() - role.bbox.center_x()).abs() < 120.0)
        })
        .find_map(|n| name_in(&n.text))
}

/// An e-signature stamp's signer ("Lương Văn Việt<…@…> đã ký lên văn bản
/// này", "Người ký: …").
fn stamped(lines: &[TextLine]) -> Option<String> {
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

/// The name that closes the text (after the last "Nơi nhận:", if that was
/// read): the block's authority lines were not read.
fn closing_name(lines: &[TextLine]) -> Option<String> {
    let start = lines
        .iter()
        .rposition(|l| fold_ocr(&l.text).trim_start().starts_with("noi nhan"))
        .map_or(lines.len().saturating_sub(25), |i| i + 1);
    lines[start..]
        .iter()
        .rev()
        .take(20)
        .filter(|l| !l.text.trim_start().starts_with(['-', '+', '•']))
        .find_map(|l| name_in(&l.text))
}

/// The signer: under the first signature block that names one, else from a
/// stamp, else the name closing the text.
pub(super) fn signer(lines: &[TextLine]) -> Option<String> {
    (0..lines.len())
        .filter(|&i| is_role_line(trim_junk(&lines[i].text)))
        .find_map(|i| under_role(lines, i))
        .or_else(|| stamped(lines))
        .or_else(|| closing_name(lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::from_plain_text;

    fn signer_of(txt: &str) -> Option<String> {
        signer(&from_plain_text(txt).lines)
    }

    #[test]
    fn signer_follows_role_line() {
        for (txt, want) in [
            (
                "Nơi nhận:\n- Như Điều 3;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Minh Cường\n",
                Some("Hoàng Minh Cường"),
            ),
            // Rank is not part of the name.
            ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Đậu Xuân Bảo\n", Some("Đậu Xuân Bảo")),
            ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Nguyễn Văn Long\n", Some("Nguyễn Văn Long")),
            ("KT. TỔ TRƯỞNG\nPHÓ TỔ TRƯỞNG\nPHÓ CỤC TRƯỞNG\nĐại tá Bùi Duy Hưng\n", Some("Bùi Duy Hưng")),
            (
                "Cổng thông tin\n\tLương Văn Việt<luongvanviet@haiphong.edu.vn> đã ký lên văn bản này trên HP-eOffice\n",
                Some("Lương Văn Việt"),
            ),
            ("Người ký: Nguyễn Văn An\n", Some("Nguyễn Văn An")),
            // No authority line read: the name closing the recipients.
            ("Nơi nhận:\n- Lãnh đạo Sở;\n- Lưu: VT.\nTrần Việt Tuấn\n", Some("Trần Việt Tuấn")),
            ("Nơi nhận:\n- Lãnh đạo Sở;\n- Lưu: VT.\n", None),
            // Specks read around the lines of a scanned block.
            (
                "Nơi nhận:\n|\nKT. GIÁM ĐỐC\nh\n\"Như tên......”.... PHÓ GIÁM ĐỐC\n- Lưu: VT,\nh.\n.\n_ Vũ Văn Yến\n",
                Some("Vũ Văn Yến"),
            ),
            (
                "TM. ỦY BAN NHÂN DÂN:\n'Nơi nhận:.\n¬\nCHỦ TỊCH:\n- Như trên;\n\"\n- -Lưu:VT..\n- Ngô Quốc Phương.\n",
                Some("Ngô Quốc Phương"),
            ),
            // Neither the authority lines nor "Nơi nhận" read.
            ("phương.\n2 TRƯIƯỞA\n- UBND các tỉnh;\nĐại tá Bùi Duy Hưng\n- Lưu: VT.\n", Some("Bùi Duy Hưng")),
            ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ\nCăn cứ Luật Tổ chức chính quyền;\n", None),
        ] {
            assert_eq!(signer_of(txt).as_deref(), want, "{txt}");
        }
    }
}
