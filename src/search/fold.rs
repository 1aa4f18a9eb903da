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
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded characters.
    pub text: String,
    /// Byte offset in `text` of each folded character, plus `text.len()` at the end.
    pub starts: Vec<u32>,
    /// Byte offset in the original of each folded character, plus the original's length.
    pub origin: Vec<u32>,
    /// Whether a ZWNJ stood just before each folded character (in the original, between it and
    /// the folded character before).
    pub gap_before: Vec<bool>,
}

impl Folded {
    pub fn new(original: &str, options: FoldOptions) -> Folded {
        // At most one folded character per byte: no vector grows while folding.
        let most = original.len() + 1;
        let mut out = Folded {
            text: String::with_capacity(original.len()),
            starts: Vec::with_capacity(most),
            origin: Vec::with_capacity(most),
            gap_before: Vec::with_capacity(most),
        };
        fold_each(original, options, |byte, f, gap| {
            out.starts.push(out.text.len() as u32);
            out.origin.push(byte as u32);
            out.gap_before.push(gap);
            out.text.push(f);
        });
        out.starts.push(out.text.len() as u32);
        out.origin.push(original.len() as u32);
        out
    }

    /// Number of folded characters.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The folded character at byte `byte` of [`Folded::text`] (a character boundary).
    pub fn index_of_byte(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| (s as usize) < byte)
    }

    /// Folded character `i`.
    pub fn char(&self, i: usize) -> char {
        self.text[self.starts[i] as usize..]
            .chars()
            .next()
            .unwrap_or(' ')
    }
}

/// Calls `push(byte, folded, gap_before)` for each folded character of `original`, in order:
/// the byte offset of the original character it comes from, the folded character, and whether
/// a ZWNJ stood before it. Ignored characters are skipped and white-space runs give one space.
fn fold_each(original: &str, options: FoldOptions, mut push: impl FnMut(usize, char, bool)) {
    let mut gap = false;
    let mut last_space = false;
    for (byte, c) in original.char_indices() {
        let f = match fold_char(c, options) {
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
        push(byte, f, std::mem::take(&mut gap));
    }
}

/// Folds a whole string (for keys: dictionary entries, aliases, the article list's search
/// keys): ZWNJ becomes nothing. Keeps no offsets.
pub fn fold(text: &str, options: FoldOptions) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text, options, |_, f, _| out.push(f));
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
        assert_eq!(folded.gap_before, [false, false, true, false, false]);
        // ش starts after م (2 bytes), ی (2) and the ZWNJ (3).
        assert_eq!(folded.origin[2], 7);
        assert_eq!(*folded.origin.last().unwrap(), text.len() as u32);
    }
}
