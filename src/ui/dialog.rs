//! Native file dialogs ([`rfd`]): the folder to open, the file to export to, the dataset to
//! import. Each runs on a worker thread so the window keeps drawing.
//!
//! Where no dialog can be shown (no desktop portal and no zenity on Linux), rfd logs an error
//! and returns nothing at once. An answer of "nothing" faster than a person can cancel a
//! dialog is taken as "unavailable", and the start screen says so and points to its path
//! field.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// No one closes a dialog faster than this.
const HUMAN_CANCEL: Duration = Duration::from_millis(250);

/// What the dialog gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    Chosen(PathBuf),
    Cancelled,
    Unavailable,
}

/// What to ask the user for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// A folder, starting in this one.
    Folder(Option<PathBuf>),
    /// A file to write: the folder to start in, a proposed name, its extension filter.
    SaveFile {
        folder: Option<PathBuf>,
        name: String,
        extensions: Vec<&'static str>,
    },
    /// An existing file, with these extensions.
    OpenFile {
        folder: Option<PathBuf>,
        extensions: Vec<&'static str>,
    },
}

pub struct FolderDialog {
    result: Receiver<(Option<PathBuf>, Duration)>,
}

impl FolderDialog {
    /// Shows the folder dialog, starting in `folder` if given; `wake` is called when it closes.
    pub fn show(folder: Option<PathBuf>, wake: impl Fn() + Send + 'static) -> FolderDialog {
        FolderDialog::pick(Pick::Folder(folder), wake)
    }

    /// Shows the dialog for `what`; `wake` is called when it closes.
    pub fn pick(what: Pick, wake: impl Fn() + Send + 'static) -> FolderDialog {
        let (tx, rx) = channel();
        let pick = move || {
            let started = Instant::now();
            let in_folder = |dialog: rfd::FileDialog, folder: Option<PathBuf>| match folder
                .filter(|f| f.is_dir())
            {
                Some(folder) => dialog.set_directory(folder),
                None => dialog,
            };
            let dialog = rfd::FileDialog::new();
            let chosen = match what {
                Pick::Folder(folder) => in_folder(dialog, folder).pick_folder(),
                Pick::SaveFile {
                    folder,
                    name,
                    extensions,
                } => {
                    let mut dialog = in_folder(dialog, folder).set_file_name(name);
                    if !extensions.is_empty() {
                        dialog = dialog.add_filter(extensions.join(", "), &extensions);
                    }
                    dialog.save_file()
                }
                Pick::OpenFile { folder, extensions } => {
                    let mut dialog = in_folder(dialog, folder);
                    if !extensions.is_empty() {
                        dialog = dialog.add_filter(extensions.join(", "), &extensions);
                    }
                    dialog.pick_file()
                }
            };
            let _ = tx.send((chosen, started.elapsed()));
            wake();
        };
        // macOS shows dialogs from the main thread only; elsewhere a worker keeps the window
        // responsive while the dialog is open.
        if cfg!(target_os = "macos") {
            pick();
        } else if let Err(e) = std::thread::Builder::new()
            .name("hamesh-dialog".into())
            .spawn(pick)
        {
            // The closure (and its sender) is gone: `poll` reports the dialog as unavailable.
            drop(e);
        }
        FolderDialog { result: rx }
    }

    /// The outcome once the dialog has closed; never blocks.
    pub fn poll(&self) -> Option<DialogOutcome> {
        match self.result.try_recv() {
            Ok((Some(path), _)) => Some(DialogOutcome::Chosen(path)),
            Ok((None, took)) => Some(outcome_of_nothing(took)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(DialogOutcome::Unavailable),
        }
    }
}

fn outcome_of_nothing(took: Duration) -> DialogOutcome {
    if took < HUMAN_CANCEL {
        DialogOutcome::Unavailable
    } else {
        DialogOutcome::Cancelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_nothing_means_no_dialog() {
        assert_eq!(
            outcome_of_nothing(Duration::from_millis(3)),
            DialogOutcome::Unavailable
        );
        assert_eq!(
            outcome_of_nothing(Duration::from_secs(2)),
            DialogOutcome::Cancelled
        );
    }
}
