//! Import, continued: which corpus document a record goes to, and how its annotations meet the
//! ones already there.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::annotate::anchor::place;
use crate::annotate::span::sha256_hex;
use crate::annotate::{DocStatus, DocumentAnnotations, Store, StoreError};
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::fsutil::lands_outside;

use crate::annotate::Source;
use crate::corpus::scan::EXTENSIONS;

use super::options::MergeMode;
use super::types::Checked;

/// A field and what is wrong with it.
pub type Problem = (&'static str, String);

/// Where a record goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A document of the corpus with the same text (at the record's path, or found by text).
    Existing {
        rel: String,
        encoding: String,
        by_text: bool,
    },
    /// A new text file.
    New { rel: String, why: String },
}

impl Target {
    pub fn rel(&self) -> &str {
        match self {
            Target::Existing { rel, .. } | Target::New { rel, .. } => rel,
        }
    }

    pub fn is_new(&self) -> bool {
        matches!(self, Target::New { .. })
    }
}

/// What can be read ahead for a record, on any thread: the corpus file at its path (its hash
/// and encoding) and that document's annotations.
#[derive(Debug, Default)]
pub struct Probe {
    pub file: Option<Result<(String, String), String>>,
    pub existing: Option<Result<Option<DocumentAnnotations>, String>>,
}

/// Finds targets, remembering which are taken.
pub struct Matcher<'a> {
    folder: &'a Folder,
    /// Hamesh's temporary files the walk of the corpus found, for the import to clean up.
    pub temporaries: Vec<PathBuf>,
    files: HashSet<String>,
    index: Option<HashMap<String, String>>,
    taken: HashMap<String, usize>,
    count: usize,
}

impl<'a> Matcher<'a> {
    pub fn new(folder: &'a Folder) -> Matcher<'a> {
        let listing = walk(folder);
        Matcher {
            folder,
            temporaries: listing.temporaries,
            files: listing.files.into_iter().collect(),
            index: None,
            taken: HashMap::new(),
            count: 0,
        }
    }

    /// Reads what `target` will need about `rec`'s path; safe to call from several threads.
    pub fn probe(&self, store: &Store, rec: &Checked) -> Probe {
        let Some(p) = rec.path.as_deref().filter(|p| self.files.contains(*p)) else {
            return Probe::default();
        };
        Probe {
            file: Some(
                self.folder
                    .read_text(p)
                    .map(|(text, enc)| (sha256_hex(&text), enc.name().to_string()))
                    .map_err(|e| e.reason()),
            ),
            existing: Some(store.load(p).map_err(|e| e.to_string())),
        }
    }

    fn by_text(&mut self, sha: &str) -> Option<Target> {
        let folder = self.folder;
        let rel = self
            .index
            .get_or_insert_with(|| hash_index(folder))
            .get(sha)?
            .clone();
        let (_, enc) = folder.read_text(&rel).ok()?;
        Some(Target::Existing {
            rel,
            encoding: enc.name().to_string(),
            by_text: true,
        })
    }

    /// Whether nothing (not even a link that leads nowhere) is at `rel`.
    fn free(&self, rel: &str) -> bool {
        !self.files.contains(rel)
            && !self.taken.contains_key(rel)
            && std::fs::symlink_metadata(self.folder.path_of(rel)).is_err()
    }

    /// A new file's name near `rel` that nothing uses.
    fn fresh(&self, rel: &str, tag: &str) -> String {
        let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, "txt"));
        (0..)
            .map(|n| match n {
                0 => format!("{stem}.{tag}.{ext}"),
                n => format!("{stem}.{tag}-{n}.{ext}"),
            })
            .find(|c| self.free(c))
            .unwrap_or_default()
    }

    /// The target of `rec`, marked as taken.
    pub fn target(&mut self, rec: &Checked, probe: &mut Probe) -> Result<Target, Problem> {
        self.count += 1;
        let target = self.find(rec, probe)?;
        if let Target::New { rel, .. } = &target
            && let Some(message) = new_file_outside(self.folder, rel)
        {
            return Err(("path", message));
        }
        if let Some(other) = self.taken.insert(target.rel().to_string(), self.count) {
            return Err((
                "path",
                format!(
                    "goes to {}, like record {other} of this file; a document can be imported once",
                    target.rel()
                ),
            ));
        }
        Ok(target)
    }

    fn find(&mut self, rec: &Checked, probe: &mut Probe) -> Result<Target, Problem> {
        let Some(p) = &rec.path else {
            if let Some(t) = self.by_text(&rec.sha256) {
                return Ok(t);
            }
            let id: String = rec
                .id
                .as_deref()
                .unwrap_or("document")
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let base = format!("imported/{id}.txt");
            let rel = if self.free(&base) {
                base
            } else {
                self.fresh(&base, "new")
            };
            return Ok(Target::New {
                rel,
                why: "a new text; the record had no path".into(),
            });
        };
        if p.chars().any(char::is_control) {
            return Err((
                "path",
                format!(
                    "{p:?} holds a line break or another control character; Hamesh does not \
                     use such file names (the scan lists such files as to be renamed, and an \
                     export skips them)"
                ),
            ));
        }
        if !is_article_path(p) {
            return Err((
                "path",
                format!(
                    "{p:?} is not a path inside the corpus: it must be relative, use `/`, have no \
                     `..`, `\\\\`, `:` or hidden folder, and end in .txt, .text or .md"
                ),
            ));
        }
        if self.files.contains(p) {
            let file = probe.file.take().unwrap_or_else(|| {
                self.folder
                    .read_text(p)
                    .map(|(text, enc)| (sha256_hex(&text), enc.name().to_string()))
                    .map_err(|e| e.reason())
            });
            return match file {
                Ok((sha, encoding)) if sha == rec.sha256 => Ok(Target::Existing {
                    rel: p.clone(),
                    encoding,
                    by_text: false,
                }),
                Ok(_) => match self.by_text(&rec.sha256) {
                    Some(t) => Ok(t),
                    None => Ok(Target::New {
                        rel: self.fresh(p, &format!("imported-{}", &rec.sha256[..8])),
                        why: format!("{p} in the corpus holds a different text"),
                    }),
                },
                Err(reason) => Err((
                    "path",
                    format!("{p} is in the corpus but cannot be read: {reason}"),
                )),
            };
        }
        if let Some(message) = new_file_outside(self.folder, p) {
            return Err(("path", message));
        }
        if std::fs::symlink_metadata(self.folder.path_of(p)).is_ok() {
            return Err((
                "path",
                format!("{p} exists in the corpus folder but is not an article"),
            ));
        }
        if let Some(t) = self.by_text(&rec.sha256) {
            return Ok(t);
        }
        Ok(Target::New {
            rel: p.clone(),
            why: "a new text".into(),
        })
    }
}

/// Why a new text file at `rel` would be written outside the corpus (a folder on its way is a
/// link out of it), if it would. Nothing is ever written through such a link, whatever the
/// options say about following links to read.
pub fn new_file_outside(folder: &Folder, rel: &str) -> Option<String> {
    let real = lands_outside(folder.real_root(), &folder.path_of(rel))?;
    Some(format!(
        "{rel} would be written through a link out of the corpus, to {}; Hamesh writes only \
         inside the corpus folder",
        real.display()
    ))
}

/// Why the annotation file of `rel` would be written outside the corpus (a folder of the
/// store is a link out of it), if it would.
pub fn annotations_outside(store: &Store, rel: &str) -> Option<String> {
    match store.path_for(rel) {
        Err(e @ StoreError::LinkOutside { .. }) => Some(e.to_string()),
        _ => None,
    }
}

/// What meeting the existing annotations gave.
#[derive(Debug, Default)]
pub struct Merged {
    pub annotations: Option<DocumentAnnotations>,
    pub merged: bool,
    pub replaced: bool,
    pub skipped: bool,
}

fn record_has_content(rec: &Checked) -> bool {
    !rec.spans.is_empty()
        || rec.status != DocStatus::NotStarted
        || !rec.tags.is_empty()
        || !rec.annotator.is_empty()
}

fn has_content(doc: &DocumentAnnotations) -> bool {
    !doc.spans.is_empty()
        || !doc.needs_review.is_empty()
        || doc.status != DocStatus::NotStarted
        || !doc.tags.is_empty()
}

fn status_name(s: DocStatus) -> &'static str {
    match s {
        DocStatus::NotStarted => "not started",
        DocStatus::InProgress => "in progress",
        DocStatus::Done => "done",
        DocStatus::Skipped => "skipped",
    }
}

/// The annotations to write for `rec` at `target` under `mode`.
pub fn merge(
    store: &Store,
    rec: &Checked,
    target: &Target,
    mode: MergeMode,
    probe: &mut Probe,
) -> Result<Merged, Problem> {
    let (rel, encoding) = match target {
        Target::New { rel, .. } => (rel.as_str(), "UTF-8"),
        Target::Existing { rel, encoding, .. } => (rel.as_str(), encoding.as_str()),
    };
    let fresh = || record_has_content(rec).then(|| new_annotations(rel, encoding, rec));
    let prefetched = match &target {
        Target::Existing { by_text: false, .. } => probe.existing.take(),
        _ => None,
    };
    let existing = if target.is_new() {
        None
    } else {
        prefetched
            .unwrap_or_else(|| store.load(rel).map_err(|e| e.to_string()))
            .map_err(|e| {
                (
                    "",
                    format!("the existing annotations of {rel} cannot be read: {e}"),
                )
            })?
    };
    let Some(mut old) = existing.filter(has_content) else {
        return Ok(Merged {
            annotations: fresh(),
            ..Merged::default()
        });
    };
    if !record_has_content(rec) {
        return Ok(Merged::default());
    }
    match mode {
        MergeMode::Refuse => Err((
            "",
            format!(
                "{rel} already has annotations ({} spans, {}); import with --merge to add to \
                 them, --replace to replace them, or --skip-existing to leave them",
                old.spans.len(),
                status_name(old.status)
            ),
        )),
        MergeMode::SkipExisting => Ok(Merged {
            skipped: true,
            ..Merged::default()
        }),
        MergeMode::Replace => {
            let mut doc = new_annotations(rel, encoding, rec);
            doc.needs_review = old.needs_review;
            doc.next_id = doc.next_id.max(old.next_id);
            doc.next_id = next_id(&doc);
            Ok(Merged {
                annotations: Some(doc),
                replaced: true,
                ..Merged::default()
            })
        }
        MergeMode::Merge => {
            // Place the existing spans in the article's text first: looked for again if it
            // changed since they were made, checked against it if not. Those that do not fit
            // wait for review instead of being merged at offsets that no longer hold them.
            let changed = old.source.sha256 != rec.sha256;
            let r = place(
                std::mem::take(&mut old.spans),
                std::mem::take(&mut old.needs_review),
                &rec.text,
                changed,
            );
            old.spans = r.kept;
            old.needs_review = r.needs_review;
            let fresh = new_annotations(rel, encoding, rec);
            old.source = fresh.source;
            old.next_id = next_id(&old);
            for mut s in rec.spans.iter().cloned() {
                if old
                    .spans
                    .iter()
                    .any(|o| (o.start, o.end, &o.label) == (s.start, s.end, &s.label))
                {
                    continue;
                }
                if old.span(&s.id).is_some() || old.review(&s.id).is_some() {
                    s.id = old.allocate_id();
                }
                old.spans.push(s);
                old.next_id = next_id(&old);
            }
            if rec.status != DocStatus::NotStarted {
                old.status = rec.status;
            }
            for t in &rec.tags {
                if !old.tags.contains(t) {
                    old.tags.push(t.clone());
                }
            }
            if old.annotator.is_empty() {
                old.annotator = rec.annotator.clone();
            }
            old.sort();
            Ok(Merged {
                annotations: Some(old),
                merged: true,
                ..Merged::default()
            })
        }
    }
}

/// Whether `rel` can be a new article of a corpus: a safe relative path, outside hidden
/// folders, with an extension Hamesh reads.
pub fn is_article_path(rel: &str) -> bool {
    crate::dataset::common::is_safe_relative(rel)
        && !rel.split('/').any(|p| p.starts_with('.'))
        && rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(ext)))
}

/// Reads and hashes every article of a corpus: text hash → relative path.
pub fn hash_index(folder: &Folder) -> HashMap<String, String> {
    let mut index = HashMap::new();
    for rel in walk(folder).files {
        if let Ok((text, _)) = folder.read_text(&rel) {
            index.entry(sha256_hex(&text)).or_insert(rel);
        }
    }
    index
}

/// A fresh document for imported annotations.
pub fn new_annotations(target: &str, encoding: &str, rec: &Checked) -> DocumentAnnotations {
    let mut doc = DocumentAnnotations::new(
        Source {
            path: target.to_string(),
            sha256: rec.sha256.clone(),
            encoding: encoding.to_string(),
            characters: rec.text.chars().count(),
        },
        &rec.annotator,
    );
    doc.status = rec.status;
    doc.tags = rec.tags.clone();
    doc.spans = rec.spans.clone();
    doc.next_id = next_id(&doc);
    doc.sort();
    doc
}

/// The next span number: one past the largest `sN` id.
pub fn next_id(doc: &DocumentAnnotations) -> u64 {
    doc.spans
        .iter()
        .chain(doc.needs_review.iter().map(|r| &r.span))
        .filter_map(|s| s.id.0.strip_prefix('s').and_then(|n| n.parse::<u64>().ok()))
        .max()
        .map_or(1, |n| n + 1)
        .max(doc.next_id)
}
