//! Read-only views of the app's state, for the GUI tests and tools (the window itself reads
//! its fields directly).

use std::path::Path;

use egui::Rect;

use crate::annotate::{DocumentAnnotations, LabelSet, SpanId};
use crate::corpus::decode::Encoding;
use crate::settings::{Settings, ThemeChoice, UiLanguage};
use crate::text::Language;

use super::annotation::index::IndexEntry;
use super::app::{HameshApp, Notice};
use super::corpus_view::Article;
use super::reader::ReaderView;

impl HameshApp {
    pub fn settings(&self) -> &Settings {
        self.settings.get()
    }

    /// Writes the settings now if they changed (what closing the window does).
    pub fn save_settings_now(&mut self) {
        self.remember_position();
        self.settings.save_now();
    }

    pub fn corpus_root(&self) -> Option<&Path> {
        self.corpus.as_ref().map(|c| c.root())
    }

    /// Articles listed so far (0 until the walk has finished).
    pub fn article_count(&self) -> usize {
        self.corpus.as_ref().map_or(0, |c| c.len())
    }

    pub fn articles(&self) -> &[Article] {
        self.corpus.as_ref().map_or(&[], |c| c.articles())
    }

    /// Whether the scan has read every file.
    pub fn scan_done(&self) -> bool {
        self.corpus.as_ref().is_some_and(|c| c.is_done())
    }

    /// Rows of the article list after filtering.
    pub fn list_rows(&self) -> usize {
        self.list.filter.len()
    }

    /// The article in a row of the (filtered) list.
    pub fn list_row(&self, row: usize) -> Option<&Article> {
        let i = self.list.filter.article_at(row)?;
        self.corpus.as_ref()?.article(i)
    }

    /// Sets the list's filter, as typing in the filter box does.
    pub fn set_filter(&mut self, query: &str) {
        if let Some(corpus) = &self.corpus {
            self.list.set_query(query, corpus);
        }
    }

    /// The article chosen in the list (relative path), loaded or loading.
    pub fn selected_article(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// The article shown in the reader (relative path).
    pub fn current_article(&self) -> Option<&str> {
        self.reading.current.as_ref().map(|a| a.path.as_str())
    }

    pub fn current_file(&self) -> Option<&Path> {
        self.reading.current.as_ref().map(|a| a.file.as_path())
    }

    pub fn article_language(&self) -> Option<Language> {
        self.reading.current.as_ref().map(|a| a.language)
    }

    pub fn article_encoding(&self) -> Option<Encoding> {
        self.reading.current.as_ref().map(|a| a.encoding)
    }

    /// Milliseconds the worker took to read, decode and prepare the current article.
    pub fn article_load_ms(&self) -> Option<f64> {
        self.reading.current.as_ref().map(|a| a.load_ms)
    }

    pub fn is_loading(&self) -> bool {
        self.reading.loading().is_some()
    }

    pub fn reader(&self) -> Option<&ReaderView> {
        self.reading.current.as_ref().map(|a| &a.reader)
    }

    /// The reader, to set a selection or a scroll as the mouse and keys would (for tests).
    pub fn reader_mut(&mut self) -> Option<&mut ReaderView> {
        self.reading.current.as_mut().map(|a| &mut a.reader)
    }

    /// The reading text size in pixels (what Ctrl+= and Ctrl+- change).
    pub fn text_size(&self) -> f32 {
        self.settings.get().size_px
    }

    pub fn theme(&self) -> ThemeChoice {
        self.settings.get().theme
    }

    pub fn ui_language(&self) -> UiLanguage {
        self.settings.get().ui_language
    }

    /// The article list panel's rectangle in the last frame.
    pub fn list_panel_rect(&self) -> Option<Rect> {
        self.rects.list
    }

    /// The reader's rectangle in the last frame.
    pub fn reader_rect(&self) -> Option<Rect> {
        self.rects.reader
    }

    pub fn toolbar_rect(&self) -> Option<Rect> {
        self.rects.toolbar
    }

    /// Messages shown at the top of the window.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Labels shaped for the list and status bar so far.
    pub fn labels_shaped(&self) -> usize {
        self.labels.shaped_count()
    }

    /// The annotations of the article being read (as the highlight panel shows them).
    pub fn annotations(&self) -> Option<&DocumentAnnotations> {
        let rel = self.current_article()?;
        Some(&self.annotating.as_ref()?.session(rel)?.doc)
    }

    /// The annotations of any document opened in this run (kept with their undo history).
    pub fn annotations_of(&self, rel: &str) -> Option<&DocumentAnnotations> {
        Some(&self.annotating.as_ref()?.session(rel)?.doc)
    }

    /// Whether annotation of the current article waits for a choice about a damaged file.
    pub fn annotation_blocked(&self) -> bool {
        self.blocked_message().is_some()
    }

    /// The span selected in the reader or the panel.
    pub fn selected_span(&self) -> Option<&SpanId> {
        self.annotating.as_ref()?.selected.as_ref()
    }

    /// The corpus's label set.
    pub fn label_set(&self) -> Option<&LabelSet> {
        self.annotating.as_ref().map(|a| &a.labels)
    }

    /// Where the corpus's annotations are kept, and whether that is the fallback folder of a
    /// read-only corpus.
    pub fn annotation_dir(&self) -> Option<(&Path, bool)> {
        let store = &self.annotating.as_ref()?.store;
        Some((store.data_dir(), store.is_fallback()))
    }

    /// What the article list shows about a document's annotations.
    pub fn index_entry(&self, rel: &str) -> Option<IndexEntry> {
        self.annotating.as_ref()?.index.get(rel)
    }

    /// Whether the annotation index has read every file of the store.
    pub fn index_done(&self) -> bool {
        self.annotating.as_ref().is_some_and(|a| a.index.is_done())
    }

    /// Waits until every annotation edit is on disk (what closing the window does).
    pub fn flush_annotations(&self) {
        self.saver.flush();
    }

    /// Whether new spans take exact characters rather than whole words.
    pub fn char_precision(&self) -> bool {
        self.char_precision
    }

    pub fn label_editor_open(&self) -> bool {
        self.label_editor.is_some()
    }

    /// The highlight panel's rectangle in the last frame.
    pub fn highlight_panel_rect(&self) -> Option<Rect> {
        self.rects.highlights
    }

    /// Whether the start screen says the native dialog could not be shown.
    pub fn dialog_unavailable(&self) -> bool {
        self.start.dialog_unavailable
    }
}
