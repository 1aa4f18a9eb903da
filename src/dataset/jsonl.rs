//! JSON Lines in doccano's sequence-labelling shape: one document per line,
//! `{"id": …, "text": …, "label": [[start, end, "LABEL"], …], …metadata, "spans": […]}`.
//!
//! `label` is what doccano (and most converters) read; `spans` repeats each span with its id,
//! quote and note so a Hamesh import loses nothing. Both count the same unit, which every line
//! names in `offset_unit`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::annotate::{DocStatus, Label};

use super::OffsetUnit;
use super::collect::{PreparedDoc, check_spans};
use super::export::{ExportError, Header, Sink, Summary};
use super::native::SpanOut;
use super::offsets::length_in;
use super::output::AtomicFile;

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    path: &'a str,
    sha256: &'a str,
    encoding: &'a str,
    language: &'a str,
    direction: &'a str,
    offset_unit: &'a str,
    length: usize,
    status: DocStatus,
    tags: &'a [String],
    annotator: &'a str,
    spans: Vec<SpanOut<'a>>,
}

struct JsonlSink {
    path: PathBuf,
    out: AtomicFile,
    unit: OffsetUnit,
}

pub fn sink(output: &Path, header: &Header) -> Result<Box<dyn Sink>, ExportError> {
    let out = AtomicFile::create(output).map_err(|e| ExportError::write(output, e))?;
    Ok(Box::new(JsonlSink {
        path: output.to_path_buf(),
        out,
        unit: header.unit,
    }))
}

impl Sink for JsonlSink {
    fn document(&mut self, doc: &PreparedDoc, _summary: &mut Summary) -> Result<(), ExportError> {
        let ranges = check_spans(&doc.path, &doc.text, &doc.spans, self.unit)?;
        let line = Line {
            id: &doc.path,
            text: &doc.text,
            label: doc
                .spans
                .iter()
                .zip(&ranges)
                .map(|(s, &(a, b))| (a, b, s.label.as_str()))
                .collect(),
            path: &doc.path,
            sha256: &doc.sha256,
            encoding: doc.encoding,
            language: doc.language,
            direction: doc.direction,
            offset_unit: self.unit.name(),
            length: length_in(&doc.text, self.unit),
            status: doc.status,
            tags: &doc.tags,
            annotator: &doc.annotator,
            spans: doc
                .spans
                .iter()
                .zip(&ranges)
                .map(|(s, &r)| SpanOut::new(s, r, &doc.annotator))
                .collect(),
        };
        let w = self.out.writer();
        serde_json::to_writer(&mut *w, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| w.write_all(b"\n"))
            .map_err(|e| ExportError::write(&self.path, e))
    }

    fn finish(
        self: Box<Self>,
        _labels: &[Label],
        _summary: &mut Summary,
    ) -> Result<(), ExportError> {
        self.out
            .commit()
            .map_err(|e| ExportError::write(&self.path, e))
    }
}

/// Calls `on_line` with each non-blank line's number (from 1) and its JSON value, or why it is
/// not JSON. Returns the number of records.
pub fn read_lines(
    bytes: &[u8],
    on_line: &mut dyn FnMut(usize, Result<serde_json::Value, String>),
) -> usize {
    let mut n = 0;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        n += 1;
        let line = if i == 0 {
            line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line)
        } else {
            line
        };
        on_line(
            i + 1,
            serde_json::from_slice(line).map_err(|e| {
                let why = if e.is_eof() {
                    "the line ends before the object does".to_string()
                } else {
                    e.to_string()
                };
                format!("not a JSON object on one line: {why}")
            }),
        );
    }
    n
}

/// The number of non-blank lines.
pub fn count_lines(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count()
}
