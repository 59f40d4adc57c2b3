//! End-to-end tests of Word input: the real binary on the real Word plans
//! in `../shared/real/` (never copied into the repository), scored against
//! the gold task records written by hand in `fixtures/real/`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{run, stderr};
use kehoach::export::Document;
use kehoach::score::{self, Gold};
use serde_json::Value;

const REAL: &str = "../shared/real";

/// The Word plans with appendix task tables, with their gold and the
/// number of tasks their appendix prints.
const PLANS: [(&str, &str, usize); 3] = [
    ("08_docx_LamDong_KH-CCHC-2026-2030_duthao.docx", "08", 56),
    ("09_docx_LamDong_KH-CCHC-2026_duthao.docx", "09", 49),
    (
        "10_docx_LaoCai_KH-ChiThi11-khoang-san_duthao.docx",
        "10",
        14,
    ),
];

fn real(name: &str) -> PathBuf {
    let p = Path::new(REAL).join(name);
    assert!(
        p.is_file(),
        "{}: the real documents are read from {REAL} (see its SOURCES.md)",
        p.display()
    );
    p
}

/// One extraction of the three plans, shared by the tests.
fn plans() -> &'static (tempfile::TempDir, Vec<(Document, Value)>) {
    static RUN: OnceLock<(tempfile::TempDir, Vec<(Document, Value)>)> = OnceLock::new();
    RUN.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let inputs: Vec<String> = PLANS
            .iter()
            .map(|(f, _, _)| real(f).to_string_lossy().into_owned())
            .collect();
        let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let o = common::extract(&args, out.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let docs = PLANS
            .iter()
            .map(|(f, _, _)| {
                let stem = Path::new(f).file_stem().unwrap().to_string_lossy();
                let text =
                    std::fs::read_to_string(out.path().join(format!("{stem}.json"))).unwrap();
                (
                    serde_json::from_str(&text).unwrap(),
                    serde_json::from_str(&text).unwrap(),
                )
            })
            .collect();
        (out, docs)
    })
}

fn gold(n: &str) -> Gold {
    let p = format!("fixtures/real/{n}.tasks.gold.json");
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

#[test]
fn word_plans_give_every_task_of_their_appendix() {
    let mut report = Vec::new();
    for ((file, n, count), (doc, _)) in PLANS.iter().zip(&plans().1) {
        let g = gold(n);
        assert_eq!(g.tasks.len(), *count, "{n}: gold");
        assert!(g.note.contains(file), "{n}: the gold names its document");
        let s = score::score(&g.tasks, &doc.tasks);
        for m in &s.misses {
            report.push(format!(
                "{n} {} {}: want {:?} got {:?}",
                m.id, m.field, m.want, m.got
            ));
        }
        assert_eq!(doc.source.kind, kehoach::source::SourceKind::Docx);
        assert!(s.missing.is_empty(), "{n}: missing {:?}", s.missing);
        assert!(s.spurious.is_empty(), "{n}: spurious {:?}", s.spurious);
        assert!(
            s.field_accuracy() >= 0.99,
            "{n}: field accuracy {:.4}\n{}",
            s.field_accuracy(),
            report.join("\n")
        );
    }
}

#[test]
fn layout_tables_of_a_word_file_are_not_tables() {
    for ((_, n, _), (doc, _)) in PLANS.iter().zip(&plans().1) {
        // The national header and the signature block are Word tables too.
        assert_eq!(
            doc.tables.len(),
            1,
            "{n}: {:?}",
            doc.tables.iter().map(|t| &t.columns).collect::<Vec<_>>()
        );
        let roles: Vec<Option<&str>> = doc.tables[0].roles.iter().map(|r| r.as_deref()).collect();
        assert!(
            roles.contains(&Some("monitoring_units")) == (*n != "10"),
            "{n}: {roles:?}"
        );
        assert!(
            roles.contains(&Some("lead_units")) && roles.contains(&Some("deadline")),
            "{n}"
        );
        // Their text is the page's: the header parser reads it.
        let text = &doc.pages[0].text;
        assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "{n}");
        assert_eq!(doc.document.type_label.as_deref(), Some("KẾ HOẠCH"), "{n}");
        assert!(
            doc.document.signer.is_some(),
            "{n}: signer from the signature table"
        );
    }
}

#[test]
fn word_outputs_validate_and_repeat_byte_for_byte() {
    let schema: Value = serde_json::from_slice(&run(&["schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for ((_, n, _), (_, v)) in PLANS.iter().zip(&plans().1) {
        let errors: Vec<String> = validator
            .iter_errors(v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{n}: {errors:?}");
    }
    // Same input, same bytes.
    let again = tempfile::tempdir().unwrap();
    let input = real(PLANS[2].0);
    let o = common::extract(&[input.to_str().unwrap()], again.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let name = format!(
        "{}.json",
        Path::new(PLANS[2].0).file_stem().unwrap().to_string_lossy()
    );
    assert_eq!(
        std::fs::read(again.path().join(&name)).unwrap(),
        std::fs::read(plans().0.path().join(&name)).unwrap()
    );
}

#[test]
fn legacy_doc_is_read_through_libreoffice() {
    let out = tempfile::tempdir().unwrap();
    let input = real("01b_source_LamDong_KH-ma-tuy-2026_duthao.doc");
    let o = common::extract(&[input.to_str().unwrap()], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(
        out.path()
            .join("01b_source_LamDong_KH-ma-tuy-2026_duthao.json"),
    )
    .unwrap();
    let doc: Document = serde_json::from_str(&text).unwrap();
    assert_eq!(doc.source.kind, kehoach::source::SourceKind::Docx);
    assert!(doc.warnings.iter().any(|w| w.code == "converted_from_doc"));
    assert_eq!(doc.document.doc_type, kehoach::header::DocType::KeHoach);
    assert!(
        doc.document
            .title
            .as_deref()
            .is_some_and(|t| t.contains("ma túy")),
        "{:?}",
        doc.document
    );
    assert!(doc.pages[0].text.contains("phòng, chống ma túy"));
}

#[test]
fn a_zip_that_is_not_a_word_file_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("sheet.docx");
    // A ZIP archive holding one stored entry, not word/document.xml.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut w, b"<workbook/>").unwrap();
    std::fs::write(&zip, w.finish().unwrap().into_inner()).unwrap();
    let out = dir.path().join("out");
    let o = common::extract(&[zip.to_str().unwrap()], &out, &[]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("without word/document.xml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn word_versions_of_the_table_fixtures_score_in_full() {
    // As converted from the print layout, and with a lead unit shared by
    // consecutive rows merged down (w:vMerge, fixtures/docx-merged).
    for dir in ["fixtures/docx", "fixtures/docx-merged"] {
        word_folder_scores_in_full(dir);
    }
}

fn word_folder_scores_in_full(dir: &str) {
    let out = tempfile::tempdir().unwrap();
    let o = common::extract(&[dir], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for doc in ["kh-215-snnmt", "qd-kiem-soat-tthc-phuong-hai-duong"] {
        let text = std::fs::read_to_string(out.path().join(format!("{doc}.json"))).unwrap();
        let got: Document = serde_json::from_str(&text).unwrap();
        let gold_text =
            std::fs::read_to_string(format!("fixtures/expected/{doc}.gold.json")).unwrap();
        let g: Gold = serde_json::from_str(&gold_text).unwrap();
        let s = score::score(&g.tasks, &got.tasks);
        assert_eq!(
            (s.paired, s.spurious.len()),
            (g.tasks.len(), 0),
            "{dir}/{doc}"
        );
        assert_eq!(s.field_accuracy(), 1.0, "{dir}/{doc}: {:?}", s.misses);
        assert_eq!(got.tables.len(), 1, "{dir}/{doc}: the task table only");
    }
}
