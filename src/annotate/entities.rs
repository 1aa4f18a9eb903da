//! The entity registry of a corpus: the people, organisations and places its spans name, so
//! that «روسيا», «روسیه» and «Russland» are one entity. Kept in `FOLDER/.hamesh/entities.json`,
//! sorted by id and pretty-printed so that a team's diffs stay readable:
//!
//! ```json
//! { "version": 1, "entities": [
//!   { "id": "e1", "label": "GPE", "names": { "ar": "روسيا", "en": "Russia" },
//!     "aliases": ["روسیه", "Russland"], "wikidata": "Q159" } ] }
//! ```
//!
//! A span names an entity by its id ([`super::Span::entity`]). Entities are found again by
//! name or alias through the search normaliser ([`crate::search::fold`]), so a new span of
//! «أفغانستان» finds the entity whose alias is «افغانستان». A file that cannot be read is left
//! as it is and reported; nothing is written over it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Store;
use crate::fsutil::{file_limit, read_regular};
use crate::search::{FoldOptions, fold};

/// The registry's file name in the store's folder.
pub const ENTITIES_FILE: &str = "entities.json";
const VERSION: u32 = 1;

/// One entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub label: String,
    /// The canonical name in each language (`ar`, `fa`, `en`, …).
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Other forms that name it, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its Wikidata item, as typed by the user (`Q159`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

impl Entity {
    /// Its name for display: in `lang` if it has one, else the first it has, else its id.
    pub fn name(&self, lang: &str) -> &str {
        self.names
            .get(lang)
            .or_else(|| self.names.values().next())
            .map_or(self.id.as_str(), String::as_str)
    }

    /// Every form that names it: names and aliases.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.names.values().chain(&self.aliases).map(String::as_str)
    }
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    entities: Vec<Entity>,
}

/// Why the registry cannot take a change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegistryError {
    #[error("there is no entity {0:?}")]
    Missing(String),
    #[error("{0:?} is not a Wikidata item id (Q followed by digits, as in Q159)")]
    BadWikidata(String),
    #[error("an entity needs a name")]
    NoName,
}

/// The entities of a corpus, by id, with an index of their folded forms.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    entities: BTreeMap<String, Entity>,
    by_form: HashMap<String, Vec<String>>,
}

/// The fold entities are found by (the search's: ة and ه alike).
const FOLD: FoldOptions = FoldOptions::SEARCH;

fn form_key(text: &str) -> String {
    fold(text.trim(), FOLD)
}

/// Whether `qid` looks like a Wikidata item id.
pub fn is_wikidata_id(qid: &str) -> bool {
    qid.strip_prefix('Q').is_some_and(|n| {
        !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
    })
}

impl Registry {
    /// Where the registry of the corpus of `store` is kept.
    pub fn path(store: &Store) -> PathBuf {
        store.data_dir().join(ENTITIES_FILE)
    }

    /// Reads the corpus's registry: empty when there is no file; an error naming the file
    /// (and the entity at fault) when it cannot be read.
    pub fn load(store: &Store) -> Result<Registry, String> {
        let path = Registry::path(store);
        let shown = path.display();
        let bytes = match read_regular(&path, &file_limit(None)) {
            Ok(b) => b,
            Err(crate::fsutil::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Registry::default());
            }
            Err(e) => return Err(format!("{shown}: {}", e.reason())),
        };
        Registry::from_bytes(&bytes).map_err(|e| format!("{shown}: {e}"))
    }

    /// Parses and checks a registry file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Registry, String> {
        let file: File = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if file.version > VERSION {
            return Err(format!(
                "written by a newer Hamesh (version {})",
                file.version
            ));
        }
        let mut registry = Registry::default();
        for (i, e) in file.entities.into_iter().enumerate() {
            if e.id.trim().is_empty() {
                return Err(format!("entity {i} has no id"));
            }
            if let Some(q) = &e.wikidata
                && !is_wikidata_id(q)
            {
                return Err(format!(
                    "entity {:?}: {}",
                    e.id,
                    RegistryError::BadWikidata(q.clone())
                ));
            }
            if registry.entities.contains_key(&e.id) {
                return Err(format!("the id {:?} is given to two entities", e.id));
            }
            registry.entities.insert(e.id.clone(), e);
        }
        registry.reindex();
        Ok(registry)
    }

    /// The file's bytes: entities by id, aliases sorted, pretty-printed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let file = File {
            version: VERSION,
            entities: self.entities.values().cloned().collect(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    fn reindex(&mut self) {
        self.by_form.clear();
        for e in self.entities.values() {
            for form in e.forms() {
                let ids = self.by_form.entry(form_key(form)).or_default();
                if !ids.contains(&e.id) {
                    ids.push(e.id.clone());
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.entities.get(id)
    }

    /// Every entity, by id.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.entities.values()
    }

    /// The entities one of whose names or aliases is `text` under the normaliser (those with
    /// `label` first).
    pub fn candidates(&self, text: &str, label: &str) -> Vec<&Entity> {
        let mut found: Vec<&Entity> = self
            .by_form
            .get(&form_key(text))
            .into_iter()
            .flatten()
            .filter_map(|id| self.entities.get(id))
            .collect();
        found.sort_by_key(|e| (e.label != label, e.id.clone()));
        found
    }

    /// Adds an entity named `name` (in language `lang`) with `label`; returns its id (`e1`,
    /// `e2`, …, never one in use).
    pub fn create(&mut self, label: &str, name: &str, lang: &str) -> Result<String, RegistryError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(RegistryError::NoName);
        }
        let next = self
            .entities
            .keys()
            .filter_map(|id| id.strip_prefix('e')?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let id = format!("e{next}");
        self.entities.insert(
            id.clone(),
            Entity {
                id: id.clone(),
                label: label.to_string(),
                names: [(lang.to_string(), name.to_string())].into(),
                aliases: Vec::new(),
                wikidata: None,
            },
        );
        self.reindex();
        Ok(id)
    }

    /// Adds `alias` to entity `id` (nothing when it already names it under the normaliser).
    /// Returns whether it was added.
    pub fn add_alias(&mut self, id: &str, alias: &str) -> Result<bool, RegistryError> {
        let alias = alias.trim();
        let entity = self
            .entities
            .get_mut(id)
            .ok_or_else(|| RegistryError::Missing(id.to_string()))?;
        let key = form_key(alias);
        if alias.is_empty() || entity.forms().any(|f| form_key(f) == key) {
            return Ok(false);
        }
        entity.aliases.push(alias.to_string());
        entity.aliases.sort();
        self.reindex();
        Ok(true)
    }

    /// Sets (or, with an empty string, clears) the Wikidata item of entity `id`.
    pub fn set_wikidata(&mut self, id: &str, qid: &str) -> Result<(), RegistryError> {
        let qid = qid.trim();
        if !qid.is_empty() && !is_wikidata_id(qid) {
            return Err(RegistryError::BadWikidata(qid.to_string()));
        }
        let entity = self
            .entities
            .get_mut(id)
            .ok_or_else(|| RegistryError::Missing(id.to_string()))?;
        entity.wikidata = (!qid.is_empty()).then(|| qid.to_string());
        Ok(())
    }

    /// Sets the canonical name of entity `id` in `lang`.
    pub fn set_name(&mut self, id: &str, lang: &str, name: &str) -> Result<(), RegistryError> {
        let entity = self
            .entities
            .get_mut(id)
            .ok_or_else(|| RegistryError::Missing(id.to_string()))?;
        let name = name.trim();
        if name.is_empty() {
            entity.names.remove(lang);
        } else {
            entity.names.insert(lang.to_string(), name.to_string());
        }
        self.reindex();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_found_by_any_spelling_of_their_names_and_aliases() {
        let mut r = Registry::default();
        let id = r.create("GPE", "روسيا", "ar").unwrap();
        assert_eq!(id, "e1");
        assert!(r.add_alias(&id, "روسیه").unwrap());
        assert!(r.add_alias(&id, "Russland").unwrap());
        assert!(
            !r.add_alias(&id, "رُوسِيا").unwrap(),
            "the same form, with harakat"
        );
        r.set_name(&id, "en", "Russia").unwrap();
        r.set_wikidata(&id, "Q159").unwrap();
        assert_eq!(
            r.set_wikidata(&id, "159"),
            Err(RegistryError::BadWikidata("159".into()))
        );
        for form in ["روسيا", "روسیه", "russland", "RUSSIA", "رُوسيا"] {
            assert_eq!(r.candidates(form, "GPE").len(), 1, "{form}");
        }
        assert!(r.candidates("موسكو", "GPE").is_empty());
        let other = r.create("ORG", "روسيا", "ar").unwrap();
        assert_eq!(other, "e2");
        let found: Vec<&str> = r
            .candidates("روسيا", "ORG")
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(found, ["e2", "e1"], "the label asked for first");
    }

    #[test]
    fn the_file_round_trips_and_bad_files_say_why() {
        let mut r = Registry::default();
        let id = r.create("GPE", "افغانستان", "fa").unwrap();
        assert!(
            !r.add_alias(&id, "أفغانستان").unwrap(),
            "the same under the normaliser"
        );
        assert!(r.add_alias(&id, "Afghanistan").unwrap());
        r.set_wikidata(&id, "Q889").unwrap();
        let bytes = r.to_bytes();
        let back = Registry::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.get(&id).unwrap().wikidata.as_deref(), Some("Q889"));
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("\"aliases\": [\n"),
            "pretty, one line per alias"
        );
        let twice =
            r#"{"version":1,"entities":[{"id":"e1","label":"GPE"},{"id":"e1","label":"ORG"}]}"#;
        assert!(
            Registry::from_bytes(twice.as_bytes())
                .unwrap_err()
                .contains("two entities")
        );
        let bad = r#"{"version":1,"entities":[{"id":"e1","label":"GPE","wikidata":"X1"}]}"#;
        assert!(
            Registry::from_bytes(bad.as_bytes())
                .unwrap_err()
                .contains("\"e1\"")
        );
        assert!(Registry::from_bytes(b"{").is_err());
    }
}
