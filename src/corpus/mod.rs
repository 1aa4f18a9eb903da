//! Reading articles from disk.

pub mod decode;
