//! The command line: clap's argument types, parsed in `main.rs` and turned
//! into the library's checked types ([`Config`], [`Outputs`]). Only the
//! binary sees these; the library never depends on clap's argument structs.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kehoach::config::{
    ColorMode, Config, ConfigError, DiffFormat, Manifest, Outputs, ProgressMode, RepairMode, Shard,
    Sink, UiLang,
};
use kehoach::repair::{OcrModel, Scan};

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Scanned Vietnamese government plans → structured JSON"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// OCR and parse documents; write one JSON per input.
    Extract(ExtractArgs),
    /// Compare two extractions (files or folders of them): what changed, and
    /// how far NEW agrees with OLD. Exit 0 equal, 1 different, 2 error.
    Diff(DiffArgs),
    /// Write the tasks of extractions (files or folders of them) as a
    /// spreadsheet, CSV, calendar or NDJSON. Exit 1 when some could not be read.
    Export(ExportArgs),
    /// Write an HTML page showing each scanned page with its cells and tasks
    /// outlined beside the extracted records, for a spot check.
    Review(ReviewArgs),
    /// Repair the diacritics of OCR text: FILE or stdin to stdout.
    Repair(RepairArgs),
    /// Build the repair dictionaries.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Measure the repair engine on texts it never trained on (clean texts,
    /// hand-restored real OCR lines), or extracted tasks against gold records.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Print the JSON Schema of the output.
    Schema,
    /// Show the engine, its models and the thread settings in effect.
    Doctor,
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Per text: syllable accuracy restoring it from stripped marks, syllables
    /// changed in the clean text (harm), and repair speed.
    Repair {
        /// Clean UTF-8 texts (the evaluation set: seeds 003 and 004).
        #[arg(required = true)]
        texts: Vec<std::path::PathBuf>,
        /// Use the dictionaries in DIR instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        dict: Option<std::path::PathBuf>,
    },
    /// Per document of a hand-restored gold set of real OCR lines: syllable
    /// accuracy and character error rate of the raw OCR and of its repair,
    /// and the share of the raw syllable errors the repair removed.
    Ocr {
        /// Gold sets: TSV with a header, then doc, line, raw OCR, restored
        /// text (fixtures/repair-gold/seeds-000-002.tsv).
        #[arg(required = true)]
        gold: Vec<std::path::PathBuf>,
        /// The OCR model that produced the raw lines; guessed per document
        /// when absent.
        #[arg(long, value_parser = model_parser())]
        model: Option<OcrModel>,
        /// Use the dictionaries in DIR instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        dict: Option<std::path::PathBuf>,
        /// Also list every line the repair left wrong.
        #[arg(long)]
        errors: bool,
    },
    /// Per extraction: tasks paired with the gold by id, missing, spurious,
    /// field accuracy (text within 2% CER, unit lists equal, the rest exact)
    /// and record-exact rate. Exit 1 when any output lacks its gold.
    Tasks {
        /// Gold records: a `NAME.gold.json` file, or a folder holding one
        /// per document (an output `NAME.VARIANT.json` uses `NAME.gold.json`).
        /// Repeat for several folders (e.g. the dev and held-out splits).
        #[arg(long, value_name = "PATH", required = true)]
        gold: Vec<std::path::PathBuf>,
        /// Extracted JSON files (`kehoach extract` output).
        #[arg(required = true)]
        outputs: Vec<std::path::PathBuf>,
        /// Also list every wrong field with the gold and extracted values.
        #[arg(long)]
        errors: bool,
        /// Also print a row per output file, before the rows per split
        /// and rendering.
        #[arg(long)]
        per_file: bool,
    },
    /// The real set: extract each document that has a hand-written gold
    /// (`NN.gold.json`: header fields and e-signature stamps; tasks from
    /// `NN.tasks.gold.json` when present) and print header fields right,
    /// signatures found and task figures per document, then the total.
    Real(RealArgs),
}

#[derive(clap::Args)]
pub struct RealArgs {
    /// Folder of gold files (`fixtures/seeds` for the seeds).
    #[arg(long, default_value = "fixtures/real", value_name = "DIR")]
    pub gold: std::path::PathBuf,
    /// The shared folder; inputs are looked up in its `real/` and `seeds/`.
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    pub shared: std::path::PathBuf,
    /// Where the extractions are written.
    #[arg(short, long, default_value = "eval-out/real", value_name = "DIR")]
    pub out_dir: std::path::PathBuf,
    /// Score the extractions already in OUT_DIR when they match their input
    /// and options (made by another build, they may be stale).
    #[arg(long)]
    pub reuse: bool,
    /// Tesseract language models.
    #[arg(long, default_value = "vie")]
    pub lang: String,
    /// Also list every wrong field with the gold and extracted values.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Subcommand)]
pub enum DictCommand {
    /// Rebuild the language model and syllable list from the corpus.
    Build(DictBuildArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ExtractArgs {
    /// Input files or folders (searched recursively for PDF, PNG, JPEG, TIFF and .txt).
    #[arg(required_unless_present_any = ["manifest", "document"], value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// A folder holding the pages of one document, one image per page
    /// (phone photos or scans: JPEG, PNG, TIFF), in name order ("2.jpg"
    /// before "10.jpg"). Gives one output named after the folder. Repeat
    /// for several documents.
    #[arg(long, value_name = "DIR")]
    pub document: Vec<PathBuf>,
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
    #[arg(long, default_value_t = kehoach::source::DEFAULT_MAX_INPUT_BYTES >> 20, value_name = "MB")]
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
/// `--model vie|eng`, listed in the help as clap lists an enum's values.
fn model_parser() -> impl TypedValueParser<Value = OcrModel> {
    PossibleValuesParser::new(["vie", "eng"]).try_map(|s| s.parse::<OcrModel>())
}

/// `--scan clean|degraded`.
fn scan_parser() -> impl TypedValueParser<Value = Scan> {
    PossibleValuesParser::new(["clean", "degraded"]).try_map(|s| s.parse::<Scan>())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelChoice {
    Auto,
    Vie,
    Eng,
}

impl ModelChoice {
    /// The model to repair `text` with: `auto` guesses from its letters and
    /// falls back to `vie` when too few carry marks to tell.
    pub fn resolve(self, text: &str) -> OcrModel {
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
    #[arg(long, value_parser = scan_parser(), default_value = "clean")]
    pub scan: Scan,
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
    /// Where ngrams.bin, syllables.tsv and case.tsv are written.
    #[arg(long, value_name = "DIR", default_value = "dictionaries")]
    pub out: PathBuf,
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
            documents: a.document,
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
            document: Vec::new(),
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
}
