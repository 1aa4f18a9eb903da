//! Which characters ask for a colour emoji: the Unicode property Emoji_Presentation (a
//! character shown as an emoji by default, such as 😀 or ⌚) and the variation selectors that
//! ask for one presentation or the other (U+FE0F emoji, U+FE0E text). A caret unit that asks
//! for an emoji is drawn from an installed colour font before a monochrome one; ☺ or → without
//! a selector stays text.

/// Emoji_Presentation ranges, inclusive, sorted, from Unicode's emoji-data.txt (15.0).
const EMOJI_PRESENTATION: &[(char, char)] = &[
    ('\u{231A}', '\u{231B}'),
    ('\u{23E9}', '\u{23EC}'),
    ('\u{23F0}', '\u{23F0}'),
    ('\u{23F3}', '\u{23F3}'),
    ('\u{25FD}', '\u{25FE}'),
    ('\u{2614}', '\u{2615}'),
    ('\u{2648}', '\u{2653}'),
    ('\u{267F}', '\u{267F}'),
    ('\u{2693}', '\u{2693}'),
    ('\u{26A1}', '\u{26A1}'),
    ('\u{26AA}', '\u{26AB}'),
    ('\u{26BD}', '\u{26BE}'),
    ('\u{26C4}', '\u{26C5}'),
    ('\u{26CE}', '\u{26CE}'),
    ('\u{26D4}', '\u{26D4}'),
    ('\u{26EA}', '\u{26EA}'),
    ('\u{26F2}', '\u{26F3}'),
    ('\u{26F5}', '\u{26F5}'),
    ('\u{26FA}', '\u{26FA}'),
    ('\u{26FD}', '\u{26FD}'),
    ('\u{2705}', '\u{2705}'),
    ('\u{270A}', '\u{270B}'),
    ('\u{2728}', '\u{2728}'),
    ('\u{274C}', '\u{274C}'),
    ('\u{274E}', '\u{274E}'),
    ('\u{2753}', '\u{2755}'),
    ('\u{2757}', '\u{2757}'),
    ('\u{2795}', '\u{2797}'),
    ('\u{27B0}', '\u{27B0}'),
    ('\u{27BF}', '\u{27BF}'),
    ('\u{2B1B}', '\u{2B1C}'),
    ('\u{2B50}', '\u{2B50}'),
    ('\u{2B55}', '\u{2B55}'),
    ('\u{1F004}', '\u{1F004}'),
    ('\u{1F0CF}', '\u{1F0CF}'),
    ('\u{1F18E}', '\u{1F18E}'),
    ('\u{1F191}', '\u{1F19A}'),
    ('\u{1F1E6}', '\u{1F1FF}'),
    ('\u{1F201}', '\u{1F201}'),
    ('\u{1F21A}', '\u{1F21A}'),
    ('\u{1F22F}', '\u{1F22F}'),
    ('\u{1F232}', '\u{1F236}'),
    ('\u{1F238}', '\u{1F23A}'),
    ('\u{1F250}', '\u{1F251}'),
    ('\u{1F300}', '\u{1F320}'),
    ('\u{1F32D}', '\u{1F335}'),
    ('\u{1F337}', '\u{1F37C}'),
    ('\u{1F37E}', '\u{1F393}'),
    ('\u{1F3A0}', '\u{1F3CA}'),
    ('\u{1F3CF}', '\u{1F3D3}'),
    ('\u{1F3E0}', '\u{1F3F0}'),
    ('\u{1F3F4}', '\u{1F3F4}'),
    ('\u{1F3F8}', '\u{1F43E}'),
    ('\u{1F440}', '\u{1F440}'),
    ('\u{1F442}', '\u{1F4FC}'),
    ('\u{1F4FF}', '\u{1F53D}'),
    ('\u{1F54B}', '\u{1F54E}'),
    ('\u{1F550}', '\u{1F567}'),
    ('\u{1F57A}', '\u{1F57A}'),
    ('\u{1F595}', '\u{1F596}'),
    ('\u{1F5A4}', '\u{1F5A4}'),
    ('\u{1F5FB}', '\u{1F64F}'),
    ('\u{1F680}', '\u{1F6C5}'),
    ('\u{1F6CC}', '\u{1F6CC}'),
    ('\u{1F6D0}', '\u{1F6D2}'),
    ('\u{1F6D5}', '\u{1F6D7}'),
    ('\u{1F6DC}', '\u{1F6DF}'),
    ('\u{1F6EB}', '\u{1F6EC}'),
    ('\u{1F6F4}', '\u{1F6FC}'),
    ('\u{1F7E0}', '\u{1F7EB}'),
    ('\u{1F7F0}', '\u{1F7F0}'),
    ('\u{1F90C}', '\u{1F93A}'),
    ('\u{1F93C}', '\u{1F945}'),
    ('\u{1F947}', '\u{1F9FF}'),
    ('\u{1FA70}', '\u{1FA7C}'),
    ('\u{1FA80}', '\u{1FA88}'),
    ('\u{1FA90}', '\u{1FABD}'),
    ('\u{1FABF}', '\u{1FAC5}'),
    ('\u{1FACE}', '\u{1FADB}'),
    ('\u{1FAE0}', '\u{1FAE8}'),
    ('\u{1FAF0}', '\u{1FAF8}'),
];

/// U+FE0F VARIATION SELECTOR-16: show the character before it as an emoji.
pub const EMOJI_SELECTOR: char = '\u{FE0F}';
/// U+FE0E VARIATION SELECTOR-15: show the character before it as text.
pub const TEXT_SELECTOR: char = '\u{FE0E}';

/// Whether `c` is shown as an emoji by default (Emoji_Presentation=Yes).
pub fn is_emoji_presentation(c: char) -> bool {
    EMOJI_PRESENTATION
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether a caret unit (a grapheme, possibly a whole ZWJ sequence or flag) asks for a colour
/// emoji: it has U+FE0F, or starts with an emoji-presentation character and has no U+FE0E.
pub fn wants_color(mut chars: impl Iterator<Item = char> + Clone) -> bool {
    if chars.clone().any(|c| c == TEXT_SELECTOR) {
        return false;
    }
    let starts_as_emoji = chars.clone().next().is_some_and(is_emoji_presentation);
    starts_as_emoji || chars.any(|c| c == EMOJI_SELECTOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_follows_the_property_and_the_selectors() {
        for emoji in [
            "😀",
            "👨‍👩‍👧",
            "🇮🇷",
            "👍🏽",
            "⌚",
            "☀\u{FE0F}",
            "1\u{FE0F}\u{20E3}",
        ] {
            assert!(wants_color(emoji.chars()), "{emoji}");
        }
        for text in ["a", "→", "☀", "☺", "😀\u{FE0E}", "ب", "#"] {
            assert!(!wants_color(text.chars()), "{text}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_disjoint() {
        for pair in EMOJI_PRESENTATION.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }
}
