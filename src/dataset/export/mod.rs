//! Export: a corpus and its annotations to a dataset file (or folder).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

use crate::annotate::entities::Registry;
use crate::annotate::store::{DATA_DIR, Fallback};
use crate::annotate::{Label, ReviewReason, ReviewSpan, Store};
use crate::corpus::files::path_problem;
use crate::corpus::scan::walk;
use crate::destination::{
    fallback_stores, has_article_extension, resolved, same_file, store_folder_of,
};

pub mod brat;
pub mod collect;
pub mod conll;
pub mod jsonl;
pub mod label_studio;
pub mod native;
pub mod sink;

pub use sink::{ExportError, Header, PreparedDoc, Sink, SpanMismatch, Summary};

use crate::dataset::common::{is_safe_relative, undefined_label};
use crate::dataset::time::rfc3339_utc;
use crate::dataset::{ExportOptions, Format, FurnitureExport, OffsetUnit, Progress, Scope};
use collect::{Corpus, Filter, Prepared, count_furniture, prepare_all};

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
                s.id.0, s.label, s.text, s.start, s.end
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
    if let Some(name) = &options.annotator {
        corpus.store = corpus.store.layer(name).map_err(|e| ExportError::Corpus {
            path: corpus_root.display().to_string(),
            message: e.to_string(),
        })?;
    }
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
    let entities = Registry::load(&corpus.store).unwrap_or_else(|why| {
        summary.warnings.push(format!(
            "the entity registry cannot be read, so spans carry their entity ids without \
             names or Wikidata ids: {why}"
        ));
        Registry::default()
    });
    let header = Header {
        created,
        unit: unit.unwrap_or_default(),
        labels: header_labels(&corpus, label_filter.as_ref()),
        entities,
        skip_empty: options.skip_empty,
    };
    let mut sink: Box<dyn Sink> = match options.format {
        Format::Json => native::sink(&options.output, &header)?,
        Format::Jsonl => jsonl::sink(&options.output, &header)?,
        Format::Brat => brat::sink(&options.output, &header)?,
        Format::Conll => conll::sink(&options.output, &header)?,
        Format::LabelStudio => label_studio::sink(&options.output, &header)?,
    };
    let counts = (options.furniture != FurnitureExport::Keep).then(|| count_furniture(&corpus));
    let filter = Filter {
        done_only: options.scope == Scope::Done,
        labels: label_filter.as_ref(),
        furniture: counts.as_ref().map(|c| (c, options.furniture)),
    };
    let mut in_furniture_total = 0;
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
                in_furniture,
            } => {
                in_furniture_total += in_furniture;
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
    if in_furniture_total > 0 {
        summary.warnings.push(format!(
            "{in_furniture_total} spans inside site furniture were left out with it (they stay \
             in the annotations)"
        ));
    }
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
