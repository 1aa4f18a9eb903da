//! A one-line text field drawn and hit-tested by the engine, for fields that hold article
//! language (the filter box first): egui's TextEdit draws «روسيا 2015» as «5102 روسيا», joins no
//! Arabic letters in some fonts and loses its caret in right-to-left text.
//!
//! The editing is [`FieldText`]'s (typing, deleting, visual moves, words, undo); this widget
//! turns egui's events into its commands, lays its text out with the engine, draws the glyphs
//! from the glyph atlas, the selection from the document's range rectangles and the caret from
//! its caret rectangle, and keeps the caret in view when the text is wider than the field.
//! Right-to-left text sits at the field's right edge.

use egui::{
    Event, EventFilter, Id, ImeEvent, Key, Mesh, Modifiers, Rect, Response, Sense, Shape, Stroke,
    Ui, WidgetInfo, pos2, vec2,
};

use crate::text::field::{FieldCommand, FieldText, Motion};
use crate::text::{Affinity, CharIndex, Document, FontChoice, Language, TextStyle};

use super::atlas::GlyphAtlas;
use super::paint::{Target, paragraph_glyphs};

/// Space between the frame and the text.
const PAD: f32 = 6.0;

/// A field's state between frames.
pub struct EngineField {
    field: FieldText,
    layout: Document,
    hint: Option<(String, Document)>,
    size_px: f32,
    font: FontChoice,
    /// How far the text is scrolled left of its natural place when it is wider than the field.
    scroll: f32,
}

/// Marks an id as an engine field's, so that the window's shortcuts know a field has the
/// keyboard (egui's own check only knows its TextEdit).
#[derive(Clone, Copy, Default)]
struct FieldMarker;

/// Whether an engine-drawn field has the keyboard focus.
pub fn engine_field_focused(ctx: &egui::Context) -> bool {
    ctx.memory(|m| m.focused())
        .is_some_and(|id| ctx.data(|d| d.get_temp::<FieldMarker>(id).is_some()))
}

impl Default for EngineField {
    fn default() -> Self {
        EngineField::new("", 14.0, FontChoice::Vazirmatn)
    }
}

/// What a frame of the field did.
pub struct FieldResponse {
    pub response: Response,
    /// The text changed.
    pub changed: bool,
}

fn style(text: &str, size_px: f32, font: FontChoice) -> TextStyle {
    TextStyle {
        font,
        size_px,
        language: Language::detect(text),
        ..TextStyle::default()
    }
}

impl EngineField {
    pub fn new(text: &str, size_px: f32, font: FontChoice) -> EngineField {
        let field = FieldText::new(text, false);
        EngineField {
            layout: Document::laid_out(field.text(), &style(text, size_px, font), f32::INFINITY),
            field,
            hint: None,
            size_px,
            font,
            scroll: 0.0,
        }
    }

    pub fn text(&self) -> &str {
        self.field.text()
    }

    /// Shows the field editing `value` in place: `value` changed from outside replaces the
    /// field's text, and what is typed is written back to it (for state kept as a `String`).
    pub fn bound(
        &mut self,
        ui: &mut Ui,
        atlas: &mut GlyphAtlas,
        (id_salt, hint, width): (&str, &str, f32),
        value: &mut String,
    ) -> FieldResponse {
        if self.text() != value.as_str() {
            self.set_text(value);
        }
        let shown = self.show_sized(ui, atlas, id_salt, hint, width);
        if shown.changed {
            *value = self.text().to_string();
        }
        shown
    }

    /// Replaces the text (from outside: a restored setting, a test); the caret goes to the end.
    pub fn set_text(&mut self, text: &str) {
        if text != self.field.text() {
            self.field = FieldText::new(text, false);
            self.relayout();
        }
    }

    fn relayout(&mut self) {
        let text = self.field.text();
        self.layout =
            Document::laid_out(text, &style(text, self.size_px, self.font), f32::INFINITY);
    }

    /// The id of the field shown with `id_salt` (for its focus).
    pub fn id(id_salt: &str) -> Id {
        Id::unique(("hamesh-engine-field", id_salt))
    }

    /// Draws the field across the available width and applies this frame's input to it when
    /// it has the focus.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        atlas: &mut GlyphAtlas,
        id_salt: &str,
        hint: &str,
    ) -> FieldResponse {
        let width = ui.available_width();
        self.show_sized(ui, atlas, id_salt, hint, width)
    }

    /// [`EngineField::show`] at a given width.
    pub fn show_sized(
        &mut self,
        ui: &mut Ui,
        atlas: &mut GlyphAtlas,
        id_salt: &str,
        hint: &str,
        width: f32,
    ) -> FieldResponse {
        let id = EngineField::id(id_salt);
        let height = self.size_px * 1.6 + PAD;
        let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
        let mut response = ui.interact(rect, id, Sense::click_and_drag());
        ui.data_mut(|d| d.insert_temp(id, FieldMarker));
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        let focused = response.has_focus();
        // Only a focused field changes; the others describe themselves without a copy.
        let before = focused.then(|| self.field.text().to_string());
        let inner = rect.shrink2(vec2(PAD, 0.0));
        let mut changed = false;
        if focused {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        ..EventFilter::default()
                    },
                )
            });
            for command in commands(ui, &self.field) {
                if let Some(copied) = copied_text(&command, &self.field) {
                    ui.ctx().copy_text(copied);
                }
                if self.field.apply(command, &self.layout) {
                    changed = true;
                    self.relayout();
                }
            }
        }
        let origin = self.origin(inner);
        // The pointer: a press places the caret, a drag extends the selection, a double click
        // selects a word.
        if let Some(pos) = response.interact_pointer_pos() {
            let local = pos - origin;
            if let Some((at, affinity)) = self.layout.hit_test(local.x, local.y) {
                let command = if response.double_clicked() {
                    FieldCommand::SelectWord(at)
                } else {
                    let extend = response.dragged() && !response.drag_started()
                        || ui.input(|i| i.modifiers.shift);
                    FieldCommand::Place {
                        at,
                        affinity,
                        extend,
                    }
                };
                self.field.apply(command, &self.layout);
            }
        }
        self.keep_caret_in_view(inner);
        let origin = self.origin(inner);
        self.paint(ui, atlas, rect, inner, origin, focused, hint);
        if focused {
            self.ime_output(ui, inner, origin);
        }
        let text = self.field.text();
        response.widget_info(|| {
            WidgetInfo::text_edit(true, before.as_deref().unwrap_or(text), text, hint)
        });
        if changed {
            response.mark_changed();
        }
        FieldResponse { response, changed }
    }

    /// The text's width as laid out (one line).
    fn width(&self) -> f32 {
        self.layout
            .paragraphs()
            .next()
            .map_or(0.0, |p| p.layout.align_width)
    }

    fn is_rtl(&self) -> bool {
        self.layout
            .paragraphs()
            .next()
            .is_some_and(|p| p.shaped.base.is_rtl())
    }

    /// Screen position of the layout's top-left corner.
    fn origin(&self, inner: Rect) -> egui::Pos2 {
        let w = self.width();
        let top = inner.center().y - self.layout.total_height() / 2.0;
        let natural = if self.is_rtl() {
            inner.right() - w
        } else {
            inner.left()
        };
        pos2(natural + self.scroll, top)
    }

    /// Scrolls so that the caret is inside the field; text that fits is not scrolled.
    fn keep_caret_in_view(&mut self, inner: Rect) {
        if self.width() <= inner.width() {
            self.scroll = 0.0;
            return;
        }
        let (at, affinity) = self.field.caret();
        let Some(caret) = self.layout.caret_rect(at, affinity) else {
            return;
        };
        let x = self.origin(inner).x + caret.x0;
        if x < inner.left() {
            self.scroll += inner.left() - x;
        } else if x > inner.right() {
            self.scroll -= x - inner.right();
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one frame's drawing inputs, named"
    )]
    fn paint(
        &mut self,
        ui: &Ui,
        atlas: &mut GlyphAtlas,
        rect: Rect,
        inner: Rect,
        origin: egui::Pos2,
        focused: bool,
        hint: &str,
    ) {
        let visuals = ui.visuals();
        let painter = ui.painter();
        let stroke = if focused {
            visuals.selection.stroke
        } else {
            visuals.widgets.inactive.bg_stroke
        };
        painter.rect(
            rect,
            visuals.widgets.inactive.corner_radius,
            visuals.extreme_bg_color,
            stroke,
            egui::StrokeKind::Inside,
        );
        let clipped = painter.with_clip_rect(inner.intersect(painter.clip_rect()));
        let ppp = ui.ctx().pixels_per_point();
        let snap = |p: egui::Pos2| pos2((p.x * ppp).round() / ppp, (p.y * ppp).round() / ppp);
        let selection = self.field.selection();
        if focused && !selection.is_empty() {
            for r in self.layout.range_rects(selection) {
                let r = Rect::from_min_max(origin + vec2(r.x0, r.y0), origin + vec2(r.x1, r.y1));
                clipped.rect_filled(r, 0.0, visuals.selection.bg_fill);
            }
        }
        let mut mesh = Mesh::with_texture(atlas.texture_id());
        let target = Target {
            pixels_per_point: ppp,
            clip: inner,
            color: visuals.text_color(),
        };
        if self.field.text().is_empty() {
            if !focused && !hint.is_empty() {
                let doc = self.hint_layout(hint);
                let w = doc
                    .paragraphs()
                    .next()
                    .map_or(0.0, |p| p.layout.align_width);
                let rtl = doc
                    .paragraphs()
                    .next()
                    .is_some_and(|p| p.shaped.base.is_rtl());
                let x = if rtl { inner.right() - w } else { inner.left() };
                let at = snap(pos2(x, inner.center().y - doc.total_height() / 2.0));
                let weak = Target {
                    color: visuals.weak_text_color(),
                    ..target
                };
                for p in doc.paragraphs() {
                    paragraph_glyphs(&mut mesh, atlas, p.view(), at + vec2(0.0, p.top), weak);
                }
            }
        } else {
            for p in self.layout.paragraphs() {
                let at = snap(origin + vec2(0.0, p.top));
                paragraph_glyphs(&mut mesh, atlas, p.view(), at, target);
            }
        }
        clipped.add(Shape::mesh(mesh));
        if focused {
            let (at, affinity) = self.field.caret();
            let caret = self
                .layout
                .caret_rect(at, affinity)
                .unwrap_or(crate::text::Rect {
                    x0: 0.0,
                    x1: 1.0,
                    y0: 0.0,
                    y1: self.size_px * 1.3,
                });
            let x = origin.x + caret.x0;
            clipped.line_segment(
                [pos2(x, origin.y + caret.y0), pos2(x, origin.y + caret.y1)],
                Stroke::new(1.5, visuals.text_cursor.stroke.color),
            );
        }
    }

    fn hint_layout(&mut self, hint: &str) -> &Document {
        if self.hint.as_ref().is_none_or(|(h, _)| h != hint) {
            let doc =
                Document::laid_out(hint, &style(hint, self.size_px, self.font), f32::INFINITY);
            self.hint = Some((hint.to_string(), doc));
        }
        match &self.hint {
            Some((_, doc)) => doc,
            None => &self.layout,
        }
    }

    /// Tells the platform where the field and its caret are, so an input method's window opens
    /// next to them and its commits reach the field.
    fn ime_output(&self, ui: &Ui, inner: Rect, origin: egui::Pos2) {
        let (at, affinity) = self.field.caret();
        let caret = self
            .layout
            .caret_rect(at, affinity)
            .map(|c| Rect::from_min_max(origin + vec2(c.x0, c.y0), origin + vec2(c.x1, c.y1)))
            .unwrap_or(inner);
        let to_global = ui
            .ctx()
            .layer_transform_to_global(ui.layer_id())
            .unwrap_or_default();
        ui.output_mut(|o| {
            o.ime = Some(egui::output::IMEOutput {
                purpose: egui::IMEPurpose::Normal,
                rect: to_global * inner,
                cursor_rect: to_global * caret,
                should_interrupt_composition: false,
            });
        });
    }
}

/// What copying (or cutting) puts on the clipboard, if `command` is one.
fn copied_text(command: &FieldCommand, field: &FieldText) -> Option<String> {
    match command {
        FieldCommand::Insert(s) if s.is_empty() && !field.selection().is_empty() => {
            Some(field.selected_text().to_string())
        }
        _ => None,
    }
}

/// This frame's input as field commands.
fn commands(ui: &Ui, field: &FieldText) -> Vec<FieldCommand> {
    let events = ui.input(|i| i.events.clone());
    let mut out = Vec::new();
    for event in events {
        match event {
            Event::Text(s) if !s.is_empty() => out.push(FieldCommand::Insert(s)),
            Event::Paste(s) => out.push(FieldCommand::Insert(s)),
            Event::Ime(ImeEvent::Commit(s)) if !s.is_empty() && s != "\n" && s != "\r" => {
                out.push(FieldCommand::Insert(s));
            }
            Event::Copy if !field.selection().is_empty() => {
                ui.ctx().copy_text(field.selected_text().to_string());
            }
            // Cutting: the selection goes to the clipboard, then an empty insert removes it.
            Event::Cut => out.push(FieldCommand::Insert(String::new())),
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                if let Some(c) = key_command(key, modifiers) {
                    out.push(c);
                }
            }
            _ => {}
        }
    }
    out
}

fn key_command(key: Key, m: Modifiers) -> Option<FieldCommand> {
    let word = m.command || m.alt;
    let mv = |motion| {
        Some(FieldCommand::Move {
            motion,
            extend: m.shift,
        })
    };
    match key {
        Key::ArrowLeft if word => mv(Motion::WordLeft),
        Key::ArrowRight if word => mv(Motion::WordRight),
        Key::ArrowLeft => mv(Motion::Left),
        Key::ArrowRight => mv(Motion::Right),
        Key::ArrowUp => mv(Motion::Up),
        Key::ArrowDown => mv(Motion::Down),
        Key::Home if m.command => mv(Motion::TextStart),
        Key::End if m.command => mv(Motion::TextEnd),
        Key::Home => mv(Motion::LineStart),
        Key::End => mv(Motion::LineEnd),
        Key::Backspace if word => Some(FieldCommand::DeleteWordBackward),
        Key::Backspace => Some(FieldCommand::DeleteBackward),
        Key::Delete => Some(FieldCommand::DeleteForward),
        Key::A if m.command => Some(FieldCommand::SelectAll),
        Key::Z if m.command && m.shift => Some(FieldCommand::Redo),
        Key::Z if m.command => Some(FieldCommand::Undo),
        Key::Y if m.command => Some(FieldCommand::Redo),
        _ => None,
    }
}

impl EngineField {
    /// The caret's character and affinity.
    pub fn caret(&self) -> (CharIndex, Affinity) {
        self.field.caret()
    }

    /// The first character of each glyph cluster the field draws, left to right on screen:
    /// what a reader of the field sees, in the order they see it.
    pub fn drawn_order(&self) -> String {
        let mut out = String::new();
        for p in self.layout.paragraphs() {
            let text = &self.field.text()[p.span.bytes.clone()];
            let view = p.view();
            let mut last = None;
            for line in 0..p.layout.lines.len() {
                for g in view.placed_glyphs(line) {
                    if last != Some(g.cluster_byte) {
                        last = Some(g.cluster_byte);
                        out.extend(text[g.cluster_byte..].chars().next());
                    }
                }
            }
        }
        out
    }
}
