//! The label editor: a window to add, rename, recolour, re-key, describe, reorder and remove the
//! corpus's labels. Nothing changes until Save, which validates the set ([`LabelSet::validate`])
//! and emits [`Command::from(AnnotateCommand::SaveLabels)`] with the renamed labels, so the app can rename them on
//! every span of the corpus. Removing a label never removes spans: they keep its name and are
//! drawn grey.

use egui::{Context, Grid, Ui};

use crate::annotate::label::{MAX_KEY, key_name};
use crate::annotate::{Label, LabelSet};
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;

use super::super::atlas::GlyphAtlas;
use super::super::chrome::bar_ui;
use super::super::command::{AnnotateCommand, Command};
use super::super::text_field::EngineField;

/// Colours offered to new labels, in turn.
/// Colours a new label can take: spread over the hue circle and in lightness, each readable
/// as a tag behind white text. A new label takes the one farthest from every label's colour.
const NEW_COLORS: [[u8; 3]; 16] = [
    [0xD9, 0x5F, 0x2E],
    [0x4C, 0x9A, 0x2A],
    [0x2A, 0x4F, 0xA8],
    [0xB0, 0x3A, 0xC9],
    [0x1F, 0x8A, 0x70],
    [0xA0, 0x7A, 0x10],
    [0x7A, 0x1F, 0x3D],
    [0x5B, 0x5F, 0x1A],
    [0x0E, 0x5E, 0x8C],
    [0xE0, 0x3E, 0x9E],
    [0x6B, 0x3E, 0x1E],
    [0x3E, 0x2A, 0x7A],
    [0x9C, 0xB0, 0x1C],
    [0x00, 0x7A, 0x8A],
    [0xC2, 0x2A, 0x2A],
    [0x55, 0x55, 0x55],
];

/// How far apart two colours look: the "redmean" weighting of RGB differences, a cheap
/// approximation of perceived difference.
fn distance(a: [u8; 3], b: [u8; 3]) -> f32 {
    let r = (f32::from(a[0]) + f32::from(b[0])) / 2.0;
    let [dr, dg, db] = [0, 1, 2].map(|i| f32::from(a[i]) - f32::from(b[i]));
    ((2.0 + r / 256.0) * dr * dr + 4.0 * dg * dg + (2.0 + (255.0 - r) / 256.0) * db * db).sqrt()
}

/// The colour of [`NEW_COLORS`] farthest from all of `taken`.
fn distinct_color(taken: &[[u8; 3]]) -> [u8; 3] {
    let nearest = |c: [u8; 3]| {
        taken
            .iter()
            .map(|&t| distance(c, t))
            .fold(f32::INFINITY, f32::min)
    };
    NEW_COLORS
        .into_iter()
        .max_by(|&a, &b| nearest(a).total_cmp(&nearest(b)))
        .unwrap_or(NEW_COLORS[0])
}

struct Row {
    label: Label,
    /// The name the label had when the editor opened (`None` for a new label).
    original: Option<String>,
    color: [u8; 3],
    /// The name and description fields, drawn by the engine (either may be Arabic or Persian).
    name_field: EngineField,
    description_field: EngineField,
}

/// The editor's working copy of the label set.
pub struct LabelEditor {
    rows: Vec<Row>,
    error: Option<String>,
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

impl LabelEditor {
    pub fn new(set: &LabelSet) -> LabelEditor {
        LabelEditor {
            rows: set
                .labels
                .iter()
                .map(|l| Row {
                    label: l.clone(),
                    original: Some(l.name.clone()),
                    color: l.rgb(),
                    name_field: EngineField::default(),
                    description_field: EngineField::default(),
                })
                .collect(),
            error: None,
        }
    }

    /// The edited set and the renames (old name, new name).
    pub fn result(&self) -> (LabelSet, Vec<(String, String)>) {
        let labels = self
            .rows
            .iter()
            .map(|r| Label {
                name: r.label.name.trim().to_string(),
                color: hex(r.color),
                ..r.label.clone()
            })
            .collect();
        let renames = self
            .rows
            .iter()
            .filter_map(|r| {
                let from = r.original.clone()?;
                let to = r.label.name.trim().to_string();
                (from != to).then_some((from, to))
            })
            .collect();
        (LabelSet { labels }, renames)
    }

    /// Adds a label with a free name, a colour unlike the others' and the first free key.
    pub fn add(&mut self) {
        let taken = |name: &str| self.rows.iter().any(|r| r.label.name == name);
        let n = (1..).find(|n| !taken(&format!("LABEL{n}"))).unwrap_or(1);
        let key = (1..=MAX_KEY).find(|k| !self.rows.iter().any(|r| r.label.key == Some(*k)));
        let taken: Vec<[u8; 3]> = self.rows.iter().map(|r| r.color).collect();
        let color = distinct_color(&taken);
        self.rows.push(Row {
            label: Label {
                name: format!("LABEL{n}"),
                description: String::new(),
                color: hex(color),
                key,
            },
            original: None,
            color,
            name_field: EngineField::default(),
            description_field: EngineField::default(),
        });
    }

    /// Renames label `i` (as typing in its name field does).
    pub fn rename(&mut self, i: usize, name: &str) {
        if let Some(r) = self.rows.get_mut(i) {
            r.label.name = name.to_string();
        }
    }

    /// Shows the window; returns whether it stays open.
    pub fn show(
        &mut self,
        ctx: &Context,
        (lang, atlas): (UiLanguage, &mut GlyphAtlas),
        out: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new(tr(lang, Msg::Labels))
            .id(egui::Id::unique("hamesh-label-editor"))
            .open(&mut open)
            .resizable(true)
            .default_width(640.0)
            .show(ctx, |ui| {
                ui.weak(tr(lang, Msg::RenameNote));
                ui.separator();
                self.grid_ui(ui, lang, atlas);
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.separator();
                bar_ui(ui, lang, |ui| {
                    if ui.button(tr(lang, Msg::AddLabel)).clicked() {
                        self.add();
                    }
                    if ui.button(tr(lang, Msg::Save)).clicked() {
                        let (set, renames) = self.result();
                        match set.validate() {
                            Ok(()) => out.push(AnnotateCommand::SaveLabels(set, renames).into()),
                            Err(e) => self.error = Some(e.to_string()),
                        }
                    }
                    if ui.button(tr(lang, Msg::Cancel)).clicked() {
                        close = true;
                    }
                });
            });
        open && !close
    }

    fn grid_ui(&mut self, ui: &mut Ui, lang: UiLanguage, atlas: &mut GlyphAtlas) {
        let mut swap: Option<(usize, usize)> = None;
        let mut remove = None;
        let n = self.rows.len();
        Grid::new("hamesh-label-grid")
            .striped(true)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                ui.weak(tr(lang, Msg::LabelName));
                ui.weak(tr(lang, Msg::LabelColour));
                ui.weak(tr(lang, Msg::LabelKey));
                ui.weak(tr(lang, Msg::LabelDescription));
                ui.end_row();
                for (i, row) in self.rows.iter_mut().enumerate() {
                    let salt = format!("label-name-{i}");
                    let at = (salt.as_str(), "", 130.0);
                    row.name_field.bound(ui, atlas, at, &mut row.label.name);
                    egui::color_picker::color_edit_button_srgb(ui, &mut row.color);
                    let key_text = row
                        .label
                        .key
                        .map_or_else(|| tr(lang, Msg::NoKey).to_string(), key_name);
                    egui::ComboBox::from_id_salt(("label-key", i))
                        .selected_text(key_text)
                        .width(72.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut row.label.key, None, tr(lang, Msg::NoKey));
                            for k in 1..=MAX_KEY {
                                ui.selectable_value(&mut row.label.key, Some(k), key_name(k));
                            }
                        });
                    ui.horizontal(|ui| {
                        let salt = format!("label-description-{i}");
                        let at = (salt.as_str(), "", 180.0);
                        let description = &mut row.label.description;
                        row.description_field.bound(ui, atlas, at, description);
                        if ui
                            .add_enabled(i > 0, egui::Button::new(tr(lang, Msg::MoveUp)))
                            .clicked()
                        {
                            swap = Some((i - 1, i));
                        }
                        if ui
                            .add_enabled(i + 1 < n, egui::Button::new(tr(lang, Msg::MoveDown)))
                            .clicked()
                        {
                            swap = Some((i, i + 1));
                        }
                        if ui.button(tr(lang, Msg::RemoveLabel)).clicked() {
                            remove = Some(i);
                        }
                    });
                    ui.end_row();
                }
            });
        if let Some((a, b)) = swap {
            self.rows.swap(a, b);
        }
        if let Some(i) = remove {
            self.rows.remove(i);
        }
        self.error = self
            .error
            .take()
            .filter(|_| swap.is_none() && remove.is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_labels_take_colours_unlike_every_other_label() {
        let mut editor = LabelEditor::new(&LabelSet::default());
        let defaults: Vec<[u8; 3]> = editor.rows.iter().map(|r| r.color).collect();
        // The default set's own closest pair, as the bar a new colour has to clear.
        let closest_default = defaults
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| defaults[i + 1..].iter().map(move |&b| distance(a, b)))
            .fold(f32::INFINITY, f32::min);
        for _ in 0..4 {
            editor.add();
        }
        let colors: Vec<[u8; 3]> = editor.rows.iter().map(|r| r.color).collect();
        for (i, &new) in colors.iter().enumerate().skip(defaults.len()) {
            let nearest = colors
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &c)| distance(new, c))
                .fold(f32::INFINITY, f32::min);
            assert!(
                nearest >= closest_default * 0.8,
                "label {i}'s colour {new:?} is {nearest:.0} from another; the defaults' closest \
                 pair is {closest_default:.0} apart"
            );
        }
        // ORG is #3B8FD9: the first new label is not a blue like it.
        assert!(distance(colors[defaults.len()], [0x3B, 0x8F, 0xD9]) > 150.0);
    }

    #[test]
    fn renames_are_reported_and_new_labels_get_free_keys() {
        let mut editor = LabelEditor::new(&LabelSet::default());
        editor.rename(0, "PERSON ");
        editor.add();
        let (set, renames) = editor.result();
        set.validate().unwrap();
        assert_eq!(renames, [("PER".to_string(), "PERSON".to_string())]);
        assert_eq!(set.labels[0].name, "PERSON");
        let new = set.labels.last().unwrap();
        assert_eq!((new.name.as_str(), new.key), ("LABEL1", Some(9)));
        assert_eq!(set.labels[1].color, "#3B8FD9", "colours round-trip");
    }
}
