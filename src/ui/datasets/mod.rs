//! File → Export… and File → Import…: the dataset dialogs, and the worker that runs an export
//! or an import off the UI thread with a progress bar and a cancel button.
//!
//! Both call the same code as the command line ([`crate::dataset`]). Before either starts, the
//! app writes every pending annotation edit to disk, so an export holds the latest spans and an
//! import's merge sees them. After an import has written anything, the folder is opened again
//! ([`HameshApp::after_import`]): new texts join the list, the label set and the article list's
//! counts are read again, and the imported documents' sessions start from their new files
//! (sessions of the other documents keep their undo history).

pub mod export;
pub mod import;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::{Context, Ui};

use crate::dataset::Progress;
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;

use super::app::HameshApp;
use super::chrome::bar_ui;

pub use export::ExportDialog;
pub use import::ImportDialog;

/// The open dataset dialog.
pub enum DatasetDialog {
    Export(ExportDialog),
    Import(ImportDialog),
}

/// What a dialog asks of the app after a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Stay,
    Close,
    /// Start the work: the app writes pending edits first.
    Start,
    /// An import wrote these documents (relative paths): read the folder again.
    Imported(HashSet<String>),
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

impl HameshApp {
    /// File → Export…
    pub(in crate::ui) fn open_export(&mut self) {
        let (Some(corpus), Some(a)) = (&self.corpus, &self.annotating) else {
            return;
        };
        let current = self.reading.current.as_ref().map(|a| a.path.clone());
        let mut dialog = ExportDialog::new(corpus.root(), &self.fallback_root, &a.labels, current);
        dialog.follow_links = corpus.folder().options().follow_links;
        self.datasets = Some(DatasetDialog::Export(dialog));
    }

    /// File → Import…
    pub(in crate::ui) fn open_import(&mut self) {
        let Some(corpus) = &self.corpus else {
            return;
        };
        let mut dialog = ImportDialog::new(corpus.root(), &self.fallback_root);
        dialog.follow_links = corpus.folder().options().follow_links;
        self.datasets = Some(DatasetDialog::Import(dialog));
    }

    /// The dataset dialog, while one is open.
    pub(in crate::ui) fn datasets_ui(&mut self, ctx: &Context) {
        let lang = self.settings.get().ui_language;
        let step = match &mut self.datasets {
            Some(DatasetDialog::Export(d)) => d.show(ctx, lang),
            Some(DatasetDialog::Import(d)) => d.show(ctx, lang),
            None => return,
        };
        match step {
            Step::Stay => {}
            Step::Close => self.datasets = None,
            Step::Start => {
                // The export reads, and the import merges with, what is on disk.
                self.saver.flush();
                let wake = self.waker();
                match &mut self.datasets {
                    Some(DatasetDialog::Export(d)) => d.start(wake),
                    Some(DatasetDialog::Import(d)) => d.start(wake),
                    None => {}
                }
            }
            Step::Imported(written) => self.after_import(written),
        }
    }

    /// An import wrote annotation files (and maybe texts and labels): the folder is opened
    /// again, keeping the sessions (and undo history) of the documents it did not touch.
    fn after_import(&mut self, written: HashSet<String>) {
        let Some(root) = self.corpus.as_ref().map(|c| c.root().to_path_buf()) else {
            return;
        };
        self.saver.flush();
        let kept: Vec<_> = self
            .annotating
            .as_mut()
            .map(|a| {
                a.sessions
                    .drain()
                    .filter(|(rel, _)| !written.contains(rel))
                    .collect()
            })
            .unwrap_or_default();
        self.apply(super::Command::Open(root));
        if let Some(a) = &mut self.annotating {
            a.sessions.extend(kept);
        }
    }

    /// Whether a dataset dialog is open (for tests).
    pub fn dataset_dialog_open(&self) -> bool {
        self.datasets.is_some()
    }

    /// The open export dialog (for tests and tools).
    pub fn export_dialog(&self) -> Option<&ExportDialog> {
        match &self.datasets {
            Some(DatasetDialog::Export(d)) => Some(d),
            _ => None,
        }
    }

    pub fn export_dialog_mut(&mut self) -> Option<&mut ExportDialog> {
        match &mut self.datasets {
            Some(DatasetDialog::Export(d)) => Some(d),
            _ => None,
        }
    }

    /// The open import dialog (for tests and tools).
    pub fn import_dialog(&self) -> Option<&ImportDialog> {
        match &self.datasets {
            Some(DatasetDialog::Import(d)) => Some(d),
            _ => None,
        }
    }

    pub fn import_dialog_mut(&mut self) -> Option<&mut ImportDialog> {
        match &mut self.datasets {
            Some(DatasetDialog::Import(d)) => Some(d),
            _ => None,
        }
    }
}
