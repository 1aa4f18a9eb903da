//! spaCy- and Prodigy-style JSON Lines: one object per line with `text` and its entities as
//! `ents` (spaCy's `Doc.to_json()`), `spans` as a list (Prodigy) or `spans` as named groups
//! (spaCy's span groups), each `{start, end, label}` in characters of the text (Python's code
//! points). Other fields (tokens, token_start, meta, …) are ignored; `meta.path` or `path`
//! names the document when present.

use std::collections::BTreeSet;

use serde_json::Value;

use super::label_studio::signed;
use super::{Foreign, Read, ReadOptions};
use crate::dataset::import::fields::{FieldError, Obj};
use crate::dataset::import::jsonl::read_lines;
use crate::dataset::import::types::{RawSpan, Record};

/// Whether a JSON Lines object is spaCy's or Prodigy's rather than Hamesh's or doccano's:
/// `ents`, span groups, or spans with token offsets.
pub fn looks_like(v: &Value) -> bool {
    let spans = v.get("spans");
    v.get("text").is_some_and(Value::is_string)
        && (v.get("ents").is_some_and(Value::is_array)
            || spans.is_some_and(Value::is_object)
            || spans
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .is_some_and(|s| s.get("token_start").is_some()))
}

pub fn read(bytes: &[u8], options: ReadOptions) -> Read {
    let mut out = Read::default();
    read_lines(bytes, &mut |line, v| {
        let record = v
            .map_err(|message| {
                vec![FieldError {
                    field: String::new(),
                    message,
                }]
            })
            .and_then(|v| document(&v, options).map_err(|e| vec![e]));
        out.documents.push(Foreign {
            location: format!("line {line}"),
            record,
        });
    });
    out
}

fn document(v: &Value, options: ReadOptions) -> Result<Record, FieldError> {
    let o = Obj::new(v, "")?;
    let text = o.str("text")?.to_string();
    let mut spans = Vec::new();
    if let Some(ents) = o.opt_array("ents")? {
        spans.extend(list(ents, "ents")?);
    }
    match o.get("spans") {
        Some(Value::Array(items)) => spans.extend(list(items, "spans")?),
        Some(Value::Object(groups)) => {
            for (name, items) in groups {
                let field = format!("spans.{name}");
                let Value::Array(items) = items else {
                    return Err(FieldError {
                        field,
                        message: "expected a list of spans".into(),
                    });
                };
                spans.extend(list(items, &field)?);
            }
        }
        Some(_) => return Err(o.error("spans", "expected a list or named groups of spans")),
        None => {}
    }
    // The same entity in `ents` and in a span group is one span.
    let mut seen = BTreeSet::new();
    spans.retain(|s: &RawSpan| seen.insert((s.start, s.end, s.label.clone())));
    let path = match o.opt_str("path")? {
        Some(p) => Some(p.to_string()),
        None => o
            .get("meta")
            .and_then(|m| m.get("path"))
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    Ok(Record {
        path,
        spans,
        unit: options.unit(),
        text,
        ..Record::default()
    })
}

fn list(items: &[Value], field: &str) -> Result<Vec<RawSpan>, FieldError> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let field = format!("{field}[{i}]");
            let s = Obj::new(v, &field)?;
            Ok(RawSpan {
                start: signed(&s, "start")?,
                end: signed(&s, "end")?,
                label: s.str("label")?.to_string(),
                text: s.opt_str("text")?.map(str::to_string),
                id: None,
                note: String::new(),
                annotator: None,
                entity: s
                    .opt_str("kb_id")?
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
                field,
            })
        })
        .collect()
}
