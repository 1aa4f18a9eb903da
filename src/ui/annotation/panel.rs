//! The highlight panel, on the trailing side of the window (the left in an Arabic or Persian
//! interface): the document's status and tags, the label palette, counts per label (a filter),
//! the spans that could not be placed after the article changed, every span in reading order,
//! and below them the selected span with its note.
//!
//! Quotes are article text, drawn by the engine ([`LabelCache`], [`super::rows`]); label names,
//! counts and offsets are egui labels beside them. The span list draws only the rows in view, so a
//! document with thousands of spans scrolls as smoothly as one with ten.

use egui::{Color32, CornerRadius, Role, Sense, Ui, WidgetInfo, vec2};

use crate::annotate::label::key_name;
use crate::annotate::{DocStatus, DocumentAnnotations, Span, SpanId};
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;
use crate::text::FontChoice;

use super::super::atlas::GlyphAtlas;
use super::super::chrome::{bar_ui, wrapped_ui};
use super::super::command::{AnnotateCommand, Command, SearchCommand, ViewCommand};
use super::super::engine_label::LabelCache;
use super::super::text_field::EngineField;
use super::entity_link::EntityField;
use super::review::review_ui;
use super::rows::{CHIP_WIDTH, chip_galley, chip_paint, quote_ui, row_paint};
use super::suggestions_panel::suggestions_ui;
use super::{Annotating, Counts};
use crate::search::suggest::Suggestion;

const ROW_HEIGHT: f32 = 30.0;

/// The panel's own state between frames.
pub struct PanelState {
    /// Show only spans with this label.
    pub filter: Option<String>,
    /// The tags field (drawn by the engine: tags are article language), and the document whose
    /// tags it was filled from.
    tags_text: EngineField,
    tags_of: Option<(String, Vec<String>)>,
    /// The note field, and the span it was filled from.
    note_text: EngineField,
    note_of: Option<(SpanId, String)>,
    /// The selected span's entity and its Wikidata field.
    entity: EntityField,
    /// The span shown last (its flash's start), which the list scrolled to, and the rows the
    /// list showed last frame.
    followed: Option<std::time::Instant>,
    rows_in_view: std::ops::Range<usize>,
    /// The height of the selected span's block when it was last drawn.
    selected_height: f32,
}

impl Default for PanelState {
    fn default() -> Self {
        PanelState {
            filter: None,
            tags_text: EngineField::default(),
            tags_of: None,
            // A note may run to a few lines: Enter breaks the line, leaving the field saves it.
            note_text: EngineField::multiline("", 14.0, crate::text::FontChoice::Vazirmatn, 2),
            note_of: None,
            entity: EntityField::default(),
            followed: None,
            rows_in_view: 0..0,
            selected_height: 120.0,
        }
    }
}

/// What the panel draws with.
pub struct PanelPaint<'a> {
    pub atlas: &'a mut GlyphAtlas,
    pub labels: &'a mut LabelCache,
    pub lang: UiLanguage,
    pub font: FontChoice,
}

pub fn status_msg(status: DocStatus) -> Msg {
    match status {
        DocStatus::NotStarted => Msg::StatusNotStarted,
        DocStatus::InProgress => Msg::StatusInProgress,
        DocStatus::Done => Msg::StatusDone,
        DocStatus::Skipped => Msg::StatusSkipped,
    }
}

/// Tags as typed: separated by commas (Latin or Arabic) or semicolons, trimmed, no repeats.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in text.split([',', '،', ';', '؛']) {
        let t = t.trim();
        if !t.is_empty() && !out.iter().any(|x| x == t) {
            out.push(t.to_string());
        }
    }
    out
}

impl PanelState {
    /// The selected span's note field.
    pub fn note_field(&self) -> &EngineField {
        &self.note_text
    }

    /// Draws the panel for document `rel`.
    pub fn panel_ui(
        &mut self,
        ui: &mut Ui,
        a: &Annotating,
        (rel, counts, text, suggestions): (&str, &Counts, &str, &[Suggestion]),
        char_precision: bool,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let lang = paint.lang;
        let Some(session) = a.session(rel) else {
            return;
        };
        let doc = &session.doc;
        bar_ui(ui, lang, |ui| {
            ui.strong(tr(lang, Msg::Highlights));
            ui.label(doc.spans.len().to_string());
        });
        self.status_ui(ui, doc, lang, out);
        self.tags_ui(ui, rel, doc, paint, out);
        ui.separator();
        self.palette_ui(ui, a, char_precision, lang, out);
        ui.separator();
        let selected = a.selected.as_ref().and_then(|id| doc.span(id));
        self.counts_ui(ui, a, doc, counts, lang);
        if !doc.needs_review.is_empty() {
            review_ui(ui, a, (doc, text), paint, out);
        }
        if !a.suggesting.hidden {
            ui.separator();
            suggestions_ui(ui, a, suggestions, paint, out);
        }
        ui.separator();
        if doc.spans.is_empty() {
            ui.weak(tr(lang, Msg::NoSpans));
            return;
        }
        // The selected span's block goes below the list, in room the list leaves for it (as
        // tall as the block was last frame): selecting a row never moves the rows.
        let reserve = selected.map_or(0.0, |_| self.selected_height + 12.0);
        self.rows_ui(ui, a, doc, reserve, paint, out);
        if let Some(span) = selected {
            ui.separator();
            let top = ui.cursor().min.y;
            self.selected_ui(ui, a, span, paint, out);
            self.selected_height = ui.cursor().min.y - top;
        }
    }

    fn status_ui(
        &self,
        ui: &mut Ui,
        doc: &DocumentAnnotations,
        lang: UiLanguage,
        out: &mut Vec<Command>,
    ) {
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::Status));
            for status in [
                DocStatus::NotStarted,
                DocStatus::InProgress,
                DocStatus::Done,
                DocStatus::Skipped,
            ] {
                let text = tr(lang, status_msg(status));
                if ui.selectable_label(doc.status == status, text).clicked() {
                    out.push(AnnotateCommand::SetDocStatus(status).into());
                }
            }
        });
    }

    fn tags_ui(
        &mut self,
        ui: &mut Ui,
        rel: &str,
        doc: &DocumentAnnotations,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let lang = paint.lang;
        let salt = "hamesh-doc-tags";
        let focused = ui.memory(|m| m.has_focus(EngineField::id(salt)));
        let current = (rel.to_string(), doc.tags.clone());
        if !focused && self.tags_of.as_ref() != Some(&current) {
            self.tags_text.set_text(&doc.tags.join(", "));
            self.tags_of = Some(current);
        }
        bar_ui(ui, lang, |ui| {
            let name = ui.weak(tr(lang, Msg::DocumentTags));
            let field = self
                .tags_text
                .show(ui, paint.atlas, salt, tr(lang, Msg::TagsHint));
            let response = field.response.labelled_by(name.id);
            if response.lost_focus() {
                let tags = parse_tags(self.tags_text.text());
                if tags != doc.tags {
                    out.push(AnnotateCommand::SetDocTags(tags).into());
                }
                self.tags_of = None;
            }
        });
    }

    fn palette_ui(
        &mut self,
        ui: &mut Ui,
        a: &Annotating,
        char_precision: bool,
        lang: UiLanguage,
        out: &mut Vec<Command>,
    ) {
        wrapped_ui(ui, lang, |ui| {
            for l in &a.labels.labels {
                let text = match l.key {
                    Some(k) => format!("{} {}", key_name(k), l.name),
                    None => l.name.clone(),
                };
                let width = chip_galley(ui, &text).size().x + 14.0;
                let (rect, response) = ui.allocate_exact_size(vec2(width, 22.0), Sense::click());
                let [r, g, b] = l.rgb();
                let color = Color32::from_rgb(r, g, b);
                let color = if response.hovered() {
                    color.gamma_multiply(0.85)
                } else {
                    color
                };
                chip_paint(ui, rect, &text, color);
                response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &l.name));
                let response = if l.description.is_empty() {
                    response
                } else {
                    response.on_hover_text(&l.description)
                };
                if response.clicked() {
                    out.push(AnnotateCommand::Tag(l.name.clone()).into());
                }
            }
        });
        bar_ui(ui, lang, |ui| {
            if ui.button(tr(lang, Msg::EditLabels)).clicked() {
                out.push(ViewCommand::OpenLabelEditor.into());
            }
            let mut precise = char_precision;
            let response = ui
                .checkbox(&mut precise, tr(lang, Msg::CharacterPrecision))
                .on_hover_text(tr(lang, Msg::CharacterPrecisionHint));
            if response.changed() {
                out.push(ViewCommand::TogglePrecision.into());
            }
        });
    }

    fn selected_ui(
        &mut self,
        ui: &mut Ui,
        a: &Annotating,
        span: &Span,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let lang = paint.lang;
        let salt = "hamesh-span-note";
        let focused = ui.memory(|m| m.has_focus(EngineField::id(salt)));
        let current = (span.id.clone(), span.note.clone());
        if !focused && self.note_of.as_ref() != Some(&current) {
            self.note_text.set_text(&span.note);
            self.note_of = Some(current);
        }
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::SelectedSpan));
            let (rect, _) = ui.allocate_exact_size(vec2(CHIP_WIDTH, 18.0), Sense::hover());
            chip_paint(ui, rect, &span.label, a.color_of(&span.label));
            if a.labels.get(&span.label).is_none() {
                ui.weak(tr(lang, Msg::UnknownLabel));
            }
            ui.weak(format!("{}–{}", span.start, span.end));
        });
        let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), 26.0), Sense::hover());
        quote_ui(
            ui,
            rect,
            &span.text,
            paint,
            ui.visuals().strong_text_color(),
        );
        bar_ui(ui, lang, |ui| {
            if ui.button(tr(lang, Msg::DeleteSpan)).clicked() {
                out.push(AnnotateCommand::DeleteSpan.into());
            }
        });
        bar_ui(ui, lang, |ui| {
            let name = ui.weak(tr(lang, Msg::Note));
            let width = ui.available_width().max(60.0);
            let field = self.note_text.show_sized(ui, paint.atlas, salt, "", width);
            if field.response.labelled_by(name.id).lost_focus() {
                if self.note_text.text() != span.note {
                    out.push(
                        AnnotateCommand::SetSpanNote(
                            span.id.clone(),
                            self.note_text.text().to_string(),
                        )
                        .into(),
                    );
                }
                self.note_of = None;
            }
        });
        bar_ui(ui, lang, |ui| {
            if ui.button(tr(lang, Msg::LabelMentions)).clicked() {
                out.push(SearchCommand::LabelMentions(span.id.clone()).into());
            }
        });
        self.entity.entity_ui(ui, a, span, paint, out);
    }

    fn counts_ui(
        &mut self,
        ui: &mut Ui,
        a: &Annotating,
        doc: &DocumentAnnotations,
        counts: &Counts,
        lang: UiLanguage,
    ) {
        wrapped_ui(ui, lang, |ui| {
            if ui
                .selectable_label(self.filter.is_none(), tr(lang, Msg::AllLabels))
                .clicked()
            {
                self.filter = None;
            }
            ui.weak(doc.spans.len().to_string());
            // The set's labels in its order, then labels missing from it (kept, grey).
            let names = a.labels.labels.iter().map(|l| l.name.as_str()).chain(
                counts
                    .keys()
                    .map(String::as_str)
                    .filter(|n| a.labels.get(n).is_none()),
            );
            for name in names {
                let Some(&n) = counts.get(name) else {
                    continue;
                };
                let on = self.filter.as_deref() == Some(name);
                let text = egui::RichText::new(name).color(a.color_of(name));
                if ui.selectable_label(on, text).clicked() {
                    self.filter = if on { None } else { Some(name.to_string()) };
                }
                ui.weak(n.to_string());
            }
        });
        if let Some(f) = &self.filter
            && !counts.contains_key(f)
        {
            self.filter = None;
        }
    }

    fn rows_ui(
        &mut self,
        ui: &mut Ui,
        a: &Annotating,
        doc: &DocumentAnnotations,
        reserve: f32,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        // Rows are span indices; only a filter needs a list of them.
        let filtered: Option<Vec<usize>> = self.filter.as_ref().map(|f| {
            (0..doc.spans.len())
                .filter(|&i| &doc.spans[i].label == f)
                .collect()
        });
        let count = filtered.as_ref().map_or(doc.spans.len(), Vec::len);
        let row = |r: usize| filtered.as_ref().map_or(r, |f| f[r]);
        ui.spacing_mut().item_spacing.y = 0.0;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("hamesh-span-rows")
            .auto_shrink([false, false])
            .max_height((ui.available_height() - reserve).max(ROW_HEIGHT * 3.0));
        // A span shown in the reader (Tab, a search hit) is brought into the list's view too.
        if let Some((id, at)) = &a.flash
            && self.followed != Some(*at)
        {
            self.followed = Some(*at);
            let position = (0..count).position(|r| &doc.spans[row(r)].id == id);
            if let Some(r) = position
                && !self.rows_in_view.contains(&r)
            {
                let offset = (r as f32 - 2.0).max(0.0) * ROW_HEIGHT;
                area = area.vertical_scroll_offset(offset);
            }
        }
        let mut in_view = 0..0;
        area.show_rows(ui, ROW_HEIGHT, count, |ui, range| {
            in_view = range.clone();
            for i in range.map(row) {
                let span = &doc.spans[i];
                let (rect, response) =
                    ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
                let selected = a.selected.as_ref() == Some(&span.id);
                response.widget_info(|| {
                    WidgetInfo::selected(Role::ListBoxOption, true, selected, &span.text)
                });
                if response.clicked() {
                    out.push(AnnotateCommand::RevealSpan(span.id.clone()).into());
                }
                if !ui.is_rect_visible(rect) {
                    continue;
                }
                let visuals = ui.visuals();
                if selected {
                    ui.painter().rect_filled(
                        rect,
                        CornerRadius::same(3),
                        visuals.selection.bg_fill,
                    );
                } else if response.hovered() {
                    ui.painter()
                        .rect_filled(rect, CornerRadius::same(3), visuals.faint_bg_color);
                }
                let color = visuals.text_color();
                row_paint(ui, rect, (a, span), paint, color);
            }
        });
        self.rows_in_view = in_view;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_latin_and_arabic_commas() {
        assert_eq!(
            parse_tags(" سياسة، روسيا ,politics;; روسيا "),
            ["سياسة", "روسيا", "politics"]
        );
        assert!(parse_tags(" , ").is_empty());
    }
}
