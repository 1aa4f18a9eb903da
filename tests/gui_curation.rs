//! Curation through the real app: two annotators' layers of one article, the curated layer
//! open (no annotator name set). Annotate → Curate lists the agreed span and the conflict;
//! "Accept all agreed" and one side's "Accept" make spans of the curated layer, on disk, as
//! ordinary edits that undo; the annotators' layers are left as they were; File → Export…
//! writes the curated layer.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hamesh::annotate::Store;

#[test]
fn agreed_spans_and_one_side_of_a_conflict_are_accepted_into_the_curated_layer() {
    let dir = TempDir::new("curation");
    let corpus = corpus_in(&dir.0, TEXT);
    let store = Store::open(&corpus, &dir.0.join("data"));
    // Both have موسكو as GPE; Sara has الروسية as GPE, Reza as ORG.
    for (name, second) in [("sara", "GPE"), ("reza", "ORG")] {
        save_layer(
            &store,
            name,
            &[(find("موسكو", 0), "GPE"), (find("الروسية", 0), second)],
        );
    }
    let before = std::fs::read(store.layer("sara").unwrap().path_for(ARTICLE).unwrap()).unwrap();
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    // No name set in a team's corpus: a notice says the curated layer is open and why.
    harness.get_by_label_contains("the curated layer is open");
    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::U);
    let view = harness.state().shell().curation.as_ref().expect("the view");
    assert_eq!(view.agreed().count(), 1);
    assert_eq!(view.conflicts().count(), 2);
    // A conflict's quote shows it in the article.
    harness
        .query_all_by_label("الروسية")
        .next()
        .unwrap()
        .click();
    harness.run_ok();
    assert_eq!(
        harness.state().reader().unwrap().selected_text(),
        Some("الروسية")
    );
    harness.get_by_label("Accept all agreed").click();
    harness.run_ok();
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    // Accept Reza's side of the conflict: the ORG row's button (rows come by range, then label).
    let accepts: Vec<_> = harness.query_all_by_label("Accept").collect();
    assert_eq!(accepts.len(), 2);
    accepts[1].click();
    harness.run_ok();
    let mut now = spans(harness.state());
    now.sort();
    assert_eq!(now, [pair("الروسية", "ORG"), pair("موسكو", "GPE")]);
    assert_eq!(
        harness.query_all_by_label("Accept").count(),
        1,
        "one side accepted"
    );
    let mut stored_now = labels_in_store(&stored(harness.state(), &corpus));
    stored_now.sort();
    assert_eq!(stored_now, [pair("الروسية", "ORG"), pair("موسكو", "GPE")]);
    // An ordinary edit: it undoes.
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    assert_eq!(
        std::fs::read(store.layer("sara").unwrap().path_for(ARTICLE).unwrap()).unwrap(),
        before,
        "the annotators' layers are untouched"
    );
    // File → Export… writes the curated layer (the curation window closed first: it lies
    // over the menu bar).
    harness.state_mut().shell_mut().curation = None;
    harness.run_ok();
    dataset_menu(&mut harness, "Export…");
    let labels = export_our_article(&mut harness, &dir.0.join("curated.json"), "This article");
    assert_eq!(labels, ["GPE"], "the curated موسكو, after the undo");
    // Or one annotator's layer, chosen in the dialog.
    harness.get_by_label("Close").click();
    harness.run_ok();
    dataset_menu(&mut harness, "Export…");
    assert_eq!(
        harness.state().export_dialog().unwrap().layers,
        ["reza", "sara"]
    );
    let labels = export_our_article(&mut harness, &dir.0.join("reza.json"), "reza");
    assert_eq!(
        labels,
        ["ORG", "GPE"],
        "Reza's layer as he left it, in reading order"
    );
}

/// In the open export dialog: clicks `choice`, exports json to `out`, and returns the labels
/// of our article's spans in the file, in reading order.
fn export_our_article(
    harness: &mut egui_kittest::Harness<'_, hamesh::ui::HameshApp>,
    out: &std::path::Path,
    choice: &str,
) -> Vec<String> {
    harness.get_by_label(choice).click();
    harness.run_ok();
    harness
        .state_mut()
        .export_dialog_mut()
        .unwrap()
        .set_output(&out.display().to_string());
    harness.get_by_label("Export").click();
    step_until(harness, "the export", |app| {
        app.export_dialog().is_some_and(|d| {
            d.outcome()
                .is_some_and(|o| o.as_ref().is_ok_and(|s| s.output == out))
        })
    });
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let docs = file["documents"].as_array().unwrap();
    let ours = docs.iter().find(|d| d["path"] == ARTICLE).unwrap();
    ours["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap().to_string())
        .collect()
}
