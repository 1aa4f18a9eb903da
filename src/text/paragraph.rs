//! A shaped paragraph: the width-independent result of analysis, itemization and shaping.
//!
//! Storage is flat (parley's model): runs, clusters, glyphs and caret units each live in one
//! vector, and each record points at its children by index range. Clusters are in logical
//! order; the glyphs of one cluster are stored left to right as they are drawn.
//!
//! ```text
//!   text   ق ا ل ␠ P u t i n        (logical, bytes)
//!   runs   [ rtl, Arab ][ltr, Latn]
//!   clusters  ق  ا  ل  ␠  P u t i n   one per caret unit, or per ligature
//!   units     caret stops; a ligature's units share its advance
//! ```

use std::ops::Range;

use super::analysis::{self, Analysis, is_invisible_control};
use super::fonts::{FontId, face};
use super::itemize::itemize;
use super::offsets::SparseCharMap;
use super::shape::shape_runs;
use super::style::{Direction, TextStyle};

bitflags::bitflags! {
    /// What a cluster is, for line breaking and reordering.
    #[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
    pub struct ClusterFlags: u8 {
        /// Whitespace or isolate/embedding controls: hangs past the line end and is reset to
        /// the paragraph level at the end of a line (UAX #9 L1).
        const WHITESPACE = 1;
        /// A segment separator (tab): reset to the paragraph level wherever it is (L1).
        const SEPARATOR = 2;
        /// UAX #14 allows a line break before this cluster.
        const BREAK_BEFORE = 4;
        /// The cluster starts an extended grapheme: an emergency break may go here.
        const GRAPHEME_BEFORE = 8;
        /// An invisible control drawn as a visible mark ("show controls").
        const CONTROL_MARK = 16;
    }
}

/// One shaped glyph: its face, its id (OpenType glyph ids are 16-bit) and its advance in
/// pixels. Most glyphs sit on the pen; the few a shaper moves (marks over their base) have
/// their offset in [`ShapedParagraph::offsets`] ([`ShapedParagraph::glyph_offset`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub font: FontId,
    pub id: u16,
    pub advance: f32,
}

/// How far the shaper moved glyph `glyph` from its pen position, in pixels (y up).
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphOffset {
    pub glyph: u32,
    pub x: f32,
    pub y: f32,
}

/// The smallest piece of text the engine positions: one or more caret units shaped together.
///
/// Clusters tile the paragraph in logical order, and their glyphs and caret units follow in
/// the same order, so each keeps only where its bytes, glyphs and units start: they end where
/// the next cluster's start ([`ShapedParagraph::cluster_bytes`], `cluster_glyphs`,
/// `cluster_units`). A paragraph has about one cluster a character, so every field counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Byte offset of its start in the paragraph.
    pub start: u32,
    /// Its first glyph.
    pub glyph_start: u32,
    /// Its first caret unit.
    pub unit_start: u32,
    pub advance: f32,
    pub level: u8,
    pub flags: ClusterFlags,
}

impl Cluster {
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// A caret unit (grapheme, or a ZWNJ/ZWJ on its own): where it starts. Its cluster is the one
/// whose units it is among ([`ShapedParagraph::unit_cluster`]); where a cluster holds several
/// (a ligature), each has a share of its advance ([`ShapedParagraph::unit_share`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub start: u32,
}

/// A shaped item run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub bytes: Range<u32>,
    pub clusters: Range<u32>,
    pub level: u8,
    pub font: FontId,
}

/// Vertical metrics of a line, in pixels.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct LineMetrics {
    pub ascent: f32,
    pub descent: f32,
    pub height: f32,
}

/// A paragraph after analysis and shaping; wrap it with [`ShapedParagraph::wrap`].
#[derive(Clone, Debug)]
pub struct ShapedParagraph {
    pub text: String,
    pub base: Direction,
    pub size_px: f32,
    pub metrics: LineMetrics,
    pub chars: SparseCharMap,
    pub runs: Vec<Run>,
    pub clusters: Vec<Cluster>,
    pub glyphs: Vec<Glyph>,
    /// Offsets of the glyphs that have one, by glyph index, in order.
    pub offsets: Vec<GlyphOffset>,
    pub units: Vec<Unit>,
    /// Some glyph is a font's .notdef: a character no font has (known once, when shaped, so
    /// painting need not look).
    pub has_notdef: bool,
}

impl ShapedParagraph {
    /// Bytes its vectors hold on the heap (their capacity): what keeping it costs.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.text.capacity()
            + self.chars.heap_bytes()
            + self.runs.capacity() * size_of::<Run>()
            + self.clusters.capacity() * size_of::<Cluster>()
            + self.glyphs.capacity() * size_of::<Glyph>()
            + self.offsets.capacity() * size_of::<GlyphOffset>()
            + self.units.capacity() * size_of::<Unit>()
    }

    /// Analyses and shapes one paragraph (text without line breaks). `neutral_fallback` is the
    /// base direction used when the text has no strong character and the style says auto.
    pub fn new(text: &str, style: &TextStyle, neutral_fallback: Direction) -> ShapedParagraph {
        let style = &style.sanitized();
        let base = analysis::base_direction(text, style.direction, neutral_fallback);
        let analysis: Analysis = analysis::analyze(text, base);
        let primary = face(style.font.primary());
        let scale = primary.scale(style.size_px);
        let natural = (primary.ascent + primary.descent + primary.line_gap) * scale;
        let height = natural * style.line_spacing.max(0.5);
        let ascent = primary.ascent * scale + (height - natural) / 2.0;
        let mut shaped = ShapedParagraph {
            text: text.to_string(),
            base,
            size_px: style.size_px,
            metrics: LineMetrics {
                ascent,
                descent: height - ascent,
                height,
            },
            chars: SparseCharMap::new(text),
            runs: Vec::new(),
            clusters: Vec::new(),
            glyphs: Vec::new(),
            offsets: Vec::new(),
            units: Vec::new(),
            has_notdef: false,
        };
        let items = itemize(text, &analysis, style.font);
        shape_runs(text, &analysis, &items, style, &mut shaped);
        // The vectors grew by doubling while shaping; a laid-out document keeps them all.
        shaped.runs.shrink_to_fit();
        shaped.clusters.shrink_to_fit();
        shaped.glyphs.shrink_to_fit();
        shaped.offsets.shrink_to_fit();
        shaped.units.shrink_to_fit();
        shaped.has_notdef = shaped.glyphs.iter().any(|g| g.id == 0);
        shaped
    }

    pub fn base_level(&self) -> u8 {
        if self.base.is_rtl() { 1 } else { 0 }
    }

    /// Byte range of unit `u`.
    pub fn unit_bytes(&self, u: usize) -> Range<usize> {
        let start = self.units[u].start as usize;
        let end = self
            .units
            .get(u + 1)
            .map_or(self.text.len(), |n| n.start as usize);
        start..end
    }

    /// Glyph `g`'s offset from its pen position (x, y up), in pixels.
    pub fn glyph_offset(&self, g: usize) -> (f32, f32) {
        if self.offsets.is_empty() {
            return (0.0, 0.0);
        }
        match self.offsets.binary_search_by_key(&(g as u32), |o| o.glyph) {
            Ok(i) => (self.offsets[i].x, self.offsets[i].y),
            Err(_) => (0.0, 0.0),
        }
    }

    /// Byte range of cluster `c`.
    pub fn cluster_bytes(&self, c: usize) -> Range<usize> {
        let end = self
            .clusters
            .get(c + 1)
            .map_or(self.text.len(), |n| n.start as usize);
        self.clusters[c].start as usize..end
    }

    /// Glyphs of cluster `c`, as indices into `glyphs`.
    pub fn cluster_glyphs(&self, c: usize) -> Range<usize> {
        let end = self
            .clusters
            .get(c + 1)
            .map_or(self.glyphs.len(), |n| n.glyph_start as usize);
        self.clusters[c].glyph_start as usize..end
    }

    /// Caret units of cluster `c`, as indices into `units`.
    pub fn cluster_units(&self, c: usize) -> Range<usize> {
        let end = self
            .clusters
            .get(c + 1)
            .map_or(self.units.len(), |n| n.unit_start as usize);
        self.clusters[c].unit_start as usize..end
    }

    /// The cluster caret unit `u` belongs to.
    pub fn unit_cluster(&self, u: usize) -> usize {
        self.clusters
            .partition_point(|c| c.unit_start as usize <= u)
            .saturating_sub(1)
    }

    /// The run cluster `c` belongs to.
    pub fn cluster_run(&self, c: usize) -> usize {
        self.runs
            .partition_point(|r| r.clusters.end as usize <= c)
            .min(self.runs.len().saturating_sub(1))
    }

    /// Unit `u`'s share of its cluster's advance, as fractions in reading order (0 = the
    /// cluster's logical start): the cluster's visible units share it equally; invisible
    /// controls get none unless drawn as marks.
    pub fn unit_share(&self, u: usize) -> Range<f32> {
        let c = self.unit_cluster(u);
        let units = self.cluster_units(c);
        if units.len() <= 1 {
            return 0.0..1.0;
        }
        let marks = self.clusters[c].flags.contains(ClusterFlags::CONTROL_MARK);
        let weight = |k: usize| {
            let bytes = self.unit_bytes(k);
            let hidden = self.text[bytes].chars().all(is_invisible_control);
            if hidden && !marks { 0.0 } else { 1.0 }
        };
        let total: f32 = units.clone().map(weight).sum();
        // The same sums, in the same order, as the shares were first computed with.
        let mut acc = 0.0f32;
        for k in units {
            let share = if total > 0.0 { weight(k) / total } else { 0.0 };
            let s0 = acc;
            acc += share;
            if k == u {
                return s0..acc.min(1.0);
            }
        }
        0.0..1.0
    }

    /// Total advance of all clusters: the width of the paragraph on one line.
    pub fn natural_width(&self) -> f32 {
        self.clusters.iter().map(|c| c.advance).sum()
    }
}
