//! Annotating through the real app, driven by egui_kittest: drag over words (positions from the
//! engine's own geometry), press label keys, relabel, delete, undo and redo, nest a GPE inside an
//! ORG, make a sub-word span with character precision, check the panel, the article list and the
//! store file on disk, restart and find everything again; jump to a span from the panel, rename a
//! label across the folder, mirror the panel. (Keeping spans safe: `gui_annotate_safety.rs`.)
//!
//! Every test works on a temporary copy of the samples (plus its own small article), so the
//! repository's samples are never annotated.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers, Role};
use egui_kittest::kittest::Queryable;
use hamesh::annotate::{DocStatus, DocumentAnnotations, Source, Store, span};
use hamesh::text::offsets::CharMap;
use hamesh::text::{Affinity, CharIndex};
use hamesh::ui::annotation::index::IndexEntry;

#[test]
fn tag_relabel_delete_undo_nest_sub_word_and_restart() {
    let dir = TempDir::new("tagging");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let none = Modifiers::NONE;

    // Drag over موسكو and press 1: a PER span, in the panel's state and on disk.
    drag_over(&mut harness, find("موسكو", 0));
    assert_eq!(
        harness.state().reader().unwrap().selected_text(),
        Some("موسكو")
    );
    key(&mut harness, none, Key::Num1);
    assert_eq!(spans(harness.state()), [pair("موسكو", "PER")]);
    assert_eq!(
        labels_in_store(&stored(harness.state(), &corpus)),
        [pair("موسكو", "PER")]
    );
    let span = &harness.state().annotations().unwrap().spans[0];
    assert_eq!(span.start..span.end, find("موسكو", 0));

    // A click on the span selects it; 2 relabels it.
    key(&mut harness, none, Key::Escape);
    assert!(harness.state().selected_span().is_none());
    click(&mut harness, find("موسكو", 0).start + 2, true);
    assert!(harness.state().selected_span().is_some());
    key(&mut harness, none, Key::Num2);
    assert_eq!(spans(harness.state()), [pair("موسكو", "ORG")]);
    assert_eq!(
        labels_in_store(&stored(harness.state(), &corpus)),
        [pair("موسكو", "ORG")]
    );

    // Delete removes it; undo brings it back, redo removes it again, undo once more.
    key(&mut harness, none, Key::Delete);
    assert!(spans(harness.state()).is_empty());
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()), [pair("موسكو", "ORG")]);
    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(spans(harness.state()).is_empty());
    assert!(labels_in_store(&stored(harness.state(), &corpus)).is_empty());
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()), [pair("موسكو", "ORG")]);

    // Nested: an ORG over three words, a GPE inside it (a drag ending mid-word snaps to it).
    let org = find("وزارة الخارجية الروسية", 0);
    drag_over(&mut harness, org.start..org.end - 2);
    key(&mut harness, none, Key::Num2);
    drag_over(&mut harness, find("الروسية", 0));
    key(&mut harness, none, Key::Num3);
    let doc = harness.state().annotations().unwrap().clone();
    let outer = doc
        .spans
        .iter()
        .find(|s| s.label == "ORG" && s.len() > 10)
        .unwrap();
    let inner = doc.spans.iter().find(|s| s.label == "GPE").unwrap();
    assert_eq!(outer.text, "وزارة الخارجية الروسية");
    assert_eq!(inner.text, "الروسية");
    assert!(
        outer.start <= inner.start && inner.end <= outer.end,
        "nested"
    );

    // Character precision: روسيا inside وروسيا, a sub-word span.
    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(harness.state().char_precision());
    let word = find("وروسيا", 0);
    drag_over(&mut harness, word.start + 1..word.end);
    key(&mut harness, none, Key::Num3);
    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    let sub = harness
        .state()
        .annotations()
        .unwrap()
        .spans
        .iter()
        .find(|s| s.text == "روسيا")
        .cloned();
    let sub = sub.expect("the sub-word span");
    assert_eq!(sub.start.0, word.start.0 + 1);
    assert_eq!(
        sub.prefix.chars().last(),
        Some('و'),
        "the clitic stays outside"
    );

    // Shift+Left in right-to-left text extends to the logical end; inside the number 2015 it
    // steps the way the digits are drawn (logically backwards).
    let c = find("الصين", 0).start;
    click(&mut harness, c, true);
    key(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    let s = harness.state().reader().unwrap().selection().unwrap();
    assert_eq!(s.range(), c..c + 1, "{s:?}");
    let year = find("2015", 0);
    click(&mut harness, year.end - 1, false);
    key(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    let s = harness.state().reader().unwrap().selection().unwrap();
    assert_eq!(s.range(), year.end - 1..year.end, "{s:?}");
    key(&mut harness, none, Key::Escape);

    // A double click selects a word.
    let w = inside(harness.state(), find("العلاقات", 0).start, true);
    harness.hover_at(w);
    for _ in 0..2 {
        harness.drag_at(w);
        harness.event(egui::Event::PointerButton {
            pos: w,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: none,
        });
    }
    harness.run_ok();
    assert_eq!(
        harness.state().reader().unwrap().selected_text(),
        Some("العلاقات")
    );
    key(&mut harness, none, Key::Escape);

    // The panel lists the spans by their quotes; a click selects one. Its status is kept.
    harness.run_steps(30);
    harness
        .get_by_role_and_label(Role::ListBoxOption, "الروسية")
        .click();
    harness.run_ok();
    assert_eq!(harness.state().selected_span(), Some(&inner.id));
    harness.get_by_label("Done").click();
    harness.run_ok();
    let app = harness.state();
    assert_eq!(app.annotations().unwrap().status, DocStatus::Done);
    let Some(IndexEntry::Annotated(summary)) = app.index_entry(ARTICLE) else {
        panic!("the list knows the document");
    };
    assert_eq!((summary.status, summary.spans), (DocStatus::Done, 4));
    let before = app.annotations().unwrap().clone();
    let on_disk = stored(app, &corpus);
    assert_eq!(on_disk["status"], "done");
    assert_eq!(on_disk["spans"].as_array().unwrap().len(), 4);

    // A new app on the same folders finds everything back.
    drop(harness);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let after = harness.state().annotations().unwrap();
    assert_eq!(after.spans, before.spans);
    assert_eq!(after.status, DocStatus::Done);
    step_until(&mut harness, "the index", |app| app.index_done());
    assert!(
        matches!(harness.state().index_entry(ARTICLE), Some(IndexEntry::Annotated(s)) if s.spans == 4)
    );
}

#[test]
fn panel_jumps_to_a_span_renames_labels_and_mirrors() {
    let dir = TempDir::new("panel");
    let long: String = (0..80)
        .map(|i| format!("الفقرة {i} من مقال طويل عن العلاقات بين موسكو وكابول."))
        .collect::<Vec<_>>()
        .join("\n");
    let corpus = corpus_in(&dir.0, &long);
    // Another document of the folder, annotated earlier with the label about to be renamed.
    let store = Store::open(&corpus, &dir.0.join("data"));
    let other = std::fs::read_to_string(corpus.join("000_d5fe01cfcadbce81.txt")).unwrap();
    let other_map = CharMap::new(&other);
    let source = Source {
        path: "000_d5fe01cfcadbce81.txt".into(),
        sha256: span::sha256_hex(&other),
        encoding: "UTF-8".into(),
        characters: other_map.len(),
    };
    let mut doc = DocumentAnnotations::new(source, "");
    let id = doc.allocate_id();
    let at = other_map.char_of(other.find("طالبان").unwrap());
    doc.spans.push(span::make_span(
        &other,
        &other_map,
        id,
        CharIndex(at)..CharIndex(at + 6),
        "PER",
    ));
    store.save("000_d5fe01cfcadbce81.txt", &doc).unwrap();

    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    step_until(&mut harness, "the article", |app| {
        app.annotations().is_some()
    });
    // A span near the end, made from a selection as the keyboard would (inside وكابول: the
    // word is taken whole).
    let map = CharMap::new(&long);
    let byte = long.rfind("كابول").unwrap();
    let at = CharIndex(map.char_of(byte));
    let sel = hamesh::ui::Selection {
        anchor: at,
        focus: at + 5,
        affinity: Affinity::Upstream,
    };
    harness
        .state_mut()
        .reader_mut()
        .unwrap()
        .set_selection(Some(sel));
    harness
        .state_mut()
        .apply(hamesh::ui::AnnotateCommand::LabelKey(1));
    harness.state_mut().apply(hamesh::ui::ReadCommand::Top);
    harness.run_ok();
    assert_eq!(harness.state().reader().unwrap().scroll().offset, 0.0);

    // A click on its row in the panel scrolls the reader to it.
    harness
        .get_by_role_and_label(Role::ListBoxOption, "وكابول")
        .click();
    step_until(&mut harness, "the scroll", |app| {
        app.reader().is_some_and(|r| !r.scroll_pending())
    });
    let app = harness.state();
    assert!(app.reader().unwrap().scroll().offset > 100.0);
    let rect = app
        .reader()
        .unwrap()
        .caret_rect(at, Affinity::Downstream)
        .expect("laid out");
    assert!(
        app.reader_rect().unwrap().contains(rect.center()),
        "{rect:?}"
    );
    assert!(app.highlight_panel_rect().unwrap().min.x > app.reader_rect().unwrap().max.x - 1.0);

    // Renaming PER renames it in this document (undoably) and in the other one's file.
    harness.get_by_label("Edit labels…").click();
    harness.run_ok();
    assert!(harness.state().label_editor_open());
    let mut set = harness.state().label_set().unwrap().clone();
    set.labels[0].name = "PERSON".into();
    let renames = vec![("PER".to_string(), "PERSON".to_string())];
    harness
        .state_mut()
        .apply(hamesh::ui::AnnotateCommand::SaveLabels(set, renames));
    harness.run_ok();
    let app = harness.state();
    assert!(!app.label_editor_open());
    assert_eq!(app.annotations().unwrap().spans[0].label, "PERSON");
    app.flush_annotations();
    let reread = store.load("000_d5fe01cfcadbce81.txt").unwrap().unwrap();
    assert_eq!(reread.spans[0].label, "PERSON");
    let labels: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus.join(".hamesh/labels.json")).unwrap())
            .unwrap();
    assert_eq!(labels["labels"][0]["name"], "PERSON");
    harness.state_mut().apply(hamesh::ui::AnnotateCommand::Undo);
    assert_eq!(
        harness.state().annotations().unwrap().spans[0].label,
        "PER",
        "kept, drawn grey"
    );

    // The undo history survives reading another article in between.
    let other = "000_d5fe01cfcadbce81.txt".to_string();
    harness
        .state_mut()
        .apply(hamesh::ui::FolderCommand::OpenArticle(other));
    step_until(&mut harness, "the other article", |app| {
        app.current_article() == Some("000_d5fe01cfcadbce81.txt") && app.annotations().is_some()
    });
    assert_eq!(
        harness.state().annotations().unwrap().spans[0].label,
        "PERSON"
    );
    harness
        .state_mut()
        .apply(hamesh::ui::FolderCommand::OpenArticle(ARTICLE.to_string()));
    step_until(&mut harness, "our article again", |app| {
        app.current_article() == Some(ARTICLE) && app.annotations().is_some()
    });
    harness.state_mut().apply(hamesh::ui::AnnotateCommand::Redo);
    assert_eq!(
        harness.state().annotations().unwrap().spans[0].label,
        "PERSON"
    );

    // In a Persian interface the panel moves to the left of the reader.
    harness
        .state_mut()
        .apply(hamesh::ui::ViewCommand::SetUiLanguage(
            hamesh::settings::UiLanguage::Fa,
        ));
    harness.run_ok();
    let app = harness.state();
    assert!(app.highlight_panel_rect().unwrap().max.x <= app.reader_rect().unwrap().min.x + 1.0);
}

/// The first span puts the document in progress (one undo takes both back); Tab and Shift+Tab
/// step through the spans in reading order, wrapping round, selecting each (a digit then
/// relabels it) and keeping the panel on it.
#[test]
fn tab_steps_through_spans_and_the_first_span_starts_the_document() {
    let dir = TempDir::new("tab-spans");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    let status = |h: &egui_kittest::Harness<'_, hamesh::ui::HameshApp>| {
        h.state().annotations().map(|d| d.status)
    };
    assert_eq!(status(&harness), Some(DocStatus::NotStarted));
    // Made out of reading order: موسكو second, الروسية first.
    for word in ["موسكو", "الروسية", "الصين"] {
        drag_over(&mut harness, find(word, 0));
        key(&mut harness, Modifiers::NONE, Key::Num3);
        if word == "موسكو" {
            assert_eq!(status(&harness), Some(DocStatus::InProgress));
            key(&mut harness, Modifiers::COMMAND, Key::Z);
            assert_eq!(
                status(&harness),
                Some(DocStatus::NotStarted),
                "one undo step"
            );
            assert!(spans(harness.state()).is_empty());
            key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        }
    }
    assert_eq!(status(&harness), Some(DocStatus::InProgress));
    key(&mut harness, Modifiers::NONE, Key::Escape);
    let selected_text = |h: &egui_kittest::Harness<'_, hamesh::ui::HameshApp>| {
        let app = h.state();
        let id = app.folder().and_then(|f| f.selected_span()).cloned()?;
        app.annotations()?.span(&id).map(|s| s.text.clone())
    };
    // With the caret after موسكو (the Escape left it there), Tab goes on from it.
    click(&mut harness, find("تتابع", 0).start, true);
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected_text(&harness).as_deref(), Some("الصين"));
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(
        selected_text(&harness).as_deref(),
        Some("الروسية"),
        "round to the first"
    );
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected_text(&harness).as_deref(), Some("موسكو"));
    key(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(selected_text(&harness).as_deref(), Some("الروسية"));
    // Tab took nothing else: no widget has the keyboard, and a digit relabels the span.
    assert!(harness.ctx.memory(|m| m.focused()).is_none());
    key(&mut harness, Modifiers::NONE, Key::Num2);
    let mut now = spans(harness.state());
    now.sort();
    assert_eq!(
        now,
        [
            pair("الروسية", "ORG"),
            pair("الصين", "GPE"),
            pair("موسكو", "GPE")
        ]
    );
}

/// A tap (press and release in the same frame, as touchpads send them) selects the span under
/// it and puts the caret there, as a slower click does.
#[test]
fn a_tap_selects_a_span_and_moves_the_caret() {
    let dir = TempDir::new("tap");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    key(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.state().folder().unwrap().selected_span().is_none());
    let tap = |harness: &mut egui_kittest::Harness<'_, hamesh::ui::HameshApp>, at: CharIndex| {
        let pos = inside(harness.state(), at, true);
        // The pointer arrives with the tap, in the same frame.
        harness.event(egui::Event::PointerMoved(pos));
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        harness.run_ok();
        harness.run_steps(3);
    };
    let inside_moscow = find("موسكو", 0).start + 2;
    tap(&mut harness, inside_moscow);
    let app = harness.state();
    let selected = app.folder().and_then(|f| f.selected_span()).cloned();
    let span = selected.and_then(|id| app.annotations()?.span(&id).cloned());
    assert_eq!(
        span.map(|s| s.text).as_deref(),
        Some("موسكو"),
        "the tap selects the span"
    );
    let caret =
        |app: &hamesh::ui::HameshApp| app.reader().and_then(|r| r.selection()).map(|s| s.focus);
    assert_eq!(caret(harness.state()), Some(inside_moscow));
    // Elsewhere: the caret moves and no span is selected.
    let elsewhere = find("أفغانستان", 0).start;
    tap(&mut harness, elsewhere);
    assert_eq!(caret(harness.state()), Some(elsewhere));
    assert!(harness.state().folder().unwrap().selected_span().is_none());
}

/// Ctrl+← / Ctrl+→ move the selected span's end a word on screen, Ctrl+Shift+← / → its start;
/// with character precision a grapheme. In right-to-left text ← goes towards the text's end.
/// Each move is one undo step, and a move that would empty the span does nothing.
#[test]
fn the_keyboard_moves_either_end_of_the_selected_span() {
    let dir = TempDir::new("span-edges");
    let (corpus, mut harness) = moscow_selected(&dir);
    let ctrl = Modifiers::COMMAND;
    key(&mut harness, ctrl, Key::ArrowLeft);
    assert_eq!(
        spans(harness.state()),
        [pair("موسكو تتابع", "GPE")],
        "the end, a word on"
    );
    key(&mut harness, ctrl | Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(
        spans(harness.state()),
        [pair("إن موسكو تتابع", "GPE")],
        "the start, a word back (to the right in Arabic)"
    );
    key(&mut harness, ctrl | Modifiers::SHIFT, Key::ArrowLeft);
    key(&mut harness, ctrl, Key::ArrowRight);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    // Not emptier than one word.
    key(&mut harness, ctrl, Key::ArrowRight);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    // Character precision: a grapheme at a time.
    key(&mut harness, ctrl | Modifiers::SHIFT, Key::P);
    key(&mut harness, ctrl, Key::ArrowRight);
    assert_eq!(spans(harness.state()), [pair("موسك", "GPE")]);
    key(&mut harness, ctrl | Modifiers::SHIFT, Key::P);
    // One undo per move.
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()), [pair("إن موسكو تتابع", "GPE")]);
    let stored_spans = labels_in_store(&{
        harness.state().flush_annotations();
        stored(harness.state(), &corpus)
    });
    assert_eq!(stored_spans, [pair("إن موسكو تتابع", "GPE")]);
}

/// Dragging an end of the selected span moves it: the end of «موسكو» dragged into «تتابع»
/// takes the whole word (spans snap to words), the text selection is left alone, and the
/// move is one undo step.
#[test]
fn dragging_an_end_of_the_selected_span_moves_it() {
    let dir = TempDir::new("span-drag");
    let (_corpus, mut harness) = moscow_selected(&dir);
    assert!(harness.state().folder().unwrap().selected_span().is_some());
    let moscow = find("موسكو", 0);
    let edge = harness
        .state()
        .reader()
        .unwrap()
        .caret_rect(moscow.end, Affinity::Upstream)
        .unwrap()
        .center();
    let into = inside(harness.state(), find("تتابع", 0).start + 2, true);
    drag_between(&mut harness, edge, into);
    assert_eq!(spans(harness.state()), [pair("موسكو تتابع", "GPE")]);
    let selection = harness
        .state()
        .reader()
        .unwrap()
        .selected_text()
        .map(str::to_string);
    assert_eq!(selection, None, "grabbing an end selects no text");
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    // Away from its ends, a drag over the span selects text as before.
    drag_over(&mut harness, find("تتابع", 0));
    assert_eq!(
        harness.state().reader().unwrap().selected_text(),
        Some("تتابع")
    );
}

/// Our article open in `dir` with a GPE span over «موسكو», made, dropped and selected again
/// with a click inside it.
fn moscow_selected(
    dir: &TempDir,
) -> (
    std::path::PathBuf,
    egui_kittest::Harness<'static, hamesh::ui::HameshApp>,
) {
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    key(&mut harness, Modifiers::NONE, Key::Escape);
    click(&mut harness, find("موسكو", 0).start + 1, true);
    (corpus, harness)
}
