//! The agreement view (Annotate → Agreement): for each pair of the corpus's annotators, span F1
//! with precision and recall, Cohen's κ, the figures per label, Fleiss' κ for three or more,
//! and the documents that agree least, each a click away. Computed on a worker when the window
//! opens, from the layers as saved ([`crate::agreement`]).

use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, Sense, Ui, vec2};

use crate::agreement::{Report, agree, load};
use crate::annotate::Store;
use crate::annotate::layers::list;
use crate::corpus::files::Folder;
use crate::i18n::{Msg, tr};

use super::annotation::panel::PanelPaint;
use super::annotation::rows::quote_ui;
use super::chrome::bar_ui;
use super::command::{Command, FolderCommand};

/// The documents listed, least agreed first.
const WORST: usize = 30;

pub struct AgreementView {
    loading: Option<Receiver<Result<Report, String>>>,
    report: Option<Result<Report, String>>,
}

impl AgreementView {
    pub fn open(folder: Folder, store: Store, wake: impl Fn() + Send + 'static) -> AgreementView {
        let (send, loading) = channel();
        let started = std::thread::Builder::new()
            .name("hamesh-agreement".into())
            .spawn(move || {
                let layers = list(&store);
                let result = if layers.names.len() < 2 {
                    Err(layers.names.len().to_string())
                } else {
                    let (loaded, texts, problems) = load(&folder, &store, &layers.names);
                    let mut report = agree(&loaded, &texts);
                    report.problems = problems;
                    report.problems.extend(layers.problems);
                    Ok(report)
                };
                if send.send(result).is_ok() {
                    wake();
                }
            })
            .is_ok();
        AgreementView {
            loading: started.then_some(loading),
            report: (!started).then(|| Err("0".into())),
        }
    }

    /// The report, once computed (for tests).
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref().and_then(|r| r.as_ref().ok())
    }

    fn poll(&mut self) {
        if let Some(rx) = &self.loading {
            match rx.try_recv() {
                Ok(r) => {
                    self.report = Some(r);
                    self.loading = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.loading = None,
            }
        }
    }

    /// Draws the window; returns whether it stays open.
    pub fn show(
        &mut self,
        ctx: &Context,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) -> bool {
        self.poll();
        let lang = paint.lang;
        let mut open = true;
        egui::Window::new(tr(lang, Msg::Agreement))
            .id(egui::Id::unique("hamesh-agreement"))
            .open(&mut open)
            .default_size(vec2(520.0, 520.0))
            // Below the menu bar and the toolbar, over the article.
            .default_pos([360.0, 60.0])
            .resizable(true)
            .show(ctx, |ui| match &self.report {
                None => {
                    ui.spinner();
                }
                Some(Err(found)) => {
                    ui.label(tr(lang, Msg::AgreementNeedsTwo));
                    ui.weak(found.as_str());
                }
                Some(Ok(report)) => {
                    egui::ScrollArea::vertical()
                        .id_salt("hamesh-agreement-scroll")
                        .auto_shrink([false, false])
                        .show(ui, |ui| report_ui(ui, report, paint, out));
                }
            });
        open
    }
}

/// A piece of user data (an annotator's name, a path) drawn by the engine, `width` wide.
fn data_ui(ui: &mut Ui, text: &str, width: f32, paint: &mut PanelPaint<'_>) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(width, 20.0), Sense::click());
    quote_ui(ui, rect, text, paint, ui.visuals().text_color());
    response
}

fn kappa(k: Option<f64>) -> String {
    k.map_or("–".into(), |k| format!("{k:.3}"))
}

fn report_ui(ui: &mut Ui, report: &Report, paint: &mut PanelPaint<'_>, out: &mut Vec<Command>) {
    let lang = paint.lang;
    for p in &report.pairs {
        bar_ui(ui, lang, |ui| {
            data_ui(ui, &p.first, 90.0, paint);
            ui.label("/");
            data_ui(ui, &p.second, 90.0, paint);
        });
        egui::Grid::new(("hamesh-agreement-pair", &p.first, &p.second))
            .striped(true)
            .show(ui, |ui| {
                // A grid's columns run left to right: in an Arabic or Persian interface they
                // are given in the other order, so the label comes first from the right.
                let in_order = |mut cells: Vec<String>| {
                    if lang.is_rtl() {
                        cells.reverse();
                    }
                    cells
                };
                let headers = [Msg::LabelWith, Msg::SpanF1, Msg::Precision, Msg::Recall];
                for h in in_order(headers.map(|h| tr(lang, h).to_string()).to_vec()) {
                    ui.strong(h);
                }
                ui.end_row();
                let row = |ui: &mut Ui, name: &str, c: &crate::agreement::Counts| {
                    let figures = [c.f1, c.precision, c.recall].map(|x| format!("{x:.3}"));
                    let cells = std::iter::once(name.to_string()).chain(figures).collect();
                    for cell in in_order(cells) {
                        ui.label(cell);
                    }
                    ui.end_row();
                };
                row(ui, tr(lang, Msg::EveryLabel), &p.overall);
                for (label, c) in &p.per_label {
                    row(ui, label, c);
                }
            });
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::CohenKappa));
            ui.label(kappa(p.cohen_kappa));
            ui.weak(tr(lang, Msg::Documents));
            ui.label(p.documents.to_string());
        });
        ui.separator();
    }
    if let Some(k) = report.fleiss_kappa {
        bar_ui(ui, lang, |ui| {
            ui.weak(tr(lang, Msg::FleissKappa));
            ui.label(format!("{k:.3}"));
        });
        ui.separator();
    }
    ui.strong(tr(lang, Msg::LeastAgreed));
    for d in report.documents.iter().take(WORST) {
        bar_ui(ui, lang, |ui| {
            ui.label(format!("{:.3}", d.f1));
            let width = ui.available_width();
            if data_ui(ui, &d.path, width, paint).clicked() {
                out.push(FolderCommand::OpenArticle(d.path.clone()).into());
            }
        });
    }
    for p in &report.problems {
        ui.weak(p.as_str());
    }
}
