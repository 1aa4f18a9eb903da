//! The bars above the reader: messages until dismissed ([`super::super::shell::Notice`]), where the
//! annotations of a read-only folder (or of one whose `.hamesh` is a link out of it) go, and the
//! choice a damaged annotation file waits for.
//! Paths are data and drawn by the engine, so Arabic folder names read right.

use egui::{Sense, Ui, vec2};

use crate::annotate::store::Fallback;
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;
use crate::text::FontChoice;

use super::super::chrome::bar_ui;
use super::super::command::{AnnotateCommand, Command, ViewCommand};
use super::super::engine_label::LabelStyle;
use super::super::glyphs::GlyphPainter;
use super::super::shell::Notices;
use super::Annotating;

/// What the bars show: the messages, and the open folder's (a damaged file, a read-only folder).
pub struct Banners<'a> {
    pub notices: &'a Notices,
    /// The open folder's annotations.
    pub annotating: Option<&'a Annotating>,
    /// Why annotation of the current document is paused, if it is.
    pub blocked: Option<&'a str>,
}

impl Banners<'_> {
    /// Whether any bar is shown.
    pub fn any(&self) -> bool {
        !self.notices.is_empty()
            || self.blocked.is_some()
            || self.annotating.is_some_and(|a| a.store.is_fallback())
    }

    pub fn banners_ui(
        &self,
        ui: &mut Ui,
        lang: UiLanguage,
        glyphs: &mut GlyphPainter,
        out: &mut Vec<Command>,
    ) {
        if let Some(blocked) = self.blocked {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    tr(lang, Msg::DamagedAnnotations),
                );
            });
            bar_ui(ui, lang, |ui| {
                if ui.button(tr(lang, Msg::KeepAside)).clicked() {
                    out.push(AnnotateCommand::KeepAsideAndStartOver.into());
                }
                ui.label(blocked);
            });
        }
        if let Some((why, dir)) = self.annotating.and_then(|a| {
            let why = match a.store.fallback()? {
                Fallback::ReadOnly => Msg::StoreFallback,
                Fallback::LinkOutside { .. } => Msg::StoreLinkOutside,
            };
            Some((why, a.store.data_dir().display().to_string()))
        }) {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(ui.visuals().warn_fg_color, tr(lang, why));
                path_ui(ui, glyphs, &dir);
            });
        }
        for (i, notice) in self.notices.all().iter().enumerate() {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(ui.visuals().warn_fg_color, tr(lang, notice.msg));
                ui.label(&notice.detail);
                if ui.button(tr(lang, Msg::Dismiss)).clicked() {
                    out.push(ViewCommand::Dismiss(i).into());
                }
            });
        }
    }
}

/// A path drawn by the engine, as wide as the bar allows.
fn path_ui(ui: &mut Ui, glyphs: &mut GlyphPainter, path: &str) {
    let width = ui.available_width().clamp(40.0, 520.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
    let style = LabelStyle {
        size_px: 13.0,
        font: FontChoice::Vazirmatn,
        color: ui.visuals().text_color(),
    };
    glyphs
        .labels
        .paint(ui.painter(), &mut glyphs.atlas, rect, path, style);
    response.on_hover_text(path);
}
