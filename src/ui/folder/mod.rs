//! The open folder: everything that exists only while a corpus is open, in one value, so that
//! closing the folder is dropping it.
//!
//! ```text
//!   OpenFolder
//!   ├── corpus       the scan of the folder (worker thread), its articles
//!   ├── reading      the article being read (loaded on a worker) and the one being loaded
//!   ├── selected     the article chosen in the list, and whether to open the first one listed
//!   ├── annotating   store, label set, sessions (undo), selected span, the list's index
//!   ├── label_all    annotate all across the corpus: its worker, and undo of the whole action
//!   └── saver        writes every annotation edit in the background; flushed when dropped
//! ```
//!
//! It takes the reading and annotation commands ([`ReadCommand`] here, and
//! [`AnnotateCommand`](super::command::AnnotateCommand) in [`annotate`]); the app opens and
//! closes it.

mod annotate;
mod furniture;
mod inspect;
pub mod label_all;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use egui::Context;

use crate::annotate::session::{Autosaver, DocumentSession};
use crate::corpus::decode::Encoding;
use crate::corpus::files::{Folder, ScanOptions};
use crate::corpus::watch::{FolderWatch, QUIET};
use crate::i18n::Msg;
use crate::settings::{CorpusPlace, Settings};
use crate::text::{CharIndex, FontChoice, Language, TextStyle};

use super::annotation::beside::OtherLayer;
use super::annotation::suggesting::Suggesting;
use super::annotation::{Annotating, Opened};
use super::article::{Loaded, OpenArticle, Preload, Reading, SessionRequest};
use super::article_list::ArticleList;
use super::command::{Command, FolderCommand, ReadCommand};
use super::corpus_view::Corpus;
use super::reader::ScrollRequest;
use super::saved::SavedSettings;
use super::shell::Notices;

/// The reading style from the settings, for an article in `language`.
pub fn reading_style(s: &Settings, language: Language) -> TextStyle {
    TextStyle {
        font: FontChoice::parse(&s.font).unwrap_or_default(),
        size_px: s.size_px,
        line_spacing: s.line_spacing,
        show_controls: s.show_controls,
        language,
        ..TextStyle::default()
    }
    .sanitized()
}

/// How the folder is walked and read, from the settings.
pub fn scan_options(s: &Settings) -> ScanOptions {
    ScanOptions {
        follow_links: s.follow_links,
        ..ScanOptions::default()
    }
}

/// The open corpus and everything read, chosen and annotated in it.
pub struct OpenFolder {
    ctx: Context,
    corpus: Corpus,
    reading: Reading,
    /// The article chosen in the list (it may still be loading).
    selected: Option<String>,
    /// The article to open once the scan has listed the files, if none is chosen by then.
    open_first: bool,
    annotating: Annotating,
    /// Writes annotation files in the background; what it holds is written when it is dropped.
    saver: Autosaver,
    /// The files written when a write last failed (the status bar says so until another
    /// write succeeds).
    failed_at: Option<u64>,
    /// Annotate all: the running action and those that can be undone.
    label_all: label_all::LabelAll,
    /// A stretch to show once its article is open (a corpus search hit).
    pending_show: Option<(String, Range<CharIndex>)>,
    /// Files that come, go or change on disk (none where the system gives no watch).
    watch: Option<FolderWatch>,
    /// What the open article's site furniture was last folded for.
    folding: furniture::Folding,
}

/// Where the annotation edits are.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// All on disk.
    Saved,
    /// Being written (within milliseconds).
    Saving,
    /// A write failed, and none has succeeded since (a message says which).
    Failed,
}

impl OpenFolder {
    /// Opens the folder `root` (canonical), reading `wanted` at once if given, else the first
    /// article once the scan has listed them. Annotations of a read-only folder go under
    /// `fallback_root`.
    pub fn open(
        ctx: &Context,
        root: PathBuf,
        (wanted, fallback_root, preload): (Option<String>, &Path, Option<Preload>),
        (settings, notices, list): (&mut SavedSettings, &mut Notices, &mut ArticleList),
    ) -> OpenFolder {
        let wake = waker(ctx);
        // Reading the files waits until the wanted article is on screen.
        let options = scan_options(settings.get());
        let scanned = Folder::new(root.clone(), options);
        let corpus = Corpus::open_with(scanned, wanted.is_some(), wake.clone());
        let annotator = settings.get().annotator.clone();
        let mut annotating = Annotating::open(&root, fallback_root, &annotator, wake.clone());
        annotating.suggesting = Suggesting::start(
            corpus.folder().clone(),
            &annotating.store,
            &annotating.labels,
            wake,
        );
        if let Some((msg, problem)) = annotating.labels_problem.clone() {
            notices.push(msg, problem);
        }
        // A team's corpus opened without a name: the curated layer is open; say how to work
        // in one's own. (The names are not listed: egui would draw an Arabic name among Latin
        // ones in the wrong order; the export dialog and the agreement view show them.)
        if let Some(why) = &annotating.name_problem {
            notices.push(Msg::AnnotatorNameRefused, why.clone());
        } else if annotating.store.annotator().is_none() && !annotating.team.is_empty() {
            notices.push(Msg::TeamCorpusWithoutName, "");
        }
        settings.edit().remember_folder(&root);
        let mut folder = OpenFolder {
            ctx: ctx.clone(),
            corpus,
            reading: Reading::with_preload(preload),
            selected: None,
            open_first: wanted.is_none(),
            annotating,
            saver: Autosaver::new(),
            failed_at: None,
            label_all: label_all::LabelAll::default(),
            pending_show: None,
            watch: None,
            folding: furniture::Folding::default(),
        };
        match FolderWatch::start(&root, waker(ctx)) {
            Ok(w) => folder.watch = Some(w),
            Err(e) => notices.push(Msg::NotWatched, e.to_string()),
        }
        // The article is read at once, without waiting for the scan to list the folder.
        list.reset();
        if let Some(article) = wanted {
            folder.open_article(article, list, settings);
        }
        folder
    }

    /// Puts every annotation edit on disk and says which writes failed: what closing the
    /// folder does before it is dropped.
    pub fn close(self, settings: &mut SavedSettings) -> Vec<String> {
        self.remember_position(settings);
        self.saver.flush();
        self.saver.take_errors()
    }

    pub fn root(&self) -> &Path {
        self.corpus.root()
    }

    /// The key of this folder in the settings: its path.
    pub fn key(&self) -> String {
        self.corpus.root().to_string_lossy().into_owned()
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn reading(&self) -> &Reading {
        &self.reading
    }

    pub fn annotating(&self) -> &Annotating {
        &self.annotating
    }

    pub(in crate::ui) fn annotating_mut(&mut self) -> &mut Annotating {
        &mut self.annotating
    }

    /// Follows what changed on disk: files that came or went are listed (the folder is
    /// scanned again), and the article being read, when it changed, is read again, its spans
    /// placed on the new text as when an article changed since it was annotated.
    fn follow_disk(&mut self, settings: &Settings, notices: &mut Notices) {
        let Some(watch) = &mut self.watch else {
            return;
        };
        let Some(changes) = watch.poll(std::time::Instant::now()) else {
            if watch.is_pending() {
                self.ctx.request_repaint_after(QUIET);
            }
            return;
        };
        if changes.listing || !changes.modified.is_empty() {
            self.corpus.rescan(waker(&self.ctx));
        }
        // A colleague's layer shown beside one's own changed (pulled with git): read it again.
        if let Some(beside) = &mut self.annotating.beside {
            let layer = match &beside.layer {
                OtherLayer::Curated => None,
                OtherLayer::Annotator(name) => Some(name.clone()),
            };
            if changes.layers.contains(&layer) {
                beside.forget();
            }
        }
        let current = self.reading.current.as_ref().map(|a| a.path.clone());
        if let Some(path) = current.filter(|p| changes.modified.contains(p)) {
            // Every edit is on disk first; the session is opened again on the new text.
            self.saver.flush();
            self.annotating.sessions.remove(&path);
            let encoding = self.reading.current.as_ref().map(|a| a.encoding);
            if let Some(encoding) = encoding {
                self.reopen_as(encoding, settings);
                notices.push(Msg::ArticleChangedOnDisk, path);
            }
        }
    }

    /// Whether every annotation edit is on disk, for the status bar.
    pub fn save_state(&self) -> SaveState {
        if !self.saver.is_idle() {
            SaveState::Saving
        } else if self
            .failed_at
            .is_some_and(|written| self.saver.written() <= written)
        {
            SaveState::Failed
        } else {
            SaveState::Saved
        }
    }

    /// The parts an annotation edit works on: the article, the annotations, the saver.
    pub(in crate::ui) fn parts_mut(&mut self) -> (&mut Reading, &mut Annotating, &Autosaver) {
        (&mut self.reading, &mut self.annotating, &self.saver)
    }

    /// The article chosen in the list (relative path), loaded or loading.
    pub fn selected_article(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Takes what the workers finished: scan events (the list follows them), the annotation
    /// index, save errors, a loaded article. Returns commands to apply (an article to open).
    pub fn poll(
        &mut self,
        list: &mut ArticleList,
        settings: &Settings,
        notices: &mut Notices,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        let progress = self.corpus.poll();
        list.scanned(&self.corpus, &progress);
        if progress.found {
            if let Some(i) = self.selected.as_ref().and_then(|s| self.corpus.index_of(s)) {
                list.reveal(i);
            }
            if self.open_first && self.selected.is_none() {
                self.open_first = false;
                if let Some(first) = self.corpus.article(0) {
                    out.push(FolderCommand::OpenArticle(first.path.clone()).into());
                }
            }
        }
        if progress.done {
            for p in self.corpus.problems() {
                notices.push(Msg::FolderProblem, p.clone());
            }
        }
        self.follow_disk(settings, notices);
        self.annotating.index.poll();
        let a = &mut self.annotating;
        a.suggesting.poll(&a.sessions);
        self.poll_label_all();
        for error in self.saver.take_errors() {
            notices.push(Msg::AnnotationsNotSaved, error);
            self.failed_at = Some(self.saver.written());
        }
        // Where the reader was: in the article shown, or in the start of the one coming.
        let previous = match (&self.reading.current, self.reading.preview()) {
            (Some(a), _) => Some((a.path.clone(), a.reader.scroll().offset)),
            (None, Some(start)) => self
                .reading
                .loading()
                .map(|path| (path.to_string(), start.scroll().offset)),
            (None, None) => None,
        };
        match self.reading.poll() {
            Some(Loaded::Opened) => self.article_opened(previous, settings, notices),
            Some(Loaded::Failed {
                path,
                message,
                reopen,
            }) => {
                if self.pending_show.as_ref().is_some_and(|(p, _)| *p == path) {
                    self.pending_show = None;
                }
                let msg = if reopen {
                    Msg::CannotReopen
                } else {
                    Msg::CannotOpen
                };
                notices.push(msg, message);
                // A remembered article that is gone: read the first one instead.
                let gone = self.corpus.is_listed() && self.corpus.index_of(&path).is_none();
                if !reopen && gone && self.selected.as_deref() == Some(path.as_str()) {
                    self.selected = None;
                    if let Some(first) = self.corpus.article(0) {
                        out.push(FolderCommand::OpenArticle(first.path.clone()).into());
                    }
                } else if !reopen && !self.corpus.is_listed() {
                    self.selected = None;
                    self.open_first = true;
                }
            }
            None => {}
        }
        self.fold_furniture(settings, &mut out);
        out
    }

    /// A loaded article replaced the current one: take its annotations, scroll to where it
    /// was left.
    fn article_opened(
        &mut self,
        previous: Option<(String, f32)>,
        settings: &Settings,
        notices: &mut Notices,
    ) {
        let Some(article) = &mut self.reading.current else {
            return;
        };
        let opened = self
            .annotating
            .adopt(article, &settings.annotator, &self.saver);
        let path = article.path.clone();
        match opened {
            Opened::Fine | Opened::Blocked(_) => {}
            // The panel lists the spans waiting for review.
            Opened::Reanchored(note) if note.newly_in_review > 0 => {
                let n = note.newly_in_review;
                notices.push(Msg::SpansNeedReview, format!("{path}: {n}"));
            }
            Opened::Reanchored(note) if note.changed => notices.push(Msg::ArticleChanged, path),
            Opened::Reanchored(_) => {}
        }
        let key = self.key();
        let Some(article) = &mut self.reading.current else {
            return;
        };
        let offset = match previous {
            // Reopened as another encoding: stay where the reader was.
            Some((path, offset)) if path == article.path => Some(offset),
            _ => settings
                .corpora
                .get(&key)
                .and_then(|place| place.scroll.get(&article.path).copied()),
        };
        if let Some(offset) = offset.filter(|&o| o > 0.0) {
            article.reader.request_scroll(ScrollRequest::To(offset));
        }
        if let Some((path, range)) = self.pending_show.take() {
            if path == article.path {
                show_text(article, range);
            } else {
                self.pending_show = Some((path, range));
            }
        }
    }

    /// Whether article `path` is on screen with nothing else being loaded.
    fn showing(&self, path: &str) -> bool {
        let current = self.reading.current.as_ref();
        current.is_some_and(|a| a.path == path) && self.reading.loading().is_none()
    }

    /// Opens article `path` at `range` (selected and scrolled into view).
    pub fn open_article_at(
        &mut self,
        path: String,
        range: Range<CharIndex>,
        list: &mut ArticleList,
        settings: &mut SavedSettings,
    ) {
        if self.showing(&path) {
            self.read(ReadCommand::ShowText(range), list, settings);
            return;
        }
        self.pending_show = Some((path.clone(), range));
        self.open_article(path, list, settings);
    }

    /// Notes the reading position of the current article in the settings (only when it
    /// changed: the settings are written at most once a second anyway).
    pub fn remember_position(&self, settings: &mut SavedSettings) {
        let Some(article) = &self.reading.current else {
            return;
        };
        if article.reader.scroll_pending() || article.reader.painted_glyphs() == 0 {
            return;
        }
        let offset = (article.reader.scroll().offset * 2.0).round() / 2.0;
        let key = self.key();
        let place = settings.get().corpora.get(&key);
        let stored = place.and_then(|p| p.scroll.get(&article.path)).copied();
        let last = place.and_then(|p| p.last_article.as_deref());
        if stored.unwrap_or(0.0) == offset && last == Some(article.path.as_str()) {
            return;
        }
        let path = article.path.clone();
        let place: &mut CorpusPlace = settings.edit().corpora.entry(key).or_default();
        place.last_article = Some(path.clone());
        if offset > 0.0 {
            place.scroll.insert(path, offset);
        } else {
            place.scroll.remove(&path);
        }
    }

    /// What the load worker needs to open an article's annotations.
    fn session_request(&self, settings: &Settings) -> SessionRequest {
        self.annotating.request(&settings.annotator)
    }

    /// Reads article `path` of the corpus (unless it is already shown), and brings its row of
    /// the list into view.
    pub fn open_article(
        &mut self,
        path: String,
        list: &mut ArticleList,
        settings: &mut SavedSettings,
    ) {
        if self.showing(&path) {
            return;
        }
        if let Some(i) = self.corpus.index_of(&path) {
            list.reveal(i);
        }
        self.remember_position(settings);
        let key = self.key();
        settings.edit().corpora.entry(key).or_default().last_article = Some(path.clone());
        let style = reading_style(settings.get(), Language::Arabic);
        let how = (None, Some(self.session_request(settings.get())));
        let folder = self.corpus.folder().clone();
        self.reading
            .load(&folder, &path, how, style, waker(&self.ctx));
        let place = settings.get().corpora.get(&self.key());
        if place
            .and_then(|p| p.scroll.get(&path))
            .is_some_and(|&o| o > 0.0)
        {
            // The reader opens further down: its start would only flash by.
            self.reading.forget_preview();
        }
        self.selected = Some(path);
    }

    /// Opens the article `step` rows away in the (filtered) list.
    pub fn step_article(
        &mut self,
        list: &mut ArticleList,
        step: isize,
        settings: &mut SavedSettings,
    ) {
        let current = self
            .selected
            .as_deref()
            .and_then(|p| self.corpus.index_of(p));
        if let Some(next) = list.neighbour(current, step)
            && let Some(article) = self.corpus.article(next)
        {
            let path = article.path.clone();
            self.open_article(path, list, settings);
        }
    }

    /// Reads the current article again, decoded as `encoding`.
    pub fn reopen_as(&mut self, encoding: Encoding, settings: &Settings) {
        let Some(article) = &self.reading.current else {
            return;
        };
        let (folder, path) = (self.corpus.folder().clone(), article.path.clone());
        let style = reading_style(settings, article.language);
        let how = (Some(encoding), Some(self.session_request(settings)));
        self.reading
            .load(&folder, &path, how, style, waker(&self.ctx));
    }

    /// Restyles the article from the settings, keeping the paragraph at the top of the view in
    /// place.
    pub fn restyle(&mut self, settings: &Settings) {
        let Some(article) = &mut self.reading.current else {
            return;
        };
        let style = reading_style(settings, article.language);
        let top = article.reader.top_paragraph();
        if style != *article.reader.style() {
            article.reader.set_style(style);
            if top > 0 {
                article.reader.request_scroll(ScrollRequest::Paragraph(top));
            }
        }
    }

    /// Applies a reading command. `list` is the article list (a page down at the end of an
    /// article goes to the next one).
    pub fn read(
        &mut self,
        command: ReadCommand,
        list: &mut ArticleList,
        settings: &mut SavedSettings,
    ) {
        use ReadCommand::*;
        match command {
            PageDown => {
                let at_end = self
                    .reading
                    .current
                    .as_ref()
                    .map(|a| a.reader.scroll().at_end());
                match at_end {
                    Some(true) => self.step_article(list, 1, settings),
                    Some(false) => self.scroll(ScrollRequest::Pages(1)),
                    None => {}
                }
            }
            PageUp => self.scroll(ScrollRequest::Pages(-1)),
            Top => self.scroll(ScrollRequest::Top),
            Bottom => self.scroll(ScrollRequest::Bottom),
            ExtendSelection(mv) => {
                if let Some(article) = &mut self.reading.current {
                    article.reader.extend_selection(mv);
                }
            }
            ClearSelection => {
                if let Some(article) = &mut self.reading.current {
                    article.reader.set_selection(None);
                }
                self.annotating.selected = None;
            }
            ShowText(range) => {
                if let Some(article) = &mut self.reading.current {
                    show_text(article, range);
                }
            }
        }
    }

    fn scroll(&mut self, request: ScrollRequest) {
        if let Some(article) = &mut self.reading.current {
            article.reader.request_scroll(request);
        }
    }

    /// Whether the article being opened is on screen, or nothing is being opened: the scan may
    /// read the files then.
    pub fn release_scan_when_painted(&self) {
        let painted = self
            .reading
            .current
            .as_ref()
            .is_some_and(|a| a.reader.painted_glyphs() > 0);
        if !self.corpus.reading_released() && (painted || self.reading.loading().is_none()) {
            self.corpus.release_reading();
        }
    }

    /// Takes the open documents' sessions (with their undo history), but those of `except`,
    /// to carry them over into the folder opened again after an import.
    pub fn take_sessions_except(
        &mut self,
        except: &HashSet<String>,
    ) -> Vec<(String, DocumentSession)> {
        self.annotating
            .sessions
            .drain()
            .filter(|(rel, _)| !except.contains(rel))
            .collect()
    }

    /// Sessions carried over from the folder as it was before an import.
    pub fn keep_sessions(&mut self, sessions: Vec<(String, DocumentSession)>) {
        for (rel, session) in sessions {
            self.annotating.insert_session(&rel, session);
        }
    }

    /// Waits until every annotation edit is on disk (what closing the window does).
    pub fn flush_annotations(&self) {
        self.saver.flush();
    }
}

/// Selects `range` of the article and scrolls it into view.
fn show_text(article: &mut OpenArticle, range: Range<CharIndex>) {
    let start = range.start;
    article.reader.set_selection(Some(super::reader::Selection {
        anchor: range.start,
        focus: range.end,
        affinity: crate::text::Affinity::Upstream,
    }));
    article.reader.request_scroll(ScrollRequest::Reveal(start));
}

/// A wake-up for worker threads: asks for a frame.
pub fn waker(ctx: &Context) -> impl Fn() + Send + Clone + 'static {
    let ctx = ctx.clone();
    move || ctx.request_repaint()
}
