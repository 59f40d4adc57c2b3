//! Plans written as prose: the real binary's tasks and targets of a seed
//! (`.txt` OCR) and a real born-digital plan against hand-written gold
//! (`fixtures/seeds/002.tasks.gold.json`, `fixtures/real/12.tasks.gold.json`),
//! and a table plan whose prose gives no task. Text and text layers only:
//! no OCR, seconds.

mod common;

use std::path::Path;

use common::stderr;
use kehoach::export::{Document, Origin};
use kehoach::score::{score, score_targets, Gold};

fn extract_one(input: &str) -> Document {
    let out = tempfile::tempdir().unwrap();
    let o = common::extract(&[input], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stem = Path::new(input).file_stem().unwrap().to_string_lossy();
    let text = std::fs::read_to_string(out.path().join(format!("{stem}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn gold(path: &str) -> Gold {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn born_digital_prose_plan_matches_its_gold() {
    let doc = extract_one("../shared/real/12_pdf_GiaLai_KH115-SNNMT_signed.pdf");
    let g = gold("fixtures/real/12.tasks.gold.json");
    let s = score(&g.tasks, &doc.tasks);
    let misses: Vec<String> = s.misses.iter().map(|m| format!("{m:?}")).collect();
    assert!(s.field_accuracy() >= 0.98, "{}", misses.join("\n"));
    assert!(s.missing.is_empty() && s.spurious.is_empty(), "{s:?}");
    assert!(doc.tasks.iter().all(|t| t.origin == Origin::Prose
        && t.source.table.is_none()
        && t.source.bbox[2] > t.source.bbox[0]));
}

#[test]
fn seed_prose_plan_as_text_gives_tasks_and_targets() {
    let doc = extract_one("../shared/seeds/002_80a8cf63a71a364c.txt");
    let g = gold("fixtures/seeds/002.tasks.gold.json");
    let s = score(&g.tasks, &doc.tasks);
    // The OCR text's repair leaves some words wrong (README, Accuracy):
    // floors just under the measured figures.
    assert!(s.field_accuracy() >= 0.90, "{}", s.field_accuracy());
    assert_eq!((s.paired, s.spurious.len()), (g.tasks.len(), 0), "{s:?}");
    let t = score_targets(&g.targets, &doc.targets);
    assert_eq!((t.found, t.extracted), (g.targets.len(), g.targets.len()));
    assert!(t.figures_right + 1 >= t.gold, "{:?}", t.misses);
}

#[test]
fn a_table_plan_has_no_prose_task() {
    let doc = extract_one("fixtures/inputs/kh-215-snnmt.born-digital.pdf");
    assert!(!doc.tasks.is_empty());
    assert!(doc.tasks.iter().all(|t| t.origin == Origin::Table));
}
