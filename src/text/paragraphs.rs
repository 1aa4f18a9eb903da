//! Splitting a document into paragraphs.
//!
//! A paragraph is a line of the document: `\n`, `\r\n` and `\r` each end one, and the break
//! characters belong to no paragraph (they are never drawn). UAX #9 P1 would also split at
//! U+2029 and other class B characters; the engine keeps those inside the paragraph and lets
//! the bidi algorithm treat them as separators, so paragraph numbering matches the file's lines.

use std::ops::Range;

use super::offsets::CharIndex;

/// Where one paragraph lies in the document, in bytes and in code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphSpan {
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
}

impl ParagraphSpan {
    pub fn char_start(&self) -> CharIndex {
        CharIndex(self.chars.start)
    }

    pub fn char_end(&self) -> CharIndex {
        CharIndex(self.chars.end)
    }
}

/// Splits `text` at `\n`, `\r\n` and `\r`. An empty text has one empty paragraph; a text ending
/// with a line break has an empty last paragraph, as an editor shows it.
pub fn split_paragraphs(text: &str) -> Vec<ParagraphSpan> {
    let mut spans = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut char_start = 0usize;
    let mut chars = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            spans.push(ParagraphSpan {
                bytes: start..i,
                chars: char_start..chars,
            });
            let len = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            i += len;
            chars += len;
            start = i;
            char_start = chars;
            continue;
        }
        // Count code points by their first bytes (anything but 10xxxxxx).
        if b & 0xC0 != 0x80 {
            chars += 1;
        }
        i += 1;
    }
    spans.push(ParagraphSpan {
        bytes: start..bytes.len(),
        chars: char_start..chars,
    });
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split_paragraphs(s)
            .into_iter()
            .map(|p| &s[p.bytes])
            .collect()
    }

    #[test]
    fn all_three_line_endings_end_a_paragraph() {
        assert_eq!(texts("أ\nب\r\nج\rد"), vec!["أ", "ب", "ج", "د"]);
        assert_eq!(texts(""), vec![""]);
        assert_eq!(texts("a\n"), vec!["a", ""]);
        assert_eq!(texts("\r\n\r\n"), vec!["", "", ""]);
    }

    #[test]
    fn char_ranges_count_code_points_and_skip_breaks() {
        let s = "سلام\r\nab";
        let p = split_paragraphs(s);
        assert_eq!(p[0].chars, 0..4);
        assert_eq!(p[1].chars, 6..8);
        assert_eq!(s.chars().count(), 8);
    }
}
