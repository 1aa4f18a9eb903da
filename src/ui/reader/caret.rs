//! Moving the selection's focus visually (Shift+arrow keys) and the word, snapping and quoting
//! queries the annotation commands ask of the reader's text.
//!
//! Left and right follow the screen, not the logical order ([`Document::visual_step`](crate::text::Document::visual_step)):
//! Shift+Left in right-to-left text extends towards the logical end. Up and down move by a line
//! at the same x.
//!
//! Snapping and quoting work on a window of the text around the range (its paragraphs, or the
//! range with its context), so a long article is never mapped whole for one selection.

use std::ops::Range;

use egui::pos2;

use crate::annotate::snap::{Precision, snap};
use crate::annotate::span::{CONTEXT_CHARS, Span, SpanId, make_span};
use crate::text::offsets::CharMap;
use crate::text::{Affinity, CharIndex};

use super::{ReaderView, Selection};

/// A visual direction for the selection's focus.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum VisualMove {
    Left,
    Right,
    Up,
    Down,
}

impl ReaderView {
    /// Moves the selection's focus one visual step (the anchor stays); returns whether it moved.
    pub fn extend_selection(&mut self, mv: VisualMove) -> bool {
        let Some(s) = self.selection else {
            return false;
        };
        let Some((focus, affinity)) = self.visual_neighbour(s.focus, s.affinity, mv) else {
            return false;
        };
        self.selection = Some(Selection {
            anchor: s.anchor,
            focus,
            affinity,
        });
        true
    }

    /// The caret position one visual step from `at` (its paragraph must be laid out).
    pub fn visual_neighbour(
        &self,
        at: CharIndex,
        affinity: Affinity,
        mv: VisualMove,
    ) -> Option<(CharIndex, Affinity)> {
        let left = match mv {
            VisualMove::Left => true,
            VisualMove::Right => false,
            VisualMove::Up | VisualMove::Down => {
                let r = self.caret_rect(at, affinity)?;
                let dy = if mv == VisualMove::Up {
                    -r.height()
                } else {
                    r.height()
                };
                return self.hit_test(pos2(r.center().x, r.center().y + dy));
            }
        };
        self.doc.visual_step(at, affinity, left)
    }

    /// The text of the paragraphs holding `range`, and the offset of its first character.
    fn paragraph_window(&self, range: &Range<CharIndex>) -> (usize, &str) {
        if self.doc.is_empty() {
            return (0, "");
        }
        let first = self.doc.span(self.doc.paragraph_of(range.start));
        let last = self.doc.span(self.doc.paragraph_of(range.end));
        let text = self.doc.slice(first.char_start()..last.char_end());
        (first.chars.start, text)
    }

    /// Snaps a range to a span's range ([`snap`]): whole words, or characters without splitting
    /// a grapheme. `None` when nothing worth a span is selected.
    pub fn snap_range(
        &self,
        range: Range<CharIndex>,
        precision: Precision,
    ) -> Option<Range<CharIndex>> {
        let (offset, text) = self.paragraph_window(&range);
        let map = CharMap::new(text);
        let local = range.start.saturating_sub(offset)..range.end.saturating_sub(offset);
        let r = snap(text, &map, local, precision)?;
        Some(r.start + offset..r.end + offset)
    }

    /// The word holding character `at`, if it is in one.
    pub fn word_at(&self, at: CharIndex) -> Option<Range<CharIndex>> {
        self.snap_range(at..at + 1, Precision::Words)
    }

    /// `span` over another `range`: its id, label, note and entity kept, its quote and context
    /// taken from the text there.
    pub fn requote(&self, span: &Span, range: Range<CharIndex>) -> Span {
        Span {
            note: span.note.clone(),
            entity: span.entity.clone(),
            ..self.quote(span.id.clone(), range, &span.label)
        }
    }

    /// A span over `range` quoting the text and its context ([`make_span`]).
    pub fn quote(&self, id: SpanId, range: Range<CharIndex>, label: &str) -> Span {
        let len = self.char_len();
        let (a, b) = (range.start.0.min(len), range.end.0.min(len));
        let w0 = a.saturating_sub(CONTEXT_CHARS);
        let w1 = (b + CONTEXT_CHARS).min(len);
        let text = self.doc.slice(CharIndex(w0)..CharIndex(w1));
        let map = CharMap::new(text);
        let mut span = make_span(text, &map, id, CharIndex(a - w0)..CharIndex(b - w0), label);
        span.start += w0;
        span.end += w0;
        span
    }
}
