//! Spans whose place is no longer certain wait for review instead of moving on a guess, through
//! the real app: a word replaced in a sample article (the span's quote now occurs only in other
//! surroundings), a passage that now occurs twice, and a store file whose offsets do not fit
//! the text. Each is listed in the panel with where it was and where its quote occurs now; the
//! user places or discards it; export reports it instead of writing it.

mod annotate_support;

use std::path::{Path, PathBuf};

use annotate_support::*;
use egui::{Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamesh::annotate::{DocumentAnnotations, ReviewReason, Source, Store, span};
use hamesh::dataset::{ExportOptions, Format};
use hamesh::i18n::Msg;
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;
use hamesh::ui::HameshApp;

const SAMPLE: &str = "000_d5fe01cfcadbce81.txt";

fn find_in(text: &str, needle: &str, nth: usize) -> std::ops::Range<CharIndex> {
    let byte = text.match_indices(needle).nth(nth).expect("in the text").0;
    let start = CharMap::new(text).char_of(byte);
    CharIndex(start)..CharIndex(start + needle.chars().count())
}

/// Characters `range` of `text`.
fn chars(text: &str, range: std::ops::Range<CharIndex>) -> &str {
    let map = CharMap::new(text);
    &text[map.byte_of(range.start.0)..map.byte_of(range.end.0)]
}

fn open_at(dir: &Path, file: PathBuf, rel: &'static str) -> Harness<'static, HameshApp> {
    let mut harness = start(dir, file);
    step_until(&mut harness, "the article", |app| {
        app.current_article() == Some(rel)
            && app.reader().is_some_and(|r| r.painted_glyphs() > 0)
            && app.annotations().is_some()
    });
    harness
}

/// Annotates «روسيا» in «مخاوف روسيا هي» of the sample, then edits the article outside Hamesh:
/// a line at the top, and that word replaced with «الكرملين».
fn annotate_then_replace_the_word(dir: &TempDir) -> (PathBuf, String, hamesh::annotate::Span) {
    let corpus = corpus_in(&dir.0, TEXT);
    let file = corpus.join(SAMPLE);
    let text = std::fs::read_to_string(&file).unwrap();
    let phrase = find_in(&text, "مخاوف روسيا هي", 0);
    let word = phrase.start + 6..phrase.start + 11;
    let mut harness = open_at(&dir.0, file.clone(), SAMPLE);
    assert_eq!(
        chars(harness.state().reader().unwrap().text(), word.clone()),
        "روسيا"
    );
    drag_over(&mut harness, word.clone());
    key(&mut harness, Modifiers::NONE, Key::Num3);
    let made = harness.state().annotations().unwrap().spans[0].clone();
    assert_eq!((made.start, made.end), (word.start, word.end));
    harness.state().flush_annotations();
    drop(harness);

    let edited = format!(
        "سطر جديد في أعلى المقالة\n{}",
        text.replacen("مخاوف روسيا هي", "مخاوف الكرملين هي", 1)
    );
    std::fs::write(&file, &edited).unwrap();
    (corpus, edited, made)
}

#[test]
fn a_replaced_word_waits_for_review_instead_of_moving_to_another_mention() {
    let dir = TempDir::new("review-replaced");
    let (corpus, edited, made) = annotate_then_replace_the_word(&dir);
    let harness = open_at(&dir.0, corpus.join(SAMPLE), SAMPLE);
    let app = harness.state();
    let doc = app.annotations().unwrap();
    assert!(
        doc.spans.is_empty(),
        "not placed on another روسيا: {:?}",
        doc.spans
    );
    assert_eq!(doc.needs_review.len(), 1);
    let waiting = &doc.needs_review[0];
    assert_eq!(waiting.reason, ReviewReason::ContextChanged);
    assert_eq!(
        waiting.span, made,
        "where it was: offsets, quote and context unchanged"
    );
    let mentions = edited.matches("روسيا").count();
    assert_eq!(
        waiting.candidates.len(),
        mentions,
        "every mention is a candidate"
    );
    for &c in &waiting.candidates {
        let r = c..c + 5;
        assert_eq!(chars(app.reader().unwrap().text(), r), "روسيا");
    }
    // Said, not hidden: the notice names the article, the panel lists the span.
    assert!(
        app.notices()
            .iter()
            .any(|n| n.msg == Msg::SpansNeedReview && n.detail.contains(SAMPLE)),
        "{:?}",
        app.notices()
    );
    assert!(!app.notices().iter().any(|n| n.msg == Msg::ArticleChanged));
    harness.get_by_role_and_label(Role::ListItem, "روسيا");
    harness.get_by_label("The quote is still in the article, but not in its old surroundings");
    // The store keeps it as it was, now against the new text.
    app.flush_annotations();
    let store = Store::open(&corpus, &dir.0.join("data"));
    let reread = store.load(SAMPLE).unwrap().unwrap();
    assert_eq!(reread.needs_review[0].span, made);
    assert_eq!(reread.source.sha256, span::sha256_hex(&edited));
}

#[test]
fn export_reports_a_span_waiting_for_review_and_does_not_write_it() {
    let dir = TempDir::new("review-export");
    let (corpus, _, _) = annotate_then_replace_the_word(&dir);
    let out = dir.0.join("dataset.json");
    let options = ExportOptions {
        format: Format::Json,
        output: out.clone(),
        fallback_root: Some(dir.0.join("data")),
        ..ExportOptions::default()
    };
    let summary = hamesh::dataset::export(&corpus, &options, &mut |_| true).expect("exports");
    assert_eq!(summary.left_out_spans, 1);
    assert!(
        summary.warnings.iter().any(|w| w.starts_with(SAMPLE)),
        "{:?}",
        summary.warnings
    );
    let dataset: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let doc = dataset["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == SAMPLE)
        .expect("the document is exported");
    assert_eq!(doc["spans"].as_array().unwrap().len(), 0);
}

#[test]
fn placing_a_reviewed_span_at_a_candidate_is_one_undoable_edit() {
    let dir = TempDir::new("review-place");
    let (corpus, _, made) = annotate_then_replace_the_word(&dir);
    let mut harness = open_at(&dir.0, corpus.join(SAMPLE), SAMPLE);
    let candidate = harness.state().annotations().unwrap().needs_review[0].candidates[0];
    harness
        .get_all_by_label("Place here")
        .next()
        .expect("a button")
        .click();
    harness.run_ok();
    let doc = harness.state().annotations().unwrap().clone();
    assert!(doc.needs_review.is_empty());
    assert_eq!(doc.spans.len(), 1);
    let placed = &doc.spans[0];
    assert_eq!(
        (placed.id.clone(), placed.start),
        (made.id.clone(), candidate)
    );
    assert_eq!(
        (placed.text.as_str(), placed.label.as_str()),
        ("روسيا", "GPE")
    );
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    let doc = harness.state().annotations().unwrap();
    assert!(doc.spans.is_empty());
    assert_eq!(doc.needs_review[0].span, made);
    // Discarding is an edit too.
    harness
        .state_mut()
        .apply(hamesh::ui::AnnotateCommand::DiscardReviewed(
            made.id.clone(),
        ));
    assert!(
        harness
            .state()
            .annotations()
            .unwrap()
            .needs_review
            .is_empty()
    );
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().annotations().unwrap().needs_review.len(), 1);
}

#[test]
fn a_passage_that_now_occurs_twice_waits_for_review_with_both_places() {
    let dir = TempDir::new("review-twice");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.state().flush_annotations();
    drop(harness);
    // The first paragraph is pasted twice (and a heading added): موسكو with all its context
    // is now in two places.
    let first = TEXT.lines().next().unwrap();
    let edited = format!("عنوان\n{first}\n{TEXT}");
    std::fs::write(corpus.join(ARTICLE), &edited).unwrap();

    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let doc = harness.state().annotations().unwrap();
    assert!(doc.spans.is_empty());
    let waiting = &doc.needs_review[0];
    assert_eq!(waiting.reason, ReviewReason::Ambiguous);
    let both: Vec<CharIndex> = edited
        .match_indices("موسكو")
        .take(2)
        .map(|(b, _)| CharIndex(CharMap::new(&edited).char_of(b)))
        .collect();
    assert_eq!(waiting.candidates[..2], both[..]);
    harness.get_by_label("The quote occurs with its surroundings in several places");
    // A click on a place shows it in the reader: selected there.
    let shown = both[1]..CharIndex(both[1].0 + 5);
    harness
        .state_mut()
        .apply(hamesh::ui::ReadCommand::ShowText(shown.clone()));
    harness.run_ok();
    assert_eq!(
        harness.state().reader().unwrap().selected_text(),
        Some("موسكو")
    );
}

#[test]
fn a_store_file_whose_offsets_do_not_fit_the_text_opens_with_those_spans_in_review() {
    let dir = TempDir::new("review-invalid");
    let corpus = corpus_in(&dir.0, TEXT);
    let store = Store::open(&corpus, &dir.0.join("data"));
    let map = CharMap::new(TEXT);
    let mut doc = DocumentAnnotations::new(
        Source {
            path: ARTICLE.into(),
            sha256: span::sha256_hex(TEXT),
            encoding: "UTF-8".into(),
            characters: map.len(),
        },
        "",
    );
    let good = find("موسكو", 0);
    let id = doc.allocate_id();
    doc.spans.push(span::make_span(TEXT, &map, id, good, "GPE"));
    // Beyond the text, and reversed: a damaged or hand-edited file.
    let mut beyond = span::make_span(TEXT, &map, doc.allocate_id(), find("الصين", 0), "GPE");
    beyond.start = CharIndex(5_000);
    beyond.end = CharIndex(5_005);
    let mut reversed = span::make_span(TEXT, &map, doc.allocate_id(), find("روسيا", 0), "GPE");
    std::mem::swap(&mut reversed.start, &mut reversed.end);
    doc.spans.push(beyond.clone());
    doc.spans.push(reversed.clone());
    store.save(ARTICLE, &doc).unwrap();

    let harness = {
        let mut h = start(&dir.0, corpus.join(ARTICLE));
        reading(&mut h);
        h
    };
    let app = harness.state();
    let opened = app.annotations().unwrap();
    assert_eq!(opened.spans.len(), 1, "the valid span stays");
    let reasons: Vec<_> = opened.needs_review.iter().map(|r| r.reason).collect();
    assert_eq!(reasons, [ReviewReason::Invalid, ReviewReason::Invalid]);
    assert_eq!(opened.review(&beyond.id).map(|r| &r.span), Some(&beyond));
    assert_eq!(
        opened.review(&reversed.id).map(|r| &r.span),
        Some(&reversed)
    );
    assert!(app.notices().iter().any(|n| n.msg == Msg::SpansNeedReview));
    let reason = "The annotation file puts this span where the text does not hold its quote";
    assert_eq!(harness.get_all_by_label(reason).count(), 2);

    // The corpus still exports, with the two reported.
    let options = ExportOptions {
        output: dir.0.join("out.json"),
        fallback_root: Some(dir.0.join("data")),
        ..ExportOptions::default()
    };
    let summary = hamesh::dataset::export(&corpus, &options, &mut |_| true).expect("exports");
    assert_eq!(summary.left_out_spans, 2);
}
