//! Placing a document's stored spans in its current text.
//!
//! Each span carries its quoted text and up to [`CONTEXT_CHARS`](super::span::CONTEXT_CHARS) of
//! context on each side. A span is placed only when that evidence agrees:
//!
//! ```text
//!   text unchanged, quote at its offsets        → kept
//!   text changed, quote and whole context at    → kept, or moved there if only the
//!     exactly one place                            offset shifted
//!   text changed, quote at one place only, with → moved there (an edit near the span)
//!     8 characters of context agreeing on one
//!     side, or one side agreeing up to the
//!     text's start or end
//!   text changed, one whole side of the context → moved there (an edit just beyond
//!     agreeing at exactly one of the places         the other side)
//!   quote with its context at several places    → review (ambiguous)
//!   quote present, context nowhere the same     → review (context changed)
//!   quote gone                                  → review (quote gone)
//!   offsets that do not hold the quote in the   → review (invalid)
//!     very text the file was made for
//! ```
//!
//! A span under review keeps its old offsets, quote and context (where it was) and lists the
//! places its quote occurs now, best first (most context in common, then nearest), so the user
//! can place it with one click. Nothing is ever placed on a guess and nothing is dropped.

use crate::text::CharIndex;
use crate::text::offsets::CharMap;

use super::span::{CONTEXT_CHARS, ReviewReason, ReviewSpan, Span};

/// Candidate places listed for a span under review.
pub const MAX_CANDIDATES: usize = 20;
/// Characters of context next to the quote that must agree on one side to place a span whose
/// quote occurs once but whose context changed.
const MIN_ONE_SIDE: usize = 8;

/// A document's spans after placing them in its current text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Placed {
    /// Spans placed in the text, with updated offsets and context.
    pub kept: Vec<Span>,
    /// Spans waiting for the user, those that were waiting before included.
    pub needs_review: Vec<ReviewSpan>,
    /// How many kept spans moved to a new offset (their quote and context agreeing there).
    pub moved: usize,
    /// How many spans went to review in this pass (placed spans that lost their place).
    pub newly_in_review: usize,
}

/// The current text, with what the checks need.
struct Text<'a> {
    text: &'a str,
    map: CharMap,
}

impl Text<'_> {
    fn len(&self) -> usize {
        self.map.len()
    }

    /// Characters `a..b`, clamped to the text.
    fn slice(&self, a: usize, b: usize) -> &str {
        let len = self.len();
        let (a, b) = (a.min(len), b.min(len));
        &self.text[self.map.byte_of(a)..self.map.byte_of(b.max(a))]
    }

    /// Whether the text holds `span`'s quote at its offsets.
    fn holds(&self, span: &Span) -> bool {
        span.start < span.end
            && span.end.0 <= self.len()
            && self.slice(span.start.0, span.end.0) == span.text
    }

    /// How a place starting at `start` agrees with `span`'s context.
    fn context_at(&self, span: &Span, start: usize) -> Agreement {
        let quote = span.text.chars().count();
        let (pre_len, post_len) = (span.prefix.chars().count(), span.suffix.chars().count());
        let pre = self.slice(start.saturating_sub(pre_len), start);
        let post = self.slice(start + quote, start + quote + post_len);
        let before = common_suffix_chars(pre, &span.prefix);
        let after = common_prefix_chars(post, &span.suffix);
        // A side shorter than the context kept ended at the start or end of the text; it
        // agrees as a whole when the text starts or ends at the same distance here.
        let at_start = before == pre_len && pre_len < CONTEXT_CHARS && start == pre_len;
        let at_end =
            after == post_len && post_len < CONTEXT_CHARS && start + quote + post_len == self.len();
        let whole_before = before == pre_len && pre_len >= MIN_ONE_SIDE;
        let whole_after = after == post_len && post_len >= MIN_ONE_SIDE;
        Agreement {
            score: before + after,
            whole: before == pre_len && after == post_len,
            one_side: before >= MIN_ONE_SIDE || after >= MIN_ONE_SIDE || at_start || at_end,
            whole_side: whole_before || whole_after || at_start || at_end,
        }
    }

    /// Every place the quote of `span` occurs, best first: whole context, then most context in
    /// common, then nearest the old offset.
    fn candidates(&self, span: &Span) -> Vec<(usize, Agreement)> {
        if span.text.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(usize, Agreement)> = self
            .text
            .match_indices(span.text.as_str())
            .map(|(byte, _)| {
                let start = self.map.char_of(byte);
                (start, self.context_at(span, start))
            })
            .collect();
        found.sort_by_key(|&(start, a)| {
            (
                !a.whole,
                std::cmp::Reverse(a.score),
                start.abs_diff(span.start.0),
            )
        });
        found
    }

    /// `span` moved to `start`, with its context taken from the text there.
    fn moved_to(&self, span: &Span, start: usize) -> Span {
        let quote = span.text.chars().count();
        let (pre, post) = (span.prefix.chars().count(), span.suffix.chars().count());
        let mut moved = span.clone();
        moved.start = CharIndex(start);
        moved.end = CharIndex(start + quote);
        moved.prefix = self.slice(start.saturating_sub(pre), start).to_string();
        moved.suffix = self.slice(start + quote, start + quote + post).to_string();
        moved
    }
}

/// How the text around a place agrees with a span's stored context.
#[derive(Copy, Clone, Debug)]
struct Agreement {
    /// Characters in common, both sides together.
    score: usize,
    /// Both sides agree in full.
    whole: bool,
    /// At least [`MIN_ONE_SIDE`] characters next to the quote agree on one side, or one side
    /// agrees up to the start or end of the text as it did.
    one_side: bool,
    /// One whole side of the context kept (at least [`MIN_ONE_SIDE`] characters) agrees, or
    /// one side agrees up to the start or end of the text as it did.
    whole_side: bool,
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

fn review(span: Span, reason: ReviewReason, found: &[(usize, Agreement)]) -> ReviewSpan {
    ReviewSpan {
        span,
        reason,
        candidates: found
            .iter()
            .take(MAX_CANDIDATES)
            .map(|&(start, _)| CharIndex(start))
            .collect(),
    }
}

/// Where one span goes in a text that changed since it was placed.
enum Outcome {
    Kept(Span),
    Moved(Span),
    Review(ReviewSpan),
}

fn place_in_changed(text: &Text<'_>, span: Span) -> Outcome {
    // Unchanged place: keep it without searching.
    if text.holds(&span) && text.context_at(&span, span.start.0).whole {
        return Outcome::Kept(span);
    }
    let found = text.candidates(&span);
    let places = |f: fn(&Agreement) -> bool| -> Vec<usize> {
        found
            .iter()
            .filter(|(_, a)| f(a))
            .map(|&(s, _)| s)
            .collect()
    };
    let (whole, sides) = (places(|a| a.whole), places(|a| a.whole_side));
    let sure = match (found.as_slice(), whole.as_slice(), sides.as_slice()) {
        ([], _, _) => return Outcome::Review(review(span, ReviewReason::QuoteGone, &found)),
        ([(start, a)], _, _) if a.whole || a.one_side => *start,
        (_, [start], _) => *start,
        (_, [], [start]) => *start,
        (_, [], []) => {
            return Outcome::Review(review(span, ReviewReason::ContextChanged, &found));
        }
        _ => return Outcome::Review(review(span, ReviewReason::Ambiguous, &found)),
    };
    let moved = text.moved_to(&span, sure);
    if moved.start == span.start {
        Outcome::Kept(moved)
    } else {
        Outcome::Moved(moved)
    }
}

/// Places a document's spans in `text`. `changed`: the text differs from the one the spans were
/// placed in (its hash changed); then every span, those already under review included, is
/// looked for by its quote and context. When the text is the same, spans whose offsets do not
/// hold their quote go to review as invalid, and those under review stay as they are.
pub fn place(spans: Vec<Span>, waiting: Vec<ReviewSpan>, text: &str, changed: bool) -> Placed {
    let text = Text {
        text,
        map: CharMap::new(text),
    };
    let mut out = Placed::default();
    if !changed {
        for span in spans {
            if text.holds(&span) {
                out.kept.push(span);
            } else {
                let found = text.candidates(&span);
                out.needs_review
                    .push(review(span, ReviewReason::Invalid, &found));
                out.newly_in_review += 1;
            }
        }
        out.needs_review.extend(waiting);
        return out;
    }
    let placed = spans.into_iter().map(|s| (s, false));
    let waiting = waiting.into_iter().map(|r| (r.span, true));
    for (span, was_waiting) in placed.chain(waiting) {
        match place_in_changed(&text, span) {
            Outcome::Kept(span) => out.kept.push(span),
            Outcome::Moved(span) => {
                out.moved += 1;
                out.kept.push(span);
            }
            Outcome::Review(r) => {
                out.newly_in_review += usize::from(!was_waiting);
                out.needs_review.push(r);
            }
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

    fn quoted<'a>(text: &'a str, s: &Span) -> &'a str {
        let map = CharMap::new(text);
        &text[map.byte_of(s.start.0)..map.byte_of(s.end.0)]
    }

    #[test]
    fn unchanged_text_keeps_spans() {
        let text = "قال بوتين إن روسيا ستدعم طالبان";
        let s = span(text, "بوتين", 0);
        let r = place(vec![s.clone()], Vec::new(), text, false);
        assert_eq!(r.kept, vec![s.clone()]);
        assert_eq!(r.moved, 0);
        let r = place(vec![s.clone()], Vec::new(), text, true);
        assert_eq!(r.kept, vec![s]);
    }

    #[test]
    fn insertion_before_moves_the_span() {
        let old = "قال بوتين إن روسيا ستدعم طالبان";
        let new = "في موسكو، قال بوتين إن روسيا ستدعم طالبان";
        let s = span(old, "روسيا", 0);
        let r = place(vec![s], Vec::new(), new, true);
        assert_eq!(r.kept.len(), 1);
        assert_eq!(quoted(new, &r.kept[0]), "روسيا");
        assert_eq!(r.moved, 1);
        assert!(r.needs_review.is_empty());
    }

    #[test]
    fn repeated_quote_is_placed_by_its_whole_context() {
        let old = "زار بوتين الصين. ثم عاد بوتين إلى موسكو.";
        let s = span(old, "بوتين", 1);
        let new = "أمس زار بوتين الصين. ثم عاد بوتين إلى موسكو.";
        let r = place(vec![s], Vec::new(), new, true);
        let k = &r.kept[0];
        assert!(k.prefix.ends_with("ثم عاد "), "{:?}", k.prefix);
    }

    #[test]
    fn an_edit_beside_a_unique_quote_moves_it() {
        let old = "قال بوتين إن روسيا ستدعم طالبان";
        let s = span(old, "روسيا", 0);
        let new = "أمس قال الرئيس إن روسيا ستدعم طالبان";
        let r = place(vec![s], Vec::new(), new, true);
        assert_eq!(
            r.kept.len(),
            1,
            "the whole suffix agrees and روسيا occurs once"
        );
        assert_eq!(quoted(new, &r.kept[0]), "روسيا");
        assert!(r.kept[0].prefix.ends_with("الرئيس إن "));
    }

    /// A name that occurs many times, with the word before it changed: its whole suffix agrees
    /// at one place only, so it stays there.
    #[test]
    fn an_edit_just_before_a_repeated_quote_keeps_it_where_its_suffix_agrees() {
        let old = "قال إن طالبان لن تشارك. وأضاف أن مخاوف روسيا من طالبان قائمة منذ سنوات. وتحاور طالبان الجميع.";
        let s = span(old, "طالبان", 1);
        let new = "قال إن طالبان لن تشارك. وأضاف أن مخاوف الكرملين من طالبان قائمة منذ سنوات. وتحاور طالبان الجميع.";
        let r = place(vec![s], Vec::new(), new, true);
        assert_eq!(r.kept.len(), 1, "{:?}", r.needs_review);
        assert!(
            r.kept[0].prefix.ends_with("الكرملين من "),
            "{:?}",
            r.kept[0].prefix
        );
    }

    #[test]
    fn changed_quote_goes_to_review() {
        let old = "قال بوتين إن روسيا";
        let s = span(old, "بوتين", 0);
        let r = place(vec![s.clone()], Vec::new(), "قال الرئيس إن روسيا", true);
        assert!(r.kept.is_empty());
        assert_eq!(r.needs_review.len(), 1);
        assert_eq!(r.needs_review[0].span, s, "kept where it was");
        assert_eq!(r.needs_review[0].reason, ReviewReason::QuoteGone);
        assert_eq!(r.newly_in_review, 1);
    }

    /// The quote still occurs, but only in other surroundings: never placed there on a guess.
    #[test]
    fn a_quote_found_only_in_other_context_waits_for_review() {
        let old =
            "قالت الوزارة إن مخاوف روسيا هي مخاوف مشروعة. وفي الشأن الآخر زار الوفد روسيا أمس.";
        let s = span(old, "روسيا", 0);
        let new = "سطر جديد\nقالت الوزارة إن مخاوف الكرملين هي مخاوف مشروعة. وفي الشأن الآخر زار الوفد روسيا أمس.";
        let r = place(vec![s.clone()], Vec::new(), new, true);
        assert!(r.kept.is_empty(), "{:?}", r.kept);
        let waiting = &r.needs_review[0];
        assert_eq!(waiting.reason, ReviewReason::ContextChanged);
        assert_eq!(waiting.span, s, "offsets, quote and context as they were");
        let map = CharMap::new(new);
        let other = map.char_of(new.rfind("روسيا").unwrap());
        assert_eq!(waiting.candidates, vec![CharIndex(other)]);
    }

    #[test]
    fn a_quote_with_its_context_in_several_places_is_ambiguous() {
        let line = "وقال المتحدث إن روسيا ستشارك في المؤتمر المقبل";
        let old = format!("{line}.\nخبر آخر.");
        let s = span(&old, "روسيا", 0);
        let new = format!("مقدمة.\n{line}.\n{line}.\nخبر آخر.");
        let r = place(vec![s], Vec::new(), &new, true);
        assert!(r.kept.is_empty());
        assert_eq!(r.needs_review[0].reason, ReviewReason::Ambiguous);
        assert_eq!(r.needs_review[0].candidates.len(), 2);
    }

    #[test]
    fn offsets_that_do_not_hold_the_quote_are_invalid() {
        let text = "قال بوتين إن روسيا";
        let mut beyond = span(text, "روسيا", 0);
        beyond.start = CharIndex(40);
        beyond.end = CharIndex(45);
        let mut reversed = span(text, "بوتين", 0);
        reversed.id = SpanId("s2".into());
        std::mem::swap(&mut reversed.start, &mut reversed.end);
        let good = span(text, "قال", 0);
        let r = place(
            vec![beyond.clone(), reversed.clone(), good.clone()],
            Vec::new(),
            text,
            false,
        );
        assert_eq!(r.kept, vec![good]);
        let reasons: Vec<_> = r.needs_review.iter().map(|w| w.reason).collect();
        assert_eq!(reasons, [ReviewReason::Invalid, ReviewReason::Invalid]);
        assert_eq!(r.needs_review[0].span, beyond);
        assert_eq!(r.needs_review[0].candidates, vec![CharIndex(13)]);
        assert_eq!(r.newly_in_review, 2);
    }

    #[test]
    fn a_span_under_review_comes_back_when_its_text_does() {
        let old = "قال بوتين إن روسيا";
        let s = span(old, "بوتين", 0);
        let gone = place(vec![s.clone()], Vec::new(), "قال الرئيس إن روسيا", true);
        let back = place(Vec::new(), gone.needs_review, old, true);
        assert_eq!(back.kept, vec![s]);
        assert!(back.needs_review.is_empty());
        assert_eq!(back.newly_in_review, 0);
    }
}
