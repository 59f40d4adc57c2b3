//! One input through every stage: an opened [`Source`] in, a [`Document`]
//! out. Pages run in parallel; each worker leases a recogniser from a
//! [`Pool`] for as long as it lives, so engines are created once per thread
//! and only when a page needs OCR.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::export::{self, Document, Extraction, Page, PageOrigin, Signature, SourceInfo, Warning};
use crate::geometry::Rect;
use crate::layout::{self, PageLayout};
use crate::ocr::{Recognizer, SegMode};
use crate::records;
use crate::repair::{Dictionary, OcrModel, Repairer, Scan};
use crate::source::{PageContent, Source};
use crate::tables::{self, Binary, CellText, Grid, PageTable};
use image::GrayImage;

/// Recognisers made on demand and reused: at most one per concurrent worker.
pub struct Pool<R> {
    make: Box<dyn Fn() -> Result<R> + Send + Sync>,
    free: Mutex<Vec<R>>,
}

impl<R: Recognizer + Send> Pool<R> {
    pub fn new(make: impl Fn() -> Result<R> + Send + Sync + 'static) -> Self {
        Pool {
            make: Box::new(make),
            free: Mutex::new(Vec::new()),
        }
    }

    pub fn lease(&self) -> Lease<'_, R> {
        Lease {
            pool: self,
            engine: None,
        }
    }
}

/// A worker's hold on one recogniser, returned to the pool on drop.
pub struct Lease<'a, R: Recognizer + Send> {
    pool: &'a Pool<R>,
    engine: Option<R>,
}

impl<R: Recognizer + Send> Lease<'_, R> {
    fn engine(&mut self) -> Result<&mut R> {
        if self.engine.is_none() {
            let reused = self
                .pool
                .free
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop();
            self.engine = Some(match reused {
                Some(e) => e,
                None => (self.pool.make)()?,
            });
        }
        Ok(self.engine.as_mut().expect("just set"))
    }
}

impl<R: Recognizer + Send> Drop for Lease<'_, R> {
    fn drop(&mut self) {
        if let Some(e) = self.engine.take() {
            self.pool
                .free
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(e);
        }
    }
}

/// What the pipeline needs to know besides the input.
#[derive(Clone)]
pub struct Options {
    pub dpi: u32,
    pub lang: String,
    /// The repair dictionaries; `None` leaves OCR text as read.
    pub repair: Option<Arc<Dictionary>>,
    /// Which dictionaries: "built-in", or a hash of a `--dict` folder's files.
    pub dictionaries: String,
}

impl Options {
    pub fn extraction(&self) -> Extraction {
        Extraction {
            kehoach_version: env!("CARGO_PKG_VERSION").to_string(),
            lang: self.lang.clone(),
            dpi: self.dpi,
            dictionaries: Some(self.dictionaries.clone()),
        }
    }
}

/// Repair the text of an OCR'd or plain-text page: its lines and its cells.
/// A text layer is the document's own text and is left alone. A page read
/// with low confidence is repaired as a degraded scan. A cell whose repair
/// was a close call keeps less of its confidence.
fn repair_page(p: &mut PageResult, dict: &Dictionary, model: OcrModel) {
    if p.origin == PageOrigin::TextLayer {
        return;
    }
    let scan = if page_confidence(&p.layout, &p.tables).is_some_and(|c| c < DEGRADED_PAGE) {
        Scan::Degraded
    } else {
        Scan::Clean
    };
    let repairer = Repairer::new(dict, model).scan(scan);
    // The page's lines together: a sentence wraps from line to line.
    let text: Vec<&str> = p.layout.lines.iter().map(|l| l.text.as_str()).collect();
    let fixed = repairer.repair_text(&text.join("\n"));
    if fixed.split('\n').count() == p.layout.lines.len() {
        for (line, text) in p.layout.lines.iter_mut().zip(fixed.split('\n')) {
            line.text = text.to_string();
        }
    } else {
        // A line holding a line break of its own: each alone.
        for line in &mut p.layout.lines {
            line.text = repairer.repair_text(&line.text);
        }
    }
    for t in &mut p.tables {
        for c in &mut t.cells {
            let fixed = repairer.repair(&c.text);
            if fixed.text != c.text {
                if fixed.uncertain() {
                    c.conf *= UNCERTAIN_REPAIR_FACTOR;
                }
                c.raw = Some(std::mem::replace(&mut c.text, fixed.text));
            }
        }
    }
}

/// Pages (or tables) read with a mean word confidence below this are
/// degraded scans: their doubted cells are read twice, their text is
/// repaired as a degraded scan. The fixtures' fax pages read 0.89–0.94,
/// their clean 300 dpi scans 0.943–0.957; the noisy, JPEG and rules-only
/// variants have pages on both sides.
const DEGRADED_PAGE: f32 = 0.94;

/// Confidence kept by a cell whose repair was uncertain.
const UNCERTAIN_REPAIR_FACTOR: f32 = 0.8;

struct PageResult {
    layout: PageLayout,
    tables: Vec<PageTable>,
    origin: PageOrigin,
    /// E-signature stamps of the page's text layer.
    signatures: Vec<Signature>,
    /// Warnings of the page (code, message): why a text layer was set
    /// aside, an image cut short, a legacy encoding converted.
    notes: Vec<(&'static str, String)>,
    /// A scan with no ink, not given to the OCR engine.
    blank: bool,
    dpi: Option<u32>,
    /// Clockwise degrees the scan was turned to read it upright.
    turned: u32,
    /// How a raster page was captured.
    capture: Option<export::Capture>,
}

impl PageResult {
    /// A page read as `origin`: no stamps, nothing set aside, not blank,
    /// not rasterised, not turned (the raster paths set what differs).
    fn new(layout: PageLayout, tables: Vec<PageTable>, origin: PageOrigin) -> PageResult {
        PageResult {
            layout,
            tables,
            origin,
            signatures: Vec::new(),
            notes: Vec::new(),
            blank: false,
            dpi: None,
            turned: 0,
            capture: None,
        }
    }
}

/// Scans are rarely skewed more than this; beyond it the search would
/// mistake text direction for skew.
const MAX_SKEW_DEG: f32 = 3.0;
/// A cell with fewer ink pixels than this is empty (specks, rule ends).
const MIN_CELL_INK: usize = 40;

/// Tables of a text-layer page: the grids its vector rules draw, and those
/// ruled only under a header whose columns name task fields, with the
/// words whose centre falls in each cell. `size` is the page's, in points.
/// `carry` are the columns (points) of a table the page before ends in:
/// a page with no table of its own may hold its rest.
/// Returns the words outside every table and the tables.
pub fn text_layer_tables(
    page: usize,
    words: Vec<crate::ocr::Word>,
    rules: &[crate::geometry::Rect],
    size: (f32, f32),
    carry: Option<&[f32]>,
) -> (Vec<crate::ocr::Word>, Vec<PageTable>) {
    let mut grids = tables::find_tables_in_rects(rules);
    let boxes: Vec<Rect> = words.iter().map(|w| w.bbox).collect();
    let mut open = tables::open_tables_in_text(&boxes, rules, &grids, size);
    if grids.is_empty() && open.is_empty() {
        // No rules at all: a header found by its words is ruled under.
        let texts: Vec<(Rect, &str)> = words.iter().map(|w| (w.bbox, w.text.as_str())).collect();
        let mut ruled = rules.to_vec();
        ruled.extend(
            records::find_headers(&texts, tables::WORD_GAP_PT)
                .into_iter()
                .map(|(y, x0, x1)| Rect {
                    x0,
                    y0: y,
                    x1,
                    y1: y,
                }),
        );
        if ruled.len() > rules.len() {
            open = tables::open_tables_in_text(&boxes, &ruled, &grids, size);
        }
    }
    // As on a scan, a table laid out from its words alone is one only when
    // its header names a lead unit or a deadline column.
    grids.extend(open.into_iter().filter(|g| {
        let header = |c: &&tables::Cell| c.row == 0;
        g.cells.iter().filter(header).any(|c| {
            let inside: Vec<&str> = words
                .iter()
                .filter(|w| c.rect.contains(w.bbox.center_x(), w.bbox.center_y()))
                .map(|w| w.text.as_str())
                .collect();
            records::role_of(&inside.join(" ")).is_some_and(records::Role::marks_tasks)
        })
    }));
    if let (true, Some(xs)) = (grids.is_empty(), carry) {
        grids.extend(tables::continued_table_in_text(&boxes, rules, xs, size));
    }
    grids.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    if grids.is_empty() {
        return (words, Vec::new());
    }
    let mut per_cell: Vec<Vec<Vec<crate::ocr::Word>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    let mut rest = Vec::new();
    'word: for w in words {
        let (cx, cy) = (w.bbox.center_x(), w.bbox.center_y());
        for (gi, g) in grids.iter().enumerate() {
            if let Some(ci) = g.cells.iter().position(|c| c.rect.contains(cx, cy)) {
                per_cell[gi][ci].push(w);
                continue 'word;
            }
        }
        rest.push(w);
    }
    let tables = grids
        .iter()
        .zip(per_cell)
        .map(|(g, cells)| PageTable {
            page,
            bbox: g.bbox,
            n_rows: g.ys.len() - 1,
            n_cols: g.xs.len() - 1,
            xs: g.xs.clone(),
            cells: g
                .cells
                .iter()
                .zip(cells)
                .map(|(c, ws)| {
                    let (text, conf) =
                        cell_text(&ws, c.rect.width() - 4.0, &|w| word_like(&w.text));
                    CellText {
                        row: c.row,
                        col: c.col,
                        row_span: c.row_span,
                        col_span: c.col_span,
                        rect: c.rect,
                        text,
                        conf,
                        raw: None,
                    }
                })
                .collect(),
        })
        .collect();
    (rest, tables)
}

/// Mean confidence of a page's words, cells included, weighted by
/// characters; `None` when nothing was read.
fn page_confidence(layout: &PageLayout, tables: &[PageTable]) -> Option<f32> {
    let lines = layout.lines.iter().map(|l| (l.text.as_str(), l.conf));
    let cells = tables
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| (c.text.as_str(), c.conf)));
    weighted_confidence(lines.chain(cells))
}

/// Mean confidence of texts read with the given confidences, each weighted
/// by its characters (whitespace aside); `None` when nothing was read.
fn weighted_confidence<'a>(read: impl Iterator<Item = (&'a str, f32)>) -> Option<f32> {
    let (mut sum, mut n) = (0.0f64, 0usize);
    for (text, conf) in read {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        sum += conf as f64 * chars as f64;
        n += chars;
    }
    (n > 0).then(|| (sum / n as f64) as f32)
}

/// A page's text in reading order: the lines read around the tables and,
/// at each table's place, one line per row with its cells joined by " | ".
fn page_text(layout: &PageLayout, tables: &[PageTable]) -> String {
    let mut entries: Vec<(f32, String)> = layout
        .lines
        .iter()
        .map(|l| (l.bbox.y0, crate::text::clean(&l.text)))
        .collect();
    for t in tables {
        for row in t.rows() {
            let y = row.iter().map(|c| c.rect.y0).fold(f32::INFINITY, f32::min);
            let cells: Vec<String> = row
                .iter()
                .filter_map(|c| crate::text::clean_opt(&c.text.replace('\n', " ")))
                .collect();
            if !cells.is_empty() {
                entries.push((y, cells.join(" | ")));
            }
        }
    }
    // Stable: lines keep the engine's order among themselves.
    entries.sort_by(|a, b| a.0.total_cmp(&b.0));
    entries
        .into_iter()
        .map(|e| e.1)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read every non-empty cell of a grid on its own. The header row goes
/// first: it says which column holds row labels, so those cells are read
/// once, as labels (digits and Roman numerals), and the rest as text.
/// With `task_header`, a grid whose header names no lead units or
/// deadline is not read further (`None`).
fn read_cells<R: Recognizer>(
    engine: &mut R,
    image: &mut GrayImage,
    binary: &Binary,
    grid: &Grid,
    dpi: u32,
    task_header: bool,
) -> Result<Option<Vec<(String, f32)>>, String> {
    let interiors: Vec<Rect> = grid
        .cells
        .iter()
        .map(|c| tables::cell_interior(&c.rect, dpi))
        .collect();
    let mut texts = vec![(String::new(), 1.0f32); grid.cells.len()];
    let (header, body): (Vec<usize>, Vec<usize>) = (0..grid.cells.len())
        .filter(|&i| binary.ink_in(&interiors[i]) >= MIN_CELL_INK)
        .partition(|&i| grid.cells[i].row == 0);
    let regions = |cells: &[usize]| cells.iter().map(|&i| interiors[i]).collect::<Vec<_>>();
    let text_of = |w: &[crate::ocr::Word], i: usize| {
        cell_text(w, interiors[i].width(), &|w| drawn_word(binary, dpi, w))
    };
    // Read `cells` of `img`: their texts set, their words returned.
    let read =
        |engine: &mut R, img: &GrayImage, cells: &[usize], mode, texts: &mut Vec<(String, f32)>| {
            let words = engine.recognize_regions(img, dpi, &regions(cells), mode)?;
            for (&i, w) in cells.iter().zip(&words) {
                texts[i] = text_of(w, i);
            }
            Ok::<_, String>(words)
        };
    read(engine, image, &header, SegMode::Block, &mut texts)?;
    let role = |i: &usize| records::role_of(&texts[*i].0);
    if task_header
        && !header
            .iter()
            .any(|i| role(i).is_some_and(records::Role::marks_tasks))
    {
        return Ok(None);
    }
    // A table continued from the page before may repeat no header: its
    // first row is a body row, and a narrow first column holds its labels.
    let has_header = header.iter().any(|i| role(i).is_some());
    let number_col = header
        .iter()
        .find(|i| role(i) == Some(records::Role::Number))
        .map(|&i| grid.cells[i].col)
        .or_else(|| {
            // Or a narrow first column whose header is unread ("Số" for
            // "Số TT") or absent.
            let (xs, n) = (&grid.xs, grid.xs.len() - 1);
            let unnamed = !header
                .iter()
                .any(|i| grid.cells[*i].col == 0 && role(i).is_some());
            let narrow = xs[1] - xs[0] < tables::LABEL_COLUMN * (xs[n] - xs[0]);
            (n > 1 && unnamed && narrow).then_some(0)
        });
    let is_label = |i: &usize| {
        let c = &grid.cells[*i];
        Some(c.col) == number_col && c.col_span == 1 && (c.row > 0 || !has_header)
    };
    let (labels, rest): (Vec<usize>, Vec<usize>) = body.into_iter().partition(is_label);
    let labels: Vec<usize> = labels
        .into_iter()
        .chain(header.iter().copied().filter(is_label))
        .collect();
    for &i in &labels {
        texts[i] = (String::new(), 1.0);
    }
    let words = read(engine, image, &rest, SegMode::Block, &mut texts)?;
    // A degraded scan's strokes are broken and stair-stepped, and the
    // engine misreads, drops or invents words where it doubts; on any scan
    // a rule that strays into a cell is read with the text beside it as one
    // tall letter ("2027" and the rule as "ự"). Such a cell is read again
    // without the rule's remnants (from a lightly blurred page when the
    // table reads as degraded, which joins broken strokes), and the
    // reading with more confidence is kept.
    let confidence = |ws: &mut dyn Iterator<Item = &crate::ocr::Word>| {
        weighted_confidence(ws.map(|w| (w.text.as_str(), w.conf)))
    };
    let degraded = confidence(&mut words.iter().flatten()) < Some(DEGRADED_PAGE);
    let doubtful: Vec<usize> = (0..rest.len())
        .filter(|&k| doubted(&words[k], degraded))
        .collect();
    if !doubtful.is_empty() {
        let cells: Vec<usize> = doubtful.iter().map(|&k| rest[k]).collect();
        // A copy: whitening the page itself changes how the engine reads
        // the other cells of a JPEG scan.
        let mut again = image.clone();
        let pt = |v: f32| (v * dpi as f32 / 72.0).ceil() as usize;
        for &i in &cells {
            for (x, y) in tables::rule_remnants(binary, &interiors[i], pt(1.0), pt(REMNANT_RUN_PT))
            {
                again.put_pixel(x as u32, y as u32, image::Luma([255]));
            }
        }
        if degraded {
            again = image::imageops::blur(&again, REREAD_BLUR * dpi as f32 / 300.0);
        }
        let read_again = engine.recognize_regions(&again, dpi, &regions(&cells), SegMode::Block)?;
        for (&k, w) in doubtful.iter().zip(read_again) {
            if confidence(&mut w.iter()) > confidence(&mut words[k].iter()) {
                texts[rest[k]] = text_of(&w, rest[k]);
            }
        }
    }
    // Labels are read without the specks around them (anything under a
    // glyph's height): a speck beside "II" is what turns it into "Il." or
    // "1I", and dust in an empty cell into a label. The specks are
    // whitened on the page itself: label cells are read once.
    let mut glyphs = Vec::with_capacity(labels.len());
    let mut label_cells = Vec::with_capacity(labels.len());
    for &i in &labels {
        let (specks, g) =
            tables::label_glyphs(binary, &interiors[i], MIN_GLYPH_PT * dpi as f32 / 72.0);
        for (x, y) in specks {
            image.put_pixel(x as u32, y as u32, image::Luma([255]));
        }
        if !g.is_empty() {
            label_cells.push(i);
            glyphs.push(g);
        }
    }
    read(engine, image, &label_cells, SegMode::Label, &mut texts)?;
    for (&i, g) in label_cells.iter().zip(&glyphs) {
        // Glyphs the engine cannot read (or reads with almost no
        // confidence) still say the row has a label.
        if texts[i].0.trim().is_empty() || texts[i].1 < NOISE_CONFIDENCE {
            texts[i] = (records::UNREAD_LABEL.to_string(), 0.0);
        }
        // A lone "I" or "III" is the hardest thing to OCR; when the
        // reading is unread or Roman-like and every glyph is an upright
        // stroke, count the strokes instead.
        let romanish = texts[i]
            .0
            .chars()
            .all(|c| matches!(c, 'I' | 'l' | '|' | 'H' | '.' | '?'));
        let strokes = g.iter().all(|r| r.width() * 2.0 <= r.height());
        if romanish && strokes && (1..=3).contains(&g.len()) {
            texts[i].0 = "I".repeat(g.len());
        }
    }
    Ok(Some(texts))
}

/// A cell's text and mean confidence. A line the next one's first word
/// could not follow on wrapped, so the next joins it with a space; a line
/// that stopped short of room for it was ended by the writer, so the next
/// starts on a new line (`\n`, see `wrapped`). A word read
/// with almost no confidence is kept only when `unsure_text` says it is
/// text.
fn cell_text(
    words: &[crate::ocr::Word],
    width: f32,
    unsure_text: &dyn Fn(&crate::ocr::Word) -> bool,
) -> (String, f32) {
    // What the engine makes of specks, rule remnants and JPEG noise: a
    // cell of nothing but unsure words, words read with almost no
    // confidence that do not look like words, and marks alone that are
    // unsure or not the ones running text has; then the marks glued to
    // words (`text::unglue_marks`, `text::mend_marks`).
    if !words.iter().any(|w| w.conf >= UNSURE_CELL) {
        return (String::new(), 1.0);
    }
    let words: Vec<crate::ocr::Word> = words
        .iter()
        .filter(|w| w.conf >= NOISE_CONFIDENCE || unsure_text(w))
        .filter(|w| {
            w.text.contains(char::is_alphanumeric)
                || (w.conf >= MARKS_CONFIDENCE && LONE_MARKS.contains(&w.text.as_str()))
        })
        .map(|w| crate::ocr::Word {
            text: crate::text::unglue_marks(&w.text).to_string(),
            ..w.clone()
        })
        .collect();
    let l = layout::from_ocr(0, &words, 72, 0.0, 0.0);
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
    (
        crate::text::mend_marks(&text),
        l.mean_confidence().unwrap_or(1.0),
    )
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
fn doubted(words: &[crate::ocr::Word], degraded: bool) -> bool {
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
fn word_like(s: &str) -> bool {
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
fn drawn_word(binary: &tables::Binary, dpi: u32, w: &crate::ocr::Word) -> bool {
    let letters = w.text.trim_matches(|c: char| !c.is_alphanumeric());
    let syllable =
        letters.chars().count() >= 2 && letters.chars().all(char::is_alphabetic) && !camel(letters);
    let area = w.bbox.width() * w.bbox.height();
    let tall = w.bbox.height() >= MIN_GLYPH_PT * dpi as f32 / 72.0;
    let inked = area > 0.0 && binary.ink_in(&w.bbox) as f32 >= MIN_WORD_INK * area;
    (syllable || word_like(&w.text)) && tall && inked
}

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

/// Pages whose mean word confidence is below this get a warning.
const LOW_PAGE_CONFIDENCE: f32 = 0.6;
/// Tesseract's orientation confidence below which a turn is not tried
/// (its own documentation calls above 2 reliable; turns are checked by
/// reading the page again anyway).
const MIN_ORIENTATION_CONFIDENCE: f32 = 1.0;

/// Run every stage on `source`. `display` is the path as the user gave it.
/// `page_done` is called once per finished page (for progress).
pub fn extract<R: Recognizer + Send>(
    source: &Source,
    display: &str,
    opts: &Options,
    pool: &Pool<R>,
    page_done: &(dyn Fn() + Sync),
) -> Result<Document> {
    let n = source.page_count();
    let read = |lease: &mut Lease<'_, R>, i: usize, carry: Option<&[f32]>| {
        let mut r = run_page(source, i, opts, lease, carry);
        if let (Ok(p), Some(dict)) = (r.as_mut(), opts.repair.as_deref()) {
            // Our own OCR used `--lang`; text from elsewhere says
            // by its letters which model read it.
            let model = match p.origin {
                PageOrigin::Text => OcrModel::guess(&p.layout.text()),
                _ => None,
            };
            repair_page(p, dict, model.unwrap_or(OcrModel::of_lang(&opts.lang)));
        }
        r
    };
    let mut results: Vec<Result<PageResult>> = (0..n)
        .into_par_iter()
        .map_init(
            || pool.lease(),
            |lease, i| {
                let r = read(lease, i, None);
                page_done();
                r
            },
        )
        .collect();
    // A table that runs off its page without repeating its header leaves
    // the next page no mark of itself: that page, if it found no table, is
    // read again in the columns the table had (in page order, so a table
    // over three pages carries on twice).
    let mut lease = pool.lease();
    for i in 1..n {
        let Some(xs) = carried_columns(&results[i - 1], &results[i]) else {
            continue;
        };
        if let Ok(again) = read(&mut lease, i, Some(&xs)) {
            if !again.tables.is_empty() {
                results[i] = Ok(again);
            }
        }
    }

    let mut warnings = Vec::new();
    if source.converted_from_doc() {
        warnings.push(Warning {
            code: "converted_from_doc".into(),
            page: None,
            message: "Word 97-2003 .doc read after conversion to .docx by LibreOffice".into(),
        });
    }
    let mut pages = Vec::with_capacity(n);
    let mut layouts = Vec::new();
    let mut page_tables = Vec::new();
    let mut first_err = None;
    let mut any_ocr = false;
    let mut signatures = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        let number = i + 1;
        match r {
            Ok(mut p) => {
                any_ocr |= p.origin.is_ocr();
                signatures.append(&mut p.signatures);
                // A damaged page that came out empty is damaged, not blank.
                let damaged = p.notes.iter().any(|(code, _)| *code == "page_damaged");
                for (code, message) in std::mem::take(&mut p.notes) {
                    warnings.push(Warning {
                        code: code.into(),
                        page: Some(number),
                        message,
                    });
                }
                let conf = page_confidence(&p.layout, &p.tables);
                let empty = p.layout.lines.is_empty() && p.tables.is_empty();
                if empty && !damaged {
                    warnings.push(Warning {
                        code: "blank_page".into(),
                        page: Some(number),
                        message: if p.blank {
                            "the page has no ink (not given to OCR)".into()
                        } else {
                            "no text found on this page".into()
                        },
                    });
                } else if !empty && conf.is_some_and(|c| c < LOW_PAGE_CONFIDENCE) {
                    warnings.push(Warning {
                        code: "low_confidence_page".into(),
                        page: Some(number),
                        message: format!("mean OCR confidence {:.2}", conf.unwrap_or(0.0)),
                    });
                }
                if p.turned != 0 {
                    warnings.push(Warning {
                        code: "page_turned".into(),
                        page: Some(number),
                        message: format!(
                            "the scan is turned; read after turning it {}° clockwise (boxes are on the turned page)",
                            p.turned
                        ),
                    });
                }
                let has_size = p.layout.width_pt > 0.0;
                pages.push(Page {
                    number,
                    source: p.origin,
                    dpi: p.dpi,
                    width_pt: has_size
                        .then(|| crate::util::round_to(p.layout.width_pt as f64, 0.1)),
                    height_pt: has_size
                        .then(|| crate::util::round_to(p.layout.height_pt as f64, 0.1)),
                    mean_confidence: conf.map(|c| crate::util::round_to(c as f64, 0.001)),
                    text: page_text(&p.layout, &p.tables),
                    capture: p.capture,
                });
                layouts.push(p.layout);
                page_tables.extend(p.tables);
            }
            Err(e) => {
                // One bad page does not lose the rest of the document.
                let code = match e {
                    crate::Error::PageDamaged { .. } => "page_damaged",
                    _ => "page_failed",
                };
                warnings.push(Warning {
                    code: code.into(),
                    page: Some(number),
                    message: e.to_string(),
                });
                pages.push(Page {
                    number,
                    source: PageOrigin::Ocr,
                    dpi: None,
                    width_pt: None,
                    height_pt: None,
                    mean_confidence: None,
                    text: String::new(),
                    capture: None,
                });
                first_err.get_or_insert(e);
            }
        }
    }
    if layouts.is_empty() {
        return Err(first_err.unwrap_or(Error::NoPages {
            path: source.path.clone(),
        }));
    }
    let page_width = layouts.first().map_or(0.0, |l| l.width_pt);
    let lines: Vec<_> = layouts.into_iter().flat_map(|l| l.lines).collect();
    let mut document = crate::header::parse(&lines, page_width);
    crate::signature::dedup(&mut signatures);
    let stamped = document
        .issued_on
        .as_deref()
        .and_then(|d| crate::signature::issue_day(d, &signatures));
    if let Some((day, page)) = stamped {
        warnings.push(Warning {
            code: "issued_on_from_signature".into(),
            page: Some(page),
            message: format!(
                "the day of issue is not printed (blank or handwritten): {day} is the day of the organisation's e-signature"
            ),
        });
        document.issued_on = Some(day);
    }
    let doc_year = document
        .issued_on
        .as_deref()
        .and_then(|d| d.get(..4)?.parse().ok());
    let (tables, mut tasks, table_warnings) = crate::records::build(&page_tables, doc_year);
    // A plan with a task table has its task list there; its prose gives
    // tasks only when there is none. Targets are read either way.
    let (prose_tasks, targets) = crate::prose::read(&lines, doc_year);
    // A decision's duties are its articles ("Điều …"), which this reader
    // does not outline: only plans and the like give prose tasks.
    let decision = document.doc_type == crate::header::DocType::QuyetDinh;
    if tasks.is_empty() && !decision {
        tasks = prose_tasks;
    }
    if let Some(dict) = &opts.repair {
        // Each name once: a name listed twice would be its own rival.
        let mut known: Vec<String> = dict.units.clone();
        for name in crate::units::canonical_names() {
            if !known.iter().any(|k| k == name) {
                known.push(name.to_string());
            }
        }
        crate::records::canonical_units(&mut tasks, &known);
    }
    warnings.extend(table_warnings);
    warnings.sort_by_key(|w| w.page);
    Ok(Document {
        schema_version: export::SCHEMA_VERSION,
        source: SourceInfo {
            file: display.to_string(),
            sha256: source.sha256.clone(),
            kind: source.kind(any_ocr),
            pages: n,
        },
        document,
        signatures,
        tasks,
        targets,
        tables,
        pages,
        warnings,
        extraction: opts.extraction(),
    })
}

/// OCR a raster page: tables found on the straightened page and read cell
/// by cell, the rest of the page read around them.
fn read_raster<R: Recognizer>(
    engine: &mut R,
    image: &GrayImage,
    dpi: u32,
    number: usize,
    (width_pt, height_pt): (f32, f32),
    carry: Option<&[f32]>,
) -> Result<PageResult, String> {
    // Tables are found and read on the straightened page, where
    // rules are axis-aligned and cell rectangles fit their text.
    // The page pass reads the original: Tesseract copes with small
    // skew itself, and resampling costs it accuracy.
    let binary = Binary::from_gray(image);
    let skew = tables::estimate_skew(&binary, MAX_SKEW_DEG);
    // Specks are never text: the whole page is read without them, so
    // that a fax's dust neither garbles a table header into words no
    // column is named by nor leaves stray marks in the page text.
    let mut clean_page = image.clone();
    tables::despeckle(&mut clean_page, &binary, dpi);
    let image = &clean_page;
    let straight = tables::deskew(image, skew);
    let binary = Binary::from_gray(&straight);
    let (hs, vs) = tables::find_rules(&binary, dpi);
    let ruled = tables::ruled_tables(&hs, &vs, dpi);
    let heads = tables::head_rules(&hs, &ruled, binary.w, dpi);
    // Cells are read without scanner specks, which OCR turns into stray
    // marks ("Sở:", "- ¬") that no repair can tell from punctuation.
    // The page is copied (if deskewing did not already) only when it may
    // have tables to read.
    let mut straight = straight;
    let mut despeckled = !ruled.is_empty() || !heads.is_empty();
    if despeckled {
        tables::despeckle(straight.to_mut(), &binary, dpi);
    }
    let mut read = Vec::new();
    for g in ruled {
        let texts = read_cells(engine, straight.to_mut(), &binary, &g, dpi, false)?;
        read.extend(texts.map(|t| (g, t)));
    }
    // Tables ruled only under the header are laid out from the ink, so
    // from the despeckled page; one whose header names no task columns is
    // left to the page pass.
    if !heads.is_empty() {
        let clean = Binary::from_gray(&straight);
        for g in tables::open_tables(&clean, &hs, &heads, dpi) {
            let texts = read_cells(engine, straight.to_mut(), &clean, &g, dpi, true)?;
            read.extend(texts.map(|t| (g, t)));
        }
        read.sort_by(|a, b| a.0.bbox.y0.total_cmp(&b.0.bbox.y0));
    }
    // The rest of a table the page before ends in, in its columns.
    if let (true, Some(xs)) = (read.is_empty(), carry) {
        if !despeckled {
            tables::despeckle(straight.to_mut(), &binary, dpi);
            despeckled = true;
        }
        let clean = Binary::from_gray(&straight);
        let xs: Vec<f32> = xs.iter().map(|x| x * dpi as f32 / 72.0).collect();
        if let Some(g) = tables::continued_table(&clean, &xs, &hs, dpi) {
            // No header to name its columns: the page before named them.
            let texts = read_cells(engine, straight.to_mut(), &clean, &g, dpi, false)?;
            read.extend(texts.map(|t| (g, t)));
        }
    }
    let (w, h) = image.dimensions();
    // Read the page around the tables (blanked, so the page pass
    // neither interleaves cells nor pays for them twice).
    let mut words = if read.is_empty() {
        engine.recognize(image, dpi, None, SegMode::Page)
    } else {
        let mut blank = image.clone();
        for (g, _) in &read {
            tables::blank_on_original(&mut blank, skew, &g.bbox);
        }
        engine.recognize(&blank, dpi, None, SegMode::Page)
    }?;
    let original = |r: &crate::geometry::Rect| tables::rect_to_original(skew, w, h, r);
    if read.is_empty() {
        // No rules at all: a header found among the page's words is ruled
        // under, and its table read as one ruled only there; its words
        // leave the page text.
        let straight_words: Vec<(Rect, &str)> = words
            .iter()
            .map(|wd| {
                (
                    tables::rect_to_original(-skew, w, h, &wd.bbox),
                    wd.text.as_str(),
                )
            })
            .collect();
        let heads: Vec<tables::Rule> =
            records::find_headers(&straight_words, tables::WORD_GAP_PT * dpi as f32 / 72.0)
                .into_iter()
                .map(|(pos, a, b)| tables::Rule {
                    pos,
                    a,
                    b,
                    thick: 1.0,
                })
                .collect();
        if !heads.is_empty() {
            if !despeckled {
                tables::despeckle(straight.to_mut(), &binary, dpi);
            }
            let clean = Binary::from_gray(&straight);
            let heads: Vec<tables::Rule> = heads
                .into_iter()
                .map(|r| tables::settle_under_ink(&clean, r, dpi))
                .collect();
            for g in tables::open_tables(&clean, &heads, &heads, dpi) {
                let texts = read_cells(engine, straight.to_mut(), &clean, &g, dpi, true)?;
                read.extend(texts.map(|t| (g, t)));
            }
            let inside = |r: &Rect| {
                let (x, y) = (r.center_x(), r.center_y());
                read.iter().any(|(g, _)| g.bbox.contains(x, y))
            };
            let kept: Vec<bool> = straight_words.iter().map(|(r, _)| !inside(r)).collect();
            let mut keep = kept.into_iter();
            words.retain(|_| keep.next().unwrap_or(true));
        }
    }
    let to_pt = 72.0 / dpi as f32;
    let page_tables = read
        .into_iter()
        .map(|(g, texts)| PageTable {
            page: number,
            bbox: original(&g.bbox).scale(to_pt),
            n_rows: g.ys.len() - 1,
            n_cols: g.xs.len() - 1,
            xs: g.xs.iter().map(|x| x * to_pt).collect(),
            cells: g
                .cells
                .iter()
                .zip(texts)
                .map(|(c, (text, conf))| CellText {
                    row: c.row,
                    col: c.col,
                    row_span: c.row_span,
                    col_span: c.col_span,
                    rect: original(&c.rect).scale(to_pt),
                    text,
                    conf,
                    raw: None,
                })
                .collect(),
        })
        .collect();
    Ok(PageResult {
        dpi: Some(dpi),
        ..PageResult::new(
            layout::from_ocr(number, &words, dpi, width_pt, height_pt),
            page_tables,
            PageOrigin::Ocr,
        )
    })
}

/// `image` turned clockwise by `deg` (0, 90, 180 or 270).
fn turn_clockwise(image: &GrayImage, deg: u32) -> GrayImage {
    match deg {
        90 => image::imageops::rotate90(image),
        180 => image::imageops::rotate180(image),
        270 => image::imageops::rotate270(image),
        _ => image.clone(),
    }
}

/// The columns (points) of the table `before` ends in, when `page` may hold
/// its rest: `page` is a read page with no table, and under the last table
/// of `before` there is no line but a page number or footer mark.
fn carried_columns(before: &Result<PageResult>, page: &Result<PageResult>) -> Option<Vec<f32>> {
    let (Ok(before), Ok(page)) = (before, page) else {
        return None;
    };
    // A Word file's or a text's pages have no geometry to carry.
    let readable = |p: &PageResult| p.layout.width_pt > 0.0 && p.origin != PageOrigin::Text;
    if !page.tables.is_empty()
        || page.blank
        || !readable(page)
        || !readable(before)
        || page.layout.lines.is_empty()
    {
        return None;
    }
    // A page that opens with the signature block ("Nơi nhận", "TM.",
    // "KT. CHỦ TỊCH") is where the document ends: no table runs into it.
    if page
        .layout
        .lines
        .iter()
        .take(4)
        .any(|l| closes_document(&l.text))
    {
        return None;
    }
    let last = before
        .tables
        .iter()
        .max_by(|a, b| a.bbox.y1.total_cmp(&b.bbox.y1))?;
    let below = |l: &layout::TextLine| l.bbox.y0 >= last.bbox.y1;
    let mark = |l: &layout::TextLine| {
        l.text.chars().filter(|c| c.is_alphanumeric()).count() <= FOLIO_CHARS
    };
    before
        .layout
        .lines
        .iter()
        .filter(|l| below(l))
        .all(mark)
        .then(|| last.xs.clone())
}

/// Whether a line opens the block that closes a document (Nghị định
/// 30/2020: the recipients, "Nơi nhận:", beside the signer's authority,
/// "TM.", "KT.", "TL.", "TUQ.", "Q.").
fn closes_document(text: &str) -> bool {
    let f = crate::text::fold_ocr(text.trim_start());
    f.starts_with("noi nhan")
        || ["tm.", "kt.", "tl.", "tuq.", "q."]
            .iter()
            .any(|a| f.starts_with(a) && f[a.len()..].starts_with([' ', '\t']))
}

/// A line under a table with at most this many letters and digits is a
/// page number or a scanner's mark, not text after the table.
const FOLIO_CHARS: usize = 4;

/// Read page `i`. `carry`: the columns (points) of a table the page before
/// ends in, for a page that may hold its rest.
fn run_page<R: Recognizer + Send>(
    source: &Source,
    i: usize,
    opts: &Options,
    lease: &mut Lease<'_, R>,
    carry: Option<&[f32]>,
) -> Result<PageResult> {
    let loaded = source.load_page(i, opts.dpi)?;
    let number = i + 1;
    let size = (loaded.width_pt, loaded.height_pt);
    Ok(match loaded.content {
        PageContent::Raster { image, dpi } => {
            let mut page = if is_blank(&image, dpi) {
                PageResult {
                    blank: true,
                    dpi: Some(dpi),
                    ..PageResult::new(
                        layout::from_ocr(number, &[], dpi, size.0, size.1),
                        Vec::new(),
                        PageOrigin::Ocr,
                    )
                }
            } else {
                ocr_page(source, number, &image, dpi, size, lease, carry)?
            };
            page.capture = loaded.capture;
            if let Some(layer) = loaded.set_aside {
                page.origin = PageOrigin::OcrOverTextLayer;
                page.signatures = crate::signature::find(&layer.words, number);
                page.notes.push((layer.code, layer.reason));
            }
            page.notes.extend(loaded.notes);
            page
        }
        PageContent::Words { words, rules } => {
            let signatures = crate::signature::find(&words, number);
            let (rest, tables) = text_layer_tables(number, words, &rules, size, carry);
            PageResult {
                signatures,
                notes: loaded.notes,
                ..PageResult::new(
                    layout::from_text_layer(number, &rest, loaded.width_pt, loaded.height_pt),
                    tables,
                    PageOrigin::TextLayer,
                )
            }
        }
        // A Word file's text is exact: kept as the document's own text
        // (never repaired), its tables read by the same records stage.
        PageContent::Docx(body) => {
            let (lines, tables) = crate::docx::page(&body);
            let layout = PageLayout {
                page: number,
                width_pt: 0.0,
                height_pt: 0.0,
                lines,
            };
            PageResult::new(layout, tables, PageOrigin::TextLayer)
        }
        PageContent::Text(t) => text_page(&t),
    })
}

/// A `.txt` page: plain text, or paragraphs and tab-separated tables read
/// as a Word body's are (see `tabtext`).
fn text_page(t: &str) -> PageResult {
    let (layout, tables) = match crate::tabtext::body(t) {
        Some(body) => {
            let (lines, tables) = crate::docx::page(&body);
            let layout = PageLayout {
                page: 1,
                width_pt: 0.0,
                height_pt: 0.0,
                lines,
            };
            (layout, tables)
        }
        None => (layout::from_plain_text(t), Vec::new()),
    };
    PageResult::new(layout, tables, PageOrigin::Text)
}

/// OCR a scanned page; one that reads badly is tried turned.
fn ocr_page<R: Recognizer + Send>(
    source: &Source,
    number: usize,
    image: &GrayImage,
    dpi: u32,
    size: (f32, f32),
    lease: &mut Lease<'_, R>,
    carry: Option<&[f32]>,
) -> Result<PageResult> {
    let ocr_err = |reason| Error::Ocr {
        path: source.path.clone(),
        page: number,
        reason,
    };
    let engine = lease.engine()?;
    let mut page = read_raster(engine, image, dpi, number, size, carry).map_err(ocr_err)?;
    // A page that reads badly may be upside down or sideways: ask
    // the orientation detector (only then: it costs a page's layout
    // analysis) and keep the turned reading if it reads better.
    let conf = page_confidence(&page.layout, &page.tables);
    if conf.is_some_and(|c| c < LOW_PAGE_CONFIDENCE) {
        if let Some((turn, _)) = engine
            .orientation(image, dpi)
            .map_err(ocr_err)?
            .filter(|&(turn, c)| turn != 0 && c >= MIN_ORIENTATION_CONFIDENCE)
        {
            let turned = turn_clockwise(image, turn);
            let size = if turn == 180 { size } else { (size.1, size.0) };
            let again = read_raster(engine, &turned, dpi, number, size, None).map_err(ocr_err)?;
            if page_confidence(&again.layout, &again.tables) > conf {
                page = PageResult {
                    turned: turn,
                    ..again
                };
            }
        }
    }
    Ok(page)
}

/// Whether a scan is blank (the back of a duplex scan): its ink (pixels
/// darker than half the paper's brightness, the scanner's margins aside)
/// lies across less of the page's height than one line of text, so
/// specks and show-through do not make a page, and a lone page number
/// does.
fn is_blank(image: &GrayImage, dpi: u32) -> bool {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let (mx, my) = (w * BLANK_MARGIN_PCT / 100, h * BLANK_MARGIN_PCT / 100);
    if w <= 2 * mx || h <= 2 * my {
        return true;
    }
    let mut hist = [0usize; 256];
    for &p in image.as_raw() {
        hist[p as usize] += 1;
    }
    // The paper: the level nine pixels in ten are darker than or equal to.
    let mut seen = 0;
    let paper = (0..256).find(|&v| {
        seen += hist[v];
        seen * 10 >= w * h * 9
    });
    let dark = paper.unwrap_or(255) / 2;
    let raw = image.as_raw();
    let inked_rows = (my..h - my)
        .filter(|&y| {
            let row = &raw[y * w + mx..y * w + w - mx];
            row.iter().filter(|&&p| (p as usize) < dark).count() >= MIN_ROW_INK
        })
        .count();
    (inked_rows as f32) < BLANK_INK_PT * dpi as f32 / 72.0
}

/// Share of each side (percent) a scanner darkens: edges, punch holes.
const BLANK_MARGIN_PCT: usize = 3;
/// Dark pixels a row needs to count as inked (one is a speck).
const MIN_ROW_INK: usize = 3;
/// A page whose inked rows add up to less than this (points) is blank:
/// a 13 pt line of text inks about 9 pt of rows; the blank backs of the
/// real duplex scans ink under 4 pt, their text pages over 180 pt.
const BLANK_INK_PT: f32 = 8.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::Word;

    #[test]
    fn the_signature_block_closes_a_document() {
        for (line, closes) in [
            ("Nơi nhận:", true),
            ("Nơi nhận:  KT. CHỦ TỊCH", true),
            ("KT. GIÁM ĐỐC", true),
            ("TM. ỦY BAN NHÂN DÂN", true),
            ("Q. CHÁNH VĂN PHÒNG", true),
            ("Kiểm tra công tác cải cách hành chính", false),
            ("Tổ chức hội nghị", false),
            ("Quý III năm 2026", false),
        ] {
            assert_eq!(closes_document(line), closes, "{line}");
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
        }
    }

    #[test]
    fn blank_scans_have_no_ink_across_a_line_of_text() {
        // A 300 dpi A4 page: paper at 240, with what is drawn on it.
        let page = |draw: &dyn Fn(u32, u32) -> Option<u8>| {
            GrayImage::from_fn(2480, 3508, |x, y| image::Luma([draw(x, y).unwrap_or(240)]))
        };
        type Draw<'a> = &'a dyn Fn(u32, u32) -> Option<u8>;
        let rows: [(&str, Draw, bool); 5] = [
            ("white", &|_, _| None, true),
            // Show-through of the front: light grey.
            (
                "show-through",
                &|x, y| ((300..3000).contains(&y) && x % 7 < 3).then_some(190),
                true,
            ),
            // Specks and the scanner's dark edge.
            (
                "specks",
                &|x, y| ((x * 31 + y * 17) % 50_000 == 0 || x < 20).then_some(20),
                true,
            ),
            // One 13 pt line of text (38 px of rows).
            (
                "a line",
                &|x, y| {
                    ((1500..1538).contains(&y) && (300..1200).contains(&x) && x % 9 < 3)
                        .then_some(30)
                },
                false,
            ),
            (
                "a page",
                &|x, y| ((300..3200).contains(&y) && y % 60 < 38 && x % 9 < 3).then_some(30),
                false,
            ),
        ];
        for (name, draw, want) in rows {
            assert_eq!(is_blank(&page(draw), 300), want, "{name}");
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
}
