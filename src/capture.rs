//! Real captures: a page's colour pixels (RGB or RGBA, as decoded or
//! rendered) in, the grey page OCR should read out, with what was done.
//!
//! - **Colour ink.** Issued plans carry a red seal over the signing block
//!   and a signature in blue ink. Print is black: dark in every channel.
//!   Coloured ink is light in the channel of its own hue, so it is told by
//!   its chroma and lifted to paper before binarisation, and the seal no
//!   longer erases the signer's name or turns into rules and speckle.
//!   Chroma in a JPEG is kept at half resolution, so black strokes under a
//!   seal borrow its colour: a pixel that is dark in luma stays ink.
//! - **Paper.** A colour page's paper (yellowed, grey, lit unevenly) is
//!   flattened to white by dividing by an estimate of the background.
//! - **Photos.** A phone photo shows the page on a desk. The page's four
//!   edges are found as the strongest straight steps from darker outside to
//!   brighter inside, the corners are their crossings, and the page is
//!   warped through the homography onto an upright A4 rectangle (the paper
//!   of Nghị định 30/2020/NĐ-CP), then its light is flattened.
//!
//! A page whose pixels are all neutral grey comes out as the plain luma
//! conversion made it, but for the scanner's dark margin where the paper
//! did not cover the glass: whitened, like a photo's desk, since it drags
//! the OCR engine's global threshold down and light print breaks up.

use image::GrayImage;

use crate::export::Capture;

/// A4 in points (210 × 297 mm).
pub const A4_PT: (f32, f32) = (595.3, 841.9);

/// What OCR reads, and what was done to get it.
#[derive(Debug, Clone)]
pub struct Captured {
    pub image: GrayImage,
    pub dpi: u32,
    pub capture: Capture,
    /// The page size after correction (photos only).
    pub size_pt: Option<(f32, f32)>,
    /// Blue pen ink of a colour page (0 ink, 255 not), in the geometry of
    /// `image`: the figures a clerk writes into the header (see
    /// [`crate::figures`]), which `image` no longer shows.
    pub pen: Option<GrayImage>,
}

/// The integer luma of Rec. 601, as the plain conversion has always used.
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((r as u32 * 77 + g as u32 * 150 + b as u32 * 29) >> 8) as u8
}

/// Chroma from which a pixel counts as coloured ink (0–255 scale).
const INK_CHROMA: i32 = 32;
/// Luma below which a pixel is black print whatever its chroma.
const PRINT_LUMA: i32 = 28;

/// A pixel's grey with coloured ink lifted to paper; neutral pixels keep
/// their luma.
pub fn ink_gray(r: u8, g: u8, b: u8) -> u8 {
    let y = luma(r, g, b) as i32;
    let (hi, lo) = (r.max(g).max(b) as i32, r.min(g).min(b) as i32);
    let chroma = hi - lo;
    // Coloured-ness ramps over 48 levels of chroma, and black-ness over 24
    // levels of luma above black print.
    let w_colour = ((chroma - INK_CHROMA) * 256 / 48).clamp(0, 256);
    let w_light = ((y - PRINT_LUMA) * 256 / 24).clamp(0, 256);
    let w = w_colour * w_light / 256;
    // Lift to what the ink's own channel says of the paper beneath it.
    let paper = hi + (255 - hi) * 3 / 4;
    ((y * (256 - w) + paper * w) / 256) as u8
}

/// Blue pen: blue over red and over green by this much (0–255 scale).
/// Red seals, black print and grey paper all fail it.
const PEN_OVER_RED: i32 = 40;
const PEN_OVER_GREEN: i32 = 15;
/// Fewer pen pixels than this on a page are no writing.
const MIN_PEN_PIXELS: usize = 50;

/// Whether a pixel is blue pen ink.
pub fn is_pen(r: u8, g: u8, b: u8) -> bool {
    let (r, g, b) = (r as i32, g as i32, b as i32);
    b - r >= PEN_OVER_RED && b - g >= PEN_OVER_GREEN
}

/// How many pixels of a page must be coloured ink for it to be read as a
/// colour page (JPEG noise on grey scans stays far below).
const COLOUR_SHARE: f64 = 0.0005;

/// Read a page from its colour pixels (`channels` 3 or 4, row-major).
pub fn from_rgb(w: u32, h: u32, px: &[u8], channels: usize, dpi: u32) -> Captured {
    let n = (w as usize) * (h as usize);
    let pixel = |i: usize| {
        let p = &px[i * channels..i * channels + 3];
        (p[0], p[1], p[2])
    };
    let luma_img: Vec<u8> = (0..n)
        .map(|i| {
            let (r, g, b) = pixel(i);
            luma(r, g, b)
        })
        .collect();
    let luma_img = GrayImage::from_raw(w, h, luma_img).unwrap_or_else(|| GrayImage::new(1, 1));
    let coloured = (0..n)
        .filter(|&i| {
            let (r, g, b) = pixel(i);
            r.max(g).max(b) as i32 - r.min(g).min(b) as i32 >= INK_CHROMA
        })
        .count();
    let colour = n > 0 && coloured as f64 / n as f64 >= COLOUR_SHARE;
    let quad = find_page(&luma_img);
    if !colour {
        return finish(luma_img, None, quad, dpi);
    }
    let ink = (0..n)
        .map(|i| {
            let (r, g, b) = pixel(i);
            ink_gray(r, g, b)
        })
        .collect();
    let ink = GrayImage::from_raw(w, h, ink).unwrap_or_else(|| GrayImage::new(1, 1));
    let pen: Vec<u8> = (0..n)
        .map(|i| {
            let (r, g, b) = pixel(i);
            if is_pen(r, g, b) {
                0
            } else {
                255
            }
        })
        .collect();
    let pen = (pen.iter().filter(|&&p| p == 0).count() >= MIN_PEN_PIXELS)
        .then(|| GrayImage::from_raw(w, h, pen))
        .flatten();
    finish(ink, Some(pen), quad, dpi)
}

/// Read a page that was grey already (a grey photo is still a photo).
pub fn from_gray(img: GrayImage, dpi: u32) -> Captured {
    let quad = find_page(&img);
    finish(img, None, quad, dpi)
}

/// Rectify a photo and flatten what is not plain grey paper; a neutral
/// scan passes unchanged. `pen` is `Some` for a colour page (and holds
/// its pen ink, if any), which goes through the same geometry.
fn finish(
    gray: GrayImage,
    pen: Option<Option<GrayImage>>,
    quad: Option<Quad>,
    dpi: u32,
) -> Captured {
    let colour = pen.is_some();
    let pen = pen.flatten();
    match quad {
        Some(q) => {
            let (flat, dpi, size) = rectify(&gray, &q);
            let mut image = flatten(&flat, dpi);
            clear_edges(&mut image, dpi);
            Captured {
                image,
                dpi,
                capture: Capture::Photo,
                size_pt: Some(size),
                pen: pen.map(|p| rectify(&p, &q).0),
            }
        }
        None => {
            let mut image = if colour { flatten(&gray, dpi) } else { gray };
            // A scanner's black margin, where the paper did not cover
            // the glass, weighs on the OCR engine's global threshold
            // (light print falls below it and lines break up).
            clear_edges(&mut image, dpi);
            Captured {
                image,
                dpi,
                capture: Capture::Scan,
                size_pt: None,
                pen,
            }
        }
    }
}

/// Divide out the paper's brightness, estimated per block as a high
/// percentile, spread over neighbours (a block all ink takes its
/// neighbours' paper) and interpolated bilinearly.
pub fn flatten(img: &GrayImage, dpi: u32) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let block = (dpi as usize / 6).max(8);
    let (bw, bh) = (w.div_ceil(block), h.div_ceil(block));
    let mut bg = vec![0u8; bw * bh];
    for by in 0..bh {
        for bx in 0..bw {
            let mut hist = [0u32; 256];
            let mut count = 0u32;
            for y in by * block..((by + 1) * block).min(h) {
                for x in bx * block..((bx + 1) * block).min(w) {
                    hist[img.as_raw()[y * w + x] as usize] += 1;
                    count += 1;
                }
            }
            bg[by * bw + bx] = percentile(&hist, count, 0.9);
        }
    }
    let spread = max3(&bg, bw, bh);
    let at = |x: usize, y: usize| spread[y.min(bh - 1) * bw + x.min(bw - 1)] as f32;
    let mut out = GrayImage::new(w as u32, h as u32);
    for y in 0..h {
        let fy = ((y as f32 + 0.5) / block as f32 - 0.5).max(0.0);
        let (y0, ty) = (fy as usize, fy.fract());
        for x in 0..w {
            let fx = ((x as f32 + 0.5) / block as f32 - 0.5).max(0.0);
            let (x0, tx) = (fx as usize, fx.fract());
            let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
            let bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
            let paper = (top * (1.0 - ty) + bottom * ty).max(64.0);
            let v = img.as_raw()[y * w + x] as f32 * 255.0 / paper;
            out.as_mut()[y * w + x] = v.round().min(255.0) as u8;
        }
    }
    out
}

/// How deep from the edge of a page (a rectified photo, a scan) what lies
/// beyond the paper
/// may reach, in mm: the page's four edges are found to a few pixels of a
/// small copy, so a strip of table or floor can remain. Nghị định
/// 30/2020/NĐ-CP sets margins of 15 to 35 mm, so nothing printed lies this
/// close to an edge.
const EDGE_BAND_MM: f64 = 12.0;
/// Paper between that strip and what is printed, in mm: a dark run that
/// stops this long before the band's end is the strip's end.
const EDGE_GAP_MM: f64 = 1.0;
/// Below this a flattened pixel is not paper.
const EDGE_DARK: u8 = 128;

/// Whiten what is dark and joined to the edge of a page within
/// [`EDGE_BAND_MM`]: the background a photo shows past the paper's edge,
/// or the glass a scanner shows past it, which would otherwise read as a
/// rule along the page.
pub fn clear_edges(img: &mut GrayImage, dpi: u32) {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mm = dpi as f64 / 25.4;
    let band = (EDGE_BAND_MM * mm) as usize;
    let gap = ((EDGE_GAP_MM * mm) as usize).max(2);
    let px = img.as_mut();
    // Each line across an edge: its pixel indices from the edge inward.
    let mut clear = |line: &mut dyn Iterator<Item = usize>| {
        let idx: Vec<usize> = line.take(band).collect();
        let (mut last_dark, mut light) = (None, 0);
        for (k, &i) in idx.iter().enumerate() {
            if px[i] < EDGE_DARK {
                last_dark = Some(k);
                light = 0;
            } else {
                light += 1;
                if light >= gap {
                    break;
                }
            }
        }
        if let Some(end) = last_dark {
            idx[..=end].iter().for_each(|&i| px[i] = 255);
        }
    };
    for x in 0..w {
        clear(&mut (0..h).map(|y| y * w + x));
        clear(&mut (0..h).rev().map(|y| y * w + x));
    }
    for y in 0..h {
        clear(&mut (0..w).map(|x| y * w + x));
        clear(&mut (0..w).rev().map(|x| y * w + x));
    }
}

fn percentile(hist: &[u32; 256], count: u32, q: f64) -> u8 {
    let want = (count as f64 * q) as u32;
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen > want {
            return v as u8;
        }
    }
    255
}

/// Maximum over each cell's 3 × 3 neighbourhood.
fn max3(v: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; v.len()];
    for y in 0..h {
        for x in 0..w {
            let mut m = 0;
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    m = m.max(v[ny * w + nx]);
                }
            }
            out[y * w + x] = m;
        }
    }
    out
}

/// A page's corners in the image: top-left, top-right, bottom-right,
/// bottom-left (x, y pixels).
pub type Quad = [(f64, f64); 4];

/// Long side of the small image the page edges are looked for in.
const SMALL_SIDE: usize = 400;
/// Least mean step (grey levels) along a side for it to be a paper edge.
const MIN_EDGE_STEP: f64 = 10.0;

/// The page's four corners when `img` is a photo of a page against a
/// darker background; `None` for a scan (no such edges, or edges at the
/// image's own border).
pub fn find_page(img: &GrayImage) -> Option<Quad> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let f = w.max(h).div_ceil(SMALL_SIDE).max(1);
    let small = shrink(img, f);
    let mut lines = [Line::default(); 4];
    for (side, line) in lines.iter_mut().enumerate() {
        *line = best_edge(&small, side)?;
    }
    let s = f as f64;
    let corner = |a: &Line, b: &Line| -> Option<(f64, f64)> {
        let (x, y) = a.cross(b)?;
        Some(((x + 0.5) * s, (y + 0.5) * s))
    };
    let [top, left, bottom, right] = lines;
    let quad = [
        corner(&top, &left)?,
        corner(&top, &right)?,
        corner(&bottom, &right)?,
        corner(&bottom, &left)?,
    ];
    let in_small = quad.map(|(x, y)| (x / s - 0.5, y / s - 0.5));
    (plausible(&quad, w as f64, h as f64) && on_background(&small, &in_small)).then_some(quad)
}

/// How much darker than the paper what lies around it must be, in grey
/// levels, for the page to be one photographed on a desk.
const BACKGROUND_STEP: f32 = 40.0;

/// What lies outside the quad is background, not paper: darker, on the
/// whole, than the paper inside it. A scan's margins are the page's own
/// paper (a shadow, a stamp or a dark header band at its edge can still
/// make four edge-like steps).
fn on_background(s: &Small, q: &Quad) -> bool {
    let inside = |x: f64, y: f64| {
        (0..4).all(|i| {
            let (a, b) = (q[i], q[(i + 1) % 4]);
            (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
        })
    };
    let (mut paper, mut around) = (Vec::new(), Vec::new());
    for y in 0..s.h {
        for x in 0..s.w {
            let v = s.v[y * s.w + x];
            if inside(x as f64, y as f64) {
                paper.push(v);
            } else {
                around.push(v);
            }
        }
    }
    let mid = |v: &mut Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied()
    };
    match (mid(&mut paper), mid(&mut around)) {
        (Some(p), Some(a)) => a < p - BACKGROUND_STEP,
        _ => false,
    }
}

/// Most of the frame a photographed page fills: beyond it the band left
/// around the page is a scanner's dark edge or shadow, not a desk (real
/// colour scans showed such bands being taken for paper edges).
const MAX_PAGE_SHARE: f64 = 0.88;

/// A page inside the image, not the image's own frame, and convex.
fn plausible(q: &Quad, w: f64, h: f64) -> bool {
    let area = quad_area(q);
    let margin = 0.02 * w.max(h);
    let frame = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    let is_frame = q
        .iter()
        .zip(frame)
        .all(|(a, b)| (a.0 - b.0).abs() < margin && (a.1 - b.1).abs() < margin);
    let convex = (0..4).all(|i| {
        let (a, b, c) = (q[i], q[(i + 1) % 4], q[(i + 2) % 4]);
        (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0) > 0.0
    });
    let inside = q
        .iter()
        .all(|p| p.0 > -margin && p.1 > -margin && p.0 < w + margin && p.1 < h + margin);
    !is_frame && convex && inside && area > 0.25 * w * h && area < MAX_PAGE_SHARE * w * h
}

fn quad_area(q: &Quad) -> f64 {
    let mut a = 0.0;
    for i in 0..4 {
        let (p, n) = (q[i], q[(i + 1) % 4]);
        a += p.0 * n.1 - n.0 * p.1;
    }
    a.abs() / 2.0
}

/// Box-average by `f` in each direction.
fn shrink(img: &GrayImage, f: usize) -> Small {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (sw, sh) = (w / f, h / f);
    let mut v = vec![0f32; sw * sh];
    for sy in 0..sh {
        for sx in 0..sw {
            let mut sum = 0u32;
            for y in sy * f..(sy + 1) * f {
                let row = &img.as_raw()[y * w + sx * f..y * w + (sx + 1) * f];
                sum += row.iter().map(|&p| p as u32).sum::<u32>();
            }
            v[sy * sw + sx] = sum as f32 / (f * f) as f32;
        }
    }
    let (paper, surround) = paper_and_surround(&v, sw, sh).unwrap_or((0.0, 0.0));
    Small {
        w: sw,
        h: sh,
        v,
        paper,
        surround,
    }
}

/// The paper's brightness (90th percentile of the image's middle half)
/// and its surround's (median of the two outermost rows and columns).
fn paper_and_surround(v: &[f32], w: usize, h: usize) -> Option<(f32, f32)> {
    if w < 8 || h < 8 {
        return None;
    }
    let pick = |mut xs: Vec<f32>, q: f64| -> f32 {
        xs.sort_by(f32::total_cmp);
        xs[((xs.len() - 1) as f64 * q) as usize]
    };
    let middle: Vec<f32> = (h / 4..h * 3 / 4)
        .flat_map(|y| (w / 4..w * 3 / 4).map(move |x| v[y * w + x]))
        .collect();
    let ring: Vec<f32> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| x < 2 || y < 2 || x >= w - 2 || y >= h - 2)
        .map(|(x, y)| v[y * w + x])
        .collect();
    Some((pick(middle, 0.9), pick(ring, 0.5)))
}

struct Small {
    w: usize,
    h: usize,
    v: Vec<f32>,
    /// The paper's brightness (bright in the middle of the image) and its
    /// surround's (the image's outer ring).
    paper: f32,
    surround: f32,
}

impl Small {
    fn get(&self, x: isize, y: isize) -> Option<f32> {
        (x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h)
            .then(|| self.v[y as usize * self.w + x as usize])
    }
}

/// A straight line through (x0, y0) and (x1, y1), small-image pixels.
#[derive(Debug, Clone, Copy, Default)]
struct Line {
    a: (f64, f64),
    b: (f64, f64),
}

impl Line {
    fn cross(&self, o: &Line) -> Option<(f64, f64)> {
        let (d1, d2) = (
            (self.b.0 - self.a.0, self.b.1 - self.a.1),
            (o.b.0 - o.a.0, o.b.1 - o.a.1),
        );
        let den = d1.0 * d2.1 - d1.1 * d2.0;
        if den.abs() < 1e-9 {
            return None;
        }
        let t = ((o.a.0 - self.a.0) * d2.1 - (o.a.1 - self.a.1) * d2.0) / den;
        Some((self.a.0 + t * d1.0, self.a.1 + t * d1.1))
    }
}

/// Distance (small pixels) either side of a line at which brightness is
/// compared: the page edge is a step, a table rule a thin line.
const STEP: isize = 2;
/// Depth (small pixels) of the bands compared either side of a line:
/// deeper than a line of text, so text on paper is not a paper's edge.
const SIDE_BAND: isize = 6;

/// The paper edge of one side (0 top, 1 left, 2 bottom, 3 right): of the
/// lines running across the image from one border to the opposite, with
/// both ends in the outer 45%, the one along which the image steps most
/// from darker outside to brighter inside.
fn best_edge(s: &Small, side: usize) -> Option<Line> {
    let (along, across) = if side.is_multiple_of(2) {
        (s.w, s.h)
    } else {
        (s.h, s.w)
    };
    let reach = (across as f64 * 0.45) as isize;
    // A corner near the image's border: the edge's line leaves the image.
    let beyond = -(across as isize) / 8;
    let score = |e0: isize, e1: isize| step_along(s, side, along, across, e0, e1);
    // Coarse, then fine around the best.
    let mut best = (f64::MIN, 0, 0);
    for e0 in (beyond..reach).step_by(3) {
        for e1 in (beyond..reach).step_by(3) {
            let v = score(e0, e1);
            if v > best.0 {
                best = (v, e0, e1);
            }
        }
    }
    let (_, c0, c1) = best;
    for e0 in (c0 - 2).max(beyond)..(c0 + 3).min(reach) {
        for e1 in (c1 - 2).max(beyond)..(c1 + 3).min(reach) {
            let v = score(e0, e1);
            if v > best.0 {
                best = (v, e0, e1);
            }
        }
    }
    let (v, e0, e1) = best;
    if v / along as f64 * 1.25 / 2.0 < MIN_EDGE_STEP {
        return None;
    }
    let (a, b) = (0.0, along as f64 - 1.0);
    let depth = |e: isize| -> f64 {
        if side < 2 {
            e as f64
        } else {
            (across as isize - 1 - e) as f64
        }
    };
    let (d0, d1) = (depth(e0), depth(e1));
    Some(if side.is_multiple_of(2) {
        Line {
            a: (a, d0),
            b: (b, d1),
        }
    } else {
        Line {
            a: (d0, a),
            b: (d1, b),
        }
    })
}

/// Sum over a line of the step from outside to inside, each sample capped
/// so one dark object does not outweigh a whole edge.
fn step_along(s: &Small, side: usize, along: usize, across: usize, e0: isize, e1: isize) -> f64 {
    let inward: isize = if side < 2 { 1 } else { -1 };
    let mut sum = 0.0;
    for t in 0..along {
        let e = e0 as f64 + (e1 - e0) as f64 * t as f64 / (along.max(2) - 1) as f64;
        let d = if side < 2 {
            e.round() as isize
        } else {
            across as isize - 1 - e.round() as isize
        };
        let at = |k: isize| {
            if side.is_multiple_of(2) {
                s.get(t as isize, k)
            } else {
                s.get(k, t as isize)
            }
        };
        // Mean brightness of a band beside the line: `dir` 1 inward.
        let band = |dir: isize| {
            let (sum, n) = (STEP..STEP + SIDE_BAND)
                .filter_map(|k| at(d + dir * inward * k))
                .fold((0.0, 0), |(s, n), v| (s + v, n + 1));
            (n > 0).then(|| sum / n as f32)
        };
        // Only a step from background to paper counts: a table's rule
        // (paper either side), a line of bold text (paper beyond it) and
        // the streaks of a desk (background either side) step too. Levels
        // are shares of the way from surround to paper, loose enough for
        // paper in shadow at the photo's edge.
        if let (Some(i), Some(o)) = (band(1), band(-1)) {
            let level = |share: f32| s.surround + share * (s.paper - s.surround);
            if i > level(0.35) && o < level(0.5) && i - o > level(0.2) - s.surround {
                // The bands agree over a few pixels; the step right at the
                // line says where exactly the edge runs.
                let sharp = match (at(d + inward), at(d - inward)) {
                    (Some(a), Some(b)) => ((a - b) as f64).clamp(0.0, 40.0),
                    _ => 0.0,
                };
                sum += ((i - o) as f64).min(40.0) + sharp;
            }
        }
    }
    sum
}

/// The homography taking unit-square-free page coordinates (u, v) to image
/// points: solved from the four corner pairs by an 8 × 8 linear system.
#[derive(Debug, Clone, Copy)]
pub struct Homography([f64; 8]);

impl Homography {
    /// Maps `from[i]` to `to[i]`; `None` when the points are degenerate.
    pub fn solve(from: &Quad, to: &Quad) -> Option<Homography> {
        let mut m = [[0f64; 9]; 8];
        for i in 0..4 {
            let ((x, y), (u, v)) = (from[i], to[i]);
            m[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            m[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        gauss(&mut m).map(Homography)
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let h = &self.0;
        let d = h[6] * x + h[7] * y + 1.0;
        (
            (h[0] * x + h[1] * y + h[2]) / d,
            (h[3] * x + h[4] * y + h[5]) / d,
        )
    }
}

/// Gaussian elimination with partial pivoting on an augmented 8 × 9 matrix.
fn gauss(m: &mut [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for i in 0..8 {
        let p = (i..8).max_by(|&a, &b| m[a][i].abs().total_cmp(&m[b][i].abs()))?;
        if m[p][i].abs() < 1e-12 {
            return None;
        }
        m.swap(i, p);
        let pivot = m[i];
        for (r, row) in m.iter_mut().enumerate() {
            if r != i {
                let f = row[i] / pivot[i];
                for (v, p) in row.iter_mut().zip(pivot).skip(i) {
                    *v -= f * p;
                }
            }
        }
    }
    let mut x = [0f64; 8];
    for i in 0..8 {
        x[i] = m[i][8] / m[i][i];
    }
    Some(x)
}

/// The page inside `quad` warped onto an upright A4 rectangle at the
/// resolution the photo gives it: (image, dpi, size in points).
pub fn rectify(img: &GrayImage, quad: &Quad) -> (GrayImage, u32, (f32, f32)) {
    let len = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let wide = (len(quad[0], quad[1]) + len(quad[3], quad[2])) / 2.0;
    let tall = (len(quad[0], quad[3]) + len(quad[1], quad[2])) / 2.0;
    let (wpt, hpt) = if wide > tall {
        (A4_PT.1, A4_PT.0)
    } else {
        A4_PT
    };
    let dpi = ((wide.max(tall) / (A4_PT.1 as f64 / 72.0)).round() as u32).clamp(100, 600);
    let (ow, oh) = (
        (wpt as f64 * dpi as f64 / 72.0).round(),
        (hpt as f64 * dpi as f64 / 72.0).round(),
    );
    let rect = [(0.0, 0.0), (ow, 0.0), (ow, oh), (0.0, oh)];
    let Some(hm) = Homography::solve(&rect, quad) else {
        return (img.clone(), dpi, (wpt, hpt));
    };
    let out = GrayImage::from_fn(ow as u32, oh as u32, |u, v| {
        let (x, y) = hm.apply(u as f64 + 0.5, v as f64 + 0.5);
        image::Luma([bilinear(img, x - 0.5, y - 0.5)])
    });
    (out, dpi, (wpt, hpt))
}

fn bilinear(img: &GrayImage, x: f64, y: f64) -> u8 {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let (x0, y0) = (x.floor() as i64, y.floor() as i64);
    let (tx, ty) = (x - x0 as f64, y - y0 as f64);
    let at = |x: i64, y: i64| -> f64 {
        let (x, y) = (x.clamp(0, w - 1), y.clamp(0, h - 1));
        img.as_raw()[(y * w + x) as usize] as f64
    };
    let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
    let bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
    (top * (1.0 - ty) + bottom * ty).round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_colours_table() {
        // (r, g, b, grey at least, grey at most)
        let cases = [
            (255, 255, 255, 255, 255), // white paper
            (30, 30, 30, 30, 30),      // black print: its luma
            (128, 128, 128, 128, 128), // any neutral grey: its luma
            (205, 35, 45, 230, 255),   // seal red: paper
            (28, 50, 131, 180, 255),   // ballpoint blue: near paper
            (20, 5, 6, 0, 20),         // black print under the seal
            (99, 0, 0, 0, 40),         // black print borrowing the seal's chroma
            (240, 232, 210, 225, 240), // yellowed paper: light
        ];
        for (r, g, b, lo, hi) in cases {
            let v = ink_gray(r, g, b);
            assert!(
                (lo..=hi).contains(&v),
                "({r},{g},{b}) → {v}, want {lo}..={hi}"
            );
        }
    }

    #[test]
    fn neutral_pages_keep_their_luma() {
        // Every grey inside the margins (the edges' 12 mm are paper).
        let px: Vec<u8> = (0..400 * 400)
            .flat_map(|i| {
                let (x, y) = (i % 400, i / 400);
                let inside = (150..250).contains(&x) && (150..250).contains(&y);
                let v = if inside { (i * 7 % 256) as u8 } else { 240 };
                [v, v, v]
            })
            .collect();
        let c = from_rgb(400, 400, &px, 3, 300);
        assert_eq!(c.capture, Capture::Scan);
        let want: Vec<u8> = px.chunks(3).map(|p| p[0]).collect();
        assert_eq!(c.image.as_raw(), &want);
    }

    /// A page with a black text bar and a red disc over it, on paper that
    /// darkens from left to right.
    fn sealed_page() -> Vec<u8> {
        let (w, h) = (400usize, 300usize);
        let mut px = Vec::with_capacity(w * h * 3);
        for y in 0..h {
            for x in 0..w {
                let paper = 235.0 - 50.0 * x as f32 / w as f32;
                let text = (140..150).contains(&y) && (50..350).contains(&x);
                let seal = ((x as f32 - 200.0).powi(2) + (y as f32 - 150.0).powi(2)).sqrt() < 60.0;
                let mut c = [paper; 3];
                if seal {
                    c = [c[0] * 0.85, c[1] * 0.15, c[2] * 0.18];
                }
                if text {
                    c = c.map(|v| v * 0.1);
                }
                px.extend(c.map(|v| v as u8));
            }
        }
        px
    }

    #[test]
    fn a_seal_goes_and_the_print_under_it_stays() {
        let c = from_rgb(400, 300, &sealed_page(), 3, 100);
        assert_eq!(c.capture, Capture::Scan);
        let at = |x: u32, y: u32| c.image.get_pixel(x, y)[0];
        // Seal ring area off the text: paper; text under the seal: ink.
        assert!(at(200, 110) > 220, "seal left at {}", at(200, 110));
        assert!(at(200, 145) < 60, "text under seal lost: {}", at(200, 145));
        // The darker paper on the right is flattened to white too.
        assert!(at(390, 20) > 240, "paper not flattened: {}", at(390, 20));
    }

    #[test]
    fn homography_maps_the_corners_and_keeps_lines_straight() {
        let from = [(0.0, 0.0), (100.0, 0.0), (100.0, 200.0), (0.0, 200.0)];
        let to = [(10.0, 20.0), (120.0, 15.0), (130.0, 230.0), (5.0, 210.0)];
        let hm = Homography::solve(&from, &to).unwrap();
        for (f, t) in from.iter().zip(to) {
            let (x, y) = hm.apply(f.0, f.1);
            assert!((x - t.0).abs() < 1e-6 && (y - t.1).abs() < 1e-6);
        }
        // The midpoint of the top edge lies on the mapped top edge.
        let (x, y) = hm.apply(50.0, 0.0);
        let cross = (to[1].0 - to[0].0) * (y - to[0].1) - (to[1].1 - to[0].1) * (x - to[0].0);
        assert!(cross.abs() < 1e-6);
        let flat = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)];
        assert!(Homography::solve(&flat, &to).is_none());
    }

    /// A bright page turned and keystoned on a darker desk, with a table
    /// frame inside it (a rule must not be taken for the paper's edge).
    fn photo(quad: &Quad, w: u32, h: u32) -> GrayImage {
        let page = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        let to_page = Homography::solve(quad, &page).unwrap();
        GrayImage::from_fn(w, h, |x, y| {
            let (u, v) = to_page.apply(x as f64, y as f64);
            let inside = (0.0..=1.0).contains(&u) && (0.0..=1.0).contains(&v);
            let rule = inside
                && (0.1..=0.9).contains(&u)
                && (0.1..=0.9).contains(&v)
                && ((u - 0.1).abs() < 0.003 || (v - 0.1).abs() < 0.002);
            let desk = 90 + ((x / 7 + y / 3) % 20) as u8;
            image::Luma([if rule {
                20
            } else if inside {
                225 - (x / 40) as u8
            } else {
                desk
            }])
        })
    }

    #[test]
    fn page_corners_are_found_in_photos_and_not_in_scans() {
        let cases: [Quad; 3] = [
            [
                (300.0, 250.0),
                (1900.0, 400.0),
                (1750.0, 2600.0),
                (120.0, 2450.0),
            ],
            [
                (500.0, 300.0),
                (1700.0, 300.0),
                (1850.0, 2700.0),
                (350.0, 2700.0),
            ],
            [
                (150.0, 200.0),
                (1850.0, 180.0),
                (1870.0, 2800.0),
                (130.0, 2820.0),
            ],
        ];
        for quad in cases {
            let img = photo(&quad, 2000, 3000);
            let found = find_page(&img).expect("page found");
            for (f, q) in found.iter().zip(quad) {
                let d = ((f.0 - q.0).powi(2) + (f.1 - q.1).powi(2)).sqrt();
                assert!(d < 25.0, "corner {f:?} vs {q:?} in {quad:?}");
            }
        }
        let scan = GrayImage::from_fn(1000, 1400, |x, y| {
            image::Luma([if (y % 40 < 4 && x > 100 && x < 900) || x == 100 {
                0
            } else {
                240
            }])
        });
        assert!(find_page(&scan).is_none());
        // A scan with the scanner's dark edge along two sides stays a scan.
        let banded = GrayImage::from_fn(1000, 1400, |x, y| {
            image::Luma([if x < 40 || y < 50 { 30 } else { 235 }])
        });
        assert_eq!(from_gray(banded, 150).capture, Capture::Scan);
    }

    #[test]
    fn a_scanners_dark_margin_goes_and_print_stays() {
        // The glass past the paper along two sides, and print 10 mm in.
        let scan = GrayImage::from_fn(1000, 1400, |x, y| {
            let print = (60..900).contains(&x) && y % 40 < 4 && y > 100;
            image::Luma([if x < 40 || y < 50 || print { 20 } else { 235 }])
        });
        let c = from_gray(scan, 150);
        let dark = |x: u32, y: u32| c.image.get_pixel(x, y)[0] < 128;
        assert!(!dark(10, 700) && !dark(500, 10) && !dark(10, 10));
        assert!(dark(60, 120) && dark(500, 120) && dark(899, 1323));
    }

    #[test]
    fn a_photo_is_rectified_to_upright_a4() {
        let quad = [
            (300.0, 250.0),
            (1900.0, 400.0),
            (1750.0, 2600.0),
            (120.0, 2450.0),
        ];
        let img = photo(&quad, 2000, 3000);
        let px: Vec<u8> = img.as_raw().iter().flat_map(|&v| [v, v, v]).collect();
        let c = from_rgb(2000, 3000, &px, 3, 300);
        assert_eq!(c.capture, Capture::Photo);
        assert_eq!(c.size_pt, Some(A4_PT));
        let (w, h) = (c.image.width(), c.image.height());
        assert!((h as f32 / w as f32 - A4_PT.1 / A4_PT.0).abs() < 0.01);
        // The table's frame is straight, the left rule at u = 0.1 down the
        // page (within 1% of the width: corners are found to a few pixels).
        let col = |y: u32| (0..w).find(|&x| c.image.get_pixel(x, y)[0] < 100);
        let (a, b) = (col(h / 3).unwrap(), col(2 * h / 3).unwrap());
        assert!(a.abs_diff(b) <= 3, "rule at {a} and {b}");
        assert!(
            a.abs_diff(w / 10) <= w / 100,
            "rule at {a}, want {}",
            w / 10
        );
    }
}
