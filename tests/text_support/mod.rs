//! Random mixed-direction paragraphs for the engine's property tests: Arabic (with harakat,
//! lam-alef, tatweel), Persian with ZWNJ, Latin, three digit sets, dates, percentages, spaces,
//! NBSP and tabs, Arabic and Latin punctuation, brackets, quotes, bidi controls, stray
//! combining marks and text no face can draw, with random sizes (12–40 px), faces, directions
//! and widths (40–800 px), control marks sometimes shown.

#![allow(dead_code, reason = "each test file uses part of the shared support")]

use hamesh::text::{DirectionChoice, FontChoice, TextStyle};
use proptest::prelude::*;

const ARABIC: &[&str] = &[
    "قال",
    "الحكومة",
    "الروسية",
    "في",
    "بيان",
    "لا",
    "لأن",
    "الإعلان",
    "إلا",
    "مُحَمَّدٌ",
    "كَتَبَ",
    "السَّلَامُ",
    "عَلَيْكُمْ",
    "كـــتاب",
    "جميـــل",
    "الله",
    "ة",
    "و",
];
const PERSIAN: &[&str] = &[
    "می\u{200C}شود",
    "نمی\u{200C}خواهم",
    "خانه\u{200C}ها",
    "پوتین",
    "گزارش",
    "کرد",
    "ژاپن",
    "چه",
    "می\u{200C}گوید",
];
const LATIN: &[&str] = &[
    "Putin",
    "hello",
    "World",
    "ISNA",
    "e.g.",
    "x",
    "Wikipedia",
    "naïve",
    "Ĳssel",
];
const NUMBERS: &[&str] = &[
    "2015",
    "٢٠١٥",
    "۱۳۹۴",
    "27/10/2015",
    "12.5%",
    "٣٫٥",
    "-5",
    "+98",
    "۱۲٫۵٪",
    "09:10",
    "1,000",
    "0",
];
const PUNCTUATION: &[&str] = &[
    "،", "؛", "؟", "«", "»", "(", ")", "[", "]", "\"", "'", ".", ",", ":", "!", "-", "/",
];
/// What goes between two tokens: mostly a space, sometimes nothing (words run together, a
/// digit follows a letter), two spaces, a no-break space or a tab.
const SPACES: &[&str] = &[
    " ", " ", " ", " ", " ", " ", " ", "", "", "", "  ", "\u{00A0}", "\t",
];
const CONTROLS: &[&str] = &[
    "\u{200E}", // LRM
    "\u{200F}", // RLM
    "\u{061C}", // ALM
    "\u{202A}", // LRE
    "\u{202B}", // RLE
    "\u{202C}", // PDF
    "\u{2066}", // LRI
    "\u{2067}", // RLI
    "\u{2068}", // FSI
    "\u{2069}", // PDI
    "\u{202E}", // RLO
    "\u{202D}", // LRO
    "\u{200C}", // ZWNJ
    "\u{200D}", // ZWJ
    "\u{2029}", // PARAGRAPH SEPARATOR: kept inside the paragraph, a separator for L1
];

/// Combining marks standing alone: after a space, a digit, a Latin letter, a control or at
/// the start they make odd graphemes.
const MARKS: &[&str] = &["\u{064E}", "\u{0651}", "\u{0670}", "\u{0301}", "\u{0300}"];
/// Text no bundled face draws (the missing-glyph box), and a replacement character.
const UNDRAWABLE: &[&str] = &["中文", "😀", "👍🏽", "\u{FFFD}", "\u{0378}"];

pub fn token() -> impl Strategy<Value = &'static str> {
    let pick = |list: &'static [&'static str]| prop::sample::select(list);
    prop_oneof![
        6 => pick(ARABIC),
        3 => pick(PERSIAN),
        3 => pick(LATIN),
        2 => pick(NUMBERS),
        2 => pick(PUNCTUATION),
        1 => pick(CONTROLS),
        1 => pick(MARKS),
        1 => pick(UNDRAWABLE),
    ]
}

pub fn paragraph_text() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), prop::sample::select(SPACES)), 0..48).prop_map(|tokens| {
        tokens
            .into_iter()
            .flat_map(|(token, space)| [token, space])
            .collect()
    })
}

pub fn style() -> impl Strategy<Value = TextStyle> {
    (
        prop::sample::select(&[FontChoice::Vazirmatn, FontChoice::Naskh][..]),
        12.0f32..40.0,
        prop::sample::select(
            &[
                DirectionChoice::Auto,
                DirectionChoice::Rtl,
                DirectionChoice::Ltr,
            ][..],
        ),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(font, size_px, direction, show_controls)| TextStyle {
            font,
            size_px,
            direction,
            show_controls,
            ..TextStyle::default()
        })
}

pub fn case() -> impl Strategy<Value = (String, TextStyle, f32)> {
    // Half the widths narrow, so that most paragraphs wrap.
    let width = prop_oneof![40.0f32..200.0, 40.0f32..800.0];
    (paragraph_text(), style(), width)
}
