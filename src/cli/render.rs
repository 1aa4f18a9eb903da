//! `hamesh render FILE --width PX --out PAGE.png`: an article drawn to a PNG page.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use crate::text::DocumentLayout;
use crate::text::render::{Theme, render};

use super::layout::TextArgs;
use super::values;

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub text: TextArgs,
    /// The PNG file to write
    #[arg(short = 'o', long = "out", value_name = "PAGE.png", value_parser = clap::value_parser!(PathBuf))]
    pub out: PathBuf,
    /// Colours of the page
    #[arg(long, value_name = "THEME", default_value = "light", value_parser = values::theme())]
    pub theme: Theme,
}

pub fn run(args: RenderArgs) -> Result<()> {
    let (text, style) = args.text.read()?;
    let doc = DocumentLayout::new(&text, &style, args.text.width);
    let png = render(&doc, args.theme).to_png()?;
    std::fs::write(&args.out, &png)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}
