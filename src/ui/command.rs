//! What the user can ask for. Menus, buttons and keyboard shortcuts all emit a [`Command`];
//! the app applies the frame's commands once, after drawing ([`super::app`]).

use std::ops::Range;
use std::path::PathBuf;

use egui::{Context, Key, KeyboardShortcut, Modifiers};

use crate::annotate::{DocStatus, LabelSet, SpanId};
use crate::corpus::decode::Encoding;
use crate::settings::{ThemeChoice, UiLanguage};
use crate::text::{CharIndex, FontChoice};

use super::reader::VisualMove;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show the native folder dialog.
    ChooseFolder,
    /// Open a corpus: a folder, or the folder around a file at that file.
    Open(PathBuf),
    /// Back to the start screen.
    CloseFolder,
    /// File → Export… and File → Import…: the dataset dialogs.
    OpenExport,
    OpenImport,
    /// Read an article of the open corpus (path relative to its folder).
    OpenArticle(String),
    /// The next or previous article of the (filtered) list.
    NextArticle,
    PreviousArticle,
    /// Scroll the reader a page; a page down at the end goes to the next article.
    PageDown,
    PageUp,
    Top,
    Bottom,
    ReopenAs(Encoding),
    SetFont(FontChoice),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    SetLineSpacing(f32),
    SetTheme(ThemeChoice),
    ToggleTheme,
    ToggleControls,
    SetUiLanguage(UiLanguage),
    FocusFilter,
    /// Hide the message at this index.
    Dismiss(usize),

    // Annotation (see `annotation::apply`).
    /// Digit key: tag the selection with the label bound to it, or relabel the selected span.
    LabelKey(u8),
    /// Tag the selection with this label, or relabel the selected span (the palette).
    Tag(String),
    /// Remove the selected span.
    DeleteSpan,
    Undo,
    Redo,
    /// Select a span, scroll it into view and flash it (a click in the highlight panel).
    RevealSpan(SpanId),
    SetSpanNote(SpanId, String),
    /// Place a span waiting for review where its quote starts at this offset (one of its
    /// candidates).
    PlaceReviewed(SpanId, CharIndex),
    /// Drop a span waiting for review.
    DiscardReviewed(SpanId),
    /// Select a stretch of the article and scroll it into view.
    ShowText(Range<CharIndex>),
    SetDocStatus(DocStatus),
    SetDocTags(Vec<String>),
    /// Character precision instead of whole words for new spans.
    TogglePrecision,
    /// Move the selection's focus one step on screen (Shift+arrow keys).
    ExtendSelection(VisualMove),
    /// Drop the selection and the selected span.
    ClearSelection,
    ToggleHighlightPanel,
    OpenLabelEditor,
    /// Save the label set; the pairs are renamed labels (old name, new name).
    SaveLabels(LabelSet, Vec<(String, String)>),
    /// The user's choice for a damaged annotation file.
    KeepAsideAndStartOver,
    SetAnnotator(String),
}

/// When a shortcut applies.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Scope {
    /// Always, even while typing in a text field.
    Always,
    /// Only when no text field has the keyboard (Home and End move the text cursor there).
    NotTyping,
}

/// The shortcut table, most specific first: egui matches shortcuts ignoring extra Shift and
/// Alt, so Alt+↓ and Shift+↓ must be tried before ↓, Ctrl+Shift+Z before Ctrl+Z.
fn table() -> Vec<(KeyboardShortcut, Command, Scope)> {
    use Command::*;
    let ctrl = Modifiers::COMMAND;
    let none = Modifiers::NONE;
    let shift = Modifiers::SHIFT;
    let key = KeyboardShortcut::new;
    const DIGITS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    let mut table = vec![
        (key(ctrl | shift, Key::Z), Redo, Scope::NotTyping),
        (key(ctrl, Key::Y), Redo, Scope::NotTyping),
        (key(ctrl, Key::Z), Undo, Scope::NotTyping),
        (key(ctrl | shift, Key::P), TogglePrecision, Scope::Always),
        (
            key(ctrl | shift, Key::H),
            ToggleHighlightPanel,
            Scope::Always,
        ),
        (key(ctrl | shift, Key::L), OpenLabelEditor, Scope::Always),
        (key(none, Key::Delete), DeleteSpan, Scope::NotTyping),
        (key(none, Key::Backspace), DeleteSpan, Scope::NotTyping),
        (key(none, Key::Escape), ClearSelection, Scope::NotTyping),
        (
            key(shift, Key::ArrowLeft),
            ExtendSelection(VisualMove::Left),
            Scope::NotTyping,
        ),
        (
            key(shift, Key::ArrowRight),
            ExtendSelection(VisualMove::Right),
            Scope::NotTyping,
        ),
        (
            key(shift, Key::ArrowUp),
            ExtendSelection(VisualMove::Up),
            Scope::NotTyping,
        ),
        (
            key(shift, Key::ArrowDown),
            ExtendSelection(VisualMove::Down),
            Scope::NotTyping,
        ),
    ];
    for (i, digit) in DIGITS.into_iter().enumerate() {
        table.push((key(none, digit), LabelKey(i as u8 + 1), Scope::NotTyping));
    }
    table.extend([
        (key(ctrl, Key::O), ChooseFolder, Scope::Always),
        (key(ctrl, Key::E), OpenExport, Scope::Always),
        (key(ctrl, Key::I), OpenImport, Scope::Always),
        (key(ctrl, Key::F), FocusFilter, Scope::Always),
        (key(ctrl, Key::Equals), ZoomIn, Scope::Always),
        (key(ctrl, Key::Plus), ZoomIn, Scope::Always),
        (key(ctrl, Key::Minus), ZoomOut, Scope::Always),
        (key(ctrl, Key::Num0), ZoomReset, Scope::Always),
        (
            key(ctrl | Modifiers::SHIFT, Key::D),
            ToggleTheme,
            Scope::Always,
        ),
        (
            key(Modifiers::ALT, Key::ArrowDown),
            NextArticle,
            Scope::Always,
        ),
        (
            key(Modifiers::ALT, Key::ArrowUp),
            PreviousArticle,
            Scope::Always,
        ),
        (key(none, Key::ArrowDown), NextArticle, Scope::Always),
        (key(none, Key::ArrowUp), PreviousArticle, Scope::Always),
        (key(none, Key::PageDown), PageDown, Scope::Always),
        (key(none, Key::PageUp), PageUp, Scope::Always),
        (key(ctrl, Key::Home), Top, Scope::Always),
        (key(ctrl, Key::End), Bottom, Scope::Always),
        (key(none, Key::Home), Top, Scope::NotTyping),
        (key(none, Key::End), Bottom, Scope::NotTyping),
    ]);
    table
}

/// The shortcut of a command, for menus to show next to it.
pub fn shortcut_of(command: &Command) -> Option<KeyboardShortcut> {
    table()
        .into_iter()
        .find(|(_, c, _)| c == command)
        .map(|(k, _, _)| k)
}

/// Consumes this frame's shortcut key presses and returns their commands, in the order pressed
/// (one per press). `list_keys`: whether ↑/↓ move in the article list (there is one).
pub fn shortcut_commands(ctx: &Context, list_keys: bool) -> Vec<Command> {
    let typing = ctx.text_edit_focused();
    // Escape closes an open menu rather than dropping the selection.
    let popup = egui::Popup::is_any_open(ctx);
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        let presses: Vec<(Modifiers, Key)> = input
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*modifiers, *key)),
                _ => None,
            })
            .collect();
        for (modifiers, key) in presses {
            let found = table().into_iter().find(|(shortcut, command, scope)| {
                shortcut.logical_key == key
                    && modifiers.matches_logically(shortcut.modifiers)
                    && (*scope == Scope::Always || !typing)
                    && !(popup && *command == Command::ClearSelection)
                    && (list_keys
                        || !matches!(command, Command::NextArticle | Command::PreviousArticle))
            });
            if let Some((shortcut, command, _)) = found {
                input.consume_shortcut(&shortcut);
                out.push(command);
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(ctx: &Context, modifiers: Modifiers, key: Key, list_keys: bool) -> Vec<Command> {
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            }],
            ..Default::default()
        };
        let mut commands = Vec::new();
        let mut output = ctx.run_ui(input, |ui| {
            commands = shortcut_commands(ui.ctx(), list_keys);
        });
        output.textures_delta.clear();
        commands
    }

    #[test]
    fn keys_map_to_commands() {
        let ctx = Context::default();
        let ctrl = Modifiers::COMMAND;
        assert_eq!(press(&ctx, ctrl, Key::Equals, true), [Command::ZoomIn]);
        assert_eq!(press(&ctx, ctrl, Key::Minus, true), [Command::ZoomOut]);
        assert_eq!(press(&ctx, ctrl, Key::Num0, true), [Command::ZoomReset]);
        assert_eq!(
            press(&ctx, Modifiers::ALT, Key::ArrowDown, true),
            [Command::NextArticle]
        );
        assert_eq!(
            press(&ctx, Modifiers::NONE, Key::ArrowUp, true),
            [Command::PreviousArticle]
        );
        assert!(press(&ctx, Modifiers::NONE, Key::ArrowUp, false).is_empty());
        assert_eq!(
            press(&ctx, Modifiers::NONE, Key::PageDown, true),
            [Command::PageDown]
        );
        assert!(press(&ctx, Modifiers::NONE, Key::A, true).is_empty());
    }

    #[test]
    fn every_shortcut_is_listed_once_per_key() {
        let keys: Vec<_> = table().iter().map(|(k, _, _)| *k).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} twice");
        }
        assert_eq!(
            shortcut_of(&Command::ZoomIn),
            Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals))
        );
    }
}
