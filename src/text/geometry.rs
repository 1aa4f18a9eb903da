//! Geometry for the UI: hit testing, carets and selection rectangles, bidi-aware.
//!
//! Everything works on caret units in visual order. A unit inside a ligature gets its share of
//! the ligature's advance on the side where it is read: the first letter of RTL لا owns the
//! right half. A caret sits at an offset with an affinity: `Downstream` attaches it to the unit
//! that starts there (caret on that unit's leading edge), `Upstream` to the unit that ends there
//! (its trailing edge). At a direction seam the two are at different x, which is exactly where
//! other editors' carets jump.
//!
//! ```text
//!   logical  a b | ج د        visual  a b | د ج
//!   offset 2, Upstream   → right edge of b
//!   offset 2, Downstream → right edge of ج (its leading edge in RTL)
//! ```
//!
//! Coordinates are relative to the paragraph's top-left corner.

use std::ops::Range;

use super::paragraph::ShapedParagraph;
use super::wrap::ParagraphLayout;

/// Which side of an offset a caret belongs to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Affinity {
    /// Attached to the character that starts at the offset.
    #[default]
    Downstream,
    /// Attached to the character that ends at the offset.
    Upstream,
}

/// An axis-aligned rectangle in pixels.
#[derive(Copy, Clone, Debug, PartialEq)]
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
}

/// A caret unit on a line, with its horizontal extent.
#[derive(Clone, Debug, PartialEq)]
pub struct VisualUnit {
    pub unit: usize,
    pub bytes: Range<usize>,
    pub x0: f32,
    pub x1: f32,
    /// Whether the unit is read right to left (its leading edge is on the right).
    pub rtl: bool,
}

impl VisualUnit {
    fn leading_x(&self) -> f32 {
        if self.rtl { self.x1 } else { self.x0 }
    }

    fn trailing_x(&self) -> f32 {
        if self.rtl { self.x0 } else { self.x1 }
    }
}

/// A shaped paragraph with its lines at one width: the object geometry questions are asked of.
#[derive(Copy, Clone)]
pub struct ParagraphView<'a> {
    pub shaped: &'a ShapedParagraph,
    pub layout: &'a ParagraphLayout,
}

impl<'a> ParagraphView<'a> {
    pub fn new(shaped: &'a ShapedParagraph, layout: &'a ParagraphLayout) -> Self {
        ParagraphView { shaped, layout }
    }

    /// Visits the clusters of a line in visual order with their left x.
    pub fn for_each_cluster(&self, line: usize, mut f: impl FnMut(usize, f32)) {
        let Some(line) = self.layout.lines.get(line) else {
            return;
        };
        for piece in &self.layout.pieces[line.pieces.start as usize..line.pieces.end as usize] {
            let mut x = piece.x;
            let range = piece.clusters.start as usize..piece.clusters.end as usize;
            if piece.is_rtl() {
                for c in range.rev() {
                    f(c, x);
                    x += self.shaped.clusters[c].advance;
                }
            } else {
                for c in range {
                    f(c, x);
                    x += self.shaped.clusters[c].advance;
                }
            }
        }
    }

    /// Caret units of a line, left to right.
    pub fn visual_units(&self, line: usize) -> Vec<VisualUnit> {
        let mut out = Vec::new();
        self.for_each_cluster(line, |c, x| {
            let cluster = &self.shaped.clusters[c];
            let rtl = cluster.is_rtl();
            let adv = cluster.advance;
            let units = self.shaped.cluster_units(c);
            // Most clusters are one unit, which takes the whole advance.
            let single = units.len() == 1;
            let mut push = |u: usize| {
                let share = if single {
                    0.0..1.0
                } else {
                    self.shaped.unit_share(u)
                };
                let (x0, x1) = if rtl {
                    (x + adv * (1.0 - share.end), x + adv * (1.0 - share.start))
                } else {
                    (x + adv * share.start, x + adv * share.end)
                };
                out.push(VisualUnit {
                    unit: u,
                    bytes: self.shaped.unit_bytes(u),
                    x0,
                    x1,
                    rtl,
                });
            };
            if rtl {
                units.rev().for_each(&mut push);
            } else {
                units.for_each(&mut push);
            }
        });
        out
    }

    /// The line holding `byte` for a caret with this affinity.
    pub fn line_of(&self, byte: usize, affinity: Affinity) -> usize {
        let lines = &self.layout.lines;
        let last = lines.len().saturating_sub(1);
        let b = byte as u32;
        let i = lines.partition_point(|l| l.bytes.end <= b);
        let i = i.min(last);
        if affinity == Affinity::Upstream && i > 0 && lines[i].bytes.start == b {
            return i - 1;
        }
        i
    }

    /// The line at vertical position `y` (clamped).
    pub fn line_at_y(&self, y: f32) -> usize {
        let h = self.shaped.metrics.height;
        let n = self.layout.lines.len();
        if n == 0 || y.is_nan() || y < 0.0 {
            return 0;
        }
        ((y / h) as usize).min(n - 1)
    }

    /// The caret position closest to `(x, y)`: an offset and the side it was hit on.
    pub fn hit_test(&self, x: f32, y: f32) -> (usize, Affinity) {
        let line = self.line_at_y(y);
        let units = self.visual_units(line);
        let Some(first) = units.first() else {
            let start = self.layout.lines.get(line).map_or(0, |l| l.bytes.start) as usize;
            return (start, Affinity::Downstream);
        };
        let last = units.last().unwrap_or(first);
        let hit = if x < first.x0 {
            (first, first.x0 - 1.0)
        } else if x >= last.x1 {
            (last, last.x1 + 1.0)
        } else {
            let i = units.partition_point(|u| u.x1 <= x).min(units.len() - 1);
            (&units[i], x)
        };
        let (u, x) = hit;
        let mid = (u.x0 + u.x1) / 2.0;
        let leading = if u.rtl { x >= mid } else { x < mid };
        if leading {
            (u.bytes.start, Affinity::Downstream)
        } else {
            (u.bytes.end, Affinity::Upstream)
        }
    }

    /// The x of the caret at `byte` with `affinity`, and its line.
    pub fn caret_x(&self, byte: usize, affinity: Affinity) -> (f32, usize) {
        let line = self.line_of(byte, affinity);
        let units = self.visual_units(line);
        let find_down = || units.iter().find(|u| u.bytes.start == byte);
        let find_up = || units.iter().find(|u| u.bytes.end == byte);
        let found = match affinity {
            Affinity::Downstream => find_down()
                .map(VisualUnit::leading_x)
                .or_else(|| find_up().map(VisualUnit::trailing_x)),
            Affinity::Upstream => find_up()
                .map(VisualUnit::trailing_x)
                .or_else(|| find_down().map(VisualUnit::leading_x)),
        };
        let x = found
            .or_else(|| {
                // Inside a unit: snap to its start.
                units
                    .iter()
                    .find(|u| u.bytes.start < byte && byte < u.bytes.end)
                    .map(VisualUnit::leading_x)
            })
            .unwrap_or_else(|| {
                // An empty line: the alignment edge.
                let l = &self.layout.lines[line.min(self.layout.lines.len() - 1)];
                if self.shaped.base.is_rtl() {
                    l.x + l.full_width
                } else {
                    l.x
                }
            });
        (x, line)
    }

    /// The caret rectangle (1 px wide, the line's height) for `byte` with `affinity`.
    pub fn caret_rect(&self, byte: usize, affinity: Affinity) -> Rect {
        let (x, line) = self.caret_x(byte, affinity);
        let top = line as f32 * self.shaped.metrics.height;
        Rect {
            x0: x,
            y0: top,
            x1: x + 1.0,
            y1: top + self.shaped.metrics.height,
        }
    }

    /// Rectangles covering the byte range `range`: one per visually contiguous stretch of
    /// selected units, so a range across a direction change yields several on one line.
    pub fn range_rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut rects = Vec::new();
        if range.start >= range.end || self.layout.lines.is_empty() {
            return rects;
        }
        let first = self.line_of(range.start, Affinity::Downstream);
        let last = self.line_of(range.end, Affinity::Upstream);
        let h = self.shaped.metrics.height;
        for line in first..=last.max(first) {
            let top = line as f32 * h;
            let mut current: Option<Rect> = None;
            for u in self.visual_units(line) {
                let selected = u.bytes.start < range.end && u.bytes.end > range.start;
                if selected {
                    match &mut current {
                        Some(r) => r.x1 = u.x1,
                        None => {
                            current = Some(Rect {
                                x0: u.x0,
                                y0: top,
                                x1: u.x1,
                                y1: top + h,
                            })
                        }
                    }
                } else if let Some(r) = current.take() {
                    rects.push(r);
                }
            }
            rects.extend(current);
        }
        rects
    }
}
