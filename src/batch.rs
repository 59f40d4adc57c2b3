//! Batch runner: the command line's inputs in, one JSON file per document
//! out, plus an outcome per input. Folders are searched recursively; inputs
//! run in parallel on a pool of `jobs` threads; one bad file never stops the
//! batch; outputs that are already current are skipped unless forced.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, RepairMode};
use crate::error::{Error, Result};
use crate::export::Extraction;
use crate::ocr::Tesseract;
use crate::pipeline::{self, Options, Pool};
use crate::source::Sniffed;
use crate::source::{RawInput, Source};

/// One input to process and where its output goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// Path as the user gave it, or joined under a folder the user gave.
    pub input: PathBuf,
    pub output: PathBuf,
}

#[derive(Debug)]
pub enum Status {
    Written {
        pages: usize,
        /// A page was damaged (`page_damaged`): the rest was read.
        partial: bool,
    },
    /// Output already matches this input and these options.
    Current,
    Failed(Error),
}

#[derive(Debug)]
pub struct Outcome {
    pub job: Job,
    pub status: Status,
}

/// Progress and per-file reporting, implemented by the binary.
pub trait Reporter: Sync {
    /// Inputs found, and how many of them are this shard's.
    fn planned(&self, _found: usize, _mine: usize) {}
    fn pages_found(&self, _n: usize) {}
    fn page_done(&self) {}
    /// An input is about to be read.
    fn file_started(&self, _job: &Job) {}
    fn file_done(&self, _outcome: &Outcome) {}
}

/// A reporter that says nothing.
pub struct Silent;
impl Reporter for Silent {}

/// Expand the inputs into jobs. Files named directly are taken whatever
/// their name; under folders, PDF/PNG/JPEG/TIFF and Word `.docx` are
/// recognised by content, text by the `.txt` extension (so READMEs and JSON
/// are not read as documents) and Word 97-2003 by `.doc`. Each of
/// `documents` is a folder read as one document of page images. Paths that
/// cannot be read become failed outcomes.
pub fn plan(inputs: &[PathBuf], documents: &[PathBuf], out_dir: &Path) -> (Vec<Job>, Vec<Outcome>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for dir in documents {
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => files.push(dir.clone()),
            Ok(_) => failed.push(unreadable(
                dir.clone(),
                std::io::Error::other("--document expects a folder of page images"),
            )),
            Err(source) => failed.push(unreadable(dir.clone(), source)),
        }
    }
    for input in inputs {
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => {
                // Links are followed: a folder of links to the real files is
                // common; a dangling link or a loop is reported, not skipped.
                let mut walker = walkdir::WalkDir::new(input)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter();
                while let Some(entry) = walker.next() {
                    match entry {
                        Ok(e) if e.file_type().is_dir() => {
                            // Never read our own outputs back as inputs.
                            if same_path(e.path(), out_dir) || is_hidden(e.path()) && e.depth() > 0
                            {
                                walker.skip_current_dir();
                            }
                        }
                        Ok(e) if e.file_type().is_file() && !is_hidden(e.path()) => {
                            if is_document(e.path()) {
                                files.push(e.path().to_path_buf());
                            }
                        }
                        Ok(_) => {}
                        Err(err) => {
                            let path = err.path().unwrap_or(input).to_path_buf();
                            let loop_ = err.loop_ancestor().is_some();
                            let io = err.into_io_error().unwrap_or_else(|| {
                                std::io::Error::other(if loop_ {
                                    "links form a loop"
                                } else {
                                    "cannot be listed"
                                })
                            });
                            failed.push(unreadable(path, io));
                        }
                    }
                }
            }
            Ok(m) if m.is_file() => files.push(input.clone()),
            // A pipe or device would block or never end; only files are read.
            Ok(_) => failed.push(unreadable(
                input.clone(),
                std::io::Error::other("not a regular file (a pipe, socket or device)"),
            )),
            Err(source) => failed.push(unreadable(input.clone(), source)),
        }
    }
    files.sort();
    // One file reached by two paths (links, `a/../a`) is done once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    let jobs = name_outputs(&files, out_dir);
    (jobs, failed)
}

fn unreadable(path: PathBuf, source: std::io::Error) -> Outcome {
    Outcome {
        job: Job {
            input: path.clone(),
            output: PathBuf::new(),
        },
        status: Status::Failed(Error::Read { path, source }),
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Extensions that say a file is a document: one found under a folder with
/// such a name is an input, and fails with its reason when it cannot be read
/// (an empty `scan.pdf` is reported, not skipped).
const DOCUMENT_EXTENSIONS: [&str; 11] = [
    "pdf", "png", "jpg", "jpeg", "tif", "tiff", "txt", "docx", "doc", "html", "htm",
];

/// Files found under a folder: those named as documents, and any other whose
/// first bytes are a PDF, PNG, JPEG or TIFF signature (a scan saved without
/// an extension).
fn is_document(p: &Path) -> bool {
    let named = p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        DOCUMENT_EXTENSIONS
            .iter()
            .any(|d| e.eq_ignore_ascii_case(d))
    });
    if named {
        return true;
    }
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(p)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    // The same sniffer that opens the file, so that what is listed is what
    // can be read; a text file must be named so.
    match crate::source::sniff(&head[..n]) {
        Sniffed::Pdf | Sniffed::Tiff | Sniffed::Image => true,
        Sniffed::Zip => word_document(p),
        Sniffed::LegacyDoc => has_extension(p, &["doc", "dot"]),
        Sniffed::Text | Sniffed::Unknown => false,
    }
}

/// A ZIP archive under a folder is read when it is a Word document (holds
/// `word/document.xml`), not a spreadsheet or any other archive.
fn word_document(p: &Path) -> bool {
    std::fs::read(p).is_ok_and(|b| crate::docx::holds_document(&b))
}

/// An OLE file (Word, Excel, Outlook share the container) is read as a
/// Word 97-2003 document only under its own extension.
fn has_extension(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// `<stem>.json` per input. When two inputs share a stem, every one of them
/// gets a suffix from a hash of its path, so names do not depend on which
/// other files are in the batch order.
fn name_outputs(files: &[PathBuf], out_dir: &Path) -> Vec<Job> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "input".into())
    };
    // Names that differ only in case or Unicode normal form (NFC against
    // NFD, as macOS writes them) look the same: they collide too.
    let key = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfc().collect::<String>().to_lowercase()
    };
    let mut by_stem: BTreeMap<String, usize> = BTreeMap::new();
    for f in files {
        *by_stem.entry(key(&stem(f))).or_default() += 1;
    }
    files
        .iter()
        .map(|f| {
            let s = stem(f);
            let name = if by_stem[&key(&s)] > 1 {
                let h = crate::util::sha256_hex(f.to_string_lossy().as_bytes());
                format!("{s}-{}.json", &h[..8])
            } else {
                format!("{s}.json")
            };
            Job {
                input: f.clone(),
                output: out_dir.join(name),
            }
        })
        .collect()
}

/// True when `output` was made from these input bytes with these options.
fn is_current(output: &Path, sha256: &str, extraction: &Extraction) -> bool {
    #[derive(serde::Deserialize)]
    struct Head {
        source: HeadSource,
        extraction: Extraction,
    }
    #[derive(serde::Deserialize)]
    struct HeadSource {
        sha256: String,
    }
    let Ok(bytes) = std::fs::read(output) else {
        return false;
    };
    serde_json::from_slice::<Head>(&bytes)
        .is_ok_and(|h| h.source.sha256 == sha256 && &h.extraction == extraction)
}

/// Run the whole batch. Outcomes come back in input order.
pub fn run(cfg: &Config, reporter: &dyn Reporter) -> Result<Vec<Outcome>> {
    crate::ocr::check_languages(&cfg.lang)?;
    if cfg.out_dir.is_file() {
        return Err(Error::OutDirIsFile {
            path: cfg.out_dir.clone(),
        });
    }
    std::fs::create_dir_all(&cfg.out_dir).map_err(|source| Error::Write {
        path: cfg.out_dir.clone(),
        source,
    })?;
    let mut inputs = cfg.inputs.clone();
    if let Some(m) = &cfg.manifest {
        inputs.extend(crate::source::read_manifest(m)?);
    }
    let (mut jobs, mut outcomes) = plan(&inputs, &cfg.documents, &cfg.out_dir);
    let found = jobs.len() + outcomes.len();
    if let Some(shard) = cfg.shard {
        // After naming, so an output's name never depends on the shard.
        jobs.retain(|j| shard.owns(&j.input));
        outcomes.retain(|o| shard.owns(&o.job.input));
    }
    // The supervisor's choice (see `supervisor`), after naming likewise.
    let chosen = |p: &PathBuf| {
        !cfg.skip.contains(p) && cfg.only.as_ref().is_none_or(|only| only.contains(p))
    };
    let before = jobs.len() + outcomes.len();
    jobs.retain(|j| chosen(&j.input));
    outcomes.retain(|o| chosen(&o.job.input));
    let mine = jobs.len() + outcomes.len();
    reporter.planned(found - (before - mine), mine);
    let ours: std::collections::HashSet<String> = jobs
        .iter()
        .flat_map(|j| [j.output.clone(), j.output.with_extension("html")])
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    crate::export::remove_stale_temps(&cfg.out_dir, &ours);
    for o in &outcomes {
        reporter.file_done(o);
    }
    let repair = match &cfg.repair {
        RepairMode::Off => None,
        RepairMode::BuiltIn => Some(crate::repair::load(None)?),
        RepairMode::Dir(dir) => Some(crate::repair::load(Some(dir))?),
    };
    let opts = Options {
        dpi: cfg.dpi,
        lang: cfg.lang.clone(),
        dictionaries: repair.as_ref().map_or("none".into(), |d| d.id.clone()),
        repair: repair.map(std::sync::Arc::new),
        digits: crate::figures::Digits::builtin().map(std::sync::Arc::new),
    };
    let (lang, timeout) = (cfg.lang.clone(), cfg.page_timeout);
    let engines = Pool::new(move || Tesseract::new(&lang, timeout));
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .thread_name(|i| format!("kehoach-{i}"))
        .build()
        .map_err(|e| Error::EngineInit {
            lang: cfg.lang.clone(),
            reason: format!("cannot start worker threads: {e}"),
        })?;
    let done: Vec<Outcome> = threads.install(|| {
        jobs.into_par_iter()
            .map(|job| {
                let status = run_one(&job, cfg, &opts, &engines, reporter);
                let o = Outcome { job, status };
                reporter.file_done(&o);
                o
            })
            .collect()
    });
    outcomes.extend(done);
    outcomes.sort_by(|a, b| a.job.input.cmp(&b.job.input));
    Ok(outcomes)
}

fn run_one(
    job: &Job,
    cfg: &Config,
    opts: &Options,
    engines: &Pool<Tesseract>,
    reporter: &dyn Reporter,
) -> Status {
    reporter.file_started(job);
    let raw = match RawInput::read(&job.input, cfg.max_input_bytes) {
        Ok(r) => r,
        Err(e) => return Status::Failed(e),
    };
    let review_path = job.output.with_extension("html");
    let current = !cfg.force && is_current(&job.output, &raw.sha256(), &opts.extraction());
    let review_done = || crate::review::is_page_in(&review_path, cfg.outputs.lang);
    if current && (!cfg.review || review_done()) {
        return Status::Current;
    }
    let source = match Source::from_raw(&job.input, raw) {
        Ok(s) => s,
        Err(e) => return Status::Failed(e),
    };
    if current {
        // The JSON is current; only its review page is missing (or in the
        // other language).
        return match crate::export::read_document(&job.output)
            .and_then(|doc| write_review(&doc, &source, &review_path, cfg.outputs.lang))
        {
            Ok(()) => Status::Current,
            Err(e) => Status::Failed(e),
        };
    }
    let pages = source.page_count();
    reporter.pages_found(pages);
    let display = job.input.to_string_lossy();
    let doc = match pipeline::extract(&source, &display, opts, engines, &|| reporter.page_done()) {
        Ok(d) => d,
        Err(e) => return Status::Failed(e),
    };
    let written = doc.write_atomic(&job.output).and_then(|()| {
        if cfg.review {
            write_review(&doc, &source, &review_path, cfg.outputs.lang)
        } else {
            Ok(())
        }
    });
    match written {
        Ok(()) => Status::Written {
            pages,
            partial: doc.warnings.iter().any(|w| w.code == "page_damaged"),
        },
        Err(e) => Status::Failed(e),
    }
}

fn write_review(
    doc: &crate::export::Document,
    source: &Source,
    path: &Path,
    lang: crate::config::UiLang,
) -> Result<()> {
    crate::export::write_atomic(path, crate::review::page(doc, source, lang).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_files_are_documents_when_the_reader_would_open_them() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes, want) in [
            ("scan", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], true),
            // Only the first four bytes of the PNG signature: the reader
            // refuses it, so a folder search does not list it.
            ("half-png", b"\x89PNGxxxxxxxxxxxx", false),
            ("fax", b"II*\0\x08\0\0\0", true),
            ("photo", b"\xFF\xD8\xFF\xE0\0\x10JFIF", true),
            ("late-pdf", b"junk before %PDF-1.7\n", true),
            ("notes", b"plain words, no name", false),
            ("old.doc.bak", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", false),
            ("named.txt", b"", true),
        ] {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            assert_eq!(is_document(&p), want, "{name}");
        }
    }

    #[test]
    fn colliding_stems_get_path_hashes_and_unique_names() {
        let files: Vec<PathBuf> = ["a/plan.pdf", "b/plan.pdf", "b/plan.png", "c/other.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let jobs = name_outputs(&files, Path::new("out"));
        let names: Vec<String> = jobs
            .iter()
            .map(|j| j.output.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names[3], "other.json");
        for n in &names[..3] {
            assert!(
                n.starts_with("plan-")
                    && n.ends_with(".json")
                    && n.len() == "plan-12345678.json".len(),
                "{n}"
            );
        }
        let mut uniq = names.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), names.len());
        // Independent of what else is in the batch.
        let again = name_outputs(&files[..2], Path::new("out"));
        assert_eq!(again[0].output, jobs[0].output);
    }
}
