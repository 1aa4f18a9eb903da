//! A frame's keys, typed text, clipboard and input-method events, as what the field does with
//! them: [`FieldCommand`]s for its text, and the input method's composition to draw.

use egui::{Event, ImeEvent, Key, Modifiers, Ui};

use crate::text::field::{FieldCommand, FieldText, Motion};

/// One thing this frame's input asks of the field.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Input {
    Command(FieldCommand),
    /// The input method's composition so far (empty: none), drawn at the caret and not yet
    /// part of the text.
    Preedit(String),
}

/// What copying (or cutting) puts on the clipboard, if `command` is one.
pub(super) fn copied_text(command: &FieldCommand, field: &FieldText) -> Option<String> {
    match command {
        FieldCommand::Insert(s) if s.is_empty() && !field.selection().is_empty() => {
            Some(field.selected_text().to_string())
        }
        _ => None,
    }
}

/// This frame's input for a focused field; Enter breaks the line in a multi-line field.
pub(super) fn inputs(ui: &Ui, field: &FieldText, multiline: bool) -> Vec<Input> {
    let events = ui.input(|i| i.events.clone());
    let mut out = Vec::new();
    let command = |c| Input::Command(c);
    for event in events {
        match event {
            Event::Text(s) if !s.is_empty() => out.push(command(FieldCommand::Insert(s))),
            Event::Paste(s) => out.push(command(FieldCommand::Insert(s))),
            Event::Ime(ImeEvent::Preedit { text, .. }) => out.push(Input::Preedit(text)),
            Event::Ime(ImeEvent::Commit(s)) => {
                out.push(Input::Preedit(String::new()));
                let is_break = s == "\n" || s == "\r";
                if !s.is_empty() && (!is_break || multiline) {
                    out.push(command(FieldCommand::Insert(s)));
                }
            }
            Event::Copy if !field.selection().is_empty() => {
                ui.ctx().copy_text(field.selected_text().to_string());
            }
            // Cutting: the selection goes to the clipboard, then an empty insert removes it.
            Event::Cut => out.push(command(FieldCommand::Insert(String::new()))),
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                if let Some(c) = key_command(key, modifiers, multiline) {
                    out.push(command(c));
                }
            }
            _ => {}
        }
    }
    out
}

fn key_command(key: Key, m: Modifiers, multiline: bool) -> Option<FieldCommand> {
    let word = m.command || m.alt;
    let mv = |motion| {
        Some(FieldCommand::Move {
            motion,
            extend: m.shift,
        })
    };
    match key {
        Key::ArrowLeft if word => mv(Motion::WordLeft),
        Key::ArrowRight if word => mv(Motion::WordRight),
        Key::ArrowLeft => mv(Motion::Left),
        Key::ArrowRight => mv(Motion::Right),
        Key::ArrowUp => mv(Motion::Up),
        Key::ArrowDown => mv(Motion::Down),
        Key::Home if m.command => mv(Motion::TextStart),
        Key::End if m.command => mv(Motion::TextEnd),
        Key::Home => mv(Motion::LineStart),
        Key::End => mv(Motion::LineEnd),
        // Ctrl+Enter is left to whoever shows the field (to confirm, for instance).
        Key::Enter if multiline && !m.command => Some(FieldCommand::Insert("\n".into())),
        Key::Backspace if word => Some(FieldCommand::DeleteWordBackward),
        Key::Backspace => Some(FieldCommand::DeleteBackward),
        Key::Delete => Some(FieldCommand::DeleteForward),
        Key::A if m.command => Some(FieldCommand::SelectAll),
        Key::Z if m.command && m.shift => Some(FieldCommand::Redo),
        Key::Z if m.command => Some(FieldCommand::Undo),
        Key::Y if m.command => Some(FieldCommand::Redo),
        _ => None,
    }
}
