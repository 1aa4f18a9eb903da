//! File names that cannot travel through a dataset: not UTF-8, or holding a line break. The
//! scan lists them as to be renamed, an export skips them and says so, an import refuses them.

#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use hamesh::corpus::decode::DecodeError;
use hamesh::corpus::files::{Folder, ScanOptions};
use hamesh::corpus::scan::{Entry, ScanEvent, scan};

use super::support::*;

const NOT_UTF8: &str = "the file name is not valid UTF-8; rename the file to use it";
const LINE_BREAK: &str =
    "the file name holds a line break or another control character; rename the file to use it";

/// A corpus with `a.txt`, a file named `bad<0xFF>.txt` and one named `two<LF>lines.txt`.
fn odd_names(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(name);
    let corpus = dir.corpus();
    let bad = corpus.join(OsStr::from_bytes(b"bad\xFF.txt"));
    std::fs::write(bad, ARABIC).expect("a file system that takes any bytes in names");
    std::fs::write(corpus.join("two\nlines.txt"), ARABIC).expect("write");
    (dir, corpus)
}

fn reason<'a>(entries: &'a [Entry], path: &str) -> Option<&'a str> {
    entries
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("{path:?} not listed in {entries:?}"))
        .error
        .as_deref()
}

#[test]
fn a_name_that_is_not_utf8_is_listed_with_its_bytes_and_the_advice_to_rename() {
    let (_dir, corpus) = odd_names("names-utf8");
    let entries = scan(&corpus, |_| {});
    assert_eq!(reason(&entries, "bad\\xFF.txt"), Some(NOT_UTF8));
}

#[test]
fn a_name_with_a_line_break_is_listed_with_the_advice_to_rename() {
    let (_dir, corpus) = odd_names("names-newline");
    let entries = scan(&corpus, |_| {});
    assert_eq!(reason(&entries, "two\nlines.txt"), Some(LINE_BREAK));
    assert_eq!(reason(&entries, "a.txt"), None);
}

#[test]
fn a_folder_whose_name_cannot_be_used_is_reported_not_entered() {
    let dir = TempDir::new("names-folder");
    let corpus = dir.corpus();
    let folder = corpus.join(OsStr::from_bytes(b"news\xFE"));
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("c.txt"), ARABIC).expect("write");
    let mut problems = Vec::new();
    let entries = scan(&corpus, |e| {
        if let ScanEvent::Problem(p) = e {
            problems.push(p);
        }
    });
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(
        problems,
        ["news\\xFE/: the folder name is not valid UTF-8; rename the folder to use its files"]
    );
}

#[test]
fn the_reader_refuses_a_name_with_a_line_break() {
    let (_dir, corpus) = odd_names("names-reader");
    let folder = Folder::new(corpus, ScanOptions::default());
    let err = folder.read_text("two\nlines.txt").expect_err("not read");
    assert!(matches!(err, DecodeError::Name { .. }), "{err:?}");
    assert_eq!(err.reason(), LINE_BREAK);
}

#[test]
fn an_export_skips_such_names_and_says_why() {
    let (dir, corpus) = odd_names("names-export");
    let out = dir.path("out.json");
    let summary = export(&corpus, export_options(&out, &dir.path("data"))).expect("exports");
    assert_eq!(exported_paths(&out), ["a.txt"]);
    let mut skipped = summary.skipped.clone();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            format!("bad\\xFF.txt: {NOT_UTF8}"),
            format!("two\nlines.txt: {LINE_BREAK}")
        ]
    );
}

#[test]
fn what_an_export_writes_imports_back() {
    let (dir, corpus) = odd_names("names-roundtrip");
    let out = dir.path("out.jsonl");
    let options = hamesh::dataset::ExportOptions {
        format: hamesh::dataset::Format::Jsonl,
        ..export_options(&out, &dir.path("data"))
    };
    export(&corpus, options).expect("exports");
    let copy = dir.path("copy");
    std::fs::create_dir_all(&copy).expect("mkdir");
    let report = import(&out, &copy, import_options(&dir.path("data"))).expect("imports");
    assert_eq!(report.documents_in_file, 1);
    assert_eq!(
        std::fs::read_to_string(copy.join("a.txt")).expect("created"),
        ARABIC
    );
}

#[test]
fn an_import_refuses_a_path_with_a_line_break_and_writes_nothing() {
    let dir = TempDir::new("names-import");
    let corpus = dir.corpus();
    let file = dir.write(
        "in.jsonl",
        jsonl_line("new\nline.txt", ARABIC, 4).as_bytes(),
    );
    let before = tree(&corpus);
    let err = import(&file, &corpus, import_options(&dir.path("data"))).expect_err("refused");
    assert!(
        err.contains(r#""new\nline.txt" holds a line break or another control character"#),
        "{err}"
    );
    assert_eq!(tree(&corpus), before);
}
