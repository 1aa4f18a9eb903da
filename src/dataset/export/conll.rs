//! CoNLL-2003-style BIO: `token\tTAG` per line, a blank line after each sentence, and
//! `-DOCSTART- -X- O O` followed by a blank line before each document: the marker as
//! CoNLL-2003 writes it, which spaCy's converter and CoNLL readers take as a document break
//! (a `-DOCSTART-\tO` line would be read as a token).
//!
//! Tokenisation (documented in `docs/dataset-format.md`):
//! * tokens are separated by whitespace and by invisible bidi controls (LRM, RLM, ALM, the
//!   embeddings, overrides and isolates) and U+FEFF; ZWNJ and harakat stay inside words;
//! * each punctuation character in [`PUNCTUATION`] is a token of its own, except `.` `,` `٫`
//!   `٬` between two digits, which stay in the number;
//! * a sentence ends at a line break and after `.` `!` `?` `؟` `…` (with the closing quotes
//!   and brackets right after it), but never inside a span;
//! * a span boundary inside a word splits the word there, so clitic spans survive
//!   (وروسيا with a span on روسيا gives و / روسيا); the export counts these splits.
//!
//! CoNLL cannot nest or overlap entities: of spans that share characters the longest is kept
//! (the earlier one on a tie) and the others are counted as dropped.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::annotate::{Label, Span};

use super::brat::type_name;
use super::collect::check_spans;
use super::sink::{ExportError, Header, PreparedDoc, Sink, SpanMismatch, Summary};
use crate::dataset::OffsetUnit;
use crate::dataset::offsets::to_bytes;
use crate::dataset::output::AtomicFile;

/// Characters that are tokens by themselves.
pub const PUNCTUATION: &[char] = &[
    '،', '؛', '؟', '«', '»', '.', ',', ':', ';', '!', '?', '(', ')', '[', ']', '{', '}', '"', '\'',
    '“', '”', '‘', '’', '„', '‹', '›', '…', '٪', '۔',
];

const SENTENCE_END: &[char] = &['.', '!', '?', '؟', '…', '۔'];
const CLOSING: &[char] = &['»', '"', '”', '’', '\'', ')', ']', '}', '›'];

/// Whether `c` parts tokens: white space and the invisible bidi controls (also the
/// agreement tokeniser's rule, `crate::agreement::tokens`).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

/// One token: byte range in the text, its tag, and whether a sentence ends after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub sentence_end: bool,
}

/// The tokens of a document and what tokenising it counted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tokenised {
    pub tokens: Vec<Token>,
    pub split: usize,
    pub dropped: usize,
    /// Ids of kept spans that cover no token.
    pub empty: Vec<String>,
}

/// Indices of the spans CoNLL keeps: longest first, then earliest, each only if it shares no
/// character with one already kept.
pub fn keep_outermost(spans: &[Span]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(spans[i].len()), spans[i].start, i));
    let mut kept: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for i in order {
        let (s, e) = (spans[i].start.0, spans[i].end.0);
        let before = kept
            .range(..e)
            .next_back()
            .is_some_and(|(_, &(ke, _))| ke > s);
        if !before {
            kept.insert(s, (e, i));
        }
    }
    let mut out: Vec<usize> = kept.values().map(|&(_, i)| i).collect();
    out.sort_by_key(|&i| spans[i].start);
    out
}

/// Tokenises `doc` and tags its tokens.
pub fn tokenise(doc: &PreparedDoc) -> Result<Tokenised, ExportError> {
    let text = doc.text.as_str();
    let kept = keep_outermost(&doc.spans);
    let mut out = Tokenised {
        dropped: doc.spans.len() - kept.len(),
        ..Tokenised::default()
    };
    let positions: Vec<usize> = kept
        .iter()
        .flat_map(|&i| [doc.spans[i].start.0, doc.spans[i].end.0])
        .collect();
    // Spans were checked in code points before; a failure here is a bug, reported as such.
    let bytes = to_bytes(text, OffsetUnit::CodePoint, &positions)
        .map_err(|_| ExportError::Options(format!("{}: span offsets out of range", doc.path)))?;
    // Byte ranges of kept spans, in order, and the label of each.
    let ranges: Vec<(usize, usize, &str)> = kept
        .iter()
        .enumerate()
        .map(|(k, &i)| (bytes[2 * k], bytes[2 * k + 1], doc.spans[i].label.as_str()))
        .collect();
    let cuts: std::collections::BTreeSet<usize> = ranges.iter().flat_map(|r| [r.0, r.1]).collect();
    let inside_span = |b: usize| ranges.iter().any(|r| r.0 < b && b < r.1);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |k: usize| chars.get(k).is_some_and(|&(_, c)| c.is_numeric());
    let mut current: Option<usize> = None;
    let mut pending_break = false;
    // Token byte ranges, and whether a sentence break follows each.
    let mut tokens: Vec<(usize, usize, bool)> = Vec::new();
    for (k, &(b, c)) in chars.iter().enumerate() {
        let end = b + c.len_utf8();
        let in_number = matches!(c, '.' | ',' | '٫' | '٬') && k > 0 && digit(k - 1) && digit(k + 1);
        let punct = PUNCTUATION.contains(&c) && !in_number;
        // A sentence break waiting after a terminator lands before anything but more
        // terminators and the closing quotes and brackets right after them.
        let continues = punct && (CLOSING.contains(&c) || SENTENCE_END.contains(&c));
        if pending_break && !continues {
            if let Some(last) = tokens.last_mut() {
                last.2 = true;
            }
            pending_break = false;
        }
        if is_separator(c) || punct {
            if let Some(s) = current.take() {
                tokens.push((s, b, false));
            }
        } else if let Some(s) = current {
            if cuts.contains(&b) {
                out.split += 1;
                tokens.push((s, b, false));
                current = Some(b);
            }
        } else {
            current = Some(b);
        }
        if punct {
            tokens.push((b, end, false));
            pending_break |= SENTENCE_END.contains(&c);
        }
        if is_line_break(c) {
            if let Some(last) = tokens.last_mut() {
                last.2 = true;
            }
            pending_break = false;
        }
    }
    if let Some(s) = current {
        tokens.push((s, text.len(), false));
    }
    // Tag, and keep sentences whole around spans.
    let mut r = 0;
    let mut covered = vec![false; ranges.len()];
    for &(s, e, brk) in &tokens {
        while r < ranges.len() && ranges[r].1 <= s {
            r += 1;
        }
        let tag = match ranges.get(r) {
            Some(&(rs, re, label)) if rs <= s && e <= re => {
                let first = !covered[r];
                covered[r] = true;
                format!("{}-{}", if first { "B" } else { "I" }, type_name(label))
            }
            _ => "O".to_string(),
        };
        out.tokens.push(Token {
            start: s,
            end: e,
            tag,
            sentence_end: brk && !inside_span(e),
        });
    }
    if let Some(last) = out.tokens.last_mut() {
        last.sentence_end = true;
    }
    // Each kept span's tokens must spell its quote without the separators.
    for (k, &(rs, re, _)) in ranges.iter().enumerate() {
        let span = &doc.spans[kept[k]];
        if !covered[k] {
            out.empty.push(span.id.0.clone());
            continue;
        }
        let spelled: String = out
            .tokens
            .iter()
            .filter(|t| rs <= t.start && t.end <= re)
            .map(|t| &text[t.start..t.end])
            .collect();
        let quote: String = span.text.chars().filter(|&c| !is_separator(c)).collect();
        if spelled != quote {
            return Err(ExportError::SpanMismatch(Box::new(SpanMismatch {
                document: doc.path.clone(),
                span: span.id.0.clone(),
                label: span.label.clone(),
                start: span.start.0,
                end: span.end.0,
                unit: "CoNLL token",
                expected: quote,
                found: format!("{spelled:?}"),
            })));
        }
    }
    Ok(out)
}

struct ConllSink {
    path: PathBuf,
    out: AtomicFile,
}

pub fn sink(output: &Path, _header: &Header) -> Result<Box<dyn Sink>, ExportError> {
    let out = AtomicFile::create(output).map_err(|e| ExportError::write(output, e))?;
    Ok(Box::new(ConllSink {
        path: output.to_path_buf(),
        out,
    }))
}

/// The CoNLL lines of one document, starting with its `-DOCSTART-` line.
pub fn document_lines(doc: &PreparedDoc, t: &Tokenised) -> String {
    let mut s = String::from("-DOCSTART- -X- O O\n\n");
    for tok in &t.tokens {
        s.push_str(&doc.text[tok.start..tok.end]);
        s.push('\t');
        s.push_str(&tok.tag);
        s.push('\n');
        if tok.sentence_end {
            s.push('\n');
        }
    }
    s
}

impl Sink for ConllSink {
    fn document(&mut self, doc: &PreparedDoc, summary: &mut Summary) -> Result<(), ExportError> {
        check_spans(&doc.path, &doc.text, &doc.spans, OffsetUnit::CodePoint)?;
        let t = tokenise(doc)?;
        summary.tokens += t.tokens.len();
        summary.split_tokens += t.split;
        summary.dropped_overlapping += t.dropped;
        summary.spans_without_tokens += t.empty.len();
        for id in &t.empty {
            summary.warnings.push(format!(
                "{}: span {id} covers no token (only spaces or controls) and has no CoNLL tag",
                doc.path
            ));
        }
        self.out
            .writer()
            .write_all(document_lines(doc, &t).as_bytes())
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
