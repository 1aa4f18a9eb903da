//! A document: its text cut into paragraphs, each shaped and wrapped when it is asked for, and
//! stacked top to bottom. The window asks only for the paragraphs in view; the command line and
//! the tests ask for all of them ([`Document::laid_out`]): one document, whichever the caller.
//!
//! Every paragraph has a slot with two caches, as the engine splits the work:
//!
//! ```text
//!   text ──split──► spans ─┬─► neutral fallback direction (strong characters only, up front)
//!                          │
//!   slot p:  style ──► ShapedParagraph     dropped when the style changes
//!            width ──► ParagraphLayout     dropped when the width changes; re-wrapping keeps
//!                                          the shaping
//!
//!   heights: [ h0 | h1 | ~h2 | ~h3 | h4 | ~h5 … ]   exact where laid out, ~estimated elsewhere
//!   top(p) = h0 + … + h(p-1), a prefix sum (Fenwick tree, O(log n))
//!
//!   lazy (the window):   place(y0, y1) lays out the paragraphs in the band, nothing else
//!   eager (laid_out):    every slot laid out, every height exact
//! ```
//!
//! Heights, exact or estimated, live in a [`Heights`] prefix-sum tree: finding the paragraphs
//! in view and their tops costs O(log n) per frame, not a walk over the whole document. A
//! paragraph's fallback direction ([`stream::NeutralFallback`]) needs no shaping, so any paragraph
//! can be shaped first and still come out as it would in order.
//!
//! Offsets outside are code points ([`CharIndex`]); the document maps them to and from a
//! paragraph's bytes itself, and no byte offset leaves it. The geometry across
//! paragraphs (hit testing, carets, range rectangles, line lookup) is in [`geometry`], in
//! document coordinates; the window only moves it to the screen.

mod caret;
mod geometry;
mod stream;
#[cfg(test)]
mod tests;

use std::ops::Range;

use super::geometry::ParagraphView;
use super::heights::Heights;
use super::offsets::CharIndex;
use super::paragraph::ShapedParagraph;
use super::paragraphs::{ParagraphSpan, split_paragraphs};
use super::style::{Direction, TextStyle};
use super::wrap::ParagraphLayout;

pub use stream::{
    LaidParagraph, LaidParagraphs, ShapedParagraphs, document_direction, shape_document,
};

use stream::NeutralFallback;

/// Average advance per character before any paragraph has been shaped, in ems.
const GUESSED_ADVANCE_EM: f32 = 0.45;
/// Greedy wrapping leaves the end of most lines empty; estimates add this much.
const WRAP_SLACK: f32 = 1.08;

/// How a paragraph shows while some are folded away (the reader folds site furniture).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Fold {
    #[default]
    Shown,
    /// The first paragraph of a folded block: one line's height, where the window draws a
    /// marker standing for the block's `n` paragraphs.
    Marker(usize),
    /// Inside a folded block, after its first paragraph: no height at all.
    Hidden,
}

/// One paragraph's cached work. Its height (exact when `layout` is present, else an estimate)
/// is in [`Document::heights`].
#[derive(Default)]
struct Slot {
    shaped: Option<ShapedParagraph>,
    /// Wrapped at [`Document::width`]; `None` when not laid out at the current width.
    layout: Option<ParagraphLayout>,
}

/// Where the paragraphs in view are this frame, in document coordinates (y down from the first
/// paragraph's top).
#[derive(Clone, Debug, Default)]
pub struct Placement {
    /// Paragraphs intersecting the requested band, all laid out.
    pub visible: Range<usize>,
    /// Top of each visible paragraph, in order.
    pub tops: Vec<f32>,
    /// Height of the whole document.
    pub height: f32,
}

/// A laid-out paragraph as the document lends it: where it sits and what it holds.
#[derive(Copy, Clone, Debug)]
pub struct PlacedParagraph<'a> {
    /// Its place among the document's paragraphs.
    pub index: usize,
    pub span: &'a ParagraphSpan,
    pub shaped: &'a ShapedParagraph,
    pub layout: &'a ParagraphLayout,
    /// Its top, in document coordinates.
    pub top: f32,
}

impl<'a> PlacedParagraph<'a> {
    pub fn view(&self) -> ParagraphView<'a> {
        ParagraphView::new(self.shaped, self.layout)
    }
}

/// A document's text with its paragraphs shaped and wrapped on demand.
pub struct Document {
    text: String,
    spans: Vec<ParagraphSpan>,
    fallbacks: Vec<Direction>,
    style: TextStyle,
    line_height: f32,
    width: f32,
    slots: Vec<Slot>,
    heights: Heights,
    /// Characters and natural width of all shaped paragraphs, for the average advance.
    shaped_chars: usize,
    shaped_width: f32,
    /// Paragraphs shaped since the document or the style was set (for tests and diagnostics).
    shaped_count: usize,
    /// Changes whenever laid-out paragraphs may move or change shape (style, width, folds),
    /// so geometry cached per paragraph knows when it is stale.
    generation: u64,
    /// Per paragraph, while some are folded; empty when none is.
    folds: Vec<Fold>,
}

impl Document {
    pub fn new(text: String, style: TextStyle) -> Document {
        let spans = split_paragraphs(&text);
        let mut doc = Document {
            slots: spans.iter().map(|_| Slot::default()).collect(),
            heights: Heights::default(),
            spans,
            text,
            fallbacks: Vec::new(),
            line_height: 0.0,
            width: f32::NAN,
            style: style.clone(),
            shaped_chars: 0,
            shaped_width: 0.0,
            shaped_count: 0,
            generation: 0,
            folds: Vec::new(),
        };
        doc.set_style(style);
        doc
    }

    /// The whole document laid out at `width`: the eager case, for the command line, the
    /// renderer and the tests. The style is sanitised first.
    pub fn laid_out(text: impl Into<String>, style: &TextStyle, width: f32) -> Document {
        let mut doc = Document::new(text.into(), style.sanitized());
        doc.rewrap(width);
        doc
    }

    /// Wraps every paragraph at `width` (shaping only those not shaped yet).
    pub fn rewrap(&mut self, width: f32) {
        self.set_width(width);
        for p in 0..self.len() {
            self.ensure(p);
        }
    }

    /// The laid-out paragraphs, top to bottom (every paragraph of a document from
    /// [`Document::laid_out`]).
    pub fn paragraphs(&self) -> impl Iterator<Item = PlacedParagraph<'_>> + '_ {
        (0..self.len()).filter_map(|p| self.paragraph(p))
    }

    /// Paragraph `p` if it is laid out at the current width and not folded away.
    pub fn paragraph(&self, p: usize) -> Option<PlacedParagraph<'_>> {
        if self.fold(p) != Fold::Shown {
            return None;
        }
        let slot = self.slots.get(p)?;
        Some(PlacedParagraph {
            index: p,
            span: &self.spans[p],
            shaped: slot.shaped.as_ref()?,
            layout: slot.layout.as_ref()?,
            top: self.heights.top(p),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn style(&self) -> &TextStyle {
        &self.style
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn span(&self, p: usize) -> &ParagraphSpan {
        &self.spans[p]
    }

    /// The layout generation: paragraph geometry computed under another one is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Paragraphs shaped since the style was last set.
    pub fn shaped_count(&self) -> usize {
        self.shaped_count
    }

    /// Changes the style: every shaped paragraph is dropped and shaped again when seen.
    pub fn set_style(&mut self, style: TextStyle) {
        let mut fallback = NeutralFallback::new(&self.text, style.direction);
        self.fallbacks = self
            .spans
            .iter()
            .map(|span| fallback.take(&self.text[span.bytes.clone()]))
            .collect();
        // Every paragraph shares the primary face's line metrics.
        self.line_height = ShapedParagraph::new("", &style, Direction::Rtl)
            .metrics
            .height;
        self.style = style;
        self.shaped_chars = 0;
        self.shaped_width = 0.0;
        self.shaped_count = 0;
        self.generation += 1;
        for slot in &mut self.slots {
            *slot = Slot::default();
        }
        self.reestimate();
    }

    /// Changes the wrap width: layouts are dropped (shaping is kept) and heights re-estimated.
    pub fn set_width(&mut self, width: f32) {
        if (width - self.width).abs() < 0.01 {
            return;
        }
        self.width = width;
        self.generation += 1;
        for slot in &mut self.slots {
            slot.layout = None;
        }
        self.reestimate();
    }

    /// Recomputes every height not known exactly and rebuilds the sums: O(n), only when the
    /// style or the width changes.
    fn reestimate(&mut self) {
        let heights = (0..self.slots.len())
            .map(|p| match (self.folded_height(p), &self.slots[p].layout) {
                (Some(h), _) => h,
                (None, Some(layout)) => layout.height,
                (None, None) => self.estimate(p),
            })
            .collect();
        self.heights = Heights::new(heights);
    }

    /// A paragraph's height before it is laid out: its natural width (measured if shaped, else
    /// characters × average advance) over the line width, in whole lines.
    fn estimate(&self, p: usize) -> f32 {
        let natural = match &self.slots[p].shaped {
            Some(shaped) => shaped.natural_width(),
            None => {
                let advance = if self.shaped_chars > 0 {
                    self.shaped_width / self.shaped_chars as f32
                } else {
                    self.style.size_px * GUESSED_ADVANCE_EM
                };
                self.spans[p].chars.len() as f32 * advance
            }
        };
        // No paragraph has more lines than characters: the cap keeps a tiny width's estimate
        // within a few lines of the truth, so the height sums stay exact when it is replaced.
        let most = self.spans[p].chars.len().max(1) as f32;
        let lines = if self.width.is_finite() && self.width > 0.0 {
            (natural * WRAP_SLACK / self.width).ceil().clamp(1.0, most)
        } else {
            1.0
        };
        lines * self.line_height
    }

    /// Shapes (if the style is new) and wraps (if the width is new) paragraph `p`.
    pub fn ensure(&mut self, p: usize) {
        let slot = &mut self.slots[p];
        if slot.layout.is_some() {
            return;
        }
        let shaped = slot.shaped.get_or_insert_with(|| {
            let text = &self.text[self.spans[p].bytes.clone()];
            let shaped = ShapedParagraph::new(text, &self.style, self.fallbacks[p]);
            self.shaped_chars += self.spans[p].chars.len();
            self.shaped_width += shaped.natural_width();
            self.shaped_count += 1;
            shaped
        });
        let layout = shaped.wrap(self.width);
        let height = layout.height;
        slot.layout = Some(layout);
        let height = self.folded_height(p).unwrap_or(height);
        self.heights.set(p, height);
    }

    /// Folds away the paragraphs marked in `folded` (one flag per paragraph; missing flags
    /// are false): each block of consecutive folded paragraphs takes one line's height at
    /// its first paragraph and nothing after. Folded paragraphs have no view, so they are
    /// neither drawn nor hit; their text and offsets are unchanged.
    pub fn set_folded(&mut self, folded: &[bool]) {
        let n = self.len();
        let mut folds = vec![Fold::Shown; n];
        let mut p = 0;
        while p < n {
            if !folded.get(p).copied().unwrap_or(false) {
                p += 1;
                continue;
            }
            let end = (p..n)
                .find(|&q| !folded.get(q).copied().unwrap_or(false))
                .unwrap_or(n);
            folds[p] = Fold::Marker(end - p);
            folds[p + 1..end].fill(Fold::Hidden);
            p = end;
        }
        if folds.iter().all(|&f| f == Fold::Shown) {
            folds.clear();
        }
        if folds == self.folds {
            return;
        }
        self.folds = folds;
        self.generation += 1;
        self.reestimate();
    }

    /// How paragraph `p` shows.
    pub fn fold(&self, p: usize) -> Fold {
        self.folds.get(p).copied().unwrap_or_default()
    }

    /// Whether any paragraph is folded away.
    pub fn has_folds(&self) -> bool {
        !self.folds.is_empty()
    }

    /// The height a fold gives paragraph `p`, if it is folded.
    fn folded_height(&self, p: usize) -> Option<f32> {
        match self.fold(p) {
            Fold::Shown => None,
            Fold::Marker(_) => Some(self.line_height),
            Fold::Hidden => Some(0.0),
        }
    }

    /// The nearest paragraph after `p` (or before it) that is not folded away.
    pub fn next_shown(&self, p: usize, forward: bool) -> Option<usize> {
        if forward {
            (p + 1..self.len()).find(|&q| self.fold(q) == Fold::Shown)
        } else {
            (0..p).rev().find(|&q| self.fold(q) == Fold::Shown)
        }
    }

    /// The engine's view of paragraph `p` if it is laid out at the current width and not
    /// folded away.
    pub fn view(&self, p: usize) -> Option<ParagraphView<'_>> {
        if self.fold(p) != Fold::Shown {
            return None;
        }
        let slot = self.slots.get(p)?;
        Some(ParagraphView::new(
            slot.shaped.as_ref()?,
            slot.layout.as_ref()?,
        ))
    }

    /// Lays out the paragraphs that intersect the band `y0..y1` (document coordinates). Costs
    /// O(log n) plus the paragraphs in the band, however long the document.
    pub fn place(&mut self, y0: f32, y1: f32) -> Placement {
        let n = self.slots.len();
        let mut p = self.heights.index_at(y0.max(0.0));
        let mut top = if p < n { self.heights.top(p) } else { 0.0 };
        let mut visible: Option<Range<usize>> = None;
        let mut tops = Vec::new();
        while p < n && top <= y1 {
            self.ensure(p);
            let height = self.heights.get(p);
            // Laying a paragraph out changes its height from the estimate; it may now end
            // above the band.
            if top + height >= y0 {
                match &mut visible {
                    Some(v) => v.end = p + 1,
                    None => visible = Some(p..p + 1),
                }
                tops.push(top);
            }
            top += height;
            p += 1;
        }
        Placement {
            visible: visible.unwrap_or(0..0),
            tops,
            height: self.heights.total(),
        }
    }

    /// Top of paragraph `p` in document coordinates (estimated paragraphs above count with
    /// their estimates).
    pub fn top(&self, p: usize) -> f32 {
        self.heights.top(p)
    }

    /// Height of paragraph `p`, exact if it is laid out.
    pub fn height(&self, p: usize) -> f32 {
        self.heights.get(p)
    }

    /// Height of the whole document.
    pub fn total_height(&self) -> f32 {
        self.heights.total()
    }

    /// The paragraph at document y (clamped to the document).
    pub fn paragraph_at(&self, y: f32) -> usize {
        self.heights
            .index_at(y)
            .min(self.slots.len().saturating_sub(1))
    }

    /// Lays out paragraphs from the top until `y` or until `max_chars` characters have been
    /// shaped, so that a scroll offset saved earlier lands where it was (estimates above it
    /// would move it). Returns whether everything above `y` is now exact.
    pub fn settle_above(&mut self, y: f32, max_chars: usize) -> bool {
        let mut budget = max_chars;
        let mut p = 0;
        while p < self.slots.len() && self.heights.top(p) < y {
            if !self.settle(p, &mut budget) {
                return false;
            }
            p += 1;
        }
        true
    }

    /// Lays out the paragraphs before `p` (within `max_chars`), so that `top(p)` is exact.
    pub fn settle_before(&mut self, p: usize, max_chars: usize) -> bool {
        let mut budget = max_chars;
        (0..p.min(self.slots.len())).all(|q| self.settle(q, &mut budget))
    }

    /// Lays out paragraph `p` if the budget allows.
    fn settle(&mut self, p: usize, budget: &mut usize) -> bool {
        if self.slots[p].layout.is_some() {
            return true;
        }
        let chars = self.spans[p].chars.len();
        if chars > *budget {
            return false;
        }
        *budget -= chars;
        self.ensure(p);
        true
    }

    /// The paragraph holding character `at` (a line break belongs to the paragraph before).
    pub fn paragraph_of(&self, at: CharIndex) -> usize {
        self.spans
            .partition_point(|s| s.chars.end < at.0)
            .min(self.spans.len().saturating_sub(1))
    }

    /// Byte offset, relative to paragraph `p`, of character `at` (clamped to the paragraph).
    fn local_byte(&self, p: usize, at: CharIndex) -> usize {
        let span = &self.spans[p];
        let local = at.0.clamp(span.chars.start, span.chars.end) - span.chars.start;
        match &self.slots[p].shaped {
            Some(shaped) => shaped.chars.byte_of(&shaped.text, local),
            None => self.text[span.bytes.clone()]
                .char_indices()
                .nth(local)
                .map_or(span.bytes.len(), |(b, _)| b),
        }
    }

    /// Character offset in the document of byte `byte` of paragraph `p`.
    fn char_at(&self, p: usize, byte: usize) -> CharIndex {
        let span = &self.spans[p];
        let local = match &self.slots[p].shaped {
            Some(shaped) => shaped.chars.char_of(&shaped.text, byte),
            None => self.text[span.bytes.clone()]
                .char_indices()
                .take_while(|&(b, _)| b < byte)
                .count(),
        };
        CharIndex(span.chars.start + local)
    }

    /// Byte offset in the document of character `at`; characters of a line break (which
    /// belong to no paragraph) are single bytes after the paragraph's end.
    fn byte_of(&self, at: CharIndex) -> usize {
        if self.spans.is_empty() {
            return 0;
        }
        let mut p = self.paragraph_of(at);
        if at.0 < self.spans[p].chars.start && p > 0 {
            // Inside the line break that ends the paragraph before.
            p -= 1;
        }
        let span = &self.spans[p];
        let byte = if at.0 <= span.chars.end {
            span.bytes.start + self.local_byte(p, at)
        } else {
            span.bytes.end + (at.0 - span.chars.end)
        };
        byte.min(self.text.len())
    }

    /// The text of a range of characters, in logical order.
    pub fn slice(&self, range: Range<CharIndex>) -> &str {
        let (a, b) = (self.byte_of(range.start), self.byte_of(range.end));
        &self.text[a.min(b)..b.max(a)]
    }

    /// Number of characters in the document.
    pub fn char_len(&self) -> usize {
        self.spans.last().map_or(0, |s| s.chars.end)
    }
}
