//! The shaping cache gives, glyph for glyph, what shaping each run whole gives: on the
//! conformance corpus (the five sample articles and the hard lines, in both font setups and
//! both languages) and on random mixed-direction paragraphs.
//!
//! The reference is the same engine with the cache turned off (`set_word_cache(false)`), which
//! shapes every run in one buffer with its full context, as before the cache existed; that
//! reference is itself checked against Pango by `tests/conformance.rs`.

use std::path::Path;

use hamesh::text::dump::layout_json;
use hamesh::text::shape_cache::{clear_word_cache, set_word_cache, word_cache_size};
use hamesh::text::{
    Direction, DirectionChoice, Document, FontChoice, Language, ShapedParagraph, TextStyle,
};
use proptest::prelude::*;

mod text_support;

fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("assets/samples"))
        .expect("the samples")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.push(root.join("tests/fixtures/conformance/hard-lines.txt"));
    files.push(root.join("tests/fixtures/conformance/hard-lines-fa.txt"));
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).expect("a corpus file"))
        })
        .collect()
}

fn styles() -> Vec<TextStyle> {
    let mut out = Vec::new();
    for font in [FontChoice::Vazirmatn, FontChoice::Naskh] {
        for language in [Language::Arabic, Language::Persian] {
            out.push(TextStyle {
                font,
                language,
                size_px: 20.0,
                direction: DirectionChoice::Auto,
                ..TextStyle::default()
            });
        }
    }
    out
}

fn dump(text: &str, style: &TextStyle) -> String {
    serde_json::to_string_pretty(&layout_json(&Document::laid_out(text, style, 600.0)))
        .expect("a layout serialises")
}

/// The first line where two dumps differ, with its neighbours, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y && !x.contains("width_px") && !x.contains("\"x\""))
        .unwrap_or(a.len().min(b.len()));
    let around = |v: &[&str]| v[at.saturating_sub(30)..(at + 3).min(v.len())].join("\n");
    format!(
        "whole runs:\n{}\n\ncached words:\n{}",
        around(&a),
        around(&b)
    )
}

#[test]
fn cached_words_give_the_glyphs_of_whole_runs_on_the_conformance_corpus() {
    let corpus = corpus();
    assert!(corpus.len() >= 7, "the samples and the hard lines");
    for style in styles() {
        for (name, text) in &corpus {
            set_word_cache(false);
            let whole = dump(text, &style);
            set_word_cache(true);
            clear_word_cache();
            let cold = dump(text, &style);
            let (words, _) = word_cache_size();
            let warm = dump(text, &style);
            set_word_cache(true);
            let label = format!("{name}, {:?}, {:?}", style.font, style.language);
            assert!(words > 0, "{label}: the cache was used");
            assert!(
                whole == cold,
                "{label}, first pass:\n{}",
                first_difference(&whole, &cold)
            );
            assert!(
                whole == warm,
                "{label}, from the cache:\n{}",
                first_difference(&whole, &warm)
            );
        }
    }
}

#[test]
fn repeated_words_are_shaped_once() {
    set_word_cache(true);
    clear_word_cache();
    let style = TextStyle::default();
    let text = "قال الرئيس إن الرئيس قال";
    let _ = ShapedParagraph::new(text, &style, Direction::Rtl);
    // A piece is a word with the space before it: "قال", " الرئيس", " إن", " الرئيس" again
    // (from the cache) and " قال", which ends the paragraph with no space after it.
    let (words, _) = word_cache_size();
    let distinct_pieces = 4;
    assert_eq!(words, distinct_pieces);
    let _ = ShapedParagraph::new(text, &style, Direction::Rtl);
    assert_eq!(
        word_cache_size().0,
        distinct_pieces,
        "nothing new the second time"
    );
}

fn shaped_parts(s: &ShapedParagraph) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &s.runs,
        &s.clusters,
        &s.glyphs,
        &s.units,
        s.base,
        s.has_notdef,
    )
}

/// 256 cases; set `PROPTEST_CASES` for a longer search.
fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        ProptestConfig {
            cases: 256,
            ..default
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every run, cluster, glyph (face, id, offsets, advance) and caret unit of a paragraph
    /// shaped from cached words equals what shaping its runs whole gives, the first time a
    /// word is seen and from the cache.
    #[test]
    fn cached_words_give_the_glyphs_of_whole_runs(
        text in text_support::paragraph_text(),
        style in text_support::style(),
        persian in any::<bool>(),
    ) {
        let style = TextStyle {
            language: if persian { Language::Persian } else { Language::Arabic },
            ..style
        };
        set_word_cache(false);
        let whole = ShapedParagraph::new(&text, &style, Direction::Rtl);
        set_word_cache(true);
        let first = ShapedParagraph::new(&text, &style, Direction::Rtl);
        let again = ShapedParagraph::new(&text, &style, Direction::Rtl);
        prop_assert_eq!(shaped_parts(&whole), shaped_parts(&first));
        prop_assert_eq!(shaped_parts(&whole), shaped_parts(&again));
    }
}
