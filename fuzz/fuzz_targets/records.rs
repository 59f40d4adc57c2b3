//! A table read from the input (rows on lines, cells split by `|`) through
//! the records stage and every cell through the deadline parser.
#![no_main]

use kehoach::ocr::Rect;
use kehoach::tables::{CellText, PageTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut tables = Vec::new();
    // A blank line starts the next page's table, so stitching is exercised.
    for (p, block) in text.split("\n\n").take(4).enumerate() {
        let rows: Vec<Vec<&str>> = block
            .lines()
            .take(64)
            .map(|l| l.split('|').take(12).collect())
            .collect();
        let n_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if n_cols == 0 {
            continue;
        }
        let xs: Vec<f32> = (0..=n_cols)
            .map(|c| 40.0 + 500.0 * c as f32 / n_cols as f32)
            .collect();
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let y = 60.0 + 20.0 * r as f32;
                // The last cell of a short row spans the rest.
                let col_span = if c + 1 == row.len() { n_cols - c } else { 1 };
                cells.push(CellText {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span,
                    rect: Rect {
                        x0: xs[c],
                        y0: y,
                        x1: xs[c + col_span],
                        y1: y + 20.0,
                    },
                    text: cell.replace('\\', "\n"),
                    conf: 0.9,
                    raw: None,
                });
            }
        }
        tables.push(PageTable {
            page: p + 1,
            bbox: Rect {
                x0: xs[0],
                y0: 60.0,
                x1: xs[n_cols],
                y1: 60.0 + 20.0 * rows.len() as f32,
            },
            n_rows: rows.len(),
            n_cols,
            xs,
            cells,
        });
    }
    let (_tables, tasks, _warnings) = kehoach::records::build(&tables, Some(2026));
    for t in &tasks {
        assert!(!t.id.is_empty(), "task without id");
    }
    for line in text.lines().take(64) {
        let d = kehoach::deadline::parse(line, Some(2026));
        if let (Some(s), Some(e)) = (&d.start, &d.end) {
            assert!(s <= e, "deadline starts after it ends: {line:?} → {s}..{e}");
        }
    }
});
