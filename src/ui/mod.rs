//! The egui shell: the window, the reader view and its glyph atlas.
//!
//! Article text is never laid out by egui: the reader shapes and wraps it with
//! [`crate::text`] and paints the engine's glyphs from its own atlas. egui draws only the
//! chrome (buttons, labels).
//!
//! - [`app`] — the window's state and top bar.
//! - [`reader`] — the scrolling document view, its selection and geometry queries.
//! - [`layout`] — lazy shaping and wrapping of the paragraphs in view.
//! - [`paint`] — glyph quads and control marks.
//! - [`atlas`] — the glyph texture with partial uploads.
//! - [`open`] — finding and reading the article to show.

pub mod app;
pub mod atlas;
pub mod layout;
pub mod open;
pub mod paint;
pub mod reader;

use std::path::PathBuf;
use std::time::Instant;

pub use app::HameshApp;
pub use reader::{ReaderView, Selection};

/// Opens the window on `path` (an article, or a folder whose first article is shown; the
/// bundled samples when `None`). Problems with the article are shown in the window.
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let start = Instant::now();
    let article = open::resolve(path.as_deref()).and_then(|p| open::load(&p));
    let title = match &article {
        Ok(a) => format!("Hamesh — {}", a.name),
        Err(_) => "Hamesh".to_string(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1100.0, 800.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Hamesh",
        options,
        Box::new(move |cc| Ok(Box::new(HameshApp::new(&cc.egui_ctx, article, start)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
