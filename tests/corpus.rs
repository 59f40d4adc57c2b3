//! The generated corpus (tools/corpus): the generator is deterministic and
//! still writes the committed sample, the held-out split shares no issuer,
//! unit name or every font with dev, and `kehoach eval tasks` scores the
//! sample per split and rendering. No OCR: HTML and gold only, plus the
//! sample's born-digital PDFs.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run, stderr};

const SAMPLE: &str = "fixtures/corpus-sample";

/// `generate.py --split SPLIT --docs N --renderings none` into a fresh folder.
fn generate(split: &str, docs: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new("python3")
        .args(["tools/corpus/generate.py", "--split", split, "--docs"])
        .arg(docs.to_string())
        .arg("--out")
        .arg(dir.path())
        .args(["--renderings", "none"])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn golds(dir: &Path) -> Vec<kehoach::score::Gold> {
    files(dir)
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

#[test]
fn the_generator_reproduces_the_committed_sample_byte_for_byte() {
    let dir = generate("dev", 2);
    let made = files(dir.path());
    assert_eq!(made.len(), 4, "{made:?}");
    for p in made {
        let name = p.file_name().unwrap();
        let want = std::fs::read(Path::new(SAMPLE).join(name))
            .unwrap_or_else(|e| panic!("{SAMPLE}/{name:?}: {e}"));
        assert!(
            std::fs::read(&p).unwrap() == want,
            "{name:?} differs from {SAMPLE}"
        );
    }
}

#[test]
fn the_same_split_and_index_give_the_same_bytes() {
    let (a, b) = (generate("heldout", 3), generate("heldout", 3));
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.len(), 6);
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x.file_name(), y.file_name());
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{x:?}"
        );
    }
    // Different seeds: the splits' first documents differ.
    let dev = generate("dev", 1);
    assert_ne!(
        std::fs::read(dev.path().join("dev-000.gold.json")).unwrap(),
        std::fs::read(a.path().join("heldout-000.gold.json")).unwrap()
    );
}

/// Rows of a vocabulary file (comments and the header skipped) as fields.
fn vocab(name: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(format!("tools/corpus/{name}"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn by_split(
    rows: &[Vec<String>],
    split: &str,
    key: impl Fn(&[String]) -> String,
) -> BTreeSet<String> {
    rows.iter()
        .filter(|r| r[0] == split)
        .map(|r| key(r))
        .collect()
}

#[test]
fn held_out_issuers_and_unit_names_are_not_in_dev() {
    let issuers = vocab("issuers.tsv");
    let issuer = |r: &[String]| format!("{} {} {}", r[1], r[3], r[2]);
    let province = |r: &[String]| r[2].clone();
    let (dev, held) = (
        by_split(&issuers, "dev", issuer),
        by_split(&issuers, "heldout", issuer),
    );
    assert!(
        dev.len() >= 30 && held.len() >= 30,
        "{} / {}",
        dev.len(),
        held.len()
    );
    let (dp, hp) = (
        by_split(&issuers, "dev", province),
        by_split(&issuers, "heldout", province),
    );
    assert!(
        dp.is_disjoint(&hp),
        "provinces in both: {:?}",
        dp.intersection(&hp).collect::<Vec<_>>()
    );
    assert_eq!(
        dp.len() + hp.len(),
        34,
        "the 34 provinces after the 2025 merger"
    );

    // Unit names with their placeholders as wildcards: no shape in both.
    let units = vocab("units.tsv");
    let shape = |r: &[String]| {
        let mut s = r[2].clone();
        for p in ["{cap}", "{dia}", "{tinh}", "{n}"] {
            s = s.replace(p, "*");
        }
        s.to_lowercase()
    };
    let (du, hu) = (
        by_split(&units, "dev", shape),
        by_split(&units, "heldout", shape),
    );
    assert!(
        du.is_disjoint(&hu),
        "units in both: {:?}",
        du.intersection(&hu).collect::<Vec<_>>()
    );
    // And the generated golds agree: no unit named in held-out is named in dev.
    let named = |dir: &Path| -> BTreeSet<String> {
        golds(dir)
            .iter()
            .flat_map(|g| &g.tasks)
            .flat_map(|t| t.lead_units.iter().chain(&t.cooperating_units))
            .cloned()
            .collect()
    };
    let (d, h) = (generate("dev", 12), generate("heldout", 12));
    let (dn, hn) = (named(d.path()), named(h.path()));
    assert!(
        dn.len() >= 20 && hn.len() >= 20,
        "{} / {}",
        dn.len(),
        hn.len()
    );
    assert!(
        dn.is_disjoint(&hn),
        "named in both: {:?}",
        dn.intersection(&hn).collect::<Vec<_>>()
    );
    // Held-out is set in at least one font family dev never uses.
    let fonts = |dir: &Path| -> BTreeSet<String> {
        files(dir)
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .filter_map(|p| {
                let html = std::fs::read_to_string(p).unwrap();
                let at = html.find("font-family: '")? + 14;
                Some(html[at..].split('\'').next()?.to_string())
            })
            .collect()
    };
    let (df, hf) = (fonts(d.path()), fonts(h.path()));
    assert!(
        hf.difference(&df).next().is_some(),
        "dev {df:?}, held-out {hf:?}"
    );
}

#[test]
fn gold_units_are_listed_one_to_four_a_cell_and_deadlines_have_every_kind() {
    let d = generate("dev", 12);
    let gs = golds(d.path());
    let tasks: Vec<_> = gs.iter().flat_map(|g| &g.tasks).collect();
    assert!(tasks.len() >= 100, "{}", tasks.len());
    assert!(tasks
        .iter()
        .all(|t| (1..=4).contains(&t.lead_units.len()) && t.cooperating_units.len() <= 4));
    let kinds: BTreeSet<String> = tasks
        .iter()
        .map(|t| serde_json::to_value(t.deadline.kind).unwrap().to_string())
        .collect();
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    // Every gold carries its document header.
    assert!(gs.iter().all(|g| g.document.is_some()));
}

#[test]
fn eval_tasks_scores_the_sample_per_split_and_rendering() {
    let out = tempfile::tempdir().unwrap();
    let pdfs: Vec<String> = files(Path::new(SAMPLE))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(pdfs.len(), 2);
    let inputs: Vec<&str> = pdfs.iter().map(String::as_str).collect();
    let o = common::extract(&inputs, out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let outputs: Vec<String> = files(out.path())
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let gold_tasks: usize = golds(Path::new(SAMPLE)).iter().map(|g| g.tasks.len()).sum();
    let mut args = vec!["eval", "tasks", "--gold", SAMPLE];
    args.extend(outputs.iter().map(String::as_str));
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    // One row: split dev, rendering born-digital, both outputs, every gold task.
    let row = text
        .lines()
        .find(|l| l.starts_with("| dev | born-digital | 2 | "))
        .unwrap_or_else(|| panic!("{text}"));
    let gold = row.split(" | ").nth(3).unwrap().split('/').nth(1).unwrap();
    assert_eq!(gold, gold_tasks.to_string(), "{row}");
    assert!(
        row.ends_with("/18 |"),
        "header fields of two documents: {row}"
    );
    assert!(
        !text.contains("| dev-000"),
        "per-file rows only with --per-file"
    );
    args.push("--per-file");
    let o = run(&args);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.contains("| dev-000.born-digital.json | "), "{text}");
}

/// `generate.py` with `--kind KIND` (HTML and gold only).
fn generate_kind(split: &str, docs: usize, kind: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new("python3")
        .args(["tools/corpus/generate.py", "--split", split, "--kind", kind])
        .args(["--docs", &docs.to_string(), "--out"])
        .arg(dir.path())
        .args(["--renderings", "none"])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

#[test]
fn prose_plans_keep_table_plans_and_hold_out_their_wordings() {
    // Under --kind mixed a table plan has the bytes --kind table gives it;
    // the other indices are prose plans with tasks and no table.
    let (mixed, table) = (generate_kind("dev", 6, "mixed"), generate("dev", 6));
    let (mut kept, mut prose) = (0, 0);
    for p in files(mixed.path()) {
        let other = table.path().join(p.file_name().unwrap());
        let html = std::fs::read_to_string(&p).unwrap_or_default();
        if std::fs::read(&p).unwrap() == std::fs::read(&other).unwrap() {
            kept += 1;
        } else if p.extension().is_some_and(|e| e == "html") {
            assert!(!html.contains("class=grid"), "{p:?} is prose");
            prose += 1;
        }
    }
    assert!(
        kept >= 2 && prose >= 1,
        "kept {kept} files, {prose} prose plans"
    );
    // Held-out prose plans print none of the dev-only wordings of prose.tsv.
    let dev_only: Vec<String> = vocab("prose.tsv")
        .into_iter()
        .filter(|r| {
            r[0] == "dev"
                && ["purpose", "targets", "tasks", "funding", "duties"].contains(&r[1].as_str())
        })
        .map(|r| format!("{}</b>", r[2]))
        .collect();
    assert!(!dev_only.is_empty());
    let held = generate_kind("heldout", 4, "prose");
    let gold = golds(held.path());
    assert!(gold.iter().all(|g| !g.tasks.is_empty()));
    assert!(gold.iter().any(|g| !g.targets.is_empty()));
    for p in files(held.path()) {
        let html = std::fs::read_to_string(&p).unwrap();
        for w in &dev_only {
            assert!(
                !html.contains(&format!(". {w}")),
                "{p:?} prints dev-only {w}"
            );
        }
    }
}
