//! The curation view (Annotate → Curate, Ctrl+Shift+U): for the open document, every
//! annotator's spans aligned. Spans every annotator has are agreed and taken all at once;
//! the others are conflicts, listed with who has each, and accepted one by one. What is
//! accepted becomes a span of the curated layer (the corpus's unnamed one, what export reads),
//! through the ordinary edit path, so it can be undone and edited freely afterwards.
//!
//! Curating writes the curated layer, so the window must have it open: with no annotator name
//! set, or in a corpus without layers. With one's own layer open, the view says so.

use std::collections::BTreeMap;

use egui::{Context, Sense, Ui, vec2};

use crate::annotate::layers::list;
use crate::annotate::{Span, Store};
use crate::i18n::{Msg, tr};
use crate::text::CharIndex;

use super::annotation::Annotating;
use super::annotation::panel::PanelPaint;
use super::annotation::rows::{CHIP_WIDTH, chip_paint, quote_ui};
use super::chrome::bar_ui;
use super::command::{AnnotateCommand, Command, ReadCommand};

/// One distinct span of the document's layers: where, what label, its text, and who has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub start: CharIndex,
    pub end: CharIndex,
    pub label: String,
    pub text: String,
    pub annotators: Vec<String>,
}

pub struct CurationView {
    /// The document the candidates are of.
    rel: String,
    annotators: Vec<String>,
    candidates: Vec<Candidate>,
    problems: Vec<String>,
}

impl CurationView {
    /// Reads every annotator's layer of document `rel` (a few small files).
    pub fn open(store: &Store, rel: &str) -> CurationView {
        let layers = list(store);
        let mut problems = layers.problems.clone();
        let mut by_key: BTreeMap<(CharIndex, CharIndex, String), Candidate> = BTreeMap::new();
        for name in &layers.names {
            let spans: Vec<Span> = match store.layer(name).map(|l| l.load(rel)) {
                Ok(Ok(Some(doc))) => doc.spans,
                Ok(Ok(None)) => Vec::new(),
                Ok(Err(e)) => {
                    problems.push(format!("{name}: {e}"));
                    Vec::new()
                }
                Err(e) => {
                    problems.push(e.to_string());
                    Vec::new()
                }
            };
            for s in spans {
                let c = by_key
                    .entry((s.start, s.end, s.label.clone()))
                    .or_insert_with(|| Candidate {
                        start: s.start,
                        end: s.end,
                        label: s.label.clone(),
                        text: s.text.clone(),
                        annotators: Vec::new(),
                    });
                if !c.annotators.contains(name) {
                    c.annotators.push(name.clone());
                }
            }
        }
        CurationView {
            rel: rel.to_string(),
            annotators: layers.names,
            candidates: by_key.into_values().collect(),
            problems,
        }
    }

    pub fn rel(&self) -> &str {
        &self.rel
    }

    /// Spans every annotator has.
    pub fn agreed(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.annotators.len() == self.annotators.len())
    }

    /// Spans some annotators have and others do not.
    pub fn conflicts(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.annotators.len() < self.annotators.len())
    }

    /// Draws the window; returns whether it stays open. `curated` holds the curated layer's
    /// spans of the document (`None` when the window has another layer open).
    pub fn show(
        &self,
        ctx: &Context,
        (a, curated): (&Annotating, Option<&[Span]>),
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) -> bool {
        let lang = paint.lang;
        let mut open = true;
        egui::Window::new(tr(lang, Msg::Curate))
            .id(egui::Id::unique("hamesh-curation"))
            .open(&mut open)
            .default_size(vec2(480.0, 480.0))
            // Below the menu bar and the toolbar, over the article.
            .default_pos([360.0, 60.0])
            .resizable(true)
            .show(ctx, |ui| {
                let Some(curated) = curated else {
                    ui.label(tr(lang, Msg::CurateNeedsCuratedLayer));
                    return;
                };
                if self.annotators.len() < 2 {
                    ui.label(tr(lang, Msg::AgreementNeedsTwo));
                    ui.weak(self.annotators.len().to_string());
                    return;
                }
                let taken = |c: &Candidate| {
                    curated
                        .iter()
                        .any(|s| s.start == c.start && s.end == c.end && s.label == c.label)
                };
                let pending: Vec<&Candidate> = self.agreed().filter(|c| !taken(c)).collect();
                bar_ui(ui, lang, |ui| {
                    ui.weak(tr(lang, Msg::Agreed));
                    ui.label(self.agreed().count().to_string());
                    let button = ui.add_enabled(
                        !pending.is_empty(),
                        egui::Button::new(tr(lang, Msg::AcceptAgreed)),
                    );
                    if button.clicked() {
                        out.push(add(&pending));
                    }
                });
                ui.separator();
                ui.strong(tr(lang, Msg::Conflicts));
                egui::ScrollArea::vertical()
                    .id_salt("hamesh-curation-scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for c in self.conflicts() {
                            conflict_ui(ui, (c, a.color_of(&c.label)), taken(c), paint, out);
                        }
                        for p in &self.problems {
                            ui.weak(p.as_str());
                        }
                    });
            });
        open
    }
}

fn add(candidates: &[&Candidate]) -> Command {
    AnnotateCommand::AddSpans(
        candidates
            .iter()
            .map(|c| (c.start, c.end, c.label.clone()))
            .collect(),
    )
    .into()
}

fn conflict_ui(
    ui: &mut Ui,
    (c, color): (&Candidate, egui::Color32),
    taken: bool,
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    bar_ui(ui, lang, |ui| {
        let (chip, _) = ui.allocate_exact_size(vec2(CHIP_WIDTH, 20.0), Sense::hover());
        chip_paint(ui, chip, &c.label, color);
        // A click on the quote shows it in the article: the same word can be in conflict in
        // several places.
        let (rect, response) = ui.allocate_exact_size(vec2(150.0, 20.0), Sense::click());
        if response.hovered() {
            ui.painter()
                .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
        }
        quote_ui(ui, rect, &c.text, paint, ui.visuals().text_color());
        // Named for screen readers (the text is painted, not an egui label).
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, c.text.as_str()));
        let response = response.on_hover_text(format!("{}–{}", c.start, c.end));
        if response.clicked() {
            out.push(ReadCommand::ShowText(c.start..c.end).into());
        }
        let who = c.annotators.join("، ");
        let (rect, _) = ui.allocate_exact_size(vec2(110.0, 20.0), Sense::hover());
        quote_ui(ui, rect, &who, paint, ui.visuals().weak_text_color());
        if taken {
            ui.weak(tr(lang, Msg::Accepted));
        } else if ui.button(tr(lang, Msg::Accept)).clicked() {
            out.push(add(&[c]));
        }
    });
}
