//! Suggestions the user turned down, remembered per corpus so that they do not come back:
//! `.hamesh/rejected-suggestions.json` in the corpus's store, one list per document of the
//! place, the text and the label that were rejected.
//!
//! ```json
//! { "version": 1, "documents": { "news/a.txt": [ { "start": 5, "end": 10, "text": "روسيا", "label": "GPE" } ] } }
//! ```
//!
//! A rejection holds where its text still stands at its offsets; after the article changed it
//! is simply no longer in force (the suggestion may come back, never a span). A file that
//! cannot be read is left as it is: rejections then last until the window closes.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::annotate::Store;
use crate::fsutil::{file_limit, read_regular};
use crate::text::CharIndex;
use crate::text::offsets::CharMap;

/// The file's name in the store's folder.
pub const REJECTIONS_FILE: &str = "rejected-suggestions.json";
const VERSION: u32 = 1;

/// One suggestion turned down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub start: CharIndex,
    pub end: CharIndex,
    pub text: String,
    pub label: String,
}

/// Every rejection of a corpus, by document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejections {
    version: u32,
    documents: BTreeMap<String, Vec<Rejected>>,
}

impl Default for Rejections {
    fn default() -> Self {
        Rejections {
            version: VERSION,
            documents: BTreeMap::new(),
        }
    }
}

impl Rejections {
    /// Where the rejections of the corpus of `store` are kept.
    pub fn path(store: &Store) -> PathBuf {
        store.data_dir().join(REJECTIONS_FILE)
    }

    /// Reads the corpus's rejections: none when there is no file yet; an error (to show, with
    /// the file left alone) when it cannot be read.
    pub fn load(store: &Store) -> Result<Rejections, String> {
        let path = Rejections::path(store);
        let shown = path.display();
        let bytes = match read_regular(&path, &file_limit(None)) {
            Ok(bytes) => bytes,
            Err(crate::fsutil::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Rejections::default());
            }
            Err(e) => return Err(format!("{shown}: {}", e.reason())),
        };
        let mut r: Rejections =
            serde_json::from_slice(&bytes).map_err(|e| format!("{shown}: {e}"))?;
        if r.version > VERSION {
            return Err(format!(
                "{shown}: written by a newer Hamesh (version {})",
                r.version
            ));
        }
        r.version = VERSION;
        Ok(r)
    }

    /// The file's bytes (stable order, for diffs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Rejections {
            version: VERSION,
            documents: self.documents.clone(),
        };
        for list in out.documents.values_mut() {
            list.sort_by_key(|r| (r.start, r.end));
        }
        let mut bytes = serde_json::to_vec_pretty(&out).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Remembers that `rejected` was turned down in document `rel`.
    pub fn add(&mut self, rel: &str, rejected: Rejected) {
        let list = self.documents.entry(rel.to_string()).or_default();
        if !list.contains(&rejected) {
            list.push(rejected);
        }
    }

    /// Rejections in document `rel`.
    pub fn count(&self, rel: &str) -> usize {
        self.documents.get(rel).map_or(0, Vec::len)
    }

    /// The rejected ranges of document `rel` whose text still stands there in `text`.
    pub fn ranges(&self, rel: &str, text: &str) -> Vec<Range<CharIndex>> {
        let Some(list) = self.documents.get(rel).filter(|l| !l.is_empty()) else {
            return Vec::new();
        };
        let map = CharMap::new(text);
        list.iter()
            .filter(|r| r.start < r.end && r.end.0 <= map.len())
            .filter(|r| text[map.byte_of(r.start.0)..map.byte_of(r.end.0)] == r.text)
            .map(|r| r.start..r.end)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_holds_while_its_text_stands_there_and_survives_a_reload() {
        let dir = std::env::temp_dir().join(format!("hamesh-rejections-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&dir, &dir);
        let mut r = Rejections::load(&store).unwrap();
        r.add(
            "a.txt",
            Rejected {
                start: CharIndex(5),
                end: CharIndex(10),
                text: "روسيا".into(),
                label: "GPE".into(),
            },
        );
        let text = "قالت روسيا";
        assert_eq!(r.ranges("a.txt", text), [CharIndex(5)..CharIndex(10)]);
        assert!(
            r.ranges("a.txt", "قال روسيا إن").is_empty(),
            "moved: not in force"
        );
        assert!(r.ranges("b.txt", text).is_empty());
        let path = Rejections::path(&store);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, r.to_bytes()).unwrap();
        assert_eq!(Rejections::load(&store).unwrap(), r);
        // A damaged file is an error, and stays as it was.
        std::fs::write(&path, b"{ not json").unwrap();
        let e = Rejections::load(&store).unwrap_err();
        assert!(e.contains(REJECTIONS_FILE), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"{ not json");
        std::fs::remove_dir_all(&dir).ok();
    }
}
