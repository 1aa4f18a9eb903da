//! Shaping: each item run through harfrust (the shaper egui 0.37 uses), and the result folded
//! into clusters that the rest of the engine can break, reorder and hit-test.
//!
//! Each run is shaped with its own direction (from its level), script and the document's
//! language, with up to [`CONTEXT_CHARS`] characters of the paragraph on either side as
//! pre- and post-context, so letters keep their joining forms where a run ends for a reason
//! other than a space (a face change inside a word, an embedding). RTL runs mirror brackets in
//! the shaper (HarfBuzz's `rtlm` and Bidi_Mirrored substitution).

use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;

use super::analysis::{
    Analysis, control_label, is_invisible_control, is_separator, resets_at_line_end,
};
use super::fonts::{FontId, face, faces};
use super::itemize::ItemRun;
use super::paragraph::{Cluster, ClusterFlags, Glyph, GlyphOffset, Run, ShapedParagraph, Unit};
use super::shape_cache::{RawGlyph, RunShaper, shaped_reversed};
use super::style::TextStyle;
use harfrust::{
    Direction as HbDirection, Language as HbLanguage, ShapePlan, Shaper, UnicodeBuffer,
};

/// Characters of context passed to the shaper on each side of a run.
pub const CONTEXT_CHARS: usize = 8;

/// Width of a shown control's mark, in ems.
pub const CONTROL_MARK_EM: f32 = 1.1;

/// Width of a tab, in ems. Tabs are rare in articles; a fixed advance keeps wrapping simple.
pub const TAB_EM: f32 = 2.0;

thread_local! {
    /// One shaper per face, by id: the bundled faces', then installed faces' as they are
    /// loaded for fallback.
    static SHAPERS: RefCell<Vec<Shaper<'static>>> = RefCell::new(
        faces()
            .iter()
            .map(|f| f.shaper_data.shaper(&f.font).build())
            .collect(),
    );
    static PLANS: RefCell<HashMap<PlanKey, std::rc::Rc<ShapePlan>>> = RefCell::new(HashMap::new());
    static BUFFER: RefCell<Option<UnicodeBuffer>> = const { RefCell::new(None) };
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct PlanKey {
    font: FontId,
    rtl: bool,
    script: unicode_script::Script,
    language: Option<&'static str>,
}

fn hb_script(s: unicode_script::Script) -> Option<harfrust::Script> {
    harfrust::Script::from_str(s.short_name()).ok()
}

/// Shapes all runs of a paragraph and builds its clusters, glyphs and caret units.
pub(crate) fn shape_runs(
    text: &str,
    analysis: &Analysis,
    items: &[ItemRun],
    style: &TextStyle,
    out: &mut ShapedParagraph,
) {
    SHAPERS.with(|shapers| {
        let mut shapers = shapers.borrow_mut();
        let needed = items
            .iter()
            .map(|i| usize::from(i.font.0) + 1)
            .max()
            .unwrap_or(0);
        while shapers.len() < needed {
            let f = face(FontId(shapers.len() as u16));
            shapers.push(f.shaper_data.shaper(&f.font).build());
        }
        PLANS.with(|plans| {
            BUFFER.with(|buffer| {
                let mut plans = plans.borrow_mut();
                let mut buffer = buffer.borrow_mut();
                let mut cursor = Cursors::default();
                let mut glyphs = Vec::new();
                for item in items {
                    let key = PlanKey {
                        font: item.font,
                        rtl: item.level % 2 == 1,
                        script: item.script,
                        language: style.language.tag(),
                    };
                    let shaper = &shapers[usize::from(item.font.0)];
                    let plan = plans
                        .entry(key.clone())
                        .or_insert_with(|| {
                            let lang = key.language.and_then(|l| HbLanguage::from_str(l).ok());
                            std::rc::Rc::new(ShapePlan::new(
                                shaper,
                                direction(key.rtl),
                                hb_script(key.script),
                                lang.as_ref(),
                                &[],
                            ))
                        })
                        .clone();
                    let buf = buffer.take().unwrap_or_default();
                    let buf = shape_item(
                        text,
                        analysis,
                        item,
                        style,
                        shaper,
                        &plan,
                        buf,
                        &mut glyphs,
                        &mut cursor,
                        out,
                    );
                    *buffer = Some(buf);
                }
            })
        })
    });
}

fn direction(rtl: bool) -> HbDirection {
    if rtl {
        HbDirection::RightToLeft
    } else {
        HbDirection::LeftToRight
    }
}

/// Position of the unit walk across runs.
#[derive(Default)]
struct Cursors {
    unit: usize,
    brk: usize,
}

#[expect(
    clippy::too_many_arguments,
    reason = "the shaping loop's state, passed apart so the hot loop borrows each part alone"
)]
fn shape_item(
    text: &str,
    analysis: &Analysis,
    item: &ItemRun,
    style: &TextStyle,
    shaper: &Shaper<'static>,
    plan: &ShapePlan,
    buf: UnicodeBuffer,
    glyphs: &mut Vec<RawGlyph>,
    cursor: &mut Cursors,
    out: &mut ShapedParagraph,
) -> UnicodeBuffer {
    let start = item.bytes.start as usize;
    let end = item.bytes.end as usize;
    let rtl = item.level % 2 == 1;
    let face = face(item.font);
    let scale = face.scale(style.size_px);

    let language = style
        .language
        .tag()
        .and_then(|l| HbLanguage::from_str(l).ok());
    let mut header = Vec::with_capacity(16);
    header.extend_from_slice(&item.font.0.to_le_bytes());
    header.push(u8::from(rtl));
    header.extend_from_slice(item.script.short_name().as_bytes());
    header.extend_from_slice(style.language.tag().unwrap_or("").as_bytes());
    header.push(0xFF);
    let run = RunShaper {
        text,
        analysis,
        bytes: start..end,
        rtl,
        script: hb_script(item.script),
        language,
        shaper,
        plan,
        header: &header,
        reversed: shaped_reversed(rtl, item.script),
    };
    let buf = run.shape(buf, glyphs);
    let glyphs: &[RawGlyph] = glyphs;

    // Groups of equal cluster value, in the shaper's (visual) order, then logical order.
    let mut groups: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, info) in glyphs.iter().enumerate() {
        let cluster = start + info.cluster as usize;
        match groups.last_mut() {
            Some((c, r)) if *c == cluster => r.end = i + 1,
            _ => groups.push((cluster, i..i + 1)),
        }
    }
    if rtl {
        groups.reverse();
    }

    // Fold groups into clusters that start on caret-unit boundaries (a mark the shaper keeps
    // apart stays with its base; a ligature spanning several units stays one cluster).
    let unit_starts = &analysis.unit_starts;
    while cursor.unit < unit_starts.len() && (unit_starts[cursor.unit] as usize) < start {
        cursor.unit += 1;
    }
    let is_unit_start = |b: usize| b == start || unit_starts.binary_search(&(b as u32)).is_ok();
    let mut folded: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (cluster, range) in groups {
        match folded.last_mut() {
            Some((_, r)) if !is_unit_start(cluster) => {
                if rtl {
                    r.start = range.start;
                } else {
                    r.end = range.end;
                }
            }
            _ => folded.push((cluster.max(start), range)),
        }
    }
    if let Some(first) = folded.first_mut() {
        first.0 = start;
    }
    if folded.is_empty() {
        // The shaper produced nothing (cannot happen for non-empty text, but never lose text).
        folded.push((start, 0..0));
    }

    let first_cluster = out.clusters.len() as u32;
    for (k, (cstart, grange)) in folded.iter().enumerate() {
        let cend = folded.get(k + 1).map_or(end, |(s, _)| *s);
        let ctext = &text[*cstart..cend];
        let invisible = ctext.chars().all(is_invisible_control);
        let classes = &analysis.classes[*cstart..cend];
        let mut flags = ClusterFlags::empty();
        if classes.iter().all(|&c| resets_at_line_end(c)) {
            flags |= ClusterFlags::WHITESPACE;
        }
        let separator = classes.iter().any(|&c| is_separator(c));
        if separator {
            flags |= ClusterFlags::SEPARATOR;
        }
        if cursor.brk < analysis.break_opportunities.len() {
            while cursor.brk < analysis.break_opportunities.len()
                && (analysis.break_opportunities[cursor.brk] as usize) < *cstart
            {
                cursor.brk += 1;
            }
            if analysis.break_opportunities.get(cursor.brk) == Some(&(*cstart as u32)) {
                flags |= ClusterFlags::BREAK_BEFORE;
            }
        }
        while cursor.unit < unit_starts.len() && (unit_starts[cursor.unit] as usize) < *cstart {
            cursor.unit += 1;
        }
        let unit_begin = cursor.unit;
        if unit_starts.get(cursor.unit) == Some(&(*cstart as u32))
            && analysis.unit_is_grapheme_start[cursor.unit]
        {
            flags |= ClusterFlags::GRAPHEME_BEFORE;
        }

        let glyph_start = out.glyphs.len() as u32;
        let mut advance = 0.0f32;
        if separator {
            advance = TAB_EM * style.size_px;
        } else if invisible {
            if style.show_controls && ctext.chars().any(|c| control_label(c).is_some()) {
                flags |= ClusterFlags::CONTROL_MARK;
                advance = CONTROL_MARK_EM * style.size_px;
            }
        } else {
            for p in &glyphs[grange.clone()] {
                let glyph = Glyph {
                    font: item.font,
                    // A face has at most 65,535 glyphs; anything else is drawn as missing.
                    id: u16::try_from(p.id).unwrap_or(0),
                    advance: p.x_advance as f32 * scale,
                };
                if p.x_offset != 0 || p.y_offset != 0 {
                    out.offsets.push(GlyphOffset {
                        glyph: out.glyphs.len() as u32,
                        x: p.x_offset as f32 * scale,
                        y: p.y_offset as f32 * scale,
                    });
                }
                advance += glyph.advance;
                out.glyphs.push(glyph);
            }
        }

        // Caret units of this cluster (they share its advance: `ShapedParagraph::unit_share`).
        let mut unit_end = unit_begin;
        while unit_end < unit_starts.len() && (unit_starts[unit_end] as usize) < cend {
            unit_end += 1;
        }
        let units_first = out.units.len() as u32;
        // The first unit always starts at the cluster start, so every byte has a unit even
        // where a run begins inside a grapheme.
        out.units.push(Unit {
            start: *cstart as u32,
        });
        for &start in unit_starts.get(unit_begin + 1..unit_end).unwrap_or(&[]) {
            out.units.push(Unit { start });
        }
        let level = analysis.levels[*cstart];
        out.clusters.push(Cluster {
            start: *cstart as u32,
            glyph_start,
            unit_start: units_first,
            advance,
            level,
            flags,
        });
    }
    out.runs.push(Run {
        bytes: item.bytes.clone(),
        clusters: first_cluster..out.clusters.len() as u32,
        level: item.level,
        font: item.font,
    });
    buf
}
