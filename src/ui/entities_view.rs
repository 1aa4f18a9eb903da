//! The entity list (Annotate → Entities, Ctrl+Shift+E): every entity of the registry with its
//! label, name, Wikidata item and mention count, opening onto its mentions per document (a
//! click goes to one); and the spans that name no entity yet, by form, with the entities
//! their form could name.
//!
//! The stored spans of every article are read on a worker when the window opens (or is
//! refreshed); the open documents' sessions stand in for their files, so an edit shows at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, Sense, Ui, vec2};

use crate::annotate::mentions::{Mention, Mentions};
use crate::annotate::{Span, Store};
use crate::corpus::files::Folder;
use crate::corpus::scan::walk;
use crate::i18n::{Msg, tr};
use crate::parallel::par_map;
use crate::settings::UiLanguage;

use super::annotation::Annotating;
use super::annotation::panel::PanelPaint;
use super::annotation::rows::{CHIP_WIDTH, chip_paint, quote_ui};
use super::chrome::bar_ui;
use super::command::{Command, SearchCommand};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Tab {
    Entities,
    Unlinked,
}

type Stored = Vec<(String, Vec<Span>)>;

/// The shortest time between two counts of the mentions.
const RECOUNT: std::time::Duration = std::time::Duration::from_millis(500);

/// The window's state while it is open.
pub struct EntitiesView {
    tab: Tab,
    loading: Option<Receiver<Stored>>,
    stored: Option<Stored>,
    /// The mentions, the annotations' generation they were counted at, and when.
    mentions: Option<(u64, Mentions)>,
    counted: Option<std::time::Instant>,
    expanded: HashSet<String>,
}

impl EntitiesView {
    /// Opens the window, reading every article's stored spans on a worker.
    pub fn open(folder: Folder, store: Store, wake: impl Fn() + Send + 'static) -> EntitiesView {
        let (send, loading) = channel();
        let started = std::thread::Builder::new()
            .name("hamesh-mentions".into())
            .spawn(move || {
                let listing = walk(&folder);
                let docs = par_map(listing.files.clone(), &|rel: String| {
                    let spans = store.load(&rel).ok().flatten().map(|d| d.spans);
                    spans.map(|s| (rel, s))
                });
                if send.send(docs.into_iter().flatten().collect()).is_ok() {
                    wake();
                }
            })
            .is_ok();
        EntitiesView {
            tab: Tab::Entities,
            loading: started.then_some(loading),
            stored: (!started).then(Vec::new),
            mentions: None,
            counted: None,
            expanded: HashSet::new(),
        }
    }

    /// The mentions counted so far (for tests).
    pub fn mentions(&self) -> Option<&Mentions> {
        self.mentions.as_ref().map(|(_, m)| m)
    }

    /// Whether the stored spans are still being read.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Takes the worker's reading, and counts the mentions again when anything changed.
    pub fn refresh(&mut self, a: &Annotating, ctx: &Context) {
        if let Some(rx) = &self.loading {
            match rx.try_recv() {
                Ok(docs) => {
                    self.stored = Some(docs);
                    self.loading = None;
                    self.mentions = None;
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.loading = None;
                    self.stored = Some(Vec::new());
                }
            }
        }
        let Some(stored) = &self.stored else {
            return;
        };
        let generation = a.generation();
        if self
            .mentions
            .as_ref()
            .is_some_and(|(g, _)| *g == generation)
        {
            return;
        }
        // Counting goes through every span of the corpus: at most twice a second while edits
        // come in (annotate all makes many).
        if self.mentions.is_some()
            && let Some(since) = self.counted.map(|t| t.elapsed())
            && since < RECOUNT
        {
            ctx.request_repaint_after(RECOUNT - since);
            return;
        }
        self.counted = Some(std::time::Instant::now());
        let mut docs: BTreeMap<&str, &[Span]> = stored
            .iter()
            .map(|(rel, spans)| (rel.as_str(), spans.as_slice()))
            .collect();
        let sessions: HashMap<&str, &[Span]> = a
            .sessions
            .iter()
            .map(|(rel, s)| (rel.as_str(), s.doc.spans.as_slice()))
            .collect();
        docs.extend(sessions);
        let mentions = Mentions::of(docs, &a.registry);
        self.mentions = Some((generation, mentions));
    }

    /// Draws the window; returns whether it stays open.
    pub fn show(
        &mut self,
        ctx: &Context,
        a: &Annotating,
        paint: &mut PanelPaint<'_>,
        out: &mut Vec<Command>,
    ) -> bool {
        let lang = paint.lang;
        let mut open = true;
        egui::Window::new(tr(lang, Msg::Entities))
            .id(egui::Id::unique("hamesh-entities"))
            .open(&mut open)
            .default_size(vec2(460.0, 480.0))
            .resizable(true)
            .show(ctx, |ui| {
                bar_ui(ui, lang, |ui| {
                    ui.selectable_value(&mut self.tab, Tab::Entities, tr(lang, Msg::Entities));
                    ui.selectable_value(&mut self.tab, Tab::Unlinked, tr(lang, Msg::Unlinked));
                    if self.loading.is_some() {
                        ui.spinner();
                    }
                });
                ui.separator();
                let Some((_, mentions)) = &self.mentions else {
                    return;
                };
                egui::ScrollArea::vertical()
                    .id_salt("hamesh-entity-list")
                    .auto_shrink([false, false])
                    .show(ui, |ui| match self.tab {
                        Tab::Entities => {
                            entities_ui(ui, a, (mentions, &mut self.expanded), paint, out)
                        }
                        Tab::Unlinked => unlinked_ui(ui, a, mentions, paint, out, lang),
                    });
            });
        open
    }
}

const ROW: f32 = 26.0;

fn entities_ui(
    ui: &mut Ui,
    a: &Annotating,
    (mentions, expanded): (&Mentions, &mut HashSet<String>),
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
) {
    let lang = paint.lang;
    if a.registry.is_empty() {
        ui.weak(tr(lang, Msg::NoEntities));
    }
    for entity in a.registry.entities() {
        let list = mentions
            .by_entity
            .get(&entity.id)
            .map_or(&[][..], Vec::as_slice);
        let info = format!(
            "{}{}  {}",
            entity.id,
            entity
                .wikidata
                .as_deref()
                .map_or(String::new(), |q| format!(" · {q}")),
            list.len()
        );
        let name = (entity.name(""), ui.visuals().strong_text_color());
        let response = labelled_row(ui, a, &entity.label, name, (&info, 120.0), paint);
        let response = response.on_hover_text(entity.forms().collect::<Vec<_>>().join(" · "));
        if response.clicked() && !expanded.remove(&entity.id) {
            expanded.insert(entity.id.clone());
        }
        if expanded.contains(&entity.id) {
            mentions_ui(ui, list, paint, out);
        }
    }
}

/// An entity's mentions, by document.
fn mentions_ui(ui: &mut Ui, list: &[Mention], paint: &mut PanelPaint<'_>, out: &mut Vec<Command>) {
    let mut by_doc: BTreeMap<&str, Vec<&Mention>> = BTreeMap::new();
    for m in list {
        by_doc.entry(m.path.as_str()).or_default().push(m);
    }
    for (path, ms) in by_doc {
        ui.indent(path, |ui| {
            ui.weak(format!("{path}  ({})", ms.len()));
            for m in ms {
                let (rect, response) =
                    ui.allocate_exact_size(vec2(ui.available_width(), ROW - 4.0), Sense::click());
                if response.hovered() {
                    ui.painter()
                        .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
                }
                quote_ui(
                    ui,
                    rect.shrink2(vec2(12.0, 2.0)),
                    &m.text,
                    paint,
                    ui.visuals().text_color(),
                );
                if response.clicked() {
                    out.push(SearchCommand::ShowHit(m.path.clone(), m.start..m.end).into());
                }
            }
        });
    }
}

fn unlinked_ui(
    ui: &mut Ui,
    a: &Annotating,
    mentions: &Mentions,
    paint: &mut PanelPaint<'_>,
    out: &mut Vec<Command>,
    lang: UiLanguage,
) {
    if mentions.unlinked.is_empty() {
        ui.weak(tr(lang, Msg::NothingUnlinked));
    }
    for u in &mentions.unlinked {
        let info = if u.candidates.is_empty() {
            u.mentions.len().to_string()
        } else {
            format!("{}  → {}", u.mentions.len(), u.candidates.join(", "))
        };
        let text = (u.mentions[0].text.as_str(), ui.visuals().text_color());
        let response = labelled_row(ui, a, &u.label, text, (&info, 140.0), paint);
        if response.clicked() {
            let m = &u.mentions[0];
            out.push(SearchCommand::ShowHit(m.path.clone(), m.start..m.end).into());
        }
    }
}

/// A clickable row: the label's chip, `text` drawn by the engine, and `info` on the trailing
/// side in a column `info_width` wide.
fn labelled_row(
    ui: &mut Ui,
    a: &Annotating,
    label: &str,
    (text, color): (&str, egui::Color32),
    (info, info_width): (&str, f32),
    paint: &mut PanelPaint<'_>,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), ROW), Sense::click());
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let inner = rect.shrink2(vec2(4.0, 3.0));
    let chip = inner.with_max_x(inner.min.x + CHIP_WIDTH);
    chip_paint(ui, chip, label, a.color_of(label));
    let info_rect = inner.with_min_x(inner.max.x - info_width);
    ui.painter().text(
        info_rect.right_center(),
        egui::Align2::RIGHT_CENTER,
        info,
        egui::FontId::proportional(12.0),
        ui.visuals().weak_text_color(),
    );
    let text_rect = inner
        .with_min_x(chip.max.x + 8.0)
        .with_max_x(info_rect.min.x - 8.0);
    quote_ui(ui, text_rect, text, paint, color);
    response
}
