//! Another layer's spans over the text, read-only ([`crate::ui::annotation::beside`]): a thin
//! bracket along the top of each stretch, its ends turned down, in the label's colour. One's
//! own spans keep their fills, underlines and tags, drawn over the brackets, so the two never
//! look alike and a span both layers have reads as a fill under a bracket.

use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, Painter, Stroke, pos2};

use crate::annotate::Span;
use crate::text::CharIndex;

use super::ReaderView;

/// Thickness of a bracket, and how far its ends come down, in points.
const BRACKET: f32 = 1.5;
const TICK: f32 = 4.0;

/// The other layer's spans as the reader draws them.
#[derive(Default)]
pub(super) struct BesideMarks {
    marks: Vec<(Range<CharIndex>, Color32)>,
    /// The list they were made from, and the colours' generation.
    of: Option<(Arc<Vec<Span>>, u64)>,
}

impl ReaderView {
    /// The other layer's spans to draw (an empty list: none). `generation` changes when the
    /// label colours do.
    pub fn set_beside(
        &mut self,
        list: &Arc<Vec<Span>>,
        generation: u64,
        color_of: impl Fn(&str) -> Color32,
    ) {
        let same = self
            .beside
            .of
            .as_ref()
            .is_some_and(|(old, g)| Arc::ptr_eq(old, list) && *g == generation);
        if same {
            return;
        }
        let mut marks: Vec<_> = list
            .iter()
            .map(|s| (s.range(), color_of(&s.label)))
            .collect();
        marks.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        self.beside = BesideMarks {
            marks,
            of: Some((list.clone(), generation)),
        };
    }

    /// The other layer's spans drawn (for tests).
    pub fn beside_shown(&self) -> &[(Range<CharIndex>, Color32)] {
        &self.beside.marks
    }

    /// The brackets of the spans in the paragraphs in view.
    pub(super) fn paint_beside(&self, painter: &Painter, visible: Range<usize>) {
        if self.beside.marks.is_empty() {
            return;
        }
        let Some((first, last)) = self.chars_in(&visible) else {
            return;
        };
        for (range, color) in &self.beside.marks {
            if range.start > last {
                break;
            }
            if range.end <= first {
                continue;
            }
            let stroke = Stroke::new(BRACKET, *color);
            for r in self.range_rects_in(range.clone(), visible.clone()) {
                let (x0, x1, y) = (r.min.x + 0.5, r.max.x - 0.5, r.min.y + 1.0);
                let tick = TICK.min(r.height() * 0.3);
                painter.line(
                    vec![
                        pos2(x0, y + tick),
                        pos2(x0, y),
                        pos2(x1, y),
                        pos2(x1, y + tick),
                    ],
                    stroke,
                );
            }
        }
    }
}
