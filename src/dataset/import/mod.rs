//! Import: a native `json` or a `jsonl` dataset into a corpus, validated in full first.
//!
//! [`plan`] reads and checks every record (types, bounds, quotes, span ids, hash, paths,
//! labels, documents that already have annotations) and decides what to write, writing
//! nothing; [`ImportPlan::apply`] reads the file again, builds each document's annotations and
//! writes them all together. Holding decisions rather than annotations keeps memory near the
//! file's size however large it is. Records are matched to the corpus by relative path and
//! hash; a text that is not in the corpus becomes a new text file, and the report says where.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::annotate::store::Fallback;
use crate::annotate::{Label, LabelSet, Store};
use crate::corpus::files::Folder;
use crate::fsutil::stale::remove_if_stale;
use crate::fsutil::{ReadError, SizeLimit, read_regular};

pub mod fields;
pub mod foreign;
pub mod jsonl;
pub mod matching;
pub mod native;
pub mod options;
pub mod record;
pub mod report;
pub mod typed;
pub mod types;

pub use options::{
    DEFAULT_MAX_DATASET_MB, ImportFormat, ImportOptions, MAX_DATASET_MB_VARIABLE, MergeMode,
};
pub use report::{ImportError, ImportProblem, ImportReport};

use crate::dataset::common::{NoTrace, par_map, read_labels, undefined_label};
use crate::dataset::output::{Batch, stage_file};
use crate::dataset::{OffsetUnit, Progress};
use fields::FieldError;
use matching::{Matcher, Probe, Target, annotations_outside, merge, new_file_outside};
use record::{Checked, Doc, read_batches, read_record};

/// Reads the dataset file whole: a regular file within `limit`.
fn read_dataset(file: &Path, limit: &SizeLimit) -> Result<Vec<u8>, ImportError> {
    read_regular(file, limit).map_err(|e| ImportError::Read {
        path: file.display().to_string(),
        source: match e {
            ReadError::Io(source) => source,
            refused => std::io::Error::new(std::io::ErrorKind::InvalidInput, refused),
        },
    })
}

/// One document's part of a plan.
#[derive(Clone, Debug)]
pub struct Action {
    /// Index of the record in the file.
    pub index: usize,
    pub location: String,
    pub target: Target,
    /// Whether annotations will be written (not for an empty record or a skipped document).
    pub annotate: bool,
    pub spans: usize,
}

/// Everything an import will write, decided before anything is.
pub struct ImportPlan {
    pub file: PathBuf,
    pub corpus: PathBuf,
    pub actions: Vec<Action>,
    pub labels: Option<LabelSet>,
    pub report: ImportReport,
    store: Store,
    /// The corpus folder, read and written with the plan's options.
    folder: Folder,
    /// Hamesh's temporary files found in the corpus folder: those a killed import left are
    /// removed when the plan is applied.
    temporaries: Vec<PathBuf>,
    options: ImportOptions,
    format: ImportFormat,
    /// The unit of the file's offsets (jsonl: of lines that do not name one).
    unit: OffsetUnit,
    /// The file's length and time, to notice a change between plan and apply.
    stamp: (u64, Option<SystemTime>),
}

/// Guesses the format from the content (and, where the content allows several, the name):
/// a folder is brat; a JSON array is Label Studio's export; a first line that is a whole JSON
/// object with a text is JSON Lines (spaCy's or Prodigy's when it has `ents`, span groups or
/// token offsets); another JSON object is Hamesh's json; lines of tokens and BIO tags are
/// CoNLL. Anything else is refused with the list of formats.
fn guess_format(path: &Path, bytes: &[u8]) -> Result<ImportFormat, String> {
    if path.is_dir() {
        return Ok(ImportFormat::Brat);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_byte = body.iter().find(|b| !b.is_ascii_whitespace());
    let first_line = body
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    match first_byte {
        Some(b'[') => return Ok(ImportFormat::LabelStudio),
        Some(b'{') => {
            return Ok(
                match serde_json::from_slice::<serde_json::Value>(first_line) {
                    Ok(v) if foreign::spacy::looks_like(&v) => ImportFormat::Spacy,
                    Ok(v) if v.get("text").is_some() => ImportFormat::Jsonl,
                    Ok(_)
                        if path
                            .extension()
                            .is_some_and(|e| e == "jsonl" || e == "ndjson") =>
                    {
                        ImportFormat::Jsonl
                    }
                    _ => ImportFormat::Json,
                },
            );
        }
        _ => {}
    }
    if foreign::conll::looks_like(body) {
        return Ok(ImportFormat::Conll);
    }
    Err(format!(
        "not in a format Hamesh imports; it reads {}",
        ImportFormat::SUPPORTED
    ))
}

/// What the readers of other tools' files take from the options.
fn read_options(options: &ImportOptions) -> foreign::ReadOptions {
    foreign::ReadOptions {
        unit: options.offset_unit,
        conll_column: options.conll_column,
        predictions: options.predictions,
    }
}

fn stamp(file: &Path) -> (u64, Option<SystemTime>) {
    std::fs::metadata(file)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}

/// Checks everything, writes nothing.
pub fn plan(
    file: &Path,
    corpus: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportPlan, ImportError> {
    let shown = file.display().to_string();
    let file_stamp = stamp(file);
    let bytes = if file.is_dir() {
        Vec::new()
    } else {
        read_dataset(file, &options.dataset_limit())?
    };
    if !corpus.is_dir() {
        return Err(ImportError::Corpus {
            path: corpus.display().to_string(),
            message: "not a folder".into(),
        });
    }
    let syntax = |message| ImportError::Syntax {
        path: shown.clone(),
        message,
    };
    let format = match options.format {
        Some(f) => f,
        None => guess_format(file, &bytes).map_err(syntax)?,
    };
    if file.is_dir() != (format == ImportFormat::Brat) {
        return Err(syntax(if file.is_dir() {
            format!(
                "is a folder; only a brat folder can be imported as a folder, not {}",
                format.name()
            )
        } else {
            "is a file; a brat import reads a folder of .txt and .ann files".to_string()
        }));
    }
    if format == ImportFormat::Json
        && bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
    {
        return Err(syntax(
            "is a JSON array, not a Hamesh json dataset (an object); an array of tasks is a \
             Label Studio export: import it with --format label-studio, or without --format"
                .into(),
        ));
    }
    // The header first: its labels are known labels, and the documents are counted.
    let (header_labels, total, unit) = match format {
        ImportFormat::Json => {
            let h = native::read_header(&bytes).map_err(syntax)?;
            (h.labels, h.documents, h.unit)
        }
        ImportFormat::Jsonl | ImportFormat::Spacy => (
            Vec::new(),
            jsonl::count_lines(&bytes),
            options.offset_unit.unwrap_or_default(),
        ),
        // Read whole before the first record: the count is known only then.
        ImportFormat::LabelStudio | ImportFormat::Brat | ImportFormat::Conll => {
            (Vec::new(), 0, options.offset_unit.unwrap_or_default())
        }
    };
    let fallback = options
        .fallback_root
        .clone()
        .unwrap_or_else(Store::default_fallback_root);
    let _trace = NoTrace::new(corpus);
    let store = Store::open(corpus, &fallback);
    if options.predictions && format != ImportFormat::LabelStudio {
        return Err(syntax(format!(
            "predictions are read from Label Studio exports; a {} file has none",
            format.name()
        )));
    }
    let store = match &options.annotator {
        Some(_) if options.predictions => {
            return Err(ImportError::Corpus {
                path: corpus.display().to_string(),
                message: "predictions are nobody's layer: import them without --annotator".into(),
            });
        }
        Some(name) => store.layer(name).map_err(|e| ImportError::Corpus {
            path: corpus.display().to_string(),
            message: e.to_string(),
        })?,
        None if options.predictions => store.predictions(),
        None => store,
    };
    let corpus_labels =
        read_labels(&store.labels_path()).map_err(|message| ImportError::Corpus {
            path: store.labels_path().display().to_string(),
            message,
        })?;
    let mut known: BTreeMap<String, Label> = BTreeMap::new();
    for l in corpus_labels.labels.iter().chain(&header_labels) {
        known.entry(l.name.clone()).or_insert_with(|| l.clone());
    }
    let folder = Folder::new(corpus, options.scan_options());
    let mut matcher = Matcher::new(&folder);
    let mut problems: Vec<ImportProblem> = Vec::new();
    let mut actions = Vec::new();
    let mut report = ImportReport::default();
    if let Some(why @ Fallback::LinkOutside { .. }) = store.fallback() {
        report.warnings.push(format!(
            "{why}; the annotations are written to {}",
            store.data_dir().display()
        ));
    }
    let mut added: BTreeMap<String, Label> = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut cancelled = false;
    let mut done = 0;
    // Each batch is checked on a few threads (with the corpus file and annotations each record
    // names read ahead), then decided in order.
    let mut decide = |matcher: &mut Matcher,
                      index: usize,
                      location: String,
                      r: Result<Checked, Vec<FieldError>>,
                      mut probe: Probe| {
        let problem = |field: &str, message: String| ImportProblem {
            location: location.clone(),
            field: field.to_string(),
            message,
        };
        let rec = match r {
            Ok(rec) => rec,
            Err(errs) => {
                problems.extend(errs.into_iter().map(|e| problem(&e.field, e.message)));
                return;
            }
        };
        let before = problems.len();
        for (k, s) in rec.spans.iter().enumerate() {
            if known.contains_key(&s.label) {
                continue;
            }
            if options.add_labels {
                added
                    .entry(s.label.clone())
                    .or_insert_with(|| undefined_label(&s.label));
            } else {
                let names: Vec<&str> = known.keys().map(String::as_str).collect();
                problems.push(problem(
                    &format!("spans[{k}].label"),
                    format!(
                        "unknown label {:?} (known: {}); add it to the label set, or \
                             import with --add-labels",
                        s.label,
                        names.join(", ")
                    ),
                ));
            }
        }
        let target = match matcher.target(&rec, &mut probe) {
            Ok(t) => t,
            Err((field, message)) => return problems.push(problem(field, message)),
        };
        let m = match merge(&store, &rec, &target, options.mode, &mut probe) {
            Ok(m) => m,
            Err((field, message)) => return problems.push(problem(field, message)),
        };
        if m.annotations.is_some()
            && let Some(message) = annotations_outside(&store, target.rel())
        {
            return problems.push(problem("path", message));
        }
        if problems.len() > before {
            return;
        }
        match &target {
            Target::New { rel, why } => report.created.push(format!("{rel} ({why})")),
            Target::Existing {
                rel, by_text: true, ..
            } => report
                .matched_by_text
                .push(format!("{location} matched {rel} by its text")),
            Target::Existing { .. } => {}
        }
        if m.skipped {
            report.skipped_existing.push(target.rel().to_string());
        }
        report.merged += usize::from(m.merged);
        report.replaced += usize::from(m.replaced);
        let annotate = m.annotations.is_some();
        if annotate {
            report.annotated += 1;
            report.spans += rec.spans.len();
            used.extend(rec.spans.iter().map(|s| s.label.clone()));
        }
        actions.push(Action {
            index,
            location: location.clone(),
            target,
            annotate,
            spans: rec.spans.len(),
        });
    };
    let (n, not_imported) =
        read_batches(&bytes, file, format, read_options(options), &mut |batch| {
            if cancelled {
                return;
            }
            let checked = par_map(batch, &|(index, doc)| {
                let (location, r) = read_record(index, doc, unit, options.prefer_label);
                let probe = match &r {
                    Ok(rec) => matcher.probe(&store, rec),
                    Err(_) => Probe::default(),
                };
                (index, location, r, probe)
            });
            for (index, location, r, probe) in checked {
                done += 1;
                decide(&mut matcher, index, location, r, probe);
            }
            cancelled = !progress(Progress { done, total });
        })
        .map_err(syntax)?;
    if cancelled {
        return Err(ImportError::Cancelled);
    }
    report.documents_in_file = n;
    report.warnings.extend(
        not_imported
            .into_iter()
            .map(|w| format!("not imported: {w}")),
    );
    if !problems.is_empty() && !options.valid_only {
        return Err(ImportError::Invalid {
            path: shown,
            problems,
        });
    }
    let writes = actions.iter().any(|a| a.annotate || a.target.is_new());
    let labels = new_label_set(
        &store,
        &corpus_labels,
        &header_labels,
        &added,
        &used,
        writes,
        &mut report,
    );
    report.problems = problems;
    let temporaries = std::mem::take(&mut matcher.temporaries);
    drop(matcher);
    Ok(ImportPlan {
        file: file.to_path_buf(),
        corpus: corpus.to_path_buf(),
        actions,
        labels,
        report,
        store,
        folder,
        temporaries,
        options: options.clone(),
        format,
        unit,
        stamp: file_stamp,
    })
}

/// The label set to write, if it changes. It starts from the corpus's set (or, when the corpus
/// has no label file, the file's header set) and gains the labels imported spans use that it
/// lacks.
fn new_label_set(
    store: &Store,
    corpus: &LabelSet,
    header: &[Label],
    added: &BTreeMap<String, Label>,
    used: &BTreeSet<String>,
    writes: bool,
    report: &mut ImportReport,
) -> Option<LabelSet> {
    let mut set = if !store.labels_path().exists() && !header.is_empty() {
        LabelSet {
            labels: header.to_vec(),
        }
    } else {
        corpus.clone()
    };
    for l in header.iter().chain(added.values()) {
        if set.get(&l.name).is_none() && used.contains(&l.name) {
            let mut l = l.clone();
            if l.key.is_some_and(|k| set.by_key(k).is_some()) {
                l.key = None;
            }
            set.labels.push(l);
        }
    }
    if set == *corpus || !writes || set.validate().is_err() {
        return None;
    }
    for l in &set.labels {
        if corpus.get(&l.name).is_none() {
            report.labels_added.push(l.name.clone());
        }
    }
    Some(set)
}

impl ImportPlan {
    /// Writes the plan: reads the file again (it must not have changed), builds each
    /// document's annotations, stages them with the new text files and the label set, and
    /// renames everything into place together. If anything changed since the plan (the file,
    /// or annotations made meanwhile that the mode does not allow replacing), nothing is
    /// written.
    pub fn apply(self) -> Result<ImportReport, ImportError> {
        let shown = self.file.display().to_string();
        let changed = |what: &str| ImportError::Syntax {
            path: shown.clone(),
            message: format!("{what} changed since it was checked; check it again"),
        };
        if stamp(&self.file) != self.stamp {
            return Err(changed("the file"));
        }
        // What an earlier import killed before its renames left: one walk of the store, and
        // the corpus's temporaries the plan's walk already found.
        self.store.remove_stale_temporaries();
        for t in &self.temporaries {
            remove_if_stale(t);
        }
        let bytes = if self.format == ImportFormat::Brat {
            Vec::new()
        } else {
            read_dataset(&self.file, &self.options.dataset_limit())?
        };
        let by_index: HashMap<usize, &Action> = self.actions.iter().map(|a| (a.index, a)).collect();
        let unit = self.unit;
        let mut batch = Batch::default();
        let mut failure: Option<ImportError> = None;
        read_batches(
            &bytes,
            &self.file,
            self.format,
            read_options(&self.options),
            &mut |raw| {
                if failure.is_some() {
                    return;
                }
                let wanted: Vec<(&Action, Doc)> = raw
                    .into_iter()
                    .filter_map(|(i, doc)| by_index.get(&i).map(|a| (*a, doc)))
                    .collect();
                let staged = par_map(wanted, &|(action, doc)| {
                    let mut files = Vec::new();
                    let (location, record) =
                        read_record(action.index, doc, unit, self.options.prefer_label);
                    let r = self.stage(&mut files, action, record).map_err(|e| {
                        e.unwrap_or_else(|| {
                            changed(&format!("{location} (or its document in the corpus)"))
                        })
                    });
                    (files, r)
                });
                for (files, r) in staged {
                    batch.adopt(files);
                    if let Err(e) = r
                        && failure.is_none()
                    {
                        failure = Some(e);
                    }
                }
            },
        )
        .map_err(|message| ImportError::Syntax {
            path: shown.clone(),
            message,
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        let mut report = self.report;
        if let Some(set) = &self.labels {
            let mut json = serde_json::to_vec_pretty(set).unwrap_or_default();
            json.push(b'\n');
            let path = self.store.labels_path();
            batch
                .stage(&path, &json)
                .map_err(|e| write_error(&path, e))?;
        }
        report.files_written = batch.len();
        batch.commit().map_err(|e| write_error(&self.corpus, e))?;
        Ok(report)
    }

    /// Stages one document's files into `files`; `Err(None)` when it no longer matches the
    /// plan.
    fn stage(
        &self,
        files: &mut Vec<(PathBuf, PathBuf)>,
        action: &Action,
        record: Result<Checked, Vec<FieldError>>,
    ) -> Result<(), Option<ImportError>> {
        let rec = record.map_err(|_| None)?;
        let rel = action.target.rel();
        let mut put = |path: &Path, bytes: &[u8]| {
            let (staged, result) = stage_file(path, bytes);
            files.extend(staged);
            result.map_err(|e| Some(write_error(path, e)))
        };
        // The corpus may have changed since the plan: never write through a link out of it.
        let outside = |message: String| {
            Some(ImportError::Corpus {
                path: self.corpus.display().to_string(),
                message: format!("{message}; nothing was written"),
            })
        };
        if action.target.is_new() {
            if let Some(message) = new_file_outside(&self.folder, rel) {
                return Err(outside(message));
            }
            let path = self.folder.path_of(rel);
            // A leading U+FEFF would be taken for a byte-order mark: write one before it.
            let mut bytes = Vec::with_capacity(rec.text.len() + 3);
            if rec.text.starts_with('\u{FEFF}') {
                bytes.extend_from_slice("\u{FEFF}".as_bytes());
            }
            bytes.extend_from_slice(rec.text.as_bytes());
            put(&path, &bytes)?;
        }
        if !action.annotate {
            return Ok(());
        }
        let merged = merge(
            &self.store,
            &rec,
            &action.target,
            self.options.mode,
            &mut Probe::default(),
        )
        .map_err(|_| None)?;
        let doc = merged.annotations.ok_or(None)?;
        let path = self.store.path_for(rel).map_err(|e| {
            Some(ImportError::Corpus {
                path: rel.to_string(),
                message: e.to_string(),
            })
        })?;
        put(&path, &Store::to_bytes(&doc))
    }
}

fn write_error(path: &Path, source: std::io::Error) -> ImportError {
    ImportError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Plans and applies an import.
pub fn import(
    file: &Path,
    corpus: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportReport, ImportError> {
    plan(file, corpus, options, progress)?.apply()
}
