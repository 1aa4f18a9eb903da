//! Colour emoji from an sbix font (PNG images in strikes, as Apple's fonts have them): the
//! fallback finds the font in a folder named by `HAMESH_FONT_DIRS`, and the image is scaled to
//! the text, the right way up, its bottom where the strike's origin offset puts it.
//!
//! Hermetic: the font is made by `tests/fixtures/fonts/sbix/make_sbix.py`, one 64 px image
//! (red above, blue below) for U+1F600 😀.

mod font_support;

use font_support::{glyph_of, laid_out_with_system_fonts, runs_with_font_dirs};
use hamesh::text::TextStyle;
use hamesh::text::fonts::face;
use hamesh::text::raster::{GlyphKey, rasterize};

#[test]
fn an_sbix_emoji_is_drawn_from_its_image() {
    if !runs_with_font_dirs("an_sbix_emoji_is_drawn_from_its_image", "sbix") {
        return;
    }
    let text = "قال 😀";
    let style = TextStyle::default();
    let doc = laid_out_with_system_fonts(text, &style, 800.0);
    let (font, id) = glyph_of(&doc, text, "😀");
    assert_eq!(face(font).file_name, "HameshSbix-test.ttf");

    for size_px in [20.0, 40.0] {
        let (key, _) = GlyphKey::at(font, id, size_px, 0.0);
        let bitmap = rasterize(key).expect("drawn");
        let rgba = bitmap.color.as_ref().expect("in colour");
        // The 64 px image scaled to the text's pixels per em.
        let side = size_px as i32;
        assert!(
            (bitmap.width as i32 - side).abs() <= 1,
            "{} px wide",
            bitmap.width
        );
        assert!(
            (bitmap.height as i32 - side).abs() <= 1,
            "{} px high",
            bitmap.height
        );
        // Its bottom 8 strike pixels below the baseline (y grows downwards from it).
        let below = bitmap.top + bitmap.height as i32;
        let expected = 8.0 * size_px / 64.0;
        assert!(
            (below as f32 - expected).abs() <= 1.0,
            "{size_px} px: the image ends {below} px below the baseline, not {expected}"
        );
        // The right way up: red rows above, blue rows below.
        let (w, h) = (bitmap.width as usize, bitmap.height as usize);
        let row = |y: usize| &rgba[y * w * 4..(y + 1) * w * 4];
        for (y, red) in [(1, true), (h - 2, false)] {
            let px = &row(y)[w / 2 * 4..w / 2 * 4 + 4];
            assert_eq!(px[3], 255, "opaque at row {y}");
            assert_eq!(px[0] > px[2], red, "row {y} of {h}: {px:?}");
        }
    }
}
