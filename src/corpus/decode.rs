//! Decoding article bytes into text.
//!
//! Detection order: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE); valid UTF-8; then the legacy
//! single-byte encodings of Arabic-script news, Windows-1256 and ISO-8859-6, told apart by
//! chardetng. Content with NUL bytes is binary and refused. The decoded text is the file's
//! text exactly, except that a BOM is dropped (so code-point offsets count from the first real
//! character; the file's byte offsets are never used for annotations).

use std::borrow::Cow;
use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use thiserror::Error;

use crate::fsutil::{ReadError, SizeLimit, file_limit, read_regular};

#[derive(Debug, Error)]
pub enum DecodeError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// Not a regular file, or over the size limit.
    #[error("cannot read {path}: {source}")]
    Refused { path: String, source: ReadError },
    /// A name that cannot be used ([`super::files::name_problem`]).
    #[error("{path}: {reason}")]
    Name { path: String, reason: String },
    /// A symbolic link (or a path through one) that leads out of the corpus, not followed.
    #[error(
        "{path} is a link out of the corpus, to {target}; {}",
        super::files::FOLLOW_HINT
    )]
    OutsideCorpus { path: String, target: String },
    #[error("{path} looks like binary content, not text (NUL byte at offset {offset})")]
    Binary { path: String, offset: usize },
    #[error("{path} is not UTF-8 or UTF-16 text (first invalid byte at offset {offset})")]
    NotText { path: String, offset: usize },
    #[error("{path} cannot be decoded as {encoding}")]
    Malformed {
        path: String,
        encoding: &'static str,
    },
}

impl DecodeError {
    /// A short reason for lists: "permission denied", "binary content", …
    pub fn reason(&self) -> String {
        match self {
            DecodeError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied => "permission denied".into(),
                std::io::ErrorKind::NotFound => "not found".into(),
                _ => source.to_string(),
            },
            DecodeError::Refused { source, .. } => source.reason(),
            DecodeError::Name { reason, .. } => reason.clone(),
            DecodeError::OutsideCorpus { target, .. } => {
                super::files::outside_reason(Path::new(target))
            }
            DecodeError::Binary { .. } => "binary content".into(),
            DecodeError::NotText { .. } => "not valid UTF-8".into(),
            DecodeError::Malformed { encoding, .. } => format!("cannot decode as {encoding}"),
        }
    }
}

/// The encoding a text was decoded from.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1256,
    Iso8859_6,
}

impl Encoding {
    /// Every encoding a user can reopen a file as.
    pub const ALL: [Encoding; 6] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1256,
        Encoding::Iso8859_6,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1256 => "windows-1256",
            Encoding::Iso8859_6 => "ISO-8859-6",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Windows1256 => encoding_rs::WINDOWS_1256,
            Encoding::Iso8859_6 => encoding_rs::ISO_8859_6,
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8Bom => &[0xEF, 0xBB, 0xBF],
            Encoding::Utf16Le => &[0xFF, 0xFE],
            Encoding::Utf16Be => &[0xFE, 0xFF],
            _ => &[],
        }
    }
}

/// Decodes bytes, detecting the encoding; returns the text and the encoding used.
pub fn decode(bytes: &[u8], path: &str) -> Result<(String, Encoding), DecodeError> {
    for enc in [Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be] {
        if bytes.starts_with(enc.bom()) {
            return decode_as(bytes, enc, path).map(|t| (t, enc));
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary {
            path: path.to_string(),
            offset,
        });
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), Encoding::Utf8)),
        Err(e) => e,
    };
    // Not UTF-8: one of the legacy Arabic encodings, or not text we know.
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let order = if guess == encoding_rs::ISO_8859_6 {
        [Encoding::Iso8859_6, Encoding::Windows1256]
    } else if guess == encoding_rs::WINDOWS_1256 || looks_arabic_1256(bytes) {
        [Encoding::Windows1256, Encoding::Iso8859_6]
    } else {
        return Err(DecodeError::NotText {
            path: path.to_string(),
            offset: utf8_error.valid_up_to(),
        });
    };
    for enc in order {
        if let Ok(text) = decode_as(bytes, enc, path) {
            return Ok((text, enc));
        }
    }
    Err(DecodeError::NotText {
        path: path.to_string(),
        offset: utf8_error.valid_up_to(),
    })
}

/// Whether most high bytes fall in Windows-1256's Arabic letter block (0xC1–0xFE), for short
/// texts where the detector has too little to go on.
fn looks_arabic_1256(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let arabic = bytes
        .iter()
        .filter(|&&b| (0xC1..=0xFE).contains(&b))
        .count();
    high > 0 && arabic * 10 >= high * 8
}

/// Decodes bytes as the given encoding (a BOM of that encoding is dropped); fails rather than
/// substituting replacement characters, so a wrong choice is reported instead of hidden.
pub fn decode_as(bytes: &[u8], encoding: Encoding, path: &str) -> Result<String, DecodeError> {
    let body = bytes.strip_prefix(encoding.bom()).unwrap_or(bytes);
    let malformed = || DecodeError::Malformed {
        path: path.to_string(),
        encoding: encoding.name(),
    };
    if matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be) && body.len() % 2 == 1 {
        return Err(malformed());
    }
    match encoding
        .codec()
        .decode_without_bom_handling_and_without_replacement(body)
    {
        Some(Cow::Borrowed(s)) => Ok(s.to_string()),
        Some(Cow::Owned(s)) => Ok(s),
        None => Err(malformed()),
    }
}

/// Like [`decode`], but takes the bytes so that UTF-8 text (the common case) becomes the
/// string without a copy: a 20 MB article is not duplicated in memory while it opens.
pub fn decode_owned(bytes: Vec<u8>, path: &str) -> Result<(String, Encoding), DecodeError> {
    let no_bom = !bytes.starts_with(Encoding::Utf8Bom.bom())
        && !bytes.starts_with(Encoding::Utf16Le.bom())
        && !bytes.starts_with(Encoding::Utf16Be.bom());
    if no_bom && !bytes.contains(&0) {
        return match String::from_utf8(bytes) {
            Ok(text) => Ok((text, Encoding::Utf8)),
            Err(e) => decode(e.as_bytes(), path),
        };
    }
    if bytes.starts_with(Encoding::Utf8Bom.bom()) {
        let mut bytes = bytes;
        bytes.drain(..3);
        return String::from_utf8(bytes)
            .map(|t| (t, Encoding::Utf8Bom))
            .map_err(|_| DecodeError::Malformed {
                path: path.to_string(),
                encoding: Encoding::Utf8Bom.name(),
            });
    }
    decode(&bytes, path)
}

/// The start of a UTF-8 file, for showing before the whole of it is decoded: at least
/// `at_least` bytes (all of them if there are fewer), ending at a line end when one comes
/// within `at_least / 4` more bytes, else at a character boundary; a UTF-8 byte order mark
/// is left out. `None` when the start is not UTF-8 (or has a NUL byte, as UTF-16 does): the
/// file then needs [`decode_owned`]'s detection, and nothing is shown before it.
pub fn utf8_start(bytes: &[u8], at_least: usize) -> Option<&str> {
    let bytes = bytes.strip_prefix(Encoding::Utf8Bom.bom()).unwrap_or(bytes);
    if bytes.starts_with(Encoding::Utf16Le.bom()) || bytes.starts_with(Encoding::Utf16Be.bom()) {
        return None;
    }
    let mut end = bytes.len().min(at_least);
    if end < bytes.len() {
        let slack = &bytes[end..bytes.len().min(end + at_least / 4)];
        if let Some(newline) = slack.iter().position(|&b| b == b'\n') {
            end += newline + 1;
        }
    }
    let start = &bytes[..end];
    if start.contains(&0) {
        return None;
    }
    match std::str::from_utf8(start) {
        Ok(text) => Some(text),
        // Cut inside a character: the whole characters before it.
        Err(e) if e.error_len().is_none() && end < bytes.len() => {
            std::str::from_utf8(&start[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    }
}

/// Reads the bytes of an article: a regular file within `limit`.
pub fn read_bytes(path: &Path, limit: &SizeLimit) -> Result<Vec<u8>, DecodeError> {
    read_regular(path, limit).map_err(|e| {
        let path = path.display().to_string();
        match e {
            ReadError::Io(source) => DecodeError::Io { path, source },
            source => DecodeError::Refused { path, source },
        }
    })
}

/// Reads and decodes a file (within the size limit of files, [`file_limit`]).
pub fn read_text(path: &Path) -> Result<(String, Encoding), DecodeError> {
    let bytes = read_bytes(path, &file_limit(None))?;
    decode_owned(bytes, &path.display().to_string())
}

/// Reads a file and decodes it as a chosen encoding ("reopen as").
pub fn read_text_as(path: &Path, encoding: Encoding) -> Result<String, DecodeError> {
    let bytes = read_bytes(path, &file_limit(None))?;
    decode_as(&bytes, encoding, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "قالت الحكومة الروسية في بيان رسمي إن المحادثات مع حركة طالبان مستمرة، وإن الوضع في أفغانستان يقلق موسكو.";

    #[test]
    fn the_utf8_start_ends_at_a_line_end_or_a_whole_character() {
        let text = format!("{ARABIC}\n{ARABIC}\n{ARABIC}");
        let first = ARABIC.len() + 1;
        // A line end comes soon after the least length: the start ends there.
        let start = utf8_start(text.as_bytes(), first - 10).expect("UTF-8");
        assert_eq!(start, &text[..first]);
        // None near enough: the whole characters before the cut (Arabic letters are two bytes,
        // so an odd cut falls inside one).
        let cut = (20..)
            .find(|&i| !text.is_char_boundary(i))
            .expect("a two-byte letter");
        let start = utf8_start(text.as_bytes(), cut).expect("UTF-8");
        assert_eq!(start, &text[..cut - 1]);
        // A short file is all start; a byte order mark is left out.
        assert_eq!(utf8_start(text.as_bytes(), 1 << 20), Some(text.as_str()));
        let with_bom = [Encoding::Utf8Bom.bom(), text.as_bytes()].concat();
        assert_eq!(utf8_start(&with_bom, 1 << 20), Some(text.as_str()));
    }

    #[test]
    fn no_utf8_start_for_other_encodings() {
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        assert_eq!(utf8_start(&cp1256, 16), None);
        let utf16: Vec<u8> = Encoding::Utf16Le
            .bom()
            .iter()
            .copied()
            .chain(ARABIC.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(utf8_start(&utf16, 16), None);
        // UTF-16 without a mark has NUL bytes in Latin text.
        let bare: Vec<u8> = "News".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(utf8_start(&bare, 16), None);
        // A bad byte inside the start, not a cut character.
        let mut bad = ARABIC.as_bytes().to_vec();
        bad[4] = 0xFF;
        assert_eq!(utf8_start(&bad, 1 << 20), None);
    }

    #[test]
    fn drops_bom_and_decodes_utf16() {
        let (t, e) = decode("\u{FEFF}سلام".as_bytes(), "x").unwrap();
        assert_eq!((t.as_str(), e), ("سلام", Encoding::Utf8Bom));
        let mut le = vec![0xFF, 0xFE];
        le.extend("سلام".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(
            decode(&le, "x").unwrap(),
            ("سلام".to_string(), Encoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("سلام".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(
            decode(&be, "x").unwrap(),
            ("سلام".to_string(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn detects_legacy_arabic_encodings() {
        let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        assert!(!bad);
        assert_eq!(
            decode(&bytes, "x").unwrap(),
            (ARABIC.to_string(), Encoding::Windows1256)
        );
        let (bytes, _, bad) = encoding_rs::ISO_8859_6.encode(ARABIC);
        assert!(!bad);
        assert_eq!(decode(&bytes, "x").unwrap().0, ARABIC);
    }

    #[test]
    fn owned_decoding_agrees_with_borrowed() {
        let samples: Vec<Vec<u8>> = vec![
            "سلام".into(),
            "\u{FEFF}سلام".into(),
            vec![0xFF, 0xFE, 0x44, 0x06],
            vec![0x61, 0x00],
            vec![0xC7, 0xE1, 0xD3],
            vec![0xEF, 0xBB, 0xBF, 0xFF],
        ];
        for bytes in samples {
            let a = decode(&bytes, "x").map_err(|e| e.to_string());
            let b = decode_owned(bytes.clone(), "x").map_err(|e| e.to_string());
            assert_eq!(a, b, "{bytes:?}");
        }
    }

    #[test]
    fn refuses_binary_and_reports_the_offset() {
        let err = decode(&[0x61, 0x62, 0x00, 0x01], "f.bin").unwrap_err();
        assert_eq!(err.reason(), "binary content");
        assert!(err.to_string().contains("offset 2"), "{err}");
    }

    #[test]
    fn reopen_as_a_wrong_encoding_fails_instead_of_replacing() {
        let utf8 = "سلام!".as_bytes();
        assert!(
            decode_as(utf8, Encoding::Utf16Le, "x").is_err(),
            "odd length"
        );
        assert!(decode_as(&[0xC7, 0xFF], Encoding::Utf8, "x").is_err());
        // Windows-1256 maps every byte, so reopening UTF-8 bytes as it "works" (mojibake).
        assert!(decode_as(utf8, Encoding::Windows1256, "x").is_ok());
    }
}
