//! The highlight panel beside the reader, as a frame draws it.

use egui::{Rect, Ui};

use crate::i18n::{Msg, tr};
use crate::settings::{Settings, UiLanguage};
use crate::text::FontChoice;

use super::super::article::OpenArticle;
use super::super::command::Command;
use super::super::glyphs::GlyphPainter;
use super::Annotating;
use super::panel::{PanelPaint, PanelState};

/// What the highlight panel needs besides the open folder.
pub struct PanelFrame<'a> {
    pub state: &'a mut PanelState,
    pub glyphs: &'a mut GlyphPainter,
    pub settings: &'a Settings,
    pub char_precision: bool,
}

/// The highlight panel on the trailing side (mirrored in an Arabic or Persian interface), for
/// the article being read; returns where it was drawn.
pub fn highlight_panel_ui(
    ui: &mut Ui,
    (a, article): (&mut Annotating, &OpenArticle),
    frame: PanelFrame<'_>,
    out: &mut Vec<Command>,
) -> Option<Rect> {
    let rel = article.path.as_str();
    a.session(rel)?;
    let counts = a.counts(rel);
    let text = article.reader.text();
    let suggestions = a.suggestions_of(rel, text);
    let a = &*a;
    let lang = frame.settings.ui_language;
    let mut paint = PanelPaint {
        atlas: &mut frame.glyphs.atlas,
        labels: &mut frame.glyphs.labels,
        lang,
        font: FontChoice::parse(&frame.settings.font).unwrap_or_default(),
    };
    let state = frame.state;
    let precision = frame.char_precision;
    let response = side_panel(lang).show(ui, |ui| {
        let doc = (rel, &*counts, text, suggestions.as_slice());
        state.panel_ui(ui, a, doc, precision, &mut paint, out);
    });
    Some(response.response.rect)
}

/// The highlight panel's place while the article's start is shown and the rest is prepared:
/// the same panel at its default width, empty, so the text is wrapped at about the width it
/// will keep (the panel's rows may widen it by a few pixels).
pub fn waiting_panel_ui(ui: &mut Ui, lang: UiLanguage) -> Rect {
    let response = side_panel(lang).show(ui, |ui| {
        ui.set_min_width(ui.available_width());
        ui.weak(tr(lang, Msg::Loading))
    });
    response.response.rect
}

/// The panel on the trailing side (the leading one in a right-to-left interface).
fn side_panel(lang: UiLanguage) -> egui::Panel {
    let panel = if lang.is_rtl() {
        egui::Panel::left("hamesh-highlights-rtl")
    } else {
        egui::Panel::right("hamesh-highlights-ltr")
    };
    panel
        .default_size(340.0)
        .size_range(260.0..=600.0)
        .resizable(true)
}
