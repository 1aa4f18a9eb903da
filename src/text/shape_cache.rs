//! Shaped words, kept: a run is shaped a word at a time, and a word already shaped with the same
//! face, direction, script, language, buffer flags and joining context takes its glyphs from
//! this thread's cache instead of the shaper, as Blink's shape cache and Gecko's word cache do.
//! News text repeats its words (the 1 MB Arabic benchmark text has about one distinct word in
//! six), so most words are shaped once.
//!
//! Why a word alone gives the glyphs the whole run would:
//! - A run is cut only on both sides of a space that is a grapheme of its own, so a mark after a
//!   space (which the shaper would attach to it) stays in the space's piece.
//! - The shaper reads the text around its buffer only to find a letter's joining neighbours,
//!   skipping transparent characters; whitespace never joins, so the context on each side is
//!   cut after its nearest whitespace character without changing the result, and the cut
//!   context is part of the key. A space piece takes no context at all: nothing in it joins,
//!   and its neighbours' forms are the neighbours' own business (the shaper reads the
//!   context before a buffer only for the buffer's first joining letter, and, to decide
//!   whether a leading mark needs a dotted circle, whether there is any).
//! - What remains is a font looking across a space (a kerning pair or a contextual lookup
//!   with a space in it). The bundled fonts have none on the conformance corpus, which
//!   `tests/shape_cache.rs` lays out with and without the cache, glyph for glyph, next to a
//!   property test on generated text.
//!
//! Positions are kept in font units, so one entry serves every size.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use harfrust::{
    BufferClusterLevel, BufferFlags, Direction as HbDirection, Language as HbLanguage,
    ShapeOptions, ShapePlan, Shaper, UnicodeBuffer,
};
use rustc_hash::FxHashMap;

use super::analysis::Analysis;
use super::shape::CONTEXT_CHARS;

/// Words longer than this (in bytes) are shaped each time: a run of text without spaces (a URL,
/// a file of one line) would fill the cache with entries nobody asks for again.
const MAX_WORD_BYTES: usize = 96;

/// The cache is emptied when it holds this many glyphs (about 20 MB with its keys).
const MAX_GLYPHS: usize = 1 << 20;

/// One shaped glyph, in font units; `cluster` is a byte offset from the start of the shaped
/// text (the word in the cache, the run in a run's glyphs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawGlyph {
    pub id: u32,
    pub cluster: u32,
    pub x_advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
}

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    static CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
    /// The pieces of the run being shaped and the key being built, kept between runs.
    static SCRATCH: RefCell<(Vec<Piece>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Whether this thread's layouts reuse shaped words (on unless turned off). Off, every run is
/// shaped whole, with its full context: the reference the cache is checked against.
pub fn set_word_cache(enabled: bool) {
    ENABLED.with(|e| e.set(enabled));
}

/// Empties this thread's cache of shaped words.
pub fn clear_word_cache() {
    CACHE.with(|c| c.borrow_mut().clear());
}

/// Number of words and glyphs in this thread's cache.
pub fn word_cache_size() -> (usize, usize) {
    CACHE.with(|c| {
        let c = c.borrow();
        (c.map.len(), c.glyphs.len())
    })
}

#[derive(Default)]
struct WordCache {
    /// Key (see [`RunShaper::key`]) to a range of `glyphs`.
    map: FxHashMap<Box<[u8]>, (u32, u32)>,
    glyphs: Vec<RawGlyph>,
}

impl WordCache {
    fn clear(&mut self) {
        self.map = FxHashMap::default();
        self.glyphs = Vec::new();
    }
}

/// One run to shape: its text in the paragraph, and how to shape it.
pub(crate) struct RunShaper<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub bytes: Range<usize>,
    pub rtl: bool,
    pub script: Option<harfrust::Script>,
    pub language: Option<HbLanguage>,
    pub shaper: &'a Shaper<'static>,
    pub plan: &'a ShapePlan,
    /// Bytes naming face, direction, script and language: the start of every key.
    pub header: &'a [u8],
    /// The run's direction is not its script's own (see [`shaped_reversed`]).
    pub reversed: bool,
}

/// Scripts the shaper lays out right to left natively, by ISO 15924 code (harfrust's and
/// HarfBuzz's `hb_script_get_horizontal_direction`).
const NATIVE_RTL: &[&str] = &[
    "Arab", "Hebr", "Syrc", "Thaa", "Cprt", "Khar", "Phnx", "Nkoo", "Lydi", "Avst", "Armi", "Phli",
    "Prti", "Sarb", "Orkh", "Samr", "Mand", "Merc", "Mero", "Mani", "Mend", "Nbat", "Narb", "Palm",
    "Phlp", "Hatr", "Adlm", "Rohg", "Sogo", "Sogd", "Elym", "Chrs", "Yezi", "Ougr", "Gara", "Sidt",
];

/// Scripts the shaper gives no native direction.
const NATIVE_EITHER: &[&str] = &["Hung", "Ital", "Runr", "Tfng"];

/// Whether the shaper reverses a run of this direction and script before shaping it (digits in
/// an Arabic run laid out left to right, text under a bidi override, even Common-script
/// punctuation in a right-to-left run): it then decides from the whole buffer (a run of digits
/// only is not reversed) and moves marks across word edges, so such a run is shaped whole,
/// never from cached words.
pub(crate) fn shaped_reversed(rtl: bool, script: unicode_script::Script) -> bool {
    let code = script.short_name();
    if NATIVE_EITHER.contains(&code) {
        return false;
    }
    rtl != NATIVE_RTL.contains(&code)
}

/// A piece of a run: spaces, then a word (either may be missing). It is shaped together with
/// the space that follows it in the run, if any, whose glyphs are then left out: a font's
/// kerning between a word's last letter and the space after it (Vazirmatn kerns `y ` and ` T`)
/// is kept, and the space's own kerning with the word it leads is inside the piece.
#[derive(Clone)]
struct Piece {
    bytes: Range<usize>,
    /// Where the shaped buffer ends: `bytes.end`, or one space further.
    buffer_end: usize,
}

impl RunShaper<'_> {
    /// Shapes the run into `out` (cleared first) in the shaper's visual order, clusters as
    /// byte offsets from the run's start. Returns the buffer for the next run.
    pub fn shape(&self, buf: UnicodeBuffer, out: &mut Vec<RawGlyph>) -> UnicodeBuffer {
        out.clear();
        if ENABLED.with(Cell::get) && !self.reversed {
            let (buf, whole) = self.shape_pieces(buf, out);
            if !whole {
                return buf;
            }
            out.clear();
            return self.shape_whole(buf, out);
        }
        self.shape_whole(buf, out)
    }

    /// The run in one buffer, with its full context: the reference.
    fn shape_whole(&self, buf: UnicodeBuffer, out: &mut Vec<RawGlyph>) -> UnicodeBuffer {
        let pre = context_before(self.text, self.bytes.start, false);
        let post = context_after(self.text, self.bytes.end, false);
        let piece = Piece {
            bytes: self.bytes.clone(),
            buffer_end: self.bytes.end,
        };
        self.shape_piece(buf, &piece, pre, post, out).0
    }

    /// The run from cached pieces. The flag says the run must be shaped whole instead (a
    /// ligature took in the space after a piece).
    fn shape_pieces(&self, buf: UnicodeBuffer, out: &mut Vec<RawGlyph>) -> (UnicodeBuffer, bool) {
        SCRATCH.with(|scratch| {
            let (pieces, key) = &mut *scratch.borrow_mut();
            self.pieces(pieces);
            CACHE
                .with(|cache| self.shape_from_cache(&mut cache.borrow_mut(), pieces, key, buf, out))
        })
    }

    fn shape_from_cache(
        &self,
        cache: &mut WordCache,
        pieces: &[Piece],
        key: &mut Vec<u8>,
        mut buf: UnicodeBuffer,
        out: &mut Vec<RawGlyph>,
    ) -> (UnicodeBuffer, bool) {
        let n = pieces.len();
        for k in 0..n {
            let piece = &pieces[if self.rtl { n - 1 - k } else { k }];
            let base = (piece.bytes.start - self.bytes.start) as u32;
            let (pre, post) = self.piece_context(piece);
            if piece.bytes.len() > MAX_WORD_BYTES {
                let from = out.len();
                let (b, ok) = self.shape_piece(buf, piece, pre, post, out);
                buf = b;
                if !ok {
                    return (buf, true);
                }
                out[from..].iter_mut().for_each(|g| g.cluster += base);
                continue;
            }
            self.key(key, piece, pre.clone(), post.clone());
            let found = cache.map.get(key.as_slice()).copied();
            let (first, last) = match found {
                Some(r) => r,
                None => {
                    if cache.glyphs.len() >= MAX_GLYPHS {
                        cache.clear();
                    }
                    let first = cache.glyphs.len();
                    let (b, ok) = self.shape_piece(buf, piece, pre, post, &mut cache.glyphs);
                    buf = b;
                    if !ok {
                        cache.glyphs.truncate(first);
                        return (buf, true);
                    }
                    let range = (first as u32, cache.glyphs.len() as u32);
                    cache.map.insert(key.as_slice().into(), range);
                    range
                }
            };
            let glyphs = &cache.glyphs[first as usize..last as usize];
            out.extend(glyphs.iter().map(|g| RawGlyph {
                cluster: g.cluster + base,
                ..*g
            }));
        }
        (buf, false)
    }

    /// The run cut before every space that follows a non-space (where that is a grapheme
    /// boundary). Never empty.
    fn pieces(&self, pieces: &mut Vec<Piece>) {
        let Range { start, end } = self.bytes;
        let units = &self.analysis.unit_starts;
        let grapheme_start = |b: usize| {
            units
                .binary_search(&(b as u32))
                .is_ok_and(|i| self.analysis.unit_is_grapheme_start[i])
        };
        let bytes = self.text.as_bytes();
        pieces.clear();
        let mut from = start;
        for (i, _) in self.text[start..end].match_indices(' ') {
            let at = start + i;
            if at > from && bytes[at - 1] != b' ' && grapheme_start(at) {
                pieces.push(Piece {
                    bytes: from..at,
                    buffer_end: at + 1,
                });
                from = at;
            }
        }
        pieces.push(Piece {
            bytes: from..end,
            buffer_end: end,
        });
    }

    /// The context of a piece's buffer. A buffer that starts (or ends) with a space needs none
    /// on that side: the space never joins, and the shaper reads the context only to find the
    /// joining neighbour of the buffer's first (or last) letter and, before a leading mark,
    /// to know whether there is any text before it. Otherwise the context is cut after its
    /// nearest whitespace, for the same reason.
    fn piece_context(&self, piece: &Piece) -> (Range<usize>, Range<usize>) {
        let bytes = self.text.as_bytes();
        let Range { start, .. } = piece.bytes;
        let end = piece.buffer_end;
        let pre = if bytes[start] == b' ' {
            start..start
        } else {
            context_before(self.text, start, true)
        };
        let post = if bytes[end - 1] == b' ' {
            end..end
        } else {
            context_after(self.text, end, true)
        };
        (pre, post)
    }

    /// The cache key of a piece: header, buffer flags, context before, the buffer's text,
    /// whether the buffer ends with the space after the piece, context after. 0xFF, never a
    /// byte of UTF-8, separates the parts.
    fn key(&self, key: &mut Vec<u8>, piece: &Piece, pre: Range<usize>, post: Range<usize>) {
        key.clear();
        key.extend_from_slice(self.header);
        key.push(self.flags(piece).bits() as u8);
        key.extend_from_slice(self.text[pre].as_bytes());
        key.push(0xFF);
        key.extend_from_slice(self.text[piece.bytes.clone()].as_bytes());
        key.push(0xFF);
        key.push(u8::from(piece.buffer_end > piece.bytes.end));
        key.extend_from_slice(self.text[post].as_bytes());
    }

    fn flags(&self, piece: &Piece) -> BufferFlags {
        let mut flags = BufferFlags::empty();
        if piece.bytes.start == 0 {
            flags |= BufferFlags::BEGINNING_OF_TEXT;
        }
        if piece.buffer_end == self.text.len() {
            flags |= BufferFlags::END_OF_TEXT;
        }
        flags
    }

    /// Shapes `piece` (its buffer) with the given context and appends the glyphs of the piece
    /// to `out`, clusters from the piece's start. False when the space after the piece did not
    /// come out as glyphs of its own (a ligature took it in): the run is then shaped whole.
    fn shape_piece(
        &self,
        mut buf: UnicodeBuffer,
        piece: &Piece,
        pre: Range<usize>,
        post: Range<usize>,
        out: &mut Vec<RawGlyph>,
    ) -> (UnicodeBuffer, bool) {
        buf.clear();
        buf.push_str(&self.text[piece.bytes.start..piece.buffer_end]);
        buf.set_pre_context(&self.text[pre]);
        buf.set_post_context(&self.text[post]);
        buf.set_direction(if self.rtl {
            HbDirection::RightToLeft
        } else {
            HbDirection::LeftToRight
        });
        if let Some(s) = self.script {
            buf.set_script(s);
        }
        if let Some(l) = &self.language {
            buf.set_language(l.clone());
        }
        buf.set_cluster_level(BufferClusterLevel::MonotoneCharacters);
        buf.set_flags(self.flags(piece));
        let shaped = self
            .shaper
            .shape(buf, ShapeOptions::new().plan(Some(self.plan)));
        let len = piece.bytes.len() as u32;
        let mut trailing = false;
        for (info, p) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            if info.cluster >= len {
                trailing = true;
                continue;
            }
            out.push(RawGlyph {
                id: info.glyph_id,
                cluster: info.cluster,
                x_advance: p.x_advance,
                x_offset: p.x_offset,
                y_offset: p.y_offset,
            });
        }
        let ok = trailing || piece.buffer_end == piece.bytes.end;
        (shaped.clear(), ok)
    }
}

/// Up to [`CONTEXT_CHARS`] characters before `at`; with `cut`, only as far back as the nearest
/// whitespace character (included).
fn context_before(text: &str, at: usize, cut: bool) -> Range<usize> {
    let mut from = at;
    for (n, (i, c)) in text[..at].char_indices().rev().enumerate() {
        if n == CONTEXT_CHARS {
            break;
        }
        from = i;
        if cut && c.is_whitespace() {
            break;
        }
    }
    from..at
}

/// Up to [`CONTEXT_CHARS`] characters after `at`; with `cut`, only as far as the nearest
/// whitespace character (included).
fn context_after(text: &str, at: usize, cut: bool) -> Range<usize> {
    let mut to = at;
    for (n, c) in text[at..].chars().enumerate() {
        if n == CONTEXT_CHARS {
            break;
        }
        to += c.len_utf8();
        if cut && c.is_whitespace() {
            break;
        }
    }
    at..to
}
