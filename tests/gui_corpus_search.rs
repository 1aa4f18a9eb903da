//! Search in the corpus and annotate all, as a user does them: Ctrl+Shift+F, type a query into
//! the engine-drawn field, see the hits of every article stream in, narrow the list to the
//! documents with hits, open one at a hit, untick a hit, label the rest in one action, undo
//! one document with Ctrl+Z and the whole action with "Undo all"; and "label every other
//! mention" from a span.

mod annotate_support;

use std::path::Path;

use annotate_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamesh::annotate::Store;
use hamesh::i18n::{Msg, tr};
use hamesh::search::fold::{FoldOptions, fold};
use hamesh::settings::UiLanguage;
use hamesh::ui::HameshApp;

/// Spans labelled `label` in every store file of the corpus, by document.
fn labelled_on_disk(app: &HameshApp, corpus: &Path, label: &str) -> Vec<(String, usize)> {
    app.flush_annotations();
    let store = Store::open(corpus, corpus);
    let mut out = Vec::new();
    for e in std::fs::read_dir(corpus).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".txt") {
            continue;
        }
        if let Ok(Some(doc)) = store.load(&name) {
            let n = doc.spans.iter().filter(|s| s.label == label).count();
            if n > 0 {
                out.push((name, n));
            }
        }
    }
    out.sort();
    out
}

fn click_at(harness: &mut Harness<'_, HameshApp>, at: egui::Pos2) {
    harness.hover_at(at);
    harness.drag_at(at);
    harness.drop_at(at);
    harness.run_ok();
    harness.run_steps(30);
}

fn open_search(harness: &mut Harness<'_, HameshApp>, query: &str) {
    key(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run_steps(2);
    assert!(harness.state().shell().corpus_search.is_some(), "the panel");
    // The panel's field is the lowest one on screen.
    let field = harness
        .get_all_by_role(Role::TextInput)
        .max_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("the corpus search field");
    field.type_text(query);
    harness.run_steps(2);
    step_until(harness, "the corpus search", |app| {
        app.shell()
            .corpus_search
            .as_ref()
            .is_some_and(|s| s.is_done() && s.query() == query)
    });
}

/// The ticks of the result rows (no label of their own), top to bottom.
fn result_ticks(harness: &Harness<'_, HameshApp>) -> Vec<egui::Rect> {
    let reader_bottom = harness
        .state()
        .shell()
        .rects
        .reader
        .map_or(0.0, |r| r.max.y);
    let mut ticks: Vec<egui::Rect> = harness
        .get_all_by_role(Role::CheckBox)
        .filter(|n| n.rect().width() < 30.0 && n.rect().min.y >= reader_bottom)
        .map(|n| n.rect())
        .collect();
    ticks.sort_by(|a, b| a.min.y.total_cmp(&b.min.y));
    ticks
}

#[test]
fn search_the_corpus_then_label_the_ticked_hits_and_undo() {
    let dir = TempDir::new("corpus-search");
    let corpus = corpus_in(&dir.0, "قالت روسيا إن رُوسِيَا لن تتراجع، وروسيا ستبقى.");
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    step_until(&mut harness, "the scan", |app| app.scan_done());
    open_search(&mut harness, "روسيا");

    let search = harness.state().shell().corpus_search.as_ref().unwrap();
    let docs: Vec<String> = search
        .results()
        .iter()
        .map(|d| d.hits.path.clone())
        .collect();
    let hits = search.hit_count();
    assert!(docs.len() >= 2, "{docs:?}");
    assert!(docs.contains(&ARTICLE.to_string()));
    let ours = &search.results()[docs.iter().position(|d| d == ARTICLE).unwrap()];
    // «رُوسِيَا» with harakat is found; «وروسيا» is another word without clitics.
    assert_eq!(ours.hits.hits.len(), 2, "{:?}", ours.hits.hits);
    assert_eq!(ours.hits.hits[1].text, "رُوسِيَا");
    for d in search.results() {
        for h in &d.hits.hits {
            assert_eq!(
                fold(&h.text, FoldOptions::SEARCH),
                fold("روسيا", FoldOptions::SEARCH)
            );
        }
    }

    // The list narrows to the documents with hits.
    harness
        .state_mut()
        .shell_mut()
        .corpus_search
        .as_mut()
        .unwrap()
        .only_hits = true;
    harness.run_steps(3);
    assert_eq!(harness.state().list_rows(), docs.len());

    // A click on the first document's first hit opens it there.
    let ticks = result_ticks(&harness);
    assert!(ticks.len() >= 3, "{ticks:?}");
    let first_doc = docs[0].clone();
    let first_hit = harness
        .state()
        .shell()
        .corpus_search
        .as_ref()
        .unwrap()
        .results()[0]
        .hits
        .hits[0]
        .clone();
    let row = ticks[1];
    let panel = harness.state().shell().rects.reader.unwrap();
    click_at(&mut harness, egui::pos2(panel.center().x, row.center().y));
    step_until(&mut harness, "the hit's article", |app| {
        app.current_article() == Some(first_doc.as_str())
            && app.reader().is_some_and(|r| r.painted_glyphs() > 0)
    });
    harness.run_steps(2);
    let selected = harness
        .state()
        .reader()
        .and_then(|r| r.selected_text())
        .map(str::to_string);
    assert_eq!(selected.as_deref(), Some(first_hit.text.as_str()));

    // Untick the second hit of the first document, then label the ticked ones as GPE.
    let ticks = result_ticks(&harness);
    click_at(&mut harness, ticks[2].center());
    harness.run_steps(2);
    let search = harness.state().shell().corpus_search.as_ref().unwrap();
    assert!(!search.results()[0].ticked[1]);
    harness
        .state_mut()
        .shell_mut()
        .corpus_search
        .as_mut()
        .unwrap()
        .label = Some("GPE".into());
    harness.run_steps(1);
    harness
        .get_by_label(tr(UiLanguage::En, Msg::LabelTicked))
        .click();
    harness.run_steps(2);
    step_until(&mut harness, "annotate all", |app| {
        app.folder().is_some_and(|f| !f.label_all().is_running())
    });
    let report = harness
        .state()
        .folder()
        .unwrap()
        .label_all()
        .report
        .clone()
        .unwrap();
    assert_eq!(report.created, hits - 1, "{report:?}");
    assert_eq!(report.skipped, 0);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let on_disk = labelled_on_disk(harness.state(), &corpus, "GPE");
    assert_eq!(on_disk.len(), docs.len(), "{on_disk:?}");
    assert_eq!(on_disk.iter().map(|(_, n)| n).sum::<usize>(), hits - 1);
    // The unticked hit was left alone.
    let first = harness.state().annotations().unwrap();
    let second_hit = &harness
        .state()
        .shell()
        .corpus_search
        .as_ref()
        .unwrap()
        .results()[0]
        .hits
        .hits[1];
    assert!(!first.spans.iter().any(|s| s.start == second_hit.start));

    // Ctrl+Z in the open article takes back its part, in one step; the others stay.
    let in_first = first.spans.len();
    assert!(in_first >= 1);
    key(&mut harness, Modifiers::NONE, Key::Escape);
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().annotations().unwrap().spans.len(), 0);
    let on_disk = labelled_on_disk(harness.state(), &corpus, "GPE");
    assert_eq!(on_disk.len(), docs.len() - 1);

    // "Undo all" takes back the rest, as one step.
    harness
        .get_by_label(tr(UiLanguage::En, Msg::UndoLabelAll))
        .click();
    harness.run_steps(2);
    assert!(labelled_on_disk(harness.state(), &corpus, "GPE").is_empty());
    let report = harness
        .state()
        .folder()
        .unwrap()
        .label_all()
        .report
        .clone()
        .unwrap();
    // The open article's spans were already undone there: neither removed again nor kept.
    assert_eq!(report.undone, Some((hits - 1 - in_first, 0)));
}

#[test]
fn label_every_other_mention_of_a_span_across_the_corpus() {
    let dir = TempDir::new("mentions");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    step_until(&mut harness, "the scan", |app| app.scan_done());
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.run_steps(3);
    assert_eq!(spans(harness.state()), [pair("موسكو", "GPE")]);
    harness
        .get_by_label(tr(UiLanguage::En, Msg::LabelMentions))
        .click();
    harness.run_steps(2);
    step_until(&mut harness, "annotate all", |app| {
        app.folder().is_some_and(|f| !f.label_all().is_running())
    });
    let report = harness
        .state()
        .folder()
        .unwrap()
        .label_all()
        .report
        .clone()
        .unwrap();
    // The span itself covers its own hit; «لموسكو» is another word.
    assert_eq!(report.skipped, 1, "{report:?}");
    assert!(report.created >= 5, "{report:?}");
    let on_disk = labelled_on_disk(harness.state(), &corpus, "GPE");
    let total: usize = on_disk.iter().map(|(_, n)| n).sum();
    assert_eq!(total, report.created + 1, "{on_disk:?}");
    // The panel opened on the query, with the span's label chosen.
    let search = harness.state().shell().corpus_search.as_ref().unwrap();
    assert_eq!(search.query(), "موسكو");
    assert_eq!(search.label.as_deref(), Some("GPE"));
}
