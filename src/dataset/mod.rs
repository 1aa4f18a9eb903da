//! Datasets: exporting an annotated corpus in the formats NLP tools load, and importing Hamesh's
//! own formats back.
//!
//! Every export declares the unit its offsets count ([`OffsetUnit`]), carries each document's
//! text and SHA-256, and checks every span before writing it: the exported text between the
//! exported offsets must equal the span's quoted text, or the export stops and names the
//! document and span. Documents whose text changed since they were annotated are re-anchored
//! first; spans that cannot be placed are left out and reported, never written with stale
//! offsets.
//!
//! Imports validate the whole file before anything is written ([`import::plan`]), then apply
//! the plan ([`import::ImportPlan::apply`]).
//!
//! The formats and their units are documented in `docs/dataset-format.md`. Plain Rust with no
//! UI dependency: the window and the command line both call [`export::export`] and
//! [`import::import`].

pub mod common;
pub mod export;
pub mod import;
pub mod offsets;
pub mod output;
pub mod time;

use std::path::PathBuf;
use std::time::SystemTime;

use crate::corpus::files::ScanOptions;

pub use export::{ExportError, Summary, export};
pub use import::{ImportError, ImportOptions, ImportReport, MergeMode, import};

/// Name of the native format, in its header.
pub const FORMAT_NAME: &str = "hamesh-dataset";
/// Version of the native format this Hamesh writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// What exported offsets count.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum OffsetUnit {
    /// Unicode scalar values (code points) of the text: Python's `str` indices.
    #[default]
    CodePoint,
    /// UTF-16 code units: JavaScript's, Java's and C#'s string indices.
    Utf16,
}

impl OffsetUnit {
    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::CodePoint => "code_point",
            OffsetUnit::Utf16 => "utf16",
        }
    }

    pub fn parse(s: &str) -> Option<OffsetUnit> {
        match s {
            "code_point" | "codepoint" | "code-point" => Some(OffsetUnit::CodePoint),
            "utf16" | "utf-16" => Some(OffsetUnit::Utf16),
            _ => None,
        }
    }
}

/// An export format.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Hamesh's own dataset: one JSON file with a header and the documents.
    #[default]
    Json,
    /// One document per line in doccano's sequence-labelling shape, with metadata.
    Jsonl,
    /// brat standoff: a folder of `.txt` and `.ann` pairs.
    Brat,
    /// CoNLL-2003-style BIO tags, one token per line.
    Conll,
    /// A JSON array of Label Studio tasks with their annotations.
    LabelStudio,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::Jsonl,
        Format::Brat,
        Format::Conll,
        Format::LabelStudio,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::LabelStudio => "label-studio",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s).or(match s {
            "label_studio" | "labelstudio" => Some(Format::LabelStudio),
            "conll2003" => Some(Format::Conll),
            _ => None,
        })
    }

    /// The unit the exported offsets count, given the one asked for. CoNLL has no offsets;
    /// brat's are code points of the `.txt` file, whatever was asked.
    pub fn effective_unit(self, asked: OffsetUnit) -> Option<OffsetUnit> {
        match self {
            Format::Json | Format::Jsonl | Format::LabelStudio => Some(asked),
            Format::Brat => Some(OffsetUnit::CodePoint),
            Format::Conll => None,
        }
    }

    /// Whether the format writes a folder rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }
}

/// Which documents an export takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every readable document of the corpus, annotated or not.
    #[default]
    All,
    /// Documents whose status is done.
    Done,
    /// These documents, by relative `/`-separated path (the window's "current document").
    Paths(Vec<String>),
}

/// What an export does with site furniture: lines repeated across the corpus's articles
/// ([`crate::corpus::furniture`]), such as menus and share buttons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FurnitureExport {
    /// Exported as the rest of the text.
    #[default]
    Keep,
    /// Exported, and listed per document as code-point ranges (`furniture`, in json and
    /// jsonl, in the document's offset unit).
    Mark,
    /// Left out of the exported text; spans inside it are not exported (they stay in the
    /// annotations) and the summary counts them.
    Omit,
}

impl FurnitureExport {
    pub const ALL: [FurnitureExport; 3] = [
        FurnitureExport::Keep,
        FurnitureExport::Mark,
        FurnitureExport::Omit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FurnitureExport::Keep => "keep",
            FurnitureExport::Mark => "mark",
            FurnitureExport::Omit => "omit",
        }
    }

    pub fn parse(s: &str) -> Option<FurnitureExport> {
        FurnitureExport::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// What to export and where.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    pub format: Format,
    /// The file (or, for brat, the folder) to write.
    pub output: PathBuf,
    pub scope: Scope,
    /// Only spans with these labels (and only these labels in the header); all when `None`.
    pub labels: Option<Vec<String>>,
    /// Unit of the exported offsets (json, jsonl, label-studio).
    pub offset_unit: OffsetUnit,
    /// The creation time written in the header; now when `None` (fixed in tests).
    pub created: Option<SystemTime>,
    /// Where the annotations of a read-only corpus live; the platform's data folder when
    /// `None`.
    pub fallback_root: Option<PathBuf>,
    /// Export articles reached through symbolic links that lead out of the corpus; when off
    /// they are skipped and the summary says so.
    pub follow_links: bool,
    /// The largest article read, in MB (`HAMESH_MAX_FILE_MB`, else 256, when `None`).
    pub max_file_mb: Option<u64>,
    /// The annotator whose layer is exported; the corpus's unnamed layer when `None`.
    pub annotator: Option<String>,
    /// jsonl: leave out documents with an empty text (doccano refuses them); without it they
    /// are written and reported.
    pub skip_empty: bool,
    /// Site furniture: kept, marked or left out.
    pub furniture: FurnitureExport,
}

impl ExportOptions {
    /// How the corpus's articles are read.
    pub fn scan_options(&self) -> ScanOptions {
        ScanOptions {
            follow_links: self.follow_links,
            max_file_mb: self.max_file_mb,
        }
    }
}

/// Progress of an export or import, reported after each document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}
