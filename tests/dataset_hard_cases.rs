//! The hard cases in every format, checked by meaning rather than bytes: every exported span,
//! sliced out of the exported text in the declared unit by code written here (not the crate's),
//! is its quote; the emoji case has different offsets in code points and UTF-16; brat splits
//! the CRLF-crossing span into fragments; CoNLL splits clitics, keeps harakat and ZWNJ inside
//! tokens, keeps the longest of overlapping spans and reports the rest. Changed articles are
//! re-anchored, and a span whose quote no longer matches stops the export.

mod dataset_support;

use std::collections::BTreeMap;

use dataset_support::*;
use hamesh::annotate::Store;
use hamesh::dataset::{Format, OffsetUnit, export};
use serde_json::Value;

/// (document, label, quote) → (start, end) from a native, jsonl or Label Studio export, after
/// checking each span against the text.
fn spans_of(format: Format, bytes: &[u8]) -> BTreeMap<(String, String, String), (u64, u64)> {
    let mut out = BTreeMap::new();
    let mut add = |path: &str, text: &str, unit: &str, label: &str, quote: &str, s: u64, e: u64| {
        assert_eq!(
            slice_in(text, unit, s as usize, e as usize).as_deref(),
            Some(quote),
            "{path}: {label} {s}..{e} in {unit}"
        );
        out.insert((path.into(), label.into(), quote.into()), (s, e));
    };
    match format {
        Format::Json => {
            let v: Value = serde_json::from_slice(bytes).unwrap();
            let unit = v["offset_unit"].as_str().unwrap();
            for d in v["documents"].as_array().unwrap() {
                let text = d["text"].as_str().unwrap();
                let len = match unit {
                    "code_point" => text.chars().count(),
                    _ => text.encode_utf16().count(),
                };
                assert_eq!(d["length"].as_u64(), Some(len as u64));
                for s in d["spans"].as_array().unwrap() {
                    add(
                        d["path"].as_str().unwrap(),
                        text,
                        unit,
                        s["label"].as_str().unwrap(),
                        s["text"].as_str().unwrap(),
                        s["start"].as_u64().unwrap(),
                        s["end"].as_u64().unwrap(),
                    );
                }
            }
        }
        Format::Jsonl => {
            for line in std::str::from_utf8(bytes).unwrap().lines() {
                let d: Value = serde_json::from_str(line).unwrap();
                let (text, unit) = (
                    d["text"].as_str().unwrap(),
                    d["offset_unit"].as_str().unwrap(),
                );
                for (l, s) in d["label"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .zip(d["spans"].as_array().unwrap())
                {
                    assert_eq!((&l[0], &l[1], &l[2]), (&s["start"], &s["end"], &s["label"]));
                    add(
                        d["path"].as_str().unwrap(),
                        text,
                        unit,
                        s["label"].as_str().unwrap(),
                        s["text"].as_str().unwrap(),
                        s["start"].as_u64().unwrap(),
                        s["end"].as_u64().unwrap(),
                    );
                }
            }
        }
        Format::LabelStudio => {
            let tasks: Vec<Value> = serde_json::from_slice(bytes).unwrap();
            for t in &tasks {
                let d = &t["data"];
                let (text, unit) = (
                    d["text"].as_str().unwrap(),
                    d["offset_unit"].as_str().unwrap(),
                );
                for a in t["annotations"].as_array().unwrap() {
                    for r in a["result"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|r| r["type"] == "labels")
                    {
                        let v = &r["value"];
                        add(
                            d["path"].as_str().unwrap(),
                            text,
                            unit,
                            v["labels"][0].as_str().unwrap(),
                            v["text"].as_str().unwrap(),
                            v["start"].as_u64().unwrap(),
                            v["end"].as_u64().unwrap(),
                        );
                    }
                }
            }
        }
        _ => unreachable!(),
    }
    out
}

fn key(doc: &str, label: &str, quote: &str) -> (String, String, String) {
    (doc.into(), label.into(), quote.into())
}

#[test]
fn offset_formats_slice_exactly_in_both_units() {
    let corpus = hard_corpus("hard-offsets");
    let work = corpus.parent().unwrap();
    for format in [Format::Json, Format::Jsonl, Format::LabelStudio] {
        let mut by_unit = Vec::new();
        for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16] {
            let out = work.join(format!("{}-{}", format.name(), unit.name()));
            export_as(&corpus, format, unit, &out);
            let spans = spans_of(format, &std::fs::read(&out).unwrap());
            assert_eq!(spans.len(), 17, "{format:?} {unit:?}");
            by_unit.push(spans);
        }
        let (cp, u16) = (&by_unit[0], &by_unit[1]);
        // After one astral emoji (🙂) every offset moves by one UTF-16 unit; 👍🏽 is two code
        // points and four units.
        assert_eq!(cp[&key("emoji.txt", "PER", "بوتين")], (6, 11));
        assert_eq!(u16[&key("emoji.txt", "PER", "بوتين")], (7, 12));
        assert_eq!(cp[&key("emoji.txt", "MISC", "👍🏽")], (21, 23));
        assert_eq!(u16[&key("emoji.txt", "MISC", "👍🏽")], (22, 26));
        assert_eq!(cp[&key("emoji.txt", "ORG", "طالبان")], (30, 36));
        assert_eq!(u16[&key("emoji.txt", "ORG", "طالبان")], (33, 39));
        // Without astral characters the units agree: CRLF counts two, harakat one each.
        for k in cp.keys().filter(|k| k.0 != "emoji.txt") {
            assert_eq!(cp[k], u16[k], "{k:?}");
        }
        assert_eq!(cp[&key("crlf.txt", "MISC", "موسكو\r\nوالسطر")], (15, 28));
        assert_eq!(cp[&key("harakat.txt", "PER", "فلاديميرُ بوتينُ")], (13, 29));
        // The span at the end of an RTL text ends at its length, not one past it.
        let len = "أعلنت الحكومة عن زيارة إلى طهران".chars().count() as u64;
        assert_eq!(cp[&key("rtl_end.txt", "GPE", "طهران")], (len - 5, len));
        assert_eq!(cp[&key("zwnj.txt", "PER", "رئیس‌جمهور ایران")], (0, 16));
        assert_eq!(cp[&key("clitic.txt", "GPE", "روسيا")], (8, 13));
        assert!(cp.contains_key(&key("nested.txt", "GPE", "القاهرة")));
        assert!(cp.contains_key(&key("nested.txt", "MISC", "وفد جامعة")));
    }
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn brat_pairs_hold_the_text_and_fragments() {
    let corpus = hard_corpus("hard-brat");
    let out = corpus.parent().unwrap().join("brat");
    let summary = export_as(&corpus, Format::Brat, OffsetUnit::Utf16, &out);
    assert_eq!(
        summary.offset_unit,
        Some("code_point"),
        "brat counts code points whatever was asked"
    );
    assert_eq!(summary.fragmented_spans, 1);
    let mut t_lines = 0;
    for (rel, text) in HARD_TEXTS {
        let stem = rel.strip_suffix(".txt").unwrap();
        let txt = std::fs::read_to_string(out.join(format!("{stem}.txt"))).unwrap();
        assert_eq!(txt, *text, "the .txt is the text exactly, CRLF included");
        let chars: Vec<char> = txt.chars().collect();
        for line in std::fs::read_to_string(out.join(format!("{stem}.ann")))
            .unwrap()
            .lines()
        {
            let parts: Vec<&str> = line.split('\t').collect();
            assert_eq!(parts.len(), 3, "{line}");
            if !parts[0].starts_with('T') {
                assert!(parts[1].starts_with("AnnotatorNotes T"), "{line}");
                continue;
            }
            t_lines += 1;
            let (_, ranges) = parts[1].split_once(' ').unwrap();
            let pieces: Vec<String> = ranges
                .split(';')
                .map(|r| {
                    let (s, e) = r.split_once(' ').unwrap();
                    chars[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
                        .iter()
                        .collect()
                })
                .collect();
            assert!(pieces.iter().all(|p| !p.contains(['\r', '\n'])), "{line}");
            assert_eq!(pieces.join(" "), parts[2], "{stem}: {line}");
        }
    }
    assert_eq!(t_lines, 17);
    let crlf = std::fs::read_to_string(out.join("crlf.ann")).unwrap();
    assert!(
        crlf.contains("T1\tMISC 15 20;22 28\tموسكو والسطر\n"),
        "{crlf}"
    );
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(conf.starts_with("[entities]\nPER\n"));
    std::fs::remove_dir_all(corpus.parent().unwrap()).ok();
}

/// The CoNLL documents as lists of sentences of (token, tag).
fn conll_docs(text: &str) -> Vec<Vec<Vec<(String, String)>>> {
    let mut docs = Vec::new();
    for block in text.split("-DOCSTART- -X- O O\n\n").skip(1) {
        let sentences = block
            .split("\n\n")
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.lines()
                    .map(|l| {
                        let (t, g) = l.split_once('\t').expect("token<TAB>tag");
                        (t.to_string(), g.to_string())
                    })
                    .collect()
            })
            .collect();
        docs.push(sentences);
    }
    docs
}

#[test]
fn conll_splits_clitics_and_keeps_the_longest_span() {
    let corpus = hard_corpus("hard-conll");
    let out = corpus.parent().unwrap().join("hard.conll");
    let summary = export_as(&corpus, Format::Conll, OffsetUnit::CodePoint, &out);
    assert_eq!(summary.offset_unit, None);
    assert_eq!(summary.split_tokens, 2);
    assert_eq!(summary.dropped_overlapping, 3);
    assert!(
        summary
            .lines()
            .iter()
            .any(|l| l.contains("3 overlapping or nested spans dropped"))
    );
    let docs = conll_docs(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(docs.len(), HARD_TEXTS.len());
    let names: Vec<&str> = {
        let mut n: Vec<&str> = HARD_TEXTS.iter().map(|(r, _)| *r).collect();
        n.sort_by(|a, b| hamesh::corpus::natural::natural_cmp(a, b));
        n
    };
    let doc = |name: &str| &docs[names.iter().position(|n| *n == name).unwrap()];
    let tagged =
        |name: &str| -> Vec<(String, String)> { doc(name).iter().flatten().cloned().collect() };
    let pair = |t: &str, g: &str| (t.to_string(), g.to_string());
    let clitic = tagged("clitic.txt");
    assert!(
        clitic
            .windows(2)
            .any(|w| w == [pair("و", "O"), pair("روسيا", "B-GPE")]),
        "{clitic:?}"
    );
    assert!(
        clitic
            .windows(2)
            .any(|w| w == [pair("ب", "O"), pair("القاهرة", "B-GPE")]),
        "{clitic:?}"
    );
    let nested = tagged("nested.txt");
    assert!(
        nested.windows(3).any(|w| w
            == [
                pair("جامعة", "B-ORG"),
                pair("القاهرة", "I-ORG"),
                pair("الجديدة", "I-ORG")
            ]),
        "{nested:?}"
    );
    assert!(nested.contains(&pair("وفد", "O")));
    let harakat = tagged("harakat.txt");
    assert!(
        harakat
            .windows(2)
            .any(|w| w == [pair("فلاديميرُ", "B-PER"), pair("بوتينُ", "I-PER")]),
        "{harakat:?}"
    );
    let zwnj = tagged("zwnj.txt");
    assert_eq!(zwnj[0], pair("رئیس\u{200C}جمهور", "B-PER"));
    assert!(zwnj.contains(&pair("می\u{200C}خواهد", "O")));
    let emoji = tagged("emoji.txt");
    assert!(emoji.contains(&pair("👍🏽", "B-MISC")));
    let rtl_end = tagged("rtl_end.txt");
    assert_eq!(rtl_end.last(), Some(&pair("طهران", "B-GPE")));
    // The span across the CRLF keeps its sentence whole; the next line is a new sentence
    // only after the span.
    let crlf = doc("crlf.txt");
    assert_eq!(crlf.len(), 1, "{crlf:?}");
    assert!(
        crlf[0]
            .windows(2)
            .any(|w| w == [pair("موسكو", "B-MISC"), pair("والسطر", "I-MISC")])
    );
    assert!(doc("empty.txt").is_empty());
    assert_eq!(
        doc("no_spans.txt")[0]
            .iter()
            .filter(|(_, g)| g != "O")
            .count(),
        0
    );
    // Every BIO sequence is well formed.
    for d in &docs {
        for s in d {
            for w in s.windows(2) {
                if let Some(l) = w[1].1.strip_prefix("I-") {
                    assert!(w[0].1.ends_with(l), "{w:?}");
                }
            }
            assert!(!s[0].1.starts_with("I-"));
        }
    }
    std::fs::remove_dir_all(corpus.parent().unwrap()).ok();
}

#[test]
fn changed_articles_are_reanchored_and_stale_quotes_wait_for_review() {
    let corpus = hard_corpus("hard-stale");
    let work = corpus.parent().unwrap().to_path_buf();
    // The article gains a sentence at the start and loses a name: one span moves, the other
    // has no quote left and is left out (and reported), never written with stale offsets.
    let changed = "خبر عاجل. قال إن موسكو ستدعم المشروع في القاهرة.";
    std::fs::write(corpus.join("clitic.txt"), changed).unwrap();
    let out = work.join("stale.json");
    let s = export_as(&corpus, Format::Json, OffsetUnit::CodePoint, &out);
    assert_eq!(
        (s.reanchored_documents, s.moved_spans, s.left_out_spans),
        (1, 1, 1),
        "{s:?}"
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.starts_with("clitic.txt: 1 spans could not be placed")),
        "{s:?}"
    );
    let spans = spans_of(Format::Json, &std::fs::read(&out).unwrap());
    let at = changed[..changed.find("القاهرة").unwrap()].chars().count() as u64;
    assert_eq!(spans[&key("clitic.txt", "GPE", "القاهرة")], (at, at + 7));
    assert!(!spans.contains_key(&key("clitic.txt", "GPE", "روسيا")));
    // A quote that disagrees with an unchanged article is damage: that span is named and left
    // out (it waits for review), and the rest of the corpus still exports, in every format.
    let store = Store::open(&corpus, &work);
    let mut a = store.load("nested.txt").unwrap().unwrap();
    a.spans[1].text = "القاهرة!".into();
    store.save("nested.txt", &a).unwrap();
    let bad = work.join("bad.json");
    for format in hamesh::dataset::Format::ALL {
        let s = export(
            &corpus,
            &options(format, OffsetUnit::CodePoint, &bad),
            &mut |_| true,
        )
        .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        let m = s
            .warnings
            .iter()
            .find(|w| w.starts_with("nested.txt"))
            .unwrap_or_else(|| panic!("{format:?}: {:?}", s.warnings));
        assert!(
            m.contains(&a.spans[1].id.0) && m.contains("القاهرة!"),
            "{m}"
        );
        assert_eq!(s.left_out_spans, 2, "{format:?}");
        if format == Format::Json {
            let spans = spans_of(Format::Json, &std::fs::read(&bad).unwrap());
            assert!(
                !spans
                    .keys()
                    .any(|k| k.0 == "nested.txt" && k.2 == "القاهرة!")
            );
        }
        let _ = std::fs::remove_file(&bad);
        let _ = std::fs::remove_dir_all(&bad);
    }
    std::fs::remove_dir_all(&work).ok();
}
