//! Re-anchoring spans when an article changed since it was annotated.
//!
//! Each span carries its quoted text and some context. In the new text, a span stays where it
//! was if its quote is still there; otherwise every occurrence of the quote is a candidate,
//! scored by how much of the old context surrounds it (then by closeness to the old offset).
//! A span whose quote is gone, or that matches several places equally without any context, is
//! an orphan: listed for the user, never deleted.

use crate::text::CharIndex;
use crate::text::offsets::CharMap;

use super::span::Span;

/// Shortest quote re-anchored with no matching context at all, in characters.
const MIN_BARE_QUOTE: usize = 8;

/// Result of re-anchoring a document's spans.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reanchored {
    /// Spans found in the new text, with updated offsets and context.
    pub kept: Vec<Span>,
    /// Spans that could not be placed.
    pub orphans: Vec<Span>,
    /// How many kept spans moved.
    pub moved: usize,
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Places `spans` in `new_text`.
pub fn reanchor(spans: &[Span], new_text: &str) -> Reanchored {
    let map = CharMap::new(new_text);
    let len = map.len();
    let slice = |a: usize, b: usize| &new_text[map.byte_of(a)..map.byte_of(b.min(len))];
    let mut out = Reanchored::default();
    for span in spans {
        if span.text.is_empty() {
            out.orphans.push(span.clone());
            continue;
        }
        let quote_len = span.text.chars().count();
        let context = |start: usize| {
            let pre = slice(start.saturating_sub(span.prefix.chars().count()), start);
            let post = slice(
                start + quote_len,
                start + quote_len + span.suffix.chars().count(),
            );
            common_suffix_chars(pre, &span.prefix) + common_prefix_chars(post, &span.suffix)
        };
        // Unchanged place: keep it without searching.
        if span.end.0 <= len && slice(span.start.0, span.end.0) == span.text {
            let full = span.prefix.chars().count() + span.suffix.chars().count();
            if context(span.start.0) == full {
                out.kept.push(span.clone());
                continue;
            }
        }
        let candidates: Vec<(usize, usize, usize)> = new_text
            .match_indices(span.text.as_str())
            .map(|(byte, _)| {
                let start = map.char_of(byte);
                (context(start), start.abs_diff(span.start.0), start)
            })
            .collect();
        let best = candidates
            .iter()
            .max_by_key(|&&(score, distance, _)| (score, std::cmp::Reverse(distance)))
            .copied();
        // Without any surrounding context a match is trusted only when it is unique and not a
        // short, common word (a replaced article may contain the same name by chance).
        let trusted = match best {
            Some((score, _, _)) if score > 0 => true,
            Some(_) => candidates.len() == 1 && quote_len >= MIN_BARE_QUOTE,
            None => false,
        };
        match best {
            Some((_, _, start)) if trusted => {
                let mut moved = span.clone();
                moved.start = CharIndex(start);
                moved.end = CharIndex(start + quote_len);
                let (pre, post) = (span.prefix.chars().count(), span.suffix.chars().count());
                moved.prefix = slice(start.saturating_sub(pre), start).to_string();
                moved.suffix = slice(start + quote_len, start + quote_len + post).to_string();
                if moved.start != span.start {
                    out.moved += 1;
                }
                out.kept.push(moved);
            }
            _ => out.orphans.push(span.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::{SpanId, make_span};

    fn span(text: &str, quote: &str, nth: usize) -> Span {
        let map = CharMap::new(text);
        let byte = text.match_indices(quote).nth(nth).unwrap().0;
        let s = map.char_of(byte);
        make_span(
            text,
            &map,
            SpanId("s1".into()),
            CharIndex(s)..CharIndex(s + quote.chars().count()),
            "PER",
        )
    }

    #[test]
    fn unchanged_text_keeps_spans() {
        let text = "قال بوتين إن روسيا ستدعم طالبان";
        let s = span(text, "بوتين", 0);
        let r = reanchor(std::slice::from_ref(&s), text);
        assert_eq!(r.kept, vec![s]);
        assert_eq!(r.moved, 0);
    }

    #[test]
    fn insertion_before_moves_the_span() {
        let old = "قال بوتين إن روسيا ستدعم طالبان";
        let new = "في موسكو، قال بوتين إن روسيا ستدعم طالبان";
        let s = span(old, "روسيا", 0);
        let r = reanchor(&[s], new);
        assert_eq!(r.kept.len(), 1);
        let k = &r.kept[0];
        let map = CharMap::new(new);
        assert_eq!(&new[map.byte_of(k.start.0)..map.byte_of(k.end.0)], "روسيا");
        assert_eq!(r.moved, 1);
    }

    #[test]
    fn repeated_quote_is_placed_by_its_context() {
        let old = "زار بوتين الصين. ثم عاد بوتين إلى موسكو.";
        let s = span(old, "بوتين", 1);
        let new = "أمس زار بوتين الصين. ثم عاد بوتين إلى موسكو.";
        let r = reanchor(&[s], new);
        let k = &r.kept[0];
        assert!(k.prefix.ends_with("ثم عاد "), "{:?}", k.prefix);
    }

    #[test]
    fn changed_quote_becomes_an_orphan() {
        let old = "قال بوتين إن روسيا";
        let s = span(old, "بوتين", 0);
        let r = reanchor(std::slice::from_ref(&s), "قال الرئيس إن روسيا");
        assert!(r.kept.is_empty());
        assert_eq!(r.orphans, vec![s]);
    }
}
