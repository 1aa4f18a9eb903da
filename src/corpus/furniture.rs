//! Site furniture: lines that repeat across many articles of a folder, such as menus,
//! "الأكثر قراءة", share buttons and copyright lines, which a crawler kept with the article.
//!
//! Each article contributes the keys of its short lines ([`line_keys`]): a line trimmed, its
//! runs of whitespace made one space, hashed. A line is furniture once it appears in at least
//! [`MIN_ARTICLES`] articles of the folder ([`FurnitureCounts`]); an article's own repeated
//! lines count once. Long lines are never furniture: a sentence of the article that another
//! article quotes is text, not a menu.
//!
//! Nothing here changes an article: the reader folds furniture away on request, and spans
//! inside it are kept as they are.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::text::paragraphs::split_paragraphs;

/// Articles a line must appear in to count as furniture.
pub const MIN_ARTICLES: u32 = 3;

/// Lines longer than this (in characters, after trimming) are never furniture.
pub const MAX_LINE_CHARS: usize = 160;

/// The key of a line, or `None` for a line that cannot be furniture (empty, only punctuation
/// or digits, or longer than [`MAX_LINE_CHARS`]).
pub fn line_key(line: &str) -> Option<u64> {
    let line = line.trim();
    if line.is_empty() || !line.chars().any(char::is_alphabetic) {
        return None;
    }
    let mut hasher = FxHasher::default();
    let mut chars = 0;
    for word in line.split_whitespace() {
        if chars > 0 {
            ' '.hash(&mut hasher);
            chars += 1;
        }
        word.hash(&mut hasher);
        chars += word.chars().count();
        if chars > MAX_LINE_CHARS {
            return None;
        }
    }
    Some(hasher.finish())
}

/// The distinct keys of an article's lines, sorted.
pub fn line_keys(text: &str) -> Box<[u64]> {
    let mut keys: Vec<u64> = text.split(['\n', '\r']).filter_map(line_key).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_boxed_slice()
}

/// How many articles of a folder each line appears in.
#[derive(Clone, Debug, Default)]
pub struct FurnitureCounts {
    counts: FxHashMap<u64, u32>,
    /// How many lines are furniture (counted in [`MIN_ARTICLES`] articles or more).
    furniture: usize,
}

impl FurnitureCounts {
    /// Counts an article's lines (its [`line_keys`]).
    pub fn add(&mut self, keys: &[u64]) {
        for &k in keys {
            let n = self.counts.entry(k).or_insert(0);
            *n += 1;
            if *n == MIN_ARTICLES {
                self.furniture += 1;
            }
        }
    }

    /// Takes back an article's lines (it changed on disk, or was read again).
    pub fn remove(&mut self, keys: &[u64]) {
        for k in keys {
            if let Some(n) = self.counts.get_mut(k) {
                if *n == MIN_ARTICLES {
                    self.furniture -= 1;
                }
                *n -= 1;
                if *n == 0 {
                    self.counts.remove(k);
                }
            }
        }
    }

    /// Whether any line is furniture yet: where none is, nothing needs looking at.
    pub fn has_furniture(&self) -> bool {
        self.furniture > 0
    }

    /// Whether a line with this key is furniture.
    pub fn is_furniture(&self, key: u64) -> bool {
        self.counts.get(&key).is_some_and(|&n| n >= MIN_ARTICLES)
    }

    /// Whether `line` is furniture.
    pub fn is_furniture_line(&self, line: &str) -> bool {
        line_key(line).is_some_and(|k| self.is_furniture(k))
    }

    /// The keys of the lines that are furniture.
    pub fn furniture_keys(&self) -> FxHashSet<u64> {
        self.counts
            .iter()
            .filter(|&(_, &n)| n >= MIN_ARTICLES)
            .map(|(&k, _)| k)
            .collect()
    }

    /// Number of distinct lines that are furniture.
    pub fn furniture_lines(&self) -> usize {
        self.furniture
    }
}

/// What folding needs to know of a paragraph (a line): blank, or its [`line_key`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LineOf {
    Blank,
    /// Text that cannot be furniture (too long, only digits or punctuation).
    Text,
    Keyed(u64),
}

/// The [`LineOf`] of each paragraph of `text` (its lines, as the reader splits them): worked
/// out once for an open article, so folding it again as the scan learns more furniture looks
/// up keys instead of hashing a long article again.
pub fn paragraph_lines(text: &str) -> Vec<LineOf> {
    split_paragraphs(text)
        .iter()
        .map(|s| {
            let line = &text[s.bytes.clone()];
            match line_key(line) {
                Some(k) => LineOf::Keyed(k),
                None if line.trim().is_empty() => LineOf::Blank,
                None => LineOf::Text,
            }
        })
        .collect()
}

/// For each paragraph of `text` (its lines, as the reader splits them): whether to fold it
/// away ([`folded_lines`]). Empty when nothing is furniture.
pub fn folded_paragraphs(text: &str, counts: &FurnitureCounts) -> Vec<bool> {
    if !counts.has_furniture() {
        return Vec::new();
    }
    folded_lines(&paragraph_lines(text), counts)
}

/// For each paragraph: whether to fold it away. Furniture is folded, and so are empty lines
/// between folded ones or between a folded one and the start or end of the article, so a menu
/// with blank lines in it folds as one. Empty when nothing is furniture.
pub fn folded_lines(lines: &[LineOf], counts: &FurnitureCounts) -> Vec<bool> {
    if !counts.has_furniture() {
        return Vec::new();
    }
    let mut folded: Vec<bool> = lines
        .iter()
        .map(|l| matches!(l, LineOf::Keyed(k) if counts.is_furniture(*k)))
        .collect();
    let blank = |p: usize| lines[p] == LineOf::Blank;
    let mut p = 0;
    while p < lines.len() {
        if !blank(p) {
            p += 1;
            continue;
        }
        let end = (p..lines.len()).find(|&q| !blank(q)).unwrap_or(lines.len());
        let before = p.checked_sub(1).map(|q| folded[q]);
        let after = folded.get(end).copied();
        let fold = match (before, after) {
            (Some(b), Some(a)) => a && b,
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (None, None) => false,
        };
        folded[p..end].fill(fold);
        p = end;
    }
    folded
}

/// The folded paragraphs of `text` ([`folded_paragraphs`]) as code-point ranges, each with
/// the line break after it: what an export marks, or leaves out.
pub fn furniture_ranges(text: &str, counts: &FurnitureCounts) -> Vec<Range<usize>> {
    let spans = split_paragraphs(text);
    let folded = folded_paragraphs(text, counts);
    let total = text.chars().count();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (p, span) in spans.iter().enumerate() {
        if !folded.get(p).copied().unwrap_or(false) {
            continue;
        }
        let end = spans.get(p + 1).map_or(total, |n| n.chars.start);
        match out.last_mut() {
            Some(last) if last.end == span.chars.start => last.end = end,
            _ => out.push(span.chars.start..end),
        }
    }
    // A block reaching the end takes the line break before it instead, so what is left
    // ends where the article's text ends.
    if let Some(last) = out.last_mut()
        && last.end == total
        && last.start > 0
        && spans.len() > 1
    {
        let before = spans.iter().rposition(|s| s.chars.end <= last.start);
        if let Some(b) = before {
            last.start = spans[b].chars.end;
        }
    }
    out
}

/// `text` without the code-point ranges `removed` (sorted, apart), and a map from an offset
/// of `text` to the same place in what is left (`None` inside a removed range).
pub fn without(text: &str, removed: &[Range<usize>]) -> (String, OffsetMap) {
    let mut kept = String::with_capacity(text.len());
    let mut r = 0;
    for (i, c) in text.chars().enumerate() {
        while r < removed.len() && removed[r].end <= i {
            r += 1;
        }
        if removed.get(r).is_some_and(|x| x.contains(&i)) {
            continue;
        }
        kept.push(c);
    }
    (
        kept,
        OffsetMap {
            removed: removed.to_vec(),
        },
    )
}

/// Offsets of a text to offsets of the text with some ranges taken out ([`without`]).
pub struct OffsetMap {
    removed: Vec<Range<usize>>,
}

impl OffsetMap {
    /// Where offset `at` is after the removal; `None` strictly inside a removed range.
    pub fn map(&self, at: usize) -> Option<usize> {
        let mut shift = 0;
        for r in &self.removed {
            if at <= r.start {
                break;
            }
            if at < r.end {
                return None;
            }
            shift += r.len();
        }
        Some(at - shift)
    }

    /// Where the range `range` is after the removal, if it keeps every character it had.
    pub fn map_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        if self
            .removed
            .iter()
            .any(|r| r.start < range.end && range.start < r.end)
        {
            return None;
        }
        Some(self.map(range.start)?..self.map(range.end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MENU: &str = "- الأكثر قراءة\n- الأكثر تعليقاً\n";
    const FOOTER: &str = "لمزيد من الأخبار يرجى الإعجاب بصفحتنا على الفيس بوك : إضغط هنا\n";

    fn article(body: &str) -> String {
        format!("{MENU}\n{body}\n{FOOTER}")
    }

    #[test]
    fn lines_in_three_articles_are_furniture_and_the_bodies_are_not() {
        let bodies = [
            "قال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة للحوار.",
            "كشفت صحيفة صاندي تايمز عن لقاءات سرية.",
            "نفت حركة طالبان تصريحات مسؤول روسي.",
        ];
        let mut counts = FurnitureCounts::default();
        for (i, body) in bodies.iter().enumerate() {
            counts.add(&line_keys(&article(body)));
            let expected = i + 1 >= MIN_ARTICLES as usize;
            assert_eq!(counts.is_furniture_line("- الأكثر قراءة"), expected, "{i}");
        }
        assert!(counts.is_furniture_line(FOOTER));
        assert_eq!(counts.furniture_lines(), 3);
        for body in bodies {
            assert!(!counts.is_furniture_line(body));
        }
    }

    #[test]
    fn spacing_does_not_matter_and_an_article_counts_once() {
        assert_eq!(line_key("  - الأكثر   قراءة\t"), line_key("- الأكثر قراءة"));
        let mut counts = FurnitureCounts::default();
        counts.add(&line_keys("اليوم\nاليوم\nاليوم\n"));
        counts.add(&line_keys("اليوم\n"));
        assert!(!counts.is_furniture_line("اليوم"));
        counts.add(&line_keys("اليوم"));
        assert!(counts.is_furniture_line("اليوم"));
        counts.remove(&line_keys("اليوم"));
        assert!(!counts.is_furniture_line("اليوم"));
    }

    #[test]
    fn the_furniture_count_follows_articles_coming_and_going() {
        let mut counts = FurnitureCounts::default();
        let keys = line_keys("- الأكثر قراءة\nنص");
        assert!(!counts.has_furniture());
        assert!(
            folded_paragraphs("- الأكثر قراءة", &counts).is_empty(),
            "nothing to look at"
        );
        for _ in 0..MIN_ARTICLES {
            counts.add(&keys);
        }
        assert!(counts.has_furniture());
        assert_eq!(counts.furniture_lines(), 2);
        counts.add(&keys);
        counts.remove(&keys);
        assert_eq!(counts.furniture_lines(), 2);
        counts.remove(&keys);
        assert!(!counts.has_furniture());
        assert_eq!(counts.furniture_keys().len(), 0);
    }

    #[test]
    fn the_blank_lines_of_a_menu_fold_with_it() {
        let mut counts = FurnitureCounts::default();
        for body in ["أ", "ب", "ج"] {
            counts.add(&line_keys(&article(&format!("نص المقال {body}"))));
        }
        let text = article("نص آخر لم يتكرر");
        let folded = folded_paragraphs(&text, &counts);
        // Menu, menu, blank, body, footer, and the empty line after the final line break.
        assert_eq!(folded, [true, true, false, false, true, true]);
        let menu_then_blank = format!("{MENU}\n{MENU}\nنص");
        let folded = folded_paragraphs(&menu_then_blank, &counts);
        assert_eq!(folded, [true, true, true, true, true, false, false]);
    }

    #[test]
    fn ranges_take_the_line_breaks_and_leaving_them_out_keeps_the_rest_in_place() {
        let mut counts = FurnitureCounts::default();
        for body in ["أ", "ب", "ج"] {
            counts.add(&line_keys(&article(&format!("نص المقال {body}"))));
        }
        let body = "نص آخر لم يتكرر";
        let text = article(body);
        let ranges = furniture_ranges(&text, &counts);
        let menu = MENU.chars().count();
        assert_eq!(ranges[0], 0..menu, "the menu with its line breaks");
        let (kept, map) = without(&text, &ranges);
        assert_eq!(kept, format!("\n{body}"));
        let at = text.chars().count() - FOOTER.chars().count() - body.chars().count() - 1;
        assert_eq!(map.map(at), Some(1), "the body's first letter");
        assert_eq!(map.map(1), None, "inside the menu");
        assert_eq!(map.map_range(at..at + 2), Some(1..3));
        assert_eq!(map.map_range(0..3), None);
    }

    #[test]
    fn long_lines_digits_and_empty_lines_are_never_furniture() {
        let long = "كلمة ".repeat(40);
        assert_eq!(line_key(&long), None);
        assert_eq!(line_key("2015"), None);
        assert_eq!(line_key("  "), None);
        assert_eq!(line_key("— — —"), None);
        assert!(line_key("© 2015 الرأي برس").is_some());
    }
}
