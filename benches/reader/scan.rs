//! Scanning the generated corpus against `cat` of the same files.

use super::*;

pub(crate) fn bench_scan(data: &Data, rounds: usize) -> Result<Vec<String>, String> {
    let root = &data.corpus;
    println!();
    println!(
        "== scan: {} ({} files, {:.1} MB); one untimed warm-up of each, then {rounds} rounds",
        root.display(),
        data.corpus_files,
        data.corpus_bytes as f64 / 1e6
    );
    let cat = || -> Result<f64, String> {
        let t = Instant::now();
        let status = Process::new("sh")
            .arg("-c")
            .arg(r#"find "$1" -type f -print0 | xargs -0 cat > /dev/null"#)
            .arg("sh")
            .arg(root)
            .status()
            .map_err(|e| format!("running find | xargs cat: {e}"))?;
        if !status.success() {
            return Err(format!("find | xargs cat failed: {status}"));
        }
        Ok(ms(t.elapsed()))
    };
    let full_scan = || -> Result<f64, String> {
        let t = Instant::now();
        let entries = black_box(scan(root, |e| {
            black_box(e);
        }));
        let elapsed = ms(t.elapsed());
        let read = entries.iter().filter(|e| e.info.is_some()).count();
        if entries.len() != data.corpus_files || read != entries.len() {
            return Err(format!(
                "the scan listed {} files and read {read}",
                entries.len()
            ));
        }
        Ok(elapsed)
    };
    let folder = Folder::new(root, ScanOptions::default());
    let walk_only = || {
        let t = Instant::now();
        black_box(walk(&folder));
        ms(t.elapsed())
    };
    let walk_and_read = || {
        let t = Instant::now();
        let mut total = 0;
        for rel in walk(&folder).files {
            total += std::fs::read(root.join(rel)).map_or(0, |b| b.len());
        }
        black_box(total);
        ms(t.elapsed())
    };
    // The app's worker, with the UI's draining of its events: (list shown, every file read).
    let app_corpus = || -> Result<(f64, f64), String> {
        let t = Instant::now();
        let mut corpus = Corpus::open(root.clone(), || {});
        let mut listed = None;
        while !corpus.is_done() {
            corpus.poll();
            if listed.is_none() && corpus.is_listed() {
                listed = Some(ms(t.elapsed()));
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let done = ms(t.elapsed());
        if corpus.len() != data.corpus_files || corpus.read_count() != data.corpus_files {
            return Err(format!(
                "the app's scan listed {} files and read {}",
                corpus.len(),
                corpus.read_count()
            ));
        }
        Ok((listed.unwrap_or(done), done))
    };

    cat()?;
    full_scan()?;
    walk_only();
    walk_and_read();
    app_corpus()?;
    let (mut cats, mut scans, mut walks, mut reads, mut lists, mut dones) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for round in 0..rounds {
        // Alternate which comes first, so neither always runs on the other's warm cache.
        let (c, s) = if round % 2 == 0 {
            let c = cat()?;
            (c, full_scan()?)
        } else {
            let s = full_scan()?;
            (cat()?, s)
        };
        let w = walk_only();
        let r = walk_and_read();
        let (l, d) = app_corpus()?;
        println!(
            "round {}: scan {s:.0} ms, cat {c:.0} ms (scan/cat {:.2}); walk {w:.1} ms; \
             walk + fs::read {r:.0} ms; app: list {l:.0} ms, all read {d:.0} ms",
            round + 1,
            s / c
        );
        cats.push(c);
        scans.push(s);
        walks.push(w);
        reads.push(r);
        lists.push(l);
        dones.push(d);
    }
    let ratios: Vec<f64> = scans.iter().zip(&cats).map(|(s, c)| s / c).collect();
    let (lo, hi) = min_max(&ratios);
    let (scan_m, cat_m) = (median(&scans), median(&cats));
    println!(
        "median: scan {scan_m:.0} ms, cat {cat_m:.0} ms: scan / cat = {:.2}x (rounds {lo:.2}-{hi:.2}); \
         scan / (walk + fs::read) = {:.2}x",
        median(&ratios),
        scan_m / median(&reads)
    );
    println!(
        "median: walk alone (the list appears) {:.1} ms; walk + fs::read {:.0} ms; \
         app worker: list after {:.0} ms, every file read after {:.0} ms",
        median(&walks),
        median(&reads),
        median(&lists),
        median(&dones)
    );
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    Ok(vec![
        format!(
            "{} scan of {} articles ({:.0} MB) under {SCAN_GOAL_MS:.0} ms: {scan_m:.0} ms median \
             ({:.2}x cat); app worker {:.0} ms",
            verdict(scan_m < SCAN_GOAL_MS),
            data.corpus_files,
            data.corpus_bytes as f64 / 1e6,
            median(&ratios),
            median(&dones)
        ),
        format!(
            "info first usable list (walk only) {:.1} ms; app worker {:.0} ms",
            median(&walks),
            median(&lists)
        ),
    ])
}
