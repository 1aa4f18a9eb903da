//! `hamesh annotators FOLDER`: the annotators' layers (`.hamesh/annotators/<name>/`) with
//! their documents and spans, and `--claim NAME` to hand the folder's unnamed layer (what one
//! annotator made before the corpus had layers) to NAME in one rename.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::annotate::Store;
use crate::annotate::layers::{Layers, claim, list};
use crate::dataset::common::NoTrace;

#[derive(Debug, Args)]
pub struct AnnotatorsArgs {
    /// The corpus folder
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// Make the folder's unnamed layer (`.hamesh/annotations`) NAME's layer
    #[arg(long, value_name = "NAME")]
    pub claim: Option<String>,
}

/// The annotators a command was asked for (`--annotators`), each checked to have a layer, or
/// every layer of the folder when none were named.
pub fn chosen(layers: &Layers, asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        return Ok(layers.names.clone());
    }
    if let Some(n) = asked.iter().find(|n| !layers.names.contains(n)) {
        let known = if layers.names.is_empty() {
            "none".to_string()
        } else {
            layers.names.join(", ")
        };
        bail!("{n:?} has no layer in this folder (annotators: {known})");
    }
    Ok(asked.to_vec())
}

pub fn run(args: AnnotatorsArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let _trace = NoTrace::new(&args.folder);
    let store = Store::open(&args.folder, &Store::default_fallback_root());
    if let Some(name) = &args.claim {
        let to = claim(&store, name).map_err(anyhow::Error::msg)?;
        eprintln!("the unnamed layer is now {name}'s: {}", to.display());
        return Ok(());
    }
    let layers = list(&store);
    let count = |s: &Store| {
        let (mut documents, mut spans) = (0, 0);
        s.scan_summaries(|_, summary| {
            documents += 1;
            spans += summary.map_or(0, |x| x.spans);
            true
        });
        (documents, spans)
    };
    if layers.unnamed {
        let (d, s) = count(&store);
        println!("(unnamed)\t{d} documents\t{s} spans");
    }
    for name in &layers.names {
        let (d, s) = count(&store.layer(name)?);
        println!("{name}\t{d} documents\t{s} spans");
    }
    for p in &layers.problems {
        eprintln!("hamesh: {p}");
    }
    if layers.names.is_empty() && !layers.unnamed {
        eprintln!("no annotations yet");
    }
    Ok(())
}
