//! The corpus search's worker: one thread searching every article of the folder, handing each
//! document with hits over as soon as its round is done, and stopping when a newer search
//! replaces it (the job is dropped).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::corpus::files::Folder;
use crate::search::Query;
use crate::search::corpus::{DocumentHits, SearchSummary, search_corpus_until};

/// What the worker hands over.
pub enum Found {
    Document(DocumentHits),
    /// The search went through every article.
    Done(SearchSummary),
}

/// A search running on its thread.
pub struct SearchJob {
    stop: Arc<AtomicBool>,
    found: Receiver<Found>,
    started: Instant,
    /// When the first document with hits arrived.
    pub first: Option<Duration>,
}

impl SearchJob {
    /// Starts searching `folder` for `query`; `wake` asks for a frame when something arrives.
    pub fn start(
        folder: Folder,
        query: Query,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<SearchJob> {
        let stop = Arc::new(AtomicBool::new(false));
        let (send, found) = channel();
        let flag = stop.clone();
        std::thread::Builder::new()
            .name("hamesh-corpus-search".into())
            .spawn(move || {
                let summary = search_corpus_until(&folder, &query, &flag, &mut |doc| {
                    if send.send(Found::Document(doc)).is_ok() {
                        wake();
                    }
                });
                if !flag.load(Ordering::Relaxed) {
                    let _ = send.send(Found::Done(summary));
                    wake();
                }
            })?;
        Ok(SearchJob {
            stop,
            found,
            started: Instant::now(),
            first: None,
        })
    }

    /// Since the search started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// What arrived since the last call; `None` once the worker has gone.
    pub fn take(&mut self) -> Option<Vec<Found>> {
        let mut out = Vec::new();
        loop {
            match self.found.try_recv() {
                Ok(found) => {
                    if self.first.is_none() && matches!(found, Found::Document(_)) {
                        self.first = Some(self.started.elapsed());
                    }
                    out.push(found);
                }
                Err(TryRecvError::Empty) => return Some(out),
                Err(TryRecvError::Disconnected) if out.is_empty() => return None,
                Err(TryRecvError::Disconnected) => return Some(out),
            }
        }
    }
}

impl Drop for SearchJob {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
