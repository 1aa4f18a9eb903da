//! Folded site furniture in the reader: each folded block of paragraphs shows as one marker
//! line, with how many lines it stands for; a click on it asks the app to show them again.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, pos2, vec2};

use crate::text::Fold;

use super::ReaderView;

/// A folded block on screen in the last frame.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Marker {
    pub rect: Rect,
    /// Paragraphs folded in it.
    pub lines: usize,
}

impl ReaderView {
    /// Folds away the paragraphs marked (one flag per paragraph; none folds nothing). `label`
    /// is what a marker says, in the interface language, and whether that language reads
    /// right to left (the count then goes on the label's right, where the reading starts).
    pub fn set_folded(&mut self, folded: &[bool], label: (&'static str, bool)) {
        self.fold_label = label;
        self.fold_applied = true;
        self.doc.set_folded(folded);
    }

    /// Whether [`ReaderView::set_folded`] was called on this reader (a new one has no folds
    /// worked out yet).
    pub fn fold_applied(&self) -> bool {
        self.fold_applied
    }

    /// Whether a folded block was clicked in the last frame (the app then shows them all).
    pub fn take_unfold_click(&mut self) -> bool {
        std::mem::take(&mut self.unfold_clicked)
    }

    /// Paragraphs folded away, in blocks: (first paragraph, paragraphs in the block).
    pub fn folded_blocks(&self) -> Vec<(usize, usize)> {
        (0..self.doc.len())
            .filter_map(|p| match self.doc.fold(p) {
                Fold::Marker(n) => Some((p, n)),
                _ => None,
            })
            .collect()
    }

    /// Where the markers of folded blocks were on screen in the last frame.
    pub fn marker_rects(&self) -> Vec<Rect> {
        self.markers.iter().map(|m| m.rect).collect()
    }

    /// Where the markers of the paragraphs in view are on screen.
    pub(super) fn place_markers(&mut self) {
        self.markers.clear();
        let Some(origin) = self.frame.origin else {
            return;
        };
        let width = self.doc.width();
        for (p, &top) in self.frame.visible.clone().zip(&self.frame.tops) {
            if let Fold::Marker(lines) = self.doc.fold(p) {
                let height = self.doc.height(p);
                let min = origin + vec2(0.0, top + height * 0.15);
                let rect = Rect::from_min_size(min, vec2(width, height * 0.7));
                self.markers.push(Marker { rect, lines });
            }
        }
    }

    /// Whether `pos` is on a marker.
    pub(super) fn on_marker(&self, pos: Pos2) -> bool {
        self.markers.iter().any(|m| m.rect.contains(pos))
    }

    pub(super) fn paint_markers(&self, painter: &Painter, text: Color32, fill: Color32) {
        let size = (self.doc.style().size_px * 0.6).max(11.0);
        for m in &self.markers {
            painter.rect_filled(m.rect, 4.0, fill);
            painter.rect_stroke(
                m.rect,
                4.0,
                Stroke::new(1.0, text.gamma_multiply(0.3)),
                StrokeKind::Inside,
            );
            let font = FontId::proportional(size);
            let (words, rtl) = self.fold_label;
            let center = m.rect.center();
            let label = painter.text(center, Align2::CENTER_CENTER, words, font.clone(), text);
            // The count apart from the words (egui lays out Arabic without bidi), on the side
            // where the reading starts.
            let (at, align) = if rtl {
                (
                    pos2(label.max.x + size * 0.8, center.y),
                    Align2::LEFT_CENTER,
                )
            } else {
                (
                    pos2(label.min.x - size * 0.8, center.y),
                    Align2::RIGHT_CENTER,
                )
            };
            painter.text(at, align, m.lines.to_string(), font, text);
        }
    }
}
