//! What the article list knows about a document without keeping its text.

use serde::Serialize;

use super::decode::Encoding;
use super::furniture::{line_key, line_keys};
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
    /// The key of the line the title is ([`super::furniture::line_key`]): when that line
    /// turns out to be the folder's furniture, the list shows a better one
    /// ([`super::titles`]).
    #[serde(skip)]
    pub title_key: Option<u64>,
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
            title_key: first_line(text).and_then(line_key),
            lines: line_keys(text),
        }
    }
}

/// The first non-empty line, trimmed.
fn first_line(text: &str) -> Option<&str> {
    text.split(['\n', '\r'])
        .map(str::trim)
        .find(|l| !l.is_empty())
}

/// The first non-empty line, trimmed (and shortened to [`TITLE_CHARS`]).
pub fn title_of(text: &str) -> String {
    shorten(first_line(text).unwrap_or(""))
}

/// Longest title kept when it is found past the furniture, in characters: such a line is often
/// the article's first paragraph, and a list row shows far less.
const SKIPPED_TITLE_CHARS: usize = 100;

/// The first non-empty line that `is_furniture` does not claim (by its key), trimmed and
/// shortened, and whether lines were skipped to find it: an article whose first lines are a
/// site's menu is listed by its headline. Where every line is furniture, the first line.
pub fn title_skipping(text: &str, is_furniture: impl Fn(u64) -> bool) -> (String, bool) {
    let mut lines = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let claimed = |l: &&str| line_key(l).is_some_and(&is_furniture);
    match lines.next() {
        Some(first) if claimed(&first) => match lines.find(|l| !claimed(l)) {
            Some(line) => (shorten_to(line, SKIPPED_TITLE_CHARS), true),
            None => (title_of(text), false),
        },
        _ => (title_of(text), false),
    }
}

fn shorten(line: &str) -> String {
    shorten_to(line, TITLE_CHARS)
}

fn shorten_to(line: &str, most: usize) -> String {
    let mut title: String = line.chars().take(most).collect();
    if line.chars().nth(most).is_some() {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_skips_the_lines_said_to_be_furniture() {
        let text = "- الأكثر قراءة\n- الأكثر تعليقاً\n\n  بوتين يلتقي قادة طالبان  \nنص الخبر";
        let menu = [line_key("- الأكثر قراءة"), line_key("- الأكثر تعليقاً")];
        let info = DocumentInfo::of(text, Encoding::Utf8, text.len() as u64);
        assert_eq!(info.title, "- الأكثر قراءة");
        assert_eq!(info.title_key, menu[0]);
        let skipping = title_skipping(text, |k| menu.contains(&Some(k)));
        assert_eq!(skipping, ("بوتين يلتقي قادة طالبان".to_string(), true));
        assert_eq!(title_skipping(text, |_| false), (info.title.clone(), false));
        assert_eq!(
            title_skipping(text, |_| true),
            (info.title.clone(), false),
            "all furniture: the first line"
        );
        let long = format!("- الأكثر قراءة\n{}", "كلمة ".repeat(60));
        let (title, _) = title_skipping(&long, |k| menu.contains(&Some(k)));
        assert_eq!(
            title.chars().count(),
            SKIPPED_TITLE_CHARS + 1,
            "shortened, with …"
        );
    }

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
