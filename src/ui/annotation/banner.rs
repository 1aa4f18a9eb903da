//! The bars above the reader: messages until dismissed ([`super::super::app::Notice`]), where the
//! annotations of a read-only folder (or of one whose `.hamesh` is a link out of it) go, and the
//! choice a damaged annotation file waits for.
//! Paths are data and drawn by the engine, so Arabic folder names read right.

use egui::{Sense, Ui, vec2};

use crate::annotate::session::Availability;
use crate::annotate::store::Fallback;
use crate::i18n::{Msg, tr};
use crate::text::FontChoice;

use super::super::app::HameshApp;
use super::super::chrome::bar_ui;
use super::super::command::Command;
use super::super::engine_label::LabelStyle;

impl HameshApp {
    /// Why annotation of the current document is paused, if it is.
    pub(in crate::ui) fn blocked_message(&self) -> Option<&str> {
        let rel = &self.reading.current.as_ref()?.path;
        match &self.annotating.as_ref()?.session(rel)?.availability {
            Availability::Blocked { message } => Some(message),
            Availability::Editable => None,
        }
    }

    /// Whether any bar is shown.
    pub(in crate::ui) fn has_banners(&self) -> bool {
        !self.notices.is_empty()
            || self
                .annotating
                .as_ref()
                .is_some_and(|a| a.store.is_fallback())
            || self.blocked_message().is_some()
    }

    /// A path drawn by the engine, as wide as the bar allows.
    fn path_ui(&mut self, ui: &mut Ui, path: &str) {
        let width = ui.available_width().clamp(40.0, 520.0);
        let (rect, response) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
        let style = LabelStyle {
            size_px: 13.0,
            font: FontChoice::Vazirmatn,
            color: ui.visuals().text_color(),
        };
        self.labels
            .paint(ui.painter(), &mut self.atlas, rect, path, style);
        response.on_hover_text(path);
    }

    pub(in crate::ui) fn banners_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.get().ui_language;
        if let Some(blocked) = self.blocked_message().map(str::to_string) {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    tr(lang, Msg::DamagedAnnotations),
                );
            });
            bar_ui(ui, lang, |ui| {
                if ui.button(tr(lang, Msg::KeepAside)).clicked() {
                    self.commands.push(Command::KeepAsideAndStartOver);
                }
                ui.label(blocked);
            });
        }
        if let Some((why, dir)) = self.annotating.as_ref().and_then(|a| {
            let why = match a.store.fallback()? {
                Fallback::ReadOnly => Msg::StoreFallback,
                Fallback::LinkOutside { .. } => Msg::StoreLinkOutside,
            };
            Some((why, a.store.data_dir().display().to_string()))
        }) {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(ui.visuals().warn_fg_color, tr(lang, why));
                self.path_ui(ui, &dir);
            });
        }
        let mut dismiss = None;
        for (i, notice) in self.notices.iter().enumerate() {
            bar_ui(ui, lang, |ui| {
                ui.colored_label(ui.visuals().warn_fg_color, tr(lang, notice.msg));
                ui.label(&notice.detail);
                if ui.button(tr(lang, Msg::Dismiss)).clicked() {
                    dismiss = Some(i);
                }
            });
        }
        if let Some(i) = dismiss {
            self.commands.push(Command::Dismiss(i));
        }
    }
}
