//! The persisted [`Settings`] as the window uses them: loaded at start, changed by commands,
//! written at most once per [`SAVE_INTERVAL`] after a change and once more on exit.
//!
//! A settings file that could not be read is moved aside by [`Settings::load`] before anything
//! is written; if it could not be moved (it is still there), nothing is ever written over it in
//! this run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::settings::{Loaded, Settings};

/// Longest time a change waits before it is written.
pub const SAVE_INTERVAL: Duration = Duration::from_secs(1);

pub struct SavedSettings {
    path: PathBuf,
    settings: Settings,
    /// When the first unsaved change was made.
    dirty_since: Option<Instant>,
    last_save: Option<Instant>,
    /// False when a damaged file is still at `path`.
    writable: bool,
    /// Why the file could not be read, for the window to show once.
    pub load_problem: Option<String>,
    /// The last error writing the file.
    pub save_error: Option<String>,
    saves: usize,
}

impl SavedSettings {
    pub fn load(path: PathBuf) -> SavedSettings {
        let loaded = Settings::load(&path);
        let (settings, load_problem) = match loaded {
            Loaded::Fresh(s) | Loaded::Read(s) => (s, None),
            Loaded::Broken { settings, message } => (settings, Some(message)),
        };
        let writable = load_problem.is_none() || !path.exists();
        SavedSettings {
            path,
            settings,
            dirty_since: None,
            last_save: None,
            writable,
            load_problem,
            save_error: None,
            saves: 0,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self) -> &Settings {
        &self.settings
    }

    /// The settings to change; marks them unsaved.
    pub fn edit(&mut self) -> &mut Settings {
        self.dirty_since.get_or_insert_with(Instant::now);
        &mut self.settings
    }

    /// Changes the settings through `f` and marks them unsaved only if they changed.
    pub fn update(&mut self, f: impl FnOnce(&mut Settings)) {
        let before = self.settings.clone();
        f(&mut self.settings);
        if self.settings != before {
            self.dirty_since.get_or_insert_with(Instant::now);
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some()
    }

    /// Times the file was written.
    pub fn save_count(&self) -> usize {
        self.saves
    }

    /// Writes the settings if they changed and the last write is at least [`SAVE_INTERVAL`]
    /// old. Returns how long until the next write is due, if one is waiting.
    pub fn save_if_due(&mut self, now: Instant) -> Option<Duration> {
        self.dirty_since?;
        let due = self.last_save.map_or(now, |t| t + SAVE_INTERVAL);
        if now >= due {
            self.save_now();
            None
        } else {
            Some(due - now)
        }
    }

    /// Writes the settings now if they changed (on exit).
    pub fn save_now(&mut self) {
        if self.dirty_since.is_none() || !self.writable {
            return;
        }
        self.last_save = Some(Instant::now());
        match self.settings.save(&self.path) {
            Ok(()) => {
                self.dirty_since = None;
                self.save_error = None;
                self.saves += 1;
            }
            Err(e) => self.save_error = Some(format!("{}: {e}", self.path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hamesh-saved-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_at_most_once_per_interval_and_on_exit() {
        let dir = temp("debounce");
        let path = dir.join("settings.json");
        let mut s = SavedSettings::load(path.clone());
        let t0 = Instant::now();
        s.edit().size_px = 30.0;
        assert_eq!(
            s.save_if_due(t0),
            None,
            "the first change is written at once"
        );
        assert_eq!(s.save_count(), 1);
        s.edit().size_px = 32.0;
        let wait = s.save_if_due(Instant::now()).expect("waits");
        assert!(wait <= SAVE_INTERVAL);
        assert_eq!(s.save_count(), 1);
        s.update(|st| st.size_px = 32.0);
        s.save_now();
        assert_eq!(s.save_count(), 2);
        assert_eq!(Settings::load(&path).settings().size_px, 32.0);
        s.update(|st| st.size_px = 32.0);
        assert!(!s.is_dirty(), "no change, nothing to write");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_damaged_file_is_reported_and_kept() {
        let dir = temp("broken");
        let path = dir.join("settings.json");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, b"{ not json").unwrap();
        let mut s = SavedSettings::load(path.clone());
        assert!(s.load_problem.as_deref().unwrap().contains("damaged"));
        s.edit().size_px = 26.0;
        s.save_now();
        assert_eq!(
            std::fs::read(dir.join("settings.json.broken-1")).unwrap(),
            b"{ not json"
        );
        assert_eq!(Settings::load(&path).settings().size_px, 26.0);
        std::fs::remove_dir_all(&dir).ok();
    }
}
