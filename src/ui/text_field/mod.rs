//! A text field drawn and hit-tested by the engine, one line or several, for fields that hold
//! article language (the filter box, span notes, paths): egui's TextEdit draws «روسيا 2015» as
//! «5102 روسيا», joins no Arabic letters in some fonts and loses its caret in right-to-left
//! text.
//!
//! The editing is [`FieldText`]'s (typing, deleting, visual moves, words, undo); this widget
//! turns egui's events into its commands, lays its text out with the engine, draws the glyphs
//! from the glyph atlas, the selection from the document's range rectangles and the caret from
//! its caret rectangle, and keeps the caret in view when the text is wider than the field.
//! Right-to-left text sits at the field's right edge. A multi-line field wraps at its width,
//! grows with its text and takes Enter as a line break. An input method's composition is drawn
//! at the caret, underlined, until it is committed.

use egui::{
    EventFilter, Id, Mesh, Rect, Response, Sense, Shape, Stroke, Ui, WidgetInfo, pos2, vec2,
};

use crate::text::field::{FieldCommand, FieldText};
use crate::text::{Affinity, CharIndex, Document, FontChoice, Language, TextStyle};

use super::atlas::GlyphAtlas;
use super::paint::{Target, paragraph_glyphs};

mod input;

use input::{Input, copied_text, inputs};

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
    /// Lines shown at least, when the field holds several (0: a one-line field).
    rows: usize,
    /// An input method's composition, drawn at the caret but not yet in the text.
    preedit: Option<Preedit>,
}

/// The text as drawn while an input method composes: the field's text with the composition
/// at the caret.
struct Preedit {
    layout: Document,
    range: std::ops::Range<CharIndex>,
}

/// Marks an id as an engine field's, so that the window's shortcuts know a field has the
/// keyboard (egui's own check only knows its TextEdit).
#[derive(Clone, Copy, Default)]
struct FieldMarker {
    multiline: bool,
}

fn focused_marker(ctx: &egui::Context) -> Option<FieldMarker> {
    let id = ctx.memory(|m| m.focused())?;
    ctx.data(|d| d.get_temp::<FieldMarker>(id))
}

/// Whether an engine-drawn field has the keyboard focus.
pub fn engine_field_focused(ctx: &egui::Context) -> bool {
    focused_marker(ctx).is_some()
}

/// Whether the focused field is one of several lines (↑ and ↓ are its own).
pub fn multiline_field_focused(ctx: &egui::Context) -> bool {
    focused_marker(ctx).is_some_and(|m| m.multiline)
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
            rows: 0,
            preedit: None,
        }
    }

    /// A field of several lines, at least `rows` high: it wraps at its width and grows with
    /// its text.
    pub fn multiline(text: &str, size_px: f32, font: FontChoice, rows: usize) -> EngineField {
        EngineField {
            field: FieldText::new(text, true),
            rows: rows.max(1),
            ..EngineField::new("", size_px, font)
        }
    }

    fn is_multiline(&self) -> bool {
        self.rows > 0
    }

    /// The width the text wraps at: none for a one-line field.
    fn wrap_width(&self) -> f32 {
        if self.is_multiline() {
            self.layout.width()
        } else {
            f32::INFINITY
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
            self.field = FieldText::new(text, self.is_multiline());
            self.preedit = None;
            self.relayout();
        }
    }

    fn relayout(&mut self) {
        let text = self.field.text();
        let width = self.wrap_width();
        self.layout = Document::laid_out(text, &style(text, self.size_px, self.font), width);
    }

    /// Wraps a multi-line field's text at `width` (when it changed; nothing is shaped again).
    fn fit_width(&mut self, width: f32) {
        if self.is_multiline() {
            self.layout.rewrap(width.max(1.0));
        }
    }

    /// One line's height in the field.
    fn line_height(&self) -> f32 {
        self.size_px * 1.6
    }

    /// The field's height: one line, or a multi-line field's rows (more when its text is
    /// taller).
    fn height(&self) -> f32 {
        if self.is_multiline() {
            let text = self.shown().total_height().max(self.line_height());
            text.max(self.rows as f32 * self.line_height()) + PAD
        } else {
            self.line_height() + PAD
        }
    }

    /// The layout drawn: with the composition while an input method composes.
    fn shown(&self) -> &Document {
        self.preedit.as_ref().map_or(&self.layout, |p| &p.layout)
    }

    /// Shows `composing` at the caret (nothing when empty), replacing the selection as drawn.
    fn set_preedit(&mut self, composing: &str) {
        if composing.is_empty() {
            self.preedit = None;
            return;
        }
        let (shown, range) = self.field.with_selection_replaced(composing);
        let style = style(&shown, self.size_px, self.font);
        let layout = Document::laid_out(shown, &style, self.wrap_width());
        self.preedit = Some(Preedit { layout, range });
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
        self.fit_width(width - 2.0 * PAD);
        let (rect, _) = ui.allocate_exact_size(vec2(width, self.height()), Sense::hover());
        let mut response = ui.interact(rect, id, Sense::click_and_drag());
        let marker = FieldMarker {
            multiline: self.is_multiline(),
        };
        ui.data_mut(|d| d.insert_temp(id, marker));
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
            for input in inputs(ui, &self.field, self.is_multiline()) {
                let command = match input {
                    Input::Preedit(composing) => {
                        self.set_preedit(&composing);
                        continue;
                    }
                    Input::Command(command) => command,
                };
                if let Some(copied) = copied_text(&command, &self.field) {
                    ui.ctx().copy_text(copied);
                }
                if self.field.apply(command, &self.layout) {
                    changed = true;
                    self.relayout();
                }
            }
        } else {
            self.preedit = None;
        }
        let origin = self.origin(inner);
        // The pointer: a press places the caret, a drag extends the selection, a double click
        // selects a word.
        if let Some(pos) = response
            .interact_pointer_pos()
            .filter(|_| self.preedit.is_none())
        {
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
        self.shown()
            .paragraphs()
            .next()
            .map_or(0.0, |p| p.layout.align_width)
    }

    fn is_rtl(&self) -> bool {
        self.shown()
            .paragraphs()
            .next()
            .is_some_and(|p| p.shaped.base.is_rtl())
    }

    /// The caret in the drawn layout: after the composition while an input method composes.
    fn caret_rect(&self) -> Option<crate::text::Rect> {
        match &self.preedit {
            Some(p) => p.layout.caret_rect(p.range.end, Affinity::Upstream),
            None => {
                let (at, affinity) = self.field.caret();
                self.layout.caret_rect(at, affinity)
            }
        }
    }

    /// Screen position of the layout's top-left corner.
    fn origin(&self, inner: Rect) -> egui::Pos2 {
        if self.is_multiline() {
            // The layout is as wide as the field and aligns each paragraph itself.
            return pos2(inner.left(), inner.top() + PAD / 2.0);
        }
        let w = self.width();
        let top = inner.center().y - self.shown().total_height() / 2.0;
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
        let Some(caret) = self.caret_rect() else {
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
        if focused && !selection.is_empty() && self.preedit.is_none() {
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
            for p in self.shown().paragraphs() {
                let at = snap(origin + vec2(0.0, p.top));
                paragraph_glyphs(&mut mesh, atlas, p.view(), at, target);
            }
        }
        clipped.add(Shape::mesh(mesh));
        if let Some(preedit) = &self.preedit {
            // The composition is underlined, as input methods expect.
            let stroke = Stroke::new(1.0, visuals.text_color());
            for r in preedit.layout.range_rects(preedit.range.clone()) {
                let y = origin.y + r.y1 - 1.0;
                clipped.line_segment([pos2(origin.x + r.x0, y), pos2(origin.x + r.x1, y)], stroke);
            }
        }
        if focused {
            let caret = self.caret_rect().unwrap_or(crate::text::Rect {
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
        let caret = self
            .caret_rect()
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

impl EngineField {
    /// The caret's character and affinity.
    pub fn caret(&self) -> (CharIndex, Affinity) {
        self.field.caret()
    }

    /// The text as drawn: with an input method's composition at the caret while it composes.
    pub fn drawn_text(&self) -> &str {
        self.shown().text()
    }

    /// The number of visual lines drawn.
    pub fn drawn_lines(&self) -> usize {
        self.shown()
            .paragraphs()
            .map(|p| p.layout.lines.len())
            .sum()
    }

    /// The first character of each glyph cluster the field draws, left to right on screen:
    /// what a reader of the field sees, in the order they see it.
    pub fn drawn_order(&self) -> String {
        let mut out = String::new();
        for p in self.shown().paragraphs() {
            let text = &self.shown().text()[p.span.bytes.clone()];
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
