//! Temporary files a killed process left behind.
//!
//! Every atomic write first writes `.NAME.tmp-PID` beside its target (a file, or for a brat
//! export a folder), and the store probes a folder with `.write-test-PID`. A process killed
//! before its rename (kill -9 during an import of thousands of documents) leaves them, and
//! nothing else would ever remove them. The next run that writes there does: only names of
//! exactly these shapes, and only when process PID is gone or the file is older than
//! [`STALE_AFTER`] (a live process with that number is then another one that reused it).
//! Anything else is never touched.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Age after which a temporary file is stale even if a process with its number runs.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The process number in one of Hamesh's temporary names (`.NAME.tmp-PID`, `.write-test-PID`),
/// or `None` for any other name.
pub fn temporary_pid(name: &OsStr) -> Option<u32> {
    let name = name.to_str()?.strip_prefix('.')?;
    let digits = match name.rsplit_once(".tmp-") {
        Some((target, digits)) if !target.is_empty() => digits,
        _ => name.strip_prefix("write-test-")?,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether process `pid` may still be running; `true` where that cannot be known.
fn may_be_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // Permission denied: the process exists, it is someone else's.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes `path` if it is one of Hamesh's temporary files (or folders) left by another process
/// that is gone, or older than [`STALE_AFTER`]; returns whether it did.
pub fn remove_if_stale(path: &Path) -> bool {
    let Some(pid) = path.file_name().and_then(temporary_pid) else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    let old = meta
        .modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age > STALE_AFTER);
    if !old && may_be_alive(pid) {
        return false;
    }
    let removed = if meta.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    removed.is_ok()
}

/// Removes the stale temporary files directly in `dir` (not in its subfolders); returns how
/// many.
pub fn remove_stale_in(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| temporary_pid(&e.file_name()).is_some())
        .filter(|e| remove_if_stale(&e.path()))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_two_shapes_of_name_are_temporaries() {
        let pid = |n: &str| temporary_pid(OsStr::new(n));
        assert_eq!(pid(".a.txt.json.tmp-4242"), Some(4242));
        assert_eq!(pid(".labels.json.tmp-7"), Some(7));
        assert_eq!(pid(".corpus-brat.tmp-12"), Some(12));
        assert_eq!(pid(".write-test-99"), Some(99));
        for other in [
            "a.txt.tmp-1",
            ".tmp-1",
            ".a.txt.tmp-",
            ".a.txt.tmp-12x",
            ".a.txt.tmp-1.bak",
            ".notes.tmp-abc",
            ".write-test-",
            ".a.txt.tmp-99999999999999999999",
            "a.txt",
        ] {
            assert_eq!(pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_temporary_of_this_process_is_kept() {
        let dir = std::env::temp_dir().join(format!("hamesh-stale-own-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let own = dir.join(format!(".a.json.tmp-{}", std::process::id()));
        std::fs::write(&own, b"x").unwrap();
        assert!(!remove_if_stale(&own));
        assert!(own.exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
