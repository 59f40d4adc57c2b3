//! Tables without column rules (part of the geometry stage): a binary page
//! and the long horizontal rules no ruled grid owns in, the tables those
//! rules head out, as [`Grid`]s like ruled ones.
//!
//! Many plans rule only the line under the header row, or only the rows.
//! There the header names the columns: its words, grouped, give one cluster
//! per column, and each boundary goes in the gutter the body leaves between
//! two clusters. Rows start at a rule, at a label in a narrow first column,
//! at a line where a column that was empty has text again (cells are
//! top-aligned, so inside a row a column never restarts), or after a gap
//! well over the line pitch.

use super::{median, Binary, Cell, Grid, Rule, MAX_HEADER_LINES, WORD_GAP_PT};
use crate::geometry::Rect;

/// How far (points) ink must reach past a column boundary on both sides
/// to cross it.
const CROSS_PT: f32 = 4.0;
/// A row of ink over this share of a table's width is a rule.
const INKED_ACROSS: f32 = 0.7;
/// An unbroken run of ink this many times the least line height long is
/// a rule: a letter's stroke is never wider than a few line heights'
/// fraction ("—" is about one).
const RULE_RUN_LINES: usize = 6;
/// Ink shorter than this (in points) is a sliver, not a line.
const MIN_LINE_PT: f32 = 4.0;
/// A header line more than this share of its height above the next one
/// belongs to the text above the table.
const HEADER_GAP: f32 = 0.6;
/// The header's last line sits over its rule by the cell's padding, which
/// a table may make as deep as a line: more than this many of its heights
/// and the line is text above a rule that heads nothing.
const HEADER_PADDING: f32 = 1.2;
/// Header lines this much further apart than the body's line pitch are
/// still one header (a header may be set a little looser).
const LEADING_SLACK: f32 = 1.25;
/// A gap of this many line heights ends the table.
const END_GAP: f32 = 2.5;
/// A gutter may be crossed by this share of the lines beside it (headings
/// that span columns).
const CROSSING: f32 = 0.25;
/// A line pitch this many times the table's usual one starts a row.
const ROW_PITCH: f32 = 1.35;
/// Rows seen to start this many line pitches apart at least are set apart
/// by padding: a pitch halfway between starts a row too.
const PADDED_ROWS: f32 = 1.25;
/// A first column narrower than this share of the table holds row labels.
pub const LABEL_COLUMN: f32 = 0.12;
/// Words of a header cell stand at most this many of their letters'
/// heights apart (a space and the letters' side bearings: 0.6-0.9 of the
/// height of a lower-case letter, less beside capitals); cells stand
/// two paddings apart at least.
const HEADER_WORD_SPACE: f32 = 1.2;
/// Horizontal rules at least this share of the page wide can head a table.
const MIN_HEAD_RULE: f32 = 0.4;

/// Rows of a band of ink across the table: a text line or a rule.
#[derive(Debug, Clone, PartialEq)]
struct Band {
    y0: usize,
    y1: usize,
    /// Centre of the line's body (rows inked at least half as much as its
    /// busiest): accents and descenders do not move it. Two lines whose
    /// marks touch are one band: the centres of its first and last line.
    cores: (f32, f32),
    /// Rows in the longest run of the line's busy rows: the height of its
    /// lower-case letters (of its capitals, in a line of capitals).
    x_height: usize,
    rule: bool,
}

impl Band {
    fn height(&self) -> usize {
        self.y1 - self.y0
    }

    /// The height of one of its lines: lines whose marks touch, or the
    /// lines of cells of unlike depth set beside each other (a header's
    /// "Số TT" beside "Đơn vị / chủ trì / thực hiện"), make one tall band.
    fn line_height(&self) -> usize {
        let between = (self.cores.1 - self.cores.0).max(0.0) as usize;
        self.height().saturating_sub(between)
    }

    /// From this band's last line to the first line of `below`.
    fn pitch_to(&self, below: &Band) -> f32 {
        below.cores.0 - self.cores.1
    }
}

/// A band taller than this many of the page's middle line holds two.
const TWO_LINES: f32 = 1.6;

/// The bands of `x0..x1` down the whole page. Rows on one of `rules` are
/// rule bands; a sliver of ink shorter than `min_text` (accents over a line
/// of capitals) joins the line just below it, or is dropped.
fn bands(b: &Binary, x0: usize, x1: usize, rules: &[Rule], min_text: usize) -> Vec<Band> {
    // A row inked across most of the width, or along a run no letter
    // makes, is a rule the rule finder missed (thin, broken by a scan's
    // noise, or left a little askew by deskewing): text never inks so.
    let long = min_text * RULE_RUN_LINES;
    let mut ink = vec![0usize; b.h];
    // Each row's longest run of ink, (start, end).
    let mut runs = vec![(0usize, 0usize); b.h];
    for y in 0..b.h {
        let mut start = x0;
        for x in x0..x1 {
            if b.at(x, y) {
                ink[y] += 1;
                if x + 1 - start > runs[y].1 - runs[y].0 {
                    runs[y] = (start, x + 1);
                }
            } else {
                start = x + 1;
            }
        }
    }
    let off = min_text / 2 + 1;
    // Thin: half a line height above and below it, the run's span is
    // mostly blank (a word's box drawn solid is not).
    let thin = |y: usize| {
        let (a, e) = runs[y];
        let blank = |yy: usize| (a..e).filter(|&x| b.at(x, yy)).count() * 2 < e - a;
        (y < off || blank(y - off)) && (y + off >= b.h || blank(y + off))
    };
    let wide = (x1.saturating_sub(x0) as f32 * INKED_ACROSS) as usize;
    let on_rule = |y: usize| {
        let thin_across = {
            let lighter = |yy: usize| ink[yy] * 2 < ink[y];
            (y < off || lighter(y - off)) && (y + off >= b.h || lighter(y + off))
        };
        (ink[y] > wide.max(1) && thin_across)
            || (runs[y].1 - runs[y].0 > long && thin(y))
            || rules
                .iter()
                .any(|r| (y as f32 - r.pos).abs() <= r.thick / 2.0 + 1.5)
    };
    // Rule rows count as no ink: a rule is a band of its own.
    let counts: Vec<usize> = (0..b.h)
        .map(|y| if on_rule(y) { 0 } else { ink[y] })
        .collect();
    let mut raw: Vec<Band> = Vec::new();
    let mut y = 0;
    while y < b.h {
        let rule = on_rule(y);
        if counts[y] == 0 && !rule {
            y += 1;
            continue;
        }
        let y0 = y;
        while y < b.h && on_rule(y) == rule && (rule || counts[y] > 0) {
            y += 1;
        }
        raw.push(Band {
            y0,
            y1: y,
            cores: (0.0, 0.0),
            x_height: 0,
            rule,
        });
    }
    let mass = |bd: &Band| counts[bd.y0..bd.y1].iter().sum::<usize>();
    // Marks over the line just below: bold capitals' accents stand as
    // tall as `min_text`, yet they are a row or two over their letters,
    // half as tall and far lighter.
    let marks_over = |bd: &Band, under: Option<&Band>| {
        under.is_some_and(|u| {
            !u.rule
                && u.y0 - bd.y1 <= min_text / 4
                && bd.height() * 2 < u.height()
                && mass(bd) * 4 < mass(u)
        })
    };
    let mut out: Vec<Band> = Vec::new();
    let mut outer: Vec<(f32, f32)> = Vec::new();
    let mut sliver: Option<(usize, usize)> = None;
    for (i, band) in raw.iter().enumerate() {
        let band = band.clone();
        if band.rule {
            sliver = None;
            out.push(band);
            continue;
        }
        let y0 = match sliver.take() {
            Some((s0, s1)) if band.y0 - s1 <= min_text => s0,
            _ => band.y0,
        };
        if band.y1 - y0 < min_text || marks_over(&band, raw.get(i + 1)) {
            sliver = Some((y0, band.y1));
            continue;
        }
        let most = counts[y0..band.y1].iter().copied().max().unwrap_or(0);
        let busy: Vec<usize> = (y0..band.y1).filter(|&y| counts[y] * 2 >= most).collect();
        // Two lines whose accents touch are one band: its busy rows are
        // two runs, each a line's letters.
        let runs: Vec<&[usize]> = busy.chunk_by(|a, b| b - a == 1).collect();
        let x_height = runs.iter().map(|r| r.len()).max().unwrap_or(0);
        let centre = |r: &[usize]| (r[0] + r[r.len() - 1]) as f32 / 2.0;
        let whole = centre(&busy);
        outer.push((centre(runs[0]), centre(runs[runs.len() - 1])));
        out.push(Band {
            y0,
            cores: (whole, whole),
            x_height,
            ..band
        });
    }
    two_lines_apart(&mut out, &outer);
    out
}

/// Bands of two lines whose marks touch keep their lines' centres
/// (`outer`: each band's first and last run of busy rows): a band as
/// tall as two of the page's lines, its runs a line apart. A line's own
/// runs (the top and foot of its letters) are closer, its band shorter.
fn two_lines_apart(bands: &mut [Band], outer: &[(f32, f32)]) {
    let Some(line) = median(
        bands
            .iter()
            .filter(|b| !b.rule)
            .map(|b| b.height() as f32)
            .collect(),
    ) else {
        return;
    };
    let lines = bands.iter_mut().filter(|b| !b.rule);
    for (band, &(first, last)) in lines.zip(outer) {
        if band.height() as f32 > TWO_LINES * line && last - first > 0.5 * line {
            band.cores = (first, last);
        }
    }
}

/// Inked runs of columns `x0..x1` over rows `y0..y1`, runs closer than
/// `gap` joined: the words of a line (or of several) grouped into phrases.
fn spans(
    b: &Binary,
    x0: usize,
    x1: usize,
    y0: usize,
    y1: usize,
    gap: usize,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for x in x0..x1 {
        if !(y0..y1).any(|y| b.at(x, y)) {
            continue;
        }
        match out.last_mut() {
            Some(last) if x - last.1 < gap => last.1 = x + 1,
            _ => out.push((x, x + 1)),
        }
    }
    out
}

/// The horizontal rules that may head a table ruled only under its header:
/// long, and owned by no ruled grid; top to bottom.
pub fn head_rules(hs: &[Rule], grids: &[Grid], page_width: usize, dpi: u32) -> Vec<Rule> {
    let tol = 4.0 * dpi as f32 / 72.0;
    let mut heads: Vec<Rule> = collinear_joined(hs, tol)
        .into_iter()
        .filter(|h| h.b - h.a >= MIN_HEAD_RULE * page_width as f32)
        .filter(|h| {
            !grids.iter().any(|g| {
                h.pos >= g.bbox.y0 - tol
                    && h.pos <= g.bbox.y1 + tol
                    && h.a < g.bbox.x1
                    && h.b > g.bbox.x0
            })
        })
        .collect();
    heads.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    heads
}

/// `hs` with the pieces of one rule joined: pieces lying within `tol`
/// of each other across and along. A scanned rule a fraction of a degree
/// off square, or stepped where a fax shifted its lines, is found as
/// pieces on neighbouring rows, some shorter than the rule; a table
/// headed by the shortest loses the columns beyond its end. The joined
/// rule lies where its longest piece does.
fn collinear_joined(hs: &[Rule], tol: f32) -> Vec<Rule> {
    let mut sorted = hs.to_vec();
    sorted.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.a.total_cmp(&b.a)));
    // Each joined rule with its longest piece (where it lies).
    let mut out: Vec<(Rule, Rule)> = Vec::new();
    for h in sorted {
        let near = |r: &Rule| (h.pos - r.pos).abs() <= tol && h.a <= r.b + tol && h.b >= r.a - tol;
        // A piece may bridge two joined so far: all of them become one.
        let (mut joined, rest): (Vec<_>, Vec<_>) = out.into_iter().partition(|(r, _)| near(r));
        joined.push((h, h));
        out = rest;
        let one = joined.into_iter().reduce(|(r, p), (s, q)| {
            let longest = if q.b - q.a > p.b - p.a { q } else { p };
            let span = Rule {
                a: r.a.min(s.a),
                b: r.b.max(s.b),
                ..longest
            };
            (span, longest)
        });
        out.extend(one);
    }
    out.into_iter().map(|(r, _)| r).collect()
}

/// A rule laid under a header found by its words ([`crate::records::find_headers`]),
/// moved into the blank rows between the header and the first row, just
/// under the header's ink: OCR's word boxes overshoot the letters (and a
/// despeckled page loses the dots under "ệ"), and a header is known by
/// lying close to its rule.
pub fn settle_under_ink(b: &Binary, rule: Rule, dpi: u32) -> Rule {
    let (x0, x1) = (
        rule.a.max(0.0) as usize,
        (rule.b.max(0.0) as usize).min(b.w),
    );
    let reach = (SETTLE_PT * dpi as f32 / 72.0) as usize;
    let at = (rule.pos.max(0.0) as usize).min(b.h.saturating_sub(1));
    let (lo, hi) = (at.saturating_sub(reach), (at + reach).min(b.h));
    let blank: Vec<bool> = (lo..hi).map(|y| !(x0..x1).any(|x| b.at(x, y))).collect();
    // The widest run of blank rows, the nearest to the rule of equals.
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < blank.len() {
        if !blank[i] {
            i += 1;
            continue;
        }
        let s = i;
        while i < blank.len() && blank[i] {
            i += 1;
        }
        let far = |(a, e): (usize, usize)| (lo + (a + e) / 2).abs_diff(at);
        if best.is_none_or(|(a, e)| i - s > e - a || i - s == e - a && far((s, i)) < far((a, e))) {
            best = Some((s, i));
        }
    }
    match best {
        Some((s, e)) => Rule {
            pos: (lo + s + (e - s).min(4) / 2) as f32,
            ..rule
        },
        None => rule,
    }
}

/// A rule laid under a header found by its words, widened over the ink
/// beside its ends in the header's rows (`top` down to the rule): a
/// header cell whose words OCR's page layout dropped with its column
/// ("Số TT" over "1", "2", "3"). Ink joins across blank columns no wider
/// than a gutter of a table (`GUTTER_REACH_PT`), in pieces at least a
/// line's letters tall (specks are not); ink touching the page's edge
/// (a scanner's shadow, a punched hole) ends the reach.
pub fn widen_to_ink(b: &Binary, rule: Rule, top: f32, dpi: u32) -> Rule {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as usize;
    let (y0, y1) = (top.max(0.0) as usize, (rule.pos.max(0.0) as usize).min(b.h));
    let (a, e) = (
        rule.a.max(0.0) as usize,
        (rule.b.max(0.0) as usize).min(b.w),
    );
    if y1 <= y0 || e <= a || b.w == 0 {
        return rule;
    }
    let inked: Vec<bool> = (0..b.w).map(|x| (y0..y1).any(|y| b.at(x, y))).collect();
    // The rows a run of columns inks: a line's letters, or a speck.
    let tall = |xs: std::ops::Range<usize>| {
        (y0..y1).filter(|&y| xs.clone().any(|x| b.at(x, y))).count() >= px(MIN_LINE_PT)
    };
    let (reach, pad) = (px(GUTTER_REACH_PT), px(crate::tables::WORD_GAP_PT));
    let left = reach_out(&inked, a, reach, &tall);
    let mirrored: Vec<bool> = inked.iter().rev().copied().collect();
    let w = b.w;
    let right = reach_out(&mirrored, w - e, reach, &|r: std::ops::Range<usize>| {
        tall(w - r.end..w - r.start)
    })
    .map(|x| w - x);
    Rule {
        a: left.map_or(rule.a, |x| rule.a.min(x.saturating_sub(pad) as f32)),
        b: right.map_or(rule.b, |x| rule.b.max((x + pad).min(w) as f32)),
        ..rule
    }
}

/// Leftward from column `from` of `inked`: the left edge of the furthest
/// piece of ink that `letters` accepts, each within `reach` blank columns
/// of the one before (or of `from`); a piece touching column 0 ends it.
fn reach_out(
    inked: &[bool],
    from: usize,
    reach: usize,
    letters: &dyn Fn(std::ops::Range<usize>) -> bool,
) -> Option<usize> {
    let (mut edge, mut x, mut found) = (from.min(inked.len()), from.min(inked.len()), None);
    while let Some(end) = (0..x).rev().find(|&i| inked[i]) {
        if edge - end - 1 > reach {
            break;
        }
        let start = (0..end).rev().find(|&i| !inked[i]).map_or(0, |i| i + 1);
        if start == 0 {
            break;
        }
        if letters(start..end + 1) {
            edge = start;
            found = Some(start);
        }
        x = start;
    }
    found
}

/// How far (points) beyond a header's known ends ink may lie and still be
/// its: a gutter between two columns of a table drawn without rules, with
/// a narrow column's header centred in it.
const GUTTER_REACH_PT: f32 = 24.0;

/// How far (points) a rule laid under a header's words may move to lie
/// under its ink: about a line.
const SETTLE_PT: f32 = 12.0;

/// The tables `heads` (from [`head_rules`]) head, top to bottom. `hs` are
/// all the page's horizontal rules: those across a table's body rule its
/// rows apart (and head no table of their own).
pub fn open_tables(b: &Binary, hs: &[Rule], heads: &[Rule], dpi: u32) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::new();
    for r in heads {
        if out.last().is_some_and(|g| r.pos <= g.bbox.y1) {
            continue;
        }
        // The rules across this one's width.
        let across: Vec<Rule> = hs
            .iter()
            .filter(|h| h.b.min(r.b) - h.a.max(r.a) >= 0.5 * (r.b - r.a))
            .copied()
            .collect();
        if let Some(g) = open_table(b, r, &across, dpi) {
            out.push(g);
        }
    }
    out
}

fn open_table(b: &Binary, rule: &Rule, rules: &[Rule], dpi: u32) -> Option<Grid> {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as usize;
    let (x0, x1) = ((rule.a.max(0.0)) as usize, (rule.b as usize).min(b.w));
    let all = bands(b, x0, x1, rules, px(MIN_LINE_PT));
    let at = all.iter().position(|bd| {
        bd.rule && bd.y0 as f32 <= rule.pos + 2.0 && bd.y1 as f32 >= rule.pos - 2.0
    })?;

    let body = body_bands(&all[at + 1..], all[at].y1);
    let lines: Vec<&Band> = body.iter().copied().filter(|bd| !bd.rule).collect();
    let pitch = median(lines.windows(2).map(|w| w[0].pitch_to(w[1])).collect());
    let header = header_lines(&all[..=at], pitch);
    let (head_top, head_bottom) = (header.last()?.y0, header.first()?.y1);
    let x_height = header.iter().map(|h| h.x_height).max().unwrap_or(0);
    let head = (head_top, head_bottom, x_height);
    let xs = columns(b, (x0, x1), head, &lines, dpi)?;
    // Above the header, halfway to the text over it (at most 3 pt).
    let over = all[..at]
        .iter()
        .rfind(|bd| bd.y1 <= head_top)
        .map_or(0, |bd| bd.y1);
    let top = head_top.saturating_sub(px(3.0).min((head_top - over) / 2)) as f32;
    body_grid(b, xs, &body, Some((top, rule.pos)), all[at].y1 as f32, dpi)
}

/// The header of a table whose rule is the last of `bands`: the lines
/// right above the rule, bottom up, up to a wider gap than the header's
/// own or than the body's line `pitch` (a header may set its lines as the
/// body does, further apart than their ink is tall).
fn header_lines(bands: &[Band], pitch: Option<f32>) -> Vec<&Band> {
    let Some((rule, above)) = bands.split_last() else {
        return Vec::new();
    };
    let mut header: Vec<&Band> = Vec::new();
    for bd in above.iter().rev() {
        let below = header.last().map_or(rule.y0, |h| h.y0);
        // A line's height, not a band's: a band of several lines would
        // let any gap pass (the document's subtitle taken for the header,
        // and no column found under it).
        let tallest = header
            .iter()
            .map(|h| h.line_height())
            .chain([bd.line_height()])
            .max()
            .unwrap_or(0);
        let gap = if header.is_empty() {
            HEADER_PADDING
        } else {
            HEADER_GAP
        };
        if bd.rule
            || header.len() == MAX_HEADER_LINES
            || ((below - bd.y1) as f32 > gap * tallest as f32
                && !header
                    .last()
                    .is_some_and(|h| pitch.is_some_and(|p| bd.pitch_to(h) <= LEADING_SLACK * p)))
        {
            break;
        }
        header.push(bd);
    }
    header
}

/// The rest of a table that runs on from the page before without its
/// header (a table ruled only under its header, or not at all, repeats
/// nothing a page could be known by): the lines from the top of the page
/// down to a gap of several lines, laid in the columns `xs` the table has
/// on the page before, each boundary moved into this page's gutter near
/// it. A grid without a header row; `None` when no line fills two columns.
pub fn continued_table(b: &Binary, xs: &[f32], rules: &[Rule], dpi: u32) -> Option<Grid> {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as usize;
    let (x0, x1) = (
        xs.first()?.max(0.0) as usize,
        (*xs.last()? as usize).min(b.w),
    );
    if x1 <= x0 || xs.len() < 3 {
        return None;
    }
    let all = bands(b, x0, x1, rules, px(MIN_LINE_PT));
    // A page number over the table: one short mark, alone on its line.
    let word_gap = px(WORD_GAP_PT);
    let mut first = all.iter().position(|bd| {
        let marks = spans(b, x0, x1, bd.y0, bd.y1, word_gap);
        bd.rule || !(marks.len() == 1 && marks[0].1 - marks[0].0 < 3 * bd.height())
    })?;
    let mut body = body_bands(&all[first..], all[first].y0);
    if body.is_empty() {
        // A rule alone far above the first line is the page's, not the
        // table's: the shadow of the paper's edge in a photo, a rule
        // under a running head.
        first += all[first..].iter().position(|bd| !bd.rule)?;
        body = body_bands(&all[first..], all[first].y0);
    }
    let lines: Vec<&Band> = body.iter().copied().filter(|bd| !bd.rule).collect();
    if lines.is_empty() {
        return None;
    }
    let xs = snap_to_gutters(b, xs, &lines, px(GUTTER_SNAP_PT));
    let top = all[first].y0.saturating_sub(px(3.0)) as f32;
    // A table's line has phrases in two columns at least, none across a
    // boundary: a paragraph's line is one phrase across them all.
    let margin = px(2.0) as f32;
    let col_of = |x: f32| xs[1..xs.len() - 1].iter().filter(|&&c| x > c).count();
    let tabular = lines.iter().any(|l| {
        let phrases = spans(b, x0, x1, l.y0, l.y1, word_gap);
        let cols: Vec<(usize, usize)> = phrases
            .iter()
            .map(|s| (col_of(s.0 as f32 + margin), col_of(s.1 as f32 - margin)))
            .collect();
        cols.iter().all(|(a, z)| a == z) && cols.windows(2).any(|w| w[0].0 != w[1].0)
    });
    if !tabular {
        return None;
    }
    body_grid(b, xs, &body, None, top, dpi)
}

/// How far (points) a carried column boundary may move to this page's
/// gutter: a scan lies a few millimetres off where the last page lay.
const GUTTER_SNAP_PT: f32 = 12.0;

/// Each inner boundary of `xs` moved to the middle of the widest run
/// no line inks within `reach` of it; kept where there is none.
fn snap_to_gutters(b: &Binary, xs: &[f32], lines: &[&Band], reach: usize) -> Vec<f32> {
    let (x0, x1) = (xs[0] as usize, (xs[xs.len() - 1] as usize).min(b.w));
    let mut inked = vec![false; x1 - x0];
    for l in lines {
        for s in spans(b, x0, x1, l.y0, l.y1, 1) {
            inked[s.0 - x0..s.1 - x0].fill(true);
        }
    }
    let mut out = xs.to_vec();
    for x in out.iter_mut().take(xs.len() - 1).skip(1) {
        let (lo, hi) = (
            (*x as usize).saturating_sub(reach).max(x0),
            (*x as usize + reach).min(x1),
        );
        let mut best: Option<(usize, usize)> = None;
        let mut run = None;
        for i in lo..=hi {
            let free = i < hi && !inked[i - x0];
            match (free, run) {
                (true, None) => run = Some(i),
                (false, Some(s)) => {
                    if best.is_none_or(|(a, e)| i - s > e - a) {
                        best = Some((s, i));
                    }
                    run = None;
                }
                _ => {}
            }
        }
        if let Some((a, e)) = best {
            *x = (a + e) as f32 / 2.0;
        }
    }
    out
}

/// The body of a table: `rest`'s lines (and row rules) from `from` down,
/// up to a gap of several lines; no rule at its end.
fn body_bands(rest: &[Band], from: usize) -> Vec<&Band> {
    let heights: Vec<f32> = rest
        .iter()
        .filter(|bd| !bd.rule)
        .take(12)
        .map(|bd| bd.height() as f32)
        .collect();
    let Some(line) = median(heights) else {
        return Vec::new();
    };
    let mut body: Vec<&Band> = Vec::new();
    for bd in rest {
        let above = body.last().map_or(from, |l| l.y1);
        if bd.y0.saturating_sub(above) as f32 > END_GAP * line {
            break;
        }
        body.push(bd);
    }
    while body.last().is_some_and(|bd| bd.rule) {
        body.pop();
    }
    body
}

/// Column boundaries: the header's phrases, a boundary in the gutter the
/// body `lines` leave between each two. The header is its top, bottom and
/// the height of its letters. `None` for fewer than two columns.
fn columns(
    b: &Binary,
    (x0, x1): (usize, usize),
    (head_top, head_bottom, x_height): (usize, usize, usize),
    lines: &[&Band],
    dpi: u32,
) -> Option<Vec<f32>> {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as usize;
    let word_gap = px(WORD_GAP_PT);
    // A word space grows with the face: a header set large and bold spaces
    // its words wider than the fixed gap.
    let head_space = (HEADER_WORD_SPACE * x_height as f32) as usize;
    let clusters: Vec<(usize, usize)> = spans(b, x0, x1, head_top, head_bottom, word_gap)
        .into_iter()
        .filter(|s| s.1 - s.0 >= px(2.0))
        .collect();
    let mut coverage = vec![0usize; x1 - x0];
    for l in lines {
        for s in spans(b, x0, x1, l.y0, l.y1, word_gap) {
            for c in &mut coverage[s.0 - x0..s.1 - x0] {
                *c += 1;
            }
        }
    }
    let peak = |a: usize, b: usize| {
        coverage[a - x0..b.max(a) - x0]
            .iter()
            .copied()
            .max()
            .unwrap_or(0)
    };
    let mut xs = vec![x0 as f32];
    let mut left = *clusters.first()?;
    for (k, &c) in clusters.iter().enumerate().skip(1) {
        let gutter = &coverage[left.1 - x0..c.0 - x0];
        let least = gutter.iter().copied().min().unwrap_or(usize::MAX);
        // Body text running under the gap as densely as beside it: words
        // of one header cell. (A heading across columns crosses gutters.)
        let next = clusters.get(k + 1).map_or(x1, |n| n.0);
        let beside = peak(xs[xs.len() - 1] as usize, left.1).min(peak(c.0, next));
        // A gap no wider than a word space parts two columns only where
        // the body shows the gutter, beside it on two lines at least and
        // crossed by none: a column left empty, or filled once, shows none,
        // and a cell's line that runs under it makes it a word space.
        let crossing = (CROSSING * beside as f32) as usize;
        let joins = if c.0 - left.1 < head_space {
            beside < 2 || least > 0
        } else {
            least > crossing.max(1)
        };
        if joins {
            left.1 = c.1;
            continue;
        }
        // The widest run of least coverage; its middle is the boundary.
        let (mut best, mut run_start) = ((0, 0), None);
        for (i, &v) in gutter.iter().chain([&usize::MAX]).enumerate() {
            match (v == least, run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(s)) => {
                    if i - s > best.1 - best.0 {
                        best = (s, i);
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        xs.push((left.1 + best.0) as f32 + (best.1 - best.0) as f32 / 2.0);
        left = c;
    }
    xs.push(x1 as f32);
    (xs.len() >= 3).then_some(xs)
}

/// The grid of a table's `body` (lines and row rules) in columns `xs`:
/// rows start at a rule, at a label in a narrow first column, where a
/// column that was empty has text again, or after a wide gap. `head` is
/// the header's top and the rule under it (a header row is cell row 0);
/// `first_top` is where the first body row starts.
fn body_grid(
    b: &Binary,
    xs: Vec<f32>,
    body: &[&Band],
    head: Option<(f32, f32)>,
    first_top: f32,
    dpi: u32,
) -> Option<Grid> {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as usize;
    let nc = xs.len() - 1;
    let (x0, x1) = (xs[0] as usize, xs[nc] as usize);
    let lines: Vec<&Band> = body.iter().copied().filter(|bd| !bd.rule).collect();
    if lines.is_empty() || nc < 2 {
        return None;
    }
    let (occupied, crosses) = line_columns(b, &xs, &lines, dpi);
    let labels = xs[1] - xs[0] < LABEL_COLUMN * (x1 - x0) as f32;
    let starts = row_starts(body, &lines, &occupied, labels, first_top);
    let bottom = (lines[lines.len() - 1].y1 + px(3.0)).min(b.h) as f32;
    let mut ys = match head {
        Some((top, rule)) => vec![top, rule],
        None => vec![first_top],
    };
    ys.extend(starts.iter().skip(1).map(|s| s.1));
    ys.push(bottom);
    let cells = body_cells(&starts, lines.len(), &crosses, head.is_some(), &xs, &ys);
    Some(Grid {
        bbox: Rect {
            x0: xs[0],
            y0: ys[0],
            x1: xs[nc],
            y1: ys[ys.len() - 1],
        },
        ys,
        xs,
        cells,
    })
}

/// Which of the columns `xs` each of `lines` has ink in, and which
/// boundaries it crosses (a column crossed into from the one on its
/// left). A speck or a stroke that pokes a few points past a boundary (a
/// boundary is a guess in a gutter) crosses nothing.
fn line_columns(
    b: &Binary,
    xs: &[f32],
    lines: &[&Band],
    dpi: u32,
) -> (Vec<Vec<bool>>, Vec<Vec<bool>>) {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as usize;
    let nc = xs.len() - 1;
    let (x0, x1) = (xs[0] as usize, xs[nc] as usize);
    let margin = px(CROSS_PT) as f32;
    let word_gap = px(WORD_GAP_PT);
    let col_of = |x: f32| xs[1..nc].iter().filter(|&&b| x > b).count();
    let mut occupied = vec![vec![false; nc]; lines.len()];
    let mut crosses = vec![vec![false; nc]; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        for s in spans(b, x0, x1, l.y0, l.y1, word_gap) {
            let (c0, c1) = (
                col_of(s.0 as f32 + margin).min(col_of(s.1 as f32 - margin)),
                col_of(s.1 as f32 - margin).max(col_of(s.0 as f32 + margin)),
            );
            for c in c0..=c1 {
                occupied[i][c] = true;
                if c > c0 {
                    crosses[i][c] = true;
                }
            }
        }
    }
    (occupied, crosses)
}

/// Where the body's rows start: (index in `lines`, top of the row). A row
/// starts after a rule, at a line with a label (`labels`: the first column
/// holds them), at a line with ink in a column the line above left empty,
/// or after a wider gap than the lines' pitch ([`row_gap`]). The first
/// row's top is `first_top`; others start halfway between lines, or at
/// their rule.
fn row_starts(
    body: &[&Band],
    lines: &[&Band],
    occupied: &[Vec<bool>],
    labels: bool,
    first_top: f32,
) -> Vec<(usize, f32)> {
    let nc = occupied.first().map_or(0, Vec::len);
    // Each line: whether a rule, a label or its columns start a row there,
    // and the top of that row (a rule's, or halfway up from the line above).
    let mut seen = Vec::with_capacity(lines.len());
    let mut li = 0;
    let mut after_rule = None;
    for bd in body {
        if bd.rule {
            after_rule = Some(bd.y0);
            continue;
        }
        let shown = li == 0
            || after_rule.is_some()
            || (labels && occupied[li][0])
            || (0..nc).any(|c| occupied[li][c] && !occupied[li - 1][c]);
        let top = match (li, after_rule) {
            (0, _) => first_top,
            (_, Some(r)) => r as f32,
            _ => (lines[li - 1].y1 + bd.y0) as f32 / 2.0,
        };
        seen.push((shown, top));
        after_rule = None;
        li += 1;
    }
    let pitches: Vec<(bool, f32)> = (1..lines.len())
        .map(|i| (seen[i].0, lines[i - 1].pitch_to(lines[i])))
        .collect();
    let gap = row_gap(&pitches);
    seen.iter()
        .enumerate()
        .filter(|&(i, &(shown, _))| {
            shown || gap.is_some_and(|g| lines[i - 1].pitch_to(lines[i]) > g)
        })
        .map(|(i, &(_, top))| (i, top))
        .collect()
}

/// The pitch over which two lines are two rows, from `pitches` (each
/// whether a row is seen to start there, and the pitch from the line
/// above): over [`ROW_PITCH`] times the pitch of lines within rows. Where
/// the rows seen start further apart than that by the cells' padding
/// ([`PADDED_ROWS`] at least), halfway from the one pitch to the other: a
/// table sets its rows apart by its own padding, a little or a lot.
fn row_gap(pitches: &[(bool, f32)]) -> Option<f32> {
    let of = |row: bool| median(pitches.iter().filter(|p| p.0 == row).map(|p| p.1).collect());
    let all = median(pitches.iter().map(|p| p.1).collect())?;
    let line = of(false).unwrap_or(all);
    let fixed = ROW_PITCH * line;
    match of(true) {
        Some(row) if row >= PADDED_ROWS * line => Some(fixed.min((line + row) / 2.0)),
        _ => Some(ROW_PITCH * all),
    }
}

/// The grid's cells: the header row's (with `head`) one per column, then
/// each body row's, a cell spanning the boundaries its lines cross.
fn body_cells(
    starts: &[(usize, f32)],
    n_lines: usize,
    crosses: &[Vec<bool>],
    head: bool,
    xs: &[f32],
    ys: &[f32],
) -> Vec<Cell> {
    let nc = xs.len() - 1;
    let body_row = usize::from(head);
    let mut cells: Vec<Cell> = match head {
        true => (0..nc).map(|c| cell(0, c, 1, xs, ys)).collect(),
        false => Vec::new(),
    };
    for (r, w) in starts.iter().enumerate() {
        let end = starts.get(r + 1).map_or(n_lines, |s| s.0);
        let crossed = |c: usize| (w.0..end).any(|i| crosses[i][c]);
        let mut c = 0;
        while c < nc {
            let mut span = 1;
            while c + span < nc && crossed(c + span) {
                span += 1;
            }
            cells.push(cell(r + body_row, c, span, xs, ys));
            c += span;
        }
    }
    cells
}

fn cell(row: usize, col: usize, col_span: usize, xs: &[f32], ys: &[f32]) -> Cell {
    Cell {
        row,
        col,
        row_span: 1,
        col_span,
        rect: Rect {
            x0: xs[col],
            y0: ys[row],
            x1: xs[col + col_span],
            y1: ys[row + 1],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{find_rules, ruled_tables};
    use image::{GrayImage, Luma};

    /// A solid box (x0, x1, y0, y1).
    type Ink = (u32, u32, u32, u32);

    /// Words drawn as solid boxes (x0, x1, y0, y1) on a white 300 dpi page.
    fn page(boxes: &[(u32, u32, u32, u32)]) -> Binary {
        let mut img = GrayImage::from_pixel(2000, 1000, Luma([255]));
        for &(x0, x1, y0, y1) in boxes {
            for y in y0..y1 {
                for x in x0..x1 {
                    img.put_pixel(x, y, Luma([0]));
                }
            }
        }
        Binary::from_gray(&img)
    }

    /// A line of words 35 px high from `x0` to `x1`, 12 px apart.
    fn words(x0: u32, x1: u32, y: u32) -> Vec<(u32, u32, u32, u32)> {
        (x0..x1)
            .step_by(100)
            .map(|x| (x, (x + 88).min(x1), y, y + 35))
            .collect()
    }

    fn table(body: &[Vec<(u32, u32, u32, u32)>], rows_ruled: bool) -> Vec<Grid> {
        let mut boxes = vec![
            (100, 1900, 200, 203), // the rule under the header
            (120, 160, 150, 185),  // "TT"
            (400, 500, 150, 185),  // "Nội" and "dung", a word space apart
            (515, 600, 150, 185),
            (1100, 1250, 150, 185),
            (1600, 1750, 110, 145), // a header over two lines
            (1600, 1700, 150, 185),
        ];
        boxes.extend(body.iter().flatten());
        if rows_ruled {
            boxes.extend([(100, 1900, 318, 321), (100, 1900, 395, 398)]);
        }
        open_grids(&boxes)
    }

    /// The tables of a page of `boxes` that has no vertical rules.
    fn open_grids(boxes: &[Ink]) -> Vec<Grid> {
        let b = page(boxes);
        let (hs, vs) = find_rules(&b, 300);
        let ruled = ruled_tables(&hs, &vs, 300);
        assert!(ruled.is_empty(), "no vertical rules, no ruled table");
        open_tables(&b, &hs, &head_rules(&hs, &ruled, b.w, 300), 300)
    }

    /// (row, col, col_span) of every body cell.
    fn layout(g: &Grid) -> Vec<(usize, usize, usize)> {
        g.cells
            .iter()
            .filter(|c| c.row > 0)
            .map(|c| (c.row, c.col, c.col_span))
            .collect()
    }

    #[test]
    fn columns_from_the_header_rows_from_labels_restarts_and_rules() {
        let label = |y| vec![(110, 130, y, y + 35)];
        type Case = (
            &'static str,
            Vec<Vec<(u32, u32, u32, u32)>>,
            bool,
            usize,
            Vec<(usize, usize, usize)>,
        );
        let cases: Vec<Case> = vec![
            (
                // A numbered task over two lines, an unnumbered one (its
                // lead column starts again), a heading across two columns,
                // then a numbered row with content only.
                "labels, restarts and a spanning heading",
                vec![
                    label(220),
                    words(250, 900, 220),
                    words(250, 700, 270),
                    words(1050, 1300, 220),
                    words(1550, 1700, 220),
                    words(250, 800, 340),
                    words(1050, 1300, 340),
                    label(410),
                    words(250, 1400, 410),
                    label(480),
                    words(250, 900, 480),
                ],
                false,
                4,
                // The heading's content cell spans the lead column.
                vec![(3, 0, 1), (3, 1, 2), (3, 3, 1)],
            ),
            (
                // Rows ruled apart: each rule starts a row, even where no
                // column restarts.
                "rows ruled apart",
                vec![
                    words(250, 900, 220),
                    words(250, 900, 270),
                    words(250, 900, 335),
                    words(250, 900, 420),
                ],
                true,
                3,
                vec![(3, 0, 1), (3, 1, 1), (3, 2, 1), (3, 3, 1)],
            ),
        ];
        for (name, body, ruled, rows, third) in cases {
            let grids = table(&body, ruled);
            assert_eq!(grids.len(), 1, "{name}");
            let g = &grids[0];
            assert_eq!(g.xs.len(), 5, "{name}: four columns, {:?}", g.xs);
            // Boundaries sit in the gutters, not in words.
            assert!(g.xs[1] > 160.0 && g.xs[1] < 250.0, "{name}: {:?}", g.xs);
            assert!(g.xs[2] > 900.0 && g.xs[2] < 1050.0, "{name}: {:?}", g.xs);
            assert!(g.xs[3] > 1300.0 && g.xs[3] < 1550.0, "{name}: {:?}", g.xs);
            assert_eq!(g.ys.len(), rows + 2, "{name}: {:?}", g.ys);
            assert!(
                g.ys[0] < 110.0 && (g.ys[1] - 201.5).abs() < 2.0,
                "{name}: {:?}",
                g.ys
            );
            let cells: Vec<_> = layout(g).into_iter().filter(|c| c.0 == 3).collect();
            assert_eq!(cells, third, "{name}: cells of the third row");
        }
    }

    /// A rule under a header of four cells, the third two words 30 px
    /// apart ("Ghi chú", "Thời hạn"): wider than the fixed word gap, a
    /// word space of letters 35 px high.
    const SPACED_HEADER: [Ink; 6] = [
        (100, 1900, 200, 203),
        (120, 160, 150, 185),
        (400, 600, 150, 185),
        (1100, 1170, 150, 185),
        (1200, 1270, 150, 185),
        (1600, 1750, 150, 185),
    ];

    /// The column boundaries of the one table under `SPACED_HEADER` over
    /// `body`.
    fn spaced_header_columns(body: &[Ink], what: &str) -> Vec<f32> {
        let boxes: Vec<Ink> = SPACED_HEADER.iter().chain(body).copied().collect();
        let grids = open_grids(&boxes);
        assert_eq!(grids.len(), 1, "{what}");
        grids[0].xs.clone()
    }

    #[test]
    fn a_word_space_in_a_large_header_parts_columns_only_over_a_gutter() {
        // "Ghi" and "chú" 30 px apart: wider than the fixed word gap, a
        // word space of letters 35 px high. Over an empty column they are
        // one header cell; where two body lines leave a gutter under the
        // gap, two.
        let body = |notes: bool| {
            let mut lines = vec![(110, 130, 220, 255)];
            lines.extend(words(250, 900, 220));
            lines.extend(words(1550, 1800, 220));
            lines.extend(words(250, 900, 270));
            if notes {
                for y in [220, 270] {
                    lines.extend([(1050, 1150, y, y + 35), (1230, 1300, y, y + 35)]);
                }
            }
            lines
        };
        for (notes, columns) in [(false, 4), (true, 5)] {
            let xs = spaced_header_columns(&body(notes), &format!("notes {notes}"));
            assert_eq!(xs.len(), columns + 1, "notes {notes}: {xs:?}");
        }
    }

    #[test]
    fn a_line_running_under_a_narrow_header_gap_makes_it_a_word_space() {
        // "Thời" and "hạn" 30 px apart over four body lines: three leave
        // a gutter under the gap, one ("trong năm") runs under it. A
        // cell's line never crosses a column's edge: one column.
        for (crossed, columns) in [(false, 5), (true, 4)] {
            let mut boxes: Vec<Ink> = Vec::new();
            for (k, y) in [220, 270, 320, 370].into_iter().enumerate() {
                boxes.push((110, 130, y, y + 35));
                boxes.extend(words(250, 900, y));
                boxes.extend(words(1550, 1800, y));
                if crossed && k == 2 {
                    boxes.push((1050, 1300, y, y + 35));
                } else {
                    boxes.extend([(1050, 1150, y, y + 35), (1230, 1300, y, y + 35)]);
                }
            }
            let xs = spaced_header_columns(&boxes, &format!("crossed {crossed}"));
            assert_eq!(xs.len(), columns + 1, "crossed {crossed}: {xs:?}");
        }
    }

    #[test]
    fn accents_over_bold_capitals_join_their_line() {
        // (what, the band above, the line under it, bands): marks 17 px
        // tall a row over capitals 41 px tall are their accents; a line of
        // words as heavy as the one under it is a line.
        let marks = |y0: u32, y1: u32| -> Vec<Ink> {
            (300..1500)
                .step_by(120)
                .map(|x| (x, x + 14, y0, y1))
                .collect()
        };
        let cases: Vec<(&str, Vec<Ink>, usize)> = vec![
            ("accents", marks(388, 405), 1),
            ("thin marks", marks(398, 405), 1),
            (
                "a line of words",
                words(300, 1500, 380)
                    .into_iter()
                    .map(|w| (w.0, w.1, 385, 405))
                    .collect(),
                2,
            ),
            ("marks a blank line over", marks(330, 347), 2),
        ];
        for (what, above, want) in cases {
            let mut boxes = above;
            boxes.extend(
                words(300, 1500, 406)
                    .into_iter()
                    .map(|w| (w.0, w.1, 406, 447)),
            );
            let b = page(&boxes);
            let all = bands(&b, 100, 1900, &[], 17);
            assert_eq!(all.len(), want, "{what}: {all:?}");
            if want == 1 {
                assert!(all[0].y0 < 400, "{what}: {all:?}");
            }
        }
    }

    #[test]
    fn two_lines_whose_marks_touch_keep_their_line_pitch() {
        // Two lines of words 40 px tall, 30 px apart, joined by marks (a
        // dot under one, an accent over the next): one band, whose lines
        // are 70 px apart, not one line 80 + 35 px below the line before.
        let line = |y: u32| -> Vec<Ink> {
            words(300, 1500, y)
                .into_iter()
                .map(|w| (w.0, w.1, y, y + 40))
                .collect()
        };
        let mut boxes: Vec<Ink> = [200, 260, 320].into_iter().flat_map(line).collect();
        boxes.extend(line(400));
        boxes.extend(line(470));
        boxes.extend((320..1500).step_by(200).map(|x| (x, x + 10, 440, 470)));
        let b = page(&boxes);
        let all = bands(&b, 100, 1900, &[], 17);
        assert_eq!(all.len(), 4, "{all:?}");
        assert_eq!(all[3].cores, (419.5, 489.5), "{all:?}");
        assert_eq!(all[2].pitch_to(&all[3]), 80.0);
        assert_eq!(all[1].pitch_to(&all[2]), 60.0);
        // One line of capitals whose middle rows ink less (bars and
        // stems): one centre.
        let mut boxes = line(320);
        boxes.retain(|w| w.0 % 200 == 0);
        boxes.extend((300..1500).step_by(100).flat_map(|x| {
            [
                (x, x + 88, 320, 335),
                (x, x + 10, 335, 345),
                (x, x + 88, 345, 360),
            ]
        }));
        let all = bands(&page(&boxes), 100, 1900, &[], 17);
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].cores.0, all[0].cores.1, "{all:?}");
    }

    #[test]
    fn a_header_rule_widens_over_header_ink_its_words_lost() {
        // A rule laid under header words from x 400 on; "Số TT" at
        // 255..322 in the header's rows, lost by OCR. (what, ink beside
        // the header, the rule's left end after)
        let cases: Vec<(&str, Vec<Ink>, f32)> = vec![
            ("a header cell", vec![(255, 322, 150, 185)], 255.0 - 23.0),
            ("a speck", vec![(300, 306, 160, 166)], 400.0),
            ("beyond a gutter", vec![(100, 200, 150, 185)], 400.0),
            ("at the page's edge", vec![(0, 322, 150, 185)], 400.0),
            ("nothing", vec![], 400.0),
        ];
        for (what, beside, want) in cases {
            let mut boxes = vec![(420, 600, 150, 185), (1200, 1400, 150, 185)];
            boxes.extend(beside);
            let b = page(&boxes);
            let laid = Rule {
                pos: 200.0,
                a: 400.0,
                b: 1420.0,
                thick: 1.0,
            };
            let wide = widen_to_ink(&b, laid, 150.0, 300);
            assert_eq!(wide.a, want, "{what}");
            assert_eq!(wide.b, 1420.0, "{what}");
        }
    }

    #[test]
    fn a_header_of_cells_of_unlike_depth_stops_under_the_text_above() {
        // Dev plan 979 as a JPEG: header cells of one, two and three
        // lines, each set in the middle of its cell, ink every row of the
        // header, so it is one band three lines tall. The document's
        // subtitle above is a line's gap away: text above, not header.
        let mut boxes: Vec<Ink> = vec![
            (100, 1900, 300, 303), // the rule under the header
            (120, 160, 150, 185),  // "Số"
            (400, 600, 150, 185),
            (400, 560, 250, 285),
            (1100, 1270, 150, 185),
            (1100, 1270, 200, 235),
            (1100, 1270, 250, 285),
            (1600, 1750, 175, 210),
            (1600, 1750, 225, 260),
        ];
        boxes.extend(words(300, 1700, 30));
        boxes.extend(words(300, 1700, 80));
        for y in [330, 375, 420, 480, 525] {
            if y == 330 || y == 480 {
                boxes.push((120, 160, y, y + 35));
            }
            boxes.extend(words(400, 900, y));
            boxes.extend(words(1100, 1400, y));
            boxes.extend(words(1600, 1800, y));
        }
        let grids = open_grids(&boxes);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(g.xs.len(), 5, "four columns: {:?}", g.xs);
        assert!(g.ys[0] > 115.0 && g.ys[0] < 150.0, "{:?}", g.ys);
    }

    #[test]
    fn no_table_under_a_rule_without_a_header_or_a_body() {
        // A rule with nothing above it (a page's top border), and a rule
        // under a title of one phrase: neither heads a table.
        for boxes in [
            vec![(100, 1900, 60, 63), (250, 900, 100, 135)],
            vec![
                (100, 1900, 200, 203),
                (700, 1300, 150, 185),
                (250, 900, 220, 255),
            ],
        ] {
            let b = page(&boxes);
            let (hs, _) = find_rules(&b, 300);
            let heads = head_rules(&hs, &[], b.w, 300);
            assert_eq!(heads.len(), 1, "{boxes:?}");
            assert!(open_tables(&b, &hs, &heads, 300).is_empty(), "{boxes:?}");
        }
    }

    #[test]
    fn the_rest_of_a_table_in_the_columns_of_the_page_before() {
        let label = |y| (110, 130, y, y + 35);
        let row = |y: u32, lead: bool| {
            let mut v = vec![label(y)];
            v.extend(words(320, 900, y));
            if lead {
                v.extend(words(1020, 1400, y));
            }
            v.extend(words(1520, 1800, y));
            v
        };
        let folio = vec![(990, 1010, 20, 55)];
        // (case, ink, carried columns, body rows, cells of the first row)
        type Case = (
            &'static str,
            Vec<(u32, u32, u32, u32)>,
            Vec<f32>,
            usize,
            usize,
        );
        let xs = vec![100.0, 300.0, 1000.0, 1500.0, 1900.0];
        let cases: Vec<Case> = vec![
            (
                "two rows under a page number; a content line carries on",
                [
                    folio.clone(),
                    row(100, true),
                    words(320, 900, 150),
                    row(200, false),
                ]
                .concat(),
                xs.clone(),
                2,
                4,
            ),
            (
                "a scan lying 8 px further right: boundaries move into its gutters",
                [row(100, true), row(160, true)].concat(),
                vec![92.0, 292.0, 1040.0, 1492.0, 1892.0],
                2,
                4,
            ),
        ];
        for (case, ink, carried, rows, first) in cases {
            let b = page(&ink);
            let g = continued_table(&b, &carried, &[], 300).unwrap_or_else(|| panic!("{case}"));
            assert_eq!(g.ys.len() - 1, rows, "{case}: rows {:?}", g.ys);
            assert_eq!(
                g.cells.iter().filter(|c| c.row == 0).count(),
                first,
                "{case}"
            );
            assert!(
                g.ys[0] > 55.0,
                "{case}: the page number is no row: {:?}",
                g.ys
            );
            assert!(g.xs[2] > 900.0 && g.xs[2] < 1020.0, "{case}: {:?}", g.xs);
        }
        // A paragraph across the columns is no table's rest.
        let b = page(&words(120, 1880, 100));
        assert!(continued_table(&b, &xs, &[], 300).is_none());
        // The shadow of the paper's edge along a photo's top, a rule far
        // above the rows, is no part of the table.
        let b = page(&[vec![(100, 1900, 4, 8)], row(300, true), row(360, true)].concat());
        let (hs, _) = find_rules(&b, 300);
        assert_eq!(hs.len(), 1, "{hs:?}");
        let g = continued_table(&b, &xs, &hs, 300).expect("rows under the edge's shadow");
        assert_eq!(g.ys.len() - 1, 2, "{:?}", g.ys);
        assert!(g.ys[0] > 250.0, "{:?}", g.ys);
    }

    #[test]
    fn a_thin_rule_the_rule_finder_missed_is_a_rule_band() {
        // A 2 px rule broken in places (and so too short for the rule
        // finder), a line of words above and below; words drawn solid are
        // never a rule.
        let mut boxes = words(100, 1900, 150);
        boxes.extend([
            (100, 700, 200, 202),
            (720, 1300, 200, 202),
            (1330, 1900, 200, 202),
        ]);
        boxes.extend(words(100, 1900, 230));
        boxes.push((300, 700, 300, 335));
        let b = page(&boxes);
        let all = bands(&b, 100, 1900, &[], 17);
        let rule: Vec<(usize, usize)> = all
            .iter()
            .filter(|d| d.rule)
            .map(|d| (d.y0, d.y1))
            .collect();
        assert_eq!(rule, [(200, 202)], "{all:?}");
        assert_eq!(all.iter().filter(|d| !d.rule).count(), 3, "{all:?}");
        // Settled under the words above it, a header's laid rule lies in
        // the blank rows between them and the next line.
        // (On a page without that rule: OCR boxed the words above down
        // to 228.)
        let b = page(&[words(100, 1900, 150), words(100, 1900, 230)].concat());
        let laid = Rule {
            pos: 228.0,
            a: 100.0,
            b: 1900.0,
            thick: 1.0,
        };
        let settled = settle_under_ink(&b, laid, 300);
        assert!(settled.pos > 185.0 && settled.pos < 195.0, "{settled:?}");
    }
    #[test]
    fn the_pieces_of_one_scanned_rule_are_one_rule() {
        let r = |pos: f32, a: f32, b: f32| Rule {
            pos,
            a,
            b,
            thick: 1.0,
        };
        // (pieces, joined (pos, a, b)); tol 16 px.
        type Span = (f32, f32, f32);
        let cases: Vec<(Vec<Rule>, Vec<Span>)> = vec![
            // A fax's stepped rule: a short piece, a longer one, a stub
            // past its end and the whole rule a line lower; the stub is
            // the bridge a one-pass join would miss.
            (
                vec![
                    r(473.5, 380.0, 927.0),
                    r(474.5, 380.0, 1843.0),
                    r(475.0, 1900.0, 2072.0),
                    r(477.0, 380.0, 2281.0),
                ],
                vec![(477.0, 380.0, 2281.0)],
            ),
            // Pieces end to end, a gap apart: one rule where the longer lies.
            (
                vec![r(200.0, 100.0, 1000.0), r(203.0, 1010.0, 1400.0)],
                vec![(200.0, 100.0, 1400.0)],
            ),
            // Two rules a line apart, or side by side far apart, stay two.
            (
                vec![r(200.0, 100.0, 1000.0), r(260.0, 100.0, 1000.0)],
                vec![(200.0, 100.0, 1000.0), (260.0, 100.0, 1000.0)],
            ),
            (
                vec![r(200.0, 100.0, 600.0), r(200.0, 900.0, 1400.0)],
                vec![(200.0, 100.0, 600.0), (200.0, 900.0, 1400.0)],
            ),
        ];
        for (pieces, want) in cases {
            let mut got: Vec<(f32, f32, f32)> = collinear_joined(&pieces, 16.0)
                .iter()
                .map(|r| (r.pos, r.a, r.b))
                .collect();
            got.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.total_cmp(&y.1)));
            assert_eq!(got, want, "{pieces:?}");
        }
    }
}
