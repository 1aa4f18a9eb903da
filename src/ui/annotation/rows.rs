//! Pieces of the highlight panel's rows: label chips and offsets, and
//! one span row (chip, quote drawn by the engine, offsets), mirrored in a right-to-left
//! interface.

use std::sync::Arc;

use egui::{Color32, CornerRadius, FontId, Galley, Rect, Ui, pos2, vec2};

use crate::annotate::Span;

use super::super::engine_label::LabelStyle;
use super::Annotating;
use super::panel::PanelPaint;

pub const CHIP_WIDTH: f32 = 52.0;
const OFFSETS_WIDTH: f32 = 74.0;
const QUOTE_PX: f32 = 15.0;

/// A short text (a label's name on a chip, a span's offsets) laid out for this frame. egui keeps
/// the galley between frames and drops it when its font atlas is rebuilt (a theme switch does
/// that); a galley kept here would point at glyphs that are gone.
pub fn chip_galley(ui: &Ui, text: &str) -> Arc<Galley> {
    ui.painter()
        .layout_no_wrap(text.to_string(), FontId::proportional(11.0), Color32::WHITE)
}

/// A label's name on its colour: a palette button or a chip in a row.
pub fn chip_paint(ui: &Ui, rect: Rect, text: &str, color: Color32) {
    let galley = chip_galley(ui, text);
    ui.painter().rect_filled(rect, CornerRadius::same(3), color);
    let at = rect.center() - galley.size() / 2.0;
    ui.painter().galley(at, galley, Color32::WHITE);
}

/// One span row: the label chip on the leading side, the quote, the offsets on the trailing side.
pub fn row_paint(
    ui: &Ui,
    rect: Rect,
    (a, span): (&Annotating, &Span),
    paint: &mut PanelPaint<'_>,
    color: Color32,
) {
    let rtl = paint.lang.is_rtl();
    let inner = rect.shrink2(vec2(4.0, 4.0));
    let (chip_rect, quote_rect, offsets_rect) = if rtl {
        (
            Rect::from_min_max(pos2(inner.max.x - CHIP_WIDTH, inner.min.y), inner.max),
            Rect::from_min_max(
                pos2(inner.min.x + OFFSETS_WIDTH, inner.min.y),
                pos2(inner.max.x - CHIP_WIDTH - 6.0, inner.max.y),
            ),
            Rect::from_min_max(inner.min, pos2(inner.min.x + OFFSETS_WIDTH, inner.max.y)),
        )
    } else {
        (
            Rect::from_min_max(inner.min, pos2(inner.min.x + CHIP_WIDTH, inner.max.y)),
            Rect::from_min_max(
                pos2(inner.min.x + CHIP_WIDTH + 6.0, inner.min.y),
                pos2(inner.max.x - OFFSETS_WIDTH, inner.max.y),
            ),
            Rect::from_min_max(pos2(inner.max.x - OFFSETS_WIDTH, inner.min.y), inner.max),
        )
    };
    chip_paint(ui, chip_rect, &span.label, a.color_of(&span.label));
    quote_ui(ui, quote_rect, &span.text, paint, color);
    let offsets = chip_galley(ui, &format!("{}–{}", span.start, span.end));
    let size = offsets.size();
    let x = if rtl {
        offsets_rect.min.x
    } else {
        offsets_rect.max.x - size.x
    };
    let at = pos2(x, offsets_rect.center().y - size.y / 2.0);
    let weak = ui.visuals().weak_text_color();
    ui.painter()
        .galley_with_override_text_color(at, offsets, weak);
}

/// A quote on one line, drawn by the engine (line breaks inside it shown as spaces).
pub fn quote_ui(ui: &Ui, rect: Rect, text: &str, paint: &mut PanelPaint<'_>, color: Color32) {
    let style = LabelStyle {
        size_px: QUOTE_PX,
        font: paint.font,
        color,
    };
    let one_line;
    let text = if text.contains(['\n', '\r']) {
        one_line = text.replace(['\n', '\r'], " ");
        one_line.as_str()
    } else {
        text
    };
    paint
        .labels
        .paint(ui.painter(), paint.atlas, rect, text, style);
}
