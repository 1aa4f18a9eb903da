//! `hamesh agree FOLDER`: inter-annotator agreement between the folder's annotator layers
//! (see `src/agreement/mod.rs` for what is counted and how).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::agreement::{Report, agree, load};
use crate::annotate::Store;
use crate::annotate::layers::list;

use super::annotators::chosen;
use crate::corpus::files::Folder;
use crate::dataset::common::NoTrace;

use super::files::FileArgs;

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// The corpus folder
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// The annotators to compare, comma-separated (all the folder's layers if not given)
    #[arg(long, value_name = "A,B,…", value_delimiter = ',')]
    pub annotators: Vec<String>,
    /// Print one JSON object instead of tables
    #[arg(long)]
    pub json: bool,
    /// How many of the least agreed documents to list (all with --json)
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub worst: usize,
    #[command(flatten)]
    pub files: FileArgs,
}

pub fn run(args: AgreeArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let _trace = NoTrace::new(&args.folder);
    let store = Store::open(&args.folder, &Store::default_fallback_root());
    let layers = list(&store);
    for p in &layers.problems {
        eprintln!("hamesh: {p}");
    }
    let names = chosen(&layers, &args.annotators)?;
    if names.len() < 2 {
        let hint = if layers.unnamed {
            "; the folder's unnamed layer can be given a name with `hamesh annotators FOLDER --claim NAME`"
        } else {
            ""
        };
        bail!(
            "agreement needs two annotators' layers or more, and this folder has {}{hint}",
            names.len()
        );
    }
    let folder = Folder::new(args.folder.clone(), args.files.scan_options());
    let (loaded, texts, problems) = load(&folder, &store, &names);
    let mut report = agree(&loaded, &texts);
    report.problems = problems;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        out.write_all(b"\n")?;
    } else {
        write_tables(&mut out, &report, args.worst)?;
    }
    out.flush()?;
    for p in &report.problems {
        eprintln!("hamesh: {p}");
    }
    Ok(())
}

fn kappa(k: Option<f64>) -> String {
    k.map_or("n/a".into(), |k| format!("{k:.3}"))
}

fn write_tables(out: &mut dyn Write, r: &Report, worst: usize) -> std::io::Result<()> {
    for p in &r.pairs {
        writeln!(
            out,
            "{} / {}: {} documents, span F1 {:.3} (P {:.3}, R {:.3}; {} agreed of {} and {}), Cohen's κ {} on {} tokens",
            p.first,
            p.second,
            p.documents,
            p.overall.f1,
            p.overall.precision,
            p.overall.recall,
            p.overall.agreed,
            p.overall.first,
            p.overall.second,
            kappa(p.cohen_kappa),
            p.tokens
        )?;
        writeln!(out, "  label\tF1\tP\tR\tagreed\t{}\t{}", p.first, p.second)?;
        for (label, c) in &p.per_label {
            writeln!(
                out,
                "  {label}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}\t{}",
                c.f1, c.precision, c.recall, c.agreed, c.first, c.second
            )?;
        }
        if !p.confusion.is_empty() {
            writeln!(
                out,
                "  disagreements ({} → {}; - is no span there):",
                p.first, p.second
            )?;
            for (a, row) in &p.confusion {
                for (b, n) in row {
                    writeln!(out, "  {a} → {b}\t{n}")?;
                }
            }
        }
    }
    if let Some(k) = r.fleiss_kappa {
        writeln!(
            out,
            "Fleiss' κ over all {} annotators: {k:.3}",
            r.annotators.len()
        )?;
    }
    if !r.documents.is_empty() {
        writeln!(out, "least agreed documents (mean span F1 of the pairs):")?;
        for d in r.documents.iter().take(worst) {
            writeln!(out, "  {:.3}\t{}", d.f1, d.path)?;
        }
    }
    Ok(())
}
