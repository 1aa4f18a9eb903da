//! The window's shell: what it shows around the open folder, whatever folder is open. The
//! messages above the reader, the article list panel, the start screen and the folder dialog,
//! the dataset dialogs and the label editor, the highlight panel's own state, and the toggles
//! of the View and Annotate menus. It lives as long as the window; the open folder's state lives in
//! [`super::folder::OpenFolder`] and goes when the folder closes.

use super::agreement_view::AgreementView;
use super::corpus_search::CorpusSearch;
use super::curation_view::CurationView;
use super::entities_view::EntitiesView;
use super::find_bar::FindBar;
use super::text_field::EngineField;
use egui::Rect;

use crate::i18n::Msg;

use super::annotation::label_editor::LabelEditor;
use super::annotation::panel::PanelState;
use super::article_list::ArticleList;
use super::datasets::DatasetDialog;
use super::dialog::FolderDialog;
use super::first_paint::FirstPaint;
use super::open_path::OpenPathWindow;
use super::start::StartScreen;

/// A message shown above the reader until dismissed: what went wrong, and the details (paths
/// and system messages, shown as they are).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub msg: Msg,
    pub detail: String,
}

/// The messages above the reader, each shown once.
#[derive(Clone, Debug, Default)]
pub struct Notices(Vec<Notice>);

impl Notices {
    pub fn push(&mut self, msg: Msg, detail: impl Into<String>) {
        let notice = Notice {
            msg,
            detail: detail.into(),
        };
        if !self.0.contains(&notice) {
            self.0.push(notice);
        }
    }

    pub fn dismiss(&mut self, i: usize) {
        if i < self.0.len() {
            self.0.remove(i);
        }
    }

    pub fn all(&self) -> &[Notice] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
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

/// The shell's state.
pub struct Shell {
    pub notices: Notices,
    /// The article list panel: its filter is kept from one folder to the next.
    pub list: ArticleList,
    pub start: StartScreen,
    /// The path field of File → Open folder… when no system dialog can be shown.
    pub open_path: Option<OpenPathWindow>,
    /// The native folder dialog, while it is open.
    pub dialog: Option<FolderDialog>,
    /// File → Export… or File → Import…, while open.
    pub datasets: Option<DatasetDialog>,
    pub label_editor: Option<LabelEditor>,
    /// The bar searching the article (Ctrl+F), while open.
    pub find: Option<FindBar>,
    /// The panel searching the corpus (Ctrl+Shift+F), while open.
    pub corpus_search: Option<CorpusSearch>,
    /// The entity list (Ctrl+Shift+E), while open.
    pub entities: Option<EntitiesView>,
    /// Annotate → Agreement.
    pub agreement: Option<AgreementView>,
    /// Annotate → Curate: the open document's layers aligned.
    pub curation: Option<CurationView>,
    /// The annotator's name in the Annotate menu.
    pub annotator_field: EngineField,
    /// The annotator's name changed: the folder opens again in their layer once the field
    /// lets the keyboard go.
    pub annotator_changed: bool,
    pub panel: PanelState,
    pub show_panel: bool,
    /// New spans keep the characters selected instead of whole words.
    pub char_precision: bool,
    pub rects: PanelRects,
    pub first_paint: FirstPaint,
}

impl Shell {
    pub fn new(first_paint: FirstPaint) -> Shell {
        Shell {
            notices: Notices::default(),
            list: ArticleList::default(),
            start: StartScreen::default(),
            open_path: None,
            dialog: None,
            datasets: None,
            label_editor: None,
            find: None,
            corpus_search: None,
            entities: None,
            agreement: None,
            curation: None,
            annotator_field: EngineField::default(),
            annotator_changed: false,
            panel: PanelState::default(),
            show_panel: true,
            char_precision: false,
            rects: PanelRects::default(),
            first_paint,
        }
    }

    /// What goes when a folder closes: its dialogs and panel state.
    pub fn folder_closed(&mut self) {
        self.datasets = None;
        self.label_editor = None;
        self.corpus_search = None;
        self.entities = None;
        self.agreement = None;
        self.curation = None;
        self.panel = PanelState::default();
    }

    /// The message at the top of the window (for tests).
    pub fn notices(&self) -> &[Notice] {
        self.notices.all()
    }

    pub fn label_editor_open(&self) -> bool {
        self.label_editor.is_some()
    }

    /// Whether the start screen says the native dialog could not be shown.
    pub fn dialog_unavailable(&self) -> bool {
        self.start.dialog_unavailable
    }
}
