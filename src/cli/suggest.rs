//! `hamesh suggest FOLDER`: the current suggestions (what the corpus's own spans, its
//! gazetteers and a model's imported predictions say about mentions no span covers yet),
//! without writing anything.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};

use crate::annotate::Store;
use crate::corpus::files::Folder;
use crate::dataset::common::{NoTrace, read_labels};
use crate::search::suggest_corpus::{Sources, suggest_corpus};

use super::files::FileArgs;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// Every string a span of the corpus labels
    Learned,
    /// The corpus's gazetteers, .hamesh/gazetteers/*.tsv (form, label, optional entity id)
    Gazetteer,
    /// The bundled starter gazetteer: country names in English, Arabic and Persian (GPE)
    Starter,
    /// A model's predictions, imported with `hamesh import EXPORT --predictions`
    Predicted,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The corpus folder
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// Print one JSON object instead of tab-separated lines
    #[arg(long)]
    pub json: bool,
    /// Where suggestions come from
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "learned,gazetteer,predicted"
    )]
    pub sources: Vec<SourceArg>,
    #[command(flatten)]
    pub files: FileArgs,
}

pub fn run(args: SuggestArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let _trace = NoTrace::new(&args.folder);
    let store = Store::open(&args.folder, &Store::default_fallback_root());
    let labels = read_labels(&store.labels_path())
        .map_err(|why| anyhow::anyhow!("cannot read the label set: {why}"))?;
    let known = |l: &str| labels.labels.iter().any(|k| k.name == l);
    let sources = Sources {
        learned: args.sources.contains(&SourceArg::Learned),
        gazetteer: args.sources.contains(&SourceArg::Gazetteer),
        starter: args.sources.contains(&SourceArg::Starter),
        predicted: args.sources.contains(&SourceArg::Predicted),
    };
    let folder = Folder::new(args.folder.clone(), args.files.scan_options());
    let summary = suggest_corpus(&folder, &store, sources, &known);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        out.write_all(b"\n")?;
    } else {
        for d in &summary.documents {
            for s in &d.suggestions {
                let source = s.entry.source.name();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.path,
                    s.start,
                    s.end,
                    s.entry.label,
                    source,
                    s.entry.entity.as_deref().unwrap_or(""),
                    s.text.replace(['\t', '\n', '\r'], " ")
                )?;
            }
        }
    }
    out.flush()?;
    for p in &summary.problems {
        eprintln!("hamesh: {p}");
    }
    eprintln!(
        "{} suggestions in {} documents from {} dictionary entries",
        summary.suggestions,
        summary.documents.len(),
        summary.entries
    );
    Ok(())
}
