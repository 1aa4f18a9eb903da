//! Readable dumps of a layout: JSON for tools and comparisons, and a one-line-per-visual-line
//! text form for tests that read well in a diff.

use serde::Serialize;

use super::analysis::control_label;
use super::document::{Document, LaidParagraph, LaidParagraphs, PlacedParagraph};
use super::fonts::face;
use super::geometry::ParagraphView;
use super::style::TextStyle;

#[derive(Serialize)]
pub struct LayoutJson {
    pub font: &'static str,
    pub size_px: f32,
    pub width_px: f32,
    pub paragraphs: Vec<ParagraphJson>,
}

#[derive(Serialize)]
pub struct ParagraphJson {
    /// Code points into the document, end exclusive (the line break is not included).
    pub start: usize,
    pub end: usize,
    pub direction: &'static str,
    pub top: f32,
    pub lines: Vec<LineJson>,
}

#[derive(Serialize)]
pub struct LineJson {
    pub start: usize,
    pub end: usize,
    /// Width without hanging whitespace.
    pub width_px: f32,
    /// Left edge of the line's ink after alignment.
    pub x: f32,
    pub baseline: f32,
    /// Glyphs in visual order, left to right.
    pub glyphs: Vec<GlyphJson>,
    /// Invisible controls drawn as marks, when shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<ControlJson>,
}

#[derive(Serialize)]
pub struct GlyphJson {
    pub font: &'static str,
    pub id: u32,
    /// Code point offset of the first character of the glyph's cluster.
    pub cluster: usize,
    pub x: f32,
    pub advance: f32,
    #[serde(skip_serializing_if = "is_zero")]
    pub dy: f32,
}

#[derive(Serialize)]
pub struct ControlJson {
    pub label: &'static str,
    pub offset: usize,
    pub x: f32,
    pub width: f32,
}

fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

/// Rounds to 1/1000 px so dumps are stable and short.
fn r(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// A glyph placed on a line: everything a painter needs.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    pub font: super::fonts::FontId,
    pub id: u32,
    /// Byte offset (in the paragraph) of the glyph's cluster.
    pub cluster_byte: usize,
    /// Pen position on the baseline, relative to the paragraph's left edge.
    pub x: f32,
    /// Offset from the baseline, positive upwards (font convention).
    pub dy: f32,
    pub advance: f32,
}

/// A shown control mark on a line.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedControl {
    pub label: &'static str,
    pub byte: usize,
    pub x: f32,
    pub width: f32,
}

/// A cluster of a line that no font could draw: every glyph of it is a font's .notdef.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedMissing {
    /// The characters it stands for.
    pub text: String,
    pub x: f32,
    pub width: f32,
}

impl ParagraphView<'_> {
    /// The clusters of a line drawn with .notdef glyphs only (no font has their characters),
    /// with their pen positions: a painter shows them as boxes with their code points, so a
    /// reader knows characters are there.
    pub fn placed_missing(&self, line: usize) -> Vec<PlacedMissing> {
        let mut out = Vec::new();
        self.for_each_cluster(line, |c, x| {
            let cluster = &self.shaped.clusters[c];
            let glyphs = &self.shaped.glyphs[self.shaped.cluster_glyphs(c)];
            let control = cluster
                .flags
                .contains(super::paragraph::ClusterFlags::CONTROL_MARK);
            if !control && !glyphs.is_empty() && glyphs.iter().all(|g| g.id == 0) {
                let text = &self.shaped.text[self.shaped.cluster_bytes(c)];
                out.push(PlacedMissing {
                    text: text.to_string(),
                    x,
                    width: cluster.advance,
                });
            }
        });
        out
    }

    /// Glyphs of a line in visual order with their pen positions.
    pub fn placed_glyphs(&self, line: usize) -> Vec<PlacedGlyph> {
        let mut out = Vec::new();
        self.for_each_cluster(line, |c, x| {
            let cluster = &self.shaped.clusters[c];
            let mut pen = x;
            for i in self.shaped.cluster_glyphs(c) {
                let g = &self.shaped.glyphs[i];
                let (dx, dy) = self.shaped.glyph_offset(i);
                out.push(PlacedGlyph {
                    font: g.font,
                    id: u32::from(g.id),
                    cluster_byte: cluster.start as usize,
                    x: pen + dx,
                    dy,
                    advance: g.advance,
                });
                pen += g.advance;
            }
        });
        out
    }

    /// Control marks of a line (only present when the style shows controls).
    pub fn placed_controls(&self, line: usize) -> Vec<PlacedControl> {
        let mut out = Vec::new();
        self.for_each_cluster(line, |c, x| {
            let cluster = &self.shaped.clusters[c];
            if cluster
                .flags
                .contains(super::paragraph::ClusterFlags::CONTROL_MARK)
            {
                let text = &self.shaped.text[cluster.start as usize..];
                let label = text
                    .chars()
                    .next()
                    .and_then(control_label)
                    .unwrap_or("CTRL");
                out.push(PlacedControl {
                    label,
                    byte: cluster.start as usize,
                    x,
                    width: cluster.advance,
                });
            }
        });
        out
    }
}

/// The layout as JSON-ready data, offsets in code points into the document.
pub fn layout_json(doc: &Document) -> LayoutJson {
    LayoutJson {
        font: doc.style().font.name(),
        size_px: doc.style().size_px,
        width_px: doc.width(),
        paragraphs: doc.paragraphs().map(paragraph_json).collect(),
    }
}

/// One paragraph of [`LayoutJson`].
pub fn paragraph_json(p: PlacedParagraph<'_>) -> ParagraphJson {
    let view = p.view();
    let base = p.span.chars.start;
    let to_char = |b: usize| base + p.shaped.chars.char_of(&p.shaped.text, b);
    let lines = p
        .layout
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| LineJson {
            start: to_char(line.bytes.start as usize),
            end: to_char(line.bytes.end as usize),
            width_px: r(line.width),
            x: r(line.x),
            baseline: r(p.top + line.baseline),
            glyphs: view
                .placed_glyphs(i)
                .into_iter()
                .map(|g| GlyphJson {
                    font: face(g.font).file_name,
                    id: g.id,
                    cluster: to_char(g.cluster_byte),
                    x: r(g.x),
                    advance: r(g.advance),
                    dy: r(g.dy),
                })
                .collect(),
            controls: view
                .placed_controls(i)
                .into_iter()
                .map(|c| ControlJson {
                    label: c.label,
                    offset: to_char(c.byte),
                    x: r(c.x),
                    width: r(c.width),
                })
                .collect(),
        })
        .collect();
    ParagraphJson {
        start: p.span.chars.start,
        end: p.span.chars.end,
        direction: p.shaped.base.name(),
        top: r(p.top),
        lines,
    }
}

/// [`LayoutJson`] with its paragraphs laid out while they are written, each dropped before the
/// next: serialises to the same bytes as `layout_json(&Document::laid_out(text, style, width))`
/// while holding one paragraph's layout at a time.
#[derive(Serialize)]
pub struct StreamedLayoutJson<'a> {
    font: &'static str,
    size_px: f32,
    width_px: f32,
    paragraphs: StreamedParagraphs<'a>,
}

struct StreamedParagraphs<'a> {
    text: &'a str,
    style: TextStyle,
    width: f32,
}

impl Serialize for StreamedParagraphs<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            LaidParagraphs::new(self.text, &self.style, self.width)
                .map(|p| paragraph_json(p.placed())),
        )
    }
}

impl<'a> StreamedLayoutJson<'a> {
    pub fn new(text: &'a str, style: &TextStyle, width: f32) -> StreamedLayoutJson<'a> {
        let style = style.sanitized();
        StreamedLayoutJson {
            font: style.font.name(),
            size_px: style.size_px,
            width_px: width,
            paragraphs: StreamedParagraphs { text, style, width },
        }
    }
}

/// One text line per visual line: `P<paragraph>L<line> <dir>` then the pieces in visual order,
/// each as `[rtl text]` with its text in logical order, e.g.
/// `P2L0 rtl [rtl ص ][ltr 09:10][rtl  ][ltr 2015][rtl  أكتوبر ][ltr 27][rtl الثلاثاء ]`.
pub fn text_dump(doc: &Document) -> String {
    let mut out = String::new();
    for p in doc.paragraphs() {
        paragraph_text_dump(p, &mut out);
    }
    out
}

/// [`text_dump`] written paragraph by paragraph as each is laid out, to `out`.
pub fn write_text_dump(
    paragraphs: impl Iterator<Item = LaidParagraph>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut lines = String::new();
    for p in paragraphs {
        lines.clear();
        paragraph_text_dump(p.placed(), &mut lines);
        out.write_all(lines.as_bytes())?;
    }
    Ok(())
}

/// The [`text_dump`] lines of one paragraph.
fn paragraph_text_dump(p: PlacedParagraph<'_>, out: &mut String) {
    let pi = p.index;
    for (li, line) in p.layout.lines.iter().enumerate() {
        out.push_str(&format!("P{pi}L{li} {}", p.shaped.base.name()));
        out.push(' ');
        // Adjacent pieces of one level are one directional run for the reader of a dump.
        let mut runs: Vec<(u8, Vec<&str>)> = Vec::new();
        for piece in &p.layout.pieces[line.pieces.start as usize..line.pieces.end as usize] {
            let first = p.shaped.cluster_bytes(piece.clusters.start as usize);
            let last = p.shaped.cluster_bytes(piece.clusters.end as usize - 1);
            let text = &p.shaped.text[first.start..last.end];
            match runs.last_mut() {
                Some((level, texts)) if *level == piece.level => texts.push(text),
                _ => runs.push((piece.level, vec![text])),
            }
        }
        for (level, mut texts) in runs {
            let dir = if level % 2 == 1 {
                // Visual order of RTL pieces is the reverse of their reading order.
                texts.reverse();
                "rtl"
            } else {
                "ltr"
            };
            out.push_str(&format!("[{dir} {}]", texts.concat()));
        }
        out.push('\n');
    }
}
