//! Better titles where an article's first line is the folder's site furniture: a crawl of a
//! news site often starts every article with the same menu ("الأكثر قراءة"), so the list
//! would show the menu for every row. The scan titles each article by its first line before
//! the folder's furniture is known; once it is, the articles whose title line is furniture
//! are read again and titled by their first line that is not ([`title_skipping`]).

use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashSet;

use super::document::title_skipping;
use super::files::Folder;

/// Reads each of `articles` (its index in the list, its path relative to the folder) again
/// and sends its title with the `furniture` lines skipped, and whether any were. A file that cannot be read any more
/// is passed over (it keeps the title it had). Stops when `cancel` is set or `send` returns
/// false (nobody listens).
pub fn retitle(
    folder: &Folder,
    articles: &[(usize, String)],
    furniture: &FxHashSet<u64>,
    cancel: &AtomicBool,
    mut send: impl FnMut(usize, String, bool) -> bool,
) {
    for (index, rel) in articles {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let Ok((text, _)) = folder.read_text(rel) else {
            continue;
        };
        let (title, skipped) = title_skipping(&text, |k| furniture.contains(&k));
        if !send(*index, title, skipped) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::files::ScanOptions;
    use crate::corpus::furniture::line_key;

    #[test]
    fn titles_skip_the_menu_and_unreadable_files_are_passed_over() {
        let dir = std::env::temp_dir().join(format!("hamesh-retitle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "- الأكثر قراءة\n\nالعنوان الأول\nنص").unwrap();
        std::fs::write(dir.join("b.txt"), "- الأكثر قراءة\nالعنوان الثاني").unwrap();
        let folder = Folder::new(dir.clone(), ScanOptions::default());
        let menu: FxHashSet<u64> = line_key("- الأكثر قراءة").into_iter().collect();
        let articles = [
            (0, "a.txt".to_string()),
            (1, "gone.txt".to_string()),
            (2, "b.txt".to_string()),
        ];
        let mut got = Vec::new();
        retitle(
            &folder,
            &articles,
            &menu,
            &AtomicBool::new(false),
            |i, t, skipped| {
                got.push((i, t, skipped));
                true
            },
        );
        assert_eq!(
            got,
            [
                (0, "العنوان الأول".to_string(), true),
                (2, "العنوان الثاني".to_string(), true)
            ]
        );
        let mut count = 0;
        retitle(
            &folder,
            &articles,
            &menu,
            &AtomicBool::new(true),
            |_, _, _| {
                count += 1;
                true
            },
        );
        assert_eq!(count, 0, "cancelled before the first file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
