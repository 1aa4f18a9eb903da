//! What every format's writer shares with the driver: the [`Sink`] a format implements, the
//! [`Header`] and the documents ([`PreparedDoc`]) it is given, the [`Summary`] it adds to, and
//! the errors it may stop on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

use crate::annotate::entities::Registry;
use crate::annotate::{DocStatus, Label, Span, StoreError};
use crate::dataset::{Format, OffsetUnit};

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("{0}")]
    Options(String),
    #[error("cannot read the corpus {path}: {message}")]
    Corpus { path: String, message: String },
    #[error(transparent)]
    Annotations(#[from] StoreError),
    #[error("{0}")]
    SpanMismatch(Box<SpanMismatch>),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
}

/// A span whose quote is not the text between its offsets: the export stops on it.
#[derive(Debug, Error)]
#[error(
    "{document}: span {span} ({label}, code points {start}..{end}) does not match the text: \
     its quote is {expected:?} but the text there in {unit} offsets is {found}; \
     the export was stopped and nothing was written"
)]
pub struct SpanMismatch {
    pub document: String,
    pub span: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub unit: &'static str,
    pub expected: String,
    pub found: String,
}

impl ExportError {
    pub fn write(path: &Path, source: std::io::Error) -> ExportError {
        ExportError::Write {
            path: path.display().to_string(),
            source,
        }
    }
}

/// What an export did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub format: &'static str,
    /// The unit of the exported offsets; `None` for CoNLL, which has none.
    pub offset_unit: Option<&'static str>,
    pub output: PathBuf,
    pub created: String,
    pub documents: usize,
    pub spans: usize,
    /// Spans written per label.
    pub labels: BTreeMap<String, usize>,
    /// Documents that could not be read, with the reason.
    pub skipped: Vec<String>,
    /// Documents whose text changed since annotation, re-anchored before export.
    pub reanchored_documents: usize,
    pub moved_spans: usize,
    /// Spans left out because they could not be placed in the current text.
    pub left_out_spans: usize,
    /// CoNLL: tokens written, tokens split at a span boundary, spans dropped because they
    /// overlap a longer one, spans that cover no token.
    pub tokens: usize,
    pub split_tokens: usize,
    pub dropped_overlapping: usize,
    pub spans_without_tokens: usize,
    /// brat: spans written as several fragments because they cross a line break.
    pub fragmented_spans: usize,
    pub warnings: Vec<String>,
}

impl Summary {
    /// Human-readable lines, for the command line.
    pub fn lines(&self) -> Vec<String> {
        let dropped = if self.format == Format::Conll.name() {
            format!(
                "; {} nested or overlapping spans dropped (CoNLL keeps the longest)",
                self.dropped_overlapping
            )
        } else {
            String::new()
        };
        let mut out = vec![format!(
            "wrote {} documents and {} spans as {} to {}{}{dropped}",
            self.documents,
            self.spans,
            self.format,
            self.output.display(),
            self.offset_unit
                .map(|u| format!(" (offsets in {u})"))
                .unwrap_or_default()
        )];
        if !self.labels.is_empty() {
            let per: Vec<String> = self
                .labels
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            out.push(format!("spans per label: {}", per.join(", ")));
        }
        if self.reanchored_documents > 0 {
            out.push(format!(
                "{} documents changed since they were annotated: their spans were re-anchored ({} moved)",
                self.reanchored_documents, self.moved_spans
            ));
        }
        if self.left_out_spans > 0 {
            out.push(format!(
                "{} spans could not be placed for certain in the current text and were not \
                 exported (listed below; they wait for review)",
                self.left_out_spans
            ));
        }
        if self.format == Format::Conll.name() {
            out.push(format!(
                "{} tokens, {} split at a span boundary; {} overlapping or nested spans dropped \
                 (CoNLL keeps the longest); {} spans cover no token",
                self.tokens, self.split_tokens, self.dropped_overlapping, self.spans_without_tokens
            ));
        }
        if self.fragmented_spans > 0 {
            out.push(format!(
                "{} spans cross a line break and were written as brat fragments",
                self.fragmented_spans
            ));
        }
        for s in &self.skipped {
            out.push(format!("skipped {s}"));
        }
        for w in &self.warnings {
            out.push(format!("warning: {w}"));
        }
        out
    }
}

/// The header every format may use.
pub struct Header {
    pub created: String,
    pub unit: OffsetUnit,
    /// The label set, filtered, as written in the header (more may be added while exporting).
    pub labels: Vec<Label>,
    /// The corpus's entity registry: names and Wikidata ids for the spans that link to one.
    pub entities: Registry,
    /// jsonl: leave out documents whose text is empty (doccano refuses them) instead of
    /// writing them with a warning.
    pub skip_empty: bool,
}

/// A format's writer: documents in order, then `finish` puts the output in place.
pub trait Sink {
    fn document(&mut self, doc: &PreparedDoc, summary: &mut Summary) -> Result<(), ExportError>;
    /// `labels` is the header's label set followed by labels used but not in the set.
    fn finish(self: Box<Self>, labels: &[Label], summary: &mut Summary) -> Result<(), ExportError>;
}

/// A document ready to be written: its text and its spans in code points, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedDoc {
    pub path: String,
    pub text: String,
    pub sha256: String,
    pub encoding: &'static str,
    /// `ar`, `fa` or `und`.
    pub language: &'static str,
    pub direction: &'static str,
    pub status: DocStatus,
    pub tags: Vec<String>,
    pub annotator: String,
    /// In reading order, offsets in code points; each one's quote equals the text there.
    pub spans: Vec<Span>,
    /// Site furniture in `text`, code points, when the export marks it.
    pub furniture: Vec<std::ops::Range<usize>>,
}

impl PreparedDoc {
    /// The marked site furniture in `unit`, as `[start, end]` pairs.
    pub fn furniture_in(&self, unit: crate::dataset::OffsetUnit) -> Vec<(usize, usize)> {
        let ends: Vec<usize> = self
            .furniture
            .iter()
            .flat_map(|r| [r.start, r.end])
            .collect();
        let converted = crate::dataset::offsets::from_code_points(&self.text, unit, &ends);
        converted.chunks(2).map(|p| (p[0], p[1])).collect()
    }
}
