//! Reading JSON Lines (doccano's shape or ours): one JSON value per non-blank line. The writer
//! is [`crate::dataset::export::jsonl`].

/// Calls `on_line` with each non-blank line's number (from 1) and its JSON value, or why it is
/// not JSON. Returns the number of records.
pub fn read_lines(
    bytes: &[u8],
    on_line: &mut dyn FnMut(usize, Result<serde_json::Value, String>),
) -> usize {
    let mut n = 0;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        n += 1;
        let line = if i == 0 {
            line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line)
        } else {
            line
        };
        on_line(
            i + 1,
            serde_json::from_slice(line).map_err(|e| {
                let why = if e.is_eof() {
                    "the line ends before the object does".to_string()
                } else {
                    e.to_string()
                };
                format!("not a JSON object on one line: {why}")
            }),
        );
    }
    n
}

/// The number of non-blank lines.
pub fn count_lines(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count()
}
