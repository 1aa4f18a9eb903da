//! The start screen, shown when no corpus is open: "Open folder…" (the native dialog), a path
//! field that always works (and is the way in where no dialog can be shown), and the recent
//! folders.

use std::path::PathBuf;

use egui::{Align, CornerRadius, Layout, Rect, Role, Sense, Ui, WidgetInfo, vec2};

use crate::i18n::{Msg, tr};
use crate::settings::Settings;
use crate::text::FontChoice;

use super::atlas::GlyphAtlas;
use super::chrome::bar_ui;
use super::command::{Command, FolderCommand, ViewCommand};
use super::engine_label::{LabelCache, LabelStyle};
use super::text_field::EngineField;

/// The start screen's own state.
#[derive(Default)]
pub struct StartScreen {
    /// What the path field holds.
    pub path: String,
    /// The native dialog could not be shown.
    pub dialog_unavailable: bool,
    /// A dialog is open.
    pub dialog_open: bool,
    /// Put the keyboard in the path field in the next frame.
    pub focus_path: bool,
    /// The path field, drawn by the engine (folder names may be Arabic or Persian).
    path_field: EngineField,
    /// The annotator's name (it may be Arabic or Persian).
    name_field: EngineField,
}

/// The id of the annotator field on the start screen.
pub const START_ANNOTATOR_FIELD: &str = "hamesh-start-annotator";

const WIDTH: f32 = 520.0;

impl StartScreen {
    pub fn start_ui(
        &mut self,
        ui: &mut Ui,
        settings: &Settings,
        paint: (&mut GlyphAtlas, &mut LabelCache),
        out: &mut Vec<Command>,
    ) {
        let lang = settings.ui_language;
        let (atlas, labels) = paint;
        let width = WIDTH.min(ui.available_width() - 32.0).max(200.0);
        let left = ui.max_rect().center().x - width / 2.0;
        let column = Rect::from_min_size(
            egui::pos2(left, ui.max_rect().min.y + 48.0),
            vec2(width, ui.available_height() - 48.0),
        );
        let align = if lang.is_rtl() {
            Align::Max
        } else {
            Align::Min
        };
        ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(column)
                .layout(Layout::top_down(align)),
            |ui| {
                ui.heading(tr(lang, Msg::StartTitle));
                ui.weak(tr(lang, Msg::StartHint));
                ui.add_space(16.0);
                let open = ui.add_enabled(
                    !self.dialog_open,
                    egui::Button::new(tr(lang, Msg::OpenFolder)).min_size(vec2(160.0, 32.0)),
                );
                if open.clicked() {
                    out.push(FolderCommand::Choose.into());
                }
                if self.dialog_unavailable {
                    ui.add_space(6.0);
                    ui.colored_label(ui.visuals().warn_fg_color, tr(lang, Msg::DialogUnavailable));
                }
                ui.add_space(16.0);
                ui.label(tr(lang, Msg::FolderPath));
                bar_ui(ui, lang, |ui| {
                    let hint = tr(lang, Msg::FolderPath);
                    let at = ("hamesh-path-field", hint, width - 90.0);
                    let field = self.path_field.bound(ui, atlas, at, &mut self.path);
                    let response = field.response;
                    if std::mem::take(&mut self.focus_path) {
                        response.request_focus();
                    }
                    let entered =
                        response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if (ui.button(tr(lang, Msg::Open)).clicked() || entered)
                        && !self.path.trim().is_empty()
                    {
                        out.push(FolderCommand::Open(PathBuf::from(self.path.trim())).into());
                    }
                });
                ui.add_space(24.0);
                let label = ui.strong(tr(lang, Msg::YourName));
                let mut name = settings.annotator.clone();
                let at = (START_ANNOTATOR_FIELD, "", width.min(280.0));
                let edit = self.name_field.bound(ui, atlas, at, &mut name);
                edit.response.labelled_by(label.id);
                if edit.changed {
                    out.push(ViewCommand::SetAnnotator(name).into());
                }
                ui.weak(tr(lang, Msg::YourNameHint));
                ui.add_space(24.0);
                ui.strong(tr(lang, Msg::RecentFolders));
                if settings.recent_folders.is_empty() {
                    ui.weak(tr(lang, Msg::NoRecentFolders));
                }
                for folder in &settings.recent_folders {
                    recent_ui(ui, folder, (atlas, labels), out);
                }
            },
        );
    }
}

/// One recent folder: its path drawn by the engine (folder names may be Arabic), clickable.
fn recent_ui(
    ui: &mut Ui,
    folder: &std::path::Path,
    paint: (&mut GlyphAtlas, &mut LabelCache),
    out: &mut Vec<Command>,
) {
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), 26.0), Sense::click());
    let shown = folder.display().to_string();
    response.widget_info(|| WidgetInfo::labeled(Role::Link, true, &shown));
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, CornerRadius::same(3), ui.visuals().faint_bg_color);
    }
    let style = LabelStyle {
        size_px: 14.0,
        font: FontChoice::Vazirmatn,
        color: ui.visuals().hyperlink_color,
    };
    let (atlas, labels) = paint;
    labels.paint(
        ui.painter(),
        atlas,
        rect.shrink2(vec2(6.0, 0.0)),
        &shown,
        style,
    );
    if response.clicked() {
        out.push(FolderCommand::Open(folder.to_path_buf()).into());
    }
}
