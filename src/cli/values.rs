//! How option values are read: words from a fixed list through the types' own `parse` (which
//! also takes their aliases), numbers with their bounds. Each failure reads as clap's usual
//! `invalid value 'X' for '--option <V>': why`, and the lists show in `--help` and in shell
//! completions.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

use crate::dataset::import::ImportFormat;
use crate::dataset::{Format, FurnitureExport, OffsetUnit};
use crate::text::render::Theme;
use crate::text::{DirectionChoice, FontChoice, Language};

/// A word from `names`, read by `parse`; `complaint` says what is wrong with another one.
#[derive(Clone)]
pub struct Word<T> {
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
    complaint: fn(&str) -> String,
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Word<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let (parse, complaint) = (self.parse, self.complaint);
        StringValueParser::new()
            .try_map(move |s| parse(&s).ok_or_else(|| complaint(&s)))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().copied().map(PossibleValue::new)))
    }
}

pub fn font() -> Word<FontChoice> {
    Word {
        names: &["vazirmatn", "naskh"],
        parse: FontChoice::parse,
        complaint: |v| format!("unknown font {v:?}; expected vazirmatn or naskh"),
    }
}

pub fn direction() -> Word<DirectionChoice> {
    Word {
        names: &["auto", "rtl", "ltr"],
        parse: DirectionChoice::parse,
        complaint: |v| format!("unknown direction {v:?}; expected auto, rtl or ltr"),
    }
}

pub fn theme() -> Word<Theme> {
    Word {
        names: &["light", "dark"],
        parse: Theme::parse,
        complaint: |v| format!("unknown theme {v:?}; expected light or dark"),
    }
}

pub fn format() -> Word<Format> {
    Word {
        names: &["json", "jsonl", "brat", "conll", "label-studio"],
        parse: Format::parse,
        complaint: |v| {
            format!("unknown format {v:?}; expected json, jsonl, brat, conll or label-studio")
        },
    }
}

pub fn import_format() -> Word<ImportFormat> {
    Word {
        names: &["json", "jsonl", "label-studio", "brat", "conll", "spacy"],
        parse: ImportFormat::parse,
        complaint: |v| {
            format!(
                "import does not read {v:?}; it reads json, jsonl, label-studio, brat, conll or spacy"
            )
        },
    }
}

pub fn furniture() -> Word<FurnitureExport> {
    Word {
        names: &["keep", "mark", "omit"],
        parse: FurnitureExport::parse,
        complaint: |v| format!("unknown furniture choice {v:?}; expected keep, mark or omit"),
    }
}

pub fn offset_unit() -> Word<OffsetUnit> {
    Word {
        names: &["code_point", "utf16"],
        parse: OffsetUnit::parse,
        complaint: |v| format!("unknown offset unit {v:?}; expected code_point or utf16"),
    }
}

fn number(s: &str) -> Result<f32, String> {
    s.trim()
        .parse::<f32>()
        .map_err(|_| format!("expected a number of pixels, got {s:?}"))
}

/// A column width: any positive number of pixels.
pub fn width(s: &str) -> Result<f32, String> {
    let v = number(s)?;
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err("the width must be a positive number of pixels".into())
    }
}

/// A font size the command line accepts: 1 to 500 pixels.
pub fn size(s: &str) -> Result<f32, String> {
    let v = number(s)?;
    if v.is_finite() && (1.0..=500.0).contains(&v) {
        Ok(v)
    } else {
        Err("the size must be between 1 and 500 pixels".into())
    }
}

/// `--lang`: detected from the text, or forced.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LanguageChoice {
    Auto,
    Fixed(Language),
}

pub fn language() -> Word<LanguageChoice> {
    Word {
        names: &["auto", "ar", "fa"],
        parse: |v| {
            if v.eq_ignore_ascii_case("auto") {
                Some(LanguageChoice::Auto)
            } else {
                Language::parse(v).map(LanguageChoice::Fixed)
            }
        },
        complaint: |v| format!("unknown language {v:?}; expected auto, ar or fa"),
    }
}
