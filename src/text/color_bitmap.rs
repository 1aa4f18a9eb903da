//! Colour glyphs from embedded bitmaps: the PNG or BGRA images of a colour emoji font's
//! strikes (CBDT, as Noto Color Emoji has them, or sbix), read with skrifa and scaled to the
//! size the glyph is drawn at, so an emoji is as tall as the text around it.
//!
//! A strike holds every glyph at one size (Noto Color Emoji: 109 pixels per em). The strike
//! nearest above the wanted size is chosen and resampled by area averaging in premultiplied
//! RGBA, which is exact for the downscaling body text needs (20 px text from 109 px images)
//! and keeps edges from fringing.

use skrifa::bitmap::{BitmapData, BitmapFormat, BitmapStrikes, Origin};
use skrifa::instance::Size;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId};

/// An image placed like a glyph: premultiplied RGBA rows and the offset of its top-left corner
/// from the pen position on the baseline (y negative upwards), in whole pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct ColorImage {
    pub width: u32,
    pub height: u32,
    pub left: i32,
    pub top: i32,
    /// Premultiplied RGBA, `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

/// Whether the font has colour bitmap strikes (CBDT or sbix).
pub fn has_color_bitmaps(font: &FontRef<'_>) -> bool {
    [BitmapFormat::Cbdt, BitmapFormat::Sbix]
        .into_iter()
        .any(|f| BitmapStrikes::with_format(font, f).is_some_and(|s| !s.is_empty()))
}

/// Largest side of an image decoded from a font: a corrupt header must not allocate gigabytes.
const MAX_SIDE: u32 = 1024;

/// The colour image of `glyph` drawn at `size_px` pixels per em, its pen `dx` pixels right of
/// a whole pixel; `None` when the font has no colour bitmap for it or the data is damaged.
pub fn color_bitmap(font: &FontRef<'_>, glyph: u32, size_px: f32, dx: f32) -> Option<ColorImage> {
    let strikes = [BitmapFormat::Cbdt, BitmapFormat::Sbix]
        .into_iter()
        .find_map(|f| BitmapStrikes::with_format(font, f))?;
    let found = strikes.glyph_for_size(Size::new(size_px), GlyphId::new(glyph))?;
    let (w, h) = (found.width, found.height);
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || found.ppem_y <= 0.0 {
        return None;
    }
    let source = match found.data {
        BitmapData::Png(bytes) => decode_png(bytes, w, h)?,
        BitmapData::Bgra(bytes) => bgra_to_rgba(bytes, w, h)?,
        // Monochrome masks (EBDT-style data in a colour table) are left to the outlines.
        BitmapData::Mask(_) => return None,
    };
    let scale = size_px / found.ppem_y;
    let (sw, sh) = (w as f32 * scale, h as f32 * scale);
    let (dw, dh) = (sw.ceil().max(1.0) as u32, sh.ceil().max(1.0) as u32);
    let rgba = resample(&source, (w, h), (dw, dh), (sw, sh));
    // Where the image's top-left corner sits, in pixels from the pen on the baseline.
    let (x, y) = match found.placement_origin {
        // CBDT: bearings in pixels of the strike, from the pen to the image's top-left.
        Origin::TopLeft => (
            found.inner_bearing_x * scale,
            -found.inner_bearing_y * scale,
        ),
        // sbix: the image's bottom-left at the glyph's left side bearing and bottom (font
        // units) moved by the image's own origin offset (pixels of the strike), as Skia and
        // Core Text place it.
        Origin::BottomLeft => {
            let upem = f32::from(font.head().ok()?.units_per_em().max(1));
            let units = size_px / upem;
            let left = found.bearing_x * units + found.inner_bearing_x * scale;
            let bottom = found.bearing_y * units + found.inner_bearing_y * scale;
            (left, -(bottom + sh))
        }
    };
    Some(ColorImage {
        width: dw,
        height: dh,
        left: (x + dx).round() as i32,
        top: y.round() as i32,
        rgba,
    })
}

/// A PNG of the strike decoded to premultiplied RGBA of the size the strike says.
fn decode_png(bytes: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let info = reader.info();
    if info.width != w || info.height != h {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).ok()?;
    let data = &buf[..frame.buffer_size()];
    let pixels = (w * h) as usize;
    let mut rgba = Vec::with_capacity(pixels * 4);
    let mut push = |r: u8, g: u8, b: u8, a: u8| {
        let p = |c: u8| ((u32::from(c) * u32::from(a) + 127) / 255) as u8;
        rgba.extend_from_slice(&[p(r), p(g), p(b), a]);
    };
    match frame.color_type {
        png::ColorType::Rgba => data
            .chunks_exact(4)
            .for_each(|c| push(c[0], c[1], c[2], c[3])),
        png::ColorType::Rgb => data
            .chunks_exact(3)
            .for_each(|c| push(c[0], c[1], c[2], 255)),
        png::ColorType::GrayscaleAlpha => data
            .chunks_exact(2)
            .for_each(|c| push(c[0], c[0], c[0], c[1])),
        png::ColorType::Grayscale => data.iter().for_each(|&c| push(c, c, c, 255)),
        png::ColorType::Indexed => return None,
    }
    (rgba.len() == pixels * 4).then_some(rgba)
}

/// Premultiplied BGRA rows (sbix and CBDT's uncompressed format) as premultiplied RGBA.
fn bgra_to_rgba(bytes: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    let len = (w * h * 4) as usize;
    let bytes = bytes.get(..len)?;
    Some(
        bytes
            .chunks_exact(4)
            .flat_map(|c| [c[2], c[1], c[0], c[3]])
            .collect(),
    )
}

/// Resamples premultiplied RGBA from `src` pixels to `dst` pixels by area averaging: the image
/// covers `extent` destination pixels (its exact scaled size; the last row and column are
/// partly covered).
fn resample(rgba: &[u8], src: (u32, u32), dst: (u32, u32), extent: (f32, f32)) -> Vec<u8> {
    let horizontal = weights(src.0, dst.0, extent.0);
    let vertical = weights(src.1, dst.1, extent.1);
    let (sw, dw) = (src.0 as usize, dst.0 as usize);
    // Rows resampled horizontally, then columns vertically.
    let mut rows = vec![0f32; src.1 as usize * dw * 4];
    for y in 0..src.1 as usize {
        for (x, taps) in horizontal.iter().enumerate() {
            let out = &mut rows[(y * dw + x) * 4..][..4];
            for &(i, wt) in taps {
                let p = &rgba[(y * sw + i) * 4..][..4];
                for c in 0..4 {
                    out[c] += f32::from(p[c]) * wt;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(dw * dst.1 as usize * 4);
    for taps in &vertical {
        for x in 0..dw {
            let mut acc = [0f32; 4];
            for &(j, wt) in taps {
                let p = &rows[(j * dw + x) * 4..][..4];
                for c in 0..4 {
                    acc[c] += p[c] * wt;
                }
            }
            out.extend(acc.map(|v| v.round().clamp(0.0, 255.0) as u8));
        }
    }
    out
}

/// For each of `dst` destination pixels, the source pixels it covers and their weights, when
/// `src` source pixels span `extent` destination pixels. Weights are fractions of a
/// destination pixel's area, so a partly covered edge pixel gets partial coverage.
fn weights(src: u32, dst: u32, extent: f32) -> Vec<Vec<(usize, f32)>> {
    let per = extent / src as f32; // destination pixels per source pixel
    (0..dst)
        .map(|d| {
            let (d0, d1) = (d as f32, d as f32 + 1.0);
            let first = (d0 / per).floor().max(0.0) as usize;
            let last = ((d1 / per).ceil() as usize).min(src as usize);
            (first..last)
                .filter_map(|i| {
                    let (s0, s1) = (i as f32 * per, (i + 1) as f32 * per);
                    let overlap = s1.min(d1) - s0.max(d0);
                    (overlap > 0.0).then_some((i, overlap))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_averaging_halves_an_image_exactly() {
        // 4×2 opaque pixels, left half red, right half blue: 2×1 gives one of each.
        let mut src = Vec::new();
        for _ in 0..2 {
            for x in 0..4 {
                src.extend_from_slice(if x < 2 {
                    &[255, 0, 0, 255]
                } else {
                    &[0, 0, 255, 255]
                });
            }
        }
        let out = resample(&src, (4, 2), (2, 1), (2.0, 1.0));
        assert_eq!(out, vec![255, 0, 0, 255, 0, 0, 255, 255]);
    }

    #[test]
    fn a_partly_covered_edge_is_partly_transparent() {
        let src = vec![200; 3 * 4];
        // Three source pixels spanning 1.5 destination pixels: the second is half covered.
        let out = resample(&src, (3, 1), (2, 1), (1.5, 1.0));
        assert_eq!(out, vec![200, 200, 200, 200, 100, 100, 100, 100]);
    }

    #[test]
    fn weights_of_each_destination_pixel_sum_to_its_coverage() {
        for (src, extent) in [(136, 20.3f32), (128, 17.0), (7, 30.0), (1, 0.4)] {
            let dst = extent.ceil() as u32;
            let w = weights(src, dst, extent);
            for (d, taps) in w.iter().enumerate() {
                let sum: f32 = taps.iter().map(|t| t.1).sum();
                let want = (extent - d as f32).clamp(0.0, 1.0);
                assert!(
                    (sum - want).abs() < 1e-3,
                    "{src} {extent} {d}: {sum} vs {want}"
                );
            }
        }
    }

    #[test]
    fn bgra_becomes_rgba_and_short_data_is_refused() {
        assert_eq!(bgra_to_rgba(&[1, 2, 3, 4], 1, 1), Some(vec![3, 2, 1, 4]));
        assert_eq!(bgra_to_rgba(&[1, 2, 3], 1, 1), None);
    }
}
