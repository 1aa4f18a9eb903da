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

/// [`CharMap`]'s answers for a string kept elsewhere, in a thirty-second of the room: the
/// byte offset of every [`SparseCharMap::STEP`]th character, then a short scan of the text
/// from the one before.
/// A shaped paragraph keeps one for as long as it is laid out, where a byte offset for every
/// character would cost four bytes a character.
#[derive(Clone, Debug, Default)]
pub struct SparseCharMap {
    /// Byte offset of characters 0, STEP, 2 × STEP, …
    marks: Vec<u32>,
    len: usize,
}

/// Whether `b` starts a character in UTF-8 (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl SparseCharMap {
    /// Characters between two marks.
    pub const STEP: usize = 32;

    pub fn new(text: &str) -> SparseCharMap {
        let mut marks = Vec::with_capacity(text.len() / Self::STEP / 2 + 1);
        let mut len = 0;
        for (i, _) in text.char_indices() {
            if len % Self::STEP == 0 {
                marks.push(i as u32);
            }
            len += 1;
        }
        marks.shrink_to_fit();
        SparseCharMap { marks, len }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Bytes it holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.marks.capacity() * std::mem::size_of::<u32>()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Code point offset of the character of `text` (the string the map was built from)
    /// containing `byte` (or the end).
    pub fn char_of(&self, text: &str, byte: usize) -> usize {
        if byte >= text.len() {
            return self.len;
        }
        let k = self
            .marks
            .partition_point(|&m| m as usize <= byte)
            .saturating_sub(1);
        let Some(&mark) = self.marks.get(k) else {
            return 0;
        };
        let starts = text.as_bytes()[mark as usize..=byte]
            .iter()
            .filter(|&&b| starts_char(b))
            .count();
        k * Self::STEP + starts.saturating_sub(1)
    }

    /// Byte offset in `text` (the string the map was built from) of character `ch`, clamped
    /// to the end.
    pub fn byte_of(&self, text: &str, ch: usize) -> usize {
        if ch >= self.len {
            return text.len();
        }
        let Some(&mark) = self.marks.get(ch / Self::STEP) else {
            return text.len();
        };
        let mark = mark as usize;
        let mut left = ch % Self::STEP;
        for (i, &b) in text.as_bytes()[mark..].iter().enumerate() {
            if starts_char(b) {
                if left == 0 {
                    return mark + i;
                }
                left -= 1;
            }
        }
        text.len()
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

    #[test]
    fn agrees_with_char_indices_across_many_marks() {
        let text = "سلام، world! 😀 کتاب‌ها\u{200C}ی ".repeat(23);
        let map = SparseCharMap::new(&text);
        let dense = CharMap::new(&text);
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        assert_eq!(map.len(), starts.len());
        for (ch, &byte) in starts.iter().enumerate() {
            assert_eq!(map.byte_of(&text, ch), byte, "character {ch}");
            assert_eq!(dense.byte_of(ch), byte);
            assert_eq!(map.char_of(&text, byte), ch, "byte {byte}");
            let inside = byte + text[byte..].chars().next().map_or(1, char::len_utf8) - 1;
            assert_eq!(
                map.char_of(&text, inside),
                ch,
                "last byte of character {ch}"
            );
        }
        assert_eq!(map.byte_of(&text, starts.len() + 5), text.len());
        assert_eq!(map.char_of(&text, text.len()), starts.len());
        assert_eq!(
            map.heap_bytes(),
            starts.len().div_ceil(SparseCharMap::STEP) * 4
        );
        let empty = SparseCharMap::new("");
        assert_eq!(
            (empty.len(), empty.byte_of("", 0), empty.char_of("", 0)),
            (0, 0, 0)
        );
    }
}
