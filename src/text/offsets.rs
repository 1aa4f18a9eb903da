//! Typed offsets.
//!
//! Annotations and everything reported outside the engine count Unicode code points into the
//! decoded text ([`CharIndex`]); the engine works in UTF-8 byte offsets ([`ByteIndex`]) because
//! that is what Rust strings, unicode-bidi and the shaper speak. Mixing the two is a classic
//! off-by-N bug with Arabic text (every letter is two bytes), so they are distinct types.

use serde::{Deserialize, Serialize};

/// A Unicode code point offset into a decoded document.
#[derive(
    Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharIndex(pub usize);

/// A UTF-8 byte offset into a decoded document.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteIndex(pub usize);

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
