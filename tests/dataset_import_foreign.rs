//! Imports from other tools: Label Studio, brat, CoNLL/BIO and spaCy/Prodigy files written by
//! hand from their documented formats (emoji, CRLF, several labels on one region,
//! discontinuous fragments, IOB1), our own exports of each format read back, and the messages
//! for a file in no supported format, a unit that does not fit and a negative offset.

mod dataset_support;

use std::path::Path;

use dataset_support::*;
use hamesh::dataset::import::{ImportFormat, ImportOptions, import};
use hamesh::dataset::{Format, ImportReport, OffsetUnit};
use serde_json::Value;

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/import").join(name)
}

fn import_new(file: &Path, into: &Path) -> ImportReport {
    let o = ImportOptions {
        add_labels: true,
        ..ImportOptions::default()
    };
    import(file, into, &o, &mut |_| true).unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// Each document of `corpus` as (path, text, spans as (start, end, label, text, note)), read
/// from a json export.
type Spans = Vec<(u64, u64, String, String, String)>;
fn documents(corpus: &Path, out: &Path) -> Vec<(String, String, Spans)> {
    export_as(corpus, Format::Json, OffsetUnit::CodePoint, out);
    let v: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let spans = d["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    let n = |k: &str| x[k].as_u64().unwrap();
                    (
                        n("start"),
                        n("end"),
                        s(&x["label"]),
                        s(&x["text"]),
                        s(&x["note"]),
                    )
                })
                .collect();
            (s(&d["path"]), s(&d["text"]), spans)
        })
        .collect()
}

fn labels_and_texts(spans: &Spans) -> Vec<(&str, &str)> {
    spans.iter().map(|s| (s.2.as_str(), s.3.as_str())).collect()
}

#[test]
fn a_label_studio_export_as_label_studio_writes_it() {
    let work = temp("ls-fixture");
    let report = import_new(&fixture("label_studio.json"), &work);
    assert_eq!(report.created.len(), 2, "{report:?}");
    let warnings = report.warnings.join("\n");
    assert!(
        warnings.contains("2 annotations; the first was imported"),
        "{warnings}"
    );
    assert!(warnings.contains("\"choices\" result"), "{warnings}");
    let docs = documents(&work, &work.join("../ls.json"));
    let one = docs.iter().find(|d| d.1.contains("بوتين")).unwrap();
    assert_eq!(
        labels_and_texts(&one.2),
        [
            ("PER", "بوتين"),
            ("GPE", "روسيا"),
            ("ORG", "روسيا"),
            ("ORG", "طالبان")
        ],
        "a region with two labels is two spans; offsets after the emoji are code points"
    );
    assert_eq!(
        one.2[0].4, "the president",
        "the per-region textarea is the note"
    );
    assert_eq!(
        one.2[1].4, "the state, or its government",
        "region meta text"
    );
    let two = docs.iter().find(|d| d.1.contains("القاهرة")).unwrap();
    assert!(
        two.1.contains("\r\n"),
        "the text is kept exactly, CRLF included"
    );
    assert_eq!(
        labels_and_texts(&two.2),
        [("GPE", "القاهرة")],
        "the cancelled annotation is not read"
    );
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn offsets_in_the_other_unit_are_named_not_taken_silently() {
    let work = temp("ls-utf16");
    let file = fixture("label_studio_utf16.json");
    let o = ImportOptions {
        add_labels: true,
        ..ImportOptions::default()
    };
    let err = import(&file, &work, &o, &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("UTF-16") && err.contains("--offset-unit utf16"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(&work).unwrap().next().is_none(),
        "nothing written"
    );
    let o = ImportOptions {
        offset_unit: Some(OffsetUnit::Utf16),
        ..o
    };
    import(&file, &work, &o, &mut |_| true).unwrap();
    let docs = documents(&work, &work.join("../u.json"));
    assert_eq!(labels_and_texts(&docs[0].2), [("GPE", "موسكو")]);
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn a_brat_folder_with_fragments_notes_normalizations_and_attributes() {
    let work = temp("brat-fixture");
    let report = import_new(&fixture("brat"), &work);
    assert!(
        report.warnings.iter().any(|w| w.contains("1 relations")),
        "{report:?}"
    );
    let docs = documents(&work, &work.join("../b.json"));
    assert_eq!(docs.len(), 2, "one.txt and bare.txt");
    let one = docs.iter().find(|d| d.0 == "news/one.txt").unwrap();
    let spans = &one.2;
    assert_eq!(
        labels_and_texts(spans),
        [
            ("MISC", "قال"),
            ("PER", "بوتين"),
            ("MISC", "إن"),
            ("GPE", "روسيا"),
            ("ORG", "ستدعم\nالحكومة")
        ],
        "fragments parted by a line break are one span; others one span each"
    );
    assert!(spans[0].4.contains("fragment 1 of 2 of brat T4"));
    assert!(spans[0].4.contains("attribute Negation"));
    assert_eq!(spans[1].4, "the president");
    assert!(spans[3].4.contains("reference Wikidata:Q159 Russia"));
    assert!(spans[3].4.contains("attribute Certainty=High"));
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn a_conll_2003_file_and_iob1_tags() {
    let work = temp("conll-fixture");
    let o = ImportOptions {
        add_labels: true,
        format: None,
        ..ImportOptions::default()
    };
    let report = import(&fixture("conll2003.txt"), &work, &o, &mut |_| true).unwrap();
    assert_eq!(report.created.len(), 2, "{report:?}");
    let docs = documents(&work, &work.join("../c.json"));
    let ar = docs.iter().find(|d| d.1.starts_with("قال")).unwrap();
    assert_eq!(ar.1, "قال بوتين إن روسيا ستدعم جامعة القاهرة .");
    assert_eq!(
        labels_and_texts(&ar.2),
        [("PER", "بوتين"), ("GPE", "روسيا"), ("ORG", "جامعة القاهرة")]
    );
    let en = docs.iter().find(|d| d.1.starts_with("EU")).unwrap();
    assert_eq!(labels_and_texts(&en.2), [("ORG", "EU"), ("MISC", "German")]);
    // Another column: the chunk tags (column 3) as labels.
    let chunks = temp("conll-column");
    let o = ImportOptions {
        conll_column: Some(3),
        ..o
    };
    import(&fixture("conll2003.txt"), &chunks, &o, &mut |_| true).unwrap();
    let docs = documents(&chunks, &chunks.join("../c3.json"));
    assert!(
        docs.iter()
            .any(|d| labels_and_texts(&d.2).contains(&("NP", "جامعة القاهرة")))
    );
    std::fs::remove_dir_all(work).ok();
    std::fs::remove_dir_all(chunks).ok();
}

#[test]
fn spacy_ents_prodigy_spans_and_span_groups() {
    let work = temp("spacy-fixture");
    import_new(&fixture("spacy.jsonl"), &work);
    let docs = documents(&work, &work.join("../s.json"));
    let find = |start: &str| docs.iter().find(|d| d.1.starts_with(start)).unwrap();
    assert_eq!(
        labels_and_texts(&find("قال").2),
        [("PER", "بوتين"), ("GPE", "روسيا")]
    );
    assert_eq!(labels_and_texts(&find("می").2), [("GPE", "مسکو")]);
    assert_eq!(
        labels_and_texts(&find("وزارة").2),
        [("ORG", "وزارة الخارجية"), ("GPE", "الروسية")],
        "the entity in ents and in a span group is one span"
    );
    std::fs::remove_dir_all(work).ok();
}

/// Our own export of a format, imported into a copy of the corpus, gives back its spans.
fn round_trip(corpus: &Path, format: Format) {
    let work = corpus.parent().unwrap();
    let before = documents(corpus, &work.join(format!("before-{}.json", format.name())));
    let file = work.join(format!("export.{}", format.name()));
    export_as(corpus, format, OffsetUnit::CodePoint, &file);
    let copy = fresh_copy(corpus, &format!("copy-{}", format.name()));
    let report = import_new(&file, &copy);
    assert!(report.created.is_empty(), "{:?}: {report:?}", format);
    let after = documents(&copy, &work.join(format!("after-{}.json", format.name())));
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0);
        let strip = |s: &Spans| -> Vec<(u64, u64, String, String)> {
            s.iter()
                .map(|x| (x.0, x.1, x.2.clone(), x.3.clone()))
                .collect()
        };
        assert_eq!(strip(&b.2), strip(&a.2), "{format:?}: {}", b.0);
        let notes = |s: &Spans| -> Vec<String> { s.iter().map(|x| x.4.clone()).collect() };
        assert_eq!(notes(&b.2), notes(&a.2), "{format:?}: notes of {}", b.0);
    }
    assert_eq!(before.len(), after.len());
}

#[test]
fn our_label_studio_and_brat_exports_come_back_with_the_same_spans() {
    for corpus in [
        sample_corpus("foreign-rt-samples"),
        hard_corpus("foreign-rt-hard"),
    ] {
        round_trip(&corpus, Format::LabelStudio);
        round_trip(&corpus, Format::Brat);
        std::fs::remove_dir_all(corpus.parent().unwrap()).ok();
    }
}

#[test]
fn our_conll_export_comes_back_with_the_same_entities_in_order() {
    let corpus = hard_corpus("foreign-rt-conll");
    let work = corpus.parent().unwrap().to_path_buf();
    let file = work.join("export.conll");
    export_as(&corpus, Format::Conll, OffsetUnit::CodePoint, &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("-DOCSTART- -X- O O\n"), "{}", &text[..40]);
    let empty = work.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    import_new(&file, &empty);
    let got: Vec<(String, String)> = documents(&empty, &work.join("after.json"))
        .iter()
        .flat_map(|d| {
            d.2.iter().map(|s| {
                (
                    s.2.clone(),
                    s.3.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
        })
        .collect();
    // The spans CoNLL keeps (of overlapping ones the longest: «القاهرة» nested in the ORG, «وفد
    // جامعة» across it and the GPE «موسكو» inside the MISC are dropped), their words as
    // tokens joined by spaces; the clitic split keeps روسيا apart from its و.
    let mut want: Vec<(String, String)> = [
        ("PER", "بوتين"),
        ("GPE", "روسيا"),
        ("MISC", "👍🏽"),
        ("ORG", "طالبان"),
        ("MISC", "موسكو والسطر"),
        ("FAC", "الكرملين"),
        ("PER", "فلاديميرُ بوتينُ"),
        ("GPE", "طهران"),
        ("ORG", "جامعة القاهرة الجديدة"),
        ("GPE", "الإسكندرية"),
        ("GPE", "روسيا"),
        ("GPE", "القاهرة"),
        ("PER", "رئیس‌جمهور ایران"),
        ("GPE", "مسکو"),
    ]
    .iter()
    .map(|(l, t)| (l.to_string(), t.to_string()))
    .collect();
    let mut got = got;
    got.sort();
    want.sort();
    assert_eq!(got, want);
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn a_file_in_no_supported_format_is_told_which_are() {
    let work = temp("unsupported");
    let file = work.join("notes.txt");
    std::fs::write(&file, "just some prose, not a dataset\nof any kind\n").unwrap();
    let corpus = work.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let err = import(&file, &corpus, &ImportOptions::default(), &mut |_| true)
        .unwrap_err()
        .to_string();
    for name in ["Label Studio", "brat", "CoNLL", "spaCy", "jsonl"] {
        assert!(err.contains(name), "{err}");
    }
    // A Label Studio export forced through the json reader says what it is.
    let o = ImportOptions {
        format: Some(ImportFormat::Json),
        ..ImportOptions::default()
    };
    let err = import(&fixture("label_studio.json"), &corpus, &o, &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--format label-studio"), "{err}");
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn a_negative_offset_is_called_negative() {
    let work = temp("negative");
    let file = work.join("d.jsonl");
    std::fs::write(
        &file,
        "{\"text\": \"روسيا\", \"label\": [[-1, 5, \"GPE\"]]}\n",
    )
    .unwrap();
    let corpus = work.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let err = import(&file, &corpus, &ImportOptions::default(), &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("-1 is negative"), "{err}");
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn a_line_edited_in_doccano_after_export_says_which_copy_is_newer() {
    let work = temp("doccano-edited");
    let file = work.join("edited.jsonl");
    // Exported with one span; in doccano a GPE was added to "label", "spans" came along as is.
    std::fs::write(
        &file,
        concat!(
            r#"{"text": "قال بوتين إن روسيا", "label": [[4, 9, "PER"], [13, 18, "GPE"]], "#,
            r#""spans": [{"id": "s1", "start": 4, "end": 9, "label": "PER", "text": "بوتين", "note": "kept"}]}"#,
            "\n"
        ),
    )
    .unwrap();
    let corpus = work.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let err = import(&file, &corpus, &ImportOptions::default(), &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"label\" is the newer one") && err.contains("--prefer-label"),
        "{err}"
    );
    let o = ImportOptions {
        prefer_label: true,
        ..ImportOptions::default()
    };
    import(&file, &corpus, &o, &mut |_| true).unwrap();
    let docs = documents(&corpus, &work.join("after.json"));
    let spans = &docs[0].2;
    assert_eq!(
        labels_and_texts(spans),
        [("PER", "بوتين"), ("GPE", "روسيا")]
    );
    assert_eq!(spans[0].4, "kept", "the unchanged span keeps its note");
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn empty_documents_in_jsonl_are_reported_or_left_out() {
    let corpus = hard_corpus("jsonl-empty");
    let work = corpus.parent().unwrap().to_path_buf();
    let out = work.join("all.jsonl");
    let summary = export_as(&corpus, Format::Jsonl, OffsetUnit::CodePoint, &out);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.starts_with("empty.txt: the text is empty")),
        "{:?}",
        summary.warnings
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("\"text\":\"\"")
    );
    let skipped = work.join("skipped.jsonl");
    let o = hamesh::dataset::ExportOptions {
        skip_empty: true,
        ..options(Format::Jsonl, OffsetUnit::CodePoint, &skipped)
    };
    hamesh::dataset::export(&corpus, &o, &mut |_| true).unwrap();
    assert!(
        !std::fs::read_to_string(&skipped)
            .unwrap()
            .contains("\"text\":\"\"")
    );
    // CoNLL: the first line of the summary says how many spans were dropped.
    let conll = work.join("hard.conll");
    let summary = export_as(&corpus, Format::Conll, OffsetUnit::CodePoint, &conll);
    assert!(
        summary.lines()[0]
            .ends_with("3 nested or overlapping spans dropped (CoNLL keeps the longest)"),
        "{}",
        summary.lines()[0]
    );
    std::fs::remove_dir_all(work).ok();
}

/// Label Studio predictions: an ordinary import reads the annotations and says that the tasks
/// have predictions; `--predictions` reads those into the corpus's predictions, apart from
/// every annotator's layer, and suggestions offer them where no span is.
#[test]
fn label_studio_predictions_become_suggestions_not_anyones_spans() {
    use hamesh::annotate::{Store, layers};
    use hamesh::corpus::files::Folder;
    use hamesh::search::suggest::Source;
    use hamesh::search::suggest_corpus::{Sources, suggest_corpus};

    let work = temp("ls-predictions");
    let file = fixture("label_studio_predictions.json");
    let report = import_new(&file, &work);
    let warnings = report.warnings.join("\n");
    assert!(
        warnings.contains("3 task(s) have predictions; import the file again with --predictions"),
        "{warnings}"
    );
    let store = Store::open(&work, &work.join("../data"));
    let annotated = documents(&work, &work.join("../before.json"));
    assert_eq!(
        annotated.iter().map(|d| d.2.len()).sum::<usize>(),
        1,
        "{annotated:?}"
    );
    let o = ImportOptions {
        predictions: true,
        add_labels: true,
        ..ImportOptions::default()
    };
    let report = import(&file, &work, &o, &mut |_| true).unwrap();
    let warnings = report.warnings.join("\n");
    assert!(
        warnings.contains("2 predictions; the first was imported"),
        "{warnings}"
    );
    assert!(warnings.contains("listed by id only"), "{warnings}");
    let predictions = store.predictions();
    assert!(predictions.annotations_dir().is_dir());
    assert_eq!(
        documents(&work, &work.join("../after.json")),
        annotated,
        "the annotations are untouched, and export does not read predictions"
    );
    assert!(
        layers::list(&store).names.is_empty(),
        "predictions are no annotator's layer"
    );

    let folder = Folder::new(work.clone(), Default::default());
    let summary = suggest_corpus(&folder, &store, Sources::default(), &|_| true);
    let mut predicted: Vec<(String, String, u64, u64)> = summary
        .documents
        .iter()
        .flat_map(|d| d.suggestions.iter())
        .filter(|s| s.entry.source == Source::Predicted)
        .map(|s| {
            (
                s.text.clone(),
                s.entry.label.clone(),
                s.start.0 as u64,
                s.end.0 as u64,
            )
        })
        .collect();
    predicted.sort();
    assert_eq!(
        predicted,
        [
            ("روسيا".to_string(), "GPE".to_string(), 13, 18),
            ("طهران".to_string(), "GPE".to_string(), 21, 26),
            ("كابل".to_string(), "GPE".to_string(), 35, 39),
        ],
        "بوتين is annotated already: not suggested again"
    );
    let without = Sources {
        predicted: false,
        ..Sources::default()
    };
    let summary = suggest_corpus(&folder, &store, without, &|_| true);
    assert!(
        summary
            .documents
            .iter()
            .flat_map(|d| d.suggestions.iter())
            .all(|s| s.entry.source != Source::Predicted)
    );

    // Predictions are nobody's: not into an annotator's layer, and only from Label Studio.
    let into_layer = ImportOptions {
        annotator: Some("sara".into()),
        ..o.clone()
    };
    let err = import(&file, &work, &into_layer, &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("without --annotator"), "{err}");
    let jsonl = work.join("../p.jsonl");
    std::fs::write(&jsonl, "{\"text\": \"x\", \"label\": []}\n").unwrap();
    let err = import(&jsonl, &work, &o, &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("predictions are read from Label Studio exports"),
        "{err}"
    );
    std::fs::remove_dir_all(work).ok();
}
