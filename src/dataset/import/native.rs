//! Reading the native format (`hamesh-dataset`): its header, then each document's JSON text,
//! streamed without building the whole file as a value. The writer is
//! [`crate::dataset::export::native`].

use serde_json::value::RawValue;

use crate::annotate::Label;
use crate::dataset::{FORMAT_NAME, FORMAT_VERSION, OffsetUnit};

/// The header of a native file, as import reads it.
#[derive(Clone, Debug)]
pub struct NativeHeader {
    pub unit: OffsetUnit,
    pub labels: Vec<Label>,
    /// How many documents the file holds.
    pub documents: usize,
}

/// A readable message for a JSON syntax error.
pub fn syntax_message(e: &serde_json::Error) -> String {
    if e.is_eof() {
        format!(
            "the file ends too early, at line {} column {} (is it truncated?)",
            e.line(),
            e.column()
        )
    } else {
        e.to_string()
    }
}

/// Reads the top-level object; calls `on_doc` for each element of `documents` when given.
/// Returns the other top-level fields, and `documents` as the number of documents.
/// Each document is handed over as its JSON text, unparsed: the checks parse it on their own
/// threads.
struct Top<'f, 'a> {
    on_doc: Option<&'f mut dyn FnMut(usize, &'a RawValue)>,
}

struct Docs<'f, 'a> {
    on_doc: &'f mut dyn FnMut(usize, &'a RawValue),
}

impl<'a> serde::de::DeserializeSeed<'a> for Docs<'_, 'a> {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'a>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'a> serde::de::Visitor<'a> for Docs<'_, 'a> {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of documents")
    }
    fn visit_seq<A: serde::de::SeqAccess<'a>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut i = 0;
        while let Some(v) = seq.next_element::<&'a RawValue>()? {
            (self.on_doc)(i, v);
            i += 1;
        }
        Ok(i)
    }
}

/// Counts the documents without building them.
struct Count;

impl<'de> serde::de::DeserializeSeed<'de> for Count {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of documents")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            n += 1;
        }
        Ok(n)
    }
}

impl<'a> serde::de::DeserializeSeed<'a> for Top<'_, 'a> {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn deserialize<D: serde::Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'a> serde::de::Visitor<'a> for Top<'_, 'a> {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Hamesh dataset object")
    }
    fn visit_map<A: serde::de::MapAccess<'a>>(
        mut self,
        mut map: A,
    ) -> Result<Self::Value, A::Error> {
        let mut header = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "documents" {
                let count = match self.on_doc.as_mut() {
                    Some(f) => map.next_value_seed(Docs { on_doc: &mut **f })?,
                    None => map.next_value_seed(Count)?,
                };
                header.insert(key, serde_json::Value::from(count));
            } else {
                header.insert(key, map.next_value()?);
            }
        }
        Ok(header)
    }
}

fn read_top<'a>(
    bytes: &'a [u8],
    on_doc: Option<&mut dyn FnMut(usize, &'a RawValue)>,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let top = Top { on_doc }
        .deserialize(&mut de)
        .and_then(|t| de.end().map(|()| t))
        .map_err(|e| syntax_message(&e))?;
    Ok(top)
}

/// Reads and checks the header (the documents are skipped).
pub fn read_header(bytes: &[u8]) -> Result<NativeHeader, String> {
    let top = read_top(bytes, None)?;
    match top.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT_NAME) => {}
        Some(other) => {
            return Err(format!("its format is {other:?}, not {FORMAT_NAME:?}"));
        }
        None => {
            return Err(format!(
                "it has no \"format\": {FORMAT_NAME:?} header (doccano-style files are JSON Lines: \
                 name them .jsonl)"
            ));
        }
    }
    match top.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v >= 1 && v <= u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "format_version {v} is not one this Hamesh reads (1 to {FORMAT_VERSION}); \
                 update Hamesh"
            ));
        }
        None => return Err("format_version: missing or not an integer".into()),
    }
    let unit = top
        .get("offset_unit")
        .and_then(|u| u.as_str())
        .and_then(OffsetUnit::parse)
        .ok_or("offset_unit: missing, or not \"code_point\" or \"utf16\"")?;
    let labels: Vec<Label> = match top.get("labels") {
        None => Vec::new(),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("labels: {e}"))?,
    };
    crate::annotate::LabelSet {
        labels: labels.clone(),
    }
    .validate()
    .map_err(|e| format!("labels: {e}"))?;
    let Some(documents) = top.get("documents").and_then(|d| d.as_u64()) else {
        return Err("it has no \"documents\" array".into());
    };
    Ok(NativeHeader {
        unit,
        labels,
        documents: documents as usize,
    })
}

/// Calls `on_doc` with the JSON text of each document, in order (its syntax checked, its content
/// not yet).
pub fn read_documents<'a>(
    bytes: &'a [u8],
    on_doc: &mut dyn FnMut(usize, &'a RawValue),
) -> Result<(), String> {
    read_top(bytes, Some(on_doc)).map(|_| ())
}
