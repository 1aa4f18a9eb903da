//! Span highlights in the reader: translucent backgrounds, stacked underlines for nesting and a
//! small label tag at each span's reading start.
//!
//! ```text
//!   paint order   background → fills → underlines → selection → glyphs → tags → caret
//!   underline     baseline + a little, one step lower per nesting track
//!   tag           straddles the line top at the span's first character: the right end of a
//!                 right-to-left span, the left end of a left-to-right one; drawn over the
//!                 glyphs (the line above's would cut it), its text half the text's size
//! ```
//!
//! Geometry is computed only for paragraphs in view, with the engine's range rectangles (so a
//! span across a direction change gets several rectangles on one line), and cached per
//! paragraph in paragraph coordinates. The cache is keyed by the layout generation (style and
//! width) and the highlights' generation (every edit makes a new one); scrolling reuses it, so a
//! frame costs a translation and one mesh, whatever the number of spans.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, FontId, Galley, Mesh, Painter, Rect, Shape, Stroke, StrokeKind, vec2};

use crate::text::CharIndex;

use super::ReaderView;

/// Size of the label tags' text, as a share of the text's size, and its bounds in points.
const TAG_SHARE: f32 = 0.5;
const TAG_PX: std::ops::RangeInclusive<f32> = 9.0..=15.0;

fn tag_px(text_px: f32) -> f32 {
    (text_px * TAG_SHARE).clamp(*TAG_PX.start(), *TAG_PX.end())
}
/// Underline thickness and the step between nesting tracks, in points.
const UNDERLINE: f32 = 1.6;
const TRACK_STEP: f32 = 3.0;
/// Paragraphs kept in the cache before it is emptied (a few screens of scrolling).
const CACHE_PARAGRAPHS: usize = 400;

/// One span as the reader draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub range: Range<CharIndex>,
    pub color: Color32,
    /// The label's name, shown in the tag.
    pub label: String,
}

/// The spans of a document, in reading order (start, then longer first), with their nesting
/// tracks: a span gets the lowest track free over its whole range, so a span inside another
/// (a GPE inside an ORG) is drawn one underline lower.
#[derive(Clone, Debug, Default)]
pub struct Highlights {
    generation: u64,
    marks: Vec<Mark>,
    tracks: Vec<u8>,
    /// Length of the longest span, to find the spans over a paragraph by binary search.
    longest: usize,
}

impl Highlights {
    /// `generation` must change whenever the marks do. Marks are sorted into reading order if
    /// they are not already (callers pass a document's spans, which are).
    pub fn new(generation: u64, mut marks: Vec<Mark>) -> Highlights {
        let ordered = marks.windows(2).all(|w| {
            (w[0].range.start, std::cmp::Reverse(w[0].range.end))
                <= (w[1].range.start, std::cmp::Reverse(w[1].range.end))
        });
        if !ordered {
            marks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        }
        let mut ends: Vec<CharIndex> = Vec::new();
        let mut tracks = Vec::with_capacity(marks.len());
        for m in &marks {
            let free = ends.iter().position(|&e| e <= m.range.start);
            let track = free.unwrap_or(ends.len());
            if track == ends.len() {
                ends.push(m.range.end);
            } else {
                ends[track] = m.range.end;
            }
            tracks.push(track.min(u8::MAX as usize) as u8);
        }
        let longest = marks
            .iter()
            .map(|m| m.range.end.since(m.range.start))
            .max()
            .unwrap_or(0);
        Highlights {
            generation,
            marks,
            tracks,
            longest,
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// The nesting track of mark `i` (0 for the outermost).
    pub fn track(&self, i: usize) -> u8 {
        self.tracks.get(i).copied().unwrap_or(0)
    }

    /// Indices of the marks sharing at least one character with `range`.
    pub fn overlapping(&self, range: Range<CharIndex>) -> impl Iterator<Item = usize> + '_ {
        let from = range.start.saturating_sub(self.longest);
        let first = self.marks.partition_point(|m| m.range.start < from);
        let last = self.marks.partition_point(|m| m.range.start < range.end);
        (first..last).filter(move |&i| self.marks[i].range.end > range.start)
    }

    /// The innermost (shortest) mark holding character `at`.
    pub fn innermost_at(&self, at: CharIndex) -> Option<usize> {
        self.overlapping(at..at + 1)
            .min_by_key(|&i| self.marks[i].range.end - self.marks[i].range.start)
    }
}

/// What the reader shows of the highlights in one frame.
#[derive(Copy, Clone, Debug)]
pub struct HighlightFrame<'a> {
    pub set: &'a Highlights,
    /// The selected span, outlined.
    pub selected: Option<usize>,
    /// A span flashing after a jump to it, with the flash's strength (0–1).
    pub flash: Option<(usize, f32)>,
}

/// A label tag, in paragraph coordinates. Its text is laid out when it is painted, never kept:
/// egui drops its galleys when it rebuilds its font atlas (a theme switch does), and a kept one
/// would draw glyphs that are gone.
struct Tag {
    rect: Rect,
    mark: usize,
    px: f32,
}

/// Tags to draw once the glyphs are: where, in which colour, and their text.
pub(super) type TagPaint = Vec<(Rect, Color32, Arc<Galley>)>;

/// Highlight geometry of one paragraph, in paragraph coordinates.
#[derive(Default)]
struct ParagraphMarks {
    fills: Vec<(Rect, usize)>,
    underlines: Vec<(Rect, usize)>,
    tags: Vec<Tag>,
}

/// Paragraph geometry of the highlights, valid for one layout and one set of marks.
#[derive(Default)]
pub(super) struct HighlightCache {
    key: (u64, u64),
    paragraphs: HashMap<usize, ParagraphMarks>,
    /// Paragraphs whose geometry was computed (for tests and benchmarks).
    computed: usize,
}

/// The text of a mark's tag, laid out for this frame (egui caches it while it is drawn).
fn tag_galley(painter: &Painter, mark: &Mark, px: f32) -> Arc<Galley> {
    painter.layout_no_wrap(mark.label.clone(), FontId::proportional(px), Color32::WHITE)
}

/// Paints the tags [`ReaderView::paint_highlights`] returned, over the glyphs.
pub(super) fn paint_tags(painter: &Painter, tags: TagPaint) {
    for (r, color, galley) in tags {
        painter.rect_filled(r, 2.0, color);
        let at = egui::pos2(r.center().x - galley.size().x / 2.0, r.min.y);
        painter.galley(at, galley, Color32::WHITE);
    }
}

fn local_rect(r: crate::text::Rect) -> Rect {
    Rect::from_min_max(egui::pos2(r.x0, r.y0), egui::pos2(r.x1, r.y1))
}

impl ReaderView {
    /// Paragraphs whose highlight geometry has been computed so far.
    pub fn highlight_paragraphs_computed(&self) -> usize {
        self.highlights.computed
    }

    /// Computes the highlight geometry of paragraph `p` (laid out) in paragraph coordinates.
    fn paragraph_marks(&self, painter: &Painter, set: &Highlights, p: usize) -> ParagraphMarks {
        let mut out = ParagraphMarks::default();
        let Some(view) = self.doc.view(p) else {
            return out;
        };
        let span = self.doc.span(p);
        let (start, end) = (span.char_start(), span.char_end());
        let size = view.shaped.size_px;
        for i in set.overlapping(start..end.max(start + 1)) {
            let m = &set.marks[i];
            let (a, b) = (m.range.start.max(start), m.range.end.min(end));
            if a >= b {
                continue;
            }
            let track = f32::from(set.track(i));
            for r in self.doc.paragraph_range_rects(p, a..b) {
                let r = local_rect(r);
                out.fills.push((r, i));
                let line = view.line_at_y(r.center().y);
                let baseline = view.layout.lines.get(line).map_or(r.max.y, |l| l.baseline);
                let y = (baseline + size * 0.2 + track * TRACK_STEP).min(r.max.y - UNDERLINE);
                let under =
                    Rect::from_min_max(egui::pos2(r.min.x, y), egui::pos2(r.max.x, y + UNDERLINE));
                out.underlines.push((under, i));
            }
            let edge = (m.range.start >= start)
                .then(|| self.doc.paragraph_start_edge(p, m.range.start))
                .flatten();
            if let Some((caret, rtl)) = edge {
                let px = tag_px(size);
                let size = tag_galley(painter, m, px).size() + vec2(2.0 + px * 0.25, 0.0);
                let top = caret.y0 - size.y * 0.55;
                let mut rect = if rtl {
                    Rect::from_min_size(egui::pos2(caret.x0 - size.x, top), size)
                } else {
                    Rect::from_min_size(egui::pos2(caret.x0, top), size)
                };
                // Tags starting at one place (nested spans) line up in the reading direction.
                while let Some(t) = out
                    .tags
                    .iter()
                    .find(|t| t.rect.intersects(rect.shrink(0.5)))
                {
                    let shift = if rtl {
                        t.rect.min.x - 1.0 - rect.max.x
                    } else {
                        t.rect.max.x + 1.0 - rect.min.x
                    };
                    rect = rect.translate(vec2(shift, 0.0));
                }
                out.tags.push(Tag { rect, mark: i, px });
            }
        }
        out
    }

    /// Paints the highlights of the paragraphs in view (before the selection and the glyphs);
    /// returns their tags, to paint over the glyphs ([`paint_tags`]).
    pub(super) fn paint_highlights(
        &mut self,
        painter: &Painter,
        frame: HighlightFrame<'_>,
        dark: bool,
    ) -> TagPaint {
        let Some(origin) = self.frame.origin else {
            return Vec::new();
        };
        let key = (self.doc.generation(), frame.set.generation());
        if self.highlights.key != key || self.highlights.paragraphs.len() > CACHE_PARAGRAPHS {
            self.highlights.key = key;
            self.highlights.paragraphs.clear();
        }
        let visible = self.frame.visible_tops();
        for &(p, _) in &visible {
            if !self.highlights.paragraphs.contains_key(&p) {
                let marks = self.paragraph_marks(painter, frame.set, p);
                self.highlights.paragraphs.insert(p, marks);
                self.highlights.computed += 1;
            }
        }
        let alpha = if dark { 70 } else { 52 };
        let marks = frame.set.marks();
        let clip = painter.clip_rect();
        let mut mesh = Mesh::default();
        let mut tags: TagPaint = Vec::new();
        let mut outline: Vec<Rect> = Vec::new();
        for &(p, top) in &visible {
            let Some(pm) = self.highlights.paragraphs.get(&p) else {
                continue;
            };
            let at = origin.to_vec2() + vec2(0.0, top);
            for &(r, i) in &pm.fills {
                let r = r.translate(at);
                if !r.intersects(clip) {
                    continue;
                }
                let c = marks[i].color;
                mesh.add_colored_rect(
                    r,
                    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha),
                );
                if frame.selected == Some(i) {
                    outline.push(r);
                }
                if let Some((f, strength)) = frame.flash
                    && f == i
                {
                    let a = (strength.clamp(0.0, 1.0) * 150.0) as u8;
                    mesh.add_colored_rect(
                        r.expand(1.0),
                        Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), a),
                    );
                }
            }
            for &(r, i) in &pm.underlines {
                let r = r.translate(at);
                if r.intersects(clip) {
                    mesh.add_colored_rect(r, marks[i].color);
                }
            }
            for t in &pm.tags {
                let r = t.rect.translate(at);
                if r.intersects(clip) {
                    let galley = tag_galley(painter, &marks[t.mark], t.px);
                    tags.push((r, marks[t.mark].color, galley));
                }
            }
        }
        painter.add(Shape::mesh(mesh));
        let stroke = Stroke::new(1.5, if dark { Color32::WHITE } else { Color32::BLACK });
        for r in outline {
            painter.rect_stroke(r, 1.0, stroke, StrokeKind::Outside);
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(a: usize, b: usize) -> Mark {
        Mark {
            range: CharIndex(a)..CharIndex(b),
            color: Color32::RED,
            label: "X".into(),
        }
    }

    #[test]
    fn nested_and_overlapping_marks_get_their_own_tracks() {
        let set = Highlights::new(
            1,
            vec![
                mark(0, 20),
                mark(5, 10),
                mark(12, 30),
                mark(25, 28),
                mark(40, 45),
            ],
        );
        let tracks: Vec<u8> = (0..set.len()).map(|i| set.track(i)).collect();
        assert_eq!(tracks, [0, 1, 1, 0, 0]);
        let over: Vec<usize> = set.overlapping(CharIndex(9)..CharIndex(13)).collect();
        assert_eq!(over, [0, 1, 2]);
        assert_eq!(set.innermost_at(CharIndex(7)), Some(1));
        assert_eq!(set.innermost_at(CharIndex(35)), None);
    }
}
