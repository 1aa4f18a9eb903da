//! A corpus a team annotates, through the real app: with annotator layers in the corpus and a
//! name set, the window opens that annotator's own layer, writes there and says so in the
//! status bar; the others' layers and the curated layer are left as they were.

mod annotate_support;

use annotate_support::*;
use egui::Key;
use egui::Modifiers;
use egui::accesskit::Role;
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

/// Annotate → Beside mine → a colleague: the reader draws Reza's spans over the text while
/// Sara's own stay hers to edit; Reza's file is only read. The curated layer can be shown too,
/// and Nobody's hides them again.
#[test]
fn another_annotators_layer_is_shown_read_only_beside_ones_own() {
    let dir = TempDir::new("team-beside");
    let corpus = corpus_in(&dir.0, TEXT);
    let store = Store::open(&corpus, &dir.0.join("data"));
    save_layer(&store, "reza", &[(find("الروسية", 0), "ORG")]);
    let reza = store.layer("reza").unwrap();
    let before = std::fs::read(reza.path_for(ARTICLE).unwrap()).unwrap();
    let settings = dir.0.join("config/settings.json");
    std::fs::create_dir_all(settings.parent().unwrap()).unwrap();
    std::fs::write(&settings, r#"{"annotator": "سارا"}"#).unwrap();
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    assert!(harness.state().reader().unwrap().beside_shown().is_empty());

    beside_menu(&mut harness, "reza");
    let shown: Vec<_> = harness.state().reader().unwrap().beside_shown().to_vec();
    assert_eq!(
        shown.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
        [find("الروسية", 0)]
    );
    harness.get_by_label("Beside");
    // Reza's span is not Sara's: nothing to select or edit there, and her own edits go to
    // her layer.
    assert!(spans(harness.state()).is_empty());
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.state().flush_annotations();
    assert_eq!(spans(harness.state()), [pair("موسكو", "PER")]);
    assert_eq!(
        std::fs::read(reza.path_for(ARTICLE).unwrap()).unwrap(),
        before,
        "Reza's file is only read"
    );
    // The curated layer has nothing for this article; Nobody's hides the brackets.
    beside_menu(&mut harness, "Curated");
    assert!(harness.state().reader().unwrap().beside_shown().is_empty());
    beside_menu(&mut harness, "reza");
    assert_eq!(harness.state().reader().unwrap().beside_shown().len(), 1);
    // Reza's layer changes on disk (a git pull): what is drawn follows.
    save_layer(
        &store,
        "reza",
        &[(find("الروسية", 0), "ORG"), (find("الصين", 0), "GPE")],
    );
    step_until(&mut harness, "Reza's new span drawn", |app| {
        app.reader().is_some_and(|r| r.beside_shown().len() == 2)
    });
    beside_menu(&mut harness, "Nobody's");
    assert!(harness.state().reader().unwrap().beside_shown().is_empty());
}

/// Annotate → Beside mine → `item`.
fn beside_menu(harness: &mut egui_kittest::Harness<'_, hamesh::ui::HameshApp>, item: &str) {
    harness.get_by_label("Annotate").click();
    harness.run_ok();
    // (The submenu's button and its area both carry the name.)
    harness
        .query_all_by_label("Beside mine")
        .next()
        .unwrap()
        .hover();
    harness.run_ok();
    harness.get_by_label(item).click();
    harness.run_ok();
    // The menu closes with the click; a frame more draws the reader with the new layer.
    harness.run_ok();
}

/// At first start the start screen asks for the annotator's name; it is kept in the settings.
#[test]
fn the_annotator_names_themself_on_the_start_screen() {
    let dir = TempDir::new("team-first-start");
    let settings = dir.0.join("config/settings.json");
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1300.0, 800.0))
        .with_max_steps(120)
        .build_eframe(move |cc| {
            let startup = hamesh::ui::Startup::new(settings, None);
            hamesh::ui::HameshApp::new(&cc.egui_ctx, startup)
        });
    harness.run_ok();
    let field = harness.get_by_role_and_label(Role::TextInput, "Your name as an annotator");
    field.focus();
    field.type_text("سارا 2");
    harness.run_ok();
    assert_eq!(harness.state().settings().annotator, "سارا 2");
    harness.state_mut().save_settings_now();
    let saved = std::fs::read_to_string(dir.0.join("config/settings.json")).unwrap();
    assert!(saved.contains("سارا 2"), "{saved}");
}

/// A team's corpus opened with no name has the curated layer open; typing one's name under
/// Annotate → Annotator opens one's own layer at once, at the same article, and edits go there.
#[test]
fn naming_oneself_in_a_team_corpus_opens_ones_own_layer() {
    let dir = TempDir::new("team-name-later");
    let corpus = corpus_in(&dir.0, TEXT);
    let store = Store::open(&corpus, &dir.0.join("data"));
    save_layer(&store, "reza", &[]);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    harness.get_by_label_contains("the curated layer is open");
    assert_eq!(open_layer(&harness), None);

    harness.get_by_label("Annotate").click();
    harness.run_ok();
    let field = harness.get_by_role_and_label(Role::TextInput, "Annotator");
    field.focus();
    field.type_text("سارا");
    harness.run_ok();
    // Still typing: the layer waits for the name to be finished.
    assert_eq!(open_layer(&harness), None);
    key(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run_ok();
    reading(&mut harness);
    let folder = harness.state().folder().unwrap();
    assert_eq!(folder.annotating().store.annotator(), Some("سارا"));
    assert_eq!(folder.current().map(|a| a.path.as_str()), Some(ARTICLE));
    harness.get_by_label("Layer");
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.state().flush_annotations();
    let mine = store.layer("سارا").unwrap().load(ARTICLE).unwrap().unwrap();
    assert_eq!(mine.spans.len(), 1);
    assert!(
        !corpus
            .join(format!(".hamesh/annotations/{ARTICLE}.json"))
            .exists(),
        "nothing written to the curated layer"
    );
    // A name that cannot name a layer opens the curated layer, and says why.
    harness.get_by_label("Annotate").click();
    harness.run_ok();
    let field = harness.get_by_role_and_label(Role::TextInput, "Annotator");
    field.focus();
    field.type_text("/x");
    harness.run_ok();
    key(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run_ok();
    reading(&mut harness);
    assert_eq!(open_layer(&harness), None);
    harness.get_by_label_contains("cannot name an annotator layer");
    // No name at all: the curated layer, as curation needs.
    set_annotator(&mut harness, "");
    assert_eq!(open_layer(&harness), None);
    set_annotator(&mut harness, "reza");
    assert_eq!(open_layer(&harness), Some("reza"));
}

/// Whose layer the window has open (`None`: the curated one).
fn open_layer<'h>(
    harness: &'h egui_kittest::Harness<'_, hamesh::ui::HameshApp>,
) -> Option<&'h str> {
    harness.state().folder()?.annotating().store.annotator()
}

/// Sets the annotator's name as the field does, then lets the window follow it.
fn set_annotator(harness: &mut egui_kittest::Harness<'_, hamesh::ui::HameshApp>, name: &str) {
    let command = hamesh::ui::command::ViewCommand::SetAnnotator(name.into());
    harness.state_mut().apply(command);
    harness.run_ok();
    reading(harness);
}
