//! Corpus search against `grep`, in one run (see BENCHMARKS.md, "Search").
//!
//! `cargo bench --bench search` writes 10,000 articles made of the sample paragraphs (about
//! 40 MB) to a temporary folder, then times, in 7 interleaved rounds after a warm-up one:
//! * `hamesh search FOLDER طالبان` (the release binary, whole words, every fold on);
//! * the same with `--no-whole-word --clitics` off, i.e. every occurrence;
//! * `grep -F -c -r طالبان FOLDER`, the reference: the same literal over the same files, bytes
//!   only, no decoding, no folding;
//!
//! and prints each against grep: the median of the ratios taken within each round. Then it
//! times annotate-all, `search --label ORG --apply`, on 1,000 fresh articles (11,000 hits, one
//! store file written atomically per article), median of 3; `hamesh suggest` over the 10,000
//! articles with a 10,000-entry gazetteer, median of 3; and one document's suggestions against
//! 5,000 spans and a 10,000-entry dictionary (what an edit in the window recomputes), median
//! of 21, with what an edit bringing a new form costs (learn, make the matcher again,
//! suggest); and the window's search worker in-process, to its first document with hits and
//! to the end. Without `--bench` (as under `cargo test --benches`) it writes
//! 200 articles and checks that the search finds what a plain substring count finds.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::{generate, paragraphs};

const QUERY: &str = "طالبان";

fn run(cmd: &mut Command) -> (Duration, String) {
    let t = Instant::now();
    let out = cmd.output().expect("the command runs");
    let took = t.elapsed();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (took, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn hamesh(root: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hamesh"));
    c.arg("search").arg(root).arg(QUERY).args(extra);
    c
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let root = std::env::temp_dir().join(format!("hamesh-bench-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let n = if bench { 10_000 } else { 200 };
    let bytes = generate(&root, n);
    let occurrences: usize = walk_count(&root);
    let (_, said) = run(&mut hamesh(&root, &["--no-whole-word"]));
    assert!(
        said.starts_with(&format!("{occurrences} hits")),
        "every occurrence: {said} against {occurrences} substrings"
    );
    if !bench {
        println!(
            "search: {n} articles, {occurrences} occurrences found as a substring count finds them"
        );
        std::fs::remove_dir_all(&root).ok();
        return;
    }
    println!(
        "{n} articles, {:.1} MB, {occurrences} occurrences of {QUERY}",
        bytes as f64 / 1e6
    );
    // Interleaved rounds (grep, then each search), so that a machine that gets busier or
    // quieter during the run moves all three alike; each ratio is taken within its round.
    let quiet = || std::process::Stdio::null();
    let mut grep_cmd = Command::new("grep");
    grep_cmd
        .args(["-F", "-c", "-r", QUERY])
        .arg(&root)
        .stdout(quiet());
    let mut whole_cmd = hamesh(&root, &[]);
    whole_cmd.stdout(quiet());
    let mut every_cmd = hamesh(&root, &["--no-whole-word"]);
    every_cmd.stdout(quiet());
    let mut rounds: Vec<[Duration; 3]> = Vec::new();
    for round in 0..8 {
        let r = [
            run(&mut grep_cmd).0,
            run(&mut whole_cmd).0,
            run(&mut every_cmd).0,
        ];
        // The first round warms the page cache and is not counted.
        if round > 0 {
            rounds.push(r);
        }
    }
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let list = |k: usize| {
        rounds
            .iter()
            .map(|r| ms(r[k]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("| measurement | median (ms) | runs | against grep (median of the rounds' ratios) |");
    println!("| --- | ---: | --- | ---: |");
    let grep_ms = mid(rounds.iter().map(|r| r[0].as_secs_f64() * 1e3).collect());
    println!("| `grep -F -c -r` | {grep_ms:.0} | {} | 1× |", list(0));
    for (k, name) in [
        (1, "`hamesh search` (whole words)"),
        (2, "`hamesh search --no-whole-word`"),
    ] {
        let median_ms = mid(rounds.iter().map(|r| r[k].as_secs_f64() * 1e3).collect());
        let ratio = mid(rounds
            .iter()
            .map(|r| r[k].as_secs_f64() / r[0].as_secs_f64())
            .collect());
        println!("| {name} | {median_ms:.0} | {} | {ratio:.1}× |", list(k));
    }
    window_search(&root);
    suggest_corpus(&root);
    std::fs::remove_dir_all(&root).ok();
    label_all();
    suggest_one_document();
}

/// The window's corpus search: the worker's `search_corpus_until` in-process over the 10,000
/// articles, timed to the first document with hits (what the panel shows first) and to the
/// end; median of 5 after a warm-up.
fn window_search(root: &Path) {
    use hamesh::corpus::files::{Folder, ScanOptions};
    use hamesh::search::corpus::search_corpus_until;
    use hamesh::search::{MatchOptions, Query};
    use std::sync::atomic::AtomicBool;
    let folder = Folder::new(root.to_path_buf(), ScanOptions::default());
    let query = Query::new(QUERY, MatchOptions::default()).unwrap();
    let mut firsts = Vec::new();
    let mut totals = Vec::new();
    for round in 0..6 {
        let started = Instant::now();
        let mut first = None;
        let summary = search_corpus_until(&folder, &query, &AtomicBool::new(false), &mut |_| {
            first.get_or_insert_with(|| started.elapsed());
        });
        let total = started.elapsed();
        assert!(summary.hits > 0);
        if round > 0 {
            firsts.push(first.unwrap_or(total));
            totals.push(total);
        }
    }
    let all = |v: &[Duration]| v.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ");
    let (f, t) = (all(&firsts), all(&totals));
    firsts.sort();
    totals.sort();
    println!(
        "| the window's search worker, first document with hits | {} | {f} | |",
        ms(firsts[2])
    );
    println!(
        "| the window's search worker, whole corpus | {} | {t} | |",
        ms(totals[2])
    );
}

/// What an edit costs the window's suggestions when it brings a new form (10,000 gazetteer
/// entries, the article above): the dictionary learns the span, the small matcher of the forms
/// touched since the big one was made is made again, and the document's suggestions are found
/// over both ([`Layers`], what the window does); beside it, making the big matcher again, which
/// the window does only on its worker or after 2,000 new forms. Median of 21.
fn dictionary_update(text: &str, spans: &[hamesh::annotate::Span]) {
    use hamesh::search::suggest::{Dictionary, Layers};
    let mut dict = Dictionary::default();
    dict.add_gazetteer(&gazetteer(), &|_| true);
    dict.take_touched();
    let base = dict.matcher().expect("entries");
    let mut touched = std::collections::HashSet::new();
    let mut rebuild = Vec::new();
    let mut layered = Vec::new();
    for i in 0..21 {
        let mut span = spans[0].clone();
        span.text = format!("{} {i}", span.text);
        let t = Instant::now();
        dict.learn([&span]);
        touched.extend(dict.take_touched());
        let overlay = dict.matcher_for(&touched);
        let layers = Layers {
            base: &base,
            touched: &touched,
            overlay: overlay.as_ref(),
        };
        std::hint::black_box(layers.suggest(text, spans, &[]));
        layered.push(t.elapsed());
        let r = Instant::now();
        std::hint::black_box(dict.matcher().expect("entries"));
        rebuild.push(r.elapsed());
    }
    rebuild.sort();
    layered.sort();
    let at = |v: &[Duration], i: usize| v[i].as_secs_f64() * 1e3;
    println!(
        "| an edit that brings a new form, as the window does it (learn, small matcher, suggest over both) | {:.2} | min {:.2}, max {:.2} | |",
        at(&layered, 10),
        at(&layered, 0),
        at(&layered, 20)
    );
    println!(
        "| making the whole matcher again, 10,000 entries (the worker's job) | {:.2} | min {:.2}, max {:.2} | |",
        at(&rebuild, 10),
        at(&rebuild, 0),
        at(&rebuild, 20)
    );
}

/// The words of the sample paragraphs, each once, in order of first appearance.
fn words() -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    paragraphs()
        .iter()
        .flat_map(|p| {
            p.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() > 2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// A gazetteer of 10,000 entries: the samples' words (as many as there are), then pairs of
/// them.
fn gazetteer() -> String {
    let w = words();
    let mut lines: Vec<String> = w.iter().map(|x| format!("{x}\tMISC")).collect();
    let mut i = 0;
    while lines.len() < 10_000 {
        // Distinct pairs: each word with each of the words after it in turn.
        let (x, y) = (i % w.len(), (i % w.len() + 1 + i / w.len()) % w.len());
        lines.push(format!("{} {}\tMISC", w[x], w[y]));
        i += 1;
    }
    lines.join("\n")
}

/// `hamesh suggest` over the 10,000 articles with a 10,000-entry gazetteer, median of 3.
fn suggest_corpus(root: &Path) {
    let gaz = root.join(".hamesh/gazetteers");
    std::fs::create_dir_all(&gaz).unwrap();
    std::fs::write(gaz.join("words.tsv"), gazetteer()).unwrap();
    let mut runs = Vec::new();
    let mut said = String::new();
    for _ in 0..3 {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hamesh"));
        cmd.arg("suggest")
            .arg(root)
            .env("HAMESH_DATA_DIR", root.join("data"))
            .stdout(std::process::Stdio::null());
        let (took, err) = run(&mut cmd);
        runs.push(took);
        said = err;
    }
    let all = runs.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ");
    runs.sort();
    println!(
        "| `hamesh suggest`, 10,000 articles, 10,000-entry gazetteer ({}) | {} | {all} | |",
        said.trim(),
        ms(runs[1])
    );
}

/// One document's suggestions against 5,000 spans and a 10,000-entry dictionary, as the window
/// recomputes them after an edit: median of 21.
fn suggest_one_document() {
    use hamesh::annotate::{Span, SpanId};
    use hamesh::search::suggest::Dictionary;
    use hamesh::text::CharIndex;
    let mut dict = Dictionary::default();
    let problems = dict.add_gazetteer(&gazetteer(), &|_| true);
    assert!(problems.is_empty(), "{problems:?}");
    // A long article: the sample paragraphs until it has 5,000 words, each of the first 5,000
    // word positions a span.
    let paras = paragraphs();
    let mut text = String::new();
    let mut k = 0;
    while text.split_whitespace().count() < 10_000 {
        text.push_str(&paras[k % paras.len()]);
        text.push('\n');
        k += 1;
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (i, w) in text.split(' ').enumerate() {
        let n = w.chars().count();
        if i % 2 == 0 && n > 0 && spans.len() < 5_000 {
            spans.push(Span {
                id: SpanId(format!("s{i}")),
                start: CharIndex(at),
                end: CharIndex(at + n),
                label: "MISC".into(),
                text: w.to_string(),
                prefix: String::new(),
                suffix: String::new(),
                note: String::new(),
                entity: None,
            });
        }
        at += n + 1;
    }
    let matcher = dict.matcher().expect("entries");
    let mut v: Vec<Duration> = (0..21)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(matcher.suggest(&text, &spans, &[]));
            t.elapsed()
        })
        .collect();
    let found = matcher.suggest(&text, &spans, &[]).len();
    v.sort();
    println!(
        "| one document's suggestions: {} KB, 5,000 spans, 10,000 entries ({found} suggestions) | {:.2} | min {:.2}, max {:.2} | |",
        text.len() / 1000,
        v[10].as_secs_f64() * 1e3,
        v[0].as_secs_f64() * 1e3,
        v[20].as_secs_f64() * 1e3
    );
    dictionary_update(&text, &spans);
}

/// `search --label ORG --apply` on 1,000 fresh articles (eleven hits each), median of 3.
fn label_all() {
    let mut runs = Vec::new();
    let mut hits = 0;
    for i in 0..3 {
        let root =
            std::env::temp_dir().join(format!("hamesh-bench-label-{}-{i}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        generate(&root, 1_000);
        hits = walk_count(&root);
        let mut cmd = hamesh(&root, &["--no-whole-word", "--label", "ORG", "--apply"]);
        cmd.env("HAMESH_DATA_DIR", root.join("data"))
            .stdout(std::process::Stdio::null());
        let (took, said) = run(&mut cmd);
        assert!(
            said.contains(&format!("created {hits} spans")),
            "{said} against {hits} hits"
        );
        runs.push(took);
        std::fs::remove_dir_all(&root).ok();
    }
    let all = runs.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ");
    runs.sort();
    println!(
        "| `hamesh search --no-whole-word --label ORG --apply`, 1,000 articles, {hits} hits | {} | {all} | |",
        ms(runs[1])
    );
}

/// Occurrences of the query as a plain substring, over every generated file.
fn walk_count(root: &Path) -> usize {
    let mut n = 0;
    for dir in std::fs::read_dir(root).unwrap().flatten() {
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            n += std::fs::read_to_string(f.path())
                .unwrap()
                .matches(QUERY)
                .count();
        }
    }
    n
}
