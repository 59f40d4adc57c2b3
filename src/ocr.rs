//! OCR stage: a grey page image in, recognised words with pixel boxes,
//! their characters' spans, confidences and block/paragraph/line ids out.
//!
//! Tesseract sits behind the [`Recognizer`] trait so that everything after
//! this stage can be tested on captured word boxes. [`Tesseract`] drives
//! libtesseract through its C API and walks the result iterator directly
//! (the TSV renderer costs far more and loses nothing we need).

use std::ffi::{CStr, CString};
use std::os::raw::c_int;
use std::ptr::NonNull;

use image::GrayImage;
use tesseract_sys as sys;

use crate::error::Error;

pub use crate::geometry::Rect;

pub mod replay;

/// One recognised word. `block`, `para` and `line` number the layout units
/// in the engine's reading order (0-based, unique within the page).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Word {
    pub text: String,
    pub bbox: Rect,
    /// 0..1
    pub conf: f32,
    pub block: u32,
    pub para: u32,
    pub line: u32,
    /// Where each character of `text` stands across the word (x0, x1), as
    /// the engine placed it; empty when not known (text layers, words
    /// made or mended after OCR).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chars: Vec<(f32, f32)>,
}

/// How the engine should segment what it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegMode {
    /// Full page layout analysis (Tesseract PSM 3). The C API's default is
    /// PSM 6, unlike the command line's 3, so we always set it.
    Page,
    /// One uniform block of text, e.g. a table cell (PSM 6).
    Block,
    /// A short row label in a number column: one line of digits, Roman
    /// numerals and "." or ")" (PSM 7 with a character whitelist). Single
    /// characters read as a block come back as "|" for "I", "S" for "5".
    Label,
    /// One line of text, e.g. a line of a cell whose lines the block
    /// reading set side by side (PSM 7).
    Line,
}

/// Characters of a row label ("1", "2.", "IV", "3)").
const LABEL_CHARS: &str = "0123456789IVXLivxl.)";

/// Anything that turns pixels into words.
pub trait Recognizer {
    /// Recognise `image` (8-bit grey) scanned at `dpi`. `region` restricts
    /// recognition to a rectangle of the image, in pixels. Word boxes are in
    /// image pixels either way.
    fn recognize(
        &mut self,
        image: &GrayImage,
        dpi: u32,
        region: Option<Rect>,
        mode: SegMode,
    ) -> Result<Vec<Word>, String>;

    /// Which way up `image` is: the clockwise turn (0, 90, 180 or 270
    /// degrees) that makes its text upright, with the detector's
    /// confidence; `None` when it cannot tell. The default cannot.
    fn orientation(&mut self, _image: &GrayImage, _dpi: u32) -> Result<Option<(u32, f32)>, String> {
        Ok(None)
    }

    /// Recognise each of `regions` of one image on its own (table cells),
    /// so text of neighbouring regions never mixes. The default calls
    /// [`Recognizer::recognize`] per region.
    fn recognize_regions(
        &mut self,
        image: &GrayImage,
        dpi: u32,
        regions: &[Rect],
        mode: SegMode,
    ) -> Result<Vec<Vec<Word>>, String> {
        regions
            .iter()
            .map(|r| self.recognize(image, dpi, Some(*r), mode))
            .collect()
    }
}

/// A long-lived libtesseract engine. One per worker thread: the C++ API is
/// not thread-safe, and loading a model costs far more than one page.
pub struct Tesseract {
    api: NonNull<sys::TessBaseAPI>,
    deadline_ms: c_int,
    /// The orientation detector (the legacy `osd` model), started the
    /// first time a page looks upside down or sideways.
    osd: Option<NonNull<sys::TessBaseAPI>>,
}

// The engine owns its handle exclusively and is only ever used by one thread
// at a time (`&mut self`), which is what libtesseract requires.
unsafe impl Send for Tesseract {}

impl Tesseract {
    /// Start an engine for `lang` (Tesseract syntax: `vie`, `vie+eng`), with
    /// a per-call time limit.
    pub fn new(lang: &str, deadline: std::time::Duration) -> Result<Self, Error> {
        let init_err = |reason: String| Error::EngineInit {
            lang: lang.to_string(),
            reason,
        };
        let c_lang = CString::new(lang).map_err(|_| init_err("NUL in language".into()))?;
        silence_leptonica();
        let api = NonNull::new(unsafe { sys::TessBaseAPICreate() })
            .ok_or_else(|| init_err("cannot allocate engine".into()))?;
        let engine = Tesseract {
            api,
            deadline_ms: deadline.as_millis().min(c_int::MAX as u128) as c_int,
            osd: None,
        };
        let rc = unsafe {
            sys::TessBaseAPIInit2(
                engine.api.as_ptr(),
                std::ptr::null(),
                c_lang.as_ptr(),
                sys::TessOcrEngineMode_OEM_LSTM_ONLY,
            )
        };
        if rc != 0 {
            return Err(init_err(
                "libtesseract refused to initialise (is the model installed?)".into(),
            ));
        }
        engine.set_var("debug_file", "/dev/null");
        Ok(engine)
    }

    fn set_var(&self, name: &str, value: &str) {
        let (n, v) = (CString::new(name).unwrap(), CString::new(value).unwrap());
        unsafe { sys::TessBaseAPISetVariable(self.api.as_ptr(), n.as_ptr(), v.as_ptr()) };
    }
}

// Leptonica, under libtesseract, prints its own errors to standard error
// ("Error in boxClipToRectangle: box outside rectangle" on real scans):
// nothing a user can act on, and it garbles the progress display.
// Tesseract's own messages go to its `debug_file` (set to /dev/null per
// engine). Leptonica's threshold is a process-wide setting of that
// library (no per-call one exists); kehoach keeps no state for it and
// sets it to "none" whenever an engine is made, which is idempotent.
extern "C" {
    fn setMsgSeverity(newsev: c_int) -> c_int;
}
/// Leptonica's `L_SEVERITY_NONE` (environ.h): print no messages.
const L_SEVERITY_NONE: c_int = 6;

fn silence_leptonica() {
    // SAFETY: sets one integer inside Leptonica; no pointers involved.
    unsafe { setMsgSeverity(L_SEVERITY_NONE) };
}

impl Drop for Tesseract {
    fn drop(&mut self) {
        for api in std::iter::once(self.api).chain(self.osd) {
            unsafe {
                sys::TessBaseAPIEnd(api.as_ptr());
                sys::TessBaseAPIDelete(api.as_ptr());
            }
        }
    }
}

impl Tesseract {
    fn osd_engine(&mut self) -> Result<NonNull<sys::TessBaseAPI>, String> {
        if let Some(api) = self.osd {
            return Ok(api);
        }
        let api = NonNull::new(unsafe { sys::TessBaseAPICreate() })
            .ok_or("cannot allocate the orientation detector")?;
        let lang = CString::new("osd").expect("no NUL");
        let rc = unsafe {
            sys::TessBaseAPIInit2(
                api.as_ptr(),
                std::ptr::null(),
                lang.as_ptr(),
                sys::TessOcrEngineMode_OEM_TESSERACT_ONLY,
            )
        };
        if rc != 0 {
            unsafe { sys::TessBaseAPIDelete(api.as_ptr()) };
            return Err("the orientation model (osd) is not installed".into());
        }
        let (n, v) = (c"debug_file", c"/dev/null");
        unsafe { sys::TessBaseAPISetVariable(api.as_ptr(), n.as_ptr(), v.as_ptr()) };
        self.osd = Some(api);
        Ok(api)
    }
}

impl Tesseract {
    fn set_image(&mut self, image: &GrayImage, dpi: u32, mode: SegMode) {
        let psm = match mode {
            SegMode::Page => sys::TessPageSegMode_PSM_AUTO,
            SegMode::Block => sys::TessPageSegMode_PSM_SINGLE_BLOCK,
            SegMode::Label | SegMode::Line => sys::TessPageSegMode_PSM_SINGLE_LINE,
        };
        unsafe { set_gray_image(self.api.as_ptr(), image, dpi, psm) };
    }

    /// Recognise what is set (whole image or rectangle) and collect words.
    fn run(&mut self) -> Result<Vec<Word>, String> {
        let api = self.api.as_ptr();
        let monitor = unsafe { sys::TessMonitorCreate() };
        unsafe { sys::TessMonitorSetDeadlineMSecs(monitor, self.deadline_ms) };
        let rc = unsafe { sys::TessBaseAPIRecognize(api, monitor) };
        unsafe { sys::TessMonitorDelete(monitor) };
        if rc != 0 {
            return Err(format!(
                "recognition failed or exceeded the {} s page time limit",
                self.deadline_ms / 1000
            ));
        }
        Ok(unsafe { collect_words(api) })
    }

    fn set_rect(&mut self, image: &GrayImage, r: Rect) -> bool {
        let (w, h) = image.dimensions();
        let x0 = r.x0.clamp(0.0, w as f32) as c_int;
        let y0 = r.y0.clamp(0.0, h as f32) as c_int;
        let x1 = r.x1.clamp(0.0, w as f32) as c_int;
        let y1 = r.y1.clamp(0.0, h as f32) as c_int;
        if x1 <= x0 || y1 <= y0 {
            return false;
        }
        unsafe { sys::TessBaseAPISetRectangle(self.api.as_ptr(), x0, y0, x1 - x0, y1 - y0) };
        true
    }
}

impl Recognizer for Tesseract {
    fn orientation(&mut self, image: &GrayImage, dpi: u32) -> Result<Option<(u32, f32)>, String> {
        let (w, h) = image.dimensions();
        if w == 0 || h == 0 {
            return Ok(None);
        }
        let api = self.osd_engine()?.as_ptr();
        let (mut deg, mut conf) = (0 as c_int, 0f32);
        let mut script: *const std::os::raw::c_char = std::ptr::null();
        let mut script_conf = 0f32;
        let ok = unsafe {
            set_gray_image(api, image, dpi, sys::TessPageSegMode_PSM_OSD_ONLY);
            let ok = sys::TessBaseAPIDetectOrientationScript(
                api,
                &mut deg,
                &mut conf,
                &mut script,
                &mut script_conf,
            ) != 0;
            sys::TessBaseAPIClear(api);
            ok
        };
        // Tesseract gives how far the text is turned clockwise; undoing it
        // is the rest of the circle.
        Ok((ok && (0..360).contains(&deg) && deg % 90 == 0)
            .then_some(((360 - deg as u32) % 360, conf)))
    }

    fn recognize_regions(
        &mut self,
        image: &GrayImage,
        dpi: u32,
        regions: &[Rect],
        mode: SegMode,
    ) -> Result<Vec<Vec<Word>>, String> {
        if image.width() == 0 || image.height() == 0 {
            return Ok(vec![Vec::new(); regions.len()]);
        }
        self.set_image(image, dpi, mode);
        let whitelist = if mode == SegMode::Label {
            LABEL_CHARS
        } else {
            ""
        };
        self.set_var("tessedit_char_whitelist", whitelist);
        let mut out = Vec::with_capacity(regions.len());
        for r in regions {
            if !self.set_rect(image, *r) {
                out.push(Vec::new());
                continue;
            }
            match self.run() {
                Ok(words) => out.push(words),
                Err(e) => {
                    unsafe { sys::TessBaseAPIClear(self.api.as_ptr()) };
                    return Err(e);
                }
            }
        }
        // The image buffer is borrowed: drop it from the engine now.
        unsafe { sys::TessBaseAPIClear(self.api.as_ptr()) };
        Ok(out)
    }

    fn recognize(
        &mut self,
        image: &GrayImage,
        dpi: u32,
        region: Option<Rect>,
        mode: SegMode,
    ) -> Result<Vec<Word>, String> {
        let (w, h) = image.dimensions();
        let full = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: w as f32,
            y1: h as f32,
        };
        let mut all = self.recognize_regions(image, dpi, &[region.unwrap_or(full)], mode)?;
        Ok(all.pop().unwrap_or_default())
    }
}

/// Hand an 8-bit grey image to an engine, with its resolution and how to
/// segment it. The engine borrows the pixels: clear it before they go.
///
/// # Safety
/// `api` must be a live, initialised engine.
unsafe fn set_gray_image(
    api: *mut sys::TessBaseAPI,
    image: &GrayImage,
    dpi: u32,
    psm: sys::TessPageSegMode,
) {
    let (w, h) = image.dimensions();
    sys::TessBaseAPISetPageSegMode(api, psm);
    sys::TessBaseAPISetImage(
        api,
        image.as_raw().as_ptr(),
        w as c_int,
        h as c_int,
        1,
        w as c_int,
    );
    sys::TessBaseAPISetSourceResolution(api, dpi as c_int);
}

/// Walk the result iterator word by word.
///
/// # Safety
/// `api` must hold a recognised page.
unsafe fn collect_words(api: *mut sys::TessBaseAPI) -> Vec<Word> {
    let mut words = Vec::new();
    let ri = sys::TessBaseAPIGetIterator(api);
    if ri.is_null() {
        return words;
    }
    let pi = sys::TessResultIteratorGetPageIterator(ri);
    let word_level = sys::TessPageIteratorLevel_RIL_WORD;
    let (mut block, mut para, mut line) = (0u32, 0u32, 0u32);
    let mut first = true;
    loop {
        if !first {
            if sys::TessPageIteratorIsAtBeginningOf(pi, sys::TessPageIteratorLevel_RIL_BLOCK) != 0 {
                block += 1;
            }
            if sys::TessPageIteratorIsAtBeginningOf(pi, sys::TessPageIteratorLevel_RIL_PARA) != 0 {
                para += 1;
            }
            if sys::TessPageIteratorIsAtBeginningOf(pi, sys::TessPageIteratorLevel_RIL_TEXTLINE)
                != 0
            {
                line += 1;
            }
        }
        first = false;
        if let Some((text, (l, t, r, b))) = text_and_box(ri, pi, word_level) {
            let conf = sys::TessResultIteratorConfidence(ri, word_level);
            // Slashes set as a fraction's or a division's: no plan prints
            // them, dates and numbers ("III/2026", "15/KH-UBND") do.
            let text = crate::text::clean(&text).replace(['\u{2044}', '\u{2215}'], "/");
            if !text.is_empty() {
                let chars = char_spans(ri, &text);
                words.push(Word {
                    chars,
                    text,
                    bbox: Rect {
                        x0: l as f32,
                        y0: t as f32,
                        x1: r as f32,
                        y1: b as f32,
                    },
                    conf: (conf / 100.0).clamp(0.0, 1.0),
                    block,
                    para,
                    line,
                });
            }
        }
        if sys::TessPageIteratorNext(pi, word_level) == 0 {
            break;
        }
    }
    sys::TessResultIteratorDelete(ri);
    words
}

/// The text and box (left, top, right, bottom) of the element at `ri` on
/// `level`; `None` where the engine has no text there.
unsafe fn text_and_box(
    ri: *mut sys::TessResultIterator,
    pi: *mut sys::TessPageIterator,
    level: sys::TessPageIteratorLevel,
) -> Option<(String, (i32, i32, i32, i32))> {
    let ptr = sys::TessResultIteratorGetUTF8Text(ri, level);
    if ptr.is_null() {
        return None;
    }
    let text = CStr::from_ptr(ptr).to_string_lossy().into_owned();
    sys::TessDeleteText(ptr);
    let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
    sys::TessPageIteratorBoundingBox(pi, level, &mut l, &mut t, &mut r, &mut b);
    Some((text, (l, t, r, b)))
}

/// The horizontal span of each character of the word at `ri` (whose
/// cleaned text is `text`): the engine's symbol boxes, a symbol of several
/// characters (a letter and its combining mark) giving its box to each.
/// Empty when the symbols do not add up to the text.
unsafe fn char_spans(ri: *mut sys::TessResultIterator, text: &str) -> Vec<(f32, f32)> {
    let sym = sys::TessResultIteratorCopy(ri);
    if sym.is_null() {
        return Vec::new();
    }
    let pi = sys::TessResultIteratorGetPageIterator(sym);
    let level = sys::TessPageIteratorLevel_RIL_SYMBOL;
    let mut spans = Vec::new();
    loop {
        if let Some((s, (l, _, r, _))) = text_and_box(sym, pi, level) {
            let n = crate::text::clean(&s).chars().count();
            spans.extend(std::iter::repeat_n((l as f32, r as f32), n));
        }
        let last =
            sys::TessPageIteratorIsAtFinalElement(pi, sys::TessPageIteratorLevel_RIL_WORD, level)
                != 0;
        if last || sys::TessPageIteratorNext(pi, level) == 0 {
            break;
        }
    }
    sys::TessResultIteratorDelete(sym);
    if spans.len() == text.chars().count() {
        spans
    } else {
        Vec::new()
    }
}

/// Check once, before any work, that every model in `lang` is installed, so
/// a missing model is one clear usage error rather than a failure per file.
pub fn check_languages(lang: &str) -> Result<(), Error> {
    let available = available_languages();
    let missing: Vec<&str> = lang
        .split('+')
        .filter(|l| !available.iter().any(|a| a == l))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::EngineInit {
        lang: lang.to_string(),
        reason: format!(
            "model not installed: {} (installed: {}; on Debian: apt-get install {})",
            missing.join(", "),
            available.join(", "),
            missing
                .iter()
                .map(|m| format!("tesseract-ocr-{}", m.replace('_', "-").to_lowercase()))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    })
}

/// The language models libtesseract can load from its default data path.
pub fn available_languages() -> Vec<String> {
    let mut out = Vec::new();
    unsafe {
        let api = sys::TessBaseAPICreate();
        if api.is_null() {
            return out;
        }
        // The list is only filled after an init; "osd" is always installed
        // with tesseract-ocr and loads fastest. Fall back to "eng".
        let ok = ["osd", "eng"].iter().any(|l| {
            let c = CString::new(*l).unwrap();
            sys::TessBaseAPIInit3(api, std::ptr::null(), c.as_ptr()) == 0
        });
        if ok {
            let arr = sys::TessBaseAPIGetAvailableLanguagesAsVector(api);
            if !arr.is_null() {
                let mut p = arr;
                while !(*p).is_null() {
                    out.push(CStr::from_ptr(*p).to_string_lossy().into_owned());
                    p = p.add(1);
                }
                sys::TessDeleteTextArray(arr);
            }
        }
        sys::TessBaseAPIEnd(api);
        sys::TessBaseAPIDelete(api);
    }
    out.sort();
    out
}

/// libtesseract's version string.
pub fn version() -> String {
    unsafe {
        let v = sys::TessVersion();
        if v.is_null() {
            String::new()
        } else {
            CStr::from_ptr(v).to_string_lossy().into_owned()
        }
    }
}
