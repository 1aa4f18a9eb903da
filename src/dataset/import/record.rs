//! An imported document, read from a native document object or a jsonl line, and checked on
//! its own: types, bounds, quotes, ids, hash. What depends on the corpus (paths, labels,
//! existing annotations) is checked by [`crate::dataset::import`].

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;
use serde_json::value::RawValue;

use crate::annotate::span::{CONTEXT_CHARS, sha256_hex};
use crate::annotate::{DocStatus, Span, SpanId};
use crate::text::CharIndex;

use super::fields::{FieldError, Obj, as_usize, describe};
use super::foreign::{self, Foreign, ReadOptions};
use super::options::ImportFormat;
use super::{jsonl, native};
use crate::dataset::OffsetUnit;
use crate::dataset::offsets::{BadOffset, length_in, locate};

pub use super::types::{Checked, RawSpan, Record};

const DOC_FIELDS: &[&str] = &[
    "id",
    "path",
    "sha256",
    "encoding",
    "language",
    "direction",
    "length",
    "status",
    "tags",
    "annotator",
    "text",
    "spans",
];
const SPAN_FIELDS: &[&str] = &[
    "id",
    "start",
    "end",
    "label",
    "text",
    "note",
    "annotator",
    "entity",
];

pub fn parse_status(o: &Obj, key: &str) -> Result<DocStatus, FieldError> {
    match o.opt_str(key)? {
        None | Some("not_started") => Ok(DocStatus::NotStarted),
        Some("in_progress") => Ok(DocStatus::InProgress),
        Some("done") => Ok(DocStatus::Done),
        Some("skipped") => Ok(DocStatus::Skipped),
        Some(other) => Err(o.error(
            key,
            format!(
                "{other:?} is not a status; expected not_started, in_progress, done or skipped"
            ),
        )),
    }
}

fn parse_spans(o: &Obj, key: &str) -> Result<Vec<RawSpan>, FieldError> {
    let Some(items) = o.opt_array(key)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        let field = format!("{}[{i}]", o.field(key));
        let s = Obj::new(v, &field)?;
        s.only(SPAN_FIELDS)?;
        out.push(RawSpan {
            id: s.opt_id("id")?,
            start: s.usize("start")?,
            end: s.usize("end")?,
            label: s.str("label")?.to_string(),
            text: s.opt_str("text")?.map(str::to_string),
            note: s.opt_str("note")?.unwrap_or("").to_string(),
            annotator: s.opt_str("annotator")?.map(str::to_string),
            entity: s.opt_str("entity")?.map(str::to_string),
            field,
        });
    }
    Ok(out)
}

fn check_length(o: &Obj, text: &str, unit: OffsetUnit) -> Result<(), FieldError> {
    if let Some(n) = o.opt_usize("length")? {
        let real = length_in(text, unit);
        if n != real {
            return Err(o.error(
                "length",
                format!("is {n} but the text is {real} {} long", unit.name()),
            ));
        }
    }
    Ok(())
}

/// A document object of the native format; offsets count `unit` (the header's).
pub fn from_native(v: &Value, unit: OffsetUnit) -> Result<Record, FieldError> {
    let o = Obj::new(v, "")?;
    o.only(DOC_FIELDS)?;
    let text = o.str("text")?.to_string();
    check_length(&o, &text, unit)?;
    Ok(Record {
        id: o.opt_id("id")?,
        path: Some(o.str("path")?.to_string()),
        sha256: o.opt_str("sha256")?.map(str::to_string),
        status: parse_status(&o, "status")?,
        tags: o.strings("tags")?,
        annotator: o.opt_str("annotator")?.unwrap_or("").to_string(),
        spans: parse_spans(&o, "spans")?,
        unit,
        text,
    })
}

/// A jsonl line: doccano's `text` and `label`, with Hamesh's fields when present. Other
/// fields (doccano adds some) are ignored.
///
/// A line with both `label` and `spans` that disagree went through another tool after
/// Hamesh exported it (doccano edits `label` and carries `spans` along unchanged): it is refused
/// with a message saying so, unless `prefer_label`, which takes `label`'s spans and keeps the
/// ids, notes and entities of those `spans` still lists.
pub fn from_jsonl(
    v: &Value,
    default_unit: OffsetUnit,
    prefer_label: bool,
) -> Result<Record, FieldError> {
    let o = Obj::new(v, "")?;
    let unit = match o.opt_str("offset_unit")? {
        None => default_unit,
        Some(u) => OffsetUnit::parse(u)
            .ok_or_else(|| o.error("offset_unit", format!("{u:?} is not code_point or utf16")))?,
    };
    let text = o.str("text")?.to_string();
    check_length(&o, &text, unit)?;
    let mut triples = Vec::new();
    if let Some(items) = o.opt_array("label")? {
        for (i, item) in items.iter().enumerate() {
            let field = format!("label[{i}]");
            let bad = || FieldError {
                field: field.clone(),
                message: format!("expected [start, end, \"LABEL\"], found {}", describe(item)),
            };
            let Some([s, e, l]) = item.as_array().map(Vec::as_slice) else {
                return Err(bad());
            };
            for (name, v) in [("start", s), ("end", e)] {
                if let Some(n) = v.as_i64().filter(|&n| n < 0) {
                    return Err(FieldError {
                        field: field.clone(),
                        message: format!("the {name} offset {n} is negative; offsets count from 0"),
                    });
                }
            }
            let (Some(s), Some(e), Some(l)) = (as_usize(s), as_usize(e), l.as_str()) else {
                return Err(bad());
            };
            triples.push((s, e, l.to_string(), field));
        }
    }
    let mut spans = parse_spans(&o, "spans")?;
    if o.get("spans").is_some() {
        let mut a: Vec<(usize, usize, &str)> = spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        let mut b: Vec<(usize, usize, &str)> =
            triples.iter().map(|t| (t.0, t.1, t.2.as_str())).collect();
        a.sort_unstable();
        b.sort_unstable();
        if o.get("label").is_some() && a != b && !prefer_label {
            return Err(o.error(
                "label",
                format!(
                    "lists other spans than \"spans\" ({} against {}): \"spans\" is the copy \
                     Hamesh wrote when it exported the file and \"label\" is what doccano \
                     edits, so \"label\" is the newer one; import with --prefer-label to take \
                     its spans (the ids and notes of spans that did not change are kept)",
                    b.len(),
                    a.len()
                ),
            ));
        }
        if o.get("label").is_some() && a != b {
            let old = std::mem::take(&mut spans);
            spans = triples
                .into_iter()
                .map(|(start, end, label, field)| {
                    let kept = old
                        .iter()
                        .find(|s| s.start == start && s.end == end && s.label == label);
                    RawSpan {
                        field,
                        id: kept.and_then(|s| s.id.clone()),
                        start,
                        end,
                        label,
                        text: None,
                        note: kept.map(|s| s.note.clone()).unwrap_or_default(),
                        annotator: None,
                        entity: kept.and_then(|s| s.entity.clone()),
                    }
                })
                .collect();
        }
    } else {
        spans = triples
            .into_iter()
            .map(|(start, end, label, field)| RawSpan {
                field,
                id: None,
                start,
                end,
                label,
                text: None,
                note: String::new(),
                annotator: None,
                entity: None,
            })
            .collect();
    }
    Ok(Record {
        id: o.opt_id("id")?,
        path: o.opt_str("path")?.map(str::to_string),
        sha256: o.opt_str("sha256")?.map(str::to_string),
        status: parse_status(&o, "status")?,
        tags: o.strings("tags")?,
        annotator: o.opt_str("annotator")?.unwrap_or("").to_string(),
        spans,
        unit,
        text,
    })
}

/// Byte offset `n` characters before `byte` in `text` (or 0).
fn back_chars(text: &str, byte: usize, n: usize) -> usize {
    text[..byte]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(b, _)| b)
}

/// Byte offset `n` characters after `byte` in `text` (or its end).
fn forward_chars(text: &str, byte: usize, n: usize) -> usize {
    text[byte..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(b, _)| byte + b)
}

/// When some offsets do not fit in the record's unit: whether they all fit in the other, every
/// quote included, which says the file counts in that unit.
fn other_unit_fits(rec: &Record) -> Option<String> {
    let other = match rec.unit {
        OffsetUnit::CodePoint => OffsetUnit::Utf16,
        OffsetUnit::Utf16 => OffsetUnit::CodePoint,
    };
    let positions: Vec<usize> = rec.spans.iter().flat_map(|s| [s.start, s.end]).collect();
    let places = locate(&rec.text, other, &positions).ok()?;
    let quoted = rec.spans.iter().filter(|s| s.text.is_some()).count();
    let fits = rec.spans.iter().enumerate().all(|(k, s)| {
        let (a, b) = (places[2 * k], places[2 * k + 1]);
        a.byte < b.byte
            && s.text
                .as_ref()
                .is_none_or(|t| *t == rec.text[a.byte..b.byte])
    });
    let what = match other {
        OffsetUnit::Utf16 => "UTF-16 code units (as JavaScript counts)",
        OffsetUnit::CodePoint => "code points (as Python counts)",
    };
    (fits && !rec.spans.is_empty()).then(|| {
        let evidence = if quoted > 0 {
            format!("with {quoted} quote(s) matching")
        } else {
            "the file gives no quotes to confirm it".to_string()
        };
        format!(
            "every offset fits when counted in {what}, {evidence}: the file seems to use that \
             unit, not {}; import it with --offset-unit {}",
            rec.unit.name(),
            other.name()
        )
    })
}

/// Checks a record on its own and converts its spans to code points. Every problem found is
/// returned, not only the first.
pub fn check(rec: Record) -> Result<Checked, Vec<FieldError>> {
    let mut problems = Vec::new();
    let err = |field: &str, message: String| FieldError {
        field: field.to_string(),
        message,
    };
    if rec.text.contains('\0') {
        problems.push(err(
            "text",
            "holds a NUL character; Hamesh reads it as binary".into(),
        ));
    }
    let sha256 = sha256_hex(&rec.text);
    if let Some(given) = &rec.sha256
        && !given.eq_ignore_ascii_case(&sha256)
    {
        problems.push(err(
            "sha256",
            format!("{given} is not the SHA-256 of the text ({sha256}); the text was changed after export"),
        ));
    }
    let positions: Vec<usize> = rec.spans.iter().flat_map(|s| [s.start, s.end]).collect();
    // Locate every offset; on a bad one, locate the spans one by one to name each bad field.
    let places = match locate(&rec.text, rec.unit, &positions) {
        Ok(p) => p.into_iter().map(Some).collect(),
        Err(_) => positions
            .iter()
            .map(|&p| locate(&rec.text, rec.unit, &[p]).ok().map(|v| v[0]))
            .collect::<Vec<_>>(),
    };
    let mut ids = HashSet::new();
    let mut spans = Vec::with_capacity(rec.spans.len());
    let mut next = 1u64;
    let unit = rec.unit.name();
    for (k, raw) in rec.spans.iter().enumerate() {
        let f = |name: &str| format!("{}.{name}", raw.field);
        let before = problems.len();
        if raw.label.trim().is_empty() {
            problems.push(err(&f("label"), "is empty".into()));
        }
        if raw.start >= raw.end {
            problems.push(err(
                &f("end"),
                format!(
                    "{} is not after start {}; a span holds at least one character",
                    raw.end, raw.start
                ),
            ));
        }
        for (name, value, place) in [
            ("start", raw.start, places[2 * k]),
            ("end", raw.end, places[2 * k + 1]),
        ] {
            if place.is_none() {
                let why = match locate(&rec.text, rec.unit, &[value]) {
                    Err(BadOffset::InsideCharacter { .. }) => {
                        "falls between the two UTF-16 units of one character".to_string()
                    }
                    _ => format!(
                        "is past the end of the text ({} {unit} long)",
                        length_in(&rec.text, rec.unit)
                    ),
                };
                problems.push(err(&f(name), format!("{value} {why}")));
            }
        }
        if let Some(id) = &raw.id
            && (id.is_empty() || !ids.insert(id.clone()))
        {
            problems.push(err(
                &f("id"),
                format!("{id:?} is empty or used twice in this document"),
            ));
        }
        if let Some(a) = &raw.annotator
            && !a.is_empty()
            && *a != rec.annotator
        {
            problems.push(err(
                &f("annotator"),
                format!("{a:?} differs from the document's annotator {:?}; Hamesh keeps one annotator per document", rec.annotator),
            ));
        }
        if problems.len() > before {
            continue;
        }
        let (Some(s), Some(e)) = (places[2 * k], places[2 * k + 1]) else {
            continue;
        };
        let quote = &rec.text[s.byte..e.byte];
        if let Some(t) = &raw.text
            && t != quote
        {
            problems.push(err(
                &f("text"),
                format!(
                    "is {t:?} but the text between {} and {} ({unit}) is {quote:?}",
                    raw.start, raw.end
                ),
            ));
            continue;
        }
        spans.push(Span {
            id: SpanId(raw.id.clone().unwrap_or_default()),
            start: CharIndex(s.char),
            end: CharIndex(e.char),
            label: raw.label.clone(),
            text: quote.to_string(),
            prefix: rec.text[back_chars(&rec.text, s.byte, CONTEXT_CHARS)..s.byte].to_string(),
            suffix: rec.text[e.byte..forward_chars(&rec.text, e.byte, CONTEXT_CHARS)].to_string(),
            note: raw.note.clone(),
            entity: raw.entity.clone(),
        });
    }
    if !problems.is_empty() {
        if let Some(hint) = other_unit_fits(&rec) {
            problems.push(err("", hint));
        }
        return Err(problems);
    }
    // Spans without an id get fresh ones that clash with none given.
    for s in spans.iter_mut().filter(|s| s.id.0.is_empty()) {
        while ids.contains(&format!("s{next}")) {
            next += 1;
        }
        s.id = SpanId(format!("s{next}"));
        ids.insert(s.id.0.clone());
    }
    Ok(Checked {
        id: rec.id,
        path: rec.path,
        sha256,
        text: rec.text,
        status: rec.status,
        tags: rec.tags,
        annotator: rec.annotator,
        spans,
    })
}

/// Records handed to the checks at a time (and so held in memory at a time).
pub const BATCH: usize = 256;

/// A record as read, not yet parsed: a native document's JSON text (parsed by the checks, on
/// their threads), a jsonl line's JSON (or why it is none) with its line number, or a
/// document of another tool's file, already read.
pub enum Doc<'a> {
    Native(&'a RawValue),
    Line(usize, Result<serde_json::Value, String>),
    Foreign(Foreign),
}

/// A record and its index in the file.
pub type Raw<'a> = (usize, Doc<'a>);

/// Reads the records of `bytes` (or, for a brat folder, of the folder at `source`) in order
/// and hands them over in batches. Returns how many, and what another tool's file held that
/// is not imported.
pub fn read_batches<'a>(
    bytes: &'a [u8],
    source: &Path,
    format: ImportFormat,
    options: ReadOptions,
    on_batch: &mut dyn FnMut(Vec<Raw<'a>>),
) -> Result<(usize, Vec<String>), String> {
    let mut pending: Vec<Raw<'a>> = Vec::with_capacity(BATCH);
    let mut not_imported = Vec::new();
    let mut n = 0;
    let mut push = |item: Raw<'a>| {
        n += 1;
        pending.push(item);
        if pending.len() == BATCH {
            on_batch(std::mem::replace(&mut pending, Vec::with_capacity(BATCH)));
        }
    };
    match format {
        ImportFormat::Json => native::read_documents(bytes, &mut |i, raw| {
            push((i, Doc::Native(raw)));
        })?,
        ImportFormat::Jsonl => {
            let mut i = 0;
            jsonl::read_lines(bytes, &mut |line, v| {
                push((i, Doc::Line(line, v)));
                i += 1;
            });
        }
        ImportFormat::LabelStudio
        | ImportFormat::Brat
        | ImportFormat::Conll
        | ImportFormat::Spacy => {
            let read = match format {
                ImportFormat::LabelStudio => foreign::label_studio::read(bytes, options)?,
                ImportFormat::Brat => foreign::brat::read(source, options)?,
                ImportFormat::Conll => foreign::conll::read(bytes, options)?,
                _ => foreign::spacy::read(bytes, options),
            };
            for (i, doc) in read.documents.into_iter().enumerate() {
                push((i, Doc::Foreign(doc)));
            }
            not_imported = read.not_imported;
        }
    }
    if !pending.is_empty() {
        on_batch(pending);
    }
    Ok((n, not_imported))
}

/// Reads and checks record `index`: where it is (for messages) and what it holds. A native
/// document is read by the fast typed reader first, and field by field when that declines (the
/// field reader then names the problem).
pub fn read_record(
    index: usize,
    doc: Doc,
    unit: OffsetUnit,
    prefer_label: bool,
) -> (String, Result<Checked, Vec<FieldError>>) {
    let location = |path: &str| format!("document {} ({path})", index + 1);
    match doc {
        Doc::Native(raw) => {
            if let Some(rec) = super::typed::from_native_json(raw.get(), unit) {
                let place = location(rec.path.as_deref().unwrap_or(""));
                return (place, check(rec));
            }
            let v = serde_json::from_str::<Value>(raw.get()).map_err(|e| e.to_string());
            let path = v
                .as_ref()
                .ok()
                .and_then(|v| v.get("path"))
                .and_then(|p| p.as_str())
                .unwrap_or("");
            let place = location(path);
            (place, to_checked(v, ImportFormat::Json, unit, prefer_label))
        }
        Doc::Line(line, v) => (
            format!("line {line}"),
            to_checked(v, ImportFormat::Jsonl, unit, prefer_label),
        ),
        Doc::Foreign(f) => (f.location, f.record.and_then(check)),
    }
}

/// Checks one record on its own.
pub fn to_checked(
    v: Result<serde_json::Value, String>,
    format: ImportFormat,
    unit: OffsetUnit,
    prefer_label: bool,
) -> Result<Checked, Vec<FieldError>> {
    let v = v.map_err(|message| {
        vec![FieldError {
            field: String::new(),
            message,
        }]
    })?;
    match format {
        ImportFormat::Jsonl => from_jsonl(&v, unit, prefer_label),
        _ => from_native(&v, unit),
    }
    .map_err(|e| vec![e])
    .and_then(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_matches_make_span() {
        let text = "وقال الرئيس فلاديمير بوتين إن روسيا ستواصل التعاون مع حركة طالبان في أفغانستان";
        let map = crate::text::offsets::CharMap::new(text);
        let made = crate::annotate::span::make_span(
            text,
            &map,
            SpanId("s1".into()),
            CharIndex(30)..CharIndex(35),
            "GPE",
        );
        let rec = Record {
            text: text.into(),
            spans: vec![RawSpan {
                field: "spans[0]".into(),
                id: Some("s1".into()),
                start: 30,
                end: 35,
                label: "GPE".into(),
                text: None,
                note: String::new(),
                annotator: None,
                entity: None,
            }],
            ..Record::default()
        };
        assert_eq!(check(rec).unwrap().spans, vec![made]);
    }
}
