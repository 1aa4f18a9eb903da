//! Another layer's spans of a document, read-only: a colleague's or the curated layer shown
//! beside one's own ([`super::beside`]), a model's predictions offered as suggestions
//! ([`super::suggesting`]). They are placed on the text as one's own spans are (the same rules
//! when the article changed since they were made), read once per document, and never written.

use std::sync::Arc;

use crate::annotate::session::{Availability, DocumentSession};
use crate::annotate::{Span, Store};

/// A layer's store, and its spans of the document last asked for.
pub struct LayerSpans {
    store: Store,
    /// The document the spans are of, with its text's length as a check.
    doc: Option<(String, usize, Arc<Vec<Span>>)>,
    /// Why the layer's file of that document could not be read.
    pub problem: Option<String>,
}

impl LayerSpans {
    pub fn new(store: Store) -> LayerSpans {
        LayerSpans {
            store,
            doc: None,
            problem: None,
        }
    }

    /// The layer's spans of document `rel` whose text is `text`, read the first time they are
    /// asked for. Spans that could not be placed (waiting for review there) are left out.
    pub fn spans_of(&mut self, rel: &str, text: &str) -> Arc<Vec<Span>> {
        if let Some((r, len, spans)) = &self.doc
            && r == rel
            && *len == text.len()
        {
            return spans.clone();
        }
        // Opening places the stored spans on the text; nothing is written.
        let session = DocumentSession::open(&self.store, rel, text, "", "");
        self.problem = match session.availability {
            Availability::Editable => None,
            Availability::Blocked { message } => Some(message),
        };
        let spans = Arc::new(session.doc.spans);
        self.doc = Some((rel.to_string(), text.len(), spans.clone()));
        spans
    }

    /// Forgets the spans read, so that they are read again (the layer changed on disk).
    pub fn forget(&mut self) {
        self.doc = None;
    }
}
