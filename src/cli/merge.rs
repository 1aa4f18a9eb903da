//! `hamesh merge FOLDER --policy agreed|majority|annotator:NAME`: the annotators' layers
//! merged into the folder's curated layer, which export reads by default (see
//! `src/agreement/merge.rs`).

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::agreement::merge::{Policy, merge};
use crate::annotate::Store;
use crate::annotate::layers::list;

use super::annotators::chosen;
use crate::dataset::common::NoTrace;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The corpus folder
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// agreed (spans every annotator has), majority (more than half have), or
    /// annotator:NAME (NAME's spans)
    #[arg(long, value_name = "POLICY", value_parser = parse_policy)]
    pub policy: Policy,
    /// The annotators merged, comma-separated (all the folder's layers if not given)
    #[arg(long, value_name = "A,B,…", value_delimiter = ',')]
    pub annotators: Vec<String>,
}

fn parse_policy(s: &str) -> Result<Policy, String> {
    Policy::parse(s)
        .ok_or_else(|| format!("unknown policy {s:?}; expected agreed, majority or annotator:NAME"))
}

pub fn run(args: MergeArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let _trace = NoTrace::new(&args.folder);
    let store = Store::open(&args.folder, &Store::default_fallback_root());
    let layers = list(&store);
    let names = chosen(&layers, &args.annotators)?;
    if names.is_empty() {
        bail!("this folder has no annotator layers to merge");
    }
    let report = merge(&store, &names, &args.policy).map_err(anyhow::Error::msg)?;
    for p in &report.problems {
        eprintln!("hamesh: {p}");
    }
    eprintln!(
        "curated {} documents: {} spans taken, {} left out{}",
        report.documents,
        report.spans,
        report.left_out,
        if report.not_annotated_by_all > 0 {
            format!(
                "; {} documents not every annotator annotated were not merged",
                report.not_annotated_by_all
            )
        } else {
            String::new()
        }
    );
    Ok(())
}
