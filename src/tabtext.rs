//! Text with tab-separated tables (source stage): the text of a `.txt` in,
//! a body of paragraphs and tables out, in the shape `docx::Body` has, so
//! the records stage reads it as it reads a Word file's tables.
//!
//! Plans copied from a web portal keep each table row as one line whose
//! cells are separated by tabs, with the portal's markup (`<ul>`, `<p>`,
//! `<br>`, entities) left inside cells. A table starts at a header row: a
//! line of at least two cells, all of them filled, followed by a row of as
//! many cells. A row is complete once it has as many tabs as the header; a
//! line with fewer tabs continues the open cell of the row before it (a cell
//! with a line break in it). A blank line is a page break of the original:
//! a row after one whose number cell is empty and that leaves empty a cell
//! the row before filled is the rest of that row, split by the page. Text
//! without such a table gives `None`, and is read as plain text.

use crate::docx::{Block, Body, Cell, Table};

/// Width given to each column: the text carries none.
const COL_PT: f32 = 100.0;

/// The body of `text` when it holds at least one tab-separated table.
pub fn body(text: &str) -> Option<Body> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut para = Vec::new();
    let mut found = false;
    let mut i = 0;
    while i < lines.len() {
        if let Some(n_cols) = header_at(&lines, i) {
            flush(&mut para, &mut blocks);
            let (rows, next) = read_rows(&lines, i, n_cols);
            blocks.push(Block::Table(table(rows, n_cols)));
            found = true;
            i = next;
        } else {
            para.push(lines[i].to_string());
            i += 1;
        }
    }
    flush(&mut para, &mut blocks);
    found.then_some(Body { blocks })
}

fn flush(para: &mut Vec<String>, blocks: &mut Vec<Block>) {
    if !para.is_empty() {
        blocks.push(Block::Paragraph(para.join("\n")));
        para.clear();
    }
}

/// The number of columns when line `i` heads a table: every cell filled,
/// and the lines after it make a row of as many cells (its first line has
/// a tab; lines with fewer tabs continue a cell).
fn header_at(lines: &[&str], i: usize) -> Option<usize> {
    let tabs = tab_count(lines[i]);
    if tabs == 0 || lines[i].split('\t').any(|c| cell_text(c).is_empty()) {
        return None;
    }
    let mut next = lines[i + 1..].iter().filter(|l| !l.trim().is_empty());
    let mut seen = tab_count(next.next()?);
    if seen == 0 {
        return None;
    }
    while seen < tabs {
        seen += tab_count(next.next()?);
    }
    (seen == tabs).then_some(tabs + 1)
}

fn tab_count(line: &str) -> usize {
    line.matches('\t').count()
}

/// A row as read: its raw cells and whether a page break came before it.
struct Row {
    cells: Vec<String>,
    after_break: bool,
}

/// Rows of the table whose header is line `start`, and the first line
/// after the table.
fn read_rows(lines: &[&str], start: usize, n_cols: usize) -> (Vec<Row>, usize) {
    let header = lines[start];
    let mut rows: Vec<Row> = Vec::new();
    let mut open: Option<Row> = None;
    let mut after_break = false;
    let mut i = start;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            match open.as_mut() {
                Some(r) => push_to_last(&mut r.cells, "\n"),
                None => after_break = true,
            }
            i += 1;
            continue;
        }
        let tabs = tab_count(line);
        let row = match open.take() {
            Some(mut r) => {
                let mut parts = line.split('\t');
                push_to_last(&mut r.cells, &format!("\n{}", parts.next().unwrap_or("")));
                r.cells.extend(parts.map(str::to_string));
                r
            }
            // A line without tabs, or with more than the header, ends it.
            None if tabs == 0 || tabs >= n_cols => break,
            None => Row {
                cells: line.split('\t').map(str::to_string).collect(),
                after_break,
            },
        };
        after_break = false;
        i += 1;
        if row.cells.len() < n_cols {
            open = Some(row);
        } else if !(i > start + 1 && line == header) {
            // A header repeated on a new page is not a row.
            push_row(&mut rows, row, n_cols);
        }
    }
    if let Some(r) = open {
        push_row(&mut rows, r, n_cols);
    }
    (rows, i)
}

fn push_to_last(cells: &mut [String], s: &str) {
    if let Some(last) = cells.last_mut() {
        last.push_str(s);
    }
}

/// Add `row`, or merge it into the row before when it is that row's rest
/// after a page break.
fn push_row(rows: &mut Vec<Row>, mut row: Row, n_cols: usize) {
    row.cells.resize(n_cols, String::new());
    row.cells.truncate(n_cols);
    if let Some(prev) = rows.last_mut() {
        if row.after_break && continues(&prev.cells, &row.cells) {
            for (p, c) in prev.cells.iter_mut().zip(&row.cells) {
                if !cell_text(c).is_empty() {
                    p.push('\n');
                    p.push_str(c);
                }
            }
            return;
        }
    }
    rows.push(row);
}

/// Whether `row` is the rest of `prev`: no number of its own, and some
/// cell past the number that `prev` filled is empty in it (a new row fills
/// what rows fill).
fn continues(prev: &[String], row: &[String]) -> bool {
    let filled = |c: &String| !cell_text(c).is_empty();
    !row.first().is_some_and(filled)
        && row.iter().any(filled)
        && prev
            .iter()
            .zip(row)
            .skip(1)
            .any(|(p, c)| filled(p) && !filled(c))
}

fn table(rows: Vec<Row>, n_cols: usize) -> Table {
    let cells = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.cells.iter().enumerate().map(move |(c, text)| Cell {
                row: r,
                col: c,
                row_span: 1,
                col_span: 1,
                text: cell_text(text),
            })
        })
        .collect();
    Table {
        widths: vec![COL_PT; n_cols],
        n_rows: rows.len(),
        cells,
    }
}

/// A cell's text: the portal's markup as line breaks, entities decoded,
/// a dash list one item a line, blank lines dropped.
pub fn cell_text(raw: &str) -> String {
    let plain = crate::text::decode_entities(&markup_to_breaks(raw));
    let lines: Vec<String> = plain
        .split('\n')
        .map(crate::text::clean)
        .filter(|l| !l.is_empty())
        .collect();
    let is_list = lines.iter().any(|l| l.starts_with("- "));
    lines
        .iter()
        .flat_map(|l| split_items(l, is_list))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Items of a dash list copied onto one line: " - " starts an item.
fn split_items(line: &str, is_list: bool) -> Vec<String> {
    if !is_list {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    for (k, part) in line.split(" - ").enumerate() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        out.push(if k == 0 {
            part.to_string()
        } else {
            format!("- {part}")
        });
    }
    out
}

/// HTML block tags a portal leaves in cells; each one breaks the line.
const BLOCK_TAGS: &[&str] = &[
    "br", "p", "div", "ul", "ol", "li", "span", "b", "i", "strong", "em",
];

/// Replace the tags of `BLOCK_TAGS` by line breaks (`<li>` by a dash item);
/// any other `<…>` (an e-mail address in angle brackets) stays.
fn markup_to_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        match tag_at(tail) {
            Some((name, len)) => {
                let inline = ["span", "b", "i", "strong", "em"].contains(&name.as_str());
                out.push_str(match name.as_str() {
                    _ if inline => " ",
                    "li" if !tail.starts_with("</") => "\n- ",
                    _ => "\n",
                });
                rest = &tail[len..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The lower-case name and byte length of a known tag at the start of `s`.
fn tag_at(s: &str) -> Option<(String, usize)> {
    let body = s.strip_prefix('<')?;
    let body = body.strip_prefix('/').unwrap_or(body);
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let after = body[name.len()..].chars().next()?;
    if !BLOCK_TAGS.contains(&name.as_str()) || !(after == '>' || after == '/' || after == ' ') {
        return None;
    }
    let end = s.find('>')?;
    Some((name, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(text: &str) -> Option<Vec<Vec<Vec<String>>>> {
        let body = body(text)?;
        Some(
            body.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(
                        t.grid()
                            .iter()
                            .map(|r| r.iter().map(|c| c.to_string()).collect())
                            .collect(),
                    ),
                    Block::Paragraph(_) => None,
                })
                .collect(),
        )
    }

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn text_without_a_table_is_plain() {
        for text in [
            "KẾ HOẠCH\nSố: 12/KH-UBND\n",
            // An e-signature stamp copied with its tab indents.
            "\t\tCổng thông tin\n\t2026-03-05T11:15:33+0700\n\tHẢI PHÒNG\n",
            // A single line with tabs: no row follows the header.
            "Số TT\tNội dung\n\nhết",
            // The row under the "header" has another number of cells.
            "a\tb\tc\nd\te\n",
        ] {
            assert_eq!(tables(text), None, "{text:?}");
        }
    }

    #[test]
    fn rows_are_read_by_their_tabs() {
        let cases: &[(&str, &[&[&str]])] = &[
            (
                "Mở đầu\nSTT\tNội dung\tChủ trì\n1\tViệc A\tSở X\n2\tViệc B\tSở Y\nNơi nhận:\n",
                &[
                    &["STT", "Nội dung", "Chủ trì"],
                    &["1", "Việc A", "Sở X"],
                    &["2", "Việc B", "Sở Y"],
                ],
            ),
            // A line with fewer tabs continues the open cell.
            (
                "STT\tNội dung\tChủ trì\n1\tViệc A\nphần sau\tSở X\n",
                &[
                    &["STT", "Nội dung", "Chủ trì"],
                    &["1", "Việc A\nphần sau", "Sở X"],
                ],
            ),
            // The rest of a row after a page break joins it; a full row
            // without a number after a break is a row of its own.
            (
                "STT\tNội dung\tChủ trì\n1\tViệc A\tSở X\n\n\tcòn nữa\t\n\n\tViệc B\tSở Y\n",
                &[
                    &["STT", "Nội dung", "Chủ trì"],
                    &["1", "Việc A\ncòn nữa", "Sở X"],
                    &["", "Việc B", "Sở Y"],
                ],
            ),
            // Without a break, a short row is a row (a group heading).
            (
                "STT\tNội dung\tChủ trì\nI\tNhóm\t\n\tViệc\tSở X\n",
                &[
                    &["STT", "Nội dung", "Chủ trì"],
                    &["I", "Nhóm", ""],
                    &["", "Việc", "Sở X"],
                ],
            ),
            // The header repeated on the next page is dropped.
            (
                "STT\tĐơn vị\n1.\tSở A\n\nSTT\tĐơn vị\n2.\tSở B\n",
                &[&["STT", "Đơn vị"], &["1.", "Sở A"], &["2.", "Sở B"]],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(tables(text), Some(vec![grid(want)]), "{text:?}");
        }
    }

    #[test]
    fn text_around_a_table_stays_paragraphs() {
        let body = body("Trên\nA\tB\n1\t2\nDưới\n").unwrap();
        let paras: Vec<&str> = body
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(paras, ["Trên", "Dưới"]);
    }

    #[test]
    fn cell_markup_becomes_lines() {
        for (raw, want) in [
            ("Kế hoạch<br>Báo cáo", "Kế hoạch\nBáo cáo"),
            ("<p>Một</p><p>Hai</p>", "Một\nHai"),
            ("<ul><li>Sở A</li><li>Sở B</li></ul>", "- Sở A\n- Sở B"),
            (
                r#"<ul style="list-style-type: none"> - Sở A - Sở B </ul>"#,
                "- Sở A\n- Sở B",
            ),
            ("- Báo cáo - Kế hoạch", "- Báo cáo\n- Kế hoạch"),
            // Not a list: a dash inside a sentence stays.
            ("Hà Nội - Hải Phòng", "Hà Nội - Hải Phòng"),
            ("HĐND&amp;UBND&nbsp;phường &#7889;", "HĐND&UBND phường ố"),
            ("a &unknown; b & c", "a &unknown; b & c"),
            ("Việt<luong@x.vn>", "Việt<luong@x.vn>"),
            ("<b>Đậm</b> chữ", "Đậm chữ"),
            ("", ""),
        ] {
            assert_eq!(cell_text(raw), want, "{raw:?}");
        }
    }
}
