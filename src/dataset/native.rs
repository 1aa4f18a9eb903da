//! The native format, `hamesh-dataset`: one JSON file, a header then the documents.
//!
//! The layout is fixed so exports diff well and compare byte for byte: two-space indentation,
//! one field per line, each label and each span a compact object on one line. The documents are
//! streamed to a temporary body file while the export runs, and the final file is the header
//! (whose label list is complete only at the end) followed by that body.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::value::RawValue;

use crate::annotate::{Label, Span};

use super::collect::{PreparedDoc, check_spans};
use super::export::{ExportError, Header, Sink, Summary};
use super::offsets::length_in;
use super::output::AtomicFile;
use super::{FORMAT_NAME, FORMAT_VERSION, OffsetUnit};

/// A span as the native format and the jsonl format write it.
#[derive(Serialize)]
pub struct SpanOut<'a> {
    pub id: &'a str,
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub text: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub note: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub annotator: &'a str,
}

impl<'a> SpanOut<'a> {
    pub fn new(span: &'a Span, (start, end): (usize, usize), annotator: &'a str) -> SpanOut<'a> {
        SpanOut {
            id: &span.id.0,
            start,
            end,
            label: &span.label,
            text: &span.text,
            note: &span.note,
            annotator,
        }
    }
}

/// The body file, removed whatever happens.
struct Body {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Drop for Body {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

struct NativeSink {
    output: PathBuf,
    created: String,
    unit: OffsetUnit,
    body: Body,
    count: usize,
}

pub fn sink(output: &Path, header: &Header) -> Result<Box<dyn Sink>, ExportError> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset.json".into());
    let path = output.with_file_name(format!(".{name}.body-{}", std::process::id()));
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| ExportError::write(dir, e))?;
    }
    let file = File::create(&path).map_err(|e| ExportError::write(&path, e))?;
    Ok(Box::new(NativeSink {
        output: output.to_path_buf(),
        created: header.created.clone(),
        unit: header.unit,
        body: Body {
            path,
            out: BufWriter::with_capacity(1 << 20, file),
        },
        count: 0,
    }))
}

/// `"key": value` with JSON escaping.
fn json<T: Serialize + ?Sized>(v: &T) -> String {
    // Strings, numbers and plain structs always serialise.
    serde_json::to_string(v).unwrap_or_default()
}

/// Writes one document at the given indentation (the native body and tests use it).
pub fn write_document(
    w: &mut impl Write,
    doc: &PreparedDoc,
    unit: OffsetUnit,
    ranges: &[(usize, usize)],
) -> std::io::Result<()> {
    let fields: [(&str, String); 11] = [
        ("id", json(&doc.path)),
        ("path", json(&doc.path)),
        ("sha256", json(&doc.sha256)),
        ("encoding", json(doc.encoding)),
        ("language", json(doc.language)),
        ("direction", json(doc.direction)),
        ("length", length_in(&doc.text, unit).to_string()),
        ("status", json(&doc.status)),
        ("tags", json(&doc.tags)),
        ("annotator", json(&doc.annotator)),
        ("text", json(&doc.text)),
    ];
    w.write_all(b"    {\n")?;
    for (k, v) in &fields {
        writeln!(w, "      \"{k}\": {v},")?;
    }
    if doc.spans.is_empty() {
        w.write_all(b"      \"spans\": []\n    }")?;
        return Ok(());
    }
    w.write_all(b"      \"spans\": [\n")?;
    for (i, (span, &r)) in doc.spans.iter().zip(ranges).enumerate() {
        w.write_all(b"        ")?;
        serde_json::to_writer(&mut *w, &SpanOut::new(span, r, &doc.annotator))?;
        w.write_all(if i + 1 < doc.spans.len() {
            b",\n"
        } else {
            b"\n"
        })?;
    }
    w.write_all(b"      ]\n    }")
}

/// Writes the header up to and including `"documents": [`.
pub fn write_header(
    w: &mut impl Write,
    created: &str,
    unit: OffsetUnit,
    labels: &[Label],
) -> std::io::Result<()> {
    writeln!(w, "{{")?;
    writeln!(w, "  \"format\": {},", json(FORMAT_NAME))?;
    writeln!(w, "  \"format_version\": {FORMAT_VERSION},")?;
    writeln!(w, "  \"app_version\": {},", json(env!("CARGO_PKG_VERSION")))?;
    writeln!(w, "  \"created\": {},", json(created))?;
    writeln!(w, "  \"offset_unit\": {},", json(unit.name()))?;
    if labels.is_empty() {
        writeln!(w, "  \"labels\": [],")?;
    } else {
        writeln!(w, "  \"labels\": [")?;
        for (i, l) in labels.iter().enumerate() {
            let sep = if i + 1 < labels.len() { "," } else { "" };
            writeln!(w, "    {}{sep}", json(l))?;
        }
        writeln!(w, "  ],")?;
    }
    write!(w, "  \"documents\": [")
}

impl Sink for NativeSink {
    fn document(&mut self, doc: &PreparedDoc, _summary: &mut Summary) -> Result<(), ExportError> {
        let ranges = check_spans(&doc.path, &doc.text, &doc.spans, self.unit)?;
        let w = &mut self.body.out;
        let io = |e| ExportError::write(&self.body.path, e);
        if self.count > 0 {
            w.write_all(b",\n").map_err(io)?;
        }
        write_document(w, doc, self.unit, &ranges).map_err(io)?;
        self.count += 1;
        Ok(())
    }

    fn finish(
        self: Box<Self>,
        labels: &[Label],
        _summary: &mut Summary,
    ) -> Result<(), ExportError> {
        let NativeSink {
            output,
            created,
            unit,
            mut body,
            count,
        } = *self;
        body.out
            .flush()
            .map_err(|e| ExportError::write(&body.path, e))?;
        let io = |e| ExportError::write(&output, e);
        let mut out = AtomicFile::create(&output).map_err(io)?;
        let w = out.writer();
        write_header(w, &created, unit, labels).map_err(io)?;
        if count > 0 {
            w.write_all(b"\n").map_err(io)?;
            let mut src = File::open(&body.path).map_err(|e| ExportError::write(&body.path, e))?;
            std::io::copy(&mut src, w).map_err(io)?;
            w.write_all(b"\n  ").map_err(io)?;
        }
        w.write_all(b"]\n}\n").map_err(io)?;
        out.commit().map_err(io)
    }
}

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
