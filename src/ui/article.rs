//! The article being read: reading, decoding and preparing it on a worker thread, and what the
//! window knows about it once it is there.
//!
//! A worker reads the file, decodes it (detected, or the encoding the user picked), guesses its
//! language and builds the [`ReaderView`] — splitting paragraphs and estimating heights, the
//! O(n) part — then wakes the UI. The UI thread only lays out the paragraphs in view, so a
//! 20 MB article does not freeze the window. A newer request replaces an older one still
//! running; its result is dropped.
//!
//! The worker also opens the article's annotations ([`DocumentSession::open`]): hashing the text,
//! reading the annotation file and re-anchoring spans if the article changed are O(n) too.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use crate::annotate::Store;
use crate::annotate::session::DocumentSession;
use crate::corpus::decode::Encoding;
use crate::corpus::files::Folder;
use crate::text::document::document_direction;
use crate::text::{Direction, DirectionChoice, Language, TextStyle};

use super::reader::ReaderView;

/// An article ready to read.
pub struct OpenArticle {
    /// Path relative to the corpus folder.
    pub path: String,
    pub file: PathBuf,
    pub encoding: Encoding,
    pub language: Language,
    pub direction: Direction,
    pub chars: usize,
    pub reader: ReaderView,
    /// How long reading, decoding and preparing took on the worker.
    pub load_ms: f64,
    /// The article's annotations, opened on the worker when asked for; the app takes it.
    pub session: Option<DocumentSession>,
}

/// What the worker needs to open an article's annotations.
#[derive(Clone, Debug)]
pub struct SessionRequest {
    pub store: Store,
    pub annotator: String,
}

/// A load on its way.
struct Pending {
    path: String,
    /// `Some` for "reopen as".
    encoding: Option<Encoding>,
    result: Receiver<Result<OpenArticle, String>>,
}

/// What finished loading this frame.
pub enum Loaded {
    /// A new article (or the same one decoded again) replaced the current one.
    Opened,
    /// It failed; the message says why. `reopen` is true for a failed "reopen as", which keeps
    /// the current text.
    Failed {
        path: String,
        message: String,
        reopen: bool,
    },
}

/// The current article and the one being loaded.
#[derive(Default)]
pub struct Reading {
    pub current: Option<OpenArticle>,
    pending: Option<Pending>,
}

impl Reading {
    /// Starts loading `path` (relative to `root`) on a worker; `encoding` forces a decoding;
    /// `session` opens its annotations too.
    pub fn load(
        &mut self,
        folder: &Folder,
        path: &str,
        (encoding, session): (Option<Encoding>, Option<SessionRequest>),
        style: TextStyle,
        wake: impl Fn() + Send + 'static,
    ) {
        let (tx, rx) = channel();
        let folder = folder.clone();
        let rel = path.to_string();
        // If the thread cannot start, the sender is dropped and `poll` reports it.
        let _ = std::thread::Builder::new()
            .name("hamesh-load".into())
            .spawn(move || {
                let _ = tx.send(prepare(&folder, rel, encoding, style, session));
                wake();
            });
        self.pending = Some(Pending {
            path: path.to_string(),
            encoding,
            result: rx,
        });
    }

    /// The article being loaded, if any.
    pub fn loading(&self) -> Option<&str> {
        self.pending.as_ref().map(|p| p.path.as_str())
    }

    /// Forgets everything (the corpus was closed).
    pub fn clear(&mut self) {
        self.current = None;
        self.pending = None;
    }

    /// Takes a finished load, if any; never blocks.
    pub fn poll(&mut self) -> Option<Loaded> {
        let pending = self.pending.as_ref()?;
        let result = match pending.result.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the reading thread stopped".to_string()),
        };
        let pending = self.pending.take()?;
        match result {
            Ok(article) => {
                self.current = Some(article);
                Some(Loaded::Opened)
            }
            Err(message) => {
                let reopen = pending.encoding.is_some()
                    && self
                        .current
                        .as_ref()
                        .is_some_and(|c| c.path == pending.path);
                if !reopen {
                    self.current = None;
                }
                Some(Loaded::Failed {
                    path: pending.path,
                    message,
                    reopen,
                })
            }
        }
    }

    /// Waits for the pending load (for tools and tests).
    pub fn wait(&mut self) -> Option<Loaded> {
        let pending = self.pending.as_ref()?;
        let result = pending
            .result
            .recv()
            .unwrap_or_else(|_| Err("the reading thread stopped".to_string()));
        let (tx, rx) = channel();
        let _ = tx.send(result);
        if let Some(p) = &mut self.pending {
            p.result = rx;
        }
        self.poll()
    }
}

/// Reads, decodes and prepares an article (on the worker).
fn prepare(
    folder: &Folder,
    path: String,
    encoding: Option<Encoding>,
    style: TextStyle,
    session: Option<SessionRequest>,
) -> Result<OpenArticle, String> {
    let started = Instant::now();
    let file = folder.path_of(&path);
    let (text, encoding) = match encoding {
        Some(e) => (folder.read_text_as(&path, e).map_err(|e| e.to_string())?, e),
        None => folder.read_text(&path).map_err(|e| e.to_string())?,
    };
    let language = Language::detect(&text);
    let direction = document_direction(&text, DirectionChoice::Auto);
    let session = session
        .map(|r| DocumentSession::open(&r.store, &path, &text, encoding.name(), &r.annotator));
    let reader = ReaderView::new(text, TextStyle { language, ..style });
    Ok(OpenArticle {
        path,
        file,
        encoding,
        language,
        direction,
        chars: reader.char_len(),
        reader,
        load_ms: started.elapsed().as_secs_f64() * 1e3,
        session,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::files::ScanOptions;
    use std::path::Path;

    fn samples() -> Folder {
        Folder::new(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples"),
            ScanOptions::default(),
        )
    }

    #[test]
    fn loads_on_a_worker_and_detects_the_language() {
        let mut reading = Reading::default();
        let path = "003_c21b3274f8c0af60.txt";
        reading.load(&samples(), path, (None, None), TextStyle::default(), || {});
        assert_eq!(reading.loading(), Some(path));
        assert!(matches!(reading.wait(), Some(Loaded::Opened)));
        let article = reading.current.as_ref().unwrap();
        assert_eq!(article.language, Language::Persian);
        assert_eq!(article.reader.style().language, Language::Persian);
        assert_eq!(article.encoding, Encoding::Utf8);
        assert_eq!(article.direction, Direction::Rtl);
        assert!(article.chars > 1000);
    }

    #[test]
    fn a_failed_reopen_keeps_the_current_text() {
        let mut reading = Reading::default();
        let path = "001_bc119a91e0d0aa00.txt";
        reading.load(&samples(), path, (None, None), TextStyle::default(), || {});
        reading.wait();
        reading.load(
            &samples(),
            path,
            (Some(Encoding::Utf16Be), None),
            TextStyle::default(),
            || {},
        );
        let Some(Loaded::Failed {
            reopen, message, ..
        }) = reading.wait()
        else {
            panic!("UTF-8 Arabic is not UTF-16");
        };
        assert!(reopen, "{message}");
        assert_eq!(reading.current.as_ref().unwrap().encoding, Encoding::Utf8);
        reading.load(
            &samples(),
            path,
            (Some(Encoding::Windows1256), None),
            TextStyle::default(),
            || {},
        );
        assert!(matches!(reading.wait(), Some(Loaded::Opened)));
        assert_eq!(
            reading.current.as_ref().unwrap().encoding,
            Encoding::Windows1256
        );
    }

    #[test]
    fn a_missing_file_is_a_message() {
        let mut reading = Reading::default();
        reading.load(
            &samples(),
            "nope.txt",
            (None, None),
            TextStyle::default(),
            || {},
        );
        let Some(Loaded::Failed {
            message, reopen, ..
        }) = reading.wait()
        else {
            panic!("expected a failure");
        };
        assert!(!reopen && message.contains("nope.txt"), "{message}");
    }
}
