//! The application: its three owners, and one frame.
//!
//! ```text
//!   HameshApp
//!   ├── settings   persisted (SavedSettings), written at most once a second
//!   ├── folder     Option<OpenFolder>: corpus, reading, annotations; exists only while a
//!   │              folder is open, so closing a folder is dropping it
//!   ├── shell      Shell: notices, list panel, dialogs, panels, toggles
//!   └── glyphs     GlyphPainter: the glyph atlas and the shaped-label cache
//! ```
//!
//! A frame, in order: take what the open folder's workers finished (scan events, a loaded
//! article and its annotations, the annotation index, save errors) and the folder dialog's
//! answer; turn shortcut keys into commands; draw the top bar, the messages, the status bar,
//! the article list, the highlight panel and the reader (or the start screen), and the dialogs,
//! which add commands of their own; then apply every command once ([`apply`]), each by its
//! owner; finally note the reading position and window geometry in the settings.
//!
//! This module is the only one that names [`HameshApp`]; every other part of the window takes
//! the owner it works on.

mod apply;
mod inspect;

use apply::{first_article, open_target};
use std::path::PathBuf;
use std::time::Instant;

use egui::{Context, Frame, Ui};

use crate::annotate::Store;
use crate::corpus::files::Folder;
use crate::i18n::{Msg, tr};
use crate::settings::WindowGeometry;
use crate::text::{FontChoice, Language};

use super::annotation::banner::Banners;
use super::annotation::beside::OtherLayer;
use super::annotation::frame::{PanelFrame, highlight_panel_ui, waiting_panel_ui};
use super::annotation::panel::PanelPaint;
use super::article::Preload;
use super::article_list::ListPaint;
use super::chrome::{apply_theme, install_fonts, theme_of};
use super::command::{AnnotateCommand, Command, FolderCommand, SearchCommand, shortcut_commands};
use super::corpus_search::LabelState;
use super::dialog::DialogOutcome;
use super::first_paint::FirstPaint;
use super::folder::{OpenFolder, SaveState, reading_style, scan_options, waker};
use super::glyphs::GlyphPainter;
use super::open_path::OpenPathWindow;
use super::paint::Palette;
use super::saved::SavedSettings;
use super::shell::Shell;
use super::start::START_ANNOTATOR_FIELD;
use super::status_bar::{StatusState, status_bar_ui};
use super::text_field::EngineField;
use super::toolbar::{ANNOTATOR_FIELD, ToolbarState, toolbar_ui};

/// How the app starts.
pub struct Startup {
    pub settings: SavedSettings,
    /// `hamesh PATH`: a folder, or a file to open in its folder.
    pub open: Option<PathBuf>,
    /// When the process started, for the first-paint measurement.
    pub started: Instant,
    /// Where annotations of read-only folders go ([`Store::default_fallback_root`]).
    pub fallback_root: PathBuf,
    /// The first article, being prepared since before the window ([`Startup::preload`]).
    pub preload: Option<Preload>,
}

impl Startup {
    /// Settings from `settings_path`, opening `open` if given.
    pub fn new(settings_path: PathBuf, open: Option<PathBuf>) -> Startup {
        Startup {
            settings: SavedSettings::load(settings_path),
            open,
            started: Instant::now(),
            fallback_root: Store::default_fallback_root(),
            preload: None,
        }
    }

    /// Starts reading and preparing the article the window will open first (the file named,
    /// else the last one read in the folder named or, with neither, in the last folder), so
    /// that it is ready as soon as the window is. The folder adopts it if it still opens that
    /// article in that style; otherwise it is dropped.
    pub fn preload(mut self) -> Startup {
        let settings = self.settings.get();
        let named = match &self.open {
            Some(path) => Some(path.clone()),
            None => settings.last_folder.clone().filter(|f| f.is_dir()),
        };
        let Some((root, article)) = named.as_deref().and_then(open_target) else {
            return self;
        };
        let Some(article) = first_article(&root, article, settings) else {
            return self;
        };
        let options = scan_options(settings);
        let style = reading_style(settings, Language::Arabic);
        self.preload = Some(Preload::start(Folder::new(root, options), article, style));
        self
    }

    /// Keeps annotations of read-only folders under `root` instead of the platform's folder.
    pub fn with_fallback_root(mut self, root: PathBuf) -> Startup {
        self.fallback_root = root;
        self
    }
}

/// Opens the window: on `path` (a folder, or a file in its folder) if given, else on the last
/// folder, else on the start screen. Settings come from [`crate::settings::default_path`]
/// (`HAMESH_CONFIG_DIR` overrides the folder).
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let started = Instant::now();
    // A character no bundled font has is drawn with an installed font that has it.
    crate::text::system_fonts::use_system_fonts(true);
    let settings = SavedSettings::load(crate::settings::default_path());
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Hamesh")
        .with_app_id("hamesh")
        .with_inner_size([1180.0, 820.0]);
    if let Some(w) = settings.get().window {
        if w.width >= 320.0 && w.height >= 240.0 {
            viewport = viewport.with_inner_size([w.width, w.height]);
        }
        viewport = viewport.with_position([w.x, w.y]);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let startup = Startup {
        settings,
        open: path,
        started,
        fallback_root: Store::default_fallback_root(),
        preload: None,
    }
    .preload();
    eframe::run_native(
        "Hamesh",
        options,
        Box::new(move |cc| Ok(Box::new(HameshApp::new(&cc.egui_ctx, startup)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

pub struct HameshApp {
    ctx: Context,
    settings: SavedSettings,
    folder: Option<OpenFolder>,
    shell: Shell,
    glyphs: GlyphPainter,
    /// Commands emitted this frame, applied after drawing.
    commands: Vec<Command>,
    fallback_root: PathBuf,
}

impl HameshApp {
    pub fn new(ctx: &Context, startup: Startup) -> HameshApp {
        let mut first_paint = FirstPaint::from_env(startup.started);
        first_paint.reached("app");
        install_fonts(ctx);
        // Ctrl+= and Ctrl+- size the article text, not the whole interface.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let mut app = HameshApp {
            ctx: ctx.clone(),
            settings: startup.settings,
            folder: None,
            shell: Shell::new(first_paint),
            glyphs: GlyphPainter::default(),
            commands: Vec::new(),
            fallback_root: startup.fallback_root,
        };
        apply_theme(ctx, app.settings.get().theme);
        if let Some(problem) = app.settings.load_problem.clone() {
            app.shell.notices.push(Msg::SettingsDamaged, problem);
        }
        let last = app.settings.get().last_folder.clone();
        let preload = startup.preload;
        match startup.open {
            Some(path) => app.open_path_with(&path, preload),
            None => {
                if let Some(folder) = last.filter(|f| f.is_dir()) {
                    app.open_path_with(&folder, preload);
                }
            }
        }
        app
    }

    /// Takes what the workers and the folder dialog finished.
    fn poll_workers(&mut self) {
        if let Some(folder) = &mut self.folder {
            let more = folder.poll(
                &mut self.shell.list,
                self.settings.get(),
                &mut self.shell.notices,
            );
            self.commands.extend(more);
        }
        if let (Some(search), Some(folder)) = (&mut self.shell.corpus_search, &self.folder) {
            search.refresh(folder.corpus().folder(), waker(&self.ctx));
            search.poll();
            if let Some(limit) = search.list_limit() {
                let articles = folder.corpus().articles();
                self.shell.list.filter.set_only(limit, articles);
            }
        }
        if let Some(outcome) = self.shell.dialog.as_ref().and_then(|d| d.poll()) {
            self.folder_dialog_closed(outcome);
        }
    }

    /// The folder dialog closed with `outcome`. Where no dialog can be shown, the path field
    /// takes its place: the start screen's, or a window's while a folder is open.
    pub fn folder_dialog_closed(&mut self, outcome: DialogOutcome) {
        self.shell.dialog = None;
        self.shell.start.dialog_open = false;
        match outcome {
            DialogOutcome::Chosen(path) => {
                self.commands.push(FolderCommand::Open(path).into());
            }
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => {
                self.shell.start.dialog_unavailable = true;
                self.shell.start.focus_path = true;
                if let Some(folder) = &self.folder {
                    let path = folder.root().display().to_string();
                    self.shell.open_path = Some(OpenPathWindow::new(path));
                }
            }
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

    /// A name typed as the annotator's takes effect once its field lets the keyboard go: in a
    /// corpus a team annotates, the folder opens again in that annotator's layer (every edit
    /// written first), at the same article.
    fn follow_annotator(&mut self, ctx: &Context) {
        if !self.shell.annotator_changed {
            return;
        }
        let focused = ctx.memory(|m| m.focused());
        let fields = [ANNOTATOR_FIELD, START_ANNOTATOR_FIELD].map(EngineField::id);
        if focused.is_some_and(|f| fields.contains(&f)) {
            return;
        }
        self.shell.annotator_changed = false;
        let Some(folder) = &self.folder else {
            return;
        };
        if folder
            .annotating()
            .reopens_for(&self.settings.get().annotator)
        {
            let root = folder.root().to_path_buf();
            self.open_path(&root);
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui) {
        let toolbar = egui::Panel::top("hamesh-toolbar").show(ui, |ui| {
            let annotating = self.folder.as_ref().map(|f| f.annotating());
            let state = ToolbarState {
                settings: self.settings.get(),
                corpus_open: self.folder.is_some(),
                encoding: self.folder.as_ref().and_then(|f| f.article_encoding()),
                show_panel: self.shell.show_panel,
                char_precision: self.shell.char_precision,
                show_suggestions: self
                    .folder
                    .as_ref()
                    .is_some_and(|f| !f.annotating().suggesting.hidden),
                others: annotating.map(|a| a.other_layers()).unwrap_or_default(),
                beside: annotating.and_then(|a| a.beside.as_ref().map(|b| b.layer.clone())),
            };
            let annotator = (&mut self.shell.annotator_field, &mut self.glyphs);
            toolbar_ui(ui, &state, annotator, &mut self.commands);
        });
        self.shell.rects.toolbar = Some(toolbar.response.rect);
    }

    fn banners_ui(&mut self, ui: &mut Ui) {
        let folder = self.folder.as_ref();
        let banners = Banners {
            notices: &self.shell.notices,
            annotating: folder.map(|f| f.annotating()),
            blocked: folder.and_then(|f| f.blocked_message()),
        };
        if banners.any() {
            let lang = self.settings.get().ui_language;
            let (glyphs, out) = (&mut self.glyphs, &mut self.commands);
            egui::Panel::top("hamesh-notices")
                .show(ui, |ui| banners.banners_ui(ui, lang, glyphs, out));
        }
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.get().ui_language;
        let folder = self.folder.as_ref();
        let article = folder.and_then(|f| f.current());
        let state = article.map(|a| StatusState {
            path: &a.path,
            encoding: a.encoding,
            language: a.language,
            direction: a.direction,
            chars: a.chars,
            scrolled: a.reader.scroll().fraction(),
            caret: a.reader.selection().map(|s| s.focus.0),
            layer: folder.and_then(|f| f.annotating().store.annotator()),
            beside: folder
                .and_then(|f| f.annotating().beside.as_ref())
                .map(|b| {
                    let name = match &b.layer {
                        OtherLayer::Curated => tr(lang, Msg::CuratedLayer),
                        OtherLayer::Annotator(name) => name.as_str(),
                    };
                    (name, b.problem())
                }),
            saved: folder.map_or(SaveState::Saved, |f| f.save_state()),
        });
        if state.as_ref().is_some_and(|s| s.saved == SaveState::Saving) {
            // The bar says "Saved" as soon as the writer is done.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        let loading = folder.is_some_and(|f| f.is_loading());
        let paint = (&mut self.glyphs.atlas, &mut self.glyphs.labels);
        let out = &mut self.commands;
        let status = egui::Panel::bottom("hamesh-status").show(ui, |ui| {
            status_bar_ui(ui, lang, state.as_ref(), loading, paint, out)
        });
        self.shell.rects.status = Some(status.response.rect);
    }

    fn list_panel_ui(&mut self, ui: &mut Ui) {
        let Some(folder) = &self.folder else {
            self.shell.rects.list = None;
            return;
        };
        let s = self.settings.get();
        let lang = s.ui_language;
        let panel = if lang.is_rtl() {
            egui::Panel::right("hamesh-list-rtl")
        } else {
            egui::Panel::left("hamesh-list-ltr")
        };
        let corpus = folder.corpus();
        let current = folder.selected_article().and_then(|p| corpus.index_of(p));
        let mut paint = ListPaint {
            atlas: &mut self.glyphs.atlas,
            labels: &mut self.glyphs.labels,
            lang,
            font: FontChoice::parse(&s.font).unwrap_or_default(),
            index: Some(&folder.annotating().index),
        };
        let list = &mut self.shell.list;
        let commands = &mut self.commands;
        let response = panel
            .default_size(340.0)
            .size_range(220.0..=640.0)
            .resizable(true)
            .show(ui, |ui| {
                list.list_ui(ui, corpus, current, &mut paint, commands)
            });
        self.shell.rects.list = Some(response.response.rect);
    }

    fn highlight_panel_ui(&mut self, ui: &mut Ui) {
        self.shell.rects.highlights = None;
        let Some(folder) = &mut self.folder else {
            return;
        };
        if !self.shell.show_panel {
            return;
        }
        let frame = PanelFrame {
            state: &mut self.shell.panel,
            glyphs: &mut self.glyphs,
            settings: self.settings.get(),
            char_precision: self.shell.char_precision,
        };
        let (reading, annotating, _) = folder.parts_mut();
        let Some(article) = &reading.current else {
            if reading.preview().is_some() {
                let lang = self.settings.get().ui_language;
                self.shell.rects.highlights = Some(waiting_panel_ui(ui, lang));
            }
            return;
        };
        let parts = (annotating, article);
        self.shell.rects.highlights = highlight_panel_ui(ui, parts, frame, &mut self.commands);
    }

    /// The corpus search panel, under the reader.
    fn corpus_search_ui(&mut self, ui: &mut Ui) {
        let (Some(search), Some(folder)) = (&mut self.shell.corpus_search, &self.folder) else {
            return;
        };
        let s = self.settings.get();
        let paint = (
            &mut self.glyphs,
            s.ui_language,
            FontChoice::parse(&s.font).unwrap_or_default(),
        );
        let label_all = folder.label_all();
        let state = LabelState {
            labels: folder.label_set(),
            report: label_all.report.as_ref(),
            running: label_all.is_running(),
            can_undo: label_all.can_undo(),
        };
        let out = &mut self.commands;
        let open = egui::Panel::bottom("hamesh-corpus-search")
            .resizable(true)
            .default_size(280.0)
            .size_range(120.0..=900.0)
            .show(ui, |ui| search.ui(ui, paint, state, out))
            .inner;
        if !open {
            self.commands.push(SearchCommand::Close.into());
        }
    }

    fn central_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.get().ui_language;
        let page = Palette::new(ui.visuals().dark_mode).background;
        let frame = if self.folder.is_some() {
            Frame::NONE.fill(page)
        } else {
            Frame::central_panel(ui.style())
        };
        let mut click = None;
        let response = egui::CentralPanel::default().frame(frame).show(ui, |ui| {
            let Some(folder) = &mut self.folder else {
                let settings = self.settings.get();
                let paint = (&mut self.glyphs.atlas, &mut self.glyphs.labels);
                self.shell
                    .start
                    .start_ui(ui, settings, paint, &mut self.commands);
                return;
            };
            if let Some(article) = folder.current() {
                if let Some(find) = &mut self.shell.find {
                    find.refresh(&article.path, article.reader.text());
                    let open = egui::Frame::NONE
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| {
                            find.ui(ui, &mut self.glyphs.atlas, lang, &mut self.commands)
                        })
                        .inner;
                    folder.set_find_hits(find.hits(), find.current());
                    if !open {
                        self.shell.find = None;
                        folder.set_find_hits(&[], None);
                    }
                }
                click = folder.reader_ui(ui, &mut self.glyphs.atlas);
            } else if let Some(start) = folder.preview_mut() {
                // Read-only until the whole article is in: no clicks, no spans.
                start.reader_ui(ui, &mut self.glyphs.atlas, None);
                let _ = start.take_click();
            } else {
                let msg = if folder.is_loading() {
                    Msg::Loading
                } else {
                    Msg::SelectArticle
                };
                ui.centered_and_justified(|ui| ui.weak(crate::i18n::tr(lang, msg)));
            }
        });
        self.shell.rects.reader = Some(response.response.rect);
        if let (Some((at, affinity)), Some(folder)) = (click, &mut self.folder) {
            folder.clicked_text(at, affinity);
        }
        if let Some(moved) = self
            .folder
            .as_mut()
            .and_then(|f| f.reader_mut())
            .and_then(|r| r.take_edge_move())
        {
            let command = AnnotateCommand::MoveSpan(moved.from, moved.to);
            self.commands.push(command.into());
        }
    }

    fn dialogs_ui(&mut self, ctx: &Context) {
        let lang = self.settings.get().ui_language;
        if let Some(editor) = &mut self.shell.label_editor
            && !editor.show(ctx, (lang, &mut self.glyphs.atlas), &mut self.commands)
        {
            self.shell.label_editor = None;
        }
        if let Some(window) = &mut self.shell.open_path
            && !window.show(ctx, (lang, &mut self.glyphs.atlas), &mut self.commands)
        {
            self.shell.open_path = None;
        }
        let glyphs = &mut self.glyphs;
        if let Some(command) = self
            .shell
            .datasets
            .as_mut()
            .and_then(|d| d.show(ctx, lang, glyphs))
        {
            self.commands.push(command.into());
        }
        if let (Some(view), Some(folder)) = (&mut self.shell.entities, &self.folder) {
            let a = folder.annotating();
            view.refresh(a, ctx);
            let mut paint = window_paint(&mut self.glyphs, lang, &self.settings.get().font);
            if !view.show(ctx, a, &mut paint, &mut self.commands) {
                self.shell.entities = None;
            }
        }
        if let (Some(view), Some(folder)) = (&self.shell.curation, &self.folder) {
            let a = folder.annotating();
            // The curated layer's spans of the document, when it is the layer open.
            let curated = folder
                .current()
                .filter(|article| article.path == view.rel() && a.store.annotator().is_none())
                .and_then(|article| a.sessions.get(&article.path))
                .map(|s| s.doc.spans.as_slice());
            let mut paint = window_paint(&mut self.glyphs, lang, &self.settings.get().font);
            if !view.show(ctx, (a, curated), &mut paint, &mut self.commands) {
                self.shell.curation = None;
            }
        }
        if let Some(view) = &mut self.shell.agreement {
            let mut paint = window_paint(&mut self.glyphs, lang, &self.settings.get().font);
            if !view.show(ctx, &mut paint, &mut self.commands) {
                self.shell.agreement = None;
            }
        }
    }
}

impl eframe::App for HameshApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let shown = self
            .folder
            .as_ref()
            .is_some_and(|f| f.current().is_some() || f.preview().is_some());
        let ready = self.folder.as_ref().is_none_or(|f| !f.is_loading());
        self.shell.first_paint.frame_started(&ctx, shown, ready);
        self.shell.first_paint.reached("frame");
        self.poll_workers();
        if self.folder.as_ref().is_some_and(|f| f.preview().is_some()) {
            self.shell.first_paint.reached("start");
        }
        if self.folder.as_ref().is_some_and(|f| f.current().is_some()) {
            self.shell.first_paint.reached("article");
        }
        // The settings decide the theme, whoever changed the context's.
        if ctx.theme() != theme_of(self.settings.get().theme) {
            apply_theme(&ctx, self.settings.get().theme);
        }
        let list_keys = self.folder.is_some();
        self.commands.extend(shortcut_commands(&ctx, list_keys));
        self.glyphs.atlas.begin_frame(&ctx);

        self.toolbar_ui(ui);
        self.banners_ui(ui);
        self.status_ui(ui);
        self.list_panel_ui(ui);
        self.highlight_panel_ui(ui);
        self.corpus_search_ui(ui);
        self.central_ui(ui);
        self.dialogs_ui(&ctx);
        self.glyphs.atlas.end_frame(&ctx);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        for command in commands {
            self.apply(command);
        }
        self.follow_annotator(&ctx);
        if !self.shell.first_paint.exits() {
            if let Some(folder) = &self.folder {
                folder.remember_position(&mut self.settings);
            }
            self.remember_window(&ctx);
            if let Some(wait) = self.settings.save_if_due(Instant::now()) {
                ctx.request_repaint_after(wait);
            }
            if let Some(error) = self.settings.save_error.clone() {
                self.shell.notices.push(Msg::SettingsNotSaved, error);
            }
        }
        let painted = self.folder.as_ref().is_some_and(|f| {
            let reader = f.reader().or(f.preview());
            reader.is_some_and(|r| r.painted_glyphs() > 0)
        }) || (self.folder.is_none() && self.shell.dialog.is_none());
        // The scan reads files once the article being opened is on screen (or nothing is
        // being opened any more).
        if let Some(folder) = &self.folder {
            folder.release_scan_when_painted();
        }
        self.shell.first_paint.frame_ended(&ctx, painted);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Every annotation edit is on disk before the window goes.
        if let Some(folder) = &self.folder {
            folder.flush_annotations();
        }
        if !self.shell.first_paint.exits() {
            if let Some(folder) = &self.folder {
                folder.remember_position(&mut self.settings);
            }
            self.settings.save_now();
        }
    }
}

/// What the corpus windows (entities, agreement, curation) paint their rows with.
fn window_paint<'a>(
    glyphs: &'a mut GlyphPainter,
    lang: crate::settings::UiLanguage,
    font: &str,
) -> PanelPaint<'a> {
    PanelPaint {
        atlas: &mut glyphs.atlas,
        labels: &mut glyphs.labels,
        lang,
        font: FontChoice::parse(font).unwrap_or_default(),
    }
}
