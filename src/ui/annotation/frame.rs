//! The annotation parts of a frame: the highlight panel beside the reader, and the reader with
//! its highlights (and a click on a span).

use egui::{Rect, Ui};

use crate::settings::Settings;
use crate::text::{Affinity, CharIndex, FontChoice};

use super::super::atlas::GlyphAtlas;
use super::super::command::Command;
use super::super::folder::OpenFolder;
use super::super::glyphs::GlyphPainter;
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
    folder: &mut OpenFolder,
    frame: PanelFrame<'_>,
    out: &mut Vec<Command>,
) -> Option<Rect> {
    let rel = folder.current_article()?.to_string();
    folder.annotating().session(&rel)?;
    let counts = folder.annotating_mut().counts(&rel);
    let text = folder.reader()?.text();
    let a = folder.annotating();
    let lang = frame.settings.ui_language;
    let panel = if lang.is_rtl() {
        egui::Panel::left("hamesh-highlights-rtl")
    } else {
        egui::Panel::right("hamesh-highlights-ltr")
    };
    let mut paint = PanelPaint {
        atlas: &mut frame.glyphs.atlas,
        labels: &mut frame.glyphs.labels,
        lang,
        font: FontChoice::parse(&frame.settings.font).unwrap_or_default(),
    };
    let state = frame.state;
    let precision = frame.char_precision;
    let response = panel
        .default_size(340.0)
        .size_range(260.0..=600.0)
        .resizable(true)
        .show(ui, |ui| {
            let doc = (rel.as_str(), &*counts, text);
            state.panel_ui(ui, a, doc, precision, &mut paint, out);
        });
    Some(response.response.rect)
}

impl OpenFolder {
    /// The reader of the current article with its highlights; returns a click on the text.
    pub fn reader_ui(
        &mut self,
        ui: &mut Ui,
        atlas: &mut GlyphAtlas,
    ) -> Option<(CharIndex, Affinity)> {
        let (reading, a, _) = self.parts_mut();
        let article = reading.current.as_mut()?;
        let set = a.highlights(&article.path);
        let frame = set
            .as_ref()
            .map(|set| a.frame_for(&article.path, set, ui.ctx()));
        article.reader.reader_ui(ui, atlas, frame);
        article.reader.take_click()
    }
}
