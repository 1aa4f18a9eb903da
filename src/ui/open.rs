//! Finding and reading the article to show: a file, the first article of a folder, or the
//! bundled samples.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use crate::corpus::decode::{Encoding, read_text};
use crate::text::Language;

/// File extensions read as articles.
const ARTICLE_EXTENSIONS: [&str; 3] = ["txt", "text", "md"];

/// The folder of sample articles shipped with the sources.
const SAMPLES: &str = "assets/samples";

/// An article read from disk.
#[derive(Clone, Debug)]
pub struct Article {
    pub path: PathBuf,
    /// The file name, for the title bar.
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
    pub language: Language,
}

/// The article to open for a command-line argument: the file itself, or the first article of a
/// folder. Without an argument, the first bundled sample. Errors are messages for the window.
pub fn resolve(path: Option<&Path>) -> Result<PathBuf, String> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => samples_folder().ok_or_else(|| {
            "No article given. Open one with `hamesh FILE` or `hamesh FOLDER`.".to_string()
        })?,
    };
    if path.is_dir() {
        first_article(&path)
    } else if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} does not exist.", path.display()))
    }
}

/// `assets/samples` in the current directory, else next to the crate's sources.
fn samples_folder() -> Option<PathBuf> {
    [
        PathBuf::from(SAMPLES),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLES),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// The first `.txt`, `.text` or `.md` file of a folder in natural order (not recursive).
pub fn first_article(dir: &Path) -> Result<PathBuf, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_article(p))
        .min_by(|a, b| natural_cmp(&file_name(a), &file_name(b)))
        .ok_or_else(|| format!("{} has no .txt, .text or .md file.", dir.display()))
}

fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads and decodes an article and guesses its language.
pub fn load(path: &Path) -> Result<Article, String> {
    let (text, encoding) = read_text(path).map_err(|e| e.to_string())?;
    Ok(Article {
        name: file_name(path),
        path: path.to_path_buf(),
        language: Language::detect(&text),
        text,
        encoding,
    })
}

/// Compares names the way people count: digit runs by value, so `2.txt` < `10.txt`; other
/// characters case-insensitively, then exactly as a tie-break.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let m = digits(&mut x);
                let n = digits(&mut y);
                let (m0, n0) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let order = m0.len().cmp(&n0.len()).then_with(|| m0.cmp(n0));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                let order = c.to_lowercase().cmp(d.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                x.next();
                y.next();
            }
        }
    }
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut run = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        run.push(c);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_counts_numbers() {
        let mut names = vec!["a10.txt", "a2.txt", "A1.txt", "a02b.txt", "b.txt", "a2.md"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            vec!["A1.txt", "a2.md", "a2.txt", "a02b.txt", "a10.txt", "b.txt"]
        );
    }

    #[test]
    fn opens_the_first_article_of_a_folder() {
        let dir = std::env::temp_dir().join(format!("hamesh-open-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["10.txt", "9.md", "1.png", "20.text"] {
            std::fs::write(dir.join(name), "سلام").unwrap();
        }
        let first = resolve(Some(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(first.unwrap().file_name().unwrap(), "9.md");
    }

    #[test]
    fn missing_paths_and_empty_folders_are_messages() {
        assert!(resolve(Some(Path::new("/no/such/article.txt"))).is_err());
        let dir = std::env::temp_dir().join(format!("hamesh-empty-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let result = resolve(Some(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(result.unwrap_err().contains("no .txt"));
    }

    #[test]
    fn bundled_samples_are_found_without_an_argument() {
        let path = resolve(None).expect("assets/samples exists in the repository");
        let article = load(&path).unwrap();
        assert!(!article.text.is_empty());
        assert_ne!(article.language, Language::Other);
    }
}
