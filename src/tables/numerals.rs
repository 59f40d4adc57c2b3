//! A quarter's Roman numeral counted by its strokes: a cell's words and
//! the page's binary in, the words with the numeral after "Quý" as printed
//! out.
//!
//! Real plans write quarters in Roman figures ("Quý III/2026", "Quý I năm
//! 2026"), and upright strokes side by side are what a degraded scan's OCR
//! reads worst: one stroke fewer ("II" for "III"), or a lone "I" dropped
//! as a speck. The grammar says where the numeral stands (after "Quý",
//! before the year), and a numeral is nothing but strokes, so its glyphs
//! are counted on the page: upright strokes are I, a glyph wide at the top
//! and narrow at the bottom is V, and anything else (the slash, the year's
//! digits, a letter) ends it. The count is taken only when it reads as a
//! quarter and has no fewer strokes than the engine read: OCR drops
//! strokes, it does not invent them, and a numeral touching the slash
//! counts short.

use crate::geometry::Rect;
use crate::ocr::Word;
use crate::tables::{components, Binary};
use crate::text::fold;

/// Characters OCR reads a Roman numeral's strokes as.
const STROKE_READINGS: &[char] = &[
    'I', 'i', 'l', 'L', '|', '[', ']', '!', 'J', 'j', '1', 'V', 'v',
];

/// The words of a cell with each quarter's numeral mended from its
/// strokes on `binary`. `cell` bounds the cell: a numeral that wrapped to
/// the next line stands at its start.
pub fn mend_quarters(words: &[Word], binary: &Binary, cell: &Rect) -> Vec<Word> {
    let mut out = words.to_vec();
    let mut i = 0;
    while i + 1 < out.len() {
        if is_quarter_word(&out[i].text) {
            if let Some(mended) = mend_after(&out[i], &out[i + 1], binary, cell) {
                match mended {
                    Mended::Replace(w) => out[i + 1] = w,
                    Mended::Insert(w) => out.insert(i + 1, w),
                }
            }
        }
        i += 1;
    }
    out
}

enum Mended {
    /// The word after "Quý" with its numeral as counted.
    Replace(Word),
    /// A numeral the engine dropped, to stand between "Quý" and the word after.
    Insert(Word),
}

/// "Quý" as a numeral follows it: no mark after it ("quý;" ends a clause).
fn is_quarter_word(text: &str) -> bool {
    fold(text).to_lowercase() == "quy"
}

/// The numeral after `quy`, whose next word is `next`: in `next` itself
/// when it opens with stroke-like characters, else in the gap before it.
fn mend_after(quy: &Word, next: &Word, binary: &Binary, cell: &Rect) -> Option<Mended> {
    let read: String = next
        .text
        .chars()
        .take_while(|c| STROKE_READINGS.contains(c))
        .collect();
    let tall = quy.bbox.height().max(next.bbox.height());
    let same_line = (quy.bbox.center_y() - next.bbox.center_y()).abs() < tall / 2.0;
    let line = Line {
        quy,
        next,
        tall,
        same_line,
    };
    match read.is_empty() {
        false => read_short(&line, &read, binary, cell).map(Mended::Replace),
        true => dropped(&line, binary, cell).map(Mended::Insert),
    }
}

/// "Quý" and the word after it, as the engine placed them.
struct Line<'a> {
    quy: &'a Word,
    next: &'a Word,
    /// The taller of the two boxes: a glyph's height is under it.
    tall: f32,
    same_line: bool,
}

/// The word after "Quý" with its numeral (`read`) as counted, when the
/// count differs and is to be taken.
fn read_short(line: &Line, read: &str, binary: &Binary, cell: &Rect) -> Option<Word> {
    let next = line.next;
    let rest = &next.text[read.len()..];
    if !(rest.is_empty() || rest.starts_with(['/', ',', '.', ';'])) {
        return None;
    }
    // The engine's box may leave out a stroke it dropped: the count
    // runs from where "Quý" ends, or from the cell's edge when the
    // numeral opens a line.
    let from = match line.same_line {
        true => line.quy.bbox.x1 + 1.0,
        false => cell.x0,
    };
    let region = Rect {
        x0: from,
        ..next.bbox
    };
    let numeral = counted(binary, &region, line.tall, next.bbox.x0)?;
    // "1" may be an Arabic quarter, and a 1 counts as one stroke: the
    // document decides (`deadline::roman_quarters`) unless more strokes
    // stand there.
    let strokes_read = read.chars().count();
    let arabic = read == "1" && numeral.len() == 1;
    (numeral.len() >= strokes_read && numeral != read && !arabic).then(|| Word {
        text: format!("{numeral}{rest}"),
        ..next.clone()
    })
}

/// A numeral the engine dropped between "Quý" and the year after it,
/// counted in the gap.
fn dropped(line: &Line, binary: &Binary, cell: &Rect) -> Option<Word> {
    let (quy, next) = (line.quy, line.next);
    // Only before what the grammar puts after a numeral: the year.
    let f = fold(&next.text).to_lowercase();
    let year_next = f.starts_with(['/', '-']) || f == "nam" || f == "mam";
    if !year_next {
        return None;
    }
    let band = |w: &Word, x0: f32, x1: f32| Rect {
        x0,
        y0: w.bbox.y0,
        x1,
        y1: w.bbox.y1,
    };
    // Each gap with the end of it the numeral keeps to: after "Quý",
    // or before the word after it.
    let gaps = match line.same_line {
        true => vec![(
            Rect {
                y0: quy.bbox.y0.min(next.bbox.y0),
                y1: quy.bbox.y1.max(next.bbox.y1),
                ..band(quy, quy.bbox.x1 + 1.0, next.bbox.x0 - 1.0)
            },
            quy.bbox.x1,
        )],
        false => vec![
            (band(quy, quy.bbox.x1 + 1.0, cell.x1), quy.bbox.x1),
            (band(next, cell.x0, next.bbox.x0 - 1.0), next.bbox.x0),
        ],
    };
    let (gap, numeral) = gaps
        .iter()
        .filter(|(g, _)| g.width() > 0.0)
        .find_map(|(g, at)| Some((g, counted(binary, g, line.tall, *at)?)))?;
    Some(Word {
        text: numeral,
        bbox: *gap,
        conf: quy.conf.min(next.conf),
        ..next.clone()
    })
}

/// The quarter the glyphs inside `r` spell, left to right, when they
/// spell one: I, II, III or IV. Glyphs under half the line's `tall`
/// height (specks, dots, marks) are passed over. The glyphs of one word
/// stand closer than a word space: the run of them nearest `at` is the
/// numeral (a rule's remnant at the cell's edge, or the next word, is
/// another run).
fn counted(binary: &Binary, r: &Rect, tall: f32, at: f32) -> Option<String> {
    let mut glyphs: Vec<Glyph> = components(binary, r, MAX_GLYPH_PIXELS)
        .into_iter()
        .filter(|(b, px)| b.height() >= tall / 2.0 && b.height() <= tall && !px.is_empty())
        .collect();
    glyphs.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
    let mut runs: Vec<Vec<&Glyph>> = Vec::new();
    for g in &glyphs {
        match runs.last_mut() {
            Some(run)
                if g.0.x0 - run.iter().map(|p| p.0.x1).fold(f32::MIN, f32::max)
                    <= WORD_SPACE * tall =>
            {
                run.push(g)
            }
            _ => runs.push(vec![g]),
        }
    }
    let distance = |run: &Vec<&Glyph>| {
        let (x0, x1) = (
            run[0].0.x0,
            run.iter().map(|p| p.0.x1).fold(f32::MIN, f32::max),
        );
        (x0 - at).max(at - x1).max(0.0)
    };
    let run = runs
        .iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
    if distance(run) > tall {
        return None;
    }
    let (mut strokes, mut v) = (0usize, false);
    for (b, px) in run.iter().map(|g| (&g.0, &g.1)) {
        if v {
            break;
        }
        match shape(b, px) {
            Shape::Stroke => strokes += 1,
            Shape::V => v = true,
            Shape::Other => break,
        }
    }
    match (strokes, v) {
        (1..=3, false) => Some("I".repeat(strokes)),
        (1, true) => Some("IV".to_string()),
        _ => None,
    }
}

/// Glyphs of one word stand closer than this share of the line's height
/// (letters of a word 0.05–0.15 apart, words 0.25 and more).
const WORD_SPACE: f32 = 0.2;

/// A glyph: its box and its pixels.
type Glyph = (Rect, Vec<(usize, usize)>);

/// A glyph's pixels are kept up to this many (a 14 pt I at 300 dpi has
/// under 400).
const MAX_GLYPH_PIXELS: usize = 4000;

#[derive(Debug, PartialEq)]
enum Shape {
    Stroke,
    V,
    Other,
}

/// An upright stroke is narrow and stands straight (its ink as far right
/// at the top as at the bottom, where a slash leans); a V spans at the top
/// twice what it spans at the bottom.
fn shape(b: &Rect, px: &[(usize, usize)]) -> Shape {
    let h = b.height();
    let band = |lo: f32, hi: f32| {
        let xs: Vec<f32> = px
            .iter()
            .filter(|&&(_, y)| {
                let t = (y as f32 - b.y0) / h;
                t >= lo && t < hi
            })
            .map(|&(x, _)| x as f32)
            .collect();
        let mean = xs.iter().sum::<f32>() / xs.len().max(1) as f32;
        let span = xs.iter().copied().fold(f32::MIN, f32::max)
            - xs.iter().copied().fold(f32::MAX, f32::min);
        (mean, span.max(0.0) + 1.0, xs.is_empty())
    };
    let (top_mean, top_span, top_empty) = band(0.0, 0.3);
    let (bottom_mean, bottom_span, bottom_empty) = band(0.7, 1.01);
    if top_empty || bottom_empty {
        return Shape::Other;
    }
    let lean = (LEAN * h).max(1.5);
    if b.width() <= STROKE_WIDTH * h
        && (top_mean - bottom_mean).abs() <= lean
        && straight(b, px, lean)
    {
        Shape::Stroke
    } else if b.width() >= V_WIDTH * h && top_span >= 2.0 * bottom_span {
        Shape::V
    } else {
        Shape::Other
    }
}

/// Whether the rows of a glyph's middle (between its serifs) are centred
/// within `lean` of each other: a stem, where a 2 or a 7 runs diagonally.
fn straight(b: &Rect, px: &[(usize, usize)], lean: f32) -> bool {
    let (y0, y1) = (b.y0 + 0.3 * b.height(), b.y0 + 0.7 * b.height());
    let mut rows: std::collections::BTreeMap<usize, (f32, f32)> = Default::default();
    for &(x, y) in px
        .iter()
        .filter(|&&(_, y)| (y as f32) >= y0 && (y as f32) < y1)
    {
        let e = rows.entry(y).or_insert((0.0, 0.0));
        *e = (e.0 + x as f32, e.1 + 1.0);
    }
    let centres: Vec<f32> = rows.values().map(|(sum, n)| sum / n).collect();
    let (lo, hi) = centres
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &c| (lo.min(c), hi.max(c)));
    !centres.is_empty() && hi - lo <= lean
}

/// An I, serifs and all, is at most this wide for its height (0.25–0.4
/// in print faces).
const STROKE_WIDTH: f32 = 0.5;
/// How far (in heights) an upright stroke's top may stand from its foot:
/// skew and a blurred edge, where a slash leans 0.3.
const LEAN: f32 = 0.1;
/// A V is at least this wide for its height (0.6–0.75 in print faces).
const V_WIDTH: f32 = 0.45;

#[cfg(test)]
mod tests {
    use super::*;

    /// A page with glyphs drawn as ASCII art, '#' for ink, one row a line.
    fn page(art: &[&str]) -> Binary {
        let w = art.iter().map(|r| r.len()).max().unwrap_or(0);
        let ink = art
            .iter()
            .flat_map(|r| (0..w).map(move |x| r.as_bytes().get(x) == Some(&b'#')))
            .collect();
        Binary {
            w,
            h: art.len(),
            ink,
        }
    }

    /// The whole page's rectangle.
    fn bounds(b: &Binary) -> Rect {
        Rect {
            x0: 0.0,
            y0: 0.0,
            x1: b.w as f32,
            y1: b.h as f32,
        }
    }

    fn word(text: &str, x0: f32, x1: f32, y0: f32, y1: f32) -> Word {
        Word {
            text: text.into(),
            bbox: Rect { x0, y0, x1, y1 },
            conf: 0.9,
            block: 0,
            para: 0,
            line: 0,
            chars: Vec::new(),
        }
    }

    /// Glyphs 10 rows tall: I with serifs, a slash, V, a 2 and a dot.
    const I: [&str; 10] = [
        "###", ".#.", ".#.", ".#.", ".#.", ".#.", ".#.", ".#.", ".#.", "###",
    ];
    const SLASH: [&str; 10] = [
        ".....#", ".....#", "....#.", "....#.", "...#..", "..#...", "..#...", ".#....", ".#....",
        "#.....",
    ];
    const V: [&str; 10] = [
        "#.....#", "#.....#", ".#...#.", ".#...#.", ".#...#.", "..#.#..", "..#.#..", "..#.#..",
        "...#...", "...#...",
    ];
    const TWO: [&str; 10] = [
        ".###.", "#...#", "....#", "....#", "...#.", "..#..", ".#...", "#....", "#....", "#####",
    ];
    const SPACE: [&str; 10] = [
        "....", "....", "....", "....", "....", "....", "....", "....", "....", "....",
    ];
    const DOT: [&str; 10] = [".", ".", ".", ".", ".", ".", ".", ".", "#", "."];

    /// Glyphs set side by side with two columns between them.
    fn line(glyphs: &[&[&str; 10]]) -> Vec<String> {
        (0..10)
            .map(|y| {
                glyphs
                    .iter()
                    .map(|g| format!("{}..", g[y]))
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn strokes_are_counted_until_a_glyph_that_is_no_numeral_table() {
        // (glyphs, where the numeral is looked for, numeral)
        type Art<'a> = &'a [&'a [&'a str; 10]];
        let cases: &[(Art, f32, Option<&str>)] = &[
            (&[&I], 0.0, Some("I")),
            (&[&I, &I], 0.0, Some("II")),
            (&[&I, &I, &I, &SLASH, &TWO], 0.0, Some("III")),
            (&[&I, &V, &SLASH, &TWO], 0.0, Some("IV")),
            (&[&V], 0.0, None),
            (&[&SLASH, &I], 0.0, None),
            (&[&TWO], 0.0, None),
            (&[&I, &I, &I, &I], 0.0, None),
            // A dot is passed over; a run a space away is another word (a
            // rule's remnant at the cell's edge).
            (&[&DOT, &I, &I, &SLASH], 0.0, Some("II")),
            (&[&I, &SPACE, &I, &I, &SLASH], 20.0, Some("II")),
            (&[&I, &SPACE, &I, &I, &SLASH], 0.0, Some("I")),
        ];
        for (glyphs, at, want) in cases {
            let art = line(glyphs);
            let rows: Vec<&str> = art.iter().map(String::as_str).collect();
            let b = page(&rows);
            let r = bounds(&b);
            assert_eq!(counted(&b, &r, 10.0, *at).as_deref(), *want, "{:?}", rows);
        }
    }

    #[test]
    fn a_numeral_read_short_or_dropped_is_mended_and_one_read_right_kept_table() {
        // "Quý" at x 0–20 (its glyphs are not drawn), then the numeral's
        // glyphs from x 30 on: III, then the slash and the year.
        let art = line(&[&I, &I, &I, &SLASH, &TWO]);
        let rows: Vec<String> = art
            .iter()
            .map(|r| format!("{}{r}", ".".repeat(30)))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let b = page(&rows);
        let cell = bounds(&b);
        let end = b.w as f32;
        // (word after "Quý" as read, where its box starts, the cell's text)
        let cases = [
            ("II/2026", 30.0, "Quý III/2026"),
            ("JII/2026", 30.0, "Quý III/2026"),
            ("III/2026", 30.0, "Quý III/2026"),
            // The engine's box leaves out the stroke it dropped.
            ("II/2026", 35.0, "Quý III/2026"),
            // More strokes read than counted: the count is short, not the reading.
            ("IIII/2026", 30.0, "Quý IIII/2026"),
            // Dropped: the strokes stand in the gap before the slash read alone.
            ("/2026", 45.0, "Quý III /2026"),
            // "1" over three strokes is III; a word is no numeral.
            ("1/2026", 30.0, "Quý III/2026"),
            ("chế", 30.0, "Quý chế"),
        ];
        for (read, x0, want) in cases {
            let words = [
                word("Quý", 0.0, 20.0, 0.0, 10.0),
                word(read, x0, end, 0.0, 10.0),
            ];
            let got: Vec<String> = mend_quarters(&words, &b, &cell)
                .into_iter()
                .map(|w| w.text)
                .collect();
            assert_eq!(got.join(" "), want, "{read}");
        }
    }

    #[test]
    fn a_numeral_that_opens_the_next_line_is_counted_from_the_cell_edge_on() {
        // Line 1: "Quý" (not drawn); line 2: a rule's remnant at the
        // cell's edge, a word space, then II and the slash; the engine
        // read only "I/2026" from the second stroke on.
        let blank = vec![".".repeat(60); 10];
        let art = line(&[&I, &SPACE, &I, &I, &SLASH, &TWO]);
        let rows: Vec<&str> = blank.iter().chain(&art).map(String::as_str).collect();
        let b = page(&rows);
        let cell = bounds(&b);
        let words = [
            word("Quý", 0.0, 20.0, 0.0, 10.0),
            word("I/2026", 16.0, b.w as f32, 10.0, 20.0),
        ];
        let got: Vec<String> = mend_quarters(&words, &b, &cell)
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(got.join(" "), "Quý II/2026");
    }
}
