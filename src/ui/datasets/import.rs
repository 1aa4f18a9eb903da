//! File → Import…: a dataset (Hamesh's or another tool's) into the open folder's open layer,
//! in two steps.
//! Check reads and validates the whole file and says what would be written, writing nothing;
//! Import then writes it. What happens to documents that already have annotations is chosen
//! here (merge, replace, leave), and so is whether the valid documents of a file with invalid
//! ones are imported, and whether a Label Studio export's predictions are read (into the
//! corpus's predictions, offered as suggestions) instead of its annotations.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use egui::{Context, Ui};

use crate::dataset::import::{ImportPlan, plan};
use crate::dataset::{ImportError, ImportOptions, ImportReport, MergeMode};
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;

use super::super::atlas::GlyphAtlas;
use super::super::chrome::{bar_ui, column_layout};
use super::super::command::DatasetCommand;
use super::super::dialog::{DialogOutcome, FolderDialog, Pick};
use super::super::text_field::EngineField;
use super::{Job, details_ui, fact_ui, progress_ui};

enum State {
    Editing,
    Checking(Job<Result<ImportPlan, ImportError>>),
    Checked(Box<ImportPlan>),
    /// Writing; the documents whose annotations it writes.
    Applying(Job<Result<ImportReport, ImportError>>, HashSet<String>),
    /// The file was refused (or the import failed): why. Nothing was written.
    Refused(String),
    Imported(ImportReport),
}

pub struct ImportDialog {
    /// The file field, drawn by the engine (paths may hold Arabic or Persian names).
    file_field: EngineField,
    root: PathBuf,
    fallback_root: PathBuf,
    /// The dataset file, as typed or chosen.
    pub file: String,
    pub mode: MergeMode,
    pub valid_only: bool,
    pub add_labels: bool,
    /// Read a Label Studio export's predictions (offered as suggestions) instead of its
    /// annotations.
    pub predictions: bool,
    /// The layer open in the window, which the spans go to (`None`: the unnamed one).
    pub annotator: Option<String>,
    /// Read articles reached through links out of the corpus (the setting).
    pub follow_links: bool,
    picker: Option<FolderDialog>,
    state: State,
    /// The documents an import just wrote, for the app (taken once).
    written: Option<HashSet<String>>,
}

impl ImportDialog {
    pub fn new(root: &Path, fallback_root: &Path) -> ImportDialog {
        ImportDialog {
            file_field: EngineField::default(),
            root: root.to_path_buf(),
            fallback_root: fallback_root.to_path_buf(),
            file: String::new(),
            mode: MergeMode::Merge,
            valid_only: false,
            add_labels: false,
            predictions: false,
            annotator: None,
            follow_links: false,
            picker: None,
            state: State::Editing,
            written: None,
        }
    }

    fn options(&self) -> ImportOptions {
        ImportOptions {
            mode: self.mode,
            valid_only: self.valid_only,
            format: None,
            offset_unit: None,
            add_labels: self.add_labels,
            predictions: self.predictions,
            annotator: self.annotator.clone().filter(|_| !self.predictions),
            fallback_root: Some(self.fallback_root.clone()),
            follow_links: self.follow_links,
            ..ImportOptions::default()
        }
    }

    /// Whether the file was checked and can be imported.
    pub fn is_checked(&self) -> bool {
        matches!(self.state, State::Checked(_))
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.state, State::Checking(_) | State::Applying(..))
    }

    /// Why the file was refused, if it was.
    pub fn refusal(&self) -> Option<&str> {
        match &self.state {
            State::Refused(why) => Some(why),
            _ => None,
        }
    }

    /// What the import did, once it is done.
    pub fn report(&self) -> Option<&ImportReport> {
        match &self.state {
            State::Imported(report) => Some(report),
            _ => None,
        }
    }

    /// Checks the file (from the form) or writes the checked plan, on a worker thread.
    pub fn start(&mut self, wake: impl Fn() + Send + 'static) {
        match std::mem::replace(&mut self.state, State::Editing) {
            State::Editing | State::Refused(_) | State::Imported(_) => {
                let (file, root, options) = (
                    PathBuf::from(self.file.trim()),
                    self.root.clone(),
                    self.options(),
                );
                let job = Job::spawn("hamesh-import-check", wake, move |progress| {
                    plan(&file, &root, &options, progress)
                });
                self.state = State::Checking(job);
            }
            State::Checked(plan) => {
                let written = plan
                    .actions
                    .iter()
                    .filter(|a| a.annotate)
                    .map(|a| a.target.rel().to_string())
                    .collect();
                let job = Job::spawn("hamesh-import", wake, move |_| plan.apply());
                self.state = State::Applying(job, written);
            }
            busy => self.state = busy,
        }
    }

    /// Shows the window; says what the app should do.
    pub fn show(
        &mut self,
        ctx: &Context,
        (lang, atlas): (UiLanguage, &mut GlyphAtlas),
    ) -> Option<DatasetCommand> {
        self.poll();
        if let Some(written) = self.written.take() {
            return Some(DatasetCommand::Imported(written));
        }
        let mut open = true;
        let mut step = None;
        egui::Window::new(tr(lang, Msg::ImportTitle))
            .id(egui::Id::unique("hamesh-import"))
            .open(&mut open)
            .collapsible(false)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(super::dialog_position(ctx))
            .resizable(true)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.with_layout(column_layout(lang), |ui| {
                    step = self.body_ui(ui, lang, atlas)
                });
            });
        if !open {
            if let State::Checking(job) = &self.state {
                job.cancel();
            }
            // Writing is not interrupted: it finishes, and the folder is read again.
            if !matches!(self.state, State::Applying(..)) {
                return Some(DatasetCommand::Close);
            }
        }
        step
    }

    fn poll(&mut self) {
        if let Some(outcome) = self.picker.as_ref().and_then(FolderDialog::poll) {
            self.picker = None;
            if let DialogOutcome::Chosen(path) = outcome {
                self.file = path.display().to_string();
                self.state = State::Editing;
            }
        }
        let state = std::mem::replace(&mut self.state, State::Editing);
        self.state = match state {
            State::Checking(job) => match job.poll() {
                None => State::Checking(job),
                Some(Ok(Ok(plan))) => State::Checked(Box::new(plan)),
                Some(Ok(Err(e))) => State::Refused(e.to_string()),
                Some(Err(lost)) => State::Refused(lost),
            },
            State::Applying(job, written) => match job.poll() {
                None => State::Applying(job, written),
                Some(Ok(Ok(report))) => {
                    if report.files_written > 0 {
                        self.written = Some(written);
                    }
                    State::Imported(report)
                }
                Some(Ok(Err(e))) => State::Refused(e.to_string()),
                Some(Err(lost)) => State::Refused(lost),
            },
            other => other,
        };
    }

    fn body_ui(
        &mut self,
        ui: &mut Ui,
        lang: UiLanguage,
        atlas: &mut GlyphAtlas,
    ) -> Option<DatasetCommand> {
        match &self.state {
            State::Checking(job) => {
                if progress_ui(ui, lang, Msg::Checking, job.progress()) {
                    job.cancel();
                }
                return None;
            }
            State::Applying(..) => {
                bar_ui(ui, lang, |ui| {
                    ui.spinner();
                    ui.label(tr(lang, Msg::Importing));
                });
                return None;
            }
            State::Imported(report) => {
                ui.strong(tr(lang, Msg::ImportDone));
                report_ui(ui, lang, report);
                let mut step = None;
                bar_ui(ui, lang, |ui| {
                    if ui.button(tr(lang, Msg::Close)).clicked() {
                        step = Some(DatasetCommand::Close);
                    }
                });
                return step;
            }
            State::Editing | State::Checked(_) | State::Refused(_) => {}
        }
        let before = self.form_key();
        self.form_ui(ui, lang, atlas);
        // A changed choice makes an earlier check stale.
        if self.form_key() != before && !matches!(self.state, State::Editing) {
            self.state = State::Editing;
        }
        match &self.state {
            State::Checked(plan) => {
                ui.strong(tr(lang, Msg::ImportChecked));
                plan_ui(ui, lang, plan);
                ui.weak(tr(lang, Msg::ReopenAfterImport));
            }
            State::Refused(why) => {
                ui.colored_label(ui.visuals().error_fg_color, tr(lang, Msg::ImportRefused));
                details_ui(
                    ui,
                    lang,
                    &why.lines().map(str::to_string).collect::<Vec<_>>(),
                );
            }
            _ => {}
        }
        ui.separator();
        let mut step = None;
        bar_ui(ui, lang, |ui| {
            let checked = self.is_checked();
            let ready = !self.file.trim().is_empty();
            let run = if checked {
                Msg::RunImport
            } else {
                Msg::CheckFile
            };
            if ui
                .add_enabled(ready, egui::Button::new(tr(lang, run)))
                .clicked()
            {
                step = Some(DatasetCommand::Start);
            }
            if ui.button(tr(lang, Msg::Cancel)).clicked() {
                step = Some(DatasetCommand::Close);
            }
        });
        step
    }

    /// The form's choices, to notice a change.
    fn form_key(&self) -> (String, MergeMode, bool, bool) {
        (
            self.file.clone(),
            self.mode,
            self.valid_only,
            self.add_labels,
        )
    }

    fn form_ui(&mut self, ui: &mut Ui, lang: UiLanguage, atlas: &mut GlyphAtlas) {
        let caption = ui.weak(tr(lang, Msg::DatasetFile)).id;
        bar_ui(ui, lang, |ui| {
            if ui.button(tr(lang, Msg::Choose)).clicked() && self.picker.is_none() {
                let folder = PathBuf::from(self.file.trim())
                    .parent()
                    .map(Path::to_path_buf)
                    .or_else(|| self.root.parent().map(Path::to_path_buf));
                let ctx = ui.ctx().clone();
                self.picker = Some(FolderDialog::pick(
                    Pick::OpenFile {
                        folder,
                        // A brat folder is typed (or pasted) into the field.
                        extensions: vec![
                            "json", "jsonl", "ndjson", "conll", "bio", "iob", "txt", "tsv",
                        ],
                    },
                    move || ctx.request_repaint(),
                ));
            }
            let at = ("hamesh-import-file", "", ui.available_width());
            let edit = self.file_field.bound(ui, atlas, at, &mut self.file);
            edit.response.labelled_by(caption);
        });
        ui.weak(tr(lang, Msg::ExistingAnnotations));
        for (mode, msg) in [
            (MergeMode::Merge, Msg::ModeMerge),
            (MergeMode::Replace, Msg::ModeReplace),
            (MergeMode::SkipExisting, Msg::ModeSkip),
        ] {
            ui.radio_value(&mut self.mode, mode, tr(lang, msg));
        }
        ui.checkbox(&mut self.valid_only, tr(lang, Msg::ValidOnly));
        ui.checkbox(&mut self.add_labels, tr(lang, Msg::AddLabels));
        ui.checkbox(&mut self.predictions, tr(lang, Msg::ImportPredictions))
            .on_hover_text(tr(lang, Msg::ImportPredictionsHint));
    }
}

fn plan_ui(ui: &mut Ui, lang: UiLanguage, plan: &ImportPlan) {
    let annotate = plan.actions.iter().filter(|a| a.annotate).count();
    let spans: usize = plan
        .actions
        .iter()
        .filter(|a| a.annotate)
        .map(|a| a.spans)
        .sum();
    let new = plan.actions.iter().filter(|a| a.target.is_new()).count();
    fact_ui(
        ui,
        lang,
        Msg::DocumentsInFile,
        plan.report.documents_in_file.to_string(),
    );
    fact_ui(ui, lang, Msg::DocumentsToWrite, annotate.to_string());
    fact_ui(ui, lang, Msg::SpansCount, spans.to_string());
    if new > 0 {
        fact_ui(ui, lang, Msg::NewTexts, new.to_string());
    }
    if !plan.report.problems.is_empty() {
        fact_ui(
            ui,
            lang,
            Msg::LeftOut,
            plan.report.problems.len().to_string(),
        );
    }
    let lines: Vec<String> = plan.report.lines().into_iter().skip(1).collect();
    details_ui(ui, lang, &lines);
}

fn report_ui(ui: &mut Ui, lang: UiLanguage, report: &ImportReport) {
    fact_ui(
        ui,
        lang,
        Msg::DocumentsInFile,
        report.documents_in_file.to_string(),
    );
    fact_ui(
        ui,
        lang,
        Msg::DocumentsToWrite,
        report.annotated.to_string(),
    );
    fact_ui(ui, lang, Msg::SpansCount, report.spans.to_string());
    if !report.created.is_empty() {
        fact_ui(ui, lang, Msg::NewTexts, report.created.len().to_string());
    }
    if !report.problems.is_empty() {
        fact_ui(ui, lang, Msg::LeftOut, report.problems.len().to_string());
    }
    let lines: Vec<String> = report.lines().into_iter().skip(1).collect();
    details_ui(ui, lang, &lines);
}
