//! The glyph atlas: one texture holding the coverage bitmaps of every glyph on screen.
//!
//! Glyphs are rasterised on demand by the engine ([`crate::text::raster`]) the first time a
//! [`GlyphKey`] (face, glyph, size, quarter-pixel offset) is drawn, packed by a shelf allocator
//! and written into a CPU copy of the atlas. Once per frame the rectangle that changed is sent
//! to the GPU as one partial texture update; the whole texture is uploaded only when it is
//! created.
//!
//! ```text
//!   +---------------------------+
//!   | ب ت ث ج ح خ ...           |  shelf 0 (height of its tallest glyph)
//!   | ک گ ...                   |  shelf 1
//!   |###########################|  dirty rectangle: uploaded at the end of the frame
//!   |                           |
//!   +---------------------------+
//! ```
//!
//! Coverage is stored as premultiplied white (`a, a, a, a`): egui multiplies it by the vertex
//! colour, so one bitmap serves every text colour. A colour glyph (an emoji's image) is stored
//! as its own premultiplied RGBA and drawn with a white vertex colour. The CPU copy holds one
//! byte per pixel until the first colour glyph arrives, and four from then on. When the atlas is full it is marked
//! overflowed; the next frame starts with an empty atlas (twice as large the first time, up
//! to [`MAX_ATLAS_SIDE`]) and rasterises what is visible again.

use std::collections::HashMap;

use egui::{Color32, ColorImage, Context, Rect, TextureHandle, TextureId, TextureOptions, pos2};

use crate::text::raster::{GlyphKey, rasterize};

/// Side of the atlas texture when it is created, in pixels: room for a few hundred glyphs of
/// body text, and a quarter of the bytes to allocate and upload at startup.
pub const ATLAS_SIDE: usize = 1024;
/// The atlas doubles when full until it reaches this side (clamped to what the GPU supports).
pub const MAX_ATLAS_SIDE: usize = 2048;

/// Empty pixels around each glyph, so linear filtering never samples a neighbour.
const PADDING: usize = 1;

/// A row of slots of at most `height` pixels, filled left to right.
#[derive(Clone, Debug, PartialEq)]
struct Shelf {
    y: usize,
    height: usize,
    used: usize,
}

/// A shelf (row) packer for rectangles in a fixed-size area.
///
/// A rectangle goes on the lowest shelf that is tall enough without wasting more than a
/// quarter of its height, else on a new shelf at the bottom, else on any shelf it fits.
#[derive(Clone, Debug)]
pub struct ShelfAllocator {
    width: usize,
    height: usize,
    shelves: Vec<Shelf>,
    bottom: usize,
}

impl ShelfAllocator {
    pub fn new(width: usize, height: usize) -> ShelfAllocator {
        ShelfAllocator {
            width,
            height,
            shelves: Vec::new(),
            bottom: 0,
        }
    }

    /// The top-left corner of a free `w × h` rectangle, or `None` when there is no room.
    pub fn allocate(&mut self, w: usize, h: usize) -> Option<[usize; 2]> {
        if w == 0 || h == 0 || w > self.width || h > self.height {
            return None;
        }
        let width = self.width;
        let fits = |s: &Shelf| s.height >= h && s.used + w <= width;
        let snug = self
            .shelves
            .iter()
            .position(|s| fits(s) && s.height <= h + h / 4 + 1);
        let index = match snug {
            Some(i) => Some(i),
            None if self.bottom + h <= self.height => {
                self.shelves.push(Shelf {
                    y: self.bottom,
                    height: h,
                    used: 0,
                });
                self.bottom += h;
                Some(self.shelves.len() - 1)
            }
            None => self.shelves.iter().position(fits),
        }?;
        let shelf = &mut self.shelves[index];
        let at = [shelf.used, shelf.y];
        shelf.used += w;
        Some(at)
    }

    /// Forgets every allocation.
    pub fn clear(&mut self) {
        self.shelves.clear();
        self.bottom = 0;
    }

    /// Rows used so far, from the top.
    pub fn used_height(&self) -> usize {
        self.bottom
    }
}

/// Where a glyph's bitmap is in the atlas and how it sits on the pen position.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct AtlasGlyph {
    /// Texture coordinates (0–1) of the bitmap.
    pub uv: Rect,
    /// Bitmap size in physical pixels.
    pub width: u32,
    pub height: u32,
    /// Offset of the bitmap's left column from the pen x, whole pixels.
    pub left: i32,
    /// Offset of the bitmap's top row from the baseline (negative upwards), whole pixels.
    pub top: i32,
    /// A colour image, drawn as it is rather than in the text's colour.
    pub color: bool,
}

/// The atlas's CPU copy: coverage alone while every glyph is monochrome, RGBA once a colour
/// glyph is placed.
enum Pixels {
    Coverage(Vec<u8>),
    Color(Vec<Color32>),
}

impl Pixels {
    fn is_empty(&self) -> bool {
        match self {
            Pixels::Coverage(p) => p.is_empty(),
            Pixels::Color(p) => p.is_empty(),
        }
    }

    /// The same pixels as RGBA, for a colour glyph to be written.
    fn make_color(&mut self) -> &mut Vec<Color32> {
        if let Pixels::Coverage(coverage) = self {
            let rgba = coverage
                .iter()
                .map(|&a| Color32::from_rgba_premultiplied(a, a, a, a))
                .collect();
            *self = Pixels::Color(rgba);
        }
        match self {
            Pixels::Color(rgba) => rgba,
            Pixels::Coverage(_) => unreachable!("converted above"),
        }
    }

    /// The `w` pixels from index `start` (a row of a rectangle), as colours to upload.
    fn row(&self, start: usize, w: usize, out: &mut Vec<Color32>) {
        match self {
            Pixels::Coverage(c) => out.extend(
                c[start..start + w]
                    .iter()
                    .map(|&a| Color32::from_rgba_premultiplied(a, a, a, a)),
            ),
            Pixels::Color(c) => out.extend_from_slice(&c[start..start + w]),
        }
    }
}

/// A rectangle of the atlas, in pixels, end exclusive.
#[derive(Copy, Clone, Debug, PartialEq)]
struct Region {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

impl Region {
    fn union(self, other: Region) -> Region {
        Region {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// The atlas texture, its CPU copy and the glyphs placed in it.
pub struct GlyphAtlas {
    texture: Option<TextureHandle>,
    side: usize,
    max_side: usize,
    shelves: ShelfAllocator,
    /// Every atlas pixel, row-major; the source of partial uploads.
    pixels: Pixels,
    dirty: Option<Region>,
    /// Placed glyphs; `None` remembers glyphs with nothing to draw (spaces).
    glyphs: HashMap<GlyphKey, Option<AtlasGlyph>>,
    overflowed: bool,
    /// Consecutive frames that overflowed: a screen needing more than the whole atlas would
    /// otherwise clear and refill it forever.
    overflow_streak: u32,
}

impl Default for GlyphAtlas {
    fn default() -> Self {
        GlyphAtlas::new(ATLAS_SIDE, MAX_ATLAS_SIDE)
    }
}

impl GlyphAtlas {
    pub fn new(side: usize, max_side: usize) -> GlyphAtlas {
        GlyphAtlas {
            texture: None,
            side,
            max_side: max_side.max(side),
            shelves: ShelfAllocator::new(side, side),
            pixels: Pixels::Coverage(Vec::new()),
            dirty: None,
            glyphs: HashMap::new(),
            overflowed: false,
            overflow_streak: 0,
        }
    }

    /// Prepares a frame: creates the texture the first time, and empties (or grows) the atlas
    /// if the last frame ran out of room. Returns the texture to draw with.
    pub fn begin_frame(&mut self, ctx: &Context) -> TextureId {
        let max_side = self.max_side.min(ctx.input(|i| i.max_texture_side));
        if self.overflowed {
            self.clear();
            if self.side < max_side {
                self.side = (self.side * 2).min(max_side);
                self.texture = None;
            } else {
                self.overflow_streak += 1;
            }
        } else {
            self.overflow_streak = 0;
        }
        if self.texture.is_none() {
            let side = self.side.min(max_side).max(64);
            self.side = side;
            self.shelves = ShelfAllocator::new(side, side);
            self.pixels = Pixels::Coverage(vec![0; side * side]);
            let blank = ColorImage::filled([side, side], Color32::TRANSPARENT);
            self.texture = Some(ctx.load_texture("hamesh-glyphs", blank, TextureOptions::LINEAR));
        }
        self.texture_id()
    }

    /// The glyph for `key`, rasterised and placed if it is new. `None` for glyphs with no ink,
    /// and for new glyphs once the atlas is full (see [`GlyphAtlas::wants_repaint`]).
    pub fn glyph(&mut self, key: GlyphKey) -> Option<AtlasGlyph> {
        if let Some(known) = self.glyphs.get(&key) {
            return *known;
        }
        if self.overflowed || self.pixels.is_empty() {
            return None;
        }
        let Some(bitmap) = rasterize(key) else {
            self.glyphs.insert(key, None);
            return None;
        };
        let (w, h) = (bitmap.width as usize, bitmap.height as usize);
        let Some([x, y]) = self.shelves.allocate(w + 2 * PADDING, h + 2 * PADDING) else {
            self.overflowed = true;
            return None;
        };
        // Write the whole slot, padding included, so whatever was there before is gone.
        let side = self.side;
        let slot_rows = (0..h + 2 * PADDING).map(|row| ((y + row) * side + x, row));
        match (&bitmap.color, &mut self.pixels) {
            (None, Pixels::Coverage(coverage)) => {
                for (start, row) in slot_rows {
                    let line = &mut coverage[start..start + w + 2 * PADDING];
                    line.fill(0);
                    if (PADDING..PADDING + h).contains(&row) {
                        let src = (row - PADDING) * w;
                        line[PADDING..PADDING + w].copy_from_slice(&bitmap.alpha[src..src + w]);
                    }
                }
            }
            (color, pixels) => {
                let rgba = pixels.make_color();
                for (start, row) in slot_rows {
                    let line = &mut rgba[start..start + w + 2 * PADDING];
                    line.fill(Color32::TRANSPARENT);
                    if !(PADDING..PADDING + h).contains(&row) {
                        continue;
                    }
                    let src = (row - PADDING) * w;
                    for (i, px) in line[PADDING..PADDING + w].iter_mut().enumerate() {
                        *px = match color {
                            Some(c) => {
                                let p = &c[(src + i) * 4..(src + i) * 4 + 4];
                                Color32::from_rgba_premultiplied(p[0], p[1], p[2], p[3])
                            }
                            None => {
                                let a = bitmap.alpha[src + i];
                                Color32::from_rgba_premultiplied(a, a, a, a)
                            }
                        };
                    }
                }
            }
        }
        let slot = Region {
            x0: x,
            y0: y,
            x1: x + w + 2 * PADDING,
            y1: y + h + 2 * PADDING,
        };
        self.dirty = Some(self.dirty.map_or(slot, |d| d.union(slot)));
        let side = self.side as f32;
        let (gx, gy) = ((x + PADDING) as f32, (y + PADDING) as f32);
        let placed = AtlasGlyph {
            uv: Rect::from_min_max(
                pos2(gx / side, gy / side),
                pos2((gx + w as f32) / side, (gy + h as f32) / side),
            ),
            width: bitmap.width,
            height: bitmap.height,
            left: bitmap.left,
            top: bitmap.top,
            color: bitmap.color.is_some(),
        };
        self.glyphs.insert(key, Some(placed));
        Some(placed)
    }

    /// The texture to draw glyphs with (set by [`GlyphAtlas::begin_frame`]).
    pub fn texture_id(&self) -> TextureId {
        self.texture
            .as_ref()
            .map_or(TextureId::default(), |t| t.id())
    }

    /// Ends a frame: uploads what changed and asks for another frame if the atlas ran out of
    /// room and must be refilled.
    pub fn end_frame(&mut self, ctx: &Context) {
        self.upload();
        if self.wants_repaint() {
            ctx.request_repaint();
        }
    }

    /// Sends the pixels changed this frame to the texture as one partial update.
    pub fn upload(&mut self) {
        let (Some(region), Some(texture)) = (self.dirty.take(), self.texture.as_mut()) else {
            return;
        };
        let (w, h) = (region.x1 - region.x0, region.y1 - region.y0);
        let mut pixels = Vec::with_capacity(w * h);
        for row in region.y0..region.y1 {
            self.pixels.row(row * self.side + region.x0, w, &mut pixels);
        }
        texture.set_partial(
            [region.x0, region.y0],
            ColorImage::new([w, h], pixels),
            TextureOptions::LINEAR,
        );
    }

    /// Whether the atlas ran out of room this frame and another frame should redraw with an
    /// emptied atlas. False when that already failed once, so a full screen does not loop.
    pub fn wants_repaint(&self) -> bool {
        self.overflowed && self.overflow_streak < 2
    }

    /// Number of glyphs known to the atlas (placed or without ink).
    pub fn len(&self) -> usize {
        self.glyphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Rows of the atlas in use.
    pub fn used_height(&self) -> usize {
        self.shelves.used_height()
    }

    /// Side of the atlas texture in pixels.
    pub fn side(&self) -> usize {
        self.side
    }

    fn clear(&mut self) {
        self.glyphs.clear();
        self.shelves.clear();
        self.dirty = None;
        self.overflowed = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: ([usize; 2], [usize; 2]), b: ([usize; 2], [usize; 2])) -> bool {
        let ([ax, ay], [aw, ah]) = a;
        let ([bx, by], [bw, bh]) = b;
        ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah
    }

    #[test]
    fn coverage_becomes_premultiplied_white_when_a_colour_glyph_arrives() {
        let mut pixels = Pixels::Coverage(vec![0, 128, 255]);
        let mut before = Vec::new();
        pixels.row(0, 3, &mut before);
        let rgba = pixels.make_color();
        assert_eq!(*rgba, before, "the texture's content does not change");
        assert_eq!(
            rgba[1],
            Color32::from_rgba_premultiplied(128, 128, 128, 128)
        );
        rgba[2] = Color32::from_rgba_premultiplied(200, 10, 0, 255);
        let mut after = Vec::new();
        pixels.row(1, 2, &mut after);
        assert_eq!(after[1], Color32::from_rgba_premultiplied(200, 10, 0, 255));
    }

    #[test]
    fn packs_rectangles_without_overlap_and_inside_the_area() {
        let mut shelves = ShelfAllocator::new(100, 100);
        let mut placed = Vec::new();
        for (i, size) in [
            [10, 12],
            [30, 8],
            [7, 12],
            [50, 20],
            [20, 9],
            [60, 13],
            [40, 12],
        ]
        .into_iter()
        .enumerate()
        {
            let at = shelves
                .allocate(size[0], size[1])
                .unwrap_or_else(|| panic!("rectangle {i} fits"));
            assert!(at[0] + size[0] <= 100 && at[1] + size[1] <= 100);
            for &other in &placed {
                assert!(!overlaps((at, size), other), "{at:?} {size:?} / {other:?}");
            }
            placed.push((at, size));
        }
    }

    #[test]
    fn reuses_a_shelf_for_rectangles_of_similar_height() {
        let mut shelves = ShelfAllocator::new(100, 100);
        assert_eq!(shelves.allocate(10, 12), Some([0, 0]));
        assert_eq!(shelves.allocate(10, 11), Some([10, 0]));
        // Much shorter: a new shelf rather than wasting the tall one.
        assert_eq!(shelves.allocate(10, 4), Some([0, 12]));
        // Taller: a new shelf.
        assert_eq!(shelves.allocate(10, 20), Some([0, 16]));
        assert_eq!(shelves.used_height(), 36);
    }

    #[test]
    fn reports_full_and_starts_again_after_clear() {
        let mut shelves = ShelfAllocator::new(32, 32);
        for _ in 0..4 {
            assert!(shelves.allocate(32, 8).is_some());
        }
        assert_eq!(shelves.allocate(1, 1), None);
        assert_eq!(shelves.allocate(33, 1), None, "wider than the area");
        shelves.clear();
        assert_eq!(shelves.allocate(32, 32), Some([0, 0]));
    }

    #[test]
    fn falls_back_to_any_shelf_when_no_rows_are_left() {
        let mut shelves = ShelfAllocator::new(40, 30);
        assert_eq!(shelves.allocate(10, 30), Some([0, 0]));
        // No room for a new shelf, but the tall one has space to its right.
        assert_eq!(shelves.allocate(10, 5), Some([10, 0]));
    }

    #[test]
    fn places_glyphs_once_and_uploads_only_the_changed_rows() {
        use crate::text::FontId;
        use crate::text::raster::glyph_of;
        let ctx = Context::default();
        let mut atlas = GlyphAtlas::new(256, 256);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            atlas.begin_frame(ui.ctx());
            let id = glyph_of(FontId::VAZIRMATN, 'ب').unwrap();
            let (key, _) = GlyphKey::at(FontId::VAZIRMATN, id, 24.0, 0.0);
            let first = atlas.glyph(key).expect("ب has ink");
            assert_eq!(atlas.glyph(key), Some(first));
            assert_eq!(atlas.len(), 1);
            let region = atlas.dirty.expect("a dirty region");
            assert!(region.y1 <= 64, "only the first shelf: {region:?}");
            atlas.upload();
            assert!(atlas.dirty.is_none());
            let space = glyph_of(FontId::VAZIRMATN, ' ').unwrap();
            let (key, _) = GlyphKey::at(FontId::VAZIRMATN, space, 24.0, 0.0);
            assert_eq!(atlas.glyph(key), None);
            assert!(atlas.dirty.is_none(), "nothing to upload for a space");
        });
        // The texture's creation, then one partial update.
        let ours = atlas.texture.as_ref().expect("created").id();
        let deltas = output.textures_delta.set.remove(&ours).expect("uploads");
        output.textures_delta.clear();
        assert_eq!(deltas.len(), 2);
        assert!(deltas[0].pos.is_none() && deltas[1].pos.is_some());
        assert!(deltas[1].image.height() <= 64);
    }

    #[test]
    fn grows_when_full_then_recycles() {
        use crate::text::FontId;
        use crate::text::raster::glyph_of;
        let ctx = Context::default();
        let mut atlas = GlyphAtlas::new(64, 128);
        let keys: Vec<GlyphKey> = "بتثجحخ"
            .chars()
            .map(|c| {
                GlyphKey::at(
                    FontId::VAZIRMATN,
                    glyph_of(FontId::VAZIRMATN, c).unwrap(),
                    40.0,
                    0.0,
                )
                .0
            })
            .collect();
        let frame = |atlas: &mut GlyphAtlas| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                atlas.begin_frame(ui.ctx());
                for &key in &keys {
                    atlas.glyph(key);
                }
                atlas.upload();
            });
            output.textures_delta.clear();
        };
        frame(&mut atlas);
        assert!(
            atlas.wants_repaint(),
            "six 40 px glyphs do not fit in 64×64"
        );
        frame(&mut atlas);
        assert_eq!(atlas.side(), 128);
        let placed = atlas.len();
        frame(&mut atlas);
        frame(&mut atlas);
        assert!(atlas.side() == 128 && atlas.len() <= keys.len() && placed > 0);
    }
}
