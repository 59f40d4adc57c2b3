//! Lines the page pass left out: a page's words and binary image in, the
//! words with the short lines the engine's layout analysis dropped read
//! and put in their place out.
//!
//! Tesseract's page segmentation drops a lone short line at the margin
//! (a wrapped last word, "mật.", under a bulleted line) as if it were
//! noise; the text it belongs to then ends a word early. Ink of a text
//! line's size, inside the text column, between read lines and on no
//! read line, is read again as one line; its words join the page when
//! the engine is sure of them.

use image::GrayImage;

use crate::geometry::Rect;
use crate::ocr::{Recognizer, SegMode, Word};
use crate::tables::Binary;

/// Fewer words than this is no page of text to measure lines on.
const MIN_WORDS: usize = 20;
/// The header zone (its stamps and handwriting) is read by its own rules.
const HEADER_SHARE: f32 = 0.3;
/// Confidence a recovered word needs: noise read as text is unsure.
pub(crate) const MIN_CONF: f32 = 0.75;
/// Runs read again per page, at most.
const MAX_RUNS: usize = 8;

/// Read the short lines of `image` that `words` miss and put them after
/// the line above them.
pub fn recover<R: Recognizer>(
    engine: &mut R,
    image: &GrayImage,
    binary: &Binary,
    dpi: u32,
    words: Vec<Word>,
) -> Result<Vec<Word>, String> {
    let Some(runs) = uncovered_runs(&words, binary) else {
        return Ok(words);
    };
    let mut words = words;
    let mut next_line = words.iter().map(|w| w.line).max().unwrap_or(0) + 1;
    for run in runs.into_iter().take(MAX_RUNS) {
        let read = engine.recognize(image, dpi, Some(run), SegMode::Line)?;
        let sure = !read.is_empty()
            && read
                .iter()
                .all(|w| w.conf >= MIN_CONF && w.text.chars().any(char::is_alphanumeric));
        if !sure {
            continue;
        }
        words = insert_after_line_above(words, read, &run, next_line);
        next_line += 1;
    }
    Ok(words)
}

/// The median height of the words with letters: a text line's size.
fn line_height(words: &[Word]) -> Option<f32> {
    crate::util::median(
        words
            .iter()
            .filter(|w| w.text.chars().any(char::is_alphabetic))
            .map(|w| w.bbox.height())
            .collect(),
    )
}

/// Runs of ink of a text line's size inside the text column, below the
/// header zone and between read lines, that no word covers.
fn uncovered_runs(words: &[Word], binary: &Binary) -> Option<Vec<Rect>> {
    if words.len() < MIN_WORDS {
        return None;
    }
    let h = line_height(words)?;
    let sure: Vec<&Word> = words.iter().filter(|w| w.conf >= 0.6).collect();
    let column = Rect {
        x0: sure.iter().map(|w| w.bbox.x0).fold(f32::MAX, f32::min),
        x1: sure.iter().map(|w| w.bbox.x1).fold(0.0, f32::max),
        y0: (HEADER_SHARE * binary.h as f32)
            .max(sure.iter().map(|w| w.bbox.y0).fold(f32::MAX, f32::min)),
        y1: sure.iter().map(|w| w.bbox.y1).fold(0.0, f32::max),
    };
    if column.width() <= 0.0 || column.height() <= 0.0 {
        return None;
    }
    let pad = 0.25 * h;
    let covered = |x: f32, y: f32| {
        words.iter().any(|w| {
            x >= w.bbox.x0 - pad
                && x <= w.bbox.x1 + pad
                && y >= w.bbox.y0 - pad
                && y <= w.bbox.y1 + pad
        })
    };
    let mut glyphs: Vec<Rect> = crate::tables::components(binary, &column, 0)
        .into_iter()
        .map(|c| c.0)
        .filter(|r| {
            r.height() >= 0.3 * h
                && r.height() <= 1.6 * h
                && r.width() <= 3.0 * h
                && !covered(r.center_x(), r.center_y())
        })
        .collect();
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // Glyphs of one line stand side by side, a word space apart at most.
    let mut runs: Vec<(Rect, usize)> = Vec::new();
    for g in glyphs {
        match runs
            .iter_mut()
            .find(|(r, _)| (r.center_y() - g.center_y()).abs() < 0.5 * h && g.x0 - r.x1 < h)
        {
            Some((r, n)) => {
                *r = r.union(&g);
                *n += 1;
            }
            None => runs.push((g, 1)),
        }
    }
    // A dropped line has nothing read beside it: ink on a read line is
    // a piece of one of its words.
    let on_read_line = |r: &Rect| {
        words.iter().any(|w| {
            let overlap = w.bbox.y1.min(r.y1) - w.bbox.y0.max(r.y0);
            overlap > 0.5 * r.height().min(w.bbox.height())
        })
    };
    let mut out: Vec<Rect> = runs
        .into_iter()
        .filter(|(r, n)| *n >= 2 && r.width() >= h && !on_read_line(r))
        .map(|(r, _)| Rect {
            x0: r.x0 - pad,
            y0: r.y0 - pad,
            x1: r.x1 + pad,
            y1: r.y1 + pad,
        })
        .collect();
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    Some(out)
}

/// `read` put after the last word of the nearest line above `run`, as a
/// line of its own (`line`), in that line's block and paragraph.
fn insert_after_line_above(
    mut words: Vec<Word>,
    read: Vec<Word>,
    run: &Rect,
    line: u32,
) -> Vec<Word> {
    let above = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.bbox.y1 <= run.center_y())
        .max_by(|a, b| a.1.bbox.y1.total_cmp(&b.1.bbox.y1))
        .map(|(i, w)| (i, (w.block, w.para, w.line)));
    let (at, (block, para)) = match above {
        Some((_, key)) => {
            let last = words
                .iter()
                .rposition(|w| (w.block, w.para, w.line) == key)
                .unwrap_or(0);
            (last + 1, (key.0, key.1))
        }
        None => (0, (0, 0)),
    };
    let new: Vec<Word> = read
        .into_iter()
        .map(|w| Word {
            block,
            para,
            line,
            ..w
        })
        .collect();
    words.splice(at..at, new);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32, y0: f32, line: u32) -> Word {
        Word {
            text: text.into(),
            bbox: Rect {
                x0,
                y0,
                x1: x0 + 80.0,
                y1: y0 + 30.0,
            },
            conf: 0.9,
            block: 0,
            para: 0,
            line,
            chars: Vec::new(),
        }
    }

    fn ink(b: &mut Binary, r: (usize, usize, usize, usize)) {
        for y in r.1..r.3 {
            for x in r.0..r.2 {
                b.ink[y * b.w + x] = true;
            }
        }
    }

    /// A page of five read lines of four words (their ink under them),
    /// with other ink drawn by `extra`.
    fn page(extra: &[(usize, usize, usize, usize)]) -> (Vec<Word>, Binary) {
        let mut b = Binary {
            w: 1000,
            h: 1400,
            ink: vec![false; 1000 * 1400],
        };
        let mut words = Vec::new();
        for line in 0..5u32 {
            for k in 0..4 {
                let (x, y) = (100.0 + 200.0 * k as f32, 500.0 + 80.0 * line as f32);
                words.push(word("chữ", x, y, line));
                ink(
                    &mut b,
                    (
                        x as usize + 5,
                        y as usize + 5,
                        x as usize + 70,
                        y as usize + 28,
                    ),
                );
            }
        }
        for r in extra {
            ink(&mut b, *r);
        }
        (words, b)
    }

    #[test]
    fn ink_no_word_covers_between_lines_is_a_run_to_read() {
        // "mật." under the second line: three glyphs a text line high.
        let mat = [
            (100, 612, 120, 638),
            (124, 612, 140, 638),
            (144, 612, 160, 638),
        ];
        let (words, b) = page(&mat);
        let runs = uncovered_runs(&words, &b).unwrap();
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert!(
            runs[0].x0 < 100.0 && runs[0].x1 > 160.0 && runs[0].y0 < 612.0 && runs[0].y1 > 638.0
        );
        let cases: &[&[(usize, usize, usize, usize)]] = &[
            // One glyph alone (a speck, a stray mark).
            &[(100, 612, 120, 638)],
            // A stroke far taller than a line (a signature, a rule's end).
            &[(100, 600, 130, 700), (140, 600, 170, 700)],
            // Handwriting in the header zone.
            &[(100, 200, 120, 226), (124, 200, 140, 226)],
            // Ink on a read line, between its words (a piece of a word
            // the engine's box left out).
            &[(220, 585, 235, 605), (240, 585, 255, 605)],
        ];
        for extra in cases {
            let (words, b) = page(extra);
            assert_eq!(
                uncovered_runs(&words, &b).unwrap(),
                Vec::<Rect>::new(),
                "{extra:?}"
            );
        }
        let (few, b) = page(&mat);
        assert!(uncovered_runs(&few[..10], &b).is_none());
    }

    #[test]
    fn a_recovered_line_follows_the_line_above_it() {
        let (words, _) = page(&[]);
        let run = Rect {
            x0: 95.0,
            y0: 605.0,
            x1: 165.0,
            y1: 645.0,
        };
        let out = insert_after_line_above(words, vec![word("mật.", 100.0, 622.0, 0)], &run, 5);
        let at = out.iter().position(|w| w.text == "mật.").unwrap();
        assert_eq!(at, 8);
        assert_eq!(
            (out[at - 1].line, out[at].line, out[at + 1].line),
            (1, 5, 2)
        );
    }
}
