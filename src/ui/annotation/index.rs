//! The status and span count of every annotated document, for the article list.
//!
//! A worker reads the store's annotation files once when the corpus opens
//! ([`Store::scan_summaries`]: only files that exist, each parsed without building its spans)
//! and sends them in batches; after that the open documents keep their entries current as they
//! are edited. An entry set by an edit is never replaced by the scan's older reading. Ten
//! thousand articles with nothing annotated cost one empty folder listing.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::annotate::{Store, Summary};

/// Documents sent per message from the worker.
const BATCH: usize = 256;

/// What the list shows for one document.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum IndexEntry {
    Annotated(Summary),
    /// Its annotation file cannot be read (it is kept; opening the document says more).
    Damaged,
}

type Batch = Vec<(String, Result<Summary, String>)>;

#[derive(Default)]
pub struct SummaryIndex {
    entries: HashMap<String, IndexEntry>,
    /// Documents whose entry comes from an open session, newer than anything on disk.
    live: HashSet<String>,
    scan: Option<Receiver<Batch>>,
}

impl SummaryIndex {
    /// Starts reading the store's summaries on a worker thread; `wake` asks for a frame.
    pub fn start(store: Store, wake: impl Fn() + Send + 'static) -> SummaryIndex {
        let (tx, rx) = channel::<Batch>();
        let spawned = std::thread::Builder::new()
            .name("hamesh-index".into())
            .spawn(move || {
                let mut batch = Batch::new();
                store.scan_summaries(|rel, summary| {
                    batch.push((rel, summary));
                    if batch.len() >= BATCH {
                        let sent = tx.send(std::mem::take(&mut batch)).is_ok();
                        wake();
                        return sent;
                    }
                    true
                });
                if !batch.is_empty() {
                    let _ = tx.send(batch);
                }
                wake();
            });
        SummaryIndex {
            scan: spawned.is_ok().then_some(rx),
            ..SummaryIndex::default()
        }
    }

    /// Takes what the worker read; returns whether anything changed. Never blocks.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        while let Some(rx) = &self.scan {
            match rx.try_recv() {
                Ok(batch) => {
                    for (rel, summary) in batch {
                        if self.live.contains(&rel) {
                            continue;
                        }
                        let entry = match summary {
                            Ok(s) => IndexEntry::Annotated(s),
                            Err(_) => IndexEntry::Damaged,
                        };
                        self.entries.insert(rel, entry);
                        changed = true;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.scan = None,
            }
        }
        changed
    }

    /// Waits for the worker (for tests and tools).
    pub fn wait(&mut self) {
        while self.scan.is_some() {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Whether the worker has read every file.
    pub fn is_done(&self) -> bool {
        self.scan.is_none()
    }

    pub fn get(&self, rel: &str) -> Option<IndexEntry> {
        self.entries.get(rel).copied()
    }

    /// The current state of an open document.
    pub fn set(&mut self, rel: &str, summary: Summary) {
        self.live.insert(rel.to_string());
        self.entries
            .insert(rel.to_string(), IndexEntry::Annotated(summary));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{DocStatus, DocumentAnnotations, Source};

    #[test]
    fn reads_the_store_on_a_worker_and_keeps_live_entries() {
        let corpus = std::env::temp_dir().join(format!("hamesh-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&corpus);
        std::fs::create_dir_all(&corpus).unwrap();
        let store = Store::open(&corpus, &corpus);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        doc.status = DocStatus::Done;
        for i in 0..300 {
            store.save(&format!("d/{i}.txt"), &doc).unwrap();
        }
        let mut index = SummaryIndex::start(store.clone(), || {});
        let live = Summary {
            status: DocStatus::InProgress,
            spans: 4,
            needs_review: 0,
        };
        index.set("d/7.txt", live);
        index.wait();
        assert!(index.is_done());
        assert_eq!(index.len(), 300);
        assert_eq!(index.get("d/7.txt"), Some(IndexEntry::Annotated(live)));
        assert_eq!(
            index.get("d/8.txt"),
            Some(IndexEntry::Annotated(Summary {
                status: DocStatus::Done,
                spans: 0,
                needs_review: 0
            }))
        );
        assert_eq!(index.get("missing.txt"), None);
        std::fs::remove_dir_all(&corpus).ok();
    }
}
