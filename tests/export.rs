//! `kehoach export` end to end on real extractions of the two born-digital
//! fixtures (text layer, no OCR): the XLSX read back with calamine and
//! checked cell by cell against the JSON, the CSV parsed by hand, the ICS
//! by the `ical` parser, NDJSON line by line; and `extract --xlsx` writing
//! the same workbook at the end of a run.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{run, stderr};
use serde_json::Value;

const INPUTS: [&str; 2] = [
    "fixtures/inputs/kh-215-snnmt.born-digital.pdf",
    "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.born-digital.pdf",
];

struct Batch {
    _dir: tempfile::TempDir,
    /// The folder of extractions.
    json: PathBuf,
    /// The XLSX, CSV and ICS that `extract` wrote at the end of its run.
    from_extract: [PathBuf; 3],
    /// The documents in name order, as the export reads the folder.
    docs: Vec<Value>,
}

fn batch() -> &'static Batch {
    static B: OnceLock<Batch> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("json");
        let from_extract = ["x.xlsx", "x.csv", "x.ics"].map(|n| dir.path().join(n));
        let [x, c, i] = from_extract.each_ref().map(|p| p.to_str().unwrap());
        let o = common::extract(&INPUTS, &json, &["--xlsx", x, "--csv", c, "--ics", i]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut names: Vec<_> = std::fs::read_dir(&json)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        let docs = names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        Batch {
            _dir: dir,
            json,
            from_extract,
            docs,
        }
    })
}

/// Run `export FOLDER --xlsx --csv --ics --ndjson EXTRA...` into a fresh
/// folder; the folder and the four paths.
fn export(extra: &[&str]) -> (tempfile::TempDir, [PathBuf; 4]) {
    let out = tempfile::tempdir().unwrap();
    let paths = ["t.xlsx", "t.csv", "t.ics", "t.ndjson"].map(|n| out.path().join(n));
    let [x, c, i, n] = paths.each_ref().map(|p| p.to_str().unwrap());
    let mut args = vec!["export", batch().json.to_str().unwrap()];
    args.extend(["--xlsx", x, "--csv", c, "--ics", i, "--ndjson", n]);
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (out, paths)
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn heading(t: &Value, code: &str, title: &str) -> String {
    match (t[code].as_str(), t[title].as_str()) {
        (Some(c), Some(x)) => format!("{c}. {x}"),
        (c, x) => c.or(x).unwrap_or_default().to_string(),
    }
}

fn units(v: &Value) -> String {
    let list: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    list.join("; ")
}

/// The cells a task row must hold, as text (dates ISO, numbers as printed).
fn expected_row(doc: &Value, t: &Value) -> Vec<String> {
    let vi_kind = match t["deadline"]["kind"].as_str().unwrap() {
        "recurring" => "Thường xuyên",
        "by_date" => "Hạn chót",
        "date_range" => "Khoảng thời gian",
        "period" => "Giai đoạn",
        _ => "Chưa rõ",
    };
    vec![
        s(&doc["source"]["file"]),
        s(&t["id"]),
        heading(t, "section", "section_title"),
        heading(t, "group", "group_title"),
        s(&t["content"]),
        units(&t["lead_units"]),
        units(&t["cooperating_units"]),
        units(&t["monitoring_units"]),
        s(&t["deliverable"]),
        s(&t["deadline"]["text"]),
        vi_kind.to_string(),
        s(&t["deadline"]["start"]),
        s(&t["deadline"]["end"]),
        t["source"]["page"].to_string(),
        t["confidence"].as_f64().unwrap().to_string(),
    ]
}

/// A cell as text; dates must be real date cells and come out ISO.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        other => panic!("unexpected cell {other:?}"),
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn all_tasks() -> Vec<(&'static Value, &'static Value)> {
    let b = batch();
    b.docs
        .iter()
        .flat_map(|d| d["tasks"].as_array().unwrap().iter().map(move |t| (d, t)))
        .collect()
}

#[test]
fn xlsx_holds_every_task_cell_and_dates_as_dates() {
    let (_out, [xlsx, ..]) = export(&[]);
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Nhiệm vụ", "Văn bản"]);
    let rows = sheet(&xlsx, "Nhiệm vụ");
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    assert_eq!(header[..5], ["Tệp", "Số TT", "Mục", "Nhóm", "Nội dung"]);
    assert_eq!(header[14], "Độ tin cậy");
    let tasks = all_tasks();
    assert!(tasks.len() > 20, "{} tasks", tasks.len());
    assert_eq!(rows.len(), tasks.len() + 1);
    let mut dates = 0;
    for (i, (doc, t)) in tasks.iter().enumerate() {
        let row = &rows[i + 1];
        let got: Vec<String> = row.iter().map(cell_text).collect();
        assert_eq!(got, expected_row(doc, t), "row {}", i + 2);
        for c in [11, 12] {
            let iso = t["deadline"][if c == 11 { "start" } else { "end" }].as_str();
            if iso.is_some_and(|d| d.len() == 10) {
                assert!(matches!(row[c], Data::DateTime(_)), "row {} col {c}", i + 2);
                dates += 1;
            }
        }
    }
    assert!(dates > 0, "no deadline dates in the fixtures");
    let docs = sheet(&xlsx, "Văn bản");
    assert_eq!(docs.len(), batch().docs.len() + 1);
    for (row, d) in docs[1..].iter().zip(&batch().docs) {
        assert_eq!(cell_text(&row[1]), s(&d["document"]["number"]));
        assert_eq!(cell_text(&row[3]), s(&d["document"]["issued_on"]));
        assert_eq!(
            cell_text(&row[6]),
            d["tasks"].as_array().unwrap().len().to_string()
        );
    }
}

#[test]
fn outputs_are_byte_identical_across_runs_and_from_extract() {
    let (_a, first) = export(&[]);
    let (_b, second) = export(&[]);
    for (p, q) in first.iter().zip(&second) {
        assert_eq!(
            std::fs::read(p).unwrap(),
            std::fs::read(q).unwrap(),
            "{}",
            p.display()
        );
    }
    for (p, q) in first.iter().zip(&batch().from_extract) {
        assert_eq!(
            std::fs::read(p).unwrap(),
            std::fs::read(q).unwrap(),
            "{}",
            q.display()
        );
    }
}

/// RFC 4180 records: quoted fields may hold commas, quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "bare CR");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated last record"
    );
    rows
}

#[test]
fn csv_has_a_bom_the_task_columns_and_every_task() {
    let (_out, [_, csv, ..]) = export(&[]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let body = text.strip_prefix('\u{feff}').expect("UTF-8 BOM");
    let rows = parse_csv(body);
    let tasks = all_tasks();
    assert_eq!(rows.len(), tasks.len() + 1);
    assert_eq!(rows[0][5], "Đơn vị chủ trì");
    for (row, (doc, t)) in rows[1..].iter().zip(&tasks) {
        assert_eq!(*row, expected_row(doc, t));
    }
    let (_en, [_, csv_en, ..]) = export(&["--ui-lang", "en"]);
    let en = parse_csv(
        std::fs::read_to_string(&csv_en)
            .unwrap()
            .trim_start_matches('\u{feff}'),
    );
    assert_eq!(en[0][..3], ["File", "No.", "Section"]);
    assert_eq!(en[1..].len(), tasks.len());
}

#[test]
fn sheet_and_calendar_words_follow_the_interface_language() {
    let (_vi, [xlsx_vi, _, ics_vi, _]) = export(&[]);
    let (_en, [xlsx_en, _, ics_en, _]) = export(&["--ui-lang", "en"]);
    let header =
        |p: &Path| -> Vec<String> { sheet(p, "Nhiệm vụ")[0].iter().map(cell_text).collect() };
    assert_eq!(
        header(&xlsx_vi)[5..7],
        ["Đơn vị chủ trì", "Đơn vị phối hợp"]
    );
    assert_eq!(header(&xlsx_en)[5..7], ["Lead units", "Cooperating units"]);
    let kinds = |p: &Path| -> Vec<String> {
        sheet(p, "Nhiệm vụ")[1..]
            .iter()
            .map(|r| cell_text(&r[10]))
            .collect()
    };
    let wire: Vec<String> = all_tasks()
        .iter()
        .map(|(_, t)| s(&t["deadline"]["kind"]))
        .collect();
    assert_eq!(kinds(&xlsx_en), wire);
    assert!(kinds(&xlsx_vi).iter().all(|k| !wire.contains(k)));
    // The calendar's descriptions name their fields in the same language.
    let descriptions = |p: &Path| -> Vec<String> {
        let text = std::fs::read_to_string(p).unwrap();
        let cal = ical::IcalParser::new(text.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        let d = cal
            .events
            .iter()
            .flat_map(|e| &e.properties)
            .filter(|p| p.name == "DESCRIPTION");
        d.filter_map(|p| p.value.clone()).collect()
    };
    let (vi, en) = (descriptions(&ics_vi), descriptions(&ics_en));
    assert!(!vi.is_empty() && vi.len() == en.len());
    let words = [
        ["Đơn vị chủ trì:", "Sản phẩm:", "Văn bản:"],
        ["Lead units:", "Deliverable:", "Document:"],
    ];
    for (descs, own, other) in [(&vi, 0, 1), (&en, 1, 0)] {
        for (mine, theirs) in words[own].iter().zip(words[other]) {
            assert!(
                descs.iter().any(|d| d.contains(mine)),
                "{mine} in {descs:?}"
            );
            assert!(
                descs.iter().all(|d| !d.contains(theirs)),
                "{theirs} in {descs:?}"
            );
        }
    }
    // Same events either way: the UID depends on the plan and the task only.
    let uids = |p: &Path| -> Vec<String> {
        let text = std::fs::read_to_string(p).unwrap();
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(uids(&ics_vi), uids(&ics_en));
}

/// The day the calendar must show a task on, from its JSON.
fn due(t: &Value) -> Option<String> {
    let d = &t["deadline"];
    let day = match d["kind"].as_str().unwrap() {
        "by_date" => d["end"].as_str().or(d["start"].as_str()),
        "date_range" | "period" | "recurring" => d["end"].as_str(),
        _ => None,
    };
    day.filter(|x| x.len() == 10).map(|x| x.replace('-', ""))
}

#[test]
fn ics_parses_and_has_one_event_per_dated_task() {
    let (_out, [_, _, ics, _]) = export(&[]);
    let bytes = std::fs::read(&ics).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = calendars.next().expect("a calendar").expect("parses");
    assert!(calendars.next().is_none());
    let want: Vec<(String, &Value)> = all_tasks()
        .into_iter()
        .filter_map(|(_, t)| due(t).map(|d| (d, t)))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(cal.events.len(), want.len());
    let mut uids = std::collections::HashSet::new();
    for (ev, (day, t)) in cal.events.iter().zip(&want) {
        let prop = |n: &str| {
            let p = ev.properties.iter().find(|p| p.name == n);
            p.and_then(|p| p.value.clone())
                .unwrap_or_else(|| panic!("no {n}"))
        };
        assert_eq!(prop("DTSTART"), *day, "{}", t["id"]);
        assert!(uids.insert(prop("UID")), "duplicate UID");
        assert!(prop("DTSTAMP").ends_with("T000000Z"));
        let summary = prop("SUMMARY").replace("\\,", ",").replace("\\;", ";");
        assert!(summary.chars().count() <= 80, "{summary}");
        let words: String = summary.trim_end_matches('…').to_string();
        let content: Vec<&str> = t["content"].as_str().unwrap().split_whitespace().collect();
        assert!(content.join(" ").starts_with(&words), "{summary}");
        let lead = units(&t["lead_units"])
            .replace(',', "\\,")
            .replace(';', "\\;");
        assert!(lead.is_empty() || prop("DESCRIPTION").contains(&lead));
    }
}

#[test]
fn ndjson_is_one_task_per_line_with_its_document() {
    let (_out, [.., nd]) = export(&[]);
    let text = std::fs::read_to_string(&nd).unwrap();
    let tasks = all_tasks();
    assert_eq!(text.lines().count(), tasks.len());
    for (line, (doc, t)) in text.lines().zip(&tasks) {
        let mut v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["file"], doc["source"]["file"]);
        assert_eq!(v["document_number"], doc["document"]["number"]);
        let o = v.as_object_mut().unwrap();
        o.remove("file");
        o.remove("document_number");
        assert_eq!(v, **t);
    }
    let o = run(&["export", batch().json.to_str().unwrap(), "--ndjson", "-"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), text);
}

#[test]
fn a_bad_input_is_reported_and_the_rest_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"not\": \"a document\"}").unwrap();
    let csv = dir.path().join("t.csv");
    let json = batch().json.to_str().unwrap();
    let o = run(&[
        "export",
        json,
        bad.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
    let (_out, [_, good, ..]) = export(&[]);
    assert_eq!(std::fs::read(&csv).unwrap(), std::fs::read(good).unwrap());
    assert_eq!(run(&["export", json]).status.code(), Some(2));
    assert_eq!(
        run(&["export", json, "--ui-lang", "fr", "--csv", "x"])
            .status
            .code(),
        Some(2)
    );
}

/// Every input of the repository that needs no OCR (born-digital PDFs,
/// text, HTML, Word), and the portal texts of the seeds: a batch of more
/// than 20 plans extracted in seconds.
const TEXT_BATCH: [&str; 12] = [
    "fixtures/inputs/kh-1168-sgddt.born-digital.pdf",
    "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt",
    "fixtures/inputs/kh-215-snnmt.born-digital.pdf",
    "fixtures/inputs/kh-215-snnmt.born-digital-no-rules.pdf",
    "fixtures/inputs/kh-215-snnmt.born-digital-rules-header.pdf",
    "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.born-digital.pdf",
    "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.born-digital-rules-header.pdf",
    "fixtures/corpus-sample",
    "fixtures/src",
    "fixtures/html",
    "fixtures/docx",
    "../shared/seeds",
];

/// LibreOffice headless (installed by `make test`) converts `xlsx` to CSV
/// in `dir`; the records, line ends as written in the cells.
fn libreoffice_csv(xlsx: &Path, dir: &Path) -> Vec<Vec<String>> {
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.display());
    let o = std::process::Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
        ])
        .args(["--outdir", dir.join("lo-out").to_str().unwrap()])
        .arg(xlsx)
        .output()
        .expect("soffice runs (make test installs libreoffice-calc-nogui)");
    let csv = dir
        .join("lo-out")
        .join(xlsx.with_extension("csv").file_name().unwrap());
    let text = std::fs::read_to_string(&csv)
        .unwrap_or_else(|_| panic!("no CSV: {}", String::from_utf8_lossy(&o.stderr)));
    let rows = parse_csv(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
    let cells = rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.replace("\r\n", "\n")));
    cells.map(Iterator::collect).collect()
}

#[test]
fn libreoffice_reads_every_task_row_of_a_twenty_document_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (json, xlsx) = (dir.path().join("json"), dir.path().join("batch.xlsx"));
    let o = common::extract(&TEXT_BATCH, &json, &["--xlsx", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<PathBuf> = std::fs::read_dir(&json)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{} documents", names.len());
    let docs: Vec<Value> = names
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    let tasks: Vec<(&Value, &Value)> = docs
        .iter()
        .flat_map(|d| d["tasks"].as_array().unwrap().iter().map(move |t| (d, t)))
        .collect();
    assert!(tasks.len() > 300, "{} tasks", tasks.len());

    let rows = libreoffice_csv(&xlsx, dir.path());
    assert_eq!(rows.len(), tasks.len() + 1);
    assert_eq!(rows[0][..5], ["Tệp", "Số TT", "Mục", "Nhóm", "Nội dung"]);
    // The text columns as the JSON has them: file, id, content, units.
    for (i, (row, (doc, t))) in rows[1..].iter().zip(&tasks).enumerate() {
        let want = expected_row(doc, t);
        for c in [0, 1, 4, 5, 6] {
            assert_eq!(row[c], want[c], "row {} column {c}", i + 2);
        }
    }
}

#[test]
fn a_closed_pipe_on_standard_output_is_not_an_error() {
    let mut child = common::bin()
        .args(["export", batch().json.to_str().unwrap(), "--ndjson", "-"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // No reader: the first write fails with EPIPE.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
