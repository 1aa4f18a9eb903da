//! The annotation parts of a frame: the highlight panel beside the reader, the reader with its
//! highlights (and a click on a span), and the label editor window.

use egui::Ui;

use crate::text::{Affinity, CharIndex, FontChoice};

use super::super::app::HameshApp;
use super::super::atlas::GlyphAtlas;
use super::super::reader::ReaderView;
use super::panel::PanelPaint;

impl HameshApp {
    /// The highlight panel on the trailing side (mirrored in an Arabic or Persian interface).
    pub(in crate::ui) fn highlight_panel_ui(&mut self, ui: &mut Ui) {
        self.rects.highlights = None;
        let (Some(a), Some(article)) = (&mut self.annotating, &self.reading.current) else {
            return;
        };
        if !self.show_panel || a.session(&article.path).is_none() {
            return;
        }
        let counts = a.counts(&article.path);
        let a = &*a;
        let s = self.settings.get();
        let lang = s.ui_language;
        let panel = if lang.is_rtl() {
            egui::Panel::left("hamesh-highlights-rtl")
        } else {
            egui::Panel::right("hamesh-highlights-ltr")
        };
        let mut paint = PanelPaint {
            atlas: &mut self.atlas,
            labels: &mut self.labels,
            lang,
            font: FontChoice::parse(&s.font).unwrap_or_default(),
        };
        let state = &mut self.panel;
        let commands = &mut self.commands;
        let precision = self.char_precision;
        let rel = &article.path;
        let response = panel
            .default_size(340.0)
            .size_range(260.0..=600.0)
            .resizable(true)
            .show(ui, |ui| {
                let doc = (rel.as_str(), &*counts, article.reader.text());
                state.panel_ui(ui, a, doc, precision, &mut paint, commands);
            });
        self.rects.highlights = Some(response.response.rect);
    }

    /// The reader of the current article with its highlights; returns a click on the text.
    pub(in crate::ui) fn reader_with_highlights(
        &mut self,
        ui: &mut Ui,
    ) -> Option<(CharIndex, Affinity)> {
        let article = self.reading.current.as_mut()?;
        let set = self
            .annotating
            .as_mut()
            .and_then(|a| a.highlights(&article.path));
        let frame = match (&set, &self.annotating) {
            (Some(set), Some(a)) => Some(a.frame_for(&article.path, set, ui.ctx())),
            _ => None,
        };
        draw(&mut article.reader, ui, &mut self.atlas, frame);
        article.reader.take_click()
    }

    /// The label editor, while it is open.
    pub(in crate::ui) fn label_editor_ui(&mut self, ctx: &egui::Context) {
        let lang = self.settings.get().ui_language;
        if let Some(editor) = &mut self.label_editor
            && !editor.show(ctx, lang, &mut self.commands)
        {
            self.label_editor = None;
        }
    }
}

fn draw(
    reader: &mut ReaderView,
    ui: &mut Ui,
    atlas: &mut GlyphAtlas,
    frame: Option<super::super::reader::HighlightFrame<'_>>,
) {
    reader.reader_ui(ui, atlas, frame);
}
