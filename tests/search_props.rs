//! Property tests of search: whatever the text and the query, every hit covers whole graphemes
//! of the original text, hits come in order without overlapping, and what a hit covers folds to
//! what the query folds to.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use hamesh::search::{FoldOptions, MatchOptions, Query, fold};

/// Pieces of Arabic, Persian and Latin text with the characters folding cares about.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ر",
        "و",
        "س",
        "ي",
        "ا",
        "أ",
        "إ",
        "آ",
        "ی",
        "ى",
        "ة",
        "ه",
        "ك",
        "ک",
        "ل",
        "ب",
        "م",
        "\u{064E}",
        "\u{0651}",
        "\u{0670}",
        "\u{0640}",
        "\u{200C}",
        "\u{200D}",
        "\u{200F}",
        " ",
        "\n",
        "٢",
        "۵",
        "5",
        "a",
        "B",
        "e\u{0301}",
        "👨\u{200D}👩",
        "🇮🇷",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = MatchOptions> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(whole_word, clitics, teh)| {
        MatchOptions {
            fold: FoldOptions {
                teh_marbuta: teh,
                waw_hamza: false,
            },
            whole_word,
            clitics,
            regex: false,
        }
    })
}

fn boundaries(text: &str) -> Vec<usize> {
    let mut b: Vec<usize> = text
        .grapheme_indices(true)
        .map(|(i, _)| text[..i].chars().count())
        .collect();
    b.push(text.chars().count());
    b
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn hits_cover_whole_graphemes_in_order(
        text in text(),
        cut in (0usize..60, 1usize..8),
        options in options(),
    ) {
        // A query taken from the text itself, so that there is something to find.
        let chars: Vec<char> = text.chars().collect();
        let start = cut.0.min(chars.len());
        let end = (start + cut.1).min(chars.len());
        let query: String = chars[start..end].iter().collect();
        let Ok(q) = Query::new(&query, options) else {
            return Ok(());
        };
        let bounds = boundaries(&text);
        let mut last = 0;
        for h in q.find_all(&text) {
            let (a, b) = (h.range.start.0, h.range.end.0);
            prop_assert!(a < b, "{h:?}");
            prop_assert!(a >= last, "hits overlap or go back: {h:?}");
            prop_assert!(bounds.contains(&a) && bounds.contains(&b), "{h:?} splits a grapheme of {text:?}");
            let covered: String = chars[a..b].iter().collect();
            let want = squeeze(&fold(&query, options.fold));
            prop_assert!(
                squeeze(&fold(&covered, options.fold)).contains(&want),
                "{covered:?} does not fold to {query:?}"
            );
            last = b;
        }
    }
}
