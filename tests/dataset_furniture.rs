//! Site furniture in exports: kept as text by default, marked as ranges, or left out with the
//! spans after it moved up and the spans inside it left out (and counted), the annotations
//! untouched.

mod dataset_support;

use dataset_support::*;
use hamesh::annotate::DocStatus;
use hamesh::dataset::{Format, FurnitureExport, OffsetUnit, export};

const MENU: &str = "- الأكثر قراءة\n- الأكثر تعليقاً\n";
const FOOTER: &str = "لمزيد من الأخبار يرجى الإعجاب بصفحتنا على الفيس بوك : إضغط هنا";
const BODY: &str = "قال الرئيس الروسي فلاديمير بوتين إن موسكو تتابع الوضع.";

fn site_article(body: &str) -> String {
    format!("{MENU}\n{body}\n{FOOTER}")
}

fn site_corpus(name: &str) -> std::path::PathBuf {
    let corpus = temp(name);
    std::fs::write(corpus.join("a.txt"), site_article(BODY)).unwrap();
    std::fs::write(corpus.join("b.txt"), site_article("نفت حركة طالبان ذلك.")).unwrap();
    std::fs::write(corpus.join("c.txt"), site_article("كشفت صحيفة عن لقاءات.")).unwrap();
    annotate(
        &corpus,
        &Doc {
            rel: "a.txt",
            status: DocStatus::InProgress,
            tags: &[],
            annotator: "sara",
            spans: vec![S("بوتين", 0, "PER", ""), S("قراءة", 0, "MISC", "")],
        },
    );
    corpus
}

fn jsonl_of(
    corpus: &std::path::Path,
    how: FurnitureExport,
    unit: OffsetUnit,
) -> (serde_json::Value, Vec<String>) {
    let out = corpus.with_extension(format!("{}.jsonl", how.name()));
    let mut options = options(Format::Jsonl, unit, &out);
    options.furniture = how;
    let summary = export(corpus, &options, &mut |_| true).expect("export");
    let text = std::fs::read_to_string(&out).unwrap();
    let first = text.lines().next().expect("a line");
    let _ = std::fs::remove_file(&out);
    (serde_json::from_str(first).unwrap(), summary.warnings)
}

fn spans_of(line: &serde_json::Value) -> Vec<(String, String)> {
    line["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().into(),
                s["label"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn furniture_is_kept_marked_or_left_out() {
    let corpus = site_corpus("furniture");
    let store_file = corpus.join(".hamesh/annotations/a.txt.json");
    let stored = std::fs::read(&store_file).expect("the annotations of a.txt");

    let (kept, _) = jsonl_of(&corpus, FurnitureExport::Keep, OffsetUnit::CodePoint);
    assert_eq!(kept["text"], site_article(BODY));
    assert!(kept.get("furniture").is_none());
    assert_eq!(spans_of(&kept).len(), 2);

    let (marked, _) = jsonl_of(&corpus, FurnitureExport::Mark, OffsetUnit::CodePoint);
    let text: Vec<char> = site_article(BODY).chars().collect();
    let ranges: Vec<String> = marked["furniture"]
        .as_array()
        .expect("furniture ranges")
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[a..b].iter().collect()
        })
        .collect();
    assert_eq!(ranges, [MENU.to_string(), format!("\n{FOOTER}")]);
    assert_eq!(marked["text"], kept["text"]);
    check_def("jsonl_line", &marked);

    let (omitted, warnings) = jsonl_of(&corpus, FurnitureExport::Omit, OffsetUnit::Utf16);
    assert_eq!(omitted["text"], format!("\n{BODY}"));
    assert_eq!(
        spans_of(&omitted),
        [("بوتين".to_string(), "PER".to_string())]
    );
    let start = omitted["spans"][0]["start"].as_u64().unwrap() as usize;
    let utf16: Vec<u16> = format!("\n{BODY}").encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&utf16[start..start + "بوتين".encode_utf16().count()]).unwrap(),
        "بوتين"
    );
    assert_ne!(omitted["sha256"], kept["sha256"]);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("1 spans inside site furniture")),
        "{warnings:?}"
    );
    assert_eq!(
        std::fs::read(&store_file).unwrap(),
        stored,
        "annotations untouched"
    );
    let _ = std::fs::remove_dir_all(&corpus);
}
