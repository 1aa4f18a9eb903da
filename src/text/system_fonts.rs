//! Installed fonts as the last fallback: for a character none of the bundled faces has (a
//! Chinese or Hebrew name in an Arabic article, a symbol), the first installed font that has
//! it, so that a reader sees the character instead of a box. Where no installed font has it
//! either, the box with its code point stays ([`super::paragraph::ShapedParagraph::has_notdef`]).
//!
//! Off unless turned on ([`use_system_fonts`]): the window and `layout --system-fonts` turn it
//! on; the library, the tests and the other commands lay out with the bundled faces alone, the
//! same on every machine.
//!
//! The installed fonts are listed once, on the first character that needs them, by fontdb
//! (the folders fontconfig names, read without running fontconfig), and ordered: upright
//! regular faces before others, sans before serif, proportional before monospace, then by
//! family name, so the same machine always picks the same font. Fonts in the folders named by
//! `HAMESH_FONT_DIRS` ([`FONT_DIRS`]) come before all of those. A face is read into memory
//! when it is first chosen and kept; it gets the next [`FontId`] after the bundled faces, and
//! is shaped, rasterised and hit-tested like them.
//!
//! A unit that asks for an emoji ([`super::emoji::wants_color`]: 😀, a flag, a ZWJ family, a
//! character with U+FE0F) is looked for in the colour fonts first (CBDT or sbix strikes, such
//! as Noto Color Emoji, or COLR layers, such as Twemoji), and drawn in their colours; any other character in the faces with
//! outlines first, so → or ☺ stays text. Faces with neither outlines nor colour images are
//! passed over.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};

use skrifa::{FontRef, MetadataProvider, Tag};

use super::color_bitmap::has_color_bitmaps;
use super::color_layers::has_color_layers;
use super::fonts::{Face, FontId, faces};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Faces loaded so far, in the order of their ids after the bundled ones; leaked, as the
/// bundled faces are static, so every `&Face` lives as long as the process.
static LOADED: RwLock<Vec<&'static Face>> = RwLock::new(Vec::new());

/// The list of installed fonts and what was found for each character asked about.
static STATE: Mutex<Option<Installed>> = Mutex::new(None);

/// The environment variable naming more font folders (separated as `PATH` is), searched
/// before the system's: fonts kept outside the folders fontconfig knows.
pub const FONT_DIRS: &str = "HAMESH_FONT_DIRS";

/// Turns the fallback to installed fonts on or off for the whole process.
pub fn use_system_fonts(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether characters no bundled face has are looked for in the installed fonts.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Installed face number `i` (its id is the bundled faces' count plus `i`), once loaded.
pub(crate) fn loaded(i: usize) -> Option<&'static Face> {
    LOADED.read().ok()?.get(i).copied()
}

/// The face for a caret unit none of the bundled faces covers: an installed face with every
/// character of `chars` (its visible characters), else one with the first; a colour face
/// first when the unit asks for an emoji (`emoji`, [`super::emoji::wants_color`]). `None` when off (checked before anything
/// else: the bundled-only layout pays nothing), or when no installed font has it.
pub fn face_for(chars: impl Iterator<Item = char> + Clone, emoji: bool) -> Option<FontId> {
    if !enabled() {
        return None;
    }
    let first = chars.clone().next()?;
    let kinds = if emoji {
        [Kind::Color, Kind::Outline]
    } else {
        [Kind::Outline, Kind::Color]
    };
    let mut state = STATE.lock().ok()?;
    let installed = state.get_or_insert_with(Installed::list);
    for kind in kinds {
        if let Some(id) = installed.loaded_covering(chars.clone(), kind) {
            return Some(id);
        }
        if let Some(id) = installed.find(first, kind) {
            return Some(id);
        }
    }
    None
}

/// What a face draws its glyphs with.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// Outlines (TrueType or CFF), in the text's colour.
    Outline,
    /// Colour images (CBDT or sbix) or layers (COLR).
    Color,
}

impl Kind {
    fn of(font: &FontRef<'_>) -> Option<Kind> {
        if has_color_bitmaps(font) || has_color_layers(font) {
            Some(Kind::Color)
        } else if has_outlines(font) {
            Some(Kind::Outline)
        } else {
            None
        }
    }
}

struct Installed {
    db: fontdb::Database,
    /// Faces of `db`, best first.
    order: Vec<fontdb::ID>,
    /// Faces already loaded, with their ids.
    loaded: Vec<(fontdb::ID, FontId)>,
    /// Characters looked for in faces of a kind, and what was found.
    found: HashMap<(char, Kind), Option<FontId>>,
}

impl Installed {
    fn list() -> Installed {
        let mut db = fontdb::Database::new();
        // The folders the user names come first, then the system's.
        if let Some(dirs) = std::env::var_os(FONT_DIRS) {
            for dir in std::env::split_paths(&dirs) {
                db.load_fonts_dir(dir);
            }
        }
        let chosen: std::collections::HashSet<fontdb::ID> = db.faces().map(|f| f.id).collect();
        db.load_system_fonts();
        let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
        faces.sort_by_key(|f| {
            let family = f
                .families
                .first()
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            (
                !chosen.contains(&f.id),
                f.style != fontdb::Style::Normal,
                f.weight != fontdb::Weight::NORMAL,
                family.contains("Serif"),
                f.monospaced,
                family,
                f.post_script_name.clone(),
            )
        });
        let order = faces.iter().map(|f| f.id).collect();
        Installed {
            db,
            order,
            loaded: Vec::new(),
            found: HashMap::new(),
        }
    }

    /// A face of `kind` loaded before that covers all of `chars`.
    fn loaded_covering(
        &self,
        chars: impl Iterator<Item = char> + Clone,
        kind: Kind,
    ) -> Option<FontId> {
        self.loaded.iter().map(|&(_, id)| id).find(|&id| {
            let face = super::fonts::face(id);
            let face_kind = if face.color {
                Kind::Color
            } else {
                Kind::Outline
            };
            face_kind == kind && chars.clone().all(|c| face.covers(c))
        })
    }

    /// The first installed face of `kind` with `c`, loaded if it is not yet.
    fn find(&mut self, c: char, kind: Kind) -> Option<FontId> {
        if let Some(&known) = self.found.get(&(c, kind)) {
            return known;
        }
        let candidate = self.order.iter().copied().find(|&id| {
            self.db
                .with_face_data(id, |data, index| {
                    FontRef::from_index(data, index)
                        .is_ok_and(|f| f.charmap().map(c).is_some() && Kind::of(&f) == Some(kind))
                })
                .unwrap_or(false)
        });
        let id = candidate.and_then(|db_id| self.load(db_id));
        self.found.insert((c, kind), id);
        id
    }

    /// Reads face `db_id` into memory for good and gives it an id.
    fn load(&mut self, db_id: fontdb::ID) -> Option<FontId> {
        if let Some(&(_, id)) = self.loaded.iter().find(|(d, _)| *d == db_id) {
            return Some(id);
        }
        let (source, index) = self.db.face_source(db_id)?;
        let path = match source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p,
            fontdb::Source::Binary(_) => return None,
        };
        let bytes = std::fs::read(&path).ok()?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let name: &'static str = Box::leak(name.into_boxed_str());
        let face: &'static Face = Box::leak(Box::new(Face::parse(name, data, index)?));
        let mut loaded = LOADED.write().ok()?;
        let id = FontId(u16::try_from(faces().len() + loaded.len()).ok()?);
        loaded.push(face);
        self.loaded.push((db_id, id));
        Some(id)
    }
}

/// Whether the face has glyph outlines (TrueType or CFF), which is all the engine draws.
fn has_outlines(font: &FontRef<'_>) -> bool {
    [b"glyf", b"CFF ", b"CFF2"]
        .iter()
        .any(|t| font.table_data(Tag::new(t)).is_some())
}
