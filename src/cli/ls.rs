//! `hamesh ls FOLDER [--json]`: the articles of a folder as the window's list sees them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::corpus::files::Folder;
use crate::corpus::scan::{ScanEvent, scan_folder};

use super::files::FileArgs;

#[derive(Debug, Args)]
pub struct LsArgs {
    /// The folder to list (recursively; hidden folders are skipped)
    #[arg(value_name = "FOLDER", value_parser = clap::value_parser!(PathBuf))]
    pub folder: PathBuf,
    /// Print JSON, one object per article; without it, one tab-separated line per article
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub files: FileArgs,
}

pub fn run(args: LsArgs) -> Result<()> {
    if !args.folder.is_dir() {
        bail!("{} is not a folder", args.folder.display());
    }
    let folder = Folder::new(args.folder.clone(), args.files.scan_options());
    let entries = scan_folder(&folder, |event| {
        if let ScanEvent::Problem(p) = event {
            eprintln!("hamesh: {p}");
        }
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for e in &entries {
        match (&e.info, &e.error) {
            (Some(i), _) => println!(
                "{}\t{}\t{:?}\t{}\t{}\t{}",
                e.path,
                i.encoding.name(),
                i.language,
                i.direction,
                i.characters,
                i.title
            ),
            (None, err) => println!(
                "{}\tcannot be read: {}",
                e.path,
                err.as_deref().unwrap_or("?")
            ),
        }
    }
    Ok(())
}
