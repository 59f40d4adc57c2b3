//! A batch that outlives an input which kills its process. In: the
//! `extract` command line. Out: the exit status of the batch, with every
//! input that killed a worker named as a failure.
//!
//! Bounds are checked before anything large is allocated (image sizes from
//! their encoded data, file sizes from the file system), yet a decoder can
//! still abort on an input nobody foresaw: an allocation refused under a
//! memory limit aborts the process, and a library fault cannot be caught.
//! So `extract` runs the batch in a worker process, the same program with
//! [`JOURNAL_ENV`] set. The worker notes in a journal each input it starts
//! and finishes. When it dies of a signal, the supervisor reads what was
//! under way: one input is the one that killed it; several (`--jobs` > 1)
//! are each read alone in a fresh worker to find which. The batch is then
//! run again without them: finished outputs are already current, so only
//! what was left is read.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;

use crate::batch::{Job, Outcome, Reporter, Status};
use std::collections::BTreeMap;

/// Set in a worker: the journal file it appends to.
pub const JOURNAL_ENV: &str = "KEHOACH_WORKER_JOURNAL";
/// Set in a worker: a file listing inputs it must leave out.
pub const SKIP_ENV: &str = "KEHOACH_WORKER_SKIP";
/// Set in a worker: a file listing the only inputs it reads.
pub const ONLY_ENV: &str = "KEHOACH_WORKER_ONLY";

/// Whether this process is a batch's worker (or runs unsupervised).
pub fn is_worker() -> bool {
    std::env::var_os(JOURNAL_ENV).is_some()
}

/// The inputs a worker leaves out, and the only ones it reads (`None`:
/// all), as the supervisor listed them.
pub fn selection() -> (BTreeSet<PathBuf>, Option<BTreeSet<PathBuf>>) {
    let list = |var: &str| std::env::var_os(var).map(|p| read_list(Path::new(&p)));
    (list(SKIP_ENV).unwrap_or_default(), list(ONLY_ENV))
}

/// A path on one line, whatever bytes it holds (a name may hold a newline).
fn hex(p: &Path) -> String {
    p.as_os_str()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn unhex(s: &str) -> Option<PathBuf> {
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    Some(PathBuf::from(OsString::from_vec(bytes?)))
}

fn read_list(p: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter_map(unhex)
        .collect()
}

fn write_list(p: &Path, paths: &BTreeSet<PathBuf>) -> std::io::Result<()> {
    let text: String = paths.iter().map(|q| hex(q) + "\n").collect();
    std::fs::write(p, text)
}

/// A worker's reporter: tells `inner`, and notes each input started and
/// finished in the journal, a line at a time, so that what was under way
/// is known after a sudden death.
pub struct Journal<'a> {
    inner: &'a dyn Reporter,
    file: Mutex<File>,
}

impl<'a> Journal<'a> {
    /// The journal named by [`JOURNAL_ENV`], if this is a worker.
    pub fn from_env(inner: &'a dyn Reporter) -> Option<Journal<'a>> {
        let path = std::env::var_os(JOURNAL_ENV)?;
        let file = OpenOptions::new().append(true).open(path).ok()?;
        Some(Journal {
            inner,
            file: Mutex::new(file),
        })
    }

    fn note(&self, what: &str, job: &Job) {
        if let Ok(mut f) = self.file.lock() {
            // A journal that cannot be written only costs the diagnosis.
            let _ = writeln!(f, "{what} {}", hex(&job.input));
        }
    }

    fn outcome(o: &Outcome) -> &'static str {
        match o.status {
            Status::Written { partial: true, .. } => "partial",
            Status::Written { .. } => "written",
            Status::Current => "current",
            Status::Failed(_) => "failed",
        }
    }
}

impl Reporter for Journal<'_> {
    fn planned(&self, found: usize, mine: usize) {
        self.inner.planned(found, mine)
    }
    fn pages_found(&self, n: usize) {
        self.inner.pages_found(n)
    }
    fn page_done(&self) {
        self.inner.page_done()
    }
    fn file_started(&self, job: &Job) {
        self.note("start", job);
        self.inner.file_started(job)
    }
    fn file_done(&self, o: &Outcome) {
        self.note(Self::outcome(o), &o.job);
        self.inner.file_done(o)
    }
}

/// What a worker's journal says: inputs started and not finished, in the
/// order they were started, and how each finished input ended.
#[derive(Debug, Default, PartialEq)]
struct Read {
    under_way: Vec<PathBuf>,
    ended: BTreeMap<PathBuf, String>,
}

fn read_journal(journal: &Path) -> Read {
    let text = std::fs::read_to_string(journal).unwrap_or_default();
    let mut r = Read::default();
    for line in text.lines() {
        let Some((what, p)) = line.split_once(' ').and_then(|(w, h)| Some((w, unhex(h)?))) else {
            continue;
        };
        if what == "start" {
            r.under_way.push(p);
        } else {
            r.under_way.retain(|q| *q != p);
            r.ended.insert(p, what.to_string());
        }
    }
    r
}

/// The batch's count of outcomes, over every worker it took: an input
/// written by a worker that later died is written, not "current", even
/// when the worker died before it could say so.
#[derive(Default)]
struct Tally {
    ended: BTreeMap<PathBuf, String>,
    cut_off: BTreeSet<PathBuf>,
}

impl Tally {
    fn add(&mut self, ended: BTreeMap<PathBuf, String>) {
        for (p, how) in ended {
            let how = match how.as_str() {
                "current" if self.cut_off.contains(&p) => "written".to_string(),
                _ => how,
            };
            self.ended.entry(p).or_insert(how);
        }
    }
    /// Inputs under way when a worker died.
    fn cut_off(&mut self, under_way: &[PathBuf]) {
        self.cut_off.extend(under_way.iter().cloned());
    }
    fn count(&self, how: &str) -> usize {
        self.ended.values().filter(|h| *h == how).count()
    }
    fn summary(&self, killed: usize, out_dir: &Path) -> String {
        let partial = self.count("partial");
        let written = self.count("written") + partial;
        let partial = if partial > 0 {
            format!(" ({partial} partial: a page damaged)")
        } else {
            String::new()
        };
        format!(
            "kehoach: {written} written{partial}, {} already current, {} failed; output in {}",
            self.count("current"),
            self.count("failed") + killed,
            out_dir.display()
        )
    }
}

/// The files of one supervised run, removed when it ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("kehoach-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run `args` (an `extract` command line, without the program) in a
/// worker, again without the inputs that kill it, until it ends by itself;
/// then say what the batch wrote into `out_dir`. The exit status: the last
/// worker's, and at least 1 when an input killed one.
pub fn supervise(args: &[OsString], out_dir: &Path) -> std::io::Result<u8> {
    let scratch = Scratch::new()?;
    let mut killers: BTreeSet<PathBuf> = BTreeSet::new();
    let mut tally = Tally::default();
    loop {
        let status = run_worker(args, &scratch, &killers, None)?;
        let read = read_journal(&scratch.file("journal"));
        tally.add(read.ended);
        if let Some(code) = status.code() {
            eprintln!("{}", tally.summary(killers.len(), out_dir));
            let code = u8::try_from(code).unwrap_or(2);
            return Ok(if killers.is_empty() {
                code
            } else {
                code.max(1)
            });
        }
        if read.under_way.is_empty() {
            eprintln!(
                "kehoach: the worker process was killed ({}) while reading no input; stopping",
                signal_name(&status)
            );
            return Ok(2);
        }
        tally.cut_off(&read.under_way);
        let found = find_killers(args, &scratch, &killers, &read.under_way, status)?;
        for (p, status) in &found {
            eprintln!(
                "kehoach: error: {}: reading it killed the worker process ({}; most often memory exhausted); the rest of the batch goes on",
                p.display(),
                signal_name(status)
            );
        }
        killers.extend(found.into_iter().map(|(p, _)| p));
    }
}

/// Which of `suspects` kill a worker: one under way is the one; several
/// are each read alone. When none dies alone (the death came of their
/// reading together), all are taken, so the batch always ends.
fn find_killers(
    args: &[OsString],
    scratch: &Scratch,
    killers: &BTreeSet<PathBuf>,
    suspects: &[PathBuf],
    last: ExitStatus,
) -> std::io::Result<Vec<(PathBuf, ExitStatus)>> {
    if let [one] = suspects {
        return Ok(vec![(one.clone(), last)]);
    }
    let mut found = Vec::new();
    for s in suspects {
        let status = run_worker(args, scratch, killers, Some(s))?;
        if status.code().is_none() {
            found.push((s.clone(), status));
        }
    }
    if found.is_empty() {
        found = suspects.iter().map(|s| (s.clone(), last)).collect();
    }
    Ok(found)
}

/// One worker: all inputs but `skip`, or `only` one of them (then quietly:
/// it is a test of that input, whose output the next full run reports).
fn run_worker(
    args: &[OsString],
    scratch: &Scratch,
    skip: &BTreeSet<PathBuf>,
    only: Option<&PathBuf>,
) -> std::io::Result<ExitStatus> {
    let journal = scratch.file("journal");
    File::create(&journal)?;
    write_list(&scratch.file("skip"), skip)?;
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env(JOURNAL_ENV, &journal)
        .env(SKIP_ENV, scratch.file("skip"));
    if let Some(one) = only {
        write_list(&scratch.file("only"), &BTreeSet::from([one.clone()]))?;
        cmd.env(ONLY_ENV, scratch.file("only"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    }
    die_with_parent(&mut cmd);
    cmd.status()
}

/// The worker dies with its supervisor: killing `kehoach extract` stops
/// the batch, as it did before there was a worker.
fn die_with_parent(cmd: &mut Command) {
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: prctl and getppid are async-signal-safe, as a function run
    // between fork and exec must be; no allocation happens here.
    unsafe {
        cmd.pre_exec(move || {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() != parent {
                libc::_exit(137);
            }
            Ok(())
        });
    }
}

fn signal_name(status: &ExitStatus) -> String {
    match status.signal() {
        Some(libc::SIGABRT) => "aborted, SIGABRT".into(),
        Some(libc::SIGKILL) => "killed, SIGKILL".into(),
        Some(libc::SIGSEGV) => "segmentation fault, SIGSEGV".into(),
        Some(libc::SIGBUS) => "bus error, SIGBUS".into(),
        Some(s) => format!("signal {s}"),
        None => format!("exit status {}", status.code().unwrap_or(-1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_survive_the_journal_whatever_their_bytes() {
        for raw in [
            b"plain.pdf".as_slice(),
            "Kế hoạch\nsố 1.pdf".as_bytes(),
            b"bad-\xff.txt",
            b"",
        ] {
            let p = PathBuf::from(OsString::from_vec(raw.to_vec()));
            assert_eq!(unhex(&hex(&p)), Some(p.clone()), "{raw:?}");
        }
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("616"), None);
    }

    #[test]
    fn what_was_under_way_is_started_and_not_done() {
        let dir = tempfile::tempdir().unwrap();
        let j = dir.path().join("journal");
        let (a, b, c) = (Path::new("a.pdf"), Path::new("b.pdf"), Path::new("c.pdf"));
        let text = format!(
            "start {}\nstart {}\npartial {}\nstart {}\nstart zz\n",
            hex(a),
            hex(b),
            hex(a),
            hex(c),
        );
        std::fs::write(&j, text).unwrap();
        let r = read_journal(&j);
        assert_eq!(r.under_way, vec![b.to_path_buf(), c.to_path_buf()]);
        assert_eq!(
            r.ended,
            BTreeMap::from([(a.to_path_buf(), "partial".into())])
        );
        assert_eq!(read_journal(&dir.path().join("none")), Read::default());
    }

    #[test]
    fn an_input_written_before_a_death_counts_as_written() {
        let mut t = Tally::default();
        let ended = |rows: &[(&str, &str)]| -> BTreeMap<PathBuf, String> {
            rows.iter()
                .map(|(p, h)| (PathBuf::from(p), h.to_string()))
                .collect()
        };
        t.add(ended(&[("a", "written"), ("b", "partial")]));
        // "e" was written when its worker died, before it could say so.
        t.cut_off(&[PathBuf::from("e")]);
        t.add(ended(&[
            ("a", "current"),
            ("b", "current"),
            ("c", "failed"),
            ("d", "current"),
            ("e", "current"),
        ]));
        assert_eq!(
            t.summary(1, Path::new("out")),
            "kehoach: 3 written (1 partial: a page damaged), 1 already current, 2 failed; output in out"
        );
    }
}
