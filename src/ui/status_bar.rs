//! The status bar: the article's path, encoding (a menu to reopen it as another), language,
//! direction, length and the reading position. Labels come from the catalogue; values are
//! separate labels, so egui never lays out a number inside Arabic or Persian text.

use egui::{Rect, Sense, Ui, vec2};

use crate::corpus::decode::Encoding;
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;
use crate::text::{Direction, FontChoice, Language};

use super::atlas::GlyphAtlas;
use super::chrome::bar_ui;
use super::command::Command;
use super::engine_label::{LabelCache, LabelStyle};
use super::folder::SaveState;
use super::toolbar::encoding_menu_ui;

/// What the bar shows about the article being read.
pub struct StatusState<'a> {
    pub path: &'a str,
    pub encoding: Encoding,
    pub language: Language,
    pub direction: Direction,
    pub chars: usize,
    /// Share of the article above the view, 0–1.
    pub scrolled: f32,
    /// The caret's offset in characters, if there is a caret.
    pub caret: Option<usize>,
    /// Whose annotator layer is open, in a corpus a team annotates.
    pub layer: Option<&'a str>,
    /// The layer shown beside it, and why its file of this article could not be read.
    pub beside: Option<(&'a str, Option<&'a str>)>,
    /// Whether every annotation edit is on disk.
    pub saved: SaveState,
}

/// Width given to the path, in points.
const PATH_WIDTH: f32 = 320.0;

pub fn status_bar_ui(
    ui: &mut Ui,
    lang: UiLanguage,
    state: Option<&StatusState<'_>>,
    loading: bool,
    paint: (&mut GlyphAtlas, &mut LabelCache),
    out: &mut Vec<Command>,
) {
    let loading_ui = |ui: &mut Ui| {
        if loading {
            ui.add(egui::Spinner::new());
            ui.weak(tr(lang, Msg::Loading));
        }
    };
    let Some(s) = state else {
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::AppName));
            loading_ui(ui);
        });
        return;
    };
    let (atlas, labels) = paint;
    bar_ui(ui, lang, |ui| {
        // The path is article data: drawn by the engine, so Arabic folder names read right.
        let width = PATH_WIDTH.min(ui.available_width() * 0.4).max(40.0);
        let (rect, response) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
        let style = LabelStyle {
            size_px: 13.0,
            font: FontChoice::Vazirmatn,
            color: ui.visuals().text_color(),
        };
        labels.paint(
            ui.painter(),
            atlas,
            Rect::from_min_size(rect.min, rect.size()),
            s.path,
            style,
        );
        response.on_hover_text(s.path);
        ui.separator();
        ui.weak(tr(lang, Msg::Encoding));
        ui.menu_button(s.encoding.name(), |ui| {
            encoding_menu_ui(ui, s.encoding, out)
        })
        .response
        .on_hover_text(tr(lang, Msg::ReopenAs));
        ui.separator();
        ui.weak(tr(lang, Msg::Language));
        ui.label(tr(
            lang,
            match s.language {
                Language::Arabic => Msg::Arabic,
                Language::Persian => Msg::Persian,
                Language::Other => Msg::OtherLanguage,
            },
        ));
        ui.separator();
        ui.weak(tr(lang, Msg::Direction));
        ui.label(tr(
            lang,
            match s.direction {
                Direction::Rtl => Msg::RightToLeft,
                Direction::Ltr => Msg::LeftToRight,
            },
        ));
        ui.separator();
        ui.weak(tr(lang, Msg::Characters));
        ui.label(s.chars.to_string());
        ui.separator();
        ui.weak(tr(lang, Msg::Position));
        ui.label(format!("{:.0}%", s.scrolled * 100.0));
        if let Some(caret) = s.caret {
            ui.separator();
            ui.weak(tr(lang, Msg::Caret));
            ui.label(caret.to_string());
        }
        // A layer's name may be Arabic or Persian: drawn by the engine.
        let mut name_ui = |ui: &mut Ui, (caption, name, hint): (Msg, &str, Msg)| {
            ui.separator();
            ui.weak(tr(lang, caption));
            let width = labels.measure(name, style).0 + 4.0;
            let (rect, response) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
            labels.paint(ui.painter(), atlas, rect, name, style);
            response.on_hover_text(tr(lang, hint));
        };
        if let Some(name) = s.layer {
            name_ui(ui, (Msg::Layer, name, Msg::LayerHint));
        }
        if let Some((name, problem)) = s.beside {
            name_ui(ui, (Msg::Beside, name, Msg::BesideHint));
            if let Some(problem) = problem {
                ui.colored_label(ui.visuals().warn_fg_color, "⚠")
                    .on_hover_text(problem);
            }
        }
        ui.separator();
        let visuals = ui.visuals();
        let (msg, color) = match s.saved {
            SaveState::Saved => (Msg::AllSaved, visuals.weak_text_color()),
            SaveState::Saving => (Msg::Saving, visuals.text_color()),
            SaveState::Failed => (Msg::NotSaved, visuals.error_fg_color),
        };
        ui.colored_label(color, tr(lang, msg))
            .on_hover_text(tr(lang, Msg::SavedHint));
        loading_ui(ui);
    });
}
