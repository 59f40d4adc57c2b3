//! `kehoach review` and `extract --review` end to end: a real scan fixture,
//! the page opened in headless Debian Chromium (installed by `make test`).

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{bin, stderr};
use kehoach::config::UiLang;
use kehoach::export::Document;
use kehoach::review::{label, LABELS};

const INPUT: &str = "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.scan-clean.pdf";
const STEM: &str = "qd-kiem-soat-tthc-phuong-hai-duong.scan-clean";

/// One `extract --review` of the scan: (folder, document, review page).
fn extracted() -> &'static (tempfile::TempDir, Document, String) {
    static RUN: OnceLock<(tempfile::TempDir, Document, String)> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = common::extract(&[INPUT], dir.path(), &["--review"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let doc = kehoach::export::read_document(&dir.path().join(format!("{STEM}.json"))).unwrap();
        let html = std::fs::read_to_string(dir.path().join(format!("{STEM}.html")))
            .expect("review page written beside the JSON");
        (dir, doc, html)
    })
}

/// Headless Chromium on `url` with `extra` arguments.
fn chromium(profile: &Path, extra: &[&str], url: &str) -> Output {
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs (make test installs it)");
    assert!(o.status.success(), "chromium: {}", stderr(&o));
    o
}

#[test]
fn review_page_is_self_contained_and_outlines_every_cell() {
    let (_, doc, html) = extracted();
    assert_eq!(
        html.matches("src=\"data:image/png;base64,").count(),
        doc.source.pages
    );
    for remote in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "src=\"//",
    ] {
        assert!(!html.contains(remote), "review page fetches {remote}");
    }
    let cells: usize = doc.tables.iter().map(|t| t.cells.len()).sum();
    assert!(cells > 100, "{cells} cells");
    assert_eq!(html.matches("<rect class=\"cell").count(), cells);
    // Repaired cells carry what OCR read, shown on hover.
    let repaired: usize = doc
        .tables
        .iter()
        .flat_map(|t| &t.cells)
        .filter(|c| c.raw.is_some())
        .count();
    assert!(repaired > 0, "the scan has repaired cells");
    let read = format!("\n{}: ", label("ocr_read", UiLang::Vi));
    assert_eq!(html.matches(&read).count(), repaired);
    assert_eq!(
        html.matches("<rect class=\"task\"").count(),
        doc.tasks.len()
    );
}

#[test]
fn chromium_renders_records_and_highlights_a_selected_task() {
    let (dir, doc, _) = extracted();
    let page = dir.path().join(format!("{STEM}.html"));
    let profile = tempfile::tempdir().unwrap();
    // A task from the middle of the table, selected through the address.
    let task = &doc.tasks[doc.tasks.len() / 2];
    let url = format!("file://{}#task-{}", page.display(), task.id);

    let dom = String::from_utf8(chromium(profile.path(), &["--dump-dom"], &url).stdout).unwrap();
    assert!(
        dom.contains("data-ready=\"1\""),
        "page script did not finish"
    );
    // Records are built by the page script: present only if it ran.
    assert!(dom.contains("<article class=\"record"), "no records");
    for t in &doc.tasks {
        let marker = format!("id=\"task-{}\"", t.id);
        assert_eq!(dom.matches(&marker).count(), 1, "{marker}");
    }
    assert!(dom.contains(&format!(
        "class=\"record selected\" id=\"task-{}\"",
        task.id
    )));
    let table = &doc.tables[task.source.table.expect("a table task") - 1];
    let want = table
        .cells
        .iter()
        .filter(|c| task.source.rows.contains(&c.row))
        .count();
    assert!(want > 0);
    let highlighted = dom
        .split("<rect class=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|class| class.starts_with("cell") && class.split(' ').any(|c| c == "hl"))
        .count();
    assert_eq!(highlighted, want);
    assert_eq!(dom.matches("class=\"task hl\"").count(), 1);

    let shot = profile.path().join("shot.png");
    chromium(
        profile.path(),
        &[&format!("--screenshot={}", shot.display())],
        &url,
    );
    let img = image::open(&shot).expect("screenshot written").to_rgb8();
    assert_eq!(img.dimensions(), (1400, 1000));
    // The page picture is drawn (dark type), and so is the highlight of the
    // selected task's cells (yellow on white).
    let dark = img.pixels().filter(|p| p.0.iter().all(|&c| c < 80)).count();
    let yellow = img
        .pixels()
        .filter(|p| p.0[0] > 220 && p.0[1] > 210 && p.0[2] < 200)
        .count();
    assert!(dark > 5_000, "{dark} dark pixels: page pictures not drawn");
    assert!(
        yellow > 5_000,
        "{yellow} highlight pixels: selection not drawn"
    );
}

#[test]
fn review_command_matches_extract_and_checks_its_source() {
    let (dir, _, html) = extracted();
    let json = dir.path().join(format!("{STEM}.json"));
    let out = tempfile::tempdir().unwrap();
    let again = out.path().join("again.html");
    // `kehoach review JSON -o AGAIN EXTRA...`, run in `cwd`.
    let review = |extra: &[&str], cwd: &Path| {
        bin()
            .args([
                "review",
                json.to_str().unwrap(),
                "-o",
                again.to_str().unwrap(),
            ])
            .args(extra)
            .current_dir(cwd)
            .output()
            .expect("binary runs")
    };
    let here = std::env::current_dir().unwrap();
    let o = review(&[], &here);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        &std::fs::read_to_string(&again).unwrap(),
        html,
        "same bytes"
    );

    // The recorded path does not resolve from elsewhere: say so, then take --source.
    let moved = std::fs::canonicalize(INPUT).unwrap();
    let o = review(&[], out.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--source"), "{}", stderr(&o));
    let o = review(&["--source", moved.to_str().unwrap()], out.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Another scan is refused: its cells would be drawn in the wrong places.
    let other = "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.born-digital.pdf";
    let o = review(&["--source", other], &here);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("SHA-256 differs"), "{}", stderr(&o));
}

#[test]
fn extract_review_fills_in_a_missing_page_for_a_current_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt";
    let o = common::extract(&[input], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = dir.path().join("kh-1168-sgddt.ocr-eng.html");
    assert!(!page.exists());
    let o = common::extract(&[input], dir.path(), &["--review"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 already current"), "{}", stderr(&o));
    // Text input has no picture: the page shows the text instead.
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<pre class=\"text\">"));
    assert!(!html.contains("data:image/png"));
}

/// The JSON of `<script id="ID" …>` in a page.
fn script_json(page: &str, id: &str) -> serde_json::Value {
    let start = page.find(&format!("<script id=\"{id}\"")).expect(id);
    let body = start + page[start..].find('>').unwrap() + 1;
    let end = body + page[body..].find("</script>").unwrap();
    serde_json::from_str(&page[body..end]).unwrap()
}

#[test]
fn review_page_is_vietnamese_by_default_and_english_on_request() {
    // An HTML plan: no OCR and no picture, so this takes a second.
    let dir = tempfile::tempdir().unwrap();
    let o = common::extract(
        &["fixtures/html/kh-215-snnmt.html"],
        dir.path(),
        &["--review"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = dir.path().join("kh-215-snnmt.json");
    let vi = std::fs::read_to_string(dir.path().join("kh-215-snnmt.html")).unwrap();
    let en_path = dir.path().join("en.html");
    let o = bin()
        .args(["review", json.to_str().unwrap(), "--ui-lang", "en", "-o"])
        .arg(&en_path)
        .output()
        .expect("binary runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let en = std::fs::read_to_string(&en_path).unwrap();

    for (page, lang, code) in [(&vi, UiLang::Vi, "vi"), (&en, UiLang::En, "en")] {
        assert!(page.contains(&format!("<html lang=\"{code}\">")), "{code}");
        let heading = format!("<h2>{}</h2>", label("records", lang));
        assert!(page.contains(&heading), "{code}: {heading}");
        let caption = format!("<figcaption>{} 1 · ", label("page", lang));
        assert!(page.contains(&caption), "{code}: {caption}");
        // The script is handed every label, in this language only.
        let labels = script_json(page, "labels");
        for (key, _) in LABELS {
            assert_eq!(labels[key], label(key, lang), "{code}: {key}");
        }
    }
    assert!(!vi.contains("<h2>Records</h2>") && !en.contains("<h2>Danh sách"));
    // Asked again in English, `extract --review` writes the page again
    // although the JSON is current.
    let vi_path = dir.path().join("kh-215-snnmt.html");
    let args = ["--review", "--ui-lang", "en"];
    let o = common::extract(&["fixtures/html/kh-215-snnmt.html"], dir.path(), &args);
    assert!(stderr(&o).contains("1 already current"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&vi_path).unwrap(), en);
    // The records keep the contract's field names and values in both.
    let (dv, de) = (script_json(&vi, "data"), script_json(&en, "data"));
    let doc = kehoach::export::read_document(&json).unwrap();
    assert!(!doc.tasks.is_empty());
    assert_eq!(dv.as_array().unwrap().len(), doc.tasks.len());
    for ((v, e), t) in dv
        .as_array()
        .unwrap()
        .iter()
        .zip(de.as_array().unwrap())
        .zip(&doc.tasks)
    {
        let keys =
            |x: &serde_json::Value| x.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(v), keys(e));
        for field in [
            "id",
            "content",
            "lead_units",
            "cooperating_units",
            "deliverable",
        ] {
            assert_eq!(v[field], e[field], "{field}");
        }
        assert_eq!(v["content"], t.content.as_str());
    }
}
