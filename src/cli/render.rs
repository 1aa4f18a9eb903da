//! `hamesh render FILE --width PX --out PAGE.png`: an article drawn to a PNG page.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::annotate::Store;
use crate::destination::{
    fallback_stores, has_article_extension, resolved, same_file, store_folder_of,
};
use crate::fsutil::write_atomic;
use crate::text::Document;
use crate::text::render::{Theme, render};

use super::layout::TextArgs;
use super::values;

#[derive(Debug, Args)]
#[command(
    after_help = "The page is written whole or not at all. It is never written over the \
                        article itself, over a text file (.txt, .text, .md) or into Hamesh's \
                        annotation store."
)]
pub struct RenderArgs {
    #[command(flatten)]
    pub text: TextArgs,
    /// The PNG file to write
    #[arg(
        short = 'o',
        long = "out",
        value_name = "PAGE.png",
        value_parser = clap::value_parser!(PathBuf)
    )]
    pub out: PathBuf,
    /// Colours of the page
    #[arg(long, value_name = "THEME", default_value = "light", value_parser = values::theme())]
    pub theme: Theme,
}

pub fn run(args: RenderArgs) -> Result<()> {
    check_page(&args.text.file, &args.out)?;
    let (text, style) = args.text.read()?;
    let doc = Document::laid_out(text, &style, args.text.width);
    let png = render(&doc, args.theme).to_png()?;
    // A temporary file renamed into place: a full disk leaves the previous page (or none),
    // never a torn one.
    write_atomic(&args.out, &png)
        .with_context(|| format!("cannot write {}; it is left as it was", args.out.display()))?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// Refuses a page path that would destroy something: the article being rendered (however it
/// is spelt or linked), a text file, which may be an article of some corpus, or a file in
/// Hamesh's annotation store.
fn check_page(input: &Path, out: &Path) -> Result<()> {
    let target = resolved(out);
    if same_file(input, out) || resolved(input) == target {
        bail!(
            "{} is the article being rendered; the page would replace it. Choose another --out",
            out.display()
        );
    }
    if has_article_extension(out) || has_article_extension(&target) {
        bail!(
            "{} is a text file name (.txt, .text, .md), which Hamesh reads as an article; \
             render writes a PNG and will not write over or create one. Choose a .png path",
            out.display()
        );
    }
    let stores = [fallback_stores(&Store::default_fallback_root())];
    if let Some(store) = store_folder_of(&target, &stores) {
        bail!(
            "{} is inside Hamesh's annotation store {}, where the page would replace \
             annotations or the label set. Choose a path outside it",
            out.display(),
            store.display()
        );
    }
    Ok(())
}
