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

use crate::annotate::{Label, Span};

use super::collect::check_spans;
use super::sink::{ExportError, Header, PreparedDoc, Sink, Summary};
use crate::dataset::offsets::length_in;
use crate::dataset::output::AtomicFile;
use crate::dataset::{FORMAT_NAME, FORMAT_VERSION, OffsetUnit};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<&'a str>,
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
            entity: span.entity.as_deref(),
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
    let furniture = doc.furniture_in(unit);
    if !furniture.is_empty() {
        writeln!(w, "      \"furniture\": {},", json(&furniture))?;
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
