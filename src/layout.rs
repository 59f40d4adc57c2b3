//! Layout stage: a page's words in, its text lines in reading order out.
//!
//! OCR words carry the engine's block/paragraph/line ids, which already give
//! reading order. Text-layer words only share a baseline, so a baseline that
//! holds two columns (the national header's left and right halves) is split
//! at wide gaps. All boxes leave this stage in PDF points, top-left origin.
//! Table geometry (ruling lines, cells) is the sibling stage [`crate::tables`].

use crate::geometry::Rect;
use crate::ocr::Word;

/// One line of text on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// 1-based page number.
    pub page: usize,
    pub text: String,
    /// PDF points, top-left origin; all zero for plain-text input.
    pub bbox: Rect,
    /// Mean word confidence, 0..1.
    pub conf: f32,
}

/// A page's lines and the geometry needed to interpret them.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    pub page: usize,
    pub width_pt: f32,
    pub height_pt: f32,
    pub lines: Vec<TextLine>,
}

impl PageLayout {
    /// The page's text in reading order, one line per line, whitespace
    /// collapsed (plain-text lines keep wide gaps internally, see
    /// [`from_plain_text`]).
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| crate::text::clean(&l.text))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Mean word confidence weighted by characters; `None` for an empty page.
    pub fn mean_confidence(&self) -> Option<f32> {
        let (mut sum, mut n) = (0.0f64, 0usize);
        for l in &self.lines {
            let c = l.text.chars().count();
            sum += l.conf as f64 * c as f64;
            n += c;
        }
        (n > 0).then(|| (sum / n as f64) as f32)
    }
}

/// Words on one baseline further apart than this many word heights belong
/// to different columns (the national header's two halves, a signature
/// block beside the recipients list); justified text never gaps this wide.
const COLUMN_GAP: f32 = 2.5;

/// Split one line's words (left to right) into column segments.
fn segments(words: &[&Word]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..=words.len() {
        let split = k == words.len() || {
            let h = words[k - 1].bbox.height().max(words[k].bbox.height());
            words[k].bbox.x0 - words[k - 1].bbox.x1 > COLUMN_GAP * h
        };
        if split {
            out.push(start..k);
            start = k;
        }
    }
    out
}

/// A page's words as its lines' column segments, by index: the words of
/// one engine line (consecutive, one `line` id), left to right, split
/// where columns part, as [`from_ocr`] lays them out.
pub(crate) fn segment_indices(words: &[Word]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let line = words[start].line;
        let end = start + words[start..].iter().take_while(|w| w.line == line).count();
        let mut idx: Vec<usize> = (start..end).collect();
        idx.sort_by(|&a, &b| words[a].bbox.x0.total_cmp(&words[b].bbox.x0));
        let refs: Vec<&Word> = idx.iter().map(|&i| &words[i]).collect();
        out.extend(segments(&refs).into_iter().map(|r| idx[r].to_vec()));
        start = end;
    }
    out
}

/// Build lines from words grouped into physical lines, scaling boxes by
/// `to_pt`. Each column segment of a physical line becomes its own line.
fn build_lines(page: usize, groups: Vec<Vec<&Word>>, to_pt: f32) -> Vec<TextLine> {
    let mut lines = Vec::new();
    for mut ws in groups {
        ws.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        for r in segments(&ws) {
            let seg = &ws[r];
            let text = seg
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let bbox = seg
                .iter()
                .skip(1)
                .fold(seg[0].bbox, |b, w| b.union(&w.bbox))
                .scale(to_pt);
            let conf = seg.iter().map(|w| w.conf).sum::<f32>() / seg.len() as f32;
            lines.push(TextLine {
                page,
                text,
                bbox,
                conf,
            });
        }
    }
    lines
}

/// Speckle on a scan comes back as low-confidence words without a letter
/// or digit ("¬", "_", "'"); they carry no text.
fn is_speck(w: &Word) -> bool {
    w.conf < 0.5 && !w.text.chars().any(char::is_alphanumeric)
}

/// Group words by consecutive equal `line` ids, keeping first-seen order.
fn group_by_line<'a>(words: impl Iterator<Item = &'a Word>) -> Vec<Vec<&'a Word>> {
    let mut groups: Vec<(u32, Vec<&Word>)> = Vec::new();
    for w in words {
        match groups.last_mut() {
            Some((line, ws)) if *line == w.line => ws.push(w),
            _ => groups.push((w.line, vec![w])),
        }
    }
    groups.into_iter().map(|(_, ws)| ws).collect()
}

/// Lay out OCR words (pixel boxes at `dpi`), in the engine's reading order.
pub fn from_ocr(
    page: usize,
    words: &[Word],
    dpi: u32,
    width_pt: f32,
    height_pt: f32,
) -> PageLayout {
    let to_pt = 72.0 / dpi.max(1) as f32;
    let groups = group_by_line(words.iter().filter(|w| !is_speck(w)));
    PageLayout {
        page,
        width_pt,
        height_pt,
        lines: build_lines(page, groups, to_pt),
    }
}

/// Lay out text-layer words (already in points), top to bottom; segments
/// that share a baseline read left to right.
pub fn from_text_layer(page: usize, words: &[Word], width_pt: f32, height_pt: f32) -> PageLayout {
    let mut lines = build_lines(page, group_by_line(words.iter()), 1.0);
    lines.sort_by(|a, b| {
        a.bbox
            .y1
            .total_cmp(&b.bbox.y1)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    PageLayout {
        page,
        width_pt,
        height_pt,
        lines,
    }
}

/// Lay out plain text: one line per non-empty input line. There is no
/// geometry.
pub fn from_plain_text(text: &str) -> PageLayout {
    let mut lines = Vec::new();
    for raw in text.lines() {
        if crate::text::clean(raw).is_empty() {
            continue;
        }
        // Keep a wide gap (two or more spaces) visible to the header parser:
        // OCR text from elsewhere puts both header columns on one line.
        let text = raw
            .split("  ")
            .map(crate::text::clean)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("  ");
        lines.push(TextLine {
            page: 1,
            text,
            bbox: Rect::default(),
            conf: 1.0,
        });
    }
    PageLayout {
        page: 1,
        width_pt: 0.0,
        height_pt: 0.0,
        lines,
    }
}

/// Footnotes under a page's text, as Nghị định 30/2020/NĐ-CP sets them: in
/// a smaller size than the body, so each of their lines holds more
/// characters per point of width than the body's. The trailing run of
/// such lines at the foot of a page (a page number below them aside) is
/// its footnotes. Returns how many of the page's last lines they are
/// (none on a page without the geometry, or too few full lines to know
/// the body's size).
pub fn footnotes(page: &PageLayout) -> usize {
    let lines = &page.lines;
    let density = |l: &TextLine| l.text.chars().count() as f32 / l.bbox.width().max(1.0);
    let left = lines.iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.bbox.x1).fold(0.0, f32::max);
    let full: Vec<f32> = lines
        .iter()
        .filter(|l| l.bbox.width() >= FULL_LINE * (right - left) && l.text.chars().count() >= 30)
        .map(density)
        .collect();
    if full.len() < MIN_BODY_LINES {
        return 0;
    }
    let Some(body) = crate::util::median(full) else {
        return 0;
    };
    let is_page_number = |l: &TextLine| {
        l.text
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-')
    };
    let mut n = 0;
    let mut notes = 0;
    for l in lines.iter().rev() {
        if n == 0 && is_page_number(l) {
            n += 1;
            continue;
        }
        // The last page's foot in small print is its recipients list.
        if crate::text::fold(&l.text).contains("noi nhan") {
            return 0;
        }
        if density(l) < SMALL_PRINT * body {
            break;
        }
        n += 1;
        notes += 1;
    }
    if notes == 0 || 2 * notes > lines.len() {
        return 0;
    }
    n
}

/// A line at least this share of the text width is a full line.
const FULL_LINE: f32 = 0.8;
/// Full body lines needed to know the body's print size.
const MIN_BODY_LINES: usize = 4;
/// Characters per point, relative to the body's full lines, from which a
/// line is set smaller than the body (a 13–14 pt body's 10–11 pt notes
/// hold a quarter more; the unstretched last line of a justified
/// paragraph far less).
const SMALL_PRINT: f32 = 1.2;

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x0: f32, y0: f32, x1: f32, line: u32) -> Word {
        Word {
            text: text.into(),
            bbox: Rect {
                x0,
                y0,
                x1,
                y1: y0 + 12.0,
            },
            conf: 0.9,
            block: 0,
            para: 0,
            line,
            chars: Vec::new(),
        }
    }

    #[test]
    fn ocr_words_group_by_line_and_scale_to_points() {
        let words = [
            w("Số:", 300.0, 600.0, 360.0, 0),
            w("12/KH", 370.0, 600.0, 480.0, 0),
            w("KẾ", 900.0, 900.0, 950.0, 1),
        ];
        let p = from_ocr(1, &words, 300, 595.0, 842.0);
        assert_eq!(p.text(), "Số: 12/KH\nKẾ");
        assert!((p.lines[0].bbox.x0 - 72.0).abs() < 0.01);
        assert!((p.mean_confidence().unwrap() - 0.9).abs() < 1e-5);
    }

    #[test]
    fn ocr_lines_split_at_column_gaps_and_drop_specks() {
        let mut speck = w("¬", 200.0, 600.0, 205.0, 0);
        speck.conf = 0.2;
        let words = [
            w("Số:", 10.0, 600.0, 40.0, 0),
            w("/QĐ-UBND", 44.0, 600.0, 120.0, 0),
            speck,
            w("Hải", 400.0, 600.0, 430.0, 0),
            w("Dương", 434.0, 600.0, 490.0, 0),
        ];
        let p = from_ocr(1, &words, 72, 595.0, 842.0);
        let texts: Vec<_> = p.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Số: /QĐ-UBND", "Hải Dương"]);
    }

    #[test]
    fn text_layer_splits_columns_on_one_baseline() {
        let words = [
            w("ỦY", 80.0, 50.0, 100.0, 0),
            w("BAN", 103.0, 50.0, 130.0, 0),
            w("CỘNG", 300.0, 50.0, 340.0, 0),
            w("HÒA", 343.0, 50.0, 370.0, 0),
        ];
        let p = from_text_layer(1, &words, 595.0, 842.0);
        let texts: Vec<_> = p.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["ỦY BAN", "CỘNG HÒA"]);
    }

    #[test]
    fn plain_text_keeps_wide_gaps_and_drops_blank_lines() {
        let p = from_plain_text("UBND TP  CONG HOA\n\nKE HOACH\n");
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].text, "UBND TP  CONG HOA");
        assert_eq!(p.text(), "UBND TP CONG HOA\nKE HOACH");
        assert_eq!(p.mean_confidence(), Some(1.0));
    }

    /// A line's opening words, characters and width in points.
    type Line<'a> = (&'a str, usize, f32);

    /// A page of lines, top to bottom.
    fn page_of(lines: &[Line]) -> PageLayout {
        let lines = lines
            .iter()
            .enumerate()
            .map(|(i, (start, chars, width))| {
                let mut text = start.to_string();
                while text.chars().count() < *chars {
                    text.push_str(" chữ");
                }
                let text: String = text.chars().take(*chars).collect();
                TextLine {
                    page: 2,
                    text,
                    bbox: Rect {
                        x0: 85.0,
                        y0: 60.0 + 20.0 * i as f32,
                        x1: 85.0 + width,
                        y1: 78.0 + 20.0 * i as f32,
                    },
                    conf: 0.9,
                }
            })
            .collect();
        PageLayout {
            page: 2,
            width_pt: 595.0,
            height_pt: 842.0,
            lines,
        }
    }

    #[test]
    fn footnotes_are_the_small_print_at_a_pages_foot() {
        // Body: 13-14 pt, ~78 characters over the 460 pt text width;
        // notes: 10-11 pt, ~110 over the same width.
        let body = [
            ("6. Tăng cường", 78, 460.0),
            ("cơ sở", 80, 462.0),
            ("công", 78, 460.0),
            ("đầu", 79, 461.0),
        ];
        let end = ("tác kiểm soát.", 20, 115.0);
        let note = ("1 Bảo đảm", 110, 455.0);
        let note_end = ("phòng, chống ma túy đến năm 2030", 32, 141.0);
        let recipients = ("Nơi nhận:", 9, 50.0);
        let cases: Vec<(Vec<Line>, usize)> = vec![
            (body.iter().copied().chain([note, note_end]).collect(), 2),
            (
                body.iter()
                    .copied()
                    .chain([note, note_end, ("3", 1, 6.0)])
                    .collect(),
                3,
            ),
            (body.iter().copied().chain([end]).collect(), 0),
            // The last page's foot in small print is its recipients.
            (body.iter().copied().chain([recipients, note]).collect(), 0),
            // Too few full lines to know the body's size.
            (vec![body[0], note, note_end], 0),
        ];
        for (lines, want) in cases {
            let texts: Vec<&str> = lines.iter().map(|l| l.0).collect();
            assert_eq!(footnotes(&page_of(&lines)), want, "{texts:?}");
        }
        assert_eq!(footnotes(&from_plain_text("một\nhai")), 0);
    }
}
