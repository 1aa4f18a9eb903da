//! Inter-annotator agreement over the corpus's layers ([`crate::annotate::layers`]).
//!
//! For each pair of annotators, over the documents both have annotated (a document that one of
//! them has no annotation file for is not counted against either):
//! * exact-match span agreement, per label and overall: a span agrees when the other layer has
//!   one with the same start, end and label. With the first annotator as reference, precision
//!   is agreed / the second's spans, recall agreed / the first's, F1 = 2·agreed / (both
//!   counts), which does not depend on which is the reference;
//! * Cohen's κ on tokens ([`tokens`]: every token's BIO tag in each layer);
//! * a label confusion table: spans over the same range with another label, and spans that
//!   the other layer does not have at all (`-`).
//!
//! For three annotators or more, Fleiss' κ on the same tokens, over the documents all of them
//! have annotated. Per document, the mean F1 over the pairs that have it, worst first, so a
//! lead knows which articles to discuss. κ is `None` where it is undefined (every token has
//! the same tag in every layer, so chance agreement is 1). Two empty layers agree: F1 1.

pub mod merge;
pub mod tokens;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::annotate::Store;
use crate::annotate::store::SpanRange;
use crate::corpus::files::Folder;
use crate::parallel::par_map;
use tokens::{Tag, tags, tokenise};

/// One annotator's spans: document → `(start, end, label)` in code points, sorted.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub name: String,
    pub documents: BTreeMap<String, Vec<(usize, usize, String)>>,
}

/// Loads the layers of `annotators` and the texts of their documents; what could not be read
/// is named in the problems and left out.
pub fn load(
    folder: &Folder,
    store: &Store,
    annotators: &[String],
) -> (Vec<Layer>, BTreeMap<String, String>, Vec<String>) {
    let mut problems = Vec::new();
    let mut stores = Vec::new();
    for name in annotators {
        match store.layer(name) {
            Ok(l) => stores.push((name.clone(), l)),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let mut rels = std::collections::BTreeSet::new();
    for (_, layer) in &stores {
        layer.scan_summaries(|rel, _| {
            rels.insert(rel);
            true
        });
    }
    // Each document's layers and text, read on a few threads.
    type Loaded = (
        String,
        Vec<Option<Vec<(usize, usize, String)>>>,
        Option<String>,
        Vec<String>,
    );
    let loaded: Vec<Loaded> = par_map(rels.into_iter().collect(), &|rel: String| {
        let mut problems = Vec::new();
        let per_layer = stores
            .iter()
            .map(|(name, layer)| match layer.load_ranges(&rel) {
                Ok(Some(mut spans)) => {
                    spans.sort();
                    Some(spans)
                }
                Ok(None) => None,
                Err(e) => {
                    problems.push(format!(
                        "{name}: {e}; this document is left out of their layer"
                    ));
                    None
                }
            })
            .collect();
        let text = match folder.read_text(&rel) {
            Ok((text, _)) => Some(text),
            Err(e) => {
                problems.push(format!(
                    "{rel}: {}; its tokens are left out of κ",
                    e.reason()
                ));
                None
            }
        };
        (rel, per_layer, text, problems)
    });
    let mut layers: Vec<Layer> = stores
        .iter()
        .map(|(name, _)| Layer {
            name: name.clone(),
            ..Layer::default()
        })
        .collect();
    let mut texts = BTreeMap::new();
    for (rel, per_layer, text, p) in loaded {
        problems.extend(p);
        for (layer, spans) in layers.iter_mut().zip(per_layer) {
            if let Some(spans) = spans {
                layer.documents.insert(rel.clone(), spans);
            }
        }
        if let Some(text) = text {
            texts.insert(rel, text);
        }
    }
    (layers, texts, problems)
}

/// Agreed spans against each side's count.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub agreed: usize,
    /// The first annotator's spans (the reference).
    pub first: usize,
    pub second: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Counts {
    fn new(agreed: usize, first: usize, second: usize) -> Counts {
        let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
        Counts {
            agreed,
            first,
            second,
            precision: ratio(agreed, second),
            recall: ratio(agreed, first),
            f1: ratio(2 * agreed, first + second),
        }
    }
}

/// One pair of annotators.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    pub first: String,
    pub second: String,
    /// Documents both have annotated.
    pub documents: usize,
    pub overall: Counts,
    pub per_label: BTreeMap<String, Counts>,
    pub tokens: usize,
    pub cohen_kappa: Option<f64>,
    /// The first's label → the second's label over the same range (`-`: no span there), for
    /// spans that do not agree.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// One document's figures.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentAgreement {
    pub path: String,
    /// The mean F1 of the pairs that both annotated it.
    pub f1: f64,
    /// Spans per annotator who annotated it.
    pub spans: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub annotators: Vec<String>,
    pub pairs: Vec<Pair>,
    /// Fleiss' κ over the documents every annotator has, for three or more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fleiss_kappa: Option<f64>,
    /// Worst first.
    pub documents: Vec<DocumentAgreement>,
    pub problems: Vec<String>,
}

/// Computes the report for `layers` (two or more) over `texts`.
pub fn agree(layers: &[Layer], texts: &BTreeMap<String, String>) -> Report {
    // Labels as numbers, for the tags.
    let mut label_ids: HashMap<&str, u32> = HashMap::new();
    for l in layers {
        for spans in l.documents.values() {
            for (_, _, label) in spans {
                let n = label_ids.len() as u32;
                label_ids.entry(label.as_str()).or_insert(n);
            }
        }
    }
    // Each document's tokens and each layer's tags on them, on a few threads.
    let entries: Vec<(&String, &String)> = texts.iter().collect();
    let tagged: BTreeMap<&str, Vec<Option<Vec<Tag>>>> = par_map(entries, &|(rel, text)| {
        let toks = tokenise(text);
        let per_layer = layers
            .iter()
            .map(|l| {
                l.documents.get(rel).map(|spans| {
                    let numbered: Vec<(usize, usize, u32)> = spans
                        .iter()
                        .map(|(s, e, label)| (*s, *e, label_ids[label.as_str()]))
                        .collect();
                    tags(&toks, &numbered)
                })
            })
            .collect::<Vec<_>>();
        (rel.as_str(), per_layer)
    })
    .into_iter()
    .collect();
    let mut pairs = Vec::new();
    let mut per_doc: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let ij: Vec<(usize, usize)> = (0..layers.len())
        .flat_map(|i| (i + 1..layers.len()).map(move |j| (i, j)))
        .collect();
    // The pairs on a few threads.
    for (p, f1s) in par_map(ij, &|(i, j)| pair(&layers[i], &layers[j], i, j, &tagged)) {
        for (rel, f1) in f1s {
            per_doc.entry(rel).or_default().push(f1);
        }
        pairs.push(p);
    }
    let mut documents: Vec<DocumentAgreement> = per_doc
        .into_iter()
        .map(|(rel, f1s)| DocumentAgreement {
            f1: f1s.iter().sum::<f64>() / f1s.len() as f64,
            spans: layers
                .iter()
                .filter_map(|l| l.documents.get(&rel).map(|s| (l.name.clone(), s.len())))
                .collect(),
            path: rel,
        })
        .collect();
    documents.sort_by(|x, y| x.f1.total_cmp(&y.f1).then_with(|| x.path.cmp(&y.path)));
    Report {
        annotators: layers.iter().map(|l| l.name.clone()).collect(),
        pairs,
        fleiss_kappa: (layers.len() >= 3).then(|| fleiss(&tagged)).flatten(),
        documents,
        problems: Vec::new(),
    }
}

fn pair(
    a: &Layer,
    b: &Layer,
    i: usize,
    j: usize,
    tagged: &BTreeMap<&str, Vec<Option<Vec<Tag>>>>,
) -> (Pair, Vec<(String, f64)>) {
    let mut per_doc = Vec::new();
    let mut agreed: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let (mut total_agreed, mut total_a, mut total_b, mut documents) = (0, 0, 0, 0);
    // Cohen's κ: agreements and each side's tag counts over all tokens.
    let (mut same, mut tokens) = (0usize, 0usize);
    let mut marg_a: Vec<usize> = Vec::new();
    let mut marg_b: Vec<usize> = Vec::new();
    for (rel, sa) in &a.documents {
        let Some(sb) = b.documents.get(rel) else {
            continue;
        };
        documents += 1;
        // Both lists are sorted by (start, end, label): the labels over one range are a slice
        // found by binary search.
        let mut doc_agreed = 0;
        for (s, e, l) in sa {
            let entry = agreed.entry(l.as_str()).or_default();
            entry.1 += 1;
            let others = over(sb, *s, *e);
            if others.iter().any(|x| x.2 == *l) {
                entry.0 += 1;
                doc_agreed += 1;
            } else {
                let mine = over(sa, *s, *e);
                let other = others
                    .iter()
                    .find(|x| !mine.iter().any(|m| m.2 == x.2))
                    .map_or("-", |x| x.2.as_str());
                *confusion
                    .entry(l.clone())
                    .or_default()
                    .entry(other.to_string())
                    .or_default() += 1;
            }
        }
        for (s, e, l) in sb {
            agreed.entry(l.as_str()).or_default().2 += 1;
            if over(sa, *s, *e).is_empty() {
                *confusion
                    .entry("-".into())
                    .or_default()
                    .entry(l.clone())
                    .or_default() += 1;
            }
        }
        total_agreed += doc_agreed;
        total_a += sa.len();
        total_b += sb.len();
        per_doc.push((rel.clone(), Counts::new(doc_agreed, sa.len(), sb.len()).f1));
        if let Some(layers) = tagged.get(rel.as_str())
            && let (Some(ta), Some(tb)) = (&layers[i], &layers[j])
        {
            for (x, y) in ta.iter().zip(tb) {
                tokens += 1;
                same += usize::from(x == y);
                bump(&mut marg_a, x.index());
                bump(&mut marg_b, y.index());
            }
        }
    }
    let cohen_kappa = (tokens > 0)
        .then(|| {
            let n = tokens as f64;
            let po = same as f64 / n;
            let pe: f64 = marg_a
                .iter()
                .enumerate()
                .map(|(t, &c)| c as f64 / n * (*marg_b.get(t).unwrap_or(&0) as f64 / n))
                .sum();
            (pe < 1.0 - 1e-12).then(|| (po - pe) / (1.0 - pe))
        })
        .flatten();
    let pair = Pair {
        first: a.name.clone(),
        second: b.name.clone(),
        documents,
        overall: Counts::new(total_agreed, total_a, total_b),
        per_label: agreed
            .into_iter()
            .map(|(l, (n, x, y))| (l.to_string(), Counts::new(n, x, y)))
            .collect(),
        tokens,
        cohen_kappa,
        confusion,
    };
    (pair, per_doc)
}

/// The spans of a sorted list over exactly `start..end`.
fn over(spans: &[SpanRange], start: usize, end: usize) -> &[SpanRange] {
    let from = spans.partition_point(|x| (x.0, x.1) < (start, end));
    let to = spans.partition_point(|x| (x.0, x.1) <= (start, end));
    &spans[from..to]
}

/// Adds one to `counts[i]`, growing it as needed.
fn bump(counts: &mut Vec<usize>, i: usize) {
    if counts.len() <= i {
        counts.resize(i + 1, 0);
    }
    counts[i] += 1;
}

/// Fleiss' κ over the tokens of the documents every layer has.
fn fleiss(tagged: &BTreeMap<&str, Vec<Option<Vec<Tag>>>>) -> Option<f64> {
    let mut items = 0usize;
    let mut sum_p = 0.0;
    let mut totals: Vec<usize> = Vec::new();
    let mut raters = 0usize;
    // A token's tags, counted: (tag index, raters), as many entries as raters at most.
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for layers in tagged.values() {
        let Some(all): Option<Vec<&Vec<Tag>>> = layers.iter().map(Option::as_ref).collect() else {
            continue;
        };
        let n = all.len();
        raters = n;
        for t in 0..all[0].len() {
            counts.clear();
            for layer in &all {
                let tag = layer[t].index();
                match counts.iter_mut().find(|(k, _)| *k == tag) {
                    Some((_, c)) => *c += 1,
                    None => counts.push((tag, 1)),
                }
            }
            let agree: usize = counts.iter().map(|&(_, c)| c * c).sum();
            sum_p += (agree - n) as f64 / (n * (n - 1)) as f64;
            for &(tag, c) in &counts {
                if totals.len() <= tag {
                    totals.resize(tag + 1, 0);
                }
                totals[tag] += c;
            }
            items += 1;
        }
    }
    if items == 0 || raters < 2 {
        return None;
    }
    let p_bar = sum_p / items as f64;
    let all = (items * raters) as f64;
    let pe: f64 = totals.iter().map(|&c| (c as f64 / all).powi(2)).sum();
    (pe < 1.0 - 1e-12).then(|| (p_bar - pe) / (1.0 - pe))
}

#[cfg(test)]
mod tests;
