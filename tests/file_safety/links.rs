//! Symbolic links that lead out of the corpus: listed as skipped with the reason unless the
//! user opts in, never written through; links that stay inside keep working.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::PathBuf;

use hamesh::annotate::store::{DATA_DIR, Fallback};
use hamesh::annotate::{DocumentAnnotations, Source, Store, StoreError};
use hamesh::corpus::files::{Folder, ScanOptions};
use hamesh::corpus::scan::{Entry, ScanEvent, scan, scan_folder};
use hamesh::dataset::ExportOptions;
use hamesh::ui::corpus_view::Corpus;

use super::support::*;

const SECRET: &str = "private notes of the user";
const OTHER: &str = "وقال الرئيس فلاديمير بوتين إن بلاده ستدعم المحادثات.";

/// A corpus with links out (a folder `etc_link`, a file `hosts.txt`) and links that stay
/// inside (a folder `alias` to the hidden `.archive/2015`, which the walk would skip, and a
/// file `same.txt` to `a.txt`).
struct Linked {
    dir: TempDir,
    corpus: PathBuf,
    /// The folder outside, with the links in its path resolved (as reasons name it).
    outside: PathBuf,
}

fn linked(name: &str) -> Linked {
    let dir = TempDir::new(name);
    let corpus = dir.corpus();
    dir.write("outside/secret.txt", SECRET.as_bytes());
    dir.write("corpus/news/b.txt", OTHER.as_bytes());
    dir.write("corpus/.archive/2015/c.txt", OTHER.as_bytes());
    let outside = std::fs::canonicalize(dir.path("outside")).expect("outside");
    symlink(&outside, corpus.join("etc_link")).expect("symlink");
    symlink(outside.join("secret.txt"), corpus.join("hosts.txt")).expect("symlink");
    symlink(corpus.join(".archive/2015"), corpus.join("alias")).expect("symlink");
    symlink("a.txt", corpus.join("same.txt")).expect("symlink");
    Linked {
        dir,
        corpus,
        outside,
    }
}

impl Linked {
    fn reason_for(&self, target: &str) -> String {
        format!(
            "a link out of the corpus, to {}; turn on following links (--follow-links) to include it",
            self.outside.join(target).display()
        )
    }
}

fn following() -> ScanOptions {
    ScanOptions {
        follow_links: true,
        ..ScanOptions::default()
    }
}

fn entry<'a>(entries: &'a [Entry], path: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("{path} not listed in {entries:?}"))
}

fn paths(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.path.as_str()).collect()
}

#[test]
fn a_file_link_out_of_the_corpus_is_listed_with_the_reason() {
    let l = linked("links-file");
    let entries = scan(&l.corpus, |_| {});
    let hosts = entry(&entries, "hosts.txt");
    assert!(hosts.info.is_none());
    assert_eq!(
        hosts.error.as_deref(),
        Some(l.reason_for("secret.txt").as_str())
    );
}

#[test]
fn a_folder_link_out_of_the_corpus_is_not_entered_and_is_reported() {
    let l = linked("links-folder");
    let mut problems = Vec::new();
    let entries = scan(&l.corpus, |e| {
        if let ScanEvent::Problem(p) = e {
            problems.push(p);
        }
    });
    assert!(
        !paths(&entries).iter().any(|p| p.starts_with("etc_link")),
        "{entries:?}"
    );
    assert_eq!(
        problems,
        [format!(
            "etc_link/: a link out of the corpus, to {}; turn on following links \
             (--follow-links) to include it",
            l.outside.display()
        )]
    );
}

#[test]
fn links_that_stay_inside_the_corpus_keep_working() {
    let l = linked("links-inside");
    let entries = scan(&l.corpus, |_| {});
    assert_eq!(
        paths(&entries),
        [
            "a.txt",
            "alias/c.txt",
            "hosts.txt",
            "news/b.txt",
            "same.txt"
        ]
    );
    for inside in ["alias/c.txt", "same.txt"] {
        let e = entry(&entries, inside);
        assert!(e.info.is_some(), "{inside}: {:?}", e.error);
    }
}

#[test]
fn following_links_reads_what_they_lead_to() {
    let l = linked("links-follow");
    let entries = scan_folder(&Folder::new(&l.corpus, following()), |_| {});
    for out in ["etc_link/secret.txt", "hosts.txt"] {
        let e = entry(&entries, out);
        assert_eq!(
            e.info.as_ref().map(|i| i.title.as_str()),
            Some(SECRET),
            "{out}"
        );
    }
}

#[test]
fn ls_says_which_links_were_skipped_and_why() {
    let l = linked("links-ls");
    let out = hamesh(&["ls", l.corpus.to_str().expect("utf-8 path")], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!(
            "hosts.txt\tcannot be read: {}",
            l.reason_for("secret.txt")
        )),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("etc_link/: a link out of the corpus"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains(SECRET));
}

#[test]
fn the_window_lists_links_out_as_skipped_unless_the_setting_follows_them() {
    let l = linked("links-window");
    let listed = window_scan(Corpus::open(l.corpus.clone(), || {}));
    let hosts = listed
        .iter()
        .find(|(p, _)| p == "hosts.txt")
        .expect("listed");
    assert_eq!(
        hosts.1.as_deref(),
        Some(l.reason_for("secret.txt").as_str())
    );
    assert!(!listed.iter().any(|(p, _)| p.starts_with("etc_link")));
    let folder = Folder::new(l.corpus.clone(), following());
    let listed = window_scan(Corpus::open_with(folder, false, || {}));
    assert!(
        listed
            .iter()
            .any(|(p, error)| p == "etc_link/secret.txt" && error.is_none()),
        "{listed:?}"
    );
}

#[test]
fn the_reader_refuses_a_link_out_of_the_corpus_unless_the_setting_follows_it() {
    use hamesh::ui::article::{Loaded, Reading};
    let l = linked("links-reader");
    let mut reading = Reading::default();
    let folder = Folder::new(l.corpus.clone(), ScanOptions::default());
    let style = hamesh::text::TextStyle::default();
    reading.load(&folder, "hosts.txt", (None, None), style.clone(), || {});
    match reading.wait() {
        Some(Loaded::Failed { message, .. }) => {
            assert!(message.contains("a link out of the corpus"), "{message}")
        }
        _ => panic!("the link out was read"),
    }
    let folder = Folder::new(l.corpus.clone(), following());
    reading.load(&folder, "hosts.txt", (None, None), style, || {});
    assert!(matches!(reading.wait(), Some(Loaded::Opened)));
    assert!(
        reading
            .current
            .is_some_and(|a| a.chars == SECRET.chars().count())
    );
}

#[test]
fn an_export_leaves_links_out_and_says_which_and_why() {
    let l = linked("links-export");
    let out = l.dir.path("out.json");
    let summary = export(&l.corpus, export_options(&out, &l.dir.path("data"))).expect("exports");
    assert_eq!(
        exported_paths(&out),
        ["a.txt", "alias/c.txt", "news/b.txt", "same.txt"]
    );
    assert_eq!(
        summary.skipped,
        [format!("hosts.txt: {}", l.reason_for("secret.txt"))]
    );
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.starts_with("etc_link/: a link out of the corpus")),
        "{:?}",
        summary.warnings
    );
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(!written.contains(SECRET));
}

#[test]
fn an_export_that_follows_links_includes_what_they_lead_to() {
    let l = linked("links-export-follow");
    let out = l.dir.path("out.json");
    let options = ExportOptions {
        follow_links: true,
        ..export_options(&out, &l.dir.path("data"))
    };
    let summary = export(&l.corpus, options).expect("exports");
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    let exported = exported_paths(&out);
    assert!(
        exported.contains(&"etc_link/secret.txt".to_string())
            && exported.contains(&"hosts.txt".to_string()),
        "{exported:?}"
    );
}

#[test]
fn an_import_through_a_linked_folder_is_refused_and_writes_nothing() {
    for follow_links in [false, true] {
        let l = linked(&format!("links-import-{follow_links}"));
        let file = l.dir.write(
            "in.jsonl",
            jsonl_line("etc_link/new.txt", OTHER, 4).as_bytes(),
        );
        let (corpus_before, outside_before) = (tree(&l.corpus), tree(&l.outside));
        let options = hamesh::dataset::ImportOptions {
            follow_links,
            ..import_options(&l.dir.path("data"))
        };
        let err = import(&file, &l.corpus, options).expect_err("refused");
        assert!(
            err.contains("etc_link/new.txt would be written through a link out of the corpus"),
            "{err}"
        );
        assert_eq!(
            tree(&l.outside),
            outside_before,
            "follow_links {follow_links}"
        );
        assert_eq!(
            tree(&l.corpus),
            corpus_before,
            "follow_links {follow_links}"
        );
    }
}

#[test]
fn an_import_of_a_document_reached_through_a_followed_link_annotates_inside_the_corpus() {
    let l = linked("links-import-existing");
    let file = l.dir.write(
        "in.jsonl",
        jsonl_line("etc_link/secret.txt", SECRET, 7).as_bytes(),
    );
    let outside_before = tree(&l.outside);
    let options = hamesh::dataset::ImportOptions {
        follow_links: true,
        ..import_options(&l.dir.path("data"))
    };
    let report = import(&file, &l.corpus, options).expect("imports");
    assert_eq!(report.annotated, 1);
    assert!(
        l.corpus
            .join(".hamesh/annotations/etc_link/secret.txt.json")
            .is_file()
    );
    assert_eq!(tree(&l.outside), outside_before);
}

fn some_annotations() -> DocumentAnnotations {
    DocumentAnnotations::new(Source::default(), "amina")
}

#[test]
fn a_data_folder_linked_out_of_the_corpus_is_not_written_through() {
    let l = linked("links-store");
    let elsewhere = l.dir.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    symlink(&elsewhere, l.corpus.join(DATA_DIR)).expect("symlink");
    let data = l.dir.path("data");
    let store = Store::open(&l.corpus, &data);
    assert!(
        matches!(store.fallback(), Some(Fallback::LinkOutside { .. })),
        "{:?}",
        store.fallback()
    );
    assert!(store.data_dir().starts_with(&data));
    store.save("a.txt", &some_annotations()).expect("saves");
    assert!(tree(&elsewhere).is_empty(), "{:?}", tree(&elsewhere));
    assert!(store.path_for("a.txt").expect("path").is_file());
}

#[test]
fn an_import_into_a_corpus_whose_data_folder_is_linked_out_writes_to_the_data_folder() {
    let l = linked("links-store-import");
    let elsewhere = l.dir.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    symlink(&elsewhere, l.corpus.join(DATA_DIR)).expect("symlink");
    let file = l
        .dir
        .write("in.jsonl", jsonl_line("a.txt", ARABIC, 4).as_bytes());
    let report = import(&file, &l.corpus, import_options(&l.dir.path("data"))).expect("imports");
    assert_eq!(report.annotated, 1);
    assert!(tree(&elsewhere).is_empty(), "{:?}", tree(&elsewhere));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("is a link out of the folder")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_linked_folder_inside_the_store_is_neither_read_nor_written() {
    let l = linked("links-store-sub");
    let elsewhere = l.dir.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::fs::create_dir_all(l.corpus.join(".hamesh/annotations")).expect("mkdir");
    symlink(&elsewhere, l.corpus.join(".hamesh/annotations/news")).expect("symlink");
    let store = Store::open(&l.corpus, &l.dir.path("data"));
    assert!(!store.is_fallback());
    let err = store
        .save("news/b.txt", &some_annotations())
        .expect_err("refused");
    assert!(matches!(err, StoreError::LinkOutside { .. }), "{err}");
    assert!(tree(&elsewhere).is_empty());
}

#[test]
fn ls_with_follow_links_reads_what_links_out_lead_to() {
    let l = linked("links-ls-follow");
    let corpus = l.corpus.to_str().expect("utf-8 path");
    let out = hamesh(&["ls", corpus, "--follow-links"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(SECRET), "{}", stdout(&out));
    assert!(!stdout(&out).contains("a link out of the corpus"));
}

#[test]
fn export_with_follow_links_includes_what_links_out_lead_to() {
    let l = linked("links-export-follow");
    let out_file = l.dir.path("dataset.json");
    let (corpus, out_path) = (
        l.corpus.to_str().expect("utf-8 path"),
        out_file.to_str().expect("utf-8 path"),
    );
    let plain = hamesh(&["export", corpus, "-o", out_path], &[]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let written = std::fs::read_to_string(&out_file).expect("the dataset");
    assert!(!written.contains(SECRET));
    std::fs::remove_file(&out_file).expect("removed");
    let followed = hamesh(&["export", corpus, "-o", out_path, "--follow-links"], &[]);
    assert!(followed.status.success(), "{}", stderr(&followed));
    let written = std::fs::read_to_string(&out_file).expect("the dataset");
    assert!(written.contains(SECRET));
}

/// The window's File menu item turns the setting on and reads the folder again.
#[test]
fn the_window_s_menu_item_follows_links_out_and_reads_the_folder_again() {
    use egui_kittest::kittest::Queryable;
    use hamesh::ui::{HameshApp, Startup};
    let l = linked("links-menu");
    let settings = l.dir.path("config/settings.json");
    let (open, data) = (l.corpus.clone(), l.dir.path("data"));
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_eframe(move |cc| {
            let startup = Startup::new(settings, Some(open)).with_fallback_root(data);
            HameshApp::new(&cc.egui_ctx, startup)
        });
    let scanned = |app: &HameshApp, path: &str| {
        let folder = app.folder()?;
        if !folder.scan_done() {
            return None;
        }
        let article = folder.articles().iter().find(|a| a.path == path)?;
        Some(article.error.clone())
    };
    let deadline = std::time::Instant::now() + DEADLINE;
    while scanned(harness.state(), "hosts.txt").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the scan did not finish"
        );
        harness.step();
    }
    assert!(
        scanned(harness.state(), "hosts.txt").flatten().is_some(),
        "skipped at first"
    );
    harness.get_by_label("File").click();
    harness.run_ok();
    harness
        .get_by_label("Read links that lead out of the folder")
        .click();
    harness.run_ok();
    assert!(harness.state().settings().follow_links);
    let deadline = std::time::Instant::now() + DEADLINE;
    while scanned(harness.state(), "etc_link/secret.txt").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the folder was not read again"
        );
        harness.step();
    }
    assert_eq!(scanned(harness.state(), "etc_link/secret.txt"), Some(None));
}
