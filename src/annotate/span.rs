//! Spans and a document's annotations.
//!
//! A span is standoff: a range of Unicode code points into the exact decoded text of the article
//! (end exclusive), with the label it carries and the text it quotes. The quote and a little
//! context on each side let a span be found again if the article changes.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::text::CharIndex;
use crate::text::offsets::CharMap;

/// Characters of context kept on each side of a span for re-anchoring.
pub const CONTEXT_CHARS: usize = 24;

/// Version of the per-document annotation file format.
pub const SCHEMA_VERSION: u32 = 1;

/// A span's identifier, unique within its document and never reused.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SpanId(pub String);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub id: SpanId,
    pub start: CharIndex,
    pub end: CharIndex,
    pub label: String,
    /// The text between `start` and `end` when the span was made.
    pub text: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The entity of the registry the span names ([`super::entities`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

impl Span {
    pub fn range(&self) -> Range<CharIndex> {
        self.start..self.end
    }

    pub fn len(&self) -> usize {
        self.end.since(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this span and `other` share at least one character.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Why a span waits for the user instead of being drawn in the text.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// The article changed and the span's quote is nowhere in it.
    #[default]
    QuoteGone,
    /// The quote is still in the article, but nowhere with the context it had.
    ContextChanged,
    /// The quote occurs with its whole context in more than one place.
    Ambiguous,
    /// The stored offsets do not hold the quote in the text the file was made for (beyond the
    /// text, an end before the start, another text there): a damaged or hand-edited file.
    Invalid,
}

/// A span that could not be placed with certainty: kept with where it was (its old offsets,
/// quote and context) and the places in the current text where its quote occurs, best first,
/// until the user places or discards it. Never exported, never drawn as a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSpan {
    #[serde(flatten)]
    pub span: Span,
    #[serde(default)]
    pub reason: ReviewReason,
    /// Starts of the quote in the current text (code points), best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<CharIndex>,
}

/// Where an annotation file's article came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Relative path in the corpus, `/`-separated.
    pub path: String,
    /// SHA-256 of the decoded text (UTF-8), lower-case hex.
    pub sha256: String,
    pub encoding: String,
    pub characters: usize,
}

/// Reading status of a document.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
    Skipped,
}

/// Everything annotated on one document: the content of its annotation file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentAnnotations {
    pub schema_version: u32,
    /// Always `code_point`: offsets count Unicode scalar values of the decoded text.
    pub offset_unit: String,
    pub source: Source,
    #[serde(default)]
    pub annotator: String,
    #[serde(default)]
    pub status: DocStatus,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Spans in reading order (start, then longer first, then id).
    pub spans: Vec<Span>,
    /// Spans that could not be placed with certainty (the article changed, or the file's
    /// offsets do not fit the text); kept for the user to place or discard. Older files call
    /// them `orphans`.
    #[serde(
        default,
        rename = "needs_review",
        alias = "orphans",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub needs_review: Vec<ReviewSpan>,
    /// The number the next span id gets.
    pub next_id: u64,
}

impl DocumentAnnotations {
    pub fn new(source: Source, annotator: &str) -> DocumentAnnotations {
        DocumentAnnotations {
            schema_version: SCHEMA_VERSION,
            offset_unit: "code_point".into(),
            source,
            annotator: annotator.to_string(),
            status: DocStatus::NotStarted,
            tags: Vec::new(),
            spans: Vec::new(),
            needs_review: Vec::new(),
            next_id: 1,
        }
    }

    /// A fresh span id.
    pub fn allocate_id(&mut self) -> SpanId {
        let id = SpanId(format!("s{}", self.next_id));
        self.next_id += 1;
        id
    }

    pub fn span(&self, id: &SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| &s.id == id)
    }

    /// The span waiting for review with this id.
    pub fn review(&self, id: &SpanId) -> Option<&ReviewSpan> {
        self.needs_review.iter().find(|r| &r.span.id == id)
    }

    /// Puts spans in reading order; called after every change so files diff well.
    pub fn sort(&mut self) {
        self.spans.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), &a.id).cmp(&(
                b.start,
                std::cmp::Reverse(b.end),
                &b.id,
            ))
        });
    }

    /// Renames labels (old name → new name, all at once, so two labels can swap names) on
    /// every span, those waiting for review included; returns how many changed. Open documents go through
    /// [`crate::annotate::edit::relabel_edits`] instead, so the change can be undone.
    pub fn rename_labels(&mut self, renames: &std::collections::BTreeMap<String, String>) -> usize {
        let mut n = 0;
        let waiting = self.needs_review.iter_mut().map(|r| &mut r.span);
        for s in self.spans.iter_mut().chain(waiting) {
            if let Some(to) = renames.get(&s.label) {
                s.label = to.clone();
                n += 1;
            }
        }
        n
    }

    /// Counts spans per label, in label-name order.
    pub fn counts(&self) -> std::collections::BTreeMap<&str, usize> {
        let mut m = std::collections::BTreeMap::new();
        for s in &self.spans {
            *m.entry(s.label.as_str()).or_insert(0) += 1;
        }
        m
    }
}

/// Builds a span over `range` of `text` (code points), quoting it with its context.
pub fn make_span(
    text: &str,
    map: &CharMap,
    id: SpanId,
    range: Range<CharIndex>,
    label: &str,
) -> Span {
    let len = map.len();
    let (s, e) = (range.start.0.min(len), range.end.0.min(len));
    let (s, e) = (s.min(e), s.max(e));
    let slice = |a: usize, b: usize| &text[map.byte_of(a)..map.byte_of(b)];
    Span {
        id,
        start: CharIndex(s),
        end: CharIndex(e),
        label: label.to_string(),
        text: slice(s, e).to_string(),
        prefix: slice(s.saturating_sub(CONTEXT_CHARS), s).to_string(),
        suffix: slice(e, (e + CONTEXT_CHARS).min(len)).to_string(),
        note: String::new(),
        entity: None,
    }
}

/// SHA-256 of a text, lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_span_quotes_text_and_context_in_code_points() {
        let text = "وقال بوتين إن روسيا";
        let map = CharMap::new(text);
        let span = make_span(
            text,
            &map,
            SpanId("s1".into()),
            CharIndex(5)..CharIndex(10),
            "PER",
        );
        assert_eq!(span.text, "بوتين");
        assert_eq!(span.prefix, "وقال ");
        assert_eq!(span.suffix, " إن روسيا");
    }

    #[test]
    fn sorts_in_reading_order_with_longer_spans_first() {
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        let text = "abcdefgh";
        let map = CharMap::new(text);
        for (s, e) in [(3, 4), (0, 2), (0, 5)] {
            let id = doc.allocate_id();
            doc.spans
                .push(make_span(text, &map, id, CharIndex(s)..CharIndex(e), "X"));
        }
        doc.sort();
        let order: Vec<(usize, usize)> = doc.spans.iter().map(|s| (s.start.0, s.end.0)).collect();
        assert_eq!(order, [(0, 5), (0, 2), (3, 4)]);
    }

    #[test]
    fn renaming_a_label_keeps_every_span() {
        let text = "abcdefgh";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        for (s, e, l) in [(0, 2, "PER"), (3, 4, "ORG"), (5, 6, "PER")] {
            let id = doc.allocate_id();
            doc.spans
                .push(make_span(text, &map, id, CharIndex(s)..CharIndex(e), l));
        }
        doc.needs_review.push(ReviewSpan {
            span: doc.spans[0].clone(),
            reason: ReviewReason::QuoteGone,
            candidates: Vec::new(),
        });
        let renames = [("PER", "ORG"), ("ORG", "PER")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into();
        assert_eq!(doc.rename_labels(&renames), 4);
        assert_eq!(doc.spans.len(), 3);
        assert_eq!(doc.counts().get("ORG"), Some(&2), "swapped, not merged");
        assert_eq!(doc.counts().get("PER"), Some(&1));
        assert_eq!(doc.needs_review[0].span.label, "ORG");
    }

    #[test]
    fn hashes_the_decoded_text() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
