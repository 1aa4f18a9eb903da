//! Export: a corpus and its annotations to a dataset file (or folder).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use thiserror::Error;

use crate::annotate::label::UNKNOWN_LABEL_COLOR;
use crate::annotate::store::{DATA_DIR, Fallback};
use crate::annotate::{Label, ReviewReason, ReviewSpan, Store, StoreError};
use crate::corpus::files::path_problem;
use crate::corpus::scan::walk;
use crate::destination::{
    fallback_stores, has_article_extension, resolved, same_file, store_folder_of,
};

use super::collect::{Corpus, Filter, Prepared, PreparedDoc, prepare_all};
use super::time::rfc3339_utc;
use super::{ExportOptions, Format, OffsetUnit, Progress, Scope};

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
        let mut out = vec![format!(
            "wrote {} documents and {} spans as {} to {}{}",
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

/// Spans named in a document's review warning; the rest are counted.
const NAMED_REVIEW_SPANS: usize = 5;

/// The warning for a document's spans that wait for review: how many, and which.
fn review_warning(path: &str, waiting: &[ReviewSpan]) -> String {
    let mut named: Vec<String> = waiting
        .iter()
        .take(NAMED_REVIEW_SPANS)
        .map(|r| {
            let s = &r.span;
            let why = match r.reason {
                ReviewReason::QuoteGone => "quote gone",
                ReviewReason::ContextChanged => "context changed",
                ReviewReason::Ambiguous => "several places",
                ReviewReason::Invalid => "offsets do not hold the quote",
            };
            format!(
                "{} {} «{}» at {}–{} ({why})",
                s.id.0, s.label, s.text, s.start.0, s.end.0
            )
        })
        .collect();
    if waiting.len() > NAMED_REVIEW_SPANS {
        named.push(format!("and {} more", waiting.len() - NAMED_REVIEW_SPANS));
    }
    format!(
        "{path}: {} spans could not be placed for certain in the current text and were not \
         exported; they wait for review in the highlight panel: {}",
        waiting.len(),
        named.join("; ")
    )
}

/// The header every format may use.
pub struct Header {
    pub created: String,
    pub unit: OffsetUnit,
    /// The label set, filtered, as written in the header (more may be added while exporting).
    pub labels: Vec<Label>,
}

/// A format's writer: documents in order, then `finish` puts the output in place.
pub trait Sink {
    fn document(&mut self, doc: &PreparedDoc, summary: &mut Summary) -> Result<(), ExportError>;
    /// `labels` is the header's label set followed by labels used but not in the set.
    fn finish(self: Box<Self>, labels: &[Label], summary: &mut Summary) -> Result<(), ExportError>;
}

/// Whether `rel` is a relative `/`-separated path that stays inside a folder.
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && rel.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part.contains(['\\', ':', '\0'])
                && !part.chars().any(char::is_control)
        })
}

/// The documents of the export. Folders the walk did not enter are warnings; files it refused
/// (a link out of the corpus) are skipped when prepared, with the reason.
fn resolve_scope(
    corpus: &mut Corpus,
    scope: &Scope,
    summary: &mut Summary,
) -> Result<Vec<String>, ExportError> {
    match scope {
        Scope::All | Scope::Done => {
            let listing = walk(&corpus.folder);
            summary.warnings.extend(listing.problems);
            corpus.refused = listing.refused;
            Ok(listing.files)
        }
        Scope::Paths(paths) => {
            for p in paths {
                if let Some(reason) = path_problem(p) {
                    return Err(ExportError::Options(format!("{p:?}: {reason}")));
                }
                if !is_safe_relative(p) || !corpus.root.join(p).is_file() {
                    return Err(ExportError::Options(format!(
                        "{p:?} is not a document of the corpus {}",
                        corpus.root.display()
                    )));
                }
            }
            Ok(paths.clone())
        }
    }
}

/// Refuses, before anything is written, an output that would destroy or corrupt something:
/// a file in the corpus's store (annotations, the label set) or in any other store folder, an
/// article of the corpus, the corpus folder itself (or, for brat's folder, one containing it),
/// and text files inside the corpus, which would become articles of it.
fn check_output(corpus: &Corpus, options: &ExportOptions) -> Result<(), ExportError> {
    let out = &options.output;
    if out.as_os_str().is_empty() {
        return Err(ExportError::Options("no output given (-o OUT)".into()));
    }
    let refuse = |why: String| {
        Err(ExportError::Options(format!(
            "{} {why}; nothing was written",
            out.display()
        )))
    };
    let target = resolved(out);
    let root = resolved(&corpus.root);
    let fallback_root = options
        .fallback_root
        .clone()
        .unwrap_or_else(Store::default_fallback_root);
    let stores = [
        resolved(&corpus.root.join(DATA_DIR)),
        resolved(corpus.store.data_dir()),
        fallback_stores(&fallback_root),
    ];
    if let Some(store) = store_folder_of(&target, &stores) {
        return refuse(format!(
            "is inside Hamesh's annotation store {}, where the export would replace \
             annotations or the label set. Choose an output outside it",
            store.display()
        ));
    }
    if target == root {
        return refuse("is the corpus folder itself. Choose a new file or folder".into());
    }
    if options.format.is_folder() && root.starts_with(&target) {
        return refuse(format!(
            "contains the corpus {}; the brat files would be mixed with the articles. \
             Choose a new folder outside it",
            corpus.root.display()
        ));
    }
    if !options.format.is_folder() && out.is_dir() {
        return Err(ExportError::Options(format!(
            "{} is a folder; the {} format writes one file",
            out.display(),
            options.format.name()
        )));
    }
    if is_article_of(corpus, &root, &target) {
        return refuse(format!(
            "is an article of the corpus {}; the export would replace its text. \
             Choose another file",
            corpus.root.display()
        ));
    }
    // Text files written inside the corpus would become articles of it.
    let writes_text = options.format.is_folder() || has_article_extension(out);
    if writes_text && target.starts_with(&root) {
        return Err(ExportError::Options(format!(
            "{} is inside the corpus; the exported text files would become articles of it. \
             Choose an output outside {}",
            out.display(),
            corpus.root.display()
        )));
    }
    Ok(())
}

/// Whether `target` (resolved) is an existing article of the corpus: a text file inside it,
/// or one it reaches through a linked folder or a hard link.
fn is_article_of(corpus: &Corpus, root: &Path, target: &Path) -> bool {
    if !target.is_file() || !has_article_extension(target) {
        return false;
    }
    if target.starts_with(root) {
        return true;
    }
    walk(&corpus.folder)
        .files
        .iter()
        .any(|rel| same_file(&corpus.root.join(rel), target))
}

fn header_labels(corpus: &Corpus, filter: Option<&BTreeSet<String>>) -> Vec<Label> {
    corpus
        .labels
        .labels
        .iter()
        .filter(|l| filter.is_none_or(|f| f.contains(&l.name)))
        .cloned()
        .collect()
}

/// A label used by spans but missing from the label set, as the header lists it.
pub fn undefined_label(name: &str) -> Label {
    let [r, g, b] = UNKNOWN_LABEL_COLOR;
    Label {
        name: name.to_string(),
        description: "not in the label set".into(),
        color: format!("#{r:02X}{g:02X}{b:02X}"),
        key: None,
    }
}

/// Exports the corpus at `corpus_root`. `progress` is called after each document with the
/// count so far; returning `false` cancels (nothing is written). The output appears only when
/// the whole export succeeded.
pub fn export(
    corpus_root: &Path,
    options: &ExportOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Summary, ExportError> {
    let mut corpus = Corpus::open_with(
        corpus_root,
        options.fallback_root.as_deref(),
        &options.scan_options(),
    )?;
    let unit = options.format.effective_unit(options.offset_unit);
    let created = rfc3339_utc(options.created.unwrap_or_else(SystemTime::now));
    let mut summary = Summary {
        format: options.format.name(),
        offset_unit: unit.map(OffsetUnit::name),
        output: options.output.clone(),
        created: created.clone(),
        ..Summary::default()
    };
    if let Some(why @ Fallback::LinkOutside { .. }) = corpus.store.fallback() {
        summary.warnings.push(format!(
            "{why}; the annotations were read from {}",
            corpus.store.data_dir().display()
        ));
    }
    let label_filter: Option<BTreeSet<String>> = match &options.labels {
        None => None,
        Some(names) => {
            let known: Vec<&str> = corpus
                .labels
                .labels
                .iter()
                .map(|l| l.name.as_str())
                .collect();
            for n in names {
                if !known.contains(&n.as_str()) {
                    return Err(ExportError::Options(format!(
                        "label {n:?} is not in the label set ({})",
                        known.join(", ")
                    )));
                }
            }
            Some(names.iter().cloned().collect())
        }
    };
    check_output(&corpus, options)?;
    let rels = resolve_scope(&mut corpus, &options.scope, &mut summary)?;
    let header = Header {
        created,
        unit: unit.unwrap_or_default(),
        labels: header_labels(&corpus, label_filter.as_ref()),
    };
    let mut sink: Box<dyn Sink> = match options.format {
        Format::Json => super::native::sink(&options.output, &header)?,
        Format::Jsonl => super::jsonl::sink(&options.output, &header)?,
        Format::Brat => super::brat::sink(&options.output, &header)?,
        Format::Conll => super::conll::sink(&options.output, &header)?,
        Format::LabelStudio => super::label_studio::sink(&options.output, &header)?,
    };
    let filter = Filter {
        done_only: options.scope == Scope::Done,
        labels: label_filter.as_ref(),
    };
    let defined: BTreeSet<&str> = header.labels.iter().map(|l| l.name.as_str()).collect();
    let mut undefined: BTreeMap<String, usize> = BTreeMap::new();
    let total = rels.len();
    prepare_all(&corpus, &rels, &filter, |i, prepared| {
        match prepared {
            Prepared::Doc {
                doc,
                reanchored,
                moved,
                left_out,
            } => {
                sink.document(&doc, &mut summary)?;
                summary.documents += 1;
                summary.spans += doc.spans.len();
                for s in &doc.spans {
                    *summary.labels.entry(s.label.clone()).or_insert(0) += 1;
                    if !defined.contains(s.label.as_str()) {
                        *undefined.entry(s.label.clone()).or_insert(0) += 1;
                    }
                }
                summary.reanchored_documents += usize::from(reanchored);
                summary.moved_spans += moved;
                summary.left_out_spans += left_out.len();
                if !left_out.is_empty() {
                    summary.warnings.push(review_warning(&doc.path, &left_out));
                }
            }
            Prepared::OutOfScope => {}
            Prepared::Unreadable {
                path,
                reason,
                spans,
            } => {
                summary.skipped.push(if spans > 0 {
                    format!("{path}: {reason} ({spans} annotated spans not exported)")
                } else {
                    format!("{path}: {reason}")
                });
            }
        }
        if progress(Progress { done: i + 1, total }) {
            Ok(())
        } else {
            Err(ExportError::Cancelled)
        }
    })?;
    let mut labels = header.labels.clone();
    for (name, n) in &undefined {
        summary.warnings.push(format!(
            "label {name} is used by {n} spans but is not in the label set; the header lists it"
        ));
        labels.push(undefined_label(name));
    }
    sink.finish(&labels, &mut summary)?;
    Ok(summary)
}
