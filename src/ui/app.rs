//! The application: its state, and one frame.
//!
//! A frame, in order: take what the workers finished (scan events, a loaded article and its
//! annotations, the annotation index, the folder dialog, save errors); turn shortcut keys into
//! commands; draw the top bar, the messages, the status bar, the article list, the highlight
//! panel and the reader (or the start screen), which add commands of their own; then apply every
//! command once ([`super::apply`], [`super::annotation::apply`]); finally note the reading
//! position and window geometry in the settings, which are written at most once a second.
//!
//! Persisted settings ([`SavedSettings`]) are kept apart from runtime state (the corpus, the
//! article, the caches).

use std::path::PathBuf;
use std::time::Instant;

use egui::{Context, Frame, Rect, Ui};

use crate::annotate::Store;
use crate::annotate::session::Autosaver;
use crate::i18n::Msg;
use crate::settings::{CorpusPlace, WindowGeometry};
use crate::text::{FontChoice, Language, TextStyle};

use super::annotation::label_editor::LabelEditor;
use super::annotation::panel::PanelState;
use super::annotation::{Annotating, Opened};
use super::article::{Loaded, Reading};
use super::article_list::{ArticleList, ListPaint};
use super::atlas::GlyphAtlas;
use super::chrome::{apply_theme, install_fonts, theme_of};
use super::command::{Command, shortcut_commands};
use super::corpus_view::Corpus;
use super::datasets::DatasetDialog;
use super::dialog::{DialogOutcome, FolderDialog};
use super::engine_label::LabelCache;
use super::first_paint::FirstPaint;
use super::paint::Palette;
use super::reader::ScrollRequest;
use super::saved::SavedSettings;
use super::start::StartScreen;
use super::toolbar::{ToolbarState, toolbar_ui};

/// How the app starts.
pub struct Startup {
    pub settings: SavedSettings,
    /// `hamesh PATH`: a folder, or a file to open in its folder.
    pub open: Option<PathBuf>,
    /// When the process started, for the first-paint measurement.
    pub started: Instant,
    /// Where annotations of read-only folders go ([`Store::default_fallback_root`]).
    pub fallback_root: PathBuf,
}

impl Startup {
    /// Settings from `settings_path`, opening `open` if given.
    pub fn new(settings_path: PathBuf, open: Option<PathBuf>) -> Startup {
        Startup {
            settings: SavedSettings::load(settings_path),
            open,
            started: Instant::now(),
            fallback_root: Store::default_fallback_root(),
        }
    }

    /// Keeps annotations of read-only folders under `root` instead of the platform's folder.
    pub fn with_fallback_root(mut self, root: PathBuf) -> Startup {
        self.fallback_root = root;
        self
    }
}

/// A message shown above the reader until dismissed: what went wrong, and the details (paths
/// and system messages, shown as they are).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub msg: Msg,
    pub detail: String,
}

/// Where the main parts were drawn in the last frame (for tests).
#[derive(Copy, Clone, Debug, Default)]
pub struct PanelRects {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub toolbar: Option<Rect>,
    pub status: Option<Rect>,
    pub highlights: Option<Rect>,
}

pub struct HameshApp {
    pub(super) ctx: Context,
    pub(super) settings: SavedSettings,
    pub(super) corpus: Option<Corpus>,
    pub(super) list: ArticleList,
    pub(super) reading: Reading,
    /// The article chosen in the list (it may still be loading).
    pub(super) selected: Option<String>,
    /// The article to open once the scan has listed the files, if none is chosen by then.
    pub(super) open_first: bool,
    pub(super) atlas: GlyphAtlas,
    pub(super) labels: LabelCache,
    pub(super) start: StartScreen,
    pub(super) dialog: Option<FolderDialog>,
    pub(super) notices: Vec<Notice>,
    pub(super) commands: Vec<Command>,
    pub(super) first_paint: FirstPaint,
    pub(super) rects: PanelRects,
    /// Writes annotation files in the background; flushed on exit.
    pub(super) saver: Autosaver,
    pub(super) annotating: Option<Annotating>,
    pub(super) fallback_root: PathBuf,
    pub(super) show_panel: bool,
    /// New spans keep the characters selected instead of whole words.
    pub(super) char_precision: bool,
    pub(super) label_editor: Option<LabelEditor>,
    pub(super) panel: PanelState,
    /// File → Export… or File → Import…, while open.
    pub(super) datasets: Option<DatasetDialog>,
}

impl HameshApp {
    pub fn new(ctx: &Context, startup: Startup) -> HameshApp {
        install_fonts(ctx);
        // Ctrl+= and Ctrl+- size the article text, not the whole interface.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let mut app = HameshApp {
            ctx: ctx.clone(),
            settings: startup.settings,
            corpus: None,
            list: ArticleList::default(),
            reading: Reading::default(),
            selected: None,
            open_first: false,
            atlas: GlyphAtlas::default(),
            labels: LabelCache::default(),
            start: StartScreen::default(),
            dialog: None,
            notices: Vec::new(),
            commands: Vec::new(),
            first_paint: FirstPaint::from_env(startup.started),
            rects: PanelRects::default(),
            saver: Autosaver::new(),
            annotating: None,
            fallback_root: startup.fallback_root,
            show_panel: true,
            char_precision: false,
            label_editor: None,
            panel: PanelState::default(),
            datasets: None,
        };
        apply_theme(ctx, app.settings.get().theme);
        if let Some(problem) = app.settings.load_problem.clone() {
            app.notice(Msg::SettingsDamaged, problem);
        }
        let last = app.settings.get().last_folder.clone();
        match startup.open {
            Some(path) => app.apply(Command::Open(path)),
            None => {
                if let Some(folder) = last.filter(|f| f.is_dir()) {
                    app.apply(Command::Open(folder));
                }
            }
        }
        app
    }

    /// A wake-up for worker threads: asks for a frame.
    pub(super) fn waker(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    pub(super) fn notice(&mut self, msg: Msg, detail: impl Into<String>) {
        let notice = Notice {
            msg,
            detail: detail.into(),
        };
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
    }

    /// The reading style from the settings, for an article in `language`.
    pub(super) fn reading_style(&self, language: Language) -> TextStyle {
        let s = self.settings.get();
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

    /// Takes what the workers finished.
    fn poll_workers(&mut self) {
        if let Some(corpus) = &mut self.corpus {
            let progress = corpus.poll();
            self.list.scanned(corpus, &progress);
            if progress.found {
                if let Some(selected) = &self.selected
                    && let Some(i) = corpus.index_of(selected)
                {
                    self.list.reveal(i);
                }
                if self.open_first && self.selected.is_none() {
                    self.open_first = false;
                    if let Some(first) = corpus.article(0) {
                        self.commands.push(Command::OpenArticle(first.path.clone()));
                    }
                }
            }
            if progress.done {
                for p in corpus.problems().to_vec() {
                    self.notice(Msg::FolderProblem, p);
                }
            }
        }
        if let Some(a) = &mut self.annotating {
            a.index.poll();
        }
        for error in self.saver.take_errors() {
            self.notice(Msg::AnnotationsNotSaved, error);
        }
        let previous = self
            .reading
            .current
            .as_ref()
            .map(|a| (a.path.clone(), a.reader.scroll().offset));
        match self.reading.poll() {
            Some(Loaded::Opened) => self.article_opened(previous),
            Some(Loaded::Failed {
                path,
                message,
                reopen,
            }) => {
                let msg = if reopen {
                    Msg::CannotReopen
                } else {
                    Msg::CannotOpen
                };
                self.notice(msg, message);
                // A remembered article that is gone: read the first one instead.
                let gone = self
                    .corpus
                    .as_ref()
                    .is_some_and(|c| c.is_listed() && c.index_of(&path).is_none());
                if !reopen && gone && self.selected.as_deref() == Some(path.as_str()) {
                    self.selected = None;
                    if let Some(first) = self.corpus.as_ref().and_then(|c| c.article(0)) {
                        self.commands.push(Command::OpenArticle(first.path.clone()));
                    }
                } else if !reopen && self.corpus.as_ref().is_some_and(|c| !c.is_listed()) {
                    self.selected = None;
                    self.open_first = true;
                }
            }
            None => {}
        }
        if let Some(outcome) = self.dialog.as_ref().and_then(FolderDialog::poll) {
            self.dialog = None;
            self.start.dialog_open = false;
            match outcome {
                DialogOutcome::Chosen(path) => self.commands.push(Command::Open(path)),
                DialogOutcome::Cancelled => {}
                DialogOutcome::Unavailable => {
                    self.start.dialog_unavailable = true;
                    self.start.focus_path = true;
                }
            }
        }
    }

    /// A loaded article replaced the current one: take its annotations, scroll to where it
    /// was left.
    fn article_opened(&mut self, previous: Option<(String, f32)>) {
        let Some(article) = &mut self.reading.current else {
            return;
        };
        if let Some(a) = &mut self.annotating {
            let annotator = self.settings.get().annotator.clone();
            let opened = a.adopt(article, &annotator, &self.saver);
            let path = article.path.clone();
            match opened {
                Opened::Fine | Opened::Blocked(_) => {}
                // The panel lists the spans waiting for review.
                Opened::Reanchored(note) if note.newly_in_review > 0 => {
                    let n = note.newly_in_review;
                    self.notice(Msg::SpansNeedReview, format!("{path}: {n}"));
                }
                Opened::Reanchored(note) if note.changed => self.notice(Msg::ArticleChanged, path),
                Opened::Reanchored(_) => {}
            }
        }
        let Some(article) = &mut self.reading.current else {
            return;
        };
        let offset = match previous {
            // Reopened as another encoding: stay where the reader was.
            Some((path, offset)) if path == article.path => Some(offset),
            _ => self
                .corpus
                .as_ref()
                .and_then(|c| self.settings.get().corpora.get(&key_of(c)))
                .and_then(|place| place.scroll.get(&article.path).copied()),
        };
        if let Some(offset) = offset.filter(|&o| o > 0.0) {
            article.reader.request_scroll(ScrollRequest::To(offset));
        }
    }

    /// Notes the reading position of the current article in the settings (only when it
    /// changed: the settings are written at most once a second anyway).
    pub(super) fn remember_position(&mut self) {
        let (Some(corpus), Some(article)) = (&self.corpus, &self.reading.current) else {
            return;
        };
        if article.reader.scroll_pending() || article.reader.painted_glyphs() == 0 {
            return;
        }
        let offset = (article.reader.scroll().offset * 2.0).round() / 2.0;
        let key = key_of(corpus);
        let place = self.settings.get().corpora.get(&key);
        let stored = place.and_then(|p| p.scroll.get(&article.path)).copied();
        let last = place.and_then(|p| p.last_article.as_deref());
        if stored.unwrap_or(0.0) == offset && last == Some(article.path.as_str()) {
            return;
        }
        let path = article.path.clone();
        let place: &mut CorpusPlace = self.settings.edit().corpora.entry(key).or_default();
        place.last_article = Some(path.clone());
        if offset > 0.0 {
            place.scroll.insert(path, offset);
        } else {
            place.scroll.remove(&path);
        }
    }

    fn remember_window(&mut self, ctx: &Context) {
        let (outer, inner) = ctx.input(|i| (i.viewport().outer_rect, i.viewport().inner_rect));
        let (Some(outer), Some(inner)) = (outer, inner) else {
            return;
        };
        let geometry = WindowGeometry {
            x: outer.min.x,
            y: outer.min.y,
            width: inner.width(),
            height: inner.height(),
        };
        if self.settings.get().window != Some(geometry) && inner.width() > 0.0 {
            self.settings.edit().window = Some(geometry);
        }
    }

    fn list_panel_ui(&mut self, ui: &mut Ui) {
        let Some(corpus) = &self.corpus else {
            self.rects.list = None;
            return;
        };
        let s = self.settings.get();
        let lang = s.ui_language;
        let panel = if lang.is_rtl() {
            egui::Panel::right("hamesh-list-rtl")
        } else {
            egui::Panel::left("hamesh-list-ltr")
        };
        let current = self.selected.as_deref().and_then(|p| corpus.index_of(p));
        let mut paint = ListPaint {
            atlas: &mut self.atlas,
            labels: &mut self.labels,
            lang,
            font: FontChoice::parse(&s.font).unwrap_or_default(),
            index: self.annotating.as_ref().map(|a| &a.index),
        };
        let list = &mut self.list;
        let commands = &mut self.commands;
        let response = panel
            .default_size(340.0)
            .size_range(220.0..=640.0)
            .resizable(true)
            .show(ui, |ui| {
                list.list_ui(ui, corpus, current, &mut paint, commands)
            });
        self.rects.list = Some(response.response.rect);
    }

    fn central_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.get().ui_language;
        let page = Palette::new(ui.visuals().dark_mode).background;
        let frame = if self.corpus.is_some() {
            Frame::NONE.fill(page)
        } else {
            Frame::central_panel(ui.style())
        };
        let mut click = None;
        let response = egui::CentralPanel::default().frame(frame).show(ui, |ui| {
            if self.corpus.is_none() {
                let settings = self.settings.get();
                let paint = (&mut self.atlas, &mut self.labels);
                self.start.start_ui(ui, settings, paint, &mut self.commands);
                return;
            }
            if self.reading.current.is_some() {
                click = self.reader_with_highlights(ui);
            } else {
                let msg = if self.reading.loading().is_some() {
                    Msg::Loading
                } else {
                    Msg::SelectArticle
                };
                ui.centered_and_justified(|ui| ui.weak(crate::i18n::tr(lang, msg)));
            }
        });
        self.rects.reader = Some(response.response.rect);
        if let Some((at, affinity)) = click {
            self.clicked_text(at, affinity);
        }
    }
}

/// The key of a corpus in the settings: its folder's path.
pub(super) fn key_of(corpus: &Corpus) -> String {
    corpus.root().to_string_lossy().into_owned()
}

impl eframe::App for HameshApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let shown = self.reading.current.is_some();
        self.first_paint.frame_started(&ctx, shown);
        self.poll_workers();
        // The settings decide the theme, whoever changed the context's.
        if ctx.theme() != theme_of(self.settings.get().theme) {
            apply_theme(&ctx, self.settings.get().theme);
        }
        let list_keys = self.corpus.is_some();
        self.commands.extend(shortcut_commands(&ctx, list_keys));
        self.atlas.begin_frame(&ctx);

        let toolbar = egui::Panel::top("hamesh-toolbar").show(ui, |ui| {
            let state = ToolbarState {
                settings: self.settings.get(),
                corpus_open: self.corpus.is_some(),
                encoding: self.reading.current.as_ref().map(|a| a.encoding),
                show_panel: self.show_panel,
                char_precision: self.char_precision,
            };
            toolbar_ui(ui, &state, &mut self.commands);
        });
        self.rects.toolbar = Some(toolbar.response.rect);
        if self.has_banners() {
            egui::Panel::top("hamesh-notices").show(ui, |ui| self.banners_ui(ui));
        }
        let status = egui::Panel::bottom("hamesh-status").show(ui, |ui| self.status_ui(ui));
        self.rects.status = Some(status.response.rect);
        self.list_panel_ui(ui);
        self.highlight_panel_ui(ui);
        self.central_ui(ui);
        self.label_editor_ui(&ctx);
        self.datasets_ui(&ctx);
        self.atlas.end_frame(&ctx);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        for command in commands {
            self.apply(command);
        }
        if !self.first_paint.exits() {
            self.remember_position();
            self.remember_window(&ctx);
            if let Some(wait) = self.settings.save_if_due(Instant::now()) {
                ctx.request_repaint_after(wait);
            }
            if let Some(error) = self.settings.save_error.clone() {
                self.notice(Msg::SettingsNotSaved, error);
            }
        }
        let painted = self
            .reading
            .current
            .as_ref()
            .is_some_and(|a| a.reader.painted_glyphs() > 0)
            || (self.corpus.is_none() && self.dialog.is_none());
        // The scan reads files once the article being opened is on screen (or nothing is
        // being opened any more).
        if let Some(corpus) = &self.corpus
            && !corpus.reading_released()
            && (painted || self.reading.loading().is_none())
        {
            corpus.release_reading();
        }
        self.first_paint.frame_ended(&ctx, painted);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Every annotation edit is on disk before the window goes.
        self.saver.flush();
        if !self.first_paint.exits() {
            self.remember_position();
            self.settings.save_now();
        }
    }
}
