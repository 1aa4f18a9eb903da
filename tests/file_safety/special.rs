//! Named pipes, devices and files over the size limit: reported at once with the reason, never
//! read until they block or fill memory.

use hamesh::corpus::decode::{DecodeError, read_text};
use hamesh::corpus::files::{Folder, ScanOptions};
use hamesh::corpus::scan::{Entry, scan, scan_folder};
use hamesh::dataset::import::{ImportOptions, plan};

use super::support::*;

fn reason<'a>(entries: &'a [Entry], path: &str) -> Option<&'a str> {
    entries
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("{path} not listed in {entries:?}"))
        .error
        .as_deref()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_listed_by_the_scan_with_its_reason() {
    let dir = TempDir::new("fifo-scan");
    let corpus = dir.corpus();
    mkfifo(&corpus.join("p.txt"));
    let entries = promptly("the scan", move || scan(&corpus, |_| {}));
    assert_eq!(
        reason(&entries, "p.txt"),
        Some("a named pipe (FIFO), not a regular file")
    );
    assert_eq!(reason(&entries, "a.txt"), None);
}

#[cfg(unix)]
#[test]
fn the_window_s_scan_finishes_past_a_named_pipe() {
    let dir = TempDir::new("fifo-window");
    let corpus = dir.corpus();
    mkfifo(&corpus.join("p.txt"));
    let listed = window_scan(hamesh::ui::corpus_view::Corpus::open(corpus, || {}));
    assert_eq!(
        listed,
        [
            ("a.txt".to_string(), None),
            (
                "p.txt".to_string(),
                Some("a named pipe (FIFO), not a regular file".to_string())
            )
        ]
    );
}

#[cfg(unix)]
#[test]
fn reading_a_named_pipe_fails_at_once() {
    let dir = TempDir::new("fifo-read");
    let corpus = dir.corpus();
    let pipe = corpus.join("p.txt");
    mkfifo(&pipe);
    let shown = pipe.display().to_string();
    let err = promptly("read_text", move || read_text(&pipe).map(|_| ()))
        .expect_err("a pipe is not read");
    assert!(matches!(err, DecodeError::Refused { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&shown) && message.contains("named pipe"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn an_export_skips_a_named_pipe_and_says_why() {
    let dir = TempDir::new("fifo-export");
    let corpus = dir.corpus();
    mkfifo(&corpus.join("p.txt"));
    let out = dir.path("out.json");
    let summary = export(&corpus, export_options(&out, &dir.path("data"))).expect("exports");
    assert_eq!(summary.documents, 1);
    assert_eq!(
        summary.skipped,
        ["p.txt: a named pipe (FIFO), not a regular file"]
    );
    assert_eq!(exported_paths(&out), ["a.txt"]);
}

#[cfg(unix)]
#[test]
fn the_headless_commands_refuse_a_named_pipe_at_once() {
    let dir = TempDir::new("fifo-cli");
    let corpus = dir.corpus();
    let pipe = corpus.join("p.txt");
    mkfifo(&pipe);
    let pipe = pipe.to_str().expect("utf-8 path");
    let listed = hamesh(&["ls", corpus.to_str().expect("utf-8 path")], &[]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(
        stdout(&listed).contains("p.txt\tcannot be read: a named pipe (FIFO), not a regular file"),
        "{}",
        stdout(&listed)
    );
    let laid_out = hamesh(&["layout", pipe, "--width", "600", "--text"], &[]);
    assert!(!laid_out.status.success());
    assert!(
        stderr(&laid_out).contains("named pipe"),
        "{}",
        stderr(&laid_out)
    );
    let png = dir.path("page.png");
    let png = png.to_str().expect("utf-8 path");
    let rendered = hamesh(&["render", pipe, "--width", "600", "--out", png], &[]);
    assert!(!rendered.status.success());
    assert!(
        stderr(&rendered).contains("named pipe"),
        "{}",
        stderr(&rendered)
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_device_is_listed_not_read() {
    let dir = TempDir::new("zero-scan");
    let corpus = dir.corpus();
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.txt")).expect("symlink");
    let entries = promptly("the scan", move || {
        // Following links, so that only the kind of file stops the read.
        let options = ScanOptions {
            follow_links: true,
            ..ScanOptions::default()
        };
        scan_folder(&Folder::new(corpus, options), |_| {})
    });
    assert_eq!(
        reason(&entries, "zero.txt"),
        Some("a device, not a regular file")
    );
}

#[cfg(unix)]
#[test]
fn importing_a_device_fails_at_once() {
    let dir = TempDir::new("zero-import");
    let corpus = dir.corpus();
    let options = ImportOptions {
        fallback_root: Some(dir.path("data")),
        ..ImportOptions::default()
    };
    let err = promptly("the import", move || {
        plan(
            std::path::Path::new("/dev/zero"),
            &corpus,
            &options,
            &mut |_| true,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    })
    .expect_err("a device is not a dataset");
    assert!(
        err.contains("/dev/zero") && err.contains("a device"),
        "{err}"
    );
}

#[test]
fn an_article_over_the_size_limit_is_listed_with_how_to_raise_it() {
    let dir = TempDir::new("limit-scan");
    let corpus = dir.corpus();
    dir.write("corpus/big.txt", &vec![b'a'; 1_500_000]);
    let options = ScanOptions {
        max_file_mb: Some(1),
        ..ScanOptions::default()
    };
    let entries = scan_folder(&Folder::new(&corpus, options), |_| {});
    assert_eq!(
        reason(&entries, "big.txt"),
        Some("larger than the 1 MB limit (set HAMESH_MAX_FILE_MB to raise it)")
    );
    assert_eq!(reason(&entries, "a.txt"), None);
}

#[test]
fn the_size_limit_is_raised_and_lowered_by_its_environment_variable() {
    let dir = TempDir::new("limit-env");
    let corpus = dir.corpus();
    dir.write("corpus/big.txt", &vec![b'a'; 1_500_000]);
    let corpus = corpus.to_str().expect("utf-8 path");
    let lowered = hamesh(&["ls", corpus], &[("HAMESH_MAX_FILE_MB", "1")]);
    assert!(
        stdout(&lowered).contains("big.txt\tcannot be read: larger than the 1 MB limit"),
        "{}",
        stdout(&lowered)
    );
    let raised = hamesh(&["ls", corpus], &[("HAMESH_MAX_FILE_MB", "2")]);
    assert!(
        !stdout(&raised).contains("cannot be read"),
        "{}",
        stdout(&raised)
    );
}

#[test]
fn an_export_skips_an_article_over_the_size_limit() {
    let dir = TempDir::new("limit-export");
    let corpus = dir.corpus();
    dir.write("corpus/big.txt", &vec![b'a'; 1_500_000]);
    let out = dir.path("out.json");
    let options = hamesh::dataset::ExportOptions {
        max_file_mb: Some(1),
        ..export_options(&out, &dir.path("data"))
    };
    let summary = export(&corpus, options).expect("exports");
    assert_eq!(
        summary.skipped,
        ["big.txt: larger than the 1 MB limit (set HAMESH_MAX_FILE_MB to raise it)"]
    );
    assert_eq!(exported_paths(&out), ["a.txt"]);
}

#[test]
fn a_dataset_over_its_size_limit_is_refused_with_how_to_raise_it() {
    let dir = TempDir::new("limit-import");
    let corpus = dir.corpus();
    let file = dir.write("big.jsonl", &vec![b' '; 1_500_000]);
    let options = ImportOptions {
        max_dataset_mb: Some(1),
        fallback_root: Some(dir.path("data")),
        ..ImportOptions::default()
    };
    let err = plan(&file, &corpus, &options, &mut |_| true)
        .map(|_| ())
        .expect_err("over the limit");
    let message = err.to_string();
    assert!(
        message.contains("over the 1 MB limit") && message.contains("HAMESH_MAX_DATASET_MB"),
        "{message}"
    );
}

#[test]
fn the_size_limit_is_set_on_the_command_line_too() {
    let dir = TempDir::new("limit-flag");
    let corpus = dir.corpus();
    let big = dir.write("corpus/big.txt", &vec![b'a'; 1_500_000]);
    let corpus = corpus.to_str().expect("utf-8 path");
    let listed = hamesh(&["ls", corpus, "--max-file-mb", "1"], &[]);
    assert!(
        stdout(&listed).contains("big.txt\tcannot be read: larger than the 1 MB limit"),
        "{}",
        stdout(&listed)
    );
    let big = big.to_str().expect("utf-8 path");
    let refused = hamesh(
        &[
            "layout",
            big,
            "--width",
            "600",
            "--text",
            "--max-file-mb",
            "1",
        ],
        &[],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("1 MB limit"),
        "{}",
        stderr(&refused)
    );
    let raised = hamesh(&["ls", corpus, "--max-file-mb", "2"], &[]);
    assert!(
        !stdout(&raised).contains("cannot be read"),
        "{}",
        stdout(&raised)
    );
    let zero = hamesh(&["ls", corpus, "--max-file-mb", "0"], &[]);
    assert_eq!(
        zero.status.code(),
        Some(2),
        "a usage error: {}",
        stderr(&zero)
    );
}
