//! The engine against Pango (and HarfBuzz alone) in one run, on the same files, font, size,
//! width and language.
//!
//!   cargo bench --bench vs_pango
//!
//! For each corpus, each round runs: the engine's full layout (N passes), Pango's full layout
//! (`pango_ref bench`, N passes), the engine's re-wrap, HarfBuzz shaping alone
//! (`pango_ref bench-hb`, N passes); the figures are the medians over the rounds. The output
//! says PASS or MISS against the goals (engine at least twice as fast as Pango and as fast as
//! HarfBuzz shaping alone; re-wrap at least 10 times cheaper than layout) but does not fail on
//! a MISS: it exits non-zero only when it could not
//! measure. Pango is optional: without it the engine's figures are printed alone.
//!
//! Environment: `HAMESH_BENCH_ROUNDS` (default 5, at least 3), `HAMESH_BENCH_MB` (bytes laid out
//! per measurement, in MB; default 3), `HAMESH_PANGO_REF` (path of the tool).

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use hamesh::text::Document;

use common::{REWRAP_WIDTH, SIZE_PX, WIDTH, loadavg, proc_status_kib, reset_peak_rss};

const FAMILY: &str = "Vazirmatn";
/// Full layout at least twice Pango's speed, and at least HarfBuzz's shaping alone.
const LAYOUT_GOAL: f64 = 2.0;
const HARFBUZZ_GOAL: f64 = 1.0;
const REWRAP_GOAL: f64 = 10.0;

fn main() -> ExitCode {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and gets a quick check that
    // the engine lays the corpus out, instead of a minute of measurements.
    if !std::env::args().any(|a| a == "--bench") {
        let text = common::samples_corpus();
        let doc = Document::laid_out(&text, &common::style_for(&text), WIDTH);
        if count_lines(&doc) == 0 {
            eprintln!("vs_pango: the engine laid the samples out into no lines");
            return ExitCode::FAILURE;
        }
        println!("vs_pango: smoke check passed; measure with `cargo bench --bench vs_pango`");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vs_pango: could not measure: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Corpus {
    name: &'static str,
    path: PathBuf,
    text: String,
}

/// Medians (and spread) of one corpus's measurements, in seconds per pass.
#[derive(Default)]
struct Results {
    bytes: usize,
    iterations: usize,
    engine: Vec<f64>,
    rewrap: Vec<f64>,
    pango: Vec<f64>,
    hb: Vec<f64>,
    cold_layout: f64,
    engine_lines: usize,
    rewrap_lines: usize,
    pango_lines: Option<usize>,
    hb_glyphs: Option<usize>,
    engine_glyphs: usize,
    peak_rss_kib: Option<(u64, u64)>,
}

fn run() -> Result<(), String> {
    let root = common::root();
    let data_dir = root.join("target/bench-data");
    let rounds = env_number("HAMESH_BENCH_ROUNDS", 5.0).max(3.0) as usize;
    let volume = (env_number("HAMESH_BENCH_MB", 3.0) * 1e6).max(1.0);

    let samples = common::samples_corpus();
    let arabic = common::arabic_1mb();
    let corpora = [
        Corpus {
            name: "samples",
            path: common::write_corpus(&data_dir, "samples.txt", &samples)
                .map_err(|e| format!("writing {}: {e}", data_dir.display()))?,
            text: samples,
        },
        Corpus {
            name: "arabic_1mb",
            path: common::write_corpus(&data_dir, "arabic_1mb.txt", &arabic)
                .map_err(|e| format!("writing {}: {e}", data_dir.display()))?,
            text: arabic,
        },
    ];

    let pango = find_pango(&root);
    println!(
        "vs_pango: {rounds} rounds, ~{:.1} MB per measurement",
        volume / 1e6
    );
    println!(
        "style: {FAMILY} {SIZE_PX} px, width {WIDTH} px (re-wrap alternates {REWRAP_WIDTH}/{WIDTH}); load {}",
        loadavg()
    );
    for c in &corpora {
        println!(
            "corpus {}: {} ({} bytes)",
            c.name,
            c.path.display(),
            c.text.len()
        );
    }
    println!();

    let mut all = Vec::new();
    for corpus in &corpora {
        all.push(measure(corpus, pango.as_deref(), &root, rounds, volume)?);
    }
    report(&corpora, &all, pango.is_some());
    println!("load at the end: {}", loadavg());
    Ok(())
}

fn measure(
    corpus: &Corpus,
    pango: Option<&Path>,
    root: &Path,
    rounds: usize,
    volume: f64,
) -> Result<Results, String> {
    let text = &corpus.text;
    let style = common::style_for(text);
    let lang = style.language.tag().unwrap_or("en");
    let bytes = text.len();
    let iterations = ((volume / bytes as f64).ceil() as usize).clamp(2, 1000);
    let mut r = Results {
        bytes,
        iterations,
        ..Results::default()
    };

    // Warm-up: the first layout in the process also parses the faces and builds the shaping
    // plans. The peak RSS of the large corpus is taken around this first layout.
    let rss_before = proc_status_kib("VmRSS");
    let reset = reset_peak_rss();
    let t = Instant::now();
    let doc = Document::laid_out(text, &style, WIDTH);
    r.cold_layout = t.elapsed().as_secs_f64();
    if corpus.name == "arabic_1mb"
        && let (Some(before), Some(peak)) = (rss_before, proc_status_kib("VmHWM"))
    {
        r.peak_rss_kib = Some((before, peak));
        if !reset {
            eprintln!("note: could not reset the peak RSS; VmHWM is the process's peak");
        }
    }
    r.engine_lines = count_lines(&doc);
    r.engine_glyphs = doc.paragraphs().map(|p| p.shaped.glyphs.len()).sum();
    if r.engine_lines == 0 {
        return Err(format!("the engine laid out {} into no lines", corpus.name));
    }
    drop(doc);

    let path = corpus.path.to_string_lossy().into_owned();
    let fonts = root.join("fonts").to_string_lossy().into_owned();
    let iters = iterations.to_string();
    let size = SIZE_PX.to_string();
    let width = WIDTH.to_string();
    let mut pango = pango.map(Path::to_path_buf);
    for round in 0..rounds {
        // Engine: full layout.
        let t = Instant::now();
        let mut doc = None;
        for _ in 0..iterations {
            doc = Some(black_box(Document::laid_out(
                black_box(text),
                &style,
                WIDTH,
            )));
        }
        r.engine.push(t.elapsed().as_secs_f64() / iterations as f64);
        let mut doc = doc.expect("at least one pass");

        // Pango: full layout with wrapping.
        if let Some(tool) = &pango {
            let args = [
                "bench",
                "--fonts-dir",
                &fonts,
                "--family",
                FAMILY,
                "--size-px",
                &size,
                "--lang",
                lang,
                "--width-px",
                &width,
                "--iterations",
                &iters,
                &path,
            ];
            match run_tool(tool, &args) {
                Ok(v) => {
                    r.pango.push(v.seconds / v.iterations);
                    r.pango_lines = v.count;
                }
                Err(e) => {
                    println!("Pango failed ({e}); reporting the engine alone");
                    pango = None;
                }
            }
        }

        // Engine: re-wrap the laid-out document at another width, then back, without shaping.
        let t = Instant::now();
        let mut passes = 0usize;
        while passes < 6 || (t.elapsed().as_secs_f64() < 0.2 && passes < 100_000) {
            doc.rewrap(black_box(if passes.is_multiple_of(2) {
                REWRAP_WIDTH
            } else {
                WIDTH
            }));
            passes += 1;
        }
        r.rewrap.push(t.elapsed().as_secs_f64() / passes as f64);
        if doc.width() != WIDTH {
            doc.rewrap(WIDTH);
        }
        r.rewrap_lines = count_lines(&doc);
        drop(doc);

        // HarfBuzz: shaping alone.
        if let Some(tool) = &pango {
            let args = [
                "bench-hb",
                "--fonts-dir",
                &fonts,
                "--family",
                FAMILY,
                "--size-px",
                &size,
                "--lang",
                lang,
                "--iterations",
                &iters,
                &path,
            ];
            match run_tool(tool, &args) {
                Ok(v) => {
                    r.hb.push(v.seconds / v.iterations);
                    r.hb_glyphs = v.count;
                }
                Err(e) => println!("HarfBuzz alone failed ({e})"),
            }
        }
        eprintln!(
            "  {} round {}/{}: engine {:.2} MB/s{}",
            corpus.name,
            round + 1,
            rounds,
            mbps(bytes, *r.engine.last().unwrap()),
            r.pango
                .last()
                .filter(|_| r.pango.len() == round + 1)
                .map(|&p| format!(", Pango {:.2} MB/s", mbps(bytes, p)))
                .unwrap_or_default()
        );
    }
    if r.engine_lines != r.rewrap_lines {
        return Err(format!(
            "{}: {} lines after layout but {} after re-wrapping back to {WIDTH}",
            corpus.name, r.engine_lines, r.rewrap_lines
        ));
    }
    Ok(r)
}

fn report(corpora: &[Corpus], all: &[Results], have_pango: bool) {
    println!();
    println!("== throughput (MB/s, median of rounds; min..max in brackets) ==");
    println!(
        "{:<11} {:>9} {:>6} {:>24} {:>24} {:>24} {:>14} {:>10}",
        "corpus",
        "bytes",
        "passes",
        "engine",
        "Pango",
        "HarfBuzz alone",
        "engine/Pango",
        "engine/HB"
    );
    for (c, r) in corpora.iter().zip(all) {
        let e = median(&r.engine);
        let p = (!r.pango.is_empty()).then(|| median(&r.pango));
        let h = (!r.hb.is_empty()).then(|| median(&r.hb));
        println!(
            "{:<11} {:>9} {:>6} {:>24} {:>24} {:>24} {:>14} {:>10}",
            c.name,
            r.bytes,
            r.iterations,
            spread(r.bytes, &r.engine),
            if r.pango.is_empty() {
                "-".into()
            } else {
                spread(r.bytes, &r.pango)
            },
            if r.hb.is_empty() {
                "-".into()
            } else {
                spread(r.bytes, &r.hb)
            },
            p.map(|p| format!("{:.2}x", p / e)).unwrap_or("-".into()),
            h.map(|h| format!("{:.2}x", h / e)).unwrap_or("-".into()),
        );
    }

    // Engine and Pango run back to back in each round, so their per-round ratio is less
    // exposed to the machine's load changing between rounds than the ratio of medians.
    for (c, r) in corpora.iter().zip(all) {
        for (tool, other) in [("Pango", &r.pango), ("HarfBuzz", &r.hb)] {
            let ratios = paired_ratios(&r.engine, other);
            if !ratios.is_empty() {
                println!(
                    "{:<11} engine/{tool} per round: {} (median {:.2}x)",
                    c.name,
                    ratios
                        .iter()
                        .map(|x| format!("{x:.2}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    median(&ratios)
                );
            }
        }
    }

    println!();
    println!("== first layout vs re-wrap (ms per pass, median) ==");
    println!(
        "{:<11} {:>12} {:>12} {:>12} {:>14} {:>16}",
        "corpus", "first pass", "layout", "re-wrap", "layout/rewrap", "re-wrap MB/s"
    );
    for (c, r) in corpora.iter().zip(all) {
        let (e, w) = (median(&r.engine), median(&r.rewrap));
        println!(
            "{:<11} {:>12.2} {:>12.2} {:>12.3} {:>13.1}x {:>16.1}",
            c.name,
            r.cold_layout * 1e3,
            e * 1e3,
            w * 1e3,
            e / w,
            mbps(r.bytes, w)
        );
    }

    println!();
    println!("== lines at width {WIDTH} (sanity: both did the same work) ==");
    println!(
        "{:<11} {:>12} {:>12} {:>10} {:>14} {:>14}",
        "corpus", "engine", "Pango", "diff", "engine glyphs", "HB glyphs"
    );
    for (c, r) in corpora.iter().zip(all) {
        let diff = r.pango_lines.map(|p| {
            let d = r.engine_lines as f64 - p as f64;
            format!("{:+.2}%", 100.0 * d / p.max(1) as f64)
        });
        println!(
            "{:<11} {:>12} {:>12} {:>10} {:>14} {:>14}",
            c.name,
            r.engine_lines,
            r.pango_lines.map(|p| p.to_string()).unwrap_or("-".into()),
            diff.unwrap_or("-".into()),
            r.engine_glyphs,
            r.hb_glyphs.map(|g| g.to_string()).unwrap_or("-".into()),
        );
    }

    println!();
    if let Some(r) = all.iter().find(|r| r.peak_rss_kib.is_some()) {
        let (before, peak) = r.peak_rss_kib.unwrap();
        println!(
            "peak RSS laying out the 1 MB text: {:.1} MiB (VmHWM; RSS before: {:.1} MiB, so +{:.1} MiB)",
            peak as f64 / 1024.0,
            before as f64 / 1024.0,
            peak.saturating_sub(before) as f64 / 1024.0
        );
    }

    println!();
    println!("== goals ==");
    for (c, r) in corpora.iter().zip(all) {
        let e = median(&r.engine);
        if have_pango && !r.pango.is_empty() {
            let ratio = median(&r.pango) / e;
            let rounds = paired_ratios(&r.engine, &r.pango);
            let worst = rounds.iter().cloned().fold(f64::INFINITY, f64::min);
            println!(
                "{} layout {}: engine/Pango = {ratio:.2}x, slowest round {worst:.2}x (goal >= {LAYOUT_GOAL}x)",
                verdict(ratio >= LAYOUT_GOAL),
                c.name
            );
        } else {
            println!("SKIP layout {}: no Pango measurement", c.name);
        }
        if !r.hb.is_empty() {
            // The median of the per-round ratios: HarfBuzz and the engine ran in the same
            // round, so the machine's load moved less between them.
            let ratio = median(&paired_ratios(&r.engine, &r.hb));
            println!(
                "{} layout {}: engine/HarfBuzz shaping alone = {ratio:.2}x, median of rounds (goal >= {HARFBUZZ_GOAL}x)",
                verdict(ratio >= HARFBUZZ_GOAL),
                c.name
            );
        }
        let ratio = e / median(&r.rewrap);
        println!(
            "{} rewrap {}: layout/re-wrap = {ratio:.1}x (goal >= {REWRAP_GOAL}x)",
            verdict(ratio >= REWRAP_GOAL),
            c.name
        );
    }
}

/// Per-round speed of the engine relative to another tool (> 1: the engine is faster).
fn paired_ratios(engine: &[f64], other: &[f64]) -> Vec<f64> {
    engine.iter().zip(other).map(|(e, o)| o / e).collect()
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

fn count_lines(doc: &Document) -> usize {
    doc.paragraphs().map(|p| p.layout.lines.len()).sum()
}

fn mbps(bytes: usize, seconds: f64) -> f64 {
    bytes as f64 / seconds / 1e6
}

/// "median (min..max)" in MB/s.
fn spread(bytes: usize, seconds: &[f64]) -> String {
    let lo = seconds.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = seconds.iter().cloned().fold(0.0, f64::max);
    format!(
        "{:.2} ({:.2}..{:.2})",
        mbps(bytes, median(seconds)),
        mbps(bytes, hi),
        mbps(bytes, lo)
    )
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

fn env_number(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The Pango reference tool, built with tools/pango-ref/build.sh when it is missing or older
/// than its source. None (with a message) when it cannot be had.
fn find_pango(root: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HAMESH_PANGO_REF") {
        return Some(PathBuf::from(p));
    }
    let tool = root.join("target/pango-ref/pango_ref");
    let source = root.join("tools/pango-ref/pango_ref.c");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let stale = match (modified(&tool), modified(&source)) {
        (Some(t), Some(s)) => t < s,
        (None, _) => true,
        _ => false,
    };
    if stale {
        eprintln!("building the Pango reference tool (tools/pango-ref/build.sh)");
        let built = Command::new("sh")
            .arg(root.join("tools/pango-ref/build.sh"))
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !built || !tool.exists() {
            println!(
                "Pango reference tool unavailable: tools/pango-ref/build.sh failed \
                 (it needs `apt-get install -y libpango1.0-dev fontconfig pkg-config`). \
                 Reporting the engine's figures alone."
            );
            return None;
        }
    }
    Some(tool)
}

struct ToolResult {
    seconds: f64,
    iterations: f64,
    /// `lines` for bench, `glyphs` for bench-hb.
    count: Option<usize>,
}

fn run_tool(tool: &Path, args: &[&str]) -> Result<ToolResult, String> {
    let out = Command::new(tool)
        .args(args)
        .output()
        .map_err(|e| format!("{}: {e}", tool.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} {}: {}",
            tool.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .ok_or_else(|| format!("no JSON in the output of {}", tool.display()))?;
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{line}: {e}"))?;
    let seconds = v["seconds"].as_f64().ok_or("no seconds")?;
    let iterations = v["iterations"].as_f64().ok_or("no iterations")?;
    let count = v["lines"]
        .as_u64()
        .or_else(|| v["glyphs"].as_u64())
        .map(|n| n as usize);
    if !(seconds > 0.0 && iterations > 0.0) {
        return Err(format!("bad timing: {line}"));
    }
    Ok(ToolResult {
        seconds,
        iterations,
        count,
    })
}
