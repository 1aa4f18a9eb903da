//! What a layout is asked for: face, size, direction, language and display options.

use super::fonts::FontChoice;

/// Base direction of a paragraph: from its text (UAX #9 P2–P3) or forced.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum DirectionChoice {
    #[default]
    Auto,
    Rtl,
    Ltr,
}

impl DirectionChoice {
    pub fn parse(s: &str) -> Option<DirectionChoice> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Some(DirectionChoice::Auto),
            "rtl" => Some(DirectionChoice::Rtl),
            "ltr" => Some(DirectionChoice::Ltr),
            _ => None,
        }
    }
}

/// The resolved direction of a paragraph or run.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }

    pub fn from_level(level: u8) -> Direction {
        if level % 2 == 1 {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// The document's language, which selects language-specific glyph forms (Persian digits and
/// letter variants) in the shaper.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Arabic,
    Persian,
    Other,
}

impl Language {
    /// How much of a text [`Language::detect`] reads.
    pub const DETECT_BYTES: usize = 256 * 1024;

    /// BCP 47 tag passed to the shaper.
    pub fn tag(self) -> Option<&'static str> {
        match self {
            Language::Arabic => Some("ar"),
            Language::Persian => Some("fa"),
            Language::Other => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Persian => "fa",
            Language::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Language> {
        match s.to_ascii_lowercase().as_str() {
            "ar" | "arabic" => Some(Language::Arabic),
            "fa" | "persian" | "farsi" => Some(Language::Persian),
            "other" | "none" => Some(Language::Other),
            _ => None,
        }
    }

    /// Guesses the language of an Arabic-script text from letters only one of the two uses:
    /// Persian پ چ ژ گ ک ی (and Persian digits) against Arabic ي ك ة (and Arabic-Indic digits).
    /// Text with no Arabic-script letters is `Other`. Only the first [`Self::DETECT_BYTES`]
    /// are read: plenty to tell the two apart, and a 20 MB article opens without a full pass.
    pub fn detect(text: &str) -> Language {
        let mut end = text.len().min(Self::DETECT_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // U+0600–U+06FF are exactly the two-byte UTF-8 sequences led by 0xD8–0xDB, so the
        // letters can be counted on the bytes, without decoding every character (this runs
        // over every article of a corpus when it is exported).
        let (mut persian, mut arabic, mut arabic_script) = (0usize, 0usize, 0usize);
        let bytes = &text.as_bytes()[..end];
        let mut i = 0;
        while i < bytes.len() {
            let lead = bytes[i];
            if !(0xD8..=0xDB).contains(&lead) {
                i += 1;
                continue;
            }
            let Some(&next) = bytes.get(i + 1) else {
                break;
            };
            arabic_script += 1;
            match (lead, next) {
                // پ چ ژ ک گ ی, ۰–۹
                (0xD9, 0xBE)
                | (0xDA, 0x86 | 0x98 | 0xA9 | 0xAF)
                | (0xDB, 0x8C)
                | (0xDB, 0xB0..=0xB9) => persian += 1,
                // ة, ك ي, ٠–٩
                (0xD8, 0xA9) | (0xD9, 0x83 | 0x8A) | (0xD9, 0xA0..=0xA9) => arabic += 1,
                _ => {}
            }
            i += 2;
        }
        Self::from_counts(persian, arabic, arabic_script)
    }

    /// The language told by the counts of Persian-only and Arabic-only letters (and digits)
    /// among `arabic_script` characters of the Arabic block.
    fn from_counts(persian: usize, arabic: usize, arabic_script: usize) -> Language {
        if arabic_script == 0 {
            Language::Other
        } else if persian > arabic {
            Language::Persian
        } else {
            Language::Arabic
        }
    }
}

/// Everything a paragraph's shaping depends on. Width is not here: wrapping is a separate,
/// cheaper step.
#[derive(Clone, Debug, PartialEq)]
pub struct TextStyle {
    pub font: FontChoice,
    pub size_px: f32,
    pub direction: DirectionChoice,
    pub language: Language,
    /// Draw invisible format and bidi control characters as visible marks.
    pub show_controls: bool,
    /// Line height as a multiple of the primary face's natural line height.
    pub line_spacing: f32,
}

impl TextStyle {
    /// Smallest and largest size the engine lays out, in pixels.
    pub const SIZE_RANGE: (f32, f32) = (1.0, 1000.0);

    /// The style with sizes and spacing clamped to what can be laid out (a NaN or negative
    /// size from a settings file must not produce NaN geometry).
    pub fn sanitized(&self) -> TextStyle {
        let (lo, hi) = Self::SIZE_RANGE;
        let size_px = if self.size_px.is_finite() {
            self.size_px.clamp(lo, hi)
        } else {
            TextStyle::default().size_px
        };
        let line_spacing = if self.line_spacing.is_finite() {
            self.line_spacing.clamp(0.5, 4.0)
        } else {
            1.0
        };
        TextStyle {
            size_px,
            line_spacing,
            ..self.clone()
        }
    }
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            font: FontChoice::Vazirmatn,
            size_px: 20.0,
            direction: DirectionChoice::Auto,
            language: Language::Arabic,
            show_controls: false,
            line_spacing: 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_persian_and_arabic() {
        assert_eq!(Language::detect("پوتین می‌گوید که روسیه"), Language::Persian);
        assert_eq!(
            Language::detect("قالت الحكومة الروسية في بيان"),
            Language::Arabic
        );
        assert_eq!(Language::detect("Hello world"), Language::Other);
    }

    /// The character-by-character count that `detect` does on the bytes.
    fn detect_by_chars(text: &str) -> Language {
        let (mut persian, mut arabic, mut arabic_script) = (0usize, 0usize, 0usize);
        for c in text.chars() {
            match c {
                'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | '۰'..='۹' => persian += 1,
                'ي' | 'ك' | 'ة' | '٠'..='٩' => arabic += 1,
                _ => {}
            }
            if ('\u{0600}'..='\u{06FF}').contains(&c) {
                arabic_script += 1;
            }
        }
        Language::from_counts(persian, arabic, arabic_script)
    }

    #[test]
    fn every_arabic_block_character_counts_as_by_characters() {
        for cp in 0x0590..=0x0710u32 {
            let c = char::from_u32(cp).unwrap();
            for text in [
                c.to_string(),
                format!("a{c}ي"),
                format!("{c}{c}ك"),
                format!("ی{c}"),
            ] {
                assert_eq!(Language::detect(&text), detect_by_chars(&text), "{cp:04X}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn detect_on_bytes_equals_detect_on_characters(
            text in "[پچژگکیيكة۰-۹٠-٩ء-يa-z 😀\u{0700}-\u{0750}\u{05D0}\u{FB50}]{0,40}"
        ) {
            proptest::prop_assert_eq!(Language::detect(&text), detect_by_chars(&text));
        }
    }
}
