//! Vietnamese syllables: tone split and placement (old style, "hóa",
//! "thủy", as administrative documents print), structural validity, and
//! the casing pattern of a token. Pure functions on `&str`.

use std::borrow::Cow;

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

/// Whether `c` is of the Latin blocks with precomposed letters (no
/// combining marks among them). Text of such letters is split and marked
/// a letter at a time ([`split_tone`], [`place_tone`]), which is what full
/// normalisation does to it (test `letter_at_a_time_is_normalisation`);
/// anything else is normalised in full.
fn latin(c: char) -> bool {
    matches!(c, '\0'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

/// `c` decomposed, with the mark `extra` added and the marks `keep`
/// refuses dropped, recomposed in canonical order into one precomposed
/// letter: what NFC makes of them. `None` where no one letter has them
/// all, and NFC would leave a combining mark.
fn compose_letter(
    c: char,
    extra: Option<char>,
    mut keep: impl FnMut(char) -> bool,
) -> Option<char> {
    use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
    let mut parts = [c; 6];
    let mut n = 0;
    let mut overflow = false;
    decompose_canonical(c, |d| {
        if n < parts.len() {
            parts[n] = d;
            n += 1;
        } else {
            overflow = true;
        }
    });
    if overflow || n == 0 || n == parts.len() {
        return None;
    }
    if let Some(m) = extra {
        parts[n] = m;
        n += 1;
    }
    let (first, marks) = parts[..n].split_first_mut()?;
    marks.sort_by_key(|&m| canonical_combining_class(m));
    marks
        .iter()
        .filter(|&&m| keep(m))
        .try_fold(*first, |acc, &m| compose(acc, m))
}

/// A lower-case syllable without its tone ("hoa", "tiêng"), NFC, and its tone.
pub fn split_tone(s: &str) -> (String, Tone) {
    if s.is_ascii() {
        // No marks, and its own normal form.
        return (s.to_string(), Tone::Level);
    }
    if s.chars().all(latin) {
        let mut tone = Tone::Level;
        let mut base = String::with_capacity(s.len());
        let ok = s.chars().all(|c| match split_letter(c) {
            Some((b, t)) => {
                base.push(b);
                tone = t.unwrap_or(tone);
                true
            }
            None => false,
        });
        if ok {
            return (base, tone);
        }
    }
    split_tone_nfc(s)
}

/// A letter without its tone mark, and that tone if it has one, as
/// [`split_tone`] splits it; `None` for a character it normalises with
/// its neighbours instead.
pub fn split_letter(c: char) -> Option<(char, Option<Tone>)> {
    if c.is_ascii() {
        return Some((c, None));
    }
    if !latin(c) {
        return None;
    }
    let mut tone = None;
    let keep = |m: char| match Tone::of_mark(m) {
        Some(t) => {
            tone = Some(t);
            false
        }
        None => true,
    };
    // Only a tone is dropped: the decomposition's marks are in canonical
    // order already.
    let base = compose_letter(c, None, keep)?;
    Some((base, tone))
}

/// [`split_tone`] by full normalisation.
fn split_tone_nfc(s: &str) -> (String, Tone) {
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
    let Some(mark) = tone.mark() else {
        return base.to_string();
    };
    let chars: Vec<char> = base.chars().collect();
    let Some(pos) = tone_position(&chars) else {
        return base.to_string();
    };
    place_mark_latin(&chars, pos, mark).unwrap_or_else(|| place_mark_nfc(&chars, pos, mark))
}

/// `chars` with `mark` on the one at `pos`, a letter at a time: `None`
/// unless they are all Latin letters and that one takes the mark as one
/// precomposed letter (precomposed Latin letters are their own normal
/// form).
fn place_mark_latin(chars: &[char], pos: usize, mark: char) -> Option<String> {
    if !chars.iter().all(|&c| latin(c)) {
        return None;
    }
    let marked = compose_letter(chars[pos], Some(mark), |_| true)?;
    Some(
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| if i == pos { marked } else { c })
            .collect(),
    )
}

/// `chars` with `mark` after the one at `pos`, by full normalisation.
fn place_mark_nfc(chars: &[char], pos: usize, mark: char) -> String {
    let mut out = String::with_capacity(chars.len() + 4);
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
    if tone.mark().is_none() {
        // Nothing to put back: the base is the normal form.
        return base;
    }
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
        let mut letters = s.chars().filter(|c| c.is_alphabetic());
        match letters.next() {
            None => Case::Lower,
            Some(f) if f.is_lowercase() => Case::Lower,
            Some(_) => {
                let mut rest = letters.peekable();
                if rest.peek().is_some() && rest.all(char::is_uppercase) {
                    Case::Upper
                } else {
                    Case::Title
                }
            }
        }
    }

    pub fn apply(self, lower: &str) -> Cow<'_, str> {
        match self {
            Case::Lower => Cow::Borrowed(lower),
            Case::Upper => Cow::Owned(lower.to_uppercase()),
            Case::Title => Cow::Owned(crate::text::capitalize(lower)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letter-at-a-time paths give what full normalisation gives, for
    /// every letter they take (and a few they must pass on), alone and in
    /// a syllable, in both cases, with every tone put on it.
    #[test]
    fn letter_at_a_time_is_normalisation() {
        let letters = ('\0'..='\u{24f}')
            .chain('\u{1e00}'..='\u{1eff}')
            .chain(['\u{300}', '\u{323}', 'Ω', 'ή', '가']);
        let mut checked = 0;
        for c in letters.filter(|c| !c.is_control()) {
            for s in [
                c.to_string(),
                format!("th{c}ng"),
                format!("{c}{c}"),
                format!("ê{c}"),
            ] {
                assert_eq!(split_tone(&s), split_tone_nfc(&s), "split {s:?}");
                let (base, _) = split_tone(&s);
                let chars: Vec<char> = base.chars().collect();
                for tone in Tone::ALL {
                    let Some(mark) = tone.mark() else { continue };
                    for pos in 0..chars.len() {
                        let expect = place_mark_nfc(&chars, pos, mark);
                        if let Some(fast) = place_mark_latin(&chars, pos, mark) {
                            assert_eq!(fast, expect, "mark {tone:?} on {base:?} at {pos}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        // Every vowel of the alphabet takes every tone one letter at a time.
        assert!(checked > 10_000, "{checked}");
        for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
            for tone in Tone::ALL.into_iter().filter(|t| t.mark().is_some()) {
                assert!(
                    compose_letter(v, tone.mark(), |_| true).is_some(),
                    "{v} {tone:?}"
                );
            }
        }
    }

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
