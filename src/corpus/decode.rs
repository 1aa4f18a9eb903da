//! Decoding article bytes into text.
//!
//! UTF-8 (a leading BOM is dropped, so offsets count from the first real character) and UTF-16
//! with a BOM. Anything else is refused with a message rather than guessed at.

use std::path::Path;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum DecodeError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not UTF-8 or UTF-16 text (first invalid byte at offset {offset})")]
    NotText { path: String, offset: usize },
}

/// The encoding a text was decoded from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// Decodes bytes, returning the text and the encoding used.
pub fn decode(bytes: &[u8], path: &str) -> Result<(String, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, path, 3).map(|t| (t, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((utf16(rest, u16::from_le_bytes), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((utf16(rest, u16::from_be_bytes), Encoding::Utf16Be));
    }
    utf8(bytes, path, 0).map(|t| (t, Encoding::Utf8))
}

fn utf8(bytes: &[u8], path: &str, skipped: usize) -> Result<String, DecodeError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| DecodeError::NotText {
        path: path.to_string(),
        offset: skipped + e.utf8_error().valid_up_to(),
    })
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    // Unpaired surrogates become U+FFFD; the engine draws them as such.
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Reads and decodes a file.
pub fn read_text(path: &Path) -> Result<(String, Encoding), DecodeError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DecodeError::Io {
        path: shown.clone(),
        source,
    })?;
    decode(&bytes, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_bom_and_decodes_utf16() {
        let (t, e) = decode("\u{FEFF}سلام".as_bytes(), "x").unwrap();
        assert_eq!((t.as_str(), e), ("سلام", Encoding::Utf8Bom));
        let mut le = vec![0xFF, 0xFE];
        le.extend("سلام".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le, "x").unwrap().0, "سلام");
        let err = decode(&[0x61, 0xC7, 0x28], "f.txt").unwrap_err();
        assert!(err.to_string().contains("offset 1"), "{err}");
    }
}
