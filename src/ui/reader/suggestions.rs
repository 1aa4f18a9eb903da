//! Drawing the suggestions in view: a dashed outline in the label's colour around each, so
//! that they never look like spans; the current one thicker.
//!
//! A screen of a well-annotated article holds hundreds of suggestions. Their rectangles are
//! worked out once per paragraph, in paragraph coordinates, and kept until the layout or the
//! suggestions change (as the highlights' are, [`super::highlight`]); every dash of every
//! outline is then one quad of a single mesh, where a stroke per dash cost more to tessellate
//! than the whole reader.

use std::collections::HashMap;

use egui::{Color32, Mesh, Painter, Rect, Shape, pos2, vec2};

use super::ReaderView;

/// Paragraphs kept before the cache starts afresh.
const CACHE_PARAGRAPHS: usize = 400;
/// A dash and the gap after it, in points.
const DASH: f32 = 4.0;
const GAP: f32 = 3.0;

/// The suggestions' rectangles in the paragraphs drawn so far, in paragraph coordinates, with
/// the index of the suggestion each outlines.
#[derive(Default)]
pub(super) struct SuggestionCache {
    /// The document's layout generation the rectangles are for.
    generation: Option<u64>,
    paragraphs: HashMap<usize, Vec<(Rect, usize)>>,
}

impl SuggestionCache {
    /// The suggestions changed: every paragraph is worked out again.
    pub(super) fn forget(&mut self) {
        self.paragraphs.clear();
    }
}

impl ReaderView {
    /// The suggestions in the paragraphs in view.
    pub(super) fn paint_suggestions(&mut self, painter: &Painter) {
        if self.suggestions.is_empty() {
            return;
        }
        let Some(origin) = self.frame.origin else {
            return;
        };
        let generation = self.doc.generation();
        let cache = &mut self.suggestion_rects;
        if cache.generation != Some(generation) || cache.paragraphs.len() > CACHE_PARAGRAPHS {
            cache.generation = Some(generation);
            cache.paragraphs.clear();
        }
        let visible = self.frame.visible_tops();
        for &(p, _) in &visible {
            if self.suggestion_rects.paragraphs.contains_key(&p) {
                continue;
            }
            let Some(placed) = self.doc.paragraph(p) else {
                continue;
            };
            let (first, last) = (placed.span.char_start(), placed.span.char_end());
            let from = self.suggestions.partition_point(|(r, _)| r.end <= first);
            let mut rects = Vec::new();
            for (i, (range, _)) in self.suggestions.iter().enumerate().skip(from) {
                if range.start >= last {
                    break;
                }
                for r in self.doc.paragraph_range_rects(p, range.clone()) {
                    let r = Rect::from_min_max(pos2(r.x0, r.y0), pos2(r.x1, r.y1));
                    rects.push((r, i));
                }
            }
            self.suggestion_rects.paragraphs.insert(p, rects);
        }
        let clip = painter.clip_rect();
        let mut mesh = Mesh::default();
        for &(p, top) in &visible {
            let Some(rects) = self.suggestion_rects.paragraphs.get(&p) else {
                continue;
            };
            let at = origin.to_vec2() + vec2(0.0, top);
            for &(r, i) in rects {
                let r = r.translate(at).expand(1.0);
                if !r.intersects(clip) {
                    continue;
                }
                let width = if self.suggestion_current == Some(i) {
                    2.5
                } else {
                    1.5
                };
                let color = self.suggestions.get(i).map_or(Color32::GRAY, |s| s.1);
                dashed_outline(&mut mesh, r, width, color);
            }
        }
        if !mesh.is_empty() {
            painter.add(Shape::mesh(mesh));
        }
    }
}

/// Dashes along the edges of `rect` (from each corner, [`DASH`] on and [`GAP`] off), `width`
/// thick and centred on the edge, added to `mesh` as quads.
fn dashed_outline(mesh: &mut Mesh, rect: Rect, width: f32, color: Color32) {
    let half = width / 2.0;
    let mut along = |from: f32, to: f32, quad: &dyn Fn(f32, f32) -> Rect| {
        let mut at = from;
        while at < to {
            let end = (at + DASH).min(to);
            mesh.add_colored_rect(quad(at, end), color);
            at = end + GAP;
        }
    };
    let (l, r, t, b) = (rect.left(), rect.right(), rect.top(), rect.bottom());
    along(l, r, &|x0, x1| {
        Rect::from_min_max(pos2(x0, t - half), pos2(x1, t + half))
    });
    along(l, r, &|x0, x1| {
        Rect::from_min_max(pos2(x0, b - half), pos2(x1, b + half))
    });
    along(t, b, &|y0, y1| {
        Rect::from_min_max(pos2(l - half, y0), pos2(l + half, y1))
    });
    along(t, b, &|y0, y1| {
        Rect::from_min_max(pos2(r - half, y0), pos2(r + half, y1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_is_dashes_on_all_four_sides_inside_its_stroke() {
        let mut mesh = Mesh::default();
        let rect = Rect::from_min_max(pos2(10.0, 20.0), pos2(24.0, 30.0));
        dashed_outline(&mut mesh, rect, 2.0, Color32::RED);
        // 14 wide: dashes at 0, 7 (and 14 is the end): 2 per side; 10 high: at 0 and 7.
        assert_eq!(mesh.vertices.len(), 8 * 4);
        let bounds = mesh.calc_bounds();
        assert_eq!(bounds, rect.expand(1.0));
        assert!(mesh.vertices.iter().all(|v| v.color == Color32::RED));
    }
}
