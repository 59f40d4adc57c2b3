//! One input through every stage: an opened [`Source`] in, a [`Document`]
//! out. Pages run in parallel; each worker leases a recogniser from a
//! [`Pool`] for as long as it lives, so engines are created once per thread
//! and only when a page needs OCR.

use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::export::{self, Document, Extraction, Page, PageOrigin, SourceInfo, Warning};
use crate::layout::{self, PageLayout};
use crate::ocr::{Recognizer, SegMode};
use crate::source::{PageContent, Source};

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
#[derive(Debug, Clone)]
pub struct Options {
    pub dpi: u32,
    pub lang: String,
}

impl Options {
    pub fn extraction(&self) -> Extraction {
        Extraction {
            kehoach_version: env!("CARGO_PKG_VERSION").to_string(),
            lang: self.lang.clone(),
            dpi: self.dpi,
        }
    }
}

struct PageResult {
    layout: PageLayout,
    origin: PageOrigin,
    dpi: Option<u32>,
}

/// Pages whose mean word confidence is below this get a warning.
const LOW_PAGE_CONFIDENCE: f32 = 0.6;

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
    let results: Vec<Result<PageResult>> = (0..n)
        .into_par_iter()
        .map_init(
            || pool.lease(),
            |lease, i| {
                let r = run_page(source, i, opts, lease);
                page_done();
                r
            },
        )
        .collect();

    let mut warnings = Vec::new();
    let mut pages = Vec::with_capacity(n);
    let mut layouts = Vec::new();
    let mut first_err = None;
    let mut any_ocr = false;
    for (i, r) in results.into_iter().enumerate() {
        let number = i + 1;
        match r {
            Ok(p) => {
                any_ocr |= p.origin == PageOrigin::Ocr;
                let conf = p.layout.mean_confidence();
                if p.layout.lines.is_empty() {
                    warnings.push(Warning {
                        code: "blank_page".into(),
                        page: Some(number),
                        message: "no text found on this page".into(),
                    });
                } else if conf.is_some_and(|c| c < LOW_PAGE_CONFIDENCE) {
                    warnings.push(Warning {
                        code: "low_confidence_page".into(),
                        page: Some(number),
                        message: format!("mean OCR confidence {:.2}", conf.unwrap_or(0.0)),
                    });
                }
                let has_size = p.layout.width_pt > 0.0;
                pages.push(Page {
                    number,
                    source: p.origin,
                    dpi: p.dpi,
                    width_pt: has_size.then(|| export::round_to(p.layout.width_pt as f64, 0.1)),
                    height_pt: has_size.then(|| export::round_to(p.layout.height_pt as f64, 0.1)),
                    mean_confidence: conf.map(|c| export::round_to(c as f64, 0.001)),
                    text: p.layout.text(),
                });
                layouts.push(p.layout);
            }
            Err(e) => {
                // One bad page does not lose the rest of the document.
                warnings.push(Warning {
                    code: "page_failed".into(),
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
    let document = crate::header::parse(&lines, page_width);
    Ok(Document {
        schema_version: export::SCHEMA_VERSION,
        source: SourceInfo {
            file: display.to_string(),
            sha256: source.sha256.clone(),
            kind: source.kind(any_ocr),
            pages: n,
        },
        document,
        tasks: Vec::new(),
        tables: Vec::new(),
        pages,
        warnings,
        extraction: opts.extraction(),
    })
}

fn run_page<R: Recognizer + Send>(
    source: &Source,
    i: usize,
    opts: &Options,
    lease: &mut Lease<'_, R>,
) -> Result<PageResult> {
    let loaded = source.load_page(i, opts.dpi)?;
    let number = i + 1;
    Ok(match loaded.content {
        PageContent::Raster { image, dpi } => {
            let words = lease
                .engine()?
                .recognize(&image, dpi, None, SegMode::Page)
                .map_err(|reason| Error::Ocr {
                    path: source.path.clone(),
                    page: number,
                    reason,
                })?;
            PageResult {
                layout: layout::from_ocr(number, &words, dpi, loaded.width_pt, loaded.height_pt),
                origin: PageOrigin::Ocr,
                dpi: Some(dpi),
            }
        }
        PageContent::Words { words } => PageResult {
            layout: layout::from_text_layer(number, &words, loaded.width_pt, loaded.height_pt),
            origin: PageOrigin::TextLayer,
            dpi: None,
        },
        PageContent::Text(t) => PageResult {
            layout: layout::from_plain_text(&t),
            origin: PageOrigin::Text,
            dpi: None,
        },
    })
}
