//! End-to-end tests: the real binary, the real Tesseract engine, the real
//! fixture scans in `fixtures/inputs`, checked against `fixtures/expected`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::OnceLock;

use common::{bin, run, stderr};
use kehoach::export::Document;
use serde_json::Value;

/// One extraction of every fixture, shared by the tests that inspect it.
fn full_run() -> &'static (tempfile::TempDir, Output) {
    static RUN: OnceLock<(tempfile::TempDir, Output)> = OnceLock::new();
    RUN.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let o = common::extract(&["fixtures/inputs"], out.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (out, o)
    })
}

fn output_for(stem: &str) -> (String, Value) {
    let p = full_run().0.path().join(format!("{stem}.json"));
    let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let v = serde_json::from_str(&s).unwrap();
    (s, v)
}

fn expected() -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir("fixtures/expected").unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        // Gold task records, one per document, shared by its variants.
        if stem.ends_with(".gold") {
            continue;
        }
        m.insert(
            stem,
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap(),
        );
    }
    m
}

use kehoach::text::char_error_rate as cer;

#[test]
fn every_fixture_has_an_expectation_and_an_output() {
    let inputs: Vec<String> = std::fs::read_dir("fixtures/inputs")
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let exp = expected();
    assert_eq!(inputs.len(), exp.len());
    for stem in inputs {
        assert!(exp.contains_key(&stem), "no expectation for {stem}");
        output_for(&stem);
    }
}

#[test]
fn document_headers_match_the_fixtures() {
    let mut failures = Vec::new();
    for (stem, exp) in expected() {
        let (_, got) = output_for(&stem);
        assert_eq!(got["source"]["kind"], exp["kind"], "{stem}: kind");
        assert_eq!(got["source"]["pages"], exp["pages"], "{stem}: pages");
        assert_eq!(
            got["pages"].as_array().unwrap().len() as u64,
            exp["pages"].as_u64().unwrap()
        );
        let tol = exp["ocr_tolerance"].as_object().unwrap();
        let known_wrong = exp
            .get("header_known_wrong")
            .map(strings)
            .unwrap_or_default();
        for (field, want) in exp["document"].as_object().unwrap() {
            if known_wrong.contains(&field.as_str()) {
                continue;
            }
            let g = &got["document"][field];
            let ok = match (
                tol.get(field).and_then(Value::as_f64),
                g.as_str(),
                want.as_str(),
            ) {
                (Some(max), Some(g), Some(w)) => cer(g, w) <= max,
                _ => g == want,
            };
            if !ok {
                failures.push(format!("{stem}: {field}: got {g}, want {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn outputs_validate_against_the_published_schema() {
    let schema_text = run(&["schema"]);
    assert_eq!(schema_text.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&schema_text.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for stem in expected().keys() {
        let (_, v) = output_for(stem);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{stem}: {errors:?}");
    }
}

#[test]
fn outputs_read_back_into_the_contract_types() {
    for stem in expected().keys() {
        let (text, _) = output_for(stem);
        let doc: Document = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
        // Re-serialising gives the same bytes: nothing is lost or reordered.
        assert_eq!(doc.to_json(), text, "{stem}");
        assert_eq!(doc.schema_version, 1);
        assert!(
            Path::new(&doc.source.file).is_relative(),
            "{stem}: {}",
            doc.source.file
        );
        assert_eq!(
            doc.source.file,
            format!("fixtures/inputs/{}", input_name(stem))
        );
    }
}

fn input_name(stem: &str) -> String {
    std::fs::read_dir("fixtures/inputs")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| Path::new(n).file_stem().unwrap().to_string_lossy() == stem)
        .unwrap()
}

#[test]
fn text_is_nfc_and_whitespace_collapsed() {
    use unicode_normalization::is_nfc;
    for stem in expected().keys() {
        let (_, v) = output_for(stem);
        for (k, f) in v["document"].as_object().unwrap() {
            if let Some(s) = f.as_str() {
                assert!(
                    is_nfc(s) && !s.contains("  ") && s.trim() == s && !s.is_empty(),
                    "{stem}.{k}: {s:?}"
                );
            }
        }
        for p in v["pages"].as_array().unwrap() {
            let t = p["text"].as_str().unwrap();
            assert!(is_nfc(t), "{stem}: page text not NFC");
            assert!(
                t.lines()
                    .all(|l| !l.contains("  ") && l.trim() == l && !l.is_empty()),
                "{stem}: page text spacing"
            );
        }
    }
}

#[test]
fn scanned_pages_come_from_ocr_and_text_pdf_from_its_layer() {
    let (_, scan) = output_for("qd-kiem-soat-tthc-phuong-hai-duong.scan-clean");
    for p in scan["pages"].as_array().unwrap() {
        assert_eq!(p["source"], "ocr");
        assert_eq!(p["dpi"], 300);
        assert!(p["mean_confidence"].as_f64().unwrap() > 0.8, "{p}");
    }
    // The appendix is landscape A4.
    assert_eq!(
        scan["pages"][3]["width_pt"].as_f64().unwrap().round(),
        842.0
    );
    let (_, born) = output_for("kh-1168-sgddt.born-digital");
    for p in born["pages"].as_array().unwrap() {
        assert_eq!(p["source"], "text_layer");
        assert_eq!(p["mean_confidence"], 1.0);
    }
    let (_, fax) = output_for("kh-1168-sgddt.fax-tiff");
    assert_eq!(
        fax["pages"][0]["dpi"], 200,
        "TIFF resolution is read from the file"
    );
}

#[test]
fn same_input_gives_byte_identical_output() {
    let inputs = [
        "fixtures/inputs/kh-1168-sgddt.page1-png.png",
        "fixtures/inputs/kh-1168-sgddt.born-digital.pdf",
        "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
    ];
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    for (i, d) in dirs.iter().enumerate() {
        let jobs = if i == 0 { "1" } else { "2" };
        let o = common::extract(&inputs, d.path(), &["--jobs", jobs]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for name in [
        "kh-1168-sgddt.page1-png.json",
        "kh-1168-sgddt.born-digital.json",
        "kh-1168-sgddt.ocr-eng.json",
    ] {
        let a = std::fs::read(dirs[0].path().join(name)).unwrap();
        let b = std::fs::read(dirs[1].path().join(name)).unwrap();
        assert!(a == b, "{name} differs between runs");
    }
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = |n: &str| src.path().join(n);
    std::fs::write(p("empty.pdf"), b"").unwrap();
    std::fs::write(p("truncated.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catalog").unwrap();
    std::fs::write(p("latin1.txt"), b"K\xc9 HO\xc0CH\n").unwrap();
    std::fs::write(p("noise.bin"), [0u8, 1, 2, 3, 255, 0, 7, 9].repeat(64)).unwrap();
    std::fs::write(p("broken.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    std::fs::copy(
        "fixtures/inputs/kh-1168-sgddt.born-digital.pdf",
        p("good.pdf"),
    )
    .unwrap();
    std::fs::copy("fixtures/hostile/encrypted.pdf", p("locked.pdf")).unwrap();
    let before: Vec<Vec<u8>> = ["empty.pdf", "truncated.pdf", "good.pdf"]
        .iter()
        .map(|n| std::fs::read(p(n)).unwrap())
        .collect();
    let missing = p("does-not-exist.pdf");
    let o = bin()
        .args([
            "extract",
            "-o",
            out.path().to_str().unwrap(),
            "--progress",
            "never",
        ])
        .args(
            [
                "empty.pdf",
                "truncated.pdf",
                "latin1.txt",
                "noise.bin",
                "broken.png",
                "locked.pdf",
                "good.pdf",
            ]
            .map(&p),
        )
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for (name, reason) in [
        ("empty.pdf", "empty file"),
        ("truncated.pdf", "damaged"),
        ("latin1.txt", "not valid UTF-8"),
        ("noise.bin", "not a document"),
        ("broken.png", "cannot be decoded"),
        ("locked.pdf", "encrypted"),
        ("does-not-exist.pdf", "cannot read"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(reason)),
            "no '{reason}' error for {name} in:\n{err}"
        );
    }
    assert!(
        err.contains("1 written") && err.contains("7 failed"),
        "{err}"
    );
    let written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        written,
        ["good.json"],
        "only complete outputs, no temporaries"
    );
    let doc: Document =
        serde_json::from_slice(&std::fs::read(out.path().join("good.json")).unwrap()).unwrap();
    assert_eq!(doc.document.signer.as_deref(), Some("Lương Văn Việt"));
    let after: Vec<Vec<u8>> = ["empty.pdf", "truncated.pdf", "good.pdf"]
        .iter()
        .map(|n| std::fs::read(p(n)).unwrap())
        .collect();
    assert_eq!(before, after, "inputs are never modified");
}

#[test]
fn folders_are_searched_by_content_and_outputs_never_collide() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(src.path().join("a/deeper")).unwrap();
    std::fs::create_dir_all(src.path().join("b")).unwrap();
    // Same stem in two folders; a PDF without its extension; files to ignore.
    std::fs::copy(
        "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
        src.path().join("a/plan.txt"),
    )
    .unwrap();
    std::fs::copy(
        "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
        src.path().join("b/plan.txt"),
    )
    .unwrap();
    std::fs::copy(
        "fixtures/inputs/kh-1168-sgddt.born-digital.pdf",
        src.path().join("a/deeper/scan-no-ext"),
    )
    .unwrap();
    std::fs::write(src.path().join("a/README.md"), "# not a document\n").unwrap();
    std::fs::write(src.path().join("b/.hidden.txt"), "KẾ HOẠCH\n").unwrap();
    let o = common::extract(&[src.path().to_str().unwrap()], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"scan-no-ext.json".to_string()), "{names:?}");
    assert!(
        names.iter().filter(|n| n.starts_with("plan-")).count() == 2,
        "{names:?}"
    );
}

#[test]
fn documents_found_in_a_folder_that_cannot_be_read_are_failures() {
    // A file named as a document is an input wherever it was found: an empty
    // PDF and a PNG of random bytes fail with their reason, exit 1, and the
    // good file beside them is still written; a README is not a document.
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
        src.path().join("plan.txt"),
    )
    .unwrap();
    std::fs::write(src.path().join("empty.pdf"), b"").unwrap();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(src.path().join("scan.png"), noise).unwrap();
    std::fs::write(src.path().join("README.md"), "# not a document\n").unwrap();
    let o = common::extract(&[src.path().to_str().unwrap()], out.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for name in ["empty.pdf", "scan.png"] {
        assert!(err.contains(name), "{name} not named: {err}");
    }
    assert!(!err.contains("README"), "{err}");
    assert!(out.path().join("plan.json").exists());
}

#[test]
fn current_outputs_are_skipped_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    let input = "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt";
    let extract = |extra: &[&str]| stderr(&common::extract(&[input], out.path(), extra));
    let first = extract(&[]);
    assert!(first.contains("1 written"), "{first}");
    let json = out.path().join("kh-1168-sgddt.ocr-eng.json");
    let bytes = std::fs::read(&json).unwrap();
    let second = extract(&[]);
    assert!(second.contains("1 already current"), "{second}");
    // Different options make the output stale.
    let third = extract(&["--dpi", "200"]);
    assert!(third.contains("1 written"), "{third}");
    let forced = extract(&["--dpi", "200", "--force"]);
    assert!(forced.contains("1 written"), "{forced}");
    // A damaged output is redone, not trusted.
    std::fs::write(&json, &bytes[..bytes.len() / 2]).unwrap();
    let redo = extract(&["--dpi", "200"]);
    assert!(redo.contains("1 written"), "{redo}");
    assert!(serde_json::from_slice::<Document>(&std::fs::read(&json).unwrap()).is_ok());
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    for (args, needle) in [
        (vec!["extract"], "required"),
        (vec!["extract", "x.pdf", "--dpi", "5"], "--dpi"),
        (vec!["extract", "x.pdf", "--lang", "vie;rm"], "--lang"),
        (
            vec![
                "extract",
                "x.pdf",
                "--lang",
                "zzz",
                "-o",
                "/tmp/kehoach-never-created",
            ],
            "not installed",
        ),
        (vec!["frobnicate"], "unrecognized"),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
}

#[test]
fn openmp_is_limited_to_one_thread_whatever_the_caller_set() {
    for env in [Some("8"), None] {
        let mut c = bin();
        c.arg("doctor");
        match env {
            Some(v) => c.env("OMP_THREAD_LIMIT", v),
            None => c.env_remove("OMP_THREAD_LIMIT"),
        };
        let o = c.output().unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.lines().any(|l| l == "OMP_THREAD_LIMIT=1"),
            "{env:?}: {text}"
        );
        assert!(
            text.contains("vie"),
            "the Vietnamese model is installed: {text}"
        );
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // The reading end is closed before the child starts, so its first write
    // always meets a broken pipe (no race with a reader that closes late).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = bin()
        .arg("schema")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn unwritable_output_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = run(&[
        "extract",
        "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
        "-o",
        file.join("sub").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[test]
fn task_records_match_the_fixtures_and_none_are_invented() {
    let mut failures = Vec::new();
    for (stem, exp) in expected() {
        let (_, got) = output_for(&stem);
        let got_tasks = got["tasks"].as_array().unwrap();
        let Some(want_tasks) = exp.get("tasks").and_then(Value::as_array) else {
            // Fixtures scored against gold records are checked below.
            if exp.get("task_floor").is_none() {
                assert!(got_tasks.is_empty(), "{stem}: spurious tasks {got_tasks:?}");
            }
            continue;
        };
        let ids = |ts: &[Value]| {
            ts.iter()
                .map(|t| t["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(got_tasks), ids(want_tasks), "{stem}: task ids");
        let tol = exp["unit_tolerance"].as_f64().unwrap_or(0.0);
        for (g, w) in got_tasks.iter().zip(want_tasks) {
            let id = w["id"].as_str().unwrap();
            if g["deadline"]["kind"] != w["deadline"]["kind"]
                || g["deadline"]["start"] != w["deadline"]["start"]
                || g["deadline"]["end"] != w["deadline"]["end"]
            {
                failures.push(format!(
                    "{stem} {id}: deadline {} want {}",
                    g["deadline"], w["deadline"]
                ));
            }
            let (gu, wu) = (strings(&g["lead_units"]), strings(&w["lead_units"]));
            if gu.len() != wu.len() || gu.iter().zip(&wu).any(|(g, w)| cer(g, w) > tol) {
                failures.push(format!("{stem} {id}: lead units {gu:?} want {wu:?}"));
            }
            assert!(
                !g["content"].as_str().unwrap().is_empty(),
                "{stem} {id}: empty content"
            );
            assert_eq!(g["source"]["table"], 1, "{stem} {id}");
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every fixture with a gold file is scored against it field by field
/// (`kehoach eval tasks` prints the same figures) and must not fall below
/// its floor.
#[test]
fn task_fields_against_the_gold_records_stay_above_their_floors() {
    let mut failures = Vec::new();
    let mut scored = 0;
    for (stem, exp) in expected() {
        let Some(floor) = exp.get("task_floor") else {
            continue;
        };
        let doc = stem.split('.').next().unwrap();
        let gold: kehoach::score::Gold = serde_json::from_str(
            &std::fs::read_to_string(format!("fixtures/expected/{doc}.gold.json")).unwrap(),
        )
        .unwrap();
        let (text, _) = output_for(&stem);
        let got: Document = serde_json::from_str(&text).unwrap();
        let s = kehoach::score::score(&gold.tasks, &got.tasks);
        scored += 1;
        let (fa, re) = (s.field_accuracy(), s.record_exact());
        if fa < floor["field_accuracy"].as_f64().unwrap()
            || re < floor["record_exact"].as_f64().unwrap()
            || s.spurious.len() as u64 > floor["max_spurious"].as_u64().unwrap()
        {
            failures.push(format!(
                "{stem}: field accuracy {fa:.3}, record-exact {re:.3}, spurious {:?} (floor {floor})",
                s.spurious
            ));
        }
    }
    assert!(scored >= 12, "only {scored} fixtures scored");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn tables_are_stitched_across_pages_and_unit_lists_give_no_tasks() {
    let (_, decision) = output_for("qd-kiem-soat-tthc-phuong-hai-duong.scan-clean");
    let tables = decision["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1, "one appendix table over pages 3-9");
    assert_eq!(
        (
            tables[0]["page_start"].as_u64(),
            tables[0]["page_end"].as_u64()
        ),
        (Some(3), Some(9))
    );
    let roles: Vec<&str> = tables[0]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "number",
            "content",
            "lead_units",
            "cooperating_units",
            "deliverable",
            "deadline"
        ]
    );
    // The header repeated on every page is not a row.
    let header_again = tables[0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r[0].as_str() == Some("Số TT"))
        .count();
    assert_eq!(header_again, 0);
    // A born-digital PDF's table comes from its vector rules and text layer.
    let (_, born) = output_for("qd-kiem-soat-tthc-phuong-hai-duong.born-digital");
    let bt = born["tables"].as_array().unwrap();
    assert_eq!(bt.len(), 1);
    assert_eq!(bt[0]["roles"], tables[0]["roles"]);
    assert_eq!(
        bt[0]["rows"].as_array().unwrap().len(),
        tables[0]["rows"].as_array().unwrap().len()
    );
    let (_, plan) = output_for("qd-kiem-tra-tthc-hai-phong.scan-skewed");
    let t = plan["tables"].as_array().unwrap();
    assert_eq!(t.len(), 1, "Phụ lục II, stitched over pages 9-10");
    assert_eq!(
        (t[0]["page_start"].as_u64(), t[0]["page_end"].as_u64()),
        (Some(9), Some(10))
    );
    // 2 section rows, 4 departments and 30 communes; the header repeated on
    // page 10 is dropped even though the noisy scan reads it differently.
    assert_eq!(t[0]["rows"].as_array().unwrap().len(), 36);
}

#[test]
fn a_born_digital_table_ruled_only_under_its_header_gives_the_same_tasks() {
    // The same two plans printed with one rule under the header row and
    // none between cells or columns: the text layer laid out as on a scan.
    for doc in ["kh-215-snnmt", "qd-kiem-soat-tthc-phuong-hai-duong"] {
        let bare = |variant: &str| {
            let (_, v) = output_for(&format!("{doc}.{variant}"));
            let mut tasks = v["tasks"].as_array().unwrap().clone();
            for t in &mut tasks {
                let t = t.as_object_mut().unwrap();
                // Boxes and rows differ with the geometry; the records do not.
                t.remove("source");
                t.remove("confidence");
            }
            (v["tables"][0]["roles"].clone(), tasks)
        };
        let (ruled, open) = (bare("born-digital"), bare("born-digital-rules-header"));
        assert!(open.1.len() >= 20, "{doc}: {} tasks", open.1.len());
        assert_eq!(open, ruled, "{doc}");
    }
}

#[test]
fn manifest_and_shards_split_a_batch_without_overlap() {
    let out = tempfile::tempdir().unwrap();
    let manifest = out.path().join("inputs.list");
    let inputs = [
        "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
        "fixtures/inputs/kh-1168-sgddt.born-digital.pdf",
        "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.born-digital.pdf",
        "fixtures/inputs/no-such-plan.pdf",
    ];
    std::fs::write(
        &manifest,
        format!("# today's arrivals\n{}\n\n", inputs.join("\r\n")),
    )
    .unwrap();
    let json_dir = out.path().join("json");
    let mut wrote = Vec::new();
    let mut missing_reported = 0;
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let o = run(&[
            "extract",
            "--manifest",
            manifest.to_str().unwrap(),
            "--shard",
            &shard,
            "-o",
            json_dir.to_str().unwrap(),
            "--progress",
            "never",
        ]);
        let err = stderr(&o);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{shard}: {err}");
        missing_reported += err.matches("no-such-plan.pdf: cannot read").count();
        wrote.extend(
            err.lines()
                .filter_map(|l| l.strip_prefix("kehoach: wrote "))
                .map(|l| l.split(' ').next().unwrap().to_string()),
        );
    }
    wrote.sort();
    let before = wrote.len();
    wrote.dedup();
    assert_eq!(before, wrote.len(), "an input was done twice: {wrote:?}");
    assert_eq!(wrote.len(), 3, "every readable input once: {wrote:?}");
    assert_eq!(
        missing_reported, 1,
        "the missing input belongs to one shard"
    );

    // The same list on standard input, unsharded: all current already.
    let mut child = bin()
        .args(["extract", "--manifest", "-", "--progress", "never", "-o"])
        .arg(&json_dir)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        inputs[..3].join("\n").as_bytes(),
    )
    .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 already current"), "{}", stderr(&o));

    for (args, needle) in [
        (vec!["extract", "--shard", "0/3", "x.pdf"], "1 ≤ K ≤ N"),
        (vec!["extract", "--shard", "4/3", "x.pdf"], "1 ≤ K ≤ N"),
        (
            vec!["extract", "--manifest", "/nonexistent/list"],
            "cannot read",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}
