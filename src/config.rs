//! Typed, validated configuration for `extract`. The command line (the
//! binary's `cli` module) is checked once into a [`Config`]; nothing
//! downstream sees raw strings or re-validates.

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;

/// When to draw a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProgressMode {
    /// On a terminal only.
    #[default]
    Auto,
    Never,
}

/// Language of spreadsheet headers, calendar text and the review page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum UiLang {
    #[default]
    Vi,
    En,
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
        let h = crate::util::sha256(path.as_os_str().as_encoded_bytes());
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
    /// Folders each holding the page images of one document.
    pub documents: Vec<PathBuf>,
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

#[cfg(test)]
mod tests {
    use super::*;

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
