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

/// Levenshtein distance between two character sequences.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
