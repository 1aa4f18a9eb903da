//! File → Export… and File → Import…: the dataset dialogs, and the worker that runs an export
//! or an import off the UI thread with a progress bar and a cancel button.
//!
//! Both call the same code as the command line ([`crate::dataset`]). A dialog never acts on the
//! window itself: it returns a [`DatasetCommand`]. Before its work starts (`Start`), the app
//! writes every pending annotation edit to disk, so an export holds the latest spans and an
//! import's merge sees them. After an import has written anything (`Imported`), the app opens
//! the folder again: new texts join the list, the label set and the article list's counts are
//! read again, and the imported documents' sessions start from their new files (sessions of the
//! other documents keep their undo history).

pub mod export;
pub mod import;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::{Context, Ui};

use crate::dataset::Progress;
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;

use super::chrome::bar_ui;
use super::command::DatasetCommand;

pub use export::ExportDialog;
pub use import::ImportDialog;

/// The open dataset dialog.
pub enum DatasetDialog {
    Export(ExportDialog),
    Import(ImportDialog),
}

/// Work running on a thread of its own, reporting progress.
pub struct Job<T> {
    result: Receiver<T>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
}

/// How often a running job asks for a frame to show its progress.
const PROGRESS_FRAME: Duration = Duration::from_millis(50);

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread; it gets a progress callback that returns `false` once the user
    /// cancelled. `wake` asks for a frame.
    pub fn spawn(
        name: &str,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce(&mut dyn FnMut(Progress) -> bool) -> T + Send + 'static,
    ) -> Job<T> {
        let (tx, rx) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (d, t, c) = (done.clone(), total.clone(), cancel.clone());
        let run = move || {
            let mut last = Instant::now();
            let mut progress = |p: Progress| {
                d.store(p.done, Ordering::Relaxed);
                t.store(p.total, Ordering::Relaxed);
                if last.elapsed() >= PROGRESS_FRAME {
                    last = Instant::now();
                    wake();
                }
                !c.load(Ordering::Relaxed)
            };
            let out = work(&mut progress);
            let _ = tx.send(out);
            wake();
        };
        // If the thread cannot start, the sender is dropped with the closure and `poll`
        // reports the job as lost.
        let _ = std::thread::Builder::new().name(name.into()).spawn(run);
        Job {
            result: rx,
            done,
            total,
            cancel,
        }
    }

    /// The result once the work is over; `Some(Err)` if the worker died without one.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.result.try_recv() {
            Ok(out) => Some(Ok(out)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the worker thread stopped without an answer".into()))
            }
        }
    }

    /// Documents done and in all, once known.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Where a dataset dialog first appears: centred, below the top bar.
pub fn dialog_position(ctx: &Context) -> egui::Pos2 {
    let screen = ctx.content_rect();
    egui::pos2(screen.center().x, screen.min.y + 60.0)
}

/// A progress bar with "done / total", and a cancel button.
pub fn progress_ui(
    ui: &mut Ui,
    lang: UiLanguage,
    what: Msg,
    (done, total): (usize, usize),
) -> bool {
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    ui.add(egui::ProgressBar::new(fraction).text(format!("{done} / {total}")));
    let mut cancel = false;
    bar_ui(ui, lang, |ui| {
        ui.spinner();
        ui.label(tr(lang, what));
        cancel = ui.button(tr(lang, Msg::Cancel)).clicked();
    });
    cancel
}

/// A row: a translated caption, then a value (a number, a path) as data.
pub fn fact_ui(ui: &mut Ui, lang: UiLanguage, caption: Msg, value: impl Into<String>) {
    bar_ui(ui, lang, |ui| {
        ui.weak(tr(lang, caption));
        ui.strong(value.into());
    });
}

/// Lines from the core (warnings, problems): shown as they are, in a scrolling box.
pub fn details_ui(ui: &mut Ui, lang: UiLanguage, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    ui.weak(tr(lang, Msg::Details));
    egui::ScrollArea::vertical()
        .max_height(180.0)
        .id_salt("hamesh-dataset-details")
        .show(ui, |ui| {
            for line in lines {
                ui.label(line);
            }
        });
}

impl DatasetDialog {
    /// Draws the dialog; returns what it asks for (close, start, the folder to be read again).
    pub fn show(
        &mut self,
        ctx: &Context,
        lang: UiLanguage,
        glyphs: &mut super::glyphs::GlyphPainter,
    ) -> Option<DatasetCommand> {
        match self {
            DatasetDialog::Export(d) => d.show(ctx, (lang, glyphs)),
            DatasetDialog::Import(d) => d.show(ctx, (lang, &mut glyphs.atlas)),
        }
    }

    /// Starts the dialog's work (the caller has written pending edits first).
    pub fn start(&mut self, wake: impl Fn() + Send + 'static) {
        match self {
            DatasetDialog::Export(d) => d.start(wake),
            DatasetDialog::Import(d) => d.start(wake),
        }
    }

    /// The export dialog, if this is one (for tests and tools).
    pub fn export(&self) -> Option<&ExportDialog> {
        match self {
            DatasetDialog::Export(d) => Some(d),
            DatasetDialog::Import(_) => None,
        }
    }

    pub fn export_mut(&mut self) -> Option<&mut ExportDialog> {
        match self {
            DatasetDialog::Export(d) => Some(d),
            DatasetDialog::Import(_) => None,
        }
    }

    /// The import dialog, if this is one (for tests and tools).
    pub fn import(&self) -> Option<&ImportDialog> {
        match self {
            DatasetDialog::Import(d) => Some(d),
            DatasetDialog::Export(_) => None,
        }
    }

    pub fn import_mut(&mut self) -> Option<&mut ImportDialog> {
        match self {
            DatasetDialog::Import(d) => Some(d),
            DatasetDialog::Export(_) => None,
        }
    }
}
