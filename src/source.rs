//! Source stage: an input file in, its pages out.
//!
//! The kind is detected from the bytes, never the extension. PDF pages that
//! carry a real text layer give positioned words; image-only PDF pages are
//! rendered to grey at the configured resolution (pure-Rust `hayro`, so no
//! external program or downloaded binary is needed); PNG, JPEG and TIFF
//! (every page of a multi-page TIFF) are pages; UTF-8 text is taken as
//! already-OCR'd text. This and `export` are the only stages that do I/O.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hayro::hayro_interpret::font::Glyph;
use hayro::hayro_interpret::hayro_cmap::BfString;
use hayro::hayro_interpret::TransformExt;
use hayro::hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image,
    ImageDrawProps, InterpreterCache, InterpreterSettings, SoftMask,
};
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::kurbo::{Affine, BezPath, Point, Rect as KRect};
use hayro::vello_cpu::color::palette::css::WHITE;
use image::GrayImage;

use crate::capture::Captured;
use crate::error::{Error, Result};
use crate::export::Capture;
use crate::geometry::Rect;
use crate::ocr::Word;
use crate::util::sha256_hex;

// The kind of an input is part of the output contract.
pub use crate::export::SourceKind;

/// Largest raster we will allocate for one page, in pixels. A 300 dpi A3
/// page is ~17 Mpx; this leaves room for big drawings while refusing
/// "PDF bombs" that declare absurd page or image sizes.
pub const MAX_PAGE_PIXELS: u64 = 120_000_000;
/// Largest side of a page raster, in pixels.
pub const MAX_PAGE_SIDE: u32 = 20_000;

/// An opened input: its bytes' hash and a way to load each page.
pub struct Source {
    pub path: PathBuf,
    pub sha256: String,
    inner: Inner,
    /// Pages that could not be decoded while the others were (a
    /// multi-page TIFF cut short, a broken photo among a document's
    /// pages): their 0-based indices, rising, and why.
    damaged: Vec<(usize, String)>,
}

/// An input's bytes as read: one file, or the page files of a folder
/// given as one document (`--document`), in page order.
pub enum RawInput {
    File(Vec<u8>),
    Pages(Vec<(PathBuf, Vec<u8>)>),
}

impl RawInput {
    /// Read `path`: a folder is the page images of one document. Each file
    /// is refused over `max_bytes` from its size, before it is read.
    pub fn read(path: &Path, max_bytes: u64) -> Result<RawInput> {
        if !path.is_dir() {
            return read_bounded(path, max_bytes).map(RawInput::File);
        }
        let pages = page_files(path)?
            .into_iter()
            .map(|p| read_bounded(&p, max_bytes).map(|b| (p, b)))
            .collect::<Result<Vec<_>>>()?;
        Ok(RawInput::Pages(pages))
    }

    /// What the output records as the input's SHA-256: a folder's is that
    /// of its pages' digests in order, so a page changed, added, removed
    /// or moved changes it.
    pub fn sha256(&self) -> String {
        match self {
            RawInput::File(bytes) => sha256_hex(bytes),
            RawInput::Pages(pages) => pages_sha256(pages),
        }
    }
}

fn pages_sha256(pages: &[(PathBuf, Vec<u8>)]) -> String {
    let digests: String = pages.iter().map(|(_, b)| sha256_hex(b)).collect();
    sha256_hex(digests.as_bytes())
}

/// The page images of a document folder, in natural name order; hidden
/// files and files that are no image (by name or content) are not pages.
fn page_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_file() && !hidden && is_page_image(&path) {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(Error::NoPageImages {
            path: dir.to_path_buf(),
        });
    }
    files.sort_by(|a, b| natural_order(&a.to_string_lossy(), &b.to_string_lossy()));
    Ok(files)
}

/// An image by its extension, or by its first bytes when it has none we
/// know (a photo forwarded without one).
fn is_page_image(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("png" | "jpg" | "jpeg" | "tif" | "tiff") => true,
        Some(_) => false,
        None => {
            let mut head = [0u8; 8];
            use std::io::Read;
            std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .is_ok_and(|n| matches!(sniff(&head[..n]), Sniffed::Image | Sniffed::Tiff))
        }
    }
}

/// Names compared with their runs of digits as numbers: "page 2" before
/// "page 10", as a phone or a file manager lists them.
fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, t)) if *d == digit => t.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let key = |(digit, t): &(bool, String)| {
        let n = t.trim_start_matches('0');
        (
            *digit,
            if *digit { n.len() } else { 0 },
            if *digit {
                n.to_string()
            } else {
                t.to_lowercase()
            },
        )
    };
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let o = match (x.0, y.0) {
            (true, true) => key(x)
                .1
                .cmp(&key(y).1)
                .then_with(|| key(x).2.cmp(&key(y).2)),
            _ => key(x).2.cmp(&key(y).2),
        };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

enum Inner {
    Pdf(Arc<Pdf>),
    /// Decoded once; pages are shared with the workers, not copied.
    Images(Vec<Arc<Captured>>),
    Text(String),
    /// A Word document's body; `legacy` when it came from a `.doc`.
    Docx {
        body: Arc<crate::docx::Body>,
        legacy: bool,
    },
    /// A web page's body, in the shape a Word document's has.
    Html(Arc<crate::docx::Body>),
}

/// One page, ready for OCR or already text.
pub enum PageContent {
    /// A grey raster, its resolution in dpi and its blue pen ink (see
    /// [`crate::capture::Captured::pen`]).
    Raster {
        image: Arc<GrayImage>,
        dpi: u32,
        pen: Option<Arc<GrayImage>>,
    },
    /// Words from a PDF text layer and the thin filled or stroked shapes
    /// that may be table rules, boxes in PDF points (top-left origin).
    Words { words: Vec<Word>, rules: Vec<Rect> },
    /// Plain text from a `.txt` input.
    Text(String),
    /// The body of a Word document: the whole document is one page.
    Docx(Arc<crate::docx::Body>),
}

pub struct LoadedPage {
    pub content: PageContent,
    pub width_pt: f32,
    pub height_pt: f32,
    /// A PDF page's text layer when it does not show the page (the page is
    /// then a raster for OCR): its words, kept for what they say (a
    /// signature stamp), and why it was set aside.
    pub set_aside: Option<SetAside>,
    /// What else a reader should know of the page, as warnings (code,
    /// message): an image cut short, a legacy encoding converted, a text
    /// layer turned upright.
    pub notes: Vec<(&'static str, String)>,
    /// How a raster page was captured (`None` for text).
    pub capture: Option<Capture>,
}

/// A text layer that was not taken for the page's text.
pub struct SetAside {
    pub words: Vec<Word>,
    /// Warning code: `text_layer_partial` (the layer covers a small part
    /// of a page an image fills), `text_layer_hidden` (its text is not
    /// shown: invisible, painted over or off the page) or
    /// `text_layer_unreadable` (too few characters it can map).
    pub code: &'static str,
    pub reason: String,
}

impl Source {
    /// Read and identify `path`, refusing files over
    /// [`DEFAULT_MAX_INPUT_BYTES`] from their size before reading them.
    pub fn open(path: &Path) -> Result<Source> {
        Source::from_raw(path, RawInput::read(path, DEFAULT_MAX_INPUT_BYTES)?)
    }

    /// A file's bytes, or a document folder's page images: a page image
    /// that cannot be decoded is a damaged page, the others are read.
    pub fn from_raw(path: &Path, raw: RawInput) -> Result<Source> {
        let pages = match raw {
            RawInput::File(bytes) => return Source::from_bytes(path, bytes),
            RawInput::Pages(pages) => pages,
        };
        let sha256 = pages_sha256(&pages);
        let (mut images, mut damaged) = (Vec::new(), Vec::new());
        for (file, bytes) in &pages {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            let decoded = match sniff(bytes) {
                Sniffed::Tiff => decode_tiff(file, bytes).map(|t| {
                    let n = t.pages.len();
                    (t.pages, t.cut.map(|r| (n, r)))
                }),
                _ => decode_image(file, bytes).map(|c| (vec![c], None)),
            };
            match decoded {
                Ok((pages, cut)) => {
                    let at = images.len() + damaged.len();
                    if let Some((n, reason)) = cut {
                        damaged.push((at + n, format!("{name}: {reason}")));
                    }
                    images.extend(pages);
                }
                Err(e) => damaged.push((images.len() + damaged.len(), format!("{name}: {e}"))),
            }
        }
        if images.is_empty() {
            let reason = damaged.first().map(|d| d.1.clone()).unwrap_or_default();
            return Err(Error::BadImage {
                path: path.to_path_buf(),
                reason: format!("no page image could be read ({reason})"),
            });
        }
        Ok(Source {
            path: path.to_path_buf(),
            sha256,
            inner: Inner::Images(shared(images)),
            damaged,
        })
    }

    /// Identify in-memory `bytes` that came from `path`.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source> {
        let p = || path.to_path_buf();
        if bytes.is_empty() {
            return Err(Error::Empty { path: p() });
        }
        let sha256 = sha256_hex(&bytes);
        let mut damaged = Vec::new();
        let inner = match sniff(&bytes) {
            Sniffed::Pdf => Inner::Pdf(Arc::new(open_pdf(path, bytes)?)),
            Sniffed::Tiff => {
                let tiff = decode_tiff(path, &bytes)?;
                damaged.extend(tiff.cut.map(|reason| (tiff.pages.len(), reason)));
                Inner::Images(shared(tiff.pages))
            }
            Sniffed::Image => Inner::Images(shared(vec![decode_image(path, &bytes)?])),
            Sniffed::Text if is_html(path, &bytes) => {
                Inner::Html(Arc::new(read_html(path, &decode_text(path, bytes)?)?))
            }
            Sniffed::Text => Inner::Text(decode_text(path, bytes)?),
            Sniffed::Zip => Inner::Docx {
                body: Arc::new(read_docx(path, &bytes)?),
                legacy: false,
            },
            Sniffed::LegacyDoc => Inner::Docx {
                body: Arc::new(read_docx(path, &convert_doc(path, &bytes)?)?),
                legacy: true,
            },
            Sniffed::Unknown => return Err(Error::UnknownKind { path: p() }),
        };
        Ok(Source {
            path: path.to_path_buf(),
            sha256,
            inner,
            damaged,
        })
    }

    pub fn page_count(&self) -> usize {
        match &self.inner {
            Inner::Pdf(pdf) => pdf.pages().len(),
            Inner::Images(images) => images.len() + self.damaged.len(),
            Inner::Text(_) | Inner::Docx { .. } | Inner::Html(_) => 1,
        }
    }

    /// The document's kind once its pages are known: a PDF is `pdf-text`
    /// only when no page needed OCR.
    pub fn kind(&self, any_ocr: bool) -> SourceKind {
        match &self.inner {
            Inner::Pdf(_) if any_ocr => SourceKind::PdfScanned,
            Inner::Pdf(_) => SourceKind::PdfText,
            Inner::Images(_) => SourceKind::Image,
            Inner::Text(_) => SourceKind::Text,
            Inner::Docx { .. } => SourceKind::Docx,
            Inner::Html(_) => SourceKind::Html,
        }
    }

    /// Page `index` of an image input: damaged pages hold no image.
    fn image_at<'a>(&self, images: &'a [Arc<Captured>], index: usize) -> Option<&'a Arc<Captured>> {
        if self.damaged.iter().any(|(at, _)| *at == index) {
            return None;
        }
        let before = self.damaged.iter().filter(|(at, _)| *at < index).count();
        images.get(index - before)
    }

    /// Whether the input was a legacy Word `.doc`, read after conversion.
    pub fn converted_from_doc(&self) -> bool {
        matches!(self.inner, Inner::Docx { legacy: true, .. })
    }

    /// Load page `index` (0-based). PDF pages are rendered only when they
    /// have no usable text layer.
    pub fn load_page(&self, index: usize, dpi: u32) -> Result<LoadedPage> {
        let page_err = |reason: String| Error::BadPage {
            path: self.path.clone(),
            page: index + 1,
            reason,
        };
        if let Some((_, reason)) = self.damaged.iter().find(|(at, _)| *at == index) {
            return Err(Error::PageDamaged {
                path: self.path.clone(),
                page: index + 1,
                reason: reason.clone(),
            });
        }
        match &self.inner {
            Inner::Text(t) => Ok(LoadedPage {
                content: PageContent::Text(t.clone()),
                width_pt: 0.0,
                height_pt: 0.0,
                set_aside: None,
                notes: Vec::new(),
                capture: None,
            }),
            // Read as a Word body is: same page, same records stage.
            Inner::Docx { body, .. } | Inner::Html(body) => Ok(LoadedPage {
                content: PageContent::Docx(Arc::clone(body)),
                width_pt: 0.0,
                height_pt: 0.0,
                set_aside: None,
                notes: Vec::new(),
                capture: None,
            }),
            Inner::Images(images) => {
                let c = self
                    .image_at(images, index)
                    .ok_or_else(|| page_err("no such page".into()))?;
                Ok(raster_page(c, None))
            }
            Inner::Pdf(pdf) => self.load_pdf_page(pdf, index, dpi),
        }
    }

    fn load_pdf_page(&self, pdf: &Pdf, index: usize, dpi: u32) -> Result<LoadedPage> {
        let page_err = |reason: String| Error::BadPage {
            path: self.path.clone(),
            page: index + 1,
            reason,
        };
        let pages = pdf.pages();
        let page = pages
            .get(index)
            .ok_or_else(|| page_err("no such page".into()))?;
        let (w, h) = page.render_dimensions();
        if !(w.is_finite() && h.is_finite()) || w < 1.0 || h < 1.0 {
            return Err(page_err(format!("invalid page size {w}×{h} pt")));
        }
        let mut layer = text_layer(page);
        if let Some(reason) = layer.refused.take() {
            return Err(page_err(reason));
        }
        let turn = layer.turn_upright(w, h);
        let (tw, th) = if turn % 2 == 1 { (h, w) } else { (w, h) };
        let verdict = layer_use(&layer.coverage(tw, th), layer.is_real_text());
        if verdict == LayerUse::Text {
            let mut notes = Vec::new();
            if turn != 0 {
                notes.push(("page_turned", format!(
                    "the page's text runs at {}° (a page stored turned); read turned upright (boxes are on the upright page)",
                    turn * 90
                )));
            }
            let rules = std::mem::take(&mut layer.rules);
            let mut words = layer.into_words();
            if let Some(enc) = legacy_words(&mut words) {
                notes.push((
                    "legacy_encoding",
                    format!(
                        "the text layer is typed in the legacy encoding {}; converted to Unicode",
                        enc.name()
                    ),
                ));
            }
            return Ok(LoadedPage {
                content: PageContent::Words { words, rules },
                width_pt: tw,
                height_pt: th,
                set_aside: None,
                notes,
                capture: None,
            });
        }
        let notes = layer
            .damage
            .take()
            .or_else(|| missing_parts(page))
            .map(|r| ("page_damaged", r))
            .into_iter()
            .collect();
        let set_aside = match verdict {
            LayerUse::OcrOver(code, reason) => Some(SetAside {
                words: layer.into_words(),
                code,
                reason,
            }),
            _ => None,
        };
        let c = render_checked(page, (w, h), dpi).map_err(page_err)?;
        let mut loaded = raster_page(&c, Some((w, h)));
        loaded.set_aside = set_aside;
        loaded.notes = notes;
        Ok(loaded)
    }

    /// Page `index` as a picture for a person to look at: scans as stored,
    /// every PDF page rendered at `dpi` (text-layer ones too). `None` for
    /// text input, which has no picture.
    pub fn page_image(&self, index: usize, dpi: u32) -> Result<Option<(Arc<GrayImage>, u32)>> {
        let page_err = |reason: String| Error::BadPage {
            path: self.path.clone(),
            page: index + 1,
            reason,
        };
        match &self.inner {
            Inner::Text(_) | Inner::Docx { .. } | Inner::Html(_) => Ok(None),
            Inner::Images(images) => self
                .image_at(images, index)
                .map(|c| Some((Arc::new(c.image.clone()), c.dpi)))
                .ok_or_else(|| page_err("no such page".into())),
            Inner::Pdf(pdf) => {
                let pages = pdf.pages();
                let page = pages
                    .get(index)
                    .ok_or_else(|| page_err("no such page".into()))?;
                let size = page.render_dimensions();
                let c = render_checked(page, size, dpi).map_err(page_err)?;
                Ok(Some((Arc::new(c.image), c.dpi)))
            }
        }
    }
}

/// Default for the largest input file read: far above any scanned plan
/// (a 100-page 300 dpi colour scan is ~150 MB), far below what would
/// exhaust a worker's memory.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 512 << 20;

/// The bytes of `path`, refused from its size before reading when it is
/// over `max_bytes` (inputs are held whole in memory while read).
pub fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    use std::io::Read;
    std::fs::File::open(path)
        .and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes))
        .map_err(read_err)?;
    // A file that grew while being read.
    if bytes.len() as u64 > max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Convert a page's words in place when its text layer is typed in a
/// legacy Vietnamese encoding; which one, if so.
fn legacy_words(words: &mut [Word]) -> Option<crate::legacy::Legacy> {
    let all: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let enc = crate::legacy::detect(&all.join(" "))?;
    let mut start = 0;
    while start < words.len() {
        let line = words[start].line;
        let end = start + words[start..].iter().take_while(|w| w.line == line).count();
        let texts: Vec<String> = words[start..end].iter().map(|w| w.text.clone()).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for (w, t) in words[start..end]
            .iter_mut()
            .zip(crate::legacy::convert_words(&refs, enc))
        {
            w.text = t;
        }
        start = end;
    }
    Some(enc)
}

/// A raster page as the pipeline reads it: a photo's size is its corrected
/// page's, a scan's the PDF page's (`pdf_size`) or the image's at its dpi.
fn raster_page(c: &Captured, pdf_size: Option<(f32, f32)>) -> LoadedPage {
    let (w, h) = c.size_pt.or(pdf_size).unwrap_or((
        c.image.width() as f32 * 72.0 / c.dpi as f32,
        c.image.height() as f32 * 72.0 / c.dpi as f32,
    ));
    LoadedPage {
        content: PageContent::Raster {
            image: Arc::new(c.image.clone()),
            dpi: c.dpi,
            pen: c.pen.clone().map(Arc::new),
        },
        width_pt: w,
        height_pt: h,
        set_aside: None,
        notes: Vec::new(),
        capture: Some(c.capture),
    }
}

/// What a page draws that the file does not hold: a content stream that
/// cannot be read, or an image or form it names that is not there. A PDF
/// cut short (a download or copy that stopped) keeps its page tree and
/// loses the objects after the cut; such a page renders blank, and
/// without this it would pass for an empty page.
fn missing_parts(page: &hayro::hayro_syntax::page::Page<'_>) -> Option<String> {
    if page.raw().contains_key(b"Contents") && page.page_stream().is_none() {
        return Some(
            "its content stream is missing or cannot be decoded (the file may be cut short)".into(),
        );
    }
    let content = page.page_stream()?;
    let xobjects = &page.resources().x_objects;
    xobjects.keys().find_map(|name| {
        // "/Im1" as a whole name: not the start of "/Im10".
        let used = {
            let mut pat = vec![b'/'];
            pat.extend_from_slice(name.as_ref());
            content.windows(pat.len() + 1).any(|w| {
                w.starts_with(&pat) && matches!(w[pat.len()], b' ' | b'\n' | b'\r' | b'\t' | b'/')
            })
        };
        (used && xobjects.get::<hayro::hayro_syntax::object::Stream>(name.as_ref()).is_none()).then(|| {
            format!(
                "the image or form /{} it draws is missing from the file (the file may be cut short)",
                String::from_utf8_lossy(name.as_ref())
            )
        })
    })
}

/// Render a page of `size` points at `dpi`, refusing sizes that would
/// exhaust memory.
fn render_checked(
    page: &hayro::hayro_syntax::page::Page,
    (w, h): (f32, f32),
    dpi: u32,
) -> Result<Captured, String> {
    if !(w.is_finite() && h.is_finite()) || w < 1.0 || h < 1.0 {
        return Err(format!("invalid page size {w}×{h} pt"));
    }
    let scale = dpi as f32 / 72.0;
    let (pw, ph) = ((w * scale).ceil() as u64, (h * scale).ceil() as u64);
    if pw > MAX_PAGE_SIDE as u64 || ph > MAX_PAGE_SIDE as u64 || pw * ph > MAX_PAGE_PIXELS {
        return Err(format!(
            "page is {w:.0}×{h:.0} pt, {pw}×{ph} px at {dpi} dpi: larger than kehoach renders (max {MAX_PAGE_SIDE} px a side, {MAX_PAGE_PIXELS} px)"
        ));
    }
    Ok(render_page(page, scale, dpi))
}

/// The `.txt` files of a corpus folder (recursively), sorted by path so a
/// build does not depend on directory order.
pub fn read_corpus(dir: &Path) -> Result<Vec<String>> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Read {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no .txt files"),
        });
    }
    paths.iter().map(|p| read_text(p)).collect()
}

/// Input paths of a manifest, one per line; blank lines and `#` comments
/// skipped. Lines are bytes, not text, so any file name a Unix path can
/// hold can be listed.
pub fn read_manifest(manifest: &crate::config::Manifest) -> Result<Vec<PathBuf>> {
    use crate::config::Manifest;
    use std::os::unix::ffi::OsStrExt;
    let (path, bytes) = match manifest {
        Manifest::Stdin => {
            let mut b = Vec::new();
            let r = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b);
            (PathBuf::from("(standard input)"), r.map(|_| b))
        }
        Manifest::File(p) => (p.clone(), std::fs::read(p)),
    };
    let bytes = bytes.map_err(|source| Error::Read { path, source })?;
    Ok(bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace) && !l.starts_with(b"#"))
        .map(|l| PathBuf::from(std::ffi::OsStr::from_bytes(l)))
        .collect())
}

/// A UTF-8 text file.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode_text(path, bytes)
}

/// A text file is a web page when named so, or when it opens as one.
fn is_html(path: &Path, bytes: &[u8]) -> bool {
    let named = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    named || head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn read_html(path: &Path, text: &str) -> Result<crate::docx::Body> {
    crate::html::read(text).map_err(|reason| Error::Html {
        path: path.to_path_buf(),
        reason,
    })
}

fn read_docx(path: &Path, bytes: &[u8]) -> Result<crate::docx::Body> {
    crate::docx::read(bytes).map_err(|reason| Error::Docx {
        path: path.to_path_buf(),
        reason,
    })
}

/// How long LibreOffice may take to convert one `.doc`; a first start
/// (building its profile) takes a few seconds.
const DOC_CONVERT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// A Word 97–2003 `.doc` converted to `.docx` by LibreOffice headless
/// (Debian package `libreoffice-writer-nogui`): its Word import keeps
/// tables, merged cells and paragraphs, which antiword and catdoc flatten
/// to text. Runs in a private temporary folder with its own profile (so
/// concurrent conversions and a running LibreOffice do not collide), under
/// a timeout.
fn convert_doc(path: &Path, bytes: &[u8]) -> Result<Vec<u8>> {
    let fail = |reason: String| Error::Docx {
        path: path.to_path_buf(),
        reason,
    };
    // Unique per process, thread and input: no two conversions share it.
    let thread = format!("{:?}", std::thread::current().id());
    let tag: String = thread.chars().filter(char::is_ascii_digit).collect();
    let dir = std::env::temp_dir().join(format!(
        "kehoach-doc-{}-{tag}-{}",
        std::process::id(),
        &sha256_hex(bytes)[..16]
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| fail(format!("cannot make a temporary folder: {e}")))?;
    let result = run_soffice(&dir, bytes).map_err(fail);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_soffice(dir: &Path, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let input = dir.join("input.doc");
    std::fs::write(&input, bytes).map_err(|e| format!("cannot write a temporary copy: {e}"))?;
    let mut child = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(dir)
        .arg(&input)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "a Word 97-2003 .doc is read through LibreOffice, \
                 and `soffice` was not found (Debian: apt-get install libreoffice-writer-nogui)"
                .to_string(),
            _ => format!("cannot start soffice: {e}"),
        })?;
    let start = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > DOC_CONVERT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "LibreOffice did not convert the .doc within {} s",
                    DOC_CONVERT_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for soffice: {e}")),
        }
    };
    std::fs::read(dir.join("input.docx")).map_err(|_| {
        format!("LibreOffice could not convert it to .docx (soffice exit status {status}): not a Word document, or damaged")
    })
}

fn shared(pages: Vec<Captured>) -> Vec<Arc<Captured>> {
    pages.into_iter().map(Arc::new).collect()
}

/// What a file's first bytes say it is, whatever its name.
pub(crate) enum Sniffed {
    Pdf,
    Tiff,
    Image,
    Text,
    /// A ZIP archive: a Word document if it holds `word/document.xml`.
    Zip,
    /// An OLE compound file: a Word 97–2003 `.doc`.
    LegacyDoc,
    Unknown,
}

pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    // PDF readers accept the header anywhere in the first KiB.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Sniffed::Tiff;
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Image;
    }
    if crate::docx::is_zip(bytes) {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::LegacyDoc;
    }
    if looks_like_text(bytes) {
        return Sniffed::Text;
    }
    Sniffed::Unknown
}

/// Text if it has no NUL and few control bytes in its first 8 KiB; whether
/// it is valid UTF-8 is checked (and reported) when it is decoded.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 100 <= head.len()
}

/// Longest line of a text input, in bytes: an OCR'd page's widest line is
/// a few hundred; a line of megabytes is not a document's (and every later
/// stage works a line at a time).
pub const MAX_TEXT_LINE: usize = 64 << 10;

fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = crate::text::lone_cr_to_lf(text);
    if let Some((n, line)) = text
        .split('\n')
        .enumerate()
        .find(|(_, l)| l.len() > MAX_TEXT_LINE)
    {
        return Err(Error::InputLimit {
            path: path.to_path_buf(),
            reason: format!(
                "line {} is {} bytes long; kehoach reads lines of at most {} KiB",
                n + 1,
                line.len(),
                MAX_TEXT_LINE >> 10
            ),
        });
    }
    Ok(text)
}

fn open_pdf(path: &Path, bytes: Vec<u8>) -> Result<Pdf> {
    let pdf = Pdf::new(bytes).map_err(|e| match e {
        LoadPdfError::Decryption(_) => Error::Encrypted {
            path: path.to_path_buf(),
        },
        _ => Error::BadPdf {
            path: path.to_path_buf(),
        },
    })?;
    if pdf.pages().is_empty() {
        return Err(Error::NoPages {
            path: path.to_path_buf(),
        });
    }
    check_pdf_streams(&pdf).map_err(|reason| Error::PdfLimit {
        path: path.to_path_buf(),
        reason,
    })?;
    Ok(pdf)
}

/// Largest decoded stream (content or image) kehoach accepts: a 600 dpi
/// colour A4 scan is 104 MB. The PDF library inflates whole streams in
/// memory, so a bomb (1 MB inflating to gigabytes) is refused before it.
pub const MAX_STREAM_BYTES: u64 = 128 << 20;

/// Refuse a PDF any of whose streams would inflate beyond
/// [`MAX_STREAM_BYTES`] or whose images declare more pixels than a page
/// may have. Inflating is streamed into a small buffer: the check costs
/// time (inflate runs at hundreds of MB/s), not memory.
fn check_pdf_streams(pdf: &Pdf) -> std::result::Result<(), String> {
    use hayro::hayro_syntax::object::{Name, Number, Object};
    use std::io::Read;
    for obj in pdf.objects() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        let dict = stream.dict();
        let dim = |k: &[u8]| {
            dict.get::<Number>(k)
                .map_or(0, |n| n.as_i64().max(0) as u64)
        };
        let is_image = dict
            .get::<Name>(b"Subtype".as_slice())
            .is_some_and(|n| n.as_ref() == b"Image");
        if is_image {
            if let Some(reason) = image_too_big(&stream, dim(b"Width"), dim(b"Height")) {
                return Err(reason);
            }
        }
        let filters = stream.filters();
        if !filters.contains(&Filter::FlateDecode) {
            continue;
        }
        let raw = stream.raw_data();
        let limit = MAX_STREAM_BYTES + 1;
        let mut sink = [0u8; 1 << 16];
        let mut count = |mut r: Box<dyn Read + '_>| {
            let mut n = 0u64;
            while n < limit {
                match r.read(&mut sink) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => n += k as u64,
                }
            }
            n
        };
        // Raw deflate only when the stream is not zlib-wrapped, so each
        // stream is inflated once.
        let inflated = match count(Box::new(flate2::read::ZlibDecoder::new(raw.as_ref()))) {
            0 => count(Box::new(flate2::read::DeflateDecoder::new(raw.as_ref()))),
            n => n,
        };
        if inflated > MAX_STREAM_BYTES {
            return Err(format!(
                "a compressed stream inflates to more than {} MB (a decompression bomb?)",
                MAX_STREAM_BYTES >> 20
            ));
        }
    }
    Ok(())
}

/// Why an image of a PDF must not be decoded, if it must not: the size its
/// dictionary declares, or the size its encoded data declares (what the
/// decoder will allocate), is over [`MAX_PAGE_PIXELS`].
fn image_too_big(
    stream: &hayro::hayro_syntax::object::Stream<'_>,
    w: u64,
    h: u64,
) -> Option<String> {
    let over = |(w, h): (u64, u64)| w.saturating_mul(h) > MAX_PAGE_PIXELS;
    if over((w, h)) {
        return Some(format!(
            "an image declares {w}×{h} px, more than kehoach reads ({MAX_PAGE_PIXELS} px)"
        ));
    }
    let (data, last) = encoded_image(stream)?;
    let found = match last {
        Filter::DctDecode => crate::imagehdr::jpeg(&data),
        Filter::Jbig2Decode => crate::imagehdr::jbig2(&data),
        Filter::JpxDecode => crate::imagehdr::jpx(&data),
        Filter::CcittFaxDecode => ccitt_size(stream, h),
        _ => None,
    }?;
    over(found).then(|| {
        format!(
            "an image's {last:?} data declares {}×{} px (its dictionary says {w}×{h}), more than kehoach reads ({MAX_PAGE_PIXELS} px)",
            found.0, found.1
        )
    })
}

use hayro::hayro_syntax::Filter;

/// How many bytes of an image's encoded data are looked at for its header.
const IMAGE_HEADER_BYTES: u64 = 1 << 20;

/// The start of an image's data under its last filter, and that filter:
/// the raw data, or at most [`IMAGE_HEADER_BYTES`] inflated when a
/// FlateDecode comes first. `None` for other filter chains.
fn encoded_image(stream: &hayro::hayro_syntax::object::Stream<'_>) -> Option<(Vec<u8>, Filter)> {
    use std::io::Read;
    let filters = stream.filters();
    let raw = stream.raw_data();
    match filters.as_slice() {
        [only] => Some((raw.to_vec(), *only)),
        [Filter::FlateDecode, last] => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(raw.as_ref())
                .take(IMAGE_HEADER_BYTES)
                .read_to_end(&mut out)
                .ok()?;
            Some((out, *last))
        }
        _ => None,
    }
}

/// A fax image's size from its decode parameters (`/Columns`, default
/// 1728, and `/Rows`, else the dictionary's height).
fn ccitt_size(stream: &hayro::hayro_syntax::object::Stream<'_>, h: u64) -> Option<(u64, u64)> {
    use hayro::hayro_syntax::object::{Array, Dict, Number};
    let dict = stream.dict();
    let params = dict
        .get::<Dict>(b"DecodeParms".as_slice())
        .or_else(|| dict.get::<Dict>(b"DP".as_slice()))
        .or_else(|| {
            dict.get::<Array>(b"DecodeParms".as_slice())
                .and_then(|a| a.iter::<Dict>().last())
        });
    let get = |k: &[u8]| {
        params
            .as_ref()
            .and_then(|p| p.get::<Number>(k))
            .map(|n| n.as_i64().max(0) as u64)
    };
    Some((
        get(b"Columns").unwrap_or(1728),
        get(b"Rows").unwrap_or(0).max(h),
    ))
}

/// Decoder limits: refuse images whose declared size would need more memory
/// than any real scan does, before allocating.
fn check_image_size(path: &Path, w: u32, h: u32) -> Result<()> {
    if w == 0
        || h == 0
        || w > MAX_PAGE_SIDE
        || h > MAX_PAGE_SIDE
        || w as u64 * h as u64 > MAX_PAGE_PIXELS
    {
        return Err(Error::BadImage {
            path: path.to_path_buf(),
            reason: format!(
                "{w}×{h} px is outside what kehoach reads (1 to {MAX_PAGE_SIDE} px a side, at most {MAX_PAGE_PIXELS} px)"
            ),
        });
    }
    Ok(())
}

fn decode_image(path: &Path, bytes: &[u8]) -> Result<Captured> {
    let bad = |reason: String| Error::BadImage {
        path: path.to_path_buf(),
        reason,
    };
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?;
    let (w, h) = reader.into_dimensions().map_err(|e| bad(e.to_string()))?;
    check_image_size(path, w, h)?;
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PAGE_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    // A phone stores its sensor's rows and says in EXIF how to turn them.
    use image::ImageDecoder;
    let mut decoder = reader.into_decoder().map_err(|e| bad(e.to_string()))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| bad(e.to_string()))?;
    img.apply_orientation(orientation);
    let img = on_white(img);
    let dpi = paper_dpi(img.width(), img.height(), image_dpi(bytes));
    Ok(if img.color().has_color() {
        let rgb = img.into_rgb8();
        crate::capture::from_rgb(rgb.width(), rgb.height(), rgb.as_raw(), 3, dpi)
    } else {
        crate::capture::from_gray(img.into_luma8(), dpi)
    })
}

/// The picture as it shows on a white page: transparency is composited
/// over white, so text drawn only in the alpha channel (black ink with
/// the colour channels all zero, a transparent background) is read.
fn on_white(img: image::DynamicImage) -> image::DynamicImage {
    if !img.color().has_alpha() {
        return img;
    }
    let over = |c: u8, a: u8| (255 - (255 - c as u32) * a as u32 / 255) as u8;
    if img.color().has_color() {
        let mut rgba = img.into_rgba8();
        for p in rgba.pixels_mut() {
            let [r, g, b, a] = p.0;
            p.0 = [over(r, a), over(g, a), over(b, a), 255];
        }
        image::DynamicImage::ImageRgb8(image::DynamicImage::ImageRgba8(rgba).into_rgb8())
    } else {
        let la = img.into_luma_alpha8();
        image::DynamicImage::ImageLuma8(GrayImage::from_fn(la.width(), la.height(), |x, y| {
            let [l, a] = la.get_pixel(x, y).0;
            image::Luma([over(l, a)])
        }))
    }
}

/// Longest side of the papers a document is printed on, in inches: A5
/// (8.3) to A3 (16.5). Administrative documents are A4 (Nghị định
/// 30/2020/NĐ-CP, Phụ lục I).
const PAPER_LONG_SIDE_IN: (f32, f32) = (8.0, 17.0);
const A4_LONG_SIDE_IN: f32 = 11.69;

/// The resolution of a `w`×`h` page image: the one it states when that
/// makes a paper page of it, else that of an A4 page. Cameras, screenshots
/// and many converters write 72 or 96 dpi whatever was captured: 3508 px
/// at 72 dpi would be a page 1.2 m long, and text read at that scale
/// measures its gaps and lines in the wrong units.
fn paper_dpi(w: u32, h: u32, stated: Option<u32>) -> u32 {
    let long = w.max(h) as f32;
    let (lo, hi) = PAPER_LONG_SIDE_IN;
    match stated {
        Some(d) if (lo..=hi).contains(&(long / d as f32)) => d,
        _ => ((long / A4_LONG_SIDE_IN).round() as u32).clamp(50, 2400),
    }
}

/// The pages of a TIFF, and why it ended early when a page failed to
/// decode after others did.
struct TiffPages {
    pages: Vec<Captured>,
    cut: Option<String>,
}

fn decode_tiff(path: &Path, bytes: &[u8]) -> Result<TiffPages> {
    use tiff::decoder::{Decoder, Limits};
    let bad = |reason: String| Error::BadImage {
        path: path.to_path_buf(),
        reason,
    };
    let mut dec = Decoder::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut limits = Limits::default();
    limits.decoding_buffer_size = (MAX_PAGE_PIXELS * 4) as usize;
    limits.intermediate_buffer_size = (MAX_PAGE_PIXELS * 4) as usize;
    dec = dec.with_limits(limits);
    let mut pages = Vec::new();
    loop {
        match next_tiff_page(path, &mut dec) {
            Ok(page) => pages.push(page),
            Err(e) if pages.is_empty() => return Err(e),
            Err(Error::BadImage { reason, .. }) => {
                return Ok(TiffPages {
                    pages,
                    cut: Some(reason),
                })
            }
            Err(e) => return Err(e),
        }
        if !dec.more_images() {
            break;
        }
        if let Err(e) = dec.next_image() {
            return Ok(TiffPages {
                pages,
                cut: Some(e.to_string()),
            });
        }
    }
    Ok(TiffPages { pages, cut: None })
}

/// The TIFF page the decoder stands on.
fn next_tiff_page(
    path: &Path,
    dec: &mut tiff::decoder::Decoder<Cursor<&[u8]>>,
) -> Result<Captured> {
    let bad = |reason: String| Error::BadImage {
        path: path.to_path_buf(),
        reason,
    };
    let (w, h) = dec.dimensions().map_err(|e| bad(e.to_string()))?;
    check_image_size(path, w, h)?;
    let dpi = paper_dpi(w, h, tiff_dpi(dec));
    let color = dec.colortype().map_err(|e| bad(e.to_string()))?;
    let data = dec.read_image().map_err(|e| bad(e.to_string()))?;
    tiff_page(w, h, color, data, dpi)
        .ok_or_else(|| bad(format!("unsupported TIFF colour type {color:?}")))
}

/// XResolution is a RATIONAL; ResolutionUnit 3 means per centimetre.
fn tiff_dpi(dec: &mut tiff::decoder::Decoder<Cursor<&[u8]>>) -> Option<u32> {
    use tiff::decoder::ifd::Value;
    use tiff::tags::Tag;
    let per_unit = match dec.get_tag(Tag::XResolution).ok()? {
        Value::Rational(n, d) if d != 0 => n as f64 / d as f64,
        Value::Short(v) => v as f64,
        Value::Unsigned(v) => v as f64,
        _ => return None,
    };
    let dpi = match dec.get_tag_u32(Tag::ResolutionUnit) {
        Ok(3) => per_unit * 2.54,
        _ => per_unit,
    };
    (50.0..=2400.0).contains(&dpi).then(|| dpi.round() as u32)
}

fn tiff_page(
    w: u32,
    h: u32,
    color: tiff::ColorType,
    data: tiff::decoder::DecodingResult,
    dpi: u32,
) -> Option<Captured> {
    use tiff::decoder::DecodingResult as D;
    use tiff::ColorType as C;
    let n = (w * h) as usize;
    let channels = match color {
        C::RGB(8) => 3,
        C::RGBA(8) => 4,
        _ => 0,
    };
    if channels > 0 {
        let D::U8(v) = data else { return None };
        return (v.len() >= n * channels)
            .then(|| crate::capture::from_rgb(w, h, &v, channels, dpi));
    }
    let px: Vec<u8> = match (color, data) {
        (C::Gray(8), D::U8(v)) => v,
        (C::Gray(16), D::U16(v)) => v.iter().map(|x| (x >> 8) as u8).collect(),
        (C::Gray(1), D::U8(v)) => {
            // Rows are padded to whole bytes; 0 is black unless the
            // photometric says otherwise, which the decoder has applied.
            let stride = (w as usize).div_ceil(8);
            let mut out = Vec::with_capacity(n);
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let bit = v.get(y * stride + x / 8)? >> (7 - (x % 8)) & 1;
                    out.push(if bit == 1 { 255 } else { 0 });
                }
            }
            out
        }
        _ => return None,
    };
    if px.len() < n {
        return None;
    }
    let gray = GrayImage::from_raw(w, h, px[..n].to_vec())?;
    Some(crate::capture::from_gray(gray, dpi))
}

/// Resolution from PNG `pHYs` or JPEG JFIF density; `None` when absent.
fn image_dpi(bytes: &[u8]) -> Option<u32> {
    let dpi = if bytes.starts_with(b"\x89PNG") {
        let pos = bytes.windows(4).position(|w| w == b"pHYs")?;
        let d = bytes.get(pos + 4..pos + 13)?;
        let ppu = u32::from_be_bytes([d[0], d[1], d[2], d[3]]);
        (d[8] == 1).then(|| (ppu as f64 * 0.0254).round() as u32)?
    } else {
        let pos = bytes.windows(5).position(|w| w == b"JFIF\0")?;
        let d = bytes.get(pos + 7..pos + 12)?;
        let x = u16::from_be_bytes([d[1], d[2]]) as u32;
        match d[0] {
            1 => x,
            2 => (x as f64 * 2.54).round() as u32,
            _ => return None,
        }
    };
    (50..=2400).contains(&dpi).then_some(dpi)
}

fn render_page(page: &hayro::hayro_syntax::page::Page<'_>, scale: f32, dpi: u32) -> Captured {
    let cache = hayro::RenderCache::new();
    let pixmap = hayro::render(
        page,
        &cache,
        &InterpreterSettings::default(),
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (w, h) = (pixmap.width() as u32, pixmap.height() as u32);
    // The background is opaque white, so premultiplied equals straight RGB.
    let px = pixmap.data_as_u8_slice();
    if px.len() < (w * h * 4) as usize {
        return crate::capture::from_gray(GrayImage::new(w.max(1), h.max(1)), dpi);
    }
    crate::capture::from_rgb(w, h, px, 4, dpi)
}

/// Glyphs of a PDF page's text layer, in page points (top-left origin).
#[derive(Default)]
struct TextLayer {
    glyphs: Vec<PlacedGlyph>,
    unmapped: usize,
    /// Thin shapes: candidate table rules.
    rules: Vec<Rect>,
    /// Where images were drawn, page points.
    images: Vec<KRect>,
    /// Why the page must not be rendered (an image too large to decode).
    refused: Option<String>,
    /// An image of the page that is cut short: it renders in part.
    damage: Option<String>,
}

/// Thicker than this (points) is a filled area, not a rule.
const MAX_RULE_WIDTH: f64 = 3.0;
/// Shorter than this (points) is a glyph-sized mark, not a rule.
const MIN_RULE_LENGTH: f64 = 4.0;

fn thin_rect(r: KRect) -> Option<Rect> {
    let (w, h) = (r.width(), r.height());
    let thin = w.min(h) <= MAX_RULE_WIDTH && w.max(h) >= MIN_RULE_LENGTH;
    thin.then_some(Rect {
        x0: r.x0 as f32,
        y0: r.y0 as f32,
        x1: r.x1 as f32,
        y1: r.y1 as f32,
    })
}

struct PlacedGlyph {
    text: String,
    /// Drawn visibly (not render mode 3) and not painted over since.
    shown: bool,
    /// Baseline origin and end of advance.
    x0: f64,
    x1: f64,
    baseline: f64,
    size: f64,
    /// Baseline origin, end of advance and a point one em above the
    /// origin, as drawn (for text that does not run left to right).
    drawn: [Point; 3],
}

impl PlacedGlyph {
    /// A glyph drawn at `drawn` (origin, end of advance, one em up), read
    /// as if it ran left to right.
    fn new(text: String, shown: bool, drawn: [Point; 3]) -> Option<PlacedGlyph> {
        let [origin, end, up] = drawn;
        let size = origin.distance(up);
        (size.is_finite() && size > 0.0).then(|| PlacedGlyph {
            text,
            shown,
            x0: origin.x.min(end.x),
            x1: origin.x.max(end.x),
            baseline: origin.y,
            size,
            drawn,
        })
    }

    /// Quarter turns (clockwise on the page) of the glyph's direction from
    /// left-to-right; `None` for a glyph with no advance.
    fn quarter(&self) -> Option<u32> {
        let [origin, end, _] = self.drawn;
        let (dx, dy) = (end.x - origin.x, end.y - origin.y);
        if dx.abs().max(dy.abs()) < 1e-6 {
            return None;
        }
        Some(match (dx.abs() >= dy.abs(), dx > 0.0, dy > 0.0) {
            (true, true, _) => 0,
            (false, _, true) => 1,
            (true, false, _) => 2,
            (false, _, false) => 3,
        })
    }

    /// Where its middle is drawn (hidden by an image drawn over it?).
    fn centre(&self) -> Point {
        let [o, e, u] = self.drawn;
        let up = (u - o) * (0.3 * self.size / o.distance(u).max(1e-9));
        o + (e - o) * 0.5 + up
    }
}

/// How much of its page a text layer shows, against the images drawn on
/// the page.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Coverage {
    /// Share of the page's area under images.
    image_area: f32,
    /// Share of the page's height across which shown glyphs lie.
    text_height: f32,
    /// Mapped glyphs shown on the page, and those that are not (invisible,
    /// painted over, outside the page).
    shown: usize,
    unshown: usize,
    /// Glyphs mapped to nothing, or to replacement or private-use codes.
    unmapped: usize,
}

/// Whether a page is read from its text layer or OCR'd.
#[derive(Debug, Clone, PartialEq)]
enum LayerUse {
    Text,
    /// No text layer: OCR.
    Ocr,
    /// A text layer that does not show the page: OCR, the layer set aside
    /// with a warning code and the reason.
    OcrOver(&'static str, String),
}

/// An image covering at least this share of a page makes it a scan
/// (whatever else is drawn on it).
const PAGE_IMAGE: f32 = 0.5;
/// A text layer that shows the page runs down most of it; one whose
/// glyphs lie across less than this share of the page's height is a
/// stamp, a header line or an annotation over the scan.
const SHOWN_TEXT: f32 = 0.25;

/// The decision from the evidence: a page is read from its text layer
/// unless an image fills it and the shown text covers little of it.
fn layer_use(c: &Coverage, readable: bool) -> LayerUse {
    let glyphs = c.shown + c.unshown;
    if glyphs == 0 && c.unmapped == 0 {
        return LayerUse::Ocr;
    }
    if !readable {
        return LayerUse::OcrOver(
            "text_layer_unreadable",
            format!(
                "the text layer maps {glyphs} characters to text and {} to nothing or to replacement or private-use codes; the page was OCR'd",
                c.unmapped
            ),
        );
    }
    if c.image_area < PAGE_IMAGE || c.text_height >= SHOWN_TEXT {
        return LayerUse::Text;
    }
    let pct = |x: f32| (x * 100.0).round() as u32;
    if c.unshown > c.shown {
        return LayerUse::OcrOver(
            "text_layer_hidden",
            format!(
                "{} of the text layer's {glyphs} characters are not shown (invisible, painted over or outside the page) over an image covering {}% of the page; the page was OCR'd",
                c.unshown,
                pct(c.image_area)
            ),
        );
    }
    LayerUse::OcrOver(
        "text_layer_partial",
        format!(
            "the text layer lies across {}% of the page's height over an image covering {}% of it (a stamp or annotation on a scan); the page was OCR'd, the layer kept for its stamps",
            pct(c.text_height),
            pct(c.image_area)
        ),
    )
}

/// Cells a side of the grid the image area is measured on.
const AREA_GRID: usize = 64;
/// Bands the page's height is cut into to measure the text's extent.
const HEIGHT_BANDS: usize = 400;

impl TextLayer {
    /// Turn the layer so most of its text runs left to right (a
    /// born-digital page stored with `/Rotate`, or drawn sideways): glyphs,
    /// rules and images move to the upright page. Returns the quarter
    /// turns undone; the upright page is `h` × `w` when they are odd.
    fn turn_upright(&mut self, w: f32, h: f32) -> u32 {
        let mut votes = [0usize; 4];
        for g in self.glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
            if let Some(q) = g.quarter() {
                votes[q as usize] += 1;
            }
        }
        let q = (0..4).max_by_key(|&q| (votes[q], q == 0)).unwrap_or(0) as u32;
        if q == 0 || votes[q as usize] * 2 <= votes.iter().sum::<usize>() {
            return 0;
        }
        let (w, h) = (w as f64, h as f64);
        let turn = |p: Point| match q {
            1 => Point::new(p.y, w - p.x),
            2 => Point::new(w - p.x, h - p.y),
            _ => Point::new(h - p.y, p.x),
        };
        let turn_rect =
            |r: KRect| KRect::from_points(turn(r.origin()), turn(Point::new(r.x1, r.y1)));
        self.glyphs = std::mem::take(&mut self.glyphs)
            .into_iter()
            .filter_map(|g| PlacedGlyph::new(g.text, g.shown, g.drawn.map(turn)))
            .collect();
        for r in &mut self.rules {
            let t = turn_rect(KRect::new(
                r.x0 as f64,
                r.y0 as f64,
                r.x1 as f64,
                r.y1 as f64,
            ));
            *r = Rect {
                x0: t.x0 as f32,
                y0: t.y0 as f32,
                x1: t.x1 as f32,
                y1: t.y1 as f32,
            };
        }
        for r in &mut self.images {
            *r = turn_rect(*r);
        }
        q
    }

    /// What the layer shows of a page of `w` × `h` points.
    fn coverage(&self, w: f32, h: f32) -> Coverage {
        let (w, h) = (w as f64, h as f64);
        let mut covered = 0;
        for i in 0..AREA_GRID * AREA_GRID {
            let x = ((i % AREA_GRID) as f64 + 0.5) * w / AREA_GRID as f64;
            let y = ((i / AREA_GRID) as f64 + 0.5) * h / AREA_GRID as f64;
            if self.images.iter().any(|r| r.contains(Point::new(x, y))) {
                covered += 1;
            }
        }
        let mut bands = vec![false; HEIGHT_BANDS];
        let band = |y: f64| {
            ((y / h * HEIGHT_BANDS as f64).floor().max(0.0) as usize).min(HEIGHT_BANDS - 1)
        };
        let (mut shown, mut unshown) = (0, 0);
        for g in self.glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
            let (top, bottom) = (g.baseline - 0.8 * g.size, g.baseline + 0.2 * g.size);
            let inside = g.x1 > 0.0 && g.x0 < w && bottom > 0.0 && top < h;
            if !(g.shown && inside) {
                unshown += 1;
                continue;
            }
            shown += 1;
            for b in &mut bands[band(top)..=band(bottom)] {
                *b = true;
            }
        }
        Coverage {
            image_area: covered as f32 / (AREA_GRID * AREA_GRID) as f32,
            text_height: bands.iter().filter(|&&b| b).count() as f32 / HEIGHT_BANDS as f32,
            shown,
            unshown,
            unmapped: self.unmapped,
        }
    }

    /// A text layer we can trust: enough mapped glyphs, most of them mapped.
    fn is_real_text(&self) -> bool {
        // Replacement and private-use characters were counted unmapped.
        let mapped = self
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .count();
        mapped >= 20 && mapped >= self.unmapped * 4
    }

    /// Group glyphs into words: same baseline, and no gap wider than a
    /// fraction of the font size. Lines are numbered top to bottom.
    fn into_words(mut self) -> Vec<Word> {
        self.glyphs.sort_by(|a, b| {
            a.baseline
                .total_cmp(&b.baseline)
                .then(a.x0.total_cmp(&b.x0))
        });
        // Cluster baselines into lines first, then sort each line by x.
        let mut lines: Vec<Vec<PlacedGlyph>> = Vec::new();
        for g in self.glyphs {
            match lines.last_mut() {
                Some(line)
                    if (line[0].baseline - g.baseline).abs() < 0.3 * line[0].size.max(g.size) =>
                {
                    line.push(g)
                }
                _ => lines.push(vec![g]),
            }
        }
        let mut words = Vec::new();
        for (li, mut line) in lines.into_iter().enumerate() {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut cur: Option<(String, f64, f64, f64, f64)> = None; // text, x0, x1, base, size
            let flush = |cur: &mut Option<(String, f64, f64, f64, f64)>, words: &mut Vec<Word>| {
                if let Some((t, x0, x1, base, size)) = cur.take() {
                    let text = crate::text::clean(&t);
                    if !text.is_empty() {
                        words.push(Word {
                            text,
                            bbox: Rect {
                                x0: x0 as f32,
                                y0: (base - 0.8 * size) as f32,
                                x1: x1 as f32,
                                y1: (base + 0.2 * size) as f32,
                            },
                            conf: 1.0,
                            block: 0,
                            para: 0,
                            line: li as u32,
                            chars: Vec::new(),
                        });
                    }
                }
            };
            let (spaces, ink): (Vec<PlacedGlyph>, Vec<PlacedGlyph>) =
                line.into_iter().partition(|g| g.text.trim().is_empty());
            let mut prev: Option<(f64, f64)> = None;
            for g in ink {
                let breaks = match &cur {
                    Some((_, _, x1, _, size)) => {
                        g.x0 - x1 > 0.2 * size
                            || prev.is_some_and(|p| {
                                spaces.iter().any(|s| separates(s, p, (g.x0, g.x1)))
                            })
                    }
                    None => false,
                };
                prev = Some((g.x0, g.x1));
                if breaks {
                    flush(&mut cur, &mut words);
                }
                match &mut cur {
                    Some((t, _, x1, _, _)) => {
                        t.push_str(&g.text);
                        *x1 = x1.max(g.x1);
                    }
                    None => cur = Some((g.text.clone(), g.x0, g.x1, g.baseline, g.size)),
                }
            }
            flush(&mut cur, &mut words);
        }
        words
    }
}

/// Whether a space glyph parts the glyphs spanning `a` and `b` (x ranges,
/// `a` left of `b`): it lies between them rather than under their ink. A
/// form's blank ("Số:      /KH") keeps its spaces when the signing
/// software stamps the number into it glyph by glyph; those spaces are
/// under the stamped digits and part nothing.
fn separates(space: &PlacedGlyph, a: (f64, f64), b: (f64, f64)) -> bool {
    let mid = (space.x0 + space.x1) / 2.0;
    let overlap = |(x0, x1): (f64, f64)| (space.x1.min(x1) - space.x0.max(x0)).max(0.0);
    let between = mid > (a.0 + a.1) / 2.0 && mid < (b.0 + b.1) / 2.0;
    between && overlap(a) + overlap(b) <= 0.5 * (space.x1 - space.x0)
}

/// Characters a text layer maps glyphs to when it does not know them.
fn not_text(c: char) -> bool {
    c == '\u{FFFD}'
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
        || c >= '\u{F0000}'
        || c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

impl<'a> Device<'a> for TextLayer {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        use hayro::kurbo::{PathSeg, Shape};
        let t = props.transform;
        match mode {
            DrawMode::Stroke(stroke) | DrawMode::FillAndStroke(_, stroke) => {
                // Each straight segment of a stroke is a candidate rule,
                // as wide as the pen.
                let scale = t.determinant().abs().sqrt();
                let half = (stroke.line_width as f64 * scale).max(0.5) / 2.0;
                for seg in path.segments() {
                    if let PathSeg::Line(l) = seg {
                        let (a, b) = (t * l.p0, t * l.p1);
                        let r = KRect::new(a.x.min(b.x), a.y.min(b.y), a.x.max(b.x), a.y.max(b.y));
                        let r = if r.height() < r.width() {
                            KRect::new(r.x0, r.y0 - half, r.x1, r.y1 + half)
                        } else {
                            KRect::new(r.x0 - half, r.y0, r.x1 + half, r.y1)
                        };
                        self.rules.extend(thin_rect(r));
                    }
                }
            }
            DrawMode::Fill(_) => {
                self.rules
                    .extend(thin_rect(t.transform_rect_bbox(path.bounding_box())));
            }
            DrawMode::Invisible => {}
        }
    }
    fn draw_rect(&mut self, rect: &KRect, props: DrawProps<'a>, mode: &DrawMode) {
        use hayro::kurbo::Shape;
        self.draw_path(&rect.to_path(0.1), props, mode);
    }
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_clip_rect(&mut self, _: &KRect) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph_run(
        &mut self,
        run: &hayro::hayro_interpret::font::GlyphRun<'_, 'a>,
        props: DrawProps<'a>,
        mode: &DrawMode,
    ) {
        for g in run.glyphs() {
            let t: Affine = props.transform * g.transform();
            let text = match g.as_unicode() {
                Some(BfString::Char(c)) => c.to_string(),
                Some(BfString::String(s)) => s,
                None => String::new(),
            };
            // A ToUnicode map to U+FFFD, private-use or control codes
            // says as little as no map.
            if text.is_empty() || text.chars().any(not_text) {
                self.unmapped += 1;
                continue;
            }
            let advance = match &**g {
                Glyph::Outline(o) => o.advance_width().unwrap_or(500.0) as f64,
                Glyph::Type3(_) => 500.0,
            };
            let drawn = [
                t * Point::new(0.0, 0.0),
                t * Point::new(advance, 0.0),
                t * Point::new(0.0, 1000.0),
            ];
            let shown = !matches!(mode, DrawMode::Invisible);
            self.glyphs.extend(PlacedGlyph::new(text, shown, drawn));
        }
    }
    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        use hayro::hayro_syntax::object::Object;
        let (w, h) = (image.width() as f64, image.height() as f64);
        let stream = match &image {
            Image::Raster(r) => r.stream(),
            Image::Stencil(s) => s.stream(),
        };
        if let Some(reason) = image_too_big(stream, w as u64, h as u64) {
            self.refused.get_or_insert(reason);
        }
        if let Some((data, Filter::DctDecode)) = encoded_image(stream) {
            if data.len() < IMAGE_HEADER_BYTES as usize && !crate::imagehdr::jpeg_complete(&data) {
                self.damage.get_or_insert_with(|| {
                    format!(
                        "a {}×{} px JPEG image is cut short (no end-of-image marker): only its first part is read",
                        w, h
                    )
                });
            }
        }
        let r = props
            .transform
            .transform_rect_bbox(KRect::new(0.0, 0.0, w, h));
        // An opaque picture hides the text drawn before it (text under a
        // scan); a masked one (a signature's transparent PNG) does not.
        let opaque = match &image {
            Image::Raster(raster) => {
                let dict = raster.stream().dict();
                [b"SMask".as_slice(), b"Mask".as_slice()]
                    .iter()
                    .all(|k| dict.get::<Object>(*k).is_none())
            }
            Image::Stencil(_) => false,
        };
        if opaque {
            for g in &mut self.glyphs {
                if r.contains(g.centre()) {
                    g.shown = false;
                }
            }
        }
        self.images.push(r);
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

fn text_layer(page: &hayro::hayro_syntax::page::Page<'_>) -> TextLayer {
    let cache = InterpreterCache::new();
    let (w, h) = page.render_dimensions();
    let mut ctx = Context::new(
        page.initial_transform(true).to_kurbo(),
        KRect::new(0.0, 0.0, w as f64, h as f64),
        &cache,
        page.xref(),
        InterpreterSettings::default(),
    );
    let mut layer = TextLayer::default();
    interpret_page(page, &mut ctx, &mut layer);
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_image_has_the_resolution_of_a_paper_page() {
        for (w, h, stated, want) in [
            (2480, 3508, Some(300), 300), // A4 as stated
            (2479, 3508, Some(72), 300),  // a 1.2 m page: A4 instead
            (2479, 3508, None, 300),
            (1654, 2339, Some(96), 200),
            (3508, 2480, Some(72), 300), // landscape
            (750, 1069, Some(72), 72),   // a 14.8 in page: taken as stated
            (4000, 3000, Some(72), 342), // a phone's photo
            (1240, 1754, Some(150), 150),
        ] {
            assert_eq!(paper_dpi(w, h, stated), want, "{w}×{h} {stated:?}");
        }
    }

    #[test]
    fn web_pages_are_told_by_name_or_opening() {
        for (name, text, want) in [
            ("a.html", "<p>x</p>", true),
            ("a.HTM", "x", true),
            ("a.txt", "<!DOCTYPE html><html>", true),
            ("a", "\u{feff}  <html lang=vi>", true),
            ("a.txt", "Số: 12/KH-UBND <html>", false),
            ("a.txt", "<p>trong ô</p>\tcột", false),
        ] {
            assert_eq!(
                is_html(Path::new(name), text.as_bytes()),
                want,
                "{name} {text:?}"
            );
        }
    }

    #[test]
    fn sniff_by_content_not_extension() {
        for (bytes, want) in [
            (&b"%PDF-1.7\n..."[..], "pdf"),
            (b"\x89PNG\r\n\x1a\n\0\0", "image"),
            (b"II*\0\x08\0\0\0", "tiff"),
            ("Số: 12/KH-UBND\n".as_bytes(), "text"),
            (b"\0\x01\x02\x03binary", "unknown"),
            (b"PK\x03\x04\x14\0", "zip"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0", "doc"),
        ] {
            let got = match sniff(bytes) {
                Sniffed::Pdf => "pdf",
                Sniffed::Tiff => "tiff",
                Sniffed::Image => "image",
                Sniffed::Text => "text",
                Sniffed::Zip => "zip",
                Sniffed::LegacyDoc => "doc",
                Sniffed::Unknown => "unknown",
            };
            assert_eq!(got, want);
        }
    }

    #[test]
    fn page_files_sort_as_people_number_them() {
        let mut names = vec![
            "IMG_10.jpg",
            "IMG_9.jpg",
            "img_2.JPG",
            "p01.png",
            "p1.png",
            "a",
        ];
        names.sort_by(|a, b| natural_order(a, b));
        // Letters compare without case, numbers by value.
        assert_eq!(
            names,
            [
                "a",
                "img_2.JPG",
                "IMG_9.jpg",
                "IMG_10.jpg",
                "p01.png",
                "p1.png"
            ]
        );
        for (a, b, want) in [
            ("trang 2.jpg", "trang 10.jpg", std::cmp::Ordering::Less),
            ("trang 10.jpg", "trang 2.jpg", std::cmp::Ordering::Greater),
            ("b.jpg", "a.jpg", std::cmp::Ordering::Greater),
            ("2.png", "2.png", std::cmp::Ordering::Equal),
        ] {
            assert_eq!(natural_order(a, b), want, "{a} vs {b}");
        }
    }

    /// A 400×300 grey PNG, dark where `dark` (its centre lies beyond the
    /// edge band a scanner's dark margin is cleared from).
    fn png(dark: bool) -> Vec<u8> {
        let img = GrayImage::from_pixel(400, 300, image::Luma([if dark { 0 } else { 255 }]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_folder_is_one_document_of_its_page_images() {
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
        put("10.png", &png(false));
        put("2.png", &png(true));
        put("notes.txt", b"not a page");
        put(".thumb.png", &png(true));
        put("3.jpg", b"\xFF\xD8\xFF broken");
        let raw = RawInput::read(dir.path(), 1 << 20).unwrap();
        let sha = raw.sha256();
        let src = Source::from_raw(dir.path(), raw).unwrap();
        // 2.png, the broken 3.jpg, 10.png: the broken one is a damaged page.
        assert_eq!(src.page_count(), 3);
        assert_eq!(src.sha256, sha);
        let dark = |i: usize| {
            src.page_image(i, 300)
                .unwrap()
                .unwrap()
                .0
                .get_pixel(200, 150)
                .0[0]
                < 128
        };
        assert!(dark(0));
        assert!(matches!(
            src.load_page(1, 300),
            Err(Error::PageDamaged { page: 2, .. })
        ));
        assert!(!dark(2));
        // Pages in another order are another input.
        std::fs::rename(dir.path().join("2.png"), dir.path().join("20.png")).unwrap();
        assert_ne!(RawInput::read(dir.path(), 1 << 20).unwrap().sha256(), sha);
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            RawInput::read(empty.path(), 1 << 20),
            Err(Error::NoPageImages { .. })
        ));
    }

    #[test]
    fn errors_name_the_problem() {
        let p = Path::new("x.bin");
        assert!(matches!(
            Source::from_bytes(p, vec![]),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            Source::from_bytes(p, b"%PDF-1.4\ngarbage".to_vec()),
            Err(Error::BadPdf { .. })
        ));
        assert!(matches!(
            Source::from_bytes(p, vec![b'a', 0xFF, 0xFE, b'b']),
            Err(Error::NotUtf8 { offset: 1, .. })
        ));
    }

    #[test]
    fn coverage_decision_table() {
        // (image area, text height, shown, unshown, readable) → decision.
        type Evidence = (f32, f32, usize, usize, bool);
        let rows: [(Evidence, &str); 9] = [
            // Born-digital: no image, text down the page.
            ((0.0, 0.7, 3000, 0, true), "text"),
            // A logo or a signature picture on a born-digital page.
            ((0.05, 0.6, 2500, 0, true), "text"),
            // Its last page: a few lines and a signature picture.
            ((0.08, 0.12, 300, 0, true), "text"),
            // A page-size background behind a page of text.
            ((1.0, 0.65, 2800, 0, true), "text"),
            // A scan with no text layer.
            ((1.0, 0.0, 0, 0, true), "ocr"),
            // A scan with a signing stamp over its top corner.
            ((1.0, 0.05, 55, 0, true), "text_layer_partial"),
            // A scan whose stamp lies outside the page.
            ((1.0, 0.0, 0, 60, true), "text_layer_hidden"),
            // OCRmyPDF's sandwich: invisible text over the scan.
            ((1.0, 0.0, 0, 2900, true), "text_layer_hidden"),
            // Too few mapped characters to be text.
            ((1.0, 0.01, 6, 0, false), "text_layer_unreadable"),
        ];
        for ((image_area, text_height, shown, unshown, readable), want) in rows {
            let c = Coverage {
                image_area,
                text_height,
                shown,
                unshown,
                unmapped: usize::from(!readable) * 40,
            };
            let got = match layer_use(&c, readable) {
                LayerUse::Text => "text",
                LayerUse::Ocr => "ocr",
                LayerUse::OcrOver(code, _) => code,
            };
            assert_eq!(got, want, "{c:?}");
        }
    }

    fn glyph(text: &str, x0: f64, x1: f64) -> PlacedGlyph {
        let drawn = [
            Point::new(x0, 100.0),
            Point::new(x1, 100.0),
            Point::new(x0, 87.0),
        ];
        PlacedGlyph::new(text.into(), true, drawn).unwrap()
    }

    #[test]
    fn digits_stamped_into_a_blank_are_one_word() {
        let words = |glyphs: Vec<PlacedGlyph>| -> Vec<String> {
            let layer = TextLayer {
                glyphs,
                ..TextLayer::default()
            };
            layer.into_words().into_iter().map(|w| w.text).collect()
        };
        // "Số:" then the form's spaces to "/KH"; the signing software
        // drew "115" over those spaces.
        let mut stamped = vec![
            glyph("S", 100.0, 107.0),
            glyph("ố", 107.0, 113.5),
            glyph(":", 113.5, 117.0),
        ];
        stamped
            .extend((0..12).map(|i| glyph(" ", 117.0 + 3.25 * i as f64, 120.25 + 3.25 * i as f64)));
        stamped.extend([
            glyph("1", 133.5, 140.0),
            glyph("1", 140.0, 146.5),
            glyph("5", 146.5, 153.0),
        ]);
        stamped.extend([glyph("/", 156.0, 159.6), glyph("K", 159.6, 169.0)]);
        assert_eq!(words(stamped), ["Số:", "115", "/K"]);
        // Spaces between words still part them, also when narrower or a
        // little wider than the gap.
        let typed = vec![
            glyph("a", 100.0, 106.0),
            glyph(" ", 106.0, 109.25),
            glyph("b", 109.25, 115.0),
            glyph(" ", 115.0, 118.6),
            glyph("c", 117.5, 124.0),
        ];
        assert_eq!(words(typed), ["a", "b", "c"]);
    }

    /// Glyphs of `words` drawn in a line turned `q` quarter turns
    /// clockwise on a 595 × 842 pt page.
    fn turned_line(words: &[&str], q: u32) -> TextLayer {
        let (w, h) = (595.0, 842.0);
        // Upright position → drawn position (the inverse of turn_upright).
        let draw = |p: Point| match q {
            0 => p,
            1 => Point::new(w - p.y, p.x),
            2 => Point::new(w - p.x, h - p.y),
            _ => Point::new(p.y, h - p.x),
        };
        let mut glyphs = Vec::new();
        let mut x = 100.0;
        for word in words {
            for c in word.chars() {
                let drawn = [
                    Point::new(x, 200.0),
                    Point::new(x + 7.0, 200.0),
                    Point::new(x, 187.0),
                ];
                glyphs.push(PlacedGlyph::new(c.to_string(), true, drawn.map(draw)).unwrap());
                x += 7.0;
            }
            x += 4.0;
        }
        TextLayer {
            glyphs,
            ..TextLayer::default()
        }
    }

    #[test]
    fn turned_text_reads_upright() {
        let words = ["Kế", "hoạch", "số", "12/KH"];
        for q in 0..4 {
            let mut layer = turned_line(&words, q);
            let (w, h) = if q % 2 == 1 {
                (842.0, 595.0)
            } else {
                (595.0, 842.0)
            };
            assert_eq!(layer.turn_upright(w, h), q, "quarter {q}");
            let got: Vec<String> = layer.into_words().into_iter().map(|w| w.text).collect();
            assert_eq!(got, words, "quarter {q}");
        }
    }

    #[test]
    fn text_source_is_one_page() {
        let s = Source::from_bytes(Path::new("a.txt"), "KẾ HOẠCH\n".as_bytes().to_vec()).unwrap();
        assert_eq!(s.page_count(), 1);
        assert_eq!(s.kind(false), SourceKind::Text);
    }
}
