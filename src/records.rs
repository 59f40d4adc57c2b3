//! Records stage: the tables read on every page in, the contract's `tables`
//! and `tasks` out.
//!
//! A table that continues on the next page (same columns, first on its
//! page) is stitched to the one before; a repeated header row is dropped; a
//! row whose number and unit cells are empty continues the task above.
//! Header cells map to column roles by folded keywords, in any order. Rows
//! become sections (Roman numeral, no units), groups (Arabic number, no
//! units) and tasks.

use crate::deadline;
use crate::export::{self, Cell, Deadline, Table, Task, TaskSource, Warning};
use crate::geometry::Rect;
use crate::tables::{ColumnHead, PageTable, MAX_HEADER_LINES};
use crate::text::{bare, clean, fold_ocr};
use crate::units::UNIT_SLIP_LENGTH;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Number,
    Content,
    LeadUnits,
    CooperatingUnits,
    /// Units that follow the task up: "Theo dõi, kiểm tra, đôn đốc".
    MonitoringUnits,
    Deliverable,
    Deadline,
    Notes,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Number => "number",
            Role::Content => "content",
            Role::LeadUnits => "lead_units",
            Role::CooperatingUnits => "cooperating_units",
            Role::MonitoringUnits => "monitoring_units",
            Role::Deliverable => "deliverable",
            Role::Deadline => "deadline",
            Role::Notes => "notes",
        }
    }

    /// Whether a column of this role makes its table a task table: lead
    /// units or deadlines (a list of units or a statistics table has
    /// neither).
    pub fn marks_tasks(self) -> bool {
        matches!(self, Role::LeadUnits | Role::Deadline)
    }

    /// Whether the column lists units.
    pub fn is_units(self) -> bool {
        matches!(
            self,
            Role::LeadUnits | Role::CooperatingUnits | Role::MonitoringUnits
        )
    }
}

/// The role of a header cell, from its folded text. Order matters: "Sản
/// phẩm dự kiến hoàn thành" is a deliverable, "Thời gian hoàn thành" a
/// deadline, "Cơ quan, đơn vị phối hợp" cooperating.
pub fn role_of(header: &str) -> Option<Role> {
    let f = fold_ocr(&clean(header));
    // Letters only, for headers whose word spaces OCR lost ("SITT", "Số TT").
    let letters: String = f.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let short_tt = letters.len() <= 5
        && letters.ends_with("tt")
        && (letters.len() == 2 || letters.starts_with('s'));
    // Keywords are matched on letters only, so "phốihợp" (spaces lost)
    // still reads as "phối hợp".
    let has = |k: &str| letters.contains(k);
    // A syllable no other header word has names its column alone, so an
    // OCR slip in the other ("phối hạ áp") loses nothing.
    let word = |k: &str| f.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w == k);
    Some(if short_tt || letters.starts_with("sothutu") {
        Role::Number
    } else if has("phoihop") || word("phoi") {
        Role::CooperatingUnits
    } else if has("chutri") || has("thuchienchinh") {
        Role::LeadUnits
    } else if has("theodoi") || has("dondoc") {
        // "Theo dõi, kiểm tra, đôn đốc", "Đơn vị theo dõi": who follows up.
        Role::MonitoringUnits
    } else if has("ghichu") {
        Role::Notes
    } else if has("sanpham") || has("ketqua") {
        Role::Deliverable
    } else if has("thoigian") || has("thoihan") || has("tiendo") || has("hoanthanh") {
        Role::Deadline
    } else if has("noidung")
        || has("nhiemvu")
        || has("congviec")
        || has("hoatdong")
        || has("giaiphap")
    {
        Role::Content
    } else {
        return None;
    })
}

/// Header rows of tables drawn without any rules, found by their words
/// (boxes and texts of a page, top to bottom): a band of at most
/// `MAX_HEADER_LINES` lines whose phrases, apart by gutters wider than
/// `word_gap`, each name a column ("TT", "Nhiệm vụ", "Cơ quan chủ trì",
/// "Thời hạn / hoàn thành"; see `header_phrase`) but one at most that is
/// unreadable, three roles or more,
/// among them a lead unit or a deadline; the band as deep as that holds.
/// Running text never qualifies: its words are a word space apart, one
/// phrase to a line; nor does a body row (its label, dates or long texts).
/// Returns, for each header, its top, the line under it and the table's
/// width: the header's and the words' below it, and a gutter more.
pub fn find_headers(words: &[(Rect, &str)], word_gap: f32) -> Vec<FoundHeader> {
    // Marks without a letter or digit ("-", "ˆ", ".") are what a scan's
    // specks read as, not words of a header. ("ˆ" and its kin are
    // modifier letters to Unicode: no letters of a word.)
    // A character narrower than a fifth of its height is a stroke read as
    // one (a speck or a rule's remnant as "2", "1", "l"): glyphs are wider.
    let stroke = |w: &(Rect, &str)| w.1.chars().count() == 1 && w.0.width() < STROKE * w.0.height();
    let mut sorted: Vec<&(Rect, &str)> = words
        .iter()
        .filter(|w| w.1.chars().any(crate::text::word_char) && !stroke(w))
        .collect();
    sorted.sort_by(|a, b| a.0.center_y().total_cmp(&b.0.center_y()));
    let Some(height) = crate::tables::median(sorted.iter().map(|w| w.0.height()).collect()) else {
        return Vec::new();
    };
    // A word box over two lines high was read across lines (a narrow
    // column's "Số / TT / I" as one garbled word): no line's word, and
    // its bottom would take the next row into the header.
    sorted.retain(|w| w.0.height() <= ACROSS_LINES * height);
    // Lines: words whose centres lie within half a line of the first's.
    let mut lines: Vec<Vec<&(Rect, &str)>> = Vec::new();
    for w in sorted {
        match lines.last_mut() {
            Some(l) if w.0.center_y() - l[0].0.center_y() <= 0.5 * height => l.push(w),
            _ => lines.push(vec![w]),
        }
    }
    let space = widest_word_space(&lines, height).unwrap_or(word_gap);
    let bottom = |l: &[&(Rect, &str)]| l.iter().map(|w| w.0.y1).fold(f32::MIN, f32::max);
    let top = |l: &[&(Rect, &str)]| l.iter().map(|w| w.0.y0).fold(f32::MAX, f32::min);
    let header = |band: &[Vec<&(Rect, &str)>]| {
        // Phrases: words of the band whose x-extents meet, across lines.
        let mut ws: Vec<(usize, &(Rect, &str))> = band
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.iter().map(move |w| (i, *w)))
            .collect();
        ws.sort_by(|a, b| a.1 .0.x0.total_cmp(&b.1 .0.x0));
        // Each phrase: its right edge and its words with their line.
        type Phrase<'a> = (f32, Vec<(usize, &'a (Rect, &'a str))>);
        let mut phrases: Vec<Phrase> = Vec::new();
        for w in ws {
            match phrases.last_mut() {
                Some((x1, p)) if w.1 .0.x0 <= *x1 + word_gap => {
                    *x1 = x1.max(w.1 .0.x1);
                    p.push(w);
                }
                _ => phrases.push((w.1 .0.x1, vec![w])),
            }
        }
        let (mut roles, mut unread) = (Vec::new(), 0);
        let Some(phrases) = join_split_phrases(phrases, space) else {
            return false;
        };
        // Lines holding a word of a phrase that names a column, or of
        // one that started on a line above (a garbled cell's last line).
        let mut naming = vec![false; band.len()];
        for p in phrases {
            if !one_cell(&p, height) {
                return false;
            }
            let text: Vec<&str> = p.iter().map(|w| w.1 .1).collect();
            match header_phrase(&text) {
                HeaderPhrase::Names(r) if !roles.contains(&r) => {
                    roles.push(r);
                    p.iter().for_each(|w| naming[w.0] = true);
                }
                HeaderPhrase::Unread => {
                    unread += 1;
                    let first = p.iter().map(|w| w.0).min();
                    p.iter()
                        .filter(|w| Some(w.0) != first)
                        .for_each(|w| naming[w.0] = true);
                }
                _ => return false,
            }
        }
        // One cell a degraded scan garbled ("đoàn" for "hoàn") does not
        // unmake a header the others name; but a line whose phrases all
        // start on it and name nothing is no header line (a capitals
        // heading of the first row, clear of the header's words, would
        // pass for that garbled cell and take the rule under itself).
        roles.len() >= 3
            && unread <= 1
            && roles.iter().any(|r| r.marks_tasks())
            && naming.iter().all(|&n| n)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // The widest band starting here that reads as a header; its lines
        // no further apart than a blank line.
        let mut k = 0;
        for n in 1..=MAX_HEADER_LINES.min(lines.len() - i) {
            if n > 1 && top(&lines[i + n - 1]) - bottom(&lines[i + n - 2]) > height {
                break;
            }
            if header(&lines[i..i + n]) {
                k = n;
            }
        }
        if k == 0 {
            i += 1;
            continue;
        }
        let under = bottom(&lines[i + k - 1]);
        let next = lines.get(i + k).map_or(under + height, |l| top(l));
        let width = lines[i..]
            .iter()
            .flatten()
            .fold((f32::MAX, f32::MIN), |(a, b), w| {
                (a.min(w.0.x0), b.max(w.0.x1))
            });
        // A gutter beyond the outer words: cells are read inside their
        // edges.
        out.push(FoundHeader {
            top: top(&lines[i]),
            under: under + (next - under).clamp(0.0, height) / 2.0,
            x0: width.0 - word_gap,
            x1: width.1 + word_gap,
        });
        i += k;
    }
    out
}

/// A table header found by its words ([`find_headers`]), in the words'
/// coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundHeader {
    /// The top of its first line.
    pub top: f32,
    /// Where a rule under it lies: halfway to the first row.
    pub under: f32,
    /// The table's width, from its words.
    pub x0: f32,
    pub x1: f32,
}

/// Word boxes taller than this many times the page's middle word were
/// read across lines.
const ACROSS_LINES: f32 = 2.0;

/// How far a justified or bold line stretches its word spaces, at most:
/// a gutter between columns is wider.
const WORD_SPACE_STRETCH: f32 = 1.8;

/// The widest gap between two words of a line that is still a word space
/// on this page: the page's usual word space (the median gap between
/// neighbours on a line, most of which are word spaces) stretched as far
/// as justified or bold type stretches it. `None` on a page of no lines.
fn widest_word_space(lines: &[Vec<&(Rect, &str)>], height: f32) -> Option<f32> {
    let mut gaps = Vec::new();
    for line in lines {
        let mut xs: Vec<(f32, f32)> = line.iter().map(|w| (w.0.x0, w.0.x1)).collect();
        xs.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Gutters wider than two lines are high are no word spaces.
        gaps.extend(
            xs.windows(2)
                .map(|p| p[1].0 - p[0].1)
                .filter(|&g| g > 0.0 && g < 2.0 * height),
        );
    }
    crate::tables::median(gaps).map(|g| g * WORD_SPACE_STRETCH)
}

/// Whether the words of a phrase, stacked, can be one header cell: none
/// further below the ones above it than a line is high. A first row's
/// words under a header cell ("Nội dung" … "Cập nhật, chỉnh lý") stand
/// a blank line or more below it, across the lines of taller cells.
fn one_cell(words: &[BandWord], height: f32) -> bool {
    let mut ys: Vec<(f32, f32)> = words.iter().map(|w| (w.1 .0.y0, w.1 .0.y1)).collect();
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bottom = f32::MIN;
    for (y0, y1) in ys {
        if bottom > f32::MIN && y0 - bottom > height {
            return false;
        }
        bottom = bottom.max(y1);
    }
    true
}

/// A word of a band of lines: its line and its box and text.
type BandWord<'a> = (usize, &'a (Rect, &'a str));

/// Phrases of a header band, left to right (each its right edge and its
/// words with their line), each in reading order: line by line, left to
/// right. A gap between two words of one line no wider than `space` is a
/// word space, not a gutter: a phrase naming no column, or the same column
/// as its right neighbour, joins it across one when together they name
/// that column (a wide space in bold splits "Nội | dung", "Đơn | vị chủ
/// trì", "Kết quả, | sản phẩm"; no header names one column twice). Two
/// phrases a word space apart that name two columns are running text
/// (a justified line "… cụ thể, đơn vị | chủ trì, đơn vị | phối hợp …"),
/// not a header: `None`.
fn join_split_phrases<'a>(
    phrases: Vec<(f32, Vec<BandWord<'a>>)>,
    space: f32,
) -> Option<Vec<Vec<BandWord<'a>>>> {
    let ordered = |mut p: Vec<BandWord<'a>>| {
        p.sort_by(|a, b| a.0.cmp(&b.0).then(a.1 .0.x0.total_cmp(&b.1 .0.x0)));
        p
    };
    let read = |p: &[BandWord<'a>]| {
        header_phrase(
            &ordered(p.to_vec())
                .iter()
                .map(|w| w.1 .1)
                .collect::<Vec<_>>(),
        )
    };
    // A word space: between the right word of one and the left word of
    // the other, on one line.
    let word_space = |a: &[BandWord<'a>], b: &[BandWord<'a>]| {
        let right = a.iter().max_by(|u, v| u.1 .0.x1.total_cmp(&v.1 .0.x1));
        let left = b.iter().min_by(|u, v| u.1 .0.x0.total_cmp(&v.1 .0.x0));
        match (right, left) {
            (Some(r), Some(l)) => r.0 == l.0 && l.1 .0.x0 - r.1 .0.x1 <= space,
            _ => false,
        }
    };
    let names = |p: &[BandWord<'a>]| matches!(read(p), HeaderPhrase::Names(_));
    // Pieces join left to right, again until none does: a cell's words
    // may be split more than once ("Nội dung | nhiệm | vụ" joins as "Nội
    // dung | nhiệm vụ", then as one).
    let mut out = phrases;
    loop {
        let before = out.len();
        let mut joined_out: Vec<(f32, Vec<BandWord<'a>>)> = Vec::with_capacity(before);
        for (x1, p) in out {
            if let Some((last_x1, last)) = joined_out.last_mut() {
                let joined: Vec<_> = last.iter().chain(&p).copied().collect();
                let (first, whole) = (read(last), read(&joined));
                let split = first == HeaderPhrase::Unread || (first == read(&p) && whole == first);
                if word_space(last, &p) && split && matches!(whole, HeaderPhrase::Names(_)) {
                    *last_x1 = last_x1.max(x1);
                    *last = joined;
                    continue;
                }
            }
            joined_out.push((x1, p));
        }
        out = joined_out;
        if out.len() == before {
            break;
        }
    }
    if out
        .windows(2)
        .any(|w| word_space(&w[0].1, &w[1].1) && names(&w[0].1) && names(&w[1].1))
    {
        return None;
    }
    Some(out.into_iter().map(|(_, p)| ordered(p)).collect())
}

/// The role a phrase of a header without rules names, if it can be one:
/// ten words at most, each of two letters or more, without digits (a row
/// label, "1", "I", "|", a date or a long text below is no header), in one
/// case (a capitals heading under a header in small letters, or the
/// reverse, is not; short words such as "TT", "Số" go either way).
fn header_phrase(words: &[&str]) -> HeaderPhrase {
    let body = words.iter().any(|t| {
        t.contains(|c: char| c.is_ascii_digit())
            || t.chars().filter(|c| c.is_alphanumeric()).count() < 2
    });
    let caps = |t: &&str| {
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        (letters.len() >= 4).then(|| letters.iter().all(|c| c.is_uppercase()))
    };
    let cases: Vec<bool> = words.iter().filter_map(caps).collect();
    let mixed = cases.contains(&true) && cases.contains(&false);
    if body || mixed || words.len() > MAX_HEADER_WORDS {
        return HeaderPhrase::Not;
    }
    role_of(&words.join(" ")).map_or(HeaderPhrase::Unread, HeaderPhrase::Names)
}

/// What a phrase of a band of words says of it as a header.
#[derive(Debug, Clone, Copy, PartialEq)]
enum HeaderPhrase {
    /// It names a column.
    Names(Role),
    /// Words a header cell may hold, naming no column.
    Unread,
    /// A row label, a date, a long text: not a header.
    Not,
}

/// A one-character word narrower than this part of its height is a stroke
/// ([`find_headers`]).
const STROKE: f32 = 0.2;

/// Most words a column header has ("Sản phẩm dự kiến hoàn thành", "Cơ
/// quan, đơn vị phối hợp thực hiện").
const MAX_HEADER_WORDS: usize = 10;

/// One row of a stitched table.
#[derive(Debug, Clone)]
struct Row {
    page: usize,
    cells: Vec<String>,
    /// Each column's cell box and confidence where the row has a cell
    /// starting there (not under a span).
    boxes: Vec<Option<(Rect, f32, Option<String>)>>,
    /// Columns each cell starting in this row spans (0 where none starts).
    spans: Vec<usize>,
    /// Positions covered by a cell merged down from a row above.
    merged: Vec<bool>,
    conf: f32,
    bbox: Rect,
}

#[derive(Debug)]
struct Logical {
    page_start: usize,
    page_end: usize,
    xs: Vec<f32>,
    rows: Vec<Row>,
}

fn dense_rows(t: &PageTable) -> Vec<Row> {
    let mut merged = vec![vec![false; t.n_cols]; t.n_rows];
    for c in t.cells.iter().filter(|c| c.row_span > 1) {
        for row in merged.iter_mut().take(c.row + c.row_span).skip(c.row + 1) {
            for m in row.iter_mut().skip(c.col).take(c.col_span) {
                *m = true;
            }
        }
    }
    t.rows()
        .into_iter()
        .zip(merged)
        .map(|(cells, merged)| {
            let mut texts = vec![String::new(); t.n_cols];
            let mut boxes = vec![None; t.n_cols];
            let mut spans = vec![0; t.n_cols];
            let mut conf: f32 = 1.0;
            let mut bbox: Option<Rect> = None;
            for c in cells {
                texts[c.col] = c.text.clone();
                boxes[c.col] = Some((c.rect, c.conf, c.raw.clone()));
                spans[c.col] = c.col_span;
                conf = conf.min(c.conf);
                bbox = Some(bbox.map_or(c.rect, |b| b.union(&c.rect)));
            }
            Row {
                page: t.page,
                cells: texts,
                boxes,
                spans,
                merged,
                conf,
                bbox: bbox.unwrap_or_default(),
            }
        })
        .collect()
}

/// A row's cells as a task reads them: a cell merged across several unit
/// columns ("Theo phân công tại Quyết định …" under both "Chủ trì" and
/// "Phối hợp") names the units of each of them.
fn task_cells(r: &Row, roles: &[Option<Role>]) -> Vec<String> {
    let mut cells = r.cells.clone();
    for (c, &span) in r.spans.iter().enumerate() {
        if !roles[c].is_some_and(Role::is_units) {
            continue;
        }
        for d in c + 1..(c + span).min(cells.len()) {
            if roles[d].is_some_and(Role::is_units) {
                cells[d] = r.cells[c].clone();
            }
        }
    }
    cells
}

/// A row of column numbers under the header ("(1) (2) … (5)", or "1 2 3
/// 4 5"): at least three cells, each a number, rising left to right.
fn column_numbers(r: &Row) -> bool {
    let nums: Vec<Option<u32>> = r
        .cells
        .iter()
        .map(|c| clean(c))
        .filter(|c| !c.is_empty())
        .map(|c| c.trim_start_matches('(').trim_end_matches(')').parse().ok())
        .collect();
    nums.len() >= 3 && nums.iter().all(Option::is_some) && nums.windows(2).all(|w| w[0] < w[1])
}

/// Whether two pages' tables have the same columns: boundaries within 12
/// pt, the outer two within 36 (a table without rules ends where its
/// widest text on the page does).
fn same_columns(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && b.iter().enumerate().all(|(i, &x)| near_boundary(a, i, x))
}

/// Whether `x` is where the table's boundary `i` (of `xs`) is: within 12
/// points inside, 36 at its outer edges (a table's sides drift most).
fn near_boundary(xs: &[f32], i: usize, x: f32) -> bool {
    let slack = if i == 0 || i + 1 == xs.len() {
        36.0
    } else {
        12.0
    };
    (xs[i] - x).abs() <= slack
}

/// Where a page's column boundaries (`page`, two columns or more, fewer
/// than the open table's) run along the open table's (`open`), each
/// within the slack of [`same_columns`]: the first of its columns.
fn columns_within(open: &[f32], page: &[f32]) -> Option<usize> {
    let (n, m) = (open.len(), page.len());
    if m < 3 || m >= n {
        return None;
    }
    (0..=n - m).find(|&k| {
        page.iter()
            .enumerate()
            .all(|(j, &x)| near_boundary(open, k + j, x))
    })
}

/// The open table's column (of `open`'s boundaries) under each of a
/// page's columns (`page`, fewer), by the column's middle: `None` unless
/// each falls in another column, left to right.
fn columns_under(open: &[f32], page: &[f32]) -> Option<Vec<usize>> {
    if page.len() < 3 || page.len() >= open.len() {
        return None;
    }
    let cols: Vec<usize> = page
        .windows(2)
        .map(|w| {
            let mid = (w[0] + w[1]) / 2.0;
            open.windows(2).position(|o| o[0] <= mid && mid < o[1])
        })
        .collect::<Option<_>>()?;
    cols.windows(2).all(|p| p[0] < p[1]).then_some(cols)
}

/// A page's columns and rows without a false column, when the page has
/// one column more than the open table (`open`'s boundaries) and dropping
/// one boundary gives the table's columns: a streak beside a rule on a
/// JPEG, or the gap between a wrapped header's words ("Cơ quan chủ" /
/// "trì") where the columns are placed by their text, split one of the
/// table's columns in two. The false column holds nothing below the
/// page's first row; the first row's text in it (a repeated header's
/// last word) joins its neighbour's across the dropped boundary.
fn without_false_column(open: &[f32], xs: &[f32], rows: &[Row]) -> Option<(Vec<f32>, Vec<Row>)> {
    if xs.len() != open.len() + 1 || rows.len() < 2 {
        return None;
    }
    let clear = |j: usize| {
        let spans = rows.iter().all(|r| r.spans[j] <= 1 && !r.merged[j]);
        spans && rows[1..].iter().all(|r| r.cells[j].trim().is_empty())
    };
    let (j, b, fewer) = (0..xs.len() - 1).filter(|&j| clear(j)).find_map(|j| {
        // Boundary `b` goes: column j joins the one on that side.
        [j, j + 1].into_iter().find_map(|b| {
            let mut fewer = xs.to_vec();
            fewer.remove(b);
            let inner = b > 0 && b < xs.len() - 1;
            (inner && same_columns(open, &fewer)).then_some((j, b, fewer))
        })
    })?;
    let into = if b == j { j - 1 } else { j + 1 };
    let rows = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let text = std::mem::take(&mut r.cells[j]);
            let text = text.trim();
            if !text.is_empty() {
                let other = r.cells[into].trim();
                r.cells[into] = match (into < j, other.is_empty()) {
                    (_, true) => text.to_string(),
                    (true, false) => format!("{other} {text}"),
                    (false, false) => format!("{text} {other}"),
                };
                if r.boxes[into].is_none() {
                    r.boxes[into] = r.boxes[j].take();
                }
            }
            r.cells.remove(j);
            r.boxes.remove(j);
            r.merged.remove(j);
            r.spans.remove(j);
            // A cell spanning over the dropped column spans one fewer.
            for k in 0..j {
                if r.spans[k] > j - k {
                    r.spans[k] -= 1;
                }
            }
            r
        })
        .collect();
    Some((fewer, rows))
}

/// A page placed under the open table whose first column starts inside
/// the table's number column (`open_xs`' first) and reaches past it: the
/// page read the number column and the next as one (a page of one or two
/// rows leaves the gutter between them too short to part). Where the
/// table's rows put labels in that column and the page's put nothing,
/// a label opening a row's first cell ("2 Niêm yết …", "II CẢI CÁCH …")
/// is that row's number.
fn labels_apart(open_rows: &[Row], open_xs: &[f32], page_xs: &[f32], rows: &mut [Row]) {
    let (Some(&x0), Some(&x1)) = (page_xs.first(), page_xs.get(1)) else {
        return;
    };
    if open_xs.len() < 3 || !(x0 < open_xs[1] && near_boundary(open_xs, 2, x1)) {
        return;
    }
    let is_label = |t: &str| {
        roman(t).is_some() || label_digits(t).is_some_and(|d| d == t.trim_end_matches(['.', ')']))
    };
    let labelled = open_rows.iter().filter(|r| is_label(&r.cells[0])).count();
    let numbers_only = open_rows
        .iter()
        .skip(1)
        .all(|r| r.cells[0].trim().is_empty() || is_label(&r.cells[0]));
    // Placed by its middle under either column; the other is empty.
    let empty = |j: usize| rows.iter().all(|r| r.cells[j].trim().is_empty());
    let Some(at) = [1, 0].into_iter().find(|&j| empty(1 - j)) else {
        return;
    };
    if labelled < 2 || !numbers_only {
        return;
    }
    for r in rows.iter_mut() {
        let text = r.cells[at].trim_start().to_string();
        let Some((first, rest)) = text.split_once(char::is_whitespace) else {
            continue;
        };
        if is_label(first) && !rest.trim().is_empty() {
            r.cells[0] = first.to_string();
            r.cells[1] = rest.trim_start().to_string();
        }
    }
}

/// Rows of a page set under the open table's `n` columns, page column `j`
/// under `cols[j]`; the columns they lack empty.
fn widen(rows: Vec<Row>, cols: &[usize], n: usize) -> Vec<Row> {
    fn place<T: Clone>(v: Vec<T>, cols: &[usize], n: usize, empty: T) -> Vec<T> {
        let mut out = vec![empty; n];
        for (j, x) in v.into_iter().enumerate() {
            out[cols[j]] = x;
        }
        out
    }
    rows.into_iter()
        .map(|r| Row {
            cells: place(r.cells, cols, n, String::new()),
            boxes: place(r.boxes, cols, n, None),
            spans: place(r.spans, cols, n, 0),
            merged: place(r.merged, cols, n, false),
            ..r
        })
        .collect()
}

/// A text's letters and digits, folded: what survives OCR noise.
fn text_key(s: &str) -> Vec<char> {
    fold_ocr(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Edit distance between two keys over the longer length: a header
/// repeated on the next page reads a little differently on a noisy scan.
fn key_distance(a: &[char], b: &[char]) -> f32 {
    crate::text::edit_distance(a, b) as f32 / a.len().max(b.len()).max(1) as f32
}

/// How far two rows read apart, cell by cell in order.
fn row_distance(a: &Row, b: &Row) -> f32 {
    let key = |r: &Row| -> Vec<char> { r.cells.iter().flat_map(|c| text_key(c)).collect() };
    key_distance(&key(a), &key(b))
}

/// How many of a page's first `rows` repeat the table's `header`: its
/// first row, or its first two read as one (a scan's speck or a JPEG's
/// edge taken for a rule across the header splits its two-line names:
/// "Đơn vị" over "chủ trì thực hiện"); none when neither does.
fn header_rows(header: &Row, rows: &[Row]) -> usize {
    let repeats = |r: &Row| row_distance(r, header) <= REPEATED_HEADER;
    match rows {
        [first, ..] if repeats(first) => 1,
        [first, second, ..] if first.cells.len() == second.cells.len() => {
            let mut joined = first.clone();
            for (c, s) in joined.cells.iter_mut().zip(&second.cells) {
                c.push(' ');
                c.push_str(s);
            }
            2 * usize::from(repeats(&joined))
        }
        _ => 0,
    }
}

/// Rows this similar to the table's header are its repetition.
const REPEATED_HEADER: f32 = 0.25;

/// A header repeated over the tail of a row split by the page break, read
/// as one row where no rule parts them (a table without rules): each cell
/// of `row` holds the `header`'s cell, some of them words after it. Those
/// words are the tail, returned as a row of their own.
fn header_over_tail(header: &Row, row: &Row) -> Option<Row> {
    if header.cells.len() != row.cells.len() {
        return None;
    }
    let header_words: Vec<String> = header
        .cells
        .iter()
        .flat_map(|c| c.split_whitespace().map(fold_ocr))
        .collect();
    let mut tail = row.clone();
    let mut extra = false;
    for (h, (r, t)) in header
        .cells
        .iter()
        .zip(row.cells.iter().zip(&mut tail.cells))
    {
        let words: Vec<&str> = r.split_whitespace().collect();
        let n = h.split_whitespace().count();
        if words.len() < n {
            return None;
        }
        if key_distance(&text_key(h), &text_key(&words[..n].join(" "))) > REPEATED_HEADER {
            return None;
        }
        // Specks after a header word ("Thời hạn '") are no tail, nor
        // header words read in the cell beside theirs ("thành").
        let rest = &words[n..];
        let worded = rest.iter().any(|w| {
            w.chars().filter(|c| c.is_alphanumeric()).count() >= 2
                && !header_words.contains(&fold_ocr(w))
        });
        *t = if worded {
            rest.join(" ")
        } else {
            String::new()
        };
        extra |= worded;
    }
    // The header's first cell (the number's) stands alone: a tail never
    // has a label.
    (extra && tail.cells.first().is_some_and(String::is_empty)).then_some(tail)
}

/// Stitch page tables into logical tables.
fn stitch(tables: &[PageTable]) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    let mut first_on_page = true;
    let mut last_page = 0;
    for t in tables {
        if t.page != last_page {
            first_on_page = true;
            last_page = t.page;
        }
        let mut rows = dense_rows(t);
        let mut xs = t.xs.clone();
        // A page with fewer columns than the open table (an outer column's
        // rule lost, or a table without rules placed by a few rows, its
        // empty number column unseen) has its columns under the open
        // table's by their middles: read so, it continues the table when
        // its boundaries run along the table's or it repeats the header.
        let open = out
            .last()
            .filter(|l| first_on_page && l.page_end + 1 == t.page);
        if let Some((fewer, r)) = open.and_then(|l| without_false_column(&l.xs, &xs, &rows)) {
            (xs, rows) = (fewer, r);
        }
        let under = open.and_then(|l| {
            let cols = columns_under(&l.xs, &xs)?;
            let placed = widen(rows.clone(), &cols, l.xs.len() - 1);
            let aligned = columns_within(&l.xs, &xs).is_some();
            let repeats = l.rows.first().is_some_and(|h| header_rows(h, &placed) > 0);
            (aligned || repeats).then_some(placed)
        });
        let placed = under.is_some();
        if let Some(p) = under {
            rows = p;
            if let Some(l) = open {
                labels_apart(&l.rows, &l.xs, &xs, &mut rows);
            }
        }
        // How many of this page's first rows repeat the open table's header.
        let repeated = out
            .last()
            .and_then(|l| l.rows.first())
            .map_or(0, |h| header_rows(h, &rows));
        // The same columns, or the header repeated over as many columns:
        // a page holding a few rows places a table without rules by them
        // alone, and its boundaries drift from the first page's.
        let continues = first_on_page
            && out.last().is_some_and(|l| {
                l.page_end + 1 == t.page
                    && (same_columns(&l.xs, &xs)
                        || placed
                        || l.xs.len() == xs.len() && repeated > 0)
            });
        first_on_page = false;
        if continues {
            let l = out.last_mut().expect("checked");
            let tail = match (l.rows.first(), rows.first()) {
                (Some(h), Some(r)) => header_over_tail(h, r),
                _ => None,
            };
            let skip = if tail.is_some() { 1 } else { repeated };
            l.rows.extend(tail);
            l.rows.extend(rows.into_iter().skip(skip));
            l.page_end = t.page;
        } else {
            out.push(Logical {
                page_start: t.page,
                page_end: t.page,
                xs,
                rows,
            });
        }
    }
    out
}

pub use crate::tables::UNREAD_LABEL;

/// What a header cell's text says of its column, for reading a grid's
/// cells (`tables::read_cells`).
pub fn heading_of(text: &str) -> ColumnHead {
    match role_of(text) {
        None => ColumnHead::Unnamed,
        Some(Role::Number) => ColumnHead::Number,
        Some(r) if r.marks_tasks() => ColumnHead::Tasks,
        Some(_) => ColumnHead::Other,
    }
}

/// Undo the classic confusions of a row label that the label pass may
/// still leave: "|" or "l" for "I", "H" for "II".
fn label(s: &str) -> String {
    let t = clean(s);
    match t.as_str() {
        "|" | "l" | "1|" => "I".into(),
        "H" | "Il" | "lI" | "ll" => "II".into(),
        "Ill" | "IIl" | "lll" => "III".into(),
        _ => t,
    }
}

/// A task's number as it fits between the number before it and the
/// labels of the rows after it (`next`, in order): a label that breaks the
/// run where the next label that reads as a number carries it on ("2",
/// "4", "4"; "6", "1", "?", "9") was misread, and is the one the run skips
/// ("3"; "7"). A gap the document itself has ("2", "4", "5") is left as
/// printed; a section's label after it ends the look.
fn in_sequence(num: &str, last: Option<u32>, next: &[String]) -> String {
    let value = |s: &str| s.trim_end_matches(['.', ')']).parse::<u32>().ok();
    let (Some(l), Some(n)) = (last, value(num)) else {
        return num.to_string();
    };
    let carried = next
        .iter()
        .take(SEQUENCE_LOOKAHEAD)
        .take_while(|s| roman(s).is_none())
        .enumerate()
        .find_map(|(d, s)| value(s).map(|x| x == l + 2 + d as u32));
    if n == l + 1 || carried != Some(true) {
        return num.to_string();
    }
    format!(
        "{}{}",
        l + 1,
        num.trim_start_matches(|c: char| c.is_ascii_digit())
    )
}

/// How many labelled rows after a task's [`in_sequence`] looks at.
const SEQUENCE_LOOKAHEAD: usize = 3;

/// The number a single-level label whose strokes OCR read as letters
/// stands for ("L" or "I" for 1, "l2" for 12): its digits
/// ([`label_digits`]) when they are the number `expected` next.
fn stroke_digits(num: &str, expected: &[u32]) -> Option<String> {
    let d = label_digits(num)?;
    let n: u32 = d.parse().ok()?;
    (d != num.trim_end_matches(['.', ')']) && expected.contains(&n)).then_some(d)
}

/// A task label with the shapes OCR gives digits and stops put back
/// ("L.I", "li", "1..1", "2,1"): letters that are strokes read as 1, "O"
/// as 0, a comma or a doubled stop as one stop; a closing stop or bracket
/// and spaces dropped. `None` when something else is left.
fn label_digits(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.trim().trim_end_matches(['.', ')', ' ']).chars() {
        let d = match c {
            '0'..='9' => c,
            'I' | 'l' | 'L' | 'i' | '|' | '!' | ']' | '[' | 'j' => '1',
            'O' | 'o' => '0',
            '.' | ',' => '.',
            ' ' => continue,
            _ => return None,
        };
        if !(d == '.' && out.ends_with('.')) {
            out.push(d);
        }
    }
    out.starts_with(|c: char| c.is_ascii_digit()).then_some(out)
}

/// How a table prints its task labels: whether one has two levels
/// ("2.1"), and whether its numbers are bare ("7": three at least, and
/// at most one in five with a closing stop or bracket).
fn label_style(l: &Logical, number_col: Option<usize>) -> (bool, bool) {
    let labels: Vec<String> = l
        .rows
        .iter()
        .skip(1)
        .map(|r| label(get(r, number_col)))
        .collect();
    let two_level = labels
        .iter()
        .any(|t| label_digits(t).as_deref().and_then(two_parts).is_some());
    let single: Vec<&String> = labels
        .iter()
        .filter(|t| arabic(t).is_some_and(|a| !a.contains('.')))
        .collect();
    let closed = single.iter().filter(|t| t.ends_with(['.', ')'])).count();
    let bare = single.len() - closed;
    (two_level, bare >= 3 && closed * 4 <= bare)
}

/// "a.b" as numbers.
fn two_parts(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.trim_end_matches('.').split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The two-level number ("2.1") a task's label stands for where the table
/// numbers its tasks under their groups: the one after `last` ("1.3" after
/// "1.2"), or the first under the group `group` (`first` under it) or
/// after it, when the label read is a reading OCR makes of it — its stop
/// lost ("21"), read as a digit ("241") or doubled, strokes read as
/// letters ("L.I", "li"), its second part lost ("1" for "1.1"), a digit
/// too many ("34.1" under group 3) — or was unreadable (`UNREAD_LABEL`).
/// A label the run does not explain is left as printed.
///
/// Where no label of the table has shown the two levels yet (`sure`
/// false), only a stop read as another character makes it so ("241"
/// under group 2): a number that long is no task's of one group.
fn two_level_label(
    num: &str,
    last: Option<&str>,
    group: Option<&str>,
    first: bool,
    sure: bool,
) -> Option<String> {
    let g = group.and_then(|g| g.trim_end_matches('.').parse::<u32>().ok());
    let mut next = next_two_level(last, g, first);
    if num == UNREAD_LABEL {
        return (sure && next.len() == 1).then(|| next.remove(0));
    }
    let read = label_digits(num)?;
    let stop_misread = |want: &String| {
        let (w, r): (Vec<char>, Vec<char>) = (want.chars().collect(), read.chars().collect());
        w.len() == r.len() && w.len() >= 3 && w.iter().zip(&r).all(|(a, b)| a == b || *a == '.')
    };
    if !sure {
        return only(next.into_iter().filter(stop_misread));
    }
    if two_parts(&read).is_some_and(|(a, _)| Some(a) == g) && next.contains(&read) {
        return Some(read);
    }
    let fits = |want: &String| {
        let (w, r): (Vec<char>, Vec<char>) = (want.chars().collect(), read.chars().collect());
        read == *want
            || read == want.replace('.', "")
            || stop_misread(want)
            || (Some(read.as_str()) == want.split('.').next())
            || (read.contains('.')
                && two_parts(&read).is_none_or(|(a, _)| Some(a) != g)
                && one_more(&r, &w))
    };
    only(next.into_iter().filter(fits))
}

/// The two-level numbers that may come next after the label `last`
/// under the group numbered `g` (`first`: no task under it yet).
fn next_two_level(last: Option<&str>, g: Option<u32>, first: bool) -> Vec<String> {
    match (last.and_then(two_parts), g) {
        (Some((a, b)), Some(g)) if a == g && !first => vec![format!("{a}.{}", b + 1)],
        (_, Some(g)) => vec![format!("{g}.1")],
        (Some((a, b)), None) => vec![format!("{a}.{}", b + 1), format!("{}.1", a + 1)],
        (None, None) => Vec::new(),
    }
}

/// The one item of `it`; `None` for none or several.
fn only<T>(mut it: impl Iterator<Item = T>) -> Option<T> {
    let one = it.next()?;
    it.next().is_none().then_some(one)
}

/// Whether `long` is `short` with one character more.
fn one_more(long: &[char], short: &[char]) -> bool {
    long.len() == short.len() + 1
        && (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..])
}

/// Is this a Roman numeral section label ("I", "II.", "IV")?
fn roman(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches(['.', ')']);
    roman_value(t).map(|_| t.to_string())
}

/// Roman units 0–9; tens are "X" repeated.
const ROMAN_UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];

/// The value of a Roman numeral up to 39 ("XXXIX").
fn roman_value(s: &str) -> Option<u32> {
    let tens = s.chars().take_while(|&c| c == 'X').count();
    let units = ROMAN_UNITS.iter().position(|n| *n == &s[tens..])?;
    (tens <= 3 && tens + units > 0).then_some((tens * 10 + units) as u32)
}

fn to_roman(n: u32) -> String {
    "X".repeat((n / 10) as usize) + ROMAN_UNITS[(n % 10) as usize]
}

/// A damaged reading of a Roman label: strokes OCR takes for "1", "l",
/// "|", "i", "!" are "I"; "v" is "V"; punctuation and dust are dropped.
fn roman_lookalike(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'I' | '1' | 'l' | '|' | 'i' | '!' | 'L' | 'j' | 't' | '[' | ']' => out.push('I'),
            'H' => out.push_str("II"),
            'V' | 'v' | 'y' => out.push('V'),
            'X' | 'x' => out.push('X'),
            '.' | ',' | ')' | ' ' | '_' | '-' | '—' | '\'' | '"' | '`' => {}
            _ => return None,
        }
    }
    roman_value(&out).map(|_| out)
}

/// A row with a label and content only: which heading it opens, given the
/// section it follows and the last number seen under it. A clean reading
/// decides; a damaged one ("1" or "11" for "II", "IL") is a section only
/// when it reads as the next section and not as the next number. A row
/// whose label was lost or unread is a section when the rows after it
/// number from 1 again in a table of sections; one whose label was unread
/// is a group when tasks without numbers follow it. Where section titles
/// are in capitals and group titles are not (`caps_marks_sections`), a
/// title in capitals is a section whatever its label reads as; sections
/// never go back, so a clean Roman label that would ("I" after "II", a
/// "1" in serif capitals) is a group's number.
#[allow(clippy::too_many_arguments)]
fn heading(
    num: &str,
    section: Option<&str>,
    last_number: Option<u32>,
    caps: bool,
    caps_marks_sections: bool,
    table_has_sections: bool,
    direct_tasks: bool,
    next: NextRow,
) -> Option<Heading> {
    let next_section = section_after(section);
    let next_number = last_number.unwrap_or(0) + 1;
    let as_number = arabic(num).and_then(|n| n.parse::<u32>().ok());
    let as_roman = roman(num).or_else(|| roman_lookalike(num));
    let is_next_section = as_roman.as_deref() == Some(next_section.as_str());
    let is_next_number = as_number == Some(next_number);
    let goes_back = |r: &str| {
        let current = section.and_then(roman_value);
        current.is_some_and(|s| roman_value(r).is_some_and(|v| v <= s))
    };
    match (is_next_section, is_next_number) {
        (true, true) if caps || table_has_sections => Some(Heading::Section(next_section)),
        (true, false) => Some(Heading::Section(next_section)),
        (false, true) if caps && caps_marks_sections => Some(Heading::Section(next_section)),
        (_, true) => Some(Heading::Group(next_number.to_string())),
        (false, false) => {
            if let Some(r) = roman(num) {
                // A section's label never repeats the one before: "II"
                // again over a section's title is "III" with a stroke
                // lost (they join in a serif face).
                let repeats = section == Some(r.as_str());
                match (goes_back(&r), caps) {
                    (true, false) => Some(Heading::Group(next_number.to_string())),
                    (true, true) if repeats => Some(Heading::Section(next_section)),
                    _ => Some(Heading::Section(r)),
                }
            } else if caps {
                // An ALL CAPS title whose label was lost or garbled.
                Some(Heading::Section(next_section))
            } else if let Some(n) = arabic(num) {
                Some(Heading::Group(n))
            } else if next == NextRow::NumberedOne && table_has_sections && section.is_some() {
                // A label lost or unread before numbering starts again.
                Some(Heading::Section(next_section))
            } else if num.is_empty() {
                None
            } else if next == NextRow::Unnumbered {
                Some(Heading::Group(next_number.to_string()))
            } else if direct_tasks {
                // A label printed but not read, after tasks that sit
                // directly under their section: groups do not follow those.
                Some(Heading::Section(next_section))
            } else {
                Some(Heading::Group(next_number.to_string()))
            }
        }
    }
}

/// The label of the section after `section` ("I" when there is none).
fn section_after(section: Option<&str>) -> String {
    to_roman(section.and_then(roman_value).unwrap_or(0) + 1)
}

/// What follows a heading row: a title before a row numbered 1, a task
/// without a number, or anything else.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NextRow {
    NumberedOne,
    Unnumbered,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
enum Heading {
    Section(String),
    Group(String),
}

/// Upper case throughout ("CẢI CÁCH THỂ CHẾ"), as section titles often are.
fn all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
}

/// Arabic number label ("1", "2.", "3)", "1.2").
fn arabic(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches(['.', ')']);
    (!t.is_empty()
        && t.len() <= 6
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.starts_with(|c: char| c.is_ascii_digit()))
    .then(|| t.to_string())
}

/// Join a cell's lines into one text; bullets stay as "- item".
fn flat(cell: &str) -> Option<String> {
    crate::text::clean_opt(&cell.replace('\n', " "))
}

/// Units in the dictionary's spelling: a name that matches a known unit
/// but for case and spacing ("Trung tâm phục vụ hành chính công") takes
/// its canonical form, and an item whose comma-separated parts are all
/// known units ("Ủy ban nhân dân xã, Ủy ban nhân dân phường") is split.
pub fn canonical_units(tasks: &mut [Task], known: &[String]) {
    let key = |s: &str| clean(s).to_lowercase();
    let known: Vec<(String, Vec<char>, &String)> =
        known.iter().map(|u| (key(u), bare(u), u)).collect();
    let lookup = |s: &str| {
        let k = key(s);
        if let Some((_, _, u)) = known.iter().find(|(uk, _, _)| *uk == k) {
            return Some(u.to_string());
        }
        // A known name misread in its marks ("chuyên mõn"), or in one
        // letter or stop of a long name ("bành chính", "Trung. tâm"),
        // when no other known name is as near.
        let b = bare(s);
        let d: Vec<usize> = known
            .iter()
            .map(|(_, kb, _)| crate::text::edit_distance(&b, kb))
            .collect();
        let best = *d.iter().min()?;
        let mut nearest = (0..known.len()).filter(|&i| d[i] == best);
        let (_, kb, u) = &known[nearest.next()?];
        let slip = best == 0 || best == 1 && kb.len() >= UNIT_SLIP_LENGTH;
        (slip && nearest.next().is_none()).then(|| u.to_string())
    };
    let fix = |units: &mut Vec<String>| {
        let mut out = Vec::with_capacity(units.len());
        for u in units.drain(..) {
            if let Some(name) = lookup(&u) {
                out.push(name);
                continue;
            }
            if let Some(name) = crate::units::respell_head(&u) {
                out.push(name);
                continue;
            }
            let parts: Option<Vec<String>> = u.split(',').map(lookup).collect();
            match parts {
                Some(names) if names.len() > 1 => out.extend(names),
                _ => out.push(u),
            }
        }
        *units = out;
    };
    for t in tasks {
        fix(&mut t.lead_units);
        fix(&mut t.cooperating_units);
        fix(&mut t.monitoring_units);
    }
}

/// A task table (it has units or deadlines) whose content or number
/// header could not be read: the content is the widest column no other
/// role took, the numbers are in a narrow first column without a role.
fn infer_roles(roles: &mut [Option<Role>], xs: &[f32]) {
    let is_task_table = roles.iter().flatten().any(|r| r.marks_tasks());
    if !is_task_table || xs.len() != roles.len() + 1 {
        return;
    }
    let width = xs[xs.len() - 1] - xs[0];
    if !roles.contains(&Some(Role::Number))
        && roles.len() > 2
        && roles[0].is_none()
        && xs[1] - xs[0] < crate::tables::LABEL_COLUMN * width
    {
        roles[0] = Some(Role::Number);
    }
    if roles.contains(&Some(Role::Content)) {
        return;
    }
    let widest = (0..roles.len())
        .filter(|&c| roles[c].is_none())
        .max_by(|&a, &b| (xs[a + 1] - xs[a]).total_cmp(&(xs[b + 1] - xs[b])));
    if let Some(c) = widest {
        roles[c] = Some(Role::Content);
    }
}

fn get(r: &Row, c: Option<usize>) -> &str {
    c.map(|c| r.cells[c].as_str()).unwrap_or("")
}

/// Tables and tasks of a document. `doc_year` fills deadlines without a year.
pub fn build(
    page_tables: &[PageTable],
    doc_year: Option<i32>,
) -> (Vec<Table>, Vec<Task>, Vec<Warning>) {
    let mut tables = Vec::new();
    let mut tasks = Vec::new();
    let mut warnings = Vec::new();
    for (ti, l) in stitch(page_tables).into_iter().enumerate() {
        let Some(header) = l.rows.first() else {
            continue;
        };
        let mut roles: Vec<Option<Role>> = header.cells.iter().map(|h| role_of(h)).collect();
        infer_roles(&mut roles, &l.xs);
        tables.push(Table {
            page_start: l.page_start,
            page_end: l.page_end,
            columns: header.cells.iter().map(|c| clean(c)).collect(),
            roles: roles
                .iter()
                .map(|r| r.map(|r| r.name().to_string()))
                .collect(),
            rows: l.rows[1..]
                .iter()
                .map(|r| r.cells.iter().map(|c| clean(c)).collect())
                .collect(),
            cells: cell_boxes(&l.rows),
        });
        // Not a task table: a list of units, a statistics table.
        let Some(mut walk) = Walker::new(&l, roles, ti + 1, doc_year) else {
            continue;
        };
        for ri in 1..l.rows.len() {
            walk.row(ri);
        }
        walk.flush();
        tasks.append(&mut walk.tasks);
        warnings.append(&mut walk.warnings);
    }
    for t in &mut tasks {
        t.confidence = crate::util::round_to(t.confidence, 0.001);
    }
    (tables, tasks, warnings)
}

/// A task being built: its cells as accumulated so far (one set per part:
/// rows under its merged number and content cells), and the box of its
/// rows on its first page.
type Building = (Task, Vec<Vec<String>>, Rect);

/// A task table's body walked row by row: each row is a section heading, a
/// group heading, the continuation of the task above, or a task of its
/// own. It holds the headings open, the task being built and what was
/// built.
struct Walker<'a> {
    l: &'a Logical,
    roles: Vec<Option<Role>>,
    table_no: usize,
    doc_year: Option<i32>,
    number_col: Option<usize>,
    content_col: usize,
    unit_cols: Vec<usize>,
    /// Whether any heading reads cleanly as a Roman numeral: then a first
    /// heading "1" is more likely a damaged "I" than a group.
    has_sections: bool,
    section: Option<String>,
    section_title: Option<String>,
    group: Option<String>,
    group_title: Option<String>,
    /// The heading the last row opened, if no task came since (a group's
    /// or a section's): a row that carries its title on is its rest.
    open_heading: Option<Level>,
    /// The last number (a group's or a task's) of the sections before.
    groups_before: Option<u32>,
    /// The task's place under its heading (1-based; 0 before the first).
    position: usize,
    last_number: Option<u32>,
    /// The number of the task before, as read ("1.2").
    last_label: Option<String>,
    /// Whether the table numbers tasks under their groups ("2.1"): a
    /// label of that shape is in its number column.
    two_level: bool,
    /// Whether its numbers are printed bare ("7", not "7." or "7)"): a
    /// stop or bracket after one of them is then a speck.
    bare_numbers: bool,
    /// Whether every section title so far is in capitals and no group
    /// title is: then capitals mark the section level.
    sections_in_caps: bool,
    groups_in_caps: bool,
    /// Each column's text where its last cell started: a unit or deadline
    /// cell merged down over several task rows is theirs.
    started: Vec<String>,
    current: Option<Building>,
    tasks: Vec<Task>,
    warnings: Vec<Warning>,
}

/// The level of a heading row.
#[derive(Clone, Copy)]
enum Level {
    Section,
    Group,
}

impl<'a> Walker<'a> {
    /// A walker of `l`'s body when its columns make it a task table: a
    /// content column and a column only tasks have.
    fn new(
        l: &'a Logical,
        roles: Vec<Option<Role>>,
        table_no: usize,
        doc_year: Option<i32>,
    ) -> Option<Walker<'a>> {
        let col = |role: Role| roles.iter().position(|r| *r == Some(role));
        let content_col = col(Role::Content)?;
        if !roles.iter().flatten().any(|r| r.marks_tasks()) {
            return None;
        }
        let number_col = col(Role::Number);
        let unit_cols: Vec<usize> = [
            Role::LeadUnits,
            Role::CooperatingUnits,
            Role::MonitoringUnits,
        ]
        .iter()
        .filter_map(|r| col(*r))
        .collect();
        let has_sections = l.rows.iter().skip(1).any(|r| {
            roman(&label(get(r, number_col))).is_some_and(|n| n != "I")
                && unit_cols.iter().all(|&c| r.cells[c].trim().is_empty())
        });
        let (two_level, bare_numbers) = label_style(l, number_col);
        Some(Walker {
            l,
            two_level,
            bare_numbers,
            started: vec![String::new(); roles.len()],
            roles,
            table_no,
            doc_year,
            number_col,
            content_col,
            unit_cols,
            has_sections,
            section: None,
            section_title: None,
            group: None,
            group_title: None,
            open_heading: None,
            groups_before: None,
            position: 0,
            last_number: None,
            last_label: None,
            sections_in_caps: true,
            groups_in_caps: false,
            current: None,
            tasks: Vec::new(),
            warnings: Vec::new(),
        })
    }

    /// The task being built, finished.
    fn flush(&mut self) {
        if let Some((mut t, parts, b)) = self.current.take() {
            fill(&mut t, &parts, &self.roles, self.doc_year);
            t.source.bbox = bbox(&b);
            self.tasks.push(t);
        }
    }

    /// Row `ri` of the table (0 is the header), by its kind.
    fn row(&mut self, ri: usize) {
        let l = self.l;
        let r = self.own_cells(&l.rows[ri]);
        let r = &*r;
        let num = label(get(r, self.number_col));
        let units_empty = self.unit_cols.iter().all(|&c| r.cells[c].trim().is_empty());
        if r.cells.iter().all(|c| c.trim().is_empty()) || column_numbers(r) {
            return;
        }
        // A heading never ends in a comma or a dash (specks), nor in the
        // colon that introduces its items ("… giải quyết TTHC:").
        let title = flat(get(r, Some(self.content_col)))
            .map(|t| {
                t.trim_end_matches([',', ';', ':', '-', '–', ' '])
                    .to_string()
            })
            .filter(|t| !t.is_empty());
        if num.is_empty() && self.current.is_none() && self.title_goes_on(r, title.as_deref()) {
            return;
        }
        match self.opens(ri, r, &num, title.as_deref(), units_empty) {
            Some(Heading::Section(n)) => return self.section(n, title),
            Some(Heading::Group(n)) => return self.group(ri, n, title),
            None => {}
        }
        if num.is_empty() && self.current.is_some() && self.continues(ri, r, units_empty) {
            return self.continuation(ri, r);
        }
        self.open_heading = None;
        self.task(ri, r, num, units_empty);
    }

    /// Whether row `r` (no label; its content `title`) is the rest of the
    /// heading opened just above, which a page break or a rule read inside
    /// it cut: nothing but content, in lower case, as a title's wrapped
    /// words are ("Nâng cao chất lượng đội ngũ" / "cán bộ, công chức"), or
    /// in capitals under a title in capitals ("CẢI CÁCH TÀI CHÍNH" /
    /// "CÔNG": no section is ever left without a task, so an unlabelled
    /// title right under another is its rest, not a section whose label was
    /// lost). If so, the title takes it.
    fn title_goes_on(&mut self, r: &Row, title: Option<&str>) -> bool {
        let Some(rest) = title else {
            return false;
        };
        let only_content = r
            .cells
            .iter()
            .enumerate()
            .all(|(c, t)| c == self.content_col || t.trim().is_empty());
        let heading = match self.open_heading {
            Some(Level::Group) => &mut self.group_title,
            Some(Level::Section) => &mut self.section_title,
            None => return false,
        };
        let wrapped = rest.starts_with(char::is_lowercase)
            || all_caps(rest) && heading.as_deref().is_some_and(all_caps);
        match heading {
            Some(h) if only_content && wrapped => {
                h.push(' ');
                h.push_str(rest);
                true
            }
            _ => false,
        }
    }

    /// `r` with the unit and deadline cells merged down into it from a
    /// task row above filled with their text (not for a part of a task
    /// printed over rows under its own merged number and content: the cell
    /// is that task's already); where its cells start, `started` learns
    /// their text.
    fn own_cells(&mut self, r: &'a Row) -> std::borrow::Cow<'a, Row> {
        let part = [self.number_col, Some(self.content_col)]
            .into_iter()
            .flatten()
            .all(|c| r.merged[c]);
        let roles = &self.roles;
        let shared = |c: usize| roles[c].is_some_and(|r| r.is_units() || r == Role::Deadline);
        let filled: Vec<usize> = (0..roles.len())
            .filter(|&c| r.merged[c] && shared(c))
            .collect();
        let r = if !part && !filled.is_empty() {
            let mut own = r.clone();
            for c in filled {
                own.cells[c] = self.started[c].clone();
            }
            std::borrow::Cow::Owned(own)
        } else {
            std::borrow::Cow::Borrowed(r)
        };
        for (c, text) in r.cells.iter().enumerate() {
            if !r.merged[c] {
                self.started[c] = text.clone();
            }
        }
        r
    }

    /// The heading row `ri` opens, if it is one: a row with nothing but a
    /// label and a title, or a Roman label and no units.
    fn opens(
        &mut self,
        ri: usize,
        r: &Row,
        num: &str,
        title: Option<&str>,
        units_empty: bool,
    ) -> Option<Heading> {
        // Two stray letters ("mw" read from JPEG noise), or a letter and a
        // digit ("m5": neither word nor number), do not make a heading row
        // a task; a number of one or two digits may be a cell's value.
        let speck = |t: &str| {
            let alnum: Vec<char> = t.chars().filter(|ch| ch.is_alphanumeric()).collect();
            let digits = alnum.iter().filter(|ch| ch.is_ascii_digit()).count();
            alnum.len() < 3 && (digits == 0 || digits < alnum.len())
        };
        let others_empty = r
            .cells
            .iter()
            .enumerate()
            .all(|(c, t)| Some(c) == self.number_col || c == self.content_col || speck(t));
        let caps = title.is_some_and(all_caps);
        // The next section's Roman label over a title in capitals is a
        // section row whatever else the row holds: on a JPEG a rule's
        // streak reads as text in a cell of it ("mã =m— “mm").
        let next_section = section_after(self.section.as_deref());
        let section_row = caps && roman(num).as_deref() == Some(next_section.as_str());
        if !(others_empty || section_row || (units_empty && roman(num).is_some())) {
            return None;
        }
        let caps_marks_sections =
            self.section.is_some() && self.sections_in_caps && !self.groups_in_caps;
        let direct_tasks = self.group.is_none() && self.position > 0;
        // A group whose tasks carry no numbers of their own (none, or
        // "2.1") is followed by the next group: its number is the last.
        let group_number = self.group.as_deref().and_then(|g| g.parse().ok());
        let opens = heading(
            num,
            self.section.as_deref(),
            self.last_number.or(group_number),
            caps,
            caps_marks_sections,
            self.has_sections,
            direct_tasks,
            self.next_row(ri, title),
        );
        match &opens {
            Some(Heading::Section(_)) => self.sections_in_caps &= caps,
            Some(Heading::Group(_)) => self.groups_in_caps |= caps,
            None => {}
        }
        opens
    }

    /// What follows a heading-like row `ri` titled `title`: a title (not
    /// the rest of a sentence) right before a row numbered 1, or a row of a
    /// task without a number.
    fn next_row(&self, ri: usize, title: Option<&str>) -> NextRow {
        let following = self.l.rows[ri + 1..]
            .iter()
            .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        match following {
            Some(f) if label(get(f, self.number_col)).is_empty() => {
                match self
                    .unit_cols
                    .iter()
                    .any(|&c| !f.cells[c].trim().is_empty())
                {
                    true => NextRow::Unnumbered,
                    false => NextRow::Other,
                }
            }
            Some(f)
                if arabic(&label(get(f, self.number_col))).as_deref() == Some("1")
                    && title.is_some_and(|t| t.starts_with(char::is_uppercase)) =>
            {
                NextRow::NumberedOne
            }
            _ => NextRow::Other,
        }
    }

    /// A section heading numbered `n` opens: no group, no task yet.
    fn section(&mut self, n: String, title: Option<String>) {
        self.flush();
        self.open_heading = Some(Level::Section);
        let group = self.group.as_deref().and_then(|g| g.parse().ok());
        if let Some(g) = self.last_number.or(group) {
            self.groups_before = Some(g);
        }
        self.section = Some(n);
        self.section_title = title;
        self.group = None;
        self.group_title = None;
        self.position = 0;
        self.last_number = None;
        self.last_label = None;
    }

    /// A group heading labelled `n` on row `ri` opens.
    fn group(&mut self, ri: usize, n: String, title: Option<String>) {
        self.flush();
        self.open_heading = Some(Level::Group);
        // A group label that breaks the run the next group's carries on
        // ("4" before "2") was misread.
        let next_group: Vec<String> = self.l.rows[ri + 1..]
            .iter()
            .map(|f| label(get(f, self.number_col)))
            .find(|n| n.parse::<u32>().is_ok())
            .into_iter()
            .collect();
        let last = self
            .group
            .as_deref()
            .and_then(|g: &str| g.parse::<u32>().ok())
            .unwrap_or(0);
        let n = in_sequence(&n, Some(last), &next_group);
        let n = self.first_group(ri, n);
        self.last_number = n.parse().ok();
        self.group = Some(n);
        self.group_title = title;
        self.position = 0;
    }

    /// The label `n` of a section's first group (row `ri`): groups are
    /// numbered from 1 under each section, or on from the numbers of the
    /// sections before (`groups_before`); a single figure that is neither, and that the
    /// next label in the section does not carry on ("4" before "5"), was
    /// misread ("1" as "4" on a fax).
    fn first_group(&self, ri: usize, n: String) -> String {
        let Ok(v) = n.parse::<u32>() else {
            return n;
        };
        let continued = self.groups_before.is_some_and(|g| g + 1 == v);
        if self.group.is_some() || v == 1 || v > 9 || continued {
            return n;
        }
        let next = self.l.rows[ri + 1..]
            .iter()
            .map(|f| label(get(f, self.number_col)))
            .take_while(|s| roman(s).is_none())
            .find_map(|s| s.parse::<u32>().ok());
        match next == Some(v + 1) {
            true => n,
            false => "1".to_string(),
        }
    }

    /// Whether row `ri` (`r`, without a number) continues the task above:
    /// it has no units (a scan's broken row), or its text carries on a
    /// sentence (a row split by a page break, units and all).
    fn continues(&self, ri: usize, r: &Row, units_empty: bool) -> bool {
        let carries_on = flat(get(r, Some(self.content_col)))
            .is_none_or(|c| c.starts_with(|ch: char| ch.is_lowercase()));
        // A unit's name opens with a capital head noun: a unit cell that
        // starts in lower case is the rest of a name. And where tasks are
        // numbered, an unnumbered first row on a page is the rest of the
        // row the page break cut.
        let unit_tail = self
            .unit_cols
            .iter()
            .any(|&c| r.cells[c].trim_start().starts_with(char::is_lowercase));
        let cut_by_page = ri > 1
            && self.l.rows[ri - 1].page != r.page
            && self
                .current
                .as_ref()
                .is_some_and(|(t, _, _)| t.number.is_some());
        units_empty || carries_on || unit_tail || cut_by_page
    }

    /// Row `ri` (`r`) added to the task being built.
    fn continuation(&mut self, ri: usize, r: &Row) {
        // Under the task's merged number and content: a part of its own
        // (its product, deadline, units); else the rest of a row broken by
        // a page or a rule.
        let part_of_merged = [self.number_col, Some(self.content_col)]
            .into_iter()
            .flatten()
            .all(|c| r.merged[c]);
        let cells = task_cells(r, &self.roles);
        let Some((t, parts, b)) = self.current.as_mut() else {
            return;
        };
        match parts.last_mut() {
            Some(last) if !part_of_merged => {
                for (acc, add) in last.iter_mut().zip(&cells) {
                    if !add.trim().is_empty() {
                        acc.push('\n');
                        acc.push_str(add);
                    }
                }
            }
            _ => parts.push(cells),
        }
        t.source.rows.push(ri + 1);
        if r.page == t.source.page {
            *b = b.union(&r.bbox);
        }
        t.confidence = t.confidence.min(r.conf as f64);
    }

    /// Row `ri` (`r`, labelled `num`) starts a task.
    fn task(&mut self, ri: usize, r: &Row, num: String, units_empty: bool) {
        self.flush();
        self.position += 1;
        let num = self.task_number(ri, num, units_empty);
        let row_no = ri + 1;
        let id = [
            self.section.clone(),
            self.group.clone(),
            Some(self.position.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(".");
        if r.conf < LOW_CELL_CONFIDENCE {
            self.warnings.push(Warning {
                code: "low_confidence_cell".into(),
                page: Some(r.page),
                message: format!(
                    "table {}, row {row_no}: OCR confidence {:.2}",
                    self.table_no, r.conf
                ),
            });
        }
        let task = Task {
            id,
            section: self.section.clone(),
            section_title: self.section_title.clone(),
            group: self.group.clone(),
            group_title: self.group_title.clone(),
            number: crate::text::clean_opt(&num),
            content: String::new(),
            lead_units: Vec::new(),
            cooperating_units: Vec::new(),
            monitoring_units: Vec::new(),
            deliverable: None,
            deadline: deadline::parse("", None),
            notes: None,
            origin: crate::export::Origin::Table,
            source: TaskSource {
                page: r.page,
                table: Some(self.table_no),
                rows: vec![row_no],
                bbox: bbox(&r.bbox),
            },
            confidence: r.conf as f64,
        };
        self.current = Some((task, vec![task_cells(r, &self.roles)], r.bbox));
    }

    /// The number of the task row `ri` starts, its label read as `num`.
    fn task_number(&mut self, ri: usize, num: String, units_empty: bool) -> String {
        // The next row that has a number, for a label read as another
        // digit ("4" for a broken "3" before the real "4").
        let labels: Vec<String> = self.l.rows[ri + 1..]
            .iter()
            .map(|f| label(get(f, self.number_col)))
            .filter(|n| !n.is_empty())
            .take(SEQUENCE_LOOKAHEAD)
            .collect();
        let next = labels.first().map(String::as_str);
        if let Some(n) = self.two_level_number(&num, next) {
            self.two_level = true;
            self.last_number = None;
            self.last_label = Some(n.clone());
            return n;
        }
        // A row with units is a task, never a section: a Roman reading of
        // its number ("5" read as "II") is the next in sequence. So is an
        // unreadable number; the first task under a heading is number 1.
        let expected: Vec<u32> = match (self.last_number, self.position) {
            (Some(n), 1) => vec![1, n + 1],
            (Some(n), _) => vec![n + 1],
            (None, _) => vec![1],
        };
        let num = stroke_digits(&num, &expected).unwrap_or(num);
        let num = if (roman(&num).is_some() && !units_empty) || num == UNREAD_LABEL {
            match (self.last_number, self.position) {
                (Some(n), _) => (n + 1).to_string(),
                (None, 1) => "1".to_string(),
                (None, _) => num,
            }
        } else {
            num
        };
        let num = if num == UNREAD_LABEL {
            String::new()
        } else {
            num
        };
        let num = in_sequence(&num, self.last_number, &labels);
        let num = match self.bare_numbers && arabic(&num).is_some() {
            true => num.trim_end_matches(['.', ')']).to_string(),
            false => num,
        };
        self.last_number = num.trim_end_matches(['.', ')']).parse().ok();
        self.last_label = Some(num.clone());
        num
    }

    /// The two-level number a task's label `num` stands for
    /// ([`two_level_label`]). A task without a label in a group that
    /// numbers its tasks lost it: the group numbers them all (its first
    /// task when the label after it is the group's second).
    fn two_level_number(&self, num: &str, next: Option<&str>) -> Option<String> {
        let first = self.position == 1;
        let (last, group) = (self.last_label.as_deref(), self.group.as_deref());
        if !num.is_empty() {
            return two_level_label(num, last, group, first, self.two_level);
        }
        let g = group.filter(|_| self.two_level)?.trim_end_matches('.');
        let numbered = match first {
            false => last
                .and_then(two_parts)
                .is_some_and(|(a, _)| a.to_string() == g),
            true => next.and_then(label_digits).as_deref() == Some(&format!("{g}.2")),
        };
        numbered
            .then(|| two_level_label(UNREAD_LABEL, last, group, first, true))
            .flatten()
    }
}

/// Where each cell of a stitched table sits; `row` numbers as in
/// `source.rows` (1 is the header).
fn cell_boxes(rows: &[Row]) -> Vec<Cell> {
    rows.iter()
        .enumerate()
        .flat_map(|(ri, r)| {
            r.boxes.iter().enumerate().filter_map(move |(col, b)| {
                b.as_ref().map(|(rect, conf, raw)| Cell {
                    row: ri + 1,
                    col: col + 1,
                    page: r.page,
                    bbox: bbox(rect),
                    confidence: crate::util::round_to(*conf as f64, 0.001),
                    raw: raw.as_deref().map(crate::text::clean),
                })
            })
        })
        .collect()
}

/// Rows whose weakest cell reads below this get a warning.
pub const LOW_CELL_CONFIDENCE: f32 = 0.5;

fn bbox(r: &Rect) -> [f64; 4] {
    [r.x0, r.y0, r.x1, r.y1].map(|v| crate::util::round_to(v as f64, 0.1))
}

/// Fill a task's fields from its (accumulated) cells, part by part: the
/// rows of a task printed over several rows under merged number and
/// content cells. Products, deadlines and notes of the parts are joined
/// with "; " (the deadline's kind and dates from its last dated part);
/// unit lists are combined in order without repeats.
fn fill(t: &mut Task, parts: &[Vec<String>], roles: &[Option<Role>], doc_year: Option<i32>) {
    for (col, role) in roles.iter().enumerate() {
        let cells: Vec<&str> = parts
            .iter()
            .filter_map(|p| p.get(col))
            .map(String::as_str)
            .collect();
        match role {
            Some(Role::Content) => t.content = flat(&cells.join("\n")).unwrap_or_default(),
            Some(Role::LeadUnits) => t.lead_units = unit_union(&cells),
            Some(Role::CooperatingUnits) => t.cooperating_units = unit_union(&cells),
            Some(Role::MonitoringUnits) => t.monitoring_units = unit_union(&cells),
            Some(Role::Deliverable) => {
                let it: Vec<String> = cells.iter().flat_map(|c| crate::units::items(c)).collect();
                t.deliverable = (!it.is_empty()).then(|| it.join("; "));
            }
            Some(Role::Deadline) => t.deadline = parts_deadline(&cells, doc_year),
            Some(Role::Notes) => {
                let notes: Vec<String> = cells.iter().filter_map(|c| flat(c)).collect();
                t.notes = (!notes.is_empty()).then(|| notes.join("; "));
            }
            Some(Role::Number) | None => {}
        }
    }
}

/// The units of a task's parts, in order, each once.
fn unit_union(cells: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        for u in crate::units::split(c) {
            // Within one cell as printed; across parts without repeats.
            if i == 0 || !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}

/// The deadline of a task's parts: their texts joined with "; ", kind and
/// dates from the last part that has a date, else the last of a known kind
/// ("Thường xuyên trong tháng; Trước ngày 05 của tháng liền kề" recurs).
fn parts_deadline(cells: &[&str], doc_year: Option<i32>) -> Deadline {
    let parsed: Vec<Deadline> = cells
        .iter()
        .map(|c| deadline::parse(&c.replace('\n', " "), doc_year))
        .filter(|d| d.text.is_some())
        .collect();
    let dated = |d: &&Deadline| d.start.is_some() || d.end.is_some();
    let known = |d: &&Deadline| d.kind != export::DeadlineKind::Unknown;
    let Some(last) = (parsed.iter().rev().find(dated))
        .or_else(|| parsed.iter().rev().find(known))
        .or(parsed.last())
    else {
        return deadline::parse("", doc_year);
    };
    let texts: Vec<&str> = parsed.iter().filter_map(|d| d.text.as_deref()).collect();
    Deadline {
        text: Some(texts.join("; ")),
        ..last.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_from_clean_and_damaged_labels() {
        use Heading::{Group, Section};
        let s = |x: &str| Some(Section(x.to_string()));
        let g = |x: &str| Some(Group(x.to_string()));
        // (label, section so far, last number, ALL CAPS title, table has
        // other Roman headings, tasks directly under the section, the row
        // after, heading)
        use NextRow::{NumberedOne as One, Other, Unnumbered};
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            Option<u32>,
            bool,
            bool,
            bool,
            NextRow,
            Option<Heading>,
        );
        let cases: [Case; 20] = [
            ("I", None, None, false, false, false, Other, s("I")),
            (
                "IV",
                Some("III"),
                Some(7),
                false,
                true,
                true,
                Other,
                s("IV"),
            ),
            ("2", Some("II"), Some(1), false, true, false, Other, g("2")),
            // "1" for "I" opening the table: a section when other Roman
            // headings follow or the title is in capitals, else group 1.
            ("1", None, None, false, true, false, Other, s("I")),
            ("1", None, None, true, false, false, Other, s("I")),
            ("1", None, None, false, false, false, Other, g("1")),
            // "11", "IL", "li" for the next section; "11" as a group
            // when it is the next number.
            ("11", Some("I"), Some(4), false, true, true, Other, s("II")),
            ("IL", Some("I"), Some(4), false, true, true, Other, s("II")),
            ("li", Some("I"), Some(4), true, true, true, Other, s("II")),
            (
                "11",
                Some("II"),
                Some(10),
                false,
                false,
                false,
                Other,
                g("11"),
            ),
            // A label lost or unread: capitals make a section; after
            // tasks directly under a section, a section; else a group.
            ("", Some("II"), Some(3), true, true, false, Other, s("III")),
            ("", Some("II"), Some(3), false, true, false, Other, None),
            ("?", Some("IV"), Some(3), false, true, true, Other, s("V")),
            ("?", Some("II"), Some(2), false, true, false, Other, g("3")),
            // No label, sentence case: a section when numbering starts
            // again after it, else the rest of the row above.
            ("", Some("II"), Some(3), false, true, false, One, s("III")),
            ("", None, None, false, true, false, One, None),
            ("", Some("II"), Some(3), false, false, false, One, None),
            ("?", Some("II"), Some(3), false, true, false, One, s("III")),
            // An unread label before tasks without numbers: a group, even
            // after tasks directly under the section.
            (
                "?",
                Some("II"),
                Some(1),
                false,
                true,
                true,
                Unnumbered,
                g("2"),
            ),
            ("", Some("II"), Some(1), false, true, true, Unnumbered, None),
        ];
        for (label, section, last, caps, has, direct, next, want) in cases {
            assert_eq!(
                heading(label, section, last, caps, false, has, direct, next),
                want,
                "{label:?} after {section:?}/{last:?}"
            );
        }
        // (label, section so far, last number, ALL CAPS title, capitals
        // mark the section level, heading): "1" read for "II" over a title
        // in capitals; a clean "I" after "II" is group 1's damaged label.
        type ByCase<'a> = (
            &'a str,
            Option<&'a str>,
            Option<u32>,
            bool,
            bool,
            Option<Heading>,
        );
        let by_case: [ByCase; 5] = [
            ("1", Some("I"), None, true, true, s("II")),
            ("1", Some("I"), None, true, false, g("1")),
            ("1", Some("I"), None, false, true, g("1")),
            ("I", Some("II"), None, false, true, g("1")),
            ("III", Some("II"), Some(2), false, true, s("III")),
        ];
        for (label, section, last, caps, marks, want) in by_case {
            assert_eq!(
                heading(label, section, last, caps, marks, true, false, Other),
                want,
                "{label:?} after {section:?}/{last:?}, capitals {caps}/{marks}"
            );
        }
    }

    #[test]
    fn units_take_the_dictionary_spelling() {
        let known: Vec<String> = [
            "Trung tâm Phục vụ hành chính công",
            "Ủy ban nhân dân xã",
            "Ủy ban nhân dân phường",
            "Các phòng, đơn vị thuộc Sở",
            "Công chức Tư pháp - Hộ tịch",
        ]
        .map(String::from)
        .to_vec();
        let cases: [(&[&str], &[&str]); 13] = [
            // A name's dash lost where a page break cut it.
            (
                &["Công chức Tư pháp Hộ tịch"],
                &["Công chức Tư pháp - Hộ tịch"],
            ),
            (
                &["Trung tâm phục vụ  hành chính công"],
                &["Trung tâm Phục vụ hành chính công"],
            ),
            // Misread marks, a letter or a stop off a long name.
            (
                &["Trung tâm Phục vụ bành chính công", "Ủy ban nhân dân xa"],
                &["Trung tâm Phục vụ hành chính công", "Ủy ban nhân dân xã"],
            ),
            (
                &["Trung. tâm Phục vụ hành chính công"],
                &["Trung tâm Phục vụ hành chính công"],
            ),
            // Not a known name: short ones need every letter, and two
            // letters off is another name.
            (
                &["Ủy ban nhân dân xa phường"],
                &["Ủy ban nhân dân xa phường"],
            ),
            (
                &["Trung tâm Phục vụ hành chính xã"],
                &["Trung tâm Phục vụ hành chính xã"],
            ),
            (
                &["Ủy ban nhân dân xã, Ủy ban nhân dân phường"],
                &["Ủy ban nhân dân xã", "Ủy ban nhân dân phường"],
            ),
            // A known name with a comma in it stays whole; unknown parts
            // keep the item whole.
            (
                &["Các phòng, đơn vị thuộc Sở"],
                &["Các phòng, đơn vị thuộc Sở"],
            ),
            (
                &["Chi cục Kiểm lâm, Ủy ban nhân dân xã"],
                &["Chi cục Kiểm lâm, Ủy ban nhân dân xã"],
            ),
            // A name no list knows: its long head misread is respelt, its
            // own words kept; a head in capitals or read right stays.
            (
                &["Bảo vệ Phát thanh, Truyền hình An Glang"],
                &["Báo và Phát thanh, Truyền hình An Glang"],
            ),
            (
                &["Ủy ban nhân dẫn phường Tân Định"],
                &["Ủy ban nhân dân phường Tân Định"],
            ),
            (
                &["ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH"],
                &["ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH"],
            ),
            (&["Bảo vệ môi trường"], &["Bảo vệ môi trường"]),
        ];
        for (given, want) in cases {
            let mut t = vec![Task {
                lead_units: given.iter().map(|s| s.to_string()).collect(),
                ..Task::bare("I.1")
            }];
            canonical_units(&mut t, &known);
            assert_eq!(t[0].lead_units, want);
        }
    }

    #[test]
    fn roman_numerals_round_trip() {
        for n in 1..=39 {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
        }
        for bad in ["", "IIII", "VV", "IIV", "XL"] {
            assert_eq!(roman_value(bad), None, "{bad}");
        }
    }

    use crate::tables::CellText;

    #[test]
    fn header_roles_in_many_wordings() {
        for (h, want) in [
            ("STT", Some(Role::Number)),
            ("Số TT", Some(Role::Number)),
            ("TT", Some(Role::Number)),
            ("Nội dung nhiệm vụ", Some(Role::Content)),
            ("Nội dung công việc", Some(Role::Content)),
            ("Nhiệm vụ", Some(Role::Content)),
            ("Đơn vị chủ trì", Some(Role::LeadUnits)),
            ("Cơ quan chủ trì", Some(Role::LeadUnits)),
            ("Đơn vị phối hợp", Some(Role::CooperatingUnits)),
            ("Cơ quan, đơn vị phối hợp", Some(Role::CooperatingUnits)),
            ("Sản phẩm", Some(Role::Deliverable)),
            ("Kết quả, sản phẩm", Some(Role::Deliverable)),
            ("Sản phẩm dự kiến hoàn thành", Some(Role::Deliverable)),
            ("Thời gian hoàn thành", Some(Role::Deadline)),
            ("Thời hạn hoàn thành", Some(Role::Deadline)),
            ("Thời gian thực hiện", Some(Role::Deadline)),
            ("Ghi chú", Some(Role::Notes)),
            ("Cơ quan/đơn vị", None),
            // Word plans' wordings (Lâm Đồng, Lào Cai).
            ("Tên nhiệm vụ", Some(Role::Content)),
            ("Sở, ngành chủ trì tham mưu", Some(Role::LeadUnits)),
            ("Chủ trì thực hiện", Some(Role::LeadUnits)),
            ("Phối hợp thực hiện", Some(Role::CooperatingUnits)),
            ("Đơn vị phối hợp thực hiện", Some(Role::CooperatingUnits)),
            ("Theo dõi, kiểm tra, đôn đốc", Some(Role::MonitoringUnits)),
            ("Đơn vị theo dõi, đôn đốc", Some(Role::MonitoringUnits)),
            ("SITT", Some(Role::Number)),
            ("Cơ quan, đơn vị phốihợp -.", Some(Role::CooperatingUnits)),
            ("S.TT", Some(Role::Number)),
            // Unrepaired OCR.
            ("Don vi chu tri", Some(Role::LeadUnits)),
            ("Thdi gian hoan thanh", Some(Role::Deadline)),
            ("Cơ quan, đơn vị phối hạ áp", Some(Role::CooperatingUnits)),
        ] {
            assert_eq!(role_of(h), want, "{h}");
        }
    }

    fn table(page: usize, rows: &[&[&str]]) -> PageTable {
        let n_cols = rows[0].len();
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                cells.push(CellText {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    rect: Rect {
                        x0: 100.0 * c as f32,
                        y0: 20.0 * r as f32,
                        x1: 100.0 * (c + 1) as f32,
                        y1: 20.0 * (r + 1) as f32,
                    },
                    text: text.to_string(),
                    conf: 0.9,
                    raw: None,
                });
            }
        }
        PageTable {
            page,
            bbox: Rect::default(),
            n_rows: rows.len(),
            n_cols,
            xs: (0..=n_cols).map(|c| 100.0 * c as f32).collect(),
            cells,
        }
    }

    /// Merge the cell at (row, col) over `rows` × `cols`, as a Word file's
    /// `w:vMerge` / `w:gridSpan` or a scan's missing rules do.
    fn merge(t: &mut PageTable, row: usize, col: usize, rows: usize, cols: usize) {
        t.cells.retain(|c| {
            let inside = (row..row + rows).contains(&c.row) && (col..col + cols).contains(&c.col);
            !inside || (c.row, c.col) == (row, col)
        });
        let c = t
            .cells
            .iter_mut()
            .find(|c| (c.row, c.col) == (row, col))
            .unwrap();
        c.row_span = rows;
        c.col_span = cols;
    }

    #[test]
    fn a_unit_or_deadline_cell_merged_down_is_each_task_s() {
        let mut t = table(
            3,
            &[
                &["TT", "Nội dung", "Chủ trì", "Thời hạn"],
                &["1", "Rà soát văn bản", "Phòng Tư pháp", "Thường xuyên"],
                &["2", "Công khai thủ tục", "", ""],
                &["", "Số hóa hồ sơ", "", ""],
                &["4", "Báo cáo kết quả", "Văn phòng", "Tháng 12/2026"],
            ],
        );
        merge(&mut t, 1, 2, 3, 1);
        merge(&mut t, 1, 3, 3, 1);
        let (_, tasks, _) = build(&[t], Some(2026));
        let got: Vec<(&str, Vec<String>, Option<&str>)> = tasks
            .iter()
            .map(|t| {
                (
                    t.content.as_str(),
                    t.lead_units.clone(),
                    t.deadline.text.as_deref(),
                )
            })
            .collect();
        let lead = || vec!["Phòng Tư pháp".to_string()];
        assert_eq!(
            got,
            [
                ("Rà soát văn bản", lead(), Some("Thường xuyên")),
                ("Công khai thủ tục", lead(), Some("Thường xuyên")),
                ("Số hóa hồ sơ", lead(), Some("Thường xuyên")),
                (
                    "Báo cáo kết quả",
                    vec!["Văn phòng".to_string()],
                    Some("Tháng 12/2026")
                ),
            ]
        );
    }

    #[test]
    fn merged_rows_make_one_task_and_column_numbers_none() {
        let mut t = table(
            1,
            &[
                &[
                    "STT",
                    "Nhiệm vụ",
                    "Sản phẩm",
                    "Thời gian hoàn thành",
                    "Chủ trì thực hiện",
                    "Phối hợp thực hiện",
                    "Theo dõi, kiểm tra, đôn đốc",
                ],
                &["", "(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
                &["I", "Cải cách thể chế", "", "", "", "", ""],
                &[
                    "1",
                    "Tham mưu ban hành Kế hoạch kiểm tra",
                    "Kế hoạch của tỉnh",
                    "Trong tháng 01/2026",
                    "Sở Nội vụ",
                    "Các cơ quan, đơn vị",
                    "Sở Nội vụ",
                ],
                &[
                    "",
                    "",
                    "Kế hoạch tự kiểm tra",
                    "Hằng năm",
                    "Các cơ quan, đơn vị; Sở Nội vụ",
                    "",
                    "Sở Nội vụ",
                ],
                &[
                    "2",
                    "Thực hiện Quyết định số 1441/QĐ-UBND",
                    "",
                    "Thường xuyên",
                    "Theo phân công tại Quyết định số 1441/QĐ-UBND",
                    "",
                    "Văn phòng UBND tỉnh",
                ],
            ],
        );
        merge(&mut t, 3, 0, 2, 1);
        merge(&mut t, 3, 1, 2, 1);
        merge(&mut t, 5, 4, 1, 2);
        let (tables, tasks, _) = build(&[t], Some(2026));
        assert_eq!(tables[0].roles[6].as_deref(), Some("monitoring_units"));
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["I.1", "I.2"]);
        let a = &tasks[0];
        assert_eq!(a.source.rows, [4, 5]);
        assert_eq!(
            a.deliverable.as_deref(),
            Some("Kế hoạch của tỉnh; Kế hoạch tự kiểm tra")
        );
        assert_eq!(
            a.deadline.text.as_deref(),
            Some("Trong tháng 01/2026; Hằng năm")
        );
        // The kind and dates of the last part that has a date.
        assert_eq!(a.deadline.end.as_deref(), Some("2026-01-31"));
        assert_eq!(a.lead_units, ["Sở Nội vụ", "Các cơ quan, đơn vị"]);
        assert_eq!(a.cooperating_units, ["Các cơ quan, đơn vị"]);
        assert_eq!(a.monitoring_units, ["Sở Nội vụ"]);
        // A cell merged across the unit columns names both.
        let b = &tasks[1];
        assert_eq!(
            b.lead_units,
            ["Theo phân công tại Quyết định số 1441/QĐ-UBND"]
        );
        assert_eq!(b.cooperating_units, b.lead_units);
        assert_eq!(b.monitoring_units, ["Văn phòng UBND tỉnh"]);
    }

    const HEAD: &[&str] = &[
        "Số TT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Sản phẩm",
        "Thời gian hoàn thành",
    ];

    #[test]
    fn the_next_sections_label_over_a_title_in_capitals_opens_it_whatever_else_the_row_holds() {
        let header: &[&str] = &["TT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"];
        for (noise, ids) in [
            ("", vec!["I.1", "II.1"]),
            ("mã =m— “mm", vec!["I.1", "II.1"]),
            ("Sở Y tế", vec!["I.1", "II.1"]),
        ] {
            let t = table(
                2,
                &[
                    header,
                    &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                    &["1", "Rà soát văn bản", "Sở Tư pháp", "Năm 2026"],
                    &["II", "CẢI CÁCH TÀI CHÍNH CÔNG", noise, ""],
                    &["1", "Công khai ngân sách", "Sở Tài chính", "Quý II/2026"],
                ],
            );
            let (_, tasks, _) = build(&[t], Some(2026));
            let got: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(got, ids, "{noise}");
        }
        // A task's own label and title are a task's, in capitals or not.
        let t = table(
            2,
            &[
                header,
                &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                &["1", "RÀ SOÁT VĂN BẢN", "Sở Tư pháp", "Năm 2026"],
            ],
        );
        let (_, tasks, _) = build(&[t], Some(2026));
        assert_eq!(tasks.len(), 1);
    }

    #[test]
    fn sections_groups_tasks_continuations_and_stitching() {
        let p1 = table(
            3,
            &[
                HEAD,
                &["I", "Nhiệm vụ xây dựng thể chế", "", "", "", ""],
                &[
                    "1",
                    "Ban hành kế hoạch",
                    "Văn phòng Sở",
                    "Các phòng",
                    "Kế hoạch\nBáo cáo",
                    "Thường xuyên",
                ],
                &["II", "Nhiệm vụ cải cách TTHC", "", "", "", ""],
                &["2", "Tổ chức thực hiện", "", "", "", ""],
                // The group's title cut by a rule read inside its row.
                &["", "và kiểm soát TTHC", "", "", "", ""],
                &[
                    "",
                    "Rà soát, đề xuất phương án",
                    "Các phòng chuyên\nmôn",
                    "Trung tâm",
                    "Hồ sơ",
                    "Trước ngày 30/5/2026",
                ],
            ],
        );
        // Next page: repeated header, the split row's tail, another task.
        let p2 = table(
            4,
            &[
                HEAD,
                &["", "đơn giản hóa TTHC", "", "", "", ""],
                &[
                    "",
                    "Công khai TTHC",
                    "Trung tâm",
                    "Các phòng",
                    "",
                    "Quý II năm 2026",
                ],
                &["III", "Nhiệm vụ khác", "", "", "", ""],
                &["", "của Sở", "", "", "", ""],
                &["1", "Tuyên truyền", "Trung tâm", "", "", "Thường xuyên"],
                &["II", "Báo cáo", "Trung tâm", "", "", "Thường xuyên"],
            ],
        );
        let (tables, tasks, _) = build(&[p1, p2], Some(2026));
        assert_eq!(tables.len(), 1);
        assert_eq!((tables[0].page_start, tables[0].page_end), (3, 4));
        assert_eq!(tables[0].roles[2].as_deref(), Some("lead_units"));
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["I.1", "II.2.1", "II.2.2", "III.1", "III.2"]);
        assert_eq!(
            tasks[4].number.as_deref(),
            Some("2"),
            "a task row's numeral is a misread number"
        );
        let t0 = &tasks[0];
        assert_eq!(t0.number.as_deref(), Some("1"));
        assert_eq!(
            t0.section_title.as_deref(),
            Some("Nhiệm vụ xây dựng thể chế")
        );
        assert_eq!(t0.deliverable.as_deref(), Some("Kế hoạch; Báo cáo"));
        assert_eq!(t0.deadline.kind, crate::export::DeadlineKind::Recurring);
        let t1 = &tasks[1];
        assert_eq!(
            t1.group_title.as_deref(),
            Some("Tổ chức thực hiện và kiểm soát TTHC")
        );
        assert_eq!(
            tasks[3].section_title.as_deref(),
            Some("Nhiệm vụ khác của Sở")
        );
        assert_eq!(t1.content, "Rà soát, đề xuất phương án đơn giản hóa TTHC");
        assert_eq!(t1.lead_units, ["Các phòng chuyên môn"]);
        assert_eq!(t1.source.rows, [7, 8]);
        assert_eq!(t1.deadline.end.as_deref(), Some("2026-05-30"));
        assert_eq!(tasks[2].deadline.start.as_deref(), Some("2026-04-01"));
        assert_eq!(tasks[2].source.page, 4);
    }

    #[test]
    fn a_title_in_capitals_cut_in_two_rows_is_one_title() {
        // Dev plan 953 as a fax: a row boundary read inside the section's
        // title. An unlabelled title in capitals after a task is still a
        // section whose label was lost.
        let t = table(
            1,
            &[
                HEAD,
                &["I", "KIỂM TRA, GIÁM SÁT", "", "", "", ""],
                &["1", "Rà soát", "Văn phòng", "", "", "Năm 2026"],
                &["II", "CẢI CÁCH TÀI CHÍNH", "", "", "", ""],
                &["", "CÔNG", "", "", "", ""],
                &["", "Báo cáo định kỳ", "Văn phòng", "", "", "Năm 2026"],
                &["", "DỰ PHÒNG", "", "", "", ""],
                &["", "Tập huấn", "Văn phòng", "", "", "Năm 2026"],
            ],
        );
        let (_, tasks, _) = build(&[t], Some(2026));
        let got: Vec<(Option<&str>, Option<&str>)> = tasks
            .iter()
            .map(|t| (t.section.as_deref(), t.section_title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("I"), Some("KIỂM TRA, GIÁM SÁT")),
                (Some("II"), Some("CẢI CÁCH TÀI CHÍNH CÔNG")),
                (Some("III"), Some("DỰ PHÒNG")),
            ]
        );
    }

    #[test]
    fn specks_beside_a_heading_row_leave_it_a_heading_table() {
        // (the group row's deadline cell as read, whether the row is a group)
        for (speck, group) in [("", true), ("m5", true), ("mw", true), ("5", false)] {
            let t = table(
                1,
                &[
                    HEAD,
                    &["I", "NHIỆM VỤ", "", "", "", ""],
                    &["1", "Kiểm soát thủ tục", "", "", "", ""],
                    &["1.1", "Ban hành kế hoạch", "Văn phòng", "", "", "Năm 2026"],
                    &["2", "Theo dõi thi hành", "", "", "", speck],
                    &["2.1", "Báo cáo định kỳ", "Văn phòng", "", "", "Năm 2026"],
                ],
            );
            let (_, tasks, _) = build(&[t], Some(2026));
            let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
            let want: &[&str] = match group {
                true => &["I.1.1", "I.2.1"],
                false => &["I.1.1", "I.1.2", "I.1.3"],
            };
            assert_eq!(ids, want, "{speck:?}");
        }
    }

    #[test]
    fn a_repeated_header_carries_a_table_whose_columns_drifted() {
        let row: &[&str] = &[
            "1",
            "Ban hành kế hoạch",
            "Văn phòng Sở",
            "",
            "",
            "Quý I/2026",
        ];
        let tail: &[&str] = &["", "", "", "Sở Tư pháp", "", ""];
        let p1 = table(2, &[HEAD, row]);
        let drifted = |rows: &[&[&str]]| {
            let mut t = table(3, rows);
            t.xs = vec![0.0, 140.0, 170.0, 300.0, 420.0, 480.0, 600.0];
            t
        };
        // Header repeated: the same table, whatever its columns measure.
        let (tables, tasks, _) = build(&[p1.clone(), drifted(&[HEAD, tail])], Some(2026));
        assert_eq!(tables.len(), 1);
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].cooperating_units, ["Sở Tư pháp"]);
        // The header read with the tail under it in one row (no rule
        // parts them): the tail is the task's.
        let joined: &[&str] = &[
            "Số TT",
            "Nội dung nhiệm vụ",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp Sở Tư pháp",
            "Sản phẩm",
            "Thời gian hoàn thành",
        ];
        let (tables, tasks, _) = build(&[p1.clone(), table(3, &[joined])], Some(2026));
        assert_eq!(tables.len(), 1);
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].cooperating_units, ["Sở Tư pháp"]);
        // No header and other columns: a table of its own.
        let (tables, _, _) = build(&[p1.clone(), drifted(&[tail])], Some(2026));
        assert_eq!(tables.len(), 2);
        // The header repeated split over two rows (a speck taken for a
        // rule across it): both are the header, not a task.
        let top: &[&str] = &[
            "Số",
            "Nội dung nhiệm vụ",
            "Đơn vị",
            "Đơn vị",
            "Sản phẩm",
            "Thời gian",
        ];
        let foot: &[&str] = &["TT", "", "chủ trì", "phối hợp", "", "hoàn thành"];
        let next: &[&str] = &["2", "Tổ chức hội nghị", "Văn phòng Sở", "", "", "Năm 2026"];
        let (tables, tasks, _) = build(&[p1, table(3, &[top, foot, next])], Some(2026));
        assert_eq!(tables.len(), 1);
        let numbers: Vec<Option<&str>> = tasks.iter().map(|t| t.number.as_deref()).collect();
        assert_eq!(numbers, [Some("1"), Some("2")]);
    }

    #[test]
    fn unreadable_content_header_falls_to_the_widest_free_column() {
        let mut roles = vec![
            Some(Role::Number),
            None,
            Some(Role::LeadUnits),
            None,
            Some(Role::Deadline),
        ];
        infer_roles(&mut roles, &[0.0, 30.0, 300.0, 400.0, 450.0, 520.0]);
        assert_eq!(roles[1], Some(Role::Content));
        assert_eq!(roles[3], None);
        // Not a task table: nothing is inferred.
        let mut list = vec![Some(Role::Number), None, Some(Role::Notes)];
        infer_roles(&mut list, &[0.0, 30.0, 300.0, 400.0]);
        assert_eq!(list[1], None);
        // A narrow first column whose "TT" was not read holds the labels;
        // a wide one does not.
        for (first, want) in [(30.0, Some(Role::Number)), (120.0, None)] {
            let mut roles = vec![None, Some(Role::Content), Some(Role::LeadUnits)];
            infer_roles(&mut roles, &[0.0, first, 400.0, 520.0]);
            assert_eq!(roles[0], want, "first column {first} wide");
        }
    }

    #[test]
    fn row_labels_undo_ocr_confusions() {
        for (raw, want) in [
            ("|", "I"),
            ("H", "II"),
            ("Ill", "III"),
            ("IV", "IV"),
            ("2.", "2."),
            ("", ""),
        ] {
            assert_eq!(label(raw), want);
        }
    }

    #[test]
    fn headers_of_tables_without_rules_table() {
        // Lines of words (x0, text) at y, 10 pt high; words 30 pt wide.
        let page = |lines: &[(f32, &[(f32, &'static str)])]| -> Vec<(Rect, &'static str)> {
            lines
                .iter()
                .flat_map(|(y, ws)| {
                    ws.iter().map(move |&(x, t)| {
                        let r = Rect {
                            x0: x,
                            y0: *y,
                            x1: x + 30.0,
                            y1: y + 10.0,
                        };
                        (r, t)
                    })
                })
                .collect()
        };
        let head: Lines = &[
            (
                100.0,
                &[
                    (50.0, "TT"),
                    (100.0, "Nhiệm"),
                    (132.0, "vụ"),
                    (200.0, "Đơn"),
                    (232.0, "vị"),
                    (300.0, "Thời"),
                    (332.0, "hạn"),
                ],
            ),
            (
                114.0,
                &[
                    (200.0, "chủ"),
                    (232.0, "trì"),
                    (300.0, "hoàn"),
                    (332.0, "thành"),
                ],
            ),
        ];
        type Lines<'a> = &'a [(f32, &'a [(f32, &'a str)])];
        // A paragraph above sets the page's word space: 5 pt.
        let para: Lines = &[(
            40.0,
            &[
                (50.0, "Các"),
                (85.0, "nhiệm"),
                (120.0, "vụ"),
                (155.0, "được"),
                (190.0, "giao"),
                (225.0, "tại"),
                (260.0, "Phụ"),
                (295.0, "lục"),
            ],
        )];
        // Word spaces wider than `word_gap` (bold type), within what the
        // page stretches a space to: "Nội | dung", "Đơn | vị chủ trì".
        let wide: Lines = &[
            (
                100.0,
                &[
                    (50.0, "TT"),
                    (100.0, "Nội"),
                    (138.0, "dung"),
                    (200.0, "Đơn"),
                    (238.0, "vị"),
                    (300.0, "Thời"),
                    (332.0, "hạn"),
                ],
            ),
            (114.0, &[(238.0, "chủ"), (270.0, "trì")]),
        ];
        // The same words a gutter apart are four columns no header names.
        let apart: Lines = &[
            (
                100.0,
                &[
                    (50.0, "TT"),
                    (100.0, "Nội"),
                    (142.0, "dung"),
                    (200.0, "Đơn"),
                    (242.0, "vị"),
                    (300.0, "Thời"),
                    (332.0, "hạn"),
                ],
            ),
            (114.0, &[(242.0, "chủ"), (274.0, "trì")]),
        ];
        // A justified line of running text: its spaces straddle `word_gap`
        // and part phrases that each name a column.
        let justified: Lines = &[(
            100.0,
            &[
                (50.0, "nhiệm"),
                (85.0, "vụ"),
                (121.0, "đơn"),
                (156.0, "vị"),
                (191.0, "chủ"),
                (226.0, "trì"),
                (262.0, "phối"),
                (297.0, "hợp"),
                (333.0, "thời"),
                (368.0, "hạn"),
            ],
        )];
        // A three-line header whose first row's words fall under its
        // phrases: under "Nội dung" a blank line or more below it.
        let close: Lines = &[
            (
                100.0,
                &[
                    (50.0, "TT"),
                    (100.0, "Nội"),
                    (132.0, "dung"),
                    (200.0, "Đơn"),
                    (232.0, "vị"),
                    (300.0, "Thời"),
                    (332.0, "gian"),
                ],
            ),
            (112.0, &[(200.0, "chủ"), (232.0, "trì"), (300.0, "thực")]),
            (124.0, &[(300.0, "hiện")]),
            (
                142.0,
                &[
                    (100.0, "Cập"),
                    (132.0, "nhật"),
                    (200.0, "Phòng"),
                    (232.0, "Văn"),
                    (300.0, "Thường"),
                ],
            ),
        ];
        // "Kết quả, | sản phẩm": each half names the deliverable column.
        let halves: Lines = &[(
            100.0,
            &[
                (50.0, "TT"),
                (100.0, "Nội"),
                (132.0, "dung"),
                (200.0, "Kết"),
                (232.0, "quả,"),
                (270.0, "sản"),
                (302.0, "phẩm"),
                (400.0, "Thời"),
                (432.0, "hạn"),
            ],
        )];
        // "Nội | dung | nhiệm | vụ": one name split three times, its
        // halves joined first, then the two names of one column.
        let thrice: Lines = &[
            (
                100.0,
                &[
                    (50.0, "TT"),
                    (100.0, "Nội"),
                    (138.0, "dung"),
                    (176.0, "nhiệm"),
                    (214.0, "vụ"),
                    (300.0, "Đơn"),
                    (338.0, "vị"),
                    (400.0, "Thời"),
                    (438.0, "hạn"),
                ],
            ),
            (114.0, &[(338.0, "chủ"), (370.0, "trì")]),
        ];
        let rows: [(&str, Vec<Lines>, Vec<f32>); 12] = [
            ("one column name in halves", vec![para, halves], vec![115.0]),
            (
                "one column name split thrice",
                vec![para, thrice],
                vec![129.0],
            ),
            (
                "first row under a close-set header",
                vec![close],
                vec![138.0],
            ),
            ("wide word spaces", vec![para, wide], vec![129.0]),
            ("gutters", vec![para, apart], vec![]),
            ("justified running text", vec![para, justified], vec![]),
            // The header's two lines, then a capitals heading (no label), a task row.
            (
                "header, heading, task",
                vec![
                    head,
                    &[
                        (130.0, &[(100.0, "CÔNG"), (132.0, "TÁC")]),
                        (
                            144.0,
                            &[(50.0, "1"), (100.0, "Xây"), (200.0, "Văn"), (300.0, "Quý")],
                        ),
                    ],
                ],
                vec![127.0],
            ),
            // A capitals heading clear of the header's phrases names no
            // column: the first row's, not a garbled header cell.
            (
                "header, heading clear of its phrases",
                vec![head, &[(128.0, &[(400.0, "CẢI"), (432.0, "CÁCH")])]],
                vec![126.0],
            ),
            // A garbled cell's last line alone on the header's last line
            // ("Cơ quan phốt" / "hợp") is the header's.
            (
                "garbled cell's last line",
                vec![&[
                    (
                        100.0,
                        &[
                            (50.0, "TT"),
                            (100.0, "Nhiệm"),
                            (132.0, "vụ"),
                            (200.0, "Thời"),
                            (232.0, "hạn"),
                            (300.0, "Cơ"),
                            (332.0, "quan"),
                            (400.0, "Đơn"),
                            (432.0, "vị"),
                        ],
                    ),
                    (112.0, &[(300.0, "phốt"), (400.0, "chủ"), (432.0, "trì")]),
                    (124.0, &[(300.0, "hợp")]),
                ]],
                vec![139.0],
            ),
            // A date under the deadline header is the body's.
            (
                "header, date",
                vec![head, &[(128.0, &[(300.0, "01/09/2026")])]],
                vec![126.0],
            ),
            // Running text: one phrase to a line.
            (
                "prose",
                vec![&[(
                    100.0,
                    &[
                        (50.0, "Đơn"),
                        (82.0, "vị"),
                        (114.0, "chủ"),
                        (146.0, "trì"),
                        (178.0, "thời"),
                        (210.0, "hạn"),
                    ],
                )]],
                vec![],
            ),
            // Two column names only.
            (
                "two columns",
                vec![&[(
                    100.0,
                    &[
                        (50.0, "Nhiệm"),
                        (82.0, "vụ"),
                        (200.0, "Thời"),
                        (232.0, "hạn"),
                    ],
                )]],
                vec![],
            ),
        ];
        for (what, lines, want) in rows {
            let words = page(&lines.concat());
            let got: Vec<f32> = find_headers(&words, 5.5).iter().map(|h| h.under).collect();
            assert_eq!(got, want, "{what}");
        }
        // A narrow column's "Số / TT / I" read as one word four lines
        // tall leaves the header's lines where they are.
        let body: Lines = &[(144.0, &[(50.0, "1"), (100.0, "Xây"), (200.0, "Văn")])];
        let mut words = page(&[head, body].concat());
        let under = find_headers(&words, 5.5);
        assert_eq!(under.len(), 1);
        // Readings added one after another that leave the header as it is:
        // (what, x0, y0, x1, y1, text).
        for (what, x0, y0, x1, y1, text) in [
            // A narrow column's "Số / TT / I" read as one word four lines
            // tall.
            ("tall", 10.0, 100.0, 40.0, 140.0, "¡ng"),
            // A speck read as a modifier letter between two header cells.
            ("speck", 190.0, 114.0, 195.0, 118.0, "ˆ"),
            // A stroke read as a digit between the number and task columns.
            ("stroke", 80.0, 96.0, 81.5, 112.0, "2"),
        ] {
            words.push((Rect { x0, y0, x1, y1 }, text));
            assert_eq!(find_headers(&words, 5.5), under, "{what}");
        }
    }

    #[test]
    fn two_level_numbers_misread_table() {
        // (read, last, group, first under the group, want)
        for (num, last, group, first, want) in [
            // The stop lost, read as a digit or doubled; strokes as letters.
            ("13", Some("1.2"), Some("1"), false, Some("1.3")),
            ("21", Some("1.3"), Some("2"), true, Some("2.1")),
            ("21", Some("1.3"), None, false, Some("2.1")),
            ("110", Some("1.9"), Some("1"), false, Some("1.10")),
            ("31", Some("1.3"), Some("3"), true, Some("3.1")),
            ("241", Some("1.3"), Some("2"), true, Some("2.1")),
            ("L.I", None, Some("1"), true, Some("1.1")),
            ("li", None, Some("1"), true, Some("1.1")),
            ("1..1", None, Some("1"), true, Some("1.1")),
            // The second part lost; a digit too many; unreadable.
            ("1", None, Some("1"), true, Some("1.1")),
            ("34.1", Some("2.2"), Some("3"), true, Some("3.1")),
            ("?", Some("2.2"), Some("3"), true, Some("3.1")),
            ("?", Some("3.1"), Some("3"), false, Some("3.2")),
            // As printed: in the run, a gap the document has, nothing to
            // go by, a clean label of the group that is not next.
            ("1.3", Some("1.2"), Some("1"), false, Some("1.3")),
            ("17", Some("1.2"), Some("1"), false, None),
            ("1.5", Some("1.2"), Some("1"), false, None),
            ("13", None, None, true, None),
            ("5", Some("1.4"), Some("1"), false, None),
            ("?", None, None, true, None),
            ("Ghi chú", Some("1.1"), Some("1"), false, None),
        ] {
            assert_eq!(
                two_level_label(num, last, group, first, true).as_deref(),
                want,
                "{num} after {last:?} under {group:?}"
            );
        }
        // No two-level label seen yet: only a stop read as a character.
        for (num, last, group, first, want) in [
            ("241", None, Some("2"), true, Some("2.1")),
            ("21", None, Some("2"), true, None),
            ("1", None, Some("1"), true, None),
            ("?", None, Some("3"), true, None),
        ] {
            assert_eq!(
                two_level_label(num, last, group, first, false).as_deref(),
                want,
                "{num} after {last:?} under {group:?}"
            );
        }
    }

    #[test]
    fn task_numbers_that_break_the_run_table() {
        for (num, last, next, want) in [
            // "3" broken into "4" before the real "4"; with its stop kept.
            ("4", Some(2), Some("4"), "3"),
            ("4.", Some(2), Some("4."), "3."),
            ("8.", Some(2), Some("4."), "3."),
            // In sequence, or a gap the document has: as printed.
            ("3", Some(2), Some("4"), "3"),
            ("4", Some(2), Some("5"), "4"),
            // Nothing to go by: first task, last task, a heading next.
            ("4", None, Some("2"), "4"),
            ("4", Some(2), None, "4"),
            ("4", Some(2), Some("III"), "4"),
            ("", Some(2), Some("4"), ""),
        ] {
            let next: Vec<String> = next.into_iter().map(String::from).collect();
            assert_eq!(in_sequence(num, last, &next), want, "{num} after {last:?}");
        }
        // The run carried on past unread labels; a section ends the look.
        let labels = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(in_sequence("1", Some(6), &labels(&["?", "9"])), "7");
        assert_eq!(in_sequence("1", Some(6), &labels(&["?", "10"])), "1");
        assert_eq!(in_sequence("1", Some(6), &labels(&["II", "8"])), "1");
        for (num, expected, want) in [
            ("L", vec![1], Some("1")),
            ("l2", vec![12], Some("12")),
            ("I", vec![3], None),
            ("3", vec![3], None),
            ("L", vec![4], None),
        ] {
            assert_eq!(stroke_digits(num, &expected).as_deref(), want, "{num}");
        }
    }

    #[test]
    fn group_labels_misread_and_an_unread_number_header() {
        // The "TT" header unread, the first group's "1" read as "4", the
        // next section's "II" as "1" over a title in capitals.
        let mut t = table(
            2,
            &[
                &["", "Nội dung", "Đơn vị chủ trì", "Thời hạn"],
                &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                &["4", "Rà soát văn bản", "", ""],
                &["", "Nhiệm vụ một", "Phòng Tư pháp", "Tháng 3/2026"],
                &["2", "Kiểm soát thủ tục", "", ""],
                &["", "Nhiệm vụ hai", "Phòng Nội vụ", "Tháng 4/2026"],
                &["1", "CẢI CÁCH TÀI CHÍNH CÔNG", "", ""],
                &["1", "Công khai ngân sách", "", ""],
                &["", "Nhiệm vụ ba", "Phòng Tài chính", "Tháng 5/2026"],
            ],
        );
        t.xs = vec![0.0, 30.0, 330.0, 430.0, 530.0];
        let (_, tasks, _) = build(&[t], Some(2026));
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["I.1.1", "I.2.1", "II.1.1"]);
        assert_eq!(
            tasks[2].section_title.as_deref(),
            Some("CẢI CÁCH TÀI CHÍNH CÔNG")
        );
        // A section's only group read "4" is its first; a document that
        // numbers its groups on across sections keeps "3".
        let rows: &[&[&str]] = &[
            &["TT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"],
            &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
            &["4", "Rà soát văn bản", "", ""],
            &["", "Nhiệm vụ một", "Phòng Tư pháp", "Tháng 3/2026"],
            &["II", "CẢI CÁCH TÀI CHÍNH CÔNG", "", ""],
            &[
                "1",
                "Công khai ngân sách",
                "Phòng Tài chính",
                "Tháng 5/2026",
            ],
            &["III", "CHUYỂN ĐỔI SỐ", "", ""],
            &["1", "Hạ tầng số", "", ""],
            &["", "Nhiệm vụ hai", "Phòng Nội vụ", "Tháng 4/2026"],
            &["2", "Dữ liệu số", "", ""],
            &["", "Nhiệm vụ ba", "Phòng Nội vụ", "Tháng 4/2026"],
            &["IV", "KIỂM TRA", "", ""],
            &["3", "Kiểm tra", "", ""],
            &["", "Nhiệm vụ bốn", "Phòng Nội vụ", "Tháng 4/2026"],
        ];
        let (_, tasks, _) = build(&[table(2, rows)], Some(2026));
        let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["I.1.1", "II.1", "III.1.1", "III.2.1", "IV.3.1"]);
    }

    #[test]
    fn a_section_label_read_again_is_the_next_section() {
        // "III" read "II" over a title in capitals; tasks without numbers.
        let mut t = table(
            2,
            &[
                &["TT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"],
                &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                &["", "Nhiệm vụ một", "Phòng Tư pháp", "Tháng 3/2026"],
                &["II", "CẢI CÁCH TÀI CHÍNH CÔNG", "", ""],
                &["", "Nhiệm vụ hai", "Phòng Nội vụ", "Tháng 4/2026"],
                &["II", "CHUYỂN ĐỔI SỐ", "", ""],
                &["", "Nhiệm vụ ba", "Phòng Tài chính", "Tháng 5/2026"],
                &["IV", "CÔNG TÁC KHÁC", "", ""],
                &["", "Nhiệm vụ bốn", "Phòng Tài chính", "Tháng 6/2026"],
            ],
        );
        t.xs = vec![0.0, 30.0, 330.0, 430.0, 530.0];
        let (_, tasks, _) = build(&[t], Some(2026));
        let sections: Vec<Option<&str>> = tasks.iter().map(|t| t.section.as_deref()).collect();
        assert_eq!(sections, [Some("I"), Some("II"), Some("III"), Some("IV")]);
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_one_task() {
        // The rest of task 1 opens page 3 with a capital ("Hệ thống") and
        // the tail of a unit's name: no new task, in a numbered table.
        let header: &[&str] = &["TT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"];
        let p2 = table(
            2,
            &[
                header,
                &["1", "Cập nhật dữ liệu lên", "Chi cục An", "Tháng 3/2026"],
            ],
        );
        let mut p3 = table(
            3,
            &[
                &["", "Hệ thống thông tin", "toàn vệ sinh thực phẩm", ""],
                &[
                    "2",
                    "Công khai ngân sách",
                    "Phòng Tài chính",
                    "Tháng 4/2026",
                ],
            ],
        );
        p3.xs = p2.xs.clone();
        let (_, tasks, _) = build(&[p2, p3], Some(2026));
        let got: Vec<(&str, &str)> = tasks
            .iter()
            .map(|t| (t.id.as_str(), t.content.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("1", "Cập nhật dữ liệu lên Hệ thống thông tin"),
                ("2", "Công khai ngân sách")
            ]
        );
        assert_eq!(tasks[0].lead_units, ["Chi cục An toàn vệ sinh thực phẩm"]);
    }

    #[test]
    fn a_column_split_by_a_false_boundary_carries_the_table_on() {
        // A streak beside the lead units' text on a JPEG, or the gap in
        // a repeated header's wrapped "Đơn vị chủ trì", drew one boundary
        // more on page 3, and its half column holds nothing below.
        let header: &[&str] = &["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"];
        let p2 = table(
            2,
            &[
                header,
                &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                &["1", "Rà soát văn bản", "Sở Tư pháp", "Sở Nội vụ"],
                &["II", "CẢI CÁCH TÀI CHÍNH CÔNG", "", ""],
            ],
        );
        let third = |first: &[&str], half: &str| {
            let mut p3 = table(
                3,
                &[
                    first,
                    &["1", "Công khai ngân sách", "Sở Tài chính", half, "Sở Y tế"],
                    &["2", "Kiểm tra", "Thanh tra tỉnh", "", "Sở Nội vụ"],
                ],
            );
            p3.xs = vec![0.0, 100.0, 200.0, 262.0, 300.0, 400.0];
            p3
        };
        let repeated: &[&str] = &["TT", "Nội dung", "Đơn vị chủ", "trì", "Đơn vị phối hợp"];
        let task0: &[&str] = &["", "", "", "", ""];
        for first in [repeated, task0] {
            let (tables, tasks, _) = build(&[p2.clone(), third(first, "")], Some(2026));
            assert_eq!(tables.len(), 1, "{first:?}");
            let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(ids, ["I.1", "II.1", "II.2"], "{first:?}");
            assert_eq!(tasks[1].lead_units, ["Sở Tài chính"]);
            assert_eq!(tasks[2].cooperating_units, ["Sở Nội vụ"]);
        }
        // A column with text in a row of its own is a column: another table.
        let (tables, _, _) = build(&[p2, third(repeated, "Ghi chú")], Some(2026));
        assert_eq!(tables.len(), 2);
    }

    #[test]
    fn a_label_read_into_the_next_column_is_its_rows_number() {
        // Page 3 holds one row under the repeated header: the gutter
        // between its label and its content was too short to part them.
        let header: &[&str] = &["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"];
        let p2 = table(
            2,
            &[
                header,
                &["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                &["1", "Rà soát văn bản", "Sở Tư pháp", "Sở Nội vụ"],
            ],
        );
        let third = |cell: &str, x0: f32| {
            let mut p3 = table(
                3,
                &[
                    &["TT Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"],
                    &[cell, "Thanh tra tỉnh", "Sở Y tế"],
                ],
            );
            p3.xs = vec![x0, 195.0, 300.0, 400.0];
            p3
        };
        // Its middle under the content (x0 30) or the number (x0 4).
        for x0 in [30.0, 4.0] {
            let (tables, tasks, _) =
                build(&[p2.clone(), third("2 Kiểm tra hồ sơ", x0)], Some(2026));
            assert_eq!(tables.len(), 1);
            let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(ids, ["I.1", "I.2"], "{x0}");
            assert_eq!(tasks[1].content, "Kiểm tra hồ sơ", "{x0}");
            assert_eq!(tasks[1].lead_units, ["Thanh tra tỉnh"]);
        }
        // Text that opens with no label stays the content: the rest of
        // the task before.
        let (_, tasks, _) = build(&[p2, third("Kiểm tra 2 lần", 30.0)], Some(2026));
        assert_eq!(tasks.len(), 1);
        assert!(
            tasks[0].content.ends_with("Kiểm tra 2 lần"),
            "{}",
            tasks[0].content
        );
    }

    #[test]
    fn a_page_that_lost_an_outer_column_carries_the_table_on() {
        // Page 4 repeats the header and the rest of task 3's units, its
        // grid without the number column's rule.
        let header: &[&str] = &["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"];
        let p3 = table(
            3,
            &[
                header,
                &[
                    "3",
                    "Công khai ngân sách",
                    "Phòng Tài chính",
                    "Sở Y tế;\nTrung tâm Y tế khu vực",
                ],
            ],
        );
        let mut p4 = table(
            4,
            &[
                &["Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"],
                &["", "", "15; Thanh tra tỉnh"],
            ],
        );
        p4.xs = vec![102.0, 199.0, 301.0, 398.0];
        let (tables, tasks, _) = build(&[p3, p4], Some(2026));
        assert_eq!(tables.len(), 1);
        assert_eq!(tasks.len(), 1);
        assert_eq!(
            tasks[0].cooperating_units,
            ["Sở Y tế", "Trung tâm Y tế khu vực 15", "Thanh tra tỉnh"]
        );
        // A table without rules placed by its text drifts: it continues
        // when it repeats the header, and is another table when not.
        for (first, tables_want) in [
            (&["Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp"], 1),
            (&["Kết quả", "Sở Y tế", "Ghi chú"], 2),
        ] {
            let p3 = table(
                3,
                &[
                    header,
                    &["3", "Công khai ngân sách", "Phòng Tài chính", "Sở Y tế"],
                ],
            );
            let mut p4 = table(4, &[first, &["", "", "Thanh tra tỉnh"]]);
            p4.xs = vec![130.0, 180.0, 320.0, 390.0];
            let (tables, _, _) = build(&[p3, p4], Some(2026));
            assert_eq!(tables.len(), tables_want, "{first:?}");
        }
        // Columns elsewhere are another table.
        assert_eq!(
            columns_under(&[0.0, 100.0, 200.0, 300.0], &[0.0, 40.0, 80.0]),
            None
        );
        assert_eq!(
            columns_within(&[0.0, 100.0, 200.0, 300.0, 400.0], &[0.0, 150.0, 300.0]),
            None
        );
        assert_eq!(
            columns_within(&[0.0, 100.0, 200.0, 300.0], &[0.0, 100.0, 200.0, 300.0]),
            None
        );
    }

    #[test]
    fn a_list_of_units_is_a_table_without_tasks() {
        let t = table(
            9,
            &[
                &["STT", "Cơ quan/đơn vị", "Ghi chú"],
                &["I", "Các sở", ""],
                &["1.", "Sở Tài chính", ""],
            ],
        );
        let (tables, tasks, _) = build(&[t], None);
        assert_eq!(tables.len(), 1);
        assert!(tasks.is_empty());
    }
    #[test]
    fn an_unread_group_label_after_tasks_without_numbers_is_the_next_group() {
        // Groups 2 and 3 of section II lost their labels ("?"); group 1's
        // tasks have no numbers and group 2's are "2.1": the group after
        // is the one after the last group, not group 1 again.
        let t = table(
            2,
            &[
                &["STT", "Nội dung", "Thời gian thực hiện", "Đơn vị chủ trì"],
                &["I", "NHIỆM VỤ TRỌNG TÂM", "", ""],
                &[
                    "1",
                    "Thực hiện cơ chế tự chủ",
                    "Quý I năm 2026",
                    "Văn phòng HĐND và UBND",
                ],
                &["II", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", ""],
                &["1", "Kiểm soát quy định thủ tục", "", ""],
                &[
                    "",
                    "Cung cấp số liệu",
                    "Tháng 6 năm 2026",
                    "Điện lực Đam Rông",
                ],
                &["", "Cung cấp dữ liệu", "Năm 2026", "Công an xã"],
                &["?", "Thực hiện cơ chế một cửa", "", ""],
                &[
                    "2.1",
                    "Rà soát các văn bản",
                    "Hằng năm",
                    "Trường THCS Đam Rông",
                ],
                &["?", "Tuyên truyền, phổ biến", "", ""],
                &[
                    "",
                    "Kiện toàn Tổ công tác",
                    "Năm 2026",
                    "Văn phòng HĐND và UBND",
                ],
                &[
                    "",
                    "Theo dõi, đôn đốc",
                    "Trước tháng 8/2026",
                    "Các phòng chuyên môn",
                ],
            ],
        );
        let (_, tasks, _) = build(&[t], Some(2026));
        let ids: Vec<(&str, Option<&str>)> = tasks
            .iter()
            .map(|t| (t.id.as_str(), t.group_title.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("I.1", None),
                ("II.1.1", Some("Kiểm soát quy định thủ tục")),
                ("II.1.2", Some("Kiểm soát quy định thủ tục")),
                ("II.2.1", Some("Thực hiện cơ chế một cửa")),
                ("II.3.1", Some("Tuyên truyền, phổ biến")),
                ("II.3.2", Some("Tuyên truyền, phổ biến")),
            ]
        );
    }
}
