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

pub mod tokens;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::annotate::Store;
use crate::corpus::files::Folder;
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
    let mut layers = Vec::new();
    let mut texts = BTreeMap::new();
    for name in annotators {
        let layer = match store.layer(name) {
            Ok(l) => l,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        let mut rels = Vec::new();
        layer.scan_summaries(|rel, _| {
            rels.push(rel);
            true
        });
        let mut out = Layer {
            name: name.clone(),
            ..Layer::default()
        };
        for rel in rels {
            match layer.load(&rel) {
                Ok(Some(doc)) => {
                    let mut spans: Vec<(usize, usize, String)> = doc
                        .spans
                        .iter()
                        .map(|s| (s.start.0, s.end.0, s.label.clone()))
                        .collect();
                    spans.sort();
                    out.documents.insert(rel, spans);
                }
                Ok(None) => {}
                Err(e) => problems.push(format!(
                    "{name}: {e}; this document is left out of their layer"
                )),
            }
        }
        layers.push(out);
    }
    let wanted: std::collections::BTreeSet<&String> =
        layers.iter().flat_map(|l| l.documents.keys()).collect();
    for rel in wanted {
        match folder.read_text(rel) {
            Ok((text, _)) => {
                texts.insert(rel.clone(), text);
            }
            Err(e) => problems.push(format!(
                "{rel}: {}; its tokens are left out of κ",
                e.reason()
            )),
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
    // Each document's tokens and each layer's tags on them.
    let tagged: BTreeMap<&str, Vec<Option<Vec<Tag>>>> = texts
        .iter()
        .map(|(rel, text)| {
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
                .collect();
            (rel.as_str(), per_layer)
        })
        .collect();
    let mut pairs = Vec::new();
    let mut per_doc: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for i in 0..layers.len() {
        for j in i + 1..layers.len() {
            let (a, b) = (&layers[i], &layers[j]);
            let pair = pair(a, b, i, j, &tagged, &mut per_doc);
            pairs.push(pair);
        }
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
    per_doc: &mut BTreeMap<String, Vec<f64>>,
) -> Pair {
    let mut agreed: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let (mut total_agreed, mut total_a, mut total_b, mut documents) = (0, 0, 0, 0);
    // Cohen's κ: agreements and each side's tag counts over all tokens.
    let (mut same, mut tokens) = (0usize, 0usize);
    let mut marg_a: HashMap<Tag, usize> = HashMap::new();
    let mut marg_b: HashMap<Tag, usize> = HashMap::new();
    for (rel, sa) in &a.documents {
        let Some(sb) = b.documents.get(rel) else {
            continue;
        };
        documents += 1;
        let in_b: HashMap<(usize, usize), Vec<&str>> =
            sb.iter().fold(HashMap::new(), |mut m, (s, e, l)| {
                m.entry((*s, *e)).or_default().push(l.as_str());
                m
            });
        let in_a: HashMap<(usize, usize), Vec<&str>> =
            sa.iter().fold(HashMap::new(), |mut m, (s, e, l)| {
                m.entry((*s, *e)).or_default().push(l.as_str());
                m
            });
        let mut doc_agreed = 0;
        for (s, e, l) in sa {
            let entry = agreed.entry(l.as_str()).or_default();
            entry.1 += 1;
            let others = in_b.get(&(*s, *e));
            if others.is_some_and(|o| o.contains(&l.as_str())) {
                entry.0 += 1;
                doc_agreed += 1;
            } else {
                let other = others
                    .and_then(|o| o.iter().find(|x| !in_a[&(*s, *e)].contains(x)))
                    .map_or("-", |x| x);
                *confusion
                    .entry(l.clone())
                    .or_default()
                    .entry(other.to_string())
                    .or_default() += 1;
            }
        }
        for (s, e, l) in sb {
            agreed.entry(l.as_str()).or_default().2 += 1;
            if !in_a.contains_key(&(*s, *e)) {
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
        per_doc
            .entry(rel.clone())
            .or_default()
            .push(Counts::new(doc_agreed, sa.len(), sb.len()).f1);
        if let Some(layers) = tagged.get(rel.as_str())
            && let (Some(ta), Some(tb)) = (&layers[i], &layers[j])
        {
            for (x, y) in ta.iter().zip(tb) {
                tokens += 1;
                same += usize::from(x == y);
                *marg_a.entry(*x).or_default() += 1;
                *marg_b.entry(*y).or_default() += 1;
            }
        }
    }
    let cohen_kappa = (tokens > 0)
        .then(|| {
            let n = tokens as f64;
            let po = same as f64 / n;
            let pe: f64 = marg_a
                .iter()
                .map(|(t, &c)| c as f64 / n * (*marg_b.get(t).unwrap_or(&0) as f64 / n))
                .sum();
            (pe < 1.0 - 1e-12).then(|| (po - pe) / (1.0 - pe))
        })
        .flatten();
    Pair {
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
    }
}

/// Fleiss' κ over the tokens of the documents every layer has.
fn fleiss(tagged: &BTreeMap<&str, Vec<Option<Vec<Tag>>>>) -> Option<f64> {
    let mut items = 0usize;
    let mut sum_p = 0.0;
    let mut totals: HashMap<Tag, usize> = HashMap::new();
    let mut raters = 0usize;
    for layers in tagged.values() {
        let Some(all): Option<Vec<&Vec<Tag>>> = layers.iter().map(Option::as_ref).collect() else {
            continue;
        };
        let n = all.len();
        raters = n;
        for t in 0..all[0].len() {
            let mut counts: HashMap<Tag, usize> = HashMap::new();
            for layer in &all {
                *counts.entry(layer[t]).or_default() += 1;
            }
            let agree: usize = counts.values().map(|&c| c * c).sum();
            sum_p += (agree - n) as f64 / (n * (n - 1)) as f64;
            for (tag, c) in counts {
                *totals.entry(tag).or_default() += c;
            }
            items += 1;
        }
    }
    if items == 0 || raters < 2 {
        return None;
    }
    let p_bar = sum_p / items as f64;
    let all = (items * raters) as f64;
    let pe: f64 = totals.values().map(|&c| (c as f64 / all).powi(2)).sum();
    (pe < 1.0 - 1e-12).then(|| (p_bar - pe) / (1.0 - pe))
}

#[cfg(test)]
mod tests;
