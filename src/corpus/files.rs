//! A corpus folder and how its files are read.
//!
//! Every article is read through [`Folder`]: regular files only, up to the size limit of
//! files ([`crate::fsutil::file_limit`]), so a named pipe or a link to a device among the
//! articles is reported instead of blocking the reader or filling memory.

use std::path::{Path, PathBuf};

use crate::fsutil::{SizeLimit, file_limit};

use super::decode::{DecodeError, Encoding, decode_as, decode_owned, read_bytes};

/// How a corpus is scanned and read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanOptions {
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
    options: ScanOptions,
    limit: SizeLimit,
}

impl Folder {
    pub fn new(root: impl Into<PathBuf>, options: ScanOptions) -> Folder {
        Folder {
            root: root.into(),
            limit: options.limit(),
            options,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn options(&self) -> &ScanOptions {
        &self.options
    }

    /// The path of the `/`-separated relative path `rel`.
    pub fn path_of(&self, rel: &str) -> PathBuf {
        rel.split('/')
            .fold(self.root.clone(), |p, part| p.join(part))
    }

    /// The bytes of article `rel`.
    pub fn read_bytes(&self, rel: &str) -> Result<Vec<u8>, DecodeError> {
        read_bytes(&self.path_of(rel), &self.limit)
    }

    /// Reads and decodes article `rel`.
    pub fn read_text(&self, rel: &str) -> Result<(String, Encoding), DecodeError> {
        let path = self.path_of(rel);
        decode_owned(read_bytes(&path, &self.limit)?, &path.display().to_string())
    }

    /// Reads article `rel` and decodes it as `encoding` ("reopen as").
    pub fn read_text_as(&self, rel: &str, encoding: Encoding) -> Result<String, DecodeError> {
        let path = self.path_of(rel);
        decode_as(
            &read_bytes(&path, &self.limit)?,
            encoding,
            &path.display().to_string(),
        )
    }
}
