//! Painting laid-out paragraphs with egui: glyph quads from the atlas in one mesh, and shown
//! control characters as outlined boxes. Positions follow [`crate::text::render::render`]
//! exactly (pen x + bitmap left, rounded baseline − dy + bitmap top), in physical pixels, so
//! the window and the headless renderer put every glyph on the same pixel.

use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Stroke, StrokeKind, pos2, vec2};

use crate::text::ParagraphView;
use crate::text::raster::GlyphKey;
use crate::text::render::Theme;

use super::atlas::GlyphAtlas;

/// Colours of the reading page.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Palette {
    pub background: Color32,
    pub text: Color32,
    pub control: Color32,
    pub selection: Color32,
    pub caret: Color32,
}

impl Palette {
    pub fn new(dark: bool) -> Palette {
        let theme = if dark { Theme::DARK } else { Theme::LIGHT };
        let rgb = |[r, g, b]: [u8; 3]| Color32::from_rgb(r, g, b);
        Palette {
            background: rgb(theme.background),
            text: rgb(theme.text),
            control: rgb(theme.control),
            selection: if dark {
                Color32::from_rgba_unmultiplied(90, 140, 230, 110)
            } else {
                Color32::from_rgba_unmultiplied(60, 120, 230, 80)
            },
            caret: rgb(theme.text),
        }
    }
}

/// What the glyph painter needs to know about the screen.
#[derive(Copy, Clone, Debug)]
pub struct Target {
    /// Physical pixels per egui point.
    pub pixels_per_point: f32,
    /// Only lines intersecting this rectangle are drawn.
    pub clip: Rect,
    pub color: Color32,
}

/// Adds a quad per glyph of the paragraph's visible lines to `mesh`; `origin` is the screen
/// position of the paragraph's top-left corner. Returns the number of quads added.
pub fn paragraph_glyphs(
    mesh: &mut Mesh,
    atlas: &mut GlyphAtlas,
    view: ParagraphView<'_>,
    origin: Pos2,
    target: Target,
) -> usize {
    lines_in(view, origin, target.clip)
        .map(|(i, _)| line_glyphs(mesh, atlas, view, i, origin, target))
        .sum()
}

/// Adds a quad per glyph of line `line` of the paragraph (whatever the clip rectangle).
pub fn line_glyphs(
    mesh: &mut Mesh,
    atlas: &mut GlyphAtlas,
    view: ParagraphView<'_>,
    line: usize,
    origin: Pos2,
    target: Target,
) -> usize {
    let ppp = target.pixels_per_point;
    let size_px = view.shaped.size_px * ppp;
    let baseline = (origin.y + view.layout.lines[line].baseline) * ppp;
    let mut quads = 0;
    for g in view.placed_glyphs(line) {
        let (key, whole) = GlyphKey::at(g.font, g.id, size_px, (origin.x + g.x) * ppp);
        let Some(glyph) = atlas.glyph(key) else {
            continue;
        };
        let x = (whole + glyph.left) as f32;
        let y = (baseline - g.dy * ppp).round() + glyph.top as f32;
        let rect = Rect::from_min_size(
            pos2(x / ppp, y / ppp),
            vec2(glyph.width as f32 / ppp, glyph.height as f32 / ppp),
        );
        // A colour image keeps its colours: only the text colour's opacity applies.
        let tint = if glyph.color {
            Color32::from_white_alpha(target.color.a())
        } else {
            target.color
        };
        mesh.add_rect_with_uv(rect, glyph.uv, tint);
        quads += 1;
    }
    quads
}

/// The paragraph's lines that meet `clip`, with their baselines on screen.
fn lines_in(
    view: ParagraphView<'_>,
    origin: Pos2,
    clip: Rect,
) -> impl Iterator<Item = (usize, f32)> + '_ {
    let height = view.shaped.metrics.height;
    view.layout
        .lines
        .iter()
        .enumerate()
        .filter(move |(_, line)| {
            let top = origin.y + line.top;
            top <= clip.max.y && top + height >= clip.min.y
        })
        .map(move |(i, line)| (i, origin.y + line.baseline))
}

/// The box of a mark drawn for a character on a line: from `x0` to `x1`, a text's height.
fn mark_rect(x0: f32, x1: f32, baseline: f32, size: f32) -> Rect {
    Rect::from_min_max(
        pos2(x0, baseline - size * 0.75),
        pos2(x1, baseline + size * 0.15),
    )
}

/// Draws the characters no font has (their glyphs are .notdef) as boxes with their code point
/// in hexadecimal, as browsers do, over the empty boxes the fonts draw for them.
pub fn paragraph_missing(
    painter: &Painter,
    view: ParagraphView<'_>,
    origin: Pos2,
    (clip, palette): (Rect, Palette),
) {
    if !view.shaped.has_notdef {
        return;
    }
    let size = view.shaped.size_px;
    for (i, baseline) in lines_in(view, origin, clip) {
        for m in view.placed_missing(i) {
            // The first character's code point (what a reader needs to look it up) in two rows,
            // as browsers draw it, fitted to the room the font's empty box takes.
            let Some(c) = m.text.chars().next() else {
                continue;
            };
            let code = format!("{:04X}", c as u32);
            let (top, bottom) = code.split_at(code.len().div_ceil(2));
            let x0 = origin.x + m.x + 1.0;
            let x1 = (origin.x + m.x + m.width - 1.0).max(x0 + 4.0);
            let rect = mark_rect(x0, x1, baseline, size);
            let px = (rect.width() / (top.len() as f32 * 0.62))
                .min(rect.height() / 2.4)
                .max(4.0);
            let font = FontId::monospace(px);
            painter.rect_filled(rect, 1.0, palette.background);
            painter.rect_stroke(
                rect,
                1.0,
                Stroke::new(1.0, palette.control),
                StrokeKind::Inside,
            );
            let (c_top, c_bottom) = (
                pos2(rect.center().x, rect.center().y - px * 0.55),
                pos2(rect.center().x, rect.center().y + px * 0.55),
            );
            painter.text(
                c_top,
                Align2::CENTER_CENTER,
                top,
                font.clone(),
                palette.control,
            );
            painter.text(
                c_bottom,
                Align2::CENTER_CENTER,
                bottom,
                font,
                palette.control,
            );
        }
    }
}

/// Draws the shown control characters of the paragraph's visible lines as outlined boxes with
/// their short names.
pub fn paragraph_controls(
    painter: &Painter,
    view: ParagraphView<'_>,
    origin: Pos2,
    clip: Rect,
    color: Color32,
) {
    let size = view.shaped.size_px;
    for (i, baseline) in lines_in(view, origin, clip) {
        for c in view.placed_controls(i) {
            let x0 = origin.x + c.x + 1.0;
            let x1 = (origin.x + c.x + c.width - 2.0).max(x0 + 1.0);
            let rect = mark_rect(x0, x1, baseline, size);
            painter.rect_stroke(rect, 1.0, Stroke::new(1.0, color), StrokeKind::Inside);
            painter.text(
                pos2(x0 + 2.0, baseline - size * 0.2),
                Align2::LEFT_BOTTOM,
                c.label,
                FontId::monospace((size * 0.32).max(6.0)),
                color,
            );
        }
    }
}
