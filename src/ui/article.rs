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
//!
//! The article the app opens at start ([`Preload`]) begins before the window: eframe takes
//! tens of milliseconds to make the window and its GL context, and the worker reads, decodes
//! and prepares the text meanwhile. The folder's [`Reading`] adopts it when it asks for that
//! article in that style; its annotations are opened once the folder says where they live.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SendError, Sender, TryRecvError, channel};
use std::time::Instant;

use crate::annotate::Store;
use crate::annotate::session::DocumentSession;
use crate::corpus::decode::{Encoding, decode_owned, utf8_start};
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
    preview: Preview,
}

/// The start of the article being loaded, shown while the rest is prepared.
enum Preview {
    None,
    Coming(Receiver<ReaderView>),
    Here(Box<ReaderView>),
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

/// What a preloading worker waits for before it opens the annotations and hands the article
/// over: the annotations to open, and how to wake the window.
type Adoption = (Option<SessionRequest>, Box<dyn Fn() + Send>);

/// An article being prepared before the window exists, for the folder to adopt.
pub struct Preload {
    folder: Folder,
    path: String,
    style: TextStyle,
    adopt: Sender<Adoption>,
    result: Receiver<Result<OpenArticle, String>>,
    /// The start of a large article, prepared first ([`PREVIEW_FROM`]).
    preview: Receiver<ReaderView>,
}

impl Preload {
    /// Starts reading, decoding and preparing `path` of `folder` in `style` on a worker. Once
    /// prepared, the worker waits to be adopted; dropped unadopted, it stops.
    pub fn start(folder: Folder, path: String, style: TextStyle) -> Preload {
        let (adopt, adopted) = channel::<Adoption>();
        let (tx, result) = channel();
        let (show, preview) = channel();
        let (worker_folder, rel, worker_style) = (folder.clone(), path.clone(), style.clone());
        // If the thread cannot start, the sender is dropped and `Reading::poll` reports it.
        let _ = std::thread::Builder::new()
            .name("hamesh-preload".into())
            .spawn(move || {
                let shown = |start| {
                    let _ = show.send(start);
                };
                let prepared = prepare_text(&worker_folder, rel, None, worker_style, shown);
                let Ok((session, wake)) = adopted.recv() else {
                    return;
                };
                let _ = tx.send(prepared.map(|article| article.with_session(session)));
                wake();
            });
        Preload {
            folder,
            path,
            style,
            adopt,
            result,
            preview,
        }
    }

    /// Whether this is what `Reading::load` was asked for.
    fn is(
        &self,
        folder: &Folder,
        path: &str,
        encoding: Option<Encoding>,
        style: &TextStyle,
    ) -> bool {
        encoding.is_none()
            && self.path == path
            && self.style == *style
            && self.folder.root() == folder.root()
            && self.folder.options() == folder.options()
    }
}

/// The current article and the one being loaded.
#[derive(Default)]
pub struct Reading {
    pub current: Option<OpenArticle>,
    pending: Option<Pending>,
    /// The article being prepared since before the window, until a load asks for it or for
    /// another.
    preload: Option<Preload>,
}

impl Reading {
    /// A reading whose first load may adopt `preload`.
    pub fn with_preload(preload: Option<Preload>) -> Reading {
        Reading {
            preload,
            ..Reading::default()
        }
    }

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
        let mut wake: Box<dyn Fn() + Send> = Box::new(wake);
        if let Some(preload) = self.preload.take()
            && preload.is(folder, path, encoding, &style)
        {
            match preload.adopt.send((session.clone(), wake)) {
                Ok(()) => {
                    self.pending = Some(Pending {
                        path: path.to_string(),
                        encoding,
                        result: preload.result,
                        preview: Preview::Coming(preload.preview),
                    });
                    return;
                }
                // The worker stopped: load afresh.
                Err(SendError((_, back))) => wake = back,
            }
        }
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
            preview: Preview::None,
        });
    }

    /// The start of the article being loaded, to show while the rest is prepared: only for
    /// a large article opened at start with nothing else shown ([`Preload`]). It comes with
    /// [`Reading::poll`].
    pub fn preview(&self) -> Option<&ReaderView> {
        match &self.pending.as_ref()?.preview {
            Preview::Here(view) => Some(view),
            _ => None,
        }
    }

    pub fn preview_mut(&mut self) -> Option<&mut ReaderView> {
        match &mut self.pending.as_mut()?.preview {
            Preview::Here(view) => Some(view),
            _ => None,
        }
    }

    /// Shows no start of the article being loaded (the reader opens it further down).
    pub fn forget_preview(&mut self) {
        if let Some(pending) = &mut self.pending {
            pending.preview = Preview::None;
        }
    }

    /// The article being loaded, if any.
    pub fn loading(&self) -> Option<&str> {
        self.pending.as_ref().map(|p| p.path.as_str())
    }

    /// Forgets everything (the corpus was closed).
    pub fn clear(&mut self) {
        self.current = None;
        self.pending = None;
        self.preload = None;
    }

    /// Takes a finished load (or the preview of one), if any; never blocks.
    pub fn poll(&mut self) -> Option<Loaded> {
        let pending = self.pending.as_mut()?;
        if let Preview::Coming(start) = &pending.preview {
            match start.try_recv() {
                Ok(view) => pending.preview = Preview::Here(Box::new(view)),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => pending.preview = Preview::None,
            }
        }
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

/// Reads, decodes and prepares an article and opens its annotations (on the worker).
fn prepare(
    folder: &Folder,
    path: String,
    encoding: Option<Encoding>,
    style: TextStyle,
    session: Option<SessionRequest>,
) -> Result<OpenArticle, String> {
    prepare_text(folder, path, encoding, style, |_| {}).map(|article| article.with_session(session))
}

/// Articles at least this large show their start ([`Reading::preview`]) while the rest is
/// decoded and prepared: tens of milliseconds at 20 MB.
pub const PREVIEW_FROM: usize = 1 << 20;

/// How much of such an article the preview holds: many screens at any text size, and what
/// language detection reads, so that the preview is styled as the article will be.
const PREVIEW_BYTES: usize = Language::DETECT_BYTES;

/// Reads, decodes and prepares an article, its annotations not yet opened. A large UTF-8
/// article's start is handed to `preview` first, prepared alone.
fn prepare_text(
    folder: &Folder,
    path: String,
    encoding: Option<Encoding>,
    style: TextStyle,
    preview: impl FnOnce(ReaderView),
) -> Result<OpenArticle, String> {
    let started = Instant::now();
    let file = folder.path_of(&path);
    let (text, encoding) = match encoding {
        Some(e) => (folder.read_text_as(&path, e).map_err(|e| e.to_string())?, e),
        // `Folder::read_text`, with the start taken from the bytes before they are decoded.
        None => {
            let bytes = folder.read_bytes(&path).map_err(|e| e.to_string())?;
            if bytes.len() >= PREVIEW_FROM
                && let Some(start) = utf8_start(&bytes, PREVIEW_BYTES)
            {
                let language = Language::detect(start);
                let style = TextStyle {
                    language,
                    ..style.clone()
                };
                preview(ReaderView::new(start.to_string(), style));
            }
            let name = file.display().to_string();
            decode_owned(bytes, &name).map_err(|e| e.to_string())?
        }
    };
    let language = Language::detect(&text);
    let direction = document_direction(&text, DirectionChoice::Auto);
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
        session: None,
    })
}

impl OpenArticle {
    /// Opens the annotations `request` names over the prepared text.
    fn with_session(mut self, request: Option<SessionRequest>) -> OpenArticle {
        let started = Instant::now();
        self.session = request.map(|r| {
            let (text, encoding) = (self.reader.text(), self.encoding.name());
            DocumentSession::open(&r.store, &self.path, text, encoding, &r.annotator)
        });
        self.load_ms += started.elapsed().as_secs_f64() * 1e3;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::files::ScanOptions;
    use std::path::Path;
    use std::sync::{Arc, Mutex};

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

    /// The threads that woke the window, once one has (the worker wakes it just after it
    /// hands the article over).
    fn woken_by(woken: &Mutex<Vec<String>>) -> Vec<String> {
        for _ in 0..5000 {
            let names = woken.lock().unwrap().clone();
            if !names.is_empty() {
                return names;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Vec::new()
    }

    /// A waker that notes which thread woke the window.
    fn thread_noting_waker() -> (impl Fn() + Send + 'static, Arc<Mutex<Vec<String>>>) {
        let woken = Arc::new(Mutex::new(Vec::new()));
        let noted = woken.clone();
        let wake = move || {
            let name = std::thread::current().name().unwrap_or("").to_string();
            noted.lock().unwrap().push(name);
        };
        (wake, woken)
    }

    fn sized(size_px: f32) -> TextStyle {
        TextStyle {
            size_px,
            ..TextStyle::default()
        }
    }

    #[test]
    fn a_preload_is_adopted_by_the_load_that_asks_for_it() {
        let path = "003_c21b3274f8c0af60.txt";
        let preload = Preload::start(samples(), path.to_string(), sized(30.0));
        let mut reading = Reading::with_preload(Some(preload));
        let (wake, woken) = thread_noting_waker();
        reading.load(&samples(), path, (None, None), sized(30.0), wake);
        assert_eq!(reading.loading(), Some(path));
        assert!(matches!(reading.wait(), Some(Loaded::Opened)));
        assert_eq!(woken_by(&woken), ["hamesh-preload"]);
        let article = reading.current.as_ref().unwrap();
        let mut fresh = Reading::default();
        fresh.load(&samples(), path, (None, None), sized(30.0), || {});
        fresh.wait();
        let fresh = fresh.current.as_ref().unwrap();
        assert_eq!(article.reader.text(), fresh.reader.text());
        assert_eq!(article.reader.style(), fresh.reader.style());
        assert_eq!(article.language, Language::Persian);
        assert_eq!(
            (article.chars, article.encoding),
            (fresh.chars, fresh.encoding)
        );
    }

    #[test]
    fn a_preload_of_another_article_or_style_is_dropped() {
        let path = "003_c21b3274f8c0af60.txt";
        for (asked, style) in [
            ("001_bc119a91e0d0aa00.txt", sized(30.0)),
            (path, sized(20.0)),
        ] {
            let preload = Preload::start(samples(), path.to_string(), sized(30.0));
            let mut reading = Reading::with_preload(Some(preload));
            let (wake, woken) = thread_noting_waker();
            reading.load(&samples(), asked, (None, None), style.clone(), wake);
            assert!(matches!(reading.wait(), Some(Loaded::Opened)));
            assert_eq!(woken_by(&woken), ["hamesh-load"]);
            let article = reading.current.as_ref().unwrap();
            assert_eq!(article.path, asked);
            assert_eq!(article.reader.style().size_px, style.size_px);
        }
    }

    #[test]
    fn a_preload_opens_the_annotations_it_is_handed() {
        let dir = std::env::temp_dir().join(format!("hamesh-preload-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let text = "سلام على العالم";
        std::fs::write(dir.join("a.txt"), text).unwrap();
        let folder = Folder::new(dir.clone(), ScanOptions::default());
        let store = Store::open(&dir, &dir.join("fallback"));
        let preload = Preload::start(folder.clone(), "a.txt".to_string(), TextStyle::default());
        let mut reading = Reading::with_preload(Some(preload));
        let request = SessionRequest {
            store,
            annotator: String::new(),
        };
        reading.load(
            &folder,
            "a.txt",
            (None, Some(request)),
            TextStyle::default(),
            || {},
        );
        assert!(matches!(reading.wait(), Some(Loaded::Opened)));
        let session = reading.current.as_mut().unwrap().session.take();
        let session = session.expect("the annotations were opened");
        assert_eq!(session.doc.source.path, "a.txt");
        assert_eq!(session.doc.source.characters, text.chars().count());
        assert_eq!(session.doc.source.sha256.len(), 64);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A folder in the temporary directory with one large Persian article, over
    /// [`PREVIEW_FROM`].
    fn large_article(name: &str) -> (PathBuf, String) {
        let dir = std::env::temp_dir().join(format!("hamesh-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let paragraph =
            "گفت‌وگوی تلفنی رئیس‌جمهور با همتای افغان خود درباره‌ی کابل و پیشاور ادامه یافت.\n";
        let text = paragraph.repeat(PREVIEW_FROM / paragraph.len() + 2);
        std::fs::write(dir.join("large.txt"), &text).unwrap();
        (dir, text)
    }

    #[test]
    fn a_large_article_hands_over_its_start_first() {
        let (dir, text) = large_article("start");
        let folder = Folder::new(dir.clone(), ScanOptions::default());
        let mut start = None;
        let style = sized(24.0);
        let article = prepare_text(&folder, "large.txt".into(), None, style, |v| {
            start = Some(v)
        })
        .unwrap();
        let start = start.expect("a start for a large article");
        assert_eq!(article.reader.text(), text);
        assert!(text.starts_with(start.text()));
        assert!(start.text().len() >= PREVIEW_BYTES && start.text().len() < text.len() / 2);
        assert!(start.text().ends_with('\n'), "a whole last paragraph");
        // Styled as the article is, its language told from the same bytes.
        assert_eq!(start.style(), article.reader.style());
        assert_eq!(article.language, Language::Persian);
        let _ = std::fs::remove_dir_all(&dir);

        // A small article, or one decoded as the user asked, comes whole.
        for encoding in [None, Some(Encoding::Utf8)] {
            let mut start = None;
            let path = "003_c21b3274f8c0af60.txt".to_string();
            let style = TextStyle::default();
            prepare_text(&samples(), path, encoding, style, |v| start = Some(v)).unwrap();
            assert!(start.is_none());
        }
    }

    #[test]
    fn the_start_is_shown_until_the_whole_article_is_in() {
        let (start_tx, start_rx) = channel();
        let (result_tx, result_rx) = channel();
        let mut reading = Reading {
            pending: Some(Pending {
                path: "large.txt".into(),
                encoding: None,
                result: result_rx,
                preview: Preview::Coming(start_rx),
            }),
            ..Reading::default()
        };
        assert!(reading.poll().is_none() && reading.preview().is_none());
        let text = "بخش نخست\n".to_string();
        start_tx
            .send(ReaderView::new(text.clone(), TextStyle::default()))
            .unwrap();
        assert!(reading.poll().is_none());
        assert_eq!(reading.preview().map(|v| v.text()), Some(text.as_str()));
        assert!(reading.preview_mut().is_some());
        // The worker finished and dropped its end: the start stays until the article.
        drop(start_tx);
        assert!(reading.poll().is_none() && reading.preview().is_some());
        let mut whole = Reading::default();
        let path = "003_c21b3274f8c0af60.txt";
        whole.load(&samples(), path, (None, None), TextStyle::default(), || {});
        whole.wait();
        result_tx.send(Ok(whole.current.take().unwrap())).unwrap();
        assert!(matches!(reading.poll(), Some(Loaded::Opened)));
        assert!(reading.preview().is_none() && reading.current.is_some());
    }

    #[test]
    fn a_preloaded_large_article_shows_its_start_and_can_forget_it() {
        let (dir, text) = large_article("preload");
        let folder = Folder::new(dir.clone(), ScanOptions::default());
        for forget in [false, true] {
            let preload = Preload::start(folder.clone(), "large.txt".into(), sized(24.0));
            let mut reading = Reading::with_preload(Some(preload));
            reading.load(&folder, "large.txt", (None, None), sized(24.0), || {});
            if forget {
                reading.forget_preview();
            }
            let mut seen = None;
            while reading.current.is_none() {
                reading.poll();
                if let Some(start) = reading.preview() {
                    seen = Some(start.text().len());
                }
                std::thread::yield_now();
            }
            if forget {
                assert_eq!(seen, None);
            }
            if let Some(len) = seen {
                assert!(len >= PREVIEW_BYTES);
            }
            assert_eq!(reading.current.as_ref().unwrap().reader.text(), text);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
