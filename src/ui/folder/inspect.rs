//! Read-only views of the open folder, for the window's panels, tests and tools.

use std::path::Path;

use crate::annotate::session::Availability;
use crate::annotate::{DocumentAnnotations, LabelSet, SpanId};
use crate::corpus::decode::Encoding;
use crate::text::Language;

use super::super::annotation::index::IndexEntry;
use super::super::article::OpenArticle;
use super::super::corpus_view::Article;
use super::super::reader::ReaderView;
use super::OpenFolder;

impl OpenFolder {
    /// Articles listed so far (0 until the walk has finished).
    pub fn article_count(&self) -> usize {
        self.corpus.len()
    }

    pub fn articles(&self) -> &[Article] {
        self.corpus.articles()
    }

    /// Whether the scan has read every file.
    pub fn scan_done(&self) -> bool {
        self.corpus.is_done()
    }

    /// The article shown in the reader.
    pub fn current(&self) -> Option<&OpenArticle> {
        self.reading.current.as_ref()
    }

    /// The article shown in the reader (relative path).
    pub fn current_article(&self) -> Option<&str> {
        self.current().map(|a| a.path.as_str())
    }

    pub fn current_file(&self) -> Option<&Path> {
        self.current().map(|a| a.file.as_path())
    }

    pub fn article_language(&self) -> Option<Language> {
        self.current().map(|a| a.language)
    }

    pub fn article_encoding(&self) -> Option<Encoding> {
        self.current().map(|a| a.encoding)
    }

    /// Milliseconds the worker took to read, decode and prepare the current article.
    pub fn article_load_ms(&self) -> Option<f64> {
        self.current().map(|a| a.load_ms)
    }

    pub fn is_loading(&self) -> bool {
        self.reading.loading().is_some()
    }

    pub fn reader(&self) -> Option<&ReaderView> {
        self.current().map(|a| &a.reader)
    }

    /// The start of the article being opened, shown until the whole is ready
    /// ([`crate::ui::article::Reading::preview`]).
    pub fn preview(&self) -> Option<&ReaderView> {
        self.reading.preview()
    }

    pub fn preview_mut(&mut self) -> Option<&mut ReaderView> {
        self.reading.preview_mut()
    }

    /// The reader, to set a selection or a scroll as the mouse and keys would (for tests).
    pub fn reader_mut(&mut self) -> Option<&mut ReaderView> {
        self.reading.current.as_mut().map(|a| &mut a.reader)
    }

    /// The annotations of the article being read (as the highlight panel shows them).
    pub fn annotations(&self) -> Option<&DocumentAnnotations> {
        self.annotations_of(self.current_article()?)
    }

    /// The annotations of any document opened while the folder is open (kept with their undo
    /// history).
    pub fn annotations_of(&self, rel: &str) -> Option<&DocumentAnnotations> {
        Some(&self.annotating.session(rel)?.doc)
    }

    /// Why annotation of the current document is paused, if it is.
    pub fn blocked_message(&self) -> Option<&str> {
        match &self
            .annotating
            .session(self.current_article()?)?
            .availability
        {
            Availability::Blocked { message } => Some(message),
            Availability::Editable => None,
        }
    }

    /// The span selected in the reader or the panel.
    pub fn selected_span(&self) -> Option<&SpanId> {
        self.annotating.selected.as_ref()
    }

    /// The corpus's label set.
    pub fn label_set(&self) -> &LabelSet {
        &self.annotating.labels
    }

    /// Where the corpus's annotations are kept, and whether that is the fallback folder of a
    /// read-only corpus.
    pub fn annotation_dir(&self) -> (&Path, bool) {
        let store = &self.annotating.store;
        (store.data_dir(), store.is_fallback())
    }

    /// What the article list shows about a document's annotations.
    pub fn index_entry(&self, rel: &str) -> Option<IndexEntry> {
        self.annotating.index.get(rel)
    }

    /// Whether the annotation index has read every file of the store.
    pub fn index_done(&self) -> bool {
        self.annotating.index.is_done()
    }
}
