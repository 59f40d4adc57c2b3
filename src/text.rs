//! Text helpers shared by every stage: NFC normalisation, whitespace
//! collapsing, and diacritic folding for tolerant keyword matching.
//!
//! In: `&str`. Out: normalised `String`s. Pure, no I/O.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A regex compiled once, on first use, into `cell`.
pub(crate) fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// Vietnamese surnames, most frequent first.
pub const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Lương", "Đào", "Đinh", "Trịnh", "Mai", "Cao", "Đoàn", "Trương",
    "Lâm", "Hà", "Tạ", "Tô", "Chu", "Đậu", "Thái", "Lưu", "Vương", "Quách", "Triệu", "Kiều", "Lại",
    "Tăng", "Từ", "Nông", "Hứa", "Lục", "Khổng", "La", "Văn", "Âu", "Giang", "Kim", "Thân", "Lò",
    "Mạc", "Phùng", "Diệp", "Tống", "Trình",
];

/// Whether a lower-case syllable is a surname ("trần").
pub fn is_surname_lower(s: &str) -> bool {
    SURNAMES.iter().any(|n| n.to_lowercase() == s)
}

/// NFC-normalise and collapse every run of whitespace to one space, trimmed.
pub fn clean(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `clean`, but `None` for text that is empty after cleaning (the contract
/// uses `null`, never `""`).
pub fn clean_opt(s: &str) -> Option<String> {
    let c = clean(s);
    (!c.is_empty()).then_some(c)
}

/// Strip Vietnamese marks from one character and lower-case it; `đ` → `d`.
/// Characters outside Latin pass through lower-cased.
pub fn fold_char(c: char) -> char {
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    let base = c.nfd().next().unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Fold a string for matching: marks stripped, lower case, NFC input assumed.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Fold for matching OCR output, where marked letters also come out as digits
/// or symbols ("S6" for "Số", "c6" for "có", "hi¢u" for "hiệu"): map those
/// look-alikes inside words to letters as well. Used only to *find* things,
/// never to produce output text.
pub fn fold_ocr(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev_alpha = i > 0 && chars[i - 1].is_alphabetic();
        let next_alpha = chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        let mapped = match c {
            // A digit touching letters is an OCR'd marked vowel, not a number.
            '6' | '0' | '8' if prev_alpha || next_alpha => 'o',
            '¢' | '€' | '£' => 'e',
            _ => fold_char(c),
        };
        out.push(mapped);
    }
    out
}

/// Letters and digits, marks folded, one space between words: what a
/// damaged scan leaves of a name.
pub fn bare(s: &str) -> Vec<char> {
    fold_ocr(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}

/// True when the text's letters are all upper case (and there is at least one).
pub fn is_upper(s: &str) -> bool {
    let mut any = false;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        any = true;
    }
    any
}

/// Upper-case the first letter of a word, lower-case the rest.
pub fn capitalize(word: &str) -> String {
    let mut cs = word.chars();
    match cs.next() {
        Some(f) => f
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// How many letters of two words of one length differ (a letter read as
/// another of like shape); `None` when their lengths differ.
pub fn substitutions(a: &str, b: &str) -> Option<usize> {
    (a.chars().count() == b.chars().count())
        .then(|| a.chars().zip(b.chars()).filter(|(x, y)| x != y).count())
}

/// Levenshtein distance between two sequences (of characters, syllables).
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Character error rate of `got` against `want`: edits over `want`'s length.
pub fn char_error_rate(got: &str, want: &str) -> f64 {
    let (g, w): (Vec<char>, Vec<char>) = (got.chars().collect(), want.chars().collect());
    edit_distance(&g, &w) as f64 / w.len().max(1) as f64
}

/// A letter or digit of a word: not a spacing accent or modifier letter
/// ("ˆ", "ˋ", "ʼ": what OCR reads a speck over a line as, which Unicode
/// counts as letters).
pub fn word_char(c: char) -> bool {
    c.is_alphanumeric() && !('\u{02B0}'..='\u{036F}').contains(&c)
}

/// Whether an OCR word is no word of a Vietnamese plan: three or more
/// lower-case letters and no vowel ("mwww", "rnrn" from a rule's remnant
/// or a seal's edge). Every Vietnamese syllable has a vowel; units of
/// measure without one ("km", "kg") have two letters, abbreviations are
/// capitals, and addresses carry a vowel somewhere ("www.gov.vn").
pub fn vowelless(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3
        && word.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
        && !letters.iter().any(|&c| "aeiouy".contains(fold_char(c)))
}

/// One OCR word without the marks specks and rule remnants glue to it: a
/// quote or bar at its start with no closing quote ("'TTHC", "|hành"), a
/// bar or underscore at its end. Applied per word, before the words are
/// laid out (their confidence is weighted by their letters); marks alone
/// and the stops of [`mend_marks`] are left.
pub fn unglue_marks(w: &str) -> &str {
    if !w.contains(char::is_alphanumeric) {
        return w;
    }
    let w = match w.strip_prefix(['\'', '‘', '`', '|']) {
        Some(rest) if !rest.contains(['\'', '’']) => rest,
        _ => w,
    };
    w.trim_end_matches(['|', '_'])
}

/// Marks that scanner specks put into a cell's OCR text (after
/// [`unglue_marks`]), taken out where running Vietnamese text never has
/// them: a stop, colon or comma glued to a word's start (".Văn"), a stop
/// or hyphen inside a word of syllables ("đơn.vị", "Thường-xuyên"), a stop
/// ending a word or a figure the next lower-case word carries on ("tài.
/// chính", "Phương. án", "Tháng 5. năm"), a quote at the cell's start or
/// end that nothing pairs, a dash alone on the cell's last line, and a
/// colon or a comma ending the cell. Addresses, numbers, codes ("NĐ-CP"),
/// abbreviations ("v.v."), dashes between terms ("kinh tế - xã hội"), a
/// dash after the cell's last word (a name a page break cuts) and line
/// breaks are kept.
pub fn mend_marks(text: &str) -> String {
    let syllable = |s: &str| s.chars().count() >= 2 && s.chars().all(char::is_alphabetic);
    let lower_start = |s: &str| s.starts_with(char::is_lowercase);
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let words: Vec<String> = line
            .split(' ')
            .filter(|w| !w.is_empty())
            .flat_map(|w| {
                let w = match w.strip_prefix(['.', ':', ',']) {
                    Some(rest) if !w.starts_with("..") && rest.starts_with(char::is_alphabetic) => {
                        rest
                    }
                    _ => w,
                };
                // "đơn.vị" → "đơn vị"; "v.v." and "dichvucong.gov.vn" stay.
                // "Thường-xuyên" → "Thường xuyên": Vietnamese joins no
                // syllables by hyphens; codes ("NĐ-CP") and unmarked
                // foreign words ("on-line") stay.
                let web = w.contains(['@', '/']) || w.to_lowercase().starts_with("www");
                // A stop, comma or semicolon after the word is its own.
                let (w, end) = w.split_at(w.trim_end_matches(['.', ',', ';']).len());
                for join in ['.', '-'] {
                    let parts: Vec<&str> = w.split(join).collect();
                    let code = join == '-'
                        && (parts.iter().all(|p| !p.contains(char::is_lowercase)) || w.is_ascii());
                    if parts.len() == 2 && !web && !code && syllable(parts[0]) && syllable(parts[1])
                    {
                        return vec![parts[0].to_string(), format!("{}{end}", parts[1])];
                    }
                }
                vec![format!("{w}{end}")]
            })
            .collect();
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        for (k, w) in words.iter().enumerate() {
            let next = words.get(k + 1).map(String::as_str);
            // A stop the next lower-case word carries on from ends no
            // sentence: after a word ("tài. chính", "Phương. án") or a
            // number inside the line ("Tháng 5. năm 2026"); an
            // abbreviation ("TP.", "v.v.") or a line's label ("1.") stays.
            let word = |s: &str| syllable(s) && s.chars().skip(1).all(char::is_lowercase);
            let figure = |s: &str| k > 0 && s.chars().all(|c| c.is_ascii_digit());
            match w.strip_suffix('.') {
                Some(stem) if (word(stem) || figure(stem)) && next.is_some_and(lower_start) => {
                    out.push(stem.to_string())
                }
                _ => out.push(w.clone()),
            }
        }
        lines.push(out.join(" "));
    }
    let mut text = lines.join("\n");
    // A quote at the cell's start or end that nothing in the cell closes
    // or opens is a speck ("“Thường xuyên").
    for quotes in [&['"'][..], &['“', '”']] {
        if text.matches(quotes).count() == 1 {
            if let Some(rest) = text.strip_prefix(quotes) {
                text = rest.trim_start().to_string();
            } else if let Some(rest) = text.trim_end().strip_suffix(quotes) {
                text = rest.to_string();
            }
        }
    }
    loop {
        let t = text.trim_end();
        let cut = ["-", "–", "—"]
            .iter()
            .find_map(|m| {
                // After a word on its line the dash is the document's: a
                // name a page break cuts ("Tư pháp -" / "Hộ tịch"); the
                // task's fields drop it where nothing follows.
                t.strip_suffix(m)
                    .filter(|r| r.is_empty() || r.ends_with('\n'))
            })
            .or_else(|| t.strip_suffix([':', ',']));
        match cut {
            Some(rest) if rest.len() < text.len() => text = rest.trim_end().to_string(),
            _ => break,
        }
    }
    text
}

/// Decode the HTML entities a web page or a copy of one carries (named
/// ones seen in plans, and numeric ones); an unknown one stays as written.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        match tail
            .find(';')
            .filter(|&e| e <= 10)
            .and_then(|e| entity(&tail[1..e]).map(|c| (c, e)))
        {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let num = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "nbsp" => Some(' '),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => match name.strip_prefix('#') {
            Some(h) if h.starts_with(['x', 'X']) => num(&h[1..], 16),
            Some(d) => num(d, 10),
            None => None,
        },
    }
}

/// Old Mac files end lines with CR alone: those become LF (CR LF pairs are
/// left as they are).
pub fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_no_plan_has_have_no_vowel_table() {
        for (word, noise) in [
            ("mwww", true),
            ("rnrn", true),
            ("km", false),
            ("kg", false),
            ("TTHC", false),
            ("đơn", false),
            ("tỷ", false),
            ("www.gov.vn", false),
            ("nhg", true),
            ("123", false),
        ] {
            assert_eq!(vowelless(word), noise, "{word}");
        }
    }

    #[test]
    fn glued_marks_come_off_a_word_and_real_quotes_stay() {
        for (read, want) in [
            ("'TTHC", "TTHC"),
            ("|hành", "hành"),
            ("chính_", "chính"),
            ("công|", "công"),
            ("'cửa'", "'cửa'"),
            ("‘cửa’", "‘cửa’"),
            ("|", "|"),
            ("-", "-"),
        ] {
            assert_eq!(unglue_marks(read), want, "{read:?}");
        }
    }

    #[test]
    fn speck_marks_are_mended_and_real_ones_kept() {
        for (read, want) in [
            ("Các đơn.vị sự nghiệp", "Các đơn vị sự nghiệp"),
            ("Phương án tự chủ tài. chính", "Phương án tự chủ tài chính"),
            ("Phương. án đơn giản hóa", "Phương án đơn giản hóa"),
            ("Tháng 5. năm 2026", "Tháng 5 năm 2026"),
            (".Văn phòng Sở", "Văn phòng Sở"),
            ("Văn phòng Sở:", "Văn phòng Sở"),
            // A dash alone on the cell's last line is a speck.
            ("năm 2026 của Sở\n-", "năm 2026 của Sở"),
            ("Thường xuyên\n- \n", "Thường xuyên"),
            ("-", ""),
            // Kept: abbreviations, addresses, numbers, sentence ends,
            // ellipses, dashes between names, colons mid-cell.
            ("v.v. và các", "v.v. và các"),
            ("dichvucong.gov.vn và", "dichvucong.gov.vn và"),
            ("ISO 9001:2015; 1.000 hồ sơ", "ISO 9001:2015; 1.000 hồ sơ"),
            ("quy định. Trong đó", "quy định. Trong đó"),
            ("Tin bài, phóng sự...", "Tin bài, phóng sự..."),
            ("Phòng Kế hoạch - Tài chính", "Phòng Kế hoạch - Tài chính"),
            ("nhiệm vụ về:\n- Công tác", "nhiệm vụ về:\n- Công tác"),
            ("TP. Hải Phòng", "TP. Hải Phòng"),
            ("TP. hồ sơ", "TP. hồ sơ"),
            ("1. xây dựng kế hoạch", "1. xây dựng kế hoạch"),
            ("- Tin bài", "- Tin bài"),
            ("Thường-xuyên", "Thường xuyên"),
            ("Thường-xuyên.", "Thường xuyên."),
            ("nguồn chi thường xuyên,", "nguồn chi thường xuyên"),
            (
                "Văn phòng Sở,\nThanh tra Sở,",
                "Văn phòng Sở,\nThanh tra Sở",
            ),
            ("tự-chủ tài chính", "tự chủ tài chính"),
            // A dash between lower-case words joins two terms ("kinh tế
            // - xã hội", "Phòng Kinh tế - hạ tầng"); a speck read as one is
            // dropped with the unsure marks, before the words are laid out.
            ("phát triển kinh tế - xã hội", "phát triển kinh tế - xã hội"),
            ("“Thường xuyên", "Thường xuyên"),
            ("\"Các phòng chuyên môn", "Các phòng chuyên môn"),
            ("Các phòng chuyên môn\"", "Các phòng chuyên môn"),
            // Kept: codes, foreign words, dashes by names and numbers,
            // quotes that close.
            ("Nghị định 61/2018/NĐ-CP", "Nghị định 61/2018/NĐ-CP"),
            ("KH-UBND và on-line", "KH-UBND và on-line"),
            ("giai đoạn 2021 - 2025", "giai đoạn 2021 - 2025"),
            ("Sở Nội vụ - Thanh tra", "Sở Nội vụ - Thanh tra"),
            // A dash after the last word: a name a page break cuts.
            ("Công chức Tư pháp -", "Công chức Tư pháp -"),
            ("Phòng văn hóa- xã hội", "Phòng văn hóa- xã hội"),
            (
                "“Ngày thứ 7 với cải cách TTHC”",
                "“Ngày thứ 7 với cải cách TTHC”",
            ),
            ("Mô hình \"một cửa\"", "Mô hình \"một cửa\""),
        ] {
            assert_eq!(mend_marks(read), want, "{read:?}");
        }
    }

    #[test]
    fn clean_table() {
        for (input, want) in [
            ("  a \t b\n c  ", "a b c"),
            ("", ""),
            // NFD "ố" (o + circumflex + acute) becomes one NFC code point.
            ("so\u{302}\u{301}", "số"),
        ] {
            assert_eq!(clean(input), want, "input {input:?}");
        }
        assert_eq!(clean_opt("   "), None);
    }

    #[test]
    fn fold_table() {
        for (input, want) in [
            ("Kiểm soát thủ tục", "kiem soat thu tuc"),
            ("ĐÀO TẠO", "dao tao"),
            ("Ủy ban", "uy ban"),
        ] {
            assert_eq!(fold(input), want);
        }
    }

    #[test]
    fn fold_ocr_maps_lookalikes_only_inside_words() {
        for (input, want) in [
            ("S6: 1168", "so: 1168"),
            ("c6 hi¢u qua", "co hieu qua"),
            ("năm 2026", "nam 2026"),
        ] {
            assert_eq!(fold_ocr(input), want);
        }
    }

    #[test]
    fn edit_distance_table() {
        for (a, b, d) in [
            ("", "", 0),
            ("kiem", "kiểm", 1),
            ("abc", "", 3),
            ("Cống", "Cổng", 1),
            ("ab", "ba", 2),
        ] {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(edit_distance(&a, &b), d);
        }
        assert!((char_error_rate("Cống thông", "Cổng thông") - 0.1).abs() < 1e-9);
    }

    #[test]
    fn case_helpers() {
        assert!(is_upper("QUYẾT ĐỊNH"));
        assert!(!is_upper("Quyết định"));
        assert!(!is_upper("123"));
        assert_eq!(capitalize("PHÒNG"), "Phòng");
        assert_eq!(capitalize("ủy"), "Ủy");
    }
}
