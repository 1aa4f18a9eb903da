//! Reading a user's file whole, safely.
//!
//! A path that ends in something other than a regular file would make a plain read misbehave:
//! a named pipe (FIFO) blocks the reader until someone writes to it, and a device such as
//! `/dev/zero` never ends, so the reader fills memory. [`read_regular`] therefore reads regular
//! files only, checked before opening and again on the opened handle (the path may have been
//! replaced in between), opens without blocking so a pipe swapped in at the last moment cannot
//! hang it, and stops at a size limit the user can raise.

use std::io::Read;
use std::path::Path;

use thiserror::Error;

/// Bytes in a megabyte, as the limits count them (10⁶, like the benchmarks).
pub const MB: u64 = 1_000_000;

/// The environment variable that raises the size limit of articles and Hamesh's own files, in
/// MB.
pub const MAX_FILE_MB_VARIABLE: &str = "HAMESH_MAX_FILE_MB";
/// The largest article (or annotation, label or settings file) read unless the user says
/// otherwise, in MB: far above any news article (the benchmarks' largest is 20 MB), far below
/// what would exhaust memory.
pub const DEFAULT_MAX_FILE_MB: u64 = 256;

/// The size limit of articles and Hamesh's own files: `mb` when given, else
/// `HAMESH_MAX_FILE_MB`, else 256 MB.
pub fn file_limit(mb: Option<u64>) -> SizeLimit {
    SizeLimit::new(mb, MAX_FILE_MB_VARIABLE, DEFAULT_MAX_FILE_MB)
}

/// The largest file a read accepts, and how a user raises it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SizeLimit {
    pub bytes: u64,
    /// The environment variable that sets it, in MB, named in the refusal.
    pub variable: &'static str,
}

impl SizeLimit {
    /// `mb` when given, else the environment variable `variable` (a whole number of MB), else
    /// `default_mb`.
    pub fn new(mb: Option<u64>, variable: &'static str, default_mb: u64) -> SizeLimit {
        let mb = mb
            .or_else(|| std::env::var(variable).ok()?.trim().parse().ok())
            .unwrap_or(default_mb);
        SizeLimit {
            bytes: mb.saturating_mul(MB),
            variable,
        }
    }

    /// The limit in whole MB, for messages.
    pub fn mb(&self) -> u64 {
        self.bytes / MB
    }
}

#[derive(Debug, Error)]
pub enum ReadError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The path leads to something that is not a regular file; the string says what.
    #[error("it is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error(
        "it is {bytes} bytes, over the {} MB limit; set {} to a larger number of MB to read it",
        limit.mb(), limit.variable
    )]
    TooLarge { bytes: u64, limit: SizeLimit },
}

impl ReadError {
    /// A short reason for lists.
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io(e) => match e.kind() {
                std::io::ErrorKind::PermissionDenied => "permission denied".into(),
                std::io::ErrorKind::NotFound => "not found".into(),
                _ => e.to_string(),
            },
            ReadError::NotAFile(kind) => format!("{kind}, not a regular file"),
            ReadError::TooLarge { limit, .. } => format!(
                "larger than the {} MB limit (set {} to raise it)",
                limit.mb(),
                limit.variable
            ),
        }
    }
}

/// What a non-regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

fn check(meta: &std::fs::Metadata, limit: &SizeLimit) -> Result<(), ReadError> {
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > limit.bytes {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit: *limit,
        });
    }
    Ok(())
}

/// Opens `path` for reading without waiting for a writer if it has become a pipe.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Reads of a regular file never block, so the flag changes nothing for them.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// Reads the regular file at `path` (symbolic links followed) whole, refusing anything else
/// and anything over `limit`.
pub fn read_regular(path: &Path, limit: &SizeLimit) -> Result<Vec<u8>, ReadError> {
    check(&std::fs::metadata(path)?, limit)?;
    let file = open(path)?;
    let meta = file.metadata()?;
    check(&meta, limit)?;
    // The file may grow while it is read: never take more than the limit allows.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit: *limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("hamesh-read-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    const LIMIT: SizeLimit = SizeLimit {
        bytes: 10,
        variable: "HAMESH_TEST_LIMIT_MB",
    };

    #[test]
    fn reads_a_file_within_the_limit_and_refuses_one_over_it() {
        let dir = temp("limit");
        std::fs::write(dir.join("small"), b"0123456789").unwrap();
        std::fs::write(dir.join("big"), b"0123456789A").unwrap();
        assert_eq!(
            read_regular(&dir.join("small"), &LIMIT).unwrap(),
            b"0123456789"
        );
        let err = read_regular(&dir.join("big"), &LIMIT).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { bytes: 11, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("HAMESH_TEST_LIMIT_MB"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn refuses_a_folder() {
        let dir = temp("folder");
        let err = read_regular(&dir, &LIMIT).unwrap_err();
        assert_eq!(err.reason(), "a folder, not a regular file");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_limit_comes_from_the_option_before_the_default() {
        let limit = SizeLimit::new(Some(3), "HAMESH_TEST_UNSET_VARIABLE", 256);
        assert_eq!(limit.bytes, 3 * MB);
        let limit = SizeLimit::new(None, "HAMESH_TEST_UNSET_VARIABLE", 256);
        assert_eq!(limit.mb(), 256);
    }
}
