//! Hostile and degenerate input through the whole engine: layout, both dumps, hit testing,
//! carets and selection rectangles must not panic, must give finite, in-range answers, and must
//! stay linear in the paragraph's length.

use std::time::{Duration, Instant};

use hamesh::text::analysis::control_label;
use hamesh::text::dump::{layout_json, text_dump};
use hamesh::text::{Affinity, CharIndex, Document, FontChoice, Rect, TextStyle};

const WIDTH: f32 = 600.0;

fn finite(r: &Rect) -> bool {
    r.x0.is_finite() && r.x1.is_finite() && r.y0.is_finite() && r.y1.is_finite()
}

/// Evenly spread sample of `0..=n`, ends included, at most about `count` values.
fn sample(n: usize, count: usize) -> Vec<usize> {
    let step = (n / count.max(1)).max(1);
    let mut v: Vec<usize> = (0..=n).step_by(step).collect();
    if v.last() != Some(&n) {
        v.push(n);
    }
    v
}

/// Lays `text` out and asks everything of the layout; returns it for further checks.
fn exercise_with(text: &str, style: &TextStyle, width: f32) -> Document {
    let doc = Document::laid_out(text, style, width);
    let n = text.chars().count();

    // Structure: paragraphs cover the text; every paragraph has a line.
    assert!(!doc.is_empty());
    assert_eq!(
        doc.paragraphs().last().expect("a paragraph").span.chars.end,
        n
    );
    for p in doc.paragraphs() {
        assert!(!p.layout.lines.is_empty());
        assert!(p.layout.height > 0.0 && p.layout.height.is_finite());
    }
    assert!(doc.total_height().is_finite() && doc.total_height() > 0.0);

    let dump = text_dump(&doc);
    assert_eq!(
        dump.lines().count(),
        doc.paragraphs()
            .map(|p| p.layout.lines.len())
            .sum::<usize>()
    );
    let json = serde_json::to_string(&layout_json(&doc)).expect("layout serialises");
    assert!(json.starts_with('{'));

    // Hit testing on a grid that overshoots the layout on every side.
    for y in sample_f(-20.0, doc.total_height() + 20.0, 24) {
        for x in sample_f(-50.0, width.min(2000.0) + 50.0, 24) {
            let (at, _) = doc.hit_test(x, y).expect("every paragraph is laid out");
            assert!(at.0 <= n, "hit ({x}, {y}) gave {} of {n}", at.0);
        }
    }

    // Carets at a sample of offsets, both affinities.
    for at in sample(n, 200) {
        for affinity in [Affinity::Downstream, Affinity::Upstream] {
            let r = doc
                .caret_rect(CharIndex(at), affinity)
                .expect("every paragraph is laid out");
            assert!(finite(&r), "caret {at} {affinity:?}: {r:?}");
            assert!(
                r.y0 >= -0.01 && r.y1 <= doc.total_height() + 0.01,
                "caret {at}: {r:?}, width {width}, height {}",
                doc.total_height()
            );
        }
    }

    // Selections: everything, and a few slices.
    let points = sample(n, 6);
    let slices = points.windows(2).map(|w| w[0]..w[1]);
    for r in std::iter::once(0..n).chain(slices) {
        for rect in doc.range_rects(CharIndex(r.start)..CharIndex(r.end)) {
            assert!(finite(&rect), "range {r:?}: {rect:?}");
            assert!(rect.x1 >= rect.x0 - 0.01, "range {r:?}: {rect:?}");
        }
    }
    doc
}

/// [`exercise_with`] at the default style, and again with the Naskh face (its fallback chain
/// differs); returns the default layout.
fn exercise(text: &str) -> Document {
    let naskh = TextStyle {
        font: FontChoice::Naskh,
        ..TextStyle::default()
    };
    exercise_with(text, &naskh, WIDTH);
    exercise_with(text, &TextStyle::default(), WIDTH)
}

fn sample_f(lo: f32, hi: f32, count: usize) -> Vec<f32> {
    (0..=count)
        .map(|i| lo + (hi - lo) * i as f32 / count as f32)
        .collect()
}

const ARABIC_WORDS: &[&str] = &[
    "قالت",
    "الحكومة",
    "الروسية",
    "في",
    "بيان",
    "لا",
    "إنّ",
    "مُحَمَّدٌ",
    "٢٠١٥",
    "،",
    "الإعلان",
    "كـــتاب",
];

/// Arabic prose of about `chars` code points, one paragraph.
fn arabic_paragraph(chars: usize) -> String {
    let mut s = String::new();
    let mut count = 0;
    let mut i = 0;
    while count < chars {
        let w = ARABIC_WORDS[i % ARABIC_WORDS.len()];
        s.push_str(w);
        s.push(' ');
        count += w.chars().count() + 1;
        i += 7; // a stride coprime with the list's length mixes the order
    }
    s
}

#[test]
fn empty_and_break_only_documents() {
    let doc = exercise("");
    assert_eq!(doc.len(), 1);
    // \n, \r\n and \r: three breaks, four empty paragraphs.
    let doc = exercise("\n\r\n\r");
    assert_eq!(doc.len(), 4);
    let doc = exercise("سلام\n\n\nعليكم\n");
    assert_eq!(doc.len(), 5);
    for p in doc.paragraphs() {
        assert_eq!(p.layout.lines.len(), 1);
    }
    exercise("\n\n\n\n\n\n\n\n\n\n");
    exercise("\r\r\r\r\n\n");
}

#[test]
fn tabs_and_spaces() {
    exercise("\t");
    exercise("\t\t\tسلام\tعليكم\t");
    exercise("a\tb\tc\t\u{0627}\t");
    exercise("\u{00A0}");
    exercise("\u{00A0}\u{00A0}سلام\u{00A0}عليكم\u{00A0}2015\u{00A0}");
    exercise("     ");
    exercise("   سلام   ");
    exercise(&" ".repeat(5_000));
    exercise(&"\t".repeat(2_000));
    exercise("\u{2028}\u{2029}\u{0085}\u{000B}\u{000C}");
}

#[test]
fn replacement_marks_and_unassigned_code_points() {
    exercise("\u{FFFD}");
    exercise("abc\u{FFFD}سلام\u{FFFD}\u{FFFD}");
    // Combining marks with nothing to sit on.
    exercise("\u{064E}");
    exercise("\u{064E}سلام");
    exercise("\u{0301}");
    exercise("\u{0301}abc\n\u{064E}\u{064E}\u{064E}\n\u{0651}\u{0301}\u{0300}");
    exercise(" \u{064E}\t\u{0301}");
    // Unassigned, a tag character, the last code point, noncharacters, private use.
    exercise("\u{0378}");
    exercise("\u{E0080}");
    exercise("\u{10FFFF}");
    exercise("a\u{0378}b\u{E0080}c\u{10FFFF}d\u{FFFF}\u{FDD0}");
    exercise("\u{E000}\u{F8FF}\u{F0000}\u{10FFFD}سلام\u{E000}");
    // Surrogate-adjacent and other edge code points that Rust strings can hold.
    exercise("\u{D7FF}\u{E000}\u{0000}\u{001F}\u{007F}\u{0080}\u{009F}");
}

#[test]
fn text_no_face_can_draw_shows_the_missing_glyph_box() {
    for text in ["😀", "中文", "سلام 😀 عليكم 中文", "👍🏽👨‍👩‍👧", "a中b"]
    {
        let doc = exercise(text);
        let boxes: Vec<_> = doc
            .paragraphs()
            .flat_map(|p| {
                let view = p.view();
                (0..p.layout.lines.len())
                    .flat_map(|l| view.placed_glyphs(l))
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.id == 0)
            .collect();
        assert!(!boxes.is_empty(), "{text}: no missing-glyph box");
        for g in boxes {
            assert!(
                g.advance > 0.0,
                "{text}: missing-glyph box of no width {g:?}"
            );
        }
    }
}

#[test]
fn deeply_nested_bidi_controls() {
    let rle = "\u{202B}".repeat(200);
    exercise(&format!("{rle}abc سلام 123"));
    exercise(&format!("{rle}abc سلام 123{}", "\u{202C}".repeat(200)));
    exercise(&format!(
        "{}abc{}",
        "\u{202D}".repeat(300),
        "\u{202E}".repeat(300)
    ));
    // 1000 isolates, nested past the depth limit, then side by side.
    let nested = format!(
        "{}abc سلام{}",
        "\u{2067}\u{2066}".repeat(500),
        "\u{2069}".repeat(1_000)
    );
    exercise(&nested);
    let flat: String = (0..1_000)
        .map(|i| match i % 3 {
            0 => "\u{2066}abc\u{2069} ",
            1 => "\u{2067}سلام\u{2069} ",
            _ => "\u{2068}۱۲۳\u{2069} ",
        })
        .collect();
    exercise(&flat);
    // Unbalanced closers only.
    exercise(&"\u{2069}\u{202C}".repeat(500));
}

#[test]
fn long_words_break_between_graphemes() {
    let style = TextStyle::default();
    let arabic: String = "كتبيسمعلنهفجحخصضطظ".chars().cycle().take(5_000).collect();
    let latin: String = "abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(5_000)
        .collect();
    for word in [arabic, latin] {
        let doc = exercise_with(&word, &style, 100.0);
        let lines = &doc.paragraph(0).expect("laid out").layout.lines;
        assert!(lines.len() > 10);
        for (i, line) in lines.iter().enumerate() {
            if i + 1 < lines.len() {
                assert!(
                    line.width <= 100.0 + 0.01,
                    "line {i} of {} is {} px",
                    lines.len(),
                    line.width
                );
            }
            assert!(line.width > 0.0);
        }
    }
}

/// Lays out `text` `runs` times and returns the fastest.
fn fastest_layout(text: &str, runs: usize) -> Duration {
    let style = TextStyle::default();
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            let doc = Document::laid_out(text, &style, WIDTH);
            std::hint::black_box(&doc);
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn a_100k_character_paragraph_lays_out_in_linear_time() {
    let big = arabic_paragraph(100_000);
    let half = arabic_paragraph(50_000);
    assert!(!big.contains('\n'));
    let doc = exercise(&big);
    assert_eq!(doc.len(), 1);
    assert!(doc.paragraph(0).expect("laid out").layout.lines.len() > 500);

    // Doubling the input must not quadruple the time. Timing is noisy, so take the fastest of
    // a few runs, and measure again before failing.
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let t_half = fastest_layout(&half, 3);
        let t_big = fastest_layout(&big, 3);
        let ratio = t_big.as_secs_f64() / t_half.as_secs_f64();
        println!("layout: 50k chars {t_half:?}, 100k chars {t_big:?}, ratio {ratio:.2}");
        ratios.push(ratio);
        if ratio < 4.0 {
            break;
        }
    }
    let best = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(best < 4.0, "100k/50k layout time ratios {ratios:?}");

    // Re-wrapping, dumping and hit testing the big paragraph are linear too.
    let mut doc = doc;
    doc.rewrap(300.0);
    assert!(text_dump(&doc).lines().count() > 1_000);
}

/// Every invisible control the engine can show as a mark.
const CONTROLS: &[char] = &[
    '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}',
    '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

#[test]
fn controls_are_marks_when_shown_and_zero_width_units_when_hidden() {
    for &c in CONTROLS {
        let label = control_label(c).unwrap();
        for context in [
            "{}",
            "سلام{}کتاب",
            "می{}شود",
            "ab{}cd",
            "12{}34",
            "{}سلام",
            "abc{}",
        ] {
            let text = context.replace("{}", &c.to_string());
            let byte = text.find(c).unwrap();
            let span = byte..byte + c.len_utf8();
            for show_controls in [true, false] {
                let style = TextStyle {
                    show_controls,
                    ..TextStyle::default()
                };
                let doc = exercise_with(&text, &style, WIDTH);
                let p = doc.paragraph(0).expect("laid out");
                let view = p.view();
                let line = view.line_of(byte, Affinity::Downstream);
                let marks = view.placed_controls(line);
                let units = view.visual_units(line);
                let unit = units
                    .iter()
                    .find(|u| u.bytes == span)
                    .unwrap_or_else(|| panic!("{label} in {text:?}: no caret unit of its own"));
                if show_controls {
                    let mark = marks
                        .iter()
                        .find(|m| m.byte == byte)
                        .unwrap_or_else(|| panic!("{label} in {text:?}: no mark {marks:?}"));
                    assert_eq!(mark.label, label);
                    assert!(mark.width > 0.0, "{label} in {text:?}: {mark:?}");
                    assert!(unit.x1 - unit.x0 > 0.0, "{label} in {text:?}: {unit:?}");
                } else {
                    assert!(marks.is_empty(), "{label} in {text:?}: {marks:?}");
                    assert!(
                        (unit.x1 - unit.x0).abs() < 1e-4,
                        "{label} in {text:?}: hidden control has width {unit:?}"
                    );
                }
                // The caret can stand on both sides of the control.
                for (at, affinity) in [
                    (span.start, Affinity::Downstream),
                    (span.end, Affinity::Upstream),
                ] {
                    let (x, l) = view.caret_x(at, affinity);
                    assert!(x.is_finite());
                    assert_eq!(l, line);
                }
            }
        }
    }
}

#[test]
fn degenerate_widths_and_sizes() {
    let text = "سلام Putin 2015 عليكم\n\u{2067}abc\u{2069} ۱۲۳ می\u{200C}شود\n";
    for width in [
        0.0,
        -10.0,
        1e-30,
        1.0,
        1e30,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
    ] {
        let doc = exercise_with(text, &TextStyle::default(), width);
        let lines: usize = doc.paragraphs().map(|p| p.layout.lines.len()).sum();
        assert!(lines >= 3, "width {width}: {lines} lines");
    }
    for size_px in [0.5, 4.0, 200.0, 500.0] {
        let style = TextStyle {
            size_px,
            ..TextStyle::default()
        };
        exercise_with(text, &style, WIDTH);
    }
}

#[test]
fn long_graphemes_and_many_paragraphs() {
    // One grapheme of 20,000 code points: a base and its marks.
    let marks: String = std::iter::once('ب')
        .chain(std::iter::repeat_n('\u{064E}', 20_000))
        .collect();
    let doc = exercise(&marks);
    assert_eq!(doc.paragraph(0).expect("laid out").shaped.units.len(), 1);
    // Marks with no base at all, and a long ZWJ chain.
    exercise(&"\u{0651}".repeat(20_000));
    exercise(&"👨\u{200D}".repeat(3_000));
    exercise(&"ی\u{200C}".repeat(5_000));
    // 100,000 empty paragraphs.
    let doc = exercise(&"\n".repeat(100_000));
    assert_eq!(doc.len(), 100_001);
}
