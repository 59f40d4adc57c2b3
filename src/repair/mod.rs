//! Repair stage: OCR text in, repaired text out (with the list of changes
//! and their margins, when asked for).
//!
//! A noisy-channel decoder over syllables. Each word is folded to its bare
//! letters; the syllables of the dictionary with that spelling are its
//! candidates (the word as read is always one). A beam search over each
//! clause scores candidates by the learned OCR channel (how this model
//! misreads marks) times the syllable trigram model, which reads a listed
//! abbreviation as the words it stands for. Numbers, codes and
//! abbreviations pass through, except abbreviations whose Đ was read as D
//! ("ND-CP" → "NĐ-CP") or a letter off ("TFHC" → "TTHC"). Casing follows
//! the word as read; a capital inside a lower-case word is an OCR slip and
//! is dropped, unless it starts the next word ("LưuVT"). Under `vie`, a
//! capitalised syllable inside a clause is taken for a name and changed
//! only on strong evidence; one the corpus never saw elsewhere is taken
//! as misread.

pub mod dict;
pub mod eval;
pub mod places;
pub mod syllable;

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde::Serialize;

pub use dict::Dictionary;
use dict::{Bigram, Channel, PairAt, BOS, NUM, OTHER};
pub use eval::{evaluate, Evaluation};
use syllable::Case;

use crate::text::fold;

/// Hypotheses kept per word.
const BEAM: usize = 12;
/// Candidates per word, most frequent first.
const MAX_CANDIDATES: usize = 10;
/// A change whose score beats the runner-up by less than this (natural
/// log) is uncertain.
pub const UNCERTAIN_MARGIN: f64 = 2.0;
/// A known syllable as read is replaced only when the replacement scores
/// this much better (natural log) in its context: `vie`'s reading is
/// strong evidence; `eng`'s unmarked syllable is weak (it has no
/// Vietnamese letters), but a near tie still keeps it (names: "Van").
const MIN_CHANGE_GAIN: f64 = 4.0;
const MIN_CHANGE_GAIN_ENG: f64 = 2.0;
/// ln-probability of one look-alike rewrite ("mgt" → "một") per model.
const EDIT_COST_ENG: f64 = -3.0;
const EDIT_COST_VIE: f64 = -6.0;
/// Look-alike candidates per spelling of a word that already spells a
/// syllable (the decoder's cost grows with candidates; the likeliest
/// syllables of each spelling carry the gain).
const LOOKALIKES_PER_SPELLING: usize = 2;
/// Longest word given look-alike candidates: a syllable has at most 7
/// letters, and OCR adds a letter or two ("nhi€ém").
const MAX_LOOKALIKE_LETTERS: usize = 9;
/// Symbols OCR puts in place of a marked vowel inside or at the end of a
/// word ("hi¢u" hiệu, "S&" Sở, "S¢" Sở).
const LOOKALIKE_SYMBOLS: &str = "¢€£©®&";

/// ln P(this spelling | `<other>`): the model's `<other>` stands for every
/// code, name and foreign word at once, so a damaged word kept as read is
/// far less likely than the class (about one in 400).
const OTHER_SPELLING: f64 = -6.0;

/// Below this share of marked letters a text is taken as stripped of its
/// marks (typed without them), not as OCR output.
const STRIPPED_SHARE: f64 = 0.01;

/// Whether a text has had its marks stripped: 20 letters or more, under
/// `STRIPPED_SHARE` of them marked.
fn stripped(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let marked = text
        .chars()
        .filter(|c| c.is_alphabetic() && !c.is_ascii())
        .count();
    letters >= 20 && (marked as f64) < STRIPPED_SHARE * letters as f64
}

/// The embedded dictionaries, or those of `dir` (`--dict DIR`).
pub fn load(dir: Option<&std::path::Path>) -> crate::Result<Dictionary> {
    match dir {
        None => Dictionary::embedded().map_err(|reason| crate::Error::Dictionary {
            path: std::path::PathBuf::from("(built-in dictionaries)"),
            reason,
        }),
        Some(d) => Dictionary::from_dir(d),
    }
}

/// Which OCR model produced the text: each misreads differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrModel {
    #[default]
    Vie,
    Eng,
}

impl OcrModel {
    fn key(self) -> &'static str {
        match self {
            OcrModel::Vie => "vie",
            OcrModel::Eng => "eng",
        }
    }

    /// The model that most likely produced OCR text from elsewhere, or
    /// `None` when too few letters carry marks to tell. `eng` has no
    /// Vietnamese letters: its marked letters are Latin-1 look-alikes (é,
    /// á), never ơ, ư, ă, đ or the dot-below and hook vowels, which make up
    /// about 70% of the marked letters of Vietnamese text (seed 000, real
    /// `eng` output: 11%).
    pub fn guess(text: &str) -> Option<OcrModel> {
        let (mut marked, mut beyond_latin1) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic() && !c.is_ascii()) {
            marked += 1;
            beyond_latin1 += usize::from(u32::from(c) >= 0x100);
        }
        (marked >= 8).then_some(if beyond_latin1 * 10 < marked * 3 {
            OcrModel::Eng
        } else {
            OcrModel::Vie
        })
    }

    /// The model that matters for a Tesseract language setting: `vie`
    /// whenever it is among them.
    pub fn of_lang(lang: &str) -> OcrModel {
        if lang.split('+').any(|l| l == "vie") {
            OcrModel::Vie
        } else {
            OcrModel::Eng
        }
    }
}

/// How well the text was printed and scanned. On a degraded scan (fax,
/// specks, broken strokes) `vie` misreads marks as other marks that still
/// spell a syllable ("Tế chức" for "Tổ chức"), as `eng` does everywhere;
/// on a clean one its reading of a syllable is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scan {
    #[default]
    Clean,
    Degraded,
}

impl std::str::FromStr for OcrModel {
    type Err = String;
    /// `vie` or `eng`, as the command line names them.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "vie" => Ok(OcrModel::Vie),
            "eng" => Ok(OcrModel::Eng),
            _ => Err(format!("{s:?}: expected vie or eng")),
        }
    }
}

impl std::str::FromStr for Scan {
    type Err = String;
    /// `clean` or `degraded`, as the command line names them.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "clean" => Ok(Scan::Clean),
            "degraded" => Ok(Scan::Degraded),
            _ => Err(format!("{s:?}: expected clean or degraded")),
        }
    }
}

/// One replaced word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// 1-based line of the input.
    pub line: usize,
    /// 0-based character offset in the line.
    pub column: usize,
    pub original: String,
    pub replacement: String,
    /// How far (natural log) the replacement beat the best alternative.
    pub margin: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub text: String,
    pub changes: Vec<Change>,
}

impl Repaired {
    /// Whether any change was a close call.
    pub fn uncertain(&self) -> bool {
        self.changes.iter().any(|c| c.margin < UNCERTAIN_MARGIN)
    }
}

/// A family of rewrites of a folded word ([`lookalikes`],
/// [`dropped_vowels`]): each is lent to the visitor in turn.
type Rewrites = fn(&str, &mut dyn FnMut(&str));

/// A word's possible reading: lower-case spelling, model id, channel
/// ln-probability.
type Candidate = (String, Option<u32>, f64);

/// The candidates of a word, shared by its every occurrence.
#[derive(Clone)]
struct WordCandidates {
    list: Rc<[Candidate]>,
    /// Indices into `list`, best channel score first (ties by index): the
    /// order in which the decoder can stop scoring a word's candidates.
    by_channel: Rc<[usize]>,
    /// Whether the word is a known syllable.
    syllable: bool,
}

impl WordCandidates {
    fn new(list: Vec<Candidate>, syllable: bool) -> WordCandidates {
        let mut by_channel: Vec<usize> = (0..list.len()).collect();
        by_channel.sort_by(|&a, &b| list[b].2.total_cmp(&list[a].2).then(a.cmp(&b)));
        WordCandidates {
            list: list.into(),
            by_channel: by_channel.into(),
            syllable,
        }
    }
}

/// A word of a line and what may replace it.
struct Slot {
    /// Where the word as read is in the text: `start..end`.
    start: usize,
    end: usize,
    /// The word as read, in lower case.
    lower: String,
    case: Case,
    candidates: WordCandidates,
    /// Clause break before this word.
    breaks: bool,
    /// A syllable split off the one before it (words OCR ran together):
    /// a space goes between them.
    split: bool,
}

/// A case slip needs the word seen this often after a lower-case word in
/// the corpus, capitalised there at most one time in `CASE_RARE`, and
/// the word before it followed by a capital at most one time in
/// `CASE_NAMES_FOLLOW` (after "tỉnh", "xã", "ông" come names).
const CASE_MIN_SEEN: u32 = 20;
const CASE_RARE: u32 = 50;
const CASE_NAMES_FOLLOW: u32 = 5;
/// A head noun this likely after the words before it completes their word
/// ("nhiệm vụ") and starts no unit.
const COMPLETES: f64 = 0.5;
/// ln-penalty of a place of another kind than the one written before its
/// name ("tỉnh Lâm Đông": Lâm Đồng, a province, before Lâm Động, a xã).
const KIND_MISMATCH: f64 = -2.0;
/// The least probability of a place name's next syllable given those
/// before it (see [`Repairer::span_score`]).
const NAME_GOES_ON: f64 = 0.5;

/// The engine: a dictionary and the channel of one OCR model.
pub struct Repairer<'d> {
    dict: &'d Dictionary,
    channel: Option<&'d Channel>,
    model: OcrModel,
    scan: Scan,
    /// Candidates per word, one table per (text stripped of marks, word
    /// suspect on a degraded scan): a document repeats its words, and
    /// finding look-alikes is most of the cost of a word.
    cache: RefCell<[FxHashMap<String, WordCandidates>; 4]>,
    /// [`Repairer::cuts`] per word: a document repeats its words.
    cut_cache: RefCell<FxHashMap<String, Rc<[usize]>>>,
}

impl<'d> Repairer<'d> {
    /// ln-probability of one look-alike rewrite (see [`lookalikes`]):
    /// `eng` has no Vietnamese letters and substitutes look-alikes all the
    /// time; `vie` rarely does.
    fn edit_cost(&self) -> f64 {
        match self.model {
            OcrModel::Eng => EDIT_COST_ENG,
            OcrModel::Vie => EDIT_COST_VIE,
        }
    }

    /// The gain (natural log) a replacement of a known syllable as read
    /// must show in context.
    fn min_change_gain(&self) -> f64 {
        match self.model {
            OcrModel::Eng => MIN_CHANGE_GAIN_ENG,
            OcrModel::Vie => MIN_CHANGE_GAIN,
        }
    }

    pub fn new(dict: &'d Dictionary, model: OcrModel) -> Repairer<'d> {
        Repairer {
            dict,
            channel: dict.channels.get(model.key()),
            model,
            scan: Scan::Clean,
            cache: RefCell::default(),
            cut_cache: RefCell::default(),
        }
    }

    /// The same engine for text read from a scan of this quality: `vie`
    /// on a degraded scan weighs its readings by the channel learned on
    /// faxes, when the dictionaries have it.
    pub fn scan(self, scan: Scan) -> Repairer<'d> {
        let degraded = (scan == Scan::Degraded && self.model == OcrModel::Vie)
            .then(|| self.dict.channels.get(dict::DEGRADED_CHANNEL))
            .flatten();
        Repairer {
            scan,
            channel: degraded.or(self.dict.channels.get(self.model.key())),
            ..self
        }
    }

    /// Repair a text; line structure is kept. Context runs on across a
    /// line break into a line going on in lower case, where a paragraph or
    /// a narrow column wrapped ("tối" / "thiếu 30%" is "tối thiểu"); a
    /// break before a capital or a number (an item, a name, a heading) or
    /// a blank line starts afresh.
    pub fn repair(&self, text: &str) -> Repaired {
        let mut changes = Vec::new();
        let text = self.repair_into(text, Some(&mut changes));
        Repaired { text, changes }
    }

    /// The repaired text alone: [`Repairer::repair`]'s `text`, without
    /// working out where each change is and how far it beat the runner-up
    /// (a fifth of the work on `eng` text, where most words change).
    pub fn repair_text(&self, text: &str) -> String {
        self.repair_into(text, None)
    }

    /// Whether `word`, written after the words `before` of its clause (in
    /// lower case; the last was written so), is an OCR case slip for
    /// `lower`. Tesseract tells some
    /// capitals from small letters by size alone: those that are the small
    /// letter enlarged (c, o, ô, ơ, s, u, ư, v, w, x, z), so "thường
    /// Xuyên", "đơn VỊ". It is one when each capital is such a letter (an
    /// all-capitals word also needs a Vietnamese mark: abbreviations have
    /// none), the corpus almost never capitalises the word after a
    /// lower-case word, the words `before` it do not end with a word names
    /// follow ("tỉnh Sơn La": the lexicon lists them, the corpus shows
    /// more; a unit's head noun) and `word` does not
    /// start a unit's name ("… hành chính công Các phòng chuyên môn" is two
    /// units).
    fn case_slip(&self, before: &[String], word: &str, lower: &str) -> bool {
        let Some(prev) = before.last().map(String::as_str) else {
            return false;
        };
        // After a unit's head noun comes its name ("Trung tâm Xúc tiến",
        // "Phòng Văn hóa"); after a collective ("các đơn vị sự nghiệp")
        // none does. The longest head the words before end with decides.
        // A head after a collective ("các đơn vị") is a common noun too.
        let n = before.len();
        let head = self
            .dict
            .head_phrases
            .iter()
            .find(|(h, _)| h.len() <= n && before[n - h.len()..] == h[..]);
        if let Some((h, c)) = head {
            let after_collective =
                n > h.len() && self.dict.collectives.contains(&before[n - h.len() - 1]);
            if !c && !after_collective {
                return false;
            }
        }
        let shape = |c: char, all_caps: bool| {
            let base = crate::text::fold(&c.to_lowercase().to_string());
            matches!(base.as_str(), "c" | "o" | "s" | "u" | "v" | "w" | "x" | "z")
                || all_caps && base == "i"
        };
        let caps = match Case::of(word) {
            Case::Lower => return false,
            Case::Title => word.chars().next().is_some_and(|c| shape(c, false)),
            Case::Upper => {
                word.chars().all(|c| !c.is_alphabetic() || shape(c, true)) && !word.is_ascii()
            }
        };
        let count = |s: &str| self.dict.case.get(s).copied().unwrap_or_default();
        let [low, cap, ..] = count(lower);
        let [.., next_low, next_cap] = count(prev);
        caps && !self.dict.before_name.contains(prev)
            && (!self.dict.unit_heads.contains(lower) || self.completes(before, lower))
            && low >= CASE_MIN_SEEN
            && cap * CASE_RARE <= low + cap
            && next_cap * CASE_NAMES_FOLLOW <= next_low + next_cap
    }

    /// Whether the corpus writes `lower` mostly in lower case inside a
    /// clause: a common word, not a name's.
    fn common_word(&self, lower: &str) -> bool {
        let [low, cap, ..] = self.dict.case.get(lower).copied().unwrap_or_default();
        low >= CASE_MIN_SEEN && cap * CASE_NAMES_FOLLOW <= low + cap
    }

    /// `text` without the colons a scan's specks put between a word's
    /// syllables ("chất: lượng", "Sử: dụng", "thành: tích"): a colon
    /// glued to a syllable whose next, in lower case, is what the words
    /// before it almost always go on with ([`Repairer::completes`]). A
    /// colon that opens a list or a clause ("sau kiểm tra: - Bố trí",
    /// "Mục tiêu: nâng cao") is followed by a mark, a capital or a word
    /// that starts clauses as often as it goes on with these, and stays.
    pub fn drop_inner_colons(&self, text: &str) -> String {
        text.split('\n')
            .map(|line| {
                let words: Vec<&str> = line.split(' ').collect();
                let kept: Vec<&str> = (0..words.len())
                    .map(|k| match self.inner_colon(&words, k) {
                        true => &words[k][..words[k].len() - 1],
                        false => words[k],
                    })
                    .collect();
                kept.join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether word `k` of a line ends in a colon a speck put between
    /// two syllables of a word (see [`Repairer::drop_inner_colons`]).
    fn inner_colon(&self, words: &[&str], k: usize) -> bool {
        let syllable = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
        let Some(u) = words[k].strip_suffix(':').filter(|u| syllable(u)) else {
            return false;
        };
        let next = words
            .get(k + 1)
            .map(|n| n.trim_end_matches(['.', ',', ';', ':']));
        let Some(v) = next.filter(|v| syllable(v) && v.starts_with(char::is_lowercase)) else {
            return false;
        };
        let before: Vec<String> = k
            .checked_sub(1)
            .map(|j| words[j])
            .filter(|p| syllable(p))
            .into_iter()
            .chain([u])
            .map(str::to_lowercase)
            .collect();
        self.completes(&before, &v.to_lowercase())
    }

    /// Whether `word` is what the words `before` it almost always go on
    /// with: the second syllable of a word ("nhiệm vụ", "cơ sở"), not a
    /// head noun starting a unit.
    fn completes(&self, before: &[String], word: &str) -> bool {
        let lm = &self.dict.lm;
        let n = before.len();
        let u = match n {
            0 => return false,
            1 => Some(BOS),
            _ => lm.id(&before[n - 2]),
        };
        let (Some(u), Some(v)) = (u, lm.id(&before[n - 1])) else {
            return false;
        };
        lm.logp(u, v, lm.id(word)) > COMPLETES.ln()
    }

    fn slots(&self, line: &str, stripped: bool) -> Vec<Slot> {
        let mut slots = Vec::new();
        let mut start = None;
        let mut last_end = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        // Per line of the text: its start and whether most of its words
        // are in capitals (a heading).
        let mut at = 0;
        let upper_lines: Vec<(usize, bool)> = line
            .split('\n')
            .map(|l| {
                let (u, n) = l
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .map(|w| Case::of(w) == Case::Upper)
                    .fold((0, 0), |(u, n), up| (u + usize::from(up), n + 1));
                let start = at;
                at += l.len() + 1;
                (start, u * 2 > n)
            })
            .collect();
        let mostly_upper = |b: usize| upper_lines[upper_lines.partition_point(|l| l.0 <= b) - 1].1;
        let letter_at = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_alphabetic());
        for k in 0..=chars.len() {
            let is_word = chars.get(k).is_some_and(|&(_, c)| {
                c.is_alphanumeric()
                    || LOOKALIKE_SYMBOLS.contains(c)
                        && k > 0
                        && letter_at(k - 1)
                        // "HĐND&UBND", "GD&ĐT": an ampersand between
                        // abbreviations is one.
                        && !(c == '&'
                            && chars.get(k + 1).is_some_and(|(_, n)| n.is_uppercase()))
            });
            match (is_word, start) {
                (true, None) => start = Some(k),
                (false, Some(s)) => {
                    let (b0, b1) = (chars[s].0, chars.get(k).map_or(line.len(), |c| c.0));
                    let gap = &line[last_end..b0];
                    // A line break ends a clause unless the next line goes
                    // on in lower case: a capital or a number starts an
                    // item, a name or a heading.
                    let item = gap.contains('\n') && !line[b0..].starts_with(char::is_lowercase);
                    let blank = gap.matches('\n').nth(1).is_some();
                    let breaks = slots.is_empty()
                        || item
                        || blank
                        || gap.contains(['.', ';', ':', '!', '?', '(', ')', '"']);
                    let word = &line[b0..b1];
                    // A word OCR ran together becomes one slot per syllable.
                    let cuts = self.cut_cache.borrow().get(word).cloned();
                    let cuts = cuts.unwrap_or_else(|| {
                        let cuts: Rc<[usize]> = self.cuts(word).into();
                        self.cut_cache
                            .borrow_mut()
                            .insert(word.to_string(), cuts.clone());
                        cuts
                    });
                    let mut from = b0;
                    for (i, to) in cuts.iter().map(|c| b0 + c).chain([b1]).enumerate() {
                        let first = i == 0;
                        let piece = &line[from..to];
                        let mut slot = self.slot(
                            piece,
                            from,
                            to,
                            breaks && first,
                            stripped,
                            mostly_upper(from),
                            line,
                        );
                        slot.split = !first;
                        slots.push(slot);
                        from = to;
                    }
                    last_end = b1;
                    start = None;
                }
                _ => {}
            }
        }
        slots
    }

    #[allow(clippy::too_many_arguments)]
    fn slot(
        &self,
        word: &str,
        b0: usize,
        b1: usize,
        breaks: bool,
        stripped: bool,
        mostly_upper: bool,
        line: &str,
    ) -> Slot {
        let lower = word.to_lowercase();
        let mut case = Case::of(word);
        // Codes joined by hyphens or slashes ("ND-CP", "QD-UBND") are
        // words here; their Đ is restored from the abbreviation list.
        let joined =
            line[b1..].starts_with(['-', '/', '&']) || line[..b0].ends_with(['-', '/', '&']);
        let roman = word.len() > 1 && word.chars().all(|c| "IVXLC".contains(c));
        let governed = governed_numeral(word_before(&line[..b0]), word);
        let word_candidates = if let Some((n, in_roman)) = governed {
            if in_roman {
                case = Case::Upper;
            }
            WordCandidates::new(vec![(n.to_lowercase(), Some(NUM), 0.0)], false)
        } else if lower.chars().all(|c| c.is_ascii_digit()) || roman {
            WordCandidates::new(vec![(lower.clone(), Some(NUM), 0.0)], false)
        } else if let Some(n) =
            lookalike_number(&lower).filter(|_| !digits_as_letters_spell(&lower))
        {
            // "I0", "2O26": no syllable either way, so the number printed.
            WordCandidates::new(vec![(n, Some(NUM), 0.0)], false)
        } else if let Some(abbr) = (case == Case::Upper
            || joined && word.chars().all(|c| !c.is_lowercase()))
        .then(|| self.dict.abbreviations.get(&fold(&lower)))
        .flatten()
        .filter(|_| word.chars().count() > 1 || joined)
        .or_else(|| {
            (case == Case::Upper && !self.dict.by_key.contains_key(&fold(&lower)))
                .then(|| self.near_abbreviation(&lower))
                .flatten()
        }) {
            // In a code ("15/KH-UBND") it is no word of the clause.
            let (spelling, id) = abbr;
            let id = if joined { OTHER } else { *id };
            WordCandidates::new(vec![(spelling.to_lowercase(), Some(id), 0.0)], false)
        } else if joined && word.chars().all(|c| !c.is_lowercase()) && !syllable::is_valid(&lower) {
            // A part of a code no list knows ("GD&ĐT", "KH-SGDĐT"): as
            // printed, not a word misread.
            WordCandidates::new(vec![(lower.clone(), Some(OTHER), 0.0)], false)
        } else {
            // On a degraded scan any word may be misread, but names (a
            // capital inside a clause: "Lai Khê") and single letters are
            // what context predicts worst.
            let suspect = self.scan == Scan::Degraded
                && word.chars().nth(1).is_some()
                && (case != Case::Title || breaks);
            let table = usize::from(stripped) * 2 + usize::from(suspect);
            let known = self.cache.borrow()[table].get(&lower).cloned();
            let c = known.unwrap_or_else(|| {
                let c = self.word_candidates(&lower, stripped, suspect);
                self.cache.borrow_mut()[table].insert(lower.clone(), c.clone());
                c
            });
            // A syllable in capitals inside ordinary text, followed by a
            // lower-case word, is a capitalised word read with a capital
            // too many ("CƠ quan").
            let next_lower = line[b1..]
                .trim_start_matches(' ')
                .starts_with(|c: char| c.is_lowercase());
            if c.syllable && case == Case::Upper && !mostly_upper && next_lower {
                case = Case::Title;
            }
            c
        };
        Slot {
            start: b0,
            end: b1,
            lower,
            case,
            candidates: word_candidates,
            breaks,
            split: false,
        }
    }

    /// The one listed abbreviation of four letters or more that a word in
    /// capitals is a letter away from: OCR drops, doubles or misreads a
    /// letter of a run of capitals ("TFHC", "TTTHC", "THC" for TTHC;
    /// "HĐỘND" for HĐND). None when no abbreviation, or more than one, is.
    fn near_abbreviation(&self, lower: &str) -> Option<&'d (String, u32)> {
        let key: Vec<char> = fold(lower).chars().collect();
        if key.len() < 3 || !key.iter().all(|c| c.is_alphabetic()) {
            return None;
        }
        let mut near = self
            .dict
            .abbreviations
            .iter()
            .filter(|(k, _)| k.chars().count() >= 4 && k.chars().all(char::is_alphabetic))
            .filter(|(k, _)| one_edit(&key, &k.chars().collect::<Vec<_>>()));
        let first = near.next()?;
        near.next().is_none().then_some(first.1)
    }

    /// The candidates of a lower-case word that is neither a number nor a
    /// listed abbreviation, and whether it is a known syllable (spelt as
    /// one, or with a known bare spelling). A `suspect` word (of a degraded
    /// scan) gets look-alikes even when it spells a syllable.
    fn word_candidates(&self, lower: &str, stripped: bool, suspect: bool) -> WordCandidates {
        let lm = &self.dict.lm;
        let mut candidates = Vec::new();
        let valid = syllable::is_valid(lower);
        if lower.chars().all(char::is_alphabetic)
            && (valid || self.dict.by_key.contains_key(&fold(lower)))
        {
            let own = syllable::normalize(lower);
            let key = fold(&own);
            let ids = self.dict.by_key.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            for &id in ids.iter().take(MAX_CANDIDATES) {
                let s = lm.word(id).to_string();
                let ch = self.channel_logp(&own, &s, stripped);
                candidates.push((s, Some(id), ch));
            }
            if !candidates.iter().any(|c| c.0 == own) {
                // Marks no syllable has ("bấo") are a misreading, or a
                // foreign word: one of the many spellings of `<other>`.
                let foreign = if self.dict.syllable_shaped(&own) {
                    0.0
                } else {
                    OTHER_SPELLING
                };
                let ch = self.channel_logp(&own, &own, stripped) + foreign;
                candidates.push((own.clone(), lm.id(&own), ch));
            }
            let known = lm.id(&own).is_some();
            let mut alike = Vec::new();
            // `eng` reads marked vowels as other letters that still spell
            // a syllable ("thi" thủ, "Déc" Độc, "Pao" Đào); a spelling no
            // syllable of the dictionary has, marks no syllable has
            // ("tưừ"), or a syllable the corpus never saw ("Gông" công)
            // is misread under any model.
            if !stripped
                && (self.model == OcrModel::Eng
                    || suspect
                    || ids.is_empty()
                    || !known
                    || !valid && syllable::vietnamese_letters(lower))
            {
                // A word that spells a syllable is at most one slip away.
                // A word with impossible marks gets more of each
                // spelling's syllables: it is rare, and surely misread.
                let per_spelling = if valid {
                    LOOKALIKES_PER_SPELLING
                } else {
                    MAX_CANDIDATES
                };
                alike = self.lookalike_candidates(lower, 1, per_spelling, lookalikes);
            }
            // A marked syllable the corpus never saw, read by `vie`, is
            // most likely a known one that lost a letter ("HỆN" hiện).
            // (`eng`'s unmarked readings are never syllables as read.)
            if !stripped && !known && self.model == OcrModel::Vie && key.chars().nth(1).is_some() {
                alike.extend(self.lookalike_candidates(
                    &key,
                    1,
                    LOOKALIKES_PER_SPELLING,
                    dropped_vowels,
                ));
            }
            for c in alike {
                if !candidates.iter().any(|k| k.0 == c.0) {
                    candidates.push(c);
                }
            }
            return WordCandidates::new(candidates, known);
        }
        candidates.push((lower.to_string(), Some(OTHER), 0.0));
        if lower.chars().any(char::is_alphabetic) {
            let alike = self.lookalike_candidates(lower, 2, MAX_CANDIDATES, misshapen);
            if !alike.is_empty() {
                // Letters mixed with digits or symbols that are a rewrite
                // or two from a syllable: more likely a misread than a code.
                let mixed = lower.chars().any(|c| !c.is_alphabetic());
                candidates[0].2 = self.edit_cost() * if mixed { 2.0 } else { 1.0 } + OTHER_SPELLING;
                candidates.extend(alike);
            }
        }
        if let Some(n) = lookalike_number(lower) {
            // Digits with letters shaped like digits ("i0", "l0", "2o26"):
            // the digit the engine saw says a number was printed.
            candidates.push((n, Some(NUM), 0.0));
        }
        WordCandidates::new(candidates, false)
    }

    /// Where to cut a word OCR ran together (byte offsets inside it): where
    /// a known syllable with a lower-case end meets a capital ("NhưĐiều",
    /// "LưuVT") or a marked one meets a digit ("Điều3"), and inside each
    /// piece by [`Repairer::run_together`].
    fn cuts(&self, word: &str) -> Vec<usize> {
        let mut bounds = Vec::new();
        let mut start = 0;
        let mut prev: Option<char> = None;
        // A digit read for a letter of the syllable ("Sà1" Sài) is no
        // number after it.
        let digit_for_letter = self.digit_for_letter(word);
        for (k, c) in word.char_indices() {
            let left = &word[start..k];
            let meets = prev.is_some_and(|p| {
                p.is_lowercase() && c.is_uppercase()
                    || p.is_alphabetic()
                        && c.is_ascii_digit()
                        && !left.is_ascii()
                        && !digit_for_letter
            });
            // A capital after a look-alike symbol that ends a run of
            // capitals: the symbol was a letter of a heading whose spaces
            // were lost ("PHỤ€VỤCÔNG" phục vụ công).
            let after_symbol = prev.is_some_and(|p| LOOKALIKE_SYMBOLS.contains(p))
                && c.is_uppercase()
                && left.chars().filter(|l| l.is_alphabetic()).count() >= 2
                && left
                    .chars()
                    .all(|l| l.is_uppercase() || LOOKALIKE_SYMBOLS.contains(l));
            if after_symbol || meets && self.known_syllable(left) {
                bounds.push(k);
                start = k;
            }
            prev = Some(c);
        }
        let mut out = Vec::new();
        let mut from = 0;
        for to in bounds.iter().copied().chain([word.len()]) {
            if let Some(inner) = self.run_together(&word[from..to]) {
                out.extend(inner.iter().map(|c| from + c));
            }
            if to < word.len() {
                out.push(to);
            }
            from = to;
        }
        out
    }

    /// Whether a word with one digit spells a known syllable when the
    /// digit is read as a letter it looks like ("sà1" sài, "ph0ng").
    fn digit_for_letter(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let mut digits = lower.char_indices().filter(|(_, c)| c.is_ascii_digit());
        let (Some((at, d)), None) = (digits.next(), digits.next()) else {
            return false;
        };
        let letters: &[char] = match d {
            '1' => &['i', 'l'],
            '0' | '6' => &['o'],
            '5' => &['s'],
            '4' => &['a'],
            '8' => &['b'],
            _ => &[],
        };
        letters.iter().any(|l| {
            let spelt = format!("{}{l}{}", &lower[..at], &lower[at + 1..]);
            self.known_syllable(&spelt)
        })
    }

    /// A word of two letters or more spelling a syllable of the dictionary.
    fn known_syllable(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        lower.chars().nth(1).is_some()
            && lower.chars().all(char::is_alphabetic)
            && syllable::is_valid(&lower)
            && self.dict.by_key.contains_key(&fold(&lower))
    }

    /// Where to cut a word OCR ran together from several syllables (bold
    /// headings lose their spaces: "PHÓCHỦTỊCH", "thànhphố"): byte offsets
    /// inside `word` of the cuts of the likeliest split into known
    /// syllables, or `None` for a word that is one syllable or cannot be
    /// split so. Only words with a Vietnamese mark are split, so unmarked
    /// foreign words ("online") stay whole.
    fn run_together(&self, word: &str) -> Option<Vec<usize>> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() < 4
            || !chars.iter().all(|(_, c)| c.is_alphabetic())
            || chars.iter().all(|(_, c)| c.is_ascii())
        {
            return None;
        }
        let lower = word.to_lowercase();
        if syllable::is_valid(&lower) || self.dict.by_key.contains_key(&fold(&lower)) {
            return None;
        }
        let whole = self.split_syllables(word);
        if whole.is_none() {
            // A heading's number read as a letter and run into it
            // ("I. ĐẶC ĐIỂM" as "LĐẶCĐIỂM"): a capital of its own, then
            // syllables.
            let upper = chars.iter().all(|(_, c)| c.is_uppercase());
            if !upper || chars.len() < 5 {
                return None;
            }
            if self.dict.abbreviations.contains_key(&fold(&lower)) {
                return None;
            }
            let at1 = chars[1].0;
            let inner = self.split_syllables(&word[at1..])?;
            return Some(
                std::iter::once(at1)
                    .chain(inner.iter().map(|c| at1 + c))
                    .collect(),
            );
        }
        whole.filter(|c| !c.is_empty())
    }

    /// Byte offsets of the cuts of the likeliest split of `word` into known
    /// syllables (none for one syllable), or `None` when it cannot be split
    /// so.
    fn split_syllables(&self, word: &str) -> Option<Vec<usize>> {
        const MAX_SYLLABLE: usize = 7;
        const PER_SYLLABLE: f64 = -2.0;
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let n = chars.len();
        let at = |i: usize| chars.get(i).map_or(word.len(), |c| c.0);
        // best[i]: score of the best split of the first i chars, and the
        // start of its last piece.
        let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0));
        for i in 1..=n {
            for j in i.saturating_sub(MAX_SYLLABLE)..i {
                let Some((sj, _)) = best[j] else { continue };
                let piece = word[at(j)..at(i)].to_lowercase();
                if piece.chars().count() < 2 && !"aoyuiư".contains(piece.as_str()) {
                    continue;
                }
                let Some(ids) = self.dict.by_key.get(&fold(&piece)) else {
                    continue;
                };
                if !syllable::is_valid(&piece) {
                    continue;
                }
                let p = ids
                    .iter()
                    .map(|&id| self.dict.lm.unigram(Some(id)))
                    .fold(0.0, f64::max);
                let s = sj + p.max(1e-12).ln() + PER_SYLLABLE;
                if best[i].is_none_or(|(b, _)| s > b) {
                    best[i] = Some((s, j));
                }
            }
        }
        best[n]?;
        let mut cuts = Vec::new();
        let mut i = n;
        while i > 0 {
            let (_, j) = best[i].expect("reachable");
            if j > 0 {
                cuts.push(at(j));
            }
            i = j;
        }
        cuts.reverse();
        Some(cuts)
    }

    /// Syllables a damaged word (not a syllable, or letters mixed with
    /// digits and symbols) may have been: the dictionary's syllables whose
    /// bare spelling is one rewrite away ([`lookalikes`], or
    /// [`dropped_vowels`]), or two when none is one away (up to
    /// `max_edits`); each rewrite costs [`Repairer::edit_cost`].
    fn lookalike_candidates(
        &self,
        lower: &str,
        max_edits: u32,
        per_spelling: usize,
        rewrites: Rewrites,
    ) -> Vec<(String, Option<u32>, f64)> {
        let key = fold(lower);
        // Rewrites grow as the square of the length at two edits: only
        // words a syllable or two slips could have come from are tried
        // (a fuzzer's 200-letter word took seconds and a gigabyte).
        if key.chars().count() > MAX_LOOKALIKE_LETTERS {
            return Vec::new();
        }
        let mut out: Vec<(String, Option<u32>, f64)> = Vec::new();
        let mut frontier = vec![key];
        for edits in 1..=max_edits {
            let cost = self.edit_cost() * f64::from(edits);
            let last = edits == max_edits;
            // The words the next round rewrites, each once. A spelling
            // reached twice here gives its syllables twice: they are
            // deduplicated after the sort.
            let mut next = rustc_hash::FxHashSet::default();
            for k in &frontier {
                rewrites(k, &mut |v| {
                    if let Some(ids) = self.dict.by_key.get(v) {
                        for &id in ids.iter().take(per_spelling) {
                            out.push((self.dict.lm.word(id).to_string(), Some(id), cost));
                        }
                    }
                    if !last && !next.contains(v) {
                        next.insert(v.to_string());
                    }
                });
            }
            if last || !out.is_empty() {
                break;
            }
            frontier = next.into_iter().collect();
        }
        // Most likely first, so the cap keeps the best.
        out.sort_by(|a, b| {
            let f = |c: &Candidate| c.1.map_or(0, |id| self.dict.lm.frequency(id));
            f(b).cmp(&f(a)).then_with(|| a.0.cmp(&b.0))
        });
        // The same syllable twice is side by side after the sort (a
        // syllable has one spelling, so one sort key).
        out.dedup_by_key(|c| c.1);
        out.truncate(MAX_CANDIDATES);
        out
    }

    fn channel_logp(&self, observed: &str, intended: &str, stripped: bool) -> f64 {
        if stripped {
            // Every mark was dropped: the channel says nothing; only an
            // unmarked reading that is itself a word costs nothing extra.
            return 0.0;
        }
        match self.channel {
            Some(ch) => ch.logp(observed, intended),
            None => {
                if observed == intended {
                    0.0
                } else {
                    -6.0
                }
            }
        }
    }

    fn lm_id(c: &(String, Option<u32>, f64)) -> u32 {
        c.1.unwrap_or(OTHER)
    }

    /// Best candidate index per slot, by beam search over the clause.
    // Out of line: inlined into `repair_into`, the criterion binary's
    // repair of raw `eng` text ran some 20% slower.
    #[inline(never)]
    fn decode(&self, slots: &[Slot]) -> Vec<usize> {
        /// A hypothesis: its last two words, score, where its choices are
        /// kept in `trail`, and its rank by choices among the beam (ties
        /// in score go to the lexicographically first choices).
        // Small, as the beam moves hypotheses about.
        struct Hyp {
            score: f64,
            node: usize,
            /// Where `u v` is in the bigram table, when known.
            pair: Option<PairAt>,
            u: u32,
            v: u32,
            lex: u32,
        }
        const ROOT: usize = usize::MAX;
        // (parent node, candidate): each hypothesis' choices, by back-pointer.
        let mut trail: Vec<(usize, usize)> = Vec::with_capacity(slots.len() * BEAM);
        let lm = &self.dict.lm;
        let mut beam = vec![Hyp {
            u: BOS,
            v: BOS,
            pair: None,
            score: 0.0,
            node: ROOT,
            lex: 0,
        }];
        // Reused from word to word.
        let mut kept: Vec<(Hyp, (u32, u32))> = Vec::with_capacity(BEAM + 1);
        let mut by_lex: Vec<u64> = Vec::with_capacity(BEAM);
        let mut last_words: Vec<u32> = Vec::new();
        let mut memo: Vec<Option<Bigram>> = Vec::new();
        for slot in slots {
            // Candidates by channel score, best first: an LM probability
            // is at most 1, so a hypothesis plus a candidate's channel
            // score bounds what the pair can reach, and pairs whose bound
            // is below the BEAM-th best state found are never scored. The
            // result is that of scoring every pair.
            let order = &slot.candidates.by_channel;
            let best_channel = order.first().map_or(0.0, |&c| slot.candidates.list[c].2);
            // Kept hypotheses, best first by (score, then choices), at
            // most one per state: hypotheses that end alike can never be
            // told apart later.
            kept.clear();
            let threshold = |kept: &Vec<(Hyp, (u32, u32))>| {
                if kept.len() == BEAM {
                    kept[BEAM - 1].0.score
                } else {
                    f64::NEG_INFINITY
                }
            };
            // The bigram level of each candidate after each last word of
            // the beam, looked up once.
            let n = slot.candidates.list.len();
            last_words.clear();
            memo.clear();
            // After a clause break every hypothesis has the same context
            // and so reaches the same states: the best one wins them all.
            let heads = if slot.breaks { 1 } else { beam.len() };
            // The beam is best first (as `kept` was).
            for h in beam.iter().take(heads) {
                if h.score + best_channel < threshold(&kept) {
                    break;
                }
                // The context, and the word before a candidate in it.
                let (ctx, u) = match h.pair {
                    _ if slot.breaks => (lm.context(BOS, BOS), BOS),
                    Some(pair) => (lm.context_at(h.v, pair), h.v),
                    None => (lm.context(h.u, h.v), h.v),
                };
                let at = match last_words.iter().position(|&x| x == ctx.last()) {
                    Some(i) => i * n,
                    None => {
                        last_words.push(ctx.last());
                        memo.resize(memo.len() + n, None);
                        memo.len() - n
                    }
                };
                for &ci in order.iter() {
                    let c = &slot.candidates.list[ci];
                    if h.score + c.2 < threshold(&kept) {
                        break;
                    }
                    let (lp, pair) = ctx.logp_memo(c.1, &mut memo[at + ci]);
                    let hyp = Hyp {
                        u,
                        v: Self::lm_id(c),
                        pair,
                        score: h.score + lp + c.2,
                        node: h.node,
                        lex: 0,
                    };
                    if hyp.score < threshold(&kept) {
                        continue;
                    }
                    let key = (h.lex, ci as u32);
                    let better = |k: &(Hyp, (u32, u32))| {
                        k.0.score.total_cmp(&hyp.score).then(key.cmp(&k.1)).is_gt()
                    };
                    if let Some(i) = kept.iter().position(|k| k.0.u == hyp.u && k.0.v == hyp.v) {
                        if better(&kept[i]) {
                            continue;
                        }
                        kept.remove(i);
                    }
                    let at = kept.iter().position(|k| !better(k)).unwrap_or(kept.len());
                    if at < BEAM {
                        kept.insert(at, (hyp, key));
                        kept.truncate(BEAM);
                    }
                }
            }
            // Keys are unique, one per head and candidate: sorted with
            // their places in `kept` in the low bits.
            const _: () = assert!(BEAM < 256);
            by_lex.clear();
            by_lex.extend(kept.iter().enumerate().map(|(i, (_, (lex, ci)))| {
                (u64::from(*lex) << 40) | (u64::from(*ci) << 8) | i as u64
            }));
            by_lex.sort_unstable();
            for (rank, &i) in by_lex.iter().enumerate() {
                kept[(i & 0xff) as usize].0.lex = rank as u32;
            }
            beam.clear();
            beam.extend(kept.drain(..).map(|(mut h, (_, ci))| {
                trail.push((h.node, ci as usize));
                h.node = trail.len() - 1;
                h
            }));
        }
        let mut choice = Vec::with_capacity(slots.len());
        let mut node = beam.first().map_or(ROOT, |h| h.node);
        while node != ROOT {
            let (parent, ci) = trail[node];
            choice.push(ci);
            node = parent;
        }
        choice.reverse();
        choice
    }

    /// The score of each candidate `ci` at `k` with its neighbours fixed
    /// as chosen (the context before `k` looked up once).
    fn local_scores<'a>(
        &'a self,
        slots: &'a [Slot],
        choice: &'a [usize],
        k: usize,
    ) -> impl Fn(usize) -> f64 + 'a {
        let (u, v) = context_before(slots, k, |j| choice[j]);
        let before = self.dict.lm.context(u, v);
        move |ci| {
            let c = &slots[k].candidates.list[ci];
            let (lp, mut ctx) = before.step(c.1);
            let mut s = c.2 + lp;
            // The words after it, as chosen, each in the context of the
            // two before it.
            for j in k + 1..(k + 3).min(slots.len()) {
                if slots[j].breaks {
                    break;
                }
                let (lp, after) = ctx.step(slots[j].candidates.list[choice[j]].1);
                s += lp;
                ctx = after;
            }
            s
        }
    }

    /// The repaired text; each change, with its margin, into `changes`
    /// when asked for.
    fn repair_into(&self, text: &str, mut changes: Option<&mut Vec<Change>>) -> String {
        let stripped = stripped(text);
        let slots = self.slots(text, stripped);
        if slots.is_empty() {
            return text.to_string();
        }
        let mut choice = self.decode(&slots);
        let original = |slot: &Slot| &text[slot.start..slot.end];
        if !stripped {
            // OCR is right more often than not: a word as read that is
            // itself a known syllable is replaced only on enough gain.
            let min_gain = self.min_change_gain();
            for k in 0..slots.len() {
                let own = syllable::normalize(&slots[k].lower);
                // A capitalised syllable after a word of its clause, as
                // `vie` read it, is most likely a name ("Nguyễn Trãi",
                // "Thanh Miện"), of which the model knows least: one it
                // knows needs half again the gain, one it never saw three
                // times.
                let name = self.model == OcrModel::Vie
                    && !slots[k].breaks
                    && k > 0
                    && original(&slots[k - 1]).chars().any(char::is_alphabetic)
                    && Case::of(original(&slots[k])) == Case::Title
                    && self.dict.syllable_shaped(&own);
                let Some(orig) = slots[k].candidates.list.iter().position(|c| {
                    c.0 == own && (name || c.1.is_some_and(|id| self.dict.lm.is_syllable(id)))
                }) else {
                    continue;
                };
                let need = match slots[k].candidates.list[orig].1 {
                    _ if !name => min_gain,
                    None => 3.0 * min_gain,
                    Some(_) => 1.5 * min_gain,
                };
                if orig != choice[k] {
                    let gain = {
                        let score = self.local_scores(&slots, &choice, k);
                        score(choice[k]) - score(orig)
                    };
                    if gain < need {
                        choice[k] = orig;
                    }
                }
            }
        }
        let places = self.place_names(text, &slots, &choice);
        let mut out = String::with_capacity(text.len() + 8);
        let mut at = 0;
        let mut positions = Positions::new(text);
        // The words before in this line of the clause, as written out (in
        // lower case), and whether the last was written in lower case.
        let mut before: Vec<String> = Vec::new();
        let mut prev_lower = false;
        for (k, slot) in slots.iter().enumerate() {
            out.push_str(&text[at..slot.start]);
            if slot.split {
                out.push(' ');
            }
            at = slot.end;
            let (chosen, id) = (
                &slot.candidates.list[choice[k]].0,
                slot.candidates.list[choice[k]].1,
            );
            let as_read = chosen == &slot.lower;
            let listed = id.is_some_and(|id| id == OTHER || self.dict.lm.phrase(id).is_some());
            let word = if let Some((name, _)) = &places[k] {
                slot.case.apply(name)
            } else if (id == Some(NUM) || listed) && as_read {
                Cow::Borrowed(original(slot))
            } else if id == Some(NUM) {
                // A number read with letters for its digits ("I0").
                Cow::Owned(chosen.to_string())
            } else if listed {
                // An abbreviation from the list: its own spelling.
                Cow::Owned(chosen.to_uppercase())
            } else if *chosen == syllable::normalize(&slot.lower) {
                // Read in the other tone placement ("tuý" for "túy"): both
                // are right, the page's is kept.
                slot.case.apply(&slot.lower)
            } else {
                slot.case.apply(chosen)
            };
            // Words of one line of one cell: a tab or a line break between
            // them starts another cell, item or heading.
            let gap = &text[slots.get(k.wrapping_sub(1)).map_or(0, |s| s.end)..slot.start];
            let joined = k > 0 && !gap.is_empty() && gap.chars().all(|c| c == ' ');
            if !joined || slot.breaks {
                before.clear();
                prev_lower = false;
            }
            let word =
                if prev_lower && places[k].is_none() && self.case_slip(&before, &word, chosen) {
                    Cow::Owned(chosen.to_string())
                } else {
                    word
                };
            // A clause's first word, when a common word, is capitalised
            // for being first: the one after it is read as if after a
            // lower-case word when a lower-case word follows it ("Thường
            // Xuyên trong"). A name's first word ("Lê Chân") is not; nor
            // is a line of capitalised words ("Trần Việt Tuấn").
            let lower_after = slots.get(k + 2).is_some_and(|next| {
                let gap = &text[slots[k + 1].end..next.start];
                !gap.is_empty()
                    && gap.chars().all(|c| c == ' ')
                    && original(next).starts_with(char::is_lowercase)
            });
            prev_lower = word.chars().all(char::is_lowercase)
                || (before.is_empty()
                    && lower_after
                    && Case::of(&word) == Case::Title
                    && self.common_word(&word.to_lowercase()));
            before.push(word.to_lowercase());
            if let Some(changes) = changes.as_deref_mut() {
                let (line_no, column) = positions.at(slot.start);
                if slot.split {
                    changes.push(Change {
                        line: line_no,
                        column,
                        original: String::new(),
                        replacement: " ".into(),
                        margin: 99.0,
                    });
                }
                if word != original(slot) {
                    changes.push(Change {
                        line: line_no,
                        column,
                        original: original(slot).to_string(),
                        replacement: word.to_string(),
                        margin: match &places[k] {
                            Some((_, margin)) => *margin,
                            None => self.margin(&slots, &choice, k),
                        },
                    });
                }
            }
            out.push_str(&word);
        }
        out.push_str(&text[at..]);
        out
    }

    /// Names of places among the words, spelt as the gazetteer spells
    /// them: per slot, the spelling (lower case) to write instead of the
    /// decoder's choice, and how far it beat that choice. The model knows
    /// few places: it keeps a misreading of one ("Côn Cỏ") and rewrites a
    /// right reading into words it knows ("Sài Gòn" → "Sao Gòn"). A run of
    /// capitalised words may be a place as read or a misreading of one
    /// ([`Repairer::places_in`]); the place is written when it scores
    /// above the decoder's words, a place's name counting as one word
    /// ([`Repairer::span_score`]). A name ends its clause or is followed
    /// by another capital: a lower-case word going on after the run makes
    /// it part of a common noun ("Trạm Thú y", "Hạt Kiểm lâm").
    fn place_names(
        &self,
        text: &str,
        slots: &[Slot],
        choice: &[usize],
    ) -> Vec<Option<(String, f64)>> {
        let mut out = vec![None; slots.len()];
        if self.dict.places.is_empty() {
            return out;
        }
        let word = |k: usize| &text[slots[k].start..slots[k].end];
        let alphabetic = |k: usize| word(k).chars().all(char::is_alphabetic);
        // Words side by side on one line: only spaces between.
        let joined = |k: usize| {
            k > 0
                && (slots[k].split || {
                    let gap = &text[slots[k - 1].end..slots[k].start];
                    !gap.is_empty() && gap.bytes().all(|b| b == b' ')
                })
        };
        let goes_on =
            |k: usize| k < slots.len() && joined(k) && word(k).starts_with(char::is_lowercase);
        let mut k = 0;
        while k < slots.len() {
            let case = Case::of(word(k));
            if case == Case::Lower || !alphabetic(k) {
                k += 1;
                continue;
            }
            let mut end = k + 1;
            while end < slots.len() && joined(end) && alphabetic(end) && Case::of(word(end)) == case
            {
                end += 1;
            }
            // The words before the run on its line, as decoded (a kind of
            // unit, in the run's case or, before a capitalised name, any).
            let mut before = Vec::new();
            let mut j = k;
            while j > 0 && joined(j) && before.len() < 2 && alphabetic(j - 1) {
                if case == Case::Upper && Case::of(word(j - 1)) != Case::Upper {
                    break;
                }
                before.insert(0, slots[j - 1].candidates.list[choice[j - 1]].0.clone());
                j -= 1;
            }
            let run: Vec<String> = (k..end)
                .map(|j| syllable::normalize(&slots[j].lower))
                .collect();
            // A heading in capitals is no name unless a kind says so.
            let guess = case == Case::Title;
            for (at, name) in self.places_in(&run, &before, guess) {
                let (a, b) = (k + at, k + at + name.len());
                if goes_on(b) {
                    continue;
                }
                if let Some((name, margin)) = self.place_over(slots, choice, &run[at..], a, name) {
                    for (j, s) in (a..).zip(name) {
                        out[j] = Some((s, margin));
                    }
                }
            }
            k = end;
        }
        out
    }

    /// Whether the place `name`, read as `read`, is written over slots
    /// `a..` instead of the decoder's words: the spelling (the decoder's,
    /// when it read another place that scores as well from context) and
    /// the margin, when it scores above them or they spell it.
    fn place_over(
        &self,
        slots: &[Slot],
        choice: &[usize],
        read: &[String],
        a: usize,
        name: Vec<String>,
    ) -> Option<(Vec<String>, f64)> {
        let b = a + name.len();
        let chosen: Vec<&Candidate> = (a..b)
            .map(|j| &slots[j].candidates.list[choice[j]])
            .collect();
        let as_place = |name: &[String]| {
            let words: Vec<(Option<u32>, f64)> = name
                .iter()
                .zip(read)
                .map(|(meant, read)| (self.dict.lm.id(meant), self.syllable_logp(read, meant)))
                .collect();
            self.span_score(slots, choice, a, b, &words, true)
        };
        // The decoder may have read another place from context.
        let decoded: Vec<String> = chosen.iter().map(|c| c.0.clone()).collect();
        let (name, place) = match as_place(&name) {
            p if decoded != name && self.dict.places.contains(&decoded) => {
                let q = as_place(&decoded);
                if q >= p {
                    (decoded, q)
                } else {
                    (name, p)
                }
            }
            p => (name, p),
        };
        let words: Vec<(Option<u32>, f64)> = chosen.iter().map(|c| (c.1, c.2)).collect();
        let gain = place - self.span_score(slots, choice, a, b, &words, false);
        let spelt = chosen.iter().zip(&name).all(|(c, s)| c.0 == *s);
        (gain > 0.0 || spelt).then(|| (name, (gain.clamp(0.0, 99.0) * 100.0).round() / 100.0))
    }

    /// The score of writing `words` (model id, channel score) over slots
    /// `a..b`, in the context before them as chosen, and of the chosen
    /// words after them in the clause (two at most) in theirs. In a
    /// `place`'s name a syllable after the first is at least
    /// `NAME_GOES_ON` likely: the model knows few names, the gazetteer
    /// knows them whole.
    fn span_score(
        &self,
        slots: &[Slot],
        choice: &[usize],
        a: usize,
        b: usize,
        words: &[(Option<u32>, f64)],
        place: bool,
    ) -> f64 {
        let lm = &self.dict.lm;
        let (u, v) = context_before(slots, a, |j| choice[j]);
        let mut ctx = lm.context(u, v);
        let mut score = 0.0;
        for (i, &(id, channel)) in words.iter().enumerate() {
            let (lp, next) = ctx.step(id);
            score += channel
                + if place && i > 0 {
                    lp.max(NAME_GOES_ON.ln())
                } else {
                    lp
                };
            ctx = next;
        }
        for j in b..(b + 2).min(slots.len()) {
            if slots[j].breaks {
                break;
            }
            let (lp, next) = ctx.step(slots[j].candidates.list[choice[j]].1);
            score += lp;
            ctx = next;
        }
        score
    }

    /// The places a run of words of one case may be (see
    /// [`Repairer::place_names`]): where each starts in the run and its
    /// syllables. `before` are the words before the run. A name starts
    /// after a kind of unit ("xã", "thành phố"), or, at the run's start or
    /// after a unit's head noun ("Báo Lâm Đồng"), ends with the run. Of a
    /// run that is no place as read, the likeliest place a letter or marks
    /// away ([`Repairer::closest_place`]), after a kind, or when `guess`.
    fn places_in(
        &self,
        run: &[String],
        before: &[String],
        guess: bool,
    ) -> Vec<(usize, Vec<String>)> {
        let places = &self.dict.places;
        let n = run.len();
        let mut found = Vec::new();
        let mut i = 0;
        while i + 2 <= n {
            let kind = match i {
                0 => places::Kind::ending(before),
                _ => places::Kind::ending(&run[..i]),
            };
            let hit = if let Some((kind, _)) = kind {
                match (2..=places::MAX_SYLLABLES.min(n - i))
                    .rev()
                    .find(|&len| places.contains(&run[i..i + len]))
                {
                    Some(len) => Some(run[i..i + len].to_vec()),
                    None if n - i <= places::MAX_SYLLABLES => {
                        self.closest_place(&run[i..], Some(kind))
                    }
                    None => None,
                }
            } else if i == 0 && !self.dict.unit_heads.contains(&run[0])
                || i == 1 && self.dict.unit_heads.contains(&run[0])
            {
                let rest = &run[i..];
                if places.contains(rest) {
                    Some(rest.to_vec())
                } else if guess && rest.len() <= places::MAX_SYLLABLES {
                    self.closest_place(rest, None)
                } else {
                    None
                }
            } else {
                None
            };
            match hit {
                Some(name) => {
                    let len = name.len();
                    found.push((i, name));
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }

    /// The place `run` (no place as read) is most likely a misreading of,
    /// by the channel and the model; none when two tie. A place of another
    /// kind than the one written before it costs `KIND_MISMATCH`; with no
    /// kind before it, a place keeps the letters of a surname read first.
    fn closest_place(&self, run: &[String], kind: Option<places::Kind>) -> Option<Vec<String>> {
        // Without a kind before it, a run of capitals that starts with a
        // surname as read is a person's name ("Trần Cang", not the xã
        // "Trà Cang"): a place may re-mark it, not change its letters.
        let surname = run.first().filter(|s| crate::text::is_surname_lower(s));
        let mut scored: Vec<(f64, &places::Place)> = self
            .dict
            .places
            .near(run, 1)
            .filter(|p| {
                kind.is_some()
                    || surname
                        .is_none_or(|s| p.syllables.first().is_some_and(|m| fold(m) == fold(s)))
            })
            .map(|p| {
                let letters: f64 = p
                    .syllables
                    .iter()
                    .zip(run)
                    .map(|(meant, read)| self.syllable_logp(read, meant))
                    .sum();
                let kind_cost = match kind {
                    Some(k) if !p.kinds.contains(&k) => KIND_MISMATCH,
                    _ => 0.0,
                };
                (letters + kind_cost + self.name_logp(&p.syllables), p)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.syllables.cmp(&b.1.syllables)));
        let (best, place) = scored.first()?;
        let tie = scored.get(1).is_some_and(|s| s.0 == *best);
        (!tie).then(|| place.syllables.clone())
    }

    /// ln-probability of a name's syllables in a row, by the model: of
    /// places spelt alike, the one texts name ("Hải Phòng", not the xã
    /// "Hải Phong") is the likelier meant.
    fn name_logp(&self, name: &[String]) -> f64 {
        let lm = &self.dict.lm;
        let mut ctx = lm.context(BOS, BOS);
        let mut total = 0.0;
        for s in name {
            let (lp, next) = ctx.step(lm.id(s));
            total += lp;
            ctx = next;
        }
        total
    }

    /// ln P(read | meant) for a syllable of a place: by the channel when
    /// only marks differ, a look-alike rewrite (and its tone, if that
    /// differs too) when a letter does.
    fn syllable_logp(&self, read: &str, meant: &str) -> f64 {
        if fold(read) == fold(meant) {
            return self.channel_logp(read, meant, false);
        }
        let tone = |s: &str| syllable::split_tone(s).1;
        let retoned = if tone(read) == tone(meant) {
            0.0
        } else {
            self.edit_cost()
        };
        self.edit_cost() + retoned
    }

    /// How far the choice at `k` beat its best alternative, with the words
    /// around it as chosen (natural log, to 0.01; 99 with no alternative).
    fn margin(&self, slots: &[Slot], choice: &[usize], k: usize) -> f64 {
        let score = self.local_scores(slots, choice, k);
        let best = score(choice[k]);
        // A candidate scores at most its channel score (its LM terms are
        // ≤ 0): those below the runner-up so far are never scored.
        let mut runner_up = f64::NEG_INFINITY;
        for &c in slots[k]
            .candidates
            .by_channel
            .iter()
            .filter(|&&c| c != choice[k])
        {
            if slots[k].candidates.list[c].2 < runner_up {
                break;
            }
            runner_up = runner_up.max(score(c));
        }
        let margin = best - runner_up;
        if margin.is_finite() {
            crate::util::round_to(margin, 0.01)
        } else {
            99.0
        }
    }
}

/// The two words before slot `j` in its clause (`<s>` where it starts),
/// with slot `i`'s candidate `pick(i)`.
fn context_before(slots: &[Slot], j: usize, pick: impl Fn(usize) -> usize) -> (u32, u32) {
    let id = |i: usize| Repairer::lm_id(&slots[i].candidates.list[pick(i)]);
    let (mut u, mut v) = (BOS, BOS);
    if !slots[j].breaks && j >= 1 {
        v = id(j - 1);
        if !slots[j - 1].breaks && j >= 2 {
            u = id(j - 2);
        }
    }
    (u, v)
}

/// The word right before a text's end, one space away ("" if none).
fn word_before(head: &str) -> &str {
    let Some(h) = head.strip_suffix(' ') else {
        return "";
    };
    let start = h
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(h.len(), |(i, _)| i);
    &h[start..]
}

/// A numeral as the word before it governs it: a quarter is counted in
/// Roman numerals ("Quý III"), a day, a month and a number in Arabic
/// ("ngày 11", "tháng 11", "số 11"). OCR reads the strokes of either as
/// the other or as letters ("Quý HI", "Quý TV", "Quý ï", "tháng II"), and
/// the words they make are then no numeral at all ("Quý HỘI"). The
/// numeral, and whether it is Roman; `None` for a word of other letters
/// or a numeral out of range (no quarter V, no month 13).
fn governed_numeral(before: &str, word: &str) -> Option<(String, bool)> {
    let stroke = |c: char| matches!(c, 'I' | 'l' | '|' | '!' | 'Ì' | 'Í' | 'ì' | 'í' | 'ï' | 'î');
    match crate::text::fold(before).as_str() {
        // A quarter in Arabic figures ("quý 1") is printed so.
        "quy" if !word.chars().all(|c| c.is_ascii_digit()) => {
            let mut roman = String::new();
            for (i, c) in word.chars().enumerate() {
                match c {
                    c if stroke(c) || c == '1' => roman.push('I'),
                    // A serif I's bar read as T's: only before more strokes.
                    'T' if i == 0 && word.chars().count() > 1 => roman.push('I'),
                    'H' => roman.push_str("II"),
                    'V' => roman.push('V'),
                    _ => return None,
                }
            }
            ["I", "II", "III", "IV"]
                .contains(&roman.as_str())
                .then_some((roman, true))
        }
        g @ ("thang" | "ngay" | "so") => {
            let digits: String = word
                .chars()
                .map(|c| match c {
                    '0'..='9' => Some(c),
                    c if stroke(c) => Some('1'),
                    'O' | 'o' => Some('0'),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            let n: u32 = digits.parse().ok()?;
            let most = match g {
                "thang" => 12,
                "ngay" => 31,
                _ => u32::MAX,
            };
            // A word of digits alone is read as it is.
            (!word.chars().all(|c| c.is_ascii_digit()) && (1..=most).contains(&n))
                .then_some((digits, false))
        }
        _ => None,
    }
}

/// A lower-case word of digits and letters that print like digits (i, l,
/// | for 1; o for 0), with at least one real digit, as the number it reads.
fn lookalike_number(lower: &str) -> Option<String> {
    let digit = |c: char| match c {
        '0'..='9' => Some(c),
        'i' | 'l' | '|' => Some('1'),
        'o' => Some('0'),
        _ => None,
    };
    let n: String = lower.chars().map(digit).collect::<Option<_>>()?;
    (n.len() >= 2 && lower.chars().any(|c| c.is_ascii_digit())).then_some(n)
}

/// Whether a word of digits and digit-shaped letters spells a syllable
/// when its digits are read as the letters they look like ("l0" lo).
fn digits_as_letters_spell(lower: &str) -> bool {
    let letters: String = lower
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'l',
            c => c,
        })
        .collect();
    letters.chars().all(char::is_alphabetic) && syllable::is_valid(&letters)
}

/// Bare spellings one look-alike rewrite away from `key` (a folded word):
/// a digit or symbol read for a letter (`S6` số, `1ap` lập, `hi¢u` hiệu),
/// one vowel for another (marks misread as a different letter: `nhén`
/// nhân), `g`/`q`/`d` for a marked o or a (`mgt` một, `HQI` HỘI, `ndm`
/// năm), `tr` or `i` for ư (`ctra`, `cira` cửa), `p` for a leading Đ (`Pao`
/// Đào), a vowel read twice (`tuu` from "TƯỪ", tử).
fn lookalikes(key: &str, out: &mut dyn FnMut(&str)) {
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "y"];
    let chars: Vec<char> = key.chars().collect();
    // Byte offset of each char, and the end.
    let at: Vec<usize> = key
        .char_indices()
        .map(|(b, _)| b)
        .chain([key.len()])
        .collect();
    // Each rewrite is built here and lent out: most are no spelling of
    // the dictionary and are dropped at once.
    let mut s = String::with_capacity(key.len() + 4);
    let mut put = |i: usize, skip: usize, with: &str| {
        let (head, tail) = (&key[..at[i]], &key[at[i + skip]..]);
        if head.len() + with.len() + tail.len() == 0 || with == &key[at[i]..at[i + skip]] {
            return;
        }
        s.clear();
        s.push_str(head);
        s.push_str(with);
        s.push_str(tail);
        out(&s);
    };
    for (i, &c) in chars.iter().enumerate() {
        let subs: &[&str] = match c {
            '0' | '6' => &["o"],
            '1' => &["l", "i"],
            '5' => &["s"],
            '8' => &["b"],
            '4' => &["a"],
            '¢' | '£' => &["e", "c", "o"],
            '&' => &["o", "e"],
            '€' => &["e", "", "c"],
            '©' | '®' => &["c", "o"],
            'g' | 'q' | 'b' if i > 0 => &["o"],
            // A noisy scan's C ("Gông chức", "GỘNG HÒA").
            'g' if i == 0 => &["c"],
            'd' if i > 0 => &["a", "o"],
            'p' if i == 0 => &["d"],
            _ => &[],
        };
        for with in subs {
            put(i, 1, with);
        }
        let letter = &key[at[i]..at[i + 1]];
        if VOWELS.contains(&letter) {
            for v in VOWELS.iter().filter(|&&v| v != letter) {
                put(i, 1, v);
            }
            // A mark read as a second vowel ("TƯỪ" tử).
            if chars.get(i + 1) == Some(&c) {
                put(i, 1, "");
            }
        }
        // ư with a tone, the hook read as a letter of its own: "ctr",
        // "ctra", "ctia", "ciia", "cta", "thtc", "chitc".
        if i > 0 && c == 't' {
            put(i, 1, "u");
            if matches!(chars.get(i + 1), Some('r' | 'i')) {
                put(i, 2, "u");
            }
        }
        if i > 0 && c == 'i' {
            put(i, 1, "u");
            if matches!(chars.get(i + 1), Some('r' | 'i' | 't' | 'v' | 'f')) {
                put(i, 2, "u");
            }
        }
        // ư read as the letter it looks like: "tw" tư, "phwong" phương,
        // "xv" xử, "trv" trừ; ươ as one letter ("dwec" được).
        if c == 'w' {
            put(i, 1, "u");
            put(i, 1, "uo");
        }
        if i > 0 && c == 'v' {
            put(i, 1, "u");
        }
        if i > 0 && c == 't' && chars.get(i + 1) == Some(&'v') {
            put(i, 2, "u");
        }
    }
}

/// The rewrites of a word no syllable spells: [`lookalikes`] and
/// [`glyph_slips`]. A word that spells one is only given marks and vowels
/// ([`lookalikes`]): a letter-shape slip there would turn one real word into
/// another.
fn misshapen(key: &str, out: &mut dyn FnMut(&str)) {
    lookalikes(key, out);
    // A lone letter is a numeral or a list's mark as often as a word.
    if key.chars().nth(1).is_some() {
        glyph_slips(key, out);
    }
}

/// Letters a thin or broken stroke turns into others, as a scan reads them
/// (`key` folded): "rn" for m and "ri" / "fi" for n (an arch cut at its
/// top: "địrih" định, "lòrig" lòng, "riăm" năm), "cl" for d, "li" for h,
/// "ii" for u; h and n for each other (the ascender lost or made of a
/// speck: "hhận" nhận); l and i for each other ("glao" giao, "iiệu" liệu);
/// r after g for i ("grải" giải); a T whose bar is lost as a stem before
/// r ("Irung", "lrạm", "1rung" Trung, Trạm) and 4 for t ("4rên" trên).
fn glyph_slips(key: &str, out: &mut dyn FnMut(&str)) {
    const PAIRS: [(&str, &str); 8] = [
        ("rn", "m"),
        ("ri", "n"),
        ("fi", "n"),
        ("cl", "d"),
        ("li", "h"),
        ("ii", "u"),
        ("m", "in"),
        ("gr", "gi"),
    ];
    const LETTERS: [(char, char); 5] = [('h', 'n'), ('n', 'h'), ('l', 'i'), ('i', 'l'), ('4', 't')];
    let mut s = String::with_capacity(key.len() + 2);
    let mut put = |at: usize, len: usize, with: &str| {
        s.clear();
        s.push_str(&key[..at]);
        s.push_str(with);
        s.push_str(&key[at + len..]);
        out(&s);
    };
    for (at, c) in key.char_indices() {
        let rest = &key[at..];
        for (from, to) in PAIRS {
            if rest.starts_with(from) {
                put(at, from.len(), to);
            }
        }
        for (from, to) in LETTERS {
            if c == from {
                put(at, 1, to.encode_utf8(&mut [0; 4]));
            }
        }
        if at == 0 && matches!(c, 'i' | 'l' | '1' | '|') && rest[1..].starts_with('r') {
            put(at, 1, "t");
        }
    }
}

/// Line (from 1) and column (in characters, from 0) of byte offsets of a
/// text met in increasing order, without rescanning it from the start (a
/// page of `eng` text has a change in most words).
struct Positions<'a> {
    text: &'a str,
    scanned: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            scanned: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn at(&mut self, at: usize) -> (usize, usize) {
        for (i, &b) in self.text.as_bytes()[self.scanned..at].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.scanned + i + 1;
            }
        }
        self.scanned = self.scanned.max(at);
        (self.line, self.text[self.line_start..at].chars().count())
    }
}

/// Bare spellings with one vowel put back into `key` (a folded word):
/// `vie` loses a thin letter ("hện" hiện).
fn dropped_vowels(key: &str, out: &mut dyn FnMut(&str)) {
    let mut s = String::with_capacity(key.len() + 1);
    for at in key.char_indices().map(|(i, _)| i).chain([key.len()]) {
        for v in ['a', 'e', 'i', 'o', 'u', 'y'] {
            s.clear();
            s.push_str(&key[..at]);
            s.push(v);
            s.push_str(&key[at..]);
            out(&s);
        }
    }
}

/// Whether `a` becomes `b` by one letter inserted, dropped or replaced.
fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => a.iter().zip(b).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let at = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[at..] == long[at + 1..]
        }
        _ => false,
    }
}

/// Marks stripped from every letter, đ → d, case kept: text as typed
/// without Vietnamese input.
pub fn strip_marks(s: &str) -> String {
    s.chars()
        .map(|c| {
            let f = crate::text::fold_char(c);
            if c.is_uppercase() {
                f.to_uppercase().next().unwrap_or(f)
            } else {
                f
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> &'static Dictionary {
        static D: std::sync::OnceLock<Dictionary> = std::sync::OnceLock::new();
        D.get_or_init(|| Dictionary::embedded().expect("built-in dictionaries load"))
    }

    /// Asserts `r` repairs each input to the text wanted.
    fn repairs(r: &Repairer, cases: &[(&str, &str)]) {
        for (input, want) in cases {
            assert_eq!(r.repair(input).text, *want, "{input:?}");
            assert_eq!(r.repair_text(input), *want, "{input:?} text alone");
        }
    }

    #[test]
    fn vie_ocr_slips_are_repaired_table() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        repairs(
            &r,
            &[
                ("Tố chức thực hiện nhiệm vụ", "Tổ chức thực hiện nhiệm vụ"),
                (
                    "kiếm soát thủ tục hành chính",
                    "kiểm soát thủ tục hành chính",
                ),
                ("người dần, doanh nghiệp", "người dân, doanh nghiệp"),
                ("CƠ quan chủ trì", "Cơ quan chủ trì"),
                ("thỦ tục hành chính", "thủ tục hành chính"),
                // Marks no syllable has: a tone read as a vowel of its own.
                (
                    "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TƯỪ",
                    "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ",
                ),
                ("Nghị định số 63/2010/ND-CP", "Nghị định số 63/2010/NĐ-CP"),
                ("Quyết định số 714/QD-UBND", "Quyết định số 714/QĐ-UBND"),
                // A syllable the corpus never saw is a misreading: a noisy
                // scan's C read as G. One it knows stays ("Giao").
                ("Gông chức, viên chức", "Công chức, viên chức"),
                ("GỘNG HÒA XÃ HỘI", "CỘNG HÒA XÃ HỘI"),
                ("Giao nhiệm vụ", "Giao nhiệm vụ"),
                // Digits with letters shaped like digits are the number;
                // a digit for a letter inside a syllable is that letter.
                ("Thuế cơ sở I0 thành phố", "Thuế cơ sở 10 thành phố"),
                ("thị trường số l0", "thị trường số 10"),
                ("Tháng 1O năm 2O26", "Tháng 10 năm 2026"),
                ("không lo lắng", "không lo lắng"),
                ("Điều3 Luật", "Điều 3 Luật"),
                ("ph0ng Kinh tế", "phòng Kinh tế"),
                // Codes joined by "&" are codes.
                ("Sở GD&ĐT", "Sở GD&ĐT"),
            ],
        );
    }

    #[test]
    fn colons_between_a_words_syllables_are_specks_table() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        for (read, want) in [
            ("Đánh giá chất: lượng cán bộ", "Đánh giá chất lượng cán bộ"),
            ("Sử: dụng chữ ký số", "Sử dụng chữ ký số"),
            ("nhiệm: vụ được giao", "nhiệm vụ được giao"),
            // A colon opening a list, a clause or a name stays.
            ("sau kiểm tra: - Bố trí", "sau kiểm tra: - Bố trí"),
            (
                "Mục tiêu: nâng cao chất lượng",
                "Mục tiêu: nâng cao chất lượng",
            ),
            ("Sản phẩm: Báo cáo", "Sản phẩm: Báo cáo"),
            ("Đơn vị: phòng Kinh tế", "Đơn vị: phòng Kinh tế"),
            ("hiệu quả:\nkết quả", "hiệu quả:\nkết quả"),
        ] {
            assert_eq!(r.drop_inner_colons(read), want, "{read}");
        }
    }

    #[test]
    fn case_slips_inside_a_clause_are_lowered_and_names_kept_table() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        repairs(
            &r,
            &[
                // Capitals that are the small letter enlarged, read big.
                ("thường Xuyên trong năm", "thường xuyên trong năm"),
                // After a clause's first word, capitalised for being first.
                ("Thường Xuyên trong năm", "Thường xuyên trong năm"),
                ("Nhiệm Vụ chuyển tiếp", "Nhiệm vụ chuyển tiếp"),
                // A name's first word is no common word.
                ("Lê Chân", "Lê Chân"),
                ("Thường Xuyên", "Thường Xuyên"),
                ("Trên Viết Tuân", "Trên Viết Tuân"),
                ("6 tháng Cuối năm 2026", "6 tháng cuối năm 2026"),
                ("Các đơn VỊ Sự nghiệp", "Các đơn vị sự nghiệp"),
                // Names after a place word or a capital stay; so do heads
                // that start a unit, and words after a cell or a comma.
                ("xã Vĩnh Thạnh, tỉnh Sơn La", "xã Vĩnh Thạnh, tỉnh Sơn La"),
                ("Sở Nội VỤ", "Sở Nội VỤ"),
                ("hành chính công Các phòng", "hành chính công Các phòng"),
                ("Văn hóa - Xã hội", "Văn hóa - Xã hội"),
                ("phối hợp\tSản phẩm", "phối hợp\tSản phẩm"),
                ("các Sở, ngành", "các Sở, ngành"),
                // A unit's name follows its head noun.
                (
                    "Trung tâm Xúc tiến thương mại",
                    "Trung tâm Xúc tiến thương mại",
                ),
                (
                    "Trung tâm Cung ứng dịch vụ công",
                    "Trung tâm Cung ứng dịch vụ công",
                ),
                // An abbreviation has no Vietnamese mark; T is no look-alike.
                ("gửi VKSTC", "gửi VKSTC"),
                ("năm Thứ hai", "năm Thứ hai"),
            ],
        );
    }

    #[test]
    fn degraded_scans_weigh_lookalikes_of_every_word_table() {
        // A fax's broken marks spell another syllable ("Tế" for "Tổ");
        // `vie` on a clean scan trusts its reading, on a degraded one the
        // context decides. Names and lone letters stay either way.
        let (clean, degraded) = (
            Repairer::new(dict(), OcrModel::Vie),
            Repairer::new(dict(), OcrModel::Vie).scan(Scan::Degraded),
        );
        for (input, on_clean, on_degraded) in [
            (
                "Tế chức thực hiện các nhiệm vụ",
                "Tế chức thực hiện các nhiệm vụ",
                "Tổ chức thực hiện các nhiệm vụ",
            ),
            (
                "dịch vụ công tại xã Lai Khê",
                "dịch vụ công tại xã Lai Khê",
                "dịch vụ công tại xã Lai Khê",
            ),
            // A real scan's "ï" (Phụ lục I): a lone letter, not "a".
            (
                "môi trường điện tử ... (Chỉ tiết tại Phụ lục ï kèm.",
                "môi trường điện tử ... (Chi tiết tại Phụ lục i kèm.",
                "môi trường điện tử ... (Chi tiết tại Phụ lục i kèm.",
            ),
        ] {
            assert_eq!(clean.repair(input).text, on_clean, "{input:?} clean");
            assert_eq!(degraded.repair(input).text, on_degraded, "{input:?}");
        }
    }

    #[test]
    fn context_runs_on_across_line_breaks_table() {
        // A wrapped sentence or narrow column: the syllable after a break
        // is decided by the one before it. A capital or a number after a
        // break, or a blank line, starts afresh (read as running on, "Tế"
        // would be a name and kept; "Trai" would be read with the item
        // number after it).
        let r = Repairer::new(dict(), OcrModel::Vie);
        let d = Repairer::new(dict(), OcrModel::Vie).scan(Scan::Degraded);
        for (r, input, want) in [
            (
                &r,
                "Kiểm tra tối\nthiếu 30% số\nđơn vị",
                "Kiểm tra tối\nthiểu 30% số\nđơn vị",
            ),
            (&r, "Kiểm tra tối\n\nthiếu 30%", "Kiểm tra tối\n\nthiếu 30%"),
            (
                &d,
                "Văn phòng Sở\nTế chức cán bộ",
                "Văn phòng Sở\nTổ chức cán bộ",
            ),
        ] {
            repairs(r, &[(input, want)]);
        }
        // A line before a numbered item is repaired as if alone: the
        // item's number is no context for its last word.
        let (first, items) = ("1. UBND phuong Nguyen Trai", "\n2. UBND phuong Thanh Dong");
        let alone = r.repair(first).text;
        let listed = r.repair(&format!("{first}{items}")).text;
        assert_eq!(listed.lines().next(), Some(alone.as_str()));
        // Changes name their own line and column.
        let fixed = r.repair("Kiểm tra\nvà kiếm soát");
        let at: Vec<(usize, usize)> = fixed.changes.iter().map(|c| (c.line, c.column)).collect();
        assert_eq!(at, [(2, 3)]);
    }

    #[test]
    fn vie_names_are_kept_table() {
        // A capitalised syllable after a word of its clause is a name: one
        // the model never saw needs three times the usual gain to change, a
        // known one half again. In lower case, at a clause start, or with
        // letters no syllable has, it is repaired as any word.
        let r = Repairer::new(dict(), OcrModel::Vie);
        repairs(
            &r,
            &[
                ("UBND xã Thanh Miện", "UBND xã Thanh Miện"),
                ("UBND xã thanh miện", "UBND xã thanh miễn"),
                ("UBND phường Nguyễn Trãi", "UBND phường Nguyễn Trãi"),
                ("UBND phường Kiến An", "UBND phường Kiến An"),
                ("UBND phường kiến an", "UBND phường kiện an"),
                ("huyện Tứ Kỳ", "huyện Tứ Kỳ"),
                ("Kiếm tra kết quả", "Kiểm tra kết quả"),
                ("giao Sở Tải chính", "giao Sở Tài chính"),
                // Marks no syllable has are not a name.
                (
                    "Đài Phát thanh và Bấo điện tử",
                    "Đài Phát thanh và Báo điện tử",
                ),
            ],
        );
    }

    #[test]
    fn place_names_are_spelt_as_the_gazetteer_table() {
        // A run of capitals that is a place as read stays; one that is no
        // place is its likeliest place after a kind of unit, or when it
        // is a whole name; common nouns and headings are no places.
        let r = Repairer::new(dict(), OcrModel::Vie);
        repairs(
            &r,
            &[
                (
                    "Ủy ban nhân dân đặc khu Côn Cỏ",
                    "Ủy ban nhân dân đặc khu Cồn Cỏ",
                ),
                (
                    "ỦY BAN NHÂN DÂN PHƯỜNG SAI GÒN",
                    "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN",
                ),
                ("Công an tỉnh Lâm Đông", "Công an tỉnh Lâm Đồng"),
                ("Trường Tiểu học Cân Giờ", "Trường Tiểu học Cần Giờ"),
                ("Báo Lâm Đông", "Báo Lâm Đồng"),
                (
                    "Hỏi Phòng, ngày 5 tháng 3 năm 2026",
                    "Hải Phòng, ngày 5 tháng 3 năm 2026",
                ),
                // A letter misread the context does not vouch for stays.
                (
                    "Văn phòng đăng ký đất đai Sao Gòn",
                    "Văn phòng đăng ký đất đai Sao Gòn",
                ),
                // A place a letter away ("Nông Thượng") that the model
                // does not prefer to the words as read.
                ("Sở Công Thương", "Sở Công Thương"),
                ("UBND xã Thanh Miện", "UBND xã Thanh Miện"),
                // Places the model never saw, as read, are not rewritten
                // into words it knows.
                (
                    "Bảo hiểm xã hội cơ sở số 12 Sài Gòn",
                    "Bảo hiểm xã hội cơ sở số 12 Sài Gòn",
                ),
                ("Đam Rông", "Đam Rông"),
                // A person's name is no misread place: "Trà Cang" and "Tân
                // Hưng" are communes, "Trần" a surname.
                ("Trần Cang", "Trần Cang"),
                ("Trần Hưng", "Trần Hưng"),
                ("Sở Tài chính", "Sở Tài chính"),
                ("Quỹ Bảo trợ trẻ em", "Quỹ Bảo trợ trẻ em"),
                ("KINH PHÍ", "KINH PHÍ"),
                ("TỔ CHỨC THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"),
            ],
        );
    }

    #[test]
    fn unknown_syllables_get_a_dropped_vowel_back_table() {
        // `vie` drops a thin letter: a marked syllable the model never saw
        // is the known one with a vowel put back. A lone letter is not
        // (the numeral "ï" is not "ii"); `eng`'s unmarked words never are.
        let v = Repairer::new(dict(), OcrModel::Vie);
        let e = Repairer::new(dict(), OcrModel::Eng);
        for (r, input, want) in [
            (&v, "KẾT QUẢ THỰC HỆN", "KẾT QUẢ THỰC HIỆN"),
            (&v, "thực hện nhiệm vụ", "thực hiện nhiệm vụ"),
            (&v, "tại Phụ lục ï kèm theo", "tại Phụ lục i kèm theo"),
            // Seed 001 as `eng` read it ("thuc" is no "thuốc").
            (
                &e,
                "nham nang cao chét lugng thuc",
                "nhằm nâng cao chất lượng thực",
            ),
        ] {
            repairs(r, &[(input, want)]);
        }
    }

    #[test]
    fn misshapen_letters_of_a_word_no_syllable_spells_table() {
        // Fax and JPEG scans of dev plans: a broken stroke makes a word no
        // syllable spells; its letters of like shape are read back. Words
        // that spell a syllable, codes and numbers stay.
        let v = Repairer::new(dict(), OcrModel::Vie).scan(Scan::Degraded);
        repairs(
            &v,
            &[
                ("Tiếp hhận, xử lý phản ánh", "Tiếp nhận, xử lý phản ánh"),
                ("Quyết địrih kiện toàn", "Quyết định kiện toàn"),
                ("trong grải quyết thủ tục", "trong giải quyết thủ tục"),
                ("các hợp tác xã 4rên địa bàn", "các hợp tác xã trên địa bàn"),
                ("Irung tâm Y tế", "Trung tâm Y tế"),
                (
                    "mức độ hài lòrig của người dân",
                    "mức độ hài lòng của người dân",
                ),
                (
                    "theo tiêu chuẩn TCVN ISO 9001:2015",
                    "theo tiêu chuẩn TCVN ISO 9001:2015",
                ),
                ("phòng, chống tham nhũng", "phòng, chống tham nhũng"),
            ],
        );
    }

    #[test]
    fn eng_lookalikes_are_repaired_table() {
        // Real `eng` misreadings, as in seed 000 (the model has no
        // Vietnamese letters): digits, symbols and plain letters for
        // marked ones.
        let r = Repairer::new(dict(), OcrModel::Eng);
        repairs(
            &r,
            &[
                ("Cin ctr Quyét dinh s0 5256", "Căn cứ Quyết định số 5256"),
                ("co ché mgt ctra, mot cira", "cơ chế một cửa, một cửa"),
                ("CONG HOA XA HQI CHU NGHIA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"),
                ("SO GIAO DUC VA PAO TAO", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
                (
                    "Kiém soat thi tuc hanh chinh",
                    "Kiểm soát thủ tục hành chính",
                ),
                ("nhi€ém vu, hi¢u qua", "nhiệm vụ, hiệu quả"),
                // ư read as w, v, "tv", "if"; ươ as w.
                ("Sé Tw phap, xv ly ho so", "Sở Tư pháp, xử lý hồ sơ"),
                ("mot ctva, UBND phwong", "một cửa, UBND phường"),
                ("nguoi dan dwec phuc vu", "người dân được phục vụ"),
                // "thành phố", not the likelier-in-general "phó".
                ("UBND thanh phé Hai Phong", "UBND thành phố Hải Phòng"),
                // Codes and numbers still pass.
                (
                    "5256/QD-UBND ngay 26/12/2025",
                    "5256/QĐ-UBND ngày 26/12/2025",
                ),
            ],
        );
    }

    #[test]
    fn the_ocr_model_of_text_from_elsewhere_is_recognised() {
        let eng =
            "Kiém soat thi tuc hanh chinh va thuc hién co ché mgt ctra, mot cira lién thong, \
                   Cin ctr Quyét dinh s6 714/QD-UBND ngay 27 thang 02 ndm 2026 cia UBND thanh phé \
                   vé ban hanh Ké hoach kiém soat";
        let vie = "Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông";
        assert_eq!(OcrModel::guess(eng), Some(OcrModel::Eng));
        assert_eq!(OcrModel::guess(vie), Some(OcrModel::Vie));
        assert_eq!(OcrModel::guess(&strip_marks(vie)), None);
    }

    #[test]
    fn abbreviations_a_letter_off_are_restored_table() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        repairs(
            &r,
            &[
                (
                    "giải quyết TFHC, THC và TTTHC",
                    "giải quyết TTHC, TTHC và TTHC",
                ),
                (
                    "Thường trực HĐỘND, HDĐND phường",
                    "Thường trực HĐND, HĐND phường",
                ),
                // Listed ones, syllables in capitals, short and lower-case
                // words stay.
                (
                    "UBND, CNTT, NHÂN DÂN, TH, thc",
                    "UBND, CNTT, NHÂN DÂN, TH, thc",
                ),
            ],
        );
    }

    #[test]
    fn one_edit_table() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        for (a, b, want) in [
            ("thc", "tthc", true),
            ("tfhc", "tthc", true),
            ("ttthc", "tthc", true),
            ("hdond", "hdnd", true),
            ("tthc", "tthc", false),
            ("th", "tthc", false),
            ("htcc", "tthc", false),
        ] {
            assert_eq!(one_edit(&c(a), &c(b)), want, "{a} {b}");
        }
    }

    #[test]
    fn words_run_together_are_split_table() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        repairs(
            &r,
            &[
                ("PHÓCHỦTỊCH", "PHÓ CHỦ TỊCH"),
                ("VỤCÔNGTÁCKIỂMTRA", "VỤ CÔNG TÁC KIỂM TRA"),
                // A look-alike symbol ending a run of capitals was a letter;
                // a heading's numeral run into it is a capital of its own.
                ("PHỤ€VỤCÔNGTÁCKIỂMTRA", "PHỤC VỤ CÔNG TÁC KIỂM TRA"),
                ("LĐẶCĐIỂMTÌNHHÌNH", "L ĐẶC ĐIỂM TÌNH HÌNH"),
                ("nhi€ém vụ, HĐND&UBND", "nhiệm vụ, HĐND&UBND"),
                ("Cơquanđơnvị phối hợp", "Cơ quan đơn vị phối hợp"),
                ("Chínhphủvà UBND", "Chính phủ và UBND"),
                // Unmarked foreign words, names and codes stay whole.
                ("online Facebook Zalo", "online Facebook Zalo"),
                ("SGDĐT TTPVHCC", "SGDĐT TTPVHCC"),
                ("nghiêng", "nghiêng"),
                (
                    "Kiểm tra tại mộtsố sở, ngành",
                    "Kiểm tra tại một số sở, ngành",
                ),
                // A syllable meeting a capital or a digit ends there.
                ("- NhưĐiều3;", "- Như Điều 3;"),
                ("- LưuVT, VP.", "- Lưu VT, VP."),
                (
                    "VNeID, iPhone, TTg, QL1A, COVID19",
                    "VNeID, iPhone, TTg, QL1A, COVID19",
                ),
            ],
        );
        let split = r.repair("thànhphố");
        assert_eq!(split.text, "thành phố");
        assert_eq!(
            (
                split.changes[0].column,
                split.changes[0].replacement.as_str()
            ),
            (5, " ")
        );
    }

    #[test]
    fn lookalike_rewrites_table() {
        // Each `lacks` is what a looser rule would give: digits, `¢` and
        // consonants are replaced, never dropped; `p`, `g`, `d`, `i`, `tr`
        // are rewritten only where the rule says.
        for (key, has, lacks) in [
            ("s6", "so", "s"),
            ("1ap", "lap", "ap"),
            ("ctra", "cua", "cra"),
            ("cira", "cua", "cra"),
            ("mgt", "mot", "ngt"),
            ("pao", "dao", "bao"),
            ("hi¢u", "hieu", "hiu"),
            ("nhi€em", "nhiem", "nhi€m"),
            ("gan", "gen", "oan"),
            ("dan", "don", "aan"),
            ("inh", "anh", "nh"),
            ("tap", "tup", "tad"),
            ("trong", "trang", "uong"),
            ("ctia", "cua", "cia"),
            ("ciia", "cua", "ca"),
            ("tuu", "tu", "uu"),
            ("nghieem", "nghiem", "ngiem"),
            ("cta", "cua", "ca"),
            ("thtc", "thuc", "thc"),
            ("chitc", "chuc", "chtc"),
            ("s&", "so", "s"),
            ("k&", "ke", "k"),
            ("sb", "so", "s"),
            ("gbp", "gop", "gp"),
            ("bao", "bau", "oao"),
        ] {
            let mut v = Vec::new();
            lookalikes(key, &mut |x| v.push(x.to_string()));
            assert!(v.iter().any(|x| x == has), "{key} → {has}: {v:?}");
            assert!(!v.iter().any(|x| x == lacks), "{key} ↛ {lacks}: {v:?}");
        }
    }

    #[test]
    fn clean_text_codes_and_numbers_pass_through_table() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        for input in [
            "Ủy ban nhân dân phường Hải Dương",
            "Quý II năm 2026",
            "UBND, TTHC, CCHC và SGDĐT",
            "thư điện tử: vanphong@haiphong.gov.vn",
            "Số: 1168/KH-SGDĐT\n\nngày 03/3/2026",
        ] {
            let out = r.repair(input);
            assert_eq!(out.text, input);
            assert!(out.changes.is_empty());
        }
    }

    #[test]
    fn numerals_as_the_word_before_governs_them_table() {
        for (before, word, want) in [
            // A quarter in Roman numerals, its strokes read as letters.
            ("Quý", "HI", Some(("III", true))),
            ("Quý", "TII", Some(("III", true))),
            ("Quy", "TV", Some(("IV", true))),
            ("Quý", "ï", Some(("I", true))),
            ("Quý", "II1", Some(("III", true))),
            ("quý", "II", Some(("II", true))),
            // A day, a month, a number in Arabic.
            ("Tháng", "II", Some(("11", false))),
            ("ngày", "l5", Some(("15", false))),
            ("số", "I0", Some(("10", false))),
            // Words, numbers as printed, numerals out of range.
            ("Quy", "chế", None),
            ("quý", "vị", None),
            ("Quý", "VI", None),
            ("quý", "1", None),
            ("tháng", "11", None),
            ("tháng", "II3", None),
            ("tháng", "năm", None),
            ("Phòng", "II", None),
        ] {
            let got = governed_numeral(before, word);
            let got = got.as_ref().map(|(n, r)| (n.as_str(), *r));
            assert_eq!(got, want, "{before} {word}");
        }
        assert_eq!(word_before("đến Quý "), "Quý");
        assert_eq!(word_before("Quý"), "");
        assert_eq!(word_before("2026/ "), "");
    }

    #[test]
    fn stripped_text_is_restored_and_explained() {
        let r = Repairer::new(dict(), OcrModel::Vie);
        let out = r.repair("Kiem soat thu tuc hanh chinh va thuc hien co che mot cua");
        assert_eq!(
            out.text,
            "Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa"
        );
        let first = &out.changes[0];
        assert_eq!(
            (
                first.line,
                first.column,
                first.original.as_str(),
                first.replacement.as_str()
            ),
            (1, 0, "Kiem", "Kiểm")
        );
        assert!(first.margin > 0.0);
    }

    #[test]
    fn the_text_alone_is_the_text_of_the_full_repair_table() {
        let ocr = std::fs::read_to_string("fixtures/inputs/kh-1168-sgddt.ocr-eng.txt").unwrap();
        let stripped = strip_marks(&ocr);
        for (model, scan, text) in [
            (OcrModel::Eng, Scan::Clean, ocr.as_str()),
            (OcrModel::Vie, Scan::Clean, ocr.as_str()),
            (OcrModel::Vie, Scan::Degraded, ocr.as_str()),
            (OcrModel::Vie, Scan::Clean, stripped.as_str()),
        ] {
            // Each on an engine of its own: the full repair warms the cache.
            let full = Repairer::new(dict(), model).scan(scan).repair(text);
            let alone = Repairer::new(dict(), model).scan(scan).repair_text(text);
            assert!(!full.changes.is_empty(), "{model:?} {scan:?}");
            assert_eq!(alone, full.text, "{model:?} {scan:?}");
        }
    }
}
