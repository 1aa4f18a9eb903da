//! `hamesh layout FILE --width PX (--json | --text)`: the engine's layout of an article, for
//! tools and comparisons.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use crate::corpus::decode::{decode_owned, read_bytes};
use crate::fsutil::file_limit;
use crate::text::document::LaidParagraphs;
use crate::text::dump::{StreamedLayoutJson, write_text_dump};
use crate::text::{DirectionChoice, FontChoice, Language, TextStyle};

use super::values::{self, LanguageChoice};

/// The article and the style it is laid out in: what `layout` and `render` share.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The article: a text file in UTF-8, UTF-16 or a legacy Arabic encoding
    #[arg(value_name = "FILE", value_parser = clap::value_parser!(PathBuf))]
    pub file: PathBuf,
    /// Width of the text column, in pixels
    #[arg(long, value_name = "PX", value_parser = values::width, allow_negative_numbers = true)]
    pub width: f32,
    /// Font size, in pixels (1 to 500)
    #[arg(
        long,
        value_name = "PX",
        default_value_t = TextStyle::default().size_px,
        value_parser = values::size,
        allow_negative_numbers = true
    )]
    pub size: f32,
    /// The reading face
    #[arg(long, value_name = "FONT", default_value = "vazirmatn", value_parser = values::font())]
    pub font: FontChoice,
    /// Paragraph direction: from each paragraph's text, or forced
    #[arg(long, value_name = "DIR", default_value = "auto", value_parser = values::direction())]
    pub dir: DirectionChoice,
    /// Language of the text (shaping differs for some letters): detected, Arabic or Persian
    #[arg(long, value_name = "LANG", default_value = "auto", value_parser = values::language())]
    pub lang: LanguageChoice,
    /// Draw invisible format and bidi controls (ZWNJ, RLO, …) as visible marks
    #[arg(long)]
    pub show_controls: bool,
    /// The largest article read, in MB (default: HAMESH_MAX_FILE_MB, else 256)
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_mb: Option<u64>,
    /// Draw characters no bundled font has with an installed font that has them, as the
    /// window does (the output then depends on the machine's fonts; each glyph names its font)
    #[arg(long)]
    pub system_fonts: bool,
}

impl TextArgs {
    /// The article's text and the style to lay it out in.
    pub fn read(&self) -> Result<(String, TextStyle)> {
        crate::text::system_fonts::use_system_fonts(self.system_fonts);
        let bytes = read_bytes(&self.file, &file_limit(self.max_file_mb))?;
        let (text, _) = decode_owned(bytes, &self.file.display().to_string())?;
        let language = match self.lang {
            LanguageChoice::Auto => Language::detect(&text),
            LanguageChoice::Fixed(l) => l,
        };
        let style = TextStyle {
            font: self.font,
            size_px: self.size,
            direction: self.dir,
            language,
            show_controls: self.show_controls,
            ..TextStyle::default()
        };
        Ok((text, style))
    }
}

#[derive(Debug, Args)]
#[command(after_help = "The JSON's shape is described in README.md (Headless commands).")]
pub struct LayoutArgs {
    #[command(flatten)]
    pub text: TextArgs,
    #[command(flatten)]
    pub dump: DumpForm,
}

/// What `layout` prints.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct DumpForm {
    /// Print JSON: paragraphs, lines and glyphs in visual order, offsets in code points
    #[arg(long)]
    pub json: bool,
    /// Print one line per visual line, its pieces left to right
    #[arg(long)]
    pub text: bool,
}

/// Lays the article out paragraph by paragraph and writes each as it is done, so memory holds
/// the text and one paragraph's layout, however long the article.
pub fn run(args: LayoutArgs) -> Result<()> {
    let (text, style) = args.text.read()?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if args.dump.text {
        write_text_dump(
            LaidParagraphs::new(&text, &style, args.text.width),
            &mut out,
        )
    } else {
        serde_json::to_writer(
            &mut out,
            &StreamedLayoutJson::new(&text, &style, args.text.width),
        )
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
    }
    .and_then(|()| out.flush())
    .context("cannot write the layout")
}
