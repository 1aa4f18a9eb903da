//! The open corpus: its folder and the list of its articles, filled by a scan running on a worker
//! thread.
//!
//! The worker walks the folder ([`walk`]), sends every path at once ([`ScanEvent::Found`]), then
//! reads and summarises the files one by one ([`read_entry`], [`ScanEvent::Read`]), waking the
//! UI after each event. The UI drains what has arrived at the start of each frame, so the list
//! appears as soon as the walk ends and fills in while the user already reads. Opening another
//! folder cancels the scan.
//!
//! When the app opens an article at once (`hamesh FILE`, or the corpus's last article), the
//! worker lists the folder but holds off reading files until that article is on screen
//! ([`Corpus::release_reading`], or [`READ_HOLD`] at most): on a two-core machine the scan
//! reading a large article at the same moment as the article's own worker, while the main
//! thread creates the window, delays the first paint.
//!
//! Once the scan is done, the articles whose title line turned out to be the folder's site
//! furniture are read again on another worker and get their first line that is not
//! ([`crate::corpus::titles`]); this is done again whenever the furniture changes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::corpus::document::DocumentInfo;
use crate::corpus::files::{Folder, ScanOptions};
use crate::corpus::furniture::FurnitureCounts;
use crate::corpus::natural::natural_cmp;
use crate::corpus::scan::{Entry, ScanEvent, walk};
use crate::corpus::titles::retitle;

use super::filter::fold;

/// One article of the list.
#[derive(Clone, Debug)]
pub struct Article {
    /// Path relative to the corpus folder, `/`-separated.
    pub path: String,
    /// Known once the file has been read.
    pub info: Option<DocumentInfo>,
    /// Why the file cannot be read.
    pub error: Option<String>,
    /// Its title is not its first line, which is the folder's furniture: `info.title` was
    /// worked out past it ([`crate::corpus::titles`]).
    pub retitled: bool,
    /// Title and path folded for filtering ([`fold`]).
    pub search_key: String,
}

impl Article {
    fn new(path: String) -> Article {
        let search_key = fold(&path);
        Article {
            path,
            info: None,
            error: None,
            retitled: false,
            search_key,
        }
    }

    fn fill(&mut self, mut entry: Entry) {
        // A file read again with the same first line keeps the title worked out past the
        // furniture until the titles are worked out again, so the list does not flicker on
        // every change on disk.
        let key = |info: &Option<DocumentInfo>| info.as_ref().and_then(|i| i.title_key);
        let keep = self.retitled && key(&self.info) == key(&entry.info);
        if let (true, Some(old), Some(new)) = (keep, self.info.take(), entry.info.as_mut()) {
            new.title = old.title;
        }
        self.retitled = keep && entry.info.is_some();
        self.info = entry.info;
        self.error = entry.error;
        self.refresh_search_key();
    }

    /// The title the list shows: the first line that is not site furniture, once known;
    /// `None` before the file is read, or when it has no text.
    pub fn title(&self) -> Option<&str> {
        self.info
            .as_ref()
            .map(|info| info.title.as_str())
            .filter(|t| !t.is_empty())
    }

    /// Sets the title worked out with the folder's furniture; `skipped`: it is not the first
    /// line.
    fn set_title(&mut self, title: String, skipped: bool) {
        if let Some(info) = &mut self.info {
            info.title = title;
            self.retitled = skipped;
        }
        self.refresh_search_key();
    }

    fn refresh_search_key(&mut self) {
        self.search_key = match self.title() {
            Some(title) => format!("{}\n{}", fold(title), fold(&self.path)),
            None => fold(&self.path),
        };
    }

    /// Whether the file was read and is not readable.
    pub fn is_unreadable(&self) -> bool {
        self.error.is_some()
    }
}

/// What a frame's draining of the scan changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScanProgress {
    /// The walk finished in this batch: the list of paths is complete.
    pub found: bool,
    /// Articles read in this batch, by index.
    pub read: Vec<usize>,
    /// Articles whose title changed in this batch (their first line is furniture, or no
    /// longer is).
    pub retitled: Vec<usize>,
    pub done: bool,
}

/// The longest the scan waits before reading files while an article is being opened.
pub const READ_HOLD: Duration = Duration::from_millis(1500);

/// Whether the scan may read files yet.
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
    /// A lock-free copy of `open`, for the frame's check.
    is_open: AtomicBool,
}

impl Gate {
    fn new(open: bool) -> Gate {
        Gate {
            open: Mutex::new(open),
            opened: Condvar::new(),
            is_open: AtomicBool::new(open),
        }
    }

    fn release(&self) {
        if self.is_open.swap(true, Ordering::AcqRel) {
            return;
        }
        if let Ok(mut open) = self.open.lock() {
            *open = true;
        }
        self.opened.notify_all();
    }

    /// Waits until released, or `limit`.
    fn wait(&self, limit: Duration) {
        if let Ok(open) = self.open.lock() {
            let _ = self.opened.wait_timeout_while(open, limit, |open| !*open);
        }
    }
}

/// An article's index in the list, the title it gets, and whether that is past its first
/// line.
type BetterTitle = (usize, String, bool);

/// An open folder of articles.
pub struct Corpus {
    /// The folder and the options it is read with.
    folder: Folder,
    articles: Vec<Article>,
    /// Whether the walk has finished (the list of paths is complete).
    found: bool,
    read: usize,
    done: bool,
    problems: Vec<String>,
    events: Option<Receiver<ScanEvent>>,
    cancel: Arc<AtomicBool>,
    gate: Arc<Gate>,
    /// The list shown is the previous scan's, until this one finds the files.
    previous: bool,
    /// In how many articles each short line appears: site furniture.
    furniture: FurnitureCounts,
    /// Changes whenever `furniture` does.
    furniture_generation: u64,
    /// Called when a worker has something new (the app passes `request_repaint`).
    wake: Arc<dyn Fn() + Send + Sync>,
    /// Better titles from the worker that reads articles again, and its stop flag.
    titles: Option<(Receiver<BetterTitle>, Arc<AtomicBool>)>,
    /// The furniture generation the titles were last worked out for.
    titled_for: Option<u64>,
}

impl Corpus {
    /// Starts scanning `root` on a worker thread; `wake` is called after each event (the app
    /// passes `request_repaint`).
    pub fn open(root: PathBuf, wake: impl Fn() + Send + Sync + 'static) -> Corpus {
        Corpus::open_holding(root, false, wake)
    }

    /// The same; with `hold`, files are read only once [`Corpus::release_reading`] is called
    /// (or after [`READ_HOLD`]): the folder is still listed at once.
    pub fn open_holding(
        root: PathBuf,
        hold: bool,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Corpus {
        Corpus::open_with(Folder::new(root, ScanOptions::default()), hold, wake)
    }

    /// Scans `folder` with its options (following links or not, the size limit).
    pub fn open_with(
        folder: Folder,
        hold: bool,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Corpus {
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let scan_wake = wake.clone();
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let gate = Arc::new(Gate::new(!hold));
        let wait = gate.clone();
        let scanned = folder.clone();
        let spawned = std::thread::Builder::new()
            .name("hamesh-scan".into())
            .spawn(move || {
                let send = |event| {
                    let sent = tx.send(event).is_ok();
                    scan_wake();
                    sent
                };
                let folder = scanned;
                let listing = walk(&folder);
                for p in &listing.problems {
                    send(ScanEvent::Problem(p.clone()));
                }
                if !send(ScanEvent::Found(listing.files.clone())) {
                    return;
                }
                wait.wait(READ_HOLD);
                for (i, rel) in listing.files.iter().enumerate() {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    if !send(ScanEvent::Read(i, listing.read_entry(&folder, rel))) {
                        return;
                    }
                }
                send(ScanEvent::Done);
            });
        let mut corpus = Corpus {
            folder,
            articles: Vec::new(),
            found: false,
            read: 0,
            done: false,
            problems: Vec::new(),
            events: Some(rx),
            cancel,
            gate,
            previous: false,
            furniture: FurnitureCounts::default(),
            furniture_generation: 0,
            wake,
            titles: None,
            titled_for: None,
        };
        if let Err(e) = spawned {
            corpus.problems.push(format!("cannot start the scan: {e}"));
            corpus.finish();
        }
        corpus
    }

    /// Scans the folder again (files came, went or changed on disk). The list stays as it was
    /// until the new one is found; each file keeps its title until it is read again.
    pub fn rescan(&mut self, wake: impl Fn() + Send + Sync + 'static) {
        let old = std::mem::take(&mut self.articles);
        let mut fresh = Corpus::open_with(self.folder.clone(), false, wake);
        fresh.articles = old;
        fresh.previous = true;
        fresh.furniture = std::mem::take(&mut self.furniture);
        fresh.furniture_generation = self.furniture_generation + 1;
        *self = fresh;
    }

    /// Lets a held scan read files (the article it waited for is on screen, or failed).
    pub fn release_reading(&self) {
        self.gate.release();
    }

    /// Whether the scan may read files.
    pub fn reading_released(&self) -> bool {
        self.gate.is_open.load(Ordering::Acquire)
    }

    pub fn root(&self) -> &Path {
        self.folder.root()
    }

    /// The folder with the options its articles are read with.
    pub fn folder(&self) -> &Folder {
        &self.folder
    }

    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Whether the list of paths is complete (the files may still be being read).
    pub fn is_listed(&self) -> bool {
        self.found
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Files read so far.
    pub fn read_count(&self) -> usize {
        self.read
    }

    /// In how many of the articles read so far each short line appears (site furniture).
    pub fn furniture(&self) -> &FurnitureCounts {
        &self.furniture
    }

    /// Changes whenever [`Corpus::furniture`] does.
    pub fn furniture_generation(&self) -> u64 {
        self.furniture_generation
    }

    /// Folders that could not be listed.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The index of the article at `path`: the list is in natural order, so a binary search.
    pub fn index_of(&self, path: &str) -> Option<usize> {
        self.articles
            .binary_search_by(|a| natural_cmp(&a.path, path))
            .ok()
    }

    pub fn article(&self, i: usize) -> Option<&Article> {
        self.articles.get(i)
    }

    /// Applies the events that have arrived; never blocks.
    pub fn poll(&mut self) -> ScanProgress {
        let mut progress = ScanProgress::default();
        while let Some(events) = &self.events {
            match events.try_recv() {
                Ok(event) => {
                    match &event {
                        ScanEvent::Found(_) => progress.found = true,
                        ScanEvent::Read(i, _) => progress.read.push(*i),
                        ScanEvent::Done => progress.done = true,
                        ScanEvent::Problem(_) => {}
                    }
                    self.apply(event);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finish();
                    progress.done = true;
                }
            }
        }
        self.poll_titles(&mut progress);
        progress
    }

    /// Applies the better titles that have arrived, and once the scan is done, starts working
    /// them out again if the furniture changed since the last time.
    fn poll_titles(&mut self, progress: &mut ScanProgress) {
        if let Some((titles, _)) = &self.titles {
            while let Ok((i, title, skipped)) = titles.try_recv() {
                if let Some(article) = self.articles.get_mut(i) {
                    article.set_title(title, skipped);
                    progress.retitled.push(i);
                }
            }
        }
        if !self.done || self.titled_for == Some(self.furniture_generation) {
            return;
        }
        self.titled_for = Some(self.furniture_generation);
        if let Some((_, stop)) = self.titles.take() {
            stop.store(true, Ordering::Relaxed);
        }
        // Those whose first line is furniture, and those titled past a line that may no
        // longer be.
        let wanted: Vec<(usize, String)> = self
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                let key = a.info.as_ref().and_then(|info| info.title_key);
                a.retitled || key.is_some_and(|k| self.furniture.is_furniture(k))
            })
            .map(|(i, a)| (i, a.path.clone()))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let (folder, furniture, cancel, wake) = (
            self.folder.clone(),
            self.furniture.furniture_keys(),
            stop.clone(),
            self.wake.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("hamesh-titles".into())
            .spawn(move || {
                retitle(
                    &folder,
                    &wanted,
                    &furniture,
                    &cancel,
                    |i, title, skipped| {
                        let sent = tx.send((i, title, skipped)).is_ok();
                        wake();
                        sent
                    },
                );
            });
        if spawned.is_ok() {
            self.titles = Some((rx, stop));
        }
    }

    fn finish(&mut self) {
        self.found = true;
        self.done = true;
        self.events = None;
    }

    /// Waits for the scan to end (for tools and tests).
    pub fn wait(&mut self) {
        while !self.done {
            if let Some(events) = &self.events
                && let Ok(event) = events.recv()
            {
                self.apply(event);
            } else {
                self.finish();
            }
        }
    }

    fn apply(&mut self, event: ScanEvent) {
        match event {
            ScanEvent::Found(paths) => {
                let mut known: std::collections::HashMap<String, Article> =
                    if std::mem::take(&mut self.previous) {
                        std::mem::take(&mut self.articles)
                            .into_iter()
                            .map(|a| (a.path.clone(), a))
                            .collect()
                    } else {
                        Default::default()
                    };
                self.articles = paths
                    .into_iter()
                    .map(|p| known.remove(&p).unwrap_or_else(|| Article::new(p)))
                    .collect();
                // Articles gone from the folder take their lines with them.
                for gone in known.values().filter_map(|a| a.info.as_ref()) {
                    self.furniture.remove(&gone.lines);
                    self.furniture_generation += 1;
                }
                self.found = true;
            }
            ScanEvent::Read(i, entry) => {
                if let Some(article) = self.articles.get_mut(i) {
                    if let Some(old) = &article.info {
                        self.furniture.remove(&old.lines);
                    }
                    if let Some(new) = &entry.info {
                        self.furniture.add(&new.lines);
                    }
                    self.furniture_generation += 1;
                    article.fill(entry);
                    self.read += 1;
                }
            }
            ScanEvent::Problem(p) => self.problems.push(p),
            ScanEvent::Done => self.finish(),
        }
    }
}

impl Drop for Corpus {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some((_, stop)) = &self.titles {
            stop.store(true, Ordering::Relaxed);
        }
        self.gate.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_the_samples_off_the_ui_thread() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
        let mut corpus = Corpus::open(root, || {});
        corpus.wait();
        assert_eq!(corpus.len(), 5);
        assert_eq!(corpus.read_count(), 5);
        assert!(corpus.articles().iter().all(|a| a.info.is_some()));
        let persian = corpus.index_of("003_c21b3274f8c0af60.txt").unwrap();
        assert_eq!(persian, 3);
        let key = &corpus.articles()[persian].search_key;
        assert!(key.contains(&super::super::filter::fold("پوتین")), "{key}");
    }

    #[test]
    fn a_held_scan_lists_at_once_and_reads_only_when_released() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
        let mut corpus = Corpus::open_holding(root, true, || {});
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !corpus.is_listed() {
            assert!(std::time::Instant::now() < deadline, "the walk");
            corpus.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(corpus.len(), 5);
        // Well within READ_HOLD: nothing is read while held.
        std::thread::sleep(Duration::from_millis(150));
        corpus.poll();
        assert_eq!(corpus.read_count(), 0);
        assert!(!corpus.reading_released());
        corpus.release_reading();
        corpus.wait();
        assert_eq!(corpus.read_count(), 5);
    }

    #[test]
    fn a_held_scan_reads_anyway_after_the_hold() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
        let started = std::time::Instant::now();
        let mut corpus = Corpus::open_holding(root, true, || {});
        corpus.wait();
        assert_eq!(corpus.read_count(), 5);
        assert!(started.elapsed() >= READ_HOLD);
    }

    #[test]
    fn articles_that_open_with_the_site_menu_are_listed_by_their_headline() {
        let dir = std::env::temp_dir().join(format!("hamesh-titles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let menu = "- الأكثر قراءة\n- الأكثر تعليقاً\n\n";
        for (name, headline) in [
            ("a", "العنوان الأول"),
            ("b", "العنوان الثاني"),
            ("c", "سرخط سوم"),
        ] {
            let text = format!("{menu}{headline}\nنص الخبر {name}");
            std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
        }
        std::fs::write(dir.join("d.txt"), "- الأكثر قراءة وحده\nنص").unwrap();
        let mut corpus = Corpus::open(dir.clone(), || {});
        corpus.wait();
        let mut retitled = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while retitled.len() < 3 {
            assert!(std::time::Instant::now() < deadline, "titles: {retitled:?}");
            retitled.extend(corpus.poll().retitled);
            std::thread::sleep(Duration::from_millis(5));
        }
        let titles: Vec<_> = corpus.articles().iter().map(|a| a.title()).collect();
        assert_eq!(
            titles,
            [
                Some("العنوان الأول"),
                Some("العنوان الثاني"),
                Some("سرخط سوم"),
                Some("- الأكثر قراءة وحده"),
            ]
        );
        let retitled: Vec<bool> = corpus.articles().iter().map(|a| a.retitled).collect();
        assert_eq!(retitled, [true, true, true, false]);
        let key = &corpus.articles()[2].search_key;
        assert!(key.contains(&super::super::filter::fold("سرخط")), "{key}");

        // With two of the three gone, the menu is no longer furniture: the first line again.
        std::fs::remove_file(dir.join("b.txt")).unwrap();
        std::fs::remove_file(dir.join("c.txt")).unwrap();
        corpus.rescan(|| {});
        corpus.wait();
        assert_eq!(
            corpus.articles()[0].title(),
            Some("العنوان الأول"),
            "kept while read again"
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while corpus.articles()[0].retitled {
            assert!(std::time::Instant::now() < deadline, "the title back");
            corpus.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(corpus.articles()[0].title(), Some("- الأكثر قراءة"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_folder_ends_with_an_empty_list_and_a_problem() {
        let mut corpus = Corpus::open(PathBuf::from("/no/such/folder/for/hamesh"), || {});
        corpus.wait();
        assert!(corpus.is_empty() && corpus.is_done());
        assert_eq!(corpus.problems().len(), 1);
    }
}
