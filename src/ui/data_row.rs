//! A selectable menu row whose text is user data (an annotator's name), drawn by the engine:
//! egui's own buttons have no bidi, so an Arabic or Persian name with a digit in it would come
//! out wrong. The row looks and answers like egui's selectable buttons, and is named for
//! screen readers and tests as they are.

use egui::{Rect, Response, Role, Sense, Ui, WidgetInfo, vec2};

use crate::settings::UiLanguage;
use crate::text::FontChoice;

use super::engine_label::{Hug, LabelStyle};
use super::glyphs::GlyphPainter;

/// Size of the name in the row, as egui's body text.
const TEXT_PX: f32 = 14.0;

/// A row `width` wide (`None`: as wide as its text) showing `text`, highlighted when
/// `selected`; its text starts from the interface's leading edge.
pub fn data_row_ui(
    ui: &mut Ui,
    glyphs: &mut GlyphPainter,
    (lang, width): (UiLanguage, Option<f32>),
    selected: bool,
    text: &str,
) -> Response {
    let pad = ui.spacing().button_padding.x;
    let style = LabelStyle {
        size_px: TEXT_PX,
        font: FontChoice::Vazirmatn,
        color: ui.visuals().text_color(),
    };
    let width = width.unwrap_or_else(|| glyphs.labels.measure(text, style).0 + 2.0 * pad + 2.0);
    let height = ui.spacing().interact_size.y;
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    let visuals = ui.visuals();
    let fill = if selected {
        Some(visuals.selection.bg_fill)
    } else if response.hovered() {
        Some(visuals.widgets.hovered.weak_bg_fill)
    } else {
        None
    };
    if let Some(fill) = fill {
        ui.painter().rect_filled(rect, 3.0, fill);
    }
    let color = if selected {
        visuals.selection.stroke.color
    } else {
        visuals.text_color()
    };
    let style = LabelStyle { color, ..style };
    let inner = Rect::from_min_max(rect.min + vec2(pad, 0.0), rect.max - vec2(pad, 0.0));
    let (edge, hug) = if lang.is_rtl() {
        (inner.max.x, Hug::Right)
    } else {
        (inner.min.x, Hug::Left)
    };
    glyphs.labels.paint_hugging(
        ui.painter(),
        &mut glyphs.atlas,
        (inner, edge, hug),
        text,
        style,
    );
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, text));
    response
}
