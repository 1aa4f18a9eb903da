//! What an import found and did: its problems, its error and its report.

use serde::Serialize;
use thiserror::Error;

/// One problem with the file, located by line (jsonl) or document (json) and field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub location: String,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.field.as_str() {
            "" => write!(f, "{}: {}", self.location, self.message),
            field => write!(f, "{}, {field}: {}", self.location, self.message),
        }
    }
}

fn list(problems: &[ImportProblem]) -> String {
    let shown: Vec<String> = problems.iter().take(50).map(|p| format!("  {p}")).collect();
    let more = problems.len().saturating_sub(50);
    let tail = if more > 0 {
        format!("\n  … and {more} more")
    } else {
        String::new()
    };
    format!("{}{tail}", shown.join("\n"))
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid dataset: {message}; nothing was written")]
    Syntax { path: String, message: String },
    #[error(
        "{path}: {} problem(s); nothing was written (fix them, or import with --valid-only to \
         write only the valid documents):\n{}", problems.len(), list(problems)
    )]
    Invalid {
        path: String,
        problems: Vec<ImportProblem>,
    },
    #[error("cannot use the corpus {path}: {message}")]
    Corpus { path: String, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportReport {
    pub documents_in_file: usize,
    /// Documents whose annotations were written.
    pub annotated: usize,
    pub spans: usize,
    /// New text files, relative to the corpus, with why.
    pub created: Vec<String>,
    /// Records matched to a corpus document by text rather than path.
    pub matched_by_text: Vec<String>,
    pub merged: usize,
    pub replaced: usize,
    pub skipped_existing: Vec<String>,
    pub labels_added: Vec<String>,
    /// With `valid_only`: the records left out and why.
    pub problems: Vec<ImportProblem>,
    pub files_written: usize,
    pub warnings: Vec<String>,
}

impl ImportReport {
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "imported {} spans into {} of the {} documents in the file",
            self.spans, self.annotated, self.documents_in_file
        )];
        if self.merged + self.replaced > 0 {
            out.push(format!(
                "{} merged, {} replaced",
                self.merged, self.replaced
            ));
        }
        out.extend(self.created.iter().map(|c| format!("created {c}")));
        out.extend(self.matched_by_text.iter().cloned());
        out.extend(
            self.skipped_existing
                .iter()
                .map(|s| format!("skipped {s}: it already has annotations")),
        );
        if !self.labels_added.is_empty() {
            out.push(format!("added labels: {}", self.labels_added.join(", ")));
        }
        if !self.problems.is_empty() {
            out.push(format!(
                "left out {} invalid record(s):",
                self.problems.len()
            ));
            out.push(list(&self.problems));
        }
        out.extend(self.warnings.iter().map(|w| format!("warning: {w}")));
        out
    }
}
