//! Colour glyphs drawn from layers: a COLR font (Twemoji, or Noto Color Emoji in its COLR
//! build) paints each emoji as glyph outlines filled with colours of its CPAL palette. skrifa
//! walks the glyph's paint graph and calls [`ColorPainter`]; here each clip glyph's outline is
//! rasterised as text is ([`Outline`]), and fills are composited over in
//! premultiplied RGBA.
//!
//! COLRv0 (layers of solid colours) is drawn exactly. Of COLRv1, transforms, clips and solid
//! fills are drawn as specified; a gradient is filled with the average of its stops' colours,
//! and layers are composited with source-over whatever their mode. A fill with the text's own
//! colour (palette index 0xFFFF) is drawn in the light theme's text colour, as the glyph
//! image does not know where it will be drawn.

use skrifa::color::{Brush, ColorPainter, ColorStop, CompositeMode, Transform};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::raw::types::BoundingBox;
use skrifa::{FontRef, GlyphId, MetadataProvider, Tag};

use super::color_bitmap::ColorImage;
use super::raster::Outline;

/// The colour of a fill in the text's colour.
const FOREGROUND: [u8; 4] = [0x1F, 0x1F, 0x1F, 0xFF];
/// Largest side of a glyph image, in pixels.
const MAX_SIDE: f32 = 1024.0;

/// Whether the font has colour layers (a COLR table).
pub fn has_color_layers(font: &FontRef<'_>) -> bool {
    font.table_data(Tag::new(b"COLR")).is_some()
}

/// The image of COLR glyph `glyph` at `size_px` pixels per em with its pen `dx` pixels right
/// of a whole pixel; `None` when it has no colour layers or nothing to draw.
pub fn color_layers(font: &FontRef<'_>, glyph: u32, size_px: f32, dx: f32) -> Option<ColorImage> {
    let color = font.color_glyphs().get(GlyphId::new(glyph))?;
    let upem = f32::from(font.head().ok()?.units_per_em().max(1));
    let scale = size_px / upem;
    let to_pixels = Transform {
        xx: scale,
        yx: 0.0,
        xy: 0.0,
        yy: -scale,
        dx,
        dy: 0.0,
    };
    // First the extent of everything the glyph clips to, then the drawing.
    let mut bounds = Bounds {
        font,
        transforms: Transforms(vec![to_pixels]),
        extent: None,
    };
    color.paint(LocationRef::default(), &mut bounds).ok()?;
    let (x0, y0, x1, y1) = bounds.extent?;
    let (left, top) = (x0.floor(), y0.floor());
    let (width, height) = (x1.ceil() - left, y1.ceil() - top);
    if !(width >= 1.0 && height >= 1.0 && width <= MAX_SIDE && height <= MAX_SIDE) {
        return None;
    }
    let (w, h) = (width as usize, height as usize);
    let palette: Vec<[u8; 4]> = font
        .color_palettes()
        .get(0)
        .map(|p| {
            p.colors()
                .iter()
                .map(|c| [c.red, c.green, c.blue, c.alpha])
                .collect()
        })
        .unwrap_or_default();
    let mut painter = Painter {
        font,
        palette,
        transforms: Transforms(vec![Transform {
            dx: to_pixels.dx - left,
            dy: -top,
            ..to_pixels
        }]),
        clips: Vec::new(),
        width: w,
        height: h,
        rgba: vec![0.0; w * h * 4],
    };
    color.paint(LocationRef::default(), &mut painter).ok()?;
    let rgba: Vec<u8> = painter
        .rgba
        .iter()
        .map(|v| (v * 255.0 + 0.5).clamp(0.0, 255.0) as u8)
        .collect();
    if rgba.chunks_exact(4).all(|p| p[3] == 0) {
        return None;
    }
    Some(ColorImage {
        width: w as u32,
        height: h as u32,
        left: left as i32,
        top: top as i32,
        rgba,
    })
}

/// `outer` after `inner`: the transform that applies `inner` first.
fn then(outer: &Transform, inner: &Transform) -> Transform {
    Transform {
        xx: outer.xx * inner.xx + outer.xy * inner.yx,
        yx: outer.yx * inner.xx + outer.yy * inner.yx,
        xy: outer.xx * inner.xy + outer.xy * inner.yy,
        yy: outer.yx * inner.xy + outer.yy * inner.yy,
        dx: outer.xx * inner.dx + outer.xy * inner.dy + outer.dx,
        dy: outer.yx * inner.dx + outer.yy * inner.dy + outer.dy,
    }
}

/// The current transform and the ones pushed before it, for both passes.
struct Transforms(Vec<Transform>);

impl Transforms {
    fn current(&self) -> Transform {
        self.0.last().copied().unwrap_or_default()
    }

    fn push(&mut self, transform: Transform) {
        let t = then(&self.current(), &transform);
        self.0.push(t);
    }

    fn pop(&mut self) {
        if self.0.len() > 1 {
            self.0.pop();
        }
    }
}

/// Clip glyph `glyph` in pixels through `map`; a glyph that cannot be drawn clips everything
/// away.
fn clip_outline(font: &FontRef<'_>, glyph: GlyphId, map: Transform) -> Outline {
    Outline::of_glyph(font, glyph, Size::unscaled(), map).unwrap_or_default()
}

/// The first pass: where the glyph draws, from the outlines it clips to.
struct Bounds<'a, 'f> {
    font: &'a FontRef<'f>,
    transforms: Transforms,
    extent: Option<(f32, f32, f32, f32)>,
}

impl ColorPainter for Bounds<'_, '_> {
    fn push_transform(&mut self, transform: Transform) {
        self.transforms.push(transform);
    }

    fn pop_transform(&mut self) {
        self.transforms.pop();
    }

    fn push_clip_glyph(&mut self, glyph_id: GlyphId) {
        let outline = clip_outline(self.font, glyph_id, self.transforms.current());
        if let Some((a, b, c, d)) = outline.extent() {
            let (x0, y0, x1, y1) = self.extent.unwrap_or((a, b, c, d));
            self.extent = Some((x0.min(a), y0.min(b), x1.max(c), y1.max(d)));
        }
    }

    fn push_clip_box(&mut self, _clip_box: BoundingBox<f32>) {}

    fn pop_clip(&mut self) {}

    fn fill(&mut self, _brush: Brush<'_>) {}

    fn push_layer(&mut self, _composite_mode: CompositeMode) {}
}

/// The second pass: clips as coverage masks, fills composited over.
struct Painter<'a, 'f> {
    font: &'a FontRef<'f>,
    palette: Vec<[u8; 4]>,
    transforms: Transforms,
    /// The clip in force after each push: the product of every mask pushed.
    clips: Vec<Vec<f32>>,
    width: usize,
    height: usize,
    /// Premultiplied RGBA, 0 to 1.
    rgba: Vec<f32>,
}

impl Painter<'_, '_> {
    fn push_mask(&mut self, mut mask: Vec<f32>) {
        if let Some(outer) = self.clips.last() {
            for (m, o) in mask.iter_mut().zip(outer) {
                *m *= o;
            }
        }
        self.clips.push(mask);
    }

    /// Straight RGBA (0 to 1) of palette entry `index` times `alpha`.
    fn color(&self, index: u16, alpha: f32) -> [f32; 4] {
        let c = match index {
            0xFFFF => FOREGROUND,
            i => self
                .palette
                .get(usize::from(i))
                .copied()
                .unwrap_or(FOREGROUND),
        };
        let f = |v: u8| f32::from(v) / 255.0;
        [f(c[0]), f(c[1]), f(c[2]), f(c[3]) * alpha.clamp(0.0, 1.0)]
    }

    /// The average colour of a gradient's stops, premultiplied, for want of drawing it.
    fn average(&self, stops: &[ColorStop]) -> [f32; 4] {
        if stops.is_empty() {
            return [0.0; 4];
        }
        let mut sum = [0.0f32; 4];
        for s in stops {
            let [r, g, b, a] = self.color(s.palette_index, s.alpha);
            for (acc, v) in sum.iter_mut().zip([r * a, g * a, b * a, a]) {
                *acc += v;
            }
        }
        sum.map(|v| v / stops.len() as f32)
    }
}

impl ColorPainter for Painter<'_, '_> {
    fn push_transform(&mut self, transform: Transform) {
        self.transforms.push(transform);
    }

    fn pop_transform(&mut self) {
        self.transforms.pop();
    }

    fn push_clip_glyph(&mut self, glyph_id: GlyphId) {
        let outline = clip_outline(self.font, glyph_id, self.transforms.current());
        let mask = outline.coverage(self.width, self.height, (0.0, 0.0));
        self.push_mask(mask);
    }

    fn push_clip_box(&mut self, clip_box: BoundingBox<f32>) {
        let b = &clip_box;
        let outline = Outline::of_box(
            (b.x_min, b.y_min, b.x_max, b.y_max),
            self.transforms.current(),
        );
        let mask = outline.coverage(self.width, self.height, (0.0, 0.0));
        self.push_mask(mask);
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn fill(&mut self, brush: Brush<'_>) {
        let premultiplied = match brush {
            Brush::Solid {
                palette_index,
                alpha,
            } => {
                let [r, g, b, a] = self.color(palette_index, alpha);
                [r * a, g * a, b * a, a]
            }
            Brush::LinearGradient { color_stops, .. }
            | Brush::RadialGradient { color_stops, .. }
            | Brush::SweepGradient { color_stops, .. } => self.average(color_stops),
        };
        let Some(clip) = self.clips.last() else {
            return;
        };
        for (px, &cov) in self.rgba.chunks_exact_mut(4).zip(clip) {
            if cov <= 0.0 {
                continue;
            }
            let a = premultiplied[3] * cov;
            for c in 0..4 {
                px[c] = premultiplied[c] * cov + px[c] * (1.0 - a);
            }
        }
    }

    fn push_layer(&mut self, _composite_mode: CompositeMode) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_compose_inner_first() {
        let scale = Transform {
            xx: 2.0,
            yy: 2.0,
            ..Transform::default()
        };
        let shift = Transform {
            dx: 3.0,
            ..Transform::default()
        };
        // Shift, then scale: (1 + 3) × 2.
        let t = then(&scale, &shift);
        assert_eq!((t.xx * 1.0 + t.dx, t.yy * 1.0 + t.dy), (8.0, 2.0));
    }
}
