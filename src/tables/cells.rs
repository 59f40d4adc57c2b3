//! Reading a grid's cells: an image, its binary and a [`Grid`] found on it
//! in, each cell's text and confidence out (through any [`Recognizer`]);
//! and the [`PageTable`] a grid with its texts makes.

use image::GrayImage;

use crate::geometry::Rect;
use crate::layout;
use crate::ocr::{Recognizer, SegMode, Word};
use crate::tables::{self, numerals, Binary, CellText, Grid, PageTable};

/// What a header cell's text says of its column. Column roles are the
/// records stage's knowledge: the caller of [`read_cells`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnHead {
    /// No column role is read in the text.
    Unnamed,
    /// The row-number column ("STT", "TT").
    Number,
    /// A column only task tables have (lead units, deadline).
    Tasks,
    /// Any other column role.
    Other,
}

/// The label of a row whose number cell holds glyphs OCR could not read.
pub const UNREAD_LABEL: &str = "?";

impl PageTable {
    /// The table of page `page` that `grid` draws, its cells holding
    /// `texts` (text, confidence) in the grid's cell order. `place` maps a
    /// box of the grid to the page's pixels; boxes are then scaled by
    /// `to_pt` into points (the column boundaries only scaled).
    pub fn from_grid(
        page: usize,
        grid: &Grid,
        texts: Vec<(String, f32)>,
        place: &dyn Fn(&Rect) -> Rect,
        to_pt: f32,
    ) -> PageTable {
        PageTable {
            page,
            bbox: place(&grid.bbox).scale(to_pt),
            n_rows: grid.ys.len() - 1,
            n_cols: grid.xs.len() - 1,
            xs: grid.xs.iter().map(|x| x * to_pt).collect(),
            cells: grid
                .cells
                .iter()
                .zip(texts)
                .map(|(c, (text, conf))| CellText {
                    row: c.row,
                    col: c.col,
                    row_span: c.row_span,
                    col_span: c.col_span,
                    rect: place(&c.rect).scale(to_pt),
                    text,
                    conf,
                    raw: None,
                })
                .collect(),
        }
    }
}

/// A text-layer cell's text and confidence from the words inside it (`rect`
/// in points): no pixels to judge unsure words by, so their shape does.
pub fn text_layer_cell(words: &[Word], rect: &Rect) -> (String, f32) {
    laid_out(words, rect.width() - 4.0, &|w| word_like(&w.text))
}

/// Pages (or tables) read with a mean word confidence below this are
/// degraded scans: their doubted cells are read twice, their text is
/// repaired as a degraded scan. The fixtures' fax pages read 0.89–0.94,
/// their clean 300 dpi scans 0.943–0.957; the noisy, JPEG and rules-only
/// variants have pages on both sides.
pub const DEGRADED_PAGE: f32 = 0.94;

/// A cell with fewer ink pixels than this is empty (specks, rule ends).
const MIN_CELL_INK: usize = 40;

/// Mean confidence of texts read with the given confidences, each weighted
/// by its characters (whitespace aside); `None` when nothing was read.
pub fn weighted_confidence<'a>(read: impl Iterator<Item = (&'a str, f32)>) -> Option<f32> {
    let (mut sum, mut n) = (0.0f64, 0usize);
    for (text, conf) in read {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        sum += conf as f64 * chars as f64;
        n += chars;
    }
    (n > 0).then(|| (sum / n as f64) as f32)
}

/// Read every non-empty cell of a grid on its own. The header row goes
/// first: it says which column holds row labels, so those cells are read
/// once, as labels (digits and Roman numerals), and the rest as text.
/// With `task_header`, a grid whose header names no lead units or
/// deadline is not read further (`None`).
pub fn read_cells<R: Recognizer>(
    engine: &mut R,
    image: &mut GrayImage,
    binary: &Binary,
    grid: &Grid,
    dpi: u32,
    task_header: bool,
    heading: &dyn Fn(&str) -> ColumnHead,
) -> Result<Option<Vec<(String, f32)>>, String> {
    let interiors: Vec<Rect> = grid
        .cells
        .iter()
        .map(|c| tables::cell_interior(&c.rect, dpi))
        .collect();
    let (header, body): (Vec<usize>, Vec<usize>) = (0..grid.cells.len())
        .filter(|&i| binary.ink_in(&interiors[i]) >= MIN_CELL_INK)
        .partition(|&i| grid.cells[i].row == 0);
    let mut cells = CellReader {
        engine,
        image,
        binary,
        dpi,
        texts: vec![(String::new(), 1.0f32); grid.cells.len()],
        interiors,
    };
    cells.read_header(&header, heading)?;
    let roles: Vec<ColumnHead> = header.iter().map(|&i| heading(&cells.texts[i].0)).collect();
    if task_header && !roles.contains(&ColumnHead::Tasks) {
        return Ok(None);
    }
    // A table continued from the page before may repeat no header: its
    // first row is a body row, and a narrow first column holds its labels.
    let has_header = names_columns(&roles);
    let number_col = number_column(grid, &header, &roles);
    // A first row's number cell that its reading as a header gave nothing
    // for is a label too: a continued table's first body row can name
    // columns by its words ("kết quả", "Sở …") and pass for a header, and
    // a label over a tall cell read as a block gives nothing.
    let is_label = |i: &usize| {
        let c = &grid.cells[*i];
        let first = !has_header || unread_label(&cells.texts[*i]);
        Some(c.col) == number_col && c.col_span == 1 && (c.row > 0 || first)
    };
    let (labels, rest): (Vec<usize>, Vec<usize>) = body.into_iter().partition(is_label);
    let labels: Vec<usize> = labels
        .into_iter()
        .chain(header.iter().copied().filter(is_label))
        .collect();
    for &i in &labels {
        cells.texts[i] = (String::new(), 1.0);
    }
    let words = cells.read_body(&rest)?;
    cells.read_doubtful_again(&rest, &words)?;
    cells.read_side_by_side_again(&rest, &words)?;
    cells.read_labels(&labels)?;
    Ok(Some(cells.texts))
}

/// The column of row labels: the one headed "STT", or a narrow first
/// column whose header is unread ("Số" for "Số TT") or absent. `roles` are
/// what the `header` cells name.
fn number_column(grid: &Grid, header: &[usize], roles: &[ColumnHead]) -> Option<usize> {
    let heads = || header.iter().zip(roles);
    heads()
        .find(|(_, r)| **r == ColumnHead::Number)
        .map(|(&i, _)| grid.cells[i].col)
        .or_else(|| {
            let (xs, n) = (&grid.xs, grid.xs.len() - 1);
            let unnamed =
                !heads().any(|(&i, r)| grid.cells[i].col == 0 && *r != ColumnHead::Unnamed);
            let narrow = xs[1] - xs[0] < tables::LABEL_COLUMN * (xs[n] - xs[0]);
            (n > 1 && unnamed && narrow).then_some(0)
        })
}

/// A grid's cells while [`read_cells`] reads them: the page, the cells'
/// interiors and the texts read so far, one method per reading.
struct CellReader<'a, R: Recognizer> {
    engine: &'a mut R,
    image: &'a mut GrayImage,
    binary: &'a Binary,
    dpi: u32,
    interiors: Vec<Rect>,
    texts: Vec<(String, f32)>,
}

impl<R: Recognizer> CellReader<'_, R> {
    fn regions(&self, cells: &[usize]) -> Vec<Rect> {
        cells.iter().map(|&i| self.interiors[i]).collect()
    }

    /// Cell `i`'s text from words read in it.
    fn text_of(&self, words: &[Word], i: usize) -> (String, f32) {
        let (binary, interior) = (self.binary, &self.interiors[i]);
        let w: Vec<Word> = words
            .iter()
            .filter(|w| !hollow(binary, w, interior))
            .cloned()
            .collect();
        let w = numerals::mend_quarters(&w, binary, interior);
        cell_text(&w, interior.width(), &|w| drawn_word(binary, self.dpi, w))
    }

    /// Read `cells` of the page: their texts set, their words returned.
    fn read(&mut self, cells: &[usize], mode: SegMode) -> Result<Vec<Vec<Word>>, String> {
        let regions = self.regions(cells);
        let words = self
            .engine
            .recognize_regions(self.image, self.dpi, &regions, mode)?;
        for (&i, w) in cells.iter().zip(&words) {
            self.texts[i] = self.text_of(w, i);
        }
        Ok(words)
    }

    /// The header row. A header's cells name columns from a closed list:
    /// one of a header that names others but itself nothing was misread
    /// (specks by a two-line "Ghi / chú" on a B/W scan), and is read again
    /// as a doubtful body cell is; kept when it then names a column.
    fn read_header(
        &mut self,
        header: &[usize],
        heading: &dyn Fn(&str) -> ColumnHead,
    ) -> Result<(), String> {
        self.read(header, SegMode::Block)?;
        let (unnamed, named): (Vec<usize>, Vec<usize>) = header
            .iter()
            .partition(|&&i| heading(&self.texts[i].0) == ColumnHead::Unnamed);
        if named.is_empty() || unnamed.is_empty() {
            return Ok(());
        }
        let regions = self.regions(&unnamed);
        let again = to_read_again(self.image, self.binary, &regions, self.dpi, true);
        let words = self
            .engine
            .recognize_regions(&again, self.dpi, &regions, SegMode::Block)?;
        for (&i, w) in unnamed.iter().zip(&words) {
            let t = self.text_of(w, i);
            if heading(&t.0) != ColumnHead::Unnamed {
                self.texts[i] = t;
            }
        }
        Ok(())
    }

    /// The body cells `rest` (labels aside), their words returned. Printed
    /// words the engine passed over (a short last line of a cell, "Quy chế
    /// phối" / "hợp") are read from their glyphs and joined to the cell's
    /// words: nothing printed in a cell is dropped unread.
    fn read_body(&mut self, rest: &[usize]) -> Result<Vec<Vec<Word>>, String> {
        let mut words = self.read(rest, SegMode::Block)?;
        let unread: Vec<(usize, Rect)> = (0..rest.len())
            .flat_map(|k| {
                unread_ink(self.binary, &self.interiors[rest[k]], &words[k], self.dpi)
                    .into_iter()
                    .map(move |r| (k, r))
            })
            .collect();
        if unread.is_empty() {
            return Ok(words);
        }
        let boxes: Vec<Rect> = unread.iter().map(|u| u.1).collect();
        let found = self
            .engine
            .recognize_regions(self.image, self.dpi, &boxes, SegMode::Line)?;
        for ((k, _), ws) in unread.iter().zip(found) {
            let line = words[*k].iter().map(|w| w.line).max().map_or(0, |l| l + 1);
            // Noise read as text is unsure (as on a page of text).
            let sure = ws.into_iter().filter(|w| w.conf >= crate::missed::MIN_CONF);
            words[*k].extend(sure.map(|w| Word { line, ..w }));
        }
        // Each cell's text once, with all its lines read again.
        let mut touched: Vec<usize> = unread.iter().map(|u| u.0).collect();
        touched.dedup();
        for k in touched {
            self.texts[rest[k]] = self.text_of(&words[k], rest[k]);
        }
        Ok(words)
    }

    /// A degraded scan's strokes are broken and stair-stepped, and the
    /// engine misreads, drops or invents words where it doubts; on any scan
    /// a rule that strays into a cell is read with the text beside it as one
    /// tall letter ("2027" and the rule as "ự"). Such a cell is read again
    /// without the rule's remnants (from a lightly blurred page when the
    /// table reads as degraded, which joins broken strokes), and the
    /// reading with more confidence is kept.
    fn read_doubtful_again(&mut self, rest: &[usize], words: &[Vec<Word>]) -> Result<(), String> {
        let degraded = confidence(words.iter().flatten()) < Some(DEGRADED_PAGE);
        let doubtful: Vec<usize> = (0..rest.len())
            .filter(|&k| doubted(&words[k], degraded))
            .collect();
        if doubtful.is_empty() {
            return Ok(());
        }
        let cells: Vec<usize> = doubtful.iter().map(|&k| rest[k]).collect();
        let regions = self.regions(&cells);
        let again = to_read_again(self.image, self.binary, &regions, self.dpi, degraded);
        let read_again =
            self.engine
                .recognize_regions(&again, self.dpi, &regions, SegMode::Block)?;
        for (&k, w) in doubtful.iter().zip(read_again) {
            if confidence(w.iter()) > confidence(words[k].iter()) {
                self.texts[rest[k]] = self.text_of(&w, rest[k]);
            }
        }
        Ok(())
    }

    /// A cell whose printed lines the engine set side by side (tall marks
    /// over a JPEG's or a fax's blurred letters) is read again a printed
    /// line at a time, and the reading with more confidence kept.
    fn read_side_by_side_again(
        &mut self,
        rest: &[usize],
        words: &[Vec<Word>],
    ) -> Result<(), String> {
        let side = (0..rest.len()).filter(|&k| lines_side_by_side(&words[k]));
        for k in side {
            let i = rest[k];
            let boxes = line_boxes(&words[k], &self.interiors[i], self.dpi);
            let lines =
                self.engine
                    .recognize_regions(self.image, self.dpi, &boxes, SegMode::Line)?;
            let by_line: Vec<Word> = lines
                .into_iter()
                .enumerate()
                .flat_map(|(n, ws)| {
                    ws.into_iter().map(move |w| Word {
                        line: n as u32,
                        ..w
                    })
                })
                .collect();
            if confidence(by_line.iter()) > confidence(words[k].iter()) {
                self.texts[i] = self.text_of(&by_line, i);
            }
        }
        Ok(())
    }

    /// The row labels. They are read without the specks around them
    /// (anything under a glyph's height): a speck beside "II" is what turns
    /// it into "Il." or "1I", and dust in an empty cell into a label. The
    /// specks are whitened on the page itself: label cells are read once.
    fn read_labels(&mut self, labels: &[usize]) -> Result<(), String> {
        let mut glyphs = Vec::with_capacity(labels.len());
        let mut label_cells = Vec::with_capacity(labels.len());
        let glyph_px = MIN_GLYPH_PT * self.dpi as f32 / 72.0;
        for &i in labels {
            let (specks, g) = tables::label_glyphs(self.binary, &self.interiors[i], glyph_px);
            for (x, y) in specks {
                self.image.put_pixel(x as u32, y as u32, image::Luma([255]));
            }
            if !g.is_empty() {
                label_cells.push(i);
                glyphs.push(g);
            }
        }
        self.read(&label_cells, SegMode::Label)?;
        // A label the whole cell gave nothing for is read again as one line
        // from around its glyphs: over a cell taller than a line and edged by
        // rules the engine often finds no line at all.
        let (again, around): (Vec<usize>, Vec<Rect>) = label_cells
            .iter()
            .zip(&glyphs)
            .filter(|(i, _)| unread_label(&self.texts[**i]))
            .map(|(&i, g)| (i, around_glyphs(g, &self.interiors[i])))
            .unzip();
        let words = self
            .engine
            .recognize_regions(self.image, self.dpi, &around, SegMode::Label)?;
        for (&i, w) in again.iter().zip(&words) {
            let t = self.text_of(w, i);
            if !unread_label(&t) {
                self.texts[i] = t;
            }
        }
        for (&i, g) in label_cells.iter().zip(&glyphs) {
            self.texts[i] = counted_label(&self.texts[i], g);
        }
        Ok(())
    }
}

/// A label's reading given its glyphs. Glyphs the engine cannot read (or
/// reads with almost no confidence) still say the row has a label. A lone
/// "I" or "III" is the hardest thing to OCR; when the reading is unread or
/// Roman-like and every glyph is an upright stroke, the strokes are counted
/// instead.
fn counted_label(read: &(String, f32), glyphs: &[Rect]) -> (String, f32) {
    let mut text = if unread_label(read) {
        (UNREAD_LABEL.to_string(), 0.0)
    } else {
        read.clone()
    };
    let romanish = text
        .0
        .chars()
        .all(|c| matches!(c, 'I' | 'l' | 'L' | '|' | 'H' | '.' | '?'));
    let strokes = glyphs.iter().all(|r| r.width() * 2.0 <= r.height());
    if romanish && strokes && (1..=3).contains(&glyphs.len()) {
        text.0 = "I".repeat(glyphs.len());
    }
    text
}

/// Mean confidence of words, weighted by their characters.
fn confidence<'w>(words: impl Iterator<Item = &'w Word>) -> Option<f32> {
    weighted_confidence(words.map(|w| (w.text.as_str(), w.conf)))
}

/// Lines of glyphs in a cell's `interior` that no word the engine read
/// covers, each as the box to read it from (its glyphs with half their
/// height of margin). A line is glyphs of a line's height (at least
/// `MIN_GLYPH_PT`, at most twice the cell's tallest word), clear of the
/// cell's sides where rule remnants stand, overlapping in height; it
/// counts when it holds two glyphs or more, or one as wide as it is tall
/// (a speck or a stray mark is not a word), and lies off the lines read.
fn unread_ink(binary: &Binary, interior: &Rect, words: &[Word], dpi: u32) -> Vec<Rect> {
    let tallest = words.iter().map(|w| w.bbox.height()).fold(0.0, f32::max);
    if words.is_empty() || tallest <= 0.0 {
        return Vec::new();
    }
    let min_h = MIN_GLYPH_PT * dpi as f32 / 72.0;
    let clear = |c: &Rect| c.x0 > interior.x0 + 1.0 && c.x1 < interior.x1 - 1.0;
    // A glyph whose middle lies in a word's box is that word's.
    let covered = |c: &Rect| {
        let (x, y) = (c.center_x(), c.center_y());
        words
            .iter()
            .any(|w| x >= w.bbox.x0 && x <= w.bbox.x1 && y >= w.bbox.y0 && y <= w.bbox.y1)
    };
    let mut glyphs: Vec<Rect> = tables::components(binary, interior, 0)
        .into_iter()
        .map(|c| c.0)
        .filter(|c| c.height() >= min_h && c.height() <= 2.0 * tallest && clear(c) && !covered(c))
        .collect();
    glyphs.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut lines: Vec<(Rect, usize)> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some((l, n)) if g.y0 < l.y1 && g.y1 > l.y0 => {
                *l = l.union(&g);
                *n += 1;
            }
            _ => lines.push((g, 1)),
        }
    }
    // A line the engine read some of is its line: its reading stands (a
    // fax's glyphs stray out of their words' boxes).
    let on_read_line = |l: &Rect| {
        words.iter().any(|w| {
            let overlap = l.y1.min(w.bbox.y1) - l.y0.max(w.bbox.y0);
            overlap > 0.3 * l.height().min(w.bbox.height())
        })
    };
    lines
        .into_iter()
        .filter(|(l, n)| (*n >= 2 || l.width() >= l.height()) && !on_read_line(l))
        .map(|(l, _)| around_glyphs(&[l], interior))
        .collect()
}

/// A label's reading that says nothing: no text, or text read with
/// almost no confidence.
fn unread_label((text, conf): &(String, f32)) -> bool {
    text.trim().is_empty() || *conf < NOISE_CONFIDENCE
}

/// The region a label is read from: its glyphs with a margin of half their
/// height around them (the white the engine expects around a line of
/// text), inside the cell.
fn around_glyphs(glyphs: &[Rect], interior: &Rect) -> Rect {
    let Some(u) = glyphs.iter().copied().reduce(|a, b| a.union(&b)) else {
        return *interior;
    };
    let m = LABEL_MARGIN * u.height();
    Rect {
        x0: (u.x0 - m).max(interior.x0),
        y0: (u.y0 - m).max(interior.y0),
        x1: (u.x1 + m).min(interior.x1),
        y1: (u.y1 + m).min(interior.y1),
    }
}

/// Margin around a label's glyphs, in glyph heights.
const LABEL_MARGIN: f32 = 0.5;

/// A copy of the page for cells read again: the remnants of rules inside
/// `cells` whitened, and lightly blurred when `degraded` (which joins a
/// degraded scan's broken strokes). A copy: whitening the page itself
/// changes how the engine reads the other cells of a JPEG scan.
fn to_read_again(
    image: &GrayImage,
    binary: &Binary,
    cells: &[Rect],
    dpi: u32,
    degraded: bool,
) -> GrayImage {
    let mut again = image.clone();
    let pt = |v: f32| (v * dpi as f32 / 72.0).ceil() as usize;
    for r in cells {
        for (x, y) in tables::rule_remnants(binary, r, pt(1.0), pt(REMNANT_RUN_PT)) {
            again.put_pixel(x as u32, y as u32, image::Luma([255]));
        }
    }
    if degraded {
        again = image::imageops::blur(&again, REREAD_BLUR * dpi as f32 / 300.0);
    }
    again
}

/// Whether a first row whose cells name `roles` is a header: it names the
/// number or a task column, or two columns at least. One body cell may
/// hold a column's words ("kết quả", "nội dung").
fn names_columns(roles: &[ColumnHead]) -> bool {
    let named = |h: ColumnHead| roles.iter().filter(|&&r| r == h).count();
    named(ColumnHead::Number) + named(ColumnHead::Tasks) > 0 || named(ColumnHead::Other) > 1
}

/// A cell's text and mean confidence. A line the next one's first word
/// could not follow on wrapped, so the next joins it with a space; a line
/// that stopped short of room for it was ended by the writer, so the next
/// starts on a new line (`\n`, see `wrapped`). A word read
/// with almost no confidence is kept only when `unsure_text` says it is
/// text.
pub fn cell_text(words: &[Word], width: f32, unsure_text: &dyn Fn(&Word) -> bool) -> (String, f32) {
    let (text, conf) = laid_out(words, width, unsure_text);
    (crate::text::mend_marks(&text), conf)
}

/// [`cell_text`] before the marks specks put in are taken out: a text
/// layer's cell, whose words are the document's own ("Tư pháp -" ending a
/// cell a page break cuts, "Kinh tế - hạ tầng").
fn laid_out(words: &[Word], width: f32, unsure_text: &dyn Fn(&Word) -> bool) -> (String, f32) {
    // What the engine makes of specks, rule remnants and JPEG noise: a
    // cell of nothing but unsure words, words read with almost no
    // confidence that do not look like words, words with no vowel
    // (`text::vowelless`), and marks alone that are
    // unsure or not the ones running text has; then the marks glued to
    // words (`text::unglue_marks`; `text::mend_marks` in `cell_text`).
    if !words.iter().any(|w| w.conf >= UNSURE_CELL) {
        return (String::new(), 1.0);
    }
    let words: Vec<Word> = words
        .iter()
        .enumerate()
        .filter(|&(k, w)| {
            (w.conf >= NOISE_CONFIDENCE || unsure_text(w) || flanked_glyph(words, k))
                && !crate::text::vowelless(&w.text)
        })
        .map(|(_, w)| w)
        .filter(|w| {
            w.text.contains(crate::text::word_char)
                || (w.conf >= MARKS_CONFIDENCE && LONE_MARKS.contains(&w.text.as_str()))
        })
        .map(|w| Word {
            text: crate::text::unglue_marks(&w.text).to_string(),
            ..w.clone()
        })
        .collect();
    let l = layout::from_ocr(0, &printed_lines(words), 72, 0.0, 0.0);
    let mut text = String::new();
    let mut prev: Option<&layout::TextLine> = None;
    for line in &l.lines {
        if let Some(p) = prev {
            let bullet = line.text.starts_with(['-', '+', '•']);
            text.push(if wrapped(p, line, width) && !bullet {
                ' '
            } else {
                '\n'
            });
        }
        text.push_str(&line.text);
        prev = Some(line);
    }
    (text, l.mean_confidence().unwrap_or(1.0))
}

/// Whether word `k` of a cell is one letter or digit between two words of
/// its line the engine is sure of, as tall as half the lower of them
/// ("Quý I năm", the thin "I" doubted): a rule's remnant or a speck lies
/// at a cell's edge or is no glyph's height, not inside a line of text.
fn flanked_glyph(words: &[Word], k: usize) -> bool {
    let w = &words[k];
    let mut chars = w.text.chars();
    if !(chars.next().is_some_and(char::is_alphanumeric) && chars.next().is_none()) {
        return false;
    }
    let side = |o: Option<&Word>| {
        o.filter(|o| o.line == w.line && o.conf >= UNSURE_CELL)
            .map(|o| o.bbox.height())
    };
    let (Some(left), Some(right)) = (
        side(k.checked_sub(1).and_then(|i| words.get(i))),
        side(words.get(k + 1)),
    ) else {
        return false;
    };
    w.bbox.height() >= 0.5 * left.min(right)
}

/// A cell's words with the engine's lines that are one printed line
/// joined. Tall marks ("ế", "ố") and a letter split off a word lead the
/// engine to set the words of one line on lines of their own, side by
/// side at one height ("Quy c", "hế p", "ế phối" for "Quy chế phối"),
/// and to order those lines as it likes; a mark it read twice stands
/// alone over its letter ("ế" over "hế"). Lines that overlap by half the
/// shorter one's height, no word over another's but such a mark, are one
/// line, read left to right, the marks dropped; lines go top to bottom.
fn printed_lines(words: Vec<Word>) -> Vec<Word> {
    let mut lines: Vec<(f32, f32, Vec<Word>)> = Vec::new();
    for ws in engine_lines(words) {
        let (y0, y1) = extent(&ws);
        let same = lines.iter_mut().find(|(a, b, other)| {
            let overlap = y1.min(*b) - y0.max(*a);
            overlap >= 0.5 * (y1 - y0).min(*b - *a)
                && ws.iter().all(|w| {
                    other.iter().all(|o| {
                        x_overlap(w, o) <= 1.0 || lone_mark_over(w, o) || lone_mark_over(o, w)
                    })
                })
        });
        match same {
            Some((a, b, other)) => {
                *a = a.min(y0);
                *b = b.max(y1);
                other.extend(ws);
            }
            None => lines.push((y0, y1, ws)),
        }
    }
    lines.sort_by(|p, q| (p.0 + p.1).total_cmp(&(q.0 + q.1)));
    let marks: Vec<bool> = (0..lines.len())
        .map(|k| {
            let below = lines.get(k + 1).map_or(&[][..], |l| &l.2[..]);
            lines[k]
                .2
                .iter()
                .all(|w| below.iter().any(|u| marks_read_over(w, u)))
        })
        .collect();
    let lines = lines
        .into_iter()
        .zip(marks)
        .filter(|(_, m)| !m)
        .map(|(l, _)| l);
    let mut out = Vec::new();
    for (n, (_, _, ws)) in lines.enumerate() {
        let mut kept: Vec<Word> = ws
            .iter()
            .filter(|w| !ws.iter().any(|o| lone_mark_over(w, o)))
            .cloned()
            .collect();
        kept.sort_by(|p, q| p.bbox.x0.total_cmp(&q.bbox.x0));
        out.extend(kept.into_iter().map(|w| Word {
            line: n as u32,
            ..w
        }));
    }
    out
}

/// The engine's lines of `words`, in its order.
fn engine_lines(words: Vec<Word>) -> Vec<Vec<Word>> {
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(l) if l[0].line == w.line => l.push(w),
            _ => lines.push(vec![w]),
        }
    }
    lines
}

/// Top and bottom of `words`.
fn extent(words: &[Word]) -> (f32, f32) {
    words.iter().fold((f32::MAX, f32::MIN), |(a, b), w| {
        (a.min(w.bbox.y0), b.max(w.bbox.y1))
    })
}

fn x_overlap(a: &Word, b: &Word) -> f32 {
    a.bbox.x1.min(b.bbox.x1) - a.bbox.x0.max(b.bbox.x0)
}

/// Whether `w` is one letter read from the marks over the word `under`:
/// over it, and ending above its middle.
fn lone_mark_over(w: &Word, under: &Word) -> bool {
    w.text.chars().count() == 1
        && under.text.chars().count() > 1
        && x_overlap(w, under) > 0.0
        && w.bbox.y1 <= under.bbox.center_y()
}

/// Whether `w` is the tone and vowel marks of the word `under` read as a
/// word of their own ("⁄4 Z" over "quyết toán", "Lên" over "cải"): the
/// engine sets a stacked mark ("ế", "ả") apart when line spacing leaves
/// room over it. Such a reading is unsure, lower than the word, over its
/// letters, and ends on or just over its top, above its middle; a printed
/// word of the line above ends a line gap higher.
fn marks_read_over(w: &Word, under: &Word) -> bool {
    let h = under.bbox.height();
    w.conf < MARKS_DOUBT
        && w.bbox.height() <= MARKS_HEIGHT * h
        && x_overlap(w, under) >= 0.5 * w.bbox.width()
        && w.bbox.y1 >= under.bbox.y0 - MARKS_GAP * h
        && w.bbox.y1 <= under.bbox.center_y()
}

/// The boxes of a cell's printed lines ([`printed_lines`] of `words`),
/// each as wide as the cell's `interior` and a little taller than its
/// words, clipped to the interior.
fn line_boxes(words: &[Word], interior: &Rect, dpi: u32) -> Vec<Rect> {
    let pad = 2.0 * dpi as f32 / 72.0;
    let mut spans: Vec<(f32, f32)> = Vec::new();
    for l in engine_lines(printed_lines(words.to_vec())) {
        let (y0, y1) = extent(&l);
        // A line read twice, one reading over the other (a rule's
        // remnant read with the letters under it), is one line to read.
        match spans.last_mut() {
            Some((a, b)) if b.min(y1) - a.max(y0) >= 0.5 * (y1 - y0).min(*b - *a) => {
                *a = a.min(y0);
                *b = b.max(y1);
            }
            _ => spans.push((y0, y1)),
        }
    }
    spans
        .into_iter()
        .map(|(y0, y1)| Rect {
            x0: interior.x0,
            y0: (y0 - pad).max(interior.y0),
            x1: interior.x1,
            y1: (y1 + pad).min(interior.y1),
        })
        .collect()
}

/// Whether the engine set words of one printed line on lines of their
/// own ([`printed_lines`] joins some): its reading of the cell is
/// doubtful.
fn lines_side_by_side(words: &[Word]) -> bool {
    let lines = |ws: Vec<Word>| engine_lines(ws).len();
    lines(printed_lines(words.to_vec())) < lines(words.to_vec())
}

/// Whether `next` carries on `prev` as the same paragraph, wrapped: its
/// first word would not have fitted after `prev` within the cell's width.
/// A line that ended short while that word had room was ended by the
/// writer. Widths come from the lines' boxes (whatever the alignment), a
/// character's width being its line's average; `FIT_MARGIN` such
/// characters allow for the cell's padding, which `width` still holds.
fn wrapped(prev: &layout::TextLine, next: &layout::TextLine, width: f32) -> bool {
    let chars = next.text.chars().count().max(1) as f32;
    let char_w = next.bbox.width() / chars;
    let first = next.text.split_whitespace().next().unwrap_or("");
    let needed = 0.5 * char_w + first.chars().count() as f32 * char_w;
    prev.bbox.width() + needed > width - FIT_MARGIN * char_w
}

/// Characters of slack when deciding whether a word would have fitted on
/// the line above (see `wrapped`).
const FIT_MARGIN: f32 = 2.0;

/// Whether a cell's reading is doubted: a word drawn taller than twice
/// its cell's middle word (a rule or the next line read into it), or on a
/// degraded scan a word read with little confidence.
fn doubted(words: &[Word], degraded: bool) -> bool {
    let heights = words.iter().map(|w| w.bbox.height()).collect();
    let tall = tables::median(heights).map_or(f32::INFINITY, |h| TALL_WORD * h);
    words.iter().any(|w| {
        w.text.contains(char::is_alphanumeric)
            && ((degraded && w.conf < DOUBTED_WORD) || w.bbox.height() > tall)
    })
}

/// A word more than this many times as tall as its cell's middle word
/// was read across lines or with a rule.
const TALL_WORD: f32 = 2.0;

/// Ink along a cell's side running on this far (points) is a rule's: the
/// tallest glyphs of 13 pt text, brackets, are under 14 pt.
const REMNANT_RUN_PT: f32 = 16.0;

/// A word read with less confidence than this is doubted: its cell of a
/// degraded scan is read again.
const DOUBTED_WORD: f32 = 0.5;
/// Gaussian blur (pixels at 300 dpi) of the page a doubted cell is read
/// again from: enough to join a fax's broken strokes, not to merge letters.
const REREAD_BLUR: f32 = 0.9;

/// Marks that stand alone in running text: bullets, joins, an ellipsis.
const LONE_MARKS: [&str; 6] = ["-", "–", "+", "&", "...", "…"];

/// Whether an unsure reading still looks like a word ("nhân,", "TTHC;",
/// "766/QĐ-TTg") rather than what specks read as ("òC", "ẶằẶằ——", "l"):
/// three letters or digits at least, mostly letters and digits, and no
/// capital after a small letter.
pub fn word_like(s: &str) -> bool {
    let alnum = s.chars().filter(|c| c.is_alphanumeric()).count();
    alnum >= 3 && alnum * 5 >= s.chars().count() * 3 && !camel(s)
}

/// A capital right after a small letter ("òC", "aB"): specks, not a word.
fn camel(s: &str) -> bool {
    s.chars()
        .zip(s.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
}

/// Whether a scan's word read with almost no confidence is text: shaped
/// like a word (`word_like`, or a syllable of two letters or more: "Sở",
/// "Kế", which the engine doubts where a speck touches them) and drawn
/// like one: as tall as a glyph and inked like letters, where what specks
/// and rule remnants read as is a dot-thin line or a sparse scatter.
fn drawn_word(binary: &tables::Binary, dpi: u32, w: &Word) -> bool {
    let letters = w.text.trim_matches(|c: char| !c.is_alphanumeric());
    let syllable =
        letters.chars().count() >= 2 && letters.chars().all(char::is_alphabetic) && !camel(letters);
    let area = w.bbox.width() * w.bbox.height();
    let tall = w.bbox.height() >= MIN_GLYPH_PT * dpi as f32 / 72.0;
    let inked = area > 0.0 && binary.ink_in(&w.bbox) as f32 >= MIN_WORD_INK * area;
    (syllable || word_like(&w.text)) && tall && inked
}

/// Whether a word the engine doubts is the rules around its cell: read
/// from a rule's remnants ("man" across an empty cell of a JPEG scan), its
/// box spans the cell's interior from top to bottom and holds a stroke
/// or two, where letters ink a fifth of theirs.
fn hollow(binary: &tables::Binary, w: &Word, interior: &Rect) -> bool {
    let area = w.bbox.width() * w.bbox.height();
    w.conf < DOUBTED_WORD
        && area > 0.0
        && w.bbox.height() >= CELL_TALL * interior.height()
        && (binary.ink_in(&w.bbox) as f32) < MIN_WORD_INK * area
}

/// A word this share of its cell's height high or more spans the cell.
const CELL_TALL: f32 = 0.9;

/// Glyphs are at least this high (points); a 9 pt digit's is 6.
const MIN_GLYPH_PT: f32 = 4.0;
/// Share of a word's box that letters ink (clean text 0.2–0.4; specks read
/// as a word leave under 0.1).
const MIN_WORD_INK: f32 = 0.12;

/// Words read with less confidence than this are noise, not text.
const NOISE_CONFIDENCE: f32 = 0.2;
/// A cell none of whose words is read with this confidence is noise.
const UNSURE_CELL: f32 = 0.4;
/// Punctuation-only words ("ˆ", "..", "_") below this are specks.
const MARKS_CONFIDENCE: f32 = 0.6;
/// Marks read as a word ([`marks_read_over`]): below this confidence, at
/// most this part of the height of the word under them, ending at most
/// this part of its height over its top.
const MARKS_DOUBT: f32 = 0.9;
const MARKS_HEIGHT: f32 = 0.75;
const MARKS_GAP: f32 = 0.25;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_rows_that_are_headers_table() {
        use ColumnHead::{Number, Other, Tasks, Unnamed};
        let rows: [(&str, &[ColumnHead], bool); 6] = [
            ("STT, content, lead units", &[Number, Other, Tasks], true),
            (
                "an unread STT, then a deadline column",
                &[Unnamed, Other, Tasks],
                true,
            ),
            (
                "a header without task columns",
                &[Unnamed, Other, Other],
                true,
            ),
            (
                "a body row whose content says 'kết quả'",
                &[Unnamed, Other, Unnamed, Unnamed],
                false,
            ),
            (
                "a body row naming nothing",
                &[Unnamed, Unnamed, Unnamed],
                false,
            ),
            ("no cells", &[], false),
        ];
        for (what, roles, want) in rows {
            assert_eq!(names_columns(roles), want, "{what}");
        }
    }

    #[test]
    fn a_speck_read_as_a_modifier_letter_is_no_word_of_a_cell() {
        let word = |text: &str, x0: f32, conf: f32| Word {
            text: text.into(),
            bbox: Rect {
                x0,
                y0: 10.0,
                x1: x0 + 30.0,
                y1: 22.0,
            },
            conf,
            block: 1,
            para: 1,
            line: 0,
            chars: Vec::new(),
        };
        for speck in ["ˆ", "ˋ", "ʼ"] {
            let words = [
                word("kiểm", 10.0, 0.95),
                word("tra", 45.0, 0.95),
                word(speck, 80.0, 0.95),
            ];
            let (text, _) = cell_text(&words, 200.0, &|_| true);
            assert_eq!(text, "kiểm tra", "{speck}");
        }
    }

    /// Words as read: (text, x0, x1, y0, y1, confidence, engine line).
    type Read<'a> = (&'a str, f32, f32, f32, f32, f32, u32);

    fn read(cell: &[Read]) -> Vec<Word> {
        cell.iter()
            .map(|&(text, x0, x1, y0, y1, conf, line)| Word {
                text: text.into(),
                bbox: Rect { x0, y0, x1, y1 },
                conf,
                block: 1,
                para: 1,
                line,
                chars: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_doubted_glyph_between_sure_words_is_text() {
        let cases: [(&[Read], &str); 4] = [
            // The thin "I" of "Quý I năm" (DejaVu Serif, 300 dpi).
            (
                &[
                    ("Quý", 1747.0, 1840.0, 2139.0, 2189.0, 0.93, 0),
                    ("I", 1860.0, 1865.0, 2142.0, 2178.0, 0.17, 0),
                    ("năm", 1887.0, 1981.0, 2139.0, 2179.0, 0.97, 0),
                ],
                "Quý I năm",
            ),
            // At the end of its line: a rule's remnant as likely.
            (
                &[
                    ("Quý", 1747.0, 1840.0, 2139.0, 2189.0, 0.93, 0),
                    ("I", 1990.0, 1995.0, 2142.0, 2178.0, 0.17, 0),
                ],
                "Quý",
            ),
            // No glyph's height: a speck.
            (
                &[
                    ("Quý", 1747.0, 1840.0, 2139.0, 2189.0, 0.93, 0),
                    ("I", 1860.0, 1865.0, 2160.0, 2170.0, 0.17, 0),
                    ("năm", 1887.0, 1981.0, 2139.0, 2179.0, 0.97, 0),
                ],
                "Quý năm",
            ),
            // Two letters are a word, whose doubt is weighed as a word's.
            (
                &[
                    ("Quý", 1747.0, 1840.0, 2139.0, 2189.0, 0.93, 0),
                    ("TI", 1860.0, 1875.0, 2142.0, 2178.0, 0.17, 0),
                    ("năm", 1887.0, 1981.0, 2139.0, 2179.0, 0.97, 0),
                ],
                "Quý năm",
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(cell_text(&read(cell), 400.0, &|_| false).0, want);
        }
    }

    /// A 300 dpi page, 400 × 100 px, with ink where `inked` says.
    fn page(inked: impl Fn(usize, usize) -> bool) -> tables::Binary {
        let (w, h) = (400, 100);
        tables::Binary {
            w,
            h,
            ink: (0..w * h).map(|i| inked(i % w, i / w)).collect(),
        }
    }

    #[test]
    fn glyphs_no_read_word_covers_are_read_again_table() {
        // A cell (interior 2–398 × 2–98 at 72 dpi): a read line of glyphs
        // at y 10–30 under the word "Quy chế phối" (x 20–200), and what
        // else is inked → the boxes to read again.
        let read = Word {
            text: "Quy chế phối".into(),
            bbox: Rect {
                x0: 18.0,
                y0: 8.0,
                x1: 202.0,
                y1: 32.0,
            },
            conf: 0.97,
            block: 1,
            para: 1,
            line: 0,
            chars: Vec::new(),
        };
        fn glyph(x: usize, y: usize, x0: usize, y0: usize, w: usize, h: usize) -> bool {
            (x0..x0 + w).contains(&x) && (y0..y0 + h).contains(&y)
        }
        fn line(x: usize, y: usize) -> bool {
            (0..8).any(|k| glyph(x, y, 20 + 24 * k, 10, 14, 20))
        }
        let interior = Rect {
            x0: 2.0,
            y0: 2.0,
            x1: 398.0,
            y1: 98.0,
        };
        type Case = (&'static str, Box<dyn Fn(usize, usize) -> bool>, usize);
        let cases: Vec<Case> = vec![
            ("every glyph under a read word", Box::new(line), 0),
            (
                "a second line no word covers (\"hợp\")",
                Box::new(move |x, y| {
                    line(x, y) || glyph(x, y, 20, 50, 14, 20) || glyph(x, y, 38, 52, 14, 20)
                }),
                1,
            ),
            (
                "one glyph as wide as tall",
                Box::new(move |x, y| line(x, y) || glyph(x, y, 20, 50, 20, 18)),
                1,
            ),
            (
                "a lone narrow speck, dust under a glyph's height",
                Box::new(move |x, y| {
                    line(x, y) || glyph(x, y, 60, 50, 3, 6) || glyph(x, y, 90, 60, 3, 3)
                }),
                0,
            ),
            (
                "glyphs beside a read line, outside its words' boxes",
                Box::new(move |x, y| {
                    line(x, y) || glyph(x, y, 220, 12, 14, 20) || glyph(x, y, 240, 12, 14, 20)
                }),
                0,
            ),
            (
                "a rule's remnant along the cell's side",
                Box::new(move |x, y| line(x, y) || glyph(x, y, 2, 40, 2, 40)),
                0,
            ),
        ];
        for (what, inked, want) in cases {
            let boxes = unread_ink(&page(inked), &interior, std::slice::from_ref(&read), 72);
            assert_eq!(boxes.len(), want, "{what}");
            for b in boxes {
                assert!(
                    b.y0 >= 32.0 && b.y1 <= 98.0 && b.x0 <= 20.0,
                    "{what}: {b:?}"
                );
            }
        }
    }

    #[test]
    fn a_doubted_word_over_a_cell_of_rules_is_not_text_table() {
        // A cell framed by a rule down its left side and along its foot
        // (x 0–400, y 0–100), and letters inked in a block 100–300 × 30–70.
        let b = page(|x, y| {
            x < 3 || y > 96 || ((100..300).contains(&x) && (30..70).contains(&y) && x % 3 == 0)
        });
        let word = |x0, y0, x1, y1, conf| Word {
            text: "man".into(),
            bbox: Rect { x0, y0, x1, y1 },
            conf,
            block: 0,
            para: 0,
            line: 0,
            chars: Vec::new(),
        };
        for (what, w, want) in [
            (
                "doubted, over the whole cell",
                word(0.0, 0.0, 400.0, 100.0, 0.4),
                true,
            ),
            (
                "sure, over the whole cell",
                word(0.0, 0.0, 400.0, 100.0, 0.9),
                false,
            ),
            (
                "doubted, over the letters",
                word(100.0, 30.0, 300.0, 70.0, 0.4),
                false,
            ),
            // Thin letters of a line the engine doubts, inked a tenth of
            // their box: not as tall as the cell, so not its rules.
            (
                "doubted, a thin line of text",
                word(0.0, 10.0, 400.0, 80.0, 0.4),
                false,
            ),
        ] {
            let cell = Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 400.0,
                y1: 100.0,
            };
            assert_eq!(hollow(&b, &w, &cell), want, "{what}");
        }
    }

    #[test]
    fn a_label_is_read_from_around_its_glyphs_inside_its_cell() {
        let r = |x0, y0, x1, y1| Rect { x0, y0, x1, y1 };
        let cell = r(380.0, 1960.0, 470.0, 2900.0);
        // "IV": two glyphs 36 px high, a margin of 18 px, the cell's sides kept.
        let got = around_glyphs(
            &[
                r(408.0, 1984.0, 417.0, 2020.0),
                r(421.0, 1984.0, 452.0, 2020.0),
            ],
            &cell,
        );
        assert_eq!(got, r(390.0, 1966.0, 470.0, 2038.0));
        assert_eq!(around_glyphs(&[], &cell), cell);
    }

    #[test]
    fn a_line_break_is_a_wrap_only_when_the_next_word_had_no_room() {
        // Lines at 5 pt a character (so a line's box is 5 × its length),
        // in a cell 110 pt wide: 2 characters of margin leave 100 pt.
        let line = |text: &str| layout::TextLine {
            page: 1,
            text: text.into(),
            bbox: Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 5.0 * text.chars().count() as f32,
                y1: 10.0,
            },
            conf: 1.0,
        };
        for (prev, next, want) in [
            // "Quy" (17.5 pt with its space) did not fit after 95 pt.
            ("Quyết định ban hành", "Quy chế", true),
            ("Quyết định kiện toàn,", "phân công", true),
            // "Báo" had room after "Kế hoạch": the writer broke the line.
            ("Kế hoạch", "Báo cáo", false),
            ("100%", "TTHC được công khai", false),
            // A long first word wraps even after a short line.
            ("100%", "TTHCXXXXXXXXXXXXXXXXXXXX", true),
        ] {
            assert_eq!(
                wrapped(&line(prev), &line(next), 110.0),
                want,
                "{prev} / {next}"
            );
        }
    }

    #[test]
    fn words_of_one_printed_line_are_one_line_table() {
        // (text, x0, x1, y0, y1, engine line) of the words of a cell.
        type W = (&'static str, f32, f32, f32, f32, u32);
        let cases: [(&[W], &str, bool); 3] = [
            // "Quy chế phối / hợp" as a JPEG's tall marks left it: the
            // mark of "hế" read alone over it, three engine lines at one
            // height; read left to right, the lone mark dropped.
            (
                &[
                    ("ế", 1842.0, 1866.0, 1566.0, 1600.0, 0),
                    ("phối", 1904.0, 1967.0, 1584.0, 1628.0, 0),
                    ("hế", 1811.0, 1859.0, 1591.0, 1628.0, 1),
                    ("p", 1877.0, 1901.0, 1602.0, 1640.0, 1),
                    ("Quy", 1685.0, 1773.0, 1590.0, 1640.0, 2),
                    ("c", 1788.0, 1811.0, 1602.0, 1628.0, 2),
                    ("hợp", 1686.0, 1766.0, 1659.0, 1709.0, 3),
                ],
                "Quy c hế p phối\nhợp",
                true,
            ),
            // Two lines one above the other stay two.
            (
                &[
                    ("Báo", 10.0, 80.0, 10.0, 45.0, 0),
                    ("cáo", 90.0, 160.0, 10.0, 45.0, 0),
                    ("quý", 10.0, 80.0, 70.0, 105.0, 1),
                ],
                "Báo cáo\nquý",
                false,
            ),
            // A line read twice, one reading over the other, is no line
            // set beside another.
            (
                &[
                    ("Trưên", 363.0, 501.0, 1346.0, 1394.0, 0),
                    ("Tuyên", 363.0, 502.0, 1357.0, 1409.0, 1),
                ],
                "Trưên\nTuyên",
                false,
            ),
        ];
        for (cell, want, side) in cases {
            let words: Vec<Word> = cell
                .iter()
                .map(|&(text, x0, x1, y0, y1, line)| Word {
                    bbox: Rect { x0, y0, x1, y1 },
                    line,
                    conf: 0.9,
                    ..word(text, y0, y1)
                })
                .collect();
            let lines = engine_lines(printed_lines(words.clone()));
            let got: Vec<String> = lines
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            assert_eq!(got.join("\n"), want);
            assert_eq!(lines_side_by_side(&words), side, "{want}");
        }
    }

    #[test]
    fn marks_read_as_words_are_dropped() {
        // Words as read from 300 dpi scans.
        let cases: [(&[Read], &str); 4] = [
            // The marks of "quyết toán" read as a line of their own.
            (
                &[
                    ("toán,", 2664.0, 2758.0, 428.0, 469.0, 0.97, 0),
                    ("/4", 2575.0, 2602.0, 484.0, 512.0, 0.39, 1),
                    ("Z", 2666.0, 2677.0, 494.0, 503.0, 0.68, 1),
                    ("quyết", 2501.0, 2607.0, 499.0, 539.0, 0.97, 2),
                    ("toán", 2621.0, 2704.0, 499.0, 529.0, 0.97, 2),
                ],
                "toán,\nquyết toán",
            ),
            // The hook of "cải" and the acute of "cách" a little over them.
            (
                &[
                    ("Lên", 1081.0, 1108.0, 575.0, 584.0, 0.71, 0),
                    ("z", 1158.0, 1169.0, 575.0, 585.0, 0.69, 0),
                    ("về", 988.0, 1036.0, 587.0, 613.0, 0.65, 1),
                    ("cải", 1052.0, 1112.0, 587.0, 613.0, 0.97, 1),
                    ("cách", 1127.0, 1222.0, 575.0, 613.0, 0.97, 1),
                ],
                "về cải cách",
            ),
            // A printed line over the next stays, sure or not: it ends a
            // line gap over the words under it.
            (
                &[
                    ("theo", 2000.0, 2090.0, 1069.0, 1107.0, 0.6, 0),
                    ("quy", 2106.0, 2182.0, 1081.0, 1118.0, 0.6, 0),
                    ("định", 2100.0, 2190.0, 1137.0, 1183.0, 0.97, 1),
                ],
                "theo quy\nđịnh",
            ),
            // A word as low as marks but sure of itself stays.
            (
                &[
                    ("-", 1598.0, 1609.0, 2109.0, 2119.0, 0.95, 0),
                    ("toán", 1549.0, 1640.0, 2115.0, 2147.0, 0.97, 1),
                ],
                "-\ntoán",
            ),
        ];
        for (cell, want) in cases {
            let got: Vec<String> = engine_lines(printed_lines(read(cell)))
                .iter()
                .map(|l| {
                    let texts: Vec<&str> = l.iter().map(|w| w.text.as_str()).collect();
                    texts.join(" ")
                })
                .collect();
            assert_eq!(got.join("\n"), want);
        }
    }

    fn word(text: &str, y0: f32, y1: f32) -> Word {
        Word {
            text: text.into(),
            bbox: Rect {
                x0: 10.0,
                y0,
                x1: 110.0,
                y1,
            },
            conf: 0.1,
            block: 1,
            para: 1,
            line: 1,
            chars: Vec::new(),
        }
    }

    #[test]
    fn doubted_cells_table() {
        // Words as (text, confidence, height in px); a cell of "quý 1" and
        // a third word.
        type Read<'a> = (&'a str, f32, f32);
        let quy = |third| [("quý", 0.97, 46.0), ("1", 0.96, 33.0), third];
        let rows: [(&[Read], bool, bool); 7] = [
            // "2027" and a rule beside it read as one tall letter.
            (&quy(("ự", 0.72, 135.0)), false, true),
            (&quy(("2027", 0.96, 35.0)), false, false),
            // A tall mark alone is no word.
            (&quy(("|", 0.5, 135.0)), false, false),
            // An unsure word is doubted on a degraded scan only.
            (&[("Sở", 0.1, 38.0), ("Tư", 0.97, 35.0)], true, true),
            (&[("Sở", 0.1, 38.0), ("Tư", 0.97, 35.0)], false, false),
            (&[("-", 0.1, 38.0), ("Tư", 0.97, 35.0)], true, false),
            (&[], true, false),
        ];
        for (cell, degraded, want) in rows {
            let words: Vec<Word> = cell
                .iter()
                .map(|&(text, conf, height)| Word {
                    conf,
                    ..word(text, 20.0, 20.0 + height)
                })
                .collect();
            let got = doubted(&words, degraded);
            assert_eq!(got, want, "{cell:?} degraded {degraded}");
        }
    }

    #[test]
    fn unsure_words_are_kept_when_shaped_and_drawn_like_text_table() {
        // Letters: vertical strokes 3 px wide every 10 px (30% ink).
        let letters = page(|x, y| (20..60).contains(&y) && x % 10 < 3);
        // Specks: one pixel in 50 (2% ink), what dust reads as ("có", "mm").
        let specks = page(|x, y| (20..60).contains(&y) && (x * 7 + y * 3).is_multiple_of(50));
        // A rule's remnant: one ink row.
        let rule = page(|_x, y| y == 20);
        let rows: [(&str, &tables::Binary, (f32, f32), bool); 10] = [
            ("Sở", &letters, (20.0, 60.0), true),
            ("'Kế", &letters, (20.0, 60.0), true),
            ("hoạch", &letters, (20.0, 60.0), true),
            // Shaped like a word, but dust.
            ("có", &specks, (20.0, 60.0), false),
            ("Quyết", &specks, (20.0, 60.0), false),
            // Drawn like text but not shaped like a word.
            ("11", &letters, (20.0, 60.0), false),
            ("aB", &letters, (20.0, 60.0), false),
            ("s", &letters, (20.0, 60.0), false),
            ("ˆ~.", &letters, (20.0, 60.0), false),
            // Inked solid, but a line, not a glyph's height.
            ("NHI", &rule, (20.0, 21.0), false),
        ];
        for (text, b, (y0, y1), want) in rows {
            assert_eq!(drawn_word(b, 300, &word(text, y0, y1)), want, "{text}");
        }
    }

    #[test]
    fn a_cell_cut_after_its_dash_keeps_it_read_either_way() {
        let w = |t: &str, x0: f32, x1: f32, y: f32, line: u32| Word {
            text: t.into(),
            bbox: Rect {
                x0,
                y0: y,
                x1,
                y1: y + 16.0,
            },
            conf: 1.0,
            block: 0,
            para: 0,
            line,
            chars: Vec::new(),
        };
        // The first half of a name a page break cuts after its dash.
        let words = [
            w("Công", 472.0, 500.0, 744.0, 0),
            w("chức", 503.0, 530.0, 744.0, 0),
            w("Tư", 472.6, 486.8, 760.4, 1),
            w("pháp", 489.9, 518.8, 760.4, 1),
            w("-", 521.9, 525.8, 760.4, 1),
        ];
        let rect = Rect {
            x0: 468.4,
            y0: 742.1,
            x1: 546.4,
            y1: 786.0,
        };
        assert_eq!(text_layer_cell(&words, &rect).0, "Công chức Tư pháp -");
        assert_eq!(
            cell_text(&words, rect.width(), &|_| true).0,
            "Công chức Tư pháp -"
        );
    }
}
