//! Search in the article (Ctrl+F): a bar above the reader with an engine-drawn field, the hit
//! count and the matching options; every hit is highlighted in the reader and Enter, Shift+Enter
//! or F3 step through them (the current one is selected and scrolled into view).
//!
//! Hits come from the search normaliser ([`crate::search`]), the same rules as `hamesh search`:
//! harakat, alef and yeh forms, digits and ZWNJ do not get in the way. They are found again
//! whenever the query, the options or the article change.

use std::ops::Range;

use egui::{Key, Ui};

use crate::i18n::{Msg, tr};
use crate::search::{MatchOptions, Query};
use crate::settings::UiLanguage;
use crate::text::CharIndex;

use super::atlas::GlyphAtlas;
use super::command::{Command, ReadCommand};
use super::text_field::EngineField;

/// The id salt of the bar's field.
const FIELD: &str = "hamesh-find";

/// What the hits were found for.
#[derive(Clone, Debug, PartialEq)]
struct Searched {
    query: String,
    options: MatchOptions,
    article: String,
    length: usize,
}

/// The bar's state while it is open.
pub struct FindBar {
    field: EngineField,
    pub options: MatchOptions,
    hits: Vec<Range<CharIndex>>,
    /// The hit last stepped to.
    current: Option<usize>,
    searched: Option<Searched>,
    error: Option<String>,
    focus: bool,
}

impl Default for FindBar {
    fn default() -> Self {
        FindBar {
            field: EngineField::default(),
            options: MatchOptions::default(),
            hits: Vec::new(),
            current: None,
            searched: None,
            error: None,
            focus: true,
        }
    }
}

impl FindBar {
    /// Gives the field the keyboard in the next frame (Ctrl+F again).
    pub fn focus(&mut self) {
        self.focus = true;
    }

    pub fn query(&self) -> &str {
        self.field.text()
    }

    /// The hits in the article, in order.
    pub fn hits(&self) -> &[Range<CharIndex>] {
        &self.hits
    }

    /// The hit last stepped to.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// Finds the hits again if the query, the options or the article changed.
    pub fn refresh(&mut self, article: &str, text: &str) {
        // Asked every frame: the comparison allocates nothing.
        let same = self.searched.as_ref().is_some_and(|s| {
            s.query == self.field.text()
                && s.options == self.options
                && s.article == article
                && s.length == text.len()
        });
        if same {
            return;
        }
        let now = Searched {
            query: self.field.text().to_string(),
            options: self.options,
            article: article.to_string(),
            length: text.len(),
        };
        self.hits.clear();
        self.current = None;
        self.error = None;
        if !now.query.trim().is_empty() {
            match Query::new(&now.query, self.options) {
                Ok(q) => self.hits = q.find_all(text).into_iter().map(|h| h.range).collect(),
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        self.searched = Some(now);
    }

    /// Steps to the next (or previous) hit: the command that shows it.
    pub fn step(&mut self, forward: bool) -> Option<Command> {
        let n = self.hits.len();
        if n == 0 {
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current = Some(next);
        Some(ReadCommand::ShowText(self.hits[next].clone()).into())
    }

    /// Draws the bar; returns whether it stays open.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        atlas: &mut GlyphAtlas,
        lang: UiLanguage,
        out: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        // Wrapped, so that a narrow reader gets a taller bar rather than a wider page.
        ui.horizontal_wrapped(|ui| {
            let width = (ui.available_width() * 0.5).clamp(120.0, 260.0);
            let field = self
                .field
                .show_sized(ui, atlas, FIELD, tr(lang, Msg::FindHint), width);
            if std::mem::take(&mut self.focus) {
                field.response.request_focus();
            }
            if field.response.has_focus() {
                let (enter, shift) = ui.input(|i| (i.key_pressed(Key::Enter), i.modifiers.shift));
                if enter {
                    out.extend(self.step(!shift));
                }
            }
            match (&self.error, self.hits.len(), self.current) {
                (Some(e), _, _) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                (None, 0, _) if !self.field.text().trim().is_empty() => {
                    ui.weak(tr(lang, Msg::NoHits));
                }
                (None, 0, _) => {}
                (None, n, Some(i)) => {
                    ui.label(format!("{} / {n}", i + 1));
                }
                (None, n, None) => {
                    ui.label(format!("{n}"));
                }
            }
            if ui
                .small_button("‹")
                .on_hover_text(tr(lang, Msg::PreviousHit))
                .clicked()
            {
                out.extend(self.step(false));
            }
            if ui
                .small_button("›")
                .on_hover_text(tr(lang, Msg::NextHit))
                .clicked()
            {
                out.extend(self.step(true));
            }
            open = options_ui(ui, &mut self.options, lang);
        });
        open
    }
}

/// The matching options of a search bar and its close button; returns whether it stays open.
pub fn options_ui(ui: &mut Ui, options: &mut MatchOptions, lang: UiLanguage) -> bool {
    ui.checkbox(&mut options.whole_word, tr(lang, Msg::WholeWord));
    ui.checkbox(&mut options.clitics, tr(lang, Msg::Clitics));
    // Named in words: egui would draw «ة = ه» without the bidirectional algorithm.
    ui.checkbox(
        &mut options.fold.teh_marbuta,
        tr(lang, Msg::TehMarbutaIsHeh),
    );
    ui.checkbox(&mut options.regex, tr(lang, Msg::Regex));
    !ui.small_button("×")
        .on_hover_text(tr(lang, Msg::CloseFind))
        .clicked()
}
