//! One input through every stage: an opened [`Source`] in, a [`Document`]
//! out. Pages run in parallel; each worker leases a recogniser from a
//! [`Pool`] for as long as it lives, so engines are created once per thread
//! and only when a page needs OCR.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::export::{self, Document, Extraction, Page, PageOrigin, Signature, SourceInfo, Warning};
use crate::figures::Digits;
use crate::geometry::Rect;
use crate::layout::{self, PageLayout};
use crate::ocr::{Recognizer, SegMode};
use crate::records;
use crate::repair::{Dictionary, OcrModel, Repairer, Scan};
use crate::source::{PageContent, Source};
use crate::tables::{self, weighted_confidence, Binary, PageTable, DEGRADED_PAGE};
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
    /// The recogniser of handwritten figures; `None` leaves a header's
    /// handwritten number and date unread.
    pub digits: Option<Arc<Digits>>,
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
    let fixed = repairer.drop_inner_colons(&repairer.repair_text(&text.join("\n")));
    if fixed.split('\n').count() == p.layout.lines.len() {
        for (line, text) in p.layout.lines.iter_mut().zip(fixed.split('\n')) {
            line.text = text.to_string();
        }
    } else {
        // A line holding a line break of its own: each alone.
        for line in &mut p.layout.lines {
            line.text = repairer.drop_inner_colons(&repairer.repair_text(&line.text));
        }
    }
    for t in &mut p.tables {
        for c in &mut t.cells {
            let mut fixed = repairer.repair(&c.text);
            fixed.text = repairer.drop_inner_colons(&fixed.text);
            if fixed.text != c.text {
                if fixed.uncertain() {
                    c.conf *= UNCERTAIN_REPAIR_FACTOR;
                }
                c.raw = Some(std::mem::replace(&mut c.text, fixed.text));
            }
        }
    }
}

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
                .map(|h| Rect {
                    x0: h.x0,
                    y0: h.under,
                    x1: h.x1,
                    y1: h.under,
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
        .map(|(g, cells)| {
            let texts = g
                .cells
                .iter()
                .zip(cells)
                .map(|(c, ws)| tables::text_layer_cell(&ws, &c.rect))
                .collect();
            PageTable::from_grid(page, g, texts, &|r| *r, 1.0)
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
    let results = read_pages(source, opts, pool, page_done);
    let mut warnings = Vec::new();
    if source.converted_from_doc() {
        warnings.push(Warning {
            code: "converted_from_doc".into(),
            page: None,
            message: "Word 97-2003 .doc read after conversion to .docx by LibreOffice".into(),
        });
    }
    let read = PagesRead::gather(results, &mut warnings);
    if read.layouts.is_empty() {
        return Err(read.first_err.unwrap_or(Error::NoPages {
            path: source.path.clone(),
        }));
    }
    let PagesRead {
        pages,
        layouts,
        page_tables,
        any_ocr,
        mut signatures,
        ..
    } = read;
    let page_width = layouts.first().map_or(0.0, |l| l.width_pt);
    let lines = flowing_lines(layouts);
    let mut document = crate::header::parse(&lines, page_width);
    if any_ocr {
        respell_header_levels(&mut document);
    }
    crate::signature::dedup(&mut signatures);
    warnings.extend(day_after_signature(&mut document, &signatures));
    warnings.extend(day_from_signature(&mut document, &signatures));
    let plan_year = plan_year(&mut document, &pages);
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
    settle_tasks(&mut tasks, &pages, &document, (doc_year, plan_year), opts);
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

/// Every page of `source` read (and repaired), in page order, in parallel
/// over the pool's engines.
fn read_pages<R: Recognizer + Send>(
    source: &Source,
    opts: &Options,
    pool: &Pool<R>,
    page_done: &(dyn Fn() + Sync),
) -> Vec<Result<PageResult>> {
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
    results
}

/// What a document's pages gave, gathered in page order: a page that
/// failed is a page of the output with its warning.
struct PagesRead {
    pages: Vec<Page>,
    layouts: Vec<PageLayout>,
    page_tables: Vec<PageTable>,
    first_err: Option<Error>,
    any_ocr: bool,
    signatures: Vec<Signature>,
}

impl PagesRead {
    fn gather(results: Vec<Result<PageResult>>, warnings: &mut Vec<Warning>) -> PagesRead {
        let mut read = PagesRead {
            pages: Vec::with_capacity(results.len()),
            layouts: Vec::new(),
            page_tables: Vec::new(),
            first_err: None,
            any_ocr: false,
            signatures: Vec::new(),
        };
        for (i, r) in results.into_iter().enumerate() {
            let number = i + 1;
            match r {
                Ok(p) => read.page(p, number, warnings),
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
                    read.pages.push(Page {
                        number,
                        source: PageOrigin::Ocr,
                        dpi: None,
                        width_pt: None,
                        height_pt: None,
                        mean_confidence: None,
                        text: String::new(),
                        capture: None,
                    });
                    read.first_err.get_or_insert(e);
                }
            }
        }
        read
    }

    fn page(&mut self, mut p: PageResult, number: usize, warnings: &mut Vec<Warning>) {
        self.any_ocr |= p.origin.is_ocr();
        self.signatures.append(&mut p.signatures);
        let conf = page_confidence(&p.layout, &p.tables);
        warnings.extend(page_warnings(&mut p, number, conf));
        let has_size = p.layout.width_pt > 0.0;
        let round = crate::util::round_to;
        self.pages.push(Page {
            number,
            source: p.origin,
            dpi: p.dpi,
            width_pt: has_size.then(|| round(p.layout.width_pt as f64, 0.1)),
            height_pt: has_size.then(|| round(p.layout.height_pt as f64, 0.1)),
            mean_confidence: conf.map(|c| round(c as f64, 0.001)),
            text: page_text(&p.layout, &p.tables),
            capture: p.capture,
        });
        self.layouts.push(p.layout);
        self.page_tables.extend(p.tables);
    }
}

/// The document's lines in reading order. Footnotes are notes on the
/// text, not part of its flow: a task's sentence runs on from the page
/// above them to the next page.
fn flowing_lines(layouts: Vec<PageLayout>) -> Vec<layout::TextLine> {
    layouts
        .into_iter()
        .flat_map(|mut l| {
            let notes = crate::layout::footnotes(&l);
            l.lines.truncate(l.lines.len() - notes);
            l.lines
        })
        .collect()
}

/// A day of issue later than an e-signature stamp of the document is
/// misread: it is dropped (the month kept), with its warning.
fn day_after_signature(
    document: &mut export::DocumentHeader,
    signatures: &[Signature],
) -> Option<Warning> {
    let read = document.issued_on.clone()?;
    let (stamped, page) = crate::signature::stamped_before(&read, signatures)?;
    document.issued_on = Some(read[..7].to_string());
    Some(Warning {
        code: "issued_on_after_signature".into(),
        page: Some(page),
        message: format!(
            "the date of issue read, {read}, is later than the e-signature of {stamped}: its day is dropped"
        ),
    })
}

/// A day of issue that is not printed (blank or handwritten) taken from
/// the organisation's e-signature stamp of that month, with its warning.
fn day_from_signature(
    document: &mut export::DocumentHeader,
    signatures: &[Signature],
) -> Option<Warning> {
    let (day, page) = document
        .issued_on
        .as_deref()
        .and_then(|d| crate::signature::issue_day(d, signatures))?;
    document.issued_on = Some(day.clone());
    Some(Warning {
        code: "issued_on_from_signature".into(),
        page: Some(page),
        message: format!(
            "the day of issue is not printed (blank or handwritten): {day} is the day of the organisation's e-signature"
        ),
    })
}

/// What a read page tells its reader: its own notes (a text layer set
/// aside, an image cut short), a page blank or read with low confidence
/// (`conf`), a scan turned to be read.
fn page_warnings(p: &mut PageResult, number: usize, conf: Option<f32>) -> Vec<Warning> {
    let mut out = Vec::new();
    // A damaged page that came out empty is damaged, not blank.
    let damaged = p.notes.iter().any(|(code, _)| *code == "page_damaged");
    for (code, message) in std::mem::take(&mut p.notes) {
        out.push(Warning {
            code: code.into(),
            page: Some(number),
            message,
        });
    }
    let empty = p.layout.lines.is_empty() && p.tables.is_empty();
    if empty && !damaged {
        out.push(Warning {
            code: "blank_page".into(),
            page: Some(number),
            message: if p.blank {
                "the page has no ink (not given to OCR)".into()
            } else {
                "no text found on this page".into()
            },
        });
    } else if !empty && conf.is_some_and(|c| c < LOW_PAGE_CONFIDENCE) {
        out.push(Warning {
            code: "low_confidence_page".into(),
            page: Some(number),
            message: format!("mean OCR confidence {:.2}", conf.unwrap_or(0.0)),
        });
    }
    if p.turned != 0 {
        out.push(Warning {
            code: "page_turned".into(),
            page: Some(number),
            message: format!(
                "the scan is turned; read after turning it {}° clockwise (boxes are on the turned page)",
                p.turned
            ),
        });
    }
    out
}

/// The year an annual plan is for (`deadline::plan_year`); a title OCR
/// read with another year ("năm 2028" for 2026) gets the plan's, and a
/// date of issue OCR read one digit off the year the document reads more
/// often gets that one.
fn plan_year(document: &mut export::DocumentHeader, pages: &[Page]) -> Option<i32> {
    let (title, issued_on) = document.title.clone().zip(document.issued_on.clone())?;
    let by_ocr = pages.first().is_some_and(|p| p.source.is_ocr());
    let read = crate::deadline::years_read(
        pages
            .iter()
            .filter(|p| p.source.is_ocr())
            .map(|p| p.text.as_str()),
    );
    let year =
        crate::deadline::plan_year(&title, &issued_on, |y| read.get(&y).copied().unwrap_or(0))?;
    if !by_ocr {
        return Some(year.plan);
    }
    if year.plan != year.title {
        document.title = Some(title.replace(&year.title.to_string(), &year.plan.to_string()));
    }
    if !issued_on.starts_with(&year.issued.to_string()) {
        document.issued_on = Some(format!("{}{}", year.issued, &issued_on[4..]));
    }
    Some(year.plan)
}

/// The bodies a header names as issuing: the issuer and its parent.
fn issuers(header: &export::DocumentHeader) -> Vec<&str> {
    [&header.issuer, &header.parent_issuer]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
}

/// An OCR'd header's issuers with their level of government spelt as the
/// gazetteer does ("Ủy ban nhân dân phương Lai Châu" → "phường").
fn respell_header_levels(document: &mut export::DocumentHeader) {
    let levels = crate::units::header_levels(document.place.as_deref(), &issuers(document));
    for issuer in [&mut document.issuer, &mut document.parent_issuer]
        .into_iter()
        .flatten()
    {
        *issuer = crate::units::respell_levels(issuer, &levels);
    }
}

/// Passes over the whole task list once it is read: quarters written the
/// document's way and an annual plan's years its own (OCR'd ones only;
/// the document's year of issue and the plan's), the places its header
/// names spelt as there, and unit names made canonical against the lexicon.
fn settle_tasks(
    tasks: &mut [export::Task],
    pages: &[Page],
    header: &export::DocumentHeader,
    (doc_year, plan_year): (Option<i32>, Option<i32>),
    opts: &Options,
) {
    let by_ocr = |t: &export::Task| {
        pages
            .get(t.source.page.wrapping_sub(1))
            .is_some_and(|p| p.source.is_ocr())
    };
    let ocr: Vec<bool> = tasks.iter().map(by_ocr).collect();
    crate::deadline::roman_quarters(
        tasks
            .iter_mut()
            .map(|t| &mut t.deadline)
            .zip(ocr.iter().copied()),
    );
    if let Some(plan) = plan_year {
        crate::deadline::within_plan_year(
            tasks
                .iter_mut()
                .map(|t| &mut t.deadline)
                .zip(ocr.iter().copied()),
            plan,
            doc_year,
        );
    }
    let issuers = issuers(header);
    let read = crate::units::header_places(header.place.as_deref(), &issuers);
    let units: Vec<&str> = tasks
        .iter()
        .flat_map(|t| {
            t.lead_units
                .iter()
                .chain(&t.cooperating_units)
                .chain(&t.monitoring_units)
        })
        .map(String::as_str)
        .collect();
    let places = crate::units::place_spellings(&read, &units);
    let levels = crate::units::header_levels(header.place.as_deref(), &issuers);
    for (t, &ocr) in tasks.iter_mut().zip(&ocr) {
        for u in t
            .lead_units
            .iter_mut()
            .chain(&mut t.cooperating_units)
            .chain(&mut t.monitoring_units)
        {
            if ocr {
                *u = crate::units::drop_inner_stops(u);
                *u = crate::units::respell_levels(u, &levels);
            }
            *u = crate::units::respell_places(u, &places, ocr);
        }
    }
    if let Some(dict) = &opts.repair {
        // Each name once: a name listed twice would be its own rival.
        let mut known: Vec<String> = dict.units.clone();
        for name in crate::units::canonical_names() {
            if !known.iter().any(|k| k == name) {
                known.push(name.to_string());
            }
        }
        crate::records::canonical_units(tasks, &known);
    }
}

/// Tables read from a page: each grid with its cells' texts and confidences.
type ReadTables = Vec<(tables::Grid, Vec<(String, f32)>)>;

/// OCR a raster page: tables found on the straightened page and read cell
/// by cell, the rest of the page read around them.
fn read_raster<R: Recognizer>(
    engine: &mut R,
    (image, dpi, pen): (&GrayImage, u32, Option<(Option<&GrayImage>, &Digits)>),
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
    let mut straight = tables::deskew(image, skew).into_owned();
    let mut read = ruled_and_open_tables(engine, &mut straight, dpi, carry)?;
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
    if read.is_empty() {
        read = tables_under_found_headers(engine, &mut straight, &mut words, skew, dpi)?;
    }
    // Short lines the page pass dropped, on pages of running text (a
    // table's cells were read on their own and left the page pass).
    if read.is_empty() {
        words = crate::missed::recover(engine, image, &binary, dpi, words)?;
    }
    words = crate::signing::reread_name(engine, image, dpi, words)?;
    // A quarter's numeral in running text, as in a cell, by its strokes.
    let page = crate::geometry::Rect {
        x0: 0.0,
        y0: 0.0,
        x1: w as f32,
        y1: h as f32,
    };
    let mut words = tables::mend_quarters(&words, &binary, &page);
    let mut handwritten = Vec::new();
    if let Some((pen, digits)) = pen {
        let pen = pen.map(Binary::from_mask);
        (words, handwritten) = crate::figures::read(words, pen.as_ref(), &binary, digits);
    }
    let original = |r: &crate::geometry::Rect| tables::rect_to_original(skew, w, h, r);
    let to_pt = 72.0 / dpi as f32;
    let page_tables = read
        .into_iter()
        .map(|(g, texts)| PageTable::from_grid(number, &g, texts, &original, to_pt))
        .collect();
    Ok(PageResult {
        dpi: Some(dpi),
        notes: handwritten_note(&handwritten).into_iter().collect(),
        ..PageResult::new(
            layout::from_ocr(number, &words, dpi, width_pt, height_pt),
            page_tables,
            PageOrigin::Ocr,
        )
    })
}

/// The warning that says which figures of the header were read from
/// handwriting, so that a reader checks them against the page.
fn handwritten_note(figures: &[crate::figures::Figure]) -> Option<(&'static str, String)> {
    let said: Vec<String> = figures
        .iter()
        .map(|f| format!("{} ({:.2})", f.text, f.confidence))
        .collect();
    (!said.is_empty()).then(|| {
        (
            "handwritten_figures",
            format!(
                "read from handwriting in the header (figure and confidence): {}",
                said.join(", ")
            ),
        )
    })
}

/// The tables of a straightened, despeckled page that its rules show:
/// ruled grids, tables ruled only under their header, and the rest of a
/// table the page before ends in (`carry`, its columns in points).
fn ruled_and_open_tables<R: Recognizer>(
    engine: &mut R,
    straight: &mut GrayImage,
    dpi: u32,
    carry: Option<&[f32]>,
) -> Result<ReadTables, String> {
    let binary = Binary::from_gray(straight);
    let (hs, vs) = tables::find_rules(&binary, dpi);
    let ruled = tables::ruled_tables(&hs, &vs, dpi);
    let heads = tables::head_rules(&hs, &ruled, binary.w, dpi);
    // The page was despeckled before deskewing: cells are read without
    // the specks OCR turns into stray marks ("Sở:", "- ¬").
    let mut read = Vec::new();
    read_grids(engine, straight, &binary, ruled, dpi, false, &mut read)?;
    // Tables ruled only under the header are laid out from the ink, so
    // from the despeckled page; one whose header names no task columns is
    // left to the page pass.
    if !heads.is_empty() {
        let clean = Binary::from_gray(straight);
        let open = tables::open_tables(&clean, &hs, &heads, dpi);
        read_grids(engine, straight, &clean, open, dpi, true, &mut read)?;
        read.sort_by(|a, b| a.0.bbox.y0.total_cmp(&b.0.bbox.y0));
    }
    // The rest of a table the page before ends in, in its columns.
    if let (true, Some(xs)) = (read.is_empty(), carry) {
        let clean = Binary::from_gray(straight);
        let xs: Vec<f32> = xs.iter().map(|x| x * dpi as f32 / 72.0).collect();
        // No header to name its columns: the page before named them.
        let rest = tables::continued_table(&clean, &xs, &hs, dpi);
        read_grids(engine, straight, &clean, rest, dpi, false, &mut read)?;
    }
    Ok(read)
}

/// No rules at all: a table header found among the page's `words` is
/// ruled under, and its table read as one ruled only there; its words
/// leave the page text.
fn tables_under_found_headers<R: Recognizer>(
    engine: &mut R,
    straight: &mut GrayImage,
    words: &mut Vec<crate::ocr::Word>,
    skew: f32,
    dpi: u32,
) -> Result<ReadTables, String> {
    let (w, h) = straight.dimensions();
    let straight_words: Vec<(Rect, &str)> = words
        .iter()
        .map(|wd| {
            (
                tables::rect_to_original(-skew, w, h, &wd.bbox),
                wd.text.as_str(),
            )
        })
        .collect();
    let found = records::find_headers(&straight_words, tables::WORD_GAP_PT * dpi as f32 / 72.0);
    let mut read = Vec::new();
    if found.is_empty() {
        return Ok(read);
    }
    let clean = Binary::from_gray(straight);
    // Ruled under its ink, and as wide as its ink: OCR's page layout may
    // drop a narrow column of short words ("Số TT" over "I", "1", "2")
    // that the cells, read one by one, give back.
    let heads: Vec<tables::Rule> = found
        .iter()
        .map(|h| {
            let rule = tables::Rule {
                pos: h.under,
                a: h.x0,
                b: h.x1,
                thick: 1.0,
            };
            let rule = tables::settle_under_ink(&clean, rule, dpi);
            tables::widen_to_ink(&clean, rule, h.top, dpi)
        })
        .collect();
    let open = tables::open_tables(&clean, &heads, &heads, dpi);
    read_grids(engine, straight, &clean, open, dpi, true, &mut read)?;
    let inside = |r: &Rect| {
        let (x, y) = (r.center_x(), r.center_y());
        read.iter().any(|(g, _)| g.bbox.contains(x, y))
    };
    let kept: Vec<bool> = straight_words.iter().map(|(r, _)| !inside(r)).collect();
    let mut keep = kept.into_iter();
    words.retain(|_| keep.next().unwrap_or(true));
    Ok(read)
}

/// Read the cells of `grids` on `page` into `read`; a grid whose header
/// names no task column (when `task_header`) is left out.
fn read_grids<R: Recognizer>(
    engine: &mut R,
    page: &mut GrayImage,
    binary: &Binary,
    grids: impl IntoIterator<Item = tables::Grid>,
    dpi: u32,
    task_header: bool,
    read: &mut ReadTables,
) -> Result<(), String> {
    for g in grids {
        let texts = tables::read_cells(
            engine,
            page,
            binary,
            &g,
            dpi,
            task_header,
            &records::heading_of,
        )?;
        read.extend(texts.map(|t| (g, t)));
    }
    Ok(())
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
        PageContent::Raster { image, dpi, pen } => {
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
                let pen = opts.digits.as_deref().map(|d| (pen.as_deref(), d));
                ocr_page(source, number, (&image, dpi, pen), size, lease, carry)?
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
    (image, dpi, pen): (&GrayImage, u32, Option<(Option<&GrayImage>, &Digits)>),
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
    let mut page = read_raster(engine, (image, dpi, pen), number, size, carry).map_err(ocr_err)?;
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
            // The pen ink is not turned: a turned page's header is read
            // without its handwritten figures.
            let again =
                read_raster(engine, (&turned, dpi, None), number, size, None).map_err(ocr_err)?;
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
    use crate::ocr::replay::{Recording, Replay};

    /// Page 5 of the clean scan of plan 215/KH-SNNMT (a table's last three
    /// rows under its repeated header), as Tesseract read it: captured by
    /// `cargo test --lib pipeline::tests::capture_the_replayed_page -- --ignored`.
    const REPLAY: &str = "fixtures/replay/kh-215-snnmt.scan-clean.p5.json";
    const REPLAY_INPUT: &str = "fixtures/inputs/kh-215-snnmt.scan-clean.pdf";
    const REPLAY_PAGE: usize = 4;

    /// Page `REPLAY_PAGE` of `REPLAY_INPUT` read by engines of `pool`, with
    /// the command line's defaults and no repair.
    fn read_replay_page<R: Recognizer + Send>(pool: &Pool<R>) -> Result<PageResult> {
        let source = Source::open(std::path::Path::new(REPLAY_INPUT))?;
        let opts = Options {
            dpi: 300,
            lang: "vie".into(),
            repair: None,
            dictionaries: "none".into(),
            digits: None,
        };
        run_page(&source, REPLAY_PAGE, &opts, &mut pool.lease(), None)
    }

    fn replay() -> Replay {
        let json = std::fs::read_to_string(REPLAY).expect(REPLAY);
        Replay::from_json(&json).expect(REPLAY)
    }

    #[test]
    #[ignore = "writes the capture the replay tests read; needs Tesseract"]
    fn capture_the_replayed_page() {
        let pool = Pool::new(|| {
            Ok(Recording {
                inner: crate::ocr::Tesseract::new("vie", std::time::Duration::from_secs(120))?,
                calls: Vec::new(),
            })
        });
        read_replay_page(&pool).unwrap();
        let calls = pool.free.lock().unwrap().pop().unwrap().calls;
        let json = serde_json::to_string_pretty(&calls).unwrap();
        std::fs::create_dir_all("fixtures/replay").unwrap();
        std::fs::write(REPLAY, json + "\n").unwrap();
    }

    /// The text of each cell of a page's first table, by row.
    fn cell_rows(page: &PageResult) -> Vec<Vec<String>> {
        let rows = page.tables[0].rows();
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.replace('\n', " / ")).collect())
            .collect()
    }

    #[test]
    fn a_word_replayed_in_the_wrong_cell_reads_as_a_wrong_table() {
        // "Sở" of row 4's lead unit ("Văn phòng Sở") replayed as read in
        // the deadline cell beside it: both cells and the task change.
        let json = std::fs::read_to_string(REPLAY).expect(REPLAY);
        let mut calls: Vec<crate::ocr::replay::Call> = serde_json::from_str(&json).unwrap();
        let texts = |c: &crate::ocr::replay::Call| -> Vec<String> {
            c.words.iter().map(|w| w.text.clone()).collect()
        };
        let lead = calls
            .iter()
            .position(|c| texts(c) == ["Văn", "phòng", "Sở"])
            .expect("row 4's lead unit in the capture");
        let deadline = calls
            .iter()
            .position(|c| texts(c) == ["Khi", "có", "yêu", "cầu"])
            .expect("row 4's deadline in the capture");
        let so = calls[lead].words.pop().unwrap();
        calls[deadline].words.push(so);
        let r = Replay::new(calls);
        let page = read_replay_page(&Pool::new(move || Ok(r.clone()))).unwrap();
        let cells = cell_rows(&page);
        assert_eq!(cells[2][2], "Văn phòng");
        assert!(cells[2][3].contains("Sở"), "{}", cells[2][3]);
        assert_ne!(cells[2][3], "Khi có yêu cầu");
        let (_, tasks, _) = records::build(&page.tables, Some(2026));
        assert_eq!(tasks[1].number.as_deref(), Some("4"));
        assert_eq!(tasks[1].lead_units, ["Văn phòng"]);
    }

    #[test]
    fn a_header_cell_that_names_no_column_is_read_again() {
        // The lead column's header "Cơ quan chủ trì" captured as misread
        // ("chủ"); the second reading that a header naming other columns
        // asks for answers `again`: kept when it names a column.
        let json = std::fs::read_to_string(REPLAY).expect(REPLAY);
        let calls: Vec<crate::ocr::replay::Call> = serde_json::from_str(&json).unwrap();
        let head = calls
            .iter()
            .position(|c| {
                c.words
                    .iter()
                    .map(|w| w.text.as_str())
                    .eq(["Cơ", "quan", "chủ", "trì"])
            })
            .expect("the lead column's header in the capture");
        for (again, want) in [
            (vec!["Cơ", "quan", "chủ", "trì"], "Cơ quan chủ trì"),
            (vec!["ẩm"], "chủ"),
        ] {
            let mut calls = calls.clone();
            let mut reread = calls[head].clone();
            calls[head].words.truncate(3);
            calls[head].words.drain(..2);
            for (w, t) in reread.words.iter_mut().zip(&again) {
                w.text = t.to_string();
            }
            reread.words.truncate(again.len());
            calls.insert(head + 1, reread);
            let r = Replay::new(calls);
            let page = read_replay_page(&Pool::new(move || Ok(r.clone()))).unwrap();
            assert_eq!(cell_rows(&page)[0][2], want);
        }
    }

    #[test]
    fn a_replayed_table_page_reads_into_cells_and_tasks() {
        let r = replay();
        let page = read_replay_page(&Pool::new(move || Ok(r.clone()))).unwrap();
        assert_eq!(page.tables.len(), 1);
        let t = &page.tables[0];
        assert_eq!((t.page, t.n_rows, t.n_cols), (5, 4, 7));
        let cells = cell_rows(&page);
        // As printed (read off the page image); a cell's printed line
        // breaks are wraps, so its text is one line.
        for (row, col, want) in [
            (0, 0, "TT"),
            (0, 1, "Nhiệm vụ"),
            (0, 2, "Cơ quan chủ trì"),
            (1, 0, "3"),
            (1, 2, "Văn phòng Đăng ký đất đai"),
            (1, 3, "quý 1 năm 2027"),
            (1, 6, "Theo tiến độ của Bộ"),
            (2, 0, "4"),
            (
                2,
                1,
                "Cung cấp số liệu, dữ liệu phục vụ chỉ đạo, điều hành của Ủy ban nhân dân tỉnh",
            ),
            (2, 2, "Văn phòng Sở"),
            (2, 3, "Khi có yêu cầu"),
            (2, 6, ""),
            // The engine reads nothing of the printed "5" (it is so in the
            // capture): an unread label, which the records stage numbers.
            (3, 0, records::UNREAD_LABEL),
            (3, 3, "Ngày 20/10/2026"),
            (3, 4, "Các phòng, đơn vị thuộc Sở"),
        ] {
            assert_eq!(cells[row][col], want, "cell {row},{col}");
        }
        let (_, tasks, _) = records::build(&page.tables, Some(2026));
        let got: Vec<(Option<&str>, Vec<&str>, Option<&str>)> = tasks
            .iter()
            .map(|t| {
                let lead = t.lead_units.iter().map(String::as_str).collect();
                (t.number.as_deref(), lead, t.deadline.end.as_deref())
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("3"),
                    vec!["Văn phòng Đăng ký đất đai"],
                    Some("2027-03-31")
                ),
                (Some("4"), vec!["Văn phòng Sở"], None),
                (Some("5"), vec!["Văn phòng Sở"], Some("2026-10-20")),
            ]
        );
    }

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
}
