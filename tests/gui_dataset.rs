//! File → Export… and File → Import… driven through the real app with egui_kittest: a span
//! made with the mouse and a label key, exported from the menu and found in the file at the
//! right offsets; that file imported into another copy of the corpus from the menu (checked
//! first, then written) and the span found in the reader's document and on disk; refusals
//! (an export that would write text files into the corpus, a truncated dataset) shown in the
//! dialog with nothing written.

mod annotate_support;

use std::path::Path;

use annotate_support::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

fn annotation_files(corpus: &Path) -> Vec<String> {
    let dir = corpus.join(".hamesh/annotations");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn export_from_the_menu_then_import_into_another_copy() {
    let dir = TempDir::new("dataset-ui");
    let out = dir.0.join("out.json");

    // A span made in the reader, exported (this article only) from File → Export….
    {
        let corpus = corpus_in(&dir.0.join("a"), TEXT);
        let mut harness = start(&dir.0.join("a"), corpus.join(ARTICLE));
        reading(&mut harness);
        drag_over(&mut harness, find("موسكو", 0));
        key(&mut harness, Modifiers::NONE, Key::Num1);
        assert_eq!(spans(harness.state()), [pair("موسكو", "PER")]);

        dataset_menu(&mut harness, "Export…");
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
        let summary = harness
            .state()
            .export_dialog()
            .unwrap()
            .outcome()
            .cloned()
            .unwrap()
            .expect("the export succeeds");
        assert_eq!((summary.documents, summary.spans), (1, 1));
        harness.get_by_label("Written");
        // The next export proposes where this one wrote.
        harness.get_by_label("Close").click();
        harness.run_ok();
        dataset_menu(&mut harness, "Export…");
        let dialog = harness.state().export_dialog().unwrap();
        assert_eq!(dialog.output, out.display().to_string());
    }
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(file["format"], "hamesh-dataset");
    assert_eq!(file["offset_unit"], "code_point");
    let doc = &file["documents"][0];
    assert_eq!(doc["path"], ARTICLE);
    let span = &doc["spans"][0];
    let at = find("موسكو", 0);
    assert_eq!(
        (span["start"].as_u64(), span["end"].as_u64()),
        (Some(at.start.0 as u64), Some(at.end.0 as u64))
    );
    assert_eq!(
        (span["text"].as_str(), span["label"].as_str()),
        (Some("موسكو"), Some("PER"))
    );

    // The file into a fresh copy: checked first (nothing written), then imported; the folder
    // is read again and the reader's document has the span.
    let corpus = corpus_in(&dir.0.join("b"), TEXT);
    let mut harness = start(&dir.0.join("b"), corpus.join(ARTICLE));
    reading(&mut harness);
    assert!(spans(harness.state()).is_empty());
    dataset_menu(&mut harness, "Import…");
    harness.state_mut().import_dialog_mut().unwrap().file = out.display().to_string();
    harness.get_by_label("Check").click();
    step_until(&mut harness, "the check", |app| {
        app.import_dialog().is_some_and(|d| !d.is_busy())
    });
    assert!(
        harness.state().import_dialog().unwrap().is_checked(),
        "{:?}",
        harness.state().import_dialog().unwrap().refusal()
    );
    assert!(
        annotation_files(&corpus).is_empty(),
        "a check writes nothing"
    );
    harness.get_by_label("The file is valid; nothing has been written yet");
    harness.get_by_label("Import").click();
    step_until(
        &mut harness,
        "the import and the folder read again",
        |app| {
            app.import_dialog().is_some_and(|d| d.report().is_some())
                && app.current_article() == Some(ARTICLE)
                && app.annotations().is_some_and(|d| !d.spans.is_empty())
        },
    );
    assert_eq!(spans(harness.state()), [pair("موسكو", "PER")]);
    assert_eq!(
        labels_in_store(&stored(harness.state(), &corpus)),
        [pair("موسكو", "PER")]
    );
    harness.get_by_label("Imported");
}

#[test]
fn refused_exports_and_imports_write_nothing() {
    let dir = TempDir::new("dataset-ui-refused");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    harness.state().flush_annotations();
    let before = annotation_files(&corpus);

    // brat writes .txt files: not inside the corpus, where they would become articles.
    dataset_menu(&mut harness, "Export…");
    harness.get_by_label("brat").click();
    harness.run_ok();
    let inside = corpus.join("exported");
    harness
        .state_mut()
        .export_dialog_mut()
        .unwrap()
        .set_output(&inside.display().to_string());
    harness.get_by_label("Export").click();
    step_until(&mut harness, "the refusal", |app| {
        app.export_dialog().is_some_and(|d| d.outcome().is_some())
    });
    let outcome = harness
        .state()
        .export_dialog()
        .unwrap()
        .outcome()
        .cloned()
        .unwrap();
    let message = outcome.expect_err("refused");
    assert!(message.contains("inside the corpus"), "{message}");
    assert!(!inside.exists());
    harness.get_by_label("The export stopped; nothing was written");
    harness.get_by_label("Close").click();
    harness.run_ok();
    assert!(!harness.state().dataset_dialog_open());

    // A truncated dataset: refused at the check, with the reason, and nothing written.
    let truncated = dir.0.join("truncated.json");
    std::fs::write(
        &truncated,
        br#"{"format": "hamesh-dataset", "format_version": 1, "docu"#,
    )
    .unwrap();
    dataset_menu(&mut harness, "Import…");
    harness.state_mut().import_dialog_mut().unwrap().file = truncated.display().to_string();
    harness.get_by_label("Check").click();
    step_until(&mut harness, "the refusal", |app| {
        app.import_dialog().is_some_and(|d| !d.is_busy())
    });
    let why = harness
        .state()
        .import_dialog()
        .unwrap()
        .refusal()
        .map(str::to_string)
        .expect("refused");
    assert!(why.contains("not a valid dataset"), "{why}");
    harness.get_by_label("The import was refused; nothing was written");
    assert!(
        !harness.state().import_dialog().unwrap().is_checked(),
        "no Import button for a refused file"
    );
    assert_eq!(annotation_files(&corpus), before);
}
