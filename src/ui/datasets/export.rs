//! File → Export…: format, documents (all, done only, this article), labels, offset unit and
//! destination (typed, or chosen in the native save dialog); then a progress bar and a summary
//! of what was written, or the reason nothing was.

use std::path::{Path, PathBuf};

use egui::{Context, Ui};

use crate::annotate::LabelSet;
use crate::dataset::{
    ExportError, ExportOptions, Format, FurnitureExport, OffsetUnit, Scope, Summary,
};
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;

use super::super::chrome::{bar_ui, column_layout, wrapped_ui};
use super::super::command::DatasetCommand;
use super::super::data_row::data_row_ui;
use super::super::dialog::{DialogOutcome, FolderDialog, Pick};
use super::super::glyphs::GlyphPainter;
use super::super::text_field::EngineField;
use super::{Job, details_ui, fact_ui, progress_ui};

/// Which documents to export.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ScopeChoice {
    All,
    Done,
    Current,
}

enum State {
    Editing,
    Running(Job<Result<Summary, ExportError>>),
    Finished(Result<Summary, String>),
}

pub struct ExportDialog {
    /// The destination field, drawn by the engine (paths may hold Arabic or Persian names).
    output_field: EngineField,
    root: PathBuf,
    fallback_root: PathBuf,
    current: Option<String>,
    pub format: Format,
    pub scope: ScopeChoice,
    /// Every label of the set, and whether its spans are exported.
    pub labels: Vec<(String, bool)>,
    pub unit: OffsetUnit,
    /// Site furniture: kept, marked or left out.
    pub furniture: FurnitureExport,
    /// Export articles reached through links out of the corpus (the setting).
    pub follow_links: bool,
    /// The corpus's annotator layers, and the one exported (`None`: the curated layer).
    pub layers: Vec<String>,
    pub layer: Option<String>,
    /// Where to write; follows the format until the user edits it.
    pub output: String,
    output_edited: bool,
    picker: Option<FolderDialog>,
    state: State,
}

/// The file (or brat folder) proposed for a format: beside the corpus folder, named after it.
pub fn default_output(root: &Path, format: Format) -> PathBuf {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "corpus".into());
    let file = match format {
        Format::Json => format!("{name}.json"),
        Format::Jsonl => format!("{name}.jsonl"),
        Format::Brat => format!("{name}-brat"),
        Format::Conll => format!("{name}.conll"),
        Format::LabelStudio => format!("{name}.label-studio.json"),
    };
    root.parent().unwrap_or(root).join(file)
}

impl ExportDialog {
    pub fn new(
        root: &Path,
        fallback_root: &Path,
        labels: &LabelSet,
        current: Option<String>,
    ) -> ExportDialog {
        ExportDialog {
            output_field: EngineField::default(),
            root: root.to_path_buf(),
            fallback_root: fallback_root.to_path_buf(),
            current,
            format: Format::Json,
            scope: ScopeChoice::All,
            labels: labels
                .labels
                .iter()
                .map(|l| (l.name.clone(), true))
                .collect(),
            unit: OffsetUnit::CodePoint,
            furniture: FurnitureExport::Keep,
            follow_links: false,
            layers: crate::annotate::layers::list(&crate::annotate::Store::open(
                root,
                fallback_root,
            ))
            .names,
            layer: None,
            output: default_output(root, Format::Json).display().to_string(),
            output_edited: false,
            picker: None,
            state: State::Editing,
        }
    }

    /// Chooses the format; the proposed destination follows it unless it was edited.
    pub fn set_format(&mut self, format: Format) {
        self.format = format;
        if !self.output_edited {
            self.output = default_output(&self.root, format).display().to_string();
        }
    }

    /// Proposes the last export's format and destination (a format no longer known is left).
    pub fn remember(&mut self, last: &crate::settings::LastExport) {
        if let Some(format) = Format::parse(&last.format) {
            self.format = format;
            self.output = last.output.display().to_string();
            self.output_edited = true;
        }
    }

    /// Where and as what the dialog exports.
    pub fn destination(&self) -> crate::settings::LastExport {
        crate::settings::LastExport {
            format: self.format.name().to_string(),
            output: PathBuf::from(self.output.trim()),
        }
    }

    /// Types a destination.
    pub fn set_output(&mut self, output: &str) {
        self.output = output.to_string();
        self.output_edited = true;
    }

    /// The export the dialog describes.
    pub fn options(&self) -> ExportOptions {
        let scope = match (self.scope, &self.current) {
            (ScopeChoice::All, _) | (ScopeChoice::Current, None) => Scope::All,
            (ScopeChoice::Done, _) => Scope::Done,
            (ScopeChoice::Current, Some(rel)) => Scope::Paths(vec![rel.clone()]),
        };
        let labels = if self.labels.iter().all(|(_, on)| *on) {
            None
        } else {
            Some(
                self.labels
                    .iter()
                    .filter(|(_, on)| *on)
                    .map(|(n, _)| n.clone())
                    .collect(),
            )
        };
        ExportOptions {
            format: self.format,
            output: PathBuf::from(self.output.trim()),
            scope,
            labels,
            offset_unit: self.unit,
            created: None,
            fallback_root: Some(self.fallback_root.clone()),
            follow_links: self.follow_links,
            annotator: self.layer.clone(),
            furniture: self.furniture,
            ..ExportOptions::default()
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state, State::Running(_))
    }

    /// The summary of a finished export, or why it stopped.
    pub fn outcome(&self) -> Option<&Result<Summary, String>> {
        match &self.state {
            State::Finished(r) => Some(r),
            _ => None,
        }
    }

    /// Starts the export on a worker thread.
    pub fn start(&mut self, wake: impl Fn() + Send + 'static) {
        let options = self.options();
        let root = self.root.clone();
        let job = Job::spawn("hamesh-export", wake, move |progress| {
            crate::dataset::export(&root, &options, progress)
        });
        self.state = State::Running(job);
    }

    /// Shows the window; says what the app should do.
    pub fn show(
        &mut self,
        ctx: &Context,
        (lang, glyphs): (UiLanguage, &mut GlyphPainter),
    ) -> Option<DatasetCommand> {
        self.poll();
        let mut open = true;
        let mut step = None;
        egui::Window::new(tr(lang, Msg::ExportTitle))
            .id(egui::Id::unique("hamesh-export"))
            .open(&mut open)
            .collapsible(false)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(super::dialog_position(ctx))
            .resizable(true)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.with_layout(column_layout(lang), |ui| {
                    step = self.body_ui(ui, lang, glyphs)
                });
            });
        if !open {
            if let State::Running(job) = &self.state {
                job.cancel();
            }
            return Some(DatasetCommand::Close);
        }
        step
    }

    fn poll(&mut self) {
        if let Some(outcome) = self.picker.as_ref().and_then(FolderDialog::poll) {
            self.picker = None;
            if let DialogOutcome::Chosen(path) = outcome {
                self.set_output(&path.display().to_string());
            }
        }
        if let State::Running(job) = &self.state
            && let Some(result) = job.poll()
        {
            self.state =
                State::Finished(result.and_then(|r| r.map_err(|e: ExportError| e.to_string())));
        }
    }

    fn body_ui(
        &mut self,
        ui: &mut Ui,
        lang: UiLanguage,
        glyphs: &mut GlyphPainter,
    ) -> Option<DatasetCommand> {
        match &self.state {
            State::Editing => self.form_ui(ui, lang, glyphs),
            State::Running(job) => {
                if progress_ui(ui, lang, Msg::Exporting, job.progress()) {
                    job.cancel();
                }
                None
            }
            State::Finished(result) => {
                match result {
                    Ok(summary) => summary_ui(ui, lang, summary),
                    Err(message) => {
                        ui.colored_label(ui.visuals().error_fg_color, tr(lang, Msg::ExportFailed));
                        details_ui(ui, lang, std::slice::from_ref(message));
                    }
                }
                let (failed, mut step, mut again) = (result.is_err(), None, false);
                bar_ui(ui, lang, |ui| {
                    if ui.button(tr(lang, Msg::Close)).clicked() {
                        step = Some(DatasetCommand::Close);
                    }
                    again = failed && ui.button(tr(lang, Msg::ExportTitle)).clicked();
                });
                if again {
                    self.state = State::Editing;
                }
                step
            }
        }
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        lang: UiLanguage,
        glyphs: &mut GlyphPainter,
    ) -> Option<DatasetCommand> {
        ui.weak(tr(lang, Msg::DatasetFormat));
        wrapped_ui(ui, lang, |ui| {
            for format in Format::ALL {
                if ui
                    .selectable_label(self.format == format, format.name())
                    .clicked()
                {
                    self.set_format(format);
                }
            }
        });
        ui.weak(tr(lang, Msg::ExportScope));
        bar_ui(ui, lang, |ui| {
            ui.radio_value(&mut self.scope, ScopeChoice::All, tr(lang, Msg::ScopeAll));
            ui.radio_value(&mut self.scope, ScopeChoice::Done, tr(lang, Msg::ScopeDone));
            ui.add_enabled_ui(self.current.is_some(), |ui| {
                ui.radio_value(
                    &mut self.scope,
                    ScopeChoice::Current,
                    tr(lang, Msg::ScopeCurrent),
                );
            });
        });
        if !self.layers.is_empty() {
            ui.weak(tr(lang, Msg::Layer));
            wrapped_ui(ui, lang, |ui| {
                let curated =
                    egui::Button::selectable(self.layer.is_none(), tr(lang, Msg::CuratedLayer));
                if ui.add(curated).clicked() {
                    self.layer = None;
                }
                // Names may be Arabic or Persian: drawn by the engine.
                for name in &self.layers {
                    let selected = self.layer.as_ref() == Some(name);
                    if data_row_ui(ui, glyphs, (lang, None), selected, name).clicked() {
                        self.layer = Some(name.clone());
                    }
                }
            });
        }
        ui.weak(tr(lang, Msg::Labels));
        wrapped_ui(ui, lang, |ui| {
            for (name, on) in &mut self.labels {
                ui.checkbox(on, name.as_str());
            }
        });
        // brat counts code points whatever is asked; CoNLL has no offsets.
        if matches!(
            self.format,
            Format::Json | Format::Jsonl | Format::LabelStudio
        ) {
            bar_ui(ui, lang, |ui| {
                ui.weak(tr(lang, Msg::OffsetUnit))
                    .on_hover_text(tr(lang, Msg::OffsetUnitHint));
                for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16] {
                    ui.radio_value(&mut self.unit, unit, unit.name());
                }
            });
        }
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::SiteFurniture))
                .on_hover_text(tr(lang, Msg::SiteFurnitureHint));
            for (choice, msg) in [
                (FurnitureExport::Keep, Msg::FurnitureKeep),
                (FurnitureExport::Mark, Msg::FurnitureMark),
                (FurnitureExport::Omit, Msg::FurnitureOmit),
            ] {
                ui.radio_value(&mut self.furniture, choice, tr(lang, msg));
            }
        });
        let caption = ui.weak(tr(lang, Msg::Destination)).id;
        bar_ui(ui, lang, |ui| {
            if ui.button(tr(lang, Msg::Choose)).clicked() && self.picker.is_none() {
                self.picker = Some(self.native_picker(ui.ctx()));
            }
            let at = ("hamesh-export-output", "", ui.available_width());
            let edit = self
                .output_field
                .bound(ui, &mut glyphs.atlas, at, &mut self.output);
            edit.response.labelled_by(caption);
            if edit.changed {
                self.output_edited = true;
            }
        });
        ui.separator();
        let mut step = None;
        bar_ui(ui, lang, |ui| {
            let ready = !self.output.trim().is_empty() && self.labels.iter().any(|(_, on)| *on);
            if ui
                .add_enabled(ready, egui::Button::new(tr(lang, Msg::RunExport)))
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

    /// The native save dialog (a folder dialog for brat, which writes a folder).
    fn native_picker(&self, ctx: &Context) -> FolderDialog {
        let current = PathBuf::from(self.output.trim());
        let folder = current.parent().map(Path::to_path_buf);
        let what = if self.format.is_folder() {
            Pick::Folder(folder)
        } else {
            let name = current
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let extensions = match self.format {
                Format::Jsonl => vec!["jsonl"],
                Format::Conll => vec!["conll", "txt"],
                _ => vec!["json"],
            };
            Pick::SaveFile {
                folder,
                name,
                extensions,
            }
        };
        let ctx = ctx.clone();
        FolderDialog::pick(what, move || ctx.request_repaint())
    }
}

fn summary_ui(ui: &mut Ui, lang: UiLanguage, summary: &Summary) {
    ui.strong(tr(lang, Msg::ExportDone));
    fact_ui(
        ui,
        lang,
        Msg::Destination,
        summary.output.display().to_string(),
    );
    fact_ui(ui, lang, Msg::DatasetFormat, summary.format);
    if let Some(unit) = summary.offset_unit {
        fact_ui(ui, lang, Msg::OffsetUnit, unit);
    }
    fact_ui(ui, lang, Msg::DocumentsCount, summary.documents.to_string());
    fact_ui(ui, lang, Msg::SpansCount, summary.spans.to_string());
    if !summary.labels.is_empty() {
        wrapped_ui(ui, lang, |ui| {
            for (label, n) in &summary.labels {
                ui.label(format!("{label} {n}"));
            }
        });
    }
    // Everything beyond the first line (which the facts above show): re-anchoring, spans left
    // out, CoNLL's token splits, skipped files, warnings.
    let lines: Vec<String> = summary
        .lines()
        .into_iter()
        .skip(1)
        .filter(|l| !l.starts_with("spans per label"))
        .collect();
    details_ui(ui, lang, &lines);
}
