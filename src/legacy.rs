//! Legacy Vietnamese 8-bit encodings in, Unicode out.
//!
//! Offices still type in TCVN3 (ABC, the `.VnTime` fonts) and VNI
//! (`VNI-Times`): a PDF made from such a file maps its glyphs to the font's
//! byte values read as Latin-1, so "KẾ HOẠCH" comes out "KÕ HO¹CH" (TCVN3)
//! or "KEÁ HOAÏCH" (VNI). [`detect`] tells the encoding from character
//! statistics of a page's text; [`convert`] maps it back by table.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime fonts)",
            Legacy::Vni => "VNI (VNI-Times fonts)",
        }
    }
}

/// TCVN 5712:1993 bytes 0xA1–0xFF (VN3's letters; the capitals of the
/// `.VnTimeH` fonts share the small letters' codes).
const TCVN3_HIGH: [char; 95] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    '\u{300}', // A1–B0
    '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ',
    'Ẵ', // B1–BF
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C0–CF
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D0–DF
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0–EF
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // F0–FF
];

/// VNI's vowel marks: the byte typed after a base vowel, as Latin-1, and
/// the combining marks it stands for (shape, then tone).
const VNI_MARKS: [(char, &str); 17] = [
    ('ù', "\u{301}"),
    ('ø', "\u{300}"),
    ('û', "\u{309}"),
    ('õ', "\u{303}"),
    ('ï', "\u{323}"),
    ('â', "\u{302}"),
    ('á', "\u{302}\u{301}"),
    ('à', "\u{302}\u{300}"),
    ('å', "\u{302}\u{309}"),
    ('ã', "\u{302}\u{303}"),
    ('ä', "\u{302}\u{323}"),
    ('ê', "\u{306}"),
    ('é', "\u{306}\u{301}"),
    ('è', "\u{306}\u{300}"),
    ('ú', "\u{306}\u{309}"),
    ('ü', "\u{306}\u{303}"),
    ('ë', "\u{306}\u{323}"),
];

/// VNI letters that stand alone: ơ, ư, đ and the marked i and ỵ.
const VNI_LETTERS: [(char, char); 9] = [
    ('ô', 'ơ'),
    ('ö', 'ư'),
    ('ñ', 'đ'),
    ('í', 'í'),
    ('ì', 'ì'),
    ('æ', 'ỉ'),
    ('ó', 'ĩ'),
    ('ò', 'ị'),
    ('î', 'ỵ'),
];

/// Letters only Vietnamese Unicode text has (ă đ ơ ư and the precomposed
/// block): their presence means the text is already Unicode.
fn unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}'
    )
}

/// Latin-1 letters Vietnamese never writes (ø, ï, ñ, ö, æ …): VNI's marks
/// and TCVN3's marked vowels both fall among them. VNI shows as a vowel
/// followed by one, and its đ as ñ.
fn foreign_latin1(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'ä' | 'å'
            | 'æ'
            | 'ç'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ñ'
            | 'ö'
            | 'ø'
            | 'û'
            | 'ü'
            | 'ÿ'
            | 'þ'
            | 'ð'
            | 'ß'
    )
}

/// The legacy encoding `text` is in, if any: no Unicode-only Vietnamese
/// letter, and legacy codes on at least one letter in 30. TCVN3 puts its
/// commonest marked vowels (à á ả ã ạ ă â ê ô ơ ư đ) at 0xA1–0xBF, which
/// VNI never uses; VNI shows as vowels followed by its mark letters.
pub fn detect(text: &str) -> Option<Legacy> {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 20 || text.chars().any(unicode_vietnamese) {
        return None;
    }
    let tcvn = text
        .chars()
        .filter(|&c| ('\u{A1}'..='\u{BF}').contains(&c) && !matches!(c, '§' | '°' | '«' | '»'))
        .count();
    let chars: Vec<char> = text.chars().collect();
    let vowel = |c: char| "aeouyôöAEOUYÔÖ".contains(c);
    let foreign = chars
        .windows(2)
        .filter(|p| vowel(p[0]) && foreign_latin1(p[1]))
        .count()
        + chars.iter().filter(|c| matches!(c, 'ñ' | 'Ñ')).count();
    let enough = |n: usize| n >= 3 && n * 30 >= letters;
    if enough(tcvn) {
        Some(Legacy::Tcvn3)
    } else if enough(foreign) {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// `text` converted from `enc` to Unicode (NFC), word by word.
pub fn convert(text: &str, enc: Legacy) -> String {
    convert_words(&text.split(' ').collect::<Vec<_>>(), enc).join(" ")
}

/// The words of one line converted from `enc`. Words typed in capitals get
/// their converted letters in capitals too: the `.VnTimeH` and VNI capital
/// fonts draw capitals for the small letters' codes. A word is in capitals
/// when its ASCII letters are (two at least, or one beside such a word
/// that holds no digits).
pub fn convert_words(words: &[&str], enc: Legacy) -> Vec<String> {
    let ascii = |w: &str| -> (usize, bool) {
        let letters: Vec<char> = w.chars().filter(char::is_ascii_alphabetic).collect();
        (letters.len(), letters.iter().all(char::is_ascii_uppercase))
    };
    let strict: Vec<bool> = words
        .iter()
        .map(|w| matches!(ascii(w), (n, true) if n >= 2))
        .collect();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let out: String = match enc {
                Legacy::Tcvn3 => w.chars().map(tcvn3_char).collect(),
                Legacy::Vni => vni_word(w),
            };
            // A code such as "12/KH-UBND" is capitals of its own, not a
            // word of a capitals font the one-letter word beside it shares.
            let anchor = |k: usize| {
                strict.get(k).copied().unwrap_or(false)
                    && !words[k].contains(|c: char| c.is_ascii_digit())
            };
            let beside = (i > 0 && anchor(i - 1)) || anchor(i + 1);
            let caps = strict[i] || ascii(w) == (1, true) && beside;
            let out = if caps { out.to_uppercase() } else { out };
            out.nfc().collect()
        })
        .collect()
}

fn tcvn3_char(c: char) -> char {
    let code = c as u32;
    if (0xA1..=0xFF).contains(&code) {
        TCVN3_HIGH[(code - 0xA1) as usize]
    } else {
        c
    }
}

fn vni_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len() * 2);
    for c in w.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let after_vowel = out
            .chars()
            .last()
            .is_some_and(|p| "aeiouyơưAEIOUYƠƯ".contains(p) || p.is_alphabetic() && !p.is_ascii());
        if let Some((_, marks)) = VNI_MARKS.iter().find(|(m, _)| *m == lower) {
            if after_vowel {
                out.push_str(marks);
                continue;
            }
        }
        match VNI_LETTERS.iter().find(|(m, _)| *m == lower) {
            Some((_, u)) if c.is_uppercase() => out.extend(u.to_uppercase()),
            Some((_, u)) => out.push(*u),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "Thực hiện kế hoạch của ủy ban nhân dân tỉnh về công tác phòng, chống \
        thiên tai năm 2026; Sở Giáo dục và Đào tạo chủ trì, phối hợp với các đơn vị";

    /// Unicode text typed in `enc`, the way a legacy font's PDF maps it.
    fn encode(text: &str, enc: Legacy) -> String {
        let table: Vec<(char, String)> = match enc {
            Legacy::Tcvn3 => (0xA1u32..=0xFF)
                .map(|b| {
                    (
                        TCVN3_HIGH[(b - 0xA1) as usize],
                        char::from_u32(b).unwrap().into(),
                    )
                })
                .collect(),
            Legacy::Vni => Vec::new(),
        };
        text.chars()
            .map(|c| match enc {
                Legacy::Tcvn3 => {
                    let small = c.to_lowercase().next().unwrap();
                    table
                        .iter()
                        .find(|(u, _)| *u == c || *u == small && !c.is_ascii())
                        .map_or(c.to_string(), |(_, b)| b.clone())
                }
                Legacy::Vni => vni_encode(c),
            })
            .collect()
    }

    fn vni_encode(c: char) -> String {
        let d: String = c.to_string().nfd().collect();
        let mut chars = d.chars();
        let base = chars.next().unwrap();
        let marks: String = chars.collect();
        if marks.is_empty() {
            return match VNI_LETTERS
                .iter()
                .find(|(_, u)| u.to_string() == c.to_lowercase().to_string())
            {
                Some((v, _)) if c.is_uppercase() => v.to_uppercase().collect(),
                Some((v, _)) => v.to_string(),
                None => c.to_string(),
            };
        }
        if let Some((v, _)) = VNI_LETTERS
            .iter()
            .find(|(_, u)| u.to_string() == c.to_lowercase().to_string())
        {
            return if c.is_uppercase() {
                v.to_uppercase().collect()
            } else {
                v.to_string()
            };
        }
        // ơ and ư keep their horn in the base letter.
        let (base, marks) = match marks.strip_prefix('\u{31B}') {
            Some(rest) => (
                if base == 'o' || base == 'O' {
                    'ô'
                } else {
                    'ö'
                },
                rest.to_string(),
            ),
            None => (base, marks),
        };
        let base = if c.is_uppercase() {
            base.to_uppercase().next().unwrap()
        } else {
            base
        };
        if marks.is_empty() {
            return base.to_string();
        }
        // Dot below sorts first in NFD; VNI types it last.
        let dot = marks.contains('\u{323}');
        let marks: String = marks
            .chars()
            .filter(|&m| m != '\u{323}')
            .chain(dot.then_some('\u{323}'))
            .collect();
        let (m, _) = VNI_MARKS.iter().find(|(_, s)| *s == marks).unwrap();
        let m = if c.is_uppercase() {
            m.to_uppercase().next().unwrap()
        } else {
            *m
        };
        format!("{base}{m}")
    }

    #[test]
    fn tcvn3_pages_read_as_unicode() {
        let typed = encode(PLAN, Legacy::Tcvn3);
        assert_ne!(typed, PLAN);
        assert_eq!(detect(&typed), Some(Legacy::Tcvn3), "{typed}");
        assert_eq!(convert(&typed, Legacy::Tcvn3), PLAN);
        // The title as the issue saw it, in the capitals font.
        assert_eq!(convert("KÕ HO¹CH", Legacy::Tcvn3), "KẾ HOẠCH");
        assert_eq!(convert("Sè: 12/KH-UBND", Legacy::Tcvn3), "Số: 12/KH-UBND");
    }

    #[test]
    fn vni_pages_read_as_unicode() {
        let typed = encode(PLAN, Legacy::Vni);
        assert_ne!(typed, PLAN);
        assert_eq!(detect(&typed), Some(Legacy::Vni), "{typed}");
        assert_eq!(convert(&typed, Legacy::Vni), PLAN);
        assert_eq!(convert("KEÁ HOAÏCH", Legacy::Vni), "KẾ HOẠCH");
        assert_eq!(convert("Ñaøo taïo", Legacy::Vni), "Đào tạo");
    }

    #[test]
    fn unicode_and_foreign_text_are_left_alone() {
        for text in [
            PLAN,
            "Plan of the Department of Education and Training for the year 2026, to be done",
            "Thuc hien ke hoach cua Uy ban nhan dan tinh ve cong tac phong chong thien tai",
            "Müller, Jørgensen and Ñúñez wrote to the ministry about the plan for this year",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
