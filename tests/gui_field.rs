//! The filter box is drawn by the engine: mixed Arabic, digits and Latin typed into it are
//! stored in logical order and drawn in bidi order (the Arabic on the right, «2015 abc» left to
//! right beside it), with glyphs from the engine's atlas, and the keys edit it as they do in
//! any text field.

mod annotate_support;

use annotate_support::*;
use egui::epaint::{ClippedShape, Shape};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamesh::ui::HameshApp;

/// Glyph quads the last frame drew inside `rect`.
fn quads_in(harness: &Harness<'_, HameshApp>, rect: egui::Rect) -> usize {
    fn walk(shape: &Shape, rect: egui::Rect, n: &mut usize) {
        match shape {
            Shape::Mesh(m) => {
                *n += m
                    .vertices
                    .chunks(4)
                    .filter(|q| q.iter().all(|v| rect.expand(1.0).contains(v.pos)))
                    .count();
            }
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, rect, n)),
            _ => {}
        }
    }
    let mut n = 0;
    for ClippedShape { shape, .. } in &harness.output().shapes {
        walk(shape, rect, &mut n);
    }
    n
}

/// The app on a one-article corpus, the filter box focused.
fn filter_focused(dir: &TempDir) -> Harness<'static, HameshApp> {
    let corpus = corpus_in(&dir.0, "روسيا 2015 abc\n\nنص.");
    let mut harness = start(&dir.0, corpus);
    step_until(&mut harness, "the scan", |app| app.scan_done());
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .expect("the filter")
        .focus();
    harness
}

/// The app on the test article with «موسكو» labelled and selected; returns the corpus folder.
fn span_selected(dir: &TempDir) -> (std::path::PathBuf, Harness<'static, HameshApp>) {
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.run_steps(4);
    (corpus, harness)
}

/// An input method's composition so far, as egui reports it.
fn preedit(harness: &mut Harness<'_, HameshApp>, text: &str) {
    harness.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: text.into(),
        active_range_chars: None,
    }));
    harness.run_steps(1);
}

#[test]
fn typing_mixed_text_into_the_filter_draws_it_in_bidi_order() {
    let dir = TempDir::new("field");
    let mut harness = filter_focused(&dir);
    let filter = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    filter.type_text("روسيا 2015 abc");
    harness.run_steps(2);
    let field = harness.state().shell().list.filter_field();
    assert_eq!(field.text(), "روسيا 2015 abc", "stored in logical order");
    let arabic: String = "روسيا".chars().rev().collect();
    assert_eq!(field.drawn_order(), format!("abc 2015 {arabic}"));
    // The glyphs are on screen, inside the field.
    let rect = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .rect();
    assert!(
        quads_in(&harness, rect) >= 12,
        "{}",
        quads_in(&harness, rect)
    );
    // The article matches the query, as typed.
    assert_eq!(harness.state().list_rows(), 1);

    // Backspace takes the last letter; Home, then Delete, the first character.
    key(&mut harness, Modifiers::NONE, Key::Backspace);
    key(&mut harness, Modifiers::NONE, Key::Home);
    key(&mut harness, Modifiers::NONE, Key::Delete);
    let field = harness.state().shell().list.filter_field();
    assert_eq!(field.text(), "وسيا 2015 ab");
    // Undo brings them back one at a time.
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().shell().list.filter_field().text(),
        "روسيا 2015 abc"
    );
}

#[test]
fn a_span_note_typed_in_arabic_is_stored_as_typed() {
    let dir = TempDir::new("note");
    let (corpus, mut harness) = span_selected(&dir);
    // The fields are the filter, the document's tags and the selected span's note.
    let fields: Vec<_> = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .collect();
    assert_eq!(fields.len(), 3);
    fields[2].focus();
    fields[2].type_text("مصدر 2015 AP");
    harness.run_steps(2);
    // Escape gives the focus up, which saves the note.
    key(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run_steps(4);
    let doc = stored(harness.state(), &corpus);
    assert_eq!(doc["spans"][0]["note"], "مصدر 2015 AP");
}

#[test]
fn ctrl_f_finds_every_spelling_in_the_article_and_enter_steps_through_them() {
    let dir = TempDir::new("find");
    let corpus = corpus_in(&dir.0, "قالت روسيا إن رُوسِيَا لن\nتتراجع وروسيا ستبقى، روسیه");
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    key(&mut harness, Modifiers::COMMAND, Key::F);
    harness.run_steps(2);
    let find = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.value().is_some_and(|v| v.is_empty()) && n.rect().min.x > 300.0)
        .expect("the find field, beside the list");
    find.type_text("روسيا");
    harness.run_steps(2);
    let bar = harness.state().shell().find.as_ref().expect("the find bar");
    // Harakat do not get in the way; «وروسيا» is another word, and «روسیه» another name.
    assert_eq!(bar.hits().len(), 2, "{:?}", bar.hits());
    key(&mut harness, Modifiers::NONE, Key::Enter);
    key(&mut harness, Modifiers::NONE, Key::Enter);
    let bar = harness.state().shell().find.as_ref().unwrap();
    assert_eq!(bar.current(), Some(1));
    // The hit stepped to is selected in the reader.
    let selected = harness.state().reader().and_then(|r| r.selected_text());
    assert_eq!(selected, Some("رُوسِيَا"));
    // With clitics, «وروسيا» joins.
    harness
        .state_mut()
        .shell_mut()
        .find
        .as_mut()
        .unwrap()
        .options
        .clitics = true;
    harness.run_steps(2);
    assert_eq!(
        harness.state().shell().find.as_ref().unwrap().hits().len(),
        3
    );
}

#[test]
fn a_note_runs_over_several_lines_and_enter_breaks_the_line() {
    let dir = TempDir::new("note-lines");
    let (corpus, mut harness) = span_selected(&dir);
    let note = |h: &Harness<'_, HameshApp>| {
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .nth(2)
            .expect("the note field")
            .rect()
    };
    let two_rows = note(&harness).height();
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(2)
        .unwrap()
        .focus();
    harness.run_steps(1);
    for (i, line) in ["مصدر أول", "second 2", "سطر ثالث"].into_iter().enumerate() {
        if i > 0 {
            key(&mut harness, Modifiers::NONE, Key::Enter);
        }
        harness.event(egui::Event::Text(line.to_string()));
        harness.run_steps(1);
    }
    harness.run_steps(2);
    let field = harness.state().shell().panel.note_field();
    assert_eq!(field.text(), "مصدر أول\nsecond 2\nسطر ثالث");
    assert_eq!(field.drawn_lines(), 3);
    // Three lines do not fit in the two rows the field starts with: it grew.
    assert!(
        note(&harness).height() > two_rows + 10.0,
        "{} against {two_rows}",
        note(&harness).height()
    );
    // Up goes to the line above, in the same field; Escape saves the note with its breaks.
    key(&mut harness, Modifiers::NONE, Key::ArrowUp);
    let (caret, _) = harness.state().shell().panel.note_field().caret();
    assert!((9..18).contains(&caret.0), "{caret:?}");
    key(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run_steps(4);
    let doc = stored(harness.state(), &corpus);
    assert_eq!(doc["spans"][0]["note"], "مصدر أول\nsecond 2\nسطر ثالث");
}

#[test]
fn an_input_method_composition_is_drawn_in_place_and_stored_only_when_committed() {
    let dir = TempDir::new("ime");
    let mut harness = filter_focused(&dir);
    let filter = harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    filter.type_text("abc ");
    harness.run_steps(1);
    preedit(&mut harness, "سلا");
    harness.run_steps(2);
    let field = harness.state().shell().list.filter_field();
    assert_eq!(field.text(), "abc ", "a composition is not text yet");
    assert_eq!(field.drawn_text(), "abc سلا", "but it is drawn at the caret");
    // The composition changes as the input method goes on, then is committed.
    preedit(&mut harness, "سلام");
    harness.event(egui::Event::Ime(egui::ImeEvent::Commit("سلام".into())));
    harness.run_steps(2);
    let field = harness.state().shell().list.filter_field();
    assert_eq!(field.text(), "abc سلام");
    assert_eq!(field.drawn_text(), "abc سلام");
    // A composition abandoned (an empty one) leaves the text as it was.
    preedit(&mut harness, "x");
    preedit(&mut harness, "");
    let field = harness.state().shell().list.filter_field();
    assert_eq!(field.drawn_text(), "abc سلام");
}
