//! Plane geometry shared by every stage: an axis-aligned box in, its
//! measures, union and scaling out. Units are the owner's (pixels for a
//! scan, points for a text layer).

/// An axis-aligned box; units are given by the owner.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    pub fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    /// Whether a point lies inside (the right and bottom edges excluded).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }
    pub fn scale(&self, f: f32) -> Rect {
        Rect {
            x0: self.x0 * f,
            y0: self.y0 * f,
            x1: self.x1 * f,
            y1: self.y1 * f,
        }
    }
}
