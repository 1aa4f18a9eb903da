//! The egui shell.

use std::path::PathBuf;

/// Opens the window on `path` (an article, or a folder whose first article is shown).
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let _ = path;
    anyhow::bail!("the window is not built yet")
}
