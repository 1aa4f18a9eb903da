//! Filtering the article list by title or path, cheaply enough for tens of thousands of
//! articles.
//!
//! Each article carries a folded search key (title and path, see [`fold`]) computed once when it
//! is listed or read. A query is folded the same way and split into words; an article matches
//! when its key contains every word. Typing more of a query only narrows it, so the new matches
//! are searched among the old ones instead of the whole list; an article read during the scan
//! is checked on its own and inserted in order.

use std::collections::HashSet;

use super::corpus_view::Article;

/// Folds text for matching with the normaliser search uses ([`crate::search::fold`]): lower
/// case; the Arabic and Persian forms of yeh and kaf made one; alef with hamza or madda as bare
/// alef; ة as ه; digits as ASCII; marks, tatweel, controls and zero-width joiners dropped. So
/// `كتاب`, `کتاب` and `كِتاب` all match one another.
pub fn fold(text: &str) -> String {
    crate::search::fold(text, crate::search::FoldOptions::SEARCH)
}

/// The rows of the list: which articles match the current query.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    query: String,
    folded: String,
    /// Indices of matching articles in ascending order; `None` when the query is empty and
    /// every article is a row.
    matches: Option<Vec<usize>>,
    /// Articles in the list the rows were computed for.
    total: usize,
    /// Only these articles (by path) are rows: the documents with hits of a corpus search.
    only: Option<HashSet<String>>,
}

impl Filter {
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.matches.as_ref().map_or(self.total, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article shown in `row`.
    pub fn article_at(&self, row: usize) -> Option<usize> {
        match &self.matches {
            Some(m) => m.get(row).copied(),
            None => (row < self.total).then_some(row),
        }
    }

    /// The row of article `index`: `Ok(row)` if it is shown, else `Err(row)` where it would be.
    pub fn row_of(&self, index: usize) -> Result<usize, usize> {
        match &self.matches {
            Some(m) => m.binary_search(&index),
            None if index < self.total => Ok(index),
            None => Err(self.total),
        }
    }

    /// Shows only the articles in `only` (or every article again, with `None`).
    pub fn set_only(&mut self, only: Option<HashSet<String>>, articles: &[Article]) {
        if only == self.only {
            return;
        }
        self.only = only;
        self.relist(articles);
    }

    /// Whether the rows are limited to a set of articles.
    pub fn is_limited(&self) -> bool {
        self.only.is_some()
    }

    /// Changes the query: a longer query searches only the current matches.
    pub fn set_query(&mut self, query: &str, articles: &[Article]) {
        if query == self.query && self.total == articles.len() {
            return;
        }
        let folded = fold(query.trim());
        let narrowing = !self.folded.is_empty()
            && folded.starts_with(&self.folded)
            && self.total == articles.len();
        self.query = query.to_string();
        self.total = articles.len();
        if folded.is_empty() && self.only.is_none() {
            self.folded = folded;
            self.matches = None;
            return;
        }
        let words: Vec<&str> = folded.split_whitespace().collect();
        let only = self.only.as_ref();
        let keep = |i: &usize| {
            let a = &articles[*i];
            matches(a, &words) && only.is_none_or(|o| o.contains(&a.path))
        };
        let matches = match self.matches.take() {
            Some(previous) if narrowing => previous.into_iter().filter(keep).collect(),
            _ => (0..articles.len()).filter(keep).collect(),
        };
        self.matches = Some(matches);
        self.folded = folded;
    }

    /// The list was replaced (a new scan found its files): every article is checked again.
    pub fn relist(&mut self, articles: &[Article]) {
        let query = std::mem::take(&mut self.query);
        self.folded.clear();
        self.matches = None;
        self.total = usize::MAX;
        self.set_query(&query, articles);
    }

    /// Article `index` was read: its title is now known, and may make it match.
    pub fn article_updated(&mut self, index: usize, articles: &[Article]) {
        let Some(m) = &mut self.matches else {
            return;
        };
        let words: Vec<&str> = self.folded.split_whitespace().collect();
        let article = &articles[index];
        let now = matches(article, &words)
            && self.only.as_ref().is_none_or(|o| o.contains(&article.path));
        match (m.binary_search(&index), now) {
            (Err(at), true) => m.insert(at, index),
            (Ok(at), false) => {
                m.remove(at);
            }
            _ => {}
        }
    }
}

fn matches(article: &Article, words: &[&str]) -> bool {
    words.iter().all(|w| article.search_key.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::decode::Encoding;
    use crate::corpus::document::DocumentInfo;

    fn article(path: &str, title: Option<&str>) -> Article {
        let info = title.map(|t| DocumentInfo::of(t, Encoding::Utf8, t.len() as u64));
        let search_key = match &info {
            Some(i) => format!("{}\n{}", fold(&i.title), fold(path)),
            None => fold(path),
        };
        Article {
            path: path.into(),
            info,
            error: None,
            retitled: false,
            search_key,
        }
    }

    #[test]
    fn folds_letter_variants_and_marks() {
        assert_eq!(fold("كِتابـي"), fold("کتابی"));
        assert_eq!(fold("می‌گوید"), fold("میگوید"));
        assert_eq!(fold("أحمد"), fold("احمد"));
        assert_eq!(fold("News/Doc.TXT"), "news/doc.txt");
    }

    #[test]
    fn narrows_by_title_or_path_and_widens_again() {
        let list = vec![
            article("a/1.txt", Some("روسيا وطالبان")),
            article("a/2.txt", Some("پوتین و طالبان")),
            article("b/3.txt", Some("Weather report")),
            article("b/4.txt", None),
        ];
        let mut f = Filter::default();
        f.set_query("", &list);
        assert_eq!(f.len(), 4);
        f.set_query("طالبان", &list);
        assert_eq!((f.len(), f.article_at(1)), (2, Some(1)));
        f.set_query("طالبان روس", &list);
        assert_eq!((f.len(), f.article_at(0)), (1, Some(0)));
        f.set_query("B/", &list);
        assert_eq!(f.len(), 2);
        assert_eq!(f.row_of(3), Ok(1));
        assert_eq!(f.row_of(0), Err(0));
        f.set_query("weather", &list);
        assert_eq!(f.article_at(0), Some(2));
        f.set_query(" ", &list);
        assert_eq!(f.len(), 4);
    }

    #[test]
    fn only_the_documents_given_are_rows_with_or_without_a_query() {
        let list = vec![
            article("1.txt", Some("روسيا")),
            article("2.txt", Some("طالبان")),
            article("3.txt", Some("روسيا وطالبان")),
        ];
        let mut f = Filter::default();
        f.set_query("", &list);
        f.set_only(
            Some(["2.txt".to_string(), "3.txt".to_string()].into()),
            &list,
        );
        assert_eq!((f.len(), f.article_at(0)), (2, Some(1)));
        f.set_query("روسيا", &list);
        assert_eq!((f.len(), f.article_at(0)), (1, Some(2)));
        f.set_only(None, &list);
        assert_eq!(f.len(), 2, "the query alone again");
        f.set_query("", &list);
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn an_article_read_later_joins_the_matches_in_order() {
        let mut list = vec![
            article("1.txt", Some("طالبان")),
            article("2.txt", None),
            article("3.txt", Some("طالبان")),
        ];
        let mut f = Filter::default();
        f.set_query("طالبان", &list);
        assert_eq!(f.len(), 2);
        list[1] = article("2.txt", Some("خبر طالبان"));
        f.article_updated(1, &list);
        assert_eq!(
            (0..f.len()).map(|r| f.article_at(r)).collect::<Vec<_>>(),
            [Some(0), Some(1), Some(2)]
        );
    }
}
