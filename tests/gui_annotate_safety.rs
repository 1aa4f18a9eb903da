//! Keeping spans safe, through the real app: a damaged store file stops annotation of its
//! article and is never overwritten until the user sets it aside; a changed article lists the
//! spans it lost as waiting for review (more in `gui_review.rs`); a folder that cannot hold the store sends it to the data folder
//! and says so.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers, Role};
use egui_kittest::kittest::Queryable;
use hamesh::annotate::{DocumentAnnotations, Source, Store, span};
use hamesh::i18n::Msg;
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;
use hamesh::ui::annotation::index::IndexEntry;

#[test]
fn a_damaged_store_file_is_kept_and_annotation_waits_for_the_user() {
    let dir = TempDir::new("damaged");
    let corpus = corpus_in(&dir.0, TEXT);
    let file = corpus
        .join(".hamesh/annotations")
        .join(format!("{ARTICLE}.json"));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let garbage = b"{\"schema_version\": 1, \"spans\": [ {\"id\": ";
    std::fs::write(&file, garbage).unwrap();

    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    assert!(harness.state().annotation_blocked());
    harness.get_by_label("Keep the damaged file aside and start over");
    step_until(&mut harness, "the index", |app| app.index_done());
    assert_eq!(
        harness.state().index_entry(ARTICLE),
        Some(IndexEntry::Damaged)
    );

    // Tagging is refused with a message, and the file is untouched.
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    let app = harness.state();
    assert!(app.notices().iter().any(|n| n.msg == Msg::AnnotationPaused));
    app.flush_annotations();
    assert_eq!(std::fs::read(&file).unwrap(), garbage);

    // The user's choice: the file goes aside (kept), annotation starts over.
    harness
        .get_by_label("Keep the damaged file aside and start over")
        .click();
    harness.run_ok();
    let app = harness.state();
    assert!(!app.annotation_blocked());
    let kept = file.with_file_name(format!("{ARTICLE}.json.broken-1"));
    assert_eq!(std::fs::read(&kept).unwrap(), garbage);
    assert!(
        app.notices()
            .iter()
            .any(|n| n.msg == Msg::KeptAside && n.detail.contains("broken-1"))
    );
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    assert_eq!(
        labels_in_store(&stored(harness.state(), &corpus)),
        [pair("موسكو", "PER")]
    );
}

#[test]
fn a_changed_article_lists_the_spans_it_lost() {
    let dir = TempDir::new("changed");
    let old = "قال بوتين إن روسيا ستدعم طالبان في أفغانستان";
    let corpus = corpus_in(&dir.0, old);
    let store = Store::open(&corpus, &dir.0.join("data"));
    let map = CharMap::new(old);
    let mut doc = DocumentAnnotations::new(
        Source {
            path: ARTICLE.into(),
            sha256: span::sha256_hex(old),
            encoding: "UTF-8".into(),
            characters: map.len(),
        },
        "",
    );
    for (quote, label) in [("بوتين", "PER"), ("روسيا", "GPE")] {
        let s = map.char_of(old.find(quote).unwrap());
        let id = doc.allocate_id();
        let r = CharIndex(s)..CharIndex(s + quote.chars().count());
        doc.spans.push(span::make_span(old, &map, id, r, label));
    }
    store.save(ARTICLE, &doc).unwrap();
    // The article is edited outside Hamesh: بوتين is gone, text is added before روسيا.
    std::fs::write(
        corpus.join(ARTICLE),
        "أمس قال الرئيس إن روسيا ستدعم طالبان في أفغانستان",
    )
    .unwrap();

    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    step_until(&mut harness, "the article", |app| {
        app.annotations().is_some()
    });
    let app = harness.state();
    let doc = app.annotations().unwrap();
    assert_eq!(doc.spans.len(), 1);
    assert_eq!(doc.spans[0].text, "روسيا");
    assert_eq!(doc.needs_review.len(), 1);
    let waiting = &doc.needs_review[0].span;
    assert_eq!(
        (waiting.text.as_str(), waiting.label.as_str()),
        ("بوتين", "PER")
    );
    assert!(app.notices().iter().any(|n| n.msg == Msg::SpansNeedReview));
    // The panel lists the span with its quote; the file keeps it.
    harness.get_by_role_and_label(Role::ListItem, "بوتين");
    app.flush_annotations();
    let reread = store.load(ARTICLE).unwrap().unwrap();
    assert_eq!(reread.needs_review.len(), 1);
    assert_eq!(
        reread.source.sha256,
        span::sha256_hex(&std::fs::read_to_string(corpus.join(ARTICLE)).unwrap())
    );
}

#[test]
fn a_folder_that_cannot_hold_annotations_sends_them_to_the_data_folder_and_says_so() {
    let dir = TempDir::new("read-only");
    let corpus = corpus_in(&dir.0, TEXT);
    // A file where `.hamesh` would go: the store cannot be made there, as in a read-only folder
    // (which root could still write to).
    std::fs::write(corpus.join(".hamesh"), b"not a folder").unwrap();
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let (store, fallback) = harness
        .state()
        .annotation_dir()
        .map(|(p, f)| (p.to_path_buf(), f))
        .unwrap();
    assert!(fallback);
    assert!(store.starts_with(dir.0.join("data")), "{store:?}");
    harness.get_by_label("This folder is read-only; annotations are saved in");
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.state().flush_annotations();
    let file = store.join("annotations").join(format!("{ARTICLE}.json"));
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(saved["spans"][0]["text"], "موسكو");
    assert_eq!(
        std::fs::read(corpus.join(".hamesh")).unwrap(),
        b"not a folder"
    );
}

#[test]
fn a_label_set_that_cannot_be_created_is_reported_as_not_saved_not_as_unreadable() {
    let dir = TempDir::new("labels-unwritable");
    let corpus = corpus_in(&dir.0, TEXT);
    // A folder where the write of the default `labels.json` puts its temporary file: creating
    // the set fails for any user, root included, as on a full disk; there is nothing to read.
    let blocker = corpus.join(format!(".hamesh/.labels.json.tmp-{}", std::process::id()));
    std::fs::create_dir_all(blocker.join("inside")).unwrap();
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let app = harness.state();
    assert!(
        app.notices()
            .iter()
            .any(|n| n.msg == Msg::LabelsNotCreated
                && n.detail.contains("cannot create the label set")),
        "{:?}",
        app.notices().iter().map(|n| n.msg).collect::<Vec<_>>()
    );
    assert!(!app.notices().iter().any(|n| n.msg == Msg::LabelsDamaged));
    harness.get_by_label(
        "The label set could not be saved or created; the default labels are used until they can be saved",
    );
}

/// The status bar says whether every edit is on disk: "Saved", and "Not saved" (with the
/// message above the reader) when a write fails, until one succeeds.
#[test]
fn the_status_bar_says_whether_everything_is_saved() {
    let dir = TempDir::new("saved-sign");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    harness.get_by_label("Saved");
    // A folder where the article's annotation file goes: its write fails.
    let file = corpus.join(format!(".hamesh/annotations/{ARTICLE}.json"));
    std::fs::create_dir_all(file.join("in-the-way")).unwrap();
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.state().flush_annotations();
    step_until(&mut harness, "the failure", |app| {
        app.shell()
            .notices()
            .iter()
            .any(|n| n.msg == Msg::AnnotationsNotSaved)
    });
    harness.run_ok();
    harness.get_by_label("Not saved");
    assert!(harness.query_by_label("Saved").is_none());
    // Out of the way: the next edit is written, and the bar says so.
    std::fs::remove_dir_all(&file).unwrap();
    key(&mut harness, Modifiers::NONE, Key::Num2);
    harness.state().flush_annotations();
    harness.run_ok();
    harness.run_ok();
    harness.get_by_label("Saved");
    assert!(file.is_file());
}
