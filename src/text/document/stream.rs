//! A document's paragraphs shaped and wrapped one at a time, in order, for a caller that writes
//! each out and drops it (`hamesh layout` on an article of many megabytes): the same steps as
//! [`Document`](super::Document) takes, with the same neutral fallback direction
//! ([`NeutralFallback`]) and the same tops, without holding more than one paragraph.

use crate::text::analysis::base_direction;
use crate::text::paragraph::ShapedParagraph;
use crate::text::paragraphs::{ParagraphSpan, split_paragraphs};
use crate::text::style::{Direction, DirectionChoice, TextStyle};
use crate::text::wrap::ParagraphLayout;

use super::PlacedParagraph;

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

/// The direction each paragraph of a document falls back to when it has no strong character
/// (UAX #9 HL1): the direction of the paragraph before it, the first taking the document's
/// ([`document_direction`]). A paragraph's own direction comes from its strong characters
/// alone, so the fallbacks are known without shaping anything: the document computes them all
/// up front and can shape any paragraph first.
#[derive(Copy, Clone, Debug)]
pub(crate) struct NeutralFallback {
    choice: DirectionChoice,
    next: Direction,
}

impl NeutralFallback {
    pub(crate) fn new(text: &str, choice: DirectionChoice) -> NeutralFallback {
        NeutralFallback {
            choice,
            next: document_direction(text, choice),
        }
    }

    /// The fallback of the next paragraph, whose text is `paragraph`; then steps past it.
    pub(crate) fn take(&mut self, paragraph: &str) -> Direction {
        let mine = self.next;
        self.next = base_direction(paragraph, self.choice, mine);
        mine
    }
}

/// Shapes every paragraph of `text` in order (see [`ShapedParagraphs`]).
pub fn shape_document(text: &str, style: &TextStyle) -> Vec<(ParagraphSpan, ShapedParagraph)> {
    ShapedParagraphs::new(text, style).collect()
}

/// The paragraphs of `text` shaped one at a time, in order, each with its neutral fallback
/// direction ([`NeutralFallback`]): a caller that handles one paragraph before asking for the
/// next holds one paragraph's shaping, not the document's.
pub struct ShapedParagraphs<'a> {
    text: &'a str,
    style: TextStyle,
    spans: std::vec::IntoIter<ParagraphSpan>,
    fallback: NeutralFallback,
}

impl<'a> ShapedParagraphs<'a> {
    pub fn new(text: &'a str, style: &TextStyle) -> ShapedParagraphs<'a> {
        ShapedParagraphs {
            text,
            style: style.clone(),
            spans: split_paragraphs(text).into_iter(),
            fallback: NeutralFallback::new(text, style.direction),
        }
    }
}

impl Iterator for ShapedParagraphs<'_> {
    type Item = (ParagraphSpan, ShapedParagraph);

    fn next(&mut self) -> Option<Self::Item> {
        let span = self.spans.next()?;
        let text = &self.text[span.bytes.clone()];
        let shaped = ShapedParagraph::new(text, &self.style, self.fallback.take(text));
        Some((span, shaped))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

/// One paragraph laid out by [`LaidParagraphs`], owned.
#[derive(Clone, Debug)]
pub struct LaidParagraph {
    /// Its place among the document's paragraphs.
    pub index: usize,
    pub span: ParagraphSpan,
    pub shaped: ShapedParagraph,
    pub layout: ParagraphLayout,
    pub top: f32,
}

impl LaidParagraph {
    /// The paragraph as a laid-out document lends it.
    pub fn placed(&self) -> PlacedParagraph<'_> {
        PlacedParagraph {
            index: self.index,
            span: &self.span,
            shaped: &self.shaped,
            layout: &self.layout,
            top: self.top,
        }
    }
}

/// The paragraphs of `text` shaped, wrapped at `width` and stacked, one at a time: the
/// paragraphs of [`Document::laid_out`](super::Document::laid_out), equal to them field by
/// field, for a caller that writes each out and drops it.
pub struct LaidParagraphs<'a> {
    shaped: ShapedParagraphs<'a>,
    width: f32,
    index: usize,
    /// Summed in `f64` like the document's heights ([`crate::text::heights`]), so each top is
    /// the document's to the last bit.
    top: f64,
}

impl<'a> LaidParagraphs<'a> {
    /// The style is sanitised as [`Document::laid_out`](super::Document::laid_out) does.
    pub fn new(text: &'a str, style: &TextStyle, width: f32) -> LaidParagraphs<'a> {
        LaidParagraphs {
            shaped: ShapedParagraphs::new(text, &style.sanitized()),
            width,
            index: 0,
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
}

impl Iterator for LaidParagraphs<'_> {
    type Item = LaidParagraph;

    fn next(&mut self) -> Option<LaidParagraph> {
        let (span, shaped) = self.shaped.next()?;
        let layout = shaped.wrap(self.width);
        let p = LaidParagraph {
            index: self.index,
            span,
            shaped,
            layout,
            top: self.top as f32,
        };
        self.index += 1;
        self.top += f64::from(p.layout.height);
        Some(p)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.shaped.size_hint()
    }
}
