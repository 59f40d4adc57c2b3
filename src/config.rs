//! Typed, validated configuration for `extract`. The command line is parsed
//! by clap into [`ExtractArgs`] and checked once into a [`Config`]; nothing
//! downstream sees raw strings or re-validates.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

/// When to draw a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProgressMode {
    /// On a terminal only.
    #[default]
    Auto,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct ExtractArgs {
    /// Input files or folders (searched recursively for PDF, PNG, JPEG, TIFF and .txt).
    #[arg(required_unless_present = "manifest", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Also read input paths from FILE, one per line (`-`: standard input).
    /// Blank lines and lines starting with `#` are skipped.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Process only shard K of N (1 ≤ K ≤ N): each input belongs to exactly
    /// one shard, decided by a hash of its path, so N machines given the same
    /// inputs split them without overlap. Output names do not depend on K.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Folder for the JSON outputs (created if missing).
    #[arg(short, long, default_value = "kehoach-out", value_name = "OUT_DIR")]
    pub out_dir: PathBuf,
    /// Worker threads; 0 means one per core.
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
    /// Tesseract language models, e.g. `vie` or `vie+eng`.
    #[arg(long, default_value = "vie")]
    pub lang: String,
    /// Resolution at which image-only PDF pages are rendered.
    #[arg(long, default_value_t = 300)]
    pub dpi: u32,
    /// Redo inputs whose output is already current.
    #[arg(long)]
    pub force: bool,
    /// Give up on a page whose recognition takes longer than this (seconds).
    #[arg(long, default_value_t = 180)]
    pub page_timeout: u64,
    /// Refuse input files larger than this (megabytes), from their size,
    /// before reading them.
    #[arg(long, default_value_t = crate::source::DEFAULT_MAX_INPUT_BYTES >> 20, value_name = "MB")]
    pub max_input_mb: u64,
    /// Progress bar.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
    /// Also write a review page (NAME.html) beside each JSON.
    #[arg(long)]
    pub review: bool,
    /// Use the repair dictionaries in DIR instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Leave OCR text as read (no diacritic repair).
    #[arg(long)]
    pub no_repair: bool,
    #[command(flatten)]
    pub outputs: OutputArgs,
}

/// Language of spreadsheet headers, calendar text and the review page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum UiLang {
    #[default]
    Vi,
    En,
}

/// The spreadsheet, calendar and NDJSON outputs of `export` (and `extract`).
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Write the tasks and documents as an Excel workbook.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the tasks as CSV (UTF-8 with BOM).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a calendar (iCalendar) with an all-day event per dated task.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Write one JSON task per line (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub ndjson: Option<PathBuf>,
    /// Language of headers, calendar text and review pages.
    #[arg(long, value_enum, default_value_t = UiLang::Vi)]
    pub ui_lang: UiLang,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Extractions (`kehoach extract` output): JSON files or folders of them.
    #[arg(required = true, value_name = "JSON")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub outputs: OutputArgs,
}

/// Where a stream goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    Stdout,
    File(PathBuf),
}

/// The outputs asked for, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outputs {
    pub xlsx: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub ics: Option<PathBuf>,
    pub ndjson: Option<Sink>,
    pub lang: UiLang,
}

impl Outputs {
    /// Whether any output was asked for.
    pub fn any(&self) -> bool {
        self.xlsx.is_some() || self.csv.is_some() || self.ics.is_some() || self.ndjson.is_some()
    }
}

impl From<OutputArgs> for Outputs {
    fn from(a: OutputArgs) -> Outputs {
        Outputs {
            xlsx: a.xlsx,
            csv: a.csv,
            ics: a.ics,
            ndjson: a.ndjson.map(|p| {
                if p.as_os_str() == "-" {
                    Sink::Stdout
                } else {
                    Sink::File(p)
                }
            }),
            lang: a.ui_lang,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    /// An extraction written by `kehoach extract`.
    #[arg(value_name = "DOC.json")]
    pub doc: PathBuf,
    /// Where to write the page; default: beside DOC, ending in .html.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The scanned input, when it is no longer where the extraction found it.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Language of the page's labels.
    #[arg(long, value_enum, default_value_t = UiLang::Vi)]
    pub ui_lang: UiLang,
}

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    Json,
}

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorMode {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The earlier extraction (or the hand-corrected reference): a JSON file or a folder of them.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later extraction: a JSON file, or a folder when OLD is one.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Print per-field agreement of NEW with OLD taken as the reference.
    #[arg(long)]
    pub summary: bool,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
    pub color: ColorMode,
}

/// `--model` of `kehoach repair`: a model, or `auto` to tell it from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelChoice {
    Auto,
    Vie,
    Eng,
}

impl ModelChoice {
    /// The model to repair `text` with: `auto` guesses from its letters and
    /// falls back to `vie` when too few carry marks to tell.
    pub fn resolve(self, text: &str) -> crate::repair::OcrModel {
        use crate::repair::OcrModel;
        match self {
            ModelChoice::Auto => OcrModel::guess(text).unwrap_or_default(),
            ModelChoice::Vie => OcrModel::Vie,
            ModelChoice::Eng => OcrModel::Eng,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct RepairArgs {
    /// Text to repair; standard input when absent.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print the changes as JSON lines (line, column, original, replacement, margin) instead of the text.
    #[arg(long)]
    pub explain: bool,
    /// The OCR model that produced the text (each misreads differently);
    /// `auto` tells it from the letters, as `extract` does for `.txt`.
    #[arg(long, value_enum, default_value_t = ModelChoice::Auto)]
    pub model: ModelChoice,
    /// How well the text was scanned: on a degraded scan (fax, specks) a
    /// syllable as read is less sure, so more look-alikes are weighed.
    /// `extract` decides per page from the OCR confidence.
    #[arg(long, value_enum, default_value_t = crate::repair::Scan::Clean)]
    pub scan: crate::repair::Scan,
    /// Use the dictionaries in DIR instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct DictBuildArgs {
    /// Corpus folder of UTF-8 .txt files.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/corpus/vietnamese-legal"
    )]
    pub corpus: PathBuf,
    /// Plan-style texts of our own (never the evaluation texts).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "dictionaries/src/plan-style.txt"
    )]
    pub plan_style: Vec<PathBuf>,
    /// Lexicon whose terms and unit names are counted in.
    #[arg(long, value_name = "FILE", default_value = "dictionaries/lexicon.tsv")]
    pub lexicon: PathBuf,
    /// Where ngrams.bin and syllables.tsv are written.
    #[arg(long, value_name = "DIR", default_value = "dictionaries")]
    pub out: PathBuf,
}

/// Where a manifest of input paths comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    Stdin,
    File(PathBuf),
}

/// One of N disjoint parts of a batch (`--shard K/N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?}: expected K/N with 1 ≤ K ≤ N, e.g. 2/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether `path` (as given or found) belongs to this shard. A hash,
    /// not a position in the list, so machines that list a folder at
    /// slightly different moments still never take the same file twice.
    pub fn owns(&self, path: &std::path::Path) -> bool {
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(path.as_os_str().as_encoded_bytes());
        let v = u64::from_be_bytes(h[..8].try_into().expect("8 bytes"));
        v % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// Whether and with which dictionaries OCR text is repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairMode {
    Off,
    BuiltIn,
    /// The dictionaries of a `--dict` folder.
    Dir(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub manifest: Option<Manifest>,
    pub shard: Option<Shard>,
    pub out_dir: PathBuf,
    pub jobs: usize,
    pub lang: String,
    pub dpi: u32,
    pub force: bool,
    pub page_timeout: Duration,
    /// Largest input file read, in bytes.
    pub max_input_bytes: u64,
    pub progress: ProgressMode,
    pub review: bool,
    pub repair: RepairMode,
    /// Spreadsheets, calendar and NDJSON of the whole run, written at its end.
    pub outputs: Outputs,
    /// Inputs left out, and the only ones read (`None`: all): a
    /// supervisor's choice for its worker, never the user's.
    pub skip: std::collections::BTreeSet<PathBuf>,
    pub only: Option<std::collections::BTreeSet<PathBuf>>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("--lang {0:?}: expected model names like `vie` or `vie+eng`")]
    Lang(String),
    #[error("--dpi {0}: expected 72 to 600")]
    Dpi(u32),
    #[error("--page-timeout {0}: expected 1 to 3600 seconds")]
    Timeout(u64),
    #[error("--max-input-mb {0}: expected 1 to 1048576")]
    MaxInput(u64),
}

impl TryFrom<ExtractArgs> for Config {
    type Error = ConfigError;
    fn try_from(a: ExtractArgs) -> Result<Self, ConfigError> {
        let lang_ok = !a.lang.is_empty()
            && a.lang.split('+').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
        if !lang_ok {
            return Err(ConfigError::Lang(a.lang));
        }
        if !(72..=600).contains(&a.dpi) {
            return Err(ConfigError::Dpi(a.dpi));
        }
        if !(1..=3600).contains(&a.page_timeout) {
            return Err(ConfigError::Timeout(a.page_timeout));
        }
        if !(1..=1 << 20).contains(&a.max_input_mb) {
            return Err(ConfigError::MaxInput(a.max_input_mb));
        }
        let jobs = if a.jobs == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            a.jobs
        };
        Ok(Config {
            inputs: a.inputs,
            manifest: a.manifest.map(|m| {
                if m.as_os_str() == "-" {
                    Manifest::Stdin
                } else {
                    Manifest::File(m)
                }
            }),
            shard: a.shard,
            out_dir: a.out_dir,
            jobs,
            lang: a.lang,
            dpi: a.dpi,
            force: a.force,
            page_timeout: Duration::from_secs(a.page_timeout),
            max_input_bytes: a.max_input_mb << 20,
            progress: a.progress,
            review: a.review,
            repair: match (a.no_repair, a.dict) {
                (true, _) => RepairMode::Off,
                (false, None) => RepairMode::BuiltIn,
                (false, Some(dir)) => RepairMode::Dir(dir),
            },
            outputs: a.outputs.into(),
            skip: Default::default(),
            only: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(lang: &str, dpi: u32, timeout: u64) -> ExtractArgs {
        ExtractArgs {
            inputs: vec!["a.pdf".into()],
            manifest: None,
            shard: None,
            out_dir: "o".into(),
            jobs: 2,
            lang: lang.into(),
            dpi,
            force: false,
            page_timeout: timeout,
            max_input_mb: 512,
            progress: ProgressMode::Never,
            review: false,
            dict: None,
            no_repair: false,
            outputs: OutputArgs::default(),
        }
    }

    #[test]
    fn validation_table() {
        for (lang, dpi, t, want) in [
            ("vie", 300, 60, Ok(())),
            ("vie+eng", 72, 1, Ok(())),
            ("", 300, 60, Err(ConfigError::Lang(String::new()))),
            ("vie+", 300, 60, Err(ConfigError::Lang("vie+".into()))),
            ("vie;rm", 300, 60, Err(ConfigError::Lang("vie;rm".into()))),
            ("vie", 40, 60, Err(ConfigError::Dpi(40))),
            ("vie", 300, 0, Err(ConfigError::Timeout(0))),
        ] {
            assert_eq!(
                Config::try_from(args(lang, dpi, t)).map(|_| ()),
                want,
                "{lang} {dpi} {t}"
            );
        }
    }

    #[test]
    fn shard_parsing_table() {
        for (text, want) in [
            ("1/1", Some((1, 1))),
            ("2/8", Some((2, 8))),
            (" 3 / 4 ", Some((3, 4))),
            ("0/4", None),
            ("5/4", None),
            ("4", None),
            ("a/b", None),
            ("-1/4", None),
            ("1/0", None),
        ] {
            let got = text.parse::<Shard>().ok().map(|s| (s.index, s.count));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn shards_partition_the_inputs_evenly() {
        let paths: Vec<PathBuf> = (0..4000)
            .map(|i| format!("in/plan-{i}.pdf").into())
            .collect();
        let n = 4;
        let mut sizes = vec![0usize; n as usize];
        for p in &paths {
            let owners: Vec<u32> = (1..=n)
                .filter(|&k| Shard { index: k, count: n }.owns(p))
                .collect();
            assert_eq!(owners.len(), 1, "{} owned by {owners:?}", p.display());
            sizes[owners[0] as usize - 1] += 1;
        }
        // Balanced within 10% of the fair share.
        for s in sizes {
            assert!(s.abs_diff(1000) < 100, "shard size {s}");
        }
    }
}
