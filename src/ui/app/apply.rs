//! Applying commands: the one place where menus, buttons, dialogs and shortcuts change the
//! window. Each command goes to its owner: the app opens and closes folders and dialogs and
//! changes the settings; the open folder reads and annotates.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::corpus::scan::split_file;
use crate::i18n::Msg;
use crate::settings::{Settings, ThemeChoice};

use super::super::agreement_view::AgreementView;
use super::super::annotation::label_editor::LabelEditor;
use super::super::article::Preload;
use super::super::chrome::apply_theme;
use super::super::command::{Command, DatasetCommand, FolderCommand, SearchCommand, ViewCommand};
use super::super::corpus_search::CorpusSearch;
use super::super::curation_view::CurationView;
use super::super::datasets::{DatasetDialog, ExportDialog, ImportDialog};
use super::super::dialog::FolderDialog;
use super::super::entities_view::EntitiesView;
use super::super::find_bar::FindBar;
use super::super::folder::label_all::LabelRequest;
use super::super::folder::{OpenFolder, waker};
use super::HameshApp;
use crate::search::MatchOptions;

/// What opening `path` opens: the folder (its links resolved, so it has one key however it was
/// named), and the file named in it if `path` is a file. `None` when `path` is neither.
pub(super) fn open_target(path: &Path) -> Option<(PathBuf, Option<String>)> {
    let (folder, article) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else if path.is_file() {
        match split_file(path) {
            Some((folder, name)) => (folder, Some(name)),
            None => (path.to_path_buf(), None),
        }
    } else {
        return None;
    };
    Some((std::fs::canonicalize(&folder).unwrap_or(folder), article))
}

/// The article a folder opens on: the file named, else the one last read there.
pub(super) fn first_article(
    root: &Path,
    named: Option<String>,
    settings: &Settings,
) -> Option<String> {
    named.or_else(|| {
        let place = settings.corpora.get(root.to_string_lossy().as_ref())?;
        place.last_article.clone()
    })
}

/// Text sizes, in pixels.
pub const SIZE_RANGE: std::ops::RangeInclusive<f32> = 12.0..=48.0;
pub const SIZE_STEP: f32 = 2.0;

impl HameshApp {
    /// Applies one command now. The window calls this for each command once per frame, after
    /// drawing; tests may call it directly.
    pub fn apply(&mut self, command: impl Into<Command>) {
        match command.into() {
            Command::Folder(c) => self.apply_folder(c),
            Command::Read(c) => {
                if let Some(folder) = &mut self.folder {
                    folder.read(c, &mut self.shell.list, &mut self.settings);
                }
            }
            Command::View(c) => self.apply_view(c),
            Command::Annotate(c) => {
                let labels_saved =
                    matches!(c, super::super::command::AnnotateCommand::SaveLabels(..));
                if let Some(folder) = &mut self.folder {
                    folder.annotate(c, self.shell.char_precision, &mut self.shell.notices);
                }
                if labels_saved {
                    self.shell.label_editor = None;
                }
            }
            Command::Dataset(c) => self.apply_dataset(c),
            Command::Search(c) => self.apply_search(c),
        }
    }

    fn apply_search(&mut self, command: SearchCommand) {
        match command {
            SearchCommand::Open => {
                if self.folder.is_some() {
                    self.shell
                        .corpus_search
                        .get_or_insert_with(CorpusSearch::default)
                        .focus();
                }
            }
            SearchCommand::Close => {
                self.shell.corpus_search = None;
                if let Some(folder) = &self.folder {
                    let articles = folder.corpus().articles();
                    self.shell.list.filter.set_only(None, articles);
                }
            }
            SearchCommand::ShowHit(path, range) => {
                if let Some(folder) = &mut self.folder {
                    folder.open_article_at(path, range, &mut self.shell.list, &mut self.settings);
                }
            }
            SearchCommand::LabelAll(request) => self.label_all(request),
            SearchCommand::UndoLabelAll => {
                if let Some(folder) = &mut self.folder {
                    folder.undo_label_all();
                }
            }
            SearchCommand::LabelMentions(id) => {
                let Some(span) = self
                    .folder
                    .as_ref()
                    .and_then(|f| f.annotations())
                    .and_then(|d| d.span(&id))
                    .cloned()
                else {
                    return;
                };
                let search = self
                    .shell
                    .corpus_search
                    .get_or_insert_with(CorpusSearch::default);
                search.set_query(&span.text);
                search.options = MatchOptions::default();
                search.label = Some(span.label.clone());
                self.label_all(LabelRequest {
                    query: span.text,
                    options: MatchOptions::default(),
                    label: span.label,
                    only: None,
                    entity: span.entity,
                });
            }
        }
    }

    fn label_all(&mut self, request: LabelRequest) {
        // An import or export works on the files annotate-all would write.
        if self.shell.datasets.is_some() {
            let why = "close the export or import dialog first".to_string();
            self.shell.notices.push(Msg::EditFailed, why);
            return;
        }
        let annotator = self.settings.get().annotator.clone();
        if let Some(folder) = &mut self.folder
            && let Err(why) = folder.start_label_all(request, &annotator)
        {
            self.shell.notices.push(Msg::EditFailed, why);
        }
    }

    fn apply_folder(&mut self, command: FolderCommand) {
        match command {
            FolderCommand::Choose => {
                if self.shell.dialog.is_none() {
                    let folder = self.settings.get().last_folder.clone();
                    self.shell.dialog = Some(FolderDialog::show(folder, waker(&self.ctx)));
                    self.shell.start.dialog_open = true;
                }
            }
            FolderCommand::Open(path) => self.open_path(&path),
            FolderCommand::Close => {
                self.close_folder();
                self.settings.edit().last_folder = None;
            }
            FolderCommand::OpenArticle(path) => {
                if let Some(folder) = &mut self.folder {
                    folder.open_article(path, &mut self.shell.list, &mut self.settings);
                }
            }
            FolderCommand::NextArticle => self.step_article(1),
            FolderCommand::PreviousArticle => self.step_article(-1),
            FolderCommand::SetFollowLinks(follow) => {
                self.settings.update(|s| s.follow_links = follow);
                if let Some(root) = self.folder.as_ref().map(|f| f.root().to_path_buf()) {
                    self.open_path(&root);
                }
            }
            FolderCommand::ReopenAs(encoding) => {
                if let Some(folder) = &mut self.folder {
                    folder.reopen_as(encoding, self.settings.get());
                }
            }
        }
    }

    fn step_article(&mut self, step: isize) {
        if let Some(folder) = &mut self.folder {
            folder.step_article(&mut self.shell.list, step, &mut self.settings);
        }
    }

    /// Closes the open folder, if any: its edits on disk (a failed write is told), its
    /// dialogs gone.
    fn close_folder(&mut self) {
        if let Some(folder) = self.folder.take() {
            for error in folder.close(&mut self.settings) {
                self.shell.notices.push(Msg::AnnotationsNotSaved, error);
            }
        }
        self.shell.folder_closed();
    }

    /// Opens a folder, or the folder around a file at that file.
    pub(super) fn open_path(&mut self, path: &Path) {
        self.open_path_with(path, None);
    }

    /// Opens `path`, adopting `preload` if it is the article the folder opens first.
    pub(super) fn open_path_with(&mut self, path: &Path, preload: Option<Preload>) {
        let Some((root, named)) = open_target(path) else {
            self.shell
                .notices
                .push(Msg::CannotOpen, path.display().to_string());
            return;
        };
        self.close_folder();
        self.shell.start.path = root.display().to_string();
        let wanted = first_article(&root, named, self.settings.get());
        let owners = (
            &mut self.settings,
            &mut self.shell.notices,
            &mut self.shell.list,
        );
        let open = (wanted, self.fallback_root.as_path(), preload);
        self.folder = Some(OpenFolder::open(&self.ctx, root, open, owners));
    }

    fn apply_view(&mut self, command: ViewCommand) {
        use ViewCommand::*;
        match command {
            SetFont(font) => self.restyle(|s| s.font = font.name().to_string()),
            ZoomIn => self.restyle(|s| s.size_px = step_size(s.size_px, SIZE_STEP)),
            ZoomOut => self.restyle(|s| s.size_px = step_size(s.size_px, -SIZE_STEP)),
            ZoomReset => self.restyle(|s| s.size_px = Settings::default().size_px),
            SetLineSpacing(spacing) => self.restyle(|s| s.line_spacing = spacing),
            ToggleControls => self.restyle(|s| s.show_controls = !s.show_controls),
            // The open folder folds or unfolds the article in its next poll.
            ToggleFurniture => self
                .settings
                .update(|s| s.fold_furniture = !s.fold_furniture),
            SetTheme(theme) => {
                self.settings.update(|s| s.theme = theme);
                apply_theme(&self.ctx, theme);
            }
            ToggleTheme => {
                let next = match self.settings.get().theme {
                    ThemeChoice::Light => ThemeChoice::Dark,
                    ThemeChoice::Dark => ThemeChoice::Light,
                };
                self.apply_view(SetTheme(next));
            }
            SetUiLanguage(lang) => self.settings.update(|s| s.ui_language = lang),
            FocusFilter => self.shell.list.focus_filter(),
            OpenFind => self.shell.find.get_or_insert_with(FindBar::default).focus(),
            FindStep(forward) => {
                if let Some(c) = self.shell.find.as_mut().and_then(|f| f.step(forward)) {
                    self.apply(c);
                }
            }
            Dismiss(i) => self.shell.notices.dismiss(i),
            ToggleHighlightPanel => self.shell.show_panel = !self.shell.show_panel,
            TogglePrecision => self.shell.char_precision = !self.shell.char_precision,
            OpenLabelEditor => {
                if let Some(folder) = &self.folder {
                    self.shell.label_editor = Some(LabelEditor::new(folder.label_set()));
                }
            }
            SetAnnotator(name) => {
                self.settings.update(|s| s.annotator = name);
                self.shell.annotator_changed = true;
            }
            ShowBeside(layer) => {
                if let Some(folder) = &mut self.folder
                    && let Err(why) = folder.annotating_mut().show_beside(layer)
                {
                    self.shell.notices.push(Msg::EditFailed, why);
                }
            }
            OpenEntities => {
                if let Some(folder) = &self.folder {
                    folder.flush_annotations();
                    let store = folder.annotating().store.clone();
                    let view = EntitiesView::open(
                        folder.corpus().folder().clone(),
                        store,
                        waker(&self.ctx),
                    );
                    self.shell.entities = Some(view);
                }
            }
            OpenAgreement => {
                if let Some(folder) = &self.folder {
                    folder.flush_annotations();
                    let view = AgreementView::open(
                        folder.corpus().folder().clone(),
                        folder.annotating().store.clone(),
                        waker(&self.ctx),
                    );
                    self.shell.agreement = Some(view);
                }
            }
            OpenCuration => {
                if let Some(folder) = &self.folder
                    && let Some(article) = folder.current()
                {
                    folder.flush_annotations();
                    let store = &folder.annotating().store;
                    self.shell.curation = Some(CurationView::open(store, &article.path));
                }
            }
            ToggleSuggestions => {
                if let Some(folder) = &mut self.folder {
                    let s = &mut folder.annotating_mut().suggesting;
                    s.hidden = !s.hidden;
                }
            }
        }
    }

    /// Changes reading settings and restyles the article, keeping the paragraph at the top of
    /// the view in place.
    fn restyle(&mut self, change: impl FnOnce(&mut Settings)) {
        self.settings.update(change);
        if let Some(folder) = &mut self.folder {
            folder.restyle(self.settings.get());
        }
    }

    fn apply_dataset(&mut self, command: DatasetCommand) {
        match command {
            DatasetCommand::OpenExport => {
                let Some(folder) = &self.folder else {
                    return;
                };
                let current = folder.current_article().map(str::to_string);
                let mut dialog = ExportDialog::new(
                    folder.root(),
                    &self.fallback_root,
                    folder.label_set(),
                    current,
                );
                dialog.follow_links = folder.corpus().folder().options().follow_links;
                let key = folder.key();
                if let Some(last) = self
                    .settings
                    .get()
                    .corpora
                    .get(&key)
                    .and_then(|p| p.last_export.as_ref())
                {
                    dialog.remember(last);
                }
                self.shell.datasets = Some(DatasetDialog::Export(dialog));
            }
            DatasetCommand::OpenImport => {
                let Some(folder) = &self.folder else {
                    return;
                };
                let mut dialog = ImportDialog::new(folder.root(), &self.fallback_root);
                dialog.annotator = folder.annotating().store.annotator().map(str::to_string);
                dialog.follow_links = folder.corpus().folder().options().follow_links;
                self.shell.datasets = Some(DatasetDialog::Import(dialog));
            }
            DatasetCommand::Start => {
                if self
                    .folder
                    .as_ref()
                    .is_some_and(|f| f.label_all().is_running())
                {
                    let why = "wait until annotate all has finished".to_string();
                    self.shell.notices.push(Msg::EditFailed, why);
                    return;
                }
                // The export reads, and the import merges with, what is on disk.
                if let Some(folder) = &self.folder {
                    folder.flush_annotations();
                }
                if let (Some(DatasetDialog::Export(d)), Some(folder)) =
                    (&self.shell.datasets, &self.folder)
                    && !d.is_running()
                {
                    let (key, last) = (folder.key(), d.destination());
                    self.settings
                        .edit()
                        .corpora
                        .entry(key)
                        .or_default()
                        .last_export = Some(last);
                }
                if let Some(dialog) = &mut self.shell.datasets {
                    dialog.start(waker(&self.ctx));
                }
            }
            DatasetCommand::Close => self.shell.datasets = None,
            DatasetCommand::Imported(written) => self.after_import(written),
        }
    }

    /// An import wrote annotation files (and maybe texts and labels): the folder is opened
    /// again, keeping the sessions (and undo history) of the documents it did not touch.
    fn after_import(&mut self, written: HashSet<String>) {
        let Some(folder) = &mut self.folder else {
            return;
        };
        folder.flush_annotations();
        let root = folder.root().to_path_buf();
        let kept = folder.take_sessions_except(&written);
        // The dialog stays open on its report.
        let dialog = self.shell.datasets.take();
        self.open_path(&root);
        self.shell.datasets = dialog;
        if let Some(folder) = &mut self.folder {
            folder.keep_sessions(kept);
        }
    }
}

fn step_size(size: f32, step: f32) -> f32 {
    (size + step).clamp(*SIZE_RANGE.start(), *SIZE_RANGE.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_step_evenly_within_the_range() {
        assert_eq!(step_size(20.0, 2.0), 22.0);
        assert_eq!(step_size(47.0, 2.0), 48.0);
        assert_eq!(step_size(48.0, 2.0), 48.0);
        assert_eq!(step_size(12.0, -2.0), 12.0);
    }
}
