//! Offset units: converting code point offsets to the unit an export declares, and slicing a
//! text by offsets in a unit to check a span's quote.
//!
//! The two directions are computed by separate walks over the text, so the check that follows
//! a conversion is a real check: `text[start:end]` in the exported unit, found independently,
//! must equal the span's text.

use super::OffsetUnit;

/// Length of `text` in `unit`.
pub fn length_in(text: &str, unit: OffsetUnit) -> usize {
    match unit {
        OffsetUnit::CodePoint => text.chars().count(),
        OffsetUnit::Utf16 => text.encode_utf16().count(),
    }
}

/// Whether `text` has characters outside the Basic Multilingual Plane (four UTF-8 bytes, two
/// UTF-16 units), the only ones whose UTF-16 length is not one.
pub fn has_astral(text: &str) -> bool {
    text.bytes().any(|b| b >= 0xF0)
}

/// Indices of `positions` in increasing order of value.
fn order(positions: &[usize]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..positions.len()).collect();
    idx.sort_unstable_by_key(|&i| positions[i]);
    idx
}

/// Converts code point offsets into `text` to offsets in `unit`. Offsets past the end are
/// converted as if the text went on with one-unit characters (callers check bounds first).
pub fn from_code_points(text: &str, unit: OffsetUnit, positions: &[usize]) -> Vec<usize> {
    if unit == OffsetUnit::CodePoint || !has_astral(text) {
        return positions.to_vec();
    }
    let mut out = vec![0; positions.len()];
    let (mut cp, mut units) = (0usize, 0usize);
    let mut chars = text.chars();
    for i in order(positions) {
        while cp < positions[i] {
            match chars.next() {
                Some(c) => units += c.len_utf16(),
                None => units += 1,
            }
            cp += 1;
        }
        out[i] = units;
    }
    out
}

/// Why an offset does not name a place in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadOffset {
    /// Past the end of the text (its length in the unit is given).
    PastEnd { index: usize, length: usize },
    /// Between the two halves of a UTF-16 surrogate pair.
    InsideCharacter { index: usize },
}

/// A place in a text: its UTF-8 byte offset and its code point offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub byte: usize,
    pub char: usize,
}

/// The places of `positions`, which count `unit`s of `text`.
pub fn locate(text: &str, unit: OffsetUnit, positions: &[usize]) -> Result<Vec<Place>, BadOffset> {
    // Walks the UTF-8 bytes, a character's length read off its first byte, rather than
    // decoding every character: this runs over every text of an export and an import.
    let bytes = text.as_bytes();
    let mut out = vec![Place::default(); positions.len()];
    let (mut units, mut at) = (0usize, Place::default());
    for i in order(positions) {
        let want = positions[i];
        while units < want {
            let Some(&lead) = bytes.get(at.byte) else {
                return Err(BadOffset::PastEnd {
                    index: i,
                    length: units,
                });
            };
            let len = utf8_len(lead);
            units += match unit {
                OffsetUnit::CodePoint => 1,
                // Four-byte sequences are the characters outside the BMP: two UTF-16 units.
                OffsetUnit::Utf16 => 1 + usize::from(len == 4),
            };
            at.byte += len;
            at.char += 1;
        }
        if units != want {
            return Err(BadOffset::InsideCharacter { index: i });
        }
        out[i] = at;
    }
    Ok(out)
}

/// The length of the UTF-8 sequence that starts with `lead` (a `str`'s bytes are valid UTF-8,
/// so a character's first byte says it).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// UTF-8 byte offsets of `positions`, which count `unit`s of `text`.
pub fn to_bytes(
    text: &str,
    unit: OffsetUnit,
    positions: &[usize],
) -> Result<Vec<usize>, BadOffset> {
    Ok(locate(text, unit, positions)?
        .into_iter()
        .map(|p| p.byte)
        .collect())
}

/// A span whose quote is not what the text holds between its offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Index of the span in the slice given.
    pub index: usize,
    /// What the text holds there, or why the offsets name no place.
    pub found: String,
}

/// Converts code point ranges to `unit` and checks each against its quote: the text between
/// the converted offsets, found by a separate walk in `unit`, must equal the quote.
pub fn convert_and_check(
    text: &str,
    unit: OffsetUnit,
    spans: &[(usize, usize, &str)],
) -> Result<Vec<(usize, usize)>, Mismatch> {
    let mut positions = Vec::with_capacity(spans.len() * 2);
    for &(s, e, _) in spans {
        positions.push(s);
        positions.push(e);
    }
    let converted = from_code_points(text, unit, &positions);
    let bytes = to_bytes(text, unit, &converted).map_err(|bad| {
        let index = match bad {
            BadOffset::PastEnd { index, .. } | BadOffset::InsideCharacter { index } => index,
        };
        Mismatch {
            index: index / 2,
            found: describe(bad),
        }
    })?;
    let mut out = Vec::with_capacity(spans.len());
    for (k, &(_, _, quote)) in spans.iter().enumerate() {
        let (b0, b1) = (bytes[2 * k], bytes[2 * k + 1]);
        let found = text.get(b0.min(b1)..b1.max(b0)).unwrap_or("");
        if b0 > b1 || found != quote {
            return Err(Mismatch {
                index: k,
                found: format!("{found:?}"),
            });
        }
        out.push((converted[2 * k], converted[2 * k + 1]));
    }
    Ok(out)
}

/// A readable reason for a bad offset.
pub fn describe(bad: BadOffset) -> String {
    match bad {
        BadOffset::PastEnd { length, .. } => {
            format!("an offset past the end of the text ({length} units long)")
        }
        BadOffset::InsideCharacter { .. } => {
            "an offset between the two UTF-16 units of one character".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a😀بc";

    #[test]
    fn converts_past_astral_characters() {
        assert_eq!(
            from_code_points(TEXT, OffsetUnit::Utf16, &[4, 0, 2, 1]),
            [5, 0, 3, 1]
        );
        assert_eq!(
            from_code_points(TEXT, OffsetUnit::CodePoint, &[4, 2]),
            [4, 2]
        );
        assert_eq!(length_in(TEXT, OffsetUnit::Utf16), 5);
        assert_eq!(length_in(TEXT, OffsetUnit::CodePoint), 4);
    }

    #[test]
    fn slices_in_each_unit_and_refuses_half_characters() {
        assert_eq!(
            to_bytes(TEXT, OffsetUnit::Utf16, &[3, 1, 5]).unwrap(),
            [5, 1, 8]
        );
        assert_eq!(
            to_bytes(TEXT, OffsetUnit::Utf16, &[2]),
            Err(BadOffset::InsideCharacter { index: 0 })
        );
        assert_eq!(
            to_bytes(TEXT, OffsetUnit::CodePoint, &[1, 5]),
            Err(BadOffset::PastEnd {
                index: 1,
                length: 4
            })
        );
    }

    #[test]
    fn check_catches_a_wrong_quote() {
        let spans = [(2usize, 3usize, "ب"), (0, 1, "a")];
        assert_eq!(
            convert_and_check(TEXT, OffsetUnit::Utf16, &spans).unwrap(),
            [(3, 4), (0, 1)]
        );
        let wrong = [(1usize, 2usize, "ب")];
        let err = convert_and_check(TEXT, OffsetUnit::Utf16, &wrong).unwrap_err();
        assert_eq!(err.index, 0);
        assert!(err.found.contains('😀'));
    }

    /// What `locate` does, character by character.
    fn locate_by_chars(
        text: &str,
        unit: OffsetUnit,
        positions: &[usize],
    ) -> Result<Vec<Place>, BadOffset> {
        let mut out = vec![Place::default(); positions.len()];
        let (mut units, mut at) = (0usize, Place::default());
        let mut chars = text.chars();
        for i in order(positions) {
            let want = positions[i];
            while units < want {
                let Some(c) = chars.next() else {
                    return Err(BadOffset::PastEnd {
                        index: i,
                        length: units,
                    });
                };
                units += match unit {
                    OffsetUnit::CodePoint => 1,
                    OffsetUnit::Utf16 => c.len_utf16(),
                };
                at.byte += c.len_utf8();
                at.char += 1;
            }
            if units != want {
                return Err(BadOffset::InsideCharacter { index: i });
            }
            out[i] = at;
        }
        Ok(out)
    }

    proptest::proptest! {
        #[test]
        fn locate_on_bytes_equals_locate_on_characters(
            text in "[a-zب-يًّ€😀\u{10FFFF}\u{FEFF}\r\n]{0,30}",
            positions in proptest::collection::vec(0usize..40, 0..6),
            utf16 in proptest::bool::ANY,
        ) {
            let unit = if utf16 { OffsetUnit::Utf16 } else { OffsetUnit::CodePoint };
            proptest::prop_assert_eq!(
                format!("{:?}", locate(&text, unit, &positions)),
                format!("{:?}", locate_by_chars(&text, unit, &positions))
            );
        }
    }
}
