//! Selecting text in the reader: the pointer places a caret and drags a selection, Ctrl+C copies
//! its logical text; and the geometry queries behind them (hit testing, caret and range
//! rectangles): the document's, in document coordinates, moved to where the last frame put the
//! document on screen.

use std::ops::Range;

use egui::{Event, Key, Pos2, Rect, Ui, pos2, style::ScrollAnimation, vec2};

use crate::text::{Affinity, CharIndex, geometry};

use super::ReaderView;

/// Points scrolled per frame while a selection is dragged past the top or bottom edge, per
/// point the pointer is beyond it.
const AUTOSCROLL_RATE: f32 = 0.3;

/// A selection: where the pointer went down and where it is now. Empty when they are equal,
/// which shows a caret.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: CharIndex,
    pub focus: CharIndex,
    /// Which side of `focus` the caret is drawn on.
    pub affinity: Affinity,
}

impl Selection {
    pub fn caret(at: CharIndex, affinity: Affinity) -> Selection {
        Selection {
            anchor: at,
            focus: at,
            affinity,
        }
    }

    pub fn range(&self) -> Range<CharIndex> {
        self.anchor.min(self.focus)..self.anchor.max(self.focus)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.focus
    }
}

impl ReaderView {
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    pub fn set_selection(&mut self, selection: Option<Selection>) {
        self.selection = selection;
    }

    /// The selected text in logical order, if the selection is not empty.
    pub fn selected_text(&self) -> Option<&str> {
        let s = self.selection.filter(|s| !s.is_empty())?;
        Some(self.doc.slice(s.range()))
    }

    /// Press places a caret (shift extends the selection), drag extends it to the pointer, a
    /// double click selects the word, a click is reported ([`ReaderView::take_click`]). Alt
    /// held while pressing asks for character precision ([`ReaderView::alt_drag`]).
    pub(super) fn pointer_input(&mut self, ui: &Ui, response: &egui::Response) {
        let (pressed, shift, alt, pos) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.modifiers.shift,
                i.modifiers.alt,
                i.pointer.interact_pos(),
            )
        });
        let Some(pos) = pos else {
            return;
        };
        if self.edge_input(ui, response, pos) {
            return;
        }
        if response.double_clicked() {
            if let Some((at, affinity)) = self.hit_test(pos) {
                let ch = match affinity {
                    Affinity::Upstream => at.saturating_sub(1),
                    Affinity::Downstream => at,
                };
                if let Some(word) = self.word_at(ch) {
                    self.alt_drag = false;
                    self.selection = Some(Selection {
                        anchor: word.start,
                        focus: word.end,
                        affinity: Affinity::Upstream,
                    });
                }
            }
            return;
        }
        // A tap (press and release in one frame, as touchpads send) is a press and a click at
        // once: the button is up again already, so the click is what says the press was here.
        if pressed && (response.is_pointer_button_down_on() || response.clicked()) {
            if !shift {
                self.alt_drag = alt;
            }
            if let Some((at, affinity)) = self.hit_test(pos) {
                let anchor = match (shift, self.selection) {
                    (true, Some(s)) => s.anchor,
                    _ => at,
                };
                self.selection = Some(Selection {
                    anchor,
                    focus: at,
                    affinity,
                });
            }
        } else if response.dragged() {
            if let Some((at, affinity)) = self.hit_test(pos)
                && let Some(s) = &mut self.selection
            {
                s.focus = at;
                s.affinity = affinity;
            }
            self.autoscroll(ui, pos);
        }
        // After the press, which may have come in the same frame (a tap).
        if response.clicked() {
            self.clicked = self
                .selection
                .filter(|s| s.is_empty())
                .map(|s| (s.focus, s.affinity));
        }
    }

    /// A drag that leaves the view scrolls it, faster the farther out the pointer is.
    pub(super) fn autoscroll(&self, ui: &Ui, pos: egui::Pos2) {
        let clip = ui.clip_rect();
        let beyond = if pos.y < clip.min.y {
            clip.min.y - pos.y
        } else if pos.y > clip.max.y {
            clip.max.y - pos.y
        } else {
            0.0
        };
        if beyond != 0.0 {
            ui.scroll_with_delta_animation(
                vec2(0.0, beyond * AUTOSCROLL_RATE),
                ScrollAnimation::none(),
            );
            ui.ctx().request_repaint();
        }
    }

    /// Ctrl+C (Cmd+C) copies the logical text of the selection.
    pub(super) fn copy_input(&self, ui: &Ui) {
        let copy = ui.input(|i| {
            i.events.iter().any(|e| match e {
                Event::Copy => true,
                Event::Key {
                    key: Key::C,
                    pressed: true,
                    modifiers,
                    ..
                } => modifiers.command,
                _ => false,
            })
        });
        if copy && let Some(text) = self.selected_text() {
            ui.ctx().copy_text(text.to_string());
        }
    }

    /// The caret position under a screen point, from the last frame's layout: the document's
    /// hit test, answered by the nearest paragraph in view when the one under the point is not
    /// laid out.
    pub fn hit_test(&self, pos: Pos2) -> Option<(CharIndex, Affinity)> {
        let origin = self.frame.origin?;
        let at = pos - origin;
        self.doc
            .hit_test_near(at.x, at.y, self.frame.visible.clone())
    }

    /// The caret rectangle (screen coordinates of the last frame) at `at` with `affinity`;
    /// `None` if its paragraph is not laid out.
    pub fn caret_rect(&self, at: CharIndex, affinity: Affinity) -> Option<Rect> {
        let origin = self.frame.origin?;
        Some(to_screen(self.doc.caret_rect(at, affinity)?, origin))
    }

    /// Rectangles covering a range of characters, one per visually contiguous stretch, in
    /// screen coordinates of the last frame (paragraphs not laid out are left out).
    pub fn range_rects(&self, range: Range<CharIndex>) -> Vec<Rect> {
        self.range_rects_in(range, 0..self.doc.len())
    }

    pub(super) fn range_rects_in(
        &self,
        range: Range<CharIndex>,
        within: Range<usize>,
    ) -> Vec<Rect> {
        let Some(origin) = self.frame.origin else {
            return Vec::new();
        };
        self.doc
            .range_rects_in(range, within)
            .into_iter()
            .map(|r| to_screen(r, origin))
            .collect()
    }
}

/// Document coordinates to the screen, the document's top-left corner at `origin`.
fn to_screen(r: geometry::Rect, origin: Pos2) -> Rect {
    Rect::from_min_max(
        origin + vec2(r.x0, r.y0),
        pos2(origin.x + r.x1, origin.y + r.y1),
    )
}
