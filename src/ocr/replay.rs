//! Captured readings served again: a [`Recording`] wraps a real engine and
//! keeps every call it answers (mode, region, words); a [`Replay`] loaded
//! from those calls answers the same calls with the same words, in order,
//! without an engine. Tests of the page and cell stages run on it in
//! milliseconds. A call nobody captured is an error, so a stage that reads
//! other regions than it did at capture fails its test.

use image::GrayImage;
use serde::{Deserialize, Serialize};

use super::{Recognizer, Rect, SegMode, Word};

/// One answered call: how and where the engine was asked to read, and
/// what it read (boxes in image pixels).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub mode: String,
    pub region: Option<Rect>,
    pub words: Vec<Word>,
}

fn mode_name(mode: SegMode) -> &'static str {
    match mode {
        SegMode::Page => "page",
        SegMode::Block => "block",
        SegMode::Label => "label",
        SegMode::Line => "line",
    }
}

/// A real engine whose answers are kept in `calls`. It never tells the
/// page's orientation (a replay cannot either), so a captured page is read
/// as it stands.
pub struct Recording<R> {
    pub inner: R,
    pub calls: Vec<Call>,
}

impl<R: Recognizer> Recognizer for Recording<R> {
    fn recognize(
        &mut self,
        image: &GrayImage,
        dpi: u32,
        region: Option<Rect>,
        mode: SegMode,
    ) -> Result<Vec<Word>, String> {
        let words = self.inner.recognize(image, dpi, region, mode)?;
        self.calls.push(Call {
            mode: mode_name(mode).to_string(),
            region,
            words: words.clone(),
        });
        Ok(words)
    }

    fn recognize_regions(
        &mut self,
        image: &GrayImage,
        dpi: u32,
        regions: &[Rect],
        mode: SegMode,
    ) -> Result<Vec<Vec<Word>>, String> {
        let read = self.inner.recognize_regions(image, dpi, regions, mode)?;
        for (region, words) in regions.iter().zip(&read) {
            self.calls.push(Call {
                mode: mode_name(mode).to_string(),
                region: Some(*region),
                words: words.clone(),
            });
        }
        Ok(read)
    }
}

/// Captured calls answered again: each call gets the words of the first
/// unused capture with its mode and region.
#[derive(Debug, Clone)]
pub struct Replay {
    calls: Vec<Call>,
    used: Vec<bool>,
}

impl Replay {
    pub fn new(calls: Vec<Call>) -> Replay {
        let used = vec![false; calls.len()];
        Replay { calls, used }
    }

    /// A replay of the calls in a JSON capture (as [`Recording::calls`]
    /// serialises).
    pub fn from_json(json: &str) -> Result<Replay, String> {
        serde_json::from_str(json)
            .map(Replay::new)
            .map_err(|e| format!("replay capture: {e}"))
    }
}

/// Regions agree to a pixel: both computed from the same page, they differ
/// only by rounding.
fn same_region(a: Option<Rect>, b: Option<Rect>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => [a.x0 - b.x0, a.y0 - b.y0, a.x1 - b.x1, a.y1 - b.y1]
            .iter()
            .all(|d| d.abs() <= 1.0),
        _ => false,
    }
}

impl Recognizer for Replay {
    fn recognize(
        &mut self,
        _image: &GrayImage,
        _dpi: u32,
        region: Option<Rect>,
        mode: SegMode,
    ) -> Result<Vec<Word>, String> {
        let mode = mode_name(mode);
        let i = (0..self.calls.len())
            .find(|&i| {
                let c = &self.calls[i];
                !self.used[i] && c.mode == mode && same_region(c.region, region)
            })
            .ok_or_else(|| format!("replay: no captured {mode} reading of {region:?}"))?;
        self.used[i] = true;
        Ok(self.calls[i].words.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Word {
        Word {
            text: text.into(),
            bbox: Rect {
                x0: 1.0,
                y0: 2.0,
                x1: 30.0,
                y1: 12.0,
            },
            conf: 0.9,
            block: 0,
            para: 0,
            line: 0,
            chars: Vec::new(),
        }
    }

    fn region(x0: f32) -> Rect {
        Rect {
            x0,
            y0: 0.0,
            x1: x0 + 50.0,
            y1: 20.0,
        }
    }

    #[test]
    fn calls_are_answered_by_mode_region_and_order_table() {
        let call = |mode: &str, r: Option<Rect>, w: &str| Call {
            mode: mode.into(),
            region: r,
            words: vec![word(w)],
        };
        let calls = vec![
            call("block", Some(region(0.0)), "first"),
            call("block", Some(region(100.0)), "other"),
            call("block", Some(region(0.0)), "again"),
            call("label", Some(region(0.0)), "II"),
            call("page", None, "page"),
        ];
        let json = serde_json::to_string(&calls).unwrap();
        let mut replay = Replay::from_json(&json).unwrap();
        let img = GrayImage::new(1, 1);
        let rows: [(SegMode, Option<Rect>, Result<&str, ()>); 8] = [
            (SegMode::Block, Some(region(0.4)), Ok("first")),
            (SegMode::Block, Some(region(0.0)), Ok("again")),
            // Every capture of the region is used up.
            (SegMode::Block, Some(region(0.0)), Err(())),
            (SegMode::Block, Some(region(100.0)), Ok("other")),
            // A region two pixels off was never read.
            (SegMode::Label, Some(region(2.0)), Err(())),
            (SegMode::Label, Some(region(0.0)), Ok("II")),
            (SegMode::Block, None, Err(())),
            (SegMode::Page, None, Ok("page")),
        ];
        for (mode, r, want) in rows {
            let got = replay.recognize(&img, 300, r, mode);
            let got = got.map(|w| w[0].text.clone()).map_err(|_| ());
            assert_eq!(got.as_deref(), want.as_deref(), "{mode:?} {r:?}");
        }
    }
}
