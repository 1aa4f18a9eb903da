//! Dataset export and import at corpus scale: 10,000 documents with 200,000 spans.
//!
//! `cargo bench --bench dataset` generates the corpus in a temporary folder (articles made
//! from the sample paragraphs, 20 spans each, annotation files as the store writes them), then
//! measures, in one run:
//! * `export` to the native json, the whole path (read, decode, hash, load annotations, check
//!   every span, write, sync), median of 5;
//! * serde_json serialising the same documents (a derived `Serialize` structure built from the
//!   same prepared documents) into memory, median of 5, and the export's ratio to it;
//! * the native writer alone over the same prepared documents (span checks included);
//! * `import` of the export into a fresh copy of the articles (median of 3), then again with
//!   `--replace`, on this disk and on tmpfs; against writing the same annotation files with
//!   plain `fs::write` (no sync) in the same run, the floor of any import on that disk;
//! * peak memory (VmHWM) during one export and one import, against the output's size.
//!
//! Targets: export under 1 s, import under 2 s, peak memory under twice the output's size.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hamesh::annotate::span::{Source, make_span, sha256_hex};
use hamesh::annotate::{DocStatus, DocumentAnnotations, LabelSet, Store};
use hamesh::dataset::export::PreparedDoc;
use hamesh::dataset::export::collect::{Corpus, Filter, Prepared, check_spans, prepare_all};
use hamesh::dataset::export::native::{write_document, write_header};
use hamesh::dataset::import::{ImportOptions, MergeMode, import, plan};
use hamesh::dataset::{ExportOptions, Format, OffsetUnit, export};
use hamesh::text::CharIndex;

use common::{proc_status_kib, reset_peak_rss};
use hamesh::text::offsets::CharMap;
use serde::Serialize;

const DOCUMENTS: usize = 10_000;
const SPANS_PER_DOC: usize = 20;
/// Words per article at least: a short news article.
const WORDS: usize = 400;
const LABELS: [&str; 5] = ["PER", "ORG", "GPE", "LOC", "DATE"];

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The non-empty paragraphs of the sample articles.
fn paragraphs() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(str::trim)
                .filter(|l| l.split_whitespace().count() >= 3)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Writes the corpus; returns its folder and the total text bytes.
fn generate(root: &Path) -> (PathBuf, usize) {
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let paras = paragraphs();
    let store = Store::open(&corpus, root);
    let mut bytes = 0;
    for i in 0..DOCUMENTS {
        let mut text = String::new();
        let mut k = i * 7;
        while text.split_whitespace().count() < WORDS {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&paras[k % paras.len()]);
            k += 1;
        }
        text.push('\n');
        let rel = format!("batch-{:02}/doc-{i:05}.txt", i / 1000);
        let path = corpus.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        bytes += text.len();
        let map = CharMap::new(&text);
        let words: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        let mut doc = DocumentAnnotations::new(
            Source {
                path: rel.clone(),
                sha256: sha256_hex(&text),
                encoding: "UTF-8".into(),
                characters: map.len(),
            },
            "bench",
        );
        doc.status = if i % 2 == 0 {
            DocStatus::Done
        } else {
            DocStatus::InProgress
        };
        for s in 0..SPANS_PER_DOC {
            let (byte, word) = words[s * words.len() / SPANS_PER_DOC];
            let start = map.char_of(byte);
            let id = doc.allocate_id();
            let mut span = make_span(
                &text,
                &map,
                id,
                CharIndex(start)..CharIndex(start + word.chars().count()),
                LABELS[(i + s) % LABELS.len()],
            );
            if s % 10 == 0 {
                span.note = "checked".into();
            }
            doc.spans.push(span);
        }
        let file = store.path_for(&rel).unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, Store::to_bytes(&doc)).unwrap();
    }
    (corpus, bytes)
}

#[derive(Serialize)]
struct SSpan<'a> {
    id: &'a str,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    annotator: &'a str,
}

#[derive(Serialize)]
struct SDoc<'a> {
    id: &'a str,
    path: &'a str,
    sha256: &'a str,
    encoding: &'a str,
    language: &'a str,
    direction: &'a str,
    length: usize,
    status: DocStatus,
    tags: &'a [String],
    annotator: &'a str,
    text: &'a str,
    spans: Vec<SSpan<'a>>,
}

#[derive(Serialize)]
struct SDataset<'a> {
    format: &'a str,
    format_version: u32,
    app_version: &'a str,
    created: &'a str,
    offset_unit: &'a str,
    labels: &'a [hamesh::annotate::Label],
    documents: Vec<SDoc<'a>>,
}

fn same_structure<'a>(docs: &'a [PreparedDoc], labels: &'a LabelSet) -> SDataset<'a> {
    SDataset {
        format: "hamesh-dataset",
        format_version: 1,
        app_version: env!("CARGO_PKG_VERSION"),
        created: "2023-11-14T22:13:20Z",
        offset_unit: "code_point",
        labels: &labels.labels,
        documents: docs
            .iter()
            .map(|d| SDoc {
                id: &d.path,
                path: &d.path,
                sha256: &d.sha256,
                encoding: d.encoding,
                language: d.language,
                direction: d.direction,
                length: d.text.chars().count(),
                status: d.status,
                tags: &d.tags,
                annotator: &d.annotator,
                text: &d.text,
                spans: d
                    .spans
                    .iter()
                    .map(|s| SSpan {
                        id: &s.id.0,
                        start: s.start.0,
                        end: s.end.0,
                        label: &s.label,
                        text: &s.text,
                        note: &s.note,
                        annotator: &d.annotator,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Import timings and memory in one place.
struct ImportRuns {
    plan: Vec<Duration>,
    apply: Vec<Duration>,
    replace: Vec<Duration>,
    /// Writing the same annotation files with plain `fs::write`, then one `sync`: the least a
    /// durable write of them costs on this disk.
    floor: Vec<Duration>,
    files: usize,
    peak: u64,
    rss_before: u64,
}

/// Flushes every filesystem (`sync`), so that a timed run does not pay for earlier writes.
fn sync() {
    let _ = std::process::Command::new("sync").status();
}

/// Every file under `dir`, with its path relative to it and its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out
}

/// Imports `file` into three fresh copies (under `base`) of `corpus`'s articles, then three
/// times again with --replace over the first; and, in
/// between, writes the same annotation files with plain `fs::write` and one `sync` three times,
/// the floor an import cannot go under on this disk. Every timed run starts after a `sync`, so
/// it does not pay for flushing what the bench wrote before it (the generated corpus).
fn import_runs(base: &Path, file: &Path, corpus: &Path) -> ImportRuns {
    // Each run gets a folder made before any timing: deleting 10,000 files just before creating
    // 10,000 in the same place makes ext4's inode allocator search past the freshly freed
    // inodes, a cost of the bench's clean-up, not of an import.
    let copies: Vec<PathBuf> = ["copy", "copy-2", "copy-3"]
        .iter()
        .map(|n| base.join(n))
        .collect();
    for copy in &copies {
        let _ = std::fs::remove_dir_all(copy);
        for i in 0..DOCUMENTS {
            let rel = format!("batch-{:02}/doc-{i:05}.txt", i / 1000);
            let dst = copy.join(&rel);
            std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
            std::fs::copy(corpus.join(&rel), dst).unwrap();
        }
    }
    let options = ImportOptions {
        fallback_root: Some(base.to_path_buf()),
        ..ImportOptions::default()
    };
    let rss_before = proc_status_kib("VmRSS").unwrap_or(0);
    let mut peak = 0;
    let (mut plans, mut applies) = (Vec::new(), Vec::new());
    for (round, copy) in copies.iter().enumerate() {
        sync();
        reset_peak_rss();
        let t = Instant::now();
        let p = plan(file, copy, &options, &mut |_| true).expect("plan");
        plans.push(t.elapsed());
        let t = Instant::now();
        let report = p.apply().expect("apply");
        applies.push(t.elapsed());
        if round == 0 {
            peak = proc_status_kib("VmHWM").unwrap_or(0);
        }
        assert_eq!(report.spans, DOCUMENTS * SPANS_PER_DOC);
    }
    let copy = &copies[0];
    let written = files_under(&copy.join(".hamesh/annotations"));
    assert_eq!(written.len(), DOCUMENTS);
    let floor = (1..=3)
        .map(|k| {
            let floor_dir = base.join(format!("floor-{k}"));
            let _ = std::fs::remove_dir_all(&floor_dir);
            sync();
            let t = Instant::now();
            for (rel, bytes) in &written {
                let path = floor_dir.join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            sync();
            t.elapsed()
        })
        .collect();
    for k in 1..=3 {
        let _ = std::fs::remove_dir_all(base.join(format!("floor-{k}")));
    }
    for extra in &copies[1..] {
        let _ = std::fs::remove_dir_all(extra);
    }
    let replace_options = ImportOptions {
        mode: MergeMode::Replace,
        ..options
    };
    let replace = (0..3)
        .map(|_| {
            sync();
            let t = Instant::now();
            import(file, copy, &replace_options, &mut |_| true).expect("import");
            t.elapsed()
        })
        .collect();
    ImportRuns {
        plan: plans,
        apply: applies,
        replace,
        floor,
        files: written.len(),
        peak,
        rss_before,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let root = std::env::temp_dir().join(format!("hamesh-bench-dataset-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let t = Instant::now();
    let (corpus, text_bytes) = generate(&root);
    println!(
        "generated {DOCUMENTS} documents, {} spans, {:.1} MB of text in {:.1} s",
        DOCUMENTS * SPANS_PER_DOC,
        text_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let out = root.join("export.json");
    let opts = ExportOptions {
        format: Format::Json,
        output: out.clone(),
        offset_unit: OffsetUnit::CodePoint,
        created: Some(std::time::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
        fallback_root: Some(root.clone()),
        ..ExportOptions::default()
    };

    // Peak memory of one export, first, before anything else is held.
    let rss_before = proc_status_kib("VmRSS").unwrap_or(0);
    let reset = reset_peak_rss();
    let summary = export(&corpus, &opts, &mut |_| true).expect("export");
    let export_peak = proc_status_kib("VmHWM").unwrap_or(0);
    let out_bytes = std::fs::metadata(&out).unwrap().len();
    assert_eq!(summary.spans, DOCUMENTS * SPANS_PER_DOC);

    let mut export_times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        export(&corpus, &opts, &mut |_| true).expect("export");
        export_times.push(t.elapsed());
    }
    let export_t = median(export_times.clone());

    // Import, on this disk and on tmpfs (where syncing costs nothing, so what is left is the
    // import's own work).
    let disk = import_runs(&root, &out, &corpus);
    let shm = Path::new("/dev/shm");
    let tmpfs = shm.is_dir().then(|| {
        let base = shm.join(format!("hamesh-bench-dataset-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let file = base.join("export.json");
        std::fs::copy(&out, &file).unwrap();
        let r = import_runs(&base, &file, &corpus);
        let _ = std::fs::remove_dir_all(&base);
        r
    });
    let copy = root.join("copy");
    // The round trip holds at this scale too.
    let again = root.join("again.json");
    export(
        &copy,
        &ExportOptions {
            output: again.clone(),
            ..opts.clone()
        },
        &mut |_| true,
    )
    .expect("export of the copy");
    let identical = std::fs::read(&out).unwrap() == std::fs::read(&again).unwrap();

    // The same documents in memory, for serde_json and for the writer alone.
    let c = Corpus::open(&corpus, Some(&root)).unwrap();
    let rels = hamesh::corpus::scan::walk(&c.folder).files;
    let mut docs = Vec::with_capacity(rels.len());
    let filter = Filter {
        done_only: false,
        labels: None,
        furniture: None,
    };
    prepare_all(&c, &rels, &filter, |_, p| {
        if let Prepared::Doc { doc, .. } = p {
            docs.push(*doc);
        }
        Ok(())
    })
    .unwrap();
    let structure = same_structure(&docs, &c.labels);
    let mut serde_times = Vec::new();
    let mut serde_len = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let v = serde_json::to_vec(&structure).unwrap();
        serde_times.push(t.elapsed());
        serde_len = v.len();
    }
    let serde_t = median(serde_times);
    let mut writer_times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut w: Vec<u8> = Vec::with_capacity(out_bytes as usize);
        write_header(
            &mut w,
            "2023-11-14T22:13:20Z",
            OffsetUnit::CodePoint,
            &c.labels.labels,
        )
        .unwrap();
        for (i, d) in docs.iter().enumerate() {
            let ranges = check_spans(&d.path, &d.text, &d.spans, OffsetUnit::CodePoint).unwrap();
            w.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            write_document(&mut w, d, OffsetUnit::CodePoint, &ranges).unwrap();
        }
        w.extend_from_slice(b"\n  ]\n}\n");
        writer_times.push(t.elapsed());
        assert_eq!(w.len() as u64, out_bytes);
    }
    let writer_t = median(writer_times);

    let out_mib = out_bytes as f64 / (1024.0 * 1024.0);
    println!();
    println!(
        "output: {:.1} MiB native json ({out_bytes} bytes); serde_json's compact form of the same: {:.1} MiB",
        out_mib,
        serde_len as f64 / (1024.0 * 1024.0)
    );
    println!();
    println!("| measurement | median | runs | target |");
    println!("| --- | ---: | --- | --- |");
    let runs: Vec<String> = export_times
        .iter()
        .map(|d| format!("{:.0}", ms(*d)))
        .collect();
    println!(
        "| `export` to json, whole path | **{:.0} ms** | {} | < 1000 ms |",
        ms(export_t),
        runs.join(", ")
    );
    println!(
        "| serde_json `to_vec` of the same documents (in memory) | {:.0} ms | 5 | |",
        ms(serde_t)
    );
    println!(
        "| native writer alone, same documents, span checks included (in memory) | {:.0} ms | 5 | |",
        ms(writer_t)
    );
    for (place, r) in [("disk (ext4)", Some(&disk)), ("tmpfs", tmpfs.as_ref())] {
        let Some(r) = r else { continue };
        let fresh: Vec<Duration> = r.plan.iter().zip(&r.apply).map(|(p, a)| *p + *a).collect();
        let runs: Vec<String> = fresh.iter().map(|d| format!("{:.0}", ms(*d))).collect();
        println!(
            "| `import` into a fresh copy, {place}: plan {:.0} ms + apply {:.0} ms (medians) | **{:.0} ms** | {} | < 2000 ms |",
            ms(median(r.plan.clone())),
            ms(median(r.apply.clone())),
            ms(median(fresh.clone())),
            runs.join(", ")
        );
        let runs: Vec<String> = r.replace.iter().map(|d| format!("{:.0}", ms(*d))).collect();
        println!(
            "| `import --replace` over them, {place} | {:.0} ms | {} | < 2000 ms |",
            ms(median(r.replace.clone())),
            runs.join(", ")
        );
        let runs: Vec<String> = r.floor.iter().map(|d| format!("{:.0}", ms(*d))).collect();
        println!(
            "| plain `fs::write` of the same {} annotation files, then `sync`, {place} | {:.0} ms | {} | |",
            r.files,
            ms(median(r.floor.clone())),
            runs.join(", ")
        );
        println!(
            "| fresh import / plain writes, {place} | {:.2}x | | |",
            median(fresh).as_secs_f64() / median(r.floor.clone()).as_secs_f64()
        );
    }
    println!();
    println!(
        "ratios: export / serde_json = {:.2}x; writer alone / serde_json = {:.2}x",
        export_t.as_secs_f64() / serde_t.as_secs_f64(),
        writer_t.as_secs_f64() / serde_t.as_secs_f64()
    );
    println!(
        "peak RSS (VmHWM{}): export {:.1} MiB (RSS before {:.1} MiB) = {:.2}x the output; \
         import {:.1} MiB (before {:.1} MiB) = {:.2}x the output; target < 2x",
        if reset {
            ", reset before each"
        } else {
            "; could not reset, process peak"
        },
        mib(export_peak),
        mib(rss_before),
        mib(export_peak) / out_mib,
        mib(disk.peak),
        mib(disk.rss_before),
        mib(disk.peak) / out_mib,
    );
    println!("round trip at this scale: re-export byte-identical = {identical}");
    if std::env::var_os("HAMESH_BENCH_KEEP").is_some() {
        println!("kept {}", root.display());
        return;
    }
    let _ = std::fs::remove_dir_all(&root);
}
