//! Read-only views of the app's owners, for tests and tools (the window itself reads its
//! fields directly). The owners answer the detailed questions: [`OpenFolder`] about the corpus,
//! the article and its annotations, [`Shell`] about messages and dialogs.

use super::super::folder::OpenFolder;
use super::super::glyphs::GlyphPainter;
use super::super::shell::Shell;
use super::HameshApp;
use crate::settings::Settings;

impl HameshApp {
    pub fn settings(&self) -> &Settings {
        self.settings.get()
    }

    /// The open folder, while one is open.
    pub fn folder(&self) -> Option<&OpenFolder> {
        self.folder.as_ref()
    }

    /// The open folder, to set a selection or a scroll as the mouse and keys would (tests).
    pub fn folder_mut(&mut self) -> Option<&mut OpenFolder> {
        self.folder.as_mut()
    }

    pub fn shell(&self) -> &Shell {
        &self.shell
    }

    /// The shell, to fill in a dialog as the user would (tests).
    pub fn shell_mut(&mut self) -> &mut Shell {
        &mut self.shell
    }

    pub fn glyphs(&self) -> &GlyphPainter {
        &self.glyphs
    }

    /// Sets the article list's filter, as typing in the filter box does.
    pub fn set_list_filter(&mut self, query: &str) {
        if let Some(folder) = &self.folder {
            self.shell.list.set_query(query, folder.corpus());
        }
    }

    /// Writes the settings now if they changed (what closing the window does).
    pub fn save_settings_now(&mut self) {
        if let Some(folder) = &self.folder {
            folder.remember_position(&mut self.settings);
        }
        self.settings.save_now();
    }
}
