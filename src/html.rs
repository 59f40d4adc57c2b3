//! Web pages (source stage): the text of an `.html` in, its body out in the
//! shape `docx::Body` has — paragraphs and tables in document order — so
//! the records stage reads a page's tables as it reads a Word file's.
//!
//! Parsed with `tl`. `<table>` rows (through `thead`/`tbody`/`tfoot`) give
//! cells placed on a grid by `rowspan`/`colspan`; block elements and `<br>`
//! break lines, list items are dash items, entities are decoded, and source
//! line breaks are spaces, as a browser shows them. `head`, `script` and
//! `style` are not text. Pure: no I/O, no panics on any input.

use crate::docx::{Block, Body, Cell, Table};
use tl::{HTMLTag, Node, NodeHandle, Parser};

/// Width given to each column: a page's widths are styling, not data.
const COL_PT: f32 = 100.0;
/// Deepest nesting followed: a hostile page cannot exhaust the stack.
const MAX_DEPTH: usize = 200;
/// Largest span honoured, so a bogus `colspan` cannot allocate a huge grid.
const MAX_SPAN: usize = 1000;

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "hr",
    "center",
    "address",
];
/// Elements whose content is not text.
const SKIP: &[&str] = &["head", "script", "style", "title", "template", "noscript"];

/// The body of an HTML document; `Err` when it cannot be parsed.
pub fn read(html: &str) -> Result<Body, String> {
    let dom = tl::parse(html, tl::ParserOptions::default()).map_err(|e| e.to_string())?;
    let mut w = Walker {
        parser: dom.parser(),
        blocks: Vec::new(),
        line: String::new(),
    };
    for h in dom.children() {
        w.node(*h, 0);
    }
    w.flush();
    Ok(Body { blocks: w.blocks })
}

fn name(tag: &HTMLTag) -> String {
    tag.name().as_utf8_str().to_ascii_lowercase()
}

fn children(tag: &HTMLTag) -> Vec<NodeHandle> {
    tag.children().top().as_slice().to_vec()
}

/// Text of a raw node as shown: entities decoded, line breaks as spaces.
fn raw_text(raw: &tl::Bytes) -> String {
    crate::text::decode_entities(&raw.as_utf8_str()).replace(['\n', '\r', '\t'], " ")
}

/// Walks the body, collecting paragraphs (one per line) and tables.
struct Walker<'p, 'b> {
    parser: &'p Parser<'b>,
    blocks: Vec<Block>,
    line: String,
}

impl Walker<'_, '_> {
    fn flush(&mut self) {
        let line = crate::text::clean(&std::mem::take(&mut self.line));
        if !line.is_empty() {
            self.blocks.push(Block::Paragraph(line));
        }
    }

    fn node(&mut self, h: NodeHandle, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match h.get(self.parser) {
            Some(Node::Raw(raw)) => self.line.push_str(&raw_text(raw)),
            Some(Node::Tag(tag)) => {
                let n = name(tag);
                if SKIP.contains(&n.as_str()) {
                    return;
                }
                if n == "table" {
                    self.flush();
                    let t = table(self.parser, tag, depth);
                    self.blocks.push(Block::Table(t));
                    return;
                }
                let block = BLOCKS.contains(&n.as_str());
                if block {
                    self.flush();
                }
                if n == "li" {
                    self.line.push_str("- ");
                }
                for c in children(tag) {
                    self.node(c, depth + 1);
                }
                if block {
                    self.flush();
                }
            }
            Some(Node::Comment(_)) | None => {}
        }
    }
}

/// The rows of a table: its `tr`, directly or in `thead`/`tbody`/`tfoot`,
/// not those of tables nested in its cells.
fn rows<'p>(parser: &'p Parser, table: &'p HTMLTag) -> Vec<&'p HTMLTag<'p>> {
    let mut out = Vec::new();
    for h in children(table) {
        if let Some(Node::Tag(t)) = h.get(parser) {
            match name(t).as_str() {
                "tr" => out.push(t),
                "thead" | "tbody" | "tfoot" => out.extend(rows(parser, t)),
                _ => {}
            }
        }
    }
    out
}

fn span(tag: &HTMLTag, attr: &str) -> usize {
    tag.attributes()
        .get(attr)
        .flatten()
        .and_then(|v| v.as_utf8_str().trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

/// A table on its grid: each cell at the first free place of its row, as
/// a browser places them, its spans kept.
fn table(parser: &Parser, tag: &HTMLTag, depth: usize) -> Table {
    let rows = rows(parser, tag);
    let n_rows = rows.len();
    // taken[r] marks the columns of row r a cell above already covers.
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); n_rows];
    let mut cells = Vec::new();
    for (r, tr) in rows.iter().enumerate() {
        let mut col = 0;
        for h in children(tr) {
            let Some(Node::Tag(td)) = h.get(parser) else {
                continue;
            };
            if !matches!(name(td).as_str(), "td" | "th") {
                continue;
            }
            while taken[r].get(col).copied().unwrap_or(false) {
                col += 1;
            }
            let (rs, cs) = (span(td, "rowspan").min(n_rows - r), span(td, "colspan"));
            for row in taken.iter_mut().skip(r).take(rs) {
                if row.len() < col + cs {
                    row.resize(col + cs, false);
                }
                row[col..col + cs].iter_mut().for_each(|t| *t = true);
            }
            cells.push(Cell {
                row: r,
                col,
                row_span: rs,
                col_span: cs,
                text: cell_text(parser, td, depth),
            });
            col += cs;
        }
    }
    let n_cols = taken.iter().map(Vec::len).max().unwrap_or(0);
    Table {
        widths: vec![COL_PT; n_cols],
        n_rows,
        cells,
    }
}

/// A cell's lines, `\n` between; a table nested in it gives its lines.
fn cell_text(parser: &Parser, td: &HTMLTag, depth: usize) -> String {
    let mut w = Walker {
        parser,
        blocks: Vec::new(),
        line: String::new(),
    };
    for c in children(td) {
        w.node(c, depth + 1);
    }
    w.flush();
    let mut lines = Vec::new();
    for b in w.blocks {
        match b {
            Block::Paragraph(p) => lines.push(p),
            Block::Table(t) => lines.extend(
                t.cells
                    .into_iter()
                    .map(|c| c.text)
                    .filter(|s| !s.is_empty()),
            ),
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(html: &str) -> Vec<Vec<String>> {
        let body = read(html).unwrap();
        let t = body
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .expect("a table");
        t.grid()
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn tables_are_placed_by_their_spans() {
        let cases: &[(&str, &[&[&str]])] = &[
            (
                "<table><tr><th>STT</th><th>Nội dung</th></tr><tr><td>1</td><td>Việc</td></tr></table>",
                &[&["STT", "Nội dung"], &["1", "Việc"]],
            ),
            // A cell merged down leaves its column taken in the rows below.
            (
                "<table><tbody><tr><td rowspan=2>A</td><td>B</td></tr><tr><td>C</td></tr></tbody></table>",
                &[&["A", "B"], &["", "C"]],
            ),
            (
                "<table><thead><tr><th colspan='2'>Đơn vị</th><th>Hạn</th></tr></thead>\
                 <tr><td>Chủ trì</td><td>Phối hợp</td><td>2026</td></tr></table>",
                &[&["Đơn vị", "", "Hạn"], &["Chủ trì", "Phối hợp", "2026"]],
            ),
            // Lines within a cell; entities; source line breaks are spaces.
            (
                "<table><tr><td>Kế hoạch<br>Báo\ncáo</td><td><p>HĐND&amp;UBND</p><p>Sở&nbsp;X</p></td></tr></table>",
                &[&["Kế hoạch\nBáo cáo", "HĐND&UBND\nSở X"]],
            ),
            (
                "<table><tr><td><ul><li>Sở A</li><li>Sở B</li></ul></td></tr></table>",
                &[&["- Sở A\n- Sở B"]],
            ),
            // A nested table's text stays in its cell; its rows are not ours.
            (
                "<table><tr><td>X<table><tr><td>in</td></tr></table></td></tr></table>",
                &[&["X\nin"]],
            ),
            // A bogus span is bounded by the table.
            ("<table><tr><td rowspan=99>A</td></tr></table>", &[&["A"]]),
        ];
        for (html, want) in cases {
            let want: Vec<Vec<String>> = want
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(grid(html), want, "{html}");
        }
    }

    #[test]
    fn paragraphs_and_lines_come_in_order() {
        let html = "<!doctype html><html><head><title>T</title><style>p{}</style></head>\
                    <body><h1>QUYẾT ĐỊNH</h1><p>Căn cứ\nLuật</p>Dòng<br>mới\
                    <table><tr><td>a</td></tr></table><p>Sau</p><script>x()</script></body></html>";
        let body = read(html).unwrap();
        let got: Vec<String> = body
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.clone(),
                Block::Table(t) => format!("[table {}x{}]", t.n_rows, t.widths.len()),
            })
            .collect();
        assert_eq!(
            got,
            [
                "QUYẾT ĐỊNH",
                "Căn cứ Luật",
                "Dòng",
                "mới",
                "[table 1x1]",
                "Sau"
            ]
        );
    }

    #[test]
    fn broken_markup_gives_no_panic() {
        for html in [
            "",
            "<",
            "<table><tr><td>",
            "<td colspan=-3>x",
            "</table></tr>",
            "<table>",
        ] {
            assert!(read(html).is_ok(), "{html:?}");
        }
    }
}
