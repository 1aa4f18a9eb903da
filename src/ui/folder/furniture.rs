//! Folding the open article's site furniture: the lines it shares with many articles of the
//! folder ([`crate::corpus::furniture`]), while the setting asks for it.
//!
//! The folds are worked out again when the article opens (or is read again after a change on
//! disk), when the setting changes and when the scan has read more files (at most once a
//! second while it reads, and once more when it ends). The article's lines are hashed once,
//! the first time the folder has furniture; until then there is nothing to do.

use std::time::{Duration, Instant};

use crate::corpus::furniture::{LineOf, folded_lines, paragraph_lines};
use crate::i18n::{Msg, tr};
use crate::settings::Settings;

use super::super::command::{Command, ViewCommand};
use super::OpenFolder;

/// Least time between two foldings of the same article while the scan reads.
const REFOLD_EVERY: Duration = Duration::from_secs(1);

/// What the open article was last folded for.
#[derive(Default)]
pub(super) struct Folding {
    /// Article, setting and the corpus's furniture generation.
    applied: Option<(String, bool, u64)>,
    at: Option<Instant>,
    /// The open article's lines, worked out the first time there is furniture to fold (a
    /// 20 MB article takes tens of milliseconds), for the foldings after that.
    lines: Option<Vec<LineOf>>,
}

impl OpenFolder {
    /// Folds or unfolds the open article as the setting and the corpus say; a click on a
    /// folded block turns the setting off.
    pub(super) fn fold_furniture(&mut self, settings: &Settings, out: &mut Vec<Command>) {
        let Some(article) = &mut self.reading.current else {
            return;
        };
        if article.reader.take_unfold_click() {
            out.push(ViewCommand::ToggleFurniture.into());
        }
        let want = (
            article.path.clone(),
            settings.fold_furniture,
            self.corpus.furniture_generation(),
        );
        let folding = &mut self.folding;
        let fresh = !article.reader.fold_applied();
        if fresh {
            folding.lines = None;
        }
        if !fresh && folding.applied.as_ref() == Some(&want) {
            return;
        }
        let only_counts_moved = folding
            .applied
            .as_ref()
            .is_some_and(|(path, on, _)| *path == want.0 && *on == want.1);
        let recent = folding.at.is_some_and(|t| t.elapsed() < REFOLD_EVERY);
        if !fresh && only_counts_moved && recent && !self.corpus.is_done() {
            return;
        }
        let furniture = self.corpus.furniture();
        let folded = if settings.fold_furniture && furniture.has_furniture() {
            let lines = folding
                .lines
                .get_or_insert_with(|| paragraph_lines(article.reader.text()));
            folded_lines(lines, furniture)
        } else {
            Vec::new()
        };
        let lang = settings.ui_language;
        let label = (tr(lang, Msg::FoldedFurniture), lang.is_rtl());
        article.reader.set_folded(&folded, label);
        folding.applied = Some(want);
        folding.at = Some(Instant::now());
    }
}
