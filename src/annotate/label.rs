//! The label set of a corpus: `FOLDER/.hamesh/labels.json`, created from `assets/labels.json`.
//!
//! Spans refer to labels by name. A span whose label is not (or no longer) in the set is kept
//! and shown with a neutral colour; nothing is dropped because a label was renamed or removed.

use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::fsutil::{ReadError, file_limit, read_regular, write_atomic};

/// The default label set shipped with Hamesh.
pub const DEFAULT_LABELS: &str = include_str!("../../assets/labels.json");

/// Label keys: the ten digit keys (1–9, then 0 as the tenth), then the same with Shift.
pub const MAX_KEY: u8 = 20;

/// How label key `k` is shown and typed: "1"…"9", "0", then "Shift+1"…"Shift+0".
pub fn key_name(k: u8) -> String {
    let digit = (k.max(1) - 1) % 10 + 1;
    let digit = if digit == 10 { 0 } else { digit };
    if k > 10 {
        format!("Shift+{digit}")
    } else {
        digit.to_string()
    }
}

/// Colour of spans whose label is missing from the set.
pub const UNKNOWN_LABEL_COLOR: [u8; 3] = [0x80, 0x80, 0x80];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `#RRGGBB`, chosen to read on light and dark pages.
    pub color: String,
    /// The key that applies the label: 1–9 the digit keys, 10 the 0 key, 11–20 the same keys
    /// with Shift ([`key_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<u8>,
}

impl Label {
    /// The colour as RGB, or grey when the string is not `#RRGGBB`.
    pub fn rgb(&self) -> [u8; 3] {
        parse_color(&self.color).unwrap_or(UNKNOWN_LABEL_COLOR)
    }
}

pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[derive(Debug, Error)]
pub enum LabelError {
    #[error("cannot read labels from {path}: {message}")]
    Read { path: String, message: String },
    #[error("cannot write labels to {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// There was no label set and the default one could not be written there.
    #[error(
        "cannot create the label set {path}: {source}; the default labels are used until they \
         can be saved"
    )]
    Create {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

impl LabelError {
    /// Whether the label set could not be written (created or saved), rather than read: the
    /// file, if there is one, is fine, and the disk or the folder is the problem.
    pub fn is_write(&self) -> bool {
        matches!(self, LabelError::Write { .. } | LabelError::Create { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSet {
    pub labels: Vec<Label>,
}

impl Default for LabelSet {
    fn default() -> Self {
        // The bundled file is part of the build and checked by a test.
        serde_json::from_str(DEFAULT_LABELS).expect("assets/labels.json parses")
    }
}

impl LabelSet {
    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label bound to digit `key`.
    pub fn by_key(&self, key: u8) -> Option<&Label> {
        self.labels.iter().find(|l| l.key == Some(key))
    }

    /// Checks names are non-empty and unique, keys are 1–20 and unique, colours parse.
    pub fn validate(&self) -> Result<(), LabelError> {
        let mut names = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for l in &self.labels {
            if l.name.trim().is_empty() {
                return Err(LabelError::Invalid("a label has an empty name".into()));
            }
            if !names.insert(l.name.as_str()) {
                return Err(LabelError::Invalid(format!(
                    "label {} appears twice",
                    l.name
                )));
            }
            if let Some(k) = l.key {
                if !(1..=MAX_KEY).contains(&k) {
                    return Err(LabelError::Invalid(format!(
                        "label {} has key {k}; keys are 1 to {MAX_KEY} (10 is the 0 key, \
                         11 to 20 the digit keys with Shift)",
                        l.name
                    )));
                }
                if !keys.insert(k) {
                    return Err(LabelError::Invalid(format!("key {k} is used twice")));
                }
            }
            if parse_color(&l.color).is_none() {
                return Err(LabelError::Invalid(format!(
                    "label {} has colour {:?}; expected #RRGGBB",
                    l.name, l.color
                )));
            }
        }
        Ok(())
    }

    /// Loads `path`, or writes the default set there when it does not exist. A file that
    /// exists but cannot be read is an error and is left untouched; a default set that cannot
    /// be written is [`LabelError::Create`], so the two are told apart.
    pub fn load_or_create(path: &Path) -> Result<LabelSet, LabelError> {
        match read_regular(path, &file_limit(None)) {
            Ok(bytes) => {
                let set: LabelSet =
                    serde_json::from_slice(&bytes).map_err(|e| LabelError::Read {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    })?;
                set.validate()?;
                Ok(set)
            }
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                let set = LabelSet::default();
                set.save(path).map_err(|e| match e {
                    LabelError::Write { path, source } => LabelError::Create { path, source },
                    other => other,
                })?;
                Ok(set)
            }
            Err(e) => Err(LabelError::Read {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), LabelError> {
        self.validate()?;
        let mut json = serde_json::to_vec_pretty(self).map_err(|e| LabelError::Write {
            path: path.display().to_string(),
            source: std::io::Error::other(e),
        })?;
        json.push(b'\n');
        write_atomic(path, &json).map_err(|source| LabelError::Write {
            path: path.display().to_string(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_go_past_nine_to_zero_then_shift() {
        let names: Vec<String> = [1, 9, 10, 11, 19, 20].map(key_name).to_vec();
        assert_eq!(names, ["1", "9", "0", "Shift+1", "Shift+9", "Shift+0"]);
        let mut set = LabelSet::default();
        for k in 9..=MAX_KEY {
            set.labels.push(Label {
                name: format!("L{k}"),
                description: String::new(),
                color: "#336699".into(),
                key: Some(k),
            });
        }
        set.validate().unwrap();
        assert_eq!(set.by_key(20).map(|l| l.name.as_str()), Some("L20"));
        set.labels.last_mut().unwrap().key = Some(21);
        assert!(set.validate().is_err());
    }

    #[test]
    fn default_set_has_eight_labels_with_keys_one_to_eight() {
        let set = LabelSet::default();
        set.validate().unwrap();
        let names: Vec<&str> = set.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            ["PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "MISC"]
        );
        for k in 1..=8 {
            assert!(set.by_key(k).is_some());
        }
    }

    #[test]
    fn validation_catches_duplicates_and_bad_colours() {
        let mut set = LabelSet::default();
        set.labels[1].key = Some(1);
        assert!(set.validate().is_err());
        let mut set = LabelSet::default();
        set.labels[0].color = "red".into();
        assert!(set.validate().is_err());
        let mut set = LabelSet::default();
        set.labels[2].name = "PER".into();
        assert!(set.validate().is_err());
    }

    #[test]
    fn creates_the_default_file_and_never_overwrites_a_damaged_one() {
        let dir = std::env::temp_dir().join(format!("hamesh-labels-{}", std::process::id()));
        let path = dir.join("labels.json");
        let set = LabelSet::load_or_create(&path).unwrap();
        assert_eq!(set, LabelSet::default());
        assert!(path.exists());
        std::fs::write(&path, b"{ not json").unwrap();
        assert!(LabelSet::load_or_create(&path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"{ not json");
        let err = LabelSet::load_or_create(&path).unwrap_err();
        assert!(!err.is_write(), "{err}");
        assert!(err.to_string().starts_with("cannot read labels"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_default_set_that_cannot_be_written_is_a_write_problem_not_a_read_one() {
        let dir = std::env::temp_dir().join(format!("hamesh-labels-full-{}", std::process::id()));
        let path = dir.join("labels.json");
        // A folder where the write's temporary file must go: the write fails for any user,
        // root included, as on a full disk, while reading finds no file.
        let tmp = dir.join(format!(".labels.json.tmp-{}", std::process::id()));
        std::fs::create_dir_all(tmp.join("blocker")).unwrap();
        let err = LabelSet::load_or_create(&path).unwrap_err();
        assert!(matches!(err, LabelError::Create { .. }), "{err:?}");
        assert!(err.is_write());
        assert!(
            err.to_string().starts_with("cannot create the label set"),
            "{err}"
        );
        assert!(!path.exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
