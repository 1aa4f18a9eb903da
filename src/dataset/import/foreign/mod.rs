//! Datasets written by other tools: Label Studio JSON exports ([`label_studio`]), brat standoff
//! folders ([`brat`]), CoNLL/BIO files ([`conll`]) and spaCy- or Prodigy-style JSONL
//! ([`spacy`]). Each is read whole into [`Foreign`] records, which the same checks as Hamesh's
//! own formats then take: offsets located in the record's unit, quotes compared, labels and
//! paths checked against the corpus, nothing written until every record passed.

use super::fields::FieldError;
use super::types::Record;
use crate::dataset::OffsetUnit;

pub mod brat;
pub mod conll;
pub mod label_studio;
pub mod spacy;

/// One document of another tool's file, as read: where it is in the file (for messages) and
/// what it holds, or what is wrong with it.
pub struct Foreign {
    pub location: String,
    pub record: Result<Record, Vec<FieldError>>,
}

/// What a reader gives: the documents, and what it read but cannot import (said in the
/// report, not dropped silently).
#[derive(Default)]
pub struct Read {
    pub documents: Vec<Foreign>,
    pub not_imported: Vec<String>,
}

/// Choices the readers take from the import's options.
#[derive(Copy, Clone, Debug, Default)]
pub struct ReadOptions {
    /// The unit of offsets the file does not name; code points when `None`.
    pub unit: Option<OffsetUnit>,
    /// CoNLL: the column (from 1) that holds the tag; the last when `None`.
    pub conll_column: Option<usize>,
    /// Label Studio: read the tasks' predictions instead of their annotations.
    pub predictions: bool,
}

impl ReadOptions {
    pub fn unit(&self) -> OffsetUnit {
        self.unit.unwrap_or_default()
    }
}

/// A problem with no particular field: the whole document.
pub fn whole(message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError {
        field: String::new(),
        message: message.into(),
    }]
}
