//! Suggestions in the window: the corpus's dictionary (every labelled string, and the
//! gazetteers) made on a worker when the folder opens, kept in step with every edit of an open
//! document, and the open document's suggestions found again whenever its spans, the
//! dictionary or the rejections change.
//!
//! ```text
//!   worker: stored spans of every article + gazetteers ──▶ Dictionary
//!   edit in an open document: unlearn its old spans, learn the new ones ──▶ revision + 1
//!   frame: (document, generation, revision) changed? ──▶ Matcher::suggest (a few ms)
//! ```
//!
//! A model's predictions (imported from Label Studio into the corpus's predictions) are
//! added to the document's suggestions where no span of the user's is.
//!
//! Rejections are kept per corpus ([`Rejections`]) and written through the autosaver, like
//! annotations; a rejections file that cannot be read is left alone and rejections last
//! until the folder closes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::layer_spans::LayerSpans;
use crate::annotate::session::{Autosaver, DocumentSession};
use crate::annotate::{LabelSet, Span, Store};
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::search::rejections::{Rejected, Rejections};
use crate::search::suggest::{Dictionary, Layers, Matcher, Suggestion, with_predictions};
use crate::search::suggest_corpus::{Sources, corpus_dictionary_with_spans};

/// What a document's suggestions were found for: the document at a generation of the
/// annotations, a revision of the dictionary, and a count of its rejections.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    rel: String,
    generation: u64,
    revision: u64,
    rejected: usize,
}

/// What the worker made: the dictionary, its problems, and the spans it learned by document.
type Made = (
    Dictionary,
    Vec<String>,
    HashMap<String, Vec<Span>>,
    Option<Matcher>,
);

/// Touched forms beyond which the whole matcher is made again (about a hundred milliseconds
/// for ten thousand entries, once) rather than a larger overlay each edit.
const REBUILD_AFTER: usize = 2_000;

/// The open corpus's suggestions.
#[derive(Default)]
pub struct Suggesting {
    dict: Option<Dictionary>,
    loading: Option<Receiver<Made>>,
    /// The matcher made for the whole dictionary (on the worker), the forms touched since, and
    /// a small matcher of those forms as they are now ([`Layers`]).
    base: Option<Matcher>,
    touched: HashSet<String>,
    overlay: Option<(u64, Option<Matcher>)>,
    /// The spans the dictionary has learned from each open document, to take back when they
    /// change.
    learned: HashMap<String, Vec<Span>>,
    pub rejections: Rejections,
    /// Why the rejections file could not be read (it is then never written).
    pub rejections_problem: Option<String>,
    /// One document's suggestions, and what they were found for.
    cache: Option<(Found, Arc<Vec<Suggestion>>)>,
    /// The suggestion stepped to, by index in the open document's list.
    pub current: Option<usize>,
    /// Gazetteer lines and store files the dictionary could not use.
    pub problems: Vec<String>,
    /// The user hid the suggestions (View → Suggestions).
    pub hidden: bool,
    /// The corpus's predictions, when it has any.
    predictions: Option<LayerSpans>,
}

impl Suggesting {
    /// Starts making the dictionary of the corpus at `folder` on a worker.
    pub fn start(
        folder: Folder,
        store: &Store,
        labels: &LabelSet,
        wake: impl Fn() + Send + 'static,
    ) -> Suggesting {
        let (rejections, rejections_problem) = match Rejections::load(store) {
            Ok(r) => (r, None),
            Err(e) => (Rejections::default(), Some(e)),
        };
        let (send, loading) = channel();
        let store_for_worker = store.clone();
        let names: Vec<String> = labels.labels.iter().map(|l| l.name.clone()).collect();
        let started = std::thread::Builder::new()
            .name("hamesh-dictionary".into())
            .spawn(move || {
                let listing = walk(&folder);
                let known = |l: &str| names.iter().any(|n| n == l);
                let sources = Sources::default();
                let (mut dict, problems, learned) =
                    corpus_dictionary_with_spans(&listing, &store_for_worker, sources, &known);
                // The big matcher is made here, off the window's thread.
                dict.take_touched();
                let base = dict.matcher();
                if send.send((dict, problems, learned, base)).is_ok() {
                    wake();
                }
            })
            .is_ok();
        let predictions = store.predictions();
        Suggesting {
            loading: started.then_some(loading),
            rejections,
            rejections_problem,
            predictions: predictions
                .annotations_dir()
                .is_dir()
                .then(|| LayerSpans::new(predictions)),
            ..Suggesting::default()
        }
    }

    /// Whether the dictionary is still being made.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Dictionary entries (0 while it is being made).
    pub fn entries(&self) -> usize {
        self.dict.as_ref().map_or(0, Dictionary::len)
    }

    /// Takes the dictionary from the worker, brought up to date with the open documents.
    pub fn poll(&mut self, sessions: &HashMap<String, DocumentSession>) {
        let Some(rx) = &self.loading else {
            return;
        };
        match rx.try_recv() {
            Ok((mut dict, problems, from_disk, base)) => {
                self.base = base;
                // The worker learned what was on disk when it read it; the open documents may
                // have moved on since: exactly what it learned of them is taken back.
                for (rel, session) in sessions {
                    if let Some(old) = from_disk.get(rel) {
                        dict.unlearn(old);
                    }
                    dict.learn(&session.doc.spans);
                    self.learned.insert(rel.clone(), session.doc.spans.clone());
                }
                self.dict = Some(dict);
                self.problems = problems;
                self.loading = None;
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.loading = None,
        }
    }

    /// A document was opened with these spans (those on disk, which the dictionary learned).
    /// Before the dictionary is made nothing is noted: it takes the open documents as they are
    /// when it arrives.
    pub fn opened(&mut self, rel: &str, spans: &[Span]) {
        if self.dict.is_some() {
            self.learned
                .entry(rel.to_string())
                .or_insert_with(|| spans.to_vec());
        }
    }

    /// A document's spans changed: the dictionary follows.
    pub fn changed(&mut self, rel: &str, spans: &[Span]) {
        let Some(dict) = &mut self.dict else {
            return;
        };
        match self.learned.get_mut(rel) {
            Some(old) if old.as_slice() == spans => {}
            Some(old) => {
                dict.unlearn(old.iter());
                dict.learn(spans);
                *old = spans.to_vec();
            }
            None => {
                dict.learn(spans);
                self.learned.insert(rel.to_string(), spans.to_vec());
            }
        }
    }

    /// The suggestions of document `rel` (its text and spans at `generation`), found again
    /// only when something changed.
    pub fn suggestions(
        &mut self,
        rel: &str,
        text: &str,
        spans: &[Span],
        generation: u64,
    ) -> Arc<Vec<Suggestion>> {
        let Some(dict) = &self.dict else {
            return Arc::default();
        };
        let revision = dict.revision();
        let rejected = self.rejections.count(rel);
        if let Some((key, found)) = &self.cache
            && key.rel == rel
            && key.generation == generation
            && key.revision == revision
            && key.rejected == rejected
        {
            return found.clone();
        }
        let Some(dict) = &mut self.dict else {
            return Arc::default();
        };
        self.touched.extend(dict.take_touched());
        if self.base.is_none() || self.touched.len() > REBUILD_AFTER {
            self.base = dict.matcher();
            self.touched.clear();
            self.overlay = None;
        }
        if self.overlay.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.overlay = Some((revision, dict.matcher_for(&self.touched)));
        }
        let rejected_ranges = self.rejections.ranges(rel, text);
        let found = match &self.base {
            Some(base) => Layers {
                base,
                touched: &self.touched,
                overlay: self.overlay.as_ref().and_then(|(_, m)| m.as_ref()),
            }
            .suggest(text, spans, &rejected_ranges),
            None => Vec::new(),
        };
        let predicted = self.predicted_of(rel, text);
        let found = Arc::new(with_predictions(found, &predicted, spans, &rejected_ranges));
        if self.current.is_some_and(|i| i >= found.len()) {
            self.current = None;
        }
        let key = Found {
            rel: rel.to_string(),
            generation,
            revision,
            rejected,
        };
        self.cache = Some((key, found.clone()));
        found
    }

    /// The model's predicted spans of document `rel` whose text is `text` (read once per
    /// document); a file that cannot be read is reported among the problems, once.
    fn predicted_of(&mut self, rel: &str, text: &str) -> Arc<Vec<Span>> {
        let Some(predictions) = &mut self.predictions else {
            return Arc::default();
        };
        let spans = predictions.spans_of(rel, text);
        if let Some(message) = &predictions.problem {
            let problem = format!("predictions of {rel}: {message}");
            if !self.problems.contains(&problem) {
                self.problems.push(problem);
            }
        }
        spans
    }

    /// Turns `suggestion` of document `rel` down, for good: written to the corpus's
    /// rejections file through `saver` (unless that file could not be read).
    pub fn reject(&mut self, rel: &str, suggestion: &Suggestion, store: &Store, saver: &Autosaver) {
        self.rejections.add(
            rel,
            Rejected {
                start: suggestion.start,
                end: suggestion.end,
                text: suggestion.text.clone(),
                label: suggestion.entry.label.clone(),
            },
        );
        if self.rejections_problem.is_none() {
            saver.save(Rejections::path(store), self.rejections.to_bytes());
        }
    }
}
