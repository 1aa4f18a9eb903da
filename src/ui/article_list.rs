//! The article list: a filter box over the articles of the corpus, one row each with its title
//! (drawn by the engine), language badge and size; unreadable files greyed with the reason.
//!
//! Only the rows in view are drawn ([`egui::ScrollArea::show_rows`]) and titles are shaped once
//! into the [`LabelCache`], so tens of thousands of articles scroll smoothly. The list emits
//! commands; it never opens anything itself.

use egui::{Align2, Color32, CornerRadius, FontId, Rect, Role, Sense, Ui, WidgetInfo, pos2, vec2};

use crate::annotate::DocStatus;
use crate::i18n::{Msg, tr};
use crate::settings::UiLanguage;
use crate::text::{FontChoice, Language};

use super::annotation::index::{IndexEntry, SummaryIndex};
use super::atlas::GlyphAtlas;
use super::chrome::bar_ui;
use super::command::{Command, FolderCommand};
use super::corpus_view::{Article, Corpus, ScanProgress};
use super::engine_label::{LabelCache, LabelStyle};
use super::filter::Filter;
use super::text_field::EngineField;

/// Height of a row: the title line and the details line.
const ROW_HEIGHT: f32 = 46.0;
const TITLE_PX: f32 = 15.0;
const DETAIL_PX: f32 = 12.0;
const PAD: f32 = 8.0;

/// The list's state between frames.
#[derive(Default)]
pub struct ArticleList {
    pub filter: Filter,
    /// The filter box (drawn by the engine: titles are Arabic and Persian).
    query: EngineField,
    /// Bring this article's row into view in the next frame.
    reveal: Option<usize>,
    focus_filter: bool,
    /// The list's scroll offset and view height in the last frame.
    offset: f32,
    view_height: f32,
}

/// What the list draws with.
pub struct ListPaint<'a> {
    pub atlas: &'a mut GlyphAtlas,
    pub labels: &'a mut LabelCache,
    pub lang: UiLanguage,
    pub font: FontChoice,
    /// Status and span count of annotated documents.
    pub index: Option<&'a SummaryIndex>,
}

impl ArticleList {
    /// A new corpus: the filter is kept, the rows are recomputed when the files are listed.
    pub fn reset(&mut self) {
        self.filter = Filter::default();
        self.offset = 0.0;
        self.reveal = None;
    }

    /// Follows the scan: new files listed, titles read.
    pub fn scanned(&mut self, corpus: &Corpus, progress: &ScanProgress) {
        if progress.found {
            self.filter.relist(corpus.articles());
            self.filter.set_query(self.query.text(), corpus.articles());
        }
        for &i in progress.read.iter().chain(&progress.retitled) {
            self.filter.article_updated(i, corpus.articles());
        }
    }

    pub fn set_query(&mut self, query: &str, corpus: &Corpus) {
        self.query.set_text(query);
        self.filter.set_query(query, corpus.articles());
    }

    /// The filter box.
    pub fn filter_field(&self) -> &EngineField {
        &self.query
    }

    pub fn focus_filter(&mut self) {
        self.focus_filter = true;
    }

    /// Scrolls the list to show article `index` in the next frame.
    pub fn reveal(&mut self, index: usize) {
        self.reveal = Some(index);
    }

    /// The article `step` rows away from `current` in the filtered list (the first or last row
    /// when there is no current article).
    pub fn neighbour(&self, current: Option<usize>, step: isize) -> Option<usize> {
        let rows = self.filter.len();
        if rows == 0 {
            return None;
        }
        let row = match current.map(|i| self.filter.row_of(i)) {
            None => return self.filter.article_at(if step > 0 { 0 } else { rows - 1 }),
            Some(Ok(row)) => row as isize + step,
            // Filtered out: the rows on either side of where it would be.
            Some(Err(at)) if step > 0 => at as isize + step - 1,
            Some(Err(at)) => at as isize + step,
        };
        let row = usize::try_from(row).ok().filter(|&r| r < rows)?;
        self.filter.article_at(row)
    }

    /// Draws the filter box, the count and the rows; `current` is the article being read.
    pub fn list_ui(
        &mut self,
        ui: &mut Ui,
        corpus: &Corpus,
        current: Option<usize>,
        paint: &mut ListPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let lang = paint.lang;
        let field = self
            .query
            .show(ui, paint.atlas, "hamesh-filter", tr(lang, Msg::Filter));
        if std::mem::take(&mut self.focus_filter) {
            field.response.request_focus();
        }
        if field.changed {
            self.filter.set_query(self.query.text(), corpus.articles());
        }
        bar_ui(ui, lang, |ui| {
            ui.label(format!("{}", self.filter.len()));
            if self.filter.len() != corpus.len() {
                ui.weak("/");
                ui.label(format!("{}", corpus.len()));
            }
            ui.label(tr(lang, Msg::Articles));
            if !corpus.is_done() {
                ui.add(egui::Spinner::new());
                ui.weak(tr(lang, Msg::Scanning));
            }
        });
        if corpus.is_listed() && !corpus.is_done() && !corpus.is_empty() {
            let fraction = corpus.read_count() as f32 / corpus.len() as f32;
            ui.add(egui::ProgressBar::new(fraction).desired_height(4.0));
        }
        ui.separator();
        if corpus.is_done() && corpus.is_empty() {
            ui.weak(tr(lang, Msg::NoArticles));
            return;
        }
        if corpus.is_listed() && self.filter.is_empty() && !corpus.is_empty() {
            ui.weak(tr(lang, Msg::NoMatches));
            return;
        }
        self.rows_ui(ui, corpus, current, paint, out);
    }

    fn rows_ui(
        &mut self,
        ui: &mut Ui,
        corpus: &Corpus,
        current: Option<usize>,
        paint: &mut ListPaint<'_>,
        out: &mut Vec<Command>,
    ) {
        let mut area = egui::ScrollArea::vertical()
            .id_salt("hamesh-article-list")
            .auto_shrink([false, false]);
        if let Some(index) = self.reveal.take()
            && let Ok(row) = self.filter.row_of(index)
        {
            let top = row as f32 * ROW_HEIGHT;
            if top < self.offset {
                area = area.vertical_scroll_offset(top);
            } else if top + ROW_HEIGHT > self.offset + self.view_height {
                area = area.vertical_scroll_offset(top + ROW_HEIGHT - self.view_height);
            }
        }
        ui.spacing_mut().item_spacing.y = 0.0;
        let rows = self.filter.len();
        let output = area.show_rows(ui, ROW_HEIGHT, rows, |ui, range| {
            for row in range {
                let Some(index) = self.filter.article_at(row) else {
                    continue;
                };
                let (rect, response) =
                    ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
                let article = &corpus.articles()[index];
                let selected = current == Some(index);
                response.widget_info(|| {
                    WidgetInfo::selected(Role::ListBoxOption, true, selected, label_of(article))
                });
                if response.clicked() {
                    out.push(FolderCommand::OpenArticle(article.path.clone()).into());
                }
                if ui.is_rect_visible(rect) {
                    let hovered = response.hovered();
                    row_ui(ui, rect, article, selected, hovered, paint);
                }
            }
        });
        self.offset = output.state.clamped_offset().y;
        self.view_height = output.inner_rect.height();
    }
}

/// The accessible name of a row: its title, else its path.
fn label_of(article: &Article) -> String {
    article
        .title()
        .map_or_else(|| article.path.clone(), str::to_string)
}

fn row_ui(
    ui: &Ui,
    rect: Rect,
    article: &Article,
    selected: bool,
    hovered: bool,
    paint: &mut ListPaint<'_>,
) {
    let visuals = ui.visuals();
    let painter = ui.painter();
    if selected {
        painter.rect_filled(rect, CornerRadius::same(3), visuals.selection.bg_fill);
    } else if hovered {
        painter.rect_filled(rect, CornerRadius::same(3), visuals.faint_bg_color);
    }
    let rtl = paint.lang.is_rtl();
    let strong = if selected {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let weak = visuals.weak_text_color();
    let unread = article.info.is_none();
    let title_color = if unread { weak } else { strong };
    let inner = rect.shrink2(vec2(PAD, 3.0));
    let title_rect = Rect::from_min_max(inner.min, pos2(inner.max.x, inner.min.y + 24.0));
    let detail_rect = Rect::from_min_max(pos2(inner.min.x, title_rect.max.y), inner.max);
    let title = article.title().unwrap_or_else(|| file_name(&article.path));
    let title_style = LabelStyle {
        size_px: TITLE_PX,
        font: paint.font,
        color: title_color,
    };
    paint
        .labels
        .paint(painter, paint.atlas, title_rect, title, title_style);

    // Details: badge and size (or the reason a file cannot be read), then the path, from the
    // interface's leading edge.
    let detail_font = FontId::proportional(DETAIL_PX);
    let mut edge = if rtl {
        detail_rect.max.x
    } else {
        detail_rect.min.x
    };
    let mut place = |width: f32| {
        let r = if rtl {
            Rect::from_min_max(
                pos2(edge - width, detail_rect.min.y),
                pos2(edge, detail_rect.max.y),
            )
        } else {
            Rect::from_min_max(
                pos2(edge, detail_rect.min.y),
                pos2(edge + width, detail_rect.max.y),
            )
        };
        edge += if rtl { -(width + 6.0) } else { width + 6.0 };
        r
    };
    let galley_width = |text: &str| {
        painter
            .layout_no_wrap(text.to_string(), detail_font.clone(), weak)
            .size()
            .x
    };
    if let Some(reason) = &article.error {
        // egui's text has no bidi: a right-to-left interface shows the translated reason alone.
        let text = if rtl {
            reason_text(paint.lang, reason).to_string()
        } else {
            format!("{}: {reason}", tr(paint.lang, Msg::Unreadable))
        };
        let r = place(galley_width(&text));
        let color = visuals.error_fg_color.gamma_multiply(0.8);
        painter.text(
            r.left_center(),
            Align2::LEFT_CENTER,
            text,
            detail_font.clone(),
            color,
        );
    } else if let Some(info) = &article.info {
        let badge = match info.language {
            Language::Arabic => "AR",
            Language::Persian => "FA",
            Language::Other => "—",
        };
        let r = place(24.0);
        let badge_rect = Rect::from_center_size(r.center(), vec2(24.0, 15.0));
        painter.rect_filled(
            badge_rect,
            CornerRadius::same(3),
            badge_color(info.language, visuals.dark_mode),
        );
        painter.text(
            badge_rect.center(),
            Align2::CENTER_CENTER,
            badge,
            FontId::monospace(10.0),
            Color32::WHITE,
        );
        let size = human_size(info.bytes);
        let r = place(galley_width(&size));
        painter.text(
            r.left_center(),
            Align2::LEFT_CENTER,
            size,
            detail_font.clone(),
            weak,
        );
    }
    // Annotation: a status dot and the number of spans (or a mark for a damaged file).
    match paint.index.and_then(|i| i.get(&article.path)) {
        Some(IndexEntry::Annotated(s)) => {
            let r = place(10.0);
            if let Some(color) = status_color(s.status) {
                painter.circle_filled(r.center(), 4.0, color);
            }
            if s.spans > 0 {
                let count = s.spans.to_string();
                let r = place(galley_width(&count));
                painter.text(
                    r.left_center(),
                    Align2::LEFT_CENTER,
                    count,
                    detail_font.clone(),
                    strong,
                );
            }
        }
        Some(IndexEntry::Damaged) => {
            let r = place(10.0);
            let color = visuals.error_fg_color;
            painter.text(
                r.center(),
                Align2::CENTER_CENTER,
                "!",
                detail_font.clone(),
                color,
            );
        }
        None => {}
    }
    let rest = if rtl {
        Rect::from_min_max(detail_rect.min, pos2(edge, detail_rect.max.y))
    } else {
        Rect::from_min_max(pos2(edge, detail_rect.min.y), detail_rect.max)
    };
    if rest.width() > 20.0 {
        let style = LabelStyle {
            size_px: DETAIL_PX,
            font: FontChoice::Vazirmatn,
            color: weak,
        };
        paint
            .labels
            .paint(painter, paint.atlas, rest, &article.path, style);
    }
}

/// The dot of a document's status in the list (none before it is started).
fn status_color(status: DocStatus) -> Option<Color32> {
    match status {
        DocStatus::NotStarted => None,
        DocStatus::InProgress => Some(Color32::from_rgb(222, 160, 40)),
        DocStatus::Done => Some(Color32::from_rgb(46, 160, 90)),
        DocStatus::Skipped => Some(Color32::from_rgb(140, 140, 140)),
    }
}

fn badge_color(language: Language, dark: bool) -> Color32 {
    let (r, g, b) = match language {
        Language::Arabic => (46, 125, 90),
        Language::Persian => (52, 101, 164),
        Language::Other => (120, 120, 120),
    };
    let c = Color32::from_rgb(r, g, b);
    if dark { c.gamma_multiply(0.85) } else { c }
}

/// The reason a file cannot be read, in the interface language when it is one we know.
pub fn reason_text(lang: UiLanguage, reason: &str) -> &str {
    let msg = match reason {
        "binary content" => Msg::ReasonBinary,
        "not valid UTF-8" => Msg::ReasonNotUtf8,
        "permission denied" => Msg::ReasonPermission,
        "not found" => Msg::ReasonNotFound,
        _ if lang.is_rtl() => Msg::Unreadable,
        _ => return reason,
    };
    tr(lang, msg)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// "812 B", "7.3 KB", "20.1 MB".
pub fn human_size(bytes: u64) -> String {
    let b = bytes as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(7_500), "7.3 KB");
        assert_eq!(human_size(21_000_000), "20.0 MB");
    }

    #[test]
    fn reasons_are_translated_when_known() {
        assert_eq!(
            reason_text(UiLanguage::En, "binary content"),
            "binary content"
        );
        assert_eq!(
            reason_text(UiLanguage::Fa, "binary content"),
            "محتوای دودویی"
        );
        assert_eq!(reason_text(UiLanguage::En, "disk on fire"), "disk on fire");
        assert_eq!(reason_text(UiLanguage::Ar, "disk on fire"), "تتعذر قراءته");
    }
}
