//! A corpus folder and how its files are reached and read.
//!
//! Every article is read through [`Folder`]:
//!
//! * regular files only, up to the size limit of files ([`crate::fsutil::file_limit`]), so a
//!   named pipe or a link to a device among the articles is reported instead of blocking the
//!   reader or filling memory;
//! * inside the corpus: a symbolic link that leads out of the corpus folder is not followed
//!   unless [`ScanOptions::follow_links`] says so. A corpus shared through git with a link to a
//!   home folder would otherwise put that folder's text files into a published dataset. Links
//!   that stay inside the corpus work either way;
//! * by names that travel: a file whose name is not UTF-8, or holds a line break or another
//!   control character, is listed as not usable with a reason that says to rename it, since an
//!   export could not name it so that an import finds it again.
//!
//! ```text
//!   corpus/
//!     a.txt
//!     news -> archive/news      inside: followed
//!     etc_link -> /etc          outside: listed as skipped, with the reason
//! ```

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::fsutil::{SizeLimit, file_limit};

use super::decode::{DecodeError, Encoding, decode_as, decode_owned, read_bytes};

/// What the reason of a link out of the corpus says to include it.
pub const FOLLOW_HINT: &str = "turn on following links (--follow-links) to include it";

/// What a name belongs to, for the reason given when it cannot be used.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NameOf {
    File,
    Folder,
}

/// Why a file or folder name cannot be used, if it cannot: one that is not UTF-8 cannot be
/// written into a dataset as itself, and one with a line break or another control character
/// would be written but not read back (a jsonl line, a brat file list, a path in the window).
pub fn name_problem(name: &OsStr, of: NameOf) -> Option<String> {
    let fault = match name.to_str() {
        None => "is not valid UTF-8",
        Some(n) if n.chars().any(char::is_control) => {
            "holds a line break or another control character"
        }
        Some(_) => return None,
    };
    Some(match of {
        NameOf::File => format!("the file name {fault}; rename the file to use it"),
        NameOf::Folder => format!("the folder name {fault}; rename the folder to use its files"),
    })
}

/// Why the relative path `rel` cannot be used, if one of its names cannot.
pub fn path_problem(rel: &str) -> Option<String> {
    let mut parts = rel.split('/').peekable();
    while let Some(part) = parts.next() {
        let of = if parts.peek().is_some() {
            NameOf::Folder
        } else {
            NameOf::File
        };
        if let Some(problem) = name_problem(OsStr::new(part), of) {
            return Some(problem);
        }
    }
    None
}

/// A name as lists show it: its UTF-8 as it is, any other byte as `\xNN`.
pub fn shown_name(name: &OsStr) -> String {
    let mut shown = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        shown.push_str(chunk.valid());
        for b in chunk.invalid() {
            shown.push_str(&format!("\\x{b:02X}"));
        }
    }
    shown
}

/// How a corpus is scanned and read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanOptions {
    /// Follow symbolic links that lead out of the corpus folder; when off they are listed as
    /// skipped, with the reason. Links that stay inside are followed either way. Writing never
    /// follows a link out of the corpus, whatever this says.
    pub follow_links: bool,
    /// The largest article read, in MB; `HAMESH_MAX_FILE_MB`, else 256, when `None`.
    pub max_file_mb: Option<u64>,
}

impl ScanOptions {
    pub fn limit(&self) -> SizeLimit {
        file_limit(self.max_file_mb)
    }
}

/// A corpus folder with the options its files are read with.
#[derive(Clone, Debug)]
pub struct Folder {
    root: PathBuf,
    /// The folder with every link in its path resolved: what "inside" means.
    real_root: PathBuf,
    options: ScanOptions,
    limit: SizeLimit,
}

/// Why `target` is outside the corpus, for a list.
pub fn outside_reason(target: &Path) -> String {
    format!(
        "a link out of the corpus, to {}; {FOLLOW_HINT}",
        target.display()
    )
}

impl Folder {
    pub fn new(root: impl Into<PathBuf>, options: ScanOptions) -> Folder {
        let root = root.into();
        Folder {
            real_root: std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone()),
            root,
            limit: options.limit(),
            options,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder with the links in its path resolved.
    pub fn real_root(&self) -> &Path {
        &self.real_root
    }

    pub fn options(&self) -> &ScanOptions {
        &self.options
    }

    /// The path of the `/`-separated relative path `rel`.
    pub fn path_of(&self, rel: &str) -> PathBuf {
        rel.split('/')
            .fold(self.root.clone(), |p, part| p.join(part))
    }

    /// Whether a resolved path lies inside the corpus.
    pub fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.real_root)
    }

    /// Refuses `path` when it resolves (through links) outside the corpus and links out are
    /// not followed. A path that does not resolve is left to the read to report.
    fn check_inside(&self, path: &Path) -> Result<(), DecodeError> {
        if self.options.follow_links {
            return Ok(());
        }
        match std::fs::canonicalize(path) {
            Ok(real) if !self.contains(&real) => Err(DecodeError::OutsideCorpus {
                path: path.display().to_string(),
                target: real.display().to_string(),
            }),
            _ => Ok(()),
        }
    }

    /// The bytes of article `rel`.
    pub fn read_bytes(&self, rel: &str) -> Result<Vec<u8>, DecodeError> {
        self.read_bytes_resolving(rel, true)
    }

    /// The same; without `resolve`, the path is not checked for links out of the corpus (the
    /// walk found it without passing through one).
    pub(super) fn read_bytes_resolving(
        &self,
        rel: &str,
        resolve: bool,
    ) -> Result<Vec<u8>, DecodeError> {
        let path = self.path_of(rel);
        if let Some(reason) = path_problem(rel) {
            return Err(DecodeError::Name {
                path: path.display().to_string(),
                reason,
            });
        }
        if resolve {
            self.check_inside(&path)?;
        }
        read_bytes(&path, &self.limit)
    }

    /// Reads and decodes article `rel`.
    pub fn read_text(&self, rel: &str) -> Result<(String, Encoding), DecodeError> {
        let bytes = self.read_bytes(rel)?;
        decode_owned(bytes, &self.path_of(rel).display().to_string())
    }

    /// Reads and decodes article `rel` of a walk's listing: `through_link` says whether the
    /// walk reached it through a link (only then is its real place checked again).
    pub fn read_listed_text(
        &self,
        rel: &str,
        through_link: bool,
    ) -> Result<(String, Encoding), DecodeError> {
        let bytes = self.read_bytes_resolving(rel, through_link)?;
        decode_owned(bytes, &self.path_of(rel).display().to_string())
    }

    /// Reads article `rel` and decodes it as `encoding` ("reopen as").
    pub fn read_text_as(&self, rel: &str, encoding: Encoding) -> Result<String, DecodeError> {
        let bytes = self.read_bytes(rel)?;
        decode_as(&bytes, encoding, &self.path_of(rel).display().to_string())
    }
}
