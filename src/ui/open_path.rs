//! File → Open folder… where no system dialog can be shown and a folder is open (so the start
//! screen, with its path field, is not there): a small window with the same path field.

use std::path::PathBuf;

use egui::{Context, Key};

use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;

use super::atlas::GlyphAtlas;
use super::chrome::{bar_ui, column_layout};
use super::command::{Command, FolderCommand};
use super::text_field::EngineField;

/// The id of the window's path field.
const FIELD: &str = "hamesh-open-path";

pub struct OpenPathWindow {
    path: String,
    field: EngineField,
    /// Put the keyboard in the field in the next frame.
    focus: bool,
}

impl OpenPathWindow {
    /// A window whose field holds `path` (the folder open now, to edit).
    pub fn new(path: String) -> OpenPathWindow {
        OpenPathWindow {
            path,
            field: EngineField::default(),
            focus: true,
        }
    }

    /// Shows the window; `false` once it is closed (a folder chosen, or cancelled).
    pub fn show(
        &mut self,
        ctx: &Context,
        (lang, atlas): (UiLanguage, &mut GlyphAtlas),
        out: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut done = false;
        egui::Window::new(tr(lang, Msg::OpenFolder))
            .id(egui::Id::unique("hamesh-open-path-window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
            .show(ctx, |ui| {
                ui.with_layout(column_layout(lang), |ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, tr(lang, Msg::DialogUnavailable));
                    let label = ui.label(tr(lang, Msg::FolderPath));
                    let at = (FIELD, tr(lang, Msg::FolderPath), 420.0);
                    let edit = self.field.bound(ui, atlas, at, &mut self.path);
                    let response = edit.response.labelled_by(label.id);
                    if std::mem::take(&mut self.focus) {
                        response.request_focus();
                    }
                    let entered = response.has_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    bar_ui(ui, lang, |ui| {
                        let path = self.path.trim();
                        let open = ui
                            .add_enabled(!path.is_empty(), egui::Button::new(tr(lang, Msg::Open)));
                        if (open.clicked() || entered) && !path.is_empty() {
                            out.push(FolderCommand::Open(PathBuf::from(path)).into());
                            done = true;
                        }
                        if ui.button(tr(lang, Msg::Cancel)).clicked() {
                            done = true;
                        }
                    });
                });
            });
        open && !done
    }
}
