//! brat standoff: a folder with a `.txt` and an `.ann` file per document and an
//! `annotation.conf` listing the entity types.
//!
//! The `.txt` is the decoded text exactly (UTF-8, line ends as they were); offsets are code
//! points of it, which is what brat's Python server counts. A span that crosses a line break
//! is written as fragments (`T1\tGPE 3 8;9 14\t…`), one per line it touches, with the
//! fragments' texts joined by a space, as brat does for discontinuous spans. A note becomes an
//! `AnnotatorNotes` line. brat's type names cannot hold spaces: whitespace in a label becomes `_`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::annotate::entities::Registry;
use crate::annotate::{Label, Span};

use super::collect::check_spans;
use super::sink::{ExportError, Header, PreparedDoc, Sink, SpanMismatch, Summary};
use crate::dataset::offsets::to_bytes;
use crate::dataset::output::AtomicDir;
use crate::dataset::{OffsetUnit, offsets};

struct BratSink {
    dir: AtomicDir,
    shown: String,
    names: BTreeSet<String>,
    entities: Registry,
}

pub fn sink(output: &Path, header: &Header) -> Result<Box<dyn Sink>, ExportError> {
    let dir = AtomicDir::create(output).map_err(|e| ExportError::write(output, e))?;
    Ok(Box::new(BratSink {
        dir,
        shown: output.display().to_string(),
        names: BTreeSet::new(),
        entities: header.entities.clone(),
    }))
}

/// The `N` line target of a span's entity: its Wikidata item when it has one
/// (`Wikidata:Q159`), else its registry id (`Hamesh:e1`), and the entity's name.
fn normalization(span: &Span, entities: &Registry, language: &str) -> Option<(String, String)> {
    let id = span.entity.as_deref()?;
    let Some(entity) = entities.get(id) else {
        return Some((format!("Hamesh:{id}"), span.text.clone()));
    };
    let target = match &entity.wikidata {
        Some(q) => format!("Wikidata:{q}"),
        None => format!("Hamesh:{id}"),
    };
    Some((target, entity.name(language).to_string()))
}

/// A brat type name for a label.
pub fn type_name(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// The parts of a span between line breaks, in code points, with their texts.
pub fn fragments(span: &Span) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in span.text.chars().enumerate() {
        let at = span.start.0 + i;
        if matches!(c, '\n' | '\r') {
            if let Some((s, t)) = current.take() {
                out.push((s, at, t));
            }
        } else {
            current.get_or_insert_with(|| (at, String::new())).1.push(c);
        }
    }
    if let Some((s, t)) = current {
        out.push((s, span.end.0, t));
    }
    out
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The `.ann` content of a document; checks every fragment against the text.
pub fn ann(
    doc: &PreparedDoc,
    entities: &Registry,
    summary: &mut Summary,
) -> Result<String, ExportError> {
    check_spans(&doc.path, &doc.text, &doc.spans, OffsetUnit::CodePoint)?;
    let mut out = String::new();
    let mut notes = 0;
    let mut normalizations = 0;
    for (k, span) in doc.spans.iter().enumerate() {
        let parts = fragments(span);
        if parts.is_empty() {
            summary.warnings.push(format!(
                "{}: span {} holds only line breaks and has no brat fragment; left out",
                doc.path, span.id.0
            ));
            continue;
        }
        let positions: Vec<usize> = parts.iter().flat_map(|p| [p.0, p.1]).collect();
        let bytes = to_bytes(&doc.text, OffsetUnit::CodePoint, &positions)
            .map_err(|bad| mismatch(doc, span, offsets::describe(bad)))?;
        for (i, p) in parts.iter().enumerate() {
            let found = &doc.text[bytes[2 * i]..bytes[2 * i + 1]];
            if found != p.2 {
                return Err(mismatch(doc, span, format!("{found:?}")));
            }
        }
        if parts.len() > 1 {
            summary.fragmented_spans += 1;
        }
        let ranges: Vec<String> = parts.iter().map(|p| format!("{} {}", p.0, p.1)).collect();
        let texts: Vec<&str> = parts.iter().map(|p| p.2.as_str()).collect();
        let t = k + 1;
        let _ = writeln!(
            out,
            "T{t}\t{} {}\t{}",
            type_name(&span.label),
            ranges.join(";"),
            one_line(&texts.join(" "))
        );
        if !span.note.is_empty() {
            notes += 1;
            let _ = writeln!(
                out,
                "#{notes}\tAnnotatorNotes T{t}\t{}",
                one_line(&span.note)
            );
        }
        if let Some((target, name)) = normalization(span, entities, doc.language) {
            normalizations += 1;
            let _ = writeln!(
                out,
                "N{normalizations}\tReference T{t} {target}\t{}",
                one_line(&name)
            );
        }
    }
    Ok(out)
}

fn mismatch(doc: &PreparedDoc, span: &Span, found: String) -> ExportError {
    ExportError::SpanMismatch(Box::new(SpanMismatch {
        document: doc.path.clone(),
        span: span.id.0.clone(),
        label: span.label.clone(),
        start: span.start.0,
        end: span.end.0,
        unit: OffsetUnit::CodePoint.name(),
        expected: span.text.clone(),
        found,
    }))
}

/// The name of a document's pair without extension: `news/a.txt` → `news/a`, `b.md` → `b.md`.
pub fn pair_stem(rel: &str) -> &str {
    rel.strip_suffix(".txt").unwrap_or(rel)
}

impl Sink for BratSink {
    fn document(&mut self, doc: &PreparedDoc, summary: &mut Summary) -> Result<(), ExportError> {
        let stem = pair_stem(&doc.path);
        if !self.names.insert(stem.to_string()) {
            return Err(ExportError::Options(format!(
                "two documents would both be written as {stem}.txt in the brat folder; \
                 rename one of them"
            )));
        }
        let ann = ann(doc, &self.entities, summary)?;
        let io = |e| ExportError::Write {
            path: format!("{}/{stem}", self.shown),
            source: e,
        };
        self.dir
            .write(&format!("{stem}.txt"), doc.text.as_bytes())
            .map_err(io)?;
        self.dir
            .write(&format!("{stem}.ann"), ann.as_bytes())
            .map_err(io)
    }

    fn finish(
        self: Box<Self>,
        labels: &[Label],
        _summary: &mut Summary,
    ) -> Result<(), ExportError> {
        let mut conf = String::from("[entities]\n");
        let mut seen = BTreeSet::new();
        for l in labels {
            let name = type_name(&l.name);
            if seen.insert(name.clone()) {
                conf.push_str(&name);
                conf.push('\n');
            }
        }
        conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
        let shown = self.shown.clone();
        let io = |e| ExportError::Write {
            path: shown.clone(),
            source: e,
        };
        self.dir
            .write("annotation.conf", conf.as_bytes())
            .map_err(io)?;
        self.dir.commit().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::span::{SpanId, make_span};
    use crate::text::CharIndex;
    use crate::text::offsets::CharMap;

    #[test]
    fn splits_spans_at_line_breaks() {
        let text = "قال\r\nبوتين";
        let map = CharMap::new(text);
        let span = make_span(
            text,
            &map,
            SpanId("s1".into()),
            CharIndex(0)..CharIndex(10),
            "X",
        );
        assert_eq!(
            fragments(&span),
            [(0, 3, "قال".to_string()), (5, 10, "بوتين".to_string())]
        );
        assert_eq!(pair_stem("news/a.txt"), "news/a");
        assert_eq!(pair_stem("b.md"), "b.md");
        assert_eq!(type_name("NEW LABEL"), "NEW_LABEL");
    }
}
