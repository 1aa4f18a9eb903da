use super::*;
use crate::text::geometry::Affinity;

fn article(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| {
            format!("الفقرة رقم {i} من المقال، وفيها كلمات عربية تكفي لسطرين أو ثلاثة في عمود ضيق.")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn lays_out_only_the_paragraphs_in_the_band() {
    let mut doc = Document::new(article(200), TextStyle::default());
    doc.set_width(300.0);
    let placed = doc.place(0.0, 400.0);
    assert!(!placed.visible.is_empty());
    assert_eq!(placed.visible.start, 0);
    assert!(doc.shaped_count() < 30, "shaped {}", doc.shaped_count());
    assert_eq!(doc.shaped_count(), placed.visible.len());
    assert_eq!(placed.tops.len(), placed.visible.len());
    for p in placed.visible.clone() {
        assert!(doc.view(p).is_some());
    }
    assert!(doc.view(150).is_none());
}

#[test]
fn a_band_deep_in_a_long_document_lays_out_only_that_band() {
    let mut doc = Document::new(article(20_000), TextStyle::default());
    doc.set_width(400.0);
    let middle = doc.total_height() / 2.0;
    let placed = doc.place(middle, middle + 600.0);
    assert!(placed.visible.start > 5_000, "{:?}", placed.visible);
    assert_eq!(doc.shaped_count(), placed.visible.len());
    let first = placed.visible.start;
    assert_eq!(placed.tops[0], doc.top(first));
    assert!(placed.tops[0] <= middle && middle <= placed.tops[0] + doc.height(first));
    assert_eq!(doc.paragraph_at(placed.tops[0] + 1.0), first);
}

#[test]
fn settling_lays_out_everything_above_a_saved_offset() {
    let mut doc = Document::new(article(300), TextStyle::default());
    doc.set_width(400.0);
    assert!(doc.settle_above(2_000.0, usize::MAX));
    let p = doc.paragraph_at(2_000.0);
    assert!((0..p).all(|q| doc.view(q).is_some()));
    assert!(doc.view(p + 5).is_none());
    assert!(!doc.settle_above(20_000.0, 100), "over the budget");
}

#[test]
fn width_change_rewraps_without_shaping() {
    let mut doc = Document::new(article(20), TextStyle::default());
    doc.set_width(300.0);
    let before = doc.place(0.0, 10_000.0);
    assert_eq!(doc.shaped_count(), 20);
    doc.set_width(600.0);
    assert!(doc.view(0).is_none(), "layouts are dropped");
    let after = doc.place(0.0, 10_000.0);
    assert_eq!(doc.shaped_count(), 20, "nothing shaped again");
    assert!(after.height < before.height);
}

#[test]
fn estimates_are_close_to_the_laid_out_height() {
    let mut doc = Document::new(article(100), TextStyle::default());
    doc.set_width(400.0);
    doc.place(0.0, 200.0);
    let estimated = doc.place(f32::MAX, f32::MAX).height;
    let exact = doc.place(0.0, f32::MAX).height;
    let error = (estimated - exact).abs() / exact;
    assert!(error < 0.35, "estimate {estimated}, exact {exact}");
}

#[test]
fn neutral_paragraph_takes_the_previous_direction() {
    let mut doc = Document::new("Hello\n123\nسلام\n456".into(), TextStyle::default());
    doc.set_width(500.0);
    doc.place(0.0, f32::MAX);
    let dir = |p| doc.view(p).unwrap().shaped.base;
    assert_eq!(
        [dir(0), dir(1), dir(2), dir(3)],
        [
            Direction::Ltr,
            Direction::Ltr,
            Direction::Rtl,
            Direction::Rtl
        ]
    );
}

#[test]
fn maps_characters_to_bytes_across_line_breaks() {
    let doc = Document::new("سلام\r\nab\nج".into(), TextStyle::default());
    assert_eq!(doc.byte_of(CharIndex(0)), 0);
    assert_eq!(doc.byte_of(CharIndex(2)), 4);
    assert_eq!(doc.byte_of(CharIndex(4)), 8, "end of the first paragraph");
    assert_eq!(doc.byte_of(CharIndex(5)), 9, "between \\r and \\n");
    assert_eq!(doc.byte_of(CharIndex(7)), 11);
    assert_eq!(doc.slice(CharIndex(2)..CharIndex(8)), "ام\r\nab");
    assert_eq!(doc.char_at(0, 4), CharIndex(2));
    assert_eq!(doc.char_len(), 10);
    assert_eq!(doc.paragraph_of(CharIndex(4)), 0);
    assert_eq!(doc.paragraph_of(CharIndex(6)), 1);
}

#[test]
fn characters_no_font_has_are_placed_for_their_boxes() {
    // CJK and an arrow: none of the bundled fonts has them.
    let text = "قال الرئيس 國父 ← ثم غادر";
    let doc = Document::laid_out(text, &TextStyle::default(), 600.0);
    let view = doc.view(0).unwrap();
    let missing: Vec<String> = (0..view.layout.lines.len())
        .flat_map(|l| view.placed_missing(l))
        .map(|m| m.text)
        .collect();
    assert_eq!(
        missing
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .count(),
        3
    );
    assert!(missing.iter().any(|m| m.contains('國')), "{missing:?}");
    assert!(missing.iter().any(|m| m.contains('←')), "{missing:?}");
    // Arabic alone has none.
    let doc = Document::laid_out("قال الرئيس ثم غادر", &TextStyle::default(), 600.0);
    let view = doc.view(0).unwrap();
    assert!(view.placed_missing(0).is_empty());
}

#[test]
fn folded_paragraphs_take_one_line_per_block_and_are_neither_drawn_nor_stepped_into() {
    let mut doc = Document::laid_out(article(6), &TextStyle::default(), 300.0);
    let line = doc.line_height;
    let full = doc.total_height();
    let heights: Vec<f32> = (0..6).map(|p| doc.height(p)).collect();
    doc.set_folded(&[false, true, true, false, true]);
    assert_eq!(doc.fold(0), Fold::Shown);
    assert_eq!(doc.fold(1), Fold::Marker(2));
    assert_eq!(doc.fold(2), Fold::Hidden);
    assert_eq!(doc.fold(4), Fold::Marker(1));
    assert_eq!(doc.fold(5), Fold::Shown, "a missing flag is not folded");
    assert_eq!(doc.height(1), line);
    assert_eq!(doc.height(2), 0.0);
    let expected = full - heights[1] - heights[2] - heights[4] + 2.0 * line;
    assert!((doc.total_height() - expected).abs() < 0.01);
    assert!(doc.view(1).is_none() && doc.view(2).is_none() && doc.view(0).is_some());
    assert_eq!(doc.paragraphs().count(), 3);

    // Off the end of paragraph 0, the caret goes on to paragraph 3, past the folded block.
    let end0 = doc.span(0).char_end();
    let rtl_forward = true;
    let (at, _) = doc
        .visual_step(end0, Affinity::Upstream, rtl_forward)
        .expect("a step");
    assert_eq!(at, doc.span(3).char_start());
    let (back, _) = doc
        .visual_step(at, Affinity::Downstream, !rtl_forward)
        .expect("a step back");
    assert_eq!(back, end0);

    // Text and offsets do not change; unfolding gives the old heights back.
    assert_eq!(doc.char_len(), article(6).chars().count());
    let generation = doc.generation();
    doc.set_folded(&[]);
    assert!(!doc.has_folds());
    assert!(doc.generation() > generation);
    assert!((doc.total_height() - full).abs() < 0.01);
}
