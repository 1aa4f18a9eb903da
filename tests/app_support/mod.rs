//! Short questions the GUI tests ask of the app, answered from its owners (the open folder,
//! the shell, the settings, the glyph painter), so each test reads as what a user sees.

#![allow(dead_code, reason = "each test file uses part of the shared support")]

use std::path::Path;

use egui::Rect;
use hamesh::annotate::{DocumentAnnotations, LabelSet, SpanId};
use hamesh::corpus::decode::Encoding;
use hamesh::settings::{ThemeChoice, UiLanguage};
use hamesh::text::Language;
use hamesh::ui::HameshApp;
use hamesh::ui::annotation::index::IndexEntry;
use hamesh::ui::corpus_view::Article;
use hamesh::ui::datasets::{ExportDialog, ImportDialog};
use hamesh::ui::reader::ReaderView;
use hamesh::ui::shell::Notice;

pub trait AppView {
    fn app(&self) -> &HameshApp;
    fn app_mut(&mut self) -> &mut HameshApp;

    fn corpus_root(&self) -> Option<&Path> {
        self.app().folder().map(|f| f.root())
    }
    fn article_count(&self) -> usize {
        self.app().folder().map_or(0, |f| f.article_count())
    }
    fn articles(&self) -> &[Article] {
        self.app().folder().map_or(&[], |f| f.articles())
    }
    fn scan_done(&self) -> bool {
        self.app().folder().is_some_and(|f| f.scan_done())
    }
    fn list_rows(&self) -> usize {
        self.app().shell().list.filter.len()
    }
    fn list_row(&self, row: usize) -> Option<&Article> {
        let i = self.app().shell().list.filter.article_at(row)?;
        self.app().folder()?.corpus().article(i)
    }
    fn set_filter(&mut self, query: &str) {
        let app = self.app_mut();
        app.set_list_filter(query);
    }
    fn selected_article(&self) -> Option<&str> {
        self.app().folder()?.selected_article()
    }
    fn current_article(&self) -> Option<&str> {
        self.app().folder()?.current_article()
    }
    fn article_language(&self) -> Option<Language> {
        self.app().folder()?.article_language()
    }
    fn article_encoding(&self) -> Option<Encoding> {
        self.app().folder()?.article_encoding()
    }
    fn article_load_ms(&self) -> Option<f64> {
        self.app().folder()?.article_load_ms()
    }
    fn is_loading(&self) -> bool {
        self.app().folder().is_some_and(|f| f.is_loading())
    }
    fn reader(&self) -> Option<&ReaderView> {
        self.app().folder()?.reader()
    }
    fn reader_mut(&mut self) -> Option<&mut ReaderView> {
        self.app_mut().folder_mut()?.reader_mut()
    }
    fn text_size(&self) -> f32 {
        self.app().settings().size_px
    }
    fn theme(&self) -> ThemeChoice {
        self.app().settings().theme
    }
    fn ui_language(&self) -> UiLanguage {
        self.app().settings().ui_language
    }
    fn list_panel_rect(&self) -> Option<Rect> {
        self.app().shell().rects.list
    }
    fn reader_rect(&self) -> Option<Rect> {
        self.app().shell().rects.reader
    }
    fn highlight_panel_rect(&self) -> Option<Rect> {
        self.app().shell().rects.highlights
    }
    fn notices(&self) -> &[Notice] {
        self.app().shell().notices()
    }
    fn labels_shaped(&self) -> usize {
        self.app().glyphs().labels_shaped()
    }
    fn annotations(&self) -> Option<&DocumentAnnotations> {
        self.app().folder()?.annotations()
    }
    fn annotation_blocked(&self) -> bool {
        self.app()
            .folder()
            .is_some_and(|f| f.blocked_message().is_some())
    }
    fn selected_span(&self) -> Option<&SpanId> {
        self.app().folder()?.selected_span()
    }
    fn label_set(&self) -> Option<&LabelSet> {
        self.app().folder().map(|f| f.label_set())
    }
    fn annotation_dir(&self) -> Option<(&Path, bool)> {
        self.app().folder().map(|f| f.annotation_dir())
    }
    fn index_entry(&self, rel: &str) -> Option<IndexEntry> {
        self.app().folder()?.index_entry(rel)
    }
    fn index_done(&self) -> bool {
        self.app().folder().is_some_and(|f| f.index_done())
    }
    fn flush_annotations(&self) {
        if let Some(f) = self.app().folder() {
            f.flush_annotations();
        }
    }
    fn char_precision(&self) -> bool {
        self.app().shell().char_precision
    }
    fn label_editor_open(&self) -> bool {
        self.app().shell().label_editor_open()
    }
    fn dialog_unavailable(&self) -> bool {
        self.app().shell().dialog_unavailable()
    }
    fn dataset_dialog_open(&self) -> bool {
        self.app().shell().datasets.is_some()
    }
    fn export_dialog(&self) -> Option<&ExportDialog> {
        self.app().shell().datasets.as_ref()?.export()
    }
    fn import_dialog(&self) -> Option<&ImportDialog> {
        self.app().shell().datasets.as_ref()?.import()
    }
    fn export_dialog_mut(&mut self) -> Option<&mut ExportDialog> {
        self.app_mut().shell_mut().datasets.as_mut()?.export_mut()
    }
    fn import_dialog_mut(&mut self) -> Option<&mut ImportDialog> {
        self.app_mut().shell_mut().datasets.as_mut()?.import_mut()
    }
}

impl AppView for HameshApp {
    fn app(&self) -> &HameshApp {
        self
    }
    fn app_mut(&mut self) -> &mut HameshApp {
        self
    }
}
