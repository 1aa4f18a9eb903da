//! The headless commands as a user runs them: `hamesh layout --json` has the documented shape,
//! `hamesh render` writes a PNG whose ink sits on the right for an RTL article, and bad input
//! gets a clear message instead of a panic.

use std::path::Path;
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
