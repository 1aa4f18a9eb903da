//! Searching every article of a corpus folder: the files as the article list finds them
//! ([`walk`]), each read and searched on a few threads, the results handed over one document
//! at a time, in the list's order.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::find::Query;
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::parallel::par_map;
use crate::text::CharIndex;

/// Characters of context shown on each side of a hit.
pub const CONTEXT_CHARS: usize = 40;

/// A hit with what surrounds it (keyword in context), within its line.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ShownHit {
    pub start: CharIndex,
    pub end: CharIndex,
    /// The matched text as it stands in the article.
    pub text: String,
    pub before: String,
    pub after: String,
    /// It starts after a glued proclitic (clitic-aware search).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sub_word: bool,
}

/// One document's hits.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentHits {
    /// Relative `/`-separated path in the corpus.
    pub path: String,
    pub hits: Vec<ShownHit>,
}

/// What a corpus search went through.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SearchSummary {
    pub documents: usize,
    pub documents_with_hits: usize,
    pub hits: usize,
    /// Articles that could not be read, with the reason.
    pub unreadable: Vec<String>,
    /// Folders that could not be listed or entered.
    pub problems: Vec<String>,
}

/// Files searched per round: results reach `on_document` a round at a time, in order.
const ROUND: usize = 256;

/// Searches every article of `folder` for `query`; `on_document` gets each document that has
/// hits, in the article list's order.
pub fn search_corpus(
    folder: &Folder,
    query: &Query,
    on_document: &mut dyn FnMut(DocumentHits),
) -> SearchSummary {
    search_corpus_until(folder, query, &AtomicBool::new(false), on_document)
}

/// [`search_corpus`] that stops after the round in which `stop` is set (a newer search
/// replaced it); the summary then counts what was searched.
pub fn search_corpus_until(
    folder: &Folder,
    query: &Query,
    stop: &AtomicBool,
    on_document: &mut dyn FnMut(DocumentHits),
) -> SearchSummary {
    let listing = walk(folder);
    let mut summary = SearchSummary {
        documents: listing.files.len(),
        problems: listing.problems.clone(),
        ..SearchSummary::default()
    };
    for round in listing.files.chunks(ROUND) {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let found = par_map(round.to_vec(), &|rel: String| {
            if let Some(reason) = listing.refused.get(&rel) {
                return Err(format!("{rel}: {reason}"));
            }
            let linked = listing.through_links.contains(&rel);
            let (text, _) = folder
                .read_listed_text(&rel, linked)
                .map_err(|e| format!("{rel}: {}", e.reason()))?;
            Ok(DocumentHits {
                hits: find_shown(&text, query),
                path: rel,
            })
        });
        for result in found {
            match result {
                Ok(doc) if doc.hits.is_empty() => {}
                Ok(doc) => {
                    summary.documents_with_hits += 1;
                    summary.hits += doc.hits.len();
                    on_document(doc);
                }
                Err(reason) => summary.unreadable.push(reason),
            }
        }
    }
    summary
}

/// Every hit of `query` in `text`, with its context.
pub fn find_shown(text: &str, query: &Query) -> Vec<ShownHit> {
    let mut out = Vec::new();
    query.find_each(text, &mut |hit, bytes| {
        let before = &text[..bytes.start];
        let from = before
            .char_indices()
            .rev()
            .take(CONTEXT_CHARS)
            .take_while(|&(_, c)| c != '\n')
            .last()
            .map_or(bytes.start, |(i, _)| i);
        let after = &text[bytes.end..];
        let to = after
            .char_indices()
            .take(CONTEXT_CHARS)
            .take_while(|&(_, c)| c != '\n')
            .last()
            .map_or(bytes.end, |(i, c)| bytes.end + i + c.len_utf8());
        out.push(ShownHit {
            start: hit.range.start,
            end: hit.range.end,
            text: text[bytes.clone()].to_string(),
            before: text[from..bytes.start].to_string(),
            after: text[bytes.end..to].to_string(),
            sub_word: hit.sub_word,
        });
    });
    out
}
