//! Property tests of the engine-drawn field's editing model: whatever is typed, pasted,
//! deleted, selected and moved over in mixed Arabic, Persian, Latin and digits, the caret and
//! the selection stay on character offsets of the text, the text stays whole (graphemes are
//! deleted whole), and undoing every step gives back the text the field started with.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use hamesh::text::field::{FieldCommand, FieldText, Motion};
use hamesh::text::{Affinity, CharIndex, Document, TextStyle};

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "روسيا",
        "می\u{200C}شود",
        "2015",
        "۱۲۳",
        "abc",
        " ",
        "رُ",
        "e\u{0301}",
        "👍🏽",
        "«",
        ")",
    ])
}

fn command() -> impl Strategy<Value = FieldCommand> {
    let motion = prop::sample::select(vec![
        Motion::Left,
        Motion::Right,
        Motion::Up,
        Motion::Down,
        Motion::WordLeft,
        Motion::WordRight,
        Motion::LineStart,
        Motion::LineEnd,
        Motion::TextStart,
        Motion::TextEnd,
    ]);
    prop_oneof![
        4 => piece().prop_map(|p| FieldCommand::Insert(p.to_string())),
        1 => Just(FieldCommand::DeleteBackward),
        1 => Just(FieldCommand::DeleteForward),
        1 => Just(FieldCommand::DeleteWordBackward),
        3 => (motion, any::<bool>()).prop_map(|(motion, extend)| FieldCommand::Move { motion, extend }),
        1 => Just(FieldCommand::SelectAll),
        1 => (0usize..40).prop_map(|i| FieldCommand::SelectWord(CharIndex(i))),
        1 => (0usize..40, any::<bool>()).prop_map(|(i, extend)| FieldCommand::Place {
            at: CharIndex(i),
            affinity: Affinity::Downstream,
            extend,
        }),
        1 => Just(FieldCommand::Undo),
        1 => Just(FieldCommand::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn edits_keep_the_field_whole_and_undo_gives_the_start_back(
        start in prop::collection::vec(piece(), 0..6).prop_map(|v| v.concat()),
        commands in prop::collection::vec(command(), 0..40),
    ) {
        let style = TextStyle::default();
        let mut field = FieldText::new(&start, false);
        let mut edits = 0;
        for c in commands {
            let undoing = matches!(c, FieldCommand::Undo | FieldCommand::Redo);
            let layout = Document::laid_out(field.text(), &style, f32::INFINITY);
            let changed = field.apply(c, &layout);
            if changed && !undoing {
                edits += 1;
            }
            let len = field.text().chars().count();
            let (caret, _) = field.caret();
            prop_assert!(caret.0 <= len, "caret {caret:?} past {len}");
            prop_assert!(field.anchor().0 <= len);
            let sel = field.selection();
            prop_assert!(sel.start <= sel.end && sel.end.0 <= len);
            // Every grapheme of the text is one the pieces are made of, or a join of them
            // (nothing was cut in half by a deletion).
            for g in field.text().graphemes(true) {
                prop_assert!(!g.starts_with('\u{0301}') && !g.starts_with('\u{064F}'), "{g:?} lost its base");
            }
        }
        // Undo everything (more than enough steps) and the start text is back.
        for _ in 0..(edits + 45) {
            let layout = Document::laid_out(field.text(), &style, f32::INFINITY);
            field.apply(FieldCommand::Undo, &layout);
        }
        prop_assert_eq!(field.text(), start.as_str());
    }
}
