//! Temporary files a killed process left: the next import, export or opening of the store
//! removes ours that are stale (their process is gone, or they are over an hour old), and
//! nothing else.

#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, SystemTime};

use hamesh::annotate::Store;
use hamesh::ui::annotation::index::SummaryIndex;

use super::support::*;

/// A process number that was used and is free again.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("true runs");
    let pid = child.id();
    child.wait().expect("exits");
    pid
}

/// A process that runs while the test does.
struct Alive(Child);

impl Alive {
    fn new() -> Alive {
        Alive(
            Command::new("sleep")
                .arg("600")
                .spawn()
                .expect("sleep runs"),
        )
    }

    fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn plant(path: &Path, age: Duration) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, b"half written").expect("write");
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    file.set_modified(SystemTime::now() - age).expect("mtime");
}

const FRESH: Duration = Duration::from_secs(0);
const OLD: Duration = Duration::from_secs(2 * 60 * 60);

/// Plants, under `dir`, temporaries that are stale (a dead process's; a live one's but two
/// hours old) and ones that must stay (a live process's fresh one; names that are not ours).
/// Returns (stale, kept) relative paths.
fn plant_in(dir: &Path, sub: &str, alive: &Alive) -> (Vec<String>, Vec<String>) {
    let (dead, live) = (dead_pid(), alive.pid());
    let stale = vec![
        format!("{sub}.a.txt.tmp-{dead}"),
        format!("{sub}.b.txt.tmp-{live}"),
    ];
    let kept = vec![
        format!("{sub}.c.txt.tmp-{live}"),
        format!("{sub}.notes.tmp-abc"),
        format!("{sub}a.txt.tmp-{dead}"),
        format!("{sub}.a.txt.tmp-{dead}.bak"),
    ];
    plant(&dir.join(&stale[0]), FRESH);
    plant(&dir.join(&stale[1]), OLD);
    for k in &kept {
        plant(&dir.join(k), FRESH);
    }
    (stale, kept)
}

fn check(dir: &Path, stale: &[String], kept: &[String]) {
    for s in stale {
        assert!(!dir.join(s).exists(), "{s} is stale and was left");
    }
    for k in kept {
        assert!(dir.join(k).exists(), "{k} was removed");
    }
}

#[test]
fn an_import_removes_stale_temporaries_in_the_corpus_and_its_store() {
    let dir = TempDir::new("stale-import");
    let corpus = dir.corpus();
    let alive = Alive::new();
    let (corpus_stale, corpus_kept) = plant_in(&corpus, "news/", &alive);
    let (store_stale, store_kept) = plant_in(&corpus, ".hamesh/annotations/news/", &alive);
    let (top_stale, top_kept) = plant_in(&corpus, ".hamesh/", &alive);
    let file = dir.write("in.jsonl", jsonl_line("a.txt", ARABIC, 4).as_bytes());
    import(&file, &corpus, import_options(&dir.path("data"))).expect("imports");
    check(&corpus, &corpus_stale, &corpus_kept);
    check(&corpus, &store_stale, &store_kept);
    check(&corpus, &top_stale, &top_kept);
    assert!(corpus.join(".hamesh/annotations/a.txt.json").is_file());
}

#[test]
fn an_export_removes_the_stale_temporaries_of_its_output() {
    let dir = TempDir::new("stale-export");
    let corpus = dir.corpus();
    let alive = Alive::new();
    let out_dir = dir.path("out");
    let dead = dead_pid();
    let stale = [format!(".d.json.tmp-{dead}")];
    let kept = [
        format!(".d.json.tmp-{}", alive.pid()),
        format!(".other.json.tmp-{dead}"),
    ];
    plant(&out_dir.join(&stale[0]), FRESH);
    for k in &kept {
        plant(&out_dir.join(k), FRESH);
    }
    // A brat export's temporary folder, half written.
    let brat_tmp = out_dir.join(format!(".brat.tmp-{dead}"));
    plant(&brat_tmp.join("a.txt"), FRESH);
    export(
        &corpus,
        export_options(&out_dir.join("d.json"), &dir.path("data")),
    )
    .expect("exports");
    check(&out_dir, &stale, &kept);
    let brat = hamesh::dataset::ExportOptions {
        format: hamesh::dataset::Format::Brat,
        ..export_options(&out_dir.join("brat"), &dir.path("data"))
    };
    export(&corpus, brat).expect("exports");
    assert!(!brat_tmp.exists());
    assert!(out_dir.join("brat/a.txt").is_file());
}

#[test]
fn opening_the_window_s_annotation_index_removes_stale_temporaries_of_the_store() {
    let dir = TempDir::new("stale-index");
    let corpus = dir.corpus();
    let alive = Alive::new();
    let (stale, kept) = plant_in(&corpus, ".hamesh/annotations/news/", &alive);
    let (top_stale, top_kept) = plant_in(&corpus, ".hamesh/", &alive);
    let store = Store::open(&corpus, &dir.path("data"));
    let mut index = SummaryIndex::start(store, || {});
    promptly("the index", move || {
        index.wait();
        index.is_done()
    });
    check(&corpus, &stale, &kept);
    check(&corpus, &top_stale, &top_kept);
}
