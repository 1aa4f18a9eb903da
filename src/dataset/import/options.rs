//! What an import is asked to do: the types the driver, the readers and the matching share.

use std::path::PathBuf;

use serde::Serialize;

use crate::corpus::files::ScanOptions;
use crate::dataset::OffsetUnit;
use crate::fsutil::SizeLimit;

/// What to do with a document that already has annotations.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeMode {
    /// Refuse the import and say which mode to choose.
    #[default]
    Refuse,
    /// Keep the existing spans and add the imported ones that are not already there.
    Merge,
    /// The imported annotations replace the existing ones (orphans are kept).
    Replace,
    /// Leave documents that have annotations as they are.
    SkipExisting,
}

/// The formats import reads.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    Json,
    Jsonl,
    /// A Label Studio JSON export (an array of tasks).
    LabelStudio,
    /// A brat standoff folder.
    Brat,
    /// CoNLL / BIO tokens and tags.
    Conll,
    /// spaCy's or Prodigy's JSON Lines (`text` with `ents` or `spans`).
    Spacy,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 6] = [
        ImportFormat::Json,
        ImportFormat::Jsonl,
        ImportFormat::LabelStudio,
        ImportFormat::Brat,
        ImportFormat::Conll,
        ImportFormat::Spacy,
    ];

    /// The name the command line and messages use.
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Json => "json",
            ImportFormat::Jsonl => "jsonl",
            ImportFormat::LabelStudio => "label-studio",
            ImportFormat::Brat => "brat",
            ImportFormat::Conll => "conll",
            ImportFormat::Spacy => "spacy",
        }
    }

    pub fn parse(s: &str) -> Option<ImportFormat> {
        match s {
            "label_studio" | "labelstudio" => Some(ImportFormat::LabelStudio),
            "prodigy" => Some(ImportFormat::Spacy),
            "bio" | "iob" => Some(ImportFormat::Conll),
            s => ImportFormat::ALL.into_iter().find(|f| f.name() == s),
        }
    }

    /// What each format is, for the message about a file in none of them.
    pub const SUPPORTED: &str = "Hamesh json, jsonl (Hamesh's or doccano's), a Label Studio JSON \
        export (label-studio), a brat standoff folder (brat), CoNLL/BIO (conll) and spaCy or \
        Prodigy JSON Lines (spacy)";
}

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub mode: MergeMode,
    /// Write the valid documents and report the others, instead of refusing the whole file.
    pub valid_only: bool,
    /// The file's format; guessed from its name and content when `None`.
    pub format: Option<ImportFormat>,
    /// The unit of jsonl lines that do not name one (doccano's do not); code points when `None`.
    pub offset_unit: Option<OffsetUnit>,
    /// CoNLL: the column (from 1) that holds the tags; the last when `None`.
    pub conll_column: Option<usize>,
    /// jsonl: where `label` and `spans` disagree (the file went through doccano after export),
    /// take `label`'s spans.
    pub prefer_label: bool,
    /// The annotator whose layer the spans are imported into; the corpus's unnamed layer
    /// when `None`.
    pub annotator: Option<String>,
    /// Label Studio: import the tasks' predictions (into the corpus's predictions, offered
    /// as suggestions) instead of their annotations.
    pub predictions: bool,
    /// Add labels the corpus does not know to its label set instead of refusing them.
    pub add_labels: bool,
    pub fallback_root: Option<PathBuf>,
    /// Read corpus articles reached through symbolic links that lead out of the corpus (to
    /// match records to them). Nothing is ever written through such a link.
    pub follow_links: bool,
    /// The largest article of the corpus read, in MB (`HAMESH_MAX_FILE_MB`, else 256, when
    /// `None`).
    pub max_file_mb: Option<u64>,
    /// The largest dataset file read, in MB (`HAMESH_MAX_DATASET_MB`, else 2048, when `None`).
    pub max_dataset_mb: Option<u64>,
}

/// The environment variable that raises the size limit of dataset files, in MB.
pub const MAX_DATASET_MB_VARIABLE: &str = "HAMESH_MAX_DATASET_MB";
/// The largest dataset file imported unless the user says otherwise, in MB: a whole corpus of
/// articles with its annotations, read into memory at once.
pub const DEFAULT_MAX_DATASET_MB: u64 = 2048;

impl ImportOptions {
    /// How the corpus's articles are read.
    pub fn scan_options(&self) -> ScanOptions {
        ScanOptions {
            follow_links: self.follow_links,
            max_file_mb: self.max_file_mb,
        }
    }

    /// The size limit of the dataset file.
    pub fn dataset_limit(&self) -> SizeLimit {
        SizeLimit::new(
            self.max_dataset_mb,
            MAX_DATASET_MB_VARIABLE,
            DEFAULT_MAX_DATASET_MB,
        )
    }
}
