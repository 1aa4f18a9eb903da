//! Memory of a laid-out document, in bytes per byte of text (the text itself is the reference,
//! measured in the same run):
//!
//!   cargo bench --bench layout_memory
//!
//! The 1 MB Arabic text of the other layout benchmarks (`common::arabic_1mb`) is laid out whole
//! (`Document::laid_out`, every paragraph shaped and wrapped at the benchmark width) once, in
//! this process, after a warm-up layout of the samples has parsed the faces and built the
//! shaping plans. Reported:
//! * the peak RSS it took (VmHWM after, reset to VmRSS just before; Linux), per byte of text:
//!   everything the layout allocated, transient analysis vectors and the shaping cache
//!   included. Goal: at most 25.
//! * the RSS still held once it is done, per byte;
//! * the bytes its structures hold on the heap (`ShapedParagraph::heap_bytes`,
//!   `ParagraphLayout::heap_bytes`), per byte, and how many clusters, glyphs, caret units and
//!   characters there are with the size of each, so a change of layout shows where it went.
//!
//! Prints PASS or MISS; exits non-zero only when it could not measure. Without `--bench` (as
//! under `cargo test --benches`) it only checks that the accounting adds up on the samples.

mod common;

use std::mem::size_of;
use std::process::ExitCode;

use hamesh::text::Document;
use hamesh::text::paragraph::{Cluster, Glyph, Run, Unit};

use common::{WIDTH, loadavg, proc_status_kib, reset_peak_rss};

/// Bytes of memory per byte of text, at most.
const GOAL: f64 = 25.0;

fn main() -> ExitCode {
    let bench = std::env::args().any(|a| a == "--bench");
    let warm = common::samples_corpus();
    let doc = Document::laid_out(warm.as_str(), &common::style_for(&warm), WIDTH);
    let counted = Counted::of(&doc);
    if counted.heap == 0 || counted.glyphs == 0 {
        eprintln!("layout_memory: the samples laid out to nothing");
        return ExitCode::FAILURE;
    }
    drop(doc);
    if !bench {
        return ExitCode::SUCCESS;
    }

    let text = common::arabic_1mb();
    let style = common::style_for(&text);
    let bytes = text.len() as f64;
    let before = proc_status_kib("VmRSS");
    let reset = reset_peak_rss();
    let doc = Document::laid_out(text.as_str(), &style, WIDTH);
    let (peak, after) = (proc_status_kib("VmHWM"), proc_status_kib("VmRSS"));
    let counted = Counted::of(&doc);
    let (Some(before), Some(peak), Some(after)) = (before, peak, after) else {
        eprintln!("layout_memory: /proc/self/status is not readable");
        return ExitCode::FAILURE;
    };
    if !reset {
        eprintln!("note: could not reset the peak RSS; VmHWM is the process's peak");
    }
    let per_byte = |kib: u64| (kib as f64 * 1024.0) / bytes;
    let peak_delta = peak.saturating_sub(before);
    let held = after.saturating_sub(before);
    println!(
        "text: {} bytes, {} characters, {} paragraphs, {} lines; load {}",
        text.len(),
        counted.chars,
        doc.len(),
        counted.lines,
        loadavg()
    );
    println!(
        "structures: {} clusters × {} B, {} glyphs × {} B, {} caret units × {} B, {} runs × {} B, \
         {} characters ({} B of character map)",
        counted.clusters,
        size_of::<Cluster>(),
        counted.glyphs,
        size_of::<Glyph>(),
        counted.units,
        size_of::<Unit>(),
        counted.runs,
        size_of::<Run>(),
        counted.chars,
        counted.char_map,
    );
    println!(
        "heap held by the laid-out paragraphs: {:.1} MiB = {:.1} bytes per byte of text",
        counted.heap as f64 / 1048576.0,
        counted.heap as f64 / bytes
    );
    println!(
        "RSS: before {:.1} MiB, peak +{:.1} MiB ({:.1} bytes per byte), held after +{:.1} MiB \
         ({:.1} bytes per byte)",
        before as f64 / 1024.0,
        peak_delta as f64 / 1024.0,
        per_byte(peak_delta),
        held as f64 / 1024.0,
        per_byte(held)
    );
    let verdict = if per_byte(peak_delta) <= GOAL {
        "PASS"
    } else {
        "MISS"
    };
    println!(
        "{verdict} a laid-out document at most {GOAL} bytes per byte of text: {:.1} (peak RSS)",
        per_byte(peak_delta)
    );
    ExitCode::SUCCESS
}

/// What a laid-out document holds.
#[derive(Default)]
struct Counted {
    heap: usize,
    clusters: usize,
    glyphs: usize,
    units: usize,
    runs: usize,
    chars: usize,
    char_map: usize,
    lines: usize,
}

impl Counted {
    fn of(doc: &Document) -> Counted {
        let mut c = Counted::default();
        for p in doc.paragraphs() {
            c.heap += p.shaped.heap_bytes() + p.layout.heap_bytes();
            c.clusters += p.shaped.clusters.len();
            c.glyphs += p.shaped.glyphs.len();
            c.units += p.shaped.units.len();
            c.runs += p.shaped.runs.len();
            c.chars += p.shaped.chars.len();
            c.char_map += p.shaped.chars.heap_bytes();
            c.lines += p.layout.lines.len();
        }
        c
    }
}
