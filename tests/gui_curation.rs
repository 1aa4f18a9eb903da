//! Curation through the real app: two annotators' layers of one article, the curated layer
//! open (no annotator name set). Annotate → Curate lists the agreed span and the conflict;
//! "Accept all agreed" and one side's "Accept" make spans of the curated layer, on disk, as
//! ordinary edits that undo; the annotators' layers are left as they were; File → Export…
//! writes the curated layer.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hamesh::annotate::span::{make_span, sha256_hex};
use hamesh::annotate::{DocumentAnnotations, Source, Store};
use hamesh::text::offsets::CharMap;

#[test]
fn agreed_spans_and_one_side_of_a_conflict_are_accepted_into_the_curated_layer() {
    let dir = TempDir::new("curation");
    let corpus = corpus_in(&dir.0, TEXT);
    let store = Store::open(&corpus, &dir.0.join("data"));
    let map = CharMap::new(TEXT);
    // Both have موسكو as GPE; Sara has الروسية as GPE, Reza as ORG.
    for (name, second) in [("sara", "GPE"), ("reza", "ORG")] {
        let mut doc = DocumentAnnotations::new(
            Source {
                path: ARTICLE.into(),
                sha256: sha256_hex(TEXT),
                encoding: "UTF-8".into(),
                characters: map.len(),
            },
            name,
        );
        for (range, label) in [(find("موسكو", 0), "GPE"), (find("الروسية", 0), second)]
        {
            let id = doc.allocate_id();
            doc.spans.push(make_span(TEXT, &map, id, range, label));
        }
        store.layer(name).unwrap().save(ARTICLE, &doc).unwrap();
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
    let out = dir.0.join("curated.json");
    harness.get_by_label("File").click();
    harness.run_ok();
    harness.get_by_label_contains("Export…").click();
    harness.run_ok();
    harness
        .state_mut()
        .export_dialog_mut()
        .unwrap()
        .set_output(&out.display().to_string());
    harness.get_by_label("This article").click();
    harness.run_ok();
    harness.get_by_label("Export").click();
    step_until(&mut harness, "the export", |app| {
        app.export_dialog().is_some_and(|d| d.outcome().is_some())
    });
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let labels: Vec<&str> = file["documents"][0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["GPE"], "the curated موسكو, after the undo");
    // Or one annotator's layer, chosen in the dialog.
    harness.get_by_label("Close").click();
    harness.run_ok();
    harness.get_by_label("File").click();
    harness.run_ok();
    harness.get_by_label_contains("Export…").click();
    harness.run_ok();
    assert_eq!(
        harness.state().export_dialog().unwrap().layers,
        ["reza", "sara"]
    );
    harness.get_by_label("reza").click();
    harness.run_ok();
    let reza_out = dir.0.join("reza.json");
    harness
        .state_mut()
        .export_dialog_mut()
        .unwrap()
        .set_output(&reza_out.display().to_string());
    harness.get_by_label("Export").click();
    step_until(&mut harness, "the second export", |app| {
        app.export_dialog().is_some_and(|d| {
            d.outcome()
                .is_some_and(|o| o.as_ref().is_ok_and(|s| s.output == reza_out))
        })
    });
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&reza_out).unwrap()).unwrap();
    let docs = file["documents"].as_array().unwrap();
    let ours = docs.iter().find(|d| d["path"] == ARTICLE).unwrap();
    let labels: Vec<&str> = ours["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["ORG", "GPE"],
        "Reza's layer as he left it, in reading order"
    );
}
