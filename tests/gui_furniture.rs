//! Site furniture folded in the reader: lines an article shares with three or more articles of
//! its folder (a menu, a footer) fold into one marker per block; the View menu or a click on a
//! marker shows them again. Spans are untouched by folding.

mod annotate_support;

use annotate_support::*;
use egui_kittest::kittest::Queryable;

const MENU: &str = "- الأكثر قراءة\n- الأكثر تعليقاً\n";
const FOOTER: &str = "لمزيد من الأخبار يرجى الإعجاب بصفحتنا على الفيس بوك : إضغط هنا";

fn site_article(body: &str) -> String {
    format!("{MENU}\n{body}\n{FOOTER}")
}

#[test]
fn lines_repeated_across_the_folder_fold_away_and_come_back() {
    let dir = TempDir::new("furniture");
    let corpus = corpus_in(&dir.0, TEXT);
    let bodies = [
        "كشفت صحيفة صاندي تايمز البريطانية عن لقاءات سرية في أفغانستان.",
        "قال المتحدث إن موسكو تتابع الوضع عن كثب.",
        "نفت حركة طالبان تصريحات مسؤول روسي الأربعاء الماضي.",
    ];
    for (i, body) in bodies.iter().enumerate() {
        std::fs::write(corpus.join(format!("site_{i}.txt")), site_article(body)).unwrap();
    }
    let open = corpus.join("site_1.txt");
    let mut harness = start(&dir.0, open);
    step_until(&mut harness, "the scan and the folds", |app| {
        app.scan_done() && app.reader().is_some_and(|r| !r.folded_blocks().is_empty())
    });
    harness.run_ok();

    // Menu (two lines) and footer fold; the blank line after the menu and the body stay.
    let reader = harness.state().reader().unwrap();
    assert_eq!(reader.folded_blocks(), [(0, 2), (4, 1)]);
    assert!(harness.state().settings().fold_furniture);
    let markers = reader.marker_rects();
    assert_eq!(markers.len(), 2, "both blocks are in view");

    // A click on a marker shows everything again, and turns the setting off.
    let at = markers[0].center();
    harness.hover_at(at);
    harness.drag_at(at);
    harness.drop_at(at);
    step_until(&mut harness, "unfolded", |app| {
        app.reader().is_some_and(|r| r.folded_blocks().is_empty())
    });
    assert!(!harness.state().settings().fold_furniture);
    assert_eq!(
        harness.state().reader().unwrap().text(),
        site_article(bodies[1]),
        "folding never changes the text"
    );

    // The View menu folds them again.
    harness.get_by_label("View").click();
    harness.run_ok();
    harness.get_by_label("Fold repeated site lines").click();
    step_until(&mut harness, "folded again", |app| {
        app.reader().is_some_and(|r| r.folded_blocks().len() == 2)
    });

    // An article of the folder that shares nothing is not folded.
    harness
        .state_mut()
        .apply(hamesh::ui::FolderCommand::OpenArticle(ARTICLE.to_string()));
    reading(&mut harness);
    step_until(&mut harness, "no folds", |app| {
        app.reader().is_some_and(|r| r.folded_blocks().is_empty())
    });
}
