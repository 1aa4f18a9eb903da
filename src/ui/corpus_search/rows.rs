//! The corpus search's result rows: a row per document (its path, its hit count, a tick for
//! all its hits) followed by a row per hit, keyword in context. Only the rows in view are
//! drawn, so a search with a hundred thousand hits costs a frame what a screenful does.
//!
//! A hit's row is a concordance line drawn by the engine: the keyword in the middle, the text
//! before it on the side where reading comes from (the right for Arabic and Persian), the
//! text after it on the other side, each cut away from the keyword where it does not fit.

use egui::{Color32, Rect, Sense, Ui, pos2, vec2};

use crate::search::corpus::ShownHit;
use crate::settings::UiLanguage;
use crate::text::analysis::strong_direction;
use crate::text::{Direction, FontChoice};

use super::super::command::{Command, SearchCommand};
use super::super::engine_label::{Hug, LabelStyle};
use super::super::glyphs::GlyphPainter;
use super::CorpusSearch;

/// A row of the results.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// Document `n` of the results.
    Document(usize),
    /// Hit `h` of document `n`.
    Hit(usize, usize),
}

const ROW_HEIGHT: f32 = 24.0;
const TEXT_SIZE: f32 = 15.0;
const TICK: f32 = 22.0;
const GAP: f32 = 5.0;

pub(super) fn rows_ui(
    ui: &mut Ui,
    search: &mut CorpusSearch,
    (glyphs, lang, font): (&mut GlyphPainter, UiLanguage, FontChoice),
    out: &mut Vec<Command>,
) {
    let rows = search.rows.len();
    egui::ScrollArea::vertical()
        .id_salt("hamesh-corpus-results")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, rows, |ui, range| {
            for r in range {
                let Some(&row) = search.rows.get(r) else {
                    break;
                };
                let width = ui.available_width();
                let (rect, response) =
                    ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
                // The tick sits where reading starts: the right in an Arabic or Persian interface.
                let (tick, body) = if lang.is_rtl() {
                    let tick = Rect::from_min_max(pos2(rect.max.x - TICK, rect.min.y), rect.max);
                    (tick, rect.with_max_x(rect.max.x - TICK - GAP))
                } else {
                    let tick = Rect::from_min_max(rect.min, pos2(rect.min.x + TICK, rect.max.y));
                    (tick, rect.with_min_x(rect.min.x + TICK + GAP))
                };
                match row {
                    Row::Document(d) => {
                        let Some(doc) = search.results.get(d) else {
                            continue;
                        };
                        let mut all = doc.ticked.iter().all(|&t| t);
                        let was = all;
                        let name = doc.hits.path.clone();
                        ui.put(tick, egui::Checkbox::without_text(&mut all))
                            .widget_info(|| named_tick(all, &name));
                        if all != was {
                            search.set_ticked(d, None, all);
                        }
                        let Some(doc) = search.results.get(d) else {
                            continue;
                        };
                        let label = format!("{}  ({})", doc.hits.path, doc.hits.hits.len());
                        let style = LabelStyle {
                            size_px: TEXT_SIZE,
                            font,
                            color: ui.visuals().strong_text_color(),
                        };
                        let painter = ui.painter();
                        painter.rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
                        glyphs
                            .labels
                            .paint(painter, &mut glyphs.atlas, body, &label, style);
                        if response.clicked()
                            && let Some(first) = doc.hits.hits.first()
                        {
                            let path = doc.hits.path.clone();
                            out.push(SearchCommand::ShowHit(path, first.start..first.end).into());
                        }
                    }
                    Row::Hit(d, h) => {
                        let Some(mut on) = search
                            .results
                            .get(d)
                            .and_then(|doc| doc.ticked.get(h).copied())
                        else {
                            continue;
                        };
                        let was = on;
                        let name = search.results.get(d).and_then(|doc| doc.hits.hits.get(h));
                        let name = name.map_or_else(String::new, |hit| hit.text.clone());
                        ui.put(tick, egui::Checkbox::without_text(&mut on))
                            .widget_info(|| named_tick(on, &name));
                        if on != was {
                            search.set_ticked(d, Some(h), on);
                        }
                        let Some(doc) = search.results.get(d) else {
                            continue;
                        };
                        let Some(hit) = doc.hits.hits.get(h) else {
                            continue;
                        };
                        if response.hovered() {
                            ui.painter().rect_filled(
                                rect,
                                2.0,
                                ui.visuals().widgets.hovered.weak_bg_fill,
                            );
                        }
                        concordance_line(ui, glyphs, body, hit, font);
                        if response.clicked() {
                            let path = doc.hits.path.clone();
                            out.push(SearchCommand::ShowHit(path, hit.start..hit.end).into());
                        }
                    }
                }
            }
        });
}

/// What a tick says to assistive technology: what it ticks.
fn named_tick(on: bool, name: &str) -> egui::WidgetInfo {
    egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, name)
}

/// Draws a hit in its context: keyword in the middle of `rect`, the context on either side
/// in reading order.
fn concordance_line(
    ui: &Ui,
    glyphs: &mut GlyphPainter,
    rect: Rect,
    hit: &ShownHit,
    font: FontChoice,
) {
    let visuals = ui.visuals();
    let strong = LabelStyle {
        size_px: TEXT_SIZE,
        font,
        color: visuals.strong_text_color(),
    };
    let weak = LabelStyle {
        color: visuals.weak_text_color(),
        ..strong
    };
    let (width, _) = glyphs.labels.measure(&hit.text, strong);
    let direction = [hit.before.as_str(), &hit.text, &hit.after]
        .into_iter()
        .find_map(strong_direction)
        .unwrap_or(Direction::Ltr);
    let keyword_width = width.min(rect.width() * 0.4);
    let centre = rect.center().x;
    let keyword = Rect::from_center_size(
        pos2(centre, rect.center().y),
        vec2(keyword_width + 6.0, rect.height() - 4.0),
    );
    let painter = ui.painter();
    painter.rect_filled(
        keyword,
        3.0,
        Color32::from_rgba_unmultiplied(255, 200, 0, 90),
    );
    glyphs.labels.paint_hugging(
        painter,
        &mut glyphs.atlas,
        (
            keyword.shrink2(vec2(3.0, 0.0)),
            centre - keyword_width / 2.0,
            Hug::Left,
        ),
        &hit.text,
        strong,
    );
    let left = rect.with_max_x(keyword.min.x - GAP);
    let right = rect.with_min_x(keyword.max.x + GAP);
    let (before, after) = (hit.before.trim(), hit.after.trim());
    let (on_left, on_right) = match direction {
        Direction::Rtl => (after, before),
        Direction::Ltr => (before, after),
    };
    if !on_left.is_empty() && left.width() > 0.0 {
        let edge = (left.max.x, Hug::Right);
        glyphs.labels.paint_hugging(
            painter,
            &mut glyphs.atlas,
            (left, edge.0, edge.1),
            on_left,
            weak,
        );
    }
    if !on_right.is_empty() && right.width() > 0.0 {
        let edge = (right.min.x, Hug::Left);
        glyphs.labels.paint_hugging(
            painter,
            &mut glyphs.atlas,
            (right, edge.0, edge.1),
            on_right,
            weak,
        );
    }
}
