//! Vietnamese syllables: tone split and placement (old style, "hóa",
//! "thủy", as administrative documents print), structural validity, and
//! the casing pattern of a token. Pure functions on `&str`.

use unicode_normalization::UnicodeNormalization;

/// The six tones; `Level` carries no mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    Level,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];

    fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    fn of_mark(c: char) -> Option<Tone> {
        Some(match c {
            '\u{300}' => Tone::Grave,
            '\u{301}' => Tone::Acute,
            '\u{309}' => Tone::Hook,
            '\u{303}' => Tone::Tilde,
            '\u{323}' => Tone::Dot,
            _ => return None,
        })
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A lower-case syllable without its tone ("hoa", "tiêng"), NFC, and its tone.
pub fn split_tone(s: &str) -> (String, Tone) {
    if s.is_ascii() {
        // No marks, and its own normal form.
        return (s.to_string(), Tone::Level);
    }
    let mut tone = Tone::Level;
    let base: String = s
        .nfd()
        .filter(|&c| match Tone::of_mark(c) {
            Some(t) => {
                tone = t;
                false
            }
            None => true,
        })
        .nfc()
        .collect();
    (base, tone)
}

const VOWELS: &str = "aăâeêioôơuưy";

/// Whether every letter of `s` (lower case) is a letter of the Vietnamese
/// alphabet, tone marks aside: a misread syllable, not a foreign word.
pub fn vietnamese_letters(s: &str) -> bool {
    let (base, _) = split_tone(s);
    base.chars()
        .all(|c| is_vowel(c) || "bcdđghklmnpqrstvx".contains(c))
}

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// Index (in chars) of the vowel that carries the tone, old style.
fn tone_position(base: &[char]) -> Option<usize> {
    // "qu" and "gi" + vowel: the u / i belong to the onset.
    let mut start = base.iter().position(|&c| is_vowel(c))?;
    if start > 0 {
        let onset_end = base[start - 1];
        let next_is_vowel = base.get(start + 1).is_some_and(|&c| is_vowel(c));
        let onset_glide =
            (onset_end == 'q' && base[start] == 'u') || (onset_end == 'g' && base[start] == 'i');
        if onset_glide && next_is_vowel {
            start += 1;
        }
    }
    let end = start + base[start..].iter().take_while(|&&c| is_vowel(c)).count();
    let nucleus = &base[start..end];
    let closed = end < base.len();
    if let Some(i) = nucleus.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        return Some(start + i);
    }
    Some(
        start
            + match nucleus.len() {
                1 => 0,
                2 if closed => 1,
                2 => 0,
                _ => 1,
            },
    )
}

/// Put `tone` on `base` (lower case, no tone) where old-style spelling
/// puts it. A base without a vowel comes back unchanged.
pub fn place_tone(base: &str, tone: Tone) -> String {
    let chars: Vec<char> = base.chars().collect();
    let Some(mark) = tone.mark() else {
        return base.to_string();
    };
    let Some(pos) = tone_position(&chars) else {
        return base.to_string();
    };
    let mut out = String::with_capacity(base.len() + 3);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if i == pos {
            out.push(mark);
        }
    }
    out.nfc().collect()
}

/// A lower-case syllable respelt with its tone where old style puts it
/// ("hoà" → "hòa", "thuỷ" → "thủy").
pub fn normalize(s: &str) -> String {
    let (base, tone) = split_tone(s);
    place_tone(&base, tone)
}

const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v",
];
const CODAS: [&str; 13] = [
    "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "y", "o", "u",
];

/// Whether a lower-case string is shaped like a Vietnamese syllable:
/// onset, a vowel group, a final, and a tone a stop final allows.
pub fn is_valid(s: &str) -> bool {
    let (base, tone) = split_tone(s);
    if base.is_empty() || base.chars().count() > 7 {
        return false;
    }
    let ok_onset = |o: &str| o == "x" || ONSETS.contains(&o);
    for (i, _) in base.char_indices().chain([(base.len(), ' ')]) {
        let (onset, rest) = base.split_at(i);
        if !ok_onset(onset) {
            continue;
        }
        let v = rest.chars().take_while(|&c| is_vowel(c)).count();
        if v == 0 || v > 3 {
            continue;
        }
        let vlen: usize = rest.chars().take(v).map(char::len_utf8).sum();
        let (nucleus, coda) = rest.split_at(vlen);
        if !CODAS.contains(&coda) {
            continue;
        }
        // Stop finals take only the sharp or heavy tone.
        if ["c", "ch", "p", "t"].contains(&coda) && !matches!(tone, Tone::Acute | Tone::Dot) {
            continue;
        }
        // At most one marked vowel, except the ươ pair.
        let marked = nucleus.chars().filter(|c| "ăâêôơư".contains(*c)).count();
        if marked > 1 && !nucleus.contains("ươ") {
            continue;
        }
        return true;
    }
    false
}

/// How a token is cased, to carry over to its replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Lower,
    Title,
    Upper,
}

impl Case {
    /// The pattern of `s`, judged on its first letter and the rest: a
    /// capital inside a lower-case word ("thỦ") is an OCR slip, not a
    /// pattern.
    pub fn of(s: &str) -> Case {
        let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
        match letters.first() {
            None => Case::Lower,
            Some(f) if f.is_lowercase() => Case::Lower,
            Some(_) if letters.len() > 1 && letters[1..].iter().all(|c| c.is_uppercase()) => {
                Case::Upper
            }
            Some(_) => Case::Title,
        }
    }

    pub fn apply(self, lower: &str) -> String {
        match self {
            Case::Lower => lower.to_string(),
            Case::Upper => lower.to_uppercase(),
            Case::Title => crate::text::capitalize(lower),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_split_and_placement_table() {
        for (input, base, tone, old_style) in [
            ("hoà", "hoa", Tone::Grave, "hòa"),
            ("hòa", "hoa", Tone::Grave, "hòa"),
            ("thuỷ", "thuy", Tone::Hook, "thủy"),
            ("hoàng", "hoang", Tone::Grave, "hoàng"),
            ("kiểm", "kiêm", Tone::Hook, "kiểm"),
            ("người", "ngươi", Tone::Grave, "người"),
            ("quốc", "quôc", Tone::Acute, "quốc"),
            ("quý", "quy", Tone::Acute, "quý"),
            ("giữa", "giưa", Tone::Tilde, "giữa"),
            ("gìn", "gin", Tone::Grave, "gìn"),
            ("ngoài", "ngoai", Tone::Grave, "ngoài"),
            ("khuyến", "khuyên", Tone::Acute, "khuyến"),
            ("đ", "đ", Tone::Level, "đ"),
            ("tổ", "tô", Tone::Hook, "tổ"),
        ] {
            assert_eq!(split_tone(input), (base.to_string(), tone), "{input}");
            assert_eq!(normalize(input), old_style, "{input}");
        }
    }

    #[test]
    fn validity_table() {
        for (s, ok) in [
            ("kiểm", true),
            ("soát", true),
            ("nghiêng", true),
            ("thủ", true),
            ("xã", true),
            ("đường", true),
            ("hoàng", true),
            ("kiêm", true),
            ("tràt", false), // stop final with a grave tone
            ("ctra", false), // no such onset
            ("hieu", true),  // stripped "hiệu": a valid shape
            ("tthc", false),
            ("ubnd", false),
            ("ng", false),
        ] {
            assert_eq!(is_valid(s), ok, "{s}");
        }
    }

    #[test]
    fn case_table() {
        for (s, case) in [
            ("thủ", Case::Lower),
            ("thỦ", Case::Lower),
            ("Kiểm", Case::Title),
            ("KIỂM", Case::Upper),
            ("CƠ", Case::Upper),
            ("V", Case::Title),
        ] {
            assert_eq!(Case::of(s), case, "{s}");
        }
        assert_eq!(Case::Upper.apply("kiểm"), "KIỂM");
        assert_eq!(Case::Title.apply("đào"), "Đào");
    }
}
