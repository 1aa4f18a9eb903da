//! Where a command may write.
//!
//! A headless command or an export is given its output path by the user, and a slip of the
//! keyboard (`--out A.txt` for `render A.txt`, `-o FOLDER/.hamesh/labels.json`) must not cost
//! an article, an annotation file or the label set. These checks run before anything is
//! written and compare real files, not spellings: `./A.txt`, a symbolic link to `A.txt` and a
//! hard link to it all name the same article.
//!
//! ```text
//!   FOLDER/                      the corpus
//!   ├── a.txt, news/b.md …       articles: never written over
//!   └── .hamesh/                 the store: labels.json, annotations/…  never written into
//!   DATA_DIR/corpora/…           the store of read-only corpora: never written into
//! ```

use std::path::{Component, Path, PathBuf};

use crate::annotate::store::DATA_DIR;
use crate::corpus::scan::EXTENSIONS;

/// `path` as the filesystem will resolve it: absolute, with the part that exists canonicalised
/// (symbolic links followed) and the rest appended, `.` dropped and `..` applied. A path that
/// does not exist yet can be compared with one that does.
pub fn resolved(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // The longest existing ancestor, canonicalised, then what follows it.
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    let base = loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            // `..` at the end, or the root itself failing: keep the path as written.
            _ => return normalised(&absolute),
        }
    };
    let mut out = base;
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    normalised(&out)
}

/// `path` with `.` dropped and `..` applied to the components before it.
fn normalised(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `a` and `b` are one existing file: the same device and inode where the platform
/// has them (so hard links are caught), else the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Whether `path` names a file the corpus scan would take for an article (`.txt`, `.text`,
/// `.md`).
pub fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The store folder `path` lies in, if any: a corpus's `.hamesh` folder (its labels and
/// annotations), or one of `store_roots` (the store of a read-only corpus in the platform's
/// data folder). `path` should be [`resolved`]; so should `store_roots`.
pub fn store_folder_of(path: &Path, store_roots: &[PathBuf]) -> Option<PathBuf> {
    let mut prefix = PathBuf::new();
    for c in path.components() {
        prefix.push(c);
        if c.as_os_str() == std::ffi::OsStr::new(DATA_DIR) {
            return Some(prefix);
        }
    }
    store_roots
        .iter()
        .find(|root| path.starts_with(root))
        .cloned()
}

/// The folder under which the stores of read-only corpora live, for `fallback_root` (see
/// [`crate::annotate::Store::open`]).
pub fn fallback_stores(fallback_root: &Path) -> PathBuf {
    resolved(&fallback_root.join("corpora"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hamesh-dest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::canonicalize(&dir).unwrap()
    }

    #[test]
    fn a_missing_path_resolves_through_its_existing_ancestor() {
        let dir = scratch("resolve");
        std::fs::create_dir_all(dir.join("a")).unwrap();
        assert_eq!(
            resolved(&dir.join("a/./new/../x/y.json")),
            dir.join("a/x/y.json")
        );
        assert_eq!(resolved(&dir.join("a/../a")), dir.join("a"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[cfg(unix)]
    #[test]
    fn links_name_the_same_file() {
        let dir = scratch("links");
        let article = dir.join("a.txt");
        std::fs::write(&article, "text").unwrap();
        std::os::unix::fs::symlink(&article, dir.join("soft.png")).unwrap();
        std::fs::hard_link(&article, dir.join("hard.png")).unwrap();
        std::fs::write(dir.join("other.txt"), "text").unwrap();
        assert!(same_file(&article, &dir.join("soft.png")));
        assert!(same_file(&article, &dir.join("hard.png")));
        assert!(same_file(&article, &dir.join(".").join("a.txt")));
        assert!(!same_file(&article, &dir.join("other.txt")));
        assert!(!same_file(&article, &dir.join("missing.png")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn store_folders_are_found_by_name_and_by_root() {
        let corpus = Path::new("/data/corpus");
        assert_eq!(
            store_folder_of(&corpus.join(".hamesh/annotations/a.txt.json"), &[]),
            Some(corpus.join(".hamesh"))
        );
        assert_eq!(store_folder_of(&corpus.join("out.json"), &[]), None);
        let fallback = PathBuf::from("/home/u/.local/share/hamesh/corpora");
        assert_eq!(
            store_folder_of(
                &fallback.join("c-123/labels.json"),
                std::slice::from_ref(&fallback)
            ),
            Some(fallback)
        );
        assert!(has_article_extension(Path::new("x/A.TXT")));
        assert!(!has_article_extension(Path::new("x/a.json")));
    }
}
