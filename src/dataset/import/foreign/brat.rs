//! brat standoff folders: a `.txt` and an `.ann` per document, in any sub-folder.
//!
//! Read from the `.ann`: text-bound annotations (`T1\tORG 0 5\tروسيا`), discontinuous ones
//! (`T2\tGPE 3 8;9 14\t…`: fragments parted only by white space, as brat and Hamesh write a
//! span across a line break, become one span; others one span per fragment, noted as such),
//! `#` notes on a `T` line, `N` normalizations (`Hamesh:e1` gives the span entity `e1`; other
//! references are kept in the note), and `A`/`M` attributes, kept in the note as
//! `attribute NAME[=VALUE]` since a Hamesh span has no attribute field. Relations, events and
//! equivalences are not spans: they are counted in the report as not imported. Offsets are
//! code points of the `.txt`, as brat's server counts them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Foreign, Read, ReadOptions};
use crate::dataset::import::fields::FieldError;
use crate::dataset::import::types::{RawSpan, Record};
use crate::parallel::par_map;

/// The `.txt` files under `root`, as relative `/`-separated paths, in order; hidden folders
/// (Hamesh's `.hamesh`) left out.
fn texts(root: &Path) -> Result<Vec<String>, String> {
    fn go(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), String> {
        let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .filter_map(|e| Some((e.file_name().into_string().ok()?, e.path())))
            .filter(|(name, _)| !name.starts_with('.'))
            .collect();
        entries.sort();
        for (name, path) in entries {
            let here = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if path.is_dir() {
                go(&path, &here, out)?;
            } else if name.ends_with(".txt") {
                out.push(here);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    go(root, "", &mut out)?;
    Ok(out)
}

pub fn read(root: &Path, options: ReadOptions) -> Result<Read, String> {
    let mut out = Read::default();
    let files = texts(root)?;
    if files.is_empty() {
        return Err("holds no .txt file; a brat folder has a .txt and an .ann per document".into());
    }
    // Each document's two files read and parsed on a few threads.
    let read = par_map(files, &|rel: String| {
        let mut not_imported = Vec::new();
        let record = document(root, &rel, options, &mut not_imported);
        (
            Foreign {
                location: rel,
                record,
            },
            not_imported,
        )
    });
    for (doc, not_imported) in read {
        out.documents.push(doc);
        out.not_imported.extend(not_imported);
    }
    Ok(out)
}

fn document(
    root: &Path,
    rel: &str,
    options: ReadOptions,
    not_imported: &mut Vec<String>,
) -> Result<Record, Vec<FieldError>> {
    let fail = |field: &str, message: String| {
        vec![FieldError {
            field: field.to_string(),
            message,
        }]
    };
    let text_path = root.join(rel);
    let bytes = std::fs::read(&text_path).map_err(|e| fail("", format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(
            "",
            format!("not UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    let ann_rel = format!("{}.ann", rel.strip_suffix(".txt").unwrap_or(rel));
    let ann = match std::fs::read(root.join(&ann_rel)) {
        Ok(b) => String::from_utf8(b).map_err(|e| {
            fail(
                &ann_rel,
                format!("not UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(fail(&ann_rel, format!("cannot read it: {e}"))),
    };
    let spans = parse_ann(&ann, &ann_rel, &text, rel, not_imported)?;
    // Hamesh's brat export names an article `x.txt` after it, or `x.md.txt` after `x.md`.
    let path = match rel.strip_suffix(".txt") {
        Some(stem) if stem.contains('.') => stem.to_string(),
        _ => rel.to_string(),
    };
    Ok(Record {
        path: Some(path),
        spans,
        unit: options.unit(),
        text,
        ..Record::default()
    })
}

fn parse_ann(
    ann: &str,
    ann_rel: &str,
    text: &str,
    rel: &str,
    not_imported: &mut Vec<String>,
) -> Result<Vec<RawSpan>, Vec<FieldError>> {
    let mut spans: Vec<RawSpan> = Vec::new();
    // Which spans a T id became (several for a discontinuous one).
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    let mut extras: Vec<(usize, String, String)> = Vec::new();
    let mut problems = Vec::new();
    let mut skipped: HashMap<char, usize> = HashMap::new();
    for (i, line) in ann.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let field = format!("{ann_rel} line {}", i + 1);
        let bad = |message: String| FieldError {
            field: field.clone(),
            message,
        };
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or_default();
        let middle = cols.next().unwrap_or_default();
        let last = cols.next();
        match id.chars().next() {
            Some('T') => match text_bound(id, middle, last, &field, text) {
                Ok(mut new) => {
                    let first = spans.len();
                    by_id
                        .entry(id.to_string())
                        .or_default()
                        .extend(first..first + new.len());
                    spans.append(&mut new);
                }
                Err(m) => problems.push(bad(m)),
            },
            Some('#' | 'N' | 'A' | 'M') => extras.push((
                i + 1,
                id.to_string(),
                format!("{middle}\t{}", last.unwrap_or("")),
            )),
            Some(c @ ('R' | 'E' | '*')) => *skipped.entry(c).or_default() += 1,
            _ => problems.push(bad(format!("{line:?} is not a brat annotation line"))),
        }
    }
    for (n, id, rest) in extras {
        let field = format!("{ann_rel} line {n}");
        let (args, tail) = rest.split_once('\t').unwrap_or((&rest, ""));
        let words: Vec<&str> = args.split_whitespace().collect();
        // `AnnotatorNotes T1`, `Reference T1 DB:ID`, `Negation T1 [VALUE]`.
        let target = words.get(1);
        let Some(targets) = target.and_then(|t| by_id.get(*t)) else {
            problems.push(FieldError {
                field,
                message: format!(
                    "refers to {:?}, which is not a T annotation here",
                    target.copied().unwrap_or("")
                ),
            });
            continue;
        };
        let add_note = |s: &mut RawSpan, note: String| {
            if !s.note.is_empty() {
                s.note.push('\n');
            }
            s.note.push_str(&note);
        };
        for &k in targets {
            let s = &mut spans[k];
            match id.chars().next() {
                Some('#') => add_note(s, tail.to_string()),
                Some('N') => match words.get(2).and_then(|r| r.strip_prefix("Hamesh:")) {
                    Some(entity) => s.entity = Some(entity.to_string()),
                    None => add_note(
                        s,
                        format!("reference {} {}", words.get(2).unwrap_or(&""), tail)
                            .trim()
                            .to_string(),
                    ),
                },
                _ => add_note(
                    s,
                    match words.get(2) {
                        Some(v) => format!("attribute {}={v}", words[0]),
                        None => format!("attribute {}", words[0]),
                    },
                ),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (c, n) in skipped {
        let what = match c {
            'R' => "relations",
            'E' => "events",
            _ => "equivalences",
        };
        not_imported.push(format!("{rel}: {n} {what} (not spans) were not imported"));
    }
    Ok(spans)
}

/// A `T` line: its spans (one, or one per fragment of a discontinuous annotation).
fn text_bound(
    id: &str,
    middle: &str,
    quote: Option<&str>,
    field: &str,
    text: &str,
) -> Result<Vec<RawSpan>, String> {
    let (label, ranges) = middle
        .split_once(' ')
        .ok_or_else(|| format!("expected TYPE START END after {id}"))?;
    let mut fragments = Vec::new();
    for part in ranges.split(';') {
        let nums: Vec<&str> = part.split_whitespace().collect();
        let [s, e] = nums.as_slice() else {
            return Err(format!("{part:?} is not START END"));
        };
        let num = |v: &str| {
            v.parse::<usize>().map_err(|_| match v.parse::<i64>() {
                Ok(n) if n < 0 => format!("{n} is negative; offsets count from 0"),
                _ => format!("{v:?} is not an offset"),
            })
        };
        fragments.push((num(s)?, num(e)?));
    }
    let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let byte = |c: usize| {
        if c >= chars.len() {
            text.len()
        } else {
            chars[c]
        }
    };
    // Fragments parted by white space only are one span across line breaks.
    let joined = fragments.windows(2).all(|w| {
        w[0].1 <= w[1].0
            && w[1].0 <= chars.len()
            && text[byte(w[0].1)..byte(w[1].0)]
                .chars()
                .all(char::is_whitespace)
    });
    let span = |start, end, text: Option<String>, note: String| RawSpan {
        field: field.to_string(),
        id: None,
        start,
        end,
        label: label.to_string(),
        text,
        note,
        annotator: None,
        entity: None,
    };
    if fragments.len() == 1 {
        let (s, e) = fragments[0];
        return Ok(vec![span(s, e, quote.map(str::to_string), String::new())]);
    }
    if joined {
        let (s, e) = (fragments[0].0, fragments[fragments.len() - 1].1);
        return Ok(vec![span(s, e, None, String::new())]);
    }
    let n = fragments.len();
    Ok(fragments
        .into_iter()
        .enumerate()
        .map(|(k, (s, e))| {
            span(
                s,
                e,
                None,
                format!("fragment {} of {n} of brat {id}", k + 1),
            )
        })
        .collect())
}
