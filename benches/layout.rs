//! Criterion benchmarks of the text engine: full layout, shaping alone and re-wrapping.
//!
//!   cargo bench --bench layout
//!
//! Style: Vazirmatn 20 px, the corpus's detected language, width 600 px. See BENCHMARKS.md.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use hamesh::text::Document;
use hamesh::text::document::shape_document;

use common::{REWRAP_WIDTH, WIDTH};

fn engine(c: &mut Criterion) {
    let samples = common::samples_corpus();
    let arabic = common::arabic_1mb();
    let samples_style = common::style_for(&samples);
    let arabic_style = common::style_for(&arabic);
    // Load the faces and build the shaping plans outside the measurements.
    black_box(Document::laid_out(&samples, &samples_style, WIDTH));

    let corpora = [
        ("samples", &samples, &samples_style),
        ("arabic_1mb", &arabic, &arabic_style),
    ];

    // Bidi + itemization + shaping + wrapping: what opening a document costs.
    let mut group = c.benchmark_group("layout");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .sampling_mode(SamplingMode::Flat);
    for (name, text, style) in corpora {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| Document::laid_out(black_box(text), style, WIDTH))
        });
    }
    group.finish();

    // The width-independent half: paragraph split, bidi, itemization, shaping.
    let mut group = c.benchmark_group("shape_only");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .sampling_mode(SamplingMode::Flat);
    for (name, text, style) in corpora {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| shape_document(black_box(text), style)));
    }
    group.finish();

    // The width-dependent half: line breaking, reordering and alignment of every paragraph of an
    // already shaped document, alternating between two widths so each pass really re-wraps.
    let mut group = c.benchmark_group("rewrap");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, text, style) in corpora {
        let mut doc = Document::laid_out(text, style, WIDTH);
        let mut narrow = false;
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                narrow = !narrow;
                doc.rewrap(black_box(if narrow { REWRAP_WIDTH } else { WIDTH }));
                doc.total_height()
            })
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default().without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = engine
}
criterion_main!(benches);
