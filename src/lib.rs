//! kehoach: scanned Vietnamese government plans in, structured JSON out.
//!
//! Pipeline, one module per stage: [`source`] → [`ocr`] → [`layout`] →
//! [`header`] → [`export`]. [`pipeline`] runs the stages for one input,
//! [`batch`] over many; [`config`] holds the validated options. [`diff`]
//! compares two extractions and [`review`] draws one over its scan;
//! [`score`] measures an extraction's tasks against gold records;
//! [`prose`] reads tasks and targets a body writes as prose;
//! [`outputs`] turns a batch of extractions into XLSX, CSV, ICS and NDJSON.

pub mod batch;
pub mod capture;
pub mod config;
pub mod deadline;
pub mod diff;
pub mod docx;
pub mod error;
pub mod export;
pub mod geometry;
pub mod header;
pub mod html;
pub mod imagehdr;
pub mod layout;
pub mod legacy;
pub mod ocr;
pub mod outputs;
pub mod pipeline;
pub mod prose;
pub mod records;
pub mod repair;
pub mod review;
pub mod score;
pub mod signature;
pub mod source;
pub mod tables;
pub mod tabtext;
pub mod text;
pub mod units;
pub mod util;

pub use error::{Error, Result};
