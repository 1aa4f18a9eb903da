//! Scanning a folder for articles.
//!
//! Two phases, so a window can show the list before every file is read: the walk finds the text
//! files (`.txt`, `.text`, `.md`) recursively, skipping hidden folders (Hamesh's own `.hamesh`
//! among them) and following symbolic links without looping, and sorts them naturally; then each
//! file is read and summarised in that order. Files that cannot be read are listed with the
//! reason, never dropped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::decode::decode;
use super::document::DocumentInfo;
use super::files::{Folder, ScanOptions};
use super::natural::natural_cmp;

/// File name extensions scanned, lower case.
pub const EXTENSIONS: [&str; 3] = ["txt", "text", "md"];

/// One scanned file.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Path relative to the corpus root, with `/` separators.
    pub path: String,
    #[serde(flatten)]
    pub info: Option<DocumentInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Events of a scan, in order: `Found` once, then `Read` for each file, then `Done`.
#[derive(Debug)]
pub enum ScanEvent {
    /// The walk finished: every file, relative paths, naturally sorted.
    Found(Vec<String>),
    /// File `index` of the `Found` list was read.
    Read(usize, Entry),
    /// A folder could not be listed.
    Problem(String),
    Done,
}

fn is_text_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Finds the text files under `root`. Problems (unreadable folders) go to `problems`.
pub fn walk(root: &Path, problems: &mut Vec<String>) -> Vec<String> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        // A folder reached twice (a symlink loop, or two links to one place) is walked once.
        let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !seen.insert(key) {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            // `metadata` follows symlinks; a dangling link is skipped like any unreadable entry.
            let Ok(meta) = std::fs::metadata(&path) else {
                if is_text_file(&path) {
                    files.push(relative(root, &path));
                }
                continue;
            };
            if meta.is_dir() {
                if !hidden {
                    stack.push(path);
                }
            } else if is_text_file(&path) {
                files.push(relative(root, &path));
            }
        }
    }
    files.sort_by(|a, b| natural_cmp(a, b));
    files.dedup();
    files
}

/// Reads and summarises one file.
pub fn read_entry(folder: &Folder, rel: &str) -> Entry {
    let result = folder.read_bytes(rel).and_then(|bytes| {
        let shown = folder.path_of(rel).display().to_string();
        decode(&bytes, &shown).map(|(t, e)| DocumentInfo::of(&t, e, bytes.len() as u64))
    });
    match result {
        Ok(info) => Entry {
            path: rel.to_string(),
            info: Some(info),
            error: None,
        },
        Err(e) => Entry {
            path: rel.to_string(),
            info: None,
            error: Some(e.reason()),
        },
    }
}

/// Scans `root` with the default options ([`scan_folder`]).
pub fn scan(root: &Path, on_event: impl FnMut(ScanEvent)) -> Vec<Entry> {
    scan_folder(&Folder::new(root, ScanOptions::default()), on_event)
}

/// Scans a folder, reporting progress through `on_event` (call it from a worker thread and
/// send the events to the UI). Returns the entries in natural order.
pub fn scan_folder(folder: &Folder, mut on_event: impl FnMut(ScanEvent)) -> Vec<Entry> {
    let mut problems = Vec::new();
    let files = walk(folder.root(), &mut problems);
    for p in problems {
        on_event(ScanEvent::Problem(p));
    }
    on_event(ScanEvent::Found(files.clone()));
    let mut entries = Vec::with_capacity(files.len());
    for (i, rel) in files.iter().enumerate() {
        let entry = read_entry(folder, rel);
        on_event(ScanEvent::Read(i, entry.clone()));
        entries.push(entry);
    }
    on_event(ScanEvent::Done);
    entries
}

/// The folder holding `path` and the path relative to it, for `hamesh FILE`.
pub fn split_file(path: &Path) -> Option<(PathBuf, String)> {
    let parent = path.parent()?;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Some((
        parent.to_path_buf(),
        path.file_name()?.to_string_lossy().into(),
    ))
}
