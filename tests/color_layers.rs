//! Colour emoji from a COLR font (layers of outlines filled from a CPAL palette): the fallback
//! finds the font in a folder named by `HAMESH_FONT_DIRS`, which comes before the system's
//! fonts, and the glyph is drawn in the palette's colours, scaled to the text.
//!
//! Hermetic: the font is a two-emoji cut of Twemoji Mozilla in `tests/fixtures/fonts/colr`.

mod font_support;

use font_support::{glyph_of, laid_out_with_system_fonts, runs_with_font_dirs};
use hamesh::text::TextStyle;
use hamesh::text::fonts::face;
use hamesh::text::raster::{GlyphKey, rasterize};

#[test]
fn a_colr_emoji_is_drawn_in_its_palette_colours() {
    if !runs_with_font_dirs("a_colr_emoji_is_drawn_in_its_palette_colours", "colr") {
        return;
    }
    let text = "قال 😀 و🔥";
    let style = TextStyle::default();
    let doc = laid_out_with_system_fonts(text, &style, 800.0);
    let of = |needle: &str| glyph_of(&doc, text, needle);
    for (emoji, least_colors) in [("😀", 3), ("🔥", 2)] {
        let (font, id) = of(emoji);
        assert_eq!(face(font).file_name, "TwemojiColr-subset.ttf", "{emoji}");
        let (key, _) = GlyphKey::at(font, id, style.size_px, 0.0);
        let bitmap = rasterize(key).expect("drawn");
        let rgba = bitmap.color.as_ref().expect("in colour");
        assert!(
            (0.7 * style.size_px..=1.4 * style.size_px).contains(&(bitmap.height as f32)),
            "{emoji}: {} px high for {} px text",
            bitmap.height,
            style.size_px
        );
        assert!(bitmap.top < 0, "{emoji} stands on the baseline");
        // Opaque pixels of distinct colours: one per layer at least (the palette's).
        let mut colors: Vec<[u8; 3]> = rgba
            .chunks_exact(4)
            .filter(|p| p[3] == 255)
            .map(|p| [p[0] / 16, p[1] / 16, p[2] / 16])
            .collect();
        colors.sort_unstable();
        colors.dedup();
        assert!(
            colors.len() >= least_colors,
            "{emoji}: {} distinct opaque colours",
            colors.len()
        );
        // Premultiplied: no channel above its alpha.
        assert!(
            rgba.chunks_exact(4)
                .all(|p| p[0].max(p[1]).max(p[2]) <= p[3])
        );
    }
    // 😀's face is yellow: its most common opaque colour has much more red than blue.
    let (font, id) = of("😀");
    let (key, _) = GlyphKey::at(font, id, 40.0, 0.0);
    let bitmap = rasterize(key).expect("drawn");
    let rgba = bitmap.color.expect("in colour");
    let yellow = rgba
        .chunks_exact(4)
        .filter(|p| p[3] == 255 && p[0] > 200 && p[1] > 150 && p[2] < 120)
        .count();
    assert!(
        yellow * 3 > (bitmap.width * bitmap.height) as usize,
        "mostly yellow: {yellow} of {} pixels",
        bitmap.width * bitmap.height
    );
}
