//! Review stage: an extracted [`Document`] and its page pictures in, one
//! self-contained HTML page out (pictures embedded as PNG, styles and script
//! inline, no network) for a person to check the records against the scan.
//!
//! Each page shows its picture with the table cells and task rows outlined;
//! beside it, the records. Clicking a record outlines its cells (and the
//! reverse); `#task-ID` in the address selects one on load. Fields from a
//! low-confidence cell are marked; hovering a cell shows what was read there.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use image::GrayImage;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::UiLang;
use crate::error::{Error, Result};
use crate::export::{Document, PageOrigin, Table};
use crate::records::LOW_CELL_CONFIDENCE;
use crate::source::Source;

/// Resolution of the embedded pictures: enough to read 10 pt type, small
/// enough that a 10-page plan stays a few megabytes.
pub const REVIEW_DPI: u32 = 110;

/// A page picture ready for embedding.
#[derive(Debug, Clone)]
pub struct PagePicture {
    pub png: Vec<u8>,
}

impl PagePicture {
    /// Scale a page image taken at `dpi` to [`REVIEW_DPI`] and encode it.
    pub fn from_gray(image: &GrayImage, dpi: u32) -> PagePicture {
        let scale = REVIEW_DPI as f64 / dpi.max(1) as f64;
        let small;
        let img = if scale < 1.0 {
            let w = ((image.width() as f64 * scale).round() as u32).max(1);
            let h = ((image.height() as f64 * scale).round() as u32).max(1);
            small = image::imageops::resize(image, w, h, image::imageops::FilterType::Triangle);
            &small
        } else {
            image
        };
        let mut png = Vec::new();
        // Writing PNG into memory cannot fail for a valid gray image.
        let _ = img.write_with_encoder(image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        ));
        PagePicture { png }
    }
}

/// Pictures of every page of `source` at [`REVIEW_DPI`]. A page that cannot
/// be rendered gets none; its text is shown instead.
pub fn pictures(source: &Source) -> Vec<Option<PagePicture>> {
    (0..source.page_count())
        .into_par_iter()
        .map(|i| {
            let (img, dpi) = source.page_image(i, REVIEW_DPI).ok().flatten()?;
            Some(PagePicture::from_gray(&img, dpi))
        })
        .collect()
}

/// The review page of `doc`, with pictures rendered from `source`.
pub fn page(doc: &Document, source: &Source, lang: UiLang) -> String {
    html(doc, &pictures(source), lang)
}

/// Every word the page shows, Vietnamese then English, by key. One table so
/// that no label is left in one language; the page script gets it as JSON.
pub const LABELS: [(&str, [&str; 2]); 27] = [
    (
        "page_title",
        ["Rà soát kết quả trích xuất", "Extraction review"],
    ),
    ("document", ["Văn bản", "Document"]),
    ("pages", ["Số trang", "Pages"]),
    ("tasks", ["Số nhiệm vụ", "Tasks"]),
    ("warnings", ["Số cảnh báo", "Warnings"]),
    ("issuer", ["Cơ quan ban hành", "Issuer"]),
    ("issued_on", ["Ngày ban hành", "Issued on"]),
    ("unknown", ["chưa rõ", "unknown"]),
    ("page", ["Trang", "Page"]),
    ("origin_ocr", ["nhận dạng chữ (OCR)", "read by OCR"]),
    (
        "origin_ocr_over_text",
        [
            "nhận dạng chữ (OCR), không dùng lớp chữ của PDF",
            "read by OCR (text layer set aside)",
        ],
    ),
    ("origin_text_layer", ["lớp chữ của PDF", "PDF text layer"]),
    (
        "origin_text",
        ["chữ lấy thẳng từ tệp", "text as given in the file"],
    ),
    ("confidence", ["độ tin cậy", "confidence"]),
    ("ocr_read", ["OCR đọc là", "OCR read"]),
    ("task", ["Nhiệm vụ", "Task"]),
    ("records", ["Danh sách nhiệm vụ", "Records"]),
    ("number", ["Số TT", "No."]),
    ("content", ["Nội dung", "Content"]),
    ("lead_units", ["Đơn vị chủ trì", "Lead"]),
    ("cooperating_units", ["Đơn vị phối hợp", "With"]),
    ("monitoring_units", ["Đơn vị theo dõi", "Monitoring"]),
    ("deliverable", ["Sản phẩm", "Output"]),
    ("deadline", ["Thời hạn", "Deadline"]),
    ("notes", ["Ghi chú", "Notes"]),
    // Hints of the page script on a marked field.
    (
        "low_hint",
        [
            "đọc từ ô có độ tin cậy thấp",
            "read from a low-confidence cell",
        ],
    ),
    (
        "repaired_hint",
        [
            "đã khôi phục dấu tiếng Việt: di chuột lên ô trên trang để xem chữ OCR đọc được",
            "diacritics repaired: hover the cell on the page for the OCR reading",
        ],
    ),
];

/// The opening of a review page in `lang`, up to its language tag.
fn opening(lang: UiLang) -> String {
    let code = match lang {
        UiLang::Vi => "vi",
        UiLang::En => "en",
    };
    format!("<!doctype html>\n<html lang=\"{code}\">")
}

/// Whether `path` holds a review page in `lang` (a page in the other
/// language is to be written again when asked for).
pub fn is_page_in(path: &Path, lang: UiLang) -> bool {
    use std::io::Read as _;
    let want = opening(lang);
    let mut head = vec![0; want.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == want.as_bytes())
}

/// The label `key` in `lang` (the key itself if the table lacks it, which
/// the unit tests rule out).
pub fn label(key: &str, lang: UiLang) -> &str {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, pair)| match lang {
            UiLang::Vi => pair[0],
            UiLang::En => pair[1],
        })
}

/// Open the input a document was extracted from: `given` if set, else the
/// path recorded in the document, taken as is or beside the JSON file. The
/// bytes must be the ones extracted (same SHA-256), or the outlines would
/// be drawn on another scan.
pub fn open_source(doc: &Document, doc_path: &Path, given: Option<&Path>) -> Result<Source> {
    let recorded = Path::new(&doc.source.file);
    let beside = doc_path.parent().unwrap_or(Path::new("."));
    let candidates: Vec<PathBuf> = match given {
        Some(g) => vec![g.to_path_buf()],
        None => {
            let mut c = vec![recorded.to_path_buf(), beside.join(recorded)];
            if let Some(name) = recorded.file_name() {
                c.push(beside.join(name));
            }
            c
        }
    };
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        return Err(Error::SourceMissing {
            path: doc_path.to_path_buf(),
            file: doc.source.file.clone(),
        });
    };
    let source = Source::open(path)?;
    if source.sha256 != doc.source.sha256 {
        return Err(Error::SourceChanged {
            path: path.clone(),
            doc: doc_path.to_path_buf(),
        });
    }
    Ok(source)
}

/// What the page script needs of a task.
#[derive(Serialize)]
struct TaskView<'a> {
    id: &'a str,
    number: Option<&'a str>,
    section: Option<String>,
    group: Option<String>,
    content: &'a str,
    lead_units: &'a [String],
    cooperating_units: &'a [String],
    monitoring_units: &'a [String],
    deliverable: Option<&'a str>,
    deadline: String,
    notes: Option<&'a str>,
    page: usize,
    table: Option<usize>,
    rows: &'a [usize],
    confidence: f64,
    /// Fields read from a cell below the confidence threshold.
    low: Vec<&'static str>,
    /// Fields whose words the repair stage changed.
    repaired: Vec<&'static str>,
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text of cell (row, col) as exported (row 1 is the header).
fn cell_text(t: &Table, row: usize, col: usize) -> &str {
    let s = if row == 1 {
        t.columns.get(col - 1)
    } else {
        t.rows.get(row - 2).and_then(|r| r.get(col - 1))
    };
    s.map_or("", String::as_str)
}

fn deadline_text(d: &crate::export::Deadline, lang: UiLang) -> String {
    let kind = crate::outputs::kind_label(d.kind, lang);
    let span = match (&d.start, &d.end) {
        (Some(s), Some(e)) => format!(" {s} … {e}"),
        (None, Some(e)) => format!(" → {e}"),
        (Some(s), None) => format!(" {s} →"),
        (None, None) => String::new(),
    };
    format!("{} [{kind}{span}]", d.text.as_deref().unwrap_or("—"))
}

/// The review page. `pictures[i]` is page i+1's picture, `None` where there
/// is none (text input, or a page that could not be rendered).
pub fn html(doc: &Document, pictures: &[Option<PagePicture>], lang: UiLang) -> String {
    let l = |key| esc(label(key, lang));
    let mut out = String::new();
    out.push_str(&format!(
        "{}<head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}: {}</title><style>{STYLE}</style></head><body>\n",
        opening(lang),
        l("page_title"),
        esc(&doc.source.file)
    ));
    header(&mut out, doc, lang);
    out.push_str("<main><section id=\"pages\">\n");
    for p in &doc.pages {
        let pic = pictures.get(p.number - 1).and_then(Option::as_ref);
        out.push_str(&format!(
            "<figure class=\"page\" id=\"page-{n}\"><figcaption>{page} {n} · {src}{conf}</figcaption>",
            n = p.number,
            page = l("page"),
            src = l(match p.source {
                PageOrigin::Ocr => "origin_ocr",
                PageOrigin::OcrOverTextLayer => "origin_ocr_over_text",
                PageOrigin::TextLayer => "origin_text_layer",
                PageOrigin::Text => "origin_text",
            }),
            conf = p
                .mean_confidence
                .map(|c| format!(" · {} {c:.2}", l("confidence")))
                .unwrap_or_default(),
        ));
        match (pic, p.width_pt, p.height_pt) {
            (Some(pic), Some(w), Some(h)) => {
                out.push_str(&format!(
                    "<div class=\"sheet\" style=\"aspect-ratio:{w}/{h}\"><img alt=\"{} {}\" src=\"data:image/png;base64,{}\">\
                     <svg viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"none\">",
                    l("page"),
                    p.number,
                    base64::engine::general_purpose::STANDARD.encode(&pic.png)
                ));
                overlay(&mut out, doc, p.number, lang);
                out.push_str("</svg></div>");
            }
            _ => out.push_str(&format!("<pre class=\"text\">{}</pre>", esc(&p.text))),
        }
        out.push_str("</figure>\n");
    }
    out.push_str(&format!(
        "</section><aside id=\"records\"><h2>{}</h2><div id=\"list\"></div></aside></main>\n",
        l("records")
    ));
    let tasks: Vec<TaskView> = doc
        .tasks
        .iter()
        .map(|t| TaskView {
            id: &t.id,
            number: t.number.as_deref(),
            section: t
                .section
                .as_ref()
                .map(|s| format!("{s}. {}", t.section_title.as_deref().unwrap_or(""))),
            group: t
                .group
                .as_ref()
                .map(|g| format!("{g}. {}", t.group_title.as_deref().unwrap_or(""))),
            content: &t.content,
            lead_units: &t.lead_units,
            cooperating_units: &t.cooperating_units,
            monitoring_units: &t.monitoring_units,
            deliverable: t.deliverable.as_deref(),
            deadline: deadline_text(&t.deadline, lang),
            notes: t.notes.as_deref(),
            page: t.source.page,
            table: t.source.table,
            rows: &t.source.rows,
            confidence: t.confidence,
            low: crate::outputs::low_fields(doc, t.source.table.unwrap_or(0), &t.source.rows),
            repaired: crate::outputs::repaired_fields(
                doc,
                t.source.table.unwrap_or(0),
                &t.source.rows,
            ),
        })
        .collect();
    // `</` inside a script element would end it early.
    let data = serde_json::to_string(&tasks)
        .unwrap_or_else(|_| "[]".into())
        .replace("</", "<\\/");
    let labels: std::collections::BTreeMap<&str, &str> =
        LABELS.iter().map(|(k, _)| (*k, label(k, lang))).collect();
    let labels = serde_json::to_string(&labels)
        .unwrap_or_else(|_| "{}".into())
        .replace("</", "<\\/");
    out.push_str(&format!(
        "<script id=\"data\" type=\"application/json\">{data}</script>\n\
         <script id=\"labels\" type=\"application/json\">{labels}</script>\n<script>{SCRIPT}</script>\n</body></html>\n"
    ));
    out
}

/// The page header: document type, number and title, then what was read.
fn header(out: &mut String, doc: &Document, lang: UiLang) {
    let l = |key| esc(label(key, lang));
    let d = &doc.document;
    let title = format!(
        "{} {}",
        d.type_label.as_deref().map_or_else(|| l("document"), esc),
        esc(d.number.as_deref().unwrap_or(""))
    );
    let unknown = || l("unknown");
    out.push_str(&format!(
        "<header><h1>{}</h1><p class=\"title\">{}</p><p class=\"meta\">{} · {} · \
         {}: {} · {}: {} · {}: {} · {}: {} · {}: {}</p></header>\n",
        title.trim(),
        esc(d.title.as_deref().unwrap_or("")),
        esc(&doc.source.file),
        esc(&crate::export::wire_name(&doc.source.kind)),
        l("pages"),
        doc.source.pages,
        l("tasks"),
        doc.tasks.len(),
        l("warnings"),
        doc.warnings.len(),
        l("issuer"),
        d.issuer.as_deref().map_or_else(unknown, esc),
        l("issued_on"),
        d.issued_on.as_deref().map_or_else(unknown, esc),
    ));
}

/// Cell and task outlines of one page, in PDF points.
fn overlay(out: &mut String, doc: &Document, page: usize, lang: UiLang) {
    let l = |key| esc(label(key, lang));
    let rect = |b: &[f64; 4]| {
        format!(
            "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            b[0],
            b[1],
            crate::util::round_to(b[2] - b[0], 0.1),
            crate::util::round_to(b[3] - b[1], 0.1)
        )
    };
    for (ti, t) in doc.tables.iter().enumerate() {
        for c in t.cells.iter().filter(|c| c.page == page) {
            let low = c.confidence < LOW_CELL_CONFIDENCE as f64;
            let raw = c
                .raw
                .as_deref()
                .map(|r| format!("\n{}: {}", l("ocr_read"), esc(r)))
                .unwrap_or_default();
            out.push_str(&format!(
                "<rect class=\"cell{}{}\" data-table=\"{}\" data-row=\"{}\" data-col=\"{}\" {}><title>{} ({} {:.2}){raw}</title></rect>",
                if low { " low" } else { "" },
                if c.raw.is_some() { " repaired" } else { "" },
                ti + 1,
                c.row,
                c.col,
                rect(&c.bbox),
                esc(cell_text(t, c.row, c.col)),
                l("confidence"),
                c.confidence
            ));
        }
    }
    for t in doc.tasks.iter().filter(|t| t.source.page == page) {
        out.push_str(&format!(
            "<rect class=\"task\" data-task=\"{}\" {}><title>{} {}</title></rect>",
            esc(&t.id),
            rect(&t.source.bbox),
            l("task"),
            esc(&t.id)
        ));
    }
}

const STYLE: &str = r#"
html,body{height:100%}body{margin:0;display:flex;flex-direction:column;font:14px/1.4 "Liberation Sans",Arial,sans-serif;color:#222;background:#eee}
header{padding:8px 16px;background:#234;color:#fff}header h1{margin:0;font-size:18px}
header p{margin:2px 0}.meta{opacity:.8;font-size:12px}
main{flex:1;min-height:0;display:flex;gap:12px;padding:12px 12px 0}
#pages{flex:3;min-width:0;overflow:auto}#records{flex:2;overflow:auto;background:#fff;padding:0 10px}
.page{margin:0 0 16px;background:#fff;padding:6px}figcaption{font-size:12px;color:#555;margin-bottom:4px}
.sheet{position:relative;width:100%}.sheet img,.sheet svg{position:absolute;inset:0;width:100%;height:100%}
.sheet img{image-rendering:auto}
rect.cell{fill:transparent;stroke:#2a7ae2;stroke-width:.6}rect.cell.low{fill:rgba(255,160,0,.25);stroke:#e08000}
rect.cell.repaired{stroke-dasharray:3 1.5}
rect.cell.hl{fill:rgba(255,230,0,.35);stroke:#c00;stroke-width:1.2}
rect.task{fill:transparent;stroke:transparent;stroke-width:1.5;cursor:pointer}
rect.task:hover{stroke:rgba(200,0,0,.4)}rect.task.hl{stroke:#c00;stroke-width:2.5}
pre.text{white-space:pre-wrap;font-size:12px}
.record{border:1px solid #ccc;border-radius:4px;margin:6px 0;padding:6px 8px;cursor:pointer}
.record.selected{border-color:#c00;box-shadow:0 0 0 2px rgba(200,0,0,.3)}
.record .id{font-weight:bold}.record .conf{float:right;font-size:12px;color:#555}
.record .conf.lowconf{color:#c00;font-weight:bold}
.record dl{margin:4px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 8px;font-size:13px}
.record dt{color:#666}.record dd{margin:0}.record dd.low{background:#fff0d0;outline:1px dashed #e08000}
.record dd.repaired{border-bottom:2px dotted #2a7ae2}
.record .ctx{font-size:12px;color:#666}
"#;

const SCRIPT: &str = r#"
(function(){
  var tasks = JSON.parse(document.getElementById('data').textContent);
  var L = JSON.parse(document.getElementById('labels').textContent);
  var list = document.getElementById('list');
  function field(dl, name, key, value, low, repaired){
    if(value===null||value===undefined||value===''||(Array.isArray(value)&&!value.length)) return;
    var dt=document.createElement('dt'); dt.textContent=name;
    var dd=document.createElement('dd');
    dd.textContent=Array.isArray(value)?value.join('; '):value;
    if(low.indexOf(key)>=0){dd.classList.add('low'); dd.title=L.low_hint;}
    if(repaired.indexOf(key)>=0){dd.classList.add('repaired');
      dd.title=(dd.title?dd.title+'; ':'')+L.repaired_hint;}
    dl.appendChild(dt); dl.appendChild(dd);
  }
  tasks.forEach(function(t){
    var a=document.createElement('article');
    a.className='record'; a.id='task-'+t.id; a.dataset.task=t.id;
    var h=document.createElement('div');
    var id=document.createElement('span'); id.className='id'; id.textContent=t.id;
    var c=document.createElement('span'); c.className='conf'+(t.confidence<0.5?' lowconf':'');
    c.textContent=L.confidence+' '+t.confidence.toFixed(2)+' · '+L.page+' '+t.page;
    h.appendChild(c); h.appendChild(id); a.appendChild(h);
    if(t.section||t.group){var x=document.createElement('div'); x.className='ctx';
      x.textContent=[t.section,t.group].filter(Boolean).join(' › '); a.appendChild(x);}
    var dl=document.createElement('dl');
    field(dl,L.number,'number',t.number,t.low,t.repaired);
    field(dl,L.content,'content',t.content,t.low,t.repaired);
    field(dl,L.lead_units,'lead_units',t.lead_units,t.low,t.repaired);
    field(dl,L.cooperating_units,'cooperating_units',t.cooperating_units,t.low,t.repaired);
    field(dl,L.monitoring_units,'monitoring_units',t.monitoring_units,t.low,t.repaired);
    field(dl,L.deliverable,'deliverable',t.deliverable,t.low,t.repaired);
    field(dl,L.deadline,'deadline',t.deadline,t.low,t.repaired);
    field(dl,L.notes,'notes',t.notes,t.low,t.repaired);
    a.appendChild(dl);
    a.addEventListener('click',function(){select(t.id,true);});
    list.appendChild(a);
  });
  function select(id, scroll){
    var t=tasks.filter(function(x){return x.id===id;})[0]; if(!t) return;
    document.querySelectorAll('.hl').forEach(function(e){e.classList.remove('hl');});
    document.querySelectorAll('.record.selected').forEach(function(e){e.classList.remove('selected');});
    var rec=document.getElementById('task-'+id); rec.classList.add('selected');
    document.querySelectorAll('rect.task').forEach(function(r){if(r.dataset.task===id) r.classList.add('hl');});
    document.querySelectorAll('rect.cell[data-table="'+t.table+'"]').forEach(function(r){
      if(t.rows.indexOf(+r.dataset.row)>=0) r.classList.add('hl');});
    if(scroll){var r=document.querySelector('rect.task.hl'), p=document.getElementById('page-'+t.page);
      var pages=document.getElementById('pages');
      if(r&&p){var top=r.getBoundingClientRect().top-pages.getBoundingClientRect().top;
        pages.scrollTop+=top-40;} else if(p){p.scrollIntoView({block:'start'});}
      var list=document.getElementById('records');
      list.scrollTop+=rec.getBoundingClientRect().top-list.getBoundingClientRect().top-40;}
    try{if(location.hash!=='#task-'+id) history.replaceState(null,'','#task-'+id);}catch(e){}
  }
  document.querySelectorAll('rect.task').forEach(function(r){
    r.addEventListener('click',function(){select(r.dataset.task,false);
      var list=document.getElementById('records'), rec=document.getElementById('task-'+r.dataset.task);
      list.scrollTop+=rec.getBoundingClientRect().top-list.getBoundingClientRect().top-40;});
  });
  if(location.hash.indexOf('#task-')===0) select(decodeURIComponent(location.hash.slice(6)),true);
  document.body.dataset.ready='1';
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Task;

    #[test]
    fn escaping_table() {
        for (input, want) in [
            ("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;"),
            ("Văn phòng", "Văn phòng"),
        ] {
            assert_eq!(esc(input), want);
        }
    }

    /// A plan whose own words are all "x", with a page of each origin, a
    /// table of a repaired and a low-confidence cell and a task with every
    /// field: what is left on its page is the page's own wording.
    fn neutral_doc() -> Document {
        let page = |n: usize, origin: &str| {
            serde_json::json!({"number": n, "source": origin, "dpi": 300, "width_pt": 595.0,
                "height_pt": 842.0, "mean_confidence": 0.9, "text": "x"})
        };
        let mut doc: Document = serde_json::from_value(serde_json::json!({"schema_version": 1,
            "source": {"file": "x.pdf", "sha256": "00", "kind": "pdf-scanned", "pages": 4},
            "document": {"doc_type": "ke_hoach", "type_label": null, "number": null,
              "issuer": null, "parent_issuer": null, "place": null, "issued_on": null,
              "title": null, "signer": null},
            "tasks": [], "pages": [page(1, "ocr"), page(2, "ocr_over_text_layer"),
              page(3, "text_layer"), page(4, "text")],
            "tables": [{"page_start": 1, "page_end": 1, "columns": ["x", "x"],
              "roles": ["content", "lead_units"], "rows": [["x", "x"]],
              "cells": [{"row": 2, "col": 1, "page": 1, "bbox": [0.0, 0.0, 9.0, 9.0],
                "confidence": 0.9, "raw": "x"},
                {"row": 2, "col": 2, "page": 1, "bbox": [9.0, 0.0, 19.0, 9.0],
                "confidence": 0.1, "raw": null}]}],
            "warnings": [],
            "extraction": {"kehoach_version": "0", "lang": "vie", "dpi": 300}}))
        .unwrap();
        let x = || Some("x".to_string());
        doc.tasks.push(Task {
            section: x(),
            section_title: x(),
            number: x(),
            content: "x".into(),
            lead_units: vec!["x".into()],
            cooperating_units: vec!["x".into()],
            monitoring_units: vec!["x".into()],
            deliverable: x(),
            notes: x(),
            source: crate::export::TaskSource {
                rows: vec![2],
                ..Task::bare("1").source
            },
            ..Task::bare("1")
        });
        doc
    }

    /// The JSON in `<script id="ID" …>`, and the page without it.
    fn take_json(page: &str, id: &str) -> (serde_json::Value, String) {
        let start = page.find(&format!("<script id=\"{id}\"")).unwrap();
        let body = start + page[start..].find('>').unwrap() + 1;
        let end = body + page[body..].find("</script>").unwrap();
        let json = serde_json::from_str(&page[body..end]).unwrap();
        (json, format!("{}{}", &page[..start], &page[end..]))
    }

    /// The words the page shows or hands its script as labels: without its
    /// style, its script, the records' data and the labels' keys.
    fn wording(page: &str) -> String {
        let page = page.replace(STYLE, "").replace(SCRIPT, "");
        let (_, page) = take_json(&page, "data");
        let (labels, page) = take_json(&page, "labels");
        let values = labels.as_object().unwrap().values();
        let values: Vec<&str> = values.filter_map(|v| v.as_str()).collect();
        format!("{page}\n{}", values.join("\n"))
    }

    #[test]
    fn every_label_has_both_languages_once() {
        let mut keys: Vec<&str> = LABELS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), LABELS.len(), "a key is repeated");
        for (key, [vi, en]) in LABELS {
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{key}");
            assert_ne!(vi, en, "{key}: not translated");
            assert_eq!(label(key, UiLang::Vi), vi);
            assert_eq!(label(key, UiLang::En), en);
        }
        // The page script names only labels of the table.
        for used in SCRIPT.split("L.").skip(1) {
            let key: String = used
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(keys.contains(&key.as_str()), "script uses L.{key}");
        }
    }

    #[test]
    fn each_language_shows_its_own_labels_and_none_of_the_other() {
        let doc = neutral_doc();
        let pictures = vec![Some(PagePicture { png: Vec::new() }); 3];
        for (lang, own, other, tag) in [
            (UiLang::Vi, 0, 1, "lang=\"vi\""),
            (UiLang::En, 1, 0, "lang=\"en\""),
        ] {
            let page = html(&doc, &pictures, lang);
            assert!(page.contains(tag), "{lang:?}");
            let words = wording(&page);
            for (key, pair) in LABELS {
                assert!(words.contains(&esc(pair[own])), "{lang:?} lacks {key}");
                assert!(
                    !words.contains(&esc(pair[other])),
                    "{lang:?} page shows {key} = {:?}",
                    pair[other]
                );
            }
        }
    }

    #[test]
    fn the_records_data_keeps_its_field_names_in_both_languages() {
        let doc = neutral_doc();
        let data = |lang| take_json(&html(&doc, &[], lang), "data").0;
        let (vi, en) = (data(UiLang::Vi), data(UiLang::En));
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v[0].as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(keys(&vi), keys(&en));
        for field in [
            "content",
            "lead_units",
            "cooperating_units",
            "deliverable",
            "deadline",
        ] {
            assert!(keys(&vi).iter().any(|k| k == field), "{field}");
        }
        // Only the deadline's kind is put into words.
        assert_eq!(vi[0]["deadline"], "— [Chưa rõ]");
        assert_eq!(en[0]["deadline"], "— [unknown]");
    }

    #[test]
    fn a_page_on_disk_is_known_by_its_language() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.html");
        assert!(!is_page_in(&path, UiLang::Vi), "no page yet");
        std::fs::write(&path, html(&neutral_doc(), &[], UiLang::Vi)).unwrap();
        assert!(is_page_in(&path, UiLang::Vi));
        assert!(!is_page_in(&path, UiLang::En));
        std::fs::write(&path, "<!doctype").unwrap();
        assert!(!is_page_in(&path, UiLang::Vi), "cut short");
    }

    #[test]
    fn pictures_shrink_to_review_resolution() {
        let img = GrayImage::from_pixel(330, 660, image::Luma([255]));
        let pic = PagePicture::from_gray(&img, 330);
        let back = image::load_from_memory(&pic.png).unwrap();
        assert_eq!((back.width(), back.height()), (110, 220));
        // Already small pictures are not enlarged.
        let pic = PagePicture::from_gray(&img, 72);
        let back = image::load_from_memory(&pic.png).unwrap();
        assert_eq!((back.width(), back.height()), (330, 660));
    }
}
