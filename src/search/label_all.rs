//! Annotate all: every hit of a query becomes a span with one label, in one document or across
//! a corpus, skipping hits a span with that label already covers. Each document's annotations
//! are opened as the window opens them (re-anchored if its text changed; left alone when the
//! store file cannot be read) and written atomically, once per document.

use std::ops::Range;

use serde::Serialize;

use super::find::{Hit, Query};
use crate::annotate::session::DocumentSession;
use crate::annotate::span::{DocumentAnnotations, make_span};
use crate::annotate::{Store, StoreError};
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::parallel::par_map;
use crate::text::CharIndex;
use crate::text::offsets::CharMap;

/// What labelling the hits of one document did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Labelled {
    /// Spans created, in reading order.
    pub created: Vec<Range<CharIndex>>,
    /// Hits left alone because a span with the label already covers them.
    pub skipped: usize,
}

/// Adds a span labelled `label` over each hit no span with that label covers; returns what it
/// did. The document is not written.
pub fn label_hits(
    doc: &mut DocumentAnnotations,
    text: &str,
    hits: &[Hit],
    label: &str,
) -> Labelled {
    let map = CharMap::new(text);
    let mut out = Labelled::default();
    let covered = |doc: &DocumentAnnotations, r: &Range<CharIndex>| {
        doc.spans
            .iter()
            .any(|s| s.label == label && s.start <= r.start && r.end <= s.end)
    };
    for hit in hits {
        if covered(doc, &hit.range) {
            out.skipped += 1;
            continue;
        }
        let id = doc.allocate_id();
        doc.spans
            .push(make_span(text, &map, id, hit.range.clone(), label));
        out.created.push(hit.range.clone());
    }
    if !out.created.is_empty() {
        doc.sort();
    }
    out
}

/// One document's part of a corpus-wide annotate-all.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentLabelled {
    pub path: String,
    #[serde(flatten)]
    pub labelled: Labelled,
}

/// What a corpus-wide annotate-all did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LabelSummary {
    pub documents: Vec<DocumentLabelled>,
    pub created: usize,
    pub skipped: usize,
    /// Documents left as they were, with the reason (unreadable article, store file that
    /// cannot be read, a write that failed).
    pub failed: Vec<String>,
}

/// Labels every hit of `query` in every article of `folder` with `label`, writing each changed
/// document's annotations to `store`.
pub fn label_corpus(
    folder: &Folder,
    store: &Store,
    query: &Query,
    label: &str,
    annotator: &str,
) -> LabelSummary {
    let listing = walk(folder);
    let results = par_map(listing.files.clone(), &|rel: String| {
        if let Some(reason) = listing.refused.get(&rel) {
            return Err(format!("{rel}: {reason}"));
        }
        let (text, encoding) = folder
            .read_listed_text(&rel, listing.through_links.contains(&rel))
            .map_err(|e| format!("{rel}: {}", e.reason()))?;
        let hits = query.find_all(&text);
        if hits.is_empty() {
            return Ok(None);
        }
        let mut session = DocumentSession::open(store, &rel, &text, encoding.name(), annotator);
        if !session.is_editable() {
            return Err(format!(
                "{rel}: its annotations cannot be read, so they were left alone"
            ));
        }
        let labelled = label_hits(&mut session.doc, &text, &hits, label);
        if !labelled.created.is_empty() {
            store
                .save(&rel, &session.doc)
                .map_err(|e: StoreError| format!("{rel}: {e}"))?;
        }
        Ok(Some(DocumentLabelled {
            path: rel,
            labelled,
        }))
    });
    let mut summary = LabelSummary::default();
    for r in results {
        match r {
            Ok(None) => {}
            Ok(Some(d)) => {
                summary.created += d.labelled.created.len();
                summary.skipped += d.labelled.skipped;
                summary.documents.push(d);
            }
            Err(why) => summary.failed.push(why),
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::Source;
    use crate::search::MatchOptions;

    #[test]
    fn every_uncovered_hit_becomes_a_span_and_covered_ones_are_counted() {
        let text = "روسيا قالت إن روسيا و رُوسِيَا";
        let q = Query::new("روسيا", MatchOptions::default()).unwrap();
        let hits = q.find_all(text);
        assert_eq!(hits.len(), 3);
        let mut doc = DocumentAnnotations::new(
            Source {
                path: "a.txt".into(),
                sha256: String::new(),
                encoding: "utf-8".into(),
                characters: text.chars().count(),
            },
            "",
        );
        let first = label_hits(&mut doc, text, &hits, "GPE");
        assert_eq!(first.created.len(), 3);
        assert_eq!(doc.spans[2].text, "رُوسِيَا");
        // Again: every hit is covered now.
        let again = label_hits(&mut doc, text, &hits, "GPE");
        assert_eq!((again.created.len(), again.skipped), (0, 3));
        // Another label is not a cover.
        let other = label_hits(&mut doc, text, &hits[..1], "ORG");
        assert_eq!(other.created.len(), 1);
        assert_eq!(doc.spans.len(), 4);
        let ids: std::collections::HashSet<_> = doc.spans.iter().map(|s| s.id.clone()).collect();
        assert_eq!(ids.len(), 4, "ids are never reused");
    }
}
