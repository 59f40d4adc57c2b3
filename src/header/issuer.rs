//! The issuing bodies of a header: the upper-case lines top left (above the
//! "Số:" line) in, the issuer and its parent out, in written casing.
//!
//! A body's name starts with a head noun (Sở, Bộ, Ủy ban nhân dân, Công
//! an, Viện kiểm sát, Tổ công tác, Ban, Văn phòng …); a line without one
//! continues the name above ("VIỆN KIỂM SÁT NHÂN DÂN" / "TỐI CAO",
//! "ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG"). The last body named is the issuer,
//! the one above it its parent. Names with a fixed spelling and place names
//! are snapped to it (`names`), so an OCR slip does not reach the output.

use crate::text::{capitalize, clean, fold, is_upper};

/// Words that name an administrative area; what follows them is a proper
/// name ("thành phố Hải Phòng").
/// Folded, so that unrepaired OCR ("THANH PHO") matches too.
pub(super) const PLACE_TYPES: &[&str] = &[
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
/// Head nouns that open the name of an issuing body (folded, whole words).
const HEADS: &[&str] = &[
    "uy ban",
    "ubnd",
    "hoi dong",
    "hdnd",
    "vien",
    "toa an",
    "cong an",
    "bo",
    "so",
    "cuc",
    "chi cuc",
    "tong cuc",
    "vu",
    "ban",
    "van phong",
    "trung tam",
    "phong",
    "to",
    "doi",
    "thanh tra",
    "kho bac",
    "bao hiem",
    "ngan hang",
    "chi nhanh",
    "truong",
    "dai",
    "bao",
    "hoi",
    "doan",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang uy",
    "dang bo",
    "mat tran",
    "lien doan",
    "hoc vien",
    "benh vien",
    "cong ty",
    "tong cong ty",
    "chinh phu",
    "kiem toan",
    "bch",
    "btv",
    "ttg",
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
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    // A body named by its kind ("Sở", "Trung tâm") capitalises each of
    // its fields, also after "và" and commas.
    let kind = folded
        .first()
        .is_some_and(|f| ORG_TYPES.contains(&f.as_str()))
        || (folded.len() > 1
            && ORG_TYPES.contains(&format!("{} {}", folded[0], folded[1]).as_str()));
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
            // "Viện kiểm sát" names a kind of body, not a field of one.
            cap_next = ORG_TYPES.contains(&fw.as_str()) && two.as_deref() != Some("vien kiem");
        } else {
            out.push(lw.clone());
            // "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch".
            if fw == "va" || w.ends_with(',') {
                cap_next = kind;
            }
        }
        i += 1;
    }
    out.join(" ")
}

/// Upper-case abbreviation ("UBND", "HĐND", "TTHC", "SGDĐT"): no vowel, or
/// ending in a consonant pair no Vietnamese syllable ends in.
pub(super) fn is_abbreviation(w: &str) -> bool {
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
pub(super) fn unglue_words(s: &str) -> String {
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

/// Whether a folded line opens with `phrase` as whole words.
fn starts_with_words(folded: &str, phrase: &str) -> bool {
    folded
        .strip_prefix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()))
}

/// Whether a line opens a body's name (else it continues the one above):
/// a head noun and at least one word naming which ("TRƯỜNG" alone ends
/// "SỞ NÔNG NGHIỆP VÀ MÔI" / "TRƯỜNG").
fn opens_body(line: &str) -> bool {
    let f = fold(line);
    line.split_whitespace().count() >= 2 && HEADS.iter().any(|h| starts_with_words(&f, h))
}

/// Head nouns as they are spelt, by their fold: an OCR slip in the first
/// word ("TỎ CÔNG TÁC", "SỐ NGOẠI VỤ") is mended, since no other word of
/// that fold opens a body's name.
const HEAD_SPELLING: &[(&str, &str)] = &[
    ("to", "Tổ"),
    ("so", "Sở"),
    ("bo", "Bộ"),
    ("cuc", "Cục"),
    ("vu", "Vụ"),
    ("doi", "Đội"),
    ("vien", "Viện"),
    ("hoi", "Hội"),
    ("dai", "Đài"),
    ("truong", "Trường"),
    ("phong", "Phòng"),
    ("doan", "Đoàn"),
];

/// A unit in written casing, its fixed name or place name snapped.
fn written(unit: &str) -> String {
    if let Some(b) = super::names::body(unit) {
        return b.to_string();
    }
    let cased = unit_case(unit);
    let cased = match cased.split_once(' ') {
        Some((head, rest)) => {
            let f = fold(head);
            match HEAD_SPELLING.iter().find(|(k, _)| *k == f) {
                Some((_, spelt)) => format!("{spelt} {rest}"),
                None => cased,
            }
        }
        None => cased,
    };
    // The proper name after the last area word ("tỉnh LAMDONG").
    let words: Vec<&str> = cased.split_whitespace().collect();
    let f: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let is_area = |i: usize| {
        PLACE_TYPES.contains(&f[i].as_str())
            || i > 0 && PLACE_TYPES.contains(&format!("{} {}", f[i - 1], f[i]).as_str())
    };
    let area_end = (0..words.len()).rev().find(|&i| is_area(i));
    match area_end {
        Some(i) if i + 1 < words.len() => {
            let name = words[i + 1..].join(" ");
            let snapped = match f[i].as_str() {
                "tinh" => super::names::province(&name),
                _ => super::names::place(&name),
            };
            match snapped {
                Some(p) => format!("{} {p}", words[..=i].join(" ")),
                None => cased,
            }
        }
        _ => cased,
    }
}

/// The issuing body is the last unit named top left; the one above it, if
/// separate, is its parent.
pub(super) fn issuers(lines: &[String]) -> (Option<String>, Option<String>) {
    let mut units: Vec<String> = Vec::new();
    for l in lines {
        let l = &unglue_words(l);
        match units.last_mut() {
            Some(prev) if !opens_body(l) => {
                prev.push(' ');
                prev.push_str(l);
            }
            _ => units.push(l.clone()),
        }
    }
    let mut it = units.iter().rev().map(|u| written(u));
    let issuer = it.next();
    (issuer, it.next())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("CÔNG AN TỈNH LÂM ĐỒNG", "Công an tỉnh Lâm Đồng"),
            ("TỔ CÔNG TÁC LIÊN NGÀNH TW", "Tổ công tác liên ngành TW"),
            (
                "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC",
                "Trung tâm Công báo và Tin học",
            ),
            (
                "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI VÀ GIẢM NGHÈO",
                "Văn phòng Điều phối nông thôn mới và Giảm nghèo",
            ),
            (
                "VIỆN KIỂM SÁT NHÂN DÂN TỈNH AN GIANG",
                "Viện kiểm sát nhân dân tỉnh An Giang",
            ),
        ] {
            assert_eq!(unit_case(input), want, "{input}");
        }
    }

    #[test]
    fn a_name_after_tinh_is_a_province_a_bare_name_may_be_a_ward() {
        for (read, want) in [
            // Only a province follows "tỉnh": a well-formed reading a
            // letter away from one is that province.
            ("UBND TỈNH BÁO NINH", "UBND tỉnh Bắc Ninh"),
            ("CÔNG AN TỈNH LẠNG SƠM", "Công an tỉnh Lạng Sơn"),
            ("UBND TỈNH LAMDONG", "UBND tỉnh Lâm Đồng"),
            // A ward's name a letter from a province's is its own.
            ("UBND PHƯỜNG HẢI CHÂU", "UBND phường Hải Châu"),
            // Two provinces a letter from the reading: none is guessed.
            ("UBND TỈNH HU GIANG", "UBND tỉnh Hu Giang"),
        ] {
            assert_eq!(written(read), want, "{read}");
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
    fn issuer_lines_join_by_head_noun() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        for (lines, issuer, parent) in [
            (
                s(&["BỘ CÔNG AN", "CÔNG AN TỈNH LÂM ĐỒNG"]),
                "Công an tỉnh Lâm Đồng",
                Some("Bộ Công an"),
            ),
            (
                s(&["VIỆN KIỂM SÁT NHÂN DÂN", "TUỔI CAO"]),
                "Viện kiểm sát nhân dân tối cao",
                None,
            ),
            (
                s(&["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]),
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                None,
            ),
            (
                s(&["UBND THANH PHO HAIPHONG", "SO NGOAI VA"]),
                "Sở Ngoại vụ",
                Some("UBND thanh pho Hải Phòng"),
            ),
            (
                s(&["BỘ CÔNG AN", "TỔ CÔNG TÁC LIÊN NGÀNH TW"]),
                "Tổ công tác liên ngành TW",
                Some("Bộ Công an"),
            ),
            (
                s(&["BỘ CÔ NGAN", "TỎ CÔNG TÁC LIÊN NGÀNH TW"]),
                "Tổ công tác liên ngành TW",
                Some("Bộ Công an"),
            ),
        ] {
            let (i, p) = issuers(&lines);
            assert_eq!(
                (i.as_deref(), p.as_deref()),
                (Some(issuer), parent),
                "{lines:?}"
            );
        }
    }
}
