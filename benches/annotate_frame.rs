//! What highlights cost a frame: 5,000 spans (nested and overlapping, eight labels) in one
//! 100,000-character article, scrolled through from top to bottom, against the same article
//! without spans, in the same run and interleaved frame by frame, because the machine is shared
//! and noisy. The figure is the ratio of the medians; the goal is at most 1.5×.
//!
//! Two measurements:
//! - the whole window (`HameshApp` in a headless egui context, as eframe runs it, no GPU):
//!   reader, highlight panel, article list and bars, plus tessellation of what the frame drew;
//!   and again with the highlight panel closed;
//! - the reader alone in a headless egui context, plus tessellation: the highlight painting
//!   itself.
//!
//! Both scroll a page (90 % of the view) per frame after one untimed pass that shapes every
//! paragraph, so the frames measure drawing, not shaping. Run with
//! `cargo bench --bench annotate_frame`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use eframe::App;
use std::time::{Duration, Instant};

use egui::{Color32, Pos2, Rect, vec2};
use hamesh::annotate::span::make_span;
use hamesh::annotate::{DocumentAnnotations, Source, Store};
use hamesh::text::offsets::CharMap;
use hamesh::text::{CharIndex, TextStyle};
use hamesh::ui::atlas::GlyphAtlas;
use hamesh::ui::reader::{HighlightFrame, Highlights, Mark, ScrollRequest};
use hamesh::ui::{HameshApp, ReaderView, Startup};

#[path = "../tests/app_support/mod.rs"]
mod app_support;
use app_support::AppView;

const SPANS: usize = 5_000;
const CHARS: usize = 100_000;
const ROUNDS: usize = 3;
const LABELS: [&str; 8] = ["PER", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "MISC"];
const SIZE: egui::Vec2 = vec2(1280.0, 860.0);

/// Paragraphs of Arabic news prose with numbers, about 400 characters each.
fn article() -> String {
    let sentence = "قال الرئيس الروسي فلاديمير بوتين يوم 27 أكتوبر 2015 إن موسكو تتواصل مع حركة طالبان في أفغانستان منذ سنوات، وإن الوضع في كابول يقلق الكرملين. ";
    let mut s = String::new();
    let mut n = 0;
    while s.chars().count() < CHARS {
        s.push_str(sentence);
        n += 1;
        if n % 3 == 0 {
            s.push('\n');
        }
    }
    s.chars().take(CHARS).collect()
}

/// 5,000 spans over whole words: one every ~20 characters, with an enclosing span over every
/// fifth pair (nesting) and a few overlapping ones.
fn annotations(text: &str) -> DocumentAnnotations {
    let map = CharMap::new(text);
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let mut doc = DocumentAnnotations::new(Source::default(), "bench");
    let step = words.len() * 4 / (SPANS * 5);
    let mut w = 0;
    while doc.spans.len() < SPANS && w + step < words.len() {
        let mut add = |a: usize, b: usize, k: usize| {
            if doc.spans.len() < SPANS {
                let id = doc.allocate_id();
                let label = LABELS[k % LABELS.len()];
                let span = make_span(text, &map, id, CharIndex(a)..CharIndex(b), label);
                doc.spans.push(span);
            }
        };
        add(words[w].start, words[w].end, w);
        if w % 5 == 0 {
            add(words[w].start, words[w + 1].end, w + 1);
        }
        if w % 7 == 0 {
            add(words[w + 1].start, words[w + 2].end, w + 2);
        }
        w += step.max(1);
    }
    doc.sort();
    doc
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The reader alone: one frame at the current scroll, with or without highlights.
struct ReaderBench {
    ctx: egui::Context,
    atlas: GlyphAtlas,
    reader: ReaderView,
    highlights: Option<Highlights>,
}

impl ReaderBench {
    fn new(text: &str, doc: Option<&DocumentAnnotations>) -> ReaderBench {
        let ctx = egui::Context::default();
        ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
        let highlights = doc.map(|d| {
            let marks = d
                .spans
                .iter()
                .map(|s| Mark {
                    range: s.range(),
                    color: Color32::from_rgb(59, 143, 217),
                    label: s.label.clone(),
                })
                .collect();
            Highlights::new(1, marks)
        });
        ReaderBench {
            ctx,
            atlas: GlyphAtlas::default(),
            reader: ReaderView::new(text.to_string(), TextStyle::default()),
            highlights,
        }
    }

    fn frame(&mut self) -> Duration {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(900.0, 800.0))),
            ..Default::default()
        };
        let t = Instant::now();
        let (atlas, reader, highlights) = (&mut self.atlas, &mut self.reader, &self.highlights);
        let mut output = self.ctx.run_ui(input, |ui| {
            atlas.begin_frame(ui.ctx());
            let frame = highlights.as_ref().map(|set| HighlightFrame {
                set,
                selected: None,
                flash: None,
            });
            reader.reader_ui(ui, atlas, frame);
            atlas.end_frame(ui.ctx());
        });
        black_box(self.ctx.tessellate(std::mem::take(&mut output.shapes), 1.0));
        t.elapsed()
    }

    /// A page down, or back to the top at the end; returns whether it wrapped.
    fn page(&mut self) -> bool {
        let end = self.reader.scroll().at_end();
        let request = if end {
            ScrollRequest::Top
        } else {
            ScrollRequest::Pages(1)
        };
        self.reader.request_scroll(request);
        end
    }
}

/// The whole window on a corpus of one article, driven the way eframe drives it (a frame, then
/// tessellation), without a GPU and without an accessibility tree.
struct AppBench {
    ctx: egui::Context,
    app: HameshApp,
    frame: eframe::Frame,
}

impl AppBench {
    fn new(dir: &Path) -> AppBench {
        let ctx = egui::Context::default();
        ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
        let startup = Startup::new(
            dir.join("settings.json"),
            Some(dir.join("corpus/article.txt")),
        )
        .with_fallback_root(dir.join("data"));
        let app = HameshApp::new(&ctx, startup);
        let mut bench = AppBench {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let painted = bench.app.reader().is_some_and(|r| r.painted_glyphs() > 0);
            if painted && bench.app.annotations().is_some() {
                break;
            }
            assert!(Instant::now() < deadline, "the article did not open");
            bench.frame();
            std::thread::sleep(Duration::from_millis(5));
        }
        for _ in 0..5 {
            bench.frame();
        }
        bench
    }

    fn frame(&mut self) -> Duration {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SIZE)),
            ..Default::default()
        };
        let t = Instant::now();
        let (app, frame) = (&mut self.app, &mut self.frame);
        let mut output = self.ctx.run_ui(input, |ui| app.ui(ui, frame));
        black_box(self.ctx.tessellate(std::mem::take(&mut output.shapes), 1.0));
        t.elapsed()
    }

    /// A page down, or back to the top at the end; returns whether it wrapped.
    fn page(&mut self) -> bool {
        let reader = self.app.reader_mut().expect("an article");
        let end = reader.scroll().at_end();
        let request = if end {
            ScrollRequest::Top
        } else {
            ScrollRequest::Pages(1)
        };
        reader.request_scroll(request);
        end
    }
}

fn corpus(dir: &Path, text: &str, doc: Option<&DocumentAnnotations>) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("temp dir");
    std::fs::write(corpus.join("article.txt"), text).expect("article");
    if let Some(doc) = doc {
        let mut doc = doc.clone();
        doc.source = Source {
            path: "article.txt".into(),
            sha256: hamesh::annotate::span::sha256_hex(text),
            encoding: "UTF-8".into(),
            characters: text.chars().count(),
        };
        Store::open(&corpus, &dir.join("data"))
            .save("article.txt", &doc)
            .expect("store");
    }
    dir.to_path_buf()
}

fn report(what: &str, with: &mut [Duration], without: &mut [Duration]) -> f64 {
    let (w, wo) = (median(with), median(without));
    let ratio = ms(w) / ms(wo).max(1e-9);
    println!(
        "{what:<14} with spans {:>7.3} ms   without {:>7.3} ms   ratio {ratio:.2}x  ({} frames each)  goal <= 1.5x: {}",
        ms(w),
        ms(wo),
        with.len(),
        if ratio <= 1.5 { "PASS" } else { "MISS" }
    );
    ratio
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return; // `cargo test --benches` only builds it.
    }
    let text = article();
    let doc = annotations(&text);
    assert_eq!(doc.spans.len(), SPANS);
    println!(
        "annotation frame benchmark: {} spans in a {}-character article, {} rounds of scrolling top to bottom",
        doc.spans.len(),
        text.chars().count(),
        ROUNDS
    );

    // The reader alone.
    let mut with = ReaderBench::new(&text, Some(&doc));
    let mut without = ReaderBench::new(&text, None);
    for bench in [&mut with, &mut without] {
        bench.frame();
        while !bench.page() {
            bench.frame();
        }
        bench.frame();
    }
    let (mut tw, mut two) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        loop {
            tw.push(with.frame());
            two.push(without.frame());
            let (a, b) = (with.page(), without.page());
            if a || b {
                for bench in [&mut with, &mut without] {
                    bench.reader.request_scroll(ScrollRequest::Top);
                    bench.frame();
                }
                break;
            }
        }
    }
    let pages = tw.len() / ROUNDS;
    let reader_ratio = report("reader", &mut tw, &mut two);
    println!(
        "               {pages} pages per round; highlight geometry computed for {} paragraphs",
        with.reader.highlight_paragraphs_computed()
    );

    // The whole window.
    let base = std::env::temp_dir().join(format!("hamesh-bench-frame-{}", std::process::id()));
    let mut with = AppBench::new(&corpus(&base.join("with"), &text, Some(&doc)));
    let mut without = AppBench::new(&corpus(&base.join("without"), &text, None));
    let spans = with.app.annotations().map_or(0, |d| d.spans.len());
    assert_eq!(spans, SPANS, "the app opened the 5,000 spans");
    for bench in [&mut with, &mut without] {
        while !bench.page() {
            bench.frame();
        }
        bench.frame();
    }
    let measure = |rounds: usize, with: &mut AppBench, without: &mut AppBench| {
        let (mut tw, mut two) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            loop {
                tw.push(with.frame());
                two.push(without.frame());
                if with.page() || without.page() {
                    for bench in [&mut *with, &mut *without] {
                        let reader = bench.app.reader_mut().expect("an article");
                        reader.request_scroll(ScrollRequest::Top);
                        bench.frame();
                    }
                    break;
                }
            }
        }
        (tw, two)
    };
    let (mut tw, mut two) = measure(ROUNDS, &mut with, &mut without);
    let app_ratio = report("whole window", &mut tw, &mut two);
    // The same with the highlight panel closed: what the highlights cost the reader inside the
    // window, apart from the panel's list.
    for bench in [&mut with, &mut without] {
        bench
            .app
            .apply(hamesh::ui::ViewCommand::ToggleHighlightPanel);
        bench.frame();
    }
    let (mut tw, mut two) = measure(ROUNDS, &mut with, &mut without);
    report("panel closed", &mut tw, &mut two);
    drop((with, without));
    std::fs::remove_dir_all(&base).ok();
    println!("frame cost ratio (whole window): {app_ratio:.2}x; reader alone: {reader_ratio:.2}x");
}
