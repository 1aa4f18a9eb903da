//! Corpora shared by the benchmarks: the sample articles and a generated ~1 MB Arabic text.
//! Everything here is deterministic, so every run measures the same bytes.

#![allow(dead_code, reason = "each benchmark uses part of the shared support")]

use std::path::{Path, PathBuf};

use hamesh::text::{DirectionChoice, FontChoice, Language, TextStyle};

/// The font size every benchmark uses, in px.
pub const SIZE_PX: f32 = 20.0;
/// The wrapping width every benchmark uses, in px.
pub const WIDTH: f32 = 600.0;
/// The width `rewrap` alternates with [`WIDTH`].
pub const REWRAP_WIDTH: f32 = 480.0;
/// The generated Arabic text is at least this long.
pub const ARABIC_TARGET_BYTES: usize = 1_000_000;

/// The sample articles, in file-name order.
pub const SAMPLES: [&str; 5] = [
    "000_d5fe01cfcadbce81.txt",
    "001_bc119a91e0d0aa00.txt",
    "002_66f038ba52c8d11c.txt",
    "003_c21b3274f8c0af60.txt",
    "004_4ec9eaed58d9fb5a.txt",
];

/// The Arabic ones (003 is Persian).
pub const ARABIC_SAMPLES: [&str; 4] = [
    "000_d5fe01cfcadbce81.txt",
    "001_bc119a91e0d0aa00.txt",
    "002_66f038ba52c8d11c.txt",
    "004_4ec9eaed58d9fb5a.txt",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_sample(name: &str) -> String {
    let path = root().join("assets/samples").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The five sample articles concatenated, each ending with a line break.
pub fn samples_corpus() -> String {
    let mut text = String::new();
    for name in SAMPLES {
        text.push_str(&read_sample(name));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// The paragraphs (lines, empty ones included) of the Arabic samples, repeated in order until
/// the text reaches [`ARABIC_TARGET_BYTES`]. Every paragraph ends with `\n`.
pub fn arabic_1mb() -> String {
    let paragraphs: Vec<String> = ARABIC_SAMPLES
        .iter()
        .flat_map(|name| {
            read_sample(name)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut text = String::with_capacity(ARABIC_TARGET_BYTES + 4096);
    'fill: loop {
        for p in &paragraphs {
            text.push_str(p);
            text.push('\n');
            if text.len() >= ARABIC_TARGET_BYTES {
                break 'fill;
            }
        }
    }
    text
}

/// The benchmark style: Vazirmatn (with its Noto Sans fallback), 20 px, the text's detected
/// language, automatic direction.
pub fn style_for(text: &str) -> TextStyle {
    TextStyle {
        font: FontChoice::Vazirmatn,
        size_px: SIZE_PX,
        direction: DirectionChoice::Auto,
        language: Language::detect(text),
        ..TextStyle::default()
    }
}

/// Writes `text` to `dir/name` (creating `dir`) and returns the path.
pub fn write_corpus(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    Ok(path)
}

/// The load average over 1, 5 and 15 minutes, for the report.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// A field of /proc/self/status in KiB.
pub fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Resets VmHWM to the current RSS (Linux: "5" into clear_refs).
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
