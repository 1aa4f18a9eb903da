//! The look of egui's own widgets: fonts that cover Arabic and Persian, the theme, and the
//! direction the interface flows in.

use egui::{
    Align, Context, FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily, Layout,
    Theme, Ui, vec2,
};

use crate::settings::{ThemeChoice, UiLanguage};
use crate::text::FontId;
use crate::text::fonts::face;

/// Installs Vazirmatn as egui's first proportional font (and a monospace fallback).
///
/// egui shapes each run of one font separately and places runs left to right. With Vazirmatn
/// first, a translated string of Arabic or Persian letters and spaces is one run, which the
/// shaper lays out right to left as a whole; with egui's default font first, the spaces would
/// split it into words drawn in the wrong order. Vazirmatn also covers Latin.
pub fn install_fonts(ctx: &Context) {
    ctx.add_font(FontInsert::new(
        "vazirmatn",
        FontData::from_static(face(FontId::VAZIRMATN).data),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Highest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}

pub fn theme_of(theme: ThemeChoice) -> Theme {
    match theme {
        ThemeChoice::Light => Theme::Light,
        ThemeChoice::Dark => Theme::Dark,
    }
}

pub fn apply_theme(ctx: &Context, theme: ThemeChoice) {
    ctx.set_theme(theme_of(theme));
}

/// A horizontal bar's layout: items flow from the leading edge (the right one for Arabic and
/// Persian).
pub fn bar_layout(lang: UiLanguage) -> Layout {
    if lang.is_rtl() {
        Layout::right_to_left(Align::Center)
    } else {
        Layout::left_to_right(Align::Center)
    }
}

/// A row of widgets one line high, flowing from the leading edge. (`ui.with_layout` with a
/// horizontal layout would take all the height left.)
pub fn bar_ui<R>(ui: &mut Ui, lang: UiLanguage, add: impl FnOnce(&mut Ui) -> R) -> R {
    let size = vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, bar_layout(lang), add)
        .inner
}

/// A row of widgets that wraps onto more lines when it is full, flowing from the leading edge.
pub fn wrapped_ui<R>(ui: &mut Ui, lang: UiLanguage, add: impl FnOnce(&mut Ui) -> R) -> R {
    let size = vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, bar_layout(lang).with_main_wrap(true), add)
        .inner
}

/// The edge text starts from: the right one for Arabic and Persian.
pub fn leading_align(lang: UiLanguage) -> Align {
    if lang.is_rtl() {
        Align::Max
    } else {
        Align::Min
    }
}

/// A vertical column's layout, aligned to the leading edge.
pub fn column_layout(lang: UiLanguage) -> Layout {
    Layout::top_down(leading_align(lang))
}
