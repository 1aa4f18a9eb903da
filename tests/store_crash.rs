//! A crash test of the annotation store: a child process applies edits through the same store
//! code and reports each one once `Store::save` has returned; the parent kills it with SIGKILL
//! at a random moment, 60 times, and then checks that the file always parses and holds every
//! acknowledged edit.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hamesh::annotate::span::make_span;
use hamesh::annotate::{DocumentAnnotations, Edit, History, Source, Store};
use hamesh::text::CharIndex;
use hamesh::text::offsets::CharMap;

const TEXT: &str = "قال الرئيس الروسي فلاديمير بوتين إن موسكو تتواصل مع حركة طالبان في أفغانستان.";
const CHILD_ENV: &str = "HAMESH_STORE_CRASH_CHILD";
const DOC: &str = "news/article.txt";

/// The `k`-th edit of a round, a pure function of the document so the parent can replay the
/// child's states: mostly additions, with relabels and removals mixed in.
fn next_edit(doc: &mut DocumentAnnotations, k: usize) -> Edit {
    let map = CharMap::new(TEXT);
    let len = map.len();
    let n = doc.next_id as usize;
    match k % 7 {
        3 if !doc.spans.is_empty() => {
            let mut after = doc.spans[0].clone();
            after.label = format!("L{n}-{k}");
            Edit::Change {
                before: doc.spans[0].clone(),
                after,
            }
        }
        5 if doc.spans.len() > 3 => Edit::Remove(doc.spans[doc.spans.len() / 2].clone()),
        _ => {
            let start = (n * 7) % (len - 5);
            let id = doc.allocate_id();
            Edit::Add(make_span(
                TEXT,
                &map,
                id,
                CharIndex(start)..CharIndex(start + 1 + n % 4),
                "PER",
            ))
        }
    }
}

fn open_doc(store: &Store) -> DocumentAnnotations {
    store
        .load(DOC)
        .expect("store readable")
        .unwrap_or_else(|| DocumentAnnotations::new(Source::default(), "crash"))
}

/// The child: applies edits forever, printing `ack K` once edit K is saved.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return; // Only runs when the parent test starts it.
    };
    let corpus = PathBuf::from(dir);
    let store = Store::open(&corpus, &corpus.join("fallback"));
    let mut doc = open_doc(&store);
    let mut history = History::default();
    for k in 1.. {
        let edit = next_edit(&mut doc, k);
        history.apply(&mut doc, edit).expect("edit applies");
        store.save(DOC, &doc).expect("save");
        println!("ack {k}");
    }
}

#[cfg(unix)]
#[test]
fn acknowledged_edits_survive_sigkill() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let corpus = std::env::temp_dir().join(format!("hamesh-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&corpus);
    std::fs::create_dir_all(&corpus).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut total_acks = 0usize;
    for round in 0..60 {
        let store = Store::open(&corpus, &corpus.join("fallback"));
        let initial = open_doc(&store);
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(k) = line
                    .strip_prefix("ack ")
                    .and_then(|k| k.parse::<usize>().ok())
                {
                    let _ = tx.send(k);
                }
            }
        });
        // Wait until the child is editing, then kill it after a random delay so the kill lands
        // anywhere in the edit/save cycle, including in the middle of a write.
        let started = Instant::now();
        let mut acked = 0usize;
        while acked == 0 && started.elapsed() < Duration::from_secs(10) {
            if let Ok(k) = rx.recv_timeout(Duration::from_millis(1)) {
                acked = k;
            }
        }
        std::thread::sleep(Duration::from_millis(random() % 40));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        while let Ok(k) = rx.try_recv() {
            acked = acked.max(k);
        }
        assert!(acked > 0, "round {round}: the child never saved");
        total_acks += acked;

        // Replay the child's states: the file must hold the last acknowledged state, or the
        // one after it (saved but not yet acknowledged when the kill came).
        let mut expected = initial;
        let mut history = History::default();
        for k in 1..=acked {
            let e = next_edit(&mut expected, k);
            history.apply(&mut expected, e).unwrap();
        }
        let mut one_more = expected.clone();
        let e = next_edit(&mut one_more, acked + 1);
        history.apply(&mut one_more, e).unwrap();
        let on_disk = store
            .load(DOC)
            .unwrap_or_else(|e| panic!("round {round}: store does not parse after kill: {e}"))
            .expect("document saved");
        assert!(
            on_disk == expected || on_disk == one_more,
            "round {round}: the file holds neither acknowledged edit {acked} nor the next one"
        );
        let leftovers = std::fs::read_dir(store.path_for(DOC).unwrap().parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count();
        assert!(leftovers <= 1, "temporary files pile up: {leftovers}");
    }
    eprintln!("store crash test: 60 kills, {total_acks} acknowledged edits, none lost");
    std::fs::remove_dir_all(&corpus).ok();
}
