//! Moving a caret over the screen, not the logical order: one step left or right over the
//! caret unit next to it on that side, found among the engine's visual units of its line. In
//! right-to-left text a step left goes towards the logical end; inside a number embedded in
//! Arabic it steps digit by digit the way the digits are drawn. At the end of a line it
//! continues on the next line in the paragraph's reading direction (the previous one going the
//! other way), then into the next paragraph that is not folded away.

use super::Document;
use crate::text::geometry::{Affinity, VisualUnit};
use crate::text::offsets::CharIndex;

/// Widths below this are not caret steps (zero-width controls share their neighbour's edge).
const EPS: f32 = 0.01;

/// The caret position on the far side of `u` when moving over it to the left or right.
fn far_edge(u: &VisualUnit, left: bool) -> (usize, Affinity) {
    match (left, u.rtl) {
        // The left edge is a right-to-left unit's trailing edge, a left-to-right one's leading.
        (true, true) | (false, false) => (u.bytes.end, Affinity::Upstream),
        (true, false) | (false, true) => (u.bytes.start, Affinity::Downstream),
    }
}

impl Document {
    /// The caret position one visual step left (or right) of `at`; `None` if its paragraph is
    /// not laid out.
    pub fn visual_step(
        &self,
        at: CharIndex,
        affinity: Affinity,
        left: bool,
    ) -> Option<(CharIndex, Affinity)> {
        let p = self.paragraph_of(at);
        let view = self.view(p)?;
        let (x, line) = view.caret_x(self.local_byte(p, at), affinity);
        let units = view.visual_units(line);
        let next = if left {
            units
                .iter()
                .filter(|u| u.x1 - u.x0 > EPS && u.x1 <= x + 0.5 && u.x0 < x - EPS)
                .max_by(|a, b| a.x1.total_cmp(&b.x1))
        } else {
            units
                .iter()
                .filter(|u| u.x1 - u.x0 > EPS && u.x0 >= x - 0.5 && u.x1 > x + EPS)
                .min_by(|a, b| a.x0.total_cmp(&b.x0))
        };
        if let Some(u) = next {
            let (b, aff) = far_edge(u, left);
            return Some((self.char_at(p, b), aff));
        }
        // Off the end of the line: on to the next line in reading order, or back.
        let forward = left == view.shaped.base.is_rtl();
        let lines = &view.layout.lines;
        let span = self.span(p);
        if forward {
            if let Some(l) = lines.get(line + 1) {
                return Some((
                    self.char_at(p, l.bytes.start as usize),
                    Affinity::Downstream,
                ));
            }
            self.next_shown(p, true)
                .map(|q| (self.span(q).char_start(), Affinity::Downstream))
                .or(Some((span.char_end(), Affinity::Upstream)))
        } else {
            if line > 0 {
                let l = &lines[line - 1];
                return Some((self.char_at(p, l.bytes.end as usize), Affinity::Upstream));
            }
            self.next_shown(p, false)
                .map(|q| (self.span(q).char_end(), Affinity::Upstream))
                .or(Some((span.char_start(), Affinity::Downstream)))
        }
    }
}
