//! Gathering the documents of an export: each article's decoded text with its annotations,
//! re-anchored when the article changed, filtered by label, and checked span by span.
//!
//! Documents are prepared on a few threads in chunks and handed on in corpus order, the next
//! chunk prepared while the current one is written, so memory holds two chunks at most however
//! large the corpus.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::annotate::anchor::place;
use crate::annotate::span::sha256_hex;
use crate::annotate::{DocStatus, LabelSet, ReviewSpan, Span, Store};
use crate::corpus::files::{Folder, ScanOptions};
use crate::corpus::furniture::{FurnitureCounts, furniture_ranges, without};
use crate::corpus::scan::walk;
use crate::dataset::FurnitureExport;
use crate::text::CharIndex;
use crate::text::document::document_direction;
use crate::text::{DirectionChoice, Language};

use super::sink::{ExportError, PreparedDoc, SpanMismatch};
use crate::dataset::OffsetUnit;
use crate::dataset::common::{NoTrace, read_labels};
use crate::dataset::offsets::convert_and_check;

/// A corpus opened for export: its folder, annotation store and label set.
pub struct Corpus {
    pub root: PathBuf,
    /// The folder, with the options its articles are read with.
    pub folder: Folder,
    pub store: Store,
    pub labels: LabelSet,
    /// Documents the walk refused (a link out of the corpus), with the reason.
    pub refused: HashMap<String, String>,
    _trace: NoTrace,
}

impl Corpus {
    /// Opens `root` without writing to it, reading its articles with the default options.
    pub fn open(root: &Path, fallback_root: Option<&Path>) -> Result<Corpus, ExportError> {
        Corpus::open_with(root, fallback_root, &ScanOptions::default())
    }

    /// Opens `root` without writing to it: the label set is read when there is one, else the
    /// default set is used.
    pub fn open_with(
        root: &Path,
        fallback_root: Option<&Path>,
        scan: &ScanOptions,
    ) -> Result<Corpus, ExportError> {
        if !root.is_dir() {
            return Err(ExportError::Corpus {
                path: root.display().to_string(),
                message: "not a folder".into(),
            });
        }
        let fallback = fallback_root
            .map(Path::to_path_buf)
            .unwrap_or_else(Store::default_fallback_root);
        let trace = NoTrace::new(root);
        let store = Store::open(root, &fallback);
        let labels = read_labels(&store.labels_path()).map_err(|message| ExportError::Corpus {
            path: store.labels_path().display().to_string(),
            message,
        })?;
        Ok(Corpus {
            root: root.to_path_buf(),
            folder: Folder::new(root, scan.clone()),
            store,
            labels,
            refused: HashMap::new(),
            _trace: trace,
        })
    }
}

/// What preparing one document gave.
#[derive(Debug)]
pub enum Prepared {
    Doc {
        doc: Box<PreparedDoc>,
        /// The article changed since annotation and its spans were re-anchored.
        reanchored: bool,
        moved: usize,
        /// Spans that could not be placed for certain in the current text, or whose offsets do
        /// not fit it: waiting for review, left out.
        left_out: Vec<ReviewSpan>,
        /// Spans inside site furniture the export leaves out.
        in_furniture: usize,
    },
    /// Outside the scope (not done, for `--only-done`).
    OutOfScope,
    /// The article cannot be read; `spans` of its annotations are not exported.
    Unreadable {
        path: String,
        reason: String,
        spans: usize,
    },
}

/// Which spans to keep.
pub struct Filter<'a> {
    pub done_only: bool,
    pub labels: Option<&'a BTreeSet<String>>,
    /// The corpus's line counts, when site furniture is marked or left out.
    pub furniture: Option<(&'a FurnitureCounts, FurnitureExport)>,
}

/// How many articles of the corpus each short line appears in: every readable article is
/// read once more, whatever the scope, since furniture is what the folder repeats.
pub fn count_furniture(corpus: &Corpus) -> FurnitureCounts {
    let listing = walk(&corpus.folder);
    let mut counts = FurnitureCounts::default();
    for rel in &listing.files {
        if let Some(info) = listing.read_entry(&corpus.folder, rel).info {
            counts.add(&info.lines);
        }
    }
    counts
}

/// Marks or leaves out the site furniture of a prepared text: the text, the spans that stay
/// (moved to the shorter text when it is left out), the marked ranges and how many spans
/// were inside furniture that was left out.
fn apply_furniture(
    text: String,
    spans: Vec<Span>,
    furniture: Option<(&FurnitureCounts, FurnitureExport)>,
) -> (String, Vec<Span>, Vec<std::ops::Range<usize>>, usize) {
    let Some((counts, how)) = furniture.filter(|(_, how)| *how != FurnitureExport::Keep) else {
        return (text, spans, Vec::new(), 0);
    };
    let ranges = furniture_ranges(&text, counts);
    if ranges.is_empty() {
        return (text, spans, Vec::new(), 0);
    }
    if how == FurnitureExport::Mark {
        return (text, spans, ranges, 0);
    }
    let (kept, map) = without(&text, &ranges);
    let before = spans.len();
    let spans: Vec<Span> = spans
        .into_iter()
        .filter_map(|mut s| {
            let moved = map.map_range(s.start.0..s.end.0)?;
            s.start = CharIndex(moved.start);
            s.end = CharIndex(moved.end);
            Some(s)
        })
        .collect();
    let inside = before - spans.len();
    (kept, spans, Vec::new(), inside)
}

/// The language tag written for a text.
pub fn language_tag(text: &str) -> &'static str {
    match Language::detect(text) {
        Language::Arabic => "ar",
        Language::Persian => "fa",
        Language::Other => "und",
    }
}

/// Prepares document `rel` of the corpus.
pub fn prepare(corpus: &Corpus, rel: &str, filter: &Filter) -> Result<Prepared, ExportError> {
    // A file name the store cannot hold annotations for (a `:` in it) has none.
    let annotations = match corpus.store.load(rel) {
        Err(crate::annotate::StoreError::OutsideCorpus(_)) => None,
        other => other?,
    };
    if filter.done_only
        && annotations
            .as_ref()
            .is_none_or(|a| a.status != DocStatus::Done)
    {
        return Ok(Prepared::OutOfScope);
    }
    let read = match corpus.refused.get(rel) {
        Some(reason) => Err(reason.clone()),
        None => corpus.folder.read_text(rel).map_err(|e| e.reason()),
    };
    let (text, encoding) = match read {
        Ok(t) => t,
        Err(reason) => {
            return Ok(Prepared::Unreadable {
                path: rel.to_string(),
                reason,
                spans: annotations.map_or(0, |a| a.spans.len()),
            });
        }
    };
    let sha256 = sha256_hex(&text);
    let (mut reanchored, mut moved, mut left_out) = (false, 0, Vec::new());
    let (status, tags, annotator, mut spans) = match annotations {
        None => (DocStatus::NotStarted, Vec::new(), String::new(), Vec::new()),
        Some(a) => {
            // Spans are exported only where their quote and context put them for certain;
            // those waiting for review (or whose offsets do not fit the text) are reported.
            let changed = a.source.sha256 != sha256;
            let r = place(a.spans, a.needs_review, &text, changed);
            reanchored = changed;
            moved = r.moved;
            left_out = r.needs_review;
            (a.status, a.tags, a.annotator, r.kept)
        }
    };
    if let Some(keep) = filter.labels {
        spans.retain(|s| keep.contains(&s.label));
    }
    spans.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), &a.id).cmp(&(b.start, std::cmp::Reverse(b.end), &b.id))
    });
    let source_len = text.len();
    let (text, spans, furniture, in_furniture) = apply_furniture(text, spans, filter.furniture);
    // With furniture left out the exported text is no longer the article's; its hash says so.
    let sha256 = if text.len() == source_len {
        sha256
    } else {
        sha256_hex(&text)
    };
    check_spans(rel, &text, &spans, OffsetUnit::CodePoint)?;
    Ok(Prepared::Doc {
        doc: Box::new(PreparedDoc {
            path: rel.to_string(),
            language: language_tag(&text),
            direction: document_direction(&text, DirectionChoice::Auto).name(),
            text,
            sha256,
            furniture,
            encoding: encoding.name(),
            status,
            tags,
            annotator,
            spans,
        }),
        reanchored,
        moved,
        left_out,
        in_furniture,
    })
}

/// Converts the spans of a document to `unit` and checks each quote there; a mismatch is an
/// error naming the document and span.
pub fn check_spans(
    rel: &str,
    text: &str,
    spans: &[Span],
    unit: OffsetUnit,
) -> Result<Vec<(usize, usize)>, ExportError> {
    let ranges: Vec<(usize, usize, &str)> = spans
        .iter()
        .map(|s| (s.start.0, s.end.0, s.text.as_str()))
        .collect();
    convert_and_check(text, unit, &ranges).map_err(|m| {
        let s = &spans[m.index];
        ExportError::SpanMismatch(Box::new(SpanMismatch {
            document: rel.to_string(),
            span: s.id.0.clone(),
            label: s.label.clone(),
            start: s.start.0,
            end: s.end.0,
            unit: unit.name(),
            expected: s.text.clone(),
            found: m.found,
        }))
    })
}

/// Documents prepared per thread and round.
const PER_THREAD: usize = 32;

/// Prepares `rels` on a few threads and hands each result to `on_doc` in order. Stops at the
/// first error (in corpus order) or when `on_doc` fails.
///
/// The rounds are pipelined: while `on_doc` writes one round's documents on this thread, the
/// workers already prepare the next, so reading and checking overlap writing. Two rounds are
/// held at most.
pub fn prepare_all(
    corpus: &Corpus,
    rels: &[String],
    filter: &Filter,
    mut on_doc: impl FnMut(usize, Prepared) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let mut index = 0;
    if threads == 1 {
        for r in rels {
            on_doc(index, prepare(corpus, r, filter)?)?;
            index += 1;
        }
        return Ok(());
    }
    let mut rounds = rels.chunks(PER_THREAD * threads);
    std::thread::scope(|s| {
        let start = |round| spawn_round(s, round, threads, corpus, filter);
        let mut current = rounds.next().map(start);
        while let Some(handles) = current.take() {
            current = rounds.next().map(start);
            for h in handles {
                for r in h.join().expect("preparing a document does not panic") {
                    on_doc(index, r?)?;
                    index += 1;
                }
            }
        }
        Ok(())
    })
}

type Prepares = Vec<Result<Prepared, ExportError>>;

/// Starts preparing `round` on `threads` scoped threads, a contiguous part each.
fn spawn_round<'scope, 'env>(
    s: &'scope std::thread::Scope<'scope, 'env>,
    round: &'env [String],
    threads: usize,
    corpus: &'env Corpus,
    filter: &'env Filter<'env>,
) -> Vec<std::thread::ScopedJoinHandle<'scope, Prepares>> {
    let part = round.len().div_ceil(threads).max(1);
    round
        .chunks(part)
        .map(|chunk| s.spawn(move || chunk.iter().map(|r| prepare(corpus, r, filter)).collect()))
        .collect()
}
