//! Scanning a folder for articles.
//!
//! Two phases, so a window can show the list before every file is read: the walk finds the text
//! files (`.txt`, `.text`, `.md`) recursively, skipping hidden folders (Hamesh's own `.hamesh`
//! among them) and following symbolic links that stay inside the corpus without looping, and
//! sorts them naturally; then each file is read and summarised in that order. Files that cannot
//! be read, or are not read (a link out of the corpus), are listed with the reason, never
//! dropped; a folder that is not entered is reported as a problem.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::fsutil::stale::temporary_pid;

use super::decode::{DecodeError, decode};
use super::document::DocumentInfo;
use super::files::{Folder, NameOf, ScanOptions, name_problem, outside_reason, shown_name};
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

pub fn is_text_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| shown_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// What the walk of a corpus folder found.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Every text file, relative `/`-separated paths, naturally sorted; those that will not be
    /// read are included, so that lists show them with their reason.
    pub files: Vec<String>,
    /// Why some of `files` are not read (a link out of the corpus, a name to rename), by path.
    pub refused: HashMap<String, String>,
    /// Files reached through a symbolic link (to a place inside the corpus, or followed out
    /// of it); the others are inside the corpus by the way they were found.
    pub through_links: HashSet<String>,
    /// Folders that could not be listed or were not entered, with the reason.
    pub problems: Vec<String>,
    /// Hamesh's own temporary files found on the way (`.NAME.tmp-PID`), for a writer to
    /// remove those a killed process left ([`crate::fsutil::stale`]); the walk touches none.
    pub temporaries: Vec<PathBuf>,
}

impl Listing {
    /// Reads and summarises file `rel` of the listing.
    pub fn read_entry(&self, folder: &Folder, rel: &str) -> Entry {
        match self.refused.get(rel) {
            Some(reason) => Entry {
                path: rel.to_string(),
                info: None,
                error: Some(reason.clone()),
            },
            // Resolving every path again would cost the scan a tenth of its time; only those
            // found through a link need it.
            None => summarise(
                rel,
                folder.read_bytes_resolving(rel, self.through_links.contains(rel)),
                folder,
            ),
        }
    }
}

/// Finds the text files of a corpus folder.
///
/// Symbolic links are followed when they stay inside the corpus (or when the options say to
/// follow every link); one that leads out is listed as refused (a file) or as a problem (a
/// folder). So is a name that is not UTF-8 or holds a control character (shown with its odd
/// bytes as `\xNN`): such a path cannot be written into a dataset and read back as the same
/// file. A folder reached twice (a link loop, or two links to one place) is walked once.
pub fn walk(folder: &Folder) -> Listing {
    let root = folder.root();
    let mut listing = Listing::default();
    let mut seen = HashSet::new();
    // Each folder with whether it was reached through a link.
    let mut stack = vec![(root.to_path_buf(), false)];
    while let Some((dir, linked_dir)) = stack.pop() {
        let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !seen.insert(key) {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                listing.problems.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let hidden = name.as_encoded_bytes().starts_with(b".");
            if hidden && temporary_pid(&name).is_some() {
                listing.temporaries.push(path);
                continue;
            }
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let linked = linked_dir || file_type.is_symlink();
            let (is_dir, outside) = if file_type.is_symlink() {
                match std::fs::canonicalize(&path) {
                    // Dangling: listed like any unreadable file, so the read says "not found".
                    Err(_) => (false, None),
                    Ok(real) => (
                        real.is_dir(),
                        (!folder.options().follow_links && !folder.contains(&real)).then_some(real),
                    ),
                }
            } else {
                (file_type.is_dir(), None)
            };
            // A name that cannot travel through a dataset first, then a link out.
            let refusal =
                |what| name_problem(&name, what).or_else(|| outside.as_deref().map(outside_reason));
            if is_dir {
                if hidden {
                    continue;
                }
                match refusal(NameOf::Folder) {
                    Some(reason) => listing
                        .problems
                        .push(format!("{}/: {reason}", relative(root, &path))),
                    None => stack.push((path, linked)),
                }
            } else if is_text_file(&path) {
                let rel = relative(root, &path);
                if let Some(reason) = refusal(NameOf::File) {
                    listing.refused.insert(rel.clone(), reason);
                } else if linked {
                    listing.through_links.insert(rel.clone());
                }
                listing.files.push(rel);
            }
        }
    }
    listing.files.sort_by(|a, b| natural_cmp(a, b));
    listing.files.dedup();
    listing.problems.sort();
    listing
}

/// Reads and summarises one file.
pub fn read_entry(folder: &Folder, rel: &str) -> Entry {
    summarise(rel, folder.read_bytes(rel), folder)
}

/// The entry of file `rel` from its bytes, or from why they could not be read.
fn summarise(rel: &str, read: Result<Vec<u8>, DecodeError>, folder: &Folder) -> Entry {
    let result = read.and_then(|bytes| {
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
    let listing = walk(folder);
    for p in &listing.problems {
        on_event(ScanEvent::Problem(p.clone()));
    }
    on_event(ScanEvent::Found(listing.files.clone()));
    let mut entries = Vec::with_capacity(listing.files.len());
    for (i, rel) in listing.files.iter().enumerate() {
        let entry = listing.read_entry(folder, rel);
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
