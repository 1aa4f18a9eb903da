//! The bundled faces, their metrics and per-character coverage.
//!
//! Hamesh draws article text with the fonts it ships (`fonts/`), compiled into the binary, so
//! layout is identical on every machine and tests never depend on system fonts. The window
//! (and `layout --system-fonts`) also turns on [`super::system_fonts`]: a character none of
//! the bundled faces has is drawn with an installed font that has it, loaded then and given
//! the next [`FontId`] after the bundled ones. Each face is loaded once for the life of the
//! process; shaping plans are cached per face elsewhere.

use std::sync::LazyLock;

use harfrust::{FontRef, ShaperData};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// Index of a face in [`faces`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

impl FontId {
    pub const VAZIRMATN: FontId = FontId(0);
    pub const NASKH: FontId = FontId(1);
    pub const NOTO_SANS: FontId = FontId(2);
}

/// The reading face the user picked; fallback faces follow it in [`FontChoice::chain`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum FontChoice {
    #[default]
    Vazirmatn,
    Naskh,
}

impl FontChoice {
    pub fn name(self) -> &'static str {
        match self {
            FontChoice::Vazirmatn => "vazirmatn",
            FontChoice::Naskh => "naskh",
        }
    }

    pub fn parse(s: &str) -> Option<FontChoice> {
        match s.to_ascii_lowercase().as_str() {
            "vazirmatn" | "vazir" => Some(FontChoice::Vazirmatn),
            "naskh" | "noto-naskh" | "noto-naskh-arabic" => Some(FontChoice::Naskh),
            _ => None,
        }
    }

    /// Faces tried in order for each character: the primary face, then Noto Sans for what it
    /// lacks (Noto Naskh Arabic has almost no Latin), then Vazirmatn as a last Arabic-script
    /// resort for the Naskh choice.
    pub fn chain(self) -> &'static [FontId] {
        match self {
            FontChoice::Vazirmatn => &[FontId::VAZIRMATN, FontId::NOTO_SANS],
            FontChoice::Naskh => &[FontId::NASKH, FontId::NOTO_SANS, FontId::VAZIRMATN],
        }
    }

    pub fn primary(self) -> FontId {
        self.chain()[0]
    }
}

/// The BMP characters a face maps to a glyph other than .notdef, as a bit set.
fn bmp_coverage(font: &FontRef<'static>) -> Box<[u64]> {
    let mut bits = vec![0u64; 0x1_0000 / 64];
    for (c, glyph) in font.charmap().mappings() {
        let c = c as usize;
        if c < 0x1_0000 && glyph.to_u32() != 0 {
            bits[c / 64] |= 1 << (c % 64);
        }
    }
    bits.into_boxed_slice()
}

/// One loaded face: its bytes, the shaper's cached tables and its vertical metrics.
pub struct Face {
    /// The font file's name, as reported in layout dumps.
    pub file_name: &'static str,
    pub data: &'static [u8],
    pub font: FontRef<'static>,
    pub shaper_data: ShaperData,
    pub units_per_em: f32,
    /// Ascent, descent (positive, below the baseline) and line gap in font units.
    pub ascent: f32,
    pub descent: f32,
    pub line_gap: f32,
    /// Whether the glyphs are in colour (CBDT or sbix images, or COLR layers), drawn as they
    /// are rather than in the text's colour.
    pub color: bool,
    charmap: skrifa::charmap::Charmap<'static>,
    /// Which characters of the Basic Multilingual Plane the face has, one bit each (8 KiB):
    /// itemizing asks for every character, and a bit costs less than the cmap's search.
    bmp: Box<[u64]>,
}

impl Face {
    fn load(file_name: &'static str, data: &'static [u8]) -> Face {
        // The bundled files are compiled in and checked by the tests, so a failure here is a
        // build defect, not bad user input.
        Face::parse(file_name, data, 0).expect("bundled font parses")
    }

    /// Face `index` of a font file (a collection holds several), or `None` when it does not
    /// parse.
    pub(crate) fn parse(file_name: &'static str, data: &'static [u8], index: u32) -> Option<Face> {
        let font = FontRef::from_index(data, index).ok()?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        Some(Face {
            file_name,
            data,
            shaper_data: ShaperData::new(&font),
            units_per_em: f32::from(metrics.units_per_em.max(1)),
            ascent: metrics.ascent,
            descent: -metrics.descent,
            line_gap: metrics.leading,
            color: super::color_bitmap::has_color_bitmaps(&font)
                || super::color_layers::has_color_layers(&font),
            charmap: font.charmap(),
            bmp: bmp_coverage(&font),
            font,
        })
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let c = c as usize;
        if c < 0x1_0000 {
            self.bmp[c / 64] & (1 << (c % 64)) != 0
        } else {
            self.charmap.map(c as u32).is_some()
        }
    }

    /// Glyph id for `c`, if the face has one.
    pub fn glyph_for(&self, c: char) -> Option<u32> {
        self.charmap.map(c).map(|g| g.to_u32())
    }

    /// Pixels per font unit at `size_px`.
    pub fn scale(&self, size_px: f32) -> f32 {
        size_px / self.units_per_em
    }
}

static FACES: LazyLock<Vec<Face>> = LazyLock::new(|| {
    vec![
        Face::load(
            "Vazirmatn-Regular.ttf",
            include_bytes!("../../fonts/vazirmatn/Vazirmatn-Regular.ttf"),
        ),
        Face::load(
            "NotoNaskhArabic-Regular.ttf",
            include_bytes!("../../fonts/noto-naskh-arabic/NotoNaskhArabic-Regular.ttf"),
        ),
        Face::load(
            "NotoSans-Regular.ttf",
            include_bytes!("../../fonts/noto-sans/NotoSans-Regular.ttf"),
        ),
    ]
});

/// All bundled faces, indexed by [`FontId`].
pub fn faces() -> &'static [Face] {
    &FACES
}

/// A bundled face, or an installed one loaded for fallback ([`super::system_fonts`]). An id
/// that names no face (never handed out) gives the primary face rather than a panic.
pub fn face(id: FontId) -> &'static Face {
    let i = usize::from(id.0);
    FACES
        .get(i)
        .or_else(|| super::system_fonts::loaded(i - FACES.len()))
        .unwrap_or(&FACES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coverage_bits_answer_as_the_cmap_does() {
        for f in faces() {
            for c in (0..0x1_0000u32).filter_map(char::from_u32) {
                assert_eq!(
                    f.covers(c),
                    f.charmap.map(c).is_some(),
                    "{} U+{:04X}",
                    f.file_name,
                    c as u32
                );
            }
        }
    }
}
