//! The egui shell: the window, the article list, the reader and its glyph atlas.
//!
//! Article text is never laid out by egui: the reader and every title or path in the window
//! are shaped and wrapped with [`crate::text`] and painted from one shared glyph atlas. egui
//! draws only the chrome (menus, buttons, labels), whose strings come from [`crate::i18n`].
//!
//! - [`app`] — the window's state and one frame; [`apply`] — what each [`Command`] does.
//! - [`command`] — the commands and their keyboard shortcuts.
//! - [`corpus_view`] — the open folder, scanned on a worker thread; [`filter`] — the list's
//!   filter; [`article_list`] — the list panel.
//! - [`article`] — the article being read, loaded on a worker thread.
//! - [`reader`] — the scrolling document view, its selection and geometry queries;
//!   [`layout`] and [`heights`] — lazy shaping and wrapping of the paragraphs in view.
//! - [`engine_label`] — one line of article text (titles, paths) drawn by the engine.
//! - [`toolbar`], [`status_bar`], [`start`], [`dialog`] — the rest of the window.
//! - [`saved`] — persisted settings, written at most once a second; [`chrome`] — fonts,
//!   theme and the interface's direction; [`first_paint`] — the startup benchmark's probe.
//! - [`paint`] — glyph quads and control marks; [`atlas`] — the glyph texture.
//! - [`annotation`] — annotating: the store, labels and sessions of the open corpus, the
//!   highlight panel, the label editor, and what the annotation commands do.
//! - [`datasets`] — File → Export… and File → Import…, run on worker threads.
//! - [`inspect`] — read-only views of the app's state for tests and tools.

pub mod annotation;
pub mod app;
pub mod apply;
pub mod article;
pub mod article_list;
pub mod atlas;
pub mod chrome;
pub mod command;
pub mod corpus_view;
pub mod datasets;
pub mod dialog;
pub mod engine_label;
pub mod filter;
pub mod first_paint;
pub mod heights;
pub mod inspect;
pub mod layout;
pub mod paint;
pub mod reader;
pub mod saved;
pub mod start;
pub mod status_bar;
pub mod toolbar;

use std::path::PathBuf;
use std::time::Instant;

pub use app::{HameshApp, Startup};
pub use command::Command;
pub use reader::{ReaderView, Selection, VisualMove};

use saved::SavedSettings;

/// Opens the window: on `path` (a folder, or a file in its folder) if given, else on the last
/// folder, else on the start screen. Settings come from [`crate::settings::default_path`]
/// (`HAMESH_CONFIG_DIR` overrides the folder).
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let started = Instant::now();
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
        fallback_root: crate::annotate::Store::default_fallback_root(),
    };
    eframe::run_native(
        "Hamesh",
        options,
        Box::new(move |cc| Ok(Box::new(HameshApp::new(&cc.egui_ctx, startup)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
