//! Another layer shown beside one's own, read-only: in a corpus a team annotates, the reader
//! can draw a colleague's spans (or the curated layer's) over the open document as thin
//! brackets above the text, in their labels' colours, while one's own spans keep their fills
//! and underlines. Nothing of the other layer can be selected or edited; its file is only read.
//!
//! ```text
//!   ┌─reza: GPE─┐            bracket above the line: the other layer's span
//!   ▓▓▓روسيا▓▓▓▓            fill and underline: one's own span
//! ```
//!
//! The other layer's spans are read by [`super::layer_spans`]: placed on the text as one's own are
//! (the same rules when the article changed since they were made), once per document.

use std::sync::Arc;

use super::layer_spans::LayerSpans;
use crate::annotate::{Span, Store, StoreError};

/// A layer other than the one open.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OtherLayer {
    /// The corpus's unnamed layer, which curation writes.
    Curated,
    Annotator(String),
}

impl OtherLayer {
    /// The store that reads this layer of `store`'s corpus.
    pub fn store_of(&self, store: &Store) -> Result<Store, StoreError> {
        match self {
            OtherLayer::Curated => Ok(store.curated()),
            OtherLayer::Annotator(name) => store.layer(name),
        }
    }

    /// Whether `store` reads and writes this layer.
    pub fn is(&self, store: &Store) -> bool {
        match self {
            OtherLayer::Curated => store.annotator().is_none(),
            OtherLayer::Annotator(name) => store.annotator() == Some(name.as_str()),
        }
    }
}

/// The layer shown beside one's own, and its spans of the document last asked for.
pub struct Beside {
    pub layer: OtherLayer,
    spans: LayerSpans,
}

impl Beside {
    /// Shows `layer` of `store`'s corpus; refused for a name that is not a layer's.
    pub fn new(store: &Store, layer: OtherLayer) -> Result<Beside, StoreError> {
        Ok(Beside {
            spans: LayerSpans::new(layer.store_of(store)?),
            layer,
        })
    }

    /// The other layer's spans of document `rel` whose text is `text`, read the first time
    /// they are asked for. Spans waiting for review there are not drawn.
    pub fn spans_of(&mut self, rel: &str, text: &str) -> Arc<Vec<Span>> {
        self.spans.spans_of(rel, text)
    }

    /// Why the other layer's file of the document could not be read.
    pub fn problem(&self) -> Option<&str> {
        self.spans.problem.as_deref()
    }

    /// Forgets the spans read, so that they are read again (the layer changed on disk).
    pub fn forget(&mut self) {
        self.spans.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::DocumentAnnotations;
    use crate::annotate::Source;
    use crate::text::CharIndex;

    #[test]
    fn another_layers_spans_are_read_and_placed_without_writing() {
        let dir = std::env::temp_dir().join(format!("hamesh-beside-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let text = "زار الوفد روسيا أمس";
        let store = Store::open(&corpus, &dir.join("data"));
        let reza = store.layer("reza").unwrap();
        let source = Source {
            path: "a.txt".into(),
            sha256: crate::annotate::span::sha256_hex(text),
            encoding: "utf-8".into(),
            characters: text.chars().count(),
        };
        let mut doc = DocumentAnnotations::new(source, "reza");
        let id = doc.allocate_id();
        doc.spans.push(Span {
            id,
            start: CharIndex(10),
            end: CharIndex(15),
            label: "GPE".into(),
            text: "روسيا".into(),
            prefix: "زار الوفد ".into(),
            suffix: " أمس".into(),
            note: String::new(),
            entity: None,
        });
        reza.save("a.txt", &doc).unwrap();
        let before = std::fs::read(reza.path_for("a.txt").unwrap()).unwrap();

        let mine = store.layer("سارا").unwrap();
        let mut beside = Beside::new(&mine, OtherLayer::Annotator("reza".into())).unwrap();
        let spans = beside.spans_of("a.txt", text);
        let drawn: Vec<_> = spans
            .iter()
            .map(|s| (s.range(), s.label.as_str()))
            .collect();
        assert_eq!(drawn, [(CharIndex(10)..CharIndex(15), "GPE")]);
        assert!(beside.problem().is_none());
        // The curated layer has nothing for the document.
        let mut curated = Beside::new(&mine, OtherLayer::Curated).unwrap();
        assert!(curated.spans_of("a.txt", text).is_empty());
        assert!(OtherLayer::Curated.is(&store));
        assert!(OtherLayer::Annotator("reza".into()).is(&reza));
        assert!(Beside::new(&mine, OtherLayer::Annotator("../x".into())).is_err());
        assert_eq!(
            std::fs::read(reza.path_for("a.txt").unwrap()).unwrap(),
            before,
            "read, never written"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
