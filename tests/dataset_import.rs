//! Import refuses what it cannot take exactly, with a message naming the line or document
//! and field, and writes nothing then (the corpus folder is compared byte for byte); existing
//! annotations change only in the mode chosen; new texts become new files, reported.

mod dataset_support;

use std::path::{Path, PathBuf};

use dataset_support::*;
use hamesh::annotate::{DocStatus, Store};
use hamesh::dataset::import::{ImportOptions, MergeMode, import, plan};
use hamesh::dataset::{Format, OffsetUnit};
use serde_json::{Value, json};

struct Setup {
    work: PathBuf,
    corpus: PathBuf,
    /// The native export of the corpus, parsed.
    dataset: Value,
}

fn setup(name: &str) -> Setup {
    let corpus = sample_corpus(name);
    let work = corpus.parent().unwrap().to_path_buf();
    let file = work.join("export.json");
    export_as(&corpus, Format::Json, OffsetUnit::CodePoint, &file);
    let dataset = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    Setup {
        work,
        corpus,
        dataset,
    }
}

fn write(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

fn opts(mode: MergeMode) -> ImportOptions {
    ImportOptions {
        mode,
        ..ImportOptions::default()
    }
}

/// Imports `bytes` and expects a refusal containing every `needle`, with the corpus unchanged.
fn refused(s: &Setup, name: &str, bytes: &[u8], mode: MergeMode, needles: &[&str]) -> String {
    let file = s.work.join(name);
    std::fs::write(&file, bytes).unwrap();
    let before = snapshot(&s.corpus);
    let err = import(&file, &s.corpus, &opts(mode), &mut |_| true)
        .expect_err("the import is refused")
        .to_string();
    for n in needles {
        assert!(err.contains(n), "{name}: {n:?} not in:\n{err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, snapshot(&s.corpus), "{name}: the corpus changed");
    err
}

#[test]
fn bad_files_are_refused_with_clear_messages_and_nothing_written() {
    let s = setup("import-errors");
    let good = serde_json::to_vec_pretty(&s.dataset).unwrap();
    // Truncated JSON.
    refused(
        &s,
        "truncated.json",
        &good[..good.len() / 2],
        MergeMode::Replace,
        &["ends too early", "truncated"],
    );
    // Not a Hamesh file.
    refused(
        &s,
        "other.json",
        br#"{"tasks": []}"#,
        MergeMode::Replace,
        &["\"format\""],
    );
    let case = |f: &dyn Fn(&mut Value)| {
        let mut v = s.dataset.clone();
        f(&mut v);
        serde_json::to_vec_pretty(&v).unwrap()
    };
    // Wrong types.
    let bytes = case(&|v| v["documents"][1]["spans"][0]["start"] = json!("12"));
    refused(
        &s,
        "types.json",
        &bytes,
        MergeMode::Replace,
        &[
            "document 2 (001_bc119a91e0d0aa00.txt), spans[0].start: expected a non-negative integer, found the string \"12\"",
        ],
    );
    let bytes = case(&|v| v["documents"][3]["tags"] = json!("fa"));
    refused(
        &s,
        "tags.json",
        &bytes,
        MergeMode::Replace,
        &["document 4", "tags: expected an array"],
    );
    let bytes = case(&|v| v["documents"][0]["status"] = json!("finished"));
    refused(
        &s,
        "status.json",
        &bytes,
        MergeMode::Replace,
        &["status: \"finished\" is not a status"],
    );
    // Out-of-range offsets.
    let bytes = case(&|v| v["documents"][1]["spans"][2]["end"] = json!(100_000));
    refused(
        &s,
        "range.json",
        &bytes,
        MergeMode::Replace,
        &["spans[2].end: 100000 is past the end of the text"],
    );
    // Mismatched span text.
    let bytes = case(&|v| v["documents"][3]["spans"][0]["text"] = json!("پوتین"));
    refused(
        &s,
        "quote.json",
        &bytes,
        MergeMode::Replace,
        &[
            "document 4 (003_c21b3274f8c0af60.txt), spans[0].text: is \"پوتین\" but the text between",
        ],
    );
    // A text changed after export.
    let bytes = case(&|v| v["documents"][2]["text"] = json!("نص آخر"));
    refused(
        &s,
        "length.json",
        &bytes,
        MergeMode::Replace,
        &[
            "document 3",
            "length: is 4515 but the text is 6 code_point long",
        ],
    );
    let bytes = case(&|v| {
        v["documents"][2]["text"] = json!("نص آخر");
        v["documents"][2]["length"] = Value::Null;
    });
    refused(
        &s,
        "hash.json",
        &bytes,
        MergeMode::Replace,
        &["document 3", "sha256:", "is not the SHA-256 of the text"],
    );
    // Unknown label.
    let bytes = case(&|v| v["documents"][1]["spans"][1]["label"] = json!("WEAPON"));
    refused(
        &s,
        "label.json",
        &bytes,
        MergeMode::Replace,
        &["spans[1].label: unknown label \"WEAPON\"", "--add-labels"],
    );
    // Span ids used twice.
    let bytes = case(&|v| v["documents"][1]["spans"][1]["id"] = json!("s1"));
    refused(
        &s,
        "ids.json",
        &bytes,
        MergeMode::Replace,
        &["spans[1].id: \"s1\" is empty or used twice"],
    );
    // Paths outside the corpus.
    for bad in [
        "../../etc/passwd",
        "/etc/passwd.txt",
        "news\\a.txt",
        ".hamesh/x.txt",
        "a/../../b.txt",
        "C:/x.txt",
    ] {
        let bytes = case(&|v| v["documents"][0]["path"] = json!(bad));
        refused(
            &s,
            "path.json",
            &bytes,
            MergeMode::Replace,
            &["document 1", "path:", "is not a path inside the corpus"],
        );
    }
    // Several problems are all listed.
    let bytes = case(&|v| {
        v["documents"][0]["spans"][0]["label"] = json!("WEAPON");
        v["documents"][1]["spans"][0]["end"] = json!(0);
    });
    let err = refused(
        &s,
        "many.json",
        &bytes,
        MergeMode::Replace,
        &["2 problem(s)"],
    );
    assert!(
        err.contains("document 1") && err.contains("document 2"),
        "{err}"
    );
    // The corpus's annotations are there: the default mode refuses and names the choices.
    refused(
        &s,
        "existing.json",
        &good,
        MergeMode::Refuse,
        &[
            "already has annotations",
            "--merge",
            "--replace",
            "--skip-existing",
        ],
    );
    std::fs::remove_dir_all(&s.work).ok();
}

#[test]
fn bad_jsonl_lines_are_named_by_line() {
    let s = setup("import-jsonl-errors");
    let lines = [
        r#"{"text": "قال بوتين", "label": [[4, 9, "PER"]]}"#,
        r#"{"text": "قال بوتين", "label": [[4, 90, "PER"]]}"#,
        r#"{"text": "قال بوتين", "label": [[4, 9]]}"#,
        r#"{"text": "قال بوتين", "label": [[4, 9, "PER"]]"#,
        r#"{"text": "😀 بوتين", "label": [[1, 4, "PER"]], "offset_unit": "utf16"}"#,
    ];
    let err = refused(
        &s,
        "bad.jsonl",
        lines.join("\n").as_bytes(),
        MergeMode::Replace,
        &[
            "line 2, label[0].end: 90 is past the end of the text (9 code_point long)",
            "line 3, label[0]: expected [start, end, \"LABEL\"]",
            "line 4: not a JSON object on one line: the line ends before the object does",
            "line 5, label[0].start: 1 falls between the two UTF-16 units of one character",
            // The offsets fit in the other unit: said, though no quote confirms it.
            "line 5: every offset fits when counted in code points (as Python counts), the file gives no quotes",
        ],
    );
    assert!(!err.contains("line 1"), "{err}");
    // --valid-only writes the valid line and reports the rest.
    let file = s.work.join("bad.jsonl");
    let report = import(
        &file,
        &s.corpus,
        &ImportOptions {
            valid_only: true,
            ..opts(MergeMode::Refuse)
        },
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(report.annotated, 1);
    assert_eq!(report.problems.len(), 5);
    assert_eq!(
        report.created,
        ["imported/document.txt (a new text; the record had no path)"]
    );
    assert_eq!(
        std::fs::read_to_string(s.corpus.join("imported/document.txt")).unwrap(),
        "قال بوتين"
    );
    std::fs::remove_dir_all(&s.work).ok();
}

#[test]
fn merge_modes_decide_what_happens_to_existing_annotations() {
    let s = setup("import-modes");
    let store = Store::open(&s.corpus, &s.work);
    let rel = "001_bc119a91e0d0aa00.txt";
    let before = store.load(rel).unwrap().unwrap();
    // A file with the document's spans changed: one relabelled, one new, the rest as they are.
    let mut v = s.dataset.clone();
    let doc = &mut v["documents"][1];
    doc["spans"][0]["label"] = json!("MISC");
    doc["status"] = json!("in_progress");
    doc["tags"] = json!(["checked"]);
    let text = doc["text"].as_str().unwrap().to_string();
    let at = text[..text.find("طالبان").unwrap()].chars().count();
    doc["spans"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "s7", "start": at, "end": at + 6, "label": "ORG", "text": "طالبان"}));
    v["documents"] = json!([v["documents"][1].clone()]);
    let file = s.work.join("change.json");
    write(&file, &v);
    // Skip: nothing changes.
    let snap = snapshot(&s.corpus);
    let r = import(
        &file,
        &s.corpus,
        &opts(MergeMode::SkipExisting),
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(r.skipped_existing, [rel]);
    assert_eq!(snap, snapshot(&s.corpus));
    // Plan only: nothing written either.
    let p = plan(&file, &s.corpus, &opts(MergeMode::Merge), &mut |_| true).unwrap();
    assert_eq!(p.actions.len(), 1);
    assert_eq!(snap, snapshot(&s.corpus));
    // Merge: the existing spans stay, the relabelled one and the new one are added (the
    // relabelled one's id clashed and was renumbered), tags are joined, the status is the
    // imported one.
    p.apply().unwrap();
    let merged = store.load(rel).unwrap().unwrap();
    assert_eq!(merged.spans.len(), before.spans.len() + 2);
    for s in &before.spans {
        assert!(merged.spans.contains(s));
    }
    let ids: std::collections::HashSet<_> = merged.spans.iter().map(|s| &s.id).collect();
    assert_eq!(ids.len(), merged.spans.len());
    assert_eq!(merged.tags, ["russia", "taliban", "checked"]);
    assert_eq!(merged.status, DocStatus::InProgress);
    // Merging again adds nothing.
    import(&file, &s.corpus, &opts(MergeMode::Merge), &mut |_| true).unwrap();
    assert_eq!(
        store.load(rel).unwrap().unwrap().spans.len(),
        merged.spans.len()
    );
    // Replace: the file's annotations, exactly.
    let r = import(&file, &s.corpus, &opts(MergeMode::Replace), &mut |_| true).unwrap();
    assert_eq!(r.replaced, 1);
    let replaced = store.load(rel).unwrap().unwrap();
    assert_eq!(replaced.spans.len(), before.spans.len() + 1);
    assert_eq!(replaced.tags, ["checked"]);
    assert!(
        replaced
            .spans
            .iter()
            .any(|s| s.label == "MISC" && s.text == "ديلي بيست")
    );
    std::fs::remove_dir_all(&s.work).ok();
}

#[test]
fn new_and_moved_texts_are_placed_and_reported() {
    let s = setup("import-new");
    // A record whose path holds another text, one whose text lives under another name, and a
    // doccano line with no path at all.
    let mut v = s.dataset.clone();
    let moved = v["documents"][3].clone();
    let mut other = v["documents"][0].clone();
    other["text"] = json!("نص جديد عن بغداد");
    other["sha256"] = Value::Null;
    other["spans"] = json!([{"id": "s1", "start": 11, "end": 16, "label": "GPE", "text": "بغداد"}]);
    other["length"] = Value::Null;
    let mut renamed = moved.clone();
    renamed["path"] = json!("renamed/persian.txt");
    v["documents"] = json!([other, renamed]);
    let file = s.work.join("new.json");
    write(&file, &v);
    let r = import(&file, &s.corpus, &opts(MergeMode::Replace), &mut |_| true).unwrap();
    assert_eq!(r.created.len(), 1, "{r:?}");
    assert!(
        r.created[0].starts_with("000_d5fe01cfcadbce81.imported-"),
        "{r:?}"
    );
    assert!(r.created[0].contains("holds a different text"));
    let new_rel = r.created[0].split(' ').next().unwrap();
    assert_eq!(
        std::fs::read_to_string(s.corpus.join(new_rel)).unwrap(),
        "نص جديد عن بغداد"
    );
    assert_eq!(
        r.matched_by_text,
        ["document 2 (renamed/persian.txt) matched 003_c21b3274f8c0af60.txt by its text"]
    );
    assert!(!s.corpus.join("renamed").exists());
    let store = Store::open(&s.corpus, &s.work);
    assert_eq!(store.load(new_rel).unwrap().unwrap().spans[0].text, "بغداد");
    std::fs::remove_dir_all(&s.work).ok();
}

#[test]
fn apply_writes_nothing_when_things_changed_since_the_plan() {
    let s = setup("import-changed");
    let copy = s.work.join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    for e in std::fs::read_dir(&s.corpus).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), copy.join(e.file_name())).unwrap();
        }
    }
    let file = s.work.join("export.json");
    // Annotations made meanwhile, which the default mode may not overwrite.
    let p = plan(&file, &copy, &opts(MergeMode::Refuse), &mut |_| true).unwrap();
    assert_eq!(p.report.annotated, 4);
    annotate(
        &copy,
        &Doc {
            rel: "003_c21b3274f8c0af60.txt",
            status: DocStatus::InProgress,
            tags: &[],
            annotator: "",
            spans: vec![S("روسیه", 0, "GPE", "")],
        },
    );
    let before = snapshot(&copy);
    let e = p.apply().unwrap_err().to_string();
    assert!(e.contains("changed since it was checked"), "{e}");
    assert_eq!(before, snapshot(&copy));
    // The file rewritten meanwhile.
    let p = plan(&file, &copy, &opts(MergeMode::Replace), &mut |_| true).unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend_from_slice(b"\n");
    std::fs::write(&file, &bytes).unwrap();
    let e = p.apply().unwrap_err().to_string();
    assert!(e.contains("the file changed since it was checked"), "{e}");
    assert_eq!(before, snapshot(&copy));
    // Cancelling the plan writes nothing either.
    let e = import(&file, &copy, &opts(MergeMode::Replace), &mut |_| false).unwrap_err();
    assert!(e.to_string().contains("cancelled"), "{e}");
    assert_eq!(before, snapshot(&copy));
    std::fs::remove_dir_all(&s.work).ok();
}

#[test]
fn a_refused_import_or_an_export_leaves_a_fresh_corpus_as_it_was() {
    let s = setup("import-trace");
    let fresh = s.work.join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::write(fresh.join("a.txt"), "قال بوتين").unwrap();
    let listing = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let bad = s.work.join("bad.jsonl");
    std::fs::write(
        &bad,
        r#"{"text": "قال بوتين", "path": "a.txt", "label": [[4, 9, "WEAPON"]]}"#,
    )
    .unwrap();
    assert!(import(&bad, &fresh, &opts(MergeMode::Refuse), &mut |_| true).is_err());
    assert_eq!(listing(&fresh), ["a.txt"], "no .hamesh folder left behind");
    hamesh::dataset::export(
        &fresh,
        &options(
            Format::Json,
            OffsetUnit::CodePoint,
            &s.work.join("fresh.json"),
        ),
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(listing(&fresh), ["a.txt"]);
    // A valid import writes where it must.
    let good = s.work.join("good.jsonl");
    std::fs::write(
        &good,
        r#"{"text": "قال بوتين", "path": "a.txt", "label": [[4, 9, "PER"]]}"#,
    )
    .unwrap();
    let r = import(&good, &fresh, &opts(MergeMode::Refuse), &mut |_| true).unwrap();
    assert_eq!((r.annotated, r.spans), (1, 1));
    assert_eq!(listing(&fresh), [".hamesh", "a.txt"]);
    std::fs::remove_dir_all(&s.work).ok();
}

/// A store file with a span beyond the text (a damaged or hand-edited file): merging an import
/// into it does not carry that span on as a span (where every later export would fail on it);
/// it waits for review, and the corpus still exports.
#[test]
fn merging_into_a_store_with_spans_beyond_the_text_puts_them_in_review() {
    let s = setup("import-invalid-store");
    let store = Store::open(&s.corpus, &s.work);
    let rel = "001_bc119a91e0d0aa00.txt";
    let mut damaged = store.load(rel).unwrap().unwrap();
    let mut beyond = damaged.spans[0].clone();
    beyond.id = damaged.allocate_id();
    beyond.start = hamesh::text::CharIndex(90_000);
    beyond.end = hamesh::text::CharIndex(90_004);
    damaged.spans.push(beyond.clone());
    store.save(rel, &damaged).unwrap();

    let mut v = s.dataset.clone();
    v["documents"] = json!([v["documents"][1].clone()]);
    let file = s.work.join("same.json");
    write(&file, &v);
    import(&file, &s.corpus, &opts(MergeMode::Merge), &mut |_| true).unwrap();
    let merged = store.load(rel).unwrap().unwrap();
    assert!(!merged.spans.iter().any(|x| x.id == beyond.id));
    let waiting = merged.review(&beyond.id).expect("waits for review");
    assert_eq!(waiting.span, beyond);
    assert_eq!(waiting.reason, hamesh::annotate::ReviewReason::Invalid);
    let out = s.work.join("after.json");
    let summary = export_as(&s.corpus, Format::Json, OffsetUnit::CodePoint, &out);
    assert_eq!(summary.left_out_spans, 1);
    std::fs::remove_dir_all(&s.work).ok();
}
