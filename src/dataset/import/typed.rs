//! A fast reading of native document objects, straight from their JSON text into a
//! [`Record`], without building a `serde_json::Value` tree first.
//!
//! Importing 10,000 documents spent most of its time building and dropping JSON values (a
//! third of it in malloc and free). This reader deserialises each document into borrowed, typed
//! structures instead, and is strict: it accepts only documents the field-by-field reader
//! ([`super::record::from_native`]) accepts, and gives the same record for them. Anything else
//! (a missing or misspelt field, a wrong type, a length that does not match, an unknown status)
//! makes it return `None`, and the caller reads the document again field by field, which names
//! the problem precisely.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::annotate::DocStatus;

use super::types::{RawSpan, Record};
use crate::dataset::OffsetUnit;
use crate::dataset::offsets::length_in;

/// An id: a string, or a number kept as it is written.
struct Id(String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Id, E> {
                Ok(Id(s.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Id, E> {
                Ok(Id(serde_json::Number::from(n).to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Id, E> {
                Ok(Id(serde_json::Number::from(n).to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Id, E> {
                serde_json::Number::from_f64(n)
                    .map(|n| Id(n.to_string()))
                    .ok_or_else(|| E::custom("not a finite number"))
            }
        }
        d.deserialize_any(V)
    }
}

/// `T` read from a JSON object only: serde's derived structures also accept arrays (fields by
/// position), which the field-by-field reader refuses.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Object<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Object<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanIn<'a> {
    #[serde(default)]
    id: Option<Id>,
    start: u64,
    end: u64,
    #[serde(borrow)]
    label: Cow<'a, str>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    note: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    annotator: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    entity: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocIn<'a> {
    #[serde(default)]
    id: Option<Id>,
    #[serde(borrow)]
    path: Cow<'a, str>,
    #[serde(borrow, default)]
    sha256: Option<Cow<'a, str>>,
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted as a known field of the record, never read"
    )]
    encoding: Option<IgnoredAny>,
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted as a known field of the record, never read"
    )]
    language: Option<IgnoredAny>,
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted as a known field of the record, never read"
    )]
    direction: Option<IgnoredAny>,
    #[serde(default)]
    length: Option<u64>,
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    tags: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow, default)]
    annotator: Option<Cow<'a, str>>,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    spans: Option<Vec<Object<SpanIn<'a>>>>,
}

fn usize_of(n: u64) -> Option<usize> {
    usize::try_from(n).ok()
}

/// The record of a native document object given as JSON text, or `None` when the field-by-field
/// reader must look at it (it then reports what is wrong, or reads what this reader does not).
pub fn from_native_json(json: &str, unit: OffsetUnit) -> Option<Record> {
    let Object(doc) = serde_json::from_str::<Object<DocIn>>(json).ok()?;
    if let Some(n) = doc.length
        && usize_of(n)? != length_in(&doc.text, unit)
    {
        return None;
    }
    let status = match doc.status.as_deref() {
        None | Some("not_started") => DocStatus::NotStarted,
        Some("in_progress") => DocStatus::InProgress,
        Some("done") => DocStatus::Done,
        Some("skipped") => DocStatus::Skipped,
        Some(_) => return None,
    };
    let mut spans = Vec::with_capacity(doc.spans.as_ref().map_or(0, Vec::len));
    for (i, Object(s)) in doc.spans.into_iter().flatten().enumerate() {
        spans.push(RawSpan {
            field: format!("spans[{i}]"),
            id: s.id.map(|i| i.0),
            start: usize_of(s.start)?,
            end: usize_of(s.end)?,
            label: s.label.into_owned(),
            text: s.text.map(Cow::into_owned),
            note: s.note.map(Cow::into_owned).unwrap_or_default(),
            annotator: s.annotator.map(Cow::into_owned),
            entity: s.entity.map(Cow::into_owned),
        });
    }
    Some(Record {
        id: doc.id.map(|i| i.0),
        path: Some(doc.path.into_owned()),
        sha256: doc.sha256.map(Cow::into_owned),
        text: doc.text.into_owned(),
        status,
        tags: doc
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(Cow::into_owned)
            .collect(),
        annotator: doc.annotator.map(Cow::into_owned).unwrap_or_default(),
        spans,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::import::record::from_native;

    /// What the field-by-field reader makes of `json`, printed for comparison.
    fn slow(json: &str, unit: OffsetUnit) -> Result<String, String> {
        let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        from_native(&v, unit)
            .map(|r| format!("{r:?}"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_what_the_field_reader_reads_and_the_same_way() {
        let docs = [
            r#"{"path": "a.txt", "text": "سلام دنیا", "spans": [{"start": 0, "end": 4, "label": "PER"}]}"#,
            r#"{"id": 7, "path": "a.txt", "sha256": "00", "encoding": "utf-8", "language": "fa",
                "direction": "rtl", "length": 9, "status": "done", "tags": ["x", "y"],
                "annotator": "m", "text": "سلام دنیا",
                "spans": [{"id": "s1", "start": 5, "end": 9, "label": "LOC", "text": "دنیا",
                           "note": "n", "annotator": "z"}]}"#,
            r#"{"id": "d", "path": "b\\c.txt", "text": "a\"b\u0628", "status": null, "tags": null,
                "spans": null, "annotator": null}"#,
            r#"{"id": 1.5, "path": "a.txt", "text": "x", "length": 1}"#,
            r#"{"path": "a.txt", "text": "😀ab", "length": 4, "spans": [{"start": 2, "end": 4, "label": "X", "id": -3}]}"#,
        ];
        let mut read = 0;
        for json in docs {
            let unit = if json.contains('😀') {
                OffsetUnit::Utf16
            } else {
                OffsetUnit::CodePoint
            };
            match from_native_json(json, unit) {
                Some(r) => {
                    read += 1;
                    assert_eq!(Ok(format!("{r:?}")), slow(json, unit), "{json}");
                }
                // Only where the field reader has something to say.
                None => assert!(slow(json, unit).is_err(), "{json}"),
            }
        }
        assert_eq!(
            read,
            docs.len(),
            "the fast reader reads every valid document"
        );
    }

    #[test]
    fn leaves_every_problem_to_the_field_reader() {
        let bad = [
            r#"{"path": "a.txt"}"#,
            r#"{"text": "x"}"#,
            r#"{"path": null, "text": "x"}"#,
            r#"{"path": "a.txt", "text": "x", "colour": 1}"#,
            r#"{"path": "a.txt", "text": "x", "length": 2}"#,
            r#"{"path": "a.txt", "text": "x", "length": -1}"#,
            r#"{"path": "a.txt", "text": "x", "status": "finished"}"#,
            r#"{"path": "a.txt", "text": "x", "tags": [1]}"#,
            r#"{"path": "a.txt", "text": "x", "id": true}"#,
            r#"{"path": "a.txt", "text": "x", "spans": [{"start": "0", "end": 1, "label": "A"}]}"#,
            r#"{"path": "a.txt", "text": "x", "spans": [{"start": 0, "end": 1}]}"#,
            r#"{"path": "a.txt", "text": "x", "spans": [{"start": 0, "end": 1, "label": "A", "x": 1}]}"#,
            r#"{"path": "a.txt", "text": "x", "spans": [{"start": 0.5, "end": 1, "label": "A"}]}"#,
            r#"{"path": "a.txt", "text": "x", "spans": {}}"#,
            r#"{"path": "a.txt", "path": "b.txt", "text": "x"}"#,
            r#"[1, 2]"#,
            // Fields by position: serde's structures would take them, the field reader does not.
            r#"[null, "a.txt", null, null, null, null, null, null, null, null, "x", null]"#,
            r#"{"path": "a.txt", "text": "x", "spans": [[null, 0, 1, "A", null, null, null]]}"#,
        ];
        for json in bad {
            assert!(
                from_native_json(json, OffsetUnit::CodePoint).is_none(),
                "{json}"
            );
        }
    }

    /// Every document of the golden native exports (the samples and the hard cases, in code
    /// points and in UTF-16) is read by the fast reader, exactly as the field reader reads it.
    #[test]
    fn reads_the_golden_exports_as_the_field_reader_does() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dataset/golden");
        let mut documents = 0;
        for name in [
            "samples.json",
            "samples.utf16.json",
            "hard.json",
            "hard.utf16.json",
        ] {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            let header = crate::dataset::import::native::read_header(&bytes).unwrap();
            crate::dataset::import::native::read_documents(&bytes, &mut |i, raw| {
                let fast = from_native_json(raw.get(), header.unit)
                    .unwrap_or_else(|| panic!("{name}: document {i} declined"));
                assert_eq!(
                    Ok(format!("{fast:?}")),
                    slow(raw.get(), header.unit),
                    "{name}: {i}"
                );
                documents += 1;
            })
            .unwrap();
        }
        assert!(documents >= 20, "{documents} documents");
    }
}
