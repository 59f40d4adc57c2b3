//! Evaluation of the repair engine. In: the dictionaries and an evaluation
//! set the engine never trained on — a clean text (restored from its
//! stripped form, and repaired as it is), or hand-restored lines of real
//! OCR output. Out: figures — syllable accuracy, errors removed, harm,
//! character error rate and speed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{strip_marks, Dictionary, OcrModel, Repairer};
use crate::text::edit_distance;

/// Figures of the repair evaluation on one clean text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation {
    pub syllables: usize,
    /// Syllables right after restoring the text with every mark stripped.
    pub stripped_correct: usize,
    /// Syllables the engine changed in the clean text (harm).
    pub clean_changed: usize,
    /// Bytes of input repaired, and the seconds it took (both passes).
    pub bytes: usize,
    pub seconds: f64,
}

impl Evaluation {
    /// The figures of several texts together.
    pub fn add(&mut self, e: &Evaluation) {
        self.syllables += e.syllables;
        self.stripped_correct += e.stripped_correct;
        self.clean_changed += e.clean_changed;
        self.bytes += e.bytes;
        self.seconds += e.seconds;
    }
}

fn syllable_tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && t.chars().all(char::is_alphabetic))
        .collect()
}

/// Evaluate on a clean text the engine never trained on: restore it from
/// its stripped form, and repair it as it is (which should change nothing).
pub fn evaluate(dict: &Dictionary, truth: &str) -> Evaluation {
    let r = Repairer::new(dict, OcrModel::Vie);
    let stripped = strip_marks(truth);
    let t0 = std::time::Instant::now();
    let restored = r.repair_text(&stripped);
    let clean = r.repair(truth);
    let seconds = t0.elapsed().as_secs_f64();
    let (mut syllables, mut correct) = (0, 0);
    for (a, b) in truth.split('\n').zip(restored.split('\n')) {
        let (ta, tb) = (syllable_tokens(a), syllable_tokens(b));
        syllables += ta.len();
        correct += ta.iter().zip(&tb).filter(|(x, y)| x == y).count();
    }
    Evaluation {
        syllables,
        stripped_correct: correct,
        clean_changed: clean.changes.len(),
        bytes: stripped.len() + truth.len(),
        seconds,
    }
}

/// One line of real OCR output and its hand-restored text.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldLine {
    /// The document the line comes from (lines of one document are
    /// repaired together, in order, as one text).
    pub doc: String,
    /// 1-based line in that document.
    pub line: usize,
    pub raw: String,
    pub restored: String,
}

/// Parse a gold set: a header line, then `doc<TAB>line<TAB>raw<TAB>restored`
/// per line. The error names the 1-based line that is wrong.
pub fn parse_gold(tsv: &str) -> Result<Vec<GoldLine>, String> {
    let mut lines = tsv.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.split('\t').eq(["seed", "line", "raw", "restored"]) => {}
        _ => return Err("line 1: expected the header seed<TAB>line<TAB>raw<TAB>restored".into()),
    }
    let mut gold = Vec::new();
    for (i, l) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let f: Vec<&str> = l.split('\t').collect();
        let [doc, line, raw, restored] = f[..] else {
            return Err(format!("line {}: expected 4 tab-separated fields", i + 1));
        };
        let line = line
            .parse()
            .map_err(|_| format!("line {}: {line:?} is not a line number", i + 1))?;
        gold.push(GoldLine {
            doc: doc.to_string(),
            line,
            raw: raw.to_string(),
            restored: restored.to_string(),
        });
    }
    if gold.is_empty() {
        return Err("no gold lines".into());
    }
    Ok(gold)
}

/// Figures of repairing real OCR lines against their restored text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OcrEvaluation {
    pub lines: usize,
    /// Syllables (alphanumeric tokens with a letter) of the restored text.
    pub syllables: usize,
    /// Syllable edits (substituted, missing or extra) between the raw OCR
    /// and the restored text, and between the repair and it.
    pub raw_errors: usize,
    pub repaired_errors: usize,
    /// Characters of the restored text and character edits to it.
    pub chars: usize,
    pub raw_char_errors: usize,
    pub repaired_char_errors: usize,
    pub bytes: usize,
    pub seconds: f64,
}

impl OcrEvaluation {
    pub fn add(&mut self, e: &OcrEvaluation) {
        self.lines += e.lines;
        self.syllables += e.syllables;
        self.raw_errors += e.raw_errors;
        self.repaired_errors += e.repaired_errors;
        self.chars += e.chars;
        self.raw_char_errors += e.raw_char_errors;
        self.repaired_char_errors += e.repaired_char_errors;
        self.bytes += e.bytes;
        self.seconds += e.seconds;
    }

    fn share(n: usize, of: usize) -> f64 {
        n as f64 / of.max(1) as f64
    }

    /// Syllable accuracy of the raw OCR: 1 − edits / syllables.
    pub fn raw_accuracy(&self) -> f64 {
        1.0 - Self::share(self.raw_errors, self.syllables)
    }

    pub fn repaired_accuracy(&self) -> f64 {
        1.0 - Self::share(self.repaired_errors, self.syllables)
    }

    /// Share of the raw syllable errors the repair removed (negative when
    /// it added errors).
    pub fn removed(&self) -> f64 {
        1.0 - Self::share(self.repaired_errors, self.raw_errors)
    }

    pub fn raw_cer(&self) -> f64 {
        Self::share(self.raw_char_errors, self.chars)
    }

    pub fn repaired_cer(&self) -> f64 {
        Self::share(self.repaired_char_errors, self.chars)
    }
}

/// A gold line the repair left wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub doc: String,
    pub line: usize,
    pub raw: String,
    pub repaired: String,
    pub restored: String,
}

/// A line's tokens as compared: lower case, tone placed in the old style,
/// so the comparison is of letters and marks, not of casing the OCR lost or
/// of tone-placement convention ("hoá" = "hóa").
fn compared_tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.contains(char::is_alphabetic))
        .map(|t| super::syllable::normalize(&t.to_lowercase()))
        .collect()
}

/// A line's characters as compared: whitespace collapsed, each word as in
/// [`compared_tokens`], what lies between words kept.
fn compared_chars(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for piece in crate::text::clean(s).split_inclusive(|c: char| !c.is_alphanumeric()) {
        let cut = piece
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(piece.len());
        out.extend(super::syllable::normalize(&piece[..cut].to_lowercase()).chars());
        out.extend(piece[cut..].chars());
    }
    out
}

/// Repair the raw lines of each document (in the order given, one text per
/// document) with `model`, or the model guessed from each document's text
/// (`vie` when it cannot be told), and compare with the restored lines.
/// Returns the figures per document, sorted by name, and the lines left
/// wrong.
pub fn evaluate_ocr(
    dict: &Dictionary,
    model: Option<OcrModel>,
    gold: &[GoldLine],
) -> (Vec<(String, OcrEvaluation)>, Vec<Miss>) {
    let mut docs: BTreeMap<&str, Vec<&GoldLine>> = BTreeMap::new();
    for g in gold {
        docs.entry(g.doc.as_str()).or_default().push(g);
    }
    let mut misses = Vec::new();
    let mut figures = Vec::new();
    for (doc, lines) in docs {
        // Context runs on across a line break, not across lines left out
        // of the set: a blank line stands for them.
        let mut raw = String::new();
        let mut at = Vec::with_capacity(lines.len());
        let mut n = 0;
        for (i, g) in lines.iter().enumerate() {
            if i > 0 {
                raw.push('\n');
                n += 1;
                if g.line != lines[i - 1].line + 1 {
                    raw.push('\n');
                    n += 1;
                }
            }
            raw.push_str(&g.raw);
            at.push(n);
        }
        let model = model.or_else(|| OcrModel::guess(&raw)).unwrap_or_default();
        let t0 = std::time::Instant::now();
        let repaired = Repairer::new(dict, model).repair_text(&raw);
        let mut e = OcrEvaluation {
            seconds: t0.elapsed().as_secs_f64(),
            bytes: raw.len(),
            ..OcrEvaluation::default()
        };
        let out: Vec<&str> = repaired.split('\n').collect();
        for (g, got) in lines
            .iter()
            .zip(at.iter().map(|&k| out.get(k).copied().unwrap_or("")))
        {
            let want = compared_tokens(&g.restored);
            let fixed = compared_tokens(got);
            let wrong = edit_distance(&fixed, &want);
            let want_chars = compared_chars(&g.restored);
            e.lines += 1;
            e.syllables += want.len();
            e.raw_errors += edit_distance(&compared_tokens(&g.raw), &want);
            e.repaired_errors += wrong;
            e.chars += want_chars.len();
            e.raw_char_errors += edit_distance(&compared_chars(&g.raw), &want_chars);
            e.repaired_char_errors += edit_distance(&compared_chars(got), &want_chars);
            if wrong > 0 {
                misses.push(Miss {
                    doc: g.doc.clone(),
                    line: g.line,
                    raw: g.raw.clone(),
                    repaired: got.to_string(),
                    restored: g.restored.clone(),
                });
            }
        }
        figures.push((doc.to_string(), e));
    }
    (figures, misses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_files_parse_or_say_which_line_is_wrong_table() {
        let head = "seed\tline\traw\trestored\n";
        for (text, want) in [
            (
                "",
                Err("line 1: expected the header seed<TAB>line<TAB>raw<TAB>restored"),
            ),
            (head, Err("no gold lines")),
            ("seed\tline\traw\trestored\n000\t4\tS6:1\tSố:1\n", Ok(1)),
            (
                "seed\tline\traw\trestored\n000\t4\tS6:1\n",
                Err("line 2: expected 4 tab-separated fields"),
            ),
            (
                "seed\tline\traw\trestored\n\n000\tx\ta\tb\n",
                Err("line 3: \"x\" is not a line number"),
            ),
        ] {
            let got = parse_gold(text).map(|g| g.len());
            assert_eq!(got, want.map_err(str::to_string), "{text:?}");
        }
    }

    #[test]
    fn tokens_are_compared_without_case_or_tone_placement_table() {
        for (a, b, same) in [
            ("Số hoá", "SỐ HÓA", true),
            ("thuỷ", "thủy", true),
            ("S6", "Số", false),
            ("ND-CP", "NĐ-CP", false),
            // Numbers are not syllables: "1168" and "1169" do not count.
            ("1168 /KH", "1169 /KH", true),
        ] {
            assert_eq!(compared_tokens(a) == compared_tokens(b), same, "{a} / {b}");
        }
    }

    #[test]
    fn errors_are_counted_per_syllable_against_the_restored_line() {
        let dict = Dictionary::embedded().expect("built-in dictionaries load");
        let gold = parse_gold(
            "seed\tline\traw\trestored\n\
             000\t1\tKiém soat thi tuc hanh chinh\tKiểm soát thủ tục hành chính\n\
             000\t2\tThủ tục\tThủ tục\n",
        )
        .expect("gold parses");
        let (figures, misses) = evaluate_ocr(&dict, Some(OcrModel::Eng), &gold);
        let (doc, e) = &figures[0];
        assert_eq!(doc, "000");
        assert_eq!((e.lines, e.syllables), (2, 8));
        // All six syllables of the first raw line lack or misread a mark.
        assert_eq!(e.raw_errors, 6);
        assert_eq!(e.repaired_errors, 0, "{misses:?}");
        assert!(misses.is_empty());
        assert!((e.removed() - 1.0).abs() < 1e-9);
    }
}
