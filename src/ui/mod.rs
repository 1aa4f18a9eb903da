//! The egui shell: the window, the article list, the reader and its glyph atlas.
//!
//! Article text is never laid out by egui: the reader and every title or path in the window
//! are shaped and wrapped with [`crate::text`] and painted from one shared glyph atlas. egui
//! draws only the chrome (menus, buttons, labels), whose strings come from [`crate::i18n`].
//!
//! - [`app`] — the window: its three owners, one frame, and what each [`Command`] does.
//!   - [`folder`] — the open folder ([`folder::OpenFolder`]): the corpus, the article being
//!     read, the annotations; one value, dropped when the folder closes.
//!   - [`shell`] — what the window shows around it: messages, the list panel, dialogs,
//!     panels, toggles.
//!   - [`glyphs`] — the painter of engine-drawn text: the glyph atlas and the label cache.
//! - [`command`] — the commands, nested by owner, and their keyboard shortcuts.
//! - [`corpus_view`] — the folder's scan on a worker thread; [`filter`] — the list's
//!   filter; [`article_list`] — the list panel.
//! - [`find_bar`] — search in the article; [`corpus_search`] — search in the corpus, and
//!   annotate all from its results.
//! - [`article`] — the article being read, loaded on a worker thread.
//! - [`reader`] — the scrolling document view (the engine's lazily laid-out
//!   [`crate::text::Document`]), its selection and geometry queries in screen coordinates.
//! - [`engine_label`] — one line of article text (titles, paths) drawn by the engine;
//!   [`data_row`] — a selectable menu row whose text is user data (an annotator's name).
//! - [`toolbar`], [`status_bar`], [`start`], [`dialog`], [`open_path`] — the rest of the
//!   window.
//! - [`saved`] — persisted settings, written at most once a second; [`chrome`] — fonts,
//!   theme and the interface's direction; [`first_paint`] — the startup benchmark's probe.
//! - [`paint`] — glyph quads and control marks; [`atlas`] — the glyph texture.
//! - [`annotation`] — annotating: the store, labels and sessions of the open corpus, the
//!   highlight panel, the label editor, and what the annotation commands do.
//! - [`datasets`] — File → Export… and File → Import…, run on worker threads.

pub mod agreement_view;
pub mod annotation;
pub mod app;
pub mod article;
pub mod article_list;
pub mod atlas;
pub mod chrome;
pub mod command;
pub mod corpus_search;
pub mod corpus_view;
pub mod curation_view;
pub mod data_row;
pub mod datasets;
pub mod dialog;
pub mod engine_label;
pub mod entities_view;
pub mod filter;
pub mod find_bar;
pub mod first_paint;
pub mod folder;
pub mod glyphs;
pub mod open_path;
pub mod paint;
pub mod reader;
pub mod saved;
pub mod shell;
pub mod start;
pub mod status_bar;
pub mod text_field;
pub mod toolbar;

pub use app::{HameshApp, Startup, run};
pub use command::{
    AnnotateCommand, Command, DatasetCommand, FolderCommand, ReadCommand, SearchCommand,
    ViewCommand,
};
pub use reader::{ReaderView, Selection, VisualMove};
