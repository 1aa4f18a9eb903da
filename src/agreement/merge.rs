//! Curation, headless: the annotators' layers merged into the corpus's curated layer, which
//! is its unnamed layer (`.hamesh/annotations`, what export reads unless told an annotator).
//!
//! Policies, per document, over the chosen annotators that annotated it:
//! * `agreed`: the spans (same start, end and label) every chosen annotator has; a document
//!   not all of them annotated is left out and counted;
//! * `majority`: the spans more than half of the chosen annotators have;
//! * `annotator:NAME`: NAME's spans.
//!
//! A span taken keeps the note and entity of the first annotator (in the order given) who
//! has it. A document is done when every annotator marked it done. The curated layer is
//! written document by document, atomically; a document whose curated annotations were made
//! by a person rather than by a merge is never replaced (hand that layer to its annotator
//! first: `hamesh annotators FOLDER --claim NAME`). Annotators whose layers disagree on the
//! text (it changed between them) are reported and that document is left alone.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::annotate::{DocStatus, DocumentAnnotations, Span, Store};

/// What `annotator` is written in a document the merge made.
pub const CURATED_BY: &str = "hamesh merge";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Policy {
    Agreed,
    Majority,
    Annotator(String),
}

impl Policy {
    pub fn parse(s: &str) -> Option<Policy> {
        match s {
            "agreed" => Some(Policy::Agreed),
            "majority" => Some(Policy::Majority),
            _ => s
                .strip_prefix("annotator:")
                .filter(|n| !n.is_empty())
                .map(|n| Policy::Annotator(n.to_string())),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MergeReport {
    pub documents: usize,
    pub spans: usize,
    /// Spans some annotator had that the policy did not take.
    pub left_out: usize,
    /// Documents left out by `agreed` because not every annotator annotated them.
    pub not_annotated_by_all: usize,
    pub problems: Vec<String>,
}

/// Merges the layers of `annotators` of `store`'s corpus by `policy` into its curated layer.
pub fn merge(store: &Store, annotators: &[String], policy: &Policy) -> Result<MergeReport, String> {
    if let Policy::Annotator(name) = policy
        && !annotators.contains(name)
    {
        return Err(format!("{name:?} is not among the annotators merged"));
    }
    let mut layers = Vec::new();
    for name in annotators {
        layers.push((name.as_str(), store.layer(name).map_err(|e| e.to_string())?));
    }
    let mut rels = BTreeSet::new();
    for (_, layer) in &layers {
        layer.scan_summaries(|rel, _| {
            rels.insert(rel);
            true
        });
    }
    let mut report = MergeReport::default();
    for rel in rels {
        let mut docs: Vec<(&str, DocumentAnnotations)> = Vec::new();
        for (name, layer) in &layers {
            match layer.load(&rel) {
                Ok(Some(d)) => docs.push((name, d)),
                Ok(None) => {}
                Err(e) => report
                    .problems
                    .push(format!("{name}: {e}; left out of the merge")),
            }
        }
        let Some((_, first)) = docs.first() else {
            continue;
        };
        if *policy == Policy::Agreed && docs.len() < annotators.len() {
            report.not_annotated_by_all += 1;
            continue;
        }
        if docs
            .iter()
            .any(|(_, d)| d.source.sha256 != first.source.sha256)
        {
            report.problems.push(format!(
                "{rel}: the annotators annotated different versions of the text; not merged"
            ));
            continue;
        }
        match store.load(&rel) {
            Ok(Some(existing)) if existing.annotator != CURATED_BY => {
                report.problems.push(format!(
                    "{rel}: the curated layer holds annotations made by hand ({:?}); not \
                     replaced (hand them to their annotator with `hamesh annotators FOLDER \
                     --claim NAME`)",
                    existing.annotator
                ));
                continue;
            }
            Err(e) => {
                report.problems.push(format!("{rel}: {e}; not replaced"));
                continue;
            }
            _ => {}
        }
        let (taken, left_out) = choose(&docs, annotators.len(), policy);
        let mut out = DocumentAnnotations::new(first.source.clone(), CURATED_BY);
        out.status = if docs.iter().all(|(_, d)| d.status == DocStatus::Done) {
            DocStatus::Done
        } else {
            DocStatus::InProgress
        };
        out.tags = docs
            .iter()
            .flat_map(|(_, d)| d.tags.iter().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for mut span in taken {
            span.id = out.allocate_id();
            out.spans.push(span);
        }
        out.spans.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end)).cmp(&(b.start, std::cmp::Reverse(b.end)))
        });
        store.save(&rel, &out).map_err(|e| e.to_string())?;
        report.documents += 1;
        report.spans += out.spans.len();
        report.left_out += left_out;
    }
    Ok(report)
}

/// A distinct span: how many annotators have it, the first one's copy, and who.
type Holders<'a> = (usize, &'a Span, Vec<&'a str>);

/// The spans `policy` takes from one document's layers, and how many distinct spans it left.
fn choose(
    docs: &[(&str, DocumentAnnotations)],
    annotators: usize,
    policy: &Policy,
) -> (Vec<Span>, usize) {
    // Each distinct span, with who has it and the first annotator's copy.
    let mut by_key: BTreeMap<(usize, usize, &str), Holders> = BTreeMap::new();
    for (name, d) in docs {
        for s in &d.spans {
            let e = by_key
                .entry((s.start.0, s.end.0, s.label.as_str()))
                .or_insert((0, s, Vec::new()));
            if !e.2.contains(name) {
                e.0 += 1;
                e.2.push(name);
            }
        }
    }
    let mut taken = Vec::new();
    let mut left_out = 0;
    for (_, (count, span, who)) in by_key {
        let take = match policy {
            Policy::Agreed => count == docs.len(),
            Policy::Majority => 2 * count > annotators,
            Policy::Annotator(name) => who.contains(&name.as_str()),
        };
        if take {
            taken.push(span.clone());
        } else {
            left_out += 1;
        }
    }
    (taken, left_out)
}
