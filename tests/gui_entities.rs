//! Linking spans to entities in the window: a span becomes a new entity, another spelling of
//! it finds that entity by the normaliser and is linked with one click, its text added as an
//! alias; a Wikidata item typed in; the entity list shows the entity with its mentions and
//! the unlinked view what is left. The registry file has it all.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hamesh::annotate::Store;
use hamesh::annotate::entities::Registry;
use hamesh::i18n::{Msg, tr};
use hamesh::settings::UiLanguage;

const ARTICLE_TEXT: &str = "قالت روسيا إن رُوسيا لن تتراجع، وإن روسیه كذلك، وقال بوتين ذلك.";

fn range_of(needle: &str) -> std::ops::Range<hamesh::text::CharIndex> {
    let byte = ARTICLE_TEXT.find(needle).unwrap();
    let start = ARTICLE_TEXT[..byte].chars().count();
    hamesh::text::CharIndex(start)..hamesh::text::CharIndex(start + needle.chars().count())
}

fn button(harness: &mut egui_kittest::Harness<'_, hamesh::ui::HameshApp>, msg: Msg) {
    harness.get_by_label(tr(UiLanguage::En, msg)).click();
    harness.run_steps(3);
}

#[test]
fn link_spans_to_an_entity_and_see_the_entity_list() {
    let dir = TempDir::new("entities");
    let corpus = corpus_in(&dir.0, ARTICLE_TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let en = |m| tr(UiLanguage::En, m);

    // «روسيا» as GPE, made a new entity.
    drag_over(&mut harness, range_of("روسيا"));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.run_steps(3);
    button(&mut harness, Msg::NewEntity);
    let doc = harness.state().annotations().unwrap();
    assert_eq!(doc.spans[0].entity.as_deref(), Some("e1"));

    // «رُوسيا» with harakat is the same name under the normaliser: the entity is offered,
    // linked in one click, and there is no alias to add.
    drag_over(&mut harness, range_of("رُوسيا"));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.run_steps(3);
    assert!(
        harness.query_by_label(en(Msg::LinkTo)).is_some(),
        "the entity is offered"
    );
    button(&mut harness, Msg::LinkTo);
    let doc = harness.state().annotations().unwrap();
    assert!(doc.spans.iter().all(|s| s.entity.as_deref() == Some("e1")));
    assert!(harness.query_by_label(en(Msg::AddAlias)).is_none());

    // «روسیه», the Persian name, is offered as another GPE; linked, it becomes an alias.
    drag_over(&mut harness, range_of("روسیه"));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.run_steps(3);
    button(&mut harness, Msg::LinkTo);
    button(&mut harness, Msg::AddAlias);
    let app = harness.state();
    let registry = &app.folder().unwrap().annotating().registry;
    assert_eq!(registry.get("e1").unwrap().aliases, ["روسیه"]);
    assert_eq!(registry.candidates("روسیه", "GPE").len(), 1);

    // Type the Wikidata item; leaving the field sets it.
    let qid = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .filter(|n| n.value().is_some_and(|v| v.is_empty()) && n.rect().min.x > 800.0)
        .max_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("the Wikidata field, below the note");
    qid.focus();
    qid.type_text("Q159");
    harness.run_steps(2);
    key(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(
        app.folder()
            .unwrap()
            .annotating()
            .registry
            .get("e1")
            .unwrap()
            .wikidata
            .as_deref(),
        Some("Q159")
    );

    // «بوتين» stays unlinked. The entity list shows the entity and its two mentions.
    drag_over(&mut harness, range_of("بوتين"));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.run_steps(3);
    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    step_until(&mut harness, "the mentions", |app| {
        app.shell()
            .entities
            .as_ref()
            .is_some_and(|v| !v.is_loading() && v.mentions().is_some())
    });
    harness.run_steps(2);
    let view = harness.state().shell().entities.as_ref().unwrap();
    let mentions = view.mentions().unwrap();
    assert_eq!(mentions.by_entity["e1"].len(), 3);
    assert_eq!(mentions.unlinked.len(), 1);
    assert_eq!(mentions.unlinked[0].mentions[0].text, "بوتين");
    assert!(harness.query_by_label(en(Msg::Unlinked)).is_some());

    // On disk: the registry and the spans' links.
    harness.state().flush_annotations();
    let store = Store::open(&corpus, &dir.0.join("data"));
    let registry = Registry::load(&store).unwrap();
    let e1 = registry.get("e1").unwrap();
    assert_eq!((e1.label.as_str(), e1.name("ar")), ("GPE", "روسيا"));
    assert_eq!(e1.wikidata.as_deref(), Some("Q159"));
    assert_eq!(e1.aliases, ["روسیه"]);
    let stored = stored(harness.state(), &corpus);
    let linked = stored["spans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["entity"] == "e1")
        .count();
    assert_eq!(linked, 3);
}
