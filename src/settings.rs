//! Settings that persist across restarts, kept apart from the window's runtime state.
//!
//! Stored as pretty JSON in the platform's configuration folder (`HAMESH_CONFIG_DIR` overrides
//! it, which the tests use). A settings file that cannot be read is moved aside, never
//! overwritten, and the defaults are used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil::{ReadError, file_limit, keep_aside, read_regular, write_atomic};

/// Recent folders remembered.
pub const MAX_RECENT: usize = 10;

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

/// The language of the interface (not of the articles).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLanguage {
    #[default]
    En,
    Ar,
    Fa,
}

impl UiLanguage {
    /// Arabic and Persian interfaces mirror the layout.
    pub fn is_rtl(self) -> bool {
        matches!(self, UiLanguage::Ar | UiLanguage::Fa)
    }
}

/// Window position and size in logical points.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowGeometry {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Where the reader was in one corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CorpusPlace {
    /// Relative path of the last article read.
    pub last_article: Option<String>,
    /// Scroll offset per article (relative path → pixels from the top).
    pub scroll: BTreeMap<String, f32>,
    /// The last export's format and destination, proposed by the next one.
    pub last_export: Option<LastExport>,
}

/// Where a corpus was last exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastExport {
    pub format: String,
    pub output: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_folder: Option<PathBuf>,
    pub recent_folders: Vec<PathBuf>,
    /// "vazirmatn" or "naskh".
    pub font: String,
    pub size_px: f32,
    pub line_spacing: f32,
    pub theme: ThemeChoice,
    pub ui_language: UiLanguage,
    pub show_controls: bool,
    /// Fold away the lines an article shares with many others of its folder (site menus,
    /// share buttons, copyright lines).
    pub fold_furniture: bool,
    pub window: Option<WindowGeometry>,
    /// Keyed by the corpus folder's path.
    pub corpora: BTreeMap<String, CorpusPlace>,
    pub annotator: String,
    /// Follow symbolic links that lead out of a corpus folder when listing, reading, exporting
    /// and importing it. Off, such links are listed as skipped with the reason, so that a link
    /// to a private folder cannot put its files into a dataset. Nothing is ever written
    /// through such a link.
    pub follow_links: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            last_folder: None,
            recent_folders: Vec::new(),
            font: "vazirmatn".into(),
            size_px: 20.0,
            line_spacing: 1.0,
            theme: ThemeChoice::Light,
            ui_language: UiLanguage::En,
            show_controls: false,
            fold_furniture: true,
            window: None,
            corpora: BTreeMap::new(),
            annotator: String::new(),
            follow_links: false,
        }
    }
}

/// What loading found.
#[derive(Debug)]
pub enum Loaded {
    Fresh(Settings),
    Read(Settings),
    /// The file could not be read; it was kept at the given path and defaults are used.
    Broken {
        settings: Settings,
        message: String,
    },
}

impl Loaded {
    pub fn settings(self) -> Settings {
        match self {
            Loaded::Fresh(s) | Loaded::Read(s) | Loaded::Broken { settings: s, .. } => s,
        }
    }
}

/// The folder holding Hamesh's settings.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HAMESH_CONFIG_DIR") {
        return PathBuf::from(dir);
    }
    dirs::config_dir()
        .map(|d| d.join("hamesh"))
        .unwrap_or_else(|| PathBuf::from(".hamesh-settings"))
}

pub fn default_path() -> PathBuf {
    config_dir().join("settings.json")
}

impl Settings {
    pub fn load(path: &Path) -> Loaded {
        let bytes = match read_regular(path, &file_limit(None)) {
            Ok(b) => b,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Loaded::Fresh(Settings::default());
            }
            Err(e) => {
                return Loaded::Broken {
                    settings: Settings::default(),
                    message: format!("cannot read {}: {e}", path.display()),
                };
            }
        };
        match serde_json::from_slice::<Settings>(&bytes) {
            Ok(s) => Loaded::Read(s),
            Err(e) => {
                let kept = keep_aside(path)
                    .map(|p| format!("kept as {}", p.display()))
                    .unwrap_or_else(|k| format!("could not be moved aside: {k}"));
                Loaded::Broken {
                    settings: Settings::default(),
                    message: format!("settings in {} are damaged ({e}); {kept}", path.display()),
                }
            }
        }
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomic(path, &json)
    }

    /// Records `folder` as the last and most recent folder.
    pub fn remember_folder(&mut self, folder: &Path) {
        self.last_folder = Some(folder.to_path_buf());
        self.recent_folders.retain(|f| f != folder);
        self.recent_folders.insert(0, folder.to_path_buf());
        self.recent_folders.truncate(MAX_RECENT);
    }

    pub fn place(&mut self, folder: &Path) -> &mut CorpusPlace {
        self.corpora
            .entry(folder.to_string_lossy().into_owned())
            .or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("hamesh-settings-{name}-{}", std::process::id()))
    }

    #[test]
    fn round_trips_and_remembers_recent_folders() {
        let dir = temp("rt");
        let path = dir.join("settings.json");
        assert!(matches!(Settings::load(&path), Loaded::Fresh(_)));
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember_folder(Path::new(&format!("/corpus/{i}")));
        }
        s.remember_folder(Path::new("/corpus/5"));
        assert_eq!(s.recent_folders.len(), MAX_RECENT);
        assert_eq!(s.recent_folders[0], Path::new("/corpus/5"));
        s.place(Path::new("/corpus/5"))
            .scroll
            .insert("a.txt".into(), 120.0);
        s.ui_language = UiLanguage::Fa;
        s.save(&path).unwrap();
        let back = Settings::load(&path).settings();
        assert_eq!(back, s);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn damaged_settings_are_kept_aside_not_overwritten() {
        let dir = temp("broken");
        let path = dir.join("settings.json");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, b"{\"size_px\": \"big\"").unwrap();
        let loaded = Settings::load(&path);
        let Loaded::Broken { message, .. } = &loaded else {
            panic!("expected broken, got {loaded:?}");
        };
        assert!(message.contains("damaged"), "{message}");
        assert!(!path.exists());
        let kept = dir.join("settings.json.broken-1");
        assert_eq!(std::fs::read(&kept).unwrap(), b"{\"size_px\": \"big\"");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn unknown_and_missing_fields_fall_back_to_defaults() {
        let s: Settings = serde_json::from_str(r#"{"size_px": 24, "future": 1}"#).unwrap();
        assert_eq!(s.size_px, 24.0);
        assert_eq!(s.font, "vazirmatn");
        // Links out of a corpus are followed only when the user says so.
        assert!(!s.follow_links);
    }
}
