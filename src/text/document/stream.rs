//! A whole document laid out at one width: paragraphs stacked top to bottom, with geometry in
//! document coordinates and code-point offsets. Used by the headless commands and the tests;
//! the window lays out only the paragraphs in view with the same types.

use std::ops::Range;

use crate::text::geometry::{Affinity, ParagraphView, Rect};
use crate::text::offsets::CharIndex;
use crate::text::paragraph::ShapedParagraph;
use crate::text::paragraphs::{ParagraphSpan, split_paragraphs};
use crate::text::style::{Direction, DirectionChoice, TextStyle};
use crate::text::wrap::ParagraphLayout;

/// One paragraph of a laid-out document.
#[derive(Clone, Debug)]
pub struct LaidParagraph {
    pub span: ParagraphSpan,
    pub shaped: ShapedParagraph,
    pub layout: ParagraphLayout,
    pub top: f32,
}

impl LaidParagraph {
    pub fn view(&self) -> ParagraphView<'_> {
        ParagraphView::new(&self.shaped, &self.layout)
    }
}

/// A document's paragraphs, shaped and wrapped.
#[derive(Clone, Debug)]
pub struct DocumentLayout {
    pub style: TextStyle,
    pub width: f32,
    pub paragraphs: Vec<LaidParagraph>,
    pub height: f32,
}

/// Shapes every paragraph of `text` in order; a paragraph with no strong character takes the
/// direction of the one before it (the first defaults to the document's majority direction).
pub fn shape_document(text: &str, style: &TextStyle) -> Vec<(ParagraphSpan, ShapedParagraph)> {
    ShapedParagraphs::new(text, style).collect()
}

/// The paragraphs of `text` shaped one at a time, in order, each carrying its direction to the
/// next (see [`shape_document`]): a caller that handles one paragraph before asking for the
/// next holds one paragraph's shaping, not the document's.
pub struct ShapedParagraphs<'a> {
    text: &'a str,
    style: TextStyle,
    spans: std::vec::IntoIter<ParagraphSpan>,
    fallback: Direction,
}

impl<'a> ShapedParagraphs<'a> {
    pub fn new(text: &'a str, style: &TextStyle) -> ShapedParagraphs<'a> {
        ShapedParagraphs {
            text,
            style: style.clone(),
            spans: split_paragraphs(text).into_iter(),
            fallback: document_direction(text, style.direction),
        }
    }
}

impl Iterator for ShapedParagraphs<'_> {
    type Item = (ParagraphSpan, ShapedParagraph);

    fn next(&mut self) -> Option<Self::Item> {
        let span = self.spans.next()?;
        let shaped =
            ShapedParagraph::new(&self.text[span.bytes.clone()], &self.style, self.fallback);
        self.fallback = shaped.base;
        Some((span, shaped))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

/// The paragraphs of `text` shaped, wrapped at `width` and stacked, one at a time: what
/// [`DocumentLayout::new`] collects, for a caller that writes each paragraph out and drops it
/// (`hamesh layout` on an article of many megabytes).
pub struct LaidParagraphs<'a> {
    shaped: ShapedParagraphs<'a>,
    width: f32,
    top: f32,
}

impl<'a> LaidParagraphs<'a> {
    /// The style is sanitised as [`DocumentLayout::new`] does.
    pub fn new(text: &'a str, style: &TextStyle, width: f32) -> LaidParagraphs<'a> {
        LaidParagraphs {
            shaped: ShapedParagraphs::new(text, &style.sanitized()),
            width,
            top: 0.0,
        }
    }

    /// The style the paragraphs are laid out in (sanitised).
    pub fn style(&self) -> &TextStyle {
        &self.shaped.style
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    /// The top of the next paragraph: the height of those laid out so far.
    pub fn top(&self) -> f32 {
        self.top
    }
}

impl Iterator for LaidParagraphs<'_> {
    type Item = LaidParagraph;

    fn next(&mut self) -> Option<LaidParagraph> {
        let (span, shaped) = self.shaped.next()?;
        let layout = shaped.wrap(self.width);
        let p = LaidParagraph {
            span,
            shaped,
            layout,
            top: self.top,
        };
        self.top += p.layout.height;
        Some(p)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.shaped.size_hint()
    }
}

/// The direction a document reads in when a paragraph does not say: forced by the style, or
/// the direction of the first paragraph with a strong character.
pub fn document_direction(text: &str, choice: DirectionChoice) -> Direction {
    match choice {
        DirectionChoice::Rtl => Direction::Rtl,
        DirectionChoice::Ltr => Direction::Ltr,
        DirectionChoice::Auto => match unicode_bidi::get_base_direction_full(text) {
            unicode_bidi::Direction::Rtl => Direction::Rtl,
            _ => Direction::Ltr,
        },
    }
}

impl DocumentLayout {
    pub fn new(text: &str, style: &TextStyle, width: f32) -> DocumentLayout {
        let mut laid = LaidParagraphs::new(text, style, width);
        let paragraphs = laid.by_ref().collect();
        DocumentLayout {
            style: laid.style().clone(),
            width,
            paragraphs,
            height: laid.top(),
        }
    }

    /// Re-wraps every paragraph at a new width without shaping again.
    pub fn rewrap(&mut self, width: f32) {
        self.width = width;
        let mut top = 0.0;
        for p in &mut self.paragraphs {
            p.layout = p.shaped.wrap(width);
            p.top = top;
            top += p.layout.height;
        }
        self.height = top;
    }

    /// The paragraph containing character `at` (a line break belongs to the paragraph before).
    pub fn paragraph_of(&self, at: CharIndex) -> usize {
        self.paragraphs
            .partition_point(|p| p.span.chars.end < at.0)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// The paragraph at vertical position `y`.
    pub fn paragraph_at_y(&self, y: f32) -> usize {
        self.paragraphs
            .partition_point(|p| p.top + p.layout.height <= y)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    fn to_byte(&self, p: usize, at: CharIndex) -> usize {
        let para = &self.paragraphs[p];
        let local = at.0.saturating_sub(para.span.chars.start);
        para.shaped.chars.byte_of(local)
    }

    fn to_char(&self, p: usize, byte: usize) -> CharIndex {
        let para = &self.paragraphs[p];
        CharIndex(para.span.chars.start + para.shaped.chars.char_of(byte))
    }

    /// Point → caret position (code-point offset into the document, and affinity).
    pub fn hit_test(&self, x: f32, y: f32) -> (CharIndex, Affinity) {
        let p = self.paragraph_at_y(y);
        let para = &self.paragraphs[p];
        let (byte, affinity) = para.view().hit_test(x, y - para.top);
        (self.to_char(p, byte), affinity)
    }

    /// The caret rectangle for an offset and affinity.
    pub fn caret_rect(&self, at: CharIndex, affinity: Affinity) -> Rect {
        let p = self.paragraph_of(at);
        let para = &self.paragraphs[p];
        let r = para.view().caret_rect(self.to_byte(p, at), affinity);
        Rect {
            y0: r.y0 + para.top,
            y1: r.y1 + para.top,
            ..r
        }
    }

    /// Selection rectangles for a range of code points, across paragraphs.
    pub fn range_rects(&self, range: Range<CharIndex>) -> Vec<Rect> {
        let mut out = Vec::new();
        if range.start >= range.end {
            return out;
        }
        let first = self.paragraph_of(range.start);
        let last = self.paragraph_of(range.end);
        for p in first..=last {
            let para = &self.paragraphs[p];
            let s = range.start.max(para.span.char_start());
            let e = range.end.min(para.span.char_end());
            if s >= e {
                continue;
            }
            let bytes = self.to_byte(p, s)..self.to_byte(p, e);
            out.extend(para.view().range_rects(bytes).into_iter().map(|r| Rect {
                y0: r.y0 + para.top,
                y1: r.y1 + para.top,
                ..r
            }));
        }
        out
    }

    /// The visual line (paragraph index, line index) holding an offset.
    pub fn line_of(&self, at: CharIndex, affinity: Affinity) -> (usize, usize) {
        let p = self.paragraph_of(at);
        (
            p,
            self.paragraphs[p]
                .view()
                .line_of(self.to_byte(p, at), affinity),
        )
    }
}
