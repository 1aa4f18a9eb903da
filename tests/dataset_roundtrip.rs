//! Exports round-trip: export json → import into a fresh copy of the corpus → export json is
//! byte-identical apart from the creation time, for the samples and the hard cases, in both
//! offset units, and through jsonl too. Importing into an empty folder recreates the corpus.

mod dataset_support;

use std::path::Path;

use dataset_support::*;
use hamesh::dataset::import::{ImportOptions, import};
use hamesh::dataset::{ExportOptions, Format, OffsetUnit, export};

fn import_all(file: &Path, into: &Path) -> hamesh::dataset::ImportReport {
    import(file, into, &ImportOptions::default(), &mut |_| true)
        .unwrap_or_else(|e| panic!("import failed: {e}"))
}

fn round_trip(corpus: &Path, format: Format, unit: OffsetUnit) {
    let work = corpus.parent().unwrap();
    let tag = format!("{}-{}", format.name(), unit.name());
    let first = work.join(format!("first-{tag}.json"));
    export_as(corpus, Format::Json, unit, &first);
    let file = work.join(format!("dataset-{tag}.{}", format.name()));
    export_as(corpus, format, unit, &file);
    let copy = fresh_copy(corpus, &format!("copy-{tag}"));
    let before = snapshot(&copy);
    let report = import_all(&file, &copy);
    assert!(
        report.created.is_empty(),
        "every text is in the copy: {report:?}"
    );
    assert!(report.problems.is_empty());
    for (rel, bytes) in &before {
        assert_eq!(snapshot(&copy).get(rel), Some(bytes), "{rel} is untouched");
    }
    // A different creation time: the files differ only in the "created" line.
    let second = work.join(format!("second-{tag}.json"));
    let mut o = options(Format::Json, unit, &second);
    o.created = Some(fixed_time() + std::time::Duration::from_secs(86_400 * 400));
    export(&copy, &o, &mut |_| true).unwrap();
    let (a, b) = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    let differing: Vec<(&str, &str)> = a.lines().zip(b.lines()).filter(|(x, y)| x != y).collect();
    assert_eq!(a.lines().count(), b.lines().count());
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(
        differing[0]
            .0
            .starts_with("  \"created\": \"2023-11-14T22:13:20Z\"")
    );
    assert!(differing[0].1.starts_with("  \"created\": \"2024-12-18T"));
    // And with the same time, byte for byte.
    let third = work.join(format!("third-{tag}.json"));
    export_as(&copy, Format::Json, unit, &third);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&third).unwrap()
    );
}

#[test]
fn samples_round_trip_through_json_and_jsonl() {
    let corpus = sample_corpus("rt-samples");
    round_trip(&corpus, Format::Json, OffsetUnit::CodePoint);
    round_trip(&corpus, Format::Jsonl, OffsetUnit::CodePoint);
    std::fs::remove_dir_all(corpus.parent().unwrap()).ok();
}

#[test]
fn hard_cases_round_trip_in_both_units() {
    let corpus = hard_corpus("rt-hard");
    for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16] {
        round_trip(&corpus, Format::Json, unit);
        round_trip(&corpus, Format::Jsonl, unit);
    }
    std::fs::remove_dir_all(corpus.parent().unwrap()).ok();
}

#[test]
fn importing_into_an_empty_folder_recreates_the_corpus() {
    let corpus = hard_corpus("rt-empty");
    let work = corpus.parent().unwrap();
    let file = work.join("hard.json");
    export_as(&corpus, Format::Json, OffsetUnit::Utf16, &file);
    let empty = work.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let report = import_all(&file, &empty);
    assert_eq!(report.created.len(), HARD_TEXTS.len(), "{report:?}");
    for (rel, text) in HARD_TEXTS {
        assert_eq!(std::fs::read_to_string(empty.join(rel)).unwrap(), *text);
        assert!(report.created.iter().any(|c| c.starts_with(rel)));
    }
    let again = work.join("again.json");
    export_as(&empty, Format::Json, OffsetUnit::Utf16, &again);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&again).unwrap()
    );
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn scope_and_label_filter_are_honoured() {
    let corpus = sample_corpus("rt-scope");
    let work = corpus.parent().unwrap();
    let out = work.join("done.json");
    let o = ExportOptions {
        scope: hamesh::dataset::Scope::Done,
        labels: Some(vec!["PER".into(), "GPE".into()]),
        ..options(Format::Json, OffsetUnit::CodePoint, &out)
    };
    let s = export(&corpus, &o, &mut |_| true).unwrap();
    assert_eq!(s.documents, 2, "001 and 003 are done");
    assert_eq!(s.labels.keys().collect::<Vec<_>>(), ["GPE", "PER"]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let names: Vec<&str> = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["PER", "GPE"]);
    check_schema(&std::fs::read(&out).unwrap());
    // One document, as the window's "current document" asks.
    let one = work.join("one.jsonl");
    let o = ExportOptions {
        scope: hamesh::dataset::Scope::Paths(vec!["003_c21b3274f8c0af60.txt".into()]),
        ..options(Format::Jsonl, OffsetUnit::CodePoint, &one)
    };
    let s = export(&corpus, &o, &mut |_| true).unwrap();
    assert_eq!((s.documents, s.spans), (1, 5));
    // Unknown labels and documents are refused before anything is written.
    let bad = work.join("bad.json");
    let o = ExportOptions {
        labels: Some(vec!["WEAPON".into()]),
        ..options(Format::Json, OffsetUnit::CodePoint, &bad)
    };
    let e = export(&corpus, &o, &mut |_| true).unwrap_err().to_string();
    assert!(e.contains("WEAPON") && e.contains("PER"), "{e}");
    let o = ExportOptions {
        scope: hamesh::dataset::Scope::Paths(vec!["../outside.txt".into()]),
        ..options(Format::Json, OffsetUnit::CodePoint, &bad)
    };
    assert!(export(&corpus, &o, &mut |_| true).is_err());
    // Cancelling leaves nothing behind.
    let o = options(Format::Json, OffsetUnit::CodePoint, &bad);
    let e = export(&corpus, &o, &mut |p| p.done < 2).unwrap_err();
    assert!(e.to_string().contains("cancelled"));
    assert!(!bad.exists());
    let leftovers: Vec<String> = snapshot(work)
        .into_keys()
        .filter(|k| k.contains(".tmp-") || k.contains(".body-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(work).ok();
}
