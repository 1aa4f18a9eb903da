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

use super::collect::check_spans;
use super::native::SpanOut;
use super::sink::{ExportError, Header, PreparedDoc, Sink, Summary};
use crate::dataset::OffsetUnit;
use crate::dataset::offsets::length_in;
use crate::dataset::output::AtomicFile;

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
    /// Site furniture, when the export marks it: `[start, end]` in `offset_unit`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    furniture: Vec<(usize, usize)>,
}

struct JsonlSink {
    path: PathBuf,
    out: AtomicFile,
    unit: OffsetUnit,
    skip_empty: bool,
}

pub fn sink(output: &Path, header: &Header) -> Result<Box<dyn Sink>, ExportError> {
    let out = AtomicFile::create(output).map_err(|e| ExportError::write(output, e))?;
    Ok(Box::new(JsonlSink {
        path: output.to_path_buf(),
        out,
        unit: header.unit,
        skip_empty: header.skip_empty,
    }))
}

impl Sink for JsonlSink {
    fn document(&mut self, doc: &PreparedDoc, summary: &mut Summary) -> Result<(), ExportError> {
        if doc.text.is_empty() {
            if self.skip_empty {
                summary.warnings.push(format!(
                    "{}: the text is empty; left out (--skip-empty)",
                    doc.path
                ));
                return Ok(());
            }
            summary.warnings.push(format!(
                "{}: the text is empty; doccano refuses such a line (--skip-empty leaves it out)",
                doc.path
            ));
        }
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
            furniture: doc.furniture_in(self.unit),
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
