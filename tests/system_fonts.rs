//! Fallback to installed fonts: off by default, so every other test lays out with the bundled
//! faces alone; on (as in the window), a character no bundled face has is drawn with an
//! installed font that has it, never as a missing glyph, and the layout names that font.
//!
//! Strict where DejaVu Sans is installed (CI installs `fonts-dejavu-core` for this test);
//! elsewhere it says why it skips the installed-font half.

use std::path::Path;

use hamesh::text::dump::layout_json;
use hamesh::text::system_fonts::{enabled, use_system_fonts};
use hamesh::text::{Document, TextStyle};

const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const BUNDLED: [&str; 3] = [
    "Vazirmatn-Regular.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoSans-Regular.ttf",
];

/// (font, glyph id) of the glyphs of the characters of `word` in a one-line layout of `text`.
fn glyphs_of(text: &str, word: &str) -> Vec<(String, u32)> {
    let doc = Document::laid_out(text, &TextStyle::default(), 800.0);
    let start = text[..text.find(word).unwrap()].chars().count();
    let end = start + word.chars().count();
    layout_json(&doc)
        .paragraphs
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.glyphs)
        .filter(|g| (start..end).contains(&g.cluster))
        .map(|g| (g.font.to_string(), g.id))
        .collect()
}

#[test]
fn characters_no_bundled_font_has_come_from_an_installed_font() {
    let text = "قال الوزير שלום للصحفيين";
    assert!(!enabled(), "off unless asked for");
    let bundled_only = glyphs_of(text, "שלום");
    assert!(!bundled_only.is_empty());
    assert!(
        bundled_only.iter().all(|(_, id)| *id == 0),
        "no bundled face has Hebrew: {bundled_only:?}"
    );

    if !Path::new(DEJAVU).exists() {
        eprintln!(
            "skipped the installed-font half: {DEJAVU} is missing \
             (apt-get install fonts-dejavu-core)"
        );
        return;
    }
    use_system_fonts(true);
    let fallback = glyphs_of(text, "שלום");
    let arabic = glyphs_of(text, "الوزير");
    use_system_fonts(false);
    assert_eq!(fallback.len(), 4, "one glyph per letter: {fallback:?}");
    for (font, id) in &fallback {
        assert_ne!(*id, 0, "drawn, not a missing glyph: {fallback:?}");
        assert!(
            !BUNDLED.contains(&font.as_str()),
            "{font} is installed, not bundled"
        );
    }
    assert!(
        arabic.iter().all(|(f, _)| f == "Vazirmatn-Regular.ttf"),
        "what the bundled faces have stays theirs: {arabic:?}"
    );
}
