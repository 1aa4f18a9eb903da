//! Switching the theme while spans are on screen: egui rebuilds its font atlas when the theme
//! changes (dark and light text use different coverage curves), so any laid-out text kept from
//! before the switch would point at glyphs that are no longer there. Every piece of small text
//! the window draws (span tags in the reader, the palette's label chips, labels and offsets in
//! the highlight list) must come from the current atlas after the switch.

mod annotate_support;

use std::sync::Arc;

use annotate_support::*;
use egui::epaint::{ClippedShape, Shape, TextShape};
use egui::{Galley, Key, Modifiers};
use egui_kittest::Harness;
use hamesh::settings::ThemeChoice;
use hamesh::ui::HameshApp;

/// Every text shape of the last frame, nested shapes included.
fn text_shapes(harness: &Harness<'_, HameshApp>) -> Vec<TextShape> {
    fn walk(shape: &Shape, out: &mut Vec<TextShape>) {
        match shape {
            Shape::Text(t) => out.push(t.clone()),
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for ClippedShape { shape, .. } in &harness.output().shapes {
        walk(shape, &mut out);
    }
    out
}

fn glyph_uvs(galley: &Galley) -> Vec<[u16; 4]> {
    galley
        .rows
        .iter()
        .flat_map(|row| row.glyphs.iter())
        .map(|g| {
            let r = g.uv_rect;
            [r.min[0], r.min[1], r.max[0], r.max[1]]
        })
        .collect()
}

/// The texts drawn in the last frame whose glyphs differ from what the current fonts give for
/// the same layout job: text laid out against an atlas that has since been rebuilt.
fn stale_texts(harness: &Harness<'_, HameshApp>) -> Vec<String> {
    let mut stale = Vec::new();
    for shape in text_shapes(harness) {
        let job: Arc<egui::text::LayoutJob> = shape.galley.job.clone();
        let fresh = harness.ctx.fonts_mut(|f| f.layout_job((*job).clone()));
        if glyph_uvs(&shape.galley) != glyph_uvs(&fresh) {
            stale.push(shape.galley.text().to_string());
        }
    }
    stale
}

fn annotated(dir: &TempDir) -> Harness<'static, HameshApp> {
    let corpus = corpus_in(&dir.0, TEXT);
    let mut harness = start(&dir.0, corpus.join(ARTICLE));
    reading(&mut harness);
    drag_over(&mut harness, find("موسكو", 0));
    key(&mut harness, Modifiers::NONE, Key::Num1);
    drag_over(&mut harness, find("وزارة الخارجية الروسية", 0));
    key(&mut harness, Modifiers::NONE, Key::Num2);
    assert_eq!(spans(harness.state()).len(), 2);
    harness.run_steps(4);
    harness
}

/// The tags and chips of the spans are in the frame (so the check below checks something).
fn assert_small_text_drawn(harness: &Harness<'_, HameshApp>) {
    let texts: Vec<String> = text_shapes(harness)
        .iter()
        .map(|t| t.galley.text().to_string())
        .collect();
    // Tags in the reader and chips in the list; the palette's buttons.
    for wanted in ["PER", "ORG", "1 PER", "3 GPE"] {
        assert!(
            texts.iter().any(|t| t == wanted),
            "{wanted} is drawn: {texts:?}"
        );
    }
    assert!(
        texts.iter().any(|t| t.contains('–')),
        "a span's offsets are listed: {texts:?}"
    );
}

#[test]
fn small_text_is_drawn_from_the_current_atlas_after_a_theme_switch() {
    let dir = TempDir::new("theme-switch");
    let mut harness = annotated(&dir);
    assert_small_text_drawn(&harness);
    assert_eq!(stale_texts(&harness), Vec::<String>::new(), "before");

    let first = harness.state().theme();
    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    harness.run_steps(4);
    assert_ne!(harness.state().theme(), first, "the theme switched");
    assert_small_text_drawn(&harness);
    assert_eq!(
        stale_texts(&harness),
        Vec::<String>::new(),
        "after one switch"
    );

    key(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    harness.run_steps(4);
    assert_eq!(harness.state().theme(), first);
    assert_eq!(
        stale_texts(&harness),
        Vec::<String>::new(),
        "after switching back"
    );
    assert_ne!(
        first,
        ThemeChoice::Dark,
        "starts light, where the defect showed"
    );
}
