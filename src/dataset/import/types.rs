//! The documents every reader produces and the later stages take: a [`Record`] as the file
//! gives it (from [`super::record`] or the fast path in [`super::typed`]), and a [`Checked`]
//! record, checked on its own, that [`super::matching`] places in the corpus.

use crate::annotate::{DocStatus, Span};
use crate::dataset::OffsetUnit;

/// A span as the file gives it, offsets in the file's unit.
#[derive(Clone, Debug)]
pub struct RawSpan {
    pub field: String,
    pub id: Option<String>,
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: Option<String>,
    pub note: String,
    pub annotator: Option<String>,
    pub entity: Option<String>,
}

/// A document as the file gives it.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub id: Option<String>,
    pub path: Option<String>,
    pub sha256: Option<String>,
    pub text: String,
    pub status: DocStatus,
    pub tags: Vec<String>,
    pub annotator: String,
    pub spans: Vec<RawSpan>,
    pub unit: OffsetUnit,
}

/// A document that passed the checks that need no corpus: spans in code points.
#[derive(Clone, Debug)]
pub struct Checked {
    pub id: Option<String>,
    pub path: Option<String>,
    pub sha256: String,
    pub text: String,
    pub status: DocStatus,
    pub tags: Vec<String>,
    pub annotator: String,
    pub spans: Vec<Span>,
}
