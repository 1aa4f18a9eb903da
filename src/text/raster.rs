//! Glyph rasterisation: outlines from the bundled font files (skrifa, the outline reader of the
//! same font stack as harfrust) filled with ab_glyph_rasterizer's exact-area coverage into 8-bit
//! alpha bitmaps. No hinting: Arabic outlines are drawn as designed, which is what the shaper's
//! unhinted advances assume.
//!
//! Bitmaps are cached by face, glyph, size and a quarter-pixel horizontal offset, so one glyph at
//! one size is rasterised at most four times however often it is drawn.

use std::collections::HashMap;
use std::sync::Arc;

use ab_glyph_rasterizer::{Point, Rasterizer, point};
use skrifa::color::Transform;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};

use super::color_bitmap::color_bitmap;
use super::color_layers::color_layers;
use super::fonts::{FontId, face};

/// Horizontal subpixel positions per pixel.
pub const SUBPIXEL_STEPS: u32 = 4;

/// A glyph's coverage bitmap and where it sits relative to the pen position on the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphBitmap {
    pub width: u32,
    pub height: u32,
    /// Offset of the bitmap's left column from the pen x (whole pixels).
    pub left: i32,
    /// Offset of the bitmap's top row from the baseline, negative upwards (whole pixels).
    pub top: i32,
    /// Coverage, row-major, `width * height` bytes (for a colour glyph, its alpha).
    pub alpha: Vec<u8>,
    /// A colour glyph's pixels (an emoji's image), premultiplied RGBA, `width * height * 4`
    /// bytes: drawn as they are, where coverage is drawn in the text's colour.
    pub color: Option<Vec<u8>>,
}

/// Cache key: face, glyph, size in 1/64 px, subpixel step.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GlyphKey {
    pub font: FontId,
    pub glyph: u32,
    pub size_64: u32,
    pub subpixel: u8,
}

impl GlyphKey {
    /// The key for drawing `glyph` with its pen at `x` (any real number); returns the key and
    /// the whole-pixel part of `x` to add to the bitmap's `left`.
    pub fn at(font: FontId, glyph: u32, size_px: f32, x: f32) -> (GlyphKey, i32) {
        let floor = x.floor();
        let frac = ((x - floor) * SUBPIXEL_STEPS as f32).round() as u32;
        let (whole, step) = if frac >= SUBPIXEL_STEPS {
            (floor as i32 + 1, 0)
        } else {
            (floor as i32, frac)
        };
        (
            GlyphKey {
                font,
                glyph,
                size_64: (size_px * 64.0).round().max(1.0) as u32,
                subpixel: step as u8,
            },
            whole,
        )
    }

    pub fn size_px(&self) -> f32 {
        self.size_64 as f32 / 64.0
    }

    pub fn subpixel_offset(&self) -> f32 {
        f32::from(self.subpixel) / SUBPIXEL_STEPS as f32
    }
}

/// An outline as line and curve segments in pixel space (y down), taken through an affine map
/// from the font's coordinates (y up): what text glyphs and the clip glyphs of colour layers
/// ([`super::color_layers`]) are both filled from.
#[derive(Default)]
pub(crate) struct Outline {
    segments: Vec<Segment>,
    start: Point,
    last: Point,
    map: Transform,
}

enum Segment {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

impl Outline {
    /// Glyph `glyph` of `font` drawn at `size` (unscaled: font units), through `map`; `None`
    /// when the font has no outline for it or cannot draw it.
    pub(crate) fn of_glyph(
        font: &FontRef<'_>,
        glyph: GlyphId,
        size: Size,
        map: Transform,
    ) -> Option<Outline> {
        let outline = font.outline_glyphs().get(glyph)?;
        let mut pen = Outline {
            map,
            ..Outline::default()
        };
        let settings = DrawSettings::unhinted(size, LocationRef::default());
        outline.draw(settings, &mut pen).ok()?;
        pen.close();
        Some(pen)
    }

    /// The rectangle from `(x0, y0)` to `(x1, y1)` (font coordinates) through `map`.
    pub(crate) fn of_box((x0, y0, x1, y1): (f32, f32, f32, f32), map: Transform) -> Outline {
        let mut pen = Outline {
            map,
            ..Outline::default()
        };
        pen.move_to(x0, y0);
        pen.line_to(x1, y0);
        pen.line_to(x1, y1);
        pen.line_to(x0, y1);
        pen.close();
        pen
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The extent of its points, `(min x, min y, max x, max y)` in pixels; `None` when empty or
    /// not finite.
    pub(crate) fn extent(&self) -> Option<(f32, f32, f32, f32)> {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        let mut grow = |p: &Point| {
            min_x = min_x.min(p.x);
            min_y = min_y.min(p.y);
            max_x = max_x.max(p.x);
            max_y = max_y.max(p.y);
        };
        for s in &self.segments {
            match s {
                Segment::Line(a, b) => [a, b].into_iter().for_each(&mut grow),
                Segment::Quad(a, b, c) => [a, b, c].into_iter().for_each(&mut grow),
                Segment::Cubic(a, b, c, d) => [a, b, c, d].into_iter().for_each(&mut grow),
            }
        }
        let finite = [min_x, min_y, max_x, max_y].iter().all(|v| v.is_finite());
        finite.then_some((min_x, min_y, max_x, max_y))
    }

    /// Exact-area coverage (0 to 1) of a `width × height` canvas whose top-left pixel is at
    /// `origin`, row-major.
    pub(crate) fn coverage(&self, width: usize, height: usize, origin: (f32, f32)) -> Vec<f32> {
        let mut r = Rasterizer::new(width, height);
        let o = |p: &Point| point(p.x - origin.0, p.y - origin.1);
        for s in &self.segments {
            match s {
                Segment::Line(a, b) => r.draw_line(o(a), o(b)),
                Segment::Quad(a, b, c) => r.draw_quad(o(a), o(b), o(c)),
                Segment::Cubic(a, b, c, d) => r.draw_cubic(o(a), o(b), o(c), o(d)),
            }
        }
        let mut out = vec![0.0; width * height];
        r.for_each_pixel(|i, v| out[i] = v.clamp(0.0, 1.0));
        out
    }

    fn p(&self, x: f32, y: f32) -> Point {
        let m = &self.map;
        point(m.xx * x + m.xy * y + m.dx, m.yx * x + m.yy * y + m.dy)
    }
}

impl OutlinePen for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = self.p(x, y);
        self.last = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.p(x, y);
        self.segments.push(Segment::Line(self.last, p));
        self.last = p;
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (c, p) = (self.p(cx0, cy0), self.p(x, y));
        self.segments.push(Segment::Quad(self.last, c, p));
        self.last = p;
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (c0, c1, p) = (self.p(cx0, cy0), self.p(cx1, cy1), self.p(x, y));
        self.segments.push(Segment::Cubic(self.last, c0, c1, p));
        self.last = p;
    }

    fn close(&mut self) {
        if self.last != self.start {
            self.segments.push(Segment::Line(self.last, self.start));
            self.last = self.start;
        }
    }
}

/// Rasterises one glyph: its colour image where the face has one (an emoji font's strikes or
/// COLR layers), else its outline. Returns `None` for glyphs with nothing to draw (spaces) or
/// that the face cannot draw.
pub fn rasterize(key: GlyphKey) -> Option<GlyphBitmap> {
    let f = face(key.font);
    if f.color
        && let Some(image) = color_bitmap(&f.font, key.glyph, key.size_px(), key.subpixel_offset())
            .or_else(|| color_layers(&f.font, key.glyph, key.size_px(), key.subpixel_offset()))
    {
        return Some(GlyphBitmap {
            width: image.width,
            height: image.height,
            left: image.left,
            top: image.top,
            alpha: image.rgba.chunks_exact(4).map(|p| p[3]).collect(),
            color: Some(image.rgba),
        });
    }
    // Font pixels (y up) to the bitmap's (y down), the pen at the subpixel offset.
    let map = Transform {
        xx: 1.0,
        yx: 0.0,
        xy: 0.0,
        yy: -1.0,
        dx: key.subpixel_offset(),
        dy: 0.0,
    };
    let outline = Outline::of_glyph(
        &f.font,
        GlyphId::new(key.glyph),
        Size::new(key.size_px()),
        map,
    )?;
    if outline.is_empty() {
        return None;
    }
    let (min_x, min_y, max_x, max_y) = outline.extent()?;
    let left = min_x.floor() as i32;
    let top = min_y.floor() as i32;
    let width = (max_x.ceil() as i32 - left).max(1) as u32;
    let height = (max_y.ceil() as i32 - top).max(1) as u32;
    // A corrupt or absurd outline must not allocate gigabytes.
    if width > 4096 || height > 4096 {
        return None;
    }
    let alpha = outline
        .coverage(width as usize, height as usize, (left as f32, top as f32))
        .into_iter()
        .map(|v| (v * 255.0 + 0.5) as u8)
        .collect();
    Some(GlyphBitmap {
        width,
        height,
        left,
        top,
        alpha,
        color: None,
    })
}

/// A cache of rasterised glyphs. `None` entries remember glyphs with nothing to draw.
#[derive(Default)]
pub struct GlyphCache {
    map: HashMap<GlyphKey, Option<Arc<GlyphBitmap>>>,
}

impl GlyphCache {
    pub fn get(&mut self, key: GlyphKey) -> Option<Arc<GlyphBitmap>> {
        self.map
            .entry(key)
            .or_insert_with(|| rasterize(key).map(Arc::new))
            .clone()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The glyph id a face uses for a character, for callers that draw labels.
pub fn glyph_of(font: FontId, c: char) -> Option<u32> {
    face(font).glyph_for(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rasterizes_an_arabic_letter_with_ink_above_the_baseline() {
        let id = glyph_of(FontId::VAZIRMATN, 'ب').unwrap();
        let (key, _) = GlyphKey::at(FontId::VAZIRMATN, id, 40.0, 0.0);
        let bmp = rasterize(key).unwrap();
        assert!(
            bmp.width > 10 && bmp.height > 5,
            "{}x{}",
            bmp.width,
            bmp.height
        );
        assert!(bmp.alpha.contains(&255));
        assert!(bmp.top < 0, "ink is above the baseline");
    }

    #[test]
    fn space_has_no_bitmap_and_cache_remembers() {
        let id = glyph_of(FontId::VAZIRMATN, ' ').unwrap();
        let mut cache = GlyphCache::default();
        let (key, _) = GlyphKey::at(FontId::VAZIRMATN, id, 20.0, 0.3);
        assert!(cache.get(key).is_none());
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn subpixel_key_rounds_to_quarters() {
        let (k, whole) = GlyphKey::at(FontId::VAZIRMATN, 5, 20.0, 10.9);
        assert_eq!((whole, k.subpixel), (11, 0));
        let (k, whole) = GlyphKey::at(FontId::VAZIRMATN, 5, 20.0, -0.3);
        assert_eq!((whole, k.subpixel), (-1, 3));
    }
}
