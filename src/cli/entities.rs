//! `hamesh entities FOLDER`: the corpus's entity registry with each entity's mentions per
//! document, or (`--unlinked`) the spans that name no entity yet, by form, with the entities
//! that form could name. Nothing is written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;

use crate::annotate::Store;
use crate::annotate::entities::{Entity, Registry};
use crate::annotate::mentions::{Mention, Mentions, UnlinkedForm};
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::dataset::common::NoTrace;

use super::files::FileArgs;

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The corpus folder
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// Print one JSON object instead of tab-separated lines
    #[arg(long)]
    pub json: bool,
    /// List the spans that name no entity, by form, instead of the entities
    #[arg(long)]
    pub unlinked: bool,
    #[command(flatten)]
    pub files: FileArgs,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    #[serde(flatten)]
    entity: &'a Entity,
    mentions: usize,
    /// Mentions per document.
    documents: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
struct Report<'a> {
    entities: &'a [EntityOut<'a>],
    unlinked: &'a [UnlinkedForm],
    unknown: &'a [Mention],
    problems: &'a [String],
}

pub fn run(args: EntitiesArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let _trace = NoTrace::new(&args.folder);
    let store = Store::open(&args.folder, &Store::default_fallback_root());
    let registry = Registry::load(&store)
        .map_err(|why| anyhow::anyhow!("cannot read the entity registry: {why}"))?;
    let folder = Folder::new(args.folder.clone(), args.files.scan_options());
    let listing = walk(&folder);
    let mentions = Mentions::in_store(&listing, &store, &registry);
    let entities: Vec<EntityOut> = registry
        .entities()
        .map(|e| {
            let list = mentions.by_entity.get(&e.id).map_or(&[][..], Vec::as_slice);
            let mut documents = BTreeMap::new();
            for m in list {
                *documents.entry(m.path.as_str()).or_default() += 1;
            }
            EntityOut {
                entity: e,
                mentions: list.len(),
                documents,
            }
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    if args.json {
        let report = Report {
            entities: &entities,
            unlinked: &mentions.unlinked,
            unknown: &mentions.unknown,
            problems: &mentions.problems,
        };
        serde_json::to_writer_pretty(&mut out, &report)?;
        out.write_all(b"\n")?;
    } else if args.unlinked {
        for u in &mentions.unlinked {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                clean(&u.mentions[0].text),
                u.label,
                u.mentions.len(),
                u.candidates.join(",")
            )?;
        }
    } else {
        for e in &entities {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                e.entity.id,
                e.entity.label,
                clean(e.entity.name("en")),
                e.entity.wikidata.as_deref().unwrap_or(""),
                e.mentions
            )?;
            for (path, n) in &e.documents {
                writeln!(out, "\t{path}\t{n}")?;
            }
        }
    }
    out.flush()?;
    for p in &mentions.problems {
        eprintln!("hamesh: {p}");
    }
    for m in &mentions.unknown {
        eprintln!(
            "hamesh: {}: the span at {}–{} names an entity the registry does not have",
            m.path, m.start, m.end
        );
    }
    let linked: usize = entities.iter().map(|e| e.mentions).sum();
    let unlinked: usize = mentions.unlinked.iter().map(|u| u.mentions.len()).sum();
    eprintln!(
        "{} entities, {linked} linked mentions, {unlinked} spans not linked",
        entities.len()
    );
    Ok(())
}
