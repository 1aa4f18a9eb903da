//! Turning a raw selection into a span range.
//!
//! By default a selection snaps to whole words: every word the selection touches is included
//! and spaces or punctuation at its ends are dropped, so a quick drag over "بوتين،" gives
//! "بوتين". With character precision the range is kept as dragged, except that it never splits
//! a grapheme (a letter and its harakat stay together), which is how sub-word spans such as the
//! name in وروسيا (و + روسيا) are made.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::CharIndex;
use crate::text::offsets::CharMap;

/// How a selection becomes a span.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Precision {
    #[default]
    Words,
    Characters,
}

fn is_word(segment: &str) -> bool {
    segment
        .chars()
        .any(|c| c.is_alphanumeric() || c == '\u{0640}')
}

/// Snaps `range` (code points, any order) in `text`. Returns `None` when nothing worth a span
/// remains (only spaces or punctuation selected in word mode, or an empty range).
pub fn snap(
    text: &str,
    map: &CharMap,
    range: Range<CharIndex>,
    precision: Precision,
) -> Option<Range<CharIndex>> {
    let len = map.len();
    let (a, b) = (range.start.0.min(len), range.end.0.min(len));
    let (a, b) = (a.min(b), a.max(b));
    if a == b {
        return None;
    }
    let (ba, bb) = (map.byte_of(a), map.byte_of(b));
    // Segment only the stretch between the whitespace around the range: word and grapheme
    // boundaries never depend on text across a space, and a long article is not re-segmented
    // from its start for every selection.
    let window_start = text[..ba].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let window_end = text[bb..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| bb + i);
    let (text, ba, bb) = (
        &text[window_start..window_end],
        ba - window_start,
        bb - window_start,
    );
    let char_of = |byte: usize| CharIndex(map.char_of(window_start + byte));
    match precision {
        Precision::Characters => {
            // Widen to grapheme boundaries.
            let mut start = ba;
            let mut end = bb;
            for (i, g) in text.grapheme_indices(true) {
                let g_end = i + g.len();
                if i < ba && ba < g_end {
                    start = i;
                }
                if i < bb && bb < g_end {
                    end = g_end;
                }
                if i >= bb {
                    break;
                }
            }
            Some(char_of(start)..char_of(end))
        }
        Precision::Words => {
            let mut start: Option<usize> = None;
            let mut end = 0usize;
            for (i, w) in text.split_word_bound_indices() {
                let w_end = i + w.len();
                if w_end <= ba {
                    continue;
                }
                if i >= bb {
                    break;
                }
                if is_word(w) {
                    start.get_or_insert(i);
                    end = w_end;
                }
            }
            let start = start?;
            Some(char_of(start)..char_of(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapped(text: &str, from: &str, to_inclusive: &str, p: Precision) -> Option<String> {
        let map = CharMap::new(text);
        let a = map.char_of(text.find(from).unwrap());
        let b = map.char_of(text.rfind(to_inclusive).unwrap() + to_inclusive.len());
        snap(text, &map, CharIndex(a)..CharIndex(b), p)
            .map(|r| text[map.byte_of(r.start.0)..map.byte_of(r.end.0)].to_string())
    }

    #[test]
    fn word_mode_takes_whole_words_and_drops_edge_punctuation() {
        let text = "وقال بوتين، إن روسيا";
        assert_eq!(
            snapped(text, "تين", "تين،", Precision::Words).as_deref(),
            Some("بوتين")
        );
        assert_eq!(
            snapped(text, "ال ب", "إن", Precision::Words).as_deref(),
            Some("وقال بوتين، إن")
        );
        assert_eq!(snapped(text, "، ", "، ", Precision::Words), None);
    }

    #[test]
    fn a_span_never_splits_an_emoji_sequence() {
        // From the middle of a ZWJ family (after its first person) to the middle of a flag.
        let family = "👨\u{200D}👩\u{200D}👧";
        let text = format!("قال {family} و 🇮🇷 أمس");
        let map = CharMap::new(&text);
        let from = map.char_of(text.find(family).unwrap()) + 1;
        let flag = map.char_of(text.find("🇮🇷").unwrap());
        let r = snap(
            &text,
            &map,
            CharIndex(from)..CharIndex(flag + 1),
            Precision::Characters,
        )
        .unwrap();
        let got = &text[map.byte_of(r.start.0)..map.byte_of(r.end.0)];
        assert_eq!(
            got,
            format!("{family} و 🇮🇷"),
            "whole sequences at both ends"
        );
    }

    #[test]
    fn persian_zwnj_word_is_one_word() {
        let text = "این کار انجام می‌شود امروز";
        assert_eq!(
            snapped(text, "شو", "شو", Precision::Words).as_deref(),
            Some("می‌شود")
        );
    }

    #[test]
    fn character_mode_keeps_sub_word_spans_but_not_split_graphemes() {
        let text = "التقى وزير خارجية وروسيا بأفغانستان";
        assert_eq!(
            snapped(text, "روسيا", "روسيا", Precision::Characters).as_deref(),
            Some("روسيا")
        );
        // A range ending between a letter and its harakat is widened to keep them together.
        let text = "مُحَمَّدٌ";
        let map = CharMap::new(text);
        let r = snap(
            text,
            &map,
            CharIndex(0)..CharIndex(1),
            Precision::Characters,
        )
        .unwrap();
        assert_eq!(&text[..map.byte_of(r.end.0)], "مُ");
    }
}
