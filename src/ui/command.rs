//! What the user can ask for. Menus, buttons, dialogs and keyboard shortcuts all emit a
//! [`Command`]; the app applies the frame's commands once, after drawing ([`super::app`]),
//! handing each to the part of the window that owns it.

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use egui::{Context, Key, KeyboardShortcut, Modifiers};

use crate::annotate::{DocStatus, LabelSet, SpanId};
use crate::corpus::decode::Encoding;
use crate::settings::{ThemeChoice, UiLanguage};
use crate::text::{CharIndex, FontChoice};

use super::annotation::beside::OtherLayer;
use super::folder::label_all::LabelRequest;
use super::reader::VisualMove;

/// Everything the user can ask for, by the part of the window that does it. Each owner matches
/// its own enum exhaustively, so a new command cannot silently do nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Opening and closing folders and articles: the app, which makes and drops the open folder.
    Folder(FolderCommand),
    /// Moving and selecting in the article being read: the open folder's reader.
    Read(ReadCommand),
    /// How the window looks and what it shows: the settings and the shell.
    View(ViewCommand),
    /// Annotating the article being read: the open folder's annotations.
    Annotate(AnnotateCommand),
    /// File → Export… and File → Import…: the shell's dataset dialogs.
    Dataset(DatasetCommand),
    /// Searching the corpus and annotating all hits: the shell's search panel and the open
    /// folder's annotations.
    Search(SearchCommand),
}

#[derive(Clone, Debug, PartialEq)]
pub enum FolderCommand {
    /// Show the native folder dialog.
    Choose,
    /// Open a corpus: a folder, or the folder around a file at that file.
    Open(PathBuf),
    /// Back to the start screen.
    Close,
    /// Read an article of the open corpus (path relative to its folder).
    OpenArticle(String),
    /// The next or previous article of the (filtered) list.
    NextArticle,
    PreviousArticle,
    ReopenAs(Encoding),
    /// Read what symbolic links out of the folder lead to (the folder is read again).
    SetFollowLinks(bool),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ReadCommand {
    /// Scroll the reader a page; a page down at the end goes to the next article.
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Move the selection's focus one step on screen (Shift+arrow keys).
    ExtendSelection(VisualMove),
    /// Drop the selection and the selected span.
    ClearSelection,
    /// Select a stretch of the article and scroll it into view.
    ShowText(Range<CharIndex>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ViewCommand {
    SetFont(FontChoice),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    SetLineSpacing(f32),
    SetTheme(ThemeChoice),
    ToggleTheme,
    ToggleControls,
    /// Fold site furniture away, or show it.
    ToggleFurniture,
    SetUiLanguage(UiLanguage),
    FocusFilter,
    /// Open the bar that searches the article (or give its field the keyboard).
    OpenFind,
    /// Step to the next hit of the article search (`true`) or the previous one.
    FindStep(bool),
    /// Hide the message at this index.
    Dismiss(usize),
    ToggleHighlightPanel,
    /// Character precision instead of whole words for new spans.
    TogglePrecision,
    OpenLabelEditor,
    SetAnnotator(String),
    /// Show or hide the suggestions.
    ToggleSuggestions,
    /// Open the entity list.
    OpenEntities,
    /// Open the agreement between the corpus's annotators.
    OpenAgreement,
    /// Open the curation of the open document.
    OpenCuration,
    /// Draw another layer's spans beside one's own, read-only (`None`: stop).
    ShowBeside(Option<OtherLayer>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnnotateCommand {
    /// Label key (1–20: the digit keys, 0 as the tenth, then with Shift): tag the selection
    /// with the label bound to it, or relabel the selected span.
    LabelKey(u8),
    /// Tag the selection with this label, or relabel the selected span (the palette).
    Tag(String),
    /// Remove the selected span.
    DeleteSpan,
    /// Select the next span in reading order (`true`) or the previous one, and show it.
    StepSpan(bool),
    /// Move an edge of the selected span (its end, or its start) one word on screen (one
    /// grapheme with character precision), to the left or the right.
    MoveSpanEdge {
        end: bool,
        mv: VisualMove,
    },
    /// A drag moved an end of the selected span (its range then, the range dragged to): the
    /// span takes the new range, snapped to words unless character precision is on.
    MoveSpan(Range<CharIndex>, Range<CharIndex>),
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
    SetDocStatus(DocStatus),
    SetDocTags(Vec<String>),
    /// Save the label set; the pairs are renamed labels (old name, new name).
    SaveLabels(LabelSet, Vec<(String, String)>),
    /// The user's choice for a damaged annotation file.
    KeepAsideAndStartOver,
    /// Make suggestion `n` of the article (or the current one) a span.
    AcceptSuggestion(Option<usize>),
    /// Turn suggestion `n` (or the current one) down for good.
    RejectSuggestion(Option<usize>),
    /// Accept every suggestion of the article, or those of one dictionary form.
    AcceptSuggestions(Option<String>),
    /// Step to the next suggestion (`true`) or the previous one.
    StepSuggestion(bool),
    /// Step to suggestion `n` of the article.
    GoToSuggestion(usize),
    /// Link a span to an entity of the registry (or unlink it).
    LinkEntity(SpanId, Option<String>),
    /// Make a new entity named by a span's text, and link the span to it.
    NewEntity(SpanId),
    /// Add a span's text to the aliases of the entity it links to.
    AddAlias(SpanId),
    /// Set (or clear, with an empty string) an entity's Wikidata item.
    SetWikidata(String, String),
    /// Copy the bundled starter gazetteer (country names) into the corpus's gazetteers.
    AddStarterGazetteer,
    /// Make spans of these ranges and labels in the open article (curation), as one undo
    /// step; those it already has are left out.
    AddSpans(Vec<(CharIndex, CharIndex, String)>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum DatasetCommand {
    OpenExport,
    OpenImport,
    /// The open dialog's work may start: pending annotation edits are written first.
    Start,
    Close,
    /// An import wrote these documents (relative paths): the folder is read again.
    Imported(HashSet<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum SearchCommand {
    /// Open the corpus search panel (or give its field the keyboard).
    Open,
    Close,
    /// Open an article at a hit.
    ShowHit(String, Range<CharIndex>),
    /// Label the hits (all, or the ticked ones) across the corpus.
    LabelAll(LabelRequest),
    /// Undo the last annotate-all as one step.
    UndoLabelAll,
    /// Label every other mention of this span's text, with its label, across the corpus.
    LabelMentions(SpanId),
}

macro_rules! nested {
    ($($variant:ident($inner:ty),)*) => {
        $(impl From<$inner> for Command {
            fn from(c: $inner) -> Command {
                Command::$variant(c)
            }
        })*
    };
}

nested! {
    Folder(FolderCommand),
    Read(ReadCommand),
    View(ViewCommand),
    Annotate(AnnotateCommand),
    Dataset(DatasetCommand),
    Search(SearchCommand),
}

/// The digit keys in label-key order: 1 to 9, then 0 (the tenth label).
const DIGITS: [Key; 10] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
    Key::Num0,
];

/// When a shortcut applies.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Scope {
    /// Always, even while typing in a text field.
    Always,
    /// Only when no text field has the keyboard (Home and End move the text cursor there).
    NotTyping,
    /// Always, except in a field of several lines, where ↑ and ↓ move between its lines.
    NotInLines,
}

/// The shortcut table, most specific first: egui matches shortcuts ignoring extra Shift and
/// Alt, so Alt+↓ and Shift+↓ must be tried before ↓, Ctrl+Shift+Z before Ctrl+Z.
fn table() -> Vec<(KeyboardShortcut, Command, Scope)> {
    use AnnotateCommand::{
        AcceptSuggestion, DeleteSpan, LabelKey, MoveSpanEdge, Redo, RejectSuggestion, StepSpan,
        StepSuggestion, Undo,
    };
    use DatasetCommand::{OpenExport, OpenImport};
    use FolderCommand::{Choose, NextArticle, PreviousArticle};
    use ReadCommand::{Bottom, ClearSelection, ExtendSelection, PageDown, PageUp, Top};
    use SearchCommand::Open as SearchCorpus;
    use ViewCommand::{
        FindStep, FocusFilter, OpenAgreement, OpenCuration, OpenEntities, OpenFind,
        OpenLabelEditor, ToggleHighlightPanel, TogglePrecision, ToggleTheme, ZoomIn, ZoomOut,
        ZoomReset,
    };
    let ctrl = Modifiers::COMMAND;
    let none = Modifiers::NONE;
    let shift = Modifiers::SHIFT;
    let alt = Modifiers::ALT;
    let key = KeyboardShortcut::new;

    let (always, not_typing) = (Scope::Always, Scope::NotTyping);
    let mut table: Vec<(KeyboardShortcut, Command, Scope)> = vec![
        (key(ctrl | shift, Key::Z), Redo.into(), not_typing),
        (key(ctrl, Key::Y), Redo.into(), not_typing),
        (key(ctrl, Key::Z), Undo.into(), not_typing),
        (key(ctrl | shift, Key::P), TogglePrecision.into(), always),
        (
            key(ctrl | shift, Key::H),
            ToggleHighlightPanel.into(),
            always,
        ),
        (key(ctrl | shift, Key::L), OpenLabelEditor.into(), always),
        (key(ctrl | shift, Key::E), OpenEntities.into(), always),
        (key(ctrl | shift, Key::K), OpenAgreement.into(), always),
        (key(ctrl | shift, Key::U), OpenCuration.into(), always),
        (key(none, Key::Delete), DeleteSpan.into(), not_typing),
        (key(none, Key::Backspace), DeleteSpan.into(), not_typing),
        (key(none, Key::Escape), ClearSelection.into(), not_typing),
        (key(shift, Key::Tab), StepSpan(false).into(), not_typing),
        (key(none, Key::Tab), StepSpan(true).into(), not_typing),
        (key(shift, Key::N), StepSuggestion(false).into(), not_typing),
        (key(none, Key::N), StepSuggestion(true).into(), not_typing),
        (key(none, Key::A), AcceptSuggestion(None).into(), not_typing),
        (key(none, Key::R), RejectSuggestion(None).into(), not_typing),
        (
            key(ctrl | shift, Key::ArrowLeft),
            MoveSpanEdge {
                end: false,
                mv: VisualMove::Left,
            }
            .into(),
            not_typing,
        ),
        (
            key(ctrl | shift, Key::ArrowRight),
            MoveSpanEdge {
                end: false,
                mv: VisualMove::Right,
            }
            .into(),
            not_typing,
        ),
        (
            key(ctrl, Key::ArrowLeft),
            MoveSpanEdge {
                end: true,
                mv: VisualMove::Left,
            }
            .into(),
            not_typing,
        ),
        (
            key(ctrl, Key::ArrowRight),
            MoveSpanEdge {
                end: true,
                mv: VisualMove::Right,
            }
            .into(),
            not_typing,
        ),
        (
            key(shift, Key::ArrowLeft),
            ExtendSelection(VisualMove::Left).into(),
            not_typing,
        ),
        (
            key(shift, Key::ArrowRight),
            ExtendSelection(VisualMove::Right).into(),
            not_typing,
        ),
        (
            key(shift, Key::ArrowUp),
            ExtendSelection(VisualMove::Up).into(),
            not_typing,
        ),
        (
            key(shift, Key::ArrowDown),
            ExtendSelection(VisualMove::Down).into(),
            not_typing,
        ),
    ];
    // Label keys: Shift with a digit first (egui would take Shift+1 for 1), then the digits.
    for (i, digit) in DIGITS.into_iter().enumerate() {
        table.push((key(shift, digit), LabelKey(i as u8 + 11).into(), not_typing));
    }
    for (i, digit) in DIGITS.into_iter().enumerate() {
        table.push((key(none, digit), LabelKey(i as u8 + 1).into(), not_typing));
    }
    table.extend([
        (key(ctrl, Key::O), Choose.into(), always),
        (key(ctrl, Key::E), OpenExport.into(), always),
        (key(ctrl, Key::I), OpenImport.into(), always),
        (key(ctrl | shift, Key::F), SearchCorpus.into(), always),
        (key(ctrl, Key::F), OpenFind.into(), always),
        (key(none, Key::F3), FindStep(true).into(), always),
        (key(shift, Key::F3), FindStep(false).into(), always),
        (key(ctrl, Key::L), FocusFilter.into(), always),
        (key(ctrl, Key::Equals), ZoomIn.into(), always),
        (key(ctrl, Key::Plus), ZoomIn.into(), always),
        (key(ctrl, Key::Minus), ZoomOut.into(), always),
        (key(ctrl, Key::Num0), ZoomReset.into(), always),
        (key(ctrl | shift, Key::D), ToggleTheme.into(), always),
        (key(alt, Key::ArrowDown), NextArticle.into(), always),
        (key(alt, Key::ArrowUp), PreviousArticle.into(), always),
        (
            key(none, Key::ArrowDown),
            NextArticle.into(),
            Scope::NotInLines,
        ),
        (
            key(none, Key::ArrowUp),
            PreviousArticle.into(),
            Scope::NotInLines,
        ),
        (key(none, Key::PageDown), PageDown.into(), always),
        (key(none, Key::PageUp), PageUp.into(), always),
        (key(ctrl, Key::Home), Top.into(), always),
        (key(ctrl, Key::End), Bottom.into(), always),
        (key(none, Key::Home), Top.into(), not_typing),
        (key(none, Key::End), Bottom.into(), not_typing),
    ]);
    table
}

/// The shortcut of a command, for menus to show next to it.
pub fn shortcut_of(command: impl Into<Command>) -> Option<KeyboardShortcut> {
    let command = command.into();
    table()
        .into_iter()
        .find(|(_, c, _)| *c == command)
        .map(|(k, _, _)| k)
}

/// Consumes this frame's shortcut key presses and returns their commands, in the order pressed
/// (one per press). `list_keys`: whether ↑/↓ move in the article list (there is one).
pub fn shortcut_commands(ctx: &Context, list_keys: bool) -> Vec<Command> {
    let typing = ctx.text_edit_focused() || super::text_field::engine_field_focused(ctx);
    let in_lines = super::text_field::multiline_field_focused(ctx);
    // Escape closes an open menu rather than dropping the selection.
    let popup = egui::Popup::is_any_open(ctx);
    let mut out = Vec::new();
    let mut tabbed = false;
    ctx.input_mut(|input| {
        let presses: Vec<(Modifiers, Key, Option<Key>)> = input
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    physical_key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*modifiers, *key, *physical_key)),
                _ => None,
            })
            .collect();
        for (modifiers, key, physical) in presses {
            // Shift with a digit key is a label key however the layout names it ("!" on a US
            // keyboard): the key's place says which.
            if !typing
                && modifiers.shift_only()
                && let Some(i) = physical.and_then(|p| DIGITS.iter().position(|&d| d == p))
                && !DIGITS.contains(&key)
            {
                input.consume_key(modifiers, key);
                out.push(AnnotateCommand::LabelKey(i as u8 + 11).into());
                continue;
            }
            let found = table().into_iter().find(|(shortcut, command, scope)| {
                shortcut.logical_key == key
                    && modifiers.matches_logically(shortcut.modifiers)
                    && match scope {
                        Scope::Always => true,
                        Scope::NotTyping => !typing,
                        Scope::NotInLines => !in_lines,
                    }
                    && !(popup && *command == Command::Read(ReadCommand::ClearSelection))
                    && (list_keys
                        || !matches!(
                            command,
                            Command::Folder(
                                FolderCommand::NextArticle | FolderCommand::PreviousArticle
                            )
                        ))
            });
            if let Some((shortcut, command, _)) = found {
                input.consume_shortcut(&shortcut);
                if shortcut.logical_key == Key::Tab {
                    tabbed = true;
                }
                out.push(command);
            }
        }
    });
    if tabbed {
        // Tab steps through the spans here: egui must not also move the keyboard focus to
        // the next widget (it gives it to the first one when nothing has it).
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    }
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
    fn digit_keys_then_zero_then_shifted_digits_are_label_keys_one_to_twenty() {
        let ctx = Context::default();
        let label = |n: u8| vec![Command::Annotate(AnnotateCommand::LabelKey(n))];
        let none = Modifiers::NONE;
        assert_eq!(press(&ctx, none, Key::Num1, true), label(1));
        assert_eq!(press(&ctx, none, Key::Num9, true), label(9));
        assert_eq!(press(&ctx, none, Key::Num0, true), label(10));
        assert_eq!(press(&ctx, Modifiers::SHIFT, Key::Num1, true), label(11));
        assert_eq!(press(&ctx, Modifiers::SHIFT, Key::Num0, true), label(20));
        // A layout that names Shift+1 "!" still gives label 11, by the key's place.
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key: Key::Exclamationmark,
                physical_key: Some(Key::Num1),
                pressed: true,
                repeat: false,
                modifiers: Modifiers::SHIFT,
            }],
            ..Default::default()
        };
        let mut commands = Vec::new();
        let mut output = ctx.run_ui(input, |ui| {
            commands = shortcut_commands(ui.ctx(), true);
        });
        output.textures_delta.clear();
        assert_eq!(commands, label(11));
        // Ctrl+0 is still the default text size.
        assert_eq!(
            press(&ctx, Modifiers::COMMAND, Key::Num0, true),
            [Command::View(ViewCommand::ZoomReset)]
        );
    }

    #[test]
    fn keys_map_to_commands() {
        let ctx = Context::default();
        let ctrl = Modifiers::COMMAND;
        let view = |c: ViewCommand| vec![Command::View(c)];
        assert_eq!(
            press(&ctx, ctrl, Key::Equals, true),
            view(ViewCommand::ZoomIn)
        );
        assert_eq!(
            press(&ctx, ctrl, Key::Minus, true),
            view(ViewCommand::ZoomOut)
        );
        assert_eq!(
            press(&ctx, ctrl, Key::Num0, true),
            view(ViewCommand::ZoomReset)
        );
        assert_eq!(
            press(&ctx, Modifiers::ALT, Key::ArrowDown, true),
            [Command::Folder(FolderCommand::NextArticle)]
        );
        assert_eq!(
            press(&ctx, Modifiers::NONE, Key::ArrowUp, true),
            [Command::Folder(FolderCommand::PreviousArticle)]
        );
        assert!(press(&ctx, Modifiers::NONE, Key::ArrowUp, false).is_empty());
        assert_eq!(
            press(&ctx, Modifiers::NONE, Key::PageDown, true),
            [Command::Read(ReadCommand::PageDown)]
        );
        assert!(press(&ctx, Modifiers::NONE, Key::Q, true).is_empty());
        assert_eq!(
            press(&ctx, Modifiers::SHIFT, Key::N, true),
            [Command::Annotate(AnnotateCommand::StepSuggestion(false))]
        );
    }

    #[test]
    fn every_shortcut_is_listed_once_per_key() {
        let keys: Vec<_> = table().iter().map(|(k, _, _)| *k).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} twice");
        }
        assert_eq!(
            shortcut_of(ViewCommand::ZoomIn),
            Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals))
        );
    }
}
