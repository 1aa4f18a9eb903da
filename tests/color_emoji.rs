//! Colour emoji from an installed colour font: with the fallback to installed fonts on (as in
//! the window), an emoji is laid out in the colour font as one glyph per sequence, drawn from
//! its image scaled to the text size and in its own colours, while a symbol without U+FE0F
//! stays text and the spaces around an emoji stay in the text's face.
//!
//! Strict where Noto Color Emoji (CBDT) is installed (CI installs `fonts-noto-color-emoji`);
//! elsewhere it says why it skips.

mod font_support;

use std::path::Path;

use font_support::laid_out_with_system_fonts;
use hamesh::text::fonts::face;
use hamesh::text::raster::{GlyphKey, rasterize};
use hamesh::text::render::{Theme, render};
use hamesh::text::{Document, FontId, TextStyle};

const EMOJI_FONT: &str = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";
const EMOJI_FILE: &str = "NotoColorEmoji.ttf";
/// An outline font with ☀ (U+2600), for the text presentation.
const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// (face, glyph id, cluster's byte offset) of every glyph of a one-line layout of `text`.
fn glyphs(doc: &Document) -> Vec<(FontId, u32, usize)> {
    doc.paragraphs()
        .flat_map(|p| {
            let view = p.view();
            (0..p.layout.lines.len())
                .flat_map(move |i| view.placed_glyphs(i))
                .map(|g| (g.font, g.id, g.cluster_byte))
        })
        .collect()
}

fn has_emoji_font() -> bool {
    if Path::new(EMOJI_FONT).exists() {
        return true;
    }
    eprintln!("skipped: {EMOJI_FONT} is missing (apt-get install fonts-noto-color-emoji)");
    false
}

/// Every check lives in one test: the fallback switch is process-wide.
#[test]
fn emoji_come_in_colour_from_the_installed_colour_font() {
    if !has_emoji_font() {
        return;
    }
    let text = "قال 😀 إن 👨\u{200D}👩\u{200D}👧 و☀ و☀\u{FE0F}";
    let style = TextStyle::default();
    let doc = laid_out_with_system_fonts(text, &style, 2000.0);
    let placed = glyphs(&doc);
    let at = |needle: &str| text.find(needle).expect("in the text");
    let of_cluster = |byte: usize| -> Vec<(FontId, u32)> {
        placed
            .iter()
            .filter(|g| g.2 == byte)
            .map(|g| (g.0, g.1))
            .collect()
    };
    let name = |id: FontId| face(id).file_name;

    let smile = of_cluster(at("😀"));
    assert_eq!(smile.len(), 1, "{smile:?}");
    assert_eq!(name(smile[0].0), EMOJI_FILE);
    let family = of_cluster(at("👨"));
    assert_eq!(family.len(), 1, "the ZWJ family is one glyph: {family:?}");
    assert_eq!(name(family[0].0), EMOJI_FILE);
    let sun_emoji = of_cluster(at("☀\u{FE0F}"));
    assert!(
        sun_emoji.iter().all(|g| name(g.0) == EMOJI_FILE),
        "U+FE0F asks for the emoji: {sun_emoji:?}"
    );
    if Path::new(DEJAVU).exists() {
        let sun_text = of_cluster(at("☀"));
        assert!(
            !sun_text.is_empty() && sun_text.iter().all(|g| name(g.0) != EMOJI_FILE),
            "without U+FE0F ☀ is text, from an outline font: {sun_text:?}"
        );
    }
    // The space after 😀 is the text face's, not an emoji-wide space.
    let space = of_cluster(at("😀") + "😀".len());
    assert!(
        space.iter().all(|g| name(g.0) != EMOJI_FILE),
        "the space after an emoji stays in the text's face: {space:?}"
    );

    // The image is scaled to the text and keeps its colours (😀 is yellow).
    let size = style.size_px;
    let (key, _) = GlyphKey::at(smile[0].0, smile[0].1, size, 0.0);
    let bitmap = rasterize(key).expect("😀 has an image");
    let rgba = bitmap.color.as_ref().expect("a colour glyph");
    assert_eq!(rgba.len(), (bitmap.width * bitmap.height * 4) as usize);
    assert!(
        (0.8 * size..=1.5 * size).contains(&(bitmap.height as f32)),
        "{} px high for {size} px text",
        bitmap.height
    );
    assert!(
        bitmap.top < 0 && bitmap.top > -(size as i32) * 2,
        "top {}",
        bitmap.top
    );
    let yellow = rgba
        .chunks_exact(4)
        .filter(|p| p[3] == 255 && p[0] > 200 && p[1] > 150 && p[2] < 100)
        .count();
    assert!(
        yellow * 4 > (bitmap.width * bitmap.height) as usize,
        "mostly yellow: {yellow} of {}",
        bitmap.width * bitmap.height
    );
    assert_eq!(
        bitmap.alpha,
        rgba.chunks_exact(4).map(|p| p[3]).collect::<Vec<_>>()
    );

    // The page drawn without a window shows it in colour too.
    let page = render(&doc, Theme::LIGHT);
    let coloured = page
        .rgb
        .chunks_exact(3)
        .filter(|p| p[0] > 200 && p[1] > 150 && p[2] < 100)
        .count();
    assert!(coloured > 50, "{coloured} yellow pixels on the page");
}
