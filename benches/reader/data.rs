//! The benchmark's data: target/bench-data/, deterministic.

use super::*;

pub(crate) struct Data {
    pub(crate) corpus: PathBuf,
    pub(crate) corpus_files: usize,
    pub(crate) corpus_bytes: u64,
    /// `article-20mb/article.txt`, alone in its folder (opening a file opens its folder).
    pub(crate) large: PathBuf,
    /// `article-1mb/article.txt`: the first 1 MB of the same text, ending like it.
    pub(crate) small: PathBuf,
    /// `article-tiny/article.txt`: a copy of sample 001 (7,505 bytes).
    pub(crate) tiny: PathBuf,
    /// Bytes of one cycle of the Arabic samples' lines (the articles repeat it).
    pub(crate) cycle_bytes: u64,
}

pub(crate) fn data_dir() -> PathBuf {
    common::root().join("target/bench-data")
}

/// A fresh copy of the sample articles under target/bench-data/: the app creates its
/// `.hamesh` folder in the corpus it opens, and assets/samples stays as committed.
pub(crate) fn samples_copy() -> Result<PathBuf, String> {
    let from = common::root().join("assets/samples");
    let to = data_dir().join("samples-copy");
    let _ = std::fs::remove_dir_all(&to);
    std::fs::create_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
    for name in common::SAMPLES {
        std::fs::copy(from.join(name), to.join(name)).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(to)
}

pub(crate) fn write_data() -> Result<Data, String> {
    let dir = data_dir();
    let err = |what: &Path, e: std::io::Error| format!("writing {}: {e}", what.display());
    let corpus = dir.join("corpus-10k");
    let (corpus_files, corpus_bytes) = write_corpus(&corpus, &dir.join("corpus-10k.stamp"))?;

    // The four Arabic samples' lines, in order, as one cycle; the articles are whole cycles, so
    // the 1 MB one is the 20 MB one's beginning and ends the same way.
    let mut cycle = String::new();
    for name in common::ARABIC_SAMPLES {
        for line in read_sample(name).lines() {
            cycle.push_str(line);
            cycle.push('\n');
        }
    }
    let mut articles = Vec::new();
    for (folder, bytes) in [("article-20mb", LARGE_BYTES), ("article-1mb", SMALL_BYTES)] {
        let text = cycle.repeat(bytes.div_ceil(cycle.len()));
        let path = dir.join(folder).join("article.txt");
        if std::fs::metadata(&path).map(|m| m.len()).ok() != Some(text.len() as u64) {
            common::write_corpus(&dir.join(folder), "article.txt", &text)
                .map_err(|e| err(&path, e))?;
        }
        articles.push(path);
    }
    let tiny = common::write_corpus(
        &dir.join("article-tiny"),
        "article.txt",
        &read_sample(common::SAMPLES[1]),
    )
    .map_err(|e| err(&dir, e))?;
    let small = articles.pop().expect("two articles");
    let large = articles.pop().expect("two articles");
    Ok(Data {
        corpus,
        corpus_files,
        corpus_bytes,
        large,
        small,
        tiny,
        cycle_bytes: cycle.len() as u64,
    })
}

pub(crate) fn read_sample(name: &str) -> String {
    let path = common::root().join("assets/samples").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// xorshift64*: the same numbers on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    pub(crate) fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

/// The sentences of some sample articles (split after `.`, `!`, `?`, `؟` before a space).
pub(crate) fn sentences(names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for name in names {
        for line in read_sample(name).lines() {
            let line = line.trim();
            let mut start = 0;
            let mut chars = line.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let end = i + c.len_utf8();
                let at_break = chars.peek().is_none_or(|&(_, n)| n == ' ');
                if matches!(c, '.' | '!' | '?' | '؟') && at_break {
                    out.push(line[start..end].trim().to_string());
                    start = end;
                }
            }
            out.push(line[start..].trim().to_string());
        }
    }
    out.retain(|s| s.split_whitespace().count() >= 3);
    out
}

/// One generated article of about `target` bytes: a title (the start of a sentence), then
/// paragraphs of one to four sentences, the last one cut at a space.
pub(crate) fn article(
    rng: &mut Rng,
    pool: &[String],
    target: usize,
    newline: &str,
    blank: bool,
) -> String {
    let words: Vec<&str> = rng.pick(pool).split_whitespace().collect();
    let n = (6 + rng.below(9)).min(words.len());
    let mut text = words[..n]
        .join(" ")
        .trim_end_matches(['.', '،', ',', '؟', ':'])
        .to_string();
    text.push_str(newline);
    while text.len() < target {
        if blank {
            text.push_str(newline);
        }
        let mut paragraph = String::new();
        for k in 0..1 + rng.below(4) {
            if k > 0 {
                paragraph.push(' ');
            }
            paragraph.push_str(rng.pick(pool));
        }
        let room = target - text.len();
        if paragraph.len() > room {
            let mut end = room;
            while !paragraph.is_char_boundary(end) {
                end -= 1;
            }
            let cut = paragraph[..end].rfind(' ').unwrap_or(end);
            paragraph.truncate(cut);
        }
        if paragraph.is_empty() {
            break;
        }
        text.push_str(&paragraph);
        text.push_str(newline);
    }
    text
}

pub(crate) const ARABIC_FOLDERS: [&str; 5] = [
    "aljazeera/2015",
    "aljazeera/2016",
    "alarabiya",
    "independent-arabia/politics",
    "independent-arabia/economy",
];
pub(crate) const PERSIAN_FOLDERS: [&str; 3] =
    ["bbc-persian/1398", "bbc-persian/1399", "radiofarda"];

/// Writes the 10,000-article corpus unless `stamp` says it is there. Returns (files, bytes).
///
/// Sizes are log-uniform between 400 B and 16 KB, ten of them 25 times larger, scaled so the
/// texts total 40 MB; 30 % are Persian (from the Persian sample's sentences), the rest Arabic.
/// Some files are as real corpora have them: 2 % of the Arabic ones in Windows-1256, 5 % with
/// CRLF line ends, 2 % with a UTF-8 byte order mark, 1 % Markdown (`.md`, `# ` title).
pub(crate) fn write_corpus(root: &Path, stamp: &Path) -> Result<(usize, u64), String> {
    if let Ok(s) = std::fs::read_to_string(stamp)
        && let Some(rest) = s.strip_prefix(CORPUS_VERSION)
        && root.is_dir()
    {
        let mut numbers = rest
            .split_whitespace()
            .filter_map(|w| w.parse::<u64>().ok());
        if let (Some(files), Some(bytes)) = (numbers.next(), numbers.next()) {
            return Ok((files as usize, bytes));
        }
    }
    eprintln!(
        "writing {} ({CORPUS_FILES} articles, ~{} MB)",
        root.display(),
        CORPUS_BYTES / 1_000_000
    );
    let err = |e: std::io::Error| format!("writing {}: {e}", root.display());
    let _ = std::fs::remove_dir_all(root);
    let arabic = sentences(&common::ARABIC_SAMPLES);
    let persian = sentences(&[common::SAMPLES[3]]);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (low, high) = (400f64.ln(), 16_000f64.ln());
    let raw: Vec<f64> = (0..CORPUS_FILES)
        .map(|i| {
            let size = (low + rng.unit() * (high - low)).exp();
            if i % 1000 == 500 { size * 25.0 } else { size }
        })
        .collect();
    let scale = CORPUS_BYTES as f64 / raw.iter().sum::<f64>();
    let mut counters = vec![0usize; ARABIC_FOLDERS.len() + PERSIAN_FOLDERS.len()];
    let mut bytes = 0u64;
    for size in raw {
        let target = ((size * scale) as usize).max(120);
        let is_persian = rng.unit() < 0.3;
        let (pool, folder) = if is_persian {
            let f = rng.below(PERSIAN_FOLDERS.len());
            (&persian, ARABIC_FOLDERS.len() + f)
        } else {
            (&arabic, rng.below(ARABIC_FOLDERS.len()))
        };
        let crlf = rng.unit() < 0.05;
        let markdown = rng.unit() < 0.01;
        let blank = rng.unit() < 0.5;
        let mut text = article(
            &mut rng,
            pool,
            target,
            if crlf { "\r\n" } else { "\n" },
            blank,
        );
        if markdown {
            text.insert_str(0, "# ");
        }
        let mut data = text.into_bytes();
        let legacy = !is_persian && rng.unit() < 0.02;
        if legacy {
            let s = String::from_utf8(data).expect("generated as UTF-8");
            let (encoded, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&s);
            data = if unmappable {
                s.into_bytes()
            } else {
                encoded.into_owned()
            };
        } else if rng.unit() < 0.02 {
            data.splice(0..0, [0xef, 0xbb, 0xbf]);
        }
        counters[folder] += 1;
        let name = if folder < ARABIC_FOLDERS.len() {
            ARABIC_FOLDERS[folder]
        } else {
            PERSIAN_FOLDERS[folder - ARABIC_FOLDERS.len()]
        };
        let dir = root.join(name);
        if counters[folder] == 1 {
            std::fs::create_dir_all(&dir).map_err(err)?;
        }
        let ext = if markdown { "md" } else { "txt" };
        std::fs::write(dir.join(format!("{}.{ext}", counters[folder])), &data).map_err(err)?;
        bytes += data.len() as u64;
    }
    std::fs::write(stamp, format!("{CORPUS_VERSION} {CORPUS_FILES} {bytes}\n")).map_err(err)?;
    Ok((CORPUS_FILES, bytes))
}
