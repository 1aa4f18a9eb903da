//! Applying commands: the one place where menus, buttons and shortcuts change the app.

use std::path::Path;

use crate::corpus::files::{Folder, ScanOptions};
use crate::corpus::scan::split_file;
use crate::i18n::Msg;
use crate::settings::{Settings, ThemeChoice};
use crate::text::TextStyle;

use super::annotation::Annotating;
use super::app::{HameshApp, key_of};
use super::chrome::apply_theme;
use super::command::Command;
use super::corpus_view::Corpus;
use super::dialog::FolderDialog;
use super::reader::ScrollRequest;

/// Text sizes, in pixels.
pub const SIZE_RANGE: std::ops::RangeInclusive<f32> = 12.0..=48.0;
pub const SIZE_STEP: f32 = 2.0;

impl HameshApp {
    /// Applies one command now. The window calls this for each command once per frame, after
    /// drawing; tests may call it directly.
    pub fn apply(&mut self, command: Command) {
        use Command::*;
        match command {
            annotation @ (LabelKey(_)
            | Tag(_)
            | DeleteSpan
            | Undo
            | Redo
            | RevealSpan(_)
            | SetSpanNote(..)
            | SetDocStatus(_)
            | SetDocTags(_)
            | TogglePrecision
            | ExtendSelection(_)
            | ClearSelection
            | ToggleHighlightPanel
            | OpenLabelEditor
            | SaveLabels(..)
            | KeepAsideAndStartOver
            | SetAnnotator(_)) => self.apply_annotation(annotation),
            Command::ChooseFolder => {
                if self.dialog.is_none() {
                    let folder = self.settings.get().last_folder.clone();
                    self.dialog = Some(FolderDialog::show(folder, self.waker()));
                    self.start.dialog_open = true;
                }
            }
            Command::Open(path) => self.open_path(&path),
            Command::CloseFolder => {
                self.remember_position();
                self.close_annotations();
                self.corpus = None;
                self.reading.clear();
                self.selected = None;
                self.settings.edit().last_folder = None;
            }
            Command::OpenExport => self.open_export(),
            Command::OpenImport => self.open_import(),
            Command::OpenArticle(path) => self.open_article(path),
            Command::NextArticle => self.step_article(1),
            Command::PreviousArticle => self.step_article(-1),
            Command::PageDown => {
                let at_end = self
                    .reading
                    .current
                    .as_ref()
                    .map(|a| a.reader.scroll().at_end());
                match at_end {
                    Some(true) => self.step_article(1),
                    Some(false) => self.scroll(ScrollRequest::Pages(1)),
                    None => {}
                }
            }
            Command::PageUp => self.scroll(ScrollRequest::Pages(-1)),
            Command::Top => self.scroll(ScrollRequest::Top),
            Command::Bottom => self.scroll(ScrollRequest::Bottom),
            Command::ReopenAs(encoding) => {
                if let (Some(corpus), Some(article)) = (&self.corpus, &self.reading.current) {
                    let (folder, path) = (corpus.folder().clone(), article.path.clone());
                    let style = self.reading_style(article.language);
                    let wake = self.waker();
                    let session = self.session_request();
                    let how = (Some(encoding), session);
                    self.reading.load(&folder, &path, how, style, wake);
                }
            }
            Command::SetFont(font) => self.restyle(|s| s.font = font.name().to_string()),
            Command::ZoomIn => self.restyle(|s| s.size_px = step_size(s.size_px, SIZE_STEP)),
            Command::ZoomOut => self.restyle(|s| s.size_px = step_size(s.size_px, -SIZE_STEP)),
            Command::ZoomReset => self.restyle(|s| s.size_px = Settings::default().size_px),
            Command::SetLineSpacing(spacing) => self.restyle(|s| s.line_spacing = spacing),
            Command::ToggleControls => self.restyle(|s| s.show_controls = !s.show_controls),
            Command::SetTheme(theme) => {
                self.settings.update(|s| s.theme = theme);
                apply_theme(&self.ctx, theme);
            }
            Command::ToggleTheme => {
                let next = match self.settings.get().theme {
                    ThemeChoice::Light => ThemeChoice::Dark,
                    ThemeChoice::Dark => ThemeChoice::Light,
                };
                self.apply(Command::SetTheme(next));
            }
            Command::SetUiLanguage(lang) => self.settings.update(|s| s.ui_language = lang),
            Command::FocusFilter => self.list.focus_filter(),
            Command::Dismiss(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
        }
    }

    /// What the load worker needs to open an article's annotations.
    fn session_request(&self) -> Option<super::article::SessionRequest> {
        let annotator = &self.settings.get().annotator;
        self.annotating.as_ref().map(|a| a.request(annotator))
    }

    /// Puts every annotation edit on disk and forgets the corpus's annotations.
    fn close_annotations(&mut self) {
        self.saver.flush();
        self.annotating = None;
        self.label_editor = None;
    }

    /// Opens a folder, or the folder around a file at that file.
    fn open_path(&mut self, path: &Path) {
        let (folder, article) = if path.is_dir() {
            (path.to_path_buf(), None)
        } else if path.is_file() {
            match split_file(path) {
                Some((folder, name)) => (folder, Some(name)),
                None => (path.to_path_buf(), None),
            }
        } else {
            self.notice(Msg::CannotOpen, path.display().to_string());
            return;
        };
        // One key per folder, however it was named on the command line.
        let root = std::fs::canonicalize(&folder).unwrap_or(folder);
        self.remember_position();
        self.close_annotations();
        self.reading.clear();
        self.selected = None;
        self.list.reset();
        self.start.path = root.display().to_string();
        let wanted = article.or_else(|| {
            let key = root.to_string_lossy().into_owned();
            let place = self.settings.get().corpora.get(&key)?;
            place.last_article.clone()
        });
        // Reading the files waits until the wanted article is on screen.
        let hold = wanted.is_some();
        let options = ScanOptions {
            follow_links: self.settings.get().follow_links,
            ..ScanOptions::default()
        };
        let folder = Folder::new(root.clone(), options);
        self.corpus = Some(Corpus::open_with(folder, hold, self.waker()));
        let annotating = Annotating::open(&root, &self.fallback_root, self.waker());
        if let Some(problem) = annotating.labels_problem.clone() {
            self.notice(Msg::LabelsDamaged, problem);
        }
        self.annotating = Some(annotating);
        self.settings.edit().remember_folder(&root);
        // The article is read at once, without waiting for the scan to list the folder.
        match wanted {
            Some(article) => {
                self.open_first = false;
                self.open_article(article);
            }
            None => self.open_first = true,
        }
    }

    fn open_article(&mut self, path: String) {
        let Some(corpus) = &self.corpus else {
            return;
        };
        let showing = self
            .reading
            .current
            .as_ref()
            .is_some_and(|a| a.path == path);
        if showing && self.reading.loading().is_none() {
            return;
        }
        let folder = corpus.folder().clone();
        if let Some(i) = corpus.index_of(&path) {
            self.list.reveal(i);
        }
        let key = key_of(corpus);
        self.remember_position();
        self.settings
            .edit()
            .corpora
            .entry(key)
            .or_default()
            .last_article = Some(path.clone());
        let style = self.reading_style(crate::text::Language::Arabic);
        let wake = self.waker();
        let how = (None, self.session_request());
        self.reading.load(&folder, &path, how, style, wake);
        self.selected = Some(path);
    }

    /// Opens the article `step` rows away in the (filtered) list.
    fn step_article(&mut self, step: isize) {
        let Some(corpus) = &self.corpus else {
            return;
        };
        let current = self.selected.as_deref().and_then(|p| corpus.index_of(p));
        if let Some(next) = self.list.neighbour(current, step)
            && let Some(article) = corpus.article(next)
        {
            let path = article.path.clone();
            self.open_article(path);
        }
    }

    fn scroll(&mut self, request: ScrollRequest) {
        if let Some(article) = &mut self.reading.current {
            article.reader.request_scroll(request);
        }
    }

    /// Changes reading settings and restyles the article, keeping the paragraph at the top of
    /// the view in place.
    fn restyle(&mut self, change: impl FnOnce(&mut Settings)) {
        self.settings.update(change);
        let Some(language) = self.reading.current.as_ref().map(|a| a.language) else {
            return;
        };
        let style: TextStyle = self.reading_style(language);
        if let Some(article) = &mut self.reading.current {
            let top = article.reader.top_paragraph();
            if style != *article.reader.style() {
                article.reader.set_style(style);
                if top > 0 {
                    article.reader.request_scroll(ScrollRequest::Paragraph(top));
                }
            }
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
