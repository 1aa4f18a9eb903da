//! Reordering a line for display: UAX #9 rules L1 and L2.
//!
//! The functions here work on any sequence of items (characters for the conformance test,
//! clusters in the engine) so the same code is checked against BidiCharacterTest.txt and used
//! for layout.

/// How rule L1 treats an item.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum L1Kind {
    /// Keeps its resolved level.
    Other,
    /// Whitespace, isolate controls and X9-removed characters: reset to the paragraph level
    /// when they end the line or precede a separator.
    Whitespace,
    /// Segment and paragraph separators: always reset.
    Separator,
}

/// L1: resets trailing whitespace, separators and whitespace before separators to the
/// paragraph level. `levels` and `kind` describe one line in logical order.
pub fn apply_l1(levels: &mut [u8], kind: impl Fn(usize) -> L1Kind, paragraph_level: u8) {
    let mut trailing = true;
    for i in (0..levels.len()).rev() {
        match kind(i) {
            L1Kind::Separator => {
                levels[i] = paragraph_level;
                trailing = true;
            }
            L1Kind::Whitespace if trailing => levels[i] = paragraph_level,
            L1Kind::Whitespace => {}
            L1Kind::Other => trailing = false,
        }
    }
}

/// L2: the visual order of items with the given levels, as logical indices from left to right.
/// From the highest level down to the lowest odd level, every maximal run at or above that
/// level is reversed.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let Some(&max) = levels.iter().max() else {
        return order;
    };
    let min_odd = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(max + 1);
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverses_rtl_and_keeps_numbers_left_to_right() {
        // "عام 2015 م" at levels 1 1 1 1 2 2 2 2 1 1
        let levels = [1, 1, 1, 1, 2, 2, 2, 2, 1, 1];
        assert_eq!(visual_order(&levels), vec![9, 8, 4, 5, 6, 7, 3, 2, 1, 0]);
        assert_eq!(visual_order(&[0, 0, 1, 1, 0]), vec![0, 1, 3, 2, 4]);
        assert!(visual_order(&[]).is_empty());
    }

    #[test]
    fn l1_resets_trailing_whitespace_and_separators() {
        let mut levels = [2, 2, 2, 1, 2];
        let kinds = [
            L1Kind::Other,
            L1Kind::Whitespace,
            L1Kind::Separator,
            L1Kind::Other,
            L1Kind::Whitespace,
        ];
        apply_l1(&mut levels, |i| kinds[i], 1);
        assert_eq!(levels, [2, 1, 1, 1, 1]);
    }
}
