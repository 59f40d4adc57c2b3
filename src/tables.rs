//! Table geometry (layout stage): a grey page raster in, the ruled tables on
//! it out, each as a grid of cells with pixel rectangles.
//!
//! Steps: binarise (Otsu), estimate and remove skew (projection-profile
//! search), find horizontal and vertical ruling lines as long dark runs that
//! tolerate small breaks, group lines that touch into tables, and build the
//! cell grid; a missing rule between two grid cells makes them one spanning
//! cell. Tables ruled only under their header (or between rows) take their
//! columns from the header's words and the body's gutters ([`open_tables`]).
//! Finding grids is pure functions on pixels. Reading their cells
//! ([`read_cells`], in `tables/cells.rs`) goes through a
//! [`crate::ocr::Recognizer`] the caller lends, and makes each grid a
//! [`PageTable`] of texts.

use image::GrayImage;

use crate::geometry::Rect;

mod cells;
mod numerals;
mod open;

/// Gaps narrower than this (in points) are word spaces, not gutters: the
/// gap between words in 13 pt bold is about 4 pt, a gutter is two cell
/// paddings of 4 pt or more.
pub const WORD_GAP_PT: f32 = 5.5;
/// Most lines a table's header row has.
pub const MAX_HEADER_LINES: usize = 5;
pub use cells::{
    cell_text, read_cells, text_layer_cell, weighted_confidence, ColumnHead, DEGRADED_PAGE,
    UNREAD_LABEL,
};
pub use numerals::mend_quarters;
pub use open::{
    continued_table, head_rules, open_tables, settle_under_ink, widen_to_ink, LABEL_COLUMN,
};

/// Otsu's threshold of a grey image.
pub fn otsu(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in img.as_raw() {
        hist[*p as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &h)| i as f64 * h as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut best_t) = (0u64, 0f64, -1f64, 128u8);
    for (t, &h) in hist.iter().enumerate() {
        w0 += h;
        if w0 == 0 || w0 == total {
            continue;
        }
        sum0 += t as f64 * h as f64;
        let w1 = total - w0;
        let m0 = sum0 / w0 as f64;
        let m1 = (sum_all - sum0) / w1 as f64;
        let between = w0 as f64 * w1 as f64 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// A binary page: `true` is ink.
pub struct Binary {
    pub w: usize,
    pub h: usize,
    pub ink: Vec<bool>,
}

impl Binary {
    pub fn from_gray(img: &GrayImage) -> Binary {
        let t = otsu(img);
        Binary {
            w: img.width() as usize,
            h: img.height() as usize,
            ink: img.as_raw().iter().map(|&p| p <= t).collect(),
        }
    }
    /// A mask's ink: its pixels darker than mid-grey.
    pub fn from_mask(img: &GrayImage) -> Binary {
        Binary {
            w: img.width() as usize,
            h: img.height() as usize,
            ink: img.as_raw().iter().map(|&p| p < 128).collect(),
        }
    }
    #[inline]
    fn at(&self, x: usize, y: usize) -> bool {
        self.ink[y * self.w + x]
    }
    /// Ink pixels inside a rectangle.
    pub fn ink_in(&self, r: &Rect) -> usize {
        let (x0, y0) = (r.x0.max(0.0) as usize, r.y0.max(0.0) as usize);
        let (x1, y1) = ((r.x1 as usize).min(self.w), (r.y1 as usize).min(self.h));
        (y0..y1)
            .map(|y| (x0..x1).filter(|&x| self.at(x, y)).count())
            .sum()
    }
}

/// Skew angle in degrees (positive: content rotated clockwise) that best
/// aligns text lines and rules with the rows, searched in ±`max_deg`.
pub fn estimate_skew(b: &Binary, max_deg: f32) -> f32 {
    // Work on a 4× reduced set of ink points: cheap and precise enough.
    let step = 4;
    let mut pts = Vec::new();
    for y in (0..b.h).step_by(step) {
        for x in (0..b.w).step_by(step) {
            if b.at(x, y) {
                pts.push((x as f32, y as f32));
            }
        }
    }
    if pts.len() < 100 {
        return 0.0;
    }
    let score = |deg: f32| {
        let t = deg.to_radians().tan();
        let bins = b.h / step + b.w / step + 2;
        let mut prof = vec![0u32; bins * 2];
        let off = bins as f32;
        for &(x, y) in &pts {
            let yy = ((y - x * t) / step as f32 + off) as usize;
            if yy < prof.len() {
                prof[yy] += 1;
            }
        }
        prof.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>()
    };
    let mut best = (0.0f32, score(0.0));
    let mut deg = -max_deg;
    while deg <= max_deg + 1e-3 {
        let s = score(deg);
        if s > best.1 {
            best = (deg, s);
        }
        deg += 0.1;
    }
    // Refine around the coarse optimum.
    let centre = best.0;
    let mut d = centre - 0.1;
    while d <= centre + 0.1 + 1e-4 {
        let s = score(d);
        if s > best.1 {
            best = (d, s);
        }
        d += 0.02;
    }
    best.0
}

/// Rotate by `-deg` about the centre (undoing a skew of `deg`), white fill,
/// bilinear sampling. A page with no measurable skew is borrowed, not copied.
pub fn deskew(img: &GrayImage, deg: f32) -> std::borrow::Cow<'_, GrayImage> {
    if deg.abs() < 0.05 {
        return std::borrow::Cow::Borrowed(img);
    }
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let src = img.as_raw();
    let mut out = vec![255u8; (w * h) as usize];
    for y in 0..h {
        let dy = y as f32 - cy;
        for x in 0..w {
            let dx = x as f32 - cx;
            // Source of an output pixel: rotate forward by the skew.
            let sx = c * dx - s * dy + cx;
            let sy = s * dx + c * dy + cy;
            if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
                continue;
            }
            let (x0, y0) = (sx as u32, sy as u32);
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |xx: u32, yy: u32| src[(yy * w + xx) as usize] as f32;
            let v = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + p(x0 + 1, y0) * fx * (1.0 - fy)
                + p(x0, y0 + 1) * (1.0 - fx) * fy
                + p(x0 + 1, y0 + 1) * fx * fy;
            out[(y * w + x) as usize] = v.round() as u8;
        }
    }
    std::borrow::Cow::Owned(GrayImage::from_raw(w, h, out).expect("same size"))
}

/// Where a point of the page deskewed by `deg` lies on the original page
/// (the same mapping `deskew` samples through).
pub fn to_original(deg: f32, w: u32, h: u32, x: f32, y: f32) -> (f32, f32) {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (dx, dy) = (x - cx, y - cy);
    (c * dx - s * dy + cx, s * dx + c * dy + cy)
}

/// The original-page bounding box of a rectangle of the deskewed page.
pub fn rect_to_original(deg: f32, w: u32, h: u32, r: &Rect) -> Rect {
    let corners = [(r.x0, r.y0), (r.x1, r.y0), (r.x0, r.y1), (r.x1, r.y1)]
        .map(|(x, y)| to_original(deg, w, h, x, y));
    let xs = corners.map(|p| p.0);
    let ys = corners.map(|p| p.1);
    Rect {
        x0: xs.iter().copied().fold(f32::INFINITY, f32::min),
        y0: ys.iter().copied().fold(f32::INFINITY, f32::min),
        x1: xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        y1: ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
    }
}

/// Whiten, on the original page, the area a rectangle of the deskewed page
/// covers: exactly the rotated rectangle, not its bounding box, so text
/// right beside a skewed table survives.
pub fn blank_on_original(img: &mut GrayImage, deg: f32, r: &Rect) {
    let (w, h) = img.dimensions();
    let (x0, y0) = (r.x0.max(0.0) as u32, r.y0.max(0.0) as u32);
    let (x1, y1) = ((r.x1.max(0.0) as u32).min(w), (r.y1.max(0.0) as u32).min(h));
    for y in y0..y1 {
        for x in x0..x1 {
            let (sx, sy) = to_original(deg, w, h, x as f32, y as f32);
            for (px, py) in [
                (sx.floor(), sy.floor()),
                (sx.ceil(), sy.ceil()),
                (sx.floor(), sy.ceil()),
                (sx.ceil(), sy.floor()),
            ] {
                if px >= 0.0 && py >= 0.0 && (px as u32) < w && (py as u32) < h {
                    img.put_pixel(px as u32, py as u32, image::Luma([255]));
                }
            }
        }
    }
}

pub use crate::util::median;

/// A ruling line: horizontal (`y` fixed, spanning `a..b` in x) or vertical
/// (`x` fixed, spanning `a..b` in y). `pos` is the centre, `thick` its width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub pos: f32,
    pub a: f32,
    pub b: f32,
    pub thick: f32,
}

impl Rule {
    /// The rule a thin filled or stroked rectangle draws, along its longer
    /// side; `true` when that is horizontal.
    fn of_rect(r: &Rect) -> (bool, Rule) {
        if r.width() >= r.height() {
            let rule = Rule {
                pos: r.center_y(),
                a: r.x0,
                b: r.x1,
                thick: r.height(),
            };
            (true, rule)
        } else {
            let rule = Rule {
                pos: r.center_x(),
                a: r.y0,
                b: r.y1,
                thick: r.width(),
            };
            (false, rule)
        }
    }

    fn scaled(self, f: f32) -> Rule {
        Rule {
            pos: self.pos * f,
            a: self.a * f,
            b: self.b * f,
            thick: self.thick * f,
        }
    }
}

/// Long dark runs along one axis. A pixel counts as ink when any pixel
/// within ±1 across the run is ink (rules survive a slight residual tilt),
/// and gaps up to `max_gap` are bridged (broken rules on scans).
fn runs(b: &Binary, horizontal: bool, min_len: usize, max_gap: usize) -> Vec<Rule> {
    let (len, across) = if horizontal { (b.w, b.h) } else { (b.h, b.w) };
    let ink = |i: usize, j: usize| {
        // i along the run, j across it.
        let lo = j.saturating_sub(1);
        let hi = (j + 1).min(across - 1);
        (lo..=hi).any(|jj| if horizontal { b.at(i, jj) } else { b.at(jj, i) })
    };
    // Raw runs per scan line.
    let mut raw: Vec<(usize, usize, usize)> = Vec::new(); // (j, start, end)
    for j in 0..across {
        let mut i = 0;
        while i < len {
            if !ink(i, j) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            let mut gap = 0;
            while i < len {
                if ink(i, j) {
                    end = i;
                    gap = 0;
                } else {
                    gap += 1;
                    if gap > max_gap {
                        break;
                    }
                }
                i += 1;
            }
            if end + 1 - start >= min_len {
                raw.push((j, start, end + 1));
            }
        }
    }
    // Merge runs on neighbouring scan lines that overlap into one rule.
    let mut rules: Vec<Merged> = Vec::new();
    for (j, s, e) in raw {
        match rules
            .iter_mut()
            .rev()
            .take(8)
            .find(|r| r.j1 + 1 >= j && s < r.b && e > r.a)
        {
            Some(r) => {
                r.j1 = j;
                r.a = r.a.min(s);
                r.b = r.b.max(e);
                r.inked += e - s;
            }
            None => rules.push(Merged {
                j0: j,
                j1: j,
                a: s,
                b: e,
                inked: e - s,
            }),
        }
    }
    rules.into_iter().filter_map(Merged::rule).collect()
}

/// Runs of neighbouring scan lines merged: the lines `j0..=j1` they lie
/// on, their extent `a..b` along them and how many pixels they ink.
struct Merged {
    j0: usize,
    j1: usize,
    a: usize,
    b: usize,
    inked: usize,
}

/// Thickest a rule is, in pixels: beyond it a run is a filled shape or
/// bold text.
const MAX_RULE_THICK: f32 = 12.0;

impl Merged {
    fn rule(self) -> Option<Rule> {
        // The ±1 tolerance thickens every rule by 2.
        let span = ((self.j1 - self.j0 + 1) as f32 - 2.0).max(1.0);
        // A thin rule that drifts across scan lines (a photo's page
        // rectified a fraction of a degree off square) spans many lines
        // but inks few at any point along it: its thickness is the ink
        // per unit of length, not the span.
        let thick = if span <= MAX_RULE_THICK {
            span
        } else {
            (self.inked as f32 / (self.b - self.a) as f32 - 2.0).max(1.0)
        };
        (thick <= MAX_RULE_THICK).then(|| Rule {
            pos: (self.j0 + self.j1) as f32 / 2.0,
            a: self.a as f32,
            b: self.b as f32,
            thick,
        })
    }
}

/// A ruled table found on a page: its grid and cells, in page pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub bbox: Rect,
    /// Row boundaries (y) and column boundaries (x), ascending.
    pub ys: Vec<f32>,
    pub xs: Vec<f32>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// Inside the rules, in pixels.
    pub rect: Rect,
}

/// Find the ruled tables of a (deskewed) page, top to bottom.
pub fn find_tables(b: &Binary, dpi: u32) -> Vec<Grid> {
    let (hs, vs) = find_rules(b, dpi);
    ruled_tables(&hs, &vs, dpi)
}

/// The horizontal and vertical ruling lines of a (deskewed) page.
pub fn find_rules(b: &Binary, dpi: u32) -> (Vec<Rule>, Vec<Rule>) {
    let px = |pt: f32| (pt * dpi as f32 / 72.0) as usize;
    // Rules are at least ~0.2 inch; text strokes are far shorter.
    let hs = runs(b, true, px(40.0), px(2.0))
        .into_iter()
        .filter(|r| !along_text(b, r, dpi))
        .collect();
    (hs, runs(b, false, px(14.0), px(2.0)))
}

/// Share of a flank of a line's length that text strokes ink, at most.
/// Lines of serif type join into runs as long as a rule along their
/// baseline and their x-height (feet and serifs a few pixels apart), and
/// the stems above a baseline (below an x-height) ink a fifth to a half
/// of the row there. Beside a rule a cell leaves padding: at most a
/// descender or an accent crosses it (under a tenth on scans, photos and
/// faxes alike). A border or a band of solid ink beside is no text.
const TEXT_FLANK: std::ops::Range<f32> = 0.15..0.8;

/// Whether a horizontal run is a line of text rather than a rule: the row
/// 1.5 pt above or below it, outside its thickness, inked as by text.
fn along_text(b: &Binary, r: &Rule, dpi: u32) -> bool {
    let off = (r.thick / 2.0 + 1.5 * dpi as f32 / 72.0).round() as isize;
    let (a, e) = (r.a.max(0.0) as usize, (r.b as usize).min(b.w));
    let cover = |dy: isize| {
        let y = r.pos.round() as isize + dy;
        if y < 0 || y >= b.h as isize || e <= a {
            return 0.0;
        }
        (a..e).filter(|&x| b.at(x, y as usize)).count() as f32 / (e - a) as f32
    };
    TEXT_FLANK.contains(&cover(-off)) || TEXT_FLANK.contains(&cover(off))
}

/// The tables the rules of a page draw, top to bottom.
pub fn ruled_tables(hs: &[Rule], vs: &[Rule], dpi: u32) -> Vec<Grid> {
    grids_from_rules(hs, vs, (4.0 * dpi as f32 / 72.0).floor())
}

/// Find the tables drawn by thin vector shapes (a born-digital PDF's rules),
/// in points.
pub fn find_tables_in_rects(rects: &[Rect]) -> Vec<Grid> {
    let (hs, vs): (Vec<_>, Vec<_>) = rects.iter().map(Rule::of_rect).partition(|r| r.0);
    let rules = |v: Vec<(bool, Rule)>| v.into_iter().map(|r| r.1).collect::<Vec<_>>();
    let (hs, vs) = (rules(hs), rules(vs));
    grids_from_rules(&hs, &vs, 2.0)
}

/// The tables of a text-layer page ruled only under their header: its
/// words and rules (PDF points) laid out as ink on a page of
/// `TEXT_LAYER_DPI`, and found there as on a scan ([`open::open_tables`]),
/// so a born-digital plan and its scan get the same columns and rows.
/// Grids in points; `grids` are the page's ruled ones, whose rules head
/// no open table.
pub fn open_tables_in_text(
    words: &[Rect],
    rects: &[Rect],
    grids: &[Grid],
    size: (f32, f32),
) -> Vec<Grid> {
    let f = TEXT_LAYER_DPI as f32 / 72.0;
    let hs = text_rules(rects, f);
    let owned: Vec<Grid> = grids.iter().map(|g| g.scaled(f)).collect();
    let page_width = (size.0 * f).ceil() as usize;
    let heads = open::head_rules(&hs, &owned, page_width, TEXT_LAYER_DPI);
    if heads.is_empty() {
        return Vec::new();
    }
    let Some(b) = text_ink(words, &hs, size, f) else {
        return Vec::new();
    };
    open::open_tables(&b, &hs, &heads, TEXT_LAYER_DPI)
        .into_iter()
        .map(|g| g.scaled(1.0 / f))
        .collect()
}

/// The rest of a table that runs on from the page before, on a text-layer
/// page ([`open::continued_table`]): `xs` are its columns there, in points.
pub fn continued_table_in_text(
    words: &[Rect],
    rects: &[Rect],
    xs: &[f32],
    size: (f32, f32),
) -> Option<Grid> {
    let f = TEXT_LAYER_DPI as f32 / 72.0;
    let hs = text_rules(rects, f);
    let b = text_ink(words, &hs, size, f)?;
    let xs: Vec<f32> = xs.iter().map(|x| x * f).collect();
    open::continued_table(&b, &xs, &hs, TEXT_LAYER_DPI).map(|g| g.scaled(1.0 / f))
}

/// A text layer's horizontal rules at `f` pixels a point, at least one
/// pixel thick. A rule under a header is drawn cell by cell: one line of
/// segments that meet is one rule, as a scan's run of ink would be.
fn text_rules(rects: &[Rect], f: f32) -> Vec<Rule> {
    let mut pieces: Vec<Rule> = rects
        .iter()
        .map(Rule::of_rect)
        .filter(|r| r.0)
        .map(|(_, r)| {
            let r = r.scaled(f);
            Rule {
                thick: r.thick.max(1.0),
                ..r
            }
        })
        .collect();
    pieces.sort_by(|p, q| p.pos.total_cmp(&q.pos).then(p.a.total_cmp(&q.a)));
    let mut hs: Vec<Rule> = Vec::with_capacity(pieces.len());
    for r in pieces {
        match hs.last_mut() {
            Some(l) if (r.pos - l.pos).abs() <= 1.5 && r.a <= l.b + f => {
                l.b = l.b.max(r.b);
                l.thick = l.thick.max(r.thick);
            }
            _ => hs.push(r),
        }
    }
    hs
}

/// A text-layer page's words and rules laid out as ink at `f` pixels a
/// point. A word's box, from its font's ascent to its descent, is about
/// what its marks and letters ink on a scan: the header's distance to its
/// rule and the gaps between lines compare as they do there.
fn text_ink(
    words: &[Rect],
    hs: &[Rule],
    (width_pt, height_pt): (f32, f32),
    f: f32,
) -> Option<Binary> {
    let (w, h) = (
        (width_pt * f).ceil() as usize,
        (height_pt * f).ceil() as usize,
    );
    if w == 0 || h == 0 {
        return None;
    }
    let mut b = Binary {
        w,
        h,
        ink: vec![false; w * h],
    };
    let mut fill = |x0: f32, y0: f32, x1: f32, y1: f32| {
        let (x0, x1) = (x0.max(0.0) as usize, (x1.max(0.0) as usize).min(w));
        let (y0, y1) = (y0.max(0.0) as usize, (y1.max(0.0) as usize).min(h));
        for y in y0..y1 {
            b.ink[y * w + x0..y * w + x1.max(x0)].fill(true);
        }
    };
    for r in words {
        fill(r.x0 * f, r.y0 * f, r.x1 * f, r.y1 * f);
    }
    for r in hs {
        fill(r.a, r.pos - r.thick / 2.0, r.b, r.pos + r.thick / 2.0 + 1.0);
    }
    Some(b)
}

/// Resolution of the page a text layer's words are laid out on.
const TEXT_LAYER_DPI: u32 = 144;

impl Grid {
    fn scaled(&self, f: f32) -> Grid {
        Grid {
            bbox: self.bbox.scale(f),
            ys: self.ys.iter().map(|y| y * f).collect(),
            xs: self.xs.iter().map(|x| x * f).collect(),
            cells: self
                .cells
                .iter()
                .map(|c| Cell {
                    rect: c.rect.scale(f),
                    ..c.clone()
                })
                .collect(),
        }
    }
}

/// Group rules that touch into tables and build each one's grid.
fn grids_from_rules(hs: &[Rule], vs: &[Rule], tol: f32) -> Vec<Grid> {
    // Union-find over rules that touch.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while p[r] != r {
            r = p[r];
        }
        let mut i = i;
        while p[i] != r {
            let next = p[i];
            p[i] = r;
            i = next;
        }
        r
    }
    for (hi, h) in hs.iter().enumerate() {
        for (vi, v) in vs.iter().enumerate() {
            if v.pos >= h.a - tol && v.pos <= h.b + tol && h.pos >= v.a - tol && h.pos <= v.b + tol
            {
                let (a, c) = (find(&mut parent, hi), find(&mut parent, hs.len() + vi));
                parent[a] = c;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> = Default::default();
    for (i, h) in hs.iter().enumerate() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().0.push(*h);
    }
    for (i, v) in vs.iter().enumerate() {
        let r = find(&mut parent, hs.len() + i);
        groups.entry(r).or_default().1.push(*v);
    }
    let mut grids: Vec<Grid> = groups
        .into_values()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .filter_map(|(h, v)| build_grid(&h, &v, tol))
        .collect();
    grids.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    grids
}

/// Share of a table's height a column boundary's rules must cover.
const MIN_COLUMN_RULE: f32 = 0.4;

/// Cluster positions closer than `tol` (rules drawn twice, anti-aliasing).
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= tol => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

fn build_grid(hs: &[Rule], vs: &[Rule], tol: f32) -> Option<Grid> {
    let mut ys = cluster(hs.iter().map(|r| r.pos).collect(), tol);
    let height = ys.last().copied().unwrap_or(0.0) - ys.first().copied().unwrap_or(0.0);
    // A column boundary's rules run down much of the table (interrupted
    // only by spanning rows); a short vertical run inside one row — noise,
    // a stroke of bold text — is not a column.
    let xs: Vec<f32> = cluster(vs.iter().map(|r| r.pos).collect(), tol)
        .into_iter()
        .filter(|&x| {
            let covered: f32 = vs
                .iter()
                .filter(|v| (v.pos - x).abs() <= tol)
                .map(|v| v.b - v.a)
                .sum();
            covered >= MIN_COLUMN_RULE * height
        })
        .collect();
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    // A row cut by a page break has no closing rule: when most column
    // rules run on past the last (or before the first) horizontal rule,
    // their common end closes the table.
    let mut open_edges = Vec::new();
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let last = *ys.last().expect("two rows");
    let below: Vec<f32> = vs
        .iter()
        .filter(|v| v.b > last + 3.0 * tol)
        .map(|v| v.b)
        .collect();
    if below.len() * 2 >= xs.len() {
        if let Some(end) = median(below) {
            ys.push(end);
            open_edges.push(end);
        }
    }
    let first = ys[0];
    let above: Vec<f32> = vs
        .iter()
        .filter(|v| v.a < first - 3.0 * tol)
        .map(|v| v.a)
        .collect();
    if above.len() * 2 >= xs.len() {
        if let Some(start) = median(above) {
            ys.insert(0, start);
            open_edges.push(start);
        }
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    // Is there a rule along x = xs[c] over row r (a wall between columns)?
    let vwall = |c: usize, r: usize| {
        let (y0, y1) = (ys[r], ys[r + 1]);
        vs.iter().any(|v| {
            (v.pos - xs[c]).abs() <= tol
                && v.a <= y0 + (y1 - y0) * 0.3
                && v.b >= y1 - (y1 - y0) * 0.3
        })
    };
    let hwall = |r: usize, c: usize| {
        let (x0, x1) = (xs[c], xs[c + 1]);
        open_edges.contains(&ys[r])
            || hs.iter().any(|h| {
                (h.pos - ys[r]).abs() <= tol
                    && h.a <= x0 + (x1 - x0) * 0.3
                    && h.b >= x1 - (x1 - x0) * 0.3
            })
    };
    let mut owner = vec![usize::MAX; nr * nc];
    let mut cells = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if owner[r * nc + c] != usize::MAX {
                continue;
            }
            let mut cs = 1;
            while c + cs < nc && !vwall(c + cs, r) {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < nr && (c..c + cs).all(|cc| !hwall(r + rs, cc)) {
                rs += 1;
            }
            for rr in r..r + rs {
                for cc in c..c + cs {
                    owner[rr * nc + cc] = cells.len();
                }
            }
            cells.push(Cell {
                row: r,
                col: c,
                row_span: rs,
                col_span: cs,
                rect: Rect {
                    x0: xs[c],
                    y0: ys[r],
                    x1: xs[c + cs],
                    y1: ys[r + rs],
                },
            });
        }
    }
    Some(Grid {
        bbox: Rect {
            x0: xs[0],
            y0: ys[0],
            x1: xs[nc],
            y1: ys[nr],
        },
        ys,
        xs,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with a ruled grid drawn on it.
    fn page(w: u32, h: u32, ys: &[u32], xs: &[u32], skip_v: &[(u32, usize)]) -> GrayImage {
        let mut img = GrayImage::from_pixel(w, h, image::Luma([255]));
        let (x0, x1) = (xs[0], *xs.last().unwrap());
        for &y in ys {
            for x in x0..=x1 {
                for t in 0..3 {
                    img.put_pixel(x, y + t, image::Luma([0]));
                }
            }
        }
        for (ci, &x) in xs.iter().enumerate() {
            for (ri, w) in ys.windows(2).enumerate() {
                if skip_v.contains(&(ri as u32, ci)) {
                    continue;
                }
                for y in w[0]..=w[1] {
                    for t in 0..3 {
                        img.put_pixel(x + t, y, image::Luma([0]));
                    }
                }
            }
        }
        img
    }

    #[test]
    fn rules_and_lines_of_type_table() {
        // 300 dpi. Letters 20 px wide, 4 px apart, stems 3 px wide at each
        // side from the x-height (y 170) to the baseline (y 200); a foot
        // (serif) along the baseline joins each letter's stems.
        let letters = |img: &mut GrayImage, x0: u32, x1: u32| {
            for x in (x0..x1).step_by(24) {
                for y in 170..200 {
                    for t in [0, 1, 2, 17, 18, 19] {
                        img.put_pixel(x + t, y, image::Luma([0]));
                    }
                }
                for xx in x..x + 20 {
                    img.put_pixel(xx, 200, image::Luma([0]));
                }
            }
        };
        let rule = |img: &mut GrayImage, y: u32| {
            for x in 100..900 {
                for t in 0..3 {
                    img.put_pixel(x, y + t, image::Luma([0]));
                }
            }
        };
        type Draw =
            fn(&mut GrayImage, &dyn Fn(&mut GrayImage, u32, u32), &dyn Fn(&mut GrayImage, u32));
        let rows: [(&str, Draw, usize); 3] = [
            ("a line of serif type", |img, l, _| l(img, 100, 900), 0),
            (
                "a rule under a cell's text",
                |img, l, r| {
                    l(img, 100, 900);
                    r(img, 212)
                },
                1,
            ),
            (
                "a rule above a cell's text",
                |img, l, r| {
                    l(img, 100, 900);
                    r(img, 150)
                },
                1,
            ),
        ];
        for (what, draw, want) in rows {
            let mut img = GrayImage::from_pixel(1000, 400, image::Luma([255]));
            draw(&mut img, &letters, &rule);
            let (hs, _) = find_rules(&Binary::from_gray(&img), 300);
            let long: Vec<_> = hs.iter().filter(|h| h.b - h.a > 700.0).collect();
            assert_eq!(long.len(), want, "{what}: {hs:?}");
        }
    }

    #[test]
    fn rules_that_drift_and_blobs_table() {
        // 300 dpi, a 1500 px tall page, ink from y 100 to 1400: a vertical
        // stroke `width` px wide at x 400 whose x moves `drift` px over its
        // length (a photo rectified a fraction of a degree off square), or
        // a filled block.
        // (case, width, drift, rules found, thickest they may be)
        let rows: [(&str, u32, f32, usize, f32); 4] = [
            ("a straight rule", 2, 0.0, 1, 2.0),
            ("a rule drifting 6 px", 2, 6.0, 1, 8.0),
            ("a rule drifting 20 px", 2, 20.0, 1, 4.0),
            ("a filled block 30 px wide", 30, 0.0, 0, 0.0),
        ];
        for (what, width, drift, want, thick) in rows {
            let mut img = GrayImage::from_pixel(800, 1500, image::Luma([255]));
            for y in 100..1400u32 {
                let x = 400 + ((y - 100) as f32 * drift / 1300.0) as u32;
                for t in 0..width {
                    img.put_pixel(x + t, y, image::Luma([0]));
                }
            }
            let (_, vs) = find_rules(&Binary::from_gray(&img), 300);
            let long: Vec<_> = vs.iter().filter(|v| v.b - v.a > 1200.0).collect();
            assert_eq!(long.len(), want, "{what}: {vs:?}");
            assert!(long.iter().all(|v| v.thick <= thick), "{what}: {vs:?}");
        }
    }

    #[test]
    fn rule_remnants_inside_a_cell_table() {
        // A 300 × 200 px cell interior at (100, 100); band 5 px, run 66 px.
        let cell = Rect {
            x0: 100.0,
            y0: 100.0,
            x1: 400.0,
            y1: 300.0,
        };
        // What is drawn (x range, y range) and how many pixels are whitened.
        type Strokes<'a> = &'a [((u32, u32), (u32, u32))];
        let rows: [(&str, Strokes, usize); 6] = [
            (
                "a stray rule at the left",
                &[((100, 102), (100, 300))],
                200 * 5,
            ),
            ("and at the right", &[((397, 399), (120, 300))], 180 * 5),
            ("a rule's end, too short", &[((100, 102), (100, 150))], 0),
            (
                "text lines at the side, gaps between",
                &[
                    ((101, 110), (110, 150)),
                    ((101, 110), (160, 200)),
                    ((101, 110), (210, 250)),
                ],
                0,
            ),
            (
                "a long stroke inside the cell",
                &[((200, 203), (100, 300))],
                0,
            ),
            (
                "a rule along the top is left",
                &[((100, 400), (100, 102))],
                0,
            ),
        ];
        for (what, strokes, want) in rows {
            let mut img = GrayImage::from_pixel(500, 400, image::Luma([255]));
            for &((x0, x1), (y0, y1)) in strokes {
                for y in y0..y1 {
                    for x in x0..x1 {
                        img.put_pixel(x, y, image::Luma([0]));
                    }
                }
            }
            let b = Binary::from_gray(&img);
            assert_eq!(rule_remnants(&b, &cell, 5, 66).len(), want, "{what}");
        }
    }

    #[test]
    fn grid_with_a_spanning_cell() {
        // 3 rows × 3 columns; row 0 has no wall between columns 1 and 2.
        let img = page(
            1200,
            900,
            &[100, 250, 400, 550],
            &[100, 300, 700, 1100],
            &[(0, 2)],
        );
        let b = Binary::from_gray(&img);
        let grids = find_tables(&b, 300);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.ys.len(), g.xs.len()), (4, 4));
        assert_eq!(g.cells.len(), 8);
        let span = g.cells.iter().find(|c| c.row == 0 && c.col == 1).unwrap();
        assert_eq!((span.col_span, span.row_span), (2, 1));
    }

    #[test]
    fn a_row_cut_by_the_page_end_is_closed_by_its_column_rules() {
        let mut img = page(1200, 900, &[100, 250, 400], &[100, 300, 700, 1100], &[]);
        // Column rules run on to y = 600 with no closing horizontal rule.
        for &x in &[100u32, 300, 700, 1100] {
            for y in 400..600 {
                for t in 0..3 {
                    img.put_pixel(x + t, y, image::Luma([0]));
                }
            }
        }
        let g = &find_tables(&Binary::from_gray(&img), 300)[0];
        assert_eq!(g.ys.len(), 4, "{:?}", g.ys);
        assert!((g.ys[3] - 600.0).abs() < 4.0);
    }

    #[test]
    fn deskewed_coordinates_map_back_to_the_original() {
        let mut img = GrayImage::from_pixel(400, 300, image::Luma([255]));
        for y in 200..206 {
            for x in 300..306 {
                img.put_pixel(x, y, image::Luma([0]));
            }
        }
        let deg = 1.5;
        let straight = deskew(&img, deg);
        let b = Binary::from_gray(&straight);
        // Centre of the dot on the straightened page.
        let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
        for y in 0..b.h {
            for x in 0..b.w {
                if b.at(x, y) {
                    sx += x as f32;
                    sy += y as f32;
                    n += 1.0;
                }
            }
        }
        let (ox, oy) = to_original(deg, 400, 300, sx / n, sy / n);
        assert!(
            (ox - 302.5).abs() < 1.0 && (oy - 202.5).abs() < 1.0,
            "{ox} {oy}"
        );
        let mut blank = img.clone();
        blank_on_original(
            &mut blank,
            deg,
            &Rect {
                x0: sx / n - 8.0,
                y0: sy / n - 8.0,
                x1: sx / n + 8.0,
                y1: sy / n + 8.0,
            },
        );
        assert!(
            blank.as_raw().iter().all(|&p| p == 255),
            "the dot is blanked where it really is"
        );
    }

    /// A white 200 × 100 cell with ink boxes (x, y, width, height), and
    /// the rectangle of the whole cell.
    fn cell_with(boxes: &[(u32, u32, u32, u32)]) -> (GrayImage, Rect) {
        let mut img = GrayImage::from_pixel(200, 100, image::Luma([255]));
        for &(x0, y0, w, h) in boxes {
            for y in y0..y0 + h {
                for x in x0..x0 + w {
                    img.put_pixel(x, y, image::Luma([0]));
                }
            }
        }
        let r = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 200.0,
            y1: 100.0,
        };
        (img, r)
    }

    #[test]
    fn label_keeps_its_glyphs_only() {
        // A 300 dpi cell: a 40 px stroke ("I"), a 3 × 3 speck beside it,
        // a 2 px speck in a corner, a 6 × 6 dot (a diacritic's size) and a
        // rule remnant along the left side.
        let (img, cell) = cell_with(&[
            (100, 30, 6, 40),
            (150, 50, 3, 3),
            (10, 90, 2, 1),
            (60, 20, 6, 6),
            (0, 0, 2, 100),
        ]);
        let b = Binary::from_gray(&img);
        let (specks, glyphs) = label_glyphs(&b, &cell, 16.0);
        assert_eq!(
            glyphs,
            vec![Rect {
                x0: 100.0,
                y0: 30.0,
                x1: 106.0,
                y1: 70.0
            }]
        );
        // Everything but the stroke is whitened before the label is read.
        assert_eq!(specks.len(), 9 + 2 + 36 + 200);
    }

    #[test]
    fn lone_specks_go_and_marks_beside_glyphs_stay() {
        // A 300 dpi line: two glyphs (20 × 30 boxes, like an "o") and the
        // small ink around them, each with whether it survives.
        let glyphs = [(100, 40, 20, 30), (200, 40, 20, 30)];
        let marks = [
            ((108, 33, 4, 4), true, "a dot over the glyph"),
            ((108, 73, 4, 4), true, "a dot under it"),
            ((122, 66, 4, 4), true, "a full stop after it"),
            ((224, 64, 6, 6), true, "an ellipsis: its first dot"),
            ((236, 64, 6, 6), true, "its second, a word space off"),
            ((248, 64, 6, 6), true, "its third, beside the second"),
            ((170, 55, 8, 3), true, "a dash between the glyphs"),
            ((121, 45, 2, 2), false, "a speck touching nothing"),
            ((108, 10, 4, 4), false, "dust far over the glyph"),
            ((300, 50, 4, 4), false, "dust off the line"),
            ((340, 50, 8, 8), false, "a clump of dust off the line"),
        ];
        let mut img = GrayImage::from_pixel(400, 120, image::Luma([255]));
        let ink = |img: &mut GrayImage, &(x0, y0, w, h): &(u32, u32, u32, u32)| {
            for y in y0..y0 + h {
                for x in x0..x0 + w {
                    img.put_pixel(x, y, image::Luma([0]));
                }
            }
        };
        for g in &glyphs {
            ink(&mut img, g);
        }
        for (m, _, _) in &marks {
            ink(&mut img, m);
        }
        let b = Binary::from_gray(&img);
        despeckle(&mut img, &b, 300);
        for g in &glyphs {
            assert_eq!(img.get_pixel(g.0 + 5, g.1 + 5).0[0], 0, "glyphs stay");
        }
        for ((x, y, _, _), stays, what) in marks {
            assert_eq!(img.get_pixel(x, y).0[0] == 0, stays, "{what}");
        }
    }

    #[test]
    fn strokes_of_roman_labels() {
        // "I", "II", "III": the label pass counts these glyphs when OCR
        // reads a lone "I" badly.
        let strokes = [(40, 30, 6, 40), (60, 30, 6, 40), (80, 30, 6, 40)];
        for n in 1..=3 {
            let (img, r) = cell_with(&strokes[..n]);
            assert_eq!(label_glyphs(&Binary::from_gray(&img), &r, 16.0).1.len(), n);
        }
    }

    #[test]
    fn skew_is_found_and_removed() {
        let img = page(
            1200,
            900,
            &[100, 250, 400, 550],
            &[100, 300, 700, 1100],
            &[],
        );
        for deg in [-1.3f32, 0.8] {
            let rotated = deskew(&img, -deg);
            let est = estimate_skew(&Binary::from_gray(&rotated), 2.0);
            assert!((est - deg).abs() < 0.1, "{deg}: {est}");
            let fixed = deskew(&rotated, est);
            assert_eq!(
                find_tables(&Binary::from_gray(&fixed), 300)[0].cells.len(),
                9,
                "{deg}"
            );
        }
    }

    #[test]
    fn vector_rules_make_the_same_grid() {
        // A 2×3 table drawn as thin rectangles, in points, one per cell edge.
        let (ys, xs) = ([100.0f32, 130.0, 160.0], [50.0f32, 100.0, 300.0, 400.0]);
        let mut rects = Vec::new();
        for &y in &ys {
            for w in xs.windows(2) {
                rects.push(Rect {
                    x0: w[0],
                    y0: y - 0.5,
                    x1: w[1],
                    y1: y + 0.5,
                });
            }
        }
        for &x in &xs {
            for w in ys.windows(2) {
                rects.push(Rect {
                    x0: x - 0.5,
                    y0: w[0],
                    x1: x + 0.5,
                    y1: w[1],
                });
            }
        }
        // A filled box elsewhere is no rule, and a lone underline no table.
        rects.push(Rect {
            x0: 10.0,
            y0: 500.0,
            x1: 200.0,
            y1: 501.0,
        });
        let grids = find_tables_in_rects(&rects);
        assert_eq!(grids.len(), 1);
        assert_eq!(
            (grids[0].ys.len(), grids[0].xs.len(), grids[0].cells.len()),
            (3, 4, 6)
        );
    }

    #[test]
    fn text_and_short_strokes_are_not_tables() {
        let mut img = GrayImage::from_pixel(800, 600, image::Luma([255]));
        // An underline under a heading: one rule, no table.
        for x in 300..500 {
            img.put_pixel(x, 100, image::Luma([0]));
        }
        assert!(find_tables(&Binary::from_gray(&img), 300).is_empty());
    }
}

/// Connected ink components (8-connected) inside a rectangle: each one's
/// box and, for components of at most `max_pixels` pixels, its pixels in
/// page coordinates (larger ones come with none: a page's text would
/// otherwise be held pixel by pixel).
pub(crate) fn components(
    b: &Binary,
    r: &Rect,
    max_pixels: usize,
) -> Vec<(Rect, Vec<(usize, usize)>)> {
    let (x0, y0) = (r.x0.max(0.0) as usize, r.y0.max(0.0) as usize);
    let (x1, y1) = (
        (r.x1.max(0.0) as usize).min(b.w),
        (r.y1.max(0.0) as usize).min(b.h),
    );
    if x1 <= x0 || y1 <= y0 {
        return Vec::new();
    }
    let w = x1 - x0;
    let mut seen = vec![false; w * (y1 - y0)];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for sy in y0..y1 {
        for sx in x0..x1 {
            if seen[(sy - y0) * w + sx - x0] || !b.at(sx, sy) {
                continue;
            }
            seen[(sy - y0) * w + sx - x0] = true;
            stack.push((sx, sy));
            let (mut bx0, mut by0, mut bx1, mut by1) = (sx, sy, sx, sy);
            let (mut pixels, mut count) = (Vec::new(), 0usize);
            while let Some((x, y)) = stack.pop() {
                count += 1;
                if count <= max_pixels {
                    pixels.push((x, y));
                } else if !pixels.is_empty() {
                    pixels = Vec::new();
                }
                (bx0, by0, bx1, by1) = (bx0.min(x), by0.min(y), bx1.max(x), by1.max(y));
                for ny in y.saturating_sub(1).max(y0)..(y + 2).min(y1) {
                    for nx in x.saturating_sub(1).max(x0)..(x + 2).min(x1) {
                        let i = (ny - y0) * w + nx - x0;
                        if !seen[i] && b.at(nx, ny) {
                            seen[i] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            let bbox = Rect {
                x0: bx0 as f32,
                y0: by0 as f32,
                x1: (bx1 + 1) as f32,
                y1: (by1 + 1) as f32,
            };
            out.push((bbox, pixels));
        }
    }
    out
}

/// Scanner specks, in pixels at 300 dpi: ink this small is never text.
const SPECK_PX: f32 = 3.0;
/// Ink up to this size is a mark only right over, under or after a
/// glyph (a diacritic, a full stop, the dots of a colon or an ellipsis);
/// elsewhere it is dust, which OCR reads as "ˆ", "-" or "“".
const DOT_PX: f32 = 5.0;
/// Ink up to this size (a comma, a hyphen, a bullet dash, clumped dust)
/// is punctuation only on a line of glyphs, within a word space of one.
const BLOB_PX: f32 = 10.0;
/// How far a mark may stand from its glyph: above or below it (a dot
/// under "ệ", a tone over a capital), after it (a full stop), and across
/// a word space (a dash between words).
const MARK_GAP_PX: f32 = 7.5;
const MARK_SLACK_PX: f32 = 6.0;
const WORD_SPACE_PX: f32 = 24.0;
/// Glyphs that marks belong to are no larger than this (a 20 pt capital
/// with its marks), so that rules and blots host no marks.
const GLYPH_MAX_PX: f32 = 90.0;

/// Whiten scanner specks on `img` (the page `b` was binarised from,
/// scanned at `dpi`): ink too small to be text, and ink a little larger
/// that stands apart from every glyph. Diacritics, punctuation and the
/// dots of colons and ellipses stand next to a glyph (or next to such a
/// dot) and stay; the binary page is left as it is.
pub fn despeckle(img: &mut GrayImage, b: &Binary, dpi: u32) {
    let px = |at300: f32| at300 * dpi as f32 / 300.0;
    let (speck, dot, blob) = (px(SPECK_PX), px(DOT_PX), px(BLOB_PX));
    let (gap, slack, space) = (px(MARK_GAP_PX), px(MARK_SLACK_PX), px(WORD_SPACE_PX));
    let page = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: b.w as f32,
        y1: b.h as f32,
    };
    let side = |r: &Rect| r.width().max(r.height());
    let comps = components(b, &page, (blob * blob).ceil() as usize);
    // Glyphs bucketed by column band, so each mark looks only at its
    // neighbours.
    let key = |x: f32| (x / space.max(1.0)).max(0.0) as usize;
    let mut glyphs: Vec<Vec<Rect>> = vec![Vec::new(); key(b.w as f32) + 2];
    for (r, _) in &comps {
        if side(r) > blob && side(r) <= px(GLYPH_MAX_PX) {
            let (k0, k1) = (key(r.x0 - space), key(r.x1 + space));
            for bucket in &mut glyphs[k0..=k1] {
                bucket.push(*r);
            }
        }
    }
    let dy = |a: &Rect, g: &Rect| (g.y0 - a.y1).max(a.y0 - g.y1).max(0.0);
    let hosted = |m: &Rect| {
        glyphs[key(m.center_x())].iter().any(|g| {
            let over = m.center_x() >= g.x0 - slack && m.center_x() <= g.x1 + slack;
            let dx = (m.x0 - g.x1).max(g.x0 - m.x1);
            (over && dy(m, g) <= gap) || (side(m) > dot && dx <= space && dy(m, g) == 0.0)
        })
    };
    /// Small ink: its box, its pixels, and whether it stays.
    struct Mark<'a> {
        rect: Rect,
        pixels: &'a [(usize, usize)],
        kept: bool,
    }
    let mut marks: Vec<Mark> = comps
        .iter()
        .filter(|(r, _)| side(r) <= blob)
        .map(|(r, p)| Mark {
            rect: *r,
            pixels: p,
            kept: side(r) > speck && hosted(r),
        })
        .collect();
    // Dots after a kept mark on its line (an ellipsis, a colon's pair)
    // are kept too; a chain is a few dots long.
    loop {
        let kept: Vec<Rect> = marks.iter().filter(|m| m.kept).map(|m| m.rect).collect();
        let mut grew = false;
        for m in marks
            .iter_mut()
            .filter(|m| !m.kept && side(&m.rect) > speck)
        {
            let r = m.rect;
            if kept.iter().any(|k| {
                let dx = (r.x0 - k.x1).max(k.x0 - r.x1);
                dx <= 2.0 * slack && dy(&r, k) <= gap.min(dot)
            }) {
                m.kept = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    // The grey rim a rendered or scanned speck leaves around its ink
    // goes with it: Tesseract binarises on its own and would read it.
    let (w, h) = (b.w as u32, b.h as u32);
    for m in marks.iter().filter(|m| !m.kept) {
        for &(x, y) in m.pixels {
            let (x, y) = (x as u32, y as u32);
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    if nx == x && ny == y || !b.at(nx as usize, ny as usize) {
                        img.put_pixel(nx, ny, image::Luma([255]));
                    }
                }
            }
        }
    }
}

/// A row label's glyphs: digits and Roman numerals all stand a full line
/// high, so the label is the ink around its tall components (at least
/// half the tallest and `min_height` pixels, and clear of the cell's sides,
/// where rule remnants stand). Specks, dust and rule ends elsewhere in the
/// cell are not part of it; pieces of a glyph broken by the scan are.
/// Returns the pixels to whiten and the boxes of the tall components, left
/// to right (none for an empty cell).
pub fn label_glyphs(b: &Binary, r: &Rect, min_height: f32) -> (Vec<(usize, usize)>, Vec<Rect>) {
    let comps = components(b, r, usize::MAX);
    let clear = |c: &Rect| c.x0 > r.x0.max(0.0) + 1.0 && c.x1 < r.x1 - 1.0;
    let tallest = comps
        .iter()
        .filter(|c| clear(&c.0))
        .map(|c| c.0.height())
        .fold(0.0, f32::max);
    let tall = |c: &Rect| clear(c) && c.height() * 2.0 >= tallest && c.height() >= min_height;
    let mut glyphs: Vec<Rect> = comps.iter().map(|c| c.0).filter(tall).collect();
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let around = glyphs.iter().copied().reduce(|a, b| a.union(&b)).map(|u| {
        let (dx, dy) = (0.15 * u.height(), 0.2 * u.height());
        Rect {
            x0: u.x0 - dx,
            y0: u.y0 - dy,
            x1: u.x1 + dx,
            y1: u.y1 + dy,
        }
    });
    let inside = |c: &Rect| {
        around.is_some_and(|a| {
            let (x, y) = (c.center_x(), c.center_y());
            x >= a.x0 && x <= a.x1 && y >= a.y0 && y <= a.y1
        })
    };
    let specks = comps
        .into_iter()
        .filter(|c| !inside(&c.0))
        .flat_map(|c| c.1)
        .collect();
    (specks, glyphs)
}

/// Ink of the rules around a cell that its interior still holds: a skewed
/// or bowed rule strays inside the margin, and the engine reads the stroke
/// with the text beside it as a letter ("2027" and a rule as "ự"). Along
/// the left and right sides, a band `band` pixels wide is searched for ink
/// that runs on unbroken for `min_run` pixels and half the side: no glyph
/// is that tall, and lines of text leave gaps between them. (Along the top
/// and bottom a line of touching letters would pass for a rule.) Returns
/// the band's pixels on such runs, all of them: a JPEG's grey halo around
/// the rule goes too.
pub fn rule_remnants(b: &Binary, r: &Rect, band: usize, min_run: usize) -> Vec<(usize, usize)> {
    let (x0, y0) = (r.x0.max(0.0) as usize, r.y0.max(0.0) as usize);
    let (x1, y1) = (
        (r.x1.max(0.0) as usize).min(b.w),
        (r.y1.max(0.0) as usize).min(b.h),
    );
    if x1 <= x0 + 2 * band || y1 <= y0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let min = min_run.max((y1 - y0) / 2);
    for xs in [x0..x0 + band, x1 - band..x1] {
        let inked = |y: usize| xs.clone().any(|x| b.at(x, y));
        let mut start = y0;
        for y in y0..=y1 {
            if y < y1 && inked(y) {
                continue;
            }
            if y - start >= min {
                out.extend((start..y).flat_map(|y| xs.clone().map(move |x| (x, y))));
            }
            start = y + 1;
        }
    }
    out
}

/// A table on one page with the text of each cell, boxes in PDF points.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTable {
    /// 1-based page.
    pub page: usize,
    pub bbox: Rect,
    pub n_rows: usize,
    pub n_cols: usize,
    /// Column boundaries in points (for stitching across pages).
    pub xs: Vec<f32>,
    pub cells: Vec<CellText>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CellText {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub rect: Rect,
    /// The cell's lines, `\n` between them.
    pub text: String,
    /// Mean word confidence, 1 for an empty cell.
    pub conf: f32,
    /// The text as read, when the repair stage changed it.
    pub raw: Option<String>,
}

impl PageTable {
    /// Cell texts as a dense row-major grid ("" under spanned positions).
    pub fn rows(&self) -> Vec<Vec<&CellText>> {
        let mut rows: Vec<Vec<&CellText>> = vec![Vec::new(); self.n_rows];
        for c in &self.cells {
            rows[c.row].push(c);
        }
        for r in &mut rows {
            r.sort_by_key(|c| c.col);
        }
        rows
    }
}

/// The rectangle to read inside a cell: clear of the rules around it.
pub fn cell_interior(rect: &Rect, dpi: u32) -> Rect {
    let m = 3.0 * dpi as f32 / 300.0 + 2.0;
    Rect {
        x0: rect.x0 + m,
        y0: rect.y0 + m,
        x1: rect.x1 - m,
        y1: rect.y1 - m,
    }
}
