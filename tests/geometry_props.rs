//! Property tests of the engine's geometry on random mixed-direction paragraphs (made by
//! `text_support`) at random widths, sizes, faces and directions.

use hamesh::text::geometry::VisualUnit;
use hamesh::text::paragraph::ClusterFlags;
use hamesh::text::{
    Affinity, Direction, DirectionChoice, FontChoice, ParagraphLayout, ParagraphView,
    ShapedParagraph, TextStyle,
};
use proptest::prelude::*;

mod text_support;
use text_support::case;

fn lay_out(text: &str, style: &TextStyle, width: f32) -> (ShapedParagraph, ParagraphLayout) {
    let shaped = ShapedParagraph::new(text, style, Direction::Rtl);
    let layout = shaped.wrap(width);
    (shaped, layout)
}

fn line_middle(view: &ParagraphView, line: usize) -> f32 {
    view.layout.lines[line].top + view.shaped.metrics.height / 2.0
}

fn width(u: &VisualUnit) -> f32 {
    u.x1 - u.x0
}

/// Byte offsets where caret units start, plus the paragraph's end.
fn unit_boundaries(shaped: &ShapedParagraph) -> Vec<usize> {
    let mut b: Vec<usize> = shaped.units.iter().map(|u| u.start as usize).collect();
    b.push(shaped.text.len());
    b.dedup();
    b
}

/// 128 cases per property; set `PROPTEST_CASES` for a longer search.
fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        ProptestConfig {
            cases: 128,
            ..default
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Caret → point → caret. A caret at `offset` with `Downstream` affinity belongs to the unit
    /// that starts at `offset` and sits on its leading edge (right edge when the unit reads
    /// right to left); with `Upstream` it belongs to the unit that ends at `offset` and sits on
    /// its trailing edge. Hit testing a point just inside that edge of that unit (0.01 px, or a
    /// quarter of a narrower unit), at the middle of its line, gives the caret back.
    #[test]
    fn caret_hit_test_round_trip((text, style, max_width) in case()) {
        let (shaped, layout) = lay_out(&text, &style, max_width);
        let view = ParagraphView::new(&shaped, &layout);
        for line in 0..layout.lines.len() {
            let y = line_middle(&view, line);
            for u in view.visual_units(line) {
                let w = width(&u);
                if w <= 0.0 {
                    continue;
                }
                let d = (w / 4.0).min(0.01);
                // Downstream: the leading edge of `u`.
                let (x, l) = view.caret_x(u.bytes.start, Affinity::Downstream);
                prop_assert_eq!(l, line);
                let leading = if u.rtl { u.x1 } else { u.x0 };
                prop_assert!((x - leading).abs() < 1e-3, "caret {} not on {:?}", x, u);
                let inside = if u.rtl { x - d } else { x + d };
                prop_assert_eq!(
                    view.hit_test(inside, y),
                    (u.bytes.start, Affinity::Downstream),
                    "unit {:?} downstream caret x {} in {:?}", u, x, text
                );
                // Upstream: the trailing edge of `u`.
                let (x, l) = view.caret_x(u.bytes.end, Affinity::Upstream);
                prop_assert_eq!(l, line);
                let trailing = if u.rtl { u.x0 } else { u.x1 };
                prop_assert!((x - trailing).abs() < 1e-3, "caret {} not on {:?}", x, u);
                let inside = if u.rtl { x + d } else { x - d };
                prop_assert_eq!(
                    view.hit_test(inside, y),
                    (u.bytes.end, Affinity::Upstream),
                    "unit {:?} upstream caret x {} in {:?}", u, x, text
                );
            }
        }
    }

    /// Selection rectangles cover exactly the units whose bytes meet the range: each selected
    /// unit's middle is inside a rectangle of its line, each unselected unit with a width is
    /// outside all of them, and the rectangles are as wide as the selected units together.
    #[test]
    fn range_rects_cover_exactly_the_selected_units(
        (text, style, max_width) in case(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let (shaped, layout) = lay_out(&text, &style, max_width);
        let view = ParagraphView::new(&shaped, &layout);
        let bounds = unit_boundaries(&shaped);
        let (i, j) = (a.index(bounds.len()), b.index(bounds.len()));
        let range = bounds[i.min(j)]..bounds[i.max(j)];
        let rects = view.range_rects(range.clone());
        if range.is_empty() {
            prop_assert!(rects.is_empty());
            return Ok(());
        }
        let h = shaped.metrics.height;
        let mut selected_width = 0.0f32;
        for line in 0..layout.lines.len() {
            let top = layout.lines[line].top;
            let on_line: Vec<_> = rects.iter().filter(|r| (r.y0 - top).abs() < 0.01).collect();
            for r in &on_line {
                prop_assert!((r.y1 - r.y0 - h).abs() < 0.01);
            }
            for u in view.visual_units(line) {
                let mid = (u.x0 + u.x1) / 2.0;
                let inside = on_line.iter().any(|r| r.x0 - 0.001 <= mid && mid <= r.x1 + 0.001);
                let selected = u.bytes.start < range.end && u.bytes.end > range.start;
                if selected {
                    selected_width += width(&u);
                    prop_assert!(inside, "selected {:?} outside {:?} for {:?}", u, on_line, range);
                } else if width(&u) > 0.0 {
                    let strictly = on_line.iter().any(|r| r.x0 + 0.001 < mid && mid < r.x1 - 0.001);
                    prop_assert!(!strictly, "unselected {:?} inside {:?} for {:?}", u, on_line, range);
                }
            }
        }
        let rect_width: f32 = rects.iter().map(|r| r.x1 - r.x0).sum();
        prop_assert!(
            (rect_width - selected_width).abs() <= 0.01,
            "rects {} px, units {} px, {:?}", rect_width, selected_width, rects
        );
        // Every rectangle is on a line.
        for r in &rects {
            prop_assert!(layout.lines.iter().any(|l| (r.y0 - l.top).abs() < 0.01));
        }
    }

    /// The lines partition the paragraph: contiguous, non-overlapping byte ranges from 0 to the
    /// end, and every caret unit on exactly one line.
    #[test]
    fn every_character_is_on_exactly_one_line((text, style, max_width) in case()) {
        let (shaped, layout) = lay_out(&text, &style, max_width);
        let view = ParagraphView::new(&shaped, &layout);
        prop_assert!(!layout.lines.is_empty());
        prop_assert_eq!(layout.lines[0].bytes.start, 0);
        prop_assert_eq!(layout.lines.last().unwrap().bytes.end as usize, text.len());
        for pair in layout.lines.windows(2) {
            prop_assert_eq!(pair[0].bytes.end, pair[1].bytes.start);
            prop_assert!(pair[0].bytes.start < pair[0].bytes.end, "empty line in {:?}", text);
        }
        let mut seen = vec![0u32; shaped.units.len()];
        for line in 0..layout.lines.len() {
            let bytes = &layout.lines[line].bytes;
            for u in view.visual_units(line) {
                seen[u.unit] += 1;
                prop_assert!(
                    bytes.start as usize <= u.bytes.start && u.bytes.end <= bytes.end as usize,
                    "unit {:?} outside line {} {:?}", u, line, bytes
                );
            }
        }
        prop_assert!(seen.iter().all(|&n| n == 1), "unit counts {:?} in {:?}", seen, text);
        // The units tile the text.
        let mut end = 0;
        for u in 0..shaped.units.len() {
            let b = shaped.unit_bytes(u);
            prop_assert_eq!(b.start, end);
            prop_assert!(b.end > b.start);
            end = b.end;
        }
        prop_assert_eq!(end, text.len());
    }

    /// A line is wider than the width only when nothing could be moved to the next line.
    ///
    /// Wrapping (wrap.rs) is greedy over clusters: whitespace hangs past the width, a line ends
    /// at the last UAX #14 opportunity that fits, and a stretch with no opportunity breaks
    /// before any cluster that starts an extended grapheme. The first cluster of a line is
    /// always taken, and clusters that start no grapheme (a ZWNJ or ZWJ split out of its
    /// grapheme) are never separated from the one before. So a line is too wide only when its
    /// measured part (up to the last cluster that does not hang) starts with a cluster wider than
    /// the line, followed by nothing but clusters that start no grapheme.
    #[test]
    fn over_wide_lines_hold_one_unbreakable_grapheme((text, style, max_width) in case()) {
        let (shaped, layout) = lay_out(&text, &style, max_width);
        for line in &layout.lines {
            if line.width <= max_width + 0.01 {
                continue;
            }
            let clusters = &shaped.clusters[line.clusters.start as usize..line.clusters.end as usize];
            let measured = clusters.len()
                - clusters
                    .iter()
                    .rev()
                    .take_while(|c| c.flags.contains(ClusterFlags::WHITESPACE))
                    .count();
            prop_assert!(measured >= 1);
            let inner_graphemes = clusters[1..measured]
                .iter()
                .filter(|c| c.flags.contains(ClusterFlags::GRAPHEME_BEFORE))
                .count();
            prop_assert_eq!(
                inner_graphemes, 0,
                "line {:?} is {} px wide at {} px in {:?}", line.bytes, line.width, max_width, text
            );
        }
    }

    /// In a cluster of several caret units (a ligature such as لا), units take their shares in
    /// reading order: the first logical unit of a right-to-left cluster is its rightmost part.
    #[test]
    fn clusters_tile_the_text_their_glyphs_and_their_units((text, style, max_width) in case()) {
        // A cluster keeps only where its bytes, glyphs and units start: that is enough only if
        // they follow each other without gaps, in the same order.
        let (shaped, _) = lay_out(&text, &style, max_width);
        let n = shaped.clusters.len();
        prop_assert!(n > 0 || text.is_empty());
        let (mut byte, mut glyph, mut unit) = (0, 0, 0);
        for c in 0..n {
            let (b, g, u) = (shaped.cluster_bytes(c), shaped.cluster_glyphs(c), shaped.cluster_units(c));
            prop_assert_eq!((b.start, g.start, u.start), (byte, glyph, unit));
            prop_assert!(b.start < b.end && !u.is_empty(), "cluster {} of {:?}", c, text);
            prop_assert_eq!(shaped.units[u.start].start as usize, b.start);
            let run = &shaped.runs[shaped.cluster_run(c)];
            prop_assert!(run.clusters.contains(&(c as u32)));
            let shares: Vec<_> = u.clone().map(|k| shaped.unit_share(k)).collect();
            for pair in shares.windows(2) {
                prop_assert!((pair[0].end - pair[1].start).abs() < 1e-6);
            }
            for k in u.clone() {
                prop_assert_eq!(shaped.unit_cluster(k), c);
            }
            (byte, glyph, unit) = (b.end, g.end, u.end);
        }
        prop_assert_eq!((byte, glyph, unit), (text.len(), shaped.glyphs.len(), shaped.units.len()));
    }

    #[test]
    fn ligature_shares_follow_the_reading_direction((text, style, max_width) in case()) {
        let (shaped, layout) = lay_out(&text, &style, max_width);
        let view = ParagraphView::new(&shaped, &layout);
        for line in 0..layout.lines.len() {
            let units = view.visual_units(line);
            let clusters = &layout.lines[line].clusters;
            for ci in clusters.start as usize..clusters.end as usize {
                let c = &shaped.clusters[ci];
                let mine: Vec<&VisualUnit> = units
                    .iter()
                    .filter(|u| shaped.unit_cluster(u.unit) == ci)
                    .collect();
                prop_assert_eq!(mine.len(), shaped.cluster_units(ci).len());
                // `mine` is left to right; logical order is by byte.
                for pair in mine.windows(2) {
                    if c.is_rtl() {
                        prop_assert!(pair[0].bytes.start > pair[1].bytes.start);
                    } else {
                        prop_assert!(pair[0].bytes.start < pair[1].bytes.start);
                    }
                    prop_assert!(pair[0].x1 <= pair[1].x0 + 0.01);
                }
            }
        }
    }
}

#[test]
fn lam_alef_first_letter_owns_the_right_part() {
    for font in [FontChoice::Vazirmatn, FontChoice::Naskh] {
        let style = TextStyle {
            font,
            direction: DirectionChoice::Rtl,
            ..TextStyle::default()
        };
        for text in ["لا", "لأ", "سلام", "قال لا"] {
            let (shaped, layout) = lay_out(text, &style, f32::INFINITY);
            let view = ParagraphView::new(&shaped, &layout);
            let lam = text.rfind("ل").unwrap();
            let alef = lam + "ل".len();
            let units = view.visual_units(0);
            let lam_u = units.iter().find(|u| u.bytes.start == lam).unwrap();
            let alef_u = units.iter().find(|u| u.bytes.start == alef).unwrap();
            assert!(lam_u.rtl && alef_u.rtl);
            if font == FontChoice::Vazirmatn {
                // One ligature cluster whose advance the two letters share.
                assert_eq!(
                    shaped.unit_cluster(lam_u.unit),
                    shaped.unit_cluster(alef_u.unit),
                    "{text}: not one ligature cluster"
                );
                assert!(width(lam_u) > 0.0 && width(alef_u) > 0.0);
                assert!((width(lam_u) - width(alef_u)).abs() < 0.01);
            }
            // Noto Naskh Arabic draws lam-alef as the lam glyph followed by an alef glyph of zero
            // advance: two clusters, the alef's of no width, on the lam's left edge.
            assert!(
                lam_u.x0 >= alef_u.x1 - 0.01,
                "{text} with {font:?}: lam {lam_u:?} is not right of alef {alef_u:?}"
            );
            // The caret after ل (between the two letters) is in the middle of the ligature.
            let (x, _) = view.caret_x(alef, Affinity::Downstream);
            assert!((x - lam_u.x0).abs() < 0.01);
        }
    }
}
