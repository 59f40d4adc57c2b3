//! End-to-end on real signed PDFs from `../shared/real/` (read in place,
//! never copied into the repository; see its SOURCES.md): scans carrying
//! an e-signature stamp as their only text layer are OCR'd, the stamps
//! become `signatures`, and a born-digital plan whose number and date the
//! signing software stamped in glyph by glyph gives them whole; a number
//! and day handwritten in blue or dark ink are read; a signer's name the
//! seal garbles is read again.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::stderr;
use serde_json::Value;

const REAL: &str = "../shared/real";
const FILES: [&str; 4] = [
    "03_scan_BCA_KH589-BCA-C04_hoi-nghi-CTMTQG.pdf",
    "05_scan_QuangNgai_QD84-UBND_pd-KH-tran-dau.pdf",
    "12_pdf_GiaLai_KH115-SNNMT_signed.pdf",
    "04_scan_GiaLai_QD203-STC_phan-cong-lanh-dao.pdf",
];

/// One extraction of the four files, shared by the tests.
fn outputs() -> &'static (tempfile::TempDir, Vec<Value>) {
    static RUN: OnceLock<(tempfile::TempDir, Vec<Value>)> = OnceLock::new();
    RUN.get_or_init(|| {
        let paths: Vec<PathBuf> = FILES.iter().map(|f| Path::new(REAL).join(f)).collect();
        for p in &paths {
            assert!(
                p.is_file(),
                "{} is missing (see ../shared/real/SOURCES.md)",
                p.display()
            );
        }
        let out = tempfile::tempdir().unwrap();
        let args: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
        let o = common::extract(&args, out.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            !stderr(&o).contains("Error in"),
            "library messages reached the terminal: {}",
            stderr(&o)
        );
        let docs = FILES
            .iter()
            .map(|f| {
                let json = out.path().join(Path::new(f).with_extension("json"));
                serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap()
            })
            .collect();
        (out, docs)
    })
}

fn doc(i: usize) -> &'static Value {
    &outputs().1[i]
}

fn sources(d: &Value) -> Vec<&str> {
    d["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].as_str().unwrap())
        .collect()
}

fn signatures(d: &Value) -> Vec<(&str, &str, &str, u64)> {
    d["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap(),
                s["by"].as_str().unwrap_or(""),
                s["time"].as_str().unwrap_or(""),
                s["page"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn codes(d: &Value, page: u64) -> Vec<&str> {
    d["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["page"] == page)
        .map(|w| w["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_scan_under_a_copy_stamp_is_ocred_and_the_stamp_is_a_signature() {
    let d = doc(0);
    assert_eq!(d["source"]["kind"], "pdf-scanned");
    let src = sources(d);
    assert_eq!(src[0], "ocr_over_text_layer", "{src:?}");
    assert!(src[1..].iter().all(|s| *s == "ocr"), "{src:?}");
    assert!(
        codes(d, 1).contains(&"text_layer_partial"),
        "{}",
        d["warnings"]
    );
    let text = d["pages"][0]["text"].as_str().unwrap();
    assert!(text.contains("KẾ HOẠCH"), "{text}");
    assert!(text.contains("BỘ CÔNG AN"), "{text}");
    assert_eq!(
        signatures(d),
        [(
            "certified_copy",
            "Bộ Công an",
            "2025-10-02T16:24:01+07:00",
            1
        )]
    );
    // The duplex backs: blank, not read.
    for page in [2, 4, 6, 8] {
        assert_eq!(d["pages"][page as usize - 1]["text"], "", "page {page}");
        assert!(codes(d, page).contains(&"blank_page"), "page {page}");
    }
}

#[test]
fn two_signing_stamps_on_a_scanned_decision_are_both_found() {
    let d = doc(1);
    assert_eq!(sources(d)[0], "ocr_over_text_layer");
    let text = d["pages"][0]["text"].as_str().unwrap();
    assert!(text.contains("QUYẾT ĐỊNH"), "{text}");
    let mut got = signatures(d);
    got.sort();
    assert_eq!(
        got,
        [
            (
                "signed",
                "Trung tâm Công báo và Tin học",
                "2025-02-03T14:00:35+07:00",
                1
            ),
            (
                "signed",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
                "2025-02-03T10:47:25+07:00",
                1
            ),
        ]
    );
    let emails: Vec<&Value> = d["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["email"])
        .collect();
    assert!(
        emails.contains(&&Value::from("ttcbth@quangngai.gov.vn")),
        "{emails:?}"
    );
}

#[test]
fn a_born_digital_plan_stays_its_text_layer_with_stamped_number_and_date() {
    let d = doc(2);
    assert_eq!(d["source"]["kind"], "pdf-text");
    assert!(
        sources(d).iter().all(|s| *s == "text_layer"),
        "{:?}",
        sources(d)
    );
    assert_eq!(d["document"]["number"], "115/KH-SNNMT", "{}", d["document"]);
    assert_eq!(
        d["document"]["issued_on"], "2026-08-04",
        "{}",
        d["document"]
    );
    assert_eq!(d["document"]["doc_type"], "ke_hoach");
}

#[test]
fn a_number_and_day_written_by_hand_are_read_in_blue_and_in_dark_ink() {
    // 03: the clerk wrote "589" and "02" into the blanks in blue ink.
    let d = &doc(0)["document"];
    assert_eq!(d["number"], "589/KH-BCA-C04", "{d}");
    assert_eq!(d["issued_on"], "2025-10-02", "{d}");
    // 05: "84" and "03" are written in dark ink, read between the print
    // around the blanks.
    let d = &doc(1)["document"];
    assert_eq!(d["number"], "84/QĐ-UBND", "{d}");
    assert_eq!(d["issued_on"], "2025-02-03", "{d}");
    assert!(codes(doc(1), 1).contains(&"handwritten_figures"));
}

#[test]
fn a_page_with_the_scanners_dark_margin_reads_whole() {
    // 03's last printed page (7) has the scanner's black band along two
    // edges: its section "VI. TỔ CHỨC THỰC HIỆN" and the two duties under
    // it are read; the first's leads are its sentence's subject, after
    // a speck OCR read as a colon inside it (":riển khai").
    let d = doc(0);
    let text = d["pages"][6]["text"].as_str().unwrap();
    let folded = text.to_lowercase();
    assert!(folded.contains("chức thực hiện"), "{text}");
    let tasks: Vec<(&str, &Value)> = d["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), &t["lead_units"]))
        .filter(|(id, _)| id.starts_with("VI."))
        .collect();
    let ids: Vec<&str> = tasks.iter().map(|t| t.0).collect();
    assert_eq!(ids, ["VI.1", "VI.2"], "{}", d["tasks"]);
    assert_eq!(
        tasks[0].1[0], "các đơn vị thuộc Bộ Công an",
        "{}",
        d["tasks"]
    );
}

#[test]
fn a_signers_name_beside_the_seal_is_read_again_on_its_own() {
    // 04's signer, "Trần Cang", is printed under the signature with the
    // seal's ring at its left: the page pass read "Irần Cang" (and the
    // repair, taking it for the commune "Trà Cang", wrote that). Read
    // alone, the line is the name, and the text keeps it.
    let d = doc(3);
    assert_eq!(d["document"]["signer"], "Trần Cang", "{}", d["document"]);
    let pages = d["pages"].as_array().unwrap();
    let last = pages[pages.len() - 1]["text"].as_str().unwrap();
    assert!(last.contains("Trần Cang"), "{last}");
}
