//! The engine's geometry across paragraphs, in document coordinates: x from the text column's
//! left edge, y down from the first paragraph's top, offsets in code points ([`CharIndex`]).
//!
//! Each query finds the paragraph (or paragraphs) concerned, maps offsets to that paragraph's
//! bytes, asks its [`ParagraphView`](crate::text::ParagraphView) and moves the answer down by the
//! paragraph's top:
//!
//! ```text
//!   document y ──► paragraph_at ──► view.hit_test(x, y - top) ──► char_at ──► CharIndex
//!   CharIndex  ──► paragraph_of ──► local_byte ──► view.caret_rect / range_rects ──► + top
//! ```
//!
//! Only laid-out paragraphs answer. A paragraph that is not laid out is left out of range
//! rectangles and has no caret; a point over one is answered by the nearest of the paragraphs
//! the caller names (the window names those it showed in the last frame).

use std::ops::Range;

use super::Document;
use crate::text::geometry::{Affinity, Rect};
use crate::text::offsets::CharIndex;

/// `r` moved down by `top`: paragraph coordinates to document coordinates.
fn below(r: Rect, top: f32) -> Rect {
    Rect {
        y0: r.y0 + top,
        y1: r.y1 + top,
        ..r
    }
}

impl Document {
    /// Point → caret position (code-point offset and affinity), if the paragraph at `y` is laid
    /// out (always, in a document from [`Document::laid_out`]).
    pub fn hit_test(&self, x: f32, y: f32) -> Option<(CharIndex, Affinity)> {
        self.hit_test_near(x, y, 0..self.len())
    }

    /// Point → caret position: the paragraph at `y` (clamped to the document), or when it is
    /// not laid out the nearest paragraph of `near`, then the engine's bidi-aware hit test on
    /// that paragraph's nearest line. `None` when neither is laid out.
    pub fn hit_test_near(
        &self,
        x: f32,
        y: f32,
        near: Range<usize>,
    ) -> Option<(CharIndex, Affinity)> {
        let mut p = self.paragraph_at(y);
        if self.view(p).is_none() {
            if near.is_empty() {
                return None;
            }
            p = p.clamp(near.start, near.end - 1);
        }
        let view = self.view(p)?;
        let (byte, affinity) = view.hit_test(x, y - self.top(p));
        Some((self.char_at(p, byte), affinity))
    }

    /// The caret rectangle at `at` with `affinity`; `None` if its paragraph is not laid out.
    pub fn caret_rect(&self, at: CharIndex, affinity: Affinity) -> Option<Rect> {
        let p = self.paragraph_of(at);
        let view = self.view(p)?;
        let r = view.caret_rect(self.local_byte(p, at), affinity);
        Some(below(r, self.top(p)))
    }

    /// Rectangles covering a range of characters, one per visually contiguous stretch, across
    /// paragraphs; paragraphs not laid out are left out.
    pub fn range_rects(&self, range: Range<CharIndex>) -> Vec<Rect> {
        self.range_rects_in(range, 0..self.len())
    }

    /// [`Document::range_rects`] for the paragraphs of `within` only (those in view).
    pub fn range_rects_in(&self, range: Range<CharIndex>, within: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        if range.start >= range.end || within.is_empty() {
            return out;
        }
        let first = self.paragraph_of(range.start).max(within.start);
        let last = self.paragraph_of(range.end).min(within.end - 1);
        for p in first..=last {
            let top = self.top(p);
            let rects = self.paragraph_range_rects(p, range.clone());
            out.extend(rects.into_iter().map(|r| below(r, top)));
        }
        out
    }

    /// The rectangles of the part of `range` in paragraph `p`, in that paragraph's coordinates
    /// (y from its top), for a caller that caches geometry per paragraph; empty if `p` is not
    /// laid out.
    pub fn paragraph_range_rects(&self, p: usize, range: Range<CharIndex>) -> Vec<Rect> {
        let Some(view) = self.view(p) else {
            return Vec::new();
        };
        let span = self.span(p);
        let start = range.start.max(span.char_start());
        let end = range.end.min(span.char_end());
        if start >= end {
            return Vec::new();
        }
        view.range_rects(self.local_byte(p, start)..self.local_byte(p, end))
    }

    /// Where something starting at `at` in paragraph `p` begins on screen, in the paragraph's
    /// coordinates: the caret rectangle before it, and whether the character there reads right
    /// to left (a tag placed at a span's start goes on that side). `None` if `p` is not laid out.
    pub fn paragraph_start_edge(&self, p: usize, at: CharIndex) -> Option<(Rect, bool)> {
        let view = self.view(p)?;
        let byte = self.local_byte(p, at);
        let caret = view.caret_rect(byte, Affinity::Downstream);
        let line = view.line_at_y(caret.y0 + view.shaped.metrics.height / 2.0);
        let rtl = view
            .visual_units(line)
            .iter()
            .find(|u| u.bytes.start == byte)
            .map_or(view.shaped.base.is_rtl(), |u| u.rtl);
        Some((caret, rtl))
    }

    /// The visual line holding `at` with `affinity`: (paragraph, line in that paragraph), if
    /// the paragraph is laid out.
    pub fn line_of(&self, at: CharIndex, affinity: Affinity) -> Option<(usize, usize)> {
        let p = self.paragraph_of(at);
        let view = self.view(p)?;
        Some((p, view.line_of(self.local_byte(p, at), affinity)))
    }

    /// The characters of the visual line holding `at` with `affinity`, in logical order (what
    /// Home and End go to); `None` if its paragraph is not laid out.
    pub fn line_range(&self, at: CharIndex, affinity: Affinity) -> Option<Range<CharIndex>> {
        let p = self.paragraph_of(at);
        let view = self.view(p)?;
        let line = &view.layout.lines[view.line_of(self.local_byte(p, at), affinity)];
        Some(self.char_at(p, line.bytes.start as usize)..self.char_at(p, line.bytes.end as usize))
    }
}
