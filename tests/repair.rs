//! `kehoach eval ocr` and `kehoach repair` end to end on real OCR output:
//! the hand-restored lines of seeds 000–002 (Tesseract `eng` on real scans).

mod common;

use common::{run, stderr};

const GOLD: &str = "fixtures/repair-gold/seeds-000-002.tsv";

/// Floors under the figures `kehoach eval ocr` printed when they were last
/// raised (README, "Accuracy"): a change that makes the repair of real OCR
/// worse fails here.
const REPAIRED_ACCURACY_FLOOR: f64 = 0.86;
const REMOVED_FLOOR: f64 = 0.84;

/// The cells of the table row that starts with `| name |`, as numbers
/// (a trailing % dropped).
fn row(table: &str, name: &str) -> Vec<f64> {
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("| {name} |")))
        .unwrap_or_else(|| panic!("no row {name} in\n{table}"));
    line.split('|')
        .skip(2)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| c.trim_end_matches('%').parse().expect("a number"))
        .collect()
}

#[test]
fn the_real_seed_ocr_is_repaired_above_its_floors() {
    let o = run(&["eval", "ocr", GOLD]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = String::from_utf8(o.stdout).unwrap();
    let all = row(&table, "all");
    let [lines, syllables, raw, repaired, removed, raw_cer, repaired_cer, _mbs] = all[..] else {
        panic!("unexpected columns: {all:?}");
    };
    assert!(lines >= 150.0, "the gold set has {lines} lines");
    assert!(syllables >= 2000.0);
    assert!(
        repaired / 100.0 >= REPAIRED_ACCURACY_FLOOR,
        "repaired syllable accuracy {repaired}% (raw {raw}%)\n{table}"
    );
    assert!(removed / 100.0 >= REMOVED_FLOOR, "{table}");
    assert!(repaired_cer < raw_cer / 3.0, "{table}");
    // Each seed on its own: the figures are not carried by one document.
    for doc in ["000", "001", "002"] {
        let r = row(&table, doc);
        assert!(r[3] > r[2] + 50.0, "{doc}: {r:?}");
    }
}

#[test]
fn the_model_is_told_from_the_text_and_can_be_forced() {
    // `eng` guessed from the raw lines gives the same figures as naming it;
    // repairing eng output as if `vie` had read it is worse.
    let table = |extra: &[&str]| {
        let mut args = vec!["eval", "ocr", GOLD];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        row(&String::from_utf8(o.stdout).unwrap(), "all")
    };
    let (guessed, eng, vie) = (
        table(&[]),
        table(&["--model", "eng"]),
        table(&["--model", "vie"]),
    );
    assert_eq!(guessed[..7], eng[..7]);
    assert!(vie[3] < eng[3], "vie {vie:?} eng {eng:?}");
}

#[test]
fn errors_list_the_lines_left_wrong_with_all_three_readings() {
    let o = run(&["eval", "ocr", GOLD, "--errors"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let blocks = out.split("\n\n").skip(1).collect::<Vec<_>>();
    assert!(!blocks.is_empty());
    for b in &blocks {
        let l: Vec<&str> = b.lines().collect();
        assert!(l[0].contains(':') && l.len() == 4, "{b}");
        assert!(
            l[1].starts_with("  raw ") && l[3].starts_with("  restored "),
            "{b}"
        );
        assert_ne!(l[2], l[3].replacen("restored", "repaired", 1), "{b}");
    }
}

#[test]
fn a_malformed_gold_set_is_a_usage_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.tsv");
    std::fs::write(&p, "seed\tline\traw\trestored\n000\t1\tonly three\n").unwrap();
    let o = run(&["eval", "ocr", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("bad.tsv") && e.contains("line 2"), "{e}");
}

#[test]
fn repair_keeps_lines_and_explains_its_changes() {
    // Lines of the gold set through `kehoach repair --model eng`, as a user
    // pipes OCR text: the same number of lines out, and one JSON change per
    // replaced word with its position in the input.
    let gold = std::fs::read_to_string(GOLD).unwrap();
    let raw: Vec<&str> = gold
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("000\t"))
        .map(|l| l.split('\t').nth(2).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("raw.txt");
    std::fs::write(&p, raw.join("\n")).unwrap();
    let o = run(&["repair", "--model", "eng", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = String::from_utf8(o.stdout).unwrap();
    assert_eq!(fixed.split('\n').count(), raw.len());
    let o = run(&["repair", "--model", "eng", "--explain", p.to_str().unwrap()]);
    let changes: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(changes.len() > 300, "{} changes", changes.len());
    for c in &changes {
        let line = raw[c["line"].as_u64().unwrap() as usize - 1];
        let col = c["column"].as_u64().unwrap() as usize;
        let original = c["original"].as_str().unwrap();
        let at: String = line
            .chars()
            .skip(col)
            .take(original.chars().count())
            .collect();
        assert_eq!(at, original, "{c}");
    }
}

#[test]
fn repair_tells_the_model_from_the_text_unless_told() {
    // Real `eng` OCR (seed 000's fixture) and `vie`-looking text: without
    // `--model`, each is repaired as its own model would have it, and the
    // eng text repaired as `vie` differs (the guess decides something).
    let eng = "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt";
    let repaired = |extra: &[&str], file: &str| {
        let mut args = vec!["repair"];
        args.extend_from_slice(extra);
        args.push(file);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    let auto = repaired(&[], eng);
    assert_eq!(auto, repaired(&["--model", "eng"], eng));
    assert_ne!(auto, repaired(&["--model", "vie"], eng));
    assert_eq!(auto, repaired(&["--model", "auto"], eng));

    let dir = tempfile::tempdir().unwrap();
    let vie = dir.path().join("vie.txt");
    std::fs::write(
        &vie,
        "Tố chức thực hiện các nhiệm vụ kiếm soát thủ tục hành chính của Sở Nội vụ\n\
         Mức độ hài lòng của người dần đạt tối thiếu 95% trong năm 2026\n",
    )
    .unwrap();
    let vie = vie.to_str().unwrap();
    assert_eq!(repaired(&[], vie), repaired(&["--model", "vie"], vie));
}
