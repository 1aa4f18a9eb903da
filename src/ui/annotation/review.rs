//! The panel's list of spans waiting for review: each shown as it was (label, quote, old
//! offsets) with why it could not be placed, and the places its quote occurs in the text now,
//! each with its surroundings (drawn by the engine). A click on a place selects it in the
//! reader; "Place here" makes the span there, "Discard" drops it; both can be undone.
//!
//! ```text
//!   [PER] «روسيا»                       was at 14–19
//!   The quote is still in the article, but not in its old surroundings
//!      …زار الوفد روسيا أمس…    [Place here]    203–208
//!   [Discard]
//! ```

use egui::{Color32, Rect, Role, Sense, Ui, WidgetInfo, pos2, vec2};

use crate::annotate::{DocumentAnnotations, ReviewReason, ReviewSpan};
use crate::i18n::{Msg, tr};
use crate::text::offsets::CharMap;

use super::super::chrome::bar_ui;
use super::super::command::{AnnotateCommand, Command, ReadCommand};
use super::Annotating;
use super::panel::PanelPaint;
use super::rows::{quote_ui, row_paint};

const ROW_HEIGHT: f32 = 30.0;
/// Places listed per span; the rest are counted.
const SHOWN_CANDIDATES: usize = 5;
/// Characters of surroundings shown on each side of a candidate place.
const SURROUNDINGS: usize = 18;

pub fn reason_msg(reason: ReviewReason) -> Msg {
    match reason {
        ReviewReason::QuoteGone => Msg::ReviewQuoteGone,
        ReviewReason::ContextChanged => Msg::ReviewContextChanged,
        ReviewReason::Ambiguous => Msg::ReviewAmbiguous,
        ReviewReason::Invalid => Msg::ReviewInvalid,
    }
}

/// The stretch of `text` around `start..end`, on one line, with ellipses where it was cut.
pub fn surroundings(text: &str, map: &CharMap, start: usize, end: usize) -> String {
    let len = map.len();
    let (from, to) = (
        start.saturating_sub(SURROUNDINGS),
        (end + SURROUNDINGS).min(len),
    );
    let piece = &text[map.byte_of(from)..map.byte_of(to.max(from))];
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(
        piece
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
    );
    if to < len {
        out.push('…');
    }
    out
}

/// The section for the spans of `doc` waiting for review; `text` is the article's current text.
pub fn review_ui(
    ui: &mut Ui,
    a: &Annotating,
    (doc, text): (&DocumentAnnotations, &str),
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    let title = format!(
        "{}  ({})",
        tr(lang, Msg::NeedsReview),
        doc.needs_review.len()
    );
    let map = CharMap::new(text);
    egui::CollapsingHeader::new(title)
        .id_salt("hamesh-needs-review")
        .default_open(true)
        .show(ui, |ui| {
            ui.weak(tr(lang, Msg::NeedsReviewHint));
            for r in &doc.needs_review {
                entry_ui(ui, a, r, (text, &map), paint, out);
            }
        });
}

fn entry_ui(
    ui: &mut Ui,
    a: &Annotating,
    r: &ReviewSpan,
    (text, map): (&str, &CharMap),
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().text_color();
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(Role::ListItem, true, &r.span.text));
    row_paint(ui, rect, (a, &r.span), paint, strong);
    bar_ui(ui, lang, |ui| {
        ui.weak(tr(lang, reason_msg(r.reason)));
    });
    bar_ui(ui, lang, |ui| {
        ui.weak(tr(lang, Msg::WasAt));
        ui.weak(format!("{}–{}", r.span.start, r.span.end));
    });
    let quote_len = r.span.text.chars().count();
    for &start in r.candidates.iter().take(SHOWN_CANDIDATES) {
        let end = start + quote_len;
        if end.0 > map.len() {
            continue;
        }
        bar_ui(ui, lang, |ui| {
            if ui.button(tr(lang, Msg::PlaceHere)).clicked() {
                out.push(AnnotateCommand::PlaceReviewed(r.span.id.clone(), start).into());
            }
            ui.weak(format!("{}–{}", start.0, end.0));
            let width = ui.available_width().max(40.0);
            let (rect, response) = ui.allocate_exact_size(vec2(width, 22.0), Sense::click());
            let shown = surroundings(text, map, start.0, end.0);
            response.widget_info(|| WidgetInfo::labeled(Role::Link, true, &shown));
            if response.clicked() {
                out.push(ReadCommand::ShowText(start..end).into());
            }
            let color = if response.hovered() { strong } else { weak };
            place_ui(ui, rect, &shown, paint, color);
        });
    }
    if r.candidates.len() > SHOWN_CANDIDATES {
        ui.weak(format!("+{}", r.candidates.len() - SHOWN_CANDIDATES));
    }
    bar_ui(ui, lang, |ui| {
        if ui.button(tr(lang, Msg::Discard)).clicked() {
            out.push(AnnotateCommand::DiscardReviewed(r.span.id.clone()).into());
        }
    });
    ui.separator();
}

/// One candidate's surroundings, drawn by the engine inside `rect`.
fn place_ui(ui: &Ui, rect: Rect, shown: &str, paint: &mut PanelPaint<'_>, color: Color32) {
    let inner = Rect::from_min_max(pos2(rect.min.x + 2.0, rect.min.y), rect.max);
    quote_ui(ui, inner, shown, paint, color);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surroundings_are_one_line_and_marked_where_cut() {
        let text = "سطر أول\nقال المتحدث إن روسيا ستشارك في المؤتمر المقبل في جنيف";
        let map = CharMap::new(text);
        let start = map.char_of(text.find("روسيا").unwrap());
        let shown = surroundings(text, &map, start, start + 5);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("روسيا") && !shown.contains('\n'));
        assert_eq!(surroundings("ab", &CharMap::new("ab"), 0, 2), "ab");
    }
}
