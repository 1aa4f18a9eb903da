//! The reader: one document in a vertical scroll area, drawn with the text engine.
//!
//! Only the paragraphs in view are shaped, wrapped and painted ([`Document`]); their glyphs
//! go into one mesh textured with the shared [`GlyphAtlas`]. The engine's geometry (hit testing,
//! carets, range rectangles) is exposed in document coordinates — code points, [`CharIndex`] —
//! and screen positions of the last frame, for selections now and highlights later
//! ([`selection`]).
//!
//! Paint order: page background → another layer's spans ([`beside`]) → span highlights
//! ([`highlight`]) → selection → glyphs → boxes for characters no font has → span tags →
//! markers of folded site furniture ([`fold`]) → control marks → caret.
//!
//! Scrolling is egui's (smooth, wheel and scroll bar); paging and jumps come from the app's
//! commands through [`ReaderView::request_scroll`]. Each frame's work is O(log n) plus the
//! paragraphs in view, whatever the length of the document.

mod beside;
mod caret;
mod edge_drag;
mod fold;
mod highlight;
mod selection;
mod suggestions;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

use egui::{CursorIcon, Pos2, Rect, Sense, Shape, TextureId, Ui, pos2, vec2};

use crate::search::suggest::Suggestion;
use crate::text::{Affinity, CharIndex, Document, TextStyle};

use super::atlas::GlyphAtlas;
use super::paint::{Palette, Target, paragraph_controls, paragraph_glyphs, paragraph_missing};

pub use caret::VisualMove;
pub use edge_drag::EdgeMove;
pub use highlight::{HighlightFrame, Highlights, Mark};
pub use selection::Selection;

use highlight::HighlightCache;

/// Longest comfortable line, in points.
pub const MAX_LINE_WIDTH: f32 = 720.0;
/// Space around the text column, in points.
pub const MARGIN: f32 = 32.0;
/// The column never gets narrower than this, however small the window.
const MIN_LINE_WIDTH: f32 = 120.0;
/// Characters laid out at most to put a restored scroll offset exactly where it was; beyond
/// that, the paragraphs above keep their estimated heights.
const SETTLE_CHARS: usize = 400_000;
/// Share of the view a page step scrolls, so a line of the last page stays in sight.
const PAGE_FRACTION: f32 = 0.9;

/// Where the document was on screen in the last frame.
#[derive(Clone, Debug, Default)]
struct FrameGeometry {
    /// Screen position of the text column's top-left corner (document y = 0).
    origin: Option<Pos2>,
    /// Paragraphs that were in view.
    visible: Range<usize>,
    /// Top of each visible paragraph, document coordinates.
    tops: Vec<f32>,
}

impl FrameGeometry {
    /// The paragraphs in view with their tops.
    fn visible_tops(&self) -> Vec<(usize, f32)> {
        self.visible
            .clone()
            .zip(self.tops.iter().copied())
            .collect()
    }
}

/// A scroll the app asked for, applied in the next frame.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum ScrollRequest {
    /// To an offset in points from the top (a restored position).
    To(f32),
    /// Paragraph `p` at the top of the view (after a style change).
    Paragraph(usize),
    /// Character `at` in view: left alone if it is, else a third of the way down.
    Reveal(CharIndex),
    /// By pages: positive down.
    Pages(i32),
    Top,
    Bottom,
}

/// The scroll area as the last frame left it.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct ScrollState {
    /// Points from the top of the document to the top of the view.
    pub offset: f32,
    pub view_height: f32,
    pub content_height: f32,
}

impl ScrollState {
    /// Share of the scrollable distance above the view, 0–1 (1 when nothing scrolls).
    pub fn fraction(&self) -> f32 {
        let scrollable = self.content_height - self.view_height;
        if scrollable <= 0.5 {
            1.0
        } else {
            (self.offset / scrollable).clamp(0.0, 1.0)
        }
    }

    /// Whether the end of the document is in view.
    pub fn at_end(&self) -> bool {
        self.offset + self.view_height >= self.content_height - 1.0
    }
}

/// The reader widget's state, kept by the app between frames. Holds no GPU resources, so it
/// can be built on a worker thread.
pub struct ReaderView {
    doc: Document,
    selection: Option<Selection>,
    frame: FrameGeometry,
    painted_glyphs: usize,
    request: Option<ScrollRequest>,
    /// An offset to set on the scroll area in the next frame.
    set_offset: Option<f32>,
    scroll: ScrollState,
    highlights: HighlightCache,
    /// A click (press and release without a drag) on the text in the last frame.
    clicked: Option<(CharIndex, Affinity)>,
    /// The selection was dragged with Alt held: it asks for character precision.
    alt_drag: bool,
    /// Hits of the article search, in order, and the one stepped to.
    find_hits: Vec<Range<CharIndex>>,
    find_current: Option<usize>,
    /// Suggested spans (dashed, in their label's colour), and the one stepped to.
    suggestions: Vec<(Range<CharIndex>, egui::Color32)>,
    /// Their outlines in the paragraphs drawn so far.
    suggestion_rects: suggestions::SuggestionCache,
    /// The list they were made from: the same list next frame costs nothing.
    suggestions_of: Option<Arc<Vec<Suggestion>>>,
    suggestion_current: Option<usize>,
    /// Another layer's spans, read-only (brackets above the text).
    beside: beside::BesideMarks,
    /// Dragging an end of the selected span.
    edges: edge_drag::Edges,
    /// What a folded block's marker says, and where the markers in view were.
    fold_label: (&'static str, bool),
    markers: Vec<fold::Marker>,
    /// A marker was clicked.
    unfold_clicked: bool,
    fold_applied: bool,
}

impl ReaderView {
    pub fn new(text: String, style: TextStyle) -> ReaderView {
        ReaderView {
            doc: Document::new(text, style),
            selection: None,
            frame: FrameGeometry::default(),
            painted_glyphs: 0,
            request: None,
            // A new document starts at its top, whatever the scroll area showed before.
            set_offset: Some(0.0),
            scroll: ScrollState::default(),
            highlights: HighlightCache::default(),
            clicked: None,
            alt_drag: false,
            find_hits: Vec::new(),
            find_current: None,
            suggestions: Vec::new(),
            suggestion_rects: suggestions::SuggestionCache::default(),
            suggestions_of: None,
            suggestion_current: None,
            beside: beside::BesideMarks::default(),
            edges: edge_drag::Edges::default(),
            fold_label: ("", false),
            markers: Vec::new(),
            unfold_clicked: false,
            fold_applied: false,
        }
    }

    /// The suggestions to draw: a dashed outline in the label's colour and no fill, so that
    /// they never look like spans; the current one drawn thicker.
    pub fn set_suggestions(
        &mut self,
        list: &Arc<Vec<Suggestion>>,
        color_of: impl Fn(&str) -> egui::Color32,
        current: Option<usize>,
    ) {
        let same = self
            .suggestions_of
            .as_ref()
            .is_some_and(|old| Arc::ptr_eq(old, list) || (old.is_empty() && list.is_empty()));
        if !same {
            self.suggestions = list
                .iter()
                .map(|s| (s.start..s.end, color_of(&s.entry.label)))
                .collect();
            self.suggestions_of = Some(list.clone());
            self.suggestion_rects.forget();
        }
        self.suggestion_current = current;
    }

    /// The suggestions drawn (for tests).
    pub fn suggestions_shown(&self) -> &[(Range<CharIndex>, egui::Color32)] {
        &self.suggestions
    }

    /// The hits of the article search to draw (all filled, the current one outlined).
    pub fn set_find_hits(&mut self, hits: &[Range<CharIndex>], current: Option<usize>) {
        if self.find_hits != hits {
            self.find_hits = hits.to_vec();
        }
        self.find_current = current;
    }

    pub fn text(&self) -> &str {
        self.doc.text()
    }

    pub fn style(&self) -> &TextStyle {
        self.doc.style()
    }

    /// Number of characters (code points) in the document.
    pub fn char_len(&self) -> usize {
        self.doc.char_len()
    }

    /// Changes the style; paragraphs are shaped again as they come into view.
    pub fn set_style(&mut self, style: TextStyle) {
        if style != *self.doc.style() {
            self.doc.set_style(style);
            self.frame = FrameGeometry::default();
        }
    }

    /// Glyph quads drawn in the last frame.
    pub fn painted_glyphs(&self) -> usize {
        self.painted_glyphs
    }

    /// The scroll position of the last frame.
    pub fn scroll(&self) -> ScrollState {
        self.scroll
    }

    /// Asks for a scroll in the next frame (the latest request wins).
    pub fn request_scroll(&mut self, request: ScrollRequest) {
        self.request = Some(request);
    }

    /// The paragraph at the top of the view in the last frame.
    pub fn top_paragraph(&self) -> usize {
        self.doc.paragraph_at(self.scroll.offset - MARGIN)
    }

    /// Whether a scroll request is still waiting for a frame.
    pub fn scroll_pending(&self) -> bool {
        self.request.is_some() || self.set_offset.is_some()
    }

    /// Takes the click on the text of the last frame: the caret position clicked.
    pub fn take_click(&mut self) -> Option<(CharIndex, Affinity)> {
        self.clicked.take()
    }

    /// Whether the current selection was dragged with Alt (character precision).
    pub fn alt_drag(&self) -> bool {
        self.alt_drag
    }

    /// Shows the document, scrollable, filling the available space, with the span highlights
    /// if any. Call between the atlas's `begin_frame` and `end_frame`.
    pub fn reader_ui(
        &mut self,
        ui: &mut Ui,
        atlas: &mut GlyphAtlas,
        highlights: Option<HighlightFrame<'_>>,
    ) {
        let palette = Palette::new(ui.visuals().dark_mode);
        let texture = atlas.texture_id();
        let mut area = egui::ScrollArea::vertical()
            .id_salt("hamesh-reader")
            .auto_shrink([false, false])
            .content_margin(0.0);
        if let Some(offset) = self.set_offset.take() {
            area = area.vertical_scroll_offset(offset);
        }
        let output = area.show_viewport(ui, |ui, viewport| {
            self.page_ui(ui, viewport, (texture, palette, highlights), atlas);
        });
        self.scroll = ScrollState {
            offset: output.state.clamped_offset().y,
            view_height: output.inner_rect.height(),
            content_height: output.content_size.y,
        };
        if self.scroll_pending() {
            ui.ctx().request_repaint();
        }
    }

    fn page_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        look: (TextureId, Palette, Option<HighlightFrame<'_>>),
        atlas: &mut GlyphAtlas,
    ) {
        let (texture, palette, highlights) = look;
        let ppp = ui.ctx().pixels_per_point();
        let page = ui.max_rect();
        let available = page.width();
        let column = (available - 2.0 * MARGIN).clamp(MIN_LINE_WIDTH, MAX_LINE_WIDTH);
        self.doc.set_width(column);
        self.apply_request(ui, viewport);
        let placement = self
            .doc
            .place(viewport.min.y - MARGIN, viewport.max.y - MARGIN);
        let snap = |v: f32| (v * ppp).round() / ppp;
        let origin = pos2(
            snap(page.min.x + ((available - column) / 2.0).max(0.0)),
            snap(page.min.y + MARGIN),
        );
        let size = vec2(available, placement.height + 2.0 * MARGIN);
        let response = ui
            .allocate_rect(Rect::from_min_size(page.min, size), Sense::click_and_drag())
            .on_hover_cursor(CursorIcon::Text);
        self.frame = FrameGeometry {
            origin: Some(origin),
            visible: placement.visible,
            tops: placement.tops,
        };
        let selected = highlights
            .as_ref()
            .and_then(|h| h.selected.and_then(|i| h.set.marks().get(i)))
            .map(|m| m.range.clone());
        self.set_selected_range(selected);
        self.place_markers();
        let on_marker = ui
            .input(|i| i.pointer.interact_pos())
            .is_some_and(|pos| self.on_marker(pos));
        if on_marker {
            // A marker is a button, not text: no selection starts on it.
            if response.clicked() {
                self.unfold_clicked = true;
            }
            ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        } else {
            self.pointer_input(ui, &response);
        }
        self.copy_input(ui);
        self.paint(ui, texture, palette, highlights, atlas);
    }

    /// Turns a pending request into a scroll of this frame's scroll area (paging, smooth) or an
    /// offset for the next frame (jumps).
    fn apply_request(&mut self, ui: &Ui, viewport: Rect) {
        let Some(request) = self.request.take() else {
            return;
        };
        let total = self.doc.total_height() + 2.0 * MARGIN;
        match request {
            ScrollRequest::Pages(n) => {
                let delta = n as f32 * viewport.height() * PAGE_FRACTION;
                ui.scroll_with_delta(vec2(0.0, -delta));
            }
            ScrollRequest::Top => self.set_offset = Some(0.0),
            ScrollRequest::Bottom => {
                self.set_offset = Some((total - viewport.height()).max(0.0));
            }
            ScrollRequest::Paragraph(p) => {
                self.doc.settle_before(p, SETTLE_CHARS);
                self.set_offset = Some(self.doc.top(p) + MARGIN);
            }
            ScrollRequest::Reveal(at) => {
                let p = self.doc.paragraph_of(at);
                self.doc.settle_before(p, SETTLE_CHARS);
                self.doc.ensure(p);
                let line_top = self
                    .doc
                    .caret_rect(at, Affinity::Downstream)
                    .map_or(self.doc.top(p), |r| r.y0);
                let y = line_top + MARGIN;
                let line = self.doc.style().size_px * 2.0;
                if y < viewport.min.y || y + line > viewport.max.y {
                    self.set_offset = Some((y - viewport.height() / 3.0).max(0.0));
                }
            }
            ScrollRequest::To(y) => {
                // Lay out what is above the saved offset, so estimates do not move it.
                self.doc.settle_above(y - MARGIN, SETTLE_CHARS);
                self.set_offset = Some(y.max(0.0));
            }
        }
    }

    /// The first and last character of the paragraphs `visible`.
    fn chars_in(&self, visible: &std::ops::Range<usize>) -> Option<(CharIndex, CharIndex)> {
        if visible.is_empty() {
            return None;
        }
        let first = self.doc.paragraph(visible.start)?.span.char_start();
        let last = self.doc.paragraph(visible.end - 1)?.span.char_end();
        Some((first, last))
    }

    /// The search hits in the paragraphs in view: a soft fill, the current one outlined.
    fn paint_find_hits(&self, painter: &egui::Painter, visible: std::ops::Range<usize>) {
        if self.find_hits.is_empty() {
            return;
        }
        let Some((first, last)) = self.chars_in(&visible) else {
            return;
        };
        let from = self.find_hits.partition_point(|h| h.end <= first);
        let fill = egui::Color32::from_rgba_unmultiplied(255, 200, 0, 90);
        let outline = egui::Stroke::new(2.0, egui::Color32::from_rgb(230, 120, 0));
        for (i, hit) in self.find_hits.iter().enumerate().skip(from) {
            if hit.start > last {
                break;
            }
            for r in self.range_rects_in(hit.clone(), visible.clone()) {
                painter.rect_filled(r, 2.0, fill);
                if self.find_current == Some(i) {
                    painter.rect_stroke(r, 2.0, outline, egui::StrokeKind::Outside);
                }
            }
        }
    }

    fn paint(
        &mut self,
        ui: &Ui,
        texture: TextureId,
        palette: Palette,
        highlights: Option<HighlightFrame<'_>>,
        atlas: &mut GlyphAtlas,
    ) {
        let painter = ui.painter();
        let clip = painter.clip_rect();
        let Some(origin) = self.frame.origin else {
            return;
        };
        let visible = self.frame.visible.clone();
        painter.rect_filled(clip, 0.0, palette.background);
        self.paint_beside(painter, visible.clone());
        let tags = match highlights.filter(|h| !h.set.is_empty()) {
            Some(h) => self.paint_highlights(painter, h, ui.visuals().dark_mode),
            None => Vec::new(),
        };

        self.paint_find_hits(painter, visible.clone());
        self.paint_suggestions(painter);
        if let Some(s) = self.selection.filter(|s| !s.is_empty()) {
            for r in self.range_rects_in(s.range(), visible.clone()) {
                painter.rect_filled(r, 0.0, palette.selection);
            }
        }
        if let Some(range) = self.edge_preview() {
            for r in self.range_rects_in(range, visible.clone()) {
                painter.rect_filled(r, 0.0, palette.selection);
            }
        }

        let target = Target {
            pixels_per_point: ui.ctx().pixels_per_point(),
            clip,
            color: palette.text,
        };
        let mut mesh = egui::Mesh::with_texture(texture);
        let mut glyphs = 0;
        for (p, &top) in visible.clone().zip(&self.frame.tops) {
            let Some(view) = self.doc.view(p) else {
                continue;
            };
            glyphs += paragraph_glyphs(&mut mesh, atlas, view, origin + vec2(0.0, top), target);
        }
        painter.add(Shape::mesh(mesh));
        self.painted_glyphs = glyphs;
        for (p, &top) in visible.clone().zip(&self.frame.tops) {
            if let Some(view) = self.doc.view(p) {
                let at = origin + vec2(0.0, top);
                paragraph_missing(painter, view, at, (clip, palette));
            }
        }
        highlight::paint_tags(painter, tags);
        self.paint_markers(painter, palette.text, palette.selection.gamma_multiply(0.5));

        if self.doc.style().show_controls {
            for (p, &top) in visible.zip(&self.frame.tops) {
                if let Some(view) = self.doc.view(p) {
                    let at = origin + vec2(0.0, top);
                    paragraph_controls(painter, view, at, clip, palette.control);
                }
            }
        }

        if let Some(s) = self.selection
            && let Some(r) = self.caret_rect(s.focus, s.affinity)
        {
            let x = r.min.x;
            let caret = Rect::from_min_max(pos2(x - 0.75, r.min.y), pos2(x + 0.75, r.max.y));
            painter.rect_filled(caret, 0.0, palette.caret);
        }
    }
}
