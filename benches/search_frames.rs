//! What the window's frames cost while a corpus search streams in: the whole window
//! (`HameshApp` in a headless egui context, as eframe runs it, no GPU, then tessellation) over
//! 10,000 generated articles (see `support/corpus.rs`), Ctrl+Shift+F, the query set, then
//! every frame timed until the worker has searched the whole corpus, at about 60 frames a
//! second. Reported: frames, median, 95th percentile and the slowest, against the same window's
//! frames with the panel open and nothing searched, taken just before in the same run. The
//! goal is every frame under 16 ms. Run with `cargo bench --bench search_frames`; without
//! `--bench` (as under `cargo test --benches`) it uses 200 articles and checks that the search
//! ends with every hit shown.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use eframe::App;
use egui::{Event, Key, Modifiers, Pos2, Rect, vec2};
use hamesh::ui::{HameshApp, Startup};

#[path = "support/corpus.rs"]
mod corpus;

const QUERY: &str = "طالبان";
const SIZE: egui::Vec2 = vec2(1280.0, 860.0);
/// A frame's budget at 60 frames a second: what is left of it is slept, as a display would.
const FRAME: Duration = Duration::from_millis(16);

struct Window {
    ctx: egui::Context,
    app: HameshApp,
    frame: eframe::Frame,
}

impl Window {
    fn open(dir: &Path, first: &Path) -> Window {
        let ctx = egui::Context::default();
        ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
        let startup = Startup::new(dir.join("settings.json"), Some(first.to_path_buf()))
            .with_fallback_root(dir.join("data"));
        let app = HameshApp::new(&ctx, startup);
        let mut w = Window {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
        };
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let scanned = w.app.folder().is_some_and(|f| f.scan_done());
            if scanned {
                break;
            }
            assert!(Instant::now() < deadline, "the folder did not open");
            w.frame(Vec::new());
            std::thread::sleep(Duration::from_millis(5));
        }
        w
    }

    fn frame(&mut self, events: Vec<Event>) -> Duration {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SIZE)),
            events,
            ..Default::default()
        };
        let t = Instant::now();
        let (app, frame) = (&mut self.app, &mut self.frame);
        let mut output = self.ctx.run_ui(input, |ui| app.ui(ui, frame));
        black_box(self.ctx.tessellate(std::mem::take(&mut output.shapes), 1.0));
        t.elapsed()
    }

    /// Frames at 60 a second while `until` is false (at most `limit` of them).
    fn frames_until(
        &mut self,
        limit: usize,
        mut until: impl FnMut(&HameshApp) -> bool,
    ) -> Vec<Duration> {
        let mut out = Vec::new();
        while out.len() < limit && !until(&self.app) {
            let took = self.frame(Vec::new());
            out.push(took);
            std::thread::sleep(FRAME.saturating_sub(took));
        }
        out
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median, 95th percentile and slowest.
fn spread(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let at = |q: f64| ms(v[((v.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.95), at(1.0))
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let dir = std::env::temp_dir().join(format!("hamesh-bench-frames-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let n = if bench { 10_000 } else { 200 };
    let bytes = corpus::generate(&root, n);
    let mut w = Window::open(&dir, &root);
    let key = Event::Key {
        key: Key::F,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
    };
    w.frame(vec![key]);
    assert!(w.app.shell().corpus_search.is_some(), "the search panel");
    // The window with the panel open and nothing to search: the reference.
    let idle = w.frames_until(60, |_| false);
    let search = w.app.shell_mut().corpus_search.as_mut().expect("the panel");
    search.set_query(QUERY);
    let t = Instant::now();
    let done = |app: &HameshApp| {
        app.shell()
            .corpus_search
            .as_ref()
            .is_some_and(|s| s.is_done() && s.query() == QUERY)
    };
    // The frame that starts the search (the query is compared with the last one searched).
    let mut streaming = vec![w.frame(Vec::new())];
    streaming.extend(w.frames_until(100_000, done));
    let took = t.elapsed();
    let search = w.app.shell().corpus_search.as_ref().expect("the panel");
    let (hits, documents) = (search.hit_count(), search.results().len());
    assert!(hits > 0 && done(&w.app), "the search ended with hits");
    let after = w.frames_until(60, |_| false);
    std::fs::remove_dir_all(&dir).ok();
    if !bench {
        println!("search_frames: {n} articles, {hits} hits shown");
        return;
    }
    println!(
        "{n} articles, {:.1} MB; {hits} hits of {QUERY} in {} documents, searched in {:.0} ms",
        bytes as f64 / 1e6,
        documents,
        ms(took)
    );
    for (what, frames) in [
        ("panel open, nothing searched", idle),
        ("while the hits stream in", streaming),
        ("after, every hit listed", after),
    ] {
        let count = frames.len();
        let (median, p95, max) = spread(frames);
        println!(
            "{what:<30} {count:>4} frames  median {median:6.2} ms  p95 {p95:6.2} ms  slowest {max:6.2} ms{}",
            if max < 16.0 { "" } else { "  (over 16 ms)" }
        );
    }
}
