//! Files for the people who follow deadlines up: a batch of extractions in
//! (read from files or folders as `diff` reads them); an XLSX workbook, a
//! CSV of the tasks, an ICS calendar of their deadlines and NDJSON task
//! lines out. Each writer is a function of the batch alone — no clock, no
//! hash order — so the same batch gives the same bytes.

use std::io::Write;
use std::path::PathBuf;

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use serde::Serialize;

use crate::config::{Outputs, Sink, UiLang};
use crate::error::{Error, Result};
use crate::export::{self, DeadlineKind, Document, Task};
use crate::records::LOW_CELL_CONFIDENCE;

/// Read the extractions named: files as given, the `*.json` directly in a
/// folder in name order. A file that cannot be read is returned with the
/// others' documents; the batch goes on without it.
pub fn collect(paths: &[PathBuf]) -> (Vec<Document>, Vec<Error>) {
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for p in paths {
        let files = if p.is_dir() {
            match export::json_files(p) {
                Ok(names) => names.into_iter().map(|n| p.join(n)).collect(),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        } else {
            vec![p.clone()]
        };
        for f in files {
            match export::read_document(&f) {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e),
            }
        }
    }
    (docs, errors)
}

/// Write every output asked for.
pub fn write(docs: &[Document], o: &Outputs) -> Result<()> {
    if let Some(p) = &o.xlsx {
        let bytes = xlsx(docs, o.lang).map_err(|e| Error::Spreadsheet {
            path: p.clone(),
            reason: e.to_string(),
        })?;
        export::write_atomic(p, &bytes)?;
    }
    if let Some(p) = &o.csv {
        export::write_atomic(p, csv(docs, o.lang).as_bytes())?;
    }
    if let Some(p) = &o.ics {
        export::write_atomic(p, ics(docs, o.lang).as_bytes())?;
    }
    match &o.ndjson {
        Some(Sink::File(p)) => export::write_atomic(p, ndjson(docs).as_bytes())?,
        Some(Sink::Stdout) => {
            let mut out = std::io::stdout().lock();
            out.write_all(ndjson(docs).as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| Error::Write {
                    path: PathBuf::from("-"),
                    source,
                })?
        }
        None => {}
    }
    Ok(())
}

/// Headers of the task sheet and CSV, Vietnamese then English.
pub const TASK_COLUMNS: [[&str; 2]; 15] = [
    ["Tệp", "File"],
    ["Số TT", "No."],
    ["Mục", "Section"],
    ["Nhóm", "Group"],
    ["Nội dung", "Content"],
    ["Đơn vị chủ trì", "Lead units"],
    ["Đơn vị phối hợp", "Cooperating units"],
    ["Đơn vị theo dõi", "Monitoring units"],
    ["Sản phẩm", "Deliverable"],
    ["Thời hạn", "Deadline"],
    ["Loại thời hạn", "Deadline kind"],
    ["Từ ngày", "Start"],
    ["Đến ngày", "End"],
    ["Trang", "Page"],
    ["Độ tin cậy", "Confidence"],
];
/// Column widths of the task sheet, in characters: room for the long text.
const TASK_WIDTHS: [f64; 15] = [
    22.0, 7.0, 18.0, 18.0, 60.0, 28.0, 28.0, 20.0, 28.0, 24.0, 14.0, 11.0, 11.0, 6.0, 10.0,
];
/// Headers of the documents sheet.
pub const DOC_COLUMNS: [[&str; 2]; 8] = [
    ["Tệp", "File"],
    ["Số hiệu", "Number"],
    ["Cơ quan ban hành", "Issuer"],
    ["Ngày ban hành", "Date"],
    ["Trích yếu", "Title"],
    ["Người ký", "Signer"],
    ["Số nhiệm vụ", "Tasks"],
    ["Cảnh báo", "Warnings"],
];
const DOC_WIDTHS: [f64; 8] = [22.0, 18.0, 30.0, 12.0, 60.0, 22.0, 10.0, 40.0];
pub const TASK_SHEET: &str = "Nhiệm vụ";
pub const DOC_SHEET: &str = "Văn bản";

fn pick(pair: &[&'static str; 2], lang: UiLang) -> &'static str {
    match lang {
        UiLang::Vi => pair[0],
        UiLang::En => pair[1],
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A whole calendar date (year, month, day).
    Date(u16, u8, u8),
    Number(f64),
}

impl Value {
    fn text(s: Option<&str>) -> Value {
        Value::Text(s.unwrap_or_default().to_string())
    }

    /// An ISO date as a date; anything else (a year alone, "2026-05") as text.
    fn date(s: Option<&str>) -> Value {
        match s.and_then(iso_date) {
            Some((y, m, d)) => Value::Date(y, m, d),
            None => Value::text(s),
        }
    }

    fn plain(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Value::Number(n) => n.to_string(),
        }
    }
}

/// `YYYY-MM-DD` with a real month and day, else None.
pub fn iso_date(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        s[..4].parse::<u16>().ok()?,
        s[5..7].parse::<u8>().ok()?,
        s[8..].parse::<u8>().ok()?,
    );
    let ok = (1..=12).contains(&m)
        && d >= 1
        && u32::from(d) <= crate::deadline::days_in_month(i32::from(y), u32::from(m));
    ok.then_some((y, m, d))
}

/// How the sheet names a deadline kind.
pub(crate) fn kind_label(k: DeadlineKind, lang: UiLang) -> String {
    let vi = match k {
        DeadlineKind::Recurring => "Thường xuyên",
        DeadlineKind::ByDate => "Hạn chót",
        DeadlineKind::DateRange => "Khoảng thời gian",
        DeadlineKind::Period => "Giai đoạn",
        DeadlineKind::Unknown => "Chưa rõ",
    };
    match lang {
        UiLang::Vi => vi.to_string(),
        UiLang::En => export::wire_name(&k),
    }
}

/// A heading with its title: "I. Cải cách thể chế".
fn heading(code: Option<&str>, title: Option<&str>) -> String {
    match (code, title) {
        (Some(c), Some(t)) => format!("{c}. {t}"),
        (c, t) => c.or(t).unwrap_or_default().to_string(),
    }
}

/// The task-sheet row of a task, in [`TASK_COLUMNS`] order.
pub fn task_row(doc: &Document, t: &Task, lang: UiLang) -> Vec<Value> {
    let units = |u: &[String]| Value::Text(u.join("; "));
    vec![
        Value::Text(doc.source.file.clone()),
        Value::Text(t.id.clone()),
        Value::Text(heading(t.section.as_deref(), t.section_title.as_deref())),
        Value::Text(heading(t.group.as_deref(), t.group_title.as_deref())),
        Value::Text(t.content.clone()),
        units(&t.lead_units),
        units(&t.cooperating_units),
        units(&t.monitoring_units),
        Value::text(t.deliverable.as_deref()),
        Value::text(t.deadline.text.as_deref()),
        Value::Text(kind_label(t.deadline.kind, lang)),
        Value::date(t.deadline.start.as_deref()),
        Value::date(t.deadline.end.as_deref()),
        Value::Number(t.source.page as f64),
        Value::Number(t.confidence),
    ]
}

/// Which cells of a task row to shade: those read from cells below the
/// confidence threshold, and the confidence itself when the task's is.
fn low_columns(doc: &Document, t: &Task) -> [bool; 15] {
    let low = low_fields(doc, t.source.table.unwrap_or(0), &t.source.rows);
    let has = |f: &str| low.contains(&f);
    let mut cols = [false; 15];
    cols[1] = has("number");
    cols[4] = has("content");
    cols[5] = has("lead_units");
    cols[6] = has("cooperating_units");
    cols[7] = has("monitoring_units");
    cols[8] = has("deliverable");
    for c in &mut cols[9..13] {
        *c = has("deadline");
    }
    cols[14] = t.confidence < f64::from(LOW_CELL_CONFIDENCE);
    cols
}

/// Warning codes with their counts, in order of first appearance.
fn warning_summary(doc: &Document) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for w in &doc.warnings {
        match counts.iter_mut().find(|(c, _)| *c == w.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((&w.code, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
    parts.join("; ")
}

/// The documents-sheet row of a document, in [`DOC_COLUMNS`] order.
pub fn doc_row(doc: &Document) -> Vec<Value> {
    let h = &doc.document;
    vec![
        Value::Text(doc.source.file.clone()),
        Value::text(h.number.as_deref()),
        Value::text(h.issuer.as_deref()),
        Value::date(h.issued_on.as_deref()),
        Value::text(h.title.as_deref()),
        Value::text(h.signer.as_deref()),
        Value::Number(doc.tasks.len() as f64),
        Value::Text(warning_summary(doc)),
    ]
}

/// The cell formats of a sheet, plain and shaded.
struct Formats {
    header: Format,
    text: [Format; 2],
    date: [Format; 2],
    number: [Format; 2],
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let shade = |f: &Format| f.clone().set_background_color(Color::RGB(0xFF_E0_B0));
        let date = base.clone().set_num_format("dd/mm/yyyy");
        let number = base.clone().set_num_format("General");
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9_E1_F2)),
            text: [base.clone(), shade(&base)],
            date: [date.clone(), shade(&date)],
            number: [number.clone(), shade(&number)],
        }
    }
}

type XlsxResult<T> = std::result::Result<T, rust_xlsxwriter::XlsxError>;

/// The workbook: a sheet of tasks, a sheet of documents.
pub fn xlsx(docs: &[Document], lang: UiLang) -> XlsxResult<Vec<u8>> {
    let mut wb = Workbook::new();
    // A fixed creation time: the clock would change the bytes every run.
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let f = Formats::new();
    let tasks: Vec<(Vec<Value>, [bool; 15])> = docs
        .iter()
        .flat_map(|d| {
            d.tasks
                .iter()
                .map(move |t| (task_row(d, t, lang), low_columns(d, t)))
        })
        .collect();
    let headers = TASK_COLUMNS.map(|c| pick(&c, lang));
    sheet(&mut wb, TASK_SHEET, &headers, &TASK_WIDTHS, &tasks, &f)?;
    let documents: Vec<(Vec<Value>, [bool; 15])> =
        docs.iter().map(|d| (doc_row(d), [false; 15])).collect();
    let headers = DOC_COLUMNS.map(|c| pick(&c, lang));
    sheet(&mut wb, DOC_SHEET, &headers, &DOC_WIDTHS, &documents, &f)?;
    wb.save_to_buffer()
}

/// One sheet: a bold frozen header row with an autofilter, then the rows.
fn sheet(
    wb: &mut Workbook,
    name: &str,
    headers: &[&str],
    widths: &[f64],
    rows: &[(Vec<Value>, [bool; 15])],
    f: &Formats,
) -> XlsxResult<()> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *h, &f.header)?;
        ws.set_column_width(c, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    for (r, (values, low)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in values.iter().enumerate() {
            let shade = usize::from(low[c]);
            let c = c as u16;
            match v {
                Value::Text(s) if s.is_empty() && shade == 0 => {}
                Value::Text(s) => {
                    ws.write_string_with_format(r, c, s, &f.text[shade])?;
                }
                Value::Date(y, m, d) => {
                    let when = ExcelDateTime::from_ymd(*y, *m, *d)?;
                    ws.write_datetime_with_format(r, c, &when, &f.date[shade])?;
                }
                Value::Number(n) => {
                    ws.write_number_with_format(r, c, *n, &f.number[shade])?;
                }
            }
        }
    }
    Ok(())
}

/// One CSV field, quoted when RFC 4180 says it must be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| csv_field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The task sheet as CSV: UTF-8 with a byte-order mark (so Excel reads the
/// marks right), CRLF line ends.
pub fn csv(docs: &[Document], lang: UiLang) -> String {
    let mut out = String::from('\u{feff}');
    csv_line(&mut out, TASK_COLUMNS.map(|c| pick(&c, lang).to_string()));
    for d in docs {
        for t in &d.tasks {
            csv_line(&mut out, task_row(d, t, lang).iter().map(Value::plain));
        }
    }
    out
}

/// One task per line, with the file and number of its document.
pub fn ndjson(docs: &[Document]) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        file: &'a str,
        document_number: Option<&'a str>,
        #[serde(flatten)]
        task: &'a Task,
    }
    let mut out = String::new();
    for d in docs {
        for task in &d.tasks {
            let line = Line {
                file: &d.source.file,
                document_number: d.document.number.as_deref(),
                task,
            };
            out.push_str(&serde_json::to_string(&line).expect("plain data serialises"));
            out.push('\n');
        }
    }
    out
}

/// The day a task is due, for the calendar: a by-date task's date, the end
/// of a range or period, the end of a recurring task's year when it names
/// one; none for the rest or for a date that is not whole.
pub fn event_date(t: &Task) -> Option<(u16, u8, u8)> {
    let d = &t.deadline;
    let day = match d.kind {
        DeadlineKind::ByDate => d.end.as_deref().or(d.start.as_deref()),
        DeadlineKind::DateRange | DeadlineKind::Period | DeadlineKind::Recurring => {
            d.end.as_deref()
        }
        DeadlineKind::Unknown => None,
    };
    day.and_then(iso_date)
}

/// `s` on one line, cut to at most `max` characters at a word boundary
/// with an ellipsis; a first word longer than that is cut inside.
pub fn shorten(s: &str, max: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let one_line = words.join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out = String::new();
    for w in &words {
        let len = out.chars().count() + usize::from(!out.is_empty()) + w.chars().count();
        if len + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = one_line.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// A TEXT value escaped as RFC 5545 §3.3.11 says.
pub fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (RFC 5545 §3.1), never inside a
/// character, with CRLF ends. A physical line never ends in a space: some
/// readers trim line ends before unfolding, which would lose it.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            let carried = out.ends_with(' ') && width > 2;
            if carried {
                out.pop();
            }
            out.push_str("\r\n ");
            width = 1;
            if carried {
                out.push(' ');
                width += 1;
            }
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// A stable UID: the same task of the same source file keeps it across runs.
fn uid(doc: &Document, t: &Task) -> String {
    let hex = crate::util::sha256_hex(format!("{}\n{}", doc.source.sha256, t.id).as_bytes());
    format!("{}@kehoach", &hex[..32])
}

/// DTSTAMP from the document's date (first day of a month or year given
/// alone), not the clock, so the calendar's bytes do not change.
fn dtstamp(doc: &Document) -> String {
    let issued = doc.document.issued_on.as_deref().unwrap_or_default();
    let padded = match issued.len() {
        4 => format!("{issued}-01-01"),
        7 => format!("{issued}-01"),
        _ => issued.to_string(),
    };
    let (y, m, d) = iso_date(&padded).unwrap_or((1970, 1, 1));
    format!("{y:04}{m:02}{d:02}T000000Z")
}

fn description(doc: &Document, t: &Task, lang: UiLang) -> String {
    let labels = match lang {
        UiLang::Vi => ["Đơn vị chủ trì", "Sản phẩm", "Văn bản"],
        UiLang::En => ["Lead units", "Deliverable", "Document"],
    };
    let values = [
        t.lead_units.join("; "),
        t.deliverable.clone().unwrap_or_default(),
        doc.document.number.clone().unwrap_or_default(),
    ];
    let lines: Vec<String> = labels
        .iter()
        .zip(values)
        .filter(|(_, v)| !v.is_empty())
        .map(|(l, v)| format!("{l}: {v}"))
        .collect();
    lines.join("\n")
}

/// The calendar: an all-day event per task with a due day.
pub fn ics(docs: &[Document], lang: UiLang) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kehoach//kehoach//VI",
        "CALSCALE:GREGORIAN",
    ] {
        out.push_str(&fold(l));
    }
    for d in docs {
        for t in &d.tasks {
            let Some((y, m, day)) = event_date(t) else {
                continue;
            };
            for l in [
                "BEGIN:VEVENT".to_string(),
                format!("UID:{}", uid(d, t)),
                format!("DTSTAMP:{}", dtstamp(d)),
                format!("DTSTART;VALUE=DATE:{y:04}{m:02}{day:02}"),
                format!("SUMMARY:{}", ics_escape(&shorten(&t.content, 80))),
                format!("DESCRIPTION:{}", ics_escape(&description(d, t, lang))),
                "END:VEVENT".to_string(),
            ] {
                out.push_str(&fold(&l));
            }
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

/// Fields of a task whose cells read below the confidence threshold.
pub fn low_fields(doc: &Document, table: usize, rows: &[usize]) -> Vec<&'static str> {
    fields_where(doc, table, rows, |c| {
        c.confidence < LOW_CELL_CONFIDENCE as f64
    })
}

/// Fields of a task whose cells the repair stage changed.
pub fn repaired_fields(doc: &Document, table: usize, rows: &[usize]) -> Vec<&'static str> {
    fields_where(doc, table, rows, |c| c.raw.is_some())
}

fn fields_where(
    doc: &Document,
    table: usize,
    rows: &[usize],
    pick: impl Fn(&crate::export::Cell) -> bool,
) -> Vec<&'static str> {
    let Some(t) = doc.tables.get(table.wrapping_sub(1)) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    for c in &t.cells {
        if rows.contains(&c.row) && pick(c) {
            let field = match t.roles.get(c.col - 1).and_then(|r| r.as_deref()) {
                Some("number") => "number",
                Some("content") => "content",
                Some("lead_units") => "lead_units",
                Some("cooperating_units") => "cooperating_units",
                Some("monitoring_units") => "monitoring_units",
                Some("deliverable") => "deliverable",
                Some("deadline") => "deadline",
                Some("notes") => "notes",
                _ => continue,
            };
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting_follows_rfc_4180() {
        for (field, want) in [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\rhere", "\"cr\rhere\""),
            ("Sở Nội vụ; UBND", "Sở Nội vụ; UBND"),
        ] {
            assert_eq!(csv_field(field), want, "{field:?}");
        }
    }

    #[test]
    fn ics_escaping_follows_rfc_5545() {
        for (text, want) in [
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("line\r\nnext", "line\\nnext"),
            ("Sở: giữ nguyên", "Sở: giữ nguyên"),
        ] {
            assert_eq!(ics_escape(text), want, "{text:?}");
        }
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        for line in [
            "SUMMARY:short".to_string(),
            format!("SUMMARY:{}", "x".repeat(200)),
            format!("DESCRIPTION:{}", "Đơn vị chủ trì ".repeat(20).trim_end()),
            "ệ".repeat(76),
            format!("SUMMARY:{}", "ab ".repeat(60).trim_end()),
        ] {
            let folded = fold(&line);
            assert!(folded.ends_with("\r\n"));
            let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
            for (i, p) in parts.iter().enumerate() {
                assert!(p.len() <= 75, "{} octets: {p:?}", p.len());
                assert_eq!(i > 0, p.starts_with(' '), "{p:?}");
            }
            let unfolded: String = parts
                .iter()
                .enumerate()
                .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
                .collect();
            assert_eq!(unfolded, line);
            assert!(parts.iter().all(|p| !p.ends_with(' ')), "{folded:?}");
        }
        assert_eq!(fold(&"a".repeat(75)).len(), 77, "75 octets fit one line");
    }

    fn task(kind: DeadlineKind, start: Option<&str>, end: Option<&str>) -> Task {
        let mut t = Task::bare("1");
        t.deadline.kind = kind;
        t.deadline.start = start.map(str::to_string);
        t.deadline.end = end.map(str::to_string);
        t
    }

    #[test]
    fn calendar_day_by_deadline_kind() {
        use DeadlineKind::*;
        for (kind, start, end, want) in [
            (ByDate, None, Some("2026-05-30"), Some((2026, 5, 30))),
            (ByDate, Some("2026-05-30"), None, Some((2026, 5, 30))),
            (
                DateRange,
                Some("2026-03-01"),
                Some("2026-06-30"),
                Some((2026, 6, 30)),
            ),
            (
                Period,
                Some("2026-01-01"),
                Some("2026-12-31"),
                Some((2026, 12, 31)),
            ),
            (Recurring, None, Some("2026-12-31"), Some((2026, 12, 31))),
            (Recurring, None, None, None),
            (Period, Some("2026-01-01"), None, None),
            (Unknown, None, Some("2026-12-31"), None),
            (ByDate, None, Some("2026-02-30"), None),
            (ByDate, None, Some("2026-05"), None),
        ] {
            assert_eq!(
                event_date(&task(kind, start, end)),
                want,
                "{kind:?} {end:?}"
            );
        }
    }

    #[test]
    fn summaries_are_cut_on_a_word_boundary() {
        let long = "Rà soát, đánh giá thủ tục hành chính thuộc phạm vi quản lý của Sở để đề xuất phương án đơn giản hóa";
        let s = shorten(long, 80);
        assert!(s.chars().count() <= 80, "{s}");
        assert!(s.ends_with('…'));
        let kept = s.trim_end_matches('…');
        assert!(
            long.starts_with(kept) && long[kept.len()..].starts_with(' '),
            "{s}"
        );
        assert_eq!(shorten("  two\n words ", 80), "two words");
        assert_eq!(shorten(&"x".repeat(100), 10), format!("{}…", "x".repeat(9)));
    }

    #[test]
    fn only_whole_real_dates_are_dates() {
        for (s, want) in [
            ("2026-02-28", Some((2026, 2, 28))),
            ("2024-02-29", Some((2024, 2, 29))),
            ("2026-02-29", None),
            ("2026-13-01", None),
            ("2026-05", None),
            ("2026", None),
            ("26-05-2026", None),
        ] {
            assert_eq!(iso_date(s), want, "{s}");
        }
    }
}
