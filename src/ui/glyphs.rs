//! The painter of engine-drawn text: the glyph atlas every engine-drawn string is painted from,
//! and the cache of shaped one-line labels (titles, paths, quotes). It lives as long as the
//! window: its texture and caches do not depend on the folder open.

use super::atlas::GlyphAtlas;
use super::engine_label::LabelCache;

#[derive(Default)]
pub struct GlyphPainter {
    pub atlas: GlyphAtlas,
    pub labels: LabelCache,
}

impl GlyphPainter {
    /// Labels shaped for the list, panels and bars so far.
    pub fn labels_shaped(&self) -> usize {
        self.labels.shaped_count()
    }
}
