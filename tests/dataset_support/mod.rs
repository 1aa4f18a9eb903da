//! Shared by the dataset tests: corpora with fixed annotations, exports with a fixed time,
//! folder snapshots, golden files and the schema check.

#![allow(dead_code, reason = "each test file uses part of the shared support")]

pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use hamesh::annotate::span::{Source, make_span, sha256_hex};
use hamesh::annotate::{DocStatus, DocumentAnnotations, Store};
use hamesh::dataset::{ExportOptions, Format, OffsetUnit, Scope, Summary, export};
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test.
pub fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hamesh-dataset-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A span to make: its quote, which occurrence of it, label and note.
pub struct S(
    pub &'static str,
    pub usize,
    pub &'static str,
    pub &'static str,
);

/// One document's annotations to make.
pub struct Doc {
    pub rel: &'static str,
    pub status: DocStatus,
    pub tags: &'static [&'static str],
    pub annotator: &'static str,
    pub spans: Vec<S>,
}

/// Saves `doc`'s annotations in the store of `corpus`, spans placed by searching their quotes.
pub fn annotate(corpus: &Path, doc: &Doc) {
    let text = hamesh::corpus::decode::read_text(&corpus.join(doc.rel))
        .unwrap()
        .0;
    let map = CharMap::new(&text);
    let source = Source {
        path: doc.rel.into(),
        sha256: sha256_hex(&text),
        encoding: "UTF-8".into(),
        characters: map.len(),
    };
    let mut a = DocumentAnnotations::new(source, doc.annotator);
    a.status = doc.status;
    a.tags = doc.tags.iter().map(|t| t.to_string()).collect();
    for S(quote, nth, label, note) in &doc.spans {
        let byte = text
            .match_indices(quote)
            .nth(*nth)
            .unwrap_or_else(|| panic!("{quote:?} #{nth} not in {}", doc.rel))
            .0;
        let start = map.char_of(byte);
        let id = a.allocate_id();
        let mut span = make_span(
            &text,
            &map,
            id,
            CharIndex(start)..CharIndex(start + quote.chars().count()),
            label,
        );
        span.note = note.to_string();
        a.spans.push(span);
    }
    a.sort();
    let store = Store::open(corpus, &corpus.join(".fallback"));
    store.save(doc.rel, &a).unwrap();
}

/// The fixed annotation set of the sample corpus: 17 spans over four of the five articles
/// (the Persian one among them), notes, every status, tags, two annotators.
pub fn sample_annotations() -> Vec<Doc> {
    vec![
        Doc {
            rel: "000_d5fe01cfcadbce81.txt",
            status: DocStatus::InProgress,
            tags: &[],
            annotator: "",
            spans: vec![
                S("روسيا", 0, "GPE", ""),
                S("طالبان", 0, "ORG", ""),
                S("إيران", 0, "GPE", ""),
                S("عبد الرشيد دوستوم", 0, "PER", "نائب الرئيس الأفغاني"),
            ],
        },
        Doc {
            rel: "001_bc119a91e0d0aa00.txt",
            status: DocStatus::Done,
            tags: &["russia", "taliban"],
            annotator: "amina",
            spans: vec![
                S("ديلي بيست", 0, "ORG", "The Daily Beast"),
                S("روسيا", 0, "GPE", ""),
                S("الدولة الإسلامية", 0, "ORG", ""),
                S("الثلاثاء 27 أكتوبر 2015", 0, "DATE", ""),
                S("موسكو", 0, "GPE", ""),
                S("أسامة بن لادن", 0, "PER", ""),
            ],
        },
        Doc {
            rel: "003_c21b3274f8c0af60.txt",
            status: DocStatus::Done,
            tags: &["fa"],
            annotator: "reza",
            spans: vec![
                S("ولادیمیر پوتین", 0, "PER", ""),
                S("روسیه", 0, "GPE", ""),
                S("۱۴ تیر", 0, "DATE", "۴ ژوئیه"),
                S("سازمان شانگهای", 0, "ORG", ""),
                S("قزاقستان", 0, "GPE", ""),
            ],
        },
        Doc {
            rel: "004_4ec9eaed58d9fb5a.txt",
            status: DocStatus::Skipped,
            tags: &["yemen"],
            annotator: "",
            spans: vec![
                S("العليمي", 0, "PER", ""),
                S("الشرعية اليمنية", 0, "ORG", ""),
            ],
        },
    ]
}

/// A copy of the sample articles with the fixed annotations.
pub fn sample_corpus(name: &str) -> PathBuf {
    let dir = temp(name).join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    // The article files only: the app may have left a `.hamesh` folder beside them.
    for e in std::fs::read_dir(root().join("assets/samples")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    for d in sample_annotations() {
        annotate(&dir, &d);
    }
    dir
}

/// The articles of the hard cases.
pub const HARD_TEXTS: &[(&str, &str)] = &[
    ("emoji.txt", "🙂 قال بوتين إن روسيا 👍🏽 ستدعم طالبان"),
    (
        "crlf.txt",
        "السطر الأول عن موسكو\r\nوالسطر الثاني عن الكرملين.\r\n",
    ),
    ("harakat.txt", "قالَ الرئيسُ فلاديميرُ بوتينُ إنَّ"),
    ("rtl_end.txt", "أعلنت الحكومة عن زيارة إلى طهران"),
    (
        "nested.txt",
        "زار وفد جامعة القاهرة الجديدة مدينة الإسكندرية.",
    ),
    ("clitic.txt", "قال إن وروسيا ستدعم المشروع بالقاهرة."),
    ("zwnj.txt", "رئیس‌جمهور ایران گفت که می‌خواهد به مسکو برود."),
    ("empty.txt", ""),
    ("no_spans.txt", "هذا نص بلا أي تعليقات."),
];

pub fn hard_annotations() -> Vec<Doc> {
    vec![
        Doc {
            rel: "emoji.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![
                S("بوتين", 0, "PER", ""),
                S("روسيا", 0, "GPE", ""),
                S(
                    "👍🏽",
                    0,
                    "MISC",
                    "an emoji with a skin tone: two code points, four UTF-16 units",
                ),
                S("طالبان", 0, "ORG", ""),
            ],
        },
        Doc {
            rel: "crlf.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![
                S("موسكو", 0, "GPE", ""),
                S("موسكو\r\nوالسطر", 0, "MISC", "crosses a CRLF"),
                S("الكرملين", 0, "FAC", ""),
            ],
        },
        Doc {
            rel: "harakat.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![S("فلاديميرُ بوتينُ", 0, "PER", "")],
        },
        Doc {
            rel: "rtl_end.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![S("طهران", 0, "GPE", "ends at the last character")],
        },
        Doc {
            rel: "nested.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![
                S("جامعة القاهرة الجديدة", 0, "ORG", ""),
                S("القاهرة", 0, "GPE", "nested in the ORG"),
                S("وفد جامعة", 0, "MISC", "overlaps the ORG"),
                S("الإسكندرية", 0, "GPE", ""),
            ],
        },
        Doc {
            rel: "clitic.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![S("روسيا", 0, "GPE", ""), S("القاهرة", 0, "GPE", "")],
        },
        Doc {
            rel: "zwnj.txt",
            status: DocStatus::Done,
            tags: &["fa"],
            annotator: "",
            spans: vec![S("رئیس‌جمهور ایران", 0, "PER", ""), S("مسکو", 0, "GPE", "")],
        },
        Doc {
            rel: "empty.txt",
            status: DocStatus::Done,
            tags: &[],
            annotator: "",
            spans: vec![],
        },
    ]
}

/// The hard cases as a corpus.
pub fn hard_corpus(name: &str) -> PathBuf {
    let dir = temp(name).join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    for (rel, text) in HARD_TEXTS {
        std::fs::write(dir.join(rel), text).unwrap();
    }
    for d in hard_annotations() {
        annotate(&dir, &d);
    }
    dir
}

/// The creation time of every test export.
pub fn fixed_time() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

pub fn options(format: Format, unit: OffsetUnit, out: &Path) -> ExportOptions {
    ExportOptions {
        format,
        output: out.to_path_buf(),
        scope: Scope::All,
        labels: None,
        offset_unit: unit,
        created: Some(fixed_time()),
        fallback_root: None,
        ..ExportOptions::default()
    }
}

/// Exports with a fixed time; panics with the error.
pub fn export_as(corpus: &Path, format: Format, unit: OffsetUnit, out: &Path) -> Summary {
    let s = export(corpus, &options(format, unit, out), &mut |_| true)
        .unwrap_or_else(|e| panic!("export {} failed: {e}", format.name()));
    if format == Format::Json {
        check_schema(&std::fs::read(out).unwrap());
    }
    s
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("docs/dataset.schema.json")).unwrap();
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Validates a native export against `docs/dataset.schema.json`.
pub fn check_schema(bytes: &[u8]) {
    let v: serde_json::Value = serde_json::from_slice(bytes).expect("the export is JSON");
    let s = schema();
    let errors = schema::Validator::new(&s).validate(&v);
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

/// Validates a value against one of the schema's `$defs`.
pub fn check_def(def: &str, v: &serde_json::Value) {
    let s = schema();
    let val = schema::Validator::new(&s);
    let errors = val.validate_against(val.def(def), v);
    assert!(
        errors.is_empty(),
        "{def} violations:\n{}",
        errors.join("\n")
    );
}

/// Compares `actual` with the golden file `name` (regenerated when UPDATE_GOLDEN is set).
pub fn golden(name: &str, actual: &[u8]) {
    let path = root().join("tests/fixtures/dataset/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let a = String::from_utf8_lossy(actual);
        let e = String::from_utf8_lossy(&expected);
        let line = a
            .lines()
            .zip(e.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(a.lines().count().min(e.lines().count()));
        panic!(
            "{} differs from the export at line {} (UPDATE_GOLDEN=1 regenerates it):\n  golden: {:?}\n  export: {:?}",
            path.display(),
            line + 1,
            e.lines().nth(line),
            a.lines().nth(line)
        );
    }
}

/// `text[start:end]` counted in `unit`, computed independently of the crate.
pub fn slice_in(text: &str, unit: &str, start: usize, end: usize) -> Option<String> {
    match unit {
        "code_point" => {
            let chars: Vec<char> = text.chars().collect();
            chars.get(start..end).map(|c| c.iter().collect())
        }
        "utf16" => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(units.get(start..end)?).ok()
        }
        other => panic!("unknown unit {other}"),
    }
}

/// A copy of `corpus`'s articles only (no annotations, no label set).
pub fn fresh_copy(corpus: &Path, name: &str) -> PathBuf {
    let dir = corpus.parent().unwrap().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (rel, bytes) in snapshot(corpus) {
        if !rel.starts_with('.') {
            let p = dir.join(&rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    dir
}
