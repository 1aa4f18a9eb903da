//! Analysis: everything about a paragraph that does not depend on fonts.
//!
//! - Base direction and embedding levels (UAX #9 P2–P3, X1–X10, W1–W7, N0–N2, I1–I2) from
//!   unicode-bidi, which honours explicit embeddings, overrides and isolates.
//! - Caret units: extended grapheme clusters (UAX #29), except that a ZWNJ or ZWJ ending a
//!   grapheme becomes a unit of its own so the caret can stop on either side of it (Persian
//!   می‌شود is typed and edited as three pieces around the ZWNJ).
//! - Line break opportunities (UAX #14) from unicode-linebreak.

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;

use super::style::{Direction, DirectionChoice};

/// Per-paragraph analysis, indexed by byte offset where per-character.
pub struct Analysis {
    pub base: Direction,
    /// Embedding level of every byte (the level of the character it belongs to).
    pub levels: Vec<u8>,
    /// Original bidi class of every byte.
    pub classes: Vec<BidiClass>,
    /// Byte offsets where a caret unit starts, ascending, without the paragraph end.
    pub unit_starts: Vec<u32>,
    /// For each entry of `unit_starts`: whether it is also an extended grapheme boundary (a
    /// ZWNJ split out of its grapheme is a caret stop but not a place for an emergency break
    /// inside an over-long word; UAX #14 may still allow a break before it after a space).
    pub unit_is_grapheme_start: Vec<bool>,
    /// Byte offsets before which UAX #14 allows a break, ascending, excluding 0 and the end.
    pub break_opportunities: Vec<u32>,
}

/// The base direction the text itself asks for, or `None` when it has no strong character
/// outside isolates (P2–P3).
pub fn strong_direction(text: &str) -> Option<Direction> {
    match unicode_bidi::get_base_direction(text) {
        unicode_bidi::Direction::Ltr => Some(Direction::Ltr),
        unicode_bidi::Direction::Rtl => Some(Direction::Rtl),
        unicode_bidi::Direction::Mixed => None,
    }
}

/// Resolves the paragraph's base direction. A paragraph with no strong character takes
/// `neutral_fallback` (the previous paragraph's direction), as UAX #9 HL1 allows: a line of
/// only digits between two Arabic paragraphs stays right-aligned.
pub fn base_direction(
    text: &str,
    choice: DirectionChoice,
    neutral_fallback: Direction,
) -> Direction {
    match choice {
        DirectionChoice::Rtl => Direction::Rtl,
        DirectionChoice::Ltr => Direction::Ltr,
        DirectionChoice::Auto => strong_direction(text).unwrap_or(neutral_fallback),
    }
}

pub fn analyze(text: &str, base: Direction) -> Analysis {
    let level = match base {
        Direction::Rtl => Level::rtl(),
        Direction::Ltr => Level::ltr(),
    };
    let bidi = ParagraphBidiInfo::new(text, Some(level));
    let levels = bidi.levels.iter().map(|l| l.number()).collect();
    let classes = bidi.original_classes;

    let mut unit_starts = Vec::with_capacity(text.len() / 2);
    let mut unit_is_grapheme_start = Vec::with_capacity(text.len() / 2);
    for (start, grapheme) in text.grapheme_indices(true) {
        unit_starts.push(start as u32);
        unit_is_grapheme_start.push(true);
        if let Some(last) = grapheme.chars().next_back()
            && grapheme.len() > last.len_utf8()
            && matches!(last, '\u{200C}' | '\u{200D}')
        {
            unit_starts.push((start + grapheme.len() - last.len_utf8()) as u32);
            unit_is_grapheme_start.push(false);
        }
    }

    let break_opportunities = linebreaks(text)
        .filter(|&(i, op)| op == BreakOpportunity::Allowed && i > 0 && i < text.len())
        .map(|(i, _)| i as u32)
        .collect();

    Analysis {
        base,
        levels,
        classes,
        unit_starts,
        unit_is_grapheme_start,
        break_opportunities,
    }
}

/// Characters that draw nothing and take no width: default ignorables such as ZWNJ, ZWJ, the
/// bidi marks and controls, soft hyphen's invisible cousins, variation selectors.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Short name of a format or bidi control, drawn inside its mark when controls are shown.
pub fn control_label(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "ZWSP",
        '\u{200C}' => "ZWNJ",
        '\u{200D}' => "ZWJ",
        '\u{200E}' => "LRM",
        '\u{200F}' => "RLM",
        '\u{061C}' => "ALM",
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        '\u{2060}' => "WJ",
        '\u{FEFF}' => "BOM",
        '\u{00AD}' => "SHY",
        c if is_invisible_control(c) => "CTRL",
        _ => return None,
    })
}

/// Whether UAX #9 L1 resets a character of this class to the paragraph level when it ends a
/// line or precedes a segment separator: whitespace, isolate initiators and terminators, and
/// the characters X9 removed (kept here, as the rule's note allows).
pub fn resets_at_line_end(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(
        class,
        WS | FSI | LRI | RLI | PDI | LRE | RLE | LRO | RLO | PDF | BN
    )
}

/// Whether the class is a segment or paragraph separator (tab, U+2029), always reset by L1.
pub fn is_separator(class: BidiClass) -> bool {
    matches!(class, BidiClass::S | BidiClass::B)
}

/// Whether X9 removes characters of this class (they have no level of their own).
pub fn removed_by_x9(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(class, LRE | RLE | LRO | RLO | PDF | BN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_direction_follows_first_strong_and_falls_back_for_neutral_text() {
        let auto = DirectionChoice::Auto;
        assert_eq!(
            base_direction("Putin قال", auto, Direction::Rtl),
            Direction::Ltr
        );
        assert_eq!(
            base_direction("قال Putin", auto, Direction::Ltr),
            Direction::Rtl
        );
        assert_eq!(
            base_direction("2015 (12)", auto, Direction::Rtl),
            Direction::Rtl
        );
        assert_eq!(base_direction("", auto, Direction::Ltr), Direction::Ltr);
        // The isolate's content is skipped by P2.
        assert_eq!(
            base_direction("\u{2067}abc\u{2069} سلام", auto, Direction::Ltr),
            Direction::Rtl
        );
        assert_eq!(
            base_direction("سلام", DirectionChoice::Ltr, Direction::Rtl),
            Direction::Ltr
        );
    }

    #[test]
    fn zwnj_is_a_caret_unit_but_not_a_grapheme_start() {
        let text = "می\u{200C}شود";
        let a = analyze(text, Direction::Rtl);
        let zwnj = "می".len() as u32;
        let i = a.unit_starts.iter().position(|&s| s == zwnj).unwrap();
        assert!(!a.unit_is_grapheme_start[i]);
        assert_eq!(a.unit_starts.len(), 6);
    }

    #[test]
    fn emoji_sequences_are_one_caret_unit_each() {
        // A ZWJ family, a flag, a skin tone and a keycap, between Arabic words: the ZWJs inside
        // the family do not end a grapheme, so they make no caret stops of their own.
        let family = "👨\u{200D}👩\u{200D}👧";
        let text = format!("قال {family} 🇮🇷 👍🏽 1\u{FE0F}\u{20E3} أمس");
        let a = analyze(&text, Direction::Rtl);
        for seq in [family, "🇮🇷", "👍🏽", "1\u{FE0F}\u{20E3}"] {
            let start = text.find(seq).unwrap() as u32;
            let end = start + seq.len() as u32;
            let inside: Vec<u32> = a
                .unit_starts
                .iter()
                .copied()
                .filter(|&u| u > start && u < end)
                .collect();
            assert!(inside.is_empty(), "{seq:?} is split at {inside:?}");
            assert!(a.unit_starts.contains(&start), "{seq:?} starts a unit");
        }
    }

    #[test]
    fn numbers_in_rtl_text_get_an_even_level() {
        let text = "عام 2015 م";
        let a = analyze(text, Direction::Rtl);
        let two = text.find('2').unwrap();
        assert_eq!(a.levels[two], 2);
        assert_eq!(a.levels[0], 1);
    }
}
