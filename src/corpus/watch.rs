//! Watching a corpus folder for articles that appear, go or change ([`notify`]: inotify on
//! Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows; no polling).
//!
//! Events are filtered to the corpus's article files (the extensions the scan reads, nothing
//! under the store's `.hamesh`) and its annotation layers' files, and gathered until the folder has been quiet for
//! [`QUIET`]: an editor saving a file, or `git pull` touching a hundred, makes one change, not
//! hundreds. Nothing here reads a file; the caller scans again or reloads what changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::scan::{is_text_file, relative};

/// How long the folder must be quiet before its changes are reported.
pub const QUIET: Duration = Duration::from_millis(300);

/// What changed in the folder since the last report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Articles created, removed or renamed: the list must be made again.
    pub listing: bool,
    /// Articles whose contents changed (relative paths, `/`-separated).
    pub modified: BTreeSet<String>,
    /// Annotation layers whose files changed (a colleague's, pulled with git): annotator
    /// names, and `None` for the unnamed (curated) layer.
    pub layers: BTreeSet<Option<String>>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        !self.listing && self.modified.is_empty() && self.layers.is_empty()
    }
}

/// The layer a path inside the store belongs to (`rel` starts at `.hamesh`'s contents):
/// `Some(None)` for the unnamed layer, `Some(Some(name))` for an annotator's.
fn layer_of(rel: &Path) -> Option<Option<String>> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    match parts.next()?.as_ref() {
        "annotations" => Some(None),
        // The layer's folder itself counts: files written at once into a new one may come
        // before its watch does.
        "annotators" => Some(Some(parts.next()?.into_owned())),
        _ => None,
    }
}

/// A watch on one corpus folder; stops when dropped.
pub struct FolderWatch {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    pending: Changes,
    last_event: Option<Instant>,
}

impl FolderWatch {
    /// Watches `root` and everything below it; `wake` is called on every event (the window
    /// then polls). Fails where the system gives no watch (too many watched folders, say).
    pub fn start(root: &Path, wake: impl Fn() + Send + 'static) -> notify::Result<FolderWatch> {
        let (send, events) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            if send.send(e).is_ok() {
                wake();
            }
        })?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        Ok(FolderWatch {
            _watcher: watcher,
            events,
            root: root.to_path_buf(),
            pending: Changes::default(),
            last_event: None,
        })
    }

    /// The changes gathered, once the folder has been quiet for [`QUIET`]; `None` before
    /// (call again; the wait is short).
    pub fn poll(&mut self, now: Instant) -> Option<Changes> {
        loop {
            match self.events.try_recv() {
                Ok(Ok(event)) => {
                    if self.take(&event) {
                        self.last_event = Some(now);
                    }
                }
                // A lost event (the kernel's queue overflowed): the whole list is read again.
                Ok(Err(_)) => {
                    self.pending.listing = true;
                    self.last_event = Some(now);
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let quiet = self
            .last_event
            .is_some_and(|t| now.duration_since(t) >= QUIET);
        if quiet && !self.pending.is_empty() {
            self.last_event = None;
            return Some(std::mem::take(&mut self.pending));
        }
        None
    }

    /// Whether changes are waiting for the folder to be quiet.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Notes what `event` changed among the articles; whether it concerned one.
    fn take(&mut self, event: &notify::Event) -> bool {
        let mut any = false;
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            if let Ok(store) = rel.strip_prefix(".hamesh") {
                if let Some(layer) = layer_of(store) {
                    self.pending.layers.insert(layer);
                    any = true;
                }
                continue;
            }
            // A folder that comes or goes may hold articles.
            let is_article = is_text_file(path);
            match event.kind {
                EventKind::Create(_) | EventKind::Remove(_) if is_article || !path.is_file() => {
                    self.pending.listing = true;
                    any = true;
                }
                EventKind::Modify(notify::event::ModifyKind::Name(_)) => {
                    self.pending.listing = true;
                    any = true;
                }
                EventKind::Modify(_) if is_article => {
                    self.pending.modified.insert(relative(&self.root, path));
                    any = true;
                }
                _ => {}
            }
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for(watch: &mut FolderWatch) -> Changes {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(c) = watch.poll(Instant::now()) {
                return c;
            }
            assert!(Instant::now() < deadline, "no change reported");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn new_removed_and_changed_articles_are_reported_once_quiet_and_the_store_is_not() {
        let dir = std::env::temp_dir().join(format!("hamesh-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".hamesh/annotations")).unwrap();
        std::fs::create_dir_all(dir.join(".hamesh/annotators/reza/annotations")).unwrap();
        std::fs::write(dir.join("a.txt"), "أ").unwrap();
        let mut watch = FolderWatch::start(&dir, || {}).unwrap();

        std::fs::write(dir.join("b.txt"), "ب").unwrap();
        let c = wait_for(&mut watch);
        assert!(c.listing, "{c:?}");

        std::fs::write(dir.join("a.txt"), "أأ").unwrap();
        let c = wait_for(&mut watch);
        assert!(c.modified.contains("a.txt"), "{c:?}");

        // The store's files are not articles, but a layer's changing is told.
        std::fs::write(
            dir.join(".hamesh/annotators/reza/annotations/a.txt.json"),
            "{}",
        )
        .unwrap();
        let c = wait_for(&mut watch);
        assert!(!c.listing && c.modified.is_empty(), "{c:?}");
        assert!(c.layers.contains(&Some("reza".to_string())), "{c:?}");
        // Files the scan does not read, and the store's other files, are nothing.
        std::fs::write(dir.join("notes.pdf"), "x").unwrap();
        std::fs::write(dir.join(".hamesh/labels.json"), "{}").unwrap();
        std::thread::sleep(QUIET * 2);
        assert_eq!(watch.poll(Instant::now()), None);

        std::fs::remove_file(dir.join("b.txt")).unwrap();
        let c = wait_for(&mut watch);
        assert!(c.listing, "{c:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
