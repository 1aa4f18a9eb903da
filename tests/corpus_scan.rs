//! The scanner and decoder on folders generated in temporary directories: every supported
//! encoding, BOMs, CRLF, empty and binary files, unreadable entries, symlink loops, hidden and
//! data folders, natural order, and 10,000 files.

use std::path::PathBuf;

use hamesh::corpus::decode::{Encoding, decode, read_text};
use hamesh::corpus::scan::{Entry, ScanEvent, scan};
use hamesh::text::Language;

const ARABIC: &str =
    "قالت الحكومة الروسية في بيان رسمي إن المحادثات مع حركة طالبان مستمرة منذ أشهر.";
const PERSIAN: &str =
    "ولادیمیر پوتین گفت که رژیم طالبان در مبارزه با تروریسم مورد اعتماد روسیه است.";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "hamesh-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF], text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Windows1256 => encoding_rs::WINDOWS_1256.encode(text).0.into_owned(),
        Encoding::Iso8859_6 => encoding_rs::ISO_8859_6.encode(text).0.into_owned(),
    }
}

#[test]
fn every_encoding_round_trips_arabic_and_persian() {
    for enc in Encoding::ALL {
        for text in [ARABIC, PERSIAN] {
            if enc == Encoding::Iso8859_6 && text == PERSIAN {
                continue; // ISO-8859-6 has no Persian letters (پ چ ژ گ ک ی).
            }
            // Windows-1256 has پ چ ژ گ ک but not Persian yeh: such files spell it ي.
            let spelled = text.replace('ی', "ي");
            let text = if enc == Encoding::Windows1256 {
                spelled.as_str()
            } else {
                text
            };
            let bytes = encode(text, enc);
            let (decoded, detected) =
                decode(&bytes, "t").unwrap_or_else(|e| panic!("{enc:?}: {e}"));
            assert_eq!(decoded, text, "{enc:?}");
            assert_eq!(detected, enc, "{enc:?} detected as {detected:?}");
        }
    }
}

#[test]
fn crlf_is_kept_and_the_bom_is_the_only_thing_dropped() {
    let text = "سطر أول\r\nسطر ثان\r\n";
    let (decoded, enc) = decode(&encode(text, Encoding::Utf8Bom), "t").expect("decodes");
    assert_eq!(decoded, text);
    assert_eq!(enc, Encoding::Utf8Bom);
}

fn by_path<'a>(entries: &'a [Entry], path: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("{path} not listed in {entries:?}"))
}

#[test]
fn scan_lists_everything_with_reasons_in_natural_order() {
    let dir = TempDir::new("scan");
    dir.write("10.txt", ARABIC.as_bytes());
    dir.write("2.txt", &encode(PERSIAN, Encoding::Utf16Le));
    dir.write("sub/1.md", &encode(ARABIC, Encoding::Windows1256));
    dir.write("sub/deeper/3.TEXT", b"plain English text");
    dir.write("empty.txt", b"");
    dir.write("binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]);
    dir.write("notes.pdf", b"%PDF");
    dir.write(".hidden/x.txt", b"hidden");
    dir.write(".hamesh/annotations/10.txt.json", b"{}");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dir.0, dir.0.join("sub/loop")).expect("symlink");
        std::os::unix::fs::symlink(dir.0.join("missing.txt"), dir.0.join("dangling.txt"))
            .expect("symlink");
    }

    let mut events = Vec::new();
    let entries = scan(&dir.0, |e| events.push(e));
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let expected = if cfg!(unix) {
        vec![
            "2.txt",
            "10.txt",
            "binary.txt",
            "dangling.txt",
            "empty.txt",
            "sub/1.md",
            "sub/deeper/3.TEXT",
        ]
    } else {
        vec![
            "2.txt",
            "10.txt",
            "binary.txt",
            "empty.txt",
            "sub/1.md",
            "sub/deeper/3.TEXT",
        ]
    };
    assert_eq!(paths, expected);

    assert!(matches!(events.first(), Some(ScanEvent::Found(f)) if f.len() == entries.len()));
    assert!(matches!(events.last(), Some(ScanEvent::Done)));

    let persian = by_path(&entries, "2.txt").info.as_ref().expect("readable");
    assert_eq!(persian.encoding, Encoding::Utf16Le);
    assert_eq!(persian.language, Language::Persian);
    assert_eq!(persian.direction, "rtl");
    assert_eq!(persian.characters, PERSIAN.chars().count());
    let legacy = by_path(&entries, "sub/1.md")
        .info
        .as_ref()
        .expect("readable");
    assert_eq!(legacy.encoding, Encoding::Windows1256);
    assert_eq!(legacy.title, ARABIC);
    let english = by_path(&entries, "sub/deeper/3.TEXT")
        .info
        .as_ref()
        .expect("readable");
    assert_eq!(
        (english.language, english.direction),
        (Language::Other, "ltr")
    );
    let empty = by_path(&entries, "empty.txt")
        .info
        .as_ref()
        .expect("readable");
    assert_eq!((empty.characters, empty.title.as_str()), (0, ""));
    assert_eq!(
        by_path(&entries, "binary.txt").error.as_deref(),
        Some("binary content")
    );
    if cfg!(unix) {
        assert_eq!(
            by_path(&entries, "dangling.txt").error.as_deref(),
            Some("not found")
        );
    }
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_listed_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("perm");
    let path = dir.write("locked.txt", ARABIC.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // The reason shown for a refused read, whoever runs the test.
    let refused = hamesh::corpus::decode::DecodeError::Io {
        path: "locked.txt".into(),
        source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
    };
    assert_eq!(refused.reason(), "permission denied");
    let entries = scan(&dir.0, |_| {});
    if std::fs::read(&path).is_ok() {
        // Root reads it anyway: then it is listed as an ordinary article.
        assert!(entries[0].info.is_some(), "{:?}", entries[0].error);
        return;
    }
    assert_eq!(entries[0].error.as_deref(), Some("permission denied"));
    let err = read_text(&path).expect_err("unreadable");
    assert!(err.to_string().contains("locked.txt"));
}

#[test]
fn ten_thousand_files() {
    let dir = TempDir::new("many");
    for i in 0..10_000 {
        let sub = i % 10;
        dir.write(
            &format!("batch{sub}/article-{i}.txt"),
            format!("عنوان المقال {i}\nنص المقال.").as_bytes(),
        );
    }
    let entries = scan(&dir.0, |_| {});
    assert_eq!(entries.len(), 10_000);
    assert!(entries.iter().all(|e| e.info.is_some()));
    // Natural order inside a folder: article-0, article-10, article-20, … not article-100.
    assert_eq!(entries[0].path, "batch0/article-0.txt");
    assert_eq!(entries[1].path, "batch0/article-10.txt");
    assert_eq!(entries[10].path, "batch0/article-100.txt");
    assert_eq!(
        entries[0].info.as_ref().map(|i| i.title.as_str()),
        Some("عنوان المقال 0")
    );
}

#[test]
fn ls_command_prints_json_for_the_samples() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(["ls", "assets/samples", "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), 5);
    assert_eq!(list[3]["language"], "persian");
    for e in list {
        for key in [
            "path",
            "encoding",
            "language",
            "direction",
            "characters",
            "title",
        ] {
            assert!(!e[key].is_null(), "{key} in {e}");
        }
    }
}
