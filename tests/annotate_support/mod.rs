//! What the annotation GUI tests share: a temporary corpus (a copy of the samples plus a small
//! article of our own), the app started on it, and mouse and keyboard helpers that take their
//! positions from the engine's geometry of the last frame.

#![allow(
    dead_code,
    unused_imports,
    reason = "each test file uses part of the shared support"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers, Pos2, Role, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamesh::annotate::{DocStatus, DocumentAnnotations, Source, Store, span};
use hamesh::i18n::Msg;
use hamesh::text::offsets::CharMap;
use hamesh::text::{Affinity, CharIndex};
use hamesh::ui::annotation::index::IndexEntry;
use hamesh::ui::{Command, HameshApp, Startup};

#[path = "../app_support/mod.rs"]
mod app_support;
pub use app_support::AppView;

pub const ARTICLE: &str = "annotate_me.txt";
pub const TEXT: &str =
    "قال المتحدث باسم وزارة الخارجية الروسية إن موسكو تتابع الوضع في أفغانستان عن كثب.
وأكد أن العلاقات بين الصين وروسيا قوية منذ عام 2015 وأن لموسكو مصالح في المنطقة.";

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("hamesh-annot-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of the samples with our article added.
pub fn corpus_in(dir: &Path, article: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let to = dir.join("corpus");
    std::fs::create_dir_all(&to).unwrap();
    // The article files only: running the app on the samples leaves a `.hamesh` folder there.
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            std::fs::write(to.join(e.file_name()), std::fs::read(e.path()).unwrap()).unwrap();
        }
    }
    std::fs::write(to.join(ARTICLE), article).unwrap();
    to
}

pub fn start(dir: &Path, open: PathBuf) -> Harness<'static, HameshApp> {
    let settings = dir.join("config/settings.json");
    let data = dir.join("data");
    Harness::builder()
        .with_size(vec2(1300.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| {
            let startup = Startup::new(settings, Some(open)).with_fallback_root(data);
            HameshApp::new(&cc.egui_ctx, startup)
        })
}

pub fn step_until(
    harness: &mut Harness<'_, HameshApp>,
    what: &str,
    done: impl Fn(&HameshApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run_ok();
}

pub fn reading(harness: &mut Harness<'_, HameshApp>) {
    step_until(harness, "the article", |app| {
        app.current_article() == Some(ARTICLE)
            && app.reader().is_some_and(|r| r.painted_glyphs() > 0)
            && app.annotations().is_some()
    });
}

/// The character offset of the `nth` occurrence of `needle` in the article.
pub fn find(needle: &str, nth: usize) -> std::ops::Range<CharIndex> {
    let byte = TEXT
        .match_indices(needle)
        .nth(nth)
        .expect("in the article")
        .0;
    let map = CharMap::new(TEXT);
    let start = map.char_of(byte);
    CharIndex(start)..CharIndex(start + needle.chars().count())
}

/// A point inside character `c`, in its leading half (where a press puts the caret before it)
/// or its trailing half (after it), from the engine's geometry of the last frame.
pub fn inside(app: &HameshApp, c: CharIndex, leading: bool) -> Pos2 {
    let reader = app.reader().unwrap();
    let rect = reader.range_rects(c..c + 1)[0];
    let caret = reader.caret_rect(c, Affinity::Downstream).unwrap();
    let rtl = (caret.min.x - rect.max.x).abs() < (caret.min.x - rect.min.x).abs();
    let quarter = rect.width() / 4.0;
    let x = if rtl == leading {
        rect.max.x - quarter
    } else {
        rect.min.x + quarter
    };
    pos2(x, rect.center().y)
}

/// Drags with the mouse from the first character of `range` to its last.
pub fn drag_over(harness: &mut Harness<'_, HameshApp>, range: std::ops::Range<CharIndex>) {
    let from = inside(harness.state(), range.start, true);
    let to = inside(harness.state(), range.end - 1, false);
    drag_between(harness, from, to);
}

/// Drags with the mouse from `from` to `to`, in a few moves.
pub fn drag_between(harness: &mut Harness<'_, HameshApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.drag_at(from);
    for i in 1..=4 {
        harness.hover_at(from + (to - from) * (i as f32 / 4.0));
    }
    harness.drop_at(to);
    harness.run_ok();
    // Far from the next click: two clicks in a row would make a double click.
    harness.run_steps(30);
}

/// Clicks inside character `c` (in its leading or trailing half).
pub fn click(harness: &mut Harness<'_, HameshApp>, c: CharIndex, leading: bool) {
    let at = inside(harness.state(), c, leading);
    harness.hover_at(at);
    harness.drag_at(at);
    harness.drop_at(at);
    harness.run_ok();
    harness.run_steps(30);
}

pub fn key(harness: &mut Harness<'_, HameshApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run_ok();
}

/// The store file of our article, once every edit is on disk.
pub fn stored(app: &HameshApp, corpus: &Path) -> serde_json::Value {
    app.flush_annotations();
    let path = corpus
        .join(".hamesh/annotations")
        .join(format!("{ARTICLE}.json"));
    serde_json::from_slice(&std::fs::read(&path).expect("the store file")).expect("JSON")
}

pub fn labels_in_store(v: &serde_json::Value) -> Vec<(String, String)> {
    v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap().to_string();
            (f("text"), f("label"))
        })
        .collect()
}

pub fn spans(app: &HameshApp) -> Vec<(String, String)> {
    let doc = app.annotations().expect("annotations");
    doc.spans
        .iter()
        .map(|s| (s.text.clone(), s.label.clone()))
        .collect()
}

pub fn pair(text: &str, label: &str) -> (String, String) {
    (text.to_string(), label.to_string())
}

/// Saves annotator `name`'s layer of our article, with spans `(range, label)`.
pub fn save_layer(store: &Store, name: &str, spans: &[(std::ops::Range<CharIndex>, &str)]) {
    let map = CharMap::new(TEXT);
    let source = Source {
        path: ARTICLE.into(),
        sha256: span::sha256_hex(TEXT),
        encoding: "UTF-8".into(),
        characters: map.len(),
    };
    let mut doc = DocumentAnnotations::new(source, name);
    for (range, label) in spans {
        let id = doc.allocate_id();
        doc.spans
            .push(span::make_span(TEXT, &map, id, range.clone(), label));
    }
    store.layer(name).unwrap().save(ARTICLE, &doc).unwrap();
}

/// Opens a dataset dialog from the File menu (`item`: "Export…" or "Import…").
pub fn dataset_menu(harness: &mut Harness<'_, HameshApp>, item: &str) {
    harness.get_by_label("File").click();
    harness.run_ok();
    // The item's accessible name includes its shortcut.
    harness.get_by_label_contains(item).click();
    harness.run_ok();
    assert!(
        harness.state().dataset_dialog_open(),
        "{item} opens its dialog"
    );
}
