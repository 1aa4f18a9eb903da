//! CoNLL / BIO files: one token per line with its tag in a column, a blank line between
//! sentences, and `-DOCSTART-` lines between documents (`-DOCSTART- -X- O O` as CoNLL-2003
//! writes it, or Hamesh's older `-DOCSTART-\tO`).
//!
//! The text is rebuilt from the tokens, as no CoNLL file keeps it: the tokens of a sentence
//! joined by one space, sentences by a line break. Columns are split at tabs when a line has
//! one, else at runs of spaces; the tag is the last column unless another is chosen. Tags may
//! be BIO (IOB2), IOB1 (an `I-` after another type starts an entity) or BIOES/BILOU; `O`
//! and `_` are outside.

use super::{Foreign, Read, ReadOptions, whole};
use crate::dataset::OffsetUnit;
use crate::dataset::import::fields::FieldError;
use crate::dataset::import::types::{RawSpan, Record};

/// Whether a text looks like CoNLL: a `-DOCSTART-` first line, or first lines of columns
/// whose last is a BIO tag.
pub fn looks_like(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(&bytes[..bytes.len().min(4096)])
        .or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    if first.starts_with("-DOCSTART-") {
        return true;
    }
    std::iter::once(first).chain(lines).take(8).all(|l| {
        let cols: Vec<&str> = l.split_whitespace().collect();
        cols.len() >= 2 && cols.last().is_some_and(|t| tag(t).is_some())
    })
}

/// A tag's kind and entity type: `B`, `I`, `E`, `S` (or `L`, `U`) with a type, or `O`.
fn tag(t: &str) -> Option<(char, &str)> {
    if t == "O" || t == "_" {
        return Some(('O', ""));
    }
    let (kind, ty) = t.split_once(['-', '_'])?;
    let kind = match kind {
        "B" => 'B',
        "I" => 'I',
        "E" | "L" => 'E',
        "S" | "U" => 'S',
        _ => return None,
    };
    (!ty.is_empty()).then_some((kind, ty))
}

/// A document being rebuilt.
#[derive(Default)]
struct Building {
    first_line: usize,
    text: String,
    /// Characters so far (offsets are code points).
    chars: usize,
    sentence_open: bool,
    spans: Vec<RawSpan>,
    /// The open entity: its type and start.
    open: Option<(String, usize)>,
    problems: Vec<FieldError>,
}

impl Building {
    fn close(&mut self) {
        if let Some((label, start)) = self.open.take() {
            self.spans.push(RawSpan {
                field: format!("line {}", self.first_line),
                id: None,
                start,
                end: self.chars,
                label,
                text: None,
                note: String::new(),
                annotator: None,
                entity: None,
            });
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        self.sentence_open = false;
    }

    fn token(&mut self, line: usize, token: &str, t: &str) {
        let Some((kind, ty)) = tag(t) else {
            self.problems.push(FieldError {
                field: format!("line {line}"),
                message: format!(
                    "{t:?} is not a tag; expected O, or B-, I-, E-, S- (or L-, U-) and a type"
                ),
            });
            return;
        };
        let continues =
            matches!(kind, 'I' | 'E') && self.open.as_ref().is_some_and(|(open, _)| open == ty);
        if !continues {
            self.close();
        }
        if !self.text.is_empty() {
            self.text.push(if self.sentence_open { ' ' } else { '\n' });
            self.chars += 1;
        }
        self.sentence_open = true;
        if kind != 'O' && !continues {
            self.open = Some((ty.to_string(), self.chars));
        }
        self.text.push_str(token);
        self.chars += token.chars().count();
        if matches!(kind, 'E' | 'S') {
            self.close();
        }
    }

    fn finish(mut self, index: usize, out: &mut Read) {
        self.close();
        if self.text.is_empty() && self.problems.is_empty() {
            return;
        }
        let location = format!("document {} (line {})", index + 1, self.first_line);
        let record = if self.problems.is_empty() {
            Ok(Record {
                spans: self.spans,
                unit: OffsetUnit::CodePoint,
                text: self.text,
                ..Record::default()
            })
        } else {
            Err(self.problems)
        };
        out.documents.push(Foreign { location, record });
    }
}

pub fn read(bytes: &[u8], options: ReadOptions) -> Result<Read, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| format!("not UTF-8 (at byte {})", e.valid_up_to()))?;
    let mut out = Read::default();
    let mut doc = Building {
        first_line: 1,
        ..Building::default()
    };
    let mut index = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            doc.end_sentence();
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            let before = out.documents.len();
            std::mem::take(&mut doc).finish(index, &mut out);
            index += out.documents.len() - before;
            doc.first_line = n + 1;
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let column = match options.conll_column {
            Some(c) => c.checked_sub(1),
            None => cols.len().checked_sub(1),
        };
        match (cols.first(), column.and_then(|c| cols.get(c))) {
            (Some(token), Some(t)) if cols.len() >= 2 && !token.is_empty() => {
                doc.token(n, token, t.trim())
            }
            _ => doc.problems.push(FieldError {
                field: format!("line {n}"),
                message: match options.conll_column {
                    Some(c) => format!("has no column {c}: {line:?}"),
                    None => format!("expected a token and a tag: {line:?}"),
                },
            }),
        }
    }
    doc.finish(index, &mut out);
    if out.documents.is_empty() {
        out.documents.push(Foreign {
            location: "the file".into(),
            record: Err(whole("holds no token")),
        });
    }
    Ok(out)
}
