//! `hamesh import FILE --into FOLDER`: a dataset, Hamesh's or another tool's, read into a
//! corpus.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::dataset::OffsetUnit;
use crate::dataset::import::{ImportFormat, ImportOptions, MergeMode, plan};

use super::files::FileArgs;
use super::values;

#[derive(Debug, Args)]
#[command(
    after_help = "Without --merge, --replace or --skip-existing, an import into \
                        documents that already have annotations is refused and says which to \
                        choose. Texts that are not in the folder are added to it as new files."
)]
pub struct ImportArgs {
    /// The dataset: Hamesh's json, jsonl (Hamesh's or doccano's), a Label Studio JSON export,
    /// a brat folder (.txt and .ann files), CoNLL/BIO, or spaCy/Prodigy JSON Lines
    #[arg(value_name = "FILE", value_parser = clap::value_parser!(PathBuf))]
    pub file: PathBuf,
    /// The corpus folder to import into
    #[arg(long, value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub into: PathBuf,
    #[command(flatten)]
    pub mode: ModeArgs,
    /// Write the valid documents and report the others, instead of refusing the whole file
    #[arg(long)]
    pub valid_only: bool,
    /// The file's format; guessed from its name and content when not given
    #[arg(short = 'f', long, value_name = "FORMAT", value_parser = values::import_format())]
    pub format: Option<ImportFormat>,
    /// The unit of jsonl lines that do not name one (doccano's do not); code points if not
    /// given
    #[arg(long, value_name = "UNIT", value_parser = values::offset_unit())]
    pub offset_unit: Option<OffsetUnit>,
    /// CoNLL: the column (from 1) that holds the tags; the last if not given
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub column: Option<u16>,
    /// jsonl: where a line's "label" and "spans" disagree (it was edited in doccano after
    /// export), take "label"'s spans
    #[arg(long)]
    pub prefer_label: bool,
    /// Import into this annotator's layer (`.hamesh/annotators/NAME/`), not the folder's
    /// unnamed one
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Label Studio: import the tasks' predictions instead of their annotations; they are
    /// kept apart (`.hamesh/predictions/`) and offered as suggestions, never as anyone's spans
    #[arg(long, conflicts_with = "annotator")]
    pub predictions: bool,
    /// Add labels the folder's label set does not have, instead of refusing them
    #[arg(long)]
    pub add_labels: bool,
    /// Check the whole file and say what the import would do, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub files: FileArgs,
}

/// What happens to documents that already have annotations: one of three.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct ModeArgs {
    /// Keep the existing spans and add the imported ones that are not already there
    #[arg(long)]
    pub merge: bool,
    /// The imported annotations replace the existing ones (orphans are kept)
    #[arg(long)]
    pub replace: bool,
    /// Leave documents that have annotations as they are
    #[arg(long)]
    pub skip_existing: bool,
}

impl ModeArgs {
    fn mode(&self) -> MergeMode {
        if self.merge {
            MergeMode::Merge
        } else if self.replace {
            MergeMode::Replace
        } else if self.skip_existing {
            MergeMode::SkipExisting
        } else {
            MergeMode::Refuse
        }
    }
}

pub fn run(args: ImportArgs) -> Result<()> {
    let options = ImportOptions {
        mode: args.mode.mode(),
        valid_only: args.valid_only,
        format: args.format,
        offset_unit: args.offset_unit,
        conll_column: args.column.map(usize::from),
        annotator: args.annotator,
        prefer_label: args.prefer_label,
        predictions: args.predictions,
        add_labels: args.add_labels,
        follow_links: args.files.follow_links,
        max_file_mb: args.files.max_file_mb,
        ..ImportOptions::default()
    };
    let plan = plan(&args.file, &args.into, &options, &mut |_| true)?;
    let report = if args.dry_run {
        eprintln!("dry run: nothing was written; the import would do this:");
        plan.report
    } else {
        plan.apply()?
    };
    for line in report.lines() {
        eprintln!("{line}");
    }
    Ok(())
}
