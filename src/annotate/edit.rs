//! Annotation edits and their undo history.
//!
//! Every change to a document's annotations is an [`Edit`] with an exact inverse, so undo and
//! redo replay edits rather than snapshots. The history lives per document and survives
//! switching to another document.

use thiserror::Error;

use super::span::{DocStatus, DocumentAnnotations, ReviewSpan, Span, SpanId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Add(Span),
    Remove(Span),
    /// Relabel, re-note or move a span (same id before and after).
    Change {
        before: Span,
        after: Span,
    },
    Status {
        before: DocStatus,
        after: DocStatus,
    },
    Tags {
        before: Vec<String>,
        after: Vec<String>,
    },
    /// Settle a span waiting for review: take it off the list and, if `placed` is given, add
    /// that span (the reviewed one at a place the user chose). `None` discards it.
    Resolve {
        review: ReviewSpan,
        placed: Option<Span>,
    },
    /// The inverse of [`Edit::Resolve`]: put the span back on the review list.
    Unresolve {
        review: ReviewSpan,
        placed: Option<Span>,
    },
    /// Several edits as one step (annotate all in a document): applied in order, all or none,
    /// undone together.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Whether the edit makes a span (an addition, a span placed from review, or a batch
    /// with one).
    pub fn adds_span(&self) -> bool {
        match self {
            Edit::Add(_) => true,
            Edit::Resolve { placed, .. } => placed.is_some(),
            Edit::Batch(edits) => edits.iter().any(Edit::adds_span),
            Edit::Remove(_)
            | Edit::Change { .. }
            | Edit::Status { .. }
            | Edit::Tags { .. }
            | Edit::Unresolve { .. } => false,
        }
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("span {0:?} already exists")]
    Duplicate(SpanId),
    #[error("span {0:?} is not in this document")]
    Missing(SpanId),
    #[error("a span cannot be empty")]
    Empty,
    #[error("the document changed since this edit was made")]
    Stale,
}

impl Edit {
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Add(s) => Edit::Remove(s.clone()),
            Edit::Remove(s) => Edit::Add(s.clone()),
            Edit::Change { before, after } => Edit::Change {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Status { before, after } => Edit::Status {
                before: *after,
                after: *before,
            },
            Edit::Tags { before, after } => Edit::Tags {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Resolve { review, placed } => Edit::Unresolve {
                review: review.clone(),
                placed: placed.clone(),
            },
            Edit::Unresolve { review, placed } => Edit::Resolve {
                review: review.clone(),
                placed: placed.clone(),
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// Applies the edit; the document is unchanged when it fails.
    pub fn apply(&self, doc: &mut DocumentAnnotations) -> Result<(), EditError> {
        if let Edit::Batch(edits) = self
            && edits.iter().all(|e| matches!(e, Edit::Add(_)))
        {
            return add_all(doc, edits);
        }
        match self {
            Edit::Add(s) => {
                if s.is_empty() {
                    return Err(EditError::Empty);
                }
                if doc.span(&s.id).is_some() {
                    return Err(EditError::Duplicate(s.id.clone()));
                }
                doc.spans.push(s.clone());
                // Keep ids unique even when a span comes back from elsewhere.
                if let Some(n) = s.id.0.strip_prefix('s').and_then(|n| n.parse::<u64>().ok()) {
                    doc.next_id = doc.next_id.max(n + 1);
                }
            }
            Edit::Remove(s) => {
                let i = doc
                    .spans
                    .iter()
                    .position(|x| x.id == s.id)
                    .ok_or_else(|| EditError::Missing(s.id.clone()))?;
                if doc.spans[i] != *s {
                    return Err(EditError::Stale);
                }
                doc.spans.remove(i);
            }
            Edit::Change { before, after } => {
                if after.is_empty() {
                    return Err(EditError::Empty);
                }
                let slot = doc
                    .spans
                    .iter_mut()
                    .find(|x| x.id == before.id)
                    .ok_or_else(|| EditError::Missing(before.id.clone()))?;
                if slot != before {
                    return Err(EditError::Stale);
                }
                *slot = after.clone();
            }
            Edit::Status { before, after } => {
                if doc.status != *before {
                    return Err(EditError::Stale);
                }
                doc.status = *after;
            }
            Edit::Tags { before, after } => {
                if doc.tags != *before {
                    return Err(EditError::Stale);
                }
                doc.tags = after.clone();
            }
            Edit::Resolve { review, placed } => {
                let i = doc
                    .needs_review
                    .iter()
                    .position(|r| r.span.id == review.span.id)
                    .ok_or_else(|| EditError::Missing(review.span.id.clone()))?;
                if doc.needs_review[i] != *review {
                    return Err(EditError::Stale);
                }
                if let Some(s) = placed {
                    if s.is_empty() {
                        return Err(EditError::Empty);
                    }
                    if doc.span(&s.id).is_some() {
                        return Err(EditError::Duplicate(s.id.clone()));
                    }
                    doc.spans.push(s.clone());
                }
                doc.needs_review.remove(i);
            }
            Edit::Unresolve { review, placed } => {
                if doc.review(&review.span.id).is_some() {
                    return Err(EditError::Duplicate(review.span.id.clone()));
                }
                if let Some(s) = placed {
                    let i = doc
                        .spans
                        .iter()
                        .position(|x| x.id == s.id)
                        .ok_or_else(|| EditError::Missing(s.id.clone()))?;
                    if doc.spans[i] != *s {
                        return Err(EditError::Stale);
                    }
                    doc.spans.remove(i);
                }
                doc.needs_review.push(review.clone());
            }
            Edit::Batch(edits) => {
                for (done, edit) in edits.iter().enumerate() {
                    if let Err(e) = edit.apply(doc) {
                        // All or none: what was applied is taken back.
                        for applied in edits[..done].iter().rev() {
                            let _ = applied.inverse().apply(doc);
                        }
                        return Err(e);
                    }
                }
            }
        }
        doc.sort();
        Ok(())
    }
}

/// A batch of additions (annotate all, accept all): checked against the document's ids once,
/// added, and sorted once, so that ten thousand spans cost what sorting them does.
fn add_all(doc: &mut DocumentAnnotations, edits: &[Edit]) -> Result<(), EditError> {
    let mut ids: std::collections::HashSet<&SpanId> = doc.spans.iter().map(|s| &s.id).collect();
    for e in edits {
        if let Edit::Add(s) = e {
            if s.is_empty() {
                return Err(EditError::Empty);
            }
            if !ids.insert(&s.id) {
                return Err(EditError::Duplicate(s.id.clone()));
            }
        }
    }
    for e in edits {
        if let Edit::Add(s) = e {
            doc.spans.push(s.clone());
            if let Some(n) = s.id.0.strip_prefix('s').and_then(|n| n.parse::<u64>().ok()) {
                doc.next_id = doc.next_id.max(n + 1);
            }
        }
    }
    doc.sort();
    Ok(())
}

/// The edits that rename labels (old name → new name, all at once) on a document's spans, one
/// [`Edit::Change`] per span in reading order, so renaming a label in an open document can be
/// undone like any edit.
pub fn relabel_edits(
    doc: &DocumentAnnotations,
    renames: &std::collections::BTreeMap<String, String>,
) -> Vec<Edit> {
    doc.spans
        .iter()
        .filter_map(|s| {
            let to = renames.get(&s.label)?;
            let mut after = s.clone();
            after.label = to.clone();
            Some(Edit::Change {
                before: s.clone(),
                after,
            })
        })
        .collect()
}

/// Undo and redo stacks of one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// Applies a new edit and records it; clears the redo stack.
    pub fn apply(&mut self, doc: &mut DocumentAnnotations, edit: Edit) -> Result<(), EditError> {
        edit.apply(doc)?;
        self.undo.push(edit);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit; returns whether there was one.
    pub fn undo(&mut self, doc: &mut DocumentAnnotations) -> Result<bool, EditError> {
        let Some(edit) = self.undo.pop() else {
            return Ok(false);
        };
        if let Err(e) = edit.inverse().apply(doc) {
            self.undo.push(edit);
            return Err(e);
        }
        self.redo.push(edit);
        Ok(true)
    }

    pub fn redo(&mut self, doc: &mut DocumentAnnotations) -> Result<bool, EditError> {
        let Some(edit) = self.redo.pop() else {
            return Ok(false);
        };
        if let Err(e) = edit.apply(doc) {
            self.redo.push(edit);
            return Err(e);
        }
        self.undo.push(edit);
        Ok(true)
    }

    /// The edit the next undo takes back.
    pub fn last(&self) -> Option<&Edit> {
        self.undo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::{Source, make_span};
    use crate::text::CharIndex;
    use crate::text::offsets::CharMap;

    #[test]
    fn add_relabel_remove_and_undo_everything() {
        let text = "وقال بوتين إن روسيا";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        let mut h = History::default();
        let id = doc.allocate_id();
        let span = make_span(text, &map, id, CharIndex(5)..CharIndex(10), "PER");
        h.apply(&mut doc, Edit::Add(span.clone())).unwrap();
        let mut relabelled = span.clone();
        relabelled.label = "ORG".into();
        h.apply(
            &mut doc,
            Edit::Change {
                before: span.clone(),
                after: relabelled.clone(),
            },
        )
        .unwrap();
        h.apply(&mut doc, Edit::Remove(relabelled.clone())).unwrap();
        assert!(doc.spans.is_empty());
        assert!(h.undo(&mut doc).unwrap());
        assert_eq!(doc.spans, vec![relabelled]);
        assert!(h.undo(&mut doc).unwrap());
        assert_eq!(doc.spans, vec![span.clone()]);
        assert!(h.undo(&mut doc).unwrap());
        assert!(doc.spans.is_empty());
        assert!(!h.undo(&mut doc).unwrap());
        assert!(h.redo(&mut doc).unwrap());
        assert_eq!(doc.spans, vec![span]);
    }

    #[test]
    fn relabel_edits_change_only_that_label_and_undo() {
        let text = "وقال بوتين إن روسيا";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        let mut h = History::default();
        for (s, e, l) in [(5, 10, "PER"), (14, 19, "GPE")] {
            let id = doc.allocate_id();
            let span = make_span(text, &map, id, CharIndex(s)..CharIndex(e), l);
            h.apply(&mut doc, Edit::Add(span)).unwrap();
        }
        let renames = [("PER".to_string(), "PERSON".to_string())].into();
        let edits = relabel_edits(&doc, &renames);
        assert_eq!(edits.len(), 1);
        for e in edits {
            h.apply(&mut doc, e).unwrap();
        }
        assert_eq!(doc.spans[0].label, "PERSON");
        assert_eq!(doc.spans[1].label, "GPE");
        assert!(h.undo(&mut doc).unwrap());
        assert_eq!(doc.spans[0].label, "PER");
    }

    #[test]
    fn placing_or_discarding_a_reviewed_span_undoes_exactly() {
        use crate::annotate::span::ReviewReason;
        let text = "وقال بوتين إن روسيا";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        let mut old = make_span(
            text,
            &map,
            SpanId("s1".into()),
            CharIndex(0)..CharIndex(4),
            "PER",
        );
        old.text = "بوتين".into();
        let review = ReviewSpan {
            span: old.clone(),
            reason: ReviewReason::ContextChanged,
            candidates: vec![CharIndex(5)],
        };
        doc.needs_review.push(review.clone());
        let before = doc.clone();
        let placed = make_span(
            text,
            &map,
            old.id.clone(),
            CharIndex(5)..CharIndex(10),
            "PER",
        );
        let mut h = History::default();
        h.apply(
            &mut doc,
            Edit::Resolve {
                review: review.clone(),
                placed: Some(placed.clone()),
            },
        )
        .unwrap();
        assert!(doc.needs_review.is_empty());
        assert_eq!(doc.spans, vec![placed]);
        assert!(h.undo(&mut doc).unwrap());
        assert_eq!(doc, before);
        h.apply(
            &mut doc,
            Edit::Resolve {
                review,
                placed: None,
            },
        )
        .unwrap();
        assert!(doc.needs_review.is_empty() && doc.spans.is_empty());
        assert!(h.undo(&mut doc).unwrap());
        assert_eq!(doc, before);
    }

    #[test]
    fn a_batch_is_one_step_and_all_or_none() {
        let text = "روسيا وروسيا";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        let a = make_span(
            text,
            &map,
            doc.allocate_id(),
            CharIndex(0)..CharIndex(5),
            "GPE",
        );
        let b = make_span(
            text,
            &map,
            doc.allocate_id(),
            CharIndex(7)..CharIndex(12),
            "GPE",
        );
        let mut h = History::default();
        h.apply(
            &mut doc,
            Edit::Batch(vec![Edit::Add(a.clone()), Edit::Add(b.clone())]),
        )
        .unwrap();
        assert_eq!(doc.spans.len(), 2);
        assert!(matches!(h.last(), Some(Edit::Batch(e)) if e.len() == 2));
        assert!(h.undo(&mut doc).unwrap());
        assert!(doc.spans.is_empty(), "one undo takes back the whole batch");
        assert!(h.redo(&mut doc).unwrap());
        assert_eq!(doc.spans.len(), 2);
        // The second edit fails (a duplicate id): the first is taken back too.
        let before = doc.clone();
        let c = make_span(
            text,
            &map,
            SpanId("s9".into()),
            CharIndex(1)..CharIndex(3),
            "X",
        );
        let failed = Edit::Batch(vec![Edit::Add(c), Edit::Add(a)]).apply(&mut doc);
        assert!(matches!(failed, Err(EditError::Duplicate(_))));
        assert_eq!(doc.spans, before.spans);
    }

    #[test]
    fn stale_or_invalid_edits_leave_the_document_alone() {
        let text = "abc";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        let span = make_span(
            text,
            &map,
            SpanId("s1".into()),
            CharIndex(0)..CharIndex(1),
            "X",
        );
        assert_eq!(
            Edit::Remove(span.clone()).apply(&mut doc),
            Err(EditError::Missing(span.id.clone()))
        );
        let empty = make_span(
            text,
            &map,
            SpanId("s2".into()),
            CharIndex(1)..CharIndex(1),
            "X",
        );
        assert_eq!(Edit::Add(empty).apply(&mut doc), Err(EditError::Empty));
        Edit::Add(span.clone()).apply(&mut doc).unwrap();
        assert_eq!(doc.next_id, 2, "ids of added spans are never reused");
        assert_eq!(
            Edit::Add(span.clone()).apply(&mut doc),
            Err(EditError::Duplicate(span.id))
        );
    }
}
