//! Text dumps of laid-out lines in visual order: one line per visual line, pieces left to
//! right, each piece's text in logical order. Small cases are written out here; the sample
//! articles are compared with committed dumps in `tests/fixtures/dumps/` (regenerate with
//! `UPDATE_DUMPS=1 cargo test --test layout_dump` and review the diff).

use std::path::Path;

use hamesh::text::dump::text_dump;
use hamesh::text::fonts::{FontId, face};
use hamesh::text::{DirectionChoice, Document, FontChoice, Language, TextStyle};

fn dump(text: &str, width: f32) -> String {
    dump_with(text, width, DirectionChoice::Auto)
}

fn dump_with(text: &str, width: f32, direction: DirectionChoice) -> String {
    let style = TextStyle {
        direction,
        language: Language::detect(text),
        ..TextStyle::default()
    };
    text_dump(&Document::laid_out(text, &style, width))
}

#[test]
fn date_line_keeps_numbers_left_to_right_between_arabic_words() {
    assert_eq!(
        dump("الثلاثاء 27 أكتوبر 2015 09:10 ص", 600.0),
        "P0L0 rtl [rtl  ص][ltr 09:10][rtl  ][ltr 2015][rtl  أكتوبر ][ltr 27][rtl الثلاثاء ]\n"
    );
}

#[test]
fn wrapped_rtl_paragraph_keeps_its_lines_in_reading_order() {
    let text = "تعمل حركة طالبان، بعيداً عن الأضواء، على إقامة اتصالات مع الدول السوفيتية السابقة";
    assert_eq!(
        dump(text, 250.0),
        "P0L0 rtl [rtl تعمل حركة طالبان، بعيداً عن ]\n\
         P0L1 rtl [rtl الأضواء، على إقامة اتصالات مع ]\n\
         P0L2 rtl [rtl الدول السوفيتية السابقة]\n"
    );
}

#[test]
fn latin_name_inside_arabic_is_one_ltr_piece() {
    assert_eq!(
        dump("قال Vladimir Putin إن", 600.0),
        "P0L0 rtl [rtl  إن][ltr Vladimir Putin][rtl قال ]\n"
    );
}

#[test]
fn ltr_paragraph_with_an_arabic_phrase() {
    assert_eq!(
        dump("The agency said «الوضع القائم» was stable.", 600.0),
        "P0L0 ltr [ltr The agency said «][rtl الوضع القائم][ltr » was stable.]\n"
    );
}

#[test]
fn rtl_paragraph_starting_with_a_latin_word_is_forced_rtl_or_follows_first_strong() {
    let text = "iPhone هو الأكثر مبيعاً";
    assert_eq!(
        dump(text, 600.0),
        "P0L0 ltr [ltr iPhone ][rtl هو الأكثر مبيعاً]\n"
    );
    assert_eq!(
        dump_with(text, 600.0, DirectionChoice::Rtl),
        "P0L0 rtl [rtl  هو الأكثر مبيعاً][ltr iPhone]\n"
    );
}

#[test]
fn explicit_embedding_and_isolate() {
    // RLE … PDF raises the Arabic-with-number to an RTL embedding inside an LTR sentence.
    assert_eq!(
        dump("Title: \u{202B}تقرير 2015\u{202C} done", 600.0),
        "P0L0 ltr [ltr Title: \u{202B}][ltr 2015\u{202C}][rtl تقرير ][ltr  done]\n"
    );
    assert_eq!(
        dump("User \u{2067}محمد علي\u{2069} posted", 600.0),
        "P0L0 ltr [ltr User \u{2067}][rtl محمد علي][ltr \u{2069} posted]\n"
    );
}

#[test]
fn neutral_paragraph_takes_the_previous_direction() {
    assert_eq!(
        dump("سلام\n2015 (12)\nhello\n123", 600.0),
        // Reading right to left: 2015, then (12); the shaper mirrors the brackets.
        "P0L0 rtl [rtl سلام]\nP1L0 rtl [rtl )][ltr 12][rtl  (][ltr 2015]\nP2L0 ltr [ltr hello]\nP3L0 ltr [ltr 123]\n"
    );
}

#[test]
fn brackets_mirror_in_rtl_runs() {
    // In an RTL run the shaper draws '(' with the glyph of ')', so it opens towards the text.
    let style = TextStyle::default();
    let doc = Document::laid_out("(سلام)", &style, 600.0);
    let p = doc.paragraph(0).expect("laid out");
    let glyphs = p.view().placed_glyphs(0);
    let open = face(FontId::VAZIRMATN).glyph_for('(').unwrap();
    let close = face(FontId::VAZIRMATN).glyph_for(')').unwrap();
    // Visual order, left to right: the logical ')' (mirrored to '(') comes first.
    assert_eq!(glyphs.first().map(|g| g.id), Some(open));
    assert_eq!(glyphs.last().map(|g| g.id), Some(close));
    assert_eq!(
        glyphs.last().map(|g| g.cluster_byte),
        Some(0),
        "the logical '(' is rightmost"
    );
}

#[test]
fn persian_zwnj_word_keeps_its_non_joining_forms_and_stays_one_piece() {
    assert_eq!(
        dump("این کار انجام می‌شود", 600.0),
        "P0L0 rtl [rtl این کار انجام می‌شود]\n"
    );
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_articles_match_their_committed_dumps() {
    let update = std::env::var_os("UPDATE_DUMPS").is_some();
    let mut names: Vec<_> = std::fs::read_dir(root().join("assets/samples"))
        .expect("samples folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    let mut stale = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("sample is UTF-8");
        for (font, tag) in [
            (FontChoice::Vazirmatn, "vazirmatn"),
            (FontChoice::Naskh, "naskh"),
        ] {
            let style = TextStyle {
                font,
                language: Language::detect(&text),
                ..TextStyle::default()
            };
            let got = text_dump(&Document::laid_out(&text, &style, 600.0));
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("sample");
            let file = root().join(format!("tests/fixtures/dumps/{stem}.{tag}.w600.txt"));
            if update {
                std::fs::create_dir_all(file.parent().expect("has parent")).expect("mkdir");
                std::fs::write(&file, &got).expect("write dump");
                continue;
            }
            let want = std::fs::read_to_string(&file).unwrap_or_default();
            if got != want {
                stale.push(file.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "layout changed for {stale:?}; review with UPDATE_DUMPS=1 and git diff"
    );
}
