//! Annotator layers: each annotator's spans in a folder of their own,
//! `.hamesh/annotators/<name>/annotations/`, beside the corpus's one unnamed layer
//! (`.hamesh/annotations/`, what a corpus annotated by one person has). The label set and the
//! entity registry stay shared.
//!
//! A name is a folder name on every platform, so it holds no path characters; two names that
//! differ only in case would be one folder on some systems and are reported. The unnamed layer
//! can be handed to an annotator ([`claim`]) in one rename, so nothing is copied or lost.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::store::Store;

/// The folder under `.hamesh` that holds the layers.
pub const LAYERS_DIR: &str = "annotators";

/// Why `name` cannot name an annotator's layer, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("the name is empty".into());
    }
    if name != name.trim() {
        return Some("the name starts or ends with a space".into());
    }
    if name.starts_with('.') {
        return Some("the name starts with a dot".into());
    }
    if let Some(c) = name.chars().find(|&c| {
        matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()
    }) {
        return Some(format!(
            "it holds {c:?}; a name is a folder name, without path characters"
        ));
    }
    if name.chars().count() > 64 {
        return Some("the name is longer than 64 characters".into());
    }
    None
}

/// The corpus's named layers, and what is wrong with the folders that are not.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Layers {
    /// Annotator names, in order.
    pub names: Vec<String>,
    /// Whether the unnamed layer holds annotations.
    pub unnamed: bool,
    pub problems: Vec<String>,
}

/// The layers of `store`'s corpus.
pub fn list(store: &Store) -> Layers {
    let mut out = Layers {
        unnamed: std::fs::read_dir(store.data_dir().join("annotations"))
            .is_ok_and(|mut d| d.next().is_some()),
        ..Layers::default()
    };
    let dir = store.data_dir().join(LAYERS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut by_folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries.flatten() {
        let Ok(name) = e.file_name().into_string() else {
            out.problems.push(format!(
                "{}: a layer folder whose name is not UTF-8; left out",
                e.path().display()
            ));
            continue;
        };
        if name.starts_with('.') || !e.path().is_dir() {
            continue;
        }
        if let Some(why) = name_problem(&name) {
            out.problems
                .push(format!("{}: {why}; left out", e.path().display()));
            continue;
        }
        by_folded.entry(name.to_lowercase()).or_default().push(name);
    }
    for (_, mut names) in by_folded {
        names.sort();
        if names.len() > 1 {
            out.problems.push(format!(
                "the annotators {} differ only in case, which some systems take as one folder; \
                 rename one (their layers are read apart meanwhile)",
                names.join(" and ")
            ));
        }
        out.names.extend(names);
    }
    out.names.sort();
    out
}

/// Hands the unnamed layer to `annotator`: `.hamesh/annotations` becomes their layer in one
/// rename. Refused when they already have a layer with annotations. Returns the new folder.
pub fn claim(store: &Store, annotator: &str) -> Result<PathBuf, String> {
    let layer = store.layer(annotator).map_err(|e| e.to_string())?;
    let from = store.data_dir().join("annotations");
    let to = layer.annotations_dir();
    if !from.is_dir() {
        return Err(format!(
            "{} holds no annotations to hand to {annotator}",
            from.display()
        ));
    }
    if std::fs::read_dir(&to).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{annotator} already has annotations in {}; nothing was moved",
            to.display()
        ));
    }
    let parent = to.parent().unwrap_or(store.data_dir());
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    // An empty folder left by an earlier start is replaced.
    let _ = std::fs::remove_dir(&to);
    std::fs::rename(&from, &to).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}; nothing was moved",
            from.display(),
            to.display()
        )
    })?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::{DocumentAnnotations, Source};

    fn corpus(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hamesh-layers-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn names_that_are_not_folder_names_are_refused() {
        for bad in ["", " sara", "../x", "a/b", "a\\b", ".hidden", "c:", "a\nb"] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["sara", "سارا", "reza.m", "ann-2"] {
            assert_eq!(name_problem(good), None, "{good:?}");
        }
    }

    #[test]
    fn each_layer_has_its_own_files_and_the_unnamed_one_can_be_claimed() {
        let dir = corpus("claim");
        let store = Store::open(&dir, &dir.join("fallback"));
        let source = Source {
            path: "a.txt".into(),
            sha256: String::new(),
            encoding: "utf-8".into(),
            characters: 1,
        };
        let doc = DocumentAnnotations::new(source, "");
        store.save("a.txt", &doc).unwrap();
        let sara = store.layer("سارا").unwrap();
        sara.save("a.txt", &doc).unwrap();
        assert_ne!(
            store.path_for("a.txt").unwrap(),
            sara.path_for("a.txt").unwrap()
        );
        assert!(store.layer("../reza").is_err());
        let layers = list(&store);
        assert_eq!(layers.names, ["سارا"]);
        assert!(layers.unnamed);
        // Sara has a layer: the unnamed one is not moved over it.
        assert!(claim(&store, "سارا").unwrap_err().contains("already has"));
        let to = claim(&store, "reza").unwrap();
        assert!(to.join("a.txt.json").is_file());
        assert!(
            store
                .layer("reza")
                .unwrap()
                .load("a.txt")
                .unwrap()
                .is_some()
        );
        assert!(store.load("a.txt").unwrap().is_none());
        assert_eq!(list(&store).names, ["reza", "سارا"]);
        assert!(!list(&store).unnamed);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn names_that_differ_only_in_case_are_reported() {
        let dir = corpus("case");
        let store = Store::open(&dir, &dir.join("fallback"));
        for n in ["Sara", "sara"] {
            std::fs::create_dir_all(store.data_dir().join(LAYERS_DIR).join(n)).unwrap();
        }
        let layers = list(&store);
        // On a system that folds case the two are one folder, and nothing is to report.
        if layers.names.len() == 2 {
            assert!(layers.problems[0].contains("differ only in case"));
        }
        std::fs::remove_dir_all(dir).ok();
    }
}
