//! Memory of the headless app with the corpus open, and the steps of opening the 20 MB
//! article.

use super::*;

pub(crate) fn bench_memory(data: &Data) -> Result<Vec<String>, String> {
    println!();
    println!("== memory: the app headless (no window, no GL) in a child process, 3 runs each");
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let samples = samples_copy()?;
    let large_folder = data.large.parent().expect("a folder").to_path_buf();
    let cases = [
        ("samples (5 articles)", samples),
        ("corpus-10k", data.corpus.clone()),
        ("20 MB article", large_folder),
    ];
    let mut results: Vec<Vec<(f64, f64)>> = vec![Vec::new(); cases.len()];
    for _ in 0..3 {
        for (i, (name, path)) in cases.iter().enumerate() {
            let out = Process::new(&exe)
                .arg("--memory-child")
                .arg(path)
                .output()
                .map_err(|e| format!("running {}: {e}", exe.display()))?;
            let text = String::from_utf8_lossy(&out.stdout);
            let line = text
                .lines()
                .find(|l| l.starts_with("memory-kib"))
                .ok_or_else(|| {
                    format!(
                        "the child for {name} printed no figures: {}",
                        String::from_utf8_lossy(&out.stderr)
                    )
                })?;
            let numbers: Vec<f64> = line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            println!("{name}: {line}");
            if numbers.len() >= 2 {
                results[i].push((numbers[0] / 1024.0, numbers[1] / 1024.0));
            }
        }
    }
    let medians: Vec<(f64, f64)> = results
        .iter()
        .map(|r| {
            let rss: Vec<f64> = r.iter().map(|x| x.0).collect();
            let hwm: Vec<f64> = r.iter().map(|x| x.1).collect();
            (median(&rss), median(&hwm))
        })
        .collect();
    for ((name, _), (rss, hwm)) in cases.iter().zip(&medians) {
        println!("median {name}: VmRSS {rss:.1} MiB, VmHWM {hwm:.1} MiB");
    }
    let (base, corpus) = (medians[0], medians[1]);
    println!(
        "corpus-10k / samples: VmRSS {:.2}x ({:+.1} MiB), VmHWM {:.2}x",
        corpus.0 / base.0,
        corpus.0 - base.0,
        corpus.1 / base.1
    );
    let ok = corpus.1 * 1.048_576 < MEMORY_GOAL_MB;
    Ok(vec![format!(
        "{} (headless) memory with the 10,000 articles open under {MEMORY_GOAL_MB:.0} MB: \
         VmHWM {:.1} MiB ({:.1} MB), VmRSS {:.1} MiB ({:.2}x the samples); the window's figure is \
         tools/bench/corpus-memory.sh",
        if ok { "PASS" } else { "MISS" },
        corpus.1,
        corpus.1 * 1.048_576,
        corpus.0,
        corpus.0 / base.0
    )])
}

/// In the child: open `path` in the headless app, wait for the scan and the first article,
/// run a few frames, print `memory-kib RSS HWM ANON`.
pub(crate) fn memory_child(path: &Path) -> ExitCode {
    let config = std::env::temp_dir().join(format!("hamesh-reader-memory-{}", std::process::id()));
    let result = (|| -> Result<(), String> {
        let mut app = Driver::open(path, &config)?;
        app.wait_for_article(Duration::from_secs(120))?;
        let deadline = Instant::now() + Duration::from_secs(120);
        while !app.app.scan_done() {
            if Instant::now() > deadline {
                return Err("timed out waiting for the scan".into());
            }
            app.frame(Vec::new());
            std::thread::sleep(Duration::from_millis(5));
        }
        for _ in 0..20 {
            app.frame(Vec::new());
        }
        let field = |f| proc_status_kib(f).unwrap_or(0);
        println!(
            "memory-kib {} {} {} (VmRSS VmHWM RssAnon; {} articles)",
            field("VmRSS"),
            field("VmHWM"),
            field("RssAnon"),
            app.app.article_count()
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&config);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("memory child: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Opening the 20 MB article, step by step.

pub(crate) fn bench_open(data: &Data) -> Result<Vec<String>, String> {
    let path = &data.large;
    println!();
    println!(
        "== open: the steps of opening {} one at a time on one thread; \
         one untimed warm-up, then the median of 5",
        path.display()
    );
    let shown = path.display().to_string();
    let mut steps: Vec<(&str, Vec<f64>)> = [
        "article worker: fs::read",
        "article worker: decode_owned (UTF-8 check, no copy)",
        "article worker: Language::detect",
        "article worker: document_direction",
        "article worker: the text's SHA-256 and character count (the annotation session)",
        "article worker: ReaderView::new (paragraphs, directions, heights)",
        "UI thread, first frame: folding site furniture (none known yet)",
        "scan worker: read_entry (read, decode, summary)",
    ]
    .into_iter()
    .map(|name| (name, Vec::new()))
    .collect();
    let mut chars = 0;
    for round in 0..6 {
        let mut times = Vec::new();
        let t = Instant::now();
        let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {e}"))?;
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        // As `read_text` does for the article's worker: the bytes become the `String`.
        let (text, _) = decode_owned(bytes, &shown).map_err(|e| e.reason())?;
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        let language = black_box(Language::detect(&text));
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        black_box(document_direction(&text, DirectionChoice::Auto));
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        black_box(sha256_hex(&text));
        black_box(text.chars().count());
        times.push(ms(t.elapsed()));
        let t = Instant::now();
        let reader = ReaderView::new(
            text,
            TextStyle {
                language,
                ..TextStyle::default()
            },
        );
        times.push(ms(t.elapsed()));
        chars = reader.char_len();
        let t = Instant::now();
        black_box(folded_paragraphs(
            reader.text(),
            &FurnitureCounts::default(),
        ));
        times.push(ms(t.elapsed()));
        drop(reader);
        let t = Instant::now();
        let folder = Folder::new(path.parent().expect("a folder"), ScanOptions::default());
        black_box(read_entry(&folder, "article.txt"));
        times.push(ms(t.elapsed()));
        if round > 0 {
            for ((_, v), t) in steps.iter_mut().zip(times) {
                v.push(t);
            }
        }
    }
    let mut article = 0.0;
    for (i, (name, v)) in steps.iter().enumerate() {
        println!("  {name}: {:.1} ms", median(v));
        if i < 6 {
            article += median(v);
        }
    }
    let ui = median(&steps[6].1);
    let scan = median(&steps[7].1);
    println!(
        "  the article worker's steps add up to {article:.0} ms ({chars} characters), then the \
         UI thread's {ui:.1} ms; the scan worker's {scan:.0} ms run beside them"
    );
    Ok(vec![format!(
        "info opening the 20 MB article: the article worker's steps {article:.0} ms on one thread, \
         the scan's read_entry of the same file {scan:.0} ms"
    )])
}
