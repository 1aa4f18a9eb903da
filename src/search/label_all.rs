//! Annotate all: every hit of a query becomes a span with one label, in one document or across
//! a corpus, skipping hits a span with that label already covers. Each document's annotations
//! are opened as the window opens them (re-anchored if its text changed; left alone when the
//! store file cannot be read) and written atomically, once per document.

use std::ops::Range;

use serde::Serialize;

use super::find::{Hit, Query};
use crate::annotate::session::DocumentSession;
use crate::annotate::span::{DocumentAnnotations, Span, SpanId, make_span};
use crate::annotate::{Edit, Store, StoreError};
use crate::corpus::files::Folder;
use crate::corpus::scan::{Listing, walk};
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

/// The spans labelling `hits` would create, in reading order, their ids not yet given.
pub fn candidates(text: &str, hits: &[Hit], label: &str) -> Vec<Span> {
    let map = CharMap::new(text);
    hits.iter()
        .map(|hit| make_span(text, &map, SpanId(String::new()), hit.range.clone(), label))
        .collect()
}

/// Of `candidates`, those no span with the same label covers in `doc`, with the ids `doc`
/// would give them next; and how many were covered. `doc` is not changed: adding the spans
/// (one [`Edit::Add`](crate::annotate::Edit::Add) each) takes the ids.
pub fn labelling(doc: &DocumentAnnotations, candidates: Vec<Span>) -> (Vec<Span>, usize) {
    // Spans by start, per label, with the furthest end reached so far: a candidate is covered
    // when a span of its label starting at or before it reaches its end.
    let mut by_label: std::collections::HashMap<&str, (Vec<CharIndex>, Vec<CharIndex>)> =
        std::collections::HashMap::new();
    let mut ranges: Vec<(&str, CharIndex, CharIndex)> = doc
        .spans
        .iter()
        .map(|s| (s.label.as_str(), s.start, s.end))
        .collect();
    ranges.sort();
    for (label, start, end) in ranges {
        let (starts, ends) = by_label.entry(label).or_default();
        let furthest = ends.last().copied().unwrap_or(CharIndex(0)).max(end);
        starts.push(start);
        ends.push(furthest);
    }
    let covered = |c: &Span| {
        by_label
            .get(c.label.as_str())
            .is_some_and(|(starts, ends)| {
                let n = starts.partition_point(|&s| s <= c.start);
                n > 0 && ends[n - 1] >= c.end
            })
    };
    let mut next = doc.next_id;
    let mut skipped = 0;
    let mut adds = Vec::with_capacity(candidates.len());
    for mut c in candidates {
        if covered(&c) {
            skipped += 1;
            continue;
        }
        c.id = SpanId(format!("s{next}"));
        next += 1;
        adds.push(c);
    }
    (adds, skipped)
}

/// Adds a span labelled `label` over each hit no span with that label covers; returns what it
/// did. The document is not written.
pub fn label_hits(
    doc: &mut DocumentAnnotations,
    text: &str,
    hits: &[Hit],
    label: &str,
) -> Labelled {
    let (adds, skipped) = labelling(doc, candidates(text, hits, label));
    let created = adds.iter().map(|s| s.start..s.end).collect();
    for span in adds {
        // Ids come from `labelling`; adding keeps `next_id` past them.
        let _ = Edit::Add(span).apply(doc);
    }
    Labelled { created, skipped }
}

/// One document read and searched for annotate all: its annotations opened as the window
/// opens them, and the spans its hits would become.
pub struct Prepared {
    pub path: String,
    pub session: DocumentSession,
    /// Ids not yet given (see [`labelling`]).
    pub candidates: Vec<Span>,
}

/// Reads article `rel` of `listing` and finds `query` in it; `keep`, when given, limits the
/// hits to those ranges (the ticked results). `None` when nothing is left to label; an error
/// (with the path) when the article or its annotations cannot be read.
pub fn prepare_document(
    (folder, listing): (&Folder, &Listing),
    store: &Store,
    (query, label, annotator): (&Query, &str, &str),
    rel: &str,
    keep: Option<&[Range<CharIndex>]>,
) -> Result<Option<Prepared>, String> {
    if let Some(reason) = listing.refused.get(rel) {
        return Err(format!("{rel}: {reason}"));
    }
    let (text, encoding) = folder
        .read_listed_text(rel, listing.through_links.contains(rel))
        .map_err(|e| format!("{rel}: {}", e.reason()))?;
    let mut hits = query.find_all(&text);
    if let Some(keep) = keep {
        hits.retain(|h| keep.contains(&h.range));
    }
    if hits.is_empty() {
        return Ok(None);
    }
    let session = DocumentSession::open(store, rel, &text, encoding.name(), annotator);
    if !session.is_editable() {
        return Err(format!(
            "{rel}: its annotations cannot be read, so they were left alone"
        ));
    }
    Ok(Some(Prepared {
        path: rel.to_string(),
        candidates: candidates(&text, &hits, label),
        session,
    }))
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

impl LabelSummary {
    /// Counts one document's result in.
    pub fn add(&mut self, path: String, labelled: Labelled) {
        self.created += labelled.created.len();
        self.skipped += labelled.skipped;
        self.documents.push(DocumentLabelled { path, labelled });
    }
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
        let what = (query, label, annotator);
        let Some(mut p) = prepare_document((folder, &listing), store, what, &rel, None)? else {
            return Ok(None);
        };
        let (adds, skipped) = labelling(&p.session.doc, p.candidates);
        let created: Vec<_> = adds.iter().map(|s| s.start..s.end).collect();
        if !adds.is_empty() {
            let batch = Edit::Batch(adds.into_iter().map(Edit::Add).collect());
            batch
                .apply(&mut p.session.doc)
                .map_err(|e| format!("{rel}: {e}"))?;
            store
                .save(&rel, &p.session.doc)
                .map_err(|e: StoreError| format!("{rel}: {e}"))?;
        }
        Ok(Some((rel, Labelled { created, skipped })))
    });
    let mut summary = LabelSummary::default();
    for r in results {
        match r {
            Ok(None) => {}
            Ok(Some((path, labelled))) => summary.add(path, labelled),
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
