//! Typed offsets.
//!
//! Annotations and everything the engine answers count Unicode code points into the decoded
//! text ([`CharIndex`]). Inside the engine a paragraph works in UTF-8 byte offsets into its own
//! text, because that is what Rust strings, unicode-bidi and the shaper speak; those never
//! leave it: [`crate::text::Document`] takes and gives `CharIndex` only, and maps to a
//! paragraph's bytes itself ([`CharMap`]). Mixing the two is a classic off-by-N bug with Arabic
//! text (every letter is two bytes), which is why only one of them crosses the boundary.

use serde::{Deserialize, Serialize};

/// A Unicode code point offset into a decoded document.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharIndex(pub usize);

impl CharIndex {
    /// `n` characters before, or the start.
    pub fn saturating_sub(self, n: usize) -> CharIndex {
        CharIndex(self.0.saturating_sub(n))
    }

    /// Characters from `earlier` to here, 0 if `earlier` is after.
    pub fn since(self, earlier: CharIndex) -> usize {
        self.0.saturating_sub(earlier.0)
    }
}

/// The offset as a number, as the interface and the reports show it.
impl std::fmt::Display for CharIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// `n` characters further.
impl std::ops::Add<usize> for CharIndex {
    type Output = CharIndex;
    fn add(self, n: usize) -> CharIndex {
        CharIndex(self.0 + n)
    }
}

impl std::ops::AddAssign<usize> for CharIndex {
    fn add_assign(&mut self, n: usize) {
        self.0 += n;
    }
}

/// `n` characters before (an offset cannot go below the start: this is a bug if it would;
/// [`CharIndex::saturating_sub`] clamps).
impl std::ops::Sub<usize> for CharIndex {
    type Output = CharIndex;
    fn sub(self, n: usize) -> CharIndex {
        CharIndex(self.0 - n)
    }
}

/// The number of characters between two offsets.
impl std::ops::Sub for CharIndex {
    type Output = usize;
    fn sub(self, earlier: CharIndex) -> usize {
        self.0 - earlier.0
    }
}

/// Maps byte offsets of one string to code point offsets and back in O(log n).
///
/// Built once per paragraph; a linear `chars().count()` per query would make dumping or hit
/// testing a long paragraph quadratic.
#[derive(Clone, Debug, Default)]
pub struct CharMap {
    /// Byte offset of every character, plus the string's length as a sentinel.
    starts: Vec<u32>,
}

impl CharMap {
    pub fn new(text: &str) -> CharMap {
        let mut starts: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        starts.push(text.len() as u32);
        CharMap { starts }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Bytes it holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * std::mem::size_of::<u32>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Code point offset of the character containing `byte` (or the end).
    pub fn char_of(&self, byte: usize) -> usize {
        match self.starts.binary_search(&(byte as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of character `ch`, clamped to the end.
    pub fn byte_of(&self, ch: usize) -> usize {
        self.starts[ch.min(self.starts.len() - 1)] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_move_and_measure_in_characters() {
        let at = CharIndex(10);
        assert_eq!(at + 5, CharIndex(15));
        assert_eq!(at - 4, CharIndex(6));
        assert_eq!(CharIndex(15) - at, 5);
        assert_eq!(at.saturating_sub(20), CharIndex(0));
        assert_eq!(at.since(CharIndex(12)), 0);
        let mut moved = at;
        moved += 2;
        assert_eq!(moved, CharIndex(12));
    }

    #[test]
    fn maps_both_ways_over_multibyte_text() {
        let text = "aبc€";
        let map = CharMap::new(text);
        assert_eq!(map.len(), 4);
        assert_eq!(map.byte_of(0), 0);
        assert_eq!(map.byte_of(1), 1);
        assert_eq!(map.byte_of(2), 3);
        assert_eq!(map.byte_of(3), 4);
        assert_eq!(map.byte_of(4), 7);
        assert_eq!(map.char_of(3), 2);
        assert_eq!(map.char_of(2), 1, "inside بَ's bytes maps to its character");
        assert_eq!(map.char_of(7), 4);
    }
}
