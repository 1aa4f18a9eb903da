//! Durable file writes.
//!
//! Every file Hamesh writes that a user would miss (settings, annotations, exports) goes through
//! [`write_atomic`]: the bytes go to a temporary file in the same folder, are flushed to disk,
//! and the temporary file is renamed over the target, so a crash leaves either the old file or
//! the new one, never a torn one.
//!
//! Every user file Hamesh reads whole goes through [`read_regular`]: regular files only, up to a
//! size limit.

use std::io::Write;
use std::path::{Path, PathBuf};

pub mod read;
pub mod stale;

pub use read::{ReadError, SizeLimit, file_limit, read_regular};

/// Writes `bytes` to `path` atomically (temporary file, fsync, rename, fsync of the folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = create_temporary(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows opening folders.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        remove_stale_temporaries(dir, &name);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates the temporary file `tmp` afresh. One left under this name by an earlier process
/// with the same number is removed first, and the file is created only if nothing is there
/// then: a link planted under the name would otherwise have the write go where it points.
pub fn create_temporary(tmp: &Path) -> std::io::Result<std::fs::File> {
    match std::fs::remove_file(tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
}

/// Removes temporary files of `name` left by a process that died mid-write (the file itself
/// is whole: the rename never happened for them), when they are stale ([`stale`]).
/// Done once per file and process: stale temporaries only come from earlier processes.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    static CLEANED: std::sync::Mutex<Option<std::collections::HashSet<PathBuf>>> =
        std::sync::Mutex::new(None);
    if let Ok(mut cleaned) = CLEANED.lock()
        && !cleaned
            .get_or_insert_with(Default::default)
            .insert(dir.join(name))
    {
        return;
    }
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            stale::remove_if_stale(&e.path());
        }
    }
}

/// Where writing `path` would land when that is outside `real_base` (a folder with the links in
/// its path resolved): the path's deepest existing folder, resolved through its links. `None`
/// when the write stays inside. A link at `path` itself does not count: the rename of an atomic
/// write replaces the link, it does not write through it.
pub fn lands_outside(real_base: &Path, path: &Path) -> Option<PathBuf> {
    let dir = path
        .ancestors()
        .skip(1)
        .filter(|d| !d.as_os_str().is_empty())
        .find(|d| std::fs::symlink_metadata(d).is_ok())?;
    match std::fs::canonicalize(dir) {
        Ok(real) if real.starts_with(real_base) => None,
        Ok(real) => Some(real),
        // A link that leads nowhere: what creating the folder would make is not known to be
        // inside.
        Err(_) => Some(std::fs::read_link(dir).unwrap_or_else(|_| dir.to_path_buf())),
    }
}

/// Moves an unreadable file aside (to `NAME.broken-N`) so it is kept for the user and never
/// overwritten; returns where it went.
pub fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    for n in 1..10_000 {
        let target = path.with_file_name(format!("{name}.broken-{n}"));
        if !target.exists() {
            std::fs::rename(path, &target)?;
            return Ok(target);
        }
    }
    Err(std::io::Error::other("too many kept-aside copies"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_keeps_aside() {
        let dir = std::env::temp_dir().join(format!("hamesh-fsutil-{}", std::process::id()));
        let path = dir.join("sub/settings.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let aside = keep_aside(&path).unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&aside).unwrap(), b"two");
        assert!(aside.to_string_lossy().ends_with(".broken-1"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.join("sub"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
