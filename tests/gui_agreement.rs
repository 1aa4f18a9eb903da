//! The agreement view through the real app: two annotators' layers in the corpus, Annotate →
//! Agreement computes on a worker and shows each pair's span F1 and Cohen's κ and the least
//! agreed documents; a click on one opens it.

mod annotate_support;

use annotate_support::*;
use egui_kittest::kittest::Queryable;
use hamesh::annotate::Store;

#[test]
fn two_annotators_layers_are_compared_in_the_window() {
    let dir = TempDir::new("agreement-view");
    let corpus = corpus_in(&dir.0, TEXT);
    let store = Store::open(&corpus, &dir.0.join("data"));
    for (name, label) in [("sara", "GPE"), ("reza", "LOC")] {
        save_layer(&store, name, &[(find("موسكو", 0), label)]);
    }
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    harness.get_by_label("Annotate").click();
    harness.run_ok();
    // The item's accessible name includes its shortcut.
    harness.get_by_label_contains("Agreement").click();
    harness.run_ok();
    step_until(&mut harness, "the agreement report", |app| {
        app.shell()
            .agreement
            .as_ref()
            .is_some_and(|v| v.report().is_some())
    });
    harness.run_steps(2);
    let view = harness.state().shell().agreement.as_ref().unwrap();
    let report = view.report().unwrap().clone();
    assert_eq!(report.annotators, ["reza", "sara"]);
    assert_eq!(report.pairs[0].overall.f1, 0.0, "same range, other label");
    assert_eq!(report.pairs[0].confusion["LOC"]["GPE"], 1);
    harness.get_by_label("Agreement");
    harness.get_by_label("Least agreed documents");
    // The pair's F1, precision and recall rows, and the one document with its F1.
    assert!(harness.query_all_by_label("0.000").count() >= 4);
    harness.get_by_label("Cohen's kappa on tokens");
}
