//! Unicode's UAX #9 conformance files run through the engine's own path: base direction from
//! `analysis::base_direction`, embedding levels from `analysis::analyze` (per byte; each
//! character's first byte), then the engine's L1 (`reorder::apply_l1`, with the kinds the shaper
//! gives clusters) and L2 (`reorder::visual_order`, both on single characters and, as `wrap.rs`
//! does, on pieces of one level drawn reversed when odd). Characters removed by X9 stay in the
//! sequence, as they do in the engine, and are left out of the comparison.
//!
//! - BidiCharacterTest.txt: code points, paired brackets (N0) included; the main test.
//! - BidiTest.txt: sequences of bidi classes, every combination up to length 4 and some longer;
//!   it exercises L1 (whitespace, isolates and removed characters before separators and at the
//!   line end), which BidiCharacterTest.txt hardly does. Each class is given a representative
//!   character.
//!
//! Both files (`tests/fixtures/unicode/`, see the README there) are Unicode 15.0; unicode-bidi's
//! tables are Unicode 16.0. Each test line is one paragraph laid out as one line.
//!
//! Paragraph separators (Bidi_Class B, such as U+2029): the engine keeps them inside its
//! paragraph (it splits only at line breaks) and unicode-bidi's `ParagraphBidiInfo`, which it
//! uses, treats them as separators: B closes embeddings and isolates (X8) and L1 resets it and
//! the whitespace before it. BidiCharacterTest.txt holds none (its header puts P1 out of scope;
//! the test checks it); in BidiTest.txt B only ever ends a sequence, which is the engine's case
//! of a separator at the end of a paragraph.

use std::io::Read;

use hamesh::text::analysis::{
    analyze, base_direction, is_separator, removed_by_x9, resets_at_line_end,
};
use hamesh::text::reorder::{L1Kind, apply_l1, visual_order};
use hamesh::text::{Direction, DirectionChoice};
use unicode_bidi::BidiClass;

/// Lines of BidiCharacterTest.txt (1-based, in the uncompressed file) expected to fail, with
/// the reason. Empty: every line passes. A line that starts failing, or a listed line that
/// starts passing, fails the test.
const KNOWN_FAILURES: &[(usize, &str)] = &[];

/// Lines of BidiTest.txt expected to fail (same rules). Empty: every line passes.
const KNOWN_FAILURES_BIDI_TEST: &[(usize, &str)] = &[];

struct Case {
    line: usize,
    text: String,
    direction: DirectionChoice,
    /// Expected paragraph level (BidiCharacterTest.txt only).
    paragraph_level: Option<u8>,
    /// Expected level per character; `None` for characters removed by X9.
    levels: Vec<Option<u8>>,
    /// Expected visual order of the characters not removed by X9.
    order: Vec<usize>,
}

fn load(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/unicode/{name}.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("fixture decompresses");
    text
}

fn parse_levels(field: &str) -> Vec<Option<u8>> {
    field
        .split_whitespace()
        .map(|l| {
            if l == "x" {
                None
            } else {
                Some(l.parse().unwrap())
            }
        })
        .collect()
}

fn parse_order(field: &str) -> Vec<usize> {
    field
        .split_whitespace()
        .map(|o| o.parse().unwrap())
        .collect()
}

fn parse_character_test(data: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, raw) in data.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(';').collect();
        assert_eq!(fields.len(), 5, "line {}: {raw}", i + 1);
        let text: String = fields[0]
            .split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
            .collect();
        let direction = match fields[1].trim() {
            "0" => DirectionChoice::Ltr,
            "1" => DirectionChoice::Rtl,
            "2" => DirectionChoice::Auto,
            d => panic!("line {}: paragraph direction {d}", i + 1),
        };
        cases.push(Case {
            line: i + 1,
            text,
            direction,
            paragraph_level: Some(fields[2].trim().parse().unwrap()),
            levels: parse_levels(fields[3]),
            order: parse_order(fields[4]),
        });
    }
    cases
}

/// A character of each bidi class, for BidiTest.txt. None of them is a paired bracket.
fn representative(class: &str) -> char {
    match class {
        "L" => 'a',
        "R" => '\u{05D0}',
        "AL" => '\u{0627}',
        "EN" => '1',
        "ES" => '+',
        "ET" => '%',
        "AN" => '\u{0660}',
        "CS" => ',',
        "NSM" => '\u{0300}',
        "BN" => '\u{00AD}',
        "B" => '\u{2029}',
        "S" => '\t',
        "WS" => ' ',
        "ON" => '!',
        "LRE" => '\u{202A}',
        "LRO" => '\u{202D}',
        "RLE" => '\u{202B}',
        "RLO" => '\u{202E}',
        "PDF" => '\u{202C}',
        "LRI" => '\u{2066}',
        "RLI" => '\u{2067}',
        "FSI" => '\u{2068}',
        "PDI" => '\u{2069}',
        other => panic!("unknown bidi class {other}"),
    }
}

fn parse_bidi_test(data: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut levels: Vec<Option<u8>> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for (i, raw) in data.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Levels:") {
            levels = parse_levels(rest);
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Reorder:") {
            order = parse_order(rest);
            continue;
        }
        if line.starts_with('@') {
            continue;
        }
        let (input, bitset) = line.split_once(';').expect("data line has a bitset");
        let text: String = input.split_whitespace().map(representative).collect();
        let bitset = u8::from_str_radix(bitset.trim(), 16).unwrap();
        for (bit, direction) in [
            (1, DirectionChoice::Auto),
            (2, DirectionChoice::Ltr),
            (4, DirectionChoice::Rtl),
        ] {
            if bitset & bit != 0 {
                cases.push(Case {
                    line: i + 1,
                    text: text.clone(),
                    direction,
                    paragraph_level: None,
                    levels: levels.clone(),
                    order: order.clone(),
                });
            }
        }
    }
    cases
}

/// The kind the engine gives a cluster made of this one character (see `shape.rs`).
fn l1_kind(class: BidiClass) -> L1Kind {
    if is_separator(class) {
        L1Kind::Separator
    } else if resets_at_line_end(class) {
        L1Kind::Whitespace
    } else {
        L1Kind::Other
    }
}

/// Runs one case through the engine; `Err` says how it differs from the expectation.
fn check(case: &Case, allow_separators: bool) -> Result<(), String> {
    let text = &case.text;
    // P2–P3: with no strong character, auto is LTR (the engine's neutral fallback).
    let base = base_direction(text, case.direction, Direction::Ltr);
    let paragraph_level = if base.is_rtl() { 1 } else { 0 };
    if let Some(expected) = case.paragraph_level
        && paragraph_level != expected
    {
        return Err(format!(
            "paragraph level {paragraph_level}, expected {expected}"
        ));
    }
    let analysis = analyze(text, base);
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    if starts.len() != case.levels.len() {
        return Err(format!(
            "{} characters, {} levels expected",
            starts.len(),
            case.levels.len()
        ));
    }
    let classes: Vec<BidiClass> = starts.iter().map(|&b| analysis.classes[b]).collect();
    if !allow_separators && let Some(b) = classes.iter().position(|&c| c == BidiClass::B) {
        return Err(format!("character {b} is a paragraph separator"));
    }
    let mut levels: Vec<u8> = starts.iter().map(|&b| analysis.levels[b]).collect();
    apply_l1(&mut levels, |i| l1_kind(classes[i]), paragraph_level);

    let mut mismatches = Vec::new();
    for (i, expected) in case.levels.iter().enumerate() {
        let removed = removed_by_x9(classes[i]);
        match expected {
            None if !removed => mismatches.push(format!("{i}: level {} for x", levels[i])),
            Some(l) if removed => mismatches.push(format!("{i}: removed, expected {l}")),
            Some(l) if *l != levels[i] => {
                mismatches.push(format!("{i}: level {}, expected {l}", levels[i]))
            }
            _ => {}
        }
    }
    if !mismatches.is_empty() {
        return Err(format!("levels: {}", mismatches.join(", ")));
    }
    let visible = |order: Vec<usize>| -> Vec<usize> {
        order
            .into_iter()
            .filter(|&i| !removed_by_x9(classes[i]))
            .collect()
    };
    let order = visible(visual_order(&levels));
    if order != case.order {
        return Err(format!("order {order:?}, expected {:?}", case.order));
    }
    let by_pieces = visible(order_by_pieces(&levels));
    if by_pieces != case.order {
        return Err(format!(
            "piece order {by_pieces:?}, expected {:?}",
            case.order
        ));
    }
    Ok(())
}

/// Visual order the way `wrap.rs` lays a line out: maximal stretches of one level (pieces) are
/// ordered by `visual_order` on their levels, and each odd piece is drawn reversed.
fn order_by_pieces(levels: &[u8]) -> Vec<usize> {
    let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, &l) in levels.iter().enumerate() {
        match pieces.last_mut() {
            Some(p) if levels[p.start] == l => p.end = i + 1,
            _ => pieces.push(i..i + 1),
        }
    }
    let piece_levels: Vec<u8> = pieces.iter().map(|p| levels[p.start]).collect();
    let mut order = Vec::with_capacity(levels.len());
    for k in visual_order(&piece_levels) {
        let p = pieces[k].clone();
        if piece_levels[k] % 2 == 1 {
            order.extend(p.rev());
        } else {
            order.extend(p);
        }
    }
    order
}

fn describe(case: &Case) -> String {
    let cps: Vec<String> = case
        .text
        .chars()
        .map(|c| format!("{:04X}", c as u32))
        .collect();
    format!(
        "line {} [{}] {:?}",
        case.line,
        cps.join(" "),
        case.direction
    )
}

/// Runs all cases, prints the tally and asserts that exactly the known failures fail.
fn run(name: &str, cases: &[Case], known_failures: &[(usize, &str)], allow_separators: bool) {
    let mut failed: Vec<(usize, String)> = Vec::new();
    for case in cases {
        if let Err(why) = check(case, allow_separators) {
            failed.push((case.line, format!("{}: {why}", describe(case))));
        }
    }
    let total = cases.len();
    println!(
        "{name}: {} passed, {} failed of {total}",
        total - failed.len(),
        failed.len()
    );
    let known: Vec<usize> = known_failures.iter().map(|&(l, _)| l).collect();
    let unexpected: Vec<&String> = failed
        .iter()
        .filter(|(l, _)| !known.contains(l))
        .map(|(_, m)| m)
        .collect();
    let fixed: Vec<usize> = known
        .iter()
        .copied()
        .filter(|l| !failed.iter().any(|(f, _)| f == l))
        .collect();
    for m in unexpected.iter().take(40) {
        println!("FAIL {m}");
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{name}: {} unexpected failures (first: {:?}); known failures now passing: {fixed:?}",
        unexpected.len(),
        unexpected.first()
    );
}

#[test]
fn bidi_character_test() {
    let cases = parse_character_test(&load("BidiCharacterTest.txt"));
    assert!(cases.len() > 90_000, "only {} cases parsed", cases.len());
    run("BidiCharacterTest", &cases, KNOWN_FAILURES, false);
}

#[test]
fn bidi_test() {
    let cases = parse_bidi_test(&load("BidiTest.txt"));
    assert!(cases.len() > 700_000, "only {} cases parsed", cases.len());
    run("BidiTest", &cases, KNOWN_FAILURES_BIDI_TEST, true);
}

#[test]
fn auto_direction_without_strong_characters_is_ltr() {
    // P2 skips the isolate's content; P3 then finds no strong character: level 0.
    let text = "\u{2067}\u{05D0}\u{2069} 1";
    assert_eq!(
        base_direction(text, DirectionChoice::Auto, Direction::Ltr),
        Direction::Ltr
    );
}
