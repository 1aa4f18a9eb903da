//! `hamesh export FOLDER -o OUT`: the annotated corpus as a dataset.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::dataset::{ExportOptions, Format, FurnitureExport, OffsetUnit, Scope};

use super::files::FileArgs;
use super::values;

#[derive(Debug, Args)]
#[command(
    after_help = "The formats and their offsets are described in docs/dataset-format.md. \
                        SOURCE_DATE_EPOCH, when set, is the creation time written in the header."
)]
pub struct ExportArgs {
    /// The corpus folder whose annotations are exported
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// The dataset format
    #[arg(short = 'f', long, value_name = "FORMAT", default_value = "json", value_parser = values::format())]
    pub format: Format,
    /// The file to write (for brat, a new folder); never an article, the corpus folder or a
    /// file in Hamesh's store
    #[arg(
        short = 'o',
        long = "out",
        visible_alias = "output",
        value_name = "OUT",
        value_parser = clap::value_parser!(PathBuf)
    )]
    pub out: PathBuf,
    /// Only the documents marked done
    #[arg(long, conflicts_with = "document")]
    pub only_done: bool,
    /// Only this document, by its path in the folder with `/` (repeatable)
    #[arg(long, value_name = "REL")]
    pub document: Vec<String>,
    /// Only spans with these labels, comma-separated
    #[arg(long, value_name = "PER,ORG")]
    pub labels: Option<String>,
    /// What exported offsets count: code points (Python) or UTF-16 units (JavaScript)
    #[arg(long, value_name = "UNIT", default_value = "code_point", value_parser = values::offset_unit())]
    pub offset_unit: OffsetUnit,
    /// Also write the current suggestions (never exported as spans) to this JSON file, apart
    /// from the dataset: what `hamesh suggest --json` prints
    #[arg(long, value_name = "FILE.json", value_parser = clap::value_parser!(PathBuf))]
    pub suggestions: Option<PathBuf>,
    /// jsonl: leave out documents whose text is empty (doccano refuses them); without it they
    /// are written and reported
    #[arg(long)]
    pub skip_empty: bool,
    /// Export this annotator's layer (`.hamesh/annotators/NAME/`), not the folder's unnamed
    /// one
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Site furniture (lines repeated in three or more articles of the folder, such as menus
    /// and share buttons): keep it, mark it (json and jsonl list it per document as
    /// `furniture`), or omit it from the texts (spans inside it are not exported)
    #[arg(long, value_name = "WHAT", default_value = "keep", value_parser = values::furniture())]
    pub furniture: FurnitureExport,
    #[command(flatten)]
    pub files: FileArgs,
}

pub fn run(args: ExportArgs) -> Result<()> {
    let scope = match (args.only_done, args.document.is_empty()) {
        (true, _) => Scope::Done,
        (false, false) => Scope::Paths(args.document),
        (false, true) => Scope::All,
    };
    let options = ExportOptions {
        format: args.format,
        output: args.out,
        scope,
        labels: args.labels.map(|v| {
            v.split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        }),
        offset_unit: args.offset_unit,
        created: crate::dataset::time::source_date_epoch(),
        follow_links: args.files.follow_links,
        max_file_mb: args.files.max_file_mb,
        annotator: args.annotator.clone(),
        skip_empty: args.skip_empty,
        furniture: args.furniture,
        ..ExportOptions::default()
    };
    let summary = crate::dataset::export(&args.folder, &options, &mut |_| true)?;
    for line in summary.lines() {
        eprintln!("{line}");
    }
    if let Some(path) = &args.suggestions {
        write_suggestions(&args.folder, &args.files, path)?;
    }
    Ok(())
}

/// Writes the corpus's suggestions (learned and gazetteer) to `path`, atomically.
fn write_suggestions(
    folder: &std::path::Path,
    files: &FileArgs,
    path: &std::path::Path,
) -> Result<()> {
    use crate::search::suggest_corpus::{Sources, suggest_corpus};
    let store =
        crate::annotate::Store::open(folder, &crate::annotate::Store::default_fallback_root());
    let labels = crate::dataset::common::read_labels(&store.labels_path())
        .map_err(|why| anyhow::anyhow!("cannot read the label set: {why}"))?;
    let known = |l: &str| labels.labels.iter().any(|k| k.name == l);
    let scanned = crate::corpus::files::Folder::new(folder.to_path_buf(), files.scan_options());
    let summary = suggest_corpus(&scanned, &store, Sources::default(), &known);
    let mut bytes = serde_json::to_vec_pretty(&summary)?;
    bytes.push(b'\n');
    crate::fsutil::write_atomic(path, &bytes)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "{} suggestions in {} documents written apart to {}",
        summary.suggestions,
        summary.documents.len(),
        path.display()
    );
    Ok(())
}
