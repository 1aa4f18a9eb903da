//! One line of article text drawn with the engine, for places outside the reader (titles in
//! the article list, file names): egui's own text has no bidi, so numbers inside Arabic would
//! come out reversed.
//!
//! A label is shaped once per (text, size, font) and wrapped at the width it is given; only its
//! first line is drawn, right-aligned for right-to-left text, and an ellipsis marks what did not
//! fit. Shaped labels are kept in a small cache that forgets the least recently drawn ones, so
//! scrolling a long list shapes each title once while it stays near the view.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, pos2, vec2};

use crate::text::{
    Direction, FontChoice, ParagraphLayout, ParagraphView, ShapedParagraph, TextStyle,
};

use super::atlas::GlyphAtlas;
use super::paint::{Target, line_glyphs};

/// Labels kept; the list shows a few dozen rows, so this holds several screens of scrolling.
const CAPACITY: usize = 600;
const ELLIPSIS: &str = "…";

struct Shaped {
    text: String,
    shaped: ShapedParagraph,
    /// The last wrap, and the width it was made for.
    layout: Option<(f32, ParagraphLayout)>,
    last_used: u64,
}

/// Which end of a line [`LabelCache::paint_hugging`] puts at the edge it is given.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Hug {
    Left,
    Right,
}

/// Shaped labels, least recently drawn forgotten first.
#[derive(Default)]
pub struct LabelCache {
    entries: HashMap<u64, Shaped>,
    clock: u64,
    /// Labels shaped since the cache was made (for tests and diagnostics).
    shaped: usize,
}

/// How a label is drawn.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct LabelStyle {
    pub size_px: f32,
    pub font: FontChoice,
    pub color: Color32,
}

impl LabelCache {
    /// Labels shaped so far.
    pub fn shaped_count(&self) -> usize {
        self.shaped
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Shapes `text` unless it is cached; returns its key.
    fn shaped(&mut self, text: &str, style: LabelStyle) -> u64 {
        self.clock += 1;
        let key = key_of(text, style);
        if self.entries.get(&key).is_none_or(|e| e.text != text) {
            self.make_room();
            let shaped = ShapedParagraph::new(
                text,
                &TextStyle {
                    font: style.font,
                    size_px: style.size_px,
                    language: crate::text::Language::detect(text),
                    ..TextStyle::default()
                },
                Direction::Ltr,
            );
            self.shaped += 1;
            self.entries.insert(
                key,
                Shaped {
                    text: text.to_string(),
                    shaped,
                    layout: None,
                    last_used: 0,
                },
            );
        }
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.last_used = self.clock;
        }
        key
    }

    /// The width of `text` on one line, and its direction.
    pub fn measure(&mut self, text: &str, style: LabelStyle) -> (f32, Direction) {
        let key = self.shaped(text, style);
        self.entries.get(&key).map_or((0.0, Direction::Ltr), |e| {
            (e.shaped.natural_width(), e.shaped.base)
        })
    }

    /// Draws `text` on one unbroken line with one of its ends at `edge` (the left end at
    /// `edge` for [`Hug::Left`], the right end for [`Hug::Right`]), vertically centred in
    /// `rect` and clipped to it: what does not fit is cut off at the far side, as a concordance
    /// cuts its contexts away from the keyword.
    pub fn paint_hugging(
        &mut self,
        painter: &Painter,
        atlas: &mut GlyphAtlas,
        (rect, edge, hug): (Rect, f32, Hug),
        text: &str,
        style: LabelStyle,
    ) {
        let key = self.shaped(text, style);
        let Some(entry) = self.entries.get_mut(&key) else {
            return;
        };
        let width = entry.shaped.natural_width() + 1.0;
        entry.wrap_at(width);
        let Some((_, layout)) = &entry.layout else {
            return;
        };
        let Some(line) = layout.lines.first() else {
            return;
        };
        let x = match hug {
            Hug::Left => edge - line.x,
            Hug::Right => edge - line.x - line.width,
        };
        let view = ParagraphView::new(&entry.shaped, layout);
        first_line(painter, atlas, view, (x, rect), style.color);
    }

    /// Draws `text` on one line inside `rect` (vertically centred), aligned by its direction:
    /// right-to-left text from the right edge. Returns the direction, and whether the text
    /// was cut.
    pub fn paint(
        &mut self,
        painter: &Painter,
        atlas: &mut GlyphAtlas,
        rect: Rect,
        text: &str,
        style: LabelStyle,
    ) -> (Direction, bool) {
        let key = self.shaped(text, style);
        let Some(entry) = self.entries.get_mut(&key) else {
            return (Direction::Ltr, false);
        };
        let ellipsis_width = style.size_px * 0.9;
        let full = entry.shaped.natural_width() <= rect.width();
        let width = if full {
            rect.width()
        } else {
            (rect.width() - ellipsis_width).max(1.0)
        };
        entry.wrap_at(width);
        let Some((_, layout)) = &entry.layout else {
            return (Direction::Ltr, false);
        };
        let view = ParagraphView::new(&entry.shaped, layout);
        let direction = entry.shaped.base;
        let Some(line) = layout.lines.first() else {
            return (direction, false);
        };
        let cut = layout.lines.len() > 1;
        // Right-to-left lines are aligned to the right of `width`; with an ellipsis on the
        // left, the line moves over by the ellipsis.
        let x = if direction.is_rtl() && cut {
            rect.min.x + ellipsis_width
        } else {
            rect.min.x
        };
        let snapped = first_line(painter, atlas, view, (x, rect), style.color);
        if cut {
            let baseline = snapped.y + line.baseline;
            let (at, align) = if direction.is_rtl() {
                (
                    pos2(snapped.x + line.x - 2.0, baseline),
                    Align2::RIGHT_BOTTOM,
                )
            } else {
                (
                    pos2(snapped.x + line.x + line.width + 2.0, baseline),
                    Align2::LEFT_BOTTOM,
                )
            };
            painter.text(
                at + vec2(0.0, style.size_px * 0.25),
                align,
                ELLIPSIS,
                FontId::proportional(style.size_px * 0.8),
                style.color,
            );
        }
        (direction, cut)
    }

    /// Forgets the least recently drawn half when the cache is full.
    fn make_room(&mut self) {
        if self.entries.len() < CAPACITY {
            return;
        }
        let mut ages: Vec<u64> = self.entries.values().map(|e| e.last_used).collect();
        ages.sort_unstable();
        let cutoff = ages[ages.len() / 2];
        self.entries.retain(|_, e| e.last_used > cutoff);
    }
}

impl Shaped {
    /// Wraps at `width` unless the last wrap was for (nearly) that width.
    fn wrap_at(&mut self, width: f32) {
        if self
            .layout
            .as_ref()
            .is_none_or(|(w, _)| (w - width).abs() > 0.5)
        {
            self.layout = Some((width, self.shaped.wrap(width)));
        }
    }
}

/// Draws the first line of `view` with its left edge at `x`, vertically centred in `rect`
/// and clipped to it, snapped to the pixel grid; returns the snapped origin.
fn first_line(
    painter: &Painter,
    atlas: &mut GlyphAtlas,
    view: ParagraphView<'_>,
    (x, rect): (f32, Rect),
    color: Color32,
) -> Pos2 {
    let height = view.shaped.metrics.height;
    let origin = pos2(x, rect.center().y - height / 2.0);
    let ppp = painter.ctx().pixels_per_point();
    let snapped = pos2(
        (origin.x * ppp).round() / ppp,
        (origin.y * ppp).round() / ppp,
    );
    let mut mesh = Mesh::with_texture(atlas.texture_id());
    let target = Target {
        pixels_per_point: ppp,
        clip: rect,
        color,
    };
    line_glyphs(&mut mesh, atlas, view, 0, snapped, target);
    painter.with_clip_rect(rect).add(Shape::mesh(mesh));
    snapped
}

fn key_of(text: &str, style: LabelStyle) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    style.size_px.to_bits().hash(&mut h);
    style.font.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(
        cache: &mut LabelCache,
        atlas: &mut GlyphAtlas,
        text: &str,
        width: f32,
    ) -> (Direction, bool) {
        let ctx = egui::Context::default();
        let mut result = (Direction::Ltr, false);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            atlas.begin_frame(ui.ctx());
            let rect = Rect::from_min_size(pos2(10.0, 10.0), vec2(width, 24.0));
            let style = LabelStyle {
                size_px: 15.0,
                font: FontChoice::Vazirmatn,
                color: Color32::BLACK,
            };
            result = cache.paint(ui.painter(), atlas, rect, text, style);
            atlas.end_frame(ui.ctx());
        });
        output.textures_delta.clear();
        result
    }

    #[test]
    fn shapes_once_and_cuts_long_titles() {
        let mut cache = LabelCache::default();
        let mut atlas = GlyphAtlas::default();
        let title = "«ديلي بيست»: روسيا تتفاوض سرا مع طالبان للتحالف ضد «الدولة الإسلامية» 2015";
        assert_eq!(
            draw(&mut cache, &mut atlas, title, 2000.0),
            (Direction::Rtl, false)
        );
        assert_eq!(
            draw(&mut cache, &mut atlas, title, 150.0),
            (Direction::Rtl, true)
        );
        assert_eq!(
            cache.shaped_count(),
            1,
            "a new width re-wraps without shaping"
        );
        assert!(!atlas.is_empty(), "glyphs went to the shared atlas");
        assert_eq!(
            draw(&mut cache, &mut atlas, "Report 7", 300.0),
            (Direction::Ltr, false)
        );
    }

    #[test]
    fn forgets_the_least_recently_drawn() {
        let mut cache = LabelCache::default();
        let mut atlas = GlyphAtlas::default();
        for i in 0..CAPACITY + 10 {
            draw(&mut cache, &mut atlas, &format!("عنوان {i}"), 200.0);
        }
        assert!(cache.len() <= CAPACITY);
        let before = cache.shaped_count();
        draw(
            &mut cache,
            &mut atlas,
            &format!("عنوان {}", CAPACITY + 9),
            200.0,
        );
        assert_eq!(cache.shaped_count(), before, "the newest is still there");
    }
}
