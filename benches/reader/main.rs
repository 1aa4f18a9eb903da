//! The reader's speed goals, each against a reference measured in the same run:
//!
//!   cargo bench --bench reader                    # scan, memory and frames
//!   cargo bench --bench reader -- scan frames     # any of: scan, memory, open, frames
//!   cargo bench --bench reader -- --write-data    # only write target/bench-data/
//!
//! * `scan`: a generated corpus of 10,000 articles (about 40 MB, Arabic and Persian, eight
//!   folders) scanned by `corpus::scan::scan` (walk, then read and summarise every file), against
//!   `find DIR -type f -print0 | xargs -0 cat > /dev/null` on the same files (the I/O floor);
//!   also the walk alone (the list appears after it) and the app's own worker
//!   (`ui::corpus_view::Corpus`). Goal: under 1 s.
//! * `memory`: the app, headless (no window, no GL), in a child process with the corpus open
//!   and scanned, against the same with the five sample articles; VmRSS and VmHWM. The window's
//!   figure (GL driver included) is `tools/bench/corpus-memory.sh`. Goal: under 150 MB.
//! * `open`: the steps of opening the 20 MB article, one at a time on one thread: what the
//!   article's worker does (read, decode, detect language and direction, `ReaderView::new`)
//!   and what the scan's worker does with the same file (`read_entry`), which `hamesh FILE`
//!   runs at the same time. No goal: it explains the first paint of `tools/bench/first-paint.sh`
//!   (goal: under 200 ms).
//! * `frames`: the real app (`HameshApp`) driven headless through an `egui::Context` as eframe
//!   drives it (`App::logic`, `App::ui`, then `Context::tessellate`; no GPU), scrolled through
//!   a generated 20 MB Arabic article; the UI thread's CPU time per frame against the same
//!   frames on a 1 MB article with the same text (the same paragraphs are in view in every
//!   frame, only the document's length differs). Goal: under 4 ms.
//!
//! The output ends with PASS or MISS lines; a MISS does not fail the command, which exits
//! non-zero only when it could not measure. Without `--bench` (as under `cargo test --benches`)
//! it only scans the samples and opens one in the headless app.
//!
//! Environment: `HAMESH_BENCH_ROUNDS` (scan rounds, default 7, at least 3),
//! `HAMESH_BENCH_FRAMES` (frames per scroll scenario and document, default 300).

#[path = "../../tests/app_support/mod.rs"]
mod app_support;
#[path = "../common/mod.rs"]
mod common;
mod data;
mod frames;
mod memory;
mod scan;

use common::{loadavg, proc_status_kib};
use data::*;
use frames::*;
use memory::*;
use scan::*;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};
use std::time::{Duration, Instant};

use app_support::AppView;
use eframe::App as _;
use egui::{Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, Rect, TouchPhase, vec2};
use hamesh::annotate::span::sha256_hex;
use hamesh::corpus::decode::decode_owned;
use hamesh::corpus::files::{Folder, ScanOptions};
use hamesh::corpus::furniture::{FurnitureCounts, folded_paragraphs};
use hamesh::corpus::scan::{read_entry, scan, walk};
use hamesh::text::document::document_direction;
use hamesh::text::{DirectionChoice, Language, TextStyle};
use hamesh::ui::corpus_view::Corpus;
use hamesh::ui::{HameshApp, ReaderView, Startup};

const CORPUS_FILES: usize = 10_000;
const CORPUS_BYTES: usize = 40_000_000;
/// Changing the generator changes this, so an old corpus is written again.
const CORPUS_VERSION: &str = "hamesh reader bench corpus 1";
const LARGE_BYTES: usize = 20_000_000;
const SMALL_BYTES: usize = 1_000_000;
const SCAN_GOAL_MS: f64 = 1000.0;
/// In MB (10⁶ bytes); the figures are printed in MiB.
const MEMORY_GOAL_MB: f64 = 150.0;
const FRAME_GOAL_MS: f64 = 4.0;
/// The window the frames are run in: the app's default size, 1 pixel per point.
const WINDOW: egui::Vec2 = vec2(1180.0, 820.0);
/// One frame at 60 Hz: the input clock advances by this much per frame.
const DT: f32 = 1.0 / 60.0;
/// Wheel scrolling: points per frame (6,000 points a second at 60 Hz, a fast flick).
const WHEEL_POINTS: f32 = 100.0;
/// Dragging the scroll bar: points per frame.
const DRAG_POINTS: f32 = 2.0;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--memory-child") {
        return match args.get(i + 1) {
            Some(path) => memory_child(Path::new(path)),
            None => ExitCode::FAILURE,
        };
    }
    let result = if args.iter().any(|a| a == "--write-data") {
        write_data().map(|data| {
            println!("corpus: {}", data.corpus.display());
            println!("20 MB article: {}", data.large.display());
            println!("1 MB article: {}", data.small.display());
            println!("tiny article: {}", data.tiny.display());
        })
    } else if !args.iter().any(|a| a == "--bench") {
        // `cargo test --benches`: a quick check instead of minutes of measurements.
        smoke()
    } else {
        let parts: Vec<&str> = args
            .iter()
            .map(String::as_str)
            .filter(|a| ["scan", "memory", "open", "frames"].contains(a))
            .collect();
        run(&parts)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reader: could not measure: {e}");
            ExitCode::FAILURE
        }
    }
}

fn smoke() -> Result<(), String> {
    let samples = samples_copy()?;
    let entries = scan(&samples, |_| {});
    if entries.len() != 5 || entries.iter().any(|e| e.info.is_none()) {
        return Err(format!("scanned {} samples", entries.len()));
    }
    let config = data_dir().join("reader-config/smoke");
    let mut app = Driver::open(&samples.join(common::SAMPLES[1]), &config)?;
    app.wait_for_article(Duration::from_secs(60))?;
    println!("reader: smoke check passed; measure with `cargo bench --bench reader`");
    Ok(())
}

fn run(parts: &[&str]) -> Result<(), String> {
    let all = parts.is_empty();
    let rounds = env_number("HAMESH_BENCH_ROUNDS", 7.0).max(3.0) as usize;
    let frames = env_number("HAMESH_BENCH_FRAMES", 300.0).max(30.0) as usize;
    println!(
        "reader bench: {} cores, load {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        loadavg()
    );
    let data = write_data()?;
    let mut verdicts = Vec::new();
    if all || parts.contains(&"scan") {
        verdicts.extend(bench_scan(&data, rounds)?);
    }
    if all || parts.contains(&"memory") {
        verdicts.extend(bench_memory(&data)?);
    }
    if all || parts.contains(&"open") {
        verdicts.extend(bench_open(&data)?);
    }
    if all || parts.contains(&"frames") {
        verdicts.extend(bench_frames(&data, frames)?);
    }
    println!();
    for v in &verdicts {
        println!("{v}");
    }
    println!("load at the end: {}", loadavg());
    Ok(())
}
