//! The text engine: right-to-left and mixed-direction layout without any UI dependency.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`paragraphs`] — split the document into paragraphs at line breaks.
//! 2. [`analysis`] — base direction and embedding levels (UAX #9), caret units (UAX #29),
//!    break opportunities (UAX #14).
//! 3. [`itemize`] — runs of one level, script and face, with font fallback.
//! 4. [`shape`] — harfrust shaping of each run, folded into clusters ([`paragraph`]).
//! 5. [`wrap`] — line breaking, then per-line reordering ([`reorder`], UAX #9 L1–L2) and
//!    alignment.
//! 6. [`geometry`] — hit testing, carets and range rectangles for the UI.
//! 7. [`raster`] — glyph bitmaps from the same font files; [`render`] — a whole page to pixels.
//!
//! Steps 1–4 depend on the style only; step 5 on the width, so a resize re-wraps without
//! shaping again.

pub mod analysis;
pub mod color_bitmap;
pub mod color_layers;
pub mod document;
pub mod dump;
pub mod emoji;
pub mod field;
pub mod fonts;
pub mod geometry;
pub mod heights;
pub mod itemize;
pub mod offsets;
pub mod paragraph;
pub mod paragraphs;
pub mod raster;
pub mod render;
pub mod reorder;
pub mod shape;
pub mod shape_cache;
pub mod style;
pub mod system_fonts;
pub mod wrap;

pub use document::{Document, Fold, LaidParagraph, PlacedParagraph};
pub use fonts::{FontChoice, FontId};
pub use geometry::{Affinity, ParagraphView, Rect};
pub use offsets::CharIndex;
pub use paragraph::ShapedParagraph;
pub use style::{Direction, DirectionChoice, Language, TextStyle};
pub use wrap::ParagraphLayout;
