//! Annotating the open corpus: its store and label set, the open documents' sessions, the
//! selected span, and the highlights the reader draws.
//!
//! - [`Annotating`] — one per open corpus. Sessions ([`DocumentSession`]) are kept in a map by
//!   relative path, so each document's undo history survives switching to another one. Every
//!   edit goes through [`DocumentSession::apply`], which queues the document's new state to the
//!   open folder's [`Autosaver`] at once: on disk within milliseconds, and flushed when the
//!   folder closes or the window quits.
//! - [`panel`] and [`rows`] — the highlight panel,
//!   [`review`] — its list of spans waiting for review;
//!   [`label_editor`] — the label set's editor; [`index`] — status and span counts for the
//!   article list; [`banner`] — the messages above the reader (read-only folder, damaged file).
//! - [`beside`] — another layer drawn beside the open one; [`layer_spans`] — another layer's
//!   spans of a document, read-only (that layer, and a model's predictions for suggesting).

pub mod banner;
pub mod beside;
pub mod entity_link;
pub mod frame;
pub mod index;
pub mod label_editor;
pub mod layer_spans;
pub mod panel;
pub mod review;
pub mod rows;
pub mod suggesting;
pub mod suggestions_panel;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::Color32;

use crate::annotate::entities::Registry;
use crate::annotate::label::UNKNOWN_LABEL_COLOR;
use crate::annotate::session::{Autosaver, DocumentSession, ReanchorNote};
use crate::annotate::{LabelSet, Span, SpanId, Store, Summary};
use crate::i18n::Msg;
use crate::search::suggest::Suggestion;

use super::article::{OpenArticle, SessionRequest};
use super::reader::{HighlightFrame, Highlights, Mark};
use beside::{Beside, OtherLayer};
use index::SummaryIndex;
use suggesting::Suggesting;

/// How long a span flashes after a jump to it from the panel.
pub const FLASH: Duration = Duration::from_millis(1200);

/// What opening a document's annotations found worth telling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    Fine,
    /// The article changed since it was annotated, or spans did not fit its text: spans were
    /// placed again, and those that could not be placed for certain wait for review.
    Reanchored(ReanchorNote),
    /// The annotation file cannot be read; annotation of the document waits for the user.
    Blocked(String),
}

/// Spans per label, label name order.
pub type Counts = BTreeMap<String, usize>;

/// The open corpus's annotations.
pub struct Annotating {
    pub store: Store,
    pub labels: LabelSet,
    /// Why `labels.json` could not be read (it is left as it is) or created, with the message
    /// the window shows for it: the default set is used until the user saves the labels (which
    /// keeps a damaged file aside first).
    pub labels_problem: Option<(Msg, String)>,
    pub(in crate::ui) sessions: HashMap<String, DocumentSession>,
    pub index: SummaryIndex,
    /// Changes with every edit, undo, label change and document switch.
    generation: u64,
    /// The highlights of one document at one generation.
    marks: Option<(String, u64, Arc<Highlights>)>,
    /// Spans per label of one document at one generation (the panel's counts).
    counts: Option<(String, u64, Arc<Counts>)>,
    /// The span selected in the reader or the panel.
    pub selected: Option<SpanId>,
    /// A span flashing after a jump to it, and since when.
    pub flash: Option<(SpanId, Instant)>,
    /// The dictionary and the open document's suggestions.
    pub suggesting: Suggesting,
    /// The corpus's entity registry, and why its file could not be read (it is then never
    /// written, and linking waits).
    pub registry: Registry,
    pub registry_problem: Option<String>,
    /// The corpus's annotator layers, when a team annotates it (read when it opened).
    pub team: Vec<String>,
    /// Another layer drawn beside the open one, read-only.
    pub beside: Option<Beside>,
    /// Why the annotator's name could not name a layer (the curated layer is open instead).
    pub name_problem: Option<String>,
}

/// The layer the window opens for `annotator`: in a corpus a team annotates (`team`: its
/// annotator layers), theirs; elsewhere, or with no name set, the corpus's unnamed layer. A
/// name that cannot name a layer opens the unnamed one, and says why.
fn layer_for(store: Store, annotator: &str, team: &[String]) -> (Store, Option<String>) {
    let unnamed = store.curated();
    if team.is_empty() || annotator.is_empty() {
        return (unnamed, None);
    }
    match store.layer(annotator) {
        Ok(layer) => (layer, None),
        Err(e) => (unnamed, Some(e.to_string())),
    }
}

impl Annotating {
    /// Opens the store of the corpus at `root` (its `.hamesh` folder, or a folder under
    /// `fallback_root` when the corpus is read-only) and its label set. In a corpus a team
    /// annotates (it has annotator layers), `annotator`'s own layer is opened; elsewhere, or
    /// with no name set, the corpus's unnamed layer.
    pub fn open(
        root: &Path,
        fallback_root: &Path,
        annotator: &str,
        wake: impl Fn() + Send + 'static,
    ) -> Annotating {
        let store = Store::open(root, fallback_root);
        let team = crate::annotate::layers::list(&store).names;
        let (store, name_problem) = layer_for(store, annotator, &team);
        let (labels, labels_problem) = match LabelSet::load_or_create(&store.labels_path()) {
            Ok(set) => (set, None),
            Err(e) => {
                let msg = if e.is_write() {
                    Msg::LabelsNotCreated
                } else {
                    Msg::LabelsDamaged
                };
                (LabelSet::default(), Some((msg, e.to_string())))
            }
        };
        let (registry, registry_problem) = match Registry::load(&store) {
            Ok(r) => (r, None),
            Err(e) => (Registry::default(), Some(e)),
        };
        Annotating {
            registry,
            registry_problem,
            index: SummaryIndex::start(store.clone(), wake),
            store,
            labels,
            labels_problem,
            sessions: HashMap::new(),
            generation: 1,
            marks: None,
            counts: None,
            selected: None,
            flash: None,
            suggesting: Suggesting::default(),
            team,
            beside: None,
            name_problem,
        }
    }

    /// Whether the window must open again for `annotator`: the layer that name opens is not
    /// the one open.
    pub fn reopens_for(&self, annotator: &str) -> bool {
        let (wanted, _) = layer_for(self.store.clone(), annotator, &self.team);
        wanted.annotator() != self.store.annotator()
    }

    /// The layers that can be shown beside the open one: the curated layer when one's own is
    /// open, and every other annotator's.
    pub fn other_layers(&self) -> Vec<OtherLayer> {
        if self.team.is_empty() {
            return Vec::new();
        }
        let curated = self
            .store
            .annotator()
            .is_some()
            .then_some(OtherLayer::Curated);
        curated
            .into_iter()
            .chain(self.team.iter().map(|n| OtherLayer::Annotator(n.clone())))
            .filter(|l| !l.is(&self.store))
            .collect()
    }

    /// Shows `layer` beside the open one (`None`: nothing).
    pub fn show_beside(&mut self, layer: Option<OtherLayer>) -> Result<(), String> {
        self.beside = match layer {
            None => None,
            Some(l) => Some(Beside::new(&self.store, l).map_err(|e| e.to_string())?),
        };
        Ok(())
    }

    /// The other layer's spans of document `rel`, coloured by label, for the reader.
    pub fn beside_marks(&mut self, rel: &str, text: &str) -> Arc<Vec<Span>> {
        match &mut self.beside {
            Some(b) => b.spans_of(rel, text),
            None => Arc::default(),
        }
    }

    /// Adds the session of a document opened outside the reader (annotate all); its spans
    /// are what the dictionary learned from disk.
    pub fn insert_session(&mut self, rel: &str, session: DocumentSession) -> &mut DocumentSession {
        self.suggesting.opened(rel, &session.doc.spans);
        self.sessions.entry(rel.to_string()).or_insert(session)
    }

    /// What the load worker needs to open a document's annotations.
    pub fn request(&self, annotator: &str) -> SessionRequest {
        SessionRequest {
            store: self.store.clone(),
            annotator: annotator.to_string(),
        }
    }

    pub fn session(&self, rel: &str) -> Option<&DocumentSession> {
        self.sessions.get(rel)
    }

    pub fn session_mut(&mut self, rel: &str) -> Option<&mut DocumentSession> {
        self.sessions.get_mut(rel)
    }

    /// Takes the session the worker opened with a newly loaded article. A session already open
    /// for the same text is kept (it has the undo history and the latest edits); one for another
    /// text (the article reopened as another encoding) is replaced after its edits are on disk.
    pub fn adopt(
        &mut self,
        article: &mut OpenArticle,
        annotator: &str,
        saver: &Autosaver,
    ) -> Opened {
        let rel = article.path.clone();
        let fresh = article.session.take();
        // Span ids are per document: a selection does not carry over, nor a suggestion.
        self.selected = None;
        self.flash = None;
        self.suggesting.current = None;
        let text = article.reader.text();
        let same = match (&fresh, self.sessions.get(&rel)) {
            (Some(f), Some(old)) => f.doc.source.sha256 == old.doc.source.sha256,
            (None, Some(_)) => true,
            _ => false,
        };
        if !same {
            let session = match fresh {
                Some(s) if !self.sessions.contains_key(&rel) => s,
                _ => {
                    // The old session's edits must be on disk before the file is read again.
                    saver.flush();
                    let encoding = article.encoding.name();
                    DocumentSession::open(&self.store, &rel, text, encoding, annotator)
                }
            };
            self.suggesting.opened(&rel, &session.doc.spans);
            self.sessions.insert(rel.clone(), session);
        }
        self.changed(&rel);
        let Some(session) = self.sessions.get(&rel) else {
            return Opened::Fine;
        };
        if let crate::annotate::session::Availability::Blocked { message } = &session.availability {
            return Opened::Blocked(message.clone());
        }
        match (&session.reanchored, same) {
            (Some(note), false) => {
                let _ = session.save_if_reanchored(&self.store, saver);
                Opened::Reanchored(note.clone())
            }
            _ => Opened::Fine,
        }
    }

    /// Notes that a document's annotations changed: new highlights, a new list entry, and the
    /// selection dropped if its span is gone.
    pub fn changed(&mut self, rel: &str) {
        self.generation += 1;
        if let Some(session) = self.sessions.get(rel) {
            if session.is_editable() {
                self.index.set(rel, Summary::of(&session.doc));
            }
            self.suggesting.changed(rel, &session.doc.spans);
            if let Some(id) = &self.selected
                && session.doc.span(id).is_none()
            {
                self.selected = None;
            }
        }
    }

    /// Changes the registry and queues it to be written; refused (with the reason) while
    /// its file could not be read.
    pub fn edit_registry<T>(
        &mut self,
        saver: &Autosaver,
        change: impl FnOnce(&mut Registry) -> Result<T, String>,
    ) -> Result<T, String> {
        if let Some(problem) = &self.registry_problem {
            return Err(problem.clone());
        }
        let out = change(&mut self.registry)?;
        saver.save(Registry::path(&self.store), self.registry.to_bytes());
        self.generation += 1;
        Ok(out)
    }

    /// Changes with every edit, undo, label change and document switch.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The suggestions of document `rel` whose text is `text` (none while they are hidden or
    /// the document cannot be annotated), found again only when something changed.
    pub fn suggestions_of(&mut self, rel: &str, text: &str) -> Arc<Vec<Suggestion>> {
        let Some(session) = self.sessions.get(rel).filter(|s| s.is_editable()) else {
            return Arc::default();
        };
        if self.suggesting.hidden {
            return Arc::default();
        }
        let spans = &session.doc.spans;
        self.suggesting
            .suggestions(rel, text, spans, self.generation)
    }

    /// Labels changed: every highlight is drawn again.
    pub fn relabelled(&mut self) {
        self.generation += 1;
    }

    /// The colour of a label; grey for a label missing from the set.
    pub fn color_of(&self, label: &str) -> Color32 {
        let [r, g, b] = self
            .labels
            .get(label)
            .map_or(UNKNOWN_LABEL_COLOR, |l| l.rgb());
        Color32::from_rgb(r, g, b)
    }

    /// The highlights of document `rel`, rebuilt only when something changed.
    pub fn highlights(&mut self, rel: &str) -> Option<Arc<Highlights>> {
        if let Some((r, g, h)) = &self.marks
            && r == rel
            && *g == self.generation
        {
            return Some(h.clone());
        }
        let session = self.sessions.get(rel)?;
        let marks = session
            .doc
            .spans
            .iter()
            .map(|s| Mark {
                range: s.range(),
                color: self.color_of(&s.label),
                label: s.label.clone(),
            })
            .collect();
        let set = Arc::new(Highlights::new(self.generation, marks));
        self.marks = Some((rel.to_string(), self.generation, set.clone()));
        Some(set)
    }

    /// Spans per label of document `rel`, counted again only when something changed.
    pub fn counts(&mut self, rel: &str) -> Arc<Counts> {
        if let Some((r, g, c)) = &self.counts
            && r == rel
            && *g == self.generation
        {
            return c.clone();
        }
        let counts: Counts = self.sessions.get(rel).map_or_else(Counts::new, |s| {
            s.doc
                .counts()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect()
        });
        let counts = Arc::new(counts);
        self.counts = Some((rel.to_string(), self.generation, counts.clone()));
        counts
    }

    /// What the reader draws for document `rel` this frame: its highlights, the selected span
    /// and a fading flash. Asks for frames while a flash runs.
    pub fn frame_for<'a>(
        &self,
        rel: &str,
        set: &'a Highlights,
        ctx: &egui::Context,
    ) -> HighlightFrame<'a> {
        let spans = self
            .sessions
            .get(rel)
            .map(|s| s.doc.spans.as_slice())
            .unwrap_or(&[]);
        let index_of = |id: &SpanId| spans.iter().position(|s| &s.id == id);
        let selected = self.selected.as_ref().and_then(index_of);
        let flash = self.flash.as_ref().and_then(|(id, since)| {
            let t = since.elapsed().as_secs_f32() / FLASH.as_secs_f32();
            if t >= 1.0 {
                return None;
            }
            ctx.request_repaint();
            // Two pulses, fading.
            let strength = (1.0 - t) * (0.5 + 0.5 * (t * std::f32::consts::TAU * 2.0).cos());
            Some((index_of(id)?, strength))
        });
        HighlightFrame {
            set,
            selected,
            flash,
        }
    }
}
