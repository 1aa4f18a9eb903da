//! The highlight panel's list of suggestions for the article: each with its label chip and
//! quote, accept (+) and reject (×) buttons, the one stepped to marked; "Accept all" for the
//! article, and, in a row's menu, for every suggestion of the same form.
//!
//! Keyboard: N and Shift+N step through the suggestions, A accepts the current one, R rejects
//! it ([`super::super::command`]).

use egui::{Sense, Ui, vec2};

use crate::i18n::{Msg, tr};
use crate::search::suggest::{Suggestion, form_of};

use super::super::chrome::bar_ui;
use super::super::command::{AnnotateCommand, Command};
use super::Annotating;
use super::panel::PanelPaint;
use super::rows::{CHIP_WIDTH, chip_paint, quote_ui};

const ROW_HEIGHT: f32 = 28.0;
/// Rows shown before the list scrolls.
const VISIBLE_ROWS: f32 = 8.0;

pub fn suggestions_ui(
    ui: &mut Ui,
    a: &Annotating,
    list: &[Suggestion],
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    let suggesting = &a.suggesting;
    bar_ui(ui, lang, |ui| {
        ui.strong(tr(lang, Msg::Suggestions));
        ui.label(list.len().to_string());
        if suggesting.is_loading() {
            ui.spinner();
            ui.weak(tr(lang, Msg::LearningDictionary));
        }
        if !list.is_empty() && ui.small_button(tr(lang, Msg::AcceptAll)).clicked() {
            out.push(AnnotateCommand::AcceptSuggestions(None).into());
        }
        if !suggesting.problems.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} !", suggesting.problems.len()),
            )
            .on_hover_text(suggesting.problems.join("\n"));
        }
    });
    if list.is_empty() {
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("hamesh-suggestions")
        .max_height(ROW_HEIGHT * VISIBLE_ROWS)
        .auto_shrink([false, true])
        .show_rows(ui, ROW_HEIGHT, list.len(), |ui, rows| {
            for i in rows {
                let s = &list[i];
                row_ui(ui, a, (i, s), paint, out);
            }
        });
}

fn row_ui(
    ui: &mut Ui,
    a: &Annotating,
    (i, s): (usize, &Suggestion),
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    let current = a.suggesting.current == Some(i);
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
    if current {
        ui.painter().rect_filled(
            rect,
            3.0,
            ui.visuals().selection.bg_fill.gamma_multiply(0.4),
        );
    } else if response.hovered() {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let buttons = 56.0;
    let inner = rect.shrink2(vec2(4.0, 4.0));
    let rtl = lang.is_rtl();
    let (chip, quote, tools) = if rtl {
        (
            inner.with_min_x(inner.max.x - CHIP_WIDTH),
            inner
                .with_min_x(inner.min.x + buttons)
                .with_max_x(inner.max.x - CHIP_WIDTH - 6.0),
            inner.with_max_x(inner.min.x + buttons),
        )
    } else {
        (
            inner.with_max_x(inner.min.x + CHIP_WIDTH),
            inner
                .with_min_x(inner.min.x + CHIP_WIDTH + 6.0)
                .with_max_x(inner.max.x - buttons),
            inner.with_min_x(inner.max.x - buttons),
        )
    };
    let color = a.color_of(&s.entry.label);
    // Drawn apart from spans: an outlined chip, not a filled one.
    chip_paint(ui, chip, &s.entry.label, color.gamma_multiply(0.55));
    let text_color = ui.visuals().text_color();
    quote_ui(ui, quote, &s.text, paint, text_color);
    let mut tools_ui = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(tools)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    if tools_ui
        .small_button("+")
        .on_hover_text(tr(lang, Msg::AcceptSuggestion))
        .clicked()
    {
        out.push(AnnotateCommand::AcceptSuggestion(Some(i)).into());
    }
    if tools_ui
        .small_button("×")
        .on_hover_text(tr(lang, Msg::RejectSuggestion))
        .clicked()
    {
        out.push(AnnotateCommand::RejectSuggestion(Some(i)).into());
    }
    let source = s.entry.source.name();
    let hover = match &s.entry.entity {
        Some(e) => format!("{source} · {e}"),
        None => source.to_string(),
    };
    let response = response.on_hover_text(hover);
    if response.clicked() {
        out.push(AnnotateCommand::GoToSuggestion(i).into());
    }
    response.context_menu(|ui| {
        if ui.button(tr(lang, Msg::AcceptAllOfForm)).clicked() {
            out.push(AnnotateCommand::AcceptSuggestions(Some(form_of(&s.text))).into());
            ui.close();
        }
    });
}
