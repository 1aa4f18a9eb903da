//! The options that say which files a command may read: links out of the folder, and the
//! largest article.

use clap::Args;

use crate::corpus::files::ScanOptions;

#[derive(Debug, Args)]
pub struct FileArgs {
    /// Read what symbolic links leading out of the folder point to (by default they are listed
    /// as skipped); nothing is ever written through such a link
    #[arg(long)]
    pub follow_links: bool,
    /// The largest article read, in MB (default: HAMESH_MAX_FILE_MB, else 256)
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_mb: Option<u64>,
}

impl FileArgs {
    pub fn scan_options(&self) -> ScanOptions {
        ScanOptions {
            follow_links: self.follow_links,
            max_file_mb: self.max_file_mb,
        }
    }
}
