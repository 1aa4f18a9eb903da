//! The reader: one document in a vertical scroll area, drawn with the text engine.
//!
//! Only the paragraphs in view are shaped, wrapped and painted ([`LazyDocument`]); their glyphs
//! go into one mesh textured with the [`GlyphAtlas`]. The engine's geometry (hit testing,
//! carets, range rectangles) is exposed in document coordinates — code points, [`CharIndex`] —
//! and screen positions of the last frame, for selections now and highlights later.
//!
//! Paint order: page background → (highlights) → selection → glyphs → control marks → caret.

use std::ops::Range;

use egui::{
    CursorIcon, Event, Key, Mesh, Pos2, Rect, Sense, Shape, TextureId, Ui, pos2,
    style::ScrollAnimation, vec2,
};

use crate::text::{Affinity, CharIndex, TextStyle, geometry};

use super::atlas::GlyphAtlas;
use super::layout::LazyDocument;
use super::paint::{Palette, Target, paragraph_controls, paragraph_glyphs};

/// Longest comfortable line, in points.
pub const MAX_LINE_WIDTH: f32 = 720.0;
/// Space around the text column, in points.
pub const MARGIN: f32 = 32.0;
/// The column never gets narrower than this, however small the window.
const MIN_LINE_WIDTH: f32 = 120.0;
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

/// Where the document was on screen in the last frame.
#[derive(Clone, Debug, Default)]
struct FrameGeometry {
    /// Screen position of the text column's top-left corner (document y = 0).
    origin: Option<Pos2>,
    /// Top of every paragraph, document coordinates.
    tops: Vec<f32>,
    /// Paragraphs that were in view.
    visible: Range<usize>,
}

/// The reader widget's state, kept by the app between frames.
pub struct ReaderView {
    doc: LazyDocument,
    atlas: GlyphAtlas,
    selection: Option<Selection>,
    frame: FrameGeometry,
    painted_glyphs: usize,
}

impl ReaderView {
    pub fn new(text: String, style: TextStyle) -> ReaderView {
        ReaderView {
            doc: LazyDocument::new(text, style),
            atlas: GlyphAtlas::default(),
            selection: None,
            frame: FrameGeometry::default(),
            painted_glyphs: 0,
        }
    }

    pub fn text(&self) -> &str {
        self.doc.text()
    }

    pub fn style(&self) -> &TextStyle {
        self.doc.style()
    }

    /// Changes the style; paragraphs are shaped again as they come into view.
    pub fn set_style(&mut self, style: TextStyle) {
        if style != *self.doc.style() {
            self.doc.set_style(style);
            self.frame = FrameGeometry::default();
        }
    }

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

    /// Glyph quads drawn in the last frame.
    pub fn painted_glyphs(&self) -> usize {
        self.painted_glyphs
    }

    pub fn atlas(&self) -> &GlyphAtlas {
        &self.atlas
    }

    /// Shows the document, scrollable, filling the available space.
    pub fn reader_ui(&mut self, ui: &mut Ui) {
        let palette = Palette::new(ui.visuals().dark_mode);
        let texture = self.atlas.begin_frame(ui.ctx());
        egui::ScrollArea::vertical()
            .id_salt("hamesh-reader")
            .auto_shrink([false, false])
            .content_margin(0.0)
            .show_viewport(ui, |ui, viewport| {
                self.page_ui(ui, viewport, texture, palette);
            });
        self.atlas.upload();
        if self.atlas.wants_repaint() {
            ui.ctx().request_repaint();
        }
    }

    fn page_ui(&mut self, ui: &mut Ui, viewport: Rect, texture: TextureId, palette: Palette) {
        let ppp = ui.ctx().pixels_per_point();
        let page = ui.max_rect();
        let available = page.width();
        let column = (available - 2.0 * MARGIN).clamp(MIN_LINE_WIDTH, MAX_LINE_WIDTH);
        self.doc.set_width(column);
        let placement = self
            .doc
            .place(viewport.min.y - MARGIN, viewport.max.y - MARGIN);
        let snap = |v: f32| (v * ppp).round() / ppp;
        let origin = pos2(
            snap(page.min.x + ((available - column) / 2.0).max(0.0)),
            snap(page.min.y + MARGIN),
        );
        let size = vec2(available, placement.height + 2.0 * MARGIN);
        let response = ui
            .allocate_rect(Rect::from_min_size(page.min, size), Sense::click_and_drag())
            .on_hover_cursor(CursorIcon::Text);
        self.frame = FrameGeometry {
            origin: Some(origin),
            tops: placement.tops,
            visible: placement.visible,
        };
        self.pointer_input(ui, &response);
        self.copy_input(ui);
        self.paint(ui, texture, palette);
    }

    /// Press places a caret (shift extends the selection), drag extends it to the pointer.
    fn pointer_input(&mut self, ui: &Ui, response: &egui::Response) {
        let (pressed, shift, pos) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.modifiers.shift,
                i.pointer.interact_pos(),
            )
        });
        let Some(pos) = pos else {
            return;
        };
        if pressed && response.is_pointer_button_down_on() {
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
    }

    /// Ctrl+C (Cmd+C) copies the logical text of the selection.
    fn copy_input(&self, ui: &Ui) {
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

    fn paint(&mut self, ui: &Ui, texture: TextureId, palette: Palette) {
        let painter = ui.painter();
        let clip = painter.clip_rect();
        let (Some(origin), visible) = (self.frame.origin, self.frame.visible.clone()) else {
            return;
        };
        painter.rect_filled(clip, 0.0, palette.background);

        if let Some(s) = self.selection.filter(|s| !s.is_empty()) {
            for r in self.range_rects_in(s.range(), visible.clone()) {
                painter.rect_filled(r, 0.0, palette.selection);
            }
        }

        let target = Target {
            pixels_per_point: ui.ctx().pixels_per_point(),
            clip,
            color: palette.text,
        };
        let mut mesh = Mesh::with_texture(texture);
        let mut glyphs = 0;
        for p in visible.clone() {
            let Some(view) = self.doc.view(p) else {
                continue;
            };
            let at = origin + vec2(0.0, self.frame.tops[p]);
            glyphs += paragraph_glyphs(&mut mesh, &mut self.atlas, view, at, target);
        }
        painter.add(Shape::mesh(mesh));
        self.painted_glyphs = glyphs;

        if self.doc.style().show_controls {
            for p in visible {
                if let Some(view) = self.doc.view(p) {
                    let at = origin + vec2(0.0, self.frame.tops[p]);
                    paragraph_controls(painter, view, at, clip, palette.control);
                }
            }
        }

        if let Some(s) = self.selection
            && let Some(r) = self.caret_rect(s.focus, s.affinity)
        {
            let x = r.min.x;
            let caret = Rect::from_min_max(pos2(x - 0.75, r.min.y), pos2(x + 0.75, r.max.y));
            painter.rect_filled(caret, 0.0, palette.caret);
        }
    }

    /// The caret position under a screen point, from the last frame's layout: the nearest
    /// paragraph vertically, then the engine's bidi-aware hit test on its nearest line.
    pub fn hit_test(&self, pos: Pos2) -> Option<(CharIndex, Affinity)> {
        let origin = self.frame.origin?;
        let tops = &self.frame.tops;
        let y = pos.y - origin.y;
        let mut p = tops.partition_point(|&t| t <= y).saturating_sub(1);
        if self.doc.view(p).is_none() {
            let visible = &self.frame.visible;
            if visible.is_empty() {
                return None;
            }
            p = p.clamp(visible.start, visible.end - 1);
        }
        let view = self.doc.view(p)?;
        let (byte, affinity) = view.hit_test(pos.x - origin.x, y - tops[p]);
        Some((self.doc.char_at(p, byte), affinity))
    }

    /// The caret rectangle (screen coordinates of the last frame) at `at` with `affinity`;
    /// `None` if its paragraph is not laid out.
    pub fn caret_rect(&self, at: CharIndex, affinity: Affinity) -> Option<Rect> {
        let origin = self.frame.origin?;
        let p = self.doc.paragraph_of(at);
        let view = self.doc.view(p)?;
        let top = *self.frame.tops.get(p)?;
        let r = view.caret_rect(self.doc.local_byte(p, at), affinity);
        Some(to_screen(r, origin + vec2(0.0, top)))
    }

    /// Rectangles covering a range of characters, one per visually contiguous stretch, in
    /// screen coordinates of the last frame (paragraphs not laid out are left out).
    pub fn range_rects(&self, range: Range<CharIndex>) -> Vec<Rect> {
        self.range_rects_in(range, 0..self.doc.len())
    }

    fn range_rects_in(&self, range: Range<CharIndex>, within: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        let Some(origin) = self.frame.origin else {
            return out;
        };
        if range.start >= range.end || within.is_empty() {
            return out;
        }
        let first = self.doc.paragraph_of(range.start).max(within.start);
        let last = self.doc.paragraph_of(range.end).min(within.end - 1);
        for p in first..=last {
            let (Some(view), Some(&top)) = (self.doc.view(p), self.frame.tops.get(p)) else {
                continue;
            };
            let span = self.doc.span(p);
            let start = range.start.max(span.char_start());
            let end = range.end.min(span.char_end());
            if start >= end {
                continue;
            }
            let bytes = self.doc.local_byte(p, start)..self.doc.local_byte(p, end);
            let at = origin + vec2(0.0, top);
            out.extend(
                view.range_rects(bytes)
                    .into_iter()
                    .map(|r| to_screen(r, at)),
            );
        }
        out
    }
}

fn to_screen(r: geometry::Rect, origin: Pos2) -> Rect {
    Rect::from_min_max(origin + vec2(r.x0, r.y0), origin + vec2(r.x1, r.y1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: &str = "مرحبا بالعالم في القراءة";
    const DATE: &str = "الثلاثاء 27 أكتوبر 2015 09:10 ص";
    const TEXT: &str = "مرحبا بالعالم في القراءة\n\nالثلاثاء 27 أكتوبر 2015 09:10 ص";

    /// Runs one frame and returns what it asked the platform to do.
    fn frame(
        ctx: &egui::Context,
        reader: &mut ReaderView,
        events: Vec<Event>,
    ) -> egui::PlatformOutput {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0))),
            events,
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| reader.reader_ui(ui));
        output.textures_delta.clear();
        output.platform_output
    }

    #[test]
    fn paints_glyphs_and_round_trips_carets_through_hit_testing() {
        assert_eq!(TEXT, format!("{TITLE}\n\n{DATE}"));
        let ctx = egui::Context::default();
        let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
        frame(&ctx, &mut reader, Vec::new());
        assert!(reader.painted_glyphs() > 20, "{}", reader.painted_glyphs());
        assert!(reader.atlas().len() > 10);
        for at in 0..TEXT.chars().count() {
            let at = CharIndex(at);
            if reader.text().chars().nth(at.0) == Some('\n') {
                continue;
            }
            let rect = reader
                .caret_rect(at, Affinity::Downstream)
                .expect("laid out");
            let (hit, affinity) = reader.hit_test(rect.center()).expect("a hit");
            if at.0 < TITLE.chars().count() {
                assert_eq!(hit, at, "caret {rect:?}");
            } else {
                // At a direction seam two offsets share one x: the hit must at least put the
                // caret back where it was.
                let back = reader.caret_rect(hit, affinity).unwrap();
                assert!(
                    hit == at || (back.min.x - rect.min.x).abs() < 1.0,
                    "{at:?} → {hit:?}"
                );
            }
        }
    }

    #[test]
    fn rtl_text_is_right_aligned_in_the_column() {
        let ctx = egui::Context::default();
        let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
        frame(&ctx, &mut reader, Vec::new());
        let start = reader
            .caret_rect(CharIndex(0), Affinity::Downstream)
            .unwrap();
        let end = reader
            .caret_rect(CharIndex(5), Affinity::Downstream)
            .unwrap();
        assert!(start.min.x > end.min.x, "the first letter is on the right");
        let column_right = 450.0 + MAX_LINE_WIDTH / 2.0;
        assert!((start.min.x - column_right).abs() < 12.0, "{start:?}");
    }

    #[test]
    fn selection_rects_cover_the_range_and_copy_gives_logical_text() {
        let ctx = egui::Context::default();
        let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
        frame(&ctx, &mut reader, Vec::new());
        reader.set_selection(Some(Selection {
            anchor: CharIndex(6),
            focus: CharIndex(13),
            affinity: Affinity::Upstream,
        }));
        assert_eq!(reader.selected_text(), Some("بالعالم"));
        let rects = reader.range_rects(CharIndex(6)..CharIndex(13));
        assert_eq!(rects.len(), 1);
        let first = reader
            .caret_rect(CharIndex(6), Affinity::Downstream)
            .unwrap();
        assert!(
            (rects[0].max.x - first.min.x).abs() < 1.0,
            "{rects:?} {first:?}"
        );
        // "7 أ" of "27 أكتوبر": the 7, the space and the alef are visually apart from one
        // another's neighbours, so the range takes two rectangles.
        let date = TEXT.chars().count() - DATE.chars().count();
        let rects = reader.range_rects(CharIndex(date + 10)..CharIndex(date + 13));
        assert_eq!(
            reader
                .text()
                .chars()
                .skip(date + 10)
                .take(3)
                .collect::<String>(),
            "7 أ"
        );
        assert_eq!(rects.len(), 2, "{rects:?}");
        let output = frame(&ctx, &mut reader, vec![Event::Copy]);
        let copied = output
            .commands
            .iter()
            .any(|c| matches!(c, egui::OutputCommand::CopyText(t) if t == "بالعالم"));
        assert!(copied, "copied the selection");
    }

    #[test]
    fn drag_selects_from_press_to_pointer() {
        let ctx = egui::Context::default();
        let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
        frame(&ctx, &mut reader, Vec::new());
        let a = reader
            .caret_rect(CharIndex(0), Affinity::Downstream)
            .unwrap();
        let b = reader.caret_rect(CharIndex(5), Affinity::Upstream).unwrap();
        let (from, to) = (a.center() - vec2(2.0, 0.0), b.center() + vec2(2.0, 0.0));
        let button = |pos, pressed| Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Default::default(),
        };
        frame(&ctx, &mut reader, vec![Event::PointerMoved(from)]);
        frame(&ctx, &mut reader, vec![button(from, true)]);
        assert_eq!(reader.selection().map(|s| s.focus), Some(CharIndex(0)));
        for step in 1..=4 {
            let pos = from + (to - from) * (step as f32 / 4.0);
            frame(&ctx, &mut reader, vec![Event::PointerMoved(pos)]);
        }
        frame(&ctx, &mut reader, vec![button(to, false)]);
        let s = reader.selection().expect("a selection");
        assert_eq!(s.range(), CharIndex(0)..CharIndex(5), "{s:?}");
        assert_eq!(reader.selected_text(), Some("مرحبا"));
    }
}
