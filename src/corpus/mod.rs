//! Reading articles from disk: scanning folders, decoding files, summarising documents.

pub mod decode;
pub mod document;
pub mod files;
pub mod furniture;
pub mod natural;
pub mod scan;
pub mod titles;
pub mod watch;
