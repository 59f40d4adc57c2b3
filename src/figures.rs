//! Handwritten figures in a header's slots: a scanned page's OCR words, its
//! pen ink and its whole ink in, the words with the figures written into
//! the number and date slots added out.
//!
//! A Vietnamese administrative document is printed with its number and
//! date left blank ("Số:      /KH-UBND", "ngày    tháng 3 năm 2026"); the
//! registry clerk writes them in by hand on the day it is issued, in blue
//! ink by custom, sometimes in black. Capture lifts coloured ink off the
//! grey page OCR reads (a seal or a signature would garble the print under
//! it), so blue figures never reach OCR; OCR reads black ones as residue
//! ("đ#", "4#4tháng"). Blue figures are read from the pen ink alone, in
//! the slot's band. Dark ones are told from print by where they stand:
//! between the label and the code's slash, between "ngày", "tháng" and
//! "năm", where the engine saw those words' characters; glyphs shorter than
//! a digit (the x-height letters of print) are left out. Each figure's
//! strokes are cut into glyphs (touching digits are split where the fewest
//! strokes cross) and each glyph is read by a small recogniser of
//! handwritten digits ([`Digits`], trained on MNIST by
//! `tools/digits/train.py`). A figure is added only when every digit of it
//! reads with confidence: an illegible hand leaves the slot blank (the
//! header's number then stays null), never a guess.

use crate::geometry::Rect;
use crate::ocr::Word;
use crate::tables::{components, Binary};

/// The built-in recogniser's weights (`tools/digits/train.py`).
pub const DIGITS: &[u8] = include_bytes!("../dictionaries/digits.bin");

/// The canonical glyph: a side of `SIDE` cells, the ink scaled to fit a
/// `BOX` square in their middle (MNIST's own form), each cell the share of
/// `SUB` × `SUB` sample points that fall on ink.
const SIDE: usize = 28;
const BOX: f32 = 20.0;
const SUB: usize = 4;
const INPUTS: usize = SIDE * SIDE;

/// Ten digits and an eleventh class: two digits that touch.
const CLASSES: usize = 11;
const PAIR: usize = 10;

/// Perceptrons with one hidden layer over the canonical glyph, whose
/// probabilities are averaged.
#[derive(Debug, Clone)]
pub struct Digits {
    hidden: usize,
    models: Vec<Perceptron>,
}

#[derive(Debug, Clone)]
struct Perceptron {
    w1: Vec<f32>,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: Vec<f32>,
}

/// An IEEE half-precision float.
fn f16_to_f32(h: u16) -> f32 {
    let (sign, exp, frac) = (
        (h >> 15) as u32,
        ((h >> 10) & 0x1f) as u32,
        (h & 0x3ff) as u32,
    );
    let v = match exp {
        0 => frac as f32 * (-24f32).exp2(),
        31 => f32::INFINITY,
        _ => f32::from_bits(((exp + 112) << 23) | (frac << 13)),
    };
    if sign == 1 {
        -v
    } else {
        v
    }
}

impl Digits {
    /// Parse `KHDIGIT2`, four little-endian u32 (models, inputs, hidden,
    /// classes) and each model's f16 weights and biases of both layers,
    /// row-major.
    pub fn from_bytes(bytes: &[u8]) -> Option<Digits> {
        let rest = bytes.strip_prefix(b"KHDIGIT2")?;
        let dim = |i: usize| -> Option<usize> {
            let b = rest.get(i * 4..i * 4 + 4)?;
            Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
        };
        let (models, inputs, hidden, classes) = (dim(0)?, dim(1)?, dim(2)?, dim(3)?);
        if !(1..=16).contains(&models)
            || inputs != INPUTS
            || classes != CLASSES
            || !(1..=4096).contains(&hidden)
        {
            return None;
        }
        let floats: Vec<f32> = rest[16..]
            .chunks_exact(2)
            .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
            .collect();
        let sizes = [inputs * hidden, hidden, hidden * classes, classes];
        let each: usize = sizes.iter().sum();
        if floats.len() != models * each || floats.iter().any(|f| !f.is_finite()) {
            return None;
        }
        let models = floats
            .chunks_exact(each)
            .map(|m| {
                let mut at = 0;
                let mut take = |n: usize| {
                    at += n;
                    m[at - n..at].to_vec()
                };
                Perceptron {
                    w1: take(sizes[0]),
                    b1: take(sizes[1]),
                    w2: take(sizes[2]),
                    b2: take(sizes[3]),
                }
            })
            .collect();
        Some(Digits { hidden, models })
    }

    /// The built-in recogniser.
    pub fn builtin() -> Option<Digits> {
        Digits::from_bytes(DIGITS)
    }

    /// What a canonical glyph is: its likeliest digit, that digit's
    /// probability, and the probability that it is two touching digits.
    fn read(&self, glyph: &[f32; INPUTS]) -> Reading {
        let mut p = [0.0f32; CLASSES];
        let mut votes = Vec::with_capacity(self.models.len());
        for m in &self.models {
            let q = self.probabilities(m, glyph);
            votes.push(argmax(&q));
            for (pk, v) in p.iter_mut().zip(q) {
                *pk += v / self.models.len() as f32;
            }
        }
        let digit = argmax(&p[..PAIR]);
        Reading {
            digit: digit as u8,
            p: p[digit],
            pair: p[PAIR],
            agreed: votes.iter().all(|&v| v == digit),
        }
    }

    /// One perceptron's class probabilities (softmax).
    fn probabilities(&self, m: &Perceptron, glyph: &[f32; INPUTS]) -> [f32; CLASSES] {
        let mut h = m.b1.clone();
        for (i, &v) in glyph.iter().enumerate().filter(|(_, &v)| v > 0.0) {
            let row = &m.w1[i * self.hidden..(i + 1) * self.hidden];
            for (hj, wj) in h.iter_mut().zip(row) {
                *hj += v * wj;
            }
        }
        let mut z = [0.0f32; CLASSES];
        z.copy_from_slice(&m.b2);
        for (j, hj) in h.iter().enumerate().filter(|(_, &v)| v > 0.0) {
            for (k, zk) in z.iter_mut().enumerate() {
                *zk += hj * m.w2[j * CLASSES + k];
            }
        }
        let top = z.iter().cloned().fold(f32::MIN, f32::max);
        let mut sum = 0.0;
        for zk in z.iter_mut() {
            *zk = (*zk - top).exp();
            sum += *zk;
        }
        z.map(|v| v / sum)
    }
}

/// The index of the largest value.
fn argmax(v: &[f32]) -> usize {
    v.iter()
        .enumerate()
        .fold((0, f32::MIN), |b, (k, &x)| if x > b.1 { (k, x) } else { b })
        .0
}

/// A glyph as the recogniser reads it.
#[derive(Debug, Clone, Copy)]
struct Reading {
    digit: u8,
    /// The digit's probability, averaged over the models.
    p: f32,
    /// How likely the glyph is two digits that touch.
    pair: f32,
    /// Whether every model reads the same digit (and none a pair).
    agreed: bool,
}

/// Ink pixels sheared so that their slant is gone: each row shifted by
/// the slope of x on y (from the ink's second moments), as hands slant
/// their figures each their own way. Pixels stay non-negative.
fn upright(pixels: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let n = pixels.len() as f64;
    if pixels.len() < 2 {
        return pixels.to_vec();
    }
    let my = pixels.iter().map(|p| p.1 as f64).sum::<f64>() / n;
    let mx = pixels.iter().map(|p| p.0 as f64).sum::<f64>() / n;
    let vy = pixels
        .iter()
        .map(|p| (p.1 as f64 - my).powi(2))
        .sum::<f64>()
        / n;
    if vy == 0.0 {
        return pixels.to_vec();
    }
    let cov = pixels
        .iter()
        .map(|p| (p.0 as f64 - mx) * (p.1 as f64 - my))
        .sum::<f64>()
        / n;
    let slope = cov / vy;
    let moved: Vec<(i64, usize)> = pixels
        .iter()
        .map(|&(x, y)| {
            let shift = (-slope * (y as f64 - my) + 0.5).floor() as i64;
            (x as i64 + shift, y)
        })
        .collect();
    let least = moved.iter().map(|p| p.0).min().unwrap_or(0);
    moved
        .into_iter()
        .map(|(x, y)| ((x - least) as usize, y))
        .collect()
}

/// Ink pixels (page coordinates) set upright and scaled into the
/// canonical glyph.
fn canon(pixels: &[(usize, usize)]) -> [f32; INPUTS] {
    let pixels = upright(pixels);
    let mut out = [0.0; INPUTS];
    let Some(&(fx, fy)) = pixels.first() else {
        return out;
    };
    let (mut x0, mut y0, mut x1, mut y1) = (fx, fy, fx, fy);
    for &(x, y) in &pixels {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let (w, h) = (x1 - x0 + 1, y1 - y0 + 1);
    let mut ink = vec![false; w * h];
    for &(x, y) in &pixels {
        ink[(y - y0) * w + x - x0] = true;
    }
    let s = BOX / w.max(h) as f32;
    let (ox, oy) = (
        (SIDE as f32 - w as f32 * s) / 2.0,
        (SIDE as f32 - h as f32 * s) / 2.0,
    );
    // Source index of each sample point along one axis.
    let source = |o: f32, n: usize| -> Vec<Option<usize>> {
        (0..SIDE * SUB)
            .map(|t| {
                let at = (t / SUB) as f32 + ((t % SUB) as f32 + 0.5) / SUB as f32;
                let v = ((at - o) / s).floor();
                (v >= 0.0 && (v as usize) < n).then_some(v as usize)
            })
            .collect()
    };
    let (sx, sy) = (source(ox, w), source(oy, h));
    let share = 1.0 / (SUB * SUB) as f32;
    for (ty, row) in sy.iter().enumerate() {
        let Some(y) = row else { continue };
        for (tx, col) in sx.iter().enumerate() {
            if col.is_some_and(|x| ink[y * w + x]) {
                out[(ty / SUB) * SIDE + tx / SUB] += share;
            }
        }
    }
    out
}

/// The least probability a digit of an accepted figure may have, and the
/// most a glyph read as one digit may be given of being two. The operating
/// point of the recogniser: on the real scans' handwritten figures (nine
/// in blue ink) it reads none wrong; what it is unsure of stays unread.
const MIN_DIGIT: f32 = 0.7;
const MAX_PAIR: f32 = 0.1;
/// A glyph this much wider than tall is two digits that touch (no digit
/// is much wider than tall).
const TWO_DIGITS_ASPECT: f32 = 1.2;

/// One glyph of pen ink: its box and pixels.
struct Glyph {
    bbox: Rect,
    pixels: Vec<(usize, usize)>,
}

/// A glyph read as one digit, or as two touching ones when the
/// recogniser takes it for a pair or it is too wide for one digit: cut
/// where both halves read best.
fn read_glyph(g: &Glyph, digits: &Digits) -> Vec<Reading> {
    let whole = digits.read(&canon(&g.pixels));
    let (w, h) = (g.bbox.width(), g.bbox.height());
    if whole.pair <= whole.p && w < TWO_DIGITS_ASPECT * h {
        return vec![whole];
    }
    // Cut the pair set upright (a vertical cut through slanted digits
    // would give each a piece of the other) where the fewest strokes
    // cross, nearest the middle: where the two digits touch.
    let pixels = upright(&g.pixels);
    let w = pixels.iter().map(|p| p.0).max().unwrap_or(0) + 1;
    let mut columns = vec![0usize; w];
    for p in &pixels {
        columns[p.0] += 1;
    }
    let cut = (w / 4..=w * 3 / 4)
        .filter(|&x| x > 0 && x < w)
        .min_by_key(|&x| (columns[x], x.abs_diff(w / 2)));
    let Some(cut) = cut else { return vec![whole] };
    let (left, right): (Vec<_>, Vec<_>) = pixels.iter().partition(|p| p.0 < cut);
    vec![digits.read(&canon(&left)), digits.read(&canon(&right))]
}

/// A slot of a header line: where on it a handwritten figure goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// "Số: …/KH-UBND": the blank before the code word (its index).
    Number(usize),
    /// "ngày … tháng … năm …": the blanks for day and month, up to the
    /// end of the year word (its index).
    Date(usize),
}

/// The slots of a line of words, by the grammar of a header: the number
/// label "Số" (one or two letters read, whatever their marks) at the
/// line's start and a code after a slash ("/KH-UBND") with no figure read
/// before it; the month and year words of a date line.
fn slots(words: &[&Word]) -> Vec<Slot> {
    let mut out = Vec::new();
    let label = words.first().is_some_and(|w| {
        let f = crate::text::fold(&w.text);
        let letters = f.chars().take_while(|c| c.is_alphabetic()).count();
        f.starts_with('s') && letters <= 2
    });
    let code = words.iter().take(4).skip(1).position(|w| {
        let (before, after) = w.text.split_once('/').unwrap_or((&w.text, ""));
        after.chars().next().is_some_and(char::is_uppercase) && !has_figure(before)
            || is_code(&w.text)
    });
    let code = code.map(|i| i + 1).or_else(|| {
        // Label, residue and code run into one word.
        let w = words.first()?;
        let (before, after) = w.text.split_once('/')?;
        (after.chars().next().is_some_and(char::is_uppercase) && !has_figure(before)).then_some(0)
    });
    let figure_read = |i: usize| {
        words
            .get(1..i)
            .is_some_and(|ws| ws.iter().any(|w| has_figure(&w.text)))
    };
    if let Some(i) = code.filter(|&i| label && !figure_read(i)) {
        out.push(Slot::Number(i));
    }
    let folded: Vec<String> = words
        .iter()
        .map(|w| crate::text::fold(w.text.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    // OCR runs a figure into the label after it ("4#4tháng", "QQnăm").
    let month = folded.iter().position(|f| f.ends_with("thang"));
    let year = folded.iter().rposition(|f| f.ends_with("nam"));
    // The header's date follows its place ("Hà Nội, ngày …"), where a
    // cited document's follows its code or name ("số 12/QĐ-UBND ngày …",
    // "Luật Đất đai ngày …").
    let after_place = |m: usize| {
        let day = words[..=m]
            .iter()
            .position(|w| crate::text::fold(&w.text).starts_with("ng"));
        day.is_some_and(|d| {
            d == 0 || {
                let place = &words[d - 1].text;
                place.ends_with(',') || place.chars().next().is_some_and(char::is_uppercase)
            }
        })
    };
    if let (Some(m), Some(y)) = (month, year) {
        if m < y && after_place(m) {
            out.push(Slot::Date(y));
        }
    }
    out
}

/// Whether a word is a document's code whose slash OCR lost to the
/// residue before it: the type's and the issuer's abbreviations joined by
/// hyphens ("KH-UBND", "QĐ-UBND", "TTr-CAT-PC04"), capitals but for one.
fn is_code(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    parts.len() >= 2
        && lower <= 1
        && s.chars().next().is_some_and(char::is_uppercase)
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(char::is_alphanumeric))
}

/// Whether OCR read a figure (two digits in a row: "28", not the "1.7"
/// it makes of residue of pen ink).
fn has_figure(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|p| p[0].is_ascii_digit() && p[1].is_ascii_digit())
}

/// Header lines lie in the top part of a page.
const HEADER_SHARE: f32 = 0.45;
/// How far before the month word a handwritten day may stand, in line
/// heights ("ngày ____ tháng").
const DAY_REACH: f32 = 6.0;

/// A figure read from handwriting: what it says and how sure the
/// recogniser is of its least certain digit.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub text: String,
    pub confidence: f32,
}

/// `words` (one OCR'd page, pixel boxes) with the figures handwritten in
/// its header's number and date slots added as words of their lines; and
/// those figures. They are read from `pen` (the page's coloured pen ink,
/// when it was captured in colour) or, where the pen gives none, from the
/// dark ink in the slot's blanks of `page` (all the page's ink, same
/// geometry). OCR's reading of what was left of the ink where a figure is
/// ("“6", "..1.7") goes.
pub fn read(
    words: Vec<Word>,
    pen: Option<&Binary>,
    page: &Binary,
    digits: &Digits,
) -> (Vec<Word>, Vec<Figure>) {
    let top = page.h as f32 * HEADER_SHARE;
    let mut figures = Vec::new();
    let mut out = Vec::with_capacity(words.len());
    let (mut number_seen, mut date_seen) = (false, false);
    let mut start = 0;
    while start < words.len() {
        let line = words[start].line;
        let end = start + words[start..].iter().take_while(|w| w.line == line).count();
        let mut group: Vec<Word> = words[start..end].to_vec();
        if group[0].bbox.y0 < top {
            let refs: Vec<&Word> = group.iter().collect();
            // A page's header has one number and one date.
            let mut found = slots(&refs);
            found.retain(|s| match s {
                Slot::Number(_) => !number_seen,
                Slot::Date(_) => !date_seen,
            });
            number_seen |= found.iter().any(|s| matches!(s, Slot::Number(_)));
            date_seen |= found.iter().any(|s| matches!(s, Slot::Date(_)));
            figures.extend(fill_line(&mut group, found, (pen, page), digits));
        }
        out.extend(group);
        start = end;
    }
    (out, figures)
}

/// Where a code word's slash stands: where the engine saw it, else the
/// word's width shared out by characters.
fn slash_x(w: &Word) -> f32 {
    let n = w.text.chars().count();
    let before = w.text.chars().take_while(|&c| c != '/').count();
    match w.chars.get(before) {
        Some(&(x0, _)) if w.chars.len() == n => x0,
        _ => w.bbox.x0 + w.bbox.width() * before as f32 / n.max(1) as f32,
    }
}

/// Add the figures of one line's slots (`found`) to it; they are
/// returned too.
fn fill_line(
    line: &mut Vec<Word>,
    found: Vec<Slot>,
    (pen, page): (Option<&Binary>, &Binary),
    digits: &Digits,
) -> Vec<Figure> {
    if found.is_empty() {
        return Vec::new();
    }
    let bbox = line
        .iter()
        .skip(1)
        .fold(line[0].bbox, |b, w| b.union(&w.bbox));
    // The print's height: the median word's (OCR's reading of residue
    // spans the pen's taller strokes).
    let mut heights: Vec<f32> = line.iter().map(|w| w.bbox.height()).collect();
    heights.sort_by(f32::total_cmp);
    let lh = heights[heights.len() / 2].max(1.0);
    let cw = char_width(line, lh);
    let mut found_figures = Vec::new();
    for slot in found {
        let (x0, x1) = match slot {
            Slot::Number(i) => (line[0].bbox.x0, slash_x(&line[i]) + lh),
            Slot::Date(y) => {
                let month = line[..y]
                    .iter()
                    .rposition(|w| crate::text::fold(&w.text).starts_with("thang"))
                    .map_or(line[y].bbox.x0, |m| line[m].bbox.x0);
                (month - DAY_REACH * lh, line[y].bbox.x1)
            }
        };
        let band = Rect {
            x0: x0.max(0.0),
            y0: (bbox.y0 - lh).max(0.0),
            x1,
            y1: bbox.y1 + lh,
        };
        // A day or month that print already gives is not written over.
        let printed = |fig: &Rect| {
            line.iter().any(|w| {
                let near = w.bbox.center_x() > fig.x0 - lh && w.bbox.center_x() < fig.x1 + lh;
                near && w.text.len() <= 2 && w.text.chars().all(|c| c.is_ascii_digit())
            })
        };
        let mut read = pen.map_or_else(Vec::new, |pen| figures((pen, page), &band, lh, digits));
        if read.is_empty() {
            read = dark_figures(line, slot, page, &band, (lh, cw), digits);
        }
        for (fig, text, conf) in read {
            if matches!(slot, Slot::Number(_)) || !printed(&fig) {
                found_figures.push((slot, fig, text, conf));
            }
        }
    }
    let mut read = Vec::new();
    for (slot, fig, text, confidence) in found_figures {
        read.push(Figure {
            text: text.clone(),
            confidence,
        });
        place(line, slot, fig, (text, confidence), cw);
    }
    read
}

/// The width of one character of the line's print: the median over its
/// words of lower-case letters (a label's extent inside a word OCR ran
/// together with a figure is that many characters wide).
fn char_width(line: &[Word], lh: f32) -> f32 {
    let mut widths: Vec<f32> = line
        .iter()
        .filter(|w| {
            let t = w.text.trim_end_matches(|c: char| c.is_ascii_punctuation());
            t.chars().count() >= 3
                && t.chars().all(char::is_alphabetic)
                && t.chars().skip(1).all(char::is_lowercase)
        })
        .map(|w| w.bbox.width() / w.text.chars().count() as f32)
        .collect();
    widths.sort_by(f32::total_cmp);
    widths.get(widths.len() / 2).copied().unwrap_or(0.5 * lh)
}

/// Where a label stands in a word, in pixels, and where in its text.
#[derive(Debug, Clone, Copy)]
struct Span {
    x0: f32,
    x1: f32,
    /// The label's first character in the word's text.
    at: usize,
    /// Seen where it stands (the word's own edges, or the engine's boxes
    /// of its characters), not estimated.
    seen: bool,
}

/// Where `label` (folded) stands in `w`, if the word holds it: where the
/// engine saw its characters, or the whole word when it is the label;
/// else a label at the word's start or end is `cw` a character wide from
/// that end (what OCR ran into it, a figure, is wider than print), one
/// inside has its share of the word.
fn label_span(w: &Word, label: &str, cw: f32) -> Option<Span> {
    let folded: Vec<char> = crate::text::fold_ocr(&w.text).chars().collect();
    let target: Vec<char> = label.chars().collect();
    let at = folded.windows(target.len()).rposition(|x| x == target)?;
    let (n, len) = (folded.len(), target.len());
    let b = &w.bbox;
    let trimmed_start = folded[..at].iter().all(|c| !c.is_alphanumeric());
    let trimmed_end = folded[at + len..].iter().all(|c| !c.is_alphanumeric());
    let seen = |x0, x1| Span {
        x0,
        x1,
        at,
        seen: true,
    };
    let guessed = |x0, x1| Span {
        x0,
        x1,
        at,
        seen: false,
    };
    let wide = len as f32 * cw;
    Some(match (trimmed_start, trimmed_end) {
        _ if w.chars.len() == n => seen(w.chars[at].0, w.chars[at + len - 1].1),
        (true, true) => seen(b.x0, b.x1),
        (true, false) => guessed(b.x0, (b.x0 + wide).min(b.x1)),
        (false, true) => guessed((b.x1 - wide).max(b.x0), b.x1),
        (false, false) => guessed(
            b.x0 + b.width() * at as f32 / n as f32,
            b.x0 + b.width() * (at + len) as f32 / n as f32,
        ),
    })
}

/// The blanks of a slot, between the print around them: the number's
/// between the label "Số" and the code's slash; the day's between "ngày"
/// and "tháng", the month's between "tháng" and "năm". Each as a span
/// from the end of the print before it to the start of the print after.
fn blanks(line: &[Word], slot: Slot, cw: f32) -> Vec<Span> {
    let between = |a: Span, b: Span| Span {
        x0: a.x1,
        x1: b.x0,
        at: 0,
        seen: a.seen && b.seen,
    };
    match slot {
        Slot::Number(i) => {
            // The label "Số": a word of its own, or the first two
            // letters of the word OCR ran it into.
            let label = &line[0];
            let letters = label.text.chars().filter(|c| c.is_alphanumeric()).count();
            let start = if i > 0 && letters <= 2 {
                // A word of its own: its box bounds the blank.
                Some(Span {
                    x0: label.bbox.x0,
                    x1: label.bbox.x1,
                    at: 0,
                    seen: true,
                })
            } else {
                label_span(label, "so", cw)
            };
            let code = &line[i];
            let slash = code.text.chars().position(|c| c == '/');
            let end = match slash {
                Some(0) => Span {
                    x0: code.bbox.x0,
                    x1: code.bbox.x1,
                    at: 0,
                    seen: true,
                },
                Some(k) => Span {
                    x0: slash_x(code),
                    x1: code.bbox.x1,
                    at: k,
                    seen: code.chars.len() == code.text.chars().count(),
                },
                // The slash itself went into the residue: it is a
                // character wide.
                None => Span {
                    x0: code.bbox.x0 - cw,
                    x1: code.bbox.x1,
                    at: 0,
                    seen: false,
                },
            };
            start.map(|s| between(s, end)).into_iter().collect()
        }
        Slot::Date(y) => {
            let find = |label: &str| {
                line[..=y]
                    .iter()
                    .rev()
                    .find_map(|w| label_span(w, label, cw))
            };
            let year = label_span(&line[y], "nam", cw);
            let (month, day) = (find("thang"), find("ngay"));
            let mut out = Vec::new();
            if let (Some(d), Some(m)) = (day, month) {
                out.push(between(d, m));
            }
            if let (Some(m), Some(y)) = (month, year) {
                out.push(between(m, y));
            }
            out
        }
    }
}

/// Glyphs of dark ink shorter than this share of the print's word height
/// are the x-height letters of print ("n", "ă", "m"), not digits.
const DARK_MIN_HEIGHT: f32 = 0.65;
/// How near the code a thin stroke in the number's blank is the code's
/// slash, in line heights.
const SLASH_REACH: f32 = 0.25;

/// The figures written in dark ink into a slot's blanks: in each blank
/// whose bounds were seen, the glyphs of a digit's height between the
/// print around it, read as one figure or not at all. Where OCR read
/// digits in a blank, print gives the figure.
fn dark_figures(
    line: &[Word],
    slot: Slot,
    page: &Binary,
    band: &Rect,
    (lh, cw): (f32, f32),
    digits: &Digits,
) -> Vec<(Rect, String, f32)> {
    let mut out = Vec::new();
    for blank in blanks(line, slot, cw) {
        let (x0, x1) = (blank.x0, blank.x1);
        let inside = |x: f32| x > x0 && x < x1;
        let read_by_ocr = line
            .iter()
            .any(|w| inside(w.bbox.center_x()) && w.text.chars().all(|c| c.is_ascii_digit()));
        // Only between print seen where it stands: a bound guessed
        // inside a figure would cut it.
        if !blank.seen || x1 - x0 < DARK_MIN_HEIGHT * lh || read_by_ocr {
            continue;
        }
        let near = Rect {
            x0: (x0 - lh).max(0.0),
            x1: x1 + lh,
            ..*band
        };
        // The code's own slash, where the engine's box of the code left
        // it out: a thin stroke against the code.
        let slash = |g: &Glyph| {
            matches!(slot, Slot::Number(_))
                && x1 - g.bbox.x1 <= SLASH_REACH * lh
                && g.bbox.width() <= 0.5 * g.bbox.height()
        };
        let ours: Vec<Glyph> = glyphs(page, &near, lh, DARK_MIN_HEIGHT)
            .into_iter()
            .filter(|g| inside(g.bbox.center_x()) && !slash(g))
            .collect();
        if let [one] = runs(ours, lh).as_slice() {
            out.extend(read_run(one, digits));
        }
    }
    out
}

/// The figures of pen ink in `band` (a line's, `lh` its print's height):
/// glyphs of a digit's size, grouped by the gaps between them, each read
/// whole or not at all.
fn figures(
    (pen, page): (&Binary, &Binary),
    band: &Rect,
    lh: f32,
    digits: &Digits,
) -> Vec<(Rect, String, f32)> {
    let strokes = pen_strokes(pen, page, band);
    runs(glyphs(&strokes, band, lh, 0.5), lh)
        .iter()
        .filter_map(|run| read_run(run, digits))
        .collect()
}

/// How far from a pixel the JPEG colour of its stroke may have been
/// averaged away: chroma is kept for blocks of 2 × 2 pixels (4:2:0), so a
/// thin stroke's colour fades along its edges and where it narrows.
const CHROMA_BLOCK: usize = 2;

/// The pen's strokes in `band`, whole: its coloured pixels and the page's
/// ink within a chroma block of them (the dark core of a thin stroke whose
/// colour JPEG averaged away; on its own the pen ink of a "1" is
/// fragments). Print that does not touch the pen stays out.
fn pen_strokes(pen: &Binary, page: &Binary, band: &Rect) -> Binary {
    let mut out = Binary {
        w: pen.w,
        h: pen.h,
        ink: vec![false; pen.ink.len()],
    };
    let (w, h) = (pen.w.min(page.w), pen.h.min(page.h));
    let x0 = (band.x0.max(0.0) as usize).min(w);
    let x1 = (band.x1.max(0.0).ceil() as usize).min(w);
    let y0 = (band.y0.max(0.0) as usize).min(h);
    let y1 = (band.y1.max(0.0).ceil() as usize).min(h);
    let r = CHROMA_BLOCK;
    for y in y0..y1 {
        for x in x0..x1 {
            let near_pen = || {
                (y.saturating_sub(r)..(y + r + 1).min(h)).any(|v| {
                    (x.saturating_sub(r)..(x + r + 1).min(w)).any(|u| pen.ink[v * pen.w + u])
                })
            };
            out.ink[y * out.w + x] =
                pen.ink[y * pen.w + x] || (page.ink[y * page.w + x] && near_pen());
        }
    }
    out
}

/// The glyphs of `ink` in `band`, left to right: components within the
/// band (not cut by it), of a handwritten digit's height (from `min`
/// times `lh` up to three times) and no longer than a few digits (not a
/// stroke of a signature or an underline). A digit of two strokes ("4",
/// "5") is one glyph: components that overlap across most of the
/// narrower one's width are merged.
fn glyphs(ink: &Binary, band: &Rect, lh: f32, min: f32) -> Vec<Glyph> {
    let mut glyphs: Vec<Glyph> = components(ink, band, usize::MAX)
        .into_iter()
        .filter(|(r, _)| {
            r.y0 > band.y0
                && r.y1 < band.y1
                && r.height() >= min * lh
                && r.height() <= 3.0 * lh
                && r.width() <= 3.0 * r.height()
        })
        .map(|(bbox, pixels)| Glyph { bbox, pixels })
        .collect();
    glyphs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut merged: Vec<Glyph> = Vec::new();
    for g in glyphs {
        match merged.last_mut() {
            Some(m)
                if m.bbox.x1.min(g.bbox.x1) - g.bbox.x0
                    > 0.5 * g.bbox.width().min(m.bbox.width()) =>
            {
                m.bbox = m.bbox.union(&g.bbox);
                m.pixels.extend(g.pixels);
            }
            _ => merged.push(g),
        }
    }
    merged
}

/// Glyphs (left to right) grouped into figures by the gaps between them:
/// a gap wider than a line's or a glyph's height parts two figures.
fn runs(glyphs: Vec<Glyph>, lh: f32) -> Vec<Vec<Glyph>> {
    let mut out: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        let apart = out
            .last()
            .and_then(|run| run.last())
            .is_none_or(|last| g.bbox.x0 - last.bbox.x1 > lh.max(last.bbox.height()));
        if apart {
            out.push(Vec::new());
        }
        out.last_mut().expect("a run was just pushed").push(g);
    }
    out
}

/// A run of glyphs as one figure, if every digit of it reads.
fn read_run(run: &[Glyph], digits: &Digits) -> Option<(Rect, String, f32)> {
    let first = run.first()?;
    let bbox = run.iter().fold(first.bbox, |b, g| b.union(&g.bbox));
    let read: Vec<Reading> = run.iter().flat_map(|g| read_glyph(g, digits)).collect();
    let conf = read
        .iter()
        .map(|d| {
            if d.agreed && d.pair < MAX_PAIR {
                d.p
            } else {
                0.0
            }
        })
        .fold(1.0f32, f32::min);
    (conf >= MIN_DIGIT && read.len() <= 6).then(|| {
        let text = read.iter().map(|d| char::from(b'0' + d.digit)).collect();
        (bbox, text, conf)
    })
}

/// The labels of a date line, folded and as printed.
const DATE_LABELS: [(&str, &str); 3] = [("ngay", "ngày"), ("thang", "tháng"), ("nam", "năm")];

/// Put a figure into its line: as a word where it stands. OCR's words
/// over it (what it read of the ink's residue) go, print aside; a
/// number's code word loses what it read before its slash.
fn place(line: &mut Vec<Word>, slot: Slot, fig: Rect, (text, conf): (String, f32), cw: f32) {
    match slot {
        Slot::Number(i) => split_code(line, i, &fig),
        Slot::Date(_) => split_labels(line, &fig, cw),
    }
    let residue = |w: &Word| {
        let over = w.bbox.center_x() > fig.x0 && w.bbox.center_x() < fig.x1;
        let print = w.text.contains('/') || crate::text::fold(&w.text).starts_with("thang");
        over && !print
    };
    let template = line[0].clone();
    line.retain(|w| !residue(w));
    if matches!(slot, Slot::Date(_)) {
        // "ngàv:-._": the day's word ran on into what OCR made of the pen
        // ink after it; the word keeps its letters.
        if let Some(w) = line
            .iter_mut()
            .filter(|w| w.bbox.center_x() < fig.x0)
            .max_by(|a, b| a.bbox.x1.total_cmp(&b.bbox.x1))
        {
            let letters: String = w.text.chars().take_while(|c| c.is_alphabetic()).collect();
            let folded = crate::text::fold(&w.text);
            if crate::text::fold(&letters).starts_with("ng") && !folded.contains("thang") {
                w.text = letters;
            }
        }
    }
    let at = line
        .iter()
        .position(|w| w.bbox.center_x() > fig.center_x())
        .unwrap_or(line.len());
    line.insert(
        at,
        Word {
            text,
            bbox: fig,
            conf,
            chars: Vec::new(),
            ..template
        },
    );
}

/// The number's code word (index `i`) after a figure: "Số:..1.7/KH-BCA-C04"
/// (OCR ran the label, the residue and the code into one word) keeps the
/// label as a word of its own and the code from its slash; a code whose
/// slash went into the residue ("KH-UBND") gets it back.
fn split_code(line: &mut Vec<Word>, i: usize, fig: &Rect) {
    let code = &mut line[i];
    // Rewritten words keep no character spans: they no longer match.
    let Some(at) = code.text.find('/') else {
        code.text.insert(0, '/');
        code.chars.clear();
        return;
    };
    let label: String = code.text[..at]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let label = (!label.is_empty()).then(|| Word {
        text: format!("{label}:"),
        bbox: Rect {
            x1: fig.x0.max(code.bbox.x0 + 1.0),
            ..code.bbox
        },
        chars: Vec::new(),
        ..code.clone()
    });
    code.text = code.text[at..].to_string();
    code.chars.clear();
    code.bbox.x0 = code.bbox.x0.max(fig.x1);
    if let Some(l) = label {
        line.insert(i, l);
    }
}

/// Words of a date line over a figure that hold its labels run together
/// with OCR's reading of the figure ("ngày4#4tháng", "QQnăm", "“năm") are
/// replaced by the labels alone, each where it stands.
fn split_labels(line: &mut Vec<Word>, fig: &Rect, cw: f32) {
    let mut out = Vec::with_capacity(line.len() + 2);
    for w in line.drain(..) {
        let over = w.bbox.x0 < fig.x1 && w.bbox.x1 > fig.x0;
        let mut labels: Vec<(Span, usize)> = DATE_LABELS
            .iter()
            .filter(|_| over)
            .filter_map(|(folded, _)| label_span(&w, folded, cw).map(|s| (s, folded.len())))
            .collect();
        if labels.is_empty() {
            out.push(w);
            continue;
        }
        labels.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
        let chars: Vec<char> = w.text.chars().collect();
        for (s, len) in labels {
            out.push(Word {
                text: chars[s.at..s.at + len].iter().collect(),
                bbox: Rect {
                    x0: s.x0,
                    x1: s.x1,
                    ..w.bbox
                },
                chars: w
                    .chars
                    .get(s.at..s.at + len)
                    .map_or_else(Vec::new, <[_]>::to_vec),
                ..w.clone()
            });
        }
    }
    *line = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pen stroke of `width` pixels along straight segments through
    /// `points`, drawn into `ink` (`w` wide).
    fn stroke(ink: &mut [bool], w: usize, points: &[(f32, f32)], width: f32) {
        for seg in points.windows(2) {
            let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
            let steps = ((bx - ax).abs().max((by - ay).abs()) * 2.0) as usize + 1;
            for s in 0..=steps {
                let t = s as f32 / steps as f32;
                let (cx, cy) = (ax + (bx - ax) * t, ay + (by - ay) * t);
                let r = width / 2.0;
                for y in (cy - r).floor() as isize..=(cy + r).ceil() as isize {
                    for x in (cx - r).floor() as isize..=(cx + r).ceil() as isize {
                        let d = (x as f32 - cx).hypot(y as f32 - cy);
                        if d <= r && x >= 0 && y >= 0 && (x as usize) < w {
                            if let Some(p) = ink.get_mut(y as usize * w + x as usize) {
                                *p = true;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Digits as a hand draws them, in a 40 × 60 box at (x, y).
    fn draw(ink: &mut [bool], w: usize, d: char, x: f32, y: f32) {
        let p = |px: f32, py: f32| (x + px, y + py);
        let ring = |cx: f32, cy: f32, rx: f32, ry: f32| -> Vec<(f32, f32)> {
            (0..=24)
                .map(|i| {
                    let a = i as f32 * std::f32::consts::TAU / 24.0;
                    p(cx + rx * a.sin(), cy - ry * a.cos())
                })
                .collect()
        };
        let path: Vec<Vec<(f32, f32)>> = match d {
            '0' => vec![ring(20.0, 30.0, 15.0, 27.0)],
            '1' => vec![vec![p(12.0, 12.0), p(22.0, 3.0), p(22.0, 57.0)]],
            '7' => vec![vec![p(4.0, 4.0), p(36.0, 4.0), p(16.0, 57.0)]],
            '2' => vec![vec![
                p(5.0, 14.0),
                p(12.0, 4.0),
                p(26.0, 3.0),
                p(34.0, 12.0),
                p(30.0, 26.0),
                p(5.0, 56.0),
                p(37.0, 56.0),
            ]],
            '4' => vec![
                vec![p(26.0, 3.0), p(4.0, 38.0), p(37.0, 38.0)],
                vec![p(28.0, 20.0), p(28.0, 57.0)],
            ],
            _ => Vec::new(),
        };
        for s in path {
            stroke(ink, w, &s, 5.0);
        }
    }

    fn page(figures: &[(&str, f32)]) -> Binary {
        let (w, h) = (900, 300);
        let mut ink = vec![false; w * h];
        for (text, x) in figures {
            for (i, d) in text.chars().enumerate() {
                draw(&mut ink, w, d, x + i as f32 * 46.0, 60.0);
            }
        }
        Binary { w, h, ink }
    }

    /// A page with no ink.
    fn blank() -> Binary {
        page(&[])
    }

    fn word(text: &str, x0: f32, x1: f32) -> Word {
        Word {
            text: text.into(),
            bbox: Rect {
                x0,
                y0: 80.0,
                x1,
                y1: 115.0,
            },
            conf: 0.9,
            block: 1,
            para: 1,
            line: 1,
            chars: Vec::new(),
        }
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn the_built_in_recogniser_reads_drawn_digits() {
        let digits = Digits::builtin().expect("built-in weights parse");
        let pen = page(&[
            ("0", 100.0),
            ("1", 200.0),
            ("7", 300.0),
            ("2", 400.0),
            ("4", 500.0),
        ]);
        let mut all = components(
            &pen,
            &Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 900.0,
                y1: 300.0,
            },
            usize::MAX,
        );
        all.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
        let read: String = all
            .iter()
            .map(|(_, px)| char::from(b'0' + digits.read(&canon(px)).digit))
            .collect();
        assert_eq!(read, "01724");
    }

    #[test]
    fn a_pen_stroke_whose_colour_faded_is_read_whole() {
        // A "4" in the page's ink, and print beside it; the pen's colour
        // survived on the stroke's every other pair of rows only.
        let page_ink = page(&[("4", 100.0), ("1", 300.0)]);
        let mut pen = blank();
        for y in 0..pen.h {
            for x in 0..200 {
                pen.ink[y * pen.w + x] = page_ink.ink[y * pen.w + x] && (y / 2) % 2 == 0;
            }
        }
        let band = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 900.0,
            y1: 300.0,
        };
        let whole = pen_strokes(&pen, &page_ink, &band);
        let ink = |b: &Binary, x0: usize, x1: usize| {
            (0..b.h)
                .flat_map(|y| (x0..x1).map(move |x| (x, y)))
                .filter(|&(x, y)| b.ink[y * b.w + x])
                .count()
        };
        // The pen's figure is whole again, one glyph; the print stays out.
        assert_eq!(ink(&whole, 0, 200), ink(&page_ink, 0, 200));
        assert_eq!(ink(&whole, 200, 900), 0);
        assert!(components(&pen, &band, usize::MAX).len() > 1);
        assert_eq!(components(&whole, &band, usize::MAX).len(), 1);
    }

    #[test]
    fn a_slanted_stroke_is_set_upright() {
        // A stroke two pixels wide leaning right by one pixel in two rows.
        let slanted: Vec<(usize, usize)> = (0..40)
            .flat_map(|y| [(10 + y / 2, y), (11 + y / 2, y)])
            .collect();
        let up = upright(&slanted);
        let xs: std::collections::BTreeSet<usize> = up.iter().map(|p| p.0).collect();
        assert!(xs.len() <= 3, "{xs:?}");
        // Rows keep their pixels and their order.
        assert_eq!(up.len(), slanted.len());
        assert!(up.iter().zip(&slanted).all(|(a, b)| a.1 == b.1));
    }

    #[test]
    fn half_precision_floats_decode() {
        let table = [
            (0x3c00u16, 1.0f32),
            (0xc000, -2.0),
            (0x3555, 0.333_251_95),
            (0x0001, 5.960_464_5e-8),
            (0x7bff, 65504.0),
            (0x0000, 0.0),
        ];
        for (bits, want) in table {
            assert_eq!(f16_to_f32(bits), want, "{bits:#06x}");
        }
        assert!(f16_to_f32(0x7c00).is_infinite());
    }

    #[test]
    fn weights_that_do_not_fit_are_refused() {
        let mut bytes = DIGITS.to_vec();
        bytes.pop();
        assert!(Digits::from_bytes(&bytes).is_none());
        assert!(Digits::from_bytes(b"KHDIGIT2").is_none());
        let mut nan = DIGITS.to_vec();
        nan[30..32].copy_from_slice(&0x7e00u16.to_le_bytes());
        assert!(Digits::from_bytes(&nan).is_none());
    }

    #[test]
    fn a_number_written_in_its_slot_joins_the_line() {
        let digits = Digits::builtin().unwrap();
        // "Số:" at 20–70, the figure drawn at 100–186, the code after it.
        type Line<'a> = &'a [(&'a str, f32, f32)];
        let cases: &[(Line, &[&str])] = &[
            (
                &[("Số:", 20.0, 70.0), ("/KH-UBND", 200.0, 330.0)],
                &["Số:", "12", "/KH-UBND"],
            ),
            // Residue of the pen ink read into the code word.
            (
                &[("Số:", 20.0, 70.0), ("..1.7/KH-UBND", 95.0, 330.0)],
                &["Số:", "12", "/KH-UBND"],
            ),
            // Residue read as a word of its own.
            (
                &[
                    ("Số:", 20.0, 70.0),
                    ("“6", 120.0, 150.0),
                    ("/KH-UBND", 200.0, 330.0),
                ],
                &["Số:", "12", "/KH-UBND"],
            ),
            // Label, residue and code read as one word.
            (
                &[("Số:..1.7/KH-UBND", 20.0, 330.0)],
                &["Số:", "12", "/KH-UBND"],
            ),
            // A number already printed: nothing is added.
            (
                &[("Số:", 20.0, 70.0), ("35/KH-UBND", 200.0, 330.0)],
                &["Số:", "35/KH-UBND"],
            ),
        ];
        let pen = page(&[("12", 100.0)]);
        for (line, want) in cases {
            let words: Vec<Word> = line.iter().map(|(t, a, b)| word(t, *a, *b)).collect();
            assert_eq!(
                texts(&read(words, Some(&pen), &blank(), &digits).0),
                *want,
                "{line:?}"
            );
        }
    }

    #[test]
    fn day_and_month_fill_the_date_line_and_other_lines_stay() {
        let digits = Digits::builtin().unwrap();
        let pen = page(&[("4", 150.0), ("10", 420.0)]);
        let date = [
            ("ngày", 20.0, 120.0),
            ("tháng", 260.0, 390.0),
            ("năm", 560.0, 640.0),
            ("2025", 660.0, 760.0),
        ];
        let words: Vec<Word> = date.iter().map(|(t, a, b)| word(t, *a, *b)).collect();
        let (words, figures) = read(words, Some(&pen), &blank(), &digits);
        assert_eq!(texts(&words), ["ngày", "4", "tháng", "10", "năm", "2025"]);
        // The day's word run on into OCR's reading of the pen ink.
        let mut ran_on = date.to_vec();
        ran_on[0] = ("ngàv:-._", 20.0, 140.0);
        let words: Vec<Word> = ran_on.iter().map(|(t, a, b)| word(t, *a, *b)).collect();
        assert_eq!(
            texts(&read(words, Some(&pen), &blank(), &digits).0),
            ["ngàv", "4", "tháng", "10", "năm", "2025"]
        );
        let said: Vec<&str> = figures.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(said, ["4", "10"]);
        // A date that print gives whole is left as it is.
        let printed = [
            ("ngày", 20.0, 120.0),
            ("4", 160.0, 185.0),
            ("tháng", 260.0, 390.0),
            ("10", 430.0, 490.0),
            ("năm", 560.0, 640.0),
        ];
        let words: Vec<Word> = printed.iter().map(|(t, a, b)| word(t, *a, *b)).collect();
        assert_eq!(
            read(words.clone(), Some(&pen), &blank(), &digits),
            (words, Vec::new())
        );
        // The same ink beside a line that is neither slot is left alone.
        let words = vec![word("Kính", 20.0, 120.0), word("gửi", 560.0, 640.0)];
        assert_eq!(
            read(words.clone(), Some(&pen), &blank(), &digits),
            (words, Vec::new())
        );
    }

    #[test]
    fn a_scrawl_is_no_figure() {
        let digits = Digits::builtin().unwrap();
        let (w, h) = (900, 300);
        let mut ink = vec![false; w * h];
        // A loop and a tail, as a signature's flourish.
        let zig: Vec<(f32, f32)> = (0..40)
            .map(|i| {
                (
                    100.0 + i as f32 * 6.0,
                    70.0 + if i % 2 == 0 { 0.0 } else { 50.0 },
                )
            })
            .collect();
        stroke(&mut ink, w, &zig, 5.0);
        let pen = Binary { w, h, ink };
        let words = vec![word("Số:", 20.0, 70.0), word("/KH-UBND", 300.0, 430.0)];
        assert_eq!(
            texts(&read(words, Some(&pen), &blank(), &digits).0),
            ["Số:", "/KH-UBND"]
        );
    }

    /// A word whose characters stand where given (x0 of each, all of
    /// `width`), as the engine reports them.
    fn spaced(text: &str, starts: &[f32], width: f32) -> Word {
        let n = text.chars().count();
        assert_eq!(starts.len(), n, "{text}");
        let mut w = word(text, starts[0], starts[n - 1] + width);
        w.chars = starts.iter().map(|&x| (x, x + width)).collect();
        w
    }

    #[test]
    fn a_number_in_dark_ink_is_read_between_the_label_and_the_code() {
        let digits = Digits::builtin().unwrap();
        // The figure drawn at 100–186 in the page's own ink (no pen).
        let ink = page(&[("12", 100.0)]);
        type Line<'a> = &'a [(&'a str, f32, f32)];
        let cases: &[(Line, &[&str])] = &[
            (
                &[("Số:", 20.0, 70.0), ("/KH-UBND", 200.0, 330.0)],
                &["Số:", "12", "/KH-UBND"],
            ),
            // OCR's reading of the figure goes.
            (
                &[
                    ("Số:", 20.0, 70.0),
                    ("đ#", 110.0, 180.0),
                    ("/KH-UBND", 200.0, 330.0),
                ],
                &["Số:", "12", "/KH-UBND"],
            ),
            // OCR read the figure: it stands.
            (
                &[
                    ("Số:", 20.0, 70.0),
                    ("12", 105.0, 185.0),
                    ("/KH-UBND", 200.0, 330.0),
                ],
                &["Số:", "12", "/KH-UBND"],
            ),
            // The slash went into the residue: where the code starts is
            // a guess, and a guessed bound may cut a figure: none is read.
            (
                &[("Số:", 20.0, 70.0), ("KH-UBND", 200.0, 330.0)],
                &["Số:", "KH-UBND"],
            ),
        ];
        for (line, want) in cases {
            let words: Vec<Word> = line.iter().map(|(t, a, b)| word(t, *a, *b)).collect();
            assert_eq!(
                texts(&read(words, None, &ink, &digits).0),
                *want,
                "{line:?}"
            );
        }
        // A blank left blank: the code's slash, which the engine's box of
        // the code left out, is no "1".
        let mut slashed = blank();
        stroke(&mut slashed.ink, 900, &[(184.0, 116.0), (196.0, 64.0)], 5.0);
        let words = vec![word("Số:", 20.0, 70.0), word("/KH-UBND", 200.0, 330.0)];
        assert_eq!(read(words.clone(), None, &slashed, &digits).0, words);
    }

    #[test]
    fn a_date_in_dark_ink_is_read_between_labels_ocr_ran_into_it() {
        let digits = Digits::builtin().unwrap();
        let ink = page(&[("24", 150.0), ("10", 420.0)]);
        // "ngày" at 20–120, the day over 150–236, "tháng" at 260–390 read
        // as one word; the month over 420–506 run into "năm" at 560–640.
        let glued = spaced(
            "ngày4#4tháng",
            &[
                20.0, 45.0, 70.0, 95.0, 150.0, 180.0, 210.0, 260.0, 286.0, 312.0, 338.0, 364.0,
            ],
            25.0,
        );
        let year = spaced("QQnăm", &[425.0, 470.0, 560.0, 587.0, 614.0], 26.0);
        let words = vec![glued, year, word("2025", 660.0, 760.0)];
        let (words, figures) = read(words, None, &ink, &digits);
        assert_eq!(texts(&words), ["ngày", "24", "tháng", "10", "năm", "2025"]);
        let said: Vec<&str> = figures.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(said, ["24", "10"]);
        // Without the engine's boxes of the characters the labels' bounds
        // are guesses: nothing is read.
        let unseen: Vec<Word> = words_without_chars(&["ngày4#4tháng", "QQnăm", "2025"]);
        assert_eq!(read(unseen.clone(), None, &ink, &digits).0, unseen);
    }

    fn words_without_chars(texts: &[&str]) -> Vec<Word> {
        let spans = [(20.0, 390.0), (425.0, 640.0), (660.0, 760.0)];
        texts
            .iter()
            .zip(spans)
            .map(|(t, (a, b))| word(t, a, b))
            .collect()
    }

    #[test]
    fn a_cited_date_is_no_slot() {
        let digits = Digits::builtin().unwrap();
        let ink = page(&[("24", 150.0), ("10", 420.0)]);
        let line = |before: &str| {
            vec![
                word(before, 0.0, 15.0),
                word("ngày", 20.0, 120.0),
                word("tháng", 260.0, 390.0),
                word("năm", 560.0, 640.0),
                word("2025", 660.0, 760.0),
            ]
        };
        // After a place: the header's date.
        let (words, _) = read(line("Nội,"), None, &ink, &digits);
        assert_eq!(
            texts(&words),
            ["Nội,", "ngày", "24", "tháng", "10", "năm", "2025"]
        );
        // After a cited document's code or name: not the header's.
        for before in ["12/QĐ-UBND", "chính"] {
            let words = line(before);
            assert_eq!(read(words.clone(), None, &ink, &digits).0, words);
        }
    }
}
