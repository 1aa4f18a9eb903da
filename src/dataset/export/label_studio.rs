//! Label Studio tasks: a JSON array, one task per line, for a labelling config with
//! `<Labels name="label" toName="text">`, `<Text name="text" value="$text"/>` and, for notes,
//! `<TextArea name="note" toName="text" perRegion="true"/>`.
//!
//! Each span is a `labels` result (`value.start`, `value.end`, `value.text`, `value.labels`);
//! a note is a per-region `textarea` result with the same id. Offsets are in the export's unit:
//! code points by default, which is what Label Studio's editor stores (it converts browser
//! selections from UTF-16 to code points, like Python); `utf16` is for versions before that.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::annotate::{DocStatus, Label};

use super::collect::check_spans;
use super::sink::{ExportError, Header, PreparedDoc, Sink, Summary};
use crate::annotate::entities::Registry;
use crate::dataset::OffsetUnit;
use crate::dataset::output::AtomicFile;

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    path: &'a str,
    sha256: &'a str,
    language: &'a str,
    direction: &'a str,
    status: DocStatus,
    tags: &'a [String],
    offset_unit: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Value<'a> {
    Labels {
        start: usize,
        end: usize,
        text: &'a str,
        labels: [&'a str; 1],
    },
    Note {
        start: usize,
        end: usize,
        text: [&'a str; 1],
    },
}

/// A region's meta: the entity its span links to.
#[derive(Serialize)]
struct Meta<'a> {
    entity: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
}

#[derive(Serialize)]
struct Result<'a> {
    id: &'a str,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Value<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta<'a>>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    result: Vec<Result<'a>>,
}

#[derive(Serialize)]
struct Task<'a> {
    data: Data<'a>,
    annotations: Vec<Annotation<'a>>,
}

struct LabelStudioSink {
    path: PathBuf,
    out: AtomicFile,
    unit: OffsetUnit,
    count: usize,
    entities: Registry,
}

pub fn sink(output: &Path, header: &Header) -> std::result::Result<Box<dyn Sink>, ExportError> {
    let mut out = AtomicFile::create(output).map_err(|e| ExportError::write(output, e))?;
    out.writer()
        .write_all(b"[")
        .map_err(|e| ExportError::write(output, e))?;
    Ok(Box::new(LabelStudioSink {
        path: output.to_path_buf(),
        out,
        unit: header.unit,
        count: 0,
        entities: header.entities.clone(),
    }))
}

impl Sink for LabelStudioSink {
    fn document(
        &mut self,
        doc: &PreparedDoc,
        _summary: &mut Summary,
    ) -> std::result::Result<(), ExportError> {
        let ranges = check_spans(&doc.path, &doc.text, &doc.spans, self.unit)?;
        let mut result = Vec::with_capacity(doc.spans.len());
        for (s, &(start, end)) in doc.spans.iter().zip(&ranges) {
            result.push(Result {
                id: &s.id.0,
                from_name: "label",
                to_name: "text",
                kind: "labels",
                value: Value::Labels {
                    start,
                    end,
                    text: &s.text,
                    labels: [&s.label],
                },
                meta: s.entity.as_deref().map(|id| {
                    let entity = self.entities.get(id);
                    Meta {
                        entity: id,
                        entity_name: entity.map(|e| e.name(doc.language)),
                        wikidata: entity.and_then(|e| e.wikidata.as_deref()),
                    }
                }),
            });
            if !s.note.is_empty() {
                result.push(Result {
                    id: &s.id.0,
                    from_name: "note",
                    to_name: "text",
                    kind: "textarea",
                    value: Value::Note {
                        start,
                        end,
                        text: [&s.note],
                    },
                    meta: None,
                });
            }
        }
        // A task with an annotation counts as labelled in Label Studio: a document is given
        // one when it has spans or was marked done (done with no spans: nothing to find).
        let annotations = if result.is_empty() && doc.status != DocStatus::Done {
            Vec::new()
        } else {
            vec![Annotation { result }]
        };
        let task = Task {
            data: Data {
                text: &doc.text,
                path: &doc.path,
                sha256: &doc.sha256,
                language: doc.language,
                direction: doc.direction,
                status: doc.status,
                tags: &doc.tags,
                offset_unit: self.unit.name(),
            },
            annotations,
        };
        let w = self.out.writer();
        let io = |e| ExportError::write(&self.path, e);
        w.write_all(if self.count == 0 { b"\n" } else { b",\n" })
            .map_err(io)?;
        serde_json::to_writer(&mut *w, &task)
            .map_err(|e| ExportError::write(&self.path, e.into()))?;
        self.count += 1;
        Ok(())
    }

    fn finish(
        mut self: Box<Self>,
        _labels: &[Label],
        _summary: &mut Summary,
    ) -> std::result::Result<(), ExportError> {
        let end: &[u8] = if self.count == 0 { b"]\n" } else { b"\n]\n" };
        let path = self.path.clone();
        self.out
            .writer()
            .write_all(end)
            .map_err(|e| ExportError::write(&path, e))?;
        self.out.commit().map_err(|e| ExportError::write(&path, e))
    }
}

/// A labelling config for the exported labels, for Label Studio's project settings.
pub fn labelling_config(labels: &[Label]) -> String {
    let mut s = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for l in labels {
        let name = l
            .name
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        s.push_str(&format!(
            "    <Label value=\"{name}\" background=\"{}\"/>\n",
            l.color
        ));
    }
    s.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n");
    s.push_str("  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n</View>\n");
    s
}
