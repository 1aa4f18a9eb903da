//! Team work at corpus scale (see BENCHMARKS.md, "Teams"): agreement over 10,000 documents and
//! three annotators with 200,000 spans each, and importing another tool's export of 200,000
//! spans against importing our own json of the same spans, in one run.
//!
//! `cargo bench --bench team` writes 10,000 articles (400 words or more each, made of the
//! sample paragraphs) and three layers: annotator `a` with 20 spans per document, `b` the same
//! with every tenth span relabelled, `c` the same with every tenth span moved to the next word.
//! It then times, median of 3 after a warm-up:
//! * reading the three layers and the texts (`agreement::load`), and computing the report
//!   (`agreement::agree`: span F1 per label and pair, Cohen's κ per pair, Fleiss' κ, the
//!   confusion tables, per-document figures) — the target is the two together under 2 s;
//! * importing layer `a` exported as json, as a Label Studio export and as a brat folder, each
//!   into a fresh copy of the articles (plan and apply), the three formats in turn in each of 3
//!   rounds, every copy made before the first timing — the target is Label Studio and brat
//!   within 1.5× json, the median of the ratios taken within each round.
//!
//! Without `--bench` (as under `cargo test --benches`) it writes 200 documents and checks the
//! figures it can know: `b` agrees with `a` on nine spans in ten.

use std::path::Path;
use std::time::{Duration, Instant};

use hamesh::agreement::{agree, load};
use hamesh::annotate::span::{Source, make_span, sha256_hex};
use hamesh::annotate::{DocumentAnnotations, Store};
use hamesh::corpus::files::{Folder, ScanOptions};
use hamesh::dataset::import::{ImportOptions, import};
use hamesh::dataset::{ExportOptions, Format, OffsetUnit, export};
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;

#[path = "support/corpus.rs"]
mod corpus;

const SPANS_PER_DOC: usize = 20;
const LABELS: [&str; 5] = ["PER", "ORG", "GPE", "LOC", "DATE"];

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rel(i: usize) -> String {
    format!("{:02}/{i:05}.txt", i % 100)
}

/// Writes `n` articles and the layers of `a`, `b` and `c`.
fn generate(corpus: &Path, n: usize) {
    corpus::generate(corpus, n);
    let store = Store::open(corpus, corpus);
    let layers: Vec<Store> = ["a", "b", "c"]
        .iter()
        .map(|name| store.layer(name).unwrap())
        .collect();
    for i in 0..n {
        let rel = rel(i);
        let text = std::fs::read_to_string(corpus.join(&rel)).unwrap();
        let map = CharMap::new(&text);
        let words: Vec<(usize, usize)> = text
            .split_whitespace()
            .map(|w| {
                let byte = w.as_ptr() as usize - text.as_ptr() as usize;
                (map.char_of(byte), w.chars().count())
            })
            .collect();
        for (k, layer) in layers.iter().enumerate() {
            let source = Source {
                path: rel.clone(),
                sha256: sha256_hex(&text),
                encoding: "UTF-8".into(),
                characters: map.len(),
            };
            let mut doc = DocumentAnnotations::new(source, ["a", "b", "c"][k]);
            for s in 0..SPANS_PER_DOC {
                let mut w = s * words.len() / SPANS_PER_DOC;
                let mut label = LABELS[(i + s) % LABELS.len()];
                if s % 10 == 3 && k == 1 {
                    label = LABELS[(i + s + 1) % LABELS.len()];
                }
                if s % 10 == 7 && k == 2 {
                    w += 1;
                }
                let (start, len) = words[w];
                let id = doc.allocate_id();
                let span = make_span(
                    &text,
                    &map,
                    id,
                    CharIndex(start)..CharIndex(start + len),
                    label,
                );
                doc.spans.push(span);
            }
            layer.save(&rel, &doc).unwrap();
        }
    }
}

/// A fresh copy of the articles (hard links: import writes only the store).
fn fresh(corpus: &Path, to: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(to);
    for i in 0..n {
        let rel = rel(i);
        let dst = to.join(&rel);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::hard_link(corpus.join(&rel), &dst).unwrap();
    }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let n = if bench { 10_000 } else { 200 };
    let root = std::env::temp_dir().join(format!("hamesh-bench-team-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let t = Instant::now();
    generate(&corpus, n);
    println!(
        "{n} articles, 3 layers of {} spans each, written in {:.1} s",
        n * SPANS_PER_DOC,
        t.elapsed().as_secs_f64()
    );
    let store = Store::open(&corpus, &corpus);
    let folder = Folder::new(&corpus, ScanOptions::default());
    let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let rounds = if bench { 4 } else { 1 };
    let (mut loads, mut computes) = (Vec::new(), Vec::new());
    let mut report = None;
    for _ in 0..rounds {
        let t = Instant::now();
        let (layers, texts, problems) = load(&folder, &store, &names);
        loads.push(t.elapsed());
        assert!(problems.is_empty(), "{problems:?}");
        let t = Instant::now();
        report = Some(agree(&layers, &texts));
        computes.push(t.elapsed());
    }
    let report = report.unwrap();
    let ab = &report.pairs[0];
    assert_eq!(
        ab.overall.agreed,
        n * SPANS_PER_DOC * 9 / 10,
        "b relabels one span in ten"
    );
    if bench {
        // The warm-up round is not counted.
        loads.remove(0);
        computes.remove(0);
    }
    let (load_ms, compute_ms) = (ms(median(loads.clone())), ms(median(computes.clone())));
    println!("| measurement | median (ms) | runs (ms) |");
    println!("| --- | ---: | --- |");
    let runs = |v: &[Duration]| {
        v.iter()
            .map(|d| format!("{:.0}", ms(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "| agreement: reading 3 layers and the texts | {load_ms:.0} | {} |",
        runs(&loads)
    );
    println!(
        "| agreement: the report (F1, Cohen's κ for 3 pairs, Fleiss' κ, confusion, per document) | {compute_ms:.0} | {} |",
        runs(&computes)
    );
    println!(
        "| agreement in all (target < 2,000 ms) | **{:.0}** | |",
        load_ms + compute_ms
    );
    println!(
        "figures: a/b F1 {:.3}, κ {:.3}; a/c F1 {:.3}, κ {:.3}; Fleiss' κ {:.3}; {} tokens",
        ab.overall.f1,
        ab.cohen_kappa.unwrap_or(f64::NAN),
        report.pairs[1].overall.f1,
        report.pairs[1].cohen_kappa.unwrap_or(f64::NAN),
        report.fleiss_kappa.unwrap_or(f64::NAN),
        ab.tokens
    );
    // Imports: layer a exported in three formats, each imported into fresh copies.
    let mut files = Vec::new();
    for format in [Format::Json, Format::LabelStudio, Format::Brat] {
        let out = root.join(format!("a.{}", format.name()));
        let o = ExportOptions {
            format,
            output: out.clone(),
            offset_unit: OffsetUnit::CodePoint,
            annotator: Some("a".into()),
            fallback_root: Some(root.clone()),
            ..ExportOptions::default()
        };
        export(&corpus, &o, &mut |_| true).unwrap();
        files.push((format, out));
    }
    let import_rounds = if bench { 3 } else { 1 };
    // Every copy is made before any timing and removed only at the end: creating 10,000 files
    // just after deleting 10,000 makes ext4's inode allocator search past the freshly freed
    // inodes, a cost of the bench's clean-up that would fall on whichever import came next.
    let copy = |format: &Format, r: usize| root.join(format!("copy-{}-{r}", format.name()));
    for r in 0..import_rounds {
        for (format, _) in &files {
            fresh(&corpus, &copy(format, r), n);
        }
    }
    let _ = std::process::Command::new("sync").status();
    // Rounds interleave the formats, so that a disk that gets slower or faster during the run
    // moves all three alike; each ratio is taken within its round.
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); files.len()];
    for r in 0..import_rounds {
        for (k, (format, file)) in files.iter().enumerate() {
            let o = ImportOptions {
                fallback_root: Some(root.clone()),
                ..ImportOptions::default()
            };
            let t = Instant::now();
            let report = import(file, &copy(format, r), &o, &mut |_| true).unwrap();
            times[k].push(t.elapsed());
            assert_eq!(report.spans, n * SPANS_PER_DOC, "{format:?}");
            assert!(report.created.is_empty(), "{format:?}: every text matched");
        }
    }
    for ((format, _), t) in files.iter().zip(&times) {
        println!(
            "| import of {} spans from {} | {:.0} | {} |",
            n * SPANS_PER_DOC,
            format.name(),
            ms(median(t.clone())),
            runs(t)
        );
    }
    let ratio = |k: usize| {
        let mut r: Vec<f64> = (0..import_rounds)
            .map(|i| times[k][i].as_secs_f64() / times[0][i].as_secs_f64())
            .collect();
        r.sort_by(f64::total_cmp);
        r[r.len() / 2]
    };
    println!(
        "| Label Studio / json, median of the rounds' ratios (target ≤ 1.5×) | **{:.2}×** | |",
        ratio(1)
    );
    println!(
        "| brat / json, median of the rounds' ratios (target ≤ 1.5×) | **{:.2}×** | |",
        ratio(2)
    );
    std::fs::remove_dir_all(&root).ok();
}
