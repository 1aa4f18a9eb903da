//! The reader widget driven frame by frame with synthetic input.

use egui::{Event, Pos2, Rect, vec2};

use super::*;
use crate::text::{Affinity, CharIndex};

const TITLE: &str = "مرحبا بالعالم في القراءة";
const DATE: &str = "الثلاثاء 27 أكتوبر 2015 09:10 ص";
const TEXT: &str = "مرحبا بالعالم في القراءة\n\nالثلاثاء 27 أكتوبر 2015 09:10 ص";

/// Runs one frame and returns what it asked the platform to do.
fn frame(
    ctx: &egui::Context,
    atlas: &mut GlyphAtlas,
    reader: &mut ReaderView,
    events: Vec<Event>,
) -> egui::PlatformOutput {
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0))),
        events,
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| {
        atlas.begin_frame(ui.ctx());
        reader.reader_ui(ui, atlas, None);
        atlas.end_frame(ui.ctx());
    });
    output.textures_delta.clear();
    output.platform_output
}

#[test]
fn paints_glyphs_and_round_trips_carets_through_hit_testing() {
    assert_eq!(TEXT, format!("{TITLE}\n\n{DATE}"));
    let ctx = egui::Context::default();
    let mut atlas = GlyphAtlas::default();
    let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
    frame(&ctx, &mut atlas, &mut reader, Vec::new());
    assert!(reader.painted_glyphs() > 20, "{}", reader.painted_glyphs());
    assert!(atlas.len() > 10);
    for at in 0..TEXT.chars().count() {
        let at = CharIndex(at);
        if reader.text().chars().nth(at.0) == Some('\n') {
            continue;
        }
        let rect = reader
            .caret_rect(at, Affinity::Downstream)
            .expect("laid out");
        let (hit, affinity) = reader.hit_test(rect.center()).expect("a hit");
        if at.0 < TITLE.chars().count() {
            assert_eq!(hit, at, "caret {rect:?}");
        } else {
            // At a direction seam two offsets share one x: the hit must at least put the
            // caret back where it was.
            let back = reader.caret_rect(hit, affinity).unwrap();
            assert!(
                hit == at || (back.min.x - rect.min.x).abs() < 1.0,
                "{at:?} → {hit:?}"
            );
        }
    }
}

#[test]
fn rtl_text_is_right_aligned_in_the_column() {
    let ctx = egui::Context::default();
    let mut atlas = GlyphAtlas::default();
    let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
    frame(&ctx, &mut atlas, &mut reader, Vec::new());
    let start = reader
        .caret_rect(CharIndex(0), Affinity::Downstream)
        .unwrap();
    let end = reader
        .caret_rect(CharIndex(5), Affinity::Downstream)
        .unwrap();
    assert!(start.min.x > end.min.x, "the first letter is on the right");
    let column_right = 450.0 + MAX_LINE_WIDTH / 2.0;
    assert!((start.min.x - column_right).abs() < 12.0, "{start:?}");
}

#[test]
fn selection_rects_cover_the_range_and_copy_gives_logical_text() {
    let ctx = egui::Context::default();
    let mut atlas = GlyphAtlas::default();
    let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
    frame(&ctx, &mut atlas, &mut reader, Vec::new());
    reader.set_selection(Some(Selection {
        anchor: CharIndex(6),
        focus: CharIndex(13),
        affinity: Affinity::Upstream,
    }));
    assert_eq!(reader.selected_text(), Some("بالعالم"));
    let rects = reader.range_rects(CharIndex(6)..CharIndex(13));
    assert_eq!(rects.len(), 1);
    let first = reader
        .caret_rect(CharIndex(6), Affinity::Downstream)
        .unwrap();
    assert!(
        (rects[0].max.x - first.min.x).abs() < 1.0,
        "{rects:?} {first:?}"
    );
    // "7 أ" of "27 أكتوبر": the 7, the space and the alef are visually apart from one
    // another's neighbours, so the range takes two rectangles.
    let date = TEXT.chars().count() - DATE.chars().count();
    let rects = reader.range_rects(CharIndex(date + 10)..CharIndex(date + 13));
    assert_eq!(
        reader
            .text()
            .chars()
            .skip(date + 10)
            .take(3)
            .collect::<String>(),
        "7 أ"
    );
    assert_eq!(rects.len(), 2, "{rects:?}");
    let output = frame(&ctx, &mut atlas, &mut reader, vec![Event::Copy]);
    let copied = output
        .commands
        .iter()
        .any(|c| matches!(c, egui::OutputCommand::CopyText(t) if t == "بالعالم"));
    assert!(copied, "copied the selection");
}

#[test]
fn drag_selects_from_press_to_pointer() {
    let ctx = egui::Context::default();
    let mut atlas = GlyphAtlas::default();
    let mut reader = ReaderView::new(TEXT.to_string(), TextStyle::default());
    frame(&ctx, &mut atlas, &mut reader, Vec::new());
    let a = reader
        .caret_rect(CharIndex(0), Affinity::Downstream)
        .unwrap();
    let b = reader.caret_rect(CharIndex(5), Affinity::Upstream).unwrap();
    let (from, to) = (a.center() - vec2(2.0, 0.0), b.center() + vec2(2.0, 0.0));
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Default::default(),
    };
    frame(
        &ctx,
        &mut atlas,
        &mut reader,
        vec![Event::PointerMoved(from)],
    );
    frame(&ctx, &mut atlas, &mut reader, vec![button(from, true)]);
    assert_eq!(reader.selection().map(|s| s.focus), Some(CharIndex(0)));
    for step in 1..=4 {
        let pos = from + (to - from) * (step as f32 / 4.0);
        frame(
            &ctx,
            &mut atlas,
            &mut reader,
            vec![Event::PointerMoved(pos)],
        );
    }
    frame(&ctx, &mut atlas, &mut reader, vec![button(to, false)]);
    let s = reader.selection().expect("a selection");
    assert_eq!(s.range(), CharIndex(0)..CharIndex(5), "{s:?}");
    assert_eq!(reader.selected_text(), Some("مرحبا"));
}

/// A context that scrolls at once, as the app's tests do, so a page step lands in one frame.
fn instant_context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
    ctx
}

fn long_text(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| format!("الفقرة {i} من مقال طويل فيها كلمات عربية تكفي لسطر أو سطرين."))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn pages_down_to_the_end_and_reports_it() {
    let ctx = instant_context();
    let mut atlas = GlyphAtlas::default();
    let mut reader = ReaderView::new(long_text(200), TextStyle::default());
    frame(&ctx, &mut atlas, &mut reader, Vec::new());
    let start = reader.scroll();
    assert_eq!(start.offset, 0.0);
    assert!(!start.at_end() && start.content_height > start.view_height);
    reader.request_scroll(ScrollRequest::Pages(1));
    for _ in 0..3 {
        frame(&ctx, &mut atlas, &mut reader, Vec::new());
    }
    let paged = reader.scroll();
    assert!(
        paged.offset > 0.5 * paged.view_height && paged.offset < paged.view_height,
        "{paged:?}"
    );
    reader.request_scroll(ScrollRequest::Bottom);
    for _ in 0..3 {
        frame(&ctx, &mut atlas, &mut reader, Vec::new());
    }
    assert!(reader.scroll().at_end(), "{:?}", reader.scroll());
    assert!(reader.scroll().fraction() > 0.99);
    assert!(reader.painted_glyphs() > 0, "the last page is drawn");
}

#[test]
fn a_restored_offset_lands_on_the_same_paragraph() {
    let ctx = instant_context();
    let mut atlas = GlyphAtlas::default();
    let text = long_text(400);
    let mut first = ReaderView::new(text.clone(), TextStyle::default());
    frame(&ctx, &mut atlas, &mut first, Vec::new());
    first.request_scroll(ScrollRequest::Pages(6));
    for _ in 0..3 {
        frame(&ctx, &mut atlas, &mut first, Vec::new());
    }
    let saved = first.scroll().offset;
    let probe = pos2(450.0, 300.0);
    let seen = first.hit_test(probe).expect("text under the probe").0;

    let ctx = instant_context();
    let mut atlas = GlyphAtlas::default();
    let mut again = ReaderView::new(text, TextStyle::default());
    again.request_scroll(ScrollRequest::To(saved));
    for _ in 0..3 {
        frame(&ctx, &mut atlas, &mut again, Vec::new());
    }
    assert!((again.scroll().offset - saved).abs() < 1.0);
    let back = again.hit_test(probe).expect("text under the probe").0;
    let (a, b) = (again.doc.paragraph_of(back), first.doc.paragraph_of(seen));
    assert_eq!(a, b, "same paragraph under the same point");
}

#[test]
fn highlight_geometry_is_computed_once_per_paragraph_in_view() {
    let ctx = instant_context();
    let mut atlas = GlyphAtlas::default();
    let text = long_text(300);
    let mut reader = ReaderView::new(text, TextStyle::default());
    let marks = |generation| {
        let marks = (0..300)
            .map(|i| highlight::Mark {
                range: CharIndex(i * 60)..CharIndex(i * 60 + 6),
                color: egui::Color32::RED,
                label: "PER".into(),
            })
            .collect();
        Highlights::new(generation, marks)
    };
    let set = marks(1);
    let frame_with = |reader: &mut ReaderView, atlas: &mut GlyphAtlas, set: &Highlights| {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0))),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            atlas.begin_frame(ui.ctx());
            let frame = HighlightFrame {
                set,
                selected: Some(0),
                flash: None,
            };
            reader.reader_ui(ui, atlas, Some(frame));
            atlas.end_frame(ui.ctx());
        });
        output.textures_delta.clear();
    };
    frame_with(&mut reader, &mut atlas, &set);
    let first = reader.highlight_paragraphs_computed();
    let visible = reader.frame.visible.len();
    assert!(first > 0 && first <= visible, "{first} of {visible}");
    for _ in 0..3 {
        frame_with(&mut reader, &mut atlas, &set);
    }
    assert_eq!(reader.highlight_paragraphs_computed(), first, "cached");
    // A page down computes only the paragraphs that came into view.
    reader.request_scroll(ScrollRequest::Pages(1));
    for _ in 0..3 {
        frame_with(&mut reader, &mut atlas, &set);
    }
    assert!(reader.scroll().offset > 0.0);
    let after_page = reader.highlight_paragraphs_computed();
    assert!(
        after_page > first && after_page < first + visible + 2,
        "{first} then {after_page}, {visible} in view"
    );
    // New highlights (an edit) recompute what is in view.
    let set = marks(2);
    frame_with(&mut reader, &mut atlas, &set);
    assert!(reader.highlight_paragraphs_computed() > after_page);
}
