//! Library error type. Every variant names the input path and, where it
//! applies, the 1-based page, so a batch report can say exactly what failed.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: empty file")]
    Empty { path: PathBuf },
    #[error("{path}: no page images in the folder (expected JPEG, PNG or TIFF files)")]
    NoPageImages { path: PathBuf },
    #[error(
        "{path}: not a document kehoach can read (expected PDF, PNG, JPEG, TIFF, Word or UTF-8 text)"
    )]
    UnknownKind { path: PathBuf },
    #[error("{path}: PDF is encrypted")]
    Encrypted { path: PathBuf },
    #[error("{path}: PDF is damaged and cannot be parsed")]
    BadPdf { path: PathBuf },
    #[error("{path}: PDF refused: {reason}")]
    PdfLimit { path: PathBuf, reason: String },
    #[error("{path}: Word document cannot be read: {reason}")]
    Docx { path: PathBuf, reason: String },
    #[error("{path}: web page cannot be read: {reason}")]
    Html { path: PathBuf, reason: String },
    #[error("{path}: PDF has no pages")]
    NoPages { path: PathBuf },
    #[error("{path}: page {page}: {reason}")]
    BadPage {
        path: PathBuf,
        page: usize,
        reason: String,
    },
    #[error("{path}: page {page} is damaged: {reason}")]
    PageDamaged {
        path: PathBuf,
        page: usize,
        reason: String,
    },
    #[error("{path}: file is {size} bytes, over the limit of {limit} bytes (--max-input-mb)")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: refused: {reason}")]
    InputLimit { path: PathBuf, reason: String },
    #[error("{path}: the output folder (-o) is an existing file, not a folder")]
    OutDirIsFile { path: PathBuf },
    #[error("{path}: image cannot be decoded: {reason}")]
    BadImage { path: PathBuf, reason: String },
    #[error("{path}: text is not valid UTF-8 (byte {offset})")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path}: page {page}: OCR failed: {reason}")]
    Ocr {
        path: PathBuf,
        page: usize,
        reason: String,
    },
    #[error("tesseract cannot start with language '{lang}': {reason}")]
    EngineInit { lang: String, reason: String },
    #[error("{path}: not a kehoach JSON document: {reason}")]
    NotDocument { path: PathBuf, reason: String },
    #[error("{path}: schema_version {found}, but this kehoach reads version {expected}")]
    SchemaVersion {
        path: PathBuf,
        found: String,
        expected: u32,
    },
    #[error("{path}: its source {file:?} was not found; pass it with --source")]
    SourceMissing { path: PathBuf, file: String },
    #[error("{path}: not the file {doc} was extracted from (SHA-256 differs); extract it again")]
    SourceChanged { path: PathBuf, doc: PathBuf },
    #[error("{path}: dictionary cannot be loaded: {reason}")]
    Dictionary { path: PathBuf, reason: String },
    #[error("{path}: spreadsheet cannot be built: {reason}")]
    Spreadsheet { path: PathBuf, reason: String },
    #[error("{path}: cannot write output: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
