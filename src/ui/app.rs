//! The application: a top bar with reading options over the reader.

use std::time::Instant;

use egui::{Frame, Theme, Ui};

use crate::text::{FontChoice, TextStyle};

use super::open::Article;
use super::paint::Palette;
use super::reader::ReaderView;

/// Font sizes the −/+ buttons step through, in points.
const SIZE_RANGE: std::ops::RangeInclusive<f32> = 12.0..=48.0;
const SIZE_STEP: f32 = 2.0;

/// What the window shows: an article, or why there is none.
enum Content {
    Article {
        name: String,
        reader: Box<ReaderView>,
    },
    Message(String),
}

/// Time-to-first-paint reporting for the startup benchmark (`HAMESH_FIRST_PAINT`,
/// `HAMESH_EXIT_AFTER_FIRST_PAINT`).
struct FirstPaint {
    start: Instant,
    report: bool,
    exit: bool,
    stage: Stage,
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum Stage {
    /// No frame with article glyphs yet.
    Waiting,
    /// A frame with glyphs was built; it is on screen when the next frame starts.
    Painted,
    Done,
}

impl FirstPaint {
    fn from_env(start: Instant) -> FirstPaint {
        FirstPaint {
            start,
            report: std::env::var_os("HAMESH_FIRST_PAINT").is_some(),
            exit: std::env::var_os("HAMESH_EXIT_AFTER_FIRST_PAINT").is_some(),
            stage: Stage::Waiting,
        }
    }
}

pub struct HameshApp {
    content: Content,
    first_paint: FirstPaint,
}

impl HameshApp {
    /// `article` is what [`super::open`] found, or the message to show instead; `start` is when
    /// the process started, for the first-paint measurement.
    pub fn new(ctx: &egui::Context, article: Result<Article, String>, start: Instant) -> Self {
        ctx.set_theme(Theme::Light);
        let content = match article {
            Ok(article) => {
                let style = TextStyle {
                    language: article.language,
                    ..TextStyle::default()
                };
                Content::Article {
                    name: article.name,
                    reader: Box::new(ReaderView::new(article.text, style)),
                }
            }
            Err(message) => Content::Message(message),
        };
        HameshApp {
            content,
            first_paint: FirstPaint::from_env(start),
        }
    }

    fn top_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let Content::Article { name, reader } = &mut self.content else {
                ui.strong("Hamesh");
                theme_toggle_ui(ui);
                return;
            };
            ui.strong(name.as_str());
            ui.separator();
            let mut style = reader.style().clone();
            ui.selectable_value(&mut style.font, FontChoice::Vazirmatn, "Vazirmatn");
            ui.selectable_value(&mut style.font, FontChoice::Naskh, "Naskh");
            ui.separator();
            if ui.button("A−").on_hover_text("Smaller text").clicked() {
                style.size_px -= SIZE_STEP;
            }
            ui.label(format!("{:.0}", style.size_px));
            if ui.button("A+").on_hover_text("Larger text").clicked() {
                style.size_px += SIZE_STEP;
            }
            style.size_px = style.size_px.clamp(*SIZE_RANGE.start(), *SIZE_RANGE.end());
            ui.separator();
            theme_toggle_ui(ui);
            ui.checkbox(&mut style.show_controls, "Show controls")
                .on_hover_text("Draw invisible format and bidi control characters");
            ui.separator();
            ui.label(style.language.name());
            reader.set_style(style);
        });
    }

    /// Reports the first frame that painted article glyphs once it is on screen, and closes
    /// the window if asked to.
    fn first_paint_check(&mut self, ctx: &egui::Context) {
        let painted = match &self.content {
            Content::Article { reader, .. } => reader.painted_glyphs() > 0,
            // Nothing will ever be painted: do not keep a benchmark waiting.
            Content::Message(_) => true,
        };
        match self.first_paint.stage {
            Stage::Waiting if painted => {
                self.first_paint.stage = Stage::Painted;
                ctx.request_repaint();
            }
            Stage::Painted => {
                self.first_paint.stage = Stage::Done;
                if self.first_paint.report && matches!(self.content, Content::Article { .. }) {
                    let ms = self.first_paint.start.elapsed().as_millis();
                    eprintln!("first-paint-ms {ms}");
                }
                if self.first_paint.exit {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            _ => {}
        }
    }
}

fn theme_toggle_ui(ui: &mut Ui) {
    let dark = ui.visuals().dark_mode;
    let (label, next) = if dark {
        ("Light theme", Theme::Light)
    } else {
        ("Dark theme", Theme::Dark)
    };
    if ui.button(label).clicked() {
        ui.ctx().set_theme(next);
    }
}

impl eframe::App for HameshApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        // The previous frame is on screen by the time this one starts.
        if self.first_paint.stage == Stage::Painted {
            self.first_paint_check(ui.ctx());
        }
        egui::Panel::top("hamesh-top-bar").show(ui, |ui| self.top_bar_ui(ui));
        let page = Palette::new(ui.visuals().dark_mode).background;
        egui::CentralPanel::default()
            .frame(Frame::NONE.fill(page))
            .show(ui, |ui| match &mut self.content {
                Content::Article { reader, .. } => reader.reader_ui(ui),
                Content::Message(message) => {
                    ui.centered_and_justified(|ui| ui.label(message.as_str()));
                }
            });
        if self.first_paint.stage == Stage::Waiting {
            self.first_paint_check(ui.ctx());
        }
    }
}
