//! The one normaliser of Arabic and Persian spelling that search, suggestions and the entity
//! registry share: a text is folded character by character into the form matching compares,
//! remembering where each folded character came from.
//!
//! | original                                          | folded                  |
//! | ------------------------------------------------- | ----------------------- |
//! | harakat and other marks (U+064B–065F, U+0670, U+06D6–06ED), tatweel, LRM/RLM/ALM, embeddings, isolates, ZWJ, BOM | nothing |
//! | أ إ آ ٱ                                            | ا                       |
//! | ى ی ئ                                             | ي                       |
//! | ک                                                  | ك                       |
//! | ة (an option, [`FoldOptions::teh_marbuta`])        | ه                       |
//! | ؤ (an option, [`FoldOptions::waw_hamza`])          | و                       |
//! | ٠–٩, ۰–۹                                           | 0–9                     |
//! | Latin capitals                                     | small letters           |
//! | any run of white space                             | one space               |
//! | ZWNJ                                               | nothing, with a gap mark on the next character |
//!
//! The gap mark is what lets «می‌شود» (with a ZWNJ), «میشود» and «می شود» find each other:
//! matching treats a ZWNJ on either side as nothing, a ZWNJ, or one space
//! ([`super::find`]).

use std::sync::OnceLock;

/// Choices that differ between callers: search folds ة into ه, suggestions do not.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct FoldOptions {
    /// ة and ه are the same letter.
    pub teh_marbuta: bool,
    /// ؤ and و are the same letter.
    pub waw_hamza: bool,
}

impl FoldOptions {
    /// What search uses unless told otherwise.
    pub const SEARCH: FoldOptions = FoldOptions {
        teh_marbuta: true,
        waw_hamza: false,
    };
    /// What suggestions use: a name with ة is not the same entry as one with ه.
    pub const SUGGESTIONS: FoldOptions = FoldOptions {
        teh_marbuta: false,
        waw_hamza: false,
    };
}

impl Default for FoldOptions {
    fn default() -> Self {
        FoldOptions::SEARCH
    }
}

pub const ZWNJ: char = '\u{200C}';

/// Arabic combining marks ignored by matching (and kept with the letter they follow in a hit).
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Characters that matching does not see at all.
fn is_ignored(c: char) -> bool {
    is_arabic_mark(c)
        || matches!(
            c,
            '\u{0640}'                  // tatweel
            | '\u{200D}'                // ZWJ
            | '\u{200E}' | '\u{200F}'   // LRM, RLM
            | '\u{061C}'                // ALM
            | '\u{202A}'..='\u{202E}'   // embeddings and overrides
            | '\u{2066}'..='\u{2069}'   // isolates
            | '\u{FEFF}' // BOM, zero-width no-break space
        )
}

/// What one original character becomes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Folded1 {
    /// Nothing: not seen by matching.
    Ignored,
    /// A ZWNJ: nothing, but the next character carries a gap mark.
    Gap,
    /// White space (runs fold to one space).
    Space,
    Char(char),
}

/// Folds one character.
#[inline(always)]
pub fn fold_char(c: char, options: FoldOptions) -> Folded1 {
    let f = match c {
        // Before the common letters: ة lies in their range.
        'ة' if options.teh_marbuta => 'ه',
        'a'..='z' | '0'..='9' | 'ا' | 'ب'..='غ' | 'ف'..='ن' | 'و' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => return Folded1::Space,
        c if c.is_ascii() => c,
        // Arabic punctuation and other letters that fold to themselves, without the Unicode
        // lookups below.
        '،' | '؛' | '؟' | '«' | '»' | 'پ' | 'چ' | 'ژ' | 'گ' => c,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ئ' | 'ي' => 'ي',
        'ک' => 'ك',
        'ؤ' if options.waw_hamza => 'و',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        ZWNJ => return Folded1::Gap,
        c if c.is_whitespace() => return Folded1::Space,
        c if is_ignored(c) => return Folded1::Ignored,
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                // A capital whose small form is two characters (İ) stays as it is.
                _ => c,
            }
        }
        c => c,
    };
    Folded1::Char(f)
}

/// A text folded for matching, each folded character knowing where it came from.
///
/// Positions are byte offsets in [`Folded::text`] at character boundaries. The way back to
/// the original is kept as stretches over which both advance together (in news text, where
/// most characters fold to themselves, a stretch is a long run), not one entry per character.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded characters.
    pub text: String,
    /// `(folded byte, original byte)` where each stretch starts, in order; within a stretch
    /// an offset in the original is the folded one plus the stretch's difference.
    stretches: Vec<(u32, u32)>,
    /// The folded bytes of the characters that a ZWNJ stood just before (in the original,
    /// between it and the folded character before), in order.
    gaps: Vec<u32>,
}

impl Folded {
    pub fn new(original: &str, options: FoldOptions) -> Folded {
        Folded::window(original, 0..original.len(), options)
    }

    /// Folds the bytes `range` of `original` (at character boundaries), its positions
    /// mapping back to offsets in the whole of `original`. A window that starts at a letter
    /// folds as the same stretch of the whole text does, so a candidate found in the
    /// original can be checked without folding the rest of the document.
    pub fn window(original: &str, range: std::ops::Range<usize>, options: FoldOptions) -> Folded {
        let base = range.start;
        let original = &original[range];
        let mut out = Folded {
            text: String::with_capacity(original.len()),
            stretches: Vec::new(),
            gaps: Vec::new(),
        };
        // A run of characters that fold to themselves (original bytes `start..end`) is copied
        // in one piece when it ends.
        let mut run: Option<(usize, usize)> = None;
        fold_each(original, options, |byte, c, f, gap| {
            let end = byte + c.len_utf8();
            if let Some((start, run_end)) = run {
                if f == c && !gap && run_end == byte {
                    run = Some((start, end));
                    return;
                }
                out.text.push_str(&original[start..run_end]);
                run = None;
            }
            if gap {
                out.gaps.push(out.text.len() as u32);
            }
            out.mark(out.text.len(), base + byte);
            if f == c {
                run = Some((byte, end));
            } else {
                out.text.push(f);
            }
        });
        if let Some((start, end)) = run {
            out.text.push_str(&original[start..end]);
        }
        out.mark(out.text.len(), base + original.len());
        out
    }

    /// Records that folded byte `folded` comes from original byte `original`, starting a
    /// stretch where the difference changes.
    fn mark(&mut self, folded: usize, original: usize) {
        let differs = self
            .stretches
            .last()
            .is_none_or(|&(f, o)| o as usize + folded != original + f as usize);
        if differs {
            self.stretches.push((folded as u32, original as u32));
        }
    }

    /// The original byte offset of the folded character at `at` (`text.len()`: the
    /// original's length).
    pub fn original(&self, at: usize) -> usize {
        let i = self
            .stretches
            .partition_point(|&(f, _)| f as usize <= at)
            .saturating_sub(1);
        match self.stretches.get(i) {
            Some(&(f, o)) => o as usize + at - f as usize,
            None => at,
        }
    }

    /// Whether a ZWNJ stood just before the folded character at `at`.
    pub fn gap_before(&self, at: usize) -> bool {
        self.gaps.binary_search(&(at as u32)).is_ok()
    }

    /// The folded character at `at`, if `at` is not the end.
    pub fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|t| t.chars().next())
    }

    /// The position after the folded character at `at`.
    pub fn next(&self, at: usize) -> usize {
        self.char_at(at).map_or(at + 1, |c| at + c.len_utf8())
    }

    /// The position of the folded character before `at`.
    pub fn prev(&self, at: usize) -> usize {
        self.text[..at]
            .chars()
            .next_back()
            .map_or(0, |c| at - c.len_utf8())
    }

    /// For each folded character, whether a ZWNJ stood before it.
    pub fn gap_marks(&self) -> Vec<bool> {
        self.text
            .char_indices()
            .map(|(b, _)| self.gap_before(b))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Calls `push(byte, original, folded, gap_before)` for each folded character of `original`,
/// in order: the byte offset and the original character it comes from, the folded character,
/// and whether a ZWNJ stood before it. Ignored characters are skipped and white-space runs give
/// one space.
fn fold_each(original: &str, options: FoldOptions, mut push: impl FnMut(usize, char, char, bool)) {
    let table = small_table(options);
    let mut gap = false;
    let mut last_space = false;
    for (byte, c) in original.char_indices() {
        let folded = match table.get(c as usize) {
            Some(&f) => f,
            None => fold_char(c, options),
        };
        let f = match folded {
            Folded1::Ignored => continue,
            Folded1::Gap => {
                gap = true;
                continue;
            }
            Folded1::Space if last_space => continue,
            Folded1::Space => ' ',
            Folded1::Char(f) => f,
        };
        last_space = f == ' ';
        push(byte, c, f, std::mem::take(&mut gap));
    }
}

/// Characters below U+0800 (one or two bytes of UTF-8: ASCII, Latin, Arabic): where most of
/// a news text's characters are.
const SMALL: usize = 0x800;

/// [`fold_char`] of every character below [`SMALL`], for `options`: one lookup per character
/// in the folding loop instead of the chain of comparisons.
fn small_table(options: FoldOptions) -> &'static [Folded1; SMALL] {
    static TABLES: [OnceLock<Box<[Folded1; SMALL]>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let i = usize::from(options.teh_marbuta) | usize::from(options.waw_hamza) << 1;
    TABLES[i].get_or_init(|| {
        let mut table = Box::new([Folded1::Ignored; SMALL]);
        for (cp, slot) in table.iter_mut().enumerate() {
            // Surrogates lie above U+0800: every code point here is a character.
            if let Some(c) = char::from_u32(cp as u32) {
                *slot = fold_char(c, options);
            }
        }
        table
    })
}

/// Folds a whole string (for keys: dictionary entries, aliases, the article list's search
/// keys): ZWNJ becomes nothing. Keeps no offsets.
pub fn fold(text: &str, options: FoldOptions) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text, options, |_, _, f, _| out.push(f));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        fold(s, FoldOptions::SEARCH)
    }

    #[test]
    fn harakat_tatweel_and_controls_are_not_seen() {
        assert_eq!(f("رُوسِيَا"), "روسيا");
        assert_eq!(f("روســيا"), "روسيا");
        assert_eq!(f("\u{200F}روسيا\u{200E}"), "روسيا");
        assert_eq!(f("\u{2067}روسيا\u{2069}"), "روسيا");
        assert_eq!(f("ر\u{200D}وسيا"), "روسيا");
        assert_eq!(f("قرآنٰ"), "قران");
    }

    #[test]
    fn letter_variants_are_one_letter() {
        assert_eq!(f("أفغانستان"), f("افغانستان"));
        assert_eq!(f("إيران"), f("ايران"));
        assert_eq!(f("ٱلله"), f("الله"));
        assert_eq!(f("روسیه"), f("روسيه"), "Persian yeh");
        assert_eq!(f("مستشفى"), f("مستشفي"), "alef maksura");
        assert_eq!(f("کابل"), f("كابل"), "keheh");
        assert_eq!(f("هيئة"), f("هييه"));
    }

    #[test]
    fn teh_marbuta_and_waw_hamza_are_options() {
        assert_eq!(f("طالبة"), f("طالبه"));
        assert_ne!(
            fold("طالبة", FoldOptions::SUGGESTIONS),
            fold("طالبه", FoldOptions::SUGGESTIONS)
        );
        assert_ne!(f("مؤتمر"), f("موتمر"));
        let waw = FoldOptions {
            waw_hamza: true,
            ..FoldOptions::SEARCH
        };
        assert_eq!(fold("مؤتمر", waw), fold("موتمر", waw));
    }

    #[test]
    fn digits_case_and_spaces() {
        assert_eq!(f("٢٠١٥"), "2015");
        assert_eq!(f("۲۰۱۵"), "2015");
        assert_eq!(f("Putin PUTIN"), "putin putin");
        assert_eq!(f("a \n\t b"), "a b");
    }

    #[test]
    fn zwnj_leaves_a_gap_mark_and_offsets_point_into_the_original() {
        let text = "می\u{200C}شود";
        let folded = Folded::new(text, FoldOptions::SEARCH);
        assert_eq!(folded.text, "میشود".replace('ی', "ي"));
        assert_eq!(folded.gap_marks(), [false, false, true, false, false]);
        // ش starts after م (2 bytes), ی (2) and the ZWNJ (3).
        assert_eq!(folded.original(4), 7);
        assert_eq!(folded.original(folded.text.len()), text.len());
    }

    #[test]
    fn the_lookup_table_folds_as_fold_char_does() {
        // All four choices: each has its own table.
        for (teh_marbuta, waw_hamza) in [(false, false), (true, false), (false, true), (true, true)]
        {
            let options = FoldOptions {
                teh_marbuta,
                waw_hamza,
            };
            let table = small_table(options);
            for c in (0..SMALL as u32).filter_map(char::from_u32) {
                assert_eq!(table[c as usize], fold_char(c, options), "{c:?}");
            }
        }
    }

    /// Every folded character's way back, checked against folding one character at a time.
    #[test]
    fn stretches_give_back_every_characters_origin() {
        let text = "ABC أَحمد  ٢٠١٥\n\nمی\u{200C}شود ـــ x\u{200F}y کتاب ۳";
        let folded = Folded::new(text, FoldOptions::SEARCH);
        let mut expected = Vec::new();
        fold_each(text, FoldOptions::SEARCH, |byte, _, f, gap| {
            expected.push((byte, f, gap))
        });
        let got: Vec<(usize, char, bool)> = folded
            .text
            .char_indices()
            .map(|(b, c)| (folded.original(b), c, folded.gap_before(b)))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(folded.original(folded.text.len()), text.len());
        assert_eq!(folded.text, fold(text, FoldOptions::SEARCH));
    }
}
