//! The real app driven through egui_kittest: open the sample folder, wait for the scan, pick the
//! Persian article with the mouse and the keyboard, zoom, switch theme and interface language,
//! restart and find everything where it was; and a 10,000-article folder listed and filtered.
//!
//! Assertions are on the app's state and layout, not on images. Each test keeps its settings
//! in its own temporary folder (what `HAMESH_CONFIG_DIR` does for the binary) and reads a copy
//! of the samples, since opening a folder creates its annotation store (`.hamesh`).

mod app_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use app_support::AppView;
use egui::{Key, Modifiers, Role, Theme, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hamesh::settings::{ThemeChoice, UiLanguage};
use hamesh::text::Language;
use hamesh::ui::{HameshApp, Startup};

const PERSIAN: &str = "003_c21b3274f8c0af60.txt";
const SIZE: egui::Vec2 = vec2(1200.0, 800.0);

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("hamesh-gui-{name}-{}", std::process::id()));
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

/// A copy of the sample articles in `dir`.
fn samples_in(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let to = dir.join("samples");
    std::fs::create_dir_all(&to).unwrap();
    // The article files only: running the app on the samples leaves a `.hamesh` folder there.
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            std::fs::write(to.join(e.file_name()), std::fs::read(e.path()).unwrap()).unwrap();
        }
    }
    to
}

/// The app as `hamesh [open]` starts it, with its settings in `config`.
fn start(config: &Path, open: Option<PathBuf>) -> Harness<'static, HameshApp> {
    let settings = config.join("settings.json");
    Harness::builder()
        .with_size(SIZE)
        .with_max_steps(12)
        .build_eframe(move |cc| HameshApp::new(&cc.egui_ctx, Startup::new(settings, open)))
}

/// Runs frames until `done` holds (the scan and loads run on worker threads).
fn step_until(harness: &mut Harness<'_, HameshApp>, what: &str, done: impl Fn(&HameshApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    // Let the frame after the change settle (layout, repaint requests).
    harness.run_ok();
}

fn reading(harness: &mut Harness<'_, HameshApp>, path: &'static str) {
    step_until(harness, path, move |app| {
        app.current_article() == Some(path) && app.reader().is_some_and(|r| r.painted_glyphs() > 0)
    });
}

#[test]
fn read_zoom_theme_mirror_and_restart() {
    let config = TempDir::new("session");
    let samples = samples_in(&config.0);
    let mut harness = start(&config.0, Some(samples.clone()));
    step_until(&mut harness, "the scan", |app| {
        app.article_count() == 5 && app.scan_done()
    });
    assert_eq!(harness.state().list_rows(), 5);
    // With nothing remembered, the first article opens by itself.
    reading(&mut harness, "000_d5fe01cfcadbce81.txt");

    // A click on a row opens its article (rows are named by their titles).
    let title = harness.state().articles()[1]
        .info
        .as_ref()
        .expect("read")
        .title
        .clone();
    harness
        .get_by_role_and_label(Role::ListBoxOption, &title)
        .click();
    harness.run_ok();
    reading(&mut harness, "001_bc119a91e0d0aa00.txt");

    // ↓ moves down the list and opens; Alt+↓ goes to the next article too.
    harness.key_press(Key::ArrowDown);
    harness.run_ok();
    reading(&mut harness, "002_66f038ba52c8d11c.txt");
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run_ok();
    reading(&mut harness, PERSIAN);
    {
        let app = harness.state();
        assert_eq!(app.article_language(), Some(Language::Persian));
        assert_eq!(app.reader().unwrap().style().language, Language::Persian);
        assert!(app.reader().unwrap().painted_glyphs() > 200);
        assert_eq!(app.selected_article(), Some(PERSIAN));
        let list = app.list_panel_rect().expect("a list");
        let reader = app.reader_rect().expect("a reader");
        assert!(
            list.max.x <= reader.min.x + 1.0,
            "English: the list on the left"
        );
    }

    // Ctrl+= makes the text larger, in the settings and in the reader.
    let before = harness.state().text_size();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run_ok();
    let after = harness.state().text_size();
    assert!(after > before, "{before} → {after}");
    assert_eq!(harness.state().reader().unwrap().style().size_px, after);
    assert!(harness.state().reader().unwrap().painted_glyphs() > 0);

    // The toolbar's theme button.
    harness.get_by_label("Dark").click();
    harness.run_ok();
    assert_eq!(harness.state().theme(), ThemeChoice::Dark);
    assert_eq!(harness.ctx.theme(), Theme::Dark);

    // A page down, to find the position again after the restart.
    harness.key_press(Key::PageDown);
    harness.run_ok();
    let offset = harness.state().reader().unwrap().scroll().offset;
    assert!(offset > 100.0, "paged down to {offset}");

    // The interface in Persian, through the View menu.
    harness.get_by_label("View").click();
    harness.run_ok();
    harness.get_by_label("Interface language").click();
    harness.run_ok();
    harness.get_by_label("فارسی").click();
    harness.run_ok();
    assert_eq!(harness.state().ui_language(), UiLanguage::Fa);
    check_mirrored(&mut harness);

    // Restart with the same settings folder.
    harness.state_mut().save_settings_now();
    drop(harness);
    let mut harness = start(&config.0, None);
    reading(&mut harness, PERSIAN);
    step_until(&mut harness, "the restored scroll", |app| {
        app.reader()
            .is_some_and(|r| !r.scroll_pending() && r.scroll().offset > 0.0)
    });
    let app = harness.state();
    assert_eq!(
        app.corpus_root(),
        Some(samples.canonicalize().unwrap().as_path())
    );
    assert_eq!(app.text_size(), after);
    assert_eq!(app.theme(), ThemeChoice::Dark);
    assert_eq!(app.ui_language(), UiLanguage::Fa);
    assert_eq!(harness.ctx.theme(), Theme::Dark);
    let restored = app.reader().unwrap().scroll().offset;
    assert!((restored - offset).abs() < 2.0, "{offset} → {restored}");
    check_mirrored(&mut harness);
}

/// The Persian interface mirrors: the list on the right, the menus from the right.
fn check_mirrored(harness: &mut Harness<'_, HameshApp>) {
    harness.run_ok();
    let app = harness.state();
    let list = app.list_panel_rect().expect("a list");
    let reader = app.reader_rect().expect("a reader");
    assert!(
        list.min.x > SIZE.x / 2.0,
        "list on the right half: {list:?}"
    );
    assert!(reader.max.x <= list.min.x + 1.0);
    let file = harness.get_by_label("پرونده").rect();
    let view = harness.get_by_label("نما").rect();
    assert!(
        file.min.x > SIZE.x / 2.0,
        "File menu on the right: {file:?}"
    );
    assert!(view.max.x <= file.min.x, "View to the left of File");
    // A submenu opens on the left of its whole menu: over neither the menu nor the list.
    harness.get_by_label("نما").click();
    harness.run_ok();
    let item = harness.get_by_label("زبان رابط");
    // The menu's widest item (the toolbar has a button of the same name, higher up).
    let menu_left = harness
        .query_all_by_label("نمایش نویسه‌های پنهان")
        .map(|n| n.rect())
        .max_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .unwrap()
        .min
        .x;
    item.hover();
    harness.run_ok();
    let english = harness.get_by_label("English").rect();
    assert!(
        english.max.x <= menu_left,
        "the language submenu {english:?} opens left of its menu (from x {menu_left})"
    );
    harness.key_press(Key::Escape);
    harness.run_ok();
}

#[test]
fn page_down_at_the_end_goes_to_the_next_article_and_reopen_as_keeps_the_text() {
    let config = TempDir::new("paging");
    let file = samples_in(&config.0).join("001_bc119a91e0d0aa00.txt");
    let mut harness = start(&config.0, Some(file));
    reading(&mut harness, "001_bc119a91e0d0aa00.txt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.run_ok();
    assert!(harness.state().reader().unwrap().scroll().at_end());
    harness.key_press(Key::PageDown);
    harness.run_ok();
    reading(&mut harness, "002_66f038ba52c8d11c.txt");

    // UTF-8 Arabic is not UTF-16: the message is shown and the text stays.
    harness
        .state_mut()
        .apply(hamesh::ui::FolderCommand::ReopenAs(
            hamesh::corpus::decode::Encoding::Utf16Be,
        ));
    step_until(&mut harness, "the failed reopen", |app| {
        !app.is_loading() && !app.notices().is_empty()
    });
    let app = harness.state();
    assert_eq!(app.current_article(), Some("002_66f038ba52c8d11c.txt"));
    assert_eq!(
        app.article_encoding(),
        Some(hamesh::corpus::decode::Encoding::Utf8)
    );
    assert_eq!(app.notices()[0].msg, hamesh::i18n::Msg::CannotReopen);
}

#[test]
fn ten_thousand_articles_list_and_filter() {
    let dir = TempDir::new("ten-thousand");
    let corpus = dir.0.join("corpus");
    for i in 0..10_000 {
        let topic = if i % 100 == 7 {
            "طالبان"
        } else {
            "الطقس"
        };
        let sub = corpus.join(format!("{:02}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let text = format!("خبر رقم {i} عن {topic}\n\nنص المقال {i}.");
        std::fs::write(sub.join(format!("{i}.txt")), text).unwrap();
    }
    let config = dir.0.join("config");
    let mut harness = start(&config, Some(corpus));
    step_until(&mut harness, "the walk", |app| {
        app.article_count() == 10_000
    });
    assert_eq!(harness.state().list_rows(), 10_000);
    step_until(&mut harness, "the scan", |app| app.scan_done());

    // Typing in the filter box narrows the list; titles (not only paths) match. (The filter is
    // the first text field; the highlight panel has others.)
    let filter = harness.get_all_by_role(Role::TextInput).next().unwrap();
    filter.focus();
    filter.type_text("طالبان");
    harness.run_ok();
    let app = harness.state();
    assert_eq!(app.list_rows(), 100);
    assert!(
        app.list_row(0)
            .and_then(|a| a.info.as_ref())
            .is_some_and(|i| i.title.contains("طالبان"))
    );
    // Paths match too, case-insensitively.
    harness.state_mut().set_filter("03/303");
    assert_eq!(
        harness.state().list_rows(),
        10,
        "03/3030.txt to 03/3039.txt"
    );
    harness.state_mut().set_filter("3031.TXT");
    assert_eq!(harness.state().list_rows(), 1);
    harness.state_mut().set_filter("");
    assert_eq!(harness.state().list_rows(), 10_000);

    // Scrolling the full list: each frame draws (and shapes) only the rows in view.
    harness.run_ok();
    let top_before = harness
        .get_all_by_role(Role::ListBoxOption)
        .next()
        .unwrap()
        .rect();
    let shaped_before = harness.state().labels_shaped();
    let mut frames = Vec::new();
    for _ in 0..40 {
        let last = harness.get_all_by_role(Role::ListBoxOption).last().unwrap();
        last.scroll_down();
        let t = Instant::now();
        harness.step();
        harness.step();
        frames.push(t.elapsed() / 2);
    }
    frames.sort();
    eprintln!(
        "10,000 articles: scrolling frames median {:?}, worst {:?}",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    assert!(
        frames[frames.len() / 2] < Duration::from_millis(100),
        "{frames:?}"
    );
    let top_after = harness
        .get_all_by_role(Role::ListBoxOption)
        .next()
        .unwrap()
        .rect();
    let shaped_after = harness.state().labels_shaped();
    assert!(top_after.min.y < top_before.min.y, "the list scrolled");
    assert!(shaped_after > shaped_before, "new rows came into view");
    assert!(
        harness.state().labels_shaped() < 600,
        "{}",
        harness.state().labels_shaped()
    );
}

#[test]
fn a_start_screen_without_a_folder_opens_a_typed_path() {
    let config = TempDir::new("start");
    let mut harness = start(&config.0, None);
    assert!(harness.state().corpus_root().is_none());
    harness.get_by_label("Recent folders");
    // The path field is the first; the annotator's name comes after it.
    let field = harness.get_all_by_role(Role::TextInput).next().unwrap();
    field.focus();
    field.type_text(&samples_in(&config.0).display().to_string());
    harness.run_ok();
    harness.get_by_label("Open").click();
    harness.run_ok();
    reading(&mut harness, "000_d5fe01cfcadbce81.txt");
    assert_eq!(harness.state().settings().recent_folders.len(), 1);
}

/// File → Open folder… while a folder is open, where no system dialog can be shown: a window
/// with the path field takes the dialog's place, and opens the folder typed there.
#[test]
fn open_folder_without_a_system_dialog_while_a_folder_is_open() {
    let config = TempDir::new("open-no-dialog");
    let samples = samples_in(&config.0);
    let other = config.0.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("one.txt"), "مقالة واحدة في مجلد آخر.").unwrap();
    let mut harness = start(&config.0, Some(samples.clone()));
    reading(&mut harness, "000_d5fe01cfcadbce81.txt");
    harness
        .state_mut()
        .folder_dialog_closed(hamesh::ui::dialog::DialogOutcome::Unavailable);
    harness.run_ok();
    harness.get_by_label_contains("The folder dialog could not be shown");
    let field = harness.get_by_role_and_label(Role::TextInput, "Folder path");
    assert_eq!(
        field.value().as_deref(),
        Some(samples.canonicalize().unwrap().to_str().unwrap())
    );
    // Replace the proposed path with the other folder's, then Enter.
    field.focus();
    harness.run_ok();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Folder path")
        .type_text(&other.display().to_string());
    harness.run_ok();
    harness.key_press(egui::Key::Enter);
    harness.run_ok();
    reading(&mut harness, "one.txt");
    assert!(
        harness
            .query_by_label_contains("The folder dialog could not be shown")
            .is_none()
    );
}

#[test]
fn a_20_mb_article_opens_without_freezing_the_window() {
    let dir = TempDir::new("large");
    let corpus = dir.0.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let paragraph = "وقال المتحدث في مؤتمر صحفي يوم الثلاثاء 27 أكتوبر 2015 إن المحادثات مستمرة منذ أشهر، وإن الوضع يقلق موسكو وطهران وكابول على حد سواء.\n";
    let text = paragraph.repeat(20_000_000 / paragraph.len() + 1);
    assert!(text.len() >= 20_000_000);
    let file = corpus.join("large.txt");
    std::fs::write(&file, &text).unwrap();
    let config = dir.0.join("config");

    let mut harness = start(&config, Some(file));
    // The file is read, decoded and split on a worker: frames keep coming meanwhile.
    let mut slowest = Duration::ZERO;
    let deadline = Instant::now() + Duration::from_secs(120);
    while harness.state().current_article() != Some("large.txt") {
        assert!(Instant::now() < deadline, "timed out loading");
        let t = Instant::now();
        harness.step();
        slowest = slowest.max(t.elapsed());
        std::thread::sleep(Duration::from_millis(2));
    }
    reading(&mut harness, "large.txt");
    eprintln!(
        "20 MB: loaded on the worker in {:.0} ms; slowest frame while loading {:?}",
        harness.state().article_load_ms().unwrap(),
        slowest
    );

    // Frames while reading and jumping to the end cost the paragraphs in view, not the
    // document: each is far below a frame budget even in a debug build.
    let mut frames = Vec::new();
    for key in [
        Key::PageDown,
        Key::PageDown,
        Key::End,
        Key::PageUp,
        Key::Home,
    ] {
        harness.key_press(key);
        for _ in 0..3 {
            let t = Instant::now();
            harness.step();
            frames.push(t.elapsed());
        }
    }
    frames.sort();
    let median = frames[frames.len() / 2];
    let worst = frames[frames.len() - 1];
    eprintln!("20 MB: reading frames median {median:?}, worst {worst:?}");
    assert!(median < Duration::from_millis(100), "{frames:?}");
    let reader = harness.state().reader().unwrap();
    assert!(reader.painted_glyphs() > 100);
    assert!(reader.char_len() > 10_000_000);
}

#[test]
fn a_large_article_named_at_start_shows_its_start_while_the_rest_is_prepared() {
    let dir = TempDir::new("preload");
    let corpus = dir.0.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let paragraph =
        "وقال المتحدث في مؤتمر صحفي إن المحادثات مستمرة منذ أشهر، وإن الوضع يقلق موسكو.\n";
    let text = paragraph.repeat(12_000_000 / paragraph.len());
    let file = corpus.join("large.txt");
    std::fs::write(&file, &text).unwrap();
    let settings = dir.0.join("config").join("settings.json");

    // As `hamesh FILE` starts: the article is read before the window is made.
    let startup = Startup::new(settings, Some(file)).preload();
    let mut harness = Harness::builder()
        .with_size(SIZE)
        .with_max_steps(12)
        .build_eframe(move |cc| HameshApp::new(&cc.egui_ctx, startup));
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut start_painted, mut start_reader) = (0, None);
    while harness.state().current_article() != Some("large.txt") {
        assert!(Instant::now() < deadline, "timed out loading");
        harness.step();
        let app = harness.state();
        let folder = app.folder().expect("the folder is open");
        if let Some(start) = folder.preview() {
            assert!(text.starts_with(start.text()) && start.text().len() < text.len());
            start_painted = start_painted.max(start.painted_glyphs());
            // The highlight panel's place is kept, so the text hardly re-wraps later.
            assert!(app.highlight_panel_rect().is_some());
            start_reader = app.reader_rect();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    reading(&mut harness, "large.txt");
    if let Some(start) = start_reader {
        let whole = harness.state().reader_rect().unwrap();
        assert_eq!(start.min, whole.min);
        let widths = (start.width(), whole.width());
        assert!((widths.0 - widths.1).abs() < widths.1 * 0.05, "{widths:?}");
    }
    eprintln!("12 MB at start: the start painted {start_painted} glyphs before the article came");
    let app = harness.state();
    assert!(app.folder().unwrap().preview().is_none());
    let reader = app.reader().unwrap();
    assert_eq!(reader.text(), text);
    assert_eq!(reader.scroll().offset, 0.0);
    assert!(reader.painted_glyphs() > 100);
}
