//! `hamesh export` and `hamesh import` as a user runs them.

mod dataset_support;

use std::path::Path;
use std::process::{Command, Output};

use dataset_support::*;

fn hamesh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("hamesh runs")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn ok(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

fn fails(out: &Output, needle: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "expected a failure: {err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn export_every_format_from_the_command_line() {
    let corpus = sample_corpus("cli-export");
    let work = corpus.parent().unwrap();
    let json = work.join("d.json");
    let err = ok(&hamesh(&["export", p(&corpus), "-o", p(&json)]));
    assert!(
        err.contains("wrote 5 documents and 17 spans as json"),
        "{err}"
    );
    assert!(err.contains("(offsets in code_point)"));
    let bytes = std::fs::read(&json).unwrap();
    check_schema(&bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("\"created\": \"2023-11-14T22:13:20Z\""));
    let conll = work.join("d.conll");
    let err = ok(&hamesh(&[
        "export",
        p(&corpus),
        "--format",
        "conll",
        "-o",
        p(&conll),
        "--only-done",
        "--labels",
        "PER,GPE",
    ]));
    assert!(
        err.contains("wrote 2 documents and 6 spans as conll"),
        "{err}"
    );
    assert!(err.contains("tokens, 0 split at a span boundary"), "{err}");
    for (format, name) in [
        ("jsonl", "d.jsonl"),
        ("label-studio", "d.ls.json"),
        ("brat", "brat"),
    ] {
        let out = work.join(name);
        let err = ok(&hamesh(&[
            "export",
            p(&corpus),
            "--format",
            format,
            "-o",
            p(&out),
            "--offset-unit",
            "utf16",
        ]));
        assert!(err.contains(&format!("as {format}")), "{err}");
        assert!(out.exists());
    }
    let one = work.join("one.json");
    let err = ok(&hamesh(&[
        "export",
        p(&corpus),
        "-o",
        p(&one),
        "--document",
        "003_c21b3274f8c0af60.txt",
    ]));
    assert!(err.contains("wrote 1 documents and 5 spans"), "{err}");
    fails(
        &hamesh(&[
            "export",
            p(&corpus),
            "--format",
            "brat",
            "-o",
            p(&corpus.join("brat")),
        ]),
        "inside the corpus",
    );
    fails(
        &hamesh(&["export", p(&corpus), "--format", "xml", "-o", "x"]),
        "unknown format \"xml\"",
    );
    fails(&hamesh(&["export", p(&corpus)]), "--out <OUT>");
    fails(
        &hamesh(&[
            "export",
            p(&corpus),
            "-o",
            p(&json),
            "--offset-unit",
            "grapheme",
        ]),
        "expected code_point or utf16",
    );
    fails(
        &hamesh(&["export", p(&work.join("missing")), "-o", p(&json)]),
        "not a folder",
    );
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn import_from_the_command_line() {
    let corpus = sample_corpus("cli-import");
    let work = corpus.parent().unwrap();
    let json = work.join("d.json");
    ok(&hamesh(&["export", p(&corpus), "-o", p(&json)]));
    let before = snapshot(&corpus);
    fails(
        &hamesh(&["import", p(&json), "--into", p(&corpus)]),
        "--merge to add to them",
    );
    let err = ok(&hamesh(&[
        "import",
        p(&json),
        "--into",
        p(&corpus),
        "--replace",
        "--dry-run",
    ]));
    assert!(err.contains("dry run: nothing was written"), "{err}");
    assert_eq!(before, snapshot(&corpus));
    let err = ok(&hamesh(&[
        "import",
        p(&json),
        "--into",
        p(&corpus),
        "--replace",
    ]));
    assert!(
        err.contains("imported 17 spans into 4 of the 5 documents"),
        "{err}"
    );
    assert_eq!(
        before,
        snapshot(&corpus),
        "replacing with the same annotations changes no byte"
    );
    let truncated = work.join("t.json");
    std::fs::write(&truncated, &std::fs::read(&json).unwrap()[..500]).unwrap();
    fails(
        &hamesh(&["import", p(&truncated), "--into", p(&corpus)]),
        "ends too early",
    );
    fails(
        &hamesh(&[
            "import",
            p(&json),
            "--into",
            p(&corpus),
            "--merge",
            "--replace",
        ]),
        "cannot be used with",
    );
    fails(&hamesh(&["import", p(&json)]), "--into <FOLDER>");
    assert_eq!(before, snapshot(&corpus));
    std::fs::remove_dir_all(work).ok();
}
