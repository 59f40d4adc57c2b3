//! Plans that arrive as text rather than scans, end to end through the
//! real binary and `kehoach eval tasks` (no OCR; seconds): seed 004 as
//! copied from a portal, its appendix rows tab-separated (read in place
//! from `../shared/seeds/`), and the HTML sources of the table fixtures,
//! each scored against the gold of its plan.

mod common;

use std::path::Path;

use common::{run, stderr};
use serde_json::Value;

const SEED_004: &str = "../shared/seeds/004_0ba75824456850b8.txt";
const GOLD_004: &str = "fixtures/expected/qd-kiem-soat-tthc-phuong-hai-duong.gold.json";

/// The numbers of `eval tasks`'s summary row: tasks paired, tasks in the
/// gold, field accuracy in percent.
fn summary(table: &str) -> (usize, usize, f64) {
    let row = table
        .lines()
        .find(|l| l.starts_with("| - | - |"))
        .unwrap_or_else(|| panic!("no summary row in:\n{table}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    let (paired, total) = cells[4].split_once('/').unwrap();
    let acc = cells[7].trim_end_matches('%');
    (
        paired.parse().unwrap(),
        total.parse().unwrap(),
        acc.parse().unwrap(),
    )
}

/// Extract `input`, score it against `gold` and return the summary and
/// the output JSON.
fn extract_and_score(input: &str, gold: &str) -> ((usize, usize, f64), Value) {
    assert!(Path::new(input).is_file(), "{input} is missing");
    let out = tempfile::tempdir().unwrap();
    let o = common::extract(&[input], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stem = Path::new(input).file_stem().unwrap().to_string_lossy();
    let golds = tempfile::tempdir().unwrap();
    std::fs::copy(gold, golds.path().join(format!("{stem}.gold.json"))).unwrap();
    let json = out.path().join(format!("{stem}.json"));
    let args = [
        "eval",
        "tasks",
        "--gold",
        golds.path().to_str().unwrap(),
        json.to_str().unwrap(),
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (summary(&String::from_utf8_lossy(&o.stdout)), doc)
}

#[test]
fn a_text_plan_with_tab_separated_rows_gives_its_tasks() {
    let ((paired, total, acc), doc) = extract_and_score(SEED_004, GOLD_004);
    assert_eq!((paired, total), (30, 30));
    assert!(acc >= 99.5, "field accuracy {acc}%");
    assert_eq!(doc["source"]["kind"], "text");
    assert_eq!(doc["tables"].as_array().map(Vec::len), Some(1));
}

/// The table fixtures with gold, as the HTML they are rendered from
/// (`fixtures/src/`) and as a portal serves them (`fixtures/html/`, made
/// by `fixtures/tools/portal_html.py`: colspan, <p>, numeric entities;
/// `fixtures/html-rowspan/`: also a lead unit shared by consecutive rows
/// written once, rowspan).
const HTML_FIXTURES: [(&str, usize); 2] = [
    ("kh-215-snnmt", 22),
    ("qd-kiem-soat-tthc-phuong-hai-duong", 30),
];

#[test]
fn html_versions_of_the_table_fixtures_give_every_field() {
    let schema: Value = serde_json::from_slice(&run(&["schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (dir, (stem, count)) in ["src", "html", "html-rowspan"]
        .into_iter()
        .flat_map(|d| HTML_FIXTURES.map(|f| (d, f)))
    {
        let input = format!("fixtures/{dir}/{stem}.html");
        let gold = format!("fixtures/expected/{stem}.gold.json");
        let ((paired, total, acc), doc) = extract_and_score(&input, &gold);
        assert_eq!((paired, total), (count, count), "{input}");
        assert_eq!(acc, 100.0, "{input}: field accuracy");
        assert_eq!(doc["source"]["kind"], "html", "{input}");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{input}: {errors:?}");
    }
}
