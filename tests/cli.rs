//! The headless commands as a user runs them: `hamesh layout --json` has the documented shape,
//! `hamesh render` writes a PNG whose ink sits on the right for an RTL article, bad input gets a
//! clear message instead of a panic, and the command line answers as clap does (`--help` for
//! each subcommand, usage errors with exit status 2, runtime errors with 1).

use std::path::{Path, PathBuf};
use std::process::Command;

fn hamesh(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("hamesh runs")
}

const SAMPLE: &str = "assets/samples/001_bc119a91e0d0aa00.txt";

#[test]
fn layout_json_has_the_documented_shape() {
    let out = hamesh(&["layout", SAMPLE, "--width", "600", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["font"], "vazirmatn");
    assert_eq!(v["size_px"], 20.0);
    assert_eq!(v["width_px"], 600.0);
    let paragraphs = v["paragraphs"].as_array().expect("paragraphs");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE))
        .expect("sample");
    assert_eq!(paragraphs.len(), text.split('\n').count());
    let chars: Vec<char> = text.chars().collect();
    let mut previous_end = None;
    for p in paragraphs {
        let (start, end) = (p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
        if let Some(e) = previous_end {
            assert_eq!(start, e + 1, "paragraphs are separated by one line break");
        }
        previous_end = Some(end);
        assert!(p["direction"] == "rtl" || p["direction"] == "ltr");
        let lines = p["lines"].as_array().expect("lines");
        assert_eq!(lines.first().unwrap()["start"], p["start"]);
        assert_eq!(lines.last().unwrap()["end"], p["end"]);
        for l in lines {
            assert!(l["width_px"].as_f64().unwrap() <= 600.0 + 1e-3);
            let mut last_x = f64::MIN;
            for g in l["glyphs"].as_array().expect("glyphs") {
                assert_eq!(g["font"], "Vazirmatn-Regular.ttf");
                assert!(g["id"].as_u64().is_some());
                let cluster = g["cluster"].as_u64().unwrap();
                assert!(cluster >= l["start"].as_u64().unwrap());
                assert!(cluster < l["end"].as_u64().unwrap());
                assert!(!chars[cluster as usize].is_control());
                let x = g["x"].as_f64().unwrap();
                assert!(x >= last_x - 1.0, "glyphs run left to right");
                last_x = x;
                assert!(g["advance"].as_f64().is_some());
            }
        }
    }
}

#[test]
fn render_writes_a_right_aligned_png() {
    let dir = std::env::temp_dir().join(format!("hamesh-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("short.txt");
    std::fs::write(&text, "سلام\n").unwrap();
    let png = dir.join("page.png");
    let out = hamesh(&[
        "render",
        text.to_str().unwrap(),
        "--width",
        "400",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::fs::File::open(&png).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, 448, "width plus two 24 px margins");
    // Find the ink's horizontal extent: dark pixels on the light page.
    let (mut min_x, mut max_x) = (u32::MAX, 0);
    for y in 0..info.height {
        for x in 0..info.width {
            let i = ((y * info.width + x) * 3) as usize;
            if buf[i] < 128 {
                min_x = min_x.min(x);
                max_x = max_x.max(x);
            }
        }
    }
    assert!(
        max_x > 400 && max_x <= 424 + 1,
        "ink ends at the right margin: {max_x}"
    );
    assert!(min_x > 300, "a short RTL line is right-aligned: {min_x}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_gets_a_message_not_a_panic() {
    let out = hamesh(&["layout", "no/such/file.txt", "--width", "600", "--json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read"), "{err}");
    assert!(!err.contains("panicked"));

    let out = hamesh(&["layout", SAMPLE, "--json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--width"));

    let dir = std::env::temp_dir().join(format!("hamesh-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("binary.txt");
    std::fs::write(&bin, [0x61, 0xC7, 0x28, 0xFF]).unwrap();
    let out = hamesh(&["layout", bin.to_str().unwrap(), "--width", "600", "--json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs hamesh in `dir` with no display, so a command that would open the window fails fast.
fn hamesh_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .current_dir(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .expect("hamesh runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hamesh-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A usage error: clap's `error:` form, exit status 2, and `needle` in the message.
fn usage_error(out: &std::process::Output, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(needle), "{needle:?} not in {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn every_subcommand_has_its_help() {
    for (command, option) in [
        ("layout", "--width <PX>"),
        ("render", "--out <PAGE.png>"),
        ("ls", "--json"),
        ("export", "--offset-unit <UNIT>"),
        ("import", "--skip-existing"),
        ("search", "--no-whole-word"),
        ("suggest", "--sources <SOURCES>"),
        ("entities", "--unlinked"),
        ("completions", "<SHELL>"),
    ] {
        let out = hamesh(&[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{command}: {help}");
        assert!(
            help.contains(&format!("Usage: hamesh {command}")),
            "{command}: {help}"
        );
        assert!(help.contains(option), "{command}: {option} not in {help}");
    }
}

#[test]
fn the_main_help_names_the_window_and_every_subcommand() {
    let out = hamesh(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Usage: hamesh [PATH]"), "{help}");
    for command in [
        "layout",
        "render",
        "ls",
        "export",
        "import",
        "search",
        "suggest",
        "entities",
        "completions",
    ] {
        assert!(
            help.contains(&format!("\n  {command} ")),
            "{command} in {help}"
        );
    }
}

#[test]
fn a_word_that_is_no_subcommand_and_no_path_is_a_usage_error() {
    let dir = scratch("unknown");
    let out = hamesh_in(&dir, &["annotate", "war"]);
    usage_error(&out, "unrecognized subcommand 'annotate'");
    let out = hamesh_in(&dir, &["exprot"]);
    usage_error(&out, "a similar subcommand exists: 'export'");
    std::fs::remove_dir_all(&dir).ok();
}

/// With no display the window cannot open: the command got past the command line (exit 1 and
/// the window's own message, not a usage error).
#[cfg(target_os = "linux")]
#[test]
fn a_word_that_names_a_folder_opens_the_window_there() {
    let dir = scratch("folder-word");
    std::fs::create_dir_all(dir.join("annotate")).unwrap();
    let out = hamesh_in(&dir, &["annotate"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("hamesh: cannot open the window"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn out_of_range_numbers_are_usage_errors() {
    let out = hamesh(&["layout", SAMPLE, "--width", "0", "--json"]);
    usage_error(&out, "invalid value '0' for '--width <PX>'");
    let out = hamesh(&["layout", SAMPLE, "--width", "-5", "--json"]);
    usage_error(&out, "the width must be a positive number of pixels");
    let out = hamesh(&["layout", SAMPLE, "--width", "wide", "--json"]);
    usage_error(&out, "expected a number of pixels, got \"wide\"");
    let out = hamesh(&[
        "layout", SAMPLE, "--width", "600", "--size", "600", "--text",
    ]);
    usage_error(&out, "the size must be between 1 and 500 pixels");
}

#[test]
fn unknown_words_are_usage_errors_that_list_the_choices() {
    let out = hamesh(&[
        "layout", SAMPLE, "--width", "600", "--font", "comic", "--json",
    ]);
    usage_error(&out, "unknown font \"comic\"; expected vazirmatn or naskh");
    let out = hamesh(&[
        "render", SAMPLE, "--width", "600", "-o", "x.png", "--theme", "sepia",
    ]);
    usage_error(&out, "unknown theme \"sepia\"");
}

#[test]
fn layout_asks_for_one_of_json_and_text() {
    usage_error(&hamesh(&["layout", SAMPLE, "--width", "600"]), "--json");
    usage_error(
        &hamesh(&["layout", SAMPLE, "--width", "600", "--json", "--text"]),
        "cannot be used with",
    );
}

#[test]
fn a_repeated_option_takes_its_last_value() {
    let once = hamesh(&["layout", SAMPLE, "--width", "300", "--text"]);
    let twice = hamesh(&[
        "layout", SAMPLE, "--width", "900", "--width", "300", "--text",
    ]);
    assert!(twice.status.success());
    assert_eq!(once.stdout, twice.stdout);
}

#[test]
fn only_done_and_document_are_exclusive() {
    let out = hamesh(&[
        "export",
        "assets/samples",
        "-o",
        "x.json",
        "--only-done",
        "--document",
        "000_d5fe01cfcadbce81.txt",
    ]);
    usage_error(&out, "'--only-done' cannot be used with '--document <REL>'");
}

#[test]
fn a_runtime_failure_exits_1_with_the_program_name() {
    let out = hamesh(&["ls", "no/such/folder"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end(), "hamesh: no/such/folder is not a folder");
}

#[test]
fn a_failure_names_its_cause_once() {
    let out = hamesh(&["layout", "no/such/file.txt", "--width", "600", "--text"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_hamesh()"),
        ("zsh", "#compdef hamesh"),
        ("fish", "complete -c hamesh"),
    ] {
        let out = hamesh(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains(marker),
            "{shell}: {marker} not in the script"
        );
        assert!(
            script.contains("label-studio"),
            "{shell}: the formats are completed"
        );
    }
    usage_error(&hamesh(&["completions", "tcsh"]), "invalid value 'tcsh'");
}

/// A file or folder name that is not UTF-8 (Latin-1 "café"). Linux file systems take any
/// bytes; macOS and Windows do not, so these tests run on Linux.
#[cfg(target_os = "linux")]
fn latin1_name(ext: &str) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    let mut name = b"caf\xe9".to_vec();
    name.extend_from_slice(ext.as_bytes());
    std::ffi::OsStr::from_bytes(&name).to_os_string()
}

#[cfg(target_os = "linux")]
fn hamesh_os(dir: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .current_dir(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .expect("hamesh runs")
}

#[cfg(target_os = "linux")]
#[test]
fn layout_reads_a_file_whose_name_is_not_utf8() {
    let dir = scratch("latin1-layout");
    let file = dir.join(latin1_name(".txt"));
    std::fs::write(&file, "سلام\nدنیا\n").unwrap();
    let out = hamesh_os(
        &dir,
        &[
            "layout".as_ref(),
            file.as_os_str(),
            "--width".as_ref(),
            "400".as_ref(),
            "--json".as_ref(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["paragraphs"].as_array().map(Vec::len), Some(3));
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(target_os = "linux")]
#[test]
fn render_reads_and_writes_names_that_are_not_utf8() {
    let dir = scratch("latin1-render");
    let file = dir.join(latin1_name(".txt"));
    std::fs::write(&file, "سلام\n").unwrap();
    let png = dir.join(latin1_name(".png"));
    let out = hamesh_os(
        &dir,
        &[
            "render".as_ref(),
            file.as_os_str(),
            "--width".as_ref(),
            "400".as_ref(),
            "--out".as_ref(),
            png.as_os_str(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("wrote "), "{err}");
    let bytes = std::fs::read(&png).expect("the page was written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(target_os = "linux")]
#[test]
fn a_missing_file_whose_name_is_not_utf8_gets_a_message() {
    let dir = scratch("latin1-missing");
    let file = dir.join(latin1_name(".txt"));
    let out = hamesh_os(
        &dir,
        &[
            "layout".as_ref(),
            file.as_os_str(),
            "--width".as_ref(),
            "400".as_ref(),
            "--text".as_ref(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot read"), "{err}");
    assert!(
        err.contains("caf\u{FFFD}.txt"),
        "the name is shown, lossily: {err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(target_os = "linux")]
#[test]
fn ls_lists_a_folder_whose_name_is_not_utf8() {
    let dir = scratch("latin1-ls");
    let folder = dir.join(latin1_name(""));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), "سلام\n").unwrap();
    let out = hamesh_os(
        &dir,
        &["ls".as_ref(), folder.as_os_str(), "--json".as_ref()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v[0]["path"], "a.txt");
    std::fs::remove_dir_all(&dir).ok();
}

/// `hamesh PATH` with a name that is not UTF-8 reaches the window (which cannot open here, with
/// no display) instead of panicking while reading the command line.
#[cfg(target_os = "linux")]
#[test]
fn the_window_takes_a_path_that_is_not_utf8() {
    let dir = scratch("latin1-window");
    let folder = dir.join(latin1_name(""));
    std::fs::create_dir_all(&folder).unwrap();
    let out = hamesh_os(&dir, &[folder.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("hamesh: cannot open the window"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(target_os = "linux")]
#[test]
fn export_and_import_take_paths_that_are_not_utf8() {
    let dir = scratch("latin1-dataset");
    let folder = dir.join(latin1_name(""));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), "سلام\n").unwrap();
    let dataset = dir.join(latin1_name(".json"));
    let out = hamesh_os(
        &dir,
        &[
            "export".as_ref(),
            folder.as_os_str(),
            "-o".as_ref(),
            dataset.as_os_str(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("wrote 1 documents"), "{err}");
    let out = hamesh_os(
        &dir,
        &[
            "import".as_ref(),
            dataset.as_os_str(),
            "--into".as_ref(),
            folder.as_os_str(),
            "--dry-run".as_ref(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("dry run: nothing was written"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The sample articles one after another, `times` over.
fn samples_text(times: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let one: String = names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    one.repeat(times)
}

/// `layout` writes each paragraph as it is laid out; the bytes are those of the whole layout
/// serialised at once, in both forms, with controls shown and a forced direction too.
#[test]
fn layout_streams_the_same_bytes_as_the_whole_layout() {
    use hamesh::text::dump::{layout_json, text_dump};
    use hamesh::text::{DirectionChoice, Document, Language, TextStyle};
    let dir = scratch("stream-same");
    let text = samples_text(3) + "\u{200C}\u{202E}abc\u{202C}\n\n";
    let file = dir.join("all.txt");
    std::fs::write(&file, &text).unwrap();
    let file = file.to_str().unwrap();
    for (extra, direction) in [
        (&[][..], DirectionChoice::Auto),
        (
            &["--show-controls", "--dir", "ltr"][..],
            DirectionChoice::Ltr,
        ),
    ] {
        let style = TextStyle {
            language: Language::detect(&text),
            show_controls: !extra.is_empty(),
            direction,
            ..TextStyle::default()
        };
        let doc = Document::laid_out(&text, &style, 500.0);
        let mut json = serde_json::to_string(&layout_json(&doc)).unwrap();
        json.push('\n');
        let mut args = vec!["layout", file, "--width", "500", "--json"];
        args.extend_from_slice(extra);
        let out = hamesh(&args);
        assert!(out.status.success());
        assert!(
            out.stdout == json.as_bytes(),
            "the JSON differs ({extra:?})"
        );
        args[4] = "--text";
        let out = hamesh(&args);
        assert!(out.status.success());
        assert!(
            out.stdout == text_dump(&doc).as_bytes(),
            "the text differs ({extra:?})"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A 4 MB article gives 200 MB of JSON; laying it out whole and building the JSON as one string
/// took more than 256 MB of address space, where streaming needs a fraction of it.
#[cfg(target_os = "linux")]
#[test]
fn layout_of_a_long_article_runs_in_bounded_memory() {
    #[derive(serde::Deserialize)]
    struct Shape {
        font: String,
        paragraphs: Vec<serde::de::IgnoredAny>,
    }
    let dir = scratch("stream-long");
    let text = samples_text(120);
    let file = dir.join("long.txt");
    std::fs::write(&file, &text).unwrap();
    for form in ["--json", "--text"] {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 256000; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_hamesh"))
            .arg("layout")
            .arg(&file)
            .args(["--width", "600", form])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("sh runs");
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let paragraphs = if form == "--json" {
            let shape: Shape = serde_json::from_reader(stdout).expect("valid JSON");
            assert_eq!(shape.font, "vazirmatn");
            shape.paragraphs.len()
        } else {
            use std::io::BufRead;
            let mut seen = std::collections::HashSet::new();
            for line in stdout.lines() {
                let line = line.unwrap();
                let p = line.split('L').next().unwrap().to_string();
                seen.insert(p);
            }
            seen.len()
        };
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{form}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(paragraphs, text.split('\n').count(), "{form}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
