//! The signer's name on a scanned page: the page's OCR words in, the words
//! with the signing block's last line read again on its own out, when the
//! page pass did not read it as a person's name.
//!
//! Nghị định 30/2020/NĐ-CP sets the signing block at the right of a
//! document's foot, level with "Nơi nhận" at the left: the authority
//! ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"), the signature with the seal over its
//! left edge, and at the bottom the signer's full name. The page pass
//! reads that last line in the company of the seal's ring and the
//! signature's strokes and garbles it ("I rèn Cang" for "Trần Cang"); read
//! alone as one line it reads clean. A line that reads as a name with a
//! known surname is left alone; the new reading replaces the line only
//! when it is such a name (2–5 capitalised syllables, the first a
//! surname): a line that is no name stays as the page pass read it.

use image::GrayImage;

use crate::geometry::Rect;
use crate::ocr::{Recognizer, SegMode, Word};

/// One line of the page pass, or one column's part of it: its words'
/// indices, box and text.
struct Line {
    words: Vec<usize>,
    bbox: Rect,
    text: String,
}

/// The page's lines, split where columns part ("- Lưu VT, VP." at the
/// left and the signer's name at the right are one engine line).
fn lines(words: &[Word]) -> Vec<Line> {
    crate::layout::segment_indices(words)
        .into_iter()
        .map(|idx| {
            let bbox = idx
                .iter()
                .skip(1)
                .fold(words[idx[0]].bbox, |b, &i| b.union(&words[i].bbox));
            let text: Vec<&str> = idx.iter().map(|&i| words[i].text.as_str()).collect();
            Line {
                text: text.join(" "),
                bbox,
                words: idx,
            }
        })
        .collect()
}

/// The signing block's last line: the lowest line with letters right of
/// the page's middle, at or below the "Nơi nhận" label's line. A page
/// without that label has no signing block.
fn name_line(lines: &[Line], page_width: f32) -> Option<usize> {
    let recipients = lines.iter().find(|l| {
        crate::text::fold_ocr(&l.text)
            .trim_start()
            .starts_with("noi nhan")
    })?;
    // The authority line stands level with the label, or a little above.
    let top = recipients.bbox.y0 - 2.0 * recipients.bbox.height();
    (0..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            l.bbox.center_x() > page_width / 2.0
                && l.bbox.y0 >= top
                && l.text.chars().any(char::is_alphabetic)
        })
        .max_by(|&a, &b| lines[a].bbox.y1.total_cmp(&lines[b].bbox.y1))
}

/// The words of a line read alone, without the marks read beside them
/// (a speck of the seal read as "`“"), if they read as a person's name
/// with a known surname.
fn as_name(mut read: Vec<Word>) -> Option<Vec<Word>> {
    let letters = |w: &Word| w.text.chars().any(char::is_alphabetic);
    let first = read.iter().position(letters)?;
    let last = read.iter().rposition(letters)?;
    read.truncate(last + 1);
    read.drain(..first);
    let text: Vec<&str> = read.iter().map(|w| w.text.as_str()).collect();
    crate::header::is_known_name(&text.join(" ")).then_some(read)
}

/// Read the signing block's name line of `image` again on its own when the
/// page pass did not read a person's name there.
pub fn reread_name<R: Recognizer>(
    engine: &mut R,
    image: &GrayImage,
    dpi: u32,
    words: Vec<Word>,
) -> Result<Vec<Word>, String> {
    let found = lines(&words);
    let Some(at) = name_line(&found, image.width() as f32) else {
        return Ok(words);
    };
    let line = &found[at];
    if crate::header::is_known_name(&line.text) {
        return Ok(words);
    }
    // The line with a margin of half its height: the engine finds the
    // line's own baseline in the crop.
    let pad = 0.5 * line.bbox.height();
    let region = Rect {
        x0: (line.bbox.x0 - 2.0 * pad).max(0.0),
        y0: (line.bbox.y0 - pad).max(0.0),
        x1: (line.bbox.x1 + 2.0 * pad).min(image.width() as f32),
        y1: (line.bbox.y1 + pad).min(image.height() as f32),
    };
    let Some(read) = as_name(engine.recognize(image, dpi, Some(region), SegMode::Line)?) else {
        return Ok(words);
    };
    let id = words[line.words[0]].line;
    let first = line.words[0];
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.into_iter().enumerate() {
        if i == first {
            out.extend(read.iter().cloned().map(|r| Word { line: id, ..r }));
        }
        if !line.words.contains(&i) {
            out.push(w);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::replay::{Call, Replay};

    fn word(text: &str, x0: f32, y0: f32, line: u32) -> Word {
        let x1 = x0 + 20.0 * text.chars().count() as f32;
        Word {
            text: text.into(),
            bbox: Rect {
                x0,
                y0,
                x1,
                y1: y0 + 30.0,
            },
            line,
            ..Word::default()
        }
    }

    /// The foot of a page 2000 px wide: "Nơi nhận:" and a recipient at
    /// the left, the authority and the name (as `name` was read) at the
    /// right.
    fn foot(name: &[&str]) -> Vec<Word> {
        let mut words = vec![
            word("Nơi", 150.0, 1000.0, 0),
            word("nhận:", 230.0, 1000.0, 0),
            word("GIÁM", 1300.0, 990.0, 1),
            word("ĐỐC", 1400.0, 990.0, 1),
            word("-", 150.0, 1040.0, 2),
            word("Lưu", 180.0, 1040.0, 2),
            word("VT.", 260.0, 1040.0, 2),
        ];
        let mut x = 1280.0;
        for n in name {
            words.push(word(n, x, 1300.0, 3));
            x += 20.0 * n.chars().count() as f32 + 20.0;
        }
        words
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    fn engine_reading(read: &[&str], region: Rect) -> Replay {
        let words = read
            .iter()
            .enumerate()
            .map(|(k, t)| word(t, 1280.0 + 100.0 * k as f32, 1301.0, 0))
            .collect();
        Replay::new(vec![Call {
            mode: "line".into(),
            region: Some(region),
            words,
        }])
    }

    #[test]
    fn a_garbled_name_line_is_read_again_alone() {
        let image = GrayImage::new(2000, 2800);
        let words = foot(&["I", "rèn", "Cang"]);
        // The name line's box (1280..1480, 1300..1330) with its margins.
        let region = Rect {
            x0: 1250.0,
            y0: 1285.0,
            x1: 1510.0,
            y1: 1345.0,
        };
        let cases: &[(&[&str], &[&str])] = &[
            // Read as a name, beside a speck of the seal: the name.
            (&["`“", "Trần", "Cang"], &["Trần", "Cang"]),
            // Read again no better: the page pass's reading stays.
            (&["I", "rèn", "Cang"], &["I", "rèn", "Cang"]),
            (&["Tran-"], &["I", "rèn", "Cang"]),
        ];
        for (read, want) in cases {
            let mut engine = engine_reading(read, region);
            let out = reread_name(&mut engine, &image, 300, words.clone()).unwrap();
            let name: Vec<&str> = out
                .iter()
                .filter(|w| w.line == 3)
                .map(|w| w.text.as_str())
                .collect();
            assert_eq!(&name, want, "{read:?}");
            // The other lines keep their words and order.
            assert_eq!(&texts(&out)[..7], &texts(&words)[..7]);
        }
    }

    #[test]
    fn a_name_read_or_no_signing_block_costs_no_reading() {
        let image = GrayImage::new(2000, 2800);
        // A replay with no captured call fails any reading it is asked for.
        let mut engine = Replay::new(Vec::new());
        let read = foot(&["Trần", "Cang"]);
        assert_eq!(
            texts(&reread_name(&mut engine, &image, 300, read.clone()).unwrap()),
            texts(&read)
        );
        // No "Nơi nhận": no signing block to look in.
        let body: Vec<Word> = foot(&["I", "rèn", "Cang"]).split_off(2);
        assert_eq!(
            texts(&reread_name(&mut engine, &image, 300, body.clone()).unwrap()),
            texts(&body)
        );
    }
}
