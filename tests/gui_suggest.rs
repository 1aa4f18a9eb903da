//! Suggestions in the window: a labelled string's other mentions appear at once, drawn apart
//! from spans; N steps to one, A accepts it (a span), R rejects one for good (remembered in
//! the corpus, so it stays away when the folder is opened again), and "Accept all" takes the
//! rest of the article in one undo step.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamesh::i18n::{Msg, tr};
use hamesh::search::rejections::REJECTIONS_FILE;
use hamesh::settings::UiLanguage;
use hamesh::ui::HameshApp;

const ARTICLE_TEXT: &str =
    "قالت موسكو إن مُوسكو لن تتراجع.\nوتبقى موسكو كما هي، وموسكو أيضا، ثم موسكو.";

fn shown(harness: &Harness<'_, HameshApp>) -> Vec<String> {
    let reader = harness.state().reader().unwrap();
    let chars: Vec<char> = reader.text().chars().collect();
    reader
        .suggestions_shown()
        .iter()
        .map(|(r, _)| chars[r.start.0..r.end.0].iter().collect())
        .collect()
}

fn dictionary_ready(harness: &mut Harness<'_, HameshApp>) {
    step_until(harness, "the dictionary", |app| {
        app.folder()
            .is_some_and(|f| !f.annotating().suggesting.is_loading())
    });
}

fn first_of(needle: &str, nth: usize) -> std::ops::Range<hamesh::text::CharIndex> {
    let byte = ARTICLE_TEXT.match_indices(needle).nth(nth).unwrap().0;
    let start = ARTICLE_TEXT[..byte].chars().count();
    hamesh::text::CharIndex(start)..hamesh::text::CharIndex(start + needle.chars().count())
}

#[test]
fn accept_and_reject_suggestions_and_rejections_are_remembered() {
    let dir = TempDir::new("suggest");
    let corpus = corpus_in(&dir.0, ARTICLE_TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    dictionary_ready(&mut harness);
    // The samples' own mentions of «موسكو» are not labelled: nothing is suggested yet.
    assert!(shown(&harness).is_empty());

    let first = first_of("موسكو", 0);
    let at = (
        inside(harness.state(), first.start, true),
        inside(harness.state(), first.end - 1, false),
    );
    harness.hover_at(at.0);
    harness.drag_at(at.0);
    harness.hover_at(at.1);
    harness.drop_at(at.1);
    harness.run_steps(30);
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.run_steps(3);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    // Every other whole-word mention, harakat or not, is suggested; «وموسكو» is another word.
    assert_eq!(shown(&harness), ["مُوسكو", "موسكو", "موسكو"]);
    let panel_title = tr(UiLanguage::En, Msg::Suggestions);
    assert!(harness.query_by_label(panel_title).is_some());

    // Escape drops the selection; N steps to the first suggestion, A accepts it.
    key(&mut harness, Modifiers::NONE, Key::Escape);
    key(&mut harness, Modifiers::NONE, Key::N);
    let selected = harness
        .state()
        .reader()
        .and_then(|r| r.selected_text())
        .map(str::to_string);
    assert_eq!(selected.as_deref(), Some("مُوسكو"));
    key(&mut harness, Modifiers::NONE, Key::A);
    harness.run_steps(2);
    assert_eq!(
        spans(harness.state()),
        [pair("موسكو", "GPE"), pair("مُوسكو", "GPE")]
    );
    assert_eq!(shown(&harness), ["موسكو", "موسكو"]);

    // R rejects the current one (the next, now first): it is written to the corpus.
    key(&mut harness, Modifiers::NONE, Key::R);
    harness.run_steps(2);
    assert_eq!(shown(&harness), ["موسكو"]);
    assert_eq!(spans(harness.state()).len(), 2, "a rejection makes no span");
    harness.state().flush_annotations();
    let file = corpus.join(".hamesh").join(REJECTIONS_FILE);
    let saved = std::fs::read_to_string(&file).expect("the rejections file");
    assert!(
        saved.contains("موسكو") && saved.contains(ARTICLE),
        "{saved}"
    );
    drop(harness);

    // Opened again: the rejection holds, the other suggestion is back.
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    dictionary_ready(&mut harness);
    harness.run_steps(2);
    assert_eq!(shown(&harness), ["موسكو"]);
    // Accept all: one undo step.
    harness
        .get_by_label(tr(UiLanguage::En, Msg::AcceptAll))
        .click();
    harness.run_steps(3);
    assert_eq!(spans(harness.state()).len(), 3);
    assert!(shown(&harness).is_empty());
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()).len(), 2);
    assert_eq!(shown(&harness), ["موسكو"]);
}

/// A model's predictions imported from a Label Studio export are suggested where the user has
/// no span, and accepted with the same key: the span is the user's; the predictions stay as
/// they were.
#[test]
fn label_studio_predictions_are_suggested_and_accepted_like_the_others() {
    use hamesh::dataset::import::{ImportOptions, import};
    let dir = TempDir::new("suggest-predicted");
    let corpus = corpus_in(&dir.0, ARTICLE_TEXT);
    let first = first_of("موسكو", 0);
    let export = serde_json::json!([{
        "id": 1,
        "data": {"text": ARTICLE_TEXT},
        "annotations": [],
        "predictions": [{"model_version": "ner-v2", "result": [{
            "id": "p1", "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": first.start.0, "end": first.end.0, "text": "موسكو",
                      "labels": ["GPE"]}
        }]}]
    }]);
    let file = dir.0.join("export.json");
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let options = ImportOptions {
        predictions: true,
        add_labels: true,
        fallback_root: Some(dir.0.join("data")),
        ..ImportOptions::default()
    };
    import(&file, &corpus, &options, &mut |_| true).unwrap();
    let predictions = corpus.join(format!(".hamesh/predictions/annotations/{ARTICLE}.json"));
    let before = std::fs::read(&predictions).expect("the predictions file");

    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    dictionary_ready(&mut harness);
    harness.run_steps(2);
    assert_eq!(shown(&harness), ["موسكو"], "the predicted place only");
    assert!(
        spans(harness.state()).is_empty(),
        "a prediction is not a span"
    );
    key(&mut harness, Modifiers::NONE, Key::N);
    key(&mut harness, Modifiers::NONE, Key::A);
    harness.run_steps(2);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    // The accepted span is learned like any other: its other mentions are suggested now.
    assert_eq!(shown(&harness), ["مُوسكو", "موسكو", "موسكو"]);
    harness.state().flush_annotations();
    assert_eq!(
        labels_in_store(&stored(harness.state(), &corpus)),
        [pair("موسكو", "GPE")]
    );
    assert_eq!(
        std::fs::read(&predictions).unwrap(),
        before,
        "predictions are only read"
    );
}
