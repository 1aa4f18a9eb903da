//! Dragging either end of the selected span to move it. A press within a few points of the
//! selected span's first or last caret position grabs that end (the pointer shows a resize
//! cursor there); the drag shows the new extent as a selection would, and the release reports
//! it ([`ReaderView::take_edge_move`]) for the annotations to snap (to words unless character
//! precision is on) and apply as one edit. The text selection is left alone.

use std::ops::Range;

use egui::{CursorIcon, Pos2, Response, Ui};

use crate::text::{Affinity, CharIndex};

use super::ReaderView;

/// How far from an end the pointer may be to grab it, in points.
const GRAB: f32 = 5.0;

/// An end of the selected span being dragged.
#[derive(Clone, Debug)]
pub(super) struct EdgeDrag {
    /// The span's range when the drag began.
    from: Range<CharIndex>,
    /// The end that stays, and where the dragged one is now.
    fixed: CharIndex,
    at: CharIndex,
}

/// A finished drag of a span's end: the span's range before, and the range the drag made
/// (not snapped yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeMove {
    pub from: Range<CharIndex>,
    pub to: Range<CharIndex>,
}

impl EdgeDrag {
    fn range(&self) -> Range<CharIndex> {
        self.fixed.min(self.at)..self.fixed.max(self.at)
    }
}

impl ReaderView {
    /// The selected span's range this frame (from the highlights), for grabbing its ends.
    pub(super) fn set_selected_range(&mut self, range: Option<Range<CharIndex>>) {
        self.edges.selected = range;
    }

    /// The end of the selected span under `pos`, if any: `Some(true)` for its end.
    fn edge_under(&self, pos: Pos2) -> Option<bool> {
        let r = self.edges.selected.clone()?;
        [
            (r.start, Affinity::Downstream, false),
            (r.end, Affinity::Upstream, true),
        ]
        .into_iter()
        .find(|&(at, affinity, _)| {
            self.caret_rect(at, affinity).is_some_and(|c| {
                (c.center().x - pos.x).abs() <= GRAB && c.y_range().contains(pos.y)
            })
        })
        .map(|(_, _, end)| end)
    }

    /// Grabs, drags and drops an end of the selected span; returns whether the pointer was
    /// busy with that (the selection must then be left alone).
    pub(super) fn edge_input(&mut self, ui: &Ui, response: &Response, pos: Pos2) -> bool {
        let pressed = ui.input(|i| i.pointer.primary_pressed() && !i.modifiers.shift);
        if self.edges.drag.is_none() && response.hovered() && self.edge_under(pos).is_some() {
            ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
        }
        if pressed
            && response.is_pointer_button_down_on()
            && let (Some(end), Some(from)) = (self.edge_under(pos), self.edges.selected.clone())
        {
            let (fixed, at) = if end {
                (from.start, from.end)
            } else {
                (from.end, from.start)
            };
            self.edges.drag = Some(EdgeDrag { from, fixed, at });
            return true;
        }
        if self.edges.drag.is_none() {
            return false;
        }
        if ui.input(|i| i.pointer.primary_down()) {
            ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
            let hit = self.hit_test(pos);
            if let (Some((at, _)), Some(drag)) = (hit, &mut self.edges.drag) {
                drag.at = at;
            }
            self.autoscroll(ui, pos);
        } else {
            let done = self.edges.drag.take();
            if let Some(d) = done {
                let to = d.range();
                if to.start < to.end && to != d.from {
                    self.edges.moved = Some(EdgeMove { from: d.from, to });
                }
            }
        }
        true
    }

    /// The extent a drag of a span's end would give now, to draw.
    pub(super) fn edge_preview(&self) -> Option<Range<CharIndex>> {
        self.edges.drag.as_ref().map(EdgeDrag::range)
    }

    /// Takes the span end dropped in the last frame.
    pub fn take_edge_move(&mut self) -> Option<EdgeMove> {
        self.edges.moved.take()
    }
}

/// The reader's state for dragging span ends.
#[derive(Default)]
pub(super) struct Edges {
    selected: Option<Range<CharIndex>>,
    drag: Option<EdgeDrag>,
    moved: Option<EdgeMove>,
}
