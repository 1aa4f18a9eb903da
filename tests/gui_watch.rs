//! The open folder is watched: an article added on disk appears in the list and one removed
//! goes, without opening the folder again; the article being read, changed on disk, is read
//! again with a message, its spans placed on the new text.

mod annotate_support;

use annotate_support::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn files_that_come_go_or_change_on_disk_are_followed() {
    let dir = TempDir::new("watch");
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    step_until(&mut harness, "the scan", |app| app.scan_done());
    let listed = |app: &hamesh::ui::HameshApp, path: &str| {
        app.folder()
            .is_some_and(|f| f.articles().iter().any(|a| a.path == path))
    };
    let count = harness.state().folder().unwrap().article_count();
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num3);
    harness.state().flush_annotations();

    // A new article appears in the list, with its title read.
    std::fs::write(corpus.join("جديد.txt"), "عنوان جديد\nنص المقالة الجديدة.").unwrap();
    step_until(&mut harness, "the new article listed", |app| {
        listed(app, "جديد.txt")
            && app.folder().is_some_and(|f| {
                f.articles()
                    .iter()
                    .any(|a| a.path == "جديد.txt" && a.info.is_some())
            })
    });
    assert_eq!(harness.state().folder().unwrap().article_count(), count + 1);

    // One removed goes.
    std::fs::remove_file(corpus.join("000_d5fe01cfcadbce81.txt")).unwrap();
    step_until(&mut harness, "the removed article gone", |app| {
        !listed(app, "000_d5fe01cfcadbce81.txt")
    });

    // The article being read changes on disk: a line before it, so موسكو moves on.
    let changed = format!("سطر جديد في البداية.\n{TEXT}");
    std::fs::write(corpus.join(ARTICLE), &changed).unwrap();
    step_until(&mut harness, "the article read again", |app| {
        app.reader().is_some_and(|r| r.text() == changed) && app.annotations().is_some()
    });
    harness.run_ok();
    harness.get_by_label_contains("The article changed on disk and was read again");
    let app = harness.state();
    let doc = app.annotations().unwrap();
    assert_eq!(doc.spans.len(), 1);
    let shift = "سطر جديد في البداية.\n".chars().count();
    assert_eq!(doc.spans[0].text, "موسكو");
    assert_eq!(
        doc.spans[0].start,
        find("موسكو", 0).start + shift,
        "placed on the new text"
    );
    assert_eq!(spans(app), [pair("موسكو", "GPE")]);
}
