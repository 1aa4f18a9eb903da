use super::*;
use crate::text::style::TextStyle;

fn layout(f: &FieldText) -> Document {
    Document::laid_out(f.text(), &TextStyle::default(), f32::INFINITY)
}

fn run(f: &mut FieldText, c: FieldCommand) -> bool {
    let doc = layout(f);
    f.apply(c, &doc)
}

fn type_text(f: &mut FieldText, s: &str) {
    for c in s.chars() {
        run(f, FieldCommand::Insert(c.to_string()));
    }
}

fn mv(f: &mut FieldText, motion: Motion) {
    run(
        f,
        FieldCommand::Move {
            motion,
            extend: false,
        },
    );
}

#[test]
fn typing_mixed_text_stores_it_in_logical_order() {
    let mut f = FieldText::new("", false);
    type_text(&mut f, "روسيا 2015 abc");
    assert_eq!(f.text(), "روسيا 2015 abc");
    assert_eq!(f.caret().0, CharIndex(14));
    // Typing goes in one undo step per run of letters; spaces are steps of their own.
    run(&mut f, FieldCommand::Undo);
    assert_eq!(f.text(), "روسيا 2015 ");
    run(&mut f, FieldCommand::Undo);
    assert_eq!(f.text(), "روسيا 2015");
    run(&mut f, FieldCommand::Redo);
    run(&mut f, FieldCommand::Redo);
    assert_eq!(f.text(), "روسيا 2015 abc");
}

#[test]
fn left_and_right_follow_the_screen_in_right_to_left_text() {
    let mut f = FieldText::new("سلام", false);
    mv(&mut f, Motion::TextStart);
    assert_eq!(f.caret().0, CharIndex(0));
    // The start of Arabic text is its right edge: Left goes on into the word.
    mv(&mut f, Motion::Left);
    assert_eq!(f.caret().0, CharIndex(1));
    mv(&mut f, Motion::Right);
    assert_eq!(f.caret().0, CharIndex(0));
    // Home and End are the line's logical ends.
    mv(&mut f, Motion::LineEnd);
    assert_eq!(f.caret().0, CharIndex(4));
    mv(&mut f, Motion::LineStart);
    assert_eq!(f.caret().0, CharIndex(0));
}

#[test]
fn every_caret_position_is_reached_by_walking_left_through_mixed_text() {
    let mut f = FieldText::new("روسيا 2015 abc", false);
    mv(&mut f, Motion::TextStart);
    let mut seen = std::collections::BTreeSet::new();
    seen.insert(f.caret().0);
    for _ in 0..40 {
        mv(&mut f, Motion::Left);
        seen.insert(f.caret().0);
    }
    for _ in 0..40 {
        mv(&mut f, Motion::Right);
        seen.insert(f.caret().0);
    }
    assert_eq!(seen.len(), 15, "{seen:?}");
}

#[test]
fn deleting_takes_whole_graphemes_and_words() {
    let mut f = FieldText::new("قال رُ", false);
    run(&mut f, FieldCommand::DeleteBackward);
    assert_eq!(f.text(), "قال ");
    let mut f = FieldText::new("مخاوف روسيا هي", false);
    run(&mut f, FieldCommand::DeleteWordBackward);
    assert_eq!(f.text(), "مخاوف روسيا ");
    run(&mut f, FieldCommand::DeleteWordBackward);
    assert_eq!(f.text(), "مخاوف ");
    mv(&mut f, Motion::TextStart);
    run(&mut f, FieldCommand::DeleteForward);
    assert_eq!(f.text(), "خاوف ");
    run(&mut f, FieldCommand::Undo);
    assert_eq!(f.text(), "مخاوف ");
}

#[test]
fn selections_are_replaced_and_shift_moves_extend_them() {
    let mut f = FieldText::new("مخاوف روسيا", false);
    run(&mut f, FieldCommand::SelectWord(CharIndex(8)));
    assert_eq!(f.selected_text(), "روسيا");
    run(&mut f, FieldCommand::Insert("الكرملين".into()));
    assert_eq!(f.text(), "مخاوف الكرملين");
    run(&mut f, FieldCommand::SelectAll);
    assert_eq!(f.selected_text(), "مخاوف الكرملين");
    mv(&mut f, Motion::TextEnd);
    run(
        &mut f,
        FieldCommand::Move {
            motion: Motion::WordRight,
            extend: true,
        },
    );
    // In right-to-left text a word to the right is a word back in reading order.
    assert_eq!(f.selected_text(), "الكرملين");
}

#[test]
fn a_single_line_field_turns_pasted_line_breaks_into_spaces() {
    let mut f = FieldText::new("", false);
    run(&mut f, FieldCommand::Insert("روسيا\nإيران\r\nتركيا".into()));
    assert_eq!(f.text(), "روسيا إيران تركيا");
    let mut m = FieldText::new("", true);
    run(&mut m, FieldCommand::Insert("a\r\nb".into()));
    assert_eq!(m.text(), "a\nb");
}

#[test]
fn up_and_down_move_between_lines_of_a_multiline_field() {
    let mut f = FieldText::new("سطر أول\nسطر ثان", true);
    mv(&mut f, Motion::TextStart);
    mv(&mut f, Motion::Down);
    assert!(f.caret().0 >= CharIndex(8), "{:?}", f.caret());
    mv(&mut f, Motion::Up);
    assert!(f.caret().0 <= CharIndex(7), "{:?}", f.caret());
}

#[test]
fn a_caret_placed_inside_a_letter_and_its_marks_goes_before_them() {
    // Found by the property test: selecting «ر» without its damma and deleting it left the
    // damma on its own.
    let mut f = FieldText::new("رُروسيا", false);
    run(&mut f, FieldCommand::SelectAll);
    run(
        &mut f,
        FieldCommand::Place {
            at: CharIndex(1),
            affinity: Affinity::Downstream,
            extend: true,
        },
    );
    assert_eq!(f.caret().0, CharIndex(0));
    run(&mut f, FieldCommand::DeleteBackward);
    assert!(!f.text().starts_with('\u{064F}'), "{:?}", f.text());
}

#[test]
fn up_and_down_move_between_the_lines_of_a_multi_line_field() {
    let mut f = FieldText::new("مصدر أول\nsecond 2\nسطر ثالث", true);
    let doc = Document::laid_out(f.text(), &TextStyle::default(), 300.0);
    assert_eq!(f.caret().0, CharIndex(26));
    f.apply(
        FieldCommand::Move {
            motion: Motion::Up,
            extend: false,
        },
        &doc,
    );
    let on_second = f.caret().0;
    assert!((9..18).contains(&on_second.0), "{on_second:?}");
    f.apply(
        FieldCommand::Move {
            motion: Motion::Up,
            extend: false,
        },
        &doc,
    );
    assert!(f.caret().0 < CharIndex(9), "{:?}", f.caret());
    f.apply(
        FieldCommand::Move {
            motion: Motion::Down,
            extend: false,
        },
        &doc,
    );
    assert!((9..18).contains(&f.caret().0.0), "{:?}", f.caret());
}
