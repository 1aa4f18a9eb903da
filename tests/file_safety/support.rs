//! Temporary corpora, commands with a deadline, and the export and import the tests run.

#![allow(dead_code, reason = "each test file uses part of the shared support")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use hamesh::dataset::{ExportOptions, Format, Summary};

/// How long a case may take before it counts as hanging.
pub const DEADLINE: Duration = Duration::from_secs(20);

pub const ARABIC: &str = "قالت الحكومة الروسية في بيان رسمي إن المحادثات مستمرة.";

/// A fresh folder for one test, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("hamesh-safety-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// A corpus folder `corpus` inside, with one ordinary article `a.txt`.
    pub fn corpus(&self) -> PathBuf {
        self.write("corpus/a.txt", ARABIC.as_bytes());
        self.path("corpus")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `f` on a thread and fails the test if it does not return within [`DEADLINE`] (a
/// regression would otherwise hang the whole test run).
pub fn promptly<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what} did not return within {DEADLINE:?}"))
}

/// Runs `hamesh ARGS` with extra environment variables, killed after [`DEADLINE`].
pub fn hamesh(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hamesh runs");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hamesh {args:?} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Makes a named pipe at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The export options of these tests: native JSON to `out`, the data folder under `data`.
pub fn export_options(out: &Path, data: &Path) -> ExportOptions {
    ExportOptions {
        format: Format::Json,
        output: out.to_path_buf(),
        fallback_root: Some(data.to_path_buf()),
        ..ExportOptions::default()
    }
}

/// Exports `corpus` with `options`, within the deadline.
pub fn export(corpus: &Path, options: ExportOptions) -> Result<Summary, String> {
    let corpus = corpus.to_path_buf();
    promptly("export", move || {
        hamesh::dataset::export(&corpus, &options, &mut |_| true).map_err(|e| e.to_string())
    })
}

/// The paths of the documents a native export holds.
pub fn exported_paths(out: &Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out).expect("export written")).expect("json");
    v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect()
}

/// Opens `root` as the window does and polls its scan, as frames would, until it is done;
/// fails if that takes longer than [`DEADLINE`]. Returns each article's path and reason.
pub fn window_scan(corpus: hamesh::ui::corpus_view::Corpus) -> Vec<(String, Option<String>)> {
    let mut corpus = corpus;
    let started = Instant::now();
    while !corpus.is_done() {
        assert!(
            started.elapsed() < DEADLINE,
            "the window's scan did not finish"
        );
        corpus.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
    corpus
        .articles()
        .iter()
        .map(|a| (a.path.clone(), a.error.clone()))
        .collect()
}

/// Imports `file` into `corpus`, within the deadline.
pub fn import(
    file: &Path,
    corpus: &Path,
    options: hamesh::dataset::ImportOptions,
) -> Result<hamesh::dataset::ImportReport, String> {
    let (file, corpus) = (file.to_path_buf(), corpus.to_path_buf());
    promptly("import", move || {
        hamesh::dataset::import(&file, &corpus, &options, &mut |_| true).map_err(|e| e.to_string())
    })
}

/// The import options of these tests: the data folder under `data`.
pub fn import_options(data: &Path) -> hamesh::dataset::ImportOptions {
    hamesh::dataset::ImportOptions {
        fallback_root: Some(data.to_path_buf()),
        ..hamesh::dataset::ImportOptions::default()
    }
}

/// A jsonl line in doccano's shape: `text` at `path`, its first `chars` code points a PER span.
pub fn jsonl_line(path: &str, text: &str, chars: usize) -> String {
    serde_json::json!({"text": text, "path": path, "label": [[0, chars, "PER"]]}).to_string()
}

/// Every entry under `dir` (links listed, not followed), relative and sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            }
            out.push(rel);
        }
    }
    out.sort();
    out
}
