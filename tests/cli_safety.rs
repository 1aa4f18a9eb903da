//! The headless commands never destroy a file: `render` and `export` refuse, before writing
//! anything, an output that is their input, an article, a file of Hamesh's store or the label
//! set, however the path is spelt or linked, and a page is written whole or not at all.
//! Each refusal exits 1 with a message naming the path and why, and leaves every byte as it
//! was.

mod dataset_support;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dataset_support::{sample_corpus, snapshot};

const ARTICLE: &str = "001_bc119a91e0d0aa00.txt";

fn hamesh<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("HAMESH_DATA_DIR", dir.join("data"))
        .output()
        .expect("hamesh runs")
}

/// A refusal: exit status 1, `hamesh: ` and each of `needles` in the message.
fn refused(out: &Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("hamesh: "), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
}

/// A corpus with annotations and a label set, in a fresh work folder.
struct Fixture {
    work: PathBuf,
    corpus: PathBuf,
    before: BTreeMap<String, Vec<u8>>,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let corpus = sample_corpus(&format!("safety-{name}"));
        let labels = std::fs::read(dataset_support::root().join("assets/labels.json")).unwrap();
        std::fs::write(corpus.join(".hamesh/labels.json"), labels).unwrap();
        let work = corpus.parent().unwrap().to_path_buf();
        Fixture {
            before: snapshot(&corpus),
            work,
            corpus,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.corpus.join(rel)
    }

    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        hamesh(&self.work, args)
    }

    /// Every file of the corpus, store included, is byte for byte as before.
    fn unchanged(&self) {
        assert!(self.before == snapshot(&self.corpus), "the corpus changed");
    }

    fn export_to(&self, out: &Path, extra: &[&str]) -> Output {
        let mut args: Vec<&OsStr> = vec![
            "export".as_ref(),
            self.corpus.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(OsStr::new));
        self.run(&args)
    }

    fn render_to(&self, input: &Path, out: &Path) -> Output {
        self.run(&[
            "render".as_ref(),
            input.as_os_str(),
            "--width".as_ref(),
            "300".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.work).ok();
    }
}

#[test]
fn render_refuses_to_write_over_its_input() {
    let f = Fixture::new("render-self");
    let article = f.path(ARTICLE);
    let out = f.render_to(&article, &article);
    refused(&out, &[ARTICLE, "is the article being rendered"]);
    f.unchanged();
}

#[test]
fn render_refuses_its_input_spelt_another_way() {
    let f = Fixture::new("render-spelling");
    let article = f.path(ARTICLE);
    let spelt = f.corpus.join(".").join("x").join("..").join(ARTICLE);
    refused(
        &f.render_to(&article, &spelt),
        &["is the article being rendered"],
    );
    f.unchanged();
}

#[cfg(unix)]
#[test]
fn render_refuses_a_symbolic_link_to_its_input() {
    let f = Fixture::new("render-symlink");
    let article = f.path(ARTICLE);
    let link = f.work.join("page.png");
    std::os::unix::fs::symlink(&article, &link).unwrap();
    refused(
        &f.render_to(&article, &link),
        &["page.png", "is the article being rendered"],
    );
    f.unchanged();
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn render_refuses_a_hard_link_to_its_input() {
    let f = Fixture::new("render-hardlink");
    let article = f.path(ARTICLE);
    let link = f.work.join("page.png");
    std::fs::hard_link(&article, &link).unwrap();
    refused(
        &f.render_to(&article, &link),
        &["page.png", "is the article being rendered"],
    );
    f.unchanged();
}

#[test]
fn render_refuses_to_write_over_another_article() {
    let f = Fixture::new("render-other");
    let other = f.path("003_c21b3274f8c0af60.txt");
    refused(
        &f.render_to(&f.path(ARTICLE), &other),
        &["003_c21b3274f8c0af60.txt", "is a text file name"],
    );
    f.unchanged();
}

#[test]
fn render_refuses_to_write_into_the_store() {
    let f = Fixture::new("render-store");
    let labels = f.path(".hamesh/labels.json");
    refused(
        &f.render_to(&f.path(ARTICLE), &labels),
        &["labels.json", "is inside Hamesh's annotation store"],
    );
    f.unchanged();
}

/// A full disk, as the file size limit makes it (`ulimit -f`): the write fails part way, and
/// the page that was there is left whole, with no temporary file beside it.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_render_leaves_the_previous_page_whole() {
    let f = Fixture::new("render-full");
    let page = f.work.join("page.png");
    let out = f.render_to(&f.path(ARTICLE), &page);
    assert!(out.status.success());
    let previous = std::fs::read(&page).unwrap();
    assert!(previous.len() > 4096, "the page is larger than the limit");
    let out = Command::new("sh")
        .arg("-c")
        // Without the signal ignored, the limit would kill the process instead of failing
        // the write.
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_hamesh"))
        .args(["render", ARTICLE, "--width", "600", "--out"])
        .arg(&page)
        .current_dir(&f.corpus)
        .output()
        .expect("sh runs");
    refused(&out, &["cannot write", "page.png"]);
    assert!(
        std::fs::read(&page).unwrap() == previous,
        "the page is as it was"
    );
    let names: Vec<String> = std::fs::read_dir(&f.work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp-")),
        "no temporary file is left: {names:?}"
    );
}

#[test]
fn export_refuses_an_annotation_file_of_the_store() {
    let f = Fixture::new("export-annotations");
    let store_file = f.path(&format!(".hamesh/annotations/{ARTICLE}.json"));
    assert!(store_file.is_file(), "the fixture has annotations there");
    refused(
        &f.export_to(&store_file, &[]),
        &[
            "annotations",
            "is inside Hamesh's annotation store",
            "nothing was written",
        ],
    );
    f.unchanged();
    // The store is whole: the next export reads it.
    let out = f.export_to(&f.work.join("d.json"), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("and 17 spans"), "{err}");
}

#[test]
fn export_refuses_the_label_set() {
    let f = Fixture::new("export-labels");
    refused(
        &f.export_to(&f.path(".hamesh/labels.json"), &["--format", "jsonl"]),
        &["labels.json", "is inside Hamesh's annotation store"],
    );
    f.unchanged();
}

#[test]
fn export_refuses_a_new_file_inside_the_store() {
    let f = Fixture::new("export-store-new");
    refused(
        &f.export_to(&f.path(".hamesh/dataset.json"), &[]),
        &["is inside Hamesh's annotation store"],
    );
    f.unchanged();
}

#[test]
fn export_refuses_the_stores_of_read_only_corpora() {
    let f = Fixture::new("export-fallback");
    let fallback = f.work.join("data/corpora/some-corpus-0123/labels.json");
    std::fs::create_dir_all(fallback.parent().unwrap()).unwrap();
    std::fs::write(&fallback, b"{}").unwrap();
    refused(
        &f.export_to(&fallback, &[]),
        &["is inside Hamesh's annotation store"],
    );
    assert_eq!(std::fs::read(&fallback).unwrap(), b"{}");
}

#[test]
fn export_refuses_an_article_of_the_corpus() {
    let f = Fixture::new("export-article");
    refused(
        &f.export_to(&f.path(ARTICLE), &["--format", "conll"]),
        &[ARTICLE, "is an article of the corpus"],
    );
    f.unchanged();
}

#[cfg(unix)]
#[test]
fn export_refuses_an_article_reached_through_a_link() {
    let f = Fixture::new("export-article-link");
    let soft = f.work.join("soft.txt");
    std::os::unix::fs::symlink(f.path(ARTICLE), &soft).unwrap();
    refused(
        &f.export_to(&soft, &[]),
        &["soft.txt", "is an article of the corpus"],
    );
    let hard = f.work.join("hard.txt");
    std::fs::hard_link(f.path(ARTICLE), &hard).unwrap();
    refused(
        &f.export_to(&hard, &[]),
        &["hard.txt", "is an article of the corpus"],
    );
    f.unchanged();
}

#[test]
fn brat_refuses_the_corpus_folder_and_a_folder_containing_it() {
    let f = Fixture::new("export-brat");
    refused(
        &f.export_to(&f.corpus, &["--format", "brat"]),
        &["is the corpus folder itself"],
    );
    refused(
        &f.export_to(&f.work, &["--format", "brat"]),
        &["contains the corpus"],
    );
    refused(
        &f.export_to(&f.path(".hamesh/brat"), &["--format", "brat"]),
        &["is inside Hamesh's annotation store"],
    );
    f.unchanged();
    assert!(!f.path(".hamesh/brat").exists());
}

#[test]
fn a_file_format_refuses_the_corpus_folder() {
    let f = Fixture::new("export-folder");
    refused(
        &f.export_to(&f.corpus, &[]),
        &["is the corpus folder itself"],
    );
    f.unchanged();
}

#[test]
fn export_still_writes_beside_the_articles() {
    let f = Fixture::new("export-beside");
    let out = f.export_to(&f.path("dataset.json"), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(f.path("dataset.json").is_file());
}

#[test]
fn a_roundabout_spelling_of_the_store_is_caught() {
    let f = Fixture::new("export-spelling");
    refused(
        &f.export_to(&f.path("news/../.hamesh/./labels.json"), &[]),
        &["is inside Hamesh's annotation store"],
    );
    f.unchanged();
}

/// The check is the export driver's, so File → Export… in the window is refused the same way,
/// with the fallback store it was given.
#[test]
fn the_export_driver_refuses_before_writing_for_the_window_too() {
    use hamesh::dataset::{ExportError, Format, OffsetUnit};
    let f = Fixture::new("export-driver");
    let mut options = dataset_support::options(
        Format::Json,
        OffsetUnit::CodePoint,
        &f.path(".hamesh/labels.json"),
    );
    let mut called = false;
    let result = hamesh::dataset::export(&f.corpus, &options, &mut |_| {
        called = true;
        true
    });
    assert!(matches!(result, Err(ExportError::Options(_))), "{result:?}");
    assert!(!called, "no document was prepared");
    f.unchanged();
    let fallback = f.work.join("elsewhere");
    options.fallback_root = Some(fallback.clone());
    options.output = fallback.join("corpora/x/annotations/a.txt.json");
    let err = hamesh::dataset::export(&f.corpus, &options, &mut |_| true).unwrap_err();
    assert!(
        err.to_string()
            .contains("is inside Hamesh's annotation store"),
        "{err}"
    );
    assert!(!options.output.exists());
}
