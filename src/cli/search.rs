//! `hamesh search FOLDER QUERY`: every hit of a query in a corpus, Arabic- and Persian-aware
//! (harakat, alef and yeh forms, digits, ZWNJ; see `src/search/fold.rs`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;

use crate::annotate::Store;
use crate::corpus::files::Folder;
use crate::dataset::common::read_labels;
use crate::search::corpus::{DocumentHits, SearchSummary, search_corpus};
use crate::search::label_all::label_corpus;
use crate::search::{FoldOptions, MatchOptions, Query};

use super::files::FileArgs;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The corpus folder (recursively, as `hamesh ls` lists it)
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// What to find: a word or phrase, or a regular expression with --regex
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Print one JSON object (documents, hits, summary) instead of tab-separated lines
    #[arg(long)]
    pub json: bool,
    /// Hits must be whole words (the default)
    #[arg(long, overrides_with = "no_whole_word")]
    pub whole_word: bool,
    /// Hits may start or end inside a word
    #[arg(long, overrides_with = "whole_word")]
    pub no_whole_word: bool,
    /// A hit may follow a glued proclitic (و ف ب ل ك, ال): «روسيا» finds «وروسيا»
    #[arg(long)]
    pub clitics: bool,
    /// QUERY is a regular expression over the normalised text
    #[arg(long)]
    pub regex: bool,
    /// ة and ه are different letters (by default they match each other)
    #[arg(long)]
    pub strict_teh_marbuta: bool,
    /// ؤ and و match each other
    #[arg(long)]
    pub waw_hamza: bool,
    /// With --apply: the label every hit gets (one of the corpus's label set)
    #[arg(long, value_name = "LABEL", requires = "apply")]
    pub label: Option<String>,
    /// Annotate every hit with --label, skipping hits a span with that label already covers;
    /// each document's annotations are written once, atomically
    #[arg(long, requires = "label")]
    pub apply: bool,
    /// With --apply: write into this annotator's layer (`.hamesh/annotators/NAME/`), not the
    /// folder's unnamed one
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    #[command(flatten)]
    pub files: FileArgs,
}

impl SearchArgs {
    fn options(&self) -> MatchOptions {
        MatchOptions {
            fold: FoldOptions {
                teh_marbuta: !self.strict_teh_marbuta,
                waw_hamza: self.waw_hamza,
            },
            whole_word: !self.no_whole_word,
            clitics: self.clitics,
            regex: self.regex,
        }
    }
}

#[derive(Serialize)]
struct JsonOut<'a> {
    query: &'a str,
    documents: Vec<DocumentHits>,
    summary: SearchSummary,
}

pub fn run(args: SearchArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let query = Query::new(&args.query, args.options())?;
    let folder = Folder::new(args.folder.clone(), args.files.scan_options());
    if let Some(label) = &args.label {
        return apply(&args, &folder, &query, label);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut documents = Vec::new();
    let mut failed = None;
    let summary = search_corpus(&folder, &query, &mut |doc| {
        if args.json {
            documents.push(doc);
            return;
        }
        for h in &doc.hits {
            let line = format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                doc.path,
                h.start,
                h.end,
                one_line(&h.text),
                one_line(&h.before),
                one_line(&h.after)
            );
            if let Err(e) = out.write_all(line.as_bytes()) {
                failed.get_or_insert(e);
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    for p in &summary.problems {
        eprintln!("hamesh: {p}");
    }
    for u in &summary.unreadable {
        eprintln!("hamesh: skipped {u}");
    }
    if args.json {
        serde_json::to_writer_pretty(
            &mut out,
            &JsonOut {
                query: &args.query,
                documents,
                summary: summary.clone(),
            },
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "{} hits in {} of {} documents",
        summary.hits, summary.documents_with_hits, summary.documents
    );
    Ok(())
}

/// `--label L --apply`: annotate every hit.
fn apply(args: &SearchArgs, folder: &Folder, query: &Query, label: &str) -> Result<()> {
    let store = Store::open(&args.folder, &Store::default_fallback_root());
    let store = match &args.annotator {
        Some(name) => store.layer(name)?,
        None => store,
    };
    let labels = read_labels(&store.labels_path())
        .map_err(|why| anyhow::anyhow!("cannot read the label set: {why}"))?;
    if !labels.labels.iter().any(|l| l.name == label) {
        let known: Vec<&str> = labels.labels.iter().map(|l| l.name.as_str()).collect();
        bail!(
            "{label:?} is not in the corpus's label set ({}); add it in the window's label \
             editor first",
            known.join(", ")
        );
    }
    let annotator = args.annotator.as_deref().unwrap_or("");
    let summary = label_corpus(folder, &store, query, label, annotator);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        out.write_all(b"\n")?;
    } else {
        for d in &summary.documents {
            writeln!(
                out,
                "{}\tcreated {}\tskipped {}",
                d.path,
                d.labelled.created.len(),
                d.labelled.skipped
            )?;
        }
    }
    out.flush()?;
    for f in &summary.failed {
        eprintln!("hamesh: left alone {f}");
    }
    eprintln!(
        "created {} spans labelled {label} in {} documents; skipped {} hits a {label} span \
         already covers",
        summary.created,
        summary
            .documents
            .iter()
            .filter(|d| !d.labelled.created.is_empty())
            .count(),
        summary.skipped
    );
    if !summary.failed.is_empty() {
        bail!("{} documents were left as they were", summary.failed.len());
    }
    Ok(())
}

/// A field of a tab-separated line: tabs and line breaks become spaces.
fn one_line(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
