//! Writing exports and imports safely.
//!
//! * [`AtomicFile`]: an export file is streamed to a temporary file beside the target and
//!   renamed over it only when complete, so a failed or cancelled export leaves nothing (or the
//!   previous file) behind.
//! * [`AtomicDir`]: the same for a folder (brat): built under a temporary name, then renamed.
//! * [`Batch`]: an import's files are all written to temporary files first, flushed to disk
//!   together (one `syncfs` per filesystem on Linux, else several fsyncs at once so the disk's
//!   journal commits them in groups), then renamed into place; a failure before the renames
//!   removes every temporary file.
//!
//! A killed process leaves its temporaries (`.NAME.tmp-PID`); [`AtomicFile`] and [`AtomicDir`]
//! remove the stale ones of their own name before writing, and an import removes those in the
//! corpus and its store ([`crate::fsutil::stale`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::fsutil::create_temporary;
use crate::fsutil::stale::remove_if_stale;

fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Removes the stale temporaries an earlier, killed run left beside `path` (its own name's
/// only), before a new one is made there.
fn remove_stale_beside(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(parent_of(path)) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            remove_if_stale(&e.path());
        }
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn sync_dir(dir: &Path) {
    // Makes a rename durable where the platform allows opening folders.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A file written in full or not at all.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        std::fs::create_dir_all(parent_of(path))?;
        remove_stale_beside(path);
        let tmp = temp_beside(path);
        let file = create_temporary(&tmp)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.out.as_mut().expect("an uncommitted file has a writer")
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let out = self.out.take().expect("committed once");
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path)?;
        sync_dir(parent_of(&self.path));
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// A folder written in full or not at all. The target must not exist, or be an empty folder.
pub struct AtomicDir {
    path: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl AtomicDir {
    pub fn create(path: &Path) -> std::io::Result<AtomicDir> {
        if path.exists() {
            let empty = std::fs::read_dir(path)?.next().is_none();
            if !empty {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "the folder exists and is not empty; choose a new folder",
                ));
            }
        }
        remove_stale_beside(path);
        let tmp = temp_beside(path);
        // One left by an earlier process with this number (its contents are not ours now).
        match std::fs::symlink_metadata(&tmp) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&tmp)?,
            Ok(_) => std::fs::remove_file(&tmp)?,
            Err(_) => {}
        }
        std::fs::create_dir_all(parent_of(path))?;
        std::fs::create_dir(&tmp)?;
        Ok(AtomicDir {
            path: path.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// Writes `bytes` at `rel` (`/`-separated, already checked to stay inside) in the folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = rel
            .split('/')
            .fold(self.tmp.clone(), |p, part| p.join(part));
        std::fs::create_dir_all(parent_of(&path))?;
        let mut f = File::create(&path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    pub fn commit(mut self) -> std::io::Result<()> {
        if self.path.exists() {
            std::fs::remove_dir(&self.path)?;
        }
        std::fs::rename(&self.tmp, &self.path)?;
        sync_dir(parent_of(&self.path));
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`; returns the pair (target, temporary) to
/// hand to [`Batch::adopt`], even when writing failed, so the temporary file is cleaned up.
pub fn stage_file(path: &Path, bytes: &[u8]) -> (Option<(PathBuf, PathBuf)>, std::io::Result<()>) {
    if let Err(e) = std::fs::create_dir_all(parent_of(path)) {
        return (None, Err(e));
    }
    let tmp = temp_beside(path);
    let result = create_temporary(&tmp).and_then(|mut f| f.write_all(bytes));
    (Some((path.to_path_buf(), tmp)), result)
}

/// Many files written together: all or (up to the renames) none.
#[derive(Default)]
pub struct Batch {
    staged: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Batch {
    /// Writes `bytes` to a temporary file beside `path`.
    pub fn stage(&mut self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let (staged, result) = stage_file(path, bytes);
        self.staged.extend(staged);
        result
    }

    /// Adds files staged elsewhere (on another thread) with [`stage_file`].
    pub fn adopt(&mut self, staged: impl IntoIterator<Item = (PathBuf, PathBuf)>) {
        self.staged.extend(staged);
    }

    pub fn len(&self) -> usize {
        self.staged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Syncs every staged file, then renames them into place and syncs their folders.
    /// Returns the paths written; on an error, the files renamed so far stay (each whole).
    ///
    /// On Linux the files are flushed with one `syncfs` per filesystem instead of one fsync
    /// each (every fsync commits the disk's journal, and thousands of them cost seconds), and
    /// the renames are made durable the same way. Where `syncfs` fails, each file is synced on
    /// its own, as on other systems. Either way no file is renamed into place before its
    /// contents are on disk.
    pub fn commit(mut self) -> std::io::Result<Vec<PathBuf>> {
        let dirs: std::collections::BTreeSet<PathBuf> = self
            .staged
            .iter()
            .map(|(path, _)| parent_of(path).to_path_buf())
            .collect();
        if !sync_filesystems(&dirs) {
            self.sync_each()?;
        }
        let mut done = Vec::with_capacity(self.staged.len());
        for (path, tmp) in &self.staged {
            std::fs::rename(tmp, path)?;
            done.push(path.clone());
        }
        if !sync_filesystems(&dirs) {
            for d in &dirs {
                sync_dir(d);
            }
        }
        self.committed = true;
        Ok(done)
    }

    /// Syncs every staged file, several at once so the journal commits them in groups.
    fn sync_each(&self) -> std::io::Result<()> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 8)
            * 2;
        let chunk = self.staged.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = self
                .staged
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || -> std::io::Result<()> {
                        for (_, tmp) in part {
                            File::options().write(true).open(tmp)?.sync_all()?;
                        }
                        Ok(())
                    })
                })
                .collect();
            handles.into_iter().try_for_each(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("sync failed")))
            })
        })
    }
}

/// Flushes the filesystems holding `dirs` (each once, however many folders it holds); false
/// when that is not possible here, and the caller must sync file by file.
#[cfg(target_os = "linux")]
fn sync_filesystems(dirs: &std::collections::BTreeSet<PathBuf>) -> bool {
    use std::os::unix::fs::MetadataExt;
    let mut seen = std::collections::BTreeSet::new();
    for d in dirs {
        let Ok(folder) = File::open(d) else {
            return false;
        };
        let Ok(meta) = folder.metadata() else {
            return false;
        };
        if seen.insert(meta.dev()) && rustix::fs::syncfs(&folder).is_err() {
            return false;
        }
    }
    true
}

#[cfg(not(target_os = "linux"))]
fn sync_filesystems(_dirs: &std::collections::BTreeSet<PathBuf>) -> bool {
    false
}

impl Drop for Batch {
    fn drop(&mut self) {
        if !self.committed {
            for (_, tmp) in &self.staged {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hamesh-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn unfinished_outputs_leave_nothing() {
        let dir = temp("atomic");
        let target = dir.join("out.json");
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.writer().write_all(b"partial").unwrap();
        }
        {
            let d = AtomicDir::create(&dir.join("brat")).unwrap();
            d.write("a/b.txt", b"x").unwrap();
        }
        {
            let mut b = Batch::default();
            b.stage(&dir.join("x/y.json"), b"{}").unwrap();
        }
        let mut left: Vec<String> = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            left.push(e.file_name().to_string_lossy().into());
        }
        left.sort();
        assert_eq!(left, ["x"], "only the folder a staged file needed");
        assert_eq!(std::fs::read_dir(dir.join("x")).unwrap().count(), 0);
        let mut f = AtomicFile::create(&target).unwrap();
        f.writer().write_all(b"whole").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_batch_lands_whole_in_several_folders() {
        let dir = temp("batch");
        std::fs::write(dir.join("old.json"), b"old").unwrap();
        let mut b = Batch::default();
        b.stage(&dir.join("old.json"), b"new").unwrap();
        b.stage(&dir.join("a/one.json"), b"1").unwrap();
        b.stage(&dir.join("a/b/two.json"), b"2").unwrap();
        // The fallback used where the filesystem cannot be flushed at once.
        b.sync_each().unwrap();
        let written = b.commit().unwrap();
        assert_eq!(written.len(), 3);
        assert_eq!(std::fs::read(dir.join("old.json")).unwrap(), b"new");
        assert_eq!(std::fs::read(dir.join("a/one.json")).unwrap(), b"1");
        assert_eq!(std::fs::read(dir.join("a/b/two.json")).unwrap(), b"2");
        let mut temporaries = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else if e.file_name().to_string_lossy().contains(".tmp-") {
                    temporaries.push(e.path());
                }
            }
        }
        assert!(temporaries.is_empty(), "left behind: {temporaries:?}");
        // A folder that cannot be opened sends the caller to the file-by-file fallback.
        let missing = [dir.join("missing")].into_iter().collect();
        assert!(!sync_filesystems(&missing));
        std::fs::remove_dir_all(&dir).ok();
    }
}
