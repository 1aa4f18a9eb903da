//! What the article list knows about a document without keeping its text.

use serde::Serialize;

use super::decode::Encoding;
use super::furniture::line_keys;
use crate::text::document::document_direction;
use crate::text::{DirectionChoice, Language};

/// Longest title kept, in characters.
const TITLE_CHARS: usize = 200;

/// Summary of a decoded article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentInfo {
    #[serde(serialize_with = "encoding_name")]
    pub encoding: Encoding,
    #[serde(serialize_with = "language_name")]
    pub language: Language,
    pub direction: &'static str,
    pub characters: usize,
    pub bytes: u64,
    pub title: String,
    /// Keys of its short lines, for finding the folder's site furniture
    /// ([`super::furniture`]).
    #[serde(skip)]
    pub lines: Box<[u64]>,
}

fn encoding_name<S: serde::Serializer>(e: &Encoding, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.name())
}

fn language_name<S: serde::Serializer>(l: &Language, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match l {
        Language::Arabic => "arabic",
        Language::Persian => "persian",
        Language::Other => "other",
    })
}

impl DocumentInfo {
    pub fn of(text: &str, encoding: Encoding, bytes: u64) -> DocumentInfo {
        DocumentInfo {
            encoding,
            language: Language::detect(text),
            direction: document_direction(text, DirectionChoice::Auto).name(),
            characters: text.chars().count(),
            bytes,
            title: title_of(text),
            lines: line_keys(text),
        }
    }
}

/// The first non-empty line, trimmed (and shortened to [`TITLE_CHARS`]).
pub fn title_of(text: &str) -> String {
    let line = text
        .split(['\n', '\r'])
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut title: String = line.chars().take(TITLE_CHARS).collect();
    if line.chars().nth(TITLE_CHARS).is_some() {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarises_a_persian_article() {
        let text = "\r\n  پوتین: طالبان متحد ماست  \r\nرییس‌جمهوری روسیه گفت";
        let info = DocumentInfo::of(text, Encoding::Utf8, text.len() as u64);
        assert_eq!(info.title, "پوتین: طالبان متحد ماست");
        assert_eq!(info.language, Language::Persian);
        assert_eq!(info.direction, "rtl");
        assert_eq!(info.characters, text.chars().count());
    }
}
