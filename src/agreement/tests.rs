//! Figures computed by hand on small cases.

use super::*;

/// «aa bb cc dd»: four tokens at 0..2, 3..5, 6..8, 9..11.
const TEXT: &str = "aa bb cc dd";

fn layer(name: &str, spans: &[(usize, usize, &str)]) -> Layer {
    let mut spans: Vec<(usize, usize, String)> = spans
        .iter()
        .map(|&(s, e, l)| (s, e, l.to_string()))
        .collect();
    spans.sort();
    Layer {
        name: name.into(),
        documents: BTreeMap::from([("d.txt".to_string(), spans)]),
    }
}

fn texts() -> BTreeMap<String, String> {
    BTreeMap::from([("d.txt".to_string(), TEXT.to_string())])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn identical_layers_agree_fully_and_disjoint_ones_not_at_all() {
    let a = layer("a", &[(0, 2, "PER"), (6, 11, "ORG")]);
    let b = layer("b", &[(0, 2, "PER"), (6, 11, "ORG")]);
    let r = agree(&[a.clone(), b], &texts());
    assert_eq!(r.pairs[0].overall.f1, 1.0);
    assert_eq!(r.pairs[0].cohen_kappa, Some(1.0));
    assert!(r.pairs[0].confusion.is_empty());
    let c = layer("c", &[(3, 5, "GPE")]);
    let r = agree(&[a, c], &texts());
    assert_eq!(r.pairs[0].overall.f1, 0.0);
    assert_eq!(r.pairs[0].overall.agreed, 0);
    assert!(r.pairs[0].cohen_kappa.unwrap() < 0.0, "worse than chance");
}

#[test]
fn a_pair_counted_by_hand() {
    let a = layer("a", &[(0, 2, "PER"), (3, 5, "ORG")]);
    let b = layer("b", &[(0, 2, "PER"), (3, 5, "GPE"), (9, 11, "ORG")]);
    let r = agree(&[a, b], &texts());
    let p = &r.pairs[0];
    // One agreed span of two and three: P 1/3, R 1/2, F1 2·1/(2+3).
    assert_eq!(
        (p.overall.agreed, p.overall.first, p.overall.second),
        (1, 2, 3)
    );
    assert!(close(p.overall.precision, 1.0 / 3.0));
    assert!(close(p.overall.recall, 0.5));
    assert!(close(p.overall.f1, 0.4));
    assert_eq!(p.per_label["PER"].f1, 1.0);
    assert_eq!(p.per_label["ORG"].f1, 0.0);
    assert_eq!(p.per_label["GPE"].precision, 0.0);
    // Same range, other label; a span the first does not have at all.
    assert_eq!(p.confusion["ORG"]["GPE"], 1);
    assert_eq!(p.confusion["-"]["ORG"], 1);
    // Tags a: B-PER B-ORG O O; b: B-PER B-GPE O B-ORG. po = 2/4; pe = 1/16 + 1/16 + 2/16;
    // κ = (1/2 - 1/4) / (3/4) = 1/3.
    assert_eq!(p.tokens, 4);
    assert!(close(p.cohen_kappa.unwrap(), 1.0 / 3.0));
    assert!(r.fleiss_kappa.is_none(), "two annotators: Cohen's κ only");
}

#[test]
fn three_annotators_get_fleiss_kappa() {
    let a = layer("a", &[(0, 2, "PER"), (3, 5, "ORG")]);
    let b = layer("b", &[(0, 2, "PER"), (3, 5, "GPE"), (9, 11, "ORG")]);
    let c = layer("c", &[(0, 2, "PER"), (3, 5, "ORG")]);
    let r = agree(&[a, b, c], &texts());
    assert_eq!(r.pairs.len(), 3);
    // Per token P_i: 1, 1/3, 1, 1/3 → P̄ = 2/3; tags B-PER 3, B-ORG 3, B-GPE 1, O 5 of 12 →
    // Pe = 44/144; κ = (2/3 - 11/36) / (25/36) = 13/25.
    assert!(close(r.fleiss_kappa.unwrap(), 13.0 / 25.0));
}

#[test]
fn nested_spans_and_documents_only_one_annotated() {
    let mut a = layer("a", &[(0, 8, "ORG"), (3, 5, "GPE")]);
    let b = layer("b", &[(0, 8, "ORG")]);
    a.documents
        .insert("only-a.txt".into(), vec![(0, 2, "PER".into())]);
    let r = agree(&[a, b], &texts());
    let p = &r.pairs[0];
    assert_eq!(
        p.documents, 1,
        "a document only one annotated is not counted"
    );
    assert!(close(p.overall.f1, 2.0 / 3.0));
    assert_eq!(p.confusion["GPE"]["-"], 1);
    // The longest span tags the tokens: both layers B-ORG I-ORG I-ORG O.
    assert_eq!(p.cohen_kappa, Some(1.0));
    assert_eq!(r.documents.len(), 1);
    assert!(close(r.documents[0].f1, 2.0 / 3.0));
}

#[test]
fn documents_come_worst_first_and_two_empty_layers_agree() {
    let mut a = layer("a", &[(0, 2, "PER")]);
    let mut b = layer("b", &[(3, 5, "PER")]);
    a.documents.insert("e.txt".into(), vec![]);
    b.documents.insert("e.txt".into(), vec![]);
    let mut t = texts();
    t.insert("e.txt".into(), "nothing".into());
    let r = agree(&[a, b], &t);
    let order: Vec<(&str, f64)> = r
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d.f1))
        .collect();
    assert_eq!(order, [("d.txt", 0.0), ("e.txt", 1.0)]);
}
