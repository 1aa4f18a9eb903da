//! Finding a query in a text: both folded ([`super::fold`]), compared character by character,
//! hits reported in the original text's code points.
//!
//! ```text
//!   query ─fold─► chars + gap marks ─► candidates: a regular expression over the original
//!                                      text (each letter as the class of what folds to it,
//!                                      anything folding drops allowed between letters)
//!   text  ─────────────────────────────► each candidate: fold just it, verify (ZWNJ rules),
//!        whole word / clitics, then back to original bytes (+ marks on the last letter,
//!        whole graphemes), then code points
//! ```
//!
//! A document is never folded as a whole for a literal query: the candidates are found in the
//! bytes as they are, and only each candidate's few characters are folded and checked. A
//! regular-expression query runs on the folded text.
//!
//! A ZWNJ in the query or the text matches nothing, a ZWNJ or one space. Whole-word matching
//! looks at the original characters around the hit (a ZWNJ is inside a word); with clitics a hit
//! may also start after a glued proclitic (و ف, then ب ل ك, then ال when the query has none),
//! and is reported as a sub-word hit.

use std::ops::Range;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use unicode_segmentation::GraphemeCursor;

use super::fold::{FoldOptions, Folded, Folded1, ZWNJ, fold_char, is_arabic_mark};
use crate::text::CharIndex;

/// How a query matches.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct MatchOptions {
    pub fold: FoldOptions,
    /// A hit must be a whole word (unless it follows a clitic, with `clitics`).
    pub whole_word: bool,
    /// A hit may start after a glued proclitic (و ف ب ل ك, ال).
    pub clitics: bool,
    /// The query is a regular expression over the folded text.
    pub regex: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            fold: FoldOptions::SEARCH,
            whole_word: true,
            clitics: false,
            regex: false,
        }
    }
}

/// One match, in code points of the original text, end-exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<CharIndex>,
    /// It starts after a proclitic glued to it (only with [`MatchOptions::clitics`]).
    pub sub_word: bool,
}

/// Why a query cannot be searched for.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("the query is empty (only spaces, marks or controls)")]
    Empty,
    #[error("the regular expression does not compile: {0}")]
    Regex(String),
}

enum Pattern {
    Literal {
        /// Folded characters of the query; `' '` for a space.
        chars: Vec<char>,
        /// Whether a ZWNJ stood before each character.
        gaps: Vec<bool>,
        /// Where in the original text a hit can start, and the stretch it can cover: a
        /// superset of the hits, each then folded and verified.
        candidates: regex::Regex,
        /// Whether the query itself starts with ال (then ال is not a clitic).
        starts_with_al: bool,
    },
    Regex(regex::Regex),
}

/// A compiled query.
pub struct Query {
    pattern: Pattern,
    options: MatchOptions,
}

impl Query {
    pub fn new(query: &str, options: MatchOptions) -> Result<Query, QueryError> {
        let pattern = if options.regex {
            // Letters fold as the text does; the syntax (ASCII) is left alone, and Latin case
            // is ignored by the engine rather than by lowering `\D` into `\d`.
            let folded: String = query
                .chars()
                .filter_map(|c| {
                    if c.is_ascii() {
                        return Some(c);
                    }
                    match fold_char(c, options.fold) {
                        Folded1::Char(f) => Some(f),
                        Folded1::Space => Some(' '),
                        Folded1::Ignored | Folded1::Gap => None,
                    }
                })
                .collect();
            if folded.trim().is_empty() {
                return Err(QueryError::Empty);
            }
            let re = regex::RegexBuilder::new(&folded)
                .case_insensitive(true)
                .build()
                .map_err(|e| QueryError::Regex(e.to_string()))?;
            Pattern::Regex(re)
        } else {
            let f = Folded::new(query.trim(), options.fold);
            if f.text.trim().is_empty() {
                return Err(QueryError::Empty);
            }
            // Marks around a space at either end leave a space that trimming the query kept
            // («روسيا َ»): it is not part of what is looked for.
            let mut chars: Vec<char> = f.text.chars().collect();
            let mut gaps = f.gap_marks();
            let lead = chars.iter().take_while(|&&c| c == ' ').count();
            chars.drain(..lead);
            gaps.drain(..lead);
            while chars.last() == Some(&' ') {
                chars.pop();
                gaps.pop();
            }
            Pattern::Literal {
                starts_with_al: chars.starts_with(&['ا', 'ل']),
                candidates: candidates_pattern(&chars, options.fold)?,
                chars,
                gaps,
            }
        };
        Ok(Query { pattern, options })
    }

    pub fn options(&self) -> MatchOptions {
        self.options
    }

    /// Every hit in `text`, in order, not overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        self.find_each(text, &mut |hit, _| out.push(hit));
        out
    }

    /// Calls `on_hit` with every hit in `text`, in order, and the hit's bytes in `text` (for a
    /// caller that slices the text around it).
    pub fn find_each(&self, text: &str, on_hit: &mut dyn FnMut(Hit, Range<usize>)) {
        let mut counter = CharCounter::default();
        let al = !self.starts_with_al();
        // Where the last hit ended: a hit widened to whole graphemes can reach into the next
        // match (a query that starts inside one ZWJ sequence and ends in the next), which is
        // then not a hit of its own.
        let mut last_end = 0;
        // Whether folded `a..b` of `t` is a hit; if so it is reported.
        let mut accept = |t: &Folded, a: usize, b: usize| {
            let Some(sub_word) = boundaries_ok(text, t, a, b, &self.options, al) else {
                return false;
            };
            let bytes = original_bytes(text, t, a, b);
            if bytes.start < last_end {
                return false;
            }
            last_end = bytes.end;
            let start = counter.at(text, bytes.start);
            let end = counter.at(text, bytes.end);
            let hit = Hit {
                range: start..end,
                sub_word,
            };
            on_hit(hit, bytes);
            true
        };
        match &self.pattern {
            Pattern::Literal {
                chars,
                gaps,
                candidates,
                ..
            } => {
                let mut from = 0;
                while let Some(m) = candidates.find_at(text, from) {
                    let t = Folded::window(text, m.range(), self.options.fold);
                    match verify(&t, 0, chars, gaps) {
                        Some(b) if accept(&t, 0, b) => from = t.original(b),
                        _ => {
                            from = m.start()
                                + text[m.start()..].chars().next().map_or(1, char::len_utf8)
                        }
                    }
                }
            }
            Pattern::Regex(re) => {
                let t = Folded::new(text, self.options.fold);
                let mut from = 0;
                while from <= t.text.len() {
                    let Some(m) = re.find_at(&t.text, from) else {
                        break;
                    };
                    if m.is_empty() {
                        from = m.end() + t.text[m.end()..].chars().next().map_or(1, char::len_utf8);
                        continue;
                    }
                    if accept(&t, m.start(), m.end()) {
                        from = m.end();
                    } else {
                        from = t.next(m.start());
                    }
                }
            }
        }
    }

    /// Whether the query itself starts with ال (then ال is not a clitic before it).
    fn starts_with_al(&self) -> bool {
        match &self.pattern {
            Pattern::Literal { starts_with_al, .. } => *starts_with_al,
            Pattern::Regex(_) => false,
        }
    }
}

/// The candidates of a literal query in the original text: each folded letter of `chars` as
/// the class of characters that fold to it, and between letters (and for a space) any run of
/// characters that folding drops, marks as a gap or turns into a space. Every stretch of
/// original text whose folding the query matches is matched, so checking only these
/// candidates finds every hit.
fn candidates_pattern(chars: &[char], options: FoldOptions) -> Result<regex::Regex, QueryError> {
    let letters: BTreeSet<char> = chars.iter().copied().filter(|&c| c != ' ').collect();
    let mut classes: BTreeMap<char, Vec<char>> = BTreeMap::new();
    let mut between = Vec::new();
    // Above U+1FFFF every character folds to itself (no capitals, marks or spaces there).
    for c in (0..FOLDING_ENDS).filter_map(char::from_u32) {
        match fold_char(c, options) {
            Folded1::Char(f) if letters.contains(&f) => classes.entry(f).or_default().push(c),
            Folded1::Char(_) => {}
            Folded1::Ignored | Folded1::Gap | Folded1::Space => between.push(c),
        }
    }
    let between = class(&between);
    let mut pattern = String::new();
    let mut open_gap = false;
    for (j, &q) in chars.iter().enumerate() {
        if q == ' ' {
            open_gap = true;
            continue;
        }
        if j > 0 || open_gap {
            let _ = write!(pattern, "{between}*");
        }
        open_gap = false;
        match classes.get(&q) {
            Some(preimages) => pattern.push_str(&class(preimages)),
            None => pattern.push_str(&class(&[q])),
        }
    }
    regex::RegexBuilder::new(&pattern)
        .size_limit(1 << 24)
        .build()
        .map_err(|e| QueryError::Regex(e.to_string()))
}

/// Where [`candidates_pattern`] stops looking for characters that fold to something else.
const FOLDING_ENDS: u32 = 0x2_0000;

/// A regular-expression class of `chars` (in increasing order), as ranges of code points.
fn class(chars: &[char]) -> String {
    let mut out = String::from("[");
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j + 1 < chars.len() && chars[j + 1] as u32 == chars[j] as u32 + 1 {
            j += 1;
        }
        let _ = write!(out, "\\x{{{:X}}}", chars[i] as u32);
        if j > i {
            let _ = write!(out, "-\\x{{{:X}}}", chars[j] as u32);
        }
        i = j + 1;
    }
    out.push(']');
    out
}

/// Whether folded `a..b` of `text` may be a hit given its surroundings: `Some(sub_word)` if
/// so. `al_is_clitic`: ال before the hit counts as a proclitic (the query has none of its own).
pub(crate) fn boundaries_ok(
    text: &str,
    t: &Folded,
    a: usize,
    b: usize,
    options: &MatchOptions,
    al_is_clitic: bool,
) -> Option<bool> {
    if !options.whole_word {
        return Some(false);
    }
    let start = t.original(a);
    let end = with_marks(text, t.original(t.prev(b)));
    let after_ok = text[end..].chars().next().is_none_or(|c| !is_word_char(c));
    if !after_ok {
        return None;
    }
    let before = &text[..start];
    if before.chars().next_back().is_none_or(|c| !is_word_char(c)) {
        return Some(false);
    }
    if !options.clitics {
        return None;
    }
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(start, |(i, _)| i);
    is_proclitic(&text[word_start..start], al_is_clitic).then_some(true)
}

/// Matches `chars` (with `gaps`) against the folded text from byte `a`; the end of the
/// match (exclusive) if it matches.
fn verify(t: &Folded, a: usize, chars: &[char], gaps: &[bool]) -> Option<usize> {
    fn go(t: &Folded, i: usize, j: usize, chars: &[char], gaps: &[bool]) -> Option<usize> {
        if j == chars.len() {
            return Some(i);
        }
        let here = t.char_at(i);
        // A ZWNJ in the query (not at its start) may stand for a space in the text.
        if j > 0
            && gaps[j]
            && here == Some(' ')
            && let Some(end) = go(t, i + 1, j, chars, &no_gap_at(gaps, j))
        {
            return Some(end);
        }
        let q = chars[j];
        if q == ' ' {
            if here == Some(' ') {
                return go(t, i + 1, j + 1, chars, gaps);
            }
            // A space in the query matches a ZWNJ in the text.
            if here.is_some() && t.gap_before(i) {
                return go(t, i, j + 1, chars, gaps);
            }
            return None;
        }
        if here == Some(q) {
            return go(t, i + q.len_utf8(), j + 1, chars, gaps);
        }
        None
    }
    go(t, a, 0, chars, gaps)
}

/// `gaps` with the mark at `j` cleared (after a query ZWNJ matched a text space).
fn no_gap_at(gaps: &[bool], j: usize) -> Vec<bool> {
    let mut g = gaps.to_vec();
    g[j] = false;
    g
}

/// A letter, digit or mark continues a word; so does a ZWNJ (Persian writes it inside words),
/// a ZWJ and tatweel.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_arabic_mark(c) || matches!(c, ZWNJ | '\u{200D}' | '\u{0640}')
}

/// Whether `prefix` (the letters glued before a hit) is a proclitic: و or ف, then ب ل or ك,
/// then ال (when `al` allows it), at least one of them.
fn is_proclitic(prefix: &str, al: bool) -> bool {
    let letters: Vec<char> = prefix
        .chars()
        .filter(|&c| !is_arabic_mark(c) && c != '\u{0640}')
        .collect();
    let mut rest = &letters[..];
    if let [first, tail @ ..] = rest
        && matches!(first, 'و' | 'ف')
    {
        rest = tail;
    }
    if let [first, tail @ ..] = rest
        && matches!(first, 'ب' | 'ل' | 'ك')
    {
        rest = tail;
    }
    if al && let ['ا', 'ل', tail @ ..] = rest {
        rest = tail;
    }
    rest.is_empty() && !letters.is_empty()
}

/// The end of the character at byte `at` with the marks attached to it.
fn with_marks(text: &str, at: usize) -> usize {
    let mut chars = text[at..].char_indices();
    let mut end = chars.next().map_or(text.len(), |(_, c)| at + c.len_utf8());
    for (i, c) in chars {
        if is_arabic_mark(c) || c == '\u{0640}' {
            end = at + i + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// The original bytes of folded `a..b`: from its first letter to the end of its last with the
/// marks on it, widened to whole graphemes.
pub(crate) fn original_bytes(text: &str, t: &Folded, a: usize, b: usize) -> Range<usize> {
    let start = t.original(a);
    let end = with_marks(text, t.original(t.prev(b)));
    grapheme_floor(text, start)..grapheme_ceil(text, end)
}

fn grapheme_floor(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => at,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
    }
}

fn grapheme_ceil(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => at,
        _ => cursor
            .next_boundary(text, 0)
            .ok()
            .flatten()
            .unwrap_or(text.len()),
    }
}

/// Byte offsets to code points, for offsets asked in increasing order (hits are): one pass over
/// the text however many hits.
#[derive(Default)]
pub(crate) struct CharCounter {
    byte: usize,
    chars: usize,
}

impl CharCounter {
    pub(crate) fn at(&mut self, text: &str, byte: usize) -> CharIndex {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        CharIndex(self.chars)
    }
}

#[cfg(test)]
mod tests;
