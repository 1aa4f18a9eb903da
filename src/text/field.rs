//! The editing model of a text field drawn by the engine: its text, its selection (anchor and
//! focus in code points, with the caret's affinity at direction seams) and its undo history.
//! The window turns keys, typed text, the clipboard and IME commits into [`FieldCommand`]s and
//! draws the field from [`FieldText::text`] and the selection; movements that follow the screen
//! (left, right, up, down, Home, End) ask the field's laid-out [`Document`].
//!
//! ```text
//!   keys / text / paste / IME ──► FieldCommand ──► FieldText::apply(command, &layout)
//!                                                   ├─ edits: one undo step each; typing
//!                                                   │  goes in one step per run of letters
//!                                                   └─ moves: visual (Document::visual_step)
//!                                                      or logical (words, Home/End)
//! ```

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::document::Document;
use super::geometry::Affinity;
use super::offsets::CharIndex;

/// Where a caret move goes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Motion {
    /// One caret unit to the left or right on screen.
    Left,
    Right,
    /// One line up or down, at the same x.
    Up,
    Down,
    /// One word to the left or right on screen (a word's far edge in reading order).
    WordLeft,
    WordRight,
    /// The start or end of the visual line, in reading order.
    LineStart,
    LineEnd,
    /// The start or end of the whole text.
    TextStart,
    TextEnd,
}

/// What a field is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldCommand {
    /// Replaces the selection with text (typing, pasting, an IME commit).
    Insert(String),
    DeleteBackward,
    DeleteForward,
    DeleteWordBackward,
    /// Moves the caret; with `extend` the anchor stays (Shift).
    Move {
        motion: Motion,
        extend: bool,
    },
    SelectAll,
    /// Selects the word at a character (double click).
    SelectWord(CharIndex),
    /// Puts the caret at a character (a click), or extends the selection to it (a drag,
    /// Shift+click).
    Place {
        at: CharIndex,
        affinity: Affinity,
        extend: bool,
    },
    Undo,
    Redo,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Snapshot {
    text: String,
    anchor: CharIndex,
    focus: CharIndex,
}

/// Which kind of edit the last undo step holds, so that typing coalesces.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum LastEdit {
    None,
    Typing,
    Other,
}

/// A field's text, selection and history.
#[derive(Clone, Debug)]
pub struct FieldText {
    text: String,
    anchor: CharIndex,
    focus: CharIndex,
    affinity: Affinity,
    multiline: bool,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    last: LastEdit,
}

/// Undo steps kept.
const HISTORY: usize = 200;

impl FieldText {
    /// A field holding `text`, the caret at its end. A single-line field turns line breaks in
    /// what it is given into spaces.
    pub fn new(text: &str, multiline: bool) -> FieldText {
        let text = clean(text, multiline);
        let end = CharIndex(text.chars().count());
        FieldText {
            text,
            anchor: end,
            focus: end,
            affinity: Affinity::Downstream,
            multiline,
            undo: Vec::new(),
            redo: Vec::new(),
            last: LastEdit::None,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The caret (the selection's moving end) and its affinity.
    pub fn caret(&self) -> (CharIndex, Affinity) {
        (self.focus, self.affinity)
    }

    pub fn anchor(&self) -> CharIndex {
        self.anchor
    }

    /// The selected characters, in logical order (empty when nothing is selected).
    pub fn selection(&self) -> Range<CharIndex> {
        self.anchor.min(self.focus)..self.anchor.max(self.focus)
    }

    /// The selected text.
    pub fn selected_text(&self) -> &str {
        let r = self.selection();
        &self.text[self.byte(r.start)..self.byte(r.end)]
    }

    /// The text as it would be with the selection replaced by `with`, and where `with` would
    /// stand (an input method's composition is drawn so before it is committed).
    pub fn with_selection_replaced(&self, with: &str) -> (String, Range<CharIndex>) {
        let sel = self.selection();
        let (a, b) = (self.byte(sel.start), self.byte(sel.end));
        let text = format!("{}{with}{}", &self.text[..a], &self.text[b..]);
        (text, sel.start..sel.start + with.chars().count())
    }

    fn len(&self) -> CharIndex {
        CharIndex(self.text.chars().count())
    }

    fn byte(&self, at: CharIndex) -> usize {
        self.text
            .char_indices()
            .nth(at.0)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Applies a command; `layout` is the field's text as it is drawn now (for moves that
    /// follow the screen). Returns whether the text changed.
    pub fn apply(&mut self, command: FieldCommand, layout: &Document) -> bool {
        match command {
            FieldCommand::Insert(s) => {
                let s = clean(&s, self.multiline);
                if s.is_empty() && self.selection().is_empty() {
                    return false;
                }
                let typing = s.chars().count() == 1 && !s.chars().any(char::is_whitespace);
                self.replace(self.selection(), &s, typing)
            }
            FieldCommand::DeleteBackward => {
                let r = self.selection();
                let r = if r.is_empty() {
                    self.grapheme_before(r.start)..r.start
                } else {
                    r
                };
                self.replace(r, "", false)
            }
            FieldCommand::DeleteForward => {
                let r = self.selection();
                let r = if r.is_empty() {
                    r.start..self.grapheme_after(r.start)
                } else {
                    r
                };
                self.replace(r, "", false)
            }
            FieldCommand::DeleteWordBackward => {
                let r = self.selection();
                let r = if r.is_empty() {
                    self.word_before(r.start)..r.start
                } else {
                    r
                };
                self.replace(r, "", false)
            }
            FieldCommand::Move { motion, extend } => {
                self.move_caret(motion, extend, layout);
                false
            }
            FieldCommand::SelectAll => {
                self.anchor = CharIndex(0);
                self.focus = self.len();
                self.last = LastEdit::Other;
                false
            }
            FieldCommand::SelectWord(at) => {
                let (a, b) = self.word_around(at);
                self.anchor = a;
                self.focus = b;
                self.last = LastEdit::Other;
                false
            }
            FieldCommand::Place {
                at,
                affinity,
                extend,
            } => {
                // A caret never sits inside a grapheme (between a letter and its marks).
                self.focus = self.grapheme_start(at.min(self.len()));
                self.affinity = affinity;
                if !extend {
                    self.anchor = self.focus;
                }
                self.last = LastEdit::Other;
                false
            }
            FieldCommand::Undo => self.step(true),
            FieldCommand::Redo => self.step(false),
        }
    }

    /// Replaces `range` with `with`; typing a letter right after typing joins its undo step.
    fn replace(&mut self, range: Range<CharIndex>, with: &str, typing: bool) -> bool {
        if range.is_empty() && with.is_empty() {
            return false;
        }
        let joins = typing && self.last == LastEdit::Typing && range.is_empty();
        if !joins {
            self.undo.push(self.snapshot());
            if self.undo.len() > HISTORY {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        let (a, b) = (self.byte(range.start), self.byte(range.end));
        self.text.replace_range(a..b, with);
        self.focus = range.start + with.chars().count();
        self.anchor = self.focus;
        self.affinity = Affinity::Downstream;
        self.last = if typing {
            LastEdit::Typing
        } else {
            LastEdit::Other
        };
        true
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: self.text.clone(),
            anchor: self.anchor,
            focus: self.focus,
        }
    }

    fn step(&mut self, undo: bool) -> bool {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(s) = from.pop() else {
            return false;
        };
        to.push(Snapshot {
            text: std::mem::take(&mut self.text),
            anchor: self.anchor,
            focus: self.focus,
        });
        self.text = s.text;
        self.anchor = s.anchor;
        self.focus = s.focus;
        self.last = LastEdit::Other;
        true
    }

    fn move_caret(&mut self, motion: Motion, extend: bool, layout: &Document) {
        let sel = self.selection();
        // Without Shift, Left/Right over a selection collapse it to its visual side.
        let collapse = !extend && !sel.is_empty();
        let (at, affinity) = (self.focus, self.affinity);
        // The caret's own paragraph says which way is forward (lines of a note may differ).
        let rtl = layout
            .paragraph(layout.paragraph_of(at))
            .is_some_and(|p| p.shaped.base.is_rtl());
        let target = match motion {
            Motion::Left | Motion::Right if collapse => {
                let towards_start = (motion == Motion::Left) != rtl;
                let to = if towards_start { sel.start } else { sel.end };
                Some((to, Affinity::Downstream))
            }
            Motion::Left | Motion::Right => {
                layout.visual_step(at, affinity, motion == Motion::Left)
            }
            Motion::Up | Motion::Down => {
                let up = motion == Motion::Up;
                layout.caret_rect(at, affinity).and_then(|r| {
                    let height = r.y1 - r.y0;
                    let dy = if up { -height } else { height };
                    let y = (r.y0 + r.y1) / 2.0 + dy;
                    if y < 0.0 {
                        Some((CharIndex(0), Affinity::Downstream))
                    } else if y > layout.total_height() {
                        Some((self.len(), Affinity::Upstream))
                    } else {
                        layout.hit_test(r.x0, y)
                    }
                })
            }
            Motion::WordLeft | Motion::WordRight => {
                let forward = (motion == Motion::WordRight) != rtl;
                let to = if forward {
                    self.word_after(at)
                } else {
                    self.word_before(at)
                };
                Some((to, Affinity::Downstream))
            }
            Motion::LineStart | Motion::LineEnd => {
                layout.line_range(at, affinity).map(|line| {
                    if motion == Motion::LineStart {
                        (line.start, Affinity::Downstream)
                    } else {
                        // Before a wrapped line's hanging space, on the same line.
                        let end = if line.end < self.len() && line.end > line.start {
                            line.end - 1
                        } else {
                            line.end
                        };
                        (end, Affinity::Upstream)
                    }
                })
            }
            Motion::TextStart => Some((CharIndex(0), Affinity::Downstream)),
            Motion::TextEnd => Some((self.len(), Affinity::Upstream)),
        };
        if let Some((to, affinity)) = target {
            self.focus = to.min(self.len());
            self.affinity = affinity;
        }
        if !extend {
            self.anchor = self.focus;
        }
        self.last = LastEdit::Other;
    }

    /// `at`, or the start of the grapheme it falls inside.
    fn grapheme_start(&self, at: CharIndex) -> CharIndex {
        let b = self.byte(at);
        let mut cursor = unicode_segmentation::GraphemeCursor::new(b, self.text.len(), true);
        match cursor.is_boundary(&self.text, 0) {
            Ok(true) | Err(_) => at,
            Ok(false) => {
                let start = cursor
                    .prev_boundary(&self.text, 0)
                    .ok()
                    .flatten()
                    .unwrap_or(0);
                at.saturating_sub(self.text[start..b].chars().count())
            }
        }
    }

    /// Graphemes: deleting never leaves half a character with its marks.
    fn grapheme_before(&self, at: CharIndex) -> CharIndex {
        let b = self.byte(at);
        let n = self.text[..b]
            .graphemes(true)
            .next_back()
            .map_or(0, |g| g.chars().count());
        at.saturating_sub(n)
    }

    fn grapheme_after(&self, at: CharIndex) -> CharIndex {
        let b = self.byte(at);
        let n = self.text[b..]
            .graphemes(true)
            .next()
            .map_or(0, |g| g.chars().count());
        at + n
    }

    /// The start of the word before `at` (skipping the spaces before it).
    fn word_before(&self, at: CharIndex) -> CharIndex {
        let b = self.byte(at);
        let mut pos = at;
        let mut seen_word = false;
        for w in self.text[..b].split_word_bounds().rev() {
            let is_word = w.chars().any(char::is_alphanumeric);
            if seen_word && !is_word {
                break;
            }
            pos = pos.saturating_sub(w.chars().count());
            seen_word |= is_word;
        }
        pos
    }

    /// The end of the word after `at` (skipping the spaces before it).
    fn word_after(&self, at: CharIndex) -> CharIndex {
        let b = self.byte(at);
        let mut pos = at;
        let mut seen_word = false;
        for w in self.text[b..].split_word_bounds() {
            let is_word = w.chars().any(char::is_alphanumeric);
            if seen_word && !is_word {
                break;
            }
            pos += w.chars().count();
            seen_word |= is_word;
        }
        pos
    }

    /// The word holding `at` (or the gap between words there).
    fn word_around(&self, at: CharIndex) -> (CharIndex, CharIndex) {
        let mut start = CharIndex(0);
        for w in self.text.split_word_bounds() {
            let end = start + w.chars().count();
            if at < end || end == self.len() {
                return (start, end);
            }
            start = end;
        }
        (start, start)
    }
}

/// What a field may hold: a single-line field has no line breaks (a pasted one becomes a
/// space).
fn clean(text: &str, multiline: bool) -> String {
    if multiline {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.replace("\r\n", " ").replace(['\r', '\n'], " ")
    }
}

#[cfg(test)]
mod tests;
