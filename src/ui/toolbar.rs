//! The top bar: the File, View and Annotate menus, then quick reading controls. Everything here emits
//! [`Command`]s; the bar flows from the right in an Arabic or Persian interface.

use egui::containers::menu::{SubMenu, SubMenuButton};
use egui::{Button, Ui};

use crate::corpus::decode::Encoding;
use crate::i18n::{Msg, tr};
use crate::settings::{Settings, ThemeChoice, UiLanguage};
use crate::text::FontChoice;

use super::annotation::beside::OtherLayer;
use super::chrome::{bar_ui, column_layout};
use super::command::{
    AnnotateCommand, Command, DatasetCommand, FolderCommand, SearchCommand, ViewCommand,
    shortcut_of,
};
use super::data_row::data_row_ui;
use super::glyphs::GlyphPainter;
use super::text_field::EngineField;

/// Line spacings offered, as multiples of the font's natural line height.
pub const LINE_SPACINGS: [f32; 5] = [0.9, 1.0, 1.15, 1.3, 1.5];

/// What the bar shows about the app's state.
pub struct ToolbarState<'a> {
    pub settings: &'a Settings,
    /// A corpus is open.
    pub corpus_open: bool,
    /// The encoding of the article being read, if any.
    pub encoding: Option<Encoding>,
    /// Whether the highlight panel is shown, and new spans take exact characters.
    pub show_panel: bool,
    pub char_precision: bool,
    /// Whether suggestions are drawn and listed.
    pub show_suggestions: bool,
    /// The layers that can be shown beside the open one (none: not a team's corpus), and
    /// the one shown.
    pub others: Vec<OtherLayer>,
    pub beside: Option<OtherLayer>,
}

/// The annotator field and the painter of names (they may be Arabic or Persian).
pub type AnnotatorField<'a> = (&'a mut EngineField, &'a mut GlyphPainter);

pub fn toolbar_ui(
    ui: &mut Ui,
    state: &ToolbarState<'_>,
    annotator: AnnotatorField<'_>,
    out: &mut Vec<Command>,
) {
    let lang = state.settings.ui_language;
    bar_ui(ui, lang, |ui| {
        ui.menu_button(tr(lang, Msg::MenuFile), |ui| file_menu_ui(ui, state, out));
        ui.menu_button(tr(lang, Msg::MenuView), |ui| view_menu_ui(ui, state, out));
        ui.menu_button(tr(lang, Msg::MenuAnnotate), |ui| {
            annotate_menu_ui(ui, state, annotator, out)
        });
        ui.separator();
        quick_controls_ui(ui, state.settings, out);
    });
}

/// A menu item that emits `command`, with its shortcut shown.
fn item_ui(ui: &mut Ui, text: &str, command: Command, out: &mut Vec<Command>) {
    let mut button = Button::new(text);
    if let Some(shortcut) = shortcut_of(command.clone()) {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add(button).clicked() {
        out.push(command);
    }
}

/// A submenu of a menu. In an Arabic or Persian interface the items sit at the menu's right
/// edge, narrower than the menu, and egui opens a submenu beside its item's far edge (over its
/// own menu) or on the right (over the article list). There the submenu opens on the left of
/// the whole menu instead.
fn submenu_ui<R>(
    ui: &mut Ui,
    lang: UiLanguage,
    text: &str,
    add: impl FnOnce(&mut Ui) -> R,
) -> egui::Response {
    if !lang.is_rtl() {
        return ui.menu_button(text, add).response;
    }
    let button = Button::new(text).right_text(SubMenuButton::arrow_atom(None));
    let response = ui.add(button);
    // The anchor reaches the window's right edge, so the submenu has no room on the right and
    // opens on the left, as a right-to-left menu does.
    let menu = ui.max_rect();
    let screen = ui.ctx().content_rect();
    let mut anchor = response.clone();
    anchor.rect = response
        .rect
        .with_min_x(menu.min.x)
        .with_max_x(screen.max.x);
    anchor.interact_rect = anchor.rect;
    SubMenu::new().show(ui, &anchor, add);
    response
}

/// A checked or unchecked menu item.
fn choice_ui(ui: &mut Ui, selected: bool, text: &str, command: Command, out: &mut Vec<Command>) {
    if ui.add(Button::selectable(selected, text)).clicked() {
        out.push(command);
    }
}

/// The id of the annotator field in the Annotate menu.
pub const ANNOTATOR_FIELD: &str = "hamesh-annotator";

/// Menus are as wide as their widest item; a leading-edge layout would stretch them.
const MENU_WIDTH: f32 = 240.0;

fn file_menu_ui(ui: &mut Ui, state: &ToolbarState<'_>, out: &mut Vec<Command>) {
    let lang = state.settings.ui_language;
    ui.set_max_width(MENU_WIDTH);
    ui.with_layout(column_layout(lang), |ui| {
        item_ui(
            ui,
            tr(lang, Msg::OpenFolder),
            Command::from(FolderCommand::Choose),
            out,
        );
        submenu_ui(ui, lang, tr(lang, Msg::RecentFolders), |ui| {
            if state.settings.recent_folders.is_empty() {
                ui.weak(tr(lang, Msg::NoRecentFolders));
            }
            for folder in &state.settings.recent_folders {
                if ui.button(folder.display().to_string()).clicked() {
                    out.push(FolderCommand::Open(folder.clone()).into());
                }
            }
        });
        if let Some(current) = state.encoding {
            submenu_ui(ui, lang, tr(lang, Msg::ReopenAs), |ui| {
                encoding_menu_ui(ui, current, out)
            });
        }
        let follow = state.settings.follow_links;
        let toggle = FolderCommand::SetFollowLinks(!follow);
        choice_ui(ui, follow, tr(lang, Msg::FollowLinks), toggle.into(), out);
        if state.corpus_open {
            ui.separator();
            item_ui(
                ui,
                tr(lang, Msg::FindHint),
                Command::from(ViewCommand::OpenFind),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::SearchCorpus),
                Command::from(SearchCommand::Open),
                out,
            );
            ui.separator();
            item_ui(
                ui,
                tr(lang, Msg::ExportMenu),
                Command::from(DatasetCommand::OpenExport),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::ImportMenu),
                Command::from(DatasetCommand::OpenImport),
                out,
            );
            ui.separator();
            item_ui(
                ui,
                tr(lang, Msg::CloseFolder),
                Command::from(FolderCommand::Close),
                out,
            );
        }
    });
}

/// The encodings a file can be reopened as, the current one checked.
pub fn encoding_menu_ui(ui: &mut Ui, current: Encoding, out: &mut Vec<Command>) {
    for encoding in Encoding::ALL {
        choice_ui(
            ui,
            encoding == current,
            encoding.name(),
            Command::from(FolderCommand::ReopenAs(encoding)),
            out,
        );
    }
}

fn view_menu_ui(ui: &mut Ui, state: &ToolbarState<'_>, out: &mut Vec<Command>) {
    let s = state.settings;
    let lang = s.ui_language;
    ui.set_max_width(MENU_WIDTH);
    ui.with_layout(column_layout(lang), |ui| {
        let font = FontChoice::parse(&s.font).unwrap_or_default();
        submenu_ui(ui, lang, tr(lang, Msg::Font), |ui| {
            for (choice, msg) in [
                (FontChoice::Vazirmatn, Msg::FontVazirmatn),
                (FontChoice::Naskh, Msg::FontNaskh),
            ] {
                choice_ui(
                    ui,
                    font == choice,
                    tr(lang, msg),
                    Command::from(ViewCommand::SetFont(choice)),
                    out,
                );
            }
        });
        submenu_ui(ui, lang, tr(lang, Msg::TextSize), |ui| {
            item_ui(
                ui,
                tr(lang, Msg::Larger),
                Command::from(ViewCommand::ZoomIn),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::Smaller),
                Command::from(ViewCommand::ZoomOut),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::ResetSize),
                Command::from(ViewCommand::ZoomReset),
                out,
            );
        });
        submenu_ui(ui, lang, tr(lang, Msg::LineSpacing), |ui| {
            for spacing in LINE_SPACINGS {
                let selected = (s.line_spacing - spacing).abs() < 0.01;
                let text = format!("{spacing:.2}");
                choice_ui(
                    ui,
                    selected,
                    &text,
                    Command::from(ViewCommand::SetLineSpacing(spacing)),
                    out,
                );
            }
        });
        submenu_ui(ui, lang, tr(lang, Msg::Theme), |ui| {
            for (theme, msg) in [
                (ThemeChoice::Light, Msg::ThemeLight),
                (ThemeChoice::Dark, Msg::ThemeDark),
            ] {
                choice_ui(
                    ui,
                    s.theme == theme,
                    tr(lang, msg),
                    Command::from(ViewCommand::SetTheme(theme)),
                    out,
                );
            }
        });
        choice_ui(
            ui,
            s.show_controls,
            tr(lang, Msg::ShowControls),
            Command::from(ViewCommand::ToggleControls),
            out,
        );
        choice_ui(
            ui,
            s.fold_furniture,
            tr(lang, Msg::FoldFurniture),
            Command::from(ViewCommand::ToggleFurniture),
            out,
        );
        submenu_ui(ui, lang, tr(lang, Msg::InterfaceLanguage), |ui| {
            // Each language under its own name, so anyone can find theirs.
            for (choice, msg) in [
                (UiLanguage::En, Msg::LanguageEnglish),
                (UiLanguage::Ar, Msg::LanguageArabic),
                (UiLanguage::Fa, Msg::LanguagePersian),
            ] {
                let text = tr(choice, msg);
                choice_ui(
                    ui,
                    lang == choice,
                    text,
                    Command::from(ViewCommand::SetUiLanguage(choice)),
                    out,
                );
            }
        });
    });
}

fn annotate_menu_ui(
    ui: &mut Ui,
    state: &ToolbarState<'_>,
    (field, glyphs): AnnotatorField<'_>,
    out: &mut Vec<Command>,
) {
    let lang = state.settings.ui_language;
    ui.set_max_width(MENU_WIDTH + 40.0);
    ui.with_layout(column_layout(lang), |ui| {
        item_ui(
            ui,
            tr(lang, Msg::Undo),
            Command::from(AnnotateCommand::Undo),
            out,
        );
        item_ui(
            ui,
            tr(lang, Msg::Redo),
            Command::from(AnnotateCommand::Redo),
            out,
        );
        ui.separator();
        let panel = Command::from(ViewCommand::ToggleHighlightPanel);
        let mut button = Button::selectable(state.show_panel, tr(lang, Msg::HighlightPanel));
        if let Some(shortcut) = shortcut_of(panel.clone()) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add(button).clicked() {
            out.push(panel);
        }
        let precision = Command::from(ViewCommand::TogglePrecision);
        let mut button =
            Button::selectable(state.char_precision, tr(lang, Msg::CharacterPrecision));
        if let Some(shortcut) = shortcut_of(precision.clone()) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        let response = ui
            .add(button)
            .on_hover_text(tr(lang, Msg::CharacterPrecisionHint));
        if response.clicked() {
            out.push(precision);
        }
        let suggestions = Button::selectable(state.show_suggestions, tr(lang, Msg::Suggestions));
        if ui.add(suggestions).clicked() {
            out.push(ViewCommand::ToggleSuggestions.into());
        }
        if state.corpus_open {
            item_ui(
                ui,
                tr(lang, Msg::EditLabels),
                Command::from(ViewCommand::OpenLabelEditor),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::Entities),
                Command::from(ViewCommand::OpenEntities),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::Agreement),
                Command::from(ViewCommand::OpenAgreement),
                out,
            );
            item_ui(
                ui,
                tr(lang, Msg::Curate),
                Command::from(ViewCommand::OpenCuration),
                out,
            );
            if !state.others.is_empty() {
                submenu_ui(ui, lang, tr(lang, Msg::BesideMine), |ui| {
                    beside_menu_ui(ui, state, glyphs, out)
                })
                .on_hover_text(tr(lang, Msg::BesideHint));
            }
            item_ui(
                ui,
                tr(lang, Msg::AddStarterGazetteer),
                Command::from(AnnotateCommand::AddStarterGazetteer),
                out,
            );
        }
        ui.separator();
        let label = ui.weak(tr(lang, Msg::Annotator));
        let mut name = state.settings.annotator.clone();
        let at = (ANNOTATOR_FIELD, "", MENU_WIDTH);
        let edit = field.bound(ui, &mut glyphs.atlas, at, &mut name);
        edit.response.labelled_by(label.id);
        if edit.changed {
            out.push(ViewCommand::SetAnnotator(name).into());
        }
    });
}

/// Nobody, the curated layer, or one of the other annotators: whose spans are drawn beside
/// one's own.
fn beside_menu_ui(
    ui: &mut Ui,
    state: &ToolbarState<'_>,
    glyphs: &mut GlyphPainter,
    out: &mut Vec<Command>,
) {
    let lang = state.settings.ui_language;
    ui.set_max_width(MENU_WIDTH);
    ui.with_layout(column_layout(lang), |ui| {
        let nobody = ViewCommand::ShowBeside(None).into();
        choice_ui(
            ui,
            state.beside.is_none(),
            tr(lang, Msg::BesideNobody),
            nobody,
            out,
        );
        for layer in &state.others {
            let selected = state.beside.as_ref() == Some(layer);
            let clicked = match layer {
                OtherLayer::Curated => ui
                    .add(Button::selectable(selected, tr(lang, Msg::CuratedLayer)))
                    .clicked(),
                OtherLayer::Annotator(name) => {
                    data_row_ui(ui, glyphs, (lang, Some(MENU_WIDTH)), selected, name).clicked()
                }
            };
            if clicked {
                out.push(ViewCommand::ShowBeside(Some(layer.clone())).into());
            }
        }
    });
}

/// Font, size, theme and control marks, one click away.
fn quick_controls_ui(ui: &mut Ui, s: &Settings, out: &mut Vec<Command>) {
    let lang = s.ui_language;
    let font = FontChoice::parse(&s.font).unwrap_or_default();
    for (choice, msg) in [
        (FontChoice::Vazirmatn, Msg::FontVazirmatn),
        (FontChoice::Naskh, Msg::FontNaskh),
    ] {
        if ui.selectable_label(font == choice, tr(lang, msg)).clicked() {
            out.push(ViewCommand::SetFont(choice).into());
        }
    }
    ui.separator();
    let small = ui.button("−").on_hover_text(tr(lang, Msg::Smaller));
    if small.clicked() {
        out.push(ViewCommand::ZoomOut.into());
    }
    ui.label(format!("{:.0}", s.size_px))
        .on_hover_text(tr(lang, Msg::TextSize));
    if ui
        .button("+")
        .on_hover_text(tr(lang, Msg::Larger))
        .clicked()
    {
        out.push(ViewCommand::ZoomIn.into());
    }
    ui.separator();
    let (next, msg) = match s.theme {
        ThemeChoice::Light => (ThemeChoice::Dark, Msg::ThemeDark),
        ThemeChoice::Dark => (ThemeChoice::Light, Msg::ThemeLight),
    };
    if ui.button(tr(lang, msg)).clicked() {
        out.push(ViewCommand::SetTheme(next).into());
    }
    let controls = ui
        .selectable_label(s.show_controls, tr(lang, Msg::ShowControls))
        .on_hover_text(tr(lang, Msg::ShowControlsHint));
    if controls.clicked() {
        out.push(ViewCommand::ToggleControls.into());
    }
}
