//! Moving the selection's focus visually (Shift+arrow keys) and the word, snapping and quoting
//! queries the annotation commands ask of the reader's text.
//!
//! Left and right follow the screen, not the logical order: the focus moves over the caret unit
//! next to it on that side, found among the engine's visual units of its line, so Shift+Left in
//! right-to-left text extends towards the logical end, and inside a number embedded in Arabic it
//! steps digit by digit the way the digits are drawn. At the end of a line it continues on the
//! next line in the paragraph's reading direction (the previous one going the other way).
//!
//! Snapping and quoting work on a window of the text around the range (its paragraphs, or the
//! range with its context), so a long article is never mapped whole for one selection.

use std::ops::Range;

use egui::pos2;

use crate::annotate::snap::{Precision, snap};
use crate::annotate::span::{CONTEXT_CHARS, Span, SpanId, make_span};
use crate::text::geometry::VisualUnit;
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

/// Widths below this are not caret steps (zero-width controls share their neighbour's edge).
const EPS: f32 = 0.01;

/// The caret position on the far side of `u` when moving over it to the left or right.
fn far_edge(u: &VisualUnit, left: bool) -> (usize, Affinity) {
    match (left, u.rtl) {
        // The left edge is a right-to-left unit's trailing edge, a left-to-right one's leading.
        (true, true) | (false, false) => (u.bytes.end, Affinity::Upstream),
        (true, false) | (false, true) => (u.bytes.start, Affinity::Downstream),
    }
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
        let p = self.doc.paragraph_of(at);
        let view = self.doc.view(p)?;
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
        let byte = self.doc.local_byte(p, at);
        let (x, line) = view.caret_x(byte, affinity);
        let units = view.visual_units(line);
        let next = if left {
            units
                .iter()
                .filter(|u| u.x1 - u.x0 > EPS && u.x1 <= x + 0.5 && u.x0 < x - EPS)
                .max_by(|a, b| a.x1.total_cmp(&b.x1))
        } else {
            units
                .iter()
                .filter(|u| u.x1 - u.x0 > EPS && u.x0 >= x - 0.5 && u.x1 > x + EPS)
                .min_by(|a, b| a.x0.total_cmp(&b.x0))
        };
        if let Some(u) = next {
            let (b, aff) = far_edge(u, left);
            return Some((self.doc.char_at(p, b), aff));
        }
        // Off the end of the line: on to the next line in reading order, or back.
        let forward = left == view.shaped.base.is_rtl();
        let lines = &view.layout.lines;
        let span = self.doc.span(p);
        if forward {
            if let Some(l) = lines.get(line + 1) {
                return Some((
                    self.doc.char_at(p, l.bytes.start as usize),
                    Affinity::Downstream,
                ));
            }
            (p + 1 < self.doc.len())
                .then(|| (self.doc.span(p + 1).char_start(), Affinity::Downstream))
                .or(Some((span.char_end(), Affinity::Upstream)))
        } else {
            if line > 0 {
                let l = &lines[line - 1];
                return Some((
                    self.doc.char_at(p, l.bytes.end as usize),
                    Affinity::Upstream,
                ));
            }
            (p > 0)
                .then(|| (self.doc.span(p - 1).char_end(), Affinity::Upstream))
                .or(Some((span.char_start(), Affinity::Downstream)))
        }
    }

    /// The text of the paragraphs holding `range`, and the offset of its first character.
    fn paragraph_window(&self, range: &Range<CharIndex>) -> (usize, &str) {
        if self.doc.is_empty() {
            return (0, "");
        }
        let first = self.doc.span(self.doc.paragraph_of(range.start));
        let last = self.doc.span(self.doc.paragraph_of(range.end));
        let bytes = first.bytes.start..last.bytes.end.max(first.bytes.start);
        (first.chars.start, &self.doc.text()[bytes])
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
        let local = CharIndex(range.start.0.saturating_sub(offset))
            ..CharIndex(range.end.0.saturating_sub(offset));
        let r = snap(text, &map, local, precision)?;
        Some(CharIndex(r.start.0 + offset)..CharIndex(r.end.0 + offset))
    }

    /// The word holding character `at`, if it is in one.
    pub fn word_at(&self, at: CharIndex) -> Option<Range<CharIndex>> {
        self.snap_range(at..CharIndex(at.0 + 1), Precision::Words)
    }

    /// A span over `range` quoting the text and its context ([`make_span`]).
    pub fn quote(&self, id: SpanId, range: Range<CharIndex>, label: &str) -> Span {
        let len = self.char_len();
        let (a, b) = (range.start.0.min(len), range.end.0.min(len));
        let w0 = a.saturating_sub(CONTEXT_CHARS);
        let w1 = (b + CONTEXT_CHARS).min(len);
        let bytes = self.doc.byte_of(CharIndex(w0))..self.doc.byte_of(CharIndex(w1));
        let text = &self.doc.text()[bytes];
        let map = CharMap::new(text);
        let mut span = make_span(text, &map, id, CharIndex(a - w0)..CharIndex(b - w0), label);
        span.start.0 += w0;
        span.end.0 += w0;
        span
    }
}
