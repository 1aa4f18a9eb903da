//! `hamesh entities` as a user runs it: each entity with its mentions per document, the spans
//! that name no entity yet with the entity their form could name, and a damaged registry
//! answered with a message that names the file, the file left as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hamesh::annotate::entities::Registry;
use hamesh::annotate::span::make_span;
use hamesh::annotate::{DocumentAnnotations, Source, Store};
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;

fn hamesh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("hamesh runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("hamesh-cli-entities-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` as `rel` with spans over the given quotes (label, entity).
fn annotated(dir: &Path, rel: &str, text: &str, spans: &[(&str, &str, Option<&str>)]) {
    std::fs::write(dir.join(rel), text).unwrap();
    let map = CharMap::new(text);
    let source = Source {
        path: rel.into(),
        sha256: hamesh::annotate::span::sha256_hex(text),
        encoding: "UTF-8".into(),
        characters: map.len(),
    };
    let mut doc = DocumentAnnotations::new(source, "");
    for (quote, label, entity) in spans {
        let start = map.char_of(text.find(quote).unwrap());
        let range = CharIndex(start)..CharIndex(start + quote.chars().count());
        let id = doc.allocate_id();
        let mut span = make_span(text, &map, id, range, label);
        span.entity = entity.map(str::to_string);
        doc.spans.push(span);
    }
    doc.sort();
    Store::open(dir, dir).save(rel, &doc).unwrap();
}

#[test]
fn entities_with_their_mentions_and_the_unlinked_spans() {
    let dir = scratch("list");
    let store = Store::open(&dir, &dir);
    let mut registry = Registry::default();
    let russia = registry.create("GPE", "روسيا", "ar").unwrap();
    registry.add_alias(&russia, "روسیه").unwrap();
    registry.set_wikidata(&russia, "Q159").unwrap();
    std::fs::create_dir_all(store.data_dir()).unwrap();
    std::fs::write(Registry::path(&store), registry.to_bytes()).unwrap();
    annotated(
        &dir,
        "a.txt",
        "قالت روسيا إن بوتين",
        &[("روسيا", "GPE", Some("e1")), ("بوتين", "PER", None)],
    );
    annotated(&dir, "b.txt", "روسیه", &[("روسیه", "GPE", None)]);
    let d = dir.to_str().unwrap();
    let out = hamesh(&["entities", d]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines, ["e1\tGPE\tروسيا\tQ159\t1", "\ta.txt\t1"]);
    let unlinked = String::from_utf8(hamesh(&["entities", d, "--unlinked"]).stdout).unwrap();
    let unlinked: Vec<&str> = unlinked.lines().collect();
    assert!(unlinked.contains(&"روسیه\tGPE\t1\te1"), "{unlinked:?}");
    assert!(unlinked.contains(&"بوتين\tPER\t1\t"), "{unlinked:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&hamesh(&["entities", d, "--json"]).stdout).unwrap();
    assert_eq!(json["entities"][0]["documents"]["a.txt"], 1);
    assert_eq!(json["entities"][0]["aliases"][0], "روسیه");
    assert_eq!(json["unlinked"].as_array().unwrap().len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_damaged_registry_is_named_and_left_alone() {
    let dir = scratch("damaged");
    let store = Store::open(&dir, &dir);
    std::fs::write(dir.join("a.txt"), "روسيا").unwrap();
    std::fs::create_dir_all(store.data_dir()).unwrap();
    let bad = br#"{"version":1,"entities":[{"id":"e1","label":"GPE","wikidata":"russia"}]}"#;
    std::fs::write(Registry::path(&store), bad).unwrap();
    let out = hamesh(&["entities", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("entities.json") && err.contains("Wikidata"),
        "{err}"
    );
    assert_eq!(std::fs::read(Registry::path(&store)).unwrap(), bad);
    std::fs::remove_dir_all(&dir).ok();
}
