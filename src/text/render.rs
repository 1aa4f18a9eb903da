//! Rendering a laid-out document to pixels without a window or GPU: the glyphs are composited
//! from the same bitmaps the window's atlas uses. Used by `hamesh render` and image checks.

use super::document::Document;
use super::fonts::FontId;
use super::raster::{GlyphCache, GlyphKey, glyph_of};

/// Colours of a page.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Theme {
    pub background: [u8; 3],
    pub text: [u8; 3],
    pub control: [u8; 3],
}

impl Theme {
    pub const LIGHT: Theme = Theme {
        background: [0xFB, 0xF9, 0xF4],
        text: [0x1F, 0x1F, 0x1F],
        control: [0xC0, 0x39, 0x2B],
    };
    pub const DARK: Theme = Theme {
        background: [0x1D, 0x1F, 0x21],
        text: [0xE6, 0xE3, 0xDC],
        control: [0xFF, 0x8A, 0x7A],
    };

    pub fn parse(s: &str) -> Option<Theme> {
        match s.to_ascii_lowercase().as_str() {
            "light" => Some(Theme::LIGHT),
            "dark" => Some(Theme::DARK),
            _ => None,
        }
    }
}

/// An RGB image.
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32, height: u32, fill: [u8; 3]) -> Canvas {
        let mut rgb = Vec::with_capacity((width * height * 3) as usize);
        for _ in 0..width * height {
            rgb.extend_from_slice(&fill);
        }
        Canvas { width, height, rgb }
    }

    /// Blends `color` into pixel (x, y) with coverage `alpha`.
    pub fn blend(&mut self, x: i32, y: i32, color: [u8; 3], alpha: u8) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 || alpha == 0 {
            return;
        }
        let i = ((y as u32 * self.width + x as u32) * 3) as usize;
        let a = u32::from(alpha);
        for (dst, &src) in self.rgb[i..i + 3].iter_mut().zip(&color) {
            let d = u32::from(*dst);
            *dst = ((u32::from(src) * a + d * (255 - a) + 127) / 255) as u8;
        }
    }

    /// Draws glyph `id` of `font` at `size` with its pen at `(x, baseline)`.
    fn draw_glyph(
        &mut self,
        cache: &mut GlyphCache,
        (font, id, size): (FontId, u32, f32),
        (x, baseline): (f32, f32),
        color: [u8; 3],
    ) {
        let (key, whole) = GlyphKey::at(font, id, size, x);
        let Some(bmp) = cache.get(key) else {
            return;
        };
        let ox = whole + bmp.left;
        let oy = baseline.round() as i32 + bmp.top;
        for row in 0..bmp.height {
            for col in 0..bmp.width {
                let i = (row * bmp.width + col) as usize;
                let (x, y) = (ox + col as i32, oy + row as i32);
                match &bmp.color {
                    Some(rgba) => self.blend_premultiplied(x, y, &rgba[i * 4..i * 4 + 4]),
                    None => self.blend(x, y, color, bmp.alpha[i]),
                }
            }
        }
    }

    /// Blends a premultiplied RGBA pixel (a colour glyph's) into pixel (x, y).
    fn blend_premultiplied(&mut self, x: i32, y: i32, rgba: &[u8]) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 || rgba[3] == 0 {
            return;
        }
        let i = ((y as u32 * self.width + x as u32) * 3) as usize;
        let keep = 255 - u32::from(rgba[3]);
        for (dst, &src) in self.rgb[i..i + 3].iter_mut().zip(rgba) {
            let d = u32::from(*dst);
            *dst = (u32::from(src) + (d * keep + 127) / 255).min(255) as u8;
        }
    }

    fn outline_box(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, color: [u8; 3]) {
        for x in x0..=x1 {
            self.blend(x, y0, color, 255);
            self.blend(x, y1, color, 255);
        }
        for y in y0..=y1 {
            self.blend(x0, y, color, 255);
            self.blend(x1, y, color, 255);
        }
    }

    /// Encodes the canvas as PNG.
    pub fn to_png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width, self.height);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header()?;
            w.write_image_data(&self.rgb)?;
        }
        Ok(out)
    }
}

/// Margin around the text, in pixels.
pub const MARGIN: f32 = 24.0;

/// Paints every line of `doc` on a page of the layout's width plus margins.
pub fn render(doc: &Document, theme: Theme) -> Canvas {
    let content_width = if doc.width().is_finite() {
        doc.width()
    } else {
        doc.paragraphs()
            .map(|p| p.layout.align_width)
            .fold(0.0, f32::max)
    };
    let width = (content_width + 2.0 * MARGIN).ceil().clamp(1.0, 16384.0) as u32;
    let height = (doc.total_height() + 2.0 * MARGIN)
        .ceil()
        .clamp(1.0, 65535.0) as u32;
    let mut canvas = Canvas::new(width, height, theme.background);
    let mut cache = GlyphCache::default();
    let size = doc.style().size_px;
    for p in doc.paragraphs() {
        let view = p.view();
        for (i, line) in p.layout.lines.iter().enumerate() {
            let baseline = MARGIN + p.top + line.baseline;
            for g in view.placed_glyphs(i) {
                canvas.draw_glyph(
                    &mut cache,
                    (g.font, g.id, size),
                    (MARGIN + g.x, baseline - g.dy),
                    theme.text,
                );
            }
            for c in view.placed_controls(i) {
                let x0 = (MARGIN + c.x + 1.0).round() as i32;
                let x1 = (MARGIN + c.x + c.width - 2.0).round() as i32;
                let y0 = (baseline - size * 0.75).round() as i32;
                let y1 = (baseline + size * 0.15).round() as i32;
                canvas.outline_box(x0, y0, x1, y1, theme.control);
                let label_size = size * 0.32;
                let mut pen = MARGIN + c.x + 3.0;
                for ch in c.label.chars() {
                    if let Some(id) = glyph_of(FontId::NOTO_SANS, ch) {
                        canvas.draw_glyph(
                            &mut cache,
                            (FontId::NOTO_SANS, id, label_size),
                            (pen, baseline - size * 0.2),
                            theme.control,
                        );
                        pen += label_size * 0.62;
                    }
                }
            }
        }
    }
    canvas
}
