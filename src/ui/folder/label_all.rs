//! Annotate all from the window: every hit of a query (or the ticked ones) across the corpus
//! becomes a span with one label, in one action.
//!
//! ```text
//!   worker thread                         UI thread (a few ms per frame)
//!   read article, find hits,      ──▶     take the document's session (the open one, or the
//!   open its annotations,                 worker's), skip covered hits, apply one Edit::Batch:
//!   make the candidate spans              one undo step, queued to the autosaver
//! ```
//!
//! Each document's batch is one undo step of that document (Ctrl+Z there takes it back), and
//! the whole action is kept until the folder closes so that it can be undone as one step:
//! spans changed since are kept, and counted.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::annotate::Edit;
use crate::annotate::store::Store;
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::parallel::par_map;
use crate::search::label_all::{Prepared, labelling, prepare_document};
use crate::search::{MatchOptions, Query};
use crate::text::CharIndex;

use super::OpenFolder;

/// Documents read per round: each round reaches the window as soon as it is done.
const ROUND: usize = 64;
/// Time the window spends per frame taking prepared documents in.
const FRAME_BUDGET: Duration = Duration::from_millis(6);

/// What to label: the hits of `query` with `label`, in every article or only at the ticked
/// hits (by document).
#[derive(Clone, Debug, PartialEq)]
pub struct LabelRequest {
    pub query: String,
    pub options: MatchOptions,
    pub label: String,
    pub only: Option<BTreeMap<String, Vec<Range<CharIndex>>>>,
    /// The entity the new spans link to ("label every other mention" of a linked span).
    pub entity: Option<String>,
}

/// What an annotate-all did (or is doing), for the window to tell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelReport {
    pub query: String,
    pub label: String,
    pub created: usize,
    pub skipped: usize,
    pub documents: usize,
    /// Documents left alone, with the reason.
    pub failed: Vec<String>,
    pub done: bool,
    /// After "undo all": spans removed, and spans kept because they changed since.
    pub undone: Option<(usize, usize)>,
}

enum Prepare {
    Document(Result<Option<Box<Prepared>>, String>),
    Done,
}

/// The worker and what it handed over that the window has not taken yet.
struct LabelJob {
    stop: Arc<AtomicBool>,
    prepared: Receiver<Prepare>,
    queue: VecDeque<Result<Option<Box<Prepared>>, String>>,
    finished: bool,
}

impl Drop for LabelJob {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// One corpus-wide action: the batch applied to each document.
#[derive(Default)]
struct CorpusAction {
    documents: Vec<(String, Edit)>,
}

/// The open folder's annotate-all state.
#[derive(Default)]
pub struct LabelAll {
    job: Option<LabelJob>,
    running: CorpusAction,
    /// Finished actions, newest last; each can be undone as one step.
    done: Vec<CorpusAction>,
    pub report: Option<LabelReport>,
}

impl LabelAll {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the last finished action can be undone.
    pub fn can_undo(&self) -> bool {
        self.job.is_none() && !self.done.is_empty()
    }
}

impl OpenFolder {
    /// Starts labelling the hits of `request` in the corpus. A query that cannot be searched
    /// is returned as the message to show.
    pub fn start_label_all(
        &mut self,
        request: LabelRequest,
        annotator: &str,
    ) -> Result<(), String> {
        if self.label_all.is_running() {
            return Err("an earlier annotate-all is still running".into());
        }
        let query = Query::new(&request.query, request.options).map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let (send, prepared) = channel();
        let folder = self.corpus.folder().clone();
        let store = self.annotating.store.clone();
        let (label, annotator, only) = (request.label.clone(), annotator.to_string(), request.only);
        let entity = request.entity;
        let (flag, wake) = (stop.clone(), super::waker(&self.ctx));
        std::thread::Builder::new()
            .name("hamesh-label-all".into())
            .spawn(move || {
                let job = LabelWork {
                    folder: &folder,
                    store: &store,
                    query: &query,
                    label: &label,
                    annotator: &annotator,
                    entity: entity.as_deref(),
                };
                job.run(only.as_ref(), &flag, &mut |p| {
                    if send.send(p).is_ok() {
                        wake();
                    }
                });
            })
            .map_err(|e| format!("cannot start annotate all: {e}"))?;
        self.label_all.job = Some(LabelJob {
            stop,
            prepared,
            queue: VecDeque::new(),
            finished: false,
        });
        self.label_all.running = CorpusAction::default();
        self.label_all.report = Some(LabelReport {
            query: request.query,
            label: request.label,
            ..LabelReport::default()
        });
        Ok(())
    }

    /// Takes in what the worker prepared, for a few milliseconds at most.
    pub(super) fn poll_label_all(&mut self) {
        let Some(job) = &mut self.label_all.job else {
            return;
        };
        loop {
            match job.prepared.try_recv() {
                Ok(Prepare::Document(d)) => job.queue.push_back(d),
                Ok(Prepare::Done) | Err(TryRecvError::Disconnected) => {
                    job.finished = true;
                    break;
                }
                Err(TryRecvError::Empty) => break,
            }
        }
        let started = Instant::now();
        while started.elapsed() < FRAME_BUDGET {
            let Some(next) = self
                .label_all
                .job
                .as_mut()
                .and_then(|j| j.queue.pop_front())
            else {
                break;
            };
            let outcome = match next {
                Ok(Some(prepared)) => self.take_prepared(*prepared),
                Ok(None) => Ok(()),
                Err(why) => Err(why),
            };
            if let (Err(why), Some(report)) = (outcome, &mut self.label_all.report) {
                report.failed.push(why);
            }
        }
        let finished = self
            .label_all
            .job
            .as_ref()
            .is_some_and(|j| j.finished && j.queue.is_empty());
        if finished {
            self.label_all.job = None;
            let action = std::mem::take(&mut self.label_all.running);
            if !action.documents.is_empty() {
                self.label_all.done.push(action);
            }
            if let Some(report) = &mut self.label_all.report {
                report.done = true;
            }
        } else if self
            .label_all
            .job
            .as_ref()
            .is_some_and(|j| !j.queue.is_empty())
        {
            // More is queued: come back next frame (the worker's waker says when more comes).
            self.ctx.request_repaint();
        }
    }

    /// Labels one prepared document: in its open session if it has one (the one with the
    /// undo history and the latest edits), else in the session the worker opened.
    fn take_prepared(&mut self, prepared: Prepared) -> Result<(), String> {
        let Prepared {
            path,
            session: fresh,
            candidates,
        } = prepared;
        let a = &mut self.annotating;
        match a.sessions.get(&path) {
            Some(open) if open.doc.source.sha256 != fresh.doc.source.sha256 => {
                return Err(format!(
                    "{path}: the article changed on disk since it was opened; open it again"
                ));
            }
            Some(_) => {}
            None => {
                a.insert_session(&path, fresh);
            }
        }
        let Some(session) = a.sessions.get_mut(&path) else {
            return Ok(());
        };
        let (adds, skipped) = labelling(&session.doc, candidates);
        let created = adds.len();
        if created > 0 {
            let batch = Edit::Batch(adds.into_iter().map(Edit::Add).collect());
            session
                .apply(batch.clone(), &a.store, &self.saver)
                .map_err(|e| format!("{path}: {e}"))?;
            a.changed(&path);
            self.label_all.running.documents.push((path, batch));
        }
        if let Some(report) = &mut self.label_all.report {
            report.created += created;
            report.skipped += skipped;
            report.documents += usize::from(created > 0);
        }
        Ok(())
    }

    /// Undoes the last finished annotate-all as one step: each document's batch is taken back
    /// (by its undo when it is still the document's last edit); spans changed since are kept.
    pub fn undo_label_all(&mut self) {
        if self.label_all.job.is_some() {
            return;
        }
        let Some(action) = self.label_all.done.pop() else {
            return;
        };
        let (mut removed, mut kept) = (0, 0);
        let mut failed = Vec::new();
        let a = &mut self.annotating;
        for (path, batch) in action.documents.iter().rev() {
            let Edit::Batch(adds) = batch else { continue };
            let Some(session) = a.sessions.get_mut(path) else {
                kept += adds.len();
                continue;
            };
            let result = if session.history.last() == Some(batch) {
                let undone = session.undo(&a.store, &self.saver).map(|_| ());
                if undone.is_ok() {
                    removed += adds.len();
                }
                undone
            } else {
                // Spans changed since are kept; spans already gone (undone in the document,
                // deleted) are neither.
                let mut still = Vec::new();
                for e in adds {
                    let Edit::Add(s) = e else { continue };
                    match session.doc.span(&s.id) {
                        Some(now) if now == s => still.push(Edit::Remove(s.clone())),
                        Some(_) => kept += 1,
                        None => {}
                    }
                }
                let n = still.len();
                let undone = if still.is_empty() {
                    Ok(())
                } else {
                    session.apply(Edit::Batch(still), &a.store, &self.saver)
                };
                if undone.is_ok() {
                    removed += n;
                }
                undone
            };
            if let Err(e) = result {
                failed.push(format!("{path}: {e}"));
            }
            a.changed(path);
        }
        if let Some(report) = &mut self.label_all.report {
            report.undone = Some((removed, kept));
            report.failed.extend(failed);
        }
    }

    pub fn label_all(&self) -> &LabelAll {
        &self.label_all
    }

    /// Waits until the running annotate-all has been taken in (for tests and headless use).
    pub fn finish_label_all(&mut self) {
        while self.label_all.is_running() {
            self.poll_label_all();
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// What the worker thread works with.
struct LabelWork<'a> {
    folder: &'a Folder,
    store: &'a Store,
    query: &'a Query,
    label: &'a str,
    annotator: &'a str,
    entity: Option<&'a str>,
}

impl LabelWork<'_> {
    fn run(
        &self,
        only: Option<&BTreeMap<String, Vec<Range<CharIndex>>>>,
        stop: &AtomicBool,
        out: &mut dyn FnMut(Prepare),
    ) {
        let listing = walk(self.folder);
        let files: Vec<String> = match only {
            Some(only) => listing
                .files
                .iter()
                .filter(|f| only.contains_key(*f))
                .cloned()
                .collect(),
            None => listing.files.clone(),
        };
        let what = (self.query, self.label, self.annotator);
        for round in files.chunks(ROUND) {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let prepared = par_map(round.to_vec(), &|rel: String| {
                let keep = only.and_then(|o| o.get(&rel)).map(Vec::as_slice);
                let mut p = prepare_document((self.folder, &listing), self.store, what, &rel, keep);
                if let (Ok(Some(p)), Some(entity)) = (&mut p, self.entity) {
                    for c in &mut p.candidates {
                        c.entity = Some(entity.to_string());
                    }
                }
                p
            });
            for p in prepared {
                out(Prepare::Document(p.map(|d| d.map(Box::new))));
            }
        }
        out(Prepare::Done);
    }
}
