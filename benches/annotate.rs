//! Annotation costs on a big document: 5,000 spans in a 100,000-character article.
//!
//! Figures are reported with a reference measured in the same run, because the machine is
//! shared and noisy:
//! - creating a span (snap, quote, apply, sort) against copying the span list once;
//! - saving the store (serialise + atomic write with fsync) against serialising alone and
//!   against a plain `fs::write` of the same bytes without fsync.
//!
//! Goals: creating a span under 1 ms, saving under 20 ms.
//!
//! Run with `cargo bench --bench annotate`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hamesh::annotate::snap::{Precision, snap};
use hamesh::annotate::span::make_span;
use hamesh::annotate::{DocumentAnnotations, Edit, History, Source, Store};
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;

const SPANS: usize = 5_000;
const CHARS: usize = 100_000;

fn article() -> String {
    let para = "قال الرئيس الروسي فلاديمير بوتين إن موسكو تتواصل مع حركة طالبان في أفغانستان منذ سنوات، وإن الوضع في كابول يقلق الكرملين. ";
    let mut s = String::new();
    while s.chars().count() < CHARS {
        s.push_str(para);
        if s.chars().count().is_multiple_of(7) {
            s.push('\n');
        }
    }
    s.chars().take(CHARS).collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(rounds: usize, mut f: F) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return; // `cargo test --benches` only builds it.
    }
    let text = article();
    let map = CharMap::new(&text);
    let mut doc = DocumentAnnotations::new(Source::default(), "bench");
    let mut history = History::default();
    let step = CHARS / SPANS;
    for i in 0..SPANS {
        let start = i * step;
        let id = doc.allocate_id();
        let span = make_span(
            &text,
            &map,
            id,
            CharIndex(start)..CharIndex(start + 5),
            "PER",
        );
        history
            .apply(&mut doc, Edit::Add(span))
            .expect("valid span");
    }
    assert_eq!(doc.spans.len(), SPANS);

    // Creating one more span: snap a drag to words, quote it, apply it (the history keeps the
    // document sorted), then undo so every round starts from 5,000 spans.
    let mut k = 0usize;
    let create = time(301, || {
        k += 1;
        let a = (k * 131) % (CHARS - 20);
        let range = snap(
            &text,
            &map,
            CharIndex(a)..CharIndex(a + 9),
            Precision::Words,
        )
        .unwrap_or(CharIndex(a)..CharIndex(a + 9));
        let id = doc.allocate_id();
        let span = make_span(&text, &map, id, range, "ORG");
        history
            .apply(&mut doc, Edit::Add(span))
            .expect("valid span");
        black_box(&doc);
        history.undo(&mut doc).expect("undo");
    });
    // Reference: copying the document's span list once.
    let copy_spans = time(301, || {
        black_box(doc.spans.clone());
    });

    let dir = std::env::temp_dir().join(format!("hamesh-bench-annotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let store = Store::open(&dir, &dir);
    let bytes = Store::to_bytes(&doc);
    let save = time(41, || store.save("article.txt", &doc).expect("save"));
    let serialise = time(41, || {
        black_box(Store::to_bytes(&doc));
    });
    let plain = dir.join("plain.json");
    let plain_write = time(41, || std::fs::write(&plain, &bytes).expect("write"));
    std::fs::remove_dir_all(&dir).ok();

    println!("annotation benchmark: {SPANS} spans in a {CHARS}-character article");
    println!(
        "create span  {:>8.3} ms   (copying the 5,000-span list once: {:.3} ms; ratio {:.2}x)  goal < 1 ms: {}",
        ms(create),
        ms(copy_spans),
        ms(create) / ms(copy_spans).max(1e-9),
        if ms(create) < 1.0 { "PASS" } else { "MISS" }
    );
    println!(
        "save store   {:>8.3} ms   ({} KB; serialise alone {:.3} ms, plain write without fsync {:.3} ms; save/serialise {:.2}x)  goal < 20 ms: {}",
        ms(save),
        bytes.len() / 1024,
        ms(serialise),
        ms(plain_write),
        ms(save) / ms(serialise).max(1e-9),
        if ms(save) < 20.0 { "PASS" } else { "MISS" }
    );
}
