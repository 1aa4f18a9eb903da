//! A document open for annotation: its annotations, undo history and safe saving.
//!
//! Opening reads the document's annotation file. A damaged file blocks annotation of that
//! document (nothing is written) until the user chooses to keep it aside and start over. The
//! stored spans are then placed in the text ([`place`]): if the article changed since it was
//! annotated (its hash differs) they are looked for by quote and context, and spans that cannot
//! be placed with certainty, or whose offsets do not fit the text, wait for review: listed,
//! never dropped, never drawn at a guessed place.
//!
//! Every edit is handed to an [`Autosaver`]: a background thread that writes the latest state of
//! each document atomically as soon as it can, so an edit is on disk within milliseconds and the
//! UI never waits for the disk. [`Autosaver::flush`] waits for everything on quit.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use crate::fsutil::write_atomic;

use super::anchor::place;
use super::edit::{Edit, EditError, History};
use super::span::{DocStatus, DocumentAnnotations, Source, sha256_hex};
use super::store::{Store, StoreError};

#[derive(Default)]
struct Queue {
    pending: BTreeMap<PathBuf, Vec<u8>>,
    writing: bool,
    written: u64,
    errors: Vec<String>,
    stop: bool,
}

/// Writes annotation files in the background, latest state first, one file at a time.
pub struct Autosaver {
    shared: Arc<(Mutex<Queue>, Condvar)>,
    worker: Option<JoinHandle<()>>,
}

impl Default for Autosaver {
    fn default() -> Self {
        Autosaver::new()
    }
}

impl Autosaver {
    pub fn new() -> Autosaver {
        let shared = Arc::new((Mutex::new(Queue::default()), Condvar::new()));
        let worker_shared = Arc::clone(&shared);
        let worker = std::thread::Builder::new()
            .name("hamesh-autosave".into())
            .spawn(move || worker_loop(&worker_shared))
            .ok();
        Autosaver { shared, worker }
    }

    /// Queues `bytes` for `path`, replacing any older state of that file not yet written.
    pub fn save(&self, path: PathBuf, bytes: Vec<u8>) {
        let (lock, cvar) = &*self.shared;
        if let Ok(mut q) = lock.lock() {
            q.pending.insert(path.clone(), bytes);
            cvar.notify_all();
            if self.worker.is_none() {
                // No thread could be started: write in place rather than lose the edit.
                let bytes = q.pending.remove(&path).unwrap_or_default();
                drop(q);
                if let Err(e) = write_atomic(&path, &bytes)
                    && let Ok(mut q) = lock.lock()
                {
                    q.errors
                        .push(format!("cannot save {}: {e}", path.display()));
                }
            }
        }
    }

    /// Waits until every queued state is on disk.
    pub fn flush(&self) {
        let (lock, cvar) = &*self.shared;
        let Ok(mut q) = lock.lock() else { return };
        while !q.pending.is_empty() || q.writing {
            match cvar.wait(q) {
                Ok(g) => q = g,
                Err(_) => return,
            }
        }
    }

    /// Whether nothing is waiting to be written.
    pub fn is_idle(&self) -> bool {
        let (lock, _) = &*self.shared;
        lock.lock()
            .map(|q| q.pending.is_empty() && !q.writing)
            .unwrap_or(true)
    }

    /// Files written so far.
    pub fn written(&self) -> u64 {
        self.shared.0.lock().map(|q| q.written).unwrap_or(0)
    }

    /// Errors since the last call (shown to the user; the state stays queued for a retry on the
    /// next edit).
    pub fn take_errors(&self) -> Vec<String> {
        self.shared
            .0
            .lock()
            .map(|mut q| std::mem::take(&mut q.errors))
            .unwrap_or_default()
    }
}

fn worker_loop(shared: &(Mutex<Queue>, Condvar)) {
    let (lock, cvar) = shared;
    loop {
        let job = {
            let Ok(mut q) = lock.lock() else { return };
            loop {
                if let Some(path) = q.pending.keys().next().cloned() {
                    let bytes = q.pending.remove(&path).unwrap_or_default();
                    q.writing = true;
                    break Some((path, bytes));
                }
                if q.stop {
                    break None;
                }
                q = match cvar.wait(q) {
                    Ok(g) => g,
                    Err(_) => return,
                };
            }
        };
        let Some((path, bytes)) = job else { return };
        let result = write_atomic(&path, &bytes);
        if let Ok(mut q) = lock.lock() {
            q.writing = false;
            match result {
                Ok(()) => q.written += 1,
                Err(e) => q
                    .errors
                    .push(format!("cannot save {}: {e}", path.display())),
            }
            cvar.notify_all();
        }
    }
}

impl Drop for Autosaver {
    fn drop(&mut self) {
        self.flush();
        if let Ok(mut q) = self.shared.0.lock() {
            q.stop = true;
        }
        self.shared.1.notify_all();
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// Whether a document can be annotated now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    Editable,
    /// Its annotation file could not be read; annotation waits for the user's choice.
    Blocked {
        message: String,
    },
}

/// What placing the stored spans found worth telling: the article changed since it was
/// annotated, or spans did not fit the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReanchorNote {
    /// The article's text changed since the spans were placed.
    pub changed: bool,
    /// Spans moved to a new offset, their quote and context agreeing there.
    pub moved: usize,
    /// Spans that went to review in this opening.
    pub newly_in_review: usize,
    /// Spans waiting for review in all, those from earlier openings included.
    pub in_review: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("annotation of this document is paused: {0}")]
    Blocked(String),
}

/// One document's annotations while it is open (kept when switching documents so its undo
/// history survives).
pub struct DocumentSession {
    pub rel: String,
    pub doc: DocumentAnnotations,
    pub history: History,
    pub availability: Availability,
    pub reanchored: Option<ReanchorNote>,
}

impl DocumentSession {
    /// Opens the annotations of document `rel` whose decoded text is `text`.
    pub fn open(
        store: &Store,
        rel: &str,
        text: &str,
        encoding: &str,
        annotator: &str,
    ) -> DocumentSession {
        let source = Source {
            path: rel.to_string(),
            sha256: sha256_hex(text),
            encoding: encoding.to_string(),
            characters: text.chars().count(),
        };
        let mut session = DocumentSession {
            rel: rel.to_string(),
            doc: DocumentAnnotations::new(source.clone(), annotator),
            history: History::default(),
            availability: Availability::Editable,
            reanchored: None,
        };
        match store.load(rel) {
            Ok(None) => {}
            Ok(Some(mut doc)) => {
                let changed = doc.source.sha256 != source.sha256;
                let spans = std::mem::take(&mut doc.spans);
                let waiting = std::mem::take(&mut doc.needs_review);
                let r = place(spans, waiting, text, changed);
                if changed || r.newly_in_review > 0 {
                    session.reanchored = Some(ReanchorNote {
                        changed,
                        moved: r.moved,
                        newly_in_review: r.newly_in_review,
                        in_review: r.needs_review.len(),
                    });
                }
                doc.spans = r.kept;
                doc.needs_review = r.needs_review;
                if changed {
                    doc.source = source;
                }
                doc.sort();
                session.doc = doc;
            }
            Err(e) => {
                session.availability = Availability::Blocked {
                    message: e.to_string(),
                };
            }
        }
        session
    }

    pub fn is_editable(&self) -> bool {
        self.availability == Availability::Editable
    }

    fn check(&self) -> Result<(), SessionError> {
        match &self.availability {
            Availability::Editable => Ok(()),
            Availability::Blocked { message } => Err(SessionError::Blocked(message.clone())),
        }
    }

    fn persist(&self, store: &Store, saver: &Autosaver) -> Result<(), SessionError> {
        let path = store.path_for(&self.rel)?;
        saver.save(path, Store::to_bytes(&self.doc));
        Ok(())
    }

    /// Applies a new edit and queues the save. The first span of a document not started
    /// puts it in progress, in the same undo step.
    pub fn apply(
        &mut self,
        edit: Edit,
        store: &Store,
        saver: &Autosaver,
    ) -> Result<(), SessionError> {
        self.check()?;
        let edit = if self.doc.status == DocStatus::NotStarted && edit.adds_span() {
            let started = Edit::Status {
                before: DocStatus::NotStarted,
                after: DocStatus::InProgress,
            };
            Edit::Batch(vec![edit, started])
        } else {
            edit
        };
        self.history.apply(&mut self.doc, edit)?;
        self.persist(store, saver)
    }

    pub fn undo(&mut self, store: &Store, saver: &Autosaver) -> Result<bool, SessionError> {
        self.check()?;
        let done = self.history.undo(&mut self.doc)?;
        if done {
            self.persist(store, saver)?;
        }
        Ok(done)
    }

    pub fn redo(&mut self, store: &Store, saver: &Autosaver) -> Result<bool, SessionError> {
        self.check()?;
        let done = self.history.redo(&mut self.doc)?;
        if done {
            self.persist(store, saver)?;
        }
        Ok(done)
    }

    /// The user's choice for a damaged file: move it aside (kept, never deleted) and start this
    /// document's annotations afresh. Returns where the old file went.
    pub fn keep_aside_and_start_over(&mut self, store: &Store) -> Result<PathBuf, SessionError> {
        let kept = store.keep_aside(&self.rel)?;
        self.availability = Availability::Editable;
        Ok(kept)
    }

    /// Saves now if placing the spans changed the document (so the file matches the text).
    pub fn save_if_reanchored(&self, store: &Store, saver: &Autosaver) -> Result<(), SessionError> {
        if self.reanchored.is_some() && self.is_editable() {
            self.persist(store, saver)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::make_span;
    use crate::text::CharIndex;
    use crate::text::offsets::CharMap;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hamesh-session-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn edits_are_saved_in_the_background_and_reloaded() {
        let corpus = temp("save");
        let store = Store::open(&corpus, &corpus);
        let saver = Autosaver::new();
        let text = "قال بوتين إن روسيا";
        let map = CharMap::new(text);
        let mut s = DocumentSession::open(&store, "a.txt", text, "UTF-8", "amina");
        let id = s.doc.allocate_id();
        let span = make_span(text, &map, id, CharIndex(4)..CharIndex(9), "PER");
        s.apply(Edit::Add(span), &store, &saver).unwrap();
        saver.flush();
        assert!(saver.written() >= 1);
        let again = DocumentSession::open(&store, "a.txt", text, "UTF-8", "amina");
        assert_eq!(again.doc.spans, s.doc.spans);
        assert_eq!(again.doc.annotator, "amina");
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn the_first_span_puts_the_document_in_progress_in_the_same_undo_step() {
        let corpus = temp("in-progress");
        let store = Store::open(&corpus, &corpus);
        let saver = Autosaver::new();
        let text = "قال بوتين إن روسيا";
        let map = CharMap::new(text);
        let mut s = DocumentSession::open(&store, "a.txt", text, "UTF-8", "");
        assert_eq!(s.doc.status, DocStatus::NotStarted);
        let id = s.doc.allocate_id();
        let span = make_span(text, &map, id, CharIndex(4)..CharIndex(9), "PER");
        s.apply(Edit::Add(span), &store, &saver).unwrap();
        assert_eq!(s.doc.status, DocStatus::InProgress);
        assert!(s.undo(&store, &saver).unwrap());
        assert_eq!(
            s.doc.status,
            DocStatus::NotStarted,
            "one undo takes both back"
        );
        assert!(s.doc.spans.is_empty());
        assert!(s.redo(&store, &saver).unwrap());
        assert_eq!(s.doc.status, DocStatus::InProgress);
        // A document marked done stays done when a span is added; one set back to not
        // started by hand stays so until its next span.
        let done = Edit::Status {
            before: DocStatus::InProgress,
            after: DocStatus::Done,
        };
        s.apply(done, &store, &saver).unwrap();
        let id = s.doc.allocate_id();
        let span = make_span(text, &map, id, CharIndex(13)..CharIndex(18), "GPE");
        s.apply(Edit::Add(span), &store, &saver).unwrap();
        assert_eq!(s.doc.status, DocStatus::Done);
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn damaged_file_blocks_until_kept_aside() {
        let corpus = temp("blocked");
        let store = Store::open(&corpus, &corpus);
        let saver = Autosaver::new();
        let path = store.path_for("a.txt").unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"garbage").unwrap();
        let text = "سلام";
        let map = CharMap::new(text);
        let mut s = DocumentSession::open(&store, "a.txt", text, "UTF-8", "");
        assert!(!s.is_editable());
        let span = make_span(
            text,
            &map,
            s.doc.allocate_id(),
            CharIndex(0)..CharIndex(4),
            "X",
        );
        assert!(matches!(
            s.apply(Edit::Add(span.clone()), &store, &saver),
            Err(SessionError::Blocked(_))
        ));
        saver.flush();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"garbage",
            "never overwritten"
        );
        let kept = s.keep_aside_and_start_over(&store).unwrap();
        assert_eq!(std::fs::read(&kept).unwrap(), b"garbage");
        s.apply(Edit::Add(span), &store, &saver).unwrap();
        saver.flush();
        assert!(path.exists());
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn changed_article_reanchors_and_keeps_orphans() {
        let corpus = temp("changed");
        let store = Store::open(&corpus, &corpus);
        let saver = Autosaver::new();
        let old = "قال بوتين إن روسيا ستدعم طالبان";
        let map = CharMap::new(old);
        let mut s = DocumentSession::open(&store, "a.txt", old, "UTF-8", "");
        for (a, b, l) in [(4, 9, "PER"), (13, 18, "GPE")] {
            let id = s.doc.allocate_id();
            let span = make_span(old, &map, id, CharIndex(a)..CharIndex(b), l);
            s.apply(Edit::Add(span), &store, &saver).unwrap();
        }
        saver.flush();
        let new = "أمس قال الرئيس إن روسيا ستدعم طالبان";
        let s2 = DocumentSession::open(&store, "a.txt", new, "UTF-8", "");
        let note = s2.reanchored.clone().unwrap();
        assert_eq!(note.newly_in_review, 1, "بوتين is gone");
        assert_eq!(s2.doc.spans.len(), 1);
        assert_eq!(s2.doc.spans[0].text, "روسيا");
        assert_eq!(s2.doc.needs_review[0].span.text, "بوتين");
        std::fs::remove_dir_all(&corpus).ok();
    }
}
