//! kehoach: scanned Vietnamese government plans in, structured JSON out.
//!
//! Stages, as [`pipeline`] runs them for one input: [`source`] (the file's
//! kind by content; pages as rasters, a PDF text layer, or text; Word and
//! HTML through [`docx`] and [`html`], tab-separated text through
//! [`tabtext`], legacy 8-bit font encodings through [`legacy`], image
//! sizes checked by [`imagehdr`], photos and colour scans made grey pages
//! by [`capture`]) → [`ocr`] (words with boxes) → [`layout`] (text lines
//! in reading order) and [`tables`] (ruling lines, cell grids, each cell
//! read through the OCR stage's recogniser) → [`repair`] (diacritics, on
//! every text span) → [`records`] (column roles, rows → tasks; with
//! [`header`], [`deadline`], [`units`], [`prose`], [`signature`]) →
//! [`export`] (the JSON contract and its types); [`figures`] reads the
//! number and day a clerk writes into a scanned header by hand, and
//! [`signing`] reads a signing block's garbled name line again on its
//! own. Errors of every stage are [`error::Error`], naming the input and
//! page. [`batch`] runs many inputs, reading their files and writing
//! outputs, and [`supervisor`] keeps a batch alive past an input that
//! kills its worker; [`config`] holds the validated options.
//!
//! Beside the pipeline: [`diff`] compares two extractions and [`review`]
//! draws one over its scan; [`score`] measures an extraction's tasks against
//! gold records; [`outputs`] turns a batch of extractions into XLSX, CSV,
//! ICS and NDJSON. [`geometry`], [`text`] and [`util`] are leaves every
//! stage may use.

pub mod batch;
pub mod capture;
pub mod config;
pub mod deadline;
pub mod diff;
pub mod docx;
pub mod error;
pub mod export;
pub mod figures;
pub mod geometry;
pub mod header;
pub mod html;
pub mod imagehdr;
pub mod layout;
pub mod legacy;
pub mod missed;
pub mod ocr;
pub mod outputs;
pub mod pipeline;
pub mod prose;
pub mod records;
pub mod repair;
pub mod review;
pub mod score;
pub mod signature;
pub mod signing;
pub mod source;
pub mod supervisor;
pub mod tables;
pub mod tabtext;
pub mod text;
pub mod units;
pub mod util;

pub use error::{Error, Result};
