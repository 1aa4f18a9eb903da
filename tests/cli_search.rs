//! `hamesh search` as a user runs it: hits over the sample corpus with Arabic and Persian
//! spellings folded together, the JSON shape, and bad queries answered with a message.

use std::path::PathBuf;
use std::process::{Command, Output};

fn hamesh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("hamesh runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hamesh-cli-search-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn lines(out: &Output) -> Vec<Vec<String>> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn every_hit_is_a_line_with_path_offsets_text_and_context() {
    let dir = scratch("lines");
    std::fs::write(
        dir.join("a.txt"),
        "قالت رُوسِيَا أمس إن أفغانستان\nوافغانستان ليست روسيا",
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), "روسیه و می\u{200C}شود").unwrap();
    let dir_s = dir.to_str().unwrap();
    let found = lines(&hamesh(&["search", dir_s, "روسيا"]));
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0][..4], ["a.txt", "5", "13", "رُوسِيَا"]);
    assert_eq!(found[0][4], "قالت ");
    assert_eq!(found[1][3], "روسيا");
    // The alef forms fold together; with clitics the glued «و» is no obstacle.
    assert_eq!(lines(&hamesh(&["search", dir_s, "افغانستان"])).len(), 1);
    assert_eq!(
        lines(&hamesh(&["search", dir_s, "افغانستان", "--clitics"])).len(),
        2
    );
    // Persian yeh and the ZWNJ rules.
    let persian = lines(&hamesh(&["search", dir_s, "روسيه"]));
    assert_eq!(persian[0][..4], ["b.txt", "0", "5", "روسیه"]);
    assert_eq!(lines(&hamesh(&["search", dir_s, "می شود"])).len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_lists_documents_hits_and_a_summary() {
    let out = hamesh(&["search", "assets/samples", "طالبان", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["query"], "طالبان");
    let docs = v["documents"].as_array().expect("documents");
    let total: usize = docs
        .iter()
        .map(|d| d["hits"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(v["summary"]["hits"].as_u64(), Some(total as u64));
    assert_eq!(v["summary"]["documents"], 5);
    // Every hit's offsets hold its text in the article.
    for d in docs {
        let path = format!("assets/samples/{}", d["path"].as_str().unwrap());
        let text: Vec<char> = std::fs::read_to_string(path).unwrap().chars().collect();
        for h in d["hits"].as_array().unwrap() {
            let (s, e) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            let quote: String = text[s..e].iter().collect();
            assert_eq!(quote, h["text"].as_str().unwrap());
        }
    }
    // Whole words by default: fewer than the raw count (89 in the samples), all of them with
    // clitics or inside words.
    let whole = total;
    let out = hamesh(&[
        "search",
        "assets/samples",
        "طالبان",
        "--json",
        "--no-whole-word",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["hits"], 89);
    assert!(whole < 89);
}

#[test]
fn bad_queries_get_a_message() {
    let out = hamesh(&["search", "assets/samples", "(روسيا", "--regex"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("regular expression does not compile"), "{err}");
    let out = hamesh(&["search", "assets/samples", "  \u{064E}  "]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the query is empty"));
    let out = hamesh(&["search", "no-such-folder", "روسيا"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a folder"));
}

fn hamesh_env(args: &[&str], data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .env("HAMESH_DATA_DIR", data)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("hamesh runs")
}

#[test]
fn apply_labels_every_hit_once_and_the_export_carries_them() {
    let dir = scratch("apply");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir("assets/samples").unwrap().flatten() {
        std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
    }
    let c = corpus.to_str().unwrap();
    let data = dir.join("data");
    let hits = lines(&hamesh(&["search", c, "روسيا"])).len();
    assert!(hits > 10);
    let out = hamesh_env(&["search", c, "روسيا", "--label", "GPE", "--apply"], &data);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("created {hits} spans labelled GPE")),
        "{err}"
    );
    // Again: every hit is covered by a GPE span now.
    let out = hamesh_env(&["search", c, "روسيا", "--label", "GPE", "--apply"], &data);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "created 0 spans labelled GPE in 0 documents; skipped {hits}"
        )),
        "{err}"
    );
    // The spans hold their quotes: the export checks every one of them.
    let exported = dir.join("out.jsonl");
    let out = hamesh_env(
        &[
            "export",
            c,
            "--format",
            "jsonl",
            "-o",
            exported.to_str().unwrap(),
        ],
        &data,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spans: usize = std::fs::read_to_string(&exported)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["label"].as_array().map_or(0, Vec::len)
        })
        .sum();
    assert_eq!(spans, hits);
    // A label the corpus does not know is refused, and nothing is written.
    let out = hamesh_env(
        &["search", c, "داعش", "--label", "TERROR", "--apply"],
        &data,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in the corpus's label set"));
    // --apply without --label is a usage error.
    let out = hamesh_env(&["search", c, "داعش", "--apply"], &data);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn suggest_lists_unannotated_mentions_of_what_was_labelled_and_of_gazetteers() {
    let dir = scratch("suggest");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let text = "قالت طالبان إن طالبان و رُوسِيَا";
    std::fs::write(corpus.join("a.txt"), text).unwrap();
    std::fs::write(corpus.join("b.txt"), "زار وفد طالبان موسكو").unwrap();
    // One span, imported: طالبان at 5..11 of a.txt.
    let record = serde_json::json!({
        "path": "a.txt", "text": text, "label": [[5, 11, "ORG"]]
    });
    let dataset = dir.join("one.jsonl");
    std::fs::write(&dataset, format!("{record}\n")).unwrap();
    let data = dir.join("data");
    let c = corpus.to_str().unwrap();
    let out = hamesh_env(&["import", dataset.to_str().unwrap(), "--into", c], &data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A gazetteer with a bad line: the good line still counts, the bad one is named.
    let gaz = corpus.join(".hamesh/gazetteers");
    std::fs::create_dir_all(&gaz).unwrap();
    std::fs::write(gaz.join("places.tsv"), "روسيا\tGPE\tQ159\nموسكو\tCITY\n").unwrap();
    let out = hamesh_env(&["suggest", c], &data);
    let found = lines(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("places.tsv: line 2"), "{err}");
    let rows: Vec<(&str, &str, &str, &str, &str)> = found
        .iter()
        .map(|l| {
            (
                l[0].as_str(),
                l[1].as_str(),
                l[3].as_str(),
                l[4].as_str(),
                l[5].as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("a.txt", "15", "ORG", "learned", ""),
            ("a.txt", "24", "GPE", "gazetteer", "Q159"),
            ("b.txt", "8", "ORG", "learned", ""),
        ]
    );
    // Only the learned source; nothing written by suggesting.
    let before = std::fs::read_dir(corpus.join(".hamesh/annotations"))
        .unwrap()
        .count();
    let out = hamesh_env(&["suggest", c, "--sources", "learned", "--json"], &data);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["suggestions"], 2);
    assert_eq!(
        std::fs::read_dir(corpus.join(".hamesh/annotations"))
            .unwrap()
            .count(),
        before
    );
    // The starter gazetteer names countries in Arabic, Persian and English, with their ISO code.
    std::fs::write(
        corpus.join("c.txt"),
        "سافر إلى أفغانستان ثم إلى افغانستان وإيران، وذكر Afghanistan.",
    )
    .unwrap();
    let out = hamesh_env(&["suggest", c, "--sources", "starter"], &data);
    let found = lines(&out);
    let starter: Vec<(&str, &str, &str)> = found
        .iter()
        .filter(|l| l[0] == "c.txt")
        .map(|l| (l[3].as_str(), l[5].as_str(), l[6].as_str()))
        .collect();
    assert_eq!(
        starter,
        [
            ("GPE", "iso3166:AF", "أفغانستان"),
            ("GPE", "iso3166:AF", "افغانستان"),
            ("GPE", "iso3166:AF", "Afghanistan"),
        ],
        "«وإيران» is a word with a proclitic"
    );
    // Export writes suggestions apart on request, never as spans.
    let dataset = dir.join("out.json");
    let apart = dir.join("suggestions.json");
    let out = hamesh_env(
        &[
            "export",
            c,
            "--out",
            dataset.to_str().unwrap(),
            "--suggestions",
            apart.to_str().unwrap(),
        ],
        &data,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&dataset).unwrap()).unwrap();
    let spans: usize = exported["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["spans"].as_array().unwrap().len())
        .sum();
    assert_eq!(spans, 1, "only the span that was made");
    let apart: serde_json::Value = serde_json::from_slice(&std::fs::read(&apart).unwrap()).unwrap();
    assert!(apart["suggestions"].as_u64().unwrap() >= 3, "{apart}");
    std::fs::remove_dir_all(&dir).ok();
}
