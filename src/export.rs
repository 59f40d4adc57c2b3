//! Export stage: the extracted document in, the v1 JSON contract out
//! (`../shared/spec/output-schema.md`), written atomically.
//!
//! The types here *are* the contract: they deserialise with
//! `deny_unknown_fields`, so a test that reads our output back proves no
//! field was invented or misspelt. Floats are rounded before serialising so
//! output is byte-identical across runs and machines.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The `document` object of the output contract (read by [`crate::header`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentHeader {
    pub doc_type: DocType,
    pub type_label: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub parent_issuer: Option<String>,
    pub place: Option<String>,
    pub issued_on: Option<String>,
    pub title: Option<String>,
    pub signer: Option<String>,
}

/// The type of a document, from its type label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    KeHoach,
    QuyetDinh,
    CongVan,
    BaoCao,
    ToTrinh,
    ThongBao,
    ChiThi,
    NghiQuyet,
    HuongDan,
    Other,
}

/// What kind of document an input is. Serialised names are the contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    PdfScanned,
    PdfText,
    Image,
    Text,
    Docx,
    Html,
}

pub const SCHEMA_VERSION: u32 = 1;
/// JSON Schema (2020-12) of [`Document`], printed by `kehoach schema`.
pub const SCHEMA: &str = include_str!("../schema/document.v1.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub schema_version: u32,
    pub source: SourceInfo,
    pub document: DocumentHeader,
    /// E-signature stamps found on the pages. Added within version 1, so
    /// files from before it still read.
    #[serde(default)]
    pub signatures: Vec<Signature>,
    pub tasks: Vec<Task>,
    /// Numbered targets of a "CHỈ TIÊU" section. Added within version 1,
    /// so files from before it still read.
    #[serde(default)]
    pub targets: Vec<Target>,
    pub tables: Vec<Table>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Warning>,
    /// How this file was produced; lets a re-run tell whether it is current.
    pub extraction: Extraction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// The path as given on the command line (or found under a folder given).
    pub file: String,
    pub sha256: String,
    pub kind: SourceKind,
    pub pages: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    pub kehoach_version: String,
    pub lang: String,
    pub dpi: u32,
    /// The repair dictionaries used: "built-in" or a hash of `--dict` files.
    #[serde(default)]
    pub dictionaries: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub section: Option<String>,
    pub section_title: Option<String>,
    pub group: Option<String>,
    pub group_title: Option<String>,
    pub number: Option<String>,
    pub content: String,
    pub lead_units: Vec<String>,
    pub cooperating_units: Vec<String>,
    /// Units that follow up the task ("Theo dõi, kiểm tra, đôn đốc");
    /// absent in outputs written before the field existed.
    #[serde(default)]
    pub monitoring_units: Vec<String>,
    pub deliverable: Option<String>,
    pub deadline: Deadline,
    pub notes: Option<String>,
    /// Whether the task is a table row or was read from prose; files from
    /// before the field existed hold only table tasks.
    #[serde(default)]
    pub origin: Origin,
    pub source: TaskSource,
    pub confidence: f64,
}

/// Where a task was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A row of a task table.
    #[default]
    Table,
    /// Numbered headings and bullets of the body (see `prose`).
    Prose,
}

/// One numbered target of a targets section ("a) Đạt tỷ lệ tối thiểu 95% …").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Section numeral, then the label or the bullet's position: "II.a", "II.1".
    pub id: String,
    pub section: Option<String>,
    /// The letter or number as printed ("a"); null for a "-" bullet.
    pub label: Option<String>,
    /// The target's text without its label.
    pub text: String,
    pub figures: Vec<Figure>,
    pub deadline: Deadline,
    pub source: TargetSource,
}

/// A figure of a target: a percentage or a count of a named thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// An integer when the figure is whole ("95"), else a decimal ("1.5").
    pub value: serde_json::Number,
    /// "%" or the thing counted ("xã, phường, đặc khu").
    pub unit: String,
    pub bound: Bound,
}

/// Which side of a figure the target holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Min,
    Max,
    Exact,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSource {
    pub page: usize,
    /// PDF points, top-left origin: [x0, y0, x1, y1]; zeros for text input.
    pub bbox: [f64; 4],
}

impl Task {
    /// A task with only its id: no text, units or deadline, first row of
    /// the first table on page 1. What tests and gold records build on.
    pub fn bare(id: &str) -> Task {
        Task {
            id: id.to_string(),
            section: None,
            section_title: None,
            group: None,
            group_title: None,
            number: None,
            content: String::new(),
            lead_units: Vec::new(),
            cooperating_units: Vec::new(),
            monitoring_units: Vec::new(),
            deliverable: None,
            deadline: Deadline {
                text: None,
                kind: DeadlineKind::Unknown,
                start: None,
                end: None,
            },
            notes: None,
            origin: Origin::Table,
            source: TaskSource {
                page: 1,
                table: Some(1),
                rows: vec![1],
                bbox: [0.0; 4],
            },
            confidence: 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Recurring,
    ByDate,
    DateRange,
    Period,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub text: Option<String>,
    pub kind: DeadlineKind,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSource {
    pub page: usize,
    /// 1-based table of `tables`; null for a task read from prose.
    pub table: Option<usize>,
    /// Table rows; empty for a task read from prose.
    pub rows: Vec<usize>,
    /// PDF points, top-left origin: [x0, y0, x1, y1].
    pub bbox: [f64; 4],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub page_start: usize,
    pub page_end: usize,
    pub columns: Vec<String>,
    pub roles: Vec<Option<String>>,
    pub rows: Vec<Vec<String>>,
    /// Where each cell was read, for review and for tracing a value back.
    /// Added within version 1, so files from before it still read.
    #[serde(default)]
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// 1-based row of the table as in a task's `source.rows` (1 = header).
    pub row: usize,
    /// 1-based column.
    pub col: usize,
    pub page: usize,
    /// PDF points, top-left origin: [x0, y0, x1, y1].
    pub bbox: [f64; 4],
    /// OCR confidence of the cell's words (1 for a text layer or an empty
    /// cell), lowered where the repair was a close call.
    pub confidence: f64,
    /// The cell's text as OCR read it, where the repair changed it (the
    /// repaired text is in `rows`).
    #[serde(default)]
    pub raw: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageOrigin {
    /// Recognised by Tesseract.
    Ocr,
    /// Read from the PDF's text layer.
    TextLayer,
    /// Given as text.
    Text,
    /// Recognised by Tesseract although the PDF page has a text layer: the
    /// layer does not show the page (a signature stamp over a scan,
    /// invisible or painted-over text).
    OcrOverTextLayer,
}

impl PageOrigin {
    /// Whether the page's text came from our own OCR.
    pub fn is_ocr(self) -> bool {
        matches!(self, PageOrigin::Ocr | PageOrigin::OcrOverTextLayer)
    }
}

/// What an e-signature stamp certifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureKind {
    /// The document signed ("Ký bởi: …").
    Signed,
    /// A certified copy ("SAO Y", "SAO LỤC", "TRÍCH SAO").
    CertifiedCopy,
}

/// One e-signature stamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub kind: SignatureKind,
    /// The organisation or person as printed, unit names in their written
    /// form ("Công an tỉnh Lâm Đồng").
    pub by: Option<String>,
    pub email: Option<String>,
    /// ISO 8601 with offset ("2026-03-18T08:32:14+07:00"); the date alone
    /// when the stamp prints no clock time.
    pub time: Option<String>,
    pub page: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub number: usize,
    pub source: PageOrigin,
    pub dpi: Option<u32>,
    pub width_pt: Option<f64>,
    pub height_pt: Option<f64>,
    pub mean_confidence: Option<f64>,
    /// Lines in reading order, separated by `\n`.
    pub text: String,
    /// How an OCR'd page was captured; absent for text pages. A photo's
    /// `width_pt`/`height_pt` and boxes are those of the corrected page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<Capture>,
}

/// How a raster page was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Capture {
    /// A flatbed scan (or a rendered PDF page): read as it is.
    Scan,
    /// A photo of the page: found on the background, perspective-corrected
    /// to an upright A4 page and its light flattened.
    Photo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub code: String,
    pub page: Option<usize>,
    pub message: String,
}

/// How the contract spells an enum value ("by_date", "pdf-scanned").
pub fn wire_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

impl Document {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain data serialises");
        s.push('\n');
        s
    }

    /// Write to `path` atomically: a temporary file in the same folder,
    /// flushed to disk, then renamed over the target. A crash leaves either
    /// the old file or the new one, never half of one.
    pub fn write_atomic(&self, path: &Path) -> Result<()> {
        write_atomic(path, self.to_json().as_bytes())
    }
}

/// Read an output file back, checking its schema version before its shape,
/// so a file from another contract version says so instead of listing
/// missing fields.
pub fn read_document(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let not_doc = |reason: String| Error::NotDocument {
        path: path.to_path_buf(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| not_doc(format!("invalid JSON: {e}")))?;
    match value.get("schema_version") {
        Some(v) if v.as_u64() == Some(SCHEMA_VERSION as u64) => {}
        Some(v) => {
            return Err(Error::SchemaVersion {
                path: path.to_path_buf(),
                found: v.to_string(),
                expected: SCHEMA_VERSION,
            })
        }
        None => return Err(not_doc("no schema_version field".into())),
    }
    serde_json::from_value(value).map_err(|e| not_doc(e.to_string()))
}

/// Names of the `*.json` files directly in `dir`, sorted.
pub fn json_files(dir: &Path) -> Result<Vec<String>> {
    let err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let entry = entry.map_err(err)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with('.') && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The temporary file [`write_atomic`] writes `path` through, before the
/// rename: hidden, beside it, named by our process id.
fn temp_path(path: &Path, pid: u32) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{pid}.tmp"))
}

/// Remove what killed runs left in `dir` of unfinished writes of the files
/// named in `targets`: temporaries of processes that no longer run here. A
/// live process's temporary (a concurrent run) is left alone. One listing
/// of the folder per batch, however many files it holds.
pub fn remove_stale_temps(dir: &Path, targets: &std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
            continue;
        };
        let Some((name, pid)) = rest.rsplit_once('.') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if targets.contains(name) && !alive {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = temp_path(path, std::process::id());
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_valid_json_and_names_every_top_level_field() {
        let v: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        let props = v["properties"].as_object().unwrap();
        for k in [
            "schema_version",
            "source",
            "document",
            "tasks",
            "targets",
            "tables",
            "pages",
            "warnings",
            "extraction",
        ] {
            assert!(props.contains_key(k), "schema lacks {k}");
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("kehoach-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.json")]);
        let missing = dir.join("no/such/dir/b.json");
        assert!(matches!(
            write_atomic(&missing, b"x"),
            Err(Error::Write { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
