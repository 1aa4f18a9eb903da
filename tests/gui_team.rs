//! A corpus a team annotates, through the real app: with annotator layers in the corpus and a
//! name set, the window opens that annotator's own layer, writes there and says so in the
//! status bar; the others' layers and the curated layer are left as they were.

mod annotate_support;

use annotate_support::*;
use egui::Key;
use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use hamesh::annotate::Store;

#[test]
fn the_window_writes_into_the_annotators_own_layer() {
    let dir = TempDir::new("team-layer");
    let corpus = corpus_in(&dir.0, TEXT);
    // Reza already has a layer: this is a team's corpus.
    let store = Store::open(&corpus, &dir.0.join("data"));
    save_layer(&store, "reza", &[]);
    let reza = store.layer("reza").unwrap();
    let settings = dir.0.join("config/settings.json");
    std::fs::create_dir_all(settings.parent().unwrap()).unwrap();
    std::fs::write(&settings, r#"{"annotator": "سارا"}"#).unwrap();
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    harness.get_by_label("Layer");
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.state().flush_annotations();
    let mine = corpus.join(format!(
        ".hamesh/annotators/سارا/annotations/{ARTICLE}.json"
    ));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&mine).unwrap()).unwrap();
    assert_eq!(labels_in_store(&v), [pair("موسكو", "PER")]);
    assert!(
        !corpus
            .join(format!(".hamesh/annotations/{ARTICLE}.json"))
            .exists(),
        "the curated layer is not written"
    );
    assert!(
        reza.load(ARTICLE).unwrap().unwrap().spans.is_empty(),
        "Reza's layer untouched"
    );
}
