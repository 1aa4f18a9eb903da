//! What the annotation commands do. Every change to a document goes through
//! [`DocumentSession::apply`] (or its undo and redo), which queues the new state to the
//! autosaver at once; nothing here writes annotation files itself except renaming labels in
//! documents that are not open.
//!
//! Labels are renamed across the whole corpus: in open documents by one undoable
//! [`Edit::Change`] per span, in the other documents' files directly (damaged files are left
//! alone), so a renamed label never leaves spans behind under its old name. Spans whose label
//! was removed from the set keep it and are drawn grey.

use std::collections::BTreeMap;

use crate::annotate::edit::relabel_edits;
use crate::annotate::session::SessionError;
use crate::annotate::snap::Precision;
use crate::annotate::{Edit, LabelSet, SpanId, Store};
use crate::i18n::Msg;
use crate::text::Affinity;

use super::super::app::HameshApp;
use super::super::command::Command;
use super::super::reader::{ScrollRequest, Selection};
use super::label_editor::LabelEditor;

impl HameshApp {
    /// Applies one annotation command (the others are applied by [`HameshApp::apply`]).
    pub(in crate::ui) fn apply_annotation(&mut self, command: Command) {
        match command {
            Command::LabelKey(key) => {
                let label = self
                    .annotating
                    .as_ref()
                    .and_then(|a| a.labels.by_key(key))
                    .map(|l| l.name.clone());
                if let Some(label) = label {
                    self.tag(label);
                }
            }
            Command::Tag(label) => self.tag(label),
            Command::DeleteSpan => {
                if let Some(span) = self.selected_span_now() {
                    self.edit(Edit::Remove(span));
                }
            }
            Command::Undo => self.history(true),
            Command::Redo => self.history(false),
            Command::RevealSpan(id) => self.reveal(id),
            Command::SetSpanNote(id, note) => {
                let Some(before) = self.current_doc().and_then(|d| d.span(&id).cloned()) else {
                    return;
                };
                if before.note != note {
                    let mut after = before.clone();
                    after.note = note;
                    self.edit(Edit::Change { before, after });
                }
            }
            Command::PlaceReviewed(id, start) => self.place_reviewed(id, start),
            Command::DiscardReviewed(id) => {
                if let Some(review) = self.current_doc().and_then(|d| d.review(&id).cloned()) {
                    self.edit(Edit::Resolve {
                        review,
                        placed: None,
                    });
                }
            }
            Command::ShowText(range) => {
                if let Some(article) = &mut self.reading.current {
                    let start = range.start;
                    article.reader.set_selection(Some(Selection {
                        anchor: range.start,
                        focus: range.end,
                        affinity: Affinity::Upstream,
                    }));
                    article.reader.request_scroll(ScrollRequest::Reveal(start));
                }
            }
            Command::SetDocStatus(after) => {
                if let Some(before) = self.current_doc().map(|d| d.status)
                    && before != after
                {
                    self.edit(Edit::Status { before, after });
                }
            }
            Command::SetDocTags(after) => {
                if let Some(before) = self.current_doc().map(|d| d.tags.clone())
                    && before != after
                {
                    self.edit(Edit::Tags { before, after });
                }
            }
            Command::TogglePrecision => self.char_precision = !self.char_precision,
            Command::ExtendSelection(mv) => {
                if let Some(article) = &mut self.reading.current {
                    article.reader.extend_selection(mv);
                }
            }
            Command::ClearSelection => {
                if let Some(article) = &mut self.reading.current {
                    article.reader.set_selection(None);
                }
                if let Some(a) = &mut self.annotating {
                    a.selected = None;
                }
            }
            Command::ToggleHighlightPanel => self.show_panel = !self.show_panel,
            Command::OpenLabelEditor => {
                if let Some(a) = &self.annotating {
                    self.label_editor = Some(LabelEditor::new(&a.labels));
                }
            }
            Command::SaveLabels(set, renames) => self.save_labels(set, renames),
            Command::KeepAsideAndStartOver => self.keep_aside(),
            Command::SetAnnotator(name) => self.settings.update(|s| s.annotator = name),
            _ => {}
        }
    }

    fn current_doc(&self) -> Option<&crate::annotate::DocumentAnnotations> {
        let rel = &self.reading.current.as_ref()?.path;
        Some(&self.annotating.as_ref()?.session(rel)?.doc)
    }

    fn selected_span_now(&self) -> Option<crate::annotate::Span> {
        let id = self.annotating.as_ref()?.selected.as_ref()?;
        self.current_doc()?.span(id).cloned()
    }

    /// Applies an edit to the current document; tells the user when it cannot be.
    pub(in crate::ui) fn edit(&mut self, edit: Edit) -> bool {
        let (Some(a), Some(article)) = (&mut self.annotating, &self.reading.current) else {
            return false;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
            return false;
        };
        let result = session.apply(edit, &a.store, &self.saver);
        if result.is_ok() {
            a.changed(&article.path);
        }
        self.report(result.map(|_| ()))
    }

    fn report(&mut self, result: Result<(), SessionError>) -> bool {
        match result {
            Ok(()) => true,
            Err(SessionError::Blocked(message)) => {
                self.notice(Msg::AnnotationPaused, message);
                false
            }
            Err(e) => {
                self.notice(Msg::EditFailed, e.to_string());
                false
            }
        }
    }

    fn history(&mut self, undo: bool) {
        let (Some(a), Some(article)) = (&mut self.annotating, &self.reading.current) else {
            return;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
            return;
        };
        let result = if undo {
            session.undo(&a.store, &self.saver)
        } else {
            session.redo(&a.store, &self.saver)
        };
        if matches!(result, Ok(true)) {
            a.changed(&article.path);
        }
        self.report(result.map(|_| ()));
    }

    /// Tags the selection with `label` (a new span), or relabels the selected span.
    fn tag(&mut self, label: String) {
        let Some(article) = &self.reading.current else {
            return;
        };
        let reader = &article.reader;
        let Some(selection) = reader.selection().filter(|s| !s.is_empty()) else {
            if let Some(before) = self.selected_span_now()
                && before.label != label
            {
                let mut after = before.clone();
                after.label = label;
                self.edit(Edit::Change { before, after });
            }
            return;
        };
        let precision = if self.char_precision || reader.alt_drag() {
            Precision::Characters
        } else {
            Precision::Words
        };
        let Some(range) = reader.snap_range(selection.range(), precision) else {
            return;
        };
        let rel = article.path.clone();
        let Some(session) = self
            .annotating
            .as_mut()
            .and_then(|a| a.sessions.get_mut(&rel))
        else {
            return;
        };
        let existing = session
            .doc
            .spans
            .iter()
            .find(|s| s.range() == range && s.label == label)
            .map(|s| s.id.clone());
        let id = match existing {
            Some(id) => id,
            None => {
                let id = session.doc.allocate_id();
                let Some(article) = &self.reading.current else {
                    return;
                };
                let span = article.reader.quote(id.clone(), range.clone(), &label);
                if !self.edit(Edit::Add(span)) {
                    return;
                }
                id
            }
        };
        if let Some(a) = &mut self.annotating {
            a.selected = Some(id);
        }
        if let Some(article) = &mut self.reading.current {
            let caret = Selection::caret(range.end, Affinity::Upstream);
            article.reader.set_selection(Some(caret));
        }
    }

    /// A click on the text: selects the innermost span under it, or none.
    pub(in crate::ui) fn clicked_text(&mut self, at: crate::text::CharIndex, affinity: Affinity) {
        let Some(article) = &self.reading.current else {
            return;
        };
        let Some(a) = &mut self.annotating else {
            return;
        };
        let ch = match affinity {
            Affinity::Upstream => crate::text::CharIndex(at.0.saturating_sub(1)),
            Affinity::Downstream => at,
        };
        let spans = a.sessions.get(&article.path).map(|s| &s.doc.spans);
        a.selected = spans.and_then(|spans| {
            spans
                .iter()
                .filter(|s| s.start <= ch && ch < s.end)
                .min_by_key(|s| s.len())
                .map(|s| s.id.clone())
        });
    }

    fn reveal(&mut self, id: SpanId) {
        let Some(start) = self
            .current_doc()
            .and_then(|d| d.span(&id))
            .map(|s| s.start)
        else {
            return;
        };
        if let Some(a) = &mut self.annotating {
            a.selected = Some(id.clone());
            a.flash = Some((id, std::time::Instant::now()));
        }
        if let Some(article) = &mut self.reading.current {
            article.reader.request_scroll(ScrollRequest::Reveal(start));
        }
    }

    /// Places a span waiting for review where its quote starts at `start`, as one undoable
    /// edit; refused when the text there is not its quote.
    fn place_reviewed(&mut self, id: SpanId, start: crate::text::CharIndex) {
        let (Some(article), Some(review)) = (
            &self.reading.current,
            self.current_doc().and_then(|d| d.review(&id).cloned()),
        ) else {
            return;
        };
        let end = crate::text::CharIndex(start.0 + review.span.text.chars().count());
        let mut placed = article.reader.quote(id, start..end, &review.span.label);
        if placed.text != review.span.text {
            let detail = format!("«{}» ≠ «{}»", review.span.text, placed.text);
            self.notice(Msg::EditFailed, detail);
            return;
        }
        placed.note = review.span.note.clone();
        let selected = placed.id.clone();
        if self.edit(Edit::Resolve {
            review,
            placed: Some(placed),
        }) {
            self.reveal(selected);
        }
    }

    fn keep_aside(&mut self) {
        let (Some(a), Some(article)) = (&mut self.annotating, &self.reading.current) else {
            return;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
            return;
        };
        match session.keep_aside_and_start_over(&a.store) {
            Ok(kept) => {
                a.changed(&article.path);
                self.notice(Msg::KeptAside, kept.display().to_string());
            }
            Err(e) => self.notice(Msg::EditFailed, e.to_string()),
        }
    }

    /// Saves the label set and renames labels in every document of the corpus.
    fn save_labels(&mut self, set: LabelSet, renames: Vec<(String, String)>) {
        let Some(a) = &mut self.annotating else {
            return;
        };
        let path = a.store.labels_path();
        if a.labels_problem.is_some() && path.exists() {
            match crate::fsutil::keep_aside(&path) {
                Ok(kept) => self.notice(Msg::KeptAside, kept.display().to_string()),
                Err(e) => {
                    self.notice(Msg::LabelsNotSaved, e.to_string());
                    return;
                }
            }
        }
        let Some(a) = &mut self.annotating else {
            return;
        };
        if let Err(e) = set.save(&path) {
            self.notice(Msg::LabelsNotSaved, e.to_string());
            return;
        }
        a.labels = set;
        a.labels_problem = None;
        a.relabelled();
        self.label_editor = None;
        let renames: BTreeMap<String, String> = renames
            .into_iter()
            .filter(|(from, to)| from != to)
            .collect();
        if renames.is_empty() {
            return;
        }
        // Open documents: undoable edits; their spans waiting for review are renamed in place.
        let mut failures = Vec::new();
        let rels: Vec<String> = a.sessions.keys().cloned().collect();
        for rel in &rels {
            let Some(session) = a.sessions.get_mut(rel) else {
                continue;
            };
            if !session.is_editable() {
                continue;
            }
            for edit in relabel_edits(&session.doc, &renames) {
                if let Err(e) = session.apply(edit, &a.store, &self.saver) {
                    failures.push(e.to_string());
                }
            }
            let mut waiting_renamed = false;
            for r in &mut session.doc.needs_review {
                if let Some(to) = renames.get(&r.span.label) {
                    r.span.label = to.clone();
                    waiting_renamed = true;
                }
            }
            if waiting_renamed && let Ok(path) = a.store.path_for(rel) {
                self.saver.save(path, Store::to_bytes(&session.doc));
            }
            a.changed(rel);
        }
        // Documents not open: their files, read and written back.
        let mut closed = Vec::new();
        a.store.scan_summaries(|rel, _| {
            if !a.sessions.contains_key(&rel) {
                closed.push(rel);
            }
            true
        });
        for rel in closed {
            match a.store.load(&rel) {
                Ok(Some(mut doc)) => {
                    if doc.rename_labels(&renames) > 0
                        && let Ok(path) = a.store.path_for(&rel)
                    {
                        self.saver.save(path, Store::to_bytes(&doc));
                    }
                }
                Ok(None) => {}
                // A file that cannot be read is left exactly as it is.
                Err(e) => failures.push(e.to_string()),
            }
        }
        // Renamed files are on disk before any of them can be opened and read again.
        self.saver.flush();
        for f in failures {
            self.notice(Msg::EditFailed, f);
        }
    }
}
