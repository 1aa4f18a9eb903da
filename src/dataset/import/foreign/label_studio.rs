//! Label Studio's JSON export: an array of tasks, each with `data` (the text under `data.text`,
//! or the task's only string field) and `annotations[].result[]`.
//!
//! Of a task's annotations the first that was not cancelled is read (Label Studio keeps one per
//! annotator; the others are reported). Each `labels` result becomes one span per label, with
//! `value.text` as its quote and `meta.entity` as its entity; a `textarea` result with the id
//! of a region (a per-region note, as Hamesh's export writes) or the region's `meta.text`
//! becomes its note. Other result types (choices, relations, ratings) are not spans and are
//! reported. `data.path`, `data.sha256`, `data.status`, `data.tags` and `data.offset_unit`
//! are Hamesh's own fields, read when present.
//!
//! With [`ReadOptions::predictions`] the tasks' `predictions` are read instead, the same way
//! (the first of each task; its `model_version` names it), to be offered as suggestions;
//! otherwise tasks with predictions are counted in the report, which says how to import them.

use std::collections::HashMap;

use serde_json::Value;
use serde_json::value::RawValue;

use super::{Foreign, Read, ReadOptions, whole};
use crate::annotate::DocStatus;
use crate::dataset::OffsetUnit;
use crate::dataset::import::fields::{FieldError, Obj, describe};
use crate::dataset::import::native::syntax_message;
use crate::dataset::import::record::parse_status;
use crate::dataset::import::types::{RawSpan, Record};
use crate::parallel::par_map;

pub fn read(bytes: &[u8], options: ReadOptions) -> Result<Read, String> {
    // The array is split into its tasks' JSON text first; each task is then parsed and read
    // on a few threads.
    let tasks: Vec<&RawValue> = match serde_json::from_slice::<Vec<&RawValue>>(bytes) {
        Ok(tasks) => tasks,
        Err(_) => match serde_json::from_slice::<&RawValue>(bytes) {
            Ok(one) if one.get().trim_start().starts_with('{') => vec![one],
            Ok(other) => {
                let v: Value = serde_json::from_str(other.get()).unwrap_or_default();
                return Err(format!(
                    "a Label Studio export is an array of tasks, not {}",
                    describe(&v)
                ));
            }
            Err(e) => return Err(syntax_message(&e)),
        },
    };
    let indexed: Vec<(usize, &RawValue)> = tasks.into_iter().enumerate().collect();
    let read = par_map(indexed, &|(i, raw): (usize, &RawValue)| {
        let mut not_imported = Vec::new();
        let t: Value = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                let location = format!("task {}", i + 1);
                return (
                    (
                        Foreign {
                            location,
                            record: Err(whole(e.to_string())),
                        },
                        not_imported,
                    ),
                    false,
                );
            }
        };
        let location = match t.get("id") {
            Some(Value::String(id)) => format!("task {} (id {id})", i + 1),
            Some(id) => format!("task {} (id {id})", i + 1),
            None => format!("task {}", i + 1),
        };
        let has_predictions = t
            .get("predictions")
            .and_then(Value::as_array)
            .is_some_and(|p| !p.is_empty());
        let record = task(&t, options, &location, &mut not_imported);
        (
            (Foreign { location, record }, not_imported),
            has_predictions,
        )
    });
    let mut out = Read::default();
    let mut predicted = 0;
    for ((doc, not_imported), has_predictions) in read {
        out.documents.push(doc);
        out.not_imported.extend(not_imported);
        predicted += usize::from(has_predictions);
    }
    if predicted > 0 && !options.predictions {
        out.not_imported.push(format!(
            "{predicted} task(s) have predictions; import the file again with --predictions \
             to have them offered as suggestions"
        ));
    }
    Ok(out)
}

fn task(
    t: &Value,
    options: ReadOptions,
    location: &str,
    not_imported: &mut Vec<String>,
) -> Result<Record, Vec<FieldError>> {
    let o = Obj::new(t, "").map_err(|e| vec![e])?;
    let data = Obj::new(
        o.get("data")
            .ok_or_else(|| whole("the task has no \"data\""))?,
        "data",
    )
    .map_err(|e| vec![e])?;
    let text = match data.opt_str("text").map_err(|e| vec![e])? {
        Some(t) => t.to_string(),
        None => only_string(&data)?,
    };
    let unit = match data.opt_str("offset_unit").map_err(|e| vec![e])? {
        Some(u) => OffsetUnit::parse(u).ok_or_else(|| {
            vec![data.error("offset_unit", format!("{u:?} is not code_point or utf16"))]
        })?,
        None => options.unit(),
    };
    let mut annotator = String::new();
    let mut spans = Vec::new();
    let key = if options.predictions {
        "predictions"
    } else {
        "annotations"
    };
    let annotations = o.opt_array(key).map_err(|e| vec![e])?;
    let live: Vec<(usize, &Value)> = annotations
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, a)| a.get("was_cancelled").and_then(Value::as_bool) != Some(true))
        .collect();
    if live.len() > 1 {
        not_imported.push(format!(
            "{location}: {} {key}; the first was imported, the other {} were not",
            live.len(),
            live.len() - 1
        ));
    }
    if let Some(&(_, a)) = live.first()
        && options.predictions
        && !a.is_object()
    {
        // An export made without the predictions' content lists only their ids.
        not_imported.push(format!(
            "{location}: the predictions are listed by id only ({}); export the project \
             with its predictions to import them",
            describe(a)
        ));
    } else if let Some(&(k, a)) = live.first() {
        let a = Obj::new(a, &format!("{key}[{k}]")).map_err(|e| vec![e])?;
        annotator = if options.predictions {
            a.opt_str("model_version")
                .ok()
                .flatten()
                .unwrap_or("model")
                .to_string()
        } else {
            completed_by(a.get("completed_by"))
        };
        spans = results(&a, location, not_imported)?;
    }
    let status = if options.predictions {
        DocStatus::NotStarted
    } else if data.get("status").is_some() {
        parse_status(&data, "status").map_err(|e| vec![e])?
    } else if live.is_empty() {
        DocStatus::NotStarted
    } else {
        DocStatus::Done
    };
    Ok(Record {
        id: None,
        path: data
            .opt_str("path")
            .map_err(|e| vec![e])?
            .map(str::to_string),
        sha256: data
            .opt_str("sha256")
            .map_err(|e| vec![e])?
            .map(str::to_string),
        status,
        tags: data.strings("tags").map_err(|e| vec![e])?,
        annotator,
        spans,
        unit,
        text,
    })
}

/// The text of a task whose data has no `text`: its only string field.
fn only_string(data: &Obj) -> Result<String, Vec<FieldError>> {
    let strings: Vec<(&String, &str)> = data
        .map
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k, s)))
        .collect();
    match strings.as_slice() {
        [(_, s)] => Ok(s.to_string()),
        [] => Err(vec![data.error("text", "missing; the task holds no text")]),
        many => Err(vec![data.error(
            "text",
            format!(
                "missing, and the task has several text fields ({}); Hamesh reads data.text",
                many.iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )]),
    }
}

/// Who made an annotation: Label Studio writes a user id, or an object with an email.
fn completed_by(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => format!("user {n}"),
        Some(Value::Object(m)) => m
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

fn results(
    a: &Obj,
    location: &str,
    not_imported: &mut Vec<String>,
) -> Result<Vec<RawSpan>, Vec<FieldError>> {
    let mut spans = Vec::new();
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut other: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    let items = a.opt_array("result").map_err(|e| vec![e])?;
    for (i, r) in items.into_iter().flatten().enumerate() {
        let field = format!("{}[{i}]", a.field("result"));
        let r = match Obj::new(r, &field) {
            Ok(r) => r,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let kind = r.opt_str("type").ok().flatten().unwrap_or("");
        let id = r.opt_id("id").ok().flatten();
        let Some(value) = r.get("value") else {
            problems.push(r.error("value", "missing"));
            continue;
        };
        let value = match Obj::new(value, &r.field("value")) {
            Ok(v) => v,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        match kind {
            "labels" => match region(&r, &value, id.as_deref()) {
                Ok(mut s) => spans.append(&mut s),
                Err(e) => problems.push(e),
            },
            "textarea" => {
                let text = value.strings("text").unwrap_or_default().join("\n");
                match id {
                    Some(id) if !text.is_empty() => {
                        notes.insert(id, text);
                    }
                    _ => *other.entry("textarea without a region".into()).or_default() += 1,
                }
            }
            kind => *other.entry(kind.to_string()).or_default() += 1,
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for s in &mut spans {
        let region = s.id.as_deref().map(|id| id.split('#').next().unwrap_or(id));
        if let Some(note) = region.and_then(|id| notes.get(id))
            && s.note.is_empty()
        {
            s.note = note.clone();
        }
    }
    for (kind, n) in other {
        not_imported.push(format!(
            "{location}: {n} {kind:?} result(s), which are not spans, were not imported"
        ));
    }
    Ok(spans)
}

/// A `labels` result: one span per label it carries.
fn region(r: &Obj, value: &Obj, id: Option<&str>) -> Result<Vec<RawSpan>, FieldError> {
    let start = signed(value, "start")?;
    let end = signed(value, "end")?;
    let labels = value.strings("labels")?;
    if labels.is_empty() {
        return Err(value.error("labels", "is empty; a region needs a label"));
    }
    let quote = value.opt_str("text")?.map(str::to_string);
    let meta = r.get("meta");
    let entity = meta
        .and_then(|m| m.get("entity"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let note = meta
        .and_then(|m| m.get("text"))
        .map(|t| match t {
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
            Value::String(s) => s.clone(),
            _ => String::new(),
        })
        .unwrap_or_default();
    Ok(labels
        .into_iter()
        .enumerate()
        .map(|(k, label)| RawSpan {
            field: r.path.clone(),
            // A region with several labels gives several spans, each its own id.
            id: id.map(|id| {
                if k == 0 {
                    id.to_string()
                } else {
                    format!("{id}#{k}")
                }
            }),
            start,
            end,
            label,
            text: quote.clone(),
            note: note.clone(),
            annotator: None,
            entity: entity.clone(),
        })
        .collect())
}

/// An offset, with a message that says so when it is negative.
pub fn signed(o: &Obj, key: &str) -> Result<usize, FieldError> {
    match o.get(key).and_then(Value::as_i64) {
        Some(n) if n < 0 => Err(o.error(key, format!("{n} is negative; offsets count from 0"))),
        _ => o.usize(key),
    }
}
