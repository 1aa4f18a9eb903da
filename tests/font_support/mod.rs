//! What the font tests share: running a test with `HAMESH_FONT_DIRS` naming a fixture folder,
//! laying out with the fallback to installed fonts on, and finding the glyph of a character.

#![allow(dead_code, reason = "each test file uses part of the shared support")]

use std::path::Path;

use hamesh::text::system_fonts::{FONT_DIRS, use_system_fonts};
use hamesh::text::{Document, FontId, TextStyle};

/// Whether this run has `HAMESH_FONT_DIRS` set. If it has not, runs `test` again with it
/// naming `tests/fixtures/fonts/{folder}`, asserts that run passed, and says `false`: the
/// caller then returns. (The fallback reads the variable once, when it first lists the fonts;
/// setting it in the test would need `unsafe`, which the crate forbids, so the folder is
/// handed over as a user does.)
pub fn runs_with_font_dirs(test: &str, folder: &str) -> bool {
    if std::env::var_os(FONT_DIRS).is_some() {
        return true;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fonts")
        .join(folder);
    let exe = std::env::current_exe().expect("the test binary");
    let status = std::process::Command::new(exe)
        .args(["--exact", test])
        .env(FONT_DIRS, dir)
        .status()
        .expect("the test runs again");
    assert!(status.success(), "the test with {FONT_DIRS} set failed");
    false
}

/// `text` laid out at `width` with the fallback to installed fonts on, as in the window.
pub fn laid_out_with_system_fonts(text: &str, style: &TextStyle, width: f32) -> Document {
    use_system_fonts(true);
    let doc = Document::laid_out(text, style, width);
    use_system_fonts(false);
    doc
}

/// The face and glyph id of the glyph whose cluster starts at `needle` in the first line of
/// `doc`, laid out from `text`.
pub fn glyph_of(doc: &Document, text: &str, needle: &str) -> (FontId, u32) {
    let byte = text.find(needle).expect("in the text");
    let p = doc.paragraphs().next().expect("a paragraph");
    p.view()
        .placed_glyphs(0)
        .into_iter()
        .find(|g| g.cluster_byte == byte)
        .map(|g| (g.font, g.id))
        .expect("a glyph")
}
