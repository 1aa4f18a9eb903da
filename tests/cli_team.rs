//! Several annotators on one corpus, headless: each writes their own layer; two clones of a
//! corpus annotated by two people merge in git without a conflict; `hamesh agree` compares
//! the layers; the unnamed layer of a one-person corpus is handed to a name without loss.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hamesh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamesh"))
        .args(args)
        .env(
            "HAMESH_DATA_DIR",
            std::env::temp_dir().join("hamesh-cli-team-data"),
        )
        .output()
        .expect("hamesh runs")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hamesh-cli-team-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn samples(into: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    std::fs::create_dir_all(into).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            std::fs::copy(e.path(), into.join(e.file_name())).unwrap();
        }
    }
}

/// `git` in `dir`, with an identity so that commits work on a bare machine.
fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args([
            "-c",
            "user.name=Hamesh Test",
            "-c",
            "user.email=test@hamesh.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The spans of a jsonl export, counted from each line's `label`.
fn jsonl_spans(file: &Path) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["label"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum()
}

fn label(folder: &Path, query: &str, label: &str, annotator: &str, extra: &[&str]) {
    let f = folder.to_str().unwrap();
    let mut args = vec![
        "search",
        f,
        query,
        "--label",
        label,
        "--apply",
        "--annotator",
        annotator,
    ];
    args.extend_from_slice(extra);
    ok(hamesh(&args));
}

#[test]
fn two_clones_annotated_by_two_people_merge_without_a_conflict_and_agree() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let work = scratch("git");
    let origin = work.join("origin");
    samples(&origin);
    git_ok(&origin, &["init", "-q", "-b", "main"]);
    git_ok(&origin, &["add", "."]);
    git_ok(&origin, &["commit", "-q", "-m", "articles"]);
    for who in ["sara", "reza"] {
        git_ok(&work, &["clone", "-q", "origin", who]);
    }
    let (sara, reza) = (work.join("sara"), work.join("reza"));
    // The same articles, the same mentions, by two people on two machines.
    label(&sara, "طالبان", "ORG", "sara", &[]);
    label(&reza, "طالبان", "ORG", "reza", &["--no-whole-word"]);
    label(&reza, "روسيا", "GPE", "reza", &[]);
    for (dir, who) in [(&sara, "sara"), (&reza, "reza")] {
        git_ok(dir, &["add", "."]);
        git_ok(
            dir,
            &["commit", "-q", "-m", &format!("{who}'s annotations")],
        );
    }
    git_ok(&sara, &["fetch", "-q", "../reza", "main"]);
    let merged = git(&sara, &["merge", "--no-edit", "FETCH_HEAD"]);
    assert!(
        merged.status.success(),
        "the merge conflicts: {}",
        String::from_utf8_lossy(&merged.stdout)
    );
    let layers = ok(hamesh(&["annotators", sara.to_str().unwrap()]));
    assert!(layers.contains("reza\t5 documents"), "{layers}");
    assert!(layers.contains("sara\t5 documents"), "{layers}");
    // Both layers whole: Reza's ORG spans include every one of Sara's (whole words are among
    // his sub-word hits), so with Sara as reference ORG recall is 1.
    let json = ok(hamesh(&[
        "agree",
        sara.to_str().unwrap(),
        "--annotators",
        "sara,reza",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let pair = &v["pairs"][0];
    assert_eq!(pair["documents"], 5);
    assert_eq!(pair["per_label"]["ORG"]["recall"], 1.0);
    assert_eq!(
        pair["per_label"]["ORG"]["first"], 84,
        "Sara's 84 whole-word hits"
    );
    assert_eq!(pair["per_label"]["GPE"]["first"], 0);
    assert!(pair["per_label"]["GPE"]["second"].as_u64().unwrap() > 0);
    assert!(pair["cohen_kappa"].as_f64().unwrap() < 1.0);
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    let table = ok(hamesh(&["agree", sara.to_str().unwrap()]));
    assert!(
        table.starts_with("reza / sara: 5 documents, span F1"),
        "{table}"
    );
    assert!(
        table.contains("GPE → -\t32"),
        "Reza's GPE spans Sara does not have: {table}"
    );
    // Curation: the agreed spans become the curated layer, which export reads by default.
    let s = sara.to_str().unwrap();
    let merged = hamesh(&["merge", s, "--policy", "agreed"]);
    assert!(merged.status.success());
    assert!(
        String::from_utf8_lossy(&merged.stderr)
            .starts_with("curated 5 documents: 84 spans taken, 37 left out"),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let exported = |name: &str| {
        let out = work.join(name);
        ok(hamesh(&[
            "export",
            s,
            "-f",
            "jsonl",
            "-o",
            out.to_str().unwrap(),
        ]));
        jsonl_spans(&out)
    };
    assert_eq!(exported("agreed.jsonl"), 84);
    ok(hamesh(&["merge", s, "--policy", "annotator:reza"]));
    assert_eq!(
        exported("reza.jsonl"),
        121,
        "a merge replaces an earlier merge"
    );
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn the_unnamed_layer_is_claimed_and_bad_names_are_refused() {
    let work = scratch("claim");
    let corpus = work.join("corpus");
    samples(&corpus);
    let c = corpus.to_str().unwrap();
    ok(hamesh(&[
        "search",
        c,
        "طالبان",
        "--label",
        "ORG",
        "--apply",
    ]));
    let err = hamesh(&["agree", c]);
    assert!(!err.status.success());
    assert!(
        String::from_utf8_lossy(&err.stderr).contains("--claim NAME"),
        "{}",
        String::from_utf8_lossy(&err.stderr)
    );
    // A merge never replaces annotations a person made in the unnamed layer.
    label(&corpus, "روسيا", "GPE", "reza", &[]);
    let refused = hamesh(&["merge", c, "--policy", "majority"]);
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("made by hand"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    std::fs::remove_dir_all(corpus.join(".hamesh/annotators/reza")).unwrap();
    ok(hamesh(&["annotators", c, "--claim", "سارا"]));
    let layers = ok(hamesh(&["annotators", c]));
    assert_eq!(layers.trim(), "سارا\t5 documents\t84 spans");
    let bad = hamesh(&[
        "search",
        c,
        "روسيا",
        "--label",
        "GPE",
        "--apply",
        "--annotator",
        "../x",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot name an annotator"));
    let dataset = work.join("one.jsonl");
    std::fs::write(
        &dataset,
        "{\"text\": \"روسيا\", \"label\": [[0, 5, \"GPE\"]]}\n",
    )
    .unwrap();
    let bad = hamesh(&[
        "import",
        dataset.to_str().unwrap(),
        "--into",
        c,
        "--annotator",
        "a/b",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("without path characters"));
    assert!(!work.join("x").exists() && !corpus.join(".hamesh/x").exists());
    // Export reads the chosen layer.
    let out = work.join("sara.jsonl");
    ok(hamesh(&[
        "export",
        c,
        "-f",
        "jsonl",
        "-o",
        out.to_str().unwrap(),
        "--annotator",
        "سارا",
    ]));
    assert_eq!(jsonl_spans(&out), 84);
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn a_conflict_marker_in_a_store_file_is_named() {
    let work = scratch("marker");
    let corpus = work.join("corpus");
    samples(&corpus);
    let c = corpus.to_str().unwrap();
    label(&corpus, "طالبان", "ORG", "sara", &[]);
    let file = corpus.join(".hamesh/annotators/sara/annotations/000_d5fe01cfcadbce81.txt.json");
    let body = std::fs::read_to_string(&file).unwrap();
    let broken = format!("<<<<<<< HEAD\n{body}=======\n{body}>>>>>>> other\n");
    std::fs::write(&file, &broken).unwrap();
    let out = hamesh(&[
        "export",
        c,
        "-o",
        work.join("x.json").to_str().unwrap(),
        "--annotator",
        "sara",
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("git conflict marker"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        broken,
        "left as it is"
    );
    std::fs::remove_dir_all(work).ok();
}
