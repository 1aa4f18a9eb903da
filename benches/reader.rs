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

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};
use std::time::{Duration, Instant};

use eframe::App as _;
use egui::{Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, Rect, TouchPhase, vec2};
use hamesh::corpus::decode::decode;
use hamesh::corpus::scan::{read_entry, scan, walk};
use hamesh::text::document::document_direction;
use hamesh::text::{DirectionChoice, Language, TextStyle};
use hamesh::ui::corpus_view::Corpus;
use hamesh::ui::{Command, HameshApp, ReaderView, Startup};

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
    let samples = common::root().join("assets/samples");
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

// ---------------------------------------------------------------------------------------------
// The data: target/bench-data/, deterministic.

struct Data {
    corpus: PathBuf,
    corpus_files: usize,
    corpus_bytes: u64,
    /// `article-20mb/article.txt`, alone in its folder (opening a file opens its folder).
    large: PathBuf,
    /// `article-1mb/article.txt`: the first 1 MB of the same text, ending like it.
    small: PathBuf,
    /// `article-tiny/article.txt`: a copy of sample 001 (7,505 bytes).
    tiny: PathBuf,
    /// Bytes of one cycle of the Arabic samples' lines (the articles repeat it).
    cycle_bytes: u64,
}

fn data_dir() -> PathBuf {
    common::root().join("target/bench-data")
}

fn write_data() -> Result<Data, String> {
    let dir = data_dir();
    let err = |what: &Path, e: std::io::Error| format!("writing {}: {e}", what.display());
    let corpus = dir.join("corpus-10k");
    let (corpus_files, corpus_bytes) = write_corpus(&corpus, &dir.join("corpus-10k.stamp"))?;

    // The four Arabic samples' lines, in order, as one cycle; the articles are whole cycles, so
    // the 1 MB one is the 20 MB one's beginning and ends the same way.
    let mut cycle = String::new();
    for name in common::ARABIC_SAMPLES {
        for line in read_sample(name).lines() {
            cycle.push_str(line);
            cycle.push('\n');
        }
    }
    let mut articles = Vec::new();
    for (folder, bytes) in [("article-20mb", LARGE_BYTES), ("article-1mb", SMALL_BYTES)] {
        let text = cycle.repeat(bytes.div_ceil(cycle.len()));
        let path = dir.join(folder).join("article.txt");
        if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(text.len() as u64) {
            common::write_corpus(&dir.join(folder), "article.txt", &text)
                .map_err(|e| err(&path, e))?;
        }
        articles.push(path);
    }
    let tiny = common::write_corpus(
        &dir.join("article-tiny"),
        "article.txt",
        &read_sample(common::SAMPLES[1]),
    )
    .map_err(|e| err(&dir, e))?;
    let small = articles.pop().expect("two articles");
    let large = articles.pop().expect("two articles");
    Ok(Data {
        corpus,
        corpus_files,
        corpus_bytes,
        large,
        small,
        tiny,
        cycle_bytes: cycle.len() as u64,
    })
}

fn read_sample(name: &str) -> String {
    let path = common::root().join("assets/samples").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// xorshift64*: the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

/// The sentences of some sample articles (split after `.`, `!`, `?`, `؟` before a space).
fn sentences(names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for name in names {
        for line in read_sample(name).lines() {
            let line = line.trim();
            let mut start = 0;
            let mut chars = line.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let end = i + c.len_utf8();
                let at_break = chars.peek().is_none_or(|&(_, n)| n == ' ');
                if matches!(c, '.' | '!' | '?' | '؟') && at_break {
                    out.push(line[start..end].trim().to_string());
                    start = end;
                }
            }
            out.push(line[start..].trim().to_string());
        }
    }
    out.retain(|s| s.split_whitespace().count() >= 3);
    out
}

/// One generated article of about `target` bytes: a title (the start of a sentence), then
/// paragraphs of one to four sentences, the last one cut at a space.
fn article(rng: &mut Rng, pool: &[String], target: usize, newline: &str, blank: bool) -> String {
    let words: Vec<&str> = rng.pick(pool).split_whitespace().collect();
    let n = (6 + rng.below(9)).min(words.len());
    let mut text = words[..n]
        .join(" ")
        .trim_end_matches(['.', '،', ',', '؟', ':'])
        .to_string();
    text.push_str(newline);
    while text.len() < target {
        if blank {
            text.push_str(newline);
        }
        let mut paragraph = String::new();
        for k in 0..1 + rng.below(4) {
            if k > 0 {
                paragraph.push(' ');
            }
            paragraph.push_str(rng.pick(pool));
        }
        let room = target - text.len();
        if paragraph.len() > room {
            let mut end = room;
            while !paragraph.is_char_boundary(end) {
                end -= 1;
            }
            let cut = paragraph[..end].rfind(' ').unwrap_or(end);
            paragraph.truncate(cut);
        }
        if paragraph.is_empty() {
            break;
        }
        text.push_str(&paragraph);
        text.push_str(newline);
    }
    text
}

const ARABIC_FOLDERS: [&str; 5] = [
    "aljazeera/2015",
    "aljazeera/2016",
    "alarabiya",
    "independent-arabia/politics",
    "independent-arabia/economy",
];
const PERSIAN_FOLDERS: [&str; 3] = ["bbc-persian/1398", "bbc-persian/1399", "radiofarda"];

/// Writes the 10,000-article corpus unless `stamp` says it is there. Returns (files, bytes).
///
/// Sizes are log-uniform between 400 B and 16 KB, ten of them 25 times larger, scaled so the
/// texts total 40 MB; 30 % are Persian (from the Persian sample's sentences), the rest Arabic.
/// Some files are as real corpora have them: 2 % of the Arabic ones in Windows-1256, 5 % with
/// CRLF line ends, 2 % with a UTF-8 byte order mark, 1 % Markdown (`.md`, `# ` title).
fn write_corpus(root: &Path, stamp: &Path) -> Result<(usize, u64), String> {
    if let Ok(s) = std::fs::read_to_string(stamp)
        && let Some(rest) = s.strip_prefix(CORPUS_VERSION)
        && root.is_dir()
    {
        let mut numbers = rest
            .split_whitespace()
            .filter_map(|w| w.parse::<u64>().ok());
        if let (Some(files), Some(bytes)) = (numbers.next(), numbers.next()) {
            return Ok((files as usize, bytes));
        }
    }
    eprintln!(
        "writing {} ({CORPUS_FILES} articles, ~{} MB)",
        root.display(),
        CORPUS_BYTES / 1_000_000
    );
    let err = |e: std::io::Error| format!("writing {}: {e}", root.display());
    let _ = std::fs::remove_dir_all(root);
    let arabic = sentences(&common::ARABIC_SAMPLES);
    let persian = sentences(&[common::SAMPLES[3]]);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (low, high) = (400f64.ln(), 16_000f64.ln());
    let raw: Vec<f64> = (0..CORPUS_FILES)
        .map(|i| {
            let size = (low + rng.unit() * (high - low)).exp();
            if i % 1000 == 500 { size * 25.0 } else { size }
        })
        .collect();
    let scale = CORPUS_BYTES as f64 / raw.iter().sum::<f64>();
    let mut counters = vec![0usize; ARABIC_FOLDERS.len() + PERSIAN_FOLDERS.len()];
    let mut bytes = 0u64;
    for size in raw {
        let target = ((size * scale) as usize).max(120);
        let is_persian = rng.unit() < 0.3;
        let (pool, folder) = if is_persian {
            let f = rng.below(PERSIAN_FOLDERS.len());
            (&persian, ARABIC_FOLDERS.len() + f)
        } else {
            (&arabic, rng.below(ARABIC_FOLDERS.len()))
        };
        let crlf = rng.unit() < 0.05;
        let markdown = rng.unit() < 0.01;
        let blank = rng.unit() < 0.5;
        let mut text = article(
            &mut rng,
            pool,
            target,
            if crlf { "\r\n" } else { "\n" },
            blank,
        );
        if markdown {
            text.insert_str(0, "# ");
        }
        let mut data = text.into_bytes();
        let legacy = !is_persian && rng.unit() < 0.02;
        if legacy {
            let s = String::from_utf8(data).expect("generated as UTF-8");
            let (encoded, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&s);
            data = if unmappable {
                s.into_bytes()
            } else {
                encoded.into_owned()
            };
        } else if rng.unit() < 0.02 {
            data.splice(0..0, [0xef, 0xbb, 0xbf]);
        }
        counters[folder] += 1;
        let name = if folder < ARABIC_FOLDERS.len() {
            ARABIC_FOLDERS[folder]
        } else {
            PERSIAN_FOLDERS[folder - ARABIC_FOLDERS.len()]
        };
        let dir = root.join(name);
        if counters[folder] == 1 {
            std::fs::create_dir_all(&dir).map_err(err)?;
        }
        let ext = if markdown { "md" } else { "txt" };
        std::fs::write(dir.join(format!("{}.{ext}", counters[folder])), &data).map_err(err)?;
        bytes += data.len() as u64;
    }
    std::fs::write(stamp, format!("{CORPUS_VERSION} {CORPUS_FILES} {bytes}\n")).map_err(err)?;
    Ok((CORPUS_FILES, bytes))
}

// ---------------------------------------------------------------------------------------------
// Scanning.

fn bench_scan(data: &Data, rounds: usize) -> Result<Vec<String>, String> {
    let root = &data.corpus;
    println!();
    println!(
        "== scan: {} ({} files, {:.1} MB); one untimed warm-up of each, then {rounds} rounds",
        root.display(),
        data.corpus_files,
        data.corpus_bytes as f64 / 1e6
    );
    let cat = || -> Result<f64, String> {
        let t = Instant::now();
        let status = Process::new("sh")
            .arg("-c")
            .arg(r#"find "$1" -type f -print0 | xargs -0 cat > /dev/null"#)
            .arg("sh")
            .arg(root)
            .status()
            .map_err(|e| format!("running find | xargs cat: {e}"))?;
        if !status.success() {
            return Err(format!("find | xargs cat failed: {status}"));
        }
        Ok(ms(t.elapsed()))
    };
    let full_scan = || -> Result<f64, String> {
        let t = Instant::now();
        let entries = black_box(scan(root, |e| {
            black_box(e);
        }));
        let elapsed = ms(t.elapsed());
        let read = entries.iter().filter(|e| e.info.is_some()).count();
        if entries.len() != data.corpus_files || read != entries.len() {
            return Err(format!(
                "the scan listed {} files and read {read}",
                entries.len()
            ));
        }
        Ok(elapsed)
    };
    let walk_only = || {
        let t = Instant::now();
        let mut problems = Vec::new();
        black_box(walk(root, &mut problems));
        ms(t.elapsed())
    };
    let walk_and_read = || {
        let t = Instant::now();
        let mut problems = Vec::new();
        let mut total = 0;
        for rel in walk(root, &mut problems) {
            total += std::fs::read(root.join(rel)).map_or(0, |b| b.len());
        }
        black_box(total);
        ms(t.elapsed())
    };
    // The app's worker, with the UI's draining of its events: (list shown, every file read).
    let app_corpus = || -> Result<(f64, f64), String> {
        let t = Instant::now();
        let mut corpus = Corpus::open(root.clone(), || {});
        let mut listed = None;
        while !corpus.is_done() {
            corpus.poll();
            if listed.is_none() && corpus.is_listed() {
                listed = Some(ms(t.elapsed()));
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let done = ms(t.elapsed());
        if corpus.len() != data.corpus_files || corpus.read_count() != data.corpus_files {
            return Err(format!(
                "the app's scan listed {} files and read {}",
                corpus.len(),
                corpus.read_count()
            ));
        }
        Ok((listed.unwrap_or(done), done))
    };

    cat()?;
    full_scan()?;
    walk_only();
    walk_and_read();
    app_corpus()?;
    let (mut cats, mut scans, mut walks, mut reads, mut lists, mut dones) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for round in 0..rounds {
        // Alternate which comes first, so neither always runs on the other's warm cache.
        let (c, s) = if round % 2 == 0 {
            let c = cat()?;
            (c, full_scan()?)
        } else {
            let s = full_scan()?;
            (cat()?, s)
        };
        let w = walk_only();
        let r = walk_and_read();
        let (l, d) = app_corpus()?;
        println!(
            "round {}: scan {s:.0} ms, cat {c:.0} ms (scan/cat {:.2}); walk {w:.1} ms; \
             walk + fs::read {r:.0} ms; app: list {l:.0} ms, all read {d:.0} ms",
            round + 1,
            s / c
        );
        cats.push(c);
        scans.push(s);
        walks.push(w);
        reads.push(r);
        lists.push(l);
        dones.push(d);
    }
    let ratios: Vec<f64> = scans.iter().zip(&cats).map(|(s, c)| s / c).collect();
    let (lo, hi) = min_max(&ratios);
    let (scan_m, cat_m) = (median(&scans), median(&cats));
    println!(
        "median: scan {scan_m:.0} ms, cat {cat_m:.0} ms: scan / cat = {:.2}x (rounds {lo:.2}-{hi:.2}); \
         scan / (walk + fs::read) = {:.2}x",
        median(&ratios),
        scan_m / median(&reads)
    );
    println!(
        "median: walk alone (the list appears) {:.1} ms; walk + fs::read {:.0} ms; \
         app worker: list after {:.0} ms, every file read after {:.0} ms",
        median(&walks),
        median(&reads),
        median(&lists),
        median(&dones)
    );
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    Ok(vec![
        format!(
            "{} scan of {} articles ({:.0} MB) under {SCAN_GOAL_MS:.0} ms: {scan_m:.0} ms median \
             ({:.2}x cat); app worker {:.0} ms",
            verdict(scan_m < SCAN_GOAL_MS),
            data.corpus_files,
            data.corpus_bytes as f64 / 1e6,
            median(&ratios),
            median(&dones)
        ),
        format!(
            "info first usable list (walk only) {:.1} ms; app worker {:.0} ms",
            median(&walks),
            median(&lists)
        ),
    ])
}

// ---------------------------------------------------------------------------------------------
// Memory: the headless app in a child process.

fn bench_memory(data: &Data) -> Result<Vec<String>, String> {
    println!();
    println!("== memory: the app headless (no window, no GL) in a child process, 3 runs each");
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let samples = common::root().join("assets/samples");
    let large_folder = data.large.parent().expect("a folder").to_path_buf();
    let cases = [
        ("samples (5 articles)", samples),
        ("corpus-10k", data.corpus.clone()),
        ("20 MB article", large_folder),
    ];
    let mut results: Vec<Vec<(f64, f64)>> = vec![Vec::new(); cases.len()];
    for _ in 0..3 {
        for (i, (name, path)) in cases.iter().enumerate() {
            let out = Process::new(&exe)
                .arg("--memory-child")
                .arg(path)
                .output()
                .map_err(|e| format!("running {}: {e}", exe.display()))?;
            let text = String::from_utf8_lossy(&out.stdout);
            let line = text
                .lines()
                .find(|l| l.starts_with("memory-kib"))
                .ok_or_else(|| {
                    format!(
                        "the child for {name} printed no figures: {}",
                        String::from_utf8_lossy(&out.stderr)
                    )
                })?;
            let numbers: Vec<f64> = line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            println!("{name}: {line}");
            if numbers.len() >= 2 {
                results[i].push((numbers[0] / 1024.0, numbers[1] / 1024.0));
            }
        }
    }
    let medians: Vec<(f64, f64)> = results
        .iter()
        .map(|r| {
            let rss: Vec<f64> = r.iter().map(|x| x.0).collect();
            let hwm: Vec<f64> = r.iter().map(|x| x.1).collect();
            (median(&rss), median(&hwm))
        })
        .collect();
    for ((name, _), (rss, hwm)) in cases.iter().zip(&medians) {
        println!("median {name}: VmRSS {rss:.1} MiB, VmHWM {hwm:.1} MiB");
    }
    let (base, corpus) = (medians[0], medians[1]);
    println!(
        "corpus-10k / samples: VmRSS {:.2}x ({:+.1} MiB), VmHWM {:.2}x",
        corpus.0 / base.0,
        corpus.0 - base.0,
        corpus.1 / base.1
    );
    let ok = corpus.1 * 1.048_576 < MEMORY_GOAL_MB;
    Ok(vec![format!(
        "{} (headless) memory with the 10,000 articles open under {MEMORY_GOAL_MB:.0} MB: \
         VmHWM {:.1} MiB ({:.1} MB), VmRSS {:.1} MiB ({:.2}x the samples); the window's figure is \
         tools/bench/corpus-memory.sh",
        if ok { "PASS" } else { "MISS" },
        corpus.1,
        corpus.1 * 1.048_576,
        corpus.0,
        corpus.0 / base.0
    )])
}

/// In the child: open `path` in the headless app, wait for the scan and the first article,
/// run a few frames, print `memory-kib RSS HWM ANON`.
fn memory_child(path: &Path) -> ExitCode {
    let config = std::env::temp_dir().join(format!("hamesh-reader-memory-{}", std::process::id()));
    let result = (|| -> Result<(), String> {
        let mut app = Driver::open(path, &config)?;
        app.wait_for_article(Duration::from_secs(120))?;
        let deadline = Instant::now() + Duration::from_secs(120);
        while !app.app.scan_done() {
            if Instant::now() > deadline {
                return Err("timed out waiting for the scan".into());
            }
            app.frame(Vec::new());
            std::thread::sleep(Duration::from_millis(5));
        }
        for _ in 0..20 {
            app.frame(Vec::new());
        }
        let field = |f| proc_status_kib(f).unwrap_or(0);
        println!(
            "memory-kib {} {} {} (VmRSS VmHWM RssAnon; {} articles)",
            field("VmRSS"),
            field("VmHWM"),
            field("RssAnon"),
            app.app.article_count()
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&config);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("memory child: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Opening the 20 MB article, step by step.

fn bench_open(data: &Data) -> Result<Vec<String>, String> {
    let path = &data.large;
    println!();
    println!(
        "== open: the steps of opening {} one at a time on one thread; \
         one untimed warm-up, then the median of 5",
        path.display()
    );
    let shown = path.display().to_string();
    let mut steps: Vec<(&str, Vec<f64>)> = [
        "article worker: fs::read",
        "article worker: decode (UTF-8 check, copy)",
        "article worker: Language::detect",
        "article worker: document_direction",
        "article worker: ReaderView::new (paragraphs, directions, heights)",
        "scan worker: read_entry (read, decode, summary)",
    ]
    .into_iter()
    .map(|name| (name, Vec::new()))
    .collect();
    let mut chars = 0;
    for round in 0..6 {
        let mut times = Vec::new();
        let t = Instant::now();
        let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {e}"))?;
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        let (text, _) = decode(&bytes, &shown).map_err(|e| e.reason())?;
        times.push(ms(t.elapsed()));
        drop(bytes);
        let t = Instant::now();
        let language = black_box(Language::detect(&text));
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        black_box(document_direction(&text, DirectionChoice::Auto));
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        let reader = ReaderView::new(
            text,
            TextStyle {
                language,
                ..TextStyle::default()
            },
        );
        times.push(ms(t.elapsed()));
        chars = reader.char_len();
        drop(reader);
        let t = Instant::now();
        black_box(read_entry(path.parent().expect("a folder"), "article.txt"));
        times.push(ms(t.elapsed()));
        if round > 0 {
            for ((_, v), t) in steps.iter_mut().zip(times) {
                v.push(t);
            }
        }
    }
    let mut article = 0.0;
    for (i, (name, v)) in steps.iter().enumerate() {
        println!("  {name}: {:.1} ms", median(v));
        if i < 5 {
            article += median(v);
        }
    }
    let scan = median(&steps[5].1);
    println!(
        "  the article worker's steps add up to {article:.0} ms ({chars} characters); \
         the scan worker's {scan:.0} ms run beside them"
    );
    Ok(vec![format!(
        "info opening the 20 MB article: the article worker's steps {article:.0} ms on one thread, \
         the scan's read_entry of the same file {scan:.0} ms"
    )])
}

// ---------------------------------------------------------------------------------------------
// Frames.

/// The app as eframe runs it, without a window: each frame runs `App::logic` and `App::ui` in
/// `Context::run_ui`, then tessellates the shapes; texture updates are dropped (uploading
/// them is the GL driver's work).
struct Driver {
    ctx: egui::Context,
    app: HameshApp,
    frame: eframe::Frame,
    time: f64,
}

#[derive(Copy, Clone, Debug)]
struct FrameTime {
    cpu_ms: f64,
    wall_ms: f64,
}

impl Driver {
    /// `hamesh PATH` with its settings in `config` (emptied first, so nothing is restored).
    fn open(path: &Path, config: &Path) -> Result<Driver, String> {
        let _ = std::fs::remove_dir_all(config);
        std::fs::create_dir_all(config).map_err(|e| format!("{}: {e}", config.display()))?;
        let ctx = egui::Context::default();
        let startup = Startup::new(config.join("settings.json"), Some(path.to_path_buf()));
        let app = HameshApp::new(&ctx, startup);
        Ok(Driver {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
            time: 0.0,
        })
    }

    fn frame(&mut self, events: Vec<Event>) -> FrameTime {
        let mut input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW)),
            time: Some(self.time),
            predicted_dt: DT,
            focused: true,
            events,
            ..Default::default()
        };
        if let Some(viewport) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
            viewport.native_pixels_per_point = Some(1.0);
            viewport.focused = Some(true);
        }
        let cpu = thread_cpu_ns();
        let wall = Instant::now();
        let mut output = self.ctx.run_ui(input, |ui| {
            self.app.logic(ui.ctx(), &mut self.frame);
            self.app.ui(ui, &mut self.frame);
        });
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = self.ctx.tessellate(shapes, output.pixels_per_point);
        let time = FrameTime {
            cpu_ms: (thread_cpu_ns() - cpu) as f64 / 1e6,
            wall_ms: ms(wall.elapsed()),
        };
        black_box(primitives);
        output.textures_delta.clear();
        self.time += f64::from(DT);
        time
    }

    /// Runs frames until the article is read (on its worker) and painted.
    fn wait_for_article(&mut self, limit: Duration) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        while self.app.reader().is_none_or(|r| r.painted_glyphs() == 0) {
            if Instant::now() > deadline {
                return Err("timed out waiting for the article".into());
            }
            self.frame(Vec::new());
            std::thread::sleep(Duration::from_millis(2));
        }
        for _ in 0..10 {
            self.frame(Vec::new());
        }
        Ok(())
    }

    /// Puts the pointer over the reader (wheel events scroll what is under it).
    fn point_at_reader(&mut self) -> Result<(), String> {
        let rect = self.app.reader_rect().ok_or("no reader on screen")?;
        self.frame(vec![Event::PointerMoved(rect.center())]);
        Ok(())
    }

    fn offset(&self) -> f32 {
        self.app.reader().map_or(0.0, |r| r.scroll().offset)
    }

    fn at_end(&self) -> bool {
        self.app.reader().is_some_and(|r| r.scroll().at_end())
    }
}

#[derive(Copy, Clone, PartialEq)]
enum Scenario {
    /// No input: the floor of a frame.
    Idle,
    /// The wheel every frame, down from the top.
    WheelDown,
    /// PageDown held (key repeat 30 a second: a press every other frame), from the top.
    PageDownHeld,
    /// Ctrl+End, then the wheel every frame, up from the end.
    WheelUpFromEnd,
    /// The scroll bar's handle dragged down [`DRAG_POINTS`] a frame from the top: every frame
    /// shows paragraphs never laid out (the most a frame can be asked to lay out).
    ScrollBarDrag,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Idle => "idle (no input)",
            Scenario::WheelDown => "wheel down from the top",
            Scenario::PageDownHeld => "PageDown held from the top",
            Scenario::WheelUpFromEnd => "wheel up from the end",
            Scenario::ScrollBarDrag => "scroll bar dragged",
        }
    }

    /// The input of frame `frame` of the scenario; `reader` is the reader's rectangle.
    fn events(self, frame: usize, reader: Rect) -> Vec<Event> {
        let wheel = |dy: f32| Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        };
        match self {
            Scenario::Idle => Vec::new(),
            Scenario::WheelDown => vec![wheel(-WHEEL_POINTS)],
            Scenario::WheelUpFromEnd => vec![wheel(WHEEL_POINTS)],
            Scenario::PageDownHeld if frame.is_multiple_of(2) => vec![Event::Key {
                key: Key::PageDown,
                physical_key: Some(Key::PageDown),
                pressed: true,
                repeat: frame > 0,
                modifiers: Modifiers::NONE,
            }],
            Scenario::PageDownHeld => Vec::new(),
            Scenario::ScrollBarDrag => {
                // The bar is along the reader's trailing edge; its handle starts at the top.
                let start = reader.right_top() + vec2(-4.0, 6.0);
                let at = start + vec2(0.0, DRAG_POINTS * frame as f32);
                if frame == 0 {
                    vec![
                        Event::PointerMoved(at),
                        Event::PointerButton {
                            pos: at,
                            button: egui::PointerButton::Primary,
                            pressed: true,
                            modifiers: Modifiers::NONE,
                        },
                    ]
                } else {
                    vec![Event::PointerMoved(at)]
                }
            }
        }
    }
}

struct Run {
    name: &'static str,
    frames: Vec<FrameTime>,
    /// The first frames after Ctrl+End (only for [`Scenario::WheelUpFromEnd`]).
    jump: Vec<FrameTime>,
    from: f32,
    to: f32,
    reached_end: bool,
    /// Glyphs drawn by the reader in the last frame.
    glyphs: usize,
}

fn bench_frames(data: &Data, frames: usize) -> Result<Vec<String>, String> {
    println!();
    println!(
        "== frames: the app headless at {}x{} points, 1 px per point, 60 Hz input clock; \
         UI thread CPU per frame (App::logic + App::ui + tessellate)",
        WINDOW.x, WINDOW.y
    );
    let bytes = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let cycles = |p: &Path| bytes(p) / data.cycle_bytes.max(1);
    println!(
        "documents: 20 MB = {} ({} bytes, {} cycles of the Arabic samples' {} bytes); \
         1 MB = {} ({} bytes, its first {} cycles); tiny = {} ({} bytes)",
        data.large.display(),
        bytes(&data.large),
        cycles(&data.large),
        data.cycle_bytes,
        data.small.display(),
        bytes(&data.small),
        cycles(&data.small),
        data.tiny.display(),
        bytes(&data.tiny)
    );
    let rounds = 3;
    let per_round = frames.div_ceil(rounds);
    let mut verdicts = Vec::new();
    let mut worst_p95 = 0.0f64;
    let mut worst_ratio = 0.0f64;
    for scenario in [
        Scenario::Idle,
        Scenario::WheelDown,
        Scenario::PageDownHeld,
        Scenario::WheelUpFromEnd,
        Scenario::ScrollBarDrag,
    ] {
        let mut docs: Vec<(&'static str, &Path)> = vec![
            ("20 MB", data.large.as_path()),
            ("1 MB", data.small.as_path()),
        ];
        if scenario == Scenario::Idle {
            docs.push(("tiny", data.tiny.as_path()));
        }
        // Fresh apps for each scenario, so none scrolls over paragraphs another already laid out.
        let mut drivers = Vec::new();
        for (name, path) in &docs {
            let config = data_dir().join(format!("reader-config/{}", name.replace(' ', "")));
            let t = Instant::now();
            let mut d = Driver::open(path, &config)?;
            d.wait_for_article(Duration::from_secs(180))?;
            d.point_at_reader()?;
            if *name == "20 MB" && scenario == Scenario::Idle {
                println!(
                    "20 MB opened and painted in {:.0} ms (worker: read, decode, split {:.0} ms)",
                    ms(t.elapsed()),
                    d.app.article_load_ms().unwrap_or(f64::NAN)
                );
            }
            drivers.push((*name, d));
        }
        let mut runs: Vec<Run> = drivers
            .iter()
            .map(|(name, d)| Run {
                name,
                frames: Vec::new(),
                jump: Vec::new(),
                from: d.offset(),
                to: 0.0,
                reached_end: false,
                glyphs: 0,
            })
            .collect();
        if scenario == Scenario::WheelUpFromEnd {
            for ((_, d), run) in drivers.iter_mut().zip(&mut runs) {
                d.app.apply(Command::Bottom);
                for _ in 0..10 {
                    run.jump.push(d.frame(Vec::new()));
                }
                run.from = d.offset();
            }
        }
        for round in 0..rounds {
            let n = drivers.len();
            for k in 0..n {
                // Alternate the order of the documents from round to round.
                let i = if round % 2 == 0 { k } else { n - 1 - k };
                let (_, d) = &mut drivers[i];
                let reader = d.app.reader_rect().ok_or("no reader on screen")?;
                let start = round * per_round;
                for f in start..(start + per_round).min(frames) {
                    let t = d.frame(scenario.events(f, reader));
                    runs[i].frames.push(t);
                    runs[i].reached_end |= scenario != Scenario::WheelUpFromEnd && d.at_end();
                }
            }
        }
        for ((_, d), run) in drivers.iter().zip(&mut runs) {
            run.to = d.offset();
            run.glyphs = d.app.reader().map_or(0, |r| r.painted_glyphs());
        }
        drop(drivers);

        println!();
        println!("{}: {frames} frames per document", scenario.name());
        for run in &runs {
            let cpu: Vec<f64> = run.frames.iter().map(|f| f.cpu_ms).collect();
            let wall: Vec<f64> = run.frames.iter().map(|f| f.wall_ms).collect();
            let (_, max) = min_max(&cpu);
            print!(
                "  {:>5}: CPU median {:.3} ms, p95 {:.3} ms, max {:.3} ms; wall median {:.3} ms, p95 {:.3} ms; \
                 scrolled {:.0} -> {:.0} pt; {} glyphs in the last frame",
                run.name,
                median(&cpu),
                percentile(&cpu, 0.95),
                max,
                median(&wall),
                percentile(&wall, 0.95),
                run.from,
                run.to,
                run.glyphs
            );
            if !run.jump.is_empty() {
                let jump: Vec<f64> = run.jump.iter().map(|f| f.cpu_ms).collect();
                print!(
                    "; Ctrl+End: the 10 frames after it CPU max {:.3} ms, sum {:.2} ms",
                    min_max(&jump).1,
                    jump.iter().sum::<f64>()
                );
            }
            if run.reached_end {
                print!(" (reached the end)");
            }
            println!();
        }
        let cpu = |r: &Run| r.frames.iter().map(|f| f.cpu_ms).collect::<Vec<_>>();
        let (large, small) = (cpu(&runs[0]), cpu(&runs[1]));
        let ratio = median(&large) / median(&small);
        let ratio95 = percentile(&large, 0.95) / percentile(&small, 0.95);
        let round_ratios: Vec<String> = (0..rounds)
            .map(|r| {
                let part = |v: &[f64]| {
                    let lo = (r * per_round).min(v.len());
                    let hi = ((r + 1) * per_round).min(v.len());
                    median(&v[lo..hi])
                };
                format!("{:.2}", part(&large) / part(&small))
            })
            .collect();
        println!(
            "  20 MB / 1 MB: median {ratio:.2}x (rounds {}), p95 {ratio95:.2}x",
            round_ratios.join(", ")
        );
        if scenario == Scenario::Idle {
            let tiny = cpu(&runs[2]);
            println!(
                "  20 MB / tiny: median {:.2}x, p95 {:.2}x",
                median(&large) / median(&tiny),
                percentile(&large, 0.95) / percentile(&tiny, 0.95)
            );
        }
        if runs[1].reached_end {
            println!("  note: the 1 MB article reached its end, so its later frames scrolled less");
        }
        if scenario != Scenario::Idle {
            worst_p95 = worst_p95.max(percentile(&large, 0.95));
            worst_ratio = worst_ratio.max(ratio);
        }
        verdicts.push(format!(
            "info frames, {}: 20 MB median {:.3} ms, p95 {:.3} ms, max {:.3} ms CPU; \
             20 MB / 1 MB median {ratio:.2}x",
            scenario.name(),
            median(&large),
            percentile(&large, 0.95),
            min_max(&large).1
        ));
    }
    verdicts.push(format!(
        "{} a frame while scrolling the 20 MB article under {FRAME_GOAL_MS} ms of UI CPU: \
         worst p95 of the four scroll scenarios {worst_p95:.3} ms; worst 20 MB / 1 MB median ratio {worst_ratio:.2}x",
        if worst_p95 < FRAME_GOAL_MS {
            "PASS"
        } else {
            "MISS"
        }
    ));
    Ok(verdicts)
}

// ---------------------------------------------------------------------------------------------
// Helpers.

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
unsafe extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
}

/// CPU time of the calling thread, in ns (Linux); wall time elsewhere.
fn thread_cpu_ns() -> u64 {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    {
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut ts = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid `struct timespec` (two 64-bit fields on 64-bit Linux).
        if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64;
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &[f64]) -> f64 {
    percentile(v, 0.5)
}

/// The value at fraction `q` of the sorted values (the median of an even count is the mean of
/// the two middle ones).
fn percentile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    if q == 0.5 {
        let n = s.len();
        return if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2.0
        };
    }
    let i = ((q * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1;
    s[i]
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

fn env_number(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// A field of /proc/self/status in KiB.
fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}
