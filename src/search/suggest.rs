//! Suggestions learned from the user's own spans: every labelled string becomes a dictionary
//! entry (folded for suggestions: ة and ه stay apart), and its occurrences that no span covers
//! yet are suggested with that label. A gazetteer (a TSV file of form, label and an optional
//! entity id) is a second source of entries.
//!
//! All entries are matched in one pass over a document's folded text (Aho–Corasick, leftmost
//! longest), then checked as search checks a hit: whole words, mapped back to the original
//! code points over whole graphemes ([`super::find`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::find::{CharCounter, MatchOptions, boundaries_ok, original_bytes};
use super::fold::{FoldOptions, Folded, fold};
use crate::annotate::Span;
use crate::text::CharIndex;

/// Where an entry comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A span the user made.
    Learned,
    /// A line of a gazetteer.
    Gazetteer,
    /// A model's prediction for this very place (a Label Studio export's predictions).
    Predicted,
}

impl Source {
    /// The source's name, as `hamesh suggest` and the panel's tooltips say it.
    pub fn name(self) -> &'static str {
        match self {
            Source::Learned => "learned",
            Source::Gazetteer => "gazetteer",
            Source::Predicted => "predicted",
        }
    }
}

/// One dictionary entry: a folded form and the label it suggests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub label: String,
    pub source: Source,
    /// The entity the form names, when a gazetteer says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// A suggested span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub start: CharIndex,
    pub end: CharIndex,
    pub text: String,
    #[serde(flatten)]
    pub entry: Entry,
}

/// Folded forms and what each suggests. Learned forms (the user's spans) come before
/// gazetteer lines of the same form; spans can be unlearned again (a span removed or
/// relabelled), so the dictionary follows the annotations as they are edited.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    entries: BTreeMap<String, Entry>,
    /// Learned forms: form → label → count (the most used label wins).
    votes: HashMap<String, BTreeMap<String, usize>>,
    /// Gazetteer lines by form, the first line of a form kept.
    gazetteer: HashMap<String, Entry>,
    /// Changes whenever a form comes or goes, or suggests another label.
    revision: u64,
    /// Forms whose entry came, went or changed since [`Dictionary::take_touched`] was last
    /// called: a matcher made before does not know them.
    touched: HashSet<String>,
}

/// The fold suggestions use.
const FOLD: FoldOptions = FoldOptions::SUGGESTIONS;

/// The dictionary form of a span's text.
pub fn form_of(text: &str) -> String {
    fold(text.trim(), FOLD)
}

impl Dictionary {
    /// Learns every span of `spans`: its text, folded, suggests its label. A form labelled
    /// differently in different places suggests the label it has most often.
    pub fn learn<'a>(&mut self, spans: impl IntoIterator<Item = &'a Span>) {
        for span in spans {
            let key = form_of(&span.text);
            if key.trim().is_empty() {
                continue;
            }
            let votes = self.votes.entry(key.clone()).or_default();
            *votes.entry(span.label.clone()).or_default() += 1;
            self.settle(key);
        }
    }

    /// Takes back what [`Dictionary::learn`] learned from `spans`.
    pub fn unlearn<'a>(&mut self, spans: impl IntoIterator<Item = &'a Span>) {
        for span in spans {
            let key = form_of(&span.text);
            let Some(votes) = self.votes.get_mut(&key) else {
                continue;
            };
            if let Some(n) = votes.get_mut(&span.label) {
                *n -= 1;
                if *n == 0 {
                    votes.remove(&span.label);
                }
            }
            if votes.is_empty() {
                self.votes.remove(&key);
            }
            self.settle(key);
        }
    }

    /// Puts the entry of `key` in line with its votes and gazetteer line.
    fn settle(&mut self, key: String) {
        let learned = self.votes.get(&key).and_then(|votes| {
            votes
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(label, _)| Entry {
                    label: label.clone(),
                    source: Source::Learned,
                    entity: None,
                })
        });
        let now = learned.or_else(|| self.gazetteer.get(&key).cloned());
        match now {
            Some(entry) => {
                if self.entries.get(&key) != Some(&entry) {
                    self.touched.insert(key.clone());
                    self.entries.insert(key, entry);
                    self.revision += 1;
                }
            }
            None => {
                if self.entries.remove(&key).is_some() {
                    self.touched.insert(key);
                    self.revision += 1;
                }
            }
        }
    }

    /// Adds a gazetteer's lines (`form<TAB>label[<TAB>entity id]`; blank lines and lines
    /// starting with `#` are skipped). A form already learned keeps its learned label. Returns
    /// the problems, each naming its line; the good lines are added.
    pub fn add_gazetteer(&mut self, tsv: &str, known_label: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (form, label, entity) = match fields[..] {
                [form, label] => (form, label, None),
                [form, label, entity] => (form, label, Some(entity.trim())),
                _ => {
                    problems.push(format!(
                        "line {}: expected a form, a label and an optional entity id separated \
                         by tabs",
                        i + 1
                    ));
                    continue;
                }
            };
            let label = label.trim();
            if !known_label(label) {
                problems.push(format!(
                    "line {}: {label:?} is not in the corpus's label set",
                    i + 1
                ));
                continue;
            }
            let key = form_of(form);
            if key.trim().is_empty() {
                problems.push(format!("line {}: the form is empty", i + 1));
                continue;
            }
            if self.gazetteer.contains_key(&key) {
                continue;
            }
            self.gazetteer.insert(
                key.clone(),
                Entry {
                    label: label.to_string(),
                    source: Source::Gazetteer,
                    entity: entity.filter(|e| !e.is_empty()).map(str::to_string),
                },
            );
            self.settle(key);
        }
        problems
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Changes whenever the entries change: a matcher made at another revision is stale.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The forms touched since the last call (see [`Layers`]).
    pub fn take_touched(&mut self) -> HashSet<String> {
        std::mem::take(&mut self.touched)
    }

    /// Compiles the dictionary for matching.
    pub fn matcher(&self) -> Option<Matcher> {
        self.matcher_of(self.entries.iter())
    }

    /// Compiles the current entries of some forms (those still in the dictionary).
    pub fn matcher_for<'a>(&self, forms: impl IntoIterator<Item = &'a String>) -> Option<Matcher> {
        let mut chosen: Vec<(&String, &Entry)> = forms
            .into_iter()
            .filter_map(|f| self.entries.get_key_value(f))
            .collect();
        chosen.sort_by(|a, b| a.0.cmp(b.0));
        self.matcher_of(chosen.into_iter())
    }

    fn matcher_of<'a>(
        &self,
        entries: impl Iterator<Item = (&'a String, &'a Entry)>,
    ) -> Option<Matcher> {
        let (forms, entries): (Vec<String>, Vec<Entry>) =
            entries.map(|(f, e)| (f.clone(), e.clone())).unzip();
        if forms.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&forms)
            .ok()?;
        Some(Matcher {
            automaton,
            forms,
            entries,
            revision: self.revision,
        })
    }
}

/// A matcher made once for the whole dictionary, and a small one for the forms touched since,
/// which the big one's matches of are ignored: an edit that brings a new form costs making the
/// small one (microseconds) rather than the big one (about a hundred milliseconds for ten
/// thousand entries).
pub struct Layers<'m> {
    pub base: &'m Matcher,
    /// Forms the base knows in an older state (or not at all).
    pub touched: &'m HashSet<String>,
    pub overlay: Option<&'m Matcher>,
}

/// A dictionary compiled for matching.
pub struct Matcher {
    automaton: AhoCorasick,
    /// Form and entry of each pattern, in the automaton's order.
    forms: Vec<String>,
    entries: Vec<Entry>,
    revision: u64,
}

impl Matcher {
    /// The dictionary revision it was made at.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The suggestions in `text`: occurrences of an entry, whole words, that overlap none of
    /// `spans` and are not in `rejected` (ranges the user turned down), in reading order.
    pub fn suggest(
        &self,
        text: &str,
        spans: &[Span],
        rejected: &[Range<CharIndex>],
    ) -> Vec<Suggestion> {
        let folded = Folded::new(text, FOLD);
        let found = self
            .automaton
            .find_iter(&folded.text)
            .map(|m| (m.start(), m.end(), &self.entries[m.pattern().as_usize()]));
        checked(text, &folded, found, spans, rejected)
    }
}

impl Layers<'_> {
    /// [`Matcher::suggest`] over both layers: the base's matches of touched forms left out,
    /// the overlay's added, leftmost-longest across the two.
    pub fn suggest(
        &self,
        text: &str,
        spans: &[Span],
        rejected: &[Range<CharIndex>],
    ) -> Vec<Suggestion> {
        let folded = Folded::new(text, FOLD);
        let base = &self.base;
        let mut found: Vec<(usize, usize, &Entry)> = base
            .automaton
            .find_iter(&folded.text)
            .filter(|m| !self.touched.contains(&base.forms[m.pattern().as_usize()]))
            .map(|m| (m.start(), m.end(), &base.entries[m.pattern().as_usize()]))
            .collect();
        if let Some(overlay) = self.overlay {
            found.extend(
                overlay
                    .automaton
                    .find_iter(&folded.text)
                    .map(|m| (m.start(), m.end(), &overlay.entries[m.pattern().as_usize()])),
            );
            found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
            let mut reached = 0;
            found.retain(|&(s, e, _)| {
                let keep = s >= reached;
                if keep {
                    reached = e;
                }
                keep
            });
        }
        checked(text, &folded, found.into_iter(), spans, rejected)
    }
}

/// A document's suggestions with a model's `predicted` spans of it added: those that overlap
/// none of the user's `spans`, no rejection and no earlier prediction. A prediction is made for
/// its place, so it takes the place of the dictionary's suggestions it overlaps. In order.
pub fn with_predictions(
    found: Vec<Suggestion>,
    predicted: &[Span],
    spans: &[Span],
    rejected: &[Range<CharIndex>],
) -> Vec<Suggestion> {
    if predicted.is_empty() {
        return found;
    }
    let covered = Covered::new(spans);
    let mut ordered: Vec<&Span> = predicted.iter().collect();
    ordered.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Suggestion> = Vec::new();
    let mut reached = CharIndex(0);
    for p in ordered {
        let range = p.range();
        let overlaps = |r: &Range<CharIndex>| r.start < range.end && range.start < r.end;
        if range.start >= range.end
            || (!kept.is_empty() && range.start < reached)
            || covered.overlaps(&range)
            || rejected.iter().any(overlaps)
        {
            continue;
        }
        reached = range.end;
        kept.push(Suggestion {
            start: p.start,
            end: p.end,
            text: p.text.clone(),
            entry: Entry {
                label: p.label.clone(),
                source: Source::Predicted,
                entity: p.entity.clone(),
            },
        });
    }
    let taken = Covered::new_ranges(kept.iter().map(|s| (s.start, s.end)).collect());
    let mut out: Vec<Suggestion> = found
        .into_iter()
        .filter(|s| !taken.overlaps(&(s.start..s.end)))
        .chain(kept)
        .collect();
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}

/// The matches (byte ranges in the folded text, in order) that are whole words, overlap no
/// span and no rejection, as suggestions in the original text's code points.
fn checked<'e>(
    text: &str,
    folded: &Folded,
    found: impl Iterator<Item = (usize, usize, &'e Entry)>,
    spans: &[Span],
    rejected: &[Range<CharIndex>],
) -> Vec<Suggestion> {
    let options = MatchOptions {
        fold: FOLD,
        ..MatchOptions::default()
    };
    let covered = Covered::new(spans);
    let mut counter = CharCounter::default();
    let mut out = Vec::new();
    for (start, end, entry) in found {
        let (a, b) = (start, end);
        if a >= b || boundaries_ok(text, folded, a, b, &options, false) != Some(false) {
            continue;
        }
        let bytes = original_bytes(text, folded, a, b);
        let range = counter.at(text, bytes.start)..counter.at(text, bytes.end);
        let overlaps = |r: &Range<CharIndex>| r.start < range.end && range.start < r.end;
        if covered.overlaps(&range) || rejected.iter().any(overlaps) {
            continue;
        }
        out.push(Suggestion {
            start: range.start,
            end: range.end,
            text: text[bytes].to_string(),
            entry: entry.clone(),
        });
    }
    out
}

/// The ranges of a document's spans, for "does anything overlap this?" in O(log n): sorted by
/// start, with the furthest end reached so far.
struct Covered {
    starts: Vec<CharIndex>,
    furthest_end: Vec<CharIndex>,
}

impl Covered {
    fn new(spans: &[Span]) -> Covered {
        Covered::new_ranges(spans.iter().map(|s| (s.start, s.end)).collect())
    }

    fn new_ranges(mut ranges: Vec<(CharIndex, CharIndex)>) -> Covered {
        ranges.sort();
        let mut furthest = CharIndex(0);
        let furthest_end = ranges
            .iter()
            .map(|&(_, e)| {
                furthest = furthest.max(e);
                furthest
            })
            .collect();
        Covered {
            starts: ranges.into_iter().map(|(s, _)| s).collect(),
            furthest_end,
        }
    }

    /// Whether a span starting before `r.end` ends after `r.start`.
    fn overlaps(&self, r: &Range<CharIndex>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.furthest_end[before_end - 1] > r.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::SpanId;

    fn span(text: &str, at: Range<usize>, label: &str) -> Span {
        let chars: Vec<char> = text.chars().collect();
        Span {
            id: SpanId(format!("s{}", at.start)),
            start: CharIndex(at.start),
            end: CharIndex(at.end),
            label: label.into(),
            text: chars[at].iter().collect(),
            prefix: String::new(),
            suffix: String::new(),
            note: String::new(),
            entity: None,
        }
    }

    #[test]
    fn predictions_are_suggested_where_nothing_else_is_and_win_over_the_dictionary() {
        let text = "قال بوتين إن روسيا ستدعم طالبان في كابل";
        let mut dict = Dictionary::default();
        dict.learn([&span(text, 13..18, "ORG"), &span(text, 25..31, "ORG")]);
        let mine = [span(text, 4..9, "PER")];
        let found = dict.matcher().unwrap().suggest(text, &mine, &[]);
        assert_eq!(found.len(), 2, "روسيا and طالبان from the dictionary");
        let predicted = [
            span(text, 4..9, "PER"),   // the user's span is there: not suggested
            span(text, 13..18, "GPE"), // takes the place of the dictionary's ORG
            span(text, 13..15, "GPE"), // inside an earlier prediction: left out
            span(text, 35..39, "GPE"), // rejected
        ];
        let rejected = [CharIndex(35)..CharIndex(39)];
        let all = with_predictions(found, &predicted, &mine, &rejected);
        let got: Vec<_> = all
            .iter()
            .map(|s| (s.start.0, s.end.0, s.entry.label.as_str(), s.entry.source))
            .collect();
        assert_eq!(
            got,
            [
                (13, 18, "GPE", Source::Predicted),
                (25, 31, "ORG", Source::Learned)
            ]
        );
        assert_eq!(all[0].text, "روسيا");
        // No predictions: the dictionary's suggestions as they were.
        let found = dict.matcher().unwrap().suggest(text, &mine, &[]);
        assert_eq!(with_predictions(found.clone(), &[], &mine, &[]), found);
    }

    #[test]
    fn a_labelled_string_suggests_its_other_unannotated_mentions() {
        let text = "قالت روسيا إن رُوسِيَا وطالبان و روسيا";
        let spans = vec![span(text, 5..10, "GPE")];
        let mut dict = Dictionary::default();
        dict.learn(&spans);
        let m = dict.matcher().unwrap();
        let found = m.suggest(text, &spans, &[]);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["رُوسِيَا", "روسيا"]);
        assert!(found.iter().all(|s| s.entry.label == "GPE"));
        // A rejected place is not suggested again.
        let rejected = [found[0].start..found[0].end];
        assert_eq!(m.suggest(text, &spans, &rejected).len(), 1);
    }

    #[test]
    fn unlearning_a_span_takes_its_form_back_and_the_gazetteer_line_returns() {
        let text = "روسيا روسيا";
        let spans = vec![span(text, 0..5, "ORG")];
        let mut dict = Dictionary::default();
        dict.add_gazetteer("روسيا\tGPE\tRU\n", &|_| true);
        dict.learn(&spans);
        let r0 = dict.revision();
        let m = dict.matcher().unwrap();
        assert_eq!(m.suggest(text, &spans, &[])[0].entry.label, "ORG");
        dict.unlearn(&spans);
        assert_ne!(dict.revision(), r0);
        let m = dict.matcher().unwrap();
        let s = &m.suggest(text, &[], &[])[0];
        assert_eq!(
            (s.entry.label.as_str(), s.entry.source),
            ("GPE", Source::Gazetteer)
        );
        // Learning and unlearning the same span leaves the revision's entries as they were.
        let before = dict.revision();
        dict.learn(&spans);
        dict.unlearn(&spans);
        assert_eq!(dict.len(), 1);
        assert!(dict.revision() > before);
    }

    #[test]
    fn a_base_and_an_overlay_suggest_what_a_fresh_matcher_does() {
        let text = "قالت روسيا إن موسكو وطالبان و طالبان ثم موسكو و روسيا الاتحادية";
        let mut dict = Dictionary::default();
        dict.add_gazetteer("روسيا\tGPE\nموسكو\tGPE\n", &|_| true);
        dict.take_touched();
        let base = dict.matcher().unwrap();
        let spans = vec![span(text, 5..10, "GPE")];
        // New forms, a relabelled one and one taken away, all after the base was made.
        let learned = [
            span("طالبان", 0..6, "ORG"),
            span("موسكو", 0..5, "LOC"),
            span("روسيا الاتحادية", 0..15, "GPE"),
        ];
        dict.learn(&learned);
        dict.unlearn(&learned[1..2]);
        dict.learn(&learned[1..2]);
        let touched = dict.take_touched();
        let overlay = dict.matcher_for(&touched);
        let layered = Layers {
            base: &base,
            touched: &touched,
            overlay: overlay.as_ref(),
        }
        .suggest(text, &spans, &[]);
        let fresh = dict.matcher().unwrap().suggest(text, &spans, &[]);
        assert_eq!(layered, fresh);
        let labels: Vec<&str> = fresh.iter().map(|s| s.entry.label.as_str()).collect();
        assert_eq!(labels, ["LOC", "ORG", "LOC", "GPE"], "{fresh:?}");
    }

    #[test]
    fn teh_marbuta_stays_apart_for_suggestions() {
        let text = "الجامعة الجامعه";
        let spans = vec![span(text, 0..7, "ORG")];
        let mut dict = Dictionary::default();
        dict.learn(&spans);
        assert!(
            dict.matcher()
                .unwrap()
                .suggest(text, &spans, &[])
                .is_empty()
        );
    }

    #[test]
    fn the_most_used_label_wins_and_gazetteer_lines_are_checked() {
        let text = "مصر مصر مصر";
        let spans = vec![
            span(text, 0..3, "GPE"),
            span(text, 4..7, "GPE"),
            span(text, 8..11, "ORG"),
        ];
        let mut dict = Dictionary::default();
        dict.learn(&spans);
        let m = dict.matcher().unwrap();
        let other = "زار مصر";
        assert_eq!(m.suggest(other, &[], &[])[0].entry.label, "GPE");
        let known = |l: &str| ["GPE", "ORG"].contains(&l);
        let problems = dict.add_gazetteer(
            "# countries\nروسيا\tGPE\tQ159\nايران\tCOUNTRY\nبلا تبويب\n",
            &known,
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("line 3:"));
        assert!(problems[1].starts_with("line 4:"));
        let m = dict.matcher().unwrap();
        let s = &m.suggest("إلى روسيا", &[], &[])[0];
        assert_eq!(
            (s.entry.source, s.entry.entity.as_deref()),
            (Source::Gazetteer, Some("Q159"))
        );
    }
}
