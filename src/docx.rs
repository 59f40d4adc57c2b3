//! Word documents (source stage): the bytes of a `.docx` in, its body out —
//! paragraphs and tables in document order, the text exactly as typed.
//!
//! Only `word/document.xml` is read. Tables keep their grid: a cell spanning
//! columns (`w:gridSpan`) and one merged down rows (`w:vMerge` restart /
//! continue) become one cell with its spans, as on a ruled scan. Paragraphs
//! and line breaks inside a cell are `\n`; a table nested in a cell gives
//! its text as lines of that cell. Pure: no I/O, no panics on any input.

use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

use crate::geometry::Rect;
use crate::layout::TextLine;
use crate::tables::{CellText, PageTable};

/// Largest `word/document.xml` we inflate. A 300-page plan is a few MiB; a
/// ZIP bomb declaring gigabytes is refused before it fills memory.
pub const MAX_XML_BYTES: u64 = 64 << 20;

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Markup compatibility: `mc:Fallback` repeats its `mc:Choice`.
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The body of a Word document, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph's text, line breaks as `\n`.
    Paragraph(String),
    Table(Table),
}

/// A table as a grid: each cell where it starts, with its spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in points (from `w:tblGrid`, or even when absent).
    pub widths: Vec<f32>,
    pub n_rows: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// Lines of the cell (its paragraphs and line breaks), `\n` between.
    pub text: String,
}

impl Table {
    /// Cell texts row by row, "" under spans (for tests and layout checks).
    pub fn grid(&self) -> Vec<Vec<&str>> {
        let mut g = vec![vec![""; self.widths.len()]; self.n_rows];
        for c in &self.cells {
            g[c.row][c.col] = &c.text;
        }
        g
    }
}

/// Whether `bytes` are a ZIP archive (a Word file is one).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether a ZIP archive holds `word/document.xml` (without inflating it).
pub fn holds_document(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .is_ok_and(|z| z.index_for_name("word/document.xml").is_some())
}

/// Read a `.docx`: the error says why it is not one, or why it is refused.
pub fn read(bytes: &[u8]) -> Result<Body, String> {
    read_limited(bytes, MAX_XML_BYTES)
}

fn read_limited(bytes: &[u8], max_xml: u64) -> Result<Body, String> {
    let xml = document_xml(bytes, max_xml)?;
    let doc = Document::parse(&xml).map_err(|e| format!("word/document.xml: {e}"))?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is_w(n, "body"))
        .ok_or("word/document.xml has no w:body")?;
    let mut blocks = Vec::new();
    collect_blocks(body, &mut blocks, 0);
    Ok(Body { blocks })
}

/// The inflated `word/document.xml`, at most `max` bytes.
fn document_xml(bytes: &[u8], max: u64) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable ZIP archive: {e}"))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| "a ZIP archive without word/document.xml: not a Word document".to_string())?;
    // The declared size may lie: count what actually comes out.
    let mut out = Vec::new();
    entry
        .take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("word/document.xml cannot be inflated: {e}"))?;
    if out.len() as u64 > max {
        return Err(format!(
            "word/document.xml inflates to more than {max} bytes (a ZIP bomb?)"
        ));
    }
    String::from_utf8(out).map_err(|e| format!("word/document.xml is not UTF-8: {e}"))
}

fn is_w(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn is_fallback(n: &Node) -> bool {
    n.is_element() && n.tag_name().name() == "Fallback" && n.tag_name().namespace() == Some(MC)
}

/// Deepest nesting of containers we follow; deeper content is dropped
/// rather than risking the stack on a hostile file.
const MAX_DEPTH: usize = 32;

/// Paragraphs and tables under a container (body, content control,
/// inserted revision), in order.
fn collect_blocks(parent: Node, out: &mut Vec<Block>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for n in parent.children().filter(Node::is_element) {
        if is_w(&n, "p") {
            out.push(Block::Paragraph(paragraph_text(n)));
        } else if is_w(&n, "tbl") {
            out.push(Block::Table(table(n, depth + 1)));
        } else if !is_fallback(&n) && !is_w(&n, "sectPr") {
            collect_blocks(n, out, depth + 1);
        }
    }
}

/// A paragraph's visible text: runs' `w:t`, tabs as a tab, breaks as `\n`.
/// Deleted text (`w:delText`), field codes and hidden runs are not shown
/// on the page and are left out; a text box's paragraphs are lines.
fn paragraph_text(p: Node) -> String {
    let mut s = String::new();
    push_text(p, &mut s, 0);
    s
}

fn push_text(n: Node, s: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for c in n.children().filter(Node::is_element) {
        if is_w(&c, "t") {
            s.push_str(c.text().unwrap_or(""));
        } else if is_w(&c, "tab") && n.tag_name().name() == "r" {
            s.push('\t');
        } else if is_w(&c, "br") || is_w(&c, "cr") {
            s.push('\n');
        } else if is_w(&c, "p") {
            if !s.is_empty() && !s.ends_with('\n') {
                s.push('\n');
            }
            push_text(c, s, depth + 1);
        } else if is_w(&c, "r") && hidden(c) {
            continue;
        } else if !is_fallback(&c) && !is_w(&c, "rPr") && !is_w(&c, "pPr") {
            push_text(c, s, depth + 1);
        }
    }
}

/// A run formatted as hidden (`w:vanish`, not switched off).
fn hidden(run: Node) -> bool {
    run.children()
        .find(|c| is_w(c, "rPr"))
        .and_then(|pr| pr.children().find(|c| is_w(c, "vanish")))
        .is_some_and(|v| !matches!(w_val(v), Some("0" | "false" | "off")))
}

fn w_val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attribute((W, "val"))
}

/// Points per twip (Word measures in twentieths of a point).
const PT_PER_TWIP: f32 = 1.0 / 20.0;
/// Width given to a column whose width the file does not state.
const DEFAULT_COL_PT: f32 = 72.0;
/// Most columns or spans we accept: Word allows 63 columns.
const MAX_COLS: usize = 256;

/// One `w:tc` as laid in its row: where it starts, how wide, its merge.
struct RawCell {
    col: usize,
    span: usize,
    merge: Merge,
    text: String,
}

#[derive(PartialEq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// A table's grid with horizontal and vertical merges resolved.
fn table(tbl: Node, depth: usize) -> Table {
    let mut widths: Vec<f32> = tbl
        .children()
        .find(|n| is_w(n, "tblGrid"))
        .map(|g| {
            g.children()
                .filter(|c| is_w(c, "gridCol"))
                .map(|c| w_attr_num(c, "w").map_or(DEFAULT_COL_PT, |tw| tw as f32 * PT_PER_TWIP))
                .take(MAX_COLS)
                .collect()
        })
        .unwrap_or_default();
    let rows: Vec<Vec<RawCell>> = tbl
        .children()
        .filter(|n| is_w(n, "tr"))
        .map(|tr| row_cells(tr, depth))
        .collect();
    // A row wider than the declared grid widens it.
    let used = rows
        .iter()
        .flat_map(|r| r.iter().map(|c| c.col + c.span))
        .max()
        .unwrap_or(0)
        .min(MAX_COLS);
    while widths.len() < used.max(1) {
        widths.push(DEFAULT_COL_PT);
    }
    let n_rows = rows.len();
    Table {
        widths,
        n_rows,
        cells: merge_down(rows),
    }
}

/// Cells of one row, placed on the grid (`w:gridBefore` skips columns).
fn row_cells(tr: Node, depth: usize) -> Vec<RawCell> {
    let before = tr
        .children()
        .find(|n| is_w(n, "trPr"))
        .and_then(|pr| pr.children().find(|n| is_w(n, "gridBefore")))
        .and_then(|g| w_attr_num(g, "val"))
        .unwrap_or(0) as usize;
    let mut col = before.min(MAX_COLS);
    let mut out = Vec::new();
    for tc in cells_of(tr, 0) {
        let pr = tc.children().find(|n| is_w(n, "tcPr"));
        let prop = |name: &str| pr.and_then(|p| p.children().find(|n| is_w(n, name)));
        let span = prop("gridSpan")
            .and_then(|g| w_attr_num(g, "val"))
            .unwrap_or(1)
            .clamp(1, MAX_COLS as u64) as usize;
        let merge = match prop("vMerge") {
            None => Merge::None,
            Some(v) if w_val(v) == Some("restart") => Merge::Restart,
            Some(_) => Merge::Continue,
        };
        if col >= MAX_COLS {
            break;
        }
        let span = span.min(MAX_COLS - col);
        out.push(RawCell {
            col,
            span,
            merge,
            text: cell_text(tc, depth),
        });
        col += span;
    }
    out
}

/// The `w:tc` of a row, also those wrapped in content controls.
fn cells_of<'a, 'i>(n: Node<'a, 'i>, depth: usize) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    if depth > MAX_DEPTH {
        return out;
    }
    for c in n.children().filter(Node::is_element) {
        if is_w(&c, "tc") {
            out.push(c);
        } else if is_w(&c, "sdt") || is_w(&c, "sdtContent") || is_w(&c, "customXml") {
            out.extend(cells_of(c, depth + 1));
        }
    }
    out
}

/// A cell's lines: each paragraph, each line break; a nested table's rows
/// as lines of their cells' text.
fn cell_text(tc: Node, depth: usize) -> String {
    let mut blocks = Vec::new();
    collect_blocks(tc, &mut blocks, depth);
    let mut lines: Vec<String> = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => lines.push(p),
            Block::Table(t) => {
                for row in t.grid() {
                    let cells: Vec<&str> =
                        row.into_iter().filter(|c| !c.trim().is_empty()).collect();
                    lines.push(cells.join(" ").replace('\n', " "));
                }
            }
        }
    }
    // Empty paragraphs at the ends are spacing, not lines.
    let text = lines.join("\n");
    text.trim_matches(|c: char| c == '\n' || c.is_whitespace())
        .to_string()
}

/// Merge `w:vMerge` continuations into the cell above them that covers the
/// same columns; a continuation with no such cell stands alone.
fn merge_down(rows: Vec<Vec<RawCell>>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        for rc in row {
            let above = (rc.merge == Merge::Continue)
                .then(|| {
                    cells.iter_mut().rev().find(|c| {
                        c.col == rc.col && c.col_span == rc.span && c.row + c.row_span == r
                    })
                })
                .flatten();
            match above {
                Some(c) => {
                    c.row_span += 1;
                    if !rc.text.trim().is_empty() {
                        c.text.push('\n');
                        c.text.push_str(&rc.text);
                    }
                }
                None => cells.push(Cell {
                    row: r,
                    col: rc.col,
                    row_span: 1,
                    col_span: rc.span,
                    text: rc.text,
                }),
            }
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    cells
}

/// A numeric `w:` attribute; junk reads as absent.
fn w_attr_num(n: Node, name: &str) -> Option<u64> {
    n.attribute((W, name))?.trim().parse().ok()
}

// ---- One page for the records stage ----

/// Height given to one line of text, in points: the page is laid out as a
/// single flow so that reading order is top to bottom.
const LINE_PT: f32 = 12.0;

/// The body as one page: text lines (paragraphs, and the lines of tables
/// that lay out the page) and the document's tables as page tables on a
/// synthetic flow — columns as wide as the file says, each row as tall as
/// its most lines — so the records stage reads them as it reads a PDF's.
pub fn page(body: &Body) -> (Vec<TextLine>, Vec<PageTable>) {
    let mut lines = Vec::new();
    let mut tables = Vec::new();
    let mut y = 0.0f32;
    for b in &body.blocks {
        match b {
            Block::Paragraph(p) => p.split('\n').for_each(|l| push_line(&mut lines, &mut y, l)),
            Block::Table(t) if lays_out_page(t) => {
                // Row by row, each cell's lines in turn: issuer before motto,
                // "Số:" before the place and date, the signer's role above
                // the name.
                for c in &t.cells {
                    c.text
                        .split('\n')
                        .for_each(|l| push_line(&mut lines, &mut y, l));
                }
            }
            Block::Table(t) if t.n_rows > 0 => {
                let pt = page_table(t, y);
                y = pt.bbox.y1 + LINE_PT;
                tables.push(pt);
            }
            Block::Table(_) => {}
        }
    }
    (lines, tables)
}

/// Add a non-blank line of text at `y` and move `y` down a line.
fn push_line(lines: &mut Vec<TextLine>, y: &mut f32, text: &str) {
    let text = crate::text::clean(text);
    if !text.is_empty() {
        lines.push(TextLine {
            page: 1,
            text,
            bbox: Rect {
                x0: 0.0,
                y0: *y,
                x1: 0.0,
                y1: *y + LINE_PT,
            },
            conf: 1.0,
        });
        *y += LINE_PT;
    }
}

/// A table that only places text on the page (the national header, the
/// signature block): it holds the national motto, a recipients list
/// ("Nơi nhận:") or a signing authority ("TM.", "KT.", "TL.", "TUQ."),
/// and its first row names no column of a task table.
pub fn lays_out_page(t: &Table) -> bool {
    let header_roles = t
        .cells
        .iter()
        .filter(|c| c.row == 0)
        .filter(|c| crate::records::role_of(&c.text).is_some())
        .count();
    if header_roles >= 2 {
        return false;
    }
    t.cells.iter().any(|c| {
        c.text.split('\n').any(|l| {
            let f = crate::text::fold_ocr(&crate::text::clean(l));
            f.contains("cong hoa xa hoi chu nghia")
                || f.contains("doc lap - tu do")
                || f.starts_with("noi nhan")
                || ["tm. ", "kt. ", "tl. ", "tuq. ", "q. "]
                    .iter()
                    .any(|p| f.starts_with(p))
        })
    })
}

/// A Word table as a page table on page 1, its top at `top` points.
fn page_table(t: &Table, top: f32) -> PageTable {
    let mut xs = vec![0.0f32];
    for w in &t.widths {
        xs.push(xs.last().copied().unwrap_or(0.0) + w.max(1.0));
    }
    // Each row as tall as its tallest cell that starts and ends in it.
    let mut heights = vec![LINE_PT; t.n_rows];
    for c in t.cells.iter().filter(|c| c.row_span == 1) {
        let n = c.text.split('\n').count().max(1) as f32;
        heights[c.row] = heights[c.row].max(n * LINE_PT);
    }
    let mut ys = vec![top];
    for h in &heights {
        ys.push(ys.last().copied().unwrap_or(top) + h);
    }
    let n_cols = t.widths.len();
    let cells = t
        .cells
        .iter()
        .map(|c| {
            let (r1, c1) = (
                (c.row + c.row_span).min(t.n_rows),
                (c.col + c.col_span).min(n_cols),
            );
            CellText {
                row: c.row,
                col: c.col,
                row_span: r1 - c.row,
                col_span: c1 - c.col,
                rect: Rect {
                    x0: xs[c.col],
                    y0: ys[c.row],
                    x1: xs[c1],
                    y1: ys[r1],
                },
                text: c
                    .text
                    .split('\n')
                    .map(crate::text::clean)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n"),
                conf: 1.0,
                raw: None,
            }
        })
        .collect();
    PageTable {
        page: 1,
        bbox: Rect {
            x0: 0.0,
            y0: top,
            x1: xs[n_cols],
            y1: ys[t.n_rows],
        },
        n_rows: t.n_rows,
        n_cols,
        xs,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A ZIP holding `files`, deflated.
    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A `.docx` whose body is `body` (WordprocessingML, prefix `w`).
    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="{MC}"><w:body>{body}</w:body></w:document>"#
        );
        zip_of(&[("word/document.xml", xml.as_bytes())])
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn tc(props: &str, content: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
    }

    fn tbl(cols: usize, rows: &[String]) -> String {
        let grid = "<w:gridCol w:w=\"1440\"/>".repeat(cols);
        let rows: String = rows.iter().map(|r| format!("<w:tr>{r}</w:tr>")).collect();
        format!("<w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")
    }

    fn only_table(body: &Body) -> &Table {
        body.blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table")
    }

    #[test]
    fn tables_read_as_grids() {
        let span2 = "<w:gridSpan w:val=\"2\"/>";
        let restart = "<w:vMerge w:val=\"restart\"/>";
        let cont = "<w:vMerge/>";
        // (body, expected grid, expected (row, col, row_span, col_span) of each cell)
        type Spans = &'static [(usize, usize, usize, usize)];
        let cases: Vec<(String, Vec<Vec<&str>>, Spans)> = vec![
            // gridSpan: one cell over two columns.
            (
                tbl(3, &[tc("", &p("A")) + &tc(span2, &p("B"))]),
                vec![vec!["A", "B", ""]],
                &[(0, 0, 1, 1), (0, 1, 1, 2)],
            ),
            // vMerge: restart then continue makes one cell two rows high;
            // the continued row's other cells stay its own.
            (
                tbl(
                    2,
                    &[
                        tc(restart, &p("1")) + &tc("", &p("x")),
                        tc(cont, &p("")) + &tc("", &p("y")),
                        tc("", &p("2")) + &tc("", &p("z")),
                    ],
                ),
                vec![vec!["1", "x"], vec!["", "y"], vec!["2", "z"]],
                &[(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1), (2, 0, 1, 1), (2, 1, 1, 1)],
            ),
            // Line breaks and paragraphs in a cell are lines; empty
            // paragraphs at its ends are spacing.
            (
                tbl(
                    1,
                    &[tc(
                        "",
                        &(p("")
                            + "<w:p><w:r><w:t>Sở Nội vụ;</w:t><w:br/><w:t>Sở Tư pháp</w:t></w:r></w:p>"
                            + &p("UBND các xã")
                            + &p("")),
                    )],
                ),
                vec![vec!["Sở Nội vụ;\nSở Tư pháp\nUBND các xã"]],
                &[(0, 0, 1, 1)],
            ),
            // A table nested in a cell gives its rows as lines.
            (
                tbl(
                    1,
                    &[tc(
                        "",
                        &(p("Trên")
                            + &tbl(2, &[tc("", &p("a")) + &tc("", &p("b"))])
                            + &p("Dưới")),
                    )],
                ),
                vec![vec!["Trên\na b\nDưới"]],
                &[(0, 0, 1, 1)],
            ),
            // A continuation with nothing above, a span past the grid.
            (
                tbl(1, &[tc(cont, &p("lẻ")) + &tc("<w:gridSpan w:val=\"99999\"/>", &p("rộng"))]),
                vec![vec!["lẻ", "rộng"]],
                &[(0, 0, 1, 1), (0, 1, 1, 255)],
            ),
        ];
        for (body, want_grid, want_spans) in cases {
            let b = read(&docx(&body)).unwrap();
            let t = only_table(&b);
            let grid: Vec<Vec<&str>> = t
                .grid()
                .into_iter()
                .map(|r| r[..want_grid[0].len()].to_vec())
                .collect();
            assert_eq!(grid, want_grid, "{body}");
            let spans: Vec<_> = t
                .cells
                .iter()
                .map(|c| (c.row, c.col, c.row_span, c.col_span))
                .collect();
            assert_eq!(spans, want_spans, "{body}");
        }
    }

    #[test]
    fn paragraph_text_as_shown() {
        let body = concat!(
            "<w:p><w:r><w:t>Số:</w:t><w:tab/><w:t>12/KH</w:t></w:r></w:p>",
            // Deleted revision text, a field code and a hidden run are not shown.
            "<w:p><w:del><w:r><w:delText>cũ</w:delText></w:r></w:del>",
            "<w:r><w:instrText>PAGE</w:instrText></w:r>",
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>",
            "<w:ins><w:r><w:t>mới</w:t></w:r></w:ins></w:p>",
            // A choice is read once, not with its fallback.
            "<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>một</w:t></w:r></mc:Choice>",
            "<mc:Fallback><w:r><w:t>một</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
        );
        let b = read(&docx(body)).unwrap();
        let texts: Vec<&str> = b
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Số:\t12/KH", "mới", "một"]);
    }

    #[test]
    fn refused_inputs_say_why() {
        let zeros = vec![0u8; 2 << 20];
        let bomb = zip_of(&[("word/document.xml", &zeros)]);
        assert!(bomb.len() < 64 << 10, "deflates well: {}", bomb.len());
        for (bytes, limit, want) in [
            (bomb, 1 << 20, "ZIP bomb"),
            (
                zip_of(&[("xl/workbook.xml", b"<x/>")]),
                MAX_XML_BYTES,
                "without word/document.xml",
            ),
            (
                b"PK\x03\x04 truncated".to_vec(),
                MAX_XML_BYTES,
                "not a readable ZIP",
            ),
            (docx("<w:p>").to_vec(), MAX_XML_BYTES, "word/document.xml:"),
            (
                zip_of(&[("word/document.xml", b"<w:document xmlns:w=\"x\"/>")]),
                MAX_XML_BYTES,
                "no w:body",
            ),
        ] {
            let err = read_limited(&bytes, limit).unwrap_err();
            assert!(err.contains(want), "{err}");
        }
        assert!(!holds_document(&zip_of(&[("a.txt", b"a")])));
        assert!(holds_document(&docx("")));
    }

    #[test]
    fn layout_tables_are_lines_and_task_tables_are_tables() {
        let header = tbl(
            2,
            &[tc("", &(p("ỦY BAN NHÂN DÂN") + &p("TỈNH LÂM ĐỒNG")))
                + &tc(
                    "",
                    &(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + &p("Độc lập - Tự do - Hạnh phúc")),
                )],
        );
        let signature = tbl(
            2,
            &[tc("", &p("Nơi nhận:")) + &tc("", &(p("KT. CHỦ TỊCH") + &p("Nguyễn Văn A")))],
        );
        let restart = "<w:vMerge w:val=\"restart\"/>";
        let tasks = tbl(
            3,
            &[
                tc("", &p("STT")) + &tc("", &p("Nhiệm vụ")) + &tc("", &p("Chủ trì thực hiện")),
                tc(restart, &p("1")) + &tc(restart, &p("Rà soát")) + &tc("", &p("Sở Tư pháp")),
                tc("<w:vMerge/>", "") + &tc("<w:vMerge/>", "") + &tc("", &p("Sở Nội vụ")),
            ],
        );
        let body = read(&docx(&(header + &p("KẾ HOẠCH") + &tasks + &signature))).unwrap();
        let (lines, tables) = page(&body);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "ỦY BAN NHÂN DÂN",
                "TỈNH LÂM ĐỒNG",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "KẾ HOẠCH",
                "Nơi nhận:",
                "KT. CHỦ TỊCH",
                "Nguyễn Văn A",
            ]
        );
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.n_rows, t.n_cols, t.cells.len()), (3, 3, 7));
        let merged = &t.cells[3];
        assert_eq!((merged.row, merged.col, merged.row_span), (1, 0, 2));
        // Rows flow down the page below the lines before the table.
        assert!(t.bbox.y0 > lines[4].bbox.y0 && lines[5].bbox.y0 > t.bbox.y1);
        assert_eq!(merged.rect.y1, t.cells[6].rect.y1);
    }
}
