//! What the annotation commands do to the open folder. Every change to a document goes through
//! [`DocumentSession::apply`] (or its undo and redo), which queues the new state to the
//! autosaver at once; nothing here writes annotation files itself except renaming labels in
//! documents that are not open.
//!
//! Labels are renamed across the whole corpus: in open documents by one undoable
//! [`Edit::Change`] per span, in the other documents' files directly (damaged files are left
//! alone), so a renamed label never leaves spans behind under its old name. Spans whose label
//! was removed from the set keep it and are drawn grey.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::annotate::edit::relabel_edits;
use crate::annotate::session::SessionError;
use crate::annotate::snap::Precision;
use crate::annotate::{DocumentAnnotations, Edit, LabelSet, Span, SpanId, Store};
use crate::fsutil::write_atomic;
use crate::i18n::Msg;
use crate::search::suggest::{Suggestion, form_of};
use crate::search::suggest_corpus::{GAZETTEER_DIR, STARTER_FILE, STARTER_GAZETTEER};

use super::super::annotation::suggesting::Suggesting;
use crate::text::{Affinity, CharIndex};

use super::super::command::AnnotateCommand;
use super::super::reader::{ReaderView, ScrollRequest, Selection, VisualMove};
use super::super::shell::Notices;
use super::OpenFolder;

impl OpenFolder {
    /// Applies one annotation command to the article being read. `char_precision`: new spans
    /// keep the characters selected instead of whole words. What goes wrong is told in
    /// `notices`.
    pub fn annotate(
        &mut self,
        command: AnnotateCommand,
        char_precision: bool,
        notices: &mut Notices,
    ) {
        let mut edits = Editor {
            folder: self,
            notices,
        };
        edits.apply(command, char_precision);
    }
}

/// Where to step among the suggestions: forward or back by one, or to one.
#[derive(Copy, Clone)]
enum Step {
    By(bool),
    To(usize),
}

/// The open folder while one annotation command is applied, with where to tell what failed.
struct Editor<'a> {
    folder: &'a mut OpenFolder,
    notices: &'a mut Notices,
}

impl Editor<'_> {
    fn apply(&mut self, command: AnnotateCommand, char_precision: bool) {
        use AnnotateCommand::*;
        match command {
            LabelKey(key) => {
                let label = self
                    .folder
                    .annotating()
                    .labels
                    .by_key(key)
                    .map(|l| l.name.clone());
                if let Some(label) = label {
                    self.tag(label, char_precision);
                }
            }
            Tag(label) => self.tag(label, char_precision),
            DeleteSpan => {
                if let Some(span) = self.selected_span_now() {
                    self.edit(Edit::Remove(span));
                }
            }
            Undo => self.history(true),
            Redo => self.history(false),
            RevealSpan(id) => self.reveal(id),
            StepSpan(forward) => self.step_span(forward),
            MoveSpanEdge { end, mv } => self.move_span_edge(end, mv, char_precision),
            MoveSpan(from, to) => self.move_span(from, to, char_precision),
            SetSpanNote(id, note) => {
                let Some(before) = self.current_doc().and_then(|d| d.span(&id).cloned()) else {
                    return;
                };
                if before.note != note {
                    let mut after = before.clone();
                    after.note = note;
                    self.edit(Edit::Change { before, after });
                }
            }
            PlaceReviewed(id, start) => self.place_reviewed(id, start),
            DiscardReviewed(id) => {
                if let Some(review) = self.current_doc().and_then(|d| d.review(&id).cloned()) {
                    self.edit(Edit::Resolve {
                        review,
                        placed: None,
                    });
                }
            }
            SetDocStatus(after) => {
                if let Some(before) = self.current_doc().map(|d| d.status)
                    && before != after
                {
                    self.edit(Edit::Status { before, after });
                }
            }
            SetDocTags(after) => {
                if let Some(before) = self.current_doc().map(|d| d.tags.clone())
                    && before != after
                {
                    self.edit(Edit::Tags { before, after });
                }
            }
            SaveLabels(set, renames) => self.save_labels(set, renames),
            KeepAsideAndStartOver => self.keep_aside(),
            AcceptSuggestion(n) => match self.suggestion_index(n) {
                Some((_, s)) => self.accept_chosen(vec![s]),
                // Nothing stepped to: show the first rather than act on one not seen.
                None => self.step_suggestion(Step::By(true)),
            },
            RejectSuggestion(n) => self.reject_suggestion(n),
            AcceptSuggestions(form) => {
                self.accept_suggestions(|_, s| form.as_ref().is_none_or(|f| *f == form_of(&s.text)))
            }
            AddStarterGazetteer => self.add_starter_gazetteer(),
            AddSpans(ranges) => self.add_spans(ranges),
            LinkEntity(id, entity) => self.link(id, entity),
            NewEntity(id) => self.new_entity(id),
            AddAlias(id) => self.add_alias(id),
            SetWikidata(entity, qid) => {
                let (_, a, saver) = self.folder.parts_mut();
                let done = a.edit_registry(saver, |r| {
                    r.set_wikidata(&entity, &qid).map_err(|e| e.to_string())
                });
                if let Err(why) = done {
                    self.notices.push(Msg::EditFailed, why);
                }
            }
            StepSuggestion(forward) => self.step_suggestion(Step::By(forward)),
            GoToSuggestion(n) => self.step_suggestion(Step::To(n)),
        }
    }

    /// Copies the starter gazetteer into the corpus (unless a file of its name is there) and
    /// makes the dictionary again with it.
    fn add_starter_gazetteer(&mut self) {
        let store = self.folder.annotating.store.clone();
        let path = store.data_dir().join(GAZETTEER_DIR).join(STARTER_FILE);
        if !path.exists() {
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| write_atomic(&path, STARTER_GAZETTEER.as_bytes()));
            if let Err(e) = written {
                let detail = format!("{}: {e}", path.display());
                self.notices.push(Msg::EditFailed, detail);
                return;
            }
        }
        // The dictionary is read from disk again: every edit must be there first.
        self.folder.saver.flush();
        let hidden = self.folder.annotating.suggesting.hidden;
        let a = &mut self.folder.annotating;
        a.suggesting = Suggesting::start(
            self.folder.corpus.folder().clone(),
            &a.store,
            &a.labels,
            super::waker(&self.folder.ctx),
        );
        a.suggesting.hidden = hidden;
    }

    /// Links span `id` to `entity` (or unlinks it), one undo step.
    fn link(&mut self, id: SpanId, entity: Option<String>) {
        let Some(before) = self.current_doc().and_then(|d| d.span(&id).cloned()) else {
            return;
        };
        if before.entity != entity {
            let mut after = before.clone();
            after.entity = entity;
            self.edit(Edit::Change { before, after });
        }
    }

    /// A new entity from span `id`: named by its text in the article's language, with its
    /// label; the span is linked to it.
    fn new_entity(&mut self, id: SpanId) {
        let Some(span) = self.current_doc().and_then(|d| d.span(&id).cloned()) else {
            return;
        };
        let lang = self
            .folder
            .current()
            .and_then(|a| a.language.tag())
            .unwrap_or("und");
        let (_, a, saver) = self.folder.parts_mut();
        let made = a.edit_registry(saver, |r| {
            r.create(&span.label, &span.text, lang)
                .map_err(|e| e.to_string())
        });
        match made {
            Ok(entity) => self.link(id, Some(entity)),
            Err(why) => self.notices.push(Msg::EditFailed, why),
        }
    }

    /// Adds span `id`'s text to the aliases of the entity it links to.
    fn add_alias(&mut self, id: SpanId) {
        let Some(span) = self.current_doc().and_then(|d| d.span(&id).cloned()) else {
            return;
        };
        let Some(entity) = span.entity else {
            return;
        };
        let (_, a, saver) = self.folder.parts_mut();
        let done = a.edit_registry(saver, |r| {
            r.add_alias(&entity, &span.text).map_err(|e| e.to_string())
        });
        if let Err(why) = done {
            self.notices.push(Msg::EditFailed, why);
        }
    }

    /// The suggestion `n` names, or the current one.
    fn suggestion_index(&mut self, n: Option<usize>) -> Option<(usize, Suggestion)> {
        let list = self.folder.suggestions_now();
        let i = n.or(self.folder.annotating().suggesting.current)?;
        list.get(i).cloned().map(|s| (i, s))
    }

    /// Makes spans of `ranges` (start, end, label) in the article, as one undo step, leaving
    /// out those it already has (curation).
    fn add_spans(&mut self, ranges: Vec<(CharIndex, CharIndex, String)>) {
        let (reading, a, _) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return;
        };
        let Some(session) = a.sessions.get(&article.path) else {
            return;
        };
        let has = |(s, e, l): &(CharIndex, CharIndex, String)| {
            session
                .doc
                .spans
                .iter()
                .any(|x| x.start == *s && x.end == *e && x.label == *l)
        };
        let ids = (session.doc.next_id..).map(|n| SpanId(format!("s{n}")));
        let mut adds: Vec<Edit> = ids
            .zip(ranges.into_iter().filter(|r| !has(r)))
            .map(|(id, (s, e, label))| Edit::Add(article.reader.quote(id, s..e, &label)))
            .collect();
        let edit = match adds.len() {
            0 => return,
            1 => adds.pop().unwrap_or(Edit::Batch(Vec::new())),
            _ => Edit::Batch(adds),
        };
        self.edit(edit);
    }

    /// Makes the chosen suggestions of the article spans, as one undo step.
    fn accept_chosen(&mut self, chosen: Vec<Suggestion>) {
        if chosen.is_empty() {
            return;
        }
        let (reading, a, _) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return;
        };
        let Some(session) = a.sessions.get(&article.path) else {
            return;
        };
        let ids = (session.doc.next_id..).map(|n| SpanId(format!("s{n}")));
        let mut adds: Vec<Edit> = ids
            .zip(chosen)
            .map(|(id, s)| Edit::Add(article.reader.quote(id, s.start..s.end, &s.entry.label)))
            .collect();
        let edit = if adds.len() == 1 {
            adds.pop().unwrap_or(Edit::Batch(Vec::new()))
        } else {
            Edit::Batch(adds)
        };
        self.edit(edit);
    }

    fn accept_suggestions(&mut self, keep: impl Fn(usize, &Suggestion) -> bool) {
        let list = self.folder.suggestions_now();
        let chosen = list
            .iter()
            .enumerate()
            .filter(|(i, s)| keep(*i, s))
            .map(|(_, s)| s.clone())
            .collect();
        self.accept_chosen(chosen);
    }

    fn reject_suggestion(&mut self, n: Option<usize>) {
        let Some((_, suggestion)) = self.suggestion_index(n) else {
            self.step_suggestion(Step::By(true));
            return;
        };
        let (reading, a, saver) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return;
        };
        a.suggesting
            .reject(&article.path, &suggestion, &a.store, saver);
        if let Some(problem) = a.suggesting.rejections_problem.clone() {
            self.notices.push(Msg::RejectionsNotSaved, problem);
        }
    }

    /// Steps to a suggestion: selected in the reader and scrolled to.
    fn step_suggestion(&mut self, step: Step) {
        let list = self.folder.suggestions_now();
        let n = list.len();
        if n == 0 {
            return;
        }
        let current = self.folder.annotating().suggesting.current;
        let next = match (current, step) {
            (_, Step::To(i)) => i.min(n - 1),
            (None, Step::By(true)) => 0,
            (None, Step::By(false)) => n - 1,
            (Some(i), Step::By(true)) => (i + 1) % n,
            (Some(i), Step::By(false)) => (i + n - 1) % n,
        };
        let s = &list[next];
        let (reading, a, _) = self.folder.parts_mut();
        a.suggesting.current = Some(next);
        a.selected = None;
        if let Some(article) = &mut reading.current {
            article.reader.set_selection(Some(Selection {
                anchor: s.start,
                focus: s.end,
                affinity: Affinity::Upstream,
            }));
            article
                .reader
                .request_scroll(ScrollRequest::Reveal(s.start));
        }
    }

    fn current_doc(&self) -> Option<&DocumentAnnotations> {
        self.folder.annotations()
    }

    fn selected_span_now(&self) -> Option<Span> {
        let id = self.folder.selected_span()?;
        self.current_doc()?.span(id).cloned()
    }

    /// Applies an edit to the current document; tells the user when it cannot be.
    fn edit(&mut self, edit: Edit) -> bool {
        let (reading, a, saver) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return false;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
            return false;
        };
        let result = session.apply(edit, &a.store, saver);
        if result.is_ok() {
            a.changed(&article.path);
        }
        self.report(result)
    }

    fn report(&mut self, result: Result<(), SessionError>) -> bool {
        match result {
            Ok(()) => true,
            Err(SessionError::Blocked(message)) => {
                self.notices.push(Msg::AnnotationPaused, message);
                false
            }
            Err(e) => {
                self.notices.push(Msg::EditFailed, e.to_string());
                false
            }
        }
    }

    fn history(&mut self, undo: bool) {
        let (reading, a, saver) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
            return;
        };
        let result = if undo {
            session.undo(&a.store, saver)
        } else {
            session.redo(&a.store, saver)
        };
        if matches!(result, Ok(true)) {
            a.changed(&article.path);
        }
        self.report(result.map(|_| ()));
    }

    /// Tags the selection with `label` (a new span), or relabels the selected span.
    fn tag(&mut self, label: String, char_precision: bool) {
        let Some(article) = self.folder.current() else {
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
        let precision = if char_precision || reader.alt_drag() {
            Precision::Characters
        } else {
            Precision::Words
        };
        let Some(range) = reader.snap_range(selection.range(), precision) else {
            return;
        };
        let (reading, a, _) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
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
                let span = article.reader.quote(id.clone(), range.clone(), &label);
                if !self.edit(Edit::Add(span)) {
                    return;
                }
                id
            }
        };
        let (reading, a, _) = self.folder.parts_mut();
        a.selected = Some(id);
        if let Some(article) = &mut reading.current {
            let caret = Selection::caret(range.end, Affinity::Upstream);
            article.reader.set_selection(Some(caret));
        }
    }

    /// Selects the span after the selected one in reading order (or before it), or, with none
    /// selected, the first after the caret (the last before it); past the last span, the
    /// first. Then shows it.
    fn step_span(&mut self, forward: bool) {
        let Some(doc) = self.current_doc() else {
            return;
        };
        let mut order: Vec<&Span> = doc.spans.iter().collect();
        if order.is_empty() {
            return;
        }
        order.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let selected = self
            .folder
            .selected_span()
            .and_then(|id| order.iter().position(|s| &s.id == id));
        let caret = self
            .folder
            .current()
            .and_then(|a| a.reader.selection())
            .map(|s| s.focus);
        let n = order.len();
        let next = match (selected, caret) {
            (Some(i), _) if forward => (i + 1) % n,
            (Some(i), _) => (i + n - 1) % n,
            (None, Some(at)) if forward => order.iter().position(|s| s.start >= at).unwrap_or(0),
            (None, Some(at)) => order.iter().rposition(|s| s.start < at).unwrap_or(n - 1),
            (None, None) if forward => 0,
            (None, None) => n - 1,
        };
        let id = order[next].id.clone();
        // A text selection would take the next label key; the span is what is selected now.
        if let Some(article) = &mut self.folder.reading.current {
            article.reader.set_selection(None);
        }
        self.reveal(id);
    }

    /// Moves the selected span's end (or start) one step on screen in the direction of `mv`:
    /// a grapheme with character precision, else to the next word boundary that way. One undo
    /// step; a move that would leave the span empty does nothing.
    fn move_span_edge(&mut self, end: bool, mv: VisualMove, char_precision: bool) {
        let (Some(before), Some(article)) = (self.selected_span_now(), self.folder.current())
        else {
            return;
        };
        let reader = &article.reader;
        let edge = if end { before.end } else { before.start };
        // The caret at the edge, on the span's side of it.
        let affinity = if end {
            Affinity::Upstream
        } else {
            Affinity::Downstream
        };
        let Some((step, _)) = reader.visual_neighbour(edge, affinity, mv) else {
            return;
        };
        let moved = if char_precision || step == edge {
            step
        } else {
            word_boundary(reader, edge, step > edge, end)
        };
        let range = if end {
            before.start..moved
        } else {
            moved..before.end
        };
        self.move_span_to(before, range);
    }

    /// Gives `before` the range `range` as one edit (nothing when it is empty or the same);
    /// the span keeps its id, so it stays selected.
    fn move_span_to(&mut self, before: Span, range: Range<CharIndex>) {
        if range.start >= range.end || range == before.range() {
            return;
        }
        let Some(after) = self
            .folder
            .current()
            .map(|a| a.reader.requote(&before, range))
        else {
            return;
        };
        self.edit(Edit::Change { before, after });
    }

    /// Gives the selected span (whose range was `from`) the range `to`, snapped to words
    /// unless character precision is on (or Alt was held). One undo step.
    fn move_span(&mut self, from: Range<CharIndex>, to: Range<CharIndex>, char_precision: bool) {
        let (Some(before), Some(article)) = (self.selected_span_now(), self.folder.current())
        else {
            return;
        };
        if before.range() != from {
            return;
        }
        let reader = &article.reader;
        let precision = if char_precision || reader.alt_drag() {
            Precision::Characters
        } else {
            Precision::Words
        };
        if let Some(range) = reader.snap_range(to, precision) {
            self.move_span_to(before, range);
        }
    }

    fn reveal(&mut self, id: SpanId) {
        let Some(start) = self
            .current_doc()
            .and_then(|d| d.span(&id))
            .map(|s| s.start)
        else {
            return;
        };
        let (reading, a, _) = self.folder.parts_mut();
        a.selected = Some(id.clone());
        a.flash = Some((id, std::time::Instant::now()));
        if let Some(article) = &mut reading.current {
            article.reader.request_scroll(ScrollRequest::Reveal(start));
        }
    }

    /// Places a span waiting for review where its quote starts at `start`, as one undoable
    /// edit; refused when the text there is not its quote.
    fn place_reviewed(&mut self, id: SpanId, start: CharIndex) {
        let (Some(article), Some(review)) = (
            self.folder.current(),
            self.current_doc().and_then(|d| d.review(&id).cloned()),
        ) else {
            return;
        };
        let end = start + review.span.text.chars().count();
        let placed = article.reader.requote(&review.span, start..end);
        if placed.text != review.span.text {
            let detail = format!("«{}» ≠ «{}»", review.span.text, placed.text);
            self.notices.push(Msg::EditFailed, detail);
            return;
        }
        let selected = placed.id.clone();
        if self.edit(Edit::Resolve {
            review,
            placed: Some(placed),
        }) {
            self.reveal(selected);
        }
    }

    fn keep_aside(&mut self) {
        let (reading, a, _) = self.folder.parts_mut();
        let Some(article) = &reading.current else {
            return;
        };
        let Some(session) = a.sessions.get_mut(&article.path) else {
            return;
        };
        match session.keep_aside_and_start_over(&a.store) {
            Ok(kept) => {
                a.changed(&article.path);
                self.notices
                    .push(Msg::KeptAside, kept.display().to_string());
            }
            Err(e) => self.notices.push(Msg::EditFailed, e.to_string()),
        }
    }

    /// Saves the label set and renames labels in every document of the corpus.
    fn save_labels(&mut self, set: LabelSet, renames: Vec<(String, String)>) {
        // Renaming writes the documents annotate-all is preparing.
        if !renames.is_empty() && self.folder.label_all.is_running() {
            let why = "wait until annotate all has finished to rename labels".to_string();
            self.notices.push(Msg::EditFailed, why);
            return;
        }
        let (_, a, saver) = self.folder.parts_mut();
        let path = a.store.labels_path();
        if a.labels_problem.is_some() && path.exists() {
            match crate::fsutil::keep_aside(&path) {
                Ok(kept) => self
                    .notices
                    .push(Msg::KeptAside, kept.display().to_string()),
                Err(e) => {
                    self.notices.push(Msg::LabelsNotSaved, e.to_string());
                    return;
                }
            }
        }
        if let Err(e) = set.save(&path) {
            self.notices.push(Msg::LabelsNotSaved, e.to_string());
            return;
        }
        a.labels = set;
        a.labels_problem = None;
        a.relabelled();
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
                if let Err(e) = session.apply(edit, &a.store, saver) {
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
                saver.save(path, Store::to_bytes(&session.doc));
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
                        saver.save(path, Store::to_bytes(&doc));
                    }
                }
                Ok(None) => {}
                // A file that cannot be read is left exactly as it is.
                Err(e) => failures.push(e.to_string()),
            }
        }
        // Renamed files are on disk before any of them can be opened and read again.
        saver.flush();
        for f in failures {
            self.notices.push(Msg::EditFailed, f);
        }
    }
}

/// The next word boundary from `at` in logical order (`forward`: towards the text's end): a
/// word's end when `end` (an end edge moves to where a word ends), else a word's start. The
/// text's own ends when there is no word further that way.
fn word_boundary(reader: &ReaderView, at: CharIndex, forward: bool, end: bool) -> CharIndex {
    let len = reader.char_len();
    let word_of = |c: usize| reader.word_at(CharIndex(c));
    if forward {
        let mut c = at.0;
        while c < len {
            if let Some(w) = word_of(c) {
                let target = if end { w.end } else { w.start };
                if target > at {
                    return target;
                }
                c = w.end.0.max(c + 1);
            } else {
                c += 1;
            }
        }
        CharIndex(len)
    } else {
        let mut c = at.0;
        while c > 0 {
            if let Some(w) = word_of(c - 1) {
                let target = if end { w.end } else { w.start };
                if target < at {
                    return target;
                }
                c = w.start.0.min(c - 1);
            } else {
                c -= 1;
            }
        }
        CharIndex(0)
    }
}

impl OpenFolder {
    /// The hits of the article search to draw in the reader (`current`: the one stepped to).
    pub fn set_find_hits(&mut self, hits: &[std::ops::Range<CharIndex>], current: Option<usize>) {
        if let Some(article) = &mut self.reading.current {
            article.reader.set_find_hits(hits, current);
        }
    }

    /// The current article's suggestions (none while they are hidden or the document cannot
    /// be annotated).
    pub fn suggestions_now(&mut self) -> Arc<Vec<Suggestion>> {
        let (reading, a, _) = self.parts_mut();
        match &reading.current {
            Some(article) => a.suggestions_of(&article.path, article.reader.text()),
            None => Arc::default(),
        }
    }

    /// The reader of the current article with its highlights; returns a click on the text.
    pub fn reader_ui(
        &mut self,
        ui: &mut egui::Ui,
        atlas: &mut super::super::atlas::GlyphAtlas,
    ) -> Option<(CharIndex, Affinity)> {
        let suggestions = self.suggestions_now();
        let (reading, a, _) = self.parts_mut();
        let article = reading.current.as_mut()?;
        let color_of = |label: &str| a.color_of(label);
        article
            .reader
            .set_suggestions(&suggestions, color_of, a.suggesting.current);
        let beside = a.beside_marks(&article.path, article.reader.text());
        let generation = a.generation();
        article
            .reader
            .set_beside(&beside, generation, |label| a.color_of(label));
        let set = a.highlights(&article.path);
        let frame = set
            .as_ref()
            .map(|set| a.frame_for(&article.path, set, ui.ctx()));
        article.reader.reader_ui(ui, atlas, frame);
        article.reader.take_click()
    }

    /// A click on the text: selects the innermost span under it, or none.
    pub fn clicked_text(&mut self, at: CharIndex, affinity: Affinity) {
        let ch = match affinity {
            Affinity::Upstream => at.saturating_sub(1),
            Affinity::Downstream => at,
        };
        let selected = self.annotations().and_then(|doc| {
            doc.spans
                .iter()
                .filter(|s| s.start <= ch && ch < s.end)
                .min_by_key(|s| s.len())
                .map(|s| s.id.clone())
        });
        self.annotating_mut().selected = selected;
    }
}
