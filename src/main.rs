//! The `kehoach` command: parse arguments, call the library, map the outcome
//! to an exit code (0 ok, 1 some inputs failed, 2 usage or set-up error).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kehoach::batch::{self, Outcome, Reporter, Status};
use kehoach::config::{ColorMode, Config, DiffFormat, Outputs, ProgressMode};
use kehoach::diff::{self, DirReport, Style};

mod cli;
use cli::{
    Cli, Command, DictBuildArgs, DictCommand, DiffArgs, EvalCommand, ExportArgs, ExtractArgs,
    RealArgs, RepairArgs, ReviewArgs,
};

/// Debian's libtesseract uses OpenMP, which reads OMP_THREAD_LIMIT only when
/// the library loads, i.e. before `main`. Without the limit every page
/// spawns a thread team that fights our own workers (measured: 7 s against
/// 1.2 s a page). So when the variable is not 1, run ourselves again with it.
fn ensure_single_openmp_thread() {
    if std::env::var_os("OMP_THREAD_LIMIT").is_some_and(|v| v == "1") {
        return;
    }
    use std::os::unix::process::CommandExt;
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let argv0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    let err = std::process::Command::new(exe)
        .arg0(argv0)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .exec();
    // exec only returns on failure; carry on, slower but correct.
    eprintln!("kehoach: warning: could not set OMP_THREAD_LIMIT=1 ({err}); OCR will be slower");
}

/// How a run ends, as its exit status: what schedulers and scripts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// All done (for `diff`: the extractions agree).
    Ok = 0,
    /// Some inputs failed, the rest were done (for `diff`: they differ).
    Failed = 1,
    /// A usage or set-up error; nothing was done.
    Usage = 2,
}

impl Exit {
    fn failed_if(failed: bool) -> Exit {
        if failed {
            Exit::Failed
        } else {
            Exit::Ok
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

fn main() -> ExitCode {
    ensure_single_openmp_thread();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            }
            .into();
        }
    };
    match run(cli) {
        Ok(exit) => exit.into(),
        // `kehoach … | head`: the reader has what it wanted.
        Err(e) if is_broken_pipe(&e) => Exit::Ok.into(),
        Err(e) => {
            eprintln!("kehoach: {e:#}");
            Exit::Usage.into()
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Schema => schema(),
        Command::Doctor => doctor(),
        Command::Diff(args) => run_diff(args),
        Command::Export(args) => run_export(args),
        Command::Repair(a) => repair(a),
        Command::Eval(EvalCommand::Repair { texts, dict }) => eval_repair(&texts, dict.as_deref()),
        Command::Eval(EvalCommand::Ocr {
            gold,
            model,
            dict,
            errors,
        }) => eval_ocr(&gold, model, dict.as_deref(), errors),
        Command::Eval(EvalCommand::Tasks {
            gold,
            outputs,
            errors,
            per_file,
        }) => eval_tasks(&gold, &outputs, errors, per_file),
        Command::Eval(EvalCommand::Real(a)) => eval_real(&a),
        Command::Dict(DictCommand::Build(a)) => dict_build(a),
        Command::Review(a) => review(a),
        Command::Extract(args) => extract(args),
    }
}

/// `kehoach schema`: the JSON Schema of the output.
fn schema() -> anyhow::Result<Exit> {
    std::io::stdout()
        .lock()
        .write_all(kehoach::export::SCHEMA.as_bytes())?;
    Ok(Exit::Ok)
}

/// `kehoach doctor`: the engine, its models and the thread settings.
fn doctor() -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "kehoach {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "tesseract {}", kehoach::ocr::version())?;
    writeln!(
        out,
        "models: {}",
        kehoach::ocr::available_languages().join(" ")
    )?;
    writeln!(
        out,
        "OMP_THREAD_LIMIT={}",
        std::env::var("OMP_THREAD_LIMIT").unwrap_or_else(|_| "(unset)".into())
    )?;
    writeln!(
        out,
        "cores: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    )?;
    Ok(Exit::Ok)
}

/// `kehoach repair`: a text (file or stdin) repaired to stdout, or its
/// changes as JSON lines.
fn repair(a: RepairArgs) -> anyhow::Result<Exit> {
    let dict = kehoach::repair::load(a.dict.as_deref())?;
    let text = match &a.file {
        Some(f) => kehoach::source::read_text(f)?,
        None => {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut s)
                .context("stdin is not UTF-8 text")?;
            s
        }
    };
    let model = a.model.resolve(&text);
    let repairer = kehoach::repair::Repairer::new(&dict, model).scan(a.scan);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.explain {
        for c in &repairer.repair(&text).changes {
            serde_json::to_writer(&mut out, c)?;
            out.write_all(b"\n")?;
        }
    } else {
        out.write_all(repairer.repair_text(&text).as_bytes())?;
    }
    out.flush()?;
    Ok(Exit::Ok)
}

/// `kehoach eval repair`: restoring stripped marks of clean texts.
fn eval_repair(
    texts: &[std::path::PathBuf],
    dict: Option<&std::path::Path>,
) -> anyhow::Result<Exit> {
    let t0 = std::time::Instant::now();
    let dict = kehoach::repair::load(dict)?;
    let load = t0.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    writeln!(out, "dictionaries loaded in {:.0} ms", load * 1000.0)?;
    writeln!(
        out,
        "| text | syllables | stripped → restored | clean: changed (harm) | MB/s |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    let mut all = kehoach::repair::Evaluation::default();
    for p in texts {
        let text = kehoach::source::read_text(p)?;
        let e = kehoach::repair::evaluate(&dict, &text);
        let name = p
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        print_eval(&mut out, &name, &e)?;
        all.add(&e);
    }
    print_eval(&mut out, "all", &all)?;
    Ok(Exit::Ok)
}

/// `kehoach dict build`: the language model and syllable list from a corpus.
fn dict_build(a: DictBuildArgs) -> anyhow::Result<Exit> {
    let corpus = kehoach::source::read_corpus(&a.corpus)?;
    let plan: Vec<String> = a
        .plan_style
        .iter()
        .map(|p| kehoach::source::read_text(p))
        .collect::<Result<_, _>>()?;
    let lexicon = kehoach::source::read_text(&a.lexicon)?;
    let (ngrams, syllables) = kehoach::repair::dict::build(&corpus, &plan, &lexicon);
    std::fs::create_dir_all(&a.out).with_context(|| format!("{}", a.out.display()))?;
    kehoach::export::write_atomic(&a.out.join("ngrams.bin"), &ngrams)?;
    kehoach::export::write_atomic(&a.out.join("syllables.tsv"), syllables.as_bytes())?;
    let case = kehoach::repair::dict::case_counts(&corpus);
    kehoach::export::write_atomic(&a.out.join("case.tsv"), case.as_bytes())?;
    eprintln!(
        "kehoach: {} corpus files, {} syllables; wrote {} ({} bytes)",
        corpus.len(),
        syllables.lines().count() - 1,
        a.out.join("ngrams.bin").display(),
        ngrams.len()
    );
    Ok(Exit::Ok)
}

/// `kehoach review`: one extraction drawn over its scan, as HTML.
fn review(a: ReviewArgs) -> anyhow::Result<Exit> {
    let doc = kehoach::export::read_document(&a.doc)?;
    let source = kehoach::review::open_source(&doc, &a.doc, a.source.as_deref())?;
    let page = kehoach::review::page(&doc, &source, a.ui_lang);
    let out = a.output.unwrap_or_else(|| a.doc.with_extension("html"));
    kehoach::export::write_atomic(&out, page.as_bytes())?;
    eprintln!("kehoach: wrote {}", out.display());
    Ok(Exit::Ok)
}

/// `kehoach extract`: the batch, its summary line, and the exports asked for.
/// Exit 1 when an input failed, was written partial, or its JSON could not
/// be read back for the exports.
fn extract(args: ExtractArgs) -> anyhow::Result<Exit> {
    let mut cfg = Config::try_from(args)?;
    if !kehoach::supervisor::is_worker() {
        // The batch runs in a worker process that an input may kill.
        let args: Vec<_> = std::env::args_os().skip(1).collect();
        return Ok(match kehoach::supervisor::supervise(&args, &cfg.out_dir)? {
            0 => Exit::Ok,
            1 => Exit::Failed,
            _ => Exit::Usage,
        });
    }
    (cfg.skip, cfg.only) = kehoach::supervisor::selection();
    let progress = Progress::new(cfg.progress);
    let journal = kehoach::supervisor::Journal::from_env(&progress);
    let reporter: &dyn batch::Reporter = match &journal {
        Some(j) => j,
        None => &progress,
    };
    let outcomes = batch::run(&cfg, reporter).context("extract")?;
    progress.bar.finish_and_clear();
    let (mut written, mut partial, mut current, mut failed) = (0, 0, 0, 0);
    for o in &outcomes {
        match o.status {
            Status::Written { partial: p, .. } => {
                written += 1;
                partial += usize::from(p);
            }
            Status::Current => current += 1,
            Status::Failed(_) => failed += 1,
        }
    }
    // A supervised worker's summary is its supervisor's, over all workers.
    if journal.is_none() {
        eprintln!(
            "kehoach: {written} written ({partial} partial: a page damaged), {current} already current, {failed} failed; output in {}",
            cfg.out_dir.display()
        );
    }
    // A partial document is written, but a scheduler must notice.
    failed += partial;
    if cfg.outputs.any() {
        // In name order, as `export` reads a folder: workers finish
        // in any order.
        let mut paths: Vec<_> = outcomes
            .iter()
            .filter(|o| !matches!(o.status, Status::Failed(_)))
            .map(|o| o.job.output.clone())
            .collect();
        paths.sort();
        let (docs, errors) = kehoach::outputs::collect(&paths);
        errors.iter().for_each(|e| eprintln!("kehoach: {e}"));
        kehoach::outputs::write(&docs, &cfg.outputs)?;
        failed += errors.len();
    }
    Ok(Exit::failed_if(failed > 0))
}

/// `kehoach export`: read the batch, write what was asked for; a file that
/// cannot be read is reported and the rest are written (exit 1).
fn run_export(a: ExportArgs) -> anyhow::Result<Exit> {
    let outputs = Outputs::from(a.outputs);
    if !outputs.any() {
        eprintln!("kehoach: export: nothing to write; give --xlsx, --csv, --ics or --ndjson");
        return Ok(Exit::Usage);
    }
    let (docs, errors) = kehoach::outputs::collect(&a.inputs);
    errors.iter().for_each(|e| eprintln!("kehoach: {e}"));
    kehoach::outputs::write(&docs, &outputs)?;
    let tasks: usize = docs.iter().map(|d| d.tasks.len()).sum();
    eprintln!(
        "kehoach: exported {} document(s), {tasks} task(s); {} failed",
        docs.len(),
        errors.len()
    );
    Ok(Exit::failed_if(!errors.is_empty()))
}

fn run_diff(a: DiffArgs) -> anyhow::Result<Exit> {
    use std::io::IsTerminal;
    let style = match a.color {
        ColorMode::Always => Style::Color,
        ColorMode::Never => Style::Plain,
        ColorMode::Auto
            if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
        {
            Style::Color
        }
        ColorMode::Auto => Style::Plain,
    };
    let code = |differ: bool, errors: bool| match (errors, differ) {
        (true, _) => Exit::Usage,
        (false, true) => Exit::Failed,
        (false, false) => Exit::Ok,
    };
    let (text, exit) = match (a.old.is_dir(), a.new.is_dir()) {
        (true, true) => {
            let report = DirReport::new(diff::compare_dirs(&a.old, &a.new)?);
            let t = &report.totals;
            let exit = code(t.equal < t.files, t.errors > 0);
            let text = match a.format {
                DiffFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
                DiffFormat::Text => report.render(a.summary),
            };
            (text, exit)
        }
        (false, false) => {
            let d = diff::compare_files(&a.old, &a.new)?;
            let text = match (a.format, a.summary) {
                (DiffFormat::Json, _) => serde_json::to_string_pretty(&d)? + "\n",
                (DiffFormat::Text, true) => {
                    format!(
                        "{}\n{}",
                        diff::summary_line(&d),
                        diff::render_agreement(&d.agreement)
                    )
                }
                (DiffFormat::Text, false) => diff::render(&d, style),
            };
            (text, code(!d.equal, false))
        }
        _ => anyhow::bail!("diff: OLD and NEW must both be files or both be folders"),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(exit)
}

fn eval_tasks(
    gold: &[std::path::PathBuf],
    outputs: &[std::path::PathBuf],
    errors: bool,
    per_file: bool,
) -> anyhow::Result<Exit> {
    use kehoach::score::{self, Score, FIELDS};
    let mut out = std::io::stdout().lock();
    if per_file {
        writeln!(
            out,
            "| output | tasks paired | missing | spurious | field accuracy | record-exact |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
    }
    let (mut scores, mut failed) = (Vec::new(), false);
    let mut detail = String::new();
    for path in outputs {
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let g = match read_gold(gold, &name) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("kehoach: {name}: gold records: {e}");
                failed = true;
                continue;
            }
        };
        let doc: kehoach::export::Document =
            serde_json::from_str(&kehoach::source::read_text(path)?)
                .with_context(|| format!("{}: not a kehoach extraction", path.display()))?;
        let mut s = score::score(&g.tasks, &doc.tasks);
        s.targets = score::score_targets(&g.targets, &doc.targets);
        if let Some(want) = &g.document {
            score::score_header(&mut s, want, &doc.document);
        }
        if per_file {
            writeln!(
                out,
                "| {name} | {}/{} | {} | {} | {:.1}% | {:.1}% |",
                s.paired,
                s.gold,
                s.missing.len(),
                s.spurious.len(),
                100.0 * s.field_accuracy(),
                100.0 * s.record_exact()
            )?;
        }
        if errors {
            for m in &s.misses {
                detail += &format!(
                    "{name} {} {}:\n  want: {}\n  got:  {}\n",
                    m.id, m.field, m.want, m.got
                );
            }
            for id in &s.missing {
                detail += &format!("{name} {id}: missing\n");
            }
            for m in &s.targets.misses {
                detail += &format!(
                    "{name} target {} {}:\n  want: {}\n  got:  {}\n",
                    m.id, m.field, m.want, m.got
                );
            }
            for id in &s.spurious {
                detail += &format!("{name} {id}: spurious\n");
            }
        }
        let (split, rendering) = score::split_and_rendering(path);
        scores.push((split, rendering, s));
    }
    if per_file {
        writeln!(out)?;
    }
    out.write_all(score::render_groups(&score::grouped(&scores)).as_bytes())?;
    let mut all = Score::default();
    scores.iter().for_each(|(_, _, s)| all.add(s));
    let per_field: Vec<String> = FIELDS
        .iter()
        .zip(all.right)
        .map(|(f, r)| format!("{f} {:.1}%", 100.0 * r as f64 / all.gold.max(1) as f64))
        .collect();
    writeln!(out, "\nper field: {}", per_field.join(", "))?;
    if !detail.is_empty() {
        writeln!(out)?;
        out.write_all(detail.as_bytes())?;
    }
    Ok(Exit::failed_if(failed))
}

/// The gold of an output `NAME.VARIANT.json`: `NAME.gold.json` in the first
/// gold folder holding one, or the gold file given.
fn read_gold(gold: &[std::path::PathBuf], output: &str) -> Result<kehoach::score::Gold, String> {
    let candidates: Vec<std::path::PathBuf> =
        gold.iter().flat_map(|g| gold_files(g, output)).collect();
    let path = candidates
        .iter()
        .find(|p| p.is_file())
        .or(candidates.first())
        .ok_or("no gold given")?;
    // The read error names the file; a parse error does not.
    let text = kehoach::source::read_text(path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where the gold task records of `output` may be under `gold`:
/// `DOC.gold.json` for `DOC.VARIANT.json`, else `DOC.tasks.gold.json`, else
/// `NN.tasks.gold.json` for a document named `NN_…` (the real set); a file
/// given as gold is the gold of every output.
fn gold_files(gold: &std::path::Path, output: &str) -> Vec<std::path::PathBuf> {
    if !gold.is_dir() {
        return vec![gold.to_path_buf()];
    }
    let doc = output.split('.').next().unwrap_or_default();
    let prefix = doc.split('_').next().unwrap_or_default();
    vec![
        gold.join(format!("{doc}.gold.json")),
        gold.join(format!("{doc}.tasks.gold.json")),
        gold.join(format!("{prefix}.tasks.gold.json")),
    ]
}

/// Gold files of a folder (`NN.gold.json`, not `NN.tasks.gold.json`), in
/// name order, with the input each names.
fn real_golds(
    a: &RealArgs,
) -> anyhow::Result<Vec<(String, kehoach::score::DocumentGold, std::path::PathBuf)>> {
    let mut names: Vec<String> = std::fs::read_dir(&a.gold)
        .with_context(|| format!("{}", a.gold.display()))?
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".gold.json") && !n.ends_with(".tasks.gold.json"))
        .collect();
    names.sort();
    let mut golds = Vec::new();
    for n in names {
        let path = a.gold.join(&n);
        let g: kehoach::score::DocumentGold =
            serde_json::from_str(&kehoach::source::read_text(&path)?)
                .with_context(|| format!("{}", path.display()))?;
        let input = ["real", "seeds"]
            .iter()
            .map(|d| a.shared.join(d).join(&g.file))
            .find(|p| p.is_file())
            .unwrap_or_else(|| a.shared.join("real").join(&g.file));
        golds.push((n.trim_end_matches(".gold.json").to_string(), g, input));
    }
    Ok(golds)
}

/// `kehoach eval real`: extract (or reuse current extractions of) the gold
/// documents, then score each and the set.
fn eval_real(a: &RealArgs) -> anyhow::Result<Exit> {
    use kehoach::score::{self, HeaderScore};
    let golds = real_golds(a)?;
    let outcomes = extract_real(a, golds.iter().map(|g| g.2.clone()).collect())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "| document | header | signatures | tasks |")?;
    writeln!(out, "|---|---|---|---|")?;
    let (mut all, mut detail) = (HeaderScore::default(), String::new());
    for (name, gold, input) in &golds {
        let extracted = extraction(&outcomes, input);
        let v = extracted.as_ref().unwrap_or(&serde_json::Value::Null);
        let s = score::score_document(gold, v);
        let tasks = real_tasks(&a.gold.join(format!("{name}.tasks.gold.json")), v)?;
        let failed = extracted
            .as_ref()
            .err()
            .map_or(String::new(), |e| format!(" (failed: {e})"));
        writeln!(
            out,
            "| {name} | {}/{} | {}/{} (extracted {}) | {tasks} |{failed}",
            s.fields_right, s.fields, s.signatures_right, s.signatures, s.signatures_extracted
        )?;
        for m in &s.misses {
            detail += &format!(
                "{name} {}:\n  want: {}\n  got:  {}\n",
                m.field, m.want, m.got
            );
        }
        all.add(&s);
    }
    writeln!(
        out,
        "\nreal set: header {}/{} ({:.1}%), signatures {}/{} (extracted {})",
        all.fields_right,
        all.fields,
        100.0 * all.header_rate(),
        all.signatures_right,
        all.signatures,
        all.signatures_extracted
    )?;
    if a.errors && !detail.is_empty() {
        writeln!(out)?;
        out.write_all(detail.as_bytes())?;
    }
    Ok(Exit::Ok)
}

/// Extract the real set's inputs into OUT_DIR as `extract` would.
fn extract_real(a: &RealArgs, inputs: Vec<std::path::PathBuf>) -> anyhow::Result<Vec<Outcome>> {
    let cfg = Config::try_from(ExtractArgs {
        inputs,
        document: Vec::new(),
        manifest: None,
        shard: None,
        out_dir: a.out_dir.clone(),
        jobs: 0,
        lang: a.lang.clone(),
        dpi: 300,
        force: !a.reuse,
        page_timeout: 180,
        max_input_mb: kehoach::source::DEFAULT_MAX_INPUT_BYTES >> 20,
        progress: ProgressMode::Never,
        review: false,
        dict: None,
        no_repair: false,
        outputs: Default::default(),
    })?;
    Ok(batch::run(&cfg, &batch::Silent)?)
}

/// The JSON extracted from `input`, or why there is none.
fn extraction(outcomes: &[Outcome], input: &std::path::Path) -> Result<serde_json::Value, String> {
    let done = outcomes.iter().find(|o| o.job.input == input);
    match done.map(|o| (&o.status, &o.job.output)) {
        Some((Status::Failed(e), _)) => Err(e.to_string()),
        Some((_, path)) => kehoach::source::read_text(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string())),
        None => Err("not extracted".to_string()),
    }
}

/// Task figures of an extraction against `NN.tasks.gold.json`, or "–" when
/// the document has no task gold.
fn real_tasks(path: &std::path::Path, extracted: &serde_json::Value) -> anyhow::Result<String> {
    if !path.is_file() {
        return Ok("–".to_string());
    }
    let g: kehoach::score::Gold = serde_json::from_str(&kehoach::source::read_text(path)?)
        .with_context(|| format!("{}", path.display()))?;
    let tasks: Vec<kehoach::export::Task> =
        serde_json::from_value(extracted["tasks"].clone()).unwrap_or_default();
    let s = kehoach::score::score(&g.tasks, &tasks);
    let mut line = format!(
        "{}/{} paired, {} spurious, field {:.1}%, exact {:.1}%",
        s.paired,
        s.gold,
        s.spurious.len(),
        100.0 * s.field_accuracy(),
        100.0 * s.record_exact()
    );
    if !g.targets.is_empty() {
        let targets: Vec<kehoach::export::Target> =
            serde_json::from_value(extracted["targets"].clone()).unwrap_or_default();
        let t = kehoach::score::score_targets(&g.targets, &targets);
        line += &format!(
            "; targets {}/{} found (extracted {}), text right {}, figures right {}",
            t.found, t.gold, t.extracted, t.text_right, t.figures_right
        );
    }
    Ok(line)
}

fn eval_ocr(
    gold: &[std::path::PathBuf],
    model: Option<kehoach::repair::OcrModel>,
    dict: Option<&std::path::Path>,
    errors: bool,
) -> anyhow::Result<Exit> {
    use kehoach::repair::eval;
    let dict = kehoach::repair::load(dict)?;
    let mut lines = Vec::new();
    for p in gold {
        let text = kehoach::source::read_text(p)?;
        lines.extend(eval::parse_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?);
    }
    let (figures, misses) = eval::evaluate_ocr(&dict, model, &lines);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "| document | lines | syllables | raw accuracy | repaired accuracy | errors removed | raw CER | repaired CER | MB/s |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|")?;
    let mut all = eval::OcrEvaluation::default();
    let row = |out: &mut std::io::StdoutLock, name: &str, e: &eval::OcrEvaluation| {
        writeln!(
            out,
            "| {name} | {} | {} | {:.2}% | {:.2}% | {:.1}% | {:.2}% | {:.2}% | {:.2} |",
            e.lines,
            e.syllables,
            100.0 * e.raw_accuracy(),
            100.0 * e.repaired_accuracy(),
            100.0 * e.removed(),
            100.0 * e.raw_cer(),
            100.0 * e.repaired_cer(),
            e.bytes as f64 / 1e6 / e.seconds.max(1e-9)
        )
    };
    for (doc, e) in &figures {
        row(&mut out, doc, e)?;
        all.add(e);
    }
    row(&mut out, "all", &all)?;
    if errors {
        for m in &misses {
            writeln!(
                out,
                "\n{}:{}\n  raw       {}\n  repaired  {}\n  restored  {}",
                m.doc, m.line, m.raw, m.repaired, m.restored
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn print_eval(
    out: &mut impl Write,
    name: &str,
    e: &kehoach::repair::Evaluation,
) -> std::io::Result<()> {
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    writeln!(
        out,
        "| {name} | {} | {:.2}% | {} ({:.2}%) | {:.2} |",
        e.syllables,
        pct(e.stripped_correct, e.syllables),
        e.clean_changed,
        pct(e.clean_changed, e.syllables),
        e.bytes as f64 / 1e6 / e.seconds.max(1e-9)
    )
}

/// A page-count progress bar on stderr (drawn only on a terminal) plus a
/// line per finished file.
struct Progress {
    bar: ProgressBar,
}

impl Progress {
    fn new(mode: ProgressMode) -> Self {
        let target = match mode {
            ProgressMode::Auto => ProgressDrawTarget::stderr(),
            ProgressMode::Never => ProgressDrawTarget::hidden(),
        };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} pages {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Progress { bar }
    }
}

impl Reporter for Progress {
    fn planned(&self, found: usize, mine: usize) {
        if found != mine {
            self.bar
                .suspend(|| eprintln!("kehoach: this shard takes {mine} of {found} inputs"));
        }
    }
    fn pages_found(&self, n: usize) {
        self.bar.inc_length(n as u64);
    }
    fn page_done(&self) {
        self.bar.inc(1);
    }
    fn file_done(&self, o: &Outcome) {
        let line = match &o.status {
            Status::Written { pages, partial } => format!(
                "wrote {} ({pages} page(s){})",
                o.job.output.display(),
                if *partial {
                    ", partial: a page is damaged"
                } else {
                    ""
                }
            ),
            Status::Current => format!("current {}", o.job.output.display()),
            Status::Failed(e) => format!("error: {e}"),
        };
        self.bar.suspend(|| eprintln!("kehoach: {line}"));
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn exit_statuses_are_the_documented_numbers() {
        for (exit, status) in [(Exit::Ok, 0u8), (Exit::Failed, 1), (Exit::Usage, 2)] {
            assert_eq!(exit as u8, status, "{exit:?}");
        }
        assert_eq!(Exit::failed_if(true), Exit::Failed);
        assert_eq!(Exit::failed_if(false), Exit::Ok);
    }
}
