//! Suggestions across a corpus: the dictionary learned from every document's spans (and the
//! corpus's gazetteers, `.hamesh/gazetteers/*.tsv`), then each article's suggestions against
//! its own spans, on a few threads. Nothing is written.

use std::collections::HashMap;

use serde::Serialize;

use super::rejections::Rejections;
use super::suggest::{Dictionary, Suggestion, with_predictions};
use crate::annotate::session::DocumentSession;
use crate::annotate::{Span, Store};
use crate::corpus::files::Folder;
use crate::corpus::scan::{Listing, walk};
use crate::fsutil::{file_limit, read_regular};
use crate::parallel::par_map;

/// The folder of a corpus's gazetteers, inside its store.
pub const GAZETTEER_DIR: &str = "gazetteers";

/// Which entries suggest.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Sources {
    pub learned: bool,
    pub gazetteer: bool,
    /// The bundled starter gazetteer ([`STARTER_GAZETTEER`]), as if it were in the corpus.
    pub starter: bool,
    /// A model's predictions, imported into the corpus's predictions ([`Store::predictions`]).
    pub predicted: bool,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            learned: true,
            gazetteer: true,
            starter: false,
            predicted: true,
        }
    }
}

/// The starter gazetteer: country names in English, Arabic and Persian from Debian's
/// iso-codes (LGPL-2.1-or-later), built by `tools/gazetteer/build.py`. Its lines label `GPE`
/// and name the country by `iso3166:XX`.
pub const STARTER_GAZETTEER: &str = include_str!("../../assets/gazetteers/countries.tsv");
/// Its file name when added to a corpus.
pub const STARTER_FILE: &str = "countries.tsv";

/// One document's suggestions.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentSuggestions {
    pub path: String,
    pub suggestions: Vec<Suggestion>,
}

/// What a corpus-wide pass found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SuggestSummary {
    /// Dictionary entries (folded forms).
    pub entries: usize,
    pub documents: Vec<DocumentSuggestions>,
    pub suggestions: usize,
    /// Files or lines that could not be used, each with the reason.
    pub problems: Vec<String>,
}

/// Reads the gazetteers of `store` into `dict`; problems name the file and line.
fn read_gazetteers(
    store: &Store,
    dict: &mut Dictionary,
    known: &dyn Fn(&str) -> bool,
    problems: &mut Vec<String>,
) {
    let dir = store.data_dir().join(GAZETTEER_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")))
        .collect();
    files.sort();
    for path in files {
        let shown = path.display().to_string();
        let text = match read_regular(&path, &file_limit(None)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    problems.push(format!("{shown}: not UTF-8 text; save it as UTF-8"));
                    continue;
                }
            },
            Err(e) => {
                problems.push(format!("{shown}: {e}"));
                continue;
            }
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        for p in dict.add_gazetteer(text, known) {
            problems.push(format!("{shown}: {p}"));
        }
    }
}

/// The dictionary of a corpus: the spans stored for the articles of `listing` (learned) and
/// the store's gazetteers, as `sources` says; problems name the file (and line).
pub fn corpus_dictionary(
    listing: &Listing,
    store: &Store,
    sources: Sources,
    known: &dyn Fn(&str) -> bool,
) -> (Dictionary, Vec<String>) {
    let (dict, problems, _) = corpus_dictionary_with_spans(listing, store, sources, known);
    (dict, problems)
}

/// [`corpus_dictionary`], with the spans it learned from each document (by path), so that a
/// window whose documents moved on since can take exactly those back.
pub fn corpus_dictionary_with_spans(
    listing: &Listing,
    store: &Store,
    sources: Sources,
    known: &dyn Fn(&str) -> bool,
) -> (Dictionary, Vec<String>, HashMap<String, Vec<Span>>) {
    let mut dict = Dictionary::default();
    let mut problems = Vec::new();
    let mut learned = HashMap::new();
    if sources.learned {
        let stored = par_map(listing.files.clone(), &|rel: String| store.load(&rel));
        for (rel, doc) in listing.files.iter().zip(stored) {
            match doc {
                Ok(Some(doc)) => {
                    dict.learn(&doc.spans);
                    learned.insert(rel.clone(), doc.spans);
                }
                Ok(None) => {}
                Err(e) => problems.push(format!("{rel}: {e}")),
            }
        }
    }
    if sources.gazetteer {
        read_gazetteers(store, &mut dict, known, &mut problems);
    }
    if sources.starter {
        // Every line names the same label: one problem says it.
        if let Some(p) = dict.add_gazetteer(STARTER_GAZETTEER, known).first() {
            problems.push(format!("the starter gazetteer: {p}"));
        }
    }
    (dict, problems, learned)
}

/// Every current suggestion in the corpus at `folder`, with the store's spans as the
/// dictionary and as what is already annotated, less the suggestions the user rejected.
/// `known` says whether a label is in the label set (gazetteer lines naming another are
/// reported).
pub fn suggest_corpus(
    folder: &Folder,
    store: &Store,
    sources: Sources,
    known: &dyn Fn(&str) -> bool,
) -> SuggestSummary {
    let listing = walk(folder);
    let mut summary = SuggestSummary {
        problems: listing.problems.clone(),
        ..SuggestSummary::default()
    };
    let (dict, problems) = corpus_dictionary(&listing, store, sources, known);
    summary.problems.extend(problems);
    let rejections = Rejections::load(store).unwrap_or_else(|e| {
        summary.problems.push(e);
        Rejections::default()
    });
    summary.entries = dict.len();
    let matcher = dict.matcher();
    let predictions = store.predictions();
    let predicted = sources.predicted && predictions.annotations_dir().is_dir();
    if matcher.is_none() && !predicted {
        return summary;
    }
    let found = par_map(listing.files.clone(), &|rel: String| {
        if let Some(reason) = listing.refused.get(&rel) {
            return Err(format!("{rel}: {reason}"));
        }
        let (text, encoding) = folder
            .read_listed_text(&rel, listing.through_links.contains(&rel))
            .map_err(|e| format!("{rel}: {}", e.reason()))?;
        let session = DocumentSession::open(store, &rel, &text, encoding.name(), "");
        let rejected = rejections.ranges(&rel, &text);
        let spans = &session.doc.spans;
        let mut suggestions = match &matcher {
            Some(m) => m.suggest(&text, spans, &rejected),
            None => Vec::new(),
        };
        if predicted {
            let model = DocumentSession::open(&predictions, &rel, &text, encoding.name(), "");
            suggestions = with_predictions(suggestions, &model.doc.spans, spans, &rejected);
        }
        Ok(DocumentSuggestions {
            suggestions,
            path: rel,
        })
    });
    for r in found {
        match r {
            Ok(d) if d.suggestions.is_empty() => {}
            Ok(d) => {
                summary.suggestions += d.suggestions.len();
                summary.documents.push(d);
            }
            Err(why) => summary.problems.push(why),
        }
    }
    summary
}
