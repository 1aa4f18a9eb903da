//! Search in the corpus (Ctrl+Shift+F): a panel under the reader with an engine-drawn field,
//! the matching options, and the hits of every article streaming in from a worker thread,
//! grouped by document, each with its context drawn by the engine (keyword in context).
//!
//! A click on a hit opens its article there. Every hit has a tick; "Label" turns the ticked
//! hits (or, with none unticked, every hit in the corpus) into spans with the chosen label, in
//! one action that can be undone as one step ([`super::folder::label_all`]). The article list
//! can be narrowed to the documents with hits.

mod job;
mod rows;

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use egui::Ui;

use crate::annotate::LabelSet;
use crate::corpus::files::Folder;
use crate::i18n::{Msg, tr};
use crate::search::corpus::{DocumentHits, SearchSummary};
use crate::search::{MatchOptions, Query};
use crate::settings::UiLanguage;

use super::command::{Command, SearchCommand};
use super::find_bar::options_ui;
use super::folder::label_all::{LabelReport, LabelRequest};
use super::glyphs::GlyphPainter;
use super::text_field::EngineField;
use job::{Found, SearchJob};
pub use rows::Row;

/// The id salt of the panel's field.
const FIELD: &str = "hamesh-corpus-search";

/// One document's hits and their ticks.
pub struct DocResult {
    pub hits: DocumentHits,
    pub ticked: Vec<bool>,
}

/// The panel's state while it is open.
pub struct CorpusSearch {
    field: EngineField,
    pub options: MatchOptions,
    focus: bool,
    /// What the results are for.
    searched: Option<(String, MatchOptions)>,
    job: Option<SearchJob>,
    results: Vec<DocResult>,
    rows: Vec<Row>,
    hits: usize,
    /// Hits unticked, kept as ticks change (so a frame never counts them).
    unticked: usize,
    summary: Option<SearchSummary>,
    /// Until the first document with hits arrived, and until the last.
    first: Option<Duration>,
    took: Option<Duration>,
    error: Option<String>,
    /// The article list shows only the documents with hits.
    pub only_hits: bool,
    /// Changes whenever the documents with hits change.
    generation: u64,
    pub label: Option<String>,
    /// The (generation, only_hits) the article list was last limited for.
    synced: Option<(u64, bool)>,
}

impl Default for CorpusSearch {
    fn default() -> Self {
        CorpusSearch {
            field: EngineField::default(),
            options: MatchOptions::default(),
            focus: true,
            searched: None,
            job: None,
            results: Vec::new(),
            rows: Vec::new(),
            hits: 0,
            unticked: 0,
            summary: None,
            first: None,
            took: None,
            error: None,
            only_hits: false,
            generation: 0,
            label: None,
            synced: None,
        }
    }
}

/// What the panel shows of the open folder's annotate-all.
pub struct LabelState<'a> {
    pub labels: &'a LabelSet,
    pub report: Option<&'a LabelReport>,
    pub running: bool,
    pub can_undo: bool,
}

impl CorpusSearch {
    /// Gives the field the keyboard in the next frame.
    pub fn focus(&mut self) {
        self.focus = true;
    }

    /// Searches for `query` (a span's text, "label every other mention").
    pub fn set_query(&mut self, query: &str) {
        self.field.set_text(query);
    }

    pub fn query(&self) -> &str {
        self.field.text()
    }

    pub fn results(&self) -> &[DocResult] {
        &self.results
    }

    /// Hits found so far.
    pub fn hit_count(&self) -> usize {
        self.hits
    }

    /// Whether the whole corpus has been searched for the current query.
    pub fn is_done(&self) -> bool {
        self.job.is_none() && self.searched.is_some()
    }

    /// How long the search took to the first document with hits, and to the end.
    pub fn timings(&self) -> (Option<Duration>, Option<Duration>) {
        (self.first, self.took)
    }

    /// Changes whenever the set of documents with hits changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How the article list is to be limited, when that changed since the last call: to the
    /// documents with hits, or not at all.
    pub fn list_limit(&mut self) -> Option<Option<HashSet<String>>> {
        let key = (self.generation, self.only_hits);
        if self.synced == Some(key) {
            return None;
        }
        self.synced = Some(key);
        Some(self.only_hits.then(|| self.paths_with_hits()))
    }

    /// The documents with hits.
    pub fn paths_with_hits(&self) -> HashSet<String> {
        self.results.iter().map(|d| d.hits.path.clone()).collect()
    }

    /// Unticks or ticks one hit (`hit` = `None`: every hit of the document).
    pub fn set_ticked(&mut self, doc: usize, hit: Option<usize>, on: bool) {
        let Some(d) = self.results.get_mut(doc) else {
            return;
        };
        let range = match hit {
            Some(h) if h < d.ticked.len() => h..h + 1,
            Some(_) => return,
            None => 0..d.ticked.len(),
        };
        for t in &mut d.ticked[range] {
            if *t != on {
                *t = on;
                if on {
                    self.unticked -= 1;
                } else {
                    self.unticked += 1;
                }
            }
        }
    }

    /// Starts a new search when the query or the options changed.
    pub fn refresh(&mut self, folder: &Folder, wake: impl Fn() + Send + 'static) {
        let query = self.field.text();
        let same = self
            .searched
            .as_ref()
            .is_some_and(|(q, o)| q == query && *o == self.options);
        if same {
            return;
        }
        self.searched = Some((query.to_string(), self.options));
        self.job = None;
        self.results.clear();
        self.rows.clear();
        self.hits = 0;
        self.unticked = 0;
        self.summary = None;
        (self.first, self.took) = (None, None);
        self.error = None;
        self.generation += 1;
        if query.trim().is_empty() {
            return;
        }
        match Query::new(query, self.options) {
            Ok(q) => match SearchJob::start(folder.clone(), q, wake) {
                Ok(job) => self.job = Some(job),
                Err(e) => self.error = Some(format!("cannot start the search: {e}")),
            },
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Takes the documents the worker found since the last frame.
    pub fn poll(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        let Some(found) = job.take() else {
            self.job = None;
            return;
        };
        let mut done = None;
        for f in found {
            match f {
                Found::Document(hits) => {
                    let d = self.results.len();
                    self.rows.push(Row::Document(d));
                    self.rows
                        .extend((0..hits.hits.len()).map(|h| Row::Hit(d, h)));
                    self.hits += hits.hits.len();
                    self.results.push(DocResult {
                        ticked: vec![true; hits.hits.len()],
                        hits,
                    });
                    self.generation += 1;
                }
                Found::Done(summary) => done = Some(summary),
            }
        }
        if let Some(summary) = done {
            self.first = job.first;
            self.took = Some(job.elapsed());
            self.summary = Some(summary);
            self.job = None;
        }
    }

    /// Waits for the running search to finish (tests).
    pub fn wait(&mut self) {
        while self.job.is_some() {
            self.poll();
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// What "Label" asks for: every hit when none is unticked, else the ticked ones.
    pub fn label_request(&self, label: &str) -> Option<LabelRequest> {
        let (query, options) = self.searched.clone()?;
        let all = self.unticked == 0;
        let only = (!all || self.job.is_some()).then(|| {
            let mut only = BTreeMap::new();
            for d in &self.results {
                let ranges: Vec<_> = d
                    .hits
                    .hits
                    .iter()
                    .zip(&d.ticked)
                    .filter(|(_, t)| **t)
                    .map(|(h, _)| h.start..h.end)
                    .collect();
                if !ranges.is_empty() {
                    only.insert(d.hits.path.clone(), ranges);
                }
            }
            only
        });
        Some(LabelRequest {
            query,
            options,
            label: label.to_string(),
            only,
            entity: None,
        })
    }

    /// Draws the panel; returns whether it stays open.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        (glyphs, lang, font): (&mut GlyphPainter, UiLanguage, crate::text::FontChoice),
        labelling: LabelState<'_>,
        out: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        ui.horizontal_wrapped(|ui| {
            let width = (ui.available_width() * 0.4).clamp(160.0, 360.0);
            let field = self.field.show_sized(
                ui,
                &mut glyphs.atlas,
                FIELD,
                tr(lang, Msg::CorpusSearchHint),
                width,
            );
            if std::mem::take(&mut self.focus) {
                field.response.request_focus();
            }
            open = options_ui(ui, &mut self.options, lang);
        });
        self.summary_ui(ui, lang);
        self.label_ui(ui, lang, &labelling, out);
        ui.separator();
        rows::rows_ui(ui, self, (glyphs, lang, font), out);
        open
    }

    fn summary_ui(&mut self, ui: &mut Ui, lang: UiLanguage) {
        ui.horizontal_wrapped(|ui| {
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            if self.job.is_some() {
                ui.spinner();
                ui.label(tr(lang, Msg::Searching));
            }
            if self
                .searched
                .as_ref()
                .is_some_and(|(q, _)| !q.trim().is_empty())
            {
                if self.hits == 0 && self.job.is_none() {
                    ui.weak(tr(lang, Msg::NoHits));
                } else {
                    ui.label(self.hits.to_string());
                    ui.label(tr(lang, Msg::HitsWord));
                    ui.label(self.results.len().to_string());
                    ui.label(tr(lang, Msg::DocumentsWord));
                }
                if let Some(took) = self.took {
                    ui.weak(format!("{} ms", took.as_millis()));
                }
                if let Some(s) = &self.summary
                    && !s.unreadable.is_empty()
                {
                    ui.colored_label(ui.visuals().warn_fg_color, s.unreadable.len().to_string())
                        .on_hover_text(s.unreadable.join("\n"));
                    ui.weak(tr(lang, Msg::Unreadable));
                }
            }
            ui.checkbox(&mut self.only_hits, tr(lang, Msg::OnlyDocumentsWithHits));
        });
    }

    fn label_ui(
        &mut self,
        ui: &mut Ui,
        lang: UiLanguage,
        state: &LabelState<'_>,
        out: &mut Vec<Command>,
    ) {
        let names: Vec<&str> = state
            .labels
            .labels
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        if self.label.as_deref().is_none_or(|l| !names.contains(&l)) {
            self.label = names.first().map(|s| s.to_string());
        }
        ui.horizontal_wrapped(|ui| {
            let chosen = self.label.clone().unwrap_or_default();
            egui::ComboBox::new("hamesh-label-all", tr(lang, Msg::LabelWith))
                .selected_text(chosen.as_str())
                .show_ui(ui, |ui| {
                    for name in &names {
                        ui.selectable_value(&mut self.label, Some(name.to_string()), *name);
                    }
                });
            let ticked = self.hits - self.unticked;
            let can = ticked > 0 && !state.running && self.label.is_some();
            if ui
                .add_enabled(can, egui::Button::new(tr(lang, Msg::LabelTicked)))
                .clicked()
                && let Some(request) = self.label.as_deref().and_then(|l| self.label_request(l))
            {
                out.push(SearchCommand::LabelAll(request).into());
            }
            if let Some(report) = state.report {
                report_ui(ui, lang, report, state.running);
            }
            if state.can_undo && ui.button(tr(lang, Msg::UndoLabelAll)).clicked() {
                out.push(SearchCommand::UndoLabelAll.into());
            }
        });
    }
}

/// What the last annotate-all did, in numbers beside their words.
fn report_ui(ui: &mut Ui, lang: UiLanguage, report: &LabelReport, running: bool) {
    if running {
        ui.spinner();
    }
    ui.label(report.label.as_str());
    match report.undone {
        Some((removed, kept)) => {
            ui.label(tr(lang, Msg::LabelAllUndone));
            ui.label(removed.to_string());
            if kept > 0 {
                ui.label(tr(lang, Msg::KeptChanged));
                ui.label(kept.to_string());
            }
        }
        None => {
            ui.label(tr(lang, Msg::Created));
            ui.label(report.created.to_string());
            ui.label(tr(lang, Msg::SkippedCovered));
            ui.label(report.skipped.to_string());
        }
    }
    if !report.failed.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} !", report.failed.len()),
        )
        .on_hover_text(report.failed.join("\n"));
    }
}
