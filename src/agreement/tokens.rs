//! Tokens and their BIO tags, for Cohen's and Fleiss' κ.
//!
//! The tokeniser: a token is a run of letters, digits, combining marks, ZWNJ, ZWJ and
//! tatweel (Persian and Arabic words whole, harakat and all), or any other character that is
//! not white space or an invisible control (each punctuation mark, each emoji code point).
//! Every annotator's spans are tagged on the same tokens, so their tags can be compared one
//! to one. A token takes the tag of the longest span that shares a character with it (the
//! earlier on a tie), as CoNLL keeps the longest of nested spans: `B-LABEL` on the span's first
//! token, `I-LABEL` after it, `O` outside every span.

use std::ops::Range;

use crate::dataset::export::conll::is_separator;

/// The tokens of `text`, as ranges of code points.
pub fn tokenise(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        if is_word(c) {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(start..i);
        }
        if !is_separator(c) {
            out.push(i..i + 1);
        }
    }
    if let Some(start) = word {
        out.push(start..text.chars().count());
    }
    out
}

fn is_word(c: char) -> bool {
    // The letters and digits of ASCII and of the Arabic block first: most of a news text, and
    // `is_alphanumeric` looks the others up in Unicode's tables.
    common_word(c)
        || c.is_alphanumeric()
        || crate::search::fold::is_arabic_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}')
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The letters and digits of ASCII and of the Arabic block, known without a table lookup.
fn common_word(c: char) -> bool {
    matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{0671}'..='\u{06D3}')
}

/// A token's tag: outside, or the first or a later token of a span with label `k` (an index
/// into the labels the caller numbers).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tag {
    O,
    B(u32),
    I(u32),
}

impl Tag {
    /// A dense number for counting: O is 0, then B and I of each label.
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(k) => 1 + 2 * k as usize,
            Tag::I(k) => 2 + 2 * k as usize,
        }
    }
}

/// The tag of each token for spans `(start, end, label index)` in code points.
pub fn tags(tokens: &[Range<usize>], spans: &[(usize, usize, u32)]) -> Vec<Tag> {
    // For each token, the span it takes: (length, start, index) of the best so far.
    let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; tokens.len()];
    for (k, &(start, end, _)) in spans.iter().enumerate() {
        let first = tokens.partition_point(|t| t.end <= start);
        for (i, t) in tokens.iter().enumerate().skip(first) {
            if t.start >= end {
                break;
            }
            let candidate = (end - start, start, k);
            let better = match best[i] {
                None => true,
                // Longer wins; on a tie the earlier start, then the earlier span.
                Some((len, s, j)) => {
                    candidate.0 > len || (candidate.0 == len && (start, k) < (s, j))
                }
            };
            if better {
                best[i] = Some(candidate);
            }
        }
    }
    let mut out = Vec::with_capacity(tokens.len());
    for i in 0..tokens.len() {
        out.push(match best[i] {
            None => Tag::O,
            Some((_, _, k)) => {
                let label = spans[k].2;
                let continues = i > 0 && best[i - 1].is_some_and(|(_, _, j)| j == k);
                if continues {
                    Tag::I(label)
                } else {
                    Tag::B(label)
                }
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stay_whole_and_punctuation_stands_alone() {
        let text = "قالَ «رئیس‌جمهور» 2015، 👍";
        let t: Vec<String> = tokenise(text)
            .into_iter()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(t, ["قالَ", "«", "رئیس‌جمهور", "»", "2015", "،", "👍"]);
    }

    #[test]
    fn the_fast_ranges_are_letters_and_digits() {
        for c in ('\u{0600}'..='\u{06FF}').chain('\0'..='\u{7F}') {
            if common_word(c) {
                assert!(c.is_alphanumeric(), "{c:?} ({:04X})", c as u32);
            }
        }
    }

    #[test]
    fn the_longest_span_tags_its_tokens() {
        // «جامعة القاهرة الجديدة» with القاهرة nested in it.
        let tokens = vec![0..5, 6..13, 14..21];
        let tags = tags(&tokens, &[(6, 13, 1), (0, 21, 0)]);
        assert_eq!(tags, [Tag::B(0), Tag::I(0), Tag::I(0)]);
        let tags2 = super::tags(&tokens, &[(6, 13, 1)]);
        assert_eq!(tags2, [Tag::O, Tag::B(1), Tag::O]);
    }
}
