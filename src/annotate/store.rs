//! The annotation store: one JSON file per document.
//!
//! ```text
//!   FOLDER/.hamesh/labels.json
//!   FOLDER/.hamesh/annotations/<relative path>.json                      one annotator
//!   FOLDER/.hamesh/annotators/<name>/annotations/<relative path>.json    a team: one layer each
//!   FOLDER/.hamesh/predictions/annotations/<relative path>.json           a model's spans
//! ```
//!
//! Predictions (a Label Studio export's, imported with `--predictions`) are nobody's
//! annotations: they are offered as suggestions, and agreement, curation and export never
//! read them.
//!
//! A team's annotators each write only their own layer ([`Store::layer`], see
//! [`super::layers`]), so two people annotating the same article in two clones of a corpus
//! never touch the same file and git merges their work without a conflict.
//!
//! When the corpus folder cannot be written, or its `.hamesh` is a symbolic link that leads out
//! of it, the same tree lives under the platform's data directory (in a folder named after the
//! corpus path) and [`Store::fallback`] says why, so the UI can tell the user where their work
//! goes. Annotations are never written through a link out of the corpus: a shared corpus with
//! such a link would otherwise have them land in whatever folder it names.
//!
//! Files are pretty, stable JSON (spans in reading order) so teams can keep them in git. Every
//! save is atomic (temporary file, fsync, rename). A file that cannot be read is never
//! overwritten: loading reports it as damaged and the caller decides (keep aside, start over).

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::fsutil::stale::{remove_if_stale, remove_stale_in};
use crate::fsutil::{
    ReadError, create_temporary, file_limit, keep_aside, lands_outside, read_regular, write_atomic,
};

use super::span::{DocStatus, DocumentAnnotations, SCHEMA_VERSION};

/// Name of Hamesh's data folder inside a corpus.
pub const DATA_DIR: &str = ".hamesh";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot read annotations {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("annotations {path} are damaged: {message}")]
    Damaged { path: String, message: String },
    #[error(
        "annotations {path} use schema version {found}, newer than this Hamesh ({SCHEMA_VERSION})"
    )]
    TooNew { path: String, found: u32 },
    #[error("cannot save annotations {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{0:?} is not a path inside the corpus")]
    OutsideCorpus(String),
    /// A folder of the store on the way to a document's annotations is a link out of the
    /// corpus: they are neither read nor written there.
    #[error(
        "the annotations of {rel} would go through a link out of the corpus, to {target}; \
         Hamesh keeps annotations inside the corpus folder (replace the link with a folder)"
    )]
    LinkOutside { rel: String, target: String },
    #[error("{name:?} cannot name an annotator: {why}")]
    BadAnnotator { name: String, why: String },
}

/// What a document list needs to know about a document's annotations.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub status: DocStatus,
    pub spans: usize,
    /// Spans waiting for review.
    pub needs_review: usize,
}

impl Summary {
    pub fn of(doc: &DocumentAnnotations) -> Summary {
        Summary {
            status: doc.status,
            spans: doc.spans.len(),
            needs_review: doc.needs_review.len(),
        }
    }
}

/// The few fields a summary reads; the spans themselves are skipped, not built.
#[derive(serde::Deserialize)]
struct SummaryFields {
    #[serde(default)]
    status: DocStatus,
    #[serde(default)]
    spans: Vec<serde::de::IgnoredAny>,
    #[serde(default, alias = "orphans")]
    needs_review: Vec<serde::de::IgnoredAny>,
}

/// A span as `(start, end, label)`, offsets in code points.
pub type SpanRange = (usize, usize, String);

/// Where a corpus keeps its labels and annotations.
#[derive(Clone, Debug)]
pub struct Store {
    data_dir: PathBuf,
    /// Why the data folder is used instead of the corpus's own `.hamesh`.
    fallback: Option<Fallback>,
    /// The corpus folder with the links in its path resolved, for the corpus's own store:
    /// annotation paths must stay inside it.
    real_corpus: Option<PathBuf>,
    /// The layer this store reads and writes.
    layer: Layer,
}

/// A store's layer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Layer {
    /// The corpus's one unnamed layer (`.hamesh/annotations`), which curation writes.
    Unnamed,
    /// An annotator's own (`.hamesh/annotators/<name>/annotations`).
    Annotator(String),
    /// A model's predictions (`.hamesh/predictions/annotations`).
    Predictions,
}

/// The folder of the predictions layer, under the store's folder.
pub const PREDICTIONS_DIR: &str = "predictions";

/// Why a corpus's annotations live in the data folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// The corpus folder cannot be written.
    ReadOnly,
    /// `link` (the corpus's `.hamesh`, or its `annotations` folder) is a symbolic link that
    /// leads out of the corpus, to `target` (or nowhere): annotations are never written
    /// through it, where they would land in a folder the corpus does not hold.
    LinkOutside { link: PathBuf, target: PathBuf },
}

impl std::fmt::Display for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fallback::ReadOnly => write!(f, "the folder cannot be written"),
            Fallback::LinkOutside { link, target } => write!(
                f,
                "{} is a link out of the folder, to {}; Hamesh does not write annotations \
                 through it (replace the link with the folder itself to keep them there)",
                link.display(),
                target.display()
            ),
        }
    }
}

/// The first of the store's folders that is a link leading out of `corpus`, and where it
/// leads. A link that leads nowhere counts: what it would create is not known to be inside.
fn link_outside(real_corpus: Option<&Path>, own: &Path) -> Option<Fallback> {
    let real_corpus = real_corpus?;
    [own.to_path_buf(), own.join("annotations")]
        .into_iter()
        .find_map(|link| {
            let meta = std::fs::symlink_metadata(&link).ok()?;
            if !meta.file_type().is_symlink() {
                return None;
            }
            let target = match std::fs::canonicalize(&link) {
                Ok(real) if real.starts_with(real_corpus) => return None,
                Ok(real) => real,
                Err(_) => std::fs::read_link(&link).unwrap_or_default(),
            };
            Some(Fallback::LinkOutside { link, target })
        })
}

/// The `schema_version` of an annotation file: read from its first line, where the store
/// writes it, without scanning the rest; else from the whole file, skipping everything else.
fn schema_version(bytes: &[u8]) -> Option<u64> {
    const KEY: &[u8] = b"\"schema_version\":";
    let head = &bytes[..bytes.len().min(256)];
    if let Some(at) = head.windows(KEY.len()).position(|w| w == KEY) {
        let digits: Vec<u8> = head[at + KEY.len()..]
            .iter()
            .copied()
            .skip_while(|b| *b == b' ')
            .take_while(u8::is_ascii_digit)
            .collect();
        if let Some(n) = std::str::from_utf8(&digits)
            .ok()
            .and_then(|d| d.parse().ok())
        {
            return Some(n);
        }
    }
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: Option<u64>,
    }
    serde_json::from_slice::<Version>(bytes)
        .ok()
        .and_then(|v| v.schema_version)
}

/// Whether a file holds a line git writes around a conflict it could not merge.
fn has_conflict_marker(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| line.starts_with(b"<<<<<<< ") || line == b"<<<<<<<")
}

fn writable(dir: &Path) -> bool {
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    let ok = create_temporary(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// A folder name for a corpus path that is safe on every platform.
fn fallback_name(corpus: &Path) -> String {
    let s = corpus.to_string_lossy();
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let tail: String = cleaned
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{tail}-{}", &super::span::sha256_hex(&s)[..12])
}

impl Store {
    /// The store of `corpus`: its own `.hamesh` folder when writable, else a folder under
    /// `fallback_root` (the platform data directory in the app).
    ///
    /// A `.hamesh` (or `.hamesh/annotations`) that is a symbolic link out of the corpus is not
    /// used: the store falls back to the data directory and [`Store::fallback`] says why.
    pub fn open(corpus: &Path, fallback_root: &Path) -> Store {
        let own = corpus.join(DATA_DIR);
        let real_corpus = std::fs::canonicalize(corpus).ok();
        let why = match link_outside(real_corpus.as_deref(), &own) {
            Some(link) => Some(link),
            None if writable(&own) => None,
            None => Some(Fallback::ReadOnly),
        };
        match why {
            None => Store {
                data_dir: own,
                fallback: None,
                real_corpus,
                layer: Layer::Unnamed,
            },
            why => Store {
                data_dir: fallback_root.join("corpora").join(fallback_name(corpus)),
                fallback: why,
                real_corpus: None,
                layer: Layer::Unnamed,
            },
        }
    }

    /// The platform data directory used when a corpus is read-only.
    pub fn default_fallback_root() -> PathBuf {
        if let Some(dir) = std::env::var_os("HAMESH_DATA_DIR") {
            return PathBuf::from(dir);
        }
        dirs::data_dir()
            .map(|d| d.join("hamesh"))
            .unwrap_or_else(|| std::env::temp_dir().join("hamesh-data"))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The same corpus's store, reading and writing `annotator`'s layer; refused for a name
    /// that is not a safe folder name ([`super::layers::name_problem`]).
    pub fn layer(&self, annotator: &str) -> Result<Store, StoreError> {
        if let Some(why) = super::layers::name_problem(annotator) {
            return Err(StoreError::BadAnnotator {
                name: annotator.to_string(),
                why,
            });
        }
        Ok(Store {
            layer: Layer::Annotator(annotator.to_string()),
            ..self.clone()
        })
    }

    /// The same corpus's store, reading and writing its unnamed (curated) layer.
    pub fn curated(&self) -> Store {
        Store {
            layer: Layer::Unnamed,
            ..self.clone()
        }
    }

    /// The same corpus's store, reading and writing its predictions.
    pub fn predictions(&self) -> Store {
        Store {
            layer: Layer::Predictions,
            ..self.clone()
        }
    }

    /// The annotator whose layer this is (`None`: the unnamed one, or the predictions).
    pub fn annotator(&self) -> Option<&str> {
        match &self.layer {
            Layer::Annotator(name) => Some(name),
            Layer::Unnamed | Layer::Predictions => None,
        }
    }

    /// Whether this store reads and writes the predictions.
    pub fn is_predictions(&self) -> bool {
        self.layer == Layer::Predictions
    }

    /// The folder of this layer's annotation files.
    pub fn annotations_dir(&self) -> PathBuf {
        match &self.layer {
            Layer::Unnamed => self.data_dir.join("annotations"),
            Layer::Annotator(name) => self
                .data_dir
                .join(super::layers::LAYERS_DIR)
                .join(name)
                .join("annotations"),
            Layer::Predictions => self.data_dir.join(PREDICTIONS_DIR).join("annotations"),
        }
    }

    /// Whether annotations go to the fallback folder (the corpus is read-only, or its
    /// `.hamesh` is a link out of it).
    pub fn is_fallback(&self) -> bool {
        self.fallback.is_some()
    }

    /// Why annotations go to the fallback folder, if they do.
    pub fn fallback(&self) -> Option<&Fallback> {
        self.fallback.as_ref()
    }

    pub fn labels_path(&self) -> PathBuf {
        self.data_dir.join("labels.json")
    }

    /// The annotation file of a document given by its `/`-separated relative path. Paths
    /// that would leave the store (`..`, absolute, or through a folder of the store that is a
    /// link out of the corpus) are refused.
    pub fn path_for(&self, rel: &str) -> Result<PathBuf, StoreError> {
        let mut path = self.annotations_dir();
        if rel.is_empty() {
            return Err(StoreError::OutsideCorpus(rel.into()));
        }
        for part in rel.split('/') {
            if part.is_empty() || part == "." || part == ".." || part.contains(['\\', ':']) {
                return Err(StoreError::OutsideCorpus(rel.into()));
            }
            path.push(part);
        }
        let mut name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".json");
        path.set_file_name(name);
        if let Some(real_corpus) = &self.real_corpus
            && let Some(target) = lands_outside(real_corpus, &path)
        {
            return Err(StoreError::LinkOutside {
                rel: rel.into(),
                target: target.display().to_string(),
            });
        }
        Ok(path)
    }

    /// Loads a document's annotations; `Ok(None)` when it has none yet.
    pub fn load(&self, rel: &str) -> Result<Option<DocumentAnnotations>, StoreError> {
        let Some((bytes, shown)) = self.read_checked(rel)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Damaged {
                path: shown,
                message: e.to_string(),
            })
    }

    /// A document's spans as `(start, end, label)`, without building the rest (quotes,
    /// context, notes): what agreement reads from every layer.
    pub fn load_ranges(&self, rel: &str) -> Result<Option<Vec<SpanRange>>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Range {
            start: usize,
            end: usize,
            label: String,
        }
        #[derive(serde::Deserialize)]
        struct Ranges {
            spans: Vec<Range>,
        }
        let Some((bytes, shown)) = self.read_checked(rel)? else {
            return Ok(None);
        };
        serde_json::from_slice::<Ranges>(&bytes)
            .map(|r| {
                Some(
                    r.spans
                        .into_iter()
                        .map(|s| (s.start, s.end, s.label))
                        .collect(),
                )
            })
            .map_err(|e| StoreError::Damaged {
                path: shown,
                message: e.to_string(),
            })
    }

    /// The bytes of a document's annotation file and its path as shown, once they pass the
    /// checks that need no parsing (a conflict marker, a newer schema); `Ok(None)` when the
    /// document has no file.
    fn read_checked(&self, rel: &str) -> Result<Option<(Vec<u8>, String)>, StoreError> {
        let path = self.path_for(rel)?;
        let shown = path.display().to_string();
        let bytes = match read_regular(&path, &file_limit(None)) {
            Ok(b) => b,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                let source = match e {
                    ReadError::Io(source) => source,
                    refused => std::io::Error::new(std::io::ErrorKind::InvalidData, refused),
                };
                return Err(StoreError::Io {
                    path: shown,
                    source,
                });
            }
        };
        if has_conflict_marker(&bytes) {
            return Err(StoreError::Damaged {
                path: shown,
                message: "it holds a git conflict marker (<<<<<<<): a merge left it unresolved; \
                          resolve the conflict in git (each annotator's own layer never \
                          conflicts with another's)"
                    .into(),
            });
        }
        // Check the version first so a newer file is reported as such, not as damage.
        if let Some(found) = schema_version(&bytes)
            && found > u64::from(SCHEMA_VERSION)
        {
            return Err(StoreError::TooNew {
                path: shown,
                found: found as u32,
            });
        }
        Ok(Some((bytes, shown)))
    }

    /// Serialises annotations as the store writes them.
    pub fn to_bytes(doc: &DocumentAnnotations) -> Vec<u8> {
        let mut doc = doc.clone();
        doc.sort();
        // Serialising plain data cannot fail.
        let mut json = serde_json::to_vec_pretty(&doc).unwrap_or_default();
        json.push(b'\n');
        json
    }

    /// Saves atomically.
    pub fn save(&self, rel: &str, doc: &DocumentAnnotations) -> Result<(), StoreError> {
        let path = self.path_for(rel)?;
        write_atomic(&path, &Self::to_bytes(doc)).map_err(|source| StoreError::Write {
            path: path.display().to_string(),
            source,
        })
    }

    /// Summarises every annotation file of the store, calling `found` with the document's
    /// relative path and its summary (or why the file cannot be read) until it returns false.
    /// Only files that exist are read, so a large corpus with few annotated documents costs
    /// little. Kept-aside copies and temporary files are skipped; stale temporary files a
    /// killed process left ([`crate::fsutil::stale`]) are removed on the way, so opening a
    /// corpus cleans up without a walk of its own.
    pub fn scan_summaries(&self, mut found: impl FnMut(String, Result<Summary, String>) -> bool) {
        remove_stale_in(&self.data_dir);
        let root = self.annotations_dir();
        let mut stack = vec![(root, String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut entries: Vec<_> = entries.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    remove_if_stale(&e.path());
                    continue;
                }
                let path = e.path();
                if path.is_dir() {
                    stack.push((path, format!("{prefix}{name}/")));
                    continue;
                }
                let Some(doc) = name.strip_suffix(".json") else {
                    continue;
                };
                let summary = read_regular(&path, &file_limit(None))
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        serde_json::from_slice::<SummaryFields>(&bytes).map_err(|e| e.to_string())
                    })
                    .map(|f| Summary {
                        status: f.status,
                        spans: f.spans.len(),
                        needs_review: f.needs_review.len(),
                    });
                if !found(format!("{prefix}{doc}"), summary) {
                    return;
                }
            }
        }
    }

    /// Removes the stale temporary files a killed process left in the store (one walk of its
    /// folders, reading no file); returns how many.
    pub fn remove_stale_temporaries(&self) -> usize {
        let mut removed = 0;
        let mut stack = vec![self.data_dir.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if remove_if_stale(&path) {
                    removed += 1;
                } else if e.file_type().is_ok_and(|t| t.is_dir()) {
                    stack.push(path);
                }
            }
        }
        removed
    }

    /// Moves a damaged annotation file aside, keeping it for the user; returns where it went.
    pub fn keep_aside(&self, rel: &str) -> Result<PathBuf, StoreError> {
        let path = self.path_for(rel)?;
        keep_aside(&path).map_err(|source| StoreError::Write {
            path: path.display().to_string(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::{Source, make_span};
    use crate::text::CharIndex;
    use crate::text::offsets::CharMap;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hamesh-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn saves_and_loads_under_the_corpus() {
        let corpus = temp("rt");
        let store = Store::open(&corpus, &corpus.join("fallback"));
        assert!(!store.is_fallback());
        let text = "قال بوتين";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "amina");
        let id = doc.allocate_id();
        doc.spans
            .push(make_span(text, &map, id, CharIndex(4)..CharIndex(9), "PER"));
        store.save("news/2015/a.txt", &doc).unwrap();
        assert!(
            corpus
                .join(".hamesh/annotations/news/2015/a.txt.json")
                .exists()
        );
        assert_eq!(store.load("news/2015/a.txt").unwrap(), Some(doc));
        assert_eq!(store.load("missing.txt").unwrap(), None);
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn summarises_every_annotated_document_without_the_kept_aside_ones() {
        let corpus = temp("summaries");
        let store = Store::open(&corpus, &corpus.join("fallback"));
        let text = "قال بوتين";
        let map = CharMap::new(text);
        let mut doc = DocumentAnnotations::new(Source::default(), "");
        doc.status = DocStatus::Done;
        for _ in 0..3 {
            let id = doc.allocate_id();
            doc.spans
                .push(make_span(text, &map, id, CharIndex(4)..CharIndex(9), "PER"));
        }
        store.save("news/a.txt", &doc).unwrap();
        store
            .save("b.txt", &DocumentAnnotations::new(Source::default(), ""))
            .unwrap();
        let damaged = store.path_for("c.txt").unwrap();
        std::fs::write(&damaged, b"{").unwrap();
        std::fs::write(damaged.with_file_name("c.txt.json.broken-1"), b"{").unwrap();
        let mut found = std::collections::BTreeMap::new();
        store.scan_summaries(|rel, s| {
            found.insert(rel, s);
            true
        });
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found["news/a.txt"], Ok(Summary::of(&doc)));
        assert_eq!(found["news/a.txt"].as_ref().unwrap().spans, 3);
        assert_eq!(
            found["b.txt"].as_ref().unwrap().status,
            DocStatus::NotStarted
        );
        assert!(found["c.txt"].is_err());
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn refuses_paths_outside_the_store() {
        let corpus = temp("paths");
        let store = Store::open(&corpus, &corpus);
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "a//b",
            "",
            "a/./b",
            "c:\\x",
        ] {
            assert!(store.path_for(bad).is_err(), "{bad}");
        }
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn damaged_and_newer_files_are_reported_not_replaced() {
        let corpus = temp("damaged");
        let store = Store::open(&corpus, &corpus);
        let path = store.path_for("a.txt").unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"{\"schema_version\": 1, \"spans\": [").unwrap();
        assert!(matches!(
            store.load("a.txt"),
            Err(StoreError::Damaged { .. })
        ));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{\"schema_version\": 1, \"spans\": ["
        );
        std::fs::write(&path, b"{\"schema_version\": 99}").unwrap();
        assert!(matches!(
            store.load("a.txt"),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        // The version far from the start (a file written by another program) is found too.
        let late = format!(
            "{{\"note\": \"{}\", \"schema_version\": 7}}",
            "x".repeat(400)
        );
        std::fs::write(&path, late).unwrap();
        assert!(matches!(
            store.load("a.txt"),
            Err(StoreError::TooNew { found: 7, .. })
        ));
        assert!(matches!(
            store.load_ranges("a.txt"),
            Err(StoreError::TooNew { found: 7, .. })
        ));
        let aside = store.keep_aside("a.txt").unwrap();
        assert!(aside.exists() && !path.exists());
        std::fs::remove_dir_all(&corpus).ok();
    }

    #[test]
    fn a_corpus_that_cannot_hold_the_store_falls_back_to_the_data_directory() {
        // A file where the store's folder would be: no one, root included, can create it.
        let corpus = temp("blocked");
        let data = temp("blocked-data");
        std::fs::write(corpus.join(DATA_DIR), b"not a folder").unwrap();
        let store = Store::open(&corpus, &data);
        assert!(store.is_fallback());
        assert!(store.data_dir().starts_with(&data));
        std::fs::remove_dir_all(&corpus).ok();
        std::fs::remove_dir_all(&data).ok();
    }

    #[cfg(unix)]
    #[test]
    fn read_only_corpus_falls_back_to_the_data_directory() {
        use std::os::unix::fs::PermissionsExt;
        let corpus = temp("ro");
        let data = temp("ro-data");
        std::fs::set_permissions(&corpus, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Permissions do not stop root: then the folder is writable and stays the store.
        let root_writes = std::fs::write(corpus.join("probe"), b"").is_ok();
        let store = Store::open(&corpus, &data);
        std::fs::set_permissions(&corpus, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(store.is_fallback(), !root_writes);
        if store.is_fallback() {
            assert!(store.data_dir().starts_with(&data));
        } else {
            assert_eq!(store.data_dir(), corpus.join(DATA_DIR));
        }
        std::fs::remove_dir_all(&corpus).ok();
        std::fs::remove_dir_all(&data).ok();
    }
}
