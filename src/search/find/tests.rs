use super::*;

fn hits(query: &str, text: &str, options: MatchOptions) -> Vec<String> {
    let q = Query::new(query, options).expect("a valid query");
    q.find_all(text)
        .into_iter()
        .map(|h| {
            text.chars()
                .skip(h.range.start.0)
                .take(h.range.end - h.range.start)
                .collect()
        })
        .collect()
}

fn search(query: &str, text: &str) -> Vec<String> {
    hits(query, text, MatchOptions::default())
}

#[test]
fn alef_forms_yeh_forms_and_harakat_find_each_other() {
    assert_eq!(search("افغانستان", "زار أفغانستان أمس"), ["أفغانستان"]);
    assert_eq!(search("أفغانستان", "في افغانستان"), ["افغانستان"]);
    assert_eq!(search("روسيه", "روسیه و روسيه"), ["روسیه", "روسيه"]);
    assert_eq!(search("روسيا", "مخاوف رُوسِيَا هي"), ["رُوسِيَا"]);
    assert_eq!(search("رُوسِيَا", "مخاوف روسيا هي"), ["روسيا"]);
    assert_eq!(search("کابل", "في كابل"), ["كابل"]);
    assert_eq!(search("٢٠١٥", "عام 2015 و ۲۰۱۵"), ["2015", "۲۰۱۵"]);
    assert_eq!(search("putin", "Putin, PUTIN"), ["Putin", "PUTIN"]);
}

#[test]
fn a_hit_covers_the_marks_on_its_last_letter() {
    // The shadda and fatha on the last letter belong to the hit.
    let text = "قال محمدٌّ أمس";
    assert_eq!(search("محمد", text), ["محمدٌّ"]);
    let q = Query::new("محمد", MatchOptions::default()).unwrap();
    let h = &q.find_all(text)[0];
    assert_eq!(h.range, CharIndex(4)..CharIndex(10));
}

#[test]
fn teh_marbuta_is_heh_for_search_and_not_for_suggestions() {
    assert_eq!(search("طالبه", "كانت طالبة هنا"), ["طالبة"]);
    let strict = MatchOptions {
        fold: FoldOptions::SUGGESTIONS,
        ..MatchOptions::default()
    };
    assert!(hits("طالبه", "كانت طالبة هنا", strict).is_empty());
}

#[test]
fn zwnj_matches_nothing_a_zwnj_or_one_space() {
    let texts = ["می\u{200C}شود", "میشود", "می شود"];
    for text in texts {
        assert_eq!(search("می\u{200C}شود", text), [text], "{text:?}");
    }
    // And from the text's side: a ZWNJ in the text matches nothing or a space in the query.
    assert_eq!(search("میشود", "می\u{200C}شود"), ["می\u{200C}شود"]);
    assert_eq!(search("می شود", "می\u{200C}شود"), ["می\u{200C}شود"]);
    // A space is not nothing: «می شود» does not find «میشود».
    assert!(search("می شود", "میشود").is_empty());
}

#[test]
fn whole_words_by_default_and_clitics_as_an_option() {
    let text = "قالت روسيا وروسيا لروسيا بالروسيا الروسية";
    assert_eq!(search("روسيا", text), ["روسيا"]);
    let clitics = MatchOptions {
        clitics: true,
        ..MatchOptions::default()
    };
    let q = Query::new("روسيا", clitics).unwrap();
    let found = q.find_all(text);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(!found[0].sub_word);
    assert!(found[1..].iter().all(|h| h.sub_word));
    // Not a proclitic: a hit inside another word is no hit.
    assert!(hits("سيا", text, clitics).is_empty());
    let anywhere = MatchOptions {
        whole_word: false,
        ..MatchOptions::default()
    };
    assert_eq!(hits("روسي", text, anywhere).len(), 5);
    // ال is a clitic only when the query has none.
    assert!(hits("الروسيا", "بالروسيا", clitics).len() == 1);
}

#[test]
fn a_zwnj_is_inside_a_word() {
    assert!(search("شود", "می\u{200C}شود").is_empty());
}

#[test]
fn regular_expressions_run_on_the_folded_text() {
    let regex = MatchOptions {
        regex: true,
        ..MatchOptions::default()
    };
    assert_eq!(
        hits(r"روس(يا|يه)", "روسیه و روسيا", regex),
        ["روسیه", "روسيا"]
    );
    assert_eq!(hits(r"\d+", "عام ٢٠١٥ Putin", regex), ["٢٠١٥"]);
    assert_eq!(hits(r"PUTIN", "Putin", regex), ["Putin"]);
}

#[test]
fn bad_queries_say_why() {
    assert_eq!(
        Query::new("  \u{064E} ", MatchOptions::default()).err(),
        Some(QueryError::Empty)
    );
    let regex = MatchOptions {
        regex: true,
        ..MatchOptions::default()
    };
    assert!(matches!(
        Query::new("(روسيا", regex).err(),
        Some(QueryError::Regex(_))
    ));
}

#[test]
fn hits_do_not_overlap_and_come_in_order() {
    let anywhere = MatchOptions {
        whole_word: false,
        ..MatchOptions::default()
    };
    let q = Query::new("aa", anywhere).unwrap();
    let found = q.find_all("aaaaa");
    assert_eq!(
        found.iter().map(|h| h.range.clone()).collect::<Vec<_>>(),
        [CharIndex(0)..CharIndex(2), CharIndex(2)..CharIndex(4)]
    );
}

/// The plain way to search, which candidates in the original text must agree with: fold the
/// whole text and try the query at every folded character.
fn everywhere(query: &Query, text: &str) -> Vec<Hit> {
    let Pattern::Literal { chars, gaps, .. } = &query.pattern else {
        panic!("a literal query");
    };
    let t = Folded::new(text, query.options.fold);
    let al = !query.starts_with_al();
    let mut counter = CharCounter::default();
    let mut out = Vec::new();
    let mut a = 0;
    while a < t.text.len() {
        if let Some(b) = verify(&t, a, chars, gaps)
            && let Some(sub_word) = boundaries_ok(text, &t, a, b, &query.options, al)
        {
            let bytes = original_bytes(text, &t, a, b);
            let start = counter.at(text, bytes.start);
            let end = counter.at(text, bytes.end);
            out.push(Hit {
                range: start..end,
                sub_word,
            });
            a = b;
            continue;
        }
        a = t.next(a);
    }
    out
}

#[test]
fn candidates_span_marks_controls_spaces_and_letter_forms() {
    let q = Query::new("طالبان", MatchOptions::default()).unwrap();
    let text = "قال الطالبان ثم طَالِبَان و\u{200F}طالـبان وطإلبان Taliban طألبان";
    assert_eq!(q.find_all(text), everywhere(&q, text));
    assert_eq!(q.find_all(text).len(), 3);
    let q = Query::new("می‌شود", MatchOptions::default()).unwrap();
    let text = "میشود، می شود،  می \u{200C} شود و می‌شود";
    assert_eq!(q.find_all(text), everywhere(&q, text));
    let q = Query::new("PUTIN 2015", MatchOptions::default()).unwrap();
    let text = "putin ٢٠١٥ Putin\n۲۰۱۵ PUTIN  2015";
    assert_eq!(q.find_all(text).len(), 3);
}

mod agree {
    use proptest::prelude::*;

    use super::*;

    fn pieces() -> impl Strategy<Value = Vec<&'static str>> {
        let pieces = prop::sample::select(vec![
            "ر",
            "و",
            "ي",
            "ا",
            "أ",
            "ی",
            "ة",
            "ه",
            "ک",
            "ل",
            "ب",
            "ال",
            "\u{064E}",
            "\u{0640}",
            "\u{200C}",
            "\u{200F}",
            " ",
            "  ",
            "\n",
            "٢",
            "2",
            "a",
            "A",
            "e\u{0301}",
            "👨\u{200D}👩",
        ]);
        prop::collection::vec(pieces, 0..40)
    }

    /// The query: a stretch of the text's pieces with every alef written as أ and every yeh as
    /// ی (so that folding has work to do), or other pieces altogether.
    fn query(text: &[&str], cut: (usize, usize), other: &[&str], from_text: bool) -> String {
        if !from_text {
            return other.concat();
        }
        let start = cut.0.min(text.len());
        let end = (start + cut.1).min(text.len());
        text[start..end]
            .concat()
            .replace('ا', "أ")
            .replace('ي', "ی")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Checking only the candidates found in the original text gives exactly the hits of
        /// trying the query at every folded character.
        #[test]
        fn candidates_find_what_trying_everywhere_finds(
            text in pieces(),
            other in pieces(),
            cut in (0usize..40, 1usize..6),
            from_text in prop::bool::weighted(0.8),
            whole_word in any::<bool>(),
            clitics in any::<bool>(),
            teh_marbuta in any::<bool>(),
        ) {
            let options = MatchOptions {
                fold: FoldOptions { teh_marbuta, waw_hamza: false },
                whole_word,
                clitics,
                regex: false,
            };
            let query = query(&text, cut, &other, from_text);
            let text = text.concat();
            if let Ok(q) = Query::new(&query, options) {
                prop_assert_eq!(q.find_all(&text), everywhere(&q, &text));
            }
        }
    }
}

#[test]
fn hits_widened_to_whole_emoji_sequences_do_not_overlap() {
    // "👩👨" starts inside one ZWJ family and ends in the next: each hit is widened to both
    // families, so the second match (inside the second and third) would overlap the first.
    let family = "👨\u{200D}👩";
    let text = format!("رررر{family}{family}{family}");
    let anywhere = MatchOptions {
        whole_word: false,
        ..MatchOptions::default()
    };
    let q = Query::new("👩👨", anywhere).unwrap();
    let found = q.find_all(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].range, CharIndex(4)..CharIndex(10));
    let regex = MatchOptions {
        regex: true,
        ..anywhere
    };
    let found = Query::new("👩👨", regex).unwrap().find_all(&text);
    assert_eq!(found.len(), 1, "{found:?}");
}
