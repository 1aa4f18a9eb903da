//! The selected span's entity, in the highlight panel: the entity it links to (its name, id
//! and Wikidata item, which can be typed), unlink, and "add as alias" when the span's text is
//! not yet one of the entity's forms; or, for an unlinked span, the entities whose names or
//! aliases match its text under the normaliser (then others with its label), each with
//! "link", and "new entity".

use egui::{Sense, Ui, vec2};

use crate::annotate::Span;
use crate::annotate::entities::Entity;
use crate::i18n::{Msg, tr};
use crate::search::{FoldOptions, fold};

use super::super::chrome::{bar_ui, wrapped_ui};
use super::super::command::{AnnotateCommand, Command};
use super::super::text_field::EngineField;
use super::Annotating;
use super::panel::PanelPaint;
use super::rows::quote_ui;

/// The Wikidata field and the entity it was filled from.
#[derive(Default)]
pub struct EntityField {
    qid: EngineField,
    of: Option<(String, Option<String>)>,
}

const SALT: &str = "hamesh-entity-qid";
/// Entities offered for an unlinked span.
const OFFERED: usize = 5;

impl EntityField {
    pub fn entity_ui(
        &mut self,
        ui: &mut Ui,
        a: &Annotating,
        span: &Span,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let lang = paint.lang;
        if let Some(problem) = &a.registry_problem {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    tr(lang, Msg::RegistryUnreadable),
                )
                .on_hover_text(problem);
            });
            return;
        }
        match span.entity.as_deref() {
            Some(id) => match a.registry.get(id) {
                Some(entity) => self.linked_ui(ui, (entity, span), paint, out),
                None => {
                    bar_ui(ui, lang, |ui| {
                        ui.weak(tr(lang, Msg::Entity));
                        ui.colored_label(ui.visuals().warn_fg_color, id);
                        ui.weak(tr(lang, Msg::EntityMissing));
                        if ui.small_button(tr(lang, Msg::Unlink)).clicked() {
                            out.push(AnnotateCommand::LinkEntity(span.id.clone(), None).into());
                        }
                    });
                }
            },
            None => unlinked_ui(ui, a, span, paint, out),
        }
    }

    fn linked_ui(
        &mut self,
        ui: &mut Ui,
        (entity, span): (&Entity, &Span),
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let lang = paint.lang;
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::Entity));
            ui.label(entity.id.as_str());
            let width = (ui.available_width() - 8.0).max(40.0);
            let (rect, _) = ui.allocate_exact_size(vec2(width, 22.0), Sense::hover());
            let name = entity.name(span_language(&span.text));
            quote_ui(ui, rect, name, paint, ui.visuals().strong_text_color());
        });
        let key = fold(span.text.trim(), FoldOptions::SEARCH);
        let known = entity
            .forms()
            .any(|f| fold(f.trim(), FoldOptions::SEARCH) == key);
        wrapped_ui(ui, lang, |ui| {
            if ui.small_button(tr(lang, Msg::Unlink)).clicked() {
                out.push(AnnotateCommand::LinkEntity(span.id.clone(), None).into());
            }
            if !known && ui.small_button(tr(lang, Msg::AddAlias)).clicked() {
                out.push(AnnotateCommand::AddAlias(span.id.clone()).into());
            }
        });
        let current = (entity.id.clone(), entity.wikidata.clone());
        let focused = ui.memory(|m| m.has_focus(EngineField::id(SALT)));
        if !focused && self.of.as_ref() != Some(&current) {
            self.qid.set_text(entity.wikidata.as_deref().unwrap_or(""));
            self.of = Some(current);
        }
        bar_ui(ui, lang, |ui| {
            let name = ui.weak(tr(lang, Msg::Wikidata));
            let width = (ui.available_width() - 8.0).clamp(60.0, 160.0);
            let field = self.qid.show_sized(ui, paint.atlas, SALT, "Q159", width);
            if field.response.labelled_by(name.id).lost_focus() {
                let typed = self.qid.text().trim().to_string();
                if Some(typed.as_str()) != entity.wikidata.as_deref()
                    && !(typed.is_empty() && entity.wikidata.is_none())
                {
                    out.push(AnnotateCommand::SetWikidata(entity.id.clone(), typed).into());
                }
                self.of = None;
            }
        });
    }
}

/// The language whose name to show for a span's text.
fn span_language(text: &str) -> &'static str {
    match crate::text::Language::detect(text).tag() {
        Some(tag) => tag,
        None => "en",
    }
}

fn unlinked_ui(
    ui: &mut Ui,
    a: &Annotating,
    span: &Span,
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    // The entities the text names, then others with the span's label, newest first.
    let mut offered = a.registry.candidates(&span.text, &span.label);
    let mut others: Vec<_> = a
        .registry
        .entities()
        .filter(|e| e.label == span.label && !offered.iter().any(|o| o.id == e.id))
        .collect();
    others.reverse();
    offered.extend(others);
    for entity in offered.iter().take(OFFERED) {
        bar_ui(ui, lang, |ui| {
            if ui
                .small_button(tr(lang, Msg::LinkTo))
                .on_hover_text(entity.id.as_str())
                .clicked()
            {
                out.push(
                    AnnotateCommand::LinkEntity(span.id.clone(), Some(entity.id.clone())).into(),
                );
            }
            ui.weak(format!("{} · {}", entity.id, entity.label));
            let width = (ui.available_width() - 8.0).max(40.0);
            let (rect, _) = ui.allocate_exact_size(vec2(width, 22.0), Sense::hover());
            let name = entity.name(span_language(&span.text));
            quote_ui(ui, rect, name, paint, ui.visuals().text_color());
        });
    }
    bar_ui(ui, lang, |ui| {
        ui.weak(tr(lang, Msg::Entity));
        if ui.small_button(tr(lang, Msg::NewEntity)).clicked() {
            out.push(AnnotateCommand::NewEntity(span.id.clone()).into());
        }
    });
}
