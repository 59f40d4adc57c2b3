//! Names a header is written with, for snapping OCR-damaged readings to
//! their spelling: a name (an issuer, a place) in, the known name it
//! nearly equals out, or nothing.
//!
//! Two closed lists from general knowledge of Vietnamese administration:
//! the provinces and centrally governed cities (before and after the 2025
//! merger, whose 34 names are all older ones) that letterheads and date
//! lines name, and the issuing bodies whose whole name is fixed (the
//! ministries, the specialised departments "Sở …" of a province, a few
//! central bodies). Bodies named after their area ("UBND tỉnh …", "Công an
//! tỉnh …") are cased by rule and only their place name is snapped.

use crate::text::{edit_distance, fold_ocr, SURNAMES};

/// Provinces and centrally governed cities.
const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hồ Chí Minh",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// Issuing bodies with a fixed whole name.
const BODIES: &[&str] = &[
    "Bộ Công an",
    "Bộ Quốc phòng",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Giao thông vận tải",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Thông tin và Truyền thông",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Văn phòng Chính phủ",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Viện kiểm sát nhân dân tối cao",
    "Tòa án nhân dân tối cao",
    "Kiểm toán nhà nước",
    "Bảo hiểm xã hội Việt Nam",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Quy hoạch - Kiến trúc",
    "Sở An toàn thực phẩm",
];

/// Letters and digits of a name, marks and OCR look-alikes folded, words
/// joined by one space (or none: OCR glues "HAIPHONG").
fn bare(s: &str, spaced: bool) -> Vec<char> {
    let f = fold_ocr(s);
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(if spaced { " " } else { "" }).chars().collect()
}

/// The single known name nearest to `s`, if near enough: equal once folded,
/// or one edit away (two for names of 14 letters or more).
fn nearest(s: &str, known: &[&'static str], spaced: bool) -> Option<&'static str> {
    let b = bare(s, spaced);
    if b.len() < 4 {
        return None;
    }
    let d: Vec<usize> = known
        .iter()
        .map(|k| edit_distance(&b, &bare(k, spaced)))
        .collect();
    let best = *d.iter().min()?;
    let slack = if b.len() >= 14 { 2 } else { 1 };
    let mut at = (0..known.len()).filter(|&i| d[i] == best);
    let first = at.next()?;
    (best <= slack && at.next().is_none()).then_some(known[first])
}

/// A place name ("Hdai Phong", "HAIPHONG") in its spelling ("Hải Phòng").
/// A reading a letter away from a province that is itself well-formed
/// Vietnamese with its marks ("Hải Châu", a ward, not "Lai Châu") names a
/// place of its own: communes and wards outnumber provinces a
/// hundredfold, and a slip rarely gives a well-formed marked name.
pub fn place(s: &str) -> Option<&'static str> {
    let found = province(s)?;
    let unmarked = |t: &str| bare(t, true);
    match unmarked(s) != unmarked(found) && well_formed_marked(s) {
        true => None,
        false => Some(found),
    }
}

/// The province a name after "tỉnh" is ("tỉnh Báo Ninh" read for "tỉnh
/// Bắc Ninh"): after that word only a province can stand, so a reading a
/// letter away from one is that province even when it is well-formed
/// Vietnamese, unlike a bare place name (see [`place`]).
pub fn province(s: &str) -> Option<&'static str> {
    nearest(s, PROVINCES, true).or_else(|| nearest(s, PROVINCES, false))
}

/// The provinces and centrally governed cities, as spelled.
pub fn provinces() -> &'static [&'static str] {
    PROVINCES
}

/// Whether every word of `s` is a Vietnamese syllable and some word bears
/// a Vietnamese mark (OCR for Vietnamese read it, and read it as a word).
fn well_formed_marked(s: &str) -> bool {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    !words.is_empty()
        && words.iter().all(|w| crate::repair::syllable::is_valid(w))
        && lower.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// A body with a fixed name ("SỐ NGOẠI VÀ" read for "SỞ NGOẠI VỤ").
pub fn body(s: &str) -> Option<&'static str> {
    // OCR also moves spaces ("BỘ CÔ NGAN").
    nearest(s, BODIES, true).or_else(|| nearest(s, BODIES, false))
}

/// Middle and given-name syllables, most frequent first (a folded spelling
/// shared by several takes the first: "Văn" before "Vân", "Việt" before "Viết").
const NAME_SYLLABLES: &[&str] = &[
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quốc",
    "Xuân",
    "Duy",
    "Công",
    "Đình",
    "Thành",
    "Hoàng",
    "Anh",
    "Tuấn",
    "Hùng",
    "Dũng",
    "Hưng",
    "Long",
    "Nam",
    "Hải",
    "Sơn",
    "Tùng",
    "Trung",
    "Hiếu",
    "Hòa",
    "Hà",
    "Hằng",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Phương",
    "Quang",
    "Thắng",
    "Thảo",
    "Trang",
    "Việt",
    "Vinh",
    "Bảo",
    "Bình",
    "Cường",
    "Chiến",
    "Đạt",
    "Định",
    "Giang",
    "Hiền",
    "Hoa",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Lợi",
    "Lực",
    "Nghĩa",
    "Nhân",
    "Phong",
    "Phúc",
    "Phước",
    "Quân",
    "Quý",
    "Sinh",
    "Tâm",
    "Tân",
    "Thái",
    "Thiện",
    "Thịnh",
    "Thủy",
    "Tiến",
    "Toàn",
    "Trí",
    "Trọng",
    "Tú",
    "Vân",
    "Vũ",
    "Yến",
    "Cang",
    "Thương",
    "Lộc",
    "Mạnh",
    "Nhung",
    "Oanh",
    "Sang",
    "Tài",
    "Thuận",
    "Thư",
    "Trinh",
    "Hạnh",
    "Hậu",
    "Hiệp",
    "Khải",
    "Khôi",
    "Kỳ",
    "Liên",
    "Loan",
    "Ngân",
    "Nguyên",
    "Nhật",
    "Ninh",
    "Phát",
    "Quyết",
    "Thạch",
    "Thu",
    "Tín",
    "Triều",
    "Trường",
    "Tuyết",
    "Kim",
    "Gia",
    "Bá",
    "Chí",
    "Mỹ",
    "Như",
    "Phú",
    "Tấn",
    "Thế",
    "Diệu",
    "Hồng",
    "Lệ",
    "Bích",
    "Cẩm",
    "Đăng",
    "Hoài",
    "Khắc",
    "Mạnh",
    "Ánh",
    "Châu",
    "Đông",
    "Hạ",
    "Thu",
    "Xuyên",
    "Sĩ",
    "Tất",
    "Viết",
    "Sỹ",
    "Thúy",
];

/// Whether `s` is a Vietnamese surname, spelt as it is printed.
pub fn is_surname(s: &str) -> bool {
    SURNAMES.contains(&s)
}

/// The likeliest spelling of one damaged name syllable: the most frequent
/// one whose fold equals it, or (3 letters or more) is one slip from it
/// ("Lwong" → "Lương").
fn syllable(word: &str, known: &[&'static str]) -> Option<&'static str> {
    let w: Vec<char> = fold_ocr(word).chars().collect();
    let folded = |k: &str| fold_ocr(k).chars().collect::<Vec<char>>();
    known
        .iter()
        .find(|k| folded(k) == w)
        .or_else(|| {
            (w.len() >= 3)
                .then(|| known.iter().find(|k| edit_distance(&folded(k), &w) == 1))
                .flatten()
        })
        .copied()
}

/// A person's name whose marks OCR lost or garbled ("Lwong Vấn Việt",
/// "Trên Viết Tuân": no surname is spelt so) re-marked syllable by syllable
/// from the name lexicon. A name with a known surname is left as written:
/// it was read, and a rarer given name stays rare.
pub fn person(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((surname, rest)) = words.split_first() else {
        return name.to_string();
    };
    if SURNAMES.contains(surname) {
        return remark_middle(&words);
    }
    let Some(s) = syllable(surname, SURNAMES) else {
        return name.to_string();
    };
    let mut out = vec![s.to_string()];
    for w in rest {
        out.push(syllable(w, NAME_SYLLABLES).map_or_else(|| w.to_string(), str::to_string));
    }
    out.join(" ")
}

/// A read name's middle syllables are a small closed set ("Văn", "Thị",
/// "Hữu", "Đức" …): one that is no name syllable but folds to one is that
/// syllable misread in its marks ("Nguyễn Vẫn Hùng"). The given name, a far
/// larger set, is left as read.
fn remark_middle(words: &[&str]) -> String {
    let last = words.len().saturating_sub(1);
    let folded = |w: &str| fold_ocr(w);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let middle = i > 0 && i < last;
            if !middle || NAME_SYLLABLES.contains(w) {
                return w.to_string();
            }
            let f = folded(w);
            NAME_SYLLABLES
                .iter()
                .find(|k| folded(k) == f)
                .map_or_else(|| w.to_string(), |k| k.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_snap_and_others_do_not() {
        for (input, want) in [
            ("Hdai Phong", Some("Hải Phòng")),
            ("HAIPHONG", Some("Hải Phòng")),
            ("Lâm Đồng", Some("Lâm Đồng")),
            ("Quảng Ngai", Some("Quảng Ngãi")),
            // A commune is not a province; too far from any.
            ("Hải Dương Mới", None),
            ("Xã Tân", None),
            // Wards a letter from a province, read whole with their marks.
            ("Hải Châu", None),
            ("HẢI CHÂU", None),
            ("Lai Chau", Some("Lai Châu")),
            ("Lai Chäu", Some("Lai Châu")),
        ] {
            assert_eq!(place(input), want, "{input}");
        }
        for (input, want) in [
            ("Số Ngoại và", Some("Sở Ngoại vụ")),
            (
                "VIỆN KIỂM SÁT NHÂN DÂN TUỔI CAO",
                Some("Viện kiểm sát nhân dân tối cao"),
            ),
            ("Sở Tư pháp", Some("Sở Tư pháp")),
            ("BỘ CÔ NGAN", Some("Bộ Công an")),
            ("Bộ Tư pháp", Some("Bộ Tư pháp")),
            ("Tổ công tác liên ngành TW", None),
            ("Công an tỉnh Lâm Đồng", None),
        ] {
            assert_eq!(body(input), want, "{input}");
        }
    }

    #[test]
    fn damaged_names_are_re_marked_and_read_ones_kept() {
        for (input, want) in [
            ("Lwong Vấn Việt", "Lương Văn Việt"),
            ("Trên Viết Tuân", "Trần Việt Tuấn"),
            ("Luong Van Viet", "Lương Văn Việt"),
            // Read names stay as written, rare syllables included.
            ("Trần Viết Tuân", "Trần Viết Tuân"),
            ("Đậu Xuân Bảo", "Đậu Xuân Bảo"),
            // A middle syllable that is no name, misread in its marks.
            ("Nguyễn Vẫn Hùng", "Nguyễn Văn Hùng"),
            ("Lê Thi Hoa", "Lê Thị Hoa"),
            // A listed middle syllable stays, and so does any given name.
            ("Nguyễn Vân Anh", "Nguyễn Vân Anh"),
            ("Phạm Văn Vẫn", "Phạm Văn Vẫn"),
            // Nothing near a surname: left alone.
            ("Xyzt Văn A", "Xyzt Văn A"),
        ] {
            assert_eq!(person(input), want, "{input}");
        }
    }
}
