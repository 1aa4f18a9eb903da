//! Line breaking (UAX #14) and per-line reordering.
//!
//! Wrapping walks the clusters of a shaped paragraph once, greedily: a line ends at the last
//! break opportunity that fits; whitespace at the end of a line hangs past the width and does
//! not count. A word wider than the line breaks at grapheme boundaries (never inside one). Each
//! line is then cut into pieces of one shaped run and one level, L1 is applied and the pieces
//! are put in visual order (L2). Nothing is shaped again: a width change costs one linear pass.

use std::ops::Range;

use super::paragraph::{ClusterFlags, ShapedParagraph};
use super::reorder::{L1Kind, apply_l1, visual_order};

/// A visual line of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub clusters: Range<u32>,
    /// Byte range in the paragraph, logical.
    pub bytes: Range<u32>,
    /// Pieces of this line, in visual order (indices into [`ParagraphLayout::pieces`]).
    pub pieces: Range<u32>,
    /// Left edge of the first visual piece, after alignment.
    pub x: f32,
    /// Width without hanging whitespace.
    pub width: f32,
    /// Width with hanging whitespace.
    pub full_width: f32,
    pub top: f32,
    pub baseline: f32,
}

/// A stretch of one line with one shaped run and one resolved level.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Clusters in logical order; drawn in reverse when `level` is odd.
    pub clusters: Range<u32>,
    pub level: u8,
    pub x: f32,
    pub width: f32,
}

impl Piece {
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// The lines of one paragraph at one width.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphLayout {
    /// The width the paragraph was wrapped to (infinite for no wrapping).
    pub max_width: f32,
    /// The width lines are aligned in: `max_width`, or the widest line when unbounded.
    pub align_width: f32,
    pub lines: Vec<Line>,
    pub pieces: Vec<Piece>,
    pub height: f32,
}

const EPSILON: f32 = 1e-3;

impl ParagraphLayout {
    /// Bytes its vectors hold on the heap (their capacity).
    pub fn heap_bytes(&self) -> usize {
        self.lines.capacity() * std::mem::size_of::<Line>()
            + self.pieces.capacity() * std::mem::size_of::<Piece>()
    }
}

impl ShapedParagraph {
    /// Breaks the paragraph into lines no wider than `max_width` (use `f32::INFINITY` for one
    /// line), reorders and aligns them: right for RTL paragraphs, left for LTR.
    pub fn wrap(&self, max_width: f32) -> ParagraphLayout {
        let width = if max_width.is_nan() {
            f32::INFINITY
        } else {
            max_width
        };
        let breaks = self.break_lines(width);
        let mut layout = ParagraphLayout {
            max_width: width,
            align_width: width,
            lines: Vec::with_capacity(breaks.len()),
            pieces: Vec::new(),
            height: 0.0,
        };
        for range in breaks {
            self.push_line(range, &mut layout);
        }
        if !width.is_finite() {
            layout.align_width = layout.lines.iter().map(|l| l.width).fold(0.0, f32::max);
        }
        let align = layout.align_width;
        for line in &mut layout.lines {
            if self.base.is_rtl() {
                let shift = align - line.full_width;
                line.x = shift;
                for p in &mut layout.pieces[line.pieces.start as usize..line.pieces.end as usize] {
                    p.x += shift;
                }
            }
        }
        layout.height = layout.lines.len() as f32 * self.metrics.height;
        layout
    }

    /// Cluster ranges of the lines, greedy.
    fn break_lines(&self, width: f32) -> Vec<Range<usize>> {
        let clusters = &self.clusters;
        let mut lines = Vec::new();
        let mut start = 0usize;
        let mut x = 0.0f32;
        let mut last_break: Option<usize> = None;
        let mut i = 0usize;
        while i < clusters.len() {
            let c = &clusters[i];
            if i > start && c.flags.contains(ClusterFlags::BREAK_BEFORE) {
                last_break = Some(i);
            }
            let hangs = c.flags.contains(ClusterFlags::WHITESPACE);
            if !hangs && i > start && x + c.advance > width + EPSILON {
                let at = match last_break {
                    Some(b) if b > start => Some(b),
                    _ => (start + 1..=i)
                        .rev()
                        .find(|&j| clusters[j].flags.contains(ClusterFlags::GRAPHEME_BEFORE)),
                };
                if let Some(b) = at {
                    lines.push(start..b);
                    x = clusters[b..i].iter().map(|c| c.advance).sum();
                    start = b;
                    last_break = None;
                    continue;
                }
            }
            x += c.advance;
            i += 1;
        }
        lines.push(start..clusters.len());
        lines
    }

    fn push_line(&self, range: Range<usize>, layout: &mut ParagraphLayout) {
        let clusters = &self.clusters[range.clone()];
        let base = self.base_level();
        let mut levels: Vec<u8> = clusters.iter().map(|c| c.level).collect();
        apply_l1(
            &mut levels,
            |i| {
                let f = clusters[i].flags;
                if f.contains(ClusterFlags::SEPARATOR) {
                    L1Kind::Separator
                } else if f.contains(ClusterFlags::WHITESPACE) {
                    L1Kind::Whitespace
                } else {
                    L1Kind::Other
                }
            },
            base,
        );

        // Pieces in logical order: one shaped run, one level.
        let mut logical: Vec<Piece> = Vec::new();
        let mut run = self.cluster_run(range.start);
        for (k, c) in clusters.iter().enumerate() {
            let index = (range.start + k) as u32;
            while self.runs.get(run).is_some_and(|r| r.clusters.end <= index) {
                run += 1;
            }
            let starts_run = self
                .runs
                .get(run)
                .is_some_and(|r| r.clusters.start == index);
            match logical.last_mut() {
                Some(p) if p.level == levels[k] && !starts_run => {
                    p.clusters.end = index + 1;
                    p.width += c.advance;
                }
                _ => logical.push(Piece {
                    clusters: index..index + 1,
                    level: levels[k],
                    x: 0.0,
                    width: c.advance,
                }),
            }
        }
        let piece_levels: Vec<u8> = logical.iter().map(|p| p.level).collect();
        let first_piece = layout.pieces.len() as u32;
        let mut pen = 0.0f32;
        for i in visual_order(&piece_levels) {
            let mut p = logical[i].clone();
            p.x = pen;
            pen += p.width;
            layout.pieces.push(p);
        }

        let hanging: f32 = clusters
            .iter()
            .rev()
            .take_while(|c| c.flags.contains(ClusterFlags::WHITESPACE))
            .map(|c| c.advance)
            .sum();
        let bytes = match clusters.first() {
            Some(f) => f.start..self.cluster_bytes(range.end - 1).end as u32,
            None => 0..self.text.len() as u32,
        };
        let top = layout.lines.len() as f32 * self.metrics.height;
        layout.lines.push(Line {
            clusters: range.start as u32..range.end as u32,
            bytes,
            pieces: first_piece..layout.pieces.len() as u32,
            x: 0.0,
            width: pen - hanging,
            full_width: pen,
            top,
            baseline: top + self.metrics.ascent,
        });
    }
}
