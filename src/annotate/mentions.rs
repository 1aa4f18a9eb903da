//! Where each entity is mentioned across a corpus, and the spans that name no entity yet:
//! the registry's entity list and its unlinked-mentions view, in the window and from
//! `hamesh entities`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::entities::Registry;
use super::{Span, Store};
use crate::corpus::scan::Listing;
use crate::parallel::par_map;
use crate::search::suggest::form_of;
use crate::text::CharIndex;

/// One span, where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub path: String,
    pub start: CharIndex,
    pub end: CharIndex,
    pub text: String,
    pub label: String,
}

/// Unlinked spans of one form (the normaliser's), with the entities that form names.
#[derive(Clone, Debug, Serialize)]
pub struct UnlinkedForm {
    pub form: String,
    pub label: String,
    pub mentions: Vec<Mention>,
    /// Entities one of whose names or aliases is this form.
    pub candidates: Vec<String>,
}

/// The mentions of a corpus.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Mentions {
    /// Each entity's mentions, by entity id (entities with none included).
    pub by_entity: BTreeMap<String, Vec<Mention>>,
    /// Spans naming an id the registry does not have.
    pub unknown: Vec<Mention>,
    /// Spans naming no entity, by form and label, most mentioned first.
    pub unlinked: Vec<UnlinkedForm>,
    /// Store files that could not be read.
    pub problems: Vec<String>,
}

impl Mentions {
    /// Mentions in documents given as (path, spans).
    pub fn of<'a>(
        docs: impl IntoIterator<Item = (&'a str, &'a [Span])>,
        registry: &Registry,
    ) -> Mentions {
        let mut out = Mentions::default();
        for e in registry.entities() {
            out.by_entity.insert(e.id.clone(), Vec::new());
        }
        let mut unlinked: BTreeMap<(String, String), Vec<Mention>> = BTreeMap::new();
        for (path, spans) in docs {
            for s in spans {
                let m = Mention {
                    path: path.to_string(),
                    start: s.start,
                    end: s.end,
                    text: s.text.clone(),
                    label: s.label.clone(),
                };
                match &s.entity {
                    Some(id) => match out.by_entity.get_mut(id) {
                        Some(list) => list.push(m),
                        None => out.unknown.push(m),
                    },
                    None => unlinked
                        .entry((form_of(&s.text), s.label.clone()))
                        .or_default()
                        .push(m),
                }
            }
        }
        out.unlinked = unlinked
            .into_iter()
            .map(|((form, label), mentions)| UnlinkedForm {
                candidates: registry
                    .candidates(&mentions[0].text, &label)
                    .iter()
                    .map(|e| e.id.clone())
                    .collect(),
                form,
                label,
                mentions,
            })
            .collect();
        out.unlinked.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then(a.form.cmp(&b.form))
        });
        out
    }

    /// Mentions in the stored annotations of every article of `listing`.
    pub fn in_store(listing: &Listing, store: &Store, registry: &Registry) -> Mentions {
        let stored = par_map(listing.files.clone(), &|rel: String| store.load(&rel));
        let mut problems = Vec::new();
        let mut docs = Vec::new();
        for (rel, doc) in listing.files.iter().zip(stored) {
            match doc {
                Ok(Some(doc)) => docs.push((rel.as_str(), doc.spans)),
                Ok(None) => {}
                Err(e) => problems.push(format!("{rel}: {e}")),
            }
        }
        let mut out = Mentions::of(docs.iter().map(|(p, s)| (*p, s.as_slice())), registry);
        out.problems = problems;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::SpanId;

    fn span(text: &str, label: &str, entity: Option<&str>) -> Span {
        Span {
            id: SpanId("s1".into()),
            start: CharIndex(0),
            end: CharIndex(text.chars().count()),
            label: label.into(),
            text: text.into(),
            prefix: String::new(),
            suffix: String::new(),
            note: String::new(),
            entity: entity.map(str::to_string),
        }
    }

    #[test]
    fn mentions_by_entity_and_unlinked_forms_with_their_candidates() {
        let mut r = Registry::default();
        let id = r.create("GPE", "روسيا", "ar").unwrap();
        r.add_alias(&id, "روسیه").unwrap();
        let a = [span("روسيا", "GPE", Some("e1")), span("روسیه", "GPE", None)];
        let b = [
            span("رُوسيا", "GPE", None),
            span("بوتين", "PER", None),
            span("x", "GPE", Some("e9")),
        ];
        let m = Mentions::of([("a.txt", &a[..]), ("b.txt", &b[..])], &r);
        assert_eq!(m.by_entity["e1"].len(), 1);
        assert_eq!(m.unknown.len(), 1);
        assert_eq!(m.unlinked.len(), 3, "{:?}", m.unlinked);
        let russia: Vec<_> = m
            .unlinked
            .iter()
            .filter(|u| u.candidates == ["e1"])
            .collect();
        assert_eq!(russia.len(), 2, "both spellings point at the entity");
        let putin = m.unlinked.iter().find(|u| u.label == "PER").unwrap();
        assert!(putin.candidates.is_empty());
    }
}
